package ingest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"

	"github.com/prevalence/prevalence/detect"
	"github.com/prevalence/prevalence/schema"
)

// Workbook limits. A workbook is read into memory (zip needs random access) and its sheets are
// inflated in memory too: excelize would otherwise spill large sheets, identifiers and all, into
// the system's temporary folder, and case data must never touch the disk. So a workbook larger
// than xlsxMaxUnzip once inflated (a zip bomb among them) fails with a clear error instead.
const (
	xlsxMaxUnzip = 1 << 30
	xlsxRowChunk = 1024
)

// xlsxProducer streams the rows of a workbook's sheets with excelize's row iterator (never the
// whole sheet at once). Each sheet has its own header row, found as in CSV; a sheet without one
// is skipped when every sheet is read. Cells are read raw, so a date stored as a serial number
// arrives as a number and is turned into a date for date fields (see worker.parseDate); a date
// stored as text is parsed as text. Merged cells (a header cell spanning columns or rows, or a
// value merged down several rows) give their value to every cell they cover.
type xlsxProducer struct {
	// join: the sheets named are sections of one record, read joined by case number
	// (sectionSheets, joinSections)
	join bool
	// per sheet, the rows set to height 0 (see scanSheet): hidden as surely as hidden ones
	zero map[string]map[int]bool
	// noValue: rows with a formula cell whose value was never computed, by sheet (formulaRows)
	noValue map[string]map[int]bool
	// rep: the sheet named is a form's repeat group, read joined to its parent records
	// (repeatParent)
	rep *repeatJoin
	// the last sheet read with a header: its label and width, to tell a sheet that continues
	// it without a header row (continuation)
	lastLabel string
	lastWidth int
}

func (p *xlsxProducer) produce(e *emitter) error {
	limit := int64(DefaultMaxBytes)
	var want []string // the sheets the config names (sheet:, sheets:)
	if m := e.conf.mapping; m != nil {
		if m.MaxBytes > 0 {
			limit = m.MaxBytes
		}
		want = slices.Clone(m.Sheets)
		if m.Sheet != "" {
			want = []string{m.Sheet}
		}
	}
	data, err := readWhole(e.in, limit, "PK\x03\x04", "an XLSX workbook (a zip archive)")
	if err != nil {
		if errors.Is(err, errOLE2) {
			// Excel saves a workbook with a password (encrypted) as an OLE2 compound file
			// under its .xlsx name; an old .xls renamed to .xlsx is one too.
			return fmt.Errorf("%w: a password-protected (encrypted) workbook, or an old .xls workbook named .xlsx (an OLE2 file, not a zip archive); "+
				"save it as .xlsx (without a password) and read that", ErrBrokenFile)
		}
		return err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue: true, UnzipSizeLimit: xlsxMaxUnzip, UnzipXMLSizeLimit: xlsxMaxUnzip,
	})
	if err != nil {
		if strings.Contains(err.Error(), "size exceeds") {
			return fmt.Errorf("%w: the workbook inflates to more than %d MiB", ErrTooLarge, xlsxMaxUnzip>>20)
		}
		return fmt.Errorf("%w: not a readable XLSX workbook", ErrBrokenFile)
	}
	defer f.Close()
	date1904 := false
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		date1904 = *props.Date1904
	}
	sheets := f.GetSheetList()
	for i, w := range want {
		found := ""
		for _, s := range sheets {
			if strings.EqualFold(s, w) {
				found = s
			}
		}
		if found == "" {
			return fmt.Errorf("%w %q in the workbook", ErrNoSheet, w)
		}
		want[i] = found
	}
	merges, zero, noValue := sheetMerges(data)
	p.zero, p.noValue = zero, noValue
	// A cell far right (column XFD) makes excelize hand over every row padded to it: 16,384
	// strings a row. Cells right of each sheet's header are in no column, so they are removed
	// from the sheets' XML before the rows are read; a named column far right, and the cells
	// of a sheet with no header (read only to count its rows), are moved next to the near
	// columns (see cellPlan): the cost follows the cells.
	plans := map[string]cellPlan{}
	heads := map[string]sheetHead{}
	for _, sheet := range sheets {
		w, header, row := headerWidth(e, f, sheet, merges[sheet], date1904)
		heads[sheet] = sheetHead{header: header[:w], row: row}
		if pl, ok := planCells(w, header, merges[sheet], e.conf.mapping); ok {
			plans[sheet] = pl
		}
	}
	if trimmed, ok := trimFarCells(data, plans); ok {
		g, err := excelize.OpenReader(bytes.NewReader(trimmed), excelize.Options{
			RawCellValue: true, UnzipSizeLimit: xlsxMaxUnzip, UnzipXMLSizeLimit: xlsxMaxUnzip,
		})
		if err == nil {
			f.Close()
			f = g
			defer g.Close()
		}
	}
	label := func(s string) string {
		idx, _ := f.GetSheetIndex(s)
		return sheetLabel(s, idx)
	}
	if len(want) == 0 && !namesInput(e.conf.mapping) {
		if reason, hint := sideWorkbook(f, sheets, heads); reason != "" {
			// The whole workbook is no export of cases (as a CSV's skipInput): its rows are
			// counted, none read, and none of its columns is called dropped.
			n := 0
			for _, s := range sheets {
				n += nonBlankRows(f, s, merges[s])
			}
			e.res.takeUnknown()
			e.skipped = append(e.skipped, SkippedSheet{Rows: n, Reason: reason})
			e.notices = append(e.notices, fmt.Sprintf("skipped: %s; its %d non-blank rows (header included) were not read (%s)", reason, n, hint))
			return nil
		}
	}
	skips, err := p.choose(e, f, sheets, heads, merges, want, label)
	if err != nil {
		return err
	}
	index := func(s string) int {
		idx, _ := f.GetSheetIndex(s)
		return idx
	}
	if err := sheetDefaultsRead(e.conf.mapping, sheets, skips, label, index); err != nil {
		return err
	}
	if len(want) == 0 {
		if err := copySheets(e.conf.mapping, f, sheets, heads, merges, skips, label); err != nil {
			return err
		}
	}
	anyHeader := false
	type readSheet struct {
		label string
		rows  int
	}
	var read []readSheet
	at := len(e.notices)
	if p.join {
		for _, sheet := range sheets {
			if sk, ok := skips[sheet]; ok {
				p.skip(e, f, sheet, merges[sheet], label(sheet), sk)
			}
		}
		return p.joinSections(e, f, want, merges, date1904, label)
	}
	if p.rep != nil {
		if err := p.readParent(e, f, merges[p.rep.parent], heads[p.rep.parent], label); err != nil {
			return err
		}
	}
	for _, sheet := range sheets {
		if sk, ok := skips[sheet]; ok {
			if p.rep == nil || sheet != p.rep.parent {
				p.skip(e, f, sheet, merges[sheet], label(sheet), sk)
			}
			continue
		}
		ok, rows, err := p.sheet(e, f, sheet, merges[sheet], date1904, len(want) > 0)
		if err != nil {
			return err
		}
		if ok {
			read = append(read, readSheet{label(sheet), rows})
		}
		anyHeader = anyHeader || ok
		if e.ctx.Err() != nil {
			return nil
		}
	}
	if !anyHeader {
		return ErrNoKnownColumn
	}
	if p.rep != nil {
		// the parent's records: read into the group's rows, never as cases
		p.skip(e, f, p.rep.parent, merges[p.rep.parent], label(p.rep.parent), sheetSkip{reason: p.rep.reason(label(p.rep.child))})
	}
	// Which sheets gave the rows is never left to guess: with more than one sheet in the
	// workbook, a notice names each sheet read and its rows (the skipped ones have their own).
	if len(sheets) > 1 {
		var b strings.Builder
		total := 0
		for i, r := range read {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%q (%d rows)", r.label, r.rows)
			total += r.rows
		}
		msg := fmt.Sprintf("read %d sheets of the workbook's %d: %s; %d rows in all", len(read), len(sheets), b.String(), total)
		if len(read) == 1 {
			msg = fmt.Sprintf("read sheet %q of the workbook's %d (%d rows)", read[0].label, len(sheets), read[0].rows)
		}
		e.notices = slices.Insert(e.notices, at, msg)
	}
	return nil
}

// sheetDefaultsRead refuses sheet_defaults that name a sheet the workbook does not have, or
// one that is not read as cases (skipped): the rows they were written for would keep no
// default. A sheet is named by its label (its number when its name could be data). A sheet
// is given by its name or by its position ("#2", the 1-based index that a notice's "sheet 2"
// shows for a name withheld as possibly a person's), never both.
func sheetDefaultsRead(m *Mapping, sheets []string, skips map[string]sheetSkip, label func(string) string, index func(string) int) error {
	if m == nil {
		return nil
	}
	named := map[string]bool{}
	for i, name := range sortedKeys(m.SheetDefaults) {
		key := fmt.Sprintf("sheet %d of %d (A to Z by name)", i+1, len(m.SheetDefaults))
		if detect.SheetLabel(name) || statusSheet(name) || strings.HasPrefix(name, "#") {
			key = fmt.Sprintf("%q", name) // the config's key, named as the sheet would be
		}
		found := ""
		for _, s := range sheets {
			if sheetKey(s) != sheetKey(name) {
				continue
			}
			if found != "" {
				return fmt.Errorf("%w: sheet_defaults: %s names two sheets, %q and %q, whose names differ only in letter case or spaces: rename one of them in the workbook",
					ErrNoSheet, key, label(found), label(s))
			}
			found = s
		}
		if found == "" && strings.HasPrefix(name, "#") {
			for _, s := range sheets {
				if sheetPosition(index(s)) == name {
					found = s
				}
			}
		}
		if found != "" && named[found] {
			return fmt.Errorf("%w: sheet_defaults: sheet %q is given twice, by its name and by its position: give it once", ErrNoSheet, label(found))
		}
		named[found] = true
		if found == "" {
			return fmt.Errorf("%w: sheet_defaults: %s is not in the workbook (its sheets: %s; a sheet whose name is withheld is given by its position, \"#2\" for \"sheet 2\")",
				ErrNoSheet, key, sheetLabels(sheets, label))
		}
		if sk, skipped := skips[found]; skipped {
			return fmt.Errorf("%w: sheet_defaults: sheet %q is not read as cases (%s): its defaults would apply to no row", ErrNoSheet, label(found), sk.reason)
		}
	}
	return nil
}

