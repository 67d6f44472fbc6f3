package pipeline_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/pipeline"
)

// TestAnonymizeTableHeadersWithheld (privacy-side-doors35): `prevalence anonymize`'s refusals
// name a column whose header could be data (a child's name, a headerless table's first row) by
// its position, never by the header, as ingest's messages do; a header SafeLabel allows is
// quoted as before. On main each refusal printed the header as it was.
func TestAnonymizeTableHeadersWithheld(t *testing.T) {
	dir := t.TempDir()
	write := func(name, header string, row func(i int) string) string {
		var b strings.Builder
		b.WriteString(header + "\n")
		for i := range 30 {
			b.WriteString(row(i) + "\n")
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(b.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit = 2, 0.05
	run := func(in string, spec pipeline.TableSpec) error {
		spec.Input, spec.Config = in, cfg
		_, err := pipeline.AnonymizeTable(context.Background(), spec, pipeline.Options{Out: filepath.Join(dir, "rel-"+filepath.Base(in))})
		return err
	}
	names := []string{"Asha", "Rahul", "Zarmina", "Sokha"}
	for _, c := range []struct {
		name, header string
		row          func(i int) string
		spec         pipeline.TableSpec
		want         []string
	}{
		// a column named for a person of the case, unclassified
		{"unclassified", "age,city,contact_rahimullah", func(i int) string { return fmt.Sprintf("%d,%s,%d", 20+10*(i%3), []string{"Herat", "Kabul"}[i%2], i%2) },
			pipeline.TableSpec{QIs: []string{"age", "city"}}, []string{"unclassified columns column 3 (its name withheld)"}},
		// a headerless table: its first row is a person's, and the column of names is refused
		{"headerless", "34,Herat,Zarmina Ahmadi", func(i int) string {
			return fmt.Sprintf("%d,%s,%s", 20+10*(i%3), []string{"Herat", "Kabul"}[i%2], names[i%4])
		},
			pipeline.TableSpec{QIs: []string{"34", "Herat"}, Keep: []string{"Zarmina Ahmadi"}}, []string{"column 3 (its name withheld) looks like a name"}},
		// a name the user gave that the table lacks: the columns listed, the withheld by position
		{"missing", "age,city,Zarmina", func(i int) string { return fmt.Sprintf("%d,%s,%d", 20+10*(i%3), []string{"Herat", "Kabul"}[i%2], i%2) },
			pipeline.TableSpec{QIs: []string{"age", "province"}}, []string{`no column "province" (columns: "age", "city", column 3 (its name withheld))`}},
		// shown headers quoted as before
		{"shown", "age,city,contact", func(i int) string {
			return fmt.Sprintf("%d,%s,%s", 20+10*(i%3), []string{"Herat", "Kabul"}[i%2], names[i%4])
		},
			pipeline.TableSpec{QIs: []string{"age", "city"}, Keep: []string{"contact"}}, []string{`"contact" looks like a name`}},
	} {
		err := run(write(c.name+".csv", c.header, c.row), c.spec)
		if err == nil {
			t.Errorf("%s: no refusal", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %v, want %q", c.name, err, w)
			}
		}
		for _, n := range []string{"rahimullah", "zarmina", "ahmadi"} {
			if strings.Contains(strings.ToLower(err.Error()), n) {
				t.Errorf("%s: the refusal prints a header: %v", c.name, err)
			}
		}
	}
}
