package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// TestEventStreamCloseLeavesNoGoroutine: a caller that stops reading an NDJSON events stream
// early (after one event, after an error of its own, or when its context is cancelled) and
// closes the reader leaves no goroutine of the stream behind, and a Read after Close is an
// error, never a short io.EOF that would read as the end of the file.
func TestEventStreamCloseLeavesNoGoroutine(t *testing.T) {
	var b strings.Builder
	for i := range 20 * eventBatchSize {
		fmt.Fprintf(&b, `{"case_id": "C-%d", "followups": [{"followup_date": "2024-0%d-1%d"}]}`+"\n", i, 1+i%9, i%10)
	}
	text := b.String()
	for _, stopAfter := range []int{0, 1, 300, 3000} {
		t.Run(fmt.Sprint(stopAfter), func(t *testing.T) {
			defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			r := NewEventReader("e.ndjson", strings.NewReader(text))
			r.Now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			for n := 0; ; n++ {
				if n == stopAfter {
					cancel() // the caller's context is cancelled: it stops reading
				}
				if ctx.Err() != nil {
					break
				}
				if _, err := r.Read(); err != nil {
					t.Fatalf("event %d: %v", n, err)
				}
			}
			if err := r.Close(); err != nil {
				t.Fatal(err)
			}
			if _, err := r.Read(); !errors.Is(err, ErrReaderClosed) {
				t.Errorf("Read after Close: %v, want ErrReaderClosed", err)
			}
		})
	}
	// Read to the end, or to a broken record: nothing is left running without Close either.
	t.Run("eof", func(t *testing.T) {
		defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
		for _, in := range []string{text, text[:len(text)/2] + "{\"case_id\": [\n" + text} {
			r := NewEventReader("e.ndjson", strings.NewReader(in))
			r.Now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			var err error
			for err == nil {
				_, err = r.Read()
			}
			if err != io.EOF && !errors.Is(err, ErrBrokenFile) {
				t.Errorf("%v", err)
			}
		}
	})
}
