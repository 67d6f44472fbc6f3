package ingest

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/prevalence/prevalence/detect"
)

// ParseError is a problem with a whole input, or with one place in it. It names the file, the
// line, the column and the canonical field, never the value found there.
type ParseError struct {
	File   string // input path as given
	Sheet  string // XLSX sheet, when the place is in a workbook
	Line   int    // 1-based line (CSV), row (XLSX) or record index (JSON); 0 when not about one place
	Column string // input column name, when known
	// Pos is Column's 1-based position in its header, when known: a name SafeLabel withholds
	// is then told by it (`column 5 (its name withheld)`, so that a mapping reaches it as "#5"),
	// as the notices do (Reader.columnSaid). The Reader fills it for the errors it returns.
	Pos   int
	Field string // canonical field, when known
	// Of is the row the error is about when Sheet and Line name another's (Rejection.Of): a
	// repeat group's person refused through its record's row ("rescue_operation!2 (row victims!3)").
	Of  string
	Err error
}

func (e *ParseError) Error() string {
	s := e.File
	switch {
	case e.Sheet != "" && e.Line > 0 && e.Of != "":
		s += fmt.Sprintf(":%s!%d (row %s)", e.Sheet, e.Line, e.Of)
	case e.Sheet != "" && e.Line > 0:
		s += fmt.Sprintf(":%s!%d", e.Sheet, e.Line)
	case e.Sheet != "":
		s += ":" + e.Sheet
	case e.Line > 0:
		s += fmt.Sprintf(":%d", e.Line)
	}
	switch {
	case e.Column != "" && e.Pos > 0:
		s += ": " + columnAt(e.Column, e.Pos)
	case e.Column != "":
		s += fmt.Sprintf(": column %q", shownColumn(e.Column))
	}
	if e.Field != "" && e.Field != e.Column {
		s += fmt.Sprintf(" (field %s)", e.Field)
	}
	return s + ": " + e.Err.Error()
}

func (e *ParseError) Unwrap() error { return e.Err }

// withheldColumn is what a ParseError prints for a column whose name could be data.
const withheldColumn = "(name withheld)"

// shownColumn is the name of a column as an error prints it: withheldColumn when it could be
// data (detect.SafeLabel: a headerless file's first row, a group named by a child, "Nguyễn/remarks",
// "suspects_zarmina"), whoever built the error (privacy-side-doors33: most callers labelled it,
// some did not). A name already withheld by the pipeline's strict refusals is that mark itself.
func shownColumn(c string) string {
	if c == withheldColumn || detect.SafeLabel(c) {
		return c
	}
	return withheldColumn
}

// columnAt is how a message names a column within its text when its position (from 1) is
// known: `column "count"` when SafeLabel allows the name, else `column 6 (its name withheld)`
// (columnKey), so that the advice to map it still reaches it ("#6"). Without a position a
// message prints shownColumn, quoted, as ParseError does (privacy-side-doors34: textErr, the
// notices of unknown columns, the summaries' reasons and refusals printed the name as it was).
func columnAt(name string, pos int) string {
	said, _ := columnKey(name, pos, "")
	return said
}

