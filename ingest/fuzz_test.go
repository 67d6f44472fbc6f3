package ingest

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/apache/arrow-go/v18/arrow/memory"
)

// drain reads everything and checks the accounting: every row is valid or rejected. It returns
// the counts, or the error.
func drain(t *testing.T, name, in string) (valid, rows, rejected int, err error) {
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	r := NewReader(name, strings.NewReader(in))
	r.Now, r.Alloc, r.BatchSize = testNow, alloc, 3
	for {
		rec, err := r.Read()
		if err != nil {
			if err != io.EOF {
				alloc.AssertSize(t, 0)
				return valid, r.Rows(), len(r.Rejected()), err // a clear error is a fine outcome for garbage
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
	return valid, r.Rows(), len(r.Rejected()), nil
}

func FuzzReadCSV(f *testing.F) {
	f.Add("case_id,gender,age\nA,female,12\n")
	f.Add("\xef\xbb\xbfcase_id;gender;age;registration_date\r\nA;M;40;01/02/2020\r\n\r\n")
	f.Add("gender,narrative\nfemale,\"a\nb\"\"c\"\nmale,\"unterminated\n")
	f.Add("gender,age,province_of_exploitation\nf,9,IN-WB\nm,x,Atlantis\n,,\n")
	f.Add("case_id,trafficker/sex,victim/sex,age,age\nK,male,female,1,2\n") // clashing columns
	f.Add("case_id,gender,registration_date,date_of_birth\nA,f,03/04/2019,1/2/2001\nB,m,12/31/2019,13.1.2001\nC,f,2019-01-01T00:30:00+05:45,\n")
	f.Add("case_id,gender,age,\nA,f,3\nB,m,4,\n") // trailing empty column
	f.Add("case_id,country_of_exploitation,province_of_exploitation\nA,,AF::AF-KAB\nB,TH,Bangkok\nC,IN,PK > Sindh\n")
	f.Add("yearRegister,gender,UN_COO_Region,UN_COE_Region,CountryOfExploitation\n2014-2018,Female,Asia,Americas/Oceania,\n2019,Male,,Europe,FR\n2018-2014,,Southern Asia,,\n2014 to 2018,,x/y,Asia,TH\n") // bands and regions
	f.Add("case_id,full_name,gender,age\nA,\"x \"\"y,f,1\nB,ok,m,2\n\nC,z\",f,3\nD,w,m,4\n")                                                                                                               // a stray quote swallowing rows
	f.Add("case_id,full_name,gender,age,notes\nA,x,f,1,\"a\nB,y,m,2,b\nc\"\nD,\"never closed,m,4,\n\nE\n")
	f.Add("case_id,gender,age\nA,f,1\n,,\n\"\",\"\",\"\"\n , , \nN/A,-99,\n,,\nB,m,2\n")                                                 // blank rows, placeholders only
	f.Add("case_id,gender,is_forced_labour,notes\nA,f,true,\nTotal: 1,,,\n\"Exported by x\",,,\nB,unknown,FALSE,\nC,,,kept\n,,FALSE,\n") // rows that describe no case
	f.Add("case_id,age,notes\nS1,12,ok\nS2,12,\"she\nS3,14,ok\nS4,12,ok\nS5,14,ok\nS6,12,bye\"\nS7,14,ok\n")                             // a narrow file's stray quote                                                                                                 // rows in a note; unclosed
	f.Fuzz(func(t *testing.T, in string) {
		v1, n1, r1, e1 := drain(t, "fuzz.csv", in)
		// Cut into tiny chunks, the input must read the same.
		defer func(n int) { csvChunk = n }(csvChunk)
		csvChunk = 7
		v2, n2, r2, e2 := drain(t, "fuzz.csv", in)
		// An input refused part-way (a date column proving no order) has read as many rows
		// as its chunks allowed before; the error must be the same.
		if e1 != nil && e2 != nil && e1.Error() == e2.Error() {
			return
		}
		if v1 != v2 || n1 != n2 || r1 != r2 || (e1 == nil) != (e2 == nil) {
			t.Fatalf("chunking changes the outcome: %d/%d/%d %v vs %d/%d/%d %v", v1, n1, r1, e1, v2, n2, r2, e2)
		}
	})
}

func FuzzReadJSON(f *testing.F) {
	f.Add(`[{"gender":"female","age":12,"data":{"sex":"m"}}]`)
	f.Add("{\"gender\":\"male\",\"type_of_exploitation\":[\"Forced labour\",1,null]}\n{}\n")
	f.Add(`[{"a":{"b":{"c":{"d":[{"e":1}]}}}}, 3, "x"]`)
	f.Add("{\"case_id\":\"a\" \"gender\":\"f\"}\n{\"case_id\":\"b\"}\n{}\n{\"gender\":null}\n")                                                                       // a malformed first line, blank lines
	f.Add("{\"case_id\":\"X\"}\n{\"case_id\":\"Z1\",\"is_forced_labour\":false}\n{\"_id\":3,\"_uuid\":\"u\",\"meta/instanceID\":\"i\"}\n{\"_id\":4,\"sex\":\"f\"}\n") // no case; metadata only
	f.Add(`[{"case_id":"a","trafficker":{"sex":"m"},"victim":{"sex":"f"}}]`)                                                                                          // clashing keys
	f.Add(`[{"case_id":"k","type_of_exploitation":"sexual_exploitation forced_labour","type_of_exploitation/forced_marriage":"0","registration_date":"12/31/2019"}]`)
	f.Fuzz(func(t *testing.T, in string) {
		drain(t, "fuzz.json", in)
		drain(t, "fuzz.ndjson", in)
	})
}

// smallWorkbook returns a valid XLSX: a title row, a header, a serial date and a bad row.
func smallWorkbook(tb testing.TB) []byte {
	f := excelize.NewFile()
	defer f.Close()
	f.SetCellValue("Sheet1", "A1", "Register")
	f.SetSheetRow("Sheet1", "A2", &[]any{"case_id", "gender", "age", "registration_date"})
	f.SetSheetRow("Sheet1", "A3", &[]any{"C-1", "female", 12, time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)})
	f.SetSheetRow("Sheet1", "A4", &[]any{"C-2", "x", 300, "2024-13-01"})
	f.MergeCell("Sheet1", "A1", "D1")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func FuzzReadXLSX(f *testing.F) {
	wb := smallWorkbook(f)
	f.Add(wb)
	f.Add(wb[:len(wb)/2])
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) > 1<<20 {
			return
		}
		drain(t, "fuzz.xlsx", string(in))
	})
}

