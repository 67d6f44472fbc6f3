package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/prevalence/prevalence/detect"
	"github.com/prevalence/prevalence/geo"
	"io"
	"math"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/prevalence/prevalence/schema"
)

// Format names an input format.
type Format string

// Input formats.
const (
	CSV     Format = "csv"
	TSV     Format = "tsv"
	JSON    Format = "json"
	NDJSON  Format = "ndjson"
	XLSX    Format = "xlsx"
	Parquet Format = "parquet"
)

// FormatOf guesses the format from a file name's extension (or a URL's path); "" when unknown.
func FormatOf(name string) Format {
	if i := strings.IndexAny(name, "?#"); i >= 0 && strings.Contains(name, "://") {
		name = name[:i]
	}
	name = strings.TrimRight(name, " ")
	if strings.EqualFold(filepath.Ext(name), ".gz") { // read through gzip (see Open)
		name = name[:len(name)-3]
	}
	switch strings.ToLower(strings.TrimRight(filepath.Ext(name), " ")) {
	case ".csv", ".txt":
		return CSV
	case ".tsv", ".tab":
		return TSV
	case ".json":
		return JSON
	case ".ndjson", ".jsonl":
		return NDJSON
	case ".xlsx", ".xlsm":
		return XLSX
	case ".parquet", ".pq":
		return Parquet
	}
	return ""
}

// Reader reads one input and yields its valid rows as Arrow records in schema.Cases.
// Set the exported fields before the first call to Read.
//
// Parsing and validation run in parallel (one goroutine splits the input into chunks of rows,
// one worker per CPU turns chunks into records) with a bounded number of chunks in flight;
// records, rejections and counts come out in input order, so the same input always gives the
// same records in the same order. Read the input to io.EOF, or call Close, to stop the
// goroutines; a Reader dropped half-way stops them when it is garbage collected.
type Reader struct {
	// json: the input is JSON, whose column names are key paths (see hideValueKeys)
	json bool
	// Mapping says how the input's columns and values map onto the schema; nil means canonical
	// and preset names only.
	Mapping *Mapping
	// Format overrides the format guessed from the name.
	Format Format
	// BatchSize is the largest number of rows per record; 8192 when zero. Records may be
	// smaller: each chunk of the input gives its own records.
	BatchSize int
	// Now is the reference time for "not in the future" checks; time.Now when zero.
	Now time.Time
	// Alloc allocates the records; when nil, Go memory (memory.DefaultAllocator). A record's
	// strings (array.String's Value) are views into its buffers, not copies: with Go memory
	// one kept past Release (a map key, a value remembered) stays right, since the garbage
	// collector keeps the buffer; with an allocator that hands a released buffer out again
	// it changes under the caller. So the Reader's recycling allocator (poolAlloc) is not
	// the default: TestCTDCRepeatedReads counted values in maps keyed by such views, and about
	// one read in 300 with the pool had keys holding a later column's bytes ("EuropeEur" for
	// 2005-2013). It must be safe for concurrent use (the Go and checked allocators are).
	Alloc memory.Allocator
	// Workers is the number of goroutines converting rows; GOMAXPROCS when zero.
	Workers int
	// Omit names text identifier fields (role schema.Identifier, type string, such as phone
	// or narrative) that the caller has no use for: their input columns are read past, not
	// copied, and the records hold nulls there. Identifiable data nobody uses should not sit
	// in memory at all, and skipping the copy makes reading faster. Omitting full_name omits
	// the name parts too. Any other field is an error.
	Omit []string
	// SheetScoped says that a workbook's case numbers are unique only within its sheet (the
	// run's case_id_scope: sheet, a sheet per shelter whose numbers restart): then sheets that
	// share case numbers are not taken for sections of one record (see sectionSheets).
	SheetScoped bool
	// DefaultSource is the source of the records when the mapping names none (UnnamedSource
	// when empty). It is never taken from the input's name, which could be a child's.
	DefaultSource string
	// InFolder says the input was found in a folder given as an input, not named by the user:
	// a file there named as records taken out ("deleted-records.csv", "duplicates.csv") is
	// then skipped (a delimited one) or refused, as such a sheet of a workbook is skipped
	// (discardedName), unless the config's sources: entry names it exactly.
	InFolder bool
	// Subfolders are the folders between that folder and the file, slash-separated ("" for a
	// file right in it): an "archive/" or "backup/" among them keeps rows aside.
	Subfolders string

	name string
	in   io.Reader
	eng  *engine

	pending   []arrow.RecordBatch
	parts     []string // the sheet of each pending record
	part      string   // the sheet of the record Read returned last
	rows      int      // data rows seen, valid or not
	blank     int      // rows of only empty values, skipped: outside rows
	fieldless int
	// rows whose age is the date of birth's age on the export's day (see conf.ageAtExport)
	ageAtExport int
	// rows whose age came without a date of birth, and the age's column (see primeroAge)
	ageNoDOB     int
	ageCol       string
	primeroCol   string
	primeroShort bool // primeroCol is the list view's Id of short ids (see primeroListView)
	placeholders placeholderEvidence
	statuses     int // rows read with a trafficking status
	statusCases  int // those whose status is not "not" (see statusFile)
	droppedNot   int // see result.droppedNot
	droppedCol   string
	droppedPos   int
	formFree     int    // see result.formFree
	formFreeCol  string // see result.formFreeCol
	typeTraf     int    // see result.typeTraf
	typeOther    int
	typeListed   int
	archived     int    // see result.archived
	archivedCol  string // see result.archivedCol
	qaFailed     int    // see result.qaFailed
	qaCol        string // see result.qaCol
	typeTrafS    int    // see result.typeTrafS
	typeOtherS   int
	typeListedS  int // see result.typeListedS
	typeUnknown  int // see result.typeUnknown
	typeColS     string
	typePosS     int
	typeCol      string
	typePos      int
	countEv      countEvidence // see result.countEv
	roleVictims  int           // see result.roleVictims
	roleOthers   int
	roleHeads    int // of roleVictims, a roster's head of household (the reference person)
	roleCol      string
	rolePos      int
	bareRoles    []bareRoles // see result.bareRoles
	// rows kept, and of them rows with a value of their own that describes a person or a case
	// (describingField; see identifiersOnly), and whether one gave a place
	kept, described int
	placed          bool
	codes           codeEvidence // JSON: the kept records' values, while few (see codeListJSON)
	dupIDs          [][]uint64   // see duplicates: each chunk's ids as converted (no copy)
	dupShapes       uint64       // the shapeBits of dupIDs' case numbers (a remark's input): see duplicates
	last            aboveRow     // the last accepted chunk's last row (see aboveRow)
	dittos          int          // rows whose remark repeats the row above's (result.dittos)
	dittoLost       int          // and with no row above (ErrDittoUnresolved)
	dittoAt         Rejection    // the first of those
	doCols          []doCount    // per naming column, the chunks' doCols summed (see bareDo)
	lastRows        int          // and that chunk's rows
	alsoRegistered  int          // rows read whose remark says the person is registered by another organisation too
	unreadRemarks   int          // rows read whose remark is in a script the remark checks do not read (unreadScript)
	heldReviews     int          // rows read whose review status doubts them without rejecting them (heldReviews)
	longDenials     int          // rows read whose long remark denies the victim in a clause not judged (longDenial)
	sayersRead      []colCount   // rows read whose remark's sayers disagree (sayersDisagree), by column
	dups            []dupMark
	genders         int // rows read with a gender (not "unknown")
	// the sheets read whose names are a gender's ("Boys", "Girls"; see GenderSheets)
	genderSheets []string
	provinces    int // rows read with a province of exploitation
	origins      int // rows read with a province of origin
	forms        int // rows read with a form of exploitation (see Forms)
	// the sheets read whose names are a province's ("Herat", "Khost"; see ProvinceSheets)
	provinceSheets []string
	aged, dated    int            // rows read with an age, with a registration date or year (see Notices)
	yearSheets     []string       // the sheets read whose names are years (see Notices)
	identCol       string         // a column read as identified_date, by its name or the mapping's (see Notices)
	dateCol        string         // a column read as the registration date, year or period (see Notices)
	colAt          map[string]int // the columns every header read holds at one position (see columnSaid)
	sheetPos       map[string]int // the sheets read: label -> 1-based position (see SheetPosition)
	long           longQuote
	rejected       []Rejection
	unknown        []string
	whole          bool           // the input was read to its end without an error (MissingColumns)
	others         map[string]int // field -> values mapped to "other"
	unplaced       map[string]int // province field -> unknown provinces left empty
	// per places: province values read as a country, or as abroad (see placeElsewhere)
	countryNamed, abroad [2]int
	defaultUnplaced      [2]int // per places: unknown provinces in a default country
	placeRead            [2]int // per places: places read with their own country (see placeElsewhere)
	cityRead             [2]int // per places: cities of the row's own country read as their province
	notices              []string
	skipped              []SkippedSheet
	nameless             int                 // rows with a value under the header's unnamed last column
	na                   [3]naEvidence       // per countryFields (see naCountry)
	phCodes              [2][]phCodeEvidence // per places, per country (see placeholderCodes)
	etChecked            string              // the notice of the Ethiopian calendar's checks (see ethiopian)
	// a register's prepared rows (see template): the input's evidence so far, the results held
	// from the first with candidates on, their rows, and the rows quarantined
	tmpl      tmplStats
	tmplHeld  []*result
	tmplRows  int
	templated int
	done      bool

	held      []*result        // results waiting for a date column's order (see orderDates)
	orderLine [nDateFields]int // the line that proved each date field's order
	// and its sheet (a workbook's), for a refusal of both orders that names each line's sheet
	orderSheet [nDateFields]string
	// per date field: the values proving an order, those fitting both, and the column and
	// sheet of the first proof (see Notices)
	proofs, fitBoth [nDateFields]int
	orderCol        [nDateFields]string
	// Per date field: whether a text date proved its order, the workbook's date cells read in
	// it and those with a day above 12, and where the last ones were (see excelSwapped).
	textProof        [nDateFields]bool
	serials, bigDays [nDateFields]int
	serialAt         [nDateFields][2]string // sheet, column
	again            *worker                // converts held chunks again (see redo)

	totals totalsEvidence // the kept rows' ids and genders, the last row (totalsRow)
}

// UnnamedSource is the source of records whose mapping and reader name none.
const UnnamedSource = "unnamed source"

// NewReader returns a Reader of the input called name (a path or URL, used in messages and
// to guess the format).
func NewReader(name string, r io.Reader) *Reader {
	return &Reader{name: name, in: r, others: map[string]int{}, unplaced: map[string]int{}}
}

// Sheet returns the workbook sheet the record Read returned last came from ("" for an input
// that is not a workbook): a record holds the rows of one sheet. Sheets are named as in
// messages: by name, or "sheet N" (its position) when the name could be a person's.
func (r *Reader) Sheet() string { return r.part }

// Rows returns the number of data rows read so far, valid or quarantined.
func (r *Reader) Rows() int { return r.rows }

// Blank returns the number of rows skipped so far because every value in them was empty (a
// CSV row of delimiters, spaces or "" only, such as the formatted blank rows a spreadsheet
// writes below its data; an NDJSON {} or null line, or one whose every member is null; a
// workbook or Parquet row of empty cells). They are outside Rows: no row of them is a case. A
// line with nothing on it at all is no row and is not counted.
func (r *Reader) Blank() int { return r.blank }

// Rejected returns the rows quarantined so far.
func (r *Reader) Rejected() []Rejection { return r.rejected }

// yearName reports whether a sheet's name is a year (1950 to 2099), as "2023" or " 2024 ".
func yearName(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) != 4 || !isDigits(s) {
		return false
	}
	y, _ := strconv.Atoi(s)
	return y >= 1950 && y <= 2099
}

// wordColumn returns the first of cols whose name (its last segment: "Child intake/Age of
// the child" is "Age of the child") holds one of words as a word (see nameWords), "" when none.
// A hint in brackets is no segment: "Identification date (dd/mm/yyyy)" is a date's name.
func wordColumn(cols []string, words ...string) string {
	for _, c := range wordColumns(cols, nil, func(w string) bool { return slices.Contains(words, w) }) {
		if slices.ContainsFunc(nameWords(lastSegment(unhinted(c))), func(w string) bool { return slices.Contains(words, w) }) {
			return c
		}
	}
	return ""
}

// wordColumns returns the columns of cols whose name holds a word that is(word) reports,
// and no word of otherWords that skip does not clear.
func wordColumns(cols []string, skip map[string]bool, is func(string) bool) []string {
	var out []string
	for _, c := range cols {
		ws := nameWords(c)
		if slices.ContainsFunc(ws, func(w string) bool { return otherWords[w] && !skip[w] || birthWords[w] && !is(w) }) {
			continue
		}
		if i := strings.LastIndexAny(c, "/."); i > 0 && otherPersonGroup(c[:i]) {
			continue // "Head of household/age": another person's (attack-2026-12-05e X0)
		}
		if slices.ContainsFunc(ws, is) {
			out = append(out, c)
		}
	}
	return out
}

// unhinted is a column's name without its hints in brackets ("(dd/mm/yyyy)", "[years]").
func unhinted(c string) string {
	for _, p := range [...]string{"()", "[]"} {
		for {
			i := strings.IndexByte(c, p[0])
			if i < 0 {
				break
			}
			j := strings.IndexByte(c[i:], p[1])
			if j < 0 {
				break
			}
			c = c[:i] + c[i+j+1:]
		}
	}
	return c
}

// birthWords name a date of birth: no registration date (a column of them may hold an age).
var birthWords = map[string]bool{"birth": true, "dob": true, "born": true, "nacimiento": true, "naissance": true, "nascimento": true}

// dateWords name a date or a time (attack-2026-12-03c finding 8: "fecha_registro", ODK's
// "SubmissionDate", Kobo's "_submission_time").
var dateWords = map[string]bool{"date": true, "dates": true, "time": true, "timestamp": true, "datetime": true, "fecha": true, "datum": true}

// serverWords are the otherWords of a form server's own columns: a form's submission day is
// often its intake day, so the no-date notice names them when no other column may hold a date.
var serverWords = map[string]bool{"submission": true, "system": true, "server": true, "upload": true, "export": true, "sync": true}

// otherWords are words in a column's name that say it is not the case's own age or date: another
// person's (trafficker-age, mother's age) or a form server's (SubmissionDate, __system.*).
var otherWords = map[string]bool{
	"trafficker": true, "traffickers": true, "recruiter": true, "perpetrator": true, "offender": true,
	"suspect": true, "accused": true, "guardian": true, "mother": true, "father": true, "parent": true,
	"parents": true, "caregiver": true, "spouse": true, "husband": true, "wife": true, "staff": true,
	"submission": true, "system": true, "server": true, "upload": true, "export": true, "sync": true,
	// "created_by", "Registered by": the person who did it, not when
	"by": true,
}

// UnknownColumns returns the input columns that map onto no field and were dropped, each once.
func (r *Reader) UnknownColumns() []string { return r.unknown }

// MissingColumn is a columns: entry of the mapping that named no column of the input.
type MissingColumn struct {
	Key   string // the entry's column name, or "#N"
	Field string // the field it maps onto, as the config writes it
	// Read says that another column of the input was read as the field (a preset's name, or
	// another entry's): the entry was used for nothing, but nothing of the field was lost.
	Read bool
}

// MissingColumns returns, once Read returned io.EOF, the mapping's columns: entries that named
// no column of the input, in the order of their keys; entries that drop a column are left out
// (a column not there needs no dropping). An export whose header is spelt otherwise than the
// config, or misread in another encoding, loses the mapped column's values to "maps onto no
// field" without a word (attack-2026-12-04b G): the pipeline refuses an entry that names no
// column of any input it applies to (see pipeline.Run).
func (r *Reader) MissingColumns() []MissingColumn {
	if r.Mapping == nil || len(r.Mapping.Columns) == 0 || !r.whole || r.eng == nil || r.eng.res == nil {
		return nil
	}
	res := r.eng.res
	var out []MissingColumn
	for _, k := range r.Mapping.columnKeys() {
		f := r.Mapping.Columns[k]
		name := canonical(f)
		if name == "drop" {
			continue
		}
		if positionKey(k) {
			if n, err := strconv.Atoi(k[1:]); err == nil && n <= res.width {
				continue
			}
		} else if res.matched[k] {
			continue
		}
		out = append(out, MissingColumn{Key: k, Field: f, Read: res.fields[name]})
	}
	return out
}

