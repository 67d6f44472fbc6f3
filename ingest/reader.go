package ingest

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/prevalence/prevalence/geo"
	"github.com/prevalence/prevalence/schema"
)

// Format names an input format.
type Format string

// Input formats.
const (
	CSV    Format = "csv"
	TSV    Format = "tsv"
	JSON   Format = "json"
	NDJSON Format = "ndjson"
)

// FormatOf guesses the format from a file name's extension; "" when unknown.
func FormatOf(name string) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv", ".txt":
		return CSV
	case ".tsv", ".tab":
		return TSV
	case ".json":
		return JSON
	case ".ndjson", ".jsonl":
		return NDJSON
	}
	return ""
}

// Reader reads one input and yields its valid rows as Arrow records in schema.Cases.
// Set the exported fields before the first call to Read.
type Reader struct {
	// Mapping says how the input's columns and values map onto the schema; nil means canonical
	// and preset names only.
	Mapping *Mapping
	// Format overrides the format guessed from the name.
	Format Format
	// BatchSize is the number of rows per record; 8192 when zero.
	BatchSize int
	// Now is the reference time for "not in the future" checks; time.Now when zero.
	Now time.Time
	// Alloc allocates the records; memory.DefaultAllocator when nil.
	Alloc memory.Allocator

	name   string
	in     io.Reader
	src    rowSource
	fields map[string]string // input column -> canonical field ("" unknown)
	source string

	b        *array.RecordBuilder
	rows     int // data rows seen, valid or not
	rejected []Rejection
	unknown  []string
	others   map[string]int // field -> values mapped to "other"
	done     bool
}

// NewReader returns a Reader of the input called name (a path or URL, used in messages and
// to guess the format).
func NewReader(name string, r io.Reader) *Reader {
	return &Reader{name: name, in: r}
}

// Rows returns the number of data rows read so far, valid or quarantined.
func (r *Reader) Rows() int { return r.rows }

// Rejected returns the rows quarantined so far.
func (r *Reader) Rejected() []Rejection { return r.rejected }

// UnknownColumns returns the input columns that map onto no field and were dropped, each once.
func (r *Reader) UnknownColumns() []string { return r.unknown }

// Others returns, per field, how many values outside its vocabulary were recorded as "other".
func (r *Reader) Others() map[string]int { return r.others }

