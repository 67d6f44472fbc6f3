package anonymize

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prevalence/prevalence/intervals"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/outcomes"
)

// statusCSV has 30 victims and 12 at-risk girls in IN-WB, and 3 people found not to be victims.
func statusCSV() string {
	var b strings.Builder
	b.WriteString("case_id,gender,age,registration_date,country_of_exploitation,province_of_exploitation,trafficking_status\n")
	for i := 0; i < 45; i++ {
		st := "actual"
		switch {
		case i >= 30 && i < 42:
			st = "at_risk"
		case i >= 42:
			st = "not"
		case i%3 == 0:
			st = ""
		}
		fmt.Fprintf(&b, "C-%d,female,12,2024-01-01,IN,IN-WB,%s\n", i, st)
	}
	return b.String()
}

func tableByName(ts []*CountTable, name string) *CountTable {
	for _, t := range ts {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// TestVictimsOnly: the prevalence tables count victims (actual, possible or not recorded) and
// say so; at-risk people have their own table and are in no other; not-victims are in none.
func TestVictimsOnly(t *testing.T) {
	c := collectFrom(t, ingest.NewReader("s.csv", strings.NewReader(statusCSV())))
	pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: 5}})
	if err != nil {
		t.Fatal(err)
	}
	prov := tableByName(pt.Tables, "cases-by-province-and-gender")
	last := prov.Rows[len(prov.Rows)-1]
	if last.Values[0] != 30 {
		t.Errorf("cases-by-province counts %d, want the 30 victims", last.Values[0])
	}
	if !strings.Contains(prov.Note, "identified victims") {
		t.Errorf("the note does not say what is counted: %q", prov.Note)
	}
	ar := tableByName(pt.Tables, "at-risk-by-province")
	if ar == nil {
		t.Fatal("no at-risk-by-province table")
	}
	if got := ar.Rows[len(ar.Rows)-1].Values; got[0] != 12 || got[1] != 12 {
		t.Errorf("at-risk total %v, want 12 girls", got)
	}
}

// outcomeCollector returns a Collector of n rows with outcomes set by f.
func outcomeCollector(t *testing.T, n int, f func(i int) CaseOutcome) *Collector {
	var b strings.Builder
	b.WriteString("case_id,gender,age,registration_date,country_of_exploitation\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "C-%d,female,12,2024-01-01,IN\n", i)
	}
	c := collectFrom(t, ingest.NewReader("o.csv", strings.NewReader(b.String())))
	for i := 0; i < n; i++ {
		c.SetOutcome(i, f(i))
	}
	return c
}

// TestCurvesWithheldOnwards: a small cumulative count of exits is withheld with its point's
// estimate while later points stay published; once the number at risk is withheld, every later
// point of that curve is withheld too, estimates included.
func TestCurvesWithheldOnwards(t *testing.T) {
	// Province A: 40 stays, 3 ending by 3 months (small), 5 by 6, 10 by 12; 30 long and open.
	// Province B: 12 stays, 8 ending in the first 5 months: at 6 months 4 at risk (small).
	// Province C: 60 stays, 40 ending 5 to a month from the first to the eighth, 20 open.
	c := outcomeCollector(t, 112, func(i int) CaseOutcome {
		switch {
		case i < 10:
			return CaseOutcome{Care: true, Province: "XA-A", Outcome: outcomes.Outcome{StayMonths: float64(i)*1.2 + 0.5, ExitStatus: outcomes.ExitReintegrated, Reintegrated: true}}
		case i < 40:
			return CaseOutcome{Care: true, Province: "XA-A", Outcome: outcomes.Outcome{StayMonths: 36}}
		case i < 48:
			return CaseOutcome{Care: true, Province: "XA-B", Outcome: outcomes.Outcome{StayMonths: float64(i-40)/2 + 1, ExitStatus: outcomes.ExitTransferred}}
		case i < 52:
			return CaseOutcome{Care: true, Province: "XA-B", Outcome: outcomes.Outcome{StayMonths: 30}}
		case i < 92:
			return CaseOutcome{Care: true, Province: "XA-C", Outcome: outcomes.Outcome{StayMonths: float64((i-52)/5) + 0.5, ExitStatus: outcomes.ExitReintegrated, Reintegrated: true}}
		}
		return CaseOutcome{Care: true, Province: "XA-C", Outcome: outcomes.Outcome{StayMonths: 30}}
	})
	pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: 5}})
	if err != nil {
		t.Fatal(err)
	}
	los := tableByName(pt.Tables, "length-of-stay")
	if los == nil {
		t.Fatal("no length-of-stay table")
	}
	row := func(prov, m string) CountRow {
		for _, r := range los.Rows {
			if r.Labels[0] == prov && r.Labels[1] == m {
				return r
			}
		}
		t.Fatalf("no row %s %s", prov, m)
		return CountRow{}
	}
	if r := row("XA-A", "3 months"); r.State[1] == Published || r.Figures[0] != "" {
		t.Errorf("3 exits by 3 months published: %+v", r)
	}
	// The curve goes on: a later point keeps a count. (With the cohort printed at 0 months and no
	// stay censored by three months, the number at risk at three months would give the 3 exits
	// back, so it or the cohort is withheld, and what else the complementary suppression takes
	// depends on the other curves' cells: attack-2026-12-02a finding 1.)
	later := 0
	for _, m := range []string{"6 months", "12 months", "24 months"} {
		if r := row("XA-A", m); r.State[0] == Published || r.State[1] == Published && r.Values[1] > 0 {
			later++
		}
	}
	if later == 0 {
		t.Errorf("no later point of XA-A published: %+v", los.Rows)
	}
	if r := row("XA-B", "6 months"); r.State[0] == Published {
		t.Errorf("4 at risk published: %+v", r)
	}
	for _, m := range []string{"12 months", "24 months"} {
		r := row("XA-B", m)
		if r.Figures[0] != "" || (r.State[1] == Published && r.Values[1] != 0) {
			t.Errorf("XA-B month %s published after its number at risk was withheld: %+v", m, r)
		}
	}
	for _, want := range []string{"Greenwood", "log scale", "censored", "cumulative"} {
		if !strings.Contains(los.Note, want) {
			t.Errorf("length-of-stay note lacks %q", want)
		}
	}
}

