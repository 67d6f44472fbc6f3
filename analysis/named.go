package analysis

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/schema"
)

// Named is a named query of the catalogue.
type Named struct {
	Name  string
	Title string
	SQL   string
	// Counts lists the columns that hold counts of people, which reports suppress when small.
	Counts []string
	// Build, when set, computes the table in Go over DuckDB (intervals, rates, trends) instead
	// of running SQL. It leaves empty the derived figures (intervals, shares, rates) of counts
	// below in.SmallCell, so that suppressing the counts suppresses everything they show.
	Build func(ctx context.Context, db *sql.DB, in Inputs) (*Table, error)
	// Needs names an input the table cannot do without: "centres" (see Inputs).
	Needs string
	// fromTables, when set, computes the table from the release's protected tables
	// (Inputs.Tables), which it then prefers to the microdata.
	fromTables func(p Protected, in Inputs) (*Table, error)
	// optional: the protected table fromTables reads is not in every release (made with
	// anonymize.TableConfig.ProvinceYear, or by a version before the table); without it the
	// table counts the microdata, and its title says so.
	optional bool
}

// Protected reports whether the table is computed from the release's protected tables when
// the release has them (else from the k-anonymous microdata).
func (n Named) Protected() bool { return n.fromTables != nil }

// Optional reports whether the protected table n reads is in some releases only (without it,
// n is counted from the k-anonymous microdata: FromMicrodata).
func (n Named) Optional() bool { return n.optional }

// Inputs are the tables a named query may use besides the release.
type Inputs struct {
	// Population adds rates per 100,000 to the tables that have a geography dimension.
	Population *Population
	// Centres are the existing centres, for centre-gaps.
	Centres []Centre
	// SmallCell is the small-cell threshold (DefaultSmallCell when zero).
	SmallCell int
	// Tables are the release's protected tables; the named tables that they answer are
	// computed from them (nil: from the microdata).
	Tables Protected
	// Bounds, when set, bounds sums of the protected tables' counts from everything the
	// release publishes (anonymize.Bounder: the audit's own linear program over the
	// relations the run recorded); a share's withheld denominator is bounded with it.
	Bounds SumBounder
	// PartialYear is the last year of registration the release does not cover whole (the
	// manifest's partial_year; 0 when none): the trends do not compare it with a whole year.
	PartialYear int
	// PartialFirst is the year one organisation's registrations begin months into (the
	// manifest's partial_first_year; 0 when none): the trends compare only the years after it.
	PartialFirst int
	// PartialFirstProvinces are the provinces in which that organisation records cases (the
	// manifest's only; nil: not known): GapSpec.PartialFirstProvinces.
	PartialFirstProvinces []string
	// Late are every organisation whose registrations begin late (the manifest's
	// late_organisations; nil: not known): GapSpec.Late.
	Late []release.LateOrganisation
	// Carried is the release's carried values (release.Carried.Index of its carried.json; nil:
	// none), for the centre gaps' age bands (GapSpec.Carried).
	Carried release.CarriedIndex
}

// SumBounder bounds the sum of counts (row, count column) of a release's protected table:
// the smallest interval [lo, hi] the published counts and the recorded relations between the
// tables place it in (hi +Inf when unbounded).
type SumBounder interface {
	SumBounds(table string, cells [][2]int) (lo, hi float64, err error)
}

// protPrevalence returns a fromTables running Prevalence over src.
func protPrevalence(src source, byCount bool) func(Protected, Inputs) (*Table, error) {
	return func(p Protected, in Inputs) (*Table, error) {
		spec := src.spec
		spec.ByCount, spec.Population, spec.SmallCell = byCount, in.Population, in.SmallCell
		c, f, err := countProtected(p, src, spec, in.Bounds)
		if err != nil {
			return nil, err
		}
		if spec.Population != nil {
			spec.Years = p.years()
		}
		return prevalenceTable(c, f, spec), nil
	}
}

// protTrends returns a fromTables running Trends over src (its last dimension the year).
func protTrends(src source) func(Protected, Inputs) (*Table, error) {
	return func(p Protected, in Inputs) (*Table, error) {
		spec := src.spec
		spec.Population, spec.SmallCell, spec.PartialYear, spec.PartialFirst = in.Population, in.SmallCell, in.PartialYear, in.PartialFirst
		c, f, err := countProtected(p, src, spec, in.Bounds)
		if err != nil {
			return nil, err
		}
		return trendsTable(c, f, spec), nil
	}
}

