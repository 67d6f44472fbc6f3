package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/pipeline"
)

// TestSameRowsOnceRead (attack-2026-11-30d finding 2): an export saved again (CRLF line ends, a
// byte-order mark, its rows in another order) holds other bytes but the same rows: refused with
// ErrSameInput, naming both, and nothing written. Two snapshots of one register (200 of 345
// cases in both, as two organisations without a config) are read, with a notice that gives no
// case id; two organisations that number their cases alike, with other people, give none.
func TestSameRowsOnceRead(t *testing.T) {
	dir := t.TempDir()
	genders := []string{"female", "male"}
	provinces := []string{"AF-HER", "AF-KAB", "AF-BAL", "AF-KAN"}
	lines := func(prefix string, n, shift int) []string {
		var out []string
		for i := 1; i <= n; i++ {
			j := i + shift
			out = append(out, fmt.Sprintf("%s%d,%s,%d,2022-%02d-%02d,AF,%s,forced labour", prefix, i,
				genders[j%2], 8+j%30, 1+j%12, 1+j%28, provinces[j%4]))
		}
		return out
	}
	const header = "case_id,gender,age,registration_date,country_of_exploitation,province_of_exploitation,type_of_exploitation"
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	kids := lines("K", 345, 0)
	body := header + "\n" + strings.Join(kids, "\n") + "\n"
	orig := write("kids.csv", body)
	rev := slices.Clone(kids)
	slices.Reverse(rev)
	cfg, err := pipeline.ParseConfig("t", []byte("k: 2\n"))
	if err != nil {
		t.Fatal(err)
	}
	run := func(inputs ...string) ([]string, error) {
		t.Helper()
		var in []pipeline.Input
		for _, p := range inputs {
			in = append(in, pipeline.Input{Name: p})
		}
		out := filepath.Join(t.TempDir(), "rel")
		m, err := pipeline.Run(context.Background(), in, cfg, pipeline.Options{Out: out, Now: testNow})
		if err != nil {
			if _, serr := os.Stat(out); serr == nil {
				t.Errorf("%v: a release was written", err)
			}
			return nil, err
		}
		return m.Notices, nil
	}
	for name, text := range map[string]string{
		"kids-crlf.csv":      strings.ReplaceAll(body, "\n", "\r\n"),
		"kids-bom.csv":       "\xef\xbb\xbf" + body,
		"kids-reversed.csv":  header + "\n" + strings.Join(rev, "\n") + "\n",
		"kids-semicolon.csv": strings.ReplaceAll(body, ",", ";"),
	} {
		_, err := run(orig, write(name, text))
		if !errors.Is(err, pipeline.ErrSameInput) || !strings.Contains(err.Error(), "inputs 1 (") ||
			!strings.Contains(err.Error(), "hold the same 345 rows once read") || strings.Contains(err.Error(), "K1") {
			t.Errorf("%s: %v, want ErrSameInput naming both inputs and no case id", name, err)
		}
	}

	shares := func(notices []string) []string {
		var out []string
		for _, n := range notices {
			if strings.Contains(n, "case numbers") {
				out = append(out, n)
			}
		}
		return out
	}
	june := write("cases-2024-06.csv", header+"\n"+strings.Join(kids[:200], "\n")+"\n")
	notices, err := run(june, orig)
	if err != nil {
		t.Fatal(err)
	}
	if got := shares(notices); len(got) != 1 || !strings.Contains(got[0], "share 200 case numbers (of 200 and 345; none shown), 200 of them") ||
		!strings.Contains(got[0], "give only the latest") || strings.Contains(got[0], "K1") {
		t.Errorf("snapshots: notices %q", got)
	}
	// Another organisation numbering its cases K1, K2, ... too: other people, no notice.
	other := write("other-org.csv", header+"\n"+strings.Join(lines("K", 300, 1), "\n")+"\n")
	notices, err = run(orig, other)
	if err != nil {
		t.Fatal(err)
	}
	if got := shares(notices); len(got) != 0 {
		t.Errorf("two organisations numbering alike: notices %q", got)
	}
}
