package pipeline

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"math"
	"slices"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/schema"
)

// inputPrint is what an input's rows, once read, look like to checkRead: a fingerprint of the
// multiset of its rows (over printFields, the source left out) and the keyed hashes of its case
// ids. Hashes with a seed drawn per run, in memory only: no value is kept or shown.
type inputPrint struct {
	idx      int    // the input's position
	label    string // as the manifest names it
	source   string // the organisation its rows are recorded under
	rows     int    // rows read (valid)
	withID   int    // of them with a case id
	sum      [2]uint64
	ids      []idPrint // per row with a case id; sorted by id after checkRead
	distinct int       // case ids, each once (checkRead)
	// rows without a case id (nothing merges them): each one's hash over printFields, sorted
	// by checkRead, and how many of them have a registration date or a date of birth
	noID  []uint64
	dated int
	// of them, the registrations (idPrint.reg with born) of those with a gender and a date
	// of birth, dated or not: renumberedByBirth pairs them as numbers of their own
	// (a new system's export without its case numbers beside the old system's)
	noIDRegs []uint32
	// the latest registration date of a row (days since the epoch, when hasReg) and the
	// latest year of a row that gives a year but no date (0 when none): partialYear
	lastReg, lastYearOnly int32
	hasReg                bool
	firstReg              int32 // the earliest registration date (when hasReg): sourceStops' rate
	// registrations per calendar month, months[i] of the month monthBase+i (months since
	// January 1970): partialFirstYear finds where an organisation's registrations begin
	months    []int32
	monthBase int32
	// the source's extracted: date (days since the epoch, when hasExtracted), the rows with a
	// registration date and those of them registered after it (lastDates; see afterExtracted)
	extracted           int32
	hasExtracted        bool
	regRows, afterDrawn int
	hint                int // rows expected, for the first batch to make room for (expect)
	// provinces counts the rows per province of exploitation recorded (its code):
	// partialFirstYear keeps those of the organisation whose registrations begin late.
	provinces map[string]int32
}

// idPrint is a row's case id hashed, its person (the first nPerson printFields) hashed, and
// its registration (gender, date of birth and registration date: regPrint) hashed: two snapshots of one register a year apart agree on the registration where an
// export of the current age does not on the age (attack-2026-12-03e finding 7). The person
// and the registration are only compared within one case id, so 32 bits of each suffice (a
// false agreement one in 2^32): 16 bytes a row, not 24 (session z's third 64-bit field held
// 80 MiB more at 10M rows, up to twice that in the slice's spare room, and slowed its sort).
type idPrint struct {
	id          uint64
	person, reg uint32
}

// fold32 folds a 64-bit hash to idPrint's 32 bits; 0 stays 0 (reg: none) and no other does.
func fold32(h uint64) uint32 {
	if h == 0 {
		return 0
	}
	return max(uint32(h^h>>32), 1)
}

// printFields are the fields two exports of one register agree on, row by row, whatever their
// bytes (line ends, a byte-order mark, an encoding, quoting, a format) and whatever columns one
// has more (a narrative): the case, the person and when and where. The first nPerson are the
// person's, which two snapshots of one register agree on for a case (an update changes its
// status or its place, not who and when registered). The age is the one the export gives, not
// its band only: two shelters' boys under restarting numbers without dates share their bands
// far more often than their ages (attack-2026-12-03e finding 8: 33 of 40 ages differ, read as
// "the same rows").
var printFields = func() []int {
	var out []int
	for _, f := range []string{schema.Gender, schema.DateOfBirth, schema.AgeBand, schema.AgeAtRegistration,
		schema.RegistrationDate, schema.YearOfRegistration, schema.RegistrationPeriod,
		schema.CaseID, schema.UpdatedAt, schema.CountryOfOrigin, schema.CountryOfExploitation,
		schema.ProvinceOfExploitation, schema.TraffickingStatus} {
		out = append(out, schema.Index(f))
	}
	return out
}()

const nPerson = 7

// add takes a batch of the input's case records (schema.Cases), before events are added.
func (p *inputPrint) add(rec arrow.RecordBatch, seed maphash.Seed, acc []uint64) []uint64 {
	n := int(rec.NumRows())
	acc = slices.Grow(acc[:0], 2*n)[:2*n]
	clear(acc)
	acc, person := acc[:n], acc[n:]
	for k, f := range printFields {
		if k == nPerson {
			copy(person, acc)
		}
		col := rec.Column(f)
		const null = 0x9e3779b97f4a7c15
		switch a := col.(type) {
		case *array.String:
			for i := range n {
				v := uint64(null)
				if a.IsValid(i) {
					v = shortHash(a.Value(i), seed)
				}
				acc[i] = (acc[i] ^ v) * 0x100000001b3
			}
		case *array.Date32:
			for i, d := range a.Date32Values() {
				v := uint64(null)
				if a.IsValid(i) {
					v = uint64(d) + 1
				}
				acc[i] = (acc[i] ^ v) * 0x100000001b3
			}
		case *array.Int32:
			for i, d := range a.Int32Values() {
				v := uint64(null)
				if a.IsValid(i) {
					v = uint64(d) + 1
				}
				acc[i] = (acc[i] ^ v) * 0x100000001b3
			}
		}
	}
	ids := rec.Column(schema.Index(schema.CaseID)).(*array.String)
	reg, dob := rec.Column(schema.Index(schema.RegistrationDate)), rec.Column(schema.Index(schema.DateOfBirth))
	p.lastDates(reg, rec.Column(schema.Index(schema.YearOfRegistration)))
	p.countProvinces(rec.Column(schema.Index(schema.ProvinceOfExploitation)))
	withID := 0
	for i := range n {
		if ids.IsValid(i) && ids.Value(i) != "" {
			withID++
		}
	}
	if p.hint > 0 {
		p.ids, p.hint = slices.Grow(p.ids, p.hint), 0
	}
	p.ids, p.noID, p.noIDRegs = growBy(p.ids, withID), growBy(p.noID, n-withID), growBy(p.noIDRegs, n-withID)
	rp := regPrintOf(rec)
	for i := range n {
		p.sum[0] += mix(acc[i])
		p.sum[1] += mix(acc[i] ^ 0x5bd1e9955bd1e995)
		if ids.IsValid(i) && ids.Value(i) != "" {
			p.withID++
			// The number as de-duplication compares it: "0001", "1" and "1.0" are one case,
			// not a renumbering (renumberedByBirth) nor other numbers (checkRead).
			p.ids = append(p.ids, idPrint{maphash.String(seed, ingest.FoldCaseID(ids.Value(i))), fold32(person[i]), rp.of(i)})
		} else {
			p.noID = append(p.noID, acc[i])
			if reg.IsValid(i) || dob.IsValid(i) {
				p.dated++
			}
			if r := rp.of(i); r&born != 0 {
				p.noIDRegs = append(p.noIDRegs, r)
			}
		}
	}
	p.rows += n
	return acc[:2*n]
}

