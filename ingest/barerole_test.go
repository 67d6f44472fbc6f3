package ingest

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestBareRoleAsBefore: bareRole with roleWordsOnly's early no (no split into words) says what
// the former bareRole (bareRoleBefore, kept here) said of values of role words, links,
// negations, names in Latin, Arabic and accented letters, capitals inside a word
// ("VictimMother", "IDNumber"), apostrophes, digits, signs and invalid UTF-8; synth's
// caseworker values take no allocation.
func TestBareRoleAsBefore(t *testing.T) {
	words := []string{"Victim", "victim", "VICTIM", "Victim's", "Mother", "mother", "of", "the", "a", "de", "Not", "no", "Non",
		"Caseworker", "CaseWorker", "Noori", "فاطمه", "احمد", "Zoë", "ZOË", "Ölçer", "VictimMother", "MotherOfVictim", "IDNumber",
		"Korban", "Anak", "niño", "Niña", "NIÑA", "témoin", "Témoin", "Saksi", "Ibu", "Witness", "suspect", "Beneficiary",
		"Indirect", "Child", "Parent", "Caregiver", "Stepmother", "x1", "2", "VoT", "Survivor", "Sœur", "ΜΗΤΕΡΑ", "İbrahim", "K"}
	seps := []string{" ", " ", " ", "'", "-", ",", "", "  ", "\xff", "/", "’", "_"}
	r := rand.New(rand.NewPCG(14, 5))
	var vals []string
	for range 200000 {
		var b strings.Builder
		if r.IntN(8) == 0 {
			b.WriteString(seps[r.IntN(len(seps))])
		}
		for k := range 1 + r.IntN(4) {
			if k > 0 {
				b.WriteString(seps[r.IntN(len(seps))])
			}
			b.WriteString(words[r.IntN(len(words))])
		}
		vals = append(vals, b.String())
	}
	said := 0
	for _, v := range vals {
		vic, oth := bareRole(v)
		wv, wo := bareRoleBefore(v)
		if vic != wv || oth != wo {
			t.Fatalf("%q: %v %v, before %v %v", v, vic, oth, wv, wo)
		}
		if vic || oth {
			said++
		}
	}
	if said < 1000 {
		t.Errorf("only %d values of a role", said)
	}
	for _, v := range []string{"Caseworker فاطمه", "Caseworker Zoë Noori", "Zoë Noori", "Mother Noori", "فاطمه"} {
		if n := testing.AllocsPerRun(100, func() { bareRole(v) }); n != 0 {
			t.Errorf("%q: %v allocations", v, n)
		}
	}
}

// bareRoleBefore is bareRole as it was before roleWordsOnly.
func bareRoleBefore(v string) (victim, other bool) {
	if len(v) > 32 {
		return false, false
	}
	v = strings.Trim(v, " .,;:!?()[]'\"*/-_")
	var b [32]byte
	if v == "" {
		return false, false
	}
	ascii, n := true, len(v)
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case 'a' <= c && c <= 'z':
			b[i] = c
		case 'A' <= c && c <= 'Z':
			b[i] = c + 'a' - 'A'
		case c == ' ' || c == '\'':
			if n == len(v) { // a phrase: its first word must be a role's
				n = i
			}
		case c < 0x80:
			return false, false // a digit, a sign inside: not a role
		default:
			ascii = false
		}
	}
	if f := string(b[:n]); ascii && !roleWord(f) && !negationWords[f] && !(n < len(v) && (indirectWords[f] || roleQualifiers[f])) {
		return false, false
	}
	ws := nameWords(v)
	if len(ws) > 1 && len(v) <= 32 {
		// a role phrase ("Victim's mother", "Mother of the victim", "Indirect victim"), not a
		// text or a name
		role := false
		for _, w := range ws {
			switch {
			case roleWord(w):
				role = true
			case !negationWords[w] && !roleLinks[w] && !indirectWords[w] && !roleQualifiers[w]:
				return false, false
			}
		}
		if !role {
			return false, false
		}
		return personRole(v)
	}
	if len(ws) != 1 || !roleWord(ws[0]) {
		return false, false
	}
	return personRole(v)
}
