package anonymize

import (
	"maps"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/ingest"
)

// TestKindsAndRegister (privacy-side-doors19): the one pass gives what Kinds and
// RegisterKinds(nil) give in two, with rows suppressed.
func TestKindsAndRegister(t *testing.T) {
	rel, err := collect(t, randomCases(2000, 7)).Anonymize(CaseConfig{K: 5, SuppressionLimit: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(rel.suppressed); i += 7 {
		rel.suppressed[i] = true
	}
	own, reg := rel.KindsAndRegister()
	if !maps.Equal(own, rel.Kinds()) || !maps.Equal(reg, rel.RegisterKinds(nil)) {
		t.Errorf("one pass: %d and %d kinds; two: %d and %d", len(own), len(reg), len(rel.Kinds()), len(rel.RegisterKinds(nil)))
	}
	if maps.Equal(own, reg) {
		t.Error("the set-up needs suppressed rows: the two counts are the same")
	}
}

// BenchmarkKindsAndRegister compares the run's write stage's counts for the series' memory in
// one pass (KindsAndRegister) and in two (Kinds, RegisterKinds), 50,000 random cases.
func BenchmarkKindsAndRegister(b *testing.B) {
	rel, err := collectFrom(b, ingest.NewReader("cases.csv", strings.NewReader(randomCases(50000, 7)))).Anonymize(CaseConfig{K: 5, SuppressionLimit: 0.1})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("one", func(b *testing.B) {
		for range b.N {
			rel.KindsAndRegister()
		}
	})
	b.Run("two", func(b *testing.B) {
		for range b.N {
			rel.Kinds()
			rel.RegisterKinds(nil)
		}
	})
}
