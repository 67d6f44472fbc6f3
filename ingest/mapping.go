package ingest

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/prevalence/prevalence/detect"
	"github.com/prevalence/prevalence/geo"
	"github.com/prevalence/prevalence/schema"
)

// Mapping tells ingest how one organisation's export maps onto the canonical schema. The zero
// Mapping understands canonical column names and the common presets (CTDC, HTCDS and Primero
// names).
type Mapping struct {
	// Match is a glob (path.Match syntax) on the input's base name; the first matching mapping
	// of a config applies. Empty matches every input.
	Match string `yaml:"match"`
	// Source is written into the source field of every record: the organisation's name. It
	// comes from here only, never from a cell nor from the input's name (which could be a
	// child's); when empty, the Reader's DefaultSource.
	Source string `yaml:"source"`
	// Columns renames input columns to canonical fields. A value of "drop" drops the column
	// silently (use it for identifier columns that have no canonical field). A key "#N" names
	// the column at position N (1-based), to tell apart columns with the same name. When two
	// input columns reach one field, the one named here wins and the other is dropped; when
	// neither or both are named here, the input is refused (ColumnClashError).
	Columns map[string]string `yaml:"columns"`
	// Values maps input values to canonical values, per canonical field, e.g.
	// gender: {M: male, boy: male}. Matching ignores case and surrounding space. A value the
	// field does not read (gender: {female: femalee}) is refused by Check, as is a default.
	Values map[string]map[string]string `yaml:"values"`
	// DateFormats are Go time layouts tried in order before the built-in forms.
	DateFormats []string `yaml:"date_formats"`
	// DateOrder says how numeric dates such as 03/04/2019 are read: "dmy" (day first) or
	// "mdy" (month first). Empty: each date column's order is read from its own values (a
	// value such as 31/12/2019 proves day first); a column whose values never prove it is
	// refused with an error asking for this setting.
	DateOrder string `yaml:"date_order"`
	// UnknownOptions says what a label of type_of_exploitation that names no known form does
	// (a KoboToolbox option name, a list entry): "quarantine" (or empty) quarantines the row;
	// "other" counts it as other exploitation, with the count in a notice.
	UnknownOptions string `yaml:"unknown_options"`
	// Required lists canonical fields a row must have; a row missing one is quarantined.
	Required []string `yaml:"required"`
	// Defaults gives a value per canonical field for rows that have none, e.g. the country of
	// exploitation of an organisation that works in one country.
	Defaults map[string]string `yaml:"defaults"`
	// SheetDefaults gives defaults per sheet of a workbook (the sheet's name, in any case): a
	// workbook with a sheet per gender, sheet_defaults: {Boys: {gender: male}, Girls: {gender:
	// female}}. A sheet's default comes before defaults:, and a row's own value before both. A
	// named sheet that the workbook does not have, or that is not read as cases, refuses the
	// input; so does an input that is no workbook. A sheet whose name is withheld in notices
	// as possibly a person's ("sheet 2") is given by its position: "#2".
	SheetDefaults map[string]map[string]string `yaml:"sheet_defaults"`
	// Encoding names the text encoding of CSV, TSV and JSON inputs, as a WHATWG label
	// ("windows-1252", "latin1", "utf-16le", "macintosh", ...) or a DOS code page ("cp850",
	// "cp437": Excel's "CSV (MS-DOS)"). Empty: UTF-8, or what a byte-order mark says, or
	// Windows-1252 when the text is not valid UTF-8 and can be Western text (else the read
	// fails with ErrEncoding and the line: name windows-1256, windows-1251, cp850 ... here).
	Encoding string `yaml:"encoding"`
	// Sheet names the sheet of a workbook to read; the others are recorded as skipped. Empty:
	// the sheets of cases are found (see Sheets), each read with its own header row.
	Sheet string `yaml:"sheet"`
	// Sheets names several sheets of a workbook to read, each with its own header row, for
	// sheets of cases whose columns differ (a register whose later years added a column).
	// Without it (or Sheet), the first sheet of cases decides which fields a sheet of cases
	// maps; the sheets that map the same fields are read, and the others (a dropdown list, a
	// summary, a form's repeat group) are recorded as skipped.
	Sheets []string `yaml:"sheets"`
	// TokenEnv names the environment variable holding a bearer token for an http(s) source.
	// The token is sent in the Authorization header and never logged.
	TokenEnv string `yaml:"token_env"`
	// Events says whether the input holds events after identification (issue 12): "only" for
	// an export of events keyed by case number (one row per event, not read as cases), "also"
	// for a case export that carries them too (wide columns such as followup_1_date, or
	// Primero subforms); empty for none. See EventReader.
	Events string `yaml:"events"`
	// Extracted is the date the export was made (YYYY-MM-DD): stays still open are censored
	// there. Empty: the run's date.
	Extracted string `yaml:"extracted"`
	// TimeZone names the zone (IANA: Asia/Kabul, Asia/Kolkata) in which a Parquet export's
	// instants stored in UTC were recorded (DuckDB's TIMESTAMPTZ): their dates are the local
	// ones there. Without it, such an instant at a time of day other than midnight is refused
	// (ErrTimeZone): its UTC date may be the day before or after.
	TimeZone string `yaml:"time_zone"`
	// MaxBytes caps the size of an http(s) response, and of an XLSX or Parquet input (which are
	// read into memory); DefaultMaxBytes when zero.
	MaxBytes int64 `yaml:"max_bytes"`
}

