package ingest

import (
	"io"
	"runtime/debug"
	"strings"
	"testing"
)

// TestGCPercentRestored checks that reading raises the collector's percentage only while
// readers run: after reading to the end, and after Close half-way, it is back.
func TestGCPercentRestored(t *testing.T) {
	old := debug.SetGCPercent(100)
	defer debug.SetGCPercent(old)
	csv := "case_id,gender\nA-1,female\nA-2,male\n"
	r := NewReader("in.csv", strings.NewReader(csv))
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if p := debug.SetGCPercent(100); p != readingGCPercent {
			t.Errorf("while reading: GC percent %d, want %d", p, readingGCPercent)
		}
		debug.SetGCPercent(readingGCPercent)
		rec.Release()
	}
	if p := debug.SetGCPercent(100); p != 100 {
		t.Errorf("after EOF: GC percent %d, want 100", p)
	}
	r = NewReader("in.csv", strings.NewReader(csv))
	rec, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	rec.Release()
	r.Close()
	if p := debug.SetGCPercent(100); p != 100 {
		t.Errorf("after Close: GC percent %d, want 100", p)
	}
	// GOGC=off stays off.
	debug.SetGCPercent(-1)
	r = NewReader("in.csv", strings.NewReader(csv))
	rec, err = r.Read()
	if err != nil {
		t.Fatal(err)
	}
	if p := debug.SetGCPercent(-1); p != -1 {
		t.Errorf("GOGC=off while reading: GC percent %d", p)
	}
	rec.Release()
	r.Close()
	if p := debug.SetGCPercent(100); p != -1 {
		t.Errorf("GOGC=off after Close: GC percent %d", p)
	}
}
