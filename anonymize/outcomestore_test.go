package anonymize

import (
	"cmp"
	"iter"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"
	"unsafe"

	"github.com/prevalence/prevalence/outcomes"
)

// TestOutcomeStoreCare checks that the outcome tables' sequence of the cases in care (seq with
// care: told from the packed flag before unpacking) yields what filtering every kept outcome
// by CaseOutcome.Care yields, as outcomeTables did: random outcomes, in care or not, rows set
// out of order and again (the last kept), rows dropped.
func TestOutcomeStoreCare(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 7))
	for trial := range 50 {
		var s outcomeStore
		n := 10 + rng.IntN(3*chunkLen/2)
		for range n + rng.IntN(n) {
			o := CaseOutcome{Care: rng.IntN(3) > 0, Province: []string{"XA-A", "XA-B", ""}[rng.IntN(3)],
				Outcome: outcomes.Outcome{StayMonths: float64(rng.IntN(40)), ExitStatus: rng.IntN(3)}}
			for range rng.IntN(3) {
				o.StayProvinces = append(o.StayProvinces, "XA-C")
				o.LegalYear = append(o.LegalYear, 2020+rng.IntN(5))
			}
			s.set(rng.IntN(n), o)
		}
		drop := []int{0, 2, 3, 5}[rng.IntN(4)]
		last := s.keptRows(func(row int) bool { return drop == 0 || row%drop != 0 })
		var want, got []CaseOutcome
		for o := range s.seq(last, false) {
			if o.Care {
				want = append(want, *o)
			}
		}
		for o := range s.seq(last, true) {
			got = append(got, *o)
		}
		if len(want) == 0 || !reflect.DeepEqual(got, want) {
			t.Fatalf("trial %d: %d outcomes in care, want %d (the same)", trial, len(got), len(want))
		}
	}
}

// TestOutcomeStoreBorrow checks that the outcome tables' borrowed sequence (one CaseOutcome
// and its slices reused) yields, case by case, what seq yields (each unpacked anew): random
// outcomes with runs of every kind and length (a long one after short ones, empty ones after
// long ones), in care or not, rows set again and dropped.
func TestOutcomeStoreBorrow(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 8))
	day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for trial := range 40 {
		var s outcomeStore
		n := 10 + rng.IntN(chunkLen/4)
		for range n + rng.IntN(n) {
			o := CaseOutcome{Care: rng.IntN(3) > 0, Province: []string{"XA-A", "XA-B", ""}[rng.IntN(3)],
				Route: []string{"", "police", "hotline"}[rng.IntN(3)], Since: float64(rng.IntN(30)), LastVisit: float64(rng.IntN(9) - 1),
				Outcome: outcomes.Outcome{StayMonths: float64(rng.IntN(40)), ExitStatus: rng.IntN(3), Reintegrated: rng.IntN(2) == 0,
					FollowedMonths: float64(rng.IntN(30)), Retrafficked: rng.IntN(5) == 0, InSchoolAtLast: outcomes.Answer(rng.IntN(3))}}
			long := rng.IntN(8) == 0
			k := func() int {
				if long {
					return rng.IntN(12)
				}
				return rng.IntN(3)
			}
			for range k() {
				start := day.AddDate(0, 0, rng.IntN(900))
				st := outcomes.Stay{Start: start}
				if rng.IntN(3) > 0 {
					st.End = start.AddDate(0, 0, rng.IntN(200))
				}
				o.Stays = append(o.Stays, st)
				o.StayProvinces = append(o.StayProvinces, []string{"XA-C", "XA-A"}[rng.IntN(2)])
			}
			for range k() {
				o.Legal = append(o.Legal, outcomes.LegalCase{Stage: outcomes.Stage(rng.IntN(4))})
				o.LegalYear = append(o.LegalYear, 2020+rng.IntN(5))
			}
			for range k() {
				o.Services = append(o.Services, ServiceUse{Type: []string{"s1", "s2", "s3"}[rng.IntN(3)], Implemented: outcomes.Answer(rng.IntN(3))})
			}
			s.set(rng.IntN(n), o)
		}
		drop := []int{0, 2, 3, 5}[rng.IntN(4)]
		last := s.keptRows(func(row int) bool { return drop == 0 || row%drop != 0 })
		for _, care := range []bool{false, true} {
			var want []CaseOutcome
			for o := range s.seq(last, care) {
				want = append(want, *o)
			}
			i := 0
			for o := range s.borrow(last, care) {
				if i >= len(want) {
					t.Fatalf("trial %d care %v: more than %d outcomes", trial, care, len(want))
				}
				if !sameOutcome(*o, want[i]) {
					t.Fatalf("trial %d care %v: outcome %d is\n%+v\nwant\n%+v", trial, care, i, *o, want[i])
				}
				i++
			}
			if i != len(want) || len(want) == 0 {
				t.Fatalf("trial %d care %v: %d outcomes, want %d", trial, care, i, len(want))
			}
			// borrowFlat: the same outcomes without their slices.
			i = 0
			for o := range s.borrowFlat(last, care) {
				w := want[i]
				w.Stays, w.StayProvinces, w.Legal, w.LegalYear, w.Services = nil, nil, nil, nil, nil
				if !reflect.DeepEqual(*o, w) {
					t.Fatalf("trial %d care %v: flat outcome %d is\n%+v\nwant\n%+v", trial, care, i, *o, w)
				}
				i++
			}
			if i != len(want) {
				t.Fatalf("trial %d care %v: %d flat outcomes, want %d", trial, care, i, len(want))
			}
		}
	}
}

