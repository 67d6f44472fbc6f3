package synth

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/prevalence/prevalence/geo"
)

// Files are the names of the exports Write produces, and of its config.
const (
	AfghanFile    = "af-hope-shelter.csv"
	IndianFile    = "in-rescue-network.csv"
	PoliceFile    = "in-kolkata-police.csv"
	CambodianFile = "kh-safe-haven.ndjson"
	ConfigFile    = "prevalence.yaml"
)

// Exports are the names of the exports Write produces, in the order the demo reads them.
var Exports = []string{AfghanFile, IndianFile, PoliceFile, CambodianFile}

const ()

// lastYear is the last registration year drawn: fixed, so that output never depends on the
// clock.
const lastYear = 2025

// record is one organisation's record of a person.
type record struct {
	person
	caseID  string
	updated time.Time
	fault   int    // 0 valid; otherwise which malformation to write
	route   string // referral route (schema.ReferralRoute), drawn by drawRoutes
}

// Write writes the four exports with rows records in all, and the config that maps them,
// into dir, deterministically for seed. Cases are registered from 2015 to 2025, more in
// later years. It returns the paths written.
func Write(dir string, rows int, seed uint64) ([]string, error) {
	return write(dir, rows, seed, false)
}

// WriteDemo writes the demo's exports (the files embedded in Demo) into dir: Write's
// organisations for DemoRows rows and DemoSeed, with the registration years of the demo's era
// (2018-2025, see demoEra).
func WriteDemo(dir string) ([]string, error) {
	return write(dir, DemoRows, DemoSeed, true)
}

// list is the export a drawn record belongs to.
type list int

const (
	khList  list = iota // the Cambodian team's
	afList              // the Afghan centre's: its own cases, then the returnees from India
	inList              // the Indian network's
	polList             // the Kolkata police's
)

