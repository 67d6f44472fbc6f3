package release

import (
	"strconv"
	"strings"
)

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

// lateOrganisationsNote, with their number and a full stop, follows LateReintegrationsNote's
// sentence in the re-trafficking table's note: how many organisations with people in care have
// records that begin late, so that the brief can say "two organisations with people in care have
// records that begin late" rather than "where an organisation's records begin late" (outc,
// session zn's Left). A count of organisations with people in care, not of every late one (the
// demo's Kolkata police, with no care export, is not counted) nor of people: the manifest's
// late_organisations names each late organisation and its first records.
const lateOrganisationsNote = "Organisations with people in care whose records begin late: "

// LateOrganisations is the note's sentence on n organisations whose records begin late.
func LateOrganisations(n int) string {
	return lateOrganisationsNote + strconv.Itoa(n) + "."
}

// LateOrganisationsIn returns the number of organisations whose records begin late that note
// says (LateOrganisations), and false when it says none (a release made before it).
func LateOrganisationsIn(note string) (int, bool) {
	_, rest, ok := strings.Cut(note, lateOrganisationsNote)
	if !ok {
		return 0, false
	}
	digits, _, ok := strings.Cut(rest, ".")
	n, err := strconv.Atoi(digits)
	if !ok || err != nil || n < 1 {
		return 0, false
	}
	return n, true
}
