package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/prevalence/prevalence/schema"
)

// decoderValues is the reference for valueCutter: the values json.Decoder's More/Decode loop
// gives, and the index of the value it fails at (-1: none).
func decoderValues(data []byte) ([]string, int) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var out []string
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return out, len(out)
		}
		out = append(out, string(raw))
	}
	return out, -1
}

// cutterValues is the same from valueCutter and json.Valid, as streamJSON uses them; the
// input comes in pieces of one byte when small, so that every refill path runs.
func cutterValues(data []byte, small bool) ([]string, int) {
	var in io.Reader = bytes.NewReader(data)
	if small {
		in = iotest.OneByteReader(in)
	}
	c := newValueCutter(in)
	if small {
		c.buf = make([]byte, 0, 4)
	}
	var out []string
	for {
		v, more, err := c.next(nil)
		if err != nil {
			return out, len(out)
		}
		if !more {
			return out, -1
		}
		if !json.Valid(v) {
			return out, len(out)
		}
		out = append(out, string(v))
	}
}

// FuzzValueCutter: the cutter and the workers' check give the decoder's values and fail at
// the decoder's value, for any input.
func FuzzValueCutter(f *testing.F) {
	for _, s := range []string{
		"{\"a\":1}\n{\"b\":[1,{\"c\":\"}\\\"]\"}]}\n", "{}{}[]", `1 2 "x" true null -0.5e3`, `123{}`, `"a""b"`,
		"{\"a\":1}}\n{}", "{\"a\"", `{"a":"\`, `01`, "tru e", "{} ] {}", `[1,2]x`, "  \r\n\t", `{"a":1]`, "\"\x01\"",
		"\xef\xbb\xbf{}", `{"é":"\u00e9"}`, `true"`, `1,2`,
	} {
		f.Add([]byte(s))
	}
	if b, err := os.ReadFile("testdata/events/primero-json/input.json"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		want, wantErr := decoderValues(data)
		for _, small := range []bool{false, true} {
			got, gotErr := cutterValues(data, small)
			if gotErr != wantErr || fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("%q (one byte at a time: %v):\ncutter  %q, fails at %d\ndecoder %q, fails at %d", data, small, got, gotErr, want, wantErr)
			}
		}
	})
}

// recordMap is the reader of a JSON record before records were read without maps (decoded
// with UseNumber into map[string]any), kept as the reference for record; it takes a subform
// entry's fields in key order, where the map's order was random.
func (r *EventReader) recordMap(v any, line int) {
	obj, ok := v.(map[string]any)
	if !ok {
		r.reject(line, "", "", errors.New("not a JSON object"))
		return
	}
	var id string
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var closure evFields
	var subs []string
	for _, k := range keys {
		if r.isCaseID(k) && id == "" {
			if s, ok := scalar(obj[k]); ok {
				id = strings.TrimSpace(s)
			}
			continue
		}
		switch fold(k) {
		case "closurereason":
			if s, ok := scalar(obj[k]); ok && !missing(s) {
				closure.put(evReason, cellAt{v: s, col: k})
			}
		case "dateclosure", "closuredate":
			if s, ok := scalar(obj[k]); ok && !missing(s) {
				closure.put(evDate, cellAt{v: s, col: k})
			}
		}
		if _, ok := subforms[fold(k)]; ok {
			subs = append(subs, k)
		}
	}
	if id == "" {
		if len(subs) > 0 || closure.set != 0 {
			r.reject(line, "", schema.CaseID, errRequired)
		}
		return
	}
	for _, k := range subs {
		kind := subforms[fold(k)]
		if obj[k] == nil {
			continue
		}
		arr, ok := obj[k].([]any)
		if !ok {
			r.reject(line, k, kind.String(), errors.New("not a list of subform entries"))
			continue
		}
		for j, el := range arr {
			m, ok := el.(map[string]any)
			if !ok {
				r.reject(line, fmt.Sprintf("%s[%d]", k, j), kind.String(), errors.New("not a JSON object"))
				continue
			}
			fks := make([]string, 0, len(m))
			for fk := range m {
				fks = append(fks, fk)
			}
			sort.Strings(fks)
			var f evFields
			for _, fk := range fks {
				s, ok := scalar(m[fk])
				if !ok || missing(s) {
					continue
				}
				if ef, ok := eventFields[fold(fk)]; ok && ef != evIgnore && ef != evKind {
					f.put(ef, cellAt{v: s, col: fk, sub: k, idx: j})
				}
			}
			if f.set == 0 {
				continue
			}
			if e, ok := r.event(id, kind, &f, line); ok {
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

// FuzzEventRecord: a JSON record read from its text gives the events and rejections the
// map-based reader gave, for any valid JSON value.
func FuzzEventRecord(f *testing.F) {
	for _, s := range []string{
		`{"case_id":"C-1","care_arrangements":[{"care_arrangements_type":"residential_care","care_arrangement_started_date":"2023-02-01","province":"KH-12"}, 7, {"x": [1]}]}`,
		`{"case_id":"C-2","followup":[{"followup_date":"2024-03-01","in_school":true,"retrafficked":"no","followup_date":"2024-04-01"}],"closure_reason":"repatriated","date_closure":"2023-09-01"}`,
		`{"case_id":" C-3 ","case_id":"C-4","services":{"a":1},"legal_cases":[{"date":20240101}]}`,
		`{"care_arrangements":[]}`, `[1,2]`, `null`, `"x"`, `{"case_id":null,"closure_reason":"x","closure_date":"2020-01-01"}`,
		`{"case_id":"C-\u00e9\"","followups":[{"followup_date":"2024-03-01","note":"\ud800"}]}`,
	} {
		f.Add([]byte(s))
	}
	if b, err := os.ReadFile("testdata/events/primero-json/input.json"); err == nil {
		f.Add(b)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		if !json.Valid(data) {
			return
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatal(err)
		}
		want := &EventReader{name: "f.json", Now: now}
		want.recordMap(v, 3)
		got := &EventReader{name: "f.json", Now: now}
		var j jsonRecord
		got.record(&j, string(data), 3)
		w, _ := json.Marshal(eventsOutcome{Events: describeAll(want.queue), Rejected: want.rej})
		g, _ := json.Marshal(eventsOutcome{Events: describeAll(got.queue), Rejected: got.rej})
		if !bytes.Equal(w, g) {
			t.Fatalf("%q:\ntext %s\nmap  %s", data, g, w)
		}
	})
}

func describeAll(es []Event) []string {
	var out []string
	for _, e := range es {
		out = append(out, describe(e))
	}
	return out
}
