package ingest

import "testing"

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
	for _, v := range out {
		if !remarkCue(v) {
			t.Errorf("remark not cued: %q", v)
		}
		if _, ok := remarkMark(v); !ok {
			t.Errorf("remark read (want out): %q", v)
		}
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
	for _, v := range read {
		if why, ok := remarkMark(v); ok {
			t.Errorf("remark out (want read): %q (%s)", v, why)
		}
	}
	for _, v := range []string{"Fue descartado", "A été écarté", "Tidak lolos screening"} {
		valid, why, _ := read37(t, "in.csv", csv38("Remarks", v))
		if valid != 30 || why[errRemarkNotVictim.Error()] != 10 {
			t.Errorf("%q: %d written, quarantined %v, want 30 and 10", v, valid, why)
		}
	}
}
