package ingest

import (
	"fmt"
	"hash/maphash"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/prevalence/prevalence/schema"
)

// Side files of an exports folder: a delimited file beside the case exports that is no export of
// cases (the programme's list of centres, a code list of the form's choices, a summary of counts
// per group). Read as cases, each row would be a person of whom nothing or one value is known:
// ten shelters became ten victims. A workbook's sheets are told apart so (xlsxProducer.choose);
// a CSV is one table, so it is judged alone, by its header and, when it is small enough to be
// held whole (one chunk), by its rows.

// attributeField reports whether a field describes a person or a case (gender, age, a date of
// birth, registration, places, forms, status): every field but identifiers (names, case and
// other numbers, contacts, notes) and the source.
func attributeField(f int) bool {
	switch f {
	case fAge, fTOE, iDOB:
		return true
	case fFirst, fMiddle, fLast, iSource, -1:
		return false
	}
	return f < nSchema && schema.Fields()[f].Role != schema.Identifier
}

// placeField reports whether a field is a place (a country, province, district or region of
// exploitation or origin): a list of centres, staff or contacts gives one beside each name, so
// a place alone does not say that a row is a case.
func placeField(f int) bool {
	if f < 0 || f >= nSchema {
		return false
	}
	switch schema.Fields()[f].Name {
	case schema.CountryOfOrigin, schema.ProvinceOfOrigin, schema.DistrictOfOrigin,
		schema.CountryOfExploitation, schema.ProvinceOfExploitation, schema.DistrictOfExploitation,
		schema.RegionOfExploitation:
		return true
	}
	return false
}

// describingField reports whether a field's value says that a row is a case: an attribute of a
// person or case that is no place (gender, age, a date, a form, a status, citizenship).
func describingField(f int) bool { return attributeField(f) && !placeField(f) }

// listField reports whether a field's values come from a short list (a gender, a country, a
// form, a status), so that a list of them, one row per value, is a code list: not an age, a
// date, a year or a district, whose values are many.
func listField(f int) bool {
	if f == fTOE {
		return true
	}
	if f < 0 || f >= nSchema || f == iYear {
		return false
	}
	sf := schema.Fields()[f]
	switch sf.Name {
	case schema.DistrictOfOrigin, schema.DistrictOfExploitation:
		return false
	}
	return sf.Role != schema.Identifier && sf.Type == schema.Fields()[iGender].Type
}

// errSideFile wraps the refusals of sideFile, for tests.
var errSideFile = ErrNotCases

// sideFile judges a delimited input by its header (lay) and, when whole is true, by its rows
// (data, after the header): it returns a non-nil skip when the input is certainly a summary of
// counts (read nothing; see skipFile), and an error when it is not certain to hold cases (only
// identifiers mapped, a code list, a summary that may be one). A config that names the input
// exactly (namesInput) says its rows are cases: then only a certain summary is refused.
func sideFile(m *Mapping, lay *layout, data []byte, delim byte, whole bool) (*SkippedSheet, error) {
	named := namesInput(m)
	var fields []int
	for _, f := range lay.fields {
		if f >= 0 && !slices.Contains(fields, f) {
			fields = append(fields, f)
		}
	}
	var genderOnly error
	if !named {
		ident, gender := sideFields(fields, lay.cols, "move it out of the folder of exports", "name the file exactly with match: under sources: in the config")
		if ident != nil {
			return nil, ident
		}
		genderOnly = gender
	}
	if !whole {
		return nil, genderOnly
	}
	if col, exact := summaryColumn(m, lay.cols); col >= 0 {
		sum := newSummaryScan(m, lay.cols, col)
		eachRecord(data, delim, func(rec []string) { sum.add(rec) })
		switch r := summaryKind(sum.result(), exact); {
		case r == summaryCertain && named:
			return nil, fmt.Errorf("%w: %s holds counts, no column identifies a person and no two rows describe the same group: "+
				"a summary, not one row per case; if its rows are cases, map the column under columns: (as drop, or onto its field)", errSideFile, columnAt(lay.cols[col], col+1))
		case r == summaryCertain:
			return &SkippedSheet{Rows: sum.rows + 1, Reason: fmt.Sprintf("a summary (its %s holds counts per group), not one row per case", columnAt(lay.cols[col], col+1))}, nil
		case r == summaryUnsure:
			return nil, fmt.Errorf("%w: its %s holds whole numbers under a name for counts, so it may be a summary, not one row per case; "+
				"if its rows are cases, map the column under columns: (as drop, or onto its field)", errSideFile, columnAt(lay.cols[col], col+1))
		}
	}
	if !named && len(fields) > 0 && allOf(fields, listField) {
		if list, code := codeList(lay, data, delim); list {
			return nil, fmt.Errorf("%w: a code list: each row gives another value of %s, and %s another code, and no column tells people apart (a case number, a name, a date); "+
				"move it out of the folder of exports, or, if its rows are cases, name the file exactly with match: under sources: in the config",
				errSideFile, fieldNames(fields), columnAt(lay.cols[code], code+1))
		}
	}
	return nil, genderOnly
}

