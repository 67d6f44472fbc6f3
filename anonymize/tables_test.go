package anonymize

import (
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"

	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/synth"
)

// synthCSV returns rows synthetic cases as synth's canonical CSV.
func synthCSV(t testing.TB, rows int, seed uint64) []byte {
	t.Helper()
	p := filepath.Join(t.TempDir(), "cases.csv")
	if err := synth.WriteCanonical(p, rows, seed); err != nil {
		t.Fatal(err)
	}
	in, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// synthCollector collects rows synthetic cases (synth's canonical CSV, through ingest).
func synthCollector(t testing.TB, rows int, seed uint64) *Collector {
	t.Helper()
	p := filepath.Join(t.TempDir(), "cases.csv")
	if err := synth.WriteCanonical(p, rows, seed); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := ingest.NewReader("cases.csv", f)
	defer r.Close()
	return collectFrom(t, r)
}

// membership returns, per table, row and column of the standard set over f, the finest cells
// the count sums (facts.members). It is independent of the relations the builder states, so an
// attack over it finds what those relations miss.
func membership(t testing.TB, f *facts) map[Ref][]int {
	t.Helper()
	return membershipYears(t, f, provinceYears{on: true})
}

// membershipYears is membership with the province × year table listed as py says.
func membershipYears(t testing.TB, f *facts, py provinceYears) map[Ref][]int {
	t.Helper()
	m, err := f.members(func(g *facts) (*tableSet, error) { return buildTablesYears(g, nil, py) })
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// spreadYears adds to f, with count 0, every cell that differs from one of its cells by the
// year only. An attacker over f's cells alone would know which cells of the cross-classification
// are empty, which nothing published says: with the empty cells of the year dimension added,
// the attacker knows the support of the other dimensions only (still more than is published),
// and the year tables, which cross nothing but gender and minority, are attacked fairly.
// keepEmptied adds, with count 0, the cells of the earlier facts was that f no longer has
// (their cases were deleted), so that the attacker is not told that they are empty now.
func keepEmptied(f, was *facts) {
	have := map[cellKey]bool{}
	for _, k := range f.cells {
		have[k] = true
	}
	for _, k := range was.cells {
		if !have[k] {
			have[k] = true
			f.cells = append(f.cells, k)
			f.counts = append(f.counts, 0)
		}
	}
}

func spreadYears(f *facts) {
	have := map[cellKey]bool{}
	for _, k := range f.cells {
		have[k] = true
	}
	for _, k := range slices.Clone(f.cells) {
		for y := range f.years {
			k.year = int32(y)
			if !have[k] {
				have[k] = true
				f.cells = append(f.cells, k)
				f.counts = append(f.counts, 0)
			}
		}
	}
}

// attackCells solves, over the finest cross-classification (one variable per cell of f), the
// LP of everything the printed tables publish, and returns the interval of each target count.
//
// With labelsOnly, it uses only what the labels say (withheld counts and zeros), the baseline
// the protection range is measured beyond. When enough is positive, a target's interval may be
// an inner one at least enough wide (only narrower ones are solved exactly).
func attackCells(t testing.TB, f *facts, ts []*CountTable, member map[Ref][]int, threshold int, targets []Ref, labelsOnly bool, zero map[Ref]bool, enough float64) map[Ref]Interval {
	t.Helper()
	// A cell in a published 0 is 0: it is not a variable (fewer columns for the dense LP,
	// the same intervals). col maps f's cells to the LP's columns (-1: a known 0).
	col := make([]int, len(f.cells))
	for ti, tb := range ts {
		if tb.Hidden {
			continue
		}
		for ri, r := range tb.Rows {
			for ci, st := range r.State {
				if st == Published && r.Values[ci] == 0 {
					for _, i := range member[Ref{ti, ri, ci}] {
						col[i] = -1
					}
				}
			}
		}
	}
	n := 0
	var cellOf []int // column -> cell of f
	for i := range col {
		if col[i] == 0 {
			col[i] = n
			cellOf = append(cellOf, i)
			n++
		}
	}
	member = maps.Clone(member)
	for r, cells := range member {
		var in []int
		for _, i := range cells {
			if col[i] >= 0 {
				in = append(in, col[i])
			}
		}
		member[r] = in
	}
	type row struct {
		a     []float64
		slack float64 // +1: <=, -1: >=, 0: =
		b     float64
	}
	var rows []row
	for ti, tb := range ts {
		if tb.Hidden {
			continue
		}
		for ri, r := range tb.Rows {
			for ci, st := range r.State {
				if st == Published && r.Values[ci] == 0 {
					continue // its cells are no columns
				}
				a := make([]float64, n)
				for _, i := range member[Ref{ti, ri, ci}] {
					a[i] = 1
				}
				switch st {
				case Published:
					if !labelsOnly || r.Values[ci] == 0 {
						rows = append(rows, row{a, 0, float64(r.Values[ci])})
					}
				case Primary:
					rows = append(rows, row{a, 1, float64(threshold - 1)}, row{a, -1, 1})
				case Secondary:
					if !zero[Ref{ti, ri, ci}] { // else only >= 0, as every cell is
						rows = append(rows, row{a, -1, float64(threshold)})
					}
				}
			}
		}
	}
	slacks := 0
	for _, r := range rows {
		if r.slack != 0 {
			slacks++
		}
	}
	var A [][]float64
	var b []float64
	k := 0
	for _, r := range rows {
		full := append(append([]float64{}, r.a...), make([]float64, slacks)...)
		if r.slack != 0 {
			full[n+k] = r.slack
			k++
		}
		A, b = append(A, full), append(b, r.b)
	}
	// The true cell counts are a feasible point: start from it (newTableauAt).
	x0 := make([]float64, n+slacks)
	for j, i := range cellOf {
		x0[j] = float64(f.counts[i])
	}
	k = 0
	for _, r := range rows {
		if r.slack != 0 {
			s := r.b
			for i, a := range r.a {
				s -= a * x0[i]
			}
			x0[n+k] = s / r.slack
			k++
		}
	}
	tb, err := newTableauAt(A, b, n+slacks, nil, x0)
	if err != nil {
		t.Fatalf("attack LP: %v", err)
	}
	out := map[Ref]Interval{}
	// As in the audit (lpAudit): the range of a target over the vertices seen is inside its
	// interval, so a target whose range is already enough wide needs no LP of its own.
	seen := make([]Interval, len(targets))
	vals := make([]float64, n)
	record := func() {
		copy(vals, tb.point()[:n])
		for k, tg := range targets {
			v := 0.0
			for _, i := range member[tg] {
				v += vals[i]
			}
			seen[k] = Interval{min(seen[k].Lo, v), max(seen[k].Hi, v)}
		}
	}
	for k := range seen {
		seen[k] = Interval{math.Inf(1), math.Inf(-1)}
	}
	record()
	for k, tg := range targets {
		if enough > 0 && seen[k].Width() >= enough-1e-6 {
			out[tg] = seen[k]
			continue
		}
		c := make([]float64, n+slacks)
		for _, i := range member[tg] {
			c[i] = 1
		}
		if err := tb.optimize(c, n+slacks); err != nil {
			t.Fatalf("attack LP: %v", err)
		}
		lo := tb.value(c)
		record()
		for i := range c {
			c[i] = -c[i]
		}
		hi := math.Inf(1)
		if err := tb.optimize(c, n+slacks); err == nil {
			hi = -tb.value(c)
			record()
		} else if !errors.Is(err, errUnbounded) {
			t.Fatalf("attack LP: %v", err)
		}
		out[tg] = Interval{lo, hi}
	}
	return out
}

// protectedRefs are the counts the rule protects: primary, hidden and small, guarded.
func protectedRefs(ts []*CountTable, p Protection) []Ref {
	var out []Ref
	for ti, tb := range ts {
		for ri, r := range tb.Rows {
			for ci := range r.Values {
				if p.protected(ts, Ref{ti, ri, ci}) {
					out = append(out, Ref{ti, ri, ci})
				}
			}
		}
	}
	return out
}

func TestTablesAttack(t *testing.T) {
	c := synthCollector(t, 500, 3)
	defer c.Close()
	// Without the sector and relation (TestSectorTablesAttack attacks those): every cell
	// split by them would be a variable of the attack's LP.
	f := c.facts().coarse()
	// The attacker is not told which years of a combination of the other dimensions are empty
	// (nothing published says so; told, it would know more than any reader).
	spreadYears(f)
	// With cases by province and year, every province's years listed (the largest set of
	// tables), and as the standard set lists them: the years of the provinces with at least
	// min cases, the others' years hidden cells summed over provinces (at 500 cases, 20 lists
	// the large provinces only). The attacker solves the finest cells, every province's years.
	for _, min := range []int64{0, 20} {
		t.Run(fmt.Sprintf("listed-from-%d", min), func(t *testing.T) { tablesAttack(t, f, min) })
	}
}

func tablesAttack(t *testing.T, f *facts, min int64) {
	// The listing is the whole data's: a member's build (one cell) must list the same
	// provinces, or its cases would count in another row.
	py := provinceYears{on: true, min: min}
	if min > 0 {
		all, err := buildTablesYears(f, nil, py)
		if err != nil {
			t.Fatal(err)
		}
		py = provinceYears{on: true, min: math.MaxInt64, listed: map[[2]string]bool{}}
		for _, r := range all.tables[all.byName[ProvinceYearTable]].Rows {
			py.listed[[2]string{r.Labels[0], r.Labels[1]}] = true
		}
	}
	build := func(g *facts) (*tableSet, error) { return buildTablesYears(g, nil, py) }
	member, err := f.members(build)
	if err != nil {
		t.Fatal(err)
	}
	for _, secondary := range []bool{true, false} {
		s, err := build(f)
		if err != nil {
			t.Fatal(err)
		}
		if min > 0 {
			hidden := s.tables[s.byName["cases-by-province-year-group"]]
			listed := map[string]bool{}
			for _, r := range s.tables[s.byName[ProvinceYearTable]].Rows {
				listed[r.Labels[1]] = true
			}
			if len(listed) == 0 || len(hidden.Rows) == len(s.tables[s.byName[ProvinceYearTable]].Rows) {
				t.Fatalf("listing from %d cases: %d provinces listed, %d hidden rows: want some listed and some not", min, len(listed), len(hidden.Rows))
			}
		}
		for _, name := range []string{"cases-by-province-year-group", minorsYearTable, minorsFormTable, sectorTable, relationTable} {
			if _, ok := s.byName[name]; !ok {
				t.Fatalf("no table %s to attack", name)
			}
		}
		p := Protection{Threshold: 10, NoSecondary: !secondary}
		if _, err := s.protect(TableConfig{Protection: p}); err != nil {
			t.Fatal(err)
		}
		// protect erased the withheld counts; the true ones come from a fresh count.
		truth, _ := build(f)
		copyStates(truth, s)
		targets := protectedRefs(truth.tables, p)
		if len(targets) == 0 {
			t.Fatal("nothing to protect: the test data are too large")
		}
		iv := attackCells(t, f, truth.tables, member, 10, targets, false, nil, float64(p.width()))
		var narrow []Ref
		for _, r := range targets {
			if iv[r].Width() < float64(p.width())-1e-6 {
				narrow = append(narrow, r)
			}
		}
		base := attackCells(t, f, truth.tables, member, 10, narrow, true, nil, 0)
		exposed := 0
		for r, x := range iv {
			if x.Width() < float64(p.width())-1e-6 && x.Width() < base[r].Width()-1e-6 {
				exposed++
				if secondary {
					t.Errorf("%s row %v column %s: the attack places it in [%g, %g]", truth.tables[r.T].Name,
						truth.tables[r.T].Rows[r.R].Labels, truth.tables[r.T].Counts[r.C], x.Lo, x.Hi)
				}
			}
		}
		t.Logf("secondary %v: %d protected counts, %d exposed", secondary, len(targets), exposed)
		if !secondary && exposed == 0 {
			t.Error("without secondary suppression the attack should recover some protected counts")
		}
	}
}

func TestTablesPublished(t *testing.T) {
	_, pt := firstRelease3k(t)
	if pt.Protection.Audit.Exposed != 0 {
		t.Errorf("audit: %+v", pt.Protection.Audit)
	}
	t.Logf("%+v", pt.Protection)
	for _, tb := range pt.Tables {
		for ri, r := range tb.Rows {
			for ci, st := range r.State {
				if v := r.Values[ci]; st != release.Published && v != 0 {
					t.Errorf("%s: a withheld count left the boundary", tb.Name)
				} else if v > 0 && v < 10 {
					t.Errorf("%s row %d: published count %d", tb.Name, ri, v)
				}
			}
		}
	}
}

// TestSimplexMatchesGonum checks the audit's simplex against gonum's on random LPs of the
// audit's shape (0/±1 rows, a known feasible point), started by phase 1 and by the crossover
// from the known point.
func TestSimplexMatchesGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 200; trial++ {
		m, n := 2+rng.IntN(6), 8+rng.IntN(8)
		x := make([]float64, n)
		for j := range x {
			x[j] = float64(rng.IntN(12))
		}
		A := make([][]float64, m)
		b := make([]float64, m)
		for i := range A {
			A[i] = make([]float64, n)
			for j := range A[i] {
				A[i][j] = float64(rng.IntN(3) - 1)
				b[i] += A[i][j] * x[j]
			}
		}
		// Bound every variable so that both directions are bounded: y_j + s_j = 20.
		var Af [][]float64
		var bf []float64
		for i := range A {
			Af, bf = append(Af, append(slices.Clone(A[i]), make([]float64, n)...)), append(bf, b[i])
		}
		for j := 0; j < n; j++ {
			row := make([]float64, 2*n)
			row[j], row[n+j] = 1, 1
			Af, bf = append(Af, row), append(bf, 20)
		}
		tb, err := newTableau(Af, bf, 2*n, nil)
		if err != nil {
			t.Fatal(err)
		}
		// The crossover from the known point (newTableauAt) must reach the same optima.
		x0 := append(slices.Clone(x), make([]float64, n)...)
		for j := 0; j < n; j++ {
			x0[n+j] = 20 - x[j]
		}
		at, err := newTableauAt(Af, bf, 2*n, nil, x0)
		if err != nil {
			t.Fatal(err)
		}
		ra, rb := independentRows(Af, bf)
		M := mat.NewDense(len(ra), 2*n, nil)
		for i := range ra {
			M.SetRow(i, ra[i])
		}
		for k := 0; k < 4; k++ {
			c := make([]float64, 2*n)
			for j := 0; j < n; j++ {
				c[j] = float64(rng.IntN(5) - 2)
			}
			if err := tb.optimize(c, 2*n); err != nil {
				t.Fatal(err)
			}
			want, _, err := lp.Simplex(c, M, rb, 1e-10, nil)
			if err != nil {
				continue // gonum's numerical failure: nothing to compare
			}
			if got := tb.value(c); math.Abs(got-want) > 1e-6 {
				t.Fatalf("trial %d: simplex %g, gonum %g", trial, got, want)
			}
			if err := at.optimize(c, 2*n); err != nil {
				t.Fatal(err)
			}
			if got := at.value(c); math.Abs(got-want) > 1e-6 {
				t.Fatalf("trial %d: simplex from the known point %g, gonum %g", trial, got, want)
			}
		}
	}
}

// TestTablesAttackTwoReleases publishes a release, then its replacement without a few cases
// (deletions) and with the others unchanged, and attacks, over the finest cross-classification
// of each release, the counts of the second whose change since the first is protected:
//   - a count that changed by 1 to 9 from a count the first published;
//   - a count now 0 that the first showed as "<10" (its cases left);
//   - a count withheld in both releases whose true change is 1 to 9 either way: its change
//     lies between the second's attack interval less the first's.
//
// No change may be recoverable to within the protection range. Without complementary
// suppression some are.
//
// Several draws, since complementary suppression depends on the draw. Seed 2 once "recovered"
// a count that dropped to 0 only because the attacker was told its emptied cells (keepEmptied);
// seed 7 once did because the first release's rows were matched by index while the truth's
// spread years add a row (rows are matched by label now). Seed 3 once placed sexual
// exploitation's minors within 3 (minors-by-form-and-gender publishes the other genders' minors
// by form) only because the attacker knew which forms each other-gender minor has: each had
// exactly one, so the forms' counts summed to their number (<10 in the age table). No table
// says so, so the other genders' cells are spread over every combination of forms (their
// cells are few; all cells would make the dense attack LP too slow).
func TestTablesAttackTwoReleases(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3, 7} {
		t.Run(fmt.Sprint(seed), func(t *testing.T) { attackTwo(t, seed) })
	}
}