// regPrint prints a row's registration (idPrint.reg): its gender, date of birth and
// registration date. Bit 0 (dated) is set when it has a registration date, bit 1 (born) when
// the gender and the date of birth are recorded: only such registrations pair people under
// other numbers (renumberedByBirth; a row without a registration date by its birth alone,
// renumberedByBirthAlone: a new system's export that leaves the date out); bit 2
// (exactBirth) when that date is not 1 January or 1 July, the usual estimates. 0: neither a
// registration date nor a gender and a date of birth. Bits 3-15 are the registration date (days since the epoch,
// modulo 8192: 22 years), bits 16-31 the gender and date of birth (birthBits, birthKey; a
// hash of them until linkage-merge23.md, which agreed falsely one in 2^16): an export whose
// registrations fall on one day or a few is seen (importBurst). Its columns are looked up once a batch (regPrintOf), not
// once a row.
type regPrint struct {
	reg         *array.Date32
	gender, dob arrow.Array
}

func regPrintOf(rec arrow.RecordBatch) regPrint {
	reg, _ := rec.Column(schema.Index(schema.RegistrationDate)).(*array.Date32)
	return regPrint{reg, rec.Column(schema.Index(schema.Gender)), rec.Column(schema.Index(schema.DateOfBirth))}
}

// idPrint.reg's bits: a registration date recorded; gender and date of birth recorded; the
// date not an estimate's.
const dated, born, exactBirth = 1, 2, 4

// estimatedDay reports whether days since the epoch fall on 1 January or 1 July (the civil
// date by Hinnant's days_from_civil inverted: no time.Time a row).
func estimatedDay(days int32) bool {
	z := int64(days) + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100) // day of the year from 1 March
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	return d == 1 && (mp == 10 || mp == 4) // January is month 10 from March, July month 4
}

func (r regPrint) of(i int) uint32 {
	var day, flagDated uint32
	if r.reg != nil && r.reg.IsValid(i) {
		day, flagDated = uint32(r.reg.Value(i))&0x1fff, dated
	}
	var flag uint32
	// Either of the two alone is kept in the bits too (flag born unset): checkRead's exports
	// that share case numbers compare gender, birth and registration date whichever is given
	// (a boy's and a girl's export of one registration day, ages only, are not one export).
	gender, days := "unknown", int32(0)
	g, _ := r.gender.(*array.String)
	d, _ := r.dob.(*array.Date32)
	gOK, dOK := g != nil && g.IsValid(i), d != nil && d.IsValid(i)
	if gOK {
		gender = g.Value(i)
	}
	if dOK {
		days = int32(d.Value(i))
	}
	if gOK && dOK {
		flag = born
		if !estimatedDay(days) {
			flag |= exactBirth
		}
	}
	if flag == 0 && flagDated == 0 {
		return 0
	}
	return birthBits(gender, days) | day<<3 | flagDated | flag
}

// birthBits is regPrint's bits 16-31: the gender (2 bits: female, male, other, unknown) and
// the date of birth itself (14 bits: days since the epoch modulo 16384, 44 years), not a hash:
// renumberedInBurst compares a birth's pairs with those of the births a few days from it, the
// chance that other people pair (linkage-merge23.md). In memory only, as the rows are.
func birthBits(gender string, days int32) uint32 {
	var g uint32
	switch gender {
	case "male":
		g = 1
	case "other":
		g = 2
	case "unknown":
		g = 3
	}
	return g<<30 | uint32(days)&0x3fff<<16
}

// birthBase is the first day of birthBits' 44 years read as dates (1981-02-22 to
// 2025-12-31, days since the epoch): a date of birth before it is read 44 years later
// (shiftMonths).
const birthBase = 20454 - 0x4000

// birthDays is a birthKey's date of birth in days since the epoch (birthBase on).
func birthDays(key uint32) int64 { return birthBase + (int64(key>>16&0x3fff)-birthBase)&0x3fff }

// shiftMonths moves a birthKey's date of birth by k calendar months, the day of the month
// kept, its gender and flags kept; false where that day is not in the month or falls on 1
// January or 1 July (not an exact birth).
func shiftMonths(key uint32, k int) (uint32, bool) {
	days := birthDays(key)
	t := time.Unix(days*86400, 0).UTC()
	m := time.Date(t.Year(), t.Month()+time.Month(k), t.Day(), 0, 0, 0, 0, time.UTC)
	if m.Day() != t.Day() || m.Day() == 1 && (m.Month() == time.January || m.Month() == time.July) {
		return 0, false
	}
	return key&0xc000ffff | uint32(m.Unix()/86400)&0x3fff<<16, true
}

