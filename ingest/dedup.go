package ingest

import (
	"errors"
	"math"
	"slices"
	"strings"

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

	// groups holds the keys by scope and source (see groupKey): records of different ones
	// are never the same case, so a group no later input can add to is forgotten (Forget).
	groups    map[string]*dedupGroup
	forgotten map[string]bool
	last      *dedupGroup // the group of the last row's scope and source
	lastKey   string
	err       error
	conflicts int
}

type dedupGroup struct {
	seen map[xxh3.Uint128]kept
	// more holds the further cases of a key whose case ID was reused (rare).
	more map[xxh3.Uint128][]kept
}

// groupKey is the key of the group of records of scope and source.
func groupKey(scope, source string) string { return scope + "\x00" + source }

type kept struct {
	row     int32
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
	return &Deduper{groups: map[string]*dedupGroup{}, forgotten: map[string]bool{}}
}

// Forget drops the keys of every scope and source for which keep is false: no record added
// later may have them (Err reports one that does). It bounds the memory of a run of many
// inputs to the keys of the sources still to come.
func (d *Deduper) Forget(keep func(scope, source string) bool) {
	for k := range d.groups {
		scope, source, _ := strings.Cut(k, "\x00")
		if !keep(scope, source) {
			delete(d.groups, k)
			d.forgotten[k] = true
		}
	}
	d.last, d.lastKey = nil, ""
}

// Err returns the error of an Add that met a forgotten scope and source, or more rows than
// an int32 numbers.
func (d *Deduper) Err() error { return d.err }

// group returns the group of scope and source.
func (d *Deduper) group(source string) *dedupGroup {
	if d.last != nil && len(d.lastKey) == len(d.Scope)+1+len(source) && d.lastKey[:len(d.Scope)] == d.Scope && d.lastKey[len(d.Scope)+1:] == source {
		return d.last
	}
	k := groupKey(d.Scope, source)
	g := d.groups[k]
	if g == nil {
		if d.forgotten[k] && d.err == nil {
			d.err = errors.New("internal error: de-duplication: a record's source was forgotten before its last input")
		}
		g = &dedupGroup{seen: make(map[xxh3.Uint128]kept), more: make(map[xxh3.Uint128][]kept)}
		d.groups[k] = g
	}
	d.last, d.lastKey = g, k
	return g
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
	if base+int(rec.NumRows()) > math.MaxInt32 {
		if d.err == nil {
			d.err = errors.New("de-duplication: more than 2^31-1 rows")
		}
		return nil
	}
	buf := make([]byte, 0, 128)
	for i := 0; i < int(rec.NumRows()); i++ {
		if ids.IsNull(i) {
			continue // without a case ID a row cannot be told to be a repeat
		}
		buf = append(append(append(append(append(buf[:0], d.Scope...), 0), src.Value(i)...), 0), ids.Value(i)...)
		key := xxh3.Hash128(buf)
		g := d.group(src.Value(i))
		k := kept{row: int32(base + i), updated: -1 << 31, dob: -1 << 31}
		if upd.IsValid(i) {
			k.updated = int32(upd.Value(i))
		}
		if dob.IsValid(i) {
			k.dob = int32(dob.Value(i))
		}
		if gen.IsValid(i) {
			k.gender = genderCode[gen.Value(i)]
		}
		prev, dup := g.seen[key]
		if dup && !prev.agrees(k) {
			// Another case under the same number, or one of the others seen under it.
			all := g.more[key]
			j := slices.IndexFunc(all, k.agrees)
			if j < 0 {
				d.conflicts++
				g.more[key] = append(all, k)
				continue
			}
			if k.updated >= all[j].updated {
				losers = append(losers, int(all[j].row))
				all[j] = keepKnown(k, all[j])
			} else {
				losers = append(losers, int(k.row))
				all[j] = keepKnown(all[j], k)
			}
			continue
		}
		switch {
		case !dup:
			g.seen[key] = k
		case k.updated >= prev.updated:
			losers = append(losers, int(prev.row))
			g.seen[key] = keepKnown(k, prev)
		default:
			losers = append(losers, int(k.row))
			g.seen[key] = keepKnown(prev, k)
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
