package ingest

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestAnswerLetterReason41: a one-letter answer followed by a reason ("Trafficked? N -
// runaway") was read: remarkCue looked at the last mark's text only ("runaway"), and "n" is
// no denial word (ing40's Left). "Victim: No, referred to IOM" is out since ing40: a no to the
// victim's question whatever the referral after it.
func TestAnswerLetterReason41(t *testing.T) {
	out := []string{
		"Trafficked? N - runaway",
		"Trafficked? N, runaway",
		"Victim: N - went for work",
		"TIP? n; economic migrant",
		"Victim (Y/N): N - runaway",
		"Victim: No, referred to IOM",
		"Victim? no - runaway",
	}
	read := []string{
		"Trafficked? Y - runaway",
		"Trafficked? N - but later trafficked",
		"Trafficked? N - pending verification",
		"Victim's ID? N - lost",
		"Trafficked again? N - at home",
		"Runaway? N - trafficked",
	}
	remarksOutRead(t, out, read, true)
	for _, v := range []string{"Trafficked? N - runaway", "Victim: No, referred to IOM"} {
		valid, why, _ := read37(t, "in.csv", csv38("Remarks", v))
		if valid != 30 || why[errRemarkNotVictim.Error()] != 10 {
			t.Errorf("%q: %d written, quarantined %v, want 30 and 10", v, valid, why)
		}
	}
}

// birthCSV is 12 rows of cases whose date of birth is dob(i).
func birthCSV(n int, dob func(i int) string) string {
	var b strings.Builder
	b.WriteString("case_id,gender,date_of_birth,registration_date,country_of_exploitation\n")
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "C%05d,female,%s,2024-03-%02d,AF\n", i, dob(i), 1+i%28)
	}
	return b.String()
}

