package main

import (
	"testing"

	"github.com/paulmach/orb"
)

// Two squares that share a side dissolve into one ring around both; a square apart keeps its
// own ring.
func TestDissolve(t *testing.T) {
	a := orb.Ring{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}
	b := orb.Ring{{1, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 0}}
	c := orb.Ring{{5, 5}, {6, 5}, {6, 6}, {5, 6}, {5, 5}}
	out := dissolve([]orb.Ring{a, b, c})
	if len(out) != 2 {
		t.Fatalf("%d rings, want 2: %v", len(out), out)
	}
	if n := len(out[0]); n != 7 {
		t.Errorf("the union of two squares has %d points, want 6 corners and the closing one: %v", n, out[0])
	}
	if out[0][0] != out[0][len(out[0])-1] || out[1][0] != out[1][len(out[1])-1] {
		t.Errorf("rings not closed: %v", out)
	}
}
