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
	"github.com/apache/arrow-go/v18/arrow/memory"
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
	// the current row group, written when it is full or the file closed: its rows as slices
	// of the records written (retained), so that a text column's dictionary is known whole
	// before its chunk is begun (see textDict.plan)
	pending []arrow.RecordBatch
	open    bool  // a row group is begun (an empty one too, as pqarrow's WriteBuffered begins it)
	rows    int64 // in the current row group
	props   pqarrow.ArrowWriterProperties
	workers int
	levels  [][]int16 // a buffer of definition levels per worker
	// a buffer of text values per worker (see writeText)
	texts [][]parquet.ByteArray
	// a buffer of dictionary indices per worker (see textDict.plan)
	idx [][]int32
	// per column: the text column's dictionary in this row group (see textDict)
	dicts []textDict
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
		workers: workers, levels: make([][]int16, workers), texts: make([][]parquet.ByteArray, workers),
		idx: make([][]int32, workers), dicts: make([]textDict, s.NumFields())}, nil
}

// write appends rec, filling the current row group up to its maximum length first. A row
// group is written once full (when more rows come) or at close.
func (cw *caseWriter) write(rec arrow.RecordBatch) error {
	if !rec.Schema().Equal(cw.schema) {
		return fmt.Errorf("release: record schema does not match the writer's")
	}
	n := rec.NumRows()
	cw.open = true
	for off := int64(0); off < n; {
		if cw.rows >= cw.maxRows {
			if err := cw.flush(); err != nil {
				return err
			}
			cw.open = true
		}
		size := min(cw.maxRows-cw.rows, n-off)
		cw.pending = append(cw.pending, rec.NewSlice(off, off+size))
		cw.rows += size
		off += size
	}
	return nil
}