// generate draws every organisation's records and hands each to emit, with its export, in the
// order one random source draws them: the Cambodian team's, the Afghan centre's, then the
// Indian lists' interleaved (the network's, the police's and the Afghan returnees'). Each
// export's records arrive in the export's order, so that a writer can stream them to disk:
// holding them all took 12 GiB at 10 million rows. About 28% Afghan, 22% Cambodian and the
// rest the Indian network's, the Kolkata police's and Afghan returnees', with 2% malformed
// rows and 1% of cases exported twice. It returns the size of the Indian population.
//
// The Indian lists are drawn from one population, as multiple systems estimation assumes:
// every child or young person exploited in West Bengal or Maharashtra, recorded or not. The
// network's homes record each with the same chance wherever they are; the police record the
// children their raids free in West Bengal; the Afghan centre records the Afghans among them
// when they come home, under its own case number and spelling of the name. The lists are
// independent, so the estimate from their overlaps recovers the population.
func generate(rows int, seed uint64, demo demoEra, emit func(list, record)) (india int) {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	id := 0
	var n [4]int // records emitted per export
	// put emits a record of p to export l, as an organisation exports it: followed up for up
	// to o.followUpYears, sometimes malformed, sometimes exported twice (the second time
	// updated).
	put := func(l list, p person, caseID string, o org, quota int) {
		rec := record{person: p, caseID: caseID}
		rec.updated = p.registered.AddDate(0, 0, r.IntN(o.followUpYears*365))
		if rec.updated.Year() > lastYear {
			rec.updated = time.Date(lastYear, 12, 31, 0, 0, 0, 0, time.UTC)
		}
		if r.Float64() < 0.02 {
			rec.fault = 1 + r.IntN(3)
		}
		n[l]++
		emit(l, rec)
		if quota > 1 && r.Float64() < 0.01 {
			dup := rec
			dup.fault = 0
			dup.updated = rec.updated.AddDate(0, 1, 0)
			dup.recruiter = recruiters[r.IntN(len(recruiters))]
			n[l]++
			emit(l, dup)
		}
	}
	draw := func(country string, l list, want int) {
		o := orgsByCountry[country]
		for n[l] < want {
			id++
			p := newPerson(r, id, o, demo)
			put(l, p, fmt.Sprintf("%s-%06d", country, n[l]+1), o, want-n[l])
		}
	}
	nAF := rows * 28 / 100
	nKH := rows * 22 / 100
	nIndia := rows - nAF - nKH
	draw("KH", khList, nKH)
	draw("AF", afList, nAF)
	o := orgsByCountry["IN"]
	returned := 0
	for left := nIndia; left > 0; left = nIndia - n[inList] - n[polList] - returned {
		if r.Float64() < 0.12 {
			// A child at risk: a sex worker's child whom the homes take in before anyone
			// trafficked her. Not a victim, so not in the population the lists record.
			id++
			p := newPerson(r, id, o, demo)
			p.dob = p.registered.AddDate(-(3 + r.IntN(12)), -r.IntN(12), -r.IntN(28))
			p.sexual, p.labour, p.marriage, p.militar, p.other, p.sector = false, false, false, false, false, ""
			if p.exploitProvince == "" {
				p.exploitProvince = "IN-WB"
			}
			p.status = "at_risk"
			put(inList, p, fmt.Sprintf("IN-%06d", n[inList]+1), o, left)
			continue
		}
		id++
		india++
		p := newPerson(r, id, o, demo)
		if r.Float64() < 0.05 { // an Afghan trafficked to India
			p.originCountry, p.citizenship = "AF", "AF"
			p.originProvince = pickProvince(r, "AF", orgsByCountry["AF"].originProvinces["AF"])
			p.first = firstNames["AF"][r.IntN(len(firstNames["AF"]))]
			p.last = lastNames["AF"][r.IntN(len(lastNames["AF"]))]
		}
		minor := yearsBetween(p.dob, p.registered) < 18
		home := r.Float64() < 0.5
		police := p.exploitProvince == "IN-WB" && minor && r.Float64() < 0.45
		back := p.originCountry == "AF" && r.Float64() < 0.6
		if home {
			put(inList, p, fmt.Sprintf("IN-%06d", n[inList]+1), o, left)
		}
		if left = nIndia - n[inList] - n[polList] - returned; police && left > 0 {
			q := p
			q.first, q.last = respell(r, p.first), respell(r, p.last)
			q.registered = p.registered.AddDate(0, 0, -r.IntN(10)) // rescued before admitted
			if q.registered.Year() < firstYear {
				q.registered = p.registered
			}
			put(polList, q, fmt.Sprintf("AHTU/%d/%05d", q.registered.Year(), n[polList]+1), o, left)
		}
		if left = nIndia - n[inList] - n[polList] - returned; back && left > 0 {
			q := p
			q.first, q.last = respell(r, p.first), respell(r, p.last)
			if q.registered = p.registered.AddDate(0, 2+r.IntN(6), 0); q.registered.Year() > lastYear {
				q.registered = p.registered
			}
			n[afList]++
			emit(afList, record{person: q, caseID: fmt.Sprintf("AF-R%05d", returned+1), updated: q.registered})
			returned++
		}
	}
	return india
}

// IndianPopulation is the number of people in the population that the Indian lists of
// Write(dir, rows, seed) record (the network's homes, the Kolkata police, and the Afghan
// centre for the Afghans among them), recorded or not: the true total that multiple systems
// estimation on their overlaps should recover. (The last person drawn may be recorded by
// fewer lists than drawn, when the rows run out.)
func IndianPopulation(rows int, seed uint64) int {
	return generate(rows, seed, false, func(list, record) {}) // the same in the demo's era: years draw no more numbers
}

// respell writes a name as another organisation might: other case, extra spaces, no accents.
func respell(r *rand.Rand, s string) string {
	switch r.IntN(4) {
	case 0:
		return strings.ToUpper(s)
	case 1:
		return " " + strings.ToLower(s) + " "
	case 2:
		return strings.NewReplacer("é", "e", "ë", "e", "ç", "c", "â", "a", "ô", "o").Replace(s)
	}
	return s
}

func yesNo(b bool, yes, no string) string {
	if b {
		return yes
	}
	return no
}

