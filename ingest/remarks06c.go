package ingest

import (
	"slices"
	"strings"
	"sync"
)

// deniedOnCheck reports whether a first clause's words are a no-case finding (remarkNotVictim:
// "Screened out", "Not a victim") followed by the check it rests on, after "after", "upon",
// "following", "as per", "per" or "according to" ("Screened out after return home visit",
// "Not a victim as per home visit report"): the finding stands (attack-2026-12-06c C1). Not
// when the words after "after" tell of a time of no harm since ("Not exploited after
// release": timeAfter).
func deniedOnCheck(words []string) bool {
	if len(words) > 12 {
		return false
	}
	for k := 1; k < len(words)-1 && k <= 5; k++ {
		rest := words[k+1:]
		switch words[k] {
		case "after", "upon", "following", "per", "post": // "post home visit" (attack-2026-12-06f F3)
		case "as", "according":
			if rest[0] != "per" && rest[0] != "to" {
				continue
			}
			rest = rest[1:]
		default:
			continue
		}
		if len(rest) == 0 || !remarkNotVictim[strings.Join(words[:k], "")] {
			return false
		}
		return !timeAfter(rest) && slices.ContainsFunc(rest[:min(len(rest), 5)], func(w string) bool { return reviewNouns[w] || checkNouns[w] })
	}
	return false
}

// unreadLanguage reports whether a short remark in Latin letters holds a word that says "not"
// or names a victim in a language the remark checks do not read (romanised Hindi and Urdu,
// romanised Dari, Malay, Tagalog, Swahili, Turkish, Romanian, Italian, Dutch, Polish,
// Albanian, Finnish, German): "Victim nahi hai", "Bukan mangsa pemerdagangan" were counted
// with no notice (attack-2026-12-06c C6). Told in unreadScript's notice; the row is read.
func unreadLanguage(t string) bool {
	return len(t) <= 120 && anyLetterWord(t, foreignDenialSet(), false)
}

// foreignDenialWords are unreadLanguage's words. Not words of the five languages read
// ("non", "no", "si", "bukan" are French, Spanish, Indonesian) nor "Hindi", a language's name.
var foreignDenialWords = map[string]bool{
	// Hindi and Urdu in Latin letters: not; victim
	"nahi": true, "nahin": true, "nahee": true, "nahiin": true, "nhi": true, "peedit": true, "pidit": true, "pirit": true,
	// Dari and Pashto in Latin letters: is not; victim
	"nist": true, "neest": true, "qurbani": true, "qurbanai": true,
	// Malay, Tagalog, Swahili: victim; not
	"mangsa": true, "biktima": true, "mhanga": true, "hakuna": true,
	// Turkish, Romanian, Italian, Dutch, Polish, Albanian, Finnish, German
	"değil": true, "degil": true, "mağdur": true, "magdur": true, "victimă": true, "vittima": true,
	"geen": true, "niet": true, "slachtoffer": true, "ofiarą": true, "ofiara": true, "nuk": true, "viktimë": true,
	"viktime": true, "uhri": true, "nicht": true, "kein": true, "keine": true, "opfer": true,
}

var foreignDenialSet = sync.OnceValue(func() *wordSet {
	s := newWordSet(foreignDenialWords)
	return &s
})

// unsureRemark reports whether a remark's words doubt its mark (unsureWords: "Possible
// duplicate", "Check: not a victim"). Not a check the finding rests on, named after "after",
// "upon" or "following" ("Not a victim after document check": attack-2026-12-06c C1).
func unsureRemark(words []string) bool {
	for i, w := range words {
		if unsureWords[w] && !slices.ContainsFunc(words[max(0, i-3):i], func(x string) bool {
			return x == "after" || x == "upon" || x == "following"
		}) {
			return true
		}
	}
	return false
}
