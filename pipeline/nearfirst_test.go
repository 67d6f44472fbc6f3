package pipeline_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/linkage"
	"github.com/prevalence/prevalence/pipeline"
)

// TestNearFirstWordNotice (linkage-merge25 zk's Left): two organisations whose exports both
// write the family name first without a comma (Khmer order: "Sok Dara"); 60 children of the
// first recorded by the second with the given name spelt otherwise (Dara, Dora): not linked,
// and the family-name near pairs see nothing (their last words differ). A notice of its own
// counts the pairs whose first words agree; with the given names alike (linked), none.
func TestNearFirstWordNotice(t *testing.T) {
	family := []string{"Sok", "Chan", "Kim", "Seng", "Heng", "Ly", "Chea", "Nguon", "Prak", "Touch"}
	given := []string{"Dara", "Sophea", "Bopha", "Visal", "Chenda", "Sokha", "Channa", "Malis", "Thida", "Kanha"}
	r := rand.New(rand.NewPCG(21, 8))
	type child struct {
		name, gender string
		born         time.Time
	}
	var kids []child
	for range 190 {
		kids = append(kids, child{family[r.IntN(len(family))] + " " + given[r.IntN(len(given))], []string{"female", "male"}[r.IntN(2)],
			time.Date(2008+r.IntN(8), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)})
	}
	dir := t.TempDir()
	write := func(name string, rows []child, respell bool) string {
		var b strings.Builder
		b.WriteString(linkHeader)
		for i, c := range rows {
			n := c.name
			if respell { // the given name (after the family name) spelt otherwise
				sp := strings.IndexByte(n, ' ')
				n = n[:sp+1] + strings.Replace(n[sp+1:], "a", "o", 1)
			}
			fmt.Fprintf(&b, "%s%d,%s,%s,%s,2023-03-%02d,KH,KH-12\n", name[:1], i+1, n, c.born.Format("2006-01-02"), c.gender, 1+i%20)
		}
		p := filepath.Join(dir, name+".csv")
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	key := linkage.Key(strings.Repeat("a test key, not a secret one. ", 2))
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit = 2, 0.5
	cfg.Sources = []ingest.Mapping{{Match: "a*.csv", Source: "Org A"}, {Match: "b*.csv", Source: "Org B"}}
	notice := regexp.MustCompile(`(\d+) pairs of two organisations' records are not linked but agree on gender, on the date of birth and on the name's first word, not its last`)
	a := write("a", kids[:150], false)
	told, linked := 0, 0
	for _, respell := range []bool{true, false} {
		b := write(fmt.Sprintf("b%v", respell), append(append([]child(nil), kids[:60]...), kids[150:]...), respell)
		m, err := pipeline.Run(context.Background(), []pipeline.Input{{Name: a}, {Name: b}}, cfg,
			pipeline.Options{Out: filepath.Join(dir, fmt.Sprintf("rel-%v", respell)), Now: testNow, Key: key})
		if err != nil {
			t.Fatal(err)
		}
		notices := strings.Join(m.Notices, "\n")
		got := notice.FindStringSubmatch(notices)
		switch {
		case respell && got == nil:
			t.Errorf("respelt: no notice of first words in\n%s", notices)
		case respell:
			told, _ = strconv.Atoi(got[1])
			// the births never compared are named (linkage-merge25 zn's Left): the 60th child's
			if !regexp.MustCompile(notice.String() + `.*Births on 1 January or 1 July`).MatchString(notices) {
				t.Errorf("respelt: the notice does not say that 1 January and 1 July births are not compared:\n%s", notices)
			}
			if m.Counts.Linked != 0 {
				t.Errorf("respelt: %d linked", m.Counts.Linked)
			}
		case got != nil:
			t.Errorf("alike: notice %q", got[0])
		default:
			linked = m.Counts.Linked
		}
	}
	// Every child linked when the names are alike (59 of the 60 here) is a pair told when they
	// are not.
	if told != linked || linked < 55 {
		t.Errorf("%d pairs told when respelt, %d linked when alike: want as many, 55 or more", told, linked)
	}
}