// birthKey is a registration's print of gender and date of birth alone, with its flags
// born and exactBirth (regPrint's bits 16-31, 1 and 2), dated or not.
func birthKey(reg uint32) uint32 { return reg&0xffff0000 | reg&(born|exactBirth) }

// burstDays is the span of an import: a migration done on one day, over a weekend or over a
// working week's batches (attack-2026-12-04d finding R9).
const burstDays = 7

// importBurst reports whether most of an input's rows with a case number and a registration
// date (at least renumberMin) are registered on one day or within burstDays days (regPrint's
// bits 3-15): the day or days records were migrated into a new system or imported, which its
// "created" date holds, rather than their registrations (attack-2026-12-04c finding R1). n is
// how many such rows, most how many in the span, days the span from its first row to its
// last (1: one day).
func importBurst(p *inputPrint) (ok bool, most, n, days int) {
	var count [8192]int32
	for _, x := range p.ids {
		if x.reg&dated != 0 {
			count[x.reg>>3&0x1fff]++
			n++
		}
	}
	if n < renumberMin {
		return false, 0, n, 0
	}
	if _, most := densestSpan(&count, 1); 2*most > n {
		return true, most, n, 1
	}
	start, most := densestSpan(&count, burstDays)
	if 2*most <= n {
		return false, most, n, 0
	}
	first, last := -1, 0
	for d := range burstDays {
		if count[(start+d)&0x1fff] > 0 {
			if first < 0 {
				first = d
			}
			last = d
		}
	}
	return true, most, n, last - first + 1
}

// densestSpan returns the first day (modulo 8192, regPrint's days) of the span of w days whose
// count is the largest, and that count.
func densestSpan(count *[8192]int32, w int) (start, most int) {
	sum := 0
	for d := range w {
		sum += int(count[d])
	}
	most = sum
	for d := 1; d < len(count); d++ {
		sum += int(count[(d+w-1)&0x1fff]) - int(count[d-1])
		if sum > most {
			start, most = d, sum
		}
	}
	return start, most
}

// expect makes room for about n rows with a case id (an input's size at 192 bytes a row,
// readInput) once the input's first batch is read (add): one allocation where the doubling
// slice moved some eight times, its old and new arrays held together each time (growBy: 2 s
// of a 10M-row run's samples). Not before: a file refused by its size is never read, and
// its room would be allocated for nothing (TestWholeFileOverCapUnread). The room past the
// rows is never written (memory fresh from the system stays unbacked).
func (p *inputPrint) expect(n int) { p.hint = n }

// growBy makes room for n more elements of s, at least doubling its capacity when it grows:
// append grows a large slice by a quarter, copying it some four times over its final size
// (5.7 s of a 10M-row run's 177 s of CPU in these per-row slices).
func growBy[T any](s []T, n int) []T {
	if cap(s)-len(s) >= n {
		return s
	}
	return slices.Grow(s, max(len(s), n))
}

// shortHash hashes a value: one of at most 16 bytes (a code, a gender, a case number) from its
// bytes and length, cheaply; a longer one with maphash. The hash never leaves memory.
func shortHash(v string, seed maphash.Seed) uint64 {
	// Rows are mixed once they are whole (add); here two products suffice.
	if len(v) > 16 {
		return maphash.String(seed, v)
	}
	var b [16]byte
	copy(b[:], v)
	lo, hi := binary.LittleEndian.Uint64(b[:8]), binary.LittleEndian.Uint64(b[8:])
	return (lo^uint64(len(v))<<59)*0xbf58476d1ce4e5b9 ^ (hi+0x632be59bd9b4e019)*0x94d049bb133111eb
}

// mix is splitmix64's finalizer.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// minCopyDated and minCopy are the fewest rows for copyOf to judge an input a copy of another
// (each row dated) or to say it may be one.
const minCopyDated, minCopy = 3, 10

// minShared is the fewest case ids two inputs share for checkRead to say so.
const minShared = 5