// otherGender: cells of other or unknown gender.
func otherGender(k cellKey) bool { return k.gender == gOther }

func attackTwo(t *testing.T, seed uint64) {
	const th = 10
	first := synthCollector(t, 500, seed)
	defer first.Close()
	old, err := first.Tables(TableConfig{Protection: Protection{Threshold: th}})
	if err != nil {
		t.Fatal(err)
	}
	// The first release's truth and the attacker's intervals of its withheld counts.
	// Without the sector and relation, as in TestTablesAttack (their tables are left out).
	of := first.facts().coarse()
	spreadYears(of)
	spreadForms(of, otherGender)
	// Cases by province and year as the release lists it (Collector.Tables: the standard set),
	// the same listing in the second release (listedBefore).
	py := provinceYears{on: true, min: math.MaxInt64, listed: listedBefore(old.Tables)}
	oldTruth, _ := buildTablesYears(of, nil, py)
	if len(py.listed) == 0 {
		t.Fatal("the first release lists no province's years: nothing of the table to attack")
	}
	t.Logf("%d provinces with listed years", len(py.listed))
	var oldWithheld []Ref
	for _, o := range old.Tables {
		ti, ok := oldTruth.byName[o.Name]
		if !ok || o.Name == sectorTable || o.Name == relationTable {
			continue // the people at risk's own table, which shares no cell with the victims'
		}
		// By labels: the truth's spread years can add a year row (of zeros) that the release,
		// which has no case that year, does not print.
		for ori, orow := range o.Rows {
			ri, ok := oldTruth.rows[o.Name][strings.Join(orow.Labels, "\x00")]
			if !ok {
				t.Fatalf("%s: row %v not in the truth", o.Name, orow.Labels)
			}
			oldTruth.tables[ti].Rows[ri].State = o.Rows[ori].State
			for ci, st := range orow.State {
				if st != release.Published {
					oldWithheld = append(oldWithheld, Ref{ti, ri, ci})
				}
			}
		}
	}
	oldIv := attackCells(t, of, oldTruth.tables, membershipYears(t, of, py), th, oldWithheld, false, nil, 0)

	for _, secondary := range []bool{true, false} {
		second := synthCollector(t, 500, seed)
		for _, row := range []int{7, 42, 99, 123, 300, 301, 302, 303} {
			second.Drop(row, Skipped)
		}
		f := second.facts().coarse()
		keepEmptied(f, of)
		spreadYears(f)
		spreadForms(f, otherGender)
		member := membershipYears(t, f, py)
		s, err := buildTablesYears(f, nil, py)
		if err != nil {
			t.Fatal(err)
		}
		p := Protection{Threshold: th, NoSecondary: !secondary}
		if _, err := s.protect(TableConfig{Protection: p, AllowDifferencing: true, Previous: old.Tables, PreviousRelations: old.Relations}); err != nil {
			t.Fatal(err)
		}
		truth, _ := buildTablesYears(f, nil, py)
		copyStates(truth, s)
		var targets []Ref
		kind := map[Ref]string{}
		was := map[Ref]Ref{} // the first release's count, for counts withheld in both
		zero := map[Ref]bool{}
		for _, o := range old.Tables {
			ti, ok := truth.byName[o.Name]
			if !ok || o.Name == sectorTable || o.Name == relationTable {
				continue
			}
			oti := oldTruth.byName[o.Name]
			for _, orow := range o.Rows {
				key := strings.Join(orow.Labels, "\x00")
				ri, ok := truth.rows[o.Name][key]
				if !ok {
					continue
				}
				ori := oldTruth.rows[o.Name][key] // by label, as above
				for ci, st := range orow.State {
					r := Ref{ti, ri, ci}
					v, now := at(truth.tables, r)
					if st == release.Primary {
						zero[r] = true
					}
					switch d := v - oldTruth.tables[oti].Rows[ori].Values[ci]; {
					case st == release.Published && d != 0 && d > -th && d < th && v >= th:
						kind[r] = "changed"
					case st == release.Primary && v == 0:
						kind[r] = "dropped to 0"
					case st != release.Published && now != Published && d != 0 && d > -th && d < th:
						kind[r] = "withheld twice"
						was[r] = Ref{oti, ori, ci}
					default:
						continue
					}
					targets = append(targets, r)
				}
			}
		}
		count := map[string]int{}
		for _, k := range kind {
			count[k]++
		}
		if count["changed"] == 0 {
			t.Fatal("no count changed by a few cases")
		}
		iv := attackCells(t, f, truth.tables, member, th, targets, false, zero, float64(p.width()))
		exposed := 0
		for r, x := range iv {
			if o, ok := was[r]; ok {
				b := oldIv[o]
				x = Interval{x.Lo - b.Hi, x.Hi - b.Lo}
			}
			if x.Width() < float64(p.width())-1e-6 {
				exposed++
				if secondary {
					t.Errorf("%s row %v column %s (%s): the attack places it (or its change) in [%g, %g]", truth.tables[r.T].Name,
						truth.tables[r.T].Rows[r.R].Labels, truth.tables[r.T].Counts[r.C], kind[r], x.Lo, x.Hi)
				}
			}
		}
		t.Logf("secondary %v: protected changes %v, %d recoverable", secondary, count, exposed)
		if !secondary && exposed == 0 {
			t.Error("without complementary suppression the changes should be recoverable")
		}
		second.Close()
	}
}