// Notices returns what the reader did that a reader of the release should know and that no
// row says: an envelope unwrapped, a sheet skipped with its row count. They hold no values.
func (r *Reader) Notices() []string {
	notices := r.notices
	for k, f := range dateFields {
		// One value with a day above 12 decided how every date of the column that fits both
		// orders was read: a typing slip there turns them all (ingest-exactness18, left).
		if r.eng != nil && r.proofs[k] == 1 && r.fitBoth[k] > 0 && r.orderLine[k] > 0 && !r.eng.conf.hinted[k].Load() {
			o := r.eng.conf.orders.get(k)
			other := map[dateOrder]string{orderDMY: "mdy", orderMDY: "dmy"}[o]
			notices = append(slices.Clone(notices), fmt.Sprintf("the day/month order of column %q (%s) rests on one value, line %d's, the only one with a day above 12: its %d other %s that fit both orders %s read %s; "+
				"if the export writes them %s, set date_order: %s (or name the order in the column's name: \"(%s)\")",
				detect.Label(r.orderCol[k], fieldName(f)), fieldName(f), r.orderLine[k], r.fitBoth[k], map[bool]string{true: "date", false: "dates"}[r.fitBoth[k] == 1],
				map[bool]string{true: "was", false: "were"}[r.fitBoth[k] == 1], map[dateOrder]string{orderDMY: "day first", orderMDY: "month first"}[o],
				map[dateOrder]string{orderDMY: "month first", orderMDY: "day first"}[o], other, map[dateOrder]string{orderDMY: "mm/dd/yyyy", orderMDY: "dd/mm/yyyy"}[o]))
		}
	}
	if ph := &r.placeholders; ph.genM > 0 && ph.genMale == 0 && spanishGender(ph.genCol) {
		// A Spanish or Portuguese header over Ms alone: mujer or masculino? (attack-2026-12-03f
		// finding 2: a girls' shelter's M read as male, with no word.)
		notices = append(slices.Clone(notices), fmt.Sprintf("column %q (gender) has a Spanish or Portuguese name, and %d %s M, read as male (English): "+
			"if the export's M means mujer or mulher, map it under values: {gender: {M: female}} (or M: male to say it means masculino)",
			detect.Label(ph.genCol, schema.Gender), ph.genM, map[bool]string{true: "row gives", false: "rows give"}[ph.genM == 1]))
	}
	if ph := &r.placeholders; ph.genHdr > 0 {
		what := map[byte]string{langIndonesian: "Indonesian or Malay: L laki-laki or lelaki, male; P perempuan, female",
			langFrench: "French: H homme, male; F femme, female"}[ph.genHdrLang]
		notices = append(slices.Clone(notices), fmt.Sprintf("column %q (gender): %d %s read as the letters of the column name's language (%s); "+
			"if the export means otherwise, map them under values: {gender: {<letter>: <gender>}}",
			detect.Label(ph.genHdrCol, schema.Gender), ph.genHdr, map[bool]string{true: "value was", false: "values were"}[ph.genHdr == 1], what))
	}
	for i, p := range places {
		f, cf := fieldName(p[1]), fieldName(p[0])
		nValues := func(n int) string {
			return fmt.Sprintf("%d %s", n, map[bool]string{true: "value", false: "values"}[n == 1])
		}
		if n := r.countryNamed[i]; n > 0 {
			notices = append(slices.Clone(notices), fmt.Sprintf("%s of %s %s a country, not a province: read as the %s, with no province",
				nValues(n), f, map[bool]string{true: "names", false: "name"}[n == 1], cf))
		}
		if n := r.defaultUnplaced[i]; n > 0 {
			notices = append(slices.Clone(notices), fmt.Sprintf("%s of %s %s no province of the default country (defaults:), which was given to %s: if they are places abroad (a town, a country's other name), "+
				"map the spellings under values: {%s: {<spelling>: <a country's name, or the province's full ISO 3166-2 code>}}; a default country is for rows that give no place",
				nValues(n), f, map[bool]string{true: "names", false: "name"}[n == 1], map[bool]string{true: "it", false: "them"}[n == 1], f))
		}
		if n := r.placeRead[i]; n > 0 {
			notices = append(slices.Clone(notices), fmt.Sprintf("%s of %s %s a city abroad or %s %s country (\"Quetta\", \"Quetta, Pakistan\", \"Iran/Mashhad\"): read in that country, "+
				"with the province the city or the rest of the value names, in place of the default country (cities: %s); map the spellings under values: {%s: {<spelling>: <ISO 3166-2 code>}} to read them otherwise",
				nValues(n), f, map[bool]string{true: "names", false: "name"}[n == 1], map[bool]string{true: "writes", false: "write"}[n == 1], map[bool]string{true: "its", false: "their"}[n == 1], geo.CitySource(), f))
		}
		if n := r.cityRead[i]; n > 0 {
			notices = append(slices.Clone(notices), fmt.Sprintf("%s of %s %s a city of the row's country, not a province (\"Jalalabad\", \"Mazar-i-Sharif\" in Afghanistan): read as the province the city lies in (cities: geo/homecities.go and geo/cities.go); "+
				"if a value means another place of that name, map the spellings under values: {%s: {<spelling>: <ISO 3166-2 code>}}",
				nValues(n), f, map[bool]string{true: "names", false: "name"}[n == 1], f))
		}
		if n := r.abroad[i]; n > 0 {
			notices = append(slices.Clone(notices), fmt.Sprintf("%s of %s %s a place abroad without its country (\"outside\" the default country, \"abroad\"): %s not recorded, with no province; "+
				"map the spellings under values: {%s: {<spelling>: <ISO 3166-2 code>}} if they name one place, or give the country in a column mapped onto %s",
				nValues(n), f, map[bool]string{true: "names", false: "name"}[n == 1], cf, f, cf))
		}
	}
	if r.etChecked != "" {
		notices = append(slices.Clone(notices), r.etChecked)
	}
	if n := r.dittoNotice(); n != "" {
		notices = append(slices.Clone(notices), n)
	}
	if n := r.alsoRegistered; n > 0 {
		// "Also registered by police": a duplicate named without its number, in another
		// register (attack-2026-12-05g Z2)
		notices = append(slices.Clone(notices), fmt.Sprintf("%d %s read whose remark says the person is registered by another organisation too (\"Also registered by police\", "+
			"\"Duplicate registration with UNHCR\"): that register's record is no row of this export, so each is counted here once, as a case of this export; "+
			"where that organisation's export is read as well, the linker joins the two records of one person", n, map[bool]string{true: "row was", false: "rows were"}[n == 1]))
	}
	if n := r.heldReviews; n > 0 {
		// ODK Central's hasIssues, KoboToolbox's On Hold: read by decision (ing35, attack-2026-12-06a
		// L1), told so that a reviewer's doubt is not lost (ing36)
		notices = append(slices.Clone(notices), fmt.Sprintf("%d %s read whose review status doubts the submission without rejecting it (ODK Central's hasIssues, "+
			"KoboToolbox's On Hold): a reviewer's doubt about the data, not a finding about the person, so each is counted as a case; "+
			"resolve the reviews on the form server and export again, or give a row that is no case the status not",
			n, map[bool]string{true: "row was", false: "rows were"}[n == 1]))
	}
	if n := r.longDenials; n > 0 {
		// "Met at the bus station with her aunt, interviewed for two hours. Not a victim.": the
		// remark rules judge a long remark's first clause of up to 10 words only (ing37)
		notices = append(slices.Clone(notices), fmt.Sprintf("%d %s read whose long remark says the person is not a victim where the remark checks do not judge it "+
			"(in a clause after the first of a remark over 80 characters, or in a first clause over 10 words): a long note is judged by its first clause only, "+
			"lest a story that tells of a denial and its reversal be left out, so each is counted as a case; check those remarks, and give a row that is no case the status not",
			n, map[bool]string{true: "row was", false: "rows were"}[n == 1]))
	}
	for _, c := range r.sayersRead {
		// "Staff say victim; police say not a victim": two sayers who disagree, settled by the
		// organisation's own staff's word (ing45) or, between two others, read (another's
		// denial is a claim: ing42); told, never the remark (ing46)
		notices = append(slices.Clone(notices), fmt.Sprintf("%d %s read whose remark in %s says that two sayers disagree whether the person is a victim (\"Staff say victim; police say not a victim\"): "+
			"the organisation's own staff's word was taken where they are one of the sayers, and another's denial is a claim, so each is counted as a case; "+
			"the rows whose staff say not a victim were quarantined (quarantine.csv); check those remarks, and give a row that is no case the status not",
			c.n, map[bool]string{true: "row was", false: "rows were"}[c.n == 1], r.columnSaid(c.col)))
	}
	if n := r.unreadRemarks; n > 0 {
		// "قربانی قاچاق نیست", "पीड़ित नहीं है": a denial the remark checks cannot find (attack-2026-12-06b B9)
		notices = append(slices.Clone(notices), fmt.Sprintf("%d %s read whose remark is written in a script or a language the remark checks do not read (Arabic, Devanagari, Bengali, Khmer ...; "+
			"Hindi or Dari in Latin letters, Malay, Tagalog, Turkish ...): "+
			"those checks find, in English, Spanish, French, Portuguese and Indonesian, a remark that says the person is not a victim or marks a duplicate or a test record, "+
			"so such a remark in another language was not judged and its row is counted; check those remarks, and give a row that is no case the status not (or export without it)",
			n, map[bool]string{true: "row was", false: "rows were"}[n == 1]))
	}
	if r.fieldless > 0 {
		notices = append(slices.Clone(notices), fmt.Sprintf("%d %s no value that describes the person or the case (at most a case id), only values in columns that map onto no field: read as cases of which nothing is known (every field not recorded); map those columns under columns: if they hold the case's fields",
			r.fieldless, map[bool]string{true: "row holds", false: "rows hold"}[r.fieldless == 1]))
	}
	if n := r.templated; n > 0 {
		notices = append(slices.Clone(notices), fmt.Sprintf("%d %s (a template's rows below the data): only a row number, or values that every row of their column holds "+
			"(a country or province filled down), nothing of their own that describes a person; quarantined as no case (not counted against max_bad_share); fill them in if they are cases", n,
			map[bool]string{true: "row is a register's prepared row", false: "rows are a register's prepared rows"}[n == 1]))
	}
	if n := r.kept; n > 0 && r.aged == 0 {
		// An export whose age column has a name no preset knows (KoboToolbox's labels: "Child
		// intake/Age of the child") read every case at unknown age, said only by the column's
		// "dropped" notice (attack-2026-12-02f, lows; as the pipeline says of a gender).
		col := wordColumn(r.unknown, "age", "dob", "birth", "edad", "idade", "âge", "nacimiento", "naissance", "nascimento", "umur", "usia", "old")
		if col == "" {
			// none named for an age: still said, as a gender is (attack-2026-12-05c V5)
			notices = append(slices.Clone(notices), fmt.Sprintf("no row records an age: its %d %s counted at unknown age (no table shows them as children or adults); "+
				"map the column of the age under columns: onto age (years), date_of_birth or age_band", n, map[bool]string{true: "case is", false: "cases are"}[n == 1]))
		} else {
			advice := "map it under columns: onto age (years), date_of_birth or age_band"
			if u := ageUnit(col); u != "" {
				advice = "its name gives the age in " + u + ": the age is read in whole years, so convert the column to years before the export is read, then map it under columns: onto age"
			} else if ageNow(col) {
				advice = "its name gives the age today, not at registration: map the date of birth onto date_of_birth, or give the age at registration and map that onto age"
			}
			notices = append(slices.Clone(notices), fmt.Sprintf("no row records an age: its %d %s counted at unknown age, while its %s, which maps onto no field, may hold one; %s",
				n, map[bool]string{true: "case is", false: "cases are"}[n == 1], r.columnSaid(col), advice))
		}
	}
	if n := r.kept; n > 0 && r.dated == 0 {
		// A workbook of a sheet per year and no date column: every case's year "(not
		// recorded)", with no word (attack-2026-12-02f, lows); or a date column named as no
		// preset knows ("Date registered").
		what := map[bool]string{true: "case is", false: "cases are"}[n == 1]
		col := wordColumn(r.unknown, "registered", "registration", "identified", "identification",
			// An intake register's own names (attack-2026-12-03a finding 5).
			"intake", "rescue", "rescued", "admission", "admitted", "reported", "date",
			// A case system's "created_at" (the record's creation, most often its intake) and
			// the registers' abbreviations: DOR (date of rescue, of registration), DOI
			// (attack-2026-12-03b, lows).
			"created", "dor", "doi", "doa",
			// Spanish "fecha_registro", "fecha de ingreso"; a form's "Timestamp" (Google Forms)
			"fecha", "registro", "ingreso", "timestamp", "datetime")
		if col == "" {
			// ODK's and Kobo's "today" (the interview's day) only when no column of the form
			// names a date of its own: it comes first in the export, before the form's
			// "intake/date_identified" (attack-2026-12-03e, lows).
			col = wordColumn(r.unknown, "today")
		}
		switch {
		case len(r.yearSheets) > 0:
			q := make([]string, len(r.yearSheets))
			for i, s := range r.yearSheets {
				q[i] = strconv.Quote(s)
			}
			notices = append(slices.Clone(notices), fmt.Sprintf("no row records a registration date or year: its %d %s counted under year not recorded, while its %s %s named for years, "+
				"which are not read from a sheet's name: give each sheet's year in its sources: entry (sheet_defaults: {%s: {year_of_registration: %s}}), or map a date column onto registration_date",
				n, what, map[bool]string{true: "sheet", false: "sheets"}[len(q) == 1], strings.Join(q, ", ")+map[bool]string{true: " is", false: " are"}[len(q) == 1], q[0], r.yearSheets[0]))
		case r.dateCol != "":
			// read, but empty in every row kept
			notices = append(slices.Clone(notices), fmt.Sprintf("no row records a registration date or year: its %d %s counted under year not recorded, and its %s, read for the registration date or year, is empty in every row read; "+
				"if another column holds the day each case was registered, map that one under columns: onto registration_date", n, what, r.columnSaid(r.dateCol)))
		case r.identCol != "":
			// JSON, whose keys come row by row (see resolver.promoteIdentified), or a column the
			// mapping names onto identified_date
			notices = append(slices.Clone(notices), fmt.Sprintf("no row records a registration date or year: its %d %s counted under year not recorded, while its %s is read as the date of identification (identified_date); "+
				"if that is the day the case was registered, map it under columns: onto registration_date", n, what, r.columnSaid(r.identCol)))
		case col != "":
			notices = append(slices.Clone(notices), fmt.Sprintf("no row records a registration date or year: its %d %s counted under year not recorded, while its %s, which maps onto no field, may hold one; "+
				"map it under columns: onto registration_date (or year_of_registration)", n, what, r.columnSaid(col)))
		default:
			// Whenever no row is dated (attack-2026-12-03c finding 8): the columns named for a
			// date or a time, a form server's own among them (ODK Central's "SubmissionDate"),
			// or the word that no column is.
			cols := wordColumns(r.unknown, serverWords, func(w string) bool { return dateWords[w] })
			if len(cols) == 0 {
				notices = append(slices.Clone(notices), fmt.Sprintf("no row records a registration date or year: its %d %s counted under year not recorded, and no column of the input is named for a date; "+
					"map the column that holds the day each case was registered under columns: onto registration_date (or year_of_registration), "+
					"or, if every case of the input is of one year, give it in its sources: entry (defaults: {year_of_registration: YEAR})", n, what))
				break
			}
			q := make([]string, 0, 3)
			for _, c := range cols[:min(3, len(cols))] {
				// each named as the other notices name it: "Zarmina's date of rescue" is data
				q = append(q, r.columnSaid(c))
			}
			list := strings.Join(q, ", ")
			if len(cols) > 3 {
				list += fmt.Sprintf(" and %d more", len(cols)-3)
			}
			notices = append(slices.Clone(notices), fmt.Sprintf("no row records a registration date or year: its %d %s counted under year not recorded, while its %s, named for a date or a time, %s onto no field; "+
				"if one holds the day each case was registered (a form's submission day is often the intake day), map it under columns: onto registration_date",
				n, what, list, map[bool]string{true: "maps", false: "map"}[len(cols) == 1]))
		}
	}
	if n := r.ageAtExport; n > 0 {
		notices = append(slices.Clone(notices), fmt.Sprintf("%d %s an age that is not the age at registration but the one the date of birth gives on the export's day "+
			"(a case system such as Primero recalculates ages every night): the age at registration was taken from date_of_birth", n,
			map[bool]string{true: "row holds", false: "rows hold"}[n == 1]))
	}
	if l := r.long; l.n > 0 {
		// Read as the export says, but a stray quote may have joined rows into the value.
		col := fmt.Sprintf("column %d", l.col)
		if l.field >= 0 {
			col += " (" + fieldName(l.field) + ")"
		}
		what := fmt.Sprintf("a quoted value covers %d lines (more than %d) and was read as one value: it opens on line %d, %s", l.span, longQuotedLines, l.line, col)
		if l.n > 1 {
			what = fmt.Sprintf("%d quoted values cover more than %d lines each and were read as one value each: the first opens on line %d, %s, and covers %d lines", l.n, longQuotedLines, l.line, col, l.span)
		}
		notices = append(slices.Clone(notices), what+"; check the export there for a stray quote (rows joined into one value are not counted as rows)")
	}
	if r.nameless == 0 {
		return notices
	}
	// An unnamed last column is ignored when it is empty (a header ending with the delimiter);
	// when it holds values, what was dropped is said (how many rows, never what).
	return append(slices.Clone(notices), fmt.Sprintf("the last column has no name in the header but holds a value in %d rows: it maps onto no field and was dropped (name it in the header, or map it by position in the config's columns: \"#N\" for the Nth column)",
		r.nameless))
}

