package ingest

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/prevalence/prevalence/geo"
	"github.com/prevalence/prevalence/schema"
)

// missing reports whether v stands for "no value": empty, or a placeholder such as CTDC's -99.
func missing(v string) bool {
	if len(v) == 0 {
		return true
	}
	switch v[0] {
	case '-', '.', 'n', 'N', 'm', 'M', ' ', '\t', '\r', '\n', '\v', '\f':
	default:
		if v[0] < 0x80 {
			return false // no placeholder starts so
		}
	}
	v = strings.TrimSpace(v)
	if len(v) > 7 {
		return false // longer than any placeholder
	}
	switch len(v) {
	case 0:
		return true
	case 1:
		return v == "." || v == "-"
	}
	switch len(v) {
	case 2:
		return strings.EqualFold(v, "na")
	case 3:
		return v == "-99" || strings.EqualFold(v, "n/a") || strings.EqualFold(v, "nan")
	case 4:
		return strings.EqualFold(v, "null")
	case 7:
		return strings.EqualFold(v, "missing")
	}
	return false
}

// Validation reasons. They describe the problem and never repeat the value.
var (
	errNotNumber        = errors.New("not a whole number")
	errAgeRange         = errors.New("age outside 0-110")
	errVocabulary       = errors.New("not in the vocabulary")
	errDate             = errors.New("not a date in a known format")
	errDateRange        = errors.New("date before 1950 or in the future")
	errDateNoDay        = errors.New("a year (or a month and year) without a day: not a date")
	errFormulaNoValue   = errors.New("a cell holds a formula whose value was never computed (a workbook written by a program and never opened in a spreadsheet): read, the cell would be empty")
	errYearRange        = errors.New("year before 1950 or in the future")
	errDateCalendar     = errors.New("a year 1300-1499: a date of the Solar Hijri calendar (Afghanistan, Iran) or the lunar Hijri one, not the Gregorian")
	errDateNepal        = errors.New("a year 2050-2099: a date of Nepal's Bikram Sambat calendar (2080 is 2023-24), or a Gregorian one in the future")
	errDateEthiopian    = errors.New("month 13: a date of the Ethiopian calendar (its thirteenth month, Pagume), not the Gregorian")
	errDateThai         = errors.New("a year 2480-2620: a date of the Thai solar calendar (Buddhist era: 2566 is 2023), not the Gregorian")
	errCountry          = errors.New("not a known country")
	errCountryAbbrev    = errors.New(`an abbreviation or a word ("U/K", "D/K", "N.A.", "N.R.", "nr", "dk", "uk", "No") or a ditto ("-do-", "Do", "Same as above"), not a country's code (not guessed)`)
	errCountryAmbiguous = errors.New("a name that people use for more than one country (not guessed)")
	errProvince         = errors.New("not a known province of the country")
	errDistrict         = errors.New("not a district name (longer than 64 bytes, no letter, an @ or a control character)")
	errBool             = errors.New("not yes/no, true/false or 1/0")
	errBirthAfter       = errors.New("date of birth after registration")
	errBirthFuture      = errors.New("date of birth in the future")
	errRegEpoch         = errors.New("registration date is 1 January 1970, the day computers count from, where a date left empty is often written")
	errBirthPlaceholder = errors.New("date of birth is 1 January 1900, which databases and Excel (serial 1) hold for a date of birth not recorded")
	errBirthOld         = errors.New("date of birth gives an age over 110 at registration")
	errProvinceDitto    = errors.New(`a ditto ("-do-", "Do", "Same as above"), which repeats the province of the row above: not read, as the rows' order may not be the register's; write the province on each row`)
	// A person of 100 or more among rescued people: a code or a slip ("104" for 14, "1920" for
	// 2020) more often than an age, and on every row a placeholder (attack-2026-12-06d D12).
	errAgeCentury    = errors.New("age of 100 or more, which a register of rescued people holds as a code or a typing slip (not read)")
	errBirthCentury  = errors.New("date of birth gives an age of 100 or more at registration, a placeholder or a typing slip (not read)")
	errContradicts   = errors.New("contradicts the age")
	errChildAdult    = errors.New("the gender says a child (boy or girl) and the age or majority status an adult")
	errAgeDOB        = errors.New("age and date_of_birth disagree by more than a year at registration (one of them is wrong)")
	errBandDOB       = errors.New("age_band and date_of_birth disagree by more than a year at registration (one of them is wrong)")
	errNoValue       = errors.New("no value in the row but placeholders (such as N/A or -99): nothing says it is a case")
	errTotalRow      = errors.New("a row of totals (a cell in its first column or a mapped one reads as a total, such as Total or Grand total), not a case")
	errInvalidRecord = errors.New("a record its case management system marks invalid (Primero's record_state false: a duplicate or a record made in error): not a case")
	// errAboveDuplicate: a remark saying its record is the row above's (aboveRemark); whether
	// that row is read is checked (worker.aboveDuplicate, Reader.duplicates).
	errAboveDuplicate = errors.New("a record whose remark says it is the same person as the row above it (Same person as above, Same as previous row), that row read: not a second case")
	errMarkedNoCase   = errors.New("a record a column of the register marks deleted, a test or not valid (Deleted, Test record, Valid = No, Eliminado, Dihapus): not a case")
	// errMarkUnread: a value of a deleted, test or valid mark that is none of its yes, no, words
	// or dates (the coordinator's S7 Left): whether the row is a case is not known.
	errMarkUnread         = errors.New("a value of a column of the register that marks records deleted, a test or not valid (Deleted, Test record, Valid) that is neither yes nor no nor a date of deletion: not certain to be a case")
	errClosedNoCase       = errors.New("a record closed for a reason that says it is no case (a duplicate, made in error, a test, not a victim): not a case")
	errRemarkNotVictim    = errors.New("a record whose remark column (Notes, Remarks, Comments) says in a few words that the person is not a victim of trafficking (Not a victim, Screened: not a victim, Screened out, Rejected): not a case")
	errRecordStateUnread  = errors.New("Primero's record_state is neither valid (true, 1, yes) nor invalid (false, 0, no): not read for certain whether the record is a case")
	errRejectedSubmission = errors.New("a submission its reviewers rejected (a review or validation status column, such as ODK Central's ReviewState or KoboToolbox's _validation_status, says rejected or not approved): not a case")
	errTemplateRow        = errors.New("a register's prepared row: it holds only a row number or values that every row of their column holds (a template's country or province filled down), nothing of its own that describes a person: no case")
	// errArchived: a record marked archived (archiveNames); never a row's rejection, the
	// input is refused (Reader.archivedRows).
	errArchived = errors.New("a record marked archived")
	// errQAFailed: a record a quality check failed (qaNames); never a row's rejection, the
	// input is refused (Reader.qaFailedRows).
	errQAFailed     = errors.New("a record a quality check failed")
	errHiddenRow    = errors.New("a hidden row of the sheet (hidden by a filter or by hand, as registers hide tests and duplicates they did not delete): not certain to be a case")
	errCountRow     = errors.New("a row whose only value is a number under age while its other columns are blank: a total without its label, not a case")
	errNoCase       = errors.New("no value that describes the person or the case (only a case id, flags that are false or a form server's metadata): nothing says it is a case")
	errRequired     = errors.New("required field missing")
	errProvinceOnly = errors.New("province given without a country")
	// errPlaceholderProvince: placeholderProvince (attack-2026-12-04b finding H).
	errPlaceholderProvince = errors.New("a placeholder for a missing value (NA, NaN, N.A., S/D, N/K) that is also the name or code of a province of the row's country (Nangarhar's NAN, Thailand's Nan, Nigeria's Nasarawa NA, Ecuador's Santo Domingo SD): not read for certain; " +
		"say which under values: ({<the field>: {NAN: AF-NAN}} for the province, {NAN: \"\"} for not recorded)")
	errPlaceholderDistrict = errors.New("a placeholder for a missing value (NA, NaN) that is also a place of the row's country and province the district column would be read as (Thailand's Nan, Nigeria's Nasarawa NA): not read for certain; " +
		"say which under values: ({<the field>: {NaN: \"\"}} for not recorded, {NaN: Nan} for the place)")
	// errNumberProvince: numberPlaceholder (ing24's Left: the Philippines' "0").
	errNumberProvince = errors.New("a zero or a negative number (Excel writes 0 for a formula whose source cell is empty; statistics packages write -1, -9 or -98 for not recorded) that is also a province's numeric code in the row's country (the Philippines' Metro Manila PH-00, Serbia's Belgrade RS-00, Cambodia's Banteay Meanchey KH-1): not read for certain; " +
		"say which under values: ({<the field>: {\"0\": \"\"}} for not recorded, {\"0\": PH-00} for the province)")
	// errNationalNumber: nationalNumber (attack-2026-12-04e S6: Metro Manila's "13" read as Caraga).
	errNationalNumber = errors.New("a number without ISO 3166-2's hyphen in a country whose own numbering of its provinces (its statistics office's codes, OCHA's P-codes) is not ISO 3166-2's " +
		"(the Philippines' 13 is Metro Manila, ISO's PH-13 Caraga; Viet Nam's 01 Hà Nội, ISO's VN-01 Lai Châu; Kenya's 047 Nairobi, ISO's KE-47 West Pokot): not read for certain; " +
		"say which province each code is under values: ({<the field>: {\"13\": PH-00}}), or write ISO 3166-2's codes with their hyphen (PH-13)")
	errForeignProvince = errors.New("names a province of another country than the default country (defaults: are for rows that give no place)")
	// errNamesCountry and errAbroad are placeElsewhere's answers, never a row's rejection.
	errNamesCountry      = errors.New("names a country")
	errProvinceCountries = errors.New("names a country other than the row's own country column gives: the country is not certain")
	errAbroad            = errors.New("names a place abroad")
	errPlaceContradicts  = errors.New("the province's path names another country than the country column")
	// errPlaceRead is placeElsewhere's answer for a city of the gazetteer or a value that
	// writes its country ("Quetta, Pakistan"), never a row's rejection.
	errPlaceRead = errors.New("names a place with its country")
	// errHomeCity is placeElsewhere's answer for a city of the row's own country (its column,
	// or the default) that is no province's name ("Jalalabad" under AF), never a rejection.
	errHomeCity          = errors.New("names a city of the row's country")
	errPlaceConflict     = errors.New("names places of two countries (a province or city of one beside another country): the country is not certain")
	errForeignCode       = errors.New("a code of another country's place (its two letters are that country's ISO 3166-1 code) than the row's country: not read as a place of the row's country")
	errDateOrder         = errors.New("a day/month date in the other order than the column's (date_order)")
	errMultiSelect       = errors.New("a selected option that maps onto no form of exploitation")
	errBand              = errors.New("not a year nor a band of years (YYYY-YYYY, first year first)")
	errFormContradicts   = errors.New("type_of_exploitation names the form of exploitation that this column says is absent (false): the two columns contradict each other")
	errFormUnnamed       = errors.New("this column says a form of exploitation is present (true) that type_of_exploitation, the list of forms, does not name: the two columns contradict each other")
	errYearContradicts   = errors.New("year_of_registration and registration_date name different years: the two columns contradict each other")
	errPeriodContradicts = errors.New("the band of years contradicts the year or registration date")
	errRegion            = errors.New("not a UN M49 region (Africa, Americas, Asia, Europe, Oceania, or a union such as Americas/Oceania)")
	errRegionContradicts = errors.New("the country is not in the UN region given")
)

