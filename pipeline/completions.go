package pipeline

import (
	"fmt"
	"slices"
	"strings"

	"github.com/prevalence/prevalence/anonymize"
	"github.com/prevalence/prevalence/schema"
)

// caseExportFields are the fields a case export gives of a person and their case, which a
// record kept over a duplicate takes from the duplicate when it lacks them (completions): the
// outcome fields are left out, since the events decide them for the record kept.
var caseExportFields = []string{
	schema.YearOfRegistration, schema.RegistrationPeriod, schema.Gender, schema.AgeBand, schema.MajorityStatus,
	schema.Citizenship, schema.CitizenshipRegion, schema.CountryOfOrigin, schema.ProvinceOfOrigin, schema.DistrictOfOrigin,
	schema.CountryOfExploitation, schema.ProvinceOfExploitation, schema.DistrictOfExploitation, schema.RegionOfExploitation,
	schema.IsSexualExploitation, schema.IsForcedLabour, schema.IsForcedMarriage, schema.IsForcedMilitary, schema.IsOtherExploitation,
	schema.LabourSector, schema.RecruiterRelation, schema.TraffickingStatus, schema.TraffickingStatusDecidedBy,
}

// completedAs names a field of caseExportFields in the notice: the fields of one
// quasi-identifier or sensitive attribute are completed together, and named once.
var completedAs = map[string]string{
	schema.YearOfRegistration: "year of registration", schema.RegistrationPeriod: "year of registration",
	schema.Gender: "gender", schema.AgeBand: "age", schema.MajorityStatus: "age",
	schema.Citizenship: "citizenship", schema.CitizenshipRegion: "citizenship",
	schema.CountryOfOrigin: "place of origin", schema.ProvinceOfOrigin: "place of origin", schema.DistrictOfOrigin: "place of origin",
	schema.CountryOfExploitation: "place of exploitation", schema.ProvinceOfExploitation: "place of exploitation",
	schema.DistrictOfExploitation: "place of exploitation", schema.RegionOfExploitation: "place of exploitation",
	schema.IsSexualExploitation: "forms of exploitation", schema.IsForcedLabour: "forms of exploitation", schema.IsForcedMarriage: "forms of exploitation",
	schema.IsForcedMilitary: "forms of exploitation", schema.IsOtherExploitation: "forms of exploitation",
	schema.LabourSector: "labour sector", schema.RecruiterRelation: "recruiter relation",
	schema.TraffickingStatus: "trafficking status", schema.TraffickingStatusDecidedBy: "who decided the status",
}

// completions counts the records kept over a duplicate that took values only the duplicate
// gave (ingest.Deduper.Merges, anonymize.Collector.Complete): a later export without a gender
// column, merged with an earlier one that has it, keeps the case's gender (ing14's note: it
// dropped them).
type completions struct {
	records int
	by      map[string]int // quasi-identifier, sensitive attribute or analytic column -> records
	order   []string
}

// add completes the record kept of each pair (kept, dropped) from the dropped one, in order: a
// chain of merges passes what the first record gave to the last one kept.
func (c *completions) add(col *anonymize.Collector, pairs [][2]int) {
	for _, p := range pairs {
		done := col.Complete(p[0], p[1], caseExportFields)
		if len(done) == 0 {
			continue
		}
		c.records++
		if c.by == nil {
			c.by = map[string]int{}
		}
		var named []string
		for _, f := range done {
			if name := completedAs[f]; !slices.Contains(named, name) {
				named = append(named, name)
				if c.by[name] == 0 {
					c.order = append(c.order, name)
				}
				c.by[name]++
			}
		}
	}
}

// notice says what was completed ("" nothing).
func (c *completions) notice() string {
	if c.records == 0 {
		return ""
	}
	what := make([]string, 0, len(c.order))
	for _, name := range c.order {
		what = append(what, fmt.Sprintf("%s %d", name, c.by[name]))
	}
	return fmt.Sprintf("%d %s kept over a duplicate of the same case lacked values the duplicate gives (%s): "+
		"the duplicate's were kept (an export without a column, or with the cell blank, does not erase what another export of the case recorded)",
		c.records, agree(c.records, "record", "records"), strings.Join(what, ", "))
}