// TestOutcomeTablesPublished: with enough cases every outcome table is published at the fixed
// points, with estimates that agree with the counts.
func TestOutcomeTablesPublished(t *testing.T) {
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(1, 0, 0)
	c := outcomeCollector(t, 200, func(i int) CaseOutcome {
		o := CaseOutcome{Care: true, Province: "IN-WB", Route: []string{"police_operation", "hotline"}[i%2]}
		stay := float64(i%40) + 0.5
		switch i % 4 {
		case 0, 1:
			o.Outcome = outcomes.Outcome{StayMonths: stay, ExitStatus: outcomes.ExitReintegrated, Reintegrated: true,
				FollowedMonths: float64(i % 30), Retrafficked: i%8 == 0}
		case 2:
			o.Outcome = outcomes.Outcome{StayMonths: stay, ExitStatus: outcomes.ExitTransferred}
		default:
			o.Outcome = outcomes.Outcome{StayMonths: stay}
		}
		o.Outcome.FromIdentification, o.Outcome.HasIdentification = stay+0.25, i%10 != 0
		st := from.AddDate(0, i%12, 0)
		o.Stays = []outcomes.Stay{{Start: st, End: st.AddDate(0, 2, 0)}}
		o.StayProvinces = []string{"IN-WB"}
		o.Legal = []outcomes.LegalCase{{Stage: outcomes.Disposed, Disposition: []outcomes.Disposition{outcomes.Convicted, outcomes.Acquitted}[i%2]}}
		o.LegalYear = []int{2024}
		return o
	})
	pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: 5},
		Outcomes: OutcomeConfig{Centres: []CentreBeds{{Province: "IN-WB", Beds: 40}}, From: from, To: to}})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"length-of-stay", "reintegration", "re-trafficking", "justice-funnel", "occupancy"} {
		tb := tableByName(pt.Tables, name)
		if tb == nil {
			t.Errorf("no %s table", name)
			continue
		}
		published := 0
		for _, r := range tb.Rows {
			if r.State[0] == Published && r.Figures[0] != "" {
				published++
			}
		}
		if published == 0 {
			t.Errorf("%s: no row published: %+v", name, tb.Rows)
		}
	}
	jf := tableByName(pt.Tables, "justice-funnel")
	for _, r := range jf.Rows {
		if strings.HasPrefix(r.Labels[1], "conviction rate over completed trials") && r.Figures[0] != "0.500" {
			t.Errorf("conviction rate over trials %s, want 0.500", r.Figures[0])
		}
	}
	occ := tableByName(pt.Tables, "occupancy")
	if !strings.Contains(occ.Note, "Little's law") || occ.Rows[0].Figures[3] == "" {
		t.Errorf("occupancy: no beds needed by Little's law: %+v %q", occ.Rows[0], occ.Note)
	}
}

