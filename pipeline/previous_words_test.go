package pipeline

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestPreviousWords: with run --previous DIR, the guard's words name DIR as the previous
// release, not as "the release already in" the output folder, and its refusal's advice is
// about the folder named, not "write this release to a new folder" (attack-2026-12-02g, the
// wording of finding 1b); the refusal is still ErrDifferencing.
func TestPreviousWords(t *testing.T) {
	const dir = "rel_m07"
	notice := "36 rows withheld for differencing: each would add a kind of row (all its released values) in fewer than k = 5 copies to the release already in rel_m07, and ..."
	if got := namedPrevious(notice, dir); strings.Contains(got, "already in") || !strings.Contains(got, "the previous release in rel_m07 (--previous)") {
		t.Errorf("notice: %s", got)
	}
	for _, msg := range []string{
		"3 of the 40 rows would be withheld because they are new against the release already in rel_m07 ... Nothing was written: if it is another register's, write this release to a new folder (--out); if it does ...",
		"the release already in rel_m07 counts src's stays up to 2025-07-01, later than ...: an older export run over a newer release? Nothing was written: run the newer export, or write this release to a new folder (--out)",
	} {
		err := namedPreviousErr(fmt.Errorf("%w: %s", ErrDifferencing, msg), dir)
		if !errors.Is(err, ErrDifferencing) {
			t.Errorf("not ErrDifferencing any more: %v", err)
		}
		if s := err.Error(); strings.Contains(s, "already in") || strings.Contains(s, "write this release to a new folder") || !strings.Contains(s, "--previous") {
			t.Errorf("refusal: %s", s)
		}
	}
	if namedPreviousErr(nil, dir) != nil {
		t.Error("nil error reworded into one")
	}
}
