package main

import (
	"context"
	"fmt"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/reports"
)

func cmdQuery(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "query", "query DIR 'SQL' | query DIR --named NAME | query --list")
	named := fs.String("named", "", "run a named query of the catalogue (see --list)")
	list := fs.Bool("list", false, "list the named queries")
	format := fs.String("format", "table", "output format: table, csv, json or markdown")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *list {
		for _, n := range analysis.Catalogue() {
			fmt.Fprintf(e.stdout, "%-24s %s\n", n.Name, n.Title)
		}
		return nil
	}
	write, ok := map[string]func(*analysis.Table) error{
		"table":    func(t *analysis.Table) error { return t.WriteText(e.stdout) },
		"csv":      func(t *analysis.Table) error { return t.WriteCSV(e.stdout) },
		"json":     func(t *analysis.Table) error { return t.WriteJSON(e.stdout) },
		"markdown": func(t *analysis.Table) error { return t.WriteMarkdown(e.stdout) },
	}[*format]
	if !ok {
		return usageErrorf("unknown --format %q (want table, csv, json or markdown)", *format)
	}
	switch {
	case len(pos) == 0:
		return usageErrorf("no release folder given")
	case *named == "" && len(pos) != 2:
		return usageErrorf("give one SQL statement after the release folder, or --named NAME")
	case *named != "" && len(pos) != 1:
		return usageErrorf("--named takes no SQL")
	}
	dir := pos[0]
	m, err := release.ReadManifest(dir)
	if err != nil {
		return err
	}
	db, err := analysis.Open(ctx, dir)
	if err != nil {
		return err
	}
	defer db.Close()
	if *named != "" {
		n, ok := analysis.LookupNamed(*named)
		if !ok {
			return usageErrorf("no named query %q (see prevalence query --list)", *named)
		}
		t, err := n.Run(ctx, db)
		if err != nil {
			return err
		}
		// Named queries are tables meant for publication: small counts are suppressed.
		return write(reports.Suppress(t, n.Counts, threshold(m)))
	}
	t, err := analysis.Query(ctx, db, pos[1])
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	return write(t)
}

func threshold(m *release.Manifest) int {
	if m.Privacy.SmallCellThreshold > 0 {
		return m.Privacy.SmallCellThreshold
	}
	return reports.DefaultThreshold
}
