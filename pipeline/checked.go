package pipeline

import (
	"context"
	"fmt"
	"strings"

	"github.com/prevalence/prevalence/release"
)

// PreviousChecked says what NewRowsAgainst compared besides the two releases' rows, for
// check's verdict (privacy-side-doors17: "ok" did not say whether the joined levels and the
// series' memory were looked at): joined names the quasi-identifiers the previous release prev
// shows finer than the release m in dir (the two joined at the finer of the two levels:
// joinedUnderK), then each generalization the memory beside prev remembers finer (joinMemory)
// as "an earlier release's ... (remembered in EarlierKindsFile)"; series whether the memory
// beside prev (EarlierKindsFile) holds the kinds of an earlier release at m's levels
// (seriesNewRows). Call it when NewRowsAgainst compared
// the rows (it skipped nothing).
func PreviousChecked(ctx context.Context, dir, prev string, m *release.Manifest) (joined []string, series bool, err error) {
	pm, err := release.ReadManifest(prev)
	if err != nil {
		return nil, false, err
	}
	if len(pm.Privacy.Levels) == len(m.Privacy.Levels) {
		for i, b := range m.Privacy.Levels {
			a := pm.Privacy.Levels[i]
			if a.QuasiIdentifier == b.QuasiIdentifier && a.Level >= 0 && b.Level >= 0 && a.Level < b.Level && !sameLevel(a, b) {
				joined = append(joined, fmt.Sprintf("%s at %q", a.QuasiIdentifier, a.Name))
			}
		}
	}
	mem, err := readEarlierKinds(prev)
	if err != nil || len(mem.Sets) == 0 {
		return joined, false, nil // unread, as NewRowsAgainst leaves it
	}
	// The generalizations the memory remembers finer than m's, joined too (joinMemory).
	for _, s := range mem.Sets {
		if names := finerPaired(s, m.Privacy.Levels); len(names) > 0 {
			joined = append(joined, fmt.Sprintf("an earlier release's %s (remembered in %s)", strings.Join(names, ", "), EarlierKindsFile))
		}
	}
	cols, err := columnsOf(ctx, dir)
	if err != nil {
		return nil, false, err
	}
	earlier, _ := mem.at(m.Privacy.Levels, cols)
	return joined, len(earlier) > 0, nil
}
