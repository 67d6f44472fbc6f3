package boundaries

import (
	"os"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/geo"
)

// all returns every subdivision of the data, of every country.
func all(t *testing.T) []Subdivision {
	t.Helper()
	var out []Subdivision
	for _, c := range geo.Countries() {
		subs, err := Country(c.Code)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, subs...)
	}
	return out
}

// Every shape is keyed by the subdivision its Natural Earth names lead to (through
// geo.LookupProvince, its spellings, or the checked override list), never by Natural Earth's
// code alone: the file Natural Earth's codes gave drew Paktika's cases on Paktiya and Tehran's
// on Hormozgan.
func TestEveryShapeMatchesItsCode(t *testing.T) {
	overrides, err := ReadOverrides("overrides.csv")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	n := 0
	for _, s := range all(t) {
		cc := geo.CountryOfProvince(s.Code)
		p, ok := geo.ProvinceByCode(s.Code)
		if !ok {
			t.Errorf("%s (%s) is no ISO 3166-2 first-level subdivision", s.Code, s.Name)
			continue
		}
		if s.Name != p.Name {
			t.Errorf("%s is named %q, geo names it %q", s.Code, s.Name, p.Name)
		}
		if len(s.Sources) == 0 {
			t.Errorf("%s: no Natural Earth feature", s.Code)
		}
		for _, src := range s.Sources {
			n++
			if old, dup := seen[src.ID]; dup {
				t.Errorf("feature %s drawn for %s and %s", src.ID, old, s.Code)
			}
			seen[src.ID] = s.Code
			if o, ok := overrides[src.ID]; ok {
				if o.Code != s.Code || o.Name != src.Name {
					t.Errorf("feature %s %q is drawn as %s; overrides.csv says %q is %s", src.ID, src.Name, s.Code, o.Name, o.Code)
				}
				continue
			}
			code, rule := Match(cc, src)
			if code != s.Code {
				t.Errorf("feature %s %q (Natural Earth's code %s) is drawn as %s %s; its names lead to %q (%s)", src.ID, src.Name, src.NECode, s.Code, s.Name, code, rule)
			}
			if c, ok := geo.LookupProvince(cc, src.Name); ok && c != s.Code {
				t.Errorf("feature %s is named %q, which is %s, but is drawn as %s", src.ID, src.Name, c, s.Code)
			}
		}
	}
	if n < 3500 {
		t.Errorf("only %d Natural Earth features drawn", n)
	}
	for id, o := range overrides {
		if o.Code != "" && seen[id] != o.Code {
			t.Errorf("overrides.csv: %s should be drawn as %s, is %q", id, o.Code, seen[id])
		}
		if o.Code == "" && seen[id] != "" {
			t.Errorf("overrides.csv: %s should be left out, is drawn as %s", id, seen[id])
		}
	}
}

// The places of the demo and of the tester's reproduction lie in the shapes of their own
// codes, checked by a point on the ground, not by the codes the data carries.
func TestPlacesLandOnTheirShapes(t *testing.T) {
	for _, c := range []struct {
		place    string
		lon, lat float64
		code     string
	}{
		{"Sharana, Paktika", 68.78, 33.14, "AF-PKA"},
		{"Paktika, south", 68.65, 32.51, "AF-PKA"},
		{"Gardez, Paktia", 69.22, 33.60, "AF-PIA"},
		{"Herat", 62.20, 34.35, "AF-HER"},
		{"Khost", 69.92, 33.34, "AF-KHO"},
		{"Jalalabad, Nangarhar", 70.45, 34.43, "AF-NAN"},
		{"Bazarak, Panjshir", 69.52, 35.31, "AF-PAN"},
		{"Nili, Daykundi", 66.13, 33.72, "AF-DAY"},
		{"Tarin Kot, Uruzgan", 65.87, 32.63, "AF-URU"},
		{"Tehran", 51.39, 35.69, "IR-23"},
		{"Ahvaz, Khuzestan", 48.67, 31.32, "IR-06"},
		{"Hormozgan, inland", 56.25, 27.65, "IR-22"},
		{"Karaj, Alborz", 50.99, 35.83, "IR-30"},
		{"Kremlin, Moskva", 37.617, 55.752, "RU-MOW"},
		{"Sergiyev Posad, Moskovskaya oblast", 38.13, 56.31, "RU-MOS"},
		{"Kolkata, West Bengal", 88.36, 22.57, "IN-WB"},
		{"Mumbai, Maharashtra", 72.88, 19.08, "IN-MH"},
		{"Phnom Penh", 104.92, 11.56, "KH-12"},
		{"Sihanoukville, Preah Sihanouk", 103.53, 10.63, "KH-18"},
		// A city coded apart from the region around it: the city's code never takes the
		// region's feature (Natural Earth gives both Almaty's code), and the region outside
		// the city is the region's.
		{"Almaty city", 76.95, 43.24, "KZ-ALA"},
		{"Taldykorgan, Almaty region", 78.37, 45.02, "KZ-ALM"},
		{"Konaev, Almaty region", 77.07, 43.87, "KZ-ALM"},
		{"Daugavpils city", 26.53, 55.87, "LV-DGV"},
		{"Daugavpils municipality", 26.59, 56.04, "LV-025"},
		{"Jelgava city", 23.72, 56.65, "LV-JEL"},
		{"Jelgava municipality", 23.65, 56.49, "LV-041"},
		{"Jēkabpils municipality", 25.96, 56.32, "LV-042"},
		{"Ventspils city", 21.58, 57.40, "LV-VEN"},
		{"Ventspils municipality", 21.82, 57.34, "LV-106"},
		{"Yevlax city", 47.15, 40.60, "AZ-YE"},
		{"Yevlax rayon", 46.91, 40.70, "AZ-YEV"},
		{"Lənkəran rayon", 48.73, 38.72, "AZ-LAN"},
		{"Laçın rayon, west", 46.31, 39.77, "AZ-LAC"},
		{"Şəki rayon", 47.16, 41.05, "AZ-SAK"},
		{"Miraflores, Lima metropolitan", -77.03, -12.12, "PE-LMA"},
		{"Huaral, Lima region", -77.21, -11.50, "PE-LIM"},
		{"Vientiane prefecture", 102.56, 18.10, "LA-VT"},
		{"Vang Vieng, Vientiane province", 102.45, 18.92, "LA-VI"},
		{"Maputo city", 32.58, -25.95, "MZ-MPM"},
		{"Namaacha, Maputo province", 32.02, -25.98, "MZ-L"},
		{"Taipei city", 121.56, 25.04, "TW-TPE"},
		{"Tamsui, New Taipei", 121.44, 25.17, "TW-NWT"},
		{"Tashkent city", 69.28, 41.31, "UZ-TK"},
		{"Angren, Tashkent region", 70.14, 41.02, "UZ-TO"},
		{"Quatre Bornes, Plaines Wilhems", 57.48, -20.265, "MU-PW"},
	} {
		cc := geo.CountryOfProvince(c.code)
		subs, err := Country(cc)
		if err != nil {
			t.Fatal(err)
		}
		var in []string
		for _, s := range subs {
			if contains(s.Rings, Point{c.lon, c.lat}) {
				in = append(in, s.Code+" "+s.Name)
			}
		}
		if len(in) != 1 || !strings.HasPrefix(in[0], c.code+" ") {
			t.Errorf("%s (%g %g) lies in %q, want only %s", c.place, c.lon, c.lat, in, c.code)
		}
	}
}

