package reports

import (
	"reflect"
	"testing"

	"github.com/prevalence/prevalence/analysis"
)

// A suppressed count moves into its flag column; published counts stay numbers, other columns
// are untouched.
func TestFlagged(t *testing.T) {
	in := &analysis.Table{Columns: []string{"province", "cases", "share"}, Rows: [][]any{
		{"IN-WB", int64(24), 0.5}, {"IN-MH", int64(3), 0.1}, {"KH-12", int64(0), nil}}}
	got := Flagged(Suppress(in, []string{"cases"}, 10), []string{"cases"})
	want := &analysis.Table{Columns: []string{"province", "cases", "cases_flag", "share"}, Rows: [][]any{
		{"IN-WB", int64(24), "", 0.5}, {"IN-MH", nil, "<10", 0.1}, {"KH-12", int64(0), "", nil}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
