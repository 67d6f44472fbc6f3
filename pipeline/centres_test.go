package pipeline_test

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/synth"
)

// The demo's config lists the same centres as synth/demo/centres.csv, which the README's
// report --centres example reads.
func TestDemoCentres(t *testing.T) {
	cfg := demoConfig(t)
	got, err := cfg.Centres.Read()
	if err != nil {
		t.Fatal(err)
	}
	f, err := synth.Demo.Open(synth.DemoDir + "/" + synth.CentresFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want, err := analysis.ReadCentres(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("the demo config's centres\n%+v\ndiffer from %s\n%+v", got, synth.CentresFile, want)
	}
}

// centres: names a CSV file relative to the config, or lists the centres; a centre that cannot
// be read is an error naming the file, line and field, never its value.
func TestConfigCentres(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "org")
	os.Mkdir(sub, 0o755)
	write := func(name, s string) string {
		p := filepath.Join(sub, name)
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("centres.csv", "name,province,capacity,ages,genders\nHome A,KH-12,40,0-17,female\n")
	write("bad-centres.csv", "name,province,capacity,ages,genders\nHome A,KH-12,40,0-17,female\nHome B,Nowhereland,40,0-17,female\n")

	// A file, relative to the config's folder (not the working folder).
	cfg, err := pipeline.LoadConfig(write("file.yaml", "centres: centres.csv\n"))
	if err != nil {
		t.Fatal(err)
	}
	cs, err := cfg.Centres.Read()
	if err != nil || len(cs) != 1 || cs[0].Province != "KH-12" || cs[0].Capacity != 40 {
		t.Fatalf("centres from a file: %+v, %v", cs, err)
	}
	// An absolute path stays as it is.
	cfg, err = pipeline.LoadConfig(write("abs.yaml", "centres: "+filepath.Join(sub, "centres.csv")+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cs, err := cfg.Centres.Read(); err != nil || len(cs) != 1 {
		t.Fatalf("centres from an absolute path: %+v, %v", cs, err)
	}

	// A list: ages and genders as text or lists; a province by name with its country.
	cfg, err = pipeline.LoadConfig(write("list.yaml", `k: 5
centres:
  - name: Kolkata Girls' Home
    province: West Bengal
    country: India
    capacity: 120
    ages: 0-17
    genders: [female]
  - {name: Transit Home, province: IN-MH, places: 20, ages: all, genders: all}
`))
	if err != nil {
		t.Fatal(err)
	}
	cs, err = cfg.Centres.Read()
	if err != nil || len(cs) != 2 || cs[0].Province != "IN-WB" || cs[1].Capacity != 20 || len(cs[1].Genders) != 3 {
		t.Fatalf("centres from a list: %+v, %v", cs, err)
	}
	// Recorded in the manifest as read, and read back from there.
	back, err := pipeline.RecordedConfig(recordOf(t, cfg))
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := back.Centres.Read(); !reflect.DeepEqual(got, cs) {
		t.Errorf("recorded and read back: %+v, want %+v", got, cs)
	}

	for _, c := range []struct {
		name, yaml, want string
		hidden           []string // values the error must not show
	}{
		{"missing file", "centres: nothere.csv\n", "nothere.csv", nil},
		{"bad file", "centres: bad-centres.csv\n", "bad-centres.csv: line 3, column 2 (province): not a known province", []string{"Nowhereland"}},
		{"bad capacity", "k: 5\ncentres:\n  - {name: A, province: KH-12, capacity: forty, ages: all, genders: all}\n", "line 3: centres[0].capacity: not a whole number of places", []string{"forty"}},
		{"bad province", "centres:\n  - name: A\n    province: Atlantis\n    capacity: 4\n    ages: all\n    genders: all\n", "line 3: centres[0].province: not a known province", []string{"Atlantis"}},
		{"missing field", "centres:\n  - {name: A, province: KH-12, capacity: 4, ages: all}\n", "line 2: centres[0]: no genders", nil},
		{"unknown field", "centres:\n  - {name: A, province: KH-12, capacity: 4, ages: all, genders: all, beds_free: 2}\n", `line 2: centres[0]: unknown field "beds_free"`, nil},
		{"bad gender", "centres:\n  - {name: A, province: KH-12, capacity: 4, ages: all, genders: [female, boyz]}\n", "centres[0].genders: not female, male, other or all", []string{"boyz"}},
		{"not a list", "centres: {name: A}\n", "line 1: centres: give a CSV file", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := write("c.yaml", c.yaml)
			cfg, err := pipeline.LoadConfig(p)
			if err == nil {
				_, err = cfg.Centres.Read()
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v, want %q", err, c.want)
			}
			for _, h := range c.hidden {
				if strings.Contains(err.Error(), h) {
					t.Errorf("the error %q shows the value %q", err, h)
				}
			}
		})
	}
}

// recordOf is the config as a manifest records it (YAML, read back as a map).
func recordOf(t *testing.T, cfg pipeline.Config) map[string]any {
	t.Helper()
	b, err := yaml.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := yaml.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}