// TestFollowUpAndServicesTables: the follow-up table counts, among the children reintegrated at
// least six (12) months before the export, those visited that long after and those in school at
// their last visit; the services table counts children per service type and status, once per
// type. Counts are compared with a direct count; small ones are withheld.
func TestFollowUpAndServicesTables(t *testing.T) {
	const n = 160
	mk := func(i int) CaseOutcome {
		o := CaseOutcome{Care: true, Outcome: outcomes.Outcome{StayMonths: 4, ExitStatus: outcomes.ExitReintegrated, Reintegrated: true,
			InSchoolAtLast: outcomes.Answer(i % 3)}, Since: float64(i % 30), LastVisit: float64(i%17) - 1}
		if i%10 == 9 {
			o.Outcome = outcomes.Outcome{StayMonths: 4, ExitStatus: outcomes.ExitTransferred}
		}
		switch {
		case i%4 == 0:
			o.Services = []ServiceUse{{"psychosocial_service", outcomes.Yes}, {"psychosocial_service", outcomes.No}}
		case i%4 == 1:
			o.Services = []ServiceUse{{"psychosocial_service", outcomes.No}, {"education", outcomes.Unknown}}
		case i == 2:
			o.Services = []ServiceUse{{"legal_assistance_service", outcomes.Yes}} // one child: small
		}
		return o
	}
	c := outcomeCollector(t, n, mk)
	pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: 5}})
	if err != nil {
		t.Fatal(err)
	}
	fu := tableByName(pt.Tables, "follow-up")
	if fu == nil {
		t.Fatal("no follow-up table")
	}
	for _, r := range fu.Rows {
		m := map[string]float64{"6 months": 6, "12 months": 12}[r.Labels[1]]
		var want [4]int64
		for i := 0; i < n; i++ {
			o := mk(i)
			if !o.Outcome.Reintegrated || o.Since < m {
				continue
			}
			want[0]++
			ans := o.Outcome.InSchoolAtLast
			if r.Labels[0] == "visited_after" {
				ans = outcomes.No
				if o.LastVisit >= m {
					ans = outcomes.Yes
				}
			}
			want[map[outcomes.Answer]int{outcomes.Yes: 1, outcomes.No: 2, outcomes.Unknown: 3}[ans]]++
		}
		for ci, v := range r.Values {
			if r.State[ci] == Published && v != want[ci] {
				t.Errorf("follow-up %v column %s: %d, want %d", r.Labels, fu.Counts[ci], v, want[ci])
			}
			if r.State[ci] == Published && want[ci] > 0 && want[ci] < 5 {
				t.Errorf("follow-up %v column %s: small count %d published", r.Labels, fu.Counts[ci], want[ci])
			}
		}
		if r.State[0] != Published {
			t.Errorf("follow-up %v: children withheld", r.Labels)
		}
	}
	sv := tableByName(pt.Tables, "services")
	if sv == nil {
		t.Fatal("no services table")
	}
	want := map[string][4]int64{
		"psychosocial_service": {80, 40, 40, 0},
		"education":            {40, 0, 0, 40},
		"any service":          {81, 41, 40, 0},
	}
	for _, r := range sv.Rows {
		if r.Labels[0] == "legal_assistance_service" {
			if r.State[0] == Published || r.State[1] == Published {
				t.Errorf("a service one child had is published: %+v", r)
			}
			continue
		}
		w, ok := want[r.Labels[0]]
		if !ok {
			t.Errorf("unexpected services row %v", r.Labels)
			continue
		}
		if r.State[0] != Published || r.State[1] != Published {
			t.Errorf("services %v withheld: %+v", r.Labels, r)
		}
		for ci, v := range r.Values {
			if r.State[ci] == Published && v != w[ci] {
				t.Errorf("services %v column %s: %d, want %d", r.Labels, sv.Counts[ci], v, w[ci])
			}
		}
	}
}

