package schema

import (
	"os"
	"strings"
	"testing"
)

func TestDocumented(t *testing.T) {
	doc, err := os.ReadFile("../docs/schema.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range Fields() {
		if !strings.Contains(string(doc), "| `"+f.Name+"` |") {
			t.Errorf("docs/schema.md does not list %s", f.Name)
		}
	}
}

func TestBands(t *testing.T) {
	for age, want := range map[int]string{0: "0-8", 8: "0-8", 9: "9-17", 17: "9-17", 18: "18-20", 29: "27-29", 30: "30-38", 47: "39-47", 48: "48+", 110: "48+"} {
		if got := BandOfAge(age); got != want {
			t.Errorf("BandOfAge(%d) = %s, want %s", age, got, want)
		}
	}
	for band, want := range map[string]string{"0-8": "minor", "9-17": "minor", "18-20": "adult", "48+": "adult", "": "", "x": ""} {
		if got := MajorityOfBand(band); got != want {
			t.Errorf("MajorityOfBand(%q) = %q, want %q", band, got, want)
		}
	}
}
