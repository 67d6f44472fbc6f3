package analysis_test

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/release/releasetest"
	"github.com/prevalence/prevalence/schema"
)

// Reference values, computed independently of package intervals:
//
//   - Garwood (exact Poisson) 95% limits, as R's poisson.test(x)$conf.int: qgamma(0.025, x)
//     and qgamma(0.975, x+1), evaluated with mpmath (30 digits). x = 10: (4.795389, 18.390356)
//     (R prints 4.795389 18.390356); x = 0: (0, 3.688879) = -log(0.025).
//   - Wilson 95% limits, as R's prop.test(x, n, correct = FALSE)$conf.int, from the closed
//     form (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n) with z = 1.959963984540054,
//     evaluated with mpmath: 8/20 (0.218807, 0.613418); 18/20 (0.698966, 0.972134);
//     12/20 (0.386582, 0.781193); 10/10 (0.722467, 1).
//   - Rate ratio 30 vs 15 over equal exposures, as R's poisson.test(c(30, 15), c(1, 1)):
//     Clopper-Pearson limits qbeta(0.025, 30, 16) = 0.510513 and qbeta(0.975, 31, 15) =
//     0.799991 mapped by π/(1-π): (1.042886, 3.999858); p = 2·P(Bin(45, 1/2) <= 15) =
//     0.0356978 (exact rational arithmetic).
//   - Rate: 10 cases in 250,000 people per 100,000 = 4, limits 0.4 × the Garwood limits of 10:
//     (1.918156, 7.356142).
const (
	garwood10Lo, garwood10Hi = 4.79538869613243, 18.3903560420178
	garwood0Hi               = 3.68887945411394
	wilson8of20Lo            = 0.218806532372817
	wilson8of20Hi            = 0.613418499237747
	wilson18of20Lo           = 0.698966354771513
	wilson18of20Hi           = 0.972133518786232
	wilson12of20Lo           = 0.386581500762253
	wilson12of20Hi           = 0.781193467627183
	wilson10of10Lo           = 0.722467200137111
	rr30v15, rr30v15Lo       = 2.0, 1.04288573701949
	rr30v15Hi, rr30v15P      = 3.99985780377669, 0.0356978035551947
)

func near(t *testing.T, what string, got any, want, tol float64) {
	t.Helper()
	g, ok := got.(float64)
	if !ok {
		if i, isInt := got.(int64); isInt {
			g, ok = float64(i), true
		}
	}
	if !ok || math.Abs(g-want) > tol {
		t.Errorf("%s = %v, want %v (±%g)", what, got, want, tol)
	}
}

type rel = releasetest.Group