// TestNoisyOutcomes: with epsilon, the curves' estimates (computed from exact times) are
// withheld and the note says why; the justice funnel's rates are worked out from the noisy
// counts with intervals that cover the noise, wider than Wilson's on the same counts; the
// budget counts every count a case adds to.
func TestNoisyOutcomes(t *testing.T) {
	c := outcomeCollector(t, 200, func(i int) CaseOutcome {
		o := CaseOutcome{Care: true, Province: "IN-WB", Route: []string{"police_operation", "hotline"}[i%2]}
		o.Outcome = outcomes.Outcome{StayMonths: float64(i%40) + 0.5, ExitStatus: outcomes.ExitReintegrated, Reintegrated: true,
			FollowedMonths: float64(i % 30), Retrafficked: i%8 == 0, FromIdentification: float64(i%40) + 1, HasIdentification: true}
		o.Legal = []outcomes.LegalCase{{Stage: outcomes.Disposed, Disposition: []outcomes.Disposition{outcomes.Convicted, outcomes.Acquitted}[i%2]}}
		o.LegalYear = []int{2024}
		return o
	})
	pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: 5}, Epsilon: 0.5, Rand: rand.NewChaCha8([32]byte{12})})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"length-of-stay", "reintegration", "re-trafficking"} {
		tb := tableByName(pt.Tables, name)
		if tb == nil {
			t.Fatalf("no %s table", name)
		}
		for _, r := range tb.Rows {
			for _, f := range r.Figures {
				if f != "" {
					t.Errorf("%s %v: estimate %s published beside noisy counts", name, r.Labels, f)
				}
			}
		}
		if !strings.Contains(tb.Note, "would undo the noise") {
			t.Errorf("%s: the note does not say why the estimates are withheld", name)
		}
	}
	jf := tableByName(pt.Tables, "justice-funnel")
	rates := 0
	for ri, r := range jf.Rows {
		if !strings.HasPrefix(r.Labels[1], "conviction rate") || r.Figures[0] == "" {
			continue
		}
		rates++
		m, _ := jf.Value(ri, 0)
		lo, _ := strconv.ParseFloat(r.Figures[1], 64)
		hi, _ := strconv.ParseFloat(r.Figures[2], 64)
		est, _ := strconv.ParseFloat(r.Figures[0], 64)
		plain := intervals.Wilson(int(math.Round(est*float64(m))), int(m), 0.95)
		if !(hi-lo > plain.Upper-plain.Lower) {
			t.Errorf("%v: interval [%g, %g] not wider than Wilson's [%g, %g] without noise", r.Labels, lo, hi, plain.Lower, plain.Upper)
		}
	}
	if rates == 0 {
		t.Error("no conviction rate published with noise")
	}
	if !strings.Contains(jf.Note, "widened to cover the noise") {
		t.Errorf("justice-funnel note: %q", jf.Note)
	}
	if pt.Protection.EpsilonTotal < 0.5*16 {
		t.Errorf("budget %g does not count the curves' many counts per case", pt.Protection.EpsilonTotal)
	}
}

// TestOccupancyFewChildren: a province whose rate and mean stay rest on one child (no
// admission in the period, no one in care at its end: both counts published as 0) prints its
// beds but neither figure (attack-2026-12-01e finding 4: Balkh's 0.06 and 24.0 months were one
// boy's stay); a province with enough children prints both.
func TestOccupancyFewChildren(t *testing.T) {
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(1, 0, 0)
	c := outcomeCollector(t, 41, func(i int) CaseOutcome {
		if i == 40 { // placed before the period, left four months into it
			return CaseOutcome{Care: true, Province: "AF-BAL", Outcome: outcomes.Outcome{StayMonths: 24, ExitStatus: outcomes.ExitTransferred},
				Stays: []outcomes.Stay{{Start: from.AddDate(-4, 0, 0), End: from.AddDate(0, 4, 0)}}, StayProvinces: []string{"AF-BAL"}}
		}
		st := from.AddDate(0, i%12, 0)
		return CaseOutcome{Care: true, Province: "IN-WB", Outcome: outcomes.Outcome{StayMonths: float64(i%20) + 0.5, ExitStatus: outcomes.ExitReintegrated, Reintegrated: true},
			Stays: []outcomes.Stay{{Start: st, End: st.AddDate(0, 0, 15)}}, StayProvinces: []string{"IN-WB"}}
	})
	pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: 10},
		Outcomes: OutcomeConfig{Centres: []CentreBeds{{Province: "IN-WB", Beds: 40}, {Province: "AF-BAL", Beds: 5}}, From: from, To: to}})
	if err != nil {
		t.Fatal(err)
	}
	occ := tableByName(pt.Tables, "occupancy")
	if occ == nil {
		t.Fatal("no occupancy table")
	}
	got := map[string]CountRow{}
	for _, r := range occ.Rows {
		got[r.Labels[0]] = r
	}
	bal, wb := got["AF-BAL"], got["IN-WB"]
	if bal.Figures == nil || bal.Figures[0] != "5" || bal.Figures[1] != "" || bal.Figures[2] != "" || bal.Figures[3] != "" {
		t.Errorf("AF-BAL (one child): figures %q, want the beds only", bal.Figures)
	}
	if bal.Values[0] != 0 || bal.Values[1] != 0 || bal.State[0] != Published {
		t.Errorf("AF-BAL counts %v %v, want published zeros", bal.Values, bal.State)
	}
	if wb.Figures == nil || wb.Figures[1] == "" || wb.Figures[2] == "" {
		t.Errorf("IN-WB (40 children): figures %q, want rate and mean stay", wb.Figures)
	}
}

