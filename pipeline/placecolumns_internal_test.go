package pipeline

import "testing"

// TestPlaceColumnsWording (attack-2026-12-02g, the coordinator's note on 6c): with every
// place-like column's name withheld the notice read "the columns 2 more whose names could be
// data were dropped".
func TestPlaceColumnsWording(t *testing.T) {
	for _, c := range []struct {
		named  []string
		places int
		want   string
	}{
		{[]string{`"Location"`}, 1, `the column "Location"`},
		{[]string{`"Location"`, `"Place"`}, 2, `the columns "Location", "Place"`},
		{nil, 1, "1 column whose name is withheld (it could be data)"},
		{nil, 2, "2 columns whose names are withheld (they could be data)"},
		{[]string{`"Location"`}, 2, `the columns "Location" and 1 more whose name is withheld (it could be data)`},
		{[]string{`"Location"`}, 3, `the columns "Location" and 2 more whose names are withheld (they could be data)`},
	} {
		if got := placeColumns(c.named, c.places); got != c.want {
			t.Errorf("placeColumns(%q, %d) = %q, want %q", c.named, c.places, got, c.want)
		}
	}
}
