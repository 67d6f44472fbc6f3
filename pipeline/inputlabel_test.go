package pipeline

import "testing"

// TestInputLabelStatusNames: a file named in words of a trafficking status is named in the
// messages, as "Presumed victims.csv" was; a person's name still is not (attack-2026-12-04a,
// lows: "Not VoT.csv", "Non-VoT.csv" and "Presuntas víctimas.csv" were "input 1").
func TestInputLabelStatusNames(t *testing.T) {
	for name, want := range map[string]string{
		"exports/Not VoT.csv":              "exports/Not VoT.csv",
		"exports/Non-VoT.csv":              "exports/Non-VoT.csv",
		"exports/Presuntas víctimas.csv":   "exports/Presuntas víctimas.csv",
		"exports/Presumed victims.csv":     "exports/Presumed victims.csv",
		"exports/Víctimas sospechosas.csv": "exports/Víctimas sospechosas.csv",
		"exports/Zarmina Qasimzada.csv":    "input 1",
		"exports/Not VoT Qasimzada.csv":    "input 1",
		// a family name beside a word run together in mixed case (ing23's note)
		"exports/MyData Qasimzada.csv":           "input 1",
		"exports/XyZ Qasimzada.csv":              "input 1",
		"exports/sub/KoboExport Qasimzada/a.csv": "input 1",
		// words run together that name no one; family names that are English words
		// (privacy-side-doors24: the first two were "input 1", the others named, on main)
		"exports/HopeHouse.csv":           "exports/HopeHouse.csv",
		"exports/KoboExport Kabul.csv":    "exports/KoboExport Kabul.csv",
		"exports/HunterKhan.csv":          "input 1",
		"exports/Khan 2023.csv":           "input 1",
		"exports/cases_khan.csv":          "input 1",
		"exports/sub/Hunter intake/a.csv": "input 1",
		// a status phrase and nothing else: its refusal quotes the phrase (privacy-side-doors28,
		// left: "input 1" on main beside ("testemunhas")); a word of it that is a given name
		// too is withheld in both (privacy-side-doors29)
		"exports/testemunhas.csv":           "exports/testemunhas.csv",
		"exports/No verificados.csv":        "exports/No verificados.csv",
		"exports/sub/testemunhas.csv":       "exports/sub/testemunhas.csv",
		"exports/Qasimzada/testemunhas.csv": "input 1",
		"exports/testemunhas Qasimzada.csv": "input 1",
		"exports/Wali.csv":                  "input 1",
		"exports/irma.csv":                  "input 1",
		// a name beside a person word, judged as sheet names are (detect.FileLabel:
		// privacy-side-doors37, 7 Dec 05:32): printed on main
		"exports/contact_grace.csv":      "input 1",
		"exports/Officer Hope.csv":       "input 1",
		"exports/caseworker_hope/a.csv":  "input 1",
		"contact_grace/a.csv":            "input 1",
		"exports/contact_phone.csv":      "exports/contact_phone.csv",
		"exports/Referral officer.csv":   "exports/Referral officer.csv",
		"exports/Emergency contacts.csv": "exports/Emergency contacts.csv",
	} {
		if got := inputLabel(Input{Name: name, Root: "exports"}, 0); got != want {
			t.Errorf("inputLabel(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestSubfolders: the folders between a --input folder and the file, which ingest judges
// ("archive/old.csv", "backup/cases.csv": ingest-exactness35's Reader.Subfolders).
func TestSubfolders(t *testing.T) {
	for _, c := range []struct{ name, root, want string }{
		{"exports/cases.csv", "exports", ""},
		{"exports/archive/old.csv", "exports", "archive"},
		{"exports/2023/backup/cases.csv", "exports/", "2023/backup"},
		{`exports\old\cases.csv`, `exports`, "old"},
		{"cases.csv", "", ""},
		{"other/archive/old.csv", "exports", ""},
	} {
		if got := subfolders(Input{Name: c.name, Root: c.root}); got != c.want {
			t.Errorf("subfolders(%q, %q) = %q, want %q", c.name, c.root, got, c.want)
		}
	}
}
