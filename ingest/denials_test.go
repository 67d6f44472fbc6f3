package ingest

import (
	"strings"
	"testing"
	"unicode"
)

// TestDenialReview: ing30's review of session zj's words for a victim denied in everyday
// words (notVictimPhrase, closedNoCaseReason, remarkMark). The denials zj was written for
// still leave their row out; a denial of something else (another form, a relapse, a route,
// criteria for a service, a court's finding, a relative, an outcome, a contrast) is read.
func TestDenialReview(t *testing.T) {
	words := func(v string) []string {
		return strings.FieldsFunc(strings.ToLower(v), func(r rune) bool { return !unicode.IsLetter(r) })
	}
	for _, v := range []string{
		"Not a trafficking victim", "Found not to be trafficked", "Not identified as a victim", "Determined not to be a victim",
		"Did not meet trafficking criteria", "Did not meet criteria", "Victim status not confirmed", "Trafficking not verified",
		"No fue identificada como víctima", "No se confirmó la trata", "Non identifiée comme victime", "Tidak terbukti korban TPPO",
		"Não foi identificada como vítima", "No cumple criterios", "Not a victim of trafficking", "Not a victim of human trafficking",
		"Not a victim", "Did not meet criteria for trafficking", "Non identifiée comme victime de traite",
	} {
		if !notVictimPhrase(words(v)) || !closedNoCaseReason(v) {
			t.Errorf("%q: not read as a denial (phrase %v, closure %v)", v, notVictimPhrase(words(v)), closedNoCaseReason(v))
		}
		if _, ok := remarkMark(v); !ok {
			t.Errorf("%q: a remark that does not leave its row out", v)
		}
	}
	for _, v := range []string{"Not trafficked", "Closed - not a trafficking victim", "Closed: found not to be trafficked",
		"Closed (not identified as victim)", "Closed - did not meet criteria"} {
		if !closedNoCaseReason(v) {
			t.Errorf("closure reason %q: not read as a denial", v)
		}
	}
	for _, v := range []string{
		"Did not meet criteria for shelter placement", "Does not meet criteria for repatriation", "No criteria for legal aid",
		"Trafficking not proven in court", "No trafficking charges filed", "Not a victim of re-trafficking",
		"Victim not confirmed to be at home", "Victim not identified at follow-up visit", "Not identified as victim by police but by NGO",
		"No victim compensation received", "Not victim of forced marriage, victim of labour trafficking", "Not trafficked by family",
		"Not trafficked abroad", "Victim not trafficked across the border", "Not a trafficking victim's sibling",
		"No trafficking indicators at follow-up", "Bukan korban lagi", "No es víctima de nuevo", "Ya no es víctima",
		"Did not meet the victim", "Not trafficking related closure", "Not a victim of sexual exploitation",
		"The case was not a trafficking case but the child received services", "No longer a trafficking victim",
	} {
		if notVictimPhrase(words(v)) || closedNoCaseReason(v) {
			t.Errorf("%q: read as a denial of the victim (phrase %v, closure %v)", v, notVictimPhrase(words(v)), closedNoCaseReason(v))
		}
		if _, ok := remarkMark(v); ok {
			t.Errorf("%q: a remark that leaves its row out", v)
		}
	}
}
