// Package analysis answers questions about a release with SQL that DuckDB runs over the
// release's Parquet files: named prevalence tables and ad hoc queries.
//
// It only ever sees releases (never ingest's identifiable records): the cases view is the
// anonymized microdata, and nothing else is reachable from a query.
package analysis
