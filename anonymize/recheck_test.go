package anonymize

import (
	"encoding/json"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestAuditRelease: the relations recorded with the tables let check solve the audit again
// from the published counts alone (through JSON, as a release holds them): it accepts what
// the run protected and finds the counts a run without complementary suppression exposed.
func TestAuditRelease(t *testing.T) {
	c := synthCollector(t, 800, 4)
	defer c.Close()
	for _, secondary := range []bool{true, false} {
		pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: 10, NoSecondary: !secondary}})
		if err != nil {
			t.Fatal(err)
		}
		var ts []*release.Table
		var rel *release.Relations
		roundTrip(t, pt.Tables, &ts)
		roundTrip(t, pt.Relations, &rel)
		all, err := rel.Resolve(ts)
		if err != nil {
			t.Fatal(err)
		}
		found, err := AuditRelease(all, rel, 10, 5)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("secondary %v: %d findings", secondary, len(found))
		if secondary && len(found) > 0 {
			t.Errorf("the run's pattern fails the re-audit: %v", found[0])
		}
		if !secondary && len(found) == 0 {
			t.Error("without complementary suppression the re-audit finds nothing")
		}
	}
}

func roundTrip(t *testing.T, v, into any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, into); err != nil {
		t.Fatal(err)
	}
}
