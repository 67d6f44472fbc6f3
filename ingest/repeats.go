package ingest

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/prevalence/prevalence/schema"
	"github.com/xuri/excelize/v2"
)

// errRepeatNoParent quarantines a row of a form's repeat group, read as the cases and joined
// to its parent record (repeatJoin), whose parent is not in the workbook: the date, place and
// forms it would take are not known.
var errRepeatNoParent = errors.New("a row of a form's repeat group whose parent record (its _parent_index, _submission__id or PARENT_KEY) is on no row of the parent sheet: the record's date, place and forms are not known")

// errRepeatNoParentJudged is errRepeatNoParent for a group that records the case's fields
// itself and is joined only for its parent's review, remark and mark columns: the row's own
// values are there, but whether its record was rejected or remarked "not a victim" is not known.
var errRepeatNoParentJudged = errors.New("a row of a form's repeat group whose parent record (its _parent_index, _submission__id or PARENT_KEY) is on no row of the parent sheet: the record's review, remarks and marks, which judge its people, are not known")

// repeatLinks are the columns that tie a repeat group's row to its parent record, each with
// the parent sheet's column it matches, in the order they are tried: KoboToolbox's
// _parent_index (the parent's _index; _submission__id its _id), ODK's and SurveyCTO's
// PARENT_KEY (the parent's KEY).
var repeatLinks = [][2]string{{"_parent_index", "_index"}, {"_submission__id", "_id"}, {"parent_key", "key"}}

// repeatJoin is a form's repeat group named as the sheet of cases (KoboToolbox's export of a
// form whose people are in a repeat group: a submission per rescue operation, its victims a
// row each on a sheet of their own), joined to its parent sheet: each person takes the
// parent record's fields of the case that the group lacks (date, place, forms, status), never
// its person's (gender, age, names: the informant's) nor its case number (one number for
// several people would merge them as duplicates). Attack-2026-12-05b U7: named alone, every
// person's date, province and forms were "not recorded".
type repeatJoin struct {
	child, parent string // the sheets
	link, key     string // the child's column holding the parent's key, the parent's key column (as named)
	take          []int  // the parent's columns taken, in its order
	names         []string
	fields        []string              // the fields they map onto, for the notice
	judged        []string              // the review, remark and mark columns taken (Mapping.reviewColumn)
	rows          map[string]sectionRow // the parent's rows by key (sectionKey)
	used          map[string]bool
	noKey         int // the parent's rows without a key
	linkCol       int // the child's link column in its header (set by newLayout), -1 before
	width         int // the child's header's width (set by newLayout)
	joined, lost  int // child rows joined, and those whose parent is missing
}

// caseLevel reports whether a parent record's field is the case's rather than a person's: the
// fields a repeat group's row takes from its parent.
func caseLevel(f int) bool {
	switch f {
	case fTOE, fieldIndex(schema.RegistrationDate), fieldIndex(schema.YearOfRegistration), fieldIndex(schema.RegistrationPeriod),
		fieldIndex(schema.UpdatedAt), fieldIndex(schema.CountryOfExploitation), fieldIndex(schema.ProvinceOfExploitation),
		fieldIndex(schema.DistrictOfExploitation), fieldIndex(schema.RegionOfExploitation), fieldIndex(schema.IsSexualExploitation),
		fieldIndex(schema.IsForcedLabour), fieldIndex(schema.IsForcedMarriage), fieldIndex(schema.IsForcedMilitary),
		fieldIndex(schema.IsOtherExploitation), fieldIndex(schema.LabourSector), fieldIndex(schema.Source),
		fieldIndex(schema.TraffickingStatus), fieldIndex(schema.TraffickingStatusDecidedBy), fieldIndex(schema.ReferralRoute),
		fieldIndex(schema.IdentifiedDate):
		return true
	}
	return false
}

