// Package release writes and verifies an anonymized release: Parquet files of cases written
// through Arrow's pqarrow writer, a manifest that states what was protected and how, and a
// quarantine file of the rows that were rejected (where and why, never what).
//
// A release is written into a temporary folder beside its target and renamed into place only
// when complete, so that a reader never sees half a release.
package release
