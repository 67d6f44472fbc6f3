package anonymize

// sensitiveModels returns a problem holding only what sensitiveOK needs: cfg and the
// distribution of the recorded values of cfg.Sensitive over every row (t-closeness's
// reference, as newProblem computes it). Values passed to its sensitiveOK leave out the
// missing value themselves (sMiss is -1).
func sensitiveModels(cfg Config) *problem {
	sSize := 0
	for _, v := range cfg.Sensitive {
		sSize = max(sSize, int(v)+1)
	}
	global := make([]float64, sSize)
	var recorded int64
	for _, v := range cfg.Sensitive {
		if v != MissingSensitive {
			global[v]++
			recorded++
		}
	}
	p := &problem{cfg: cfg, sMiss: -1, sSize: sSize, sGlobal: global}
	for v := range global {
		if global[v] > 0 {
			global[v] /= float64(recorded)
			p.sOrder = append(p.sOrder, int32(v))
		}
	}
	return p
}

// SensitiveViolations counts the classes, given as a class number per row of cfg.Sensitive
// (negative: the row is not released), whose rows break cfg's l-diversity or t-closeness, as
// Search judges a class (MissingSensitive left out; t-closeness against the recorded values of
// every row, suppressed ones included), and the rows of those classes. It is how a column
// released as it is beside the quasi-identifiers (prevalence anonymize --keep) is checked: it
// splits the search's classes, and a part may hold one sensitive value. Zero when cfg asks for
// neither model.
func SensitiveViolations(cfg Config, class []int32) (classes, rows int) {
	if cfg.Sensitive == nil || (cfg.L <= 1 && cfg.T <= 0) {
		return 0, 0
	}
	p := sensitiveModels(cfg)
	nC := int32(0)
	for _, c := range class {
		nC = max(nC, c+1)
	}
	per := make([]map[int32]int64, nC)
	size := make([]int64, nC)
	for r, c := range class {
		if c < 0 {
			continue
		}
		size[c]++
		if v := cfg.Sensitive[r]; v != MissingSensitive {
			if per[c] == nil {
				per[c] = map[int32]int64{}
			}
			per[c][v]++
		}
	}
	for c := range nC {
		if size[c] == 0 {
			continue
		}
		var vals []int32
		var cnts []int64
		var rec int64
		for v, m := range per[c] {
			vals, cnts = append(vals, v), append(cnts, m)
			rec += m
		}
		if d, o := p.sensitiveOK(vals, cnts, rec); !d || !o {
			classes++
			rows += int(size[c])
		}
	}
	return classes, rows
}
