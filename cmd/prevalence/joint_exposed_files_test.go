package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/synth"
)

// TestJointExposedFilesForEveryone is attack-2026-12-04d finding R15 from the command line: a
// correction written over the release (synth 3,000 seed 1, protection_width 8; then the Cambodian organisation's
// case export keeping only its records registered from October 2024) ends its joint audit with
// counts exposed, and run --publish refuses it (exit 1), naming them (tables.joint_exposed). The
// release stays written in its folder, its tables, reports and brief for everyone among them:
// none of them may print a count the refusal names (privacy-side-doors25, task 3), each of
// which is withheld in every table file for everyone that has its row, CSV and Parquet, and the reports' head
// says why the release is not to be published, as the refusal does (audited together, counts
// left exposed); protections.json and the public files name none of them.
func TestJointExposedFilesForEveryone(t *testing.T) {
	if testing.Short() {
		t.Skip("two runs of 3,000 synthetic cases")
	}
	t.Setenv("PREVALENCE_KEY", "5c890e35ef25270b59d3b7df0fa649a29e98aa596ff0cf95f64d18405b62f047") // a test key, not a secret one
	dir := t.TempDir()
	s3, sK := filepath.Join(dir, "s3"), filepath.Join(dir, "sK")
	r3, rU, pU := filepath.Join(dir, "r3"), filepath.Join(dir, "rU"), filepath.Join(dir, "pU")
	do := func(want int, args ...string) string {
		t.Helper()
		var o, e bytes.Buffer
		if code := run(context.Background(), args, strings.NewReader(""), &o, &e); code != want {
			t.Fatalf("%v: exit %d, want %d:\n%s", args, code, want, e.String())
		}
		return o.String() + e.String()
	}
	do(0, "synth", "--out", s3, "--rows", "3000", "--seed", "1")
	// The widest protection range threshold 10 allows (8, DefaultWidth's 5 otherwise): with the
	// decoys and the joint walk's grand totals as its last resort (issue 16 F1), the default
	// range's audit of this correction settles; at 8 it ends with Bamyan's total exposed.
	cfg := filepath.Join(s3, synth.ConfigFile)
	y, err := os.ReadFile(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, append([]byte("protection_width: 8\n"), y...), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := copyDir(s3, sK); err != nil {
		t.Fatal(err)
	}
	// The Cambodian organisation's older records withdrawn (the tester's sK2024-10-01).
	b, err := os.ReadFile(filepath.Join(s3, synth.CambodianFile))
	if err != nil {
		t.Fatal(err)
	}
	var kept []byte
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec struct {
			Registered string `json:"registered"`
		}
		if json.Unmarshal(sc.Bytes(), &rec) == nil && rec.Registered >= "2024-10-01" {
			kept = append(append(kept, sc.Bytes()...), '\n')
		}
	}
	if err := os.WriteFile(filepath.Join(sK, synth.CambodianFile), kept, 0o600); err != nil {
		t.Fatal(err)
	}
	do(0, "run", "--input", s3, "--config", filepath.Join(s3, synth.ConfigFile), "--out", r3)
	if err := copyDir(r3, rU); err != nil {
		t.Fatal(err)
	}
	refusal := do(1, "run", "--input", sK, "--config", filepath.Join(sK, synth.ConfigFile), "--out", rU, "--publish", pU)
	m, err := release.ReadManifest(rU)
	if err != nil {
		t.Fatal(err)
	}
	exposed := m.Tables.JointExposed
	if len(exposed) == 0 || !m.NotToBePublished() || !strings.Contains(refusal, "not published to") {
		t.Fatalf("joint_exposed %q: want the correction's joint audit to end exposed and the release refused (R15); the run said:\n%s", exposed, refusal)
	}
	for _, name := range exposed {
		if !strings.Contains(refusal, name) {
			t.Errorf("the refusal does not name %q", name)
		}
	}
	// One account in the notice and the error (attack-2026-12-05a's low): audited together,
	// in rounds, and the audit ended with counts exposed; never "not audited together".
	if strings.Contains(refusal, "not audited together") || !strings.Contains(refusal, "the protected tables were audited together with those of") ||
		!strings.Contains(refusal, "its tables were audited together with those of the release it replaces") {
		t.Errorf("the run's notice and its refusal do not both say the tables were audited together and the audit ended exposed:\n%s", refusal)
	}
	if _, err := os.Stat(pU); err == nil {
		if des, _ := os.ReadDir(pU); len(des) > 0 {
			t.Errorf("the refused release was published to pU (%d entries)", len(des))
		}
	}

	// The files for everyone the release holds.
	var public []string
	for _, o := range m.Outputs {
		if release.AudienceOf(o.Path) == release.ForEveryone {
			public = append(public, o.Path)
		}
	}
	read := func(rel string) []byte {
		b, err := os.ReadFile(filepath.Join(rU, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	// Each named count of a printed table: withheld (no value, a flag) in every CSV file for
	// everyone of that table (tables/, reports/tables/, the reports' headline copies), and
	// null with a status other than published in its Parquet file for everyone
	// (privacy-side-doors25, left: the Parquet tables were not read).
	inPrinted, parquets := 0, 0
	for _, name := range exposed {
		parts := strings.Split(name, " / ")
		table, labels, col := parts[0], parts[1:len(parts)-1], parts[len(parts)-1]
		files := 0
		for _, rel := range public {
			var rows [][]string
			var err error
			flag := col + "_flag"
			switch filepath.Base(rel) {
			case table + ".csv":
				rows, err = csv.NewReader(bytes.NewReader(read(rel))).ReadAll()
			case table + ".parquet":
				rows, err = parquetTableRows(filepath.Join(rU, filepath.FromSlash(rel)))
				flag = col + "_status"
				parquets++
			default:
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", rel, err)
			}
			ci, fi := slices.Index(rows[0], col), slices.Index(rows[0], flag)
			if ci < 0 || fi < 0 {
				t.Errorf("%s: no column %s and %s", rel, col, flag)
				continue
			}
			files++
			found := false
			for _, r := range rows[1:] {
				if !labelled(r[:ci], labels) {
					continue
				}
				found = true
				if r[ci] != "" || r[fi] == "" || r[fi] == "published" {
					t.Errorf("%s, row %q: %s is printed (%q, %s %q), though the refusal names it exposed", rel, labels, col, r[ci], flag, r[fi])
				}
			}
			if !found {
				t.Errorf("%s: no row %q", rel, labels)
			}
		}
		if files > 0 {
			inPrinted++
		}
	}
	if parquets == 0 {
		t.Errorf("no Parquet file for everyone of a table joint_exposed %q names: the test reads none", exposed)
	}
	// The Parquet tables read as their CSV files do: every column of both but the flags holds
	// the same cells (a value printed in one is printed in the other; shares as numbers).
	for _, rel := range public {
		stem, ok := strings.CutSuffix(rel, ".parquet")
		if !ok || !strings.HasPrefix(rel, "tables/") || !slices.Contains(public, stem+".csv") {
			continue
		}
		pq, err := parquetTableRows(filepath.Join(rU, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		cs, err := csv.NewReader(bytes.NewReader(read(stem + ".csv"))).ReadAll()
		if err != nil || len(cs) != len(pq) {
			t.Errorf("%s: %d rows, its CSV file %d (%v)", rel, len(pq), len(cs), err)
			continue
		}
		for c, col := range cs[0] {
			pc := slices.Index(pq[0], col)
			if strings.HasSuffix(col, "_flag") {
				continue
			}
			if pc < 0 {
				continue // the names beside the codes ("Cambodia" beside "KH"): the CSV file's only
			}
			for i := 1; i < len(cs); i++ {
				if !sameCell(cs[i][c], pq[i][pc]) {
					t.Errorf("%s, row %d, %s: %q, its CSV file %q", rel, i, col, pq[i][pc], cs[i][c])
				}
			}
		}
	}
	if inPrinted == 0 {
		t.Errorf("none of joint_exposed %q is a count of a table for everyone: the test checks nothing", exposed)
	}
	// The refusal's words are the tables' own (table / labels / column): each label is one the
	// tables for everyone print, a hidden table's too, so it quotes no value they withhold.
	printed := map[string]bool{}
	for _, rel := range public {
		if strings.HasPrefix(rel, "tables/") && strings.HasSuffix(rel, ".csv") {
			rows, err := csv.NewReader(bytes.NewReader(read(rel))).ReadAll()
			if err != nil {
				t.Fatalf("%s: %v", rel, err)
			}
			for _, r := range rows {
				for _, c := range r {
					printed[c] = true
				}
			}
		}
	}
	for _, name := range exposed {
		parts := strings.Split(name, " / ")
		for _, l := range parts[1:] {
			if !printed[l] {
				t.Errorf("the refusal names %q (of %q), which no table for everyone prints", l, name)
			}
		}
	}
	// No file for everyone names a count the refusal names, nor the manifest's field.
	for _, rel := range public {
		d := string(read(rel))
		for _, name := range exposed {
			if strings.Contains(d, name) {
				t.Errorf("%s names %q", rel, name)
			}
		}
		if strings.Contains(d, "joint_exposed") {
			t.Errorf("%s names tables.joint_exposed", rel)
		}
	}
	var st struct {
		Previous bool `json:"audited_with_previous_release"`
	}
	if err := json.Unmarshal(read(release.ProtectionsFile), &st); err != nil || st.Previous {
		t.Errorf("protections.json: %v, audited_with_previous_release %v: want false", err, st.Previous)
	}
	// The reports' head says the release is not to be published, and why, as the refusal.
	for _, rel := range []string{"reports/brief.md", "reports/report.md"} {
		d := string(read(rel))
		if !strings.Contains(d, "This release is not to be published") || !strings.Contains(d, "and that audit ended with counts that whoever holds both can place among fewer values") {
			t.Errorf("%s does not say at its head that its joint audit ended exposed", rel)
		}
	}
}

// sameCell reports whether a CSV file's cell and a Parquet file's are one value: the same text,
// or the same number written otherwise ("0.730" and "0.73").
func sameCell(a, b string) bool {
	if a == b {
		return true
	}
	x, errx := strconv.ParseFloat(a, 64)
	y, erry := strconv.ParseFloat(b, 64)
	return errx == nil && erry == nil && x == y
}

// labelled reports whether the row's label cells hold labels in order (the name columns
// beside the codes, "Cambodia" beside "KH", may stand between them).
func labelled(cells, labels []string) bool {
	i := 0
	for _, c := range cells {
		if i < len(labels) && c == labels[i] {
			i++
		}
	}
	return i == len(labels)
}

// TestPlaceholderReasonsNameNoWords: ing25's refusal of a placeholder code beside province
// names ("NK": not known, or North Kivu's code) and its quarantine reasons of a zero read as a
// province's numeric code and of NA/NaN read as a district quote only the placeholder, from
// their closed lists, never a case's value nor the file's name when it could be a child's
// (privacy-side-doors25, task 1): not in the error, the progress, or any file the run wrote
// (the quarantine list beside the release folder is the organisation's).
func TestPlaceholderReasonsNameNoWords(t *testing.T) {
	t.Setenv("PREVALENCE_KEY", "5c890e35ef25270b59d3b7df0fa649a29e98aa596ff0cf95f64d18405b62f047") // a test key, not a secret one
	dir := t.TempDir()
	const header = "case_id,full_name,phone,gender,age,registration_date,country_of_exploitation,province_of_exploitation,district_of_exploitation\n"
	var nk, zero bytes.Buffer
	nk.WriteString(header)
	zero.WriteString(header)
	for i := 1; i <= 30; i++ {
		row := func(country, province, district string) string {
			return fmt.Sprintf("CZ-0700123%d,Zarmina Canaryname%d,0700123456%d,female,14,2023-01-1%d,%s,%s,%s\n", i, i, i, i%10, country, province, district)
		}
		p := "Nord-Kivu"
		if i%4 == 0 {
			p = "NK"
		}
		nk.WriteString(row("CD", p, ""))
		switch i % 5 {
		case 0:
			zero.WriteString(row("PH", "0", ""))
		case 1:
			zero.WriteString(row("TH", "TH-55", "NaN"))
		default:
			zero.WriteString(row("TH", "TH-55", "Pua"))
		}
	}
	for i, c := range []struct {
		file, text string
		want       []string
	}{
		{"Zarmina Canaryfile intake.csv", nk.String(), []string{`input 1: column "province_of_exploitation"`, `rows give "NK"`}},
		{"Zarmina Canaryfile two.csv", zero.String(), []string{"a zero or a negative number", `spelled "NaN" here`}},
	} {
		in := filepath.Join(dir, c.file)
		if err := os.WriteFile(in, []byte(c.text), 0o600); err != nil {
			t.Fatal(err)
		}
		var o, e bytes.Buffer
		code := run(context.Background(), []string{"run", "--input", in, "--out", filepath.Join(dir, fmt.Sprintf("rel%d", i))}, strings.NewReader(""), &o, &e)
		said := o.String() + e.String()
		if code == 0 {
			t.Errorf("%s: exit 0, want the input refused", c.file)
		}
		for _, w := range c.want {
			if !strings.Contains(said, w) {
				t.Errorf("%s: %q not said:\n%s", c.file, w, said)
			}
		}
		words := []string{"Zarmina", "Canary", "0700123", "CZ-"}
		for _, w := range words {
			if strings.Contains(said, w) {
				t.Errorf("%s: the run says %q:\n%s", c.file, w, said)
			}
		}
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), "Zarmina Canaryfile") {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for _, w := range words {
				if bytes.Contains(b, []byte(w)) {
					t.Errorf("%s: %s holds %q", c.file, p, w)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "rel1.quarantine.csv")); err != nil {
		t.Errorf("no quarantine list of the second input beside its release folder: %v", err)
	}
}
