package ingest

import "testing"

// TestQuestionNamed: a form's questions exported as their labels, and age headers with the
// child's word or a unit of years, are read as their fields (attack-2026-12-05c V5); a
// question about another person, in another unit or about another place is not.
func TestQuestionNamed(t *testing.T) {
	for col, want := range map[string]string{
		"What is the sex of the child?":               "gender",
		"How old is the child?":                       Age,
		"In which province was the child exploited?":  "province_of_exploitation",
		"Was the child sexually exploited?":           "is_sexual_exploitation",
		"Was the child forced to work?":               "is_forced_labour",
		"Was the child recruited by an armed group?":  "is_forced_military",
		"Forced to work":                              "is_forced_labour",
		"Umur anak":                                   Age,
		"Usia anak":                                   Age,
		"Umur (tahun)":                                Age,
		"Edad del niño":                               Age,
		"Âge de l'enfant":                             Age,
		"Jenis kelamin anak":                          "gender",
		"Child's age":                                 Age,
		"Victim's sex":                                "gender",
		"Age of the mother":                           "",
		"Age (months)":                                "",
		"Umur (bulan)":                                "",
		"In which province was the child rescued?":    "",
		"Sex of perpetrator":                          "",
		"How old was the child when first exploited?": "",
		"Old case number":                             "",
		"Child age group":                             "",
		"Number of children":                          "",
		"Girl":                                        "",
		"Age":                                         "", // the presets'
	} {
		if got := questionNamed(col); got != want {
			t.Errorf("questionNamed(%q) = %q, want %q", col, got, want)
		}
	}
}
