package ingest

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// TestFileNames: a file found in a folder whose name says its rows are records taken out is
// skipped (delimited) or refused (others), and a file named for its people's trafficking
// status is refused unless a row records one (attack-2026-12-03d finding 6: the sheets' rules
// applied to files).
func TestFileNames(t *testing.T) {
	const csvRows = "case_id,gender,age,registration_date\nC-1,male,12,2024-01-02\nC-2,female,14,2024-02-03\n"
	const withStatus = "case_id,gender,age,registration_date,trafficking_status\nC-1,male,12,2024-01-02,not\nC-2,female,14,2024-02-03,not\n"
	const jsonRows = `[{"case_id":"C-1","gender":"male","age":12},{"case_id":"C-2","gender":"female","age":14}]`
	cases := []struct {
		name, file, text string
		inFolder         bool
		m                *Mapping
		records          int
		skipped          bool
		err              error
	}{
		{name: "deleted records skipped", file: "exports/deleted-records.csv", text: csvRows, inFolder: true, skipped: true},
		{name: "duplicates skipped", file: "exports/duplicates.csv", text: csvRows, inFolder: true, skipped: true},
		{name: "test data skipped", file: "exports/Test data.tsv", text: strings.ReplaceAll(csvRows, ",", "\t"), inFolder: true, skipped: true},
		{name: "removed from kilns read", file: "exports/removed-from-kilns-2024.csv", text: csvRows, inFolder: true, records: 2},
		{name: "deleted named on the command line", file: "deleted-records.csv", text: csvRows, records: 2},
		{name: "deleted named exactly in the config", file: "exports/duplicates.csv", text: csvRows, inFolder: true, m: &Mapping{Match: "duplicates.csv"}, records: 2},
		{name: "deleted JSON refused", file: "exports/deleted.json", text: jsonRows, inFolder: true, err: ErrNotCases},
		{name: "cases read", file: "exports/cases.csv", text: csvRows, inFolder: true, records: 2},
		// attack-2026-12-06a A5: a backup, a file not to use
		{name: "backup skipped", file: "exports/cases_backup.csv", text: csvRows, inFolder: true, skipped: true},
		{name: "do not use skipped", file: "exports/cases_DO_NOT_USE.csv", text: csvRows, inFolder: true, skipped: true},
		{name: "vocational training read", file: "exports/vocational-training-2024.csv", text: csvRows, inFolder: true, records: 2},
		{name: "not victims refused", file: "exports/not-victims.csv", text: csvRows, inFolder: true, err: ErrNoStatus},
		{name: "screened out refused", file: "screened-out.csv", text: csvRows, err: ErrNoStatus},
		{name: "screened out JSON refused", file: "exports/screened_out.json", text: jsonRows, inFolder: true, err: ErrNoStatus},
		{name: "at risk refused", file: "exports/children at risk.csv", text: csvRows, inFolder: true, err: ErrNoStatus},
		{name: "not victims with a status column", file: "exports/not-victims.csv", text: withStatus, inFolder: true, records: 2},
		{name: "not victims with a default status", file: "exports/not-victims.csv", text: csvRows, inFolder: true,
			m: &Mapping{Match: "not-victims*", Defaults: map[string]string{"trafficking_status": "not"}}, records: 2},
		{name: "victims at risk of re-trafficking read", file: "exports/victims-at-risk-of-re-trafficking.csv", text: csvRows, inFolder: true, records: 2},
		{name: "survivors referred out read", file: "exports/survivors referred out.csv", text: csvRows, inFolder: true, records: 2},
		// attack-2026-12-05a T1: the case's status on the rows of other people than victims
		{name: "witnesses with the case's status refused", file: "exports/witnesses.csv", text: strings.ReplaceAll(withStatus, ",not\n", ",actual\n"), inFolder: true, err: ErrNoStatus},
		{name: "suspects with the case's status refused", file: "exports/Suspects 2024.csv", text: strings.ReplaceAll(withStatus, ",not\n", ",actual\n"), inFolder: true, err: ErrNoStatus},
		{name: "witnesses whose status says not read", file: "exports/witnesses.csv", text: withStatus, inFolder: true, records: 2},
		{name: "presumed victims with a status column read", file: "exports/presumed victims.csv", text: strings.ReplaceAll(withStatus, ",not\n", ",actual\n"), inFolder: true, records: 2},
	}
	// attack-2026-12-05b U5: other people than victims in files of their own, named outside the
	// phrase lists, with the case's status on their rows (each read as victims on main), and
	// names of victims' files that stay read.
	type fileCase = struct {
		name, file, text string
		inFolder         bool
		m                *Mapping
		records          int
		skipped          bool
		err              error
	}
	confirmed := strings.ReplaceAll(withStatus, ",not\n", ",actual\n")
	for _, f := range []string{"caregivers", "household_members", "siblings", "children_of_victims", "accompanying_adults",
		"next_of_kin", "contacts", "reporters", "persons_of_interest", "tutores", "hermanos", "cuidadores", "orang_tua",
		"Caregivers 2024", "HouseholdMembers",
		// attack-2026-12-05d W3
		"household", "hh_members", "mothers", "victims_family", "children_and_families", "beneficiaries_indirect", "companions", "children_of_survivors"} {
		cases = append(cases, fileCase{name: f + " with the case's status refused", file: "exports/" + f + ".csv", text: confirmed, inFolder: true, err: ErrNoStatus},
			fileCase{name: f + " without a status refused", file: "exports/" + f + ".csv", text: csvRows, inFolder: true, err: ErrNoStatus})
	}
	for _, f := range []string{"victims", "mother_and_child", "household_visits", "foster_care", "family_reunification", "others", "adults", "victim_witnesses", "contact_log_victims",
		"child_and_family_services"} { // ing31
		cases = append(cases, fileCase{name: f + " read", file: "exports/" + f + ".csv", text: confirmed, inFolder: true, records: 2})
	}
	cases = append(cases, fileCase{name: "caregivers named in sources read", file: "exports/caregivers.csv", text: confirmed, inFolder: true,
		m: &Mapping{Match: "caregivers.csv"}, records: 2})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := NewReader(c.file, strings.NewReader(c.text))
			r.Now, r.InFolder, r.Mapping = testNow, c.inFolder, c.m
			n := 0
			var err error
			for {
				rec, e := r.Read()
				if e != nil {
					if e != io.EOF {
						err = e
					}
					break
				}
				n += int(rec.NumRows())
				rec.Release()
			}
			switch {
			case c.err != nil:
				if !errors.Is(err, c.err) {
					t.Fatalf("want %v, got %v (%d records)", c.err, err, n)
				}
				if strings.Contains(err.Error(), "C-1") {
					t.Errorf("the error names a value: %v", err)
				}
			case err != nil:
				t.Fatalf("want no error, got %v", err)
			case c.skipped:
				sk := r.SkippedInput()
				if sk == nil || n != 0 || sk.Rows != 3 || !strings.Contains(sk.Reason, "records taken out") {
					t.Fatalf("want the input skipped with its 3 rows, got %+v and %d records", sk, n)
				}
			case n != c.records:
				t.Fatalf("want %d records, got %d", c.records, n)
			}
		})
	}
}

