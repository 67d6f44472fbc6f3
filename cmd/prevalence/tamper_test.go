package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/synth"
)

// prevalence runs the command in-process and returns its exit code, stdout and stderr.
func prevalence(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// forger edits a copy of a signed release as an attacker with write access would, and then
// fixes what a careless check would catch: every hash and row count in the manifest.
type forger struct {
	t   *testing.T
	dir string
	m   *release.Manifest
}

func (f *forger) path(rel string) string { return filepath.Join(f.dir, filepath.FromSlash(rel)) }

// sql rewrites the cases Parquet through DuckDB: query reads the old file as cases.
func (f *forger) sql(query string) {
	f.t.Helper()
	db, err := sql.Open("duckdb", "")
	if err != nil {
		f.t.Fatal(err)
	}
	defer db.Close()
	old := f.path(release.CasesFile)
	tmp := old + ".new"
	q := strings.ReplaceAll(query, "cases", fmt.Sprintf("read_parquet('%s')", old))
	if _, err := db.Exec(fmt.Sprintf("COPY (%s) TO '%s' (FORMAT parquet)", q, tmp)); err != nil {
		f.t.Fatalf("forging the Parquet: %v", err)
	}
	if err := os.Rename(tmp, old); err != nil {
		f.t.Fatal(err)
	}
	// The forger lists the columns the Parquet now has.
	rows, err := db.Query(fmt.Sprintf("SELECT column_name FROM (DESCRIBE SELECT * FROM read_parquet('%s'))", old))
	if err != nil {
		f.t.Fatal(err)
	}
	defer rows.Close()
	f.m.Columns = nil
	for rows.Next() {
		var c string
		rows.Scan(&c)
		f.m.Columns = append(f.m.Columns, c)
	}
}

func (f *forger) dropOutput(rel string) {
	os.Remove(f.path(rel))
	f.m.Outputs = slices.DeleteFunc(f.m.Outputs, func(o release.Output) bool { return o.Path == rel })
}

// fix recomputes every hash in the manifest and writes it; the old signature stays.
func (f *forger) fix() {
	f.t.Helper()
	for i, o := range f.m.Outputs {
		sum, err := release.HashFile(f.path(o.Path))
		if err != nil {
			f.t.Fatal(err)
		}
		f.m.Outputs[i].SHA256 = sum
	}
	b, _ := json.MarshalIndent(f.m, "", "  ")
	if err := os.WriteFile(f.path(release.ManifestName), append(b, '\n'), 0o600); err != nil {
		f.t.Fatal(err)
	}
}

// copyTree is copyDir that fails the test.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	if err := copyDir(from, to); err != nil {
		t.Fatal(err)
	}
}

