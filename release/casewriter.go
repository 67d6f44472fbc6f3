package release

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/flight"
	"github.com/apache/arrow-go/v18/parquet"
	"github.com/apache/arrow-go/v18/parquet/file"
	"github.com/apache/arrow-go/v18/parquet/metadata"
	"github.com/apache/arrow-go/v18/parquet/pqarrow"
)

// caseWriter writes a flat Arrow schema to Parquet like pqarrow.FileWriter's WriteBuffered
// (row groups of the properties' maximum length, the ARROW:schema metadata), but encodes the
// columns of a row group on all cores: a buffered row group gives every column its own page
// buffer, so their encoding (dictionary, levels, zstd) is independent until the row group is
// closed, which writes them in column order. The bytes are pqarrow's (TestCaseWriterMatchesPqarrow).
//
// Only flat schemas (no list, struct or map column) are accepted: a flat column's definition
// levels are its validity, which is all the level builder of pqarrow works out for it.
type caseWriter struct {
	w       *file.Writer
	out     io.Writer
	schema  *arrow.Schema
	maxRows int64
	rgw     file.BufferedRowGroupWriter
	rows    int64 // in the current row group
	props   pqarrow.ArrowWriterProperties
	workers int
	levels  [][]int16 // a buffer of definition levels per worker
	// a buffer of text values per worker (see writeText)
	texts [][]parquet.ByteArray
}

// flatSchema reports whether every field of s is a plain value column (one Parquet leaf, no
// nesting, no dictionary): the ones whose levels writeColumn works out.
func flatSchema(s *arrow.Schema) bool {
	for _, f := range s.Fields() {
		switch f.Type.ID() {
		case arrow.BOOL, arrow.INT8, arrow.INT16, arrow.INT32, arrow.INT64,
			arrow.UINT8, arrow.UINT16, arrow.UINT32, arrow.UINT64, arrow.FLOAT32, arrow.FLOAT64,
			arrow.STRING, arrow.BINARY, arrow.LARGE_STRING, arrow.LARGE_BINARY,
			arrow.DATE32, arrow.DATE64, arrow.TIMESTAMP:
		default:
			return false
		}
		if _, ok := f.Type.(arrow.ExtensionType); ok {
			return false
		}
	}
	return true
}

// newCaseWriter starts a Parquet file of the flat schema s on out, storing s as ARROW:schema
// like pqarrow.WithStoreSchema does.
func newCaseWriter(s *arrow.Schema, out io.Writer, props *parquet.WriterProperties) (*caseWriter, error) {
	if !flatSchema(s) {
		return nil, fmt.Errorf("release: the cases schema is not flat")
	}
	aprops := pqarrow.NewArrowWriterProperties(pqarrow.WithStoreSchema())
	pqschema, err := pqarrow.ToParquet(s, props, aprops)
	if err != nil {
		return nil, err
	}
	meta := make(metadata.KeyValueMetadata, 0)
	for i := 0; i < s.Metadata().Len(); i++ {
		meta.Append(s.Metadata().Keys()[i], s.Metadata().Values()[i])
	}
	// A flat schema is its own Parquet-normalised form (only list element names change).
	meta.Append("ARROW:schema", base64.StdEncoding.EncodeToString(flight.SerializeSchema(s, props.Allocator())))
	w, err := file.NewParquetWriterWithError(out, pqschema.Root(), file.WithWriterProps(props), file.WithWriteMetadata(meta))
	if err != nil {
		return nil, err
	}
	workers := max(1, min(runtime.GOMAXPROCS(0), s.NumFields()))
	return &caseWriter{w: w, out: out, schema: s, maxRows: props.MaxRowGroupLength(), props: aprops,
		workers: workers, levels: make([][]int16, workers), texts: make([][]parquet.ByteArray, workers)}, nil
}

// write appends rec, filling the current row group up to its maximum length first.
func (cw *caseWriter) write(rec arrow.RecordBatch) error {
	if !rec.Schema().Equal(cw.schema) {
		return fmt.Errorf("release: record schema does not match the writer's")
	}
	n := rec.NumRows()
	if cw.rgw == nil {
		if err := cw.newRowGroup(); err != nil {
			return err
		}
	}
	for off := int64(0); off < n; {
		if cw.rows >= cw.maxRows {
			if err := cw.newRowGroup(); err != nil {
				return err
			}
		}
		size := min(cw.maxRows-cw.rows, n-off)
		if err := cw.writeRange(rec, off, size); err != nil {
			return err
		}
		cw.rows += size
		off += size
	}
	return nil
}

