// Package schema defines the canonical case schema that every stage shares: which fields a
// case record has, which of them identify a person directly, which are quasi-identifiers that
// must be generalized before release, and the vocabularies their values come from.
//
// Two Arrow schemas follow from it. Cases is what ingest produces: every field, identifiers
// included, and it only ever lives in memory. Release is what anonymize writes: no direct
// identifier, quasi-identifiers as generalized strings.
package schema

import (
	"slices"

	"github.com/apache/arrow-go/v18/arrow"
)

// Role says how a field is treated on the way to a release.
type Role int

const (
	// Identifier fields name or locate a person; they are dropped before anything is written.
	Identifier Role = iota
	// QuasiIdentifier fields are released only after generalization to k-anonymity.
	QuasiIdentifier
	// Analytic fields are released as they are: the exploitation flags, sector, relation, source.
	Analytic
	// Internal fields steer the run (update date for duplicates) and are never written.
	Internal
)

// Field is one canonical field.
type Field struct {
	Name string
	Role Role
	Type arrow.DataType
	Doc  string
}

// Canonical field names, aligned with IOM's CTDC data dictionary and the Human Trafficking
// Case Data Standard, in snake_case.
const (
	CaseID        = "case_id"
	FullName      = "full_name"
	Name          = "name"
	FirstName     = "first_name"
	LastName      = "last_name"
	Alias         = "alias"
	DateOfBirth   = "date_of_birth"
	Phone         = "phone"
	Email         = "email"
	Address       = "address"
	NationalID    = "national_id"
	CaregiverName = "caregiver_name"
	Caseworker    = "caseworker"
	Narrative     = "narrative"
	Latitude      = "latitude"
	Longitude     = "longitude"

	RegistrationDate       = "registration_date"
	YearOfRegistration     = "year_of_registration"
	RegistrationPeriod     = "registration_period"
	AgeAtRegistration      = "age_at_registration"
	Gender                 = "gender"
	AgeBand                = "age_band"
	MajorityStatus         = "majority_status"
	Citizenship            = "citizenship"
	CitizenshipRegion      = "citizenship_region"
	CountryOfOrigin        = "country_of_origin"
	ProvinceOfOrigin       = "province_of_origin"
	DistrictOfOrigin       = "district_of_origin"
	CountryOfExploitation  = "country_of_exploitation"
	ProvinceOfExploitation = "province_of_exploitation"
	DistrictOfExploitation = "district_of_exploitation"
	RegionOfExploitation   = "region_of_exploitation"

	IsSexualExploitation = "is_sexual_exploitation"
	IsForcedLabour       = "is_forced_labour"
	IsForcedMarriage     = "is_forced_marriage"
	IsForcedMilitary     = "is_forced_military"
	IsOtherExploitation  = "is_other_exploitation"
	LabourSector         = "labour_sector"
	RecruiterRelation    = "recruiter_relation"
	Source               = "source"

	UpdatedAt = "updated_at"

	// What happened after identification (issue 12; docs/outcomes.md).
	TraffickingStatus          = "trafficking_status"
	TraffickingStatusDecidedBy = "trafficking_status_decided_by"
	ReferralRoute              = "referral_route"
	IdentifiedDate             = "identified_date"
	PoliceReportNumber         = "police_report_number"
	CourtCaseNumber            = "court_case_number"
	PlacementProvince          = "placement_province"
	PlacementType              = "placement_type"
	LengthOfStayBand           = "length_of_stay_band"
	CareExit                   = "care_exit"
	ReintegratedBy12m          = "reintegrated_by_12m"
	RetraffickedWithin24m      = "retrafficked_within_24m"
	FollowedUp6m               = "followed_up_6m"
	FollowedUp12m              = "followed_up_12m"
	InSchoolAtLast             = "in_school_at_last"
	LegalStage                 = "legal_stage"
	LegalDisposition           = "legal_disposition"
)

var (
	str  = arrow.BinaryTypes.String
	i32  = arrow.PrimitiveTypes.Int32
	date = arrow.FixedWidthTypes.Date32
	bln  = arrow.FixedWidthTypes.Boolean
)

