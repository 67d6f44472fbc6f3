package ingest

import (
	"strings"
	"unicode"
)

// remarkLong is rejects' why for a remark read whose long text denies the victim where the
// remark rules do not judge it (longDenial), told in a notice (Reader.Notices).
const remarkLong = "long remark"

// longDenial reports whether remark t (trimmed, read by remarkMark) says the person is not a
// victim in a clause the rules leave unjudged: a first clause of more than 10 words that
// begins with the denial ("Not a victim of trafficking as she travelled with her mother and
// was never made to work"), or a later clause of a remark over 80 characters that begins with
// one ("Met at the bus station with her aunt, interviewed by staff for two hours. Not a
// victim."). remarkRules reads them by design (a long note tells a story: a denial and its
// reversal, a relative's case), so such a row is read; this tells of it (ing37: zo's limits
// read long denials silently).
func longDenial(t string) bool {
	if !remarkCue(t) {
		return false
	}
	clauses := remarkClauses(t)
	for n, c := range clauses {
		words := strings.FieldsFunc(strings.ToLower(c), func(r rune) bool { return !unicode.IsLetter(r) })
		if len(words) <= 10 && (n == 0 || len(t) <= 80) {
			continue // judged by remarkRules
		}
		// its first words, as a clause of up to 10 words is judged
		if head := words[:min(len(words), 10)]; denialLeads(head) && notVictimPhrase(head) && !unsureRemark(words) {
			return true
		}
	}
	return false
}
