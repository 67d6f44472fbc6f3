package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// TestParquetTexts: a string column's texts, taken as slices of one copy of its data, are
// textOf's value by value ("" for a null, "" kept, any bytes), for String and LargeString
// columns and for slices of them (whose offsets start past 0); one allocation a column.
func TestParquetTexts(t *testing.T) {
	vals := []string{"P1", "", "", "Phnom Penh", "é\x1fx", "", "Kampong Cham", "z"}
	null := []bool{false, true, false, false, false, true, false, false}
	for _, large := range []bool{false, true} {
		// Built by hand: a null's slot holds bytes, as Arrow allows, which are not its text.
		var data []byte
		offs := []int64{0}
		valid := make([]byte, 1)
		for i, v := range vals {
			if null[i] {
				v = "hidden"
			} else {
				valid[0] |= 1 << i
			}
			data = append(data, v...)
			offs = append(offs, int64(len(data)))
		}
		var offBytes []byte
		typ := arrow.DataType(arrow.BinaryTypes.String)
		if large {
			typ = arrow.BinaryTypes.LargeString
			offBytes = arrow.Int64Traits.CastToBytes(offs)
		} else {
			o32 := make([]int32, len(offs))
			for i, o := range offs {
				o32[i] = int32(o)
			}
			offBytes = arrow.Int32Traits.CastToBytes(o32)
		}
		d := array.NewData(typ, len(vals), []*memory.Buffer{memory.NewBufferBytes(valid), memory.NewBufferBytes(offBytes), memory.NewBufferBytes(data)}, nil, 2, 0)
		whole := array.MakeFromData(d)
		d.Release()
		for _, cut := range [][2]int{{0, len(vals)}, {3, 7}, {1, 2}, {4, 4}} {
			a := array.NewSlice(whole, int64(cut[0]), int64(cut[1]))
			const stride = 3
			dst := make([]string, a.Len()*stride)
			if !texts(a, dst, stride) {
				t.Fatalf("large %v: a string column not taken", large)
			}
			for i := range a.Len() {
				want, err := textOf(a, i, nil)
				if err != nil {
					t.Fatal(err)
				}
				if dst[i*stride] != want {
					t.Errorf("large %v, slice %v, value %d: %q, want %q", large, cut, i, dst[i*stride], want)
				}
			}
			if allocs := testing.AllocsPerRun(20, func() { texts(a, dst, stride) }); a.Len() > 0 && allocs > 1 {
				t.Errorf("large %v, slice %v: %v allocations, want one", large, cut, allocs)
			}
			a.Release()
		}
		whole.Release()
	}
	ints := array.NewInt64Builder(memory.DefaultAllocator)
	ints.Append(3)
	a := ints.NewArray()
	defer a.Release()
	ints.Release()
	if texts(a, make([]string, 1), 1) {
		t.Error("an integer column taken as text")
	}
}

// TestParquetDictTexts: a dictionary column of strings (pandas' categoricals) is read by texts
// as textOf reads it value by value (a null index, a null and an empty word in the dictionary,
// slices), with its dictionary's text copied once (two allocations, not one a value); a
// dictionary longer than the column, or of integers, is left to textOf.
func TestParquetDictTexts(t *testing.T) {
	mem := memory.NewCheckedAllocator(memory.DefaultAllocator)
	defer mem.AssertSize(t, 0)
	for _, large := range []bool{false, true} {
		vt := arrow.DataType(arrow.BinaryTypes.String)
		if large {
			vt = arrow.BinaryTypes.LargeString
		}
		db := array.NewBuilder(mem, vt)
		for _, w := range []string{"Kabul", "", "é\x1fx", "Herat"} {
			db.(interface{ AppendString(string) }).AppendString(w)
		}
		db.AppendNull()
		dict := db.NewArray()
		db.Release()
		ib := array.NewInt32Builder(mem)
		for _, k := range []int{0, 3, -1, 1, 4, 2, 0, 0, 3, -1, 2, 1} {
			if k < 0 {
				ib.AppendNull()
			} else {
				ib.Append(int32(k))
			}
		}
		idx := ib.NewArray()
		ib.Release()
		whole := array.NewDictionaryArray(&arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int32, ValueType: vt}, idx, dict)
		idx.Release()
		dict.Release()
		for _, cut := range [][2]int{{0, 12}, {2, 9}, {5, 6}} {
			a := array.NewSlice(whole, int64(cut[0]), int64(cut[1]))
			const stride = 2
			dst := make([]string, a.Len()*stride)
			taken := texts(a, dst, stride)
			if taken != (a.Len() >= 5) {
				t.Fatalf("large %v, slice %v (%d values, a dictionary of 5): taken %v", large, cut, a.Len(), taken)
			}
			if !taken {
				a.Release()
				continue
			}
			for i := range a.Len() {
				want, err := textOf(a, i, nil)
				if err != nil {
					t.Fatal(err)
				}
				if dst[i*stride] != want {
					t.Errorf("large %v, slice %v, value %d: %q, want %q", large, cut, i, dst[i*stride], want)
				}
			}
			if allocs := testing.AllocsPerRun(20, func() { texts(a, dst, stride) }); allocs > 2 {
				t.Errorf("large %v, slice %v: %v allocations, want two", large, cut, allocs)
			}
			a.Release()
		}
		whole.Release()
	}
	ints := array.NewInt64Builder(mem)
	ints.AppendValues([]int64{7, 9}, nil)
	dict := ints.NewArray()
	ints.Release()
	ib := array.NewInt8Builder(mem)
	ib.AppendValues([]int8{1, 0, 1}, nil)
	idx := ib.NewArray()
	ib.Release()
	a := array.NewDictionaryArray(&arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int8, ValueType: arrow.PrimitiveTypes.Int64}, idx, dict)
	idx.Release()
	dict.Release()
	defer a.Release()
	if texts(a, make([]string, 3), 1) {
		t.Error("a dictionary of integers taken as text")
	}
}

