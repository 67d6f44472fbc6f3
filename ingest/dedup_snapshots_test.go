package ingest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestFoldID: case numbers of digits compare without leading zeros or a trailing ".0"
// (attack-2026-12-01c finding 6b); others as they are.
func TestFoldID(t *testing.T) {
	for in, want := range map[string]string{"001": "1", "1": "1", "1.0": "1", "001.00": "1", "000": "0", "0": "0",
		"040": "40", "AF-001": "AF-001", "1.5": "1.5", "1.": "1.", ".0": ".0", "C10": "C10", "10": "10", "1e3": "1E3",
		// attack-2026-12-01d finding 8: a zero-width space, full-width characters, lower case.
		"AF-001\u200b": "AF-001", "\ufeff001": "1", "ＡＦ－００１": "AF-001", "００１": "1", "af-001": "AF-001", "c10": "C10",
		// ing16's note: Persian, Arabic-Indic, Bengali and Devanagari digits are 0-9.
		"۱۲۳": "123", "١٢٣": "123", "০০১২৩": "123", "C-১২": "C-12", "०१": "1", "۱۲۳.۰": "123",
		// ing21's note: Khmer, Thai, Myanmar and Lao digits too (ingest reads ages in them).
		"១២៣": "123", "០០១២៣": "123", "KH-១២": "KH-12", "๑๒๓": "123", "၁၂၃": "123", "໑໒໓": "123"} {
		if got, _ := foldID(in); got != want {
			t.Errorf("foldID(%q) = %q, want %q", in, got, want)
		}
	}
	_, a := foldID("001")
	_, b := foldID("1")
	_, c := foldID("1.0")
	if a == b || b == c || a == c {
		t.Errorf("spellings 001, 1, 1.0: %d %d %d, want three", a, b, c)
	}
}

// snapshot is an export of cases C (numbers as written by number), all boys in province
// prov, registered on reg, without updated_at.
func snapshot(numbers []string, prov, reg string) string {
	var b strings.Builder
	b.WriteString("case_id,gender,province_of_exploitation,country_of_exploitation,registration_date\n")
	for _, n := range numbers {
		fmt.Fprintf(&b, "%s,male,%s,AF,%s\n", n, prov, reg)
	}
	return b.String()
}

// dedupInputs reads the exports through one Deduper, each after StartInput, and returns the
// rows dropped after Resolve and the choices, or Resolve's error.
func dedupInputs(t *testing.T, exports []string, extracted []string) ([]int, []Choice, *Deduper, error) {
	t.Helper()
	d := NewDeduper()
	dropped := map[int]bool{}
	base := 0
	for i, in := range exports {
		var ex time.Time
		if extracted != nil && extracted[i] != "" {
			ex, _ = time.Parse(time.DateOnly, extracted[i])
		}
		d.StartInput(base, fmt.Sprintf("input %d", i+1), ex)
		r := NewReader("x.csv", strings.NewReader(in))
		r.Now, r.BatchSize, r.DefaultSource = testNow, 7, "Herat centre"
		for _, row := range dedupReader(t, d, r, &base) {
			dropped[row] = true
		}
		for _, row := range d.EndInput(func(r int) bool { return dropped[r] }) {
			dropped[row] = true
		}
		if len(r.Rejected()) > 0 {
			t.Fatalf("rejected: %v", r.Rejected())
		}
	}
	choices, err := d.Resolve(func(r int) bool { return dropped[r] }, func(int) bool { return true },
		func(r int) { delete(dropped, r) }, func(r int) { dropped[r] = true })
	var out []int
	for r := range dropped {
		out = append(out, r)
	}
	slices.Sort(out)
	return out, choices, d, err
}

func seq(from, n int) []int {
	var out []int
	for i := range n {
		out = append(out, from+i)
	}
	return out
}

func numbers(n int, format string) []string {
	var out []string
	for i := 1; i <= n; i++ {
		out = append(out, fmt.Sprintf(format, i))
	}
	return out
}

