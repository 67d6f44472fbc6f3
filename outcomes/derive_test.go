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
