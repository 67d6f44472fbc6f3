package reports

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/release"
)

// File is one output of the report, with its path relative to the release folder.
type File struct {
	Path string
	Data []byte
	Rows int // data rows for tables, 0 otherwise
}

// Options steer a report.
type Options struct {
	// Threshold for small-cell suppression; DefaultThreshold when zero.
	Threshold int
}

// Build runs the headline tables on db and renders reports/report.md and reports/NAME.csv.
// m describes the release (its counts and protection); its outputs need not be final.
func Build(ctx context.Context, db *sql.DB, m *release.Manifest, opt Options) ([]File, error) {
	if opt.Threshold <= 0 {
		opt.Threshold = DefaultThreshold
	}
	var files []File
	var md bytes.Buffer
	fmt.Fprintf(&md, "# Prevalence report\n\n")
	fmt.Fprintf(&md, "Produced by %s %s from %d input file(s). ", m.Tool, m.Version, len(m.Inputs))
	c := m.Counts
	fmt.Fprintf(&md, "Of %d rows read, %d were released, %d suppressed to protect privacy, %d quarantined as invalid and %d merged as duplicates.\n\n",
		c.Read, c.Written, c.Suppressed, c.Quarantined, c.Duplicates)
	fmt.Fprintf(&md, "Counts from 1 to %d are shown as `<%d` so that no small group can be singled out.\n\n", opt.Threshold-1, opt.Threshold)
	for _, n := range analysis.Headline() {
		t, err := n.Run(ctx, db)
		if err != nil {
			return nil, err
		}
		safe := Suppress(t, n.Counts, opt.Threshold)
		fmt.Fprintf(&md, "## %s\n\n", n.Title)
		if len(safe.Rows) == 0 {
			md.WriteString("No released cases.\n\n")
		} else {
			safe.WriteMarkdown(&md)
			md.WriteString("\n")
		}
		var csvBuf bytes.Buffer
		if err := safe.WriteCSV(&csvBuf); err != nil {
			return nil, err
		}
		files = append(files, File{Path: "reports/" + n.Name + ".csv", Data: csvBuf.Bytes(), Rows: len(safe.Rows)})
	}
	writePrivacy(&md, m)
	files = append(files, File{Path: "reports/report.md", Data: md.Bytes()})
	return files, nil
}

func writePrivacy(md *bytes.Buffer, m *release.Manifest) {
	p := m.Privacy
	fmt.Fprintf(md, "## How this release protects people\n\n")
	fmt.Fprintf(md, "- Direct identifiers (%s) were removed and never written.\n", strings.Join(p.DroppedIdentifiers, ", "))
	fmt.Fprintf(md, "- Every released case shares its %s with at least %d-1 others (k-anonymity, k = %d).\n",
		strings.Join(p.QuasiIdentifiers, ", "), p.K, p.K)
	fmt.Fprintf(md, "- Up to %.0f%% of cases could be withheld to reach this; %d were.\n", 100*p.SuppressionLimit, m.Counts.Suppressed)
	md.WriteString("- Quasi-identifiers were generalized as follows:\n\n")
	md.WriteString("| quasi-identifier | columns | released as |\n| --- | --- | --- |\n")
	for _, l := range p.Levels {
		as := l.Name
		if !l.Protected {
			as += " (not protected)"
		}
		fmt.Fprintf(md, "| %s | %s | %s |\n", l.QuasiIdentifier, strings.Join(l.Columns, ", "), as)
	}
	md.WriteString("\n")
}
