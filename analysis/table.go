package analysis

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
)

// Table is the result of a query: named columns and rows of values (int64, float64, string,
// bool or nil).
type Table struct {
	Name    string   `json:"name,omitempty"`
	Title   string   `json:"title,omitempty"`
	Columns []string `json:"columns"`
	Rows    [][]any  `json:"rows"`
	// Microdata, when set, says why the table was counted from the k-anonymous microdata
	// rather than the release's protected tables (see MicrodataNote): its counts lack the
	// rows k-anonymity suppressed and may differ from the protected tables'.
	Microdata string `json:"microdata,omitempty"`
	// ShareNote, when set, says how the shares were computed when their denominator is
	// withheld but bounded by the published tables (the share at the bounds' midpoint).
	ShareNote string `json:"share_note,omitempty"`
	// RateNote, when the table has rates, says what they are: per how many people, over
	// which years' population (a yearly rate over person-years, or one year's people).
	RateNote string `json:"rate_note,omitempty"`
	// PartialNote, when set, says which period is not compared with the one before: the
	// release does not cover its last year whole (the manifest's partial_year).
	PartialNote string `json:"partial_note,omitempty"`
}

// Query runs q on db and collects the result.
func Query(ctx context.Context, db *sql.DB, q string, args ...any) (*Table, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	t := &Table{Columns: cols, Rows: [][]any{}}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range vals {
			vals[i] = normalize(v)
		}
		t.Rows = append(t.Rows, vals)
	}
	return t, rows.Err()
}

// normalize turns driver values into the few kinds a Table holds.
func normalize(v any) any {
	switch x := v.(type) {
	case int8:
		return int64(x)
	case int16:
		return int64(x)
	case int32:
		return int64(x)
	case uint8:
		return int64(x)
	case uint16:
		return int64(x)
	case uint32:
		return int64(x)
	case uint64:
		return int64(x)
	case int:
		return int64(x)
	case float32:
		return float64(x)
	case *big.Int:
		return x.Int64()
	case []byte:
		return string(x)
	case time.Time:
		return x.Format("2006-01-02")
	}
	return v
}

// Cell formats a value for text output; nil is empty.
func Cell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}

// WriteCSV writes t as CSV with a header row. Cells that a spreadsheet would run as a formula
// are prefixed with a quote.
func (t *Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(t.Columns)
	rec := make([]string, len(t.Columns))
	for _, r := range t.Rows {
		for i, v := range r {
			rec[i] = DefuseFormula(Cell(v))
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// DefuseFormula keeps a spreadsheet from running a CSV cell as a formula (CSV injection): text
// starting with = + - @ tab or CR gets a leading quote; numbers such as -5 stay as they are.
func DefuseFormula(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		if _, err := strconv.ParseFloat(s, 64); err != nil {
			return "'" + s
		}
	}
	return s
}

// WriteJSON writes t as an array of objects keyed by column.
func (t *Table) WriteJSON(w io.Writer) error {
	out := make([]map[string]any, len(t.Rows))
	for i, r := range t.Rows {
		m := make(map[string]any, len(r))
		for j, v := range r {
			m[t.Columns[j]] = v
		}
		out[i] = m
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// WriteText writes t as aligned columns for a terminal.
func (t *Table) WriteText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(t.Columns, "\t"))
	for _, r := range t.Rows {
		cells := make([]string, len(r))
		for i, v := range r {
			cells[i] = Cell(v)
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	return tw.Flush()
}

// EscapeMarkdown makes text from a release safe to put in Markdown: a "<" that could open an
// HTML tag (<img onerror=...>, <script>) and the characters of links, images, code spans and
// tables are backslash-escaped, so that no cell renders as markup or as a javascript: link.
// "*", "_" and "~", which can open or close emphasis and strikethrough (a source named
// "*urgent*" would print in italics), are escaped where they can: not a "*" alone between
// spaces (the period label), nor a "_" inside a word (CommonMark's intraword "_" is text),
// so column names such as cases_lower stay as they are. "<10" stays as it is.
func EscapeMarkdown(s string) string {
	var b strings.Builder
	rs := []rune(s)
	at := func(i int) rune {
		if i < 0 || i >= len(rs) {
			return ' '
		}
		return rs[i]
	}
	word := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	for i, r := range rs {
		switch r {
		case '<':
			if i+1 < len(rs) && (unicode.IsLetter(rs[i+1]) || strings.ContainsRune("/!?", rs[i+1])) {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		case '*', '~':
			if !unicode.IsSpace(at(i-1)) || !unicode.IsSpace(at(i+1)) {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		case '_':
			if !word(at(i-1)) || !word(at(i+1)) {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		case '\\', '`', '[', ']', '|':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n', '\r':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// WriteMarkdown writes t as a Markdown table, every cell and header escaped (EscapeMarkdown).
func (t *Table) WriteMarkdown(w io.Writer) error {
	esc := EscapeMarkdown
	hdr := make([]string, len(t.Columns))
	sep := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		hdr[i], sep[i] = esc(c), "---"
	}
	fmt.Fprintf(w, "| %s |\n| %s |\n", strings.Join(hdr, " | "), strings.Join(sep, " | "))
	for _, r := range t.Rows {
		cells := make([]string, len(r))
		for i, v := range r {
			cells[i] = esc(Cell(v))
		}
		if _, err := fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | ")); err != nil {
			return err
		}
	}
	return nil
}
