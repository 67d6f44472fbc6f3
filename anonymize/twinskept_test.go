package anonymize

import "testing"

// TestTwinsKept: Protect giving back what twins withheld (the fourth month's endless loop,
// issue-14-speed16.md) makes twinsKept keep those counts withheld the second time the loop
// comes to the same pattern; the first time, it is twins. Publish's own loop gives a
// Protection that may have no Kept map yet.
func TestTwinsKept(t *testing.T) {
	for _, kept := range []map[Ref]bool{{}, nil} {
		twinsKeptOnce(t, &Protection{Kept: kept})
	}
}

func twinsKeptOnce(t *testing.T, p *Protection) {
	t.Helper()
	ts := []*CountTable{
		{Name: "a", Counts: []string{"n"}, Rows: []CountRow{{Values: []int64{40}, State: []State{Published}}}},
		{Name: "b", Counts: []string{"n"}, Rows: []CountRow{{Values: []int64{40}, State: []State{Secondary}}}},
	}
	l := Links{Eqs: []Eq{{Plus: []Ref{{0, 0, 0}}, Minus: []Ref{{1, 0, 0}}}}}
	seen := map[string]bool{}
	giveBack := func() { ts[0].Rows[0].State[0] = Published } // what republish did
	for round := 0; round < 2; round++ {
		if !twinsKept(ts, l, p, seen) {
			t.Fatalf("round %d: twins withheld nothing", round)
		}
		if _, s := at(ts, Ref{0, 0, 0}); s != Secondary {
			t.Fatalf("round %d: the copy is %v, not withheld", round, s)
		}
		if kept := p.Kept[Ref{0, 0, 0}]; kept != (round == 1) {
			t.Fatalf("round %d: kept %v", round, kept)
		}
		giveBack()
	}
}