// TestTamperedReleasesFailCheck forges each kind of release an attacker (or a careless hand)
// could make from a signed one, fixing the manifest's hashes every time. With the
// organisation's public key, check exits 3 on every one. Without it, with the organisation's
// config, check still finds every forgery that changes what is published (expect), by
// recomputing it: only re-signing needs the key to be caught.
func TestTamperedReleasesFailCheck(t *testing.T) {
	work := t.TempDir()
	key := filepath.Join(work, "org.key")
	if code, _, stderr := prevalence(t, "keygen", "--out", key); code != 0 {
		t.Fatal(stderr)
	}
	orig := filepath.Join(work, "orig")
	if code, _, stderr := prevalence(t, "demo", "--quiet", "--out", orig, "--sign-key", key); code != 0 {
		t.Fatal(stderr)
	}
	cfgData, err := fs.ReadFile(synth.Demo, path.Join(synth.DemoDir, synth.ConfigFile))
	if err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(work, "org.yaml")
	os.WriteFile(config, cfgData, 0o600)
	if code, stdout, stderr := prevalence(t, "check", orig, "--key", key+".pub", "--config", config); code != 0 || !strings.Contains(stdout, "signature verified") {
		t.Fatalf("the genuine release fails its check: %s %s", stdout, stderr)
	}

	// A province value found once makes a class of one.
	const unique = `SELECT * EXCLUDE (rn) REPLACE (CASE WHEN rn = 1 THEN 'IN-ZZ' ELSE province_of_exploitation END AS province_of_exploitation)
		FROM (SELECT *, row_number() OVER () AS rn FROM cases)`
	// A second signed release, made with l-diversity, for the forgeries of l and of a
	// signature taken from another release.
	lcfg := filepath.Join(work, "org-l.yaml")
	os.WriteFile(lcfg, []byte(strings.Replace(string(cfgData), "\nk: 5\n", "\nk: 5\nsensitive: exploitation\nl: 2\n", 1)), 0o600)
	inputs := filepath.Join(work, "inputs")
	os.MkdirAll(inputs, 0o700)
	entries, _ := fs.ReadDir(synth.Demo, synth.DemoDir)
	for _, e := range entries {
		if n := e.Name(); n != synth.ConfigFile && n != "centres.csv" {
			b, _ := fs.ReadFile(synth.Demo, path.Join(synth.DemoDir, n))
			os.WriteFile(filepath.Join(inputs, n), b, 0o600)
		}
	}
	origL := filepath.Join(work, "orig-l")
	if code, _, stderr := prevalence(t, "run", "--quiet", "--config", lcfg, "--input", inputs, "--out", origL, "--sign-key", key); code != 0 {
		t.Fatal(stderr)
	}
	if code, stdout, stderr := prevalence(t, "check", origL, "--key", key+".pub", "--config", lcfg); code != 0 {
		t.Fatalf("the genuine l-diverse release fails its check: %s %s", stdout, stderr)
	}
	// A third, whose tables are rounded to 5: check cannot solve their relations
	// (rounded counts do not add up), but holds their claims and their rounding.
	rcfg := filepath.Join(work, "org-round.yaml")
	os.WriteFile(rcfg, []byte(strings.Replace(string(cfgData), "\nk: 5\n", "\nk: 5\nround_to: 5\n", 1)), 0o600)
	origRound := filepath.Join(work, "orig-round")
	if code, _, stderr := prevalence(t, "run", "--quiet", "--config", rcfg, "--input", inputs, "--out", origRound, "--sign-key", key); code != 0 {
		t.Fatal(stderr)
	}
	if code, stdout, stderr := prevalence(t, "check", origRound, "--key", key+".pub", "--config", rcfg); code != 0 {
		t.Fatalf("the genuine rounded release fails its check: %s %s", stdout, stderr)
	}
	// Genuine report folders, signed, in a copy of the release: the forgeries of report folders
	// start from it and leave the release's manifest as it is (nofix).
	withReports := filepath.Join(work, "orig-reports")
	copyTree(t, orig, withReports)
	for _, a := range []string{"advocacy", "research"} {
		if code, _, stderr := prevalence(t, "report", withReports, "--quiet", "--for", a, "--sign-key", key); code != 0 {
			t.Fatal(stderr)
		}
	}
	if code, stdout, stderr := prevalence(t, "check", withReports, "--key", key+".pub", "--config", config); code != 0 {
		t.Fatalf("the genuine report folders fail their check: %s %s", stdout, stderr)
	}
	otherReports := filepath.Join(work, "orig-l-reports")
	copyTree(t, origL, otherReports)
	if code, _, stderr := prevalence(t, "report", otherReports, "--quiet", "--for", "advocacy", "--sign-key", key); code != 0 {
		t.Fatal(stderr)
	}

	cases := []struct {
		name   string
		forge  func(f *forger)
		expect string // what check finds without the key; "" when only the signature can tell
		origin string // the release forged: orig unless set
		nofix  bool   // the forgery leaves the release's manifest alone
	}{
		{"k lowered to 1 over a Parquet that is not 5-anonymous", func(f *forger) {
			f.sql(unique)
			f.m.Privacy.K, f.m.Privacy.Model = 1, "1-anonymity"
		}, "claims k = 1, below k = 5", "", false},
		{"k lowered with the recorded config lowered too", func(f *forger) {
			f.sql(unique)
			f.m.Privacy.K = 1
			f.m.Config["k"] = 1
		}, "not 5-anonymous", "", false},
		{"province removed from the quasi-identifiers", func(f *forger) {
			f.sql(unique)
			f.m.Privacy.QuasiIdentifiers = slices.DeleteFunc(f.m.Privacy.QuasiIdentifiers, func(c string) bool { return c == "province_of_exploitation" })
		}, "province_of_exploitation is released but not protected", "", false},
		{"identifier columns added under other names", func(f *forger) {
			f.sql(`SELECT *, 'Asha' AS child_name, '+93 700 000 000' AS whatsapp, DATE '2010-01-01' AS birth_date FROM cases`)
		}, "child_name, whose name is that of a direct identifier", "", false},
		{"an unlisted extra part of the cases", func(f *forger) {
			b, _ := os.ReadFile(f.path(release.CasesFile))
			os.WriteFile(f.path("cases/part-00001.parquet"), b, 0o600)
		}, "cases/part-00001.parquet is not listed in the manifest", "", false},
		{"table cells edited", func(f *forger) {
			p := f.path("reports/tables/cases-by-year.csv")
			b, _ := os.ReadFile(p)
			lines := strings.Split(string(b), "\n")
			lines[1] = lines[1][:strings.LastIndex(lines[1], ",")+1] + "3"
			os.WriteFile(p, []byte(strings.Join(lines, "\n")), 0o600)
		}, "reports/tables/cases-by-year.csv differs from the report this release renders", "", false},
		{"protected table counts edited to 3, 1, 1, with its CSV and Parquet", func(f *forger) {
			ts, err := release.ReadTables(f.dir)
			if err != nil || len(ts) == 0 {
				f.t.Fatalf("no protected tables: %v", err)
			}
			t := ts[0]
			row := &t.Rows[len(t.Rows)-1]
			for i := range row.Values {
				row.Values[i], row.State[i] = []int64{3, 1, 1}[i%3], release.Published
			}
			row.Rounded = nil
			b, _ := json.Marshal(ts)
			os.WriteFile(f.path(release.TablesDir+"/"+release.TablesIndex), b, 0o600)
			writeTable(f, t)
		}, "small cells not suppressed", "", false},
		{"a complementary suppression removed: a withheld (x) count published, with its CSV and Parquet", func(f *forger) {
			publishSecondary(f)
		}, "complementary suppression is missing", "", false},
		{"brief edited", func(f *forger) {
			p := f.path("reports/brief.md")
			b, _ := os.ReadFile(p)
			os.WriteFile(p, append(b, "\nMost victims are from one village.\n"...), 0o600)
		}, "reports/brief.md differs", "", false},
		{"a reports folder slipped in", func(f *forger) {
			os.MkdirAll(f.path("reports-research"), 0o700)
			os.WriteFile(f.path("reports-research/report.md"), []byte("# made up\n"), 0o600)
		}, "reports-research: no manifest", "", false},
		{"the public statement of protections edited to claim k = 50", func(f *forger) {
			p := f.path(release.ProtectionsFile)
			b, _ := os.ReadFile(p)
			os.WriteFile(p, []byte(strings.Replace(string(b), `"k": 5,`, `"k": 50,`, 1)), 0o600)
		}, "protections.json differs from the protections the manifest states", "", false},
		{"privacy.json and quarantine.csv deleted with their entries", func(f *forger) {
			f.dropOutput("privacy.json")
			f.dropOutput("quarantine.csv")
		}, "the manifest lists no quarantine.csv", "", false},
		{"the capture histories (counts from 1 up) offered to everyone in the manifest", func(f *forger) {
			for i, o := range f.m.Outputs {
				if o.Path == release.CaptureHistoriesFile {
					f.m.Outputs[i].For = release.ForEveryone
				}
			}
		}, "the manifest says capture_histories.csv is for everyone: it is for researchers", "", false},
		{"gender column dropped", func(f *forger) {
			f.sql(`SELECT * EXCLUDE (gender) FROM cases`)
		}, "gender that the manifest protects is missing", "", false},
		{"counts edited", func(f *forger) {
			f.m.Counts.Quarantined, f.m.Counts.Read = 0, f.m.Counts.Read-f.m.Counts.Quarantined
		}, "per-input counts do not sum", "", false},
		{"an identifier under an innocent name, found by its content", func(f *forger) {
			f.sql(`SELECT *, '+93 7' || lpad(CAST((row_number() OVER ()) * 7919 % 100000000 AS VARCHAR), 8, '0') AS ref FROM cases`)
		}, "looks like an identifier", "", false},
		{"exact dates as a DATE column under an innocent name", func(f *forger) {
			f.sql(`SELECT *, DATE '2008-01-01' + CAST(row_number() OVER () % 3000 AS INTEGER) AS registered FROM cases`)
		}, "looks like an identifier", "", false},
		{"names hidden in a list column", func(f *forger) {
			f.sql(`SELECT *, ['Asha Devi', 'Meena Kumari'] AS tags FROM cases`)
		}, "of type VARCHAR[], which no release writes", "", false},
		{"an unlisted file in the tables folder", func(f *forger) {
			os.WriteFile(f.path("tables/notes.csv"), []byte("province,cases\nKabul,3\n"), 0o600)
		}, "tables/notes.csv is not listed in the manifest", "", false},
		{"a file beside the tables, listed", func(f *forger) {
			os.WriteFile(f.path("tables/extra.csv"), []byte("province,cases\nKabul,3\n"), 0o600)
			f.m.Outputs = append(f.m.Outputs, release.Output{Path: "tables/extra.csv", Rows: 1})
		}, "tables/extra.csv is not a table of tables/tables.json", "", false},
		{"an unlisted file in a new folder", func(f *forger) {
			os.MkdirAll(f.path("notes"), 0o700)
			os.WriteFile(f.path("notes/readme.txt"), []byte("names on request\n"), 0o600)
		}, "notes/readme.txt is not listed in the manifest", "", false},
		{"a protected table's cell edited in its CSV only", func(f *forger) {
			p := f.path("tables/cases-by-year.csv")
			b, _ := os.ReadFile(p)
			lines := strings.Split(string(b), "\n")
			lines[1] = lines[1][:strings.LastIndex(lines[1], ",")+1] + "12"
			os.WriteFile(p, []byte(strings.Join(lines, "\n")), 0o600)
		}, "tables/cases-by-year.csv differs from the table in tables.json", "", false},
		{"a protected table's cell edited in its Parquet only", func(f *forger) {
			ts, _ := release.ReadTables(f.dir)
			for _, t := range ts {
				if t.Name != "cases-by-year" {
					continue
				}
				t.Rows[0].Values[0] += 10
				t.Rows[0].State[0] = release.Published
				b, err := t.Parquet()
				if err != nil {
					f.t.Fatal(err)
				}
				os.WriteFile(f.path("tables/cases-by-year.parquet"), b, 0o600)
			}
		}, "tables/cases-by-year.parquet differs from the table in tables.json", "", false},
		{"a protected table renamed, with its entry", func(f *forger) {
			os.Rename(f.path("tables/cases-by-year.csv"), f.path("tables/cases-by-yr.csv"))
			for i := range f.m.Outputs {
				if f.m.Outputs[i].Path == "tables/cases-by-year.csv" {
					f.m.Outputs[i].Path = "tables/cases-by-yr.csv"
				}
			}
		}, "tables/cases-by-year.csv is missing", "", false},
		{"a protected table's Parquet deleted with its entry", func(f *forger) {
			f.dropOutput("tables/cases-by-year.parquet")
		}, "tables/cases-by-year.parquet is missing", "", false},
		{"the relations of the tables deleted with their entry", func(f *forger) {
			f.dropOutput("tables/relations.json")
		}, "no tables/relations.json", "", false},
		{"events_quarantine.csv deleted with its entry", func(f *forger) {
			f.dropOutput("events_quarantine.csv")
		}, "lists no events_quarantine.csv", "", false},
		{"the small-cell threshold lowered in the manifest and its recorded config", func(f *forger) {
			f.m.Privacy.SmallCellThreshold = 5
			f.m.Config["small_cell_threshold"] = 5
		}, "small-cell threshold of 5, below 10", "", false},
		{"a table's threshold lowered to publish a 7", func(f *forger) {
			ts, _ := release.ReadTables(f.dir)
			t := ts[0]
			t.Threshold = 5
			b, _ := json.Marshal(ts)
			os.WriteFile(f.path(release.TablesDir+"/"+release.TablesIndex), b, 0o600)
		}, "small-cell threshold 5, below 10", "", false},
		{"the protection range lowered", func(f *forger) {
			f.m.Tables.ProtectionWidth = 1
			f.m.Config["protection_width"] = 1
		}, "protection range of 1 for the tables, below 5", "", false},
		{"the reports folder edited: a table's JSON", func(f *forger) {
			p := f.path("reports/tables/cases-by-year.json")
			b, _ := os.ReadFile(p)
			os.WriteFile(p, bytes.Replace(b, []byte(`"title":`), []byte(`"title": "forged", "x":`), 1), 0o600)
		}, "reports/tables/cases-by-year.json differs", "", false},
		{"the reports folder edited: report.html", func(f *forger) {
			p := f.path("reports/report.html")
			b, _ := os.ReadFile(p)
			os.WriteFile(p, bytes.Replace(b, []byte("</body>"), []byte("<p>Most victims come from one village.</p></body>"), 1), 0o600)
		}, "reports/report.html differs", "", false},
		{"l lowered in the manifest and its recorded config", func(f *forger) {
			f.m.Privacy.L = 1
			f.m.Config["l"] = 0
		}, "claims l = 1, below l = 2", "l", false},
		{"the sensitive attribute removed", func(f *forger) {
			f.m.Privacy.Sensitive = nil
			f.m.Config["sensitive"] = ""
		}, "sensitive attribute [] is not", "l", false},
		{"a rounded table's count made exact again, with its CSV and Parquet", func(f *forger) {
			ts, _ := release.ReadTables(f.dir)
			for _, t := range ts {
				for ri := range t.Rows {
					row := &t.Rows[ri]
					for ci := range row.Values {
						if v, ok := t.Value(ri, ci); ok && v >= 20 {
							row.Values[ci], row.Rounded[ci] = v+2, v+2
							writeTable(f, t)
							b, _ := json.Marshal(ts)
							os.WriteFile(f.path(release.TablesDir+"/"+release.TablesIndex), b, 0o600)
							return
						}
					}
				}
			}
			f.t.Fatal("no published count of 20 or more")
		}, "not multiples of 5", "round", false},
		{"the rounding removed from the tables' claims", func(f *forger) {
			f.m.Tables.RoundTo = 0
			f.m.Config["round_to"] = 0
		}, "rounded to 0, not to 5", "round", false},
		{"the signature of another genuine release", func(f *forger) {
			b, _ := os.ReadFile(filepath.Join(origL, release.SignatureName))
			os.WriteFile(f.path(release.SignatureName), b, 0o600)
		}, "", "", true},
		{"a report folder renamed (advocacy passed off as public)", func(f *forger) {
			os.Rename(f.path("reports-advocacy"), f.path("reports-public"))
		}, "reports-public: its manifest says it was written as \"reports-advocacy\"", "reports", true},
		{"two report folders swapped", func(f *forger) {
			os.Rename(f.path("reports-advocacy"), f.path("reports-x"))
			os.Rename(f.path("reports-research"), f.path("reports-advocacy"))
			os.Rename(f.path("reports-x"), f.path("reports-research"))
		}, "the folder was renamed", "reports", true},
		{"a report folder's brief edited, its manifest's hashes fixed", func(f *forger) {
			p := f.path("reports-advocacy/brief.md")
			b, _ := os.ReadFile(p)
			os.WriteFile(p, append(b, "\nMost victims come from one village.\n"...), 0o600)
			var rm release.ReportManifest
			b, _ = os.ReadFile(f.path("reports-advocacy/manifest.json"))
			json.Unmarshal(b, &rm)
			var files []string
			for _, o := range rm.Files {
				files = append(files, o.Path)
			}
			release.WriteReportManifest(f.path("reports-advocacy"), &rm, files, 0o600)
		}, "reports-advocacy/brief.md differs", "reports", true},
		{"an unlisted file in a report folder", func(f *forger) {
			os.WriteFile(f.path("reports-research/tables/notes.csv"), []byte("a\n"), 0o600)
		}, "reports-research: tables/notes.csv is not listed in the folder's manifest", "reports", true},
		{"a signed report folder of another release", func(f *forger) {
			os.RemoveAll(f.path("reports-advocacy"))
			copyTree(f.t, filepath.Join(otherReports, "reports-advocacy"), f.path("reports-advocacy"))
		}, "rendered from another release", "reports", true},
		{"signature deleted", func(f *forger) {
			os.Remove(f.path(release.SignatureName))
		}, "", "", true},
		{"re-signed with the forger's key", func(f *forger) {
			f.m.Notices = append(f.m.Notices, "a notice the organisation never wrote")
		}, "", "", false},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(work, fmt.Sprint("forged", i))
			cfg := config
			switch tc.origin {
			case "":
				copyTree(t, orig, dir)
			case "l":
				copyTree(t, origL, dir)
				cfg = lcfg
			case "reports":
				copyTree(t, withReports, dir)
			case "round":
				copyTree(t, origRound, dir)
				cfg = rcfg
			}
			m, err := release.ReadManifest(dir)
			if err != nil {
				t.Fatal(err)
			}
			f := &forger{t: t, dir: dir, m: m}
			tc.forge(f)
			if !tc.nofix {
				f.fix()
			}
			if tc.name == "re-signed with the forger's key" {
				_, sk, _ := ed25519.GenerateKey(rand.Reader)
				if err := release.Sign(dir, sk, 0o600); err != nil {
					t.Fatal(err)
				}
			}
			code, stdout, stderr := prevalence(t, "check", dir, "--key", key+".pub")
			if code != exitViolation {
				t.Errorf("with the key: exit %d, want %d: %s%s", code, exitViolation, stdout, stderr)
			}
			if tc.expect == "" {
				return
			}
			code, stdout, stderr = prevalence(t, "check", dir, "--config", cfg)
			if code != exitViolation || !strings.Contains(stderr, tc.expect) {
				t.Errorf("without the key: exit %d, want %d and %q: %s%s", code, exitViolation, tc.expect, stdout, stderr)
			}
		})
	}
}

