package ingest

import (
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"strings"
	"unicode"
)

// A case management system marks a record as another's duplicate instead of deleting it
// (Primero's "Mark as duplicate": duplicate true, duplicate_case_id naming the case it
// duplicates), and an export whose list filter was changed holds them (attack-2026-12-02d
// finding 5). Read, each would be a second victim. A marked row is quarantined under its own
// reason (NotACase) when the case it names is among the export's rows; when it is not (a
// filtered export, a case itself invalid), the marked row may be its person's only record,
// so the input is refused rather than the person lost (Reader.duplicates).

var (
	errDuplicateRecord = errors.New("a record its case management system marks as a duplicate of another case of the export (Primero's duplicate true with duplicate_case_id): not a second case")
	// errMergedRecord: a row whose merge column (mergeNames) names the case it was merged into.
	errMergedRecord = errors.New("a record the register marks as merged into (or a duplicate of) another case of the export (a Merged into, Merged with or Duplicate of column naming it): not a second case")
	// ErrDuplicateMissing: a row marked as a duplicate names no case of the export.
	ErrDuplicateMissing = errors.New("a row marked as a duplicate (Primero's duplicate true) names no case of this export that it duplicates")
	// ErrRemarkDuplicateMissing: a row whose remark leaves it out as a duplicate of a case it
	// names ("Duplicate of C09999") names no case of the export, or another organisation's.
	ErrRemarkDuplicateMissing = errors.New("a row whose remark or closure reason leaves it out as a duplicate of a case it names (Duplicate of C00001, Same as C00001) names no case of this export")
)

// dupMarkNames are the folded names of a column that marks a row as a duplicate, and
// dupTargetNames those of the column naming the case it duplicates.
var (
	dupMarkNames = map[string]bool{"duplicate": true, "isduplicate": true, "markedasduplicate": true,
		// attack-2026-12-04e S7: in the other languages read
		"duplicado": true, "duplicada": true, "esduplicado": true, "doublon": true, "duplikat": true, "duplicata": true}
	dupTargetNames = map[string]bool{"duplicatecaseid": true, "duplicateof": true, "duplicateofcaseid": true, "duplicateid": true}
	// mergeNames name the case a record was merged into: a register's own column alone, with
	// no mark beside it (the coordinator's S7 Left), marks its row as that case's duplicate
	// when it holds a value (see mergedValue). They name a target too.
	mergeNames = func() map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.Fields(`mergedinto mergedwith mergedto mergedintocase mergedintocaseid mergedwithcase
			mergedwithcaseid mergedintoid mergedwithid mergedcaseid mergedinto_caseid
			fusionadocon fusionadacon fusionadoen fusionadaen fusionadoconcaso fusionadoa
			fusionnéavec fusionneavec fusionnéedans fusionnédans fusionnedans fusionnéeavec
			mescladocom mescladacom mescladoem digabungdengan digabungkandengan digabungke digabungkanke
			duplicateof duplicateofcaseid duplicateofid duplicadode duplicadodecaso duplicadadecaso doublonde
			duplikatdari`) {
			// attack-2026-12-05b U5: "Duplicate of" alone, naming the case, marks its row as a
			// merge column does (beside Primero's duplicate mark it is the mark's target)
			m[w] = true
			dupTargetNames[w] = true
		}
		return m
	}()
	// idNames: columns of a case's own identifiers that a duplicate mark may name, beside the
	// columns mapped onto case_id (Primero's case_id, case_id_display, short_id, unique_identifier, id)
	idNames = map[string]bool{"caseid": true, "caseiddisplay": true, "shortid": true, "uniqueidentifier": true, "id": true}
)

// dupTrue are the folded values of a duplicate mark that mark; false, no and empty do not, and
// anything else leaves the row to be read.
var dupTrue = map[string]bool{"true": true, "yes": true, "y": true, "1": true, "sí": true, "si": true, "oui": true, "sim": true,
	"ya": true, "verdadero": true, "vrai": true, "benar": true}

var markSeed = maphash.MakeSeed()

// idHash is the key of a case identifier as a duplicate mark, a merge column or a remark names
// it: folded as de-duplication compares case numbers (FoldCaseID: "007" and "7", full-width and
// lower-case letters as their plain capitals), hashed (the identifiers themselves are not kept).
// One rule for every mark: Primero's marks hashed the number as written while remarks folded it,
// so a remark naming a marked row, or a mark naming a row, written otherwise missed it.
func idHash(v string) uint64 { return foldedHash(FoldCaseID(v)) }