// either returns a fromTables running with when the release has the protected table name,
// else without: the region and period tables answer for data that records some places only
// by region, or some years only as a band.
func either(name string, with, without func(Protected, Inputs) (*Table, error)) func(Protected, Inputs) (*Table, error) {
	return func(p Protected, in Inputs) (*Table, error) {
		if p[name] != nil {
			return with(p, in)
		}
		return without(p, in)
	}
}

// prevalence returns a Build running Prevalence on spec.
func prevalence(spec Spec) func(context.Context, *sql.DB, Inputs) (*Table, error) {
	return func(ctx context.Context, db *sql.DB, in Inputs) (*Table, error) {
		spec.Population, spec.SmallCell = in.Population, in.SmallCell
		return Prevalence(ctx, db, spec)
	}
}

// trends returns a Build running Trends on spec.
func trends(spec Spec) func(context.Context, *sql.DB, Inputs) (*Table, error) {
	return func(ctx context.Context, db *sql.DB, in Inputs) (*Table, error) {
		spec.Population, spec.SmallCell, spec.PartialYear, spec.PartialFirst = in.Population, in.SmallCell, in.PartialYear, in.PartialFirst
		return Trends(ctx, db, spec)
	}
}

// multiNote is said by every table with the form of exploitation.
const multiNote = " (a case with several forms counts in each; shares are of the cases with a form recorded)"

// byProvince counts minors of one gender by place of exploitation, with the forms of
// exploitation a programme lead plans for.
func byProvince(gender string) string {
	// Group first, then sum the few groups: one hash aggregation over the rows instead of four
	// filtered counts per row.
	return fmt.Sprintf(`WITH g AS (SELECT country_of_exploitation AS country, province_of_exploitation AS province,
	is_sexual_exploitation AS s, is_forced_labour AS l, is_forced_military AS m, count(*) AS n
	FROM victims WHERE gender = '%s' AND majority_status = 'minor' GROUP BY ALL)
SELECT country, province, sum(n)::BIGINT AS cases,
	coalesce(sum(n) FILTER (WHERE s), 0)::BIGINT AS sexual_exploitation,
	coalesce(sum(n) FILTER (WHERE l), 0)::BIGINT AS forced_labour,
	coalesce(sum(n) FILTER (WHERE m), 0)::BIGINT AS forced_military
FROM g GROUP BY ALL ORDER BY cases DESC, country NULLS LAST, province NULLS LAST`, gender)
}

// byForm counts the cases matching where by form of exploitation, every form listed (0 when
// none); a case with several forms counts in each.
func byForm(where string) string {
	var counts, forms []string
	for i, e := range schema.ExploitationFlags {
		counts = append(counts, fmt.Sprintf("count(*) FILTER (WHERE %s) AS f%d", e.Field, i))
		forms = append(forms, fmt.Sprintf("SELECT '%s' AS form, f%d AS cases FROM c", e.Label, i))
	}
	return fmt.Sprintf("WITH c AS (SELECT %s FROM victims WHERE %s)\n%s\nORDER BY cases DESC, form",
		strings.Join(counts, ", "), where, strings.Join(forms, "\nUNION ALL "))
}

var catalogue = []Named{
	{
		Name:   "boys-by-province",
		Title:  "Boys (under 18) by province of exploitation and form of exploitation",
		SQL:    byProvince("male"),
		Counts: []string{"cases", "sexual_exploitation", "forced_labour", "forced_military"},
	},
	{
		Name:   "girls-by-province",
		Title:  "Girls (under 18) by province of exploitation and form of exploitation",
		SQL:    byProvince("female"),
		Counts: []string{"cases", "sexual_exploitation", "forced_labour", "forced_military"},
	},
	{
		Name:   "minors-by-exploitation",
		Title:  "Minors by form of exploitation (a case with several forms counts in each)",
		SQL:    byForm("majority_status = 'minor'"),
		Counts: []string{"cases"},
	},
	{
		Name:  "cases-by-year",
		Title: "Cases by year of registration and gender",
		SQL: `WITH g AS (SELECT year_of_registration AS year, gender, majority_status, count(*) AS n FROM victims GROUP BY ALL)
SELECT year, sum(n)::BIGINT AS cases,
	coalesce(sum(n) FILTER (WHERE gender = 'female'), 0)::BIGINT AS female,
	coalesce(sum(n) FILTER (WHERE gender = 'male'), 0)::BIGINT AS male,
	coalesce(sum(n) FILTER (WHERE majority_status = 'minor'), 0)::BIGINT AS minors
FROM g GROUP BY ALL ORDER BY year NULLS LAST`,
		Counts: []string{"cases", "female", "male", "minors"},
	},
}

