package pipeline

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/schema"
)

// movingColumns are the released columns a later export of the same case changes with no new
// record (anonymize's laterColumns: an open stay's band, outcomes no longer censored) and the
// stay's exit, which closes: joinedUnderK does not link two releases' rows by them.
var movingColumns = []string{schema.LengthOfStayBand, schema.CareExit, schema.ReintegratedBy12m,
	schema.RetraffickedWithin24m, schema.FollowedUp6m, schema.FollowedUp12m}

// joinSide is what joinedUnderK needs of one release: its folder, the columns of the
// quasi-identifiers it shows finer than the other release, and the labels of the other
// quasi-identifiers its rows are mapped up by (NewRowsAgainst's ups).
//
// kinds, when set, are the side's rows (keys over joinedUnderK's fields, as the query below
// keys them) instead of its folder's: a generalization the series' memory remembers
// (EarlierKindsFile), whose release is out of reach. name is what the notice calls the side
// ("" for the previous release in folder).
type joinSide struct {
	folder string
	finer  [][]string
	ups    []upTo
	kinds  map[string]int
	name   string
}

// joined is what joinedUnderK found: combos combinations of the quasi-identifiers at the joined
// levels hold 1 to k-1 of this release's rows (ones of them one row), and prevCombos hold 1 to
// k-1 of the other side's rows (prevOnes one): those cases of the earlier release are singled
// out by the join (the tester's join.py counted that side). problem says this release's.
//
// maybe counts the combinations that hold 1 to k-1 of this release's rows but that no case is
// sure to have (a link whose finer values spread with none dominating: privacy-side-doors21,
// task 3): the releases alone cannot tell whether a case is of them, so check names none, while
// the run's guard, which sees each case's true values, may withhold rows there.
type joined struct {
	problem                                      string
	combos, ones, prevCombos, prevOnes, maybe, k int
}

// joinedUnderK is `check --previous`'s recheck of Release.GuardJoined (attack-2026-12-03b
// finding 2): whoever holds both releases links their rows by the columns both show at the
// same level, or at the coarser of the two (drop: those at a top level with one value; the
// finer side's labels mapped up by its ups), leaving out what time moves (movingColumns), and
// then sees each case at the finer of the two levels of every quasi-identifier: the previous
// release's where it is finer, this one's where this one is. For each combination of the
// quasi-identifiers at those levels (the same-level ones, prev's finer ones, now's finer
// ones), the rows of this release that can be a case of that combination are the rows whose
// link also holds a previous row with the combination's finer values. A combination that 1 to
// k-1 rows of this release can be singles them out though each release alone is k-anonymous
// (the tester's tools/join.py counted the previous release's rows the same way: 18
// combinations of one row, 68 under k = 5). fields are the columns both releases hold, same the
// columns of the quasi-identifiers both show at the same level. It returns the problem ("" for
// none).
func joinedUnderK(ctx context.Context, fields []string, same []string, drop map[string]bool, prev, now joinSide, k int) (string, error) {
	j, err := joinedCount(ctx, fields, same, drop, prev, now, k)
	return j.problem, err
}