// checkRead compares the inputs once read. Two inputs whose rows are the same (as a multiset,
// over printFields: the same export saved again with other line ends, a byte-order mark, in
// another encoding or format) are refused with ErrSameInput, naming both: each would be its own
// organisation's and every case would count twice. An input of at most 9 rows none of which
// has a case id is not compared (two organisations' few rows may agree by chance). Two inputs
// recorded under different organisations that share at least half of the smaller one's case
// ids (at least minShared) give a notice, never an id: two snapshots of one register (June's
// and December's) count their common cases twice, but two organisations that number their
// cases 1, 2, 3 ... share ids and nothing else. With case_id_scope: file (fileScope),
// inputs of one organisation are compared the same way (otherwise they merge as duplicates
// and are not), and refused with ErrSameInput where nine in ten of the smaller's numbers
// and more name the same person registered on the same day: two snapshots of one file.
func checkRead(prints []*inputPrint, fileScope bool) (notices []string, err error) {
	for _, p := range prints {
		slices.Sort(p.noID)
		slices.SortFunc(p.ids, func(a, b idPrint) int { return cmp.Compare(a.id, b.id) })
		p.distinct = 0
		for i := range p.ids {
			if i == 0 || p.ids[i].id != p.ids[i-1].id {
				p.distinct++
			}
		}
	}
	for a := 0; a < len(prints); a++ {
		for b := a + 1; b < len(prints); b++ {
			pa, pb := prints[a], prints[b]
			if pa.rows > 0 && pa.rows == pb.rows && pa.sum == pb.sum && (pa.withID > 0 || pa.rows >= 10) {
				return nil, fmt.Errorf("%w: inputs %d (%s) and %d (%s) hold the same %d rows once read (their bytes differ: line ends, a byte-order mark, an encoding, quoting or a format): a copy of one export would count every case twice; give it once",
					ErrSameInput, pa.idx+1, pa.label, pb.idx+1, pb.label, pa.rows)
			}
			for _, c := range [][2]*inputPrint{{pa, pb}, {pb, pa}} {
				n, err := copyOf(c[0], c[1])
				if err != nil {
					return nil, err
				}
				notices = append(notices, n...)
			}
			if pa.source == pb.source && !fileScope {
				continue // one organisation: shared case ids merge as duplicates
			}
			shared, same, sameReg := sharedSorted(pa.ids, pb.ids)
			if pa.source == pb.source && pa.hasReg && pb.hasReg && sameReg >= minShared && 10*sameReg >= 9*min(pa.distinct, pb.distinct) {
				// Nearly every number of the smaller with the same gender, birth and registration
				// date: two snapshots of one file, which case_id_scope: file would count twice
				// (attack-2026-12-03d finding 5: the restart refusal's advice, then next
				// month's exports beside this month's). The age is left out: an export of the
				// current age gives every child a year more a year later (attack-2026-12-03e
				// finding 5).
				return nil, fmt.Errorf("%w: inputs %d (%s) and %d (%s) of one organisation share %d case numbers (of %d and %d; none shown), %d of them with the same gender, birth and registration date: "+
					"two exports of one register, which case_id_scope: file would count as other people, every case twice. Give only the latest export of each register; "+
					"if each file is a shelter's own register whose numbers restart, give each shelter's files a source of their own (sources entries by file pattern) "+
					"instead of case_id_scope: file, so that a shelter's later exports merge with its earlier ones",
					ErrSameInput, pa.idx+1, pa.label, pb.idx+1, pb.label, shared, pa.distinct, pb.distinct, sameReg)
			}
			if same >= minShared && 2*same >= min(pa.distinct, pb.distinct) {
				notices = append(notices, fmt.Sprintf("inputs %d (%s) and %d (%s) share %d case numbers (of %d and %d; none shown), %d of them with the same gender, birth, age and registration, but are counted as %s: "+
					"if they are two snapshots of one register, give only the latest; if they are one organisation's exports, give them one source in the config so that their cases merge as duplicates",
					pa.idx+1, pa.label, pb.idx+1, pb.label, shared, pa.distinct, pb.distinct, same,
					map[bool]string{true: "separate files of one organisation (case_id_scope: file)", false: "two organisations' cases"}[pa.source == pb.source]))
			}
		}
	}
	return notices, nil
}

// copyOf judges whether input a is a copy or filtered view of input b (a folder holding the
// register and "boys.csv" cut from it, or last month's export beside this month's), as
// xlsx's copySheets does for sheets: every row of a, none with a case number (nothing would
// merge them), occurs in b at least as often, over printFields. With a registration date or a
// date of birth in each row, that is no chance: refused with ErrSameInput, naming both (each
// of its cases would count twice), from minCopyDated rows; so is a near copy of minCopy rows
// or more, all of whose rows but max(1, a tenth) are in b (a view with a row edited or added
// since). Without dates (gender, age band, year, place only), other people may match by
// chance: from minCopy rows an exact copy gets a notice, and the rows are read. Fewer rows may
// agree by chance (two organisations' few cases). Inputs equal row for row are checkRead's
// own refusal.
func copyOf(a, b *inputPrint) ([]string, error) {
	dated := a.dated == a.rows
	off := max(1, len(a.noID)/10) // rows a near copy may have that b has not
	if a.rows < minCopyDated || (!dated && a.rows < minCopy) || a.withID > 0 || len(a.noID) > len(b.noID)+off ||
		(a.rows == b.rows && b.withID == 0 && a.sum == b.sum) {
		return nil, nil
	}
	matched := 0
	for i, j := 0, 0; i < len(a.noID) && j < len(b.noID); { // both sorted: each row matched once
		switch {
		case a.noID[i] < b.noID[j]:
			i++
		case a.noID[i] > b.noID[j]:
			j++
		default:
			matched++
			i++
			j++
		}
	}
	switch {
	case matched == len(a.noID) && dated:
		return nil, fmt.Errorf("%w: each of the %d rows of input %d (%s) is also in input %d (%s), with the same gender, dates, age and places, and neither has case numbers: "+
			"a copy or filtered view of that export would count each of its cases twice; give only input %d (if its rows are other people, give them case numbers)",
			ErrSameInput, a.rows, a.idx+1, a.label, b.idx+1, b.label, b.idx+1)
	case matched == len(a.noID):
		return []string{fmt.Sprintf("each of the %d rows of input %d (%s) is also in input %d (%s) by gender, age band, year and place, and neither has case numbers or dates to tell people apart: "+
			"if it is a copy or filtered view of that export, its cases are counted twice: give only input %d", a.rows, a.idx+1, a.label, b.idx+1, b.label, b.idx+1)}, nil
	case dated && a.rows >= minCopy && len(a.noID)-matched <= off:
		return nil, fmt.Errorf("%w: %d of the %d rows of input %d (%s) are also in input %d (%s), with the same gender, dates, age and places, and neither has case numbers: "+
			"a copy or filtered view of that export with a row edited or added since would count those cases twice; give only input %d, with the rows it lacks added (if the rows are other people, give them case numbers)",
			ErrSameInput, matched, a.rows, a.idx+1, a.label, b.idx+1, b.label, b.idx+1)
	}
	return nil, nil
}

