package pipeline_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
)

// TestAddedCasesProfileFromMovedCounts is attack-2026-12-06c C0 read from the attacker's side:
// two successive releases of a register (300 fictional cases, then the same and one girl aged
// 12, Khost, 2023, forced labour: `run`, then `run --previous` over the first), their tables for
// everyone compared count by count. A count the first release printed and the second prints
// again unchanged says "no added case here" (the attacker knows the register only grew); the
// counts that moved are the rest. The attacker keeps every profile (gender, province, year of
// registration, form, minority) that no unchanged count holds, and names a value wherever every
// profile kept agrees on it. Withholding only the counts that moved (issue-int) names all four:
// female, AF-KHO, 2023, forced labour, the very row the microdata guard withholds, and its form
// (threat-model.md: "Two successive releases' tables cannot be subtracted, nor solved together,
// to learn about a few added or deleted cases"). The second publication alone names them too:
// its tables/carried.json gives the last value the first printed of every count withheld now.
//
// Fixed by joint's hold (anonymize/publish.go changedSince, heldAgain: while 1 to threshold-1
// records changed, the second release publishes the first's tables, relations and carried
// values again): every count is printed again unchanged, no profile is kept, and carried.json
// gives nothing back. Before it, the attack named all four values (privacy-side-doors37).
func TestAddedCasesProfileFromMovedCounts(t *testing.T) {
	if testing.Short() {
		t.Skip("two runs of 300 cases")
	}
	dir := t.TempDir()
	cfgFile := filepath.Join(dir, "prevalence.yaml")
	if err := os.WriteFile(cfgFile, []byte("k: 5\nsources:\n  - match: \"*\"\n    source: \"Org A\"\n    defaults:\n      country_of_exploitation: AF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := pipeline.LoadConfig(cfgFile)
	if err != nil {
		t.Fatal(err)
	}
	// allow_differencing: true turns the hold off (fresh tables, as its notice warns): the
	// attack's control, which must name the profile, so that the test can fail.
	for _, allow := range []bool{false, true} {
		cfg.AllowDifferencing = allow
		named := movedCountsAttack(t, filepath.Join(dir, fmt.Sprint(allow)), cfg)
		switch {
		case !allow && len(named) > 0:
			t.Errorf("the counts that moved between the two releases name the added case's profile %s", strings.Join(named, "; "))
		case allow && len(named) == 0:
			t.Errorf("allow_differencing: true: the attack names nothing of the added case: the control fails, so the test tests nothing")
		case allow:
			t.Logf("allow_differencing: true (the control): %s", strings.Join(named, "; "))
		}
	}
}

// movedCountsAttack runs the two releases under cfg in dir and returns what the attacks named of
// the added girl (nil when run --publish would refuse the second release).
func movedCountsAttack(t *testing.T, dir string, cfg pipeline.Config) []string {
	t.Helper()
	girl := []string{"N00001", "female", "12", "2023-06-10", "AF-KHO", "labour"}
	truth := profile{"female", "AF-KHO", "2023", "labour", "minor"}
	ctx := context.Background()
	first, second := filepath.Join(dir, "rA"), filepath.Join(dir, "rC")
	if _, err := pipeline.Run(ctx, []pipeline.Input{{Name: registerOf(t, filepath.Join(dir, "a"), nil)}}, cfg, pipeline.Options{Out: first, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	m, err := pipeline.Run(ctx, []pipeline.Input{{Name: registerOf(t, filepath.Join(dir, "c"), girl)}}, cfg, pipeline.Options{Out: second, Previous: first, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if m.NotToBePublished() {
		t.Logf("run --publish refuses the second release: nothing of it reaches everyone")
		return nil
	}
	a, err := release.ReadTables(first)
	if err != nil {
		t.Fatal(err)
	}
	c, err := release.ReadTables(second)
	if err != nil {
		t.Fatal(err)
	}
	carried, err := release.ReadCarried(second)
	if err != nil {
		t.Fatal(err)
	}
	// Both publications, and the second alone: its tables/carried.json (for everyone, copied by
	// --publish) holds the last value the first printed of every count withheld now, and the
	// values printed of every other, so it gives the first release's printed counts back.
	var named []string
	for _, pair := range []struct {
		what    string
		carried bool
		first   []*release.Table
	}{{"both publications", false, a}, {"the second publication alone (its carried.json)", true, firstFromCarried(c, carried.Index())}} {
		if n := namedProfile(t, pair.what, pair.carried, pair.first, c, truth); len(n) > 0 {
			named = append(named, fmt.Sprintf("from %s: %s", pair.what, strings.Join(n, ", ")))
		}
	}
	return named
}

// namedProfile is the attack on a first and a second release's tables: the added case's values
// (of truth) that every profile kept agrees on.
func namedProfile(t *testing.T, what string, carriedOnly bool, a, c []*release.Table, truth profile) []string {
	t.Helper()
	kept, same, moved := addedProfiles(a, c)
	if same+moved == 0 && carriedOnly {
		// the tables held (a copy of the first's, its carried values with them): carried.json
		// gives back no count the first release printed, and the second's tables are the first's
		t.Logf("%s: gives back none of the first release's printed counts", what)
		return nil
	}
	if same+moved < 50 {
		t.Fatalf("%s: the first release prints %d counts the attack can read: the test tests nothing", what, same+moved)
	}
	t.Logf("%s: %d counts printed again unchanged, %d moved; %d profiles kept", what, same, moved, len(kept))
	if len(kept) == 0 {
		return nil // no profile fits: the tables contradict growth alone
	}
	var named []string
	for d, dim := range profileDims[:4] {
		v := kept[0][d]
		if slices.ContainsFunc(kept, func(p profile) bool { return p[d] != v }) {
			continue
		}
		if v != truth[d] {
			t.Logf("%s named %q, not the added case's %q", dim, v, truth[d])
			continue
		}
		named = append(named, dim+" "+v)
	}
	return named
}

// firstFromCarried is the first release's tables as the second's carried values give them: a
// count withheld now at the last value printed before, one printed now at a value printed
// before other than its own when there is one (it moved by 10 or more), else at its own.
func firstFromCarried(c []*release.Table, x release.CarriedIndex) []*release.Table {
	var out []*release.Table
	for _, t := range c {
		f := *t
		f.Rows = make([]release.Row, len(t.Rows))
		for ri, row := range t.Rows {
			r := release.Row{Labels: row.Labels, Values: make([]int64, len(row.Values)), State: make([]release.State, len(row.State))}
			for ci := range row.State {
				r.State[ci] = release.Secondary
				before := x.Printed(t.Name, t.Counts, row.Labels, ci)
				if v, ok := t.Value(ri, ci); ok && len(before) > 0 {
					r.State[ci], r.Values[ci] = release.Published, v
					if i := slices.IndexFunc(before, func(b int64) bool { return b != v }); i >= 0 {
						r.Values[ci] = before[i]
					}
				} else if v, ok := x.Last(t.Name, t.Counts, row.Labels, ci); ok {
					r.State[ci], r.Values[ci] = release.Published, v
				}
			}
			f.Rows[ri] = r
		}
		out = append(out, &f)
	}
	return out
}

// profile is a case's values the tables tell apart: gender, province, year, form, minority.
type profile [5]string

var profileDims = [5]string{"gender", "province", "year", "form", "minority"}

// registerOf writes the 300 fictional cases (seeded: gender 3:1 male, age 8 to 30, registered
// 2021 to 2023, five Afghan provinces, three forms), and the extra row when given, to
// folder/cases.csv, as an organisation's export of one register at two dates.
func registerOf(t *testing.T, folder string, extra []string) string {
	t.Helper()
	if err := os.MkdirAll(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(3, 0))
	provinces := []string{"AF-KAB", "AF-HER", "AF-NAN", "AF-PKA", "AF-KHO"}
	forms := []string{"sexual", "labour", "military"}
	rows := [][]string{{"case_id", "gender", "age", "registration_date", "province_of_exploitation", "type_of_exploitation"}}
	for i := range 300 {
		g := "male"
		if r.IntN(4) == 0 {
			g = "female"
		}
		rows = append(rows, []string{fmt.Sprintf("C%05d", i+1), g, fmt.Sprint(8 + r.IntN(23)),
			fmt.Sprintf("%d-%02d-%02d", 2021+r.IntN(3), 1+r.IntN(12), 1+r.IntN(28)), provinces[r.IntN(5)], forms[r.IntN(3)]})
	}
	if extra != nil {
		rows = append(rows, extra)
	}
	p := filepath.Join(folder, "cases.csv")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

// addedProfiles is the attacker's reading of two successive releases' tables for everyone: the
// profiles that no count printed unchanged in both holds, and how many of the counts the first
// printed (exactly, or by the sum of its printed parts: Table.Given) the second printed again
// unchanged or not. Only tables whose every label and count column it understands are read: a
// column left aside would widen a count's cell and drop profiles wrongly.
func addedProfiles(a, c []*release.Table) (kept []profile, same, moved int) {
	values := [5]map[string]bool{{}, {}, {}, {}, {}}
	var unchanged [][5]string // the cells of the counts printed again unchanged ("" any value)
	for _, ta := range a {
		i := slices.IndexFunc(c, func(tc *release.Table) bool { return tc.Name == ta.Name })
		if i < 0 {
			continue
		}
		tc := c[i]
		base, ok := tableCell(ta)
		if !ok || !slices.Equal(ta.Labels, tc.Labels) || !slices.Equal(ta.Counts, tc.Counts) {
			continue
		}
		for ri, row := range ta.Rows {
			rc := slices.IndexFunc(tc.Rows, func(r release.Row) bool { return slices.Equal(r.Labels, row.Labels) })
			for ci, col := range ta.Counts {
				cell, ok := countCell(base, ta.Labels, row.Labels, col)
				if !ok {
					continue
				}
				for d, v := range cell {
					if v != "" {
						values[d][v] = true
					}
				}
				va, printed := ta.Given(ri, ci)
				if !printed {
					continue
				}
				if vc, again := tc.Given(rc, ci); rc >= 0 && again && vc == va {
					same++
					unchanged = append(unchanged, cell)
				} else {
					moved++
				}
			}
		}
	}
	var walk func(d int, p profile)
	walk = func(d int, p profile) {
		if d == len(p) {
			for _, cell := range unchanged {
				if cellHolds(cell, p) {
					return
				}
			}
			kept = append(kept, p)
			return
		}
		for v := range values[d] {
			p[d] = v
			walk(d+1, p)
		}
	}
	walk(0, profile{})
	return kept, same, moved
}

func cellHolds(cell [5]string, p profile) bool {
	for d, v := range cell {
		if v != "" && v != p[d] {
			return false
		}
	}
	return true
}

// tableCell is the cell a table's name gives all its counts (girls: female minors), and whether
// the attack reads the table.
func tableCell(t *release.Table) (cell [5]string, ok bool) {
	for _, l := range t.Labels {
		if !slices.Contains([]string{"country", "province", "year", "form"}, l) {
			return cell, false // an age band, a sector, a relation: a finer cell than the five
		}
	}
	switch {
	case strings.HasPrefix(t.Name, "girls-"):
		cell[0], cell[4] = "female", "minor"
	case strings.HasPrefix(t.Name, "boys-"):
		cell[0], cell[4] = "male", "minor"
	case strings.HasPrefix(t.Name, "minors-"):
		cell[4] = "minor"
	case strings.HasPrefix(t.Name, "cases-"), strings.HasPrefix(t.Name, "exploitation-"):
	default:
		return cell, false
	}
	return cell, true
}

var (
	provinceCode = regexp.MustCompile(`^[A-Z]{2}-[A-Z0-9]+$`)
	yearLabel    = regexp.MustCompile(`^(19|20)\d\d$`)
)

// countCell is the cell of a count: the table's, its row's labels and its column's.
func countCell(cell [5]string, labels, row []string, col string) ([5]string, bool) {
	set := func(d int, v string) bool {
		if cell[d] != "" && cell[d] != v {
			return false
		}
		cell[d] = v
		return true
	}
	for i, l := range labels {
		v := row[i]
		switch {
		case l == "province" && provinceCode.MatchString(v):
			set(1, v)
		case l == "year" && yearLabel.MatchString(v):
			set(2, v)
		case l == "form":
			f := formOf(v)
			if f == "" || !set(3, f) {
				return cell, false
			}
		}
	}
	ok := true
	switch col {
	case "cases":
	case "female", "male", "other_or_unknown":
		ok = set(0, col)
	case "minors":
		ok = set(4, "minor")
	case "adults":
		ok = set(4, "adult")
	case "age_unknown":
		ok = set(4, "unknown")
	default:
		f := formOf(col)
		ok = f != "" && set(3, f)
	}
	return cell, ok
}

// formOf names a form of exploitation as a row ("forced military service") or a column
// ("forced_military") of the tables does, "" when it is none of the five.
func formOf(s string) string {
	for _, f := range []string{"sexual", "labour", "marriage", "military", "other"} {
		if strings.Contains(s, f) {
			return f
		}
	}
	return ""
}
