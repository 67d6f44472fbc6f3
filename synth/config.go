package synth

import (
	"fmt"
	"strings"
)

// Config returns the config of Write's exports of rows rows: it maps the four fictional exports
// onto the case schema (the Afghan centre exports canonical column names and needs only its
// name) and lists the existing centres, with their capacities for that many rows (Centres).
func Config(rows int) string { return config(rows, false) }

func config(rows int, demo demoEra) string {
	var b strings.Builder
	b.WriteString("# The existing centres (fictional; at the demo's size, the same as synth/demo/centres.csv),\n" +
		"# which the programme report (reports/programme.html) ranks the provinces' unmet need against\n" +
		"# and the occupancy table fills: their beds are sized to these exports' placements. A CSV\n" +
		"# file works too, by path relative to this config: centres: centres.csv\n" +
		"centres:\n")
	for _, c := range centres(rows, demo) {
		genders := c.Genders[0]
		if len(c.Genders) > 1 {
			genders = "[" + strings.Join(c.Genders, ", ") + "]"
		}
		fmt.Fprintf(&b, "  - {name: %q, province: %s, capacity: %d, ages: %s, genders: %s}\n", c.Name, c.Province, c.Capacity, c.Ages, genders)
	}
	return strings.Replace(configTemplate, "{{centres}}", b.String(), 1)
}

const configTemplate = `# Mapping for the fictional exports written by "prevalence synth".
k: 5
suppression_limit: 0.05
{{centres}}sources:
  # What happened after identification: events keyed by the organisations' case numbers, in
  # three layouts (listed first: the case exports' patterns match these names too).
  - match: "in-rescue-network-events.csv"
    source: "India Rescue Network (fictional)"
    events: only
    extracted: "2026-01-01"
  - match: "af-hope-shelter-followup.csv"
    source: "Afghanistan Hope Centre for Boys (fictional)"
    events: only
    extracted: "2026-01-01"
  - match: "kh-safe-haven-care.ndjson"
    source: "Cambodia Safe Haven (fictional)"
    events: only
    extracted: "2026-01-01"
    columns:
      id: case_id
  - match: "in-rescue-network*.csv"
    source: "India Rescue Network (fictional)"
    columns:
      state_of_origin: province_of_origin
      location_current: province_of_exploitation
      exploitation_type: type_of_exploitation
      relation_to_recruiter: recruiter_relation
      type_of_labour: labour_sector
      status_decided_by: trafficking_status_decided_by
      referred_by: referral_route
      notes: narrative
    defaults:
      country_of_exploitation: IN
    values:
      gender: {Transgender: other}
  - match: "in-kolkata-police*.csv"
    source: "Kolkata Police Anti-Human Trafficking Unit (fictional)"
    date_order: dmy
    columns:
      GD Entry No: case_id
      Date of Rescue: registration_date
      Name of Victim: full_name
      Date of Birth: date_of_birth
      Sex: gender
      Native Country: country_of_origin
      Native State: province_of_origin
      Purpose of Trafficking: type_of_exploitation
      Place of Rescue: drop
      Police Station: drop
      Referred To: drop
    defaults:
      country_of_exploitation: IN
      province_of_exploitation: IN-WB
      referral_route: police_operation
    values:
      gender: {Transgender: other, Not stated: unknown}
  - match: "kh-safe-haven*.ndjson"
    source: "Cambodia Safe Haven (fictional)"
    columns:
      id: case_id
      person.name.given: first_name
      person.name.family: last_name
      person.sex: gender
      person.birth_date: date_of_birth
      person.phone: phone
      registered: registration_date
      updated: updated_at
      origin.country: country_of_origin
      origin.province: province_of_origin
      exploitation.country: country_of_exploitation
      exploitation.province: province_of_exploitation
      exploitation.types: type_of_exploitation
      exploitation.sector: labour_sector
      recruiter: recruiter_relation
      referral.route: referral_route
      notes: narrative
  - match: "af-hope-shelter*.csv"
    source: "Afghanistan Hope Centre for Boys (fictional)"
`