// SkippedSheet is a sheet of a workbook that was not read: its name (or "sheet N" when its
// name could be data), its non-blank rows (header included) and why.
type SkippedSheet struct {
	Sheet  string `json:"sheet"`
	Rows   int    `json:"rows"`
	Reason string `json:"reason"`
}

// SkippedSheets returns the sheets of a workbook that were not read, each with its row count:
// the manifest records them with the input, so that no sheet is skipped unseen.
func (r *Reader) SkippedSheets() []SkippedSheet {
	return slices.DeleteFunc(slices.Clone(r.skipped), func(s SkippedSheet) bool { return s.Sheet == "" })
}

// SkippedInput returns why the whole input was not read (its Sheet is empty), nil when it was:
// a delimited export of a form's repeat group (see Mapping.Match). Its rows are outside Rows.
func (r *Reader) SkippedInput() *SkippedSheet {
	for _, s := range r.skipped {
		if s.Sheet == "" {
			return &s
		}
	}
	return nil
}

// Others returns, per field, how many values outside its vocabulary were recorded as "other".
func (r *Reader) Others() map[string]int { return r.others }

// Unplaced returns, per province field, how many values named no known province (of the row's
// country, or of any country when the row has none): the province was left empty and the
// country, when known, kept. Config values: or defaults: settings fix them. Per district field,
// it counts the districts that are no known place (neither in the source's values: vocabulary
// for the field nor a subdivision the gazetteer knows in the row's country and province): they
// were withheld (left empty), the province and country kept. A values: list of the source's
// districts fixes them.
func (r *Reader) Unplaced() map[string]int { return r.unplaced }

func (r *Reader) start() error {
	format := r.Format
	if format == "" {
		format = FormatOf(r.name)
	}
	if format == "" && IsURL(r.name) {
		// A URL without an extension: the Content-Type Open saw, else the first bytes.
		if f, ok := r.in.(interface{ Format() Format }); ok {
			format = f.Format()
		}
		if format == "" {
			br := bufio.NewReaderSize(r.in, 1<<16)
			r.in = br
			format = sniffFormat(br)
		}
	}
	var p producer
	switch format {
	case CSV:
		p = &csvProducer{}
	case TSV:
		p = &csvProducer{delim: '\t'}
	case JSON, NDJSON:
		p = &jsonProducer{}
		r.json = true
	case XLSX:
		p = &xlsxProducer{}
	case Parquet:
		p = &parquetProducer{}
	default:
		if w := oldSpreadsheet(r.name); w != "" {
			return r.fail(0, "", fmt.Errorf("%w: %s; save it as .xlsx (without a password) and read that", ErrUnknownFormat, w))
		}
		return r.fail(0, "", ErrUnknownFormat)
	}
	if m := r.Mapping; m != nil && len(m.SheetDefaults) > 0 && format != XLSX {
		return r.fail(0, "", fmt.Errorf("%w: sheet_defaults: names sheets of a workbook, and this input is %s: give its defaults with defaults:", ErrNoSheet, format))
	}
	if r.BatchSize <= 0 {
		r.BatchSize = 8192
	}
	if r.Now.IsZero() {
		r.Now = time.Now()
	}
	if r.Alloc == nil {
		r.Alloc = memory.DefaultAllocator
	}
	c, err := newConf(r)
	if err != nil {
		return r.fail(0, "", err)
	}
	c.counts = format == JSON || format == NDJSON || format == Parquet
	if w := discardedName(fileStem(r.name)); w != "" && r.InFolder && !namesInput(r.Mapping) && format != CSV && format != TSV {
		// A delimited one is skipped with its rows counted (csvProducer.produce); the rows of
		// the others are not counted unread.
		return r.fail(0, "", fmt.Errorf("%w: its file name (%q) says its rows are records taken out, not cases (attack-2026-12-03d finding 6): "+
			"move it out of the folder of exports, or, if its rows are cases, name the file exactly with match: under sources: in the config", ErrNotCases, w))
	}
	if w := asideInFolder(fileStem(r.name), r.Subfolders); w != "" && r.InFolder && !namesInput(r.Mapping) {
		return r.fail(0, "", fmt.Errorf("%w: its file name or a folder of its path (%q) says it keeps the register's rows aside or again (an archive, a copy, a backup): "+
			"its rows may be closed cases, records taken out, or the other exports' people a second time (attack-2026-12-06a A5); "+
			"move it out of the folder of exports, or, if its rows are cases, name the file exactly with match: under sources: in the config", ErrNotCases, w))
	}
	workers := r.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	c.free = make(chan []byte, 2*workers+4)
	c.workers = workers
	r.eng = startEngine(c, p, r.in, workers)
	// A Reader abandoned half-way (a caller stopping at the first bad row) must not leave its
	// goroutines blocked forever.
	runtime.AddCleanup(r, func(e *engine) { e.cancel(); e.restoreGC() }, r.eng)
	return nil
}

func (r *Reader) fail(line int, sheet string, err error) error {
	var pe *ParseError
	if errors.As(err, &pe) {
		r.placeColumn(pe, nil)
		return err
	}
	return &ParseError{File: RedactURL(r.name), Sheet: sheet, Line: line, Err: err}
}

// placeColumn gives pe the position of its column when every header read holds the column at
// one place (r.colAt, else at: the final result's, when it was held), so that its message names
// a withheld column by that position rather than by "(name withheld)" alone
// (privacy-side-doors37: "input.csv:3: column 5 (its name withheld) (field citizenship)").
func (r *Reader) placeColumn(pe *ParseError, at map[string]int) {
	if pe.Column == "" || pe.Pos > 0 || pe.Column == withheldColumn {
		return
	}
	p := r.colAt[pe.Column]
	if p == 0 {
		p = at[pe.Column]
	}
	pe.Pos = p
}

// ColumnPosition returns the 1-based position of column col when every header read holds it at
// one place (0 otherwise), so that a caller's error about a rejected row can name a column whose
// name is withheld by it, as the Reader's own errors do (ParseError.Pos).
func (r *Reader) ColumnPosition(col string) int { return r.colAt[col] }

// Statuses returns the number of rows read with a trafficking status (from a column or a
// default). With none, every case counts as a victim of trafficking (schema.VictimFilter).
func (r *Reader) Statuses() int { return r.statuses }

// Genders returns the number of rows read with a gender other than "unknown" (from a column
// or a default). An input with none counts every case as of unknown gender: the pipeline says
// so in a notice, since no table can show boys, girls, men or women of it.
func (r *Reader) Genders() int { return r.genders }

// GenderSheets returns the sheets read whose names say a gender ("Boys", "Girls", "Women"),
// by their labels as in messages: a register kept by hand often has a sheet per gender and
// no gender column, and the sheet's name is never read as the rows' gender.
func (r *Reader) GenderSheets() []string { return r.genderSheets }

// Provinces returns the number of rows read with a province of exploitation; with
// ProvinceSheets, a workbook of a sheet per province and no province column (every case of
// no province, attack-2026-12-02c, lows) is told apart from one that records none.
func (r *Reader) Provinces() int { return r.provinces }

// OriginProvinces returns the number of rows read with a province of origin: with no province
// of exploitation, the pipeline says that the cases are counted under no province of
// exploitation though their origin is read (attack-2026-12-05d W11, "Province of origin" alone).
func (r *Reader) OriginProvinces() int { return r.origins }

// Forms returns the number of rows read with a form of exploitation (any of
// schema.ExploitationFlags set, true or false): an input with none answers every form's table
// "not recorded", and the pipeline says so in a notice (attack-2026-12-05b U6).
func (r *Reader) Forms() int { return r.forms }

// ProvinceSheets returns the names of the sheets read that name a province of some country
// (geo.LookupProvinceAnywhere: "Herat", "Khost"), in the order read: a sheet's name is never
// read as its rows' province (sheet_defaults gives it).
func (r *Reader) ProvinceSheets() []string { return r.provinceSheets }

// SheetPosition returns the 1-based position in the workbook of a sheet read, given by its
// label as Sheet, GenderSheets and ProvinceSheets give it, or 0: the key "#N" of
// sheet_defaults that gives it whatever its name (a notice can spell the fix without the
// workbook's own text, which may differ from the name it shows by case or spaces).
func (r *Reader) SheetPosition(label string) int { return r.sheetPos[label] }

// genderWord reports whether a sheet's name has a gender word in it ("Boys", "Girls 2023",
// "Female cases", "Niñas", "Filles"), in English or the other languages ingest reads: one
// letter alone ("M", "F") is no word of it.
func genderWord(name string) bool {
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) }) {
		switch strings.ToLower(w) {
		case "boy", "boys", "girl", "girls", "man", "men", "woman", "women", "male", "males", "female", "females",
			"niños", "ninos", "niñas", "ninas", "hombres", "mujeres", "varones", "chicos", "chicas",
			"garçons", "garcons", "filles", "hommes", "femmes",
			"meninos", "meninas", "homens", "mulheres",
			"laki", "perempuan", "pria", "wanita":
			return true
		}
	}
	return false
}

// concerns refuses an export of a child protection system that keeps trafficking among a
// case's protection concerns (Primero's protection_concerns) when no row records a trafficking
// status: its cases of separated children, violence or neglect would all be counted as victims
// of trafficking. Mapping the column (onto drop, once the export holds only cases of
// trafficking) reads it.
func (r *Reader) concerns() error {
	if r.statuses > 0 || r.rows == len(r.rejected) {
		return nil
	}
	for _, c := range r.unknown {
		seg := c[strings.LastIndexAny(c, "/.")+1:]
		if fold(seg) == "protectionconcerns" {
			if !detect.HeaderLabel(c) {
				c = seg // "Naqib/protection_concerns": its group's name may be a person's
				if !detect.HeaderLabel(c) {
					c = "protection_concerns"
				}
			}
			return fmt.Errorf("%w: no row records a trafficking status, and column %q holds the cases' protection concerns (Primero keeps trafficking among them): "+
				"the export may hold cases that are no trafficking (separated children, violence, neglect), each of which would be counted as a victim of trafficking; "+
				"map a column of the status onto trafficking_status under columns:, or export only the cases of trafficking and map %q onto drop under columns:",
				ErrNoStatus, c, c)
		}
	}
	return nil
}

// droppedStatus refuses an input no row of which records a trafficking status while a column
// that maps onto no field, named for a status ("Assessment", "VoT", "Victim"), says of some
// rows that the person is not a victim, or at risk (attack-2026-12-03e, lows: only the
// pipeline's notice named such columns): read, those people would be counted as identified
// victims.
func (r *Reader) droppedStatus() error {
	if r.droppedNot == 0 || r.statuses > 0 && !slices.Contains(r.unknown, r.droppedCol) {
		return nil // beside a status column, one the config drops by name: the user has said which to read
	}
	c, key := r.unreadKey(r.droppedCol, r.droppedPos, "status")
	if r.statuses > 0 {
		return fmt.Errorf("%w: %s, which maps onto no field, says of %d %s read as identified victims (by the status column, or without a status) that the person is not a victim (or is at risk): "+
			"the two columns disagree, and read, those people would be counted as identified victims; correct the export, or say which column gives the status: "+
			"map this one onto trafficking_status under columns: ({%q: trafficking_status}) with its spellings under values:, or onto drop ({%q: drop}) if the other column is right",
			ErrNoStatus, c, r.droppedNot, map[bool]string{true: "row", false: "rows"}[r.droppedNot == 1], key, key)
	}
	return fmt.Errorf("%w: no row records a trafficking status, while %s, which maps onto no field, says of %d %s that the person is not a victim (or is at risk): "+
		"read, they would be counted as identified victims; map it onto trafficking_status under columns: ({%q: trafficking_status}), "+
		"its spellings under values: {trafficking_status: {<spelling>: actual, not, at_risk or possible}}",
		ErrNoStatus, c, r.droppedNot, map[bool]string{true: "row", false: "rows"}[r.droppedNot == 1], key)
}

// formFreeText refuses an input whose column is read as a form's flag by its name alone
// (formNamed: "Forced labour", "Sexual exploitation") while some of its values say no yes or
// no ("Brick kiln", "Brothel": where or how, a detail of the form): read so, each such row was
// quarantined (ing29's review of the coordinator's U6 fix), and what the column means only
// the register's own form says.
func (r *Reader) formFreeText() error {
	if r.formFree == 0 {
		return nil
	}
	c, key := r.unreadKey(r.formFreeCol, 0, "form")
	return fmt.Errorf("%w: %s is read by its name as the flag %s, but %d values of it (or of another column read so) say neither yes nor no (a detail of the form, a place or a sector?): "+
		"which rows it marks is not certain; map it under columns: onto the flag with its spellings under values: ({%q: %s}), or onto drop ({%q: drop})",
		ErrFormValues, c, flagNamed(r.formFreeCol), r.formFree, key, flagNamed(r.formFreeCol), key)
}

// caseTypes refuses an input no row of which records a trafficking status while a dropped
// column naming the case's type (caseTypeNamed: "Type of case", "Protection concern", "Tipo de
// caso", "Jenis kasus") names trafficking for some rows and another type for others (neglect,
// violence, runaways, child marriage, smuggling: attack-2026-12-04c finding R6): a register of
// several case types, whose other cases would all be counted as victims of trafficking.
func (r *Reader) caseTypes() error {
	if r.statuses > 0 {
		return r.caseTypesBeside()
	}
	col, pos, traf, other, ok := r.caseTypeColumn(r.typeCol, r.typePos, r.typeTraf, r.typeOther)
	if !ok {
		return r.caseTypesOnlyNoStatus()
	}
	c, key := r.unreadKey(col, pos, "case type")
	return fmt.Errorf("%w: no row records a trafficking status, while %s, which maps onto no field, names trafficking as the case's type for %d rows and another type for %d: "+
		"the export holds cases other than trafficking (neglect, violence, runaways, smuggling ...), each of which would be counted as a victim of trafficking; "+
		"export only the cases of trafficking and map %q onto drop under columns:, or map a column of the status onto trafficking_status%s",
		ErrNoStatus, c, traf, other, key, r.unknownTypes())
}

