package ingest

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// TestParquetStruct38: attack-2026-12-06d D11: a Parquet struct column was dropped whole ("maps
// onto no field"): review{remarks: "Not a victim"} counted, person{sex, age} lost. Its fields
// are read as JSON's nested keys are ("review.remarks", "person.sex").
func TestParquetStruct38(t *testing.T) {
	person := arrow.StructOf(arrow.Field{Name: "sex", Type: arrow.BinaryTypes.String, Nullable: true},
		arrow.Field{Name: "age", Type: arrow.PrimitiveTypes.Int64, Nullable: true})
	review := arrow.StructOf(arrow.Field{Name: "remarks", Type: arrow.BinaryTypes.String, Nullable: true})
	sc := arrow.NewSchema([]arrow.Field{{Name: "case_id", Type: arrow.BinaryTypes.String},
		{Name: "registration_date", Type: arrow.BinaryTypes.String}, {Name: "country_of_exploitation", Type: arrow.BinaryTypes.String},
		{Name: "person", Type: person, Nullable: true}, {Name: "review", Type: review, Nullable: true}}, nil)
	bld := array.NewRecordBuilder(memory.DefaultAllocator, sc)
	defer bld.Release()
	for i := 1; i <= 40; i++ {
		bld.Field(0).(*array.StringBuilder).Append(fmt.Sprintf("C%05d", i))
		bld.Field(1).(*array.StringBuilder).Append(fmt.Sprintf("2024-03-%02d", 1+i%28))
		bld.Field(2).(*array.StringBuilder).Append("AF")
		pb := bld.Field(3).(*array.StructBuilder)
		pb.Append(true)
		pb.FieldBuilder(0).(*array.StringBuilder).Append("female")
		pb.FieldBuilder(1).(*array.Int64Builder).Append(int64(10 + i%8))
		rb := bld.Field(4).(*array.StructBuilder)
		switch {
		case i%4 == 2:
			rb.Append(true)
			rb.FieldBuilder(0).(*array.StringBuilder).Append("Not a victim")
		case i%4 == 3:
			rb.AppendNull() // a null struct: its field's value is none
		default:
			rb.Append(true)
			rb.FieldBuilder(0).(*array.StringBuilder).AppendNull()
		}
	}
	rec := bld.NewRecordBatch()
	defer rec.Release()
	var pq bytes.Buffer
	if err := pqarrow.WriteTable(array.NewTableFromRecords(sc, []arrow.RecordBatch{rec}), &pq, 5000, nil, pqarrow.NewArrowWriterProperties()); err != nil {
		t.Fatal(err)
	}
	valid, why, notices := read37(t, "cases.parquet", pq.String())
	if valid != 30 || why[errRemarkNotVictim.Error()] != 10 {
		t.Errorf("%d written, quarantined %v, want 30 and 10 (notices %q)", valid, why, notices)
	}
	for _, n := range notices {
		if bytes.Contains([]byte(n), []byte("gender")) || bytes.Contains([]byte(n), []byte("no row records an age")) {
			t.Errorf("notice %q: the person struct's sex and age unread", n)
		}
	}
}