// joinedCount is joinedUnderK with both sides' counts.
func joinedCount(ctx context.Context, fields []string, same []string, drop map[string]bool, prev, now joinSide, k int) (joined, error) {
	var parts []string
	for _, f := range fields {
		parts = append(parts, fmt.Sprintf(`coalesce(CAST("%s" AS VARCHAR), chr(2))`, strings.ReplaceAll(f, `"`, `""`)))
	}
	q := "SELECT concat_ws(chr(31), " + strings.Join(parts, ", ") + ") AS k, count(*) AS n FROM cases GROUP BY k"
	at := func(cols []string) []int {
		var idx []int
		for _, c := range cols {
			if i := slices.Index(fields, c); i >= 0 {
				idx = append(idx, i)
			}
		}
		return idx
	}
	pick := func(v []string, groups [][]int) string {
		var b strings.Builder
		for _, g := range groups {
			for _, i := range g {
				b.WriteString(v[i])
				b.WriteByte(0x1f)
			}
			b.WriteByte(0x1e)
		}
		return b.String()
	}
	sameAt := [][]int{at(same)}
	var unlinked []int
	for i, f := range fields {
		if drop[f] || slices.Contains(movingColumns, f) {
			unlinked = append(unlinked, i)
		}
	}
	// by link: the combination's same-level values, and per side the finer values' counts.
	type linked struct {
		same      string
		prev, now map[string]int
	}
	links := map[string]*linked{}
	read := func(s joinSide, isNow bool) error {
		var finerAt [][]int
		for _, cols := range s.finer {
			finerAt = append(finerAt, at(cols))
		}
		rows := s.kinds
		if rows == nil {
			db, err := analysis.Open(ctx, s.folder)
			if err != nil {
				return err
			}
			defer db.Close()
			t, err := analysis.Query(ctx, db, q)
			if err != nil {
				return err
			}
			rows = make(map[string]int, len(t.Rows))
			for _, r := range t.Rows {
				n, _ := r[1].(int64)
				rows[analysis.Cell(r[0])] += int(n)
			}
		}
		// Named by its folder, else by what the notice calls it: a side given as kinds has
		// no folder (the error said ": its labels cannot be mapped up").
		who := s.folder
		if who == "" {
			who = s.name
		}
		if who == "" && isNow {
			who = "this release"
		} else if who == "" {
			who = "the other release"
		}
		for key, n := range rows {
			v := strings.Split(key, "\x1f")
			if len(v) != len(fields) {
				return fmt.Errorf("%s: a row of %d columns, want %d", who, len(v), len(fields))
			}
			fine := pick(v, finerAt)
			up, ok := labelsUp(fields, key, s.ups)
			if !ok {
				return fmt.Errorf("%s: its labels cannot be mapped up to the coarser level (a column of a quasi-identifier it shows finer is not in both releases, or the hierarchy differs)", who)
			}
			lv := strings.Split(up, "\x1f")
			for _, i := range unlinked {
				lv[i] = ""
			}
			l := strings.Join(lv, "\x1f")
			x := links[l]
			if x == nil {
				x = &linked{same: pick(v, sameAt), prev: map[string]int{}, now: map[string]int{}}
				links[l] = x
			}
			if isNow {
				x.now[fine] += int(n)
			} else {
				x.prev[fine] += int(n)
			}
		}
		return nil
	}
	if err := read(prev, false); err != nil {
		return joined{}, err
	}
	if err := read(now, true); err != nil {
		return joined{}, err
	}
	// n: per combination (same-level values, prev's finer, now's finer), the rows of this
	// release that can be a case of it. A link with several finer values on both sides pairs
	// them in ways no case may have (a male row of the previous release and a female one, her
	// row alone in this release: "male" with her year is nobody's), so only the combinations
	// of a link whose previous rows show one finer value, and that holds no more rows here
	// than there (each can be one of them), are taken as some case's: every case of it has
	// them, as each row of such a link does. On synth 400 seed 4 with case pseudonyms for the
	// truth, a prototype of this (without the pseudonyms) named 7 of the 11 groups under k and
	// no other; the release GuardJoined protected, none (counting every pairing named 2 there).
	//
	// A link of several finer values both ways (privacy-side-doors19) is bounded by a matching:
	// each row of this release is one case of the previous release's rows of its link, each of
	// those at most once. The nf rows of this release that outnumber the previous rows other
	// than pf must be pf's cases (5 women and 3 men before, ages 10 and 11 four rows each now:
	// at least one woman is 10, and one 11), so that combination is some case's too; one
	// previous finer value is the case of it where every row is pf's.
	//
	// The other side's rows (privacy-side-doors20; join.py's count): by the same matching the
	// other way, each of its rows whose case this release still holds is one of this release's
	// rows of its link, so when the link holds no fewer rows here, the pn rows of pf that
	// outnumber this release's rows other than nf must be nf's. Cases removed since (a link
	// holding fewer rows here) make nothing sure.
	n, sure := map[string]int{}, map[string]bool{}
	pc, psure := map[string]int{}, map[string]bool{}
	for _, x := range links {
		here, there := 0, 0
		for _, c := range x.now {
			here += c
		}
		for _, c := range x.prev {
			there += c
		}
		for pf, pn := range x.prev {
			for nf, nn := range x.now {
				c := x.same + "\x1d" + pf + "\x1d" + nf
				n[c] += nn
				if here <= there && nn > there-pn {
					sure[c] = true
				}
				pc[c] += pn
				if there <= here && pn > here-nn {
					psure[c] = true
				}
			}
		}
	}
	j := joined{k: k}
	for c := range sure {
		if n[c] < k {
			j.combos++
			if n[c] == 1 {
				j.ones++
			}
		}
	}
	for c, nc := range n {
		if nc < k && !sure[c] {
			j.maybe++
		}
	}
	for c := range psure {
		if pc[c] < k {
			j.prevCombos++
			if pc[c] == 1 {
				j.prevOnes++
			}
		}
	}
	if j.combos == 0 {
		return j, nil
	}
	with := "the previous release " + prev.folder
	if prev.name != "" {
		with = prev.name
	}
	j.problem = fmt.Sprintf("microdata: joined with %s (rows linked by the columns both show, at the coarser of the two levels, "+
		"and each case seen at the finer of the two levels of every quasi-identifier), %d combinations of the quasi-identifiers hold 1 to %d of this release's rows "+
		"(%d of them one row), fewer than k = %d: whoever holds both releases singles those cases out (a run writing over the previous release withholds such rows; "+
		"keeping the previous release's levels where they were finer avoids it)", with, j.combos, k-1, j.ones, k)
	return j, nil
}

// oneSided says, for check's verdict, that the join could not be checked both ways: maybe
// combinations under k that no case is sure to have (with says with what). "" for none.
func (j joined) oneSided(with string) string {
	if j.maybe == 0 {
		return ""
	}
	return fmt.Sprintf("joined with %s, the check is one-sided: %d more combinations of the quasi-identifiers could hold 1 to %d of this release's rows, "+
		"but the rows linked to them show several finer values with none dominating, so the releases alone do not tell whether any case is of them "+
		"(check names only combinations some case is sure to have); the run's guard sees each case's true values and withholds such rows when it writes over "+
		"the previous release: a release written to a new folder, or by hand, may single cases out here that this check does not name", with, j.maybe, j.k-1)
}

// sideNote says, counts only, the rows of the other side (whose: what the verdict calls it)
// that the join singles out ("" for none). That release is out: only withholding this
// release's rows linked to them (their twins) keeps the join from showing them.
func (j joined) sideNote(whose string) string {
	if j.prevCombos == 0 {
		return ""
	}
	return fmt.Sprintf("joined with this release, %d combinations of the quasi-identifiers hold 1 to %d of the rows of %s (%d of them one row), fewer than k = %d: "+
		"whoever holds both singles those cases of it out", j.prevCombos, j.k-1, whose, j.prevOnes, j.k)
}
