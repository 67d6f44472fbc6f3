package ingest

import (
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/prevalence/prevalence/schema"
)

// TestOmit: omitted identifier columns are null in the records and not reported as unknown;
// fields that are not text identifiers cannot be omitted.
func TestOmit(t *testing.T) {
	in := "case_id,first_name,last_name,phone,date_of_birth,gender,narrative,registration_date\n" +
		"A1,Ann,Lee,+1 555,2001-02-03,female,met at the station,2024-01-05\n"
	r := NewReader("x.csv", strings.NewReader(in))
	r.Now = testNow
	r.Omit = []string{schema.FullName, schema.Phone, schema.Narrative}
	rec, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Release()
	for _, f := range []string{schema.FullName, schema.Phone, schema.Narrative} {
		if c := rec.Column(schema.Index(f)); c.NullN() != int(rec.NumRows()) {
			t.Errorf("%s has values", f)
		}
	}
	if v := rec.Column(schema.Index(schema.CaseID)).(*array.String).Value(0); v != "A1" {
		t.Errorf("case_id %q", v)
	}
	if rec.Column(schema.Index(schema.DateOfBirth)).IsNull(0) || rec.Column(schema.Index(schema.AgeBand)).IsNull(0) {
		t.Error("date of birth or age band lost")
	}
	if u := r.UnknownColumns(); len(u) > 0 {
		t.Errorf("unknown columns %v", u)
	}
	for _, bad := range []string{schema.DateOfBirth, schema.Gender, schema.Source, "nonsense"} {
		r := NewReader("x.csv", strings.NewReader(in))
		r.Omit = []string{bad}
		if _, err := r.Read(); err == nil || !strings.Contains(err.Error(), "cannot omit") {
			t.Errorf("omit %s: %v", bad, err)
		}
	}
}
