package analysis

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/duckdb/duckdb-go/v2"
)

// ErrNotReadOnly is returned by QueryReadOnly for a statement that is not one SELECT.
var ErrNotReadOnly = errors.New("only one SELECT statement is allowed: queries on a release are read-only")

// QueryReadOnly runs q, a user's SQL, after making sure it is exactly one SELECT statement.
// DuckDB parses and binds it first (nothing runs): COPY, EXPORT, ATTACH, INSERT, CREATE, SET,
// PRAGMA, EXPLAIN ANALYZE (which would run its statement) and several statements at once are
// refused. The settings of Open (no external access beyond the release folder, configuration
// locked) stay as a second line; they alone would let COPY write into the release folder.
func QueryReadOnly(ctx context.Context, db *sql.DB, q string) (*Table, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(*duckdb.Conn)
		if !ok {
			return fmt.Errorf("read-only query: unexpected driver connection %T", dc)
		}
		// Prepare without a context refuses several statements; PrepareContext would run all
		// but the last.
		st, err := c.Prepare(q)
		if err != nil {
			if strings.Contains(err.Error(), "PrepareContext") {
				return ErrNotReadOnly
			}
			return err
		}
		defer st.Close()
		s, ok := st.(*duckdb.Stmt)
		if !ok {
			return fmt.Errorf("read-only query: unexpected statement %T", st)
		}
		typ, err := s.StatementType()
		if err != nil {
			return err
		}
		if typ != duckdb.STATEMENT_TYPE_SELECT {
			return ErrNotReadOnly
		}
		return nil
	})
	conn.Close() // the one connection goes back to the pool for the query
	if err != nil {
		return nil, err
	}
	return Query(ctx, db, q)
}