// foldedHash is idHash of a number already folded (FoldCaseID).
func foldedHash(f string) uint64 { return maphash.String(markSeed, f) | 1 }

// dupMark is a row quarantined as a duplicate: where, the column that names its case (the
// mark's when none does), the hash of the case it names (0 for none) and of its own ids.
type dupMark struct {
	sheet  string
	line   int
	col    string
	target uint64
	own    []uint64
	remark bool // a remark's mark (remarkDuplicate): target may be elsewhere
	// shape is a remark's target's shapeBit: one no case number of the export has names
	// perhaps another register's number ("Same as case no. 2023/145" in an export of C00001).
	shape uint64
}

// shapeBit returns the bit (of 64) of a case number's shape: its runs of letters, of digits and
// each other mark ("C00001" A9, "2023/145" 9/9), hashed. Two shapes may share a bit: a number
// then looks like the export's, as before.
func shapeBit(id string) uint64 {
	h, last := uint32(2166136261), rune(0)
	for _, r := range id {
		switch {
		case unicode.IsLetter(r):
			r = 'A'
		case unicode.IsDigit(r):
			r = '9'
		}
		if r == last && (r == 'A' || r == '9') {
			continue
		}
		last = r
		h = (h ^ uint32(r)) * 16777619
	}
	return 1 << (h % 64)
}

// elsewhere is a remark's target that names another organisation's case: no hash of the export's
// (idHash's are odd).
const elsewhere = 2

// remarkDuplicate records, for Reader.duplicates, the row left out by its remark in column col
// as a duplicate when the remark names the case it duplicates ("Duplicate of C09999", "Same as
// C00001", "Duplicate of case 123 (other organisation)"): when that case is among no rows of the
// export, the child would be counted nowhere (the coordinator's zk Left). A remark naming no
// case ("Duplicate", "Deleted - entered twice") is left out as before.
//
// It reports whether it recorded one. A closure reason column is read so too ("Same as case
// 114": attack-2026-12-05e X2), a remark's rules being the same.
func (w *worker) remarkDuplicate(col string, line int, sheet string) bool {
	if !namingColumn(col) {
		return false
	}
	target, name := remarkTarget(w.cellOf(col))
	if target == 0 {
		return false
	}
	var own []uint64 // a chain of remarks is followed to its case
	if v := strings.TrimSpace(w.slots[iCaseID].v); w.got(iCaseID) && v != "" {
		own = []uint64{idHash(v)}
	}
	shape := shapeBit(FoldCaseID(name))
	w.res.dups = append(w.res.dups, dupMark{sheet: sheet, line: line, col: strings.Clone(col), target: target, own: own, remark: true,
		shape: shape})
	w.res.last.kind, w.res.last.target, w.res.last.shape = aboveDup, target, shape
	return true
}

// A remark may name the row above it as its record's ("Same person as above", "Same as
// previous row", "Duplicate of the row above": aboveRemark): the same person as that row's,
// whose case it is (attack-2026-12-05g Z2). aboveRow is what such a row needs of the row
// above: each row leaves its own in result.last, and the first row of a chunk, whose row above
// is another chunk's, is resolved by the Reader (Reader.accept) with that chunk's last.
type aboveRow struct {
	seq    int // the row's number among its chunk's rows (result.rows)
	sheet  string
	line   int
	kind   uint8
	id     uint64 // aboveKept: its case number's idHash (0: none)
	target uint64 // aboveDup: the case it duplicates (0: none named, left out as a duplicate)
	shape  uint64 // aboveDup: the target's shapeBit (a remark's)
	notes  []note // its review columns' values, which a ditto below repeats (see note)
}

// aboveRow's kinds
const (
	aboveNone uint8 = iota // no row (the zero value)
	aboveKept              // read (or left out as no victim, as remarkIDs keeps): its person is counted or known
	aboveDup               // a duplicate of the case target names
	aboveOut               // left out (deleted, a test, a row of no case) or quarantined before it was judged
)

// A dupMark's targets that are no idHash (odd): the row above is not read, or is another
// chunk's (resolved by Reader.accept).
const (
	aboveMissing    = 4
	aboveUnresolved = 6
)

