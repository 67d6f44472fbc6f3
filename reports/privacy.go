package reports

import (
	"fmt"
	"math"
)

// privacyAccount renders privacy.json (anonymize's measures before and after) as rows people
// read: what was measured, before anonymization, after. Measures the file lacks are left out;
// the full file is linked beside the table.
//
// exact is for the research report only. The reports for everyone say the measures in bands
// against k (attack-2026-12-02g finding 6): a share to 0.1% of a total the tables publish is
// the count of records withheld, a smallest group of 7 is a count of records, and the average
// group size, the average and journalist risks and the marketer risk are each the number of
// groups over the released records.
//
// th is the tables' small-count threshold: a share for everyone whose count of records is 1 to
// th-1 (or all the records but 1 to th-1) is said as that ("fewer than 10 records"), since in a
// small register even a band of shares pins it (1-5% of 27 records is 1).
func privacyAccount(p map[string]any, exact bool, th int) [][3]string {
	before, _ := p["before"].(map[string]any)
	after, _ := p["after"].(map[string]any)
	if before == nil && after == nil {
		return nil
	}
	num := func(m map[string]any, path ...string) (float64, bool) {
		var v any = m
		for _, k := range path {
			mm, ok := v.(map[string]any)
			if !ok {
				return 0, false
			}
			v = mm[k]
		}
		f, ok := v.(float64)
		return f, ok && !math.IsNaN(f)
	}
	var rows [][3]string
	var of float64 // the records of the side being formatted, for the shares' bands
	add := func(what string, format func(float64) string, path ...string) {
		b, okb := num(before, path...)
		a, oka := num(after, path...)
		if !okb && !oka {
			return
		}
		row := [3]string{what, "–", "–"}
		if okb {
			of, _ = num(before, "rows")
			row[1] = format(b)
		}
		if oka {
			of, _ = num(after, "rows")
			row[2] = format(a)
		}
		rows = append(rows, row)
	}
	size := func(v float64) string { return fmt.Sprintf("%.1f", v) }
	// A group size is not a count of people: said with its unit, so that it reads (and is
	// checked) apart from published counts, which never show 1 to 9.
	group := func(v float64) string {
		if v == 1 {
			return "1 record"
		}
		return fmt.Sprintf("%.0f records", v)
	}
	risk := func(v float64) string {
		if v <= 0 {
			return "0"
		}
		if 1/v < 10 {
			return fmt.Sprintf("%.1f%% (1 in %.1f)", 100*v, 1/v)
		}
		return fmt.Sprintf("%.1f%% (1 in %.0f)", 100*v, 1/v)
	}
	share := func(v float64) string {
		if v > 0 && v < 0.001 {
			return "under 0.1%"
		}
		return fmt.Sprintf("%.1f%%", 100*v)
	}
	if !exact {
		k, _ := num(after, "k")
		group, risk = bandGroup(k), bandRisk(k)
		share = func(v float64) string { return bandCount(v, of, th, "records") }
	}
	for _, m := range []map[string]any{before, after} {
		// Shares of the records, computed here from the counts the table leaves out.
		rows, _ := num(m, "rows")
		if m == nil || rows <= 0 {
			continue
		}
		if v, ok := num(m, "suppressed_records"); ok {
			m["suppressed_share"] = v / rows
		}
	}
	if model, ok := p["model"].(string); ok {
		rows = append(rows, [3]string{"Privacy model", "none", model})
	}
	// No count of records: privacy.json's exact counts (records, withheld, groups) give back
	// a total the tables withhold or round, and between two releases how many cases were
	// added or removed (attack-2026-11-30c finding 6); they are the organisation's, with
	// privacy.json. Shares and group sizes say the protection without them.
	add("Records withheld (suppressed), share", share, "suppressed_share")
	add("Smallest group", group, "min_class_size")
	if exact {
		add("Average group size", size, "avg_class_size")
	}
	add("Prosecutor risk, highest", risk, "prosecutor_risk", "highest")
	if exact {
		add("Prosecutor risk, average", risk, "prosecutor_risk", "average")
	}
	add("Records above the risk threshold", share, "prosecutor_risk", "share_at_risk")
	if exact {
		add("Journalist risk, highest", risk, "journalist_risk", "highest")
		add("Marketer risk (share re-identified by trying every record)", share, "marketer_risk")
	}
	loss := func(v float64) string { return fmt.Sprintf("%.3f", v) }
	if !exact {
		loss = func(v float64) string { return bandLoss(v, of, th) }
	}
	add("Information loss (0 none, 1 all)", loss, "loss")
	return rows
}

