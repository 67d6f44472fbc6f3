package geo

import (
	"slices"
	"strings"
	"sync"
)

// Place is a place read from a value that writes its country ("Quetta, Pakistan") or names a
// city of the gazetteer ("Dubai").
type Place struct {
	Country  string // ISO 3166-1 alpha-2
	Province string // ISO 3166-2 first-level subdivision; "" when the value names none of the country's
	City     bool   // the province is that of a city of the gazetteer (cities.go)
}

// ProvinceCountries returns the countries (alpha-2, sorted) whose first-level subdivisions are
// named s (as LookupProvinceAnywhere reads names: four letters or more, not a country's name,
// not a word such as "North" alone), however many there are: "Punjab" gives IN and PK, where
// LookupProvinceAnywhere refuses it. nil when none is.
func ProvinceCountries(s string) []string {
	return slices.Clone(provinceIdx().named[provinceKey(s)])
}

// cityIdx maps the gazetteer's names to their province codes: provinceKey of each name, or
// exactKey where provinceKey would name a country ("Kuwait City" is not "Kuwait"). A key two
// cities share is dropped.
var cityIdx = sync.OnceValue(func() keyset {
	k := newKeyset()
	for _, c := range cityData {
		for _, n := range append([]string{c.name}, c.aliases...) {
			k.add(exactKey(n), c.province, 1)
			key := provinceKey(n)
			if _, country := countryIdx().byName[key]; !country {
				k.add(key, c.province, 1)
			}
		}
	}
	return k
})

// LookupCity returns the first-level subdivision a city of the gazetteer (cities.go, see
// CitySource) lies in: "Quetta" gives PK-BA, "Dubai" AE-DU.
func LookupCity(s string) (province string, ok bool) {
	idx := cityIdx()
	if p, ok := idx.m[exactKey(s)]; ok {
		return p, true
	}
	p, ok := idx.m[provinceKey(s)]
	return p, ok
}

// CityName returns the gazetteer's name of the city s names ("calcutta" gives "Kolkata"), or
// "" when LookupCity does not find it.
func CityName(s string) string {
	if _, ok := LookupCity(s); !ok {
		return ""
	}
	for _, key := range []string{exactKey(s), provinceKey(s)} {
		for _, c := range cityData {
			for _, n := range append([]string{c.name}, c.aliases...) {
				if exactKey(n) == key || provinceKey(n) == key {
					return c.name
				}
			}
		}
	}
	return ""
}

// LookupPlace reads a place as registers write one abroad in a province column: a city of
// the gazetteer ("Dubai": AE, AE-DU), or a value that writes its country beside a place
// ("Quetta, Pakistan", "Pakistan - Quetta", "Mashhad (Iran)", "Herat, Afghanistan"): the
// country, and the province the rest names when it is one of the country's (its name, or a
// city of the gazetteers in it, homeCityData's too); a town it does not know leaves the province "". Without a
// country, parts that all name places of one country ("Quetta, Balochistan") give it.
// conflict reports a value whose parts name places of two countries ("Herat, Pakistan",
// "Iran, Pakistan", "Dubai, Quetta"): no country is certain. ok is false when the value is no
// such place (and when conflict is true).
func LookupPlace(s string) (p Place, conflict, ok bool) {
	parts := placeParts(s)
	switch len(parts) {
	case 0:
		return Place{}, false, false
	case 1:
		if prov, ok := LookupCity(parts[0]); ok {
			return Place{CountryOfProvince(prov), prov, true}, false, true
		}
		return Place{}, false, false
	}
	var countries, rest []string
	for _, part := range parts {
		if c, ok := LookupCountry(part); ok {
			if !slices.Contains(countries, c) {
				countries = append(countries, c)
			}
			continue
		}
		rest = append(rest, part)
	}
	if len(countries) > 1 {
		return Place{}, true, false
	}
	if len(countries) == 0 {
		// No country written: every part must be a place abroad that one country has.
		for _, part := range rest {
			q, ok := placeAnywhere(part)
			switch {
			case !ok:
				return Place{}, false, false
			case p.Country == "":
				p = q
			case q.Country != p.Country || q.Province != p.Province && p.Province != "" && q.Province != "":
				return Place{}, true, false
			}
		}
		return p, false, true
	}
	p.Country = countries[0]
	for _, part := range rest {
		prov, city := "", false
		if code, ok := LookupProvince(p.Country, part); ok {
			prov = code
		} else if code, ok := LookupCityIn(p.Country, part); ok {
			prov, city = code, true // "Hyderabad, Pakistan", "Jalalabad, Afghanistan"
		} else if code, ok := LookupCity(part); ok {
			prov, city = code, true
		} else if q, ok := placeAnywhere(part); ok {
			prov = q.Province
		} else if cs := ProvinceCountries(part); len(cs) > 0 && !slices.Contains(cs, p.Country) {
			return Place{}, true, false // "Punjab, Iran"
		} else {
			continue // a town the tables do not know
		}
		switch {
		case CountryOfProvince(prov) != p.Country:
			return Place{}, true, false
		case p.Province == "":
			p.Province, p.City = prov, city
		case p.Province != prov:
			return Place{}, true, false
		}
	}
	return p, false, true
}

// placeAnywhere reads one part of a place without its country: a city of the gazetteer, or a
// name (or full code) of a first-level subdivision that only one country has.
func placeAnywhere(s string) (Place, bool) {
	if prov, ok := LookupCity(s); ok {
		return Place{CountryOfProvince(prov), prov, true}, true
	}
	if prov, ok := LookupProvinceAnywhere(s); ok {
		return Place{Country: CountryOfProvince(prov), Province: prov}, true
	}
	return Place{}, false
}

// placeParts splits a place at its commas, spaced dashes ("Pakistan - Quetta") and a bracketed
// part ("Mashhad (Iran)"); empty parts are dropped. Hyphens inside names ("Gilgit-Baltistan",
// "Sar-e Pul") do not split.
func placeParts(s string) []string {
	var parts []string
	if i := strings.IndexByte(s, '('); i >= 0 {
		if j := strings.IndexByte(s[i:], ')'); j > 0 {
			parts = append(parts, s[i+1:i+j])
			s = s[:i] + " , " + s[i+j+1:]
		}
	}
	s = strings.NewReplacer(" – ", " - ", " — ", " - ", "\t", " ").Replace(s)
	for _, c := range strings.Split(s, ",") {
		parts = append(parts, strings.Split(c, " - ")...)
	}
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
