package anonymize

import (
	"fmt"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// TestTextCodes: a text column's row codes give back each kept row's value, a null as code 0
// and a valid empty text as the code of "" (it ranks with a missing value but is released as
// text), in one byte below 255 values and two above; dropped rows are never coded.
func TestTextCodes(t *testing.T) {
	for _, distinct := range []int{3, 300} {
		t.Run(fmt.Sprint(distinct), func(t *testing.T) {
			c := &Collector{}
			want := map[int]string{} // row -> value; absent: null
			row := 0
			for range 2 { // two batches
				sb := array.NewStringBuilder(memory.DefaultAllocator)
				for i := range 1000 {
					switch {
					case i%7 == 0:
						sb.AppendNull()
					case i%11 == 0:
						sb.Append("")
						want[row] = ""
					default:
						v := fmt.Sprintf("v%03d", (i*31)%distinct)
						sb.Append(v)
						want[row] = v
					}
					d := Dropped(0)
					if i%13 == 0 {
						d = Duplicate
					}
					c.dropped = append(c.dropped, d)
					row++
				}
				a := sb.NewArray()
				sb.Release()
				schema := arrow.NewSchema([]arrow.Field{{Name: "text", Type: arrow.BinaryTypes.String, Nullable: true}}, nil)
				c.batches = append(c.batches, array.NewRecordBatch(schema, []arrow.Array{a}, int64(a.Len())))
				a.Release()
			}
			seen := map[string]uint64{"": 0}
			for _, v := range want {
				seen[v] = 0
			}
			var sorted []string
			for v := range seen {
				sorted = append(sorted, v)
			}
			// sorted as order sorts them
			for i := range sorted {
				for j := i + 1; j < len(sorted); j++ {
					if strings.Compare(sorted[j], sorted[i]) < 0 {
						sorted[i], sorted[j] = sorted[j], sorted[i]
					}
				}
			}
			for i, v := range sorted {
				seen[v] = uint64(i)
			}
			tc := newTextCodes(c, 0, seen, sorted)
			if (distinct < 255) != (tc.narrow != nil) {
				t.Errorf("%d values: narrow codes %v", len(sorted), tc.narrow != nil)
			}
			for r := range row {
				code := tc.at(r)
				if c.dropped[r] != 0 {
					if code != 0 {
						t.Fatalf("dropped row %d has code %d", r, code)
					}
					continue
				}
				v, ok := want[r]
				if !ok {
					if code != 0 {
						t.Fatalf("null row %d has code %d", r, code)
					}
					continue
				}
				if code == 0 || tc.vals[code] != v || tc.rank[code] != seen[v] {
					t.Fatalf("row %d (%q): code %d", r, v, code)
				}
			}
		})
	}
}

// TestTextColumnsFromCodes: the release's text columns built from the row codes equal the ones
// read row by row from the collected batches.
func TestTextColumnsFromCodes(t *testing.T) {
	c := collect(t, randomCases(3000, 5))
	defer c.Close()
	rel, err := c.Anonymize(CaseConfig{K: 3, SuppressionLimit: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	rows, texts := rel.order(rel.generalized(), rel.localColumns())
	coded := 0
	for j, tc := range texts {
		if tc == nil {
			continue
		}
		coded++
		a := rel.analyticColumn(memory.DefaultAllocator, j, tc)(rows)
		b := rel.analyticColumn(memory.DefaultAllocator, j, nil)(rows)
		if !array.Equal(a, b) {
			t.Errorf("column %s differs when built from the codes", c.batches[0].Schema().Field(j).Name)
		}
		a.Release()
		b.Release()
	}
	if coded == 0 {
		t.Fatal("no text column was coded")
	}
}