var genders = map[string]string{
	"female": "female", "f": "female", "woman": "female", "girl": "female", "w": "female",
	"male": "male", "m": "male", "man": "male", "boy": "male",
	"other": "other", "o": "other", "transgender": "other", "trans": "other", "x": "other", "nonbinary": "other",
	"transgenderother": "other", "transgendernonconforming": "other", // CTDC's Transgender/NonConforming
	"unknown": "unknown", "u": "unknown", "notknown": "unknown", "unk": "unknown",
	// A legal third gender (India's and Pakistan's hijra, kinnar, khawaja sira; Nepal's and
	// Bangladesh's third gender) and intersex people: other, as CTDC's non-conforming is
	// (attack-2026-12-04c, lows: refused). Declining to say is not recorded.
	"hijra": "other", "hijda": "other", "hijrah": "other", "thirdgender": "other", "kinnar": "other", "kinner": "other",
	"khawajasira": "other", "khwajasira": "other", "intersex": "other", "tritiyaprakriti": "other",
	"prefernottosay": "unknown", "prefernottoanswer": "unknown", "declinedtoanswer": "unknown",
	// The words of Spanish, Portuguese, French and Indonesian forms: unambiguous, unlike their
	// letters (genderLetter).
	"femenino": "female", "feminino": "female", "masculino": "male", "mujer": "female", "mulher": "female",
	"hombre": "male", "homem": "male", "femme": "female", "homme": "male", "féminin": "female", "feminin": "female",
	"masculin": "male", "perempuan": "female", "lakilaki": "male", "wanita": "female", "pria": "male",
	"girlchild": "female", "boychild": "male", "femalechild": "female", "malechild": "male", // attack-2026-12-06f F8
	// a child's and a young person's words (attack-2026-12-04e, lows), and the abbreviations;
	// not Indonesian forms' L and P: P is purush, male, on Hindi forms (genderLetter)
	"niño": "male", "nino": "male", "niña": "female", "nina": "female", "varón": "male", "varon": "male",
	"chico": "male", "chica": "female", "garçon": "male", "garcon": "male", "fille": "female", "menino": "male",
	"menina": "female", "rapaz": "male", "rapariga": "female", "moça": "female", "moca": "female",
	"masc": "male", "fem": "female", "laki": "male",
	"lelaki": "male", // Malay (ing27)
	// Dari/Persian, Pashto and Arabic words, and Vietnamese Nam/Nữ (attack-2026-12-06a L3: an
	// Afghan export in Dari stopped at max_bad_share)
	"زن": "female", "دختر": "female", "مرد": "male", "پسر": "male", "ښځه": "female", "نجلۍ": "female", "سړی": "male",
	"هلک": "male", "أنثى": "female", "انثى": "female", "ذكر": "male", "امرأة": "female", "فتاة": "female", "رجل": "male",
	"ولد": "male", "nam": "male", "nữ": "female", "nu": "female", "namgiới": "male", "nữgiới": "female", "namgioi": "male",
	"nugioi": "female",
}

