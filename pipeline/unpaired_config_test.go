package pipeline_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
)

// TestMondrianUnpairedFirst (attack-2026-12-03b, lows): a Mondrian run over a full-domain
// release was refused by the guard (ErrUnpaired) only after the whole anonymization (75 s at
// 800 rows). The config alone decides it: refused before any input is read (here one that
// does not exist, so reading it would fail otherwise), the folder unchanged. A previous
// release at the top of every quasi-identifier, a full-domain run, or allow_differencing go
// on to the inputs (the guard decides those after the search).
func TestMondrianUnpairedFirst(t *testing.T) {
	level := func(qi string, cols []string, at int, names ...string) release.Level {
		l := release.Level{QuasiIdentifier: qi, Columns: cols, Level: at, Levels: names, Protected: true}
		if at >= 0 {
			l.Name = names[at]
		} else {
			l.Name = "local (varies by group)"
		}
		return l
	}
	gender := func(at int) release.Level { return level("gender", []string{"gender"}, at, "gender", "*") }
	age := func(at int) release.Level {
		return level("age", []string{"age_band", "majority_status"}, at, "age band", "minor/adult", "*")
	}
	status := level("trafficking_status", []string{"trafficking_status"}, 0, "status")
	for _, c := range []struct {
		name   string
		levels []release.Level
		config string
		want   string // "" for no refusal before the inputs
	}{
		{"full-domain previous", []release.Level{gender(0), age(2), status}, "method: mondrian\n", `gender at "gender"`},
		{"Mondrian previous", []release.Level{gender(-1), age(-1), status}, "method: mondrian\n", `gender at "local (varies by group)" (Mondrian's)`},
		{"previous at the top", []release.Level{gender(1), age(2), status}, "method: mondrian\n", ""},
		{"full-domain run", []release.Level{gender(-1), age(-1), status}, "", ""},
		{"allow_differencing", []release.Level{gender(0), age(1), status}, "method: mondrian\nallow_differencing: true\n", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "rel")
			if err := os.MkdirAll(out, 0o755); err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(release.Manifest{Privacy: release.Privacy{K: 2, Levels: c.levels}})
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(out, release.ManifestName), b, 0o644); err != nil {
				t.Fatal(err)
			}
			cfg, err := pipeline.ParseConfig("t", []byte("k: 2\n"+c.config))
			if err != nil {
				t.Fatal(err)
			}
			missing := filepath.Join(t.TempDir(), "missing.csv")
			_, err = pipeline.Run(context.Background(), []pipeline.Input{{Name: missing}}, cfg, pipeline.Options{Out: out, Now: testNow})
			if c.want == "" {
				if err == nil || errors.Is(err, pipeline.ErrUnpaired) || !strings.Contains(err.Error(), "no such file") {
					t.Errorf("refused before the inputs, or not for the missing input: %v", err)
				}
				return
			}
			if !errors.Is(err, pipeline.ErrUnpaired) || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "before any input was read") ||
				strings.Contains(err.Error(), "no such file") {
				t.Errorf("got %v, want ErrUnpaired naming %s before the inputs", err, c.want)
			}
			if after, _ := os.ReadFile(filepath.Join(out, release.ManifestName)); string(after) != string(b) {
				t.Error("the previous release's manifest changed")
			}
		})
	}
}
