package anonymize

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/schema"
	"github.com/prevalence/prevalence/synth"
)

// TestColumnKeepsValues: a collected text column gives back each row's value (null, a valid
// empty text, values in one, two and four bytes of code as the column widens) and a boolean
// column its true, false and null, over several batches; each column's ranks are the
// alphabetical ranks of the values as text among them and "" (null ranking with ""), as the
// release's sort key takes them.
func TestColumnKeepsValues(t *testing.T) {
	for _, distinct := range []int{3, 300, 200_000} {
		t.Run(fmt.Sprint(distinct), func(t *testing.T) {
			text := newColumn(arrow.Field{Name: "text", Type: arrow.BinaryTypes.String, Nullable: true})
			flag := newColumn(arrow.Field{Name: "flag", Type: arrow.FixedWidthTypes.Boolean, Nullable: true})
			var want []*string // per row; nil: null
			var wantFlag []*bool
			for b := range 3 { // three batches
				sb := array.NewStringBuilder(memory.DefaultAllocator)
				bb := array.NewBooleanBuilder(memory.DefaultAllocator)
				for i := range 50_000 {
					switch {
					case i%7 == 0:
						sb.AppendNull()
						want = append(want, nil)
					case i%11 == 0:
						sb.Append("")
						want = append(want, new(""))
					default:
						v := fmt.Sprintf("v%05d", (i*31+b*50_000)%distinct)
						sb.Append(v)
						want = append(want, &v)
					}
					if i%5 == 0 {
						bb.AppendNull()
						wantFlag = append(wantFlag, nil)
					} else {
						v := i%3 == 0 && b > 0 // no true in the first batch
						bb.Append(v)
						wantFlag = append(wantFlag, &v)
					}
				}
				a, f := sb.NewArray(), bb.NewArray()
				text.add(a)
				flag.add(f)
				a.Release()
				f.Release()
				sb.Release()
				bb.Release()
			}
			if w, wantW := text.text.codes.width(), map[int]int{3: 1, 300: 2, 200_000: 4}[distinct]; w != wantW {
				t.Errorf("codes of %d bytes, want %d", w, wantW)
			}
			rank, card, byRow := text.ranks()
			ref := refRanks(len(want), func(i int) *string { return want[i] })
			if byRow != nil || card != ref.card {
				t.Fatalf("card %d, want %d", card, ref.card)
			}
			for row, v := range want {
				code := text.text.codes.at(row)
				switch {
				case v == nil && text.valid(row):
					t.Fatalf("row %d: null read as %q", row, text.str(row))
				case v != nil && (!text.valid(row) || text.str(row) != *v):
					t.Fatalf("row %d: %q read as %q (valid %v)", row, *v, text.str(row), text.valid(row))
				case rank[code] != ref.rank[row]:
					t.Fatalf("row %d: rank %d, want %d", row, rank[code], ref.rank[row])
				}
			}
			rank, card, _ = flag.ranks()
			ref = refRanks(len(wantFlag), func(i int) *string {
				if wantFlag[i] == nil {
					return nil
				}
				return new(fmt.Sprint(*wantFlag[i]))
			})
			if card != ref.card {
				t.Fatalf("boolean: card %d, want %d", card, ref.card)
			}
			for row, v := range wantFlag {
				if (v == nil) == flag.valid(row) || v != nil && flag.str(row) != fmt.Sprint(*v) ||
					rank[flag.flag.code(row)] != ref.rank[row] {
					t.Fatalf("boolean row %d: %v read as %v %q", row, v, flag.valid(row), flag.str(row))
				}
			}
		})
	}
}

// refRanks ranks n values as the release's sort key did from the collected Arrow columns: a
// map from every value as text, and "", to its place among them sorted.
func refRanks(n int, at func(i int) *string) (r struct {
	rank []uint64
	card uint64
}) {
	seen := map[string]uint64{"": 0}
	for i := range n {
		if v := at(i); v != nil {
			seen[*v] = 0
		}
	}
	vals := slices.Sorted(func(yield func(string) bool) {
		for v := range seen {
			if !yield(v) {
				return
			}
		}
	})
	for i, v := range vals {
		seen[v] = uint64(i)
	}
	for i := range n {
		if v := at(i); v != nil {
			r.rank = append(r.rank, seen[*v])
		} else {
			r.rank = append(r.rank, 0)
		}
	}
	r.card = uint64(len(vals))
	return r
}

// TestReleaseColumnsAsCollected: every analytic column of the release (text, booleans and a
// pseudonym column), built from the collector's codes, holds each released row's value as
// the input had it, read again from the input by ingest; the pseudonyms are HMAC-SHA-256 of
// the identifier as Pseudonymize documents.
func TestReleaseColumnsAsCollected(t *testing.T) {
	p := filepath.Join(t.TempDir(), "cases.csv")
	if err := synth.WriteCanonical(p, 3000, 9); err != nil {
		t.Fatal(err)
	}
	read := func(fn func(rec arrow.RecordBatch)) {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		r := ingest.NewReader("cases.csv", f)
		defer r.Close()
		for {
			rec, err := r.Read()
			if err == io.EOF {
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			fn(rec)
			rec.Release()
		}
	}
	key := []byte("a test key of thirty-two bytes..")
	c := NewCollector()
	if err := c.Pseudonymize(key, []string{schema.FullName}); err != nil {
		t.Fatal(err)
	}
	d := ingest.NewDeduper()
	read(func(rec arrow.RecordBatch) {
		base := c.Rows()
		c.Add(rec)
		for _, row := range d.Add(rec, base) {
			c.Drop(row, Duplicate)
		}
	})
	defer c.Close()
	// want: per release column, each collected row's value as text (nil: null).
	want := map[string][]*string{}
	read(func(rec arrow.RecordBatch) {
		for _, col := range c.analytic {
			name := col.field.Name
			src := name
			if col.pseudo != nil {
				src = schema.FullName
			}
			a := rec.Column(schema.Index(src))
			for i := range a.Len() {
				var v *string
				if a.IsValid(i) {
					s := a.ValueStr(i)
					if col.pseudo != nil {
						mac := hmac.New(sha256.New, key)
						mac.Write([]byte("prevalence-pseudonym-v1\x00" + src + "\x00" + s))
						s = hex.EncodeToString(mac.Sum(nil)[:16])
					}
					v = &s
				}
				want[name] = append(want[name], v)
			}
		}
	})
	rel, err := c.Anonymize(CaseConfig{K: 3, SuppressionLimit: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	rows := rel.order(rel.generalized(), rel.localColumns())
	texts := 0
	for _, col := range c.analytic {
		if col.text != nil && len(col.text.vals) > 2 {
			texts++
		}
		a := analyticColumn(memory.DefaultAllocator, col)(rows)
		for i, e := range rows {
			w := want[col.field.Name][e.row]
			switch {
			case w == nil && a.IsValid(i):
				t.Fatalf("%s, row %d: null released as %q", col.field.Name, e.row, a.ValueStr(i))
			case w != nil && (a.IsNull(i) || a.ValueStr(i) != cleanText(*w)):
				t.Fatalf("%s, row %d: %q released as %q", col.field.Name, e.row, *w, a.ValueStr(i))
			}
		}
		a.Release()
	}
	if texts < 3 || len(rows) < 2000 {
		t.Fatalf("%d text columns with values, %d rows released: the input does not test much", texts, len(rows))
	}
}
