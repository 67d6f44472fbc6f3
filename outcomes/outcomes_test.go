package outcomes

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/prevalence/prevalence/intervals"
)

func TestShareAfter(t *testing.T) {
	months := []float64{2, 6, 7, 13, 24, 30, 5.9}
	answer := []Answer{Yes, Yes, No, Unknown, Yes, No, Yes}
	s, err := ShareAfter("followed up", months, answer, 6, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	// Eligible: 6, 7, 13, 24, 30 months; 13 is unknown.
	if s.Count != 2 || s.Of != 4 || s.Unknown != 1 {
		t.Fatalf("got %d/%d, %d unknown; want 2/4, 1 unknown", s.Count, s.Of, s.Unknown)
	}
	if w := intervals.Wilson(2, 4, 0.95); s.Interval != w {
		t.Errorf("interval %v, want Wilson %v", s.Interval, w)
	}
	var ie *InputError
	if _, err := ShareAfter("x", []float64{-1}, []Answer{Yes}, 6, 0.95); !errors.As(err, &ie) || ie.Index != 0 {
		t.Errorf("negative months: %v", err)
	}
	if _, err := ShareAfter("x", []float64{1}, nil, 6, 0.95); !errors.As(err, &ie) {
		t.Errorf("length mismatch: %v", err)
	}
	s, _ = ShareAfter("none eligible", []float64{1}, []Answer{Yes}, 6, 0.95)
	if s.Of != 0 || !math.IsNaN(s.Estimate) {
		t.Errorf("no eligible cases must give NaN, got %+v", s)
	}
}

func TestJusticeFunnel(t *testing.T) {
	cases := []LegalCase{
		{Complaint, Withdrawn},
		{Complaint, Pending},
		{Arrest, Pending},
		{ChargeSheet, Discharged},
		{Trial, Pending},
		{Disposed, Convicted},
		{Disposed, Convicted},
		{Disposed, Acquitted},
		{Disposed, Withdrawn},
		{Arrest, Pending},
	}
	f, err := JusticeFunnel(cases, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	want := []int{10, 8, 6, 5, 4}
	for i, s := range f.Stages {
		if s.Stage != Stage(i) || s.Reached != want[i] {
			t.Errorf("stage %v reached by %d, want %d", s.Stage, s.Reached, want[i])
		}
		if w := intervals.Wilson(want[i], 10, 0.95); s.Share != w {
			t.Errorf("stage %v share %v, want %v", s.Stage, s.Share, w)
		}
	}
	if f.Registered != 10 || f.Convicted != 2 || f.Dispositions[Pending] != 4 || f.Dispositions[Withdrawn] != 2 {
		t.Errorf("funnel %+v", f)
	}
	if f.OverTrials.Count != 2 || f.OverTrials.Of != 3 || f.OverRegistered.Of != 10 {
		t.Errorf("rates %+v / %+v", f.OverTrials, f.OverRegistered)
	}
	if f.OverTrials.Label == f.OverRegistered.Label || f.OverTrials.Label == "" {
		t.Error("the two conviction rates must carry distinct labels")
	}
	bad := [][]LegalCase{
		{{Trial, Convicted}},
		{{Disposed, Pending}},
		{{Stage(9), Pending}},
		{{Complaint, Disposition(-1)}},
	}
	var ie *InputError
	for _, b := range bad {
		if _, err := JusticeFunnel(append([]LegalCase{{Complaint, Pending}}, b...), 0.95); !errors.As(err, &ie) || ie.Index != 1 {
			t.Errorf("%v: got %v, want an *InputError at index 1", b, err)
		}
	}
}

func TestBedsNeeded(t *testing.T) {
	// 120 placements a year, mean stay 7 months: 10 a month × 7 = 70 beds
	// occupied on average, 70/0.85 at 85% target occupancy.
	if got := BedsNeeded(120, 12, 7, 1); math.Abs(got-70) > 1e-12 {
		t.Errorf("L = %g, want 70", got)
	}
	if got := BedsNeeded(120, 12, 7, 0.85); math.Abs(got-70/0.85) > 1e-12 {
		t.Errorf("beds at 85%% = %g, want %g", got, 70/0.85)
	}
	for _, got := range []float64{BedsNeeded(-1, 12, 7, 1), BedsNeeded(1, 0, 7, 1), BedsNeeded(1, 12, math.NaN(), 1), BedsNeeded(1, 12, 7, 1.2)} {
		if !math.IsNaN(got) {
			t.Errorf("invalid input gave %g, want NaN", got)
		}
	}
}

func TestCentreOccupancy(t *testing.T) {
	d := func(m time.Month, day int) time.Time { return time.Date(2024, m, day, 0, 0, 0, 0, time.UTC) }
	ist := time.FixedZone("IST", 5*3600+1800)
	stays := []Stay{
		{Start: d(1, 1), End: d(1, 11)},                                // 10 nights
		{Start: d(12, 20).AddDate(-1, 0, 0), End: d(1, 3)},             // 2 in the period
		{Start: d(1, 25)},                                              // open: 7 nights to 1 Feb
		{Start: d(1, 5), End: d(1, 5)},                                 // same day: none
		{Start: time.Date(2024, 1, 1, 0, 30, 0, 0, ist), End: d(1, 2)}, // 1 Jan in IST (31 Dec in UTC): 1 night
		{Start: d(2, 5), End: d(2, 9)},                                 // after the period
	}
	o, err := CentreOccupancy(stays, 2, d(1, 1), d(2, 1))
	if err != nil {
		t.Fatal(err)
	}
	if o.OccupiedBedDays != 20 || o.AvailableBedDays != 62 || math.Abs(o.Rate-20.0/62) > 1e-12 {
		t.Errorf("got %+v, want 20 of 62 bed-days", o)
	}
	var ie *InputError
	if _, err := CentreOccupancy([]Stay{{Start: d(1, 5), End: d(1, 4)}}, 2, d(1, 1), d(2, 1)); !errors.As(err, &ie) || ie.Index != 0 {
		t.Errorf("stay ending before it starts: %v", err)
	}
	if _, err := CentreOccupancy(nil, 0, d(1, 1), d(2, 1)); !errors.As(err, &ie) {
		t.Errorf("no capacity: %v", err)
	}
}
