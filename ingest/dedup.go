package ingest

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/zeebo/xxh3"
	"golang.org/x/text/unicode/norm"

	"github.com/prevalence/prevalence/schema"
)

// ErrRoundedCaseIDs is Deduper.Err's when a case number reads as a number in scientific
// notation ("2.30427E+11"): what a spreadsheet shows of a long numeric identifier (12 digits
// and more: a date and a sequence, a national ID) and writes when the sheet is saved as CSV,
// rounded to six digits. Different cases then share a number and would merge as duplicates
// (attack-2026-12-01b finding 5: 600 children read as 404), so the input is refused before any
// merge; no register numbers its cases so.
var ErrRoundedCaseIDs = errors.New("its case numbers read as numbers in scientific notation (such as 2.3E+11): " +
	"a spreadsheet rounded them to a few digits when the sheet was saved, so different cases share a number and would be merged as duplicates: " +
	"export the case number column as text (format it as Text before saving, or export from the case system)")

// roundedID reports whether a case number is a number in scientific notation as spreadsheets
// write one: a digit, optionally a point and digits, E+ and two or three digits.
func roundedID(id string) bool {
	e := strings.IndexAny(id, "Ee")
	if e < 1 || len(id)-e < 4 || len(id)-e > 5 || id[e+1] != '+' || !digits(id[e+2:]) || id[0] < '0' || id[0] > '9' {
		return false
	}
	m := id[1:e]
	return m == "" || m[0] == '.' && len(m) > 1 && digits(m[1:])
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}

// foldID returns a case number as compared: in upper case, its full-width or other
// compatibility characters as their plain forms (NFKC) and its invisible characters (a
// zero-width space, a soft hyphen, a byte order mark) dropped, as a re-export through another
// tool or keyboard writes them (attack-2026-12-01d finding 8: the same 40 cases counted as 80);
// then, when it is digits only, optionally followed by ".0" (or ".00", ...), without its leading
// zeros and that fraction, so that "001", "1" and "1.0" are one case number. A spreadsheet drops
// the zeros of "001" when it reads a CSV export and saves it, and pandas writes an integer column
// with a blank as "1.0" (attack-2026-12-01c finding 6b). spelling says what was folded
// (kept.spelling): the leading zeros (at most 31) in bits 0-4, bit 5 a lower-case letter, bit 6
// a compatibility or invisible character, bit 7 a trailing ".0".
func foldID(id string) (folded string, spelling uint8) {
	for i := 0; i < len(id); i++ {
		if c := id[i]; c >= utf8.RuneSelf || c >= 'a' && c <= 'z' {
			var plain string
			plain, spelling = foldText(id)
			id = plain
			break
		}
	}
	num := id
	if dot := strings.IndexByte(id, '.'); dot > 0 {
		frac := id[dot+1:]
		if frac == "" || strings.Trim(frac, "0") != "" {
			return id, spelling
		}
		num, spelling = id[:dot], spelling|1<<7
	}
	if !digits(num) {
		return id, spelling &^ (1 << 7)
	}
	zeros := len(num) - len(strings.TrimLeft(num, "0"))
	if zeros == len(num) {
		zeros-- // "000" is 0
	}
	return num[zeros:], spelling | uint8(min(zeros, 31))
}

// foldText is foldID's folding of characters: NFKC, invisible (format) characters dropped,
// the digits of other scripts as 0-9 (decimalDigit), then upper case; spelling's bit 6 when the
// first three changed it, bit 5 when the case did.
func foldText(id string) (string, uint8) {
	var spelling uint8
	plain := strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return decimalDigit(r)
	}, norm.NFKC.String(id)))
	if plain != id {
		spelling |= 1 << 6
	}
	if up := strings.ToUpper(plain); up != plain {
		plain, spelling = up, spelling|1<<5
	}
	return plain, spelling
}

// decimalDigit returns a decimal digit of any script (Persian ۱۲۳, Arabic-Indic ١٢٣, Bengali
// ১২৩, Devanagari १२३, Khmer ១២៣, Thai ๑๒๓, Myanmar ၁၂၃, and the other runs of unicode.Nd) as
// 0-9, other runes as they are: a register typed on a Persian or
// Bengali keyboard writes its case numbers (and FIR numbers) so, another export of it in 0-9
// (ing16's note: "۱۲۳" and "123" were two cases). Unicode encodes each script's digits as a
// run from zero to nine, which unicode.Nd's ranges hold whole.
func decimalDigit(r rune) rune {
	if r < utf8.RuneSelf || !unicode.Is(unicode.Nd, r) {
		return r
	}
	for _, g := range unicode.Nd.R16 {
		if rune(g.Lo) <= r && r <= rune(g.Hi) && g.Stride == 1 {
			return '0' + (r-rune(g.Lo))%10
		}
	}
	for _, g := range unicode.Nd.R32 {
		if rune(g.Lo) <= r && r <= rune(g.Hi) && g.Stride == 1 {
			return '0' + (r-rune(g.Lo))%10
		}
	}
	return r
}

// FoldCaseID returns a case number as de-duplication compares it (see foldID): events exports
// look their cases up by it, and linkage tells a source's cases apart by it.
func FoldCaseID(id string) string {
	f, _ := foldID(strings.TrimSpace(id))
	return f
}

// Deduper finds records that repeat an earlier record's source and case ID: the same case
// exported twice. Of each set, the one updated last is kept (the later row on a tie or when no
// update date is given). Keys are 128-bit hashes, so the case IDs themselves are not retained.
//
// A record whose fixed attributes disagree with those of the record of the same source and
// case ID is not the same case: case numbers reused (restarting each year, in another office)
// must not merge two people. The fixed attributes are the gender, the date of birth and the
// year of birth that an age at registration gives: a child of 9 registered in 2022 and one of
// 16 registered in 2023 under one number are two people (an age at the later registration
// must be the age at the earlier plus the years between, within a year; see birthYears).
// Both are kept, and counted in Conflicts for a notice. Two records of one registration (the
// same registration date) differ in age only when the age was corrected: they still merge.
//
// Of the records merged, those whose registration year, province or forms of exploitation
// differ from the record they merged with are counted in Differing: a case updated between
// exports, or two people whose numbers and ages happen to fit; the notice lets the user look.
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
	reuses    []Reuse
	differing Differing
	places    map[string]uint16 // province of exploitation -> code (1, 2, ...) for kept.place
	refolded  int               // merges of case numbers spelled with and without leading zeros or ".0"
	undated   int               // merges within one input of records neither of which is dated (Undated)
	undatedM  []undatedMerge    // all such merges (UndatedMerges)
	// undatedDiffering: of differing, the merges within one input of records neither of which
	// is dated (UndatedDiffering)
	undatedDiffering int

	// The inputs (StartInput) and the merges across two of them that no update date decided
	// (Resolve decides them by the exports' dates).
	inputs  []dedupInput
	pending []pendingMerge

	// The input being read: rows added so far (base plus the last Add's rows), its records
	// kept apart from an earlier input's record of their number (clashes), and what its
	// records say of each earlier input's under the same numbers (pair, by that input's
	// index). EndInput weighs them.
	rows    int
	clashes []clash
	pair    map[int]*evidence
	// The sheets of the input being read (StartSheet), and what the records of the sheet being
	// read say of each earlier sheet's (bySheet, by that sheet's index): endSheet weighs them.
	sheets  []sheetStart
	bySheet map[int]*evidence
	// self is what the records of the input being read say of its own earlier records under
	// their numbers (merged within one file or sheet), and pooledBy its dropped columns that
	// may name an organisation (PooledBy): EndInput weighs them as two inputs'.
	self      *evidence
	pooledBy  []string
	corrected Corrected
	others    error // OtherPeople's
	expect    int   // Expect's hint for the next group made

	// pairs are the merges since the last Merges call: (kept row, dropped row).
	pairs [][2]int
}

// evidence is what the records of the input (or sheet) being read say of an earlier one's
// under the same case numbers (EndInput, endSheet).
type evidence struct {
	merges int // records merged with the earlier one's record of their number
	// strange: of merges, those whose records differ in registration date or province (forms
	// alone are left: a later export may record more forms for most cases; a case exported
	// again keeps its registration date, two people under a restarted number rarely share
	// one: attack-2026-12-03d finding 1, two shelters of one province and year); aged, those
	// where both records give years of birth (which met); genders, those where both give the
	// same gender, female and male
	strange, aged int
	// dobs and sameDay: of merges, those where both records give a date of birth, and one
	// registration date (within one file, what tells the same people beside ages: EndInput)
	dobs, sameDay int
	genders       [2]int
	apart         int // records kept apart from the earlier one's record of their number
	// chance: what the records compared (merged or kept apart) would have given against
	// another number's earlier record (decoy: the last pair's, a case of another number):
	// the pairs compared so, and those of them that disagree in gender or age (kept.agrees).
	// Two numberings pair people at random, so their records disagree about as often as
	// chance says; one register's records under one number agree but for corrections.
	decoy               kept
	chance, chanceApart int
	// differ: of the pairs compared (merged or kept apart), those that disagree as agrees says
	// or whose ages, of one registration date, differ by more than the years to the later
	// export allow (sameDayApart: agrees takes such an age for a correction); chanceDiffer,
	// the decoys that do. Two shelters registering one raid's children on the same days merge
	// every pair of one date whatever the ages (attack-2026-12-03e finding 1).
	differ, chanceDiffer int
	// exK and exO: the extracted: dates of the input being read and of the earlier one (the
	// same for two sheets), unknownDay when not given: they bound an age's time.
	exK, exO int32
	// ages and chanceAges: how the ages of records without a registration date fit one export
	// day, of the pairs compared and of the decoys (ageFit); nil until such a pair is met.
	ages, chanceAges *ageFit
}