// sheetKey is the form in which a sheet's name and a key of sheet_defaults are compared: letter
// case and spaces around and between words ignored ("Khost " is "khost", as a trailing space
// in a sheet's tab is not seen; attack-2026-12-02d finding 7).
func sheetKey(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// sheetPosition is the key of sheet_defaults that gives the sheet of 0-based index idx by its
// position: "#1" for the first.
func sheetPosition(idx int) string { return "#" + strconv.Itoa(idx+1) }

// sheetLabels lists the labels of a workbook's sheets, quoted.
func sheetLabels(sheets []string, label func(string) string) string {
	q := make([]string, len(sheets))
	for i, s := range sheets {
		q[i] = strconv.Quote(label(s))
	}
	return strings.Join(q, ", ")
}

// sheetHead is a sheet's header (up to its last named column; nil when it has none) and its
// 1-based row.
type sheetHead struct {
	header []string
	row    int
}

// sheetSkip is why a sheet is not read: the reason recorded in the manifest, and what the
// notice tells the user to do about it.
type sheetSkip struct{ reason, hint string }

// choose decides which sheets are read as cases and returns the others with why; it refuses
// the workbook when that cannot be decided for certain. Every sheet is a candidate but those
// with no header (sheet records them), a form's repeat group (KoboToolbox's household members:
// rows that belong to another sheet's records) and a summary (counts per group, see
// summaryColumn). The first candidate that maps two fields or more (else the first) is the
// first sheet of cases: its mapped fields are the layout. Another candidate with the same
// fields is read too (a sheet per year or per shelter); one that maps only some of them (a
// "Lists" sheet of dropdown values headed "Sex") is skipped; one that maps a field the first
// does not leaves it uncertain which sheet holds the cases, and the workbook is refused. With
// sheet: (or sheets:) in the config, those sheets are read, but for a summary, and the others
// are recorded as skipped.
func (p *xlsxProducer) choose(e *emitter, f *excelize.File, sheets []string, heads map[string]sheetHead, merges map[string][]mergeRange, want []string, label func(string) string) (map[string]sheetSkip, error) {
	skips := map[string]sheetSkip{}
	m := e.conf.mapping
	if len(want) > 0 {
		reason := "not the sheet the config names"
		if len(m.Sheets) > 0 {
			reason = "not among the sheets the config names"
		}
		if len(want) == 1 && repeatColumn(heads[want[0]].header) >= 0 {
			rj, err := repeatParent(f, m, sheets, heads, want[0], label)
			if err != nil {
				return nil, err
			}
			p.rep = rj
		}
		for _, s := range sheets {
			if p.rep != nil && s == p.rep.parent {
				skips[s] = sheetSkip{} // its reason once the group is read (repeatJoin.reason)
			} else if !slices.Contains(want, s) {
				skips[s] = sheetSkip{reason: reason + parentLost(m, s, want, heads, label)}
			}
		}
		for _, w := range want {
			if err := consentSheet(w, label); err != nil {
				return nil, err // named or not: consent is not the config's to give
			}
			h := heads[w]
			col, _ := summaryColumn(m, h.header)
			if col < 0 {
				continue
			}
			sum, err := scanSummary(f, w, merges[w], h, m, col)
			if err != nil {
				return nil, &posError{err: err, sheet: label(w)}
			}
			if sum == summaryCertain {
				return nil, &posError{sheet: label(w), err: fmt.Errorf("%w: %s holds counts, no column identifies a person and no two rows describe the same group: "+
					"a summary, not one row per case; name the sheet of cases with sheet: in the config, or, if its rows are cases, map the column under columns: (as drop, or onto its field)", ErrNotCases, columnAt(h.header[col], col+1))}
			}
		}
		if e.conf.sheetScoped || p.rep != nil {
			// numbers restarting per sheet: a number shared is two people, never sections
		} else if join, err := sectionSheets(f, want, heads, merges, m, label); err != nil {
			return nil, err
		} else {
			p.join = join
		}
		return skips, nil
	}
	var cands []string
	var notCases []string // why sheets with mapped columns were skipped, for the error when none is left
	var repeats []string  // the sheets of repeat groups
	for _, s := range sheets {
		h := heads[s]
		if h.header == nil {
			continue // sheet counts and records it
		}
		if visible, err := f.GetSheetVisible(s); err == nil && !visible {
			// Registers hide the sheets of closed, deleted or test records: a hidden sheet
			// is no sheet of cases unless the config names it.
			skips[s] = sheetSkip{
				reason: "hidden in the workbook",
				hint:   "if it holds cases, name the sheets of cases with sheet: or sheets: in the config, or unhide it",
			}
			notCases = append(notCases, fmt.Sprintf("%q is hidden", label(s)))
			continue
		}
		if w := discardedName(s); w != "" {
			// A register keeps the records it took out on a visible sheet as often as on a
			// hidden one: "Deleted records", "Duplicates", "Test".
			skips[s] = sheetSkip{
				reason: fmt.Sprintf("its name (%q) says its rows are records taken out, not cases", w),
				hint:   "if it holds cases, name the sheets of cases with sheet: or sheets: in the config",
			}
			notCases = append(notCases, fmt.Sprintf("%q is named as records taken out", label(s)))
			continue
		}
		if err := consentSheet(s, label); err != nil {
			return nil, err
		}
		// A form's repeat group of other people ("household_members") is skipped below as a
		// repeat group: its rows are not read.
		repeat := repeatColumn(h.header) >= 0
		if w := statusName(s); w != "" && otherPeople(w) && !repeat && slices.Contains(headerFields(m, h.header), schema.TraffickingStatus) {
			// Witnesses or suspects on a sheet of their own, with the case's status on each row
			// (attack-2026-12-05a T1): the status is the case's, not the person's. A sheet's
			// default fills only the rows whose column is empty, so it says nothing here: the
			// way out it once named read the rows as victims all the same.
			return nil, &posError{sheet: label(s), err: fmt.Errorf("%w: its name (%s) says its people are other people than victims (witnesses, suspects, perpetrators, relatives), "+
				"and its status column gives each row the case's status, not the person's: read, they would be counted as identified victims; "+
				"name the sheets of cases with sheet: or sheets: in the config, this one only if its people are victims "+
				"(sheet_defaults cannot say what they are: a default fills only a row whose status column is empty)", ErrNotCases, quotedPhrase(w))}
		}
		if w := statusName(s); w != "" && !(repeat && otherPeople(w)) && !slices.Contains(headerFields(m, h.header), schema.TraffickingStatus) && !sheetStatus(m, s, sheetDefaultsKey(f, s, label)) {
			// Screened referrals kept on a sheet of their own ("Not victims", "At risk"): the
			// name is the only status their rows have, and without one they count as
			// identified victims (attack-2026-12-03d finding 6).
			return nil, &posError{sheet: label(s), err: fmt.Errorf("%w: its name (%s) speaks of who its people are (their trafficking status, or other people than victims) and no column of it records a status, "+
				"so its rows would be counted as identified victims: say what they are with sheet_defaults: {%q: {trafficking_status: not}} (or at_risk, possible, actual), "+
				"or name the sheets of cases with sheet: or sheets: in the config", ErrNotCases, quotedPhrase(w), sheetDefaultsKey(f, s, label))}
		}
		w := asideName(s)
		if w == "" && copiedSheet(s, sheets) {
			w = "copy" // LibreOffice's "Cases 2024_2" beside "Cases 2024" (attack-2026-12-06c C4)
		}
		if w != "" && slices.ContainsFunc(sheets, func(o string) bool { return o != s && asideName(o) == "" && heads[o].header != nil }) {
			// Beside the register's sheet, an archive or a copy of it: its rows are closed cases
			// of the register, records taken out, or the register's people again; which, only
			// the organisation knows (an "Archived" column is refused so: zm).
			return nil, &posError{sheet: label(s), err: fmt.Errorf("%w: its name (%s) says it keeps the register's rows aside or again (an archive or a copy), beside a sheet of cases: "+
				"its rows may be closed cases, records taken out, or the other sheet's people a second time; name the sheets of cases with sheet: or sheets: in the config", ErrNotCases, quotedPhrase(w))}
		}
		if w := exampleName(s); w != "" && slices.ContainsFunc(sheets, func(o string) bool { return exampleName(o) == "" }) {
			// A register's filled-in example row ("Example", "Sample entry", "Template"): one
			// made-up case read as a real one (attack-2026-12-03a, lows). Only beside a
			// sheet of another name: a workbook of examples alone is read.
			skips[s] = sheetSkip{
				reason: fmt.Sprintf("its name (%q) says its rows are an example, not cases", w),
				hint:   "if it holds cases, name the sheets of cases with sheet: or sheets: in the config",
			}
			notCases = append(notCases, fmt.Sprintf("%q is named as an example", label(s)))
			continue
		}
		if col := repeatColumn(h.header); col >= 0 {
			skips[s] = sheetSkip{
				reason: fmt.Sprintf("a form's repeat group (its %s ties each row to a record of another sheet), not one row per case", columnAt(h.header[col], col+1)),
				hint:   "if its rows are the cases, name it with sheet: in the config",
			}
			notCases = append(notCases, fmt.Sprintf("%q is a form's repeat group", label(s)))
			repeats = append(repeats, s)
			continue
		}
		if have := headerFields(m, h.header); len(have) > 0 && !slices.ContainsFunc(have, func(f string) bool { return !freeText[fieldIndex(f)] }) {
			// A sheet of notes ("Note", "Remarks"): free text is never read, and nothing
			// else says its rows are cases.
			skips[s] = sheetSkip{
				reason: fmt.Sprintf("its only mapped columns are free text (%s), which is never read: notes, not one row per case", strings.Join(have, ", ")),
				hint:   "if its rows are cases, map their columns under columns:",
			}
			notCases = append(notCases, fmt.Sprintf("%q holds only free text", label(s)))
			continue
		}
		if col, exact := summaryColumn(m, h.header); col >= 0 {
			sum, err := scanSummary(f, s, merges[s], h, m, col)
			if err != nil {
				return nil, &posError{err: err, sheet: label(s)}
			}
			switch summaryKind(sum, exact) {
			case summaryCertain:
				skips[s] = sheetSkip{
					reason: fmt.Sprintf("a summary (its %s holds counts per group), not one row per case", columnAt(h.header[col], col+1)),
					hint:   "if its rows are cases, map that column under columns: (as drop, or onto its field)",
				}
				notCases = append(notCases, fmt.Sprintf("%q is a summary", label(s)))
				continue
			case summaryUnsure:
				return nil, &posError{sheet: label(s), err: fmt.Errorf("%w: its %s holds whole numbers under a name for counts, so it may be a summary, not one row per case; "+
					"name the sheet of cases with sheet: in the config", ErrNotCases, columnAt(h.header[col], col+1))}
			}
		}
		cands = append(cands, s)
	}
	if len(cands) == 0 {
		if len(notCases) > 0 {
			return nil, fmt.Errorf("%w: no sheet holds one row per case (%s); name the sheet of cases with sheet: in the config", ErrNotCases, strings.Join(notCases, ", "))
		}
		return skips, nil
	}
	first := cands[0]
	for _, s := range cands {
		if len(headerFields(m, heads[s].header)) >= 2 {
			first = s
			break
		}
	}
	want1 := headerFields(m, heads[first].header)
	if err := codeListSheet(f, first, merges[first], heads[first], m); err != nil {
		return nil, &posError{sheet: label(first), err: err}
	}
	if !namesInput(m) {
		// The first sheet of cases is judged as a CSV is (sideFile): a list of staff, contacts
		// or shelters alone in a workbook (name, gender, province, phone) was read as cases,
		// each row one more victim (attack-2026-12-02e finding 4). The other sheets read are
		// those that map its fields.
		var fields []int
		for i, c := range heads[first].header {
			if name := m.sheetField(i, c); name != "" && !slices.Contains(fields, fieldIndex(name)) {
				fields = append(fields, fieldIndex(name))
			}
		}
		ident, gender := sideFields(fields, heads[first].header, "take it out of the exports",
			"name the sheet with sheet: (or the file exactly with match: under sources:) in the config")
		if err := cmp.Or(ident, gender); err != nil {
			return nil, &posError{sheet: label(first), err: err}
		}
	}
	if !slices.ContainsFunc(want1, func(f string) bool { return personField(fieldIndex(f)) }) {
		for _, s := range sheets {
			if heads[s].header == nil && !slices.Contains(repeats, s) {
				// a group of other persons maps no field: its header is found here
				if hdr := firstSheetRow(f, s); repeatColumn(hdr) >= 0 && otherPeopleGroup(m, hdr) != "" {
					heads[s] = sheetHead{header: hdr}
					repeats = append(repeats, s)
				}
			}
		}
		for _, r := range repeats {
			if g := otherPeopleGroup(m, heads[r].header); g != "" {
				// "suspects/gender", "perpetrators/age": a group of the case's other persons,
				// whose questions are not read; the parent's rows are operations or households,
				// not the victims (attack-2026-12-05f Y2)
				return nil, &posError{sheet: label(first), err: personless(fmt.Sprintf("sheet %q (its people's group is named for other persons of the case: %s)", label(r), detect.Label(g, "its name withheld")),
					fmt.Sprintf("the victims are not in this workbook's repeat group: export the form's group of victims, or, if each row of sheet %q is one victim whose gender and age were not recorded, name that sheet with sheet: in the config", label(first)))}
			}
			if slices.ContainsFunc(headerFields(m, heads[r].header), func(f string) bool { return personField(fieldIndex(f)) }) {
				if rj, err := repeatParent(f, m, sheets, heads, r, label); err == nil && rj != nil && rj.parent == first && len(rj.fields) > 0 {
					return nil, &posError{sheet: label(first), err: personless(fmt.Sprintf("sheet %q", label(r)),
						fmt.Sprintf("if its rows are the people, name sheet %q with sheet: in the config: each of its rows is then read as a case and takes its record's %s from sheet %q "+
							"(matching its %s to that sheet's %s); if each row of sheet %q is one person whose gender and age were not recorded, name that sheet",
							label(r), strings.Join(rj.fields, ", "), label(first), rj.link, rj.key, label(first)))}
				}
				return nil, &posError{sheet: label(first), err: personless(fmt.Sprintf("sheet %q", label(r)),
					fmt.Sprintf("if its rows are the people, name sheet %q with sheet: in the config, but first copy onto its rows the columns of sheet %q that it lacks (%s), "+
						"matching its _parent_index to that sheet's _index (ODK: its PARENT_KEY to KEY): the group is not joined to its parent, and named alone its people are read without them; "+
						"if each row of sheet %q is one person whose gender and age were not recorded, name that sheet",
						label(r), label(first), strings.Join(fieldsLacking(m, heads[first].header, heads[r].header), ", "), label(first)))}
			}
		}
	}
	for _, s := range cands {
		have := headerFields(m, heads[s].header)
		if s == first || slices.Equal(have, want1) {
			continue
		}
		var extra, missing []string
		for _, fl := range have {
			if !slices.Contains(want1, fl) {
				extra = append(extra, fl)
			}
		}
		for _, fl := range want1 {
			if !slices.Contains(have, fl) {
				missing = append(missing, fl)
			}
		}
		if len(extra) > 0 {
			return nil, &posError{sheet: label(s), err: fmt.Errorf("%w: its columns map onto fields that sheet %q, the first sheet of cases, has not (%s), and the sheets' columns differ: "+
				"which sheet holds the cases is not certain; name it with sheet: in the config (or the sheets of cases with sheets:), or give the sheets the same columns",
				ErrNotCases, label(first), strings.Join(extra, ", "))}
		}
		if caseSheet(have) {
			// A sheet per year whose older sheet lacks a column (a remark, the form) holds
			// cases as surely as the first: skipped, half the register went to a notice, and
			// the other order refused (attack-2026-12-05e X7). Refused the same way.
			return nil, &posError{sheet: label(s), err: fmt.Errorf("%w: its columns map onto fewer fields than those of sheet %q, the first sheet of cases (none onto %s), but onto a case's own (a person's gender, age or date of birth, and the case's date or place): "+
				"whether it holds cases too is not certain; name the sheets of cases with sheets: in the config (or the one sheet with sheet:), or give the sheets the same columns",
				ErrNotCases, label(first), strings.Join(missing, ", "))}
		}
		skips[s] = sheetSkip{
			reason: fmt.Sprintf("its columns map onto fewer fields than those of sheet %q, the first sheet of cases (none onto %s)", label(first), strings.Join(missing, ", ")),
			hint:   "if it holds cases too, name the sheets of cases with sheets: in the config, or give it the same columns",
		}
	}
	return skips, nil
}

// caseSheet reports whether a sheet's mapped fields are a case row's: a person's field
// (personField) and the case's date or province (a country alone may be a default's).
func caseSheet(fields []string) bool {
	person, when := false, false
	for _, f := range fields {
		i := fieldIndex(f)
		person = person || personField(i)
		switch f {
		case schema.RegistrationDate, schema.YearOfRegistration, schema.RegistrationPeriod, schema.ProvinceOfExploitation,
			schema.ProvinceOfOrigin:
			when = true
		}
	}
	return person && when
}

// sideWorkbook returns why a workbook is no export of cases at all, and what to do if it is
// one, or "" when it may be: a form's definition (an XLSForm: what KoboToolbox's "Download
// XLSForm" and ODK save beside the data, its questions one row each on sheet survey and its
// answers' lists on choices), or the programme's list of centres saved from Excel (every sheet
// with a header is a centres file's: name, province, capacity, ages, genders), which in a
// folder is skipped as a CSV (cmd/prevalence centresList). Read as cases, each question,
// choice or centre was a victim of unknown gender (attack-2026-12-02e finding 4).
func sideWorkbook(f *excelize.File, sheets []string, heads map[string]sheetHead) (reason, hint string) {
	if xlsForm(f, sheets) {
		return "a form's definition (an XLSForm: its sheet \"survey\" lists the form's questions, one row each, under type, name and label), not one row per case",
			"if its rows are cases, name the file exactly with match: under sources: in the config"
	}
	n := 0
	for _, s := range sheets {
		h := heads[s].header
		if h == nil {
			continue
		}
		if !centresHeader(h) {
			return "", ""
		}
		n++
	}
	if n == 0 {
		return "", ""
	}
	return "a list of centres (its columns are a centres file's: name, province, capacity, ages, genders), not one row per case",
		"to use it, save it as CSV and give it under centres: in the config"
}

// xlsForm reports whether a workbook is an XLSForm: a sheet "survey" headed type, name and a
// label (label, or label::English (en) per language), beside a sheet "choices" headed
// list_name and name or a sheet "settings" (form_title, form_id, version). The header is the
// sheet's first non-blank row, as the XLSForm specification has it.
func xlsForm(f *excelize.File, sheets []string) bool {
	has := func(head []string, pred func(string) bool) bool { return slices.ContainsFunc(head, pred) }
	is := func(name string) func(string) bool { return func(c string) bool { return fold(c) == name } }
	label := func(c string) bool {
		c = strings.ToLower(strings.TrimSpace(c))
		return c == "label" || strings.HasPrefix(c, "label:")
	}
	survey, other := false, false
	for _, s := range sheets {
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "survey":
			h := firstFilledRow(f, s)
			survey = has(h, is("type")) && has(h, is("name")) && has(h, label)
		case "choices":
			h := firstFilledRow(f, s)
			other = other || has(h, is("listname")) && has(h, is("name"))
		case "settings":
			other = other || len(firstFilledRow(f, s)) > 0
		}
	}
	return survey && other
}

// firstFilledRow returns a sheet's first non-blank row, nil when it has none.
func firstFilledRow(f *excelize.File, sheet string) []string {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil
	}
	defer rows.Close()
	for rows.Next() {
		vals, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil
		}
		if !blank(vals) {
			return vals
		}
	}
	return nil
}

// centreColumns are the columns of a centres file (analysis.CentreFields and
// CentreFieldNames, and the optional country), folded: a sheet headed by them is a list of
// centres. ingest does not import analysis (DuckDB); the lists are short.
var centreColumns = map[string]string{
	"name": "name", "province": "province", "capacity": "capacity", "places": "capacity", "beds": "capacity",
	"ages": "ages", "age": "ages", "ageband": "ages", "agebands": "ages", "genders": "genders", "gender": "genders",
	"country": "country",
}

// centresHeader reports whether a header is a centres file's: every column one of
// centreColumns, the five a centre gives all present.
func centresHeader(header []string) bool {
	seen := map[string]bool{}
	for _, c := range header {
		if strings.TrimSpace(c) == "" {
			continue
		}
		k, ok := centreColumns[fold(c)]
		if !ok {
			return false
		}
		seen[k] = true
	}
	return seen["name"] && seen["province"] && seen["capacity"] && seen["ages"] && seen["genders"]
}

