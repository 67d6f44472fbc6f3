package anonymize

import (
	"bytes"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestJointExposedRefused: a pair whose joint audit gives up with counts it still finds
// exposed (the tester's 20,000-row pair ended so after 13 rounds with 4 counts of adults of
// other gender; here synth 500 and 12 more cases of Herat, the rounds cut to one and
// complementary suppression off, so that keeping the previous release's withheld counts
// withheld leaves 10 changes of women's counts exposed)
// names them in the manifest (tables.joint_exposed), and the release is one run --publish
// refuses (release.Manifest.NotToBePublished): published with exit 0, it put 4 counts within
// 3 values for whoever holds both releases.
func TestJointExposedRefused(t *testing.T) {
	if testing.Short() {
		t.Skip("a joint protection of synth 500")
	}
	const th = 10
	in := synthCSV(t, 500, 2)
	first := collect(t, string(in))
	defer first.Close()
	have := provinceCases(first.facts(), herat)
	second := collect(t, string(grow(t, in, herat, have, have+12)))
	defer second.Close()
	a, err := first.Tables(TableConfig{Protection: Protection{Threshold: th}})
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer // --verbose's progress lines (TableConfig.Log)
	b, err := second.Tables(TableConfig{Protection: Protection{Threshold: th, jointTries: 1, NoSecondary: true}, AllowDifferencing: true, Previous: a.Tables, PreviousRelations: a.Relations,
		Log: slog.New(slog.NewTextHandler(&log, nil))})
	if err != nil {
		t.Fatal(err)
	}
	// One line before the round and one after it, with what it solved and found.
	starts := regexp.MustCompile(`msg="joint audit with the previous release" round=(\d+) of_at_most=(\d+)`).FindAllStringSubmatch(log.String(), -1)
	dones := regexp.MustCompile(`msg="joint audit round done" round=(\d+) linear_programs=(\d+) largest_block=(\d+) exposed=(\d+)`).FindAllStringSubmatch(log.String(), -1)
	if len(starts) != 1 || len(dones) != 1 || starts[0][1] != "1" || starts[0][2] != strconv.Itoa(jointRounds+1) || dones[0][1] != "1" ||
		dones[0][2] == "0" || dones[0][3] == "0" || dones[0][4] == "0" {
		t.Errorf("--verbose's round lines: want one round's start and end, with its linear programs, largest block and exposed counts:\n%s", log.String())
	}
	pr := b.Protection
	if pr.PreviousAudit != release.PreviousKept || !strings.Contains(pr.Previous, gaveUp) {
		t.Fatalf("previous_audit %q, previous %q: want the previous pattern kept, the rounds given up", pr.PreviousAudit, pr.Previous)
	}
	if len(pr.JointExposed) == 0 || pr.Audit.Exposed < len(pr.JointExposed) {
		t.Fatalf("joint_exposed %q, audit.exposed %d: want the counts the joint audit left exposed", pr.JointExposed, pr.Audit.Exposed)
	}
	m := &release.Manifest{Tables: &pr}
	if !m.NotToBePublished() || !pr.ExposedWithPrevious() {
		t.Errorf("joint_exposed %q: the release may be published", pr.JointExposed)
	}
	// Each name is a count of this release (table / labels / column) that it withholds.
	withheld, printedTable := map[string]bool{}, map[string]bool{}
	for _, x := range b.Tables {
		printedTable[x.Name] = true
		for _, r := range x.Rows {
			for ci, st := range r.State {
				if st != release.Published {
					withheld[x.Name+" / "+strings.Join(r.Labels, " / ")+" / "+x.Counts[ci]] = true
				}
			}
		}
	}
	// check --previous, auditing the two published releases, finds them too.
	found, _, err := AuditReleases(a.Tables, a.Relations, b.Tables, b.Relations, th, DefaultWidth(th), pr.PreviousAudit)
	if err != nil {
		t.Fatal(err)
	}
	named := 0
	for _, name := range pr.JointExposed {
		if !printedTable[strings.SplitN(name, " / ", 2)[0]] {
			continue // a hidden table's count: no published table prints it
		}
		if !withheld[name] {
			t.Errorf("joint_exposed names %q, not a count this release withholds", name)
		}
		// check's words for the same count: "table T, row L1 / L2, column C".
		parts := strings.Split(name, " / ")
		words := "table " + parts[0] + ", row " + strings.Join(parts[1:len(parts)-1], " / ") + ", column " + parts[len(parts)-1] + ":"
		for _, f := range found {
			if strings.Contains(f, words) {
				named++
				break
			}
		}
	}
	t.Logf("joint_exposed %d (%s); check --previous's findings %d, %d of them named", len(pr.JointExposed), strings.Join(pr.JointExposed, "; "), len(found), named)
	if named == 0 {
		t.Errorf("check --previous names none of joint_exposed %q: %q", pr.JointExposed, found)
	}
}