// prevalenceCatalogue are the tables with intervals; they are not (yet) in the headline set
// of the report.
var prevalenceCatalogue = []Named{
	{
		Name:       "headline",
		Title:      "All released cases, with the 95% exact Poisson interval",
		Build:      prevalence(Spec{}),
		Counts:     []string{"cases"},
		fromTables: protPrevalence(srcHeadline, false),
	},
	{
		Name:       "prevalence-by-province",
		Title:      "Cases by province of exploitation, with 95% intervals (and rates per 100,000 with --population)",
		Build:      prevalence(Spec{Dims: []string{DimProvince}, ByCount: true}),
		Counts:     []string{"cases"},
		fromTables: protPrevalence(srcProvince, true),
	},
	{
		Name:       "prevalence-by-country",
		Title:      "Cases by country of exploitation, with 95% intervals (and rates per 100,000 with --population)",
		Build:      prevalence(Spec{Dims: []string{DimCountry}, ByCount: true}),
		Counts:     []string{"cases"},
		fromTables: protPrevalence(srcCountry, true),
	},
	{
		Name:       "cases-by-region",
		Title:      "Cases by UN M49 region and sub-region of exploitation, with 95% intervals (by region alone when some places are recorded only by their region)",
		Build:      prevalence(Spec{Dims: []string{DimRegion, DimSubregion}}),
		Counts:     []string{"cases"},
		fromTables: either(regionTable, protPrevalence(srcRegionOnly, false), protPrevalence(srcRegion, false)),
	},
	{
		Name:       "boys-prevalence-by-province",
		Title:      "Boys (under 18) by province of exploitation, with 95% intervals (and rates per 100,000 boys with --population)",
		Build:      prevalence(Spec{Dims: []string{DimProvince}, Filter: "boys", ByCount: true}),
		Counts:     []string{"cases"},
		fromTables: protPrevalence(srcKids("boys", "boys"), true),
	},
	{
		Name:       "girls-prevalence-by-province",
		Title:      "Girls (under 18) by province of exploitation, with 95% intervals (and rates per 100,000 girls with --population)",
		Build:      prevalence(Spec{Dims: []string{DimProvince}, Filter: "girls", ByCount: true}),
		Counts:     []string{"cases"},
		fromTables: protPrevalence(srcKids("girls", "girls"), true),
	},
	{
		Name:       "minors-military-by-province-year",
		Title:      "Minors in forced military service by province of exploitation and year, with 95% intervals",
		Build:      prevalence(Spec{Dims: []string{DimProvince, DimYear}, Filter: "minors+forced-military"}),
		Counts:     []string{"cases"},
		fromTables: protPrevalence(srcMinorsMilitary, false),
		optional:   true,
	},
	{
		Name:       "cases-by-gender-age",
		Title:      "Cases by gender and age band, with 95% intervals",
		Build:      prevalence(Spec{Dims: []string{DimGender, DimAge}}),
		Counts:     []string{"cases"},
		fromTables: protPrevalence(srcGenderAge, false),
	},
	{
		Name:       "cases-by-form",
		Title:      "Cases by form of exploitation, with 95% intervals" + multiNote,
		Build:      prevalence(Spec{Dims: []string{DimForm}, ByCount: true}),
		Counts:     []string{"cases"},
		fromTables: protPrevalence(srcForm, true),
	},
	{
		Name:       "minors-by-form-and-gender",
		Title:      "Minors by form of exploitation and gender, with 95% intervals" + multiNote,
		Build:      prevalence(Spec{Dims: []string{DimForm, DimGender}, Filter: "minors"}),
		Counts:     []string{"cases"},
		fromTables: protPrevalence(srcMinorsForm, false),
		optional:   true,
	},
	{
		Name:       "labour-by-sector",
		Title:      "Forced labour by sector, with 95% intervals",
		Build:      prevalence(Spec{Dims: []string{DimSector}, Filter: "forced-labour", ByCount: true}),
		Counts:     []string{"cases"},
		fromTables: protPrevalence(srcSector, true),
		optional:   true,
	},
	{
		Name:       "cases-by-recruiter",
		Title:      "Cases by the recruiter's relation to the person, with 95% intervals",
		Build:      prevalence(Spec{Dims: []string{DimRelation}, ByCount: true}),
		Counts:     []string{"cases"},
		fromTables: protPrevalence(srcRelation, true),
		optional:   true,
	},
	{
		Name:       "trends",
		Title:      "Cases by year of registration, with the change from the year before (Poisson rate ratio, 95% interval, p-value; by period, compared only with a disjoint period of equal length, when some years are recorded only as a band)",
		Build:      trends(Spec{}),
		Counts:     []string{"cases"},
		fromTables: either(periodTable, protTrends(srcPeriod), protTrends(srcYear)),
	},
	{
		Name:       "trends-by-province",
		Title:      "Cases by province of exploitation and year, with the change from the year before (Poisson rate ratio)",
		Build:      trends(Spec{Dims: []string{DimProvince}}),
		Counts:     []string{"cases"},
		fromTables: protTrends(srcProvinceYear),
		optional:   true,
	},
	{
		Name:       "minors-trends-by-gender",
		Title:      "Minors by gender and year, with the change from the year before (Poisson rate ratio)",
		Build:      trends(Spec{Dims: []string{DimGender}, Filter: "minors"}),
		Counts:     []string{"cases"},
		fromTables: protTrends(srcMinorsYear),
		optional:   true,
	},
	{
		Name:  "centre-gaps",
		Title: "Provinces ranked by unmet need: recent cases by gender and age against the places of the centres serving them (--centres FILE)",
		Build: func(ctx context.Context, db *sql.DB, in Inputs) (*Table, error) {
			return CentreGaps(ctx, db, in.Centres, GapSpec{SmallCell: in.SmallCell, PartialYear: in.PartialYear, PartialFirst: in.PartialFirst, PartialFirstProvinces: in.PartialFirstProvinces, Late: in.Late})
		},
		Counts: []string{"recent_cases"},
		Needs:  "centres",
		fromTables: func(p Protected, in Inputs) (*Table, error) {
			return CentreGapsProtected(p, in.Centres, GapSpec{SmallCell: in.SmallCell, PartialYear: in.PartialYear, PartialFirst: in.PartialFirst, PartialFirstProvinces: in.PartialFirstProvinces, Late: in.Late, Bounds: in.Bounds, Carried: in.Carried})
		},
	},
}

