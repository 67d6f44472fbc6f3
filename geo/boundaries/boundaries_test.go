package boundaries

import (
	"math"
	"testing"
)

// Every country the demo and the field work in has its subdivisions, with ISO codes and
// outlines where they belong on the globe.
func TestCountries(t *testing.T) {
	for _, c := range []struct {
		iso2       string
		min        int
		code, name string
		lon, lat   float64 // a point inside the country's bounding box
	}{
		{"AF", 34, "AF-HER", "Herat", 62, 34},
		{"IN", 30, "IN-WB", "West Bengal", 88, 23},
		{"KH", 24, "KH-12", "", 105, 12},
		{"NG", 37, "NG-LA", "Lagos", 3.5, 6.5},
		{"TH", 70, "TH-10", "", 100.5, 13.7},
	} {
		subs, err := Country(c.iso2)
		if err != nil {
			t.Fatal(err)
		}
		if len(subs) < c.min {
			t.Errorf("%s: %d subdivisions, want at least %d", c.iso2, len(subs), c.min)
		}
		found := c.code == ""
		minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		for _, s := range subs {
			if s.Code == c.code {
				found = true
				if c.name != "" && s.Name != c.name {
					t.Errorf("%s is named %q, want %q", s.Code, s.Name, c.name)
				}
			}
			if len(s.Rings) == 0 {
				t.Errorf("%s has no outline", s.Code)
			}
			for _, r := range s.Rings {
				if len(r) < 4 {
					t.Errorf("%s: ring of %d points", s.Code, len(r))
				}
				for _, p := range r {
					minX, minY, maxX, maxY = min(minX, p[0]), min(minY, p[1]), max(maxX, p[0]), max(maxY, p[1])
				}
			}
		}
		if !found {
			t.Errorf("%s: no subdivision %s", c.iso2, c.code)
		}
		if !(minX <= c.lon && c.lon <= maxX && minY <= c.lat && c.lat <= maxY) {
			t.Errorf("%s: bounding box (%g %g, %g %g) does not hold (%g %g)", c.iso2, minX, minY, maxX, maxY, c.lon, c.lat)
		}
	}
	if subs, _ := Country("zz"); subs != nil {
		t.Errorf("ZZ has %d subdivisions", len(subs))
	}
}

func TestCorrupt(t *testing.T) {
	if _, err := decode(data[:len(data)/2]); err == nil {
		t.Error("half the data decoded without an error")
	}
}
