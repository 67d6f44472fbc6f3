package ingest

import (
	"slices"
	"strings"
)

// Session ing40's remark rules (attack-2026-12-06e E3, 06f F3): a check's finding that the
// person is not a victim told after a remark's first words ("After a home visit the team
// found that he is not a victim", "The boy was screened out after the second interview",
// "Case closed: investigation found no trafficking"). A clause was judged by its first words
// only, so the finding in its middle was read, with no notice when the remark was short.

// findingDenial reports whether a clause's words tell of a check's finding that the person is
// not a victim anywhere in them: a finding's verb (findingVerbs), then at most four of the
// person's and linking words (findingLinks), then a denial notVictimPhrase reads ("found that
// he is not a victim", "was found not to be a victim", "found no trafficking"); or the
// status "screened out" after an auxiliary ("The boy was screened out after ..."). Not a
// negated finding ("not found", "never screened out"), nor a relative's ("found that her
// sister is not a victim": a relative's word is no link), nor another's view ("police say not
// a victim": no finding's verb).
func findingDenial(words []string) bool {
	for i, w := range words {
		if i > 0 && (denialWords[words[i-1]] || i > 1 && denialWords[words[i-2]] && negatedAux[words[i-1]]) {
			continue // "not found", "was not screened out", "could not be determined", "no se determinó"
		}
		if w == "screened" && i > 0 && i+1 < len(words) && words[i+1] == "out" && screenedAux[words[i-1]] {
			return true
		}
		if !findingVerbs[w] {
			continue
		}
		if slices.ContainsFunc(words[:i], func(x string) bool { return laterVisitWords[x] }) {
			return false // "At follow-up the social worker found no trafficking indicators": an outcome
		}
		j := i + 1
		for j < len(words) && j <= i+4 && findingLinks[words[j]] {
			j++
		}
		if j < len(words) && denialWords[words[j]] && notVictimPhrase(words[j:min(len(words), j+10)]) {
			return true
		}
	}
	return false
}

var (
	// findingVerbs tell of a check's finding.
	findingVerbs = map[string]bool{"found": true, "finds": true, "find": true, "confirmed": true, "confirms": true,
		"determined": true, "concluded": true, "established": true, "assessed": true, "verified": true, "deemed": true,
		"declared": true, "judged": true, "ascertained": true,
		// the other four languages (ing38's Left): Spanish, Portuguese, French, Indonesian
		"determinó": true, "determino": true, "constató": true, "constato": true, "confirmó": true, "confirmo": true,
		"concluyó": true, "concluyo": true, "estableció": true, "establecio": true, "comprobó": true, "comprobo": true,
		"verificó": true, "verifico": true, "encontró": true, "encontro": true, "determinado": true, "constatado": true,
		"confirmado": true, "comprobado": true, "establecido": true, "verificado": true,
		"constatou": true, "confirmou": true, "concluiu": true, "determinou": true, "verificou": true, "apurou": true,
		"apurado": true, "concluído": true, "concluido": true,
		"établi": true, "etabli": true, "constaté": true, "constate": true, "confirmé": true, "confirme": true, "conclu": true,
		"déterminé": true, "determine": true, "vérifié": true, "verifie": true, "avéré": true, "avere": true,
		"menemukan": true, "ditemukan": true, "dipastikan": true, "memastikan": true, "disimpulkan": true,
		"menyimpulkan": true, "terbukti": true, "ditetapkan": true, "dinyatakan": true, "diverifikasi": true}
	// negatedAux may stand between a negation and a finding's verb ("could not be determined",
	// "no se determinó", "não foi confirmado").
	negatedAux = map[string]bool{"be": true, "se": true, "fue": true, "foi": true, "été": true, "ete": true}
	// findingLinks may stand between a finding's verb and its denial: the person, "that", an
	// auxiliary.
	findingLinks = map[string]bool{"that": true, "he": true, "she": true, "they": true, "it": true, "the": true, "child": true,
		"boy": true, "girl": true, "person": true, "man": true, "woman": true, "client": true, "survivor": true, "is": true,
		"was": true, "were": true, "are": true, "to": true, "be": true, "there": true, "had": true, "has": true,
		"been": true, "as": true,
		"que": true, "qu": true, "se": true, "él": true, "el": true, "ella": true, "la": true, "niño": true, "niña": true,
		"persona": true, "es": true, "era": true, "fue": true, "ele": true, "ela": true, "o": true, "criança": true,
		"menino": true, "menina": true, "pessoa": true, "é": true, "foi": true, "il": true, "elle": true, "l": true, "enfant": true,
		"le": true, "est": true, "était": true, "etait": true, "n": true, "bahwa": true, "dia": true, "ia": true, "anak": true,
		"tersebut": true, "itu": true, "adalah": true, "merupakan": true}
	// laterVisitWords tell of a visit after the case (a follow-up's finding is an outcome).
	laterVisitWords = map[string]bool{"follow": true, "followup": true, "monitoring": true, "reintegration": true,
		"reintegrated": true, "since": true, "again": true, "seguimiento": true, "acompanhamento": true, "suivi": true,
		"lanjut": true, "reintegración": true, "reintegracion": true, "reintegração": true, "reintegracao": true,
		"réintégration": true, "reintegrasi": true}
	// screenedAux may stand before "screened out" in a finding ("was screened out").
	screenedAux = map[string]bool{"was": true, "were": true, "been": true, "is": true, "got": true, "be": true, "being": true,
		"and": true, "then": true, "later": true, "subsequently": true, "eventually": true, "finally": true}
)

