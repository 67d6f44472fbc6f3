package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/prevalence/prevalence/detect"
)

// flattener turns one JSON value, already checked to be valid by the decoder that cut it (see
// jsonSource.nextRaw), into cells without building maps: what decodeStd does, with the same
// result (keys sorted at each level, a key given twice with two values refused, numbers as written,
// arrays of scalars joined with ";", nothing below maxDepth), at a fraction of the cost. Values
// are substrings of the text it is given; column names are interned.
type flattener struct {
	text    string
	pos     int
	cells   []cell
	path    []byte
	paths   map[string]string
	members [][]member // per depth, reused
	hint    int        // cells in the largest record so far
	// dup is set by objectMembers to the first key given twice in an object with two values;
	// record refuses the record with its path (see dupKey)
	dupSeen bool
	dup     string
	dupPath string
	// keyed is set by object to the number of records in the first object found to hold
	// records keyed by their names or case numbers (see keyedRecords), keyedPath to its path:
	// record refuses the record without flattening them, as their keys are values
	keyed     int
	keyedPath string
	// slab, when slabbed: the records' cells one after another, so that a batch's records take
	// one allocation, reused once the batch is read (jsonProducer.produce): a slice a record
	// was a fifth of an NDJSON input's allocated bytes. newSlab gives the next one.
	slabbed bool
	slab    []cell
	newSlab func(n int) []cell
}

type member struct {
	key        string
	start, end int // the value's text
}

func newFlattener() *flattener { return &flattener{paths: map[string]string{}} }

// record flattens the value text[start:end]. A value that is not an object (nor null) is a
// *rowError, as decodeStd says.
func (f *flattener) record(text string, start, end, line int) ([]cell, error) {
	f.text, f.pos = text[:end], start
	if f.slabbed {
		if cap(f.slab)-len(f.slab) < max(f.hint, 16) {
			f.slab = f.newSlab(max(f.hint, 16))
		}
		f.cells = f.slab[len(f.slab):len(f.slab)]
	} else {
		f.cells = make([]cell, 0, f.hint)
	}
	f.dupSeen, f.dup, f.dupPath = false, "", ""
	f.keyed, f.keyedPath = 0, ""
	f.ws()
	switch f.text[f.pos] {
	case '{':
		f.path = f.path[:0]
		f.object(0)
	case 'n':
	default:
		return nil, &rowError{line: line, reason: "not a JSON object"}
	}
	if f.keyed > 0 {
		return nil, &rowError{line: line, reason: keyedReason(f.keyedPath, f.keyed)}
	}
	if f.dupSeen {
		return nil, &rowError{line: line, reason: dupKey(f.dupPath)}
	}
	f.hint = max(f.hint, len(f.cells))
	if len(f.cells) == 0 {
		return nil, nil
	}
	if f.slabbed && len(f.cells) <= cap(f.slab)-len(f.slab) {
		// Still in the slab (append outgrew it otherwise): the next record's go after them.
		f.slab = f.slab[:len(f.slab)+len(f.cells)]
	}
	return f.cells[:len(f.cells):len(f.cells)], nil
}

func (f *flattener) ws() {
	for f.pos < len(f.text) {
		switch f.text[f.pos] {
		case ' ', '\t', '\n', '\r':
			f.pos++
		default:
			return
		}
	}
}