// caseTypesOnlyNoStatus refuses an input no row of which records a trafficking status while a
// dropped column named for the case's type names a listed other type (Domestic violence, GBV,
// Child marriage, Missing child) for some rows and trafficking for none, the others blank: every
// row is then counted as a victim of trafficking, those of other types too (attack-2026-12-06a
// A0; with a status column, caseTypesOnly).
func (r *Reader) caseTypesOnlyNoStatus() error {
	col, pos, other, ok := r.otherTypesOnly(r.typeCol, r.typePos, r.typeTraf, r.typeListed)
	if !ok {
		return nil
	}
	c, key := r.unreadKey(col, pos, "case type")
	return fmt.Errorf("%w: no row records a trafficking status, while %s, which maps onto no field, names another type than trafficking (neglect, violence, child marriage, street children ...) as the case's type for %d %s: "+
		"the register keeps cases of other types, each of which would be counted as a victim of trafficking; "+
		"export only the cases of trafficking and map %q onto drop under columns:, or map a column of the status onto trafficking_status (the cases of other types: not); if the column gives the form of exploitation instead (\"Child labour\" for forced labour), map %q onto type_of_exploitation under columns: with its spellings under values:%s",
		ErrNoStatus, c, other, agreeN(other, "row", "rows"), key, key, r.unknownTypes())
}

// archivedRows refuses an input a column of which marks some records archived ("Archived" =
// Yes, a date): an archived record is a closed real case in one case system (Primero, CommCare)
// and a record taken out in another, and which the export's are only the organisation knows
// (ing29's Left). A config that maps the column (onto drop) says they are cases.
func (r *Reader) archivedRows() error {
	if r.archived == 0 {
		return nil
	}
	c, key := r.unreadKey(r.archivedCol, 0, "archive")
	return fmt.Errorf("%w: %s marks %d %s archived: an archived record is a closed case in some case systems and a record taken out (a duplicate, a test, an error) in others; "+
		"if the archived records are cases, map the column onto drop under columns: ({%q: drop}); if they are records taken out, export without them",
		ErrNotCases, c, r.archived, agreeN(r.archived, "record", "records"), key)
}

// qaFailedRows refuses an input a quality check's column of which ("QA status", "QC result",
// "Quality check") says failed for some records (attack-2026-12-05g Z2): a failed check may
// mark a record taken out (a test, a duplicate, a wrong person) or one whose data are to be
// corrected, a real case; which, only the organisation knows. A config that maps the column
// (onto drop) says they are cases, as for archived records.
func (r *Reader) qaFailedRows() error {
	if r.qaFailed == 0 {
		return nil
	}
	c, key := r.unreadKey(r.qaCol, 0, "quality check")
	return fmt.Errorf("%w: %s says a quality check failed for %d %s: a failed check marks a record taken out (a test, a duplicate, a wrong person) in some registers and a case whose data are to be corrected in others; "+
		"if the records that failed are cases, map the column onto drop under columns: ({%q: drop}); if they are records taken out, export without them",
		ErrNotCases, c, r.qaFailed, agreeN(r.qaFailed, "record", "records"), key)
}

// caseTypesBeside refuses an input whose dropped case-type column names trafficking for some
// rows and a listed other type (caseTypeValue: KDRT, Neglect, Child marriage, Street child) for
// others, both among rows whose status says a victim (not "not"): the status column is then the
// case's (opened, confirmed, verified), not whether its person was trafficked, and each case of
// another type would be counted as a victim of trafficking (ing29's Left; a register that gives
// its other cases the status not is read: csv-case-type-values-beside-status-read). A column of
// any name whose whole values are case types counts as one named so (bareRoles).
func (r *Reader) caseTypesBeside() error {
	col, pos, traf, other, ok := r.caseTypeColumn(r.typeColS, r.typePosS, r.typeTrafS, r.typeOtherS)
	if !ok {
		return r.caseTypesOnly()
	}
	c, key := r.unreadKey(col, pos, "case type")
	return fmt.Errorf("%w: %s, which maps onto no field, names trafficking as the case's type for %d rows and another type (neglect, violence, child marriage, street children ...) for %d, "+
		"while the trafficking status of those rows says a victim: the status column may give the case's own status (opened, confirmed), not whether its person was trafficked, "+
		"and each case of another type would be counted as a victim of trafficking; give the cases of other types the status not (or export only the cases of trafficking), "+
		"or, if every row's person is a victim of trafficking, map %q onto drop under columns:%s",
		ErrNoStatus, c, traf, other, key, r.unknownTypes())
}

// otherTypesOnly returns the dropped column named for the case's type that names a listed
// other type for other of its rows and trafficking for none: col (at pos), named so
// (caseTypeNamed), with traf and listed its rows of trafficking and of a listed type, else the
// first unmapped role column named for a type ("Type", "Tipo") that does not give the form of
// exploitation (formTypes). ok is false when there is none (caseTypesOnly, caseTypesOnlyNoStatus).
func (r *Reader) otherTypesOnly(col string, pos, traf, listed int) (_ string, _, other int, ok bool) {
	if traf == 0 && listed > 0 && slices.Contains(r.unknown, col) {
		return col, pos, listed, true
	}
	i := slices.IndexFunc(r.bareRoles, func(e bareRoles) bool {
		return e.named && e.typeTraf == 0 && e.typeListed > 0 && !e.formTypes() && slices.Contains(r.unknown, e.col)
	})
	if i < 0 {
		return "", 0, 0, false
	}
	e := r.bareRoles[i]
	other = e.typeListed
	if e.forms > 0 {
		other -= e.listedForms // "Child labour" beside "Forced labour" is a form's
	}
	return e.col, e.pos, other, true
}

// caseTypesOnly refuses an input whose dropped column named for the case's type (caseTypeNamed,
// or a role's name that is a type's too: "Type", "Tipo", "Jenis") names a listed other type
// (caseTypeValue: Domestic violence, GBV, KDRT, Child marriage) for some rows whose status says a
// victim, and trafficking for none, the others blank (attack-2026-12-05f Y5): the register keeps
// cases of another type beside its victims, each of which would be counted as a victim of
// trafficking. A column of any other name is not judged so ("Risk" = Child marriage is the
// victim's risk).
func (r *Reader) caseTypesOnly() error {
	col, pos, other, ok := r.otherTypesOnly(r.typeColS, r.typePosS, r.typeTrafS, r.typeListedS)
	if !ok {
		return nil
	}
	c, key := r.unreadKey(col, pos, "case type")
	return fmt.Errorf("%w: %s, which maps onto no field, names another type than trafficking (neglect, violence, child marriage, street children ...) as the case's type for %d %s "+
		"whose trafficking status says a victim: the register keeps cases of other types, each of which would be counted as a victim of trafficking; "+
		"give the cases of other types the status not (or export only the cases of trafficking), or, if every row's person is a victim of trafficking, map %q onto drop under columns:; if the column gives the form of exploitation instead (\"Child labour\" for forced labour), map %q onto type_of_exploitation under columns: with its spellings under values:%s",
		ErrNoStatus, c, other, agreeN(other, "row", "rows"), key, key, r.unknownTypes())
}

// unknownTypes is the sentence the case-type refusals add when a value of the column names no
// form of trafficking or exploitation the checks know (unknownType; attack-2026-12-07g G1).
func (r *Reader) unknownTypes() string {
	if r.typeUnknown == 0 && !slices.ContainsFunc(r.bareRoles, func(e bareRoles) bool { return e.unknown > 0 }) {
		return ""
	}
	return "; some of its values name no form of trafficking or exploitation the checks know (a crime or a case of another kind: a fraud, a robbery, a dowry, a love affair, unpaid wages), " +
		"counted as another type: a case's type is read only when it names trafficking or a form of exploitation, and a \"Missing\" there may be a missing person's case: leave the cell blank if it means no value"
}

// caseTypeColumn returns the column that names trafficking as the case's type for traf rows and
// another type for other rows: col (at pos), a column named for the case's type, when the config
// does not map it (a column the config drops by name says the export holds cases of trafficking
// only), else the first unmapped column of any name whose values are case types (bareRoles,
// caseTypeValue: "Kasus" = TPPO | KDRT, "Service area", "Risk"), which says the same as one named
// so. ok is false when there is none (caseTypes and caseTypesBeside: duplicates D8).
func (r *Reader) caseTypeColumn(col string, pos, traf, other int) (_ string, _, _, _ int, ok bool) {
	if traf > 0 && other > 0 && slices.Contains(r.unknown, col) {
		return col, pos, traf, other, true
	}
	i := slices.IndexFunc(r.bareRoles, func(e bareRoles) bool {
		return e.typeTraf > 0 && e.typeOther > 0 && slices.Contains(r.unknown, e.col)
	})
	if i < 0 {
		return "", 0, 0, 0, false
	}
	e := r.bareRoles[i]
	return e.col, e.pos, e.typeTraf, e.typeOther, true
}

// columnSaid names column col within a notice's text: columnAt's phrase with its position when
// every header read holds it at one place (`column 4 (its name withheld)`, so the advice to map
// it reaches it as "#4"), else `column "..."` through shownColumn (a JSON input's keys, whose
// objects have no positions; a workbook's sheets that place it differently), as ParseError does
// (privacy-side-doors35: the notices printed "(name withheld)" alone, so the user learnt that some
// column may hold the age, not which: a KoboToolbox label over 40 characters).
func (r *Reader) columnSaid(col string) string {
	p := r.colAt[col]
	if r.unread(col) && !detect.HeaderLabel(col) {
		// a dropped column's header is judged as the pipeline's notice of it is
		if p > 0 {
			return withheldAt(p)
		}
		return fmt.Sprintf("column %q", withheldColumn)
	}
	if p > 0 {
		return columnAt(col, p)
	}
	return fmt.Sprintf("column %q", shownColumn(col))
}

// unread reports whether col is a column the Reader left unread by its name: one that maps onto
// no field, or one read as case notes (not kept) by its name, not the config's ("Naqib notes").
// Its header is never needed to read the data, so the Reader's own messages judge it as the
// pipeline's notice of a dropped column does, by detect.HeaderLabel: every word of it known, so
// that a name no list holds ("Naqib notes", "contact_jordan") is told by its position
// (privacy-side-doors37: they judged it by SafeLabel).
func (r *Reader) unread(col string) bool {
	if slices.Contains(r.unknown, col) {
		return true
	}
	f, by := r.Mapping.resolveAny(col)
	return f == schema.Narrative && by != viaConfig
}

// unreadKey is columnKey for the Reader's refusals: a column it left unread (unread) is named
// only when detect.HeaderLabel allows its header, else by its position.
func (r *Reader) unreadKey(name string, pos int, what string) (said, key string) {
	if r.unread(name) && !detect.HeaderLabel(name) {
		return withheldKey(pos, what)
	}
	return columnKey(name, pos, what)
}

// columnKey names a dropped column in a refusal, and gives the key of columns: that maps it: its
// name when SafeLabel allows it; else its position (`column 6 (its name withheld)`, key "#6"),
// as KoboToolbox's "Labels" headers, a question's whole text, are (attack-2026-12-04e S1: the
// fix said `map "case type" onto drop`, a key that matched no column). A column of JSON keys
// (pos 0) withheld is named by what it holds: no key maps it then but its own name.
func columnKey(name string, pos int, what string) (said, key string) {
	if detect.SafeLabel(name) || questionNamed(name) != "" {
		// a form's question is shown: every word of it is of questionNamed's lists
		return fmt.Sprintf("column %q", name), name
	}
	return withheldKey(pos, what)
}

// withheldKey is columnKey's naming of a column whose name is withheld: by its position when
// known, else by what it holds.
func withheldKey(pos int, what string) (said, key string) {
	if pos > 0 {
		return withheldAt(pos), fmt.Sprintf("#%d", pos)
	}
	return fmt.Sprintf("a %s column (its name withheld)", what), "<its name>"
}

// withheldAt names the column at pos (from 1) whose name is withheld.
func withheldAt(pos int) string { return fmt.Sprintf("column %d (its name withheld)", pos) }

// statusFile refuses an input whose file name speaks of its people's trafficking status ("not-
// victims.csv", "screened-out.xlsx", "at-risk.csv") when no row records one: its rows would be
// counted as identified victims (attack-2026-12-03d finding 6, as statusName does for a sheet).
// A status given by defaults:, or a config that names the file exactly, says what they are.
func (r *Reader) statusFile() error {
	if r.kept == 0 {
		return nil
	}
	if w := consentName(fileStem(r.name)); w != "" {
		// consent is not a status: neither a status column nor the config says the people
		// who withdrew or never gave it may be counted (consent.go)
		return fmt.Errorf("%w: its file name (%q) says its people withdrew or never gave their consent: they are neither counted nor released, "+
			"whatever a status column, a default or the config says of them; leave them out of the export (or, if every one of them did consent, rename the file)",
			ErrNoStatus, w)
	}
	if namesInput(r.Mapping) {
		return nil
	}
	w := statusName(fileStem(r.name))
	if w == "" || r.statuses > 0 && (!otherPeople(w) || r.statusCases == 0) {
		return nil
	}
	if r.statuses > 0 {
		// Witnesses or suspects in a file of their own, with the case's status on each row
		// (attack-2026-12-05a T1): the status is the case's, not the person's.
		return fmt.Errorf("%w: its file name (%s) says its people are other people than victims (witnesses, suspects, perpetrators, relatives), and its status column gives each row "+
			"the case's status, not the person's: read, they would be counted as identified victims; leave it out of the input, or, if its people are victims, name it in sources: (match: the file's name)",
			ErrNoStatus, quotedPhrase(w))
	}
	return fmt.Errorf("%w: its file name (%s) speaks of who its people are (their trafficking status, or other people than victims: perpetrators, witnesses, callers) and no row records a status, so its rows would be counted as identified victims: "+
		"say what they are in its sources: entry (match: the file's name) with defaults: {trafficking_status: not} (or at_risk, possible, actual), or map a column of the status onto trafficking_status",
		ErrNoStatus, quotedPhrase(w))
}

// identifiersOnly refuses a JSON input whose kept rows give no value of their own that
// describes a person or a case, only identifiers (names, numbers, contacts) and places: a list of staff,
// contacts or centres beside the exports, whose entries read as cases would each be a victim
// of whom nothing is known. A CSV is judged so by its header (sideFile); a JSON's keys differ
// from record to record, so it is judged at its end. A config that names the input exactly
// says its rows are cases; an export of events (its keys) is refused by the pipeline's words.
func (r *Reader) identifiersOnly() error {
	if !r.json || r.kept == 0 || r.described > 0 || namesInput(r.Mapping) {
		return nil
	}
	if slices.ContainsFunc(r.unknown, func(c string) bool { return EventColumn(c) || fold(c) == "event" || fold(c) == "eventtype" }) {
		return nil
	}
	only := "identifiers"
	if r.placed {
		only = "identifiers and places" // a list of centres whose province the config maps
	}
	return fmt.Errorf("%w: none of its %d records gives a value that describes a person or a case (gender, age, date of birth, a date, a form or a status), only %s, "+
		"so it is no export of cases (a list of centres, staff or contacts?); move it out of the folder of exports, or, if its records are cases, name the file exactly with match: under sources: in the config",
		errSideFile, r.kept, only)
}

