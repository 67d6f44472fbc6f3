package anonymize

import (
	"fmt"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/prevalence/prevalence/schema"
)

// statusCases returns 60 cases alike but for their trafficking status: 3 at risk, 5 possible,
// 52 actual victims.
func statusCases() string {
	var b strings.Builder
	b.WriteString("case_id,gender,age,registration_date,citizenship,country_of_exploitation,province_of_exploitation,trafficking_status,source\n")
	for i := range 60 {
		st := "actual"
		switch {
		case i < 3:
			st = "at_risk"
		case i < 8:
			st = "possible"
		}
		fmt.Fprintf(&b, "C-%d,female,10,2024-03-01,IN,IN,IN-WB,%s,org\n", i, st)
	}
	return b.String()
}

// writtenStatuses returns the released rows per trafficking status.
func writtenStatuses(t *testing.T, rel *Release) map[string]int {
	t.Helper()
	got := map[string]int{}
	err := rel.Records(nil, 0, func(rec arrow.RecordBatch) error {
		a := rec.Column(rec.Schema().FieldIndices(schema.TraffickingStatus)[0])
		for i := range int(rec.NumRows()) {
			got[a.ValueStr(i)]++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// TestStatusQuasiIdentifier: the trafficking status is a quasi-identifier of one level
// (privacy-side-doors8): the 3 children at risk, alike in every other quasi-identifier, are a
// class under k = 5 and suppressed, never released as "*" (the victims' tables count by the
// status); a status another organisation's record gives (Replace) is the one searched; and a
// population, which has no status, matches a class whatever its status (k-map 20: the 5
// possible victims match the population's 100).
func TestStatusQuasiIdentifier(t *testing.T) {
	c := collect(t, statusCases())
	rel, err := c.Anonymize(CaseConfig{K: 5, SuppressionLimit: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	q := -1
	for i, qi := range rel.QIs {
		if qi.Name == schema.TraffickingStatus {
			q = i
		}
	}
	if q < 0 || !rel.Protected[q] || rel.Levels[q] != 0 {
		t.Fatalf("trafficking_status: QI %d, protected and levels %v %v", q, rel.Protected, rel.Levels)
	}
	if got := writtenStatuses(t, rel); rel.Suppressed != 3 || got["at_risk"] != 0 || got["possible"] != 5 || got["actual"] != 52 {
		t.Errorf("suppressed %d, written by status %v; want the 3 at risk suppressed", rel.Suppressed, got)
	}
	if _, err := c.Anonymize(CaseConfig{K: 5, SuppressionLimit: 0.1, Hierarchies: map[string]*Hierarchy{schema.TraffickingStatus: nil}}); err == nil {
		t.Errorf("a hierarchy for trafficking_status accepted")
	}

	// Linkage gives the first child at risk the status of a victim's record: 2 left at risk.
	c = collect(t, statusCases())
	if !c.Replace(0, 20, schema.TraffickingStatus) {
		t.Fatal("Replace changed nothing")
	}
	rel, err = c.Anonymize(CaseConfig{K: 5, SuppressionLimit: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	if got := writtenStatuses(t, rel); rel.Suppressed != 2 || got["at_risk"] != 0 || got["actual"] != 53 {
		t.Errorf("after Replace: suppressed %d, written by status %v; want 2 suppressed, 53 actual", rel.Suppressed, got)
	}

	// A population of 100 such girls, without a status column.
	var head, row []string
	for i, qi := range rel.QIs {
		if !rel.Protected[i] || qi.Name == schema.TraffickingStatus {
			continue
		}
		for j, col := range qi.Columns {
			head = append(head, col)
			row = append(row, c.leafs[i][c.codes[i].at(0)][j])
		}
	}
	pop := strings.Join(append(head, "count"), ",") + "\n" + strings.Join(append(row, "100"), ",") + "\n"
	c = collect(t, statusCases())
	rel, err = c.Anonymize(CaseConfig{K: 5, SuppressionLimit: 0.1, Population: []byte(pop), KMap: 20})
	if err != nil {
		t.Fatalf("population without a status: %v\n%s", err, pop)
	}
	if got := writtenStatuses(t, rel); rel.Suppressed != 3 || got["possible"] != 5 {
		t.Errorf("k-map 20 against 100 girls: suppressed %d, written by status %v; want the possible victims written", rel.Suppressed, got)
	}
}

// TestStatusBeyondLimit: the children at risk, fewer than k, are suppressed by every
// generalization (the status is never generalized), so they come on top of the suppression
// limit instead of failing the release (synth --rows 30 has 3); Mondrian splits on the status first and suppresses the part, never releasing a status "*";
// a register whose other rows are fewer than k still has no solution.
func TestStatusBeyondLimit(t *testing.T) {
	for _, m := range []Method{FullDomain, Mondrian} {
		c := collect(t, statusCases())
		rel, err := c.Anonymize(CaseConfig{K: 5, SuppressionLimit: 0, Method: m})
		if err != nil {
			t.Fatalf("method %d, limit 0: %v", m, err)
		}
		if got := writtenStatuses(t, rel); rel.Suppressed != 3 || rel.Beyond != 3 || len(got) != 2 || got["possible"] != 5 || got["actual"] != 52 {
			t.Errorf("method %d: suppressed %d (beyond %d %v), written by status %v; want the 3 at risk suppressed beyond the limit",
				m, rel.Suppressed, rel.Beyond, rel.BeyondValues, got)
		}
		if len(rel.BeyondValues) != 1 || rel.BeyondValues[0] != "at_risk" {
			t.Errorf("method %d: beyond values %q", m, rel.BeyondValues)
		}
	}

	// 4 at risk and 3 actual: nothing can be released, as before the status was a QI.
	var b strings.Builder
	b.WriteString("case_id,gender,age,registration_date,citizenship,country_of_exploitation,province_of_exploitation,trafficking_status,source\n")
	for i := range 7 {
		fmt.Fprintf(&b, "C-%d,female,10,2024-03-01,IN,IN,IN-WB,%s,org\n", i, map[bool]string{true: "at_risk", false: "actual"}[i < 4])
	}
	if _, err := collect(t, b.String()).Anonymize(CaseConfig{K: 5, SuppressionLimit: 0.05}); err == nil {
		t.Errorf("7 cases, no status held by k: released")
	}
}

// TestStatusBeyondSensitive: rows of a status that no class can release under the sensitive
// models come on top of the limit too; a status whose rows have nothing recorded passes them
// (TestPrivacyModels' demo: its 307 children at risk have no form of exploitation recorded, and
// are released under l = 2). 10 girls at risk
// with nothing recorded, 10 possible victims all of forced marriage, 40 actual victims of
// forced labour or sexual exploitation (20 each), alike in every other quasi-identifier; limit 0.
func TestStatusBeyondSensitive(t *testing.T) {
	var b strings.Builder
	b.WriteString("case_id,gender,age,registration_date,citizenship,country_of_exploitation,province_of_exploitation,trafficking_status,is_sexual_exploitation,is_forced_labour,is_forced_marriage,source\n")
	for i := range 60 {
		switch {
		case i < 10:
			fmt.Fprintf(&b, "C-%d,female,10,2024-03-01,IN,IN,IN-WB,at_risk,,,,org\n", i)
		case i < 20:
			fmt.Fprintf(&b, "C-%d,female,10,2024-03-01,IN,IN,IN-WB,possible,false,false,true,org\n", i)
		default:
			fmt.Fprintf(&b, "C-%d,female,10,2024-03-01,IN,IN,IN-WB,actual,%t,%t,false,org\n", i, i < 40, i >= 40)
		}
	}
	in := b.String()
	for _, c := range []struct {
		name   string
		cfg    CaseConfig
		beyond int
		sens   []string
		want   map[string]int // written rows per status
	}{
		// The possible victims (one form) cannot be 2-diverse in any class: 10 beyond the limit,
		// under every variant and method. The children at risk, nothing recorded, disclose no
		// form: a class of them passes (MissingSensitive) and they are written.
		{"distinct", CaseConfig{L: 2}, 10, []string{"possible"}, map[string]int{"at_risk": 10, "actual": 40}},
		{"entropy", CaseConfig{L: 2, Diversity: EntropyDiversity}, 10, []string{"possible"}, map[string]int{"at_risk": 10, "actual": 40}},
		{"recursive", CaseConfig{L: 2, Diversity: RecursiveDiversity, C: 3}, 10, []string{"possible"}, map[string]int{"at_risk": 10, "actual": 40}},
		{"mondrian", CaseConfig{L: 2, Method: Mondrian}, 10, []string{"possible"}, map[string]int{"at_risk": 10, "actual": 40}},
		// t = 0.4: forced marriage is 10 of the 50 recorded, so a class of possible victims is
		// at distance 0.8 at least; the children at risk, nothing recorded, are at 0.
		{"t", CaseConfig{T: 0.4}, 10, []string{"possible"}, map[string]int{"at_risk": 10, "actual": 40}},
		{"t mondrian", CaseConfig{T: 0.4, Method: Mondrian}, 10, []string{"possible"}, map[string]int{"at_risk": 10, "actual": 40}},
	} {
		cfg := c.cfg
		cfg.K, cfg.SuppressionLimit, cfg.Sensitive = 5, 0, "exploitation"
		rel, err := collect(t, in).Anonymize(cfg)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		got := writtenStatuses(t, rel)
		if rel.Beyond != c.beyond || rel.Suppressed != c.beyond || len(rel.BeyondValues) != 0 || fmt.Sprint(rel.BeyondSensitive) != fmt.Sprint(c.sens) || fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s: suppressed %d, beyond %d %q %q, written %v; want %d beyond %q, written %v",
				c.name, rel.Suppressed, rel.Beyond, rel.BeyondValues, rel.BeyondSensitive, got, c.beyond, c.sens, c.want)
		}
	}
}
