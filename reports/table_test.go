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
