package analysis_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/release/releasetest"
)

// NewOrl, stepwise with threshold 0.02: 1183.69, picking D:E (Chan, Silverman and Vincent
// 2021; ../mse/testdata/PROVENANCE.md). Korea, stepwise: 268.78, picking b:c.
func TestEstimateHidden(t *testing.T) {
	ch, err := analysis.ReadCaptureHistoriesPath(filepath.Join("..", "mse", "testdata", "NewOrl.csv"), "")
	if err != nil {
		t.Fatal(err)
	}
	tab, err := analysis.EstimateHidden(ch, analysis.MSEOptions{Reps: 200})
	if err != nil {
		t.Fatal(err)
	}
	r := rows(t, tab, 0)[""]
	if r["estimate"] != 1183.69 || r["interactions"] != "D:E" || r["observed"] != int64(185) {
		t.Errorf("NewOrl stepwise: %v", r)
	}
	lo, hi := r["boot_lower"].(float64), r["boot_upper"].(float64)
	if !(lo < 1183.69 && hi > 1183.69) {
		t.Errorf("bootstrap interval (%v, %v)", lo, hi)
	}
	again, _ := analysis.EstimateHidden(ch, analysis.MSEOptions{Reps: 200})
	if a := rows(t, again, 0)[""]; a["boot_lower"] != lo || a["boot_upper"] != hi {
		t.Errorf("bootstrap not reproducible: %v vs %v", a, r)
	}
	// The default interval is the profile likelihood's (Rcapture: 733.5147, 2127.3766).
	if r["interval"] != "profile" || r["lower"] != 733.5 || r["upper"] != 2127.4 {
		t.Errorf("NewOrl stepwise interval: %v", r)
	}
	// Main effects: 996.66 with Wald interval (644.9, 1617.5).
	tab, _ = analysis.EstimateHidden(ch, analysis.MSEOptions{Model: "main", Reps: 40, Interval: "wald"})
	r = rows(t, tab, 0)[""]
	if r["estimate"] != 996.66 || r["wald_lower"] != 644.9 || r["wald_upper"] != 1617.5 || r["interactions"] != "none" ||
		r["lower"] != 644.9 || r["interval"] != "wald" {
		t.Errorf("NewOrl main effects: %v", r)
	}
	// BIC: the note says how many models were compared.
	tab, _ = analysis.EstimateHidden(ch, analysis.MSEOptions{Model: "bic", Reps: 40})
	r = rows(t, tab, 0)[""]
	if r["interactions"] != "D:E" || !strings.Contains(analysis.Cell(r["note"]), "best by BIC of 1024 models") {
		t.Errorf("NewOrl by BIC: %v", r)
	}
	// Tiny tables are estimated with a warning.
	tiny, _ := analysis.ReadCaptureHistories(strings.NewReader("A,B,count\n1,0,1\n0,1,1\n1,1,1\n"), "")
	tab, err = analysis.EstimateHidden(tiny, analysis.MSEOptions{Model: "main", Reps: 40})
	if err != nil {
		t.Fatal(err)
	}
	if r = rows(t, tab, 0)[""]; !strings.Contains(analysis.Cell(r["note"]), "warning: only 3 people observed (fewer than 20)") {
		t.Errorf("tiny table: %v", r)
	}
	if _, err := analysis.EstimateHidden(ch, analysis.MSEOptions{Interval: "magic"}); err == nil {
		t.Error("unknown interval accepted")
	}
	if _, err := analysis.EstimateHidden(ch, analysis.MSEOptions{Model: "magic"}); err == nil {
		t.Error("unknown model accepted")
	}
}

