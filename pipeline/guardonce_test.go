package pipeline_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/synth"
)

// TestPreviousCasesReadOnce: a run into a folder holding a release reads that release's cases
// once (the pre-check before the tables, otherRegister), and the differencing guard after the
// lock uses what it read while the folder's release is the same. Before, both read them (at
// 1,000,000 rows a DuckDB query over the previous release's cases each time; the joint
// helper's sixteenth session left it unmeasured).
func TestPreviousCasesReadOnce(t *testing.T) {
	dir := t.TempDir()
	if _, err := synth.Write(dir, 400, 3); err != nil {
		t.Fatal(err)
	}
	cfg, err := pipeline.LoadConfig(filepath.Join(dir, synth.ConfigFile))
	if err != nil {
		t.Fatal(err)
	}
	var ins []pipeline.Input
	for _, n := range append(append([]string{}, synth.OutcomeExports...), synth.Exports...) {
		ins = append(ins, pipeline.Input{Name: filepath.Join(dir, n)})
	}
	out := filepath.Join(t.TempDir(), "rel")
	if _, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: out, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	m, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: out, Now: testNow, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	if !m.Counts.Balanced() {
		t.Errorf("counts do not add up: %+v", m.Counts)
	}
	read, again := strings.Count(logs.String(), `msg="previous release read"`), strings.Count(logs.String(), `msg="previous release read again"`)
	if read != 1 || again != 0 {
		t.Errorf("the previous release's cases were read %d time(s) before the tables and %d after the lock, want once in all", read, again)
	}
	// The "tables" line logs both of the manifest's counts of linear programs (it logged the
	// release's own audit's only: a joint audit's, most of a grown register's, went unseen).
	if a := m.Tables.Audit; !strings.Contains(logs.String(), fmt.Sprintf("linear_programs=%d joint_linear_programs=%d", a.LPs, a.JointLPs)) {
		t.Errorf("the tables line does not log linear_programs=%d joint_linear_programs=%d:\n%s", a.LPs, a.JointLPs, logs.String())
	}
}
