package main

import (
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// workedExample is a README table that a query on the demo release prints: the comment names
// the query (after the release folder), the table rows follow it.
var workedExample = regexp.MustCompile(`(?m)^<!-- worked-example: query (.*) -->\n((?:\|.*\n)+)`)

// TestREADMEWorkedExample: the README's worked examples show what the demo really gives (one
// was stale: provinces and counts the demo no longer has, shares it withholds). Every row the
// README shows must be a line of the query's output on the demo release; a change of the demo
// that moves them fails here, with the lines to paste into the README.
func TestREADMEWorkedExample(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	examples := workedExample.FindAllStringSubmatch(string(readme), -1)
	if len(examples) == 0 {
		t.Fatal("the README has no worked example marked <!-- worked-example: query ... -->")
	}
	dir, _, err := demoRelease()
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range examples {
		args := []string{"query", dir}
		for _, a := range strings.Fields(ex[1]) {
			if p := filepath.Join("..", "..", a); !strings.HasPrefix(a, "-") && fileExists(p) {
				a = p // a file named relative to the repository's root
			}
			args = append(args, a)
		}
		code, stdout, stderr := prevalence(t, args...)
		if code != 0 {
			t.Fatalf("prevalence %s: exit %d: %s", ex[1], code, stderr)
		}
		out := map[string]bool{}
		for _, l := range strings.Split(stdout, "\n") {
			out[l] = true
		}
		for _, want := range strings.Split(strings.TrimSuffix(ex[2], "\n"), "\n") {
			if !out[want] {
				t.Errorf("the README's worked example (query %s) shows\n%s\nwhich the demo no longer prints; it prints:\n%s", ex[1], want, stdout)
				break
			}
		}
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// headlineComment is the README's advocate example: the headline query on the demo release,
// with the count and interval it prints in a comment.
var headlineComment = regexp.MustCompile(`query /tmp/d --named headline +# (\d+) cases, 95% CI (\d+)-(\d+)`)

// TestREADMEHeadline: the advocate's headline number in the README is what the demo prints
// (it was stale: 3312, 95% CI 3200-3427, where the demo printed 3314, 3202.12-3428.79;
// attack-2026-12-04a, lows), the interval's ends rounded to whole cases.
func TestREADMEHeadline(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := headlineComment.FindStringSubmatch(string(readme))
	if m == nil {
		t.Fatal("the README has no line 'query /tmp/d --named headline # N cases, 95% CI A-B'")
	}
	dir, _, err := demoRelease()
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := prevalence(t, "query", dir, "--named", "headline")
	if code != 0 {
		t.Fatalf("query --named headline: exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 2 {
		t.Fatalf("query --named headline printed %q, want a header and one row", stdout)
	}
	f := strings.Fields(lines[1])
	if len(f) != 3 {
		t.Fatalf("query --named headline printed %q, want cases, lower and upper", stdout)
	}
	round := func(s string) string {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		return strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	}
	if got := []string{f[0], round(f[1]), round(f[2])}; !slices.Equal(got, m[1:]) {
		t.Errorf("the README's headline says %s cases, 95%% CI %s-%s; the demo prints %s (%s-%s rounded)", m[1], m[2], m[3], f[0], got[1], got[2])
	}
}