// ageFit weighs the ages of records that give no registration date, year or date of birth
// (an export without a date column, or with it under a header the run does not know) against
// the records of their numbers in another export. One register exported twice gives each case
// the same age (the ages at registration) or the age on the undated export's day (current
// ages), one day for all, or some cases the one and the others the other (misfits): against a
// record registered on R at age a, an age b puts that day within a year of R + (b - a) years;
// against another undated record, the two exports' days are b - a years apart, within a
// year, so the age differences of all pairs fall on two neighbouring values and 0. Two registers whose numbers restart pair people at random: their
// days scatter as the decoys' do. Without extracted: dates nothing else bounds those ages
// (attack-2026-12-03f: two shelters' boys, one export undated, 80 -> 40).
type ageFit struct {
	dated, atReg int32                   // undated against dated pairs; of them, those of the same age
	months       *[fitMonths]int32       // by month from fitFrom: the dated pairs of other ages whose day may fall in it
	undated      int32                   // pairs of two undated records
	shifts       *[2*ageShifts + 1]int32 // by the later export's age less the earlier's, plus ageShifts
}

const (
	fitFrom   = -10958 // 1940-01-01, days since the epoch: the first of ageFit.months
	fitMonths = 230 * 12
	ageShifts = 254
)

// undatedAge reports whether k gives an age and no registration date, year or date of birth.
func (k kept) undatedAge() bool {
	return k.age != 0 && k.reg == 0 && k.year == 0 && k.dob == unknownDay
}

// fitMonth returns the month (from fitFrom) of a day since the epoch, by the mean month.
func fitMonth(day int64) int64 { return (day - fitFrom) * 4800 / 146097 }

// add weighs k, of the input being read, against o, of the earlier one (or an earlier sheet).
func (f *ageFit) add(k, o kept) {
	switch {
	case k.undatedAge() && o.undatedAge():
		if f.shifts == nil {
			f.shifts = new([2*ageShifts + 1]int32)
		}
		f.undated++
		f.shifts[int(k.age)-int(o.age)+ageShifts]++
		return
	case k.undatedAge() && o.age != 0 && (o.reg != 0 || o.year != 0):
	case o.undatedAge() && k.age != 0 && (k.reg != 0 || k.year != 0):
		k, o = o, k
	default:
		return
	}
	// k undated, o registered: k's export day lies within a year of o's registration plus
	// the years between their ages.
	if f.months == nil {
		f.months = new([fitMonths]int32)
	}
	f.dated++
	d := int64(k.age) - int64(o.age)
	if d == 0 {
		// Fits the ages at registration whatever the day: counted beside the best day's
		// pairs (misfits), not in the histogram.
		f.atReg++
		return
	}
	var from, to int64 // the days o's registration may be
	if o.reg != 0 {
		from = int64(regDays(o.reg))
		to = from
	} else {
		from = time.Date(o.regYear(), 1, 1, 0, 0, 0, 0, time.UTC).Unix() / 86400
		to = time.Date(o.regYear(), 12, 31, 0, 0, 0, 0, time.UTC).Unix() / 86400
	}
	lo := max(fitMonth(from+(d-1)*36525/100), 0)
	hi := min(fitMonth(to+(d+1)*36525/100), fitMonths-1)
	for m := lo; m <= hi; m++ {
		f.months[m]++
	}
}

// misfits returns the pairs weighed and how many of them neither the ages at registration nor
// one export day fits: the pairs outside the best day. Both may hold in one export: Primero
// recomputes the age of every case with a date of birth on its birthday (a nightly job sets
// age to the age that day) and keeps an estimated age, without a date of birth, as entered, so an export that leaves the date of birth out gives current ages beside ages at
// registration.
func (f *ageFit) misfits() (n, miss int) {
	if f == nil {
		return 0, 0
	}
	if f.dated > 0 {
		var best int32
		if f.months != nil {
			best = slices.Max(f.months[:])
		}
		miss += int(f.dated - f.atReg - best)
	}
	if f.undated > 0 {
		var best int32
		for i := range len(f.shifts) - 1 {
			c := f.shifts[i] + f.shifts[i+1]
			if i != ageShifts && i+1 != ageShifts {
				c += f.shifts[ageShifts] // the same ages beside the shift
			}
			best = max(best, c)
		}
		miss += int(f.undated - best)
	}
	return int(f.dated + f.undated), miss
}

// count counts a merge of k with the earlier o.
func (e *evidence) count(k, o kept) {
	e.merges++
	if y, p, _ := k.differs(o); y || p || (k.reg != 0 && o.reg != 0 && k.reg != o.reg) {
		e.strange++
	}
	if k.birthLo != 0 && o.birthLo != 0 {
		e.aged++
	}
	if k.dob != unknownDay && o.dob != unknownDay {
		e.dobs++
	}
	if k.reg != 0 && k.reg == o.reg {
		e.sameDay++
	}
	if g := k.gender(); g != 0 && g < 3 && g == o.gender() {
		e.genders[g-1]++
	}
	e.compare(k, o)
}

// compare counts k, compared with the earlier o (merged or kept apart), against the decoy,
// and makes o the next one's decoy.
func (e *evidence) compare(k, o kept) {
	if !agreesBy(k, o, e.exK, e.exO) || sameDayApart(k, o, e.exK, e.exO) {
		e.differ++
	}
	if k.undatedAge() || o.undatedAge() {
		if e.ages == nil {
			e.ages = &ageFit{}
		}
		e.ages.add(k, o)
	}
	if e.merges+e.apart > 1 && e.decoy.row != o.row { // a decoy once a pair was compared
		e.chance++
		if k.undatedAge() || e.decoy.undatedAge() {
			if e.chanceAges == nil {
				e.chanceAges = &ageFit{}
			}
			e.chanceAges.add(k, e.decoy)
		}
		switch {
		case !agreesBy(k, e.decoy, e.exK, e.exO):
			e.chanceApart++
			e.chanceDiffer++
		case sameDayApart(k, e.decoy, e.exK, e.exO):
			e.chanceDiffer++
		}
	}
	e.decoy = o
}

// same reports whether the merges show the numbers naming the same people: few records kept
// apart (at most one in five merged, as corrections are), at most a quarter as many as chance
// keeps apart (the decoys), and either chance would have kept 8 or more apart, or (a small
// register, whose decoys tell little) most merges compared years of birth or both genders
// agreed in three or more. Numbers restarting in each file pair people at random, who
// disagree in gender or age about as often as two records of other numbers do: two shelters
// of one girl in ten agree in gender in four pairs of five, of boys of 15-17 registered the
// same year in age in seven of nine, which the old tests alone took for the same people.
// Where one file lacks an age column and all are boys, nothing shows the same people.
func (e evidence) same() bool {
	return 4*e.apart <= e.merges && 4*e.apart <= e.chanceApart &&
		(e.chanceApart >= 8 || 2*e.aged >= e.merges || min(e.genders[0], e.genders[1]) >= 3)
}

// strangeMerges reports whether most merges differ in registration date or province, which a
// later export of the same cases does for a few corrected records, not for most (attack-
// 2026-12-03b finding 1; 03c finding 2: the same where only the province, or only the year,
// differs: two shelters both taking boys from forced labour), unless the merges show the same people (a re-export whose cases were transferred to another
// province and re-registered there, their form re-assessed, and their ages still meeting).
//
// A small pair (3 or 4 merges) is strange when every merge is: a second shelter of 6 boys
// whose numbers restart merged 3 or 4 of them, each under another registration date (attack-
// 2026-12-03d's low, "one shelter in six").
func (e evidence) strangeMerges() bool {
	return e.mostStrange() && !e.same()
}

func (e evidence) mostStrange() bool {
	return e.strange >= 5 && 2*e.strange > e.merges || e.strange >= 3 && e.strange == e.merges
}

