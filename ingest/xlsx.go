package ingest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"github.com/prevalence/prevalence/detect"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Workbook limits. A workbook is read into memory (zip needs random access) and its sheets are
// inflated in memory too: excelize would otherwise spill large sheets, identifiers and all, into
// the system's temporary folder, and case data must never touch the disk. So a workbook larger
// than xlsxMaxUnzip once inflated (a zip bomb among them) fails with a clear error instead.
const (
	xlsxMaxUnzip = 1 << 30
	xlsxRowChunk = 1024
)

// xlsxProducer streams the rows of a workbook's sheets with excelize's row iterator (never the
// whole sheet at once). Each sheet has its own header row, found as in CSV; a sheet without one
// is skipped when every sheet is read. Cells are read raw, so a date stored as a serial number
// arrives as a number and is turned into a date for date fields (see worker.parseDate); a date
// stored as text is parsed as text. Merged cells (a header cell spanning columns or rows, or a
// value merged down several rows) give their value to every cell they cover.
type xlsxProducer struct{}

func (p *xlsxProducer) produce(e *emitter) error {
	limit := int64(DefaultMaxBytes)
	want := ""
	if m := e.conf.mapping; m != nil {
		if m.MaxBytes > 0 {
			limit = m.MaxBytes
		}
		want = m.Sheet
	}
	data, err := readWhole(e.in, limit, "PK\x03\x04", "an XLSX workbook (a zip archive)")
	if err != nil {
		return err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue: true, UnzipSizeLimit: xlsxMaxUnzip, UnzipXMLSizeLimit: xlsxMaxUnzip,
	})
	if err != nil {
		if strings.Contains(err.Error(), "size exceeds") {
			return fmt.Errorf("%w: the workbook inflates to more than %d MiB", ErrTooLarge, xlsxMaxUnzip>>20)
		}
		return fmt.Errorf("%w: not a readable XLSX workbook", ErrBrokenFile)
	}
	defer f.Close()
	date1904 := false
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		date1904 = *props.Date1904
	}
	sheets := f.GetSheetList()
	if want != "" {
		found := ""
		for _, s := range sheets {
			if strings.EqualFold(s, want) {
				found = s
			}
		}
		if found == "" {
			return fmt.Errorf("%w %q in the workbook", ErrNoSheet, want)
		}
		sheets = []string{found}
	}
	merges := sheetMerges(data)
	// A cell far right (column XFD) makes excelize hand over every row padded to it: 16,384
	// strings a row. Cells right of each sheet's header are in no column, so they are removed
	// from the sheets' XML before the rows are read; a named column far right, and the cells
	// of a sheet with no header (read only to count its rows), are moved next to the near
	// columns (see cellPlan): the cost follows the cells.
	plans := map[string]cellPlan{}
	for _, sheet := range sheets {
		w, header := headerWidth(e, f, sheet, merges[sheet], date1904)
		if pl, ok := planCells(w, header, merges[sheet], e.conf.mapping); ok {
			plans[sheet] = pl
		}
	}
	if trimmed, ok := trimFarCells(data, plans); ok {
		g, err := excelize.OpenReader(bytes.NewReader(trimmed), excelize.Options{
			RawCellValue: true, UnzipSizeLimit: xlsxMaxUnzip, UnzipXMLSizeLimit: xlsxMaxUnzip,
		})
		if err == nil {
			f.Close()
			f = g
			defer g.Close()
		}
	}
	anyHeader := false
	for _, sheet := range sheets {
		ok, err := p.sheet(e, f, sheet, merges[sheet], date1904, want != "")
		if err != nil {
			return err
		}
		anyHeader = anyHeader || ok
		if e.ctx.Err() != nil {
			return nil
		}
	}
	if !anyHeader {
		return ErrNoKnownColumn
	}
	return nil
}

