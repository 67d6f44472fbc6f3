package anonymize

import (
	"math/rand/v2"
	"testing"

	"github.com/prevalence/prevalence/outcomes"
)

// TestFunnelVerdictsNeedDisposed: a verdict needs the disposed stage and a disposed case is
// not pending, so complaints - pending - discharged - disposed is a lower bound of the
// withdrawn. Before those inequalities were stated to the audit, a published disposed stage
// pinned a <10 withdrawn count to 9 (attack-2026-11-30e finding 3). The attacker here uses
// only that bound and the labels.
func TestFunnelVerdictsNeedDisposed(t *testing.T) {
	const threshold = 10
	width := DefaultWidth(threshold)
	checked := 0
	for seed := uint64(1); seed <= 8; seed++ {
		r := rand.New(rand.NewPCG(seed, 43))
		n := 250 + r.IntN(150)
		cases := make([]CaseOutcome, n)
		for i := range cases {
			stage := outcomes.Complaint + outcomes.Stage(r.IntN(5))
			d := outcomes.Pending
			switch {
			case stage == outcomes.Disposed:
				d = []outcomes.Disposition{outcomes.Convicted, outcomes.Acquitted}[r.IntN(2)]
			case r.IntN(25) == 0:
				d = outcomes.Withdrawn
			}
			cases[i] = CaseOutcome{Legal: []outcomes.LegalCase{{Stage: stage, Disposition: d}},
				LegalYear: []int{[]int{2021, 2022, 2023}[r.IntN(3)]}}
		}
		c := outcomeCollector(t, n, func(i int) CaseOutcome { return cases[i] })
		pt, err := c.Tables(TableConfig{Protection: Protection{Threshold: threshold}})
		if err != nil {
			t.Fatal(err)
		}
		tb := tableByName(pt.Tables, "justice-funnel")
		if tb == nil {
			t.Fatalf("seed %d: no justice-funnel table", seed)
		}
		rows := map[[2]string]int{}
		for ri, row := range tb.Rows {
			rows[[2]string{row.Labels[0], row.Labels[1]}] = ri
		}
		for _, y := range []string{"2021", "2022", "2023"} {
			w, ok := rows[[2]string{y, "withdrawn"}]
			if !ok || tb.Rows[w].State[0] != Primary {
				continue
			}
			var v [4]int64
			known := true
			for i, step := range []string{"complaint", "pending", "discharged", "disposed"} {
				ri, ok := rows[[2]string{y, step}]
				if !ok {
					known = false
					break
				}
				if v[i], ok = tb.Value(ri, 0); !ok {
					known = false
				}
			}
			if !known {
				continue
			}
			checked++
			lo := max(1, v[0]-v[1]-v[2]-v[3])
			if int64(threshold-1)-lo < int64(width) {
				t.Errorf("seed %d, %s: withdrawn (<%d) is at least %d from the published stages: narrower than the protection range %d", seed, y, threshold, lo, width)
			}
		}
	}
	t.Logf("%d years with complaints, pending, discharged and disposed published beside a <%d withdrawn", checked, threshold)
}