// codeListJSON refuses a JSON input that is a code list of the form's choices
// ([{"code": "F", "gender": "female"}, ...]): each record another value of the fields it maps,
// all of short lists, and another code under a key that maps onto none. Read as cases, each
// choice would be a victim. A CSV is judged so by its rows (sideFile); a JSON's keys differ
// from record to record, so it is judged at its end. A config that names the input exactly
// says its records are cases.
func (r *Reader) codeListJSON() error {
	if !r.json || namesInput(r.Mapping) {
		return nil
	}
	key, fields, ok := r.codes.codeList()
	if !ok {
		return nil
	}
	names := make([]string, 0, len(fields))
	for _, f := range fields {
		names = append(names, fieldName(f))
	}
	return fmt.Errorf("%w: a code list: each of its %d records gives another value of %s, and key %q another code, and no key tells people apart (a case number, a name, a date); "+
		"move it out of the folder of exports, or, if its records are cases, name the file exactly with match: under sources: in the config",
		errSideFile, r.codes.rows, strings.Join(names, ", "), detect.Label(key, "code"))
}

// primeroAge refuses a Primero export (its owned_by or record_state columns) whose ages come
// without a date of birth (attack-2026-12-01f finding 9): Primero recalculates age every night
// from the date of birth, so the age may be the one on the export's day, and read as the age
// at registration a register's children of years ago become adults (32 of 40 registered in
// 2020). With the date of birth the age at registration is taken from it (conf.ageAtExport);
// without, the config says which age the column holds: mapped onto age under columns:, it is
// read as the age at registration.
func (r *Reader) primeroAge() error {
	if r.ageNoDOB == 0 {
		return nil
	}
	if r.Mapping != nil {
		for _, f := range r.Mapping.Columns {
			if f == Age {
				return nil
			}
		}
	}
	if r.primeroCol == "" {
		return nil
	}
	age := detect.Label(r.ageCol, "age")
	whose := fmt.Sprintf("the export is Primero's (column %q)", detect.Label(r.primeroCol, "case_id_display"))
	if r.primeroShort {
		whose = fmt.Sprintf("the export is Primero's case list (column %q holds Primero's short ids, 7 hex digits, beside a name, age, sex and registration date)", detect.Label(r.primeroCol, "Id"))
	}
	return fmt.Errorf("%w: %d %s an age and no date of birth, and %s: Primero recalculates age every night from the date of birth, "+
		"so column %q may hold each person's age on the day of the export, not at registration (children registered years ago would be counted as adults); "+
		"export date_of_birth beside it (the age at registration is then taken from the date of birth), or, if the column holds the age at registration, "+
		"map it onto age under columns: ({%q: age}); map it onto drop to read no age",
		ErrAgeUncertain, r.ageNoDOB, map[bool]string{true: "row gives", false: "rows give"}[r.ageNoDOB == 1], whose, age, age)
}

// spanishGender reports whether a gender column's name is Spanish or Portuguese ("Sexo",
// "Género"), whose M may be the female one.
func spanishGender(col string) bool {
	for _, w := range nameWords(col) {
		switch fold(w) {
		case "sexo", "genero", "género":
			return true
		}
	}
	return false
}

// placeholderEvidence counts the values that exports use for "not recorded" where a field
// has no empty value (attack-2026-12-01e finding 10: ages 99 and 0, the date of birth
// 1970-01-01), beside their neighbours: a real age 0 is about as common as 1 and 2.
type placeholderEvidence struct {
	ages           [100]int32 // rows by their age, read without a date of birth
	janFirst       [3]int32   // dates of birth on 1 January 1969, 1970 and 1971
	regJanFirst    [3]int32   // registration dates on those days
	ageCol, dobCol string     // the columns of the first of them
	regCol         string
	// dobRows counts the rows giving a date of birth, dobDays the first one's (days since
	// 1970), dobOther whether any other row gives another: one date on every row of a register
	// is a placeholder ("1985-01-01" on all: attack-2026-12-06d D12).
	dobRows  int32
	dobDays  int32
	dobOther bool
	// ethiopian counts the dates of month 13 (monthThirteen), ethCol and ethField the column
	// and field of the first.
	ethiopian        int32
	ethCol, ethField string
	regDateCol       string // the registration date's column
	// The Ethiopian calendar's other signatures (attack-2026-12-03e finding 10, a register
	// without month 13): its months all have 30 days, so registration dates give day 30 as
	// often as any day, never day 31, and 29 or 30 February (febOdd: 30 February, or 29 in a
	// common year, which no Gregorian date is); its years 2015-2017 are 2022-2025, so read as
	// Gregorian the register ends years before its extracted: day (regLast); etRows are rows
	// placed in Ethiopia (their country of exploitation or citizenship ET).
	regDates, reg30, reg31 int32
	// the same of the dates of birth: a register keeps one calendar, so they add to the
	// evidence of a small register (ing20's "Left")
	dob30, dob31 int32
	// dates on days 21-30 of a month that has 31 days (lateIn31), registrations' and births'
	regLate, dobLate int32
	regLast          int32 // the latest registration date, days since 1970 (0: none)
	febOdd           int32
	etRows           int32
	fromRows         int32 // rows that give a citizenship or a country of origin
	// genMale counts genders of H, V, P or J that no values: entry maps (the male letter of
	// languages whose M is the female one: hombre/mujer, varón/mujer, purush/mahila,
	// Junge/Mädchen), genM the Ms the default vocabulary read as male, genCol the column.
	genMale, genM int32
	genF          int32 // the letter F: beside M, M is masculino
	genCol        string
	// genHdr counts the gender letters read in their header's language (headerGender),
	// genHdrCol and genHdrLang the first one's column and language
	genHdr     int32
	genHdrCol  string
	genHdrLang byte
}

func (p *placeholderEvidence) add(q *placeholderEvidence) {
	if p.ageCol == "" {
		p.ageCol = q.ageCol
	}
	if p.dobCol == "" {
		p.dobCol = q.dobCol
	}
	for i, n := range q.ages {
		p.ages[i] += n
	}
	if p.regCol == "" {
		p.regCol = q.regCol
	}
	for i, n := range q.janFirst {
		p.janFirst[i] += n
	}
	switch {
	case q.dobRows == 0:
	case p.dobRows == 0:
		p.dobDays, p.dobOther = q.dobDays, q.dobOther
	default:
		p.dobOther = p.dobOther || q.dobOther || p.dobDays != q.dobDays
	}
	p.dobRows += q.dobRows
	for i, n := range q.regJanFirst {
		p.regJanFirst[i] += n
	}
	if p.ethiopian == 0 {
		p.ethCol, p.ethField = q.ethCol, q.ethField
	}
	p.ethiopian += q.ethiopian
	if p.regDateCol == "" {
		p.regDateCol = q.regDateCol
	}
	p.regDates += q.regDates
	p.reg30 += q.reg30
	p.reg31 += q.reg31
	p.dob30 += q.dob30
	p.dob31 += q.dob31
	p.regLate += q.regLate
	p.dobLate += q.dobLate
	p.regLast = max(p.regLast, q.regLast)
	p.febOdd += q.febOdd
	p.etRows += q.etRows
	p.fromRows += q.fromRows
	if p.genCol == "" {
		p.genCol = q.genCol
	}
	p.genMale += q.genMale
	p.genM += q.genM
	p.genF += q.genF
	if p.genHdr == 0 {
		p.genHdrCol, p.genHdrLang = q.genHdrCol, q.genHdrLang
	}
	p.genHdr += q.genHdr
}

// sameBirthRows is the fewest rows giving one date of birth, and no other, that refuse an
// input as a placeholder (Reader.placeholder): twins and triplets share one, ten people do not.
const sameBirthRows = 10

// repeated reports whether n rows of a value against at most most rows of each of its
// neighbours make it a placeholder: three or more, and over twice the commonest neighbour.
func repeated(n, most int32) bool { return n >= 3 && n > 2*most+2 }

// placeholder refuses an input whose ages or dates of birth repeat a value exports use for
// "not recorded" far more often than the values beside it: read, they would be children of
// nought or adults of 99 or 55, counted in the shares of children. values: says what it means
// (an entry for the value: "" for not recorded, itself for a real age).
func (r *Reader) placeholder() error {
	ph := &r.placeholders
	if ph.ethiopian > 0 {
		// One date of month 13 says the column keeps the Ethiopian calendar: its other dates,
		// quarantined one by one, would be read seven to eight years early.
		return &ParseError{File: RedactURL(r.name), Column: detect.Label(ph.ethCol, ph.ethField), Field: ph.ethField,
			Err: fmt.Errorf("%w: %d %s a date of month 13, which only the Ethiopian calendar has (its Pagume): the column's other dates are then Ethiopian too, "+
				"and read as Gregorian ones they would fall seven to eight years early; convert the column's dates to the Gregorian calendar "+
				"(2016-13-05 Ethiopian is 2024-09-10) before the export is read",
				ErrCalendar, ph.ethiopian, map[bool]string{true: "row gives", false: "rows give"}[ph.ethiopian == 1])}
	}
	if err := r.ethiopian(); err != nil {
		return err
	}
	if _, how := r.Mapping.resolve(ph.genCol); ph.genM > 0 && ph.genMale == 0 && ph.genF == 0 && spanishGender(ph.genCol) && how != viaConfig {
		// "Sexo" or "Género" found by its name (not named under columns:) over Ms without an
		// F: a girls' shelter's mujer as often as a boys' masculino; with an F beside them
		// the Ms are masculino. A column the config names keeps the notice (Notices).
		return &ParseError{File: RedactURL(r.name), Column: detect.Label(ph.genCol, schema.Gender), Field: schema.Gender,
			Err: fmt.Errorf("%w: the column's name is Spanish or Portuguese and %d %s M with no F beside: M is mujer or mulher (female) as often as masculino (male), "+
				"and cannot be read for certain; map it under values: {gender: {M: female}} or {gender: {M: male}}",
				ErrGenderLetters, ph.genM, map[bool]string{true: "row gives", false: "rows give"}[ph.genM == 1])}
	}
	if ph.genMale > 0 && ph.genM > 0 && ph.genHdr > 0 && ph.genHdrLang == langIndonesian {
		// L/P read by an Indonesian header (headerGender) beside an M, which no Indonesian or
		// Malay form writes: the Ps may be Hindi's purush beside mahila, and the Ms either.
		return &ParseError{File: RedactURL(r.name), Column: detect.Label(ph.genCol, schema.Gender), Field: schema.Gender,
			Err: fmt.Errorf("%w: the column's name is Indonesian or Malay, whose forms write L (laki-laki) and P (perempuan), but %d %s M, which they do not write: "+
				"beside M, P is purush (male) on Hindi, Nepali or Bengali forms, whose M is mahila (female); neither letter can be read for certain; "+
				"map them under values: {gender: {P: female, M: male}} or {gender: {P: male, M: female}}",
				ErrGenderLetters, ph.genM, map[bool]string{true: "row gives", false: "rows give"}[ph.genM == 1])}
	}
	if ph.genMale > 0 && ph.genM > 0 {
		// H beside M is Spanish hombre/mujer: every M a girl, read as a boy by the default
		// vocabulary, while the Hs were quarantined (attack-2026-12-03f finding 2).
		return &ParseError{File: RedactURL(r.name), Column: detect.Label(ph.genCol, schema.Gender), Field: schema.Gender,
			Err: fmt.Errorf("%w: %d %s a gender letter or word that the vocabulary does not know and that is the male one in languages whose M is the female one "+
				"(Spanish H/M, hombre/mujer, or V/M, varón/mujer; Portuguese H/M, homem/mulher; Hindi, Nepali or Bengali P/M, purush/mahila; German J/M, Junge/Mädchen), beside %d read as M, male in English: "+
				"the Ms cannot be read for certain; map both under values: {gender: {<letter or word>: male, M: female}} (or M: male if the export's M means male)",
				ErrGenderLetters, ph.genMale, map[bool]string{true: "row gives", false: "rows give"}[ph.genMale == 1], ph.genM)}
	}
	listed := func(field, v string) bool {
		if r.Mapping == nil {
			return false
		}
		vs, ok := r.Mapping.Values[field]
		if ok && v == "" {
			return true // a date of birth's spellings are many: any entry says the field was looked at
		}
		_, ok = vs[v]
		return ok
	}
	rows := func(n int32) string {
		return fmt.Sprintf("%d %s", n, map[bool]string{true: "row", false: "rows"}[n == 1])
	}
	for _, c := range []struct {
		age       int
		neighbour [3]int
		means     string
	}{
		{99, [3]int{95, 96, 97}, "adults of 99"},
		{98, [3]int{95, 96, 97}, "adults of 98"}, // DHS and MICS: 98 "don't know" beside 99 "missing" (attack-2026-12-03d, lows)
		{0, [3]int{1, 2, 3}, "children under 1"},
	} {
		n := ph.ages[c.age]
		most := max(ph.ages[c.neighbour[0]], ph.ages[c.neighbour[1]], ph.ages[c.neighbour[2]])
		if !repeated(n, most) || listed(Age, strconv.Itoa(c.age)) {
			continue
		}
		col := detect.Label(ph.ageCol, "age")
		return &ParseError{File: RedactURL(r.name), Column: col, Field: Age,
			Err: fmt.Errorf("%w: %s give age %d, against at most %d for each of ages %d to %d: a code for not recorded, which read would count %s; "+
				"if it means not recorded, write under values: age: {\"%d\": \"\"}; if these are ages, write age: {\"%d\": \"%d\"}",
				ErrPlaceholder, rows(n), c.age, most, c.neighbour[0], c.neighbour[2], c.means, c.age, c.age, c.age)}
	}
	if n, most := ph.janFirst[1], max(ph.janFirst[0], ph.janFirst[2]); repeated(n, most) && !listed(schema.DateOfBirth, "") {
		return &ParseError{File: RedactURL(r.name), Column: detect.Label(ph.dobCol, schema.DateOfBirth), Field: schema.DateOfBirth,
			Err: fmt.Errorf("%w: %s give the date of birth 1970-01-01 (the day computers count from, where a date left empty is often written), against at most %d born on 1 January 1969 or 1971: "+
				"if it means not recorded, write under values: date_of_birth: {<its spelling in the export>: \"\"}; if these are dates of birth, list the spelling as itself there",
				ErrPlaceholder, rows(n), most)}
	}
	if ph.dobRows >= sameBirthRows && !ph.dobOther && !listed(schema.DateOfBirth, "") {
		// Ten people or more born on one day is no register of cases: the export wrote a
		// default where the date was not recorded, and read, every one would be of one age.
		return &ParseError{File: RedactURL(r.name), Column: detect.Label(ph.dobCol, schema.DateOfBirth), Field: schema.DateOfBirth,
			Err: fmt.Errorf("%w: every one of the %s that give a date of birth gives the same one: a default written where the date was not recorded, which read would give every person one age; "+
				"if it means not recorded, write under values: date_of_birth: {<its spelling in the export>: \"\"}; if these are dates of birth, list the spelling as itself there",
				ErrPlaceholder, rows(ph.dobRows))}
	}
	if n, most := ph.regJanFirst[1], max(ph.regJanFirst[0], ph.regJanFirst[2]); repeated(n, most) && !listed(schema.RegistrationDate, "") {
		return &ParseError{File: RedactURL(r.name), Column: detect.Label(ph.regCol, schema.RegistrationDate), Field: schema.RegistrationDate,
			Err: fmt.Errorf("%w: %s give the registration date 1970-01-01 (the day computers count from, where a date left empty is often written), against at most %d on 1 January 1969 or 1971: "+
				"if it means not recorded, write under values: registration_date: {<its spelling in the export>: \"\"}; if these are registration dates, list the spelling as itself there",
				ErrPlaceholder, rows(n), most)}
	}
	return nil
}

