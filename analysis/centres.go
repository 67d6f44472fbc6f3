package analysis

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/prevalence/prevalence/geo"
	"github.com/prevalence/prevalence/intervals"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/schema"
)

// Centre is a shelter or rehabilitation centre: where it is, how many people it can take and
// whom it serves.
type Centre struct {
	Name     string
	Province string   // ISO 3166-2
	Capacity int      // places
	AgeLo    int      // youngest age served
	AgeHi    int      // oldest age served (inclusive; open-ended is 200)
	Genders  []string // female, male, other
}

// Ages spells the ages the centre serves as ReadCentres reads them: lo-hi, lo+ when
// open-ended, all.
func (c Centre) Ages() string {
	if c.AgeLo == 0 && c.AgeHi >= maxAge {
		return "all"
	}
	if c.AgeHi >= maxAge {
		return fmt.Sprintf("%d+", c.AgeLo)
	}
	return fmt.Sprintf("%d-%d", c.AgeLo, c.AgeHi)
}

func (c Centre) serves(gender, majority string) bool {
	// A group of people at risk whose gender is withheld ("male or other_or_unknown") is
	// served by a centre that serves any of its genders.
	some := false
	for _, g := range strings.Split(gender, " or ") {
		if g == OtherOrUnknown {
			g = "other"
		}
		some = some || slices.Contains(c.Genders, g)
	}
	if !some {
		return false
	}
	lo, hi, ok := groupAges(majority)
	return ok && c.AgeLo <= hi && c.AgeHi >= lo
}

// groupAges is the age range of a group's majority status (adults' open-ended at maxAge).
func groupAges(majority string) (lo, hi int, ok bool) {
	switch majority {
	case "minor":
		return 0, 17, true
	case "adult", AdultOrUnknown:
		return 18, maxAge, true
	case AllAges, AtRisk, AtRiskAllAges:
		return 0, maxAge, true
	}
	return 0, 0, false
}

// ageBand is a share of a group's cases in the ages lo-hi; a band with known false holds the
// cases of no known band (age or band not recorded), which only a centre serving the group's
// whole age range can take.
type ageBand struct {
	lo, hi int
	known  bool
	share  float64
	// label names the band as the ages table does ("0-8"; "" when not recorded).
	label string
	// bounded, when not empty, says that the band's count is not published and what its share
	// rests on, after "the count of all provinces' ages 0-8 is ": "withheld, placed at 183-200
	// by the published tables: its midpoint used".
	bounded string
	// short is bounded's reason in a few words, for a gender's band that falls back on all
	// genders' (ageBands): "its midpoint of 21-748 used", "the 90 an earlier release printed
	// used". One reason per band: December's column nested both (issue-16-shares17's note).
	short string
	// n is the count the share is of (before the shares are taken); vague, that n is the
	// midpoint of bounds too wide to tell the ages apart (nLo to nHi) that no release printed
	// (columnBands' anyBounds): the group's places and unmet need are then not estimable
	// (vagueRanges).
	n        float64
	vague    bool
	nLo, nHi float64
}

// words names the band for the centres column: "ages 0-8", or "age not recorded".
func (b ageBand) words() string {
	switch b.label {
	case "", NotRecorded:
		return "age not recorded"
	case Generalized:
		return "age generalized"
	}
	return "ages " + b.label
}

// ageBands returns the shares of a group's cases by the age bands of the release's table of
// cases by age group and gender (all provinces: no table gives a province's ages), for
// crediting a centre that serves part of the group's ages (a home for boys of 9-17 takes none
// of the boys of 0-8; attack-2026-12-01f finding 3). The other or unknown gender group is
// ranked at all ages, from its own column. It returns nil when the table is missing or a count
// it needs is withheld and bounds (nil: none) cannot bound it: such a centre is then credited
// with nothing. A withheld count that bounds places in a finite interval counts as its
// midpoint (attack-2026-12-02b finding 3: the boys of 0-8 withheld, two boys' centres of 9-17
// were credited with no place and ranked first, though the tables put the band at 183-200 of
// about 960).
func ageBands(p Protected, gender, majority string, bounds SumBounder, carried release.CarriedIndex) []ageBand {
	t := p["cases-by-age-and-gender"]
	if t == nil {
		return nil
	}
	col := map[string]int{"female": 1, "male": 2, OtherOrUnknown: 3}[gender]
	if col == 0 {
		return nil
	}
	// Bounds too wide to tell the ages apart are passed over for all genders' shares first
	// (attack-2026-12-03e finding 5: the boys of 0-8 and of 9-17 both withheld, each placed at
	// 10-626, made half of the boys 0-8, where the last release printed 13%, and moved
	// Herat's boys from fifth to first), then for the last values an earlier release of the
	// series printed (carried.json), and used only when those are no better.
	for _, how := range []bandsFrom{closeBounds, lastPrinted, anyBounds} {
		if bands := columnBands(t, col, majority, bounds, carried, how); bands != nil {
			return bands
		}
		// A gender's count of a band withheld and not bounded (a re-release withholds the boys'
		// bands that moved: Herat's and Nangarhar's boys' centres of 9-17 went back to "not
		// counted", issue-16-shares8.md's read): the shares of all genders' cases of the ages,
		// which the table publishes (or bounds) apart, rather than no place at all.
		bands := columnBands(t, 0, majority, bounds, carried, how)
		if bands == nil {
			continue
		}
		for i := range bands {
			if ri := bandRow(t, majority, bands[i].label); ri < 0 {
				continue
			} else if _, ok := t.Value(ri, col); !ok {
				why := "withheld for this gender and not bounded by the published tables: all genders' share of these ages used"
				if lo, hi, ok := boundOf(t, ri, col, bounds); ok {
					why = fmt.Sprintf("withheld for this gender, placed at %s-%s by the published tables, too wide to tell the ages apart: all genders' share of these ages used",
						strconv.FormatFloat(lo, 'f', 0, 64), strconv.FormatFloat(hi, 'f', 0, 64))
				}
				if bands[i].short != "" {
					// All genders' count withheld too: one reason, not two nested.
					why = "withheld for this gender and all genders: all genders' share, " + bands[i].short
				} else if bands[i].bounded != "" {
					why += " (all genders' count " + bands[i].bounded + ")"
				}
				bands[i].bounded = why
			}
		}
		return bands
	}
	return nil
}

// boundOf is the finite interval bounds places count (ri, col) of the ages table t in.
func boundOf(t *release.Table, ri, col int, bounds SumBounder) (lo, hi float64, ok bool) {
	if bounds == nil {
		return 0, 0, false
	}
	lo, hi, err := bounds.SumBounds(t.Name, [][2]int{{ri, col}})
	if err != nil || math.IsInf(hi, 1) || hi < lo {
		return 0, 0, false
	}
	return lo, hi, true
}

// tooWide reports whether an interval [lo, hi] tells too little of the count it places to
// be counted at its midpoint: wider than its midpoint (hi more than three times lo).
func tooWide(lo, hi float64) bool { return hi-lo > (lo+hi)/2 }

// TooWide is tooWide for the reports.
func TooWide(lo, hi float64) bool { return tooWide(lo, hi) }

// CarriedFits is carriedFits for the reports: the brief ranks a province by the value an
// earlier release printed of a withheld count when the centre gaps would count its group so.
func CarriedFits(last, lo, hi float64) bool { return carriedFits(last, lo, hi) }

// bandRow is the row of the ages table t of majority's band label (-1 when none).
func bandRow(t *release.Table, majority, label string) int {
	for ri, r := range t.Rows {
		if !r.Total && len(r.Labels) >= 2 && r.Labels[1] == label && (majority == AllAges || r.Labels[0] == majority ||
			(majority == AdultOrUnknown && r.Labels[0] != "minor")) {
			return ri
		}
	}
	return -1
}

// bandsFrom is how columnBands counts a withheld count: at the midpoint of its bounds when
// they are not tooWide (closeBounds); so, or else at the last value an earlier release
// printed (lastPrinted); at the midpoint of any finite bounds (anyBounds).
type bandsFrom int

const (
	closeBounds bandsFrom = iota
	lastPrinted
	anyBounds
)

// columnBands is ageBands over column col of the ages table t: nil when a count it needs is
// withheld and cannot be counted as how says.
func columnBands(t *release.Table, col int, majority string, bounds SumBounder, carried release.CarriedIndex, how bandsFrom) []ageBand {
	glo, ghi, ok := groupAges(majority)
	if !ok {
		return nil
	}
	var bands []ageBand
	total := 0.0
	for ri, r := range t.Rows {
		if r.Total || len(r.Labels) < 2 {
			continue
		}
		in := majority == AllAges || r.Labels[0] == majority ||
			(majority == AdultOrUnknown && r.Labels[0] != "minor")
		if !in {
			continue
		}
		b := ageBand{label: r.Labels[1]}
		if n, ok := t.Value(ri, col); ok {
			b.share = float64(n)
		} else {
			if bounds == nil {
				return nil
			}
			lo, hi, ok := boundOf(t, ri, col, bounds)
			last, printed := carried.Last(t.Name, t.Counts, r.Labels, col)
			switch {
			case ok && (how == anyBounds || !tooWide(lo, hi)):
				b.share = (lo + hi) / 2
				b.vague, b.nLo, b.nHi = tooWide(lo, hi) && !printed, lo, hi
				b.bounded = fmt.Sprintf("withheld, placed at %s-%s by the published tables: its midpoint used", strconv.FormatFloat(lo, 'f', 0, 64), strconv.FormatFloat(hi, 'f', 0, 64))
				b.short = fmt.Sprintf("its midpoint of %s-%s used", strconv.FormatFloat(lo, 'f', 0, 64), strconv.FormatFloat(hi, 'f', 0, 64))
			case how == lastPrinted && printed:
				b.share = float64(last)
				b.bounded = fmt.Sprintf("withheld, and %s by the published tables: the %d an earlier release printed used", map[bool]string{true: "placed at " + strconv.FormatFloat(lo, 'f', 0, 64) + "-" + strconv.FormatFloat(hi, 'f', 0, 64), false: "not bounded"}[ok], last)
				b.short = fmt.Sprintf("the %d an earlier release printed used", last)
			default:
				return nil
			}
		}
		if lo, hi, ok := parseBand(r.Labels[1]); ok && r.Labels[1] != "" && lo >= glo && hi <= ghi && (lo > glo || hi < ghi) {
			b.lo, b.hi, b.known = lo, hi, true
		}
		b.n = b.share
		bands = append(bands, b)
		total += b.share
	}
	if total == 0 {
		return nil
	}
	for i := range bands {
		bands[i].share /= total
	}
	return bands
}

// maxVague is the most classes of vague bands of a group (vagueClasses) whose corners
// vagueRanges tries (2^maxVague rankings); a group with more keeps the midpoints, said in its
// centres column as before ("its midpoint of 10-626 used"). Bands whose figures move together
// are one class, so more than 8 classes take centres whose ages cut the group's bands in more
// than 8 ways: 256 rankings of every group are about what the page's ranking can spend.
const maxVague = 8

// bandTakes says whether a centre takes a band of a group of majority status majority whole:
// a band within its ages, or any band when it serves the group's whole age range (gapsTable's
// takes).
func bandTakes(ct Centre, majority string, b ageBand) bool {
	if ct.servesAll(majority) || IsAtRisk(majority) {
		return true // people at risk: in the homes of their province and gender (addAtRisk)
	}
	return b.known && ct.AgeLo <= b.lo && ct.AgeHi >= b.hi
}

// bandMayTake says whether a centre may take some of a band: its ages meet the band's (a
// home for boys of 12-17 and the band 9-17), or the band's ages are not recorded (gapsTable's
// mayTake).
func bandMayTake(ct Centre, majority string, b ageBand) bool {
	return bandTakes(ct, majority, b) || !b.known || ct.AgeLo <= b.hi && ct.AgeHi >= b.lo
}

// vagueClasses numbers the vague bands of a gender and majority status by how the centres
// serving them take them (bandTakes and bandMayTake of each centre): bands of one class enter
// every figure of gapsTable through their sum only (a centre's share of a band is of its
// share of the group, and the band's unmet need is its share times the same factor), so
// their corners are all at the least or all at the most (class[i] = -1: not vague).
func vagueClasses(bands []ageBand, centres []Centre, gender, majority string) (class []int, n int) {
	class = make([]int, len(bands))
	ids := map[string]int{}
	for i, b := range bands {
		class[i] = -1
		if !b.vague {
			continue
		}
		var sig strings.Builder
		for _, ct := range centres {
			if ct.serves(gender, majority) {
				fmt.Fprintf(&sig, "%t%t,", bandTakes(ct, majority, b), bandMayTake(ct, majority, b))
			}
		}
		id, ok := ids[sig.String()]
		if !ok {
			id = len(ids)
			ids[sig.String()] = id
		}
		class[i] = id
	}
	return class, len(ids)
}

// cornerBands returns bands with the vague ones at their least or most (bit c of mask set:
// the vague bands of class c at their most), the shares taken again.
func cornerBands(bands []ageBand, class []int, mask int) []ageBand {
	out := slices.Clone(bands)
	total := 0.0
	for i := range out {
		if c := class[i]; c >= 0 {
			out[i].n = out[i].nLo
			if mask&(1<<c) != 0 {
				out[i].n = out[i].nHi
			}
		}
		total += out[i].n
	}
	if total <= 0 {
		return bands
	}
	for i := range out {
		out[i].share = out[i].n / total
	}
	return out
}

// vagueRange is a centre-gap group's places and unmet need at the ends the vague age bands
// allow (vagueRanges), and the bands (why). shared: the group's own bands are estimable, but
// it shares a centre by need with a group whose are not (why names that group's bands).
type vagueRange struct {
	unmetLo, unmetHi, placesLo, placesHi float64
	why                                  string
	shared                               bool
}

// BandsNotEstimable starts, in the centres column, the note on a group whose places and unmet need
// rest on an age band no release printed that the published tables bound too widely to tell
// the ages apart: its places and unmet are left empty and given at the two ends
// (places_least to places_most, unmet_least to unmet_most), the group ranked by the
// midpoint of its unmet need's (the bands and their bounds follow).
const BandsNotEstimable = "not estimable: how many of the group's cases are of the ages its centres serve, the published tables bound too widely for a midpoint and no release printed:"

// SharedNotEstimable starts, in the centres column, the note on a group whose own age bands are
// estimable but which shares a centre by need with a group that is not (BandsNotEstimable): its
// share of that centre's places moves with the other group's need of the ages the centre
// serves, so its places and unmet need are given at their two ends as the other's are (that
// group and its bands follow: "male minor's ages 0-8 placed at 10-626").
const SharedNotEstimable = "not estimable: it shares a centre by need with a group how many of whose cases are of the ages the centre serves the published tables bound too widely for a midpoint and no release printed:"

