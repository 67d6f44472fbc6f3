package outcomes

import (
	"slices"
	"time"
)

// LegalRow is one row of a case's legal cases as a register gives it: a register may log a
// row per stage (the complaint, the arrest, the trial) or per accused, each under the legal
// case's police report (FIR) or court case number.
type LegalRow struct {
	Date        time.Time
	Stage       Stage
	Disposition Disposition
	// Keys are the row's police report and court case numbers, hashed inside the privacy
	// boundary (0: not given): only compared, never kept or shown.
	Keys [2]uint64
	// Stations are the police station (or court) each number names, hashed as Keys (0: none
	// named): "Bowbazar PS FIR 12/2023" is Keys[0] of "FIR 12/2023" with Bowbazar's hash here.
	// Two rows of one number naming two stations are two legal cases (MergeLegal).
	Stations [2]uint64
}

// MergedCase is a legal case read from one or more rows, and the date it was registered (its
// earliest row's): the cohort of the justice funnel.
type MergedCase struct {
	LegalCase
	Registered time.Time
}

// History says why a case record's legal cases may be one case's stages counted as several
// (MergeLegal): nothing in the rows ties them, so they stay apart and a notice tells.
type History uint8

const (
	// Unnumbered: two or more rows without a number whose stages rise with their dates
	// (complaint, then arrest, then trial).
	Unnumbered History = 1 << iota
	// KindsApart: a legal case known only by its police report (FIR) number and another known
	// only by its court case number, all of whose rows come on or after the first's with
	// stages past its furthest (a complaint and charge sheet under the FIR, then a trial under
	// the court's number): one row carrying both numbers would tie them.
	KindsApart
	// StationUnknown: a row whose number two or more stations' rows share, itself naming no
	// station: it is a legal case of its own, as it may be either station's.
	StationUnknown
	// StationsApart: one number named with two or more stations in one case's rows, read as
	// two legal cases (FIR numbers run per station and year). Rare for one child, so a
	// station written two ways, or a charge sheet under the court's station, is as likely:
	// the funnel counts each at its own furthest stage (attack-2026-12-03c, lows).
	StationsApart
)

// MergeLegal appends to dst the legal cases of one case's rows (sorted in place by date):
// rows that share a police report or a court case number (Keys, directly or through a third
// row) and name no two stations for it (Stations) are one legal case at its furthest stage,
// whose disposition is convicted when any of its rows is (at least one accused convicted),
// else the latest row's (a case disposed is never read as pending: then the latest disposed
// row's); a row without a number is a legal case of its own. merged counts the rows read into another row's case; history says which
// cases may be one case's stages, left apart (History).
func MergeLegal(dst []MergedCase, rows []LegalRow) (out []MergedCase, merged int, history History) {
	slices.SortStableFunc(rows, func(a, b LegalRow) int { return a.Date.Compare(b.Date) })
	parent := make([]int, len(rows))
	var seen map[[3]uint64]int // kind, number, station
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	// The stations each number is named with: the same FIR number and year at two police
	// stations are two reports (FIR numbers run per station and year), while a row without
	// the station's name is the named station's when only one is named.
	type number struct {
		kind int
		key  uint64
	}
	var stations map[number][]uint64
	for _, r := range rows {
		for k, key := range r.Keys {
			if st := r.Stations[k]; key != 0 && st != 0 {
				if stations == nil {
					stations = map[number][]uint64{}
				}
				if n := (number{k, key}); !slices.Contains(stations[n], st) {
					stations[n] = append(stations[n], st)
					if len(stations[n]) > 1 {
						history |= StationsApart
					}
				}
			}
		}
	}
	for i, r := range rows {
		parent[i] = i
		for k, key := range r.Keys {
			if key == 0 {
				continue
			}
			st := r.Stations[k]
			if named := stations[number{k, key}]; st == 0 && len(named) == 1 {
				st = named[0]
			} else if st == 0 && len(named) > 1 {
				history |= StationUnknown
				continue
			}
			if seen == nil {
				seen = map[[3]uint64]int{}
			}
			id := [3]uint64{uint64(k), key, st}
			if j, ok := seen[id]; ok {
				a, b := find(i), find(j)
				if a != b {
					parent[max(a, b)] = min(a, b) // the earliest row is the root
				}
			} else {
				seen[id] = i
			}
		}
	}
	out = dst
	at := map[int]int{} // root -> index in out
	latest := map[int]int{}
	for i, r := range rows {
		root := find(i)
		j, ok := at[root]
		if !ok {
			at[root] = len(out)
			out = append(out, MergedCase{LegalCase: LegalCase{Stage: r.Stage, Disposition: r.Disposition}, Registered: r.Date})
			latest[root] = i
			continue
		}
		merged++
		c := &out[j]
		c.Stage = max(c.Stage, r.Stage)
		l := rows[latest[root]]
		if r.Date.After(l.Date) || r.Stage >= l.Stage {
			latest[root] = i // rows are in date order: a later row, or one of the same day at least as far
		}
	}
	for root, j := range at {
		c := &out[j]
		var convicted bool
		lastDisposed := Pending
		for i := range rows {
			if find(i) != root {
				continue
			}
			convicted = convicted || rows[i].Disposition == Convicted
			if rows[i].Stage == Disposed {
				lastDisposed = rows[i].Disposition
			}
		}
		c.Disposition = rows[latest[root]].Disposition
		switch {
		case convicted:
			c.Disposition = Convicted
		case c.Stage == Disposed && c.Disposition == Pending:
			c.Disposition = lastDisposed
		}
	}
	var prev *LegalRow
	rising := 0
	for i := range rows {
		r := &rows[i]
		if r.Keys != [2]uint64{} {
			continue
		}
		if prev != nil {
			if !(r.Stage > prev.Stage && r.Date.After(prev.Date)) {
				rising = -1 << 30
			}
			rising++
		}
		prev = r
	}
	if rising > 0 {
		history |= Unnumbered
	}
	if kindsApart(rows, find) {
		history |= KindsApart
	}
	return out, merged, history
}

// kindsApart reports whether, among rows merged by find, a legal case known only by a police
// report number and one known only by a court case number have stages that rise with their
// dates (History's KindsApart).
func kindsApart(rows []LegalRow, find func(int) int) bool {
	type span struct {
		kinds       uint8 // bit k: some row has Keys[k]
		first, last time.Time
		low, high   Stage
	}
	var spans map[int]*span
	for i, r := range rows {
		if r.Keys == [2]uint64{} {
			continue
		}
		if spans == nil {
			spans = map[int]*span{}
		}
		root := find(i)
		sp := spans[root]
		if sp == nil {
			sp = &span{first: r.Date, low: r.Stage, high: r.Stage}
			spans[root] = sp
		}
		for k, key := range r.Keys {
			if key != 0 {
				sp.kinds |= 1 << k
			}
		}
		sp.last = r.Date // rows are in date order
		sp.low, sp.high = min(sp.low, r.Stage), max(sp.high, r.Stage)
	}
	for _, a := range spans {
		for _, b := range spans {
			if a.kinds^b.kinds == 3 && !b.first.Before(a.last) && b.low > a.high { // one number each, of two kinds
				return true
			}
		}
	}
	return false
}
