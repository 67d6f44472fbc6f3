package anonymize

// A total shown as "<threshold" over n parts shown as "<threshold" (zeros printed as 0) places
// each part, by the labels alone, among 1..threshold-n: with the default threshold 10 and five
// such parts, 1-5, narrower than the protection range (attack-2026-12-03e finding 3: the 3
// months' re-trafficking events of five referral routes under an "all routes" of "<10"). No
// complement widens what the labels alone leave, so the audit accepted it. labelledParts
// withholds enough of those parts instead, each marked may_be_zero: a part shown as withheld
// under a "<threshold" total may be anything from 0 (it says nothing the total does not), so
// with keep = threshold-1-width parts left "<threshold" each of them lies in
// 1..threshold-keep and each withheld one in 0..threshold-1-keep, both of the range's width.

// labelledParts returns the counts to withhold as may-be-zero (with their copies), for the
// relations l of ts: for every relation whose one side is a single count of 1 to threshold-1
// (a total shown as "<threshold"), the last of its other side's counts of 1 to threshold-1
// beyond the first keep of them. Counts in skip (withheld whatever their value) are left out.
// Hidden cells are never shown and are not parts here.
func labelledParts(ts []*CountTable, l Links, threshold, width int, skip map[Ref]bool) map[Ref]bool {
	keep := threshold - 1 - width
	if keep < 1 || width <= 0 {
		return nil
	}
	out := map[Ref]bool{}
	small := func(r Ref) bool {
		if r.T < 0 || r.T >= len(ts) || ts[r.T].Hidden || out[r] || skip[r] {
			return false
		}
		v := ts[r.T].Rows[r.R].Values[r.C] // before Protect: no states yet
		return v > 0 && v < int64(threshold)
	}
	copiesOf := copies(l)
	type rel struct {
		total Ref
		parts []Ref
	}
	var rels []rel
	for _, e := range l.Eqs {
		switch {
		case len(e.Plus) == 1 && len(e.Minus) > 1:
			rels = append(rels, rel{e.Plus[0], e.Minus})
		case len(e.Minus) == 1 && len(e.Plus) > 1:
			rels = append(rels, rel{e.Minus[0], e.Plus})
		}
	}
	for _, e := range l.Les {
		if len(e.Large) == 1 && len(e.Small) > 1 {
			rels = append(rels, rel{e.Large[0], e.Small})
		}
	}
	for changed := true; changed; {
		changed = false
		for _, x := range rels {
			if !small(x.total) {
				continue
			}
			var parts []Ref
			for _, r := range x.parts {
				if small(r) {
					parts = append(parts, r)
				}
			}
			for _, r := range parts[min(keep, len(parts)):] {
				for _, c := range copiesOf(r) { // a copy shown as "<threshold" would tell it
					out[c] = true
				}
				changed = true
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
