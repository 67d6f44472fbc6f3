// The built-in quasi-identifiers of case records and their generalizations.

package anonymize

import (
	"fmt"
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
}

// CaseQIs are the built-in quasi-identifiers of the case schema, in lattice order.
var CaseQIs = []QI{
	{Name: schema.YearOfRegistration, Columns: []string{schema.YearOfRegistration},
		LevelNames: []string{"year", "5-year period", "*"}, general: generalYear},
	{Name: schema.Gender, Columns: []string{schema.Gender},
		LevelNames: []string{"gender", "*"}, general: generalFlat},
	{Name: "age", Columns: []string{schema.AgeBand, schema.MajorityStatus},
		LevelNames: []string{"age band", "minor/adult", "*"}, general: generalAge},
	{Name: schema.Citizenship, Columns: []string{schema.Citizenship},
		LevelNames: []string{"country", "UN sub-region", "UN region", "*"}, general: generalCountry},
	{Name: "origin", Columns: []string{schema.CountryOfOrigin, schema.ProvinceOfOrigin, schema.DistrictOfOrigin},
		LevelNames: placeLevels, general: generalPlace},
	{Name: "exploitation", Columns: []string{schema.CountryOfExploitation, schema.ProvinceOfExploitation, schema.DistrictOfExploitation},
		LevelNames: placeLevels, general: generalPlace},
	// What an outsider may know of a case after identification (issue 12): how the person
	// came in, where they were placed, how the court decided. Unrecorded in a run (every value
	// missing), they are not searched (see Collector.Anonymize) and not listed.
	{Name: schema.ReferralRoute, Columns: []string{schema.ReferralRoute},
		LevelNames: []string{"route", "*"}, general: generalFlat},
	{Name: schema.PlacementProvince, Columns: []string{schema.PlacementProvince},
		LevelNames: []string{"province", "country", "*"}, general: generalPlacement},
	{Name: schema.LegalDisposition, Columns: []string{schema.LegalDisposition},
		LevelNames: []string{"disposition", "*"}, general: generalFlat},
}

// OutcomeQI reports whether QI name is one of the after-identification quasi-identifiers,
// which a run without outcome data leaves unsearched and unlisted.
func OutcomeQI(name string) bool {
	return name == schema.ReferralRoute || name == schema.PlacementProvince || name == schema.LegalDisposition
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

// isDistrict reports whether column is a place's district: the last column of a place QI.
func isDistrict(column string) bool {
	return column == schema.DistrictOfOrigin || column == schema.DistrictOfExploitation
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

func generalYear(leaf []string, level int) []string {
	switch {
	case level == 0 || (level == 1 && leaf[0] == ""):
		return leaf
	case level == 1:
		y, _ := strconv.Atoi(leaf[0])
		from := y - y%5
		return []string{fmt.Sprintf("%d-%d", from, from+4)}
	}
	return top(1)
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

func generalCountry(leaf []string, level int) []string {
	c := leaf[0]
	if level == 0 || c == "" && level < 3 {
		return leaf
	}
	country, _ := geo.CountryByCode(c)
	switch level {
	case 1:
		return []string{country.SubRegion}
	case 2:
		return []string{country.Region}
	}
	return top(1)
}

// generalPlace generalizes a (country, province, district) triple: district, then province (the
// district shown as "*"), then country (the province too), then the country's UN sub-region and
// region. A value not recorded stays empty below the top.
func generalPlace(leaf []string, level int) []string {
	if level == 0 {
		return leaf
	}
	if level >= 5 {
		return top(3)
	}
	prov, dist := leaf[1], leaf[2]
	if dist != "" {
		dist = "*"
	}
	if prov != "" && level >= 2 {
		prov = "*"
	}
	out := generalCountry(leaf[:1], max(level-2, 0))
	return []string{out[0], prov, dist}
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
	qi.general = func(leaf []string, level int) []string {
		if level == 0 {
			return leaf
		}
		if level == n-1 {
			return []string{"*"}
		}
		if leaf[0] == "" {
			return leaf
		}
		code, ok := h.Code(leaf[0])
		if !ok {
			return []string{"*"}
		}
		return []string{h.Label(level, code)}
	}
	return qi
}