// fieldKind groups fields that give one thing, so that a group giving one of them takes none
// of the others from its parent: the date (or year), the forms, the status.
func fieldKind(f int) int {
	switch f {
	case fieldIndex(schema.RegistrationDate), fieldIndex(schema.YearOfRegistration), fieldIndex(schema.RegistrationPeriod):
		return 1
	case fTOE, fieldIndex(schema.IsSexualExploitation), fieldIndex(schema.IsForcedLabour), fieldIndex(schema.IsForcedMarriage),
		fieldIndex(schema.IsForcedMilitary), fieldIndex(schema.IsOtherExploitation):
		return 2
	}
	return -1 - f // a kind of its own
}

// repeatParent returns the join of the repeat group child (named by the config) to its parent
// sheet, or nil when there is none to make: no link column, no sheet holding the key it
// matches, or a parent that is itself a repeat group (nested groups are not joined: the
// parent-lost notice says what its people are read without). Two sheets that may be the
// parent refuse the workbook.
func repeatParent(f *excelize.File, m *Mapping, sheets []string, heads map[string]sheetHead, child string, label func(string) string) (*repeatJoin, error) {
	if m.hasPositional() {
		return nil, nil // a column named by its position would name another in the joined row
	}
	ch := heads[child]
	link, key := -1, ""
	for _, l := range repeatLinks {
		if i := slices.IndexFunc(ch.header, func(c string) bool { return strings.EqualFold(strings.TrimSpace(c), l[0]) }); i >= 0 {
			link, key = i, l[1]
			break
		}
	}
	if link < 0 {
		return nil, nil
	}
	// Kobo names the parent's table on each row (_parent_table_name); a sheet's name is cut to
	// Excel's 31 characters.
	table := ""
	if i := slices.IndexFunc(ch.header, func(c string) bool { return strings.EqualFold(strings.TrimSpace(c), "_parent_table_name") }); i >= 0 && ch.row > 0 {
		if cell, err := excelize.CoordinatesToCellName(i+1, ch.row+1); err == nil {
			table, _ = f.GetCellValue(child, cell)
			table = strings.TrimSpace(table)
		}
	}
	var cands []string
	for _, s := range sheets {
		h := heads[s]
		if s == child || h.header == nil || !slices.ContainsFunc(h.header, func(c string) bool { return strings.EqualFold(strings.TrimSpace(c), key) }) {
			continue
		}
		if table != "" && (strings.EqualFold(s, table) || len(s) == 31 && strings.HasPrefix(strings.ToLower(table), strings.ToLower(s))) {
			cands = []string{s}
			break
		}
		if repeatColumn(h.header) < 0 {
			cands = append(cands, s)
		}
	}
	if len(cands) == 0 {
		return nil, nil
	}
	if len(cands) > 1 {
		var ls []string
		for _, s := range cands {
			ls = append(ls, fmt.Sprintf("%q", label(s)))
		}
		return nil, &posError{sheet: label(child), err: fmt.Errorf("%w: the sheet is a form's repeat group, read as the cases and joined to its parent records by its column %q, but the sheets %s each have a column %q: "+
			"which holds its parent records is not certain; keep only the form's sheets in the workbook", ErrNotCases, shownColumn(strings.TrimSpace(ch.header[link])), strings.Join(ls, ", "), shownColumn(key))}
	}
	parent := cands[0]
	ph := heads[parent]
	if repeatColumn(ph.header) >= 0 {
		return nil, nil
	}
	rj := &repeatJoin{child: child, parent: parent, link: strings.TrimSpace(ch.header[link]), linkCol: -1, used: map[string]bool{}}
	var kinds []int
	for i, c := range ch.header {
		if name := m.sheetField(i, c); name != "" {
			kinds = append(kinds, fieldKind(fieldIndex(name)))
		}
	}
	for i, c := range ph.header {
		name := strings.TrimSpace(c)
		if strings.EqualFold(name, key) {
			rj.key = name
		}
		fl := m.sheetField(i, c)
		if slices.ContainsFunc(ch.header, func(o string) bool { return strings.EqualFold(strings.TrimSpace(o), name) }) {
			continue
		}
		if (m.reviewColumn(name, fl == "") || fl == "" && parentTypeColumn(name)) && (fl == "" || !caseLevel(fieldIndex(fl)) && !slices.Contains(kinds, fieldKind(fieldIndex(fl)))) {
			// The record's review, remark, closure and no-case mark columns judge its people
			// too: a submission its reviewers rejected, or a record marked "Test", counts none
			// of them (attack-2026-12-05e X1). A remark column is the narrative's when the group
			// has none of its own.
			rj.take = append(rj.take, i)
			rj.names = append(rj.names, name)
			rj.judged = append(rj.judged, name)
			continue
		}
		if fl == "" || !caseLevel(fieldIndex(fl)) || slices.Contains(kinds, fieldKind(fieldIndex(fl))) {
			continue
		}
		rj.take = append(rj.take, i)
		rj.names = append(rj.names, name)
		fl, _, _ = strings.Cut(fl, "#")
		if !slices.Contains(rj.fields, fl) {
			rj.fields = append(rj.fields, fl)
		}
	}
	if len(rj.fields) == 0 && len(rj.judged) == 0 {
		return nil, nil // no field to take and none to judge by: read as named
	}
	// A group that records the case's fields itself is still joined when its parent has a
	// review, remark or mark column: a submission's "_notes" saying "Not a victim" (or its
	// rejection) is of its people too, and was dropped unread (ing42's Left).
	return rj, nil
}

