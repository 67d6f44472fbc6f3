package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
)

// TestAnonymizeTableGuard (privacy-side-doors15, item 2): `prevalence anonymize` wrote a table
// over its earlier release with no differencing guard: a row added between the two (a person
// of 30 from Pune with a diagnosis no one of her class had) joined a class of k or more, and
// whoever compared the releases saw her row, diagnosis and all, alone. The guard now withholds
// her row; a column only the new table has is left out of the comparison; another table's
// release in the folder is refused with nothing written; allow_differencing writes over it.
func TestAnonymizeTableGuard(t *testing.T) {
	dir := t.TempDir()
	table := func(name string, extra string, rows int, more ...string) string {
		var b strings.Builder
		b.WriteString("name,age,city,diagnosis" + extra + "\n")
		diagnoses := []string{"asthma", "malaria", "tb"}
		for i := range rows {
			fmt.Fprintf(&b, "P%d,%d,%s,%s", i, 20+10*(i%3), []string{"Pune", "Delhi"}[i/3%2], diagnoses[i/6%3])
			if extra != "" {
				b.WriteString(",x")
			}
			b.WriteString("\n")
		}
		for _, r := range more {
			b.WriteString(r + "\n")
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(b.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	anonymize := func(in, out string, allow bool, keep ...string) (*release.Manifest, error) {
		cfg := pipeline.Defaults
		cfg.K, cfg.SuppressionLimit, cfg.AllowDifferencing = 2, 0.05, allow
		return pipeline.AnonymizeTable(context.Background(), pipeline.TableSpec{Input: in, QIs: []string{"age", "city"},
			Drop: []string{"name"}, Keep: append([]string{"diagnosis"}, keep...), Allow: append([]string{"diagnosis"}, keep...), Config: cfg},
			pipeline.Options{Out: out})
	}
	first := table("a.csv", "", 36)
	added := "P99,30,Pune,hiv" // her class (30, Pune) has 6 rows; no one of it has hiv
	second := table("b.csv", "", 36, added)

	t.Run("a row added", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "rel")
		if _, err := anonymize(first, out, false); err != nil {
			t.Fatal(err)
		}
		before := releaseRows(t, out)
		m, err := anonymize(second, out, false)
		if err != nil {
			t.Fatal(err)
		}
		if m.Counts.Withheld != 1 || m.Counts.Written != 36 || !m.Counts.Balanced() {
			t.Errorf("counts %+v: her row should be withheld, the 36 others written", m.Counts)
		}
		if !slices.ContainsFunc(m.Notices, func(n string) bool { return strings.Contains(n, "1 rows withheld for differencing") }) {
			t.Errorf("no notice of the row withheld: %q", m.Notices)
		}
		guardHeld(t, before, releaseRows(t, out), 2)
		checked(t, out).Close()
	})

	t.Run("a column added", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "rel")
		if _, err := anonymize(first, out, false); err != nil {
			t.Fatal(err)
		}
		m, err := anonymize(table("c.csv", ",ward", 36, added+",x"), out, false, "ward")
		if err != nil {
			t.Fatal(err)
		}
		if m.Counts.Withheld != 1 {
			t.Errorf("counts %+v: her row should be withheld", m.Counts)
		}
		if !slices.ContainsFunc(m.Notices, func(n string) bool {
			return strings.Contains(n, "compared on the columns both releases hold: this release's ward not in the previous one")
		}) {
			t.Errorf("no notice of the columns compared on: %q", m.Notices)
		}
	})

	t.Run("another table", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "rel")
		if _, err := anonymize(first, out, false); err != nil {
			t.Fatal(err)
		}
		manifest, _ := os.ReadFile(filepath.Join(out, release.ManifestName))
		var b strings.Builder
		for i := range 36 {
			fmt.Fprintf(&b, "Q%d,%d,%s,d%d\n", i, 20+10*(i%3), []string{"Pune", "Delhi"}[i/3%2], i) // each row a kind of its own
		}
		other := table("d.csv", "", 0, strings.Split(strings.TrimSpace(b.String()), "\n")...)
		_, err := anonymize(other, out, false)
		if !errors.Is(err, pipeline.ErrDifferencing) {
			t.Fatalf("another table over the release: %v, want ErrDifferencing", err)
		}
		if now, _ := os.ReadFile(filepath.Join(out, release.ManifestName)); string(now) != string(manifest) {
			t.Error("the refused run replaced the previous release")
		}
		m, err := anonymize(other, out, true)
		if err != nil || m.Counts.Withheld != 0 {
			t.Errorf("allow_differencing: %v, counts %+v", err, m.Counts)
		}
	})
}
