package ingest

import (
	"slices"
	"strings"
)

// Session zr's remark rules (attack-2026-12-06d D1, D7): rules by a remark's structure rather
// than its words, as the lists of phrases grew every session (06b B4, 06c C1, 06d D1).

// fieldAnswer judges a short remark written as a form's field and its answer ("Victim: No",
// "Trafficked - No", "TIP? No", "Include in stats: No", "Exclude = yes", "Duplicate? Yes":
// attack-2026-12-06d D7): staff type the form's question and its answer into a notes field.
// matched is false when t is no such remark; else out says whether the answer leaves the row
// out, and why. A no to a victim's or a count's question leaves it out; a yes to an exclusion's.
// The label is judged whole: every word of it one of the question's (fieldLabelWords), so
// "Victim's ID: No", "Re-trafficked: No", "Trafficked again: No", "Test: Yes" are no such remark.
func fieldAnswer(t string) (why string, out, matched bool) {
	if len(t) > 48 {
		return "", false, false
	}
	i := strings.LastIndexAny(t, ":=?-")
	if i <= 0 {
		return "", false, false
	}
	yes, ok := markAnswers[fold(t[i+1:])]
	if !ok {
		i, yes, ok = answerThenReason(t)
	} else if strings.TrimSpace(t[i+1:]) == "" {
		return "", false, false
	}
	if !ok {
		return "", false, false
	}
	label := strings.TrimRight(strings.TrimSpace(t[:i]), "?:=-– ")
	// a form's hint in brackets: "Victim (Y/N): N", "Include? (yes/no): no"
	if j := strings.LastIndexByte(label, '('); j > 0 && strings.HasSuffix(label, ")") {
		label = strings.TrimRight(strings.TrimSpace(label[:j]), "?:=- ")
	}
	words := letterWords(label)
	if len(words) == 0 || len(words) > 5 {
		return "", false, false
	}
	victim, count, exclude := false, false, false
	for _, w := range words {
		switch {
		case fieldVictimWords[w]:
			victim = true
		case fieldCountWords[w]:
			count = true
		case fieldExcludeWords[w]:
			exclude = true
		case !fieldLabelWords[w]:
			return "", false, false
		}
	}
	switch {
	case exclude && !victim && !count:
		if yes {
			return errMarkedNoCase.Error(), true, true
		}
		return "", false, true // "Exclude: No", "Duplicate - no"
	case victim || count:
		if yes || exclude {
			return "", false, !exclude
		}
		if victim {
			return errRemarkNotVictim.Error(), true, true
		}
		return errMarkedNoCase.Error(), true, true
	}
	return "", false, false
}

var (
	// fieldVictimWords ask whether the person is a victim of trafficking: a no denies it.
	fieldVictimWords = map[string]bool{"victim": true, "vot": true, "trafficked": true, "trafficking": true, "tip": true,
		"ht": true, "identified": true, "víctima": true, "victima": true, "vítima": true, "vitima": true, "victime": true,
		"korban": true, "tppo": true, "trata": true, "traite": true}
	// fieldCountWords ask whether the record is one to count: a no leaves it out.
	fieldCountWords = map[string]bool{"genuine": true, "verified": true, "valid": true, "eligible": true, "include": true,
		"included": true, "count": true, "counted": true, "real": true, "incluir": true, "válido": true, "valido": true}
	// fieldExcludeWords ask whether the record is one to leave out: a yes leaves it out.
	fieldExcludeWords = map[string]bool{"exclude": true, "excluded": true, "delete": true, "deleted": true, "remove": true,
		"ignore": true, "duplicate": true, "dup": true, "fake": true, "dummy": true, "excluir": true, "duplicado": true}
	// fieldLabelWords may stand beside them in the question ("Is a trafficking victim", "Include
	// in stats", "Human trafficking case", "Exclude from count").
	fieldLabelWords = map[string]bool{"is": true, "a": true, "an": true, "the": true, "of": true, "in": true, "from": true,
		"to": true, "be": true, "this": true, "case": true, "record": true, "entry": true, "person": true, "human": true,
		"stats": true, "statistics": true, "report": true, "reports": true, "reporting": true, "analysis": true,
		"status": true, "confirmed": true, "as": true, "es": true, "caso": true}
)

// markCommand reports whether the words of a short remark's first clause (at most six) are an
// instruction to leave the record out, whatever its politeness or its object: a verb of
// markVerbs and only words of the record besides ("Please exclude", "Pls remove this", "Ignore
// this row", "Exclude this", "Excluded from count", "To be removed from the list": attack-
// 2026-12-06d D1). Not with a negation ("Do not remove"), nor with any other word ("Removed
// from the brothel", "Exclude from media reports", "Delete phone number").
func markCommand(words []string) bool {
	if len(words) == 0 || len(words) > 6 {
		return false
	}
	verb, recordNoun := "", false
	for _, w := range words {
		switch {
		case markVerbs[w]:
			if verb != "" {
				return false
			}
			verb = w
		case markObjectWords[w]:
			recordNoun = recordNoun || markRecordNouns[w]
		default:
			return false
		}
	}
	// "Removed" alone is of the person as often as of the record ("removed from the situation")
	return verb != "" && (verb != "removed" || recordNoun)
}

