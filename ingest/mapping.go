package ingest

import (
	"path"
	"strings"
	"unicode"

	"github.com/prevalence/prevalence/schema"
)

// Mapping tells ingest how one organisation's export maps onto the canonical schema. The zero
// Mapping understands canonical column names and the common presets (CTDC and Primero names).
type Mapping struct {
	// Match is a glob (path.Match syntax) on the input's base name; the first matching mapping
	// of a config applies. Empty matches every input.
	Match string `yaml:"match"`
	// Source is written into the source field of every record; the input's base name without
	// extension when empty.
	Source string `yaml:"source"`
	// Columns renames input columns to canonical fields. A value of "drop" drops the column
	// silently (use it for identifier columns that have no canonical field).
	Columns map[string]string `yaml:"columns"`
	// Values maps input values to canonical values, per canonical field, e.g.
	// gender: {M: male, boy: male}. Matching ignores case and surrounding space.
	Values map[string]map[string]string `yaml:"values"`
	// DateFormats are Go time layouts tried in order before the built-in ISO and
	// day/month/year forms.
	DateFormats []string `yaml:"date_formats"`
	// Required lists canonical fields a row must have; a row missing one is quarantined.
	Required []string `yaml:"required"`
	// Defaults gives a value per canonical field for rows that have none, e.g. the country of
	// exploitation of an organisation that works in one country.
	Defaults map[string]string `yaml:"defaults"`
}

// Input-only fields: read from exports and turned into canonical fields, never kept.
const (
	// TypeOfExploitation is a list of exploitation labels ("Sexual exploitation; Forced
	// labour"), turned into the is_* flags.
	TypeOfExploitation = "type_of_exploitation"
	// Age is the age in years at registration, turned into age_band and majority_status.
	Age = "age"
)

// aliases are names accepted for canonical fields in configs and headers.
var aliases = map[string]string{
	"name": schema.FullName, "first_name": schema.FullName + "#first", "last_name": schema.FullName + "#last",
	"middle_name": schema.FullName + "#middle",
}

// KnownField reports whether f may be the target of a column mapping.
func KnownField(f string) bool {
	if f == "drop" || f == Age || f == TypeOfExploitation {
		return true
	}
	if _, ok := aliases[f]; ok {
		return true
	}
	_, ok := schema.Lookup(f)
	return ok
}

// Matches reports whether m applies to the input at name.
func (m *Mapping) Matches(name string) bool {
	if m.Match == "" {
		return true
	}
	ok, _ := path.Match(m.Match, path.Base(name))
	return ok
}

// fold turns a column name into its comparison key: lower case, letters and digits only, so
// that "Age Broad", "age_broad" and "ageBroad" are one name.
func fold(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// presets maps folded column names used by common exports onto canonical fields. Canonical
// names themselves are added in init. "drop" marks identifier-like columns with no field.
var presets = map[string]string{
	// names and identifiers
	"name": schema.FullName, "firstname": schema.FullName + "#first", "lastname": schema.FullName + "#last",
	"surname": schema.FullName + "#last", "givenname": schema.FullName + "#first", "familyname": schema.FullName + "#last",
	"middlename": schema.FullName + "#middle",
	"age":        Age, "ageatregistration": Age, "ageatidentification": Age, "ageyears": Age,
	"typeofexploitation": TypeOfExploitation, "exploitationtype": TypeOfExploitation,
	"victypeofexploitation": TypeOfExploitation, "formsofexploitation": TypeOfExploitation,
	"dob": schema.DateOfBirth, "birthdate": schema.DateOfBirth, "dateofbirth": schema.DateOfBirth,
	"caseid": schema.CaseID, "caseno": schema.CaseID, "casenumber": schema.CaseID, "id": schema.CaseID,
	"uniqueid": schema.CaseID, "recordid": schema.CaseID, "shortid": schema.CaseID,
	"nationalidno": schema.NationalID, "passportnumber": schema.NationalID, "passport": schema.NationalID,
	"phonenumber": schema.Phone, "telephone": schema.Phone, "mobile": schema.Phone, "emailaddress": schema.Email,
	"nickname": schema.Alias, "othernames": schema.Alias, "caregiver": schema.CaregiverName,
	"guardianname": schema.CaregiverName, "socialworker": schema.Caseworker, "casemanager": schema.Caseworker,
	"notes": schema.Narrative, "comments": schema.Narrative, "remarks": schema.Narrative, "description": schema.Narrative,
	"lat": schema.Latitude, "lon": schema.Longitude, "lng": schema.Longitude,
	// CTDC data dictionary and Primero
	"sex": schema.Gender, "agebroad": schema.AgeBand, "majoritystatus": schema.MajorityStatus,
	"yearofregistration": schema.YearOfRegistration, "registrationdate": schema.RegistrationDate,
	"dateofregistration": schema.RegistrationDate, "registrationyear": schema.YearOfRegistration,
	"isforcedlabour": schema.IsForcedLabour, "issexualexploit": schema.IsSexualExploitation,
	"isforcedmarriage": schema.IsForcedMarriage, "isforcedmilitary": schema.IsForcedMilitary,
	"isotherexploit": schema.IsOtherExploitation, "typeoflabour": schema.LabourSector,
	"recruiterrelation": schema.RecruiterRelation, "countryofexploitation": schema.CountryOfExploitation,
	"nationality": schema.Citizenship, "updatedat": schema.UpdatedAt, "lastupdated": schema.UpdatedAt,
	"dateofupdate": schema.UpdatedAt,
}

func init() {
	for _, f := range schema.Fields() {
		presets[fold(f.Name)] = f.Name
	}
}

// resolveColumn returns the canonical field for an input column, or "" when unknown. A field
// with a "#part" suffix is one part of a name that ingest joins into full_name.
func (m *Mapping) resolveColumn(col string) string {
	if m != nil {
		if f, ok := m.Columns[col]; ok {
			return canonical(f)
		}
		for k, f := range m.Columns {
			if fold(k) == fold(col) {
				return canonical(f)
			}
		}
	}
	return presets[fold(col)]
}

// mapValue applies the mapping's vocabulary for field to v, if it has an entry.
func (m *Mapping) mapValue(field, v string) string {
	if m == nil || m.Values == nil {
		return v
	}
	vocab := m.Values[field]
	if vocab == nil {
		return v
	}
	if out, ok := vocab[v]; ok {
		return out
	}
	key := strings.ToLower(strings.TrimSpace(v))
	for in, out := range vocab {
		if strings.ToLower(strings.TrimSpace(in)) == key {
			return out
		}
	}
	return v
}

func canonical(f string) string {
	if a, ok := aliases[f]; ok {
		return a
	}
	return f
}