// sharedSorted counts the case ids two inputs (sorted by id) share, of them those whose
// person agrees (some row of the id in a has a person of some row of it in b), and those whose
// registration (idPrint.reg, with a registration date) agrees.
func sharedSorted(a, b []idPrint) (shared, same, sameReg int) {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].id < b[j].id:
			i++
		case a[i].id > b[j].id:
			j++
		default:
			id := a[i].id
			ei, ej := i, j
			for ei < len(a) && a[ei].id == id {
				ei++
			}
			for ej < len(b) && b[ej].id == id {
				ej++
			}
			shared++
			if slices.ContainsFunc(a[i:ei], func(x idPrint) bool {
				return slices.ContainsFunc(b[j:ej], func(y idPrint) bool { return x.person == y.person })
			}) {
				same++
			}
			if slices.ContainsFunc(a[i:ei], func(x idPrint) bool {
				return x.reg&dated != 0 && slices.ContainsFunc(b[j:ej], func(y idPrint) bool { return x.reg == y.reg })
			}) {
				sameReg++
			}
			i, j = ei, ej
		}
	}
	return shared, same, sameReg
}

// renumberedByBirth refuses (ErrSameInput) two case inputs of one organisation whose records
// under case numbers the other lacks (or under none) pair one to one on gender, date of birth
// and registration date (idPrint.reg, born): one register exported from an old system and a
// new one that numbers the cases anew, whose names are spelt another way (Mohammad/Muhammad),
// by a letter off or not exported at all, which the linker's name hash cannot pair
// (attack-2026-12-04a finding E: 40 boys counted as 80). It refuses where nine in ten of the
// smaller one's such numbers pair, at least renumberMin with an exact birth or
// minEstimatedPairs in all, or where a tenth of them and at least renumberMin pair with an
// exact birth (exactShare): a new system that took over only the open cases under new numbers
// beside its own new cases (linkage-merge20.md). Different people agree on all three by
// chance: two halves of one organisation's register pair a few in a hundred where the births
// are estimates (linkage-merge19.md), and with exact births at most 0.08% of a half in synth's
// registers of 2,500-7,000 (seeds 1-3, halves by odd and even number and at random), one in 94
// in the worst year of one, 1% where ten boys a day are registered in batches: a tenth is ten
// times that. Case numbers the two share are left out: those records merge as duplicates (or,
// in separate numberings, are checkRead's snapshots). A row without a case number is a number
// of its own (a new system's export that leaves the numbers out). Returned, not acted on, by
// checkRead's caller until the linker has had its say: its refusal by name says more where the
// names agree.
func renumberedByBirth(prints []*inputPrint) ([]string, error) {
	var notes []string
	for a := 0; a < len(prints); a++ {
		for b := a + 1; b < len(prints); b++ {
			pa, pb := prints[a], prints[b]
			if pa.source != pb.source {
				continue // two organisations' records of a person are linked by name, not refused
			}
			ra, da := bornApart(pa, pb.ids)
			rb, db := bornApart(pb, pa.ids)
			if min(len(ra), len(rb)) < renumberMin {
				continue
			}
			n, exact := 0, 0
			for i, j := 0, 0; i < len(ra) && j < len(rb); { // both sorted: each matched once
				switch {
				case ra[i] < rb[j]:
					i++
				case ra[i] > rb[j]:
					j++
				default:
					if ra[i]&dated != 0 { // a birth without registration dates: renumberedByBirthAlone's
						n++
						if ra[i]&exactBirth != 0 {
							exact++
						}
					}
					i++
					j++
				}
			}
			// Births estimated as 1 January or 1 July tell little: a shelter's few boys of one
			// rescue, registered on one day, all "born 1 January 2010", could pair by chance;
			// minEstimatedPairs of them could not.
			all := (exact >= renumberMin || n >= minEstimatedPairs) && 10*n >= 9*min(da, db)
			part := exact >= renumberMin && exactShare*exact >= min(da, db)
			if !all && !part {
				if err := renumberedByBirthAlone(pa, pb, ra, rb, da, db); err != nil {
					return nil, err
				}
				note, err := renumberedInBurst(pa, pb, ra, rb)
				if err != nil {
					return nil, err
				}
				if note != "" {
					notes = append(notes, note)
				}
				continue
			}
			advice := "Give only one of the two exports (the latest), or, if the new export keeps the old case number in a column, map that column as case_id so that the records merge as duplicates; "
			if !all {
				advice = "If the newer export took over only some of the other's cases (the open ones) under new numbers beside its own new cases, give both, but map its column of the old case number as case_id " +
					"for the records taken over so that they merge as duplicates, or leave those records out of one of the two exports; "
			}
			return nil, fmt.Errorf("%w: inputs %d (%s) and %d (%s) of one organisation: %d of their records (of %d and %d under case numbers the other lacks or none; none shown), %d with a date of birth that is not an estimate, pair one to one by gender, date of birth and registration date under different case numbers, "+
				"whatever their names: the same people numbered anew (an export of a new system beside the old system's, or a register re-keyed, its names spelt another way or left out), every one of them would count twice. "+
				advice+"if they are two organisations' records, give each its own source in the config",
				ErrSameInput, pa.idx+1, pa.label, pb.idx+1, pb.label, n, da, db, exact)
		}
	}
	return notes, nil
}

