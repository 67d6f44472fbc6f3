// Package geo knows countries (ISO 3166-1 alpha-2), their first-level subdivisions (ISO 3166-2)
// and the UN M49 regions, and turns the names people type into codes.
//
// All data lives in read-only tables compiled into the package (countries.go, provinces.go);
// the lookup indexes are built once, on first use, and never change afterwards. Every function
// is safe for concurrent use, and values handed out are copies: changing them changes nothing
// here.
package geo

import (
	"slices"
	"strings"
	"sync"
)

// Country is one ISO 3166-1 country (or territory with its own alpha-2 code).
type Country struct {
	Code      string // ISO 3166-1 alpha-2, e.g. "IN"
	Name      string // English short name, e.g. "India"
	SubRegion string // UN M49 sub-region name, e.g. "Southern Asia"
	Region    string // UN M49 region name, e.g. "Asia"
}

// Province is one first-level ISO 3166-2 subdivision (state, province, division, region, ...).
type Province struct {
	Code    string   // ISO 3166-2 code, e.g. "IN-WB"
	Name    string   // English name, e.g. "West Bengal"
	Aliases []string // other common spellings/local names, e.g. "Paschimbanga", "WB"
}

// CountryByCode returns the country with the ISO 3166-1 alpha-2 code (case-insensitive).
func CountryByCode(code string) (Country, bool) {
	i, ok := countryIdx().byCode[strings.ToUpper(strings.TrimSpace(code))]
	if !ok {
		return Country{}, false
	}
	return countryIdx().list[i], true
}

// LookupCountry turns what people type into an ISO 3166-1 alpha-2 code. It accepts the alpha-2
// and alpha-3 codes, the English name and common variants ("Viet Nam", "Vietnam", "Laos",
// "Burma", "UK", ...). Matching ignores case, accents, spaces and punctuation.
func LookupCountry(s string) (code string, ok bool) {
	idx := countryIdx()
	if len(s) <= 8 { // codes, possibly padded or dotted ("u.s.a.")
		c := strings.ToUpper(compact(s))
		if i, ok := idx.byCode[c]; ok && len(c) == 2 {
			return idx.list[i].Code, true
		}
		if a2, ok := idx.byAlpha3[c]; ok {
			return a2, true
		}
	}
	code, ok = idx.byName[countryKey(s)]
	return code, ok
}

// Countries returns all countries, sorted by code. The slice is the caller's own.
func Countries() []Country {
	return slices.Clone(countryIdx().list)
}

// Provinces returns the first-level subdivisions of the country with the alpha-2 code
// (case-insensitive; anything LookupCountry accepts will do), sorted by code (as strings, so
// KH-1, KH-10, KH-11, ..., KH-2, ...); nil when the country is unknown or has no subdivisions
// in the tables. The slice and its aliases are the caller's own.
func Provinces(country string) []Province {
	cc, ok := resolveCountry(country)
	if !ok {
		return nil
	}
	ps := provinceIdx().byCountry[cc]
	if len(ps) == 0 {
		return nil
	}
	out := make([]Province, len(ps))
	for i, p := range ps {
		out[i] = clone(p)
	}
	return out
}

// ProvinceByCode returns the subdivision with the ISO 3166-2 code, e.g. "IN-WB"
// (case-insensitive). Superseded codes (e.g. "IN-CT" for Chhattisgarh, now "IN-CG") are not
// codes; use LookupProvince for them.
func ProvinceByCode(code string) (Province, bool) {
	p, ok := provinceIdx().byCode[strings.ToUpper(strings.TrimSpace(code))]
	if !ok {
		return Province{}, false
	}
	return clone(p), true
}

// LookupProvince turns what people type into the ISO 3166-2 code of a first-level subdivision
// of country. country is an alpha-2 code (anything LookupCountry accepts will do). s may be the
// English name, an alias, the full code ("IN-WB"), the bare code suffix ("WB") or a superseded
// code ("IN-CT", "CT"). Names are normalised as in LookupCountry, and trailing words such as
// "Province", "State", "Division", "District", "Region" or "Capital" are ignored, so "Phnom
// Penh Capital" finds KH-12. With an empty country, s must be a full (possibly superseded)
// code.
func LookupProvince(country, s string) (code string, ok bool) {
	bare := true
	if strings.TrimSpace(country) == "" {
		country, bare = CountryOfProvince(s), false
	}
	cc, ok := resolveCountry(country)
	if !ok {
		return "", false
	}
	keys := provinceIdx().keys[cc]
	if keys == nil {
		return "", false
	}
	// Codes: "IN-WB", "IN WB", "in_wb", "WB", superseded "IN-CT", and "MM-1" for "MM-01".
	if c := strings.ToUpper(compact(s)); c != "" && len(c) <= 8 {
		if bare {
			if code, ok := keys.codes[codeKey(c)]; ok {
				return code, true
			}
		}
		if sfx, ok := strings.CutPrefix(c, cc); ok && sfx != "" {
			if code, ok := keys.codes[codeKey(sfx)]; ok {
				return code, true
			}
		}
	}
	if !bare {
		return "", false
	}
	code, ok = keys.names[provinceKey(s)]
	return code, ok
}