// strangeWithin is strangeMerges for the merges within one file: one export holds a case once,
// so most of its repeats in another registration date or province are no re-export's
// transfers, and ages agreeing tell too little to say the same people (priv's zl note: two
// shelters' boys, every pair under a restarted number of one age, or all of 16, merged
// as the same people). Dates of birth given in most merges, or one registration date (a
// register's repeated rows with the province changed: attack-2026-12-05d W12), do.
func (e evidence) strangeWithin() bool {
	return e.mostStrange() && !(e.same() && (2*e.dobs > e.merges || 2*e.sameDay > e.merges))
}

// disagree reports whether nearly every number of the smaller (fewer rows) is shared and
// records kept apart outnumber those merged: more than twice for two inputs (whose later one
// may correct the earlier's records), more at all for two sheets of one workbook (written at
// once: one case's records on two sheets agree).
func (e evidence) disagree(fewer int, sheets bool) bool {
	m, n := e.merges, e.apart
	more := 2*m < n
	if sheets {
		more = m < n
	}
	return n >= 5 && more && 10*(m+n) >= 9*fewer
}

// chanceApart reports whether the records kept apart are as chance keeps them apart: at least
// 5, more than one in four merged (more than corrections), and at least half as many as the
// decoys disagree (two numberings pair people at random, so their records under one number
// disagree about as often as records under two numbers; one register's records agree but for
// corrections). The merges then are chance agreements too: two shelters of boys and of
// children of either gender, numbers restarting, no date and no age: 21 of 40 kept apart for
// gender, the other 19 merged silently (attack-2026-12-03d finding 1's rest).
func (e evidence) chanceLike() bool {
	return e.apart >= 5 && 4*e.apart > e.merges && 2*e.apart >= e.chanceApart
}

// chanceDiffers is chanceLike for the pairs that differ (evidence.differ), merged or not:
// two shelters registering the same raids' children on the same three days merge the pairs
// of one date whatever their ages, and those of two dates whose ages happen to meet (attack-
// 2026-12-03e finding 1: 25 of 40 merged); ages of one registration that differ by more than
// the years to the exports allow are as common among them as among the decoys. A re-export
// differs only where an age was corrected.
func (e evidence) chanceDiffers() bool {
	return e.differ >= 5 && 4*e.differ > e.merges+e.apart-e.differ && 2*e.differ >= e.chanceDiffer
}

// agesUnfit is chanceDiffers for the ages of records without a registration date (ageFit):
// the pairs no one export day fits are at least 5, more than one in five, and at least half
// as common as among the decoys. One register exported twice fits but for corrected ages.
func (e evidence) agesUnfit() bool {
	n, miss := e.ages.misfits()
	cn, cmiss := e.chanceAges.misfits()
	return miss >= 5 && 5*miss > n && cn > 0 && 2*miss*cn >= cmiss*n
}

// sheetStart is where a sheet's rows start, and its name.
type sheetStart struct {
	start int
	label string
}

// clash is a record kept apart (a Reuse) from an earlier input's record of its number: k, the
// record added, first, the record it disagreed with, and where both are kept.
type clash struct {
	g        *dedupGroup
	key      xxh3.Uint128
	first, k kept
}

// Corrected counts the records of a later export taken as corrections of an earlier export's
// record of the same case (EndInput): another gender, another date of birth.
type Corrected struct {
	Records, Gender, DateOfBirth int
	// Both counts the records (also in Gender and DateOfBirth) that differ in both, taken as one
	// case only at the same registration date with years of birth that meet (corrects).
	Both int
}

// dedupInput is an input as StartInput gave it, and the latest registration date its records hold.
type dedupInput struct {
	start     int
	label     string
	extracted int32 // days since the epoch; unknownDay when not given
	latestReg int32 // unknownDay when no record gives one
}

// pendingMerge is a merge of two records of one case from two inputs, neither with an update
// date: the later-read one (winner) kept for now.
type pendingMerge struct {
	winner, loser int32
	differ        bool // their year, province or forms differ
}

// Reuse is a record kept apart as another case (counted in Conflicts): its row, the row of the
// first record of its case number, and the years its age exceeds that record's by when both
// give an age and the same year of registration, no date of birth, and agree in all else they
// give, else 0 (two records of one registration date merge, see agrees). A later export whose "age" is the age at the export, not
// at registration, shifts every shared case's age alike (Deduper.Reuses' caller tells it
// from numbers reused by other people, whose ages differ at random).
type Reuse struct {
	Row, First int32
	AgeShift   int16
}

// Differing counts the records merged as duplicates whose other values disagree with the
// record they merged with (where both give them): any of them, and by value.
type Differing struct {
	Records, Year, Province, Forms int
}

type dedupGroup struct {
	seen keptTable
	// more holds the further cases of a key whose case ID was reused (rare).
	more map[xxh3.Uint128][]kept
}

// keptTable maps a case number's key to its kept record: open addressing with linear probing
// in one flat array of 40-byte slots, a key and its record side by side, in place of a Go map,
// whose look-ups at 10M keys were 11 s of the 10M CSV's CPU, mostly cache misses between a
// group's control bytes and its slot (issue-14-speed23.md item 4): here a look-up reads one
// slot and, a key of two in three, its neighbours in the same or the next cache line. Keys are
// hashes (xxh3's, well mixed): the high bits of Lo times the table's size index it (Lemire's
// multiply-shift), so that the table may have any size, not only a power of two: made for
// Expect's hint, it takes exactly the room the hint's keys need at three quarters full, where
// a power of two took up to twice that just over three quarters of one (BenchmarkKeptTable,
// 2M rows: 84 bytes a key, now 66; the Go map 101; linkage-merge21.md). It never shrinks and nothing is
// deleted from it (a group is forgotten whole: Forget). The zero key marks an empty slot, so a
// key of zero is stored as {0, 1}: two keys taken for one a time in 2^128.
type keptTable struct {
	slots []keptSlot
	n     int // keys held
}

type keptSlot struct {
	key xxh3.Uint128
	k   kept
}

// newKeptTable returns a table with room for hint keys before it grows (at three quarters
// full: linear probing's searches for a key not held lengthen fast above it).
func newKeptTable(hint int) keptTable {
	return keptTable{slots: make([]keptSlot, max(8, (hint*4+2)/3))}
}

// home is key's first slot in a table of size slots.
func home(key xxh3.Uint128, size int) int {
	hi, _ := bits.Mul64(key.Lo, uint64(size))
	return int(hi)
}

func nonZero(key xxh3.Uint128) xxh3.Uint128 {
	if key == (xxh3.Uint128{}) {
		key.Lo = 1
	}
	return key
}

// get returns the record of key and whether it is held.
func (t *keptTable) get(key xxh3.Uint128) (kept, bool) {
	key = nonZero(key)
	for i := home(key, len(t.slots)); ; i++ {
		if i == len(t.slots) {
			i = 0
		}
		s := &t.slots[i]
		if s.key == key {
			return s.k, true
		}
		if s.key == (xxh3.Uint128{}) {
			return kept{}, false
		}
	}
}

// put sets the record of key, adding key when it is not held.
func (t *keptTable) put(key xxh3.Uint128, k kept) {
	key = nonZero(key)
	if (t.n+1)*4 > len(t.slots)*3 {
		t.grow()
	}
	for i := home(key, len(t.slots)); ; i++ {
		if i == len(t.slots) {
			i = 0
		}
		s := &t.slots[i]
		if s.key == key {
			s.k = k
			return
		}
		if s.key == (xxh3.Uint128{}) {
			*s = keptSlot{key, k}
			t.n++
			return
		}
	}
}

// grow doubles the table, placing every key again.
func (t *keptTable) grow() {
	old := t.slots
	t.slots = make([]keptSlot, 2*len(old))
	for _, s := range old {
		if s.key == (xxh3.Uint128{}) {
			continue
		}
		i := home(s.key, len(t.slots))
		for t.slots[i].key != (xxh3.Uint128{}) {
			if i++; i == len(t.slots) {
				i = 0
			}
		}
		t.slots[i] = s
	}
}

// groupKey is the key of the group of records of scope and source.
func groupKey(scope, source string) string { return scope + "\x00" + source }

type kept struct {
	row     int32
	updated int32  // days since epoch; minInt32 when unknown
	dob     int32  // days since epoch; minInt32 when unknown
	reg     uint16 // registration date as days since 1950-01-01 plus 1 (regDay); 0 when unknown
	// birthLo: the first year of birth the record allows (birthYears), 0 when unknown; the
	// last is birthLo plus the span in gs.
	birthLo int16
	place   uint16 // province of exploitation (Deduper.places); 0 when unknown
	year    uint8  // year of registration less 1900 (1901-2155); 0 when unknown
	age     uint8  // age at registration plus 1 (0-253); 0 when unknown
	gs      uint8  // genderCode (0 when unknown) in bits 0-1, the span of the years of birth in bits 2-3
	forms   uint8  // the exploitation flags, a bit each in schema.ExploitationFlags' order
	formsOK uint8  // which of them the record gives
	// spelling: how the case number was written before foldID (leading zeros in bits 0-4,
	// bit 5 lower case, bit 6 full-width or invisible characters, bit 7 a trailing ".0"): two
	// spellings merged are counted in Refolded.
	spelling uint8
} // 24 bytes: with its 16-byte key, 40 a row held

