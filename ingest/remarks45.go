package ingest

import "slices"

// ownSaid reports whether a remark's clause (words: letterWords) begins with the organisation's
// own saying and then its denial: "staff say not a victim", "el equipo dice que no es víctima",
// "l'équipe dit pas victime", "a equipe diz não é vítima", "petugas bilang bukan korban". Such a
// clause denies in a later clause as a denial leading it does ("Verified - not a victim"): in
// "Police say victim; staff say not a victim" another's claim meets the organisation's own
// finding, which decides, as in the remark's colon form ("Police say: victim; staff say: not a
// victim", ing43's Left) and as "Staff say not a victim" alone. Another's saying of a denial
// ("Staff say victim; police say not a victim") is a claim (reportedClaim): read.
func ownSaid(words []string) bool {
	i := slices.IndexFunc(words, func(w string) bool { return denialWords[w] })
	if i < 2 {
		return false
	}
	k := i - 1
	for n := 0; k >= 0 && n < 4 && claimLinks[words[k]]; n++ {
		k--
	}
	if k < 1 || !sayWords[words[k]] {
		return false
	}
	own := false
	for _, w := range words[:k] {
		switch {
		case ownSayers[w]:
			own = true
		case !sayerLeads[w]:
			return false
		}
	}
	return own
}

// sayerLeads may stand before or between an own sayer's words: "the staff", "our team", "case
// worker", "staff member", "el equipo", "l'équipe", "a equipe", "nuestro personal", "tim kami".
var sayerLeads = map[string]bool{"the": true, "our": true, "case": true, "social": true, "field": true, "member": true,
	"members": true, "el": true, "la": true, "los": true, "las": true, "nuestro": true, "nuestra": true, "nuestros": true,
	"l": true, "le": true, "les": true, "notre": true, "nos": true, "a": true, "o": true, "os": true, "as": true,
	"nossa": true, "nosso": true, "nossos": true, "de": true, "du": true, "del": true, "da": true, "do": true}
