package outcomes

import (
	"testing"
)

// TestMergeLegal (attack-2026-12-02a finding 5): rows of one legal case, the same police report
// or court case number at each stage or for each accused, are one case at its furthest stage.
func TestMergeLegal(t *testing.T) {
	fir, court, other := [2]uint64{11, 0}, [2]uint64{0, 22}, [2]uint64{33, 0}
	for _, c := range []struct {
		name    string
		rows    []LegalRow
		want    []MergedCase
		merged  int
		history bool
	}{
		{"a row per stage", []LegalRow{
			{date(2024, 9, 1), Trial, Pending, fir},
			{date(2024, 4, 1), Complaint, Pending, fir},
			{date(2024, 5, 1), Arrest, Pending, fir},
		}, []MergedCase{{LegalCase{Trial, Pending}, date(2024, 4, 1)}}, 2, false},
		{"two accused, one convicted", []LegalRow{
			{date(2025, 2, 1), Disposed, Convicted, fir},
			{date(2025, 2, 1), Disposed, Acquitted, fir},
		}, []MergedCase{{LegalCase{Disposed, Convicted}, date(2025, 2, 1)}}, 1, false},
		{"linked through the court number", []LegalRow{
			{date(2023, 1, 1), Complaint, Pending, fir},
			{date(2023, 6, 1), ChargeSheet, Pending, [2]uint64{11, 22}},
			{date(2024, 6, 1), Disposed, Acquitted, court},
			{date(2024, 1, 1), Arrest, Withdrawn, other}, // another case
		}, []MergedCase{{LegalCase{Disposed, Acquitted}, date(2023, 1, 1)}, {LegalCase{Arrest, Withdrawn}, date(2024, 1, 1)}}, 2, false},
		{"disposed, later row pending", []LegalRow{
			{date(2023, 1, 1), Disposed, Acquitted, fir},
			{date(2023, 6, 1), Trial, Pending, fir},
		}, []MergedCase{{LegalCase{Disposed, Acquitted}, date(2023, 1, 1)}}, 1, false},
		{"no numbers, stages rising", []LegalRow{
			{date(2024, 4, 1), Complaint, Pending, [2]uint64{}},
			{date(2024, 5, 1), Arrest, Pending, [2]uint64{}},
		}, []MergedCase{{LegalCase{Complaint, Pending}, date(2024, 4, 1)}, {LegalCase{Arrest, Pending}, date(2024, 5, 1)}}, 0, true},
		{"no numbers, two complaints", []LegalRow{
			{date(2024, 4, 1), Complaint, Pending, [2]uint64{}},
			{date(2024, 5, 1), Complaint, Pending, [2]uint64{}},
		}, []MergedCase{{LegalCase{Complaint, Pending}, date(2024, 4, 1)}, {LegalCase{Complaint, Pending}, date(2024, 5, 1)}}, 0, false},
	} {
		got, merged, history := MergeLegal(nil, c.rows)
		if merged != c.merged || history != c.history || len(got) != len(c.want) {
			t.Errorf("%s: %+v, merged %d, history %v; want %+v, %d, %v", c.name, got, merged, history, c.want, c.merged, c.history)
			continue
		}
		for i := range got {
			if got[i].LegalCase != c.want[i].LegalCase || !got[i].Registered.Equal(c.want[i].Registered) {
				t.Errorf("%s: case %d %+v, want %+v", c.name, i, got[i], c.want[i])
			}
		}
		if _, err := JusticeFunnel(casesOf(got), 0.95); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

func casesOf(m []MergedCase) []LegalCase {
	var out []LegalCase
	for _, c := range m {
		out = append(out, c.LegalCase)
	}
	return out
}
