package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/prevalence/prevalence/ingest"
)

// cancelAfter cancels its context once n bytes have been read from it: a run cancelled
// while it reads an events export.
type cancelAfter struct {
	r      io.Reader
	n      int
	cancel func()
}

func (c *cancelAfter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if c.n -= n; c.n <= 0 {
		c.cancel()
	}
	return n, err
}

func (c *cancelAfter) Close() error { return nil }

// TestReadEventsCancelled: a run cancelled while it reads an NDJSON events export stops with
// the context's error and leaves none of the stream's goroutines running.
func TestReadEventsCancelled(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	var b strings.Builder
	for i := range 100_000 {
		fmt.Fprintf(&b, `{"case_id": "C-%d", "followups": [{"followup_date": "2024-03-1%d"}]}`+"\n", i, i%10)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	in := Input{Name: "events.ndjson", Open: func() (io.ReadCloser, error) {
		return &cancelAfter{r: strings.NewReader(b.String()), n: 1 << 20, cancel: cancel}, nil
	}}
	cfg := &Config{Sources: []ingest.Mapping{{Match: "*events*", Source: "Org", Events: ingest.EventsOnly}}}
	_, err := readEvents(ctx, []Input{in}, cfg, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("readEvents after cancel: %v, want context.Canceled", err)
	}
}