var (
	markVerbs = map[string]bool{"exclude": true, "excluded": true, "remove": true, "removed": true, "ignore": true,
		"ignored": true, "delete": true, "deleted": true, "discard": true, "discarded": true, "drop": true, "omit": true,
		"omitted": true, "disregard": true, "excluir": true, "eliminar": true, "exclure": true, "supprimer": true,
		"hapus": true, "abaikan": true}
	markRecordNouns = map[string]bool{"row": true, "record": true, "entry": true, "list": true, "count": true,
		"stats": true, "statistics": true, "report": true, "analysis": true, "database": true, "register": true,
		"data": true, "dataset": true, "sheet": true, "line": true, "counting": true, "registry": true}
	markObjectWords = func() map[string]bool {
		m := map[string]bool{"please": true, "pls": true, "plz": true, "kindly": true, "this": true, "it": true, "that": true,
			"one": true, "the": true, "case": true, "from": true, "to": true, "be": true, "should": true, "must": true,
			"was": true, "is": true, "has": true, "been": true, "and": true, "our": true, "all": true}
		for w := range markRecordNouns {
			m[w] = true
		}
		return m
	}()
)

// clauseCore returns a clause's words without the words that lead into a status or lag after
// it ("Was screened out", "Was a hoax", "Case rejected", "Fraudulent case", "It was fake": the
// register's status in a sentence, attack-2026-12-06d D1), folded as fold folds them; "" when
// none was dropped (the whole clause is looked up already) or when nothing is left.
func clauseCore(words []string) string {
	if len(words) < 2 || len(words) > 6 {
		return ""
	}
	i, j := 0, len(words)
	for i < j && coreLeads[words[i]] {
		i++
	}
	for j > i && coreLags[words[j-1]] {
		j--
	}
	if i == j || i == 0 && j == len(words) {
		return ""
	}
	return strings.Join(words[i:j], "")
}

var (
	coreLeads = map[string]bool{"was": true, "is": true, "has": true, "been": true, "it": true, "this": true, "a": true,
		"an": true, "the": true, "case": true, "record": true, "entry": true, "found": true, "be": true, "to": true,
		"reported": true, "turned": true, "out": true, "proved": true, "proven": true, "deemed": true, "considered": true}
	coreLags = map[string]bool{"case": true, "record": true, "entry": true, "one": true, "report": true, "claim": true}
)

// coreNoCase are the cores (clauseCore) beside remarkNotVictim's and noCaseStatuses' keys that
// say the record is no case of trafficking: a fake or a fraud, a rejection, a ruling out, a
// case outside the organisation's mandate, the registers' "NV" (not victim).
var coreNoCase = map[string]bool{"fake": true, "faked": true, "fraud": true, "fraudulent": true, "ruledout": true,
	"notwithinmandate": true, "outsidemandate": true, "outofmandate": true, "notinmandate": true, "nv": true,
	"falsified": true, "invented": true, "madeup": true}

// substantiationDenied reports whether a clause of at most six words says that the allegation
// could not be substantiated or established, whatever the auxiliary ("Could not substantiate",
// "Trafficking could not be established", "Unable to substantiate the claim", "Couldn't
// substantiate"): a negation (or "unable") and a verb of substantiation, and words of the
// allegation only besides. Not "Not substantiated in court" (a court's), which names more.
func substantiationDenied(words []string) bool {
	if len(words) < 2 || len(words) > 6 {
		return false
	}
	neg, verb := false, false
	for _, w := range words {
		switch {
		case denialWords[w] || w == "unable" || w == "cannot" || w == "couldn" || w == "can" || w == "t" && neg:
			neg = neg || w != "can"
		case strings.HasPrefix(w, "substantiat") || w == "established" || w == "establish" || w == "proven" || w == "proved":
			verb = true
		case !substantiationWords[w]:
			return false
		}
	}
	return neg && verb
}

var substantiationWords = map[string]bool{"could": true, "be": true, "been": true, "was": true, "is": true, "to": true,
	"the": true, "it": true, "allegation": true, "allegations": true, "claim": true, "claims": true, "trafficking": true,
	"case": true, "tip": true, "ht": true, "has": true, "have": true, "did": true, "we": true, "staff": true}

// nearVictim reports whether w is a typing slip of "victim" ("victin", "vicitm", "vitim",
// "victum", "victom"): one letter changed, dropped, added or two swapped
// (attack-2026-12-06d D1). The denial's other words are judged as written.
func nearVictim(w string) bool {
	if len(w) < 5 || len(w) > 7 || w[0] != 'v' || denialTargets[w] { // "vctim" too (attack-2026-12-06f F3)
		return false
	}
	return editOne(w, "victim")
}

// editOne reports whether a and b (ASCII) differ by one edit: a letter changed, dropped or
// added, or two neighbours swapped.
func editOne(a, b string) bool {
	if a == b {
		return false
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	switch len(b) - len(a) {
	case 0:
		if a[i+1:] == b[i+1:] {
			return true
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case 1:
		return a[i:] == b[i+1:]
	}
	return false
}

// fixSlips returns words with nearVictim's slips, and a last word "vic", read as "victim" (a
// copy only when one is): "Not a vic", not "Not a VIC resident".
func fixSlips(words []string) []string {
	i := slices.IndexFunc(words, nearVictim)
	last := len(words) > 0 && words[len(words)-1] == "vic"
	if i < 0 && !last {
		return words
	}
	out := slices.Clone(words)
	for i = max(i, 0); i < len(out); i++ {
		if nearVictim(out[i]) {
			out[i] = "victim"
		}
	}
	if last {
		out[len(out)-1] = "victim"
	}
	return out
}