func (k kept) gender() uint8      { return k.gs & 3 }
func (k kept) regYear() int       { return int(k.year) + 1900 } // when year != 0
func (k kept) birthHi() int16     { return k.birthLo + int16(k.gs>>2) }
func (k *kept) setGender(g uint8) { k.gs = k.gs&^3 | g }
func (k *kept) setBirth(lo, hi int16) {
	if hi-lo > 3 || hi < lo { // cannot be (birthYears spans at most 2 years)
		lo, hi = 0, 0
	}
	k.birthLo, k.gs = lo, k.gs&3|uint8(hi-lo)<<2
}

// regDay codes a registration date (days since the epoch) in 16 bits: 1950 (the earliest
// that ingest reads) to 2129; 0 for none.
func regDay(days int32) uint16 {
	const from = -7305 // 1950-01-01
	if d := days - from + 1; d > 0 && d <= 0xffff {
		return uint16(d)
	}
	return 0
}

// regDays returns the days since the epoch of a registration date coded by regDay (not 0).
func regDays(reg uint16) int32 { return int32(reg) - 1 - 7305 }

const unknownDay = -1 << 31

// agreesBy is agrees, and for a record with an age but no registration date, year or date of
// birth (an export without a date column, or with it under a header the run does not know),
// also undatedApart against the other, both ways; exK and exO are their exports' extracted:
// dates (unknownDay when not given).
func agreesBy(k, o kept, exK, exO int32) bool {
	return k.agrees(o) && !undatedApart(k, o, exK, exO) && !undatedApart(o, k, exO, exK)
}

// undatedApart reports whether u, a record with an age but no registration date, year or date
// of birth, cannot be the person of o's record, which gives an age and a registration date
// (or year). One case has one registration: as the same case, u's age is its age at o's
// registration or later (an export of the current age), and no later than u's export, exU;
// o's age is at its registration, or no later than its own export, exO. Two ages of one
// person in that span differ by at most its whole years plus one. Without u's export date
// nothing bounds the span (an export of the current age years later merges, as two undated
// records do: TestDeduperReusedNumbers' 006); without o's, its age is at its registration.
// Two shelters' boys under restarting numbers, one export undated, merged whatever their
// ages (attack-2026-12-03e finding 1: a boy of 9 with one of 17).
func undatedApart(u, o kept, exU, exO int32) bool {
	if u.age == 0 || o.age == 0 || u.reg != 0 || u.year != 0 || u.birthLo != 0 || exU == unknownDay {
		return false
	}
	var from int32 // the earliest day o's registration can be
	switch {
	case o.reg != 0:
		from = regDays(o.reg)
	case o.year != 0:
		from = int32(time.Date(o.regYear(), 1, 1, 0, 0, 0, 0, time.UTC).Unix() / 86400)
	default:
		return false
	}
	span := max(max(exU, exO)-from, 0) / 365 // unknownDay is the least
	return absDiff(u.age, o.age) > span+1
}

// sameDayApart reports whether two records of one registration date give ages further apart
// than the whole years from it to the later of their exports plus one: agrees merges them (an
// age corrected), the evidence counts them. Both exports' dates are needed: an export of the
// current age may be made years after the registration.
func sameDayApart(k, o kept, exK, exO int32) bool {
	if k.reg == 0 || k.reg != o.reg || k.age == 0 || o.age == 0 || exK == unknownDay || exO == unknownDay {
		return false
	}
	span := max(max(exK, exO)-regDays(k.reg), 0) / 365
	return absDiff(k.age, o.age) > span+1
}

func absDiff(a, b uint8) int32 {
	if a > b {
		return int32(a - b)
	}
	return int32(b - a)
}

// agrees reports whether two records can be the same case: their fixed attributes do not
// disagree where both are known.
func (k kept) agrees(o kept) bool {
	if k.gender() != 0 && o.gender() != 0 && k.gender() != o.gender() {
		return false
	}
	if k.dob != unknownDay && o.dob != unknownDay && k.dob != o.dob {
		return false
	}
	if k.birthLo != 0 && o.birthLo != 0 && (k.birthLo > o.birthHi() || o.birthLo > k.birthHi()) {
		// Born in years that cannot meet: two people, unless both records are of one
		// registration (the same date), where one age corrects the other.
		return k.reg != 0 && k.reg == o.reg
	}
	return true
}

// birthYears returns the years of birth a record allows, from its age at registration and
// year of registration (born in year-age-1 or year-age), and from its date of birth (its year,
// a year either side: the tolerance a row's own age and date of birth have, see convertAge).
// Two records under one number whose ranges do not meet are two people; for two ages that is
// an age at the later registration that differs from the age at the earlier plus the years
// between by more than one year. 0, 0 when neither is known.
func birthYears(age, year int, dob int32) (lo, hi int16) {
	lo, hi = 0, 0
	if age >= 0 && year > 0 {
		lo, hi = int16(year-age-1), int16(year-age)
	}
	if dob != unknownDay {
		y := int16(time.Unix(int64(dob)*86400, 0).UTC().Year())
		if lo == 0 {
			return y - 1, y + 1
		}
		lo, hi = max(lo, y-1), min(hi, y+1)
		if lo > hi { // cannot be: convertAge refuses such a row; keep the date's
			return y - 1, y + 1
		}
	}
	return lo, hi
}

// differs returns which of a merged pair's other values disagree where both give them.
func (k kept) differs(o kept) (year, place, forms bool) {
	year = k.year != 0 && o.year != 0 && k.year != o.year
	place = k.place != 0 && o.place != 0 && k.place != o.place
	both := k.formsOK & o.formsOK
	forms = (k.forms^o.forms)&both != 0
	return
}

// NewDeduper returns an empty Deduper.
func NewDeduper() *Deduper {
	return &Deduper{groups: map[string]*dedupGroup{}, forgotten: map[string]bool{}, places: map[string]uint16{}}
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

// Err returns the error of an Add that met a forgotten scope and source, more rows than an
// int32 numbers, or a case number a spreadsheet rounded (ErrRoundedCaseIDs).
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
		g = &dedupGroup{seen: newKeptTable(d.expect), more: make(map[xxh3.Uint128][]kept)}
		d.expect = 0
		d.groups[k] = g
	}
	d.last, d.lastKey = g, k
	return g
}

// Conflicts returns how many records shared a source and case ID with an earlier one but
// disagreed on gender, date of birth or year of birth (from the age), and were kept as
// another case.
func (d *Deduper) Conflicts() int { return d.conflicts }

// Reuses returns the records counted in Conflicts, in the order they were added.
func (d *Deduper) Reuses() []Reuse { return d.reuses }

// ageShift returns the years k's age exceeds first's by (Reuse.AgeShift), 0 when they are not
// two ages alone in one year of registration (a birth range of two years, or of one for a
// first record that two exports a year apart merged), or when their gender, province or forms
// of exploitation differ.
func ageShift(first, k kept) int16 {
	if first.dob != unknownDay || k.dob != unknownDay || first.year == 0 || first.year != k.year ||
		first.birthLo == 0 || k.birthLo == 0 || first.birthHi()-first.birthLo > 1 || k.birthHi()-k.birthLo != 1 ||
		first.gender() != k.gender() {
		return 0
	}
	if _, place, forms := first.differs(k); place || forms {
		return 0 // something besides the age tells them apart
	}
	// Born a year earlier: a year older at the same registration. The last years compared: a
	// first record narrowed by a merge keeps the winner's (the later export's) last year.
	return first.birthHi() - k.birthHi()
}

// Differing returns the counts of the records merged as duplicates whose registration year,
// province or forms of exploitation disagreed with the record they merged with.
func (d *Deduper) Differing() Differing { return d.differing }

// UndatedDiffering returns how many of Differing's records were merged within one export with
// a record of which neither gives updated_at: the later row of the export was kept, not the
// latest update (attack-2026-12-05e X9: the two notices said both).
func (d *Deduper) UndatedDiffering() int { return d.undatedDiffering }

// agrees is agreesBy with the records' exports' dates; the dates are looked up only where an
// age without a date meets a dated record.
func (d *Deduper) agrees(k, o kept) bool {
	if !k.agrees(o) {
		return false
	}
	if k.age == 0 || o.age == 0 || (k.birthLo != 0) == (o.birthLo != 0) {
		return true // no record undated with an age beside a dated one
	}
	return agreesBy(k, o, d.extractedOf(k.row), d.extractedOf(o.row))
}

// extractedOf returns the extracted: date of the input of row, unknownDay when not given.
func (d *Deduper) extractedOf(row int32) int32 {
	if i := d.inputOf(row); i >= 0 {
		return d.inputs[i].extracted
	}
	return unknownDay
}

