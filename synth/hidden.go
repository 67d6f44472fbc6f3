package synth

import (
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// Hidden describes a known population that several organisations record independently, for
// testing multiple systems estimation end to end.
type Hidden struct {
	People  int       // the true number of people, recorded or not
	Capture []float64 // per organisation, the chance of recording each person
	Seed    uint64
}

// WriteHidden draws h.People people and writes one canonical CSV per organisation
// (org-1.csv, ...) with the people it recorded, each organisation spelling names its own way
// (case, spacing, accents, word order), plus their config (ConfigFile, naming each
// organisation). It returns the exports' paths and how many people were recorded by at least
// one organisation.
func WriteHidden(dir string, h Hidden) (paths []string, recorded int, err error) {
	if h.People < 1 || len(h.Capture) < 2 {
		return nil, 0, fmt.Errorf("synth: a hidden population needs people and at least two organisations")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, 0, err
	}
	r := rand.New(rand.NewPCG(h.Seed, 0x41dde4))
	orgs := []string{"AF", "IN", "KH"}
	people := make([]person, h.People)
	for i := range people {
		people[i] = newPerson(r, i+1, orgsByCountry[orgs[i%3]], false)
		// Three-part names make namesakes born the same day vanishingly rare.
		people[i].first += " " + firstNames["AF"][r.IntN(len(firstNames["AF"]))]
	}
	seen := make([]bool, h.People)
	for o, p := range h.Capture {
		var recs []record
		for i, x := range people {
			if r.Float64() >= p {
				continue
			}
			seen[i] = true
			rec := record{person: x, caseID: fmt.Sprintf("ORG%d-%06d", o+1, len(recs)+1)}
			rec.first, rec.last = respell(r, x.first), respell(r, x.last)
			if r.IntN(4) == 0 {
				rec.first, rec.last = rec.last, rec.first // family name first
			}
			rec.updated = x.registered
			recs = append(recs, rec)
		}
		path := filepath.Join(dir, fmt.Sprintf("org-%d.csv", o+1))
		if err := writeFile(path, func(w io.Writer) error { return writeHiddenOrg(w, recs) }); err != nil {
			return nil, 0, err
		}
		paths = append(paths, path)
	}
	for _, s := range seen {
		if s {
			recorded++
		}
	}
	// Their config names each organisation, so that the lists of the capture histories (and
	// of the reports' estimate) are the organisations, not "input 1" to "input N".
	var b strings.Builder
	b.WriteString("# Mapping for the fictional exports written by \"prevalence synth --hidden\": one list per\n" +
		"# organisation, each recording people independently. Run with a key (PREVALENCE_KEY) so that\n" +
		"# people recorded by several organisations are linked.\nk: 5\nsuppression_limit: 0.05\nsources:\n")
	for o := range h.Capture {
		fmt.Fprintf(&b, "  - match: \"org-%d.csv\"\n    source: \"Organisation %d (fictional)\"\n", o+1, o+1)
	}
	p := filepath.Join(dir, ConfigFile)
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		return nil, 0, err
	}
	return paths, recorded, nil
}

func writeHiddenOrg(w io.Writer, recs []record) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"case_id", "full_name", "date_of_birth", "gender", "registration_date",
		"country_of_exploitation", "province_of_exploitation", "is_sexual_exploitation", "is_forced_labour"})
	for _, x := range recs {
		cw.Write([]string{x.caseID, x.first + " " + x.last, x.dob.Format("2006-01-02"), x.gender,
			x.registered.Format("2006-01-02"), x.exploitCountry, x.exploitProvince,
			yesNo(x.sexual, "yes", "no"), yesNo(x.labour, "yes", "no")})
	}
	cw.Flush()
	return cw.Error()
}
