// Package survival estimates time-to-event outcomes after rescue (length of
// stay in care, time to reintegration, re-trafficking after reintegration)
// with the standard methods, computed as R's survival package computes them
// (Therneau, survival 3.5; survfit and survdiff), so that published figures
// can be checked against the reference implementation:
//
//   - KaplanMeier: the product-limit estimate with Greenwood standard errors
//     and confidence intervals on the log or log-log scale (survfit).
//   - CumulativeIncidence: the Aalen-Johansen estimate of competing outcomes
//     (reintegrated, transferred, absconded, ...) with the infinitesimal
//     jackknife standard errors survfit reports for multi-state curves.
//   - LogRank: the log-rank test of equal curves across groups (survdiff,
//     rho = 0).
//
// Times are in months (since identification, admission or reintegration, as
// the caller measures them); any non-negative finite unit works, and results
// carry the caller's unit. Right censoring only: an open case (still in care,
// or last seen at its last follow-up contact) is censored at its last known
// time and is never counted as ended. Ties are handled as survfit does: at a
// time with both events and censorings, the censored cases are still at risk
// for the events of that time (events are taken to precede censorings).
//
// Input errors (mismatched lengths, a negative or non-finite time, a status
// out of range) are returned as *InputError naming the offending index, never
// the value. Undefined quantities (the standard error once everybody at risk
// has had the event, a confidence limit of an estimate of 0) are NaN or +Inf
// exactly where R reports NA or Inf.
package survival
