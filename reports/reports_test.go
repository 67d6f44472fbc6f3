package reports_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/release/releasetest"
	"github.com/prevalence/prevalence/reports"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestSuppress(t *testing.T) {
	tab := &analysis.Table{Columns: []string{"province", "cases", "note"}, Rows: [][]any{
		{"A", int64(0), int64(3)}, {"B", int64(1), nil}, {"C", int64(9), nil}, {"D", int64(10), nil}, {"7", int64(250), nil},
	}}
	got := reports.Suppress(tab, []string{"cases"}, 10)
	want := []any{int64(0), "<10", "<10", int64(10), int64(250)}
	for i, r := range got.Rows {
		if r[1] != want[i] {
			t.Errorf("row %d: %v, want %v", i, r[1], want[i])
		}
	}
	if got.Rows[0][2] != int64(3) || got.Rows[4][0] != "7" {
		t.Error("Suppress changed a column that holds no counts")
	}
	if tab.Rows[1][1] != int64(1) {
		t.Error("Suppress changed its input")
	}
}

func build(t *testing.T, opt reports.Options) []reports.File {
	t.Helper()
	return buildWith(t, opt, func(*release.Manifest) {})
}

// buildWith is build with the fixture's manifest changed by edit first.
func buildWith(t *testing.T, opt reports.Options, edit func(*release.Manifest)) []reports.File {
	t.Helper()
	ctx := context.Background()
	dir := releasetest.Fixture(t)
	m, err := release.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	edit(m)
	db, err := analysis.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if opt.Tables, err = release.ReadTables(dir); err != nil {
		t.Fatal(err)
	}
	files, err := reports.Build(ctx, db, m, opt)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// small finds a count from 1 to 9 standing alone in a Markdown or CSV cell.
var small = regexp.MustCompile(`(^|[|,]\s*)([1-9])(\s*[|,\n]|$)`)

// TestBuildGolden renders the report of a fixed release and compares the Markdown, CSV and
// JSON outputs with the golden files in testdata/golden; run with -update after a deliberate
// change.
func TestBuildGolden(t *testing.T) {
	files := build(t, reports.Options{})
	for _, f := range files {
		if strings.HasSuffix(f.Path, ".html") {
			continue // checked in a browser, see TestHTML
		}
		golden := filepath.Join("testdata", "golden", filepath.FromSlash(f.Path))
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			if err := os.WriteFile(golden, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update)", err)
		}
		if !bytes.Equal(want, f.Data) {
			t.Errorf("%s differs from %s:\n%s", f.Path, golden, f.Data)
		}
		// No count from 1 to 9 in any table cell.
		for _, line := range bytes.Split(f.Data, []byte("\n")) {
			if bytes.HasPrefix(line, []byte("|")) || filepath.Ext(f.Path) == ".csv" {
				if m := small.Find(line); m != nil {
					t.Errorf("%s: a small count is published: %q", f.Path, line)
				}
			}
		}
	}
}

func TestAudiences(t *testing.T) {
	for _, a := range append(reports.Audiences, "") {
		files := build(t, reports.Options{Audience: a})
		var names []string
		for _, f := range files {
			names = append(names, f.Path)
		}
		all := strings.Join(names, " ")
		switch a {
		case "advocacy":
			if all != "reports/brief.md reports/brief.html" {
				t.Errorf("advocacy: %s", all)
			}
		case "":
			for _, want := range []string{"reports/report.md", "reports/report.html", "reports/brief.md", "reports/brief.html", "reports/boys-by-province.csv", "reports/tables/boys-by-province.json"} {
				if !strings.Contains(all, want) {
					t.Errorf("default: no %s in %s", want, all)
				}
			}
		default:
			if !strings.Contains(all, "reports/report.html") || !strings.Contains(all, "reports/tables/") {
				t.Errorf("%s: %s", a, all)
			}
		}
	}
	if _, err := reports.Build(context.Background(), nil, &release.Manifest{}, reports.Options{Audience: "press"}); err == nil {
		t.Error("an unknown audience is accepted")
	}
}