// Values of Mapping.Events.
const (
	EventsOnly = "only"
	EventsAlso = "also"
)

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
	return ok && !derived(f)
}

// Matches reports whether m applies to the input at name.
func (m *Mapping) Matches(name string) bool {
	if m.Match == "" {
		return true
	}
	ok, _ := path.Match(m.Match, baseName(name))
	return ok
}

// fold turns a column name into its comparison key: lower case, letters and digits only, so
// that "Age Broad", "age_broad" and "ageBroad" are one name.
func fold(s string) string {
	// ASCII (nearly every name and vocabulary value): no rune decoding, and no copy when s is
	// already its own key.
	same := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return foldRunes(s)
		}
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			same = false
		}
	}
	if same {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			b = append(b, c)
		case 'A' <= c && c <= 'Z':
			b = append(b, c+'a'-'A')
		}
	}
	return string(b)
}

func foldRunes(s string) string {
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
	// a caseworker's words under the other headers detect counts as free text: read as the
	// narrative (a quoted line break in them is a note's, never dropped with a notice)
	"note": schema.Narrative, "comment": schema.Narrative, "remark": schema.Narrative,
	"observation": schema.Narrative, "observations": schema.Narrative, "casenotes": schema.Narrative,
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
	// Human Trafficking Case Data Standard (prs_ person, vic_ victim, cas_ case fields)
	"prsgender": schema.Gender, "prssex": schema.Gender, "prsageatidentification": Age, "prsage": Age,
	"prsdateofbirth": schema.DateOfBirth, "prsbirthdate": schema.DateOfBirth, "prscitizenship": schema.Citizenship,
	"prsnationality": schema.Citizenship, "prsfirstname": schema.FullName + "#first",
	"prsmiddlename": schema.FullName + "#middle", "prslastname": schema.FullName + "#last",
	"prsfamilyname": schema.FullName + "#last", "prsgivenname": schema.FullName + "#first",
	"prsfullname": schema.FullName, "prsname": schema.FullName, "prsalias": schema.Alias,
	"prsnickname": schema.Alias, "prsphonenumber": schema.Phone, "prsphone": schema.Phone, "prsemail": schema.Email,
	"prsaddress": schema.Address, "prsidnumber": schema.NationalID, "prsnationalid": schema.NationalID,
	"prspassportnumber": schema.NationalID, "prsmajoritystatus": schema.MajorityStatus,
	"prsagebroad": schema.AgeBand, "prscountryofbirth": schema.CountryOfOrigin,
	"prscountryoforigin": schema.CountryOfOrigin, "prsprovinceoforigin": schema.ProvinceOfOrigin,
	"prsregionoforigin": schema.ProvinceOfOrigin, "prsid": schema.CaseID, "prspersonid": schema.CaseID,
	"vicexploitationtype":      TypeOfExploitation,
	"viccountryofexploitation": schema.CountryOfExploitation, "vicprovinceofexploitation": schema.ProvinceOfExploitation,
	"vicregionofexploitation": schema.ProvinceOfExploitation, "viccountryoforigin": schema.CountryOfOrigin,
	"vicid": schema.CaseID, "victimid": schema.CaseID, "vicdateofidentification": schema.RegistrationDate,
	"vicdateidentified": schema.RegistrationDate, "vicidentificationdate": schema.RegistrationDate,
	"vicyearofidentification": schema.YearOfRegistration, "vicsectorofexploitation": schema.LabourSector,
	"victypeoflabour": schema.LabourSector, "vicrecruiterrelation": schema.RecruiterRelation,
	"vicrelationtorecruiter": schema.RecruiterRelation, "vicisforcedlabour": schema.IsForcedLabour,
	"vicissexualexploitation": schema.IsSexualExploitation, "vicisforcedmarriage": schema.IsForcedMarriage,
	"prsdistrictoforigin": schema.DistrictOfOrigin, "vicdistrictofexploitation": schema.DistrictOfExploitation,
	"origindistrict": schema.DistrictOfOrigin, "exploitationdistrict": schema.DistrictOfExploitation,
	"casid": schema.CaseID, "casnumber": schema.CaseID, "casecaseid": schema.CaseID,
	"casdateofregistration": schema.RegistrationDate, "casregistrationdate": schema.RegistrationDate,
	"caslastupdated": schema.UpdatedAt, "casdateupdated": schema.UpdatedAt,
	// Primero / CPIMS+ export names
	"countryoforigin": schema.CountryOfOrigin,
	// Not location_current: it is where the child lives now (the shelter, the family home),
	// not where the child was exploited; a form that uses it so maps it by name.
	// (dateofregistrationorinterview: its Excel export's label of registration_date)
	"registrationdatetime": schema.RegistrationDate, "caseiddisplay": schema.CaseID, "dateofregistrationorinterview": schema.RegistrationDate,
	"namefirst": schema.FullName + "#first", "namelast": schema.FullName + "#last",
	"namemiddle": schema.FullName + "#middle", "namenickname": schema.Alias, "nameother": schema.Alias,
	"phonenumbercurrent": schema.Phone, "addresscurrent": schema.Address, "lastupdatedat": schema.UpdatedAt,
	"nationality1": schema.Citizenship, "caseworkercode": schema.Caseworker,
	"owneredby": schema.Caseworker, "ownedby": schema.Caseworker,
	// CTDC's condensed export: yearRegister holds years or bands of years ("2014-2018"), read
	// as a year at the period level (registration_period); UN_COO_Region and UN_COE_Region hold
	// UN regions, read as places at the region level (citizenship_region, as CTDC's origin is
	// the country of citizenship, and region_of_exploitation).
	"yearregister": schema.YearOfRegistration, "uncooregion": schema.CitizenshipRegion,
	"uncoeregion": schema.RegionOfExploitation,
	// The headers of Spanish, Portuguese, French and Indonesian forms, and English ones the
	// names above miss (attack-2026-12-04d, lows: dropped with a notice, so the citizenship
	// that tells an Ethiopian register's calendar, and every gender, were lost). A Spanish or
	// Portuguese gender header over Ms alone is refused (Reader.finish: mujer or masculino?).
	// "Home country" says where the person comes from, not the passport: the origin.
	"nacionalidad": schema.Citizenship, "nacionalidade": schema.Citizenship, "nationalité": schema.Citizenship,
	"nationalite": schema.Citizenship, "kewarganegaraan": schema.Citizenship, "kebangsaan": schema.Citizenship,
	"countryofcitizenship": schema.Citizenship, "citizenshipcountry": schema.Citizenship,
	"homecountry": schema.CountryOfOrigin, "paísdeorigen": schema.CountryOfOrigin, "paisdeorigen": schema.CountryOfOrigin,
	"sexo": schema.Gender, "género": schema.Gender, "genero": schema.Gender, "gênero": schema.Gender,
	"sexe": schema.Gender, "jeniskelamin": schema.Gender, "kelamin": schema.Gender,
	"jantina": schema.Gender, // Malay (ing27)
	// attack-2026-12-05b U8: a register's plain headers in Spanish, Portuguese, French and
	// Indonesian (refused as "a list of centres, staff or contacts" with only the gender
	// read), and English ones of the same kind. Not "Provincia" or "Location" alone: where the
	// person comes from, lives or was exploited, which only the register's form says.
	"edad": Age, "idade": Age, "âge": Age, "umur": Age, "usia": Age, "ageatrescue": Age, "victimage": Age,
	"ageofvictim": Age, "ageatintake": Age, "edadalregistro": Age, "edadalingreso": Age,
	"fechaderegistro": schema.RegistrationDate, "fechadeingreso": schema.RegistrationDate,
	"fecharegistro": schema.RegistrationDate, "fechaingreso": schema.RegistrationDate,
	"fechadenacimiento": schema.DateOfBirth, "fechanacimiento": schema.DateOfBirth,
	"datadenascimento": schema.DateOfBirth, "datedenaissance": schema.DateOfBirth, "tanggallahir": schema.DateOfBirth,
	"datadoregistro": schema.RegistrationDate, "dataderegistro": schema.RegistrationDate,
	"datedenregistrement": schema.RegistrationDate, "datedinscription": schema.RegistrationDate,
	"tanggalregistrasi": schema.RegistrationDate, "tanggalpendaftaran": schema.RegistrationDate,
	"intakedate": schema.RegistrationDate, "dateofintake": schema.RegistrationDate,
	"dateofrescue": schema.IdentifiedDate, "rescuedate": schema.IdentifiedDate,
	"provinciadeexplotación": schema.ProvinceOfExploitation, "provinciadeexplotacion": schema.ProvinceOfExploitation,
	"provínciadeexploração": schema.ProvinceOfExploitation, "provinciadeexploracao": schema.ProvinceOfExploitation,
	"provincedexploitation": schema.ProvinceOfExploitation, "provinsieksploitasi": schema.ProvinceOfExploitation,
	"placeofexploitation": schema.ProvinceOfExploitation, "locationofexploitation": schema.ProvinceOfExploitation,
	// attack-2026-12-06a L4: the same in other words. Not "Destination province": where the
	// journey was to go, which is not always where the person was exploited.
	"exploitationprovince": schema.ProvinceOfExploitation, "provincewhereexploited": schema.ProvinceOfExploitation,
	"provinceexploitation": schema.ProvinceOfExploitation, "provinceofexploitationplace": schema.ProvinceOfExploitation,
	"exploitationlocation": schema.ProvinceOfExploitation, "exploitationplace": schema.ProvinceOfExploitation,
	"provinceinwhichexploited": schema.ProvinceOfExploitation, "whereexploited": schema.ProvinceOfExploitation,
	"tipodeexplotación": TypeOfExploitation, "tipodeexplotacion": TypeOfExploitation,
	"tipodeexploração": TypeOfExploitation, "tipodeexploracao": TypeOfExploitation,
	"typedexploitation": TypeOfExploitation, "formedexploitation": TypeOfExploitation,
	"bentukeksploitasi": TypeOfExploitation, "jeniseksploitasi": TypeOfExploitation,
	"númerodecaso": schema.CaseID, "numerodecaso": schema.CaseID, "númerodocaso": schema.CaseID,
	"numerodocaso": schema.CaseID, "ndossier": schema.CaseID, "numérodedossier": schema.CaseID,
	"numerodedossier": schema.CaseID, "nokasus": schema.CaseID, "nomorkasus": schema.CaseID,
	"victimsex": schema.Gender, "victimgender": schema.Gender,
}