// copySheets adds to skips every sheet to be read whose rows all occur in another sheet to be
// read, as often, with the same values in every mapped column: a filtered view or a copy of
// the register ("All cases" and "Boys"), whose rows would otherwise count the same people twice
// (without case numbers nothing merges them). Of two sheets with the same rows, the later is
// the copy. That is certain only when a mapped column tells people apart (a case number, a
// name, a date: see distinctField); with only gender, age, place and form, a short sheet of
// other cases can match by chance, and which it is is not known: the workbook is refused,
// naming both sheets. Only without sheet:/sheets:, which say which sheets hold the cases.
func copySheets(m *Mapping, f *excelize.File, sheets []string, heads map[string]sheetHead, merges map[string][]mergeRange, skips map[string]sheetSkip, label func(string) string) error {
	var reads []string
	for _, s := range sheets {
		if _, ok := skips[s]; !ok && heads[s].header != nil {
			reads = append(reads, s)
		}
	}
	if len(reads) < 2 {
		return nil
	}
	rows := map[string]sheetKeys{}
	seed := maphash.MakeSeed() // one for every sheet: their keys are compared
	for _, s := range reads {
		keys, err := sheetRowKeys(f, s, merges[s], heads[s], m, seed)
		if err != nil {
			return &posError{err: err, sheet: label(s)}
		}
		rows[s] = keys
	}
	// within: every row of a occurs in b at least as often (a view repeats a row as often as
	// the register does; two equal rows are two people).
	within := func(a, b map[uint64]int) bool {
		for k, n := range a {
			if b[k] < n {
				return false
			}
		}
		return true
	}
	for i, s := range reads {
		if len(rows[s].n) == 0 {
			continue
		}
		for j, o := range reads {
			if o == s {
				continue
			}
			if _, gone := skips[o]; gone || !within(rows[s].n, rows[o].n) {
				continue
			}
			if rows[o].rows == rows[s].rows && j > i {
				continue // the same rows: the later sheet is the copy
			}
			if !rows[s].distinct {
				return &posError{sheet: label(s), err: fmt.Errorf("%w: each of its %d rows has the same values as a row of sheet %q in its mapped columns (%s), "+
					"which do not tell people apart (no case number, name or date): it may be a copy or filtered view of that sheet, or other cases that match by chance; "+
					"name the sheets of cases with sheets: in the config (or the one sheet with sheet:)", ErrNotCases, rows[s].rows, label(o), strings.Join(rows[s].fields, ", "))}
			}
			skips[s] = sheetSkip{
				reason: fmt.Sprintf("a copy or filtered view of sheet %q: each of its rows has the same values in every mapped column as a row of that sheet, so its people are counted there", label(o)),
				hint:   "if its rows are other cases, name the sheets of cases with sheets: in the config",
			}
			break
		}
	}
	// A view with a row edited (an age corrected) or added is no exact copy, but with a column
	// that tells people apart, nearly all its rows in another sheet are no chance: read, its
	// people would be counted twice; which rows are the same people is not known: refused.
	shared := func(a, b map[uint64]int) int {
		n := 0
		for k, c := range a {
			n += min(c, b[k])
		}
		return n
	}
	for _, s := range reads {
		if _, gone := skips[s]; gone || !rows[s].distinct {
			continue
		}
		for _, o := range reads {
			if _, gone := skips[o]; gone || o == s {
				continue
			}
			n, all := shared(rows[s].n, rows[o].n), rows[s].rows
			if n >= 2 && all-n <= max(1, all/10) {
				return &posError{sheet: label(s), err: fmt.Errorf("%w: %d of its %d rows have the same values as rows of sheet %q in every mapped column (%s): "+
					"it may be a copy or filtered view of that sheet with rows edited or added, whose people would be counted twice; "+
					"name the sheets of cases with sheets: in the config (or the one sheet with sheet:)", ErrNotCases, n, all, label(o), strings.Join(rows[s].fields, ", "))}
			}
		}
	}
	return nil
}

// distinctField reports whether a field's values tell people apart, so that rows equal in it
// and every other mapped column are the same record: an identifier (case number, name,
// date of birth, phone ...) or a date of registration or update.
func distinctField(name string) bool {
	if name == schema.RegistrationDate || name == schema.UpdatedAt {
		return true
	}
	f, ok := schema.Lookup(name)
	return ok && f.Role == schema.Identifier
}

// sheetKeys are a sheet's rows by key (see sheetRowKeys): how many rows have each key, the
// rows in all, the mapped fields keyed on, and whether one of them tells people apart.
type sheetKeys struct {
	n        map[uint64]int
	rows     int
	fields   []string
	distinct bool
}

// sheetField is the field the mapping gives the sheet's column i (0-based) headed c, or ""
// when the column is unmapped, dropped or names no field.
func (m *Mapping) sheetField(i int, c string) string {
	name, ok := m.positional(i + 1)
	if !ok {
		name = m.resolveColumn(strings.TrimSpace(c))
	}
	if name == "drop" || fieldIndex(name) < 0 {
		return ""
	}
	return name
}

// sheetRowKeys returns the keys of a sheet's non-blank rows below its header h: a hash of the
// values of its mapped columns, by field (columns in any order), lower-cased and trimmed.
func sheetRowKeys(f *excelize.File, sheet string, merges []mergeRange, h sheetHead, m *Mapping, seed maphash.Seed) (sheetKeys, error) {
	type col struct {
		i     int
		field string
	}
	var cols []col
	for i, c := range h.header {
		if name := m.sheetField(i, c); name != "" {
			cols = append(cols, col{i, name})
		}
	}
	slices.SortStableFunc(cols, func(a, b col) int { return strings.Compare(a.field, b.field) })
	keys := sheetKeys{n: map[uint64]int{}}
	for _, c := range cols {
		if !slices.Contains(keys.fields, c.field) {
			keys.fields = append(keys.fields, c.field)
		}
		keys.distinct = keys.distinct || distinctField(c.field)
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return keys, fmt.Errorf("%w: unreadable sheet", ErrBrokenFile)
	}
	defer rows.Close()
	mv := newMergeFiller(merges)
	var hash maphash.Hash
	hash.SetSeed(seed)
	for n := 1; rows.Next(); n++ {
		vals, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return keys, fmt.Errorf("%w: unreadable row", ErrBrokenFile)
		}
		vals = mv.fill(n, vals)
		if n <= h.row || blank(vals) {
			continue
		}
		hash.Reset()
		for _, c := range cols {
			v := ""
			if c.i < len(vals) {
				v = strings.ToLower(strings.TrimSpace(vals[c.i]))
			}
			hash.WriteString(c.field)
			hash.WriteByte(0)
			hash.WriteString(v)
			hash.WriteByte(0)
		}
		keys.n[hash.Sum64()]++
		keys.rows++
	}
	if err := rows.Error(); err != nil {
		return keys, fmt.Errorf("%w: unreadable sheet", ErrBrokenFile)
	}
	return keys, nil
}

// nonBlankRows counts a sheet's non-blank rows (header included).
func nonBlankRows(f *excelize.File, sheet string, merges []mergeRange) int {
	n := 0
	if rows, err := f.Rows(sheet); err == nil {
		mv := newMergeFiller(merges)
		for r := 1; rows.Next(); r++ {
			vals, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				break
			}
			if !blank(mv.fill(r, vals)) {
				n++
			}
		}
		rows.Close()
	}
	return n
}

// skip counts a sheet's non-blank rows (header included) and records it as skipped, with a
// notice, when it has any.
func (p *xlsxProducer) skip(e *emitter, f *excelize.File, sheet string, merges []mergeRange, label string, sk sheetSkip) {
	n := nonBlankRows(f, sheet, merges)
	if n == 0 {
		return
	}
	e.skipped = append(e.skipped, SkippedSheet{Sheet: label, Rows: n, Reason: sk.reason})
	msg := fmt.Sprintf("sheet %q skipped: %s; its %d non-blank rows (header included) were not read", label, sk.reason, n)
	if sk.hint != "" {
		msg += " (" + sk.hint + ")"
	}
	e.notices = append(e.notices, msg)
}

// headerFields returns the fields a header's columns map onto, sorted, each once (a column
// named by position in the mapping takes that mapping); the parts of a name count as one.
func headerFields(m *Mapping, header []string) []string {
	var out []string
	for i, c := range header {
		name, ok := m.positional(i + 1)
		if !ok {
			name = m.resolveColumn(strings.TrimSpace(c))
		}
		if name == "" || name == "drop" || fieldIndex(name) < 0 {
			continue
		}
		name, _, _ = strings.Cut(name, "#")
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// repeatColumn returns the column of a header that marks a form's repeat group, -1 when none:
// KoboToolbox's export puts each repeat group on its own sheet, its rows tied to the main
// sheet's by _parent_index and _parent_table_name (and _submission__id); ODK Central, ODK
// Briefcase and SurveyCTO use PARENT_KEY, in a sheet or in a CSV beside the main export's.
// fieldsLacking returns the fields the columns of header from map that those of header to do
// not (case_id aside).
func fieldsLacking(m *Mapping, from, to []string) []string {
	have := headerFields(m, to)
	var out []string
	for _, f := range headerFields(m, from) {
		if f != schema.CaseID && !slices.Contains(have, f) {
			out = append(out, f)
		}
	}
	return out
}

// parentLost says, for the skip notice of sheet s when the config names a form's repeat group
// (want), that s is the form's own sheet whose columns the group's rows are read without: the
// repeat group is not joined to its parent (attack-2026-12-05b U7: following the advice, every
// person's date, province and forms were "not recorded" with nothing saying why).
func parentLost(m *Mapping, s string, want []string, heads map[string]sheetHead, label func(string) string) string {
	if repeatColumn(heads[s].header) >= 0 {
		return ""
	}
	for _, w := range want {
		if repeatColumn(heads[w].header) < 0 {
			continue
		}
		if lost := fieldsLacking(m, heads[s].header, heads[w].header); len(lost) > 0 {
			return fmt.Sprintf("; sheet %q, which the config names, is a form's repeat group whose rows are read without this sheet's columns (%s): "+
				"a repeat group is not joined to its parent, so those fields are not recorded for its people; copy them onto its rows "+
				"(matching its _parent_index to this sheet's _index; ODK: PARENT_KEY to KEY)", label(w), strings.Join(lost, ", "))
		}
	}
	return ""
}

func repeatColumn(header []string) int {
	for i, c := range header {
		switch strings.ToLower(strings.TrimSpace(c)) {
		case "_parent_index", "_parent_table_name", "_submission__id", "parent_key":
			return i
		}
		// ODK Central's OData feed of a repeat group: __Submissions-id, and in a nested
		// group __Submissions-<group>-id (the record it belongs to).
		if c := strings.TrimSpace(c); strings.HasPrefix(c, "__Submissions-") && strings.HasSuffix(c, "-id") {
			return i
		}
	}
	return -1
}

// countNames are folded column names that say a column holds counts of people per row.
var countNames = map[string]bool{
	"count": true, "counts": true, "cases": true, "casecount": true, "numberofcases": true, "noofcases": true,
	"totalcases": true, "total": true, "totals": true, "frequency": true, "freq": true, "victims": true,
	"numberofvictims": true, "noofvictims": true, "totalvictims": true, "survivors": true,
	"numberofsurvivors": true, "persons": true, "numberofpersons": true, "people": true,
	"numberofpeople": true, "headcount": true,
	// a summary's count named for what it counts (attack-2026-12-02e finding 4); a register's
	// serial number under such a name is no count (summaryScan.serial)
	"n": true, "number": true, "num": true, "newcases": true, "children": true, "boys": true, "girls": true,
	"men": true, "women": true, "adults": true, "minors": true, "identified": true, "rescued": true,
	// attack-2026-12-04e S8: other names of a group's count, and in the other languages read
	"noofchildren": true, "numberofchildren": true, "noofpersons": true, "noofpeople": true, "personsrescued": true,
	"childrenrescued": true, "victimsrescued": true, "groupsize": true, "sizeofgroup": true, "victimsn": true, "casesn": true,
	"personsn": true, "childrenn": true, "númerodevíctimas": true, "numerodevictimas": true, "númerodevictimas": true,
	"númerodepersonas": true, "numerodepersonas": true, "cantidaddevíctimas": true, "cantidaddevictimas": true,
	"númerodeniños": true, "numerodeninos": true, "nombredevictimes": true, "nombredepersonnes": true,
	"nombredenfants": true, "númerodevítimas": true, "numerodevitimas": true, "númerodepessoas": true, "numerodepessoas": true,
	"jumlahkorban": true, "jumlahorang": true, "jumlahanak": true, "totalkorban": true,
	// attack-2026-12-05a T6: abbreviations and quantities of the four languages
	"nºdevíctimas": true, "nºdevictimas": true, "nºvíctimas": true, "nodevíctimas": true, "nodevictimas": true,
	"nºdepersonas": true, "nodepersonas": true, "nºdevítimas": true, "nºdevitimas": true, "nodevítimas": true,
	"quantidadedevítimas": true, "quantidadedevitimas": true, "quantidadedepessoas": true, "quantidade": true,
	"cantidad": true, "cantidaddepersonas": true, "nbvictimes": true, "nbdevictimes": true, "nbpersonnes": true,
	"nbdepersonnes": true, "nbenfants": true, "nombrevictimes": true, "totalpersons": true, "totalpeople": true,
	"totalchildren": true, "numberofpersonsidentified": true, "numberofvictimsidentified": true,
	"numberofchildrenidentified": true, "personsidentified": true, "victimsidentified": true, "qty": true,
	"quantity": true, "jumlah": true, "jumlahpenyintas": true,
}

// summaryColumn returns the column of a header whose name says it holds counts ("Count",
// "Cases", "Total", "No. of victims") and that the mapping maps onto nothing (not even drop):
// the mark of a summary, to be confirmed by its values (scanSummary). -1 when none.
//
// A name that only holds a word for counts ("cases_count", "count_of_cases", "qty",
// "children_rescued": attack-2026-12-02f finding 3) is taken after the exact names, and exact
// is false for it: such a column may be a register's own ("total_days"), so only a certain
// summary is acted on (summaryKind).
func summaryColumn(m *Mapping, header []string) (col int, exact bool) {
	col = -1
	for i, c := range header {
		c = strings.TrimSpace(c)
		if _, ok := m.positional(i + 1); ok {
			continue
		}
		ex := countName(c)
		if !ex && (col >= 0 || !countWords(c)) {
			continue
		}
		if name, _ := m.resolveAny(c); name == "" {
			if ex {
				return i, true
			}
			col = i
		}
	}
	return col, false
}

// countName reports whether a column's name, or its group path's question
// ("group_victims/number_of_victims": attack-2026-12-05a T6), is one of countNames.
func countName(c string) bool {
	return countNames[fold(c)] || countNames[fold(lastSegment(c))]
}

// countWord are words that, in a column's name, say it holds counts: "cases_count",
// "count_of_cases", "qty", "children_rescued", "Rescued children".
var countWord = map[string]bool{
	"count": true, "counts": true, "qty": true, "quantity": true, "total": true, "totals": true,
	"tally": true, "rescued": true, "frequency": true, "freq": true,
	"size": true, "jumlah": true, "cantidad": true, "quantité": true, "quantite": true,
	"quantidade": true, "nº": true, "nb": true,
}

// countWords reports whether a column's name holds a word of countWord (see nameWords).
func countWords(name string) bool {
	return slices.ContainsFunc(nameWords(name), func(w string) bool { return countWord[w] })
}

// nameWords splits a column's name into lower-case words: at anything not a letter or digit,
// and where a lower-case letter meets an upper-case one ("casesCount").
func nameWords(name string) []string {
	var words []string
	var w []rune
	flush := func() {
		if len(w) > 0 {
			words = append(words, strings.ToLower(string(w)))
		}
		w = w[:0]
	}
	prev := rune(0)
	rs := []rune(name)
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && (unicode.IsLower(prev) || unicode.IsUpper(prev) && i+1 < len(rs) && unicode.IsLower(rs[i+1])):
			// "NotAVictim", "IDNumber": a capital before a lower-case letter starts a word
			// after capitals too (attack-2026-12-03g finding 2).
			flush()
			w = append(w, r)
		default:
			w = append(w, r)
		}
		prev = r
	}
	flush()
	return words
}

// summaryKind is what a table with a column named for counts is taken for: a summary scan's
// result (summaryNot, summaryCertain, summaryUnsure), an unsure one taken for none when the
// name only holds a word for counts (summaryColumn's exact false).
func summaryKind(r int, exact bool) int {
	if r == summaryUnsure && !exact {
		return summaryNot
	}
	return r
}

// What a sheet with a column named for counts holds (scanSummary).
const (
	summaryNot     = iota // the column holds something else than whole numbers: no sign
	summaryCertain        // counts per group: a summary
	summaryUnsure         // counts, but the rows may be people
)

// personFields are fields that identify one person: a sheet with one is not a summary.
var personFields = []string{schema.CaseID, schema.FullName, schema.DateOfBirth, schema.NationalID, schema.Phone, schema.Email, schema.Alias}

// scanSummary reads the rows below a sheet's header (h) to tell whether its column col, named
// for counts, makes it a summary (see summaryScan).
func scanSummary(f *excelize.File, sheet string, merges []mergeRange, h sheetHead, m *Mapping, col int) (int, error) {
	sum := newSummaryScan(m, h.header, col)
	rows, err := f.Rows(sheet)
	if err != nil {
		return 0, fmt.Errorf("%w: unreadable sheet", ErrBrokenFile)
	}
	defer rows.Close()
	mv := newMergeFiller(merges)
	for n := 1; rows.Next(); n++ {
		vals, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return 0, fmt.Errorf("%w: unreadable row", ErrBrokenFile)
		}
		if vals = mv.fill(n, vals); n <= h.row {
			continue
		}
		if sum.add(vals); sum.not {
			return summaryNot, nil
		}
	}
	if err := rows.Error(); err != nil {
		return 0, fmt.Errorf("%w: unreadable sheet", ErrBrokenFile)
	}
	return sum.result(), nil
}

