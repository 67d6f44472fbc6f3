package reports

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// A table the set lacks is not the set's first table under another name (byName's zero
// value): table refuses it, naming it.
func TestTableMissingSaysSo(t *testing.T) {
	r := &report{set: totalSet(Published)}
	if got := r.table("cases-by-province-and-gender"); got.Name != "cases-by-province-and-gender" {
		t.Fatalf("got table %s", got.Name)
	}
	defer func() {
		p := recover()
		if p == nil {
			t.Fatal("a missing table was returned")
		}
		if msg, _ := p.(string); !strings.Contains(msg, "cases-by-age-and-gender") {
			t.Fatalf("the refusal does not name the table: %v", p)
		}
	}()
	got := r.table("cases-by-age-and-gender")
	t.Fatalf("got table %s for cases-by-age-and-gender", got.Name)
}

// Every call of report.table in the package names one of standardNames (which loadSet
// requires of every release), as a constant: a table a release may lack is looked up in
// byName with its ok.
func TestTableTakesOnlyStandardNames(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	calls := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(af, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || sel.Sel.Name != "table" || len(call.Args) != 1 {
				return true
			}
			if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "r" {
				return true
			}
			calls++
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				t.Errorf("%s: table takes a name that is not a constant", fset.Position(call.Pos()))
				return true
			}
			name, _ := strconv.Unquote(lit.Value)
			if !slices.Contains(standardNames, name) {
				t.Errorf("%s: table(%q), which a release may lack: look it up in byName with its ok", fset.Position(call.Pos()), name)
			}
			return true
		})
	}
	if calls == 0 {
		t.Fatal("no call of report.table found: the test reads the wrong files")
	}
}

// withStandard adds to s, for a test that builds a set of a few tables, an empty table of
// each of standardNames it lacks (every release has them: loadSet), so that report.table
// finds them. Before, such a test's pages read its first table under their names.
func (s *set) withStandard() *set {
	zero := func(n int) ([]int64, []State) {
		return make([]int64, n), slices.Repeat([]State{Published}, n)
	}
	for _, name := range standardNames {
		if _, ok := s.byName[name]; ok {
			continue
		}
		t := &Table{Name: name, Labels: []string{"label"}, Counts: []string{"cases"}, TotalCols: []bool{false}, Threshold: 10}
		switch name {
		case "cases-by-province-and-gender":
			v, st := zero(4)
			t = &Table{Name: name, Labels: []string{"country", "province"}, Counts: []string{"cases", "female", "male", "other_or_unknown"},
				TotalCols: []bool{true, false, false, false}, Threshold: 10, Rows: []Row{{Labels: []string{"all countries", ""}, Total: true, Values: v, State: st}}}
		case "cases-by-age-and-gender":
			v, st := zero(1)
			t = &Table{Name: name, Labels: []string{"majority_status", "age_band"}, Counts: []string{"cases"}, TotalCols: []bool{true}, Threshold: 10,
				Rows: []Row{{Labels: []string{"all ages", ""}, Total: true, Values: v, State: st}}}
		}
		s.add(t)
	}
	return s
}
