package pipeline_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/synth"
)

// TestEventsOrderSameSummaries (issue-14-speed18 item 2): synth's India events export (each
// case's rows together, in the case export's order) rewritten with every case's first row,
// then every case's second, and so on, so that each case's events are in many runs of the store
// (compact joins them): every case keeps its events in the same order, and the outcome tables
// and the release's cases are byte-identical.
func TestEventsOrderSameSummaries(t *testing.T) {
	var got [2]map[string][]byte
	for k := range got {
		dir := t.TempDir()
		if _, err := synth.Write(dir, 3000, synth.DemoSeed); err != nil {
			t.Fatal(err)
		}
		if k == 1 {
			p := filepath.Join(dir, synth.IndianEventsFile)
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.SplitAfter(string(b), "\n")
			head, rows := lines[0], lines[1:]
			var byCase [][]string // each case's rows, in the file's order
			last := ""
			for _, r := range rows {
				if r == "" {
					continue
				}
				id, _, _ := strings.Cut(r, ",")
				if id != last {
					byCase = append(byCase, nil)
					last = id
				}
				byCase[len(byCase)-1] = append(byCase[len(byCase)-1], r)
			}
			var out strings.Builder
			out.WriteString(head)
			for j, more := 0, true; more; j++ {
				more = false
				for _, c := range byCase {
					if j < len(c) {
						out.WriteString(c[j])
						more = true
					}
				}
			}
			if out.Len() != len(b) || len(byCase) < 500 {
				t.Fatalf("rewritten %d bytes of %d, %d cases", out.Len(), len(b), len(byCase))
			}
			if err := os.WriteFile(p, []byte(out.String()), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		_, out := runSynthFolder(t, dir)
		got[k] = map[string][]byte{}
		for _, f := range append(outcomeFiles, release.CasesFile) {
			b, err := os.ReadFile(filepath.Join(out, f))
			if err != nil {
				t.Fatal(err)
			}
			got[k][f] = bytes.ReplaceAll(b, []byte(dir), []byte("DIR"))
		}
	}
	for f, b := range got[0] {
		if !bytes.Equal(b, got[1][f]) {
			t.Errorf("%s differs with the events export's rows in another order", f)
		}
	}
}