// object reads the object at f.pos (depth is its depth) and flattens its members in key
// order under f.path.
func (f *flattener) object(depth int) {
	for len(f.members) <= depth {
		f.members = append(f.members, nil)
	}
	// Sorted by key; of a repeated key the last is kept, as a map would.
	had := f.dupSeen
	ms := objectMembers(f, f.members[depth])
	f.members[depth] = ms
	if depth == 0 && len(ms) == 1 && f.text[ms[0].start] == '{' && recordKey(ms[0].key) {
		// {"Farid Ahmadi": {"age": 15, ...}}: a record under its name or case number, as an
		// NDJSON line of a keyed export is written (ingest-exactness7, Left): read, its key
		// was dropped unseen (a case number lost to de-duplication).
		g := &flattener{text: f.text, pos: ms[0].start}
		if len(objectMembers(g, nil)) >= 2 {
			f.dupSeen = had
			f.keyed, f.keyedPath = 1, ""
			return
		}
	}
	if f.keyed == 0 && keyedRecords(f.text, ms) {
		// Its keys are values: neither flattened into column names nor named by a repeat.
		f.dupSeen = had
		f.keyed, f.keyedPath = len(ms), string(f.path)
		return
	}
	if !had && f.dupSeen {
		if len(f.path) > 0 {
			f.dupPath = string(f.path) + "." + f.dup
		} else {
			f.dupPath = f.dup
		}
	}
	end := f.pos
	base := len(f.path)
	for _, m := range ms {
		f.path = f.path[:base]
		if base > 0 {
			f.path = append(f.path, '.')
		}
		f.path = append(f.path, m.key...)
		f.value(m.start, depth+1)
		// f.members[depth] may have been reallocated by deeper levels: ms stays valid.
	}
	f.path = f.path[:base]
	f.pos = end
}

// value flattens the value at text[start:] under f.path, at depth.
func (f *flattener) value(start, depth int) {
	if depth > maxDepth {
		return
	}
	f.pos = start
	switch c := f.text[start]; c {
	case '{':
		f.object(depth)
	case '[':
		var parts []string
		group := false // a list of objects: a form's repeat group
		// notesKey, without a string of the path
		notes := bytes.HasSuffix(f.path, notesSuffix) && (len(f.path) == len(notesSuffix) || f.path[len(f.path)-len(notesSuffix)-1] == '.')
		f.pos++
		for {
			f.ws()
			if f.text[f.pos] == ']' {
				f.pos++
				break
			}
			if f.text[f.pos] == ',' {
				f.pos++
				f.ws()
			}
			if notes && f.text[f.pos] == '{' {
				// a reviewer's note: its text (notesKey), as decodeStd's flatten takes it
				if s, ok := f.noteText(); ok {
					parts = append(parts, s)
				}
				continue
			}
			group = group || f.text[f.pos] == '{'
			if s, ok := f.scalar(); ok {
				parts = append(parts, s)
			}
		}
		if notes {
			f.add(strings.Join(parts, notesSep))
			return
		}
		f.add(strings.Join(parts, ";"))
		f.cells[len(f.cells)-1].group = group
	default:
		if s, ok := f.scalar(); ok {
			f.add(s)
		}
	}
}

var notesSuffix = []byte("_notes")

// noteText reads the object at f.pos (a note of "_notes": notesKey) and gives its "note"
// member's scalar text (of a key given twice, the last, as a map keeps it); false when it has
// none or it is no scalar.
func (f *flattener) noteText() (string, bool) {
	g := &flattener{text: f.text, pos: f.pos}
	ms := objectMembers(g, nil)
	f.pos = g.pos
	for _, m := range ms {
		if m.key == "note" {
			g.pos = m.start
			return g.scalar()
		}
	}
	return "", false
}

// scalar reads the value at f.pos: a scalar's text, or false for an object or array (skipped).
func (f *flattener) scalar() (string, bool) {
	s := f.pos
	switch f.text[s] {
	case '{', '[':
		f.skip()
		return "", false
	case '"':
		f.skipString()
		return f.unquote(f.text[s:f.pos]), true
	case 'n':
		f.pos += 4
		return "", true
	case 't':
		f.pos += 4
		return "true", true
	case 'f':
		f.pos += 5
		return "false", true
	}
	f.skip()
	return f.text[s:f.pos], true // a number, as written (json.Number)
}

func (f *flattener) add(val string) {
	col, ok := f.paths[string(f.path)]
	if !ok {
		col = string(f.path)
		f.paths[col] = col
	}
	f.cells = append(f.cells, cell{col: col, val: val})
}

