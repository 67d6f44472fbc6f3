package reports

import (
	"fmt"
	"strings"

	"github.com/prevalence/prevalence/analysis"
)

// sourcesNote says, in the research report, which figures come from the protected tables and
// which from the k-anonymous case file, and what the case file cannot count in this release:
// on synth 3,000 its year_of_registration is "*" in every row, so a ranking or a table by year
// counted from it has no years, which nothing in the report said (issue-16-shares24.md). The
// generalization levels are the manifest's, the named queries' sources analysis's
// (FromMicrodata), as `query DIR --list` marks them.
func (r *report) sourcesNote() string {
	p := analysis.NewProtected(r.opt.Tables)
	var micro []string
	for _, n := range analysis.Catalogue() {
		if n.FromMicrodata(p) != "" {
			micro = append(micro, n.Name)
		}
	}
	s := "Every table and figure of this report, of reports/tables/, of the programme report (its centre-gap ranking included) and of the brief is counted from every record the release kept, at full precision, and then protected as this section says: these are the protected tables (the release's tables/ folder). " +
		"The k-anonymous case file (cases/), for researchers' own queries (prevalence query DIR 'SQL'), holds the same records with the values generalized as the table below says and without the rows k-anonymity withheld, so counts from it can differ from the tables'."
	if len(micro) == 0 {
		s += " Every named query (prevalence query DIR --named NAME) counts from the protected tables in this release."
	} else if r.held() {
		// query --named refuses them while the tables are held: counted from this run's case
		// file, they would publish the records the held tables keep back (heldNamed in cmd).
		s += fmt.Sprintf(" Of the named queries (prevalence query DIR --named NAME), %s would count from the case file, as the release has no protected table of %s; while the tables are the previous release's again (held), %s not answered (query DIR --list marks %s), since the case file holds this run's records, which the held tables keep back; the others count from the protected tables.",
			joinAnd(micro), map[bool]string{true: "it", false: "them"}[len(micro) == 1], map[bool]string{true: "it is", false: "they are"}[len(micro) == 1], map[bool]string{true: "it", false: "them"}[len(micro) == 1])
	} else {
		s += fmt.Sprintf(" Of the named queries (prevalence query DIR --named NAME), %s count%s from the case file, as the release has no protected table of %s (query DIR --list marks %s); the others count from the protected tables.",
			joinAnd(micro), map[bool]string{true: "s", false: ""}[len(micro) == 1], map[bool]string{true: "it", false: "them"}[len(micro) == 1], map[bool]string{true: "it", false: "them"}[len(micro) == 1])
	}
	if r.heldPublic() {
		return s // what the case file lacks follows from its levels (heldLevels)
	}
	var lost []string
	year, province := false, false
	for _, l := range r.m.Privacy.Levels {
		switch {
		case l.QuasiIdentifier == "year_of_registration" && l.Name == "*":
			year = true
			lost = append(lost, "the year of registration ("+strings.Join(l.Columns, " and ")+" are * in every row)")
		case l.QuasiIdentifier == "exploitation" && l.Name != "district" && l.Name != "province":
			province = true
			lost = append(lost, "the province of exploitation (released as "+l.Name+")")
		}
	}
	if len(lost) == 0 {
		return s
	}
	s += fmt.Sprintf(" In this release the case file does not hold %s, so it counts nothing by ", joinAnd(lost))
	switch {
	case year && province:
		s += "year or by province"
	case year:
		s += "year"
	default:
		s += "province"
	}
	var by []string
	for _, n := range micro {
		if year && strings.Contains(n, "year") || province && strings.Contains(n, "province") {
			by = append(by, n)
		}
	}
	if len(by) > 0 {
		s += fmt.Sprintf(" (%s, counted from it here, %s no %s)", joinAnd(by), map[bool]string{true: "has", false: "have"}[len(by) == 1], map[bool]string{true: "years", false: "provinces"}[year])
	}
	// The centre-gap ranking counts from the case file only for a release without protected
	// tables (prevalence anonymize's, an earlier version's): there it would be empty or of all
	// years, which the programme report's ranking, from the tables, is not.
	switch {
	case province:
		s += ": a centre-gap ranking counted from it (query --named centre-gaps on a release without protected tables) is empty, while the programme report's ranking (with a centres file) counts from the protected tables."
	default:
		s += ": a centre-gap ranking counted from it (query --named centre-gaps on a release without protected tables) would take each group's cases of all years as one year's need, the most a year's cases can need (its per_year_note says so), with no cases a year and no trend, while the programme report's ranking (with a centres file) counts the recent years from the protected tables."
	}
	return s
}