func TestEstimateHiddenStrata(t *testing.T) {
	korea, _ := os.ReadFile(filepath.Join("..", "mse", "testdata", "Korea_MSEpkg.csv"))
	var b strings.Builder
	b.WriteString("stratum,b,c,d,Count\n")
	for _, line := range strings.Split(strings.TrimSpace(string(korea)), "\n")[1:] {
		b.WriteString("korea," + line + "\n")
	}
	b.WriteString("small,1,0,0,4\nsmall,0,1,0,3\nsmall,1,1,0,2\n")
	ch, err := analysis.ReadCaptureHistories(strings.NewReader(b.String()), "stratum")
	if err != nil {
		t.Fatal(err)
	}
	tab, err := analysis.EstimateHidden(ch, analysis.MSEOptions{Reps: 100})
	if err != nil {
		t.Fatal(err)
	}
	got := rows(t, tab, 1)
	if got["korea"]["estimate"] != 268.78 || got["korea"]["interactions"] != "b:c" {
		t.Errorf("korea stratum: %v", got["korea"])
	}
	if note := analysis.Cell(got["small"]["note"]); !strings.Contains(note, "refused") || !strings.Contains(note, "fewer than 20 people observed (9 observed)") {
		t.Errorf("small stratum: %v", got["small"])
	}
	if got["small"]["estimate"] != nil {
		t.Errorf("small stratum estimated: %v", got["small"])
	}
	if got["(all strata pooled)"]["observed"] != int64(132) {
		t.Errorf("pooled: %v", got["(all strata pooled)"])
	}
	// Without --strata, a release's stratum column is pooled.
	ch, err = analysis.ReadCaptureHistories(strings.NewReader(b.String()), "")
	if err != nil || len(ch.Strata) != 1 || ch.Tables[""].Observed() != 132 {
		t.Errorf("pooled read: %+v, %v", ch, err)
	}
	if _, err := analysis.ReadCaptureHistories(strings.NewReader(b.String()), "gender"); err == nil || !strings.Contains(err.Error(), `no stratum column "gender"`) ||
		!strings.Contains(err.Error(), `the columns are "stratum",`) || !strings.Contains(err.Error(), `holds the country of exploitation: --strata stratum`) {
		t.Errorf("missing stratum column: %v", err)
	}
}

func TestNoCaptureHistories(t *testing.T) {
	dir := releasetest.Fixture(t)
	_, err := analysis.ReadCaptureHistoriesPath(dir, "")
	if !errors.Is(err, analysis.ErrNoCaptureHistories) || !strings.Contains(err.Error(), "this release has no capture histories: run with a linkage key") {
		t.Errorf("got %v", err)
	}
	os.WriteFile(filepath.Join(dir, analysis.CaptureHistoriesFile), []byte("stratum,A,B,count\nx,1,0,30\nx,0,1,20\nx,1,1,10\n"), 0o600)
	ch, err := analysis.ReadCaptureHistoriesPath(dir, "")
	if err != nil || ch.Tables[""].Observed() != 60 {
		t.Errorf("release capture histories: %+v, %v", ch, err)
	}
}

// TestOneOrganisation: a release of one organisation's records has capture histories with one
// list; mse says so, not "header has 3 columns" (attack-2026-12-03e's low).
func TestOneOrganisation(t *testing.T) {
	for _, header := range []string{"stratum,Hope Centre,count\n", "Hope Centre,count\n"} {
		dir := releasetest.Fixture(t)
		os.WriteFile(filepath.Join(dir, analysis.CaptureHistoriesFile), []byte(header+strings.Repeat("x,", strings.Count(header, ",")-1)+"1,40\n"), 0o600)
		for _, strata := range []string{"", analysis.StratumColumn} {
			if strata != "" && !strings.HasPrefix(header, strata) {
				continue
			}
			_, err := analysis.ReadCaptureHistoriesPath(dir, strata)
			if !errors.Is(err, analysis.ErrOneOrganisation) || !strings.Contains(err.Error(), "one organisation's records") || !strings.Contains(err.Error(), `"Hope Centre" only`) {
				t.Errorf("%q, strata %q: %v", header, strata, err)
			}
		}
	}
	// A capture-history file given itself keeps the reader's error.
	p := filepath.Join(t.TempDir(), "one.csv")
	os.WriteFile(p, []byte("A,count\n1,40\n"), 0o600)
	if _, err := analysis.ReadCaptureHistoriesPath(p, ""); err == nil || errors.Is(err, analysis.ErrOneOrganisation) {
		t.Errorf("file: %v", err)
	}
}