// sectionSheets finds sheets named by sheets: that are sections of one record: Primero's
// Excel export puts each form section on its own sheet ("Basic Identity" with the sex and date
// of birth, "Trafficking" with the forms), one row per case in each, under the same case
// numbers. Read as sheets of cases, the two records of a number were merged keeping one
// sheet's values, and every case lost its gender and age (attack-2026-12-02f finding 4). Two
// sheets are sections when nearly all the case numbers of each (9 in 10, at least 2) are the
// other's and each describes the cases with a field the other lacks (its columns or its
// sheet_defaults), one of them a person's (gender, age, date of birth): the loss. A sheet
// that shares its numbers so with a section and describes nothing new (a "Family Details"
// section of dropped columns) is one more section. join is true when every sheet named is a
// section of one record, which is then read joined by case number (xlsxProducer.joinSections);
// sections beside sheets of other cases, or columns mapped by position (which a joined sheet
// would move), are refused.
func sectionSheets(f *excelize.File, want []string, heads map[string]sheetHead, merges map[string][]mergeRange, m *Mapping, label func(string) string) (join bool, err error) {
	if len(want) < 2 {
		return false, nil
	}
	type sheetIDs struct {
		fields []int
		ids    map[string]bool
	}
	read := map[string]*sheetIDs{}
	get := func(s string) (*sheetIDs, error) {
		if si, ok := read[s]; ok {
			return si, nil
		}
		h := heads[s]
		si := &sheetIDs{}
		read[s] = si
		idCol := -1
		for i, c := range h.header {
			name := m.sheetField(i, c)
			if name == "" {
				continue
			}
			fi := fieldIndex(name)
			if fi == iCaseID && idCol < 0 {
				idCol = i
			}
			if describingField(fi) && !slices.Contains(si.fields, fi) {
				si.fields = append(si.fields, fi)
			}
		}
		for k, d := range m.SheetDefaults {
			if sheetKey(k) != sheetKey(s) {
				continue
			}
			for name := range d {
				if fi := fieldIndex(canonical(name)); describingField(fi) && !slices.Contains(si.fields, fi) {
					si.fields = append(si.fields, fi)
				}
			}
		}
		if idCol < 0 {
			return si, nil
		}
		rows, err := f.Rows(s)
		if err != nil {
			return nil, &posError{sheet: label(s), err: fmt.Errorf("%w: unreadable sheet", ErrBrokenFile)}
		}
		defer rows.Close()
		si.ids = map[string]bool{}
		mv := newMergeFiller(merges[s])
		for n := 1; rows.Next(); n++ {
			vals, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				return nil, &posError{sheet: label(s), err: fmt.Errorf("%w: unreadable row", ErrBrokenFile)}
			}
			if vals = mv.fill(n, vals); n <= h.row || idCol >= len(vals) {
				continue
			}
			if v := sectionKey(vals[idCol]); v != "" {
				si.ids[v] = true
			}
		}
		return si, nil
	}
	sharing := func(sa, sb *sheetIDs) (int, bool) {
		shared := 0
		for id := range sa.ids {
			if sb.ids[id] {
				shared++
			}
		}
		return shared, shared >= 2 && 10*shared >= 9*len(sa.ids) && 10*shared >= 9*len(sb.ids)
	}
	var refusal error
	section := map[string]bool{}
	for i, a := range want {
		for _, b := range want[i+1:] {
			sa, err := get(a)
			if err != nil {
				return false, err
			}
			sb, err := get(b)
			if err != nil {
				return false, err
			}
			onlyA := slices.DeleteFunc(slices.Clone(sa.fields), func(f int) bool { return slices.Contains(sb.fields, f) })
			onlyB := slices.DeleteFunc(slices.Clone(sb.fields), func(f int) bool { return slices.Contains(sa.fields, f) })
			if len(onlyA) == 0 || len(onlyB) == 0 || !slices.ContainsFunc(onlyA, personAttr) && !slices.ContainsFunc(onlyB, personAttr) {
				continue
			}
			shared, ok := sharing(sa, sb)
			if !ok {
				continue
			}
			section[a], section[b] = true, true
			if refusal == nil {
				refusal = fmt.Errorf("%w: sheets %q and %q hold the same case numbers (%d shared) but describe them with other columns (%s only in %q; %s only in %q): "+
					"sections of one record (as Primero's Excel export puts each form section on a sheet), which are joined by case number only when every sheet named "+
					"under sheets: is a section of the record, its columns mapped by name; read as they are, one sheet's record of each number would be kept and the "+
					"other's values lost: name under sheets: the sections only, or join the sheets into one sheet by case number (one row per case, every column), "+
					"or read one of them with sheet:", ErrNotCases, label(a), label(b), shared, fieldNames(onlyA), label(a), fieldNames(onlyB), label(b))
			}
		}
	}
	if refusal == nil {
		return false, nil
	}
	// A sheet sharing its numbers with a section is a section too, whatever it describes.
	for grown := true; grown; {
		grown = false
		for _, s := range want {
			if section[s] {
				continue
			}
			ss, err := get(s)
			if err != nil {
				return false, err
			}
			for o := range section {
				if _, ok := sharing(ss, read[o]); ok {
					section[s], grown = true, true
					break
				}
			}
		}
	}
	if len(section) < len(want) || m.hasPositional() {
		return false, refusal
	}
	return true, nil
}

// codeListSheet refuses a sheet of cases whose mapped columns all take their values from short
// lists (gender, country, form, status: listField) and whose rows are a code list (codeListRows:
// one row per value, beside a column of codes), as sideFile refuses such a CSV: read, each
// code would be a person of one known value. A sheet the config names is read as it says.
func codeListSheet(f *excelize.File, sheet string, merges []mergeRange, h sheetHead, m *Mapping) error {
	var fields []int
	var names []string
	mapped := make([]bool, len(h.header))
	for i, c := range h.header {
		name := m.sheetField(i, c)
		if name == "" {
			continue
		}
		mapped[i] = true
		fi := fieldIndex(name)
		if !slices.Contains(fields, fi) {
			fields = append(fields, fi)
			names = append(names, fieldName(fi))
		}
	}
	if len(fields) == 0 || !allOf(fields, listField) {
		return nil
	}
	var bad error
	list, code := codeListRows(len(h.header), func(i int) bool { return mapped[i] }, func(fn func([]string)) {
		rows, err := f.Rows(sheet)
		if err != nil {
			bad = fmt.Errorf("%w: unreadable sheet", ErrBrokenFile)
			return
		}
		defer rows.Close()
		mv := newMergeFiller(merges)
		for n := 1; rows.Next(); n++ {
			vals, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				bad = fmt.Errorf("%w: unreadable row", ErrBrokenFile)
				return
			}
			if vals = mv.fill(n, vals); n > h.row {
				fn(vals)
			}
		}
	})
	if bad != nil {
		return bad
	}
	if !list {
		return nil
	}
	return fmt.Errorf("%w: a code list: each row gives another value of %s, and %s another code, and no column tells people apart (a case number, a name, a date); "+
		"take it out of the exports, or, if its rows are cases, name the sheet with sheet: in the config", ErrNotCases, strings.Join(names, ", "), columnAt(h.header[code], code+1))
}

// headerWidth finds the header of a sheet as sheet does (in its first headerWindow non-blank
// rows) and returns the number of columns up to its last named one, the header and its 1-based
// row; 0 and nil when it has none.
func headerWidth(e *emitter, f *excelize.File, sheet string, merges []mergeRange, date1904 bool) (int, []string, int) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return 0, nil, 0
	}
	defer rows.Close()
	mv := newMergeFiller(merges)
	type row struct {
		vals []string
		n    int
	}
	var head []row
	for n := 1; rows.Next() && len(head) < headerWindow; n++ {
		vals, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return 0, nil, 0
		}
		if vals = mv.fill(n, vals); !blank(vals) {
			head = append(head, row{vals, n})
		}
	}
	for _, min := range []int{2, 1} {
		for i, h := range head {
			if knownColumns(e.res, h.vals) >= min {
				if i > 0 && head[i-1].n == h.n-1 {
					h.vals = bandAbove(h.vals, head[i-1].vals, merges, h.n)
				}
				if i+1 < len(head) && head[i+1].n == h.n+1 {
					if sub, ok := subHeader(h.vals, head[i+1].vals, merges, h.n, func(v []string) int { return knownColumns(e.res, v) }); ok {
						h = head[i+1]
						h.vals = sub
					}
				}
				w := len(h.vals)
				for w > 0 && strings.TrimSpace(h.vals[w-1]) == "" {
					w--
				}
				return w, h.vals, h.n
			}
		}
	}
	return 0, nil, 0
}

// nearColumns is how far right a sheet's columns stay where they are (a merged range spans no
// more); beyond, a cell is kept only moved next to them (see cellPlan).
const nearColumns = 1024

// cellPlan says which cells of a sheet are kept, and where, before its rows are read: those in
// columns 1 to keep where they are; those of the far columns in far (1-based column: new
// column); with perRow, every other cell of a row right of keep, moved to keep+1, keep+2, ...
// in its order (a sheet with no header is read only to count its non-blank rows). Others are
// removed.
type cellPlan struct {
	keep   int
	far    map[int]int
	perRow bool
}

// planCells plans a sheet's cells from its header's width w and the header (w 0: none found).
// Moving cells would misplace a merged range or a positional column ("#N") that reaches past
// nearColumns: then the cells right of the header are only removed, as far as it goes.
func planCells(w int, header []string, merges []mergeRange, m *Mapping) (cellPlan, bool) {
	if w > 0 && w <= nearColumns {
		return cellPlan{keep: w}, true
	}
	reach := 0
	for _, mr := range merges {
		reach = max(reach, mr.c2)
	}
	if m != nil {
		for k := range m.Columns {
			if n, err := strconv.Atoi(strings.TrimPrefix(k, "#")); err == nil && strings.HasPrefix(k, "#") {
				reach = max(reach, n)
			}
		}
	}
	if reach > nearColumns {
		return cellPlan{keep: w}, w > 0
	}
	if w == 0 {
		return cellPlan{keep: nearColumns, perRow: true}, true
	}
	far := map[int]int{}
	for i := nearColumns; i < len(header); i++ {
		if strings.TrimSpace(header[i]) != "" {
			far[i+1] = nearColumns + 1 + len(far)
		}
	}
	return cellPlan{keep: nearColumns, far: far}, true
}

// trimFarCells returns the workbook data with the cells of the sheets named laid out as their
// plans say, and whether any cell was removed or moved; the other parts are copied as they are.
func trimFarCells(data []byte, plans map[string]cellPlan) ([]byte, bool) {
	if len(plans) == 0 {
		return nil, false
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, false
	}
	paths := sheetPaths(zr)
	limit := map[string]cellPlan{}
	for sheet, pl := range plans {
		if p, ok := paths[sheet]; ok {
			limit[p] = pl
		}
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	changed := false
	for _, zf := range zr.File {
		w, ok := limit[zf.Name]
		if !ok {
			if zw.Copy(zf) != nil {
				return nil, false
			}
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, false
		}
		dst, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate, Modified: zf.Modified})
		if err != nil {
			rc.Close()
			return nil, false
		}
		n, err := filterCells(dst, io.LimitReader(rc, xlsxMaxUnzip+1), w)
		rc.Close()
		if err != nil {
			return nil, false
		}
		changed = changed || n > 0
	}
	if zw.Close() != nil || !changed {
		return nil, false
	}
	return out.Bytes(), true
}

// filterCells copies a worksheet's XML from r to w with its cells (<c ...>...</c> or
// <c .../>) laid out as plan says; it returns how many it dropped or moved. Cells hold no
// nested <c>, and their text is escaped, so a cell ends at the first "/>" of its tag or the
// first "</c>" after it. A cell without a reference is kept.
func filterCells(w io.Writer, r io.Reader, plan cellPlan) (int, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	bw := bufio.NewWriterSize(w, 64<<10)
	dropped := 0
	rowFar := 0 // cells of the current row moved (perRow)
	for {
		chunk, err := br.ReadSlice('<')
		if err == io.EOF {
			bw.Write(chunk)
			break
		}
		if err == bufio.ErrBufferFull {
			bw.Write(chunk)
			continue
		}
		if err != nil {
			return 0, err
		}
		bw.Write(chunk[:len(chunk)-1]) // the '<' waits: the element may be dropped
		if next, _ := br.Peek(4); string(next) == "row " || string(next) == "row>" {
			rowFar = 0
		}
		next, _ := br.Peek(2)
		if len(next) < 2 || next[0] != 'c' || (next[1] != ' ' && next[1] != '>' && next[1] != '/' && next[1] != '\t' && next[1] != '\n' && next[1] != '\r') {
			bw.WriteByte('<')
			continue
		}
		tag, err := br.ReadSlice('>')
		if err != nil {
			return 0, fmt.Errorf("%w: a cell tag that does not end", ErrBrokenFile)
		}
		tag = append([]byte(nil), tag...)
		var body []byte
		if !bytes.HasSuffix(tag, []byte("/>")) {
			for !bytes.HasSuffix(body, []byte("</c>")) {
				part, err := br.ReadSlice('>')
				body = append(body, part...)
				if err == bufio.ErrBufferFull {
					continue
				}
				if err != nil {
					return 0, fmt.Errorf("%w: a cell that does not end", ErrBrokenFile)
				}
			}
		}
		if col := cellColumn(tag); col > plan.keep {
			to, ok := plan.far[col]
			if !ok && plan.perRow {
				to, ok = plan.keep+1+rowFar, true
				rowFar++
			}
			dropped++
			if !ok {
				continue
			}
			tag = moveCell(tag, to)
		}
		bw.WriteByte('<')
		bw.Write(tag)
		bw.Write(body)
	}
	return dropped, bw.Flush()
}

// moveCell returns a cell tag whose r attribute names column col instead (its row kept).
func moveCell(tag []byte, col int) []byte {
	i := bytes.Index(tag, []byte(` r="`)) + 4
	j := i
	for j < len(tag) && tag[j] >= 'A' && tag[j] <= 'Z' {
		j++
	}
	name, err := excelize.ColumnNumberToName(col)
	if err != nil {
		return tag
	}
	return slices.Concat(tag[:i], []byte(name), tag[j:])
}

// cellColumn returns the 1-based column of a cell tag's r attribute ("XFD5": 16384), 0 when
// it has none.
func cellColumn(tag []byte) int {
	i := bytes.Index(tag, []byte(` r="`))
	if i < 0 {
		return 0
	}
	col := 0
	for _, b := range tag[i+4:] {
		if b < 'A' || b > 'Z' {
			break
		}
		col = col*26 + int(b-'A'+1)
	}
	return col
}

