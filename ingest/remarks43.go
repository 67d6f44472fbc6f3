package ingest

import "strings"

// claimJoined returns t with a reported saying's punctuation taken out, so that the colon,
// dash and quoted forms of another's claim are read as its plain form is (ing42's decision:
// "Police say not a victim" is another's claim, read): "Police say: not a victim", "Police
// say - not a victim", "La policía dice: «no es víctima»", "Polisi bilang - bukan korban" become
// "Police say not a victim" ...; a saying after the quoted denial ("\"Not a victim\", police
// say", "No es víctima - dice la policía") is put before it. The organisation's own saying
// ("Staff say: not a victim": ownSayers) is left as it is, and so still denies; so is a remark
// without a saying (t itself, no allocation).
func claimJoined(t string) string {
	if !strings.ContainsAny(t, ":-–—,") {
		return t
	}
	// a saying before the mark: the words from the clause's start up to it; each such mark is
	// blanked (spaces of its width: the offsets stay), "NGO says: victim; police say: not a
	// victim" as its plain form
	var b []byte
	start := 0
	for i, r := range t {
		switch r {
		case ',', ';', '.', '(', ')', '?', '\n', '\r':
			start = i + 1
		case ':', '-', '–', '—':
			if r == '-' && !dashAlone(t, i) {
				continue
			}
			if w := letterWords(t[start:i]); len(w) > 0 && sayWords[w[len(w)-1]] && reportedClaim(w) {
				if b == nil {
					b = []byte(t)
				}
				for k := i; k < i+len(string(r)); k++ {
					b[k] = ' '
				}
			}
		}
	}
	if b != nil {
		return string(b)
	}
	// a saying after the denial, as its last clause: "\"Not a victim\", police say"
	i := strings.LastIndexAny(t, ",:-–—")
	if i <= 0 || t[i] == '-' && !dashAlone(t, i) {
		return t
	}
	_, size := utf8DecodeAt(t, i)
	if w := letterWords(t[i+size:]); saidAfter(w) && len(letterWords(t[:i])) > 0 {
		// the sayer, then the saying: "dice la policía" as "la policía dice"
		var who, say []string
		for _, x := range w {
			if sayWords[x] {
				say = append(say, x)
			} else {
				who = append(who, x)
			}
		}
		return strings.Join(append(who, say...), " ") + " " + t[:i]
	}
	return t
}

// dashAlone reports whether the hyphen at i stands between spaces (" - "), a clause's mark, not
// a word's ("re-trafficked").
func dashAlone(t string, i int) bool {
	return i > 0 && i+1 < len(t) && t[i-1] == ' ' && t[i+1] == ' '
}

// utf8DecodeAt returns the rune at byte i of t and its size.
func utf8DecodeAt(t string, i int) (rune, int) {
	for _, r := range t[i:] {
		return r, len(string(r))
	}
	return 0, 0
}

// saidAfter reports whether a last clause's words are only a saying and its sayer, of at most
// five words: "police say", "says the police", "dice la policía"; not the
// organisation's own ("staff say": ownSayers) and not a saying of anything else.
func saidAfter(w []string) bool {
	if len(w) < 2 || len(w) > 5 {
		return false
	}
	said := false
	for _, x := range w {
		switch {
		case ownSayers[x] || denialWords[x]:
			return false
		case sayWords[x]:
			said = true
		}
	}
	return said
}
