package release

// Words of the tables' notes that the reports read: anonymize writes them and reports looks
// for them, both through these constants, so a rewording on one side cannot silently drop a
// sentence on the other (outc session zl: the brief's late-records sentence hung on a phrase
// of anonymize's note that reports repeated by hand).
const (
	// LateStaysNote opens the length-of-stay and reintegration tables' sentence on stays
	// entered late (delayed entry): some stay was open on the day its organisation's records
	// begin late.
	LateStaysNote = "A stay already open on the day its organisation's records begin late"
	// LateReintegrationsNote opens the re-trafficking table's sentence when an organisation
	// with people in care has records that begin late: the people it reintegrated before
	// then are in no export (re-trafficking counts from reintegration, which for them is not
	// recorded), whether or not a stay of it was open on its first day.
	LateReintegrationsNote = "An organisation whose records begin late exports no one it reintegrated before then"
)
