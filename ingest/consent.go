package ingest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// Consent is not a status (attack-2026-12-07g G5's rest, ing48): people who withdrew their
// consent or never gave it are neither counted nor released, whatever a status column, a
// default or the config says of them. A file or sheet named for them is refused (consentName),
// and a row whose consent column says no is quarantined with a reason of its own (consentRejects).

// consentWords are the words of a consent phrase of statusPhrases ("consent withdrawn", "sin
// consentimiento"): a name holding such a phrase names people without consent.
var consentWords = map[string]bool{"consent": true, "consentimiento": true, "consentement": true, "consentimento": true, "persetujuan": true}

// consentName returns the phrase of a sheet's or file's name that says its people withdrew or
// never gave their consent ("Consent withdrawn", "no-consent", "Sin consentimiento"), or "".
// Unlike statusName it is not given up for a status column: consent is not a status.
func consentName(name string) string {
	letters := func(s string) []string {
		return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) })
	}
	for _, words := range [][]string{letters(name), letters(strings.Join(nameWords(name), " "))} {
		for _, ph := range statusPhrases {
			if !slices.ContainsFunc(ph, func(w string) bool { return consentWords[w] }) {
				continue
			}
			for i := 0; i+len(ph) <= len(words); i++ {
				if slices.Equal(words[i:i+len(ph)], ph) {
					return strings.Join(ph, " ")
				}
			}
		}
	}
	return ""
}

// consentNames are the folded names of a column that records whether the person consented to
// their data being kept and used for reporting: a plain "Consent", HTCDS v2's con_Consent
// ("does the individual consent to the interview ... informed on the use of non-identifying
// data for research"), Primero's consent_reporting ("consent is given to share non-identifiable
// information for reporting"). Primero's consent_for_services, consent_for_tracing,
// disclosure_other_orgs and unhcr_export_opt_in are consent to other uses (services, tracing,
// sharing with other organisations), whose "No" does not forbid a count: not among them.
var consentNames = map[string]bool{"consent": true, "conconsent": true, "consentreporting": true, "consentforreporting": true,
	"consentgiven": true, "consentobtained": true, "informedconsent": true, "consentstatus": true, "dataconsent": true,
	"consenttodata": true, "consentforresearch": true, "researchconsent": true, "consentdata": true, "consentwithdrawn": true,
	"consentimiento": true, "consentimientoinformado": true, "consentement": true, "consentementeclaire": true,
	"consentementéclairé": true, "consentimento": true, "consentimentoinformado": true, "persetujuan": true}

// consentNo are the folded values of a consent column that say the person withdrew or refused
// their consent, or never gave it.
var consentNo = map[string]bool{"withdrawn": true, "withdrew": true, "consentwithdrawn": true, "withdrawnconsent": true,
	"refused": true, "declined": true, "revoked": true, "denied": true, "notgiven": true, "noconsent": true, "notobtained": true,
	"retirado": true, "retirada": true, "rechazado": true, "negado": true, "retiré": true, "retire": true, "refusé": true,
	"refuse": true, "dicabut": true, "ditolak": true, "menolak": true}

// consentYes are the folded values of a consent column, besides markAnswers' yes, that say the
// person gave it.
var consentYes = map[string]bool{"given": true, "obtained": true, "granted": true, "agreed": true, "signed": true,
	"verbal": true, "written": true, "consented": true, "otorgado": true, "dado": true, "donné": true, "donne": true}

var (
	errNoConsent = errors.New("a record whose consent column says the person withdrew or refused their consent, or never gave it: " +
		"neither counted nor released; leave the people without consent out of the export")
	errConsentUnread = errors.New("a value of a consent column that is neither yes nor no (given, withdrawn, refused): " +
		"not certain that the person consented; neither counted nor released")
)

// consentRejects is rejects for a consent column (consentNames): a no leaves the row out
// (errNoConsent), a yes or a blank reads it, anything else leaves it out as not read for
// certain (errConsentUnread).
func consentRejects(v string) (string, bool) {
	t := strings.TrimSpace(v)
	ft := fold(t)
	if t == "" || strings.Trim(t, "-–—") == "" || ft == "na" || ft == "null" || ft == "nil" || ft == "nan" {
		return "", false // "None" is not blank here: no consent, or none recorded
	}
	if yes, ok := markAnswers[ft]; ok {
		if yes {
			return "", false
		}
		return errNoConsent.Error(), true
	}
	switch {
	case consentYes[ft]:
		return "", false
	case consentNo[ft]:
		return errNoConsent.Error(), true
	}
	return errConsentUnread.Error(), true
}

// consentSheet refuses a sheet named for people without consent (consentName), whatever its
// status column, sheet_defaults or the config's sheets: say (attack-2026-12-07g G5's rest).
func consentSheet(sheet string, label func(string) string) error {
	w := consentName(sheet)
	if w == "" {
		return nil
	}
	return &posError{sheet: label(sheet), err: fmt.Errorf("%w: its name (%q) says its people withdrew or never gave their consent: they are neither counted nor released, "+
		"whatever a status column, sheet_defaults or the config says of them; leave them out of the export (delete the sheet, or name the sheets of cases with sheet: or sheets: in the config, this one not among them; "+
		"if every one of them did consent, rename the sheet)", ErrNotCases, w)}
}
