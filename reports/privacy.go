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
func privacyAccount(p map[string]any, exact bool) [][3]string {
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
	add := func(what string, format func(float64) string, path ...string) {
		b, okb := num(before, path...)
		a, oka := num(after, path...)
		if !okb && !oka {
			return
		}
		row := [3]string{what, "–", "–"}
		if okb {
			row[1] = format(b)
		}
		if oka {
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
		share, group, risk = bandShare, bandGroup(k), bandRisk(k)
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
	add("Information loss (0 none, 1 all)", func(v float64) string { return fmt.Sprintf("%.3f", v) }, "loss")
	return rows
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