// evidenceOf returns the evidence that a record of row, met again under its number by the
// record being added, counts in: its input's, when another than the one being read, else its
// sheet's, when another than the one being read, else the input's own (self: a record met
// again within its file or sheet; nil before StartInput).
func (d *Deduper) evidenceOf(row int32) *evidence {
	cur := len(d.inputs) - 1
	a := d.inputOf(row)
	if a < 0 {
		return nil
	}
	if a != cur {
		e := d.pair[a]
		if e == nil {
			e = &evidence{exK: d.inputs[cur].extracted, exO: d.inputs[a].extracted}
			d.pair[a] = e
		}
		return e
	}
	s := len(d.sheets) - 1
	if s < 1 || d.sheetOf(row) == s {
		// Within the sheet (or file) being read: what its own merges say (EndInput).
		if d.self == nil {
			d.self = &evidence{exK: d.inputs[cur].extracted, exO: d.inputs[cur].extracted}
		}
		return d.self
	}
	b := d.sheetOf(row)
	if b < 0 {
		return nil
	}
	e := d.bySheet[b]
	if e == nil {
		e = &evidence{exK: d.inputs[cur].extracted, exO: d.inputs[cur].extracted}
		d.bySheet[b] = e
	}
	return e
}

// sheetOf returns the index of the sheet of row of the input being read (-1 before its first).
func (d *Deduper) sheetOf(row int32) int {
	i := -1
	for j, sh := range d.sheets { // few sheets
		if sh.start <= int(row) {
			i = j
		}
	}
	return i
}

// merged counts a merge of k and o in Differing and Refolded, and for EndInput.
func (d *Deduper) merged(k, o kept) {
	if k.spelling != o.spelling {
		d.refolded++
	}
	if e := d.evidenceOf(o.row); e != nil {
		e.count(k, o)
	}
	y, p, f := k.differs(o)
	if !y && !p && !f {
		return
	}
	d.differing.Records++
	if y {
		d.differing.Year++
	}
	if p {
		d.differing.Province++
	}
	if f {
		d.differing.Forms++
	}
}

// place returns the code of a province (0 for none; all past 65,534 share the last code).
func (d *Deduper) place(p string) uint16 {
	if c, ok := d.places[p]; ok {
		return c
	}
	c := uint16(min(len(d.places)+1, math.MaxUint16))
	// p is the record's bytes, which the reader hands out again once the record is released:
	// a key left pointing into them would change under the map (one province, two codes).
	d.places[strings.Clone(p)] = c
	return c
}

// Add considers the rows of rec, numbered from base in the caller's running row count, and
// returns the numbers of the rows that lost to a duplicate: earlier rows (already passed on)
// or rows of rec.
func (d *Deduper) Add(rec arrow.RecordBatch, base int) []int {
	ids := rec.Column(schema.Index(schema.CaseID)).(*array.String)
	src := rec.Column(schema.Index(schema.Source)).(*array.String)
	upd := rec.Column(schema.Index(schema.UpdatedAt)).(*array.Date32)
	gen := rec.Column(schema.Index(schema.Gender)).(*array.String)
	dob := rec.Column(schema.Index(schema.DateOfBirth)).(*array.Date32)
	reg := rec.Column(schema.Index(schema.RegistrationDate)).(*array.Date32)
	year := rec.Column(schema.Index(schema.YearOfRegistration)).(*array.Int32)
	age := rec.Column(schema.Index(schema.AgeAtRegistration)).(*array.Int32)
	prov := rec.Column(schema.Index(schema.ProvinceOfExploitation)).(*array.String)
	var flags [8]*array.Boolean
	for j, f := range schema.ExploitationFlags {
		flags[j] = rec.Column(schema.Index(f.Field)).(*array.Boolean)
	}
	var losers []int
	if base+int(rec.NumRows()) > math.MaxInt32 {
		if d.err == nil {
			d.err = errors.New("de-duplication: more than 2^31-1 rows")
		}
		return nil
	}
	d.rows = base + int(rec.NumRows())
	buf := make([]byte, 0, 128)
	for i := 0; i < int(rec.NumRows()); i++ {
		if ids.IsNull(i) {
			continue // without a case ID a row cannot be told to be a repeat
		}
		if roundedID(strings.TrimSpace(ids.Value(i))) {
			if d.err == nil {
				d.err = ErrRoundedCaseIDs
			}
			return nil
		}
		id, spelling := foldID(strings.TrimSpace(ids.Value(i)))
		buf = append(append(append(append(append(buf[:0], d.Scope...), 0), src.Value(i)...), 0), id...)
		key := xxh3.Hash128(buf)
		g := d.group(src.Value(i))
		k := kept{row: int32(base + i), updated: unknownDay, dob: unknownDay, spelling: spelling}
		if upd.IsValid(i) {
			k.updated = int32(upd.Value(i))
		}
		if dob.IsValid(i) {
			k.dob = int32(dob.Value(i))
		}
		if gen.IsValid(i) {
			k.setGender(genderCode[gen.Value(i)])
		}
		if reg.IsValid(i) {
			k.reg = regDay(int32(reg.Value(i)))
			if in := d.input(); in != nil && (in.latestReg == unknownDay || int32(reg.Value(i)) > in.latestReg) {
				in.latestReg = int32(reg.Value(i))
			}
		}
		y, a := 0, -1
		if year.IsValid(i) {
			y = int(year.Value(i))
			if y > 1900 && y <= 2155 {
				k.year = uint8(y - 1900)
			}
		}
		if age.IsValid(i) {
			a = int(age.Value(i))
			if a >= 0 && a < 254 {
				k.age = uint8(a + 1)
			}
		}
		k.setBirth(birthYears(a, y, k.dob))
		if prov.IsValid(i) {
			k.place = d.place(prov.Value(i))
		}
		for j, f := range flags[:len(schema.ExploitationFlags)] {
			if f.IsValid(i) {
				k.formsOK |= 1 << j
				if f.Value(i) {
					k.forms |= 1 << j
				}
			}
		}
		prev, dup := g.seen.get(key)
		if dup && !d.agrees(prev, k) {
			// Another case under the same number, or one of the others seen under it.
			all := g.more[key]
			j := slices.IndexFunc(all, func(o kept) bool { return d.agrees(k, o) })
			if j < 0 {
				d.conflicts++
				d.reuses = append(d.reuses, Reuse{Row: k.row, First: prev.row, AgeShift: ageShift(prev, k)})
				g.more[key] = append(all, k)
				if e := d.evidenceOf(prev.row); e != nil {
					e.apart++
					e.compare(k, prev)
				}
				if cur := len(d.inputs) - 1; cur > 0 && d.inputOf(prev.row) != cur {
					d.clashes = append(d.clashes, clash{g: g, key: key, first: prev, k: k})
				}
				continue
			}
			d.merged(k, all[j])
			d.tie(k, all[j])
			if k.updated >= all[j].updated {
				losers = append(losers, int(all[j].row))
				d.pairs = append(d.pairs, [2]int{int(k.row), int(all[j].row)})
				all[j] = keepKnown(k, all[j])
			} else {
				losers = append(losers, int(k.row))
				d.pairs = append(d.pairs, [2]int{int(all[j].row), int(k.row)})
				all[j] = keepKnown(all[j], k)
			}
			continue
		}
		if dup {
			d.merged(k, prev)
			d.tie(k, prev)
		}
		switch {
		case !dup:
			g.seen.put(key, k)
		case k.updated >= prev.updated:
			losers = append(losers, int(prev.row))
			d.pairs = append(d.pairs, [2]int{int(k.row), int(prev.row)})
			g.seen.put(key, keepKnown(k, prev))
		default:
			losers = append(losers, int(k.row))
			d.pairs = append(d.pairs, [2]int{int(prev.row), int(k.row)})
			g.seen.put(key, keepKnown(prev, k))
		}
	}
	return losers
}

// Merges returns the merges decided since the last call (by Add, EndInput and Resolve), each
// as the row kept and the row dropped as its duplicate, in the order decided, and forgets them.
// A row kept may lose later to a third record: its pair comes first. The caller gives the row
// kept what only the row dropped records (a later export without a gender column keeps the
// earlier export's genders: both record one case).
func (d *Deduper) Merges() [][2]int {
	p := d.pairs
	d.pairs = nil
	return p
}

// keepKnown returns the kept record w, with the fixed attributes that only the loser l knew,
// so that a later record is compared with all that is known of the case.
func keepKnown(w, l kept) kept {
	if w.gender() == 0 {
		w.setGender(l.gender())
	}
	if w.dob == unknownDay {
		w.dob = l.dob
	}
	if w.reg == 0 {
		w.reg = l.reg
	}
	switch {
	case w.birthLo == 0:
		w.setBirth(l.birthLo, l.birthHi())
	case l.birthLo != 0 && w.birthLo <= l.birthHi() && l.birthLo <= w.birthHi():
		// Both hold: the years of birth both allow.
		w.setBirth(max(w.birthLo, l.birthLo), min(w.birthHi(), l.birthHi()))
	}
	return w
}

