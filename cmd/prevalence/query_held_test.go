package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/synth"
)

// TestQueryHeldThreshold (privacy-side-doors37, zy's Left): a held release folder (one girl's
// province corrected, the threshold raised from 10 to 11) publishes the previous release's
// tables, printed with threshold 10; query --named applied the configured 11 to them ("<11"
// beside a table that prints 10). The named queries counted from the protected tables take
// their threshold: over the held release they print what they printed over the previous one.
func TestQueryHeldThreshold(t *testing.T) {
	if testing.Short() {
		t.Skip("two runs of 300 synthetic cases")
	}
	names := []string{"trends-by-province", "prevalence-by-province", "cases-by-gender-age", "trends", "minors-by-form-and-gender"}
	before := map[string]string{}
	rel := heldAt11(t, t.TempDir(), func(rel string) {
		for _, n := range names {
			before[n] = cli(t, "query", rel, "--named", n)
		}
	})
	if m := cli(t, "query", rel, "SELECT 1"); m == "" {
		t.Fatal("no answer from the held release's microdata")
	}
	st, err := os.ReadFile(filepath.Join(rel, "protections.json"))
	if err != nil || !bytes.Contains(st, []byte("published again, unchanged (held)")) {
		t.Fatalf("the second release is not held (%v): %.300s", err, st)
	}
	for _, n := range names {
		got := cli(t, "query", rel, "--named", n)
		if strings.Contains(got, "<11") {
			t.Errorf("held at threshold 10: query --named %s says <11:\n%s", n, got)
		}
		if got != before[n] {
			t.Errorf("held: query --named %s over the held release is not what it was over the previous one:\n%s\nwas\n%s", n, got, before[n])
		}
	}
}

