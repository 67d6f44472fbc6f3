// Periods and regions: records known at a coarser level than a year or a country.

package anonymize

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/prevalence/prevalence/geo"
)

// partitions are the periods and UN regions a release and its tables use, taken from the data so
// that none overlaps another: a record known only by a band of years (CTDC's "2014-2018") or a
// region (CTDC's "Americas/Oceania") must not be counted beside a period or a region that
// covers part of it, which would compare overlapping groups.
//
// Periods: bands of years that overlap are merged into one period (their union); a year inside
// a band's period is in that period; any other year is in its 5-year period (2015-2019), cut
// short where a band's period begins or ends. Without bands the periods are the 5-year ones.
//
// Regions: a union of UN regions ("Americas/Oceania") merges its regions into one wherever they
// appear, a country's region included; without unions the regions are M49's.
//
// A nil *partitions is the partition of data with no bands and no unions.
type partitions struct {
	bands   [][2]int          // merged periods of bands, sorted, disjoint
	regions map[string]string // M49 region -> the union it is part of
}

// newPartitions takes the bands (YYYY-YYYY) and regions (as geo.LookupRegion gives them)
// recorded in the data.
func newPartitions(bands, regions []string) *partitions {
	p := &partitions{regions: map[string]string{}}
	var iv [][2]int
	for _, b := range bands {
		lo, err1 := strconv.Atoi(b[:min(4, len(b))])
		hi, err2 := strconv.Atoi(b[min(5, len(b)):])
		if err1 == nil && err2 == nil && len(b) == 9 && lo <= hi {
			iv = append(iv, [2]int{lo, hi})
		}
	}
	slices.SortFunc(iv, func(a, b [2]int) int { return a[0] - b[0] })
	for _, v := range iv {
		if n := len(p.bands); n > 0 && v[0] <= p.bands[n-1][1] {
			p.bands[n-1][1] = max(p.bands[n-1][1], v[1])
			continue
		}
		p.bands = append(p.bands, v)
	}
	// Unions of regions: merge every union with those it shares a region with.
	var groups [][]string
	for _, r := range regions {
		parts := geo.RegionParts(r)
		if len(parts) < 2 {
			continue
		}
		merged := slices.Clone(parts)
		var keep [][]string
		for _, g := range groups {
			if slices.ContainsFunc(g, func(x string) bool { return slices.Contains(merged, x) }) {
				merged = append(merged, g...)
			} else {
				keep = append(keep, g)
			}
		}
		groups = append(keep, merged)
	}
	for _, g := range groups {
		label, _ := geo.LookupRegion(strings.Join(g, "/"))
		for _, r := range g {
			p.regions[r] = label
		}
	}
	return p
}

// partitionsOf returns the partitions of the leaves of the QIs of the case schema: the bands of
// the year QI's period column and the regions of the place QIs' region columns.
func partitionsOf(qis []QI, leaves [][][]string) *partitions {
	var bands, regions []string
	for q, qi := range qis {
		for j, col := range qi.Columns {
			if !isCoarse(col) {
				continue
			}
			for _, leaf := range leaves[q] {
				if j >= len(leaf) || leaf[j] == "" {
					continue
				}
				if qi.Name == CaseQIs[0].Name {
					bands = append(bands, leaf[j])
				} else {
					regions = append(regions, leaf[j])
				}
			}
		}
	}
	return newPartitions(bands, regions)
}

// periodOfYear returns the period year is in.
func (p *partitions) periodOfYear(y int) string {
	lo, hi := y-((y%5)+5)%5, y-((y%5)+5)%5+4
	if p != nil {
		for _, b := range p.bands {
			switch {
			case y >= b[0] && y <= b[1]:
				return period(b[0], b[1])
			case b[1] < y && b[1] >= lo:
				lo = b[1] + 1
			case b[0] > y && b[0] <= hi:
				hi = b[0] - 1
			}
		}
	}
	return period(lo, hi)
}

// periodOfBand returns the period a band of years is in.
func (p *partitions) periodOfBand(band string) string {
	if p == nil || len(band) != 9 {
		return band
	}
	lo, _ := strconv.Atoi(band[:4])
	for _, b := range p.bands {
		if lo >= b[0] && lo <= b[1] {
			return period(b[0], b[1])
		}
	}
	return band
}

// regionOf returns the region (or union) that the region r (as geo.LookupRegion gives it) is in.
func (p *partitions) regionOf(r string) string {
	if p == nil || r == "" {
		return r
	}
	if u, ok := p.regions[geo.RegionParts(r)[0]]; ok {
		return u
	}
	return r
}

// period labels the years lo to hi: "2015-2019", or "2019" for one year.
func period(lo, hi int) string {
	if lo == hi {
		return strconv.Itoa(lo)
	}
	return fmt.Sprintf("%d-%d", lo, hi)
}
