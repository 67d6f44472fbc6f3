package release

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// TablesRelations is the file of the relations between the protected tables' counts
// (TablesDir/TablesRelations), which check needs to re-audit the complementary suppression.
const TablesRelations = "relations.json"

// CountRef names one count of a release's protected tables: index into Relations.Tables (the
// published tables in the order of TablesIndex, then the hidden ones), row and count column.
type CountRef [3]int

// Relation is sum(Left) = sum(Right) (in Relations.Equal) or sum(Left) <= sum(Right) (in
// Relations.AtMost).
type Relation struct {
	Left  []CountRef `json:"left"`
	Right []CountRef `json:"right"`
}

// HiddenTable is a table of cells no published table prints but the tables bound (a
// province's adult women: its women less its girls). Only its shape is recorded: its counts
// are never written.
type HiddenTable struct {
	Name   string     `json:"name"`
	Counts []string   `json:"counts"`
	Rows   [][]string `json:"rows"` // labels per row
}

// Relations are the linear relations between the counts of the protected tables that the
// run's audit solved (every margin, every count that repeats another, and the cells of the
// finest cross-classification the tables together determine, as hidden tables), so that
// check can solve the same linear programs from the published counts alone. They hold only
// the tables' shape, never a withheld count.
type Relations struct {
	Tables []string      `json:"tables"` // published tables, then hidden ones, by name
	Hidden []HiddenTable `json:"hidden"`
	Equal  []Relation    `json:"equal"`
	AtMost []Relation    `json:"at_most"`
	// MayBeZero are withheld counts that the previous release showed as small: they may be 0
	// (any other withheld count is at least the threshold). Anyone comparing the two releases
	// knows which they are.
	MayBeZero []CountRef `json:"may_be_zero,omitempty"`
}

// WriteRelations writes r as TablesDir/TablesRelations.
func (w *Writer) WriteRelations(r *Relations) error {
	if r == nil {
		return nil
	}
	j, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return w.WriteFile(TablesDir+"/"+TablesRelations, append(j, '\n'), len(r.Equal)+len(r.AtMost))
}

// ReadRelations reads the relations of the release in dir (nil when it has none).
func ReadRelations(dir string) (*Relations, error) {
	p := filepath.Join(dir, TablesDir, TablesRelations)
	b, err := os.ReadFile(p)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var r Relations
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	return &r, nil
}

// Resolve returns the tables the relations index (ts, then the hidden tables with every count
// withheld), or an error when they do not match ts or a reference is out of range.
func (r *Relations) Resolve(ts []*Table) ([]*Table, error) {
	if len(r.Tables) != len(ts)+len(r.Hidden) {
		return nil, fmt.Errorf("%s names %d tables, the release has %d and %d hidden", TablesRelations, len(r.Tables), len(ts), len(r.Hidden))
	}
	all := append([]*Table{}, ts...)
	for i, t := range ts {
		if r.Tables[i] != t.Name {
			return nil, fmt.Errorf("%s names table %d %q, the release %q", TablesRelations, i, r.Tables[i], t.Name)
		}
	}
	for i, h := range r.Hidden {
		if r.Tables[len(ts)+i] != h.Name {
			return nil, fmt.Errorf("%s: hidden table %d is %q, listed as %q", TablesRelations, i, h.Name, r.Tables[len(ts)+i])
		}
		t := &Table{Name: h.Name, Counts: h.Counts, TotalCols: make([]bool, len(h.Counts)), Hidden: true}
		for _, l := range h.Rows {
			st := make([]State, len(h.Counts))
			for c := range st {
				st[c] = Hidden
			}
			t.Rows = append(t.Rows, Row{Labels: l, Values: make([]int64, len(h.Counts)), State: st})
		}
		all = append(all, t)
	}
	for _, rels := range [][]Relation{r.Equal, r.AtMost, {{Left: r.MayBeZero}}} {
		for _, x := range rels {
			for _, ref := range append(append([]CountRef{}, x.Left...), x.Right...) {
				if ref[0] < 0 || ref[0] >= len(all) || ref[1] < 0 || ref[1] >= len(all[ref[0]].Rows) || ref[2] < 0 || ref[2] >= len(all[ref[0]].Counts) {
					return nil, fmt.Errorf("%s: a relation names count %v, which no table has", TablesRelations, ref)
				}
			}
		}
	}
	return all, nil
}