// ethiopian refuses an input whose registration dates bear the Ethiopian calendar's signatures
// without a date of month 13 (a year of registrations before Pagume: attack-2026-12-03e finding
// 10): read as Gregorian its dates fall seven to eight years early. The signatures: the rows
// placed in Ethiopia; 30 February or 29 February of a common year; day 30 on many dates and
// day 31 on none (Ethiopian months have 30 days; a Gregorian column gives day 31 on about 7
// dates for every 11 of day 30, so ten of day 30 and none of 31 happen about once in 140); the
// latest date six years or more before the export's extracted: day. A register placed in
// Ethiopia with one more signature is refused, else one with two; a register placed in
// Ethiopia that is read gets a notice saying what was checked (r.etChecked).
func (r *Reader) ethiopian() error {
	ph := &r.placeholders
	if ph.regDates == 0 || r.Mapping != nil && len(r.Mapping.Values[schema.RegistrationDate]) > 0 {
		return nil
	}
	et := ph.etRows > 0 && 2*ph.etRows >= int32(r.kept)
	signs, d30, d31 := ph.ethiopianSigns(et, r.Mapping)
	col := detect.Label(ph.regDateCol, schema.RegistrationDate)
	if et && len(signs) >= 1 || len(signs) >= 2 {
		what := strings.Join(signs, "; ")
		if et {
			what = "its rows are placed in Ethiopia (ET); " + what
		}
		return &ParseError{File: RedactURL(r.name), Column: col, Field: schema.RegistrationDate,
			Err: fmt.Errorf("%w: the column's dates bear the Ethiopian calendar's signatures though none is of its month 13: %s; "+
				"read as Gregorian they would fall seven to eight years early: convert them to the Gregorian calendar (2016-04-12 Ethiopian is 2023-12-22) before the export is read; "+
				"if they are Gregorian, list one date's spelling as itself under values: registration_date: (an entry says the column was looked at)",
				ErrCalendar, what)}
	}
	if !et && ph.fromRows == 0 {
		// No row says where its person comes from (no citizenship nor origin column, or
		// empty ones): an Ethiopian organisation's register of its people exploited abroad
		// (in Saudi Arabia) is not placed in Ethiopia, and its dates were checked at the
		// thresholds of rows that are not (ing26's Left). A sign at those of rows placed in
		// Ethiopia is said, not refused: nothing ties the register to Ethiopia.
		if weak, _, _ := ph.ethiopianSigns(true, r.Mapping); len(weak) > len(signs) {
			r.etChecked = fmt.Sprintf("no row gives a citizenship or a country of origin, so whether the people come from Ethiopia, whose registers may keep the Ethiopian calendar, is not known; "+
				"column %q's %d registration dates bear a sign of that calendar at the level that refuses a register placed in Ethiopia: %s; "+
				"if the register keeps the Ethiopian calendar its dates fall seven to eight years early and must be converted before the export is read; "+
				"map the export's citizenship column if it has one (columns:), or give the export's day as extracted: in its sources: entry to check its latest date",
				col, ph.regDates, strings.Join(weak, "; "))
		}
	}
	if et {
		r.etChecked = fmt.Sprintf("the rows are placed in Ethiopia, whose registers may keep the Ethiopian calendar: column %q's %d registration dates were checked for it and read as Gregorian: no date of month 13, "+
			"no 30 February or 29 February of a common year, %d of day 31 (no Ethiopian month has one)", col, ph.regDates, ph.reg31)
		if ph.dob30+ph.dob31 > 0 {
			r.etChecked += fmt.Sprintf(", and %d of day 31 among the dates of birth", ph.dob31)
		}
		if m := r.Mapping; (m == nil || m.Extracted == "") && d31 == 0 && ph.febOdd == 0 {
			// A small register (ing21's Left): no day 31 among fewer than six of day 30 tells
			// nothing either way, and nothing else in a row does: said, not passed as checked.
			r.etChecked += fmt.Sprintf("; but with %d %s of day 30 and none of day 31 the check cannot tell the calendars apart: "+
				"if the register keeps the Ethiopian calendar its dates fall seven to eight years early and must be converted before the export is read; "+
				"give the export's day as extracted: in its sources: entry to check its latest date", d30, map[bool]string{true: "date", false: "dates"}[d30 == 1])
		} else if m == nil || m.Extracted == "" {
			r.etChecked += "; give the export's day as extracted: in its sources: entry to check its latest date too"
		} else {
			r.etChecked += ", the latest date within six years of extracted:"
		}
	}
	return nil
}

// ethiopianSigns lists the signs of the Ethiopian calendar among the registration dates and
// dates of birth (see Reader.ethiopian), at the thresholds of rows placed in Ethiopia when et,
// and returns the dates of day 30 and 31 counted.
func (ph *placeholderEvidence) ethiopianSigns(et bool, m *Mapping) (signs []string, d30, d31 int32) {
	if ph.febOdd > 0 {
		signs = append(signs, fmt.Sprintf("%d %s 30 February or 29 February of a common year (Ethiopian months all have 30 days)",
			ph.febOdd, map[bool]string{true: "row gives", false: "rows give"}[ph.febOdd == 1]))
	}
	// The dates of birth count with the registration dates: a register keeps one calendar.
	d30, d31 = ph.reg30+ph.dob30, ph.reg31+ph.dob31
	no31 := d31 == 0 && (d30 >= 10 || et && d30 >= 6)
	if no31 && ph.dob30 > 0 {
		signs = append(signs, fmt.Sprintf("%d registration dates and dates of birth give day 30 and none day 31 (a Gregorian column gives day 31 about 7 times for 11 of day 30)", d30))
	} else if no31 {
		signs = append(signs, fmt.Sprintf("%d dates give day 30 and none day 31 (a Gregorian column gives day 31 about 7 times for 11 of day 30)", d30))
	}
	// Day 31 against the days before it in the months that have one: a Gregorian column gives
	// day 31 once for every ten of days 21-30 there, so none in n happens with chance
	// (10/11)^n: once in 100 at 49, once in 1,000 at 73. The test of day 30 alone missed a
	// 300-row Ethiopian register placed in Ethiopia with five of day 30 (attack-2026-12-04b,
	// lows: about 58 such dates, where a Gregorian column gives day 31 about six times).
	if late := ph.regLate + ph.dobLate; !no31 {
		n, ok := ph.regLate, ph.reg31 == 0 && (ph.regLate >= 73 || et && ph.regLate >= 49)
		if d31 == 0 && (late >= 73 || et && late >= 49) {
			n, ok = late, true
		}
		if ok {
			odds := "more than a million"
			if p := math.Pow(1.1, float64(n)); p < 1e6 {
				odds = fmt.Sprintf("%.0f", p)
			}
			signs = append(signs, fmt.Sprintf("%d dates fall on days 21 to 30 of months that have 31 days and none on day 31 "+
				"(a Gregorian column gives day 31 about once for every ten of them: none in %d happens about once in %s)", n, n, odds))
		}
	}
	if m != nil && m.Extracted != "" && ph.regLast > 0 {
		if y, mo, d, ok := isoDate(m.Extracted); ok {
			if days := daysFromCivil(y, mo, d) - ph.regLast; days >= 6*365 {
				signs = append(signs, fmt.Sprintf("the latest date is %d years before the export's extracted: day (Ethiopian years run seven to eight behind)", days/365))
			}
		}
	}
	return signs, d30, d31
}

// naCountry refuses an input whose column of countries holds NA beside ISO 3166-1 codes only
// (attack-2026-12-01d finding 14): there NA may be Namibia's code as much as "not available",
// and read as not recorded a Namibian's citizenship would be lost. values: says which.
func (r *Reader) naCountry() error {
	for k, e := range r.na {
		if e.rows > 0 && e.codes > 0 && e.other == 0 {
			f := countryFields[k]
			return &ParseError{File: RedactURL(r.name), Sheet: e.sheet, Line: e.line, Column: e.col, Field: fieldName(f),
				Err: fmt.Errorf("%w (%d %s): write under values: %s: {NA: NA} for Namibia, or {NA: \"\"} for not recorded",
					ErrNACountry, e.rows, map[bool]string{true: "row", false: "rows"}[e.rows == 1], fieldName(f))}
		}
	}
	return nil
}

// placeholderCodes refuses an input whose province column reads an abbreviation registers
// write for a place not known (placeholderCode: NK, DK, ND, NS, SD ...) as a province's code
// while none of its other values is a code (ing24's Left): beside names only, "NK" is as likely
// "not known" as North Kivu, and read as the province it would add cases to it. Beside other
// codes it is a code. values: says which.
func (r *Reader) placeholderCodes() error {
	for pi := range r.phCodes {
		for _, e := range r.phCodes[pi] {
			if err := r.placeholderCode(pi, e); err != nil {
				return err
			}
		}
	}
	return nil
}

// placeholderCode is placeholderCodes' judgement of one country's rows of a province column.
func (r *Reader) placeholderCode(pi int, e phCodeEvidence) error {
	if e.rows == 0 || e.codes > 0 {
		return nil
	}
	f := schema.Cases.Field(places[pi][1]).Name
	listed := false
	if r.Mapping != nil {
		for k := range r.Mapping.Values[f] {
			listed = listed || strings.EqualFold(strings.TrimSpace(k), e.v)
		}
	}
	if listed {
		return nil
	}
	name := e.prov
	if p, ok := geo.ProvinceByCode(e.prov); ok && p.Name != "" {
		name = p.Name + " (" + e.prov + ")"
	}
	return &ParseError{File: RedactURL(r.name), Column: e.col, Field: f,
		Err: fmt.Errorf("%w: %d %s %q, which registers write for a place not known (NK not known, DK don't know, ND, NS, NR, NI, SD, SI, NC, UK, X, U: no data, no sabe, "+
			"not recorded, sin dato, sin información, unknown) and which is also the code of %s, while the column's other values in %s are names, not codes: not read for certain; "+
			"write under values: %s: {%q: %s} for the province, or {%q: \"\"} for not recorded",
			ErrPlaceholder, e.rows, map[bool]string{true: "row gives", false: "rows give"}[e.rows == 1], e.v, name, e.cc, f, e.v, e.prov, e.v)}
}

// Read returns the next batch of valid rows, or io.EOF after the last one. The caller owns the
// record and must Release it.
func (r *Reader) Read() (arrow.RecordBatch, error) {
	if r.done {
		return nil, io.EOF
	}
	if r.eng == nil {
		if err := r.start(); err != nil {
			r.done = true
			return nil, err
		}
	}
	for {
		if len(r.pending) > 0 {
			rec := r.pending[0]
			r.pending[0] = nil
			r.pending = r.pending[1:]
			r.part, r.parts = r.parts[0], r.parts[1:]
			return rec, nil
		}
		if r.eng.finished {
			r.done = true
			return nil, io.EOF
		}
		res := r.eng.next()
		if err := r.orderDates(res); err != nil {
			r.eng.stop()
			r.eng.finished = true
			r.done = true
			r.releasePending()
			for _, h := range append(append(r.held, res), r.tmplHeld...) {
				for _, rec := range h.recs {
					rec.Release()
				}
			}
			r.held, r.tmplHeld = nil, nil
			if pe := (*ParseError)(nil); errors.As(err, &pe) {
				r.placeColumn(pe, res.colAt)
			}
			return nil, err
		}
		if len(r.held) > 0 || res.dates.any() {
			// Read in a provisional day/month order: held, with what follows, until the
			// order is known (see orderDates).
			r.held = append(r.held, res)
			if !r.settled() {
				continue
			}
			held := r.held
			r.held = nil
			for _, h := range held {
				r.take(r.redo(h))
			}
		} else {
			r.take(res)
		}
		if res.final {
			r.releaseTemplate()
			r.eng.stop()
			r.eng.finished = true
			if r.again != nil {
				r.again.release()
				r.again = nil
			}
			if res.err == nil {
				res.err = r.concerns()
			}
			if res.err == nil {
				res.err = r.statusFile()
			}
			if res.err == nil {
				res.err = r.droppedStatus()
			}
			if res.err == nil {
				res.err = r.caseTypes()
			}
			if res.err == nil {
				res.err = r.archivedRows()
			}
			if res.err == nil {
				res.err = r.qaFailedRows()
			}
			if res.err == nil {
				res.err = r.roles()
			}
			if res.err == nil {
				res.err = r.formFreeText()
			}
			if res.err == nil {
				res.err = r.countColumn()
			}
			if res.err == nil {
				res.err = r.totalsRow()
			}
			if res.err == nil {
				res.err = r.naCountry()
			}
			if res.err == nil {
				res.err = r.placeholderCodes()
			}
			if res.err == nil {
				res.err = r.primeroAge()
			}
			if res.err == nil {
				res.err = r.identifiersOnly()
			}
			if res.err == nil {
				res.err = r.codeListJSON()
			}
			if res.err == nil {
				res.err = r.placeholder()
			}
			if res.err == nil {
				res.err = r.dittoRows()
			}
			if res.err == nil {
				res.err = r.doCode()
			}
			if res.err == nil {
				res.err = r.duplicates()
			}
			if res.err == nil {
				res.err = r.utcText()
			}
			if res.err != nil {
				r.done = true
				r.releasePending()
				if pe := (*ParseError)(nil); errors.As(res.err, &pe) {
					r.placeColumn(pe, res.colAt)
				}
				return nil, r.fail(res.line, res.sheet, res.err)
			}
			r.whole = true // the producer is done: its resolver may be read
		}
	}
}

// maxTemplateHeld is the most rows held for the verdict on a register's prepared rows (see
// take): beyond, the verdict is given on the input read so far.
const maxTemplateHeld = 1 << 16

// take adds a result's evidence of prepared rows (see worker.templateRow) and accepts it, or
// holds it, with every result after it, while it holds candidates: whether a candidate's
// values are every row's, and its number a row number, only the whole input says.
func (r *Reader) take(res *result) {
	t, o := &r.tmpl, &res.tmpl
	for k := range nTemplate {
		bit := uint32(1) << k
		switch {
		case o.seen&bit == 0:
		case t.seen&bit == 0:
			t.seen |= bit
			t.first[k] = o.first[k]
		case t.first[k] != o.first[k]:
			t.varied |= bit
		}
	}
	t.varied |= o.varied
	t.real += o.real
	t.cands = append(t.cands, o.cands...)
	if len(r.tmplHeld) == 0 && len(o.cands) == 0 {
		r.accept(res)
		return
	}
	r.tmplHeld = append(r.tmplHeld, res)
	r.tmplRows += res.rows
	if r.tmplRows > maxTemplateHeld {
		r.releaseTemplate()
	}
}

// maxRowNumberOffset is the most rows above a register's first row numbered 1 (its header and
// titles, see headerWindow).
const maxRowNumberOffset = 20

// releaseTemplate gives the verdict on the held candidates and accepts the held results, each
// chunk with prepared rows converted again to quarantine them. A candidate is a prepared row
// when the input has rows that describe a person by a value of their own (else nothing tells
// the template from a register of places), its template fields' values are every row's that
// has one, and its number (if any) is its row's position less a small offset, the same for
// every candidate: a row number.
func (r *Reader) releaseTemplate() {
	held := r.tmplHeld
	r.tmplHeld, r.tmplRows = nil, 0
	if len(held) == 0 {
		return
	}
	t := &r.tmpl
	prepared := map[tmplKey]bool{}
	if t.real > 0 {
		// A row number is the row's position less the rows above the first (a header, a
		// title): one offset, small, for every candidate of the column.
		// A single number is no evidence: two at least (a count of 3 on line 5 is no row number).
		offset, notRow, n := map[string]int64{}, map[string]bool{}, map[string]int{}
		for _, c := range t.cands {
			if c.col == "" {
				continue
			}
			d := int64(c.line) - c.num
			if o, ok := offset[c.col]; ok && o != d || d < 0 || d > maxRowNumberOffset {
				notRow[c.col] = true
			}
			offset[c.col] = d
			n[c.col]++
		}
		for col, k := range n {
			notRow[col] = notRow[col] || k < 2
		}
		constant := t.seen &^ t.varied
		for _, c := range t.cands {
			if c.mask&^constant == 0 && (c.col == "" || !notRow[c.col]) {
				prepared[c.tmplKey] = true
			}
		}
	}
	t.cands = nil
	for _, h := range held {
		c := h.chunk
		if !h.dittoHead {
			h.chunk = nil // kept for a ditto's row above (accept)
		}
		hit := false
		for _, cd := range h.tmpl.cands {
			hit = hit || prepared[cd.tmplKey]
		}
		if hit && c != nil {
			for _, rec := range h.recs {
				rec.Release()
			}
			if r.again == nil {
				r.again = newWorker(r.eng.conf)
			}
			r.again.prepared = prepared
			if h.dittoHead {
				// the row above its first row is the last accepted chunk's (see dittoAgain)
				head := r.last
				head.seq = 0
				r.again.head = &head
			}
			res := r.again.do(c)
			r.again.prepared, r.again.head = nil, nil
			res.final, res.err, res.line, res.sheet, res.notices, res.skipped = h.final, h.err, h.line, h.sheet, h.notices, h.skipped
			for _, rj := range res.rejected {
				if rj.Reason == errTemplateRow.Error() {
					r.templated++
				}
			}
			h = res
		}
		r.accept(h)
	}
}

