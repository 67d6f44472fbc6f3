package ingest

import (
	"fmt"
	"strings"
	"testing"
)

// TestUnreadHeaderWithheld (privacy-side-doors37): the Reader's own messages about a column it
// leaves unread (mapping onto no field, or read as case notes by its name) judge its header as
// the pipeline's notice of a dropped column does (detect.HeaderLabel), not by SafeLabel alone: a
// header with a name no list holds ("Naqib", "Malalai") or a name beside a person word
// ("contact_grace") is told by its position ("column 4 (its name withheld)"), so that the
// advice to map it still reaches it ("#4"). Before, each message below printed the header.
func TestUnreadHeaderWithheld(t *testing.T) {
	rows := func(header string, vals ...string) []byte {
		var b strings.Builder
		b.WriteString("case_id,gender,age," + header + "\n")
		for i, v := range vals {
			fmt.Fprintf(&b, "P-%d,female,15,%s\n", i+1, v)
		}
		return []byte(b.String())
	}
	for _, c := range []struct {
		name, header string
		in           []byte
		notice       bool // the message is a notice, not the refusal
		want         string
	}{
		// roles(): a dropped column of role words, and one read as case notes by its name
		{"role", "Role Malalai", rows("Role Malalai", "Victim", "Victim", "Witness", "Witness"), false, "column 4 (its name withheld), which maps onto no field"},
		{"role beside notes", "Naqib notes", rows("Naqib notes", "Victim", "Victim", "Witness", "Witness"), false, "column 4 (its name withheld), which maps onto no field"},
		{"case type", "Case type Malalai", rows("Case type Malalai", "Trafficking", "Trafficking", "Domestic violence", "Domestic violence"), false, "column 4 (its name withheld), which maps onto no field"},
		// the notice of a date column that maps onto no field
		{"date", "Date met Naqib", rows("Date met Naqib", "2023-01-02", "2023-02-03"), true, "column 4 (its name withheld), which maps onto no field, may hold one"},
	} {
		_, r, err := readRows(t, "in.csv", c.in, nil)
		said := ""
		if err != nil {
			said = err.Error()
		}
		if c.notice {
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			said = strings.Join(r.Notices(), "\n")
		}
		if !strings.Contains(said, c.want) {
			t.Errorf("%s: want %q in:\n%s", c.name, c.want, said)
		}
		for _, w := range strings.Fields(c.header) {
			if w = strings.ToLower(strings.TrimPrefix(w, "contact_")); w != "notes" && w != "type" && w != "case" && w != "role" && w != "date" && w != "met" &&
				strings.Contains(strings.ToLower(said), w) {
				t.Errorf("%s: the header's %q printed:\n%s", c.name, w, said)
			}
		}
	}
	// the age notice: a column named for an age that maps onto no field, its cases at unknown age
	_, r, err := readRows(t, "in.csv", []byte("case_id,gender,Age Naqib asked\nP-1,female,15\nP-2,male,16\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	said := strings.Join(r.Notices(), "\n")
	if !strings.Contains(said, "column 3 (its name withheld), which maps onto no field, may hold one") || strings.Contains(strings.ToLower(said), "naqib") {
		t.Errorf("age: want column 3 withheld in:\n%s", said)
	}
	// a header every word of which is known is still named
	_, r, err = readRows(t, "in.csv", []byte("case_id,gender,Date of rescue\nP-1,female,2023-01-02\nP-2,male,2023-02-03\n"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if said := strings.Join(r.Notices(), "\n"); strings.Contains(said, "withheld") {
		t.Errorf("known header withheld:\n%s", said)
	}
}