// renumberedByBirthAlone is renumberedByBirth's pairing by gender and exact date of birth
// alone, whatever the registration dates: a new system dates the records it took over by the
// day of the migration (attack-2026-12-04c finding R1: 100 people counted twice), by the days
// of a week's import, or by each record's last update, and their registration dates cannot
// agree with the old system's. Births alone pair other people by chance, more the larger the
// exports: two halves of one register pair one to one by gender and exact birth 1-5% of a
// half of 100-500, 10-22% of halves of 1,300-3,500 and 71% of halves of 99,000 (synth, seeds
// 1 and 2, halves by odd and even number and at random; linkage-merge21.md), heading for nine
// in ten. So they pair here by count: a birth whose number of records is the same in both
// exports (one and one, two and two) pairs that many; one with one record in one and two in
// the other pairs none. A copy's births agree in count wherever the other export added or
// dropped none of that birth; two halves of one register split each birth's k records at
// random, equal only by chance (at most half of a half whatever the register: k = 2 each;
// measured 9-20% from halves of 1,300 to 99,000, most near 10,000, and falling beyond). Nine
// in ten of the smaller's numbers apart (da, db) paired so, births not estimates, are the
// same people numbered anew. ra and rb are bornApart's registrations.
func renumberedByBirthAlone(pa, pb *inputPrint, ra, rb []uint32, da, db int) error {
	keys := func(regs []uint32) []uint32 {
		var k []uint32
		for _, r := range regs {
			if r&exactBirth != 0 {
				k = append(k, birthKey(r))
			}
		}
		slices.Sort(k)
		return k
	}
	ka, kb := keys(ra), keys(rb)
	n := 0
	for i, j := 0, 0; i < len(ka) && j < len(kb); {
		switch {
		case ka[i] < kb[j]:
			i++
		case ka[i] > kb[j]:
			j++
		default:
			ei, ej := i, j
			for ei < len(ka) && ka[ei] == ka[i] {
				ei++
			}
			for ej < len(kb) && kb[ej] == kb[j] {
				ej++
			}
			if ei-i == ej-j {
				n += ei - i
			}
			i, j = ei, ej
		}
	}
	if n < renumberMin || 10*n < 9*min(da, db) {
		return nil
	}
	dated := ""
	for _, p := range []*inputPrint{pa, pb} {
		if ok, _, _, days := importBurst(p); ok {
			dated = fmt.Sprintf("; most of input %d's records are registered %s (the days they were migrated into a new system or imported, not their registrations)", p.idx+1, spanWords(days))
		}
	}
	return fmt.Errorf("%w: inputs %d (%s) and %d (%s) of one organisation: %d of their records (of %d and %d under case numbers the other lacks or none; none shown) pair one to one by gender and exact date of birth under different case numbers, "+
		"whatever their names and registration dates (a new system dates the records it took over by the migration, the import or the last update)%s: the same people numbered anew, every one of them would count twice. "+
		"Give only one of the two exports (the old system's, whose registration dates are the registrations'), or, if the new export keeps the old case number in a column, map that column as case_id so that the records merge as duplicates; "+
		"if they are two organisations' records, give each its own source in the config",
		ErrSameInput, pa.idx+1, pa.label, pb.idx+1, pb.label, n, da, db, dated)
}

// spanWords says a span of days: "on one day", "within 3 days".
func spanWords(days int) string {
	if days <= 1 {
		return "on one day"
	}
	return fmt.Sprintf("within %d days", days)
}