// vagueRanges ranks the groups again with each gender and majority status's vague age bands at
// every corner of their bounds (by class, vagueClasses; the others at their midpoints) and
// returns, for each group whose places or unmet need differ between them, the least and most
// of each: the midpoint of a band placed at 10-626 made half of Herat's boys 0-8 and moved
// them from fifth to first (attack-2026-12-03e finding 5), and any figure between the ends
// would be a guess (issue-16-shares19.md section 4). A group sharing a centre with them gets
// its ends too (shared), as its share of the places moves with theirs (issue-16-shares24.md).
// Each gender and majority status's corners are tried apart, and a group moved by two of them
// gets the widest of the two ranges and then the ends of the corners of all at once (when they
// are at most maxVague classes in all).
func vagueRanges(c *counted, centres []Centre, gs GapSpec, noYears string, perCase func(string) (float64, bool), bands func(gender, majority string) []ageBand) map[[3]string]vagueRange {
	keys := map[[2]string]bool{}
	var order [][2]string
	for _, cl := range c.cells {
		k := [2]string{cl.vals[1].s, cl.vals[2].s}
		if !keys[k] {
			keys[k] = true
			order = append(order, k)
		}
	}
	out := map[[3]string]vagueRange{}
	// ends reads a ranking's rows: each group's unmet need at its least and most and its places.
	ends := func(t *Table, each func(key [3]string, lo, hi, places float64)) {
		col := func(row []any, name string) (float64, bool) {
			v, ok := row[indexOf(t.Columns, name)].(float64)
			return v, ok
		}
		for _, row := range t.Rows {
			g, _ := row[indexOf(t.Columns, "gender")].(string)
			m, _ := row[indexOf(t.Columns, "majority_status")].(string)
			province, _ := row[indexOf(t.Columns, "province")].(string)
			unmet, ok := col(row, "unmet")
			places, okP := col(row, "places")
			if !ok || !okP {
				continue
			}
			lo, hi := unmet, unmet
			if v, ok := col(row, "unmet_least"); ok {
				lo = min(lo, v)
			}
			if v, ok := col(row, "unmet_most"); ok {
				hi = max(hi, v)
			}
			each([3]string{province, g, m}, lo, hi, places)
		}
	}
	// The vague keys tried (their bands and classes), and the groups moved by two or more.
	type vagueKey struct {
		k       [2]string
		b       []ageBand
		class   []int
		classes int
	}
	var tried []vagueKey
	moved := map[[3]string]int{}
	for _, k := range order {
		b := bands(k[0], k[1])
		var vague []string
		for _, x := range b {
			if x.vague {
				vague = append(vague, fmt.Sprintf("%s placed at %s-%s", x.words(), strconv.FormatFloat(x.nLo, 'f', 0, 64), strconv.FormatFloat(x.nHi, 'f', 0, 64)))
			}
		}
		if len(vague) == 0 {
			continue
		}
		class, classes := vagueClasses(b, centres, k[0], k[1])
		if classes > maxVague {
			continue
		}
		tried = append(tried, vagueKey{k, b, class, classes})
		ranges := map[[3]string]*vagueRange{}
		var keyOrder [][3]string
		for mask := 0; mask < 1<<classes; mask++ {
			corner := cornerBands(b, class, mask)
			t := gapsTable(c, centres, gs, noYears, perCase, func(gender, majority string) []ageBand {
				if gender == k[0] && majority == k[1] {
					return corner
				}
				return bands(gender, majority)
			})
			ends(t, func(key [3]string, lo, hi, places float64) {
				r := ranges[key]
				if r == nil {
					r = &vagueRange{unmetLo: lo, unmetHi: hi, placesLo: places, placesHi: places}
					ranges[key] = r
					keyOrder = append(keyOrder, key)
				}
				r.unmetLo, r.unmetHi = min(r.unmetLo, lo), max(r.unmetHi, hi)
				r.placesLo, r.placesHi = min(r.placesLo, places), max(r.placesHi, places)
			})
		}
		for _, key := range keyOrder {
			r := ranges[key]
			// Rounded to one decimal: ends that differ by rounding only are one figure.
			if r.unmetHi-r.unmetLo < 0.05 && r.placesHi-r.placesLo < 0.05 {
				continue
			}
			r.why = strings.Join(vague, ", ")
			if key[1] != k[0] || key[2] != k[1] {
				r.shared = true
				r.why = k[0] + " " + k[1] + "'s " + r.why
			}
			if o, ok := out[key]; ok {
				// Moved by two genders' or majority statuses' bands: the widest ends, its own
				// bands named first.
				r.unmetLo, r.unmetHi = min(r.unmetLo, o.unmetLo), max(r.unmetHi, o.unmetHi)
				r.placesLo, r.placesHi = min(r.placesLo, o.placesLo), max(r.placesHi, o.placesHi)
				switch {
				case !o.shared && r.shared:
					r.why = o.why + "; it also shares a centre with " + r.why
				case o.shared && !r.shared:
					r.why += "; it also shares a centre with " + o.why
				default:
					r.why = o.why + "; " + r.why
				}
				r.shared = o.shared && r.shared
			}
			moved[key]++
			out[key] = *r
		}
	}
	// A group moved by two genders' or majority statuses' vague bands (its own and a group's
	// it shares a centre with, or two such groups') has its ends at their corners at once,
	// which can reach past the widest of the two ranges (each taken with the other's bands at
	// their midpoints): the corners of every key tried, together, when they are at most
	// maxVague classes in all (2^maxVague rankings, the budget of one key).
	total := 0
	for _, x := range tried {
		total += x.classes
	}
	if joint := slices.ContainsFunc(slices.Collect(maps.Values(moved)), func(n int) bool { return n > 1 }); joint && len(tried) > 1 && total <= maxVague {
		for mask := 0; mask < 1<<total; mask++ {
			corners := map[[2]string][]ageBand{}
			shift := 0
			for _, x := range tried {
				corners[x.k] = cornerBands(x.b, x.class, mask>>shift&(1<<x.classes-1))
				shift += x.classes
			}
			t := gapsTable(c, centres, gs, noYears, perCase, func(gender, majority string) []ageBand {
				if cb, ok := corners[[2]string{gender, majority}]; ok {
					return cb
				}
				return bands(gender, majority)
			})
			ends(t, func(key [3]string, lo, hi, places float64) {
				if moved[key] < 2 {
					return
				}
				r := out[key]
				r.unmetLo, r.unmetHi = min(r.unmetLo, lo), max(r.unmetHi, hi)
				r.placesLo, r.placesHi = min(r.placesLo, places), max(r.placesHi, places)
				out[key] = r
			})
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// Groups of the centre gaps from protected tables, which count adults only as a gender's
// cases less its children, and the third gender group at all ages.
const (
	OtherOrUnknown = "other_or_unknown" // gender: other, unknown or not recorded
	AdultOrUnknown = "adult or age unknown"
	AllAges        = "all ages"
	// AtRisk is the majority status of the centre-gap groups of people at risk of trafficking
	// taken into care (at-risk-by-province): their ages are not published. The microdata's
	// ranking (CentreGaps) ranks them the same way, at all ages, so both name the same groups.
	AtRisk = "at risk (age not published)"
	// AtRiskAllAges is the microdata ranking's (CentreGaps) majority status of the people at
	// risk: ranked at all ages as AtRisk's, but their ages may be published in the microdata,
	// so "age not published" would be wrong there (issue-16-shares8.md).
	AtRiskAllAges = "at risk (all ages)"
)

// IsAtRisk says whether a centre-gap group's majority status is of people at risk (AtRisk or
// AtRiskAllAges).
func IsAtRisk(majority string) bool { return majority == AtRisk || majority == AtRiskAllAges }

// atRiskTable is the protected table of the people at risk taken into care, by province and
// gender (no age, no year).
const atRiskTable = "at-risk-by-province"

// AtRiskYears is added to the per_year_note of the centre-gap rows of people at risk: their
// table has no years, so, as every group's, their cases a year (and trend) are their
// province's.
const AtRiskYears = "people at risk: " + atRiskTable + " has no years, so they are taken to keep their share of the province's cases year by year, as every group is"

// CentreGapsProtected is CentreGaps over the release's protected tables: the boys' and
// girls' tables by province give the children, the province table's genders less them the
// adults (with those of unknown age), and the third gender group is ranked at all ages. The
// protected tables publish no group (gender, age) by year, so the need is the average over
// all years of registration (the period column says which), and the trend is the province's:
// its cases of the last Window years against the Window years before, from the table of cases
// by province and year (trend_note says so, or why there is none). A group whose count is
// withheld to protect another ("x") is ranked by the least the published tables allow it
// (boundsWithheld; recent_cases_least) when that is the threshold or more, counted at the
// midpoint of the interval they allow it when they bound it above; any other group
// whose count is withheld is ranked last with nothing derived from its count. The stay is the province's
// measured mean stay (the occupancy table's mean_stay_months, MeasuredStays; withheld now with
// its counts, the one an earlier release printed, CarriedStays) when gs.StayByProvince is nil
// and the release has one, else gs.StayMonths.
func CentreGapsProtected(p Protected, centres []Centre, gs GapSpec) (*Table, error) {
	if len(centres) == 0 {
		return nil, errors.New("centre-gaps needs a centres table (--centres FILE)")
	}
	prov, years := p[provTable], p[yearTable]
	if prov == nil || years == nil {
		return nil, fmt.Errorf("the release has no protected tables %s and %s (run it again with this version)", provTable, yearTable)
	}
	from, to := math.MaxInt, math.MinInt
	for _, r := range years.Rows {
		if f, t, ok := period(r.Labels[0]); ok {
			from, to = min(from, f), max(to, t)
		}
	}
	span := value{s: NotRecorded}
	if from <= to {
		span = value{s: fmt.Sprintf("%d-%d", from, to), known: true}
	}
	kids := map[string]*release.Table{"female": p["girls-by-province"], "male": p["boys-by-province"]}
	c := &counted{knownOK: true}
	add := func(province, gender, majority string, n int64, label string) {
		if n == 0 && label == "" {
			return
		}
		c.cells = append(c.cells, &cell{vals: []value{provinceValue(province), {s: gender, known: true}, {s: majority, known: true}, span}, count: n, label: label})
	}
	for ri, r := range prov.Rows {
		if r.Total {
			continue
		}
		pt, ok := placedTotal(prov, ri, gs)
		flat := ok && pt.printed // the province's total counted at a value printed before
		for gi, g := range []string{"female", "male", OtherOrUnknown} {
			all, okAll := prov.Value(ri, 1+gi)
			allLabel := ""
			if !okAll {
				allLabel = prov.Cell(ri, 1+gi)
			}
			kt := kids[g]
			if kt == nil {
				add(r.Labels[1], g, AllAges, all, allLabel)
				if allLabel == release.SecondaryLabel {
					cl := c.cells[len(c.cells)-1]
					cl.least, cl.most = boundsWithheld(prov, ri, 1+gi, false, gs.Bounds)
					carryLast(cl, prov, ri, 1+gi, gs.Carried)
					carryPlaced(cl, prov, ri, 1+gi, gs.Carried, flat)
				}
				continue
			}
			var kid int64
			kidOK, kidLabel, kidRow := true, "", -1
			for ki, kr := range kt.Rows {
				if slices.Equal(kr.Labels, r.Labels) {
					if kid, kidOK = kt.Value(ki, 0); !kidOK {
						kidLabel, kidRow = kt.Cell(ki, 0), ki
					}
				}
			}
			add(r.Labels[1], g, "minor", kid, kidLabel)
			if kidLabel == release.SecondaryLabel {
				cl := c.cells[len(c.cells)-1]
				cl.least, cl.most = boundsWithheld(kt, kidRow, 0, true, gs.Bounds)
				carryLast(cl, kt, kidRow, 0, gs.Carried)
				if !okAll {
					carryWhole(cl, prov, ri, 1+gi, kt, kidRow, gs.Carried, gs.SmallCell)
				}
				carryPlaced(cl, kt, kidRow, 0, gs.Carried, flat)
			}
			switch {
			case okAll && kidOK:
				add(r.Labels[1], g, AdultOrUnknown, all-kid, "")
			default:
				add(r.Labels[1], g, AdultOrUnknown, 0, release.SecondaryLabel)
			}
		}
	}
	addAtRisk(p[atRiskTable], add)
	if gs.StayByProvince == nil {
		gs.StayByProvince = MeasuredStays(p)
		for province, m := range CarriedStays(p, gs.Carried) {
			if gs.StayByProvince == nil {
				gs.StayByProvince = map[string]float64{}
			}
			gs.StayByProvince[province] = m
		}
	}
	rates := recentRates(p, gs)
	// A group's age bands are all provinces' (the ages table has no province): one LP bound per
	// gender and majority, not per province's group.
	seen := map[[2]string][]ageBand{}
	bands := func(gender, majority string) []ageBand {
		k := [2]string{gender, majority}
		b, ok := seen[k]
		if !ok {
			b = ageBands(p, gender, majority, gs.Bounds, gs.Carried)
			seen[k] = b
		}
		return b
	}
	perCase := func(province string) (float64, bool) {
		r := rates(province)
		return r.perCase, r.perCase > 0
	}
	gs.vague = vagueRanges(c, centres, gs, "all years (no year recorded)", perCase, bands)
	t := gapsTable(c, centres, gs, "all years (no year recorded)", perCase, bands)
	provinceTrends(t, p, gs)
	// Which years each group's cases a year stand for, and why not the last ones.
	t.Columns = append(t.Columns, "per_year_period", "per_year_note")
	pi, yi, mi, gi := indexOf(t.Columns, "province"), indexOf(t.Columns, "period"), indexOf(t.Columns, "majority_status"), indexOf(t.Columns, "gender")
	for i, row := range t.Rows {
		province, _ := row[pi].(string)
		r := rates(province)
		var period, note any = row[yi], nil
		if r.perCase > 0 {
			period = r.years
		}
		if r.note != "" {
			note = r.note
		}
		if m, _ := row[mi].(string); IsAtRisk(m) { // their trend_note already says it is the province's
			note = joinNotes(r.note, AtRiskYears)
		}
		g, _ := row[gi].(string)
		m, _ := row[mi].(string)
		if v, ok := c.carriedUsed[[3]string{province, g, m}]; ok {
			s, _ := note.(string)
			used := CarriedUsed
			if w := c.carriedWhole[[3]string{province, g, m}]; w != "" {
				used = w
			}
			note = joinNotes(s, fmt.Sprintf("%s %s", used, strconv.FormatFloat(v, 'f', 0, 64)))
		}
		t.Rows[i] = append(row, period, note)
	}
	// The places of a group not estimable (gs.vague) at the two ends, after the contract's
	// columns.
	t.Columns = append(t.Columns, "places_least", "places_most")
	for i, row := range t.Rows {
		province, _ := row[pi].(string)
		g, _ := row[gi].(string)
		m, _ := row[mi].(string)
		var lo, hi any
		if r, ok := gs.vague[[3]string{province, g, m}]; ok && row[indexOf(t.Columns, "unmet")] == nil {
			lo, hi = round(r.placesLo, 1), round(r.placesHi, 1)
		}
		t.Rows[i] = append(row, lo, hi)
	}
	return t, nil
}

// CarriedUsed starts the note of a centre-gap group whose withheld count an earlier release of
// the series printed (carried.json), within the bounds the published tables give or when they
// bound it too widely for their midpoint: that value is used for its need, a floor where the
// register only grows, and nearer the count than a midpoint far from anything printed.
const CarriedUsed = "its count is withheld: the value an earlier release printed, kept within the bounds the published tables give, is used,"

// CarriedWhole starts the note of a centre-gap group of children whose withheld count the
// published tables bound too widely for their midpoint and no earlier release printed, when
// one printed its gender's count at all ages (withheld now): that count, which held the
// children's then, is used (carryWhole).
const CarriedWhole = "its count is withheld and bounded too widely for a midpoint, and no earlier release printed it: the count of its gender at all ages an earlier release printed, which held it then, is used,"

// CarriedWholeBounded is CarriedWhole where the release folder holds the least earlier
// releases' own tables allowed the children (carried_bounds.json, for the organisation): the
// midpoint of that least and the count of their gender at all ages is used, as the release
// that withheld them counted them (July's 10-18 of Nangarhar's girls: 14, not 18).
const CarriedWholeBounded = "its count is withheld and bounded too widely for a midpoint, and no earlier release printed it: the midpoint of the least an earlier release's tables allowed it and the count of its gender at all ages printed then, which held it, is used,"

// CarriedPlaced starts the note of a centre-gap group whose withheld count no earlier release
// printed, when the release before this one withheld it too and its own tables placed it in
// an interval narrower than this release's (release.CarriedRow.Placed): the midpoint of that
// interval, its top raised by the growth of the published totals since and kept within
// this release's bounds, is used (carryPlaced).
const CarriedPlaced = "its count is withheld, and no earlier release printed it: the midpoint of the interval the release before placed it in, raised at most by the growth of the published totals since and kept within the bounds the published tables give now, is used,"

// CarriedPlacedThen starts the note of a centre-gap group whose withheld count no earlier
// release printed, counted at the midpoint of the interval the release before placed it in,
// not raised (release.CarriedRow.PlacedThen), because its province's total is counted at the
// value an earlier release printed (TotalCarried): the province taken not to have grown.
const CarriedPlacedThen = "its count is withheld, and no earlier release printed it: its province's cases are counted at the value an earlier release printed, so the midpoint of the interval the release before placed it in, kept within the bounds the published tables give now, is used,"

// carryPlaced gives cl, withheld count (ri, ci) of t that no earlier release printed, the
// midpoint of the interval the previous release's tables placed it in (carried.json's
// placed_before: its top raised by the growth since of a published total holding it) kept
// within the bounds this release's tables give, when that is narrower than those bounds: an
// update placed West Bengal's other-gender group at 10-66 and ranked it 6th from 38, where
// the release before had placed it at 11-19 (2 a year, 15th) and India's data had not changed
// (attack-2026-12-04b finding 7c). It replaces carryWhole's value where its interval is the
// narrower; a value printed stays. Its least is the threshold or more (placed_before holds no
// other).
func carryPlaced(cl *cell, t *release.Table, ri, ci int, carried release.CarriedIndex, flat bool) {
	if cl.hasCarried && cl.carriedWhole == "" || carried == nil || ri < 0 {
		return // a value printed says more
	}
	how := CarriedPlaced
	plo, phi, ok := carried.Placed(t.Name, t.Counts, t.Rows[ri].Labels, ci)
	if !ok && flat {
		// Its province's total is counted at the value an earlier release printed: taken not
		// to have grown since, so neither did the group, and the interval the release before
		// placed it in holds it now (attack-2026-12-04c, 7c: West Bengal's other gender, 11-19
		// then, 10-66 now, India's totals all withheld).
		plo, phi, ok = carried.PlacedThen(t.Name, t.Counts, t.Rows[ri].Labels, ci)
		how = CarriedPlacedThen
	}
	if !ok {
		return
	}
	lo, hi := max(float64(plo), cl.least), min(float64(phi), cl.most)
	if lo > hi || lo < 1 || hi-lo >= cl.most-cl.least || cl.hasCarried && hi-lo >= cl.carriedSpan {
		return // outside today's bounds, no narrower than they are, or than carryWhole's interval
	}
	cl.carried, cl.hasCarried, cl.carriedWhole, cl.carriedSpan = math.Round((lo+hi)/2), true, how, hi-lo
}

// carryWhole gives cl, the withheld children of a gender in a province (cells of the boys' or
// girls' table) that no earlier release printed, the count of that gender at all ages (ri, ci
// of t, cases by province and gender, withheld now too) an earlier release printed, when the
// published tables bound the children too widely for their midpoint: December's series
// placed Nangarhar's girls at 10-87 and ranked them 2nd from 48.5, where July withheld them
// and printed its 18 women and girls (attack-2026-12-03f finding 6). A ceiling of the
// children then and, while the register grows, near their count now: closer than the midpoint.
// The gender's count is a ceiling of the children then, over-counting them where the
// province's adults outnumber them: where the release holds the least earlier releases'
// tables allowed the children (kt's row kri, carried_bounds.json), the midpoint of the two.
// The least is used only at small or more (a number 1-9 stands in no published figure, and
// the midpoint would tell the least).
func carryWhole(cl *cell, t *release.Table, ri, ci int, kt *release.Table, kri int, carried release.CarriedIndex, small int) {
	if cl.hasCarried || carried == nil || ri < 0 || !(math.IsInf(cl.most, 1) || tooWide(cl.least, cl.most)) {
		return
	}
	last, ok := carried.Last(t.Name, t.Counts, t.Rows[ri].Labels, ci)
	if !ok {
		return
	}
	v, how, span := float64(last), CarriedWhole, float64(last)-cl.least
	if kt != nil && kri >= 0 {
		if small <= 0 {
			small = DefaultSmallCell
		}
		if lo, ok := carried.AtLeast(kt.Name, kt.Counts, kt.Rows[kri].Labels, 0); ok && lo <= last && lo >= int64(small) {
			v, how, span = math.Round(float64(lo+last)/2), CarriedWholeBounded, float64(last-lo)
		}
	}
	cl.carried, cl.hasCarried, cl.carriedWhole, cl.carriedSpan = min(max(v, cl.least), cl.most), true, how, max(span, 0)
}

// carryLast gives cl, withheld count (ri, ci) of t, the value an earlier release of the
// series printed of it, when it lies within the bounds the published tables give, or when they
// bound it too widely for their midpoint (tooWide, or not above), kept within those bounds:
// the update's midpoint of a wide interval ranked a group of 10-19 people 5th where the first
// release of the same data ranked it 17th (attack-2026-12-04a finding 7b).
func carryLast(cl *cell, t *release.Table, ri, ci int, carried release.CarriedIndex) {
	if carried == nil || ri < 0 {
		return
	}
	last, ok := carried.Last(t.Name, t.Counts, t.Rows[ri].Labels, ci)
	if !ok || !carriedFits(float64(last), cl.least, cl.most) {
		return
	}
	cl.carried, cl.hasCarried = min(max(float64(last), cl.least), cl.most), true
}

// carriedFits reports whether a printed value is to be used for a count the published tables
// place in [lo, hi]: it lies within them, or they are too wide for a midpoint.
func carriedFits(last, lo, hi float64) bool {
	return math.IsInf(hi, 1) || tooWide(lo, hi) || last >= lo && last <= hi
}

// boundsWithheld is the interval [least, most] the published tables allow count (ri, ci) of
// t, withheld to protect another count ("x"): what the release's linear program (bounds; nil:
// none) gives, and, when parts (the row's other columns count parts of its cases: a form of
// exploitation each), each published count of the row's other columns, exact (no noise, no
// rounding), as a least. most is +Inf when nothing bounds the count above.
// A monthly re-release withholds the counts that moved: Khost's 114 boys, withheld after 5
// more, fell from rank 10 of the centre gaps to the last (attack-2026-12-02e finding 5),
// though the tables put them at 100 or more.
func boundsWithheld(t *release.Table, ri, ci int, parts bool, bounds SumBounder) (least, most float64) {
	lo, hi := 0.0, math.Inf(1)
	if ri < 0 {
		return 0, hi
	}
	for oc := range t.Counts {
		if !parts || t.Rows[ri].Rounded != nil {
			break
		}
		if v, ok := t.Value(ri, oc); ok && oc != ci {
			if eps, _ := t.NoiseTerms(ri, oc); eps == 0 {
				lo = max(lo, float64(v))
			}
		}
	}
	if bounds != nil {
		if l, h, err := bounds.SumBounds(t.Name, [][2]int{{ri, ci}}); err == nil && l <= h {
			lo = max(lo, math.Ceil(l-1e-6))
			hi = math.Floor(h + 1e-6)
		}
	}
	return lo, max(lo, hi)
}

// joinNotes joins two notes with "; ", either possibly empty.
func joinNotes(a, b string) string {
	if a == "" || b == "" {
		return a + b
	}
	return a + "; " + b
}

// addAtRisk adds the centre-gap groups of the people at risk taken into care (at-risk-by-province,
// which counts them apart from the victims): they fill the centres' places too, so a home
// full of children at risk does not read as covering its province's victims (attack-2026-12-02a
// finding 8: West Bengal's girls "covered 1.16 times" beside 132 girls at risk in the same
// homes). A group per province and gender, at majority status AtRisk: the table publishes no
// age, and they are counted because the homes took them in, so each is taken to be served by
// every centre of its province that serves its gender, whatever the ages it serves. The
// genders whose counts are withheld make one group of their sum (the province's people at
// risk less its published genders, which any reader can work out), named by those genders
// joined by " or ", or a withheld group when the sum is withheld too.
func addAtRisk(t *release.Table, add func(province, gender, majority string, n int64, label string)) {
	if t == nil || len(t.Counts) < 4 {
		return
	}
	for ri, r := range t.Rows {
		if r.Total || len(r.Labels) < 2 {
			continue
		}
		total, totalOK := t.Value(ri, 0)
		rest := total
		var withheld []string
		label := ""
		for gi, g := range []string{"female", "male", OtherOrUnknown} {
			n, ok := t.Value(ri, 1+gi)
			if !ok {
				withheld = append(withheld, g)
				label = t.Cell(ri, 1+gi)
				continue
			}
			rest -= n
			add(r.Labels[1], g, AtRisk, n, "")
		}
		switch {
		case len(withheld) == 0:
		case len(withheld) == 1:
			add(r.Labels[1], withheld[0], AtRisk, 0, label) // the total's own count, withheld
		case totalOK && rest >= int64(max(t.Threshold, 1)):
			add(r.Labels[1], strings.Join(withheld, " or "), AtRisk, rest, "")
		default:
			add(r.Labels[1], strings.Join(withheld, " or "), AtRisk, 0, release.SecondaryLabel)
		}
	}
}

// recentRate is how a province's groups' cases a year are estimated: perCase, when above 0,
// is the province's cases a year in its years (the last Window years whose counts are all
// published) over all its cases, which times a group's cases of every year gives the group's
// cases a year then; note says why there is none (the average over every year is used).
type recentRate struct {
	perCase float64
	years   string
	note    string
	// begins, when above 0, is the year the province's own registrations begin: its first
	// listed year (CoveredFrom) or, most true, the manifest's partial_first_year (MostFrom).
	begins int
	most   bool
}

// recentRates returns each province's recentRate from the protected tables. They publish no
// group (gender, age) by year, so a group's cases a year averaged over every year of the release
// understate a rising need (attack-2026-12-01: 133 cases in 2015 against 401 in 2025): a
// province whose last years are printed in the table of cases by province and year gives them,
// on the assumption that each group keeps its share of the province's cases. Only published
// counts are used (no withheld count bounded), so nothing is derived that a reader could not.
func recentRates(p Protected, gs GapSpec) func(string) recentRate {
	window := gs.Window
	if window <= 0 {
		window = 3
	}
	py, prov := p[provYearTable], p[provTable]
	if py == nil {
		return func(string) recentRate {
			return recentRate{note: "the release publishes no table of cases by province and year (" + provYearTable + "): the average over every year"}
		}
	}
	from, to := math.MaxInt, math.MinInt
	for _, r := range p[yearTable].Rows {
		if f, l, ok := period(r.Labels[0]); ok && f == l {
			from, to = min(from, f), max(to, l)
		}
	}
	to0 := to // the release's last year, partial or not: the average is over every year
	to, partial := gs.wholeYears(to)
	if from > to || to-from+1 <= window {
		if partial != "" {
			return func(string) recentRate {
				return recentRate{note: partial + "; too few whole years: the average over every year"}
			}
		}
		return func(string) recentRate { return recentRate{} } // every year is a recent one
	}
	// The province's published counts by year, and its country (one, else no total).
	type province struct {
		country string
		years   map[int]int64
		listed  bool
		first   int          // the first year listed, its count printed or not
		held    map[int]bool // the years listed whose count is withheld
		row     map[int]int  // each year's row in py
	}
	byProv := map[string]*province{}
	for ri, r := range py.Rows {
		if len(r.Labels) < 3 {
			continue
		}
		pv := byProv[r.Labels[1]]
		if pv == nil {
			pv = &province{country: r.Labels[0], years: map[int]int64{}, first: math.MaxInt, held: map[int]bool{}, row: map[int]int{}}
			byProv[r.Labels[1]] = pv
		}
		if pv.country != r.Labels[0] {
			pv.country = ""
		}
		pv.listed = true
		if y, l, ok := period(r.Labels[2]); ok && y == l {
			pv.first = min(pv.first, y)
			pv.row[y] = ri
			if n, published := py.Value(ri, 0); published {
				pv.years[y] = n
			} else {
				pv.held[y] = true
			}
		}
	}
	return func(name string) recentRate {
		pv := byProv[name]
		if pv == nil || pv.country == "" {
			// Only late organisations record its cases (the manifest's late_organisations): its
			// years are theirs, from the first one's start, not the release's (attack-2026-12-06a
			// A6: Siem Reap's girls, 11 cases of a register from 2022, read 1.0 a year over 11
			// years). The group's cases of every year over those years; a start months into
			// its year counts that year too (all its cases are in the count, and the table
			// gives none of its years apart), as does a last year the release does not cover
			// whole: counted as whole years, they make the cases a year a least, and the note
			// says so (InPartLeast; outc's Left since session zf: the demo's Cambodian provinces
			// from February 2019 read over seven years for six and eleven months). The month is
			// the manifest's only: the note names the year, not how much of it is covered.
			if y, january := gs.aloneFrom(name); pv == nil && y > from && y <= to0 {
				years := yearsText(y, to0)
				note := fmt.Sprintf("%s %d (every organisation recording its cases begins its registrations then: the run's late organisations), its cases a year over %s only", CoveredFrom, y, years)
				var part []string
				if !january {
					part = append(part, fmt.Sprintf("%d, which their registrations begin months into", y))
				}
				if gs.PartialYear > 0 && gs.PartialYear == to0 && (january || y < to0) {
					part = append(part, fmt.Sprintf("%d, which the release does not cover whole (its manifest's partial_year)", to0))
				}
				if len(part) > 0 {
					note += "; " + strings.Join(part, ", and ") + ", " + InPartLeast
				}
				return recentRate{perCase: 1 / float64(to0-y+1), years: years, begins: y, note: note}
			}
			return recentRate{note: provYearTable + " lists not this province's years (only those of provinces with enough cases): the average over every year"}
		}
		var total int64
		totalOK := false
		placed := "" // how a withheld total was placed, for the note
		for ri, r := range prov.Rows {
			if !r.Total && len(r.Labels) == 2 && r.Labels[0] == pv.country && r.Labels[1] == name {
				total, totalOK = prov.Value(ri, 0)
				if !totalOK {
					if pt, ok := placedTotal(prov, ri, gs); ok {
						total, totalOK = pt.total, true
						placed = fmt.Sprintf("%s %s-%s by the published tables: its midpoint used", TotalPlaced, strconv.FormatFloat(pt.lo, 'f', 0, 64), strconv.FormatFloat(pt.hi, 'f', 0, 64))
						if pt.printed {
							placed = fmt.Sprintf("%s %s-%s by the published tables: the %d an earlier release printed used", TotalCarried,
								strconv.FormatFloat(pt.lo, 'f', 0, 64), strconv.FormatFloat(pt.hi, 'f', 0, 64), total)
						}
					}
				}
			}
		}
		if !totalOK || total <= 0 {
			return recentRate{note: TotalWithheld}
		}
		// A province none of whose cases is registered before a year after the release's first
		// (its organisations' registrations begin then: one joined, or exported its new system's
		// records only): the years before are not its organisations' years, and averaging over
		// them, or over a window reaching them, understates it (attack-2026-12-04c R4: Phnom
		// Penh's boys, 13 from October 2024, read 1.2 a year over eleven years, 17th). The
		// table lists a listed province's years each at least 1, so a year not listed is none,
		// and the manifest's partial_first_year (protections.json) says the year registrations
		// begin months into: that year is not whole either. Nothing new is published for it.
		over := func(covered int, why string) (recentRate, bool) {
			if n := to - covered + 1; n >= 1 && covered > to-window+1 {
				var sum int64
				all := true
				for y := covered; y <= to && all; y++ {
					all = !pv.held[y] // a year not listed is none
					sum += pv.years[y]
				}
				if all && sum > 0 {
					years := yearSpan(covered, to)
					if covered == to {
						years = strconv.Itoa(to)
					}
					return recentRate{perCase: float64(sum) / float64(n) / float64(total), years: years,
						note: joinNotes(partial, joinNotes(placed, fmt.Sprintf("%s: its cases a year over %s only", why, years)))}, true
				}
			}
			return recentRate{}, false
		}
		if start := pv.first; start > from && start != math.MaxInt {
			covered := start
			why := fmt.Sprintf("%s %d (%s lists none of its years before)", CoveredFrom, start, provYearTable)
			if gs.firstFor(name) == start {
				covered = start + 1
				why += fmt.Sprintf(", and %d only in part (one organisation's registrations begin months into it: the manifest's partial_first_year)", start)
			}
			if rr, ok := over(covered, why); ok {
				rr.begins = start
				return rr
			}
		}
		// An organisation that joined with some older records keyed in (attack-2026-12-05a T9:
		// Phnom Penh's boys, 13 from October 2024 beside 20 cases of 2017-2022, read 1.5 a year
		// over eleven years, 16th): the province's years are listed from its first old record,
		// but most of its cases are printed in the years from the manifest's
		// partial_first_year. Its cases a year are over the whole years after that one.
		//
		// The partial year's own count may be withheld while the years after it are printed
		// (attack-2026-12-05b U2: 2024 withheld, 62 of the province's 89 cases in 2025, and the
		// boys read "at least" 4.1 a year over 2023-2025, 5th, not 2nd): the rule comes before
		// the window's and the linear program's, counting such a year at the least the published
		// tables allow it (nothing a reader could not work out). The province's own rise is told
		// apart from the organisation's start by the year before partial_first_year: a province
		// rising steeply (doubling a year) holds there a quarter or more of its cases a year
		// after it and keeps the window, while an organisation whose cases are most of the
		// province's has few there (the year before its start holds only records keyed in). When
		// partial_first_year is the last whole year, no whole year follows it: its count, of part
		// of a year, is taken as a year's, and the cases a year are at least those shown
		// (PartYearLeast).
		if pf := gs.firstFor(name); pf > from && pv.first < pf && pf <= to {
			var recent int64
			held := false
			for y := pf; y <= to; y++ {
				recent += pv.years[y]
				held = held || (y > pf && pv.held[y])
			}
			// leastOf returns the least the published tables allow a withheld year's count.
			leastOf := func(y int) (float64, bool) {
				ri := pv.row[y]
				if gs.Bounds == nil || py.Epsilon != 0 || py.Rows[ri].Rounded != nil {
					return 0, false
				}
				lo, hi, err := gs.Bounds.SumBounds(py.Name, [][2]int{{ri, 0}})
				if err != nil || lo > hi {
					return 0, false
				}
				return max(math.Ceil(lo-1e-6), 0), true
			}
			heldFirst := ""
			if pv.held[pf] {
				heldFirst = fmt.Sprintf("; %d's count withheld and not counted", pf) // no bounds: its least is not known
				if least, ok := leastOf(pf); ok {
					recent += int64(least)
					heldFirst = fmt.Sprintf("; %d's count withheld and counted at %d, the least the published tables allow it", pf, int64(least))
				}
			}
			after := min(pf+1, to)
			var afterSum int64
			for y := after; y <= to; y++ {
				afterSum += pv.years[y]
			}
			rising := false // the year before holds a quarter or more of the cases a year after
			if before, known := pv.years[pf-1]; known {
				rising = 4*before*int64(to-after+1) >= afterSum
			} else if pv.held[pf-1] {
				// Withheld: the least it may be (the published tables' least, or 1 below the
				// threshold), so a rise is not taken for the organisation's start unless surely
				// not the province's own.
				least := 0.0
				if py.Rows[pv.row[pf-1]].State[0] == release.Primary {
					least = 1
				}
				if lo, ok := leastOf(pf - 1); ok {
					least = max(least, lo)
				}
				rising = 4*least*float64(to-after+1) >= float64(afterSum)
			}
			if !held && gs.lateStart(name, rising) && 2*recent > total {
				why := fmt.Sprintf("%s %d (%d of its %d, in %s%s), the year one organisation's registrations begin months into "+
					"(the manifest's partial_first_year)", MostFrom, pf, recent, total, yearsText(pf, to), heldFirst)
				if pf == to {
					why += "; " + PartYearLeast
				}
				if rr, ok := over(after, why); ok {
					rr.begins, rr.most = pf, true
					return rr
				}
			}
		}
		// The last Window years all published, ending in the last Window years of the release.
		for end := to; end > to-window; end-- {
			var sum int64
			all := true
			for y := end - window + 1; y <= end && all; y++ {
				n, ok := pv.years[y]
				all = ok
				sum += n
			}
			if all && sum > 0 {
				return recentRate{perCase: float64(sum) / float64(window) / float64(total), years: yearSpan(end-window+1, end), note: joinNotes(partial, placed)}
			}
		}
		// A withheld year: the least the release's linear program allows the window's cases,
		// when it gives the province more cases a year than the average over every year does
		// (then the average surely understates them). Anyone can solve it from the published
		// tables; a monthly re-release withholds the years that moved, and a rising province
		// fell back to its 11-year average (issue-16-shares10.md).
		if least, years := leastRecent(py, name, window, to, total, gs.Bounds); placed == "" && least > 0 && least > 1/float64(to0-from+1) {
			return recentRate{perCase: least, years: years, note: joinNotes(partial, fmt.Sprintf("%s %s %s", LeastYears, years, leastYearsWhy))}
		}
		note := fmt.Sprintf("a count of the province's years %d-%d is withheld: the average over every year", to-2*window+2, to)
		if partial != "" {
			note = partial + "; " + note
		}
		return recentRate{note: note}
	}
}

// LateStart is a province whose cases the centre gaps take over fewer years than the
// release's (LateProvinces): Year is the year its registrations begin, its first year listed
// in the table of cases by province and year (CoveredFrom) or, Most true, the manifest's
// partial_first_year, from which most of its cases are printed (MostFrom).
type LateStart struct {
	Year int
	Most bool
}

// LateProvinces returns, by province code, the provinces of the protected tables whose cases
// the centre gaps take a year over the years from a late start only (CoveredFrom, MostFrom):
// their counts over the release cover fewer years than the others', which a ranking of
// provinces by their counts (the brief's) must say (attack-2026-12-05a T9: Phnom Penh's 13
// boys registered from October 2024 beside other provinces' eleven years). gs as for
// CentreGapsProtected (its PartialYear, PartialFirst, Window, Bounds and Carried); nil when
// none.
func LateProvinces(p Protected, gs GapSpec) map[string]LateStart {
	py := p[provYearTable]
	if py == nil || p[provTable] == nil || p[yearTable] == nil {
		return nil
	}
	rates := recentRates(p, gs)
	var out map[string]LateStart
	for _, r := range py.Rows {
		if r.Total || len(r.Labels) < 2 {
			continue
		}
		if _, seen := out[r.Labels[1]]; seen {
			continue
		}
		if rr := rates(r.Labels[1]); rr.begins > 0 {
			if out == nil {
				out = map[string]LateStart{}
			}
			out[r.Labels[1]] = LateStart{Year: rr.begins, Most: rr.most}
		}
	}
	return out
}

// provTotal is a withheld province total as the centre gaps count it (placedTotal).
type provTotal struct {
	total   int64
	lo, hi  float64 // the interval the published tables place it in
	printed bool    // total is the value an earlier release printed, not the midpoint
}

// placedTotal returns how the centre gaps count the withheld total (column 0) of row ri of
// prov, the cases by province and gender: a re-release withholds the totals that moved. The
// midpoint of the interval the published tables place it in, when they bound it above, as a
// withheld group's count is counted (Herat's, placed at 236-242, fell back to the average
// over 11 years: synth 3,000's series, December); the value the series printed last, kept
// within the interval, where an earlier release printed it, as a group's own count is
// (carryLast): Paktika's 126-348 (144 true) halved its boys' need at its midpoint, where an
// earlier release printed 133 (attack-2026-12-03g finding 7b, 2026-12-04a 7b). ok is false
// when it is printed, not bounded above, noisy or rounded.
func placedTotal(prov *release.Table, ri int, gs GapSpec) (provTotal, bool) {
	if _, printed := prov.Value(ri, 0); printed || gs.Bounds == nil || prov.Epsilon != 0 || prov.Rows[ri].Rounded != nil {
		return provTotal{}, false
	}
	lo, hi, err := gs.Bounds.SumBounds(prov.Name, [][2]int{{ri, 0}})
	if err != nil || lo > hi || math.IsInf(hi, 1) || lo <= 0 {
		return provTotal{}, false
	}
	lo, hi = math.Ceil(lo-1e-6), math.Floor(hi+1e-6)
	pt := provTotal{total: int64(math.Round((lo + hi) / 2)), lo: lo, hi: hi}
	if last, ok := gs.Carried.Last(prov.Name, prov.Counts, prov.Rows[ri].Labels, 0); ok && carriedFits(float64(last), lo, hi) {
		pt.total, pt.printed = int64(min(max(float64(last), lo), hi)), true
	}
	return pt, true
}

// CoveredFrom starts the part of a per_year_note saying that no case of the province is
// registered before a year after the release's first (the year follows): its cases a year are
// over the whole years from then, not over every year of the release.
const CoveredFrom = "no case of the province is registered before"

// MostFrom starts the part of a per_year_note saying that most of the province's cases are
// printed in the years from the manifest's partial_first_year (the year follows): its
// organisation joined with older records keyed in, and its cases a year are over the whole
// years after that one.
const MostFrom = "most of the province's cases are printed from"

// PartYearLeast is the part of a per_year_note saying that the province's cases a year are
// over the manifest's partial_first_year alone, the last whole year of the release: that
// year's count is of part of a year, so the cases a year are at least those shown.
const PartYearLeast = "no whole year follows it, so its count, of part of a year, is taken as a year's: cases a year at least those shown"

// InPartLeast ends the part of a per_year_note saying that a province only late organisations
// record has its cases a year over years one of which they, or the release, cover only in part
// (the year their registrations begin months into, a last year not covered whole): that year is
// counted as a whole one, so the cases a year are a least.
const InPartLeast = "counted as whole: its cases a year at least those shown"

// TotalPlaced starts the part of a per_year_note saying that the province's total, the
// denominator of its groups' share of its last years' cases, is withheld and counted at the
// midpoint of the interval the published tables place it in (the interval follows).
const TotalPlaced = "the province's cases are withheld, placed at"

// TotalCarried starts the part of a per_year_note saying that the province's total is withheld
// and placed by the published tables around a value an earlier release of the series printed
// (carried.json) is its denominator, a floor where the register only grows.
const TotalCarried = "the province's cases are withheld and placed at"

// TotalWithheld is the per_year_note of a group whose province's total is withheld and not
// bounded above by the published tables (nor placed at a positive least): the average over every
// year. The release's linear program holds every relation between its tables, the grand
// total less every other province's least among them, so a total it leaves open above has
// nothing published above it: the grand total itself is withheld and open above (a
// re-release withholds the totals that moved), and any figure for it would be a guess.
const TotalWithheld = "the province's cases are withheld: the average over every year"

// LeastYears starts the per_year_note of a group whose province's last years hold a withheld
// count: its cases a year are at least those shown, from the least the published tables allow
// the province's cases of those years (the years follow).
const LeastYears = "cases a year at least those shown: a count of the province's years"

const leastYearsWhy = "is withheld, and the published tables allow those years no fewer cases than give these (more than the average over every year)"

// leastRecent returns the province's cases a year per case of its total (total) over the
// window years ending in one of the last window years, from the least the release's linear
// program (bounds) allows their sum, the largest such; 0 when none is bounded (no bounds,
// noise or rounding, a year not listed).
func leastRecent(py *release.Table, province string, window, to int, total int64, bounds SumBounder) (float64, string) {
	if bounds == nil || py.Epsilon > 0 || total <= 0 {
		return 0, ""
	}
	rowOf := map[int]int{}
	for ri, r := range py.Rows {
		if len(r.Labels) < 3 || r.Labels[1] != province || r.Rounded != nil {
			continue
		}
		if y, l, ok := period(r.Labels[2]); ok && y == l {
			rowOf[y] = ri
		}
	}
	best, years := 0.0, ""
	for end := to; end > to-window; end-- {
		var cells [][2]int
		for y := end - window + 1; y <= end; y++ {
			if ri, ok := rowOf[y]; ok {
				cells = append(cells, [2]int{ri, 0})
			}
		}
		if len(cells) < window {
			continue
		}
		lo, hi, err := bounds.SumBounds(py.Name, cells)
		if err != nil || lo > hi {
			continue
		}
		if f := math.Ceil(lo-1e-6) / float64(window) / float64(total); f > best {
			best, years = f, yearSpan(end-window+1, end)
		}
	}
	return best, years
}

// ProvinceTrend is the trend_note of a centre-gap row whose trend is its province's: the
// protected tables publish no group (gender, age) by year, so the trend is that of all the
// province's cases.
const ProvinceTrend = "the province's cases, all genders and ages"

// NoProvinceYears is the trend_note of every centre-gap row of a release without the protected
// table of cases by province and year: the reason no trend is given.
const NoProvinceYears = "not estimable: the release publishes no table of cases by province and year (" + provYearTable + "), so a province's last years cannot be set against the years before"

// provinceTrends fills the trend columns of the ranking t from the protected table of cases by
// province and year: each province's cases of the last Window years against the Window years
// just before (two disjoint periods of equal length), as a Poisson rate ratio with its exact
// interval, and says in trend_note whose trend it is, or why there is none (the release has
// too few years for two such periods, a year of the province is withheld and the published
// counts do not bound the windows' sums, no case in either).
func provinceTrends(t *Table, p Protected, gs GapSpec) {
	t.Columns = append(t.Columns, "trend_note")
	for i := range t.Rows {
		t.Rows[i] = append(t.Rows[i], nil)
	}
	window := gs.Window
	if window <= 0 {
		window = 3
	}
	py, years := p[provYearTable], p[yearTable]
	note := func(province string) (string, *intervals.RateRatio) { return "", nil }
	switch {
	case py == nil:
		// A release without the table (one from before it was in the standard set, or whose
		// config declares its own tables): no trend, and every row says why.
		note = func(string) (string, *intervals.RateRatio) { return NoProvinceYears, nil }
	default:
		from, to := math.MaxInt, math.MinInt
		for _, r := range years.Rows {
			if f, l, ok := period(r.Labels[0]); ok && f == l {
				from, to = min(from, f), max(to, l)
			}
		}
		to, partial := gs.wholeYears(to)
		recentFrom, beforeFrom := to-window+1, to-2*window+1
		if from > beforeFrom {
			note = func(string) (string, *intervals.RateRatio) {
				return fmt.Sprintf("not estimable: the release's years (%s) hold no %d years before the last %d", yearSpan(from, to), window, window), nil
			}
			break
		}
		note = windowTrends(py, p[provTable], window, beforeFrom, recentFrom, to, Spec{Level: gs.Level}.level())
		// A province whose registrations begin within the windows, by its first year listed
		// (after the release's) or its late organisation's start: the earlier window holds
		// years before its organisations' records, and its start would read as a rise
		// (attack-2026-12-06a A6: Phnom Penh's 2023-2025 read 3.8 times 2020-2022, of which
		// only 2022 was its register's).
		firstListed := map[string]int{}
		for _, r := range py.Rows {
			if len(r.Labels) < 3 {
				continue
			}
			if y, l, ok := period(r.Labels[2]); ok && y == l {
				if f, seen := firstListed[r.Labels[1]]; !seen || y < f {
					firstListed[r.Labels[1]] = y
				}
			}
		}
		trend := note
		note = func(province string) (string, *intervals.RateRatio) {
			begins := 0
			if f, ok := firstListed[province]; ok && f > from && (f > beforeFrom || f == beforeFrom && gs.firstFor(province) == f) {
				begins = f
			}
			if y := gs.lateWithin(province, beforeFrom, to); y > 0 && (begins == 0 || y < begins) {
				begins = y
			}
			if begins > 0 && begins <= to {
				return fmt.Sprintf("%s %d, within the years compared (%d-%d against %d-%d): the earlier ones hold years before its organisations' records, and their start would read as a rise", LateTrend, begins, recentFrom, to, beforeFrom, recentFrom-1), nil
			}
			return trend(province)
		}
		if partial != "" {
			trend := note
			note = func(province string) (string, *intervals.RateRatio) {
				n, rr := trend(province)
				if n == "" {
					return partial, rr
				}
				return n + "; " + partial, rr
			}
		}
	}
	col := func(name string) int { return indexOf(t.Columns, name) }
	for _, row := range t.Rows {
		province, _ := row[col("province")].(string)
		n, rr := note(province)
		if n != "" {
			row[col("trend_note")] = n
		}
		if rr != nil {
			row[col("trend")], row[col("trend_lower")], row[col("trend_upper")] = round(rr.Ratio, 3), round(rr.Lower, 3), round(rr.Upper, 3)
		}
	}
}

// yearsText is yearSpan, or the one year when from is to.
func yearsText(from, to int) string {
	if from == to {
		return strconv.Itoa(from)
	}
	return yearSpan(from, to)
}

func yearSpan(from, to int) string {
	if from > to {
		return "none"
	}
	return fmt.Sprintf("%d-%d", from, to)
}

// ReadCentresFile reads a centres table from a CSV file (see ReadCentres).
func ReadCentresFile(path string) ([]Centre, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// A workbook read as CSV would fail on its first line ("no name column") though its sheet
	// has every column: say what it is (attack-2026-12-02g's lows).
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	if what := workbookKind(head[:n]); what != "" {
		return nil, fmt.Errorf("%s: %w: the file is %s, and centres are read from CSV only: save its sheet as CSV (UTF-8) and give that", path, ErrCentresWorkbook, what)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	cs, err := ReadCentres(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return cs, nil
}

// ErrCentresWorkbook is ReadCentresFile's error for a workbook given as the centres file.
var ErrCentresWorkbook = errors.New("a workbook, not a CSV file")

// workbookKind names the spreadsheet a file's first bytes show ("" for any other): an Office
// Open XML or OpenDocument workbook is a ZIP archive, an old Excel workbook an OLE2 file.
func workbookKind(head []byte) string {
	switch {
	case string(head) == "PK\x03\x04":
		return "a workbook (.xlsx, or another ZIP archive)"
	case string(head) == "\xd0\xcf\x11\xe0":
		return "an Excel workbook in an older format (.xls)"
	}
	return ""
}

// ReadCentres reads a centres table: CSV with a header naming the columns name, province
// (ISO 3166-2 code such as IN-WB, a name that only one country's provinces have, or a name
// with a country column), capacity (places), ages
// (0-17, 18+, 9-17, all, or several joined by ;) and genders (female, male, other or all,
// several joined by ;), in any order; an optional country column helps resolve province
// names. Lines starting with # are comments. An error names the line, column and field, never
// the value.
func ReadCentres(r io.Reader) ([]Centre, error) {
	var out []Centre
	err := readTable(r, "centres", CentreFields, []string{"country"}, CentreFieldNames,
		func(rec []string, col map[string]int, fail func(k, why string) error) error {
			vals := map[string]string{}
			for k, i := range col {
				vals[k] = rec[i]
			}
			c, field, why := ParseCentre(vals)
			if field != "" {
				return fail(field, why)
			}
			out = append(out, c)
			return nil
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CentreFields are the fields every centre gives (ReadCentres' columns); country is optional.
var CentreFields = []string{"name", "province", "capacity", "ages", "genders"}

// CentreFieldNames are other names accepted for the centre fields.
var CentreFieldNames = map[string][]string{
	"genders": {"gender"}, "ages": {"age", "age_band", "age_bands"}, "capacity": {"places", "beds"},
}

// ParseCentre reads one centre from its fields (CentreFields and an optional country, by
// their canonical names). When a field cannot be read it returns that field and why, never
// its value.
func ParseCentre(vals map[string]string) (c Centre, field, why string) {
	c = Centre{Name: undefuseName(strings.TrimSpace(vals["name"]))}
	if c.Name == "" {
		return c, "name", "empty"
	}
	code, ok := geo.LookupProvince(vals["country"], vals["province"])
	if !ok && strings.TrimSpace(vals["country"]) == "" {
		// A name only one country's provinces have ("Herat", "West Bengal") needs no country,
		// as in the exports; "Punjab" (India and Pakistan) does.
		code, ok = geo.LookupProvinceAnywhere(vals["province"])
	}
	if !ok {
		return c, "province", "not a known province, or a name that several countries' provinces have (give an ISO 3166-2 code such as IN-WB, or a name and a country column)"
	}
	c.Province = code
	var err error
	if c.Capacity, err = strconv.Atoi(strings.TrimSpace(vals["capacity"])); err != nil || c.Capacity < 0 {
		return c, "capacity", "not a whole number of places"
	}
	c.AgeLo, c.AgeHi = maxAge, 0
	for _, a := range splitList(vals["ages"]) {
		lo, hi, ok := parseAges(a)
		if !ok {
			return c, "ages", "not an age range such as 0-17, 18+ or all"
		}
		c.AgeLo, c.AgeHi = min(c.AgeLo, lo), max(c.AgeHi, hi)
	}
	if c.AgeLo > c.AgeHi {
		return c, "ages", "empty"
	}
	for _, g := range splitList(vals["genders"]) {
		switch strings.ToLower(g) {
		case "all", "any", "*":
			c.Genders = append(c.Genders, "female", "male", "other")
		case "female", "f", "girls", "women":
			c.Genders = append(c.Genders, "female")
		case "male", "m", "boys", "men":
			c.Genders = append(c.Genders, "male")
		case "other":
			c.Genders = append(c.Genders, "other")
		default:
			return c, "genders", "not female, male, other or all"
		}
	}
	if len(c.Genders) == 0 {
		return c, "genders", "empty"
	}
	slices.Sort(c.Genders)
	c.Genders = slices.Compact(c.Genders)
	return c, "", ""
}

// WriteCentres writes centres as the CSV ReadCentres reads back to the same centres: one
// line per centre, every field quoted (a name may start with the comment sign), the province
// as its ISO 3166-2 code, ages as lo-hi or lo+.
func WriteCentres(w io.Writer, centres []Centre) error {
	q := func(f string) string { return `"` + strings.ReplaceAll(f, `"`, `""`) + `"` }
	var b strings.Builder
	b.WriteString(strings.Join(CentreFields, ",") + "\n")
	for _, c := range centres {
		fmt.Fprintf(&b, "%s,%s,%d,%s,%s\n", q(defuseName(c.Name)), q(c.Province), c.Capacity, q(c.Ages()), q(strings.Join(c.Genders, ";")))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// defuseName keeps a spreadsheet from running a centre's name as a formula (CSV injection,
// as DefuseFormula): a name that starts with = + - @, after any quotes, gets one more leading
// quote, which ReadCentres takes off again (undefuseName), so that check reads back the names
// the reports were rendered with.
func defuseName(s string) string {
	if t := strings.TrimLeft(s, "'"); t != "" && strings.ContainsRune("=+-@", rune(t[0])) {
		return "'" + s
	}
	return s
}

// undefuseName undoes defuseName.
func undefuseName(s string) string {
	if t := strings.TrimLeft(s, "'"); len(t) < len(s) && t != "" && strings.ContainsRune("=+-@", rune(t[0])) {
		return s[1:]
	}
	return s
}

func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '|' || r == ' ' || r == '/' })
}

func parseAges(s string) (lo, hi int, ok bool) {
	switch strings.ToLower(s) {
	case "minor", "minors", "children", "child":
		return 0, 17, true
	case "adult", "adults":
		return 18, maxAge, true
	}
	return parseBand(s)
}

// servesAll reports whether the centre takes every age of the group (majority).
func (ct Centre) servesAll(majority string) bool {
	lo, hi, _ := groupAges(majority)
	return ct.AgeLo <= lo && ct.AgeHi >= hi
}

// GapSpec steers CentreGaps.
type GapSpec struct {
	// Window is the number of recent years whose cases are compared with the places (3 when
	// zero). The trend compares them with the Window years before.
	Window int
	// StayMonths is the average length of a stay in months (12 when zero): a group registering
	// c cases a year needs c·StayMonths/12 places.
	StayMonths float64
	// StayByProvince is the mean stay in months measured in each province's residential care
	// (by ISO 3166-2 code), used instead of StayMonths for that province's groups. Nil: none
	// measured. CentreGapsProtected fills it from the release's occupancy table when nil.
	StayByProvince map[string]float64
	Level          float64
	SmallCell      int
	// PartialYear is the last year of registration the release does not cover whole (the
	// manifest's partial_year; 0: none): the recent years and the trend end the year before,
	// as half a year's cases counted as a year's would lower the need and the trend.
	PartialYear int
	// PartialFirst is the year one organisation's registrations begin months into (the
	// manifest's partial_first_year; 0: none): a province first listed that year has its cases
	// a year over the whole years after it.
	PartialFirst int
	// PartialFirstProvinces are the provinces (codes) in which that organisation records cases
	// (the manifest's partial_first_year's provinces, the organisation's only; nil: not known,
	// as from protections.json). Known, a province's cases from PartialFirst on are taken as
	// the organisation's start (MostFrom) where it records cases and never elsewhere, in place
	// of the rule of thumb that tells a province's own rise by the year before (lateStart).
	PartialFirstProvinces []string
	// Late are every organisation whose registrations begin late, with its provinces (the
	// manifest's late_organisations; nil: not known, as from protections.json, and PartialFirst
	// with PartialFirstProvinces rule alone). Known, each province takes the start of the late
	// organisation recording its cases (firstFor) in place of PartialFirst, a province that
	// only late organisations record has its cases a year from their start even when the table
	// of cases by province and year lists not its years (aloneFrom), and no province's trend
	// is drawn across its organisation's start (attack-2026-12-06a A6).
	Late []release.LateOrganisation
	// Bounds (nil: none) bounds withheld counts of the ages table for CentreGapsProtected's
	// age bands (a centre serving part of a group's ages).
	Bounds SumBounder
	// Carried (nil: none) is the last values earlier releases of the series printed of the
	// counts this one withholds (the release's carried.json): an age band withheld, and bounded
	// too widely to tell the ages apart, is counted at its last printed value.
	Carried release.CarriedIndex
	// covered is, per province, the first year of CentreGaps' recent years when its cases
	// begin after the release's first year and after the last Window years begin
	// (microdataCovered); the province's groups' cases a year are over the years from then.
	covered map[string]int
	// vague is, per group (province, gender, majority status), its places and unmet need at
	// the ends its vague age bands allow (vagueRanges; CentreGapsProtected): gapsTable leaves
	// them empty, gives the ends and ranks the group by the midpoint of its unmet need's.
	vague map[[3]string]vagueRange
}

// wholeYears returns to, or the year before gs.PartialYear when to reaches it, and the note
// that says so ("" when nothing is left out).
func (gs GapSpec) wholeYears(to int) (int, string) {
	if gs.PartialYear > 0 && to >= gs.PartialYear {
		return gs.PartialYear - 1, fmt.Sprintf("%d is left out: the release does not cover it whole (its manifest's partial_year)", gs.PartialYear)
	}
	return to, ""
}

// MeasuredStays returns the mean stay in months (mean_stay_months) of each province of the
// release's occupancy table, keyed by province code; nil when the release has no occupancy
// table (it needs the run's centres) or no province's stay is published.
func MeasuredStays(p Protected) map[string]float64 {
	t := p["occupancy"]
	if t == nil {
		return nil
	}
	fi, li := slices.Index(t.Figures, "mean_stay_months"), slices.Index(t.Labels, "province")
	if fi < 0 || li < 0 {
		return nil
	}
	var out map[string]float64
	for _, r := range t.Rows {
		if r.Total || fi >= len(r.Figures) || li >= len(r.Labels) {
			continue
		}
		if m, err := strconv.ParseFloat(r.Figures[fi], 64); err == nil && m > 0 {
			if out == nil {
				out = map[string]float64{}
			}
			out[r.Labels[li]] = m
		}
	}
	return out
}

// CarriedStays returns the mean stay in months an earlier release of the series printed of each
// province whose occupancy row this release withholds with its counts (carried.json's figures,
// release.CarriedIndex.LastFigure), keyed by province code; nil when none. An update whose guard
// withheld Herat's and Nangarhar's occupancy counts set their boys' need at the default 12
// months where July printed 10.3 and 9.9 (attack-2026-12-03g finding 7b): the stay printed
// before is closer than the default, as a carried count is than a midpoint.
func CarriedStays(p Protected, carried release.CarriedIndex) map[string]float64 {
	t := p["occupancy"]
	if t == nil || carried == nil {
		return nil
	}
	fi, li := slices.Index(t.Figures, "mean_stay_months"), slices.Index(t.Labels, "province")
	if fi < 0 || li < 0 || t.Epsilon > 0 {
		return nil
	}
	var out map[string]float64
	for _, r := range t.Rows {
		if r.Total || li >= len(r.Labels) || fi < len(r.Figures) && r.Figures[fi] != "" {
			continue
		}
		f, ok := carried.LastFigure(t.Name, t.Counts, r.Labels, "mean_stay_months")
		if !ok {
			continue
		}
		if m, err := strconv.ParseFloat(f, 64); err == nil && m > 0 {
			if out == nil {
				out = map[string]float64{}
			}
			out[r.Labels[li]] = m
		}
	}
	return out
}

// CentreGaps ranks groups of people (province of exploitation, gender, minor or adult) by
// unmet need: the places they need, from the cases registered in the recent years, minus the
// places of the centres in the province that serve them. A centre serving several groups
// shares its places among them in proportion to their need. A centre serving part of a group's
// ages (boys of 9-17, of the boys under 18) takes only the need of the age bands it serves
// whole, at their share of the group's cases; without age bands (here, and in CentreGapsProtected
// when the ages table withholds them) it takes none, and the centres column says so. The
// group's unmet need is summed band by band. The trend is the rate ratio of
// the recent years against the years before, with its exact interval. The people at risk
// taken into care, outside the victims view, are ranked beside them (microdataAtRisk).
//
// When the release has generalized the year away, all its cases are the recent ones and
// neither the need per year nor the trend can be computed: the ranking is then by cases
// against places, and says so in the period column (AllYears) and per_year_note (NoYears:
// places_needed and unmet are at most those shown, all cases taken as one year's).
//
// Columns: rank, province, province_name, gender, majority_status, period, recent_cases,
// cases_per_year, stay_months (the stay the need assumes), places_needed, places, unmet,
// coverage, trend, trend_lower, trend_upper, centres.
func CentreGaps(ctx context.Context, db *sql.DB, centres []Centre, gs GapSpec) (*Table, error) {
	if len(centres) == 0 {
		return nil, errors.New("centre-gaps needs a centres table (--centres FILE)")
	}
	c, _, err := count(ctx, db, Spec{Dims: []string{DimProvince, DimGender, DimMajority, DimYear}})
	if err != nil {
		return nil, err
	}
	atRisk, err := microdataAtRisk(ctx, db)
	if err != nil {
		return nil, err
	}
	c.cells = append(c.cells, atRisk...)
	if gs.PartialYear > 0 {
		// Half a year's cases counted as a year's would lower the need and the trend: the
		// recent years end the year before (the period column says which).
		c.cells = slices.DeleteFunc(c.cells, func(cl *cell) bool {
			from, _, ok := period(cl.vals[3].s)
			return cl.vals[3].known && ok && from >= gs.PartialYear
		})
	}
	bands, err := microdataBands(ctx, db, gs.SmallCell)
	if err != nil {
		return nil, err
	}
	covered, notes := microdataCovered(c.cells, gs)
	gs.covered = covered
	// The groups some of whose cases have their year generalized ("*") while others have
	// years: those cases are in no year, so not in the recent cases (session zi's left).
	haveYears := false
	noYear := map[[3]string]bool{}
	for _, cl := range c.cells {
		if !cl.vals[3].known {
			if cl.count > 0 || cl.label != "" {
				noYear[[3]string{cl.vals[0].s, cl.vals[1].s, cl.vals[2].s}] = true
			}
		} else if _, _, ok := period(cl.vals[3].s); ok {
			haveYears = true
		}
	}
	t := gapsTable(c, centres, gs, AllYears, nil, bands)
	// No trend across a province's start within the windows compared, as provinceTrends says
	// for the protected tables (outc's zp Left: the microdata's trend set a late
	// organisation's first years against the years before its records).
	late := microdataLateTrends(c.cells, gs)
	t.Columns = append(t.Columns, "trend_note")
	for i, row := range t.Rows {
		province, _ := row[indexOf(t.Columns, "province")].(string)
		var n any
		if why, ok := late[province]; ok {
			n = why
			for _, col := range []string{"trend", "trend_lower", "trend_upper"} {
				row[indexOf(t.Columns, col)] = nil
			}
		}
		t.Rows[i] = append(row, n)
	}
	// Which years each group's cases a year stand for, as CentreGapsProtected says.
	t.Columns = append(t.Columns, "per_year_period", "per_year_note")
	pi, gi, mi, yi := indexOf(t.Columns, "province"), indexOf(t.Columns, "gender"), indexOf(t.Columns, "majority_status"), indexOf(t.Columns, "period")
	for i, row := range t.Rows {
		province, _ := row[pi].(string)
		period, note := row[yi], any(nil)
		if n, ok := notes[province]; ok {
			period, note = n[0], n[1]
		}
		if period == AllYears {
			note = NoYears
		} else if gender, _ := row[gi].(string); haveYears && noYear[[3]string{province, gender, Cell(row[mi])}] {
			n, _ := note.(string)
			note = joinNotes(n, SomeNoYear)
		}
		t.Rows[i] = append(row, period, note)
	}
	return t, nil
}

// SomeNoYear is the part of a per_year_note of CentreGaps' groups some of whose cases have
// no year (generalized to "*", or not recorded) in a release whose other cases have years: those
// cases are in no year, so in none of the recent years (the release does not say which they
// are in), and the group's need is at least that shown.
const SomeNoYear = "some of the group's cases have no year of registration in this release (generalized to \"*\", or not recorded) and are in none of the recent years: " +
	"recent_cases leaves them out, so cases_per_year, places_needed and unmet are at least those shown"

// AllYears is the period of CentreGaps' groups when the release has generalized the year of
// registration away in every case.
const AllYears = "all years (year generalized in this release)"

// NoYears is the per_year_note of CentreGaps' groups when the release has generalized the year
// of registration away in every case: the release records neither its cases' years nor the
// years it spans (a release without protected tables: prevalence anonymize's, or an earlier
// version's), so its cases cannot be divided by them, and places_needed is the need of all of
// them as one year's, the most any year's cases can need (synth 3,000 with the year generalized:
// West Bengal's girls, 615 cases over eleven years, needed 615 places).
const NoYears = "the year of registration is generalized in every case of this release, and the years it spans are not recorded: " +
	"cases_per_year is empty, and places_needed takes all its cases as one year's (recent_cases times stay_months / 12), the most any one year's cases " +
	"can need, so places_needed and unmet are at most those shown (divided by the years the release spans, places_needed is an average year's) and the ranking is of all its cases against the places"

// microdataCovered returns, for CentreGaps over the microdata's cells (province, gender,
// majority status, year), the first year of each province whose cases begin after the
// release's first year and after its last Window whole years begin, and the years used and
// the note for its rows: CentreGapsProtected's rule (recentRates, attack-2026-12-04c R4), as a
// province whose organisation began in October 2024 read its 2024-2025 cases over three years.
// The year after when its first year is gs.PartialFirst (one organisation's registrations
// begin months into it). A province with a case whose year is generalized or not recorded, or
// whose cases' periods reach across the first year used, keeps the window: its first year is
// not known. A province most of whose cases are registered from gs.PartialFirst (MostFrom: an
// organisation that joined with older records keyed in) has its cases a year over the whole
// years after it, as recentRates counts it.
func microdataCovered(cells []*cell, gs GapSpec) (map[string]int, map[string][2]string) {
	window := gs.Window
	if window <= 0 {
		window = 3
	}
	type span struct {
		first, last int
		unknown     bool
		// total is the province's cases, fromPartial those registered from gs.PartialFirst.
		total, fromPartial int64
		byYear             map[int]int64 // its cases of each single year
	}
	from, to := math.MaxInt, math.MinInt
	byProv := map[string]*span{}
	var order []string
	for _, cl := range cells {
		p, y := cl.vals[0], cl.vals[3]
		if cl.count == 0 {
			continue
		}
		var f, l int
		ok := y.known
		if ok {
			f, l, ok = period(y.s)
		}
		if ok {
			from, to = min(from, f), max(to, l)
		}
		if !p.known {
			continue
		}
		sp := byProv[p.s]
		if sp == nil {
			sp = &span{first: math.MaxInt, last: math.MinInt, byYear: map[int]int64{}}
			byProv[p.s] = sp
			order = append(order, p.s)
		}
		sp.total += cl.count
		if !ok {
			sp.unknown = true
			continue
		}
		sp.first, sp.last = min(sp.first, f), max(sp.last, l)
		if f == l {
			sp.byYear[f] += cl.count
		}
		if pf := gs.firstFor(p.s); pf > 0 && f >= pf {
			sp.fromPartial += cl.count
		}
	}
	var covered map[string]int
	notes := map[string][2]string{}
	for _, name := range order {
		sp := byProv[name]
		// straddles: a case of the province whose period reaches across first, which cannot
		// be told to be before it or not.
		straddles := func(first int) bool {
			for _, cl := range cells {
				if p, y := cl.vals[0], cl.vals[3]; cl.count > 0 && p.known && p.s == name {
					if f, l, _ := period(y.s); f < first && l >= first {
						return true
					}
				}
			}
			return false
		}
		start := sp.first
		var first int
		var why string
		// usable: first gives years within the window, none straddled.
		usable := func(first int) bool { return first <= to && first > to-window+1 && !straddles(first) }
		pf := gs.firstFor(name) // its late organisation's start (gs.PartialFirst without gs.Late)
		coveredFirst := start
		if pf == start {
			coveredFirst = start + 1
		}
		switch {
		case !sp.unknown && start != math.MaxInt && start > from && usable(coveredFirst):
			first = coveredFirst
			why = fmt.Sprintf("%s %d (the k-anonymous cases hold none of its years before, and none whose year is not known)", CoveredFrom, start)
			if pf == start {
				why += fmt.Sprintf(", and %d only in part (one organisation's registrations begin months into it: the manifest's partial_first_year)", start)
			}
		// A province whose first year is after the release's but before the window (the
		// organisation's older records keyed in, 2018 say) comes here too: it fell out before.
		case pf > from && start < pf && 2*sp.fromPartial > sp.total && gs.lateStart(name, risesItself(sp.byYear, pf, to)):
			// An organisation that joined with some older records keyed in (attack-2026-12-05a
			// T9's shape, recentRates' MostFrom): most of the province's cases, those whose
			// year is not known counted among all, are registered from the manifest's
			// partial_first_year, and its cases a year are over the whole years after it (or
			// that year's, at least, when it is the last whole year). No count is given: the
			// case file's counts are not the protected tables'. A province rising by itself
			// keeps the window, as recentRates tells it.
			first = min(pf+1, to)
			why = fmt.Sprintf("%s %d (in the k-anonymous cases), the year one organisation's registrations begin months into "+
				"(the manifest's partial_first_year)", MostFrom, pf)
			if pf == to {
				why += "; " + PartYearLeast
			}
		default:
			continue
		}
		if !usable(first) {
			continue
		}
		years := yearSpan(first, to)
		if first == to {
			years = strconv.Itoa(to)
		}
		if covered == nil {
			covered = map[string]int{}
		}
		covered[name] = first
		notes[name] = [2]string{years, fmt.Sprintf("%s: its cases a year over %s only", why, years)}
	}
	return covered, notes
}

// microdataLateTrends returns, for CentreGaps over the microdata's cells (province, gender,
// majority status, year), the trend_note of each province whose registrations begin within
// the years its trend compares (gapsTable's windows): its first year with cases after the
// release's first and after the earlier window's first year (or that year, when its late
// organisation begins months into it), or a late organisation recording its cases starting
// within the windows (lateWithin). provinceTrends' rule over the protected tables.
func microdataLateTrends(cells []*cell, gs GapSpec) map[string]string {
	window := gs.Window
	if window <= 0 {
		window = 3
	}
	maxTo, from := math.MinInt, math.MaxInt
	first := map[string]int{}
	for _, cl := range cells {
		y := cl.vals[3]
		if !y.known {
			continue
		}
		f, l, ok := period(y.s)
		maxTo = max(maxTo, l) // gapsTable's last year
		if !ok || cl.count == 0 && cl.label == "" {
			continue
		}
		from = min(from, f)
		if p := cl.vals[0]; p.known && f == l {
			if g, seen := first[p.s]; !seen || f < g {
				first[p.s] = f
			}
		}
	}
	if maxTo == math.MinInt {
		return nil
	}
	recentFrom := math.MaxInt
	for _, cl := range cells {
		if v := cl.vals[3]; v.known {
			if f, l, ok := period(v.s); ok && l > maxTo-window {
				recentFrom = min(recentFrom, f)
			}
		}
	}
	beforeFrom := recentFrom - (maxTo - recentFrom + 1)
	if from > beforeFrom {
		return nil // no years before to compare: gapsTable gives no trend
	}
	out := map[string]string{}
	provinces := map[string]bool{}
	for _, cl := range cells {
		if p := cl.vals[0]; p.known {
			provinces[p.s] = true
		}
	}
	for province := range provinces {
		begins := 0
		if f, ok := first[province]; ok && f > from && (f > beforeFrom || f == beforeFrom && gs.firstFor(province) == f) {
			begins = f
		}
		if y := gs.lateWithin(province, beforeFrom, maxTo); y > 0 && (begins == 0 || y < begins) {
			begins = y
		}
		if begins > 0 && begins <= maxTo {
			out[province] = fmt.Sprintf("%s %d, within the years compared (%d-%d against %d-%d): the earlier ones hold years before its organisations' records, and their start would read as a rise", LateTrend, begins, recentFrom, maxTo, beforeFrom, recentFrom-1)
		}
	}
	return out
}

// lateStart says whether province name's rise at PartialFirst is taken as the start of the
// organisation whose registrations begin months into that year (MostFrom) rather than the
// province's own: where PartialFirstProvinces is known, whether the organisation records cases
// in name (the years before lack its cases however many the others registered); else the rule
// of thumb, not rises (the year before holds a quarter or more of the cases a year after).
func (gs GapSpec) lateStart(name string, rises bool) bool {
	if gs.Late != nil {
		return true // firstFor gave the start of an organisation recording cases in name
	}
	if gs.PartialFirstProvinces == nil {
		return !rises
	}
	return slices.Contains(gs.PartialFirstProvinces, name)
}

// firstFor returns the year in which the late organisation recording cases in province name
// begins its registrations (the latest when several do; 0: none) where gs.Late is known, else
// PartialFirst (one organisation's, wherever it records: lateStart tells).
func (gs GapSpec) firstFor(name string) int {
	if gs.Late == nil {
		return gs.PartialFirst
	}
	y := 0
	for _, l := range gs.Late {
		if slices.Contains(l.Provinces, name) {
			y = max(y, l.Year)
		}
	}
	return y
}

// aloneFrom returns the year in which the registrations of the organisations recording cases
// in province name begin when every one of them begins late (the earliest of their starts;
// 0: an organisation beginning on time records it, or gs.Late is not known), and whether that
// start is in January of that year.
func (gs GapSpec) aloneFrom(name string) (year int, january bool) {
	for _, l := range gs.Late {
		if slices.Contains(l.Alone, name) && (year == 0 || l.Year < year || l.Year == year && l.Month == 1) {
			year, january = l.Year, l.Month == 1
		}
	}
	return year, january
}

// lateWithin returns the start (year) of a late organisation recording cases in province name
// that falls after the first year of a trend's earlier window (beforeFrom), or in it
// months into it, up to the last year compared (to): the windows then set its years before
// its records against its years after (0: none; gs.Late not known).
func (gs GapSpec) lateWithin(name string, beforeFrom, to int) int {
	for _, l := range gs.Late {
		if slices.Contains(l.Provinces, name) && l.Year <= to && (l.Year > beforeFrom || l.Year == beforeFrom && l.Month > 1) {
			return l.Year
		}
	}
	return 0
}

// risesItself says whether a province's cases of the year before pf (the manifest's
// partial_first_year) are a quarter or more of its cases a year in the whole years after pf
// (pf itself when it is the last whole year, to): its rise is its own, not the start of the
// organisation whose registrations begin months into pf (recentRates' MostFrom).
func risesItself(byYear map[int]int64, pf, to int) bool {
	after := min(pf+1, to)
	var sum int64
	for y := after; y <= to; y++ {
		sum += byYear[y]
	}
	return 4*byYear[pf-1]*int64(to-after+1) >= sum
}

// microdataAtRisk returns the centre-gap cells (province, gender, AtRisk, year) of the people at
// risk taken into care (trafficking_status at_risk), which the microdata holds outside the
// victims view: they fill the centres' places too, so they are ranked as addAtRisk ranks them
// from the protected tables (a group per province and gender, female, male or OtherOrUnknown,
// at all ages, served by every centre of its province and gender), but with their own years,
// which the microdata has. None when the release has no trafficking status (only victims).
func microdataAtRisk(ctx context.Context, db *sql.DB) ([]*cell, error) {
	if absentColumns(ctx, db, []string{schema.TraffickingStatus})[schema.TraffickingStatus] {
		return nil, nil
	}
	c, _, err := countFrom(ctx, db, "(SELECT * FROM cases WHERE "+schema.TraffickingStatus+" = 'at_risk')", Spec{Dims: []string{DimProvince, DimGender, DimYear}})
	if err != nil {
		return nil, err
	}
	var out []*cell
	for _, cl := range c.cells {
		if cl.count == 0 {
			continue
		}
		g := cl.vals[1]
		if !g.known || (g.s != "female" && g.s != "male") {
			g = value{s: OtherOrUnknown, known: true}
		}
		out = append(out, &cell{vals: []value{cl.vals[0], g, {s: AtRiskAllAges, known: true}, cl.vals[2]}, count: cl.count})
	}
	return out, nil
}

// microdataBands returns the age bands of each group (gender, majority status) from the
// microdata's age bands, over all provinces as CentreGapsProtected's from the ages table, so
// that a boys' home of 9-17 takes the need of the boys of 9-17 in the older path too
// (attack-2026-12-02b finding 3's path for releases without protected tables). A band of
// fewer than smallCell cases counts as smallCell/2, the middle of 1 to smallCell-1, so that
// no small count is given back by a share; a group with no band published (the age band
// generalized away) has none, and a centre serving part of its ages takes nothing.
func microdataBands(ctx context.Context, db *sql.DB, smallCell int) (func(gender, majority string) []ageBand, error) {
	c, _, err := count(ctx, db, Spec{Dims: []string{DimGender, DimMajority, DimAge}})
	if err != nil {
		return nil, err
	}
	if smallCell <= 0 {
		smallCell = DefaultSmallCell
	}
	return func(gender, majority string) []ageBand {
		glo, ghi, ok := groupAges(majority)
		if !ok {
			return nil
		}
		var bands []ageBand
		at := map[string]int{}
		total, known := 0.0, false
		for _, cl := range c.cells {
			g, m, a := cl.vals[0], cl.vals[1], cl.vals[2]
			if g.s != gender || m.s != majority || cl.count == 0 {
				continue
			}
			label := a.s // NotRecorded or Generalized when not known
			i, seen := at[label]
			if !seen {
				i = len(bands)
				at[label] = i
				bands = append(bands, ageBand{label: label})
				if lo, hi, ok := parseBand(label); ok && label != "" && lo >= glo && hi <= ghi && (lo > glo || hi < ghi) {
					bands[i].lo, bands[i].hi, bands[i].known = lo, hi, true
					known = true
				}
			}
			bands[i].share += float64(cl.count)
		}
		if !known {
			return nil
		}
		for i := range bands {
			if n := bands[i].share; n > 0 && n < float64(smallCell) {
				bands[i].share = float64(smallCell) / 2
				bands[i].bounded = fmt.Sprintf("under %d: %s used", smallCell, strconv.FormatFloat(bands[i].share, 'f', -1, 64))
			}
			total += bands[i].share
		}
		for i := range bands {
			bands[i].share /= total
		}
		return bands
	}, nil
}

// gapsTable ranks the counted cells (province, gender, majority status, year or period) as
// CentreGaps says; noYears labels the period when no year is known. perCase, when not nil,
// gives a province's cases a year per case of the period (recentRates), which replaces the
// average over the period where it has one. bands, when not nil, gives a group's age bands
// (ageBands) for the centres that serve part of its ages.
func gapsTable(c *counted, centres []Centre, gs GapSpec, noYears string, perCase func(province string) (float64, bool), bands func(gender, majority string) []ageBand) *Table {
	window := gs.Window
	if window <= 0 {
		window = 3
	}
	stay := gs.StayMonths
	if stay <= 0 {
		stay = 12
	}
	spec := Spec{Level: gs.Level, SmallCell: gs.SmallCell}
	// The recent window and the one before, from the known periods.
	maxTo := math.MinInt
	for _, cl := range c.cells {
		if v := cl.vals[3]; v.known {
			_, to, _ := period(v.s)
			maxTo = max(maxTo, to)
		}
	}
	haveYears := maxTo != math.MinInt
	recentFrom := math.MaxInt
	if haveYears {
		for _, cl := range c.cells {
			if v := cl.vals[3]; v.known {
				if from, to, _ := period(v.s); to > maxTo-window {
					recentFrom = min(recentFrom, from)
				}
			}
		}
	}
	recentYears := float64(maxTo - recentFrom + 1)
	prevFrom := recentFrom - int(recentYears)
	prevFound := false
	type group struct {
		province, gender, majority string
		recent, before             int64
		need, places, stay, year   float64
		names                      []string
		bands                      []ageBand // the whole group as one band, or its age bands
		bandPlaces                 []float64 // places taken by each band
		// bandMost: places taken by each band when every centre serving part of a band's
		// ages gives it all it may (mayTake); bandPlaces when it gives none.
		bandMost           []float64
		label, beforeLabel string // withheld counts' labels
		// least is what the published tables allow its withheld recent count at least (the
		// sum of its cells' least), unbounded when one of them is bounded by no more than 0.
		least     float64
		unbounded bool
		// most is the sum of its withheld cells' most; open when one of them has none.
		most float64
		open bool
		// carried is the sum of its withheld cells' values an earlier release printed, used
		// for its need when every one of them has one (noCarried false).
		carried      float64
		noCarried    bool
		carriedWhole string // some of it from its gender's count at all ages (carryWhole): how
		fromCarried  bool   // counted so (CarriedUsed)
		// covered is the first year of its recent cases when its province's begin after the
		// recent window does (GapSpec.covered; 0: the window)
		covered int
	}
	var groups []*group
	byKey := map[[3]string]*group{}
	for _, cl := range c.cells {
		p, g, m, y := cl.vals[0], cl.vals[1], cl.vals[2], cl.vals[3]
		if !p.known {
			continue
		}
		k := [3]string{p.s, g.s, m.s}
		gr := byKey[k]
		if gr == nil {
			gr = &group{province: p.s, gender: g.s, majority: m.s, covered: gs.covered[p.s]}
			byKey[k] = gr
			groups = append(groups, gr)
		}
		withheld := func(l *string) {
			if cl.label != "" {
				*l = cl.label
			}
		}
		recent := func() {
			gr.recent += cl.count
			withheld(&gr.label)
			if cl.label != "" {
				gr.carried += cl.carried
				gr.noCarried = gr.noCarried || !cl.hasCarried
				if cl.carriedWhole != "" {
					gr.carriedWhole = cl.carriedWhole
				}
				gr.least += cl.least
				gr.unbounded = gr.unbounded || cl.least <= 0
				gr.most += cl.most
				gr.open = gr.open || math.IsInf(cl.most, 1) || cl.most < cl.least
			}
		}
		switch {
		case !haveYears:
			recent()
		case y.known && gr.covered > 0:
			// Its cases begin after the window does: the years from then only (microdataCovered
			// left out a province whose periods reach across that year).
			if from, _, _ := period(y.s); from >= gr.covered {
				recent()
			}
		case y.known:
			from, to, _ := period(y.s)
			if from >= recentFrom {
				recent()
			} else if from >= prevFrom && to < recentFrom {
				gr.before += cl.count
				withheld(&gr.beforeLabel)
				prevFound = true
			}
		}
	}
	// ranked says whether a group takes its place in the ranking: its count published, or
	// withheld to protect another ("x") and bounded by the published tables at threshold or
	// more, when it is ranked (and takes its share of the centres' places) by that least count.
	ranked := func(gr *group) bool {
		return gr.label == "" || gr.label == release.SecondaryLabel && !gr.unbounded && gr.least+float64(gr.recent) >= float64(max(spec.smallCell(), 1))
	}
	for _, gr := range groups {
		gr.stay = stay
		if m := gs.StayByProvince[gr.province]; m > 0 {
			gr.stay = m
		}
		n := float64(gr.recent)
		if gr.label != "" && ranked(gr) {
			// Counted at the midpoint of the interval the published tables allow, as a withheld
			// age band is (ageBands), when they bound it above: its least alone is often the
			// threshold every withheld count has, and a monthly re-release read Nangarhar's
			// boys, 149 the month before and placed at 10-267, as needing 0.9 places for 20.7
			// (attack-2026-12-03c finding 6). Its least when nothing bounds it above.
			n += gr.least
			if !gr.open {
				n = float64(gr.recent) + (gr.least+gr.most)/2
			}
			if !gr.noCarried && gr.carried > 0 {
				// Bounds too wide for their midpoint (10-87) and a value an earlier release of
				// the series printed: that value, as for the age bands (attack-2026-12-03f
				// finding 6: Nangarhar's girls, 18 in July, ranked 2nd in December from 48.5).
				n = float64(gr.recent) + gr.carried
				gr.fromCarried = true
				if c.carriedUsed == nil {
					c.carriedUsed = map[[3]string]float64{}
				}
				c.carriedUsed[[3]string{gr.province, gr.gender, gr.majority}] = gr.carried
				if gr.carriedWhole != "" {
					if c.carriedWhole == nil {
						c.carriedWhole = map[[3]string]string{}
					}
					c.carriedWhole[[3]string{gr.province, gr.gender, gr.majority}] = gr.carriedWhole
				}
			}
		}
		if haveYears {
			gr.year = n / recentYears
			if gr.covered > 0 {
				gr.year = n / float64(maxTo-gr.covered+1)
			}
			if perCase != nil {
				if f, ok := perCase(gr.province); ok {
					gr.year = n * f
				}
			}
			gr.need = gr.year * gr.stay / 12
		} else {
			gr.need = n * gr.stay / 12
		}
	}
	for _, gr := range groups {
		gr.bands = []ageBand{{known: false, share: 1}}
		if bands != nil {
			if b := bands(gr.gender, gr.majority); b != nil {
				gr.bands = b
			}
		}
		gr.bandPlaces = make([]float64, len(gr.bands))
		gr.bandMost = make([]float64, len(gr.bands))
	}
	// takes says whether a centre can take a band of the group's need: a band within its ages,
	// or any band when it serves the group's whole age range.
	takes := func(ct Centre, gr *group, b ageBand) bool { return bandTakes(ct, gr.majority, b) }
	// mayTake says whether a centre may take some of a band: its ages meet the band's (a
	// home for boys of 12-17 and the band 9-17), or the band's ages are not recorded. How
	// many of the band are of the ages it serves no table publishes, so such a centre gives
	// the band from none to all it would give a band it serves whole: the group is counted at
	// the midpoint of the two and its unmet need shown with both (attack-2026-12-04a, lows:
	// Herat's boys ranked 1st from 6th, "not counted" beside 30 beds for ages 12-17).
	mayTake := func(ct Centre, gr *group, b ageBand) bool { return bandMayTake(ct, gr.majority, b) }
	for _, ct := range centres {
		type take struct {
			gr *group
			b  int
		}
		var served []*group
		var taken, most []take
		var withheld []string // groups the centre serves whose need is withheld
		var bounded []*group  // groups it serves ranked by the least their withheld count can be
		total, totalMost := 0.0, 0.0
		for _, gr := range groups {
			if !ranked(gr) {
				// Its need is withheld: it takes no share of the places, so the groups beside
				// it look covered (Khost's girls "coverage 11.85" beside its boys withheld on a
				// re-release, issue-16-shares8.md): their centres column says so.
				if gr.province == ct.Province && ct.serves(gr.gender, gr.majority) {
					withheld = append(withheld, gr.gender+" "+gr.majority)
				}
				continue
			}
			if gr.province != ct.Province || !ct.serves(gr.gender, gr.majority) {
				continue
			}
			served = append(served, gr)
			if gr.label != "" {
				bounded = append(bounded, gr)
			}
			for bi, b := range gr.bands {
				if takes(ct, gr, b) {
					taken = append(taken, take{gr, bi})
					total += gr.need * b.share
				}
				if mayTake(ct, gr, b) {
					most = append(most, take{gr, bi})
					totalMost += gr.need * b.share
				}
			}
		}
		for _, tk := range taken {
			if total > 0 {
				tk.gr.bandPlaces[tk.b] += float64(ct.Capacity) * tk.gr.need * tk.gr.bands[tk.b].share / total
			}
		}
		// least and mostOf: the places this centre gives each group it serves, at the two ends.
		least, mostOf := map[*group]float64{}, map[*group]float64{}
		for _, tk := range taken {
			if total > 0 {
				least[tk.gr] += float64(ct.Capacity) * tk.gr.need * tk.gr.bands[tk.b].share / total
			}
		}
		for _, tk := range most {
			if totalMost > 0 {
				p := float64(ct.Capacity) * tk.gr.need * tk.gr.bands[tk.b].share / totalMost
				tk.gr.bandMost[tk.b] += p
				mostOf[tk.gr] += p
			}
		}
		shared := ""
		if len(withheld) > 0 {
			shared = fmt.Sprintf(" (%s: %s)", SharedWithWithheld, strings.Join(withheld, ", "))
		}
		// partOf names the bands of a group the centre serves part of; the other groups'
		// share of its places is then uncertain too (fewer when it gives those bands all).
		partOf := func(gr *group) []string {
			var part []string
			for _, b := range gr.bands {
				switch {
				case !mayTake(ct, gr, b) || takes(ct, gr, b):
				case b.known:
					part = append(part, b.words())
				case len(gr.bands) == 1:
					part = append(part, "ages") // no table of cases by age
				default:
					part = append(part, "cases of "+b.words())
				}
			}
			return part
		}
		var partGroups []string
		for _, gr := range served {
			if len(partOf(gr)) > 0 {
				partGroups = append(partGroups, gr.gender+" "+gr.majority)
			}
		}
		for _, gr := range served {
			// A group sharing the centre with one whose need is only a lower bound takes at
			// most the share shown: the places are not all its (attack-2026-12-02f finding 2:
			// West Bengal's people at risk took 19.3 of the Kolkata homes' 26 places beside its
			// girls, 115 the month before, counted by their least, 10).
			var others []string
			var mids, carried []string
			for _, b := range bounded {
				switch {
				case b == gr:
				case b.fromCarried:
					carried = append(carried, b.gender+" "+b.majority)
				case b.open:
					others = append(others, b.gender+" "+b.majority)
				default:
					mids = append(mids, b.gender+" "+b.majority)
				}
			}
			note := shared
			if len(others) > 0 {
				note += fmt.Sprintf(" (%s: %s)", SharedWithBounded, strings.Join(others, ", "))
			}
			if len(mids) > 0 {
				note += fmt.Sprintf(" (%s: %s)", SharedWithMidpoint, strings.Join(mids, ", "))
			}
			if len(carried) > 0 {
				note += fmt.Sprintf(" (%s: %s)", SharedWithCarried, strings.Join(carried, ", "))
			}
			part := partOf(gr)
			if len(part) == 0 && len(partGroups) > 0 {
				note += fmt.Sprintf(" (%s: %s; %s-%s of its places to this group, the midpoint counted)", SharedWithPartBand, strings.Join(partGroups, ", "),
					oneDecimal(mostOf[gr]), oneDecimal(least[gr]))
			}
			if len(part) == 0 {
				gr.names = append(gr.names, ct.Name+leftOut(ct, gr.majority, gr.bands, func(b ageBand) bool { return takes(ct, gr, b) })+note)
				continue
			}
			s := leftOut(ct, gr.majority, gr.bands, func(b ageBand) bool { return mayTake(ct, gr, b) })
			clause := fmt.Sprintf("%s%s, how many of them no published table says: %s-%s of its places to the group, the midpoint counted", PartOfBand, strings.Join(part, " or "),
				oneDecimal(least[gr]), oneDecimal(mostOf[gr]))
			if s == "" {
				s = fmt.Sprintf(" (ages %s; %s)", ct.Ages(), clause)
			} else {
				s = strings.TrimSuffix(s, ")") + "; " + clause + ")"
			}
			gr.names = append(gr.names, ct.Name+s+note)
		}
	}
	unmet := map[*group]float64{}
	// unmetRange: the unmet need at the two ends of what the centres serving part of an age
	// band give it (and so, by need, the groups beside it), when they differ.
	unmetRange := map[*group][2]float64{}
	for _, gr := range groups {
		placesA, placesB, unmetA, unmetB := 0.0, 0.0, 0.0, 0.0
		for bi, b := range gr.bands {
			placesA += gr.bandPlaces[bi]
			placesB += gr.bandMost[bi]
			unmetA += math.Max(0, gr.need*b.share-gr.bandPlaces[bi])
			unmetB += math.Max(0, gr.need*b.share-gr.bandMost[bi])
		}
		// Counted at the midpoints: ranked by the middle of the unmet need it may have.
		gr.places, unmet[gr] = (placesA+placesB)/2, (unmetA+unmetB)/2
		if math.Abs(unmetA-unmetB) > 1e-9 {
			unmetRange[gr] = [2]float64{math.Min(unmetA, unmetB), math.Max(unmetA, unmetB)}
		}
		if r, ok := gs.vague[[3]string{gr.province, gr.gender, gr.majority}]; ok && ranked(gr) {
			// Not estimable: ranked by the middle of its unmet need's ends.
			unmet[gr] = (r.unmetLo + r.unmetHi) / 2
			unmetRange[gr] = [2]float64{r.unmetLo, r.unmetHi}
		}
	}
	sort.SliceStable(groups, func(i, j int) bool {
		a, b := groups[i], groups[j]
		if ranked(a) != ranked(b) {
			return ranked(a) // needs withheld and not bounded last
		}
		ua, ub := unmet[a], unmet[b]
		if ua != ub {
			return ua > ub
		}
		return a.recent > b.recent
	})
	t := &Table{Rows: [][]any{}, Columns: []string{"rank", "province", "province_name", "gender", "majority_status", "period",
		"recent_cases", "cases_per_year", "stay_months", "places_needed", "places", "unmet", "coverage", "trend", "trend_lower", "trend_upper", "centres", "recent_cases_least", "recent_cases_most", "unmet_least", "unmet_most"}}
	periodLabel := noYears
	if haveYears {
		periodLabel = fmt.Sprintf("%d-%d", recentFrom, maxTo)
	}
	level := spec.level()
	for i, gr := range groups {
		name := any(nil)
		if p, ok := geo.ProvinceByCode(gr.province); ok {
			name = p.Name
		}
		var perYear, trend, lo, hi, coverage any
		if haveYears {
			perYear = round(gr.year, 1)
			// A group whose cases begin after the window does has no years before to compare.
			if prevFound && !spec.suppressed(gr.before) && gr.beforeLabel == "" && gr.covered == 0 {
				rr := intervals.PoissonRateRatio(int(gr.recent), recentYears, int(gr.before), recentYears, level)
				trend, lo, hi = round(rr.Ratio, 3), round(rr.Lower, 3), round(rr.Upper, 3)
			}
		}
		if gr.need > 0 {
			coverage = round(gr.places/gr.need, 2)
		}
		row := []any{int64(i + 1), gr.province, name, gr.gender, gr.majority, periodLabel,
			gr.recent, perYear, round(gr.stay, 1), round(gr.need, 1), round(gr.places, 1), round(unmet[gr], 1), coverage,
			trend, lo, hi, strings.Join(gr.names, "; "), nil, nil, nil, nil}
		if r, ok := unmetRange[gr]; ok {
			row[indexOf(t.Columns, "unmet_least")], row[indexOf(t.Columns, "unmet_most")] = round(r[0], 1), round(r[1], 1)
		}
		if r, ok := gs.vague[[3]string{gr.province, gr.gender, gr.majority}]; ok && ranked(gr) {
			for _, col := range []string{"places", "unmet", "coverage"} {
				row[indexOf(t.Columns, col)] = nil
			}
			ci := indexOf(t.Columns, "centres")
			head := BandsNotEstimable
			if r.shared {
				head = SharedNotEstimable
			}
			row[ci] = joinNotes(fmt.Sprintf("%s %s (places %s-%s, unmet %s-%s at the two ends)", head, r.why,
				oneDecimal(r.placesLo), oneDecimal(r.placesHi), oneDecimal(r.unmetLo), oneDecimal(r.unmetHi)), row[ci].(string))
		}
		switch {
		case gr.label != "" && ranked(gr):
			// Ranked by the midpoint of the interval the published tables allow its count
			// (recent_cases_least to recent_cases_most), or by its least when they bound it
			// by nothing above (its cases a year, places needed and unmet need are then at
			// least those shown), its places its share by that need; no coverage or trend of
			// its own.
			row[indexOf(t.Columns, "recent_cases_least")] = gr.recent + int64(gr.least)
			if !gr.open {
				row[indexOf(t.Columns, "recent_cases_most")] = gr.recent + int64(gr.most)
			}
			for _, col := range []string{"coverage", "trend", "trend_lower", "trend_upper"} {
				row[indexOf(t.Columns, col)] = nil
			}
		case spec.suppressed(gr.recent) || gr.label != "":
			for _, col := range []string{"cases_per_year", "places_needed", "places", "unmet", "coverage", "trend", "trend_lower", "trend_upper", "unmet_least", "unmet_most"} {
				row[indexOf(t.Columns, col)] = nil
			}
		}
		if gr.label != "" {
			row[indexOf(t.Columns, "recent_cases")] = gr.label
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// SharedWithBounded starts the note after a centre's name when it also serves a group ranked
// by the least its withheld count can be: the group's share of the places is at most that
// shown.
const SharedWithBounded = "shared by need with a group whose count is withheld and taken at the least the published tables allow it, so this group's share of its places is at most that counted here"

// SharedWithMidpoint starts the note after a centre's name when it also serves a group whose
// count is withheld and taken at the midpoint of the interval the published tables allow it:
// the group's share of the places is as uncertain as that group's need.
const SharedWithMidpoint = "shared by need with a group whose count is withheld and taken at the midpoint of the interval the published tables allow it, so this group's share of its places may be more or less than counted here"

// SharedWithCarried starts the note after a centre's name when it also serves a group whose
// count is withheld and taken at the value an earlier release printed (CarriedUsed): not the
// midpoint, which SharedWithMidpoint would say (attack-2026-12-03f finding 6's page).
const SharedWithCarried = "shared by need with a group whose count is withheld and taken at the value an earlier release printed, so this group's share of its places may be more or less than counted here"

// SharedWithWithheld starts the note after a centre's name when it also serves a group whose
// need is withheld: that group takes none of its places here, so the groups shown may have
// fewer than the column says.
const SharedWithWithheld = "its places all counted here, though it also serves a group whose count is withheld"

// leftOut says, after a centre's name, which of the group's ages the centre does not take and
// their share of the group's cases (all provinces': the ages table has none by province), so
// that a programme lead reads why a group can have more places than its need and still an
// unmet need ("Herat Boys' Centre (ages 9-17; not the group's ages 0-8: 17% of its cases, as in
// all provinces)"), and, for a share resting on a withheld count, the interval the published
// tables place it in. "" when the centre takes the whole group.
func leftOut(ct Centre, majority string, bands []ageBand, taken func(ageBand) bool) string {
	if ct.servesAll(majority) || IsAtRisk(majority) {
		return ""
	}
	var not, withheld []string
	share := 0.0
	for _, b := range bands {
		if b.bounded != "" {
			withheld = append(withheld, fmt.Sprintf("the count of all provinces' %s is %s", b.words(), b.bounded))
		}
		if !taken(b) {
			not = append(not, b.words())
			share += b.share
		}
	}
	if len(not) == 0 {
		return ""
	}
	s := fmt.Sprintf(" (ages %s; %s%s: %s of its cases, as in all provinces", ct.Ages(), PartOfAges, strings.Join(not, " or "), percent(share))
	if len(withheld) > 0 {
		s += "; " + strings.Join(withheld, "; ")
	}
	return s + ")"
}

// PartOfAges opens, in the centres column, the ages of the group a centre does not take.
const PartOfAges = "not the group's "

// SharedWithPartBand starts the note after a centre's name when it also serves part of an age
// band of another group: the places it gives that band are counted at a midpoint, so this
// group's share is too.
const SharedWithPartBand = "shared by need with a group of one of whose age bands it serves part"

// PartOfBand opens, in the centres column, the group's age bands a centre serves part of:
// how many of the band it may take no table publishes, so the group's places and unmet need
// are counted at the midpoint of none and all it would give the band served whole, and the
// unmet need's two ends are in unmet_least and unmet_most.
const PartOfBand = "may take part of the group's "

// oneDecimal spells x to one decimal, as the table's columns round it ("30", "12.5").
func oneDecimal(x float64) string { return strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64) }

// percent spells a share as a whole percentage, "under 1%" when it would read 0%.
func percent(f float64) string {
	if p := math.Round(100 * f); p > 0 || f == 0 {
		return strconv.Itoa(int(p)) + "%"
	}
	return "under 1%"
}

// windowTrends returns the trend note and rate ratio of each province from the protected
// province × year table: its cases of recentFrom-to against beforeFrom-(recentFrom-1).
//
// A window whose years are all published has an exact sum. When some are withheld, the sum is
// still bounded by what is published: every "<10" count lies in 1-9, any withheld count is at
// least 0, and the province's years add up to its cases in the province table (published);
// so a window's sum lies in [T - hi(other years), T - lo(other years)] intersected with the
// sum of its own years' bounds. When both windows' sums are bounded, the earlier one above 0,
// and each known to within a factor of 2 (hi <= 2 lo), the trend is given with an interval that holds for every pair of sums in those
// bounds (the lowest lower limit and the highest upper limit over the four corners; the exact
// interval is monotone in each count) and a ratio at the bounds' midpoints, and the note says
// the sums were bounded. These bounds use only published counts, as any reader can: they are
// wider than or equal to what a linear program over every published table would give.
// Counts with noise or rounding do not add up, so their withheld windows stay withheld.
func windowTrends(py, prov *release.Table, window, beforeFrom, recentFrom, to int, level float64) func(string) (string, *intervals.RateRatio) {
	type bound struct{ lo, hi float64 }
	type sums struct {
		recent, before, other    bound
		exactRecent, exactBefore bool
		nRecent, nBefore         intervals.Noise // the noise added to them, when the release has any
		country                  string
	}
	by := map[string]*sums{}
	exact := py.Epsilon <= 0
	for ri, r := range py.Rows {
		if r.Rounded != nil {
			exact = false
		}
		sm := by[r.Labels[1]]
		if sm == nil {
			sm = &sums{exactRecent: true, exactBefore: true, country: r.Labels[0]}
			by[r.Labels[1]] = sm
		}
		if sm.country != r.Labels[0] {
			sm.country = "" // a label shared by countries ("not recorded"): no province total
		}
		y, l, ok := period(r.Labels[2])
		var w *bound
		switch {
		case !ok || y != l || y < beforeFrom || y > to:
			w = &sm.other
		case y >= recentFrom:
			w = &sm.recent
		default:
			w = &sm.before
		}
		n, published := py.Value(ri, 0)
		switch {
		case published:
			w.lo += float64(n)
			w.hi += float64(n)
			eps, terms := py.NoiseTerms(ri, 0)
			noise := intervals.Noise{Epsilon: eps, Terms: terms}
			if w == &sm.recent {
				sm.nRecent = sm.nRecent.Add(noise)
			} else if w == &sm.before {
				sm.nBefore = sm.nBefore.Add(noise)
			}
		case r.State[0] == release.Primary:
			w.lo++
			w.hi += float64(py.Threshold - 1)
		default:
			w.hi = math.Inf(1)
		}
		if !published && w == &sm.recent {
			sm.exactRecent = false
		} else if !published && w == &sm.before {
			sm.exactBefore = false
		}
	}
	// The province's cases: every year's rows add up to them.
	total := func(sm *sums, province string) (float64, bool) {
		if prov == nil || sm.country == "" {
			return 0, false
		}
		for ri, r := range prov.Rows {
			if !r.Total && len(r.Labels) == 2 && r.Labels[0] == sm.country && r.Labels[1] == province {
				n, ok := prov.Value(ri, 0)
				return float64(n), ok
			}
		}
		return 0, false
	}
	// A window's sum known to lie in 1 to th-1 is a small count: "<th", never its value.
	th := py.Threshold
	if th <= 0 {
		th = DefaultSmallCell
	}
	small := func(b bound) bool { return b.hi >= 1 && b.hi < float64(th) }
	sumText := func(b bound) string {
		if small(b) {
			return fmt.Sprintf("<%d", th)
		}
		return boundText(b.lo, b.hi)
	}
	return func(province string) (string, *intervals.RateRatio) {
		sm := by[province]
		if sm == nil {
			if listsSome(prov, province) {
				return UnlistedYears, nil
			}
			return fmt.Sprintf("not estimable: no case of the province in %d-%d", beforeFrom, recentFrom-1), nil
		}
		span := fmt.Sprintf("%s, %d-%d against %d-%d", ProvinceTrend, recentFrom, to, beforeFrom, recentFrom-1)
		if sm.exactRecent && sm.exactBefore {
			if small(sm.recent) || small(sm.before) { // published counts that add to 1-9 (rounded ones can)
				return fmt.Sprintf("withheld: the province's cases in %d-%d or %d-%d are fewer than %d, which the tables protect", beforeFrom, recentFrom-1, recentFrom, to, th), nil
			}
			if sm.before.lo == 0 {
				return fmt.Sprintf("not estimable: no case of the province in %d-%d", beforeFrom, recentFrom-1), nil
			}
			rr := intervals.PoissonRateRatioNoisy(int(sm.recent.lo), sm.nRecent, float64(window), int(sm.before.lo), sm.nBefore, float64(window), level)
			return span, &rr
		}
		withheld := fmt.Sprintf("withheld: a count of the province's years %d-%d is withheld", beforeFrom, to)
		T, ok := total(sm, province)
		if !exact || !ok {
			return withheld, nil
		}
		// Each window's sum: its own years' bounds, and the province's cases less the others'.
		rec := bound{max(sm.recent.lo, T-sm.before.hi-sm.other.hi), min(sm.recent.hi, T-sm.before.lo-sm.other.lo)}
		bef := bound{max(sm.before.lo, T-sm.recent.hi-sm.other.hi), min(sm.before.hi, T-sm.recent.lo-sm.other.lo)}
		if math.IsInf(rec.hi, 1) || math.IsInf(bef.hi, 1) || bef.lo <= 0 || rec.lo > rec.hi || bef.lo > bef.hi {
			return withheld, nil
		}
		if small(rec) || small(bef) {
			// A window's sum from 1 to 9 is a small count of people like any table's: shown
			// as <10, and no trend from it (33 against 9 would print 3.667).
			return fmt.Sprintf("%s; the published counts bound the windows' sums only to %s and %s cases (a sum below %d is protected as the tables' counts are)", withheld, sumText(rec), sumText(bef), th), nil
		}
		if rec.hi-rec.lo > rec.lo || bef.hi-bef.lo > bef.lo {
			// Known only to within a factor of more than 2: an interval such as 0-274 tells
			// nothing, so say what the bounds are instead.
			return fmt.Sprintf("%s; the published counts bound the windows' sums only to %s and %s cases", withheld, sumText(rec), sumText(bef)), nil
		}
		rr := intervals.PoissonRateRatio(int((rec.lo+rec.hi)/2), float64(window), int((bef.lo+bef.hi)/2), float64(window), level)
		for _, r := range []float64{rec.lo, rec.hi} {
			for _, b := range []float64{bef.lo, bef.hi} {
				c := intervals.PoissonRateRatio(int(r), float64(window), int(b), float64(window), level)
				rr.Lower, rr.Upper = min(rr.Lower, c.Lower), max(rr.Upper, c.Upper)
			}
		}
		return fmt.Sprintf("%s; a year's count is withheld, so the windows' sums are bounded from the published counts (%s and %s cases), and the interval holds for any sums in those bounds",
			span, sumText(rec), sumText(bef)), &rr
	}
}

// LateTrend starts the trend_note of a province whose registrations, or those of a late
// organisation recording its cases, begin within the two windows compared (the year follows).
const LateTrend = "not estimable: the province's registrations, or one of its organisations', begin in"

// UnlistedYears is the trend_note of a province with cases whose years the protected table
// of cases by province and year does not list: it lists only provinces with enough cases
// (see the table's note), as a small province's listed years would be pinned by its total.
const UnlistedYears = "not estimable: " + provYearTable + " lists the years of the provinces with enough cases only (see its note), and not this province's"

// listsSome reports whether the province table has a row of province with cases (published,
// or withheld: not a row of 0).
func listsSome(prov *release.Table, province string) bool {
	if prov == nil {
		return false
	}
	for ri, r := range prov.Rows {
		if !r.Total && len(r.Labels) == 2 && r.Labels[1] == province {
			n, ok := prov.Value(ri, 0)
			return !ok || n > 0
		}
	}
	return false
}

func boundText(lo, hi float64) string {
	if lo == hi {
		return fmt.Sprintf("%g", lo)
	}
	return fmt.Sprintf("%g-%g", lo, hi)
}
