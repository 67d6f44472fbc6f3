package anonymize

import (
	"cmp"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/prevalence/prevalence/geo"
	"github.com/prevalence/prevalence/schema"
)

// QI is a built-in quasi-identifier of case records: one or more columns generalized together
// (a province is only as precise as its country column lets it be, so the pair moves as one).
type QI struct {
	Name       string   // e.g. "exploitation"
	Columns    []string // release columns it fills
	LevelNames []string // name of each level, leaves first
	// general returns the value of each column at level for a leaf (one value per column,
	// "" for missing).
	general func(leaf []string, level int) []string
}

// CaseQIs are the built-in quasi-identifiers of the case schema, in lattice order.
var CaseQIs = []QI{
	{Name: schema.YearOfRegistration, Columns: []string{schema.YearOfRegistration},
		LevelNames: []string{"year", "5-year period", "*"}, general: generalYear},
	{Name: schema.Gender, Columns: []string{schema.Gender},
		LevelNames: []string{"gender", "*"}, general: generalFlat},
	{Name: "age", Columns: []string{schema.AgeBand, schema.MajorityStatus},
		LevelNames: []string{"age band", "minor/adult", "*"}, general: generalAge},
	{Name: schema.Citizenship, Columns: []string{schema.Citizenship},
		LevelNames: []string{"country", "UN sub-region", "UN region", "*"}, general: generalCountry},
	{Name: "origin", Columns: []string{schema.CountryOfOrigin, schema.ProvinceOfOrigin, schema.DistrictOfOrigin},
		LevelNames: placeLevels, general: generalPlace},
	{Name: "exploitation", Columns: []string{schema.CountryOfExploitation, schema.ProvinceOfExploitation, schema.DistrictOfExploitation},
		LevelNames: placeLevels, general: generalPlace},
}

var placeLevels = []string{"district", "province", "country", "UN sub-region", "UN region", "*"}

// isDistrict reports whether column is a place's district: the last column of a place QI.
func isDistrict(column string) bool {
	return column == schema.DistrictOfOrigin || column == schema.DistrictOfExploitation
}

// LookupQI returns the built-in quasi-identifier called name, or the one that fills column name.
func LookupQI(name string) (QI, bool) {
	for _, q := range CaseQIs {
		if q.Name == name {
			return q, true
		}
		for _, c := range q.Columns {
			if c == name {
				return q, true
			}
		}
	}
	return QI{}, false
}

func top(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "*"
	}
	return out
}

func generalFlat(leaf []string, level int) []string {
	if level == 0 {
		return leaf
	}
	return top(len(leaf))
}

func generalYear(leaf []string, level int) []string {
	switch {
	case level == 0 || (level == 1 && leaf[0] == ""):
		return leaf
	case level == 1:
		y, _ := strconv.Atoi(leaf[0])
		from := y - y%5
		return []string{fmt.Sprintf("%d-%d", from, from+4)}
	}
	return top(1)
}

func generalAge(leaf []string, level int) []string {
	band, maj := leaf[0], leaf[1]
	switch level {
	case 0:
		return leaf
	case 1:
		switch maj {
		case "minor":
			band = "0-17"
		case "adult":
			band = "18+"
		default:
			band = ""
		}
		return []string{band, maj}
	}
	return top(2)
}

func generalCountry(leaf []string, level int) []string {
	c := leaf[0]
	if level == 0 || c == "" && level < 3 {
		return leaf
	}
	country, _ := geo.CountryByCode(c)
	switch level {
	case 1:
		return []string{country.SubRegion}
	case 2:
		return []string{country.Region}
	}
	return top(1)
}

// generalPlace generalizes a (country, province, district) triple: district, then province (the
// district shown as "*"), then country (the province too), then the country's UN sub-region and
// region. A value not recorded stays empty below the top.
func generalPlace(leaf []string, level int) []string {
	if level == 0 {
		return leaf
	}
	if level >= 5 {
		return top(3)
	}
	prov, dist := leaf[1], leaf[2]
	if dist != "" {
		dist = "*"
	}
	if prov != "" && level >= 2 {
		prov = "*"
	}
	out := generalCountry(leaf[:1], max(level-2, 0))
	return []string{out[0], prov, dist}
}

// withoutDistrict is a place QI whose hierarchy starts at the province, for data without
// districts: a district level there would only repeat the province level, and the manifest
// would name it.
func withoutDistrict(qi QI) QI {
	general := qi.general
	qi.LevelNames = qi.LevelNames[1:]
	qi.general = func(leaf []string, level int) []string {
		if level == 0 {
			return leaf
		}
		return general(leaf, level+1)
	}
	return qi
}