func init() {
	for _, f := range schema.Fields() {
		if !derived(f.Name) {
			presets[fold(f.Name)] = f.Name
		}
	}
	for k, f := range outcomePresets {
		presets[k] = f
	}
	for k := range yesNoStatus {
		presets[k] = schema.TraffickingStatus
	}
}

// How a column reached its field, weakest first: by the last segment of a grouped or nested
// name, by its whole name among the presets and canonical names, or by the mapping's columns.
const (
	viaNone = iota
	viaSegment
	viaPreset
	viaConfig
	// viaAmbiguous: the mapping names the column only case- or punctuation-insensitively, by
	// two keys that map it differently (the reader refuses the input)
	viaAmbiguous
)

// defaultsDate reports whether the mapping gives a registration date, year or period by
// default (Defaults or SheetDefaults).
func (m *Mapping) defaultsDate() bool {
	if m == nil {
		return false
	}
	dated := func(d map[string]string) bool {
		for f := range d {
			if c := canonical(f); c == schema.RegistrationDate || c == schema.YearOfRegistration || c == schema.RegistrationPeriod {
				return true
			}
		}
		return false
	}
	if dated(m.Defaults) {
		return true
	}
	for _, d := range m.SheetDefaults {
		if dated(d) {
			return true
		}
	}
	return false
}

