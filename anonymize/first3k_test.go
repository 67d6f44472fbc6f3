package anonymize

import (
	"encoding/json"
	"sync"
	"testing"
)

// first3k is the first release of synth's canonical 3,000 cases, seed 1, at threshold 10 with
// the standard tables: TestTablesPublished, TestTablesDeterministic, TestSameDataReleasedAgain
// and TestSameDataTablesAdded each computed it on their own (one 3,000-case protection each,
// the package's largest), now once per test binary.
var first3k struct {
	once sync.Once
	in   []byte
	pt   *ProtectedTables
	sum  []byte // the tables and relations as first computed: no test may change them
	err  error
}

// firstRelease3k returns the input and the shared first release (Go values: its collector is
// closed). Every call checks the release is still as computed, so a test that changed it fails itself
// instead of a later one.
func firstRelease3k(t *testing.T) ([]byte, *ProtectedTables) {
	t.Helper()
	first3k.once.Do(func() {
		first3k.in = synthCSV(t, 3000, 1)
		c := collect(t, string(first3k.in))
		defer c.Close()
		first3k.pt, first3k.err = c.Tables(TableConfig{Protection: Protection{Threshold: 10}})
		if first3k.err == nil {
			first3k.sum, first3k.err = json.Marshal([]any{first3k.pt.Tables, first3k.pt.Relations, first3k.pt.Protection})
		}
	})
	if first3k.pt == nil || first3k.err != nil {
		t.Fatalf("the first release of 3,000 cases, seed 1: %v (nil: it failed in the test that computed it)", first3k.err)
	}
	if b, err := json.Marshal([]any{first3k.pt.Tables, first3k.pt.Relations, first3k.pt.Protection}); err != nil || string(b) != string(first3k.sum) {
		t.Fatalf("the shared first release of 3,000 cases was changed by an earlier test (%v)", err)
	}
	return first3k.in, first3k.pt
}