// headerWidth finds the header of a sheet as sheet does (in its first headerWindow non-blank
// rows) and returns the number of columns up to its last named one, and the header; 0 when it
// has none.
func headerWidth(e *emitter, f *excelize.File, sheet string, merges []mergeRange, date1904 bool) (int, []string) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return 0, nil
	}
	defer rows.Close()
	mv := newMergeFiller(merges)
	var head [][]string
	for n := 1; rows.Next() && len(head) < headerWindow; n++ {
		vals, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return 0, nil
		}
		if vals = mv.fill(n, vals); !blank(vals) {
			head = append(head, vals)
		}
	}
	for _, min := range []int{2, 1} {
		for _, h := range head {
			if knownColumns(e.res, h) >= min {
				w := len(h)
				for w > 0 && strings.TrimSpace(h[w-1]) == "" {
					w--
				}
				return w, h
			}
		}
	}
	return 0, nil
}

// nearColumns is how far right a sheet's columns stay where they are (a merged range spans no
// more); beyond, a cell is kept only moved next to them (see cellPlan).
const nearColumns = 1024

// cellPlan says which cells of a sheet are kept, and where, before its rows are read: those in
// columns 1 to keep where they are; those of the far columns in far (1-based column: new
// column); with perRow, every other cell of a row right of keep, moved to keep+1, keep+2, ...
// in its order (a sheet with no header is read only to count its non-blank rows). Others are
// removed.
type cellPlan struct {
	keep   int
	far    map[int]int
	perRow bool
}

// planCells plans a sheet's cells from its header's width w and the header (w 0: none found).
// Moving cells would misplace a merged range or a positional column ("#N") that reaches past
// nearColumns: then the cells right of the header are only removed, as far as it goes.
func planCells(w int, header []string, merges []mergeRange, m *Mapping) (cellPlan, bool) {
	if w > 0 && w <= nearColumns {
		return cellPlan{keep: w}, true
	}
	reach := 0
	for _, mr := range merges {
		reach = max(reach, mr.c2)
	}
	if m != nil {
		for k := range m.Columns {
			if n, err := strconv.Atoi(strings.TrimPrefix(k, "#")); err == nil && strings.HasPrefix(k, "#") {
				reach = max(reach, n)
			}
		}
	}
	if reach > nearColumns {
		return cellPlan{keep: w}, w > 0
	}
	if w == 0 {
		return cellPlan{keep: nearColumns, perRow: true}, true
	}
	far := map[int]int{}
	for i := nearColumns; i < len(header); i++ {
		if strings.TrimSpace(header[i]) != "" {
			far[i+1] = nearColumns + 1 + len(far)
		}
	}
	return cellPlan{keep: nearColumns, far: far}, true
}

// trimFarCells returns the workbook data with the cells of the sheets named laid out as their
// plans say, and whether any cell was removed or moved; the other parts are copied as they are.
func trimFarCells(data []byte, plans map[string]cellPlan) ([]byte, bool) {
	if len(plans) == 0 {
		return nil, false
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, false
	}
	paths := sheetPaths(zr)
	limit := map[string]cellPlan{}
	for sheet, pl := range plans {
		if p, ok := paths[sheet]; ok {
			limit[p] = pl
		}
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	changed := false
	for _, zf := range zr.File {
		w, ok := limit[zf.Name]
		if !ok {
			if zw.Copy(zf) != nil {
				return nil, false
			}
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, false
		}
		dst, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate, Modified: zf.Modified})
		if err != nil {
			rc.Close()
			return nil, false
		}
		n, err := filterCells(dst, io.LimitReader(rc, xlsxMaxUnzip+1), w)
		rc.Close()
		if err != nil {
			return nil, false
		}
		changed = changed || n > 0
	}
	if zw.Close() != nil || !changed {
		return nil, false
	}
	return out.Bytes(), true
}

