package anonymize

import (
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
)

// TestGuardKeepsClassesWhole: the differencing guard withholds rows after the search formed
// its classes. The rows written must still be k-anonymous (and l-diverse, t-close as asked),
// checked on the released records themselves, and the guard's own promise must hold: no kind of
// row grows by 1 to k-1 copies over the previous release. The previous release here is this
// one with a few copies of each kind missing, so that the guard withholds some rows of most
// classes (the tester's case, another register, withheld 78% and left classes of one).
func TestGuardKeepsClassesWhole(t *testing.T) {
	cfgs := []CaseConfig{
		{K: 5, SuppressionLimit: 0.05},
		{K: 3, SuppressionLimit: 0.1, Sensitive: "exploitation", L: 2},
		{K: 3, SuppressionLimit: 0.5, Sensitive: "exploitation", L: 2, Diversity: RecursiveDiversity, C: 3},
		{K: 4, SuppressionLimit: 0.5, Sensitive: "exploitation", T: 0.2},
		{K: 5, SuppressionLimit: 0.05, Method: Mondrian},
	}
	suppressedWhole := 0
	for i, cfg := range cfgs {
		c := collect(t, randomCases(3000, uint64(10+i)))
		rel, err := c.Anonymize(cfg)
		if err != nil {
			t.Fatal(err)
		}
		previous := map[string]int{}
		rel.rowKeys(View{}, func(_ int, key string) { previous[key]++ })
		rng := rand.New(rand.NewPCG(uint64(i), 7))
		for _, key := range slices.Sorted(maps.Keys(previous)) { // one draw, whatever the map's order
			previous[key] = max(0, previous[key]-rng.IntN(cfg.K+1))
		}
		written, suppressed := rel.Written, rel.Suppressed
		g, err := rel.Guard(previous, cfg.K, Elapsed{})
		if err != nil {
			t.Fatal(err)
		}
		if g.Copies == 0 {
			t.Fatalf("config %d: the guard withheld nothing: the test tests nothing", i)
		}
		if rel.Written != written-g.Rows() || rel.Suppressed != suppressed+g.Rows() {
			t.Errorf("config %d: written %d, suppressed %d after the guard's %d rows (before: %d, %d)",
				i, rel.Written, rel.Suppressed, g.Rows(), written, suppressed)
		}
		suppressedWhole += g.Classes
		now := map[string]int{}
		rel.rowKeys(View{}, func(_ int, key string) { now[key]++ })
		for key, n := range now {
			if d := n - previous[key]; d > 0 && d < cfg.K {
				t.Errorf("config %d: a kind of row grows by %d copies", i, d)
			}
		}
		checkClasses(t, i, rel, cfg)
		t.Logf("config %d: %d of %d rows withheld as copies, %d rows in %d classes suppressed whole",
			i, g.Copies, written, g.ClassRows, g.Classes)
	}
	if suppressedWhole == 0 {
		t.Error("no class was left breaking a model: the recheck is not tested")
	}
}

// checkClasses groups the released records by the protected quasi-identifiers' columns and
// checks k, and l-diversity or t-closeness of the exploitation flags, as check does.
func checkClasses(t *testing.T, i int, rel *Release, cfg CaseConfig) {
	t.Helper()
	var qiCols []string
	for q, qi := range rel.QIs {
		if rel.Protected[q] {
			qiCols = append(qiCols, qi.Columns...)
		}
	}
	sens := SensitiveAttributes["exploitation"]
	classes := map[string]map[string]int{} // class -> sensitive value -> rows ("" missing)
	sizes := map[string]int{}
	err := rel.Records(nil, 1000, func(rec arrow.RecordBatch) error {
		idx := func(names []string) []int {
			var out []int
			for _, n := range names {
				out = append(out, slices.IndexFunc(rec.Schema().Fields(), func(f arrow.Field) bool { return f.Name == n }))
			}
			return out
		}
		qi, sv := idx(qiCols), idx(sens)
		val := func(cols []int, row int) (string, bool) {
			var parts []string
			missing := true
			for _, j := range cols {
				if j < 0 {
					parts = append(parts, "")
					continue
				}
				col := rec.Column(j)
				if col.IsNull(row) {
					parts = append(parts, "")
					continue
				}
				missing = false
				if s, ok := col.(*array.String); ok {
					parts = append(parts, s.Value(row))
				} else {
					parts = append(parts, col.ValueStr(row))
				}
			}
			return strings.Join(parts, "|"), missing
		}
		for row := range int(rec.NumRows()) {
			class, _ := val(qi, row)
			s, missing := val(sv, row)
			if missing {
				s = ""
			}
			if classes[class] == nil {
				classes[class] = map[string]int{}
			}
			classes[class][s]++
			sizes[class]++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for class, vals := range classes {
		if sizes[class] < cfg.K {
			t.Errorf("config %d: a released class has %d rows, fewer than k = %d", i, sizes[class], cfg.K)
		}
		recorded := 0
		for v, n := range vals {
			if v != "" {
				recorded += n
			}
		}
		if cfg.L > 1 {
			var counts []int
			for v, n := range vals {
				if v != "" {
					counts = append(counts, n)
				}
			}
			slices.SortFunc(counts, func(a, b int) int { return b - a })
			if len(counts) < cfg.L {
				t.Errorf("config %d: a released class holds %d distinct sensitive values, fewer than l = %d", i, len(counts), cfg.L)
			} else if cfg.Diversity == RecursiveDiversity {
				tail := 0
				for _, n := range counts[cfg.L-1:] {
					tail += n
				}
				if !(float64(counts[0]) < cfg.C*float64(tail)) {
					t.Errorf("config %d: a released class is not recursive (%g,%d)-diverse: %v", i, cfg.C, cfg.L, counts)
				}
			}
		}
		if cfg.T > 0 && recorded > 0 {
			// Equal distance against the distribution over every row the search saw.
			ref := rel.SensitiveShares("exploitation")
			d := 0.0
			seen := map[string]bool{}
			for v, n := range vals {
				if v != "" {
					d += math.Abs(float64(n)/float64(recorded) - ref[v])
					seen[v] = true
				}
			}
			for v, s := range ref {
				if !seen[v] {
					d += s
				}
			}
			if d/2 > cfg.T+1e-9 {
				t.Errorf("config %d: a released class is at distance %.3f from the whole, more than t = %g", i, d/2, cfg.T)
			}
		}
	}
}
