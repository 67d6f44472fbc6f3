package outcomes

import (
	"fmt"

	"github.com/prevalence/prevalence/intervals"
)

// Stage is the furthest stage a legal case reached, in order.
type Stage int8

const (
	Complaint   Stage = iota // complaint registered (FIR, police report)
	Arrest                   // at least one accused arrested
	ChargeSheet              // charge sheet (indictment) filed
	Trial                    // trial started (charges framed)
	Disposed                 // decided by the court
)

var stageNames = [...]string{"complaint", "arrest", "charge sheet", "trial", "disposed"}

func (s Stage) String() string {
	if s >= 0 && int(s) < len(stageNames) {
		return stageNames[s]
	}
	return fmt.Sprintf("Stage(%d)", int(s))
}

// Disposition is how a legal case ended, or Pending while it goes on.
type Disposition int8

const (
	Pending    Disposition = iota
	Convicted              // verdict: at least one accused convicted
	Acquitted              // verdict: all accused acquitted
	Discharged             // accused discharged before a verdict
	Withdrawn              // complaint or prosecution withdrawn
)

var dispositionNames = [...]string{"pending", "convicted", "acquitted", "discharged", "withdrawn"}

func (d Disposition) String() string {
	if d >= 0 && int(d) < len(dispositionNames) {
		return dispositionNames[d]
	}
	return fmt.Sprintf("Disposition(%d)", int(d))
}

// LegalCase is one legal case's derived outcome: the furthest stage it
// reached and its disposition.
type LegalCase struct {
	Stage       Stage
	Disposition Disposition
}

// StageCount is one row of the funnel: the cases that reached at least
// Stage, with their share of the cases registered.
type StageCount struct {
	Stage   Stage
	Reached int
	Share   intervals.Interval // Reached / registered, Wilson
}

// Funnel is the justice attrition funnel of one cohort of legal cases
// (e.g. the cases registered in one year).
type Funnel struct {
	Registered   int          // cases registered (complaints)
	Stages       []StageCount // complaint, arrest, charge sheet, trial, disposed
	Dispositions [5]int       // cases by Disposition, indexed by it
	// Convicted is the funnel's last step.
	Convicted int
	// OverTrials is convicted / completed trials, a completed trial being a
	// case disposed with a verdict (convicted or acquitted): the rate courts
	// and prosecutors usually report.
	OverTrials Share
	// OverRegistered is convicted / cases registered: the attrition rate
	// advocates cite, which also counts the cases lost before a verdict.
	OverRegistered Share
}

// JusticeFunnel counts, for one cohort of legal cases, how many reached
// each stage and how they ended, with the two conviction rates and their
// Wilson intervals at the given level, labelled so that they cannot be
// confused. A verdict (Convicted, Acquitted) needs Stage Disposed, and a
// Disposed case cannot be Pending; Discharged and Withdrawn may end a case
// at any stage. An inconsistent case is an *InputError naming its index.
// Pending cases are in the denominators: the rates of a recent cohort are
// therefore provisional, and are best read for cohorts old enough for
// most trials to have ended.
func JusticeFunnel(cases []LegalCase, level float64) (Funnel, error) {
	if !(level > 0 && level < 1) {
		return Funnel{}, &InputError{Arg: "level", Index: -1, Reason: "not in (0, 1)"}
	}
	var f Funnel
	reached := make([]int, len(stageNames))
	for i, c := range cases {
		if c.Stage < Complaint || c.Stage > Disposed {
			return Funnel{}, &InputError{Arg: "cases", Index: i, Reason: "unknown stage"}
		}
		if c.Disposition < Pending || c.Disposition > Withdrawn {
			return Funnel{}, &InputError{Arg: "cases", Index: i, Reason: "unknown disposition"}
		}
		verdict := c.Disposition == Convicted || c.Disposition == Acquitted
		if verdict && c.Stage != Disposed {
			return Funnel{}, &InputError{Arg: "cases", Index: i, Reason: "a verdict before the case was disposed"}
		}
		if c.Disposition == Pending && c.Stage == Disposed {
			return Funnel{}, &InputError{Arg: "cases", Index: i, Reason: "disposed but pending"}
		}
		for s := Complaint; s <= c.Stage; s++ {
			reached[s]++
		}
		f.Dispositions[c.Disposition]++
	}
	f.Registered = len(cases)
	for s, n := range reached {
		f.Stages = append(f.Stages, StageCount{Stage: Stage(s), Reached: n,
			Share: intervals.Wilson(n, f.Registered, level)})
	}
	f.Convicted = f.Dispositions[Convicted]
	trials := f.Convicted + f.Dispositions[Acquitted]
	f.OverTrials = Share{Label: "conviction rate over completed trials (convicted / convicted or acquitted)",
		Count: f.Convicted, Of: trials, Interval: intervals.Wilson(f.Convicted, trials, level)}
	f.OverRegistered = Share{Label: "conviction rate over cases registered (convicted / complaints registered)",
		Count: f.Convicted, Of: f.Registered, Interval: intervals.Wilson(f.Convicted, f.Registered, level)}
	return f, nil
}
