package ingest

import (
	"slices"
	"strings"
)

// ownSayerDenies reports whether remark t (at most 80 characters, as sayersDisagree) has
// another's saying that the person is a victim met by the organisation's own saying that the
// person is not, in the wordings sayersDisagree leaves to the notice (attack-2026-12-07g G2):
// a contrast before the own sayer ("Police say victim, but staff say not a victim", "...;
// however staff say ...", "..., pero el equipo dice que no es víctima"), the organisation named
// as a whole ("shelter staff", "the organisation says", "NGO says"), a screening's outcome
// ("staff say screened out") or the verdict left elliptic after a contrast ("Police say he is
// a victim but staff say he is not"). The organisation's own finding decides: out, with the
// sayers' reason (errRemarkSayers), as "Police say victim; staff say not a victim" is (ing46).
// When an own sayer says victim too, nothing is decided here.
func ownSayerDenies(t string) bool {
	if len(t) > 80 {
		return false
	}
	var yesOwn, yesOther, noOwn bool
	for _, c := range strings.FieldsFunc(t, func(r rune) bool { return strings.ContainsRune(",;.()–—\n\r", r) }) {
		for _, c := range splitContrast(letterWords(c)) {
			who, victim, ok := sayingEllipsis(c)
			switch {
			case !ok:
			case victim && ownSayer(who):
				yesOwn = true
			case victim:
				yesOther = true
			case ownSayer(who):
				noOwn = true
			}
		}
	}
	return yesOther && noOwn && !yesOwn
}

// splitContrast splits a clause's words before each contrast ("but", "however", "pero", "mais",
// "tetapi") and drops it and the dash's place: "Police say he is a victim but staff say he is
// not" is two sayings.
func splitContrast(words []string) [][]string {
	var out [][]string
	start := 0
	for i, w := range words {
		if sayContrasts[w] {
			if i > start {
				out = append(out, words[start:i])
			}
			start = i + 1
		}
	}
	if start < len(words) {
		out = append(out, words[start:])
	}
	return out
}

// sayContrasts are the contrast words between two sayings in the five languages.
var sayContrasts = map[string]bool{"but": true, "however": true, "whereas": true, "while": true, "though": true,
	"although": true, "pero": true, "sin": true, "embargo": true, "mientras": true, "mais": true, "cependant": true,
	"tandis": true, "mas": true, "porém": true, "porem": true, "entretanto": true, "contudo": true, "tetapi": true,
	"tapi": true, "namun": true, "sedangkan": true}

// sayingEllipsis is saying, with a denial left elliptic ("staff say he is not", "staff say
// no") and a screening's outcome ("staff say screened out") read as the verdict not.
func sayingEllipsis(words []string) (who string, victim, ok bool) {
	if who, victim, ok = saying(words); ok {
		return who, victim, ok
	}
	k := slices.IndexFunc(words, func(w string) bool { return sayWords[w] })
	if k < 1 || k > 4 {
		return "", false, false
	}
	rest := words[k+1:]
	for n := 0; len(rest) > 0 && n < 4 && claimLinks[rest[0]]; n++ {
		rest = rest[1:]
	}
	switch {
	case len(rest) == 1 && (rest[0] == "not" || rest[0] == "no" || rest[0] == "bukan" || rest[0] == "pas" || rest[0] == "não" || rest[0] == "nao"):
		return strings.Join(words[:k], " "), false, true
	case len(rest) >= 2 && screenedOut(rest):
		return strings.Join(words[:k], " "), false, true
	}
	return "", false, false
}

// ownSayer reports whether a saying's sayer (its words joined by spaces) is the organisation's
// own: its staff or team (ownSayers, "shelter staff", "our team"), or the organisation itself
// ("the organisation", "NGO", "la organización", "l'ONG", "lembaga", "yayasan").
func ownSayer(who string) bool {
	for _, w := range strings.Fields(who) {
		if ownSayers[w] || orgSayers[w] {
			return true
		}
	}
	return false
}

// orgSayers name the organisation as a whole in the five languages.
var orgSayers = map[string]bool{"organisation": true, "organization": true, "ngo": true, "shelter": true,
	"organización": true, "organizacion": true, "ong": true, "albergue": true, "refugio": true, "organização": true,
	"organizacao": true, "abrigo": true, "foyer": true, "lembaga": true, "yayasan": true, "rumah": true}

// leadingDenial reports whether remark t's first words are the organisation's denial, "Not a
// victim" or "Screened out" (with "as not a victim"), whatever follows (attack-2026-12-07g G3:
// "Screened out as not a victim after a long series of interviews", 62 characters, was read with
// no notice): unless the remark doubts ("?", unsureRemark), turns ("but", "later", "then"), or
// speaks of a victim or an identification again after its head ("Not a victim; her sister is
// a victim", "... identified as trafficked").
func leadingDenial(t string) bool {
	if strings.ContainsRune(t, '?') {
		return false
	}
	words := letterWords(t)
	// a remark remarkRules judges whole (at most 80 characters, a first clause of at most 10
	// words) keeps its judgement: "Not a victim of forced marriage", "Not a victim after return home"
	if c := remarkClauses(t); len(t) <= 80 && (len(c) == 0 || len(letterWords(c[0])) <= 10) {
		return false
	}
	var head int
	switch {
	case len(words) >= 3 && words[0] == "not" && words[1] == "a" && words[2] == "victim":
		head = 3
	case len(words) >= 2 && words[0] == "screened" && words[1] == "out":
		head = 2
		if len(words) >= 6 && words[2] == "as" && words[3] == "not" && words[4] == "a" && words[5] == "victim" {
			head = 6
		}
	default:
		return false
	}
	rest := words[head:]
	if len(rest) > 1 && rest[0] == "of" && rest[1] != "trafficking" && rest[1] != "human" {
		return false // "Not a victim of forced marriage ...": of another form (denialQualified)
	}
	if unsureRemark(words) || slices.ContainsFunc(rest, func(w string) bool {
		return contrastWords[w] || laterWords[w] || sayContrasts[w] || victimRoleWords[w] || w == "trafficked" ||
			w == "identified" || w == "reassessed" || w == "then" || w == "now" || w == "initially" || w == "initial"
	}) {
		return false
	}
	return true
}

// deniedWithin reports whether an unjudged clause's words (longDenial) deny the person inside
// them, after other words: "The boy was interviewed many times by the team and the police in
// the district and he is not a victim" (attack-2026-12-07g G3: read with no notice). Each
// denial is judged with up to four words before it (a relative's, another's claim:
// notVictimPhrase) and five after; the row is read and told, never left out by this.
func deniedWithin(words []string) bool {
	for i, w := range words {
		if denialWords[w] && notVictimPhrase(words[max(0, i-4):min(len(words), i+6)]) {
			return true
		}
	}
	return false
}
