package main

import (
	"html"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
)

// The manifest's notices give exact counts ("6 case record(s) have a residential placement
// dated before ...", "1 of 728 rows of events repeat ..."): the organisation's, to fix its
// records, and manifest.json is for the organisation only (release.AudienceOf). No such count
// may reach a file for everyone (tables/, reports/, protections.json, centres, the folder run
// --publish writes, the reports rendered later) or for researchers (cases/, the capture
// histories, the research report): a notice's count of 1-9 followed by its words, or a run of
// eight words of a notice, found in any of them is a leak (outcomes-spells.md's "Noticed",
// session y).
func TestNoticeCountsStayWithTheOrganisation(t *testing.T) {
	dir := t.TempDir()
	in, out, pub := filepath.Join(dir, "in"), filepath.Join(dir, "rel"), filepath.Join(dir, "pub")
	cli(t, "synth", "--out", in, "--rows", "3000", "--seed", "1", "--quiet")
	key := filepath.Join(dir, "key")
	if err := os.WriteFile(key, []byte("5b0e3c1f9a7d24e86c0b1a3f5d7e9c2b4a6f8e0d1c3b5a79e2f4d6c8b0a1e3f5\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cli(t, "run", "--input", in, "--config", filepath.Join(in, "prevalence.yaml"), "--key-file", key, "--out", out, "--publish", pub, "--quiet")
	for _, a := range []string{"research", "programme", "advocacy"} {
		cli(t, "report", out, "--for", a)
	}
	m, err := release.ReadManifest(out)
	if err != nil {
		t.Fatal(err)
	}
	if release.AudienceOf(release.ManifestName) != release.ForOrganisation {
		t.Errorf("%s is for %s: its notices' counts are exact", release.ManifestName, release.AudienceOf(release.ManifestName))
	}
	phrases, runs := noticeWords(m.Notices)
	if len(phrases) < 3 {
		t.Fatalf("the synth release's notices give %d count(s) 1-9 (%v): it no longer tests what this test is for", len(phrases), phrases)
	}

	// The scan finds a notice written into a file for everyone (so that it can fail).
	planted := filepath.Join(dir, "planted")
	if err := os.MkdirAll(planted, 0o700); err != nil {
		t.Fatal(err)
	}
	for i, n := range m.Notices {
		if ph, _ := noticeWords([]string{n}); len(ph) > 0 {
			if err := os.WriteFile(filepath.Join(planted, "brief.html"), []byte("<p>Of the records, <b>"+html.EscapeString(n)+"</b></p>"), 0o600); err != nil {
				t.Fatal(err)
			}
			if got := scanForNotices(t, planted, phrases, runs, nil); len(got) == 0 {
				t.Errorf("notice %d written into a report is not found by the scan: %q", i, n)
			}
			break
		}
	}

	scanned := 0
	for _, d := range []string{out, pub} {
		leaks := scanForNotices(t, d, phrases, runs, func(rel string) bool {
			if d == pub {
				return true // every file published is for everyone
			}
			// reports-AUDIENCE/ folders are for everyone or researchers (their own manifest)
			return release.AudienceOf(rel) != release.ForOrganisation
		})
		for _, l := range leaks {
			t.Errorf("%s: %s", d, l)
		}
		scanned++
	}
	for _, want := range []string{"tables/tables.json", "reports/brief.md", "reports/report.md", "protections.json", "cases/part-00000.parquet", "capture_histories.csv", "reports-research/report.html", "reports-advocacy/brief.md"} {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(want))); err != nil {
			t.Errorf("the release has no %s to scan: %v", want, err)
		}
	}
}

// noticeWords returns, from notices, each count 1-9 with the two words after it ("6 case
// record(s)", "1 of 728") and every run of eight words (numbers as #), both lower case.
func noticeWords(notices []string) (phrases, runs []string) {
	seen := map[string]bool{}
	for _, n := range notices {
		t := plainWords(n)
		for _, m := range countPhrase.FindAllStringSubmatch(t, -1) {
			if p := m[1]; !seen[p] {
				seen[p] = true
				phrases = append(phrases, p)
			}
		}
		w := strings.Fields(digits.ReplaceAllString(t, "#"))
		for i := 0; i+8 <= len(w); i++ {
			if r := strings.Join(w[i:i+8], " "); !seen[r] {
				seen[r] = true
				runs = append(runs, r)
			}
		}
	}
	return phrases, runs
}

var (
	countPhrase = regexp.MustCompile(`(?:^|[^\w.,])([1-9] [^\s]+ [^\s]+)`)
	digits      = regexp.MustCompile(`[0-9]+`)
	tags        = regexp.MustCompile(`<[^>]*>`)
)

// plainWords is s without HTML tags and entities, lower case, with single spaces.
func plainWords(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(html.UnescapeString(tags.ReplaceAllString(s, " ")))), " ")
}

// scanForNotices returns, for every file under dir that include accepts (nil: all), the
// notice phrases and runs of words it holds.
func scanForNotices(t *testing.T, dir string, phrases, runs []string, include func(rel string) bool) []string {
	t.Helper()
	var leaks []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if include != nil && !include(rel) {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		text := " " + plainWords(string(b)) + " "
		for _, ph := range phrases {
			if i := strings.Index(text, ph); i >= 0 && !isWordByte(text[i-1]) && (i+len(ph) == len(text) || !isWordByte(text[i+len(ph)])) {
				leaks = append(leaks, rel+" holds a notice's count: "+ph)
			}
		}
		w := strings.Join(strings.Fields(digits.ReplaceAllString(text, "#")), " ")
		for _, r := range runs {
			if strings.Contains(w, r) {
				leaks = append(leaks, rel+" holds a notice's words: "+r)
				break
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return leaks
}

func isWordByte(c byte) bool {
	return c == '.' || c == ',' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c == '_'
}
