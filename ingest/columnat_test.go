package ingest

import (
	"bytes"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
	"github.com/xuri/excelize/v2"
)

// TestColumnNamedInText: a column's name printed within a refusal's or a notice's text (not
// as ParseError's Column) is shown when SafeLabel allows it and withheld otherwise: by its
// position when the message tells how to map it, as columnKey does (privacy-side-doors34:
// textErr, the summaries' reasons and refusals printed "Zarmina/count" as it was). The read
// cases csv-*-named-group-withheld cover the CSV notices and refusals.
func TestColumnNamedInText(t *testing.T) {
	for _, c := range []struct {
		col, count, want string // count: the summary's column
	}{
		{"photo", "count", `column "photo"`},
		{"Zarmina/photo", "Zarmina/count", "column 4 (its name withheld)"},
		{"suspects_zarmina", "count_zarmina", "column 4 (its name withheld)"},
	} {
		// Parquet: a binary column that is no text (textErr), mapped onto no field.
		sc := arrow.NewSchema([]arrow.Field{
			{Name: "case_id", Type: arrow.BinaryTypes.String},
			{Name: "gender", Type: arrow.BinaryTypes.String},
			{Name: "age", Type: arrow.BinaryTypes.String},
			{Name: c.col, Type: arrow.BinaryTypes.Binary},
		}, nil)
		bld := array.NewRecordBuilder(memory.DefaultAllocator, sc)
		bld.Field(0).(*array.StringBuilder).Append("P-1")
		bld.Field(1).(*array.StringBuilder).Append("female")
		bld.Field(2).(*array.StringBuilder).Append("15")
		bld.Field(3).(*array.BinaryBuilder).Append([]byte{0xff, 0xfe, 0x00})
		rec := bld.NewRecordBatch()
		var buf bytes.Buffer
		if err := pqarrow.WriteTable(array.NewTableFromRecords(sc, []arrow.RecordBatch{rec}), &buf, 10, nil, pqarrow.DefaultWriterProps()); err != nil {
			t.Fatal(err)
		}
		rec.Release()
		bld.Release()
		_, _, err := readRows(t, "bin.parquet", buf.Bytes(), nil)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "binary values") {
			t.Errorf("Parquet, column %q: %v, want %s", c.col, err, c.want)
		} else if c.col != "photo" && strings.Contains(strings.ToLower(err.Error()), "zarmina") {
			t.Errorf("Parquet, column %q: %v, the name printed", c.col, err)
		}

		// A workbook of cases and a summary whose count column is the fourth: skipped.
		f := excelize.NewFile()
		f.SetSheetRow("Sheet1", "A1", &[]any{"case_id", "gender", "age"})
		f.SetSheetRow("Sheet1", "A2", &[]any{"P-1", "female", 15})
		f.NewSheet("Totals")
		count := c.count
		f.SetSheetRow("Totals", "A1", &[]any{"sex", "age_group", "province", count})
		f.SetSheetRow("Totals", "A2", &[]any{"male", "0-17", "Herat", 25})
		f.SetSheetRow("Totals", "A3", &[]any{"female", "0-17", "Herat", 15})
		buf.Reset()
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		_, r, err := readRows(t, "summary.xlsx", buf.Bytes(), nil)
		said := strings.Replace(c.want, "photo", "count", 1)
		all := strings.Join(r.Notices(), "\n")
		if err != nil {
			all += "\n" + err.Error()
		}
		if !strings.Contains(all, said) || !strings.Contains(all, "summary") {
			t.Errorf("workbook, column %q: %q, want %s", count, all, said)
		} else if c.col != "photo" && strings.Contains(strings.ToLower(all), "zarmina") {
			t.Errorf("workbook, column %q: %q, the name printed", count, all)
		}
	}
}
