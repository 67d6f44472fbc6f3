package ingest

import (
	"strings"
	"testing"

	"github.com/prevalence/prevalence/schema"
)

// TestCheckRefusesTargetsOutsideVocabulary: a values: or defaults: entry that gives a field a
// value its reading refuses is a config mistake, named with the key and what the field accepts;
// a value the reading accepts (a synonym, a code, a name) passes.
func TestCheckRefusesTargetsOutsideVocabulary(t *testing.T) {
	bad := []struct {
		m    Mapping
		want string
	}{
		{Mapping{Values: map[string]map[string]string{"gender": {"female": "femalee"}}},
			`values: gender: entry 1 of 1 (A to Z by spelling; spellings are not shown) maps onto "femalee", which is not a value of gender: want female, male, other or unknown`},
		{Mapping{Values: map[string]map[string]string{"majority_status": {"kid": "kiddo"}}}, "minor, adult or unknown"},
		{Mapping{Values: map[string]map[string]string{"age_band": {"teen": "13-17"}}}, "0-8, 9-17"},
		{Mapping{Values: map[string]map[string]string{"age": {"baby": "one"}}}, "whole number"},
		{Mapping{Values: map[string]map[string]string{"citizenship": {"Afg": "Afganistan"}}}, "ISO 3166-1"},
		{Mapping{Values: map[string]map[string]string{"province_of_exploitation": {"Hrt": "Heratt"}}}, "ISO 3166-2"},
		{Mapping{Values: map[string]map[string]string{"type_of_exploitation": {"FL": "forced labur"}}}, "forms of exploitation"},
		{Mapping{Values: map[string]map[string]string{"labour_sector": {"farm work": "farmin"}}}, "agriculture, begging"},
		{Mapping{Values: map[string]map[string]string{"referral_route": {"cops": "polise"}}}, "police_operation"},
		{Mapping{Values: map[string]map[string]string{"is_forced_labour": {"Y": "si"}}}, "yes or no"},
		{Mapping{Values: map[string]map[string]string{"registration_period": {"early": "2014-2010"}}}, "band of years"},
		{Mapping{Values: map[string]map[string]string{"region_of_exploitation": {"SEA": "Asiaa"}}}, "UN M49"},
		{Mapping{Defaults: map[string]string{"country_of_exploitation": "Inda"}}, `defaults: country_of_exploitation: "Inda" is not a value`},
		{Mapping{Defaults: map[string]string{"referral_route": "raidd"}}, "defaults: referral_route"},
		{Mapping{Values: map[string]map[string]string{"end_reason": {"gone home": "reintegratd"}}}, "want absconded, agedout"},
		{Mapping{Values: map[string]map[string]string{"placement_type": {"Home": "shelterr"}}}, "residentialcare"},
		// attack-2026-12-03c finding 5: H mapped as male, M (mujer) left to the vocabulary's male.
		{Mapping{Values: map[string]map[string]string{"gender": {"H": "male"}}}, "values: gender: entry 1 of 1 (A to Z by spelling; spellings are not shown) maps a one-letter code onto male, and M is not mapped"},
		{Mapping{Values: map[string]map[string]string{"gender": {"v": "Male", "x": "other"}}}, "Map M under values: gender as well"},
		// ingest-exactness18: Hindi, Nepali, Bengali P/M (purush/mahila), German J/M; H/V even
		// beside a letter mapped onto female; any letter mapped onto male alone; Italian U/D.
		{Mapping{Values: map[string]map[string]string{"gender": {"P": "male"}}}, "entry 1 of 1 (A to Z by spelling; spellings are not shown) maps a one-letter code onto male"},
		{Mapping{Values: map[string]map[string]string{"gender": {"j": "male", "x": "other"}}}, "Map M under values: gender as well"},
		{Mapping{Values: map[string]map[string]string{"gender": {"H": "male", "F": "female"}}}, "entry 2 of 2"},
		{Mapping{Values: map[string]map[string]string{"gender": {"E": "male"}}}, "Map M under values: gender as well"},
		{Mapping{Values: map[string]map[string]string{"gender": {"D": "female"}}}, "Map U under values: gender as well"},
		{Mapping{SheetDefaults: map[string]map[string]string{"Boys": {"gender": "male"}, "Girls": {"gender": "femal"}}},
			`sheet_defaults: sheet 2 of 2 (A to Z): gender: "femal" is not a value of gender`},
		{Mapping{SheetDefaults: map[string]map[string]string{"Boys": {"sex_of_child": "male"}}}, `sheet_defaults: sheet 1 of 1 (A to Z): "sex_of_child" is no field`},
		{Mapping{SheetDefaults: map[string]map[string]string{"#0": {"gender": "male"}}}, `sheet_defaults: sheet 1 of 1 (A to Z): a sheet given by its position is "#" and its number from 1`},
		{Mapping{SheetDefaults: map[string]map[string]string{"#02": {"gender": "male"}}}, `sheet_defaults: sheet 1 of 1 (A to Z): a sheet given by its position is "#" and its number from 1`},
		{Mapping{SheetDefaults: map[string]map[string]string{"#two": {"gender": "male"}}}, `sheet_defaults: sheet 1 of 1 (A to Z): a sheet given by its position is "#" and its number from 1`},
		{Mapping{SheetDefaults: map[string]map[string]string{"Khost": {"gender": "male"}, "khost ": {"gender": "female"}}},
			`sheet_defaults: sheets 1 and 2 of 2 (A to Z) differ only in letter case or spaces`},
		{Mapping{SheetDefaults: map[string]map[string]string{"Boys": {"gender": "male"}}, Events: EventsOnly}, "sheet_defaults: is for a workbook of cases"},
	}
	for _, c := range bad {
		err := c.m.Check()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: got %v, want %q", c.m, err, c.want)
		}
	}
	for _, v := range []map[string]string{{"H": "male", "M": "female"}, {"V": "male", "m": "Female"}, {"h": "male", "M ": "male"},
		// letters of both genders (B/G, Indonesian L/P, Latvian V/S with M mapped, Turkish E/K),
		// a letter onto female alone (Dutch M/V, Swedish K/M), Italian U/D both mapped
		{"B": "male", "G": "female"}, {"L": "male", "P": "female"}, {"V": "male", "S": "female", "M": "male"}, {"E": "male", "K": "female"},
		{"V": "female"}, {"k": "female"}, {"D": "female", "U": "male"}, {"Ж": "female", "М": "male"}} {
		if err := (&Mapping{Values: map[string]map[string]string{"gender": v}}).Check(); err != nil {
			t.Errorf("values: gender: %v: %v", v, err)
		}
	}
	good := Mapping{
		Values: map[string]map[string]string{
			"gender":                   {"g": "female", "b": "Boy", "t": "other", "ns": "unknown"},
			"citizenship":              {"Afg": "AF", "Ind": "India"},
			"province_of_exploitation": {"Hrt": "AF-HER", "WB": "West Bengal", "Punj": "Punjab"},
			"district_of_exploitation": {"Pune city": "Pune"},
			"type_of_exploitation":     {"FL+SE": "forced labour; sexual exploitation"},
			"labour_sector":            {"farm work": "agriculture", "dunno": "unknown"},
			"is_forced_labour":         {"si": "yes"},
			"year_of_registration":     {"early": "2014-2018", "y0": "2020"},
			"full_name":                {"anon": "anything at all"},
			"placement_type":           {"Residential care": "residential_care"}, // event fields: read by EventReader
			"end_reason":               {"gone home": "reintegrated", "formal_closing": "other"},
			"legal_disposition":        {"guilty": "Convicted"},
		},
		Defaults: map[string]string{"country_of_exploitation": "IN", "province_of_exploitation": "IN-WB", "referral_route": "police_operation"},
	}
	if err := good.Check(); err != nil {
		t.Errorf("a config of accepted values is refused: %v", err)
	}
	for _, f := range []string{"gender", "age", "type_of_exploitation", "end_reason", "placement_type", "legal_stage"} {
		if !ValueField(f) {
			t.Errorf("values: %s refused", f)
		}
	}
	for _, f := range []string{"drop", "sex", "care_exit", "shoe_size"} {
		if ValueField(f) {
			t.Errorf("values: %s accepted", f)
		}
	}
}