// genderCode codes the gender vocabulary; "unknown" is as good as missing.
var genderCode = map[string]uint8{"female": 1, "male": 2, "other": 3}

// Undated returns how many merges within one export joined two records of which neither gives
// updated_at and which differ in registration date or year, age, province or forms of
// exploitation: the later row was kept, so the export's row order decided which record's values
// were read (attack-2026-12-05d W12: an export re-sorted gave other counts). Records that
// differ only in other fields (the recruiter's relation) are not counted: the Deduper holds
// no more of them.
func (d *Deduper) Undated() int { return d.undated }

// UndatedMerge is a merge within one export of two records neither of which gives updated_at
// (UndatedMerges): Kept, the later row, was kept over Dropped; Differ, when they differ in
// registration date, age, province or forms (what Undated counts).
type UndatedMerge struct {
	Kept, Dropped int
	Differ        bool
}

type undatedMerge struct {
	kept, dropped int32
	differ        bool
}

// UndatedMerges returns every merge within one export of two records neither of which gives
// updated_at, identical ones too, in the order decided: the row order chose the record kept, so
// the caller, which holds the rows, compares them whole (the Deduper holds only the fields it
// decides by; attack-2026-12-05d W12's recruiter relations differed in none of them).
func (d *Deduper) UndatedMerges() []UndatedMerge {
	out := make([]UndatedMerge, len(d.undatedM))
	for i, m := range d.undatedM {
		out[i] = UndatedMerge{Kept: int(m.kept), Dropped: int(m.dropped), Differ: m.differ}
	}
	return out
}

// Refolded returns how many records merged as duplicates gave their case number in another
// spelling than the record they merged with: with or without leading zeros, a trailing ".0",
// in lower case, full-width or with an invisible character (foldID).
func (d *Deduper) Refolded() int { return d.refolded }

// StartInput tells the Deduper that the rows from base on are an input's, labelled label (as
// the manifest names it), exported on extracted (zero: not given). Resolve compares the inputs'
// dates.
func (d *Deduper) StartInput(base int, label string, extracted time.Time) {
	in := dedupInput{start: base, label: label, extracted: unknownDay, latestReg: unknownDay}
	if !extracted.IsZero() {
		in.extracted = int32(extracted.Unix() / 86400)
	}
	d.inputs = append(d.inputs, in)
	d.rows, d.clashes, d.pair, d.sheets, d.bySheet, d.expect = base, nil, map[int]*evidence{}, nil, nil, 0
	d.self, d.pooledBy = nil, nil
}

// PooledBy tells the Deduper the columns of the input being read (after StartInput, before
// EndInput) that map onto no field and may name each record's organisation ("Organisation",
// "Partner", "Agency": see OrganisationColumn): a network's pooled export, each shelter
// numbering its cases from 1, whose numbers no column scopes (the source is the config's,
// never a cell's). EndInput's refusal of such a file names them. Give only names safe to show.
func (d *Deduper) PooledBy(cols []string) { d.pooledBy = slices.Clone(cols) }

// organisationWords are the names (lower case, letters only) of a column that may say which
// organisation of a network recorded the row (attack-2026-12-05c V7).
var organisationWords = map[string]bool{
	"organisation": true, "organization": true, "org": true, "orgname": true, "organisationname": true, "organizationname": true,
	"partner": true, "partnername": true, "partnerorganisation": true, "partnerorganization": true, "implementingpartner": true,
	"agency": true, "agencyname": true, "source": true, "sourceorganisation": true, "sourceorganization": true,
	"ngo": true, "ngoname": true, "shelter": true, "sheltername": true, "office": true, "centre": true, "center": true,
	"reportingorganisation": true, "reportingorganization": true, "reportingagency": true, "member": true, "memberorganisation": true,
	"memberorganization": true,
}

// OrganisationColumn reports whether a column's name says it may hold the organisation (the
// shelter, partner or agency of a network) that recorded each row.
func OrganisationColumn(name string) bool {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		}
	}
	return organisationWords[b.String()]
}

// ErrPooledNumbers is OtherPeople's error when one export's records merged under a case number
// it holds twice mostly differ in registration date or province: numbers that restart within
// the file, as a network's pooled export of several shelters' registers does (attack-
// 2026-12-05c V7: 60 boys of two shelters became 40, where two files so are refused).
var ErrPooledNumbers = errors.New("an export holds case numbers twice, but records of other people under them")

// Expect tells the Deduper that the input being read (after StartInput) holds about rows
// records of one scope and source: the table of the next scope and source met is made for
// that many (keptTable: no more). A table grown one doubling at a time allocates about twice
// what it ends with (BenchmarkDeduperExpect); a hint too small only leaves it to grow.
func (d *Deduper) Expect(rows int) { d.expect = max(rows, 0) }

// ErrSheetNumbers is OtherPeople's error when two sheets of one workbook hold the same case
// numbers with records of other people under them: a sheet per shelter or per year whose
// numbers restart (attack-2026-12-03b's low: 12 of 65 boys merged with a notice only, where
// two files in that state are refused).
var ErrSheetNumbers = errors.New("two sheets of a workbook hold the same case numbers, but records of other people under them")

// StartSheet tells the Deduper that the rows from base on are the sheet label of the input
// being read (after StartInput; not under case_id_scope: sheet, whose Scope keeps the sheets'
// numbers apart): the records merged across two sheets, and those kept apart, are weighed as
// EndInput weighs two inputs', when the next sheet starts and at EndInput.
func (d *Deduper) StartSheet(base int, label string) {
	d.endSheet()
	d.sheets = append(d.sheets, sheetStart{start: base, label: label})
	d.bySheet = map[int]*evidence{}
}

// endSheet weighs what the records of the sheet being read said of each earlier sheet's.
func (d *Deduper) endSheet() {
	cur := len(d.sheets) - 1
	if cur < 1 || d.others != nil {
		return
	}
	rowsOf := func(i int) int {
		if i+1 < len(d.sheets) {
			return d.sheets[i+1].start - d.sheets[i].start
		}
		return d.rows - d.sheets[i].start
	}
	in := d.inputs[len(d.inputs)-1].label
	for a := range cur {
		e := d.bySheet[a]
		if e == nil {
			continue
		}
		what := ""
		switch {
		case e.strangeMerges():
			what = fmt.Sprintf("%d of the %d records merged under case numbers both sheets hold differ from the other sheet's record of the number "+
				"in registration date or province of exploitation", e.strange, e.merges)
		case e.disagree(min(rowsOf(a), rowsOf(cur)), true):
			what = fmt.Sprintf("%d records under case numbers both sheets hold, of %d in the smaller sheet, disagree in gender or age "+
				"with the other sheet's record of the number and only %d agree", e.apart, min(rowsOf(a), rowsOf(cur)), e.merges)
		default:
			continue
		}
		d.others = fmt.Errorf("%w: %s, sheets %q and %q: %s, which one case's records in one workbook do not: "+
			"if each sheet numbers its own cases (a sheet per shelter or per year), set case_id_scope: sheet",
			ErrSheetNumbers, in, d.sheets[a].label, d.sheets[cur].label, what)
		return
	}
}

// input returns the input being added (nil before StartInput).
func (d *Deduper) input() *dedupInput {
	if len(d.inputs) == 0 {
		return nil
	}
	return &d.inputs[len(d.inputs)-1]
}

// inputOf returns the index of the input of row (-1 before any StartInput).
func (d *Deduper) inputOf(row int32) int {
	i, found := slices.BinarySearchFunc(d.inputs, int(row), func(in dedupInput, r int) int { return in.start - r })
	if !found {
		i--
	}
	for i+1 < len(d.inputs) && d.inputs[i+1].start == int(row) {
		i++ // an input without rows starts where the next does
	}
	return i
}

// tie records, for Resolve, a merge of the later record k with the earlier o when neither has
// an update date and they come from two inputs: "the later row" would be the input read later,
// which is the order of the files' names, not of the exports (attack-2026-12-01c finding 6).
func (d *Deduper) tie(k, o kept) {
	if k.updated != unknownDay || o.updated != unknownDay {
		return
	}
	if a, b := d.inputOf(k.row), d.inputOf(o.row); a < 0 || a == b {
		// the export's row order decides which record's values are read (attack-2026-12-05d
		// W12); counted when they differ in what the Deduper holds of them, and kept for the
		// caller to compare the rows whole (UndatedMerges). k is kept: neither is dated.
		y, p, f := k.differs(o)
		differ := y || p || f || k.reg != o.reg || k.age != o.age
		if differ {
			d.undated++
		}
		if y || p || f {
			d.undatedDiffering++
		}
		d.undatedM = append(d.undatedM, undatedMerge{kept: k.row, dropped: o.row, differ: differ})
		return
	}
	y, p, f := k.differs(o)
	d.pending = append(d.pending, pendingMerge{winner: k.row, loser: o.row, differ: y || p || f})
}

