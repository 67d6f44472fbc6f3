package pipeline_test

import (
	"strings"
	"testing"

	"github.com/prevalence/prevalence/pipeline"
)

// TestDroppedHeaderNamesWithheld (attack-2026-12-06d D9): a dropped column's header is named in
// the notice and manifest.json only when every word of it is known; headers holding a name no
// list knows (a staff member's, a family's or tribe's), or a name beside a person word
// ("contact_grace"), are counted instead, in every format, and told by their positions where the
// input has them (CSV, a workbook).
func TestDroppedHeaderNamesWithheld(t *testing.T) {
	names := []string{"Naqib notes", "Follow up by Malalai", "Sreymom follow-up", "Shinwari notes", "Ahmadzai", "Mohmand", "contact_grace"}
	header := append([]string{"case_id", "gender", "age", "registration_date", "province_of_exploitation", "trafficking_status", "favourite colour"}, names...)
	rows := [][]string{header}
	for i := range 12 {
		row := []string{"Z-" + string(rune('a'+i)), []string{"female", "male"}[i%2], "12", "2023-03-10", "AF-HER", "actual", "blue"}
		for range names {
			row = append(row, []string{"y", ""}[i%2])
		}
		rows = append(rows, row)
	}
	cfg := pipeline.Defaults
	cfg.K, cfg.SuppressionLimit = 2, 0.5
	for _, f := range []string{"csv", "json", "xlsx"} {
		t.Run(f, func(t *testing.T) {
			text, err := exposed(t, []pipeline.Input{{Name: writeInput(t, t.TempDir(), "register", f, rows)}}, cfg, nil)
			if err != nil {
				t.Fatalf("%v\n%s", err, text[:min(len(text), 3000)])
			}
			mustNotExpose(t, text, "Naqib", "Malalai", "Sreymom", "Shinwari", "Ahmadzai", "Mohmand", "contact_grace")
			want := []string{"7 columns map onto no field and were dropped (their names are withheld", `column "favourite colour" maps onto no field`}
			if f != "json" {
				// named by their positions, so that a user can still map one (privacy-side-doors37)
				want = append(want, `perhaps): columns 8, 9, 10, 11, 12, 13 and 14 (map one under columns: by its position, "#8")`)
			}
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("%q not said: %s", w, text[max(0, len(text)-800):])
				}
			}
		})
	}
}