// TestDeduperSnapshots (attack-2026-12-01c finding 6): two snapshots of one register without
// updated_at keep the later export's records whichever is read first: by the extracted: dates,
// else by the latest registration date each holds; when neither tells and the records differ,
// the run is refused.
func TestDeduperSnapshots(t *testing.T) {
	ids := numbers(40, "C%d")
	jan := snapshot(ids, "AF-HER", "2023-12-20")
	mar := snapshot(ids, "AF-KHO", "2023-12-20") // the provinces corrected in March
	// The March export read first (its name sorts first, 02-03-2024 before 15-01-2024).
	marNew := mar + "C99,male,AF-KHO,AF,2024-02-20\n" // and a case registered since January
	for _, c := range []struct {
		name      string
		exports   []string
		extracted []string
		dropped   []int
		err       bool
	}{
		{"extracted, March read first", []string{mar, jan}, []string{"2024-03-02", "2024-01-15"}, seq(40, 40), false},
		{"extracted, January read first", []string{jan, mar}, []string{"2024-01-15", "2024-03-02"}, seq(0, 40), false},
		{"registration dates, March read first", []string{marNew, jan}, nil, seq(41, 40), false},
		{"registration dates, January read first", []string{jan, marNew}, nil, seq(0, 40), false},
		{"one extracted for both, registration dates tell", []string{marNew, jan}, []string{"2024-03-02", "2024-03-02"}, seq(41, 40), false},
		{"nothing tells, records differ", []string{mar, jan}, nil, nil, true},
		{"nothing tells, records alike", []string{jan, jan}, nil, seq(0, 40), false},
	} {
		dropped, choices, _, err := dedupInputs(t, c.exports, c.extracted)
		if c.err {
			if !errors.Is(err, ErrUndatedSnapshots) || !strings.Contains(err.Error(), "input 1 and input 2") {
				t.Errorf("%s: %v, want ErrUndatedSnapshots naming both inputs", c.name, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !slices.Equal(dropped, c.dropped) {
			t.Errorf("%s: dropped %v, want %v", c.name, dropped, c.dropped)
		}
		if c.name != "nothing tells, records alike" && (len(choices) != 1 || choices[0].Records != 40) {
			t.Errorf("%s: choices %+v", c.name, choices)
		}
	}
}

// TestDeduperLeadingZeros (attack-2026-12-01c finding 6b): 001-040 in one export and 1-40 (a
// spreadsheet's) or 1.0-40.0 (pandas') in another of the same source are the same 40 cases,
// counted in Refolded; so are AF-001 and af-001, ＡＦ－００１ or AF-001 with a zero-width space.
func TestDeduperLeadingZeros(t *testing.T) {
	for _, format := range []string{"%d", "%d.0"} {
		jan := snapshot(numbers(40, "%03d"), "AF-HER", "2023-12-20")
		mar := snapshot(numbers(40, format), "AF-HER", "2024-02-20")
		dropped, _, d, err := dedupInputs(t, []string{jan, mar}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(dropped, seq(0, 40)) || d.Refolded() != 40 {
			t.Errorf("%s: dropped %v, refolded %d: want the first 40, 40", format, dropped, d.Refolded())
		}
	}
	// attack-2026-12-01d finding 8: re-exported with a zero-width space, in full-width
	// characters, in lower case.
	fullWidth := func(ns []string) []string {
		for i, n := range ns {
			ns[i] = strings.Map(func(r rune) rune {
				if r > ' ' && r < 0x7f {
					return r - '!' + '\uff01'
				}
				return r
			}, n)
		}
		return ns
	}
	for name, again := range map[string][]string{"zero-width space": numbers(40, "AF-%03d\u200b"),
		"full-width": fullWidth(numbers(40, "AF-%03d")), "lower case": numbers(40, "af-%03d")} {
		jan := snapshot(numbers(40, "AF-%03d"), "AF-HER", "2023-12-20")
		mar := snapshot(again, "AF-HER", "2024-02-20")
		dropped, _, d, err := dedupInputs(t, []string{jan, mar}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(dropped, seq(0, 40)) || d.Refolded() != 40 {
			t.Errorf("%s: dropped %v, refolded %d: want the first 40, 40", name, dropped, d.Refolded())
		}
	}
	// The same spelling twice: merged, not counted.
	in := snapshot(numbers(5, "%03d"), "AF-HER", "2023-12-20")
	if _, _, d, _ := dedupInputs(t, []string{in, in}, nil); d.Refolded() != 0 {
		t.Errorf("refolded %d for one spelling", d.Refolded())
	}
}

// register is an export of cases C1..Cn: boys aged 8 + i%10 registered in 2024 (month i%12+1),
// with the changes given by case number ("C4": "female,11"), and the cases extra after them.
func register(n int, changes map[string]string, extra ...string) string {
	return registerFrom(1, n, changes, extra...)
}

// registerFrom is register of cases Cfrom..Cto.
func registerFrom(from, to int, changes map[string]string, extra ...string) string {
	var b strings.Builder
	b.WriteString("case_id,gender,age,registration_date,province_of_exploitation,country_of_exploitation\n")
	for i := from; i <= to; i++ {
		id, ga := fmt.Sprintf("C%d", i), fmt.Sprintf("male,%d", 8+i%10)
		if c, ok := changes[id]; ok {
			ga = c
		}
		fmt.Fprintf(&b, "%s,%s,2024-%02d-10,AF-HER,AF\n", id, ga, i%12+1)
	}
	for _, e := range extra {
		b.WriteString(e + "\n")
	}
	return b.String()
}

// TestDeduperCorrections (attack-2026-12-02f finding 5): a later export of one register whose
// record of a case gives another gender (a correction after a first interview) keeps the later
// record, counted once as a duplicate and in Corrected, whichever export is read first; not when
// the exports share few numbers, nor when the age differs too (another person, even at one
// registration date, where an age alone corrects). A guardian list
// under the cases' numbers (finding 3) is reported by OtherPeople.
func TestDeduperCorrections(t *testing.T) {
	jan := register(40, nil)
	later := "C99,male,12,2025-01-20,AF-HER,AF" // registered since January: the February export is the later
	feb := register(40, map[string]string{"C4": "female,12", "C11": "female,9", "C6": "male,15"}, later)
	for _, c := range []struct {
		name      string
		exports   []string
		dropped   []int
		corrected int
		conflicts int
	}{
		// C6's age corrected by one year merges as before; C4 and C11 are corrections: January's rows 3 and 10 drop.
		{"January read first", []string{jan, feb}, seq(0, 40), 2, 0},
		{"February read first", []string{feb, jan}, seq(41, 40), 2, 0},
		// Another gender and an age that cannot be the same child's: two people, as before.
		{"gender and age differ", []string{jan, register(40, map[string]string{"C4": "female,16"}, later)},
			append(seq(0, 3), seq(4, 36)...), 0, 1},
		// Ten shared numbers of 40: numbers reused, not a later export.
		{"few numbers shared", []string{jan, registerFrom(31, 70, map[string]string{"C34": "female,12"}, later)},
			append(seq(30, 3), seq(34, 6)...), 0, 1},
	} {
		dropped, _, d, err := dedupInputs(t, c.exports, nil)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !slices.Equal(dropped, c.dropped) {
			t.Errorf("%s: dropped %v, want %v", c.name, dropped, c.dropped)
		}
		if got := d.Corrected(); got.Records != c.corrected || got.Gender != c.corrected {
			t.Errorf("%s: corrected %+v, want %d in gender", c.name, got, c.corrected)
		}
		if d.Conflicts() != c.conflicts || len(d.Reuses()) != c.conflicts {
			t.Errorf("%s: conflicts %d, reuses %d, want %d", c.name, d.Conflicts(), len(d.Reuses()), c.conflicts)
		}
		if err := d.OtherPeople(); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}

	// The cases' mothers under the cases' numbers.
	var guardians strings.Builder
	guardians.WriteString("case_id,gender,age\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&guardians, "C%d,female,%d\n", i, 28+i%20)
	}
	_, _, d, err := dedupInputs(t, []string{jan, guardians.String()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.OtherPeople(); !errors.Is(err, ErrOtherPeople) || !strings.Contains(err.Error(), "input 1 and input 2: 40 records") {
		t.Errorf("guardian list: %v, want ErrOtherPeople naming both inputs", err)
	}
	if d.Corrected().Records != 0 {
		t.Errorf("guardian list: corrected %+v", d.Corrected())
	}

	// Two shelters' exports whose numbers both run C1-C40, other children: one in five agrees in
	// gender and age by chance (8 here) and merged silently beside a notice; refused naming
	// case_id_scope: file.
	var other strings.Builder
	other.WriteString("case_id,gender,age,registration_date,province_of_exploitation,country_of_exploitation\n")
	for i := 1; i <= 40; i++ {
		g, age := "female", 6+(i*7)%11
		if i%5 == 0 {
			g, age = "male", 8+i%10 // as jan's: gender and age fit
		}
		fmt.Fprintf(&other, "C%d,%s,%d,2024-06-%02d,AF-HER,AF\n", i, g, age, 1+i%28)
	}
	_, _, d, err = dedupInputs(t, []string{jan, other.String()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.OtherPeople(); !errors.Is(err, ErrOtherPeople) || !strings.Contains(err.Error(), "case_id_scope: file") {
		t.Errorf("numbers restarting per file, some agreeing by chance: %v (conflicts %d), want ErrOtherPeople naming case_id_scope: file", err, d.Conflicts())
	}
}

// TestDeduperBothCorrected (attack-2026-12-03a finding 8): a later export of one register whose
// record of a case gives both another gender and another date of birth was counted as a second
// child (46 cases for 45). The same registration date and years of birth that meet make it the
// case corrected (Corrected.Both), whichever export is read first; a date of birth years apart,
// or another registration date, with another gender stays another child.
func TestDeduperBothCorrected(t *testing.T) {
	reg := func(changes map[string]string, extra ...string) string {
		var b strings.Builder
		b.WriteString("case_id,gender,date_of_birth,registration_date,province_of_exploitation,country_of_exploitation\n")
		for i := 1; i <= 40; i++ {
			id := fmt.Sprintf("C%d", i)
			v := fmt.Sprintf("male,2012-%02d-15,2024-%02d-10", (i*5)%12+1, i%12+1)
			if c, ok := changes[id]; ok {
				v = c
			}
			fmt.Fprintf(&b, "%s,%s,AF-HER,AF\n", id, v)
		}
		for _, e := range extra {
			b.WriteString(e + "\n")
		}
		return b.String()
	}
	jan := reg(nil)
	feb := reg(map[string]string{
		"C4":  "female,2012-03-02,2024-05-10", // both corrected (was male, 2012-09-15): one child
		"C7":  "male,2012-01-01,2024-08-10",   // date of birth alone (was 2012-12-15)
		"C9":  "female,2012-10-15,2024-10-10", // gender alone
		"C12": "female,2016-02-01,2024-01-10", // another gender, born four years later: another child
		"C15": "female,2012-05-15,2024-03-11", // another gender and another registration date
	}, "C99,male,2013-01-01,2025-01-20,AF-HER,AF") // registered since January: February's is the later export
	for _, c := range []struct {
		name    string
		exports []string
		dropped []int
	}{
		{"January read first", []string{jan, feb}, slices.DeleteFunc(seq(0, 40), func(r int) bool { return r == 11 || r == 14 })},
		{"February read first", []string{feb, jan}, slices.DeleteFunc(seq(41, 40), func(r int) bool { return r == 52 || r == 55 })},
	} {
		dropped, _, d, err := dedupInputs(t, c.exports, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !slices.Equal(dropped, c.dropped) {
			t.Errorf("%s: dropped %v, want %v", c.name, dropped, c.dropped)
		}
		if got, want := d.Corrected(), (Corrected{Records: 3, Gender: 2, DateOfBirth: 2, Both: 1}); got != want {
			t.Errorf("%s: corrected %+v, want %+v", c.name, got, want)
		}
		if d.Conflicts() != 2 || len(d.Reuses()) != 2 {
			t.Errorf("%s: conflicts %d, reuses %d, want 2 (C12, C15)", c.name, d.Conflicts(), len(d.Reuses()))
		}
	}
}

// TestDeduperEasternDigits (ing16's note): a case number in Persian digits ("۱۲۳") and the same
// number in 0-9 ("123", another export's) are one case, counted in Refolded.
func TestDeduperEasternDigits(t *testing.T) {
	d := NewDeduper()
	losers := dedupAll(t, d, "case_id,gender,age,registration_date,country_of_exploitation\n"+
		"۱۲۳,male,12,2024-01-05,AF\n١٢٤,female,9,2024-01-06,AF\n123,male,12,2024-01-05,AF\n124,female,9,2024-01-06,AF\n125,female,9,2024-01-06,AF\n")
	if !slices.Equal(losers, []int{0, 1}) || d.Refolded() != 2 {
		t.Errorf("losers %v, refolded %d, want [0 1] and 2", losers, d.Refolded())
	}
	d = NewDeduper()
	losers = dedupAll(t, d, "case_id,gender,age,registration_date,country_of_exploitation\n"+
		"១២៣,male,12,2024-01-05,KH\n๑๒๔,female,9,2024-01-06,TH\n၁၂၅,female,9,2024-01-06,MM\n123,male,12,2024-01-05,KH\n124,female,9,2024-01-06,TH\n125,female,9,2024-01-06,MM\n")
	if !slices.Equal(losers, []int{0, 1, 2}) || d.Refolded() != 3 {
		t.Errorf("Khmer, Thai, Myanmar: losers %v, refolded %d, want [0 1 2] and 3", losers, d.Refolded())
	}
}