// findingClauses reports whether a clause of remark t that starts within its first 80
// characters tells of findingDenial's finding, unless the remark voids or doubts its denial
// (denialVoided, unsureRemark, longClauseVoided).
func findingClauses(t string, clauses []string) bool {
	at := 0
	for _, c := range clauses {
		i := strings.Index(t[at:], c)
		if i < 0 || at+i >= 80 {
			break
		}
		at += i + len(c)
		words := letterWords(c)
		if findingDenial(words) && !unsureRemark(words) && !longClauseVoided(c) {
			return !denialVoided(clauses) && !unsureRemark(letterWords(t))
		}
	}
	return false
}

// answerThenReason reads a field's answer followed by a reason ("Victim? no - runaway",
// "Victim: No, went for work": attack-2026-12-06f F3): i is the index of the first ":", "=" or
// "?" and the answer (a markAnswers' key) is the first clause after it; ok is false when t is
// no such remark or its reason may void the answer (a contrast, a reassessment, a victim's or
// trafficking's word, a doubt: "Victim? no - but later trafficked").
func answerThenReason(t string) (i int, yes, ok bool) {
	i = strings.IndexAny(t, ":=?")
	if i <= 0 {
		return 0, false, false
	}
	rest := t[i+1:]
	cut := len(rest)
	for _, sep := range []string{" - ", ",", ";", " – "} {
		if k := strings.Index(rest, sep); k >= 0 && k < cut {
			cut = k
		}
	}
	if cut == len(rest) || strings.TrimSpace(rest[:cut]) == "" {
		return 0, false, false
	}
	yes, ok = markAnswers[fold(rest[:cut])]
	reason := letterWords(rest[cut:])
	if !ok || len(reason) == 0 || unsureRemark(reason) || slices.ContainsFunc(reason, func(w string) bool {
		return contrastWords[w] || reassessVerbs[w] || victimRoleWords[w] || denialTargets[w] || answerPending[w]
	}) || slices.Contains(reason, "to") && slices.Contains(reason, "be") {
		// "Victim? no - pending verification", "Victim: No, to be confirmed": not decided yet
		return 0, false, false
	}
	return i, yes, true
}

// answerPending say that an answer is not final (answerThenReason).
var answerPending = map[string]bool{"pending": true, "awaiting": true, "tbc": true, "tbd": true, "yet": true,
	"unverified": true, "unconfirmed": true, "provisional": true, "provisionally": true, "initially": true, "initial": true}