// Errors that a ParseError may wrap.
var (
	ErrUnknownFormat = errors.New("unknown input format (want .csv, .tsv, .json, .ndjson, .jsonl, .xlsx or .parquet)")
	ErrEncoding      = errors.New("cannot decode the text")
	ErrBrokenFile    = errors.New("broken file")
	// ErrUTCText: a date column's text instants are in UTC at a time of day (see Reader.utcText).
	ErrUTCText       = errors.New("dates written as instants in UTC")
	ErrTooLarge      = errors.New("input larger than the size limit")
	ErrNoSheet       = errors.New("no sheet")
	ErrNoHeader      = errors.New("no header row")
	ErrNoKnownColumn = errors.New("no column maps onto the case schema; add a mapping to the config")
	ErrTooManyBad    = errors.New("too many quarantined rows")
	ErrBadRow        = errors.New("row failed validation")
	// ErrNACountry: NA in a column of country codes (Reader.naCountry).
	ErrNACountry  = errors.New("NA in a column of ISO country codes: Namibia's code or \"not available\" (not guessed)")
	ErrDateOrder  = errors.New("its dates fit both day/month and month/day orders and no value proves which (a day above 12): set date_order: dmy or mdy in the source's config")
	ErrDateOrders = errors.New("its dates are written in both day/month and month/day orders, so those that fit both cannot be read; fix the export, or set date_order: dmy or mdy to read one order and quarantine the other")
	// ErrExcelSwapped: a workbook's date column mixes date cells and text dates in a way that
	// says Excel swapped the day and month of the dates that fit both orders (Reader.excelSwapped).
	ErrExcelSwapped = errors.New("its dates look swapped by Excel: a spreadsheet set to the other day/month order stored the dates that fit both orders as dates, day and month swapped, and kept the others as text; export the register again with the column formatted as text, or as CSV from the case system")

	// ErrNotCases is a workbook in which it is not certain which sheet holds one row per case:
	// a summary, a row of totals, sheets whose columns differ (see xlsxProducer.choose).
	ErrNotCases = errors.New("not certain to hold one row per case")
	// ErrNoStatus is an export of a child protection system (Primero) whose cases are not
	// certain to be of trafficking: no trafficking status, and a column of protection concerns.
	ErrNoStatus = errors.New("not certain to hold only cases of trafficking")
	// ErrFormValues: a column read as a form's flag by its name holds values that are no yes
	// or no (Reader.formFreeText).
	ErrFormValues = errors.New("not certain which forms of exploitation a column records")
	// ErrAgeUncertain is an export whose age column may hold the age on the export's day
	// rather than at registration (Primero's, without the date of birth): see Reader.primeroAge.
	ErrAgeUncertain = errors.New("not certain that the age is the age at registration")
	// ErrPlaceholder is an input whose ages or dates of birth repeat a code for "not
	// recorded" (99, 0, 1970-01-01): see Reader.placeholder.
	ErrPlaceholder = errors.New("a code for not recorded read as a value")
	// ErrTimeZone is a Parquet column of instants stored in UTC whose local dates are not
	// certain without the mapping's time_zone (see textOf).
	ErrTimeZone = errors.New("not certain of the dates' day")
	// ErrCalendar is a date column whose values include a date only another calendar has
	// (month 13: the Ethiopian), so that its other dates would be read as Gregorian ones.
	ErrCalendar = errors.New("dates of another calendar than the Gregorian")
	// ErrAgeUnit is a column whose name gives the age in months, weeks or days read onto age,
	// which is in whole years (see ageUnit).
	ErrAgeUnit = errors.New("an age in another unit than years")
	// ErrAgeNow is a column whose name gives the age today ("Current age") read onto age,
	// which is the age at registration (see ageNow).
	ErrAgeNow = errors.New("an age as of today, not at registration")
	// ErrGenderLetters is a gender column whose one-letter codes are of a language whose M is
	// the female one (H beside M: Spanish hombre/mujer), while the default vocabulary reads
	// M as male (see placeholderEvidence.genMale).
	ErrGenderLetters = errors.New("gender letters of a language whose M is female")
	// ErrDateHint is a date column whose name gives one day/month order ("(mm/dd/yyyy)")
	// while the source's date_order gives the other (see resolver.hintOrder).
	ErrDateHint = errors.New("a date column's name and date_order disagree on the day/month order")
)

