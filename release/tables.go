package release

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/compress"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"

	"github.com/prevalence/prevalence/geo"
)

// TablesDir is the folder of the protected tables inside a release.
const TablesDir = "tables"

// TablesIndex lists the protected tables of a release, with every cell's protection state
// (TablesDir/TablesIndex).
const TablesIndex = "tables.json"

// State says how a count of a protected table is published.
type State uint8

const (
	// Published counts are shown as they are (after noise and rounding, when asked for).
	Published State = iota
	// Primary counts are from 1 to threshold-1 and shown as "<threshold".
	Primary
	// Secondary (complementary) counts are withheld, shown as SecondaryLabel, so that a primary
	// count cannot be worked out from the totals or other tables.
	Secondary
	// Hidden counts are never published: cells of the cross-classification that no table
	// prints but that the tables together bound (e.g. a province's adult women, its women
	// less its girls). The protection audits them like printed ones.
	Hidden
	// Unrecorded counts are of a value that no input of the release can record: shown as
	// UnrecordedLabel, never as 0. Of a form of exploitation that no input has a column or
	// value for, the true count is 0, as anyone knowing the inputs' columns knows; of the
	// "(not recorded)" row of a dimension no input records (labour-by-sector,
	// cases-by-recruiter-relation), it is every case of the table's margin, as relations.json
	// says (attack-2026-12-02d, lows: read as 0 the two files contradict each other). Read an
	// Unrecorded count as unknown, bounded by the relations, never as 0.
	Unrecorded
)

// UnrecordedLabel shows an Unrecorded count.
const UnrecordedLabel = "not recorded in this input"

// SecondaryLabel marks a count withheld by complementary suppression.
const SecondaryLabel = "x"

// Table is a protected table of counts: label columns, count columns, and which counts are
// totals of others. As it leaves the privacy boundary, Values holds only published counts (a
// withheld count is 0 there); State says how each count is published.
type Table struct {
	Name  string `json:"name"`
	Title string `json:"title"`
	// Note explains the table in one sentence (what a count is, what the totals are).
	Note      string   `json:"note,omitempty"`
	Labels    []string `json:"labels"`     // label column names
	Counts    []string `json:"counts"`     // count column names
	TotalCols []bool   `json:"total_cols"` // per count column: a total of the other columns of the row
	Rows      []Row    `json:"rows"`
	// Margins says which additive relations the table has, in words; empty when none.
	Margins string `json:"margins,omitempty"`
	// Mechanism states how the counts were protected.
	Mechanism string `json:"mechanism,omitempty"`
	// Hidden tables are never published (see Hidden); they are not written.
	Hidden bool `json:"-"`
	// Keep, per count column, marks the publication's key counts: complementary suppression
	// withholds them last (a cost weight, as tau-Argus's). It changes which counts are
	// withheld, never what is protected. Not written.
	Keep []bool `json:"-"`
	// Shares, when set, adds a share column of count column Shares[0] over Shares[1].
	Shares []int `json:"shares,omitempty"`
	// Threshold is the small-cell threshold of the table's primary suppression.
	Threshold int `json:"threshold"`
	// Epsilon is the discrete Laplace noise's parameter per draw when noise was added (0: none);
	// Row.Noise says how many draws each count sums.
	Epsilon float64 `json:"epsilon,omitempty"`
	// Figures names columns of derived figures (an estimate and its interval, a rate), shown
	// after the counts; a row's figures are withheld with any of its counts (see Withhold).
	Figures []string `json:"figures,omitempty"`
}

// Row is one row of a Table.
type Row struct {
	Labels []string `json:"labels"`
	Values []int64  `json:"values"`
	State  []State  `json:"state"`
	Total  bool     `json:"total,omitempty"` // a total row: its counts are sums of other rows
	// Noise holds, per count, how many independent noise draws (each clipped at 0 with its
	// count) the published count sums: 1 for an inner count, the number of inner counts for
	// a total; nil without noise (Table.Epsilon).
	Noise []int `json:"noise,omitempty"`
	// Rounded holds the published values after rounding; nil when not rounded.
	Rounded []int64 `json:"rounded,omitempty"`
	// Figures holds the row's derived figures as text, one per Table.Figures ("" when
	// withheld or not defined).
	Figures []string `json:"figures,omitempty"`
}

// Cell returns the published text of a count.
func (t *Table) Cell(r, c int) string {
	row := t.Rows[r]
	switch row.State[c] {
	case Primary:
		return "<" + strconv.Itoa(t.Threshold)
	case Secondary:
		return SecondaryLabel
	case Hidden:
		return ""
	case Unrecorded:
		return UnrecordedLabel
	}
	if row.Rounded != nil {
		return strconv.FormatInt(row.Rounded[c], 10)
	}
	return strconv.FormatInt(row.Values[c], 10)
}

