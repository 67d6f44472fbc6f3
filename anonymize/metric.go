package anonymize

import "math"

// prepareMetric precomputes the quality model. Loss and Entropy are sums over rows and
// quasi-identifiers of a per-value cost, so without suppression they separate into
// sep[q][level]; suppressing a row adds pen[q][level][code] per hierarchy on top, which depends
// only on the row's generalized code. Both parts are ≥ 0, so sep is a lower bound of the value of
// a node and of every generalization of it (sep is monotone in each level).
func (p *problem) prepareMetric() {
	leafCount := make([][]int64, p.q)
	for d := range p.q {
		leafCount[d] = make([]int64, p.size[d][0])
	}
	w := p.width
	for i, c := range p.base.counts {
		for d := range p.q {
			leafCount[d][p.base.codes[i*w+d]] += c
		}
	}
	p.sep = make([][]float64, p.q)
	p.pen = make([][][]float64, p.q)
	n := float64(p.n)
	if p.n == 0 {
		n = 1
	}
	nq := n * float64(p.q)
	for d, h := range p.t.Hierarchies {
		L := p.nLev[d]
		p.sep[d] = make([]float64, L)
		p.pen[d] = make([][]float64, L)
		wt := p.weights[d]
		for l := range L {
			gen := make([]int64, p.size[d][l])    // rows per code at l
			leaves := make([]int64, p.size[d][l]) // hierarchy leaves per code at l
			for leaf, c := range h.Up[l] {
				gen[c] += leafCount[d][leaf]
				leaves[c]++
			}
			pen := make([]float64, p.size[d][l])
			sum := 0.0
			switch p.cfg.Metric {
			case Loss:
				loss := make([]float64, len(leaves))
				nl := float64(p.size[d][0] - 1)
				for c, k := range leaves {
					if nl > 0 {
						loss[c] = float64(k-1) / nl
					}
					pen[c] = wt * (1 - loss[c]) / nq
				}
				for leaf, c := range h.Up[l] {
					sum += float64(leafCount[d][leaf]) * loss[c]
				}
				p.sep[d][l] = wt * sum / nq
			case Entropy:
				for c, g := range gen {
					if g > 0 {
						pen[c] = wt * math.Log2(n/float64(g))
					}
				}
				for leaf, c := range h.Up[l] {
					if k := leafCount[d][leaf]; k > 0 {
						sum += float64(k) * math.Log2(float64(gen[c])/float64(k))
					}
				}
				p.sep[d][l] = wt * sum
			}
			p.pen[d][l] = pen
		}
	}
}

// sepValue is the metric value at levels when no row is suppressed (Loss and Entropy).
func (p *problem) sepValue(levels []int) float64 {
	v := 0.0
	for d, l := range levels {
		v += p.sep[d][l]
	}
	return v
}

// eps is the tolerance under which two values of the metric count as equal (then height and
// lexicographic order decide). Discernibility is an integer and compared exactly.
func (p *problem) eps(v float64) float64 {
	if p.cfg.Metric == Discernibility {
		return 0
	}
	return 1e-12 * max(1, math.Abs(v))
}

func log2(x float64) float64 { return math.Log2(x) }
