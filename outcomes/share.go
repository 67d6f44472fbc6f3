package outcomes

import (
	"math"

	"github.com/prevalence/prevalence/intervals"
)

// Answer is a yes/no observation that may be unknown (not asked, not
// recorded). Unknown answers are left out of a share's denominator and
// counted apart, never read as no.
type Answer int8

const (
	Unknown Answer = iota
	No
	Yes
)

// Share is a labelled proportion Count/Of with its Wilson score interval
// (intervals.Wilson; NaN when Of is 0).
type Share struct {
	Label   string
	Count   int // cases answering yes
	Of      int // cases with a known answer: the denominator
	Unknown int // eligible cases whose answer is unknown, not in Of
	intervals.Interval
}

// ShareAfter returns the share of yes answers among the cases observed at
// least atLeast months after an event, for example the share of children
// reintegrated at least 6 (or 12) months earlier who had a follow-up visit
// in the last period, or who are in school. months[i] is the time since the
// event for case i (months, >= 0), answer[i] its answer. Cases with fewer
// months are not eligible and are not counted at all: a child reintegrated
// last month cannot yet have been followed up for six. level is the
// confidence level, e.g. 0.95. An error is an *InputError.
func ShareAfter(label string, months []float64, answer []Answer, atLeast, level float64) (Share, error) {
	if len(answer) != len(months) {
		return Share{}, &InputError{Arg: "answer", Index: -1, Reason: "length differs from months"}
	}
	if !(level > 0 && level < 1) {
		return Share{}, &InputError{Arg: "level", Index: -1, Reason: "not in (0, 1)"}
	}
	s := Share{Label: label}
	for i, m := range months {
		if math.IsNaN(m) || math.IsInf(m, 0) || m < 0 {
			return Share{}, &InputError{Arg: "months", Index: i, Reason: "not a non-negative finite number"}
		}
		if m < atLeast {
			continue
		}
		switch answer[i] {
		case Yes:
			s.Count++
			s.Of++
		case No:
			s.Of++
		case Unknown:
			s.Unknown++
		default:
			return Share{}, &InputError{Arg: "answer", Index: i, Reason: "not Yes, No or Unknown"}
		}
	}
	s.Interval = intervals.Wilson(s.Count, s.Of, level)
	return s, nil
}
