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

// TestSkippedPageNoOrganisationNotice: the pages of a paged API answer saved one file each are
// read with the first page, and the others are skipped inputs. Only the input read is asked
// for its organisation's name: a skipped page gave no records to name (ingest-exactness15,
// noticed), so it gets no "no organisation named" notice.
func TestSkippedPageNoOrganisationNotice(t *testing.T) {
	dir := t.TempDir()
	const per, pages = 20, 3
	total := per * pages
	base := "https://kf.example.org/api/v2/assets/aXyZ/data/?format=json&limit=20"
	var files []string
	for p := range pages {
		var b strings.Builder
		next := "null"
		if p < pages-1 {
			next = fmt.Sprintf("%q", fmt.Sprintf("%s&start=%d", base, (p+1)*per))
		}
		prev := "null"
		if p == 1 {
			prev = fmt.Sprintf("%q", base)
		} else if p > 1 {
			prev = fmt.Sprintf("%q", fmt.Sprintf("%s&start=%d", base, (p-1)*per))
		}
		fmt.Fprintf(&b, `{"count": %d, "next": %s, "previous": %s, "results": [`, total, next, prev)
		for i := range per {
			n := p*per + i
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, `{"case_id": "P-%d", "sex": %q, "age": %d, "registration_date": "2024-03-%02d", "country_of_exploitation": "AF", "province_of_exploitation": "Herat", "trafficking_status": "actual"}`,
				n+1, []string{"female", "male"}[n%2], 10+n%5, 1+n%28)
		}
		b.WriteString("]}")
		name := filepath.Join(dir, fmt.Sprintf("page%d.json", p+1))
		if err := os.WriteFile(name, []byte(b.String()), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, name)
	}
	cfg, err := pipeline.ParseConfig("t", []byte("k: 2\n"))
	if err != nil {
		t.Fatal(err)
	}
	var in []pipeline.Input
	for _, f := range files {
		in = append(in, pipeline.Input{Name: f})
	}
	m, err := pipeline.Run(context.Background(), in, cfg, pipeline.Options{Out: filepath.Join(t.TempDir(), "rel"), Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	var asked []string
	skipped := 0
	for _, n := range m.Notices {
		if strings.Contains(n, "no organisation named for its records") {
			asked = append(asked, n)
		}
		if strings.Contains(n, "read with the answer's first page") {
			skipped++
		}
	}
	if skipped != 2 {
		t.Fatalf("want the two later pages skipped with a notice each, got %d; notices: %q", skipped, m.Notices)
	}
	if len(asked) != 1 || !strings.HasPrefix(asked[0], files[0]+":") {
		t.Errorf("want one \"no organisation named\" notice, for %s only; got %q", files[0], asked)
	}
}
