package anonymize

import (
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/schema"
)

// collapsePlaceYear merges f's cells over place and year (every case in one place and one
// year), keeps forced labour as the only form, and adds, with count 0, every cell that differs
// from one of them by the form, the sector (for cases of forced labour) or the relation: a
// smaller data set whose tables are the same structures, over which an attack on the sector
// and relation tables has few variables. The attacker is not told which forms, sectors and
// relations of a combination are empty (nothing published says so; with several forms, the
// support of their combinations would tell it more than any reader knows).
func collapsePlaceYear(f *facts) *facts {
	g := *f
	g.cells, g.counts = nil, nil
	at := map[cellKey]int{}
	add := func(k cellKey, n int64) {
		i, ok := at[k]
		if !ok {
			i = len(g.cells)
			at[k] = i
			g.cells = append(g.cells, k)
			g.counts = append(g.counts, 0)
		}
		g.counts[i] += n
	}
	for i, k := range f.cells {
		k.place, k.year = 0, 0
		k.forms &= 1 << labourFlag
		add(k, f.counts[i])
	}
	for _, k := range slices.Clone(g.cells) {
		for r := range f.relations {
			k.forms = 1 << labourFlag
			k.relation = int32(r)
			for s := range f.sectors {
				k.sector = int32(s)
				add(k, 0)
			}
			k.forms, k.sector = 0, 0
			add(k, 0)
		}
	}
	return &g
}

// TestSectorTablesAttack attacks the standard set with labour by sector, cases by the
// recruiter's relation and minors by year and gender by linear programming over the finest cells (sector and relation
// included): no protected count is recovered, and some are without secondary suppression.
func TestSectorTablesAttack(t *testing.T) {
	targets := 0
	for seed := uint64(1); seed <= 4; seed++ {
		c := synthCollector(t, 150, seed)
		f := collapsePlaceYear(c.facts())
		c.Close()
		build := func(g *facts) (*tableSet, error) { return standardTables(g, nil) }
		member, err := f.members(build)
		if err != nil {
			t.Fatal(err)
		}
		targets += attackSet(t, f, build, member, []string{sectorTable, relationTable, minorsYearTable}, true)
	}
	if targets < 10 {
		t.Fatalf("%d protected counts in the tables under attack: the test data are too large", targets)
	}
}

