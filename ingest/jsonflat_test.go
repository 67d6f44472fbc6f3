package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// decodeStd is the reference the flattener must agree with: encoding/json into maps, then
// flatten (what ingest did before the flattener).
func decodeStd(raw []byte, line int) ([]cell, error) {
	var obj map[string]any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&obj); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, &rowError{line: line, reason: "not a JSON object"}
		}
		return nil, err
	}
	if p, n, ok := stdKeyed(obj, "", 0); ok {
		return nil, &rowError{line: line, reason: keyedReason(p, n)}
	}
	if p, ok := stdDup(raw, "", 0); ok {
		return nil, &rowError{line: line, reason: dupKey(p)}
	}
	var cells []cell
	flatten("", obj, &cells, 0)
	return cells, nil
}

// stdKeyed finds, as the flattener does, the first object (depth first, in key order, down to
// maxDepth) that holds records keyed by values: its path and number of members.
func stdKeyed(obj map[string]any, path string, depth int) (string, int, bool) {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if depth == 0 && len(keys) == 1 && recordKey(keys[0]) {
		if o, ok := obj[keys[0]].(map[string]any); ok && len(o) >= 2 {
			return "", 1, true
		}
	}
	keyed := len(keys) >= 2
	var first map[string]any
	for i, k := range keys {
		o, ok := obj[k].(map[string]any)
		if !ok {
			keyed = false
			break
		}
		if i == 0 {
			first = o
			keyed = len(o) >= 2
			continue
		}
		shared := 0
		for sk := range o {
			if _, ok := first[sk]; ok {
				shared++
			}
		}
		if len(o) == 0 || 2*shared < len(o) {
			keyed = false
		}
	}
	if keyed {
		return path, len(keys), true
	}
	for _, k := range keys {
		o, ok := obj[k].(map[string]any)
		if !ok || depth+1 > maxDepth {
			continue
		}
		p := k
		if path != "" {
			p = path + "." + k
		}
		if p, n, ok := stdKeyed(o, p, depth+1); ok {
			return p, n, true
		}
	}
	return "", 0, false
}

// stdDup finds, as the flattener does, the first key given twice with two values (as written)
// in the object raw at depth: its own keys first (in key order), then its objects' in key
// order, down to maxDepth; it returns the key's path.
func stdDup(raw []byte, path string, depth int) (string, bool) {
	d := json.NewDecoder(bytes.NewReader(raw))
	if t, err := d.Token(); err != nil || t != json.Delim('{') {
		return "", false
	}
	type kv struct {
		k string
		v json.RawMessage
	}
	var ms []kv
	for d.More() {
		t, _ := d.Token()
		var v json.RawMessage
		if err := d.Decode(&v); err != nil {
			return "", false
		}
		ms = append(ms, kv{t.(string), v})
	}
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].k < ms[j].k })
	join := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	for i := 0; i+1 < len(ms); i++ {
		if ms[i].k == ms[i+1].k && !bytes.Equal(ms[i].v, ms[i+1].v) {
			return join(ms[i].k), true
		}
	}
	for i, m := range ms {
		if i+1 < len(ms) && ms[i+1].k == m.k || depth+1 > maxDepth {
			continue
		}
		if p, ok := stdDup(m.v, join(m.k), depth+1); ok {
			return p, true
		}
	}
	return "", false
}

func checkFlat(t *testing.T, in string) {
	t.Helper()
	if !json.Valid([]byte(in)) {
		return
	}
	want, werr := decodeStd([]byte(in), 7)
	// Padded, as the flattener sees a value inside its batch.
	got, gerr := newFlattener().record("xx"+in+"yy", 2, 2+len(in), 7)
	if fmt.Sprint(werr) != fmt.Sprint(gerr) || (len(want) > 0 || len(got) > 0) && !reflect.DeepEqual(want, got) {
		t.Fatalf("%q:\n std  %v %v\n fast %v %v", in, want, werr, got, gerr)
	}
}

func TestFlattenerAgrees(t *testing.T) {
	deep := strings.Repeat(`{"a":`, 40) + `1` + strings.Repeat(`}`, 40)
	deepArr := strings.Repeat(`{"a":`, 31) + `[1,2]` + strings.Repeat(`}`, 31)
	for _, in := range []string{
		`{"id":"KH-1","person":{"name":{"given":"S","family":"K"},"sex":"female"},"types":["Sexual exploitation","Forced labour"],"n":12}`,
		` { "b" : 1 , "a" : [ 1 , "x" , null , true , false , {"o":1} , [2] ] , "c" : null } `,
		`{"a":1,"a":2,"b":{"x":1},"b":{"y":2}}`,
		`{"a":1,"a":1,"b":{"x":1},"b":{"x":1},"c":{"d":{"e":"x","e":"y"}}}`,
		`{"g":"f","z":{"q":1,"q":2},"g":"m"}`,
		`{"":1,"":2}`,
		`{"esc":"a\"b\\c\u00e9\ud83d\ude00\n","uni":"ünï","bad":"\ud800x","": "empty key", "k\u0041": 1}`,
		`{"num":-1.5e+10,"z":0,"big":123456789012345678901234567890}`,
		`{"e":{},"arr":[],"nested":{"deeper":{"deepest":"v"}}}`,
		`{"Farid A":{"age":1,"sex":"m"},"Omid K":{"age":2,"sex":"m"},"Omid K":{"age":3}}`,
		`{"id":1,"hh":{"x":{"a":1,"b":2},"y":{"b":1,"c":2,"d":3}},"p":{"q":{"a":1,"a":2}}}`,
		`{"id":1,"hh":{"x":{"a":1,"b":2},"y":{"b":1,"c":2},"z":{"a":1,"a":2}}}`,
		`{"id":1,"hh":{"x":{"a":1},"y":{"a":1}},"m":{"x":{"a":1,"b":2},"y":{}}}`,
		`null`, `[1,2]`, `"text"`, `12`, `true`, `{}`,
		deep, deepArr,
	} {
		checkFlat(t, in)
	}
}

// FuzzFlattener: on any valid JSON, the flattener reads what encoding/json and flatten read.
func FuzzFlattener(f *testing.F) {
	for _, s := range []string{`{"a":{"b":[1,"x",null]},"a":2}`, `{"k\u00e9":"\ud83d"}`, `[{}]`, `{"":{"":""}}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) { checkFlat(t, in) })
}
