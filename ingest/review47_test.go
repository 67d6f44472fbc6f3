package ingest

import (
	"strings"
	"testing"
)

// TestUnknownCaseTypes47: attack-2026-12-07g G1: a Type column's values that name no form of
// trafficking or exploitation (an Indian police register's crime heads, a labour complaint, a
// missing person) were counted as victims with only "column Type ... dropped". Each is refused,
// under the Type headers and the police registers' ones, alone and beside "Trafficking".
func TestUnknownCaseTypes47(t *testing.T) {
	others := []string{"Abduction case", "Salary not paid", "Economic migration", "Fraud", "Cheating", "Cheating case",
		"Cyber crime", "Cyber fraud", "Forgery", "Robbery", "Dowry", "Bride price", "Love affair", "Domestic worker dispute",
		"Missing", "Desaparecido"}
	for _, v := range others {
		if !unknownType(v) {
			t.Errorf("unknownType(%q) = false: want a type not known", v)
		}
		for _, col := range []string{"Type", "Case type", "Crime head", "Head of crime", "FIR type", "IPC section", "Sections"} {
			r := NewReader("in.csv", strings.NewReader(csv38(col, v)))
			r.Now = testNow
			n, err := readAll38(r)
			if err == nil {
				t.Errorf("%s = %q: %d written, want a refusal", col, v, n)
				continue
			}
			if msg := err.Error(); !strings.Contains(msg, "name no form of trafficking or exploitation") || strings.Contains(msg, v) && v != "Missing" {
				t.Errorf("%s = %q: error %q: want the unknown types' sentence, never the value", col, v, msg)
			}
		}
	}
	for _, v := range []string{"Fraud", "Love affair", "Missing"} {
		r := NewReader("in.csv", strings.NewReader(typesBeside(v)))
		r.Now = testNow
		if n, err := readAll38(r); err == nil {
			t.Errorf("Type = Trafficking | %s: %d written, want a refusal", v, n)
		}
	}
	// the forms, kinds and placeholders of a trafficking register's Type column are read
	for _, v := range []string{"Forced labour", "Sexual exploitation", "Abduction for sexual exploitation", "Internal",
		"Cross-border", "Child", "Adult", "Unknown", "N/A", "Trafficking", "Domestic servitude", "Begging", "Other",
		"Forced labour; Sexual exploitation"} {
		if unknownType(v) {
			t.Errorf("unknownType(%q) = true: want a known form, kind or placeholder", v)
		}
		r := NewReader("in.csv", strings.NewReader(csv38("Type", v)))
		r.Now = testNow
		if n, err := readAll38(r); err != nil || n != 40 {
			t.Errorf("Type = %q: %d written, error %v; want 40", v, n, err)
		}
	}
}

// TestOwnSayerDenies47: attack-2026-12-07g G2: the organisation's own word after another's
// claim, in wordings ing46's sayers rule left to the notice (read), decides: out with the
// sayers' reason, as "Police say victim; staff say not a victim" is. Another's denial against
// the organisation's word is still read and told; one sayer keeps its old judgement.
func TestOwnSayerDenies47(t *testing.T) {
	for _, v := range []string{"Police say victim, but staff say not a victim",
		"Police say victim; however staff say not a victim", "Police say he is a victim but staff say he is not",
		"Police say victim; shelter staff say not a victim", "Police say victim; our shelter staff say not a victim",
		"Police say victim; the organisation says not a victim", "Police say victim; NGO says not a victim",
		"Police say victim; staff say screened out", "La policía dice víctima, pero el equipo dice que no es víctima",
		"La police dit victime, mais l'équipe dit pas victime", "Polisi bilang korban, tetapi staf bilang bukan korban"} {
		if why, out := rejectsIn("Remarks", v, true, false); !out || why != errRemarkSayers.Error() {
			t.Errorf("%q: out %v, reason %q; want out with the sayers' reason", v, out, why)
		}
	}
	for _, v := range []string{"Staff say victim; police say not a victim", "Staff say victim, but police say not a victim",
		"Staff say victim; NGO says not a victim"} {
		if why, out := rejectsIn("Remarks", v, true, false); out || why != remarkSayers {
			t.Errorf("%q: out %v, reason %q; want read and told (sayers disagree)", v, out, why)
		}
	}
	for _, v := range []string{"Trafficked to Malaysia; police say not a victim", "Police say victim, but he denies it"} {
		if _, out := rejectsIn("Remarks", v, true, false); out {
			t.Errorf("%q: out; want read", v)
		}
	}
}

// TestLeadingDenial47: attack-2026-12-07g G3: a long remark whose first words are "Not a
// victim" or "Screened out (as not a victim)" is the organisation's denial whatever follows
// (out); a long one that denies inside a clause is at least told (remarkLong's notice). Short
// remarks keep their judgement; a turn, a doubt or another form keeps a long one read.
func TestLeadingDenial47(t *testing.T) {
	const tail = " with the family and the police in the district"
	for _, v := range []string{"Screened out as not a victim after a long series of interviews",
		"Screened out as not a victim after a long series of interviews" + tail,
		"Not a victim as confirmed after a long series of interviews" + tail,
		"Screened out after a long series of interviews" + tail} {
		if why, out := rejectsIn("Remarks", v, true, false); !out || why != errRemarkNotVictim.Error() {
			t.Errorf("%q: out %v, reason %q; want out (not a victim)", v, out, why)
		}
	}
	for _, v := range []string{"The boy was interviewed many times by the team and the police in the district and he is not a victim",
		"Family interviewed in the district office by two officers from the unit, and the boy is not a victim of trafficking"} {
		if why, out := rejectsIn("Remarks", v, true, false); out || why != remarkLong {
			t.Errorf("%q: out %v, reason %q; want read and told (long remark)", v, out, why)
		}
	}
	for _, v := range []string{"Not a victim after return home", "Not a victim of forced marriage",
		"Not a victim at first interview but later identified as a victim of trafficking" + tail,
		"Not a victim of forced marriage, as the family said after a long series of interviews" + tail,
		"Screened out after a long series of interviews then reassessed and identified as trafficked by the police in the district",
		"The boy was interviewed many times by the team and the police in the district and his brother is not a victim"} {
		if _, out := rejectsIn("Remarks", v, true, false); out {
			t.Errorf("%q: out; want read", v)
		}
	}
}