// TestDeclaredTable: a table declared by dimensions is counted, linked and protected with the
// standard set; unknown dimensions are refused.
func TestDeclaredTable(t *testing.T) {
	c := synthCollector(t, 1000, 2) // the exact audit of a province-by-year table is slow
	defer c.Close()
	pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: 10},
		Declared: []DeclaredTable{{Name: "by-province-year", Dims: []string{"province", "year"}}}})
	if err != nil {
		t.Fatal(err)
	}
	var got *release.Table
	for _, tb := range pt.Tables {
		if tb.Name == "by-province-year" {
			got = tb
		}
	}
	if got == nil {
		t.Fatal("the declared table is not published")
	}
	if !slices.Equal(got.Labels, []string{"country", "province", "year"}) {
		t.Errorf("labels %v", got.Labels)
	}
	last := got.Rows[len(got.Rows)-1]
	var kept int64 // the victims' kept rows: duplicates are not cases, people at risk not victims
	for _, n := range c.facts().counts {
		kept += n
	}
	if v, ok := got.Value(len(got.Rows)-1, 0); !last.Total || (ok && v != kept) || kept == 0 {
		t.Errorf("total row %+v, want %d cases", last, kept)
	}
	for ri, r := range got.Rows {
		if v, ok := got.Value(ri, 0); ok && v > 0 && v < 10 {
			t.Errorf("row %v: published %d", r.Labels, v)
		}
	}
	if pt.Protection.Audit.Exposed != 0 {
		t.Errorf("audit %+v", pt.Protection.Audit)
	}
	if _, err := c.Tables(TableConfig{Protection: Protection{Threshold: 10},
		Declared: []DeclaredTable{{Name: "x", Dims: []string{"recruiter"}}}}); err == nil {
		t.Error("an unknown dimension was accepted")
	}
}

