package pipeline

import (
	"fmt"
	"slices"

	"github.com/prevalence/prevalence/anonymize"
	"github.com/prevalence/prevalence/release"
)

// joinLevels maps each quasi-identifier (its index in rel.QIs) that the previous release
// (prev) shows at a finer level than this one (now) to that level, for Release.GuardJoined,
// and names those levels for the notice. Levels guardView could not pair never get here (the
// run is refused: ErrUnpaired).
func joinLevels(rel *anonymize.Release, prev *release.Manifest, now release.Privacy) (finer map[int]int, names []string) {
	finer = map[int]int{}
	if len(prev.Privacy.Levels) != len(now.Levels) {
		return finer, nil
	}
	for i, b := range now.Levels {
		a := prev.Privacy.Levels[i]
		if a.QuasiIdentifier != b.QuasiIdentifier || a.Level < 0 || b.Level < 0 || a.Level >= b.Level {
			continue
		}
		if q := slices.IndexFunc(rel.QIs, func(qi anonymize.QI) bool { return qi.Name == b.QuasiIdentifier }); q >= 0 {
			finer[q] = a.Level
			names = append(names, fmt.Sprintf("%s at %q", a.QuasiIdentifier, a.Name))
		}
	}
	return finer, names
}
