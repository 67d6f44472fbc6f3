package anonymize

import (
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/ingest/ingesttest"
	"github.com/prevalence/prevalence/schema"
)

func TestCaseHierarchies(t *testing.T) {
	for _, c := range []struct {
		qi    string
		leaf  []string
		level int
		want  []string
	}{
		{schema.YearOfRegistration, []string{"2023", ""}, 1, []string{"*", "2020-2024"}},
		{schema.YearOfRegistration, []string{"", ""}, 1, []string{"", ""}},
		{schema.YearOfRegistration, []string{"", ""}, 2, []string{"*", "*"}},
		{schema.YearOfRegistration, []string{"", "2014-2018"}, 0, []string{"", "2014-2018"}},
		{schema.YearOfRegistration, []string{"", "2014-2018"}, 1, []string{"*", "2014-2018"}},
		{"age", []string{"9-17", "minor"}, 1, []string{"0-17", "minor"}},
		{"age", []string{"30-38", "adult"}, 1, []string{"18+", "adult"}},
		{"age", []string{"", "unknown"}, 1, []string{"", "unknown"}},
		{"age", []string{"30-38", "adult"}, 2, []string{"*", "*"}},
		{schema.Citizenship, []string{"KH", ""}, 1, []string{"South-eastern Asia", "Asia"}},
		{schema.Citizenship, []string{"KH", ""}, 2, []string{"Asia", "Asia"}},
		{schema.Citizenship, []string{"", "Europe"}, 0, []string{"", "Europe"}},
		{schema.Citizenship, []string{"", "Europe"}, 1, []string{"", "Europe"}},
		{schema.Citizenship, []string{"", "Europe"}, 2, []string{"Europe", "Europe"}},
		{schema.Citizenship, []string{"", ""}, 2, []string{"", ""}},
		{"exploitation", []string{"IN", "IN-MH", "Pune", ""}, 1, []string{"IN", "IN-MH", "*", "Asia"}},
		{"exploitation", []string{"IN", "IN-MH", "", ""}, 1, []string{"IN", "IN-MH", "", "Asia"}},
		{"exploitation", []string{"IN", "IN-MH", "Pune", ""}, 2, []string{"IN", "*", "*", "Asia"}},
		{"exploitation", []string{"IN", "IN-WB", "", ""}, 2, []string{"IN", "*", "", "Asia"}},
		{"exploitation", []string{"IN", "", "", ""}, 2, []string{"IN", "", "", "Asia"}},
		{"exploitation", []string{"IN", "IN-WB", "", ""}, 3, []string{"Southern Asia", "*", "", "Asia"}},
		{"exploitation", []string{"IN", "IN-WB", "Howrah", ""}, 4, []string{"Asia", "*", "*", "Asia"}},
		{"exploitation", []string{"IN", "IN-WB", "", ""}, 5, []string{"*", "*", "*", "*"}},
		{"exploitation", []string{"NP", "", "Kathmandu", ""}, 2, []string{"NP", "", "*", "Asia"}},
		{"exploitation", []string{"", "", "", "Africa"}, 2, []string{"", "", "", "Africa"}},
		{"exploitation", []string{"", "", "", "Africa"}, 3, []string{"", "", "", "Africa"}},
		{"exploitation", []string{"", "", "", "Africa"}, 4, []string{"Africa", "", "", "Africa"}},
		{"exploitation", []string{"", "", "", ""}, 4, []string{"", "", "", ""}},
		{"origin", []string{"", "", ""}, 3, []string{"", "", ""}},
	} {
		qi, ok := LookupQI(c.qi)
		if !ok {
			t.Fatalf("no QI %s", c.qi)
		}
		if got := qi.general(c.leaf, c.level); !slices.Equal(got, c.want) {
			t.Errorf("%s %v at level %d = %q, want %q", c.qi, c.leaf, c.level, got, c.want)
		}
		// Without districts, the place hierarchy starts one level up.
		if (c.qi == "exploitation" || c.qi == "origin") && len(c.leaf) >= 3 && c.leaf[2] == "" && c.level >= 2 {
			if got := withoutDistrict(qi).general(c.leaf, c.level-1); !slices.Equal(got, c.want) {
				t.Errorf("%s %v at level %d without districts = %q, want %q", c.qi, c.leaf, c.level-1, got, c.want)
			}
		}
	}
}