// ErrUndatedSnapshots is Resolve's error when two exports hold the same cases, without
// updated_at, differing, and nothing tells which export is the later.
var ErrUndatedSnapshots = errors.New("two exports of one organisation hold the same case numbers without an updated_at column, " +
	"their records differ, and neither an extracted: date nor the registration dates they hold tell which export is the later")

// Choice is a decision of Resolve between two inputs: the records of Later were kept over those
// of Earlier (input labels), by the exports' extracted: dates, or else by the latest
// registration date each holds (ByRegistration).
type Choice struct {
	Later, Earlier string
	Records        int
	ByRegistration bool
	// Swapped: the later export was read first (by file name), so the read order would have
	// kept the earlier export's records.
	Swapped bool
}

// Resolve decides the merges across inputs that no update date decided: of a case's records,
// the one of the export made last is kept, by the inputs' extracted: dates (StartInput), or
// else by the latest registration date each input holds; when neither tells and the records
// differ, it returns ErrUndatedSnapshots naming the inputs. keep and drop are called for the
// rows whose fate changes (the row the read order kept, and the later export's row).
// isDropped reports the rows dropped so far: a case whose kept record lost to another by
// update date is left as it is; eligible, the rows that may be kept (not quarantined).
func (d *Deduper) Resolve(isDropped, eligible func(row int) bool, keep, drop func(row int)) ([]Choice, error) {
	if len(d.pending) == 0 {
		return nil, nil
	}
	// The records of one case, linked by their pending merges (union-find on rows).
	parent := map[int32]int32{}
	var find func(int32) int32
	find = func(r int32) int32 {
		p, ok := parent[r]
		if !ok || p == r {
			return r
		}
		root := find(p)
		parent[r] = root
		return root
	}
	differ := map[int32]bool{}
	for _, p := range d.pending {
		a, b := find(p.winner), find(p.loser)
		if a != b {
			parent[a] = b
		}
		if p.differ {
			differ[a], differ[b] = true, true
		}
	}
	groups := map[int32][]int32{}
	for _, p := range d.pending {
		for _, r := range []int32{p.winner, p.loser} {
			root := find(r)
			if !slices.Contains(groups[root], r) {
				groups[root] = append(groups[root], r)
			}
		}
	}
	for r, v := range differ {
		if v {
			differ[find(r)] = true
		}
	}
	type pair struct{ later, earlier int }
	choices := map[pair]*Choice{}
	var order []pair
	roots := make([]int32, 0, len(groups))
	for r := range groups {
		roots = append(roots, r)
	}
	slices.Sort(roots)
	for _, root := range roots {
		rows := groups[root]
		current := int32(-1)
		for _, r := range rows {
			if !isDropped(int(r)) {
				if current >= 0 {
					current = -2 // two kept: not a chain of merges (never expected)
					break
				}
				current = r
			}
		}
		if current < 0 {
			continue // the case's kept record is another, chosen by its update date
		}
		best := current
		for _, r := range rows {
			if !eligible(int(r)) {
				continue
			}
			if c := later(d.inputs[d.inputOf(r)], d.inputs[d.inputOf(best)]); c > 0 {
				best = r
			}
		}
		bi := d.inputOf(best)
		for _, r := range rows {
			if ri := d.inputOf(r); eligible(int(r)) && ri != bi && later(d.inputs[bi], d.inputs[ri]) == 0 {
				if differ[root] {
					return nil, fmt.Errorf("%w: %s and %s: give each export's date under extracted: (YYYY-MM-DD) in a sources entry of its own, "+
						"or export an updated_at column", ErrUndatedSnapshots, d.inputs[min(ri, bi)].label, d.inputs[max(ri, bi)].label)
				}
				continue // the same values: either will do
			}
		}
		ci := d.inputOf(current)
		for _, r := range rows {
			ri := d.inputOf(r)
			if ri == bi || later(d.inputs[bi], d.inputs[ri]) <= 0 {
				continue
			}
			k := pair{bi, ri}
			if choices[k] == nil {
				choices[k] = &Choice{Later: d.inputs[bi].label, Earlier: d.inputs[ri].label,
					ByRegistration: d.inputs[bi].extracted == unknownDay || d.inputs[ri].extracted == unknownDay || d.inputs[bi].extracted == d.inputs[ri].extracted}
				order = append(order, k)
			}
			choices[k].Records++
			if r == current && best != current {
				choices[k].Swapped = true
			}
		}
		if best != current && bi != ci {
			drop(int(current))
			keep(int(best))
			d.pairs = append(d.pairs, [2]int{int(best), int(current)})
		}
	}
	out := make([]Choice, 0, len(order))
	for _, k := range order {
		out = append(out, *choices[k])
	}
	return out, nil
}

// later compares two exports: > 0 when a is the later one, by their extracted: dates, else by
// the latest registration date each holds; 0 when neither tells.
func later(a, b dedupInput) int {
	if a.extracted != b.extracted && a.extracted != unknownDay && b.extracted != unknownDay {
		return cmpInt(a.extracted, b.extracted)
	}
	if a.latestReg != unknownDay && b.latestReg != unknownDay {
		return cmpInt(a.latestReg, b.latestReg)
	}
	return 0
}

func cmpInt(a, b int32) int {
	switch {
	case a > b:
		return 1
	case a < b:
		return -1
	}
	return 0
}

// ErrOtherPeople is OtherPeople's error: an export whose case numbers are nearly all another
// export's of the same organisation, yet none of whose records agrees in gender and age with
// the other's record of its number: a list of other people tied to the cases (guardians,
// family members), whose rows would count as as many more victims (attack-2026-12-02f
// finding 3: 40 mothers read as 40 more cases), or case numbers restarting in each file.
var ErrOtherPeople = errors.New("an export holds the case numbers of another export's cases, but records of other people under them")

// restartAdvice is what ErrOtherPeople's messages say to do, whichever rule found the pair:
// one message for numbers restarting in each file (attack-2026-12-03f: two shelters' boys got
// the list-of-other-people message or the per-shelter one by the rule that fired). mapHint,
// when given, says what to map when both are exports of the same cases.
func restartAdvice(mapHint string) string {
	s := "If both are case exports whose case numbers restart in each file (a register per shelter), give each shelter's files a source of their own " +
		"(sources entries by file pattern), or set case_id_scope: file when no later export of the same file is read beside it; " +
		"if one lists other people tied to the cases (guardians, family members, staff), whose rows would count as as many more victims, leave it out of the input"
	if mapHint != "" {
		s += "; if they are exports of the same cases, map " + mapHint
	}
	return s
}

// correctionShare: a later export is taken to correct an earlier one's record when the two
// share case numbers of more than half the smaller one's rows, and at least this many of the
// shared numbers' records merge for each kept apart: the numbers name the same cases, so a
// record of one with another gender or date of birth is one corrected, not a second person.
// Numbers restarting in each file pair people at random: half of them, or more, disagree.
const correctionShare = 3