// afghanHeader and afghanRow are the Afghan centre's export, in the canonical column names.
var afghanHeader = []string{"case_id", "full_name", "date_of_birth", "phone", "gender", "registration_date", "updated_at",
	"citizenship", "country_of_origin", "province_of_origin", "country_of_exploitation", "province_of_exploitation",
	"is_sexual_exploitation", "is_forced_labour", "is_forced_marriage", "is_forced_military", "is_other_exploitation",
	"labour_sector", "recruiter_relation", "trafficking_status", "referral_route", "caseworker", "narrative"}

func afghanRow(x record) []string {
	row := []string{x.caseID, x.first + " " + x.last, x.dob.Format("2006-01-02"), x.phone, x.gender,
		x.registered.Format("2006-01-02"), x.updated.Format("2006-01-02"),
		x.citizenship, x.originCountry, x.originProvince, x.exploitCountry, x.exploitProvince,
		yesNo(x.sexual, "true", "false"), yesNo(x.labour, "true", "false"), yesNo(x.marriage, "true", "false"),
		yesNo(x.militar, "true", "false"), yesNo(x.other, "true", "false"),
		x.sector, x.recruiter, x.status, x.route, "Caseworker " + x.last, "Met " + x.first + " " + x.last + " at the border crossing; phone " + x.phone}
	switch x.fault {
	case 1:
		row[5] = "2031-01-01" // registered in the future
	case 2:
		row[4] = "xyz" // not a gender
	case 3:
		row = row[:10] // cut short
	}
	return row
}

// indianStatus is how the network writes the trafficking status (HTCDS's values, and the
// children at risk it takes into its homes).
var indianStatus = map[string]string{"actual": "Actual victim of trafficking", "at_risk": "Child at risk"}

var indianGender = map[string]string{"female": "F", "male": "M", "other": "Transgender", "unknown": "Unknown"}

func exploitationTypes(x person) []string {
	var t []string
	if x.sexual {
		t = append(t, "Sexual exploitation")
	}
	if x.labour {
		t = append(t, "Forced labour")
	}
	if x.marriage {
		t = append(t, "Forced marriage")
	}
	if x.militar {
		t = append(t, "Child soldier")
	}
	if x.other {
		t = append(t, "Other")
	}
	return t
}

func provinceName(code string) string {
	p, ok := geo.ProvinceByCode(code)
	if !ok {
		return ""
	}
	return p.Name
}

func countryName(code string) string {
	c, _ := geo.CountryByCode(code)
	return c.Name
}

// indianHeader and indianRow are a Primero-style export (written with ';'): semicolon-separated,
// day/month/year dates, M/F, ages rather than bands, place names rather than codes,
// exploitation as a ';'-joined list.
var indianHeader = []string{"case_id", "name", "sex", "age", "date_of_birth", "national_id_no", "registration_date",
	"nationality", "state_of_origin", "country_of_origin", "location_current", "exploitation_type",
	"type_of_labour", "relation_to_recruiter", "trafficking_status", "status_decided_by", "referred_by", "notes"}

func indianRow(x record) []string {
	age := yearsBetween(x.dob, x.registered)
	row := []string{x.caseID, x.first + " " + x.last, indianGender[x.gender], strconv.Itoa(age),
		x.dob.Format("02/01/2006"), fmt.Sprintf("%04d %04d %04d", x.id%10000, (x.id*7)%10000, (x.id*13)%10000),
		x.registered.Format("02/01/2006"), countryName(x.citizenship), provinceName(x.originProvince),
		countryName(x.originCountry), provinceName(x.exploitProvince), strings.Join(exploitationTypes(x.person), "; "),
		x.sector, x.recruiter, indianStatus[x.status], "NGO", indianRoute[x.route], "Rescued with " + x.first + "; contact " + x.phone}
	switch x.fault {
	case 1:
		row[3] = "about ten" // not a number
	case 2:
		row[3] = "140" // out of range
	case 3:
		row[4] = x.registered.AddDate(1, 0, 0).Format("02/01/2006") // born after registration
		row[3] = ""
	}
	return row
}

// rescuedFrom are the places in Kolkata a police rescue list names (text only, never mapped).
var rescuedFrom = []string{"Sonagachi", "Bowbazar", "Kalighat", "Khidirpur", "Howrah station", "Sealdah station", "a garment unit, Metiabruz", "a private residence"}