// TestMSECaution: the report estimates the hidden number from capture histories, and warns
// when a list shares no one with the others (its missed people rest on the model alone).
func TestMSENotEstimable(t *testing.T) {
	// The research report: the report for everyone leaves out an estimate whose lists share
	// fewer than 10 people (TestMSEParagraphDoesNotInvert).
	report := func(histories string) string {
		for _, f := range build(t, reports.Options{CaptureHistories: []byte(histories), Audience: "research"}) {
			if f.Path == "reports/report.md" {
				return string(f.Data)
			}
		}
		t.Fatal("no report.md")
		return ""
	}
	linked := "police,ngo,shelter,count\n1,0,0,60\n0,1,0,50\n0,0,1,40\n1,1,0,20\n1,0,1,15\n0,1,1,12\n1,1,1,5\n"
	if md := report(linked); !strings.Contains(md, "Hidden numbers") || strings.Contains(md, "Caution") ||
		!strings.Contains(md, "95% profile-likelihood interval") || !strings.Contains(md, "SparseMSE's Wald interval") {
		t.Errorf("lists that overlap: %s", md)
	}
	// A list that shares no one with the others: not estimable, and no headline number.
	isolated := "police,ngo,shelter,count\n1,0,0,60\n0,1,0,50\n0,0,1,40\n1,1,0,20\n"
	if md := report(isolated); !strings.Contains(md, "is not estimable from these lists") || !strings.Contains(md, "shelter shares no one with any other list") ||
		strings.Contains(md, "puts the total number of people") {
		t.Errorf("lists that do not overlap, not said to be not estimable: %s", md)
	}
}

// TestPrivacyWordsK: the report says how many others a case shares its quasi-identifiers with
// as a number ("at least 4 others" at k = 5), never as a sum left to the reader ("5-1").
func TestPrivacyWordsK(t *testing.T) {
	for _, f := range build(t, reports.Options{}) {
		if f.Path != "reports/report.md" {
			continue
		}
		s := string(f.Data)
		if strings.Contains(s, "5-1 others") || !strings.Contains(s, "with at least 4 others (k-anonymity, k = 5)") {
			i := strings.Index(s, "Every released case")
			t.Errorf("k-anonymity in words: %q", s[i:min(len(s), i+200)])
		}
		return
	}
	t.Fatal("no reports/report.md")
}

// TestCountedOnceOnlyWhenLinked: the headline says "people ..., counted once each" only when
// the run linked the organisations' records with a key; without one it counts records, and
// says that a person recorded by several organisations counts once per organisation
// (attack-2026-11-30b finding 7).
func TestCountedOnceOnlyWhenLinked(t *testing.T) {
	const unlinked = "Without a linkage key, a person recorded by several organisations counts once per organisation."
	for _, key := range []string{"", "none", "redacted"} {
		files := buildWith(t, reports.Options{}, func(m *release.Manifest) { m.Key = key })
		for _, f := range files {
			switch f.Path {
			case "reports/brief.md", "reports/brief.html", "reports/report.html", "reports/programme.html":
			default:
				continue
			}
			s := string(f.Data)
			once := strings.Contains(s, "people were identified as victims of trafficking and recorded by organisations not named in the records in 1 country, counted once each.")
			records := strings.Contains(s, "records of people identified as victims of trafficking, recorded by organisations not named in the records in 1 country. "+unlinked)
			if key == "redacted" && (!once || records || strings.Contains(s, unlinked)) {
				t.Errorf("key %q, %s: linked, yet not \"counted once each\" (once %v, records %v)", key, f.Path, once, records)
			}
			if key != "redacted" && (once || !records || strings.Contains(s, "counted once each")) {
				t.Errorf("key %q, %s: nothing linked, yet \"counted once each\" (once %v, records %v)", key, f.Path, once, records)
			}
			if strings.HasSuffix(f.Path, "report.html") && key != "redacted" && !strings.Contains(s, "after duplicates within each organisation were merged") {
				t.Errorf("key %q, %s: the methods say duplicates across organisations were merged", key, f.Path)
			}
		}
	}
}

