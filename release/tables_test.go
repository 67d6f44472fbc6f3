package release

import (
	"strings"
	"testing"
)

// TestUnrecordedCount: a count of a value no input can record is shown as UnrecordedLabel in
// the CSV and by Cell, is not a published value (never 0), and has its own Parquet status.
func TestUnrecordedCount(t *testing.T) {
	tb := &Table{Name: "exploitation-by-age", Labels: []string{"form"}, Counts: []string{"cases"}, TotalCols: []bool{false}, Threshold: 10,
		Rows: []Row{
			{Labels: []string{"forced labour"}, Values: []int64{12}, State: []State{Published}},
			{Labels: []string{"forced marriage"}, Values: []int64{0}, State: []State{Unrecorded}},
		}}
	if v, ok := tb.Value(1, 0); ok {
		t.Errorf("Value = %d, published", v)
	}
	if got := tb.Cell(1, 0); got != UnrecordedLabel {
		t.Errorf("Cell = %q", got)
	}
	b, err := tb.CSV()
	if err != nil {
		t.Fatal(err)
	}
	if want := "forced marriage,," + UnrecordedLabel + "\n"; !strings.Contains(string(b), want) {
		t.Errorf("CSV:\n%s\nwant a row %q", b, want)
	}
	if Unrecorded.String() != "unrecorded" {
		t.Errorf("status %q", Unrecorded.String())
	}
}