// FuzzValues checks that the value mappers never panic and that what they accept is in the
// schema's vocabularies.
func FuzzValues(f *testing.F) {
	for _, s := range []string{"F", "boy", "-99", "9--17", "48+", "17.0", "31/12/2020", "2020-02-30", "West Bengal", "IN-WB", "yes", "Sexual exploitation; other", "2014-2018", "2014 – 2018", "2018-2014", "1949-2020"} {
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
		if d, err := normDate(v, []string{"02/01/2006"}, dateLayouts, testNow, nil); err == nil && d.After(testNow) {
			t.Fatalf("date %v after now", d)
		}
		normYear(v, testNow)
		if b, err := normBand(v, testNow); err == nil {
			if lo, hi := bandYears(b); lo > hi || lo < 1950 || hi > testNow.Year() || len(b) != 9 {
				t.Fatalf("normBand(%q) = %q", v, b)
			}
		}
		normCountry(v)
		normBool(v)
		normVocab(v, labourSectors)
		if d, err := normDistrict(v); err == nil && (d == "" || len(d) > 64 || !utf8.ValidString(d) ||
			strings.ContainsAny(d, "@\x1f\n") || d != strings.Join(strings.Fields(d), " ")) {
			t.Fatalf("normDistrict accepted %q as %q", v, d)
		}
		if f := exploitationFlags(v); !f[5] && (f[0] || f[1] || f[2] || f[3] || f[4]) {
			t.Fatalf("flags set without a label: %v", f)
		}
		missing(v)
		if a, b, y, ok := numericDate(v); ok && (a > 99 || b > 99 || y > 9999 || a < 0 || b < 0) {
			t.Fatalf("numericDate(%q) = %d %d %d", v, a, b, y)
		}
	})
}
