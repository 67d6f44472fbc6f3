package pipeline

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/outcomes"
	"github.com/prevalence/prevalence/survival"
)

// TestClocksMatchR: the time to reintegration counts from identification and the length of
// stay from admission. The cases of testdata/identification/care.csv (identification dates,
// placements starting on the same day or weeks later, ties, and an exit and a censoring on the
// same day) go through summarise as placement events; the Aalen-Johansen estimates from
// identification and the Kaplan-Meier ones from admission equal R's (reference.R, which counts
// the months from the dates itself) to 1e-6 at three, six, 12 and 24 months.
func TestClocksMatchR(t *testing.T) {
	dir := "testdata/identification"
	rows := readCSV(t, dir+"/care.csv")
	extracted := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	reasons := map[string]outcomes.EndReason{"reintegrated": outcomes.Reintegrated, "transferred": outcomes.Transferred,
		"absconded": outcomes.Absconded, "other": outcomes.OtherEnd}
	date := func(s string) time.Time {
		if s == "" {
			return time.Time{}
		}
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	var fromID, stay []float64
	var status []int
	var ended []bool
	for _, r := range rows[1:] {
		ev := ingest.Event{CaseID: r[0], Kind: ingest.Placement, Date: date(r[2]), End: date(r[3]), Reason: reasons[r[4]], Type: "residential_care"}
		_, co, err := summarise([]ingest.Event{ev}, extracted, date(r[1]))
		if err != nil {
			t.Fatalf("%s: %v", r[0], err)
		}
		if !co.Outcome.HasIdentification {
			t.Fatalf("%s: no time from identification", r[0])
		}
		fromID = append(fromID, co.Outcome.FromIdentification)
		stay = append(stay, co.Outcome.StayMonths)
		status = append(status, co.Outcome.ExitStatus)
		ended = append(ended, co.Outcome.ExitStatus != 0)
	}
	close := func(what string, got, want float64) {
		if math.Abs(got-want) > 1e-6 {
			t.Errorf("%s: %.9g, R %.9g", what, got, want)
		}
	}
	ci, err := survival.CumulativeIncidence(fromID, status, outcomes.ExitCauses, survival.Options{})
	if err != nil {
		t.Fatal(err)
	}
	pts, err := ci.At(3, 6, 12, 24)
	if err != nil {
		t.Fatal(err)
	}
	want := readCSV(t, dir+"/from-identification.csv")
	for _, w := range want[1:] {
		f := floats(t, w)
		k := int(f[1])
		var p survival.IncPoint
		for _, q := range pts {
			if q.Time == f[0] {
				p = q
			}
		}
		what := "from identification, state " + w[1] + " at " + w[0]
		if p.NRisk != int(f[2]) || p.NEvent[k] != int(f[3]) {
			t.Errorf("%s: at risk %d events %d, R %v %v", what, p.NRisk, p.NEvent[k], f[2], f[3])
		}
		close(what+" p", p.P[k], f[4])
		close(what+" std.err", p.StdErr[k], f[5])
		close(what+" lower", p.Lower[k], f[6])
		close(what+" upper", p.Upper[k], f[7])
	}
	km, err := survival.KaplanMeier(stay, ended, survival.Options{})
	if err != nil {
		t.Fatal(err)
	}
	kp, err := km.At(3, 6, 12, 24)
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range readCSV(t, dir+"/stay.csv")[1:] {
		f := floats(t, w)
		what := "stay from admission at " + w[0]
		if kp[i].NRisk != int(f[1]) || kp[i].NEvent != int(f[2]) {
			t.Errorf("%s: at risk %d events %d, R %v %v", what, kp[i].NRisk, kp[i].NEvent, f[1], f[2])
		}
		close(what+" surv", kp[i].Surv, f[3])
		close(what+" std.err", kp[i].StdErr, f[4])
		close(what+" lower", kp[i].Lower, f[5])
		close(what+" upper", kp[i].Upper, f[6])
	}
	// The two clocks differ: placements start after identification for some cases.
	differ := 0
	for i := range stay {
		if fromID[i] > stay[i] {
			differ++
		}
	}
	if differ == 0 {
		t.Error("no case is placed after its identification: the test cannot tell the clocks apart")
	}
	// Identified after leaving care is refused, not counted from a later date.
	ev := ingest.Event{CaseID: "X", Kind: ingest.Placement, Date: date("2024-01-01"), End: date("2024-03-01"), Reason: outcomes.Reintegrated}
	if _, _, err := summarise([]ingest.Event{ev}, extracted, date("2024-05-01")); err == nil {
		t.Error("identified after leaving care: no error")
	}
}

func readCSV(t *testing.T, p string) [][]string {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func floats(t *testing.T, r []string) []float64 {
	t.Helper()
	out := make([]float64, len(r))
	for i, s := range r {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = v
	}
	return out
}
