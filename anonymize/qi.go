// The built-in quasi-identifiers of case records and their generalizations.

package anonymize

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/prevalence/prevalence/geo"
	"github.com/prevalence/prevalence/schema"
)

// QI is a built-in quasi-identifier of case records: one or more columns generalized together
// (a province is only as precise as its country column lets it be, so the pair moves as one).
type QI struct {
	Name       string   // e.g. "exploitation"
	Columns    []string // release columns it fills
	LevelNames []string // name of each level, leaves first
	// general returns the value of each column at level for a leaf (one value per column,
	// "" for missing).
	general func(leaf []string, level int) []string
	// fromData, when set, returns general with its periods and regions partitioned from the
	// leaves the data has (see partitions): records may be known at a coarser level (a band of
	// years, a UN region), and the coarser levels must not overlap.
	fromData func(p *partitions) func(leaf []string, level int) []string
}

// CaseQIs are the built-in quasi-identifiers of the case schema, in lattice order.
var CaseQIs = []QI{
	{Name: schema.YearOfRegistration, Columns: []string{schema.YearOfRegistration, schema.RegistrationPeriod},
		LevelNames: []string{"year", "period", "*"}, general: generalYear(nil), fromData: generalYear},
	{Name: schema.Gender, Columns: []string{schema.Gender},
		LevelNames: []string{"gender", "*"}, general: generalFlat},
	{Name: "age", Columns: []string{schema.AgeBand, schema.MajorityStatus},
		LevelNames: []string{"age band", "minor/adult", "*"}, general: generalAge},
	{Name: schema.Citizenship, Columns: []string{schema.Citizenship, schema.CitizenshipRegion},
		LevelNames: []string{"country", "UN sub-region", "UN region", "*"}, general: generalCountry(nil), fromData: generalCountry},
	{Name: "origin", Columns: []string{schema.CountryOfOrigin, schema.ProvinceOfOrigin, schema.DistrictOfOrigin},
		LevelNames: placeLevels, general: generalPlace(nil), fromData: generalPlace},
	{Name: "exploitation", Columns: []string{schema.CountryOfExploitation, schema.ProvinceOfExploitation, schema.DistrictOfExploitation, schema.RegionOfExploitation},
		LevelNames: placeLevels, general: generalPlace(nil), fromData: generalPlace},
	// What an outsider may know of a case after identification (issue 12): how the person
	// came in, where they were placed, how the court decided. Unrecorded in a run (every value
	// missing), they are not searched (see Collector.Anonymize) and not listed.
	{Name: schema.ReferralRoute, Columns: []string{schema.ReferralRoute},
		LevelNames: []string{"route", "*"}, general: generalFlat},
	{Name: schema.PlacementProvince, Columns: []string{schema.PlacementProvince},
		LevelNames: []string{"province", "country", "*"}, general: generalPlacement},
	// The stage a legal case reached and its disposition come from the same police and court
	// records, often in the news with the victim's age, gender and district: one QI, so that k
	// holds for what the court record tells (attack-2026-12-01e finding 6: the stage released as
	// it was left 78 demo records unique).
	{Name: LegalQI, Columns: []string{schema.LegalStage, schema.LegalDisposition},
		LevelNames: []string{"stage and disposition", "stage", "*"}, general: generalLegal},
	// The status (at risk, possible, actual, not) is in police records as the legal stage is;
	// the at-risk children are a small group. One level: never "*", since the victims' tables
	// and views count by it (schema.VictimFilter). Unrecorded in a run, it is not searched; a
	// population has no status (see casePopulation.everyLeaf).
	{Name: schema.TraffickingStatus, Columns: []string{schema.TraffickingStatus},
		LevelNames: []string{"status"}, general: generalFlat},
}

// LegalQI is the name of the legal case's quasi-identifier: its stage and disposition.
const LegalQI = "legal"

