package ingest

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"
)

// TestCountryUnknownWords40: "AF" (upper case) read without a copy in lower case, "Uk" in
// title case refused as "No" and "In" are (attack-2026-12-06f F2), "UK" and "U.K." read as
// the United Kingdom.
func TestCountryUnknownWords40(t *testing.T) {
	for _, v := range []string{"Uk", "U.k", "uk", "u.k", "nr", "dk", " Uk "} {
		if c, err := normCountry(v); !errors.Is(err, errCountryAbbrev) {
			t.Errorf("normCountry(%q) = %q, %v; want errCountryAbbrev", v, c, err)
		}
	}
	for v, want := range map[string]string{"UK": "GB", "U.K.": "GB", "AF": "AF", "af": "AF", "NR": "NR", "United Kingdom": "GB"} {
		if c, err := normCountry(v); err != nil || c != want {
			t.Errorf("normCountry(%q) = %q, %v; want %s", v, c, err, want)
		}
	}
	for _, v := range []string{"AF", "af", " IN ", "Afghanistan"} {
		if n := testing.AllocsPerRun(100, func() { _ = unknownCountry(v) }); n > 0 {
			t.Errorf("unknownCountry(%q): %v allocations", v, n)
		}
	}
}

// TestChildGenders40: attack-2026-12-06f F8: "Girl child" was read and "Male child" refused.
func TestChildGenders40(t *testing.T) {
	for v, want := range map[string]string{"Male child": "male", "Boy child": "male", "Female child": "female",
		"Girl child": "female", "male_child": "male"} {
		if g, err := normGender(v); err != nil || g != want {
			t.Errorf("normGender(%q) = %q, %v; want %s", v, g, err, want)
		}
		if !childGender(v) {
			t.Errorf("childGender(%q) = false", v)
		}
	}
}

// TestFindings40: attack-2026-12-06e E3, 06f F3: a check's finding that the person is not a
// victim after the remark's first words, a field's answer with its reason, "post home visit",
// a slip dropping the "i" of "victim" were read with no notice.
func TestFindings40(t *testing.T) {
	out := []string{
		"After a home visit the team found that he is not a victim",
		"Following verification by the AHTU the child was found not to be a victim",
		"The boy was screened out after the second interview with the family",
		"Case closed: investigation found no trafficking, child returned to parents",
		"Not a victim post home visit",
		"Victim? no - runaway",
		"Victim: No, went for work",
		"Not a vctim",
		// a clause starting within the first 80 characters of a long remark
		"Met at the bus station with her aunt on the way to Kabul; after the interview staff found that she is not a victim of trafficking",
	}
	read := []string{
		"Trafficked to Malaysia; police say not a victim",
		"After the visit the team found that her sister is not a victim",
		"He was not screened out after the interview",
		"Not found; the family said he is not a victim",
		"Was found not to be a victim at first but later confirmed as trafficked",
		"Team found that he is not a victim? to check",
		"Victim? no - but later trafficked",
		"Victim? yes - referred to shelter",
		"Victim? no - pending verification",
		"Victim: No, to be confirmed",
		"Victim: no, initial screening",
		"Screened by IOM and found eligible",
		"At the follow-up visit after reintegration the social worker found no trafficking indicators at all",
		"Team found that he is not a victim of forced marriage",
		"Police confirmed no trafficking charges were filed",
		// the finding starts after the first 80 characters of the remark
		"Met at the bus station with her aunt and her two cousins on the way to Kabul by the night bus from Herat, then the team found that she is not a victim",
	}
	remarksOutRead(t, out, read, true)
	for _, v := range []string{"After a home visit the team found that he is not a victim", "Victim? no - runaway", "Not a vctim",
		"Not a victim post home visit"} {
		valid, why, _ := read37(t, "in.csv", csv38("Remarks", v))
		if valid != 30 || why[errRemarkNotVictim.Error()] != 10 {
			t.Errorf("%q: %d written, quarantined %v, want 30 and 10", v, valid, why)
		}
	}
}