// skip moves past the value at f.pos.
func (f *flattener) skip() {
	switch f.text[f.pos] {
	case '"':
		f.skipString()
	case '{', '[':
		nest := 0
		for {
			switch f.text[f.pos] {
			case '"':
				f.skipString()
				continue
			case '{', '[':
				nest++
			case '}', ']':
				nest--
			}
			f.pos++
			if nest == 0 {
				return
			}
		}
	default: // a number or literal
		for f.pos < len(f.text) {
			switch f.text[f.pos] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return
			}
			f.pos++
		}
	}
}

// skipString moves past the string at f.pos.
func (f *flattener) skipString() {
	// A byte loop: strings.IndexAny builds its byte set on every call, which cost more than
	// the scan itself for the short keys and values of an export (0.75 s of a 1M-row folder).
	t := f.text
	i := f.pos + 1
	for {
		for t[i] != '"' && t[i] != '\\' {
			i++
		}
		if t[i] == '\\' {
			i += 2
			continue
		}
		f.pos = i + 1
		return
	}
}

// unquote returns the string a quoted JSON string stands for: a substring when it holds no
// escape and is valid UTF-8, else as encoding/json decodes it (invalid UTF-8 replaced).
func (f *flattener) unquote(q string) string {
	s := q[1 : len(q)-1]
	if strings.IndexByte(s, '\\') < 0 && utf8.ValidString(s) {
		return s
	}
	var out string
	json.Unmarshal([]byte(q), &out)
	return out
}

// keyedRecords says whether an object's members ms (of text) are records keyed by their
// names or case numbers, as pandas' to_json(orient="index") and a Firebase export write them
// (attack-2026-12-01e finding 5): two or more objects, the first with two keys or more, each
// other sharing at least half of its keys with the first. Flattened, every key would become a
// column name ("Farid Ahmadi.age") that notices and errors print; the keys are values.
func keyedRecords(text string, ms []member) bool {
	if len(ms) < 2 {
		return false
	}
	for _, m := range ms {
		if text[m.start] != '{' {
			return false
		}
	}
	var first map[string]bool
	var sub []member
	for i, m := range ms {
		g := &flattener{text: text[:m.end], pos: m.start}
		sub = objectMembers(g, sub)
		if i == 0 {
			if len(sub) < 2 {
				return false
			}
			first = make(map[string]bool, len(sub))
			for _, s := range sub {
				first[s.key] = true
			}
			continue
		}
		shared := 0
		for _, s := range sub {
			if first[s.key] {
				shared++
			}
		}
		if len(sub) == 0 || 2*shared < len(sub) {
			return false
		}
	}
	return true
}

// recordKey says whether the one key of a record that holds one object reads like a value (a
// name, a case number) rather than a wrapper's name ({"data": {...}}, {"case": {...}}).
func recordKey(k string) bool {
	if slices.Contains(envelopeKeys, strings.ToLower(k)) {
		return false
	}
	return !detect.SafeLabel(k) || strings.ContainsAny(k, " 0123456789")
}

// keyedReason is the reason a record (or a file) is refused whose object at path ("" for the
// record itself) holds n records keyed by values; the keys are never named.
func keyedReason(path string, n int) string {
	if path == "" && n == 1 {
		return "the record is one object under a key that reads like its name or case number ({\"<key>\": {...}}, a keyed export written one record a line): " +
			"the key is a value, neither read nor printed; export each record as the object itself (NDJSON of records)"
	}
	where := "the record is an object of"
	if path != "" {
		where = fmt.Sprintf("field %q holds", shownColumn(path)) // a key of the data's making (privacy-side-doors35)
	}
	return fmt.Sprintf("%s %d records keyed by their names or case numbers (pandas to_json(orient=\"index\"), a Firebase export): "+
		"the keys are values, neither read nor printed; export the records as a list of records (to_json(orient=\"records\")) or NDJSON", where, n)
}

// dupKey is the reason a record is refused when one of its objects gives a key twice with
// two values (attack-2026-12-01d finding 14): a reader of JSON keeps the last, another the
// first; two columns for one field are refused alike. path names the key (its column).
func dupKey(path string) string {
	return fmt.Sprintf("key %q given twice in one object, with two values: which is the record's is not certain (a record written by hand or by a faulty export); give each key once", path)
}