// resolveColumn returns the canonical field for an input column, or "" when unknown. A field
// with a "#part" suffix is one part of a name that ingest joins into full_name.
func (m *Mapping) resolveColumn(col string) string {
	f, _ := m.resolve(col)
	return f
}

// resolve returns the canonical field for an input column and how it was found (viaConfig,
// viaPreset, viaSegment; viaNone and "" when unknown).
//
// A mapping's column names match exactly first, then case- and punctuation-insensitively, so
// "person.sex", "person/sex" (KoboToolbox's group/field) and "Person Sex" are one name. A
// nested or grouped column that neither the mapping nor the presets know by its full path is
// tried by its last segment: Kobo's "group_victim/sex" and Primero's "data.sex" are the preset
// "sex". Two columns reaching one field this way are refused by the reader (see
// ColumnClashError), never resolved by their order.
//
// No column is ever the source: the organisation is named by the config (Mapping.Source), never
// by a cell, which could hold free text or a name ("source", Kobo's "referral/source").
func (m *Mapping) resolve(col string) (string, int) {
	if f, how := m.resolveAny(col); f != schema.Source {
		return f, how
	}
	return "", viaNone
}

func (m *Mapping) resolveAny(col string) (string, int) {
	if m != nil {
		if f, ok := m.Columns[col]; ok {
			return canonical(f), viaConfig
		}
		if ks := m.foldMatches(col); len(ks) > 0 {
			f := canonical(m.Columns[ks[0]])
			for _, k := range ks[1:] {
				if canonical(m.Columns[k]) != f {
					return "", viaAmbiguous
				}
			}
			return f, viaConfig
		}
	}
	if f, ok := presets[fold(col)]; ok {
		return f, viaPreset
	}
	// "Date of birth (dd/mm/yyyy)": the name without its format hint, when that names a date
	// (the resolver reads the hint's order: resolver.hintOrder).
	if _, name, ok := dateHint(col); ok {
		if f, ok := presets[fold(name)]; ok && dateSlot(fieldIndex(f)) >= 0 {
			return f, viaPreset
		}
	}
	if f := formNamed(col); f != "" {
		return f, viaPreset
	}
	if f := questionNamed(col); f != "" {
		return f, viaPreset
	}
	if i := strings.LastIndexAny(col, "/."); i > 0 && i < len(col)-1 && otherPersonGroup(col[:i]) {
		// "Trafficker/Sex", "informant.age": another person's question, never the case's
		// (attack-2026-12-05e X0); a mapping's columns: key still reads it. Whoever filled
		// the form records the case's registration there ("staff_use/registration_date":
		// ing33's Left), not a person's.
		if f := presets[fold(col[i+1:])]; staffGroup(col[:i]) && staffCaseField[f] {
			return f, viaSegment
		}
		return "", viaNone
	}
	if i := strings.LastIndexAny(col, "/."); i > 0 && i < len(col)-1 {
		// a question in a group: "Child details/What is the sex of the child?"
		if f := questionNamed(col[i+1:]); f != "" {
			return f, viaSegment
		}
	}
	// KoboToolbox's 0/1 column per option of a select_multiple question:
	// "type_of_exploitation/forced_labour" is the flag is_forced_labour.
	if i := strings.LastIndexAny(col, "/."); i > 0 && i < len(col)-1 {
		if q, how := m.resolve(col[:i]); q == TypeOfExploitation {
			if f, ok := exploitationLabels[fold(col[i+1:])]; ok {
				return f, how
			}
		}
	}
	if i := strings.LastIndexAny(col, "/."); i >= 0 && i < len(col)-1 {
		if f := presets[fold(col[i+1:])]; f != "" {
			return f, viaSegment
		}
	}
	return "", viaNone
}

// staffCaseField are the fields a group of whoever filled the form (staffGroup) records of the
// case: its registration, its identification, its numbers, its status.
var staffCaseField = map[string]bool{schema.RegistrationDate: true, schema.IdentifiedDate: true,
	schema.TraffickingStatus: true, schema.PoliceReportNumber: true, schema.CourtCaseNumber: true, schema.ReferralRoute: true}

// foldMatches returns the mapping's column names (not positions) that match col case- and
// punctuation-insensitively, sorted.
func (m *Mapping) foldMatches(col string) []string {
	fc := fold(col)
	var out []string
	for _, k := range m.columnKeys() {
		if !positionKey(k) && fold(k) == fc {
			out = append(out, k)
		}
	}
	return out
}

