package main

import (
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTamperedHoldFailsCheck (privacy-side-doors37, priv's task 3 of 7 Dec 22:54): a release
// whose manifest says its tables are held (the previous release's again, so that check
// --previous takes the previous release's own audit for both and solves no joint program)
// but whose tables are fresh ones, printed from the changed records (here: those of the same
// corrected input run with allow_differencing), fails check --previous by the hold's own
// finding (anonymize.AuditReleasesCarried: the held tables differ from the previous release's),
// as TestTamperedReleasesFailCheck's forgeries fail check. The genuine held release passes.
func TestTamperedHoldFailsCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("three runs of 300 synthetic cases")
	}
	dir := t.TempDir()
	prev := filepath.Join(dir, "previous")
	rel := heldAt11(t, dir, func(rel string) { copyTree(t, rel, prev) })
	if code, out, errb := prevalence(t, "check", rel, "--previous", prev); code != 0 || !strings.Contains(out, "held: this release publishes the previous release's tables again") {
		t.Fatalf("the genuine held release fails check --previous (exit %d): %s %s", code, out, errb)
	}
	// Fresh tables of the same records, as allow_differencing prints them.
	fresh := filepath.Join(dir, "fresh")
	copyTree(t, prev, fresh)
	cb, err := os.ReadFile(filepath.Join(dir, "raised.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	allow := filepath.Join(dir, "allow.yaml")
	if err := os.WriteFile(allow, append(cb, "\nallow_differencing: true\n"...), 0o600); err != nil {
		t.Fatal(err)
	}
	cli(t, "run", "--input", filepath.Join(dir, "in"), "--config", allow, "--out", fresh, "--quiet")
	// The forgery: the held release with the fresh tables, the manifest's hashes of them mended.
	forged := filepath.Join(dir, "forged")
	copyTree(t, rel, forged)
	if err := os.RemoveAll(filepath.Join(forged, "tables")); err != nil {
		t.Fatal(err)
	}
	copyTree(t, filepath.Join(fresh, "tables"), filepath.Join(forged, "tables"))
	var m map[string]any
	readJSON(t, filepath.Join(forged, "manifest.json"), &m)
	for _, o := range m["outputs"].([]any) {
		o := o.(map[string]any)
		if p := o["path"].(string); strings.HasPrefix(p, "tables/") {
			if b, err := os.ReadFile(filepath.Join(forged, p)); err == nil {
				o["sha256"] = fmt.Sprintf("%x", sha256.Sum256(b))
			}
		}
	}
	writeJSON(t, filepath.Join(forged, "manifest.json"), m)
	code, out, errb := prevalence(t, "check", forged, "--previous", prev)
	if code == 0 || !strings.Contains(out+errb, "the manifest says the previous release's tables are published again, unchanged (held), but ") {
		t.Errorf("a held release with fresh tables passes check --previous, or not by the hold (exit %d): %s %s", code, out, errb)
	}
}
