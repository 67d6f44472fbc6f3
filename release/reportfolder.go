package release

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// ReportPrefix starts the name of a folder of reports rendered later for an audience
// (prevalence report): DIR/reports-AUDIENCE. Such a folder is not in the release's manifest,
// which was signed before it existed; it has a manifest of its own (ReportManifest).
const ReportPrefix = "reports-"

// ReportManifest is the manifest.json of a report folder: what was rendered, from which
// release (the SHA-256 of its manifest), how, and the hash of every file.
type ReportManifest struct {
	Tool      string    `json:"tool"`
	CreatedAt time.Time `json:"created_at"`
	// Release is the SHA-256 of the manifest.json of the release the reports were rendered from.
	Release  string `json:"release_manifest_sha256"`
	Audience string `json:"audience"`
	// Folder is the name the folder was written under (reports-AUDIENCE): signed with the rest,
	// so that a folder renamed (a research rendering passed off as the public one) is found.
	Folder    string  `json:"folder"`
	Threshold int     `json:"threshold"`
	RoundTo   int     `json:"round_to,omitempty"`
	Epsilon   float64 `json:"epsilon,omitempty"`
	// Centres names the copy, in the folder, of the centres table the reports were rendered
	// with (the programme report's centre gaps), so that they can be rendered again.
	Centres string `json:"centres,omitempty"`
	// For says who may receive the folder (ReportFolderAudience); empty in folders written
	// before the manifest said so.
	For   string   `json:"for,omitempty"`
	Files []Output `json:"files"`
}

// ReportFolderAudience returns who may receive a report folder rendered for audience from a
// release: the research report of a release with capture histories is for researchers, like
// the histories, since it prints the multiple systems estimates that give their counts back;
// every other rendering is for everyone.
func ReportFolderAudience(audience string, captureHistories bool) string {
	if audience == "research" && captureHistories {
		return ForResearchers
	}
	return ForEveryone
}

// ManifestSHA256 returns the SHA-256 of the manifest of the release in dir.
func ManifestSHA256(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return "", err
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:]), nil
}

// WriteReportManifest hashes the files (paths relative to dir) and writes m with them as
// dir/manifest.json, mode perm.
func WriteReportManifest(dir string, m *ReportManifest, files []string, perm os.FileMode) error {
	m.Files = m.Files[:0]
	for _, f := range files {
		sum, err := HashFile(filepath.Join(dir, filepath.FromSlash(f)))
		if err != nil {
			return err
		}
		m.Files = append(m.Files, Output{Path: f, SHA256: sum})
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, ManifestName), append(b, '\n'), perm)
}

// CheckReportFolder checks the report folder sub of the release in dir against its own
// manifest: every file listed and unchanged, none unlisted, rendered from this release. It
// returns the folder's manifest (nil when it has none) and the problems.
func CheckReportFolder(dir, sub string) (*ReportManifest, []string, error) {
	p := filepath.Join(dir, sub)
	var problems []string
	fail := func(format string, args ...any) { problems = append(problems, sub+": "+fmt.Sprintf(format, args...)) }
	b, err := os.ReadFile(filepath.Join(p, ManifestName))
	if err != nil {
		fail("no manifest: a report folder that prevalence report did not write (or whose manifest was deleted)")
		return nil, problems, nil
	}
	var m ReportManifest
	if err := json.Unmarshal(b, &m); err != nil {
		fail("the manifest cannot be read: %v", err)
		return nil, problems, nil
	}
	if m.Folder != sub {
		fail("its manifest says it was written as %q: the folder was renamed (or made by a version that did not record its name)", m.Folder)
	}
	if sum, err := ManifestSHA256(dir); err != nil {
		return nil, nil, err
	} else if m.Release != sum {
		fail("rendered from another release (its release_manifest_sha256 is not this release's)")
	}
	listed := map[string]bool{ManifestName: true, SignatureName: true}
	for _, f := range m.Files {
		listed[f.Path] = true
		got, err := HashFile(filepath.Join(p, filepath.FromSlash(f.Path)))
		switch {
		case os.IsNotExist(err):
			fail("%s is missing", f.Path)
		case err != nil:
			return nil, nil, err
		case got != f.SHA256:
			fail("%s has changed since it was written (SHA-256 differs)", f.Path)
		}
	}
	err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(p, q)
		rel = filepath.ToSlash(rel)
		switch {
		case d.IsDir():
		case !d.Type().IsRegular():
			fail("%s is not a regular file", rel)
		case !listed[rel]:
			fail("%s is not listed in the folder's manifest", rel)
		}
		return nil
	})
	return &m, problems, err
}

// ReportFolders returns the report folders (reports-*) of the release in dir. (A file so
// named is an unlisted file for CheckWith.)
func ReportFolders(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var subs []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ReportPrefix) && e.IsDir() {
			subs = append(subs, e.Name())
		}
	}
	return subs, nil
}