// aboveDuplicate records the current row, left out by its remark in column col as the same
// person as the row above (errAboveDuplicate), as a duplicate of that row's case: of the case
// the row above is, or duplicates, and refused (Reader.duplicates) when the row above is not
// read (left out itself, quarantined, none above), since the row may be its person's only one.
func (w *worker) aboveDuplicate(col string, line int, sheet string) {
	var own []uint64
	if v := strings.TrimSpace(w.slots[iCaseID].v); w.got(iCaseID) && v != "" {
		own = []uint64{idHash(v)}
	}
	p := w.above
	switch {
	case p.kind == aboveNone && w.res.rows == 1:
		p.kind, p.target = aboveDup, aboveUnresolved // another chunk's row
	case p.kind == aboveNone || p.seq != w.res.rows-1 || p.sheet != sheet:
		p.kind = aboveOut // quarantined before it was judged, or no row above on this sheet
	}
	w.res.last.kind = aboveDup
	d := dupMark{sheet: sheet, line: line, col: strings.Clone(col), own: own, remark: true}
	switch p.kind {
	case aboveKept:
		if p.id == 0 {
			// read, with no case number another mark could name: nothing to check
			w.res.last.target = 0
			w.res.ids = append(w.res.ids, own...)
			return
		}
		d.target = p.id // among the ids: the check passes
	case aboveDup:
		if p.target == 0 {
			// the row above left out as a duplicate of a case it does not name: this one too
			w.res.last.target = 0
			return
		}
		d.target, d.shape = p.target, p.shape
	default:
		d.target = aboveMissing
	}
	w.res.last.target, w.res.last.shape = d.target, d.shape
	w.res.dups = append(w.res.dups, d)
}

// resolveAbove returns the target of a row whose remark names the row above as its record, that
// row being p: the case p is or duplicates; aboveMissing when p is not read (or is none); 0
// when it needs no check (p read with no case number, or a duplicate of a case it does not
// name). rows is p's chunk's rows: p must be its last.
func resolveAbove(p aboveRow, rows int, sheet string) (target, shape uint64) {
	if p.kind == aboveNone || p.seq != rows || p.sheet != sheet {
		return aboveMissing, 0
	}
	switch p.kind {
	case aboveKept:
		if p.id == 0 {
			return 0, 0
		}
		return p.id, 0
	case aboveDup:
		return p.target, p.shape
	}
	return aboveMissing, 0
}

// dupRemark reports whether a remark that leaves its row out names no case but marks a
// duplicate ("Duplicate", "Registered twice", "Repeated record"): a row below it saying "Same
// person as above" is of the same person, left out so too.
func dupRemark(t string) bool {
	words := letterWords(t)
	return len(words) > 0 && (dupWord(words[0]) || slices.Contains(words, "twice"))
}

// closureDuplicate reports whether a closure reason says, as a remark would (remarkMark's
// remarkPointsTo), that its record repeats a case it names: "Same as 107" was read as a second
// case beside 107 while the remark "Same as 107" was left out (attack-2026-12-05e X2). Only a
// reason naming a case (remarkTarget), whose presence Reader.duplicates then checks.
func closureDuplicate(v string) bool {
	t := strings.TrimSpace(v)
	if target, _ := remarkTarget(t); len(t) > 80 || strings.ContainsRune(t, '?') || target == 0 {
		return false
	}
	clauses := remarkClauses(t)
	if len(clauses) == 0 || slices.ContainsFunc(letterWords(t), func(w string) bool { return unsureWords[w] }) {
		return false
	}
	return remarkPointsTo(clauses[0], t)
}

// namingColumn reports whether a review column's text may name the case its row duplicates:
// a remark column (remarkNamed) or a closure reason's (closureName).
func namingColumn(col string) bool {
	if remarkNamed(col) {
		return true
	}
	fc := markKey(col)
	return closureName(fc) && reviewName(fc)
}