// genderLetter reports whether a gender value, as written, is the male word or letter of a
// language whose M is the female one (H, V, P or J; hombre, varón, homem, purush, Junge), or
// the letter M itself, which the default vocabulary reads as male. Stops and spaces are
// ignored, as the vocabulary ignores them: "M." is M and "H." is H (attack-2026-12-03g
// finding 1).
func genderLetter(v string) (male, m bool) {
	v = strings.TrimRight(strings.TrimSpace(v), ".")
	if len(v) == 1 {
		switch v[0] | 0x20 {
		case 'h', 'v', 'p', 'j':
			return true, false
		case 'm':
			return false, true
		}
		return false, false
	}
	// Only words that start as a male word may be one: no fold (nor its copy) for "Female".
	if len(v) < 5 || !strings.ContainsRune("hvpjcrHVPJCR", rune(v[0])) {
		return false, false
	}
	switch fold(v) {
	// and the boys' words whose girls' start with M: Bengali chhele/meye (West Bengal's
	// registers), Portuguese rapaz/moça or menina (ingest-exactness22)
	case "hombre", "varon", "varón", "homem", "purush", "junge", "chhele", "chele", "rapaz",
		// plurals, and a word with its letter ("Hombre (H)", "H (hombre)": attack-2026-12-04a, lows)
		"hombres", "varones", "homens", "jungen", "hombreh", "hhombre", "varonv", "vvaron", "homemh", "hhomem":
		return true, false
	}
	return false, false
}

// Gender letters by the header's language (ing26's Left): Indonesian and Malay forms write L
// (laki-laki, lelaki) and P (perempuan), French ones H (homme) and F (femme). P is purush, male,
// on Hindi forms and H is hombre beside a Spanish M (genderLetter), so the letters are read only
// under a header of their language ("Jenis kelamin", "Kelamin", "Jantina"; "Sexe"), never by
// the default vocabulary. They still count as male letters for the check of Ms (genderLetter):
// an M beside them under such a header is refused, not guessed.
const (
	langNone byte = iota
	langIndonesian
	langFrench
)

// headerLetters are each language's letters (folded, stops and spaces ignored) and what they are.
var headerLetters = [...]map[string]string{
	langIndonesian: {"l": "male", "p": "female", "lk": "male", "pr": "female"},
	langFrench:     {"h": "male"}, // F is female in the default vocabulary too
}

// genderLanguage returns the language of a gender column's name whose letters headerLetters reads.
func genderLanguage(col string) byte {
	for _, w := range nameWords(col) {
		switch w {
		case "kelamin", "jantina":
			return langIndonesian
		case "sexe":
			return langFrench
		}
	}
	return langNone
}

// headerGender reads the current row's gender value as a letter of its column's language
// (genderLanguage), and counts it for the notice (placeholderEvidence.genHdr).
func (w *worker) headerGender() (string, bool) {
	sl := &w.slots[iGender]
	v := strings.TrimRight(strings.TrimSpace(sl.v), ".")
	if sl.col < 0 || len(v) == 0 || len(v) > 2 {
		return "", false
	}
	col := w.col(iGender)
	if col != w.genLangCol || !w.genLangSet {
		w.genLangCol, w.genLang, w.genLangSet = strings.Clone(col), genderLanguage(col), true
	}
	if w.genLang == langNone {
		return "", false
	}
	g, ok := headerLetters[w.genLang][strings.ToLower(v)]
	if !ok {
		return "", false
	}
	ph := &w.res.placeholders
	if ph.genHdr == 0 {
		ph.genHdrCol, ph.genHdrLang = w.genLangCol, w.genLang
	}
	ph.genHdr++
	return g, true
}

func normGender(v string) (string, error) {
	if g, ok := genders[fold(v)]; ok {
		return g, nil
	}
	return "", errVocabulary
}

// childGender reports whether the gender value v (as read, after the mapping's values:) says
// a child as well: "boy" or "girl" (any case). Those are read as male or female minors, and a
// row that gives them an adult's age is quarantined (errChildAdult). A mapping that maps them
// (values: {gender: {boy: male}}) says they do not.
func childGender(v string) bool {
	if len(v) < 3 || len(v) > 12 { // no fold (nor its copy) for most values
		return false
	}
	switch f := fold(v); f {
	case "boy", "girl", "girlchild", "boychild", "femalechild", "malechild", "niño", "nino", "niña", "nina", "menino", "menina", "garçon", "garcon":
		return true
	}
	return false
}

func normAge(v string) (int, error) {
	s := strings.TrimSpace(v)
	s = strings.TrimSuffix(s, ".0")
	n, err := strconv.Atoi(s)
	if err != nil && len(s) > 1 && s[0] >= '0' && s[0] <= '9' && !(s[len(s)-1] >= '0' && s[len(s)-1] <= '9') {
		return unitAge(s)
	}
	if err != nil {
		// A Dari, Pashto or Arabic register's ages in its own digits ("۱۲"): each is one
		// decimal digit, read exactly (attack-2026-12-03a, lows: quarantined with no hint).
		w, ok := westernDigits(s)
		if !ok {
			return 0, errNotNumber
		}
		if n, err = strconv.Atoi(w); err != nil {
			return 0, errNotNumber
		}
	}
	if n < 0 || n > 110 {
		return 0, errAgeRange
	}
	return n, nil
}

