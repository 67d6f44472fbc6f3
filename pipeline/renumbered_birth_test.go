package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/linkage"
	"github.com/prevalence/prevalence/pipeline"
)

// TestRenumberedByBirth is attack-2026-12-04a finding E: one organisation's old and new
// system's exports of the same 40 boys (numbers 1..40 and HC-0500..0539) were read as 80 when
// the new export spells the given names another way, drops a letter of the family name or
// has no name column: the renumbering check paired by the name hash only. Now two exports of
// one organisation whose records pair one to one on gender, date of birth and registration
// date are refused whatever the names, with or without a link key. Two halves of one
// register (boys registered on the same days, births estimated) and two snapshots sharing
// their numbers are read as before.
func TestRenumberedByBirth(t *testing.T) {
	type boy struct{ given, family, dob, reg string }
	// Spellings beyond what the link key folds (Muhammad, Ahmed, Yusuf ... are folded since
	// linkage-merge24.md): Turkish, Indonesian and Bosnian ones.
	translit := map[string]string{"Mohammad": "Mukhammad", "Ahmad": "Achmad", "Yousuf": "Jusuf", "Hussain": "Hoesein",
		"Omar": "Oemar", "Karim": "Kharim", "Mahmood": "Mahmut", "Ali": "Alija"}
	given := []string{"Mohammad", "Ahmad", "Yousuf", "Hussain", "Omar", "Karim", "Mahmood", "Ali"}
	family := []string{"Rahimi", "Ahmadi", "Karimi", "Sultani", "Hakimi", "Noori", "Safi", "Qasimi"}
	r := rand.New(rand.NewPCG(4, 12))
	var boys []boy
	for range 40 {
		boys = append(boys, boy{given[r.IntN(8)], family[r.IntN(8)],
			fmt.Sprintf("%d-%02d-%02d", 2006+r.IntN(9), 1+r.IntN(12), 2+r.IntN(27)), fmt.Sprintf("2024-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28))})
	}
	// One register's 80 boys registered in batches (ten a day on eight days), births estimated
	// as 1 January or 1 July of 2008-2013: its two halves are other people who share days and
	// births far more than two registers do.
	var batch []boy
	for i := range 80 {
		batch = append(batch, boy{given[r.IntN(8)], family[r.IntN(8)],
			fmt.Sprintf("%d-%s", 2008+r.IntN(6), []string{"01-01", "07-01"}[r.IntN(2)]), fmt.Sprintf("2024-%02d-15", 1+i/10)})
	}
	// The same with exact births (2008-2013): two halves pair by chance one boy in a thousand.
	var batchExact []boy
	for i := range 80 {
		batchExact = append(batchExact, boy{given[r.IntN(8)], family[r.IntN(8)],
			fmt.Sprintf("%d-%02d-%02d", 2008+r.IntN(6), 1+r.IntN(12), 2+r.IntN(27)), fmt.Sprintf("2024-%02d-15", 1+i/10)})
	}
	var oneDay []boy // five boys of one rescue registered on one day, all "born 1 January 2010"
	for i := range 5 {
		oneDay = append(oneDay, boy{"Jawad", family[i], "2010-01-01", "2024-05-05"})
	}
	// attack-2026-12-04c finding R1: the new system's export dates every migrated record by the
	// day of the migration.
	migrated := func(bs []boy) []boy {
		out := append([]boy{}, bs...)
		for i := range out {
			out[i].reg = "2024-11-15"
		}
		return out
	}
	// The same dated by the days of a week's import, or by each record's last update (a day
	// of December 2024): no day holds most of them.
	importWeek := func(bs []boy) []boy {
		out := append([]boy{}, bs...)
		for i := range out {
			out[i].reg = fmt.Sprintf("2024-11-%02d", 11+i%7)
		}
		return out
	}
	importDays := func(bs []boy) []boy { // over a weekend
		out := append([]boy{}, bs...)
		for i := range out {
			out[i].reg = fmt.Sprintf("2024-11-%02d", 15+i%3)
		}
		return out
	}
	aroundMigration := func(bs []boy) []boy { // new cases of the migration's week
		out := append([]boy{}, bs...)
		for i := range out {
			out[i].reg = fmt.Sprintf("2024-11-%02d", 12+i%7)
		}
		return out
	}
	undated := func(bs []boy) []boy { // an export that leaves the registration date out
		out := append([]boy{}, bs...)
		for i := range out {
			out[i].reg = ""
		}
		return out
	}
	updated := func(bs []boy) []boy {
		out := append([]boy{}, bs...)
		for i := range out {
			out[i].reg = fmt.Sprintf("2024-12-%02d", 1+r.IntN(28))
		}
		return out
	}
	var others []boy // 40 other boys, births exact
	for range 40 {
		others = append(others, boy{given[r.IntN(8)], family[r.IntN(8)],
			fmt.Sprintf("%d-%02d-%02d", 2006+r.IntN(9), 1+r.IntN(12), 2+r.IntN(27)), fmt.Sprintf("2024-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28))})
	}
	same := func(b boy) string { return b.given + " " + b.family }
	const header = "case_id,full_name,date_of_birth,gender,registration_date,country_of_exploitation,province_of_exploitation,sexual_exploitation\n"
	write := func(dir, file string, ids func(i int) string, bs []boy, name func(boy) string) {
		var b strings.Builder
		h := header
		if name == nil {
			h = strings.Replace(h, "full_name,", "", 1)
		}
		if ids == nil { // no case numbers
			h = strings.Replace(h, "case_id,", "", 1)
		}
		b.WriteString(h)
		for i, x := range bs {
			n := ""
			if name != nil {
				n = name(x) + ","
			}
			if ids != nil {
				n = ids(i) + "," + n
			}
			fmt.Fprintf(&b, "%s%s,male,%s,AF,AF-HER,%v\n", n, x.dob, x.reg, i%3 == 0)
		}
		if err := os.WriteFile(filepath.Join(dir, file), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	oldIDs := func(i int) string { return fmt.Sprint(i + 1) }
	newIDs := func(i int) string { return fmt.Sprintf("HC-%04d", 500+i) }
	key := linkage.Key(strings.Repeat("a test key, not a secret one. ", 2))
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit = 2, 0.5
	cfg.Sources = []ingest.Mapping{{Match: "*", Source: "Org A", Extracted: "2025-01-01"}}
	for _, c := range []struct {
		name     string
		old, new []boy
		newName  func(boy) string // nil: no name column
		newIDs   func(int) string
		key      bool
		refused  bool
		written  int    // when not refused
		pairs    string // when refused: "40 of their records" unless given
		wantText string
		how      string // how the records pair, in the error ("gender, date of birth and registration date" unless given)
		notice   string // the notice of an export registered on one day or a few: "on one day", "within 7 days"
	}{
		{name: "given names transliterated", old: boys, new: boys, newIDs: newIDs, key: true, refused: true,
			newName: func(b boy) string { return translit[b.given] + " " + b.family }},
		{name: "a letter of the family name dropped", old: boys, new: boys, newIDs: newIDs, key: true, refused: true,
			newName: func(b boy) string { return b.given + " " + b.family[:1] + b.family[2:] }},
		{name: "no name column", old: boys, new: boys, newIDs: newIDs, key: true, refused: true},
		{name: "no name column, no key", old: boys, new: boys, newIDs: newIDs, refused: true},
		{name: "transliterated, and 4 new cases", old: boys, new: append(append([]boy{}, boys...), batch[:4]...), newIDs: newIDs, key: true, refused: true,
			newName: func(b boy) string { return translit[b.given] + " " + b.family }},
		{name: "estimated births, transliterated", old: batch[:40], new: batch[:40], newIDs: newIDs, key: true, refused: true,
			newName: func(b boy) string { return translit[b.given] + " " + b.family }},
		{name: "no name column, the new export dated by the migration day", old: boys, new: migrated(append(append([]boy{}, boys...), others[:5]...)),
			newIDs: newIDs, refused: true, how: "gender and exact date of birth"},
		{name: "no name column, the new export dated by a week's import", old: boys, new: importWeek(append(append([]boy{}, boys...), others[:5]...)),
			newIDs: newIDs, refused: true, how: "gender and exact date of birth"},
		{name: "no name column, the new export dated by the last update", old: boys, new: updated(append(append([]boy{}, boys...), others[:5]...)),
			newIDs: newIDs, refused: true, how: "gender and exact date of birth"},
		{name: "no case numbers in the new export, dated by a week's import", old: boys, new: importWeek(boys),
			refused: true, how: "gender and exact date of birth"},
		// Rows without a registration date pair by their births alone (linkage-merge22.md).
		{name: "no name column, no registration dates in the new export", old: boys, new: undated(append(append([]boy{}, boys...), others[:5]...)),
			newIDs: newIDs, refused: true, how: "gender and exact date of birth"},
		{name: "no case numbers, no registration dates in the new export", old: boys, new: undated(boys),
			refused: true, how: "gender and exact date of birth"},
		// not refused
		{name: "other boys without registration dates", old: boys, new: undated(others), newIDs: newIDs, written: 80},
		{name: "two halves of one register, exact births, no registration dates in one", old: batchExact[:40], new: undated(batchExact[40:]), newIDs: newIDs, written: 80},
		{name: "other boys, the new export dated by a week's import", old: boys, new: importWeek(others), newIDs: newIDs, written: 80, notice: "within 7 days"},
		{name: "two halves of one register, exact births, the new export dated by a week's import", old: batchExact[:40], new: importWeek(batchExact[40:]), newIDs: newIDs, written: 80, notice: "within 7 days"},
		{name: "other boys, 8 of them dated by a week's import beside 32", old: boys, new: append(importWeek(others[:8]), others[8:]...), newIDs: newIDs, written: 80},
		{name: "other boys, the new export dated by one day", old: boys, new: migrated(others), newIDs: newIDs, written: 80, notice: "on one day"},
		{name: "two halves of one register, births estimated, registered in batches", old: batch[:40], new: batch[40:], newIDs: newIDs, key: true,
			newName: same, written: 80},
		{name: "two halves of one register, no names", old: batch[:40], new: batch[40:], newIDs: newIDs, written: 80},
		{name: "two snapshots of one register (same numbers)", old: boys[:30], new: boys, newIDs: oldIDs, key: true, newName: same, written: 40},
		// A new system that took over only the open cases (8 of 40) under new numbers, beside
		// its own 32 new cases: the 8 would count twice (linkage-merge19's Noticed).
		{name: "8 of 40 renumbered, 32 new cases", old: boys, new: append(append([]boy{}, boys[:8]...), batch[:32]...), newIDs: newIDs, newName: same, refused: true,
			pairs: "8 of their records", wantText: "took over only some"},
		{name: "8 of 40 renumbered, the new system's export without case numbers", old: boys, new: append(append([]boy{}, boys[:8]...), batch[:32]...), newName: same, refused: true,
			pairs: "8 of their records", wantText: "took over only some"},
		// The same 8 taken over without names and dated by the import (attack-2026-12-04d R9
		// and R10 without names): neither export is nearly all paired, the dates cannot agree.
		{name: "no name column, 8 of 40 taken over and dated by the migration day, 32 new cases", old: boys, new: append(migrated(boys[:8]), others[:32]...), newIDs: newIDs, refused: true,
			pairs: "8 of their records", how: "gender and exact date of birth", wantText: "registered on one day"},
		{name: "no name column, 8 of 40 taken over and dated by a week's import, 32 new cases", old: boys, new: append(importWeek(boys[:8]), others[:32]...), newIDs: newIDs, refused: true,
			pairs: "8 of their records", how: "gender and exact date of birth", wantText: "registered within 7 days"},
		{name: "no case numbers, 8 of 40 taken over and dated over three days, 32 new cases", old: boys, new: append(importDays(boys[:8]), others[:32]...), refused: true,
			pairs: "8 of their records", how: "gender and exact date of birth", wantText: "registered within 3 days"},
		// The span named is the taken over's, not the week's own new cases' (linkage-merge23.md:
		// 100 migrated on one day beside two new ones read "within 6 days").
		{name: "no name column, 30 of 40 taken over on one day, 10 new cases that week", old: boys, new: append(migrated(boys[:30]), aroundMigration(others[:10])...), newIDs: newIDs, refused: true,
			pairs: "30 of their records (registered on one day;", how: "gender and exact date of birth", wantText: "busiest week"},
		{name: "no case numbers in the new export, names transliterated", old: boys, new: boys, key: true, refused: true,
			newName: func(b boy) string { return translit[b.given] + " " + b.family }},
		{name: "5 boys of one day, births estimated", old: oneDay, new: oneDay, newIDs: newIDs, written: 10},
		{name: "two halves of one register, exact births, registered in batches", old: batchExact[:40], new: batchExact[40:], newIDs: newIDs, key: true,
			newName: same, written: 80},
		// A spreadsheet drops a number's leading zeros, lower-cases it or writes "1.0": one
		// number to de-duplication (ingest.FoldCaseID), so not renumbered.
		{name: "two snapshots of one register, numbers zero-padded", old: boys[:30], new: boys, newIDs: func(i int) string { return fmt.Sprintf("%04d", i+1) }, key: true, newName: same, written: 40},
		{name: "two snapshots of one register, numbers with .0", old: boys[:30], new: boys, newIDs: func(i int) string { return fmt.Sprintf("%d.0", i+1) }, newName: same, written: 40},
		{name: "4 of 40 renumbered", old: boys, new: append(append([]boy{}, boys[:4]...), batch[:36]...), newIDs: newIDs, newName: same, written: 80},
		{name: "4 of 40 renumbered, no case numbers", old: boys, new: append(append([]boy{}, boys[:4]...), batch[:36]...), newName: same, written: 80},
	} {
		dir := t.TempDir()
		write(dir, "old_system.csv", oldIDs, c.old, same)
		write(dir, "new_system.csv", c.newIDs, c.new, c.newName)
		opt := pipeline.Options{Out: filepath.Join(dir, "rel"), Now: testNow}
		if c.key {
			opt.Key = key
		}
		ins := []pipeline.Input{{Name: filepath.Join(dir, "old_system.csv")}, {Name: filepath.Join(dir, "new_system.csv")}}
		m, err := pipeline.Run(context.Background(), ins, cfg, opt)
		if !c.refused {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			} else if m.Counts.Written != c.written {
				t.Errorf("%s: %d written, want %d", c.name, m.Counts.Written, c.written)
			} else if text := strings.Join(m.Notices, "\n"); c.notice == "" && strings.Contains(text, "rows with a case number and a registration date are registered") ||
				c.notice != "" && !strings.Contains(text, "40 of its 40 rows with a case number and a registration date are registered "+c.notice) {
				t.Errorf("%s: notices %q, want the registrations %q", c.name, m.Notices, c.notice)
			}
			continue
		}
		if !errors.Is(err, pipeline.ErrSameInput) {
			t.Errorf("%s: %v, want ErrSameInput", c.name, err)
			continue
		}
		pairs := c.pairs
		if pairs == "" {
			pairs = "40 of their records"
		}
		how := "gender, date of birth and registration date"
		if c.how != "" {
			how = c.how
		}
		for _, want := range []string{"old_system.csv", "new_system.csv", pairs, how, "numbered anew", "as case_id", c.wantText} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: %q not in %v", c.name, want, err)
			}
		}
		for _, never := range []string{"Rahimi", "HC-05", "2024-"} {
			if strings.Contains(err.Error(), never) {
				t.Errorf("%s: the error shows a value (%q): %v", c.name, never, err)
			}
		}
		if _, err := os.Stat(filepath.Join(dir, "rel")); err == nil {
			t.Errorf("%s: a release was written", c.name)
		}
	}
}