// Collector gathers case records for anonymization. It keeps, per row, the leaf codes of the
// quasi-identifiers and the analytic columns; identifier columns are never retained.
type Collector struct {
	qis       []QI
	leaves    []map[string]int32 // per QI: joined leaf values -> leaf code
	leafs     [][][]string       // per QI: leaf code -> values
	codes     [][]int32          // per QI: row -> leaf code
	batches   []arrow.RecordBatch
	dropped   map[int]Dropped
	rows      int
	sensitive map[string]*encoder // per sensitive attribute: row -> value code

	pseudoKey    []byte
	pseudoFields []string
}

// PseudonymSuffix names the release column that replaces an identifier with its pseudonym.
const PseudonymSuffix = "_pseudonym"

// Pseudonymize makes the release carry, for each identifier field, a keyed pseudonym instead
// of dropping it: the first 16 bytes of HMAC-SHA-256(key, field, value), in hex, in a column
// named field+PseudonymSuffix. The same key gives the same pseudonym in every release, so
// records can be followed across releases by whoever holds them, but not reversed without the
// key. Free text (narrative) cannot be pseudonymized. Call it before Add.
func (c *Collector) Pseudonymize(key []byte, fields []string) error {
	for _, f := range fields {
		fd, ok := schema.Lookup(f)
		if !ok || fd.Role != schema.Identifier || f == schema.Narrative {
			return fmt.Errorf("anonymize: %q is not an identifier that can be pseudonymized", f)
		}
	}
	if len(fields) > 0 && len(key) == 0 {
		return fmt.Errorf("anonymize: pseudonyms need a secret key")
	}
	c.pseudoKey, c.pseudoFields = key, fields
	return nil
}

// ReleaseSchema is schema.Release plus the pseudonym columns.
func (c *Collector) ReleaseSchema() *arrow.Schema {
	fs := schema.Release.Fields()
	for _, f := range c.pseudoFields {
		fs = append(fs, arrow.Field{Name: f + PseudonymSuffix, Type: arrow.BinaryTypes.String, Nullable: true})
	}
	return arrow.NewSchema(fs, nil)
}

// encoder gives dense codes to values in order of first appearance.
type encoder struct {
	index map[string]int32
	codes []int32
}

// add encodes v, or records MissingSensitive when missing.
func (e *encoder) add(v []byte, missing bool) {
	if missing {
		e.codes = append(e.codes, MissingSensitive)
		return
	}
	code, ok := e.index[string(v)]
	if !ok {
		code = int32(len(e.index))
		e.index[string(v)] = code
	}
	e.codes = append(e.codes, code)
}

// Dropped says why a row is left out of the release before anonymization.
type Dropped uint8

const (
	// Duplicate: the same source exported the same case again; the latest was kept.
	Duplicate Dropped = iota + 1
	// Linked: another source's record of a person already kept.
	Linked
	// Skipped: a row of an input that failed part-way and was skipped as a whole (the caller
	// counts it as quarantined).
	Skipped
)

// NewCollector returns an empty Collector over the built-in quasi-identifiers.
func NewCollector() *Collector {
	c := &Collector{qis: CaseQIs, dropped: make(map[int]Dropped), sensitive: make(map[string]*encoder)}
	for name := range SensitiveAttributes {
		c.sensitive[name] = &encoder{index: make(map[string]int32)}
	}
	c.leaves = make([]map[string]int32, len(c.qis))
	c.leafs = make([][][]string, len(c.qis))
	c.codes = make([][]int32, len(c.qis))
	for i := range c.qis {
		c.leaves[i] = make(map[string]int32)
	}
	return c
}

// Rows returns the number of rows added, dropped ones included.
func (c *Collector) Rows() int { return c.rows }

// Drop excludes row (numbered in the order added) from the release, for reason why.
func (c *Collector) Drop(row int, why Dropped) { c.dropped[row] = why }

// IsDropped reports whether row has been dropped.
func (c *Collector) IsDropped(row int) bool { return c.dropped[row] != 0 }

