package ingest

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/xuri/excelize/v2"
)

// readBlank reads in (named name) to the end and returns its valid rows, rows, blank rows and
// rejections.
func readBlank(t *testing.T, name string, in []byte) (valid, rows, blank int, rej []Rejection) {
	t.Helper()
	r := NewReader(name, bytes.NewReader(in))
	r.Now = testNow
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		valid += int(rec.NumRows())
		rec.Release()
	}
	if r.Rows() != valid+len(r.Rejected()) {
		t.Fatalf("rows %d != valid %d + quarantined %d", r.Rows(), valid, len(r.Rejected()))
	}
	return valid, r.Rows(), r.Blank(), r.Rejected()
}

// TestBlankRowsEveryFormat (attack-2026-11-30c finding 1): a row with no value at all is no
// case in any reader: skipped and counted as blank, outside the rows read. A row of
// placeholders only is quarantined; a row with values only in columns that map onto no field
// is read (a record of which nothing is known) and said in a notice.
func TestBlankRowsEveryFormat(t *testing.T) {
	// A workbook with blank rows between and below the data (rows of empty strings).
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"case_id", "gender", "age", "remarks"})
	row := 2
	for i := 1; i <= 6; i++ {
		f.SetSheetRow("Sheet1", fmt.Sprint("A", row), &[]any{fmt.Sprint("X", i), "female", 12, ""})
		row++
		if i%2 == 0 {
			f.SetSheetRow("Sheet1", fmt.Sprint("A", row), &[]any{"", " ", "", ""})
			row++
		}
	}
	f.SetSheetRow("Sheet1", fmt.Sprint("A", row), &[]any{"N/A", "-99", "", ""})
	f.SetSheetRow("Sheet1", fmt.Sprint("A", row+1), &[]any{"", "", "", "a note"})
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	valid, rows, blank, rej := readBlank(t, "blank.xlsx", buf.Bytes())
	if valid != 7 || rows != 8 || blank != 3 || len(rej) != 1 || rej[0].Reason != errNoValue.Error() || rej[0].Line != row {
		t.Errorf("workbook: %d valid of %d, %d blank, %v", valid, rows, blank, rej)
	}

	// Parquet: a row of nulls, and one of empty strings.
	sc := arrow.NewSchema([]arrow.Field{
		{Name: "case_id", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "gender", Type: arrow.BinaryTypes.String, Nullable: true},
		{Name: "age", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	}, nil)
	bld := array.NewRecordBuilder(memory.DefaultAllocator, sc)
	defer bld.Release()
	ids, genders, ages := bld.Field(0).(*array.StringBuilder), bld.Field(1).(*array.StringBuilder), bld.Field(2).(*array.Int64Builder)
	for i := 1; i <= 4; i++ {
		ids.Append(fmt.Sprint("P", i))
		genders.Append("male")
		ages.Append(30)
	}
	ids.AppendNull()
	genders.AppendNull()
	ages.AppendNull()
	ids.Append("")
	genders.Append("")
	ages.AppendNull()
	rec := bld.NewRecordBatch()
	defer rec.Release()
	buf.Reset()
	if err := pqarrow.WriteTable(array.NewTableFromRecords(sc, []arrow.RecordBatch{rec}), &buf, 10, nil, pqarrow.NewArrowWriterProperties()); err != nil {
		t.Fatal(err)
	}
	if valid, rows, blank, rej := readBlank(t, "blank.parquet", buf.Bytes()); valid != 4 || rows != 4 || blank != 2 || len(rej) != 0 {
		t.Errorf("parquet: %d valid of %d, %d blank, %v", valid, rows, blank, rej)
	}

	// CSV at the tester's size: 50 rows of empty fields below 345 cases add no case.
	var b strings.Builder
	b.WriteString("case_id,gender,age,registration_date,country_of_exploitation,province_of_exploitation,type_of_exploitation\n")
	for i := 1; i <= 345; i++ {
		fmt.Fprintf(&b, "K%d,female,%d,2022-03-01,AF,Herat,forced labour\n", i, 20+i%30)
	}
	b.WriteString(strings.Repeat(",,,,,,\n", 50))
	if valid, rows, blank, rej := readBlank(t, "kids-trailing.csv", []byte(b.String())); valid != 345 || rows != 345 || blank != 50 || len(rej) != 0 {
		t.Errorf("csv: %d valid of %d, %d blank, %v", valid, rows, blank, rej)
	}
}
