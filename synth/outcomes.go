package synth

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// What happened after identification (issue 12), in the three layouts the pipeline reads: the
// Indian network exports one row per event keyed by case number, the Afghan shelter keeps a
// follow-up spreadsheet with numbered columns (placement_1_start, followup_1_date, ...), and
// the Cambodian team in Phnom Penh exports Primero-style records with subforms. Outcomes are
// drawn from Truth with a random source of their own, so the case exports are unchanged.
const (
	IndianEventsFile   = "in-rescue-network-events.csv"
	AfghanFollowUpFile = "af-hope-shelter-followup.csv"
	CambodianCareFile  = "kh-safe-haven-care.ndjson"
	// CentresFile is the demo's centres (synth/demo, written by hand for the demo's story).
	CentresFile         = "centres.csv"
	outcomeSeedConstant = 0x0c0e
)

// OutcomeExports are the exports of events Write produces, in the order the demo reads them
// (before the cases, as the pipeline does anyway).
var OutcomeExports = []string{IndianEventsFile, AfghanFollowUpFile, CambodianCareFile}

// Extracted is the date the synthetic exports were made: stays still open are censored there.
var Extracted = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Truth is the model the synthetic outcomes are drawn from, so that tests can compare the
// released estimates with the true rates.
type Truth struct {
	// Placed is the chance that a valid case has a placement in care.
	Placed float64
	// MedianStayMonths: stays end at a constant hazard ln 2 / MedianStayMonths (exponential),
	// by reintegration, transfer or absconding with the chances ExitShares.
	MedianStayMonths float64
	ExitShares       [3]float64
	// Retrafficked24 is the chance of confirmed re-trafficking within 24 months of
	// reintegration (constant hazard); FollowUpMonths the spacing of follow-up visits, and
	// MeanFollowedMonths the mean time before contact is lost (exponential), per organisation.
	Retrafficked24     float64
	FollowUpMonths     map[string]int
	MeanFollowedMonths map[string]float64
	// Returns to care (a spell in care after the first, drawn with a random source of their
	// own): Returned24 is the chance that a reintegrated child comes back into care within 24
	// months with no re-trafficking confirmed before (constant hazard: a family that broke
	// down, or a re-trafficking the register records only as the new placement), recorded
	// while the child is still visited (before the last visit the organisation makes), so that
	// the re-trafficking-or-return curve sees the window re-trafficking is seen in;
	// PlacedAgain the chance that a child confirmed re-trafficked is placed again (after the
	// visit that found it); FoundAgain the chance that a child who absconded is found and
	// placed again (one to six months later), visited after going home if that spell ends by
	// reintegration. Every later spell lasts and ends as the first does.
	Returned24, PlacedAgain, FoundAgain float64
	// Legal is the chance of a legal case; Reach the chance of going on from each stage to the
	// next (complaint→arrest→charge sheet→trial→disposed); Convicted the chance a verdict
	// convicts (the true conviction rate over completed trials).
	Legal     float64
	Reach     [4]float64
	Convicted float64
	// Services are the services a placed child may have besides psychosocial care (which every
	// placed child has, its status recorded by the Cambodian team only): each with its chance,
	// among the placed (legal assistance among those with a legal case, family reunification
	// among the reintegrated); Implemented is the chance a service was implemented (else
	// recorded as not implemented).
	Services    []ServiceTruth
	Implemented float64
}

// ServiceTruth is a service type (Primero lookup-service-type) and the chance a placed child
// has it, among those it applies to.
type ServiceTruth struct {
	Type   string
	Chance float64
}

// Outcomes is the model of the synthetic exports.
var Outcomes = Truth{
	Placed: 0.85, MedianStayMonths: 8, ExitShares: [3]float64{0.6, 0.25, 0.15},
	Retrafficked24: 0.12, FollowUpMonths: map[string]int{"IN": 3, "AF": 6, "KH": 3},
	MeanFollowedMonths: map[string]float64{"IN": 18, "AF": 12, "KH": 60},
	Returned24:         0.08, PlacedAgain: 0.5, FoundAgain: 0.3,
	Legal: 0.5, Reach: [4]float64{0.8, 0.75, 0.8, 0.7}, Convicted: 0.4,
	Services: []ServiceTruth{{"education_service", 0.6}, {"health_medical_service", 0.4},
		{"legal_assistance_service", 0.7}, {"family_reunification_service", 0.8}},
	Implemented: 0.8,
}

// serviceSeedConstant seeds the services' own random source, returnSeedConstant the returns
// to care's: drawn apart, they leave every other outcome of the exports as it was.
const (
	serviceSeedConstant = 0x5e41
	returnSeedConstant  = 0x2e7a
)