// TestZeroDropGuarded: a count the previous release showed as "<10" that is now 0 (its cases
// left) is withheld, not published as 0, and the audit protects it like a small count.
func TestZeroDropGuarded(t *testing.T) {
	const th = 10
	first := synthCollector(t, 500, 3)
	defer first.Close()
	old, err := first.Tables(TableConfig{Protection: Protection{Threshold: th}})
	if err != nil {
		t.Fatal(err)
	}
	// A province whose cases of other or unknown gender are "<10".
	var prov *release.Table
	for _, tb := range old.Tables {
		if tb.Name == "cases-by-province-and-gender" {
			prov = tb
		}
	}
	var labels []string
	for _, r := range prov.Rows {
		if !r.Total && r.State[3] == release.Primary && r.State[0] == release.Published {
			labels = r.Labels
			break
		}
	}
	if labels == nil {
		t.Fatal("no province with a few cases of other gender")
	}
	second := synthCollector(t, 500, 3)
	defer second.Close()
	qi := func(name string) int {
		return slices.IndexFunc(second.qis, func(q QI) bool { return q.Name == name })
	}
	qp, qg := qi("exploitation"), qi("gender")
	dropped := 0
	for row := range second.Rows() {
		p, g := second.leafs[qp][second.codes[qp].at(row)], second.leafs[qg][second.codes[qg].at(row)]
		if label(p[0]) == labels[0] && label(p[1]) == labels[1] && g[0] != "female" && g[0] != "male" {
			second.Drop(row, Skipped)
			dropped++
		}
	}
	pt, err := second.Tables(TableConfig{Protection: Protection{Threshold: th}, AllowDifferencing: true, Previous: old.Tables, PreviousRelations: old.Relations})
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range pt.Tables {
		if tb.Name != prov.Name {
			continue
		}
		for _, r := range tb.Rows {
			if slices.Equal(r.Labels, labels) {
				if r.State[3] == release.Published {
					t.Errorf("%v: the %d cases of other gender left and the count is published as %d", labels, dropped, r.Values[3])
				}
				t.Logf("%v: %d cases left; now %v", labels, dropped, r.State)
			}
		}
	}
	if pt.Protection.Guarded == 0 {
		t.Errorf("guarded %d", pt.Protection.Guarded)
	}
	// The run audits as check --previous does (jointProtect): what it still finds exposed is
	// what check finds, and the release is then not to be published. (This pair: the previous
	// release printed 2019's women, 14, and withheld the year's total and men; 2019's
	// other-gender case left. Published as "joint (cases removed)" with Exposed 0, check found
	// 2019's women's change placed among fewer than 6 values, in both copies.)
	found, note, err := AuditReleases(old.Tables, old.Relations, pt.Tables, pt.Relations, th, pt.Protection.ProtectionWidth, pt.Protection.PreviousAudit)
	if err != nil {
		t.Fatal(err)
	}
	je := pt.Protection.JointExposed
	t.Logf("previous_audit %q, exposed %d, joint_exposed %v; check: %d findings (%s)", pt.Protection.PreviousAudit, pt.Protection.Audit.Exposed, je, len(found), note)
	if len(je) != len(found) || pt.Protection.Audit.Exposed != len(je) {
		t.Errorf("the run's joint_exposed %v (audit exposed %d), check's findings %v: want the same counts", je, pt.Protection.Audit.Exposed, found)
	}
	for _, name := range je {
		tbl := strings.SplitN(name, " / ", 2)[0]
		if !slices.ContainsFunc(found, func(f string) bool { return strings.HasPrefix(f, "table "+tbl+",") }) {
			t.Errorf("joint_exposed %q: check does not name its table (%v)", name, found)
		}
	}
	var zero int
	for range pt.Relations.MayBeZero {
		zero++
	}
	if zero == 0 {
		t.Error("the relations record no count that may be 0")
	}
}

