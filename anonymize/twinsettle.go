package anonymize

import "fmt"

// twinRounds bounds settleTwins's rounds: twinsKept ends every cycle that comes back to a
// pattern, so a release needs a few; past this many, something gives back counts kept
// withheld, and the run stops rather than spin (or print a copy of a withheld count).
const twinRounds = 64

// errTwins is settleTwins's error past twinRounds.
var errTwins = fmt.Errorf("%w: withholding the copies of withheld counts and protecting them again does not settle", ErrUnprotectable)

// settleTwins withholds the printed copies of withheld counts (twins) and protects the tables
// again (protect) until no copy is left printed, as twinsKept does for jointProtect's loops:
// Protect's republish could print again what twins withheld, for ever (the loop of the
// fourth month's re-release, issue-14-speed16.md; tableSet.protect had the same shape). rep is
// the audit of the tables as they are; the last protect's audit is returned.
func settleTwins(ts []*CountTable, l Links, p *Protection, rep AuditReport, protect func() (AuditReport, error)) (AuditReport, error) {
	if p.Kept == nil {
		p.Kept = map[Ref]bool{}
	}
	seen := map[string]bool{}
	for round := 0; twinsKept(ts, l, p, seen); round++ {
		if round == twinRounds {
			return rep, errTwins
		}
		var err error
		if rep, err = protect(); err != nil {
			return rep, err
		}
	}
	return rep, nil
}