// Rejection is one quarantined row. It says where and why, never what. In a workbook, Sheet
// names the sheet and Line is the row number on it (shown as "Sheet1!12"); in NDJSON, Line is
// the line; in a JSON array (or values spread over lines), the record's index (1-based).
type Rejection struct {
	File   string `json:"file"`
	Sheet  string `json:"sheet,omitempty"`
	Line   int    `json:"line"`
	Column string `json:"column,omitempty"`
	// Pos is Column's 1-based position in the header of its file or sheet, when known (0 for
	// JSON keys): a name detect.SafeLabel withholds is told by it ("column 5 (name withheld)"),
	// sheet by sheet. Not in the manifest: quarantine.csv and the refusals say it.
	Pos    int    `json:"-"`
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"`
	// Of is the row the rejection is about ("victims!3") when Sheet and Line name another's, the
	// row of the value that judged it: a repeat group's person quarantined through its parent
	// record's column ("_notes" = Not a victim) or its hidden row. Position says both; each
	// person of the record is then told apart (ing44's two identical quarantine.csv lines).
	Of string `json:"-"`
}

// NotACase reports whether a rejection is of a row that the export itself marks as no case (a
// submission its reviewers rejected, a record marked invalid or another case's duplicate): it is counted and listed like any other, but it is no
// fault of the export, so limits on quarantined rows (max_bad_share, strict) leave it alone.
//
// A register's prepared rows (a template's rows below the data, errTemplateRow) are no fault of
// the export either.
func NotACase(r Rejection) bool {
	return r.Reason == errRejectedSubmission.Error() || r.Reason == errInvalidRecord.Error() || r.Reason == errDuplicateRecord.Error() || r.Reason == errMergedRecord.Error() ||
		r.Reason == errClosedNoCase.Error() || r.Reason == errMarkedNoCase.Error() || r.Reason == errAboveDuplicate.Error() || r.Reason == errRemarkNotVictim.Error() || r.Reason == errRemarkSayers.Error() ||
		r.Reason == errTemplateRow.Error()
}

// Position returns where the rejected row is: "12" for a line, "Sheet1!12" in a workbook, and
// the row it is about after the value's when they differ (Of).
func (r Rejection) Position() string {
	if r.Sheet != "" {
		if r.Of != "" {
			return fmt.Sprintf("%s!%d (row %s)", r.Sheet, r.Line, r.Of) // "rescue_operation!2 (row victims!3)"
		}
		return fmt.Sprintf("%s!%d", r.Sheet, r.Line)
	}
	return fmt.Sprint(r.Line)
}

// ColumnClashError is an input in which two or more columns reach one canonical field, such as
// KoboToolbox's "trafficker/sex" and "victim/sex" (both found by the preset "sex"), or a
// header naming "age" twice. Taking any one column would be a guess, so the input is refused
// until the mapping says which one to read. Every field that clashes is named at once (Next),
// so that one run gives the whole fix.
type ColumnClashError struct {
	Field     string            // the canonical field they reach
	Columns   []string          // the input columns (two or more), in input order
	Positions []int             // their 1-based positions; 0 where the input has none (JSON keys)
	Next      *ColumnClashError // the next field that clashes, nil when none
}

func (e *ColumnClashError) Error() string {
	var b strings.Builder
	for c := e; c != nil; c = c.Next {
		if c != e {
			b.WriteString("; and ")
		}
		b.WriteString(c.one())
	}
	return b.String()
}

