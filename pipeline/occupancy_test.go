package pipeline_test

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/synth"
)

// checkSynthOccupancy checks the occupancy table of a run on synth's exports of rows rows in
// dir (released in out) against a count by hand: each province's residential stays are read
// from the three exports' own columns, their nights in the year before the export (2025) are
// counted day by day, and divided by the beds of every centre of the province (synth.Centres,
// summed) times the days. The rates agree, and where the organisations place children (20 or
// more admissions) residential care is 60% to 125% full, at any size: synth's centres grow
// with the rows, as its placements do (a fixed 20-bed Khost read 1,010% full at 20,000 rows).
func checkSynthOccupancy(t *testing.T, dir, out string, rows int) {
	t.Helper()
	from, to := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	days := to.Sub(from).Hours() / 24
	nights, admitted, inPeriod := map[string]float64{}, map[string]int{}, map[string]int{}
	stay := func(prov, start, end, typ string) {
		if start == "" || typ != "" && typ != "residential_care" {
			return
		}
		s, err := time.Parse("2006-01-02", start)
		if err != nil {
			t.Fatalf("placement start %q", start)
		}
		e := to
		if end != "" {
			if e, err = time.Parse("2006-01-02", end); err != nil {
				t.Fatalf("placement end %q", end)
			}
		}
		for d := s; d.Before(e); d = d.AddDate(0, 0, 1) {
			if !d.Before(from) && d.Before(to) {
				nights[prov]++
			}
		}
		if !s.Before(from) && s.Before(to) {
			admitted[prov]++
		}
		if s.Before(to) && e.After(from) {
			inPeriod[prov]++
		}
	}
	readCSV := func(name string, each func(col map[string]int, rec []string)) {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		r := csv.NewReader(f)
		header, err := r.Read()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, h := range header {
			col[h] = i
		}
		for {
			rec, err := r.Read()
			if err == io.EOF {
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			each(col, rec)
		}
	}
	readCSV(synth.IndianEventsFile, func(c map[string]int, r []string) {
		if r[c["event"]] == "placement" {
			stay(r[c["province"]], r[c["date"]], r[c["end_date"]], r[c["type"]])
		}
	})
	readCSV(synth.AfghanFollowUpFile, func(c map[string]int, r []string) {
		for p := 1; ; p++ { // a return to care is a placement of its own
			n := "placement_" + strconv.Itoa(p)
			if _, ok := c[n+"_start"]; !ok {
				break
			}
			stay(r[c[n+"_province"]], r[c[n+"_start"]], r[c[n+"_end"]], r[c[n+"_type"]])
		}
	})
	f, err := os.Open(filepath.Join(dir, synth.CambodianCareFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var rec struct {
			Care []map[string]string `json:"care_arrangements"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		for _, p := range rec.Care {
			stay(p["province"], p["care_arrangement_started_date"], p["care_arrangement_end_date"], p["care_arrangements_type"])
		}
	}
	beds := map[string]int{}
	for _, c := range synth.Centres(rows) {
		beds[c.Province] += c.Capacity
	}
	ts, err := release.ReadTables(out)
	if err != nil {
		t.Fatal(err)
	}
	var occ *release.Table
	for _, tb := range ts {
		if tb.Name == "occupancy" {
			occ = tb
		}
	}
	if occ == nil {
		t.Fatal("no occupancy table")
	}
	seen := 0
	for _, row := range occ.Rows {
		p := row.Labels[0]
		if beds[p] == 0 {
			continue
		}
		seen++
		if row.Figures[1] == "" && slices.ContainsFunc(row.State, func(s release.State) bool { return s != release.Published }) {
			continue // withheld with its counts
		}
		if row.Figures[1] == "" && inPeriod[p] < 10 {
			continue // withheld: it would rest on fewer than 10 children's stays
		}
		if row.Figures[0] != strconv.Itoa(beds[p]) {
			t.Errorf("%s: %s beds, want %d (its centres' capacities summed)", p, row.Figures[0], beds[p])
		}
		rate, err := strconv.ParseFloat(row.Figures[1], 64)
		if err != nil {
			t.Errorf("%s: occupancy %q", p, row.Figures[1])
			continue
		}
		want := nights[p] / (float64(beds[p]) * days)
		if math.Abs(rate-want) > 0.05 {
			t.Errorf("%s: occupancy %.2f, by hand %.3f (%.0f nights, %d beds, %.0f days)", p, rate, want, nights[p], beds[p], days)
		}
		if admitted[p] >= 20 && (rate < 0.6 || rate > 1.25) {
			t.Errorf("%s: occupancy %.2f with %d admissions and %d beds: not a plausible fill", p, rate, admitted[p], beds[p])
		}
		t.Logf("%s: occupancy %.2f (by hand %.3f), %d beds, %d admissions in 2025", p, rate, want, beds[p], admitted[p])
	}
	if seen != len(beds) {
		t.Errorf("the occupancy table has %d of the %d provinces with centres", seen, len(beds))
	}
}