// contains reports whether p lies inside rings under the even-odd rule (as the map draws them).
func contains(rings [][]Point, p Point) bool {
	in := false
	for _, r := range rings {
		for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
			a, b := r[i], r[j]
			if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0]-a[0])*(p[1]-a[1])/(b[1]-a[1])+a[0] {
				in = !in
			}
		}
	}
	return in
}

// coverage.md names every ISO 3166-2 first-level subdivision that has no shape, so that a
// missing province is said, not found out from a blank on the map.
func TestCoverageListsMissingSubdivisions(t *testing.T) {
	b, err := os.ReadFile("coverage.md")
	if err != nil {
		t.Fatal(err)
	}
	cov := string(b)
	drawn := map[string]bool{}
	for _, s := range all(t) {
		drawn[s.Code] = true
	}
	missing := 0
	for _, c := range geo.Countries() {
		for _, p := range geo.Provinces(c.Code) {
			if !drawn[p.Code] {
				missing++
				if !strings.Contains(cov, " "+p.Code+" "+p.Name) {
					t.Errorf("%s %s has no shape and coverage.md does not say so", p.Code, p.Name)
				}
			}
		}
	}
	if missing == 0 || missing > 2500 {
		t.Errorf("%d subdivisions without a shape", missing)
	}
	_, list, _ := strings.Cut(cov, "## ISO 3166-2 first-level subdivisions with no shape")
	for _, line := range strings.Split(list, "\n") {
		_, items, ok := strings.Cut(line, "): ")
		if !strings.HasPrefix(line, "- ") || !ok {
			continue
		}
		for _, it := range strings.Split(items, "; ") {
			if code, _, _ := strings.Cut(it, " "); drawn[code] {
				t.Errorf("coverage.md lists %s as without a shape", code)
			}
		}
	}
}

func TestLooseKey(t *testing.T) {
	for in, want := range map[string]string{
		"Pskovskaja oblast'":        "pskovskaya",
		"Pskovskaya Oblast'":        "pskovskaya",
		"Ostan-e Khorasan-e Razavi": "khorasanrazavi",
		"Khorāsān-e Raẕavī":         "khorasanrazavi",
		"Canton de Fribourg":        "fribourg",
	} {
		if got := looseKey(in); got != want {
			t.Errorf("looseKey(%q) = %q, want %q", in, got, want)
		}
	}
}

// Where ISO 3166-2 codes a city apart from the region of the same name around it (Yevlax and
// its rayon, Ventspils and its municipality, Maputo city and province), both are drawn, each
// from its own features: a missing one means its feature went to the other code.
func TestSameNamedCityAndRegionBothDrawn(t *testing.T) {
	drawn := map[string]bool{}
	for _, s := range all(t) {
		drawn[s.Code] = true
	}
	pairs := 0
	for _, c := range geo.Countries() {
		byName := map[string][]string{}
		for _, p := range geo.Provinces(c.Code) {
			k := looseKey(p.Name)
			byName[k] = append(byName[k], p.Code)
		}
		for name, codes := range byName {
			if len(codes) < 2 {
				continue
			}
			pairs++
			for _, code := range codes {
				if !drawn[code] {
					t.Errorf("%s %q: %s has no shape (of %v)", c.Code, name, code, codes)
				}
			}
		}
	}
	if pairs < 10 {
		t.Errorf("only %d same-named subdivisions", pairs)
	}
}
