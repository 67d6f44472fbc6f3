package ingest

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// shelter is an export of cases 1..n of one organisation: gender(i), age(i) ("" for an export
// without an age column), registered in year, in province, in form ("forced labour",
// "sexual exploitation").
func shelter(n int, gender func(int) string, age func(int) string, year int, province func(int) string, form func(int) string) string {
	return shelterOn(n, gender, age, year, province, form, func(i int) int { return i })
}

// shelterOn is shelter with case i registered on the day that day(i) numbers (1+d%12, 1+d%28).
func shelterOn(n int, gender func(int) string, age func(int) string, year int, province func(int) string, form func(int) string, day func(int) int) string {
	var b strings.Builder
	b.WriteString("case_id,gender,registration_date,province_of_exploitation,country_of_exploitation,type_of_exploitation")
	if age != nil {
		b.WriteString(",age")
	}
	b.WriteString("\n")
	for i := 1; i <= n; i++ {
		d := day(i)
		fmt.Fprintf(&b, "%d,%s,%d-%02d-%02d,%s,AF,%s", i, gender(i), year, 1+d%12, 1+d%28, province(i), form(i))
		if age != nil {
			b.WriteString("," + age(i))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func all(v string) func(int) string { return func(int) string { return v } }

// TestDeduperStrangeMerges reviews the coordinator's rule of session w (attack-2026-12-03b
// finding 1): records merged across two exports under one number that differ in registration
// year or province (session x, 03c finding 2; was: year, province and form all three), most of
// the pair's merges, are refused as other people,
// unless the merges show the same people: a re-export whose cases were transferred to another
// province, re-registered there the next year and their form re-assessed, with ages in both
// that meet (or, without an age column, both genders agreeing where other numbers' records
// disagree by chance), is one register's cases, merged. TestDeduperReExports has more.
func TestDeduperStrangeMerges(t *testing.T) {
	boys := all("male")
	mixed := func(i int) string {
		if i%2 == 0 {
			return "female"
		}
		return "male"
	}
	age := func(shift int) func(int) string {
		return func(i int) string { return fmt.Sprint(9 + (i*7)%9 + shift) }
	}
	// Cases 1-30 transferred to Khost, re-registered in 2024, their form re-assessed; 31-40 as they were.
	moved := func(from, to string) func(int) string {
		return func(i int) string {
			if i <= 30 {
				return to
			}
			return from
		}
	}
	jan := shelter(40, mixed, age(0), 2023, all("AF-HER"), all("forced labour"))
	for _, c := range []struct {
		name    string
		exports []string
		refused bool
		dropped int
	}{
		// Finding 1: two shelters' 40 boys under numbers 1-40, the later export without ages.
		{"two shelters, one without ages", []string{shelter(40, boys, age(0), 2023, all("AF-HER"), all("forced labour")),
			shelter(40, boys, nil, 2024, all("AF-KHO"), all("sexual exploitation"))}, true, 0},
		// attack-2026-12-03c finding 2: both shelters take boys from forced labour: only the
		// province differs, or only the year (both in Herat).
		{"two shelters, one form, province only", []string{shelter(40, boys, age(0), 2024, all("AF-HER"), all("forced labour")),
			shelter(40, boys, nil, 2024, all("AF-KHO"), all("forced labour"))}, true, 0},
		{"two shelters, one province and form, year only", []string{shelter(40, boys, age(0), 2023, all("AF-HER"), all("forced labour")),
			shelter(40, boys, nil, 2024, all("AF-HER"), all("forced labour"))}, true, 0},
		// attack-2026-12-03d finding 1: two shelters of one province, year and form, no ages: the
		// registration dates differ (a case exported again keeps its own).
		{"two shelters, one province, year and form, dates only", []string{shelter(40, boys, nil, 2024, all("AF-HER"), all("forced labour")),
			shelterOn(40, boys, nil, 2024, all("AF-HER"), all("forced labour"), func(i int) int { return 7 * i })}, true, 0},
		// The same shelter's boys exported again a year on without ages, dates unchanged: merged.
		{"re-export without ages, same dates", []string{shelter(40, boys, age(0), 2024, all("AF-HER"), all("forced labour")),
			shelter(40, boys, nil, 2024, all("AF-HER"), all("forced labour"))}, false, 40},
		// The same with ages in both, teenagers (whose ages meet by chance most often): refused.
		{"two shelters of teenagers, ages in both", []string{shelter(40, boys, func(i int) string { return fmt.Sprint(14 + i%4) }, 2023, all("AF-HER"), all("forced labour")),
			shelter(40, boys, func(i int) string { return fmt.Sprint(14 + (i*3)%4) }, 2024, all("AF-KHO"), all("sexual exploitation"))}, true, 0},
		// A re-export a year later: 30 of 40 cases transferred, re-registered and re-assessed; the ages a year on.
		{"re-export with transfers, ages in both", []string{jan,
			shelter(40, mixed, age(1), 2024, moved("AF-HER", "AF-KHO"), moved("forced labour", "sexual exploitation"))}, false, 40},
		{"re-export with transfers, without ages, both genders", []string{jan,
			shelter(40, mixed, nil, 2024, moved("AF-HER", "AF-KHO"), moved("forced labour", "sexual exploitation"))}, false, 40},
		// attack-2026-12-03d's low: a second shelter of 6 boys, numbers restarting, one province
		// and year: 4 whose ages meet the first shelter's boys' were merged, each under another
		// registration date.
		{"a second shelter of six, four ages meeting", []string{shelter(40, boys, age(0), 2024, all("AF-HER"), all("forced labour")),
			shelterOn(6, boys, func(i int) string {
				if i <= 4 {
					return age(0)(i)
				}
				return age(5)(i)
			}, 2024, all("AF-HER"), all("forced labour"), func(i int) int { return 7 * i })}, true, 0},
		// The first 6 cases exported again, dates unchanged: merged.
		{"six cases exported again", []string{shelter(40, boys, age(0), 2024, all("AF-HER"), all("forced labour")),
			shelter(6, boys, age(0), 2024, all("AF-HER"), all("forced labour"))}, false, 6},
	} {
		dropped, _, d, err := dedupInputs(t, c.exports, []string{"2024-01-01", "2025-01-01"})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		err = d.OtherPeople()
		if c.refused {
			if !errors.Is(err, ErrOtherPeople) || !strings.Contains(err.Error(), "input 1 and input 2") || !strings.Contains(err.Error(), "case_id_scope: file") {
				t.Errorf("%s: %v, want ErrOtherPeople naming both inputs and case_id_scope: file", c.name, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v, want the cases merged", c.name, err)
		}
		if len(dropped) != c.dropped {
			t.Errorf("%s: %d dropped, want %d", c.name, len(dropped), c.dropped)
		}
	}
}

// dedupSheets reads one input whose sheets are the CSVs sheets (named S1, S2, ...), each after
// StartSheet, and returns the Deduper after EndInput.
func dedupSheets(t *testing.T, sheets ...string) (*Deduper, int) {
	t.Helper()
	d := NewDeduper()
	d.StartInput(0, "shelters.xlsx", testNow)
	base, dropped := 0, 0
	for i, sh := range sheets {
		d.StartSheet(base, fmt.Sprintf("S%d", i+1))
		r := NewReader("x.csv", strings.NewReader(sh))
		r.Now, r.BatchSize, r.DefaultSource = testNow, 7, "Herat centre"
		dropped += len(dedupReader(t, d, r, &base))
		if len(r.Rejected()) > 0 {
			t.Fatalf("rejected: %v", r.Rejected())
		}
	}
	dropped += len(d.EndInput(func(int) bool { return false }))
	return d, dropped
}

// TestDeduperSheetNumbers (attack-2026-12-03b's low): a workbook with a sheet per shelter whose
// numbers restart (Herat 30, Khost 20, Nangarhar 15 boys, numbers 1..n), without case_id_scope:
// sheet, had 12 of 65 boys merged with a notice only, where two files in that state are
// refused: the same evidence across sheets refuses it, naming case_id_scope: sheet. A workbook
// of one numbering whose sheets share cases (a sheet per year, a case carried over) merges them.
func TestDeduperSheetNumbers(t *testing.T) {
	boys := all("male")
	herat := shelter(30, boys, func(i int) string { return fmt.Sprint(9 + (i*7)%9) }, 2023, all("AF-HER"), all("forced labour"))
	khost := shelter(20, boys, func(i int) string { return fmt.Sprint(9 + (i*5+3)%9) }, 2024, all("AF-KHO"), all("forced labour"))
	nangarhar := shelter(15, boys, func(i int) string { return fmt.Sprint(9 + (i*4+1)%9) }, 2024, all("AF-NAN"), all("forced labour"))
	d, dropped := dedupSheets(t, herat, khost, nangarhar)
	if err := d.OtherPeople(); !errors.Is(err, ErrSheetNumbers) || !strings.Contains(err.Error(), `shelters.xlsx, sheets "S1" and "S2"`) ||
		!strings.Contains(err.Error(), "case_id_scope: sheet") {
		t.Errorf("a sheet per shelter: %v (%d merged), want ErrSheetNumbers naming the sheets and case_id_scope: sheet", err, dropped)
	}
	// Finding 1's layout in sheets: the second sheet without ages, every merge differing in year and province.
	d, _ = dedupSheets(t, shelter(20, boys, func(i int) string { return fmt.Sprint(9 + i%9) }, 2023, all("AF-HER"), all("forced labour")),
		shelter(20, boys, nil, 2024, all("AF-KHO"), all("sexual exploitation")))
	if err := d.OtherPeople(); !errors.Is(err, ErrSheetNumbers) || !strings.Contains(err.Error(), "registration date or province") {
		t.Errorf("sheets without ages: %v, want ErrSheetNumbers", err)
	}
	// One numbering: 2023's sheet holds cases 1-30, 2024's cases 1-10 again (carried over,
	// their records alike but the province of two) and 31-50.
	var y24 strings.Builder
	y24.WriteString("case_id,gender,registration_date,province_of_exploitation,country_of_exploitation,type_of_exploitation,age\n")
	for i := 1; i <= 50; i++ {
		if i > 10 && i <= 30 {
			continue
		}
		prov := "AF-HER"
		if i <= 2 {
			prov = "AF-KHO"
		}
		fmt.Fprintf(&y24, "%d,male,%d-%02d-%02d,%s,AF,forced labour,%d\n", i, 2023+min(i/31, 1), 1+i%12, 1+i%28, prov, 9+(i*7)%9)
	}
	d, dropped = dedupSheets(t, herat, y24.String())
	if err := d.OtherPeople(); err != nil || dropped != 10 {
		t.Errorf("one numbering across sheets: %v, %d merged, want 10", err, dropped)
	}
}