// sideFields judges the fields a table's header maps (cols: its column names) as sideFile and
// a workbook's sheets (xlsxProducer.choose) both do, for a table the config does not name. ident
// is its refusal when no column describes a person or a case (only identifiers and places: a
// list of centres, staff or contacts); gender when a gender is all that does and no column
// numbers a case (a list of shelters or staff with a gender column), which a summary's or a
// code list's refusal, saying more, goes before. An export of events (placements, follow-ups)
// read as cases maps only its case ids too: the pipeline refuses it with its own words
// (eventsAsCases), so neither is given for it. move and name are the two fixes: taking the
// table out of the exports, and naming it in the config so that its rows are read as cases.
func sideFields(fields []int, cols []string, move, name string) (ident, gender error) {
	if slices.ContainsFunc(cols, func(c string) bool { return EventColumn(c) || fold(c) == "event" || fold(c) == "eventtype" }) {
		return nil, nil
	}
	if !slices.ContainsFunc(fields, describingField) {
		what, fix := "identifiers", "map their columns under columns:"
		if slices.ContainsFunc(fields, placeField) {
			// A list of centres whose province column the config maps (its exports call
			// theirs "province" too): a place beside a name is all a centre's row gives.
			what, fix = "identifiers and places", name
		}
		return fmt.Errorf("%w: its only mapped columns are %s (%s): no column describes a person or a case (gender, age, date of birth, a date, a form or a status), "+
			"so it is no export of cases (a list of centres, staff or contacts?); %s, or, if its rows are cases, %s",
			errSideFile, what, fieldNames(fields), move, fix), nil
	}
	// A list of shelters (shelter, province, beds, gender) or of staff (name, gender, phone)
	// maps a gender and nothing else that describes a case: no date, age, form or status, and
	// no case number. Read as cases, each row was one more victim (attack-2026-12-02e finding 4).
	if !slices.Contains(fields, iCaseID) && !slices.ContainsFunc(fields, func(f int) bool { return describingField(f) && f != iGender }) {
		return nil, fmt.Errorf("%w: its only mapped columns are %s: besides a gender, no column describes a case (age, date of birth, a date, a form or a status) "+
			"and none numbers it, so it is no export of cases (a list of centres, staff or contacts?); %s, or, if its rows are cases, %s", errSideFile, fieldNames(fields), move, name)
	}
	// A list of the cases' relatives (case_id, guardian_name, relationship, sex, age, phone) or
	// of staff with an age (full_name, sex, age, designation, joining_date, phone) maps a gender
	// and an age, and nothing else that describes a case: no date, form, status or place. Read
	// as cases, 40 mothers doubled a register of 40 boys (attack-2026-12-02f finding 3).
	if slices.ContainsFunc(fields, describingField) && !slices.ContainsFunc(fields, func(f int) bool { return describingField(f) && !personAttr(f) }) {
		switch col := otherPeopleColumn(cols); {
		case col >= 0:
			return nil, fmt.Errorf("%w: its only mapped columns are %s: besides a person's gender and age, no column describes a case (a date, a form, a status or a place), "+
				"and its %s says whose the rows are (a relationship, a job): a list of the cases' relatives, contacts or staff, not an export of cases; %s, or, if its rows are cases, %s",
				errSideFile, fieldNames(fields), columnAt(cols[col], col+1), move, name)
		case !slices.Contains(fields, iCaseID) && !slices.ContainsFunc(fields, placeField) && slices.ContainsFunc(fields, contactField):
			return nil, fmt.Errorf("%w: its only mapped columns are %s: besides a person's gender and age, no column describes a case (a date, a form, a status or a place) "+
				"and none numbers it, while one names or reaches the person: no export of cases (a list of staff or contacts?); %s, or, if its rows are cases, %s", errSideFile, fieldNames(fields), move, name)
		}
	}
	// The same list numbered on its own and dated (guardian_id, name, sex, age, relationship,
	// registration_date): the date let it pass as cases, 40 guardians read as 40 adult women
	// (attack-2026-12-03a, lows). Its own numbers and a relationship, with no case number,
	// form, status or place, say whose the rows are.
	if col, id := otherPeopleColumn(cols), otherPeopleID(cols); col >= 0 && id >= 0 && !slices.Contains(fields, iCaseID) && !slices.ContainsFunc(fields, placeField) &&
		!slices.ContainsFunc(fields, func(f int) bool { return describingField(f) && !personAttr(f) && f != iReg && f != iYear }) {
		return nil, fmt.Errorf("%w: its only mapped columns are %s: besides a person's gender, age and a date, no column describes a case (a form, a status or a place) "+
			"and none numbers a case, while its %s numbers other people and its %s says whose the rows are: a list of the cases' relatives or contacts, not an export of cases; %s, or, if its rows are cases, %s",
			errSideFile, fieldNames(fields), columnAt(cols[id], id+1), columnAt(cols[col], col+1), move, name)
	}
	return nil, nil
}

