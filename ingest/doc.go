// Package ingest reads case exports, maps their columns onto the canonical case schema,
// validates every row and accounts for all of them.
//
// # Formats
//
//   - CSV and TSV: the delimiter (",", ";", tab or "|") is sniffed from the first lines;
//     RFC 4180 quoting, CRLF or LF, blank lines, and a header row that
//     need not be the first (title lines above it are skipped: the header is the first of the
//     first 20 rows that names at least two known columns). Text is decoded to UTF-8 first: a
//     byte-order mark says UTF-8 or UTF-16 (Excel's "Unicode text"), UTF-16 without one is
//     recognised by its zero bytes, text that is not valid UTF-8 is read as Windows-1252 where
//     its bytes can be Western text (else refused with the line: Arabic-script or Cyrillic
//     code pages must be named), UTF-8 that turns invalid past the first 64 KiB is refused
//     with the line, and Mapping.Encoding names any other encoding. A quoted value may hold line breaks only in a
//     column of free text (narrative, address, or one mapped onto no field), over at most 100
//     lines none of which reads as a row, or in type_of_exploitation as its options one per
//     line (Alt+Enter: at most 10 lines, none holding the delimiter); elsewhere, or beyond that, it is a stray quote that
//     joined rows, and every line of the record is quarantined (each a row, with the line where
//     the quote opened and how many lines it covers), as is every line of a record that spans
//     lines and is malformed (a quote never closed: to the end of the file) or has the wrong
//     number of fields. So the rows read are the file's non-blank lines, but for free text.
//     Files of fewer than 4 columns apply the rule when most inner lines read as rows; a
//     quoted value read over more than 5 lines is named in a notice (Reader.Notices).
//
// In every format a row with no value at all (",,,,", `"",""`, {}, a workbook or Parquet row
// of empty cells) is no case: skipped and counted (Reader.Blank), outside Rows. A row of
// placeholders only is quarantined. A row none of whose own values describes the person or
// the case (only a case id, flags that are false, a form server's metadata; see
// worker.describes) is quarantined too, unless it holds a value in a column that maps onto no
// field: such a row is read, and counted in a notice.
//   - XLSX (excelize), streamed row by row: the sheet Mapping.Sheet names (or those
//     Mapping.Sheets names), else the sheets of cases, each with its own header. The first
//     sheet whose header maps two fields or more (else one) decides the fields a sheet of cases
//     maps; the sheets that map the same fields are read (a sheet per year or shelter). Skipped,
//     with their rows and why (Reader.SkippedSheets) and a notice: a sheet without a header (a
//     notes sheet), a form's repeat group (KoboToolbox's _parent_index: household members), a
//     summary (a column named for counts, of whole numbers, no column that identifies a person,
//     one row per group), and a sheet that maps only some of those fields (a dropdown "Lists"
//     sheet headed "Sex"), a sheet of only free-text columns (notes), and a copy or filtered
//     view of another sheet read (copySheets). Refused (ErrNotCases) when it is not certain: a
//     sheet that maps a field the first does not, a column named for counts beside case
//     numbers, a sheet whose rows all match another's in columns that tell no one apart. A row
//     of totals is quarantined, as in CSV and JSON (worker.totalRow). A notice names every sheet read and its rows. Dates stored as serial numbers
//     become dates; merged cells give their value to every cell they cover. Positions are
//     sheet and row (Rejection.Sheet, shown as "Sheet1!12").
//   - JSON arrays and NDJSON. NDJSON (a first line that is one object, and more lines; or a
//     malformed first line followed by one object) is read line by line: a line that is not one JSON value is quarantined with its line number, unless
//     it is the last line and has no line end (a file cut short fails). In an array, or in
//     objects spread over lines, a malformed value ends the input with an error at its record:
//     no line says where the next value starts (a stray quote makes a syntax error there; a
//     JSON string cannot hold a raw line break, so it cannot swallow lines). Nested
//     objects are flattened to dotted paths (data.sex), and a
//     column name matches case- and punctuation-insensitively, so Kobo's group/field and
//     group.field are one name. Arrays of values are joined with ";"; lists joined with ";",
//     ",", "|" or Primero's " ||| " all work for type_of_exploitation. A file whose first
//     record ties it to another feed's (ODK Central's OData feed of a repeat group:
//     __Submissions-id) is skipped and counted, as a CSV with PARENT_KEY is.
//   - Parquet (pqarrow), every column read as text.
//   - http(s) URLs through Open: bearer token from Mapping.TokenEnv, timeouts, retries with
//     backoff, a size cap; the format from the URL's extension, the Content-Type or the first
//     bytes.
//
// # Reading
//
// A Reader is built per input and pulled like encoding/csv: Read returns the next batch of
// canonical records as an Arrow record, and io.EOF at the end. Inside, one goroutine splits the
// input into chunks of rows (for CSV, about 1 MiB of text cut at record boundaries) and one
// worker per CPU converts chunks into records, with a bounded number of chunks in flight;
// results are put back in input order, so the same input always gives the same records,
// rejections and counts in the same order. A row's values live in slices indexed by field, and
// the normalisers (gender, countries, provinces, vocabularies) are memoised per worker.
//
// A row that fails validation does not stop the run: it is quarantined with its line (or sheet
// and row, or JSON index), column, field and reason (never its value) and counted. A whole
// input that cannot be read (not found, unknown format, broken workbook, undecodable text, too
// large, an HTTP failure) fails with a *ParseError, so that a caller can skip it and go on.
//
// Identifiers stay in the records ingest produces, because duplicate detection and linkage need
// them; they live only in memory (workbooks are inflated in memory, never in temporary files)
// and the anonymize stage drops them.
package ingest