// Add takes the rows of rec, which is in schema.Cases. The caller keeps ownership of rec: its
// buffers may be recycled for other records once released (ingest's allocator does), so any
// value kept from it is copied.
func (c *Collector) Add(rec arrow.RecordBatch) {
	n := int(rec.NumRows())
	// A row's values of a QI, joined by "\x1f", are built in key and looked up without a
	// string of their own: only a new leaf is copied out (which also frees it from rec).
	var key []byte
	for q, qi := range c.qis {
		cols := make([]arrow.Array, len(qi.Columns))
		for j, name := range qi.Columns {
			cols[j] = rec.Column(schema.Index(name))
		}
		for i := 0; i < n; i++ {
			key = joinValues(key[:0], cols, i)
			code, ok := c.leaves[q][string(key)]
			if !ok {
				code = int32(len(c.leafs[q]))
				k := string(key)
				c.leaves[q][k] = code
				c.leafs[q] = append(c.leafs[q], strings.Split(k, "\x1f"))
			}
			c.codes[q] = append(c.codes[q], code)
		}
	}
	for name, cols := range SensitiveAttributes {
		arrs := make([]arrow.Array, len(cols))
		for j, col := range cols {
			arrs[j] = rec.Column(schema.Index(col))
		}
		for i := 0; i < n; i++ {
			key = joinValues(key[:0], arrs, i)
			c.sensitive[name].add(key, allNull(arrs, i))
		}
	}
	// Keep only the analytic columns; the identifiers go with rec when the caller releases it.
	var fields []arrow.Field
	var cols []arrow.Array
	for i, f := range schema.Cases.Fields() {
		if fd, _ := schema.Lookup(f.Name); fd.Role == schema.Analytic {
			fields = append(fields, f)
			cols = append(cols, rec.Column(i))
		}
	}
	for _, f := range c.pseudoFields {
		p := c.pseudonyms(f, rec.Column(schema.Index(f)))
		fields = append(fields, arrow.Field{Name: f + PseudonymSuffix, Type: arrow.BinaryTypes.String, Nullable: true})
		cols = append(cols, p)
		defer p.Release()
	}
	c.batches = append(c.batches, array.NewRecordBatch(arrow.NewSchema(fields, nil), cols, int64(n)))
	c.rows += n
}

func (c *Collector) pseudonyms(field string, a arrow.Array) arrow.Array {
	b := array.NewStringBuilder(memory.DefaultAllocator)
	defer b.Release()
	mac := hmac.New(sha256.New, c.pseudoKey)
	for i := 0; i < a.Len(); i++ {
		if a.IsNull(i) {
			b.AppendNull()
			continue
		}
		mac.Reset()
		mac.Write([]byte("prevalence-pseudonym-v1\x00" + field + "\x00"))
		mac.Write([]byte(a.ValueStr(i)))
		b.Append(hex.EncodeToString(mac.Sum(nil)[:16]))
	}
	return b.NewArray()
}

// joinValues appends row i's values of cols to b, joined by "\x1f" ("" for a null).
func joinValues(b []byte, cols []arrow.Array, i int) []byte {
	for j, a := range cols {
		if j > 0 {
			b = append(b, 0x1f)
		}
		if a.IsNull(i) {
			continue
		}
		switch a := a.(type) {
		case *array.String:
			b = append(b, a.Value(i)...)
		case *array.Int32:
			b = strconv.AppendInt(b, int64(a.Value(i)), 10)
		case *array.Boolean:
			b = strconv.AppendBool(b, a.Value(i))
		default:
			panic(fmt.Sprintf("anonymize: quasi-identifier or sensitive attribute of type %s", a.DataType()))
		}
	}
	return b
}

// allNull reports whether row i is null in every column: a sensitive attribute not recorded,
// which is no sensitive value (MissingSensitive). Ingest reads blank cells as null.
func allNull(cols []arrow.Array, i int) bool {
	for _, a := range cols {
		if !a.IsNull(i) {
			return false
		}
	}
	return true
}

// Config says what the case release must guarantee.
type CaseConfig struct {
	K                int
	SuppressionLimit float64
	// QuasiIdentifiers names the built-in QIs (or their columns) to protect; all when empty.
	// The others are released at their finest level.
	QuasiIdentifiers []string
	// Hierarchies replaces the built-in generalization of one-column quasi-identifiers
	// (year_of_registration, gender, citizenship) with the user's, by QI name. Its leaves are
	// the values as ingest writes them ("2023", "female", "AF"); a missing value stays missing
	// up to the top level ("*").
	Hierarchies map[string]*Hierarchy
	// Weights says how much each quasi-identifier's precision matters (by QI name; 1 when
	// absent): the search loses precision on low weights first.
	Weights map[string]float64
	// Metric is the quality model the search minimizes (Loss by default).
	Metric Metric
	// Method is FullDomain (default) or Mondrian local recoding.
	Method Method
	// Sensitive names the sensitive attribute for l-diversity and t-closeness (one of
	// SensitiveAttributes); empty for none.
	Sensitive string
	L         int       // l-diversity of Sensitive; 0 = off
	Diversity Diversity // distinct (default), entropy or recursive (c,l)
	C         float64   // c of recursive (c,l)-diversity
	T         float64   // t-closeness of Sensitive (equal distance); 0 = off
	// Population is a CSV of population counts (nil = none): a column per release column of
	// every protected quasi-identifier (both place columns for a place), named as in the
	// release, and a column "count". Values the cases do not have extend the built-in
	// hierarchies (they must be valid for their column); an error is a *PopulationError.
	// With it, risk is measured against the population, and KMap and PopulationUniqueness
	// apply (see Config).
	Population           []byte
	KMap                 int
	PopulationUniqueness float64
}

