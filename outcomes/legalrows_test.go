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
		history History
	}{
		{"a row per stage", []LegalRow{
			{date(2024, 9, 1), Trial, Pending, fir},
			{date(2024, 4, 1), Complaint, Pending, fir},
			{date(2024, 5, 1), Arrest, Pending, fir},
		}, []MergedCase{{LegalCase{Trial, Pending}, date(2024, 4, 1)}}, 2, 0},
		{"two accused, one convicted", []LegalRow{
			{date(2025, 2, 1), Disposed, Convicted, fir},
			{date(2025, 2, 1), Disposed, Acquitted, fir},
		}, []MergedCase{{LegalCase{Disposed, Convicted}, date(2025, 2, 1)}}, 1, 0},
		{"linked through the court number", []LegalRow{
			{date(2023, 1, 1), Complaint, Pending, fir},
			{date(2023, 6, 1), ChargeSheet, Pending, [2]uint64{11, 22}},
			{date(2024, 6, 1), Disposed, Acquitted, court},
			{date(2024, 1, 1), Arrest, Withdrawn, other}, // another case
		}, []MergedCase{{LegalCase{Disposed, Acquitted}, date(2023, 1, 1)}, {LegalCase{Arrest, Withdrawn}, date(2024, 1, 1)}}, 2, 0},
		{"disposed, later row pending", []LegalRow{
			{date(2023, 1, 1), Disposed, Acquitted, fir},
			{date(2023, 6, 1), Trial, Pending, fir},
		}, []MergedCase{{LegalCase{Disposed, Acquitted}, date(2023, 1, 1)}}, 1, 0},
		{"no numbers, stages rising", []LegalRow{
			{date(2024, 4, 1), Complaint, Pending, [2]uint64{}},
			{date(2024, 5, 1), Arrest, Pending, [2]uint64{}},
		}, []MergedCase{{LegalCase{Complaint, Pending}, date(2024, 4, 1)}, {LegalCase{Arrest, Pending}, date(2024, 5, 1)}}, 0, Unnumbered},
		{"no numbers, two complaints", []LegalRow{
			{date(2024, 4, 1), Complaint, Pending, [2]uint64{}},
			{date(2024, 5, 1), Complaint, Pending, [2]uint64{}},
		}, []MergedCase{{LegalCase{Complaint, Pending}, date(2024, 4, 1)}, {LegalCase{Complaint, Pending}, date(2024, 5, 1)}}, 0, 0},
		// attack-2026-12-02c finding 4's open half: the trial row has only the court's number,
		// the earlier rows only the FIR: two cases (nothing ties the numbers), and a notice.
		{"court's number on the trial row only", []LegalRow{
			{date(2023, 3, 1), Complaint, Pending, fir},
			{date(2023, 6, 1), ChargeSheet, Pending, fir},
			{date(2023, 9, 1), Trial, Pending, court},
		}, []MergedCase{{LegalCase{ChargeSheet, Pending}, date(2023, 3, 1)}, {LegalCase{Trial, Pending}, date(2023, 9, 1)}}, 1, KindsApart},
		{"both numbers on one row", []LegalRow{
			{date(2023, 3, 1), Complaint, Pending, fir},
			{date(2023, 6, 1), ChargeSheet, Pending, [2]uint64{11, 22}},
			{date(2023, 9, 1), Trial, Pending, court},
		}, []MergedCase{{LegalCase{Trial, Pending}, date(2023, 3, 1)}}, 2, 0},
		{"court number first, then a new complaint", []LegalRow{
			{date(2023, 3, 1), Trial, Pending, court},
			{date(2023, 9, 1), Complaint, Pending, fir},
		}, []MergedCase{{LegalCase{Trial, Pending}, date(2023, 3, 1)}, {LegalCase{Complaint, Pending}, date(2023, 9, 1)}}, 0, 0},
		{"two FIRs", []LegalRow{
			{date(2023, 3, 1), Complaint, Pending, fir},
			{date(2023, 9, 1), Trial, Pending, other},
		}, []MergedCase{{LegalCase{Complaint, Pending}, date(2023, 3, 1)}, {LegalCase{Trial, Pending}, date(2023, 9, 1)}}, 0, 0},
		{"stages that do not rise", []LegalRow{
			{date(2023, 3, 1), Complaint, Pending, fir},
			{date(2023, 6, 1), Trial, Pending, fir},
			{date(2023, 9, 1), Trial, Pending, court},
		}, []MergedCase{{LegalCase{Trial, Pending}, date(2023, 3, 1)}, {LegalCase{Trial, Pending}, date(2023, 9, 1)}}, 1, 0},
	} {
		got, merged, history := MergeLegal(nil, c.rows)
		if merged != c.merged || history != c.history || len(got) != len(c.want) {
			t.Errorf("%s: %+v, merged %d, history %b; want %+v, %d, %b", c.name, got, merged, history, c.want, c.merged, c.history)
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