// TestOccupancyLateOrganisation (outc session zf's finding): a province where an
// organisation whose records begin late placed children (OutcomeConfig.Begins) prints no
// occupancy_rate (the children it had in care before are in no export: Phnom Penh read 0.40
// for 0.84), and no beds_needed when its records begin inside the period (its admissions are
// counted from then only); its counts and mean stay stay, the note names it, and a province
// without such an organisation keeps every figure.
func TestOccupancyLateOrganisation(t *testing.T) {
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(1, 0, 0)
	provs := []string{"IN-WB", "KH-12", "KH-23"}
	c := outcomeCollector(t, 120, func(i int) CaseOutcome {
		st := from.AddDate(0, i%12, 0)
		p := provs[i%3]
		return CaseOutcome{Care: true, Province: p, Outcome: outcomes.Outcome{StayMonths: 3, ExitStatus: outcomes.ExitReintegrated, Reintegrated: true},
			Stays: []outcomes.Stay{{Start: st, End: st.AddDate(0, 3, 0)}}, StayProvinces: []string{p}}
	})
	pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: 10},
		Outcomes: OutcomeConfig{Centres: []CentreBeds{{Province: "IN-WB", Beds: 40}, {Province: "KH-12", Beds: 40}, {Province: "KH-23", Beds: 40}}, From: from, To: to,
			Begins: map[string]time.Time{"KH-12": from.AddDate(0, -3, 0), "KH-23": from.AddDate(0, 2, 0)}}})
	if err != nil {
		t.Fatal(err)
	}
	occ := tableByName(pt.Tables, "occupancy")
	if occ == nil {
		t.Fatal("no occupancy table")
	}
	got := map[string]CountRow{}
	for _, r := range occ.Rows {
		got[r.Labels[0]] = r
	}
	wb, pp, kt := got["IN-WB"], got["KH-12"], got["KH-23"]
	if wb.Figures == nil || wb.Figures[1] == "" || wb.Figures[2] == "" || wb.Figures[3] == "" {
		t.Errorf("IN-WB (no late organisation): figures %q, want every one", wb.Figures)
	}
	if pp.Figures == nil || pp.Figures[0] != "40" || pp.Figures[1] != "" || pp.Figures[2] == "" || pp.Figures[3] == "" {
		t.Errorf("KH-12 (records begin 3 months before the period): figures %q, want beds, mean stay and beds needed, no rate", pp.Figures)
	}
	if kt.Figures == nil || kt.Figures[1] != "" || kt.Figures[2] == "" || kt.Figures[3] != "" {
		t.Errorf("KH-23 (records begin inside the period): figures %q, want the mean stay, no rate nor beds needed", kt.Figures)
	}
	for _, r := range []CountRow{pp, kt} {
		if r.Values[0] != 40 || r.State[0] != Published || r.State[1] != Published {
			t.Errorf("%s: counts %v %v, want published (only figures are left out)", r.Labels[0], r.Values, r.State)
		}
	}
	if !strings.Contains(occ.Note, "KH-12, KH-23: occupancy_rate left empty") || !strings.Contains(occ.Note, "KH-23: its records begin inside the period") {
		t.Errorf("occupancy note does not say which rates are left out and why: %q", occ.Note)
	}
}

