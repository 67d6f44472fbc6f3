package pipeline

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/prevalence/prevalence/detect"
	"github.com/prevalence/prevalence/ingest"
)

// ErrMappedColumn: a config's columns: entry names no column of any input its sources: entry
// applies to, and no other column gives its field.
var ErrMappedColumn = errors.New("a column the config maps is in no input")

// mappedColumns gathers, per sources: entry, the columns: entries that named no column of any
// case input the entry applied to (ingest.Reader.MissingColumns). An export whose header is
// spelt otherwise than the config ("Numero de caso" for "Número de caso"), or was misread in
// another encoding, lost the mapped columns' values to "maps onto no field" while the run went
// on: four of six entries matched nothing and the case number was dropped, so no duplicate
// could be found (attack-2026-12-04b G).
type mappedColumns struct {
	entries map[int]*entryColumns // by index in Config.Sources
}

type entryColumns struct {
	inputs  []string               // the inputs' labels, as the release names them
	missing []ingest.MissingColumn // missing from every input so far; Read: read in any
	unknown []string               // the inputs' columns that mapped onto no field, that can be named
	// per columns: key, the inputs it named no column of while no other column gave its field
	// (lostIn), and whether it named a column of another input (matched): monthly exports of
	// one register whose header was renamed ("Sex of child", then "Child sex") lost the
	// field in the later ones with notices only (attack-2026-12-04d, lows)
	lostIn  map[string][]string
	matched map[string]bool
	fields  map[string]string // key -> its field, as the config writes it
}

// add records one case input read whole under the mapping m (nil: none).
func (mc *mappedColumns) add(cfg *Config, m *ingest.Mapping, st inputStats) {
	if m == nil || len(m.Columns) == 0 || !st.columnsKnown {
		return
	}
	i := -1
	for j := range cfg.Sources {
		if &cfg.Sources[j] == m {
			i = j
		}
	}
	if i < 0 {
		return
	}
	if mc.entries == nil {
		mc.entries = map[int]*entryColumns{}
	}
	e := mc.entries[i]
	if e == nil {
		e = &entryColumns{missing: st.missing}
		mc.entries[i] = e
	} else {
		e.missing = slices.DeleteFunc(e.missing, func(c ingest.MissingColumn) bool {
			return !slices.ContainsFunc(st.missing, func(d ingest.MissingColumn) bool { return d.Key == c.Key })
		})
		for k := range e.missing {
			if j := slices.IndexFunc(st.missing, func(d ingest.MissingColumn) bool { return d.Key == e.missing[k].Key }); st.missing[j].Read {
				e.missing[k].Read = true
			}
		}
	}
	e.inputs = append(e.inputs, st.input.Path)
	if e.lostIn == nil {
		e.lostIn, e.matched, e.fields = map[string][]string{}, map[string]bool{}, map[string]string{}
	}
	for k := range m.Columns { // a key that drops is never missing (MissingColumns)
		j := slices.IndexFunc(st.missing, func(d ingest.MissingColumn) bool { return d.Key == k })
		switch {
		case j < 0:
			e.matched[k] = true
		case !st.missing[j].Read:
			e.lostIn[k] = append(e.lostIn[k], st.input.Path)
			e.fields[k] = st.missing[j].Field
		}
	}
	for _, c := range st.unknown {
		if !slices.Contains(e.unknown, c) {
			e.unknown = append(e.unknown, c)
		}
	}
}

// check refuses an entry whose field came from no column of its inputs (the values the config
// maps were lost), and returns a notice for one whose field another column gave (the entry
// was used for nothing, which a config written for another export's header shows).
func (mc *mappedColumns) check(cfg *Config) ([]string, error) {
	var notices []string
	idx := make([]int, 0, len(mc.entries))
	for i := range mc.entries {
		idx = append(idx, i)
	}
	slices.Sort(idx)
	for _, i := range idx {
		e := mc.entries[i]
		var lost, unused []string
		for _, c := range e.missing {
			s := fmt.Sprintf("%q (%s)", c.Key, c.Field)
			if c.Read {
				unused = append(unused, s)
			} else {
				lost = append(lost, s)
			}
		}
		s := &cfg.Sources[i]
		what := fmt.Sprintf("sources entry %d, match: %q", i+1, s.Match)
		if s.Source != "" {
			what += fmt.Sprintf(" (source %q)", s.Source)
		}
		in := inputsPhrase(e.inputs)
		if len(lost) > 0 {
			hint := ""
			if len(e.unknown) > 0 {
				const shown = 8
				q := make([]string, 0, shown)
				for _, c := range e.unknown[:min(len(e.unknown), shown)] {
					q = append(q, strconv.Quote(c))
				}
				more := ""
				if len(e.unknown) > shown {
					more = fmt.Sprintf(" and %d more", len(e.unknown)-shown)
				}
				hint = fmt.Sprintf(" (its columns that map onto no field: %s%s)", strings.Join(q, ", "), more)
			}
			return notices, fmt.Errorf("%w: config: %s: its columns: %s %s no column of %s, and no other column gives %s: "+
				"the values the config maps would be lost without a word (a header spelt otherwise than the config, or text read in another encoding); "+
				"write each name as the export's header has it%s, or remove the entry if the export does not have the column",
				ErrMappedColumn, what, agree(len(lost), "entry", "entries"), strings.Join(lost, ", ")+" "+agree(len(lost), "names", "name"),
				in, agree(len(lost), "its field", "their fields"), hint)
		}
		var partly []string
		for k, ins := range e.lostIn {
			if e.matched[k] {
				partly = append(partly, fmt.Sprintf("%q (%s) names a column of some of its inputs but none of %s", k, e.fields[k], inputsPhrase(ins)))
			}
		}
		if len(partly) > 0 {
			slices.Sort(partly)
			return notices, fmt.Errorf("%w: config: %s: its columns: %s, and no other column there gives %s: "+
				"those inputs' values of it would be lost without a word (exports of one register whose header was renamed); "+
				"add the other header to columns: for the same field, or give those inputs an entry of their own",
				ErrMappedColumn, what, strings.Join(partly, "; "), agree(len(partly), "its field", "their fields"))
		}
		if len(unused) > 0 {
			notices = append(notices, fmt.Sprintf("config: %s: its columns: %s %s no column of %s (another column gave %s): %s used for nothing; "+
				"is the name spelt as the export's header has it?", what, agree(len(unused), "entry", "entries"), strings.Join(unused, ", ")+" "+agree(len(unused), "names", "name"),
				in, agree(len(unused), "its field", "their fields"), agree(len(unused), "it was", "they were")))
		}
	}
	return notices, nil
}

// inputsPhrase names the inputs an entry applied to: one by its label, more by the first and
// their number.
func inputsPhrase(labels []string) string {
	switch len(labels) {
	case 1:
		return labels[0]
	case 2:
		return labels[0] + " or " + labels[1]
	}
	return fmt.Sprintf("any of its %d inputs (%s, ...)", len(labels), labels[0])
}

// unknownNamed returns the columns of unknown that can be named (detect.HeaderLabel: every word
// known, attack-2026-12-06d D9), or none when
// any is shaped as data (detect.DataShaped: a header that is a row of values); a review, deleted or merged mark is
// read (ingest.ReviewColumn), never a lost entry's column (ingest-exactness28).
func unknownNamed(unknown []string) []string {
	if slices.ContainsFunc(unknown, detect.DataShaped) {
		return nil // a row of data as the header (run.go's notice says so)
	}
	return slices.DeleteFunc(slices.Clone(unknown), func(c string) bool { return ingest.ReviewColumn(c) || !detect.HeaderLabel(c) })
}