// TestBoundedSimplexMatchesGonum checks the bounded-variable simplex (upper bounds as column
// bounds, as the audit states its "<10" counts) against gonum's on the same LPs with the bounds
// written as rows: random 0/±1 rows with a known integer point, some columns bounded (the point
// at 0, inside, or at the bound), started by phase 1 and by the crossover from the point, over
// several objectives in a row (warm starts), minimized and maximized.
func TestBoundedSimplexMatchesGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	compared := 0
	for trial := 0; trial < 300; trial++ {
		m, n := 2+rng.IntN(8), 6+rng.IntN(12)
		ub := make([]float64, n)
		x := make([]float64, n)
		for j := range x {
			ub[j] = math.Inf(1)
			x[j] = float64(rng.IntN(12))
			if rng.IntN(3) > 0 {
				ub[j] = float64(1 + rng.IntN(9))
				switch rng.IntN(3) {
				case 0:
					x[j] = 0
				case 1:
					x[j] = ub[j]
				default:
					x[j] = float64(rng.IntN(int(ub[j]) + 1))
				}
			}
		}
		A := make([][]float64, m)
		b := make([]float64, m)
		for i := range A {
			A[i] = make([]float64, n)
			for j := range A[i] {
				A[i][j] = float64(rng.IntN(3) - 1)
				b[i] += A[i][j] * x[j]
			}
		}
		// A few rows that repeat others (the audit's relations do): the simplex drops them.
		if rng.IntN(2) == 0 {
			A, b = append(A, slices.Clone(A[0])), append(b, b[0])
		}
		tb, err := newTableau(A, b, n, ub)
		if err != nil {
			t.Fatalf("trial %d: phase 1: %v", trial, err)
		}
		at, err := newTableauAt(A, b, n, ub, x)
		if err != nil {
			t.Fatalf("trial %d: crossover: %v", trial, err)
		}
		// gonum: the same LP with y_j + s_j = u_j rows for the bounded columns.
		var ubCols []int
		for j, u := range ub {
			if !math.IsInf(u, 1) {
				ubCols = append(ubCols, j)
			}
		}
		N := n + len(ubCols)
		var Af [][]float64
		var bf []float64
		for i := range A {
			Af, bf = append(Af, append(slices.Clone(A[i]), make([]float64, len(ubCols))...)), append(bf, b[i])
		}
		for k, j := range ubCols {
			row := make([]float64, N)
			row[j], row[n+k] = 1, 1
			Af, bf = append(Af, row), append(bf, ub[j])
		}
		ra, rb := independentRows(Af, bf)
		M := mat.NewDense(len(ra), N, nil)
		for i := range ra {
			M.SetRow(i, ra[i])
		}
		for k := 0; k < 6; k++ {
			c := make([]float64, n)
			for j := range c {
				c[j] = float64(rng.IntN(5) - 2)
			}
			cf := append(slices.Clone(c), make([]float64, len(ubCols))...)
			want, _, err := lp.Simplex(cf, M, rb, 1e-10, nil)
			unbounded := errors.Is(err, lp.ErrUnbounded)
			if err != nil && !unbounded {
				continue // gonum's numerical failure: nothing to compare
			}
			for name, s := range map[string]*simplex{"phase 1": tb, "crossover": at} {
				err := s.optimize(c, n)
				if unbounded {
					if !errors.Is(err, errUnbounded) {
						t.Fatalf("trial %d (%s): gonum finds the LP unbounded, the simplex %v", trial, name, err)
					}
					continue
				}
				if err != nil {
					t.Fatalf("trial %d (%s): %v", trial, name, err)
				}
				if got := s.value(c); math.Abs(got-want) > 1e-6 {
					t.Fatalf("trial %d (%s): simplex %g, gonum %g", trial, name, got, want)
				}
				// The basis is a feasible point within the bounds.
				y := s.point()
				if !feasibleAt(A, b, ub, y) {
					t.Fatalf("trial %d (%s): the optimum %v is not feasible", trial, name, y)
				}
				compared++
			}
		}
	}
	if compared < 1000 {
		t.Fatalf("only %d optima compared", compared)
	}
}

