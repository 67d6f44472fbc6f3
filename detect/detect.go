// Package detect finds columns that look like direct identifiers: names, phone numbers, e-mail
// addresses, identity and passport numbers, addresses, exact dates (of birth) and free text. It
// looks at a column's header (words in the languages the ingest presets know: English, French,
// Spanish and Portuguese, with common Arabic-script, Cyrillic and Dari/Persian words) and at its
// values (patterns). `prevalence anonymize` refuses to release such a column unless the user
// allows it by name, and `prevalence check` flags one in a release.
//
// A finding names the column and the kind, never a value: callers may print it.
package detect

import (
	"regexp"
	"strings"
	"time"
	"unicode"
)

// Kind is a kind of direct identifier.
type Kind string

// Kinds of identifiers found.
const (
	Name      Kind = "name"
	Phone     Kind = "phone number"
	Email     Kind = "e-mail address"
	IDNumber  Kind = "identity or passport number"
	Address   Kind = "address"
	BirthDate Kind = "date of birth or exact date"
	FreeText  Kind = "free text"
)

// Finding says why a column looks like an identifier.
type Finding struct {
	Column string
	Kind   Kind
	// By is "header" or "content".
	By string
}

func (f Finding) String() string {
	return f.Column + " (" + string(f.Kind) + ", by its " + f.By + ")"
}

// headerWords maps words (lower case, letters only) of a column header to the kind of
// identifier they announce. A header matches when one of its words is here, or when its letters
// run together contain one of the compound entries of headerRuns.
var headerWords = map[string]Kind{
	// names
	"name": Name, "names": Name, "firstname": Name, "lastname": Name, "surname": Name, "fullname": Name,
	"givenname": Name, "familyname": Name, "middlename": Name, "nickname": Name, "alias": Name,
	"forename": Name, "maidenname": Name, "caregiver": Name, "guardian": Name, "mother": Name, "father": Name,
	"nom": Name, "prenom": Name, "prénom": Name, "surnom": Name, "nombre": Name, "nombres": Name,
	"apellido": Name, "apellidos": Name, "nome": Name, "sobrenome": Name, "apelido": Name,
	"имя": Name, "фамилия": Name, "отчество": Name, "اسم": Name, "الاسم": Name, "نام": Name, "تخلص": Name,
	// phones
	"phone": Phone, "telephone": Phone, "tel": Phone, "mobile": Phone, "cell": Phone, "cellphone": Phone,
	"whatsapp": Phone, "viber": Phone, "telegram": Phone, "signal": Phone, "msisdn": Phone, "fax": Phone,
	"téléphone": Phone, "portable": Phone, "teléfono": Phone, "telefono": Phone, "celular": Phone,
	"móvil": Phone, "movil": Phone, "telefone": Phone, "телефон": Phone, "هاتف": Phone, "تلفن": Phone,
	"موبایل": Phone, "جوال": Phone,
	// e-mail and accounts
	"email": Email, "mail": Email, "courriel": Email, "correo": Email, "facebook": Email, "instagram": Email,
	"username": Email, "handle": Email, "почта": Email,
	// identity documents
	"passport": IDNumber, "passeport": IDNumber, "pasaporte": IDNumber, "passaporte": IDNumber,
	"nationalid": IDNumber, "idnumber": IDNumber, "idno": IDNumber, "ssn": IDNumber, "nin": IDNumber,
	"cedula": IDNumber, "cédula": IDNumber, "dni": IDNumber, "cpf": IDNumber, "rg": IDNumber, "nid": IDNumber,
	"tazkira": IDNumber, "tazkera": IDNumber, "паспорт": IDNumber, "جواز": IDNumber, "تذکره": IDNumber,
	"aadhaar": IDNumber, "licence": IDNumber, "license": IDNumber,
	// addresses and coordinates
	"address": Address, "adresse": Address, "dirección": Address, "direccion": Address, "endereço": Address,
	"endereco": Address, "street": Address, "rue": Address, "calle": Address, "rua": Address, "адрес": Address,
	"عنوان": Address, "آدرس": Address, "latitude": Address, "longitude": Address, "lat": Address,
	"lon": Address, "lng": Address, "gps": Address, "postcode": Address, "zip": Address, "zipcode": Address,
	// dates of birth
	"dob": BirthDate, "birth": BirthDate, "birthday": BirthDate, "birthdate": BirthDate, "born": BirthDate,
	"naissance": BirthDate, "nacimiento": BirthDate, "nascimento": BirthDate, "рождения": BirthDate,
	"تولد": BirthDate, "ميلاد": BirthDate, "الميلاد": BirthDate,
	// free text
	"notes": FreeText, "note": FreeText, "comment": FreeText, "comments": FreeText, "remarks": FreeText,
	"narrative": FreeText, "description": FreeText, "story": FreeText, "observations": FreeText,
	"observaciones": FreeText, "observações": FreeText, "commentaire": FreeText, "commentaires": FreeText,
	"remarques": FreeText, "comentarios": FreeText, "details": FreeText, "summary": FreeText,
	"примечание": FreeText, "ملاحظات": FreeText, "توضیحات": FreeText,
}