// Value returns the published value of a count and whether it is published.
func (t *Table) Value(r, c int) (int64, bool) {
	row := t.Rows[r]
	if row.State[c] != Published {
		return 0, false
	}
	if row.Rounded != nil {
		return row.Rounded[c], true
	}
	return row.Values[c], true
}

// Given returns the value of a count that the table gives exactly: its published value, or,
// for a withheld total column (TotalCols) of a table without noise or rounding, the sum of
// the row's other counts when they are all published (a country's cases withheld beside its
// printed women, men and others: any reader adds them up). ok is false otherwise.
func (t *Table) Given(r, c int) (int64, bool) {
	if v, ok := t.Value(r, c); ok {
		return v, true
	}
	row := t.Rows[r]
	if t.Epsilon > 0 || row.Rounded != nil || c >= len(t.TotalCols) || !t.TotalCols[c] {
		return 0, false
	}
	var sum int64
	for ci, tot := range t.TotalCols {
		if tot {
			continue
		}
		v, ok := t.Value(r, ci)
		if !ok {
			return 0, false
		}
		sum += v
	}
	return sum, true
}

// TotalGiven reports whether tables ts give their total of cases: the all-countries row (the
// last) of cases-by-province-and-gender, printed or the sum of its printed parts (Given). The
// brief's headline is that total; a re-release says why counts fell since the release it
// replaces only when both give it (Replaced.TotalGiven).
func TotalGiven(ts []*Table) bool {
	for _, t := range ts {
		if t.Hidden || t.Name != "cases-by-province-and-gender" || len(t.Rows) == 0 || len(t.Rows[len(t.Rows)-1].State) == 0 {
			continue
		}
		_, ok := t.Given(len(t.Rows)-1, 0)
		return ok
	}
	return false
}

// NoiseTerms returns the noise parameter per draw and the number of draws a count sums (0, 0
// without noise).
func (t *Table) NoiseTerms(r, c int) (epsilon float64, terms int) {
	row := t.Rows[r]
	if t.Epsilon <= 0 || c >= len(row.Noise) {
		return 0, 0
	}
	return t.Epsilon, row.Noise[c]
}

// Withhold zeroes every count that is not published, so that the table can leave the privacy
// boundary: what is not shown is not held.
func (t *Table) Withhold() {
	for ri := range t.Rows {
		row := &t.Rows[ri]
		for ci, s := range row.State {
			if s != Published {
				for fi := range row.Figures {
					row.Figures[fi] = "" // a figure tells what its counts would
				}
				row.Values[ci] = 0
				if row.Rounded != nil {
					row.Rounded[ci] = 0
				}
			}
		}
	}
}

