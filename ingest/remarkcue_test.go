package ingest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// remarkCorpus returns remarks to try remarkCue on: every string literal of this package's
// tests, every cell and quoted string of its testdata's text files, and the rules' own
// phrases and keys in a few settings ("X", "Checked - x", "Note: X, see C00001").
func remarkCorpus(t testing.TB) []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	tests, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range tests {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil {
					add(s)
					for _, line := range strings.Split(s, "\n") {
						add(line)
						for _, cell := range strings.Split(line, ",") {
							add(cell)
						}
					}
				}
			}
			return true
		})
	}
	quoted := regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)
	err = filepath.WalkDir("testdata", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch filepath.Ext(path) {
		case ".csv", ".tsv", ".json", ".ndjson", ".txt", ".yaml":
		default:
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, line := range strings.Split(string(b), "\n") {
			add(line)
			for _, cell := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == '\t' || r == '|' }) {
				add(strings.Trim(cell, `"`))
			}
			for _, m := range quoted.FindAllStringSubmatch(line, -1) {
				if s, err := strconv.Unquote(`"` + m[1] + `"`); err == nil {
					add(s)
				} else {
					add(m[1])
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var phrases []string
	for _, phs := range [][][]string{pointsToPhrases, remarkMarks} {
		for _, ph := range phs {
			phrases = append(phrases, strings.Join(ph, " "))
		}
	}
	for _, m := range []map[string]bool{noCaseStatuses, remarkNotVictim, remarkNotVictimNamed, aboveLeads, denialWords} {
		for k := range m {
			phrases = append(phrases, k)
		}
	}
	phrases = append(phrases, "Same person as above", "Duplicate of the row above", "Not a victim", "Dup", "Duplicate entry",
		"Also registered by police", "Registered with UNHCR as well", "Duplicate registration with police")
	for _, ph := range phrases {
		for _, s := range []string{"%s", "%s C00001", "Checked - %s", "Note: %s, see C00001", "(%s)", "Interviewed; %s",
			"Per screening. %s later"} {
			add(strings.ReplaceAll(s, "%s", ph))
			add(strings.ReplaceAll(s, "%s", strings.ToUpper(ph[:1])+ph[1:]))
		}
	}
	return out
}

// TestRemarkCue: wherever remarkMark's rules leave a row out, remarkCue says so (it lets them
// run); its words are letterWords' words and its clauses remarkClauses'; alsoRegistered's
// check of registerWords is otherRegister's.
func TestRemarkCue(t *testing.T) {
	corpus := remarkCorpus(t)
	if len(corpus) < 5000 {
		t.Fatalf("corpus of %d remarks: the testdata was not found", len(corpus))
	}
	cues := remarkCues()
	marked := 0
	for _, s := range corpus {
		if _, ok := remarkRules(s); ok {
			marked++
			if !remarkCue(s) {
				t.Errorf("remarkCue(%q) = false, but remarkMark's rules leave it out", s)
			}
		}
		words := letterWords(s)
		for _, w := range words {
			if !anyLetterWord(s, &wordSet{m: map[string]bool{w: true}, lens: oneLen(w)}, false) && len(w) < remarkCueBuf {
				t.Errorf("anyLetterWord(%q) did not find its word %q", s, w)
			}
		}
		if got, want := anyLetterWord(s, registerSet(), false), otherRegister(words); got != want {
			t.Errorf("anyLetterWord(%q, registerWords) = %v, otherRegister %v", s, got, want)
		}
		if slices.ContainsFunc(remarkClauses(s), func(c string) bool { return cues.folds[fold(c)]&foldKey != 0 }) && !clauseFoldKey(s, cues) {
			t.Errorf("clauseFoldKey(%q) = false, but a clause folds to a key", s)
		}
	}
	if marked < 1000 {
		t.Errorf("only %d of %d remarks marked: the corpus does not try the rules", marked, len(corpus))
	}
	// a free-text note is left to be read without the rules
	for _, s := range []string{"Met Zoë Noori at the border crossing; phone +93 619 344 9804",
		"Met فاطمه Karimi at the border crossing; phone +95 434 642 0687", "Met at the bus station"} {
		if remarkCue(s) {
			t.Errorf("remarkCue(%q) = true: a note with no cue", s)
		}
	}
}

// FuzzRemarkCue: remarkCue never says no where remarkMark's rules leave the row out.
func FuzzRemarkCue(f *testing.F) {
	for _, s := range remarkCorpus(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		s = strings.TrimSpace(s)
		if _, ok := remarkRules(s); ok && !remarkCue(s) {
			t.Errorf("remarkCue(%q) = false, but remarkMark's rules leave it out", s)
		}
		if got, want := anyLetterWord(s, registerSet(), false), otherRegister(letterWords(s)); got != want {
			t.Errorf("anyLetterWord(%q, registerWords) = %v, otherRegister %v", s, got, want)
		}
	})
}

// oneLen is a wordSet's lengths for its one word w.
func oneLen(w string) (l [256]uint64) {
	if len(w) < 64 {
		l[w[0]] = 1 << len(w)
	}
	return l
}
