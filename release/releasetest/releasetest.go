// Package releasetest writes small releases with known contents for the tests of the packages
// that read releases.
package releasetest

import (
	"path/filepath"
	"strconv"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/prevalence/prevalence/anonymize"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/schema"
)

// Fixture writes a small release whose counts are known: per row, gender, majority status,
// province of exploitation and whether it was forced labour.
func Fixture(t *testing.T) string {
	t.Helper()
	rows := []struct {
		gender, majority, province string
		labour                     bool
		n                          int
	}{
		{"male", "minor", "IN-WB", true, 12},
		{"male", "minor", "IN-WB", false, 3},
		{"male", "minor", "IN-MH", true, 7},
		{"female", "minor", "IN-WB", false, 20},
		{"male", "adult", "IN-WB", true, 30},
	}
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema.Release)
	defer b.Release()
	idx := map[string]int{}
	for i, f := range schema.Release.Fields() {
		idx[f.Name] = i
	}
	total := 0
	for _, r := range rows {
		for n := 0; n < r.n; n++ {
			total++
			for _, f := range schema.Release.Fields() {
				fb := b.Field(idx[f.Name])
				switch f.Name {
				case schema.Gender:
					fb.(*array.StringBuilder).Append(r.gender)
				case schema.MajorityStatus:
					fb.(*array.StringBuilder).Append(r.majority)
				case schema.ProvinceOfExploitation:
					fb.(*array.StringBuilder).Append(r.province)
				case schema.CountryOfExploitation:
					fb.(*array.StringBuilder).Append("IN")
				case schema.YearOfRegistration:
					fb.(*array.StringBuilder).Append([]string{"2023", "2024"}[n%2])
				case schema.IsForcedLabour:
					fb.(*array.BooleanBuilder).Append(r.labour)
				case schema.IsSexualExploitation:
					fb.(*array.BooleanBuilder).Append(!r.labour)
				default:
					fb.AppendNull()
				}
			}
		}
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	dir := filepath.Join(t.TempDir(), "rel")
	w, err := release.Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteCases(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.CloseCases(schema.Release); err != nil {
		t.Fatal(err)
	}
	// The protected tables, counted from the same cases as a run counts them.
	col := anonymize.NewCollector()
	defer col.Close()
	cases := asCases(t, rec)
	col.Add(cases)
	cases.Release()
	pt, err := col.Tables(anonymize.TableConfig{Protection: anonymize.Protection{Threshold: 10}})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.WriteTables(pt.Tables); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteRelations(pt.Relations); err != nil {
		t.Fatal(err)
	}
	m := &release.Manifest{Tool: "prevalence", Version: "test", Counts: release.Counts{Read: total + 4, Written: total, Suppressed: 2, Quarantined: 1, Duplicates: 1},
		Privacy: release.Privacy{K: 5, QuasiIdentifiers: []string{schema.Gender, schema.MajorityStatus, schema.ProvinceOfExploitation},
			SuppressionLimit: 0.05, DroppedIdentifiers: []string{schema.FullName, schema.Phone},
			Levels: []release.Level{{QuasiIdentifier: "gender", Columns: []string{schema.Gender}, Name: "gender", Protected: true}}}}
	m.Tables = &pt.Protection
	if err := w.Commit(m); err != nil {
		t.Fatal(err)
	}
	return dir
}

// asCases is rec (in schema.Release) as a record in schema.Cases: the columns both have, the
// others null.
func asCases(t *testing.T, rec arrow.RecordBatch) arrow.RecordBatch {
	t.Helper()
	var cols []arrow.Array
	for _, f := range schema.Cases.Fields() {
		if i := rec.Schema().FieldIndices(f.Name); len(i) > 0 && arrow.TypeEqual(rec.Column(i[0]).DataType(), f.Type) {
			a := rec.Column(i[0])
			a.Retain()
			cols = append(cols, a)
			continue
		}
		nb := array.NewBuilder(memory.DefaultAllocator, f.Type)
		if f.Name == schema.YearOfRegistration { // a string in the release, a number in the cases
			src := rec.Column(rec.Schema().FieldIndices(f.Name)[0]).(*array.String)
			for i := 0; i < src.Len(); i++ {
				y, _ := strconv.Atoi(src.Value(i))
				nb.(*array.Int32Builder).Append(int32(y))
			}
		} else {
			nb.AppendNulls(int(rec.NumRows()))
		}
		cols = append(cols, nb.NewArray())
		nb.Release()
	}
	out := array.NewRecordBatch(schema.Cases, cols, rec.NumRows())
	for _, c := range cols {
		c.Release()
	}
	return out
}

// Group is a group of N identical cases for Cases: values by release column name (strings
// for quasi-identifiers, labour sector and the like, bools for the exploitation flags);
// columns not given are NULL.
type Group struct {
	Values map[string]any
	N      int
}

// Cases writes a release of the groups of cases and returns its folder.
func Cases(tb testing.TB, groups []Group) string {
	tb.Helper()
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema.Release)
	defer b.Release()
	total := 0
	for _, g := range groups {
		for n := 0; n < g.N; n++ {
			total++
			for i, f := range schema.Release.Fields() {
				fb := b.Field(i)
				switch v := g.Values[f.Name].(type) {
				case string:
					fb.(*array.StringBuilder).Append(v)
				case bool:
					fb.(*array.BooleanBuilder).Append(v)
				case nil:
					fb.AppendNull()
				default:
					tb.Fatalf("releasetest: column %s: value of type %T", f.Name, v)
				}
			}
		}
	}
	rec := b.NewRecordBatch()
	defer rec.Release()
	dir := filepath.Join(tb.TempDir(), "rel")
	w, err := release.Create(dir)
	if err != nil {
		tb.Fatal(err)
	}
	if err := w.WriteCases(rec); err != nil {
		tb.Fatal(err)
	}
	if err := w.CloseCases(schema.Release); err != nil {
		tb.Fatal(err)
	}
	m := &release.Manifest{Tool: "prevalence", Version: "test", Counts: release.Counts{Read: total, Written: total},
		Privacy: release.Privacy{K: 5, SuppressionLimit: 0.05}}
	if err := w.Commit(m); err != nil {
		tb.Fatal(err)
	}
	return dir
}