// unitWritten reports whether an age value ends in a unit ("6 months", "14 tahun") rather
// than a digit: an age so written is never a code for not recorded.
func unitWritten(v string) bool {
	v = strings.TrimSpace(v)
	if v == "" || v[len(v)-1] >= '0' && v[len(v)-1] <= '9' {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(v)
	return !unicode.IsDigit(r) // "۰": a Persian digit, no unit
}

// ageYears and ageMonths are the units registers write after an age ("15 years", "15 años",
// "14 ans", "14 tahun"; "6 months", "8 meses", "6 mois", "3 bulan"), folded.
var (
	ageYears  = map[string]bool{"years": true, "year": true, "yrs": true, "yr": true, "y": true, "yo": true, "yearsold": true, "yearold": true, "yrsold": true, "años": true, "anos": true, "año": true, "ano": true, "ans": true, "an": true, "tahun": true, "thn": true}
	ageMonths = map[string]bool{"months": true, "month": true, "mths": true, "mth": true, "mos": true, "mo": true, "meses": true, "mes": true, "mois": true, "bulan": true, "bln": true}
)

// unitAge reads an age written with its unit: whole years, or months, which give the age in
// completed years exactly ("18 months" is 1; attack-2026-12-04c, lows: quarantined as not a
// whole number). Another unit, or a number that is not whole, is errNotNumber.
func unitAge(s string) (int, error) {
	i := strings.LastIndexFunc(s, func(r rune) bool { return r >= '0' && r <= '9' })
	unit := fold(s[i+1:])
	n, err := strconv.Atoi(strings.TrimSpace(s[:i+1]))
	if err != nil || n < 0 {
		return 0, errNotNumber
	}
	switch {
	case ageYears[unit]:
	case ageMonths[unit]:
		n /= 12
	default:
		return 0, errNotNumber
	}
	if n > 110 {
		return 0, errAgeRange
	}
	return n, nil
}

// westernDigits writes the Arabic-Indic (٠-٩), Persian (۰-۹), Devanagari (०-९), Bengali
// (০-৯), Thai (๐-๙), Khmer (០-៩) and Myanmar (၀-၉) digits of v as 0-9; ok when v held any.
// Bengali ages were quarantined while Persian ones were read (attack-2026-12-03d, lows), and
// Khmer, Thai and Myanmar ones after them (attack-2026-12-03f, lows); case and FIR numbers
// read the first four already.
func westernDigits(v string) (w string, ok bool) {
	w = strings.Map(func(r rune) rune {
		for _, zero := range [...]rune{'\u0660', '\u06f0', '\u0966', '\u09e6', '\u0e50', '\u17e0', '\u1040'} {
			if r >= zero && r <= zero+9 {
				ok = true
				return '0' + r - zero
			}
		}
		return r
	}, v)
	return w, ok
}

// errEasternDate is the reason for a date written in Arabic-Indic, Persian, Devanagari,
// Bengali, Thai, Khmer or Myanmar digits: a register in those digits may well keep the Solar
// Hijri (۱۴۰۲/۱۰/۱۰), Bikram Sambat, Bengali, Buddhist (Thai, Khmer) or Burmese calendar, which
// is not guessed.
var errEasternDate = errors.New("a date written in Arabic-Indic, Persian, Devanagari, Bengali, Thai, Khmer or Myanmar digits: not read, since such a register may keep the Solar Hijri " +
	"(or Hijri), Bikram Sambat, Bengali, Buddhist or Burmese calendar; write the dates as Gregorian dates in the digits 0-9 (2023-12-31)")

func normAgeBand(v string) (string, error) {
	s := strings.ReplaceAll(strings.TrimSpace(v), " ", "")
	s = strings.ReplaceAll(s, "--", "-") // CTDC writes 0--8
	for _, b := range schema.AgeBands {
		if s == b {
			return b, nil
		}
	}
	return "", errVocabulary
}

var majorities = map[string]string{
	"minor": "minor", "child": "minor", "under18": "minor",
	"adult": "adult", "18": "adult", "over18": "adult",
	"unknown": "unknown", "notknown": "unknown",
}

func normMajority(v string) (string, error) {
	if m, ok := majorities[fold(v)]; ok {
		return m, nil
	}
	return "", errVocabulary
}

// dateLayouts are the built-in date forms besides ISO dates and the numeric day/month forms
// (see numericDate), whose order is read per column. A timestamp with an offset or zone gives
// its date at that offset: the local calendar date where it was recorded.
var dateLayouts = []string{
	"2006-01-02", "2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00",
	"2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05Z0700", "2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05 -07:00",
	"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02 15:04",
	"2006/01/02", "2 Jan 2006", "02 Jan 2006", "2 January 2006", "January 2, 2006", "Jan 2, 2006",
	// Primero's exports and Oracle-style systems: 05-Apr-2023 (month names match in any case).
	"2-Jan-2006", "2-January-2006", "2-Jan-2006 15:04", "2-Jan-2006 15:04:05",
	// ODK Briefcase's CSV date-times (Java's medium format: Mar 5, 2023 10:15:00 AM; newer
	// Java puts a comma after the year and a narrow no-break space before AM, see normDate).
	"Jan 2, 2006 3:04:05 PM", "Jan 2, 2006, 3:04:05 PM", "Jan 2, 2006 3:04 PM", "Jan 2, 2006, 3:04 PM",
	"January 2, 2006 3:04:05 PM", "January 2, 2006, 3:04:05 PM",
}

// normDate parses v with the layouts of the mapping (extra), then the given built-in ones;
// the date is the calendar date the value states, at its own offset when it has one. An instant
// written in UTC ("2023-12-31T20:00:00Z": ODK Central's SubmissionDate, a server's created_at)
// says nothing of where it was recorded, as a Parquet instant stored in UTC does not: it is
// dated in tz (the mapping's time_zone), and without it only at midnight (a date written as
// an instant); else errUTCText (attack-2026-12-02f, lows: its UTC day was read, the day before
// for a record made after midnight in Nepal).
func normDate(v string, extra, builtin []string, now time.Time, tz *time.Location) (time.Time, error) {
	s := strings.TrimSpace(v)
	if strings.ContainsAny(s, "\u202f\u00a0") { // Java's and spreadsheets' no-break spaces
		s = strings.NewReplacer("\u202f", " ", "\u00a0", " ").Replace(s)
	}
	for _, layouts := range [][]string{extra, builtin} {
		for _, l := range layouts {
			if t, err := time.Parse(l, s); err == nil {
				if _, off := t.Zone(); off == 0 && zoned(l) {
					switch {
					case tz != nil:
						t = t.In(tz)
					case t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Nanosecond() != 0:
						return time.Time{}, errUTCText
					}
				}
				t = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
				if t.Year() < 1900 || t.After(now) {
					return t, errDateRange
				}
				return t, nil
			}
		}
	}
	if len(builtin) > 0 {
		// A month's name in Spanish, French, Portuguese or Indonesian ("5 de marzo de 2024",
		// "05-ene-2024", "5 mars 2024", "5 Maret 2024"): the same date with the English one,
		// which Go's layouts read (attack-2026-12-04c, lows: quarantined, and the fix offered,
		// a Go layout, reads English names only).
		if e, ok := englishMonth(s); ok && e != s {
			return normDate(e, nil, builtin, now, tz)
		}
	}
	return time.Time{}, errDate
}

// foreignMonths maps the months' names (and their usual abbreviations) of Spanish, French,
// Portuguese and Indonesian, lower case, onto the English abbreviation. No name is another
// month's in another language.
var foreignMonths = func() map[string]string {
	m := map[string]string{}
	for i, names := range [12]string{
		"enero ene janvier janv janvi janeiro jan januari",
		"febrero feb février fevrier févr fevr fév fev fevereiro februari pebruari",
		"marzo mars março marco maret mar",
		"abril abr avril avr april apr",
		"mayo may mai maio mei",
		"junio jun juin junho juni",
		"julio jul juillet juil julho juli",
		"agosto ago août aout aoû aou agustus agu agt",
		"septiembre setiembre sep sept set septembre setembro september",
		"octubre oct octobre outubro out oktober okt",
		"noviembre nov novembre novembro november nop",
		"diciembre dic décembre decembre déc dec dezembro dez desember des",
	} {
		for _, n := range strings.Fields(names) {
			m[n] = time.Month(i + 1).String()[:3]
		}
	}
	return m
}()

// englishMonth writes a date that names its month in Spanish, French, Portuguese or
// Indonesian with the English abbreviation, dropping Spanish's and Portuguese's "de" ("5 de
// marzo de 2024") and a stop after the name ("5 mars. 2024"); ok when it named one.
func englishMonth(s string) (string, bool) {
	var b strings.Builder
	found := false
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) {
			b.WriteRune(r)
			i += n
			continue
		}
		j := i
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if !unicode.IsLetter(r) {
				break
			}
			j += n
		}
		w := strings.ToLower(s[i:j])
		switch en, ok := foreignMonths[w]; {
		case ok && !found:
			found = true
			b.WriteString(en)
			if j < len(s) && s[j] == '.' {
				j++
			}
		case w == "de" || w == "del":
			for j < len(s) && s[j] == ' ' {
				j++
			}
		default:
			return "", false // another word: not a date of these forms
		}
		i = j
	}
	if !found {
		return "", false
	}
	return strings.Join(strings.Fields(b.String()), " "), true
}

