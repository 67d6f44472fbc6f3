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

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o700)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o600)
	})
	if err != nil {
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
	cases := []struct {
		name   string
		forge  func(f *forger)
		expect string // what check finds without the key; "" when only the signature can tell
	}{
		{"k lowered to 1 over a Parquet that is not 5-anonymous", func(f *forger) {
			f.sql(unique)
			f.m.Privacy.K, f.m.Privacy.Model = 1, "1-anonymity"
		}, "claims k = 1, below k = 5"},
		{"k lowered with the recorded config lowered too", func(f *forger) {
			f.sql(unique)
			f.m.Privacy.K = 1
			f.m.Config["k"] = 1
		}, "not 5-anonymous"},
		{"province removed from the quasi-identifiers", func(f *forger) {
			f.sql(unique)
			f.m.Privacy.QuasiIdentifiers = slices.DeleteFunc(f.m.Privacy.QuasiIdentifiers, func(c string) bool { return c == "province_of_exploitation" })
		}, "province_of_exploitation is released but not protected"},
		{"identifier columns added under other names", func(f *forger) {
			f.sql(`SELECT *, 'Asha' AS child_name, '+93 700 000 000' AS whatsapp, DATE '2010-01-01' AS birth_date FROM cases`)
		}, "child_name, whose name is that of a direct identifier"},
		{"an unlisted extra part of the cases", func(f *forger) {
			b, _ := os.ReadFile(f.path(release.CasesFile))
			os.WriteFile(f.path("cases/part-00001.parquet"), b, 0o600)
		}, "cases/part-00001.parquet is not listed in the manifest"},
		{"table cells edited", func(f *forger) {
			p := f.path("reports/tables/cases-by-year.csv")
			b, _ := os.ReadFile(p)
			lines := strings.Split(string(b), "\n")
			lines[1] = lines[1][:strings.LastIndex(lines[1], ",")+1] + "3"
			os.WriteFile(p, []byte(strings.Join(lines, "\n")), 0o600)
		}, "reports/tables/cases-by-year.csv differs from the report this release renders"},
		{"protected table counts edited to 3, 1, 1, with its CSV", func(f *forger) {
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
			csv, _ := t.CSV()
			os.WriteFile(f.path(release.TablesDir+"/"+t.Name+".csv"), csv, 0o600)
		}, "small cells not suppressed"},
		{"a complementary suppression removed: a withheld (x) count published, with its CSV", func(f *forger) {
			publishSecondary(f)
		}, "complementary suppression is missing"},
		{"brief edited", func(f *forger) {
			p := f.path("reports/brief.md")
			b, _ := os.ReadFile(p)
			os.WriteFile(p, append(b, "\nMost victims are from one village.\n"...), 0o600)
		}, "reports/brief.md differs"},
		{"a reports folder slipped in", func(f *forger) {
			os.MkdirAll(f.path("reports-research"), 0o700)
			os.WriteFile(f.path("reports-research/report.md"), []byte("# made up\n"), 0o600)
		}, "reports-research: no manifest"},
		{"privacy.json and quarantine.csv deleted with their entries", func(f *forger) {
			f.dropOutput("privacy.json")
			f.dropOutput("quarantine.csv")
		}, "the manifest lists no quarantine.csv"},
		{"gender column dropped", func(f *forger) {
			f.sql(`SELECT * EXCLUDE (gender) FROM cases`)
		}, "gender that the manifest protects is missing"},
		{"counts edited", func(f *forger) {
			f.m.Counts.Quarantined, f.m.Counts.Read = 0, f.m.Counts.Read-f.m.Counts.Quarantined
		}, "per-input counts do not sum"},
		{"signature deleted", func(f *forger) {
			os.Remove(f.path(release.SignatureName))
		}, ""},
		{"re-signed with the forger's key", func(f *forger) {
			f.m.Notices = append(f.m.Notices, "a notice the organisation never wrote")
		}, ""},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(work, fmt.Sprint("forged", i))
			copyTree(t, orig, dir)
			m, err := release.ReadManifest(dir)
			if err != nil {
				t.Fatal(err)
			}
			f := &forger{t: t, dir: dir, m: m}
			tc.forge(f)
			f.fix()
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
			code, stdout, stderr = prevalence(t, "check", dir, "--config", config)
			if code != exitViolation || !strings.Contains(stderr, tc.expect) {
				t.Errorf("without the key: exit %d, want %d and %q: %s%s", code, exitViolation, tc.expect, stdout, stderr)
			}
		})
	}
}

// publishSecondary publishes a count that complementary suppression withheld: in a relation
// of the release's tables whose other counts are published but for one "<10" and the withheld
// one, it gives the withheld count the value that makes the "<10" count 5 (as a careless hand
// that knows the data would), and rewrites the table's CSV to match.
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
		csv, _ := t.CSV()
		os.WriteFile(f.path(release.TablesDir+"/"+t.Name+".csv"), csv, 0o600)
		return
	}
	f.t.Fatal("no relation with one <10 count and one withheld count: nothing to forge")
}
