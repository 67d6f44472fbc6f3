package ingest

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/prevalence/prevalence/schema"
)

// valueCutter cuts a stream of JSON values (NDJSON, or any run of values) where
// json.Decoder's Decode-after-More loop would, without checking objects and arrays: that
// (validJSON, which is json.Valid) is left to the workers. It finds an object's or array's end from its brackets
// and strings alone, so for every valid value it gives the decoder's bytes; for an invalid one
// bytes that are not valid either, so the stream fails at the same value. Scalars end where
// the decoder's scanner ends them ("123{}" is two values to it). FuzzValueCutter checks all
// of this against the decoder.
type valueCutter struct {
	r    io.Reader
	buf  []byte
	pos  int // next unread byte of buf
	rerr error
}

func newValueCutter(r io.Reader) *valueCutter {
	return &valueCutter{r: r, buf: make([]byte, 0, 256<<10)}
}

// fill reads more input after buf[pos:], keeping that; false once nothing more comes.
func (c *valueCutter) fill() bool {
	if c.rerr != nil {
		return false
	}
	if c.pos > 0 {
		n := copy(c.buf, c.buf[c.pos:])
		c.buf, c.pos = c.buf[:n], 0
	}
	if len(c.buf) == cap(c.buf) {
		c.buf = slices.Grow(c.buf, cap(c.buf))
	}
	for {
		n, err := c.r.Read(c.buf[len(c.buf):cap(c.buf)])
		c.buf = c.buf[:len(c.buf)+n]
		if err != nil {
			c.rerr = err
		}
		if n > 0 || err != nil {
			return n > 0
		}
	}
}

func jsonSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// errCut is a value the cutter already knows is malformed (unterminated, or a scalar glued to
// what follows it).
var errCut = errors.New("malformed JSON value")

// next appends the next value to dst. more is false at the end of the stream, which is where
// json.Decoder.More says false: the end of the input, a read error, or a "]" or "}" where a
// value would start.
func (c *valueCutter) next(dst []byte) (out []byte, more bool, err error) {
	for {
		for c.pos < len(c.buf) && jsonSpace(c.buf[c.pos]) {
			c.pos++
		}
		if c.pos < len(c.buf) {
			break
		}
		if !c.fill() {
			return dst, false, nil
		}
	}
	switch c.buf[c.pos] {
	case ']', '}':
		return dst, false, nil
	}
	i := c.pos // scans buf[i:]; the value is buf[c.pos:i]
	// more returns whether buf[i:] has a byte, reading more when needed (c.pos may move: i is
	// kept relative to it).
	avail := func() bool {
		if i < len(c.buf) {
			return true
		}
		off := i - c.pos
		ok := c.fill()
		i = c.pos + off
		return ok && i < len(c.buf)
	}
	switch c.buf[c.pos] {
	case '{', '[':
		depth, inString := 0, false
		for {
			if !avail() {
				return dst, true, errCut
			}
			b := c.buf[i]
			i++
			if inString {
				switch b {
				case '\\':
					if !avail() {
						return dst, true, errCut
					}
					i++
				case '"':
					inString = false
				}
				continue
			}
			switch b {
			case '"':
				inString = true
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					out = append(dst, c.buf[c.pos:i]...)
					c.pos = i
					return out, true, nil
				}
			}
		}
	case '"':
		i++
		for {
			if !avail() {
				return dst, true, errCut
			}
			b := c.buf[i]
			i++
			if b == '\\' {
				if !avail() {
					return dst, true, errCut
				}
				i++
			} else if b == '"' {
				break
			}
		}
	case 't', 'f', 'n':
		lit := "true"
		switch c.buf[c.pos] {
		case 'f':
			lit = "false"
		case 'n':
			lit = "null"
		}
		for k := 0; k < len(lit); k++ {
			if !avail() || c.buf[i] != lit[k] {
				return dst, true, errCut
			}
			i++
		}
	default: // a number, to where the decoder's scanner ends it (it may be glued to what follows)
		digits := func() int { // the digits at i
			n := 0
			for avail() && c.buf[i] >= '0' && c.buf[i] <= '9' {
				i++
				n++
			}
			return n
		}
		if c.buf[i] == '-' {
			i++
		}
		if !avail() {
			return dst, true, errCut
		}
		switch b := c.buf[i]; {
		case b == '0':
			i++
		case b >= '1' && b <= '9':
			digits()
		default:
			return dst, true, errCut
		}
		if avail() && c.buf[i] == '.' {
			i++
			if digits() == 0 {
				return dst, true, errCut
			}
		}
		if avail() && (c.buf[i] == 'e' || c.buf[i] == 'E') {
			i++
			if avail() && (c.buf[i] == '+' || c.buf[i] == '-') {
				i++
			}
			if digits() == 0 {
				return dst, true, errCut
			}
		}
	}
	out = append(dst, c.buf[c.pos:i]...)
	c.pos = i
	return out, true, nil
}