// TestNamesFromInputEscaped: names that come from the input (organisations and their lists,
// a column under prevalence anonymize) reach report.md and brief.md as text, never as HTML or
// a Markdown link, and the HTML reports as escaped text (linkage-merge2's "noticed": the
// "Hidden numbers" paragraph named an isolated list raw).
func TestNamesFromInputEscaped(t *testing.T) {
	const img, link = `<img src=x onerror=alert(1)>`, `[a](javascript:alert(2))`
	raw := func(s string) bool {
		s = strings.ReplaceAll(s, `\<`, "")
		return strings.Contains(s, "<img") || strings.Contains(strings.ReplaceAll(s, `\]`, ""), "](")
	}
	for _, h := range []string{
		"police,\"" + img + "\",\"" + link + "\",count\n1,0,0,60\n0,1,0,50\n0,0,1,40\n1,1,0,20\n",                              // isolated: not estimable
		"police,\"" + img + "\",\"" + link + "\",count\n1,0,0,60\n0,1,0,50\n0,0,1,40\n1,1,0,20\n1,0,1,15\n0,1,1,12\n1,1,1,5\n", // estimated
	} {
		files := buildWith(t, reports.Options{CaptureHistories: []byte(h), Audience: "research"}, func(m *release.Manifest) {
			m.Privacy.DroppedIdentifiers = append(m.Privacy.DroppedIdentifiers, img)
			m.Privacy.QuasiIdentifiers = append(m.Privacy.QuasiIdentifiers, link)
		})
		seen := false
		for _, f := range files {
			s := string(f.Data)
			switch {
			case strings.HasSuffix(f.Path, ".md"):
				seen = seen || strings.Contains(s, `\<img src=x`)
				if raw(s) {
					t.Errorf("%s holds a name from the input as markup:\n%s", f.Path, s)
				}
			case strings.HasSuffix(f.Path, ".html"):
				if strings.Contains(s, "<img src=x") {
					t.Errorf("%s holds raw HTML", f.Path)
				}
			}
		}
		if !seen {
			t.Errorf("the names are not in report.md at all: the test tries nothing")
		}
	}
}

// TestNotToBePublishedReports: a release run --publish refuses (its tables compared with the
// previous release's apart) says so at the head of every report for everyone the run wrote:
// the brief is what an organisation forwards (attack-2026-12-04c, lows).
func TestNotToBePublishedReports(t *testing.T) {
	files := buildWith(t, reports.Options{}, func(m *release.Manifest) {
		if m.Tables == nil {
			m.Tables = &release.TablesProtection{}
		}
		// The previous release's folder is the user's path, which may name a person: the line
		// says no folder (privacy-side-doors24).
		m.Tables.Previous, m.Tables.PreviousAudit = "/home/Zarmina Canaryfolder/pub", release.PreviousApart
		m.Tables.UnpublishedSince = "/home/Zarmina Canaryfolder/pub0"
	})
	seen := 0
	for _, f := range files {
		if !strings.HasSuffix(f.Path, ".md") && !strings.HasSuffix(f.Path, ".html") {
			continue
		}
		seen++
		if !strings.Contains(string(f.Data), "This release is not to be published") {
			t.Errorf("%s does not say that the release is not to be published", f.Path)
		}
	}
	for _, f := range files {
		if strings.Contains(string(f.Data), "Canaryfolder") {
			t.Errorf("%s names the previous release's folder", f.Path)
		}
	}
	if seen < 3 {
		t.Errorf("%d reports rendered, want the brief and the report in Markdown and HTML", seen)
	}
	for _, f := range build(t, reports.Options{}) {
		if strings.Contains(string(f.Data), "not to be published") {
			t.Errorf("%s of a release that may be published says it is not", f.Path)
		}
	}
	// A release whose joint audit with the publication ended with counts exposed
	// (tables.joint_exposed) was audited together with it: its head says so, not "not audited
	// together" (issue-16-joint's note), and names no count.
	exposed := "cases-by-age-and-gender / adult / 18-20 / other_or_unknown"
	for _, research := range []bool{false, true} {
		files := buildWith(t, reports.Options{NotForPublication: research}, func(m *release.Manifest) {
			if m.Tables == nil {
				m.Tables = &release.TablesProtection{}
			}
			m.Tables.Previous, m.Tables.PreviousAudit, m.Tables.JointExposed = "pub", release.PreviousKept, []string{exposed}
		})
		for _, f := range files {
			if !strings.HasSuffix(f.Path, ".md") && !strings.HasSuffix(f.Path, ".html") {
				continue
			}
			d := strings.ReplaceAll(string(f.Data), "\n", " ")
			if !strings.Contains(d, "its tables were audited together with those of the publication it would stand beside, and that audit ended with counts that whoever holds both can place among fewer values") ||
				strings.Contains(d, "not audited together") || strings.Contains(d, "18-20 / other_or_unknown") {
				t.Errorf("research %v: %s of a release whose joint audit ended exposed: its head does not say so, or says it was not audited together, or names the count", research, f.Path)
			}
		}
	}
}