// drawServices adds to one record's events the services of t.Services, with r.
func (t Truth) drawServices(r *rand.Rand, evs []careEvent) []careEvent {
	if len(evs) == 0 || evs[0].kind != "placement" {
		return evs
	}
	p := evs[0]
	legal, back := false, p.reason == "reintegrated"
	for _, e := range evs {
		legal = legal || e.kind == "legal"
	}
	for i, s := range t.Services {
		applies := s.Type != "legal_assistance_service" && s.Type != "family_reunification_service" ||
			s.Type == "legal_assistance_service" && legal || s.Type == "family_reunification_service" && back
		if !applies || r.Float64() >= s.Chance {
			continue
		}
		status := yesNo(r.Float64() < t.Implemented, "implemented", "not_implemented")
		if d := p.date.AddDate(0, 0, 5+i); !d.After(Extracted) { // the exports stop at the day they were made
			evs = append(evs, careEvent{kind: "service", date: d, typ: s.Type, status: status})
		}
	}
	return evs
}

// Exited returns the true cumulative incidence of exit cause k (0 reintegrated, 1 transferred,
// 2 absconded) by m months after admission.
func (t Truth) Exited(k int, m float64) float64 {
	return t.ExitShares[k] * (1 - math.Exp(-math.Ln2/t.MedianStayMonths*m))
}

// RetraffickedBy returns the true cumulative incidence of confirmed re-trafficking m months
// after reintegration.
func (t Truth) RetraffickedBy(m float64) float64 {
	mu := -math.Log(1-t.Retrafficked24) / 24
	return 1 - math.Exp(-mu*m)
}

// RetraffickedOrReturnedBy returns the true cumulative incidence of a confirmed re-trafficking
// or a return to care, whichever comes first, m months after reintegration (the
// re-trafficking-or-return curve's truth).
func (t Truth) RetraffickedOrReturnedBy(m float64) float64 {
	mu := -math.Log(1-t.Retrafficked24) / 24
	nu := -math.Log(1-t.Returned24) / 24
	return 1 - math.Exp(-(mu+nu)*m)
}

// month is a duration of m months (outcomes.MonthDays).
func month(m float64) time.Duration {
	return time.Duration(m * 30.436875 * 24 * float64(time.Hour))
}

// drawStay draws a spell in care admitted at adm with r: its end and why, open (zero end)
// when it lasts past the export.
func (t Truth) drawStay(r *rand.Rand, adm time.Time) (end time.Time, reason string) {
	stay := r.ExpFloat64() * t.MedianStayMonths / math.Ln2
	left := adm.Add(month(stay)).Truncate(24 * time.Hour)
	if !left.After(adm) || !left.Before(Extracted) {
		return time.Time{}, ""
	}
	u := r.Float64()
	switch {
	case u < t.ExitShares[0]:
		reason = "reintegrated"
	case u < t.ExitShares[0]+t.ExitShares[1]:
		reason = "transferred"
	default:
		reason = "absconded"
	}
	return left, reason
}

// drawVisits draws the follow-up visits at home of a child of org reintegrated at left, with
// r: every FollowUpMonths until contact is lost or the export, the visit after a confirmed
// re-trafficking recording it (dated when it happened) and the last.
func (t Truth) drawVisits(r *rand.Rand, org string, left time.Time) []careEvent {
	var evs []careEvent
	mu := -math.Log(1-t.Retrafficked24) / 24
	retraff := left.Add(month(r.ExpFloat64() / mu))
	lost := left.Add(month(r.ExpFloat64() * t.MeanFollowedMonths[org]))
	step := t.FollowUpMonths[org]
	for v := left.AddDate(0, step, 0); v.Before(Extracted) && v.Before(lost); v = v.AddDate(0, step, 0) {
		if !v.Before(retraff) {
			// Found at the visit that follows the report: dated when it happened.
			evs = append(evs, careEvent{kind: "followup", date: retraff.Truncate(24 * time.Hour), retraff: "confirmed", inSchool: "no"})
			break
		}
		evs = append(evs, careEvent{kind: "followup", date: v, retraff: "no", inSchool: yesNo(r.Float64() < 0.7, "yes", "no")})
	}
	return evs
}