// zoned reports whether a date layout reads a zone's offset (Z, +05:45).
func zoned(layout string) bool {
	return strings.Contains(layout, "Z07") || strings.Contains(layout, "-07")
}

// errUTCText is normDate's error for an instant written in UTC at a time of day other than
// midnight, read without the mapping's time_zone.
var errUTCText = errors.New("an instant written in UTC (ending in Z or +00:00, as ODK Central's SubmissionDate; or KoboToolbox's _submission_time, UTC unmarked) at a time of day other than midnight: " +
	"the date where it was recorded may be the day before or after the UTC one, and is not guessed; " +
	"set time_zone: in the source's config to the zone in which the records were made (Asia/Kathmandu, Asia/Kolkata, ...)")

func normYear(v string, now time.Time) (int, error) {
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), ".0"))
	if err != nil {
		return 0, errNotNumber
	}
	if n < 1950 || n > now.Year() {
		return 0, errYearRange
	}
	return n, nil
}

// looksLikeBand reports whether v has the shape of a band of years: two runs of digits with
// a dash (or "to") between them, as in "2014-2018" or "2014 – 2018".
func looksLikeBand(v string) bool {
	lo, hi, ok := splitBand(v)
	return ok && isDigits(lo) && isDigits(hi)
}

// splitBand splits "2014-2018", "2014 - 2018", "2014–2018" or "2014 to 2018" into its ends.
func splitBand(v string) (lo, hi string, ok bool) {
	v = strings.TrimSpace(v)
	for _, sep := range []string{"-", "–", "—", "/", " to "} {
		if a, b, found := strings.Cut(v, sep); found {
			return strings.TrimSpace(a), strings.TrimSpace(b), true
		}
	}
	return "", "", false
}

// normBand reads a band of registration years, "YYYY-YYYY" (CTDC's yearRegister), into that
// form: both ends four-digit years from 1950 to now, the first not after the second.
func normBand(v string, now time.Time) (string, error) {
	a, b, ok := splitBand(v)
	if !ok || len(a) != 4 || len(b) != 4 || !isDigits(a) || !isDigits(b) {
		return "", errBand
	}
	lo, _ := strconv.Atoi(a)
	hi, _ := strconv.Atoi(b)
	if lo < 1950 || hi > now.Year() {
		return "", errYearRange
	}
	if lo > hi {
		return "", errBand
	}
	return a + "-" + b, nil
}

// bandYears returns the first and last years of a band as normBand writes it.
func bandYears(band string) (lo, hi int) {
	lo, _ = strconv.Atoi(band[:4])
	hi, _ = strconv.Atoi(band[5:])
	return lo, hi
}

func normCountry(v string) (string, error) {
	if t := strings.TrimSpace(v); dittoValue(t) && t != strings.ToUpper(t) {
		return "", errCountryAbbrev // "-do-", "Do", "do": the ditto, not the Dominican Republic's code
	}
	if unknownCountry(v) {
		return "", errCountryAbbrev
	}
	if c, ok := geo.LookupCountry(v); ok {
		return c, nil
	}
	if c, _, ok := geo.LookupPath(v); ok { // "IN > West Bengal" in a country column
		return c, nil
	}
	if c, ok := demonyms[fold(v)]; ok {
		return c, nil
	}
	switch fold(v) {
	case "stateless", "statelessperson", "nonationality", "nocitizenship", "withoutnationality",
		"apatride", "apatrida", "apátrida", "staatenlos":
		return "", errStateless
	}
	if _, amb := geo.AmbiguousCountry(v); amb {
		return "", errCountryAmbiguous
	}
	if initialsCode(v) {
		return "", errCountryAbbrev
	}
	return "", errCountry
}

