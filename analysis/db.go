package analysis

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	_ "github.com/duckdb/duckdb-go/v2" // registers the "duckdb" driver

	"github.com/prevalence/prevalence/schema"
)

// Open starts an in-memory DuckDB with the release in dir as the view cases, and its identified
// victims (schema.VictimFilter: trafficking status actual or possible, or not recorded) as the
// view victims, which the prevalence tables count; at-risk people are never added to them.
// Queries can read the release and nothing else on disk: external access is limited to the
// release's folder.
func Open(ctx context.Context, dir string) (*sql.DB, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(abs, "cases")); err != nil {
		return nil, fmt.Errorf("%s is not a release (no cases folder)", dir)
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return nil, err
	}
	// One connection: settings and the view belong to it.
	db.SetMaxOpenConns(1)
	for _, stmt := range []string{
		// DuckDB adds its temporary directory (".tmp" in the working directory, for an
		// in-memory database) to the directories it may read once external access is off: a
		// query could then read whatever lies there. No temporary directory: a release fits in
		// memory, and nothing of it is spilled to disk either.
		"SET temp_directory = ''",
		fmt.Sprintf("SET allowed_directories = [%s]", quote(abs+string(filepath.Separator))),
		"SET enable_external_access = false",
		"SET lock_configuration = true",
		fmt.Sprintf("CREATE VIEW cases AS SELECT * FROM read_parquet(%s)", quote(filepath.Join(abs, "cases", "**", "*.parquet"))),
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			db.Close()
			return nil, fmt.Errorf("opening the release %s: %w", dir, err)
		}
	}
	// A release without the status (older, or made by the anonymize command from another
	// table) has only victims.
	victims := "CREATE VIEW victims AS SELECT * FROM cases"
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM (DESCRIBE cases) WHERE column_name = ?", schema.TraffickingStatus).Scan(&n); err != nil {
		db.Close()
		return nil, fmt.Errorf("opening the release %s: %w", dir, err)
	}
	if n > 0 {
		victims += " WHERE " + schema.VictimFilter
	}
	if _, err := db.ExecContext(ctx, victims); err != nil {
		db.Close()
		return nil, fmt.Errorf("opening the release %s: %w", dir, err)
	}
	return db, nil
}

// quote returns s as a SQL string literal.
func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