// TestBoundedSimplexInfeasible: phase 1 says so when no point within the bounds solves the rows.
func TestBoundedSimplexInfeasible(t *testing.T) {
	// y0 + y1 = 10 with y0 <= 3, y1 <= 4.
	A := [][]float64{{1, 1}}
	if _, err := newTableau(A, []float64{10}, 2, []float64{3, 4}); !errors.Is(err, errInfeasible) {
		t.Fatalf("got %v, want infeasible", err)
	}
	// Feasible with y1 <= 7: y0 = 3 and y1 = 7 are the only point.
	tb, err := newTableau(A, []float64{10}, 2, []float64{3, 7})
	if err != nil {
		t.Fatal(err)
	}
	if err := tb.optimize([]float64{-1, 0}, 2); err != nil || tb.value([]float64{1, 0}) != 3 {
		t.Fatalf("max y0 = %g (%v), want 3", tb.value([]float64{1, 0}), err)
	}
}

// copyStates gives truth, a fresh count of the same tables, the cell states protect gave s
// (protect erased the withheld counts of s: the attacks need them true).
func copyStates(truth, s *tableSet) {
	for ti, tb := range s.tables {
		for ri := range tb.Rows {
			truth.tables[ti].Rows[ri].State = tb.Rows[ri].State
		}
	}
}
