// Package anonymize turns identifiable case records into a releasable microdata set: it drops
// direct identifiers, generalizes quasi-identifiers along hierarchies and suppresses the rows
// that would still stand out, so that every released row shares its quasi-identifiers with at
// least k-1 others.
//
// The search engine (Search) works on an encoded Table and knows nothing of cases; cases.go is
// the glue from Arrow case records (schema.Cases) to that table and back to release records
// (schema.Release).
package anonymize