// TestStatusNamePhrases: a sheet's (or file's) name that calls its people victims is not
// refused for a phrase that qualifies them ("at risk" of re-trafficking).
func TestStatusNamePhrases(t *testing.T) {
	for name, want := range map[string]string{
		"Not victims": "not victims", "Non-victims": "non victims", "Screened out": "screened out", "At risk": "at risk",
		"Children at risk": "at risk", "Not a victim - screened": "not a victim", "Not victims (VoT screening)": "not victims",
		"Victims at risk of re-trafficking": "", "Survivors referred out": "", "VoT ineligible for grant": "",
		"Cases 2024": "", "Risk assessment": "", "Retrafficking risk": "",
		// ing20's review: a need or a service beside the word victims (Spanish and French too)
		"Vulnerable victims": "", "Victims not admitted": "", "Víctimas en riesgo de re-trata": "", "Victimes à risque": "",
		"No víctimas": "no víctimas", "Non victimes": "non victimes", "Not admitted": "not admitted", "Vulnerable": "vulnerable",
		// attack-2026-12-03g finding 2
		"Suspected victims": "suspected", "Presumed victims": "presumed", "Potential VoT": "potential vot",
		"PossibleVictims": "possible victims", "Possible victims": "possible victims", "Probable victims": "probable victims",
		"Alleged victims": "alleged", "Presuntas víctimas": "presuntas", "Victimas presuntas": "presuntas", "Cas suspects": "suspects",
		"Non-trafficking cases": "non trafficking", "NotAVictim": "not a victim", "Bukan korban": "bukan korban",
		"Nao vitimas": "nao vitimas", "Sin confirmar": "sin confirmar", "Screening": "screening", "Out of scope": "out of scope",
		// attack-2026-12-04a finding A
		"Perpetrators": "perpetrators", "Traffickers": "traffickers", "Offenders": "offenders", "Accused": "accused",
		"Perpetrator list": "perpetrator", "Witnesses": "witnesses", "Family members": "family members", "Hotline calls": "hotline calls",
		"Returnees": "returnees", "Deportees": "deportees", "Risk cases": "risk cases", "Presumptive victims": "presumptive",
		"Possible VoTs": "possible vots", "Supuestas víctimas": "supuestas", "Supuestas victimas": "supuestas",
		"Potenciales víctimas": "potenciales", "Victimes présumées": "présumées", "Victimes presumees": "presumees",
		"Victimes potentielles": "potentielles", "Vítimas potenciais": "potenciais",
		"Victim witnesses": "", "Returnee victims": "", "Survivors 2024": "",
		// ingest-exactness22's review
		"Not identified as victims": "not identified", "Unidentified": "unidentified", "Negative conclusive grounds": "negative conclusive",
		"NRM negative decisions": "negative decisions", "CG negative": "cg negative", "Víctimas no identificadas": "no identificadas",
		"Identified victims": "", "Conclusive grounds positive": "",
		// attack-2026-12-04c finding R3
		"Padres": "padres", "Tutores": "tutores", "Madrastas": "madrastas", "Wali": "wali", "Orang tua": "orang tua",
		"Pelapor": "pelapor", "Passeurs": "passeurs", "Contrabandistas": "contrabandistas", "Migrantes": "migrantes",
		"Refugiados": "refugiados", "Deportados": "deportados", "Migrants": "migrants", "Víctimas de otros delitos": "otros delitos",
		"Migrant victims": "", "Víctimas migrantes": "",
		// attack-2026-12-04c finding R6
		"Neglect": "neglect", "GBV": "gbv", "Street children": "street children", "GBV survivors": "gbv", "Child marriage": "child marriage",
		"Runaway": "runaway", "KDRT": "kdrt",
		// attack-2026-12-04b finding A2
		"Traficantes": "traficantes", "Agresores": "agresores", "Perpetradores": "perpetradores", "Imputados": "imputados",
		"Testigos": "testigos", "Familiares": "familiares", "Llamadas": "llamadas", "Retornados": "retornados",
		"Denunciantes": "denunciantes", "Auteurs": "auteurs", "Mis en cause": "mis en cause", "Témoins": "témoins",
		"Famille": "famille", "Appels": "appels", "Rapatriés": "rapatriés", "Victimes possibles": "possibles",
		"Aliciadores": "aliciadores", "Agressores": "agressores", "Suspeitos": "suspeitos", "Testemunhas": "testemunhas",
		"Chamadas": "chamadas", "Vítimas presumidas": "presumidas", "Keluarga": "keluarga", "Terduga korban": "terduga",
		"Calon korban": "calon korban", "Exploiters": "exploiters", "Pimps": "pimps", "Recruiters": "recruiters",
		"Brokers": "brokers", "Employers": "employers", "Informants": "informants", "Complainants": "complainants",
		"Guardians": "guardians", "Parents": "parents", "Dependants": "dependants", "Accompanying children": "accompanying children",
		"PVoT": "pvot", "Intercepted": "intercepted", "Returned migrants": "returned migrants", "Smuggled migrants": "smuggled migrants",
		"Víctimas testigos": "", "Vítimas retornadas": "", "Intercepted victims": "", "Family reunification": "",
		"Suivi famille": "", "Korban TPPO": "", "Vítimas 2024": "",
		// ingest-exactness23's review
		"Not a VoT": "not a vot", "Non-VoTs": "non vots", "Not VoTs": "not vots", "Non trafficked": "non trafficked",
		"Not a case": "not a case", "Unsubstantiated": "unsubstantiated", "Unfounded allegations": "unfounded",
		"Inconclusive": "inconclusive", "Awaiting verification": "awaiting verification", "Pending decision": "pending decision",
		"Víctimas sospechosas": "sospechosas", "Vítimas suspeitas": "suspeitas", "Victimes non identifiées": "non identifiées",
		"Non-trafficked persons": "non trafficked",
		"Missing children":       "missing children", "Victims not a case": "not a case", "Missing persons 2024": "missing persons",
		"Victims 2024": "", "Case assessment": "", "Awaiting court": "",
		// attack-2026-12-04d findings R14 and R8
		"Empleadores": "empleadores", "Majikan": "majikan", "Calo": "calo", "Sponsors": "sponsors", "Acompañantes": "acompañantes",
		"Responsables": "responsables", "Abuse": "abuse", "Sexual abuse": "abuse", "Physical abuse": "abuse",
		"Other cases": "other cases", "Abandoned children": "abandoned children", "Unaccompanied minors": "unaccompanied minors",
		"CP": "cp", "Violencia": "violencia", "Otros casos": "otros casos", "Others": "", "Otros": "", "Forced labour": "",
		"Exploitation sexuelle": "",
		// attack-2026-12-05e X3: secondary beneficiaries, spouses, babies, household members
		"secondary_beneficiaries": "secondary", "spouses": "spouses", "fam_members": "fam", "hhm": "hhm", "babies": "babies",
		"infants": "infants", "mothers_and_babies": "babies",
	} {
		if got := statusName(name); got != want {
			t.Errorf("statusName(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestAgeUnit: a column's name giving the age in another unit than years, and names where a
// day or a month dates the age (ing20's review of finding 11's words).
func TestAgeUnit(t *testing.T) {
	for name, want := range map[string]string{
		"Age (months)": "months", "age_months": "months", "Age in weeks": "weeks", "Edad (meses)": "months", "Age (days)": "days",
		"Age": "", "Age (years)": "", "Age on the day of rescue": "", "Age on day of registration (years)": "",
		"Age at month of intake": "", "Edad al día de ingreso": "", "Age in months (years if over 2)": "months",
	} {
		if got := ageUnit(name); got != want {
			t.Errorf("ageUnit(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestStatusColumnValues: dropped status columns whose values say not a victim, and the
// columns and values that say nothing of the kind (attack-2026-12-04a finding B).
func TestStatusColumnValues(t *testing.T) {
	for _, c := range []struct {
		col, v string
		not    bool
	}{
		{"Trafficked", "No", true}, {"Victim?", "N", true}, {"Confirmed victim", "FALSE", true}, {"Status VoT", "No", true},
		{"Status korban", "Bukan korban", true}, {"Identificação", "Não confirmada", true}, {"Assessment", "No trafficking", true},
		{"Trafficked", "Yes", false}, {"Victim?", "Y", false}, {"Status korban", "Korban", false}, {"Identificação", "Confirmada", false},
		{"Re-trafficked", "No", false}, {"Trafficked again", "No", false}, {"Status", "No", false},
		// ingest-exactness23: another subject's status says nothing of trafficking
		{"HIV status", "Negative", false}, {"HIV test result", "Negative", false}, {"Court case status", "Negative", false},
		{"Pregnancy test result", "Negative", false}, {"Visa status", "Negative", false},
		{"Screening result", "Negative", true}, {"Victim status (police)", "Not VoT", true}, {"Result", "Negative", true},
		// attack-2026-12-04d findings R11 and R12: other words, a decision, a group path's question
		{"Trafficking indicators", "No", true}, {"Trafficking identified", "No", true}, {"Decisión", "Negativa", true},
		{"Décision", "Négative", true}, {"Decision", "Negative", true}, {"Decisión", "Positiva", false},
		{"screening/trafficking", "no", true}, {"screening.is_victim", "no", true}, {"screening:trafficking_case", "no", true},
		{"screening/trafficking", "yes", false}, {"followup/retrafficked", "no", false}, {"followup/trafficked_again", "no", false},
		{"intake-retrafficked", "no", false}, {"Court decision", "Negative", false},
		// attack-2026-12-04e S1: KoboToolbox's "Labels" headers, a question's text
		{"Is this a trafficking case?", "No", true}, {"Is this a case of trafficking?", "No", true},
		{"Does the case involve trafficking?", "No", true}, {"Case involves trafficking", "No", true},
		{"Human trafficking involved", "No", true}, {"TIP case", "No", true}, {"Exploitation confirmed", "No", true},
		{"¿Es un caso de trata?", "No", true}, {"S'agit-il d'un cas de traite ?", "Non", true},
		{"Apakah ini kasus TPPO?", "Tidak", true}, {"screening/Is this a trafficking case?", "No", true},
		{"Is this a trafficking case?", "Yes", false}, {"Does the case involve cross-border trafficking?", "No", false},
		{"Exploitation", "No", false}, {"Type of exploitation", "No", false}, {"Tip amount", "No", false},
	} {
		got := StatusColumn(c.col) && statusSaysNot(c.col, c.v)
		if got != c.not {
			t.Errorf("%q = %q: says not a victim %v, want %v", c.col, c.v, got, c.not)
		}
	}
	for v, want := range map[string]bool{"Closed - duplicate": true, "Cerrado - no víctima": true, "Closed - reintegrated": false,
		"Not a victim": false, "Open": false, "Ditutup - duplikat": true,
		// ingest-exactness23's review
		"Closed - Not a VoT": true, "Closed - not TIP": true, "Closed - screened out": true, "Closed - unfounded": true,
		"Closed - no trafficking indicators": true, "Fechado - registrado por engano": true, "Clôturé - erreur de saisie": true,
		"Ditutup - data ganda": true, "Closed - not trafficked again": false, "Closed - victim reintegrated": false,
		"Closed - transferred": false, "Closed - tip line referral": false} {
		if got := StatusColumn("Case status") && closedNoCaseStatus(v); got != want {
			t.Errorf("closedNoCaseStatus(%q) = %v, want %v", v, got, want)
		}
	}
}

// TestOtherStatusColumns: a status of another subject than the person's trafficking is no
// status column (ingest-exactness23: "HIV status" = Negative refused the run, "Court case
// status" = "Closed - duplicate complaint" quarantined its victims).
func TestOtherStatusColumns(t *testing.T) {
	for c, want := range map[string]bool{
		"HIV status": false, "hiv_status": false, "Court case status": false, "Prosecution status": false,
		"Police investigation status": false, "FIR status": false, "Passport status": false, "Grant status": false,
		"COVID-19 test result": false, "School enrolment status": false, "Perpetrator status": false,
		"Case status": true, "Status": true, "Migrant status": true, "Victim status (court)": true, "Screening result": true,
		"Identification status": true, "First status": true, "Industrial outcome": true,
		"Suspected trafficking status": true, "Trafficking status (court)": true, "Suspect status": false, "Trafficker status": false,
	} {
		if got := StatusColumn(c); got != want {
			t.Errorf("StatusColumn(%q) = %v, want %v", c, got, want)
		}
	}
}

// TestCaseTypeNamed: the names of a column of the case's type, grouped or nested too
// (attack-2026-12-04d findings R8 and R12), and names that are not one.
func TestCaseTypeNamed(t *testing.T) {
	for name, want := range map[string]bool{
		"Type of case": true, "group_intake/case_type": true, "intake-case_type": true, "data/intake/type_of_case": true,
		"case.type": true, "Nature of case": true, "Reason for referral": true, "Presenting issue": true, "Motivo de ingreso": true,
		"Tipología": true, "Motif": true, "Program": true, "Case": true, "Service type": true, "Incident type": true,
		"Alasan rujukan": true, "Type of exploitation": false, "case_id": false, "group/case_number": false, "Case worker": false,
		"intake-": false, "Type of labour": false,
		// attack-2026-12-04e S1: a question's text as the header
		"What type of case is this?": true, "Which protection concern?": true, "¿Qué tipo de caso es?": true,
		"What is the case type?": true, "What is this?": false, "Which case worker?": false, "What type of exploitation?": false,
	} {
		if got := caseTypeNamed(name); got != want {
			t.Errorf("caseTypeNamed(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestTraffickingType: a case type that names trafficking, "VoT" among them (attack-2026-12-04d:
// 04c's "Category" = VoT | Street child read whole), and types that do not.
func TestTraffickingType(t *testing.T) {
	for v, want := range map[string]bool{
		"VoT": true, "VoTs": true, "Trafficking": true, "Trata": true, "TPPO": true, "Human trafficking": true,
		"Street child": false, "Orphan": false, "Migrant smuggling": false, "Neglect": false, "Vote": false,
	} {
		if got := traffickingType(v); got != want {
			t.Errorf("traffickingType(%q) = %v, want %v", v, got, want)
		}
	}
}

// TestPersonRole: a role column's values that name a victim or another person of the case
// (attack-2026-12-04e S4), and the names of such columns.
func TestPersonRole(t *testing.T) {
	for v, want := range map[string][2]bool{
		"Victim": {true, false}, "Víctima": {true, false}, "Korban": {true, false}, "Victim-witness": {true, false},
		"Survivor": {true, false}, "Alleged victim": {true, false},
		"Witness": {false, true}, "Suspect": {false, true}, "Perpetrator": {false, true}, "Testigo": {false, true},
		"Imputado": {false, true}, "Témoin": {false, true}, "Auteur": {false, true}, "Saksi": {false, true}, "Pelaku": {false, true},
		"Parent of victim": {false, true}, "Not a victim": {false, true}, "Parent": {false, true},
		"": {false, false}, "Unknown": {false, false}, "No": {false, false}, "Yes": {false, false}, "Neglect": {false, false},
	} {
		if v2, o := personRole(v); v2 != want[0] || o != want[1] {
			t.Errorf("personRole(%q) = %v, %v, want %v, %v", v, v2, o, want[0], want[1])
		}
	}
	for name, want := range map[string]bool{
		"Role": true, "Person type": true, "Involvement": true, "Party": true, "Relationship to case": true, "Type": true,
		"Rol": true, "Rôle": true, "Peran": true, "child_status": true, "Category": true, "case/role": true,
		"Province": false, "Age": false, "Relationship to perpetrator": false,
		// attack-2026-12-05a T2, T3
		"Tipo": true, "Jenis": true, "Person": true, "Identified as": true, "Relationship": true, "Household member": true,
		"Beneficiary": true, "Parentesco": true, "Reported by": false, "Referred by": false,
		"Role of the person": true, "Person's role": true, "Rol en el caso": true, "Peran dalam kasus": true,
		"What is this person's role in the case?": true, "Role of referring agency": false, "Staff role": false,
	} {
		if got := roleNamed(name); got != want {
			t.Errorf("roleNamed(%q) = %v, want %v", name, got, want)
		}
	}
	// A value read in its column (attack-2026-12-05a T2, T3): a roster's "Self", a
	// beneficiary's "Direct", a role's letters, a complainant; a column named for nothing
	// gives a role only by a bare role word.
	for _, c := range []struct {
		col, v        string
		victim, other bool
	}{
		{"Relationship", "Self", true, false}, {"Household member", "Index child", true, false},
		{"Relationship", "Mother", false, true}, {"Relationship", "Sibling", false, true},
		{"Beneficiary", "Direct", true, false}, {"Beneficiary", "Indirect beneficiary", false, true},
		{"Type", "Direct", false, false}, {"Type", "Self", false, false},
		{"Role", "V", true, false}, {"Role", "W", false, true}, {"Col7", "V", false, false},
		{"Person role", "Complainant", true, false}, {"Person role", "Defendant", false, true},
		{"Person role", "Informant", false, true}, {"Tipo", "Imputado", false, true},
		{"Col7", "Victim", true, false}, {"Col7", "Witness", false, true},
		{"Col7", "Victim of labour trafficking, witness in court", false, false}, {"Col7", "Self", false, false},
		// attack-2026-12-05d W3: relatives' and dependants' words, and role phrases with a qualifier
		{"Remarks", "Indirect victim", false, true}, {"Remarks", "Direct victim", true, false},
		{"Remarks", "Secondary beneficiary", false, true}, {"Remarks", "Primary beneficiary", true, false},
		{"Col9", "Dependent", false, true}, {"Col9", "Dependant", false, true}, {"Col9", "Principal", true, false},
		{"Remarks", "Foster parent", false, true}, {"Remarks", "Mum", false, true}, {"Remarks", "Client", true, false},
		{"Remarks", "Family member", false, true}, {"Remarks", "Victim's child", false, true},
		{"Remarks", "Survivor's child", false, true}, {"Remarks", "Child of victim", false, true},
		{"Remarks", "Child victim", true, false}, {"Remarks", "Child", true, false}, {"Col9", "Household member", false, true}, {"Col9", "Direct", false, false},
		{"Col9", "Primary school", false, false}, {"Col9", "Main road", false, false},
		{"Notes", "Witness", false, true}, {"Case notes", "Suspect", false, true}, {"Keterangan", "Korban", true, false}, {"Remarks", "Victim of forced labour", false, false},
	} {
		if v, o := roleIn(c.col, c.v); v != c.victim || o != c.other {
			t.Errorf("roleIn(%q, %q) = %v, %v, want %v, %v", c.col, c.v, v, o, c.victim, c.other)
		}
	}
}

// TestNationalNumber: numbers of a national numbering that is not ISO 3166-2's are not read as
// ISO's (attack-2026-12-04e S6); ISO's codes with their hyphen, names, and the numbers of
// countries whose numbering is ISO's are.
func TestNationalNumber(t *testing.T) {
	for _, c := range []struct {
		cc, v string
		want  bool
	}{
		{"PH", "13", true}, {"PH", "PH13", true}, {"PH", "ph_14", true}, {"VN", "01", true}, {"KE", "047", true},
		{"KE", "KE001", true}, {"MM", "13", true},
		{"PH", "PH-13", false}, {"PH", "NCR", false}, {"PH", "Metro Manila", false}, {"KH", "12", false}, {"KH", "KH12", false},
		{"TH", "10", false}, {"AF", "12", false}, {"PH", "00", false}, {"PH", "07", false}, {"PH", "PH07", false},
	} {
		if got := nationalNumber(c.cc, c.v); got != c.want {
			t.Errorf("nationalNumber(%q, %q) = %v, want %v", c.cc, c.v, got, c.want)
		}
	}
}

// TestCaseTypeValue: a dropped column's value is a case type as traffickingType reads it (its
// allocation-free ASCII path agrees), or one of otherCaseTypes; other values are neither.
func TestCaseTypeValue(t *testing.T) {
	for v, want := range map[string][2]bool{
		"Trafficking": {true, false}, "Anti-trafficking": {true, false}, "TPPO": {true, false}, "VoT": {true, false},
		"HT": {true, false}, "TIP case": {true, false}, "Trata de personas": {true, false}, "Tráfico de pessoas": {true, false},
		"Perdagangan orang": {true, false}, "Smuggling and trafficking": {false, false}, "Migrant smuggling": {false, true},
		"KDRT": {false, true}, "Child protection": {false, true}, "GBV": {false, true}, "Street child": {false, true},
		"Child labour": {false, true}, "Violencia doméstica": {false, true}, "Pelecehan": {false, true},
		"Forced labour": {false, false}, "Sexual exploitation": {false, false}, "Night shift": {false, false},
		"Wright": {false, false}, "Multiple": {false, false}, "C00012": {false, false}, "2024-01-02": {false, false},
		"রহিম": {false, false}, "": {false, false},
	} {
		traf, other := caseTypeValue(v)
		if traf != want[0] || other != want[1] {
			t.Errorf("caseTypeValue(%q) = %v, %v; want %v, %v", v, traf, other, want[0], want[1])
		}
		if !other && v != "" && traf != traffickingType(v) {
			t.Errorf("caseTypeValue(%q) = %v, traffickingType says %v", v, traf, !traf)
		}
	}
}