// Standard is the full standard table set: the headline tables and the tables with
// intervals that need no input besides the release.
func Standard() []Named {
	out := Headline()
	for _, n := range prevalenceCatalogue {
		if n.Needs == "" {
			out = append(out, n)
		}
	}
	return out
}

// MicrodataNote explains the tables that the protected tables do not answer.
const MicrodataNote = "Tables marked [from the k-anonymous microdata] have no protected table in the release (made without it, or by an earlier version; 'query DIR --list' marks those of a release): they count the researchers' release, in which generalized values show as (generalized) and the rows k-anonymity suppressed are missing, so their counts can differ from the protected tables'. Their output says so: a first line in table and markdown, a source column (and a note on stderr) in csv and json."

// Catalogue returns the named queries, sorted by name.
func Catalogue() []Named {
	out := append(append([]Named(nil), catalogue...), prevalenceCatalogue...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Headline lists the named queries of the standard report, in report order.
func Headline() []Named { return append([]Named(nil), catalogue...) }

// LookupNamed returns the named query called name.
func LookupNamed(name string) (Named, bool) {
	for _, n := range Catalogue() {
		if n.Name == name {
			return n, true
		}
	}
	return Named{}, false
}

// Run runs the named query n with no input besides the release.
func (n Named) Run(ctx context.Context, db *sql.DB) (*Table, error) {
	return n.RunWith(ctx, db, Inputs{})
}

// RunWith runs the named query n with the inputs in. A table counted from the k-anonymous
// microdata (no protected table answers it) has Microdata set and its title says so.
func (n Named) RunWith(ctx context.Context, db *sql.DB, in Inputs) (*Table, error) {
	if n.Needs == "centres" && len(in.Centres) == 0 {
		return nil, fmt.Errorf("query %s needs a centres table (--centres FILE)", n.Name)
	}
	why := n.FromMicrodata(in.Tables)
	if why == "" && n.fromTables == nil {
		// The release's own table of that name answers it (query --named prints that one).
		why = "the release's protected table " + n.Name + " is the one to publish"
	}
	if why == "" {
		t, err := n.fromTables(in.Tables, in)
		if err != nil {
			return nil, fmt.Errorf("query %s: %w", n.Name, err)
		}
		t.Name, t.Title = n.Name, n.Title
		return t, nil
	}
	var t *Table
	var err error
	if n.Build != nil {
		t, err = n.Build(ctx, db, in)
	} else {
		t, err = Query(ctx, db, n.SQL)
	}
	if err != nil {
		return nil, n.explain(ctx, db, err)
	}
	t.Name, t.Title, t.Microdata = n.Name, n.Title+" [from the k-anonymous microdata: "+why+"]", why
	return t, nil
}

// FromMicrodata says why RunWith counts n from the k-anonymous microdata rather than from the
// release's protected tables p (nil: the release has none), or "" when p answers it. (A
// catalogue table such as boys-by-province is itself one of the protected tables: `query
// --named` prints it from p when p has it.)
func (n Named) FromMicrodata(p Protected) string {
	switch {
	case p == nil:
		return "the release has no protected tables (made by prevalence anonymize, or by an earlier version)"
	case n.fromTables == nil:
		if p[n.Name] != nil {
			return ""
		}
		return "the release has no protected table " + n.Name
	case !n.optional || n.Build == nil:
		return ""
	}
	// The protected tables an optional table reads are in some releases only: try them (the
	// tables are in memory; centre-gaps, which needs centres, is not optional).
	if _, err := n.fromTables(p, Inputs{SmallCell: DefaultSmallCell}); errors.Is(err, errNoTable) {
		return n.missing(err)
	}
	return ""
}

// missing says which protected table the release lacks, from fromTables' error.
func (n Named) missing(err error) string {
	switch {
	case strings.Contains(err.Error(), " "+provYearTable+" "):
		return "the release has no table of cases by province and year"
	case strings.Contains(err.Error(), " "+minorsMilitaryTable+" "):
		return "the release has no table of minors in military service by province and year"
	}
	return "the release, made by an earlier version, has no protected table for it"
}

// missingColumn finds the column of DuckDB's binder error "Referenced column "x" not found".
var missingColumn = regexp.MustCompile(`Referenced column "([^"]+)" not found`)

// explain names the columns that the named query needs and the release lacks (see
// ExplainMissing).
func (n Named) explain(ctx context.Context, db *sql.DB, err error) error {
	return ExplainMissing(ctx, db, "query "+n.Name, n.SQL, err)
}

// ExplainMissing turns DuckDB's binder error for a column the release lacks (a release of
// "prevalence anonymize" over other data, or one made with fewer fields) into an error that
// says what (a query, the reports) needs which columns, and why; other errors it returns
// prefixed with what. query is the SQL that failed when known: the schema fields it uses that
// the release lacks are named too (else only the one DuckDB names).
func ExplainMissing(ctx context.Context, db *sql.DB, what, query string, err error) error {
	m := missingColumn.FindStringSubmatch(err.Error())
	if m == nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	have := map[string]bool{}
	var cols []string
	if rows, qerr := db.QueryContext(ctx, "SELECT column_name FROM (DESCRIBE cases)"); qerr == nil {
		for rows.Next() {
			var c string
			if rows.Scan(&c) == nil {
				have[c] = true
				cols = append(cols, c)
			}
		}
		rows.Close()
	}
	missing := []string{m[1]}
	for _, f := range schema.Fields() {
		if f.Name != m[1] && !have[f.Name] && regexp.MustCompile(`\b`+regexp.QuoteMeta(f.Name)+`\b`).MatchString(query) {
			missing = append(missing, f.Name)
		}
	}
	noun := "column"
	if len(missing) > 1 {
		noun = "columns"
	}
	return fmt.Errorf("%s: the release has no %s %s, which this needs: named tables and reports count cases of the case schema (docs/schema.md), written by \"prevalence run\" or \"demo\"; this release's cases have %s (use SQL for them)",
		what, noun, strings.Join(missing, ", "), strings.Join(cols, ", "))
}