// drawReturns adds to one record's events its returns to care (Returned24, PlacedAgain,
// FoundAgain), with r: a later placement in the first one's province and type.
func (t Truth) drawReturns(r *rand.Rand, org string, evs []careEvent) []careEvent {
	if len(evs) == 0 || evs[0].kind != "placement" {
		return evs
	}
	p := evs[0]
	again := func(adm time.Time) (careEvent, bool) {
		e := careEvent{kind: "placement", date: adm, typ: p.typ, province: p.province}
		e.end, e.reason = t.drawStay(r, adm)
		return e, adm.Before(Extracted)
	}
	switch p.reason {
	case "reintegrated":
		nu := -math.Log(1-t.Returned24) / 24
		back := p.end.Add(month(r.ExpFloat64() / nu)).Truncate(24 * time.Hour)
		back = later(back, p.end.AddDate(0, 0, 1)) // after a night at home: a spell of its own
		placed := r.Float64() < t.PlacedAgain
		after := r.IntN(15)
		var last, confirmed time.Time
		for _, e := range evs {
			if e.kind == "followup" {
				last = later(last, e.date)
				if e.retraff == "confirmed" {
					confirmed = e.date
				}
			}
		}
		switch {
		case back.Before(last): // back while still visited, before any confirmed re-trafficking
			if e, ok := again(back); ok {
				kept := evs[:0] // the visits from the return on were never made
				for _, e := range evs {
					if e.kind != "followup" || e.date.Before(back) {
						kept = append(kept, e)
					}
				}
				evs = append(kept, e)
			}
		case !confirmed.IsZero() && placed:
			if e, ok := again(later(confirmed.AddDate(0, 0, after), p.end.AddDate(0, 0, 1))); ok {
				evs = append(evs, e)
			}
		}
	case "absconded":
		if r.Float64() < t.FoundAgain {
			if e, ok := again(p.end.AddDate(0, 0, 30+r.IntN(150))); ok {
				evs = append(evs, e)
				if e.reason == "reintegrated" {
					evs = append(evs, t.drawVisits(r, org, e.end)...)
				}
			}
		}
	}
	return evs
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// careEvent is one drawn event of a case after identification.
type careEvent struct {
	kind              string // placement, followup, service, legal
	date, end         time.Time
	typ, province     string
	reason            string // placement end reason: reintegrated, transferred, absconded
	inSchool, retraff string
	stage, verdict    string
	status            string // a service's: implemented, not_implemented ("" not recorded)
}

// drawCare draws the events of one record with r; none when it was not placed.
func (t Truth) drawCare(r *rand.Rand, org string, x record) []careEvent {
	var evs []careEvent
	if x.fault != 0 || r.Float64() >= t.Placed {
		return nil
	}
	admitted := x.registered.AddDate(0, 0, r.IntN(10))
	if !admitted.Before(Extracted) {
		return nil
	}
	prov := x.exploitProvince
	if org == "KH" {
		prov = "KH-12" // the team's homes are in Phnom Penh
	}
	p := careEvent{kind: "placement", date: admitted, typ: "residential_care", province: prov}
	p.end, p.reason = t.drawStay(r, admitted)
	evs = append(evs, p)
	if d := admitted.AddDate(0, 0, 3); !d.After(Extracted) {
		evs = append(evs, careEvent{kind: "service", date: d, typ: "psychosocial_service"})
	}
	if p.reason == "reintegrated" {
		evs = append(evs, t.drawVisits(r, org, p.end)...)
	}
	if r.Float64() < t.Legal {
		l := careEvent{kind: "legal", date: admitted.AddDate(0, 0, 1+r.IntN(20)), stage: "complaint", verdict: "pending"}
		stages := []string{"arrest", "charge_sheet", "trial", "disposed"}
		for i, reach := range t.Reach {
			if r.Float64() >= reach {
				break
			}
			l.stage = stages[i]
		}
		switch {
		case l.stage == "disposed":
			l.verdict = yesNo(r.Float64() < t.Convicted, "convicted", "acquitted")
		case r.Float64() < 0.1:
			l.verdict = "withdrawn"
		}
		if !l.date.Before(Extracted) {
			l.date = Extracted.AddDate(0, 0, -1)
		}
		evs = append(evs, l)
	}
	return evs
}

// careDraw draws one organisation's records' events, record by record in the export's order,
// from the seed's random sources.
type careDraw struct {
	org       string
	r, rs, rr *rand.Rand
}

func newCareDraw(org string, seed uint64) *careDraw {
	return &careDraw{org: org, r: rand.New(rand.NewPCG(seed, outcomeSeedConstant)),
		rs: rand.New(rand.NewPCG(seed, serviceSeedConstant)), rr: rand.New(rand.NewPCG(seed, returnSeedConstant))}
}

// next draws the events of the export's next record, x.
func (d *careDraw) next(x record) []careEvent {
	return Outcomes.drawReturns(d.rr, d.org, Outcomes.drawServices(d.rs, Outcomes.drawCare(d.r, d.org, x)))
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// indianEventsHeader and writeIndianEvents are the network's events: one row per event, keyed
// by its case number. i is the case's place in the network's export.
var indianEventsHeader = []string{"case_id", "event", "date", "end_date", "type", "province", "end_reason", "in_school", "retrafficked", "stage", "disposition", "fir_number", "status"}

func writeIndianEvents(cw *csv.Writer, i int, x record, evs []careEvent) {
	for _, e := range evs {
		fir := ""
		if e.kind == "legal" {
			fir = "FIR " + strconv.Itoa(100+i) + "/" + strconv.Itoa(e.date.Year())
		}
		cw.Write([]string{x.caseID, e.kind, day(e.date), day(e.end), e.typ, e.province, e.reason, e.inSchool, e.retraff, e.stage, e.verdict, fir, e.status})
	}
}

// The Afghan shelter's follow-up spreadsheet has one row per case with numbered columns for the
// placements, the follow-up visits and the legal case: as many columns as the most placements
// and visits of any case, known only when every case is drawn. afghanFollowUp writes each
// case's events to a scratch file first, in a short form (followUpCompact), and the
// spreadsheet from it at the end (followUpExpand).
type afghanFollowUp struct {
	places, visits int
}

// compact writes the short form of the events of case i, x: its case number, then per
// placement "p" and five fields, per visit "f" and three, per legal case "l" and four. A case
// with no events writes nothing.
func (a *afghanFollowUp) compact(cw *csv.Writer, i int, x record, evs []careEvent) {
	if len(evs) == 0 {
		return
	}
	row := []string{x.caseID}
	p, v := 0, 0
	for _, e := range evs {
		switch e.kind {
		case "placement":
			row = append(row, "p", day(e.date), day(e.end), e.typ, e.province, e.reason)
			p++
		case "followup":
			row = append(row, "f", day(e.date), e.inSchool, e.retraff)
			v++
		case "legal":
			row = append(row, "l", day(e.date), e.stage, e.verdict, fmt.Sprintf("KBL-%04d", i))
		}
	}
	a.places, a.visits = max(a.places, p), max(a.visits, v)
	cw.Write(row)
}

// expand writes the spreadsheet from the short form read from r.
func (a *afghanFollowUp) expand(w io.Writer, r io.Reader) error {
	places, visits := max(a.places, 1), a.visits
	header := []string{"case_id"}
	for p := 1; p <= places; p++ {
		n := strconv.Itoa(p)
		header = append(header, "placement_"+n+"_start", "placement_"+n+"_end", "placement_"+n+"_type", "placement_"+n+"_province", "placement_"+n+"_end_reason")
	}
	for v := 1; v <= visits; v++ {
		n := strconv.Itoa(v)
		header = append(header, "followup_"+n+"_date", "followup_"+n+"_in_school", "followup_"+n+"_retrafficked")
	}
	header = append(header, "legal_1_date", "legal_1_stage", "legal_1_disposition", "legal_1_police_report_number")
	cw := csv.NewWriter(w)
	cw.Write(header)
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	row := make([]string, len(header))
	for {
		in, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		clear(row)
		row[0] = in[0]
		p, v := 0, 0
		for f := 1; f < len(in); {
			switch in[f] {
			case "p":
				c := 1 + 5*p
				copy(row[c:c+5], in[f+1:f+6])
				p++
				f += 6
			case "f":
				c := 1 + 5*places + 3*v
				copy(row[c:c+3], in[f+1:f+4])
				v++
				f += 4
			case "l":
				c := 1 + 5*places + 3*visits
				copy(row[c:c+4], in[f+1:f+5])
				f += 5
			default:
				return fmt.Errorf("synth: follow-up scratch file: unknown tag at field %d", f+1)
			}
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// cambodianCare is the Cambodian team's Primero-style record with subforms of x's events, one
// per line; nil when x has none.
func cambodianCare(x record, evs []careEvent) map[string]any {
	if len(evs) == 0 {
		return nil
	}
	rec := map[string]any{"id": x.caseID}
	var care, services, follow, legal []map[string]any
	for _, e := range evs {
		switch e.kind {
		case "placement":
			p := map[string]any{"care_arrangements_type": e.typ, "care_arrangement_started_date": day(e.date), "province": e.province}
			if !e.end.IsZero() {
				p["care_arrangement_end_date"], p["end_reason"] = day(e.end), e.reason
			}
			care = append(care, p)
		case "service":
			st := e.status
			if st == "" {
				st = "implemented" // the team records psychosocial care as given
			}
			services = append(services, map[string]any{"service_type": e.typ, "service_implemented": st, "service_implemented_day_time": day(e.date) + "T09:00:00Z"})
		case "followup":
			follow = append(follow, map[string]any{"followup_type": "after_reunification", "followup_date": day(e.date), "in_school": e.inSchool, "retrafficked": e.retraff})
		case "legal":
			legal = append(legal, map[string]any{"date": day(e.date), "stage": e.stage, "disposition": e.verdict})
		}
	}
	rec["care_arrangements"] = care
	if services != nil { // none when every service would be dated after the export
		rec["services"] = services
	}
	if follow != nil {
		rec["followup"] = follow
	}
	if legal != nil {
		rec["legal_cases"] = legal
	}
	return rec
}
