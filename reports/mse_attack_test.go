package reports_test

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/reports"
)

// TestMSEParagraphDoesNotInvert is the attack of attack-2026-11-30c finding 3: with two
// lists in a country, the estimate is Lincoln-Petersen (hidden = n10 x n01 / m, observed =
// n10 + n01 + m), so the estimate, the number observed and the Wald interval a report prints
// solve back to every capture-history cell, the overlap m from 1 to 9 included. The reports
// for everyone must not let the attacker's solver below pin down any country's cells; the
// research report (for researchers, like capture_histories.csv) still gives the figures.
func TestMSEParagraphDoesNotInvert(t *testing.T) {
	// The tester's three countries: (n10, n01, m).
	truth := map[string][3]int{"Afghanistan": {16, 20, 2}, "India": {10, 23, 1}, "Cambodia": {14, 17, 2}}
	histories := "stratum,hope,aid,count\n" +
		"AF,1,0,16\nAF,0,1,20\nAF,1,1,2\n" +
		"IN,1,0,10\nIN,0,1,23\nIN,1,1,1\n" +
		"KH,1,0,14\nKH,0,1,17\nKH,1,1,2\n"
	files := build(t, reports.Options{CaptureHistories: []byte(histories)})
	research := build(t, reports.Options{CaptureHistories: []byte(histories), Audience: "research"})
	tags := regexp.MustCompile(`<[^>]*>`)
	row := regexp.MustCompile(`in (Afghanistan|India|Cambodia), at (\d+) \(.*?Wald interval (\d+) to (\d+);.*?\), of whom (\d+) were recorded`)
	// solve returns the (n10, n01, m) that the printed figures allow (the tester's 20 lines of
	// Python): n10 + n01 = obs - m, n10 x n01 = (N - obs) x m, the Wald interval (rounded as
	// printed) picking among the candidates.
	solve := func(n, lo, hi, obs int) [][3]int {
		var out [][3]int
		for m := 1; m < obs; m++ {
			for a := 1; a < obs-m; a++ {
				b := obs - m - a
				if b < a {
					break
				}
				est := float64(obs) + float64(a*b)/float64(m)
				if math.Round(est) != float64(n) {
					continue
				}
				// SparseMSE's Wald interval: log of the hidden count with the delta method's
				// variance 1/a + 1/b + 1/m (the independence model), as the report prints it.
				h := float64(a*b) / float64(m)
				se := math.Sqrt(1/float64(a) + 1/float64(b) + 1/float64(m))
				wl, wh := float64(obs)+h*math.Exp(-1.959964*se), float64(obs)+h*math.Exp(1.959964*se)
				if math.Abs(wl-float64(lo)) <= 1 && math.Abs(wh-float64(hi)) <= 1 {
					out = append(out, [3]int{a, b, m}, [3]int{b, a, m})
				}
			}
		}
		return out
	}
	attack := func(text string) map[string]bool {
		recovered := map[string]bool{}
		for _, g := range row.FindAllStringSubmatch(text, -1) {
			atoi := func(s string) int { v, _ := strconv.Atoi(s); return v }
			cands := solve(atoi(g[2]), atoi(g[3]), atoi(g[4]), atoi(g[5]))
			want := truth[g[1]]
			ms := map[int]bool{}
			for _, c := range cands {
				ms[c[2]] = true
			}
			// The overlap m is given away when every candidate the figures allow has the
			// true m (the cells themselves, up to the lists' order, too).
			if len(ms) == 1 && ms[want[2]] {
				recovered[g[1]] = true
			}
		}
		return recovered
	}
	for _, f := range files {
		switch {
		case strings.HasSuffix(f.Path, ".html"), strings.HasSuffix(f.Path, ".md"):
		default:
			continue
		}
		text := strings.Join(strings.Fields(tags.ReplaceAllString(string(f.Data), " ")), " ")
		if got := attack(text); len(got) > 0 {
			t.Errorf("%s: the MSE paragraph gives back the capture histories' overlap of %v", f.Path, got)
		}
		if strings.Contains(f.Path, "report") && strings.Contains(text, "Multiple systems estimation") &&
			!strings.Contains(text, "this report does not print") {
			t.Errorf("%s: does not say that the estimate is left out, and where it is", f.Path)
		}
	}
	// The research report gives the figures; the solver above works on them (so the test
	// would catch the everyone-report printing them).
	for _, f := range research {
		if f.Path != "report.md" && !strings.HasSuffix(f.Path, "/report.md") {
			continue
		}
		text := strings.Join(strings.Fields(string(f.Data)), " ")
		// Finding 8: the bootstrap fails on these lists; no "BCa bootstrap 0 to 0".
		if strings.Contains(text, "bootstrap 0 to 0") || strings.Count(text, "no bootstrap interval (the estimate fails in more than 5% of replicates)") != 3 {
			t.Errorf("research report: a failed bootstrap not said as such: %s", text[strings.Index(text, "Hidden numbers"):])
		}
		if got := attack(text); len(got) == 0 {
			t.Errorf("research report: the solver recovers nothing from its MSE paragraph (is the estimate printed?): %s", text[strings.Index(text, "Hidden numbers"):])
		}
		return
	}
	t.Fatal("no research report.md")
}
