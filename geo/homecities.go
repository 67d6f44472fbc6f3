package geo

import "sync"

// homeCityData are cities read only within their own country: when the row's country (its
// column, or the source's default) is theirs, or the value writes it beside the city
// ("Hyderabad, Pakistan"). Their names are another country's province or city too (Jalalabad
// is Kyrgyzstan's Jalal-Abad as well as Nangarhar's capital; Hyderabad is Telangana's and
// Sindh's; Asadabad and Qalat are Iran's and Pakistan's towns as well), so cityData, which is
// read under any default country, cannot hold them (attack-2026-12-04a, lows: "Jalalabad" and
// "Mazar-i-Sharif" under AF, "Hyderabad, Pakistan" were left without a province).
//
// Afghanistan: the capital of every province not named for it, and the border crossings
// registers write as a place of exploitation or transit (Islam Qala, Torkham, Spin Boldak,
// Hairatan), spelt as UNHCR's and IOM's reports spell them. Cambodia: the border towns
// (Poipet, Bavet) and Banteay Meanchey's capital. The province is the city's; a value naming
// a district of another province by the city's name is not known here.
var homeCityData = []cityRow{
	{"AF-BDS", "Fayzabad", aka{"Faizabad", "Feyzabad"}},
	{"AF-BDG", "Qala-i-Naw", aka{"Qala-e-Naw", "Qala-e Naw", "Qala i Naw", "Qalay-i-Naw", "Qala Naw"}},
	{"AF-BGL", "Pul-i-Khumri", aka{"Pul-e-Khumri", "Pul-e Khumri", "Pol-e Khomri", "Puli Khumri", "Pul i Khumri"}},
	{"AF-BAL", "Mazar-i-Sharif", aka{"Mazar-e-Sharif", "Mazar-e Sharif", "Mazari Sharif", "Mazar i Sharif", "Mazar e Sharif", "Mazar Sharif", "Mazar"}},
	{"AF-BAL", "Hairatan", aka{"Hayratan"}},
	{"AF-DAY", "Nili", aka{"Nilli"}},
	{"AF-FYB", "Maymana", aka{"Maimana", "Meymaneh"}},
	{"AF-GHO", "Chaghcharan", aka{"Chakhcharan", "Firozkoh", "Feroz Koh"}},
	{"AF-HEL", "Lashkar Gah", aka{"Lashkargah", "Lashkar Gāh"}},
	{"AF-HER", "Islam Qala", aka{"Islam Qalah", "Islam Qila"}},
	{"AF-JOW", "Sheberghan", aka{"Shiberghan", "Shibirghan", "Shebirghan"}},
	{"AF-KAN", "Spin Boldak", aka{"Spin Buldak"}},
	{"AF-KAP", "Mahmud-i-Raqi", aka{"Mahmud-e Raqi", "Mahmud Raqi", "Mahmood Raqi"}},
	{"AF-KNR", "Asadabad", aka{"Asad Abad"}},
	{"AF-LAG", "Mihtarlam", aka{"Mehtarlam", "Mehtar Lam", "Mihtar Lam"}},
	{"AF-LOG", "Pul-i-Alam", aka{"Pul-e-Alam", "Pul-e Alam", "Puli Alam", "Pul i Alam"}},
	{"AF-NAN", "Jalalabad", aka{"Jalal Abad", "Jalal-Abad"}},
	{"AF-NAN", "Torkham", nil},
	{"AF-NIM", "Zaranj", nil},
	{"AF-NUR", "Parun", aka{"Paroon"}},
	{"AF-PAN", "Bazarak", nil},
	{"AF-PAR", "Charikar", nil},
	{"AF-PIA", "Gardez", aka{"Gardiz"}},
	{"AF-PKA", "Sharana", aka{"Sharan"}},
	{"AF-SAM", "Aybak", aka{"Aibak"}},
	{"AF-TAK", "Taloqan", aka{"Taluqan", "Talukan"}},
	{"AF-URU", "Tarinkot", aka{"Tarin Kowt", "Tarin Kot", "Tirinkot"}},
	{"AF-WAR", "Maidan Shar", aka{"Maydan Shahr", "Maidan Shahr"}},
	{"AF-ZAB", "Qalat", aka{"Qalati Ghilzai"}},
	// Cambodia
	{"KH-1", "Poipet", aka{"Paoy Paet"}},
	{"KH-1", "Serei Saophoan", aka{"Sisophon"}},
	{"KH-20", "Bavet", nil},
	// India and Pakistan: one name, two cities
	{"IN-TS", "Hyderabad", nil},
	{"PK-SD", "Hyderabad", nil},
}

// homeCityIdx maps each country to the keys of its cities: homeCityData's and cityData's.
var homeCityIdx = sync.OnceValue(func() map[string]keyset {
	idx := map[string]keyset{}
	for _, rows := range [][]cityRow{homeCityData, cityData} {
		for _, c := range rows {
			cc := CountryOfProvince(c.province)
			k, ok := idx[cc]
			if !ok {
				k = newKeyset()
				idx[cc] = k
			}
			for _, n := range append([]string{c.name}, c.aliases...) {
				k.add(exactKey(n), c.province, 1)
				k.add(provinceKey(n), c.province, 1)
			}
		}
	}
	return idx
})

// LookupCityIn returns the first-level subdivision of country that a city of the gazetteers
// (cityData, and homeCityData's cities read only in their own country) named s lies in:
// "Jalalabad" in AF gives AF-NAN, "Hyderabad" in PK gives PK-SD and in IN IN-TS.
func LookupCityIn(country, s string) (province string, ok bool) {
	k, ok := homeCityIdx()[country]
	if !ok {
		return "", false
	}
	if p, ok := k.m[exactKey(s)]; ok {
		return p, true
	}
	p, ok := k.m[provinceKey(s)]
	return p, ok
}

// CityNameIn returns the gazetteers' name of the city of country that s names ("jalalabad"
// in AF gives "Jalalabad"), or "" when LookupCityIn does not find it.
func CityNameIn(country, s string) string {
	p, ok := LookupCityIn(country, s)
	if !ok {
		return ""
	}
	for _, rows := range [][]cityRow{homeCityData, cityData} {
		for _, c := range rows {
			if c.province != p {
				continue
			}
			for _, n := range append([]string{c.name}, c.aliases...) {
				if exactKey(n) == exactKey(s) || provinceKey(n) == provinceKey(s) {
					return c.name
				}
			}
		}
	}
	return ""
}
