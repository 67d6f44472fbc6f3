package main

import (
	"os"
	"path/filepath"
	"regexp"
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
