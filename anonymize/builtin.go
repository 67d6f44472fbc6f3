package anonymize

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// BuildHierarchy builds a hierarchy over leaves (in that order) with levels levels, where
// general(leaf, level) gives a leaf's value at a level (level 0 is the leaf itself).
func BuildHierarchy(name string, leaves []string, levels int, general func(leaf string, level int) string) *Hierarchy {
	h := &Hierarchy{Name: name}
	for l := 0; l < levels; l++ {
		index := make(map[string]int32)
		var labels []string
		up := make([]int32, len(leaves))
		for i, leaf := range leaves {
			v := leaf
			if l > 0 {
				v = general(leaf, l)
			}
			code, ok := index[v]
			if !ok {
				code = int32(len(labels))
				index[v] = code
				labels = append(labels, v)
			}
			up[i] = code
		}
		h.Labels = append(h.Labels, labels)
		h.Up = append(h.Up, up)
	}
	h.Index()
	return h
}

// Built-in hierarchy kinds for BuiltinHierarchy.
const (
	// BuiltinFlat: the value, then "*".
	BuiltinFlat = "flat"
	// BuiltinAge: whole years, 5-year band, 10-year band, 20-year band, "*".
	BuiltinAge = "age"
	// BuiltinDate: ISO dates (2006-01-02): day, month, quarter, year, 5-year period, "*".
	BuiltinDate = "date"
)

// BuiltinLevelNames names the levels of each built-in kind.
var BuiltinLevelNames = map[string][]string{
	BuiltinFlat: {"value", "*"},
	BuiltinAge:  {"years", "5-year band", "10-year band", "20-year band", "*"},
	BuiltinDate: {"day", "month", "quarter", "year", "5-year period", "*"},
}

// BuiltinHierarchy builds a hierarchy of kind over the distinct values, sorted (numerically for
// ages). An empty value (missing) stays empty until the top level. A value the kind cannot read
// is an error naming the kind, not the value.
func BuiltinHierarchy(name, kind string, values []string) (*Hierarchy, error) {
	leaves := distinctSorted(values, kind == BuiltinAge)
	var general func(string, int) string
	switch kind {
	case BuiltinFlat:
		general = func(string, int) string { return "*" }
	case BuiltinAge:
		for _, v := range leaves {
			if _, err := strconv.Atoi(v); v != "" && err != nil {
				return nil, fmt.Errorf("anonymize: column %s is not whole years (built-in age hierarchy)", name)
			}
		}
		general = func(v string, l int) string {
			if l == 4 {
				return "*"
			}
			if v == "" {
				return ""
			}
			a, _ := strconv.Atoi(v)
			w := []int{0, 5, 10, 20}[l]
			lo := a - a%w
			return fmt.Sprintf("%d-%d", lo, lo+w-1)
		}
	case BuiltinDate:
		for _, v := range leaves {
			if _, err := time.Parse("2006-01-02", v); v != "" && err != nil {
				return nil, fmt.Errorf("anonymize: column %s is not ISO dates (built-in date hierarchy)", name)
			}
		}
		general = func(v string, l int) string {
			if l == 5 {
				return "*"
			}
			if v == "" {
				return ""
			}
			d, _ := time.Parse("2006-01-02", v)
			switch l {
			case 1:
				return d.Format("2006-01")
			case 2:
				return fmt.Sprintf("%d-Q%d", d.Year(), (int(d.Month())+2)/3)
			case 3:
				return strconv.Itoa(d.Year())
			}
			lo := d.Year() - d.Year()%5
			return fmt.Sprintf("%d-%d", lo, lo+4)
		}
	default:
		return nil, fmt.Errorf("anonymize: no built-in hierarchy %q (want flat, age or date)", kind)
	}
	return BuildHierarchy(name, leaves, len(BuiltinLevelNames[kind]), general), nil
}

func distinctSorted(values []string, numeric bool) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range values {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if numeric {
			a, ea := strconv.Atoi(out[i])
			b, eb := strconv.Atoi(out[j])
			if ea == nil && eb == nil {
				return a < b
			}
		}
		return out[i] < out[j]
	})
	return out
}

// ReadHierarchyYAML reads a user hierarchy written in YAML: a map from each leaf value to its
// generalizations, finest first, e.g.
//
//	Kabul: [Central, Afghanistan, "*"]
//	Herat: [West, Afghanistan, "*"]
//
// Every leaf needs the same number of levels, and the result must be a tree.
func ReadHierarchyYAML(name string, r io.Reader) (*Hierarchy, error) {
	var m yaml.Node
	if err := yaml.NewDecoder(r).Decode(&m); err != nil {
		return nil, &ParseError{Name: name, Err: err}
	}
	if m.Kind != yaml.DocumentNode || len(m.Content) != 1 || m.Content[0].Kind != yaml.MappingNode {
		return nil, &ParseError{Name: name, Line: m.Line, Err: fmt.Errorf("want a map from values to lists of generalizations")}
	}
	// Re-express as ARX's CSV, in file order, so that one reader checks the tree.
	var b strings.Builder
	mp := m.Content[0].Content
	for i := 0; i+1 < len(mp); i += 2 {
		var gens []string
		if err := mp[i+1].Decode(&gens); err != nil {
			return nil, &ParseError{Name: name, Line: mp[i+1].Line, Err: fmt.Errorf("want a list of generalizations")}
		}
		fields := append([]string{mp[i].Value}, gens...)
		for j, f := range fields {
			fields[j] = `"` + strings.ReplaceAll(f, `"`, `""`) + `"`
		}
		b.WriteString(strings.Join(fields, ";") + "\n")
	}
	return ReadHierarchyCSV(name, strings.NewReader(b.String()))
}