// readParent reads the parent sheet's rows into rj.rows by key; a key on two rows refuses the
// workbook (which record the group's rows belong to is not certain).
func (p *xlsxProducer) readParent(e *emitter, f *excelize.File, merges []mergeRange, h sheetHead, label func(string) string) error {
	rj := p.rep
	lbl := label(rj.parent)
	keyCol := slices.IndexFunc(h.header, func(c string) bool { return strings.TrimSpace(c) == rj.key })
	rows, err := f.Rows(rj.parent)
	if err != nil {
		return &posError{err: fmt.Errorf("%w: unreadable sheet", ErrBrokenFile), sheet: lbl}
	}
	defer rows.Close()
	rj.rows = map[string]sectionRow{}
	mv := newMergeFiller(merges)
	n := 0
	for rows.Next() {
		n++
		vals, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return &posError{err: fmt.Errorf("%w: unreadable row", ErrBrokenFile), line: n, sheet: lbl}
		}
		if vals = mv.fill(n, vals); n <= h.row || blank(vals) {
			continue
		}
		id := ""
		if keyCol < len(vals) {
			id = sectionKey(vals[keyCol])
		}
		if id == "" {
			rj.noKey++
			continue
		}
		if at, dup := rj.rows[id]; dup {
			return &posError{sheet: lbl, line: n, err: fmt.Errorf("%w: the sheet holds the parent records of the repeat group %q, which the config names, but this row's %s is also on row %d: "+
				"which record the group's rows belong to is not certain", ErrNotCases, label(rj.child), rj.key, at.line)}
		}
		r := sectionRow{line: n}
		for _, i := range rj.take {
			v := ""
			if i < len(vals) {
				v = vals[i]
			}
			r.vals = append(r.vals, v)
		}
		if rows.GetRowOpts().Hidden || p.zero[rj.parent][n] {
			r.bad = errHiddenRow.Error()
		} else if p.noValue[rj.parent][n] {
			r.bad = errFormulaNoValue.Error()
		}
		rj.rows[id] = r
		if e.ctx.Err() != nil {
			return nil
		}
	}
	if err := rows.Error(); err != nil {
		return &posError{err: fmt.Errorf("%w: unreadable sheet", ErrBrokenFile), line: n, sheet: lbl}
	}
	return nil
}

