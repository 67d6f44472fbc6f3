package ingest

import (
	"io"
	"strings"
	"testing"
	"time"
)

// TestEventsCalendarNotice: an events export placed in Ethiopia whose dates pass the
// Ethiopian calendar's check says so, as a case export does (ingest-exactness22, noticed: the
// events had no word of their own); events elsewhere, and refused ones, say nothing.
func TestEventsCalendarNotice(t *testing.T) {
	var b strings.Builder
	b.WriteString("case_id,event,date,type\n")
	for i := 0; i < 20; i++ {
		// days 1-31 of 2024's months: some of day 31
		b.WriteString("U-" + string(rune('a'+i)) + ",placement," + time.Date(2024, time.Month(1+i%12), 1+(i*7)%31, 0, 0, 0, 0, time.UTC).Format("2006-01-02") + ",residential_care\n")
	}
	b.WriteString("U-z,placement,2024-01-31,residential_care\n")
	in := b.String()
	read := func(country, extracted string) (string, error) {
		r := NewEventReader("e.csv", strings.NewReader(in))
		r.Mapping = &Mapping{Defaults: map[string]string{"country_of_exploitation": country}, Extracted: extracted}
		r.Now = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		for {
			if _, err := r.Read(); err == io.EOF {
				return r.CalendarNotice(), nil
			} else if err != nil {
				return "", err
			}
		}
	}
	n, err := read("ET", "2025-01-01")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"its events are placed in Ethiopia", "21 dates", `column "date" first`, "read as Gregorian", "of day 31", "within six years of extracted:"} {
		if !strings.Contains(n, want) {
			t.Errorf("notice %q lacks %q", n, want)
		}
	}
	if n, _ := read("ET", ""); !strings.Contains(n, "give the export's day as extracted:") {
		t.Errorf("without extracted: %q", n)
	}
	if n, err := read("AF", "2025-01-01"); err != nil || n != "" {
		t.Errorf("events placed in AF: %q, %v", n, err)
	}
}
