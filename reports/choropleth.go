package reports

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/prevalence/prevalence/geo/boundaries"
)

// mapCell is one subdivision's count as published: Withheld when the protected table shows no
// number, Secondary too when it is withheld only to protect another count (complementary
// suppression, "x": it may hold any number, 10 or more as well), else Count (0 when no case
// was recorded).
type mapCell struct {
	Count               int64
	Withheld, Secondary bool
	// Noisy: Count has noise added (epsilon): a 0 is then no sign that no case was recorded.
	Noisy bool
}

// choropleth draws a country's first-level subdivisions (Natural Earth admin-1, package
// boundaries) as inline SVG, each path filled by the class of its published count: one path per
// subdivision, with class "c0".."c3" (counts), "withheld" (hatched) or "none" (no case
// recorded, which is not "no trafficking"), its ISO 3166-2 code in data-code and the name and
// figure in a tooltip. Withheld provinces are drawn in two ways: hatched when the count is
// below th, dotted when it is withheld to protect another count (and may be large). cells are keyed by ISO 3166-2 code; th is the small-cell threshold. It
// returns ok false when the data has no subdivisions for the country, and the published cases
// it could not place (codes the boundaries lack).
func choropleth(country, name string, cells map[string]mapCell, th int, source string) (svg template.HTML, unplaced int64, ok bool, err error) {
	subs, err := boundaries.Country(country)
	if err != nil || len(subs) == 0 {
		return "", 0, false, err
	}
	// Equirectangular, x scaled by the cosine of the middle latitude: true shape at country
	// scale, without a projection library.
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, s := range subs {
		for _, r := range s.Rings {
			for _, p := range r {
				minX, minY, maxX, maxY = min(minX, p[0]), min(minY, p[1]), max(maxX, p[0]), max(maxY, p[1])
			}
		}
	}
	kx := math.Cos((minY + maxY) / 2 * math.Pi / 180)
	const maxW, maxH, pad = 640.0, 520.0, 4.0
	w, h := (maxX-minX)*kx, maxY-minY
	scale := min(maxW/w, maxH/h)
	// At least maxW wide, so that the legend and the source line fit under a tall country.
	W, H := max(w*scale+2*pad, maxW), h*scale+2*pad
	pt := func(p boundaries.Point) (float64, float64) {
		return pad + (p[0]-minX)*kx*scale, pad + (maxY-p[1])*scale
	}

	var counts []int64
	drawn := map[string]bool{}
	for _, s := range subs {
		drawn[s.Code] = true
		if c, ok := cells[s.Code]; ok && !c.Withheld && c.Count > 0 {
			counts = append(counts, c.Count)
		}
	}
	for code, c := range cells {
		if !drawn[code] && !c.Withheld {
			unplaced += c.Count
		}
	}
	breaks := classBreaks(counts, int64(th))

	type path struct{ D, Class, Fill, Code, Tip string }
	type legend struct {
		X, Y      int
		Fill, Txt string
	}
	var paths []path
	noisyZero := false
	for _, s := range subs {
		var d strings.Builder
		for _, r := range s.Rings {
			for i, p := range r {
				x, y := pt(p)
				if i == 0 {
					d.WriteByte('M')
				} else {
					d.WriteByte('L')
				}
				d.WriteString(strconv.FormatFloat(x, 'f', 1, 64))
				d.WriteByte(' ')
				d.WriteString(strconv.FormatFloat(y, 'f', 1, 64))
			}
			d.WriteByte('Z')
		}
		p := path{D: d.String(), Code: s.Code}
		c, ok := cells[s.Code]
		switch {
		case ok && c.Secondary:
			p.Class, p.Fill, p.Tip = "withheld", "url(#dots-"+country+")", s.Name+": withheld to protect another count (not a small count necessarily)"
		case ok && c.Withheld:
			p.Class, p.Fill, p.Tip = "withheld", "url(#hatch-"+country+")", fmt.Sprintf("%s: withheld (fewer than %d cases)", s.Name, th)
		case ok && c.Count == 0 && c.Noisy:
			noisyZero = true
			p.Class, p.Fill, p.Tip = "none", "#f4f4f4", s.Name+": 0 cases after the added noise (some cases may be recorded)"
		case !ok || c.Count == 0:
			p.Class, p.Fill, p.Tip = "none", "#f4f4f4", s.Name+": no case recorded"
		default:
			b := sort.Search(len(breaks), func(i int) bool { return breaks[i] > c.Count }) - 1
			b = max(0, b)
			p.Class, p.Fill, p.Tip = "c"+strconv.Itoa(b), blues[b], fmt.Sprintf("%s: %d cases", s.Name, c.Count)
			if c.Noisy {
				p.Tip += " (noise added)"
			}
		}
		paths = append(paths, p)
	}
	// Legend entries with their widths, laid out in rows that fit the map's width.
	type entry struct {
		fill, txt string
		w         int
	}
	var entries []entry
	for i, lo := range breaks {
		txt := strconv.FormatInt(lo, 10) + "+"
		if i+1 < len(breaks) {
			txt = fmt.Sprintf("%d–%d", lo, breaks[i+1]-1)
		}
		entries = append(entries, entry{blues[i], txt, 86})
	}
	entries = append(entries, entry{"url(#hatch-" + country + ")", fmt.Sprintf("withheld: fewer than %d", th), 160})
	for code, c := range cells {
		if c.Secondary && drawn[code] {
			// Only when the map has one: a legend entry for nothing drawn would puzzle.
			entries = append(entries, entry{"url(#dots-" + country + ")", "withheld to protect another count", 230})
			break
		}
	}
	if noisyZero {
		entries = append(entries, entry{"#f4f4f4", "no case recorded, or 0 after the noise", 250})
	} else {
		entries = append(entries, entry{"#f4f4f4", "no case recorded", 120})
	}
	var leg []legend
	x, y := 0, 0
	for _, e := range entries {
		if x > 0 && x+e.w > int(W)-8 {
			x, y = 0, y+22
		}
		leg = append(leg, legend{x, y, e.fill, e.txt})
		x += e.w
	}
	var b bytes.Buffer
	err = choroplethTmpl.Execute(&b, map[string]any{
		"Title": name + ": cases by province of exploitation", "ID": country, "W": int(math.Ceil(W)), "MapH": int(math.Ceil(H)),
		"H": int(math.Ceil(H)) + 70 + y, "Paths": paths, "Legend": leg, "LegendY": int(math.Ceil(H)) + 30, "SourceY": int(math.Ceil(H)) + 62 + y,
		"Source": source + " Boundaries: Natural Earth.",
	})
	return template.HTML(b.String()), unplaced, true, err
}