// TestReportHeldThreshold (privacy-side-doors37, priv's task 1): report over a held release
// whose threshold was raised from 10 to 11 renders the held tables with 10, as run did, but
// its folder's manifest.json (for everyone, with the reports) said "threshold": 11, the
// configured one, beside reports that print 10. It records the threshold the tables print
// with (release.Manifest.TablesThreshold), and check finds the folder true.
func TestReportHeldThreshold(t *testing.T) {
	if testing.Short() {
		t.Skip("two runs of 300 synthetic cases")
	}
	rel := heldAt11(t, t.TempDir(), func(string) {})
	sub := filepath.Join(rel, "reports-programme")
	cli(t, "report", rel, "--for", "programme", "--out", sub)
	b, err := os.ReadFile(filepath.Join(sub, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rm struct {
		Threshold int `json:"threshold"`
	}
	if err := json.Unmarshal(b, &rm); err != nil {
		t.Fatal(err)
	}
	if rm.Threshold != 10 {
		t.Errorf("the report folder of a release holding tables printed with threshold 10 says threshold %d", rm.Threshold)
	}
	md, err := os.ReadFile(filepath.Join(sub, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(md, []byte("<11")) || bytes.Contains(md, []byte("fewer than 11")) {
		t.Errorf("the held release's report says 11 beside tables printed with 10")
	}
	cli(t, "check", rel)
}

// heldAt11 writes synth's 300 cases (seed 1) under dir, runs them into dir/rel, hands that
// first release to first, then corrects one Herat girl's province to Khost and runs again into
// the same folder with small_cell_threshold raised from 10 to 11: the second release holds the
// first's tables, printed with threshold 10. It returns the release folder.
func heldAt11(t *testing.T, dir string, first func(rel string)) string {
	t.Helper()
	in := filepath.Join(dir, "in")
	if _, err := synth.Write(in, 300, 1); err != nil {
		t.Fatal(err)
	}
	rel := filepath.Join(dir, "rel")
	config := filepath.Join(in, synth.ConfigFile)
	cli(t, "run", "--input", in, "--config", config, "--out", rel, "--quiet")
	first(rel)
	p := filepath.Join(in, synth.AfghanFile)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(bytes.NewReader(b))
	cr.FieldsPerRecord = -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	h := recs[0]
	g, prov, upd := slices.Index(h, "gender"), slices.Index(h, "province_of_exploitation"), slices.Index(h, "updated_at")
	if g < 0 || prov < 0 || upd < 0 {
		t.Fatalf("synth's Afghan export lacks gender, province_of_exploitation or updated_at: %v", h)
	}
	corrected := false
	for _, r := range recs[1:] {
		if r[g] == "female" && r[prov] == "AF-HER" {
			r[prov], r[upd], corrected = "AF-KHO", "2026-01-10", true
			break
		}
	}
	if !corrected {
		t.Fatal("no girl in Herat to correct")
	}
	var w bytes.Buffer
	cw := csv.NewWriter(&w)
	cw.WriteAll(recs)
	if err := os.WriteFile(p, w.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	cb, err := os.ReadFile(config)
	if err != nil {
		t.Fatal(err)
	}
	raised := filepath.Join(dir, "raised.yaml")
	if err := os.WriteFile(raised, append(cb, "\nsmall_cell_threshold: 11\n"...), 0o600); err != nil {
		t.Fatal(err)
	}
	cli(t, "run", "--input", in, "--config", raised, "--out", rel, "--quiet")
	return rel
}

// TestQueryHeldMicrodata (privacy-side-doors37, priv's Left of 7 Dec 19:46): a held release
// whose previous release lacks an optional named table (labour-by-sector: written by an earlier
// version, its cells hidden in relations.json; minors-military-by-province-year: made by no
// run's config) answered query --named for it from this run's k-anonymous case file, beside the
// held tables, which keep this run's records back: a table meant for publication counted from
// the records the hold withholds. Under the hold it is refused, --list and the research report
// say so; the named tables the held tables answer print as over the previous release.
func TestQueryHeldMicrodata(t *testing.T) {
	if testing.Short() {
		t.Skip("two runs of 300 synthetic cases")
	}
	micro := []string{"labour-by-sector", "minors-military-by-province-year"}
	before := ""
	rel := heldAt11(t, t.TempDir(), func(rel string) {
		dropTable(t, rel, "labour-by-sector")
		list := cli(t, "query", rel, "--list")
		for _, n := range micro {
			cli(t, "query", rel, "--named", n) // counted from the case file, as before the hold
			if !strings.Contains(list, n+" ") || !regexp.MustCompile(regexp.QuoteMeta(n)+` .*\[from the k-anonymous microdata: `).MatchString(list) {
				t.Fatalf("the first release does not count %s from the case file:\n%s", n, list)
			}
		}
		before = cli(t, "query", rel, "--named", "cases-by-form")
	})
	st, err := os.ReadFile(filepath.Join(rel, "protections.json"))
	if err != nil || !bytes.Contains(st, []byte("published again, unchanged (held)")) {
		t.Fatalf("the second release is not held (%v): %.300s", err, st)
	}
	list := cli(t, "query", rel, "--list")
	for _, n := range micro {
		var out, errb bytes.Buffer
		code := run(context.Background(), []string{"query", rel, "--named", n}, strings.NewReader(""), &out, &errb)
		if code == 0 || out.Len() > 0 || !strings.Contains(errb.String(), "holds the previous release's tables again (held:") {
			t.Errorf("held: query --named %s: exit %d, %q; stderr %q", n, code, out.String(), errb.String())
		}
		if !regexp.MustCompile(regexp.QuoteMeta(n) + ` .*\[not answered while the release's tables are held: `).MatchString(list) {
			t.Errorf("held: query --list does not mark %s:\n%s", n, list)
		}
	}
	if got := cli(t, "query", rel, "--named", "cases-by-form"); got != before {
		t.Errorf("held: cases-by-form (from the held tables) is not what it was:\n%s\nwas\n%s", got, before)
	}
	md, err := os.ReadFile(filepath.Join(rel, "reports", "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(md, []byte("labour-by-sector and minors-military-by-province-year would count from the case file")) ||
		!bytes.Contains(md, []byte("(held), they are not answered")) {
		t.Errorf("held: the research report does not say the named tables from the case file are not answered")
	}
}

// dropTable makes rel's tables those of a version before table name: the table's files and
// its entries in tables.json and the manifest go, and relations.json keeps its cells as hidden
// ones (their counts unknown), after the published tables, as the audit writes hidden tables.
func dropTable(t *testing.T, rel, name string) {
	t.Helper()
	dir := filepath.Join(rel, "tables")
	var tables []map[string]any
	readJSON(t, filepath.Join(dir, "tables.json"), &tables)
	var dropped map[string]any
	tables = slices.DeleteFunc(tables, func(x map[string]any) bool {
		if x["name"] == name {
			dropped = x
		}
		return x["name"] == name
	})
	if dropped == nil {
		t.Fatalf("%s: no table %s", rel, name)
	}
	var rel2 map[string]any
	readJSON(t, filepath.Join(dir, "relations.json"), &rel2)
	var old []string
	for _, n := range rel2["tables"].([]any) {
		old = append(old, n.(string))
	}
	order := append(slices.DeleteFunc(slices.Clone(old), func(n string) bool { return n == name }), name)
	for _, kind := range []string{"equal", "at_most", "may_be_zero"} {
		es, _ := rel2[kind].([]any)
		for _, e := range es {
			var cells []any
			if m, ok := e.(map[string]any); ok {
				cells = append(append(cells, m["left"].([]any)...), m["right"].([]any)...)
			} else {
				cells = []any{e}
			}
			for _, c := range cells {
				c := c.([]any)
				c[0] = float64(slices.Index(order, old[int(c[0].(float64))]))
			}
		}
	}
	rel2["tables"] = order
	var rows []any
	for _, r := range dropped["rows"].([]any) {
		rows = append(rows, r.(map[string]any)["labels"])
	}
	rel2["hidden"] = append(rel2["hidden"].([]any), map[string]any{"name": name, "rows": rows, "counts": dropped["counts"]})
	writeJSON(t, filepath.Join(dir, "tables.json"), tables)
	writeJSON(t, filepath.Join(dir, "relations.json"), rel2)
	for _, ext := range []string{".csv", ".parquet"} {
		if err := os.Remove(filepath.Join(dir, name+ext)); err != nil {
			t.Fatal(err)
		}
	}
	var m map[string]any
	readJSON(t, filepath.Join(rel, "manifest.json"), &m)
	outs := slices.DeleteFunc(m["outputs"].([]any), func(o any) bool {
		return strings.HasPrefix(o.(map[string]any)["path"].(string), "tables/"+name+".")
	})
	for _, o := range outs {
		o := o.(map[string]any)
		if p := o["path"].(string); p == "tables/tables.json" || p == "tables/relations.json" {
			b, err := os.ReadFile(filepath.Join(rel, p))
			if err != nil {
				t.Fatal(err)
			}
			o["sha256"] = fmt.Sprintf("%x", sha256.Sum256(b))
		}
	}
	m["outputs"] = outs
	if tp, ok := m["tables"].(map[string]any); ok {
		if names, ok := tp["tables"].([]any); ok {
			tp["tables"] = slices.DeleteFunc(names, func(n any) bool { return n == name })
		}
	}
	writeJSON(t, filepath.Join(rel, "manifest.json"), m)
}

func readJSON(t *testing.T, p string, v any) {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", p, err)
	}
}

func writeJSON(t *testing.T, p string, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
}