// filterCells copies a worksheet's XML from r to w with its cells (<c ...>...</c> or
// <c .../>) laid out as plan says; it returns how many it dropped or moved. Cells hold no
// nested <c>, and their text is escaped, so a cell ends at the first "/>" of its tag or the
// first "</c>" after it. A cell without a reference is kept.
func filterCells(w io.Writer, r io.Reader, plan cellPlan) (int, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	bw := bufio.NewWriterSize(w, 64<<10)
	dropped := 0
	rowFar := 0 // cells of the current row moved (perRow)
	for {
		chunk, err := br.ReadSlice('<')
		if err == io.EOF {
			bw.Write(chunk)
			break
		}
		if err == bufio.ErrBufferFull {
			bw.Write(chunk)
			continue
		}
		if err != nil {
			return 0, err
		}
		bw.Write(chunk[:len(chunk)-1]) // the '<' waits: the element may be dropped
		if next, _ := br.Peek(4); string(next) == "row " || string(next) == "row>" {
			rowFar = 0
		}
		next, _ := br.Peek(2)
		if len(next) < 2 || next[0] != 'c' || (next[1] != ' ' && next[1] != '>' && next[1] != '/' && next[1] != '\t' && next[1] != '\n' && next[1] != '\r') {
			bw.WriteByte('<')
			continue
		}
		tag, err := br.ReadSlice('>')
		if err != nil {
			return 0, fmt.Errorf("%w: a cell tag that does not end", ErrBrokenFile)
		}
		tag = append([]byte(nil), tag...)
		var body []byte
		if !bytes.HasSuffix(tag, []byte("/>")) {
			for !bytes.HasSuffix(body, []byte("</c>")) {
				part, err := br.ReadSlice('>')
				body = append(body, part...)
				if err == bufio.ErrBufferFull {
					continue
				}
				if err != nil {
					return 0, fmt.Errorf("%w: a cell that does not end", ErrBrokenFile)
				}
			}
		}
		if col := cellColumn(tag); col > plan.keep {
			to, ok := plan.far[col]
			if !ok && plan.perRow {
				to, ok = plan.keep+1+rowFar, true
				rowFar++
			}
			dropped++
			if !ok {
				continue
			}
			tag = moveCell(tag, to)
		}
		bw.WriteByte('<')
		bw.Write(tag)
		bw.Write(body)
	}
	return dropped, bw.Flush()
}

// moveCell returns a cell tag whose r attribute names column col instead (its row kept).
func moveCell(tag []byte, col int) []byte {
	i := bytes.Index(tag, []byte(` r="`)) + 4
	j := i
	for j < len(tag) && tag[j] >= 'A' && tag[j] <= 'Z' {
		j++
	}
	name, err := excelize.ColumnNumberToName(col)
	if err != nil {
		return tag
	}
	return slices.Concat(tag[:i], []byte(name), tag[j:])
}

// cellColumn returns the 1-based column of a cell tag's r attribute ("XFD5": 16384), 0 when
// it has none.
func cellColumn(tag []byte) int {
	i := bytes.Index(tag, []byte(` r="`))
	if i < 0 {
		return 0
	}
	col := 0
	for _, b := range tag[i+4:] {
		if b < 'A' || b > 'Z' {
			break
		}
		col = col*26 + int(b-'A'+1)
	}
	return col
}