// objectMembers reads the object at f.pos (valid JSON, as every text f reads) into ms: its
// members sorted by key, of a repeated key only the last, as decoding into a map and sorting
// its keys gives. f.pos ends after the object.
func objectMembers(f *flattener, ms []member) []member {
	ms = ms[:0]
	f.pos++ // {
	for {
		f.ws()
		if f.text[f.pos] == '}' {
			f.pos++
			break
		}
		if f.text[f.pos] == ',' {
			f.pos++
			f.ws()
		}
		ks := f.pos
		f.skipString()
		key := f.unquote(f.text[ks:f.pos])
		f.ws()
		f.pos++ // :
		f.ws()
		vs := f.pos
		f.skip()
		ms = append(ms, member{key, vs, f.pos})
	}
	slices.SortStableFunc(ms, func(a, b member) int { return strings.Compare(a.key, b.key) })
	out := ms[:0]
	for i, m := range ms {
		if i+1 < len(ms) && ms[i+1].key == m.key {
			if !f.dupSeen && f.text[m.start:m.end] != f.text[ms[i+1].start:ms[i+1].end] {
				f.dupSeen, f.dup = true, m.key
			}
			continue
		}
		out = append(out, m)
	}
	return out
}

// jsonRecord reads JSON records' text without building maps: a record's members, a value as
// a scalar (what scalar gives for the decoded value) or the elements of an array.
type jsonRecord struct {
	f        flattener
	top, sub []member
	folds    map[string]string // keys folded (records repeat their keys): see fold
}

// fold is fold(k), remembered: folding every key of every record and subform entry was the
// events stage's largest small allocation for an NDJSON of events (issue-14-speed22).
func (j *jsonRecord) fold(k string) string {
	if v, ok := j.folds[k]; ok {
		return v
	}
	v := fold(k)
	if j.folds == nil {
		j.folds = map[string]string{}
	}
	if len(j.folds) < 1024 { // a bound for records whose keys are values
		j.folds[strings.Clone(k)] = v
	}
	return v
}

// scalarAt returns the value at text[start:] as scalar does for its decoded value (numbers as
// written, null as ""), or false for an object or array.
func (j *jsonRecord) scalarAt(start int) (string, bool) {
	j.f.pos = start
	return j.f.scalar()
}

// record queues the events of one JSON record, the valid JSON text (one value, possibly with
// whitespace around it), at its record number line: what decoding it into a map did, with a
// subform entry's fields taken in key order (a map's order was random) and the last of a
// repeated key kept.
func (r *EventReader) record(j *jsonRecord, text string, line int) {
	f := &j.f
	f.text, f.pos = text, 0
	f.ws()
	if f.pos == len(text) || text[f.pos] != '{' {
		r.reject(line, "", "", errors.New("not a JSON object"))
		return
	}
	j.top = objectMembers(f, j.top)
	var id string
	var closure evFields
	var subs []member
	for _, m := range j.top {
		k := m.key
		if r.isCaseID(k) && id == "" {
			if s, ok := j.scalarAt(m.start); ok {
				id = strings.TrimSpace(s)
			}
			continue
		}
		fk := j.fold(k)
		switch fk {
		case "closurereason":
			if s, ok := j.scalarAt(m.start); ok && !missing(s) {
				closure.put(evReason, cellAt{v: s, col: k})
			}
		case "dateclosure", "closuredate":
			if s, ok := j.scalarAt(m.start); ok && !missing(s) {
				closure.put(evDate, cellAt{v: s, col: k})
			}
		}
		if _, ok := subforms[fk]; ok {
			subs = append(subs, m)
		}
	}
	if id == "" {
		if len(subs) > 0 || closure.set != 0 {
			r.reject(line, "", schema.CaseID, errRequired)
		}
		return
	}
	for _, m := range subs {
		k := m.key
		kind := subforms[j.fold(k)]
		if strings.HasPrefix(text[m.start:], "null") {
			continue // an export that writes an empty subform as null: no entry, as [] (outc's zh note)
		}
		if text[m.start] != '[' {
			r.reject(line, k, kind.String(), errors.New("not a list of subform entries"))
			continue
		}
		f.pos = m.start + 1
		for el := 0; ; el++ {
			f.ws()
			if text[f.pos] == ']' {
				break
			}
			if text[f.pos] == ',' {
				f.pos++
				f.ws()
			}
			if text[f.pos] != '{' {
				r.reject(line, fmt.Sprintf("%s[%d]", k, el), kind.String(), errors.New("not a JSON object"))
				f.skip()
				continue
			}
			j.sub = objectMembers(f, j.sub)
			end := f.pos
			var ef evFields
			for _, fm := range j.sub {
				s, ok := j.scalarAt(fm.start)
				if !ok || missing(s) {
					if eventFields[j.fold(fm.key)] == evDisposition {
						ef.blankDisposition = cellAt{col: fm.key, sub: k, idx: el}
					}
					continue
				}
				if e, ok := eventFields[j.fold(fm.key)]; ok && e != evIgnore && e != evKind {
					ef.put(e, cellAt{v: s, col: fm.key, sub: k, idx: el})
				}
			}
			f.pos = end
			if ef.set&^numberFields == 0 { // a legal case's number alone is no event
				continue
			}
			if e, ok := r.event(id, kind, &ef, line); ok {
				r.queue = append(r.queue, e)
			}
		}
	}
	if closure.set != 0 {
		if e, ok := r.event(id, Closure, &closure, line); ok {
			r.queue = append(r.queue, e)
		}
	}
}
