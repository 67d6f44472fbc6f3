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

// TestDenialReview31: ing31's review of session zk's words (denialUndone, denialVoid, the
// later clauses of remarks, remarkPointsTo, markOfRecord). What undoes or voids a denial is of
// its own clause; "by" an assessor, "of" any harm and a contrast toward another kind of person
// leave the denial standing; a relative's denial, a count after "Same as" and a document's
// duplicate are no mark of the record.
func TestDenialReview31(t *testing.T) {
	for _, v := range []string{"Not a victim, later closed", "Not a victim (first screening)", "No trafficking, risk of child labour",
		"Not a victim - charges filed against employer", "Not a victim; lives with mother", "Não é vítima, mas migrante",
		"No es víctima, ya verificado", "Not identified as a victim by police", "Not a victim by definition", "Not a victim of any crime",
		"Not a victim of exploitation", "No es víctima de ningún delito", "Not a victim of abuse or exploitation", "Not a victim but a witness",
		"Pas victime de traite mais migrant"} {
		if !closedNoCaseReason(v) {
			t.Errorf("closure reason %q: not read as a denial", v)
		}
		if !statusSaysNot("Status", v) {
			t.Errorf("status %q: not read as a denial", v)
		}
	}
	for _, v := range []string{"Reunified with family, no trafficking risk", "Closed - services completed, not a victim anymore",
		"Not a trafficking victim at first screening, confirmed later", "Ya no es víctima", "Not a victim of sexual exploitation",
		"No es víctima de explotación laboral", "Not trafficked by family", "Not identified as victim by police but by NGO",
		"Trafficked to Malaysia; sister not a victim", "Duplicate of birth certificate issued", "Merged with family"} {
		if closedNoCaseReason(v) {
			t.Errorf("closure reason %q: read as a denial", v)
		}
	}
	for _, v := range []string{"Trafficked to Malaysia; sister not a victim", "Confirmed victim; her brother is not a victim",
		"Victim per NGO; police say not a victim", "Same as 1st interview", "Already registered 3 times", "Sama dengan 2 saudara",
		"Duplicate of birth certificate issued", "Duplicate of ID card given", "Merged with family"} {
		if _, ok := remarkMark(v); ok {
			t.Errorf("remark %q: leaves its row out", v)
		}
	}
	for _, v := range []string{"Verified - not a victim", "Closed - did not meet criteria", "Same as C00001", "Duplicate of C00002",
		"Not a victim of any crime", "Not identified as a victim by police"} {
		if _, ok := remarkMark(v); !ok {
			t.Errorf("remark %q: read", v)
		}
	}
}

// TestDenialReview32: ing32's review of session zl's words (denialVoided, closedNoCaseReason).
// A later time voids a remark's denial only in a clause that tells what was found then ("a
// victim now", "Later confirmed as victim"), not "Not a victim, later closed"; a closure reason
// whose later clause finds the person a victim is no denial, as the remark is not.
func TestDenialReview32(t *testing.T) {
	for _, v := range []string{"Not a victim, later closed", "Not a victim; subsequently closed", "Not a victim, closed now"} {
		if _, ok := remarkMark(v); !ok {
			t.Errorf("remark %q: read", v)
		}
		if !closedNoCaseReason(v) {
			t.Errorf("closure reason %q: not read as a denial", v)
		}
	}
	for _, v := range []string{"Not a victim then; a victim now", "Not a victim. Later confirmed as victim of labour trafficking by AHTU",
		"Was not a victim on intake; now a victim", "Not a victim (per initial screening) - reassessed"} {
		if _, ok := remarkMark(v); ok {
			t.Errorf("remark %q: leaves its row out", v)
		}
	}
	for _, v := range []string{"Not a victim then; a victim now", "Not a victim. Later confirmed as victim of labour trafficking by AHTU",
		"Was not a victim on intake; now a victim"} {
		if closedNoCaseReason(v) {
			t.Errorf("closure reason %q: read as a denial", v)
		}
	}
	for _, v := range []string{"Not a victim; victim's sister", "Not a victim, referred to victim support services", "Not a victim of trafficking, a victim of forced labour"} {
		if !closedNoCaseReason(v) {
			t.Errorf("closure reason %q: not read as a denial", v)
		}
	}
}

// TestConfirmNamed32: a status column asking whether the case was verified is one whose No
// denies; one asking whether data was checked or help was given is not (ing32).
func TestConfirmNamed32(t *testing.T) {
	for _, n := range []string{"Verified", "Is confirmed", "Eligible?", "Eligibility", "Victim confirmed", "Case verified (Yes/No)", "Verificado", "Confirmed as victim"} {
		if !confirmNamed(n) {
			t.Errorf("%q: not a confirmation", n)
		}
	}
	for _, n := range []string{"Data verified", "Verified by supervisor", "Eligible for cash assistance", "Record confirmed", "Address verified",
		"Age verified", "Documents verified", "Eligible for shelter"} {
		if confirmNamed(n) {
			t.Errorf("%q: a confirmation of the case", n)
		}
	}
}

