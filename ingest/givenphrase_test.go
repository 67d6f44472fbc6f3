package ingest

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// TestStatusPhraseGivenName: a file or sheet named by a word for other people than victims
// that is also a child's given name ("Wali", guardian in Indonesian; "Irma", sister in
// Portuguese; "Ayah", father in Indonesian: ing29's otherPersonWord) is still refused, but
// neither its refusal nor its label prints the word (privacy-side-doors29: on main the
// refusal quoted "wali" and the sheet was named "Wali"). A name that is a status phrase and
// nothing else ("testemunhas") is quoted, and StatusFileName lets the pipeline name the file.
func TestStatusPhraseGivenName(t *testing.T) {
	const csvRows = "case_id,gender,age,registration_date\nC-1,male,12,2024-01-02\nC-2,female,14,2024-02-03\n"
	readAll := func(r *Reader) error {
		for {
			rec, err := r.Read()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			rec.Release()
		}
	}
	given := []string{"wali", "irma", "ayah"}
	for _, f := range []string{"wali", "Wali", "Irma", "ayah", "Wali Qasimzada", "irma_2024"} {
		t.Run("file "+f, func(t *testing.T) {
			r := NewReader("exports/"+f+".csv", strings.NewReader(csvRows))
			r.Now, r.InFolder = testNow, true
			err := readAll(r)
			if !errors.Is(err, ErrNoStatus) {
				t.Fatalf("want ErrNoStatus, got %v", err)
			}
			// the reader names the file as it was given; the pipeline puts its label there
			msg := strings.TrimPrefix(err.Error(), "exports/"+f+".csv")
			for _, g := range given {
				if strings.Contains(strings.ToLower(msg), g) {
					t.Errorf("the refusal prints the given name %q: %v", g, err)
				}
			}
			if !strings.Contains(err.Error(), "also a given name, withheld") {
				t.Errorf("the refusal does not say the word is withheld: %v", err)
			}
			if StatusFileName(f) {
				t.Errorf("StatusFileName(%q): the pipeline would name the file", f)
			}
		})
	}
	t.Run("file testemunhas", func(t *testing.T) {
		r := NewReader("exports/testemunhas.csv", strings.NewReader(csvRows))
		r.Now, r.InFolder = testNow, true
		if err := readAll(r); !errors.Is(err, ErrNoStatus) || !strings.Contains(err.Error(), `("testemunhas")`) {
			t.Fatalf("want ErrNoStatus quoting \"testemunhas\", got %v", err)
		}
		for _, f := range []string{"testemunhas", "No verificados", "TRAFICANTES", "caregivers"} {
			if !StatusFileName(f) {
				t.Errorf("StatusFileName(%q) = false: the pipeline would call it input N beside the quoted phrase", f)
			}
		}
		for _, f := range []string{"testemunhas Qasimzada", "testemunhas-2024", "cases"} {
			if StatusFileName(f) {
				t.Errorf("StatusFileName(%q) = true", f)
			}
		}
	})
	cases := [][]any{{"case_id", "gender", "age", "registration_date", "trafficking_status"},
		{"C-1", "male", 12, "2024-01-02", "actual"}, {"C-2", "female", 14, "2024-02-03", "actual"}}
	others := [][]any{{"case_id", "gender", "age", "registration_date"}, {"C-1", "female", 40, "2024-01-02"}}
	for _, s := range []string{"Wali", "Irma", "Ayah Qasimzada"} {
		t.Run("sheet "+s, func(t *testing.T) {
			wb := buildWorkbook(t, []sheetRows{{"Cases", cases}, {s, others}})
			r := NewReader("exports/register.xlsx", bytes.NewReader(wb))
			r.Now, r.InFolder = testNow, true
			err := readAll(r)
			if !errors.Is(err, ErrNotCases) {
				t.Fatalf("want ErrNotCases, got %v", err)
			}
			msg := strings.TrimPrefix(err.Error(), "exports/register.xlsx")
			for _, g := range given {
				if strings.Contains(strings.ToLower(msg), g) {
					t.Errorf("the refusal prints the given name %q: %v", g, err)
				}
			}
			if !strings.Contains(err.Error(), "sheet 2") {
				t.Errorf("the refusal does not name the sheet by its place: %v", err)
			}
		})
	}
}
