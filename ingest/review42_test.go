package ingest

import (
	"fmt"
	"strings"
	"testing"
)

// TestReportedClaims42: a denial reported as another's saying ("Police say not a victim", "La
// policía dice que no es víctima") is a claim, not the organisation's finding: read in each of
// the five languages and in any clause (ing41's Left: the Spanish alone was out while the
// English in a later clause was read). The organisation's own saying and its denial citing
// its basis ("Not a victim according to police", ing33's "No es víctima según la familia")
// still leave the row out.
func TestReportedClaims42(t *testing.T) {
	read := []string{
		"Police say not a victim",
		"The police say he is not a victim",
		"Trafficked to Malaysia; police say not a victim",
		"La policía dice que no es víctima",
		"Trata a Malasia; la policía dice que no es víctima",
		"A polícia diz que não é vítima",
		"La police dit qu'il n'est pas victime",
		"Polisi mengatakan bukan korban",
		"Polisi bilang bukan korban",
		"He says he is not a victim",
		"Dice que no es víctima",
		"Employer claims not a victim",
		"El empleador dice que no es víctima",
		"Police say not a victim, NGO says victim",
	}
	for _, v := range read {
		if why, ok := remarkMark(v); ok {
			t.Errorf("remark out (want read): %q (%s)", v, why)
		}
	}
	out := []string{
		"Not a victim according to police",
		"No es víctima según la familia",
		"Not a victim, per AHTU",
		"Staff say he is not a victim",
		"El equipo dice que no es víctima",
		"We say not a victim",
		"Police found that he is not a victim",
		"Not a victim",
		"No es víctima",
	}
	for _, v := range out {
		if _, ok := remarkMark(v); !ok {
			t.Errorf("remark read (want out): %q", v)
		}
	}
	// A closure reason saying so is why the organisation closed the case: its decision, no case.
	for _, v := range []string{"Police said not a victim", "La policía dice que no es víctima", "Polisi bilang bukan korban"} {
		if !closedNoCaseReason(v) {
			t.Errorf("closure reason %q: read as a case, want no case", v)
		}
	}
	for _, v := range []string{"La policía dice que no es víctima", "Police say not a victim"} {
		valid, why, _ := read37(t, "in.csv", csv38("Remarks", v))
		if valid != 40 {
			t.Errorf("%q: %d written, quarantined %v, want 40", v, valid, why)
		}
	}
}

// TestScreenedOutLanguages42: "Screened out" in Spanish, Portuguese, French and Indonesian,
// with an auxiliary or a subject before it and the check after it, as English's "Was screened
// out after the interview" (ing41's Left).
func TestScreenedOutLanguages42(t *testing.T) {
	out := []string{
		"Fue descartado",
		"Caso descartado",
		"Descartado tras la entrevista",
		"El niño fue descartado después de la entrevista",
		"Foi descartado",
		"Foi descartada na triagem",
		"Reprovada na triagem",
		"Écarté",
		"A été écarté",
		"Il a été écarté après l'entretien",
		"Écarté lors du dépistage",
		"Non retenu après l'entretien",
		"Tidak lolos screening",
		"Dia tidak lolos penyaringan",
		"He was screened out after the interview",
	}
	read := []string{
		"No fue descartado",
		"Não foi descartado",
		"Descartado pero luego identificado como víctima",
		"Screened out but later identified",
		"Descartado el pasaporte",
		"Tidak lolos",
		"Tidak lolos ujian sekolah",
		"Non retenu",
		"Reprovado",
	}
	remarksOutRead(t, out, read, true)
	for _, v := range []string{"Fue descartado", "A été écarté", "Tidak lolos screening"} {
		valid, why, _ := read37(t, "in.csv", csv38("Remarks", v))
		if valid != 30 || why[errRemarkNotVictim.Error()] != 10 {
			t.Errorf("%q: %d written, quarantined %v, want 30 and 10", v, valid, why)
		}
	}
}

// TestKoboRepeatNotes42: KoboToolbox's export of a repeat group writes its submission's notes
// and tags on each entry's row as "_submission__notes" and "_submission__tags" (and its
// review as "_submission__validation_status"): a repeat group of persons whose submission's
// note says "Not a victim" was read, the column dropped as mapping onto no field.
func TestKoboRepeatNotes42(t *testing.T) {
	for _, col := range []string{"_submission__notes", "_submission__tags"} {
		if !remarkNamed(col) {
			t.Errorf("remarkNamed(%q) = false", col)
		}
	}
	for _, c := range []struct{ col, v, why string }{
		{"_submission__notes", "Not a victim", errRemarkNotVictim.Error()},
		{"_submission__tags", `["not_victim"]`, errRemarkNotVictim.Error()},
		{"_submission__validation_status", "Not Approved", errRejectedSubmission.Error()},
	} {
		var b strings.Builder
		b.WriteString("person/sex,person/age,registration_date,country_of_exploitation,_index,_submission__id," + c.col + "\n")
		for i := 1; i <= 40; i++ {
			v := ""
			if i%4 == 2 {
				v = c.v
			}
			fmt.Fprintf(&b, "male,%d,2024-03-0%d,AF,%d,%d,%s\n", 10+i%8, 1+i%9, i, 9000+i, csvField(v))
		}
		// the repeat group's file named in the config (its rows are the cases)
		got, r, err := readRows(t, "repeat.csv", []byte(b.String()), &Mapping{Match: "repeat.csv"})
		if err != nil {
			t.Fatalf("%s: %v", c.col, err)
		}
		why := map[string]int{}
		for _, rj := range r.Rejected() {
			why[rj.Reason]++
		}
		if len(got) != 30 || why[c.why] != 10 {
			t.Errorf("%s = %s: %d written, quarantined %v, want 30 and 10 (notices %q)", c.col, c.v, len(got), why, r.Notices())
		}
	}
}