// bandLoss says the information loss v of n records for everyone. The loss charges every
// suppressed record as fully generalized, so one record moves it by up to 1/n: to 0.001 in a
// register of a few dozen records, with the levels published, it gives back how many were
// suppressed, which the shares say only as "fewer than 10" (privacy-side-doors15). It is said
// in quarters, each as wide as th records or more, and as "some, not all" in a register of
// 4*th records or fewer, where a quarter is narrower than that.
func bandLoss(v, n float64, th int) string {
	if th < 2 {
		th = 10
	}
	switch {
	case v <= 0:
		return "none"
	case v >= 1:
		return "all"
	case n <= float64(4*th):
		return "some, not all"
	case v < 0.25:
		return "under 0.25"
	case v < 0.5:
		return "0.25-0.5"
	case v < 0.75:
		return "0.5-0.75"
	}
	return "0.75 or more"
}

// bandShare says a share of the records in a band wide enough that, against a published
// total, it is no count: none, under 1%, 1-5%, 5-10%, 10-25%, 25-50%, and the same bands
// from the top (50-75% ... over 99%), all.
func bandShare(v float64) string {
	bands := []struct {
		below float64
		say   string
	}{{0.01, "under 1%"}, {0.05, "1-5%"}, {0.10, "5-10%"}, {0.25, "10-25%"}, {0.50, "25-50%"},
		{0.75, "50-75%"}, {0.90, "75-90%"}, {0.95, "90-95%"}, {0.99, "95-99%"}, {1, "over 99%"}}
	if v <= 0 {
		return "none"
	}
	for _, b := range bands {
		if v < b.below {
			return b.say
		}
	}
	return "all"
}

// bandCount says a share v of n things (records, rows) for everyone: as bandShare, but a count
// of 1 to th-1 as "fewer than th" and all but 1 to th-1 as "all but fewer than th", which the
// band would pin in a small register (privacy-side-doors14: "1-5%" of 27 records is 1); under
// 2*th things, "some, not all"; and a count the only one of its band (at a band's edge in a
// register of a few dozen) said as the count below it is. Without n, the band.
func bandCount(v, n float64, th int, things string) string {
	if th < 2 {
		th = 10
	}
	if n <= 0 || v <= 0 || v >= 1 {
		return bandShare(v)
	}
	all := int(math.Round(n))
	first := func(c int) string {
		switch {
		case c <= 0 || c >= all:
			return bandShare(float64(c) / float64(all))
		case all < 2*th:
			return "some, not all"
		case c < th:
			return fmt.Sprintf("fewer than %d %s", th, things)
		case all-c < th:
			return fmt.Sprintf("all but fewer than %d %s", th, things)
		}
		return bandShare(float64(c) / float64(all))
	}
	var say func(c int) string
	say = func(c int) string {
		b := first(c)
		if c > 1 && c < all-1 && first(c-1) != b && first(c+1) != b {
			return say(c - 1) // alone in its band: said as the count below
		}
		return b
	}
	return say(int(math.Round(v * n)))
}

// bandGroup says a group size against k (10 when privacy.json has no k): at or above it, or
// below it.
func bandGroup(k float64) func(float64) string {
	if k < 2 {
		k = 10
	}
	return func(v float64) string {
		if v >= k {
			return fmt.Sprintf("%.0f records or more", k)
		}
		return fmt.Sprintf("under %.0f records", k)
	}
}

// bandRisk says a risk against 1/k: at most 1 in k, or above it.
func bandRisk(k float64) func(float64) string {
	if k < 2 {
		k = 10
	}
	return func(v float64) string {
		if v <= 0 {
			return "0"
		}
		if v <= 1/k+1e-9 {
			return fmt.Sprintf("at most 1 in %.0f", k)
		}
		return fmt.Sprintf("above 1 in %.0f", k)
	}
}
