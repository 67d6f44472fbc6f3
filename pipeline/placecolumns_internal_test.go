package pipeline

import "testing"

// TestPlaceColumnsWording (attack-2026-12-02g, the coordinator's note on 6c): with every
// place-like column's name withheld the notice read "the columns 2 more whose names could be
// data were dropped".
func TestPlaceColumnsWording(t *testing.T) {
	for _, c := range []struct {
		named  []string
		places int
		at     []string
		want   string
	}{
		{[]string{`"Location"`}, 1, nil, `the column "Location"`},
		{[]string{`"Location"`, `"Place"`}, 2, nil, `the columns "Location", "Place"`},
		{nil, 1, nil, "1 column whose name is withheld (it could be data)"},
		{nil, 2, nil, "2 columns whose names are withheld (they could be data)"},
		{[]string{`"Location"`}, 2, nil, `the columns "Location" and 1 more whose name is withheld (it could be data)`},
		{[]string{`"Location"`}, 3, nil, `the columns "Location" and 2 more whose names are withheld (they could be data)`},
		// the withheld ones' positions, so that one can be mapped (privacy-side-doors37)
		{nil, 1, []string{"7"}, "1 column whose name is withheld (it could be data; column 7)"},
		{nil, 2, []string{"7", "9"}, "2 columns whose names are withheld (they could be data; columns 7 and 9)"},
		{[]string{`"Location"`}, 3, []string{"9"}, `the columns "Location" and 2 more whose names are withheld (they could be data; among them column 9)`},
	} {
		if got := placeColumns(c.named, c.places, c.at); got != c.want {
			t.Errorf("placeColumns(%q, %d) = %q, want %q", c.named, c.places, got, c.want)
		}
	}
}