// TestOccupancyStaysBefore: an organisation whose records begin late and whose export holds
// the stays it had open then, begun before (a care system that took in the children in care
// on its first day), has only the longer of its earlier stays: Phnom Penh's mean stay read 13.4
// months for 10.0 and half its children still in care at 12 months for a third (outc session
// zh). A province of StaysBefore prints no mean stay, beds needed nor time-in-care figures;
// its counts stay, and the notes say why.
func TestOccupancyStaysBefore(t *testing.T) {
	from := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	to := from.AddDate(1, 0, 0)
	provs := []string{"IN-WB", "KH-12"}
	c := outcomeCollector(t, 120, func(i int) CaseOutcome {
		st := from.AddDate(0, i%12, 0)
		p := provs[i%2]
		return CaseOutcome{Care: true, Province: p, Outcome: outcomes.Outcome{StayMonths: 3, ExitStatus: outcomes.ExitReintegrated, Reintegrated: true},
			Stays: []outcomes.Stay{{Start: st, End: st.AddDate(0, 3, 0)}}, StayProvinces: []string{p}}
	})
	pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: 10},
		Outcomes: OutcomeConfig{Centres: []CentreBeds{{Province: "IN-WB", Beds: 40}, {Province: "KH-12", Beds: 40}}, From: from, To: to,
			StaysBefore: map[string]bool{"KH-12": true}}})
	if err != nil {
		t.Fatal(err)
	}
	occ, los := tableByName(pt.Tables, "occupancy"), tableByName(pt.Tables, "length-of-stay")
	if occ == nil || los == nil {
		t.Fatal("no occupancy or length-of-stay table")
	}
	for _, r := range occ.Rows {
		switch r.Labels[0] {
		case "IN-WB":
			if r.Figures[1] == "" || r.Figures[2] == "" || r.Figures[3] == "" {
				t.Errorf("IN-WB: figures %q, want every one", r.Figures)
			}
		case "KH-12":
			if r.Figures[0] != "40" || r.Figures[1] == "" || r.Figures[2] != "" || r.Figures[3] != "" || r.State[0] != Published || r.Values[0] != 60 {
				t.Errorf("KH-12: %v %v figures %q, want its counts, beds and rate, no mean stay nor beds needed", r.Values, r.State, r.Figures)
			}
		}
	}
	if !strings.Contains(occ.Note, "KH-12: mean_stay_months and beds_needed left empty") {
		t.Errorf("occupancy note: %q", occ.Note)
	}
	kh := 0
	for _, r := range los.Rows {
		if r.Labels[0] == "KH-12" {
			kh++
			if strings.Join(r.Figures, "") != "" {
				t.Errorf("length-of-stay %q: figures %q, want none", r.Labels, r.Figures)
			}
		}
		if r.Labels[0] != "KH-12" && r.Labels[1] == "0 months" && r.Figures[0] == "" {
			t.Errorf("length-of-stay %q: no figures", r.Labels)
		}
	}
	if kh == 0 {
		t.Error("length-of-stay: no KH-12 curve (its counts stay)")
	}
	if !strings.Contains(los.Note, "KH-12: still_in_care and the mean left empty") {
		t.Errorf("length-of-stay note: %q", los.Note)
	}
}

// TestFollowUpChildrenOnly: the follow-up table counts children (victims recorded as minors)
// only: 40 women of 30 and 20 girls of 12, all reintegrated two years before the export and in
// school at their last visit, give 20 children, not 60 (attack-2026-12-01f finding 2: forty
// women were "100% of the children ... in school").
func TestFollowUpChildrenOnly(t *testing.T) {
	var b strings.Builder
	b.WriteString("case_id,gender,age,registration_date,country_of_exploitation\n")
	for i := 0; i < 60; i++ {
		age := 30
		if i >= 40 {
			age = 12
		}
		fmt.Fprintf(&b, "C-%d,female,%d,2022-01-01,IN\n", i, age)
	}
	c := collectFrom(t, ingest.NewReader("o.csv", strings.NewReader(b.String())))
	for i := 0; i < 60; i++ {
		c.SetOutcome(i, CaseOutcome{Care: true, Since: 24, LastVisit: 20, Outcome: outcomes.Outcome{StayMonths: 4,
			ExitStatus: outcomes.ExitReintegrated, Reintegrated: true, FollowedMonths: 20, InSchoolAtLast: outcomes.Yes}})
	}
	pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: 5}})
	if err != nil {
		t.Fatal(err)
	}
	fu := tableByName(pt.Tables, "follow-up")
	if fu == nil {
		t.Fatal("no follow-up table")
	}
	for _, r := range fu.Rows {
		if r.Values[0] != 20 || r.State[0] != Published {
			t.Errorf("follow-up %v: children %d (%v), want the 20 girls", r.Labels, r.Values[0], r.State[0])
		}
	}
	if rt := tableByName(pt.Tables, "re-trafficking"); rt == nil || rt.Rows[0].Values[0] != 60 {
		t.Errorf("re-trafficking should count the 60 victims reintegrated: %+v", rt)
	}
}
