package pipeline

import "testing"

// TestNoticeWordsAgree: a notice about one value says "1 value ... is", never "1 values ... are".
func TestNoticeWordsAgree(t *testing.T) {
	for _, tc := range []struct {
		n          int
		want, verb string
	}{{1, "1 value", "is"}, {2, "2 values", "are"}, {0, "0 values", "are"}} {
		if got := nValues(tc.n); got != tc.want {
			t.Errorf("nValues(%d) = %q, want %q", tc.n, got, tc.want)
		}
		if got := agree(tc.n, "is", "are"); got != tc.verb {
			t.Errorf("agree(%d) = %q, want %q", tc.n, got, tc.verb)
		}
	}
}