// SensitiveAttributes are the attributes of the case schema that l-diversity and t-closeness
// can protect: "exploitation" is the combination of the five exploitation flags.
var SensitiveAttributes = map[string][]string{
	"exploitation":           {schema.IsSexualExploitation, schema.IsForcedLabour, schema.IsForcedMarriage, schema.IsForcedMilitary, schema.IsOtherExploitation},
	schema.LabourSector:      {schema.LabourSector},
	schema.RecruiterRelation: {schema.RecruiterRelation},
}

// Release is the outcome of anonymizing the collected rows.
type Release struct {
	QIs        []QI
	Protected  []bool // per QI: part of the k-anonymity search
	Levels     []int  // per QI: chosen level
	Written    int
	Suppressed int
	Duplicates int // rows dropped as duplicates, linked records included
	Linked     int // of which: records of a person another source's record stands for

	c          *Collector
	hier       []*Hierarchy
	suppressed []bool // over the non-dropped rows, in order
	table      *Table // the searched quasi-identifiers over the non-dropped rows
	searched   []int  // QI index of each of table's columns
	result     *Result
	k          int
	pop        *Population // over table's hierarchies; nil without one
	kMap       int
}

// hierarchy builds the Hierarchy of QI q over the leaves seen, then the extra leaves (values
// only the population has). A leaf of a QI of several columns is its values joined by "\x1f",
// and so are its generalizations.
func (c *Collector) hierarchy(q int, qi QI, extra ...string) *Hierarchy {
	leaves := make([]string, len(c.leafs[q]), len(c.leafs[q])+len(extra))
	for i, leaf := range c.leafs[q] {
		leaves[i] = strings.Join(leaf, "\x1f")
	}
	leaves = append(leaves, extra...)
	return BuildHierarchy(qi.Name, leaves, len(qi.LevelNames), func(leaf string, l int) string {
		return strings.Join(qi.general(strings.Split(leaf, "\x1f"), l), "\x1f")
	})
}

