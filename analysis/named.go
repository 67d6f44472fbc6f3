package analysis

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"github.com/prevalence/prevalence/schema"
)

// Named is a named query of the catalogue.
type Named struct {
	Name  string
	Title string
	SQL   string
	// Counts lists the columns that hold counts of people, which reports suppress when small.
	Counts []string
}

// byProvince counts minors of one gender by place of exploitation, with the forms of
// exploitation a programme lead plans for.
func byProvince(gender string) string {
	return fmt.Sprintf(`SELECT country_of_exploitation AS country, province_of_exploitation AS province,
	count(*) AS cases,
	count(*) FILTER (WHERE is_sexual_exploitation) AS sexual_exploitation,
	count(*) FILTER (WHERE is_forced_labour) AS forced_labour,
	count(*) FILTER (WHERE is_forced_military) AS forced_military
FROM cases WHERE gender = '%s' AND majority_status = 'minor'
GROUP BY ALL ORDER BY cases DESC, country NULLS LAST, province NULLS LAST`, gender)
}

// byForm counts the cases matching where by form of exploitation, every form listed (0 when
// none); a case with several forms counts in each.
func byForm(where string) string {
	var counts, forms []string
	for i, e := range schema.ExploitationFlags {
		counts = append(counts, fmt.Sprintf("count(*) FILTER (WHERE %s) AS f%d", e.Field, i))
		forms = append(forms, fmt.Sprintf("SELECT '%s' AS form, f%d AS cases FROM c", e.Label, i))
	}
	return fmt.Sprintf("WITH c AS (SELECT %s FROM cases WHERE %s)\n%s\nORDER BY cases DESC, form",
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
		SQL: `SELECT year_of_registration AS year, count(*) AS cases,
	count(*) FILTER (WHERE gender = 'female') AS female,
	count(*) FILTER (WHERE gender = 'male') AS male,
	count(*) FILTER (WHERE majority_status = 'minor') AS minors
FROM cases GROUP BY ALL ORDER BY year NULLS LAST`,
		Counts: []string{"cases", "female", "male", "minors"},
	},
}

// Catalogue returns the named queries, sorted by name.
func Catalogue() []Named {
	out := append([]Named(nil), catalogue...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Headline lists the named queries of the standard report, in report order.
func Headline() []Named { return append([]Named(nil), catalogue...) }

// LookupNamed returns the named query called name.
func LookupNamed(name string) (Named, bool) {
	for _, n := range catalogue {
		if n.Name == name {
			return n, true
		}
	}
	return Named{}, false
}

// Run runs the named query n.
func (n Named) Run(ctx context.Context, db *sql.DB) (*Table, error) {
	t, err := Query(ctx, db, n.SQL)
	if err != nil {
		return nil, fmt.Errorf("query %s: %w", n.Name, err)
	}
	t.Name, t.Title = n.Name, n.Title
	return t, nil
}
