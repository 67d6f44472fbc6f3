package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// TestUnpublishable: a release whose tables were compared with the previous release's apart
// is not copied for everyone (attack-2026-12-03e finding 2); one audited jointly, or a first
// release, is.
func TestUnpublishable(t *testing.T) {
	for _, c := range []struct {
		previous, audit, since string
		refused                bool
		exposed                []string // tables.joint_exposed
		auditExposed           int      // tables.audit.exposed
	}{
		{"", "", "", false, nil, 0},
		{"rel", release.PreviousJoint, "", false, nil, 0},
		{"rel", release.PreviousJointLost, "", false, nil, 0},
		{"rel", release.PreviousSame, "", false, nil, 0},
		{"rel", release.PreviousApart, "", true, nil, 0},
		{"rel", release.PreviousApart, "2026-12-03T19:51:04Z", true, nil, 0},
		// The refused release run again: the same data as it, refused all the same
		// (attack-2026-12-03f finding 1).
		{"rel", release.PreviousSame, "2026-12-03T19:51:04Z", true, nil, 0},
		{"rel", release.PreviousJoint, "2026-12-03T19:51:04Z", true, nil, 0},
		// The joint audit gave up with counts it knows exposed (the 20,000-row pair of
		// attack-2026-12-04a): refused, naming them; kept over the budget (not audited, none
		// known exposed): refused too, saying the audit did not run (attack-2026-12-04d R15's
		// rest: nobody audited it together with the publication it would stand beside).
		{"rel", release.PreviousKept, "", true, []string{"cases-by-age-and-gender / adult / 18-20 / other_or_unknown"}, 4},
		{"rel", release.PreviousKept, "", true, nil, 4}, // a manifest written before joint_exposed
		{"rel", release.PreviousKept, "", true, nil, 0},
	} {
		m := &release.Manifest{Tables: &release.TablesProtection{Previous: c.previous, PreviousAudit: c.audit, UnpublishedSince: c.since, JointExposed: c.exposed,
			Audit: release.Audit{Exposed: c.auditExposed}}}
		if c.audit == release.PreviousKept && c.auditExposed == 0 {
			m.Tables.Previous = "1288 counts of 23 tables of the previous release, compared cell by cell, and not jointly: the linear program over both releases was over its size budget (its largest block of withheld counts 4513, over the budget of 4000), so every count the previous release withheld stays withheld"
		}
		err := unpublishable(m, "rel", "pub")
		if (err != nil) != c.refused || err != nil && !strings.Contains(err.Error(), "written to rel but not published to pub") {
			t.Errorf("previous %q audited %q: %v, want refused %v", c.previous, c.audit, err, c.refused)
		}
		// "apart" says when a correction is audited together, and why one that only removed
		// records may not be (attack-2026-12-04d R16).
		if c.audit == release.PreviousApart && c.since == "" && (err == nil || !strings.Contains(err.Error(), "no count it raised rose by 10 or more") ||
			!strings.Contains(err.Error(), "person linked across organisations")) {
			t.Errorf("apart: the refusal does not say when a correction is audited together: %v", err)
		}
		if c.audit == release.PreviousKept && c.auditExposed == 0 && (err == nil || !strings.Contains(err.Error(), "over its size budget, so it did not run")) {
			t.Errorf("kept over the budget: the refusal does not say the joint audit did not run: %v", err)
		}
		// The way forward is the publication, not the release folder that now holds the
		// refused release (attack-2026-12-05b U4: "written over this folder" named it).
		if err != nil && (!strings.Contains(err.Error(), "new folder with --previous naming the folder the earlier release was published to") ||
			strings.Contains(err.Error(), "written over this folder")) {
			t.Errorf("previous %q audited %q: the way forward does not name the publication: %v", c.previous, c.audit, err)
		}
		// A correction refused so is refused again for the same data in any folder: the
		// refusal says so, not only "a new folder with --previous" (Y3 backward).
		if c.audit == release.PreviousKept && err != nil && !strings.Contains(err.Error(), "the same data run again, in this folder or a new one, gives the same pattern and the same refusal") {
			t.Errorf("previous %q audited %q: the refusal does not say that the same data is refused again in a new folder: %v", c.previous, c.audit, err)
		}
		for _, name := range c.exposed {
			if err == nil || !strings.Contains(err.Error(), name) {
				t.Errorf("previous %q audited %q, %s exposed: the refusal does not name it: %v", c.previous, c.audit, name, err)
			}
		}
	}
	if err := unpublishable(&release.Manifest{}, "rel", "pub"); err != nil {
		t.Errorf("a release without tables: %v", err)
	}
}

