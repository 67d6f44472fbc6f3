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

// TestFolderCopyRows: a folder of exports without case numbers in which one file's rows all
// occur in another's (a filtered view "boys.csv" cut from the register, as a workbook's "Boys"
// sheet is: attack-2026-12-01 finding 5 for sheets) is refused with ErrSameInput naming both
// when each row is dated, and named in a notice when only gender, age and place say so. A file
// of other people, one holding a row twice where the register has it once, and a short file
// are read without either.
func TestFolderCopyRows(t *testing.T) {
	genders := []string{"female", "male"}
	provinces := []string{"Herat", "Kabul", "Balkh"}
	row := func(i int, dated bool) string {
		when := fmt.Sprintf("2022-%02d-%02d", 1+i%12, 1+i%28)
		if !dated {
			when = "2022"
		}
		return fmt.Sprintf("%s,%d,%s,AF,%s,forced labour", genders[i%2], 8+i%30, when, provinces[i%3])
	}
	header := func(dated bool) string {
		if dated {
			return "gender,age,registration_date,country_of_exploitation,province_of_exploitation,type_of_exploitation\n"
		}
		return "gender,age,year_of_registration,country_of_exploitation,province_of_exploitation,type_of_exploitation\n"
	}
	file := func(dir, name string, dated bool, idx []int) string {
		var b strings.Builder
		b.WriteString(header(dated))
		for _, i := range idx {
			b.WriteString(row(i, dated) + "\n")
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(b.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var all, boys []int
	for i := range 60 {
		all = append(all, i)
		if i%2 == 1 {
			boys = append(boys, i)
		}
	}
	slices.Reverse(boys) // another order: still a copy
	cfg, err := pipeline.ParseConfig("t", []byte("k: 2\n"))
	if err != nil {
		t.Fatal(err)
	}
	run := func(files ...string) ([]string, error) {
		t.Helper()
		var in []pipeline.Input
		for _, p := range files {
			in = append(in, pipeline.Input{Name: p})
		}
		m, err := pipeline.Run(context.Background(), in, cfg, pipeline.Options{Out: filepath.Join(t.TempDir(), "rel"), Now: testNow})
		if err != nil {
			return nil, err
		}
		return m.Notices, nil
	}
	copyNotice := func(notices []string) bool {
		return slices.ContainsFunc(notices, func(n string) bool { return strings.Contains(n, "is also in input") })
	}

	dir := t.TempDir()
	_, err = run(file(dir, "all.csv", true, all), file(dir, "boys.csv", true, boys))
	if !errors.Is(err, pipeline.ErrSameInput) || !strings.Contains(err.Error(), "each of the 30 rows of input 2 ("+filepath.Join(dir, "boys.csv")+") is also in input 1 ("+filepath.Join(dir, "all.csv")+")") {
		t.Errorf("dated filtered copy: %v, want ErrSameInput naming boys.csv and all.csv", err)
	}
	// The view first, the register second: the same.
	if _, err := run(file(dir, "boys.csv", true, boys), file(dir, "all.csv", true, all)); !errors.Is(err, pipeline.ErrSameInput) {
		t.Errorf("dated filtered copy given first: %v, want ErrSameInput", err)
	}

	und := t.TempDir()
	notices, err := run(file(und, "all.csv", false, all), file(und, "boys.csv", false, boys))
	if err != nil || !copyNotice(notices) {
		t.Errorf("undated filtered copy: %v, notices %q: want a run with a notice", err, notices)
	}

	// A near copy (attack-2026-12-01b finding 6's folder side): the boys' view with one row
	// edited since, or one row added (61: no row of all.csv), is refused as the copy is.
	edited := slices.Clone(boys)
	edited[4] = 61
	for name, idx := range map[string][]int{"one row edited": edited, "one row added": append(slices.Clone(boys), 61)} {
		d := t.TempDir()
		_, err := run(file(d, "all.csv", true, all), file(d, "boys.csv", true, idx))
		if !errors.Is(err, pipeline.ErrSameInput) || !strings.Contains(err.Error(), fmt.Sprintf("%d of the %d rows of input 2", len(idx)-1, len(idx))) {
			t.Errorf("%s: %v, want ErrSameInput counting the rows shared", name, err)
		}
	}

	for name, idx := range map[string][]int{
		"other people":   {1, 3, 5, 7, 61, 62, 63, 64, 65, 66}, // 61 and on: no row of all.csv
		"one in ten":     {1, 3, 5, 7, 9, 11, 13, 15, 17, 61, 62},
		"a row twice":    {1, 1, 3, 5},
		"two rows (few)": {1, 3},
	} {
		d := t.TempDir()
		notices, err := run(file(d, "all.csv", true, all), file(d, "more.csv", true, idx))
		if err != nil || copyNotice(notices) {
			t.Errorf("%s: %v, notices %q: want a run without a copy's error or notice", name, err, notices)
		}
	}
}