// sameOutcome compares two outcomes field by field, an empty slice equal to nil (the borrowed
// outcome's emptied slices keep their room).
func sameOutcome(a, b CaseOutcome) bool {
	for _, o := range []*CaseOutcome{&a, &b} {
		if len(o.Stays) == 0 {
			o.Stays = nil
		}
		if len(o.StayProvinces) == 0 {
			o.StayProvinces = nil
		}
		if len(o.Legal) == 0 {
			o.Legal = nil
		}
		if len(o.LegalYear) == 0 {
			o.LegalYear = nil
		}
		if len(o.Services) == 0 {
			o.Services = nil
		}
	}
	return reflect.DeepEqual(a, b)
}

// TestOutcomeStoreKeptRows checks keptRows against the stable sort of the indices by row it
// replaced (each kept row's last outcome, in row order): outcomes set in row order, out of
// order, rows set again, rows missing, rows dropped.
func TestOutcomeStoreKeptRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 9))
	for trial := range 60 {
		var s outcomeStore
		n := 1 + rng.IntN(2*chunkLen)
		var rows []int
		switch trial % 3 {
		case 0: // in row order, some rows without an outcome
			for r := range n {
				if rng.IntN(4) > 0 {
					rows = append(rows, r)
				}
			}
		case 1: // in row order, a few set twice in a row
			for r := range n {
				rows = append(rows, r)
				if rng.IntN(50) == 0 {
					rows = append(rows, r)
				}
			}
		default: // any order, rows set again
			for range n + rng.IntN(n) {
				rows = append(rows, rng.IntN(n))
			}
		}
		for _, r := range rows {
			s.set(r, CaseOutcome{Since: float64(rng.IntN(100))})
		}
		drop := []int{0, 2, 3, 5}[rng.IntN(4)]
		keep := func(row int) bool { return drop == 0 || row%drop != 0 }
		var want []uint32
		idx := make([]uint32, 0, s.packed.n)
		for i := range s.packed.n {
			if keep(int(s.packed.at(i).row)) {
				idx = append(idx, i)
			}
		}
		row := func(i uint32) int32 { return s.packed.at(i).row }
		slices.SortStableFunc(idx, func(a, b uint32) int { return cmp.Compare(row(a), row(b)) })
		for j, i := range idx {
			if j+1 < len(idx) && row(idx[j+1]) == row(i) {
				continue
			}
			want = append(want, i)
		}
		if got := s.keptRows(keep); !slices.Equal(got, want) {
			t.Fatalf("trial %d: %d rows kept, want %d (the same indices)", trial, len(got), len(want))
		}
	}
}