// TestKoboTags40: KoboToolbox's "_tags" (["not_victim"], ["exclude"]) were dropped as a column
// mapping onto no field (attack-2026-12-06d D4, 06e): judged as its "_notes" are.
func TestKoboTags40(t *testing.T) {
	if !remarkNamed("_tags") || !remarkNamed("group/_tags") || remarkNamed("tags") {
		t.Errorf("remarkNamed: _tags %v, group/_tags %v, tags %v", remarkNamed("_tags"), remarkNamed("group/_tags"), remarkNamed("tags"))
	}
	for _, tag := range []string{`["not_victim"]`, `["exclude"]`} {
		var b strings.Builder
		for i := 1; i <= 40; i++ {
			tags := `[]`
			if i%4 == 2 {
				tags = tag
			}
			b.WriteString(`{"_id":` + strconv.Itoa(9000+i) + `,"group_child/sex":"male","group_child/age":"` + strconv.Itoa(10+i%8) +
				`","registration_date":"2024-03-0` + strconv.Itoa(1+i%9) + `","country_of_exploitation":"AF","_tags":` + tags + "}\n")
		}
		valid, why, notices := read37(t, "kobo.ndjson", b.String())
		if valid != 30 || len(why) != 1 {
			t.Errorf("_tags %s: %d written, quarantined %v, want 30 and 10 (notices %q)", tag, valid, why, notices)
		}
	}
}

// TestHeldSheets40: attack-2026-12-06e E5, 06f F5: sheets of records held back from the count
// beside "Cases" were read as cases; refused as "Pending" is (sheet_defaults the way out).
func TestHeldSheets40(t *testing.T) {
	for _, s := range []string{"On hold", "Hold", "Held", "Withdrawn", "Under review", "Flagged", "Screened", "On hold list",
		"Held cases", "Withdrawn cases", "Cases under review", "Pending", "Pending cases"} {
		if statusName(s) == "" {
			t.Errorf("sheet %q: not taken for a sheet named for a status", s)
		}
	}
	for _, s := range []string{"Held in shelter", "Screened at border crossing", "Holding centre", "Flagged for follow-up visits",
		"Cases", "Pending court cases", "Screened in"} {
		if w := statusName(s); w != "" {
			t.Errorf("sheet %q: taken for a sheet named for a status (%q)", s, w)
		}
	}
	if !statusSheet("On hold") || !statusSheet("Withdrawn") {
		t.Errorf("statusSheet: On hold %v, Withdrawn %v", statusSheet("On hold"), statusSheet("Withdrawn"))
	}
	// the tester's workbook: "Cases" and a second sheet of other people's rows, no status column
	cases := [][]any{{"case_id", "gender", "age", "registration_date"}, {"C-1", "male", 12, "2024-01-02"}, {"C-2", "male", 14, "2024-02-03"}}
	held := [][]any{{"case_id", "gender", "age", "registration_date"}, {"H-1", "female", 13, "2024-01-02"}, {"H-2", "female", 15, "2024-02-03"}}
	for _, s := range []string{"On hold", "Hold", "Held", "Withdrawn", "Under review", "Flagged", "Screened"} {
		r := NewReader("register.xlsx", bytes.NewReader(buildWorkbook(t, []sheetRows{{"Cases", cases}, {s, held}})))
		r.Now = testNow
		if _, err := readAll38(r); !errors.Is(err, ErrNotCases) || !strings.Contains(err.Error(), "sheet_defaults") {
			t.Errorf("sheet %q beside Cases: %v, want ErrNotCases naming sheet_defaults", s, err)
		}
	}
	r := NewReader("register.xlsx", bytes.NewReader(buildWorkbook(t, []sheetRows{{"Cases", cases}, {"Held in shelter", held}})))
	r.Now = testNow
	if _, err := readAll38(r); err != nil {
		t.Errorf("sheet \"Held in shelter\" beside Cases: %v", err)
	}
}

// TestTotalsWhole40: attack-2026-12-06e E4, 06f F4: a row of totals without its label whose
// count is written "40.0" (a float column's) was read as a 40-year-old man.
func TestTotalsWhole40(t *testing.T) {
	for _, last := range []string{",male,40.0,,,,", ",male,40,,,,"} {
		in := csv38("Remarks", "") + last + "\n"
		r := NewReader("in.csv", strings.NewReader(in))
		r.Now = testNow
		if _, err := readAll38(r); !errors.Is(err, ErrNotCases) {
			t.Errorf("%q: %v, want ErrNotCases", last, err)
		}
	}
	for v, want := range map[string]string{"40.0": "40", "40.00": "40", "40": "40", "4.5": "4.5", ".0": ".0", "40.": "40.", "a.0": "a"} {
		if got := wholeText(v); got != want {
			t.Errorf("wholeText(%q) = %q, want %q", v, got, want)
		}
	}
}
