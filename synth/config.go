package synth

// Config maps the four fictional exports onto the case schema. The Afghan centre exports
// canonical column names and needs only its name.
const Config = `# Mapping for the fictional exports written by "prevalence synth".
k: 5
suppression_limit: 0.05
# The existing centres (fictional; the same as synth/demo/centres.csv), which the programme
# report (reports/programme.html) ranks the provinces' unmet need against. A CSV file works too,
# by path relative to this config: centres: centres.csv
centres:
  - {name: "Herat Boys' Centre", province: AF-HER, capacity: 60, ages: 9-17, genders: male}
  - {name: "Jalalabad Boys' Centre", province: AF-NAN, capacity: 40, ages: 9-17, genders: male}
  - {name: "Khost Children's Shelter", province: AF-KHO, capacity: 20, ages: 0-17, genders: [female, male]}
  - {name: "Kabul Women's Shelter", province: AF-KAB, capacity: 30, ages: 18+, genders: female}
  - {name: "Kolkata Girls' Home", province: IN-WB, capacity: 120, ages: 0-17, genders: female}
  - {name: "Kolkata Boys' Home", province: IN-WB, capacity: 30, ages: 0-17, genders: male}
  - {name: "Mumbai Girls' Home", province: IN-MH, capacity: 60, ages: 0-17, genders: female}
  - {name: "Mumbai Transit Home", province: IN-MH, capacity: 20, ages: all, genders: all}
  - {name: "Phnom Penh Recovery Centre", province: KH-12, capacity: 70, ages: all, genders: female}
  - {name: "Siem Reap Youth Shelter", province: KH-17, capacity: 15, ages: 0-17, genders: male}
sources:
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
