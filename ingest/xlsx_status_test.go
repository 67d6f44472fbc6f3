package ingest

import "testing"

// TestStatusName: sheet names that speak of the people's trafficking status, as registers
// write them (attack-2026-12-03e finding 6: each of these read as identified victims), and
// names of cases' sheets that must not be taken for one.
func TestStatusName(t *testing.T) {
	status := []string{"Not victims", "Not a victim", "Non-VoT", "Not VoT", "No victim", "Rejected referrals",
		"Vulnerable", "Other vulnerable", "Prevention cases", "Unconfirmed", "Not confirmed", "Under assessment",
		"Pending verification", "Closed - not trafficking", "No víctimas", "Non victimes", "Referrals not accepted",
		"Not admitted", "Exclude", "Excluded", "Do not count", "(Potential victims)", "At risk", "En riesgo",
		// attack-2026-12-03f finding 5: camelCase and other words.
		"NotVictims", "AtRisk", "NotVoT", "PendingVerification", "DoNotCount", "Unverified", "Descartados", "Casos descartados",
		"False positives", "false_positives", "Declined", "referrals_declined", "Pending", "Child labour only", "child_labour_only",
		// attack-2026-12-05b U5: other people than victims, by the role words or a phrase
		"Caregivers", "Contacts", "Siblings", "Household members", "household_members", "Next of kin", "Children of victims",
		"Accompanying adults", "Persons of interest", "Reporters", "Hermanos", "Cuidadores", "Tutores", "Orang tua",
		"Victims' caregivers", "Carers", "Defendants",
		// attack-2026-12-05d W3
		"Family details", "Mothers", "HH", "Other persons", "Accompanying", "household", "hh_members", "victims_family",
		"children_and_families", "beneficiaries_indirect", "companions", "Households"}
	for _, s := range status {
		if statusName(s) == "" {
			t.Errorf("sheet %q: not taken for a sheet named for a status", s)
		}
	}
	cases := []string{"Cases", "Victims", "VoT 2024", "Identified victims", "Herat", "Boys", "Registered", "Closed cases",
		"Confirmed victims", "Sheet1", "Follow-up", "Pending court cases", "Admitted",
		"VictimsAtRiskOfRetrafficking", "Survivors declined services", "IdentifiedVictims", "CasesPending2024",
		// attack-2026-12-05b U5's guards: names that may hold the victims themselves
		"Mother and child", "Foster care", "Victims - children", "Survivors_children", "Adults", "Others", "Family reunification", "Victim witnesses", "Children", "Sisters of Mercy 2024",
		"Contact log", "Household visits 2024", "Household income",
		// ing31: "and family" holds other people only as the name's end
		"Child and family services", "Intakes and family tracing"}
	for _, s := range cases {
		if w := statusName(s); w != "" {
			t.Errorf("sheet %q: taken for a sheet named for a status (%q)", s, w)
		}
	}
}
