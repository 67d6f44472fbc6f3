package release

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestExchange: where the commit swaps folders in one step, the swap exchanges their contents, so
// the target always holds a complete release (cmd's crash test kills runs at random moments).
func TestExchange(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skip("the commit renames twice here")
	}
	base := t.TempDir()
	a, b := filepath.Join(base, "a"), filepath.Join(base, "b")
	for _, d := range []string{a, b} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, filepath.Base(d)), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := exchange(a, b); err != nil {
		t.Fatalf("the swap failed on %s: %v", base, err)
	}
	for dir, want := range map[string]string{a: "b", b: "a"} {
		if _, err := os.Stat(filepath.Join(dir, want)); err != nil {
			t.Errorf("%s does not hold %s's file after the swap", filepath.Base(dir), want)
		}
	}
}