// EndInput weighs the records of the input just read (since StartInput) that were kept apart
// from an earlier input's record of their case number (Reuses). When the two inputs share most
// of their case numbers (see correctionShare) and such a record differs from the earlier one in
// gender alone, or in date of birth (not in the year or province of registration), it is the
// same case corrected in the later export (attack-2026-12-02f finding 5): the later export's
// record is kept, by update date, else by the exports' dates as Resolve orders them (when
// neither tells, both are kept as before), and the other returned as a duplicate; it no longer
// counts in Conflicts nor Reuses, and counts in Corrected. When nearly every record of the
// smaller input is kept apart and almost none merges, OtherPeople reports the pair. isDropped
// reports the rows dropped so far.
func (d *Deduper) EndInput(isDropped func(row int) bool) (losers []int) {
	d.endSheet()
	cur := len(d.inputs) - 1
	if e := d.self; e != nil && d.others == nil && cur >= 0 && e.strangeWithin() {
		// The refusal across two files (strangeMerges), within one: most records merged under
		// one number are another registration date or province (attack-2026-12-05c V7).
		way := "If it pools several organisations' registers, each numbering its own cases, split it into a file per organisation and give each a sources: entry of its own " +
			"(the organisation is named by the config's source:, never by a cell)"
		if len(d.pooledBy) > 0 {
			q := make([]string, len(d.pooledBy))
			for i, c := range d.pooledBy {
				q[i] = strconv.Quote(c)
			}
			way = fmt.Sprintf("Its %s %s, which %s onto no field and %s dropped, may name each record's organisation: if the file pools several organisations' registers, "+
				"each numbering its own cases, split it by that column into a file per organisation and give each a sources: entry of its own "+
				"(the organisation is named by the config's source:, never by a cell)",
				agreeN(len(q), "column", "columns"), strings.Join(q, ", "), agreeN(len(q), "maps", "map"), agreeN(len(q), "was", "were"))
		}
		d.others = fmt.Errorf("%w: %s: %d of the %d records merged under a case number the file holds twice differ from the other record of the number "+
			"in registration date or province of exploitation, which one case's records in one export do only for a few corrected records, not for most: "+
			"the numbers restart within the file and name other people. %s; if the numbers restart each year, give each case a number of its own (the year with the number)",
			ErrPooledNumbers, d.inputs[cur].label, e.strange, e.merges, way)
	}
	clashes, pair := d.clashes, d.pair
	d.clashes, d.pair, d.sheets, d.bySheet = nil, map[int]*evidence{}, nil, nil
	rowsOf := func(i int) int {
		if i+1 < len(d.inputs) {
			return d.inputs[i+1].start - d.inputs[i].start
		}
		return d.rows - d.inputs[i].start
	}
	for a := range max(cur, 0) {
		e := pair[a]
		if e == nil || d.others != nil {
			continue
		}
		fewer := min(rowsOf(a), rowsOf(cur))
		what, mapHint := "", ""
		switch {
		case e.strangeMerges():
			// Most records merged under one number differing in registration date or province
			// are no case exported again: numbers restarting in each file, where a column one
			// export lacks (age, gender) hides the disagreement that keeps them apart (attack-
			// 2026-12-03b finding 1: two shelters' 40 boys each, merged pairwise, one shelter
			// gone; 03c finding 2).
			what = fmt.Sprintf("%d of the %d records of one organisation merged under case numbers both hold differ from the other's record "+
				"of the number in registration date or province of exploitation, which a later export of the same cases does for a few corrected records, not for most",
				e.strange, e.merges)
			mapHint = "the age or date of birth in both, which shows the same children"
		case e.disagree(fewer, false):
			// Nearly every number of the smaller input shared, and more than twice as many of its
			// records disagree as agree: two numberings (numbers restarting per file, where about
			// one in six agrees by chance and merged silently, a notice aside), or another list of
			// people. A later export of the same cases agrees but for corrections.
			what = fmt.Sprintf("%d records of one organisation under case numbers both hold, of %d in the smaller, disagree in gender or age "+
				"with the other's record of the number and only %d agree, which a later export of the same cases does only for a few corrected records",
				e.apart, fewer, e.merges)
		case e.merges > 0 && e.chanceLike():
			what = fmt.Sprintf("%d records of one organisation under case numbers both hold disagree in gender or age with the other's record of the number, "+
				"about as often as records under different numbers do (%d of %d compared so), which a later export of the same cases does only for a few corrected records: "+
				"the %d that agree may be other people too, agreeing by chance, and merging them would lose them",
				e.apart, e.chanceApart, e.chance, e.merges)
			mapHint = "the date of birth or the registration date in both"
		case e.merges > 0 && e.chanceDiffers():
			what = fmt.Sprintf("%d records of one organisation under case numbers both hold differ in gender or age from the other's record of the number "+
				"(ages of one registration date further apart than the years to the later export allow, or kept apart), "+
				"about as often as records under different numbers do (%d of %d compared so), which a later export of the same cases does only for a few corrected records: "+
				"the %d merged may be other people, registered on the same days, and merging them would lose them",
				e.differ, e.chanceDiffer, e.chance, e.merges)
			mapHint = "the date of birth in both"
		case e.merges > 0 && e.agesUnfit():
			// Ages without a registration date beside the other export's: neither the same
			// ages nor the ages on one later day (attack-2026-12-03f: ry2, ry4, nd8, 80 -> 40).
			n, miss := e.ages.misfits()
			cn, cmiss := e.chanceAges.misfits()
			what = fmt.Sprintf("%d of %d records of one organisation under case numbers both hold, without a registration date in one export or both, "+
				"give ages that neither the ages at registration nor the ages on one day of export fit, "+
				"about as often as records under different numbers do (%d of %d compared so), which a later export of the same cases does only for a few corrected records: "+
				"the %d merged may be other people, and merging them would lose them",
				miss, n, cmiss, cn, e.merges)
			mapHint = "the registration date or the date of birth in both, or give each export's date under extracted:"
		default:
			continue
		}
		d.others = fmt.Errorf("%w: %s and %s: %s. %s", ErrOtherPeople, d.inputs[a].label, d.inputs[cur].label, what, restartAdvice(mapHint))
	}
	if cur < 1 || len(clashes) == 0 {
		return nil
	}
	done := map[int32]bool{}
	for _, c := range clashes {
		a := d.inputOf(c.first.row)
		var m, n int
		if e := pair[a]; e != nil {
			m, n = e.merges, e.apart
		}
		if fewer := min(rowsOf(a), rowsOf(cur)); 2*(m+n) <= fewer || m < correctionShare*n {
			continue // few numbers shared, or too many records disagree: no corrections
		}
		gender, dob := corrects(c.first, c.k, d.inputs[a].extracted, d.inputs[cur].extracted)
		if !gender && !dob {
			continue
		}
		kLater := 0 // > 0: the record added is the later one
		if c.k.updated != unknownDay || c.first.updated != unknownDay {
			kLater = cmpInt(c.k.updated, c.first.updated)
			if kLater == 0 {
				kLater = 1 // as Add keeps the later row on a tie
			}
		} else {
			kLater = later(d.inputs[cur], d.inputs[a])
		}
		if kLater == 0 {
			continue // which is the correction cannot be told: two cases, as before
		}
		g := c.g
		now, ok := g.seen.get(c.key)
		more := g.more[c.key]
		j := slices.IndexFunc(more, func(o kept) bool { return o.row == c.k.row })
		if !ok || now.row != c.first.row || j < 0 || isDropped(int(now.row)) || isDropped(int(c.k.row)) {
			continue // the case changed since (a third record): left as it is
		}
		if kLater > 0 {
			g.seen.put(c.key, keepKnown(c.k, now))
			losers = append(losers, int(now.row))
			d.pairs = append(d.pairs, [2]int{int(c.k.row), int(now.row)})
		} else {
			g.seen.put(c.key, keepKnown(now, c.k))
			losers = append(losers, int(c.k.row))
			d.pairs = append(d.pairs, [2]int{int(now.row), int(c.k.row)})
		}
		if more = slices.Delete(more, j, j+1); len(more) == 0 {
			delete(g.more, c.key)
		} else {
			g.more[c.key] = more
		}
		done[c.k.row] = true
		d.corrected.Records++
		if gender {
			d.corrected.Gender++
		}
		if dob {
			d.corrected.DateOfBirth++
		}
		if gender && dob {
			d.corrected.Both++
		}
	}
	if len(done) > 0 {
		d.reuses = slices.DeleteFunc(d.reuses, func(r Reuse) bool { return done[r.Row] })
		d.conflicts -= len(done)
	}
	return losers
}

// corrects reports whether k, kept apart from first, differs from it as a correction does: in
// gender alone, in date of birth with the same gender, or in both when the two records give
// the same registration date and years of birth that meet (a date of birth refined, not
// another child's); the year and province of registration the same where both give them.
func corrects(first, k kept, exFirst, exK int32) (gender, dob bool) {
	if y, p, _ := first.differs(k); y || p || undatedApart(first, k, exFirst, exK) || undatedApart(k, first, exK, exFirst) {
		return false, false
	}
	g := first.gender() != 0 && k.gender() != 0 && first.gender() != k.gender()
	dob = first.dob != unknownDay && k.dob != unknownDay && first.dob != k.dob
	switch {
	case g && !dob:
		// Another gender and nothing else: the years of birth meet even at one registration
		// date, where agrees lets an age alone correct the other.
		first.setGender(k.gender())
		first.reg = 0
		return first.agrees(k), false
	case g && dob:
		// Both corrected (attack-2026-12-03a finding 8: counted as two children). The number is
		// one register's, shared by most records that agree (EndInput's share); what more says
		// it is the same record is its own registration date, given alike in both, and dates of
		// birth whose years meet (two years apart at most, as an estimated date refined):
		// another child given the number would differ in more, and a date of birth years apart
		// with another gender stays two people.
		meet := first.birthLo != 0 && k.birthLo != 0 && first.birthLo <= k.birthHi() && k.birthLo <= first.birthHi()
		ok := first.reg != 0 && first.reg == k.reg && meet
		return ok, ok
	}
	return false, dob
}

// Corrected returns the counts of the records taken as another export's corrections (EndInput).
func (d *Deduper) Corrected() Corrected { return d.corrected }

// OtherPeople returns ErrOtherPeople, naming the two inputs, when EndInput found an input whose
// records under the case numbers of another nearly all disagree with that one's (nil else).
func (d *Deduper) OtherPeople() error { return d.others }
