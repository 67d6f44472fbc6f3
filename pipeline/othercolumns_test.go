package pipeline_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/pipeline"
)

// TestOtherColumnsNotSuggested (attack-2026-12-03c, lows): the notices that name dropped
// columns which may hold a field named ODK Central's "Status" (the submission's state) as one
// that may say whether the person is a victim, CTDC's IP_citizen_UNRegion (the perpetrator's
// citizenship region) as one that may hold the province, and counted KoboToolbox's
// "__version__" among the OData server's own columns. Now those are left out, and
// "__version__" is named with the other dropped columns.
func TestOtherColumnsNotSuggested(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("SubmissionDate,case_id,sex,age,registration_date,IP_citizen_UNRegion,Place of birth,__version__,Status,ReviewState,SubmitterID\n")
	for i := range 40 {
		fmt.Fprintf(&b, "2024-03-%02dT10:00:00.000Z,P%03d,Male,%d,2024-03-%02d,Southern Asia,Herat,vabc,,,5\n", 1+i%28, i, 10+i%6, 1+i%28)
	}
	in := filepath.Join(dir, "cases.csv")
	yaml := filepath.Join(dir, "c.yaml")
	if err := os.WriteFile(in, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(yaml, []byte("k: 2\nsources:\n  - {match: \"cases.csv\", source: Home, extracted: \"2025-01-01\", defaults: {country_of_exploitation: AF}}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := pipeline.LoadConfig(yaml)
	if err != nil {
		t.Fatal(err)
	}
	m, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: in}}, cfg, pipeline.Options{Out: filepath.Join(dir, "rel"), Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	status := false
	for _, n := range m.Notices {
		switch {
		case strings.Contains(n, "no row records a trafficking status"):
			status = true
			if strings.Contains(n, `"Status"`) {
				t.Errorf("the form server's Status named as a victim status: %q", n)
			}
		case strings.Contains(n, "no row records a province of exploitation"):
			t.Errorf("a citizenship's region or a place of birth named as the province: %q", n)
		case strings.Contains(n, "OData server's own"):
			t.Errorf("KoboToolbox's __version__ counted as the OData server's: %q", n)
		}
	}
	if !status || !hasNotice(m, `column "__version__" maps onto no field`) {
		t.Errorf("no status notice, or __version__ not named: %q", m.Notices)
	}
}
