package release_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/schema"
)

// record builds n release rows; gender alternates so that each class holds n/2 rows.
func record(n int) arrow.RecordBatch {
	b := array.NewRecordBuilder(memory.DefaultAllocator, schema.Release)
	defer b.Release()
	for i := 0; i < n; i++ {
		for j, f := range schema.Release.Fields() {
			switch fb := b.Field(j).(type) {
			case *array.StringBuilder:
				if f.Name == schema.Gender {
					fb.Append([]string{"female", "male"}[i%2])
				} else {
					fb.Append("*")
				}
			case *array.BooleanBuilder:
				fb.Append(i%3 == 0)
			}
		}
	}
	return b.NewRecordBatch()
}

func manifest(written int) *release.Manifest {
	return &release.Manifest{
		Tool: "prevalence", Version: "test",
		Counts:  release.Counts{Read: written + 3, Written: written, Quarantined: 2, Duplicates: 1},
		Inputs:  []release.Input{{Path: "in.csv", Rows: written + 3, Written: written, Quarantined: 2, Duplicates: 1}},
		Privacy: release.Privacy{K: 5, QuasiIdentifiers: []string{schema.Gender, schema.AgeBand}},
	}
}

func writeRelease(t *testing.T, dir string, rows int, m *release.Manifest) {
	t.Helper()
	w, err := release.Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	rec := record(rows)
	defer rec.Release()
	if err := w.WriteCases(rec); err != nil {
		t.Fatal(err)
	}
	if err := w.CloseCases(schema.Release); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteFile("reports/report.md", []byte("# report\n"), 0); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(m); err != nil {
		t.Fatal(err)
	}
}

func check(t *testing.T, dir string) []string {
	t.Helper()
	db, err := analysis.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	problems, err := release.Check(context.Background(), dir, db)
	if err != nil {
		t.Fatal(err)
	}
	return problems
}

func TestCheckPassesAndCatches(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "rel")
	writeRelease(t, dir, 20, manifest(20))
	if p := check(t, dir); len(p) != 0 {
		t.Fatalf("a fresh release fails its check: %v", p)
	}
	// Owner-only files by default.
	st, err := os.Stat(filepath.Join(dir, release.CasesFile))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("cases file mode %v, want 0600", st.Mode().Perm())
	}

	// An altered file.
	os.WriteFile(filepath.Join(dir, "reports/report.md"), []byte("# changed\n"), 0o600)
	if p := check(t, dir); !containsAny(p, "reports/report.md has changed") {
		t.Errorf("an altered report went unnoticed: %v", p)
	}

	// Classes smaller than k: 6 rows in two classes of 3 with k = 5.
	dir2 := filepath.Join(t.TempDir(), "rel")
	writeRelease(t, dir2, 6, manifest(6))
	if p := check(t, dir2); !containsAny(p, "not 5-anonymous") {
		t.Errorf("a release with classes of 3 passed k = 5: %v", p)
	}

	// Counts that do not add up, and a row count that differs.
	m := manifest(20)
	m.Counts.Read++
	dir3 := filepath.Join(t.TempDir(), "rel")
	writeRelease(t, dir3, 20, m)
	p := check(t, dir3)
	if !containsAny(p, "counts do not add up") || !containsAny(p, "per-input counts") {
		t.Errorf("unbalanced counts went unnoticed: %v", p)
	}
	// A repeated release: the differencing guard's rows are counted in the run's totals only.
	m = manifest(20)
	m.Counts.Read, m.Counts.Suppressed, m.Counts.Withheld = 27, 4, 3
	m.Inputs[0].Rows, m.Inputs[0].Suppressed = 27, 4
	dirW := filepath.Join(t.TempDir(), "rel")
	writeRelease(t, dirW, 20, m)
	if p := check(t, dirW); len(p) != 0 {
		t.Errorf("a release with rows withheld for differencing fails its check: %v", p)
	}
	m.Counts.Withheld = 5
	dirW2 := filepath.Join(t.TempDir(), "rel")
	writeRelease(t, dirW2, 20, m)
	if p := check(t, dirW2); !containsAny(p, "more rows withheld for differencing") {
		t.Errorf("more rows withheld than suppressed went unnoticed: %v", p)
	}
	m = manifest(19)
	dir4 := filepath.Join(t.TempDir(), "rel")
	writeRelease(t, dir4, 20, m)
	if p := check(t, dir4); !containsAny(p, "the cases hold 20 rows") {
		t.Errorf("a row count that differs went unnoticed: %v", p)
	}
}