// unknownWords are two letters in lower case that registers write for "not recorded", "don't
// know", "not applicable" and the answer "no", though each is a country's code too (Nauru,
// Denmark, Namibia, Norway): refused, where KoboToolbox's lower-case codes of the countries
// the organisations work in ("in", "bd", "so", "ne") are read (attack-2026-12-06e E2). "uk" is
// "unknown" too: the United Kingdom's code is "gb" (ISO's and KoboToolbox's), so only "UK" and
// "U.K." in capitals are read as it (attack-2026-12-06f F2). Matched with the dots taken out.
var unknownWords = map[string]bool{"nr": true, "dk": true, "na": true, "no": true, "uk": true}

// unknownCountry reports whether a country value is one of unknownWords, in lower case ("nr",
// "uk", "u.k": lower case is no country's code here) or in title case ("Uk", "U.k": a word, as
// "No" and "In" are: attack-2026-12-06f F2). The keys are lower case, so "NR", "UK" are none of
// them, and a code read ("AF") is not copied into lower case first (a hot path).
func unknownCountry(v string) bool {
	t := strings.ReplaceAll(strings.TrimSpace(v), ".", "")
	return unknownWords[t] || len(t) == 2 && 'A' <= t[0] && t[0] <= 'Z' && 'a' <= t[1] && t[1] <= 'z' &&
		unknownWords[string([]byte{t[0] + 'a' - 'A', t[1]})]
}

// provinceDitto reports whether a province value that names no province is a ditto ("-do-",
// "Do", "do", "Same as above", '"'): "DO" alone, in capitals, may be a code.
func provinceDitto(v string) bool {
	t := strings.TrimSpace(v)
	return dittoValue(t) && (t != strings.ToUpper(t) || strings.ContainsAny(t, "-.\"'“”〃"))
}

// initialsCode reports whether v is two letters written with punctuation or spaces ("U/K",
// "D/K", "N.A.", "N.R.", "-do-") or in title case ("Do", "No"): what geo.LookupCountry refuses
// as a register's abbreviation or a word, not a country's code (attack-2026-12-06d D10).
func initialsCode(v string) bool {
	t := strings.TrimSpace(v)
	letters := 0
	for _, r := range t {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters == 2 && (len(t) > 2 || unicode.IsUpper(rune(t[0])) && unicode.IsLower(rune(t[1])))
}

// demonyms are the adjectives of nationality that a register writes in a citizenship column
// ("Afghan", "Pakistani": attack-2026-12-03d, lows), for the countries the organisations work
// in and with, folded. Each names one country's citizens: "Congolese", "Korean" name two, and
// "Tajik", "Uzbek", "Turkmen", "Bengali", "Persian", "Chinese" peoples within other countries
// (Afghanistan's Tajiks, India's Bengalis), so they are left out.
var demonyms = map[string]string{
	"afghan": "AF", "afghani": "AF", "afghanistani": "AF", "pakistani": "PK", "iranian": "IR",
	"indian": "IN", "nepali": "NP", "nepalese": "NP", "bangladeshi": "BD", "srilankan": "LK",
	"bhutanese": "BT", "maldivian": "MV", "burmese": "MM", "myanmarese": "MM", "cambodian": "KH", "khmer": "KH",
	"thai": "TH", "vietnamese": "VN", "lao": "LA", "laotian": "LA", "filipino": "PH", "filipina": "PH",
	"indonesian": "ID", "malaysian": "MY", "tajikistani": "TJ", "uzbekistani": "UZ",
	"iraqi": "IQ", "syrian": "SY", "saudi": "SA", "emirati": "AE",
	"qatari": "QA", "kuwaiti": "KW", "omani": "OM", "bahraini": "BH", "yemeni": "YE", "jordanian": "JO",
	"lebanese": "LB", "turkish": "TR", "egyptian": "EG", "sudanese": "SD", "southsudanese": "SS",
	"eritrean": "ER", "ethiopian": "ET", "somali": "SO", "kenyan": "KE", "ugandan": "UG", "nigerian": "NG",
	"ghanaian": "GH", "russian": "RU", "ukrainian": "UA", "moldovan": "MD", "romanian": "RO", "albanian": "AL",
}

// errStateless is a citizenship of no country: the release has no code for it.
var errStateless = errors.New("stateless: a citizenship of no country, for which the release has no code")

// ambiguousCountries says, for a remedy, which names are refused as meaning more than one
// country and what to write instead: `"Congo": CG "Republic of the Congo" or CD "Democratic
// Republic of the Congo"; ...`. It is the same for every row: it never says which name a row has.
func ambiguousCountries() string {
	var b strings.Builder
	for i, a := range geo.AmbiguousCountries() {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%q: ", a.Name)
		for j, m := range a.Meanings {
			if j > 0 {
				b.WriteString(" or ")
			}
			fmt.Fprintf(&b, "%s %q", m.Code, m.Name)
		}
		if a.Note != "" {
			b.WriteString(" " + a.Note)
		}
	}
	return b.String()
}

func normBool(v string) (bool, error) {
	switch v { // the usual spellings, before folding
	case "true", "1", "TRUE", "True", "yes", "Yes":
		return true, nil
	case "false", "0", "FALSE", "False", "no", "No":
		return false, nil
	}
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "1", "true", "yes", "y", "t":
		return true, nil
	case "0", "false", "no", "n", "f":
		return false, nil
	}
	return false, errBool
}

// normBoolWords is normBool for a value of the input, which may say yes or no in the
// register's language too (a form's Yes/No column in Spanish, Portuguese, French or
// Indonesian: attack-2026-12-05b U6); a config's values: target is normBool's.
func normBoolWords(v string) (bool, error) {
	b, err := normBool(v)
	if err != nil {
		if w, ok := boolWords[strings.ToLower(strings.TrimSpace(v))]; ok {
			return w, nil
		}
	}
	return b, err
}

// boolWords are yes and no in the register's other languages (normBool).
var boolWords = map[string]bool{"sí": true, "si": true, "sim": true, "oui": true, "ya": true, "verdadero": true,
	"verdadeiro": true, "vrai": true, "benar": true, "não": false, "nao": false, "non": false, "tidak": false,
	"falso": false, "faux": false, "salah": false}