// Anonymize chooses the generalization and the rows to suppress.
func (c *Collector) Anonymize(cfg CaseConfig) (*Release, error) {
	r := &Release{QIs: slices.Clone(c.qis), c: c, Protected: make([]bool, len(c.qis)), Levels: make([]int, len(c.qis))}
	for name, h := range cfg.Hierarchies {
		qi, ok := LookupQI(name)
		if !ok || len(qi.Columns) != 1 {
			return nil, fmt.Errorf("anonymize: a user hierarchy needs a quasi-identifier of one column (year_of_registration, gender or citizenship), not %q", name)
		}
		for q := range r.QIs {
			if r.QIs[q].Name != qi.Name {
				continue
			}
			unknown := 0
			for _, leaf := range c.leafs[q] {
				if _, ok := h.Code(leaf[0]); !ok && leaf[0] != "" {
					unknown++
				}
			}
			if unknown > 0 {
				return nil, fmt.Errorf("anonymize: %d values of %s are not in its user hierarchy", unknown, name)
			}
			r.QIs[q] = userQI(qi, h)
		}
	}
	if len(cfg.QuasiIdentifiers) == 0 {
		for i := range r.Protected {
			r.Protected[i] = true
		}
	}
	for _, name := range cfg.QuasiIdentifiers {
		qi, ok := LookupQI(name)
		if !ok {
			return nil, fmt.Errorf("anonymize: %q is not a quasi-identifier of the case schema", name)
		}
		for i := range c.qis {
			if c.qis[i].Name == qi.Name {
				r.Protected[i] = true
			}
		}
	}
	keep := make([]int, 0, c.rows-len(c.dropped))
	for row := 0; row < c.rows; row++ {
		if c.dropped[row] == 0 {
			keep = append(keep, row)
		}
	}
	for _, why := range c.dropped {
		switch why {
		case Duplicate:
			r.Duplicates++
		case Linked:
			r.Duplicates++
			r.Linked++
		}
	}
	var cp *casePopulation
	extra := make([][]string, len(c.qis))
	if cfg.Population != nil {
		var prot []int
		user := map[string]*Hierarchy{}
		for q := range c.qis {
			if r.Protected[q] {
				prot = append(prot, q)
			}
		}
		for name, h := range cfg.Hierarchies {
			qi, _ := LookupQI(name)
			user[qi.Name] = h
		}
		var err error
		if cp, err = c.readCasePopulation(cfg.Population, r, prot, user); err != nil {
			return nil, err
		}
		for i, q := range prot {
			extra[q] = cp.extra[i]
		}
	} else if cfg.KMap > 1 || cfg.PopulationUniqueness > 0 {
		return nil, fmt.Errorf("anonymize: k-map and the population-uniqueness threshold need population counts")
	}
	// A place of which neither the cases nor the population name any district has no district
	// level (an extra leaf is its values joined by "\x1f", so one without a district ends so).
	for q, qi := range r.QIs {
		if len(qi.Columns) == 3 && isDistrict(qi.Columns[2]) &&
			!slices.ContainsFunc(c.leafs[q], func(leaf []string) bool { return leaf[2] != "" }) &&
			!slices.ContainsFunc(extra[q], func(k string) bool { return !strings.HasSuffix(k, "\x1f") }) {
			r.QIs[q] = withoutDistrict(qi)
		}
	}
	t := &Table{}
	var searched []int
	var weights []float64
	for q := range c.qis {
		h := c.hierarchy(q, r.QIs[q], extra[q]...)
		r.hier = append(r.hier, h)
		if !r.Protected[q] {
			continue
		}
		col := make([]int32, len(keep))
		for i, row := range keep {
			col[i] = c.codes[q][row]
		}
		t.Hierarchies = append(t.Hierarchies, h)
		t.Columns = append(t.Columns, col)
		searched = append(searched, q)
		w, ok := cfg.Weights[c.qis[q].Name]
		if !ok {
			w = 1
		}
		weights = append(weights, w)
	}
	sc := Config{K: cfg.K, SuppressionLimit: cfg.SuppressionLimit, Metric: cfg.Metric, Weights: weights,
		L: cfg.L, Diversity: cfg.Diversity, C: cfg.C, T: cfg.T, Method: cfg.Method,
		KMap: cfg.KMap, PopulationUniqueness: cfg.PopulationUniqueness}
	if cp != nil && len(searched) > 0 {
		var err error
		if sc.Population, err = cp.population(t); err != nil {
			return nil, err
		}
	}
	if cfg.Sensitive != "" {
		enc, ok := c.sensitive[cfg.Sensitive]
		if !ok {
			return nil, fmt.Errorf("anonymize: %q is not a sensitive attribute of the case schema", cfg.Sensitive)
		}
		sc.Sensitive = make([]int32, len(keep))
		for i, row := range keep {
			sc.Sensitive[i] = enc.codes[row]
		}
	} else if cfg.L > 1 || cfg.T > 0 {
		return nil, fmt.Errorf("anonymize: l-diversity and t-closeness need a sensitive attribute")
	}
	if len(keep) == 0 { // nothing to release: an empty release, not a search
		r.suppressed = []bool{}
		return r, nil
	}
	res, err := Search(t, sc)
	if err != nil {
		return nil, err
	}
	if res.Levels != nil {
		for i, q := range searched {
			r.Levels[q] = res.Levels[i]
		}
	}
	r.table, r.searched, r.result, r.k = t, searched, res, cfg.K
	r.pop, r.kMap = sc.Population, cfg.KMap
	r.suppressed = res.Suppressed
	if len(searched) == 0 {
		r.suppressed = make([]bool, len(keep))
	}
	for _, s := range r.suppressed {
		if s {
			r.Suppressed++
		}
	}
	r.Written = len(keep) - r.Suppressed
	return r, nil
}

// Records calls fn with the released rows as records in schema.Release, batchSize rows at a
// time, in input order. fn must not retain the record after it returns.
func (r *Release) Records(alloc memory.Allocator, batchSize int, fn func(arrow.RecordBatch) error) error {
	if alloc == nil {
		alloc = memory.DefaultAllocator
	}
	rs := r.c.ReleaseSchema()
	b := array.NewRecordBuilder(alloc, rs)
	defer b.Release()
	colOf := make(map[string]int)
	for i, f := range rs.Fields() {
		colOf[f.Name] = i
	}
	labels := r.generalized()
	local := r.localColumns()
	// Builders looked up once: this loop runs once per released row.
	qiCols := make([][]*array.StringBuilder, len(r.QIs))
	for q, qi := range r.QIs {
		for _, col := range qi.Columns {
			qiCols[q] = append(qiCols[q], b.Field(colOf[col]).(*array.StringBuilder))
		}
	}
	flush := func() error {
		rec := b.NewRecordBatch()
		defer rec.Release()
		if rec.NumRows() == 0 {
			return nil
		}
		return fn(rec)
	}
	copiers := make([][]func(i int), len(r.c.batches))
	for bi, batch := range r.c.batches {
		for j, f := range batch.Schema().Fields() {
			copiers[bi] = append(copiers[bi], copier(b.Field(colOf[f.Name]), batch.Column(j)))
		}
	}
	pending := 0
	for _, e := range r.order(labels, local) {
		bi, i := e.batch, int(e.off)
		for q, cols := range qiCols {
			vals := labels[q][r.c.codes[q][e.row]]
			if li, ok := local[q]; ok {
				vals = strings.Split(r.result.Labels[li][e.kept], "\x1f")
			}
			for j, sb := range cols {
				if vals[j] == "" {
					sb.AppendNull()
				} else {
					sb.Append(vals[j])
				}
			}
		}
		for _, cp := range copiers[bi] {
			cp(i)
		}
		if pending++; pending == batchSize {
			if err := flush(); err != nil {
				return err
			}
			pending = 0
		}
	}
	return flush()
}

