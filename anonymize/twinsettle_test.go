package anonymize

import (
	"errors"
	"strings"
	"testing"
)

// TestSettleTwins: tableSet.protect's loop (withhold the printed copies of withheld counts,
// protect again) ends when the protection gives back what twins withheld, as jointProtect's do
// (twinsKept); with a protection that gives back even counts kept withheld, it stops with an
// error after twinRounds rather than spin. The loop as it was (for twins { Protect }) is the
// control: with the same protection it never ends.
func TestSettleTwins(t *testing.T) {
	tables := func() []*CountTable {
		return []*CountTable{
			{Name: "a", Counts: []string{"n"}, Rows: []CountRow{{Values: []int64{40}, State: []State{Published}}}},
			{Name: "b", Counts: []string{"n"}, Rows: []CountRow{{Values: []int64{40}, State: []State{Secondary}}}},
		}
	}
	l := Links{Eqs: []Eq{{Plus: []Ref{{0, 0, 0}}, Minus: []Ref{{1, 0, 0}}}}}
	copyRef := Ref{0, 0, 0}

	// What Protect's republish did: a margin withheld and not kept is printed again.
	ts := tables()
	p := &Protection{} // no Kept map: tableSet.protect's p without a previous release
	calls := 0
	giveBack := func() (AuditReport, error) {
		calls++
		if !p.Kept[copyRef] {
			ts[0].Rows[0].State[0] = Published
		}
		return AuditReport{LPs: calls}, nil
	}
	rep, err := settleTwins(ts, l, p, AuditReport{}, giveBack)
	if err != nil {
		t.Fatal(err)
	}
	if _, s := at(ts, copyRef); s != Secondary || !p.Kept[copyRef] {
		t.Fatalf("the copy is %v (kept %v), not kept withheld", s, p.Kept[copyRef])
	}
	if calls > 3 || rep.LPs != calls {
		t.Fatalf("%d protections (the last's report %d)", calls, rep.LPs)
	}

	// The control: the loop as it was, with the same protection, does not end.
	ts, p = tables(), &Protection{}
	rounds := 0
	for twins(ts, l) {
		if rounds++; rounds == 1000 {
			break
		}
		giveBack()
	}
	if rounds < 1000 {
		t.Fatalf("the old loop ended after %d rounds: the control does not spin", rounds)
	}

	// A protection that gives back even what is kept: an error, not a loop for ever.
	ts, p = tables(), &Protection{}
	calls = 0
	_, err = settleTwins(ts, l, p, AuditReport{}, func() (AuditReport, error) {
		calls++
		ts[0].Rows[0].State[0] = Published
		return AuditReport{}, nil
	})
	if !errors.Is(err, ErrUnprotectable) || calls != twinRounds {
		t.Fatalf("err %v after %d protections, want ErrUnprotectable after %d", err, calls, twinRounds)
	}
}

// TestKeepPreviousBounded: keepPrevious's loop (withhold the copies of withheld counts, protect
// again) had no round limit, as jointProtect's had not (for twinsKept { Protect }): a
// protection that gives back even the counts kept withheld spun for ever. Both now settle the
// twins with settleTwins, and such a protection stops with ErrUnprotectable saying which loop
// spun.
func TestKeepPreviousBounded(t *testing.T) {
	ts := []*CountTable{
		{Name: "a", Counts: []string{"n"}, Rows: []CountRow{{Values: []int64{40}, State: []State{Published}}}},
		{Name: "b", Counts: []string{"n"}, Rows: []CountRow{{Values: []int64{40}, State: []State{Secondary}}}},
	}
	l := Links{Eqs: []Eq{{Plus: []Ref{{0, 0, 0}}, Minus: []Ref{{1, 0, 0}}}}}
	calls := 0
	s := &tableSet{tables: ts, protectWith: func(ts []*CountTable, _ Links, _ Protection) (AuditReport, error) {
		calls++
		ts[0].Rows[0].State[0] = Published // gives back the copy, kept or not
		return AuditReport{}, nil
	}}
	p := &Protection{Threshold: 10, Kept: map[Ref]bool{}, joint: &jointPrev{}}
	_, err := s.keepPrevious(l, p, &AuditReport{}, map[Ref]bool{}, gaveUp)
	if !errors.Is(err, ErrUnprotectable) || !strings.Contains(err.Error(), "keeping withheld the counts the previous release withheld") {
		t.Fatalf("err %v, want ErrUnprotectable naming keepPrevious's loop", err)
	}
	if calls != twinRounds+1 {
		t.Errorf("%d protections, want %d (the first and twinRounds more)", calls, twinRounds+1)
	}
}
