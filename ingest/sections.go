package ingest

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// errSectionNoNumber quarantines a row of a form section (see joinSections) that holds values
// but no case number: nothing says which record's other sections it belongs with.
var errSectionNoNumber = errors.New("a row of a form section (a sheet joined to the others by case number) without a case number: which record it belongs to is not certain")

// sectionJoin is what a layout of sections joined by case number keeps to name each value's
// own place: the sheets' labels, and the section of each column.
type sectionJoin struct {
	labels []string
	colSec []int
	// a repeat group's rows joined to their parent records (repeatJoin): the first section's
	// row is each row's own, the parent's shared by the record's rows (joinedPos)
	group bool
}

// sectionKey is a case number as the sections of one record are joined by: its letter case and
// surrounding space aside, and a number's leading zeros too. A sheet whose numbers are number
// cells (1, 2) and one whose numbers are text ("001", "002") are sections of the same records:
// read apart, each record was two cases merged as duplicates (attack-2026-12-03c, lows). Two
// numbers of one sheet that differ only so ("1", "001") are then refused as one number twice.
func sectionKey(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	if len(v) > 1 && v[0] == '0' && isDigits(v) {
		v = strings.TrimLeft(v, "0")
		if v == "" {
			v = "0"
		}
	}
	return v
}

// hasPositional reports whether the mapping names a column by its position ("#3").
func (m *Mapping) hasPositional() bool {
	if m == nil {
		return false
	}
	for k := range m.Columns {
		if positionKey(k) {
			return true
		}
	}
	return false
}

// sectionRow is one row of a section sheet below its header.
type sectionRow struct {
	vals []string
	line int
	bad  string
}