// sheet streams one sheet; it reports whether the sheet had a header.
func (p *xlsxProducer) sheet(e *emitter, f *excelize.File, sheet string, merges []mergeRange, date1904, chosen bool) (bool, error) {
	// Positions name the sheet, unless its name could be data (a sheet named after a child):
	// then its number.
	idx, _ := f.GetSheetIndex(sheet)
	label := detect.Label(sheet, fmt.Sprintf("sheet %d", idx+1))
	rows, err := f.Rows(sheet)
	if err != nil {
		return false, &posError{err: fmt.Errorf("%w: unreadable sheet", ErrBrokenFile), sheet: label}
	}
	defer rows.Close()
	var lay *layout
	type buffered struct {
		vals []string
		n    int
	}
	var head []buffered
	var out []srow
	n, blanks := 0, 0 // blanks: rows of empty cells below the header, skipped but counted
	emit := func() bool {
		if len(out) == 0 && blanks == 0 {
			return true
		}
		ok := e.emit(&chunk{lay: lay, rows: out, blank: blanks})
		out, blanks = nil, 0
		return ok
	}
	mv := newMergeFiller(merges)
	nonBlank, noHeader := 0, false // rows with a value; no header in the first rows
	add := func(vals []string, n int) bool {
		if blank(vals) {
			blanks++
			return true
		}
		out = append(out, srow{vals: vals, line: n})
		if len(out) >= xlsxRowChunk {
			return emit()
		}
		return true
	}
	for rows.Next() {
		n++
		vals, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return false, &posError{err: fmt.Errorf("%w: unreadable row", ErrBrokenFile), line: n, sheet: label}
		}
		// Cells right of the header (a stray value in column XFD) are in no column: drop them
		// before anything else looks at the row, so the row costs what the header spans.
		if lay != nil && len(vals) > len(lay.cols) && len(merges) == 0 {
			vals = vals[:len(lay.cols)]
		}
		vals = mv.fill(n, vals)
		if noHeader { // only counted, for the notice
			if !blank(vals) {
				nonBlank++
			}
			continue
		}
		if lay != nil {
			if !add(vals, n) {
				return true, nil
			}
			continue
		}
		if blank(vals) {
			continue
		}
		nonBlank++
		head = append(head, buffered{vals, n})
		if known := knownColumns(e.res, vals); known >= 2 || len(head) >= headerWindow {
			// The first row that maps two known columns, else the first that maps one.
			pick := -1
			for i, h := range head {
				if knownColumns(e.res, h.vals) >= 2 {
					pick = i
					break
				}
			}
			if pick < 0 {
				for i, h := range head {
					if knownColumns(e.res, h.vals) >= 1 {
						pick = i
						break
					}
				}
			}
			if pick < 0 {
				noHeader, head = true, nil // no header in the first rows: count the rest
				continue
			}
			if lay, err = newSheetLayout(e.res, head[pick].vals, label, date1904); err != nil {
				return false, &posError{err: err, line: head[pick].n, sheet: label}
			}
			for _, h := range head[pick+1:] {
				if !add(h.vals, h.n) {
					return true, nil
				}
			}
			head = nil
		}
	}
	if err := rows.Error(); err != nil {
		return false, &posError{err: fmt.Errorf("%w: unreadable sheet", ErrBrokenFile), line: n, sheet: label}
	}
	if lay == nil && len(head) > 0 {
		// A short sheet: decide with what there is.
		for i, h := range head {
			if knownColumns(e.res, h.vals) >= 1 {
				if lay, err = newSheetLayout(e.res, h.vals, label, date1904); err != nil {
					return false, &posError{err: err, line: h.n, sheet: label}
				}
				for _, h := range head[i+1:] {
					add(h.vals, h.n)
				}
				break
			}
		}
	}
	if lay == nil {
		if chosen {
			return false, &posError{err: ErrNoKnownColumn, sheet: label, line: 1}
		}
		if nonBlank > 0 { // never skipped unseen: the manifest says so, with the count
			e.skipped = append(e.skipped, SkippedSheet{Sheet: label, Rows: nonBlank, Reason: "none of its columns maps onto a field"})
			e.notices = append(e.notices, fmt.Sprintf("sheet %q skipped: none of its columns maps onto a field; its %d non-blank rows (header included) were not read "+
				"(map its columns under sources: columns:, or choose a sheet with sheet:)", label, nonBlank))
		}
		return false, nil
	}
	emit()
	return true, nil
}

func newSheetLayout(res *resolver, header []string, sheet string, date1904 bool) (*layout, error) {
	lay := &layout{sheet: sheet, serial: true, date19: date1904, cols: make([]string, len(header))}
	for i, c := range header {
		lay.cols[i] = strings.TrimSpace(c)
	}
	var err error
	lay.fields, err = res.layoutFields(lay.cols)
	return lay, err
}

func knownColumns(res *resolver, vals []string) int {
	seen := map[string]bool{}
	for _, v := range vals {
		v = strings.TrimSpace(v)
		if v != "" && res.known(v) {
			seen[res.m.resolveColumn(v)] = true
		}
	}
	return len(seen)
}

