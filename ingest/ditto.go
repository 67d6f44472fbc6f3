package ingest

import (
	"errors"
	"fmt"
	"strings"
)

// A remark that repeats the remark of the row above ("Ditto", "Same as above", "Do", a ditto
// mark 〃) says what that remark says: under "Not a victim" it is not a victim, under "Same as
// C00001" a duplicate of C00001, under "Rescued from a brick kiln" a case (attack-2026-12-06a
// A2: "Ditto" was read as a case whatever the remark above said). A ditto is read as the remark
// above it in its column, that row's own ditto resolved; where there is no row above to repeat
// (the first row of its sheet, a row quarantined before it was read) the input is refused
// (ErrDittoUnresolved): which judgement it copies is not known. A row above on another worker's
// chunk is resolved by the Reader, which converts the chunk again with that row (Reader.accept).

// ErrDittoCode: a remark column holds a bare "Do" in most of its filled rows and no other ditto.
var ErrDittoCode = errors.New(`a remark column holds a bare "Do" in most of its filled rows and no other ditto (Ditto, -do-, Same as above)`)

// ErrDittoUnresolved: a remark repeating the row above's has no row above to repeat.
var ErrDittoUnresolved = errors.New("a remark that repeats the remark of the row above (Ditto, Same as above) has no row above it to repeat")

// note is a review column's value of a row (its ditto resolved), which a ditto of the row
// below in that column repeats.
type note struct{ col, val string }

// dittoWords are the folded whole remarks that repeat the remark above.
var dittoWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{"ditto", "dito", "do", "same", "sameasabove", "asabove", "seeabove", "sameasprevious", "asprevious",
		"sameasbefore", "idem", "ídem", "ibid", "ibidem",
		// Spanish, French, Portuguese, Indonesian
		"igualquearriba", "igual", "comoarriba", "lomismo", "lomismoquearriba", "verarriba",
		"pareil", "commecidessus", "commeaudessus", "voircidessus", "mêmechose", "memechose",
		"omesmo", "mesmoqueacima", "comoacima", "igualacima", "veracima",
		"sda", "samadenganatas", "samadengandiatas", "samasepertidiatas", "samasepertiatas", "lihatdiatas"} {
		m[w] = true
	}
	return m
}()

// dittoValue reports whether a review column's value only repeats the one above it: a ditto's
// word ("Ditto", "-do-", "Same as above.", "Idem") or ditto marks alone (", 〃, ″).
func dittoValue(v string) bool {
	t := strings.TrimSpace(v)
	if t == "" || len(t) > 24 {
		return false
	}
	marks := strings.Trim(t, "\"'“”„″〃״ -–—")
	if marks == "" {
		return strings.ContainsAny(t, "\"“”„″〃״") || strings.Count(t, "'") >= 2
	}
	return dittoWords[fold(t)]
}

// note resolves value v of the current row's review column col, which may name a case
// (namingColumn): a ditto's is the value above it (see ditto). The value, so resolved, is kept
// for a ditto of the row below and for cellOf.
func (w *worker) note(col, v string) string {
	dit := dittoValue(v)
	if strings.TrimSpace(v) != "" {
		w.countDo(col, v, dit)
	}
	if dit {
		v = w.ditto(col)
	}
	w.res.last.notes = append(w.res.last.notes, note{col, v})
	w.noteBufs[w.flip] = w.res.last.notes
	return v
}

// ditto returns the value of column col in the row above the current one, which the current
// row's ditto repeats. The chunk's first row's row above is another chunk's: "" then, and the
// Reader converts the chunk again with that row (result.dittoHead). No row above (the first of
// its sheet, or one quarantined before it was read): "", counted for the refusal.
func (w *worker) ditto(col string) string {
	p := w.above
	switch {
	case p.kind == aboveNone && w.res.rows == 1 && !w.headed:
		w.res.dittoHead = true
		return ""
	case p.kind == aboveNone || p.seq != w.res.rows-1 || p.sheet != w.res.last.sheet:
		if w.res.dittoLost++; w.res.dittoLost == 1 {
			w.res.dittoAt = Rejection{Sheet: w.res.last.sheet, Line: w.line, Column: strings.Clone(col)}
		}
		return ""
	}
	w.res.dittos++
	for _, n := range p.notes {
		if n.col == col {
			return n.val
		}
	}
	return "" // empty above: an empty remark repeated
}

// noted returns the current row's resolved value of review column col (see note).
func (w *worker) noted(col string) (string, bool) {
	for _, n := range w.res.last.notes {
		if n.col == col {
			return n.val, true
		}
	}
	return "", false
}

// keepNotes copies the chunk's last row's notes out of the chunk, whose text is reused, for
// the Reader to hand to the next chunk's first row (Reader.accept).
func (w *worker) keepNotes() {
	notes := make([]note, len(w.res.last.notes))
	for i, n := range w.res.last.notes {
		notes[i] = note{strings.Clone(n.col), strings.Clone(n.val)}
	}
	w.res.last.notes = notes
}

