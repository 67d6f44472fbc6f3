package pipeline

import (
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/array"

	"github.com/prevalence/prevalence/ingest"
	"github.com/prevalence/prevalence/schema"
	"github.com/prevalence/prevalence/synth"
)

// TestSynthRoutesMappedExactly: the referral routes synth writes into each case export (the
// Afghan centre's canonical column, the Indian network's words, the Cambodian team's nested
// field, the Kolkata police's default) are read by ingest through the demo's mapping onto
// the route they were drawn as: every valid row has a route, each organisation's shares lie
// within four standard errors of synth.RouteShares, and the police's list is all police
// operations.
func TestSynthRoutesMappedExactly(t *testing.T) {
	dir := t.TempDir()
	if _, err := synth.Write(dir, 6000, synth.DemoSeed); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfig(filepath.Join(dir, synth.ConfigFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ file, org string }{
		{synth.AfghanFile, "AF"}, {synth.IndianFile, "IN"}, {synth.CambodianFile, "KH"}, {synth.PoliceFile, "police"},
	} {
		name := filepath.Join(dir, c.file)
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		r := ingest.NewReader(name, f)
		r.Mapping = cfg.mapping(name)
		got := map[string]int{}
		n := 0
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			col := rec.Column(schema.Index(schema.ReferralRoute)).(*array.String)
			for i := 0; i < int(rec.NumRows()); i++ {
				n++
				if col.IsNull(i) {
					t.Fatalf("%s: a valid row without a route", c.file)
				}
				got[col.Value(i)]++
			}
			rec.Release()
		}
		f.Close()
		if n == 0 {
			t.Fatalf("%s: no rows", c.file)
		}
		if c.org == "police" {
			if got["police_operation"] != n {
				t.Errorf("police list: routes %v, want all %d police_operation", got, n)
			}
			continue
		}
		seen := 0
		for _, s := range synth.RouteShares[c.org] {
			seen += got[s.Route]
			p := float64(got[s.Route]) / float64(n)
			if se := math.Sqrt(s.Share * (1 - s.Share) / float64(n)); math.Abs(p-s.Share) > 4*se {
				t.Errorf("%s: %s %.3f of %d rows, true share %.2f", c.file, s.Route, p, n, s.Share)
			}
		}
		if seen != n {
			t.Errorf("%s: routes %v outside the organisation's own", c.file, got)
		}
	}
}