// CSV renders the table for people and spreadsheets: label columns (a country or province
// code followed by COLUMN_name, its name), then per count column the published count as a
// number, empty when withheld, and COLUMN_flag saying why it is empty: "<10" (fewer than the
// threshold, primary suppression), "withheld" (complementary suppression, so that a small
// count cannot be worked out) or UnrecordedLabel (no input can record it). A spreadsheet can
// then sum the counts. Label cells are defused against spreadsheet formulas.
func (t *Table) CSV() ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	named := make([]func(string) string, len(t.Labels))
	var header []string
	for i, l := range t.Labels {
		header = append(header, l)
		if named[i] = placeName(l); named[i] != nil {
			header = append(header, l+"_name")
		}
	}
	for _, c := range t.Counts {
		header = append(header, c, c+"_flag")
	}
	header = append(header, t.Figures...)
	w.Write(header)
	for ri, row := range t.Rows {
		rec := make([]string, 0, len(header))
		for i, l := range row.Labels {
			rec = append(rec, defuse(l))
			if named[i] != nil {
				rec = append(rec, defuse(named[i](l)))
			}
		}
		for ci := range row.Values {
			switch v, ok := t.Value(ri, ci); {
			case ok:
				rec = append(rec, strconv.FormatInt(v, 10), "")
			case row.State[ci] == Primary:
				rec = append(rec, "", "<"+strconv.Itoa(t.Threshold))
			case row.State[ci] == Unrecorded:
				rec = append(rec, "", UnrecordedLabel)
			default:
				rec = append(rec, "", "withheld")
			}
		}
		for fi := range t.Figures {
			f := ""
			if fi < len(row.Figures) {
				f = row.Figures[fi]
			}
			rec = append(rec, f)
		}
		w.Write(rec)
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// figure is row's figure fi, "" when it has none.
func figure(row Row, fi int) string {
	if fi < len(row.Figures) {
		return row.Figures[fi]
	}
	return ""
}

// placeName returns, for a label column of ISO codes (country..., province...), the function
// that names a code (empty for a code it does not know, such as a total's label); nil for
// other columns.
func placeName(column string) func(string) string {
	switch {
	case strings.HasPrefix(column, "province") || strings.HasPrefix(column, "subdivision"):
		return func(code string) string { p, _ := geo.ProvinceByCode(code); return p.Name }
	case strings.HasPrefix(column, "country") || column == "citizenship":
		return func(code string) string { c, _ := geo.CountryByCode(code); return c.Name }
	}
	return nil
}

// defuse prefixes a cell that a spreadsheet would run as a formula with a quote.
func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// Parquet renders the table for machines: label columns as strings; per count column, the
// published count (null when withheld) and COLUMN_status (published, primary, secondary, unrecorded).
func (t *Table) Parquet() ([]byte, error) {
	var fields []arrow.Field
	for _, l := range t.Labels {
		fields = append(fields, arrow.Field{Name: l, Type: arrow.BinaryTypes.String, Nullable: true})
	}
	for _, c := range t.Counts {
		fields = append(fields, arrow.Field{Name: c, Type: arrow.PrimitiveTypes.Int64, Nullable: true},
			arrow.Field{Name: c + "_status", Type: arrow.BinaryTypes.String})
	}
	for _, f := range t.Figures {
		fields = append(fields, arrow.Field{Name: f, Type: arrow.PrimitiveTypes.Float64, Nullable: true})
	}
	s := arrow.NewSchema(fields, nil)
	b := array.NewRecordBuilder(memory.DefaultAllocator, s)
	defer b.Release()
	for ri, row := range t.Rows {
		for j, l := range row.Labels {
			b.Field(j).(*array.StringBuilder).Append(l)
		}
		for ci := range row.Values {
			vb := b.Field(len(t.Labels) + 2*ci).(*array.Int64Builder)
			if v, ok := t.Value(ri, ci); ok {
				vb.Append(v)
			} else {
				vb.AppendNull()
			}
			b.Field(len(t.Labels) + 2*ci + 1).(*array.StringBuilder).Append(row.State[ci].String())
		}
		for fi := range t.Figures {
			fb := b.Field(len(t.Labels) + 2*len(t.Counts) + fi).(*array.Float64Builder)
			v, err := strconv.ParseFloat(figure(row, fi), 64)
			if err != nil {
				fb.AppendNull()
			} else {
				fb.Append(v)
			}
		}
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	var out bytes.Buffer
	props := parquet.NewWriterProperties(parquet.WithCompression(compress.Codecs.Zstd))
	w, err := pqarrow.NewFileWriter(s, &out, props, pqarrow.DefaultWriterProps())
	if err != nil {
		return nil, err
	}
	if err := w.Write(rec); err != nil {
		w.Close()
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// String names a state as the Parquet status columns do.
func (s State) String() string {
	switch s {
	case Primary:
		return "primary"
	case Secondary:
		return "secondary"
	case Hidden:
		return "hidden"
	case Unrecorded:
		return "unrecorded"
	}
	return "published"
}

// ReadTables reads the protected tables of the release in dir (nil when it has none).
func ReadTables(dir string) ([]*Table, error) {
	b, err := os.ReadFile(filepath.Join(dir, TablesDir, TablesIndex))
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var ts []*Table
	if err := json.Unmarshal(b, &ts); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, TablesDir, TablesIndex), err)
	}
	return ts, nil
}

// renamedCounts are count columns renamed since an earlier release: table, old name -> new.
var renamedCounts = map[[2]string]string{
	// The services table counts victims of every age, not children (attack-2026-12-01f finding 8).
	{"services", "children"}: "people",
}

// CurrentColumns renames, in place, the count columns of a previous release's tables that this
// version names otherwise, so that the differencing guard and the joint audit, which match a
// table's counts by their columns, still compare them with this release's: a table skipped for
// its renamed column would leave a change of 1 to threshold-1 in it unguarded. Only for the
// release replaced: a release's own tables keep the names its files were written with (check
// compares them with its CSVs).
func CurrentColumns(ts []*Table) {
	for _, t := range ts {
		for ci, c := range t.Counts {
			if n, ok := renamedCounts[[2]string{t.Name, c}]; ok {
				t.Counts[ci] = n
			}
		}
	}
}

// WriteTables writes the protected tables into the release: TablesDir/NAME.csv for people,
// TablesDir/NAME.parquet for machines, and TablesDir/TablesIndex with every count's state for
// the reports. Hidden tables are never written.
func (w *Writer) WriteTables(ts []*Table) error {
	var shown []*Table
	for _, t := range ts {
		if t.Hidden {
			continue
		}
		shown = append(shown, t)
		c, err := t.CSV()
		if err != nil {
			return err
		}
		if err := w.WriteFile(TablesDir+"/"+t.Name+".csv", c, len(t.Rows)); err != nil {
			return err
		}
		p, err := t.Parquet()
		if err != nil {
			return err
		}
		if err := w.WriteFile(TablesDir+"/"+t.Name+".parquet", p, len(t.Rows)); err != nil {
			return err
		}
	}
	j, err := json.MarshalIndent(shown, "", " ")
	if err != nil {
		return err
	}
	return w.WriteFile(TablesDir+"/"+TablesIndex, append(j, '\n'), len(shown))
}
