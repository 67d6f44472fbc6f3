package outcomes

import (
	"errors"
	"math"
	"testing"
	"time"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestDerive(t *testing.T) {
	adm := date(2023, 1, 1)
	left := date(2023, 7, 2) // 182 days
	cases := []struct {
		name string
		care Care
		want Outcome
	}{
		{"open", Care{Admitted: adm, Extracted: date(2024, 1, 1)},
			Outcome{StayMonths: 365 / MonthDays}},
		{"transferred", Care{Admitted: adm, Left: left, Reason: Transferred},
			Outcome{StayMonths: 182 / MonthDays, ExitStatus: ExitTransferred}},
		{"reintegrated, no visits", Care{Admitted: adm, Left: left, Reason: Reintegrated},
			Outcome{StayMonths: 182 / MonthDays, ExitStatus: ExitReintegrated, Reintegrated: true}},
		{"reintegrated, followed", Care{Admitted: adm, Left: left, Reason: Repatriated, FollowUps: []FollowUp{
			{Date: date(2024, 7, 1), InSchool: Yes, Retrafficked: NotRetrafficked},
			{Date: date(2023, 6, 1), InSchool: No, Retrafficked: RetraffickingSuspected}, // in care: ignored
			{Date: date(2023, 10, 1), InSchool: No, Retrafficked: RetraffickingSuspected},
		}}, Outcome{StayMonths: 182 / MonthDays, ExitStatus: ExitReintegrated, Reintegrated: true,
			FollowedMonths: 365 / MonthDays, Suspected: true, InSchoolAtLast: Yes}},
		{"re-trafficked", Care{Admitted: adm, Left: left, Reason: Reintegrated, FollowUps: []FollowUp{
			{Date: date(2024, 7, 1), InSchool: Unknown, Retrafficked: RetraffickingConfirmed},
			{Date: date(2024, 1, 1), InSchool: Yes, Retrafficked: RetraffickingConfirmed},
		}}, Outcome{StayMonths: 182 / MonthDays, ExitStatus: ExitReintegrated, Reintegrated: true,
			FollowedMonths: 183 / MonthDays, Retrafficked: true, InSchoolAtLast: Unknown}},
	}
	for _, c := range cases {
		got, err := Derive(c.care)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if math.Abs(got.StayMonths-c.want.StayMonths) > 1e-12 || math.Abs(got.FollowedMonths-c.want.FollowedMonths) > 1e-12 {
			t.Errorf("%s: months %g, %g; want %g, %g", c.name, got.StayMonths, got.FollowedMonths, c.want.StayMonths, c.want.FollowedMonths)
		}
		got.StayMonths, got.FollowedMonths = c.want.StayMonths, c.want.FollowedMonths
		if got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
	var ie *InputError
	for _, bad := range []Care{
		{},
		{Admitted: adm, Left: left},
		{Admitted: adm, Reason: Reintegrated, Extracted: left},
		{Admitted: left, Left: adm, Reason: Died},
		{Admitted: adm},
	} {
		if _, err := Derive(bad); !errors.As(err, &ie) {
			t.Errorf("%+v: got %v, want an *InputError", bad, err)
		}
	}
}

func TestBandOfMonths(t *testing.T) {
	for m, want := range map[float64]string{0: "0-3", 2.99: "0-3", 3: "3-6", 11.9: "6-12", 12: "12-24", 24: "24+", 400: "24+"} {
		if b, ok := BandOfMonths(m); !ok || b.String() != want {
			t.Errorf("%g months: %v, want %s", m, b, want)
		}
	}
	if _, ok := BandOfMonths(math.NaN()); ok {
		t.Error("NaN months got a band")
	}
}

// A child found re-trafficked at a visit after going home and placed again is re-trafficked,
// counted from the first reintegration; the months at home are no time in care; a return to
// care without a confirmed re-trafficking ends the time at home (censored, Readmitted); a child
// who absconded and came back is reintegrated from the later spell (attack-2026-12-02a
// finding 3: 20 of 40 boys re-trafficked read as none, and a stay of 9 months for two of 3).
func TestDeriveReadmission(t *testing.T) {
	adm, left := date(2024, 3, 5), date(2024, 6, 5)
	again := Spell{Admitted: date(2024, 9, 5), Left: date(2024, 12, 5), Reason: Reintegrated}
	m := func(a, b time.Time) float64 { return Months(a, b) }
	cases := []struct {
		name string
		care Care
		want Outcome
	}{
		{"re-trafficked, rescued again", Care{Admitted: adm, Left: left, Reason: Reintegrated, Later: []Spell{again},
			FollowUps: []FollowUp{{Date: date(2024, 8, 5), InSchool: No, Retrafficked: RetraffickingConfirmed},
				{Date: date(2025, 10, 1), InSchool: Yes, Retrafficked: NotRetrafficked}}},
			Outcome{StayMonths: m(adm, left), ExitStatus: ExitReintegrated, Reintegrated: true, Returns: 1,
				FollowedMonths: m(left, date(2024, 8, 5)), Retrafficked: true, InSchoolAtLast: Yes}},
		{"readmitted, no confirmation", Care{Admitted: adm, Left: left, Reason: Reintegrated, Later: []Spell{again},
			FollowUps: []FollowUp{{Date: date(2024, 8, 5), Retrafficked: NotRetrafficked},
				{Date: date(2024, 10, 1), Retrafficked: RetraffickingConfirmed},   // in care again: not at home
				{Date: date(2025, 10, 1), Retrafficked: RetraffickingConfirmed}}}, // after the return
			Outcome{StayMonths: m(adm, left), ExitStatus: ExitReintegrated, Reintegrated: true, Returns: 1,
				FollowedMonths: m(left, again.Admitted), Readmitted: true, LaterRetrafficked: true}}, // the notice's, not an event
		{"absconded, found, reintegrated", Care{Admitted: adm, Left: date(2024, 5, 5), Reason: Absconded,
			Later: []Spell{{Admitted: date(2024, 8, 5), Left: date(2024, 10, 5), Reason: Reintegrated}},
			FollowUps: []FollowUp{{Date: date(2024, 7, 1), Retrafficked: RetraffickingConfirmed}, // absconded: not at home
				{Date: date(2025, 1, 5), InSchool: Yes, Retrafficked: NotRetrafficked}}},
			Outcome{StayMonths: m(adm, date(2024, 5, 5)), ExitStatus: ExitAbsconded, Reintegrated: true, Returns: 1,
				FollowedMonths: m(date(2024, 10, 5), date(2025, 1, 5)), InSchoolAtLast: Yes}},
		{"back in care, still there", Care{Admitted: adm, Left: left, Reason: Reintegrated, Extracted: date(2025, 1, 1),
			Later: []Spell{{Admitted: date(2024, 9, 5)}}},
			Outcome{StayMonths: m(adm, left), ExitStatus: ExitReintegrated, Reintegrated: true, Returns: 1,
				FollowedMonths: m(left, date(2024, 9, 5)), Readmitted: true}},
	}
	for _, c := range cases {
		got, err := Derive(c.care)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if math.Abs(got.StayMonths-c.want.StayMonths) > 1e-12 || math.Abs(got.FollowedMonths-c.want.FollowedMonths) > 1e-12 {
			t.Errorf("%s: months %g, %g; want %g, %g", c.name, got.StayMonths, got.FollowedMonths, c.want.StayMonths, c.want.FollowedMonths)
		}
		got.StayMonths, got.FollowedMonths = c.want.StayMonths, c.want.FollowedMonths
		if got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
	var ie *InputError
	for _, bad := range []Care{
		{Admitted: adm, Extracted: date(2025, 1, 1), Later: []Spell{again}},                                                             // after an open spell
		{Admitted: adm, Left: left, Reason: Reintegrated, Later: []Spell{{Admitted: date(2024, 5, 1), Left: again.Left, Reason: Died}}}, // before the end
		{Admitted: adm, Left: left, Reason: Reintegrated, Later: []Spell{{Admitted: again.Admitted, Left: again.Left}}},                 // no reason
	} {
		if _, err := Derive(bad); !errors.As(err, &ie) {
			t.Errorf("%+v: got %v, want an *InputError", bad, err)
		}
	}
}