// otherPeopleID returns the column of a header that numbers people other than the cases
// (guardian_id, parent_id, contact_id); -1 when none.
func otherPeopleID(cols []string) int {
	for i, c := range cols {
		switch fold(c) {
		case "guardianid", "guardianno", "parentid", "caregiverid", "relativeid", "contactid", "familymemberid", "memberid", "householdmemberid":
			return i
		}
	}
	return -1
}

// contactField reports whether a field names or reaches a person (a name, a phone number, an
// e-mail address): a list of staff or contacts has one beside each person.
func contactField(f int) bool {
	if f == fFirst || f == fMiddle || f == fLast {
		return true
	}
	if f < 0 || f >= nSchema {
		return false
	}
	switch schema.Fields()[f].Name {
	case schema.FullName, schema.Phone, schema.Email, schema.Alias:
		return true
	}
	return false
}

// personAttr reports whether a field describes a person whoever they are (a gender, an age, a
// date of birth), not a case: a list of staff or relatives gives them too.
func personAttr(f int) bool {
	switch f {
	case iGender, fAge, iDOB, iAgeBand, iMajority, schema.Index(schema.AgeAtRegistration):
		return true
	}
	return false
}

// otherPeopleColumn returns the column of a header whose name says that the rows are people
// other than the cases: a relationship to the case (a list of guardians or contacts) or a
// job (a list of staff); -1 when none.
func otherPeopleColumn(cols []string) int {
	for i, c := range cols {
		f := fold(c)
		switch {
		case strings.HasPrefix(f, "relation") && !strings.Contains(f, "recruit"),
			strings.HasSuffix(f, "relationship"), strings.HasSuffix(f, "relation"):
			return i
		}
		switch f {
		case "designation", "jobtitle", "job", "position", "post", "role", "department", "joiningdate",
			"dateofjoining", "joindate", "joinedon", "datejoined", "employeeid", "staffid", "employeeno", "staffno", "salary":
			return i
		}
	}
	return -1
}

