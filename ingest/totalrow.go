package ingest

import (
	"fmt"
	"strconv"
	"strings"
)

// A row of totals without its label (",male,40,,,": the count of the 40 male rows above under
// age, in the gender's column) is read as one more case, a 40-year-old man with no case id
// (ing36's Left): countRow quarantines a number under age alone, totalRow a row labelled
// "Total". This one has a gender too, so it is a case by every rule a worker can apply to its
// row; what gives it away is the whole input: it is the last row, the only one without the case
// id every other row has, and its number is the count of the rows above with its gender. The
// workers see a chunk each, so they gather the evidence (totalsEvidence) and the Reader judges
// it at the input's end (totalsRow): the row was written by then, so the input is refused, naming
// the line, as other end-of-input checks do.

// totalsEvidence is what a worker saw of its chunk's kept rows for totalsRow.
type totalsEvidence struct {
	kept    int           // rows kept
	ids     int           // of which with a case id
	genders []genderCount // kept rows by gender (as converted)
	// the chunk's candidate: a kept row without a case id whose only values are a gender and a
	// whole number under age; seq its number among the chunk's rows (result.rows), 0 for none
	seq, line, n int
	gender       string
	before       int // kept rows of its gender above it in the chunk
}

type genderCount struct {
	g string
	n int
}

// count returns the kept rows of gender g.
func (t *totalsEvidence) count(g string) int {
	for _, c := range t.genders {
		if c.g == g {
			return c.n
		}
	}
	return 0
}

// add counts n kept rows of gender g.
func (t *totalsEvidence) add(g string, n int) {
	for i := range t.genders {
		if t.genders[i].g == g {
			t.genders[i].n += n
			return
		}
	}
	t.genders = append(t.genders, genderCount{strings.Clone(g), n}) // not a chunk's buffer
}

// totalsSeen records the kept current row for totalsRow.
func (w *worker) totalsSeen() {
	t := &w.res.totals
	t.kept++
	id := w.got(iCaseID) && w.slots[iCaseID].col >= 0 && strings.TrimSpace(w.slots[iCaseID].v) != ""
	if id {
		t.ids++
	}
	g := ""
	if w.isSet(iGender) {
		g = w.str[iGender]
	}
	if age := &w.slots[fAge]; !id && g != "" && w.vals == 2 && age.gen == w.gen && age.col >= 0 {
		if n, err := strconv.Atoi(strings.TrimSpace(age.v)); err == nil && n > 0 && isDigits(strings.TrimSpace(age.v)) {
			t.seq, t.line, t.n, t.gender, t.before = w.res.rows, w.line, n, strings.Clone(g), t.count(g)
		}
	}
	t.add(g, 1)
}

// join adds a chunk's evidence (o, of a result of rows rows) to the input's, in the input's
// order: the input's candidate is the last chunk's, when it is that chunk's last row.
func (t *totalsEvidence) join(o *totalsEvidence, rows int) {
	if rows > 0 {
		t.seq = 0 // a row below the candidate
		if o.seq == rows {
			t.seq, t.line, t.n, t.gender, t.before = o.seq, o.line, o.n, o.gender, t.count(o.gender)+o.before
		}
	}
	t.kept += o.kept
	t.ids += o.ids
	for _, c := range o.genders {
		t.add(c.g, c.n)
	}
}

// totalsRow refuses an input whose last row is a row of totals without its label
// (totalsEvidence): no case id where every other row of at least two has one, only a gender and
// a whole number under age, and that number the count of the rows above with its gender. The
// values are not named.
func (r *Reader) totalsRow() error {
	t := &r.totals
	if t.seq == 0 || t.before < 2 || t.n != t.before || t.ids != t.kept-1 {
		return nil
	}
	return fmt.Errorf("%w: its last row (line %d) has no case id where every other row has one, and only a gender and, under age, a number "+
		"that is the count of the rows above of that gender: a row of totals without its label, which read would be one more case; "+
		"delete it from the export (or give it its case id if it is a case)", ErrNotCases, t.line)
}