// attackSet protects the tables build makes from f (with and without secondary
// suppression), checks that the tables named want are in the set, and attacks every protected
// count by linear programming over f's cells; with wantExposed, the attack without secondary
// suppression must recover some. It returns how many protected counts the tables want have.
func attackSet(t *testing.T, f *facts, build func(*facts) (*tableSet, error), member map[Ref][]int, want []string, wantExposed bool) int {
	t.Helper()
	inWant := 0
	for _, secondary := range []bool{true, false} {
		s, err := build(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range want {
			if _, ok := s.byName[name]; !ok {
				t.Fatalf("no table %s to attack", name)
			}
		}
		p := Protection{Threshold: 10, NoSecondary: !secondary}
		if _, err := s.protect(TableConfig{Protection: p}); err != nil {
			t.Fatal(err)
		}
		truth, _ := build(f)
		copyStates(truth, s)
		targets := protectedRefs(truth.tables, p)
		inWant = 0
		for _, r := range targets {
			if slices.Contains(want, truth.tables[r.T].Name) {
				inWant++
			}
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
		t.Logf("secondary %v: %d protected counts (%d in %v), %d exposed", secondary, len(targets), inWant, want, exposed)
		if !secondary && wantExposed && exposed == 0 {
			t.Error("without secondary suppression the attack should recover some protected counts")
		}
	}
	return inWant
}

// TestMinorsMilitaryAttack attacks the set with cases by province and year and minors in
// forced military service by province and year (TableConfig.MinorsMilitary). It takes minutes
// (the audit of the military cells is slow: the reason the table is not in the standard set),
// so it runs with PREVALENCE_SLOW_TESTS=1 only.
func TestMinorsMilitaryAttack(t *testing.T) {
	if os.Getenv("PREVALENCE_SLOW_TESTS") == "" {
		t.Skip("slow: set PREVALENCE_SLOW_TESTS=1")
	}
	c := synthCollector(t, 80, 3)
	f := c.facts().coarse()
	c.Close()
	spreadYears(f)
	build := func(g *facts) (*tableSet, error) {
		s, err := buildTables(g, nil, true)
		if err == nil && !s.minorsMilitary() {
			t.Fatal("no cases by province and year")
		}
		return s, err
	}
	member, err := f.members(build)
	if err != nil {
		t.Fatal(err)
	}
	if n := attackSet(t, f, build, member, []string{minorsMilitaryTable, minorsMilitaryTable + "-cells"}, true); n == 0 {
		t.Fatal("no protected count in the military tables: the test data are too large")
	}
}

// TestSectorRowKept: a sector whose few cases all left keeps its row in the next release,
// withheld (a vanished row, or a 0, would tell that they left).
func TestSectorRowKept(t *testing.T) {
	const th = 10
	first := synthCollector(t, 400, 7)
	defer first.Close()
	old, err := first.Tables(TableConfig{Protection: Protection{Threshold: th}})
	if err != nil {
		t.Fatal(err)
	}
	var sector string
	for _, tb := range old.Tables {
		if tb.Name != sectorTable {
			continue
		}
		for _, r := range tb.Rows {
			if r.State[0] == release.Primary && r.Labels[0] != NotRecorded {
				sector = r.Labels[0]
			}
		}
	}
	if sector == "" {
		t.Skip("no sector with a few cases in this draw")
	}
	second := synthCollector(t, 400, 7)
	defer second.Close()
	dropped := 0
	col := second.column(schema.LabourSector)
	for row := range second.Rows() {
		if col.valid(row) && col.str(row) == sector {
			second.Drop(row, Skipped)
			dropped++
		}
	}
	pt, err := second.Tables(TableConfig{Protection: Protection{Threshold: th}, AllowDifferencing: true, Previous: old.Tables, PreviousRelations: old.Relations})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, tb := range pt.Tables {
		for _, r := range tb.Rows {
			if tb.Name == sectorTable && r.Labels[0] == sector {
				found = true
				if r.State[0] == release.Published {
					t.Errorf("%s: its %d cases left and the row is published as %d", sector, dropped, r.Values[0])
				}
			}
		}
	}
	if !found {
		t.Errorf("%s: the row vanished when its %d cases left", sector, dropped)
	}
}

// TestNewTablesInBudget: with noise, minors by year and by form, labour by sector and cases by
// relation are noised like the other tables and the budget (sequential composition) counts
// them: ε per table, a case being in one count of each (of each form's row for minors by form).
func TestNewTablesInBudget(t *testing.T) {
	c := synthCollector(t, 800, 3)
	defer c.Close()
	pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: 10}, Epsilon: 0.5,
		Rand: rand.NewChaCha8([32]byte{2})})
	if err != nil {
		t.Fatal(err)
	}
	var total float64
	seen := map[string]bool{}
	for _, tb := range pt.Tables {
		total += 0.5 * float64(perPerson(tb))
		seen[tb.Name] = true
		if slices.Contains([]string{minorsYearTable, sectorTable, relationTable}, tb.Name) {
			if perPerson(tb) != 1 || tb.Epsilon != 0.5 {
				t.Errorf("%s: %d counts per case, epsilon %g", tb.Name, perPerson(tb), tb.Epsilon)
			}
		}
		// A minor counts in each of their forms.
		if tb.Name == minorsFormTable && (perPerson(tb) != len(tb.Rows) || tb.Epsilon != 0.5) {
			t.Errorf("%s: %d counts per case, epsilon %g", tb.Name, perPerson(tb), tb.Epsilon)
		}
	}
	for _, name := range []string{minorsYearTable, minorsFormTable, sectorTable, relationTable} {
		if !seen[name] {
			t.Errorf("no table %s", name)
		}
	}
	if math.Abs(pt.Protection.EpsilonTotal-total) > 1e-9 {
		t.Errorf("budget %g, want %g", pt.Protection.EpsilonTotal, total)
	}
}
