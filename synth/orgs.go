package synth

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/prevalence/prevalence/geo"
)

// Files are the names of the exports Write produces, and of its config.
const (
	AfghanFile    = "af-hope-shelter.csv"
	IndianFile    = "in-rescue-network.csv"
	CambodianFile = "kh-safe-haven.ndjson"
	ConfigFile    = "prevalence.yaml"
)

// lastYear is the last registration year drawn: fixed, so that output never depends on the
// clock.
const lastYear = 2025

// record is one organisation's record of a person.
type record struct {
	person
	caseID  string
	updated time.Time
	fault   int // 0 valid; otherwise which malformation to write
}

// Write writes the three exports with rows records in all, and the config that maps them,
// into dir, deterministically for seed. It returns the paths written.
func Write(dir string, rows int, seed uint64) ([]string, error) {
	if rows < 3 {
		return nil, fmt.Errorf("synth: need at least 3 rows, got %d", rows)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	af, in, kh := plan(rows, seed)
	var paths []string
	for _, f := range []struct {
		name  string
		write func(io.Writer, []record) error
		recs  []record
	}{
		{AfghanFile, writeAfghan, af},
		{IndianFile, writeIndian, in},
		{CambodianFile, writeCambodian, kh},
	} {
		p := filepath.Join(dir, f.name)
		if err := writeFile(p, func(w io.Writer) error { return f.write(w, f.recs) }); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	// What happened after identification, in the three layouts (outcomes.go).
	for _, f := range []struct {
		name  string
		org   string
		recs  []record
		write func(io.Writer, []record, [][]careEvent) error
	}{
		{IndianEventsFile, "IN", in, writeIndianEvents},
		{AfghanFollowUpFile, "AF", af, writeAfghanFollowUp},
		{CambodianCareFile, "KH", kh, writeCambodianCare},
	} {
		evs := drawAll(f.recs, f.org, seed)
		p := filepath.Join(dir, f.name)
		if err := writeFile(p, func(w io.Writer) error { return f.write(w, f.recs, evs) }); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	p := filepath.Join(dir, CentresFile)
	if err := os.WriteFile(p, []byte(centres), 0o644); err != nil {
		return nil, err
	}
	paths = append(paths, p)
	p = filepath.Join(dir, ConfigFile)
	if err := os.WriteFile(p, []byte(Config), 0o644); err != nil {
		return nil, err
	}
	return append(paths, p), nil
}

func writeFile(p string, fn func(io.Writer) error) error {
	f, err := os.Create(p)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	if err := fn(bw); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// plan draws every organisation's records: about 30% Afghan, 45% Indian, 25% Cambodian, with
// 2% malformed rows, 1% cases exported twice, and Afghan returnees exploited in India recorded
// by both the Indian network and the Afghan shelter.
func plan(rows int, seed uint64) (af, in, kh []record) {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	id := 0
	draw := func(org string, n int) []record {
		out := make([]record, 0, n)
		for len(out) < n {
			id++
			p := newPerson(r, id, profiles[org], lastYear)
			rec := record{person: p, caseID: fmt.Sprintf("%s-%06d", org, len(out)+1)}
			rec.updated = p.registered.AddDate(0, 0, r.IntN(200))
			if rec.updated.Year() > lastYear {
				rec.updated = time.Date(lastYear, 12, 31, 0, 0, 0, 0, time.UTC)
			}
			if r.Float64() < 0.02 {
				rec.fault = 1 + r.IntN(3)
			}
			out = append(out, rec)
			if len(out) < n && r.Float64() < 0.01 { // exported twice, the second time updated
				dup := rec
				dup.fault = 0
				dup.updated = rec.updated.AddDate(0, 1, 0)
				dup.recruiter = recruiters[r.IntN(len(recruiters))]
				out = append(out, dup)
			}
		}
		return out
	}
	nIN := rows * 45 / 100
	returnees := (nIN + 16) / 17
	nAF := max(rows*30/100-returnees, 0)
	nKH := rows - nAF - nIN - returnees
	in = draw("IN", nIN)
	kh = draw("KH", nKH)
	af = draw("AF", nAF)
	// Returnees: some Indian cases are Afghans, whom the Afghan shelter records again on
	// return, under its own case number and with its own spelling of the name.
	for i := 0; i < len(in); i += 17 {
		p := &in[i].person
		p.originCountry, p.citizenship = "AF", "AF"
		p.originProvince = pickProvince(r, "AF", profiles["AF"].hotspots)
		p.first = firstNames["AF"][r.IntN(len(firstNames["AF"]))]
		p.last = lastNames["AF"][r.IntN(len(lastNames["AF"]))]
		again := record{person: *p, caseID: fmt.Sprintf("AF-R%05d", i/17+1)}
		again.first, again.last = respell(r, p.first), respell(r, p.last)
		again.registered = p.registered.AddDate(0, 2+r.IntN(6), 0)
		if again.registered.Year() > lastYear {
			again.registered = p.registered
		}
		again.updated = again.registered
		af = append(af, again)
	}
	return af, in, kh
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

func writeAfghan(w io.Writer, recs []record) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"case_id", "full_name", "date_of_birth", "phone", "gender", "registration_date", "updated_at",
		"citizenship", "country_of_origin", "province_of_origin", "country_of_exploitation", "province_of_exploitation",
		"is_sexual_exploitation", "is_forced_labour", "is_forced_marriage", "is_forced_military", "is_other_exploitation",
		"labour_sector", "recruiter_relation", "caseworker", "narrative"})
	for _, x := range recs {
		row := []string{x.caseID, x.first + " " + x.last, x.dob.Format("2006-01-02"), x.phone, x.gender,
			x.registered.Format("2006-01-02"), x.updated.Format("2006-01-02"),
			x.citizenship, x.originCountry, x.originProvince, x.exploitCountry, x.exploitProvince,
			yesNo(x.sexual, "true", "false"), yesNo(x.labour, "true", "false"), yesNo(x.marriage, "true", "false"),
			yesNo(x.militar, "true", "false"), yesNo(x.other, "true", "false"),
			x.sector, x.recruiter, "Caseworker " + x.last, "Met " + x.first + " " + x.last + " at the border crossing; phone " + x.phone}
		switch x.fault {
		case 1:
			row[5] = "2031-01-01" // registered in the future
		case 2:
			row[4] = "xyz" // not a gender
		case 3:
			row = row[:10] // cut short
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

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

// writeIndian writes a Primero-style export: semicolon-separated, day/month/year dates, M/F,
// ages rather than bands, place names rather than codes, exploitation as a ';'-joined list.
func writeIndian(w io.Writer, recs []record) error {
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.Write([]string{"case_id", "name", "sex", "age", "date_of_birth", "national_id_no", "registration_date",
		"nationality", "state_of_origin", "country_of_origin", "location_current", "exploitation_type",
		"type_of_labour", "relation_to_recruiter", "notes"})
	for _, x := range recs {
		age := yearsBetween(x.dob, x.registered)
		row := []string{x.caseID, x.first + " " + x.last, indianGender[x.gender], strconv.Itoa(age),
			x.dob.Format("02/01/2006"), fmt.Sprintf("%04d %04d %04d", x.id%10000, (x.id*7)%10000, (x.id*13)%10000),
			x.registered.Format("02/01/2006"), countryName(x.citizenship), provinceName(x.originProvince),
			countryName(x.originCountry), provinceName(x.exploitProvince), strings.Join(exploitationTypes(x.person), "; "),
			x.sector, x.recruiter, "Rescued with " + x.first + "; contact " + x.phone}
		switch x.fault {
		case 1:
			row[3] = "about ten" // not a number
		case 2:
			row[3] = "140" // out of range
		case 3:
			row[4] = x.registered.AddDate(1, 0, 0).Format("02/01/2006") // born after registration
			row[3] = ""
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
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
	Notes     string `json:"notes"`
}

type place struct {
	Country  string `json:"country"`
	Province string `json:"province,omitempty"`
}

// writeCambodian writes newline-delimited JSON with nested records, as a case-management API
// would return them.
func writeCambodian(w io.Writer, recs []record) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, x := range recs {
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
		k.Notes = "Referred by police; mother " + x.last + " lives nearby"
		switch x.fault {
		case 1:
			k.Registered = "31/31/2020" // not a date
		case 2:
			k.Person.Sex = "??"
		case 3:
			k.Exploit.Province = "Atlantis" // not a province
		}
		if err := enc.Encode(k); err != nil {
			return err
		}
	}
	return nil
}
