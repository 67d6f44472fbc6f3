package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/duckdb/duckdb-go/v2" // DuckDB, the yardstick

	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/synth"
)

// cmdBench measures the whole pipeline on synthetic rows against DuckDB converting the same
// CSV to Parquet, in one process and one run, so that the ratio survives a noisy machine.
// DuckDB reads only synthetic, fictional data here.
func cmdBench(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bench", "bench [--rows N] [--dir DIR] [--k N]")
	rows := fs.Int("rows", 1_000_000, "synthetic rows")
	dir := fs.String("dir", "", "working folder (a temporary one when empty; removed afterwards)")
	k := fs.Int("k", 5, "k-anonymity")
	l := fs.Int("l", 0, "distinct l-diversity of --sensitive (0: off)")
	sensitive := fs.String("sensitive", "exploitation", "sensitive attribute for --l")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	for _, c := range []struct {
		name   string
		v, min int
	}{{"rows", *rows, 1}, {"k", *k, 2}, {"l", *l, 0}} {
		if err := atLeast(fs, c.name, c.v, c.min); err != nil {
			return err
		}
	}
	work := *dir
	if work == "" {
		d, err := os.MkdirTemp("", "prevalence-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		work = d
	}
	csvPath := filepath.Join(work, "cases.csv")
	start := time.Now()
	if err := synth.WriteCanonical(csvPath, *rows, 1); err != nil {
		return err
	}
	st, _ := os.Stat(csvPath)
	fmt.Fprintf(e.stdout, "generated %d rows (%.1f MiB) in %.2fs\n", *rows, float64(st.Size())/(1<<20), time.Since(start).Seconds())

	cfg := pipeline.Defaults
	cfg.K = *k
	if *l > 1 {
		cfg.L, cfg.Sensitive = *l, *sensitive
	}
	start = time.Now()
	m, err := pipeline.Run(ctx, []pipeline.Input{{Name: csvPath}}, cfg, pipeline.Options{Out: filepath.Join(work, "release")})
	if err != nil {
		return err
	}
	ours := time.Since(start)
	peak := maxRSS()

	db, err := sql.Open("duckdb", "")
	if err != nil {
		return err
	}
	defer db.Close()
	start = time.Now()
	q := fmt.Sprintf("COPY (SELECT * FROM read_csv(%s)) TO %s (FORMAT parquet, COMPRESSION zstd)",
		lit(csvPath), lit(filepath.Join(work, "duckdb.parquet")))
	if _, err := db.ExecContext(ctx, q); err != nil {
		return err
	}
	duck := time.Since(start)

	c := m.Counts
	fmt.Fprintf(e.stdout, "privacy: %s\n", m.Privacy.Model)
	fmt.Fprintf(e.stdout, "pipeline: %.2fs for %d rows (%d written, %d suppressed, %d quarantined, %d duplicates), peak RSS %.0f MiB\n",
		ours.Seconds(), c.Read, c.Written, c.Suppressed, c.Quarantined, c.Duplicates, peak)
	fmt.Fprintf(e.stdout, "duckdb COPY read_csv -> parquet: %.2fs\n", duck.Seconds())
	fmt.Fprintf(e.stdout, "ratio pipeline/duckdb: %.2f\n", ours.Seconds()/duck.Seconds())
	return nil
}

func lit(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
