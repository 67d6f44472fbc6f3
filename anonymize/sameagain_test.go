package anonymize

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestSameDataReleasedAgain releases the same register twice, the second time with the
// README's declared table (cases-by-age-and-year): into the first release's folder (a
// repeated release), and into another folder (attack-2026-12-01 finding 1). An attacker who
// holds both knows every count either printed; the attack solves the second release's
// relations with the first release's printed counts put in. Before, the second release
// protected its declared table by withholding counts the first printed (2019's boys, 75), and
// its 48 + 122 minors less the first's 94 girls and 75 boys gave 2019's minors of other or
// unknown gender: 1 (3,000 cases of the CLI's synth, seed 1; here synth.WriteCanonical's
// 3,000 cases, seed 1: 2019's and 2023's minors of other or unknown gender pinned, to 1 and 3,
// in the same folder). Now the second release keeps the first's pattern of the standard
// tables (jointPrev.sameAs: the previous release's, or the standard set's protected alone)
// and prints what the first printed: nothing pinned.
func TestSameDataReleasedAgain(t *testing.T) {
	if testing.Short() {
		t.Skip("three releases of 3,000 cases: minutes under load")
	}
	const th = 10
	in, a := firstRelease3k(t) // threshold 10
	decl := []DeclaredTable{{Name: "cases-by-age-and-year", Dims: []string{"age_band", "year"}}}
	for _, folder := range []string{"same", "another"} {
		t.Run(folder+" folder", func(t *testing.T) {
			c2 := collect(t, string(in))
			defer c2.Close()
			cfg := TableConfig{Protection: Protection{Threshold: th}, Declared: decl}
			if folder == "same" {
				cfg.Previous, cfg.PreviousRelations = a.Tables, a.Relations
			}
			b, err := c2.Tables(cfg)
			if err != nil {
				t.Fatal(err)
			}
			if folder == "same" && !strings.Contains(b.Protection.Previous, "same data") {
				t.Errorf("the manifest does not say the same data was released again: %q", b.Protection.Previous)
			}
			if folder == "same" && b.Protection.PreviousAudit != release.PreviousSame {
				t.Errorf("the manifest's previous_audit is %q, want %q", b.Protection.PreviousAudit, release.PreviousSame)
			}
			// The standard tables' pattern stays, but for counts the first withheld that the
			// second's own printed counts give exactly (publishGivenBack: the declared table's
			// 0-8 + 9-17 of a year give its minors; attack-2026-12-01 finding 13): printed.
			moved, given := 0, map[string][]int{}
			for _, x := range a.Tables {
				i := slices.IndexFunc(b.Tables, func(y *release.Table) bool { return y.Name == x.Name })
				if i < 0 || len(b.Tables[i].Rows) != len(x.Rows) {
					t.Fatalf("%s: not in the second release, or not with its %d rows", x.Name, len(x.Rows))
				}
				y := b.Tables[i]
				for ri := range x.Rows {
					for ci, st := range x.Rows[ri].State {
						switch {
						case y.Rows[ri].State[ci] == st:
						case st == Secondary && y.Rows[ri].State[ci] == Published:
							given[x.Name] = append(given[x.Name], ri, ci)
						default:
							moved++
						}
					}
				}
			}
			if moved > 0 {
				t.Errorf("the declared table moved %d counts of the standard tables' pattern", moved)
			}
			if n := givenExactly(t, b, given, th); n > 0 {
				t.Logf("%d counts the first release withheld printed by the second, which gives them exactly", n)
			}
			n, pinned := sameDataAttack(t, a, b, th)
			t.Logf("%d of the second release's \"<%d\" counts attacked, %d narrower with the first release's counts than alone: %v", n, th, len(pinned), pinned)
			if n == 0 {
				t.Fatal("no small count to attack: the test tests nothing")
			}
			if len(pinned) > 0 {
				t.Errorf("%d small counts narrower than %d with both releases of the same data", len(pinned), DefaultWidth(th))
			}
		})
	}
}