// TestOtherColumn: the dropped columns that the pipeline's notices do not suggest for a field
// (ingest-exactness18).
func TestOtherColumn(t *testing.T) {
	odk := []string{"SubmissionDate", "Status", "SubmitterID"}
	for _, c := range []struct {
		name string
		cols []string
		want bool
	}{
		{"Status", odk, true}, {"Status", []string{"Status", "Case Notes"}, false},
		{"_status", nil, true}, {"__version__", nil, true}, {"IP_citizen_UNRegion", nil, true},
		{"Place of birth", nil, true}, {"Trafficker location", nil, true}, {"Citizenship region", nil, true},
		{"Place of exploitation", nil, false}, {"Current Location", nil, false}, {"Victim status", nil, false},
	} {
		if got := OtherColumn(c.name, c.cols); got != c.want {
			t.Errorf("OtherColumn(%q, %q) = %v, want %v", c.name, c.cols, got, c.want)
		}
	}
	if ODataColumn("__version__") || !ODataColumn("__id") || !ODataColumn("__system.submitterId") {
		t.Error("ODataColumn: __version__ is KoboToolbox's, __id and __system.* the feed's")
	}
}

// TestHeadersFourLanguages: the headers of Spanish, Portuguese, French and Indonesian forms,
// and English ones, that were dropped with a notice (attack-2026-12-04d, lows).
func TestHeadersFourLanguages(t *testing.T) {
	var m *Mapping
	for col, want := range map[string]string{
		"Nacionalidad": schema.Citizenship, "Nacionalidade": schema.Citizenship, "Nationalité": schema.Citizenship,
		"Nationalite": schema.Citizenship, "Kewarganegaraan": schema.Citizenship, "Country of citizenship": schema.Citizenship,
		"country_of_citizenship": schema.Citizenship, "Home country": schema.CountryOfOrigin,
		"Sexo": schema.Gender, "Género": schema.Gender, "Genero": schema.Gender, "Sexe": schema.Gender,
		"Jenis kelamin": schema.Gender, "jenis_kelamin": schema.Gender,
	} {
		if got := m.resolveColumn(col); got != want {
			t.Errorf("%q: %q, want %q", col, got, want)
		}
	}
}
