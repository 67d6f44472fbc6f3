package reports

import (
	"bytes"
	"fmt"
	"github.com/prevalence/prevalence/intervals"
	"image/color"
	"math"
	"regexp"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Okabe–Ito, a palette that colour-blind readers tell apart.
var (
	okabeIto = []color.RGBA{
		{0xE6, 0x9F, 0x00, 0xff}, // orange
		{0x56, 0xB4, 0xE9, 0xff}, // sky blue
		{0x00, 0x9E, 0x73, 0xff}, // bluish green
		{0x00, 0x72, 0xB2, 0xff}, // blue
		{0xD5, 0x5E, 0x00, 0xff}, // vermillion
		{0xCC, 0x79, 0xA7, 0xff}, // reddish purple
		{0xF0, 0xE4, 0x42, 0xff}, // yellow
	}
	colFemale = okabeIto[4]
	colMale   = okabeIto[3]
	colOther  = okabeIto[0]
	colAll    = color.RGBA{0x99, 0x99, 0x99, 0xff} // grey: all genders together, beside the split
)

// bar is one bar of a chart: its label, its published value (0 when withheld) and the text
// written beside it (the value, or the suppression label).
type bar struct {
	label string
	value float64
	text  string
	noise intervals.Noise // the count's noise (none without ε)
}

// rankGroup is a ranked chart's group for the bars of one row (a province): 0 when a count is
// published and none is "x", 1 when one is withheld to protect another count ("x": it may
// hold any number, a large one too, so it is never ranked among the small ones), 2 when all
// are zero or withheld as small. Within a group, rows go largest published count first.
func rankGroup(bs ...bar) int {
	g := 2
	for _, b := range bs {
		if b.text == SecondaryLabel {
			return 1
		}
		if b.value > 0 {
			g = 0
		}
	}
	return g
}

// secondaryBarText labels an "x" bar of a ranked chart, whose place says nothing of its size.
const secondaryBarText = "x (withheld to protect another count)"

// cellBar returns the bar of count (ri, ci) of t.
func cellBar(t *Table, ri, ci, threshold int, label string) bar {
	v, ok := t.Value(ri, ci)
	if !ok {
		// A "<10" of a noisy table is the noisy count's: the brief says what it may hide.
		return bar{label: label, text: t.Cell(ri, ci), noise: noiseOf(t, ri, ci)}
	}
	return bar{label: label, value: float64(v), text: strconv.FormatInt(v, 10), noise: noiseOf(t, ri, ci)}
}

// safeTicks labels the axis like the default ticker, but never with a number from 1 to
// threshold-1, so that no axis label reads as a small count.
func safeTicks(threshold int, abs bool) plot.Ticker {
	return plot.TickerFunc(func(lo, hi float64) []plot.Tick {
		ts := plot.DefaultTicks{}.Ticks(lo, hi)
		for i := range ts {
			if ts[i].Label == "" {
				continue
			}
			v := ts[i].Value
			if abs {
				v = math.Abs(v)
			}
			if v > 0 && v < float64(threshold) {
				ts[i].Label = ""
			} else {
				ts[i].Label = strconv.FormatFloat(v, 'f', -1, 64)
			}
		}
		return ts
	})
}

func newPlot(title, xlabel string) *plot.Plot {
	plot.DefaultFont = font.Font{Typeface: "Liberation", Variant: "Sans"}
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(13)
	p.X.Label.Text = xlabel
	return p
}

var svgHeader = regexp.MustCompile(`(?s)^.*?<svg width="([0-9.]+)pt" height="([0-9.]+)pt"`)

// svgOf renders p at w×h points and returns the <svg> element for inlining: no XML
// declaration, scaled to its container.
func svgOf(p *plot.Plot, w, h vg.Length, label string) (string, error) {
	c := vgsvg.New(w, h)
	p.Draw(draw.New(c))
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return "", err
	}
	s := svgHeader.ReplaceAllString(b.String(), fmt.Sprintf(`<svg role="img" aria-label="%s" class="chart" width="$1" height="$2"`, htmlAttr(label)))
	return s, nil
}

