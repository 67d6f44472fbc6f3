package synth

import (
	"embed"
	"io"
)

// Demo holds the sample exports that "prevalence demo" runs on: Write's output for DemoRows
// rows and DemoSeed, under DemoDir. A test checks that Write still produces these bytes.
//
//go:embed demo
var Demo embed.FS

// The demo's folder inside Demo, size and seed.
const (
	DemoDir  = "demo"
	DemoRows = 4000
	DemoSeed = 1
)

// WriteCanonical writes rows records of all four organisations as one CSV in the canonical
// column names, as the benchmarks need: one file that DuckDB and the pipeline both read.
func WriteCanonical(path string, rows int, seed uint64) error {
	af, in, pol, kh, _ := plan(rows, seed)
	all := append(append(append(af, in...), pol...), kh...)
	return writeFile(path, func(w io.Writer) error { return writeAfghan(w, all) })
}