func TestCommitReplacesAndAbortLeavesNothing(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "rel")
	writeRelease(t, dir, 10, manifest(10))
	writeRelease(t, dir, 12, manifest(12))
	m, err := release.ReadManifest(dir)
	if err != nil || m.Counts.Written != 12 {
		t.Fatalf("the second release did not replace the first: %v %+v", err, m)
	}
	w, err := release.Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	rec := record(5)
	w.WriteCases(rec)
	rec.Release()
	w.Abort()
	entries, _ := os.ReadDir(parent)
	for _, e := range entries {
		if e.Name() != "rel" && e.Name() != "rel.lock" {
			t.Errorf("after Abort the folder holds %s", e.Name())
		}
	}
	if m, _ := release.ReadManifest(dir); m == nil || m.Counts.Written != 12 {
		t.Errorf("Abort touched the previous release")
	}

	// A folder that is not a release is never replaced.
	other := filepath.Join(parent, "photos")
	os.Mkdir(other, 0o755)
	w, _ = release.Create(other)
	if err := w.CloseCases(schema.Release); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(manifest(0)); err == nil || !strings.Contains(err.Error(), "not a release") {
		t.Errorf("Commit replaced a folder that is not a release: %v", err)
	}
	w.Abort()
}

func containsAny(problems []string, s string) bool {
	return slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, s) })
}

// TestCheckSensitive: a manifest that claims more diversity or closeness than the data have
// fails its check. The fixture's classes (by gender) each hold a single pattern of flags.
func TestCheckSensitive(t *testing.T) {
	for _, c := range []struct {
		p    release.Privacy
		want string
	}{
		{release.Privacy{L: 3, Diversity: "distinct"}, "not distinct 3-diverse"},
		{release.Privacy{L: 3, Diversity: "entropy"}, "not entropy 3-diverse"},
		{release.Privacy{L: 2, Diversity: "recursive", C: 1}, "not recursive 2-diverse"},
		{release.Privacy{T: 0.01, TReference: map[string]float64{"true": 0.5, "false": 0.5}}, "not 0.01-close"},
	} {
		m := manifest(20)
		m.Privacy.K = 2
		m.Privacy.QuasiIdentifiers = []string{schema.Gender}
		m.Privacy.Sensitive = []string{schema.IsForcedLabour}
		m.Privacy.L, m.Privacy.Diversity, m.Privacy.C, m.Privacy.T, m.Privacy.TReference = c.p.L, c.p.Diversity, c.p.C, c.p.T, c.p.TReference
		m.Privacy.SensitiveMissing = release.MissingRule
		dir := filepath.Join(t.TempDir(), "rel")
		writeRelease(t, dir, 20, m)
		if p := check(t, dir); !containsAny(p, c.want) {
			t.Errorf("%+v: want %q, got %v", c.p, c.want, p)
		}
	}
	// Two flag values per class (i%3 == 0 across both genders): distinct 2-diversity holds.
	m := manifest(20)
	m.Privacy.K, m.Privacy.QuasiIdentifiers, m.Privacy.Sensitive, m.Privacy.L = 2, []string{schema.Gender}, []string{schema.IsForcedLabour}, 2
	m.Privacy.SensitiveMissing = release.MissingRule
	dir := filepath.Join(t.TempDir(), "rel")
	writeRelease(t, dir, 20, m)
	if p := check(t, dir); len(p) != 0 {
		t.Errorf("a 2-diverse release fails: %v", p)
	}
}

