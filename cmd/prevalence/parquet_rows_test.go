package main

import (
	"context"
	"os"

	"github.com/apache/arrow-go/v18/arrow/memory"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// parquetTableRows reads a Parquet file of a table as rows of text, its column names first,
// as a CSV file of it reads: a null is "" (a withheld count), other values as Arrow prints them.
func parquetTableRows(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	pr, err := file.NewParquetReader(f)
	if err != nil {
		return nil, err
	}
	defer pr.Close()
	fr, err := pqarrow.NewFileReader(pr, pqarrow.ArrowReadProperties{}, memory.DefaultAllocator)
	if err != nil {
		return nil, err
	}
	tbl, err := fr.ReadTable(context.Background())
	if err != nil {
		return nil, err
	}
	defer tbl.Release()
	rows := make([][]string, 1, tbl.NumRows()+1)
	for i := range int(tbl.NumCols()) {
		rows[0] = append(rows[0], tbl.Schema().Field(i).Name)
	}
	for range tbl.NumRows() {
		rows = append(rows, make([]string, tbl.NumCols()))
	}
	for c := range int(tbl.NumCols()) {
		r := 1
		for _, ch := range tbl.Column(c).Data().Chunks() {
			for i := range ch.Len() {
				if !ch.IsNull(i) {
					rows[r][c] = ch.ValueStr(i)
				}
				r++
			}
		}
	}
	return rows, nil
}
