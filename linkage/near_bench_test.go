package linkage

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
)

// BenchmarkNearPairs: Link's near-pairs count (nearPairs) alone, over n records of two
// sources, by the family names' spread: "wide", 20,000 family names (BenchmarkLink's people),
// and "few", 30 (synth's 10 a country, three countries), births over 18 years. The pairs
// that share a family name, gender and a birth within a day grow as n² over the names and
// days: with few names each is a map entry (seen), so time and memory grow with them
// (linkage-merge25.md, the 10:14 session, item 3, for t14); "now" against "scan", the
// control pairs scanned per family name (nearPairsScan) as before nearCount.
func BenchmarkNearPairs(b *testing.B) {
	for _, shape := range []struct {
		name     string
		families int
	}{{"wide", 20000}, {"few", 30}} {
		for _, n := range []int{100_000, 400_000, 1_600_000} {
			b.Run(fmt.Sprintf("%s/%d", shape.name, n), func(b *testing.B) {
				r := rand.New(rand.NewPCG(uint64(n), 3))
				given := []string{"Ahmad", "Bilal", "Farid", "Jawad", "Wahid", "Rahim", "Zahra", "Fatima", "Maryam", "Soraya", "Laila", "Shabnam"}
				var recs []arrow.RecordBatch
				var chunk []person
				from := time.Date(2000, 1, 2, 0, 0, 0, 0, time.UTC)
				for i := range n {
					born := from.AddDate(0, 0, r.IntN(18*365))
					if born.Day() == 1 {
						born = born.AddDate(0, 0, 1)
					}
					chunk = append(chunk, person{name: fmt.Sprintf("%s%d Fam%d", given[r.IntN(len(given))], r.IntN(500), r.IntN(shape.families)),
						dob: born.Format("2006-01-02"), gender: []string{"female", "male"}[r.IntN(2)], source: []string{"Org A", "Org B"}[i%2]})
					if len(chunk) == 1<<16 || i == n-1 {
						recs = append(recs, batch(chunk))
						chunk = chunk[:0]
					}
				}
				l := addAll(b, recs)
				for _, rec := range recs {
					rec.Release()
				}
				for _, how := range []struct {
					name string
					f    func(skip func(int) bool) Near
				}{{"now", l.nearPairs}, {"scan", l.nearPairsScan}} {
					b.Run(how.name, func(b *testing.B) {
						var near Near
						for b.Loop() {
							near = how.f(nil)
						}
						b.ReportMetric(float64(near.Total()), "pairs")
						b.ReportMetric(near.Chance, "chance")
					})
				}
			})
		}
	}
}
