package anonymize

import (
	"math"
	"strconv"
	"testing"

	"github.com/prevalence/prevalence/outcomes"
)

// TestCohortGivesNoExitBack is attack-2026-12-02a finding 1: with no stay censored (every stay
// ended before the export), an Aalen-Johansen estimate is a cause's exits over the cohort
// (26 / 0.217 = 120), the cohort less the number at risk at three months is every exit by then,
// and the exits of the printed causes gave back the withheld one exactly (transferred by three
// months: 4, shown as <10). The attacker here reads the cohort from any printed estimate (or the
// 0-month row), and at each point where one exit is withheld and the others and the number at
// risk are printed works it out; no such point may give a count from 1 to 9. It fails when the
// cohort is not a point of the curves (the audit never sees the first interval).
func TestCohortGivesNoExitBack(t *testing.T) {
	const threshold = 10
	// attack-2026-12-02a's 120 boys (Herat and Nangarhar alternately), every stay ended, identified
	// three days before admission: stays in days by exit.
	transferred := []int{40, 40, 40, 40}
	reintegrated := []int{24, 73, 31, 27, 48, 70, 25, 57, 35, 43, 67, 27, 83, 60, 66, 43, 30, 83, 77, 35, 41, 39, 73, 60, 83, 28,
		590, 142, 218, 106, 234, 174, 412, 587, 333, 303, 153, 131, 206, 156, 152, 374, 414, 547, 176, 589, 342, 534, 345, 143,
		483, 345, 364, 586, 175, 488, 600, 456, 365, 282, 372, 425, 512, 478, 202, 282, 114, 341, 454, 328, 588, 141, 216, 272,
		419, 345, 509, 527, 565, 344, 322, 144, 337, 471, 165, 402, 512, 413, 436, 179, 110, 369, 322, 522, 114, 249, 491, 232,
		527, 565, 559}
	absconded := []int{169, 115, 265, 172, 271, 218, 256, 115, 133, 201, 120, 202, 135, 240, 191}
	type stay struct{ days, exit int }
	var stays []stay
	for _, d := range transferred {
		stays = append(stays, stay{d, outcomes.ExitTransferred})
	}
	for _, d := range reintegrated {
		stays = append(stays, stay{d, outcomes.ExitReintegrated})
	}
	for _, d := range absconded {
		stays = append(stays, stay{d, outcomes.ExitAbsconded})
	}
	c := outcomeCollector(t, len(stays), func(i int) CaseOutcome {
		o := CaseOutcome{Care: true, Province: []string{"XA-A", "XA-B"}[i%2]}
		o.Outcome.StayMonths, o.Outcome.ExitStatus = float64(stays[i].days)/outcomes.MonthDays, stays[i].exit
		o.Outcome.Reintegrated = o.Outcome.ExitStatus == outcomes.ExitReintegrated
		o.Outcome.FromIdentification, o.Outcome.HasIdentification = float64(stays[i].days+3)/outcomes.MonthDays, true
		return o
	})
	pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: threshold}})
	if err != nil {
		t.Fatal(err)
	}
	var reint *CountTable
	for _, tb := range pt.Tables {
		if tb.Name == "reintegration" {
			reint = tb
		}
	}
	if reint == nil {
		t.Fatal("no reintegration table")
	}
	if testing.Verbose() {
		for _, r := range reint.Rows {
			t.Log(r.Labels, r.Values, r.State, r.Figures)
		}
	}
	published := func(r CountRow, ci int) bool { return r.State == nil || r.State[ci] == Published }
	rowOut := func(r CountRow) bool { return published(r, 0) && published(r, 1) }
	// The cohort an attacker reads: the 0-month row, or any printed estimate over its exits.
	cohort := int64(-1)
	for _, r := range reint.Rows {
		if !rowOut(r) {
			continue
		}
		if r.Labels[1] == months(0) {
			cohort = r.Values[0]
			break
		}
		p, err := strconv.ParseFloat(r.Figures[0], 64)
		if err != nil || p <= 0 || r.Values[1] == 0 {
			continue
		}
		lo, hi := float64(r.Values[1])/(p+0.0005), float64(r.Values[1])/(p-0.0005)
		if n := math.Ceil(lo); n <= hi && n+1 > hi {
			cohort = int64(n)
			break
		}
	}
	if cohort < 0 {
		t.Log("no cohort readable: nothing to attack")
		return
	}
	// Per point: the number at risk and each exit's running total.
	type point struct {
		atRisk   int64
		atRiskOK bool
		exits    map[string]int64
		withheld []string
	}
	pts := map[string]*point{}
	for _, r := range reint.Rows {
		p := pts[r.Labels[1]]
		if p == nil {
			p = &point{exits: map[string]int64{}}
			pts[r.Labels[1]] = p
		}
		if published(r, 0) {
			p.atRisk, p.atRiskOK = r.Values[0], true
		}
		if published(r, 1) {
			p.exits[r.Labels[0]] = r.Values[1]
		} else {
			p.withheld = append(p.withheld, r.Labels[0])
		}
	}
	attacked := 0
	for label, p := range pts {
		if !p.atRiskOK || len(p.withheld) != 1 {
			continue
		}
		attacked++
		got := cohort - p.atRisk // no censoring: every leaver exited
		for _, v := range p.exits {
			got -= v
		}
		if got >= 1 && got < threshold {
			t.Errorf("%s: %s's exits, withheld, are %d: the cohort %d less %d at risk and the printed exits", label, p.withheld[0], got, cohort, p.atRisk)
		}
	}
	if testing.Verbose() {
		t.Logf("cohort %d, %d points attacked", cohort, attacked)
	}
}
