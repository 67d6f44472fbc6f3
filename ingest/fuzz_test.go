package ingest

import (
	"io"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// drain reads everything and checks the accounting: every row is valid or rejected.
func drain(t *testing.T, name, in string) {
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	r := NewReader(name, strings.NewReader(in))
	r.Now, r.Alloc, r.BatchSize = testNow, alloc, 3
	valid := 0
	for {
		rec, err := r.Read()
		if err != nil {
			if err != io.EOF {
				return // a clear error is a fine outcome for garbage
			}
			break
		}
		valid += int(rec.NumRows())
		rec.Release()
	}
	if r.Rows() != valid+len(r.Rejected()) {
		t.Fatalf("rows %d != valid %d + rejected %d", r.Rows(), valid, len(r.Rejected()))
	}
	alloc.AssertSize(t, 0)
}

func FuzzReadCSV(f *testing.F) {
	f.Add("case_id,gender,age\nA,female,12\n")
	f.Add("\xef\xbb\xbfcase_id;gender;age;registration_date\r\nA;M;40;01/02/2020\r\n\r\n")
	f.Add("gender,narrative\nfemale,\"a\nb\"\"c\"\nmale,\"unterminated\n")
	f.Add("gender,age,province_of_exploitation\nf,9,IN-WB\nm,x,Atlantis\n,,\n")
	f.Fuzz(func(t *testing.T, in string) { drain(t, "fuzz.csv", in) })
}

func FuzzReadJSON(f *testing.F) {
	f.Add(`[{"gender":"female","age":12,"data":{"sex":"m"}}]`)
	f.Add("{\"gender\":\"male\",\"type_of_exploitation\":[\"Forced labour\",1,null]}\n{}\n")
	f.Add(`[{"a":{"b":{"c":{"d":[{"e":1}]}}}}, 3, "x"]`)
	f.Fuzz(func(t *testing.T, in string) {
		drain(t, "fuzz.json", in)
		drain(t, "fuzz.ndjson", in)
	})
}

// FuzzValues checks that the value mappers never panic and that what they accept is in the
// schema's vocabularies.
func FuzzValues(f *testing.F) {
	for _, s := range []string{"F", "boy", "-99", "9--17", "48+", "17.0", "31/12/2020", "2020-02-30", "West Bengal", "IN-WB", "yes", "Sexual exploitation; other"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if g, err := normGender(v); err == nil && g != "female" && g != "male" && g != "other" && g != "unknown" {
			t.Fatalf("gender %q", g)
		}
		if a, err := normAge(v); err == nil && (a < 0 || a > 110) {
			t.Fatalf("age %d", a)
		}
		normAgeBand(v)
		normMajority(v)
		if d, err := normDate(v, []string{"02/01/2006"}, testNow); err == nil && d.After(testNow) {
			t.Fatalf("date %v after now", d)
		}
		normYear(v, testNow)
		normCountry(v)
		normBool(v)
		normVocab(v, labourSectors)
		var row caseRow
		row.bools = map[string]bool{}
		convertExploitation(v, &row)
	})
}