// TestUnpublishableReports: report refuses a release run --publish refused (its brief is what
// an advocate forwards), and check says its parts for everyone are so only once it may be
// published (attack-2026-12-03g finding 8).
func TestUnpublishableReports(t *testing.T) {
	demo, _, err := demoRelease()
	if err != nil {
		t.Fatal(err)
	}
	rel := filepath.Join(t.TempDir(), "rel")
	if err := copyDir(demo, rel); err != nil {
		t.Fatal(err)
	}
	m, err := release.ReadManifest(rel)
	if err != nil {
		t.Fatal(err)
	}
	m.Tables.Previous, m.Tables.PreviousAudit = "pub", release.PreviousApart
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(rel, release.ManifestName), b, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, audience := range []string{"advocacy", "programme"} {
		var out, errb bytes.Buffer
		code := run(context.Background(), []string{"report", rel, "--for", audience}, nil, &out, &errb)
		if code == 0 || !strings.Contains(errb.String(), "is not to be published") {
			t.Errorf("report --for %s of an unpublishable release: exit %d: %s", audience, code, errb.String())
		}
		// The run's own words and way out (privacy-side-doors25, left: report offered to write
		// the release again with --previous, which repeats the audit that was apart).
		if !strings.Contains(errb.String(), refusalWhy(m)) || strings.Contains(errb.String(), "write this release again") {
			t.Errorf("report --for %s of a release audited apart does not give the run's refusal: %s", audience, errb.String())
		}
		if _, err := os.Stat(filepath.Join(rel, release.ReportPrefix+audience)); err == nil {
			t.Errorf("report --for %s wrote its folder", audience)
		}
	}
	// A research report goes to researchers under an agreement, not to the public: rendered,
	// saying at its head that it is not for publication, its folder for researchers
	// (attack-2026-12-04a, lows).
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"report", rel, "--for", "research"}, nil, &out, &errb); code != 0 {
		t.Fatalf("report --for research of an unpublishable release: exit %d: %s", code, errb.String())
	}
	sub := filepath.Join(rel, release.ReportPrefix+"research")
	for _, f := range []string{"report.html", "report.md"} {
		b, err := os.ReadFile(filepath.Join(sub, f))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "This report is for researchers under an agreement, not for publication") {
			t.Errorf("the research report's %s does not say it is not for publication", f)
		}
	}
	var rm release.ReportManifest
	if b, err := os.ReadFile(filepath.Join(sub, release.ManifestName)); err != nil || json.Unmarshal(b, &rm) != nil || rm.For != release.ForResearchers {
		t.Errorf("the research report's folder is offered %q (%v), want %q", rm.For, err, release.ForResearchers)
	}
	// check on a release whose joint audit with the previous one ended exposed prints the
	// run's refusal, naming the counts (here its statement no longer matches the manifest, a
	// problem: the refusal is among the notes).
	m.Tables.PreviousAudit, m.Tables.JointExposed = release.PreviousKept, []string{"cases-by-age-and-gender / adult / 18-20 / other_or_unknown"}
	if b, err = json.Marshal(m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(rel, release.ManifestName), b, 0o600); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	errb.Reset()
	code := run(context.Background(), []string{"check", rel}, nil, &out, &errb)
	if all := out.String() + errb.String(); !strings.Contains(all, "run --publish refuses it): its tables were audited together with those of the release it replaces") ||
		!strings.Contains(all, m.Tables.JointExposed[0]) {
		t.Errorf("check of a release whose joint audit ended exposed: exit %d, no refusal naming the count:\n%s", code, all)
	}
	out.Reset()
	errb.Reset()
	if code := run(context.Background(), []string{"report", rel, "--for", "advocacy"}, nil, &out, &errb); code == 0 || !strings.Contains(errb.String(), refusalWhy(m)) ||
		!strings.Contains(errb.String(), "ended with counts that whoever holds both publications can place among fewer values") ||
		!strings.Contains(errb.String(), m.Tables.JointExposed[0]) || strings.Contains(errb.String(), "write this release again") {
		t.Errorf("report --for advocacy of a release whose joint audit ended exposed: exit %d: %s", code, errb.String())
	}
	var w bytes.Buffer
	writeParts(&w, map[string][]string{release.ForEveryone: {"tables/"}}, map[string]int{}, true)
	if !strings.Contains(w.String(), "for everyone once it may be published (not now") {
		t.Errorf("check's parts of an unpublishable release: %s", w.String())
	}
}