func (cw *caseWriter) newRowGroup() error {
	if cw.rgw != nil {
		if err := cw.rgw.Close(); err != nil {
			return err
		}
	}
	rgw, err := cw.w.AppendBufferedRowGroupChecked()
	if err != nil {
		return err
	}
	cw.rgw, cw.rows = rgw, 0
	return nil
}

// writeRange writes rows [off, off+size) of every column of rec into the current row group,
// the columns on all cores.
func (cw *caseWriter) writeRange(rec arrow.RecordBatch, off, size int64) error {
	ncol := int(rec.NumCols())
	errs := make([]error, ncol)
	next := make(chan int)
	var wg sync.WaitGroup
	for w := range cw.workers {
		wg.Go(func() {
			ctx := pqarrow.NewArrowWriteContext(context.Background(), &cw.props)
			for c := range next {
				errs[c] = cw.writeColumn(ctx, w, c, rec.Column(c), rec.Schema().Field(c).Nullable, off, size)
			}
		})
	}
	for c := range ncol {
		next <- c
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (cw *caseWriter) writeColumn(ctx context.Context, worker, c int, col arrow.Array, nullable bool, off, size int64) error {
	ccw, err := cw.rgw.Column(c)
	if err != nil {
		return err
	}
	arr := array.NewSlice(col, off, off+size)
	defer arr.Release()
	var def []int16
	if nullable {
		def = cw.levels[worker][:0]
		for i := range arr.Len() {
			if arr.IsValid(i) {
				def = append(def, 1)
			} else {
				def = append(def, 0)
			}
		}
		cw.levels[worker] = def
	}
	if bw, ok := ccw.(*file.ByteArrayColumnChunkWriter); ok && !bw.SupportsArrowOffsets() {
		if sa, ok := arr.(*array.String); ok {
			return cw.writeText(worker, bw, sa, def)
		}
	}
	return pqarrow.WriteArrowToColumn(ctx, ccw, arr, def, nil, nullable)
}

// writeText writes a text column the way pqarrow's writeDenseArrow does for a flat column
// whose encoder takes no Arrow offsets (the dictionary encoder, until it falls back to
// plain), but into the worker's buffer of values: pqarrow makes a new []parquet.ByteArray
// (24 bytes a value) for every column of every row group, most of the write stage's
// allocated bytes. The encoders copy what they keep, so the buffer is reused; the calls,
// and so the bytes, are pqarrow's (TestCaseWriterMatchesPqarrow).
func (cw *caseWriter) writeText(worker int, wr *file.ByteArrayColumnChunkWriter, arr *array.String, def []int16) error {
	valueBuf := []byte{}
	if b := arr.Data().Buffers()[2]; b != nil {
		valueBuf = b.Bytes()
	}
	offsets := arr.ValueOffsets()
	data := cw.texts[worker]
	if cap(data) < arr.Len() {
		data = make([]parquet.ByteArray, arr.Len())
	}
	data = data[:arr.Len()]
	for i := range data {
		data[i] = parquet.ByteArray(valueBuf[offsets[i]:offsets[i+1]])
	}
	var err error
	if wr.Descr().SchemaNode().RepetitionType() == parquet.Repetitions.Required || arr.NullN() == 0 {
		_, err = wr.WriteBatch(data, def, nil)
	} else {
		_, err = wr.WriteBatchSpacedWithError(data, def, nil, arr.NullBitmapBytes(), int64(arr.Data().Offset()))
	}
	clear(data) // no value's bytes kept alive by the buffer
	cw.texts[worker] = data[:0]
	return err
}

// close finishes the row group and the file (and closes the file when out is an io.Closer).
func (cw *caseWriter) close() error {
	if cw.rgw != nil {
		if err := cw.rgw.Close(); err != nil {
			return err
		}
		cw.rgw = nil
	}
	return cw.w.Close()
}

// abort closes what it can of an unfinished file (which is removed afterwards).
func (cw *caseWriter) abort() {
	if err := cw.close(); err != nil {
		if c, ok := cw.out.(io.Closer); ok {
			c.Close()
		}
	}
}