// sheet streams one sheet; it reports whether the sheet had a header and how many non-blank
// rows below it were read. A row of totals is quarantined by the workers (worker.totalRow), as
// a CSV's is: a sheet of groups' counts is told by its column of counts (choose), not by its
// footer.
func (p *xlsxProducer) sheet(e *emitter, f *excelize.File, sheet string, merges []mergeRange, date1904, chosen bool) (bool, int, error) {
	// Positions name the sheet, unless its name could be data (a sheet named after a child):
	// then its number.
	idx, _ := f.GetSheetIndex(sheet)
	label := sheetLabel(sheet, idx)
	rows, err := f.Rows(sheet)
	if err != nil {
		return false, 0, &posError{err: fmt.Errorf("%w: unreadable sheet", ErrBrokenFile), sheet: label}
	}
	defer rows.Close()
	var lay *layout
	type buffered struct {
		vals   []string
		n      int
		hidden bool
	}
	var head []buffered
	var out []srow
	n, blanks := 0, 0 // blanks: rows of empty cells below the header, skipped but counted
	emit := func() bool {
		if len(out) == 0 && blanks == 0 {
			return true
		}
		ok := e.emit(&chunk{lay: lay, rows: out, blank: blanks})
		out, blanks = nil, 0
		return ok
	}
	mv := newMergeFiller(merges)
	var rep *repeatJoin // the sheet is a repeat group joined to its parent records
	if p.rep != nil && p.rep.child == sheet {
		rep = p.rep
	}
	newLayout := func(hdr []string) (*layout, error) {
		if rep != nil {
			pidx, _ := f.GetSheetIndex(rep.parent)
			return rep.newLayout(e.res, hdr, label, sheetLabel(rep.parent, pidx), date1904)
		}
		return newSheetLayout(e.res, hdr, label, date1904)
	}
	nonBlank, noHeader := 0, false // rows with a value; no header in the first rows
	knownIn := func(v []string) int { return knownColumns(e.res, v) }
	var first []string // the first non-blank row
	read := 0
	add := func(vals []string, n int, hidden bool) bool {
		if blank(vals) {
			blanks++
			return true
		}
		read++
		row := srow{vals: vals, line: n}
		if hidden {
			// A row hidden by a filter or by hand is often a record taken out (a test, a
			// duplicate) that nobody deleted: which it is, nothing in the row says.
			row.bad = errHiddenRow.Error()
		} else if p.noValue[sheet][n] {
			row.bad = errFormulaNoValue.Error()
		}
		if rep != nil {
			rep.extend(&row)
		}
		out = append(out, row)
		if len(out) >= xlsxRowChunk {
			return emit()
		}
		return true
	}
	for rows.Next() {
		n++
		vals, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return false, 0, &posError{err: fmt.Errorf("%w: unreadable row", ErrBrokenFile), line: n, sheet: label}
		}
		// Cells right of the header (a stray value in column XFD) are in no column: drop them
		// before anything else looks at the row, so the row costs what the header spans.
		if lay != nil && len(vals) > len(lay.cols) && len(merges) == 0 {
			vals = vals[:len(lay.cols)]
		}
		vals = mv.fill(n, vals)
		if noHeader { // only counted, for the notice
			if !blank(vals) {
				nonBlank++
			}
			continue
		}
		// A row set to height 0 is hidden as surely as one marked hidden (attack-2026-12-01d
		// finding 14): Excel shows neither.
		// (excelize's RowOpts says height 0 for a row of the default height too, so the
		// heights come from the sheet's XML, see scanSheet.)
		hidden := rows.GetRowOpts().Hidden || p.zero[sheet][n]
		if lay != nil {
			if !add(vals, n, hidden) {
				return true, read, nil
			}
			continue
		}
		if blank(vals) {
			continue
		}
		nonBlank++
		if nonBlank == 1 {
			first = vals
		}
		head = append(head, buffered{vals, n, hidden})
		if known := knownColumns(e.res, vals); known >= 2 || len(head) >= headerWindow {
			// The first row that maps two known columns, else the first that maps one.
			pick := -1
			for i, h := range head {
				if knownColumns(e.res, h.vals) >= 2 {
					pick = i
					break
				}
			}
			if pick < 0 {
				for i, h := range head {
					if knownColumns(e.res, h.vals) >= 1 {
						pick = i
						break
					}
				}
			}
			if pick < 0 {
				noHeader, head = true, nil // no header in the first rows: count the rest
				continue
			}
			if pick == len(head)-1 && len(head) < headerWindow && groupMerged(merges, head[pick].n) {
				continue // a header grouping columns under a merged cell: its next row may name them
			}
			hdr := head[pick].vals
			if pick > 0 && head[pick-1].n == head[pick].n-1 {
				hdr = bandAbove(hdr, head[pick-1].vals, merges, head[pick].n)
			}
			if pick+1 < len(head) && head[pick+1].n == head[pick].n+1 {
				if sub, ok := subHeader(hdr, head[pick+1].vals, merges, head[pick].n, knownIn); ok {
					hdr = sub
					pick++
				}
			}
			if lay, err = newLayout(hdr); err != nil {
				return false, 0, &posError{err: err, line: head[pick].n, sheet: label}
			}
			lay.defaults = e.conf.sheetDefaults[sheetKey(sheet)]
			if idx, err := f.GetSheetIndex(sheet); err == nil && idx >= 0 {
				lay.pos = idx + 1
				if lay.defaults == nil { // named by its position ("#2"), as "sheet 2" in notices
					lay.defaults = e.conf.sheetDefaults[sheetPosition(idx)]
				}
			}
			for _, h := range head[pick+1:] {
				if !add(h.vals, h.n, h.hidden) {
					return true, read, nil
				}
			}
			head = nil
		}
	}
	if err := rows.Error(); err != nil {
		return false, 0, &posError{err: fmt.Errorf("%w: unreadable sheet", ErrBrokenFile), line: n, sheet: label}
	}
	if lay == nil && len(head) > 0 {
		// A short sheet: decide with what there is.
		for i, h := range head {
			if knownColumns(e.res, h.vals) >= 1 {
				hdr := h.vals
				if i > 0 && head[i-1].n == h.n-1 {
					hdr = bandAbove(hdr, head[i-1].vals, merges, h.n)
				}
				if i+1 < len(head) && head[i+1].n == h.n+1 {
					if sub, ok := subHeader(hdr, head[i+1].vals, merges, h.n, knownIn); ok {
						hdr = sub
						i++
					}
				}
				if lay, err = newLayout(hdr); err != nil {
					return false, 0, &posError{err: err, line: head[i].n, sheet: label}
				}
				for _, h := range head[i+1:] {
					add(h.vals, h.n, h.hidden)
				}
				break
			}
		}
	}
	if lay == nil {
		if chosen {
			return false, 0, &posError{err: ErrNoKnownColumn, sheet: label, line: 1}
		}
		if p.continuation(first) {
			// the rows of the sheet before it, split over two sheets, the header on the first
			// only ("Cases (2)": attack-2026-12-05d W11): skipped, its cases were lost
			return false, 0, &posError{err: fmt.Errorf("%w: the sheet has no header row, and its first row, of data, spans the %d columns of sheet %q, which was read: "+
				"if it continues that sheet's rows, its %d rows would be lost; copy the header row of sheet %q above its first row, or, if it holds something else, "+
				"choose the sheets to read with sheets:", ErrNoKnownColumn, p.lastWidth, p.lastLabel, nonBlank, p.lastLabel), sheet: label, line: 1}
		}
		if nonBlank > 0 { // never skipped unseen: the manifest says so, with the count
			e.skipped = append(e.skipped, SkippedSheet{Sheet: label, Rows: nonBlank, Reason: "none of its columns maps onto a field"})
			e.notices = append(e.notices, fmt.Sprintf("sheet %q skipped: none of its columns maps onto a field; its %d non-blank rows (header included) were not read "+
				"(map its columns under sources: columns:, or choose a sheet with sheet:)", label, nonBlank))
		}
		return false, 0, nil
	}
	p.lastLabel, p.lastWidth = label, len(lay.cols)
	emit()
	return true, read, nil
}

// continuation reports whether a sheet whose first non-blank row is first, and none of whose
// rows maps a column, looks like the rows of the sheet read before it continued without a header
// row: the first row spans as many columns as that sheet's header (or up to two fewer: empty
// cells at a row's end are not stored), and at least half of its cells hold numbers or dates,
// which a header does not.
func (p *xlsxProducer) continuation(first []string) bool {
	if p.lastWidth < 3 || len(first) > p.lastWidth || len(first) < p.lastWidth-2 {
		return false
	}
	data, filled := 0, 0
	for _, v := range first {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		filled++
		if strings.ContainsFunc(v, unicode.IsDigit) {
			data++
		}
	}
	return filled >= 3 && 2*data >= filled
}

// groupMerged reports whether row n (1-based) of a sheet has a cell merged across columns
// within the row: a header grouping columns ("Forms of exploitation" over Sexual, Labour,
// Military), whose next row may name them (subHeader).
func groupMerged(merges []mergeRange, n int) bool {
	return slices.ContainsFunc(merges, func(mr mergeRange) bool { return mr.r1 == n && mr.r2 == n && mr.c2 > mr.c1 })
}

// subHeader returns the header of a sheet whose header row (vals, row n, merged cells filled)
// groups columns under cells merged across (groupMerged) and whose next row (next) names them:
// the grouped columns take the next row's names, the others keep theirs. The next row is such
// a row when it gives a different name, not a number, under every grouped column, and under
// the others nothing or the header's own name (a cell merged down over both rows). Read as one
// row, the merged name stood over three columns that all mapped onto one field, and the fix
// the error gave could not be written (attack-2026-12-02f finding 4b). ok false: a one-row
// header.
func subHeader(vals, next []string, merges []mergeRange, n int, known func([]string) int) ([]string, bool) {
	grouped := map[int]bool{}
	for _, mr := range merges {
		if mr.r1 == n && mr.r2 == n && mr.c2 > mr.c1 {
			for c := mr.c1; c <= mr.c2; c++ {
				grouped[c-1] = true
			}
		}
	}
	if len(grouped) == 0 {
		return nil, false
	}
	out := slices.Clone(vals)
	for len(out) < len(next) {
		out = append(out, "")
	}
	seen := map[string]bool{}
	var names []string // the names the next row gives grouped columns
	blanks := false
	for i := range out {
		v := ""
		if i < len(next) {
			v = strings.TrimSpace(next[i])
		}
		if !grouped[i] {
			if v != "" && v != strings.TrimSpace(out[i]) {
				return nil, false // a value under a column not grouped: a row of data
			}
			continue
		}
		g := strings.TrimSpace(out[i])
		if v == "" {
			// a column of the group the next row leaves unnamed ("Informant" over "Sex |
			// (blank)"): it keeps the group's name, read as before, never the case's
			blanks = true
			continue
		}
		// names repeat under two groups ("Victim" and "Mother" over "Sex | Age"), not within one
		key := strings.ToLower(g) + "\x00" + strings.ToLower(v)
		if _, err := strconv.ParseFloat(v, 64); err == nil || seen[key] || strings.EqualFold(v, g) {
			return nil, false
		}
		seen[key] = true
		names = append(names, v)
		if g != "" && otherPersonGroup(g) {
			// "Perpetrator" merged over "Sex | Age": that person's questions, kept as a
			// group path so that they are not read as the case's (attack-2026-12-05e X0)
			v = g + "/" + v
		}
		out[i] = v
	}
	// A row naming some grouped columns only is a header when one of its names is a column's
	// (known): a row of data with values under a group alone is not.
	if len(names) == 0 || blanks && (known == nil || known(names) == 0) {
		return nil, false
	}
	return out, true
}

// bandAbove returns the header hdr (row n) with the columns that a cell of the row above it
// (above), merged across them, names for another person ("Perpetrator" over the columns
// "Sex | Age" of a one-row header, the case's columns named in the same row) taken as that
// person's group path, as subHeader does, so that they are not read as the case's
// (attack-2026-12-05e X0). A merged cell over every named column of the header is a title.
func bandAbove(hdr, above []string, merges []mergeRange, n int) []string {
	if n < 2 || len(above) == 0 {
		return hdr
	}
	named := 0
	for _, v := range hdr {
		if strings.TrimSpace(v) != "" {
			named++
		}
	}
	var out []string
	for _, mr := range merges {
		if mr.r1 != n-1 || mr.r2 != n-1 || mr.c2 <= mr.c1 || mr.c1-1 >= len(above) {
			continue
		}
		g := strings.TrimSpace(above[mr.c1-1])
		if g == "" || !otherPersonGroup(g) {
			continue
		}
		under := 0
		for c := mr.c1; c <= mr.c2 && c-1 < len(hdr); c++ {
			if strings.TrimSpace(hdr[c-1]) != "" {
				under++
			}
		}
		if under == 0 || under >= named {
			continue
		}
		if out == nil {
			out = slices.Clone(hdr)
		}
		for c := mr.c1; c <= mr.c2 && c-1 < len(out); c++ {
			if v := strings.TrimSpace(out[c-1]); v != "" && !strings.EqualFold(v, g) {
				out[c-1] = g + "/" + v
			}
		}
	}
	if out == nil {
		return hdr
	}
	return out
}

func newSheetLayout(res *resolver, header []string, sheet string, date1904 bool) (*layout, error) {
	lay := &layout{sheet: sheet, serial: true, date19: date1904, cols: make([]string, len(header))}
	for i, c := range header {
		lay.cols[i] = strings.TrimSpace(c)
	}
	var err error
	lay.fields, err = res.layoutFields(lay.cols)
	return lay, err
}

// totalNames are folded labels of a row of totals.
var totalNames = map[string]bool{"total": true, "totals": true, "grandtotal": true, "subtotal": true, "totalcases": true, "overalltotal": true, "sumtotal": true}

// totalFirst holds the first bytes a label of totals may begin with (isTotalLabel): a space or
// tab or a byte past ASCII (trimmed there), or t, g, s, o in either case.
var totalFirst = func() (t [256]bool) {
	for _, c := range []byte(" \ttTgGsSoO") {
		t[c] = true
	}
	for c := 0x80; c < 0x100; c++ {
		t[c] = true
	}
	return t
}()

// maybeTotal is isTotalLabel's first test, small enough to be inlined: false says isTotalLabel
// is false. totalRow asks it of every field of every row (0.62 s of a 1M-row CSV's 3.98 s in
// the calls: issue-14-speed24.md).
func maybeTotal(v string) bool { return len(v) >= 5 && len(v) <= 32 && totalFirst[v[0]] }

// isTotalLabel reports whether a cell of a delimited or JSON row reads as a label of totals: "Total", "Grand total",
// "Subtotal", or one of these followed by words of letters only ("Total boys", "Total (girls)",
// "TOTAL:"). A case number that starts so ("TOTAL-0012") has digits and is none.
func isTotalLabel(v string) bool {
	if len(v) < 5 || len(v) > 32 {
		return false
	}
	if c := v[0]; c == ' ' || c == '\t' || c >= 0x80 {
		v = strings.TrimSpace(v)
		if len(v) < 5 {
			return false
		}
	}
	if c := v[0] | 0x20; c != 't' && c != 'g' && c != 's' && c != 'o' {
		return false
	}
	if ascii(v) {
		return asciiTotalLabel(v)
	}
	if totalNames[fold(v)] {
		return true
	}
	lower := strings.ToLower(v)
	for _, p := range totalPrefixes {
		if !strings.HasPrefix(lower, p) {
			continue
		}
		rest := lower[len(p):]
		if strings.HasSuffix(p, ":") {
			return true // "Total: 345", a footer's count after its label
		}
		for _, c := range rest {
			if !(c >= 'a' && c <= 'z' || c == ' ' || c == '(' || c == ')' || c == ':' || c == '-' || c == '/' || c == '&') {
				return false
			}
		}
		return true
	}
	return false
}

// totalPrefixes are the labels of totals that may be followed by words ("Total boys") or, after
// a colon, by a count ("Total: 345").
var totalPrefixes = []string{"total ", "totals ", "grand total ", "subtotal ", "sub-total ", "total:", "total (", "totals:", "grand total:"}

// asciiTotalLabel is isTotalLabel of an ASCII value of 5-32 bytes (nearly every cell) without
// allocating: fold and strings.ToLower copied every value beginning with t, g, s or o
// ("sexual exploitation", "shelter", "Tehran") on every row (issue-14-speed24.md). The same
// answers (TestMaybeTotal compares it with the folding form).
func asciiTotalLabel(v string) bool {
	var buf [32]byte
	n := 0
	for i := 0; i < len(v) && n < len(buf); i++ {
		switch c := v[i]; {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			buf[n] = c
			n++
		case 'A' <= c && c <= 'Z':
			buf[n] = c + 'a' - 'A'
			n++
		}
	}
	if totalNames[string(buf[:n])] {
		return true
	}
	for _, p := range totalPrefixes {
		if len(v) < len(p) || !strings.EqualFold(v[:len(p)], p) {
			continue
		}
		if strings.HasSuffix(p, ":") {
			return true // "Total: 345", a footer's count after its label
		}
		for i := len(p); i < len(v); i++ {
			c := v[i]
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if !(c >= 'a' && c <= 'z' || c == ' ' || c == '(' || c == ')' || c == ':' || c == '-' || c == '/' || c == '&') {
				return false
			}
		}
		return true
	}
	return false
}

func ascii(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] >= 0x80 {
			return false
		}
	}
	return true
}

func knownColumns(res *resolver, vals []string) int {
	seen := map[string]bool{}
	for _, v := range vals {
		v = strings.TrimSpace(v)
		if v != "" && res.known(v) {
			seen[res.m.resolveColumn(v)] = true
		}
	}
	return len(seen)
}