// Fields lists the canonical case schema in column order. Derived fields (age band, majority
// status, year) are filled by ingest from whatever the input gives.
var fields = []Field{
	{CaseID, Identifier, str, "the exporting organisation's case number"},
	{FullName, Identifier, str, "the person's name; name, first_name and last_name are folded into it"},
	{Alias, Identifier, str, "other names the person is known by"},
	{DateOfBirth, Identifier, date, "date of birth; used to derive the age at registration"},
	{Phone, Identifier, str, "telephone number"},
	{Email, Identifier, str, "e-mail address"},
	{Address, Identifier, str, "postal or home address"},
	{NationalID, Identifier, str, "national identity or passport number"},
	{CaregiverName, Identifier, str, "parent's or guardian's name"},
	{Caseworker, Identifier, str, "the case worker's name"},
	{Narrative, Identifier, str, "free-text case notes; always dropped"},
	{Latitude, Identifier, str, "location coordinates"},
	{Longitude, Identifier, str, "location coordinates"},

	{RegistrationDate, Internal, date, "date the case was registered, when given"},
	{UpdatedAt, Internal, date, "date the record was last updated; the latest wins among duplicates"},
	{AgeAtRegistration, Internal, i32, "the age in years at registration as the export gives it (an age column, not a date of birth); tells two people under one reused case number apart, never written"},

	{YearOfRegistration, QuasiIdentifier, i32, "year the case was registered (CTDC yearOfRegistration)"},
	{RegistrationPeriod, QuasiIdentifier, str, "the years the case was registered in, \"YYYY-YYYY\", when only a band of years is known (CTDC yearRegister bands such as 2014-2018); empty when the year is known. The release fills it for every case (see docs/schema.md)"},
	{Gender, QuasiIdentifier, str, "female, male, other or unknown (CTDC gender)"},
	{AgeBand, QuasiIdentifier, str, "CTDC age band at registration: 0-8, 9-17, 18-20, 21-23, 24-26, 27-29, 30-38, 39-47, 48+ (CTDC ageBroad)"},
	{MajorityStatus, QuasiIdentifier, str, "minor, adult or unknown (CTDC majorityStatus)"},
	{Citizenship, QuasiIdentifier, str, "ISO 3166-1 alpha-2 (CTDC citizenship)"},
	{CitizenshipRegion, QuasiIdentifier, str, "UN M49 region of citizenship (or a union such as Americas/Oceania) when only the region is known (CTDC UN_COO_Region); empty when the country is known"},
	{CountryOfOrigin, QuasiIdentifier, str, "ISO 3166-1 alpha-2"},
	{ProvinceOfOrigin, QuasiIdentifier, str, "ISO 3166-2"},
	{DistrictOfOrigin, QuasiIdentifier, str, "district (the level below the province) by name"},
	{CountryOfExploitation, QuasiIdentifier, str, "ISO 3166-1 alpha-2 (CTDC CountryOfExploitation)"},
	{ProvinceOfExploitation, QuasiIdentifier, str, "ISO 3166-2"},
	{DistrictOfExploitation, QuasiIdentifier, str, "district (the level below the province) by name"},
	{RegionOfExploitation, QuasiIdentifier, str, "UN M49 region of exploitation (or a union such as Americas/Oceania) when only the region is known (CTDC UN_COE_Region); empty when the country is known"},

	{IsSexualExploitation, Analytic, bln, "sexual exploitation (CTDC isSexualExploit)"},
	{IsForcedLabour, Analytic, bln, "forced labour (CTDC isForcedLabour)"},
	{IsForcedMarriage, Analytic, bln, "forced marriage (CTDC isForcedMarriage)"},
	{IsForcedMilitary, Analytic, bln, "forced military service (CTDC isForcedMilitary)"},
	{IsOtherExploitation, Analytic, bln, "other exploitation (CTDC isOtherExploit)"},
	{LabourSector, Analytic, str, "sector of forced labour (CTDC typeOfLabour)"},
	{RecruiterRelation, Analytic, str, "relation of the recruiter to the person (CTDC RecruiterRelation)"},
	{Source, Analytic, str, "the organisation that exported the record"},

	// After identification. The status and route are read from the case export; the care,
	// follow-up and legal fields are derived per case from its events (placements, follow-up
	// visits, legal cases), whose dates never leave the boundary (see Derived).
	{TraffickingStatus, Analytic, str, "at_risk, possible, actual or not (HTCDS vic_TraffickingStatus: PossibleVictimOfTrafficking, ActualVictimOfTrafficking, NotAVictimOfTrafficking; at_risk is this project's extension for a child taken into care before anyone trafficked her)"},
	{TraffickingStatusDecidedBy, Analytic, str, "who decided the status: police, ngo, court_or_prosecution, non_police_governmental_organization or other (HTCDS vic_TraffickingStatusDecisionMakingOrg)"},
	{ReferralRoute, QuasiIdentifier, str, "how the person came in: police_operation, hotline, outreach, self, family_or_community, ngo, government, school_or_health or other (an outsider may know it)"},
	{IdentifiedDate, Internal, date, "date the person was identified; time to reintegration is counted from it, never released"},
	{PoliceReportNumber, Identifier, str, "police report (FIR) number of a legal case"},
	{CourtCaseNumber, Identifier, str, "court case number of a legal case"},
	{PlacementProvince, QuasiIdentifier, str, "ISO 3166-2 of the last placement in care (derived from placements)"},
	{PlacementType, Analytic, str, "type of the last placement, Primero lookup-care-arrangements-type ids (residential_care, kinship_care_extended_family, foster_care, independent_living, ...; derived)"},
	{LengthOfStayBand, Analytic, str, "months in care, banded 0-3, 3-6, 6-12, 12-24, 24+ (top-coded; derived, outcomes.BandOfMonths)"},
	{CareExit, Analytic, str, "how the stay in care ended: open, reintegrated, transferred, absconded or other (derived, outcomes.ExitCause)"},
	{ReintegratedBy12m, Analytic, bln, "reintegrated within 12 months of identification (identified_date, or else registration_date); null when the stay was censored before 12 months or the case has no such date (unknown, not false; derived)"},
	{RetraffickedWithin24m, Analytic, bln, "confirmed re-trafficked within 24 months of reintegration; null when followed less than 24 months without a confirmed event, or not reintegrated (derived; sensitive under l-diversity)"},
	{FollowedUp6m, Analytic, bln, "among cases reintegrated at least 6 months before the export: a follow-up visit 6 months or more after reintegration (derived; null otherwise)"},
	{FollowedUp12m, Analytic, bln, "as followed_up_6m, at 12 months (derived)"},
	{InSchoolAtLast, Analytic, bln, "in school at the last follow-up visit after reintegration; null when unknown (derived)"},
	{LegalStage, QuasiIdentifier, str, "furthest stage of the case's furthest legal case: complaint, arrest, charge_sheet, trial or disposed (police and court records are public, often in the news: generalized with legal_disposition; derived)"},
	{LegalDisposition, QuasiIdentifier, str, "its disposition: convicted, acquitted, discharged, withdrawn or pending (court outcomes are public record; derived)"},
}