// newLayout is the layout of the repeat group's sheet (its header hdr, its label) with the
// parent's columns taken after its own, joined (layout.join): a rejection about a parent's
// column names the parent's sheet and row.
func (rj *repeatJoin) newLayout(res *resolver, hdr []string, childLabel, parentLabel string, date1904 bool) (*layout, error) {
	rj.width = len(hdr)
	rj.linkCol = slices.IndexFunc(hdr, func(c string) bool { return strings.EqualFold(strings.TrimSpace(c), rj.link) })
	lay, err := newSheetLayout(res, append(slices.Clip(hdr), rj.names...), childLabel, date1904)
	if err != nil {
		return nil, err
	}
	lay.join = &sectionJoin{labels: []string{childLabel, parentLabel}, colSec: make([]int, len(lay.cols)), group: true}
	for i := rj.width; i < len(lay.cols); i++ {
		lay.join.colSec[i] = 1
	}
	return lay, nil
}

// extend gives a repeat group's row its parent's values (row.vals cut or padded to width, the
// group's header's width): a row whose parent is missing is quarantined.
func (rj *repeatJoin) extend(row *srow) {
	width := rj.width
	vals := row.vals
	if len(vals) > width {
		vals = vals[:width]
	}
	out := make([]string, width, width+len(rj.take))
	copy(out, vals)
	row.lines = []int{row.line, 0}
	id := ""
	if rj.linkCol >= 0 && rj.linkCol < len(out) {
		id = sectionKey(out[rj.linkCol])
	}
	pr, ok := rj.rows[id]
	if !ok || id == "" {
		out = append(out, make([]string, len(rj.take))...)
		row.vals = out
		if row.bad == "" {
			rj.lost++
			row.bad = errRepeatNoParent.Error()
			if len(rj.fields) == 0 {
				row.bad = errRepeatNoParentJudged.Error()
			}
		}
		return
	}
	rj.used[id] = true
	rj.joined++
	row.vals = append(out, pr.vals...)
	row.lines[1] = pr.line
	if pr.bad != "" && row.bad == "" {
		row.bad, row.at = pr.bad, 1
	}
}

// reason is what the parent sheet's skip records: why its rows are not read as cases, what was
// taken from them, and the records no row of the group joined.
func (rj *repeatJoin) reason(childLabel string) string {
	takes := "takes its record's " + strings.Join(rj.fields, ", ")
	if len(rj.fields) == 0 {
		takes = "records the case's fields itself and is joined to its record" // joined for judged only
	}
	s := fmt.Sprintf("the parent records (a submission per operation or household) of the form's repeat group %q, which the config names as the cases: not cases themselves, "+
		"each row of the group %s (matching its %s to this sheet's %s; the record's own person fields, such as an informant's gender and age, are not taken)",
		childLabel, takes, rj.link, rj.key)
	if len(rj.judged) > 0 {
		s += fmt.Sprintf("; its columns %s judge the group's rows too (a rejected or marked record's people are quarantined with it)", strings.Join(quoteEach(rj.judged), ", "))
	}
	unused := 0
	for id := range rj.rows {
		if !rj.used[id] {
			unused++
		}
	}
	if unused > 0 {
		s += fmt.Sprintf("; %d of its records %s no row in the group (no person recorded) and %s not counted", unused, agreeN(unused, "has", "have"), agreeN(unused, "is", "are"))
	}
	if rj.noKey > 0 {
		s += fmt.Sprintf("; %d of its rows %s no %s and %s not counted", rj.noKey, agreeN(rj.noKey, "has", "have"), rj.key, agreeN(rj.noKey, "is", "are"))
	}
	return s
}

// quoteEach returns each of names in Go's double quotes.
func quoteEach(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = fmt.Sprintf("%q", n)
	}
	return out
}

// parentTypeColumn reports whether a parent record's column names the case's type ("Type",
// "Case type", "Category"): a record of "Type" = Domestic violence counts none of its group's
// people as victims of trafficking (ing33's Left; caseTypesOnly refuses it as it does a flat
// register's). Judged with the record's review columns (repeatJoin's judged).
func parentTypeColumn(name string) bool {
	if caseTypeNamed(name) {
		return true
	}
	switch fold(name) {
	case "type", "tipo", "jenis", "category", "categoría", "categoria", "catégorie", "kategori":
		return true
	}
	return false
}
