package pipeline_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/prevalence/prevalence/linkage"
	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/synth"
)

// poisonAlloc is Go memory whose freed buffers are overwritten with 0xFF: a string kept past
// its record's release (a map key, a remembered value viewing the record's bytes) then reads
// other bytes, as it would once a recycling allocator handed the buffer out again
// (ingest-exactness15: the pool's "corruption" was such a consumer).
type poisonAlloc struct {
	mem   memory.Allocator
	freed atomic.Int64
}

func (p *poisonAlloc) Allocate(n int) []byte { return p.mem.Allocate(n) }

func (p *poisonAlloc) Reallocate(n int, b []byte) []byte {
	nb := p.mem.Allocate(n)
	copy(nb, b)
	p.Free(b)
	return nb
}

func (p *poisonAlloc) Free(b []byte) {
	for i := range b {
		b[i] = 0xFF
	}
	p.freed.Add(1)
}

// TestRecordBytesNotKept: every reader of the records (de-duplication, linkage, the events'
// case lookups and outcomes, the collector, the overlap prints) copies the strings it keeps
// past a record's release. The synthetic register (its four case exports and their events,
// linked with a key) read with poisonAlloc gives the release that Go memory gives, file for
// file but the manifest (which names no allocator, but its created_at); so does the run's
// own allocator (nil: the pool recycling the buffers).
func TestRecordBytesNotKept(t *testing.T) {
	if testing.Short() {
		t.Skip("two 1,500-case runs")
	}
	dir := t.TempDir()
	if _, err := synth.Write(dir, 1500, 1); err != nil {
		t.Fatal(err)
	}
	run := func(alloc memory.Allocator) string {
		t.Helper()
		cfg, err := pipeline.LoadConfig(filepath.Join(dir, synth.ConfigFile))
		if err != nil {
			t.Fatal(err)
		}
		var ins []pipeline.Input
		for _, n := range append(slices.Clone(synth.OutcomeExports), synth.Exports...) {
			ins = append(ins, pipeline.Input{Name: filepath.Join(dir, n), Alloc: alloc})
		}
		out := filepath.Join(t.TempDir(), "r")
		key := linkage.Key("record bytes test key, not a secret")
		if _, err := pipeline.Run(context.Background(), ins, cfg, pipeline.Options{Out: out, Now: testNow, Key: key}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	plain := run(memory.NewGoAllocator())
	poison := &poisonAlloc{mem: memory.NewGoAllocator()}
	poisoned := run(poison)
	pooled := run(nil) // the run's own: ingest.NewPool
	if poison.freed.Load() == 0 {
		t.Fatal("no record buffer was freed through the allocator: the test checks nothing")
	}
	files := 0
	err := filepath.WalkDir(plain, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "manifest.json" {
			return err
		}
		rel, _ := filepath.Rel(plain, p)
		a, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(filepath.Join(poisoned, rel))
		if err != nil {
			return err
		}
		c, err := os.ReadFile(filepath.Join(pooled, rel))
		if err != nil {
			return err
		}
		files++
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs with the records' freed buffers overwritten: a reader keeps a record's bytes past its release", rel)
		}
		if !bytes.Equal(a, c) {
			t.Errorf("%s differs with the records' buffers recycled (the run's pool)", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 5 {
		t.Fatalf("compared %d files", files)
	}
}
