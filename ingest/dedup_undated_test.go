package ingest

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestDeduperUndatedAges: restarting case numbers where one export gives no registration date
// (or gives it under a header the run does not know) merged two shelters' boys whatever their
// ages, a boy of 9 with one of 17 (attack-2026-12-03e finding 1: 80 -> 40); and two shelters
// registering one raid's children on the same day merged every pair, ages of one registration
// date being taken for corrections. The exports' extracted: dates bound the years an age may
// have moved by; re-exports of one register, the ages at registration or the current ages,
// still merge.
func TestDeduperUndatedAges(t *testing.T) {
	draw := func(salt, i, n int) int {
		return int(rand.New(rand.NewPCG(uint64(salt), uint64(i))).Uint32() % uint32(n))
	}
	dated := func(i int) string { return fmt.Sprintf("2024-%02d-%02d", 1+draw(9, i, 12), 1+draw(8, i, 28)) }
	boys := func(lo, hi, salt int, reg func(int) string) func(int) caseRow {
		return func(i int) caseRow {
			return caseRow{"male", reg(i), "AF", "Herat", "forced labour", fmt.Sprint(lo + draw(salt, i, hi-lo+1))}
		}
	}
	none := func(int) string { return "" }
	raidDay := func(int) string { return "2024-03-12" }
	// the current age on 2026-02-01 of shelter A's boy i (registered dated(i) at age ageA(i))
	current := func(ageA func(int) int, i int) string {
		reg, _ := time.Parse(time.DateOnly, dated(i))
		born := reg.AddDate(-ageA(i), 0, -draw(7, i, 365))
		return fmt.Sprint(int(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC).Sub(born).Hours() / 24 / 365.25))
	}
	ageA := func(i int) int { return 9 + draw(1, i, 9) }
	// registered over 2021-2024; currentOf: the age on 2026-02-01 of a boy registered reg(i) at ageA(i)
	years := func(i int) string {
		return fmt.Sprintf("%d-%02d-%02d", 2021+draw(10, i, 4), 1+draw(9, i, 12), 1+draw(8, i, 28))
	}
	currentOf := func(reg func(int) string, ageA func(int) int, i int) string {
		r, _ := time.Parse(time.DateOnly, reg(i))
		born := r.AddDate(-ageA(i), 0, -draw(7, i, 365))
		return fmt.Sprint(int(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC).Sub(born).Hours() / 24 / 365.25))
	}
	// The age an export taken on day x shows of boy i (registered years(i) at ageA(i)): a
	// Primero export without the date of birth gives the age that day where the case has a
	// date of birth (its nightly job recomputes it) and the age as entered, at registration,
	// where the age was estimated (every other case here); frozen: a system that stops a
	// case's age when the case is closed (3-24 months after registration, three in five).
	ageOn := func(i int, x string) int {
		a, _ := strconv.Atoi(currentOf(years, ageA, i))
		d, _ := time.Parse(time.DateOnly, x)
		return a - int(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC).Sub(d).Hours()/24/365.25+0.5)
	}
	primero := func(x string) func(int) caseRow {
		return func(i int) caseRow {
			a := ageOn(i, x)
			if draw(14, i, 2) == 0 {
				a = ageA(i)
			}
			return caseRow{"male", "", "AF", "Herat", "forced labour", fmt.Sprint(a)}
		}
	}
	frozen := func(x string) func(int) caseRow {
		return func(i int) caseRow {
			r, _ := time.Parse(time.DateOnly, years(i))
			shut := r.AddDate(0, 3+draw(12, i, 22), 0)
			a := ageOn(i, x)
			if draw(11, i, 5) < 3 && shut.Format(time.DateOnly) < x {
				a = ageA(i) + int(shut.Sub(r).Hours()/24/365.25)
			}
			return caseRow{"male", "", "AF", "Herat", "forced labour", fmt.Sprint(a)}
		}
	}
	shelterOver4 := export(40, true, func(i int) caseRow {
		return caseRow{"male", years(i), "AF", "Herat", "forced labour", fmt.Sprint(ageA(i))}
	})
	shelterA := export(40, true, func(i int) caseRow {
		return caseRow{"male", dated(i), "AF", "Herat", "forced labour", fmt.Sprint(ageA(i))}
	})
	for _, c := range []struct {
		name      string
		exports   []string
		extracted []string
		refused   bool // else every record of the earlier export merged
	}{
		{"second shelter undated, boys of 14-17", []string{
			export(40, true, boys(14, 17, 1, dated)), export(40, true, boys(14, 17, 2, none))},
			[]string{"2025-01-01", "2025-02-01"}, true},
		{"second shelter undated, boys of 9-17", []string{shelterA, export(40, true, boys(9, 17, 2, none))},
			[]string{"2025-01-01", "2025-02-01"}, true},
		{"first shelter undated, boys of 9-17", []string{export(40, true, boys(9, 17, 2, none)), shelterA},
			[]string{"2025-02-01", "2025-01-01"}, true},
		{"one raid's day in both, boys of 9-17", []string{
			export(40, true, boys(9, 17, 1, raidDay)), export(40, true, boys(9, 17, 2, raidDay))},
			[]string{"2025-01-01", "2025-02-01"}, true},
		// attack-2026-12-03f: without extracted: dates nothing bounded the undated ages (80 -> 40).
		{"second shelter undated, boys of 14-17, no export dates", []string{
			export(40, true, boys(14, 17, 1, dated)), export(40, true, boys(14, 17, 2, none))}, nil, true},
		{"second shelter undated, boys of 9-17, no export dates", []string{shelterA, export(40, true, boys(9, 17, 2, none))}, nil, true},
		{"first shelter undated, boys of 9-17, no export dates", []string{export(40, true, boys(9, 17, 2, none)), shelterA}, nil, true},
		{"both shelters undated, boys of 9-17", []string{
			export(40, true, boys(9, 17, 1, none)), export(40, true, boys(9, 17, 2, none))}, nil, true},
		{"both shelters undated, boys of 14-17", []string{
			export(40, true, boys(14, 17, 1, none)), export(40, true, boys(14, 17, 2, none))}, nil, true},
		{"second shelter registered over four years, first undated", []string{
			export(40, true, boys(9, 17, 2, none)), export(40, true, boys(9, 17, 1, years))}, nil, true},
		{"re-export undated, the ages at registration", []string{shelterA,
			export(40, true, func(i int) caseRow { return caseRow{"male", "", "AF", "Herat", "forced labour", fmt.Sprint(ageA(i))} })},
			[]string{"2025-01-01", "2025-02-01"}, false},
		{"re-export undated, the current ages two years on", []string{shelterA,
			export(40, true, func(i int) caseRow { return caseRow{"male", "", "AF", "Herat", "forced labour", current(ageA, i)} })},
			[]string{"2025-01-01", "2026-02-01"}, false},
		{"re-export undated, the current ages, no export dates", []string{shelterA,
			export(40, true, func(i int) caseRow { return caseRow{"male", "", "AF", "Herat", "forced labour", current(ageA, i)} })},
			nil, false},
		{"re-export dated, the current ages two years on", []string{shelterA,
			export(40, true, func(i int) caseRow {
				return caseRow{"male", dated(i), "AF", "Herat", "forced labour", current(ageA, i)}
			})},
			[]string{"2025-01-01", "2026-02-01"}, false},
		{"re-export undated, the ages at registration, no export dates", []string{shelterOver4,
			export(40, true, func(i int) caseRow { return caseRow{"male", "", "AF", "Herat", "forced labour", fmt.Sprint(ageA(i))} })},
			nil, false},
		{"re-export undated, the current ages of four years' registrations, no export dates", []string{shelterOver4,
			export(40, true, func(i int) caseRow {
				return caseRow{"male", "", "AF", "Herat", "forced labour", currentOf(years, ageA, i)}
			})},
			nil, false},
		{"undated first, a dated re-export of its ages at registration, no export dates", []string{
			export(40, true, func(i int) caseRow { return caseRow{"male", "", "AF", "Herat", "forced labour", fmt.Sprint(ageA(i))} }),
			shelterOver4}, nil, false},
		{"two undated exports, the current ages a year apart, 5 ages corrected", []string{
			export(40, true, func(i int) caseRow {
				return caseRow{"male", "", "AF", "Herat", "forced labour", currentOf(years, ageA, i)}
			}),
			export(40, true, func(i int) caseRow {
				a, _ := strconv.Atoi(currentOf(years, ageA, i))
				a += 1 - draw(5, i, 4)/3 // a year on: a year older, or (a birthday not yet come) the same
				if i%8 == 5 {
					a += 4
				}
				return caseRow{"male", "", "AF", "Herat", "forced labour", fmt.Sprint(a)}
			})}, nil, false},
		{"two undated exports, the same ages", []string{
			export(40, true, func(i int) caseRow { return caseRow{"male", "", "AF", "Herat", "forced labour", fmt.Sprint(ageA(i))} }),
			export(40, true, func(i int) caseRow { return caseRow{"male", "", "AF", "Herat", "forced labour", fmt.Sprint(ageA(i))} })},
			nil, false},
		// linkage-merge17's note: ages of two kinds in one export.
		{"Primero without dates of birth, two undated exports two years apart", []string{
			export(40, true, primero("2024-02-01")), export(40, true, primero("2026-02-01"))}, nil, false},
		{"Primero without dates of birth, two undated exports two years apart, export dates", []string{
			export(40, true, primero("2024-02-01")), export(40, true, primero("2026-02-01"))},
			[]string{"2024-02-01", "2026-02-01"}, false},
		{"a dated export, then Primero's undated one, no export dates", []string{shelterOver4,
			export(40, true, primero("2026-02-01"))}, nil, false},
		{"ages frozen at closure, two undated exports two years apart", []string{
			export(40, true, frozen("2024-02-01")), export(40, true, frozen("2026-02-01"))}, nil, false},
		{"re-export on one raid's day, 6 ages corrected by 3 years", []string{
			export(40, true, func(i int) caseRow {
				return caseRow{"male", raidDay(i), "AF", "Herat", "forced labour", fmt.Sprint(ageA(i))}
			}),
			export(40, true, func(i int) caseRow {
				a := ageA(i)
				if i%7 == 3 {
					a += 3
				}
				return caseRow{"male", raidDay(i), "AF", "Herat", "forced labour", fmt.Sprint(a)}
			})},
			[]string{"2025-01-01", "2025-02-01"}, false},
	} {
		dropped, _, d, err := dedupInputs(t, c.exports, c.extracted)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		err = d.OtherPeople()
		if c.refused {
			// One message for numbers restarting, whichever rule fired (03f: the 9-17 shape got
			// the list-of-other-people message without a source per shelter).
			if !errors.Is(err, ErrOtherPeople) || !strings.Contains(err.Error(), "case_id_scope: file") ||
				!strings.Contains(err.Error(), "give each shelter's files a source of their own") {
				t.Errorf("%s: %v (%d merged), want ErrOtherPeople naming a source per shelter and case_id_scope: file", c.name, err, len(dropped))
			}
			continue
		}
		if err != nil || len(dropped) != 40 {
			t.Errorf("%s: %v, %d merged, want the 40 cases merged", c.name, err, len(dropped))
		}
	}
}
