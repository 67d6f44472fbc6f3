package linkage

import (
	"crypto/hmac"
	"crypto/sha256"
	"testing"
	"time"
)

// TestKeyDates: a record's link key is the keyed hash of its message with the date of birth
// as Date32.ToTime formats it, and its estimated-date kind follows that date's day and month,
// for dates before 1970, on leap days and on the estimates' 1 January and 1 July (AddScoped
// takes the date from its seconds, not ToTime's calendar walk: the same keys).
func TestKeyDates(t *testing.T) {
	dobs := []string{"1970-01-01", "1969-12-31", "1900-02-28", "1904-02-29", "1899-07-01", "2000-02-29",
		"2007-01-01", "2007-07-01", "2007-07-02", "2012-12-31", "2024-03-01", "1753-01-01", "2099-07-01"}
	var people []person
	for _, d := range dobs {
		people = append(people, person{name: "Ahmad Karimi Sultani", dob: d, gender: "male", source: "a"},
			person{name: "Farid", dob: d, gender: "male", source: "b"})
	}
	l := New(testKey)
	if err := l.Add(batch(people)); err != nil {
		t.Fatal(err)
	}
	for i, p := range people {
		d := mustDate(p.dob)
		msg := []byte("prevalence-link-v1\x00")
		msg = append(msg, NormaliseName(p.name)...)
		msg = append(msg, 0)
		msg = d.AppendFormat(msg, "2006-01-02")
		msg = append(msg, 0)
		msg = append(msg, p.gender...)
		mac := hmac.New(sha256.New, testKey)
		mac.Write(msg)
		var want digest
		copy(want[:], mac.Sum(nil))
		if l.keys[i] != want {
			t.Errorf("row %d (%s): the link key differs from the documented message's", i, p.dob)
		}
		estimate := d.Day() == 1 && (d.Month() == time.January || d.Month() == time.July)
		var kind uint8
		switch {
		case p.name == "Farid" && estimate:
			kind = estimated
		case p.name == "Farid":
			kind = linkable
		case estimate:
			kind = guessed
		default:
			kind = linkable
		}
		if l.link[i] != kind {
			t.Errorf("row %d (%s, %d words): kind %d, want %d", i, p.dob, len(p.name), l.link[i], kind)
		}
	}
}
