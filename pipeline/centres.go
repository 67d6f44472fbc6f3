package pipeline

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/prevalence/prevalence/analysis"
)

// CentresFile is the copy, in a release, of the centres its programme report was rendered
// with (the manifest names it), so that check renders that report again byte for byte.
const CentresFile = "centres.csv"

// CentresConfig is the centres: setting, the existing shelters and rehabilitation centres: a
// CSV file (name, province, capacity, ages, genders; see analysis.ReadCentres), by path
// relative to the config file, or the centres themselves as a list of mappings with the same
// fields:
//
//	centres: centres.csv
//
//	centres:
//	  - {name: Herat Boys' Centre, province: AF-HER, capacity: 60, ages: 9-17, genders: male}
//	  - {name: Kolkata Girls' Home, province: West Bengal, country: IN, capacity: 120, ages: 0-17, genders: female}
//
// With centres, the release's programme report opens with the provinces ranked by unmet need
// against them, and the occupancy table says how full residential care is.
type CentresConfig struct {
	File string
	List []analysis.Centre
	// dir is the folder of the config file, which File is relative to.
	dir string
}

// IsZero reports whether no centres are given (for omitempty).
func (c CentresConfig) IsZero() bool { return c.File == "" && c.List == nil }

// UnmarshalYAML reads a file name or a list of centres. An error names the config's line and
// the centre's field, never its value.
func (c *CentresConfig) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return nil
		}
		c.File = strings.TrimSpace(n.Value)
		return nil
	case yaml.SequenceNode:
	default:
		return fmt.Errorf("line %d: centres: give a CSV file (path relative to the config) or a list of centres", n.Line)
	}
	c.List = []analysis.Centre{}
	known := slices.Concat(analysis.CentreFields, []string{"country"})
	for i, item := range n.Content {
		if item.Kind != yaml.MappingNode {
			return fmt.Errorf("line %d: centres[%d]: give a centre's %s", item.Line, i, strings.Join(analysis.CentreFields, ", "))
		}
		vals, lines := map[string]string{}, map[string]int{}
		for j := 0; j+1 < len(item.Content); j += 2 {
			k, v := item.Content[j], item.Content[j+1]
			field := strings.ToLower(strings.TrimSpace(k.Value))
			for canon, alts := range analysis.CentreFieldNames {
				if slices.Contains(alts, field) {
					field = canon
				}
			}
			if !slices.Contains(known, field) {
				return fmt.Errorf("line %d: centres[%d]: unknown field %q (want %s, and country)", k.Line, i, k.Value, strings.Join(analysis.CentreFields, ", "))
			}
			if _, dup := vals[field]; dup {
				return fmt.Errorf("line %d: centres[%d].%s: given twice", k.Line, i, field)
			}
			var s string
			switch {
			case v.Kind == yaml.ScalarNode:
				s = v.Value
			case v.Kind == yaml.SequenceNode && (field == "ages" || field == "genders"):
				for _, e := range v.Content {
					s += e.Value + ";"
				}
			default:
				return fmt.Errorf("line %d: centres[%d].%s: not a single value", v.Line, i, field)
			}
			vals[field], lines[field] = s, v.Line
		}
		for _, f := range analysis.CentreFields {
			if _, ok := vals[f]; !ok {
				return fmt.Errorf("line %d: centres[%d]: no %s (every centre gives %s)", item.Line, i, f, strings.Join(analysis.CentreFields, ", "))
			}
		}
		ct, field, why := analysis.ParseCentre(vals)
		if field != "" {
			line := lines[field]
			if field == "province" && lines["country"] > 0 {
				why += " or country"
			}
			return fmt.Errorf("line %d: centres[%d].%s: %s", line, i, field, why)
		}
		c.List = append(c.List, ct)
	}
	return nil
}

// MarshalYAML records the setting as given: the file's name, or the centres as read.
func (c CentresConfig) MarshalYAML() (any, error) {
	if c.List == nil {
		return c.File, nil
	}
	out := make([]map[string]any, len(c.List))
	for i, ct := range c.List {
		out[i] = map[string]any{"name": ct.Name, "province": ct.Province, "capacity": ct.Capacity,
			"ages": ct.Ages(), "genders": strings.Join(ct.Genders, ";")}
	}
	return out, nil
}

// Path is the centres file's path: relative to the config's folder unless absolute.
func (c CentresConfig) Path() string {
	if c.File == "" || filepath.IsAbs(c.File) || c.dir == "" {
		return c.File
	}
	return filepath.Join(c.dir, c.File)
}

// Read returns the centres: the list, or the file read and checked (nil when none are given).
// An error names the file, line, column and field, never a value.
func (c CentresConfig) Read() ([]analysis.Centre, error) {
	if c.List != nil || c.File == "" {
		return c.List, nil
	}
	cs, err := analysis.ReadCentresFile(c.Path())
	if err != nil {
		return nil, fmt.Errorf("centres: %w", err)
	}
	return cs, nil
}

// ReadFS is Read with the file read from fsys, relative to dir (the embedded demo's).
func (c CentresConfig) ReadFS(fsys fs.FS, dir string) ([]analysis.Centre, error) {
	if c.List != nil || c.File == "" {
		return c.List, nil
	}
	name := path.Join(dir, c.File)
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("centres: %w", err)
	}
	cs, err := analysis.ReadCentres(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("centres: %s: %w", name, err)
	}
	return cs, nil
}