// resolveCountry returns the alpha-2 code for an alpha-2 code or anything else LookupCountry
// accepts.
func resolveCountry(country string) (string, bool) {
	if _, ok := countryIdx().byCode[strings.ToUpper(strings.TrimSpace(country))]; ok {
		return strings.ToUpper(strings.TrimSpace(country)), true
	}
	return LookupCountry(country)
}

// CountryOfProvince returns the country part of an ISO 3166-2 code: "IN-WB" -> "IN". It does
// not check that the subdivision exists; it returns "" when code has no country part.
func CountryOfProvince(code string) string {
	code = strings.TrimSpace(code)
	cc, _, ok := strings.Cut(code, "-")
	if !ok || len(cc) != 2 || !isLetters(cc) {
		return ""
	}
	return strings.ToUpper(cc)
}

func clone(p Province) Province {
	p.Aliases = slices.Clone(p.Aliases)
	return p
}

// ---- indexes ----

type countryIndex struct {
	list     []Country         // sorted by code
	byCode   map[string]int    // alpha-2 -> index into list
	byAlpha3 map[string]string // alpha-3 -> alpha-2
	byName   map[string]string // countryKey(name or variant) -> alpha-2
	clashes  []string          // data errors found while building (checked by the tests)
}

var countryIdx = sync.OnceValue(func() *countryIndex {
	idx := &countryIndex{
		byCode:   make(map[string]int, len(countryData)),
		byAlpha3: make(map[string]string, len(countryData)),
		byName:   make(map[string]string, 3*len(countryData)),
	}
	rows := slices.Clone(countryData)
	slices.SortFunc(rows, func(a, b countryRow) int { return strings.Compare(a.a2, b.a2) })
	for _, r := range rows {
		if _, dup := idx.byCode[r.a2]; dup {
			idx.clashes = append(idx.clashes, "duplicate alpha-2 "+r.a2)
			continue
		}
		idx.byCode[r.a2] = len(idx.list)
		idx.list = append(idx.list, Country{Code: r.a2, Name: r.name, SubRegion: r.sub, Region: r.region})
		if old, dup := idx.byAlpha3[r.a3]; dup {
			idx.clashes = append(idx.clashes, "alpha-3 "+r.a3+" of "+r.a2+" and "+old)
		}
		idx.byAlpha3[r.a3] = r.a2
	}
	for _, r := range rows {
		for _, n := range append([]string{r.name}, r.variants...) {
			k := countryKey(n)
			if k == "" {
				idx.clashes = append(idx.clashes, r.a2+": empty key for "+n)
				continue
			}
			if old, dup := idx.byName[k]; dup && old != r.a2 {
				idx.clashes = append(idx.clashes, "name "+n+" of "+r.a2+" and "+old)
				continue
			}
			idx.byName[k] = r.a2
		}
	}
	return idx
})

type provinceKeys struct {
	codes map[string]string // full code, suffix and superseded codes/suffixes (upper case) -> code
	names map[string]string // provinceKey(name or alias) -> code
}

type provinceIndex struct {
	byCountry map[string][]Province // sorted by code
	byCode    map[string]Province
	keys      map[string]*provinceKeys // by country
	clashes   []string                 // data errors found while building (checked by the tests)
}

