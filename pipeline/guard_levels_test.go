package pipeline

import (
	"testing"

	"github.com/prevalence/prevalence/anonymize"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/schema"
)

// TestSameLevelAcrossTheLegalRename: a release written before legal_stage joined
// legal_disposition in the quasi-identifier legal lists legal_disposition; at the exact level
// it released what legal's exact level does, so the differencing guard still applies, and at
// "*" (a missing disposition shown as "*", which legal's "stage" level leaves empty) it does
// not.
func TestSameLevelAcrossTheLegalRename(t *testing.T) {
	old := func(l int) release.Level { return release.Level{QuasiIdentifier: schema.LegalDisposition, Level: l} }
	now := func(l int) release.Level { return release.Level{QuasiIdentifier: anonymize.LegalQI, Level: l} }
	for _, c := range []struct {
		prev, now release.Level
		want      bool
	}{
		{old(0), now(0), true},
		{old(1), now(1), false},
		{old(1), now(2), false},
		{old(0), now(1), false},
		{now(1), now(1), true},
		{now(1), now(2), false},
		{now(-1), now(-1), false}, // Mondrian: local recoding, no one level
		{release.Level{QuasiIdentifier: "gender"}, now(0), false},
	} {
		if got := sameLevel(c.prev, c.now); got != c.want {
			t.Errorf("sameLevel(%s %d, %s %d) = %v, want %v", c.prev.QuasiIdentifier, c.prev.Level, c.now.QuasiIdentifier, c.now.Level, got, c.want)
		}
	}
}
