package anonymize

// Complementary suppression in batches. After the exact LP audit (Audit: a large block's LPs
// solved again after every complement, most of the protection's time with cases by province
// and year), the counts it found exposed in other tables than the first are given a
// complement each before the next audit, instead of one complement per audit: one per table
// per audit, because two complements in one table where one did were found (outcome curves:
// TestCurvesWithheldOnwards). A count that an earlier complement of the batch already
// protects is skipped (its interval is solved again, alone: two LPs).

// batch returns, of the counts an LP audit found exposed (sorted by table), the first of
// each table after the first table's.
func batch(exposed []Ref) []Ref {
	var out []Ref
	for i, r := range exposed {
		if i > 0 && r.T != exposed[i-1].T && r.T != exposed[0].T {
			out = append(out, r)
		}
	}
	return out
}

// nextExposed takes counts from queue until one is still exposed, and returns the rest of the
// queue and that count (nil: none).
func (p Protection) nextExposed(ts []*CountTable, l Links, queue []Ref) ([]Ref, []Ref) {
	for len(queue) > 0 {
		r := queue[0]
		queue = queue[1:]
		iv, _, err := p.lps.audit(ts, l, p.Threshold, p.MayBeZero, func(x Ref) bool { return x == r }, nil)
		if err != nil {
			continue // the next audit decides
		}
		x, ok := iv[r]
		if !ok {
			continue
		}
		if p.protected(ts, r) && x.Width() < float64(p.need(r))-1e-6 || !p.protected(ts, r) && p.changeExposed(r, x) {
			return queue, []Ref{r}
		}
	}
	return nil, nil
}