// sameDataAttack solves b's relations with a's printed counts put in where b withholds them
// (the same data: every count is the same in both) and returns how many of b's "<threshold"
// counts it attacked and those it places in an interval narrower than the protection range and
// than b alone does.
func sameDataAttack(t *testing.T, a, b *ProtectedTables, th int) (int, []string) {
	t.Helper()
	ta, err := a.Relations.Resolve(a.Tables)
	if err != nil {
		t.Fatal(err)
	}
	alone, err := b.Relations.Resolve(b.Tables)
	if err != nil {
		t.Fatal(err)
	}
	tb := make([]*release.Table, len(alone)) // a copy to put a's counts in (Resolve shares b's)
	for i, x := range alone {
		y := *x
		y.Rows = slices.Clone(x.Rows)
		for ri := range y.Rows {
			y.Rows[ri].Values, y.Rows[ri].State = slices.Clone(x.Rows[ri].Values), slices.Clone(x.Rows[ri].State)
		}
		tb[i] = &y
	}
	byName := map[string]*release.Table{}
	for _, x := range tb {
		if !x.Hidden {
			byName[x.Name] = x
		}
	}
	put := 0
	for _, x := range ta {
		y := byName[x.Name]
		if x.Hidden || y == nil {
			continue
		}
		rows := map[string]int{}
		for ri, r := range y.Rows {
			rows[strings.Join(r.Labels, "\x00")] = ri
		}
		for _, r := range x.Rows {
			ri, ok := rows[strings.Join(r.Labels, "\x00")]
			if !ok {
				continue
			}
			for ci, st := range r.State {
				if yr := &y.Rows[ri]; st == Published && yr.State[ci] != Published {
					yr.Values[ci], yr.State[ci] = r.Values[ci], Published
					put++
				}
			}
		}
	}
	t.Logf("%d counts the first release printed and the second withholds", put)
	links, zero := linksOf(b.Relations), zeroOf(b.Relations)
	want := func(r Ref) bool { _, s := at(alone, r); return s == Primary }
	both, _, err := lpAudit(tb, links, th, zero, want, nil)
	if err != nil {
		t.Fatal(err)
	}
	one, _, err := lpAudit(alone, links, th, zero, want, nil)
	if err != nil {
		t.Fatal(err)
	}
	need := float64(DefaultWidth(th))
	var pinned []string
	for r, x := range both {
		if x.Width() < need-1e-6 && x.Width() < one[r].Width()-1e-6 {
			row := tb[r.T].Rows[r.R]
			pinned = append(pinned, tb[r.T].Name+" "+strings.Join(row.Labels, "/")+" "+tb[r.T].Counts[r.C]+fmt.Sprintf(" in [%g, %g]", x.Lo, x.Hi))
		}
	}
	return len(both), pinned
}

// givenExactly checks that the counts of b in given (per table name: row, column pairs),
// printed by b, are given exactly by b's other printed counts and relations: withheld again,
// b's LP leaves each one value. It returns how many there are.
func givenExactly(t *testing.T, b *ProtectedTables, given map[string][]int, th int) int {
	t.Helper()
	if len(given) == 0 {
		return 0
	}
	alone, err := b.Relations.Resolve(b.Tables)
	if err != nil {
		t.Fatal(err)
	}
	ts := make([]*release.Table, len(alone)) // a copy to withhold them in (Resolve shares b's)
	want := map[Ref]bool{}
	for i, x := range alone {
		y := *x
		y.Rows = slices.Clone(x.Rows)
		for ri := range y.Rows {
			y.Rows[ri].State = slices.Clone(x.Rows[ri].State)
		}
		ts[i] = &y
		if x.Hidden {
			continue
		}
		for k := 0; k+1 < len(given[x.Name]); k += 2 {
			r := Ref{i, given[x.Name][k], given[x.Name][k+1]}
			y.Rows[r.R].State[r.C] = Secondary
			want[r] = true
		}
	}
	iv, _, err := lpAudit(ts, linksOf(b.Relations), th, zeroOf(b.Relations), func(r Ref) bool { return want[r] }, nil)
	if err != nil {
		t.Fatal(err)
	}
	for r := range want {
		x, ok := iv[r]
		if v, _ := at(ts, r); !ok || x.Width() > 1e-6 || x.Lo != float64(v) {
			t.Errorf("%s %v %s: printed by the second release (%d), withheld by the first, and not given exactly by the second (%+v)", ts[r.T].Name, ts[r.T].Rows[r.R].Labels, ts[r.T].Counts[r.C], v, x)
		}
	}
	return len(want)
}