// TestSameBirthDate41: one date of birth on every row ("1985-01-01" on all: attack-2026-12-06d
// D12, ing38's Left) was read as every person's: one age for all. Refused as a placeholder
// from ten rows, with values: as the way out; nine rows, or one other date, are read.
func TestSameBirthDate41(t *testing.T) {
	same := func(int) string { return "1985-01-01" }
	for _, n := range []int{10, 40} {
		r := NewReader("in.csv", strings.NewReader(birthCSV(n, same)))
		r.Now = testNow
		_, err := readAll38(r)
		if !errors.Is(err, ErrPlaceholder) || !strings.Contains(err.Error(), "date_of_birth") || strings.Contains(err.Error(), "1985") {
			t.Errorf("%d rows born 1985-01-01: %v, want ErrPlaceholder naming values: date_of_birth, not the date", n, err)
		}
	}
	for name, in := range map[string]string{
		"nine rows": birthCSV(9, same),
		"one other": birthCSV(40, func(i int) string {
			if i == 17 {
				return "1986-02-03"
			}
			return "1985-01-01"
		}),
		"some empty": birthCSV(12, func(i int) string {
			if i%3 == 0 {
				return "1985-01-01"
			}
			return ""
		}),
	} {
		r := NewReader("in.csv", strings.NewReader(in))
		r.Now = testNow
		if _, err := readAll38(r); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	// the way out: values: says what the date means
	m := &Mapping{Values: map[string]map[string]string{"date_of_birth": {"1985-01-01": ""}}}
	r := NewReader("in.csv", strings.NewReader(birthCSV(40, same)))
	r.Now, r.Mapping = testNow, m
	if n, err := readAll38(r); err != nil || n != 40 {
		t.Errorf("values: date_of_birth {1985-01-01: \"\"}: %d rows, %v", n, err)
	}
}

// TestSupplementalDetails41: KoboToolbox's transcripts and translations of a question
// ("_supplementalDetails": "Not a victim" in English beside a remark in Dari) were dropped
// as columns mapping onto no field (ing38's Left): a remark's are judged as the remark is.
func TestSupplementalDetails41(t *testing.T) {
	for _, name := range []string{"_supplementalDetails/remarks/translated_en", "_supplementalDetails/Remarks/transcript_fa",
		"_supplementalDetails/case_details/remarks/translated_en", "_supplementalDetails.remarks.translation.en.value",
		"_supplementalDetails.remarks.transcript.value"} {
		if !remarkNamed(name) {
			t.Errorf("remarkNamed(%q) = false, want a remark column", name)
		}
	}
	for _, name := range []string{"_supplementalDetails/name/translated_en", "_supplementalDetails.remarks.translation.en.languageCode",
		"_supplementalDetails/remarks/e59a3552-c06c-43f2-92f1-8e3607052624", "_supplementalDetails",
		"supplementalDetails/remarks/translated_en", "_supplementalDetails.trafficker.notes.translation.en.value"} {
		if remarkNamed(name) {
			t.Errorf("remarkNamed(%q) = true, want no remark column", name)
		}
	}
	var b strings.Builder
	for i := 1; i <= 40; i++ {
		supp := `{}`
		if i%4 == 2 {
			supp = `{"remarks":{"transcript":{"value":"x","languageCode":"fa"},"translation":{"en":{"value":"Not a victim","languageCode":"en"}}}}`
		}
		fmt.Fprintf(&b, `{"_id":%d,"group_child/sex":"male","group_child/age":"%d","registration_date":"2024-03-0%d","country_of_exploitation":"AF","remarks":"x","_supplementalDetails":%s}`+"\n",
			9000+i, 10+i%8, 1+i%9, supp)
	}
	valid, why, notices := read37(t, "kobo.ndjson", b.String())
	if valid != 30 || why[errRemarkNotVictim.Error()] != 10 {
		t.Errorf("_supplementalDetails' translation \"Not a victim\": %d written, quarantined %v, want 30 and 10 (notices %q)", valid, why, notices)
	}
	in := "case_id,gender,age,registration_date,country_of_exploitation,remarks,_supplementalDetails/remarks/translated_en\n"
	for i := 1; i <= 40; i++ {
		tr := ""
		if i%4 == 2 {
			tr = "Not a victim"
		}
		in += fmt.Sprintf("C%05d,male,%d,2024-03-%02d,AF,x,%s\n", i, 10+i%8, 1+i%28, tr)
	}
	valid, why, notices = read37(t, "kobo.csv", in)
	if valid != 30 || why[errRemarkNotVictim.Error()] != 10 {
		t.Errorf("export's translated_en \"Not a victim\": %d written, quarantined %v, want 30 and 10 (notices %q)", valid, why, notices)
	}
}

// TestFindingsLanguages41: a check's finding after a remark's first words was judged in
// English only (ing40's findingDenial, ing38's Left): the same in Spanish, Portuguese,
// French and Indonesian was read.
func TestFindingsLanguages41(t *testing.T) {
	out := []string{
		"Después de la visita domiciliaria se determinó que no es víctima",
		"Tras la entrevista el equipo constató que no es víctima de trata",
		"Após visita domiciliar, a equipe constatou que não é vítima",
		"Après la visite à domicile, l'équipe a établi qu'il n'est pas victime",
		"Setelah kunjungan rumah, tim menemukan bahwa dia bukan korban",
	}
	read := []string{
		"Después de la visita el equipo constató que su hermana no es víctima",
		"En el seguimiento se constató que no es víctima de nuevo",
		"Setelah kunjungan, tim tidak menemukan bahwa dia bukan korban",
		"Après la visite l'équipe n'a pas établi qu'il n'est pas victime",
	}
	remarksOutRead(t, out, read, false)
	valid, why, _ := read37(t, "in.csv", csv38("Observaciones", out[0]))
	if valid != 30 || why[errRemarkNotVictim.Error()] != 10 {
		t.Errorf("%q: %d written, quarantined %v, want 30 and 10", out[0], valid, why)
	}
}
