//go:build unix

package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// limitFileSize sets RLIMIT_FSIZE in a child from PREVALENCE_TEST_FSIZE, so a run meets a full
// disk (see TestMain).
func init() { limitFile = limitFileSize }

func limitFileSize() {
	if n, err := strconv.ParseUint(os.Getenv("PREVALENCE_TEST_FSIZE"), 10, 64); err == nil {
		syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: n, Max: n})
	}
}

func child(t *testing.T, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	return cmd
}

func checkRelease(t *testing.T, dir string) {
	t.Helper()
	var out strings.Builder
	if code := run(context.Background(), []string{"check", dir}, nil, &out, &out); code != 0 {
		t.Fatalf("the release at %s fails its check:\n%s", dir, out.String())
	}
}

// TestKilledRunsLeaveTheReleaseIntact kills a run at random moments, many times: each time the
// release at the target is the previous complete one (or the new complete one), never a part.
//
// A release is checked whenever its bytes are new: a kill before the commit leaves the bytes
// that were checked already, and check, given the same bytes, gives the same answer.
func TestKilledRunsLeaveTheReleaseIntact(t *testing.T) {
	out := filepath.Join(t.TempDir(), "rel")
	first, _, err := demoRelease() // a complete demo release, as the first run
	if err != nil {
		t.Fatal(err)
	}
	if err := copyDir(first, out); err != nil {
		t.Fatal(err)
	}
	checked := map[string]bool{}
	checkNew := func(t *testing.T, dir string) {
		t.Helper()
		sum, err := treeSum(dir)
		if err == nil && checked[sum] {
			return
		}
		checkRelease(t, dir)
		if err == nil {
			checked[sum] = true
		}
	}
	runs := 40
	if testing.Short() {
		runs = 8
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < runs; i++ {
		cmd := child(t, "demo", "--out", out, "--quiet")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(r.IntN(1500)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		checkNew(t, out)
	}
	if code := run(context.Background(), []string{"demo", "--out", out, "--quiet"}, nil, io.Discard, io.Discard); code != 0 {
		t.Fatal("a run after the kills failed")
	}
	checkNew(t, out)
	left, _ := filepath.Glob(out + ".tmp-*")
	if len(left) > 0 {
		t.Errorf("temporary folders left after a complete run: %v", left)
	}
}

// treeSum returns a SHA-256 of the names and contents of the files under dir.
func treeSum(dir string) (string, error) {
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		fmt.Fprintf(h, "%q %d\n", rel, len(b))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil)), err
}

// TestDiskFull: a run that cannot write (file size limit, as on a full disk) fails with a clear
// error and leaves nothing behind.
func TestDiskFull(t *testing.T) {
	out := filepath.Join(t.TempDir(), "rel")
	cmd := child(t, "demo", "--out", out, "--quiet")
	cmd.Env = append(cmd.Env, "PREVALENCE_TEST_FSIZE=2000")
	b, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the run succeeded with a 2 kB file size limit:\n%s", b)
	}
	if !strings.Contains(string(b), "file too large") || strings.Count(strings.TrimSpace(string(b)), "\n") > 0 {
		t.Errorf("want one clear line, got:\n%s", b)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	for _, e := range entries {
		if e.Name() != "rel.lock" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// TestTargetNotWritable: a target whose parent is a file fails clearly.
func TestTargetNotWritable(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "file"), nil, 0o600)
	var stderr strings.Builder
	code := run(context.Background(), []string{"demo", "--out", filepath.Join(dir, "file", "rel")}, nil, io.Discard, &stderr)
	if code != exitError || !strings.Contains(stderr.String(), "not a directory") {
		t.Errorf("exit %d: %s", code, stderr.String())
	}
}

// TestCoreDumpsOff: a run that holds identifiable data turns core dumps off for its process.
func TestCoreDumpsOff(t *testing.T) {
	out := filepath.Join(t.TempDir(), "rel")
	if code := run(context.Background(), []string{"demo", "--out", out, "--quiet"}, nil, io.Discard, io.Discard); code != 0 {
		t.Fatal("demo failed")
	}
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_CORE, &lim); err != nil {
		t.Fatal(err)
	}
	if lim.Cur != 0 {
		t.Errorf("RLIMIT_CORE = %d after a run, want 0", lim.Cur)
	}
}

// mountTmpfs mounts a small tmpfs with the given options, or skips the test where the process
// may not mount (not root, or no CAP_SYS_ADMIN).
func mountTmpfs(t *testing.T, opts string) string {
	dir := t.TempDir()
	if err := exec.Command("mount", "-t", "tmpfs", "-o", opts, "tmpfs", dir).Run(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v", err)
	}
	t.Cleanup(func() { exec.Command("umount", dir).Run() })
	return dir
}

// TestReadOnlyFilesystem and TestFilesystemFull write to real file systems that refuse: one
// clear line, exit 1, and nothing left behind.
func TestReadOnlyFilesystem(t *testing.T) {
	dir := mountTmpfs(t, "size=1m,ro")
	var stderr strings.Builder
	code := run(context.Background(), []string{"demo", "--out", filepath.Join(dir, "rel"), "--quiet"}, nil, io.Discard, &stderr)
	if code != exitError || !strings.Contains(stderr.String(), "read-only file system") || strings.Count(stderr.String(), "\n") != 1 {
		t.Errorf("exit %d: %q", code, stderr.String())
	}
}

func TestFilesystemFull(t *testing.T) {
	dir := mountTmpfs(t, "size=24k")
	var stderr strings.Builder
	code := run(context.Background(), []string{"demo", "--out", filepath.Join(dir, "rel"), "--quiet"}, nil, io.Discard, &stderr)
	if code != exitError || !strings.Contains(stderr.String(), "no space left on device") {
		t.Errorf("exit %d: %q", code, stderr.String())
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != "rel.lock" {
			t.Errorf("left behind on the full disk: %s", e.Name())
		}
	}
}
