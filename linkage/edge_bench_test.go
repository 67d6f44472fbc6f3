package linkage

import "testing"

// BenchmarkEdgeWords: the near pairs' print of synth's names (a quarter of them with an
// Arabic-script word or Zoë), as AddScoped takes it of a row born on an exact day.
func BenchmarkEdgeWords(b *testing.B) {
	given := []string{"Ahmad", "Mohammad", "Farid", "Zahra", "Fatima", "Maryam", "Nadia", "Hamid", "Soraya", "Bilal", "Shabnam", "Wahid", "Gul", "Rahim", "Laila", "Jawad", "احمد", "فاطمه", "Zoë"}
	family := []string{"Ahmadi", "Hakimi", "Rahimi", "Karimi", "Noori", "Sultani", "Haidari", "Popal", "Stanikzai", "احمدی"}
	var names []string
	for _, g := range given {
		for _, f := range family {
			names = append(names, g+" "+f)
		}
	}
	var buf []byte
	var uni uniCache
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		_, _, buf = edgeWords(names[i%len(names)], "female", buf, &uni)
	}
}

// BenchmarkNormaliseFold: a row's link key name (appendNormalised, appendTransliterated).
func BenchmarkNormaliseFold(b *testing.B) {
	names := []string{"Ahmad Karimi", "فاطمه Karimi", "Zoë Noori", "Mohammad احمدی", "Shabnam Stanikzai", "Gul Popal", "Nadia Sultani"}
	var norm, fold []byte
	for i := 0; b.Loop(); i++ {
		norm, _ = appendNormalised(norm[:0], names[i%len(names)])
		fold = appendTransliterated(fold[:0], norm)
	}
}
