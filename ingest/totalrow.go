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
// row; what gives it away is the whole input: it is the last row (or one of the last, one per
// gender: ",male,30" then ",female,10", with at most a row of totals or of no case below them),
// the only one without the case id every other row has, and its number is the count of the
// rows above with its gender. The
// workers see a chunk each, so they gather the evidence (totalsEvidence) and the Reader judges
// it at the input's end (totalsRow): the rows were written by then, so the input is refused,
// naming the lines, as other end-of-input checks do.

// totalsEvidence is what a worker saw of its chunk's kept rows for totalsRow.
type totalsEvidence struct {
	kept    int           // rows kept
	ids     int           // of which with a case id
	genders []genderCount // kept rows by gender (as converted)
	// the candidates after the chunk's last other kept row: kept rows without a case id whose
	// only values are a gender and a whole number under age (",male,30" then ",female,10")
	run     []totalsCand
	cleared bool // a kept row that is no candidate: the candidates of the chunks above are not the last
}

// maxTotalsRun is the most rows of totals without their label totalsRow refuses: one per gender.
const maxTotalsRun = 4

type totalsCand struct {
	sheet   string
	line, n int
	gender  string
	before  int // kept rows of its gender above it
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
	cand := false
	if age := &w.slots[fAge]; !id && g != "" && w.vals == 2 && age.gen == w.gen && age.col >= 0 {
		if v := wholeText(strings.TrimSpace(age.v)); isDigits(v) {
			if n, err := strconv.Atoi(v); err == nil && n >= 2 {
				if len(t.run) <= maxTotalsRun { // more: a table of genders and ages, refused by none (totalsRow)
					t.run = append(t.run, totalsCand{sheet: strings.Clone(w.res.last.sheet), line: w.line, n: n, gender: strings.Clone(g), before: t.count(g)})
				}
				cand = true
			}
		}
	}
	if !cand {
		t.run, t.cleared = t.run[:0], true
	}
	t.add(g, 1)
}

// join adds a chunk's evidence (o) to the input's, in the input's order.
func (t *totalsEvidence) join(o *totalsEvidence) {
	if o.cleared {
		t.run = t.run[:0]
	}
	for _, c := range o.run {
		if len(t.run) > maxTotalsRun {
			break
		}
		c.before += t.count(c.gender)
		t.run = append(t.run, c)
	}
	t.kept += o.kept
	t.ids += o.ids
	for _, c := range o.genders {
		t.add(c.g, c.n)
	}
}

// totalsRow refuses an input whose last rows are rows of totals without their label
// (totalsEvidence): no case id where every other row of at least two has one, only a gender and
// a whole number under age that is the count of the rows above of that gender, each, with at
// most rows of totals or rows of no case below them. The values are not named.
func (r *Reader) totalsRow() error {
	t := &r.totals
	if len(t.run) == 0 || len(t.run) > maxTotalsRun || t.ids < 2 || t.ids != t.kept-len(t.run) {
		return nil
	}
	for _, c := range t.run {
		if c.n != c.before || c.sheet != t.run[0].sheet {
			return nil
		}
	}
	first, last := t.run[0].line, t.run[len(t.run)-1].line
	for _, rj := range r.rejected {
		// below the first, or between: only totals (labelled, a count alone) and rows of no case
		if rj.Sheet == t.run[0].sheet && rj.Line > first && rj.Reason != errTotalRow.Error() && rj.Reason != errCountRow.Error() && rj.Reason != errNoCase.Error() {
			return nil
		}
	}
	where, what := fmt.Sprintf("its last row (line %d) has", last), "a row of totals without its label, which read would be one more case; delete it from the export (or give it its case id if it is a case)"
	if len(t.run) > 1 {
		where = fmt.Sprintf("its last %d rows (lines %d to %d) have", len(t.run), first, last)
		what = "rows of totals without their label, which read would be more cases; delete them from the export (or give each its case id if it is a case)"
	}
	return fmt.Errorf("%w: %s no case id where every other row has one, and only a gender and, under age, a number "+
		"that is the count of the rows above of that gender: %s", ErrNotCases, where, what)
}

// wholeText returns v without a decimal point and zeros after it: a whole number as a
// spreadsheet or pandas writes a float column ("40.0", as the age column reads "17.0":
// attack-2026-12-06f F4). Any other v is returned as it is.
func wholeText(v string) string {
	i := strings.IndexByte(v, '.')
	if i <= 0 || i == len(v)-1 || strings.Trim(v[i+1:], "0") != "" {
		return v
	}
	return v[:i]
}
