package ingest

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/zeebo/xxh3"

	"github.com/prevalence/prevalence/schema"
)

// Deduper finds records that repeat an earlier record's source and case ID: the same case
// exported twice. Of each set, the one updated last is kept (the later row on a tie or when no
// update date is given). Keys are 128-bit hashes, so the case IDs themselves are not retained.
type Deduper struct {
	seen map[xxh3.Uint128]kept
}

type kept struct {
	row     int
	updated int32 // days since epoch; minInt32 when unknown
}

// NewDeduper returns an empty Deduper.
func NewDeduper() *Deduper { return &Deduper{seen: make(map[xxh3.Uint128]kept)} }

// Add considers the rows of rec, numbered from base in the caller's running row count, and
// returns the numbers of the rows that lost to a duplicate: earlier rows (already passed on)
// or rows of rec.
func (d *Deduper) Add(rec arrow.RecordBatch, base int) []int {
	ids := rec.Column(schema.Index(schema.CaseID)).(*array.String)
	src := rec.Column(schema.Index(schema.Source)).(*array.String)
	upd := rec.Column(schema.Index(schema.UpdatedAt)).(*array.Date32)
	var losers []int
	buf := make([]byte, 0, 128)
	for i := 0; i < int(rec.NumRows()); i++ {
		if ids.IsNull(i) {
			continue // without a case ID a row cannot be told to be a repeat
		}
		buf = append(append(append(buf[:0], src.Value(i)...), 0), ids.Value(i)...)
		key := xxh3.Hash128(buf)
		k := kept{row: base + i, updated: -1 << 31}
		if upd.IsValid(i) {
			k.updated = int32(upd.Value(i))
		}
		prev, dup := d.seen[key]
		switch {
		case !dup:
			d.seen[key] = k
		case k.updated >= prev.updated:
			losers = append(losers, prev.row)
			d.seen[key] = k
		default:
			losers = append(losers, k.row)
		}
	}
	return losers
}