// renumberedInBurst refuses (ErrSameInput) two exports of one organisation where the records of
// one registered in its busiest week or month (densestSpan of burstSpans, among its records
// under case numbers the other lacks or none) pair with the other's by gender and exact date
// of birth far beyond chance, and at least a quarter of them (the rest: the span's own new
// cases): a new system that took over only the open cases and dated them by the days it
// imported them, a weekend's, a week's or a month's batches, beside its own new cases
// (attack-2026-12-04d findings R9 and R10 without names, attack-2026-12-04e S2: their
// registration dates cannot agree with the old system's, and the taken over are a part of
// either export, so neither renumberedByBirth's share of the smaller nor
// renumberedByBirthAlone's pairing of nearly all of it holds). Each span record pairs where the
// other export has its birth (the least count: the other holds its closed cases too). Other
// people pair by chance as often as the span's births moved by 1 to controlMonths months pair
// with the other's (burstControl), whatever the register's size and however its births
// crowd where the span's people were born (one rescue's, born within a year) or on some days
// of the month; that rate's
// upper bound with its odds doubled is the chance. Refused where the chance of as many pairs
// (Chernoff's bound on the binomial tail) is below burstChance. A register of 10,000 born
// over twenty years, whose births pair other people two in three, is compared so (a
// takeover of 500 refused); beyond some 30,000 births alone cannot tell (burstUncompared).
func renumberedInBurst(pa, pb *inputPrint, ra, rb []uint32) (string, error) {
	note := ""
	type side struct {
		x, y   *inputPrint
		rx, ry []uint32
		ky     []uint32
		count  [8192]int32
	}
	sides := [2]*side{{x: pa, y: pb, rx: ra, ry: rb}, {x: pb, y: pa, rx: rb, ry: ra}}
	for _, d := range sides {
		d.ky = exactBirths(d.ry)
		for _, r := range d.rx {
			if r&dated != 0 {
				d.count[r>>3&0x1fff]++
			}
		}
	}
	// The shorter span first, in either export: a day's takeover is named as one, not as
	// the other export's busiest six months that hold its people.
	for _, w := range burstSpans {
		for _, d := range sides {
			ky := d.ky
			if len(ky) == 0 {
				continue
			}
			b := spanBirths(d.rx, &d.count, w)
			if len(b.keys) < renumberMin {
				continue
			}
			n, days := b.pair(ky)
			if n < renumberMin || 4*n < len(b.keys) {
				continue
			}
			chance := burstControl(b.keys, ky)
			if tail := binomialTail(len(b.keys), n, chance); chance >= 1 || tail > burstChance {
				if chance < 1 && tail <= burstSuspect && note == "" {
					// More pairs than other people make, short of certain: a tenth of a register
					// of 10,000 re-dated over six months beside its own new cases (linkage-merge24).
					note = fmt.Sprintf("inputs %d (%s) and %d (%s) of one organisation may be one register exported from two systems: %d of input %d's %d records with an exact date of birth registered in its busiest %s pair by gender and exact date of birth with input %d's under other case numbers, "+
						"more than other people would (%s of them; fewer than one time in a thousand would they pair as many), though not so many that the run refuses them as a takeover. "+
						"If input %d took over input %d's open cases under new numbers, map its column of the old case number as case_id for the records taken over so that they merge as duplicates, or each of them counts twice",
						pa.idx+1, pa.label, pb.idx+1, pb.label, n, d.x.idx+1, len(b.keys), spanName(w), d.y.idx+1, percentWords(burstControlRate(b.keys, ky)), d.x.idx+1, d.y.idx+1)
				}
				if chance >= burstUncompared && note == "" {
					note = fmt.Sprintf("inputs %d (%s) and %d (%s) of one organisation were not compared for a takeover: %d of input %d's %d records with an exact date of birth registered in its busiest %s pair by gender and exact date of birth with input %d's under other case numbers, "+
						"but other people would pair %s of them (large registers' births crowd every day), so births alone cannot tell a new system's export that took over the other's open cases and dated them by the import from other people. "+
						"If input %d took over input %d's cases under new numbers, map its column of the old case number as case_id for the records taken over so that they merge as duplicates, or each of them counts twice",
						pa.idx+1, pa.label, pb.idx+1, pb.label, n, d.x.idx+1, len(b.keys), spanName(w), d.y.idx+1, percentWords(burstControlRate(b.keys, ky)), d.x.idx+1, d.y.idx+1)
				}
				continue
			}
			return "", fmt.Errorf("%w: inputs %d (%s) and %d (%s) of one organisation: %d of their records (registered %s; of input %d's %d with an exact date of birth registered in its busiest %s, under case numbers input %d lacks or none; none shown) pair one to one by gender and exact date of birth with input %d's under different case numbers, "+
				"where other people would pair %s of them: a new system that took over these cases (the open ones) and dated them by the days it imported them, the same people numbered anew, every one of them would count twice. "+
				"Give both, but map the new export's column of the old case number as case_id for the records taken over so that they merge as duplicates, or leave those records out of one of the two exports; "+
				"if they are two organisations' records, give each its own source in the config",
				ErrSameInput, pa.idx+1, pa.label, pb.idx+1, pb.label, n, spanWords(days), d.x.idx+1, len(b.keys), spanName(w), d.y.idx+1, d.y.idx+1, percentWords(burstControlRate(b.keys, ky)))
		}
	}
	return note, nil
}

// burstUncompared is the chance (burstControl) from which renumberedInBurst says in a notice
// that two exports were not compared: other people pair nine in ten, so a takeover beside
// the span's own new cases (a tenth of them or more) cannot be told from chance (a register
// of 30,000 born over twenty years, a month's import: linkage-merge23.md).
const burstUncompared = 0.9

// burstSuspect is the chance among other people of renumberedInBurst's pairs below which,
// short of burstChance, a notice says the exports may be one register: one in a thousand.
const burstSuspect = 1e-3

// burstSpans are the spans of an import renumberedInBurst looks in: a week's batches
// (burstDays) and a month's (30 of 200 taken over and re-dated over November:
// attack-2026-12-04e S2).
var burstSpans = [...]int{burstDays, 31, 183}

// spanName says a span of burstSpans.
func spanName(w int) string {
	switch w {
	case burstDays:
		return "week"
	case 31:
		return "month"
	}
	return "six months"
}

// exactBirths returns the birthKeys of regs with an exact date of birth, sorted.
func exactBirths(regs []uint32) []uint32 {
	var k []uint32
	for _, r := range regs {
		if r&exactBirth != 0 {
			k = append(k, birthKey(r))
		}
	}
	slices.Sort(k)
	return k
}

// spanRecords are the exact births of an export's records registered in its densest span of
// w days, sorted, and each one's day in the span.
type spanRecords struct {
	keys []uint32
	offs []int
}

func spanBirths(regs []uint32, count *[8192]int32, w int) spanRecords {
	start, _ := densestSpan(count, w)
	type rec struct {
		key uint32
		off int
	}
	var rs []rec
	for _, r := range regs {
		off := int(r>>3&0x1fff-uint32(start)) & 0x1fff
		if r&dated != 0 && r&exactBirth != 0 && off < w {
			rs = append(rs, rec{birthKey(r), off})
		}
	}
	slices.SortFunc(rs, func(a, b rec) int { return cmp.Compare(a.key, b.key) })
	var s spanRecords
	for _, r := range rs {
		s.keys, s.offs = append(s.keys, r.key), append(s.offs, r.off)
	}
	return s
}

// pair pairs the span's births with sorted keys by the least count and returns how many
// pair and the days from the first paired record's registration to the last's (the span's
// own new cases left out: 100 migrated on one day beside two new ones are "on one day").
func (s spanRecords) pair(keys []uint32) (n, days int) {
	first, last := -1, 0
	for i, j := 0, 0; i < len(s.keys) && j < len(keys); {
		switch {
		case s.keys[i] < keys[j]:
			i++
		case s.keys[i] > keys[j]:
			j++
		default:
			n++
			if first < 0 || s.offs[i] < first {
				first = s.offs[i]
			}
			last = max(last, s.offs[i])
			i++
			j++
		}
	}
	return n, last - first + 1
}