// TestReassessedDenial32: a denial that is the later finding stands ("Reassessed: not a
// victim", "Not a victim on reassessment", "Initial screening: victim; reassessed: not a
// victim"); an infant victim in a role column is a victim, a victim's baby is not (ing32).
func TestReassessedDenial32(t *testing.T) {
	for _, v := range []string{"Reassessed: not a victim", "Not a victim on reassessment", "Initial screening: victim; reassessed: not a victim"} {
		if _, ok := remarkMark(v); !ok {
			t.Errorf("remark %q: read", v)
		}
	}
	for _, v := range []string{"Not a victim (per initial screening) - reassessed", "Initially not identified as a victim; confirmed on 2nd interview",
		"Not a trafficking victim at first screening, confirmed later", "Was not a victim on intake; now a victim"} {
		if _, ok := remarkMark(v); ok {
			t.Errorf("remark %q: leaves its row out", v)
		}
	}
	for v, want := range map[string]bool{"Infant victim": true, "Baby victim": true, "Victim (newborn)": true, "Victim's baby": false,
		"Baby of the victim": false, "Next of kin": false, "Victim's next of kin": false, "Baby": false} {
		if vic, oth := personRole(v); vic != want || oth == want {
			t.Errorf("role %q: victim %v, other %v", v, vic, oth)
		}
	}
}

// TestDenialsDated: a time's word dates a remark's denial, which stands ("Later found not to be
// a victim", "Not a victim now"); a later clause naming the person a victim, or a reassessment
// alone after the denial, voids it (attack-2026-12-05f Y4).
func TestDenialsDated(t *testing.T) {
	for _, v := range []string{"Reassessed as not a victim", "Reassessed - not a victim", "After reassessment, not a victim",
		"Later found not to be a victim", "Later: not a victim", "Not a victim (later verified)", "Not a victim; verified later by AHTU",
		"Initial assessment: not a victim", "Initially registered; not a victim", "Not a victim now", "Not a victim for now",
		"Now closed: not a victim", "Not a victim, closed now", "Not a victim, now with family", "Not a victim, now in school",
		"Not a victim, later closed", "Not a victim. Reassessed: not a victim", "Not a victim, reassessment pending",
		"Not a victim - to be reassessed later", "Not a victim; initial registration error", "Not a victim; the victim is C00002", "Not a victim on reassessment",
		"Not a victim following later investigation", "Ahora no es víctima", "No es víctima ahora", "Bukan korban sekarang"} {
		if _, ok := remarkMark(v); !ok {
			t.Errorf("read (want out): %q", v)
		}
	}
	for _, v := range []string{"Not a victim then, a victim now", "Not a victim. Later confirmed as victim of labour trafficking by AHTU",
		"Not a victim (per initial screening) - reassessed", "Not a victim but was at risk and later trafficked",
		"Not a victim, later trafficked to Malaysia"} {
		if _, ok := remarkMark(v); ok {
			t.Errorf("out (want read): %q", v)
		}
	}
	if !closedNoCaseReason("Later found not to be a victim") {
		t.Errorf("closure later found")
	}
}

// TestTrialRemarks: a form's test or training entry is marked by its remark (attack-2026-12-05f Y5).
func TestTrialRemarks(t *testing.T) {
	for _, v := range []string{"Test submission, ignore", "Training data", "Dummy record", "Registro de prueba", "Data uji"} {
		if _, ok := remarkMark(v); !ok {
			t.Errorf("remark %q: read", v)
		}
	}
	for _, v := range []string{"Tested negative for HIV", "Training on tailoring started", "Prueba de embarazo negativa"} {
		if _, ok := remarkMark(v); ok {
			t.Errorf("remark %q: leaves its row out", v)
		}
	}
}

// TestValidatedApproved: "Validated" and "Approved" = No say the case was not confirmed, as
// "Verified" = No does; "Approved for shelter" and "Data validated" say nothing of the victim
// (attack-2026-12-05f Y5).
func TestValidatedApproved(t *testing.T) {
	for _, n := range []string{"Validated", "Approved", "Aprobado", "Disetujui"} {
		if !StatusColumn(n) || !statusSaysNot(n, "No") {
			t.Errorf("%q = No: not read as a denial", n)
		}
	}
	for _, n := range []string{"Approved for shelter", "Data validated"} {
		if StatusColumn(n) && statusSaysNot(n, "No") {
			t.Errorf("%q = No: read as a denial", n)
		}
	}
}

// TestDenialsReviewed: a review's word after a denial's "after" dates it, and "by any standard"
// judges, not names a trafficker: the denial stands (attack-2026-12-05g Z1); an "after" of
// another time or place does not.
func TestDenialsReviewed(t *testing.T) {
	for _, v := range []string{"Not a victim after review", "Not a victim after assessment", "Not a victim by any standard",
		"Not a victim after re-interview", "No longer considered a victim after review", "Not a victim after further investigation",
		"Not a victim after the second interview", "Not a victim by any definition", "Not a victim after verification"} {
		if _, ok := remarkMark(v); !ok {
			t.Errorf("read (want out): %q", v)
		}
	}
	for _, v := range []string{"Not a victim after return home", "Not trafficked again after reintegration"} {
		if _, ok := remarkMark(v); ok {
			t.Errorf("out (want read): %q", v)
		}
	}
}