// fieldNames lists fields' names for a message: "gender, full_name".
func fieldNames(fields []int) string {
	var names []string
	for _, f := range fields {
		if n := fieldName(f); !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	return strings.Join(names, ", ")
}

// codeList reports whether the rows of data are a code list: at least two, each mapped column's
// values all different (one row per value), and an unmapped column whose values are all
// present and different (the codes or labels), which it returns.
func codeList(lay *layout, data []byte, delim byte) (bool, int) {
	return codeListRows(len(lay.cols), func(i int) bool { return i < len(lay.fields) && lay.fields[i] >= 0 },
		func(fn func([]string)) { eachRecord(data, delim, fn) })
}

// codeListRows is codeList over the rows each gives of a table of ncols columns, of which
// mapped says which map onto a field (a workbook's sheet, a CSV).
func codeListRows(ncols int, mapped func(int) bool, each func(func([]string))) (bool, int) {
	seen := make([]map[string]bool, ncols)
	for i := range seen {
		seen[i] = map[string]bool{}
	}
	rows, ok := 0, true
	each(func(rec []string) {
		if !ok || blankVals(rec) {
			return
		}
		rows++
		for i := range ncols {
			v := ""
			if i < len(rec) {
				v = strings.ToLower(strings.TrimSpace(rec[i]))
			}
			mapped := mapped(i)
			switch {
			case v == "" && mapped:
				continue
			case v == "" || seen[i] == nil:
				seen[i] = nil // an unmapped column with a blank: no code
				continue
			case seen[i][v]:
				if mapped {
					ok = false // a value twice: people share it
					return
				}
				seen[i] = nil
				continue
			}
			seen[i][v] = true
		}
	})
	if !ok || rows < 2 {
		return false, -1
	}
	for i := range ncols {
		if !mapped(i) && seen[i] != nil && len(seen[i]) == rows {
			return true, i
		}
	}
	return false, -1
}

// eachRecord calls fn with each record of data (delimited text), whatever its quoting.
func eachRecord(data []byte, delim byte, fn func([]string)) {
	text := string(data)
	var rec []string
	for pos := 0; pos < len(text); {
		rec, pos, _ = parseRecord(text, pos, delim, rec[:0])
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		fn(rec)
	}
}

func allOf(fs []int, ok func(int) bool) bool {
	return !slices.ContainsFunc(fs, func(f int) bool { return !ok(f) })
}

// summaryScan tells whether a table with a column named for counts (col) is a summary (see
// scanSummary), row by row: it is one for certain when every value of the column is a whole
// number (at least one), no column identifies a person (personFields) and no two rows have
// the same values in the mapped columns (a summary has one row per group; people share a
// group). Whole numbers with a person's column or a repeated group are not certain either way.
// A value that is not a whole number says the column holds something else.
type summaryScan struct {
	col      int
	mapped   []int
	person   bool
	seen     map[uint64]bool
	hash     maphash.Hash
	counts   int
	rows     int
	repeated bool
	not      bool
	// serial: every value so far is its row's number (1, 2, 3, ...): a register's serial
	// column ("N", "Number"), not counts
	serial bool
}

func newSummaryScan(m *Mapping, header []string, col int) *summaryScan {
	s := &summaryScan{col: col, seen: map[uint64]bool{}, serial: true}
	for i, c := range header {
		name := m.sheetField(i, c)
		if name == "" {
			continue
		}
		base, _, _ := strings.Cut(name, "#")
		s.person = s.person || slices.Contains(personFields, base)
		s.mapped = append(s.mapped, i)
	}
	s.hash.SetSeed(maphash.MakeSeed())
	return s
}

// add takes one row below the header; blank rows are left out.
func (s *summaryScan) add(vals []string) {
	if s.not || blank(vals) {
		return
	}
	s.rows++
	if s.col < len(vals) {
		if v := strings.TrimSpace(vals[s.col]); v != "" {
			x, err := strconv.ParseFloat(v, 64)
			if err != nil || x < 0 || x != math.Trunc(x) {
				s.not = true
				return
			}
			s.counts++
			s.serial = s.serial && x == float64(s.rows)
		} else {
			s.serial = false
		}
	}
	s.hash.Reset()
	for _, i := range s.mapped {
		v := ""
		if i < len(vals) {
			v = strings.ToLower(strings.TrimSpace(vals[i]))
		}
		s.hash.WriteString(v)
		s.hash.WriteByte(0)
	}
	k := s.hash.Sum64()
	s.repeated = s.repeated || s.seen[k]
	s.seen[k] = true
}

func (s *summaryScan) result() int {
	switch {
	case s.not || s.counts == 0 || s.serial && s.rows > 1:
		return summaryNot
	case s.person || s.repeated:
		return summaryUnsure
	}
	return summaryCertain
}

// maxCodeRows is the most records a JSON code list is judged over: a list of a field's values
// is short (the countries, about 250, are the longest); beyond, the input is no code list.
const maxCodeRows = 512

// codeEvidence gathers, over a JSON input's kept records, what tells a code list (the JSON
// side of codeListRows; see Reader.codeListJSON): each mapped field's values and each unmapped
// key's, while the records are few enough to be one. A JSON's keys differ from record to
// record, so each worker gathers its chunks' and the Reader joins them at the end.
type codeEvidence struct {
	rows int
	not  bool // no code list: too many records, a field of no list, server metadata
	// per mapped field, per unmapped key: the values seen (lower-cased) and how many were added
	mapped map[int]*valueSet
	keys   map[string]*valueSet
}

type valueSet struct {
	n    int
	vals map[string]bool
}

func (s *valueSet) put(v string) {
	s.n++
	s.vals[v] = true
}

// record takes one kept record's cells.
func (c *codeEvidence) record(cells []fcell) {
	if c.not {
		return
	}
	if c.rows++; c.rows > maxCodeRows {
		c.give()
		return
	}
	if c.mapped == nil {
		c.mapped, c.keys = map[int]*valueSet{}, map[string]*valueSet{}
	}
	for _, cl := range cells {
		v := strings.ToLower(strings.TrimSpace(cl.val))
		switch {
		case cl.f >= 0 && !listField(cl.f), cl.f < 0 && serverMeta(cl.col):
			// A case number, a name, a date, a form server's submission id: records of
			// people (or submissions), not a list of a field's values.
			c.give()
			return
		case v == "":
			continue
		case cl.f >= 0:
			s := c.mapped[cl.f]
			if s == nil {
				s = &valueSet{vals: map[string]bool{}}
				c.mapped[cl.f] = s
			}
			s.put(v)
		default:
			s := c.keys[cl.col]
			if s == nil {
				s = &valueSet{vals: map[string]bool{}}
				c.keys[cl.col] = s
			}
			s.put(v)
		}
	}
}

func (c *codeEvidence) give() { *c = codeEvidence{not: true} }

// add joins another worker's evidence.
func (c *codeEvidence) add(o *codeEvidence) {
	if o == nil || c.not {
		return
	}
	if o.not || c.rows+o.rows > maxCodeRows {
		c.give()
		return
	}
	c.rows += o.rows
	if c.mapped == nil {
		c.mapped, c.keys = map[int]*valueSet{}, map[string]*valueSet{}
	}
	join := func(s *valueSet, o *valueSet) *valueSet {
		if s == nil {
			return o
		}
		s.n += o.n
		for v := range o.vals {
			s.vals[v] = true
		}
		return s
	}
	for f, s := range o.mapped {
		c.mapped[f] = join(c.mapped[f], s)
	}
	for k, s := range o.keys {
		c.keys[k] = join(c.keys[k], s)
	}
}

// codeList reports whether the records are a code list, as codeListRows says of a table's
// rows: at least two, each mapping only fields of short lists, no mapped value twice, and an
// unmapped key with a different value in every record (the codes or labels), which it returns
// with the fields.
func (c *codeEvidence) codeList() (key string, fields []int, ok bool) {
	if c.not || c.rows < 2 || len(c.mapped) == 0 {
		return "", nil, false
	}
	for f, s := range c.mapped {
		if len(s.vals) < s.n {
			return "", nil, false // a value twice: people share it
		}
		fields = append(fields, f)
	}
	slices.Sort(fields)
	var keys []string
	for k, s := range c.keys {
		if len(s.vals) == c.rows && s.n == c.rows {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return "", nil, false
	}
	slices.Sort(keys)
	return keys[0], fields, true
}
