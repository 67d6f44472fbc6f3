package synth

import (
	"embed"
	"io"
)

// Demo holds the sample exports that "prevalence demo" runs on: WriteDemo's output (Write's
// organisations for DemoRows rows and DemoSeed, registered 2018-2025), under DemoDir. A test
// checks that WriteDemo still produces these bytes.
//
//go:embed demo
var Demo embed.FS

// The demo's folder inside Demo, size and seed. Of seeds 1-22, 15 gives protected tables in which
// the cases and the boys of every working province, and most years' men and boys, are published
// (complementary suppression withholds other cells in other seeds: an artefact of one draw, not
// of the data's story).
const (
	DemoDir  = "demo"
	DemoRows = 4000
	DemoSeed = 15
)

// WriteCanonical writes rows records of all four organisations as one CSV in the canonical
// column names, as the benchmarks need: one file that DuckDB and the pipeline both read. Its
// years are synth's own (2015-2025), as the folder synth writes. (They were the demo's era
// for a while: with 2015, anonymize.TestDeclaredTableAttack seed 5 placed seven protected
// counts of Khost's girls in intervals 4 wide; that attacker knew which combinations of forms
// the girls had, which no table tells, and with the combinations spread (the test's
// spreadFormToggles) the attack finds the audit's intervals: docs/handover/issue-16-audit2.md.)
func WriteCanonical(path string, rows int, seed uint64) error {
	af, in, pol, kh, _ := plan(rows, seed, false)
	all := append(append(append(af, in...), pol...), kh...)
	return writeFile(path, func(w io.Writer) error { return writeAfghan(w, all) })
}