// TestPartitions: periods and regions recorded at a coarser level never overlap the ones the
// release and tables use beside them. CTDC's bands 2005-2013, 2014-2018 and 2021-2022 with the
// single years 2019 and 2020: the years keep periods of their own, cut short by the bands; two
// overlapping bands become their union; a union of regions takes in its regions' countries.
func TestPartitions(t *testing.T) {
	p := newPartitions([]string{"2005-2013", "2014-2018", "2021-2022"}, []string{"Africa", "Americas/Oceania"})
	for y, want := range map[int]string{2019: "2019", 2020: "2020", 2016: "2014-2018", 2004: "2000-2004", 2023: "2023-2024", 2026: "2025-2029"} {
		if got := p.periodOfYear(y); got != want {
			t.Errorf("period of %d = %s, want %s", y, got, want)
		}
	}
	q := newPartitions([]string{"2014-2018", "2016-2020", "2022-2023"}, nil)
	for b, want := range map[string]string{"2014-2018": "2014-2020", "2016-2020": "2014-2020", "2022-2023": "2022-2023"} {
		if got := q.periodOfBand(b); got != want {
			t.Errorf("period of band %s = %s, want %s", b, got, want)
		}
	}
	if got := q.periodOfYear(2021); got != "2021" {
		t.Errorf("period of 2021 between merged bands = %s, want 2021", got)
	}
	for r, want := range map[string]string{"Americas": "Americas/Oceania", "Oceania": "Americas/Oceania", "Americas/Oceania": "Americas/Oceania", "Asia": "Asia"} {
		if got := p.regionOf(r); got != want {
			t.Errorf("region of %s = %s, want %s", r, got, want)
		}
	}
	var nilp *partitions
	if nilp.periodOfYear(2023) != "2020-2024" || nilp.regionOf("Americas") != "Americas" {
		t.Error("the nil partition is not the 5-year periods and M49 regions")
	}
	// The year QI with these partitions: a year and a band in the same period look alike.
	qi, _ := LookupQI(schema.YearOfRegistration)
	g := qi.fromData(q)
	if a, b := g([]string{"2015", ""}, 1), g([]string{"", "2016-2020"}, 1); !slices.Equal(a, b) || a[1] != "2014-2020" {
		t.Errorf("2015 and 2016-2020 at the period level: %q and %q", a, b)
	}
	// A US case beside a case known only in "Americas/Oceania" is in that union from the
	// country level up.
	pl, _ := LookupQI("exploitation")
	gp := pl.fromData(p)
	if got := gp([]string{"US", "", "", ""}, 4); !slices.Equal(got, []string{"Americas/Oceania", "", "", "Americas/Oceania"}) {
		t.Errorf("US at the region level with a union: %q", got)
	}
}

// randomCases writes n random case rows as canonical CSV.
func randomCases(n int, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 1))
	var b strings.Builder
	b.WriteString("case_id,full_name,gender,age,registration_date,citizenship,country_of_exploitation,province_of_exploitation,is_forced_labour,source\n")
	provinces := []string{"IN-WB", "IN-MH", "IN-DL", "AF-KAB", "AF-HER", "KH-12", ""}
	// The last 5 rows repeat the first 5 cases: the same person, so the same gender, age and
	// registration date (a re-saved record; an age the years between cannot explain would be
	// another person under a reused number, ingest.Deduper).
	var firstGenders [5]int
	var firstAgeDates [5]string
	for i := 0; i < n; i++ {
		p := provinces[r.IntN(len(provinces))]
		country := ""
		if p != "" {
			country = p[:2]
		}
		g := r.IntN(3)
		if i < 5 {
			firstGenders[i] = g
		} else if i >= n-5 {
			g = firstGenders[i-(n-5)]
		}
		ageDate := fmt.Sprintf("%d,20%02d-0%d-1%d", r.IntN(60), 18+r.IntN(7), 1+r.IntN(9), r.IntN(9))
		if i < 5 {
			firstAgeDates[i] = ageDate
		} else if i >= n-5 {
			ageDate = firstAgeDates[i-(n-5)]
		}
		fmt.Fprintf(&b, "C-%d,Name %d,%s,%s,%s,%s,%s,%v,org\n", i%(n-5), i,
			[]string{"female", "male", "other"}[g], ageDate,
			[]string{"IN", "AF", "BD"}[r.IntN(3)], country, p, r.IntN(2) == 0)
	}
	return b.String()
}