// classBreaks returns the lower bounds of up to four classes: th, then the three largest of
// the round numbers 25, 50, 100, 250, 500, 1000, ... that exceed th and do not exceed the
// largest count (round bounds read better than quantiles of a few provinces).
func classBreaks(counts []int64, th int64) []int64 {
	top := int64(0)
	for _, c := range counts {
		top = max(top, c)
	}
	var round []int64
	for p := int64(10); p <= top; p *= 10 {
		for _, m := range []int64{p * 25 / 10, p * 5, p * 10} {
			if m > th && m <= top {
				round = append(round, m)
			}
		}
	}
	if len(round) > 3 {
		round = round[len(round)-3:]
	}
	return append([]int64{th}, round...)
}

var choroplethTmpl = template.Must(template.New("choropleth").Parse(`<svg role="img" aria-label="{{.Title}}" class="map choropleth" data-country="{{.ID}}" width="{{.W}}" height="{{.H}}" viewBox="0 0 {{.W}} {{.H}}" xmlns="http://www.w3.org/2000/svg">
<defs><pattern id="hatch-{{.ID}}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="#8c8c8c" stroke-width="2"/></pattern><pattern id="dots-{{.ID}}" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#ffffff"/><circle cx="3" cy="3" r="1.4" fill="#6b6b6b"/></pattern></defs>
<g stroke="#7f7f7f" stroke-width="0.6" stroke-linejoin="round" fill-rule="evenodd">
{{range .Paths}}<path class="{{.Class}}" data-code="{{.Code}}" fill="{{.Fill}}" d="{{.D}}"><title>{{.Tip}}</title></path>
{{end}}</g>
<g transform="translate(4,{{.LegendY}})">{{range .Legend}}<rect x="{{.X}}" y="{{.Y}}" width="14" height="14" fill="{{.Fill}}" stroke="#7f7f7f" stroke-width="0.6"/><text x="{{.X}}" dx="18" y="{{.Y}}" dy="11" class="legend">{{.Txt}}</text>{{end}}</g>
<text x="4" y="{{.SourceY}}" class="source">{{.Source}}</text>
</svg>`))
