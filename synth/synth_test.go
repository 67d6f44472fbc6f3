package synth

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestDemoIsReproducible checks that the embedded demo exports are exactly what Write produces
// for the demo's size and seed, so that the demo data can always be regenerated and reviewed.
func TestDemoIsReproducible(t *testing.T) {
	dir := t.TempDir()
	if _, err := Write(dir, DemoRows, DemoSeed); err != nil {
		t.Fatal(err)
	}
	for _, name := range append(append(Exports, ConfigFile), OutcomeExports...) {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		want, err := fs.ReadFile(Demo, DemoDir+"/"+name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the embedded demo; regenerate synth/demo with Write(dir, DemoRows, DemoSeed)", name)
		}
	}
}

func TestSeedsDiffer(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	Write(a, 100, 1)
	Write(b, 100, 2)
	x, _ := os.ReadFile(filepath.Join(a, AfghanFile))
	y, _ := os.ReadFile(filepath.Join(b, AfghanFile))
	if bytes.Equal(x, y) {
		t.Error("two seeds wrote the same export")
	}
}
