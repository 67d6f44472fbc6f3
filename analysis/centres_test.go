package analysis_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/analysis"
)

// WriteCentres writes what ReadCentres reads back to the same centres, whatever the names hold.
func TestWriteCentresRoundTrip(t *testing.T) {
	in := `name,country,province,capacity,ages,genders
"#1 Girls' Home, ""Kolkata""",India,West Bengal,120,0-17,girls
Transit Home,,IN-MH,20,all,all
Boys' Centre,,AF-HER,60,9-17;12-14,m
Women's Shelter,,AF-KAB,30,18+,female
Herat Home,,Herat,25,all,all
`
	cs, err := analysis.ReadCentres(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := analysis.WriteCentres(&b, cs); err != nil {
		t.Fatal(err)
	}
	back, err := analysis.ReadCentres(&b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, cs) {
		t.Errorf("read back\n%+v\nwant\n%+v", back, cs)
	}
	if cs[0].Name != `#1 Girls' Home, "Kolkata"` || cs[0].Province != "IN-WB" || cs[2].AgeLo != 9 || cs[2].AgeHi != 17 || cs[4].Province != "AF-HER" {
		t.Errorf("read %+v", cs)
	}
}

// A centre's name that would run as a spreadsheet formula is defused in the CSV WriteCentres
// writes (the centres.csv of a release and of a programme report folder, for everyone) and
// read back as given, so that check renders the reports again (attack-2026-11-30c finding 17).
func TestWriteCentresDefusesFormulas(t *testing.T) {
	names := []string{`=HYPERLINK("http://x","a")`, "+1 Shelter", "-Home", "@Centre", "'=quoted", "''+twice", "'Plain", "Plain"}
	var cs []analysis.Centre
	for _, n := range names {
		cs = append(cs, analysis.Centre{Name: n, Province: "AF-HER", Capacity: 5, AgeLo: 0, AgeHi: 17, Genders: []string{"female"}})
	}
	var b bytes.Buffer
	if err := analysis.WriteCentres(&b, cs); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n")[1:] {
		name := strings.Trim(strings.SplitN(line, `",`, 2)[0], `"`)
		if t0 := strings.TrimLeft(name, "'"); t0 != "" && strings.ContainsRune("=+-@", rune(t0[0])) && !strings.HasPrefix(name, "'") {
			t.Errorf("a live formula in the centres CSV: %s", line)
		}
	}
	if !strings.Contains(b.String(), `"'=HYPERLINK(""http://x"",""a"")"`) {
		t.Errorf("HYPERLINK not defused:\n%s", b.String())
	}
	back, err := analysis.ReadCentres(&b)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range back {
		if c.Name != names[i] {
			t.Errorf("read back %q, want %q", c.Name, names[i])
		}
	}
}

// A centre that cannot be read names its line, column and field, never the value.
func TestReadCentresErrors(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"name,province,capacity,ages,genders\nA,IN-WB,120,0-17,female\nB,Atlantis-North,5,all,all\n", "line 3, column 2 (province): not a known province"},
		{"name,province,capacity,ages,genders\nA,Punjab,120,0-17,female\n", "line 2, column 2 (province): not a known province, or a name that several countries"},
		{"name,province,capacity,ages,genders\nA,IN-WB,twelve,0-17,female\n", "line 2, column 3 (capacity): not a whole number of places"},
		{"name,province,capacity,ages,genders\nA,IN-WB,12,teens,female\n", "line 2, column 4 (ages): not an age range"},
		{"name,province,capacity,ages,genders\nA,IN-WB,12,0-17,boyz\n", "line 2, column 5 (genders): not female, male, other or all"},
		{"name,province,capacity,ages\nA,IN-WB,12,0-17\n", "line 1: no genders column"},
	} {
		_, err := analysis.ReadCentres(strings.NewReader(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %q", c.in, err, c.want)
			continue
		}
		for _, v := range []string{"Atlantis", "twelve", "teens", "boyz"} {
			if strings.Contains(err.Error(), v) {
				t.Errorf("the error %q shows the value %q", err, v)
			}
		}
	}
}

// TestReadCentresFileWorkbook: a workbook given as the centres file (report --centres
// centres.xlsx) is named as one with the fix, not read as a CSV that has "no name column".
func TestReadCentresFileWorkbook(t *testing.T) {
	path := filepath.Join(t.TempDir(), "centres.xlsx")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	w.Write([]byte("<worksheet/>"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = analysis.ReadCentresFile(path)
	if !errors.Is(err, analysis.ErrCentresWorkbook) || !strings.Contains(err.Error(), "save its sheet as CSV") {
		t.Fatalf("got %v, want a workbook refused with the fix", err)
	}
	csv := filepath.Join(t.TempDir(), "centres.csv")
	os.WriteFile(csv, []byte("name,province,capacity,ages,genders\nA,IN-WB,12,0-17,female\n"), 0o600)
	if cs, err := analysis.ReadCentresFile(csv); err != nil || len(cs) != 1 {
		t.Fatalf("CSV: %v %v", cs, err)
	}
}