func g(n int, kv ...any) rel {
	m := map[string]any{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return rel{Values: m, N: n}
}

func open(t *testing.T, groups []rel) *sql.DB {
	t.Helper()
	db, err := analysis.Open(context.Background(), releasetest.Cases(t, groups))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// rows indexes a table's rows by the joined values of the first k columns.
func rows(t *testing.T, tab *analysis.Table, k int) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, r := range tab.Rows {
		var key []string
		for _, v := range r[:k] {
			key = append(key, analysis.Cell(v))
		}
		m := map[string]any{}
		for i, c := range tab.Columns {
			m[c] = r[i]
		}
		out[strings.Join(key, "|")] = m
	}
	return out
}

const (
	gender, majority, age = schema.Gender, schema.MajorityStatus, schema.AgeBand
	province, country, yr = schema.ProvinceOfExploitation, schema.CountryOfExploitation, schema.YearOfRegistration
	sexual, labour, milit = schema.IsSexualExploitation, schema.IsForcedLabour, schema.IsForcedMilitary
	marriage, other       = schema.IsForcedMarriage, schema.IsOtherExploitation
	sector                = schema.LabourSector
	noFlags               = "none"
)

func flags(sx, lb, ml bool) []any {
	return []any{sexual, sx, labour, lb, milit, ml, marriage, false, other, false}
}

func with(base []any, more ...any) []any { return append(append([]any{}, base...), more...) }

// denominators is a release where gender, form and place are sometimes missing.
func denominators() []rel {
	return []rel{
		g(8, with(flags(true, false, false), gender, "female", majority, "minor", age, "9-17", province, "IN-WB", country, "IN", yr, "2023")...),
		g(10, with(flags(true, true, false), gender, "male", majority, "minor", age, "9-17", province, "IN-WB", country, "IN", yr, "2024")...),
		g(2, with(flags(false, true, false), gender, "male", majority, "adult", age, "18+", province, "IN-MH", country, "IN", yr, "2024")...),
		g(3, gender, "unknown", majority, "minor", province, "IN-MH", country, "IN"),
		g(2, majority, "minor", province, "*", country, "Southern Asia"),
		g(1, gender, "*", majority, "adult", country, "KH"),
	}
}

func TestPrevalenceDenominators(t *testing.T) {
	ctx := context.Background()
	db := open(t, denominators())
	tab, err := analysis.Prevalence(ctx, db, analysis.Spec{Dims: []string{"gender"}, SmallCell: -1})
	if err != nil {
		t.Fatal(err)
	}
	got := rows(t, tab, 1)
	// Known on gender: 8 female + 12 male = 20; unknown, not recorded and generalized are
	// shown but not in the denominator.
	near(t, "female share", got["female"]["share"], 0.4, 1e-9)
	near(t, "female share_lower", got["female"]["share_lower"], wilson8of20Lo, 5e-5)
	near(t, "female share_upper", got["female"]["share_upper"], wilson8of20Hi, 5e-5)
	near(t, "male share_lower", got["male"]["share_lower"], wilson12of20Lo, 5e-5)
	near(t, "male share_upper", got["male"]["share_upper"], wilson12of20Hi, 5e-5)
	for _, k := range []string{analysis.Unknown, analysis.NotRecorded, analysis.Generalized} {
		if got[k] == nil || got[k]["share"] != nil {
			t.Errorf("%s row: %v, want a count without a share", k, got[k])
		}
	}
	if got[analysis.Unknown]["cases"] != int64(3) || got[analysis.NotRecorded]["cases"] != int64(2) || got[analysis.Generalized]["cases"] != int64(1) {
		t.Errorf("missing rows: %v", got)
	}
	// Known rows come first.
	if tab.Rows[0][0] != "female" || tab.Rows[1][0] != "male" {
		t.Errorf("order: %v", tab.Rows)
	}
}

func TestPrevalenceIntervalsAndForms(t *testing.T) {
	ctx := context.Background()
	db := open(t, denominators())
	// Boys by form: 10 boys, each in sexual exploitation and forced labour.
	tab, err := analysis.Prevalence(ctx, db, analysis.Spec{Dims: []string{"form"}, Filter: "boys", SmallCell: -1})
	if err != nil {
		t.Fatal(err)
	}
	got := rows(t, tab, 1)
	for _, form := range []string{"sexual exploitation", "forced labour"} {
		r := got[form]
		if r["cases"] != int64(10) {
			t.Errorf("%s: %v", form, r)
		}
		near(t, form+" cases_lower", r["cases_lower"], garwood10Lo, 0.005)
		near(t, form+" cases_upper", r["cases_upper"], garwood10Hi, 0.005)
		near(t, form+" share_lower", r["share_lower"], wilson10of10Lo, 5e-5)
		near(t, form+" share_upper", r["share_upper"], 1, 0)
	}
	if len(tab.Rows) != 2 {
		t.Errorf("boys by form: %v", tab.Rows)
	}
	// All cases by form: a case counts in each of its forms; the denominator is the 20 cases
	// with a form recorded, not the 30 mentions.
	tab, _ = analysis.Prevalence(ctx, db, analysis.Spec{Dims: []string{"form"}, SmallCell: -1})
	got = rows(t, tab, 1)
	near(t, "sexual share", got["sexual exploitation"]["share"], 0.9, 1e-9)
	near(t, "sexual share_lower", got["sexual exploitation"]["share_lower"], wilson18of20Lo, 5e-5)
	near(t, "sexual share_upper", got["sexual exploitation"]["share_upper"], wilson18of20Hi, 5e-5)
	near(t, "labour share", got["forced labour"]["share"], 0.6, 1e-9)
	if got[analysis.NotRecorded]["cases"] != int64(6) {
		t.Errorf("cases without a form: %v", got[analysis.NotRecorded])
	}
	// A count of zero: minors in forced military service, none.
	tab, _ = analysis.Prevalence(ctx, db, analysis.Spec{Filter: "minors+forced-military", SmallCell: -1})
	if len(tab.Rows) != 1 || tab.Rows[0][0] != int64(0) {
		t.Fatalf("minors in military: %v", tab.Rows)
	}
	near(t, "0 upper", tab.Rows[0][2], garwood0Hi, 0.005)
	// Geography: region derived from the country; a generalized country (a sub-region name)
	// still has a region.
	tab, _ = analysis.Prevalence(ctx, db, analysis.Spec{Dims: []string{"region", "subregion"}, SmallCell: -1})
	got = rows(t, tab, 2)
	if got["Asia|Southern Asia"]["cases"] != int64(25) || got["Asia|South-eastern Asia"]["cases"] != int64(1) {
		t.Errorf("by region: %v", tab.Rows)
	}
	tab, _ = analysis.Prevalence(ctx, db, analysis.Spec{Dims: []string{"country"}, SmallCell: -1})
	got = rows(t, tab, 1)
	if got["IN"]["cases"] != int64(23) || got["IN"]["country_name"] != "India" || got[analysis.Generalized]["cases"] != int64(2) {
		t.Errorf("by country: %v", tab.Rows)
	}
}

func TestPrevalenceSuppressesDerivedFigures(t *testing.T) {
	db := open(t, denominators())
	tab, err := analysis.Prevalence(context.Background(), db, analysis.Spec{Dims: []string{"gender"}})
	if err != nil {
		t.Fatal(err)
	}
	got := rows(t, tab, 1)
	// 8 girls: the count stays (reports.Suppress hides it), everything derived from it goes.
	for _, c := range []string{"cases_lower", "cases_upper", "share", "share_lower", "share_upper"} {
		if got["female"][c] != nil {
			t.Errorf("female %s = %v, want empty (8 < 10)", c, got["female"][c])
		}
	}
	if got["male"]["share"] == nil {
		t.Errorf("male (12) lost its share")
	}
}

func TestPrevalenceRates(t *testing.T) {
	ctx := context.Background()
	db := open(t, denominators())
	pop, err := analysis.ReadPopulation(strings.NewReader(`# illustrative
area,sex,age_band,year,population
IN-WB,male,0-8,2024,100000
IN-WB,male,9-17,2024,150000
IN-WB,male,18+,2024,500000
IN-WB,female,0-17,2024,240000
IN-MH,male,0-17,2024,1000000
IN-WB,male,0-17,2023,1
`))
	if err != nil {
		t.Fatal(err)
	}
	tab, err := analysis.Prevalence(ctx, db, analysis.Spec{Dims: []string{"province"}, Filter: "boys", Population: pop, SmallCell: -1})
	if err != nil {
		t.Fatal(err)
	}
	got := rows(t, tab, 1)
	wb := got["IN-WB"]
	// A yearly rate: the cases of 2023-2024 (their years of registration) over the boys of
	// both years summed (person-years: 250,000 in 2024's bands, 1 in 2023's 0-17), not over
	// one year's boys. IN-MH has no population for 2023: no rate.
	if wb["population"] != int64(250001) {
		t.Fatalf("IN-WB: %v", wb)
	}
	near(t, "rate", wb["rate"], 4, 1e-3)
	if got["IN-MH"]["rate"] != nil {
		t.Errorf("IN-MH has a rate without 2023's population: %v", got["IN-MH"])
	}
	if !strings.Contains(tab.RateNote, "registered in 2023-2024 (2 years)") || !strings.Contains(tab.RateNote, "per 100,000 people a year") {
		t.Errorf("rate note %q does not say the years and the base", tab.RateNote)
	}
	// A year the population table lacks gives no rate (README: "an area the table lacks in
	// any of those years gets no rate"), and the note names it: 2024's census is not 2023's
	// (attack-2026-12-01f lows: it was taken for it).
	one, err := analysis.ReadPopulation(strings.NewReader("area,sex,age_band,year,population\nIN-WB,male,0-17,2024,250000\n"))
	if err != nil {
		t.Fatal(err)
	}
	tab, err = analysis.Prevalence(ctx, db, analysis.Spec{Dims: []string{"province"}, Filter: "boys", Population: one, SmallCell: -1})
	if err != nil {
		t.Fatal(err)
	}
	if wb := rows(t, tab, 1)["IN-WB"]; wb["population"] != nil || wb["rate"] != nil || wb["cases"] != int64(10) {
		t.Errorf("IN-WB over 2024's census for 2023-2024: %v", wb)
	}
	if !strings.Contains(tab.RateNote, "no rows for 2023, so no row has a rate") {
		t.Errorf("rate note %q does not name the year lacking", tab.RateNote)
	}
	// One year's population, when asked for: 10 boys among the 250,000 boys of 2024.
	tab, err = analysis.Prevalence(ctx, db, analysis.Spec{Dims: []string{"province"}, Filter: "boys", Population: pop, PopulationYear: 2024, SmallCell: -1})
	if err != nil {
		t.Fatal(err)
	}
	wb = rows(t, tab, 1)["IN-WB"]
	if wb["population"] != int64(250000) {
		t.Fatalf("IN-WB, 2024's population: %v", wb)
	}
	near(t, "rate", wb["rate"], 4, 1e-9)
	near(t, "rate_lower", wb["rate_lower"], 0.4*garwood10Lo, 5e-4)
	near(t, "rate_upper", wb["rate_upper"], 0.4*garwood10Hi, 5e-4)
	if !strings.Contains(tab.RateNote, "population of 2024 alone") {
		t.Errorf("rate note %q does not say one year's population", tab.RateNote)
	}
	// The 9-17 band with a population in 0-17 only (IN-MH) gets no rate; with the 9-17 band
	// (IN-WB) it does (2024's; 2023 has 0-17 only, so person-years over 2023-2024 cover no
	// band of 9-17).
	tab, _ = analysis.Prevalence(ctx, db, analysis.Spec{Dims: []string{"province", "gender", "age"}, Population: pop, PopulationYear: 2024, SmallCell: -1})
	got = rows(t, tab, 4)
	if got["IN-WB|West Bengal|male|9-17"]["population"] != int64(150000) {
		t.Errorf("IN-WB male 9-17: %v", got["IN-WB|West Bengal|male|9-17"])
	}
	if r := got["IN-WB|West Bengal|female|9-17"]; r["population"] != nil || r["rate"] != nil {
		t.Errorf("IN-WB female 9-17 has no covering band, got %v", r)
	}
	// Without a geography dimension there is no rate column.
	tab, _ = analysis.Prevalence(ctx, db, analysis.Spec{Dims: []string{"gender"}, Population: pop})
	if strings.Contains(strings.Join(tab.Columns, ","), "rate") {
		t.Errorf("columns %v", tab.Columns)
	}
}

func TestReadPopulationErrors(t *testing.T) {
	for in, want := range map[string]string{
		"area,sex,year,population\n":                                                    "no age_band column",
		"area,sex,age_band,year,population\nXX-1,male,0-17,2024,5\n":                    "line 2, column 1 (area)",
		"area,sex,age_band,year,population\nIN,x,0-17,2024,5\n":                         "column 2 (sex)",
		"area,sex,age_band,year,population\nIN,male,0-17,2024,5\nIN,male,9-20,2024,5\n": "line 3, column 3 (age_band): overlaps",
		"area,sex,age_band,year,population\nIN,male,0-17,2024,-5\n":                     "column 5 (population)",
	} {
		if _, err := analysis.ReadPopulation(strings.NewReader(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
}

func TestShippedExamples(t *testing.T) {
	pop, err := analysis.ReadPopulationFile(filepath.Join("testdata", "population-demo.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if n, ok := pop.Count([]string{"IN-UP", "IN-AS"}, []string{"female"}, []int{2024}, 0, 17); ok {
		t.Errorf("IN-UP is not in the demo population, got %v", n)
	}
	if _, ok := pop.Count([]string{"KH-12", "AF-BAL", "IN-AS"}, []string{"female", "male"}, []int{2018, 2025}, 0, 200); !ok {
		t.Errorf("demo population does not cover its provinces")
	}
	data, _ := os.ReadFile(filepath.Join("testdata", "population-demo.csv"))
	if !strings.Contains(string(data), "ILLUSTRATIVE") {
		t.Errorf("the demo population is not labelled illustrative")
	}
	cs, err := analysis.ReadCentresFile(filepath.Join("testdata", "centres-demo.csv"))
	if err != nil || len(cs) == 0 {
		t.Fatalf("centres: %v, %v", cs, err)
	}
}

// TestTrendsSmallPValue: a p-value far below 0.0001 is published as its value (two significant
// digits), never as 0: CTDC's 2019 to 2020 change (2,398 to 2,002) printed p_value 0.
func TestTrendsSmallPValue(t *testing.T) {
	db := open(t, []rel{g(2398, gender, "female", yr, "2019"), g(2002, gender, "female", yr, "2020")})
	tab, err := analysis.Trends(context.Background(), db, analysis.Spec{Dims: []string{"gender"}})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := rows(t, tab, 2)["female|2020"]["p_value"].(float64)
	if !(p > 0 && p < 1e-4) {
		t.Errorf("p_value = %v, want a small positive value", rows(t, tab, 2)["female|2020"]["p_value"])
	}
}

func TestTrends(t *testing.T) {
	ctx := context.Background()
	db := open(t, []rel{
		g(15, gender, "female", province, "IN-WB", yr, "2023"),
		g(30, gender, "female", province, "IN-WB", yr, "2024"),
		g(12, gender, "male", province, "IN-WB", yr, "2024"),
		g(4, gender, "female", province, "IN-WB", yr, "*"),
	})
	tab, err := analysis.Trends(ctx, db, analysis.Spec{Dims: []string{"gender"}})
	if err != nil {
		t.Fatal(err)
	}
	got := rows(t, tab, 2)
	r := got["female|2024"]
	near(t, "change", r["change"], rr30v15, 1e-9)
	near(t, "change_lower", r["change_lower"], rr30v15Lo, 5e-4)
	near(t, "change_upper", r["change_upper"], rr30v15Hi, 5e-4)
	near(t, "p_value", r["p_value"], rr30v15P, 5e-5)
	if got["female|2023"]["change"] != nil {
		t.Errorf("first year has a change: %v", got["female|2023"])
	}
	// Male 2023 has no case: it is there with 0, and 2024 against 0 has no finite ratio.
	if got["male|2023"]["cases"] != int64(0) || got["male|2024"]["change"] != nil {
		t.Errorf("male: %v %v", got["male|2023"], got["male|2024"])
	}
	if got["female|"+analysis.Generalized]["cases"] != int64(4) {
		t.Errorf("generalized year row: %v", tab.Rows)
	}
	// The generalized year comes last.
	if last := tab.Rows[len(tab.Rows)-1]; last[1] != analysis.Generalized {
		t.Errorf("last row %v", last)
	}
}

// TestTrendsPartialYear: a year the release does not cover whole (the manifest's
// partial_year) is shown but not compared with the whole year before it, and the note says
// why (issue-16-shares3's "Left": three months of 2024 against all of 2023 read as a fall).
func TestTrendsPartialYear(t *testing.T) {
	db := open(t, []rel{
		g(40, gender, "female", province, "IN-WB", yr, "2022"),
		g(45, gender, "female", province, "IN-WB", yr, "2023"),
		g(12, gender, "female", province, "IN-WB", yr, "2024"),
	})
	tab, err := analysis.Trends(context.Background(), db, analysis.Spec{Dims: []string{"gender"}, PartialYear: 2024})
	if err != nil {
		t.Fatal(err)
	}
	got := rows(t, tab, 2)
	if got["female|2024"]["cases"] != int64(12) || got["female|2024"]["change"] != nil || got["female|2023"]["change"] == nil {
		t.Errorf("the partial year compared, or a whole one not: %v", tab.Rows)
	}
	if !strings.Contains(tab.PartialNote, "2024 is not compared") {
		t.Errorf("note: %q", tab.PartialNote)
	}
}

// TestTrendsPartialFirst: an organisation whose registrations begin months into 2023 makes 2023
// and the years before it other registers: 2023 against 2022 and 2024 against 2023 are not
// compared, 2025 against 2024 is (attack-2026-12-04c finding R4).
func TestTrendsPartialFirst(t *testing.T) {
	db := open(t, []rel{
		g(40, gender, "female", province, "IN-WB", yr, "2022"),
		g(45, gender, "female", province, "IN-WB", yr, "2023"),
		g(60, gender, "female", province, "IN-WB", yr, "2024"),
		g(62, gender, "female", province, "IN-WB", yr, "2025"),
	})
	tab, err := analysis.Trends(context.Background(), db, analysis.Spec{Dims: []string{"gender"}, PartialFirst: 2023})
	if err != nil {
		t.Fatal(err)
	}
	got := rows(t, tab, 2)
	if got["female|2023"]["change"] != nil || got["female|2024"]["change"] != nil || got["female|2025"]["change"] == nil {
		t.Errorf("a year compared with the organisation's first year or one before it, or 2025 not compared: %v", tab.Rows)
	}
	if !strings.Contains(tab.PartialNote, "partial_first_year") {
		t.Errorf("note: %q", tab.PartialNote)
	}
}

func TestCentreGaps(t *testing.T) {
	ctx := context.Background()
	var groups []rel
	for _, y := range []string{"2019", "2020", "2021"} {
		groups = append(groups, g(5, gender, "female", majority, "minor", province, "IN-WB", yr, y))
	}
	for _, y := range []string{"2022", "2023", "2024"} {
		groups = append(groups,
			g(10, gender, "female", majority, "minor", province, "IN-WB", yr, y),
			g(20, gender, "male", majority, "minor", province, "IN-WB", yr, y))
	}
	groups = append(groups, g(12, gender, "female", majority, "adult", province, "IN-MH", yr, "2024"))
	db := open(t, groups)
	centres, err := analysis.ReadCentres(strings.NewReader(`name,province,capacity,ages,genders
WB Girls,IN-WB,4,0-17,female
WB Mixed,Punjab,15,all,female;male
`))
	if err == nil {
		t.Fatal("a province name that two countries have (India's and Pakistan's Punjab) was accepted without a country")
	}
	centres, err = analysis.ReadCentres(strings.NewReader(`name,country,province,capacity,ages,genders
WB Girls,IN,IN-WB,4,0-17,female
WB Mixed,India,West Bengal,15,all,female;male
`))
	if err != nil {
		t.Fatal(err)
	}
	tab, err := analysis.CentreGaps(ctx, db, centres, analysis.GapSpec{})
	if err != nil {
		t.Fatal(err)
	}
	// Needs per year (recent window 2022-2024): WB boys 20, WB girls 10, MH women 12 (none of
	// Maharashtra's cases is registered before 2024: its cases a year over 2024 only, not
	// 12/3 = 4, as CentreGapsProtected counts them). WB Mixed's 15 places go 10 to boys and 5
	// to girls (in proportion to need).
	want := []struct {
		key                  string
		unmet, places, trend any
	}{
		{"IN-MH|female|adult", 12.0, 0.0, nil},
		{"IN-WB|male|minor", 10.0, 10.0, nil},
		{"IN-WB|female|minor", 1.0, 9.0, rr30v15},
	}
	if len(tab.Rows) != len(want) {
		t.Fatalf("rows: %v", tab.Rows)
	}
	col := func(r []any, c string) any { return r[slicesIndex(tab.Columns, c)] }
	for i, w := range want {
		r := tab.Rows[i]
		key := analysis.Cell(col(r, "province")) + "|" + analysis.Cell(col(r, "gender")) + "|" + analysis.Cell(col(r, "majority_status"))
		if key != w.key || col(r, "unmet") != w.unmet || col(r, "places") != w.places || col(r, "rank") != int64(i+1) {
			t.Errorf("row %d: %v, want %s unmet %v places %v", i, r, w.key, w.unmet, w.places)
		}
		if col(r, "trend") != w.trend {
			t.Errorf("row %d trend %v, want %v", i, col(r, "trend"), w.trend)
		}
		if col(r, "period") != "2022-2024" {
			t.Errorf("period %v", col(r, "period"))
		}
	}
	if r := tab.Rows[0]; col(r, "per_year_period") != "2024" || !strings.HasPrefix(analysis.Cell(col(r, "per_year_note")), analysis.CoveredFrom+" 2024") {
		t.Errorf("Maharashtra's years: %v (%v)", col(r, "per_year_period"), col(r, "per_year_note"))
	}
	// The girls' trend: 30 recent against 15 before, over 3 years each.
	r := tab.Rows[2]
	near(t, "trend_lower", col(r, "trend_lower"), rr30v15Lo, 5e-4)
	near(t, "trend_upper", col(r, "trend_upper"), rr30v15Hi, 5e-4)
	if _, err := analysis.CentreGaps(ctx, db, nil, analysis.GapSpec{}); err == nil {
		t.Error("no centres accepted")
	}
}

// TestCentreGapsMicrodataCoveredFrom: over the k-anonymous cases, a province none of whose cases
// is registered before a year after the release's first has its groups' cases a year over the
// years from then (from the year after when the manifest's partial_first_year is that year),
// as CentreGapsProtected counts them (attack-2026-12-04c R4: Phnom Penh's boys, 13 from
// October 2024, read over every year); a province with a case whose year is generalized keeps
// the window, as do provinces with cases from the first year; a province most of whose cases
// are registered from partial_first_year (a few older records keyed in: attack-2026-12-05a T9)
// has them over the whole years after it.
func TestCentreGapsMicrodataCoveredFrom(t *testing.T) {
	ctx := context.Background()
	var groups []rel
	for y := 2015; y <= 2025; y++ {
		groups = append(groups, g(10, gender, "male", majority, "minor", province, "KH-9", yr, strconv.Itoa(y)))
	}
	groups = append(groups,
		// KH-12: 3 boys in the last months of 2024, 10 in 2025.
		g(3, gender, "male", majority, "minor", province, "KH-12", yr, "2024"),
		g(10, gender, "male", majority, "minor", province, "KH-12", yr, "2025"),
		// KH-8: from 2024, but 5 cases whose year is generalized.
		g(12, gender, "male", majority, "minor", province, "KH-8", yr, "2024"),
		g(12, gender, "male", majority, "minor", province, "KH-8", yr, "2025"),
		g(5, gender, "male", majority, "minor", province, "KH-8", yr, "*"),
		// KH-7 (attack-2026-12-05a T9's shape): an organisation that joined in October 2024
		// with a few older records keyed in: 7 cases before 2024 (2 of unknown year), 16 from.
		g(2, gender, "male", majority, "minor", province, "KH-7", yr, "2017"),
		g(3, gender, "male", majority, "minor", province, "KH-7", yr, "2020"),
		g(2, gender, "male", majority, "minor", province, "KH-7", yr, "*"),
		g(4, gender, "male", majority, "minor", province, "KH-7", yr, "2024"),
		g(12, gender, "male", majority, "minor", province, "KH-7", yr, "2025"),
	)
	db := open(t, groups)
	centres := []analysis.Centre{{Name: "Home", Province: "KH-9", Capacity: 5, AgeLo: 0, AgeHi: 17, Genders: []string{"male"}}}
	type want struct {
		perYear any
		period  string
		note    string // its start
	}
	for _, tc := range []struct {
		first int // PartialFirst
		want  map[string]want
	}{
		{2024, map[string]want{
			"KH-12": {10.0, "2025", analysis.CoveredFrom + " 2024 (the k-anonymous cases hold none of its years before, and none whose year is not known), and 2024 only in part"},
			"KH-9":  {10.0, "2023-2025", ""},
			"KH-8":  {8.0, "2023-2025", analysis.SomeNoYear}, // its 5 cases of year "*" in no year
			"KH-7":  {12.0, "2025", analysis.MostFrom + " 2024 (in the k-anonymous cases), the year one organisation's registrations begin months into (the manifest's partial_first_year): its cases a year over 2025 only"},
		}},
		{0, map[string]want{
			"KH-12": {6.5, "2024-2025", analysis.CoveredFrom + " 2024 (the k-anonymous cases hold none of its years before, and none whose year is not known): its cases a year over 2024-2025 only"},
			"KH-9":  {10.0, "2023-2025", ""},
			"KH-8":  {8.0, "2023-2025", analysis.SomeNoYear},
			"KH-7":  {5.3, "2023-2025", analysis.SomeNoYear},
		}},
	} {
		tab, err := analysis.CentreGaps(ctx, db, centres, analysis.GapSpec{StayMonths: 12, PartialFirst: tc.first})
		if err != nil {
			t.Fatal(err)
		}
		col := func(r []any, c string) any { return r[slicesIndex(tab.Columns, c)] }
		seen := 0
		for _, r := range tab.Rows {
			w, ok := tc.want[analysis.Cell(col(r, "province"))]
			if !ok {
				continue
			}
			seen++
			note := analysis.Cell(col(r, "per_year_note"))
			if col(r, "cases_per_year") != w.perYear || col(r, "per_year_period") != w.period || !strings.HasPrefix(note, w.note) || (w.note == "") != (note == "") {
				t.Errorf("partial first year %d: %v boys: %v a year in %v (%q), want %v in %v (%q...)", tc.first, col(r, "province"),
					col(r, "cases_per_year"), col(r, "per_year_period"), note, w.perYear, w.period, w.note)
			}
			if col(r, "period") != "2023-2025" {
				t.Errorf("period %v, want the window 2023-2025", col(r, "period"))
			}
			if w.note != "" && w.note != analysis.SomeNoYear && col(r, "trend") != nil {
				t.Errorf("%v: a trend against years none of its cases is registered in: %v", col(r, "province"), col(r, "trend"))
			}
		}
		if seen != len(tc.want) {
			t.Errorf("partial first year %d: %d of %d provinces ranked: %v", tc.first, seen, len(tc.want), tab.Rows)
		}
	}
}

func slicesIndex(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

func TestSpecErrors(t *testing.T) {
	db := open(t, denominators())
	for _, s := range []analysis.Spec{{Dims: []string{"colour"}}, {Filter: "boys+pirates"}, {Dims: []string{"year", "year"}}} {
		_, err := analysis.Prevalence(context.Background(), db, s)
		var se *analysis.SpecError
		if !errors.As(err, &se) {
			t.Errorf("%+v: %v, want a SpecError", s, err)
		}
	}
}

// TestCatalogueOnRichRelease runs every named table on a release with every dimension.
func TestCatalogueOnRichRelease(t *testing.T) {
	ctx := context.Background()
	db := open(t, append(denominators(), g(20, with(flags(false, false, true), gender, "male", majority, "minor", age, "9-17",
		province, "AF-GHO", country, "AF", yr, "2024", sector, "agriculture", schema.RecruiterRelation, "family")...)))
	centres := []analysis.Centre{{Name: "c", Province: "AF-GHO", Capacity: 3, AgeHi: 17, Genders: []string{"male"}}}
	for _, n := range analysis.Catalogue() {
		tab, err := n.RunWith(ctx, db, analysis.Inputs{Centres: centres})
		if err != nil {
			t.Errorf("%s: %v", n.Name, err)
			continue
		}
		if len(tab.Rows) == 0 || tab.Name != n.Name {
			t.Errorf("%s: %d rows, name %q", n.Name, len(tab.Rows), tab.Name)
		}
		for _, c := range n.Counts {
			if slicesIndex(tab.Columns, c) < 0 {
				t.Errorf("%s: count column %s not in %v", n.Name, c, tab.Columns)
			}
		}
	}
	n, _ := analysis.LookupNamed("minors-military-by-province-year")
	tab, _ := n.RunWith(ctx, db, analysis.Inputs{})
	got := rows(t, tab, 3)
	if got["AF-GHO|Ghor|2024"]["cases"] != int64(20) {
		t.Errorf("minors in military by province and year: %v", tab.Rows)
	}
}

// TestTrendsNeverCompareOverlappingPeriods: a Mondrian release mixes 2020 with 2020-2024; a
// period is compared only with an earlier one of the same length that does not overlap it.
func TestTrendsNeverCompareOverlappingPeriods(t *testing.T) {
	db := open(t, []rel{
		g(20, "year_of_registration", "2020"),
		g(30, "year_of_registration", "2020-2024"),
		g(25, "year_of_registration", "2021"),
	})
	tab, err := analysis.Trends(context.Background(), db, analysis.Spec{})
	if err != nil {
		t.Fatal(err)
	}
	r := rows(t, tab, 1)
	if r["2021"]["change"] == nil {
		t.Error("2021 is not compared with 2020")
	}
	if c := r["2020-2024"]["change"]; c != nil {
		t.Errorf("2020-2024 is compared with an overlapping period: change %v", c)
	}
}