// OutcomeQI reports whether QI name is one of the after-identification quasi-identifiers,
// which a run without outcome data leaves unsearched and unlisted.
func OutcomeQI(name string) bool {
	return name == schema.ReferralRoute || name == schema.PlacementProvince || name == LegalQI
}

// generalLegal generalizes (stage, disposition): both, then the stage with the disposition
// shown as "*" (a missing one stays missing), then "*".
func generalLegal(leaf []string, level int) []string {
	switch level {
	case 0:
		return leaf
	case 1:
		if leaf[1] == "" {
			return leaf
		}
		return []string{leaf[0], "*"}
	}
	return top(2)
}

// generalPlacement generalizes an ISO 3166-2 placement province to its country (the code
// before the hyphen), then to "*" (missing values included, so that placed and unplaced cases can
// share a class).
func generalPlacement(leaf []string, level int) []string {
	switch {
	case level == 0 || (level == 1 && leaf[0] == ""):
		return leaf
	case level == 1:
		if i := strings.IndexByte(leaf[0], '-'); i > 0 {
			return []string{leaf[0][:i]}
		}
		return leaf
	}
	return top(1)
}

var placeLevels = []string{"district", "province", "country", "UN sub-region", "UN region", "*"}

// isDistrict reports whether column is a place's district: the third column of a place QI.
func isDistrict(column string) bool {
	return column == schema.DistrictOfOrigin || column == schema.DistrictOfExploitation
}

// isCoarse reports whether column holds a value recorded at a coarser level than the QI's
// finest (a period of years, a UN region): population counts may leave it out.
func isCoarse(column string) bool {
	return column == schema.RegistrationPeriod || column == schema.CitizenshipRegion || column == schema.RegionOfExploitation
}

// LookupQI returns the built-in quasi-identifier called name, or the one that fills column name.
func LookupQI(name string) (QI, bool) {
	for _, q := range CaseQIs {
		if q.Name == name {
			return q, true
		}
		for _, c := range q.Columns {
			if c == name {
				return q, true
			}
		}
	}
	return QI{}, false
}

func top(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "*"
	}
	return out
}

func generalFlat(leaf []string, level int) []string {
	if level == 0 {
		return leaf
	}
	return top(len(leaf))
}

// generalYear generalizes (year, period): the year as recorded, or the period when only a band
// of years was recorded; then the period of either in p (the year shown as "*"); then "*".
func generalYear(p *partitions) func(leaf []string, level int) []string {
	return func(leaf []string, level int) []string {
		year, band := leaf[0], leaf[1]
		switch {
		case level == 0 || (level == 1 && year == "" && band == ""):
			return leaf
		case level == 1 && year != "":
			y, _ := strconv.Atoi(year)
			return []string{"*", p.periodOfYear(y)}
		case level == 1:
			return []string{"*", p.periodOfBand(band)}
		}
		return top(2)
	}
}

func generalAge(leaf []string, level int) []string {
	band, maj := leaf[0], leaf[1]
	switch level {
	case 0:
		return leaf
	case 1:
		switch maj {
		case "minor":
			band = "0-17"
		case "adult":
			band = "18+"
		default:
			band = ""
		}
		return []string{band, maj}
	}
	return top(2)
}

// countryLevels returns a place's country column at the country, sub-region and region levels,
// and its region (of p): from the country when it is known, else the region recorded.
func (p *partitions) countryLevels(country, region string) ([3]string, string) {
	if country == "" {
		r := p.regionOf(region)
		return [3]string{"", "", r}, r
	}
	c, _ := geo.CountryByCode(country)
	r := p.regionOf(c.Region)
	return [3]string{country, c.SubRegion, r}, r
}

// generalCountry generalizes (country, region): the country (or the UN region when only that
// was recorded), then the country's UN sub-region, then its region, with the region column
// filled from the first level up; a value not recorded stays empty below the top.
func generalCountry(p *partitions) func(leaf []string, level int) []string {
	return func(leaf []string, level int) []string {
		if level == 0 {
			return leaf
		}
		if level >= 3 {
			return top(2)
		}
		c, r := p.countryLevels(leaf[0], leaf[1])
		return []string{c[level], r}
	}
}

