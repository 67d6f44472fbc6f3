package release_test

import (
	"crypto/ed25519"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/schema"
)

func signedRelease(t *testing.T) (dir string, pk ed25519.PublicKey, keyFile string) {
	t.Helper()
	work := t.TempDir()
	keyFile = filepath.Join(work, "org.key")
	pk, err := release.GenerateKey(keyFile, keyFile+".pub")
	if err != nil {
		t.Fatal(err)
	}
	sk, err := release.LoadSigningKey(keyFile)
	if err != nil {
		t.Fatal(err)
	}
	dir = filepath.Join(work, "rel")
	w, err := release.Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	w.SigningKey = sk
	rec := record(10)
	w.WriteCases(rec)
	rec.Release()
	if err := w.CloseCases(schema.Release); err != nil {
		t.Fatal(err)
	}
	if err := w.Commit(manifest(10)); err != nil {
		t.Fatal(err)
	}
	return dir, pk, keyFile
}

func TestSignAndVerify(t *testing.T) {
	dir, pk, keyFile := signedRelease(t)
	if err := release.Verify(dir, pk); err != nil {
		t.Fatalf("a fresh signed release: %v", err)
	}
	loaded, err := release.LoadPublicKey(keyFile + ".pub")
	if err != nil || !loaded.Equal(pk) {
		t.Fatalf("the public key file: %v", err)
	}
	// The manifest lists every file's hash: one byte changed in it breaks the signature.
	p := filepath.Join(dir, release.ManifestName)
	b, _ := os.ReadFile(p)
	os.WriteFile(p, []byte(strings.Replace(string(b), `"k": 5`, `"k": 1`, 1)), 0o600)
	if err := release.Verify(dir, pk); !errors.Is(err, release.ErrSignature) {
		t.Errorf("an edited manifest: %v", err)
	}
	os.WriteFile(p, b, 0o600)
	other, _, _ := ed25519.GenerateKey(nil)
	if err := release.Verify(dir, other); !errors.Is(err, release.ErrSignature) {
		t.Errorf("another organisation's key: %v", err)
	}
	os.Remove(filepath.Join(dir, release.SignatureName))
	if err := release.Verify(dir, pk); !errors.Is(err, release.ErrSignature) {
		t.Errorf("no signature: %v", err)
	}
	// The private key must be the owner's alone, and key files are never overwritten.
	os.Chmod(keyFile, 0o644)
	if _, err := release.LoadSigningKey(keyFile); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Errorf("a readable signing key: %v", err)
	}
	if _, err := release.GenerateKey(keyFile, keyFile+".pub"); err == nil {
		t.Error("GenerateKey overwrote a key")
	}
	if _, err := release.LoadPublicKey(keyFile); err == nil {
		t.Error("a private key taken for a public one")
	}
}

// TestCommitCrashWindow: a run killed between the commit's two renames leaves no release at
// DIR. The next run finishes that commit (the new release was complete) or, when the new
// folder is gone too, restores the previous one; it never deletes the previous release.
func TestCommitCrashWindow(t *testing.T) {
	for _, newThere := range []bool{true, false} {
		base := t.TempDir()
		dir := filepath.Join(base, "rel")
		writeRelease(t, dir, 10, manifest(10)) // the published release
		next := filepath.Join(base, "next")
		writeRelease(t, next, 20, manifest(20)) // what the killed run had written
		// The killed commit: DIR moved aside, the new folder not yet moved in.
		os.Rename(dir, dir+".tmp-0123456789ab.old")
		if newThere {
			os.Rename(next, dir+".tmp-0123456789ab")
		}
		w, err := release.Create(dir)
		if err != nil {
			t.Fatal(err)
		}
		if w.Recovered() == "" {
			t.Error("no notice of the recovery")
		}
		m, err := release.ReadManifest(dir)
		if err != nil {
			t.Fatalf("no release after recovery: %v", err)
		}
		want := map[bool]int{true: 20, false: 10}[newThere]
		if m.Counts.Written != want {
			t.Errorf("new folder there %v: recovered the release of %d rows, want %d", newThere, m.Counts.Written, want)
		}
		w.Abort()
		if left, _ := filepath.Glob(dir + ".tmp-*"); len(left) > 0 {
			t.Errorf("left behind: %v", left)
		}
		if p := check(t, dir); len(p) > 0 {
			t.Errorf("the recovered release fails its check: %v", p)
		}
	}
}

// TestCommitSwapKilled: where the commit swaps the two folders in one step, a run killed after the
// swap leaves the new release at DIR and the previous one at DIR.tmp-X; the next run keeps DIR and
// removes the previous release.
func TestCommitSwapKilled(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "rel")
	writeRelease(t, dir, 20, manifest(20))                     // the new release, swapped in
	writeRelease(t, dir+".tmp-0123456789ab", 10, manifest(10)) // the previous one, swapped out
	w, err := release.Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	w.Abort()
	if m, err := release.ReadManifest(dir); err != nil || m.Counts.Written != 20 {
		t.Fatalf("the release after the swap was not kept: %v", err)
	}
	if left, _ := filepath.Glob(dir + ".tmp-*"); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

func TestOutRootAndSymlink(t *testing.T) {
	if _, err := release.Create("/"); err == nil {
		t.Error("a release at / was started")
	}
	if _, err := os.Stat("/.lock"); err == nil {
		t.Error("/.lock was made")
	}
	base := t.TempDir()
	target := filepath.Join(base, "target")
	writeRelease(t, target, 10, manifest(10))
	link := filepath.Join(base, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	writeRelease(t, link, 20, manifest(20))
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v", err)
	}
	if m, err := release.ReadManifest(link); err != nil || m.Counts.Written != 20 {
		t.Errorf("the release behind the link: %v", err)
	}
	if err := os.Symlink(filepath.Join(base, "nowhere"), filepath.Join(base, "dangling")); err != nil {
		t.Fatal(err)
	}
	if _, err := release.Create(filepath.Join(base, "dangling")); err == nil {
		t.Error("a release through a dangling link was started")
	}
	// report takes the same lock as a run.
	w, err := release.Create(target)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := release.Lock(link); !errors.Is(err, release.ErrBusy) {
		t.Errorf("Lock while a run writes: %v", err)
	}
	w.Abort()
	unlock, err := release.Lock(target)
	if err != nil {
		t.Fatal(err)
	}
	unlock()
}