// remarkIDs keeps, for an input with a remark or closure reason column (namingColumn), the
// current row's case number (hashed),
// which a remark of another row may name (remarkDuplicate): a row read, or one left out as
// not a victim ("Duplicate record; see C1" where C1 is "Not a victim": the same person, no
// victim), not one marked deleted, a test or a duplicate. Inputs without one cost nothing.
func (w *worker) remarkIDs() {
	w.res.last.kind = aboveKept // its person counted, or known to be no victim
	if !w.got(iCaseID) {
		return
	}
	has := false
	if r := &w.raw; len(r.cells) > 0 && w.namingSet {
		has = w.rowNaming // rejectedSubmission looked every cell up
	} else if len(r.cells) > 0 {
		for _, c := range r.cells {
			if w.revCells[c.col]&revNaming != 0 {
				has = true
				break
			}
		}
	} else {
		has = w.revLay == w.lay && w.revName
	}
	if v := strings.TrimSpace(w.slots[iCaseID].v); has && v != "" {
		f := FoldCaseID(v)
		h := foldedHash(f)
		if len(w.res.ids) == cap(w.res.ids) {
			// once a chunk to the rows it may hold (idsHint), then doubled if short
			w.res.ids = slices.Grow(w.res.ids, max(w.idsHint, len(w.res.ids)))
		}
		w.res.ids = append(w.res.ids, h)
		w.res.shapes |= shapeBit(f)
		w.res.last.id = h
	}
}

// cellOf returns the current row's value in its column named col ("" when none).
func (w *worker) cellOf(col string) string {
	if v, ok := w.noted(col); ok {
		return v // a ditto's: the remark it repeats
	}
	if r := &w.raw; len(r.cells) > 0 {
		for _, c := range r.cells {
			if c.col == col {
				return c.val
			}
		}
		return ""
	}
	if w.lay == nil {
		return ""
	}
	if i := slices.Index(w.lay.cols, col); i >= 0 {
		return w.rawAt(i)
	}
	return ""
}

// remarkTarget returns the hash of the case a duplicate's remark names: the first token like a
// case number (caseNumberLike) after the remark's word of a duplicate, a merge or a repeat
// ("duplicate", "same", "already", ...); elsewhere when the remark says the case is another
// organisation's; 0 when it names none. name is the number named.
func remarkTarget(t string) (target uint64, name string) {
	toks := remarkTokens(t)
	for i, tok := range toks {
		if !dupWord(strings.ToLower(tok)) {
			continue
		}
		for _, n := range toks[i+1:] {
			if caseNumberLike(n) {
				name = n
				break
			}
		}
		break
	}
	if name == "" {
		return 0, ""
	}
	words := strings.FieldsFunc(strings.ToLower(t), func(r rune) bool { return !unicode.IsLetter(r) })
	for i, w := range words {
		if (w == "other" || w == "another" || w == "otra" || w == "otro" || w == "autre" || w == "outra" || w == "outro" || w == "lain") &&
			slices.ContainsFunc(words[max(i-2, 0):min(i+3, len(words))], orgWord) {
			return elsewhere, name
		}
	}
	return idHash(name), name
}

// remarkTokens splits a remark into its words and numbers, a number's own marks kept
// ("C-0001", "2023/145": the slash of a year and a number, not two numbers).
func remarkTokens(t string) []string {
	return strings.FieldsFunc(t, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '_' && r != '/'
	})
}

// dupWord reports whether a (lower-case) word of a remark says its record repeats another.
func dupWord(w string) bool {
	for _, p := range []string{"dup", "doublon", "merg", "fusion", "mescl", "same", "already", "ganda", "sama", "mismo", "déjà", "deja", "ya", "já", "sudah",
		"re-regist", "reregist", "repeat"} {
		if strings.HasPrefix(w, p) && (len(p) > 2 || w == p) {
			return true
		}
	}
	return false
}

