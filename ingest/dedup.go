package ingest

import (
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/zeebo/xxh3"

	"github.com/prevalence/prevalence/schema"
)

// Deduper finds records that repeat an earlier record's source and case ID: the same case
// exported twice. Of each set, the one updated last is kept (the later row on a tie or when no
// update date is given). Keys are 128-bit hashes, so the case IDs themselves are not retained.
//
// A record whose fixed attributes (gender, date of birth) disagree with those of the record
// of the same source and case ID is not the same case: case numbers reused (restarting each
// year, in another office) must not merge two people. Both are kept, and counted in
// Conflicts for a notice.
type Deduper struct {
	// Scope, when set before Add, is part of every key: the input's name, when case numbers are
	// unique only within a file.
	Scope string

	seen map[xxh3.Uint128]kept
	// more holds the further cases of a key whose case ID was reused (rare).
	more      map[xxh3.Uint128][]kept
	conflicts int
}

type kept struct {
	row     int
	updated int32 // days since epoch; minInt32 when unknown
	dob     int32 // days since epoch; minInt32 when unknown
	gender  uint8 // genderCode; 0 when unknown
}

// agrees reports whether two records can be the same case: their fixed attributes do not
// disagree where both are known.
func (k kept) agrees(o kept) bool {
	const unknown = -1 << 31
	if k.gender != 0 && o.gender != 0 && k.gender != o.gender {
		return false
	}
	return k.dob == unknown || o.dob == unknown || k.dob == o.dob
}

// NewDeduper returns an empty Deduper.
func NewDeduper() *Deduper {
	return &Deduper{seen: make(map[xxh3.Uint128]kept), more: make(map[xxh3.Uint128][]kept)}
}

// Conflicts returns how many records shared a source and case ID with an earlier one but
// disagreed on gender or date of birth, and were kept as another case.
func (d *Deduper) Conflicts() int { return d.conflicts }

// Add considers the rows of rec, numbered from base in the caller's running row count, and
// returns the numbers of the rows that lost to a duplicate: earlier rows (already passed on)
// or rows of rec.
func (d *Deduper) Add(rec arrow.RecordBatch, base int) []int {
	ids := rec.Column(schema.Index(schema.CaseID)).(*array.String)
	src := rec.Column(schema.Index(schema.Source)).(*array.String)
	upd := rec.Column(schema.Index(schema.UpdatedAt)).(*array.Date32)
	gen := rec.Column(schema.Index(schema.Gender)).(*array.String)
	dob := rec.Column(schema.Index(schema.DateOfBirth)).(*array.Date32)
	var losers []int
	buf := make([]byte, 0, 128)
	for i := 0; i < int(rec.NumRows()); i++ {
		if ids.IsNull(i) {
			continue // without a case ID a row cannot be told to be a repeat
		}
		buf = append(append(append(append(append(buf[:0], d.Scope...), 0), src.Value(i)...), 0), ids.Value(i)...)
		key := xxh3.Hash128(buf)
		k := kept{row: base + i, updated: -1 << 31, dob: -1 << 31}
		if upd.IsValid(i) {
			k.updated = int32(upd.Value(i))
		}
		if dob.IsValid(i) {
			k.dob = int32(dob.Value(i))
		}
		if gen.IsValid(i) {
			k.gender = genderCode[gen.Value(i)]
		}
		prev, dup := d.seen[key]
		if dup && !prev.agrees(k) {
			// Another case under the same number, or one of the others seen under it.
			all := d.more[key]
			j := slices.IndexFunc(all, k.agrees)
			if j < 0 {
				d.conflicts++
				d.more[key] = append(all, k)
				continue
			}
			if k.updated >= all[j].updated {
				losers = append(losers, all[j].row)
				all[j] = keepKnown(k, all[j])
			} else {
				losers = append(losers, k.row)
				all[j] = keepKnown(all[j], k)
			}
			continue
		}
		switch {
		case !dup:
			d.seen[key] = k
		case k.updated >= prev.updated:
			losers = append(losers, prev.row)
			d.seen[key] = keepKnown(k, prev)
		default:
			losers = append(losers, k.row)
			d.seen[key] = keepKnown(prev, k)
		}
	}
	return losers
}

// keepKnown returns the kept record w, with the fixed attributes that only the loser l knew,
// so that a later record is compared with all that is known of the case.
func keepKnown(w, l kept) kept {
	if w.gender == 0 {
		w.gender = l.gender
	}
	if w.dob == -1<<31 {
		w.dob = l.dob
	}
	return w
}

// genderCode codes the gender vocabulary; "unknown" is as good as missing.
var genderCode = map[string]uint8{"female": 1, "male": 2, "other": 3}
