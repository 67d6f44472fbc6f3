package release

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
)

// BenchmarkCarriedSeries measures carried.json (every value the series printed, per count) at
// the end of a monthly series: its size (bytes/release, the JSON written) and the time to
// carry and encode it (ns/op: Carry and json.Marshal of the last release, what the run's write
// stage adds). The tables are a real release's tables.json when PREVALENCE_BENCH_TABLES names
// one (a 1,000,000-row run's: the standard set's cells are the same from a few thousand rows
// on), else a set of the same shape built here; each month every count grows by 0-3 cases, a
// count below 10 is withheld and 15% of the others are complements.
func BenchmarkCarriedSeries(b *testing.B) {
	base := benchTables(b)
	months := 12
	if s := os.Getenv("PREVALENCE_BENCH_MONTHS"); s != "" {
		months, _ = strconv.Atoi(s)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var prev []*Table
	var carried Carried
	var now []*Table
	for m := 0; m < months; m++ {
		now = make([]*Table, len(base))
		for ti, t := range base {
			nt := *t
			nt.Rows = make([]Row, len(t.Rows))
			for ri, r := range t.Rows {
				nr := Row{Labels: r.Labels, Values: make([]int64, len(r.Values)), State: make([]State, len(r.Values))}
				for ci := range r.Values {
					v := r.Values[ci]
					if prev != nil {
						v = prev[ti].Rows[ri].Values[ci]
						if v > 0 || rng.IntN(4) == 0 {
							v += int64(rng.IntN(4))
						}
					}
					nr.Values[ci] = v
					switch {
					case v > 0 && v < 10:
						nr.State[ci] = Primary
					case rng.IntN(100) < 15:
						nr.State[ci] = Secondary
					}
				}
				nt.Rows[ri] = nr
			}
			now[ti] = &nt
		}
		if m < months-1 {
			carried = Carry(now, prev, carried)
			prev = now
		}
	}
	var size int
	b.ResetTimer()
	for range b.N {
		c := Carry(now, prev, carried)
		j, err := json.Marshal(c)
		if err != nil {
			b.Fatal(err)
		}
		size = len(j)
	}
	b.StopTimer()
	tj, _ := json.Marshal(now)
	b.ReportMetric(float64(size), "carried-bytes")
	b.ReportMetric(float64(len(tj)), "tables-bytes")
}

// benchTables returns the tables of PREVALENCE_BENCH_TABLES, or a set shaped as a synthetic
// register's standard set (counts per table as a 20,000-row run's).
func benchTables(b *testing.B) []*Table {
	if p := os.Getenv("PREVALENCE_BENCH_TABLES"); p != "" {
		raw, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		var ts []*Table
		if err := json.Unmarshal(raw, &ts); err != nil {
			b.Fatal(err)
		}
		return ts
	}
	rng := rand.New(rand.NewPCG(3, 4))
	var ts []*Table
	for ti, shape := range benchShape {
		t := &Table{Name: "t" + strconv.Itoa(ti), Threshold: 10}
		for c := range shape[1] {
			t.Counts = append(t.Counts, "c"+strconv.Itoa(c))
		}
		for r := range shape[0] {
			row := Row{Labels: []string{"r" + strconv.Itoa(r), "AF-" + strconv.Itoa(r)}, Values: make([]int64, shape[1])}
			for c := range row.Values {
				row.Values[c] = int64(rng.IntN(400))
			}
			t.Rows = append(t.Rows, row)
		}
		ts = append(ts, t)
	}
	return ts
}

// benchShape is rows and count columns per table of a 20,000-row synthetic run's standard set
// (synth --rows 20000 --seed 1: 23 tables, 1,836 counts).
var benchShape = [][2]int{{68, 4}, {10, 4}, {12, 4}, {5, 4}, {58, 4}, {44, 4}, {5, 1}, {11, 4}, {2, 1}, {11, 3}, {5, 3}, {8, 1}, {7, 1},
	{154, 1}, {3, 4}, {190, 2}, {20, 2}, {50, 2}, {5, 2}, {4, 4}, {6, 4}, {144, 1}, {27, 2}}