// hbars draws horizontal bars, the first at the top, with the value or suppression label
// beside each, coloured by colour(i). With no bar it draws nothing and returns "" (a register
// of children at risk only has no province of victims to show).
func hbars(title, xlabel string, bars []bar, colour func(i int) color.Color, threshold int, source string) (string, error) {
	if len(bars) == 0 {
		return "", nil
	}
	p := newPlot(title, xlabel)
	n := len(bars)
	names := make([]string, n)
	for i, b := range bars {
		names[n-1-i] = b.label
	}
	maxV := 0.0
	for _, b := range bars {
		maxV = math.Max(maxV, b.value)
	}
	for i, b := range bars {
		vals := make(plotter.Values, n)
		vals[n-1-i] = b.value
		bc, err := plotter.NewBarChart(vals, vg.Points(12))
		if err != nil {
			return "", err
		}
		bc.Horizontal = true
		bc.Color = colour(i)
		bc.LineStyle.Width = 0
		p.Add(bc)
	}
	var xys plotter.XYs
	var texts []string
	for i, b := range bars {
		xys = append(xys, plotter.XY{X: b.value + maxV*0.01, Y: float64(n - 1 - i)})
		texts = append(texts, b.text)
	}
	labels, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: texts})
	if err != nil {
		return "", err
	}
	for i := range labels.TextStyle {
		labels.TextStyle[i].YAlign = -0.5
		labels.TextStyle[i].Font.Size = vg.Points(9)
	}
	p.Add(labels)
	p.NominalY(names...)
	p.X.Min = 0
	p.X.Max = math.Max(maxV*1.15, float64(threshold))
	p.X.Tick.Marker = safeTicks(threshold, false)
	h := vg.Points(float64(60 + 18*n))
	return svgOf(p, vg.Points(520), h, title)
}

// groupedBars draws vertical bars for each group (e.g. year) and series (e.g. gender).
// With no group it draws nothing and returns "".
func groupedBars(title, ylabel string, groups []string, series []string, cols []color.Color, bars [][]bar, threshold int, source string) (string, error) {
	if len(groups) == 0 {
		return "", nil
	}
	p := newPlot(title, "")
	p.Y.Label.Text = ylabel
	w := vg.Points(float64(min(40, 240/max(1, len(groups)*len(series)))))
	maxV := 0.0
	for si := range series {
		vals := make(plotter.Values, len(groups))
		var xys plotter.XYs
		var texts []string
		for gi := range groups {
			b := bars[gi][si]
			vals[gi] = b.value
			maxV = math.Max(maxV, b.value)
			xys = append(xys, plotter.XY{X: float64(gi), Y: b.value})
			texts = append(texts, b.text)
		}
		bc, err := plotter.NewBarChart(vals, w)
		if err != nil {
			return "", err
		}
		bc.Color = cols[si]
		bc.LineStyle.Width = 0
		bc.Offset = w * vg.Length(float64(si)-float64(len(series)-1)/2)
		p.Add(bc)
		p.Legend.Add(series[si], bc)
		labels, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: texts})
		if err != nil {
			return "", err
		}
		for i := range labels.TextStyle {
			labels.TextStyle[i].XAlign = -0.5
			labels.TextStyle[i].Font.Size = vg.Points(9)
		}
		labels.Offset = vg.Point{X: bc.Offset, Y: vg.Points(2)}
		p.Add(labels)
	}
	p.Legend.Top = true
	p.NominalX(groups...)
	p.Y.Min = 0
	p.Y.Max = math.Max(maxV*1.2, float64(threshold))
	p.Y.Tick.Marker = safeTicks(threshold, false)
	return svgOf(p, vg.Points(520), vg.Points(300), title)
}

// pyramid draws females to the left and males to the right of each age group, youngest at the
// bottom.
func pyramid(title string, ages []string, female, male []bar, threshold int, source string) (string, error) {
	if len(ages) == 0 {
		return "", nil // nothing to draw
	}
	p := newPlot(title, "cases (females left, males right)")
	n := len(ages)
	maxV := 0.0
	fv, mv := make(plotter.Values, n), make(plotter.Values, n)
	var xys plotter.XYs
	var texts []string
	for i := range ages {
		fv[i], mv[i] = -female[i].value, male[i].value
		maxV = math.Max(maxV, math.Max(female[i].value, male[i].value))
	}
	for i := range ages {
		xys = append(xys, plotter.XY{X: -female[i].value, Y: float64(i)}, plotter.XY{X: male[i].value, Y: float64(i)})
		texts = append(texts, female[i].text, male[i].text)
	}
	for k, vals := range []plotter.Values{fv, mv} {
		bc, err := plotter.NewBarChart(vals, vg.Points(18))
		if err != nil {
			return "", err
		}
		bc.Horizontal = true
		bc.Color = []color.Color{colFemale, colMale}[k]
		bc.LineStyle.Width = 0
		p.Add(bc)
		p.Legend.Add([]string{"female", "male"}[k], bc)
	}
	labels, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: texts})
	if err != nil {
		return "", err
	}
	for i := range labels.TextStyle {
		labels.TextStyle[i].YAlign = -0.5
		labels.TextStyle[i].Font.Size = vg.Points(9)
		if i%2 == 0 {
			labels.TextStyle[i].XAlign = -1
		}
	}
	p.Add(labels)
	p.Legend.Top = true
	p.NominalY(ages...)
	lim := math.Max(maxV*1.3, float64(threshold))
	p.X.Min, p.X.Max = -lim, lim
	p.X.Tick.Marker = safeTicks(threshold, true)
	return svgOf(p, vg.Points(520), vg.Points(float64(110+26*n)), title)
}