// flush writes the current row group (its columns on all cores) and closes it.
func (cw *caseWriter) flush() error {
	defer func() {
		for _, r := range cw.pending {
			r.Release()
		}
		clear(cw.pending)
		cw.pending, cw.rows, cw.open = cw.pending[:0], 0, false
	}()
	rgw, err := cw.w.AppendBufferedRowGroupChecked()
	if err != nil {
		return err
	}
	ncol := cw.schema.NumFields()
	errs := make([]error, ncol)
	next := make(chan int)
	var wg sync.WaitGroup
	for w := range cw.workers {
		wg.Go(func() {
			ctx := pqarrow.NewArrowWriteContext(context.Background(), &cw.props)
			for c := range next {
				errs[c] = cw.writeChunk(ctx, w, rgw, c)
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
	return rgw.Close()
}

// writeChunk writes column c of the pending records into the row group, record by record as
// pqarrow's WriteBuffered does; a text column's dictionary is planned first (textDict.plan).
func (cw *caseWriter) writeChunk(ctx context.Context, worker int, rgw file.BufferedRowGroupWriter, c int) error {
	ccw, err := rgw.Column(c)
	if err != nil {
		return err
	}
	d := &cw.dicts[c]
	d.reset()
	bw, text := ccw.(*file.ByteArrayColumnChunkWriter)
	text = text && !bw.SupportsArrowOffsets()
	if text {
		cols := make([]*array.String, len(cw.pending))
		for i, r := range cw.pending {
			if cols[i], text = r.Column(c).(*array.String); !text {
				break
			}
		}
		if text {
			cw.idx[worker] = d.plan(bw, cols, cw.idx[worker][:0])
		}
	}
	nullable := cw.schema.Field(c).Nullable
	for _, r := range cw.pending {
		if err := cw.writeColumn(ctx, worker, c, ccw, r.Column(c), nullable, text); err != nil {
			return err
		}
	}
	return nil
}

func (cw *caseWriter) writeColumn(ctx context.Context, worker, c int, ccw file.ColumnChunkWriter, arr arrow.Array, nullable, text bool) error {
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
	if text {
		bw, sa := ccw.(*file.ByteArrayColumnChunkWriter), arr.(*array.String)
		if done, err := cw.dicts[c].put(bw, sa, def); done || err != nil {
			return err
		}
		return cw.writeText(worker, bw, sa, def)
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

// dictText is what textDict.put calls on a text column's dictionary encoder (arrow-go's
// DictByteArrayEncoder, which CurrentEncoder returns as an interface of an internal package).
type dictText interface {
	Encoding() parquet.Encoding
	NumEntries() int
	DictEncodedSize() int
	PutByteArray(parquet.ByteArray)
	PutIndices(arrow.Array) error
	AddRawSize(int64)
}

// textDict is a text column's dictionary in the current row group, worked out whole before
// the chunk is begun (plan): value -> index, in the encoder's order (first seen first).
//
// Why whole: arrow-go falls back to plain when the dictionary outgrows its limit; if a page of
// indices was cut before (the pages are cut by the values' raw size), the chunk holds
// dictionary-indexed pages and plain ones, and arrow-go writes the chunk's encoding_stats from
// a Go map, in a random order: the release was not the same file twice (a pseudonym column,
// unique a case, did that in every row group). plan sees the row group's dictionary would
// reach the limit before a value is written and makes the chunk plain from its start.
//
// Why beside the encoder's own: the encoder's Put looks every value up in arrow-go's
// BinaryMemoTable, whose InsertOrGet boxes the value in an interface to hash it (24 bytes
// allocated for every text value of the release and a third of the write stage's CPU). put
// hands the encoder what Put would have done to it from plan's indices: a new value by
// PutByteArray (so it enters the encoder's dictionary and its sizes), the indices of known ones
// by PutIndices and their raw size by AddRawSize, in the same order. The levels, the page and
// the dictionary checks are the column writer's own (WriteBatch with no values, batch by batch
// as WriteBatch would cut them), and the page statistics get the same values: the bytes are
// pqarrow's whenever pqarrow's chunk does not fall back after a page
// (TestCaseWriterMatchesPqarrow).
type textDict struct {
	memo    map[string]int32
	off     bool    // not planned, or the encoder no longer matches: writeText's path for this chunk
	order   []int32 // each non-null value's index in the row group, in order (plan)
	at      int     // the next of order to put
	entries int     // the dictionary's entries handed to the encoder
	idx     []int32
	vals    []parquet.ByteArray
	zero    []int16 // definition levels of a required column (WriteBatch counts levels)
}

func (d *textDict) reset() {
	clear(d.memo)
	d.off, d.order, d.at, d.entries = true, nil, 0, 0
}

// plan works out the dictionary of the chunk that cols (the row group's pieces of the column)
// make, in order[:0]'s storage, which it returns for reuse. When the dictionary would reach the
// writer's limit (the size arrow-go counts: 4 bytes and the value's for each entry), the chunk
// is made plain before anything is written (FallbackToPlain of an empty encoder discards its
// dictionary); else the limit is never reached while the chunk is written. Without a
// dictionary encoder (dictionary off, a bloom filter, another statistics type) it does nothing
// and put leaves the column to writeText.
func (d *textDict) plan(wr *file.ByteArrayColumnChunkWriter, cols []*array.String, order []int32) []int32 {
	enc, ok := wr.CurrentEncoder().(dictText)
	if !ok || enc.Encoding() != parquet.Encodings.PlainDict || enc.NumEntries() != 0 || wr.GetBloomFilter() != nil {
		return order
	}
	if s := wr.PageStatistics(); s != nil {
		if _, ok := s.(*metadata.ByteArrayStatistics); !ok {
			return order
		}
	}
	if d.memo == nil {
		d.memo = make(map[string]int32)
	}
	limit := wr.Properties().DictionaryPageSizeLimit()
	size := int64(0)
	for _, arr := range cols {
		valueBuf := []byte{}
		if b := arr.Data().Buffers()[2]; b != nil {
			valueBuf = b.Bytes()
		}
		offsets := arr.ValueOffsets()
		nulls := arr.NullN() > 0
		for i := range arr.Len() {
			if nulls && arr.IsNull(i) {
				continue
			}
			v := valueBuf[offsets[i]:offsets[i+1]]
			j, ok := d.memo[string(v)]
			if !ok {
				j = int32(len(d.memo))
				d.memo[string(v)] = j
				if size += int64(len(v)) + 4; size >= limit {
					// the encoder would fall back within this chunk: plain from its start
					clear(d.memo)
					wr.FallbackToPlain()
					return order[:0]
				}
			}
			order = append(order, j)
		}
	}
	d.off, d.order = false, order
	return order
}

// put writes arr into wr as wr.WriteBatch / WriteBatchSpacedWithError (writeText) would, while
// the column is dictionary-encoded as planned; done is false when it wrote nothing (not
// planned, or no longer the dictionary encoder): then writeText writes the column. Once the
// encoder falls back to plain in the middle (the cost check of an uncompressed column, before
// any page), the rest is written by writeText's calls from that batch on.
func (d *textDict) put(wr *file.ByteArrayColumnChunkWriter, arr *array.String, def []int16) (done bool, err error) {
	if d.off {
		return false, nil
	}
	enc, ok := wr.CurrentEncoder().(dictText)
	if !ok || enc.Encoding() != parquet.Encodings.PlainDict || enc.NumEntries() != d.entries {
		d.off = true // written to by another path: never guess its dictionary
		return false, nil
	}
	var stats *metadata.ByteArrayStatistics
	if s := wr.PageStatistics(); s != nil {
		stats = s.(*metadata.ByteArrayStatistics) // plan checked its type
	}
	n := arr.Len()
	if n == 0 {
		return true, nil
	}
	valueBuf := []byte{}
	if b := arr.Data().Buffers()[2]; b != nil {
		valueBuf = b.Bytes()
	}
	offsets := arr.ValueOffsets()
	nulls := arr.NullN() > 0
	batch := int(wr.Properties().WriteBatchSize())
	defer func() {
		clear(d.vals) // no record's bytes kept alive
		d.vals = d.vals[:0]
	}()
	for s := 0; s < n; s += batch {
		e := min(s+batch, n)
		if enc, ok = wr.CurrentEncoder().(dictText); !ok || enc.Encoding() != parquet.Encodings.PlainDict {
			// fallen back to plain in the last batch: the rest as writeText writes it, cut
			// where WriteBatch would have cut it
			d.off = true
			return true, writeTextFrom(wr, arr, def, s, valueBuf, offsets)
		}
		vals, idx, raw := d.vals[:0], d.idx[:0], int64(0)
		for i := s; i < e; i++ {
			if nulls && arr.IsNull(i) {
				continue
			}
			v := valueBuf[offsets[i]:offsets[i+1]]
			vals = append(vals, v)
			if d.at >= len(d.order) {
				return true, fmt.Errorf("release: a text column has more values than its dictionary was planned for")
			}
			j := int(d.order[d.at])
			d.at++
			if j < d.entries {
				idx = append(idx, int32(j))
				raw += int64(len(v)) + 4 // as PutByteArray counts it
				continue
			}
			if err := putIndices(enc, idx); err != nil {
				return true, err
			}
			idx = idx[:0]
			enc.PutByteArray(v)
			d.entries++
		}
		if err := putIndices(enc, idx); err != nil {
			return true, err
		}
		d.vals, d.idx = vals, idx[:0]
		if enc.NumEntries() != d.entries {
			return true, fmt.Errorf("release: a text column's dictionary has %d entries, the writer's %d", d.entries, enc.NumEntries())
		}
		enc.AddRawSize(raw)
		if stats != nil {
			stats.Update(vals, 0) // the nulls are counted by WriteBatch below
		}
		levels := def
		if levels == nil {
			if cap(d.zero) < e-s {
				d.zero = make([]int16, batch)
			}
			levels = d.zero[:e-s]
		} else {
			levels = levels[s:e]
		}
		if _, err := wr.WriteBatch(nil, levels, nil); err != nil {
			return true, err
		}
	}
	return true, nil
}

// putIndices appends the indices of known values to the encoder's.
func putIndices(enc dictText, idx []int32) error {
	if len(idx) == 0 {
		return nil
	}
	data := array.NewData(arrow.PrimitiveTypes.Int32, len(idx),
		[]*memory.Buffer{nil, memory.NewBufferBytes(arrow.Int32Traits.CastToBytes(idx))}, nil, 0, 0)
	defer data.Release()
	a := array.NewInt32Data(data)
	defer a.Release()
	return enc.PutIndices(a)
}

// writeTextFrom writes rows [s, n) of arr with writeText's calls (the plain encoder takes no
// Arrow offsets either).
func writeTextFrom(wr *file.ByteArrayColumnChunkWriter, arr *array.String, def []int16, s int, valueBuf []byte, offsets []int32) error {
	data := make([]parquet.ByteArray, arr.Len()-s)
	for i := range data {
		data[i] = parquet.ByteArray(valueBuf[offsets[s+i]:offsets[s+i+1]])
	}
	var rest []int16
	if def != nil {
		rest = def[s:]
	}
	var err error
	if wr.Descr().SchemaNode().RepetitionType() == parquet.Repetitions.Required || arr.NullN() == 0 {
		_, err = wr.WriteBatch(data, rest, nil)
	} else {
		_, err = wr.WriteBatchSpacedWithError(data, rest, nil, arr.NullBitmapBytes(), int64(arr.Data().Offset()+s))
	}
	return err
}

// close writes the last row group and finishes the file (and closes the file when out is an
// io.Closer).
func (cw *caseWriter) close() error {
	if cw.open {
		if err := cw.flush(); err != nil {
			return err
		}
	}
	return cw.w.Close()
}

// abort closes what it can of an unfinished file (which is removed afterwards).
func (cw *caseWriter) abort() {
	for _, r := range cw.pending {
		r.Release()
	}
	cw.pending, cw.open = nil, false
	if err := cw.close(); err != nil {
		if c, ok := cw.out.(io.Closer); ok {
			c.Close()
		}
	}
}