// headerRuns are compounds found inside a header's letters run together ("PrsFirstName",
// "vic_date_of_birth", "phone_number_current").
var headerRuns = []struct {
	run  string
	kind Kind
}{
	{"firstname", Name}, {"lastname", Name}, {"fullname", Name}, {"surname", Name}, {"givenname", Name},
	{"familyname", Name}, {"middlename", Name}, {"nickname", Name}, {"othernames", Name},
	{"phone", Phone}, {"mobile", Phone}, {"whatsapp", Phone}, {"email", Email},
	{"passport", IDNumber}, {"nationalid", IDNumber}, {"idnumber", IDNumber}, {"idcard", IDNumber},
	{"address", Address}, {"dateofbirth", BirthDate}, {"birthdate", BirthDate}, {"birthday", BirthDate},
	{"datenaissance", BirthDate}, {"fechanacimiento", BirthDate}, {"datanascimento", BirthDate},
	{"narrative", FreeText}, {"casenotes", FreeText},
}

// Header reports whether a column header announces an identifier.
func Header(h string) (Kind, bool) {
	for _, w := range words(h) {
		if k, ok := headerWords[w]; ok {
			return k, true
		}
	}
	run := strings.Join(words(h), "")
	for _, r := range headerRuns {
		if strings.Contains(run, r.run) {
			return r.kind, true
		}
	}
	return "", false
}

// words splits a header into lower-case words at non-letters and at lower-to-upper case changes.
func words(h string) []string {
	var out []string
	var cur []rune
	prevLower := false
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	for _, r := range h {
		switch {
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
			if unicode.IsUpper(r) && prevLower {
				flush()
			}
			cur = append(cur, r)
			prevLower = unicode.IsLower(r)
		default:
			flush()
			prevLower = false
		}
	}
	flush()
	return out
}

var (
	emailRe   = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]{2,}$`)
	phoneRe   = regexp.MustCompile(`^(\+|00)?[0-9][0-9 ().\-/]{5,22}[0-9]$`)
	idRe      = regexp.MustCompile(`^[\p{L}]{0,3}[ -]?[0-9]{6,}[\p{L}0-9]{0,3}$`)
	streetRe  = regexp.MustCompile(`(?i)\b(street|st\.|road|rd\.?|avenue|ave\.?|lane|house|flat|apt|building|village|rue|avenida|calle|rua|ulitsa|улица|شارع|کوچه|no\.)\b|\b[0-9]+[a-z]?,? [\p{L}]`)
	yearRe    = regexp.MustCompile(`\b(19|20)[0-9]{2}\b`)
	rangeRe   = regexp.MustCompile(`^[0-9]{1,4} ?[-–] ?[0-9]{1,4}$`) // a generalized band, "2020-2024"
	nameWordS = `\p{Lu}[\p{Ll}\p{M}'’.-]*`
	nameRe    = regexp.MustCompile(`^` + nameWordS + `( ` + nameWordS + `){1,3}$`)
)

var dateLayouts = []string{"2006-01-02", "02/01/2006", "01/02/2006", "2/1/2006", "02.01.2006", "02-01-2006", "2006/01/02", "2 Jan 2006", "January 2, 2006"}

func isDate(v string) bool {
	for _, l := range dateLayouts {
		if _, err := time.Parse(l, v); err == nil {
			return true
		}
	}
	return false
}