// released is a row to release: its number among the added rows and among the kept ones, and
// where it is held (batch and offset).
type released struct {
	key       uint64
	row, kept int32
	batch     int32
	off       int32
}

// order returns the released rows sorted by their content: quasi-identifiers first, then the
// analytic columns, each by the alphabetical rank of its value. The order of the exports (which
// follows case numbers and registration dates) must not survive into the release, where a
// row's position would tell more than its generalized values; sorted, rows with the same
// content are interchangeable, and a reader's filters can skip whole row groups. Columns enter
// the sort key while their numbers of values multiply to less than 2^63; rows equal on those
// keep their relative order, which then carries no more than the columns left out.
func (r *Release) order(labels [][][]string, local map[int]int) []released {
	var out []released
	kept, row := 0, 0
	for bi, batch := range r.c.batches {
		for i := 0; i < int(batch.NumRows()); i, row = i+1, row+1 {
			if r.c.dropped[row] != 0 {
				continue
			}
			if !r.suppressed[kept] {
				out = append(out, released{row: int32(row), kept: int32(kept), batch: int32(bi), off: int32(i)})
			}
			kept++
		}
	}
	// Each column gives every released row a rank: rank(e) in [0, card).
	type column struct {
		card uint64
		rank func(i int, e *released) uint64 // i: the row's place in out
	}
	var cols []column
	for q := range r.QIs {
		if li, ok := local[q]; ok { // Mondrian: a label per row
			ranks := rankStrings(len(out), func(i int) string { return r.result.Labels[li][out[i].kept] })
			cols = append(cols, column{card: maxRank(ranks) + 1, rank: func(i int, _ *released) uint64 { return ranks[i] }})
			continue
		}
		// Full-domain: rank the labels of the leaves once.
		ls := make([]string, len(labels[q]))
		for leaf, v := range labels[q] {
			ls[leaf] = strings.Join(v, "\x1f")
		}
		ranks := rankStrings(len(ls), func(i int) string { return ls[i] })
		cols = append(cols, column{card: maxRank(ranks) + 1, rank: func(_ int, e *released) uint64 { return ranks[r.c.codes[q][e.row]] }})
	}
	if len(r.c.batches) > 0 {
		for j := range r.c.batches[0].Schema().Fields() {
			seen := map[string]uint64{"": 0}
			for _, b := range r.c.batches {
				a := b.Column(j)
				for i := 0; i < a.Len(); i++ {
					if a.IsValid(i) {
						seen[a.ValueStr(i)] = 0
					}
				}
			}
			vals := make([]string, 0, len(seen))
			for v := range seen {
				vals = append(vals, v)
			}
			slices.Sort(vals) // "" (missing) first
			for i, v := range vals {
				seen[v] = uint64(i)
			}
			cols = append(cols, column{card: uint64(len(vals)), rank: func(_ int, e *released) uint64 {
				a := r.c.batches[e.batch].Column(j)
				if a.IsNull(int(e.off)) {
					return 0
				}
				return seen[a.ValueStr(int(e.off))]
			}})
		}
	}
	radix := uint64(1)
	for ci, c := range cols {
		if c.card == 0 || radix > (1<<63)/c.card {
			cols = cols[:ci] // the key is full: leave the rest out
			break
		}
		radix *= c.card
	}
	for i := range out {
		var k uint64
		for _, c := range cols {
			k = k*c.card + c.rank(i, &out[i])
		}
		out[i].key = k
	}
	slices.SortFunc(out, func(a, b released) int { // by key, then by row: stable, and fast
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		return cmp.Compare(a.row, b.row)
	})
	return out
}