func collect(t *testing.T, in string) *Collector {
	t.Helper()
	return collectWith(t, in, nil, 0)
}

// collectWith is collect with the reader's allocator and batch size (nil, 0: the defaults).
func collectWith(t *testing.T, in string, alloc memory.Allocator, batch int) *Collector {
	t.Helper()
	r := ingest.NewReader("cases.csv", strings.NewReader(in))
	r.Alloc, r.BatchSize = alloc, batch
	return collectFrom(t, r)
}

// collectFrom collects every record r reads, dropping duplicates as the pipeline does.
func collectFrom(t testing.TB, r *ingest.Reader) *Collector {
	t.Helper()
	c := NewCollector()
	d := ingest.NewDeduper()
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		base := c.Rows()
		c.Add(rec)
		for _, row := range d.Add(rec, base) {
			c.Drop(row, Duplicate)
		}
		rec.Release()
	}
	return c
}

// TestCollectorCopiesValues: the Collector keeps no value pointing into a record after the
// caller releases it (ingest recycles the buffers): with freed buffers poisoned, the release is
// the same.
func TestCollectorCopiesValues(t *testing.T) {
	in := randomCases(3000, 3)
	release := func(alloc memory.Allocator) string {
		c := collectWith(t, in, alloc, 64)
		rel, err := c.Anonymize(CaseConfig{K: 2, SuppressionLimit: 0.05, Sensitive: "exploitation", L: 2})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		err = rel.Records(memory.NewGoAllocator(), 1000, func(rec arrow.RecordBatch) error {
			for i := range int(rec.NumRows()) {
				for j := range int(rec.NumCols()) {
					b.WriteString(rec.Column(j).ValueStr(i) + "|")
				}
				b.WriteString("\n")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	want := release(memory.NewGoAllocator())
	if got := release(&ingesttest.PoisonAllocator{}); got != want {
		t.Fatalf("the release differs when released records' buffers are overwritten:\n%.600s\nwant\n%.600s", got, want)
	}
}

// TestCaseReleaseIsKAnonymous checks the released records themselves, independently of the
// search: every combination of the protected columns occurs at least k times.
func TestCaseReleaseIsKAnonymous(t *testing.T) {
	for _, k := range []int{2, 5, 10} {
		c := collect(t, randomCases(3000, uint64(k)))
		rel, err := c.Anonymize(CaseConfig{K: k, SuppressionLimit: 0.05, Weights: map[string]float64{"exploitation": 4}})
		if err != nil {
			t.Fatal(err)
		}
		if rel.Duplicates != 5 {
			t.Errorf("duplicates = %d, want 5", rel.Duplicates)
		}
		if rel.Suppressed > int(0.05*float64(c.Rows()-rel.Duplicates)) {
			t.Errorf("suppressed %d rows, over the limit", rel.Suppressed)
		}
		alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
		classes := map[string]int{}
		written := 0
		err = rel.Records(alloc, 500, func(rec arrow.RecordBatch) error {
			if !rec.Schema().Equal(schema.Release) {
				t.Fatalf("records are not in schema.Release")
			}
			written += int(rec.NumRows())
			for i := 0; i < int(rec.NumRows()); i++ {
				var key []string
				for _, qi := range CaseQIs {
					for _, col := range qi.Columns {
						a := rec.Column(slices.IndexFunc(rec.Schema().Fields(), func(f arrow.Field) bool { return f.Name == col }))
						key = append(key, a.ValueStr(i))
					}
				}
				classes[strings.Join(key, "|")]++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		alloc.AssertSize(t, 0)
		if written != rel.Written {
			t.Errorf("wrote %d rows, release says %d", written, rel.Written)
		}
		for key, n := range classes {
			if n < k {
				t.Errorf("k=%d: class %s has %d rows", k, key, n)
			}
		}
		w, s, d, l := rel.Tally([]int{1000, c.Rows()})
		if w[0]+w[1] != rel.Written || s[0]+s[1] != rel.Suppressed || d[0]+d[1] != rel.Duplicates || l[0]+l[1] != 0 {
			t.Errorf("tally %v %v %v does not sum to %d/%d/%d", w, s, d, rel.Written, rel.Suppressed, rel.Duplicates)
		}
		c.Close()
	}
}

func TestUnprotectedQIsStayPrecise(t *testing.T) {
	c := collect(t, randomCases(500, 7))
	defer c.Close()
	rel, err := c.Anonymize(CaseConfig{K: 5, SuppressionLimit: 0.1, QuasiIdentifiers: []string{"gender", "age"}})
	if err != nil {
		t.Fatal(err)
	}
	for i, qi := range rel.QIs {
		if want := qi.Name == "gender" || qi.Name == "age"; rel.Protected[i] != want {
			t.Errorf("%s protected = %v", qi.Name, rel.Protected[i])
		}
		if !rel.Protected[i] && rel.Levels[i] != 0 {
			t.Errorf("%s is not protected but generalized to %d", qi.Name, rel.Levels[i])
		}
	}
	if _, err := c.Anonymize(CaseConfig{K: 5, QuasiIdentifiers: []string{"shoe_size"}}); err == nil {
		t.Error("an unknown quasi-identifier was accepted")
	}
}

func TestReleaseHoldsNoIdentifier(t *testing.T) {
	for _, f := range schema.Release.Fields() {
		if fd, _ := schema.Lookup(f.Name); fd.Role == schema.Identifier || fd.Role == schema.Internal {
			t.Errorf("release schema has %s", f.Name)
		}
	}
	c := collect(t, randomCases(200, 3))
	defer c.Close()
	rel, err := c.Anonymize(CaseConfig{K: 2, SuppressionLimit: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	rel.Records(nil, 100, func(rec arrow.RecordBatch) error {
		for j := range rec.Schema().Fields() {
			if s, ok := rec.Column(j).(*array.String); ok {
				for i := 0; i < s.Len(); i++ {
					if strings.HasPrefix(s.Value(i), "Name ") || strings.HasPrefix(s.Value(i), "C-") {
						t.Fatalf("identifier value in column %s", rec.Schema().Field(j).Name)
					}
				}
			}
		}
		return nil
	})
}

// TestReleaseOrderHidesInputOrder: the released rows come out in an order set by their content
// alone, so the same cases exported in another order give the same release, row for row.
func TestReleaseOrderHidesInputOrder(t *testing.T) {
	lines := strings.Split(strings.TrimSpace(randomCases(2000, 11)), "\n")
	for i := 1; i < len(lines); i++ { // no case IDs: no duplicates, whose winner depends on order
		lines[i] = lines[i][strings.IndexByte(lines[i], ','):]
	}
	in := strings.Join(lines, "\n") + "\n"
	reversed := []string{lines[0]}
	for i := len(lines) - 1; i > 0; i-- {
		reversed = append(reversed, lines[i])
	}
	rows := func(csv string) []string {
		c := collect(t, csv)
		defer c.Close()
		rel, err := c.Anonymize(CaseConfig{K: 3, SuppressionLimit: 0.1})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		rel.Records(nil, 300, func(rec arrow.RecordBatch) error {
			for i := 0; i < int(rec.NumRows()); i++ {
				var cells []string
				for j := range rec.Schema().Fields() {
					cells = append(cells, rec.Column(j).ValueStr(i))
				}
				out = append(out, strings.Join(cells, "|"))
			}
			return nil
		})
		return out
	}
	a, b := rows(in), rows(strings.Join(reversed, "\n")+"\n")
	if len(a) == 0 || !slices.Equal(a, b) {
		t.Errorf("the release depends on the input order (%d and %d rows)", len(a), len(b))
	}
}