// dittoAgain converts again a chunk whose first row repeats the remark of the row above,
// which is the last accepted chunk's (r.last), and returns its result in place of res's.
func (r *Reader) dittoAgain(res *result) *result {
	c := res.chunk
	for _, rec := range res.recs {
		rec.Release()
	}
	if r.again == nil {
		r.again = newWorker(r.eng.conf)
	}
	head := r.last
	head.seq = 0
	r.again.head = &head
	out := r.again.do(c)
	r.again.head = nil
	out.final, out.err, out.line, out.sheet, out.notices, out.skipped = res.final, res.err, res.line, res.sheet, res.notices, res.skipped
	out.chunk = nil
	return out
}

// dittoRows refuses an input with a ditto that has no row above to repeat (ErrDittoUnresolved).
func (r *Reader) dittoRows() error {
	if r.dittoLost == 0 {
		return nil
	}
	at := r.dittoAt
	return &ParseError{File: RedactURL(r.name), Sheet: at.Sheet, Line: at.Line, Column: at.Column,
		Err: fmt.Errorf("%w: %d %s so, the first here (the first row of its sheet, or under a row quarantined before it was read), so whether it leaves "+
			"its row out is not known; write the remark in full, or, to read every row whatever its remark says, map that column onto drop under columns:",
			ErrDittoUnresolved, r.dittoLost, map[bool]string{true: "row is", false: "rows are"}[r.dittoLost == 1])}
}

// dittoNotice tells how many remarks repeating the row above's were read as that remark.
func (r *Reader) dittoNotice() string {
	if r.dittos == 0 {
		return ""
	}
	return fmt.Sprintf("%d %s the remark of the row above (\"Ditto\", \"Same as above\"): each judged as that remark says (under \"Not a victim\", not a victim; under a remark read, read)",
		r.dittos, map[bool]string{true: "row's remark repeats", false: "rows' remarks repeat"}[r.dittos == 1])
}

// A bare "Do" (the letters alone: "Do", "DO", "do") is the ditto of South Asian registers,
// and a two-letter code too. Beside other dittos in its column ("-do-", "Do.", "Ditto", 〃) it
// is read as theirs; alone in most of a column's filled rows it reads as a code, and copying
// the remark above into each row would guess: the input is refused (ErrDittoCode). In fewer
// rows, alone, it is read as a ditto (a register's "do" under a raid's remark).
func bareDo(v string) bool { return strings.EqualFold(strings.TrimSpace(v), "do") }

// doCount counts a naming column's filled values, its bare "Do"s and its other dittos.
type doCount struct {
	col                string
	vals, bare, marked int
	at                 Rejection // the first bare "Do"
}

// addDo adds d to cs's count of d's column.
func addDo(cs []doCount, d doCount) []doCount {
	for i := range cs {
		if c := &cs[i]; c.col == d.col {
			if c.bare == 0 {
				c.at = d.at
			}
			c.vals, c.bare, c.marked = c.vals+d.vals, c.bare+d.bare, c.marked+d.marked
			return cs
		}
	}
	return append(cs, d)
}

// countDo counts filled value v of naming column col (see doCount); dit: v is a ditto (dittoValue).
func (w *worker) countDo(col, v string, dit bool) {
	var c *doCount
	for i := range w.res.doCols {
		if w.res.doCols[i].col == col {
			c = &w.res.doCols[i]
			break
		}
	}
	if c == nil {
		w.res.doCols = append(w.res.doCols, doCount{col: strings.Clone(col)})
		c = &w.res.doCols[len(w.res.doCols)-1]
	}
	c.vals++
	switch {
	case bareDo(v):
		if c.bare++; c.bare == 1 {
			c.at = Rejection{Sheet: w.res.last.sheet, Line: w.line, Column: c.col}
		}
	case dit:
		c.marked++
	}
}

// doCode refuses an input whose naming column holds a bare "Do" in most of its filled rows and
// no other ditto (ErrDittoCode).
func (r *Reader) doCode() error {
	for _, c := range r.doCols {
		if c.marked > 0 || 2*c.bare <= c.vals {
			continue
		}
		return &ParseError{File: RedactURL(r.name), Sheet: c.at.Sheet, Line: c.at.Line, Column: c.at.Column,
			Err: fmt.Errorf("%w: %d of its %d filled rows, the first here, so it may be a code of its own rather than each row repeating the remark above "+
				"(which would leave a row out under \"Not a victim\" or \"Duplicate of C00001\"); write the dittos as \"-do-\" or \"Ditto\", or the remarks in full, "+
				"or, to read every row whatever its remark says, map that column onto drop under columns:",
				ErrDittoCode, c.bare, c.vals)}
	}
	return nil
}
