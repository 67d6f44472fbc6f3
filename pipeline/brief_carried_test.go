package pipeline_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/synth"
)

// TestBriefCarriedProvince is attack-2026-12-03g's low on the tester's shape: synth 3,000 seed
// 1 with the Afghan export cut before 1 July 2025, then whole with --previous. The update
// withholds West Bengal's boys and girls (the guard), bounded only far below by the published
// counts; ranked by that least, the largest province fell out of the brief's eight (470 girls
// and 141 boys, 469 and 140 printed before). It is ranked by the values July printed
// (carried.json), as the centre gaps count such a group, and its line and the paragraph after
// the list say so.
func TestBriefCarriedProvince(t *testing.T) {
	if testing.Short() {
		t.Skip("two runs of 3,000 synthetic cases")
	}
	dir, cfg := synth3000(t)
	b, err := os.ReadFile(filepath.Join(dir, synth.AfghanFile))
	if err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(strings.NewReader(string(b)))
	cr.FieldsPerRecord = -1 // synth truncates a few rows (quarantined): kept as they are
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	reg := indexOfCol(t, rows[0], "registration_date")
	var sb strings.Builder
	w := csv.NewWriter(&sb)
	for i, r := range rows {
		if i == 0 || len(r) > reg && r[reg] < "2025-07-01" {
			w.Write(r)
		}
	}
	w.Flush()
	cut := filepath.Join(t.TempDir(), synth.AfghanFile)
	if err := os.WriteFile(cut, []byte(sb.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	var julyIns, wholeIns []pipeline.Input
	for _, n := range synth.Exports {
		p := filepath.Join(dir, n)
		wholeIns = append(wholeIns, pipeline.Input{Name: p})
		if n == synth.AfghanFile {
			p = cut
		}
		julyIns = append(julyIns, pipeline.Input{Name: p})
	}
	july, update := filepath.Join(t.TempDir(), "july"), filepath.Join(t.TempDir(), "update")
	if _, err := pipeline.Run(context.Background(), julyIns, cfg, pipeline.Options{Out: july, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	if _, err := pipeline.Run(context.Background(), wholeIns, cfg, pipeline.Options{Out: update, Previous: july, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	lines := func(rel string) ([]string, string) {
		md, err := os.ReadFile(filepath.Join(rel, "reports", "brief.md"))
		if err != nil {
			t.Fatal(err)
		}
		var provinces []string
		more := ""
		for _, l := range strings.Split(string(md), "\n") {
			switch {
			case strings.HasPrefix(l, "- **") && strings.Contains(l, " boys"):
				provinces = append(provinces, l)
			case strings.HasPrefix(l, "Only the "):
				more = l
			}
		}
		return provinces, more
	}
	const wb = "- **West Bengal, India**: "
	julyLines, _ := lines(july)
	printed := map[string]int{}
	for _, l := range julyLines {
		if !strings.HasPrefix(l, wb) {
			continue
		}
		for _, who := range []string{"boys", "girls"} {
			if m := regexp.MustCompile(`(\d+) ` + who + ` \(95% CI`).FindStringSubmatch(l); m != nil {
				printed[who], _ = strconv.Atoi(m[1])
			}
		}
	}
	if len(printed) != 2 {
		t.Fatalf("July's brief does not print West Bengal's boys and girls (the series changed?): %q", julyLines)
	}
	upd, more := lines(update)
	at := -1
	for i, l := range upd {
		if strings.HasPrefix(l, wb) {
			at = i
		}
	}
	if at < 0 {
		t.Fatalf("the update's brief leaves West Bengal (July: %d boys, %d girls) out of its provinces: %q", printed["boys"], printed["girls"], upd)
	}
	var carried []string
	for _, who := range []string{"boys", "girls"} {
		if strings.Contains(upd[at], "the number of "+who+" is withheld") {
			carried = append(carried, fmt.Sprintf("%d %s", printed[who], who))
		}
	}
	if len(carried) == 0 {
		t.Fatalf("the update prints West Bengal's boys and girls: the series no longer withholds them: %q", upd[at])
	}
	if want := "an earlier release of this series printed (" + strings.Join(carried, ", ") + "), kept within the bounds the published counts give"; !strings.Contains(upd[at], "; ranked with its withheld") || !strings.Contains(upd[at], want) {
		t.Errorf("West Bengal's line does not say it is ranked by %q: %q", want, upd[at])
	}
	// The largest province by far: ranked by July's values, it comes first.
	if at != 0 {
		t.Errorf("West Bengal listed %d of %d (July: %d boys, %d girls): %q", at+1, len(upd), printed["boys"], printed["girls"], upd)
	}
	if want := "Where an earlier release of this series printed a withheld count (tables/carried.json), the province is ranked by that value"; !strings.Contains(more, want) {
		t.Errorf("the paragraph after the list does not say %q: %q", want, more)
	}
	if _, left, ok := strings.Cut(more, "The number of children of "); ok && strings.Contains(strings.SplitN(left, "may be larger", 2)[0], "West Bengal") {
		t.Errorf("the paragraph still names West Bengal among the provinces left out: %q", more)
	}
	// attack-2026-12-04c's 7c on the same pair: the update withholds every total of India that
	// holds West Bengal's other-gender group, so no growth since bounds the interval July placed
	// it in, and the page ranked it 6th from the midpoint of today's 10-66. Its province's cases
	// are counted at the value July printed (TotalCarried): the group is counted at the midpoint
	// of July's interval (carried.json's placed_then), as July ranked it.
	t.Run("centre gaps: West Bengal's other gender", func(t *testing.T) {
		const key = "IN-WB/other_or_unknown/all ages"
		jr := centreGapRows(t, filepath.Join(july, "reports", "tables", "centre-gaps.csv"))[key]
		ur := centreGapRows(t, filepath.Join(update, "reports", "tables", "centre-gaps.csv"))[key]
		if jr == nil || ur == nil || jr["recent_cases_least"] == "" || ur["recent_cases_least"] == "" {
			t.Fatalf("West Bengal's other gender is not withheld and placed in both releases (the series changed?): July %v, update %v", jr, ur)
		}
		lo, _ := strconv.Atoi(jr["recent_cases_least"])
		hi, _ := strconv.Atoi(jr["recent_cases_most"])
		ulo, _ := strconv.Atoi(ur["recent_cases_least"])
		uhi, _ := strconv.Atoi(ur["recent_cases_most"])
		if uhi-ulo <= hi-lo {
			t.Skipf("the update places the group no more widely than July (%d-%d, July %d-%d): nothing to carry", ulo, uhi, lo, hi)
		}
		mid := (max(lo, ulo) + min(hi, uhi) + 1) / 2
		if want := fmt.Sprintf("%s %d", analysis.CarriedPlacedThen, mid); !strings.Contains(ur["per_year_note"], want) {
			t.Errorf("the update counts West Bengal's other gender (%d-%d, July %d-%d) not at July's midpoint: %q, want %q", ulo, uhi, lo, hi, ur["per_year_note"], want)
		}
		jRank, _ := strconv.Atoi(jr["rank"])
		uRank, _ := strconv.Atoi(ur["rank"])
		jYear, _ := strconv.ParseFloat(jr["cases_per_year"], 64)
		uYear, _ := strconv.ParseFloat(ur["cases_per_year"], 64)
		if uRank < 10 || uYear > 1.5*jYear {
			t.Errorf("West Bengal's other gender ranks %d with %v a year in the update (July: %d, %v)", uRank, uYear, jRank, jYear)
		}
	})
}
