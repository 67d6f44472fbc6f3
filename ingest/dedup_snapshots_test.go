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
		"AF-001\u200b": "AF-001", "\ufeff001": "1", "ＡＦ－００１": "AF-001", "００１": "1", "af-001": "AF-001", "c10": "C10"} {
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