// Controlled vocabularies for the released free-form fields: anything else becomes "other", so
// that no free text (which may hold a name) reaches a release through them.
var labourSectors = vocabulary("agriculture", "construction", "domestic_work", "fishing", "manufacturing",
	"hospitality", "mining", "begging", "entertainment", "transport", "other")

var recruiterRelations = vocabulary("family", "intimate_partner", "friend", "acquaintance", "employer",
	"stranger", "other")

func vocabulary(words ...string) map[string]string {
	m := make(map[string]string, len(words))
	for _, w := range words {
		m[fold(w)] = w
	}
	return m
}

var vocabSynonyms = map[string]string{
	"farm": "agriculture", "farming": "agriculture", "domestic": "domestic_work", "domesticservitude": "domestic_work",
	"factory": "manufacturing", "brickkiln": "manufacturing", "garment": "manufacturing", "fisheries": "fishing",
	"restaurant": "hospitality", "hotel": "hospitality", "partner": "intimate_partner",
	"intimatepartner": "intimate_partner", "familymember": "family", "relative": "family",
	"strangerunknownother": "stranger", "unknown": "other",
	// CTDC's own spellings (recruiterRelation "Family/Relative", typeOfLabour "Mining or
	// drilling", "Transportation"), which became "other"
	"familyrelative": "family", "miningordrilling": "mining", "transportation": "transport",
}

// normVocab maps v into vocab; unknown words become "other" (counted by the caller).
func normVocab(v string, vocab map[string]string) (string, bool) {
	k := fold(v)
	if w, ok := vocab[k]; ok {
		return w, true
	}
	if w, ok := vocabSynonyms[k]; ok {
		if _, in := vocab[fold(w)]; in {
			return w, true
		}
	}
	return "other", false
}

// exploitationLabels maps folded labels of forms of exploitation onto the flag fields.
var exploitationLabels = map[string]string{
	"sexualexploitation": schema.IsSexualExploitation, "sexual": schema.IsSexualExploitation,
	"sex": schema.IsSexualExploitation, "commercialsexualexploitation": schema.IsSexualExploitation,
	"prostitution": schema.IsSexualExploitation, "sextrafficking": schema.IsSexualExploitation,
	"forcedlabour": schema.IsForcedLabour, "forcedlabor": schema.IsForcedLabour, "labour": schema.IsForcedLabour,
	"labor": schema.IsForcedLabour, "bondedlabour": schema.IsForcedLabour, "labourexploitation": schema.IsForcedLabour,
	"forcedmarriage": schema.IsForcedMarriage, "marriage": schema.IsForcedMarriage, "childmarriage": schema.IsForcedMarriage,
	"forcedmilitary": schema.IsForcedMilitary, "military": schema.IsForcedMilitary, "childsoldier": schema.IsForcedMilitary,
	"armedgroup": schema.IsForcedMilitary, "forcedmilitaryservice": schema.IsForcedMilitary,
	"other": schema.IsOtherExploitation, "otherexploitation": schema.IsOtherExploitation,
	"otherform": schema.IsOtherExploitation, "otherforms": schema.IsOtherExploitation,
	// Forced begging is forced labour: CTDC's typeOfLabour lists begging among the kinds of
	// labour of isForcedLabour, and the ILO's estimates count it there (read as other, it
	// fell out of the forced labour counts; attack-2026-12-01f, lows).
	"forcedbegging": schema.IsForcedLabour, "begging": schema.IsForcedLabour,
	"forcedcriminality": schema.IsOtherExploitation, "organremoval": schema.IsOtherExploitation,
	"removaloforgans": schema.IsOtherExploitation,
}

// exploitationPhrases are the standard terms of the forms in Spanish, French, Portuguese and
// Indonesian, and English terms of a form the labels above miss (attack-2026-12-04b, lows: read
// as no known form, their rows were quarantined); each is read with and without its accents.
var exploitationPhrases = map[string][]string{
	schema.IsSexualExploitation: {"explotación sexual", "explotación sexual comercial", "prostitución forzada",
		"exploitation sexuelle", "exploitation sexuelle commerciale", "prostitution forcée", "exploração sexual",
		"exploração sexual comercial", "prostituição forçada", "eksploitasi seksual", "prostitusi paksa",
		"online sexual exploitation", "online child sexual exploitation", "osec", "sextortion", "sexual exploitation online"},
	schema.IsForcedLabour: {"explotación laboral", "trabajo forzoso", "trabajo forzado", "trabajos forzados", "servidumbre",
		"servidumbre doméstica", "servidumbre por deudas", "mendicidad", "mendicidad forzada", "exploitation par le travail",
		"exploitation économique", "travail forcé", "servitude domestique", "servitude pour dettes", "mendicité forcée",
		"exploração laboral", "exploração do trabalho", "trabalho forçado", "trabalho escravo", "servidão doméstica",
		"servidão por dívidas", "mendicância forçada", "kerja paksa", "eksploitasi tenaga kerja", "eksploitasi kerja",
		"kerja ijon", "domestic servitude", "debt bondage", "bonded labor", "forced domestic work", "labour trafficking",
		"labor trafficking", "labour exploitation", "labor exploitation"},
	schema.IsForcedMarriage: {"matrimonio forzado", "matrimonio forzoso", "matrimonio infantil", "mariage forcé",
		"mariage d'enfants", "mariage précoce", "casamento forçado", "casamento infantil", "pernikahan paksa", "kawin paksa",
		"perkawinan anak", "pernikahan anak", "early marriage", "child marriage"},
	schema.IsForcedMilitary: {"reclutamiento forzado", "reclutamiento forzoso", "niños soldados", "niño soldado",
		"niños soldado", "enfants soldats", "enfant soldat", "recrutement forcé", "crianças soldados", "criança soldado",
		"recrutamento forçado", "tentara anak", "child soldiers", "recruitment by armed groups", "armed groups"},
	schema.IsOtherExploitation: {"criminalidad forzada", "extracción de órganos", "tráfico de órganos", "criminalité forcée",
		"prélèvement d'organes", "trafic d'organes", "criminalidade forçada", "remoção de órgãos", "tráfico de órgãos",
		"organ trafficking", "organ harvesting", "forced criminal activity"},
}