// joinSections reads the sheets named (want, in the config's order) as sections of one record,
// Primero's Excel export of a form section a sheet (sectionSheets found them so): each case
// number's rows are joined into one row, the first sheet's columns then each other sheet's but
// its case number. The join is exact or refused: a case number on two rows of one sheet, or a
// column on two sheets mapped onto a field with other values for one number, stops the input;
// a sheet's column whose name an earlier sheet's has, with the same values, is read once. A
// number on some sheets only is read with the others' columns not recorded, and said. A row
// hidden, or with a formula never computed, in any section quarantines the record; a row of
// values without a case number is quarantined on its own. Rejections name the sheet and row of
// the value they are about (worker.joinedPos).
func (p *xlsxProducer) joinSections(e *emitter, f *excelize.File, want []string, merges map[string][]mergeRange, date1904 bool, label func(string) string) error {
	m := e.conf.mapping
	type section struct {
		label  string
		header []string
		idCol  int
		rows   []sectionRow
		byID   map[string]int // case number (folded) -> index in rows
		blanks int
	}
	secs := make([]*section, len(want))
	for k, sheet := range want {
		s := &section{label: label(sheet), idCol: -1, byID: map[string]int{}}
		secs[k] = s
		w, header, hrow := headerWidth(e, f, sheet, merges[sheet], date1904)
		if header == nil {
			return &posError{err: ErrNoKnownColumn, sheet: s.label, line: 1}
		}
		s.header = header[:w]
		for i, c := range s.header {
			if name := m.sheetField(i, c); name != "" && fieldIndex(name) == iCaseID {
				s.idCol = i
				break
			}
		}
		if s.idCol < 0 {
			return &posError{sheet: s.label, line: hrow, err: fmt.Errorf("%w: no column of the sheet maps onto case_id, which joins the sections of a record", ErrNotCases)}
		}
		rows, err := f.Rows(sheet)
		if err != nil {
			return &posError{err: fmt.Errorf("%w: unreadable sheet", ErrBrokenFile), sheet: s.label}
		}
		mv := newMergeFiller(merges[sheet])
		first := map[string]int{} // case number -> its first line, for the refusal
		n := 0
		for rows.Next() {
			n++
			vals, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				rows.Close()
				return &posError{err: fmt.Errorf("%w: unreadable row", ErrBrokenFile), line: n, sheet: s.label}
			}
			if len(vals) > len(s.header) && len(merges[sheet]) == 0 {
				vals = vals[:len(s.header)]
			}
			if vals = mv.fill(n, vals); n <= hrow {
				continue
			}
			if blank(vals) {
				s.blanks++
				continue
			}
			r := sectionRow{vals: slices.Clip(vals), line: n}
			if rows.GetRowOpts().Hidden || p.zero[sheet][n] {
				r.bad = errHiddenRow.Error()
			} else if p.noValue[sheet][n] {
				r.bad = errFormulaNoValue.Error()
			}
			id := ""
			if s.idCol < len(vals) {
				id = sectionKey(vals[s.idCol])
			}
			if id == "" {
				if r.bad == "" {
					r.bad = errSectionNoNumber.Error()
				}
				s.rows = append(s.rows, r)
				continue
			}
			if at, dup := first[id]; dup {
				rows.Close()
				return &posError{sheet: s.label, line: n, err: fmt.Errorf("%w: the sheets %s are read as sections of one record joined by case number, but this row's case number "+
					"is also on row %d of this sheet: which row's values belong with the other sections is not certain; give each case one row on each sheet, or read one sheet with sheet:",
					ErrNotCases, sheetLabels(want, label), at)}
			}
			first[id] = n
			s.byID[id] = len(s.rows)
			s.rows = append(s.rows, r)
		}
		err = rows.Error()
		rows.Close()
		if err != nil {
			return &posError{err: fmt.Errorf("%w: unreadable sheet", ErrBrokenFile), line: n, sheet: s.label}
		}
		if e.ctx.Err() != nil {
			return nil
		}
	}
	// The joined header: every column of the first section, then the others' but their case
	// number and a column whose name an earlier one has (read once, if its values agree).
	type place struct{ sec, col int }
	var cols []string
	var colSec []int
	src := make([][]int, len(secs)) // per section, per column: its column in the join, or -1
	var twins [][2]place            // a column named again: (earlier, later)
	for k, s := range secs {
		src[k] = make([]int, len(s.header))
		for i, c := range s.header {
			src[k][i] = -1
			if k > 0 && i == s.idCol {
				continue
			}
			name := strings.TrimSpace(c)
			if k > 0 && name != "" {
				if j := slices.IndexFunc(cols, func(o string) bool { return strings.EqualFold(o, name) }); j >= 0 {
					sec := colSec[j]
					twins = append(twins, [2]place{{sec, slices.Index(src[sec], j)}, {k, i}})
					continue
				}
			}
			src[k][i] = len(cols)
			cols = append(cols, name)
			colSec = append(colSec, k)
		}
	}
	// A person's gender, age or date of birth read from two sections (not the same column
	// twice) or from a section of other people (a subform of relatives, a row each when a case
	// has one: "Relationship") may be another person's: refused.
	persons := -1
	for k, s := range secs {
		if col := otherPeopleColumn(s.header); col >= 0 {
			return &posError{sheet: s.label, err: fmt.Errorf("%w: the sheets %s are read as sections of one record joined by case number, but column %q of this sheet says its rows are other people "+
				"(a form's subform of relatives or contacts), whose values are not the case's: name under sheets: the sections of the case only", ErrNotCases, sheetLabels(want, label), shownColumn(strings.TrimSpace(s.header[col])))}
		}
		for i, c := range s.header {
			if src[k][i] < 0 {
				continue
			}
			if name := m.sheetField(i, c); name == "" || !personAttr(fieldIndex(name)) {
				continue
			}
			if persons >= 0 && persons != k {
				return &posError{sheet: s.label, err: fmt.Errorf("%w: the sheets %s are read as sections of one record joined by case number, and both %q and %q give a person's gender, age or date of birth "+
					"in columns of their own: whose they are is not certain; name under sheets: the sections of the case only, or map the other columns as drop under columns:", ErrNotCases, sheetLabels(want, label), secs[persons].label, s.label)}
			}
			persons = k
		}
	}
	cell := func(r sectionRow, i int) string {
		if i < len(r.vals) {
			return strings.TrimSpace(r.vals[i])
		}
		return ""
	}
	for _, t := range twins {
		a, b := secs[t[0].sec], secs[t[1].sec]
		name := a.header[t[0].col]
		if m.sheetField(t[0].col, name) == "" {
			continue // mapped onto no field: dropped, whatever it holds
		}
		differ := 0
		for id, ia := range a.byID {
			if ib, ok := b.byID[id]; ok && cell(a.rows[ia], t[0].col) != cell(b.rows[ib], t[1].col) {
				differ++
			}
		}
		if differ > 0 {
			return &posError{sheet: b.label, err: fmt.Errorf("%w: the sheets %s are read as sections of one record joined by case number, and column %q is on sheets %q and %q "+
				"with other values for %d case %s: which is the case's is not certain; correct the export, or map one of the two columns as drop under columns: (a column's name is mapped on every sheet, so rename one first)",
				ErrNotCases, sheetLabels(want, label), shownColumn(strings.TrimSpace(name)), a.label, b.label, differ, agreeN(differ, "number", "numbers"))}
		}
	}
	lay, err := newSheetLayout(e.res, cols, secs[0].label, date1904)
	if err != nil {
		return &posError{err: err, sheet: secs[0].label, line: 1}
	}
	lay.join = &sectionJoin{colSec: colSec}
	for k, sheet := range want {
		lay.join.labels = append(lay.join.labels, secs[k].label)
		d := e.conf.sheetDefaults[sheetKey(sheet)]
		idx, _ := f.GetSheetIndex(sheet)
		if d == nil {
			d = e.conf.sheetDefaults[sheetPosition(idx)]
		}
		if k == 0 {
			lay.pos = idx + 1
		}
		for _, fv := range d {
			if j := slices.IndexFunc(lay.defaults, func(o fieldValue) bool { return o.f == fv.f }); j >= 0 {
				if lay.defaults[j].v != fv.v {
					return &posError{sheet: secs[k].label, err: fmt.Errorf("%w: sheet_defaults give %s two values on the sheets %s, which are read as sections of one record: give it on one of them",
						ErrNotCases, fieldName(fv.f), sheetLabels(want, label))}
				}
				continue
			}
			lay.defaults = append(lay.defaults, fv)
		}
	}
	// The records, in the first section's order, then the numbers the first lacks in each
	// other's order; the rows without a number, each on its own.
	var out []srow
	blanks := 0
	for _, s := range secs {
		blanks += s.blanks
	}
	emit := func() bool {
		if len(out) == 0 && blanks == 0 {
			return true
		}
		ok := e.emit(&chunk{lay: lay, rows: out, blank: blanks})
		out, blanks = nil, 0
		return ok
	}
	done := map[string]bool{}
	partial := 0
	joined := 0
	for k, s := range secs {
		for _, r := range s.rows {
			row := srow{vals: make([]string, len(cols)), lines: make([]int, len(secs)), at: k}
			id := ""
			if r.bad != errSectionNoNumber.Error() {
				id = sectionKey(r.vals[s.idCol])
				if done[id] {
					continue
				}
				done[id] = true
			}
			parts := 0
			for k2, s2 := range secs {
				r2 := r
				if k2 != k {
					if id == "" {
						continue
					}
					i2, ok := s2.byID[id]
					if !ok {
						continue
					}
					r2 = s2.rows[i2]
				}
				parts++
				row.lines[k2] = r2.line
				for i, v := range r2.vals {
					if i < len(src[k2]) && src[k2][i] >= 0 {
						row.vals[src[k2][i]] = v
					}
				}
				if r2.bad != "" && row.bad == "" {
					row.bad, row.at = r2.bad, k2
				}
			}
			if id != "" {
				joined++
				if k > 0 {
					// the number in the first section's case number column
					row.vals[src[0][secs[0].idCol]] = r.vals[s.idCol]
				}
				if parts < len(secs) {
					partial++
				}
			}
			row.line = row.lines[row.at]
			out = append(out, row)
			if len(out) >= xlsxRowChunk && !emit() {
				return nil
			}
		}
	}
	if !emit() {
		return nil
	}
	counts := make([]string, len(secs))
	for k, s := range secs {
		counts[k] = fmt.Sprintf("%q %d", s.label, len(s.rows))
	}
	msg := fmt.Sprintf("read the sheets %s as sections of one record (as Primero's Excel export puts each form section on a sheet), joined by case number: %d %s (rows a sheet: %s)",
		sheetLabels(want, label), joined, agreeN(joined, "record", "records"), strings.Join(counts, ", "))
	if partial > 0 {
		msg += fmt.Sprintf("; %d case %s on some of the sheets only, the others' columns read as not recorded", partial, agreeN(partial, "number is", "numbers are"))
	}
	e.notices = append(e.notices, msg)
	return nil
}

// agreeN is one or many, after n.
func agreeN(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// joinedPos puts a rejection of a joined row (see joinSections) at the sheet and row of the
// value it names, or, naming none, of the row it is about (srow.at); a repeat group's row
// judged at its parent's row is named too (Rejection.Of).
func (w *worker) joinedPos(rej *Rejection, row *srow) {
	j := w.lay.join
	sec := -1
	if rej.Column != "" {
		if i := slices.Index(w.lay.cols, rej.Column); i >= 0 {
			sec = j.colSec[i]
		}
	}
	if sec < 0 || row.lines[sec] == 0 {
		sec = row.at
	}
	rej.Sheet, rej.Line = j.labels[sec], row.lines[sec]
	if j.group && sec != 0 && row.lines[0] > 0 {
		// the parent's row is its record's every person's: name the person's own too
		rej.Of = fmt.Sprintf("%s!%d", j.labels[0], row.lines[0])
	}
}