// policeHeader and policeRow are the Kolkata police's rescue list: comma-separated, its own
// column names, day-month-year dates with dashes, Male/Female, the purpose of trafficking in
// words. i is the record's place in the list.
var policeHeader = []string{"GD Entry No", "Date of Rescue", "Name of Victim", "Date of Birth", "Age", "Sex", "Native Country",
	"Native State", "Place of Rescue", "Purpose of Trafficking", "Police Station", "Referred To"}

var policeSex = map[string]string{"female": "Female", "male": "Male", "other": "Transgender", "unknown": "Not stated"}

func policeRow(i int, x record) []string {
	var purpose []string
	if x.sexual {
		purpose = append(purpose, "Commercial sexual exploitation")
	}
	if x.labour {
		purpose = append(purpose, "Labour")
	}
	if x.marriage {
		purpose = append(purpose, "Marriage")
	}
	if len(purpose) == 0 {
		purpose = append(purpose, "Other")
	}
	row := []string{x.caseID, x.registered.Format("02-01-2006"), x.first + " " + x.last, x.dob.Format("02-01-2006"),
		strconv.Itoa(yearsBetween(x.dob, x.registered)), policeSex[x.gender], countryName(x.originCountry), provinceName(x.originProvince),
		rescuedFrom[i%len(rescuedFrom)], strings.Join(purpose, ", "), []string{"Sonagachi", "Bowbazar", "Kalighat", "Watgunge"}[x.id%4] + " PS",
		"Home " + x.last}
	switch x.fault {
	case 1:
		row[1] = "31-02-" + strconv.Itoa(x.registered.Year()) // no such date
	case 2:
		row[5] = "?" // not a sex
	case 3:
		row[4] = "minor" // not a number
	}
	return row
}

func yearsBetween(from, to time.Time) int {
	y := to.Year() - from.Year()
	if to.YearDay() < from.YearDay() {
		y--
	}
	return y
}

type khRecord struct {
	ID     string `json:"id"`
	Person struct {
		Name struct {
			Given  string `json:"given"`
			Family string `json:"family"`
		} `json:"name"`
		Sex       string `json:"sex"`
		BirthDate string `json:"birth_date"`
		Phone     string `json:"phone"`
	} `json:"person"`
	Registered string `json:"registered"`
	Updated    string `json:"updated"`
	Origin     place  `json:"origin"`
	Exploit    struct {
		place
		Types  []string `json:"types"`
		Sector string   `json:"sector,omitempty"`
	} `json:"exploitation"`
	Recruiter string `json:"recruiter"`
	Referral  struct {
		Route string `json:"route"`
	} `json:"referral"`
	Notes string `json:"notes"`
}

type place struct {
	Country  string `json:"country"`
	Province string `json:"province,omitempty"`
}

// cambodianRecord is one line of the Cambodian team's newline-delimited JSON with nested
// records, as a case-management API would return them.
func cambodianRecord(x record) khRecord {
	var k khRecord
	k.ID = x.caseID
	k.Person.Name.Given, k.Person.Name.Family = x.first, x.last
	k.Person.Sex = x.gender
	k.Person.BirthDate = x.dob.Format("2006-01-02")
	k.Person.Phone = x.phone
	k.Registered = x.registered.Format("2006-01-02")
	k.Updated = x.updated.Format("2006-01-02")
	k.Origin = place{countryName(x.originCountry), provinceName(x.originProvince)}
	k.Exploit.place = place{x.exploitCountry, provinceName(x.exploitProvince)}
	k.Exploit.Types = exploitationTypes(x.person)
	k.Exploit.Sector = x.sector
	k.Recruiter = x.recruiter
	k.Referral.Route = x.route
	k.Notes = "Referred by police; mother " + x.last + " lives nearby"
	switch x.fault {
	case 1:
		k.Registered = "31/31/2020" // not a date
	case 2:
		k.Person.Sex = "??"
	case 3:
		k.Exploit.Province = "Atlantis" // not a province
	}
	return k
}