// accept takes a result's records and counts, in input order.
func (r *Reader) accept(res *result) {
	if res.dittoHead && res.chunk != nil {
		res = r.dittoAgain(res) // its first row repeats the remark of r.last's row
	}
	r.rows += res.rows
	r.rejected = append(r.rejected, res.rejected...)
	for _, col := range res.unknown {
		if r.json {
			if h := hideValueKeys(col); h != col {
				if slices.Contains(r.unknown, h) {
					continue
				}
				col = h
			}
		}
		r.unknown = append(r.unknown, col)
	}
	r.notices = append(r.notices, res.notices...)
	if r.identCol == "" {
		r.identCol = res.identCol
	}
	if r.dateCol == "" {
		r.dateCol = res.dateCol
	}
	if res.colAt != nil {
		r.colAt = res.colAt
	}
	r.skipped = append(r.skipped, res.skipped...)
	for i, n := range res.others {
		if n > 0 {
			r.others[vocabFields[i].field] += n
		}
	}
	if res.otherOptions > 0 {
		r.others[TypeOfExploitation] += res.otherOptions
	}
	r.nameless += res.nameless
	r.blank += res.blank
	r.fieldless += res.fieldless
	r.ageAtExport += res.ageAtExport
	if res.ageNoDOB > 0 && r.ageNoDOB == 0 {
		r.ageCol = res.ageCol
	}
	if r.primeroCol == "" {
		r.primeroCol, r.primeroShort = res.primeroCol, res.primeroShort
	}
	r.ageNoDOB += res.ageNoDOB
	r.placeholders.add(&res.placeholders)
	r.statuses += res.statuses
	r.statusCases += res.statusCases
	if r.droppedNot == 0 {
		r.droppedCol, r.droppedPos = res.droppedCol, res.droppedPos
	}
	r.droppedNot += res.droppedNot
	if r.typeOther == 0 {
		r.typeCol, r.typePos = res.typeCol, res.typePos
	}
	if r.roleOthers == 0 {
		r.roleCol, r.rolePos = res.roleCol, res.rolePos
	}
	r.countEv.join(res.countEv)
	r.roleVictims += res.roleVictims
	r.roleHeads += res.roleHeads
	r.roleOthers += res.roleOthers
	r.bareRoles = joinBare(r.bareRoles, res.bareRoles)
	r.typeTraf += res.typeTraf
	r.typeOther += res.typeOther
	r.typeListed += res.typeListed
	if r.typeOtherS == 0 {
		r.typeColS, r.typePosS = res.typeColS, res.typePosS
	}
	if r.archived == 0 {
		r.archivedCol = res.archivedCol
	}
	r.archived += res.archived
	if r.qaFailed == 0 {
		r.qaCol = res.qaCol
	}
	r.qaFailed += res.qaFailed
	r.typeTrafS += res.typeTrafS
	r.typeOtherS += res.typeOtherS
	r.typeListedS += res.typeListedS
	r.typeUnknown += res.typeUnknown
	if r.formFree == 0 {
		r.formFreeCol = res.formFreeCol
	}
	r.formFree += res.formFree
	r.kept += res.kept
	r.described += res.described
	r.placed = r.placed || res.placed
	r.codes.add(res.codes)
	if len(res.ids) > 0 {
		r.dupIDs = append(r.dupIDs, res.ids)
	}
	r.dupShapes |= res.shapes
	r.alsoRegistered += res.alsoRegistered
	r.heldReviews += res.heldReviews
	r.longDenials += res.longDenials
	for _, c := range res.sayersRead {
		r.sayersRead = addCol(r.sayersRead, c.col, c.n)
	}
	r.totals.join(&res.totals)
	r.dittos += res.dittos
	if r.dittoLost == 0 {
		r.dittoAt = res.dittoAt
	}
	r.dittoLost += res.dittoLost
	for _, d := range res.doCols {
		r.doCols = addDo(r.doCols, d)
	}
	r.unreadRemarks += res.unreadRemarks
	// "Same person as above" on a chunk's first rows: the row above is the last chunk's
	for _, d := range res.dups {
		if d.target == aboveUnresolved {
			if d.target, d.shape = resolveAbove(r.last, r.lastRows, d.sheet); d.target == 0 {
				r.dupIDs = append(r.dupIDs, d.own) // the row above read: nothing to check
				continue
			}
		}
		r.dups = append(r.dups, d)
	}
	if res.rows > 0 {
		last := res.last
		if last.kind == aboveDup && last.target == aboveUnresolved {
			last.target, last.shape = resolveAbove(r.last, r.lastRows, last.sheet)
		}
		r.last, r.lastRows = last, res.rows
	}
	r.genders += res.genders
	if res.part != "" && res.partPos > 0 {
		if r.sheetPos == nil {
			r.sheetPos = map[string]int{}
		}
		r.sheetPos[res.part] = res.partPos
	}
	if res.part != "" && genderWord(res.part) && !slices.Contains(r.genderSheets, res.part) {
		r.genderSheets = append(r.genderSheets, res.part)
	}
	r.provinces += res.provinces
	r.origins += res.origins
	r.forms += res.forms
	r.aged += res.aged
	r.dated += res.dated
	if res.part != "" && yearName(res.part) && !slices.Contains(r.yearSheets, res.part) {
		r.yearSheets = append(r.yearSheets, res.part)
	}
	if res.part != "" && !slices.Contains(r.provinceSheets, res.part) {
		if _, ok := geo.LookupProvinceAnywhere(res.part); ok {
			r.provinceSheets = append(r.provinceSheets, res.part)
		}
	}
	r.long.add(res.long)
	for k := range res.phCodes {
		for _, e := range res.phCodes[k] {
			to := phCodeOf(&r.phCodes[k], e.cc)
			if e.rows > 0 && to.rows == 0 {
				to.v, to.prov, to.col = e.v, e.prov, e.col
			}
			to.rows += e.rows
			to.codes += e.codes
		}
	}
	for k, e := range res.na {
		if e.rows > 0 && r.na[k].rows == 0 {
			r.na[k].line, r.na[k].sheet, r.na[k].col = e.line, e.sheet, e.col
		}
		r.na[k].rows += e.rows
		r.na[k].codes += e.codes
		r.na[k].other += e.other
	}
	for i, n := range res.unplaced {
		if n > 0 {
			r.unplaced[schema.Cases.Field(places[i][1]).Name] += n
		}
	}
	for i := range places {
		r.countryNamed[i] += res.countryNamed[i]
		r.abroad[i] += res.abroad[i]
		r.defaultUnplaced[i] += res.defaultUnplaced[i]
		r.placeRead[i] += res.placeRead[i]
		r.cityRead[i] += res.cityRead[i]
	}
	for i, n := range res.unknownDistricts {
		if n > 0 {
			r.unplaced[schema.Cases.Field(places[i][2]).Name] += n
		}
	}
	r.pending = append(r.pending, res.recs...)
	for range res.recs {
		r.parts = append(r.parts, res.part)
	}
}

// orderDates decides each date column's day/month order from the first value that proves it,
// in input order, and refuses an input whose column proves both orders, or whose values fit
// both and never prove either (then date_order must say). Values that fit both orders are read
// day first while the order is unknown; their results are held, and converted again if the
// order turns out month first (see redo).
func (r *Reader) orderDates(res *result) error {
	o := r.eng.conf.orders
	for k := range dateFields {
		dmy, mdy := res.dates.dmy[k], res.dates.mdy[k]
		r.proofs[k] += res.dates.proofs[k]
		r.fitBoth[k] += res.dates.fitBoth[k]
		r.textProof[k] = r.textProof[k] || dmy > 0 || mdy > 0
		if n := res.dates.serials[k]; n > 0 {
			r.serials[k] += n
			r.bigDays[k] += res.dates.bigDays[k]
			r.serialAt[k] = res.dates.serialAt[k]
		}
		if dmy > 0 && mdy > 0 {
			return r.bothOrders(res, k, dmy, mdy, "", "")
		}
		if (dmy > 0 || mdy > 0) && o.fixed == orderUnknown {
			proves, line := orderDMY, dmy
			if mdy > 0 {
				proves, line = orderMDY, mdy
			}
			switch got := o.get(k); {
			case got == orderUnknown:
				o.by[k].Store(uint32(proves))
				r.orderLine[k] = line
				r.orderSheet[k] = res.dates.dmySheet[k]
				if mdy > 0 {
					r.orderSheet[k] = res.dates.mdySheet[k]
				}
				r.orderCol[k] = columnOf(res, dateFields[k])
			case got != proves && proves == orderDMY:
				return r.bothOrders(res, k, line, r.orderLine[k], res.dates.dmySheet[k], r.orderSheet[k])
			case got != proves:
				return r.bothOrders(res, k, r.orderLine[k], line, r.orderSheet[k], res.dates.mdySheet[k])
			}
		}
	}
	if res.final {
		if err := r.excelSwapped(); err != nil {
			return err
		}
	}
	if res.final && len(r.held) > 0 && !r.settled() {
		for k := range dateFields {
			for _, h := range r.held {
				if h.dates.provisional[k] && o.get(k) == orderUnknown {
					return &ParseError{File: RedactURL(r.name), Sheet: sheetOf(h), Column: columnOf(h, dateFields[k]),
						Field: fieldName(dateFields[k]), Err: ErrDateOrder}
				}
			}
		}
	}
	return nil
}

// swappedMin is how many date cells of a column, none with a day above 12, excelSwapped needs:
// for dates spread over the month, ten days all of 12 or less come by chance about once in
// 10,000 columns.
const swappedMin = 10

// excelSwapped refuses a workbook date column whose text dates prove a day/month order while
// none of its at least swappedMin date cells has a day above 12: the signature of day-first
// dates typed (or a CSV opened) in a month-first Excel, which stored those that fit both
// orders as dates with day and month swapped and kept the others as text
// (attack-2026-12-01d: 156 of 400 dates swapped, no notice).
func (r *Reader) excelSwapped() error {
	for k := range dateFields {
		if !r.textProof[k] || r.serials[k] < swappedMin || r.bigDays[k] > 0 {
			continue
		}
		return &ParseError{File: RedactURL(r.name), Sheet: r.serialAt[k][0], Column: r.serialAt[k][1], Field: fieldName(dateFields[k]),
			Err: fmt.Errorf("%w: its %d date cells all have a day of 12 or less while its dates written as text prove the day/month order", ErrExcelSwapped, r.serials[k])}
	}
	return nil
}

// settled reports whether every held result's provisional date columns have an order.
func (r *Reader) settled() bool {
	o := r.eng.conf.orders
	for _, h := range r.held {
		for k, p := range h.dates.provisional {
			if p && o.get(k) == orderUnknown {
				return false
			}
		}
	}
	return true
}

// redo converts a held chunk again when a column it read provisionally day first proved to be
// month first; otherwise its result stands.
func (r *Reader) redo(h *result) *result {
	o := r.eng.conf.orders
	again := false
	for k, p := range h.dates.provisional {
		again = again || (p && o.get(k) == orderMDY)
	}
	c := h.chunk
	h.chunk = nil
	if !again || c == nil {
		if len(h.tmpl.cands) > 0 || h.dittoHead {
			h.chunk = c // for template, or for a ditto's row above (accept)
		}
		return h
	}
	for _, rec := range h.recs {
		rec.Release()
	}
	if r.again == nil {
		r.again = newWorker(r.eng.conf)
	}
	res := r.again.do(c)
	res.final, res.err, res.line, res.sheet, res.notices, res.skipped = h.final, h.err, h.line, h.sheet, h.notices, h.skipped
	return res
}

// bothOrders refuses a date field written day first on line dmyLine and month first on
// mdyLine; dmySheet and mdySheet are those lines' sheets when they are not the same ("" when
// they are the result's own): each line is named with its sheet then (attack-2026-12-04e, lows:
// line 2 of sheet "2023" was said of sheet "2024").
func (r *Reader) bothOrders(res *result, k, dmyLine, mdyLine int, dmySheet, mdySheet string) error {
	col := columnOf(res, dateFields[k]) // "" once the result's chunk is released: the evidence's
	if col == "" {
		col = res.dates.col[k]
	}
	if col == "" {
		col = r.orderCol[k]
	}
	col = detect.Label(col, "") // a header mapped onto a date field: withheld all the same if it looks like data
	if r.eng.conf.hinted[k].Load() && (dmyLine == 0 || mdyLine == 0) {
		// The order came from the column's format hint ("(dd/mm/yyyy)"), not from a line.
		hint, line, other := "day first", mdyLine, "month first"
		if dmyLine != 0 {
			hint, line, other = "month first", dmyLine, "day first"
		}
		return &ParseError{File: RedactURL(r.name), Sheet: sheetOf(res), Column: col, Field: fieldName(dateFields[k]),
			Err: fmt.Errorf("%w: the column's name says %s (its format hint), line %d is %s", ErrDateOrders, hint, line, other)}
	}
	if dmySheet != mdySheet {
		return &ParseError{File: RedactURL(r.name), Column: col, Field: fieldName(dateFields[k]),
			Err: fmt.Errorf("%w: line %d of sheet %q is day first, line %d of sheet %q month first", ErrDateOrders, dmyLine, dmySheet, mdyLine, mdySheet)}
	}
	return &ParseError{File: RedactURL(r.name), Sheet: sheetOf(res), Column: col, Field: fieldName(dateFields[k]),
		Err: fmt.Errorf("%w: line %d is day first, line %d month first", ErrDateOrders, dmyLine, mdyLine)}
}

func sheetOf(res *result) string {
	if res.chunk != nil && res.chunk.lay != nil {
		return res.chunk.lay.sheet
	}
	return res.sheet
}

// columnOf names the column of field f in the result's chunk, when it has one layout.
func columnOf(res *result, f int) string {
	if res.chunk != nil && res.chunk.lay != nil {
		for j, g := range res.chunk.lay.fields {
			if g == f {
				return res.chunk.lay.cols[j]
			}
		}
	}
	return ""
}

// utcText refuses an input whose date column holds instants written in UTC at a time of day
// other than midnight (errUTCText), as a Parquet input's TIMESTAMPTZ is refused
// (errUTCInstant): each such row would be quarantined, every row of an ODK export's
// SubmissionDate but those made at midnight UTC, and the fix (time_zone:) is the input's, not
// a row's (attack-2026-12-02g's lows).
func (r *Reader) utcText() error {
	n, at := 0, -1
	for i, rj := range r.rejected {
		if rj.Reason == errUTCText.Error() {
			if n++; at < 0 {
				at = i
			}
		}
	}
	if n == 0 {
		return nil
	}
	first := r.rejected[at]
	return &ParseError{File: first.File, Sheet: first.Sheet, Line: first.Line, Column: first.Column, Field: first.Field,
		Err: fmt.Errorf("%w: %d rows hold %s", ErrUTCText, n, errUTCText)}
}

// Close stops reading: it releases the records not yet returned and stops the goroutines.
// Reading to io.EOF does the same; Close after that does nothing.
func (r *Reader) Close() error {
	r.done = true
	r.releasePending()
	for _, h := range append(r.held, r.tmplHeld...) {
		for _, rec := range h.recs {
			rec.Release()
		}
	}
	r.held, r.tmplHeld = nil, nil
	if r.again != nil {
		r.again.release()
		r.again = nil
	}
	if r.eng != nil {
		r.eng.stop()
	}
	return nil
}