// keyNames reports whether the columns: key k names the input column col as resolveAny reads
// it: by the same name, case- and punctuation-insensitively, or as the question of a KoboToolbox
// select_multiple's 0/1 column ("Q12" mapped onto type_of_exploitation names "Q12/sexual").
func (m *Mapping) keyNames(k, col string) bool {
	if positionKey(k) {
		return false
	}
	if col == k || fold(col) == fold(k) {
		return true
	}
	if canonical(m.Columns[k]) != TypeOfExploitation {
		return false
	}
	for i := strings.LastIndexAny(col, "/."); i > 0; i = strings.LastIndexAny(col[:i], "/.") {
		if q := col[:i]; q == k || fold(q) == fold(k) {
			return true
		}
	}
	return false
}

// columnKeys returns the mapping's column names in sorted order (deterministic matching).
func (m *Mapping) columnKeys() []string {
	keys := make([]string, 0, len(m.Columns))
	for k := range m.Columns {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// positional returns the field the mapping gives to the column at 1-based position pos with a
// key "#pos" (the way to tell apart columns with one name, such as "age,age"), and whether it
// gives one.
func (m *Mapping) positional(pos int) (string, bool) {
	if m == nil || len(m.Columns) == 0 {
		return "", false
	}
	f, ok := m.Columns["#"+strconv.Itoa(pos)]
	return canonical(f), ok
}

// positionKey reports whether a columns key names a position ("#3") rather than a name.
func positionKey(k string) bool {
	return len(k) > 1 && k[0] == '#' && isDigits(k[1:])
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Check reports mistakes in the mapping found before reading: a DateOrder that is not one of
// the known orders.
func (m *Mapping) Check() error {
	if m == nil {
		return nil
	}
	if _, err := parseDateOrder(m.DateOrder); err != nil {
		return err
	}
	if m.TimeZone != "" {
		if _, err := time.LoadLocation(m.TimeZone); err != nil || m.TimeZone == "Local" {
			return fmt.Errorf("time_zone: %q is no time zone name (want an IANA name such as Asia/Kabul)", m.TimeZone)
		}
	}
	switch m.Events {
	case "", EventsOnly, EventsAlso:
	default:
		return fmt.Errorf("events: %q is not only or also", m.Events)
	}
	if m.Extracted != "" {
		if _, _, _, ok := isoDate(m.Extracted); !ok {
			return fmt.Errorf("extracted: not a date (YYYY-MM-DD)")
		}
	}
	switch m.UnknownOptions {
	case "", "quarantine", "other":
	default:
		return fmt.Errorf("unknown_options %q: want quarantine or other", m.UnknownOptions)
	}
	if m.Sheet != "" && len(m.Sheets) > 0 {
		return fmt.Errorf("sheet: and sheets: both set: name one sheet with sheet:, or several with sheets:")
	}
	if len(m.SheetDefaults) > 0 && m.Events == EventsOnly {
		return fmt.Errorf("sheet_defaults: is for a workbook of cases, not of events")
	}
	if len(m.Sheets) > 0 && m.Events != "" {
		return fmt.Errorf("sheets: is for a workbook of cases; a workbook of events reads the sheet sheet: names, or every sheet of events")
	}
	return m.checkTargets()
}

// checkGenderLetters refuses a values: gender entry that reads a one-letter code as male while M
// is left to the default vocabulary, which reads it as male (English), when the code's language
// may have M for the girl: H or V (Spanish hombre/mujer, varón/mujer; Portuguese homem/mulher;
// Lithuanian vyras/moteris), P (Hindi, Nepali, Bengali purush/mahila), J (German Junge/Mädchen),
// and any other letter mapped onto male while no letter is mapped onto female (the register's
// other letter is then one the vocabulary reads). A register coded H/M had every girl read as a
// boy once H was mapped as the refusal of H advised (attack-2026-12-03c finding 5). Mapping M too
// answers it. Letters mapped for both genders (B/G, boy/girl; L/P, laki-laki/perempuan; Latvian
// V/S with S mapped) pass unless the letter is one above. Italian D (donna) mapped onto female
// leaves U (uomo) to the vocabulary's "unknown": refused the same way until U is mapped.
// Hungarian F/N (férfi/nő) cannot be told from Dutch M/V or Swedish K/M (N, V, K mapped onto
// female): it is not refused (ingest-exactness18).
func (m *Mapping) checkGenderLetters() error {
	for _, f := range sortedKeys(m.Values) {
		if canonical(f) != schema.Gender {
			continue
		}
		letters := map[string]string{} // one-letter spellings, folded, by the gender they map onto
		female := false
		for k, v := range m.Values[f] {
			if fk := fold(k); utf8.RuneCountInString(fk) == 1 {
				g, _ := normGender(v)
				letters[fk] = g
				female = female || g == "female"
			}
		}
		keys := sortedKeys(m.Values[f])
		for i, k := range keys {
			fk := fold(k)
			if utf8.RuneCountInString(fk) != 1 {
				continue
			}
			switch g, ok := letters[fk]; {
			case ok && g == "male" && fk != "m" && letters["m"] == "" && (strings.Contains("hvpj", fk) || !female):
				return fmt.Errorf("values: %s: entry %d of %d (A to Z by spelling; spellings are not shown) maps a one-letter code onto male, and M is not mapped: "+
					"in the languages of such codes M may be the female one (Spanish H/M, hombre/mujer, or V/M, varón/mujer; Portuguese homem/mulher; "+
					"Hindi, Nepali or Bengali P/M, purush/mahila; German J/M, Junge/Mädchen), and the default vocabulary would read every M as male. "+
					"Map M under values: %s as well (M: female; or M: male if the export's M means male or it holds no M)",
					f, i+1, len(keys), f)
			case ok && g == "female" && fk == "d" && letters["u"] == "":
				return fmt.Errorf("values: %s: entry %d of %d (A to Z by spelling; spellings are not shown) maps D onto female (Italian donna), and U is not mapped: "+
					"the default vocabulary reads U as unknown, so every U (uomo) would be counted at unknown gender. "+
					"Map U under values: %s as well (U: male; or U: unknown if the export's U means unknown or it holds no U)",
					f, i+1, len(keys), f)
			}
		}
	}
	return nil
}

// checkTargets refuses a values: or defaults: entry that gives a field a value its reading
// refuses (values: {gender: {female: femalee}}): every row it was written for would be
// quarantined, or counted as "other", with a hint to write the mapping the user wrote. The
// error names the entry by its position among the field's spellings (A to Z) and quotes the
// value it maps onto, never the spelling: a spelling is an input's value (a place, a shelter's
// name), which the manifest withholds too.
func (m *Mapping) checkTargets() error {
	for _, f := range sortedKeys(m.Values) {
		keys := sortedKeys(m.Values[f])
		for i, k := range keys {
			if want := acceptedValues(canonical(f), m.Values[f][k]); want != "" {
				target := strconv.Quote(m.Values[f][k])
				if !detect.SafeLabel(m.Values[f][k]) {
					target = "a value (withheld: it reads like data)"
				}
				return fmt.Errorf("values: %s: entry %d of %d (A to Z by spelling; spellings are not shown) maps onto %s, which is not a value of %s: want %s",
					f, i+1, len(keys), target, f, want)
			}
		}
	}
	if err := m.checkGenderLetters(); err != nil {
		return err
	}
	for _, f := range sortedKeys(m.Defaults) {
		if want := acceptedValues(canonical(f), m.Defaults[f]); want != "" {
			return fmt.Errorf("defaults: %s: %q is not a value of %s: want %s", f, m.Defaults[f], f, want)
		}
	}
	sheetKeys := map[string]int{}
	for i, sh := range sortedKeys(m.SheetDefaults) {
		if j, ok := sheetKeys[sheetKey(sh)]; ok {
			return fmt.Errorf("sheet_defaults: sheets %d and %d of %d (A to Z) differ only in letter case or spaces, which name one sheet: give it once", j+1, i+1, len(m.SheetDefaults))
		}
		sheetKeys[sheetKey(sh)] = i
		if n, ok := strings.CutPrefix(sh, "#"); ok {
			if k, err := strconv.Atoi(n); err != nil || k < 1 || n != strconv.Itoa(k) {
				return fmt.Errorf("sheet_defaults: sheet %d of %d (A to Z): a sheet given by its position is \"#\" and its number from 1 (\"#2\" for the second)", i+1, len(m.SheetDefaults))
			}
		}
		for _, f := range sortedKeys(m.SheetDefaults[sh]) {
			if fieldIndex(canonical(f)) < 0 {
				return fmt.Errorf("sheet_defaults: sheet %d of %d (A to Z): %q is no field", i+1, len(m.SheetDefaults), f)
			}
			if want := acceptedValues(canonical(f), m.SheetDefaults[sh][f]); want != "" {
				return fmt.Errorf("sheet_defaults: sheet %d of %d (A to Z): %s: %q is not a value of %s: want %s", i+1, len(m.SheetDefaults), f, m.SheetDefaults[sh][f], f, want)
			}
		}
	}
	return nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// eventValues are the keys of values: that only the EventReader reads (docs/outcomes.md), each
// with the values it accepts: folded labels in the maps of ingest/outcomes.go.
var eventValues = map[string]func() []string{
	"placement_type":    func() []string { return labels(placementTypes) },
	"service_type":      func() []string { return labels(serviceTypes) },
	"end_reason":        func() []string { return labels(endReasons) },
	"retrafficked":      func() []string { return labels(retraffickedValues) },
	"legal_stage":       func() []string { return labels(legalStages) },
	"legal_disposition": func() []string { return labels(dispositions) },
}

// labels returns a vocabulary's folded labels, sorted.
func labels[V any](m map[string]V) []string {
	return sortedKeys(m)
}

// ValueField reports whether f may be a key of a source's values:: a field a column may map
// onto, or a field of the events read after identification (placement_type, service_type,
// end_reason, retrafficked, legal_stage, legal_disposition).
func ValueField(f string) bool {
	return (KnownField(f) && f != "drop") || eventValues[f] != nil
}

// acceptedValues returns "" when field f (canonical name) reads v as the rows would, else what
// f accepts. Fields of free text (identifiers) and dates accept anything here: their values
// are no vocabulary, and a date's reading depends on the column's order.
func acceptedValues(f, v string) string {
	if vocab := eventValues[f]; vocab != nil {
		if l := vocab(); !slices.Contains(l, fold(v)) {
			return strings.Join(l, ", ")
		}
		return ""
	}
	if v == "" && (f == Age || f == schema.DateOfBirth) {
		return "" // not recorded: a placeholder such as age 99 (see Reader.placeholder)
	}
	ok := func(err error) bool { return err == nil }
	i := fieldIndex(f)
	switch {
	case f == schema.Gender:
		if _, err := normGender(v); !ok(err) {
			return "female, male, other or unknown"
		}
	case f == Age:
		if _, err := normAge(v); !ok(err) {
			return "a whole number of years from 0 to 110"
		}
	case f == schema.AgeBand:
		if _, err := normAgeBand(v); !ok(err) {
			return strings.Join(schema.AgeBands, ", ")
		}
	case f == schema.MajorityStatus:
		if _, err := normMajority(v); !ok(err) {
			return "minor, adult or unknown"
		}
	case f == schema.Citizenship || i == places[0][0] || i == places[1][0]:
		if v == "" {
			return "" // not recorded (NA: "" in a column of codes, see Reader.naCountry)
		}
		if _, err := normCountry(v); err == errCountryAmbiguous {
			return "a country: its ISO 3166-1 code (e.g. AF) or a name of one country only (" + ambiguousCountries() + ")"
		} else if !ok(err) {
			return "a country: its ISO 3166-1 code (e.g. AF) or its name"
		}
	case i == places[0][1] || i == places[1][1]:
		if v == "" {
			return "" // not recorded (NAN: "" where NaN is also a province, see placeholderProvince)
		}
		// A country's name is read as the country, with no province (placeElsewhere):
		// the way to say that a town abroad lies in it.
		if _, isCountry := geo.LookupCountry(v); !knownProvince(v) && !(isCountry && utf8.RuneCountInString(v) > 3) {
			return "a province: its ISO 3166-2 code (e.g. AF-HER) or its name, or a country's name (read as the country, with no province)"
		}
	case i == places[0][2] || i == places[1][2]:
		if _, err := normDistrict(v); !ok(err) {
			return "a district's name (" + errDistrict.Error() + ")"
		}
	case f == schema.CitizenshipRegion || f == schema.RegionOfExploitation:
		if _, found := geo.LookupRegion(v); !found {
			return "a UN M49 region: " + strings.Join(geo.Regions(), ", ") + ", or a union such as Americas/Oceania"
		}
	case f == schema.YearOfRegistration:
		_, errY := normYear(v, time.Now())
		_, errB := normBand(v, time.Now())
		if !ok(errY) && !ok(errB) {
			return "a year (YYYY, 1950 to this year) or a band of years (YYYY-YYYY)"
		}
	case f == schema.RegistrationPeriod:
		if _, err := normBand(v, time.Now()); !ok(err) {
			return "a band of years (YYYY-YYYY, 1950 to this year, first year first)"
		}
	case f == TypeOfExploitation:
		if fl := exploitationFlags(v); !fl[5] || fl[6] {
			return "forms of exploitation joined by \";\" (sexual exploitation, forced labour, forced marriage, forced military, other)"
		}
	case i >= 0 && i < nSchema && kinds[i] == kBool:
		if _, err := normBool(v); !ok(err) {
			return "yes or no (true/false, 1/0)"
		}
	}
	for _, vf := range vocabFields {
		if i == vf.idx {
			if _, known := normVocab(v, vf.vocab); !known {
				return vocabList(vf.vocab)
			}
		}
	}
	for _, sf := range strictFields {
		if i == sf.idx {
			if _, known := sf.vocab[fold(v)]; !known {
				return vocabList(sf.vocab)
			}
		}
	}
	return ""
}

// knownProvince reports whether v names a subdivision: a path or full ISO 3166-2 code, or a
// name of some country's province (the row's country tells which).
func knownProvince(v string) bool {
	if _, code, found := geo.LookupPath(v); found && code != "" {
		return true
	}
	if _, found := geo.LookupProvinceAnywhere(v); found {
		return true
	}
	for _, c := range geo.Countries() {
		if _, found := geo.LookupProvince(c.Code, v); found {
			return true
		}
	}
	return false
}

// vocabList lists a vocabulary's canonical values, sorted.
func vocabList(vocab map[string]string) string {
	var out []string
	for _, w := range vocab {
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	slices.Sort(out)
	return strings.Join(out, ", ")
}

func canonical(f string) string {
	if a, ok := aliases[f]; ok {
		return a
	}
	return f
}

// formNamed returns the flag a column named for a form of exploitation gives ("Sexual
// exploitation", "Forced labor", "Child soldier", "Trabajo forzoso", "Kerja paksa", with a
// yes/no hint "(Y/N)"): a register kept in a spreadsheet has one Yes/No column per form, and
// dropped, every form read "not recorded" (attack-2026-12-05b U6). "" for another name. Not a
// form's single word ("Sex" is the gender, "Labour" a sector, "Other" anything) nor an armed
// group's or a domestic worker's, which a column may name: those are mapped by the config.
func formNamed(col string) string {
	name := col
	if i := strings.IndexAny(col, "(["); i > 0 && yesNoHints[fold(col[i:])] {
		name = col[:i]
	}
	if !strings.Contains(strings.TrimSpace(name), " ") {
		return "" // a header's words, not a form's option name ("forced_labour": a value of ODK's and Kobo's)
	}
	k := fold(name)
	if f, ok := formColumns[k]; ok {
		return f
	}
	if f := exploitationLabels[k]; f != "" && !formWords[k] && len(nameWords(name)) > 1 {
		return f
	}
	return ""
}

// yesNoHints are the folded hints a flag's header may end in: "(Y/N)", "(yes/no)", "(1/0)".
var yesNoHints = map[string]bool{"yn": true, "yesno": true, "10": true, "01": true, "sn": true, "sino": true, "sìno": true,
	"yatidak": true, "ouinon": true, "simnão": true, "simnao": true, "truefalse": true, "tf": true}

// formColumns are names of forms a register's header writes that exploitationLabels lacks or
// formWords would leave out (folded; the header has a space: formNamed).
var formColumns = map[string]string{"sexuallyexploited": schema.IsSexualExploitation,
	"sexualexploitation": schema.IsSexualExploitation, "forcedlabour": schema.IsForcedLabour,
	"forcedlabor": schema.IsForcedLabour, "forcedmarriage": schema.IsForcedMarriage,
	"childsoldier": schema.IsForcedMilitary, "forcedmilitary": schema.IsForcedMilitary}

// formWords are exploitation labels of more than one word that a column may name otherwise: an
// armed group's or force's name, a domestic worker's occupation, a list's "other forms".
var formWords = map[string]bool{"armedgroup": true, "armedgroups": true, "armedforces": true, "armedforce": true,
	"domesticwork": true, "domesticworker": true, "domesticlabour": true, "domesticlabor": true, "otherform": true,
	"otherforms": true, "otherexploitation": true, "childdomesticworker": true, "childdomesticwork": true}

// questionNamed returns the field a form's question, exported as its label (KoboToolbox's and
// ODK's "labels" export: "What is the sex of the child?", "How old is the child?", "In which
// province was the child exploited?", "Was the child forced to work?"), or a name with the
// child's or victim's word ("Umur anak", "Edad del niño", "Âge de l'enfant"), asks for; ""
// when none. Its words less the question's, the subject's (child, victim) and a unit of years
// must be exactly those of one field: "Age of the mother", "Age (months)" or "In which province
// was the child rescued?" name none (attack-2026-12-05c V5: 40 cases of unknown gender, age
// and province, the names withheld as could be data).
func questionNamed(col string) string {
	ws := nameWords(col)
	if len(ws) < 2 || len(ws) > 12 {
		return "" // one word: the presets' (and a long header is no question of these)
	}
	var rest []string
	how := false
	for _, w := range ws {
		switch {
		case w == "how" || w == "berapa":
			how = true
		case questionFiller[w] || subjectWords[w] || ageYears[w]:
		default:
			rest = append(rest, w)
		}
	}
	if len(rest) == 0 || len(rest) == len(ws) && len(rest) > 1 {
		return "" // nothing of a question or a subject around the words: the presets' own
	}
	slices.Sort(rest)
	key := strings.Join(rest, " ")
	if key == "old" || key == "tua" {
		if how {
			return Age
		}
		return ""
	}
	return questionFields[key]
}

// flagNamed returns the form's flag a column is read as by its name alone (formNamed, or a
// question: "Was the child forced to work?"), "" when none.
func flagNamed(col string) string {
	if f := formNamed(col); f != "" {
		return f
	}
	if f := questionNamed(col); strings.HasPrefix(f, "is_") && strings.Contains(strings.TrimSpace(col), " ") {
		// a question in words, not a field's own name ("is_forced_labour", CTDC's isForcedLabour)
		return f
	}
	return ""
}

// questionFiller are the words of a question around its field's ("What is the sex of the
// child?"), in English, Spanish, Portuguese, French and Indonesian.
var questionFiller = map[string]bool{"what": true, "which": true, "is": true, "was": true, "were": true, "the": true, "of": true,
	"in": true, "a": true, "an": true, "s": true, "this": true, "his": true, "her": true, "their": true, "did": true, "to": true,
	"by": true, "into": true, "cual": true, "cuál": true, "qual": true, "quel": true, "quelle": true, "est": true,
	"es": true, "del": true, "de": true, "la": true, "el": true, "l": true, "le": true, "da": true, "do": true, "d": true,
	"apa": true, "yang": true, "dari": true, "please": true, "enter": true, "select": true}

// subjectWords name whom a question asks about: the case's person.
var subjectWords = map[string]bool{"child": true, "victim": true, "survivor": true, "person": true, "beneficiary": true,
	"girl": true, "boy": true, "minor": true, "anak": true, "korban": true, "niño": true, "nino": true, "niña": true,
	"nina": true, "menor": true, "víctima": true, "victima": true, "enfant": true, "victime": true, "criança": true,
	"crianca": true, "vítima": true, "vitima": true, "sobreviviente": true, "survivante": true}

// questionFields are a question's own words (sorted, joined by a space) and their field.
var questionFields = map[string]string{
	"age": Age, "edad": Age, "idade": Age, "âge": Age, "umur": Age, "usia": Age,
	"sex": schema.Gender, "gender": schema.Gender, "sexo": schema.Gender, "sexe": schema.Gender, "género": schema.Gender,
	"genero": schema.Gender, "gênero": schema.Gender, "kelamin": schema.Gender, "jenis kelamin": schema.Gender,
	"exploited province": schema.ProvinceOfExploitation, "exploitation province": schema.ProvinceOfExploitation,
	"exploited sexually": schema.IsSexualExploitation, "exploited sexual": schema.IsSexualExploitation,
	"forced work": schema.IsForcedLabour, "forced labour": schema.IsForcedLabour, "forced labor": schema.IsForcedLabour,
	"forced marry": schema.IsForcedMarriage, "forced married": schema.IsForcedMarriage, "forced marriage": schema.IsForcedMarriage,
	"armed group recruited": schema.IsForcedMilitary, "armed forces recruited": schema.IsForcedMilitary, "armed group used": schema.IsForcedMilitary,
}
