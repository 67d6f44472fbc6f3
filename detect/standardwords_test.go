package detect

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/ingest/ingesttest"
)

// TestStandardFieldWords (privacy-side-doors37, session zv's task 3): a person word beside a
// field's word of the standards is named ("Referral officer" was withheld: "referral" was in
// no list of contacts' fields), a name beside it still is not; and every word of HTCDS 2.0's
// field labels of draft fields (../shared, skipped when absent; not its example questions) is a
// field's word by rule, none a given name.
func TestStandardFieldWords(t *testing.T) {
	for _, h := range []string{"Referral officer", "Referring officer", "Outgoing referral contact", "Tracing officer",
		"Reunification caseworker", "Closure officer", "Care arrangements contact"} {
		if !HeaderLabel(h) {
			t.Errorf("HeaderLabel(%q) = false, want true (every other word is a field's)", h)
		}
	}
	for _, h := range []string{"Referral officer Malalai", "contact_grace", "Officer Hope", "referral_contact_naqib"} {
		if HeaderLabel(h) {
			t.Errorf("HeaderLabel(%q) = true, want false", h)
		}
	}

	f, err := os.Open(ingesttest.SharedFile(t, "reference/standards/htcds2.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		c := strings.Split(sc.Text(), "\t")
		if len(c) < 7 || c[5] == "" || c[5] == "Field Label" || c[1] != "DRAFT" && c[1] != "" {
			continue
		}
		n++
		for _, w := range HeaderWords(c[5]) {
			if len(w) < 3 || w == "and" || w == "for" || w == "when" {
				continue
			}
			if LabelName(w) {
				t.Errorf("%q of %q is a given name of the lists: not a field's word beside a person word", w, c[5])
			} else if !personFieldWord(w) {
				t.Errorf("%q of HTCDS's %q is not a field's word (add it to standardFieldWords)", w, c[5])
			}
		}
	}
	if n < 50 {
		t.Errorf("read %d field labels of htcds2.tsv, want 50 or more (has the file's shape changed?)", n)
	}
}
