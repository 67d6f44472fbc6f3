package ingest

import (
	"errors"
	"strings"
)

// errRemarkSayers is errRemarkNotVictim where the remark's sayers disagree and the
// organisation's own staff's denial decided (sayersDisagree; ing45's rule): told as settled.
var errRemarkSayers = errors.New("a record whose remark column (Notes, Remarks, Comments) says that two sayers disagree whether the person is a victim of trafficking and the organisation's own staff say not (Police say victim; staff say not a victim): the organisation's own finding decides: not a case")

// remarkSayers is rejects' why for a remark read whose sayers disagree whether the person is a
// victim (sayersDisagree): "Staff say victim; police say not a victim". The run settles it (the
// organisation's own staff's word, ing45; another's denial is a claim, ing42) and tells it in a
// notice (Reader.Notices), by column, never by value.
const remarkSayers = "sayers disagree"

// sayersDisagree reports whether remark t names two sayers who disagree whether the person is
// a victim: one clause has a sayer say victim and another has a sayer say not ("Police say
// victim; staff say not a victim", "Staff say: victim; police say: not a victim", "La policía
// dice víctima; el equipo dice que no es víctima", "Polisi bilang korban; petugas bilang bukan
// korban"). Only in a remark the rules judge whole (at most 80 characters, remarkRules' short).
// A clause without a sayer ("Trafficked to Malaysia; police say not a victim") is one sayer's
// word, not a disagreement of two.
func sayersDisagree(t string) bool {
	if len(t) > 80 || !strings.ContainsAny(t, ",;.-–—\n") {
		return false
	}
	var yes, no []string // the sayers of each verdict
	for _, c := range strings.FieldsFunc(t, func(r rune) bool { return strings.ContainsRune(",;.()–—\n\r", r) }) {
		for _, c := range strings.Split(c, " - ") {
			who, victim, ok := saying(letterWords(c))
			switch {
			case !ok:
			case victim:
				yes = append(yes, who)
			default:
				no = append(no, who)
			}
		}
	}
	for _, a := range yes {
		for _, b := range no {
			if a != b {
				return true
			}
		}
	}
	return false
}

// saying reads one clause's words as a sayer's verdict: the sayer (the words before the verb of
// saying, at most four), and whether it says victim or not a victim. ok is false for a clause
// that is no saying of either.
func saying(words []string) (who string, victim, ok bool) {
	k := -1
	for i, w := range words {
		if sayWords[w] {
			k = i
			break
		}
	}
	if k < 1 || k > 4 {
		return "", false, false
	}
	rest := words[k+1:]
	for n := 0; len(rest) > 0 && n < 4 && claimLinks[rest[0]]; n++ {
		rest = rest[1:]
	}
	if len(rest) == 0 {
		return "", false, false
	}
	who = strings.Join(words[:k], " ")
	switch {
	case denialWords[rest[0]] && notVictimPhrase(rest):
		return who, false, true
	case saidVictim[rest[0]] && len(rest) <= 4:
		return who, true, true
	}
	return "", false, false
}

// saidVictim are "victim" in the five languages, as a saying's whole verdict ("Police say
// victim", "La policía dice que es víctima", "Polisi bilang korban").
var saidVictim = map[string]bool{"victim": true, "víctima": true, "victima": true, "victime": true, "vítima": true,
	"vitima": true, "korban": true, "trafficked": true}

// colCount is a count of rows by column (sayersRead).
type colCount struct {
	col string
	n   int
}

// addCol adds n to cs's count of column col.
func addCol(cs []colCount, col string, n int) []colCount {
	for i := range cs {
		if cs[i].col == col {
			cs[i].n += n
			return cs
		}
	}
	return append(cs, colCount{strings.Clone(col), n})
}