// orgWord reports whether a (lower-case) word names an organisation.
func orgWord(w string) bool {
	for _, p := range []string{"organi", "agenc", "ngo", "shelter", "partner", "org", "provider", "programme", "program", "project",
		"institution", "lembaga", "organis", "organiz", "organización", "organisation", "refugio", "albergue", "abrigo", "centre", "center"} {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// dupLayout is what a layout's header says of duplicate marks (see worker.dupCols).
type dupLayout struct {
	mark, target int   // column indexes, -1 for none
	merge        bool  // the target is a merge column (mergeNames), which marks its row itself
	ids          []int // columns of the rows' own identifiers
}

// mergeColumn reports whether a column of this name names the case its row was merged into
// and the config does not map it (a config that maps it, even onto drop, says how to read it).
func (m *Mapping) mergeColumn(col string) bool {
	if !mergeNames[fold(lastSegment(col))] {
		return false
	}
	_, how := m.resolveAny(col)
	return how != viaConfig
}

// mergedValue reads a merge column's value: marked when it is not empty, a placeholder nor a
// no; naming a case when it is no yes either ("Merged into" = Yes names none: refused by
// Reader.duplicates as a mark that names no case).
func mergedValue(v string) (marked, names bool) {
	t := strings.TrimSpace(v)
	if markBlank(t) {
		return false, false
	}
	yes, ok := markAnswers[fold(t)]
	if ok {
		return yes, false
	}
	return true, true
}

// markColumn reports whether a column of this name marks duplicates and the config does not
// map it (a config that maps it, even onto drop, says how to read it).
func (m *Mapping) markColumn(col string) bool {
	if !dupMarkNames[fold(lastSegment(col))] {
		return false
	}
	_, how := m.resolveAny(col)
	return how != viaConfig
}

func lastSegment(col string) string { return col[strings.LastIndexAny(col, "/.")+1:] }

// dupCols finds the layout's columns of duplicate marks (once per layout).
func (w *worker) dupCols() *dupLayout {
	if w.dupLay == w.lay {
		return &w.dupL
	}
	w.dupLay, w.dupL = w.lay, dupLayout{mark: -1, target: -1}
	d := &w.dupL
	for i, c := range w.lay.cols {
		k := fold(lastSegment(c))
		switch {
		case w.c.mapping.markColumn(c):
			if d.mark < 0 {
				d.mark = i
			}
		case dupTargetNames[k] && (!mergeNames[k] || w.c.mapping.mergeColumn(c)):
			if d.target < 0 || d.merge && !mergeNames[k] { // Primero's duplicate_case_id first
				d.target, d.merge = i, mergeNames[k]
			}
		case idNames[k] || i < len(w.lay.fields) && w.lay.fields[i] == iCaseID:
			d.ids = append(d.ids, i)
		}
	}
	return d
}

// rawAt returns the current row's value in column i of its layout, as read.
func (w *worker) rawAt(i int) string {
	r := &w.raw
	switch {
	case r.line != "":
		rest, v := r.line, ""
		for j := 0; j <= i; j++ {
			v, rest, _ = strings.Cut(rest, string(w.lay.delim))
		}
		return v
	case i < len(r.vals):
		return r.vals[i]
	}
	return ""
}

// duplicateMark reports whether the current row is marked as a duplicate, recording it (with
// the case it names) or, for a row that is not, its own identifiers, which a mark may name.
// Inputs without a column of marks cost nothing.
func (w *worker) duplicateMark(line int, sheet string) (string, bool) {
	r := &w.raw
	markCol, targetCol := "", ""
	var target uint64
	marked, collect := false, false
	var own []uint64
	sawMark := false               // a JSON record's duplicate mark column, which a merge column leaves alone
	mergedCol, mergedVal := "", "" // a JSON record's merge column with a value
	if len(r.cells) > 0 {
		if w.segKeys == nil {
			w.segKeys = map[string]string{}
		}
		for _, c := range r.cells {
			k, ok := w.segKeys[c.col]
			if !ok {
				k = fold(lastSegment(c.col))
				if len(w.segKeys) < 4096 { // a bound for inputs whose keys are values
					w.segKeys[strings.Clone(c.col)] = k
				}
			}
			switch {
			case dupMarkNames[k] && w.c.mapping.markColumn(c.col):
				collect, sawMark = true, true
				if dupTrue[fold(strings.TrimSpace(c.val))] {
					marked, markCol = true, c.col
				}
			case mergeNames[k] && !w.c.mapping.mergeColumn(c.col):
				// mapped by the config: read as it says
			case dupTargetNames[k]:
				if mergeNames[k] {
					collect = true
					if m, _ := mergedValue(c.val); m && mergedCol == "" {
						mergedCol, mergedVal = c.col, c.val
					}
				}
				if strings.TrimSpace(c.val) != "" && (target == 0 || !mergeNames[k]) {
					target, targetCol = idHash(c.val), c.col
				}
			case idNames[k] || c.f == iCaseID || k == "ownedby" || k == "recordstate":
				// Primero's records: their ids are kept, a mark in another record may name them
				collect = true
				if (idNames[k] || c.f == iCaseID) && strings.TrimSpace(c.val) != "" {
					own = append(own, idHash(c.val))
				}
			}
		}
	} else if w.lay != nil {
		d := w.dupCols()
		if d.mark < 0 && !d.merge && !w.primeroLayout() {
			return "", false
		}
		collect = true
		if d.mark >= 0 && dupTrue[fold(strings.TrimSpace(w.rawAt(d.mark)))] {
			marked, markCol = true, w.lay.cols[d.mark]
			if d.target >= 0 {
				if v := w.rawAt(d.target); strings.TrimSpace(v) != "" {
					target, targetCol = idHash(v), w.lay.cols[d.target]
				}
			}
		} else if d.mark < 0 && d.merge {
			// a merge column alone: its value marks the row and names the case
			v := w.rawAt(d.target)
			if m, names := mergedValue(v); m {
				marked, markCol = true, w.lay.cols[d.target]
				if names {
					target, targetCol = idHash(v), w.lay.cols[d.target]
				}
			}
		}
		for _, i := range d.ids {
			if v := w.rawAt(i); strings.TrimSpace(v) != "" {
				own = append(own, idHash(v))
			}
		}
	}
	if mergedCol != "" && !sawMark {
		// a merge column alone (mergeNames): its value marks the row and names the case
		marked, markCol = true, mergedCol
		if _, names := mergedValue(mergedVal); names {
			target, targetCol = idHash(mergedVal), mergedCol
		} else {
			target, targetCol = 0, ""
		}
	}
	if !collect {
		return "", false
	}
	if !marked {
		w.res.ids = append(w.res.ids, own...)
		return "", false
	}
	col := targetCol
	if col == "" {
		col = markCol
	}
	w.res.dups = append(w.res.dups, dupMark{sheet: sheet, line: line, col: strings.Clone(col), target: target, own: own})
	w.res.last.kind, w.res.last.target, w.res.last.shape = aboveDup, target, 0
	return markCol, true
}

// errDuplicateUnsure: a row whose duplicate mark is empty while it names the case it would
// duplicate (Primero's duplicate blank, duplicate_case_id given): read, it was a second case
// with no word (attack-2026-12-02f, lows); whether it is one is not known.
var errDuplicateUnsure = errors.New("a row whose duplicate mark is empty but that names a case it duplicates (Primero's duplicate blank, duplicate_case_id given): not certain to be a case of its own")

// unsureDuplicate reports whether the current row (of a CSV or a sheet) has an empty duplicate
// mark beside a value in the column naming the case it duplicates, and that column.
func (w *worker) unsureDuplicate() (string, bool) {
	if w.lay == nil || len(w.raw.cells) > 0 {
		return "", false
	}
	d := w.dupCols()
	if d.mark < 0 || d.target < 0 || strings.TrimSpace(w.rawAt(d.mark)) != "" || strings.TrimSpace(w.rawAt(d.target)) == "" {
		return "", false
	}
	return w.lay.cols[d.target], true
}

// primeroLayout reports whether the layout's columns are a Primero export's (case_id_display,
// owned_by, record_state): its rows' ids are kept for a mark in another sheet or chunk.
func (w *worker) primeroLayout() bool {
	if w.primLay != w.lay {
		w.primLay, w.prim = w.lay, false
		for _, c := range w.lay.cols {
			if k := fold(lastSegment(c)); k == "caseiddisplay" || k == "ownedby" || k == "recordstate" {
				w.prim = true
				break
			}
		}
	}
	return w.prim
}

// maxDupHops bounds the chain of duplicates of duplicates followed to a case.
const maxDupHops = 16

// duplicates refuses an input with a row marked as a duplicate of no case among its rows: the
// case it names was not exported (a filtered list) or is itself no case (marked invalid), so
// the marked row may be the only record of its person, and quarantining it would lose them.
// A mark naming a row itself marked is followed to the case that row names.
func (r *Reader) duplicates() error {
	if len(r.dups) == 0 {
		return nil
	}
	n := 0
	for _, c := range r.dupIDs {
		n += len(c)
	}
	ids := make(map[uint64]bool, n)
	for _, c := range r.dupIDs {
		for _, h := range c {
			ids[h] = true
		}
	}
	next := map[uint64]uint64{}
	for _, d := range r.dups {
		for _, h := range d.own {
			if _, ok := next[h]; !ok {
				next[h] = d.target
			}
		}
	}
	var first *dupMark
	remarks, mutual, unlike, above := 0, 0, 0, 0
	for i := range r.dups {
		d := &r.dups[i]
		t, loop := d.target, false
		for hop := 0; t != 0 && !ids[t] && hop < maxDupHops; hop++ {
			if loop = loop || slices.Contains(d.own, t); loop {
				break
			}
			t = next[t]
		}
		if t != 0 && ids[t] {
			continue
		}
		if d.remark {
			// counted: the refusal names how many children would be lost; rows naming each
			// other (C00001 "Same as C00002", C00002 "Same as C00001") leave their person in
			// no row, as Primero's marks so are refused (attack-2026-12-05e X2)
			if remarks++; first == nil {
				first = d
			}
			if loop {
				mutual++
			}
			switch {
			case d.target == aboveMissing:
				above++
			case d.target != elsewhere && d.shape&r.dupShapes == 0:
				unlike++
			}
			continue
		}
		what, fix := "names no case it duplicates (no duplicate_case_id or duplicate_of value)", "export the column that names the case each duplicates (duplicate_case_id)"
		if d.target != 0 {
			what, fix = "names a case that is not among this export's rows (not exported, or itself marked invalid or rejected)", "export the case it duplicates as well (the whole list of cases)"
		}
		drop := "the column of marks onto drop under columns: ({duplicate: drop})"
		if mergeNames[fold(lastSegment(d.col))] {
			// a merge column alone: the column named is the one to map
			what = "names a case that is not among this export's rows (not exported, or itself marked invalid or rejected) as the one it was merged into"
			if d.target == 0 {
				what = "says it was merged but names no case it was merged into"
			}
			drop = "the merge column onto drop under columns:"
		}
		return &ParseError{File: RedactURL(r.name), Sheet: d.sheet, Line: d.line, Column: d.col,
			Err: fmt.Errorf("%w: the row %s, so it may be the only record of its person, and it is neither counted nor left out unsaid; "+
				"%s, or, to read rows marked as duplicates as cases, map %s",
				ErrDuplicateMissing, what, fix, drop)}
	}
	if first != nil {
		// A remark such as "Duplicate of C09999" or "Duplicate of case 123 (other organisation)"
		// whose case is among no rows of the export: the child would be counted nowhere.
		each, whose := "", ""
		if mutual > 0 {
			each = fmt.Sprintf(" (%d of them name each other, so that none of their rows is kept)", mutual)
		}
		if above > 0 {
			// "Same person as above" under a row left out itself (attack-2026-12-05g Z2)
			each += fmt.Sprintf(" (%d of them %s the same person as the row above (\"Same person as above\", \"Same as previous row\"), a row not read: "+
				"left out itself (deleted, a test, another mark), quarantined, or none is above it on its sheet)", above, map[bool]string{true: "says it is", false: "say they are"}[above == 1])
		}
		if unlike > 0 {
			// "Same as case no. 2023/145" in an export of C00001: another register's number,
			// whose case no export of this one holds (attack-2026-12-05f Y5)
			each += fmt.Sprintf(" (%d of them %s a number unlike every case number of this export, in its letters, digits and marks: "+
				"perhaps another register's, the police's or a court's, not a case of this export)", unlike, map[bool]string{true: "names", false: "name"}[unlike == 1])
			whose = "; where a remark names another register's number, say whose in it (\"Duplicate of police case ...\", \"Duplicate of FIR ...\" are read as a case of this export, the other register's record being no row of it)"
		}
		return &ParseError{File: RedactURL(r.name), Sheet: first.sheet, Line: first.line, Column: first.col,
			Err: fmt.Errorf("%w: the case it names is not among this export's rows (not exported, left out itself, or another organisation's): "+
				"%d %s so%s, the first here, each perhaps the only record of its person, neither counted nor left out unsaid; "+
				"export the cases they name as well, or correct the remarks (a case of another organisation is counted only from that organisation's export, "+
				"where the linker joins the records of one person; of two rows naming each other, one is the case)%s, or, to read every row whatever "+
				"its remark says, map that column onto drop under columns:",
				ErrRemarkDuplicateMissing, remarks, map[bool]string{true: "row is", false: "rows are"}[remarks == 1], each, whose)}
	}
	return nil
}
