package pipeline

import (
	"fmt"
	"slices"
	"strings"

	"github.com/prevalence/prevalence/anonymize"
	"github.com/prevalence/prevalence/ingest"
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
	// done names what each completed record took (quasi-identifiers, sensitive attributes or
	// analytic columns); notice counts those still kept at the end: a record completed and then
	// dropped (Resolve keeping the other export's, a chain passing it on) holds nothing released.
	done  map[int][]string
	order []string

	// The inputs that record no gender (watch), and, once there is one, the record each row
	// dropped as a duplicate was merged into (kept rows of later pairs win): genderNotices
	// follows them to the record the release counts.
	noGender []*noGender
	into     map[int]int
}

// noGender is an input that records no gender: its rows [start, end), its notice at index at
// of the manifest's notices, and that notice's remedy.
type noGender struct {
	shown, fix     string
	start, end, at int
}

// watch notes an input that records no gender, before the pairs of its own merges are added.
func (c *completions) watch(ng *noGender) {
	c.noGender = append(c.noGender, ng)
	if c.into == nil {
		c.into = map[int]int{}
	}
}

// add completes the record kept of each pair (kept, dropped) from the dropped one, in order: a
// chain of merges passes what the first record gave to the last one kept.
func (c *completions) add(col *anonymize.Collector, pairs [][2]int) {
	for _, p := range pairs {
		if c.into != nil {
			c.into[p[1]] = p[0]
		}
		done := col.Complete(p[0], p[1], caseExportFields)
		if len(done) == 0 {
			continue
		}
		if c.done == nil {
			c.done = map[int][]string{}
		}
		named := c.done[p[0]]
		for _, f := range done {
			if name := completedAs[f]; !slices.Contains(named, name) {
				named = append(named, name)
				if !slices.Contains(c.order, name) {
					c.order = append(c.order, name)
				}
			}
		}
		c.done[p[0]] = named
	}
}

// notice says what the records kept hold from their duplicates ("" nothing).
func (c *completions) notice(col *anonymize.Collector) string {
	records, by := 0, map[string]int{}
	for row, named := range c.done {
		if col.IsDropped(row) {
			continue
		}
		records++
		for _, name := range named {
			by[name]++
		}
	}
	if records == 0 {
		return ""
	}
	what := make([]string, 0, len(c.order))
	for _, name := range c.order {
		if by[name] > 0 {
			what = append(what, fmt.Sprintf("%s %d", name, by[name]))
		}
	}
	return fmt.Sprintf("%d %s kept over a duplicate of the same case lacked values the duplicate gives (%s): "+
		"the duplicate's were kept (an export without a column, or with the cell blank, does not erase what another export of the case recorded)",
		records, agree(records, "record", "records"), strings.Join(what, ", "))
}

// genderNotices rewrites the notice of each input that records no gender to say what the
// release holds (session v's note): its records merged with another export's record of the
// same case that gives a gender are counted with it (Complete), not as of unknown gender.
// notices are the manifest's; a notice is left as it was when none of its cases took one.
func (c *completions) genderNotices(col *anonymize.Collector, notices []string) {
	for _, ng := range c.noGender {
		took, unknown := map[int]bool{}, map[int]bool{}
		for row := ng.start; row < ng.end; row++ {
			r := row
			for steps := 0; r >= 0 && col.IsDropped(r); steps++ {
				next, ok := c.into[r]
				if !ok || col.Why(r) != anonymize.Duplicate || steps > ng.end-ng.start {
					r = -1 // quarantined, skipped or suppressed: not a case of the input's
					break
				}
				r = next
			}
			switch {
			case r < 0:
			case col.Gives(r, schema.Gender):
				took[r] = true
			default:
				unknown[r] = true
			}
		}
		if len(took) == 0 || ng.at >= len(notices) {
			continue
		}
		n := fmt.Sprintf("%s: no row records a gender, but %d of its cases %s the gender another export's record of the same case gives (merged as duplicates, the gender kept)",
			ng.shown, len(took), agree(len(took), "takes", "take"))
		if u := len(unknown); u > 0 {
			n += fmt.Sprintf("; the other %d %s counted as of unknown gender (no table shows them as boys, girls, men or women); %s",
				u, agree(u, "case is", "cases are"), ng.fix)
		}
		notices[ng.at] = n
	}
}

// undatedNotice says how many records merged within one export, neither giving updated_at,
// differ from the record kept over them, and in what ("" none): the later row was kept, so the
// row order decided those values, and the same register sorted otherwise gives other counts
// (attack-2026-12-05d W12: recruiter relation 284 -> 280, in no field the Deduper holds). The
// rows are compared whole in the Collector, after Complete (a value only one of them gives is
// kept whatever the order); the Deduper's own difference (a registration date or an age within
// one band) counts too. Merges of rows since skipped or quarantined are left out.
func undatedNotice(col *anonymize.Collector, merges []ingest.UndatedMerge) string {
	records, by := 0, map[string]int{}
	for _, u := range merges {
		if col.Why(u.Dropped) != anonymize.Duplicate || col.Why(u.Kept) == anonymize.Skipped {
			continue
		}
		fields := col.Differ(u.Kept, u.Dropped, caseExportFields)
		if len(fields) == 0 && !u.Differ {
			continue
		}
		records++
		var named []string
		for _, f := range fields {
			if name := completedAs[f]; !slices.Contains(named, name) {
				named = append(named, name)
			}
		}
		if len(named) == 0 {
			named = append(named, "registration date or age")
		}
		for _, name := range named {
			by[name]++
		}
	}
	if records == 0 {
		return ""
	}
	var what []string // in the fields' order, not the rows'
	for _, f := range append(slices.Clone(caseExportFields), "") {
		name := completedAs[f]
		if f == "" {
			name = "registration date or age"
		}
		if n := by[name]; n > 0 {
			what = append(what, fmt.Sprintf("%s %d", name, n))
			by[name] = 0
		}
	}
	return fmt.Sprintf("%d %s merged as duplicates repeat a case number of the same export with other values (%s), and neither record gives updated_at: "+
		"the later row of the export was kept, so the export's row order decided which record's values were read (an export sorted otherwise gives other counts); "+
		"map the column of each record's last update onto updated_at under columns: so that the latest update is kept whatever the order",
		records, agree(records, "record", "records"), strings.Join(what, ", "))
}
