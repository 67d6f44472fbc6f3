package pipeline

import (
	"slices"
	"testing"
)

// TestUnknownNamed (ingest-exactness28): a deleted or merged mark is read, so the hint for a
// lost config entry never offers it among the columns that mapped onto no field.
func TestUnknownNamed(t *testing.T) {
	got := unknownNamed([]string{"Deleted", "Fecha de alta", "Merged into", "ReviewState"})
	if want := []string{"Fecha de alta"}; !slices.Equal(got, want) {
		t.Errorf("unknownNamed = %q, want %q", got, want)
	}
}
