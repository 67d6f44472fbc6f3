package ingest

import "slices"

// reportedClaim reports whether the words before a denial (before, up to the negation) end
// with another's saying and its links: "Police say (that he is) not a victim", "La policía
// dice que no es víctima", "A polícia diz que não é vítima", "La police dit qu'il n'est pas
// victime", "Polisi bilang bukan korban", "He says he is not a victim", "Employer claims not a
// victim". The remark then reports a claim, not the organisation's finding: the row is read,
// in any clause and in each language alike (ing41's Left: the Spanish was out while the
// English in a later clause was read). A saying of the organisation's own ("Staff say", "El
// equipo dice", "We say") is its finding and still denies; the organisation's denial citing
// its basis ("Not a victim according to police", "No es víctima según la familia": saidBy)
// is not a saying and still denies.
func reportedClaim(before []string) bool {
	k := len(before) - 1
	for n := 0; k >= 0 && n < 4 && claimLinks[before[k]]; n++ {
		k--
	}
	if k < 0 || !sayWords[before[k]] {
		return false
	}
	for _, w := range before[:k] {
		if ownSayers[w] {
			return false
		}
	}
	return true
}

// sayWords are the verbs of saying or claiming in the five languages.
var sayWords = map[string]bool{"say": true, "says": true, "said": true, "claim": true, "claims": true, "claimed": true,
	"insist": true, "insists": true, "insisted": true, "allege": true, "alleges": true, "alleged": true,
	"dice": true, "dicen": true, "dijo": true, "dijeron": true, "afirma": true, "afirman": true, "afirmó": true,
	"alega": true, "alegan": true, "alegó": true, "asegura": true, "aseguró": true, "diz": true, "dizem": true,
	"disse": true, "disseram": true, "afirmou": true, "alegou": true, "dit": true, "disent": true, "affirme": true,
	"affirment": true, "affirmé": true, "prétend": true, "prétendent": true, "bilang": true, "mengatakan": true,
	"berkata": true, "mengaku": true, "menyatakan": true, "katanya": true}

// claimLinks may stand between a saying and its denial: "that he is", "que", "qu'il n'est",
// "bahwa dia".
var claimLinks = map[string]bool{"that": true, "he": true, "she": true, "they": true, "it": true, "is": true, "was": true,
	"to": true, "be": true, "que": true, "qu": true, "él": true, "ella": true, "es": true, "ele": true, "ela": true, "é": true,
	"il": true, "elle": true, "n": true, "est": true, "bahwa": true, "dia": true, "ia": true, "a": true}

// ownSayers are the organisation's own people: their saying is its finding.
var ownSayers = map[string]bool{"we": true, "staff": true, "team": true, "caseworker": true, "worker": true,
	"workers": true, "counsellor": true, "counselor": true, "nosotros": true, "equipo": true, "personal": true,
	"trabajador": true, "trabajadora": true, "nós": true, "equipe": true, "equipa": true, "nous": true, "équipe": true,
	"kami": true, "tim": true, "petugas": true, "pekerja": true, "staf": true}

// screenedOut reports whether a remark's first clause (words: letterWords) of at most 12 words
// says the person was screened out, in any of the five languages, by the rule English's "Was
// screened out after the interview" follows: leading words of a subject or an auxiliary only
// ("Was", "Fue", "Foi", "A été", "El niño fue", "Dia"), a screening's negative outcome, then
// nothing or the check it rests on ("tras la entrevista", "na triagem", "lors du dépistage",
// "screening"): "Fue descartado", "Caso descartado", "Foi descartada na triagem", "A été
// écarté", "Non retenu après l'entretien", "Tidak lolos screening" (ing41's Left). An outcome
// that may be of another thing ("Non retenu", "Tidak lolos", "Reprovado": a school's, a
// job's) needs the check named. Not negated ("No fue descartado": a negation is no leading
// word), not with a contrast or another person after it ("Descartado pero luego identificado",
// "Descartado, su hermano víctima" is two clauses: the first is judged alone, as English's).
func screenedOut(words []string) bool {
	if len(words) > 12 {
		return false
	}
	i := 0
	for i < len(words) && i < 4 && (coreLeads[words[i]] || screenLeads[words[i]]) {
		i++
	}
	for _, o := range screenOutcomes {
		if len(words)-i < len(o.words) || !slices.Equal(words[i:i+len(o.words)], o.words) {
			continue
		}
		rest := words[i+len(o.words):]
		if slices.ContainsFunc(rest, func(w string) bool {
			return contrastWords[w] || denialWords[w] || relativeRoleWords[w] || laterWords[w]
		}) {
			return false
		}
		if len(rest) == 0 {
			return !o.needsCheck
		}
		return len(rest) <= 8 && slices.ContainsFunc(rest, func(w string) bool { return reviewNouns[w] || checkNouns[w] || screenNouns[w] })
	}
	return false
}

// screenOutcomes are a screening's negative outcomes; needsCheck: only with the check named.
var screenOutcomes = []struct {
	words      []string
	needsCheck bool
}{
	{[]string{"screened", "out"}, false}, {[]string{"descartado"}, false}, {[]string{"descartada"}, false},
	{[]string{"descartados"}, false}, {[]string{"descartadas"}, false}, {[]string{"écarté"}, false},
	{[]string{"écartée"}, false}, {[]string{"ecarte"}, false}, {[]string{"ecartee"}, false},
	{[]string{"non", "retenu"}, true}, {[]string{"non", "retenue"}, true}, {[]string{"tidak", "lolos"}, true},
	{[]string{"reprovado"}, true}, {[]string{"reprovada"}, true},
}

// screenLeads are screenedOut's leading words beside clauseCore's (coreLeads): a subject or an
// auxiliary in the other languages.
var screenLeads = map[string]bool{"he": true, "she": true, "child": true, "boy": true, "girl": true, "person": true,
	"fue": true, "ha": true, "sido": true, "caso": true, "el": true, "la": true, "niño": true, "niña": true,
	"foi": true, "o": true, "criança": true, "est": true, "été": true, "il": true, "elle": true, "le": true, "dossier": true,
	"dia": true, "telah": true, "sudah": true, "kasus": true, "anak": true}

// screenNouns are screenings' names beside reviewNouns and checkNouns.
var screenNouns = map[string]bool{"screening": true, "triaje": true, "tamizaje": true, "cribado": true, "filtro": true,
	"triagem": true, "dépistage": true, "depistage": true, "tri": true, "penyaringan": true, "seleksi": true,
	"skrining": true, "visita": true, "visite": true, "kunjungan": true, "entrevista": true, "entretien": true}
