package outcomes

import (
	"testing"
)

// TestMergeLegal (attack-2026-12-02a finding 5): rows of one legal case, the same police report
// or court case number at each stage or for each accused, are one case at its furthest stage.
func TestMergeLegal(t *testing.T) {
	fir, court, other := [2]uint64{11, 0}, [2]uint64{0, 22}, [2]uint64{33, 0}
	bowbazar, kotwali := [2]uint64{44, 0}, [2]uint64{55, 0} // the stations the FIR numbers name
	for _, c := range []struct {
		name    string
		rows    []LegalRow
		want    []MergedCase
		merged  int
		history History
	}{
		{"a row per stage", []LegalRow{
			{date(2024, 9, 1), Trial, Pending, fir, [2]uint64{}},
			{date(2024, 4, 1), Complaint, Pending, fir, [2]uint64{}},
			{date(2024, 5, 1), Arrest, Pending, fir, [2]uint64{}},
		}, []MergedCase{{LegalCase{Trial, Pending}, date(2024, 4, 1)}}, 2, 0},
		{"two accused, one convicted", []LegalRow{
			{date(2025, 2, 1), Disposed, Convicted, fir, [2]uint64{}},
			{date(2025, 2, 1), Disposed, Acquitted, fir, [2]uint64{}},
		}, []MergedCase{{LegalCase{Disposed, Convicted}, date(2025, 2, 1)}}, 1, 0},
		{"linked through the court number", []LegalRow{
			{date(2023, 1, 1), Complaint, Pending, fir, [2]uint64{}},
			{date(2023, 6, 1), ChargeSheet, Pending, [2]uint64{11, 22}, [2]uint64{}},
			{date(2024, 6, 1), Disposed, Acquitted, court, [2]uint64{}},
			{date(2024, 1, 1), Arrest, Withdrawn, other, [2]uint64{}}, // another case
		}, []MergedCase{{LegalCase{Disposed, Acquitted}, date(2023, 1, 1)}, {LegalCase{Arrest, Withdrawn}, date(2024, 1, 1)}}, 2, 0},
		{"disposed, later row pending", []LegalRow{
			{date(2023, 1, 1), Disposed, Acquitted, fir, [2]uint64{}},
			{date(2023, 6, 1), Trial, Pending, fir, [2]uint64{}},
		}, []MergedCase{{LegalCase{Disposed, Acquitted}, date(2023, 1, 1)}}, 1, 0},
		{"no numbers, stages rising", []LegalRow{
			{date(2024, 4, 1), Complaint, Pending, [2]uint64{}, [2]uint64{}},
			{date(2024, 5, 1), Arrest, Pending, [2]uint64{}, [2]uint64{}},
		}, []MergedCase{{LegalCase{Complaint, Pending}, date(2024, 4, 1)}, {LegalCase{Arrest, Pending}, date(2024, 5, 1)}}, 0, Unnumbered},
		{"no numbers, two complaints", []LegalRow{
			{date(2024, 4, 1), Complaint, Pending, [2]uint64{}, [2]uint64{}},
			{date(2024, 5, 1), Complaint, Pending, [2]uint64{}, [2]uint64{}},
		}, []MergedCase{{LegalCase{Complaint, Pending}, date(2024, 4, 1)}, {LegalCase{Complaint, Pending}, date(2024, 5, 1)}}, 0, 0},
		// attack-2026-12-02c finding 4's open half: the trial row has only the court's number,
		// the earlier rows only the FIR: two cases (nothing ties the numbers), and a notice.
		{"court's number on the trial row only", []LegalRow{
			{date(2023, 3, 1), Complaint, Pending, fir, [2]uint64{}},
			{date(2023, 6, 1), ChargeSheet, Pending, fir, [2]uint64{}},
			{date(2023, 9, 1), Trial, Pending, court, [2]uint64{}},
		}, []MergedCase{{LegalCase{ChargeSheet, Pending}, date(2023, 3, 1)}, {LegalCase{Trial, Pending}, date(2023, 9, 1)}}, 1, KindsApart},
		{"both numbers on one row", []LegalRow{
			{date(2023, 3, 1), Complaint, Pending, fir, [2]uint64{}},
			{date(2023, 6, 1), ChargeSheet, Pending, [2]uint64{11, 22}, [2]uint64{}},
			{date(2023, 9, 1), Trial, Pending, court, [2]uint64{}},
		}, []MergedCase{{LegalCase{Trial, Pending}, date(2023, 3, 1)}}, 2, 0},
		{"court number first, then a new complaint", []LegalRow{
			{date(2023, 3, 1), Trial, Pending, court, [2]uint64{}},
			{date(2023, 9, 1), Complaint, Pending, fir, [2]uint64{}},
		}, []MergedCase{{LegalCase{Trial, Pending}, date(2023, 3, 1)}, {LegalCase{Complaint, Pending}, date(2023, 9, 1)}}, 0, 0},
		{"two FIRs", []LegalRow{
			{date(2023, 3, 1), Complaint, Pending, fir, [2]uint64{}},
			{date(2023, 9, 1), Trial, Pending, other, [2]uint64{}},
		}, []MergedCase{{LegalCase{Complaint, Pending}, date(2023, 3, 1)}, {LegalCase{Trial, Pending}, date(2023, 9, 1)}}, 0, 0},
		{"stages that do not rise", []LegalRow{
			{date(2023, 3, 1), Complaint, Pending, fir, [2]uint64{}},
			{date(2023, 6, 1), Trial, Pending, fir, [2]uint64{}},
			{date(2023, 9, 1), Trial, Pending, court, [2]uint64{}},
		}, []MergedCase{{LegalCase{Trial, Pending}, date(2023, 3, 1)}, {LegalCase{Trial, Pending}, date(2023, 9, 1)}}, 1, 0},
		// The same FIR number and year at two police stations (FIR numbers run per station and
		// year): two legal cases when both rows name their station; a row naming none is the
		// named station's when one is named (link's "Bowbazar PS FIR 12/2023" is "FIR 12/2023"),
		// its own case when two are.
		{"one number at two stations", []LegalRow{
			{date(2023, 3, 1), Complaint, Pending, fir, bowbazar},
			{date(2023, 6, 1), ChargeSheet, Pending, fir, kotwali},
		}, []MergedCase{{LegalCase{Complaint, Pending}, date(2023, 3, 1)}, {LegalCase{ChargeSheet, Pending}, date(2023, 6, 1)}}, 0, StationsApart},
		{"one number, the station named on one row", []LegalRow{
			{date(2023, 3, 1), Complaint, Pending, fir, [2]uint64{}},
			{date(2023, 6, 1), Trial, Pending, fir, bowbazar},
		}, []MergedCase{{LegalCase{Trial, Pending}, date(2023, 3, 1)}}, 1, 0},
		{"one number, one station named twice", []LegalRow{
			{date(2023, 3, 1), Complaint, Pending, fir, bowbazar},
			{date(2023, 4, 1), Arrest, Pending, fir, [2]uint64{}},
			{date(2023, 6, 1), Trial, Pending, fir, bowbazar},
		}, []MergedCase{{LegalCase{Trial, Pending}, date(2023, 3, 1)}}, 2, 0},
		{"one number at two stations and a row naming none", []LegalRow{
			{date(2023, 3, 1), Complaint, Pending, fir, bowbazar},
			{date(2023, 4, 1), Arrest, Pending, fir, [2]uint64{}},
			{date(2023, 6, 1), Trial, Pending, fir, kotwali},
		}, []MergedCase{{LegalCase{Complaint, Pending}, date(2023, 3, 1)}, {LegalCase{Arrest, Pending}, date(2023, 4, 1)}, {LegalCase{Trial, Pending}, date(2023, 6, 1)}}, 0, StationUnknown | StationsApart},
		{"two stations' FIRs, one with a court number", []LegalRow{
			{date(2023, 3, 1), Complaint, Pending, fir, bowbazar},
			{date(2023, 6, 1), Trial, Pending, [2]uint64{11, 22}, kotwali},
		}, []MergedCase{{LegalCase{Complaint, Pending}, date(2023, 3, 1)}, {LegalCase{Trial, Pending}, date(2023, 6, 1)}}, 0, StationsApart},
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