func blank(vals []string) bool {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// mergeRange is a merged cell range, 1-based and inclusive.
type mergeRange struct{ c1, r1, c2, r2 int }

// mergeFiller copies each merged range's top-left value into the other cells it covers, as the
// rows stream by (the top-left cell always comes first).
type mergeFiller struct {
	ranges []mergeRange
	vals   []string
}

func newMergeFiller(r []mergeRange) *mergeFiller {
	return &mergeFiller{ranges: r, vals: make([]string, len(r))}
}

func (m *mergeFiller) fill(row int, vals []string) []string {
	for i, r := range m.ranges {
		if row < r.r1 || row > r.r2 {
			continue
		}
		if row == r.r1 {
			m.vals[i] = ""
			if r.c1-1 < len(vals) {
				m.vals[i] = vals[r.c1-1]
			}
		}
		if m.vals[i] == "" {
			continue
		}
		for len(vals) < r.c2 {
			vals = append(vals, "")
		}
		for c := r.c1; c <= r.c2; c++ {
			if vals[c-1] == "" {
				vals[c-1] = m.vals[i]
			}
		}
	}
	return vals
}

// sheetMerges finds the merged ranges of every sheet by scanning the sheets' XML for
// <mergeCell ref="A1:C2"/> elements (they follow the sheet data), and the rows set to height 0
// (<row r="5" ht="0" customHeight="1">). excelize's GetMergeCells would load the whole sheet
// into memory, which streaming is meant to avoid.
func sheetMerges(data []byte) (map[string][]mergeRange, map[string]map[int]bool, map[string]map[int]bool) {
	out := map[string][]mergeRange{}
	zero, noValue := map[string]map[int]bool{}, map[string]map[int]bool{}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return out, zero, noValue
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	for name, p := range sheetPaths(zr) {
		if f := files[p]; f != nil {
			out[name], zero[name], noValue[name] = scanSheet(f)
		}
	}
	return out, zero, noValue
}

// sheetPaths maps each sheet's name to the path of its XML in the workbook's zip.
func sheetPaths(zr *zip.Reader) map[string]string {
	out := map[string]string{}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if readXML(files["xl/workbook.xml"], &wb) != nil || readXML(files["xl/_rels/workbook.xml.rels"], &rels) != nil {
		return out
	}
	target := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		target[r.ID] = t
	}
	for _, s := range wb.Sheets {
		if t, ok := target[s.ID]; ok {
			out[s.Name] = t
		}
	}
	return out
}

func readXML(f *zip.File, v any) error {
	if f == nil {
		return errors.New("missing")
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(io.LimitReader(rc, 64<<20)).Decode(v)
}

var (
	mergeTag = []byte("<mergeCell ")
	zeroHt   = []byte(` ht="0`)
	rowTag   = []byte("<row ")
)

// scanSheet returns a sheet's merged ranges, the rows it sets to height 0 and the rows with a
// formula cell that holds no value (see formulaRows).
func scanSheet(f *zip.File) ([]mergeRange, map[int]bool, map[int]bool) {
	var zero, noValue map[int]bool
	rc, err := f.Open()
	if err != nil {
		return nil, nil, nil
	}
	defer rc.Close()
	br := bufio.NewReaderSize(io.LimitReader(rc, xlsxMaxUnzip), 1<<16)
	var out []mergeRange
	var carry []byte
	buf := make([]byte, 1<<16)
	for {
		n, err := br.Read(buf)
		b := append(carry, buf[:n]...)
		// Rows of height 0 (ht="0", "0.0"): rare, so looked for by their attribute. A row
		// whose tag is cut by the buffer's end is found again in the carry.
		for z := b; ; {
			i := bytes.Index(z, zeroHt)
			if i < 0 {
				break
			}
			if r, ok := zeroRow(z, i); ok {
				if zero == nil {
					zero = map[int]bool{}
				}
				zero[r] = true
			}
			z = z[i+len(zeroHt):]
		}
		noValue = formulaRows(b, noValue)
		for {
			i := bytes.Index(b, mergeTag)
			if i < 0 {
				break
			}
			j := bytes.IndexByte(b[i:], '>')
			if j < 0 {
				break
			}
			if r, ok := parseMergeRef(b[i : i+j]); ok {
				out = append(out, r)
			}
			b = b[i+j:]
		}
		carry = append(carry[:0], b[max(0, len(b)-256):]...)
		if err != nil {
			return out, zero, noValue
		}
	}
}

var (
	formulaTag = []byte("<f")
	formulaEnd = []byte("</f>")
	cellTag    = []byte("<c ")
)

// formulaRows adds to rows the rows of b holding a formula cell without a value: a formula
// (<f>2023-C2</f>) with an empty or no <v>, as a workbook written by a script (openpyxl) and
// never opened in a spreadsheet holds them. excelize reads the cell as empty: an age computed
// so would be lost unseen (attack-2026-12-01f, lows); the row is quarantined instead.
func formulaRows(b []byte, rows map[int]bool) map[int]bool {
	for z := b; ; {
		i := bytes.Index(z, formulaTag)
		if i < 0 || i+2 >= len(z) {
			return rows
		}
		if c := z[i+2]; c != '>' && c != ' ' && c != '/' {
			z = z[i+2:]
			continue
		}
		gt := bytes.IndexByte(z[i:], '>')
		if gt < 0 {
			return rows
		}
		end := i + gt + 1
		if z[i+gt-1] != '/' { // <f ...>text</f>
			j := bytes.Index(z[end:], formulaEnd)
			if j < 0 {
				return rows
			}
			end += j + len(formulaEnd)
		}
		rest := z[end:]
		for _, v := range [][]byte{[]byte("<v/>"), []byte("<v />"), []byte("<v></v>")} {
			rest = bytes.TrimPrefix(rest, v)
		}
		if bytes.HasPrefix(rest, []byte("</c>")) {
			if c := bytes.LastIndex(z[:i], cellTag); c >= 0 {
				if _, after, ok := bytes.Cut(z[c:i], []byte(` r="`)); ok {
					ref, _, _ := bytes.Cut(after, []byte(`"`))
					if r, err := strconv.Atoi(strings.TrimLeft(string(ref), "ABCDEFGHIJKLMNOPQRSTUVWXYZ")); err == nil && r > 0 {
						if rows == nil {
							rows = map[int]bool{}
						}
						rows[r] = true
					}
				}
			}
		}
		z = z[end:]
	}
}

// zeroRow reads the attribute ht="0..." at b[i:]: the number of its row when the height is 0.
func zeroRow(b []byte, i int) (int, bool) {
	v := b[i+len(` ht="`):]
	q := bytes.IndexByte(v, '"')
	if q < 0 {
		return 0, false
	}
	if h, err := strconv.ParseFloat(string(v[:q]), 64); err != nil || h != 0 {
		return 0, false
	}
	start := bytes.LastIndex(b[:i], rowTag)
	end := bytes.IndexByte(b[i:], '>')
	if start < 0 || end < 0 || bytes.IndexByte(b[start:i], '>') >= 0 {
		return 0, false // not a row's attribute
	}
	_, after, ok := bytes.Cut(b[start:i+end], []byte(` r="`))
	if !ok {
		return 0, false
	}
	ref, _, ok := bytes.Cut(after, []byte(`"`))
	if !ok {
		return 0, false
	}
	r, err := strconv.Atoi(string(ref))
	return r, err == nil && r > 0
}

func parseMergeRef(tag []byte) (mergeRange, bool) {
	_, after, ok := bytes.Cut(tag, []byte(`ref="`))
	if !ok {
		return mergeRange{}, false
	}
	ref, _, ok := bytes.Cut(after, []byte(`"`))
	if !ok {
		return mergeRange{}, false
	}
	a, b, ok := strings.Cut(string(ref), ":")
	if !ok {
		return mergeRange{}, false
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(a)
	c2, r2, err2 := excelize.CellNameToCoordinates(b)
	// A merge wider than a header or taller than a plausible block is ignored: filling it
	// would cost cells by the billion in a crafted workbook.
	if err1 != nil || err2 != nil || c2 < c1 || r2 < r1 || c2-c1 > 1024 || r2-r1 > 10000 {
		return mergeRange{}, false
	}
	return mergeRange{c1, r1, c2, r2}, true
}

// discardedWords name sheets of records a register took out of its cases.
var discardedWords = map[string]bool{
	"deleted": true, "delete": true, "duplicate": true, "duplicates": true, "dupes": true, "test": true,
	"tests": true, "testing": true, "invalid": true, "rejected": true, "removed": true, "trash": true,
	"void": true, "voided": true, "spam": true, "dummy": true, "junk": true, "erroneous": true,
	"discarded": true, "cancelled": true, "canceled": true,
	// a sheet kept aside, not the register's (attack-2026-12-06a A5): "Ignore", "Training",
	// "Backup", "Draft", "Obsolete"
	"ignore": true, "ignored": true, "training": true, "backup": true, "backups": true, "draft": true, "drafts": true,
	"obsolete": true, "superseded": true, "unused": true, "scratch": true,
	// attack-2026-12-06c C4: "Errors", "Quarantine", "bak/"
	"errors": true, "quarantine": true, "quarantined": true, "bak": true,
	// attack-2026-12-06d D6: duplicates, temporary copies, wrong or corrupt rows, a mock-up
	"dups": true, "dup": true, "tmp": true, "temp": true, "wrong": true, "corrupt": true, "corrupted": true, "mock": true,
	"mockup": true,
}

// peopleToo are the discardedWords that say what happened to people too (children removed from
// a workplace, rejected by a family), and recordWords the words that name records after them.
var (
	peopleToo   = map[string]bool{"removed": true, "rejected": true, "cancelled": true, "canceled": true, "discarded": true}
	recordWords = map[string]bool{"records": true, "record": true, "cases": true, "case": true, "rows": true, "entries": true, "entry": true, "forms": true, "submissions": true}
)

// discardedName returns the word of a sheet's name that says its rows were taken out of the
// cases (discardedWords), or "".
func discardedName(sheet string) string {
	words := strings.FieldsFunc(strings.ToLower(sheet), func(r rune) bool { return !unicode.IsLetter(r) })
	for i := range words {
		// "Old - do not use", "DONT USE" (attack-2026-12-06a A5)
		if i+2 < len(words) && words[i] == "do" && words[i+1] == "not" && words[i+2] == "use" ||
			i+1 < len(words) && (words[i] == "dont" || words[i] == "t") && words[i+1] == "use" {
			return "do not use"
		}
		// "NOT FOR ANALYSIS", "Not for use" (attack-2026-12-06b B6)
		if i+2 < len(words) && words[i] == "not" && words[i+1] == "for" && notForWords[words[i+2]] {
			return "not for " + words[i+2]
		}
	}
	for i, w := range words {
		if !discardedWords[w] {
			continue
		}
		// "Removed from kilns 2024", "Rejected by family": words that say what happened to
		// people as well as to records count only when no other word follows them but one
		// naming records (attack-2026-12-01d finding 12).
		if peopleToo[w] && i+1 < len(words) && !recordWords[words[i+1]] {
			continue
		}
		if w == "training" && (i > 0 || i+1 < len(words) && placeWords[words[i+1]]) {
			continue // "Vocational training cases", "Training centre cases": a programme's, a place's
		}
		if (w == "quarantine" || w == "quarantined") && (i+1 < len(words) && placeWords[words[i+1]] || i > 0 && words[i-1] == "covid") {
			// "Quarantine centre", "COVID quarantine returnees": the returnees' register of a
			// quarantine place, where victims were identified (ing37's review of zq's C4)
			continue
		}
		if (w == "draft" || w == "drafts") && i > 0 && words[i-1] == "final" {
			continue // "Cases 2024 (final draft)": the register (ing35's review)
		}
		return w
	}
	return ""
}

// statusPhrases name a sheet of people by their trafficking status (screened referrals, people
// at risk, people not yet decided, people left out of the count), as words of its name in a
// row: the field's abbreviation VoT (victim of trafficking), and the Spanish and French forms,
// too (attack-2026-12-03e finding 6: "Non-VoT", "Vulnerable", "Pending verification",
// "Excluded", "Do not count" ... read as victims).
var statusPhrases = [][]string{{"not", "victim"}, {"not", "victims"}, {"not", "a", "victim"}, {"non", "victim"}, {"non", "victims"},
	{"nonvictim"}, {"nonvictims"}, {"screened", "out"}, {"not", "trafficked"}, {"at", "risk"}, {"ineligible"}, {"not", "eligible"},
	{"non", "case"}, {"non", "cases"}, {"noncase"}, {"noncases"}, {"referred", "out"},
	{"no", "victim"}, {"no", "victims"}, {"not", "vot"}, {"non", "vot"}, {"nonvot"}, {"no", "vot"}, {"not", "trafficking"},
	{"potential", "victim"}, {"potential", "victims"}, {"vulnerable"}, {"prevention"}, {"unconfirmed"}, {"not", "confirmed"},
	{"under", "assessment"}, {"under", "review"}, {"pending", "verification"}, {"pending", "assessment"}, {"pending", "confirmation"},
	{"pending", "identification"}, {"nv"}, {"to", "verify"}, {"to", "be", "verified"}, {"verify"}, {"exclude"}, {"excluded"}, {"exclusions"}, {"do", "not", "count"}, {"don", "t", "count"},
	{"not", "counted"}, {"rejected", "referrals"}, {"not", "accepted"}, {"not", "admitted"},
	{"no", "víctima"}, {"no", "víctimas"}, {"no", "victima"}, {"no", "victimas"}, {"non", "victime"}, {"non", "victimes"},
	{"non", "víctimas"}, {"en", "riesgo"}, {"à", "risque"},
	// attack-2026-12-03f finding 5: screened and discarded in other words.
	{"unverified"}, {"not", "verified"}, {"no", "verificado"}, {"no", "verificados"}, {"non", "vérifié"}, {"non", "vérifiés"},
	{"false", "positive"}, {"false", "positives"}, {"descartado"}, {"descartados"}, {"descartada"}, {"descartadas"},
	{"declined"}, {"pending", "review"}, {"pending", "screening"}, {"pending", "referrals"}, {"labour", "only"}, {"labor", "only"},
	// attack-2026-12-03g finding 2: people whose status is not decided, or who are not victims,
	// in more words and languages.
	{"suspected"}, {"suspect"}, {"suspects"}, {"presumed"}, {"alleged"}, {"presunta"}, {"presuntas"}, {"presunto"}, {"presuntos"},
	{"possible", "victim"}, {"possible", "victims"}, {"possible", "vot"}, {"possible", "cases"}, {"probable", "victim"},
	{"probable", "victims"}, {"potential", "vot"}, {"potential", "vots"}, {"potential", "cases"}, {"posibles"}, {"possíveis"},
	{"non", "trafficking"}, {"nontrafficking"}, {"bukan", "korban"}, {"nao", "vitimas"}, {"nao", "vitima"}, {"não", "vítimas"},
	{"não", "vítima"}, {"sin", "confirmar"}, {"no", "confirmado"}, {"no", "confirmados"}, {"screening"}, {"out", "of", "scope"},
	// attack-2026-12-04a finding A: the same in other words and languages (presumptive, the
	// plural VoTs, supuesta, potencial, présumée, potentielle), people whose status nobody
	// decided (returnees, deportees, risk cases), and other people than the victims: the
	// perpetrators, witnesses, family members, callers of a hotline.
	{"presumptive"}, {"possible", "vots"}, {"probable", "vots"}, {"supuesta"}, {"supuestas"}, {"supuesto"}, {"supuestos"},
	{"potencial"}, {"potenciales"}, {"potenciais"}, {"présumée"}, {"présumées"}, {"présumé"}, {"présumés"}, {"presumee"},
	{"presumees"}, {"presume"}, {"presumes"}, {"potentielle"}, {"potentielles"}, {"potentiel"}, {"potentiels"},
	{"returnees"}, {"returnee"}, {"deportees"}, {"deportee"}, {"risk", "cases"}, {"risk", "case"},
	{"perpetrator"}, {"perpetrators"}, {"trafficker"}, {"traffickers"}, {"offender"}, {"offenders"}, {"accused"},
	{"witness"}, {"witnesses"}, {"family", "members"}, {"family", "member"}, {"relatives"}, {"hotline", "calls"},
	{"hotline", "call"}, {"calls"}, {"callers"}, {"tratantes"}, {"trafiquants"}, {"pelaku"}, {"saksi"},
	// ingest-exactness22's review: identification not made, and a national referral
	// mechanism's negative decisions (reasonable or conclusive grounds).
	{"not", "identified"}, {"unidentified"}, {"non", "identified"}, {"no", "identificadas"}, {"no", "identificados"},
	{"negative", "grounds"}, {"negative", "decision"}, {"negative", "decisions"}, {"negative", "rg"}, {"negative", "cg"},
	{"rg", "negative"}, {"cg", "negative"}, {"grounds", "negative"}, {"negative", "conclusive"}, {"negative", "reasonable"},
	// attack-2026-12-04b finding A2: the same people in the other languages the list reads
	// (Spanish, French, Portuguese, Indonesian), and more of them in English: those who
	// exploit or recruit, those who report or accompany, people whose status nobody decided.
	{"traficantes"}, {"traficante"}, {"agresores"}, {"agressores"}, {"perpetradores"}, {"imputados"}, {"imputadas"},
	{"acusados"}, {"explotadores"}, {"reclutadores"}, {"proxenetas"}, {"aliciadores"}, {"suspeitos"}, {"suspeitas"},
	{"sospechosos"}, {"autores"}, {"auteurs"}, {"mis", "en", "cause"}, {"trafiquant"}, {"exploiteurs"}, {"proxénètes"},
	{"proxenetes"}, {"recruteurs"}, {"testigos"}, {"testigo"}, {"témoins"}, {"temoins"}, {"témoin"}, {"temoin"},
	{"testemunhas"}, {"testemunha"}, {"familiares"}, {"membres", "de", "la", "famille"}, {"proches"},
	{"anggota", "keluarga"}, {"llamadas"}, {"appels"}, {"appelants"}, {"chamadas"}, {"denunciantes"}, {"retornados"}, {"retornadas"},
	{"rapatriés"}, {"rapatries"}, {"repatriados"}, {"possibles"}, {"presumidas"}, {"presumidos"}, {"presumida"},
	{"presumido"}, {"terduga"}, {"calon", "korban"}, {"tersangka"},
	{"exploiters"}, {"exploiter"}, {"pimps"}, {"recruiters"}, {"recruiter"}, {"brokers"}, {"broker"}, {"employers"},
	{"employer"}, {"informants"}, {"complainants"}, {"guardians"}, {"guardian"}, {"parents"}, {"dependants"},
	{"dependents"}, {"accompanying", "children"}, {"accompanying", "persons"}, {"pvot"}, {"pvots"}, {"intercepted"},
	{"interceptions"}, {"returned", "migrants"}, {"smuggled", "migrants"}, {"smuggled"},
	// ingest-exactness23's review: the plural and the article beside VoT ("Not a VoT",
	// "Non-VoTs"), "non trafficked", allegations not substantiated (a child protection
	// register's words), decisions awaited, suspected in Spanish and Portuguese, Indonesian's
	// suspected (terduga, diduga) and prospective (calon) victims, and registers of other
	// people than victims: smuggled migrants, missing persons.
	{"not", "a", "vot"}, {"not", "vots"}, {"non", "vots"}, {"nonvots"}, {"no", "vots"}, {"non", "trafficked"}, {"nontrafficked"},
	{"not", "a", "case"}, {"unsubstantiated"}, {"not", "substantiated"}, {"unfounded"}, {"inconclusive"},
	{"awaiting", "verification"}, {"awaiting", "assessment"}, {"awaiting", "identification"}, {"awaiting", "decision"},
	{"awaiting", "screening"}, {"pending", "decision"}, {"sospechosa"}, {"sospechosas"}, {"sospechoso"}, {"sospechosos"},
	{"suspeitas"}, {"suspeitos"}, {"suspeita"}, {"suspeito"}, {"presumidas"}, {"presumidos"}, {"no", "es", "víctima"},
	{"no", "es", "victima"}, {"non", "identifiées"}, {"non", "identifiés"}, {"non", "identifiees"}, {"non", "identifies"},
	{"calon", "korban"}, {"terduga"}, {"diduga"}, {"smuggled", "migrants"}, {"smuggled", "persons"}, {"smuggling", "cases"},
	{"missing", "persons"}, {"missing", "children"}, {"missing", "people"},
	// attack-2026-12-04c finding R3: parents, guardians, reporters, smugglers, migrants,
	// refugees and deportees in Spanish, French, Portuguese and Indonesian (their English names
	// were refused), and the victims of other crimes.
	{"padres"}, {"madres"}, {"padrastros"}, {"madrastas"}, {"tutores"}, {"tutoras"}, {"tuteurs"}, {"tutrices"},
	{"responsáveis"}, {"responsaveis"}, {"wali"}, {"orang", "tua"}, {"orangtua"}, {"pelapor"}, {"passeurs"}, {"passeur"},
	{"contrabandistas"}, {"contrabandista"}, {"coyotes"}, {"polleros"}, {"penyelundup"}, {"migrantes"}, {"migrants"},
	{"refugiados"}, {"refugiadas"}, {"réfugiés"}, {"refugies"}, {"refugees"}, {"pengungsi"}, {"deportados"}, {"deportadas"},
	{"expulsés"}, {"expulses"}, {"plaignants"}, {"denunciante"}, {"otros", "delitos"}, {"other", "crimes"},
	{"autres", "infractions"}, {"outros", "crimes"}, {"tindak", "pidana", "lain"},
	// attack-2026-12-04c finding R6: a child-protection register's other case types, a sheet
	// or file each ("Neglect", "GBV", "Street children" beside "Trafficking")
	{"neglect"}, {"gbv"}, {"sgbv"}, {"street", "children"}, {"street", "child"}, {"runaways"}, {"runaway"},
	{"child", "marriage"}, {"early", "marriage"}, {"domestic", "violence"}, {"separated", "children"},
	{"unaccompanied", "children"}, {"orphans"}, {"negligencia"}, {"abandono"}, {"violencia", "doméstica"},
	{"violencia", "domestica"}, {"matrimonio", "infantil"}, {"niños", "de", "la", "calle"}, {"négligence"}, {"negligence"},
	{"violence", "domestique"}, {"mariage", "précoce"}, {"enfants", "des", "rues"}, {"penelantaran"}, {"kdrt"},
	{"perkawinan", "anak"}, {"anak", "jalanan"},
	// attack-2026-12-04d finding R14: employers, brokers, sponsors, companions and guardians in
	// the other languages; R8: a register's sheets of other case types
	{"empleadores"}, {"empleador"}, {"empleadoras"}, {"employeurs"}, {"employeur"}, {"empregadores"}, {"majikan"},
	{"calo"}, {"sponsors"}, {"sponsor"}, {"kafeel"}, {"acompañantes"}, {"acompanantes"},
	{"accompagnateurs"}, {"acompanhantes"}, {"pendamping"}, {"responsables"}, {"intermediarios"}, {"intermédiaires"},
	{"intermediaires"}, {"agen"}, {"perekrut"},
	{"abuse"}, {"other", "cases"},
	{"abandoned", "children"}, {"unaccompanied", "minors"}, {"cp"},
	{"child", "protection"}, {"violencia"}, {"violence"}, {"violência"}, {"maltrato"},
	{"maltraitance"}, {"otros", "casos"}, {"autres", "cas"}, {"outros", "casos"}, {"kasus", "lain"},
	{"kekerasan"}, {"abuso"}, {"abus"},
	// attack-2026-12-05b U5: other people of a case named by a phrase (a single word naming
	// them is judged by the role words: otherPersonWord)
	{"children", "of", "victims"}, {"children", "of", "victim"}, {"hijos", "de", "víctimas"}, {"hijos", "de", "victimas"},
	{"enfants", "des", "victimes"}, {"filhos", "de", "vítimas"}, {"filhos", "de", "vitimas"}, {"persons", "of", "interest"},
	{"next", "of", "kin"}, {"accompanying", "adults"}, {"household", "members"}, {"household", "member"}, {"contacts"}, {"contactos"},
	// attack-2026-12-05d W3: a household's, a family's (Primero's "Family details" subform),
	// mothers', companions' and indirect beneficiaries' files and sheets
	{"family", "details"}, {"family", "detail"}, {"family", "information"}, {"family", "info"}, {"victims", "family"},
	{"victim", "family"}, {"victims", "families"}, {"victim", "families"}, {"and", "families"}, {"and", "family"},
	{"children", "of", "survivors"}, {"children", "of", "survivor"}, {"hh", "members"}, {"hh", "member"}, {"hh", "roster"}, {"household", "roster"}, {"other", "persons"}, {"other", "people"}, {"accompanying"}, {"companions"}, {"companion"}, {"indirect"},
	// attack-2026-12-07g G5: people who withdrew or never gave their consent (counted and
	// released to researchers if read), and people whose status is only likely, in five languages
	{"consent", "withdrawn"}, {"withdrawn", "consent"}, {"withdrew", "consent"}, {"consent", "withdrawal"},
	{"withdrawal", "of", "consent"}, {"consent", "revoked"}, {"revoked", "consent"}, {"no", "consent"}, {"without", "consent"},
	{"refused", "consent"}, {"consent", "refused"}, {"declined", "consent"}, {"consent", "declined"}, {"sin", "consentimiento"},
	{"consentimiento", "retirado"}, {"retiro", "del", "consentimiento"}, {"retiró", "consentimiento"}, {"sans", "consentement"},
	{"consentement", "retiré"}, {"consentement", "retire"}, {"retrait", "du", "consentement"}, {"refus", "de", "consentement"},
	{"sem", "consentimento"}, {"consentimento", "retirado"}, {"tanpa", "persetujuan"}, {"persetujuan", "dicabut"},
	{"potential"}, {"probable"}, {"probables"}, {"likely"}, {"prováveis"}, {"provaveis"}, {"provável"}, {"provavel"}}

// statusName returns the phrase of a sheet's name that names its people by their trafficking
// status (statusPhrases), or "".
func statusName(sheet string) string {
	letters := func(s string) []string {
		return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) })
	}
	words := letters(sheet)
	// Split at a case change too ("NotVictims", "AtRisk": attack-2026-12-03f finding 5), after
	// the plain words; "VoT" is kept whole.
	camel := letters(strings.Join(nameWords(strings.ReplaceAll(sheet, "VoT", "Vot")), " "))
	// A name that also calls its people victims ("Victims at risk of re-trafficking",
	// "Survivors referred out", "VoT ineligible for grants") says their status: only the
	// phrases that deny it ("not victims", "screened out") count there.
	victims := false
	for _, ws := range [][]string{words, camel} {
		victims = victims || slices.ContainsFunc(ws, func(w string) bool { return victimWords[w] }) ||
			slices.Contains(ws, "retrafficking") || slices.Contains(ws, "re") && slices.Contains(ws, "trafficking")
	}
	if ph := statusPhrase(words, victims); ph != "" {
		return ph
	}
	if ph := statusPhrase(camel, victims); ph != "" {
		return ph
	}
	if w := otherPersonWord(words, victims); w != "" {
		return w
	}
	return otherPersonWord(camel, victims)
}

