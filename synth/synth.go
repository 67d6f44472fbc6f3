// Package synth writes realistic but entirely fictional case exports of four organisations that
// tell the field's story: a centre in Afghanistan for boys trafficked for sex, labour and
// soldiering in Herat, Khost, Nangarhar and Paktika; an Indian network with homes for children
// of sex workers and trafficked children in Kolkata and Mumbai; the Kolkata police's list of
// the children its rescue operations freed, which overlaps the network's; and a team in Phnom
// Penh that follows its clients for years. Each exports in its own format and vocabulary, with
// fake names, phones and dates of birth, some malformed rows, cases exported twice, and people
// recorded by more than one organisation. The same seed gives the same bytes. The demo and the
// benchmarks use it.
package synth

import (
	"fmt"
	"math"
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
	status            string // trafficking status: actual, or at_risk for a child taken into care before anyone trafficked her
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

// org describes one fictional organisation as the field knows such organisations: where the
// people it records were exploited, where they come from, who they are (gender, age) and what
// was done to them.
type org struct {
	country   string     // country of exploitation: where the organisation works
	provinces []weighted // provinces of exploitation (ISO 3166-2); "" stands for any province
	origins   []weighted // countries of origin
	// originProvinces are the provinces of origin per country of origin; a country not listed
	// draws any of its provinces.
	originProvinces map[string][]weighted
	male            float64 // share of males (the others female, and 3% other or unknown)
	minor           float64 // share of minors
	youngest        int     // youngest age recorded
	demoFirstYear   int     // the demo's first registration year (see demoEra)
	growth          float64 // yearly growth of the cases registered, from firstYear on
	forms           func(r *rand.Rand, x *person, minor bool)
	sectors         []string // labour sectors
	followUpYears   int      // how long after registration the record is still updated
}

type weighted struct {
	code string
	w    float64
}

// orgsByCountry are the organisations of the demo, by country. The Afghan centre takes boys trafficked
// for sex (bacha bazi), labour and soldiering in Herat, Khost, Nangarhar and Paktika, the
// provinces where research found child trafficking concentrated; the Indian network runs homes
// in Kolkata and Mumbai (West Bengal, Maharashtra) for children of sex workers and children
// rescued from trafficking, and the Kolkata police's rescue list records the children its
// raids free in West Bengal (plan); the Cambodian team in Phnom Penh follows its clients for
// years.
var orgsByCountry = map[string]org{
	"AF": {country: "AF",
		provinces: []weighted{{"AF-HER", 0.31}, {"AF-NAN", 0.27}, {"AF-KHO", 0.19}, {"AF-PKA", 0.19}, {"", 0.04}},
		origins:   []weighted{{"AF", 1}},
		originProvinces: map[string][]weighted{"AF": {{"AF-HER", 0.25}, {"AF-NAN", 0.2}, {"AF-KHO", 0.12}, {"AF-PKA", 0.12},
			{"AF-KAN", 0.08}, {"AF-HEL", 0.07}, {"AF-KAB", 0.06}, {"AF-BAL", 0.05}, {"AF-FRA", 0.05}}},
		male: 0.88, minor: 0.85, youngest: 8, demoFirstYear: 2019, growth: 1.12, followUpYears: 1,
		sectors: []string{"manufacturing", "agriculture", "begging", "construction", "domestic_work"},
		forms: func(r *rand.Rand, x *person, minor bool) {
			if x.gender == "male" {
				x.sexual = r.Float64() < 0.42
				x.labour = r.Float64() < 0.5
				x.militar = minor && r.Float64() < 0.3
				return
			}
			x.marriage = r.Float64() < 0.5
			x.sexual = r.Float64() < 0.25
			x.labour = r.Float64() < 0.3
		},
	},
	"IN": {country: "IN",
		provinces: []weighted{{"IN-WB", 0.6}, {"IN-MH", 0.4}},
		origins:   []weighted{{"IN", 0.72}, {"BD", 0.16}, {"NP", 0.12}},
		originProvinces: map[string][]weighted{
			"IN": {{"IN-WB", 0.45}, {"IN-MH", 0.15}, {"IN-BR", 0.12}, {"IN-JH", 0.1}, {"IN-OR", 0.08}, {"IN-AS", 0.06}, {"IN-KA", 0.04}},
			"BD": {{"BD-D", 0.35}, {"BD-C", 0.3}, {"BD-A", 0.15}, {"BD-E", 0.1}, {"BD-F", 0.1}},
			"NP": {{"NP-P3", 0.4}, {"NP-P2", 0.25}, {"NP-P1", 0.2}, {"NP-P4", 0.15}},
		},
		male: 0.24, minor: 0.9, youngest: 4, demoFirstYear: 2018, growth: 1.1, followUpYears: 2,
		sectors: []string{"domestic_work", "manufacturing", "hospitality", "begging", "construction"},
		forms: func(r *rand.Rand, x *person, minor bool) {
			if x.gender == "male" {
				x.labour = r.Float64() < 0.6
				x.sexual = r.Float64() < 0.15
				return
			}
			x.sexual = r.Float64() < 0.72
			x.labour = r.Float64() < 0.22
			x.marriage = r.Float64() < 0.04
		},
	},
	"KH": {country: "KH",
		provinces: []weighted{{"KH-12", 0.6}, {"KH-17", 0.11}, {"KH-1", 0.09}, {"KH-18", 0.07}, {"KH-9", 0.07}, {"", 0.04}},
		origins:   []weighted{{"KH", 0.93}, {"BD", 0.03}, {"IN", 0.04}},
		originProvinces: map[string][]weighted{"KH": {{"KH-12", 0.2}, {"KH-14", 0.14}, {"KH-3", 0.12}, {"KH-21", 0.1},
			{"KH-2", 0.1}, {"KH-17", 0.1}, {"KH-1", 0.08}, {"KH-8", 0.08}, {"KH-6", 0.08}}},
		male: 0.3, minor: 0.6, youngest: 6, demoFirstYear: 2019, growth: 1.15, followUpYears: 5,
		sectors: []string{"fishing", "construction", "manufacturing", "hospitality", "agriculture"},
		forms: func(r *rand.Rand, x *person, minor bool) {
			if x.gender == "male" {
				x.labour = r.Float64() < 0.72
				x.sexual = r.Float64() < 0.15
				return
			}
			x.sexual = r.Float64() < 0.55
			x.labour = r.Float64() < 0.35
			x.marriage = r.Float64() < 0.12
		},
	},
}

// firstYear is the first registration year synth draws; lastYear (orgs.go) the last.
const firstYear = 2015

// demoEra says whether records are drawn as the embedded demo was: each organisation's
// registrations from its demoFirstYear (2018 or 2019), density rising linearly. The demo's
// exports are kept byte for byte (its figures are quoted in the README, reports and tests);
// everything else synth writes registers cases from firstYear on.
type demoEra bool

// registrationYear turns a uniform draw u in [0, 1) into a registration year. More cases in
// later years, as reporting grows: from firstYear, the density grows by the organisation's
// growth a year (continuous, by the inverse of its distribution function), so that the first
// year still holds a few percent of the cases. The demo's era draws a density rising
// linearly from the organisation's demoFirstYear.
func registrationYear(u float64, p org, demo demoEra) int {
	first, span := firstYear, float64(lastYear-firstYear+1)
	var t float64
	if demo {
		first, span = p.demoFirstYear, float64(lastYear-p.demoFirstYear+1)
		t = span * math.Sqrt(u)
	} else {
		t = math.Log1p(u*(math.Pow(p.growth, span)-1)) / math.Log(p.growth)
	}
	return min(first+int(t), lastYear)
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

// pickProvince draws a province of country from ws; an empty code among the weights (or no
// weights) stands for any of the country's provinces.
func pickProvince(r *rand.Rand, country string, ws []weighted) string {
	if len(ws) > 0 {
		if c := pickWeighted(r, ws); c != "" {
			return c
		}
	}
	ps := geo.Provinces(country)
	if len(ps) == 0 {
		return ""
	}
	return ps[r.IntN(len(ps))].Code
}

func newPerson(r *rand.Rand, id int, p org, demo demoEra) person {
	x := person{id: id, exploitCountry: p.country, status: "actual"}
	switch g := r.Float64(); {
	case g < p.male:
		x.gender = "male"
	case g < 0.97:
		x.gender = "female"
	case g < 0.985:
		x.gender = "other"
	default:
		x.gender = "unknown"
	}
	var age int
	if r.Float64() < p.minor {
		age = p.youngest + r.IntN(18-p.youngest)
	} else {
		age = 18 + int(r.ExpFloat64()*6)
		if age > 70 {
			age = 70
		}
	}
	year := registrationYear(r.Float64(), p, demo)
	x.registered = time.Date(year, time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
	x.dob = x.registered.AddDate(-age, -r.IntN(12), -r.IntN(28))
	x.originCountry = pickWeighted(r, p.origins)
	x.citizenship = x.originCountry
	if r.Float64() < 0.85 {
		x.originProvince = pickProvince(r, x.originCountry, p.originProvinces[x.originCountry])
	}
	if r.Float64() < 0.95 {
		x.exploitProvince = pickProvince(r, x.exploitCountry, p.provinces)
	}
	p.forms(r, &x, age < 18)
	if !x.sexual && !x.labour && !x.marriage && !x.militar {
		x.other = true
	}
	if x.labour {
		x.sector = p.sectors[r.IntN(len(p.sectors))]
	}
	x.recruiter = recruiters[r.IntN(len(recruiters))]
	names := x.originCountry
	x.first = firstNames[names][r.IntN(len(firstNames[names]))]
	x.last = lastNames[names][r.IntN(len(lastNames[names]))]
	x.phone = fmt.Sprintf("+%d %03d %03d %04d", 90+r.IntN(9), r.IntN(1000), r.IntN(1000), r.IntN(10000))
	return x
}
