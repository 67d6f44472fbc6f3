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
//
// Binding is not harmless: DuckDB creates EXPORT DATABASE's folder while it prepares the
// statement, refused or not (inside the release folder, the one it may write). So q is first
// only parsed, by json_serialize_sql, which serializes SELECT statements and nothing else.
func QueryReadOnly(ctx context.Context, db *sql.DB, q string) (*Table, error) {
	var failed bool
	var kind, msg sql.NullString
	if err := db.QueryRowContext(ctx, `SELECT s.error::BOOLEAN, s.error_type::VARCHAR, s.error_message::VARCHAR
		FROM (SELECT json_serialize_sql(?::VARCHAR)::JSON AS j), LATERAL (SELECT j->>'error' AS error, j->>'error_type' AS error_type, j->>'error_message' AS error_message) s`, q).Scan(&failed, &kind, &msg); err != nil {
		return nil, fmt.Errorf("read-only query: parsing: %w", err)
	}
	if failed {
		if kind.String == "not implemented" {
			return nil, ErrNotReadOnly
		}
		return nil, errors.New(msg.String)
	}
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
