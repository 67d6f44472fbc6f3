package ingest

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// A count of people per row ("Number of victims" = 3, "Boys" = 2) in a JSON, NDJSON or Parquet
// input: each row read as one case, 110 people were 40 cases of unknown gender and age
// (attack-2026-12-05a T8). A CSV's or a workbook's header is judged before its rows are read
// (sideFile, scanSummary); these formats are judged as they are read, by the same rule for a
// column of an exact count name (countNames): whole numbers in every row that has one, not
// each row's own number (a serial), is a summary's mark; the config's mapping of the column
// says otherwise.

// countEvidence is what a worker saw of a dropped column named for counts.
type countEvidence struct {
	col    string // the first such column
	pos    int    // its 1-based position in its layout, or 0
	whole  int    // rows whose value is a whole number
	not    bool   // a value that is not a whole number: the column holds something else
	serial bool   // every value is its row's number plus diff
	diff   int
}

// counts looks, for a kept row of a JSON, NDJSON or Parquet input, at the dropped columns of
// exact count names (countNames).
func (w *worker) counts() {
	if !w.c.counts {
		return
	}
	look := func(name string, pos int, v string) {
		ev := &w.res.countEv
		if ev.not || v == "" {
			return
		}
		if ev.col == "" {
			ev.col, ev.pos, ev.serial = strings.Clone(name), pos, true
		} else if name != ev.col {
			return
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil || x < 0 || x != math.Trunc(x) || x > 1e9 {
			ev.not = true
			return
		}
		if ev.whole == 0 {
			ev.diff = int(x) - w.line
		}
		ev.serial = ev.serial && int(x)-w.line == ev.diff
		ev.whole++
	}
	switch {
	case w.raw.cells != nil:
		for _, cl := range w.raw.cells {
			if cl.f < 0 && countName(cl.col) {
				look(cl.col, 0, strings.TrimSpace(cl.val))
				return
			}
		}
	case w.lay != nil:
		if w.countLay != w.lay {
			w.countLay, w.countCol = w.lay, -1
			for j, f := range w.lay.fields {
				if f < 0 && j < len(w.lay.cols) && countName(w.lay.cols[j]) {
					w.countCol = j
					break
				}
			}
		}
		if w.countCol < 0 {
			return
		}
		if v, ok := w.layVal(w.countCol); ok {
			look(w.lay.cols[w.countCol], w.countCol+1, strings.TrimSpace(v))
		}
	}
}

// join adds a chunk's evidence (o) to the input's.
func (ev *countEvidence) join(o countEvidence) {
	switch {
	case o.col == "":
		return
	case ev.col == "":
		*ev = o
		return
	case o.col != ev.col:
		return
	}
	ev.not = ev.not || o.not
	ev.serial = ev.serial && o.serial && (o.whole == 0 || ev.whole == 0 || o.diff == ev.diff)
	if ev.whole == 0 {
		ev.diff = o.diff
	}
	ev.whole += o.whole
}

// countColumn refuses a JSON, NDJSON or Parquet input whose dropped column of a count name
// holds whole numbers that are not its rows' numbers: a summary's counts, or people per row,
// read as one case each (even all 1s, as a CSV's header is judged: the mapping says so).
func (r *Reader) countColumn() error {
	ev := r.countEv
	if ev.col == "" || ev.not || ev.whole == 0 || ev.serial || !slices.Contains(r.unknown, ev.col) {
		return nil
	}
	c, key := r.unreadKey(ev.col, ev.pos, "count")
	return fmt.Errorf("%w: its %s holds whole numbers under a name for counts, so it may be a summary or a count of people per row, not one row per case; "+
		"if its rows are cases, map the column under columns: ({%q: drop}, or onto its field)", errSideFile, c, key)
}