// boysForms are the forms registers of boys' exploitation write (attack-2026-12-04d, lows: each
// quarantined as no known form, so a programme for boys lost its rows). Each is read as the
// form its sources count it under:
//   - bacha bazi ("boy play"; in English "dancing boys"): men's sexual exploitation of boys
//     for entertainment, in Afghanistan and Pakistan (US Department of State, Trafficking in
//     Persons Report, Afghanistan: "sexual exploitation of boys ... bacha bazi"; UNAMA).
//   - CAAFAG, children associated with armed forces or armed groups (the Paris Principles,
//     2007, 2.1: recruited or used in any capacity), recruitment and use by armed forces or
//     groups (UN Security Council resolution 1612's grave violation; the Palermo Protocol's
//     forced service): CTDC's isForcedMilitary (forced military service, child soldiers).
//   - camel jockeys, brick kilns, carpet weaving, domestic work: the forced and bonded labour
//     of children the ILO names (Worst Forms of Child Labour Convention 182; its estimates of
//     forced labour count domestic work, brick kilns and carpet weaving); CTDC's typeOfLabour
//     lists domestic work and manufacturing under isForcedLabour.
var boysForms = map[string][]string{
	schema.IsSexualExploitation: {"bacha bazi", "bacha-bazi", "bachabazi", "batcha bazi", "bacha baazi",
		"dancing boys", "dancing boy"},
	schema.IsForcedMilitary: {"caafag", "child associated with armed forces", "children associated with armed forces",
		"child associated with armed forces or armed groups", "children associated with armed forces or armed groups",
		"children associated with armed forces and armed groups", "child associated with armed forces and armed groups",
		"child associated with armed groups", "children associated with armed groups",
		"recruitment by armed group", "recruitment by armed forces", "recruitment by armed force",
		"recruited by armed group", "recruited by armed groups", "recruited by armed forces",
		"used by armed forces", "used by armed groups", "used by armed group", "used by armed force",
		"recruitment and use", "recruitment and use by armed forces or groups", "recruitment and use of children",
		"forced recruitment", "child recruitment", "armed group", "armed forces", "child soldier", "association with armed groups",
		"association with armed forces", "asociados a grupos armados", "niños asociados a grupos armados",
		"enfants associés aux forces et groupes armés", "enfants associés aux forces armées et groupes armés", "eafga",
		// the mission's own word ("boys trafficked for sex, labour or soldiering": attack-2026-12-05d, lows)
		"soldiering", "child soldiering", "soldier", "soldiers", "boy soldier", "boy soldiers"},
	schema.IsForcedLabour: {"camel jockey", "camel jockeys", "camel jockeying", "brick kiln", "brick kilns",
		"brick kiln work", "brick kiln labour", "brick kiln labor", "brick making", "brickmaking", "carpet weaving", "carpet weaver",
		"carpet weavers", "carpet making", "carpet industry", "domestic work", "domestic worker", "domestic labour", "domestic labor",
		"child domestic work", "child domestic worker", "child domestic labour", "child domestic labor"},
}

func init() {
	plain := strings.NewReplacer("á", "a", "à", "a", "â", "a", "ã", "a", "é", "e", "è", "e", "ê", "e", "í", "i", "ó", "o",
		"ô", "o", "õ", "o", "ú", "u", "ü", "u", "ç", "c", "ñ", "n")
	for f, phs := range exploitationPhrases {
		phs = append(phs, boysForms[f]...)
		for _, ph := range phs {
			for _, k := range []string{fold(ph), fold(plain.Replace(ph))} {
				if _, ok := exploitationLabels[k]; !ok {
					exploitationLabels[k] = f
				}
			}
		}
	}
}

// unknownExploitation are the folded words registers write for a form of exploitation not
// established (Primero's and spreadsheets' "Unknown"): read as not recorded, and beside a known
// form ignored.
var unknownExploitation = map[string]bool{"unknown": true, "notknown": true, "notrecorded": true, "unspecified": true}

// exploitationFlags reads a list of labels joined by ";", ",", "|" (or Primero's " ||| "), one
// per line (a cell typed with Alt+Enter), or
// KoboToolbox's select_multiple answer: option names joined by spaces
// ("sexual_exploitation forced_labour"). A listed form is true, an unlisted one false (the list
// is taken as complete). The flags come in schema.ExploitationFlags order; the sixth says
// whether the list had any label at all (else it sets nothing), the seventh that a label names
// no known form (the caller quarantines the row, or counts it as other exploitation when the
// mapping says so: never silently). Flags given in their own columns win over the list.
func exploitationFlags(v string) [7]bool {
	var out [7]bool
	set := func(f string) {
		for i, e := range schema.ExploitationFlags {
			if e.Field == f {
				out[i] = true
			}
		}
	}
	var parts []string
	if unknownExploitation[fold(v)] {
		return out // "Not known": no label
	}
	if strings.ContainsAny(v, ";,|\n\r") {
		parts = strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == ',' || r == '|' || r == '\n' || r == '\r' })
	} else if _, ok := exploitationLabels[fold(v)]; ok || !strings.ContainsAny(strings.TrimSpace(v), " \t") {
		parts = []string{v}
	} else {
		// Several words: one label ("Sexual exploitation" is known above), or a Kobo answer
		// whose every word is an option name.
		parts = strings.Fields(v)
	}
	for _, part := range parts {
		if strings.TrimSpace(part) == "" || unknownExploitation[fold(part)] {
			continue // "Unknown" is no form: not recorded, as N/A is (attack-2026-12-02a finding 12)
		}
		out[5] = true
		f, ok := exploitationLabels[fold(part)]
		if !ok {
			out[6] = true
			continue
		}
		set(f)
	}
	return out
}

// normDistrict tidies a district name: spacing collapsed, and a name written all in capitals or
// all in lower case capitalized word by word ("PUNE", "pune" -> "Pune"), so that one district
// is one value. A value unlike a place name, which is more likely a note or an address that
// would be released as a quasi-identifier, is an error.
func normDistrict(v string) (string, error) {
	v = strings.Join(strings.Fields(v), " ")
	if strings.ContainsRune(v, '@') || strings.IndexFunc(v, unicode.IsLetter) < 0 ||
		!utf8.ValidString(v) || strings.IndexFunc(v, unicode.IsControl) >= 0 {
		return "", errDistrict
	}
	if v == strings.ToUpper(v) || v == strings.ToLower(v) {
		words := strings.Fields(strings.ToLower(v))
		for i, w := range words {
			r, n := utf8.DecodeRuneInString(w)
			words[i] = string(unicode.ToTitle(r)) + w[n:]
		}
		v = strings.Join(words, " ")
	} else {
		v = strings.Clone(v) // cached: must not point into the input's buffer
	}
	if len(v) > 64 {
		return "", errDistrict
	}
	return v, nil
}