func blank(vals []string) bool {
	for _, v := range vals {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// mergeRange is a merged cell range, 1-based and inclusive.
type mergeRange struct{ c1, r1, c2, r2 int }

// mergeFiller copies each merged range's top-left value into the other cells it covers, as the
// rows stream by (the top-left cell always comes first).
type mergeFiller struct {
	ranges []mergeRange
	vals   []string
}

func newMergeFiller(r []mergeRange) *mergeFiller {
	return &mergeFiller{ranges: r, vals: make([]string, len(r))}
}

func (m *mergeFiller) fill(row int, vals []string) []string {
	for i, r := range m.ranges {
		if row < r.r1 || row > r.r2 {
			continue
		}
		if row == r.r1 {
			m.vals[i] = ""
			if r.c1-1 < len(vals) {
				m.vals[i] = vals[r.c1-1]
			}
		}
		if m.vals[i] == "" {
			continue
		}
		for len(vals) < r.c2 {
			vals = append(vals, "")
		}
		for c := r.c1; c <= r.c2; c++ {
			if vals[c-1] == "" {
				vals[c-1] = m.vals[i]
			}
		}
	}
	return vals
}

// sheetMerges finds the merged ranges of every sheet by scanning the sheets' XML for
// <mergeCell ref="A1:C2"/> elements (they follow the sheet data). excelize's GetMergeCells
// would load the whole sheet into memory, which streaming is meant to avoid.
func sheetMerges(data []byte) map[string][]mergeRange {
	out := map[string][]mergeRange{}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return out
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	for name, p := range sheetPaths(zr) {
		if f := files[p]; f != nil {
			out[name] = scanMerges(f)
		}
	}
	return out
}

// sheetPaths maps each sheet's name to the path of its XML in the workbook's zip.
func sheetPaths(zr *zip.Reader) map[string]string {
	out := map[string]string{}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if readXML(files["xl/workbook.xml"], &wb) != nil || readXML(files["xl/_rels/workbook.xml.rels"], &rels) != nil {
		return out
	}
	target := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		target[r.ID] = t
	}
	for _, s := range wb.Sheets {
		if t, ok := target[s.ID]; ok {
			out[s.Name] = t
		}
	}
	return out
}

func readXML(f *zip.File, v any) error {
	if f == nil {
		return errors.New("missing")
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(io.LimitReader(rc, 64<<20)).Decode(v)
}

var mergeTag = []byte("<mergeCell ")

func scanMerges(f *zip.File) []mergeRange {
	rc, err := f.Open()
	if err != nil {
		return nil
	}
	defer rc.Close()
	br := bufio.NewReaderSize(io.LimitReader(rc, xlsxMaxUnzip), 1<<16)
	var out []mergeRange
	var carry []byte
	buf := make([]byte, 1<<16)
	for {
		n, err := br.Read(buf)
		b := append(carry, buf[:n]...)
		for {
			i := bytes.Index(b, mergeTag)
			if i < 0 {
				break
			}
			j := bytes.IndexByte(b[i:], '>')
			if j < 0 {
				break
			}
			if r, ok := parseMergeRef(b[i : i+j]); ok {
				out = append(out, r)
			}
			b = b[i+j:]
		}
		carry = append(carry[:0], b[max(0, len(b)-256):]...)
		if err != nil {
			return out
		}
	}
}

func parseMergeRef(tag []byte) (mergeRange, bool) {
	_, after, ok := bytes.Cut(tag, []byte(`ref="`))
	if !ok {
		return mergeRange{}, false
	}
	ref, _, ok := bytes.Cut(after, []byte(`"`))
	if !ok {
		return mergeRange{}, false
	}
	a, b, ok := strings.Cut(string(ref), ":")
	if !ok {
		return mergeRange{}, false
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(a)
	c2, r2, err2 := excelize.CellNameToCoordinates(b)
	// A merge wider than a header or taller than a plausible block is ignored: filling it
	// would cost cells by the billion in a crafted workbook.
	if err1 != nil || err2 != nil || c2 < c1 || r2 < r1 || c2-c1 > 1024 || r2-r1 > 10000 {
		return mergeRange{}, false
	}
	return mergeRange{c1, r1, c2, r2}, true
}
