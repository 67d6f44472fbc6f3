package geo

import (
	"slices"
	"strings"
)

// regionNames are the UN M49 regions, in M49 order (the order of their codes: 002 Africa,
// 019 Americas, 142 Asia, 150 Europe, 009 Oceania is listed last as CTDC does).
var regionNames = []string{rAfrica, rAmericas, rAsia, rEurope, rOceania}

// Regions returns the UN M49 region names: Africa, Americas, Asia, Europe, Oceania.
func Regions() []string { return slices.Clone(regionNames) }

// LookupRegion turns what people type into a UN M49 region name, or a union of regions written
// with "/" as CTDC writes the regions it merges to protect small counts ("Americas/Oceania"):
// the parts in Regions order joined by "/". Case, accents, spaces and punctuation are ignored,
// and "America" and "the Americas" are the Americas. A sub-region ("Southern Asia") is not a
// region: ok is false, as for anything else.
func LookupRegion(s string) (region string, ok bool) {
	var parts []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == '&' || r == '+' }) {
		k := countryKey(p)
		found := ""
		for _, r := range regionNames {
			if rk := countryKey(r); k == rk || k+"s" == rk {
				found = r
			}
		}
		if found == "" {
			return "", false
		}
		if !slices.Contains(parts, found) {
			parts = append(parts, found)
		}
	}
	if len(parts) == 0 {
		return "", false
	}
	slices.SortFunc(parts, func(a, b string) int { return slices.Index(regionNames, a) - slices.Index(regionNames, b) })
	return strings.Join(parts, "/"), true
}

// RegionParts returns the M49 regions a region (as LookupRegion gives it) covers:
// "Americas/Oceania" gives Americas and Oceania.
func RegionParts(region string) []string {
	if region == "" {
		return nil
	}
	return strings.Split(region, "/")
}

// RegionContains reports whether region (as LookupRegion gives it) covers the M49 region r.
func RegionContains(region, r string) bool {
	return r != "" && slices.Contains(RegionParts(region), r)
}
