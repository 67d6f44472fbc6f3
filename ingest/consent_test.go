package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestConsentFileWithStatus: attack-2026-12-07g G5's rest: a file named for people who withdrew
// or never gave their consent was read when a status column gave their status (statusFile let
// the column decide), and when the config named the file: consent is not a status.
func TestConsentFileWithStatus(t *testing.T) {
	for _, stem := range []string{"consent-withdrawn", "no_consent", "Sin consentimiento", "ConsentWithdrawn"} {
		for _, m := range []*Mapping{nil, {Match: stem + ".csv"}, {Match: stem + ".csv", Defaults: map[string]string{"trafficking_status": "actual"}}} {
			r := NewReader(stem+".csv", strings.NewReader(csv38("trafficking_status", "actual")))
			r.Now, r.Mapping = testNow, m
			_, err := readAll38(r)
			if !errors.Is(err, ErrNoStatus) || !strings.Contains(err.Error(), "consent") || !strings.Contains(err.Error(), "leave them out of the export") {
				t.Errorf("%s.csv (mapping %+v): %v, want refused for consent", stem, m, err)
			}
		}
	}
	// read as before: a file of consent forms, and a file of cases
	for _, stem := range []string{"consent-forms", "cases"} {
		r := NewReader(stem+".csv", strings.NewReader(csv38("trafficking_status", "actual")))
		r.Now = testNow
		if n, err := readAll38(r); err != nil || n != 40 {
			t.Errorf("%s.csv: %d read, %v; want the 40", stem, n, err)
		}
	}
}

// TestConsentSheetWithStatus: a sheet "Consent withdrawn" with a status column, or named by the
// config's sheets:, was read as cases.
func TestConsentSheetWithStatus(t *testing.T) {
	for _, s := range []string{"Consent withdrawn", "No consent", "Refused consent", "Retrait du consentement"} {
		for _, m := range []*Mapping{nil, {Sheets: []string{"Cases", s}}, {SheetDefaults: map[string]map[string]string{s: {"trafficking_status": "actual"}}}} {
			wb := buildWorkbook(t, []sheetRows{{"Cases", withStatusColumn(casesRows("C", 3), "actual")}, {s, withStatusColumn(casesRows("W", 3), "actual")}})
			r := NewReader("register.xlsx", bytes.NewReader(wb))
			r.Now, r.Mapping = testNow, m
			_, err := readAll38(r)
			if !errors.Is(err, ErrNotCases) || !strings.Contains(err.Error(), "consent") || !strings.Contains(err.Error(), "leave them out of the export") {
				t.Errorf("sheet %q (mapping %+v): %v, want refused for consent", s, m, err)
			}
		}
		// the way out the refusal names: the sheets of cases named, this one not among them
		wb := buildWorkbook(t, []sheetRows{{"Cases", withStatusColumn(casesRows("C", 3), "actual")}, {s, withStatusColumn(casesRows("W", 3), "actual")}})
		r := NewReader("register.xlsx", bytes.NewReader(wb))
		r.Now, r.Mapping = testNow, &Mapping{Sheet: "Cases"}
		if n, err := readAll38(r); err != nil || n != 3 {
			t.Errorf("sheet %q left out by sheet: Cases: %d read, %v; want the 3 cases", s, n, err)
		}
	}
}

// TestConsentColumn: a consent column's no (a plain "Consent", HTCDS's con_Consent, Primero's
// consent_reporting) quarantines its row with a reason of its own, whatever the config maps the
// column onto; a yes or a blank reads it; another value is not read for certain. Primero's
// consent to other uses (consent_for_services) says nothing of a count.
func TestConsentColumn(t *testing.T) {
	for _, c := range []struct {
		col, v string
		m      *Mapping
		want   error // nil: the 40 read
	}{
		{"Consent", "No", nil, errNoConsent},
		{"consent", "Withdrawn", nil, errNoConsent},
		{"Consent", "Refused", nil, errNoConsent},
		{"con_Consent", "false", nil, errNoConsent},
		{"consent_reporting", "no", nil, errNoConsent},
		{"case/consent_reporting", "No", nil, errNoConsent},
		{"Consentimiento", "Retirado", nil, errNoConsent},
		{"Consent", "No", &Mapping{Columns: map[string]string{"Consent": "drop"}}, errNoConsent},
		{"Consent", "None", nil, errConsentUnread},
		{"Consent", "Pending", nil, errConsentUnread},
		{"Consent", "Yes", nil, nil},
		{"Consent", "Verbal", nil, nil},
		{"consent_reporting", "true", nil, nil},
		{"consent_for_services", "No", nil, nil},
		{"disclosure_other_orgs", "false", nil, nil},
	} {
		r := NewReader("cases.csv", strings.NewReader(csv38(c.col, c.v)))
		r.Now, r.Mapping = testNow, c.m
		n, err := readAll38(r)
		if err != nil {
			t.Errorf("%s = %s: %v", c.col, c.v, err)
			continue
		}
		rej := r.Rejected()
		if c.want == nil {
			if n != 40 || len(rej) != 0 {
				t.Errorf("%s = %s: %d read, rejected %+v; want the 40 read", c.col, c.v, n, rej)
			}
			continue
		}
		if n != 30 || len(rej) != 10 || rej[0].Reason != c.want.Error() || rej[0].Column != c.col || rej[0].Line != 3 {
			t.Errorf("%s = %s: %d read, rejected %+v; want the 10 quarantined: %v", c.col, c.v, n, rej, c.want)
		}
	}
}

// TestConsentNDJSON: a form's consent question in a group (KoboToolbox's NDJSON,
// consent/consent_reporting nested) is read as a consent column.
func TestConsentNDJSON(t *testing.T) {
	var b strings.Builder
	for i := 1; i <= 40; i++ {
		c := "yes"
		if i%4 == 2 {
			c = "no"
		}
		fmt.Fprintf(&b, `{"case_id":"K%03d","gender":"male","age":%d,"registration_date":"2024-03-%02d","country_of_exploitation":"AF","consent":{"consent_reporting":%q}}`+"\n", i, 10+i%8, 1+i%28, c)
	}
	r := NewReader("kobo.ndjson", strings.NewReader(b.String()))
	r.Now = testNow
	n, err := readAll38(r)
	rej := r.Rejected()
	if err != nil || n != 30 || len(rej) != 10 || rej[0].Reason != errNoConsent.Error() || rej[0].Line != 2 {
		t.Errorf("%d read, %v, rejected %+v; want 30 read and the 10 whose consent is no quarantined", n, err, rej)
	}
}
