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

// queryIn runs query with args and returns its exit code, stdout and stderr.
func queryIn(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(context.Background(), append([]string{"query"}, args...), nil, &out, &errb)
	return code, out.String(), errb.String()
}

// The folder run --publish writes (the files for everyone: no manifest, no microdata) answers
// the named tables that the protected tables answer, as the release does: the advocates and
// programme leads who receive it run README's worked examples on it (attack-2026-12-02a
// finding 10). What only the microdata answers (--by, SQL, a named table without its protected
// table) is refused, saying so.
func TestQueryPublishedFolder(t *testing.T) {
	demo, _, err := demoRelease()
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	rel, pub := filepath.Join(tmp, "rel"), filepath.Join(tmp, "pub")
	if err := copyDir(demo, rel); err != nil {
		t.Fatal(err)
	}
	m, err := release.ReadManifest(rel)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := publish(m, rel, pub); err != nil {
		t.Fatal(err)
	}
	// What the published folder knows of the late organisations: protections.json names
	// neither where one works nor which begin late (the manifest's late_organisations), so its
	// centre-gaps answers as the release without them, and says so (the release's own answer
	// counts each late organisation's provinces from its start: the demo's Cambodian ones).
	noLate := filepath.Join(tmp, "nolate")
	if err := copyDir(rel, noLate); err != nil {
		t.Fatal(err)
	}
	if len(m.Late) == 0 {
		t.Fatalf("the demo's manifest lists no late organisation: the centre-gaps comparison below tests nothing")
	}
	nm := *m
	nm.Late = nil
	if b, err := json.Marshal(nm); err != nil {
		t.Fatal(err)
	} else if err := os.WriteFile(filepath.Join(noLate, release.ManifestName), b, 0o600); err != nil {
		t.Fatal(err)
	}
	pop, err := filepath.Abs("../../analysis/testdata/population-demo.csv")
	if err != nil {
		t.Fatal(err)
	}
	same := func(args ...string) string {
		t.Helper()
		rc, rout, rerr := queryIn(append([]string{rel}, args...)...)
		pc, pout, perr := queryIn(append([]string{pub}, args...)...)
		switch {
		case rc != 0:
			t.Errorf("query rel %v: exit %d: %s", args, rc, rerr)
		case pc != 0:
			t.Errorf("query pub %v: exit %d: %s", args, pc, perr)
		case len(args) > 1 && args[1] == "centre-gaps":
			// the release's table without its late organisations, and a note that the folder
			// guesses the late organisation's provinces (protections.json does not name them:
			// issue-16-shares30.md)
			nc, nout, nerr := queryIn(append([]string{noLate}, args...)...)
			if nc != 0 || !strings.HasPrefix(pout, nout) || perr != nerr || !strings.Contains(pout[len(nout):], "a published folder does not say in which provinces") {
				t.Errorf("query %v: the published folder answers otherwise than the release without its late organisations (exit %d):\n%s%s\nrelease without them:\n%s%s", args, nc, pout, perr, nout, nerr)
			}
			if rout == nout {
				t.Errorf("query %v: the release's late organisations move nothing in the demo: the comparison tests nothing", args)
			}
		case pout != rout || perr != rerr:
			t.Errorf("query %v: the published folder answers otherwise than the release:\n%s%s\nrelease:\n%s%s", args, pout, perr, rout, rerr)
		}
		return pout
	}
	for _, args := range [][]string{
		{"--named", "headline"},
		{"--named", "prevalence-by-province", "--population", pop, "--format", "markdown"},
		{"--named", "girls-prevalence-by-province", "--format", "csv"},
		{"--named", "centre-gaps"}, // the centres kept in the folder
		{"--named", "boys-by-province", "--format", "json"},
		{"--named", "trends-by-province"},
		{"--named", "follow-up"},
	} {
		same(args...)
	}
	whole := same("--named", "trends")

	// The year the inputs do not cover whole: the manifest's, and protections.json's in a
	// published folder (which has no manifest).
	m.Partial = &release.PartialYear{Year: 2025, Why: "the release was made before the end of 2025"}
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	st, err := release.ProtectionsJSON(m)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(st, []byte(`"partial_year"`)) {
		t.Errorf("protections.json does not state the partial year:\n%s", st)
	}
	for f, data := range map[string][]byte{filepath.Join(rel, release.ManifestName): b, filepath.Join(pub, release.ProtectionsFile): st} {
		if err := os.WriteFile(f, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if partial := same("--named", "trends"); partial == whole {
		t.Errorf("trends with 2025 partial are those of a whole 2025:\n%s", partial)
	}

	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{pub, "--by", "province"}, exitUsage, "is a published folder (the protected tables for everyone, without the k-anonymous microdata): --by counts the microdata"},
		{[]string{pub, "SELECT count(*) FROM cases"}, exitUsage, "SQL counts the microdata, which only the release folder holds"},
		{[]string{pub, "--named", "minors-military-by-province-year"}, exitError, "is a published folder: --named minors-military-by-province-year is counted from the k-anonymous microdata"},
		{[]string{filepath.Join(tmp, "neither"), "--named", "headline"}, exitError, "nor a folder written by run --publish"},
	} {
		if c.args[0] == filepath.Join(tmp, "neither") {
			if err := os.MkdirAll(c.args[0], 0o700); err != nil {
				t.Fatal(err)
			}
		}
		code, out, errs := queryIn(c.args...)
		if code != c.code || out != "" || !strings.Contains(errs, c.want) {
			t.Errorf("query %v: exit %d, stdout %q, stderr %q; want exit %d and %q", c.args[1:], code, out, errs, c.code, c.want)
		}
	}
	code, out, _ := queryIn(pub, "--list")
	if code != 0 || !strings.Contains(out, "minors-military-by-province-year   Minors in forced military service by province of exploitation and year, with 95% intervals [not in a published folder") || strings.Count(out, "[not in a published folder") != 1 {
		t.Errorf("query pub --list: exit %d, marks:\n%s", code, out)
	}
}