// TestCheckKeptColumns: a column kept as it is (anonymize --keep) that splits the classes below
// k fails the check unless the manifest records that the user released it anyway
// (attack-2026-12-01e finding 7: a household number passed as "5-anonymity").
func TestCheckKeptColumns(t *testing.T) {
	for _, allowed := range []bool{false, true} {
		m := manifest(20)
		m.Privacy.QuasiIdentifiers = []string{schema.Gender} // two classes of 10
		m.Privacy.Columns = []release.ColumnClass{{Column: schema.IsForcedLabour, Class: release.ClassInsensitive, Allowed: allowed}}
		dir := filepath.Join(t.TempDir(), "rel")
		writeRelease(t, dir, 20, m)
		p := check(t, dir)
		if got := containsAny(p, "not 5-anonymous with the column is_forced_labour, kept as it is"); got == allowed {
			t.Errorf("allowed %v: a kept column splitting classes of 10 into 4 and 6 flagged %v: %v", allowed, got, p)
		}
		if allowed && len(p) != 0 {
			t.Errorf("a release whose manifest records the kept column as allowed fails: %v", p)
		}
	}
}

// TestCheckSchemaQuasiIdentifiers: a case release whose manifest leaves out a column that the
// schema calls a quasi-identifier (legal_stage, before it became one) fails its check, and the
// column is checked against k.
func TestCheckSchemaQuasiIdentifiers(t *testing.T) {
	m := manifest(20)
	m.Config = map[string]any{"k": 5}
	dir := filepath.Join(t.TempDir(), "rel")
	writeRelease(t, dir, 20, m)
	p := check(t, dir)
	if !containsAny(p, "the quasi-identifier legal_stage is released but not protected in the manifest") {
		t.Errorf("legal_stage left out of the manifest went unnoticed: %v", p)
	}
	// A config that narrows quasi_identifiers: a column left out is accepted only when the
	// manifest lists it as unprotected (a narrowed release that says so nowhere fails).
	m = manifest(20)
	m.Config = map[string]any{"k": 5, "quasi_identifiers": []any{"gender"}}
	dir = filepath.Join(t.TempDir(), "rel")
	writeRelease(t, dir, 20, m)
	if p := check(t, dir); !containsAny(p, "the quasi-identifier legal_stage is released but neither protected nor listed as unprotected") {
		t.Errorf("a narrowed release that does not say legal_stage is unprotected went unnoticed: %v", p)
	}
	m = manifest(20)
	m.Config = map[string]any{"k": 5, "quasi_identifiers": []any{"gender"}}
	m.Privacy.Unprotected = []string{"legal_stage"}
	dir = filepath.Join(t.TempDir(), "rel")
	writeRelease(t, dir, 20, m)
	if p := check(t, dir); containsAny(p, "legal_stage") {
		t.Errorf("a narrowed release that lists legal_stage as unprotected: %v", p)
	}
	m = manifest(20)
	m.Config = map[string]any{"k": 5}
	m.Privacy.Unprotected = []string{"legal_stage"}
	dir = filepath.Join(t.TempDir(), "rel")
	writeRelease(t, dir, 20, m)
	if p := check(t, dir); !containsAny(p, "the quasi-identifier legal_stage is released but not protected in the manifest") {
		t.Errorf("a release whose config narrows nothing lists legal_stage as unprotected, unnoticed: %v", p)
	}
}

func TestLockAndStaleTemporaries(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "rel")
	w, err := release.Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := release.Create(dir); !errors.Is(err, release.ErrBusy) {
		t.Errorf("a second writer of the same release: %v", err)
	}
	w.Abort()
	// A killed run leaves its temporary folder; the next run removes it.
	os.MkdirAll(dir+".tmp-deadbeef/cases", 0o700)
	writeRelease(t, dir, 10, manifest(10))
	if _, err := os.Stat(dir + ".tmp-deadbeef"); !os.IsNotExist(err) {
		t.Errorf("a stale temporary folder survived: %v", err)
	}
}

func TestFilePerm(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "rel")
	w, err := release.Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	w.FilePerm = 0o640
	rec := record(10)
	w.WriteCases(rec)
	rec.Release()
	w.CloseCases(schema.Release)
	if err := w.Commit(manifest(10)); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]os.FileMode{dir: 0o750, filepath.Join(dir, release.CasesFile): 0o640, filepath.Join(dir, "manifest.json"): 0o640} {
		if st, err := os.Stat(p); err != nil || st.Mode().Perm() != want {
			t.Errorf("%s: %v, want %v (%v)", p, st.Mode().Perm(), want, err)
		}
	}
}
