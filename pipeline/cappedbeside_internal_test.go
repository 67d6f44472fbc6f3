package pipeline

import (
	"maps"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestCappedBeside (privacy-side-doors20, task 4): the set at the release's own levels capped
// at the register and pruned of the kinds the release holds in as many copies, in one walk:
// a kind kept only when min(memory, register) > the release's own copies.
func TestCappedBeside(t *testing.T) {
	lv := []release.Level{{QuasiIdentifier: "age", Columns: []string{"age"}, Level: 1, Name: "band", Levels: []string{"value", "band", "*"}}}
	fields := []string{"age", "form"}
	e := earlierKinds{Sets: []kindSet{{Levels: lv, Fields: fields, Kinds: map[string]int{"a": 5, "b": 5, "c": 5, "d": 2}}}}
	register := map[string]int{"a": 5, "b": 3, "c": 9, "d": 0}
	own := map[string]int{"a": 4, "b": 3, "c": 5}
	got := e.cappedBeside(nil, release.Privacy{Levels: lv}, register, own, fields)
	want := map[string]int{"a": 5} // b capped at 3 = own, c 5 = own, d capped at 0
	if len(got.Sets) != 1 || !maps.Equal(got.Sets[0].Kinds, want) {
		t.Errorf("cappedBeside: %+v, want one set holding %v", got.Sets, want)
	}
	if e.Sets[0].Kinds["b"] != 5 {
		t.Error("cappedBeside changed the memory it was given")
	}
	own["a"] = 5
	if got := e.cappedBeside(nil, release.Privacy{Levels: lv}, register, own, fields); len(got.Sets) != 0 {
		t.Errorf("every kind held: %+v, want no set", got.Sets)
	}
}