// TestParquetAsCSV: the same cases as a Parquet file (strings, nulls for blanks and some "",
// an integer age, a column that maps onto no field, three batches of 8,192 rows and a part)
// and as a CSV are read into the same rows; so are text columns written as binary, without
// the UTF8 annotation, as Impala, Hive and old Spark writers do (attack-2026-12-05c V5).
func TestParquetAsCSV(t *testing.T) {
	t.Run("string", func(t *testing.T) { parquetAsCSV(t, arrow.BinaryTypes.String) })
	t.Run("binary", func(t *testing.T) { parquetAsCSV(t, arrow.BinaryTypes.Binary) })
}

func parquetAsCSV(t *testing.T, text arrow.DataType) {
	const n = 20000
	cols := []string{"case_id", "gender", "registration_date", "country_of_exploitation", "province_of_exploitation", "type_of_exploitation", "office"}
	genders := []string{"female", "male", "", "F", "Male"}
	provinces := []string{"Phnom Penh", "", "Kampong Cham", "Siem Reap", "Battambang"}
	types := []string{"sexual exploitation", "forced labour", "", "forced marriage"}
	cell := func(i, j int) string {
		switch cols[j] {
		case "case_id":
			return fmt.Sprint("C-", i)
		case "gender":
			return genders[i%len(genders)]
		case "registration_date":
			if i%11 == 5 {
				return ""
			}
			return time.Date(2015+i%8, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
		case "country_of_exploitation":
			return "Cambodia"
		case "province_of_exploitation":
			return provinces[(i/3)%len(provinces)]
		case "type_of_exploitation":
			return types[(i/7)%len(types)]
		}
		return fmt.Sprint("Office ", i%9)
	}
	var c strings.Builder
	c.WriteString(strings.Join(append(cols, "age"), ",") + "\n")
	fields := make([]arrow.Field, 0, len(cols)+1)
	for _, name := range cols {
		fields = append(fields, arrow.Field{Name: name, Type: text, Nullable: true})
	}
	fields = append(fields, arrow.Field{Name: "age", Type: arrow.PrimitiveTypes.Int64, Nullable: true})
	sc := arrow.NewSchema(fields, nil)
	bld := array.NewRecordBuilder(memory.DefaultAllocator, sc)
	defer bld.Release()
	for i := range n {
		for j := range cols {
			v := cell(i, j)
			c.WriteString(v + ",")
			sb := bld.Field(j).(interface {
				AppendString(string)
				AppendNull()
			})
			switch {
			case v != "":
				sb.AppendString(v)
			case i%2 == 0:
				sb.AppendNull()
			default:
				sb.AppendString("") // blank as an empty string, as the CSV's
			}
		}
		ab := bld.Field(len(cols)).(*array.Int64Builder)
		if i%13 == 4 {
			c.WriteString("\n")
			ab.AppendNull()
		} else {
			fmt.Fprintf(&c, "%d\n", 10+i%50)
			ab.Append(int64(10 + i%50))
		}
	}
	rec := bld.NewRecordBatch()
	defer rec.Release()
	var pq bytes.Buffer
	if err := pqarrow.WriteTable(array.NewTableFromRecords(sc, []arrow.RecordBatch{rec}), &pq, 5000, nil, pqarrow.NewArrowWriterProperties()); err != nil {
		t.Fatal(err)
	}
	want, _, err := readRows(t, "cases.csv", []byte(c.String()), nil)
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := readRows(t, "cases.parquet", pq.Bytes(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < n/2 {
		t.Fatalf("%d rows read of %d: the input tests little", len(want), n)
	}
	if len(got) != len(want) {
		t.Fatalf("Parquet: %d rows, CSV: %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("row %d: Parquet %v, CSV %v", i, got[i], want[i])
		}
	}
	if text.ID() != arrow.STRING {
		return // the dictionaries below are of strings
	}
	// The same file with the gender, province and form columns as dictionaries (pandas'
	// categoricals, the Arrow schema stored): read as dictionary arrays, the same rows.
	dcols := make([]arrow.Array, len(fields))
	dfields := slices.Clone(fields)
	for j := range fields {
		dcols[j] = rec.Column(j)
		dcols[j].Retain()
		if name := fields[j].Name; name != "gender" && name != "province_of_exploitation" && name != "type_of_exploitation" {
			continue
		}
		dt := &arrow.DictionaryType{IndexType: arrow.PrimitiveTypes.Int16, ValueType: arrow.BinaryTypes.String}
		dfields[j].Type = dt
		db := array.NewDictionaryBuilder(memory.DefaultAllocator, dt).(*array.BinaryDictionaryBuilder)
		sa := rec.Column(j).(*array.String)
		for i := range sa.Len() {
			if sa.IsNull(i) {
				db.AppendNull()
			} else if err := db.AppendString(sa.Value(i)); err != nil {
				t.Fatal(err)
			}
		}
		dcols[j].Release()
		dcols[j] = db.NewArray()
		db.Release()
	}
	dsc := arrow.NewSchema(dfields, nil)
	drec := array.NewRecordBatch(dsc, dcols, int64(n))
	for _, a := range dcols {
		a.Release()
	}
	defer drec.Release()
	pq.Reset()
	if err := pqarrow.WriteTable(array.NewTableFromRecords(dsc, []arrow.RecordBatch{drec}), &pq, 5000, nil,
		pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema())); err != nil {
		t.Fatal(err)
	}
	pr, err := file.NewParquetReader(bytes.NewReader(pq.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	fr, err := pqarrow.NewFileReader(pr, pqarrow.ArrowReadProperties{BatchSize: 8192}, memory.DefaultAllocator)
	if err != nil {
		t.Fatal(err)
	}
	rsc, err := fr.Schema()
	if err != nil {
		t.Fatal(err)
	}
	if typ := rsc.Field(1).Type; typ.ID() != arrow.DICTIONARY {
		t.Fatalf("gender read as %v, not a dictionary: the case tests nothing", typ)
	}
	pr.Close()
	got, _, err = readRows(t, "cases.parquet", pq.Bytes(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("Parquet of dictionaries: %d rows, CSV: %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("row %d: Parquet of dictionaries %v, CSV %v", i, got[i], want[i])
		}
	}
}

// TestParquetBinaryNotText: a binary column whose bytes are not UTF-8 text is refused as no
// text (ErrEncoding), naming the column, never read as its base64 or another encoding.
func TestParquetBinaryNotText(t *testing.T) {
	sc := arrow.NewSchema([]arrow.Field{{Name: "case_id", Type: arrow.BinaryTypes.String}, {Name: "gender", Type: arrow.BinaryTypes.Binary}}, nil)
	bld := array.NewRecordBuilder(memory.DefaultAllocator, sc)
	defer bld.Release()
	bld.Field(0).(*array.StringBuilder).AppendValues([]string{"C1", "C2"}, nil)
	bld.Field(1).(*array.BinaryBuilder).AppendValues([][]byte{[]byte("male"), {0xff, 0xfe, 'm'}}, nil)
	rec := bld.NewRecordBatch()
	defer rec.Release()
	var pq bytes.Buffer
	if err := pqarrow.WriteTable(array.NewTableFromRecords(sc, []arrow.RecordBatch{rec}), &pq, 5000, nil, pqarrow.NewArrowWriterProperties()); err != nil {
		t.Fatal(err)
	}
	_, _, err := readRows(t, "cases.parquet", pq.Bytes(), nil)
	var pe *ParseError
	if !errors.Is(err, ErrEncoding) || !errors.As(err, &pe) || pe.Line != 2 || !strings.Contains(err.Error(), `column "gender"`) {
		t.Fatalf("got %v, want ErrEncoding at line 2 naming the column", err)
	}
}