func (r *Reader) releasePending() {
	r.parts = nil
	for _, rec := range r.pending {
		rec.Release()
	}
	r.pending = nil
}

// oldSpreadsheet names the spreadsheet formats that are not read, by their extension (an old
// Excel workbook, an OpenDocument or Numbers one), so that the error says what to do: "" for
// any other name.
func oldSpreadsheet(name string) string {
	if i := strings.IndexAny(name, "?#"); i >= 0 && strings.Contains(name, "://") {
		name = name[:i]
	}
	switch strings.ToLower(strings.TrimRight(filepath.Ext(strings.TrimRight(name, " ")), " ")) {
	case ".xls", ".xlsb", ".xlt":
		return "an Excel workbook in an older format (.xls or .xlsb), which is not read"
	case ".ods", ".fods":
		return "an OpenDocument spreadsheet (.ods), which is not read"
	case ".numbers":
		return "a Numbers spreadsheet, which is not read"
	}
	return ""
}

// sniffFormat guesses a format from the first bytes.
func sniffFormat(br *bufio.Reader) Format {
	b, _ := br.Peek(512)
	switch {
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		return XLSX
	case bytes.HasPrefix(b, []byte("PAR1")):
		return Parquet
	}
	t := bytes.TrimLeft(b, " \t\r\n\xef\xbb\xbf")
	if len(t) > 0 && (t[0] == '[' || t[0] == '{') {
		return JSON
	}
	return CSV
}

// producer splits one input into chunks of rows, in order. It runs in its own goroutine and
// owns the column resolver; a file-level problem is its return value.
type producer interface {
	produce(e *emitter) error
}

// chunk is a piece of the input for one worker: complete CSV records as text, or rows already
// split into cells.
type chunk struct {
	lay     *layout
	text    []byte // CSV: whole records
	blank   int    // XLSX: rows of empty cells the producer skipped
	plain   bool   // CSV: text holds no quote
	line    int    // CSV: line number of text's first line
	rows    []srow
	unknown []string // columns first seen in this chunk
	// colAt: the columns every header read so far holds at one position (resolver.positions),
	// so that a reader stopped before the input's end (the pipeline's strict mode) still names
	// a withheld column of a rejection by its position (Reader.ColumnPosition)
	colAt map[string]int
}

// layout says which field each column of positional rows maps onto.
type layout struct {
	delim byte // CSV only
	// CSV: the last column has no name (a header ending with the delimiter), so a row may
	// leave it out; and a row may end with one empty field more than the header has
	trailEmpty bool
	cols       []string // column names, for rejections
	fields     []int    // field index per column, -1 for none
	// CSV: the field each column names before Reader.Omit (-1 for none), which says whether its
	// quoted values may hold line breaks (see strayQuote)
	named []int
	sheet string // XLSX sheet name, for positions
	pos   int    // XLSX: the sheet's 1-based position in the workbook (sheet_defaults' "#2")
	// XLSX: the defaults of the sheet (Mapping.SheetDefaults), before the mapping's
	defaults []fieldValue
	serial   bool // date fields may hold Excel serial numbers
	date19   bool // serial numbers count from 1904 (old Mac workbooks)
	// XLSX: the sheets' form sections joined by case number (joinSections), nil otherwise
	join *sectionJoin
}

// srow is one row of a non-CSV input: positional values (per the chunk's layout) or cells with
// their field already resolved. bad, when set, quarantines the row with that reason.
type srow struct {
	vals  []string
	cells []fcell
	line  int
	bad   string
	// cells: a record up to this one mapped a field other than age (see worker.countRow)
	others bool
	// a row of joined sections (layout.join): its line in each section (0 where absent), and
	// the section whose row a rejection naming no column is about
	lines []int
	at    int
}

type fcell struct {
	f   int
	col string
	val string
}

// result is what a worker made of a chunk, or the producer's final word.
type result struct {
	recs     []arrow.RecordBatch
	rows     int
	rejected []Rejection
	unknown  []string
	others   [2]int // per vocabFields
	unplaced [2]int // per places: provinces not known, left empty
	// per places: of them, those in a default country (see Reader.Notices)
	defaultUnplaced [2]int
	// per places: province values read as a country (countryNamed) or as abroad in a country
	// not recorded (abroad), in place of a default country (see placeElsewhere)
	countryNamed, abroad [2]int
	// per places: cities of the gazetteer and values writing their country (or a path's)
	// read in that country, in place of the default or none (see placeElsewhere)
	placeRead [2]int
	// per places: cities of the row's own country read as the province they lie in
	// ("Jalalabad" under AF: see placeElsewhere)
	cityRead [2]int
	// per places: districts that are no known place (not in the source's vocabulary nor the
	// gazetteer), withheld
	unknownDistricts [2]int
	// exploitation labels of no known form counted as other (Mapping.UnknownOptions)
	otherOptions int
	// CSV rows with a value in the header's unnamed last column (layout.trailEmpty)
	nameless int
	blank    int // rows of only empty values, skipped (see Reader.Blank)
	// rows read with values only in columns that map onto no field (see Reader.Notices)
	fieldless    int
	ageAtExport  int // rows whose age is the one on the export's day (see conf.ageAtExport)
	ageNoDOB     int // rows whose age came without a date of birth (see Reader.primeroAge)
	placeholders placeholderEvidence
	ageCol       string // the column of the first of them
	primeroCol   string // a column of Primero's beside it (case_id_display, owned_by, record_state)
	primeroShort bool   // primeroCol is the list view's Id of short ids
	statuses     int    // rows read with a trafficking status (see Reader.Statuses)
	statusCases  int    // those whose status is not "not"
	droppedNot   int    // rows kept without a status whose dropped status column says not a victim (Reader.droppedStatus)
	droppedCol   string // the first such column
	droppedPos   int    // its 1-based position in its layout, or 0 (JSON: keyed by name)
	formFree     int    // values that are no yes or no in a column read as a form's flag by its name (Reader.formFree)
	formFreeCol  string // the first such column
	typeTraf     int    // rows kept without a status whose dropped case-type column names trafficking (Reader.caseTypes)
	typeOther    int    // and those whose names another type
	typeListed   int    // of typeOther, those whose type is a listed one (caseTypeValue)
	typeCol      string // the first such column of another type
	typePos      int    // its 1-based position in its layout, or 0
	// rows kept with a status that is not "not" whose dropped case-type column (caseTypeNamed)
	// names trafficking (caseTypeValue), and those whose names a listed other type; the first
	// such column
	typeTrafS, typeOtherS int
	// of typeOtherS, those whose type is a listed one (caseTypeValue), not "Other"
	typeListedS int
	// rows of either whose value names no known type (unknownType: "Fraud", "Missing")
	typeUnknown int
	// rows a column of the register marks archived (archiveNames, Reader.archivedRows), and
	// the first such column
	archived    int
	archivedCol string
	// rows a quality check's column of the register marks failed (qaNames, Reader.qaFailedRows),
	// and the first such column
	qaFailed    int
	qaCol       string
	typeColS    string
	typePosS    int
	countEv     countEvidence // a dropped column of a count name in a JSON, NDJSON or Parquet input (Reader.countColumn)
	roleVictims int           // rows kept (not with status "not") whose dropped role column names a victim (Reader.roles)
	roleOthers  int           // and those whose names a witness, a suspect or another person of the case
	roleHeads   int           // of roleVictims, a roster's head of household (Reader.roles' wording)
	roleCol     string        // the first such column of another person
	rolePos     int           // its 1-based position in its layout, or 0
	bareRoles   []bareRoles   // per other dropped column (roleBare), rows whose bare role word names a victim or another person
	genders     int           // rows read with a gender (see Reader.Genders)
	provinces   int           // rows read with a province of exploitation (see Reader.Provinces)
	origins     int           // rows read with a province of origin (see Reader.OriginProvinces)
	forms       int           // rows read with a form of exploitation (see Reader.Forms)
	aged        int           // rows read with an age (a majority status other than unknown)
	dated       int           // rows read with a registration date, year or band of years
	kept        int           // rows kept (not quarantined)
	identCol    string        // final: see resolver.identCol
	dateCol     string        // final: see resolver.dateCol
	described   int           // 1 once a kept row has a value of its own for a field of a person or case
	placed      bool          // a kept row has a place of its own (and, till then, nothing that describes)
	codes       *codeEvidence // JSON: what tells a code list (see codeListJSON)
	ids         []uint64      // hashed ids of rows a duplicate mark may name (see duplicateMark)
	shapes      uint64        // shapeBits of the ids remarkIDs keeps
	dups        []dupMark     // rows quarantined as marked duplicates
	last        aboveRow      // the chunk's last row so far (see aboveRow)

	// kept rows' ids and genders, a last row of totals without its label (totalsRow)
	totals totalsEvidence
	// the chunk's first row repeats the remark above, another chunk's (see ditto): converted
	// again by Reader.accept with that row
	dittoHead bool
	dittos    int       // rows whose remark repeats the row above's, read as it (Reader.dittoNotice)
	dittoLost int       // rows whose remark repeats the row above's with no row above (ErrDittoUnresolved)
	dittoAt   Rejection // the first of them
	doCols    []doCount // per naming column: its values, bare "Do"s and other dittos (see bareDo)
	// rows read whose remark says the person is registered by another organisation too (alsoRegistered)
	alsoRegistered int
	unreadRemarks  int        // rows read whose remark is in a script the remark checks do not read (unreadScript)
	heldReviews    int        // rows read whose review status doubts them without rejecting them (heldReviews)
	longDenials    int        // rows read whose long remark denies the victim in a clause not judged (longDenial)
	sayersRead     []colCount // rows read whose remark's sayers disagree (sayersDisagree), by column
	long           longQuote
	dates          dateEvidence
	na             [3]naEvidence       // per countryFields
	phCodes        [2][]phCodeEvidence // per places, per country (see Reader.placeholderCodes)
	tmpl           tmplStats           // a register's prepared rows (see worker.templateRow)
	// kept when dates were read in a provisional order, or the chunk has prepared rows
	chunk   *chunk
	notices []string
	skipped []SkippedSheet
	part    string // the sheet the records' rows came from (a workbook's), see Reader.Sheet
	partPos int    // its 1-based position in the workbook
	final   bool   // the input is done; err says whether it failed
	err     error
	line    int
	sheet   string
	// the columns every header read so far holds at one position (see resolver.positions);
	// the final result's are the whole input's
	colAt map[string]int
}

type job struct {
	c   *chunk
	out chan *result
}

// engine runs one producer and its workers. order holds one future per chunk in input order;
// its capacity bounds the chunks (and so the memory) in flight.
type engine struct {
	conf     *conf
	gcRaised atomic.Bool // raiseGC was called and lowerGC not yet
	ctx      context.Context
	cancel   context.CancelFunc
	order    chan chan *result
	wg       sync.WaitGroup // the workers
	stopped  bool
	finished bool
	res      *resolver // the producer's: read once finished (Reader.MissingColumns)
}

// emitter hands chunks from the producer to the workers and futures to the reader.
type emitter struct {
	ctx   context.Context
	conf  *conf
	order chan chan *result
	work  chan job
	res   *resolver
	in    io.Reader
	// notices are the producer's (see Reader.Notices), handed on with the final result.
	notices []string
	skipped []SkippedSheet // see Reader.SkippedSheets
	// colAt is resolver.positions after the headers-th header, made again only after another
	// header (a workbook's next sheet)
	colAt   map[string]int
	headers int
}

// emit queues c; false when the reader has stopped.
func (e *emitter) emit(c *chunk) bool {
	c.unknown = e.res.takeUnknown()
	if e.colAt == nil || e.headers != e.res.headers {
		e.colAt, e.headers = e.res.positions(), e.res.headers
	}
	c.colAt = e.colAt
	out := make(chan *result, 1)
	select {
	case e.order <- out:
	case <-e.ctx.Done():
		return false
	}
	select {
	case e.work <- job{c, out}:
		return true
	case <-e.ctx.Done():
		return false
	}
}

func startEngine(c *conf, p producer, in io.Reader, workers int) *engine {
	ctx, cancel := context.WithCancel(context.Background())
	e := &engine{conf: c, ctx: ctx, cancel: cancel, order: make(chan chan *result, 2*workers+2)}
	// The garbage collector paces itself by the live heap, which is small here (chunks and
	// records come and go), so it would run every few megabytes of records. While any reader
	// runs, the collector's percentage is raised (see raiseGC); it comes back when reading stops.
	e.gcRaised.Store(raiseGC())
	em := &emitter{ctx: ctx, conf: c, order: e.order, work: make(chan job), res: newResolver(c.mapping, c.omit)}
	em.res.orders, em.res.hinted = c.orders, &c.hinted
	e.res = em.res
	em.in = in
	e.wg.Add(workers)
	go func() {
		defer close(em.work)
		err := p.produce(em)
		fin := &result{final: true, err: err, unknown: em.res.takeUnknown(), notices: append(em.notices, em.res.notes...), skipped: em.skipped, identCol: em.res.identCol, dateCol: em.res.dateCol, colAt: em.res.positions()}
		if pe, ok := err.(*posError); ok {
			fin.err, fin.line, fin.sheet = pe.err, pe.line, pe.sheet
		}
		out := make(chan *result, 1)
		out <- fin
		select {
		case e.order <- out:
		case <-ctx.Done():
		}
	}()
	for range workers {
		go func() {
			defer e.wg.Done()
			w := newWorker(c)
			defer w.release()
			for {
				select {
				case j, ok := <-em.work:
					if !ok {
						return
					}
					j.out <- w.do(j.c)
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	return e
}

// restoreGC undoes the engine's raiseGC, once.
func (e *engine) restoreGC() {
	if e.gcRaised.Swap(false) {
		lowerGC()
	}
}

// next returns the next result in input order.
func (e *engine) next() *result {
	select {
	case out := <-e.order:
		select {
		case res := <-out:
			return res
		case <-e.ctx.Done():
		}
	case <-e.ctx.Done():
	}
	return &result{final: true, err: errors.New("reader closed")}
}

// stop cancels the goroutines, waits for the workers and releases results nobody will read.
func (e *engine) stop() {
	if e.stopped {
		return
	}
	e.stopped = true
	e.restoreGC()
	e.cancel()
	e.wg.Wait()
	for {
		select {
		case out := <-e.order:
			select {
			case res := <-out:
				for _, rec := range res.recs {
					rec.Release()
				}
			default:
			}
		default:
			return
		}
	}
}

// readingGCPercent is the garbage collector's percentage while readers run: the live heap
// is a dozen megabytes of chunks and records, so the default 100 would collect every dozen
// megabytes allocated. (An earlier 64 MiB ballast did the same, but it was zeroed on every
// start.) A variable for benchmarks.
var readingGCPercent = 800

var gcMu sync.Mutex
var gcReaders int // readers running with the percentage raised
var gcSaved int   // the percentage before the first of them

// raiseGC raises the collector's percentage to readingGCPercent for the running readers; it
// never lowers it (GOGC=off or above stays). It reports whether lowerGC must be called.
func raiseGC() bool {
	gcMu.Lock()
	defer gcMu.Unlock()
	if gcReaders == 0 {
		old := debug.SetGCPercent(readingGCPercent)
		if old < 0 || old >= readingGCPercent {
			debug.SetGCPercent(old)
			return false
		}
		gcSaved = old
	}
	gcReaders++
	return true
}

// lowerGC restores the percentage when the last running reader stops.
func lowerGC() {
	gcMu.Lock()
	defer gcMu.Unlock()
	gcReaders--
	if gcReaders == 0 {
		debug.SetGCPercent(gcSaved)
	}
}

// posError is a file-level error at a place in the input.
type posError struct {
	err   error
	line  int
	sheet string
}

func (e *posError) Error() string { return e.err.Error() }
func (e *posError) Unwrap() error { return e.err }

func atLine(line int, err error) error { return &posError{err: err, line: line} }