// TestNotPublishedSaysWhatTheManifestSays: a release whose joint audit with the publication it
// would stand beside ended with counts exposed (tables.joint_exposed) was audited together with
// it: its reports' head says so and how many counts, not "not audited together" (joint's
// note), and names none of them; one compared apart keeps "not audited together".
func TestNotPublishedSaysWhatTheManifestSays(t *testing.T) {
	exposed := func(m *release.Manifest) {
		if m.Tables == nil {
			m.Tables = &release.TablesProtection{}
		}
		m.Tables.Previous, m.Tables.PreviousAudit = "pub", release.PreviousKept
		m.Tables.JointExposed = []string{"cases-by-age-and-gender / adult / 18-20 / other_or_unknown", "cases-by-age-and-gender / adult / 24-26 / other_or_unknown",
			"cases-by-age-and-gender / adult / 27-29 / other_or_unknown", "cases-by-age-and-gender / adult / 30-38 / other_or_unknown"}
	}
	for _, tc := range []struct {
		name string
		opt  reports.Options
		edit func(*release.Manifest)
		want string
		not  string
	}{
		{"exposed", reports.Options{}, exposed, "audited together with those of the publication it would stand beside, and that audit ended with counts that whoever holds both can place among fewer values than the protection range allows: 4 counts", "not audited together"},
		{"exposed, for researchers", reports.Options{NotForPublication: true, Audience: "research"}, exposed, "ended with counts that whoever holds both can place among fewer values than the protection range allows: 4 counts", "not audited together"},
		{"exposed, counted by the audit only", reports.Options{}, func(m *release.Manifest) {
			exposed(m)
			m.Tables.JointExposed, m.Tables.Audit.Exposed = nil, 1
		}, "allows: 1 count", "not audited together"},
		{"apart", reports.Options{}, func(m *release.Manifest) {
			if m.Tables == nil {
				m.Tables = &release.TablesProtection{}
			}
			m.Tables.Previous, m.Tables.PreviousAudit = "pub", release.PreviousApart
		}, "its tables were not audited together with those of the publication it would stand beside", "audit ended"},
	} {
		seen := 0
		for _, f := range buildWith(t, tc.opt, tc.edit) {
			if !strings.HasSuffix(f.Path, ".md") {
				continue
			}
			seen++
			s := string(f.Data)
			if !strings.Contains(s, tc.want) || strings.Contains(s, tc.not) {
				i := strings.Index(s, "This release is not to be published")
				t.Errorf("%s: %s's head does not say %q (or says %q): %.400s", tc.name, f.Path, tc.want, tc.not, s[max(i, 0):])
			}
			if strings.Contains(s, "18-20 / other_or_unknown") {
				t.Errorf("%s: %s names an exposed count", tc.name, f.Path)
			}
		}
		if seen == 0 {
			t.Errorf("%s: no report in Markdown", tc.name)
		}
	}
}
