// Package ingest reads case exports (CSV, TSV, JSON arrays and NDJSON), maps their columns onto
// the canonical case schema, validates every row and accounts for all of them.
//
// A Reader is built per input and pulled like encoding/csv: Read returns the next batch of
// canonical records as an Arrow record, and io.EOF at the end. A row that fails validation does
// not stop the run: it is quarantined with its line, column, field and reason (never its value)
// and counted. A whole input that cannot be read fails with a *ParseError.
//
// Identifiers stay in the records ingest produces, because duplicate detection and linkage need
// them; they live only in memory and the anonymize stage drops them.
package ingest
