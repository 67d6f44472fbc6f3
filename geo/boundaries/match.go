package boundaries

import (
	"strings"
	"sync"
	"unicode"

	"github.com/prevalence/prevalence/geo"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Source is one feature of Natural Earth's admin-1 drawn as (part of) a subdivision: its
// Natural Earth id (adm1_code, e.g. "AFG-1759"), the ISO 3166-2 code Natural Earth gives it
// (which may be out of date or swapped with a neighbour's: not trusted on its own), its name
// and its GeoNames name.
type Source struct {
	ID, NECode, Name, GNName string
}

// Match rules, from the most to the least direct; see Match.
const (
	RuleName     = "name"      // geo.LookupProvince knows the name
	RuleSpelling = "spelling"  // the name is an ISO name spelled another way (see looseKey)
	RuleGeoNames = "geonames"  // the GeoNames name is (a spelling of) an ISO name
	RulePrefix   = "prefix"    // the name begins one ISO name only, that of Natural Earth's code
	RuleOverride = "override"  // the checked list overrides.csv
	RuleConflict = "conflict"  // the name and the GeoNames name give two subdivisions
	RuleNone     = "unmatched" // no name leads to a subdivision
)

// Match returns the ISO 3166-2 first-level code of the subdivision that a Natural Earth
// feature of the country (ISO 3166-1 alpha-2) draws, from its names only, and the rule that
// found it; code is "" with RuleConflict or RuleNone. Natural Earth's own code is used only to
// confirm a name that begins exactly one ISO name (RulePrefix): Natural Earth keeps Iran's
// pre-2018 numbering, swaps Paktika and Paktiya and gives Moscow city the oblast's code, so a
// code alone decides nothing. Names of second-level subdivisions (a French département, an
// English county) lead to their first-level parent, as in geo.LookupProvince.
func Match(country string, s Source) (code, rule string) {
	byName, r1 := matchName(country, s.Name)
	byGN, _ := matchName(country, s.GNName)
	if r1 == RuleSpelling || r1 == RuleName {
		if byGN != "" && byGN != byName {
			return "", RuleConflict
		}
		return byName, r1
	}
	if byGN != "" {
		return byGN, RuleGeoNames
	}
	ne, ok := geo.LookupProvince(country, s.NECode)
	if ok && len(looseKey(s.Name)) >= 4 {
		if c := prefixOf(country, looseKey(s.Name)); c == ne {
			return ne, RulePrefix
		}
	}
	return "", RuleNone
}

// matchName finds a name through geo.LookupProvince, else through looseKey.
func matchName(country, name string) (string, string) {
	if strings.TrimSpace(name) == "" {
		return "", RuleNone
	}
	if c, ok := geo.LookupProvince(country, name); ok {
		return c, RuleName
	}
	if c := looseIndex(country)[looseKey(name)]; c != "" && c != ambiguous {
		return c, RuleSpelling
	}
	return "", RuleNone
}

const ambiguous = "?"

// looseWords say what a subdivision is, not which: "Ostan-e Tehran", "Pskovskaya Oblast'",
// "Region de Kedougou", "Canton de Fribourg".
var looseWords = map[string]bool{
	"oblast": true, "respublika": true, "kraj": true, "kray": true, "avtonomnyj": true,
	"avtonomnaya": true, "okrug": true, "province": true, "provincia": true, "region": true,
	"state": true, "district": true, "county": true, "governorate": true, "department": true,
	"prefecture": true, "municipality": true, "city": true, "of": true, "the": true, "and": true,
	"ostan": true, "e": true, "wilayat": true, "velayat": true, "muhafazat": true, "canton": true,
	"de": true, "du": true, "des": true, "la": true, "le": true, "autonomous": true,
	"republic": true, "voblasts": true, "viloyati": true, "laen": true, "lan": true, "novads": true,
}

// looseKey folds a name for comparing romanisations: letters without diacritics, lower case,
// apostrophes dropped, "j" read as "y" (ISO's "Pskovskaja" is GeoNames' "Pskovskaya"), the
// looseWords left out, joined without spaces.
func looseKey(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	s, _, _ = transform.String(t, strings.ToLower(s))
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\'' || r == '’' || r == 'ʹ' || r == 'ʼ' || r == '‘':
			return -1
		case r == 'j':
			return 'y'
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return r
		}
		return ' '
	}, s)
	var b strings.Builder
	for _, w := range strings.Fields(s) {
		if !looseWords[w] {
			b.WriteString(w)
		}
	}
	return b.String()
}

var looseIdx sync.Map // country -> map[looseKey]code (ambiguous when two)

// looseIndex maps the looseKey of every name and alias of the country's first-level
// subdivisions to its code.
func looseIndex(country string) map[string]string {
	if m, ok := looseIdx.Load(country); ok {
		return m.(map[string]string)
	}
	m := map[string]string{}
	for _, p := range geo.Provinces(country) {
		for _, n := range append([]string{p.Name}, p.Aliases...) {
			k := looseKey(n)
			if k == "" {
				continue
			}
			if old, ok := m[k]; ok && old != p.Code {
				m[k] = ambiguous
			} else {
				m[k] = p.Code
			}
		}
	}
	looseIdx.Store(country, m)
	return m
}

// prefixOf returns the code of the one subdivision whose names' looseKeys begin with key, or
// "" when none or several do.
func prefixOf(country, key string) string {
	found := ""
	for k, c := range looseIndex(country) {
		if c == ambiguous || !strings.HasPrefix(k, key) {
			continue
		}
		if found != "" && found != c {
			return ""
		}
		found = c
	}
	return found
}