func (r *Reader) start() error {
	format := r.Format
	if format == "" {
		format = FormatOf(r.name)
	}
	var err error
	switch format {
	case CSV:
		r.src, err = newCSVSource(r.in, 0)
	case TSV:
		r.src, err = newCSVSource(r.in, '\t')
	case JSON, NDJSON:
		r.src, err = newJSONSource(r.in)
	default:
		return r.fail(0, ErrUnknownFormat)
	}
	if err != nil {
		return r.fail(0, err)
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
	r.fields = make(map[string]string)
	r.others = make(map[string]int)
	r.source = strings.TrimSuffix(filepath.Base(r.name), filepath.Ext(r.name))
	if r.Mapping != nil && r.Mapping.Source != "" {
		r.source = r.Mapping.Source
	}
	if cs, ok := r.src.(*csvSource); ok {
		known := false
		for _, c := range cs.header {
			if r.field(c) != "" {
				known = true
			}
		}
		if !known {
			return r.fail(1, ErrNoKnownColumn)
		}
	}
	r.b = array.NewRecordBuilder(r.Alloc, schema.Cases)
	return nil
}

func (r *Reader) fail(line int, err error) error {
	var pe *ParseError
	if errors.As(err, &pe) {
		return err
	}
	return &ParseError{File: r.name, Line: line, Err: err}
}

// field resolves an input column once and remembers unknown ones for the report.
func (r *Reader) field(col string) string {
	f, ok := r.fields[col]
	if !ok {
		f = r.Mapping.resolveColumn(col)
		if f == "drop" {
			f = ""
		} else if f == "" {
			r.unknown = append(r.unknown, col)
		} else if _, known := schema.Lookup(strings.Split(f, "#")[0]); !known && f != Age && f != TypeOfExploitation {
			f = "" // a mapping to a field that does not exist is caught by config validation
		}
		r.fields[col] = f
	}
	return f
}

// Read returns the next batch of valid rows, or io.EOF after the last one. The caller owns the
// record and must Release it.
func (r *Reader) Read() (arrow.RecordBatch, error) {
	if r.done {
		r.close()
		return nil, io.EOF
	}
	if r.src == nil {
		if err := r.start(); err != nil {
			r.done = true
			return nil, err
		}
	}
	n := 0
	for n < r.BatchSize {
		cells, line, err := r.src.next()
		if err == io.EOF {
			r.done = true
			break
		}
		if err != nil {
			var re *rowError
			if errors.As(err, &re) {
				r.rows++
				r.rejected = append(r.rejected, Rejection{File: r.name, Line: re.line, Reason: re.reason})
				continue
			}
			r.done = true
			r.close()
			return nil, r.fail(line, err)
		}
		r.rows++
		var row caseRow
		if rej := r.convert(cells, line, &row); rej != nil {
			r.rejected = append(r.rejected, *rej)
			continue
		}
		row.append(r.b)
		n++
	}
	if n == 0 {
		r.close()
		return nil, io.EOF
	}
	return r.b.NewRecordBatch(), nil
}

// close releases the builder once the input is done.
func (r *Reader) close() {
	if r.b != nil {
		r.b.Release()
		r.b = nil
	}
}

// caseRow is one validated row in canonical types. Unset values are nil.
type caseRow struct {
	str   map[string]string
	dates map[string]time.Time
	year  *int32
	bools map[string]bool
}

func (row *caseRow) setStr(f, v string) {
	if row.str == nil {
		row.str = make(map[string]string, 16)
	}
	row.str[f] = v
}

func (row *caseRow) append(b *array.RecordBuilder) {
	for i, f := range schema.Cases.Fields() {
		fb := b.Field(i)
		switch fb := fb.(type) {
		case *array.StringBuilder:
			if v, ok := row.str[f.Name]; ok {
				fb.Append(v)
			} else {
				fb.AppendNull()
			}
		case *array.Date32Builder:
			if v, ok := row.dates[f.Name]; ok {
				fb.Append(arrow.Date32FromTime(v))
			} else {
				fb.AppendNull()
			}
		case *array.Int32Builder:
			if row.year != nil {
				fb.Append(*row.year)
			} else {
				fb.AppendNull()
			}
		case *array.BooleanBuilder:
			if v, ok := row.bools[f.Name]; ok {
				fb.Append(v)
			} else {
				fb.AppendNull()
			}
		default:
			panic(fmt.Sprintf("ingest: no appender for %s", f.Type))
		}
	}
}

// convert validates one row's cells into row; it returns the rejection for an invalid row.
func (r *Reader) convert(cells []cell, line int, row *caseRow) *Rejection {
	reject := func(col, field string, err error) *Rejection {
		return &Rejection{File: r.name, Line: line, Column: col, Field: field, Reason: err.Error()}
	}
	vals := make(map[string]raw, len(cells))
	var nameParts [3]string // first, middle, last
	for _, c := range cells {
		f := r.field(c.col)
		if f == "" || missing(c.val) {
			continue
		}
		v := strings.TrimSpace(r.Mapping.mapValue(f, c.val))
		switch f {
		case schema.FullName + "#first":
			nameParts[0] = v
		case schema.FullName + "#middle":
			nameParts[1] = v
		case schema.FullName + "#last":
			nameParts[2] = v
		default:
			if prev, dup := vals[f]; dup && prev.val != "" {
				continue // two columns for one field: the first wins
			}
			vals[f] = raw{c.col, v}
		}
	}
	if r.Mapping != nil {
		for f, v := range r.Mapping.Defaults {
			if _, ok := vals[f]; !ok {
				vals[f] = raw{"", v}
			}
		}
	}
	if _, ok := vals[schema.FullName]; !ok {
		if n := strings.Join(slices.DeleteFunc(nameParts[:], func(s string) bool { return s == "" }), " "); n != "" {
			vals[schema.FullName] = raw{"", n}
		}
	}
	if r.Mapping != nil {
		for _, f := range r.Mapping.Required {
			if _, ok := vals[f]; !ok {
				return reject("", f, errRequired)
			}
		}
	}
	row.dates = make(map[string]time.Time, 3)
	row.bools = make(map[string]bool, 5)
	var formats []string
	if r.Mapping != nil {
		formats = r.Mapping.DateFormats
	}
	// Identifiers pass through as text (dates parsed: age needs them).
	for _, f := range schema.Fields() {
		v, ok := vals[f.Name]
		if !ok {
			continue
		}
		switch {
		case f.Type == arrow.FixedWidthTypes.Date32:
			t, err := normDate(v.val, formats, r.Now)
			if err != nil {
				return reject(v.col, f.Name, err)
			}
			if f.Name != schema.DateOfBirth && t.Year() < 1950 {
				return reject(v.col, f.Name, errDateRange)
			}
			row.dates[f.Name] = t
		case f.Type == arrow.FixedWidthTypes.Boolean:
			b, err := normBool(v.val)
			if err != nil {
				return reject(v.col, f.Name, err)
			}
			row.bools[f.Name] = b
		case f.Role == schema.Identifier || f.Name == schema.Source:
			row.setStr(f.Name, v.val)
		}
	}
	if v, ok := vals[TypeOfExploitation]; ok {
		convertExploitation(v.val, row)
	}
	if _, ok := row.str[schema.Source]; !ok {
		row.setStr(schema.Source, r.source)
	}
	// Registration year: from the year field, else from the date.
	if v, ok := vals[schema.YearOfRegistration]; ok {
		y, err := normYear(v.val, r.Now)
		if err != nil {
			return reject(v.col, schema.YearOfRegistration, err)
		}
		y32 := int32(y)
		row.year = &y32
	} else if t, ok := row.dates[schema.RegistrationDate]; ok {
		y32 := int32(t.Year())
		row.year = &y32
	}
	if v, ok := vals[schema.Gender]; ok {
		g, err := normGender(v.val)
		if err != nil {
			return reject(v.col, schema.Gender, err)
		}
		row.setStr(schema.Gender, g)
	}
	if rej := r.convertAge(vals, row, reject); rej != nil {
		return rej
	}
	if rej := r.convertPlaces(vals, row, reject); rej != nil {
		return rej
	}
	for _, fv := range []struct {
		field string
		vocab map[string]string
	}{{schema.LabourSector, labourSectors}, {schema.RecruiterRelation, recruiterRelations}} {
		if v, ok := vals[fv.field]; ok {
			w, known := normVocab(v.val, fv.vocab)
			if !known {
				r.others[fv.field]++
			}
			row.setStr(fv.field, w)
		}
	}
	return nil
}

// raw is an input value and the column it came from, keyed by canonical field.
type raw struct{ col, val string }

type rejectFunc func(col, field string, err error) *Rejection

// convertAge fills age band and majority status from an age, a date of birth or a band.
func (r *Reader) convertAge(vals map[string]raw, row *caseRow, reject rejectFunc) *Rejection {
	band := ""
	dob, hasDOB := row.dates[schema.DateOfBirth]
	if hasDOB {
		if dob.After(r.Now) {
			return reject(vals[schema.DateOfBirth].col, schema.DateOfBirth, errBirthFuture)
		}
		if reg, ok := row.dates[schema.RegistrationDate]; ok && dob.After(reg) {
			return reject(vals[schema.DateOfBirth].col, schema.DateOfBirth, errBirthAfter)
		}
		if row.year != nil && int32(dob.Year()) > *row.year {
			return reject(vals[schema.DateOfBirth].col, schema.DateOfBirth, errBirthAfter)
		}
	}
	switch {
	case vals[Age].val != "":
		v := vals[Age]
		age, err := normAge(v.val)
		if err != nil {
			return reject(v.col, Age, err)
		}
		band = schema.BandOfAge(age)
	case vals[schema.AgeBand].val != "":
		v := vals[schema.AgeBand]
		b, err := normAgeBand(v.val)
		if err != nil {
			return reject(v.col, schema.AgeBand, err)
		}
		band = b
	case hasDOB:
		// Age at registration: exact with a registration date, else by year (may be one high).
		if reg, ok := row.dates[schema.RegistrationDate]; ok {
			band = schema.BandOfAge(yearsBetween(dob, reg))
		} else if row.year != nil {
			band = schema.BandOfAge(int(*row.year) - dob.Year())
		}
	}
	if band != "" {
		row.setStr(schema.AgeBand, band)
	}
	maj := schema.MajorityOfBand(band)
	if v, ok := vals[schema.MajorityStatus]; ok {
		m, err := normMajority(v.val)
		if err != nil {
			return reject(v.col, schema.MajorityStatus, err)
		}
		if maj != "" && m != "unknown" && m != maj {
			return reject(v.col, schema.MajorityStatus, errContradicts)
		}
		if maj == "" {
			maj = m
		}
	}
	if maj == "" && (band != "" || row.str[schema.Gender] != "") {
		maj = "unknown"
	}
	if maj != "" {
		row.setStr(schema.MajorityStatus, maj)
	}
	return nil
}

func yearsBetween(from, to time.Time) int {
	y := to.Year() - from.Year()
	if to.YearDay() < from.YearDay() {
		y--
	}
	return y
}

// convertPlaces fills the country fields as ISO 3166-1 alpha-2 and the provinces as ISO 3166-2.
func (r *Reader) convertPlaces(vals map[string]raw, row *caseRow, reject rejectFunc) *Rejection {
	if v, ok := vals[schema.Citizenship]; ok {
		c, err := normCountry(v.val)
		if err != nil {
			return reject(v.col, schema.Citizenship, err)
		}
		row.setStr(schema.Citizenship, c)
	}
	for _, p := range [][2]string{
		{schema.CountryOfOrigin, schema.ProvinceOfOrigin},
		{schema.CountryOfExploitation, schema.ProvinceOfExploitation},
	} {
		country := ""
		if v, ok := vals[p[0]]; ok {
			c, err := normCountry(v.val)
			if err != nil {
				return reject(v.col, p[0], err)
			}
			country = c
		}
		if v, ok := vals[p[1]]; ok {
			if country == "" {
				// A full ISO 3166-2 code names its country.
				if c := geo.CountryOfProvince(strings.ToUpper(strings.TrimSpace(v.val))); c != "" {
					if _, ok := geo.ProvinceByCode(v.val); ok {
						country = c
					}
				}
				if country == "" {
					return reject(v.col, p[1], errProvinceOnly)
				}
			}
			code, ok := geo.LookupProvince(country, v.val)
			if !ok {
				return reject(v.col, p[1], errProvince)
			}
			row.setStr(p[1], code)
		}
		if country != "" {
			row.setStr(p[0], country)
		}
	}
	return nil
}