// publishSecondary publishes a count that complementary suppression withheld: in a relation
// of the release's tables whose other counts are published but for one "<10" and the withheld
// one, it gives the withheld count the value that makes the "<10" count 5 (as a careless hand
// that knows the data would), and rewrites the table's CSV and Parquet to match.
func publishSecondary(f *forger) {
	f.t.Helper()
	ts, err := release.ReadTables(f.dir)
	if err != nil {
		f.t.Fatal(err)
	}
	rel, err := release.ReadRelations(f.dir)
	if err != nil || rel == nil {
		f.t.Fatalf("no relations: %v", err)
	}
	all, err := rel.Resolve(ts)
	if err != nil {
		f.t.Fatal(err)
	}
	for _, e := range rel.Equal {
		var known int64
		var primary, secondary []release.CountRef
		var sp, sx int64
		ok := true
		for side, refs := range [][]release.CountRef{e.Left, e.Right} {
			sign := int64(1 - 2*side)
			for _, r := range refs {
				row := all[r[0]].Rows[r[1]]
				switch row.State[r[2]] {
				case release.Published:
					known += sign * row.Values[r[2]]
				case release.Primary:
					primary, sp = append(primary, r), sign
				case release.Secondary:
					secondary, sx = append(secondary, r), sign
				default:
					ok = false
				}
			}
		}
		if !ok || len(primary) != 1 || len(secondary) != 1 {
			continue
		}
		x := -(known + sp*5) * sx
		if x < 10 {
			continue
		}
		r := secondary[0]
		t := all[r[0]]
		t.Rows[r[1]].Values[r[2]], t.Rows[r[1]].State[r[2]] = x, release.Published
		b, _ := json.Marshal(ts)
		os.WriteFile(f.path(release.TablesDir+"/"+release.TablesIndex), b, 0o600)
		writeTable(f, t)
		return
	}
	f.t.Fatal("no relation with one <10 count and one withheld count: nothing to forge")
}

// writeTable rewrites a protected table's CSV and Parquet as the index now says, as a careful
// forger would.
func writeTable(f *forger, t *release.Table) {
	f.t.Helper()
	csv, err := t.CSV()
	if err != nil {
		f.t.Fatal(err)
	}
	pq, err := t.Parquet()
	if err != nil {
		f.t.Fatal(err)
	}
	os.WriteFile(f.path(release.TablesDir+"/"+t.Name+".csv"), csv, 0o600)
	os.WriteFile(f.path(release.TablesDir+"/"+t.Name+".parquet"), pq, 0o600)
}