// MinValues is the number of values content detection needs before it calls a column a name,
// ID, date or free-text column; phones and e-mails are specific enough to be flagged at any
// count.
const MinValues = 3

// Content reports whether the values of a column look like identifiers. values may hold
// missing ones ("", NA, ...), which are ignored; at most the first 10,000 others are looked at.
func Content(values []string) (Kind, bool) {
	var n, email, phone, id, addr, date, name, text int
	distinct := map[string]struct{}{}
	for _, v := range values {
		v = strings.TrimSpace(v)
		switch strings.ToUpper(v) {
		case "", "NA", "N/A", "NULL", "*":
			continue
		}
		if n == 10000 {
			break
		}
		n++
		distinct[v] = struct{}{}
		digits := 0
		for _, r := range v {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		switch {
		case emailRe.MatchString(v):
			email++
		case rangeRe.MatchString(v):
		case isDate(v):
			date++
		case phoneRe.MatchString(v) && digits >= 7 && digits <= 15:
			phone++
		case idRe.MatchString(v):
			id++
		case len(strings.Fields(v)) >= 6 || len(v) > 60:
			text++
		case digits > 0 && streetRe.MatchString(v) && len(strings.Fields(v)) >= 2:
			addr++
		case nameRe.MatchString(v):
			name++
		}
	}
	if n == 0 {
		return "", false
	}
	share := func(c int) bool { return 2*c >= n } // at least half of the values
	// Values mostly different from one another (over half distinct): what identifiers are, and
	// what a k-anonymous (k ≥ 2) quasi-identifier
	// or a categorical column is not.
	varied := n >= MinValues && 2*len(distinct) > n
	switch {
	case share(email):
		return Email, true
	case share(phone):
		return Phone, true
	case share(text) && (varied || n < MinValues):
		return FreeText, true
	case share(addr) && varied:
		return Address, true
	case share(id) && varied:
		return IDNumber, true
	case share(date) && varied:
		return BirthDate, true
	case share(name) && varied:
		return Name, true
	}
	return "", false
}

// Column reports whether a column looks like an identifier by its header or its values.
func Column(header string, values []string) (Finding, bool) {
	if k, ok := Header(header); ok {
		return Finding{Column: header, Kind: k, By: "header"}, true
	}
	if k, ok := Content(values); ok {
		return Finding{Column: header, Kind: k, By: "content"}, true
	}
	return Finding{}, false
}

// SafeLabel reports whether a label that came with the data (a column header, a JSON key, a
// sheet name) may be echoed in notices, positions and manifests. A header row that was in fact
// data (a headerless file), a JSON object keyed by people's names or a sheet named after a child
// must not put those values there, so a label is refused when it could be one: longer than 40
// characters, not starting with a letter or "_", holding "@", a control character, three
// digits or more, or looking like a person's name (two to four capitalized words), a date, a
// phone number or an e-mail address. Callers then name the column, key or sheet by position.
func SafeLabel(s string) bool {
	if s == "" || len([]rune(s)) > 40 || strings.ContainsAny(s, "@<>=+\"'`\\") {
		return false
	}
	first := []rune(s)[0]
	if !unicode.IsLetter(first) && first != '_' {
		return false
	}
	digits := 0
	for _, r := range yearRe.ReplaceAllString(s, "") { // "Cases 2024": a year is no identifier

		if unicode.IsControl(r) {
			return false
		}
		if unicode.IsDigit(r) {
			digits++
		}
	}
	if digits >= 3 || isDate(s) || emailRe.MatchString(s) {
		return false
	}
	// Each segment of a nested path ("contacts.Asha Devi.age", Kobo's "group/field").
	for _, seg := range strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == '/' }) {
		if nameRe.MatchString(strings.TrimSpace(seg)) {
			return false
		}
	}
	if _, ok := Header(s); ok {
		return true // a header word the presets know: "phone", "Date of birth"
	}
	// Lower-case words or one capitalized word: a header, not "Asha Devi".
	return len(strings.Fields(s)) <= 5
}

// Label returns s when SafeLabel allows it, else fallback (a position: "column 3", "sheet 2").
func Label(s, fallback string) string {
	if SafeLabel(s) {
		return s
	}
	return fallback
}
