package synth

import "math"

// Centre is one of the fictional existing centres the synthetic exports come with: its name,
// province (ISO 3166-2), capacity (beds), the ages (9-17, 0-17, 18+ or all) and genders it
// takes (see analysis.Centre).
type Centre struct {
	Name, Province string
	Capacity       int
	Ages           string
	Genders        []string
}

// demoCentres are the centres at the demo's size (DemoRows). Their beds are sized to the demo's
// placements in its last year (the occupancy table's period): Herat, Nangarhar, West Bengal,
// Maharashtra and Phnom Penh about 90% full, Khost full (the story: Khost needs beds) and
// Paktika, with about as many placements as Khost, without a centre. Kabul's women's shelter and Siem
// Reap's youth shelter are run by organisations that export nothing, so the stays the release
// records hardly fill them: the occupancy table counts the beds of every centre named.
var demoCentres = []Centre{
	{"Herat Boys' Centre", "AF-HER", 70, "9-17", []string{"male"}},
	{"Jalalabad Boys' Centre", "AF-NAN", 67, "9-17", []string{"male"}},
	{"Khost Children's Shelter", "AF-KHO", 36, "0-17", []string{"female", "male"}},
	{"Kabul Women's Shelter", "AF-KAB", 30, "18+", []string{"female"}},
	{"Kolkata Girls' Home", "IN-WB", 130, "0-17", []string{"female"}},
	{"Kolkata Boys' Home", "IN-WB", 42, "0-17", []string{"male"}},
	{"Mumbai Girls' Home", "IN-MH", 80, "0-17", []string{"female"}},
	{"Mumbai Transit Home", "IN-MH", 20, "all", []string{"all"}},
	{"Phnom Penh Recovery Centre", "KH-12", 213, "all", []string{"female"}},
	{"Siem Reap Youth Shelter", "KH-17", 15, "0-17", []string{"male"}},
}

// Centres returns the centres of Write's exports of rows rows: the demo's, with their
// capacities scaled by rows/DemoRows (at least minBeds) and by how many of the cases fall in
// the last year (placementScale). Placements grow with the rows, and centres of a fixed size
// would read as 1,000% full at 20,000 rows.
func Centres(rows int) []Centre { return centres(rows, false) }

// minBeds is the fewest beds a centre is given: beds are not people, but a release's figure
// from 1 to 9 reads as a small count of people (cmd/prevalence.TestHonestFigures looks for
// none), and a centre of a few beds is no one's programme.
const minBeds = 10

func centres(rows int, demo demoEra) []Centre {
	out := make([]Centre, len(demoCentres))
	for i, c := range demoCentres {
		scale := float64(rows) / DemoRows
		if !demo {
			scale *= placementScale(orgsByCountry[c.Province[:2]])
		}
		c.Capacity = max(minBeds, int(math.Round(float64(c.Capacity)*scale)))
		c.Genders = append([]string(nil), c.Genders...)
		out[i] = c
	}
	return out
}

// placementScale is the share of o's cases registered in the last year (the occupancy table's
// period) over that share in the demo's era: the demo's beds are sized to its placements, and
// cases spread from 2015 leave fewer in the last year.
func placementScale(o org) float64 {
	last := func(demo demoEra) float64 {
		// The draw u at which the last year begins, by bisection of registrationYear.
		lo, hi := 0.0, 1.0
		for range 60 {
			if mid := (lo + hi) / 2; registrationYear(mid, o, demo) < lastYear {
				lo = mid
			} else {
				hi = mid
			}
		}
		return 1 - lo
	}
	return last(false) / last(true)
}