// controlMonths: the births on the same day of the month 1 to controlMonths months before
// and after a span record's are its control (burstControlCounts): the register's births are
// nearly as dense there, and as heaped on the day (the first or the fifteenth of a month,
// where a month and a year are known).
const controlMonths = 24

// controlSample is the most span records burstControlCounts moves: an export imported whole
// in one week holds millions.
const controlSample = 10_000

// burstControlCounts counts how often the span's births (keys), each moved by k months back
// and forth (k from 1 to controlMonths), find the other export's (sorted) at either of the two
// births: more often than other people born where the span's people were born pair by
// chance, whatever the register's size: twice as often where that is rare, nearly always
// where it is common (one in ten unpaired becomes one in a hundred), and as often at the edge
// of the register's births (one side empty) or on its slope (the denser side). One trial a
// record and k; a sample of a larger span.
func burstControlCounts(keys, other []uint32) (paired, trials int) {
	if len(keys) > controlSample { // every so many births: the rate is the same, its cost bounded
		step := (len(keys) + controlSample - 1) / controlSample
		sample := make([]uint32, 0, controlSample)
		for i := 0; i < len(keys); i += step {
			sample = append(sample, keys[i])
		}
		keys = sample
	}
	// A moved birth outside the other export's births (the first to the last) measures no
	// density: two halves of a register born over two years moved by a year or two find no
	// one there (TestBirthAloneBySize: 73% where other people pair all), so that side is no
	// trial.
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for _, key := range other {
		d := birthDays(key)
		lo, hi = min(lo, d), max(hi, d)
	}
	within := func(key uint32, ok bool) bool {
		return ok && birthDays(key) >= lo && birthDays(key) <= hi
	}
	has := func(key uint32) bool {
		_, found := slices.BinarySearch(other, key)
		return found
	}
	for _, key := range keys {
		for k := 1; k <= controlMonths; k++ {
			back, okBack := shiftMonths(key, -k)
			forth, okForth := shiftMonths(key, k)
			okBack, okForth = within(back, okBack), within(forth, okForth)
			if !okBack && !okForth {
				continue
			}
			trials++
			if okBack && has(back) || okForth && has(forth) {
				paired++
			}
		}
	}
	return paired, trials
}

// burstControlRate is burstControlCounts' rate: the share of the span's records other people
// would pair.
func burstControlRate(keys, other []uint32) float64 {
	paired, trials := burstControlCounts(keys, other)
	return float64(paired) / float64(max(trials, 1))
}

// burstControl is the chance renumberedInBurst refuses against: the upper bound (one in a
// thousand) of the control's rate.
func burstControl(keys, other []uint32) float64 {
	paired, trials := burstControlCounts(keys, other)
	if trials == 0 {
		return 1
	}
	return upperRate(paired, trials)
}

// upperRate is the upper bound of a rate seen c times in t trials, at one in a thousand
// (Chernoff's bound on the binomial's lower tail).
func upperRate(c, t int) float64 {
	p := float64(c) / float64(t)
	lo, hi := p, 1.0
	for range 60 {
		q := (lo + hi) / 2
		if float64(t)*klBernoulli(p, q) < math.Log(1e3) {
			lo = q
		} else {
			hi = q
		}
	}
	return hi
}

// klBernoulli is the Kullback-Leibler divergence of Bernoulli(p) from Bernoulli(q), 0 < q < 1.
func klBernoulli(p, q float64) float64 {
	var kl float64
	if p > 0 {
		kl += p * math.Log(p/q)
	}
	if p < 1 {
		kl += (1 - p) * math.Log((1-p)/(1-q))
	}
	return kl
}

// percentWords says a share as a whole percentage, "under 1%" below it.
func percentWords(q float64) string {
	if q < 0.005 {
		return "under 1%"
	}
	return fmt.Sprintf("about %.0f%%", 100*q)
}

// burstChance is the largest chance of renumberedInBurst's pairs among other people that it
// refuses: one in a million.
const burstChance = 1e-6

// binomialTail bounds the chance of n or more successes in b trials of chance q (n/b > q) by
// Chernoff: exp(-b * KL(n/b || q)).
func binomialTail(b, n int, q float64) float64 {
	p := float64(n) / float64(b)
	if p <= q {
		return 1
	}
	return math.Exp(-float64(b) * klBernoulli(p, q))
}

// minEstimatedPairs is the fewest records whose dates of birth are estimates (1 January, 1
// July) that pair two exports by birth and registration (renumberedByBirth) without
// renumberMin exact ones.
const minEstimatedPairs = 20

// exactShare: one in exactShare of the smaller export's records under numbers the other
// lacks, paired with an exact birth, tells a renumbering (renumberedByBirth), ten times the
// chance rate measured.
const exactShare = 10

// bornApart returns, sorted, one registration (idPrint.reg with born, a dated one where the
// number has one) of each case number of p (its ids sorted by id, checkRead) that b (sorted) lacks, and those of p's rows without a
// case number (each a number of its own), and how many such numbers and rows p has.
func bornApart(p *inputPrint, b []idPrint) (regs []uint32, distinct int) {
	a := p.ids
	regs = append(regs, p.noIDRegs...)
	distinct = len(p.noID)
	j := 0
	for i := 0; i < len(a); {
		id := a[i].id
		e := i
		var reg uint32
		for e < len(a) && a[e].id == id {
			if a[e].reg&born != 0 && (reg == 0 || reg&dated == 0 && a[e].reg&dated != 0) {
				reg = a[e].reg // a dated one where the number has one
			}
			e++
		}
		for j < len(b) && b[j].id < id {
			j++
		}
		if j == len(b) || b[j].id != id {
			distinct++
			if reg != 0 {
				regs = append(regs, reg)
			}
		}
		i = e
	}
	slices.Sort(regs)
	return regs, distinct
}
