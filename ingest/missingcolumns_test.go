package ingest

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// TestMissingColumns: the columns: entries that named no column of the input, as resolve
// matches names (exactly, case- and punctuation-insensitively, a select_multiple's question by
// its options' columns, "#N" by position), with whether another column gave the field; drop
// entries are left out (attack-2026-12-04b G: four of six entries matched nothing, unsaid).
func TestMissingColumns(t *testing.T) {
	for _, c := range []struct {
		name, file, text string
		cols             map[string]string
		want             []MissingColumn
	}{
		{"accents lost", "x.csv",
			"Numero de caso,Genero,age,registration_date\nC1,F,15,2024-01-05\nC2,M,16,2024-01-06\n",
			map[string]string{"Número de caso": "case_id", "Género": "gender", "Edad": "age", "Nombre": "drop",
				"Registration Date": "registration_date", "#9": "narrative"},
			[]MissingColumn{{"#9", "narrative", false}, {"Edad", "age", true}, {"Género", "gender", true}, {"Número de caso", "case_id", true}}}, // "Genero" is gender, "Numero de caso" the case number by its name (ing26, attack-2026-12-05b U8)
		{"all named", "x.csv",
			"Case No.,sex,Q12/sexual,Q12/forced_labour,registration_date\nC1,F,1,0,2024-01-05\n",
			map[string]string{"case no": "case_id", "SEX": "gender", "Q12": "type_of_exploitation", "#5": "registration_date"},
			nil},
		{"JSON keys", "x.json",
			`[{"Sexo": "F", "id": "C1", "registration_date": "2024-01-05"}]`,
			map[string]string{"sexo": "gender", "Edad": "age", "first name": "first_name"},
			[]MissingColumn{{"Edad", "age", false}, {"first name", "first_name", false}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := NewReader(c.file, strings.NewReader(c.text))
			r.Now = testNow
			r.Mapping = &Mapping{Columns: c.cols}
			if got := r.MissingColumns(); got != nil {
				t.Errorf("before reading: %v", got)
			}
			for {
				rec, err := r.Read()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				rec.Release()
			}
			if got := r.MissingColumns(); !reflect.DeepEqual(got, c.want) {
				t.Errorf("MissingColumns() = %+v, want %+v", got, c.want)
			}
		})
	}
}