var provinceIdx = sync.OnceValue(func() *provinceIndex {
	idx := &provinceIndex{
		byCountry: make(map[string][]Province),
		byCode:    make(map[string]Province, len(provinceData)),
		keys:      make(map[string]*provinceKeys),
	}
	for _, r := range provinceData {
		p := Province{Code: r.code, Name: r.name, Aliases: slices.Clip(slices.Clone(r.aliases))}
		cc := CountryOfProvince(p.Code)
		if _, dup := idx.byCode[p.Code]; dup {
			idx.clashes = append(idx.clashes, "duplicate code "+p.Code)
			continue
		}
		idx.byCode[p.Code] = p
		idx.byCountry[cc] = append(idx.byCountry[cc], p)
	}
	for cc, ps := range idx.byCountry {
		slices.SortFunc(ps, func(a, b Province) int { return strings.Compare(a.Code, b.Code) })
		k := &provinceKeys{codes: make(map[string]string), names: make(map[string]string)}
		idx.keys[cc] = k
		add := func(m map[string]string, what, key, code string) {
			if old, dup := m[key]; dup && old != code {
				idx.clashes = append(idx.clashes, what+" "+key+" of "+code+" and "+old)
				return
			}
			m[key] = code
		}
		for _, p := range ps {
			add(k.codes, "code", codeKey(p.Code[len(cc)+1:]), p.Code)
		}
		for _, p := range ps {
			for _, a := range p.Aliases {
				// superseded codes ("IN-CT") count as codes
				if c, sfx, ok := strings.Cut(a, "-"); ok && c == cc && sfx == compact(sfx) && strings.ToUpper(sfx) == sfx {
					add(k.codes, "former code", codeKey(sfx), p.Code)
				}
			}
		}
		for _, p := range ps {
			for _, n := range append([]string{p.Name}, p.Aliases...) {
				key := provinceKey(n)
				if key == "" {
					idx.clashes = append(idx.clashes, p.Code+": empty key for "+n)
					continue
				}
				add(k.names, "name", key, p.Code)
			}
		}
	}
	return idx
})

// ---- normalisation ----

// words folds s to lower-case ASCII-ish words: accents and other diacritics are stripped,
// letters with a fixed transliteration (ß, æ, ø, ł, ...) are spelled out, and everything
// that is neither letter nor digit separates words. Letters of other scripts are kept
// (lower-cased) so that native spellings can be aliases too.
func words(s string) []string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r < 0x80 {
			switch {
			case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
				b.WriteRune(r)
			case 'A' <= r && r <= 'Z':
				b.WriteRune(r + 'a' - 'A')
			case r == '\'':
				// apostrophes join: "Cote d'Ivoire" -> "cote divoire"
			default:
				b.WriteByte(' ')
			}
			continue
		}
		if f, ok := foldTable[r]; ok {
			b.WriteString(f)
			continue
		}
		switch {
		case isMark(r), r == '\u2019', r == '\u2018', r == '\u02bb', r == '\u02bc':
			// combining marks, typographic apostrophes and ʻokina vanish
		case isLetterOrDigit(r):
			b.WriteString(strings.ToLower(string(r)))
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Fields(b.String())
}

// compact removes everything but ASCII letters and digits from s.
func compact(s string) string {
	var b strings.Builder
	for _, r := range s {
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// fillers are dropped wherever they occur: "Jammu & Kashmir" = "Jammu and Kashmir".
var fillers = map[string]bool{"and": true, "the": true, "of": true}

// countryKey is the normalised form of a country name: folded words without fillers, "St"
// spelled "Saint", joined without spaces (so "Viet Nam" = "Vietnam").
func countryKey(s string) string {
	ws := words(s)
	out := ws[:0]
	for _, w := range ws {
		switch {
		case fillers[w]:
		case w == "st":
			out = append(out, "saint")
		default:
			out = append(out, w)
		}
	}
	return strings.Join(out, "")
}

// designations are dropped from the end of a subdivision name ("Bagmati Province", "Mon
// State", "Phnom Penh Capital City", "Ladakh Union Territory"), but never down to nothing.
var designations = map[string]bool{
	"province": true, "provinces": true, "state": true, "division": true, "district": true,
	"region": true, "capital": true, "city": true, "municipality": true, "territory": true,
	"ut": true, "khaet": true, "bibhag": true, "wilayat": true, "welayat": true, "velayat": true,
}

// provinceKey is the normalised form of a subdivision name: folded words without fillers and
// trailing designations, joined without spaces ("West-Bengal" = "west bengal state" =
// "WestBengal").
func provinceKey(s string) string {
	ws := words(s)
	out := ws[:0]
	for _, w := range ws {
		if !fillers[w] {
			out = append(out, w)
		}
	}
	for len(out) > 1 {
		last := out[len(out)-1]
		if !designations[last] {
			break
		}
		out = out[:len(out)-1]
		if last == "territory" && len(out) > 1 && out[len(out)-1] == "union" {
			out = out[:len(out)-1]
		}
	}
	return strings.Join(out, "")
}

// codeKey is a code suffix as looked up: numeric suffixes lose their leading zeros, so that
// "MM-1" finds MM-01 and "KH-01" finds KH-1.
func codeKey(sfx string) string {
	if isDigits(sfx) {
		if t := strings.TrimLeft(sfx, "0"); t != "" {
			return t
		}
		return "0"
	}
	return sfx
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return s != ""
}