// TestOutcomeStoreRuns checks the packed store against what was set, not against itself: each
// kept row's last outcome comes back whole (its stays, provinces, legal cases, years and
// services found from the marks every markEvery cases), read in row order, in the order set
// and in any order, with cases without runs between long ones, rows set again out of order, and
// more provinces and routes than 16 bits hold (wideName). A case is 64 bytes.
func TestOutcomeStoreRuns(t *testing.T) {
	if got := unsafe.Sizeof(packedOutcome{}); got != 64 {
		t.Fatalf("packedOutcome is %d bytes, want 64", got)
	}
	rng := rand.New(rand.NewPCG(14, 10))
	day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	random := func(n int, wide bool) CaseOutcome {
		o := CaseOutcome{Care: rng.IntN(4) > 0, Province: []string{"XA-A", "XA-B", ""}[rng.IntN(3)],
			Route: []string{"", "police", "hotline"}[rng.IntN(3)], Since: float64(rng.IntN(30)),
			Outcome: outcomes.Outcome{StayMonths: float64(rng.IntN(40)), ExitStatus: rng.IntN(5), Readmitted: rng.IntN(9) == 0}}
		if wide {
			o.Route = "route " + strconv.Itoa(n)
		}
		k := func() int { return []int{0, 0, 1, 2, 9}[rng.IntN(5)] }
		for range k() {
			start := day.AddDate(0, 0, rng.IntN(900))
			o.Stays = append(o.Stays, outcomes.Stay{Start: start, End: start.AddDate(0, 0, rng.IntN(200))})
		}
		for range k() {
			o.StayProvinces = append(o.StayProvinces, []string{"XA-C", "XA-A"}[rng.IntN(2)])
		}
		for range k() {
			o.Legal = append(o.Legal, outcomes.LegalCase{Stage: outcomes.Stage(rng.IntN(4))})
		}
		for range k() {
			o.LegalYear = append(o.LegalYear, 2020+rng.IntN(5))
		}
		for range k() {
			o.Services = append(o.Services, ServiceUse{Type: []string{"s1", "s2"}[rng.IntN(2)], Implemented: outcomes.Answer(rng.IntN(3))})
		}
		return o
	}
	for trial := range 12 {
		var s outcomeStore
		wide := trial == 0
		n := 1 + rng.IntN(3*chunkLen/2)
		if wide {
			n = 1 << 17
		}
		set := map[int]CaseOutcome{}
		for i := range n {
			r := i
			if trial%2 == 1 || rng.IntN(20) == 0 { // any order, or some rows set again later
				r = rng.IntN(n)
			}
			o := random(i, wide)
			s.set(r, o)
			set[r] = o
		}
		last := s.keptRows(func(int) bool { return true })
		if len(last) != len(set) {
			t.Fatalf("trial %d: %d rows kept, want %d", trial, len(last), len(set))
		}
		check := func(how string, order []uint32, got iter.Seq[*CaseOutcome]) {
			t.Helper()
			j := 0
			for o := range got {
				r := int(s.packed.at(order[j]).row)
				if !sameOutcome(*o, set[r]) {
					t.Fatalf("trial %d %s: row %d is\n%+v\nwant\n%+v", trial, how, r, *o, set[r])
				}
				j++
			}
			if j != len(order) {
				t.Fatalf("trial %d %s: %d outcomes, want %d", trial, how, j, len(order))
			}
		}
		check("row order", last, s.seq(last, false))
		check("borrowed", last, s.borrow(last, false))
		shuffled := slices.Clone(last)
		rng.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
		check("any order", shuffled, s.borrow(shuffled, false))
		sorted := slices.Clone(last)
		slices.Sort(sorted)
		check("order set", sorted, s.seq(sorted, false))
	}
}