// one says what clashes on one field and how to fix it.
func (e *ColumnClashError) one() string {
	n := len(e.Columns)
	if (len(e.Positions) == 0 || e.Positions[0] == 0) && valueKeys(e.Columns) {
		return fmt.Sprintf("%d columns reach field %s through keys that may be names or case numbers (not printed: a JSON object keyed by them, as pandas to_json(orient=\"index\") or a Firebase export writes); "+
			"export the records as a list of records (to_json(orient=\"records\")) or NDJSON", n, e.Field)
	}
	// A column whose name could be data (a headerless file's first row, a group named by a
	// child's name: "Zarmina Qasimzada/age") is named by its position, in the fix too ("#10"),
	// never by its name (detect.SafeLabel; privacy-side-doors31).
	pos := func(i int) int {
		if i < len(e.Positions) {
			return e.Positions[i]
		}
		return 0
	}
	col := func(i int) string {
		switch {
		case !detect.SafeLabel(e.Columns[i]) && pos(i) > 0:
			return fmt.Sprintf("%d (its name withheld)", pos(i))
		case !detect.SafeLabel(e.Columns[i]):
			return "(a key whose name is withheld)"
		case pos(i) > 0:
			return fmt.Sprintf("%d %q", pos(i), e.Columns[i])
		}
		return fmt.Sprintf("%q", e.Columns[i])
	}
	key := func(i int) string {
		switch {
		case detect.SafeLabel(e.Columns[i]):
			return fmt.Sprintf("%q", e.Columns[i])
		case pos(i) > 0:
			return fmt.Sprintf(`"#%d"`, pos(i))
		}
		return `"(withheld)"`
	}
	if n == 2 && e.Columns[0] == e.Columns[1] && len(e.Positions) == 2 && e.Positions[1] > 0 {
		return fmt.Sprintf("columns %s and %s both map onto field %s; say which one to read in the source's config, e.g. "+
			`columns: {"#%d": drop} to read column %d, or {"#%d": drop} to read column %d`,
			col(0), col(1), e.Field, e.Positions[0], e.Positions[1], e.Positions[1], e.Positions[0])
	}
	// The fix keeps the column named as the field (Primero's case_id beside its id, short_id
	// and case_id_display), else the last that is not a form server's own (KoboToolbox's _id
	// is the submission's number, not the organisation's case number that its other exports
	// and events name: attack-2026-12-04d, lows), else the last; and drops the others.
	keep := n - 1
	for i := n - 1; i >= 0; i-- {
		if !serverMeta(e.Columns[i]) {
			keep = i
			break
		}
	}
	for i, c := range e.Columns {
		if fold(c) == fold(e.Field) {
			keep = i
			break
		}
	}
	fix := fmt.Sprintf("%s: %s", key(keep), e.Field)
	names := make([]string, n)
	for i := range n {
		names[i] = col(i)
		if i != keep {
			fix += fmt.Sprintf(", %s: drop", key(i))
		}
	}
	if n == 2 {
		return fmt.Sprintf("columns %s and %s both map onto field %s; say which one to read in the source's config, e.g. columns: {%s}",
			names[0], names[1], e.Field, fix)
	}
	return fmt.Sprintf("columns %s and %s all map onto field %s; say which one to read in the source's config, e.g. columns: {%s}",
		strings.Join(names[:n-1], ", "), names[n-1], e.Field, fix)
}

// valueKeys says whether clashing columns are JSON paths whose keys above the last may be
// values: a key holding a space or a digit (a name, a case number; not @, OData's annotations)
// in one of them. Flattened from an object keyed by its records' names or ids, they would
// print every name (attack-2026-12-01e finding 5); a layout's keys (victim.age) are words.
func valueKeys(cols []string) bool {
	for _, c := range cols {
		i := strings.LastIndexByte(c, '.')
		if i < 0 {
			continue
		}
		if strings.ContainsFunc(c[:i], func(r rune) bool { return r == ' ' || unicode.IsDigit(r) }) {
			return true
		}
	}
	return false
}

// hideValueKeys replaces the keys of a JSON column path (all but the last) that may be values,
// as valueKeys tells them, by "<key>": "Farid Ahmadi.shelter_note" is listed among the
// columns not read as "<key>.shelter_note" (attack-2026-12-01e finding 5).
func hideValueKeys(col string) string {
	i := strings.LastIndexByte(col, '.')
	if i < 0 || !valueKeys([]string{col}) {
		return col
	}
	parts := strings.Split(col[:i], ".")
	for j, p := range parts {
		if valueKeys([]string{p + ".x"}) {
			parts[j] = "<key>"
		}
	}
	return strings.Join(parts, ".") + col[i:]
}