// rankStrings ranks n strings alphabetically (equal strings share a rank).
func rankStrings(n int, at func(i int) string) []uint64 {
	distinct := map[string]uint64{}
	for i := 0; i < n; i++ {
		distinct[at(i)] = 0
	}
	vals := make([]string, 0, len(distinct))
	for v := range distinct {
		vals = append(vals, v)
	}
	slices.Sort(vals)
	for i, v := range vals {
		distinct[v] = uint64(i)
	}
	ranks := make([]uint64, n)
	for i := range ranks {
		ranks[i] = distinct[at(i)]
	}
	return ranks
}

func maxRank(ranks []uint64) uint64 {
	m := uint64(0)
	for _, r := range ranks {
		m = max(m, r)
	}
	return m
}

// copier returns a function that appends value i of a to b.
func copier(b array.Builder, a arrow.Array) func(i int) {
	switch a := a.(type) {
	case *array.String:
		sb := b.(*array.StringBuilder)
		last, clean := "", "" // released text columns repeat a few values
		return func(i int) {
			if a.IsNull(i) {
				sb.AppendNull()
				return
			}
			if v := a.Value(i); v != last || clean == "" {
				last, clean = v, cleanText(v)
			}
			sb.Append(clean)
		}
	case *array.Boolean:
		bb := b.(*array.BooleanBuilder)
		return func(i int) {
			if a.IsNull(i) {
				bb.AppendNull()
			} else {
				bb.Append(a.Value(i))
			}
		}
	}
	panic(fmt.Sprintf("anonymize: analytic column of type %s", a.DataType()))
}

// Close releases the collected records.
func (c *Collector) Close() {
	for _, b := range c.batches {
		b.Release()
	}
	c.batches = nil
}

// Tally counts, for consecutive ranges of added rows ending (exclusive) at ends, how many rows
// were written, suppressed, dropped as duplicates and merged as linked records.
func (r *Release) Tally(ends []int) (written, suppressed, duplicates, linked []int) {
	written = make([]int, len(ends))
	suppressed = make([]int, len(ends))
	duplicates = make([]int, len(ends))
	linked = make([]int, len(ends))
	kept, part := 0, 0
	for row := 0; row < r.c.rows; row++ {
		for part < len(ends) && row >= ends[part] {
			part++
		}
		if part == len(ends) {
			break
		}
		switch {
		case r.c.dropped[row] == Duplicate:
			duplicates[part]++
		case r.c.dropped[row] == Linked:
			linked[part]++
		case r.c.dropped[row] == Skipped:
			// counted by the caller, as quarantined
		case r.suppressed[kept]:
			suppressed[part]++
			kept++
		default:
			written[part]++
			kept++
		}
	}
	return written, suppressed, duplicates, linked
}

// Mondrian reports whether the release was recoded locally (no single level per QI).
func (r *Release) Mondrian() bool { return r.result != nil && r.result.Labels != nil }

// Metrics measures re-identification risk and information loss of the searched
// quasi-identifiers before anonymization (every value at its finest level, nothing suppressed)
// and after (as released, rows withheld by Guard included; Mondrian releases by their published
// classes, see MeasureResult), against the population when CaseConfig.Population was given.
// After is nil when nothing was searched.
func (r *Release) Metrics() (before Metrics, after *Metrics, err error) {
	if r.table == nil || len(r.table.Hierarchies) == 0 {
		return Metrics{}, nil, nil
	}
	before, err = MeasurePopulation(r.table, make([]int, len(r.table.Hierarchies)), nil, r.k, r.pop, r.kMap)
	if err != nil {
		return before, nil, err
	}
	a, err := MeasureResult(r.table, r.result, r.suppressed, r.k, r.pop, r.kMap)
	return before, &a, err
}

// Search returns the search's own account: metric value, nodes checked, lattice size.
func (r *Release) Search() *Result { return r.result }

// SensitiveShares returns the distribution of the sensitive attribute over the rows the search
// saw where it is recorded (the reference distribution of t-closeness, see MissingSensitive):
// value -> share, values of a combination joined with "|".
func (r *Release) SensitiveShares(name string) map[string]float64 {
	enc, ok := r.c.sensitive[name]
	if !ok {
		return nil
	}
	labels := make([]string, len(enc.index))
	for v, code := range enc.index {
		labels[code] = strings.ReplaceAll(v, "\x1f", "|")
	}
	counts := make(map[string]int)
	n := 0
	for row, code := range enc.codes {
		if r.c.dropped[row] == 0 && code != MissingSensitive {
			counts[labels[code]]++
			n++
		}
	}
	out := make(map[string]float64, len(counts))
	for v, c := range counts {
		out[v] = float64(c) / float64(n)
	}
	return out
}

// NullMark stands for a missing value in the row keys of Guard.
const NullMark = "\x02"