// otherPersonWord returns the word of a sheet's (or file's) name that names its people for
// their part in a case or their tie to a victim ("Caregivers", "siblings", "reporters",
// "hermanos", "tutores"), judged by the role words a dropped column's values are judged by
// (roleKind; attack-2026-12-05b U5: the phrase lists missed them), or "". Beside a word that
// calls them victims only a relative's or carer's word counts ("Victim witnesses" are victims).
// Left out: words that may name the victims themselves or a service for them (a mother in a
// mother-and-child shelter, "Family reunification", a religious order's "Sisters").
func otherPersonWord(words []string, victims bool) string {
	for _, w := range words {
		for _, s := range [...]string{w, strings.TrimSuffix(w, "s"), strings.TrimSuffix(w, "es")} {
			if kinNotNames[s] {
				break
			}
			if careWords[s] || relativeRoleWords[s] || dependantWords[s] || indirectWords[s] || !victims && otherRoleWords[s] && !complainantWords[s] {
				return w
			}
		}
	}
	return ""
}

// careWords name a victim's carers and the people around them, who are no role of a case
// (otherPersonWord).
var careWords = map[string]bool{"caregiver": true, "carer": true, "caretaker": true, "cuidador": true, "cuidadora": true,
	"kin": true, "fam": true, "hhm": true, "sibling": true, "hermano": true, "hermana": true, "irmão": true, "irmao": true,
	"frère": true, "frere": true, "tuteur": true, "tutrice": true, "responsable": true}

// kinNotNames are relativeRoleWords that do not say a sheet's or file's people are not the
// victims (otherPersonWord).
var kinNotNames = map[string]bool{"family": true, "familiar": true, "familia": true, "famille": true, "família": true, "keluarga": true, "mother": true, "madre": true,
	"mère": true, "mãe": true, "mae": true, "ibu": true, "son": true, "daughter": true, "wife": true, "husband": true,
	"sister": true, "brother": true, "foster": true, "household": true}

// sheetLabel names the sheet name (idx its 0-based position) in errors, notices and the
// manifest: the name, or "sheet N" when it could be data (detect.SheetLabel: a sheet named
// after a child, "Naqib notes", "contact_grace"). A name that is a phrase of statusPhrases and nothing else ("Testemunhas", "No
// verificados", "NONVICTIMS") is named though detect does not know its words: the refusals
// quote that phrase, so "sheet 2" withheld nothing and only disagreed with it
// (privacy-side-doors27, left).
func sheetLabel(name string, idx int) string {
	if detect.SheetLabel(name) || statusSheet(name) {
		return name
	}
	return fmt.Sprintf("sheet %d", idx+1)
}

// statusSheet reports whether the sheet's name is a phrase of statusPhrases (statusName) and
// nothing else: its letters' words, in any case, are the phrase's (a space, "_" or "-" between).
func statusSheet(name string) bool {
	ph := statusName(name)
	if ph == "" || len([]rune(name)) > 40 || phraseGiven(ph) {
		return false
	}
	words := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return !unicode.IsLetter(r) })
	if strings.Join(words, " ") != ph {
		return false
	}
	// only letters and the separators between words: no digit, no mark of a code
	return !strings.ContainsFunc(name, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsMark(r) && r != ' ' && r != '_' && r != '-' && r != '\''
	})
}

// StatusFileName reports whether a file's name without its extension is a phrase of
// statusPhrases and nothing else (statusSheet): its refusal (Reader.statusFile) quotes the
// phrase, so the pipeline names the file rather than "input N" beside it ("testemunhas.csv",
// privacy-side-doors28, left).
func StatusFileName(stem string) bool { return statusSheet(stem) }

// phraseGiven reports whether a word of a phrase statusName found is a given name of detect's
// lists: ing29's single role words ("Wali", guardian; "Irma", sister; "Ayah", father) are
// children's names too, so a sheet or file named "Wali" or "Wali Qasimzada" could be named
// after a child (privacy-side-doors29).
func phraseGiven(ph string) bool {
	return slices.ContainsFunc(strings.Fields(ph), detect.LabelName)
}

// quotedPhrase is the phrase statusName found as the refusals and notices quote it: withheld
// when it is a given name too (phraseGiven).
func quotedPhrase(ph string) string {
	if phraseGiven(ph) {
		return "a word for other people than victims that is also a given name, withheld"
	}
	return strconv.Quote(ph)
}

// statusPhrase is statusName on a name's lower-case words; victims tells whether the name
// also calls its people victims.
func statusPhrase(words []string, victims bool) string {
	for _, ph := range statusPhrases {
		if victims && qualifierPhrase(ph) {
			continue
		}
		for i := 0; i+len(ph) <= len(words); i++ {
			if slices.Equal(words[i:i+len(ph)], ph) {
				if ph[0] == "and" && i+len(ph) < len(words) {
					continue // "Children and families", not "Child and family services" (ing31)
				}
				return strings.Join(ph, " ")
			}
		}
	}
	// A family named alone ("Famille", "Keluarga") holds the victims' families; "Family
	// reunification" or "Suivi famille" holds what happened to the victims.
	if len(words) == 1 && (familyNames[words[0]] || wholeOtherNames[words[0]]) {
		return words[0]
	}
	// "Pending" alone is a status; "Pending court cases" is not. So are the words of records
	// held back from the count, whose people nobody has counted as victims yet or any more
	// (attack-2026-12-06e E5, 06f F5): "On hold", "Hold", "Held" (a reviewer's, as KoboToolbox's
	// validation status "On Hold"), "Withdrawn" (consent or the case withdrawn), "Flagged"
	// (singled out for a doubt), "Screened" (screened, not yet decided); "Held in shelter",
	// "Screened at border crossing" are not. ("Under review" is a phrase of statusPhrases.)
	if ph := heldLead(words); ph != "" && (len(words) == len(strings.Fields(ph)) ||
		len(words) == len(strings.Fields(ph))+1 && heldNouns[words[len(words)-1]]) {
		return ph
	}
	return ""
}