// generalPlace generalizes (country, province, district[, region]): district, then province
// (the district shown as "*"), then country (the province too), then the country's UN sub-region
// and region, shown in the country column; the region column, where the QI has one, is filled
// from the first level up, from the country or, for a place recorded only by its UN region,
// from that. A value not recorded stays empty below the top.
func generalPlace(p *partitions) func(leaf []string, level int) []string {
	return func(leaf []string, level int) []string {
		if level == 0 {
			return leaf
		}
		if level >= 5 {
			return top(len(leaf))
		}
		prov, dist := leaf[1], leaf[2]
		if dist != "" {
			dist = "*"
		}
		if prov != "" && level >= 2 {
			prov = "*"
		}
		region := ""
		if len(leaf) > 3 {
			region = leaf[3]
		}
		c, r := p.countryLevels(leaf[0], region)
		out := []string{c[max(level-2, 0)], prov, dist}
		if len(leaf) > 3 {
			out = append(out, r)
		}
		return out
	}
}

// withoutDistrict is a place QI whose hierarchy starts at the province, for data without
// districts: a district level there would only repeat the province level, and the manifest
// would name it.
func withoutDistrict(qi QI) QI {
	general := qi.general
	qi.LevelNames = qi.LevelNames[1:]
	qi.general = func(leaf []string, level int) []string {
		if level == 0 {
			return leaf
		}
		return general(leaf, level+1)
	}
	return qi
}

// userQI is qi generalized along the user's hierarchy h instead of the built-in one. Anonymize
// has checked that h knows every value; a missing value stays missing below the top level.
func userQI(qi QI, h *Hierarchy) QI {
	n := h.Levels()
	names := make([]string, n)
	for l := range names {
		names[l] = fmt.Sprintf("level %d", l)
	}
	names[0], names[n-1] = "value", "*"
	qi.LevelNames = names
	qi.fromData = nil
	// The hierarchy generalizes the first column; a coarser column (period, region) stays
	// empty above the leaves: Anonymize refuses data recorded only at that level.
	rest := func(v string) []string {
		out := make([]string, len(qi.Columns))
		for i := range out {
			out[i] = v
		}
		return out
	}
	qi.general = func(leaf []string, level int) []string {
		if level == 0 {
			return leaf
		}
		if level == n-1 {
			return top(len(leaf))
		}
		if leaf[0] == "" {
			return leaf
		}
		out := rest("")
		code, ok := h.Code(leaf[0])
		if !ok {
			out[0] = "*"
			return out
		}
		out[0] = h.Label(level, code)
		return out
	}
	return qi
}

// LabelUp maps one row's values of the built-in quasi-identifier name (its columns' values, ""
// for a missing one), released at its leaves (level 0), to its values at the coarser level to,
// as a run with no data-made partitions generalizes them: `prevalence check --previous` pairs
// two releases generalized at other levels below the top with it (privacy-side-doors14).
// levels are the level names the release's manifest lists for it, which say the hierarchy (a
// place without districts starts at the province); ok is false for another hierarchy (a
// user's), another level than the leaves, or values of another length.
func LabelUp(name string, levels []string, vals []string, to int) (up []string, ok bool) {
	qi, found := LookupQI(name)
	if !found || qi.Name != name || qi.general == nil {
		return nil, false
	}
	if !slices.Equal(qi.LevelNames, levels) {
		if len(qi.LevelNames) < 2 || !slices.Equal(qi.LevelNames[1:], levels) || !slices.Contains(placeLevels, levels[0]) {
			return nil, false
		}
		qi = withoutDistrict(qi)
	}
	if to < 0 || to >= len(qi.LevelNames) || len(vals) != len(qi.Columns) {
		return nil, false
	}
	return qi.general(slices.Clone(vals), to), true
}
