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
	if len(t) <= 80 && strings.Count(t, " ") < 10 || !remarkCue(t) {
		return false // every clause judged: a remark of at most 80 characters and 10 words
	}
	clauses := remarkClauses(t)
	for n, c := range clauses {
		words := strings.FieldsFunc(strings.ToLower(c), func(r rune) bool { return !unicode.IsLetter(r) })
		if len(words) <= 10 && (n == 0 || len(t) <= 80) {
			continue // judged by remarkRules
		}
		// its first words, as a clause of up to 10 words is judged
		if head := words[:min(len(words), 10)]; denialLeads(head) && notVictimPhrase(head) && !unsureRemark(words) && !longClauseVoided(c) {
			return true
		}
		if deniedWithin(words) && !unsureRemark(words) && !longClauseVoided(c) {
			return true // "... and he is not a victim" (ing47)
		}
	}
	return false
}

// longClauseVoided reports whether a clause over 48 characters (judged by its words since
// ing37; it was read whatever it said) tells of its denial and a reversal in one run of words:
// split before a contrast or a joining word ("Not a victim but was at risk and later
// trafficked"), its parts void the denial as a remark's clauses would (denialVoided). A
// shorter clause is judged as before.
func longClauseVoided(c string) bool {
	if len(c) <= 48 {
		return false
	}
	var parts []string
	start := 0
	for i := 0; i < len(c); {
		for i < len(c) && c[i] == ' ' {
			i++
		}
		j := i
		for j < len(c) && c[j] != ' ' {
			j++
		}
		w := strings.ToLower(strings.TrimFunc(c[i:j], func(r rune) bool { return !unicode.IsLetter(r) }))
		if i > start && (contrastWords[w] || joinWords[w]) {
			parts = append(parts, strings.TrimSpace(c[start:i]))
			start = i
		}
		i = j
	}
	parts = append(parts, strings.TrimSpace(c[start:]))
	return len(parts) > 1 && denialVoided(parts)
}

// joinWords join two parts of a clause: "and", "then" (and their Spanish, French, Portuguese,
// Indonesian words).
var joinWords = map[string]bool{"and": true, "then": true, "y": true, "luego": true, "et": true, "puis": true, "e": true,
	"depois": true, "dan": true, "lalu": true, "kemudian": true}
