package ingest

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// pooled is a network's pooled export (attack-2026-12-05c V7): shelters of n boys each, every
// shelter numbering its cases from 001, ages 15-17, registered in 2024 (on a day, or the year
// only), province and form drawn at random, no date of birth; the shelters' rows one after the
// other, an "Organisation" column naming each.
func pooled(seed uint64, n int, shelters []string, dated bool) string {
	r := rand.New(rand.NewPCG(seed, 7))
	provinces := []string{"AF-KAB", "AF-HER", "AF-NAN"}
	forms := []string{"forced labour", "sexual exploitation"}
	var b strings.Builder
	if dated {
		b.WriteString("Organisation,case_id,gender,age,registration_date,province_of_exploitation,country_of_exploitation,type_of_exploitation\n")
	} else {
		b.WriteString("Organisation,case_id,gender,age,year_of_registration,province_of_exploitation,country_of_exploitation,type_of_exploitation\n")
	}
	for _, sh := range shelters {
		for i := 1; i <= n; i++ {
			when := "2024"
			if dated {
				when = fmt.Sprintf("2024-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28))
			}
			fmt.Fprintf(&b, "%s,%03d,male,%d,%s,%s,AF,%s\n", sh, i, 15+r.IntN(3), when, provinces[r.IntN(3)], forms[r.IntN(2)])
		}
	}
	return b.String()
}

// dedupOne reads one input through a new Deduper (StartInput, PooledBy cols, EndInput) and
// returns it with the rows merged as duplicates.
func dedupOne(t *testing.T, in string, cols ...string) (*Deduper, int) {
	t.Helper()
	d := NewDeduper()
	d.StartInput(0, "network.csv", testNow)
	r := NewReader("network.csv", strings.NewReader(in))
	r.Now, r.BatchSize, r.DefaultSource = testNow, 7, "Network"
	base := 0
	dropped := len(dedupReader(t, d, r, &base))
	if len(r.Rejected()) > 0 {
		t.Fatalf("rejected: %v", r.Rejected())
	}
	if cols != nil {
		d.PooledBy(cols)
	}
	dropped += len(d.EndInput(func(int) bool { return false }))
	return d, dropped
}

// TestDeduperPooledExport is attack-2026-12-05c V7: a network's pooled export, two shelters of
// 30 boys each numbered from 001 in one file, without dates of birth: 20 of the 60 were merged
// as duplicates with a notice (17 of the merges differing in province or form) and published,
// where two files of the same shape are refused. Now one file is refused as two are, naming
// the dropped organisation column and the way out. One register's file that holds a few cases
// twice (a case updated, its province corrected) still merges them with the Differing count.
func TestDeduperPooledExport(t *testing.T) {
	for _, dated := range []bool{false, true} {
		for seed := range uint64(5) {
			in := pooled(seed, 30, []string{"Shelter A", "Shelter B"}, dated)
			d, dropped := dedupOne(t, in, "Organisation")
			err := d.OtherPeople()
			if !errors.Is(err, ErrPooledNumbers) || !strings.Contains(err.Error(), `network.csv: `) ||
				!strings.Contains(err.Error(), `Its column "Organisation", which maps onto no field and was dropped`) ||
				!strings.Contains(err.Error(), "split it by that column into a file per organisation and give each a sources: entry of its own") {
				t.Errorf("dated %v, seed %d: %v (%d merged, differing %+v), want ErrPooledNumbers naming the file, the column and the split",
					dated, seed, err, dropped, d.Differing())
			}
			if err != nil && strings.Contains(err.Error(), "Shelter") {
				t.Errorf("the error shows a cell's value: %v", err)
			}
		}
	}
	// Without a column naming the organisation, the same refusal, the split said without one.
	d, _ := dedupOne(t, pooled(1, 30, []string{"Shelter A", "Shelter B"}, false))
	if err := d.OtherPeople(); !errors.Is(err, ErrPooledNumbers) || strings.Contains(err.Error(), "column") ||
		!strings.Contains(err.Error(), "split it into a file per organisation") {
		t.Errorf("no organisation column: %v, want ErrPooledNumbers with the split", err)
	}

	// One register's file: 40 boys, of whom 6 appear again later (an update exported beside
	// the first row), the same registration date, one of them with its province corrected:
	// merged, counted in Differing, not refused.
	var b strings.Builder
	b.WriteString("case_id,gender,age,registration_date,province_of_exploitation,country_of_exploitation,type_of_exploitation\n")
	row := func(i int, prov, form string) {
		fmt.Fprintf(&b, "%03d,male,%d,2024-%02d-%02d,%s,AF,%s\n", i, 15+i%3, 1+i%12, 1+i%28, prov, form)
	}
	for i := 1; i <= 40; i++ {
		row(i, "AF-KAB", "forced labour")
	}
	for i := 1; i <= 6; i++ {
		prov, form := "AF-KAB", "forced labour"
		if i == 1 {
			prov = "AF-HER"
		}
		if i <= 4 {
			form = "forced labour;sexual exploitation" // a form added on review
		}
		row(i, prov, form)
	}
	d, dropped := dedupOne(t, b.String(), "Organisation")
	if err := d.OtherPeople(); err != nil || dropped != 6 || d.Differing() != (Differing{Records: 4, Province: 1, Forms: 4}) {
		t.Errorf("a register's updates in one file: %v, %d merged, differing %+v; want 6 merged, 4 differing (1 in province, 4 in forms), no error",
			err, dropped, d.Differing())
	}
	// Four of the six merges in another province (a transfer each) but one registration: a
	// notice's matter, not other people? Not so: most merges differing in province, five or
	// more, is the refusal's rule across two files too; below five it is a notice.
	b.Reset()
	b.WriteString("case_id,gender,age,registration_date,province_of_exploitation,country_of_exploitation,type_of_exploitation\n")
	for i := 1; i <= 40; i++ {
		row(i, "AF-KAB", "forced labour")
	}
	for i := 1; i <= 8; i++ {
		prov := "AF-KAB"
		if i <= 4 {
			prov = "AF-HER"
		}
		row(i, prov, "forced labour")
	}
	if d, dropped := dedupOne(t, b.String()); d.OtherPeople() != nil || dropped != 8 || d.Differing() != (Differing{Records: 4, Province: 4}) {
		t.Errorf("four of eight merges in another province: %v, %d merged, differing %+v; want 8 merged, 4 differing, no error", d.OtherPeople(), dropped, d.Differing())
	}
}

func TestOrganisationColumn(t *testing.T) {
	for _, c := range []string{"Organisation", "organization", "ORG", "Partner", "partner_name", "Agency", "source", "Implementing partner", "Shelter name"} {
		if !OrganisationColumn(c) {
			t.Errorf("%q: not an organisation's column", c)
		}
	}
	for _, c := range []string{"Referral source", "Remarks", "Partner's name", "case_id", "Intimate partner", "Source of income"} {
		if OrganisationColumn(c) {
			t.Errorf("%q: read as an organisation's column", c)
		}
	}
}

// sameAges gives every row of a pooled export (pooled) after the first n the age of the row
// n before it: each pair under a restarted number of the same age (priv's zl note), or, with
// all, every row age 16.
func sameAges(in string, n int, all bool) string {
	lines := strings.Split(strings.TrimSuffix(in, "\n"), "\n")
	for i := 1; i < len(lines); i++ {
		f := strings.Split(lines[i], ",")
		switch {
		case all:
			f[3] = "16"
		case i > n:
			f[3] = strings.Split(lines[i-n], ",")[3]
		}
		lines[i] = strings.Join(f, ",")
	}
	return strings.Join(lines, "\n") + "\n"
}

// TestDeduperPooledSameAges is priv's zl note: a pooled export whose every pair under a
// restarted number gives the same age (or whose rows all give one age) merged the two
// shelters' records as the same people, no refusal: the agreeing ages were taken for the
// same people though the pairs differ in registration date or province.
func TestDeduperPooledSameAges(t *testing.T) {
	for _, all := range []bool{false, true} {
		for _, dated := range []bool{false, true} {
			for seed := range uint64(5) {
				d, dropped := dedupOne(t, sameAges(pooled(seed, 30, []string{"Shelter A", "Shelter B"}, dated), 30, all), "Organisation")
				if err := d.OtherPeople(); !errors.Is(err, ErrPooledNumbers) {
					t.Errorf("all %v, dated %v, seed %d: %v (%d merged, differing %+v), want ErrPooledNumbers", all, dated, seed, err, dropped, d.Differing())
				}
			}
		}
	}
}

// TestDeduperRepeatsSameBirth: the other side of TestDeduperPooledSameAges: one file whose
// repeated numbers give the same date of birth (the same people, re-registered in another
// province) is merged, not refused as a pooled export.
func TestDeduperRepeatsSameBirth(t *testing.T) {
	in := pooled(3, 30, []string{"Shelter A", "Shelter A"}, true)
	lines := strings.Split(strings.TrimSuffix(in, "\n"), "\n")
	lines[0] = strings.Replace(lines[0], ",age,", ",date_of_birth,", 1)
	for i := 1; i < len(lines); i++ {
		f := strings.Split(lines[i], ",")
		n := (i-1)%30 + 1
		f[3] = fmt.Sprintf("%d-%02d-%02d", 2007+n%3, 1+n%12, 1+n%28)
		lines[i] = strings.Join(f, ",")
	}
	d, dropped := dedupOne(t, strings.Join(lines, "\n")+"\n")
	if err := d.OtherPeople(); err != nil || dropped != 30 {
		t.Errorf("repeats with their dates of birth: %v, %d merged; want 30 merged, no error", err, dropped)
	}
}
