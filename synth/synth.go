// Package synth writes realistic but entirely fictional case exports: three organisations (a
// shelter in Afghanistan, a rescue network in India, a safe house in Cambodia), each exporting
// in its own format and vocabulary, with fake names, phones and dates of birth, some malformed
// rows, cases exported twice, and people recorded by more than one organisation. The same seed
// gives the same bytes. The demo and the benchmarks use it.
package synth

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/prevalence/prevalence/geo"
)

// person is one fictional victim, before any organisation records them.
type person struct {
	id                int
	first, last       string
	gender            string // female, male, other, unknown
	dob, registered   time.Time
	citizenship       string
	originCountry     string
	originProvince    string
	exploitCountry    string
	exploitProvince   string
	sexual, labour    bool
	marriage, militar bool
	other             bool
	sector, recruiter string
	phone             string
}

var (
	firstNames = map[string][]string{
		"AF": {"Ahmad", "Mohammad", "Farid", "Zahra", "Fatima", "Maryam", "Nadia", "Hamid", "Soraya", "Bilal", "Shabnam", "Wahid", "Gul", "Rahim", "Laila", "Jawad", "احمد", "فاطمه", "Zoë"},
		"IN": {"Aarav", "Priya", "Ravi", "Sunita", "Pooja", "Amit", "Lakshmi", "Rahul", "Anjali", "Deepak", "Kavita", "Suresh", "Meena", "Arjun", "Geeta", "प्रिया", "राहुल", "Renée"},
		"KH": {"Sokha", "Dara", "Channary", "Bopha", "Vicheka", "Rithy", "Sreymom", "Pisey", "Kosal", "Sophea", "Thida", "Vanna", "សុខា", "ដារា", "Chân"},
		"BD": {"Rahima", "Karim", "Ayesha", "Jamal", "Nasrin", "Rafiq", "Shirin", "রহিম", "আয়েশা"},
		"NP": {"Sita", "Ram", "Gita", "Bikash", "Sarita", "Anil", "Maya", "सीता", "गीता"},
	}
	lastNames = map[string][]string{
		"AF": {"Ahmadi", "Hakimi", "Rahimi", "Karimi", "Noori", "Sultani", "Haidari", "Popal", "Stanikzai", "احمدی"},
		"IN": {"Sharma", "Das", "Khatun", "Singh", "Kumar", "Mondal", "Yadav", "Patel", "Sahu", "Begum", "शर्मा", "Gonçalves"},
		"KH": {"Sok", "Chan", "Meas", "Keo", "Phan", "Chea", "Seng", "Lim", "Heng", "សុខ"},
		"BD": {"Hossain", "Akter", "Islam", "Rahman", "Begum", "হোসেন"},
		"NP": {"Tamang", "Gurung", "Shrestha", "Rai", "Magar", "Thapa", "तामाङ"},
	}
	sectors    = []string{"agriculture", "construction", "domestic_work", "manufacturing", "fishing", "hospitality", "begging", "mining"}
	recruiters = []string{"family", "intimate_partner", "friend", "acquaintance", "employer", "stranger"}
)

// country profiles: where the organisation's clients come from and where they were exploited.
type profile struct {
	country   string
	origins   []weighted // countries of origin
	hotspots  int        // how many provinces take most of the cases
	military  float64    // share of boys recorded in forced military service
	marriage  float64    // share of girls in forced marriage
	firstYear int
}

type weighted struct {
	code string
	w    float64
}

var profiles = map[string]profile{
	"AF": {country: "AF", origins: []weighted{{"AF", 0.92}, {"IN", 0.02}, {"NP", 0.06}}, hotspots: 4, military: 0.25, marriage: 0.35, firstYear: 2019},
	"IN": {country: "IN", origins: []weighted{{"IN", 0.7}, {"BD", 0.18}, {"NP", 0.12}}, hotspots: 5, military: 0.01, marriage: 0.15, firstYear: 2018},
	"KH": {country: "KH", origins: []weighted{{"KH", 0.9}, {"IN", 0.02}, {"BD", 0.08}}, hotspots: 3, military: 0.0, marriage: 0.1, firstYear: 2019},
}

func pickWeighted(r *rand.Rand, ws []weighted) string {
	total := 0.0
	for _, w := range ws {
		total += w.w
	}
	x := r.Float64() * total
	for _, w := range ws {
		if x -= w.w; x < 0 {
			return w.code
		}
	}
	return ws[len(ws)-1].code
}

// pickProvince draws a province of country, most often one of its first hot spots, so that the
// tables have the concentration that real case data has.
func pickProvince(r *rand.Rand, country string, hotspots int) string {
	ps := geo.Provinces(country)
	if len(ps) == 0 {
		return ""
	}
	if hotspots > len(ps) {
		hotspots = len(ps)
	}
	// A fixed, seed-independent choice of hot spots per country: every third province.
	if r.Float64() < 0.97 {
		i := r.IntN(hotspots) * 3 % len(ps)
		return ps[i].Code
	}
	return ps[r.IntN(len(ps))].Code
}

func newPerson(r *rand.Rand, id int, p profile, endYear int) person {
	x := person{id: id, exploitCountry: p.country}
	switch g := r.Float64(); {
	case g < 0.58:
		x.gender = "female"
	case g < 0.97:
		x.gender = "male"
	case g < 0.985:
		x.gender = "other"
	default:
		x.gender = "unknown"
	}
	var age int
	if r.Float64() < 0.45 {
		age = 6 + r.IntN(12)
	} else {
		age = 18 + int(r.ExpFloat64()*9)
		if age > 70 {
			age = 70
		}
	}
	// More cases in later years, as reporting grows.
	span := endYear - p.firstYear + 1
	year := p.firstYear + int(float64(span)*(1-r.Float64()*r.Float64()))
	if year > endYear {
		year = endYear
	}
	x.registered = time.Date(year, time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
	x.dob = x.registered.AddDate(-age, -r.IntN(12), -r.IntN(28))
	x.originCountry = pickWeighted(r, p.origins)
	x.citizenship = x.originCountry
	if r.Float64() < 0.85 {
		x.originProvince = pickProvince(r, x.originCountry, p.hotspots)
	}
	if r.Float64() < 0.93 {
		x.exploitProvince = pickProvince(r, x.exploitCountry, p.hotspots)
	}
	minor := age < 18
	switch x.gender {
	case "male":
		x.labour = r.Float64() < 0.55
		x.sexual = r.Float64() < 0.2
		x.militar = minor && r.Float64() < p.military
	default:
		x.sexual = r.Float64() < 0.55
		x.labour = r.Float64() < 0.3
		x.marriage = r.Float64() < p.marriage
	}
	if !x.sexual && !x.labour && !x.marriage && !x.militar {
		x.other = true
	}
	if x.labour {
		x.sector = sectors[r.IntN(len(sectors))]
	}
	x.recruiter = recruiters[r.IntN(len(recruiters))]
	names := x.originCountry
	x.first = firstNames[names][r.IntN(len(firstNames[names]))]
	x.last = lastNames[names][r.IntN(len(lastNames[names]))]
	x.phone = fmt.Sprintf("+%d %03d %03d %04d", 90+r.IntN(9), r.IntN(1000), r.IntN(1000), r.IntN(10000))
	return x
}
