package pipeline_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/pipeline"
)

// TestUndatedRepeatsAnyField (attack-2026-12-05d W12): one export without updated_at repeats
// case numbers whose records differ only in the recruiter's relation, a field the Deduper does
// not hold: the later row is kept, so the row order decides the published relation (284 -> 280
// when the register was re-sorted). The run says so whatever the order, naming the field and
// the count, never a value; repeats that differ in nothing, or only where one record is blank,
// give no notice.
func TestUndatedRepeatsAnyField(t *testing.T) {
	relations := []string{"family", "friend", "employer", "stranger", "intimate_partner"}
	row := func(i int, rel string) string {
		return fmt.Sprintf("C%03d,%s,%d,2024-%02d-05,AF,AF-HER,forced labour,%s\n",
			i, []string{"female", "male"}[i%2], 10+i%7, 1+i%12, rel)
	}
	rows := func(repeat func(i int) string) []string {
		var out []string
		for i := range 60 {
			out = append(out, row(i, relations[i%5]))
		}
		for i := range 12 {
			out = append(out, repeat(i))
		}
		return out
	}
	other := func(i int) string { return row(i, relations[(i+1)%5]) }
	same := func(i int) string { return row(i, relations[i%5]) }
	blank := func(i int) string { return row(i, "") }
	mixed := func(i int) string { // 7 other relations, 5 the same
		if i < 7 {
			return other(i)
		}
		return same(i)
	}
	cfg, err := pipeline.ParseConfig("t", []byte("k: 2\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		rows   []string
		notice string // "" none
	}{
		{"other relations", rows(other), `^12 records merged as duplicates repeat a case number of the same export with other values \(recruiter relation 12\), and neither record gives updated_at: the later row`},
		{"other relations, the repeats first", reversed(rows(other)), `^12 records merged as duplicates .* \(recruiter relation 12\)`},
		{"some other", rows(mixed), `^7 records merged as duplicates .* \(recruiter relation 7\)`},
		{"the same", rows(same), ""},
		{"blank in the repeat", rows(blank), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			in := filepath.Join(dir, "cases.csv")
			text := "case_id,gender,age,registration_date,country_of_exploitation,province_of_exploitation,type_of_exploitation,recruiter_relation\n" +
				strings.Join(tc.rows, "")
			if err := os.WriteFile(in, []byte(text), 0o600); err != nil {
				t.Fatal(err)
			}
			m, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: in}}, cfg,
				pipeline.Options{Out: filepath.Join(dir, "rel"), Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			if m.Counts.Duplicates != 12 {
				t.Errorf("%d duplicates, want 12", m.Counts.Duplicates)
			}
			i := slices.IndexFunc(m.Notices, func(n string) bool { return strings.Contains(n, "neither record gives updated_at") })
			switch {
			case tc.notice == "" && i >= 0:
				t.Errorf("notice %q: the repeats differ in no value both give", m.Notices[i])
			case tc.notice != "" && i < 0:
				t.Errorf("no notice of the undated repeats; notices: %q", m.Notices)
			case tc.notice != "" && !regexp.MustCompile(tc.notice).MatchString(m.Notices[i]):
				t.Errorf("notice %q, want %s", m.Notices[i], tc.notice)
			case i >= 0:
				for _, v := range relations {
					if strings.Contains(m.Notices[i], v) {
						t.Errorf("notice %q names the value %q", m.Notices[i], v)
					}
				}
			}
		})
	}
}

func reversed(s []string) []string {
	s = slices.Clone(s)
	slices.Reverse(s)
	return s
}