// heldLead returns the words at the start of a sheet's name that say its records are held back
// from the count (statusPhrase), or "".
func heldLead(words []string) string {
	switch {
	case len(words) == 0:
	case words[0] == "pending", words[0] == "hold", words[0] == "held", words[0] == "withdrawn", words[0] == "flagged",
		words[0] == "screened", words[0] == "awaiting", words[0] == "aguardando", words[0] == "menunggu": // 07g G5: "Awaiting"
		return words[0]
	case len(words) > 1 && words[0] == "en" && (words[1] == "espera" || words[1] == "attente"):
		return words[0] + " " + words[1]
	case len(words) > 1 && words[0] == "on" && words[1] == "hold":
		return "on hold"
	}
	return ""
}

// heldNouns may follow heldLead's words in a sheet's name ("Pending cases", "On hold list").
var heldNouns = map[string]bool{"cases": true, "list": true, "records": true, "entries": true, "submissions": true}

// victimWords call a sheet's (or file's) people victims.
var victimWords = map[string]bool{"victim": true, "victims": true, "survivor": true, "survivors": true, "vot": true, "vots": true,
	"víctima": true, "víctimas": true, "victima": true, "victimas": true, "victime": true, "victimes": true, "sobrevivientes": true, "survivantes": true,
	"vítima": true, "vítimas": true, "vitima": true, "vitimas": true, "korban": true, "penyintas": true, "sobreviventes": true}

// familyNames are the words for a family that name a sheet or file of the victims' families
// when they are its whole name (attack-2026-12-04b finding A2).
var familyNames = map[string]bool{"family": true, "families": true, "familia": true, "familias": true, "família": true,
	"famílias": true, "famille": true, "familles": true, "keluarga": true}

// wholeOtherNames name a sheet or file of other people than victims when they are its whole
// name ("Mothers", "Household", "HH": attack-2026-12-05d W3); "Mother and child", "Household
// visits 2024" hold the victims.
var wholeOtherNames = map[string]bool{"mothers": true, "madres": true, "mères": true, "meres": true, "mães": true, "maes": true,
	"household": true, "households": true, "hh": true}

// qualifierPhrase reports whether a status phrase qualifies people without denying that they
// are victims: at risk (of re-trafficking), ineligible (for a grant), referred out (to a service).
func qualifierPhrase(ph []string) bool {
	switch strings.Join(ph, " ") {
	case "at risk", "ineligible", "not eligible", "referred out",
		// "Vulnerable victims", "Victims not admitted" (to a shelter), "Víctimas en riesgo de
		// re-trata": a need or a service, not their status (ing20's review of finding 6's list).
		"vulnerable", "not admitted", "en riesgo", "à risque", "declined",
		// "Victim witnesses" (in a prosecution), "Returnee victims": a role or a journey
		"witness", "witnesses", "returnees", "returnee", "deportees", "deportee",
		"testigos", "testigo", "témoins", "temoins", "témoin", "temoin", "testemunhas", "testemunha",
		"retornados", "retornadas", "rapatriés", "rapatries", "repatriados", "intercepted",
		// "Migrant victims", "Víctimas refugiadas": a journey (R3's words)
		"migrantes", "migrants", "refugiados", "refugiadas", "réfugiés", "refugies", "refugees", "pengungsi",
		"deportados", "deportadas", "expulsés", "expulses":
		return true
	}
	return false
}

// fileStem is the base name of an input without its extensions (".csv", ".csv.gz").
func fileStem(name string) string {
	b := baseName(name)
	b = strings.TrimSuffix(strings.TrimRight(b, " "), ".gz")
	if i := strings.LastIndexByte(b, '.'); i > 0 {
		b = b[:i]
	}
	return b
}

// otherPeople reports whether a phrase statusName found names other people of a case than its
// victims (witnesses, suspects, perpetrators, relatives, callers), not a victim's status: a
// status column on their rows is the case's (attack-2026-12-05a T1).
func otherPeople(phrase string) bool {
	ws := strings.Fields(phrase)
	if otherPeoplePhrases[phrase] || otherPersonWord(ws, true) != "" {
		return true
	}
	return slices.ContainsFunc(ws, func(w string) bool {
		return otherRoleWords[w] || otherRoleWords[strings.TrimSuffix(w, "s")] || relativeRoleWords[w] ||
			relativeRoleWords[strings.TrimSuffix(w, "s")] || otherPeopleWords[w]
	})
}

// otherPeopleWords are statusPhrases' words for other people than victims that the role words
// (otherRoleWords, relativeRoleWords) lack.
var otherPeopleWords = map[string]bool{"callers": true, "calls": true, "call": true, "members": true, "relatives": true,
	"tratantes": true, "trafiquants": true, "traficantes": true, "agresores": true, "agressores": true, "perpetradores": true,
	"imputados": true, "imputadas": true, "acusados": true, "explotadores": true, "reclutadores": true, "proxenetas": true,
	"aliciadores": true, "suspeitos": true, "sospechosos": true, "autores": true, "auteurs": true, "exploiteurs": true,
	"proxénètes": true, "proxenetes": true, "recruteurs": true, "testigos": true, "témoins": true, "temoins": true,
	"testemunhas": true, "familiares": true, "famille": true, "proches": true, "keluarga": true, "llamadas": true,
	"appels": true, "appelants": true, "chamadas": true, "denunciantes": true, "pimps": true, "informants": true,
	"complainants": true, "dependants": true, "dependents": true, "accompanying": true, "tersangka": true,
	"mis": true}

// otherPeoplePhrases are statusPhrases of other people than victims whose words do not say so
// alone (attack-2026-12-05b U5).
var otherPeoplePhrases = map[string]bool{"children of victims": true, "children of victim": true, "hijos de víctimas": true,
	"hijos de victimas": true, "enfants des victimes": true, "filhos de vítimas": true, "filhos de vitimas": true,
	"persons of interest": true, "next of kin": true, "accompanying adults": true, "household members": true, "household member": true,
	"contacts": true, "contactos": true, "orang tua": true, "orangtua": true, "tutores": true,
	"family details": true, "family detail": true, "family information": true, "family info": true, "victims family": true,
	"victim family": true, "victims families": true, "victim families": true, "and families": true, "and family": true,
	"mothers": true, "madres": true, "mères": true, "meres": true, "mães": true, "maes": true, "household": true, "households": true,
	"children of survivors": true, "children of survivor": true, "hh": true, "hh members": true, "hh member": true, "hh roster": true, "household roster": true, "other persons": true, "other people": true, "accompanying": true, "companions": true,
	"companion": true, "indirect": true}

// sheetStatus reports whether the config's sheet_defaults give the sheet a trafficking status,
// by its name or by key, its position ("#2") when its name is withheld (sheetDefaultsKey).
func sheetStatus(m *Mapping, sheet, key string) bool {
	if m == nil {
		return false
	}
	for name, d := range m.SheetDefaults {
		if (sheetKey(name) == sheetKey(sheet) || name == key) && d[schema.TraffickingStatus] != "" {
			return true
		}
	}
	return false
}

// sheetDefaultsKey is the key of sheet_defaults a refusal names for sheet s: its name when
// notices show it, else its position ("#2" for the "sheet 2" they show: "sheet 2" itself is
// no key, and sheet_defaults refused it as naming no sheet).
func sheetDefaultsKey(f *excelize.File, s string, label func(string) string) string {
	if label(s) == s {
		return s
	}
	idx, _ := f.GetSheetIndex(s)
	return sheetPosition(idx)
}

// exampleWords name a sheet of made-up rows that shows how to fill in the register.
// ("Template" is not one: a register is often the template filled in.)
var exampleWords = map[string]bool{"example": true, "examples": true, "sample": true,
	// a template, a practice or sandbox sheet beside the register (attack-2026-12-06b B6); a
	// register kept on its template's only sheet is read
	"template": true, "templates": true, "practice": true, "sandbox": true, "plantilla": true, "plantillas": true,
	"demo": true, "demonstration": true} // attack-2026-12-06c C4

// placeWords name a place or a programme after "Training" ("Training centre cases",
// "Training_institute_register"): its register, not a training copy (discardedName).
var placeWords = map[string]bool{"centre": true, "center": true, "centres": true, "centers": true, "institute": true,
	"school": true, "college": true, "programme": true, "program": true, "unit": true, "facility": true, "academy": true,
	"camp": true, "home": true, "hall": true}

// asideName returns the word of a sheet's name that says it keeps the register's rows aside
// or again: an archive ("Archive", "Archived 2023") holds the register's closed cases in one
// system and records taken out in another, a copy ("Copy of Cases 2024", "Cases 2024 -
// Copy") the register's people again under new rows (attack-2026-12-06a A5); or "".
//
// An older version too (attack-2026-12-06b B6): a name that ends in "old", "previous" or
// "outdated" ("Old", "cases_old", "old/"; not "Old cases 2019", a year's register) or is
// "Old data", "Previous version"; and a name that ends in a number in brackets, as Excel names a
// copied sheet ("Cases 2024 (2)") and a browser a file downloaded again ("cases (1).csv"): one or
// two digits, not a year ("Cases (2024)").
func asideName(sheet string) string {
	words := strings.FieldsFunc(strings.ToLower(sheet), func(r rune) bool { return !unicode.IsLetter(r) })
	for _, w := range words {
		switch w {
		case "archive", "archives", "archived", "archivo", "archivos", "archivado", "archivados", "archivé",
			"arsip", "arquivo", "arquivado", "copy", "copia", "cópia", "copie", "salinan", "outdated":
			return w
		}
	}
	prior := func(w string) bool { return w == "old" || w == "previous" || w == "prev" }
	// the register's earlier forms (attack-2026-12-06d D6): "cases_orig", "cases_original",
	// "cases_raw", "Raw data", "cases_v1"
	early := func(w string) bool {
		return w == "orig" || w == "original" || w == "raw" || w == "unedited" || w == "uncleaned"
	}
	if n := len(words); n > 1 && early(words[n-1]) || n == 2 && words[0] == "raw" && (words[1] == "data" || recordWords[words[1]]) {
		return "original"
	}
	if t := strings.ToLower(strings.TrimSpace(sheet)); len(t) > 3 {
		if i := strings.LastIndexAny(t, "_ -"); i > 0 && i+2 < len(t) && t[i+1] == 'v' && len(t)-i <= 4 && strings.Trim(t[i+2:], "0123456789") == "" {
			return "version" // "cases_v1", "Cases v2"
		}
	}
	if n := len(words); n > 0 && prior(words[n-1]) ||
		n == 2 && prior(words[0]) && (words[1] == "data" || words[1] == "version" || words[1] == "records") ||
		// "old_cases.csv" as "cases_old.csv"; not "Old cases 2019", a year's register (attack-2026-12-06c C4)
		n == 2 && prior(words[0]) && recordWords[words[1]] && !strings.ContainsAny(sheet, "0123456789") {
		return "old"
	}
	if t := strings.TrimSpace(sheet); strings.HasSuffix(t, ")") {
		// "Cases 2024 (2)", "cases(1).csv" (attack-2026-12-06c C4)
		if i := strings.LastIndexByte(t, '('); i > 0 && len(t)-i > 2 && len(t)-i <= 4 && strings.Trim(t[i+1:len(t)-1], "0123456789") == "" {
			return "copy"
		}
	}
	return ""
}

// copiedSheet reports whether a sheet's name is another sheet's with a copy's number, as
// LibreOffice names a copied sheet ("Cases 2024_2") and Excel without its space ("Cases
// 2024(2)"), or a default sheet's so ("Sheet1_2").
func copiedSheet(s string, sheets []string) bool {
	i := strings.LastIndexAny(s, "_ ")
	if i <= 0 || len(s)-i < 2 || len(s)-i > 3 || strings.Trim(s[i+1:], "0123456789") != "" {
		return false
	}
	base := s[:i]
	if b := strings.ToLower(base); strings.HasPrefix(b, "sheet") && len(b) > 5 && strings.Trim(b[5:], "0123456789") == "" {
		return true
	}
	return slices.ContainsFunc(sheets, func(o string) bool { return o != s && strings.EqualFold(o, base) })
}

// notForWords end a name "Not for ...": a sheet or a file not for the register's count.
var notForWords = map[string]bool{"analysis": true, "use": true, "reporting": true, "counting": true, "statistics": true}

// asideInFolder returns the word of a folder file's name (stem) or of one of its subfolders
// (slash-separated) that says it keeps a register's rows aside or again: an archive or a copy
// (asideName) in either, a backup or a kept-aside name (discardedName) in a subfolder
// ("archive/old.csv", "backup/cases.csv"); or "". A file named as taken out ("cases_backup.csv")
// is skipped or refused by its name already (discardedName).
func asideInFolder(stem, subfolders string) string {
	if w := asideName(stem); w != "" {
		return w
	}
	if w := exampleName(stem); w != "" {
		return w // "cases_sample.csv" (attack-2026-12-06b B6), as a "Sample" sheet beside the register
	}
	for _, d := range strings.Split(subfolders, "/") {
		if w := asideName(d); w != "" {
			return w
		}
		if w := discardedName(d); w != "" {
			return w
		}
	}
	return ""
}

// exampleName returns the word of a sheet's name that says its rows are an example (exampleWords), or "".
func exampleName(sheet string) string {
	words := strings.FieldsFunc(strings.ToLower(sheet), func(r rune) bool { return !unicode.IsLetter(r) })
	for i, w := range words {
		if w == "practice" && (i > 0 && practiceOwners[words[i-1]] || i+1 < len(words) && practiceOf[words[i+1]]) {
			continue // "Legal practice", "Private practice", "Practice area": a practice's register (ing36, Left)
		}
		if exampleWords[w] {
			return w
		}
		if w == "trial" && (len(words) == 1 || i+1 < len(words) && trialOf[words[i+1]]) {
			return w // "Trial", "Trial run", "Trial data": not "Cases at trial", "Trial stage" (a court's)
		}
	}
	return ""
}

// trialOf follow "trial" in the name of a sheet of a form's trial entries (exampleName).
var trialOf = map[string]bool{"run": true, "data": true, "entries": true, "entry": true, "version": true, "sheet": true, "records": true}

// practiceOwners qualify "practice" as a profession's or a firm's ("Legal practice", "Medical
// practice cases"), practiceOf follow it so ("Practice area", "Practice management"): not a
// practice sheet of made-up rows.
var (
	practiceOwners = map[string]bool{"legal": true, "law": true, "private": true, "medical": true, "clinical": true,
		"general": true, "family": true, "dental": true, "nursing": true, "social": true, "group": true, "joint": true,
		"solo": true, "public": true, "field": true, "professional": true, "best": true, "good": true, "harmful": true,
		"traditional": true, "cultural": true, "religious": true}
	practiceOf = map[string]bool{"area": true, "areas": true, "management": true, "manager": true, "group": true,
		"office": true, "notes": true, "standards": true}
)

// otherPeopleGroup returns the group named for another person of the case (otherPersonGroup)
// whose question in header maps onto a person's field by its last part ("suspects/gender"), or
// "" when there is none.
func otherPeopleGroup(m *Mapping, header []string) string {
	for _, c := range header {
		seg, ok := groupQuestion(c, "/.:")
		if !ok || !otherPersonGroup(c[:len(c)-len(seg)]) {
			continue
		}
		if slices.ContainsFunc(headerFields(m, []string{seg}), func(f string) bool { return personField(fieldIndex(f)) }) {
			return strings.TrimRight(c[:len(c)-len(seg)], "/.:")
		}
	}
	return ""
}

// firstSheetRow returns the first non-blank row of sheet s (nil when it has none or cannot be read).
func firstSheetRow(f *excelize.File, s string) []string {
	rows, err := f.Rows(s)
	if err != nil {
		return nil
	}
	defer rows.Close()
	for rows.Next() {
		cols, err := rows.Columns()
		if err != nil {
			return nil
		}
		if slices.ContainsFunc(cols, func(c string) bool { return strings.TrimSpace(c) != "" }) {
			return cols
		}
	}
	return nil
}
