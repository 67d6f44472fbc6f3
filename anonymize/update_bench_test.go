package anonymize

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prevalence/prevalence/ingest"
)

// BenchmarkUpdate3k times the update path (issue 14 and 16; zw's speed finding): a first
// release of synth's canonical 3,000 cases, seed 1, then the same register with 30 police
// records more (those of synth 3,100, seed 1, whose GD numbers 3,000 has not), released with
// the first as its previous release: the joint audit over both releases, its rounds and its
// linear programs. A first release is timed beside it in the same run, so that the ratio of
// the two is read from one run on a noisy machine:
//
//	go test ./anonymize -run '^$' -bench 'Update3k' -benchtime 1x -timeout 60m
func BenchmarkUpdate3k(b *testing.B) {
	in := synthCSV(b, 3000, 1)
	more := synthCSV(b, 3100, 1)
	seen := map[string]bool{}
	for _, line := range strings.Split(string(in), "\n") {
		id, _, _ := strings.Cut(line, ",")
		seen[id] = true
	}
	var added []string
	for _, line := range strings.Split(string(more), "\n") {
		id, _, _ := strings.Cut(line, ",")
		if strings.HasPrefix(id, "AHTU/") && !seen[id] && len(added) < 30 {
			added = append(added, line)
		}
	}
	if len(added) < 30 {
		b.Fatalf("%d new police records in synth 3,100, want 30", len(added))
	}
	in30 := append(bytes.TrimRight(bytes.Clone(in), "\n"), []byte("\n"+strings.Join(added, "\n")+"\n")...)

	cfg := TableConfig{Protection: Protection{Threshold: 10}}
	c := collectFrom(b, ingest.NewReader("cases.csv", bytes.NewReader(in)))
	start := time.Now()
	a, err := c.Tables(cfg)
	c.Close()
	if err != nil {
		b.Fatal(err)
	}
	first := time.Since(start)

	var rounds atomic.Int64
	log := slog.New(&roundCounter{n: &rounds})
	var pt *ProtectedTables
	for b.Loop() {
		rounds.Store(0)
		c2 := collectFrom(b, ingest.NewReader("cases.csv", bytes.NewReader(in30)))
		cfg2 := cfg
		cfg2.Previous, cfg2.PreviousRelations, cfg2.Log = a.Tables, a.Relations, log
		if pt, err = c2.Tables(cfg2); err != nil {
			b.Fatal(err)
		}
		c2.Close()
	}
	au := pt.Protection.Audit
	b.ReportMetric(first.Seconds(), "first-release-s")
	b.ReportMetric(float64(rounds.Load()), "joint-rounds")
	b.ReportMetric(float64(au.JointLPs), "joint-LPs")
	b.ReportMetric(float64(au.LPs), "LPs")
	b.Logf("previous_audit %s; %d counts exposed", pt.Protection.PreviousAudit, au.Exposed)
}

// roundCounter counts the joint audit's rounds from the progress the protection logs.
type roundCounter struct{ n *atomic.Int64 }

func (h *roundCounter) Enabled(context.Context, slog.Level) bool { return true }
func (h *roundCounter) Handle(_ context.Context, r slog.Record) error {
	if r.Message == "joint audit round done" {
		h.n.Add(1)
	}
	return nil
}
func (h *roundCounter) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *roundCounter) WithGroup(string) slog.Handler      { return h }