// rowKeys calls fn with the full released content of every released row (all columns of
// ReleaseSchema, in order, joined by "\x1f", missing values as NullMark), in release order,
// with the row's index among the kept rows.
func (r *Release) rowKeys(fn func(kept int, key string)) {
	rs := r.c.ReleaseSchema()
	labels := r.generalized()
	local := r.localColumns()
	parts := make([]string, 0, len(rs.Fields()))
	kept, row := 0, 0
	for _, batch := range r.c.batches {
		for i := 0; i < int(batch.NumRows()); i, row = i+1, row+1 {
			if r.c.dropped[row] != 0 {
				continue
			}
			k := kept
			kept++
			if r.suppressed[k] {
				continue
			}
			vals := map[string]string{}
			for q, qi := range r.QIs {
				v := labels[q][r.c.codes[q][row]]
				if j, ok := local[q]; ok {
					v = strings.Split(r.result.Labels[j][k], "\x1f")
				}
				for c, col := range qi.Columns {
					vals[col] = v[c]
					if v[c] == "" {
						vals[col] = NullMark
					}
				}
			}
			for j, f := range batch.Schema().Fields() {
				a := batch.Column(j)
				if a.IsNull(i) {
					vals[f.Name] = NullMark
				} else {
					vals[f.Name] = cleanText(a.ValueStr(i))
				}
			}
			parts = parts[:0]
			for _, f := range rs.Fields() {
				parts = append(parts, vals[f.Name])
			}
			fn(k, strings.Join(parts, "\x1f"))
		}
	}
}

// Guard protects against differencing with a previous release: previous counts the rows of
// that release by their full content (keys as rowKeys makes them). Wherever this release would
// add between 1 and k-1 copies of a row, an attacker comparing the two releases would see those
// few new cases alone, so those copies are withheld (suppressed) until k of them accumulate.
// It returns the number of rows withheld.
func (r *Release) Guard(previous map[string]int, k int) int {
	counts := map[string]int{}
	var order []string
	keyOf := map[int]string{}
	r.rowKeys(func(kept int, key string) {
		if counts[key] == 0 {
			order = append(order, key)
		}
		counts[key]++
		keyOf[kept] = key
	})
	excess := map[string]int{}
	for _, key := range order {
		if d := counts[key] - previous[key]; d > 0 && d < k {
			excess[key] = d
		}
	}
	withheld := 0
	// Withhold the last copies: copies of a row are alike, so which ones does not matter.
	for kept := len(r.suppressed) - 1; kept >= 0; kept-- {
		key, ok := keyOf[kept]
		if !ok || excess[key] == 0 {
			continue
		}
		excess[key]--
		r.suppressed[kept] = true
		withheld++
	}
	r.Suppressed += withheld
	r.Written -= withheld
	return withheld
}

// generalized returns, per QI and leaf, the values of the QI's columns at the chosen level.
func (r *Release) generalized() [][][]string {
	labels := make([][][]string, len(r.QIs))
	for q, h := range r.hier {
		labels[q] = make([][]string, len(h.Up[0]))
		for leaf := range h.Up[0] {
			code := h.Up[r.Levels[q]][leaf]
			labels[q][leaf] = strings.Split(h.Labels[r.Levels[q]][code], "\x1f")
		}
	}
	return labels
}

// localColumns maps a QI to its column of r.result.Labels when Mondrian gave each row its own
// labels; it is empty for full-domain releases.
func (r *Release) localColumns() map[int]int {
	local := map[int]int{}
	if r.result != nil && r.result.Labels != nil {
		for i, q := range r.searched {
			local[q] = i
		}
	}
	return local
}

// cleanText makes a released text value safe to store and show: invalid UTF-8 is replaced and
// control characters (NUL included) are dropped.
func cleanText(s string) string {
	plain := true
	for i := 0; i < len(s) && plain; i++ {
		plain = s[i] >= 0x20 && s[i] < 0x7f
	}
	if plain {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	if strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
}

// userQI is qi generalized along the user's hierarchy h instead of the built-in one. Anonymize
// has checked that h knows every value; a missing value stays missing below the top level.
func userQI(qi QI, h *Hierarchy) QI {
	n := h.Levels()
	names := make([]string, n)
	for l := range names {
		names[l] = fmt.Sprintf("level %d", l)
	}
	names[0], names[n-1] = "value", "*"
	qi.LevelNames = names
	qi.general = func(leaf []string, level int) []string {
		if level == 0 {
			return leaf
		}
		if level == n-1 {
			return []string{"*"}
		}
		if leaf[0] == "" {
			return leaf
		}
		code, ok := h.Code(leaf[0])
		if !ok {
			return []string{"*"}
		}
		return []string{h.Label(level, code)}
	}
	return qi
}