// Derived lists the fields computed per case from its events (placements, follow-ups, legal
// cases) rather than read from a column: ingest refuses to map a column onto them.
var Derived = []string{PlacementProvince, PlacementType, LengthOfStayBand, CareExit, ReintegratedBy12m,
	RetraffickedWithin24m, FollowedUp6m, FollowedUp12m, InSchoolAtLast, LegalStage, LegalDisposition}

// TraffickingStatuses is the trafficking-status vocabulary. Prevalence counts the Victims
// statuses; at-risk people have their own tables and are never added to victims.
var TraffickingStatuses = []string{"at_risk", "possible", "actual", "not"}

// Victims are the trafficking statuses the prevalence tables count by default: identified
// victims (actual) and presumed ones (possible), as HTCDS records them; a record without a
// status counts too (exports made before the field existed). At-risk and not-a-victim records
// are left out.
var Victims = []string{"actual", "possible"}

// VictimFilter is the SQL condition over the release's cases that selects the Victims.
const VictimFilter = "(trafficking_status IS NULL OR trafficking_status IN ('actual', 'possible'))"

// Fields returns the canonical fields in column order.
func Fields() []Field { return slices.Clone(fields) }

// Lookup returns the canonical field called name.
func Lookup(name string) (Field, bool) {
	for _, f := range fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// Index returns the column index of name in Cases, or -1.
func Index(name string) int {
	return slices.IndexFunc(fields, func(f Field) bool { return f.Name == name })
}

// Cases is the Arrow schema of the in-memory case records that ingest produces.
var Cases = func() *arrow.Schema {
	fs := make([]arrow.Field, len(fields))
	for i, f := range fields {
		fs[i] = arrow.Field{Name: f.Name, Type: f.Type, Nullable: true}
	}
	return arrow.NewSchema(fs, nil)
}()

// Release is the Arrow schema of the anonymized release. Quasi-identifiers are strings because
// generalization turns them into ranges and "*".
var Release = func() *arrow.Schema {
	var fs []arrow.Field
	for _, f := range fields {
		switch f.Role {
		case QuasiIdentifier:
			fs = append(fs, arrow.Field{Name: f.Name, Type: str, Nullable: true})
		case Analytic:
			fs = append(fs, arrow.Field{Name: f.Name, Type: f.Type, Nullable: true})
		}
	}
	return arrow.NewSchema(fs, nil)
}()

// Genders is the gender vocabulary.
var Genders = []string{"female", "male", "other", "unknown"}

// AgeBands are CTDC's age bands, youngest first.
var AgeBands = []string{"0-8", "9-17", "18-20", "21-23", "24-26", "27-29", "30-38", "39-47", "48+"}

// MajorityStatuses is the majority-status vocabulary.
var MajorityStatuses = []string{"minor", "adult", "unknown"}

// BandOfAge returns the CTDC age band of an age in whole years.
func BandOfAge(age int) string {
	switch {
	case age <= 8:
		return "0-8"
	case age <= 17:
		return "9-17"
	case age <= 20:
		return "18-20"
	case age <= 23:
		return "21-23"
	case age <= 26:
		return "24-26"
	case age <= 29:
		return "27-29"
	case age <= 38:
		return "30-38"
	case age <= 47:
		return "39-47"
	}
	return "48+"
}

// MajorityOfBand returns minor or adult for a CTDC age band, and "" when band is not one.
func MajorityOfBand(band string) string {
	switch band {
	case "0-8", "9-17":
		return "minor"
	case "":
		return ""
	}
	if slices.Contains(AgeBands, band) {
		return "adult"
	}
	return ""
}

// ExploitationFlags lists the boolean exploitation fields with a short label for tables.
var ExploitationFlags = []struct{ Field, Label string }{
	{IsSexualExploitation, "sexual exploitation"},
	{IsForcedLabour, "forced labour"},
	{IsForcedMarriage, "forced marriage"},
	{IsForcedMilitary, "forced military service"},
	{IsOtherExploitation, "other exploitation"},
}
