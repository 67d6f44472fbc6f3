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
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/prevalence/prevalence/geo"
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
	// Place: a room or bed ("Room 3 bed 2") or a school named ("Herat Girls High School"):
	// where a child sleeps or studies.
	Place Kind = "room, bed or school"
)

// Finding says why a column looks like an identifier.
type Finding struct {
	Column string
	Kind   Kind
	// By is "header" or "content".
	By string
	// Within: found inside the values' text ("called +93 ..."), not as whole values.
	Within bool
	// Zawgyi: names found by content in Burmese text in the Zawgyi font's encoding alone
	// (myanmarUnread), whose words cannot be told from names: a column of categories so
	// written (provinces, occupations) is refused as names too, and the caller says why.
	Zawgyi bool
}

func (f Finding) String() string {
	if f.Within {
		return f.Column + " (" + string(f.Kind) + " inside its text, by its content)"
	}
	if f.Zawgyi {
		return f.Column + " (" + string(f.Kind) + ", by its content: Burmese in the Zawgyi font, whose words cannot be told from names)"
	}
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
	// Bengali, Devanagari, Thai, Khmer, Burmese (privacy-side-doors30: "পিতার নাম", "ชื่อ สกุล")
	"নাম": Name, "नाम": Name, "ชื่อ": Name, "สกุล": Name, "นามสกุล": Name, "ឈ្មោះ": Name, "အမည်": Name,
	// Ukrainian, Chinese, Korean, Amharic and Tigrinya (privacy-side-doors31: the words of
	// attack-2026-12-05e X6's scripts)
	"прізвище": Name, "姓名": Name, "名字": Name, "姓氏": Name, "이름": Name, "성명": Name, "성함": Name,
	"ስም": Name, "ሽም": Name,
	// Indonesian and Malay (privacy-side-doors34): "Nama", "nama_lengkap", "nama_ayah"; a given
	// name of the lists too, so alone it was withheld as one (SafeLabel's one-word rule), and a
	// column of names under it was found by its content only
	"nama": Name,
	// phones
	"phone": Phone, "telephone": Phone, "tel": Phone, "mobile": Phone, "cell": Phone, "cellphone": Phone,
	"whatsapp": Phone, "viber": Phone, "telegram": Phone, "signal": Phone, "msisdn": Phone, "fax": Phone,
	"téléphone": Phone, "portable": Phone, "teléfono": Phone, "telefono": Phone, "celular": Phone,
	"móvil": Phone, "movil": Phone, "telefone": Phone, "телефон": Phone, "هاتف": Phone, "تلفن": Phone,
	"موبایل": Phone, "جوال": Phone, "الهاتف": Phone, "الجوال": Phone, "فون": Phone, "মোবাইল": Phone, "ফোন": Phone,
	"मोबाइल": Phone, "फोन": Phone, "फ़ोन": Phone, "โทรศัพท์": Phone, "ទូរស័ព្ទ": Phone, "ဖုန်း": Phone,
	"电话": Phone, "電話": Phone, "手机": Phone, "手機": Phone, "联系电话": Phone, "聯絡電話": Phone, "电话号码": Phone,
	"電話號碼": Phone, "手机号": Phone, "手机号码": Phone, "전화": Phone, "전화번호": Phone, "휴대폰": Phone,
	"핸드폰": Phone, "연락처": Phone, "ስልክ": Phone, "ተሌፎን": Phone, "เบอร์โทร": Phone, "เบอร์โทรศัพท์": Phone,
	// e-mail and accounts
	"email": Email, "mail": Email, "courriel": Email, "correo": Email, "facebook": Email, "instagram": Email,
	"username": Email, "handle": Email, "почта": Email,
	// identity documents
	"passport": IDNumber, "passeport": IDNumber, "pasaporte": IDNumber, "passaporte": IDNumber,
	"nationalid": IDNumber, "idnumber": IDNumber, "idno": IDNumber, "ssn": IDNumber, "nin": IDNumber,
	"cedula": IDNumber, "cédula": IDNumber, "dni": IDNumber, "cpf": IDNumber, "rg": IDNumber, "nid": IDNumber,
	"tazkira": IDNumber, "tazkera": IDNumber, "паспорт": IDNumber, "جواز": IDNumber, "تذکره": IDNumber,
	"aadhaar": IDNumber, "licence": IDNumber, "license": IDNumber,
	"身份证": IDNumber, "身份證": IDNumber, "身份证号": IDNumber, "身份证号码": IDNumber, "护照": IDNumber,
	"護照": IDNumber, "여권": IDNumber, "주민등록번호": IDNumber, "ፓስፖርት": IDNumber, "паспорта": IDNumber,
	"หนังสือเดินทาง": IDNumber, "บัตรประชาชน": IDNumber, "เลขบัตรประชาชน": IDNumber, "លិខិតឆ្លងដែន": IDNumber,
	// addresses and coordinates
	"address": Address, "adresse": Address, "dirección": Address, "direccion": Address, "endereço": Address,
	"endereco": Address, "street": Address, "rue": Address, "calle": Address, "rua": Address, "адрес": Address,
	"عنوان": Address, "العنوان": Address, "آدرس": Address, "پتہ": Address, "ঠিকানা": Address, "पता": Address,
	"адреса": Address, "地址": Address, "住址": Address, "家庭住址": Address, "주소": Address, "አድራሻ": Address,
	"ኣድራሻ": Address, "ठेगाना": Address, "ที่อยู่": Address, "អាសយដ្ឋាន": Address, "လိပ်စာ": Address, "နေရပ်လိပ်စာ": Address, "latitude": Address, "longitude": Address, "lat": Address,
	"lon": Address, "lng": Address, "gps": Address, "postcode": Address, "zip": Address, "zipcode": Address,
	// dates of birth
	"dob": BirthDate, "birth": BirthDate, "birthday": BirthDate, "birthdate": BirthDate, "born": BirthDate,
	"naissance": BirthDate, "nacimiento": BirthDate, "nascimento": BirthDate, "рождения": BirthDate,
	"تولد": BirthDate, "ميلاد": BirthDate, "الميلاد": BirthDate, "پیدائش": BirthDate, "জন্ম": BirthDate,
	"जन्म": BirthDate, "เกิด": BirthDate, "วันเกิด": BirthDate, "កំណើត": BirthDate, "မွေး": BirthDate,
	"народження": BirthDate, "出生日期": BirthDate, "生日": BirthDate, "出生年月": BirthDate, "出生年月日": BirthDate,
	"생년월일": BirthDate, "생일": BirthDate, "የትውልድ": BirthDate, "ትውልድ": BirthDate, "ថ្ងៃខែឆ្នាំកំណើត": BirthDate,
	// free text: a caseworker's words may hold anyone's name, phone or address. Primero's
	// note_text, followup_comments, closure_approved_comments and *_other ("If other, please
	// specify"), Kobo's _notes and HTCDS's Long Text fields (CaseComment, Description,
	// ...Details) are among them.
	"notes": FreeText, "note": FreeText, "comment": FreeText, "comments": FreeText, "remarks": FreeText,
	"remark": FreeText, "narrative": FreeText, "narratives": FreeText, "description": FreeText,
	"descriptions": FreeText, "story": FreeText, "stories": FreeText, "observation": FreeText,
	"observations": FreeText, "details": FreeText, "detail": FreeText, "summary": FreeText,
	"explanation": FreeText, "explain": FreeText, "specify": FreeText, "specified": FreeText,
	"memo": FreeText, "freetext": FreeText, "verbatim": FreeText, "transcript": FreeText,
	"observaciones": FreeText, "observación": FreeText, "observacion": FreeText, "observações": FreeText,
	"observação": FreeText, "observacao": FreeText, "observacoes": FreeText, "commentaire": FreeText,
	"commentaires": FreeText, "remarque": FreeText, "remarques": FreeText, "comentario": FreeText,
	"comentarios": FreeText, "comentário": FreeText, "comentários": FreeText, "nota": FreeText,
	"notas": FreeText, "narrativa": FreeText, "relato": FreeText, "récit": FreeText, "recit": FreeText,
	"descripción": FreeText, "descripcion": FreeText, "descrição": FreeText, "descricao": FreeText,
	"détails": FreeText, "detalles": FreeText, "detalhes": FreeText, "précisez": FreeText,
	"especifique": FreeText, "примечание": FreeText, "примечания": FreeText, "комментарий": FreeText,
	"комментарии": FreeText, "описание": FreeText, "ملاحظات": FreeText, "ملاحظة": FreeText,
	"تعليق": FreeText, "تعليقات": FreeText, "وصف": FreeText, "توضیحات": FreeText, "یادداشت": FreeText,
	"شرح": FreeText, "备注": FreeText, "備註": FreeText, "说明": FreeText, "說明": FreeText, "비고": FreeText,
	"메모": FreeText, "หมายเหตุ": FreeText, "សម្គាល់": FreeText, "កំណត់សម្គាល់": FreeText, "ማስታወሻ": FreeText,
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
	{"narrative", FreeText}, {"casenotes", FreeText}, {"comment", FreeText}, {"remark", FreeText},
	{"observation", FreeText}, {"description", FreeText},
}

// Header reports whether a column header announces an identifier. Free text wins over the
// other kinds ("mother_remarks" is free text, not a name), since it is never released.
func Header(h string) (Kind, bool) {
	ws := HeaderWords(norm.NFC.String(h)) // "फ़ोन" typed with U+095E or with a nukta
	var found Kind
	for _, w := range ws {
		if k, ok := headerWords[w]; ok {
			if k == FreeText {
				return k, true
			}
			if found == "" {
				found = k
			}
		}
	}
	// Primero's "closure_reason_other", Kobo's "sector_other": the text of "If other, please
	// specify".
	if len(ws) >= 2 && ws[len(ws)-1] == "other" {
		return FreeText, true
	}
	run := strings.Join(ws, "")
	for _, r := range headerRuns {
		if strings.Contains(run, r.run) && (found == "" || r.kind == FreeText) {
			return r.kind, true
		}
	}
	if found != "" {
		return found, true
	}
	return "", false
}

// HeaderWords splits a header into lower-case words at what is neither a letter nor a mark
// and at lower-to-upper case changes ("householdId", "HH_ID", "sibling group").
func HeaderWords(h string) []string {
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
		case unicode.IsLetter(r) || unicode.IsMark(r):
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

// MinPhrases is the number of different short phrases (three to five words) content detection
// needs before it calls a column free text: three rows of three categories are no text.
const MinPhrases = 4

// Content reports whether the values of a column look like identifiers, or hold some inside
// their text ("called +93 700 123 456"). values may hold missing ones ("", NA, ...), which are
// ignored; at most the first 10,000 others are looked at.
func Content(values []string) (Kind, bool) {
	k, _, ok := content(values)
	return k, ok
}

// content is Content, and whether the identifiers were found inside the values' text rather
// than as whole values.
func content(values []string) (kind Kind, within, ok bool) {
	var n, email, phone, id, addr, date, name, text, wordy, initials, place int
	var inEmail, inPhone, inID, inName, given, givenWhole int
	distinct := map[string]struct{}{}
	phrases := map[string]struct{}{}
	namesIn := map[string]struct{}{}
	givenSeen := map[string]struct{}{}
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
		digits, letterWords := 0, 0
		for _, r := range v {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		fields := strings.Fields(v)
		for _, f := range fields {
			if strings.IndexFunc(f, unicode.IsLetter) >= 0 {
				letterWords++
			}
		}
		whole := true
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
		case len(fields) >= 6 || len(v) > 60:
			text++
			whole = false
		case roomRe.MatchString(v) || schoolName(v):
			place++
		case initialsRe.MatchString(v) && strings.Contains(v, "."):
			initials++
		case digits > 0 && streetRe.MatchString(v) && len(fields) >= 2:
			addr++
			whole = false // "case 1234567 referred" reads as an address too
		case nameRe.MatchString(v):
			name++
		default:
			whole = false
			if len(fields) >= 3 && letterWords >= 1 {
				wordy++ // a phrase: free text when the column's phrases are mostly different
				phrases[v] = struct{}{}
			}
		}
		// A given name of the lists, alone ("Zarmina"), with a relation ("Karim (mother)") or
		// inside a phrase ("referred by uncle Karim").
		if g, alone := givenIn(v); g != "" {
			given++
			givenSeen[g] = struct{}{}
			if alone {
				givenWhole++
			}
		}
		if whole || letterWords == 0 {
			continue // a bare number is no text: its digits are read as a whole value
		}
		// Identifiers inside a text: one is enough, as a whole phone or e-mail is.
		if emailInRe.MatchString(v) {
			inEmail++
		}
		for _, ix := range digitRunRe.FindAllStringIndex(v, -1) {
			switch numberKind(v[ix[0]:ix[1]], moneyBeside(v, ix[0], ix[1])) {
			case Phone:
				inPhone++
			case IDNumber:
				inID++
			}
		}
		if m := nameIn(v); m != "" {
			inName++
			namesIn[m] = struct{}{}
		}
	}
	if n == 0 {
		return "", false, false
	}
	share := func(c int) bool { return 2*c >= n } // at least half of the values
	// Values mostly different from one another (over half distinct): what identifiers are, and
	// what a k-anonymous (k ≥ 2) quasi-identifier
	// or a categorical column is not.
	varied := n >= MinValues && 2*len(distinct) > n
	switch {
	case share(email):
		return Email, false, true
	case share(phone):
		return Phone, false, true
	case share(text) && (varied || n < MinValues):
		return FreeText, false, true
	// Short phrases: four different ones at least, since a kept categorical column of a small
	// file may hold three ("Forced labour in agriculture", ...) in three rows.
	case share(text+wordy) && varied && len(phrases)+text >= MinPhrases:
		return FreeText, false, true
	case inEmail > 0:
		return Email, true, true
	case inPhone > 0:
		return Phone, true, true
	case inID > 0:
		return IDNumber, true, true
	// Names inside phrases ("mother Asha Devi visited"), mostly different ones: a place named
	// in every row ("moved to Kabul City") is a category.
	case len(namesIn) >= MinValues && 2*len(namesIn) > inName:
		return Name, true, true
	// Given names of the lists (GivenName), three different ones at least: in half the values
	// or more ("Zarmina", "Karim (mother)", "referred by uncle Karim": a few names repeat in a
	// column of helpers or contacts), or mostly different ones among a few values.
	case len(givenSeen) >= MinValues && (share(given) || 2*len(givenSeen) > given):
		return Name, 2*givenWhole < given, true
	case share(initials) && len(distinct) >= MinValues:
		return Name, false, true
	// Rooms, beds and schools named, repeated or not: they say where a child is.
	case share(place):
		return Place, false, true
	case share(addr) && varied:
		return Address, false, true
	case share(id) && varied:
		return IDNumber, false, true
	case share(date) && varied:
		return BirthDate, false, true
	case share(name) && varied:
		return Name, false, true
	}
	return "", false, false
}

var (
	// emailInRe is an e-mail address anywhere in a text.
	emailInRe = regexp.MustCompile(`[\p{L}0-9._%+\-]+@[\p{L}0-9\-]+(\.[\p{L}0-9\-]+)*\.\p{L}{2,}`)
	// digitRunRe is a number in a text, with the separators phone numbers are written with.
	digitRunRe = regexp.MustCompile(`\+?[0-9(][0-9 ().\-/]*[0-9]`)
	// nameInRe is a person's name inside a phrase: two to four capitalized words after a
	// lower-case one.
	nameInRe = regexp.MustCompile(`(?:^|[\s,;:(])\p{Ll}[\p{Ll}\p{M}]*[\s,;:]+(` + nameWordS + `(?: ` + nameWordS + `){1,3})`)
	// nameStartRe is a person's name that starts a phrase: two to four capitalized words
	// before a lower-case one ("Asha Devi visited").
	nameStartRe = regexp.MustCompile(`^(` + nameWordS + `(?: ` + nameWordS + `){1,3})[\s,;:]+\p{Ll}`)
	groupSepRe  = regexp.MustCompile(`[ ().\-/]+`)
)

// numberKind says whether a number found in a text (digitRunRe) is a phone number, an ID-like
// number (six digits or more in one run), or neither (a date, a year, a range, an amount, a
// small number). amount: the text says the number is a sum of money (moneyBeside).
func numberKind(c string, amount money) Kind {
	c = strings.Trim(c, " ().-/")
	plus := strings.HasPrefix(c, "+")
	c = strings.TrimPrefix(c, "+")
	var groups []string
	for _, g := range groupSepRe.Split(c, -1) {
		if g != "" {
			groups = append(groups, g)
		}
	}
	d := 0
	longest := 0
	for _, g := range groups {
		d += len(g)
		longest = max(longest, len(g))
	}
	if d < 6 || rangeRe.MatchString(c) || isDate(c) || dateGroups(groups) {
		return ""
	}
	if (plus || strings.HasPrefix(c, "00")) && d >= 8 && d <= 15 {
		return Phone
	}
	// "paid 150000 AFN", "Rs. 12 500 000"; an amount starts with no 0. A word of money alone
	// ("salary 700123456") makes an amount of a number of seven digits at most, or a round one
	// (four significant digits at most): a number of eight or more is a phone's length, and a
	// phone's digits are seldom round.
	sig := len(strings.TrimRight(strings.Join(groups, ""), "0"))
	if c[0] != '0' && (amount == currencyBeside || amount == moneyWord && (d < 8 || sig <= 4)) {
		return ""
	}
	if len(groups) > 1 {
		years := true
		for _, g := range groups {
			years = years && isYear(g)
		}
		if years {
			return "" // "2019 2020 2021"
		}
		// A round amount in groups of three ("12 500 000"), not a phone written without its
		// prefix or leading 0 ("700 123 456", "0700 123 456"): a phone's last digits are
		// seldom 000.
		// "700 123 000" is not round enough for an amount: six significant digits.
		round := len(groups[0]) <= 3 && groups[0][0] != '0' && groups[len(groups)-1] == "000" && sig <= 4
		for _, g := range groups[1:] {
			round = round && len(g) == 3
		}
		if round {
			return ""
		}
		if d >= 8 && d <= 15 {
			return Phone
		}
	}
	if longest >= 6 {
		if longest >= 9 && c[0] == '0' {
			return Phone
		}
		return IDNumber
	}
	return ""
}

// money says what beside a number in a text makes it a sum of money.
type money int

const (
	noMoney        money = iota
	moneyWord            // a word of money before it: "paid 150000", "debt of 300000"
	currencyBeside       // a currency next to it: "150000 AFN", "$120000", "Rs. 450000"
)

// moneyBeside says whether the number v[start:end] is a sum of money: a currency written next
// to it ("150000 AFN", "$120000", "Rs. 450000", "12 500 000 afghani"), or a word of money just
// before it ("paid 150000", "debt of 300000"). A number glued to letters is never one
// ("P1234567", and "AFN1234567" too: a document number is written so, an amount seldom).
func moneyBeside(v string, start, end int) money {
	before, after := v[:start], v[end:]
	if r, _ := utf8.DecodeLastRuneInString(before); unicode.IsLetter(r) || unicode.IsDigit(r) {
		return noMoney
	}
	if r, _ := utf8.DecodeRuneInString(after); unicode.IsLetter(r) || unicode.IsDigit(r) {
		return noMoney
	}
	if currencySymbol(lastWord(before)) || currencySymbol(firstWord(after)) {
		return currencyBeside
	}
	// A word of money before the number, across "of", "was", "about" ("debt of 300000").
	ws := strings.Fields(before)
	for i := len(ws) - 1; i >= 0 && i >= len(ws)-3; i-- {
		w := strings.ToLower(strings.Trim(ws[i], wordPunct))
		if moneyWords[w] {
			return moneyWord
		}
		if !fillerWords[w] {
			return noMoney
		}
	}
	return noMoney
}

const wordPunct = ".,;:!?()[]\"'"

// lastWord and firstWord are the word of a text that ends it and starts it, lower case and
// without punctuation.
func lastWord(s string) string {
	ws := strings.Fields(s)
	if len(ws) == 0 {
		return ""
	}
	return strings.ToLower(strings.Trim(ws[len(ws)-1], wordPunct))
}

func firstWord(s string) string {
	ws := strings.Fields(s)
	if len(ws) == 0 {
		return ""
	}
	return strings.ToLower(strings.Trim(ws[0], wordPunct))
}

// currencySymbol: a currency's code or name, or a word that starts or ends with a currency
// sign ("$", "us$", "₹").
func currencySymbol(w string) bool {
	if w == "" {
		return false
	}
	if currency[w] {
		return true
	}
	r, _ := utf8.DecodeRuneInString(w)
	l, _ := utf8.DecodeLastRuneInString(w)
	return unicode.Is(unicode.Sc, r) || unicode.Is(unicode.Sc, l)
}

// currency are the currencies' codes and names written beside amounts in the registers of the
// countries the presets know, and common ones.
var currency = map[string]bool{
	"afn": true, "afs": true, "afghani": true, "afghanis": true, "usd": true, "us$": true, "dollar": true, "dollars": true,
	"eur": true, "euro": true, "euros": true, "gbp": true, "inr": true, "rs": true, "rupee": true, "rupees": true,
	"khr": true, "riel": true, "riels": true, "bdt": true, "taka": true, "tk": true, "pkr": true, "npr": true,
	"lkr": true, "mmk": true, "kyat": true, "thb": true, "baht": true, "php": true, "peso": true, "pesos": true,
	"idr": true, "rp": true, "vnd": true, "dong": true, "mxn": true, "brl": true, "cop": true, "ngn": true,
	"naira": true, "kes": true, "ksh": true, "ugx": true, "tzs": true, "etb": true, "birr": true, "egp": true,
	"sar": true, "aed": true, "dirham": true, "dirhams": true, "qar": true, "riyal": true, "riyals": true,
	"irr": true, "rial": true, "rials": true, "toman": true, "tomans": true, "try": true, "lira": true,
	"rub": true, "руб": true, "рублей": true, "rubles": true, "roubles": true, "xof": true, "cfa": true,
	"fcfa": true, "ghs": true, "cedi": true, "cedis": true, "افغانی": true,
}

// moneyWords said just before a number make it a sum ("paid 150000").
var moneyWords = map[string]bool{
	"paid": true, "pay": true, "pays": true, "payment": true, "salary": true, "wage": true, "wages": true,
	"debt": true, "debts": true, "loan": true, "owed": true, "owes": true, "owe": true, "fee": true, "fees": true,
	"cost": true, "costs": true, "price": true, "amount": true, "sum": true, "advance": true, "earned": true,
	"earns": true, "income": true, "sold": true, "bought": true, "ransom": true, "dowry": true, "fine": true,
	"borrowed": true, "lent": true, "charged": true, "worth": true,
}

// fillerWords may stand between a word of money and its number ("debt of about 300000").
var fillerWords = map[string]bool{"of": true, "was": true, "is": true, "about": true, "around": true, "approx": true,
	"approximately": true, "some": true, "total": true, "for": true, "=": true, "a": true}

// nameIn returns a person's name inside the phrase v (nameInRe, nameStartRe), or "". Words
// that name places and organisations ("Kabul City", "Shelter B": sourceWords) are no one's
// name.
func nameIn(v string) string {
	for _, re := range []*regexp.Regexp{nameInRe, nameStartRe} {
		for _, m := range re.FindAllStringSubmatch(v, -1) {
			place := false
			for _, w := range HeaderWords(m[1]) {
				place = place || sourceWords[w]
			}
			if !place {
				return m[1]
			}
		}
	}
	return ""
}

var (
	// roomRe is a room or bed written with its number or letter ("Room 3 bed 2", "Dorm B").
	roomRe = regexp.MustCompile(`(?i)\b(room|rm|bedroom|bed|dorm|dormitory|ward|bunk)\.?\s*(no\.?|#)?\s*([0-9]+[a-z]?|[a-z])\b`)
	// initialsRe is a person's initials ("Z.Q.", "Z. Q."); content wants a dot as well.
	initialsRe = regexp.MustCompile(`^\p{Lu}\.?(?:\s?\p{Lu}\.?){0,3}$`)
)

// schoolWords name a school, in the languages of the header words.
var schoolWords = map[string]bool{
	"school": true, "college": true, "madrasa": true, "madrassa": true, "madrasah": true, "madrasse": true,
	"university": true, "academy": true, "institute": true, "kindergarten": true, "lycée": true, "lycee": true,
	"école": true, "ecole": true, "escuela": true, "colegio": true, "escola": true, "школа": true,
	"مکتب": true, "مدرسه": true, "مدرسة": true, "لیسه": true,
}

// schoolName reports whether v names a school: a word of schools and a word that is no English
// word ("Herat Girls High School", "St. Mary's School", "Kabul University"), not a level of
// schooling ("high school", "Primary School", "no school").
func schoolName(v string) bool {
	school, proper := false, false
	for _, w := range strings.FieldsFunc(v, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsMark(r) }) {
		lw := strings.ToLower(w)
		switch {
		case schoolWords[lw]:
			school = true
		case utf8.RuneCountInString(w) >= 3 && !englishWord(lw):
			proper = true
		}
	}
	return school && proper
}

// relationWords say who a named person is to the child ("Karim (mother)", "uncle Karim").
var relationWords = map[string]bool{
	"mother": true, "father": true, "uncle": true, "aunt": true, "auntie": true, "brother": true, "sister": true,
	"husband": true, "wife": true, "son": true, "daughter": true, "cousin": true, "grandmother": true,
	"grandfather": true, "grandma": true, "grandpa": true, "nephew": true, "niece": true, "guardian": true,
	"neighbour": true, "neighbor": true, "friend": true, "stepfather": true, "stepmother": true, "parent": true,
	"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "relative": true, "caregiver": true,
	// in the presets' other languages, as caseworkers write them in Latin letters
	"chacha": true, "chachi": true, "mama": true, "mami": true, "kaka": true, "kaki": true, "bhai": true,
	"bhaiya": true, "didi": true, "dada": true, "dadi": true, "nana": true, "nani": true, "baba": true,
	"bibi": true, "khala": true, "khalu": true, "mamu": true, "phupho": true, "phuphi": true, "apa": true,
	"baji": true, "ammi": true, "abba": true, "aama": true, "buwa": true, "dai": true, "bahini": true,
	"bhauju": true, "tio": true, "tia": true, "tía": true, "primo": true, "prima": true, "hermano": true,
	"hermana": true, "madre": true, "padre": true, "amigo": true, "amiga": true, "ami": true, "amie": true,
	"oncle": true, "tante": true, "frère": true, "frere": true, "soeur": true, "sœur": true, "cousine": true,
	"mère": true, "père": true, "pere": true,
}

// personWords are said before a person in a caseworker's words ("visited karim", "sold by
// farid", "married to laila"): a lower-case given name after one is a name.
var personWords = map[string]bool{
	"visited": true, "visit": true, "visits": true, "met": true, "meet": true, "meets": true, "called": true,
	"calls": true, "contacted": true, "told": true, "tells": true, "saw": true, "named": true, "name": true,
	"accompanied": true, "brought": true, "married": true, "sold": true, "helped": true, "with": true,
	"by": true, "via": true, "and": true, "recruited": true, "trafficked": true, "introduced": true,
	"stays": true, "stayed": true, "lives": true, "lived": true, "living": true, "said": true, "says": true,
	"asked": true, "reported": true, "escorted": true, "collected": true, "fetched": true, "handed": true,
}

// givenIn returns the first given name (GivenName) of v, lower case, or "", and whether v is
// that name alone, with relation words ("Karim (mother)") or as a person's full name ("Zarmina
// Qasimzada"). Inside a phrase only a capitalized word (or one of a script without case), or
// any word after a relation word ("uncle karim") or a word said of people (personWords:
// "visited karim", "met with laila"), counts, so that "may" and "hope" in a sentence name no
// one; a value of one word counts in any case ("zarmina").
func givenIn(v string) (string, bool) {
	toks := strings.FieldsFunc(v, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsMark(r) })
	name, others, relation, person := "", 0, false, false
	for _, t := range toks {
		r, _ := utf8.DecodeRuneInString(t)
		cased := unicode.IsUpper(r) || unicode.IsLower(r)
		// A word of Myanmar text in the Zawgyi encoding (myanmarUnread) counts as a name: its
		// syllables cannot be told from a name's, so a column of them ("ေအာင္", "ခင္") or of
		// short phrases with them is judged as one of Burmese names in Unicode is
		// (privacy-side-doors28, left: a kept column of Zawgyi names was released as it is).
		if name == "" && (len(toks) == 1 || unicode.IsUpper(r) || !cased || relation || person) && (GivenName(t) || myanmarUnread(t)) {
			name = strings.ToLower(t)
			continue
		}
		lt := strings.ToLower(t)
		relation, person = relationWords[lt], personWords[lt]
		if utf8.RuneCountInString(t) > 1 && !relation {
			others++
		}
	}
	if name == "" {
		return "", false
	}
	return name, others == 0 || nameRe.MatchString(strings.TrimSpace(v))
}

func isYear(g string) bool {
	return len(g) == 4 && (strings.HasPrefix(g, "19") || strings.HasPrefix(g, "20"))
}

// dateGroups reports whether number groups read as a date: a year with a month and day of one
// or two digits each, a year and a month, or eight digits yyyymmdd.
func dateGroups(g []string) bool {
	switch len(g) {
	case 1:
		_, err := time.Parse("20060102", g[0])
		return len(g[0]) == 8 && err == nil
	case 2:
		return isYear(g[0]) && len(g[1]) <= 2 || isYear(g[1]) && len(g[0]) <= 2
	case 3:
		return isYear(g[0]) && len(g[1]) <= 2 && len(g[2]) <= 2 || isYear(g[2]) && len(g[0]) <= 2 && len(g[1]) <= 2
	}
	return false
}

// Column reports whether a column looks like an identifier by its header or its values. Free
// text, by either, is reported before any other kind: it is never released.
func Column(header string, values []string) (Finding, bool) {
	hk, hok := Header(header)
	if hok && hk == FreeText {
		return Finding{Column: header, Kind: hk, By: "header"}, true
	}
	ck, within, cok := content(values)
	switch {
	case cok && ck == FreeText:
		return Finding{Column: header, Kind: ck, By: "content"}, true
	case hok:
		return Finding{Column: header, Kind: hk, By: "header"}, true
	case cok:
		return Finding{Column: header, Kind: ck, By: "content", Within: within, Zawgyi: ck == Name && zawgyiNames(values)}, true
	}
	return Finding{}, false
}

// zawgyiNames reports whether the given names content read in values (givenIn) are all words
// of Burmese in the Zawgyi encoding (myanmarUnread), none of the name lists.
func zawgyiNames(values []string) bool {
	seen := false
	for _, v := range values {
		if g, _ := givenIn(strings.TrimSpace(v)); g != "" {
			if !myanmarUnread(g) {
				return false
			}
			seen = true
		}
	}
	return seen
}

// SafeLabel reports whether a label that came with the data (a column header, a JSON key, a
// sheet name) may be echoed in notices, positions and manifests. A header row that was in fact
// data (a headerless file), a JSON object keyed by people's names or a sheet named after a child
// must not put those values there, so a label is refused when it could be one: longer than 40
// characters, not starting with a letter or "_", holding "@", a control character, three
// digits or more, or looking like a person's name (two to four capitalized words, or one word
// that is a given name of the lists, GivenName), a date, a phone number or an e-mail address.
// Callers then name the column, key or sheet by position.
func SafeLabel(s string) bool {
	if valueShaped(s) {
		return false
	}
	// Each segment of a nested path ("contacts.Asha Devi.age", Kobo's "group/field").
	segs := strings.FieldsFunc(s, func(r rune) bool { return r == '.' || r == '/' || r == ':' })
	for _, seg := range segs {
		if seg = strings.TrimSpace(seg); nameRe.MatchString(seg) && !knownWords(seg) {
			return false
		}
		// One word of a path that is a given name ("contacts.Zarmina.age", "Nguyễn/remarks",
		// a group named "Zarmina/suspects"): a JSON object keyed by a child's name, shown in
		// the refusals of a group's remark, case-type or people's column (session zm's); the
		// one-word label below is the same rule alone.
		if ws := HeaderWords(seg); len(segs) > 1 && len(ws) == 1 && LabelName(ws[0]) && !groupNameWords[ws[0]] {
			return false
		}
		if joinedName(seg) {
			return false
		}
	}
	// Two to four words of a script without case ("សុខ សុខា", "অনিতা দাস", "محمد احمدی") that
	// no preset knows: a name as two capitalized Latin words are (attack-2026-12-05d W11).
	// Words of the caseless scripts' common headers (caselessHeaderWord: "জন্ম তারিখ", "जन्म
	// तिथि", "تاريخ التسجيل", "วัน เดือน ปี เกิด") are known when each of them is: before
	// Header, which knows "নাম" in "নাম করিম".
	if ws := strings.Fields(s); len(ws) >= 2 && len(ws) <= 4 && !slices.ContainsFunc(ws, func(w string) bool { return !caselessWord(w) }) &&
		slices.ContainsFunc(ws, func(w string) bool { return !caselessHeaderWord(w) }) {
		return false
	}
	// A word of those scripts no list knows beside others ("cases_ดวงใจ", "contacts.张伟.age",
	// a JSON object keyed by a child's name), or in a longer label: as one word alone, below.
	if unknownScriptWord(s) {
		return false
	}
	if _, ok := Header(s); ok {
		return true // a header word the presets know: "phone", "Date of birth"
	}
	// One word that is a given name of the lists: the first row of a headerless file ("Asha"),
	// a sheet or file named after a child ("Tia": LabelName, relation words included).
	if ws := HeaderWords(s); len(ws) == 1 && LabelName(ws[0]) {
		return false
	}
	// Burmese names in their own script, each word one ("အောင် ကျော်"): a script without case,
	// whose headers are never made of names' syllables alone.
	if ws := HeaderWords(s); len(ws) > 1 && !slices.ContainsFunc(ws, func(w string) bool { return !myanmarScriptName(w) }) {
		return false
	}
	// One word of a script other than Latin that no preset or list of headers knows ("ดวงใจ",
	// "អាណា", "张伟", "민준", "ሰላም", "Сергей"): a given name as often as a header
	// (attack-2026-12-05e X6). Burmese is judged by its syllables above (myanmarUnread,
	// myanmarScriptName).
	if ws := strings.Fields(s); len(ws) == 1 && nonLatinWord(ws[0]) && !caselessHeaderWord(ws[0]) &&
		!strings.ContainsFunc(ws[0], func(r rune) bool { return unicode.Is(unicode.Myanmar, r) }) {
		return false
	}
	// Lower-case words or one capitalized word: a header, not "Asha Devi".
	return len(strings.Fields(s)) <= 5
}

// HeaderLabel reports whether a column's header that maps onto no field may be printed (the
// notice of a dropped column, on stderr and in manifest.json): SafeLabel allows it and every word
// of it is a header's or a word of the lists (English, case systems, files, statuses, months, the
// presets' headers of every language, two letters or one), none a given name (LabelName) or a
// place's alone. SafeLabel withholds the names its lists know ("Najibullah notes"); a name they
// lack ("Follow up by Malalai", "Naqib notes", "Sreymom follow-up") or a family's or tribe's
// ("Ahmadzai", "Shinwari notes", "Mohmand", also a district's) is a word no list knows, and a
// dropped header is never needed to read the data: it is counted, not named (attack-2026-12-06d D9).
func HeaderLabel(s string) bool {
	if !SafeLabel(s) {
		return false
	}
	ws := HeaderWords(norm.NFC.String(s))
	if len(ws) == 0 {
		return false
	}
	person := slices.ContainsFunc(ws, func(w string) bool { return headerPersonWords[w] })
	for _, w := range ws {
		if !headerPersonWords[w] && (!headerLabelWord(w) || person && !personFieldWord(w)) {
			return false
		}
	}
	return true
}

// headerPersonWords say that a header's other word names a person ("contact_jordan", "contacto_
// georgia", "kontakt_maria", "Kontak Jordan", "caseworker_hope"), in the presets' languages: a
// name that is also a place or an English word ("jordan", "georgia", "grace", "hope", "may") is
// a person's beside them. Beside one, a dropped header is named only when every other word is a
// field's ("contact_phone", "Contact type", "nama_petugas"): no word of the English list passes
// (privacy-side-doors37, this session's task 3).
var headerPersonWords = map[string]bool{
	"contact": true, "contacts": true, "contacto": true, "contactos": true, "contato": true, "contatos": true,
	"kontak": true, "kontakt": true, "kontakte": true, "caseworker": true, "caseworkers": true, "officer": true,
	"counsellor": true, "counselor": true, "interviewer": true, "volunteer": true, "responsable": true,
	"encargado": true, "encargada": true, "trabajador": true, "trabajadora": true, "intervenant": true,
	"intervenante": true, "petugas": true, "pendamping": true,
}

// personFieldWord reports whether w (lower case), beside a headerPersonWords word, is a field's
// word ("contact_phone", "Contact date", "officer_id"), not a name.
func personFieldWord(w string) bool {
	_, header := headerWords[w]
	return header || shortHeaderWords[w] || shortKnownWords[w] || groupNameWords[w] || joinedHeaderWords[w] ||
		caselessHeaderWord(w) || formWordsAbroad[w] || formWordsAbroad[foldMarks(w)] || fileWords[w] || statusWords[w] ||
		personFields[w] || standardFieldWords[w] || utf8.RuneCountInString(w) <= 2 && !nonLatinWord(w)
}

// standardFieldWords are the words of the field labels of the Human Trafficking Case Data
// Standard 2.0 and of Primero's case forms (../shared/reference/standards: htcds2.tsv's "Field
// Label", primero_forms.txt's forms), connectives left out: beside a person word they are a
// field's ("Referral officer", "Outgoing referral contact", "Tracing officer"), which a list of
// contacts' fields alone missed (privacy-side-doors37, session zv's task 3). None is a given
// name of the lists; TestStandardFieldWords checks the list against the standard's file.
var standardFieldWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`action actual age apps arrangements birthdate care case children citizenship city closure code
		comment consent control country date deceased decision description details education email end
		exploitation first followup forced form gender highest home identity incoming industry labour
		language latitude level location longitude mailing making marital method methods middle mobile name
		number objectives organisation organization outgoing owner phone plan planned postal postalcode
		primary process province reason recruitment referral referred referring relationship reunification
		role salutation second secondary services sex shipping state status street title tracing trafficked
		trafficker trafficking type websites worker zip`) {
		m[w] = true
	}
	return m
}()

// personFields are the words of a contact's or an officer's fields that headerWords lacks.
var personFields = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`type date details detail info information method mode made status notes note remarks
		person persons people point focal emergency primary secondary first last latest next previous follow followup
		result outcome reason frequency count list number phone mobile email address made assigned visit visits case
		cases code role position title organisation organization agency office unit team nombre telefono fecha tipo
		nama nomor telepon tanggal jenis`) {
		m[w] = true
	}
	return m
}()

// headerLabelWord reports whether w (lower case), a word of a dropped column's header, is a
// known one for HeaderLabel.
func headerLabelWord(w string) bool {
	if _, header := headerWords[w]; header || shortHeaderWords[w] || shortKnownWords[w] || groupNameWords[w] ||
		joinedHeaderWords[w] || joinedHeaderWords[foldMarks(w)] || caselessHeaderWord(w) || formWordsAbroad[w] || formWordsAbroad[foldMarks(w)] {
		return true
	}
	if utf8.RuneCountInString(w) <= 2 {
		return !nonLatinWord(w) // "q" of "Q7", "hh", "up", "id"; not a name's syllable of a script without case
	}
	if LabelName(w) || cityName(w) || placeWord(w) && !englishWord(w) {
		return false // "Malalai"; "Mohmand", a district and a tribe
	}
	return caseWord(w) || fileWords[w] || statusWords[w] || notNames[w] || monthAbbrevs[w] || wordForm(w) || userWord(w)
}

// formWordsAbroad are the common words of registers' headers in the presets' other languages
// (Spanish, Portuguese, French, Indonesian and Malay, written without their marks), which the
// English list lacks, for HeaderLabel: "Numero del caso", "Fecha de alta", "Tanggal masuk" are
// headers. Some are given names of the lists too ("alta", "data"): as a header's word beside
// these, they are the header's. The registers' date abbreviations (DOR, DOI, DOA: of rescue,
// identification, admission) and a date's pattern ("dd/mm/yyyy") are headers' too.
var formWordsAbroad = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`numero num caso casos del de la las el los y e o en por para con sin fecha alta baja ingreso
		egreso registro tipo estado edad sexo genero nombre apellido lugar pais provincia departamento municipio ciudad
		nacionalidad observacion observaciones comentario comentarios notas victima victimas explotacion trata origen destino
		situacion seguimiento atencion entrevista codigo expediente año ano mes dia hora responsable institucion organizacion
		data idade nacimento cidade estado acompanhamento observacoes vitima atendimento processo
		date sexe age dossier pays region statut victime remarques suivi entree sortie lieu naissance annee mois jour
		tanggal tahun bulan hari nomor kasus jenis kelamin umur usia asal daerah provinsi kabupaten kota kecamatan keterangan
		catatan tindak lanjut masuk keluar status korban pelaku petugas lahir tempat
		motivo programa parentesco relacion relacao vinculo rol papel hubungan sebagai
		dor doi doa yyyy`) {
		m[w] = true
	}
	return m
}()

// DataShaped reports whether a label SafeLabel withholds is shaped as a value rather than as
// a header: empty, longer than 40 characters or six words, not starting with a letter or "_",
// holding "@", quotes, a control character or three digits or more (a year aside), a date, an
// e-mail or an address, or Burmese in the Zawgyi font. A header row of such labels is a row of
// data (a headerless file), whose other labels are values too, where a label withheld only as a
// name ("Zarmina", "Nguyễn") beside others says nothing of them.
func DataShaped(s string) bool {
	return valueShaped(s) || len(strings.Fields(s)) > 5
}

// valueShaped is DataShaped but for the count of words, which SafeLabel leaves to the presets'
// headers (a known header of six words is shown).
func valueShaped(s string) bool {
	if s == "" || len([]rune(s)) > 40 || strings.ContainsAny(s, "@<>=+\"'`\\") || myanmarUnread(s) {
		return true
	}
	first := []rune(s)[0]
	if !unicode.IsLetter(first) && first != '_' {
		return true
	}
	digits := 0
	for _, r := range yearRe.ReplaceAllString(s, "") { // "Cases 2024": a year is no identifier
		if unicode.IsControl(r) {
			return true
		}
		if unicode.IsDigit(r) {
			digits++
		}
	}
	return digits >= 3 || isDate(s) || emailRe.MatchString(s) || digits > 0 && addressLike(s)
}

// joinedName reports whether seg is words joined by "_" or "-" of which one is a given name
// (LabelName) and the others English or file words ("suspects_zarmina", "trafficker_somchai",
// "Zarmina_remarks", "victim-nguyễn": a column named for a person of the case, a JSON object
// keyed by a child's name). Only English words beside it: the presets' other languages' header
// words are given names of the lists too ("nama_ayah", "peran_korban", "fecha_del_registro"),
// so a part that is neither ends the rule (privacy-side-doors32, left). Numbers are left aside
// ("suspects_zarmina_2").
//
// Words joined otherwise too (attack-2026-12-06b B8): by spaces or brackets, run together in
// mixed case, or after a question's number ("age_zarmina", "Q12_zarmina", "notes on karim",
// "KarimAge", "father (Abdul)", "Parwana notes"); a letter alone (a question's "Q") is left
// aside.
//
// The presets' other languages' header words that the lists hold as given names (groupNameWords,
// joinedHeaderWords: "nama", "korban", "que") are header words, never the name, so a name beside
// them is one ("nama_zarmina", "korban_siti"), while "nama_ayah" and "que_quan" are shown
// (privacy-side-doors37: "nama_zarmina" was shown, such a word ending the rule). A given name
// that is also a city's word (cityName: "sharif" of Mazar-i-Sharif) is a name beside header
// words, unless another word of the label is a place's ("contact_sharif" withheld, "mazar_sharif"
// shown; privacy-side-doors37).
func joinedName(seg string) bool {
	ws := HeaderWords(seg)
	if len(ws) < 2 {
		return false
	}
	named, city, place := false, false, false
	for _, w := range ws {
		if utf8.RuneCountInString(w) == 1 {
			continue
		}
		_, header := headerWords[w]
		switch {
		case groupNameWords[w] || joinedHeaderWords[w] || joinedHeaderWords[foldMarks(w)]:
			// a form's word of another language: "nama_korban", "peran_anak", "Quê quán"
		case !header && cityName(w):
			city = true
		case header || shortHeaderWords[w] || shortKnownWords[w] || knownWord(w) && utf8.RuneCountInString(w) > 3:
			// three letters only when a header's: Vietnamese written without its marks is of
			// syllables the English list holds ("que_quan", "dan_toc") beside names' ("quan")
			place = place || placeWord(w)
		case LabelName(w):
			named = true
		default:
			return false
		}
	}
	return named || city && !place // "mazar_sharif": the city's other word
}

// cityName reports whether w (lower case) is a given name of the list that is the word of a city
// of the presets' countries (cityWords) and of no country or province: "sharif" (Mazar-i-Sharif),
// which LabelName leaves out as a place's word, and which a header beside it makes a person's.
// The names of countries and provinces ("jordan", "georgia") stay places: "cases_jordan".
func cityName(w string) bool {
	if !cityWords[w] || englishWord(w) || sourceWords[w] || fileWords[w] || notNames[w] || relationWords[w] {
		return false
	}
	if _, place := placeWords()[w]; place {
		return false
	}
	_, listed := givenNames()[w]
	return listed
}

// shortKnownWords are three-letter English header words beside a name ("age_zarmina"), which
// joinedName's rule of English words of four letters or more leaves out.
var shortKnownWords = map[string]bool{"age": true, "sex": true, "dob": true, "tel": true, "ref": true}

// joinedHeaderWords are header words of the presets' other languages that the lists hold as
// given names, beside groupNameWords: "nama" (Indonesian and Malay: name; "nama_ayah", father's
// name; "nama_victim"), and Vietnamese headers' syllables written without their marks
// ("que_quan", home town; "quan_huyen", district; "trang_thai", status; "tinh_thanh", province),
// which are names' too: "victim_thanh" is shown, "Thanh" alone is not.
var joinedHeaderWords = map[string]bool{"nama": true, "que": true, "quan": true, "huyen": true, "trang": true, "thai": true,
	"tinh": true, "thanh": true, "phuong": true, "loai": true, "thang": true, "nhan": true, "hinh": true, "khu": true, "vuc": true}

// groupNameWords are words of forms' group and question names that the name lists hold as
// given names too ("korban/umur": Indonesian victim; "data/nama", name; "ayah", father; "peran", role; "pria",
// "wanita": man, woman; "menina", girl; "refugio", shelter): not withheld as a path's segment.
var groupNameWords = map[string]bool{"nama": true, "korban": true, "ayah": true, "peran": true, "pria": true, "wanita": true,
	"menina": true, "ninos": true, "refugio": true, "jalan": true, "sadak": true, "gali": true,
	// Indonesian and Malay header words that are given names too (privacy-side-doors37): husband,
	// town, guardian, child ("kanak-kanak"), beside "nama" in "nama_suami", "nama_wali"
	"suami": true, "kota": true, "wali": true, "kanak": true}

// nonLatinWord reports whether w is letters (and marks) of scripts other than Latin only,
// with or without case.
func nonLatinWord(w string) bool {
	for _, r := range w {
		if !unicode.IsMark(r) && (!unicode.IsLetter(r) || r < 0x250) {
			return false
		}
	}
	return w != ""
}

// caselessHeaderWord reports whether w is a word of the caseless scripts' common headers or
// an identifier's header word ("নাম", "رقم").
func caselessHeaderWord(w string) bool {
	w = strings.ToLower(norm.NFC.String(w)) // "Возраст"
	_, id := headerWords[w]
	return id || caselessHeaderWords[w] || scriptHeaderWords[w]
}

// caselessWord reports whether w is letters (and marks) of scripts without case only: Khmer,
// Bengali, Devanagari, Arabic, Thai, Myanmar.
func caselessWord(w string) bool {
	for _, r := range w {
		if !unicode.IsMark(r) && (!unicode.IsLetter(r) || unicode.IsUpper(r) || unicode.IsLower(r) || r < 0x250) {
			return false
		}
	}
	return w != ""
}

// knownWords reports whether capitalized words (nameRe) are a header's, not a person's name:
// every word a known one (knownWord: "Current Location", "Record Owner", "Workflow Status",
// Primero's display headers; attack-2026-12-02g finding 6c), none a given name of the lists
// and no given name that is an English word before another (namedRun: "Rose Hunter" stays a
// name).
func knownWords(seg string) bool {
	if namedRun(seg) {
		return false
	}
	for _, w := range strings.Fields(seg) {
		lw := strings.ToLower(w)
		if GivenName(lw) || !knownWord(lw) && !shortHeaderWords[lw] {
			return false
		}
	}
	return true
}

// shortHeaderWords are words of two letters that headers use, which the English list (three
// letters or more) lacks: "Is Victim", "Date Of Birth", "Case No", "Referred By" are headers,
// not a person's name (attack-2026-12-03b finding 6).
var shortHeaderWords = map[string]bool{
	"is": true, "of": true, "by": true, "at": true, "in": true, "on": true, "to": true, "or": true,
	"no": true, "id": true, "if": true, "as": true,
}

// Label returns s when SafeLabel allows it, else fallback (a position: "column 3", "sheet 2").
func Label(s, fallback string) string {
	if SafeLabel(s) {
		return s
	}
	return fallback
}

// SourceLabel reports whether the name of an input file (without its folder and extension) or
// of a sheet may be echoed in notices, positions and the manifest. Such a name is the user's,
// chosen for a month, an export or a place ("cases_2023", "export-20240105", "2022",
// "Shelter B"), but could be a case's ("Asha Devi", "TR-004512"): beyond SafeLabel it allows a
// name that starts with a digit, numbers that are years, dates or of one or two digits, and
// capitalized words when one of them is a word such names use (sourceWords). A number of three
// digits or more that is no year or date (a case number, a phone) still withholds the name.
//
// Whatever its case, order or separators, a name holding two words or more of three letters or
// more that are neither English words (SCOWL's list, see englishWords) nor words of case
// systems (sourceWords, fileWords) is withheld: "Zarmina Qasimzada intake",
// "zarmina_qasimzada", "Qasimzada, Zarmina" and "ZARMINA QASIMZADA 2023" are a child's file,
// "household_members" and "Herat shelter" are not. One such word alone ("Kabul cases") is
// kept. A word that is a given name of the lists (GivenName) withholds the name too, alone or
// not: "zarmina", "Farid intake", "cases_karim". So does one capitalized word that is no
// English word, place or short acronym (loneName: "Qasimzada", "Qasimzada 2023"), and an
// initial or a given name (of the lists or an English word: "Rose") before a capitalized word
// (namedRun: "Z. Qasimzada", "Rose Hunter intake", "rose_hunter_intake"), and one lower-case
// word the lists lack ("qasimzada", "qasimzada_intake"), whatever words run together in mixed
// case stand beside it (mixedName: "MyData Qasimzada", "XyZ_Qasimzada"). A family name that is
// an English word is caught only when familyWords lists it ("Khan 2023", "Hunter intake").
func SourceLabel(s string) bool {
	if PersonName(s) || myanmarUnread(s) {
		return false // before SafeLabel, which lets lower-case words pass
	}
	if strings.ContainsFunc(s, unicode.IsDigit) && addressLike(s) {
		return false // an address ("House 4, Lane 7"), which SafeLabel withholds too
	}
	if SafeLabel(s) {
		return true
	}
	if s == "" || len([]rune(s)) > 60 || strings.ContainsAny(s, "@<>=+\"'`\\") || emailRe.MatchString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	if r := []rune(s)[0]; !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' {
		return false
	}
	for _, run := range sourceNumberRe.FindAllString(s, -1) {
		var groups []string
		small := true
		years := true
		for _, g := range strings.FieldsFunc(run, func(r rune) bool { return r < '0' || r > '9' }) {
			groups = append(groups, g)
			small = small && len(g) <= 2
			years = years && isYear(g)
		}
		if !small && !years && !dateGroups(groups) {
			return false
		}
	}
	if NameLike(s) {
		return false
	}
	plain := strings.Fields(strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsMark(r) && r != '\'' && r != '’'
	}), " "))
	return len(plain) <= 6
}

// PersonName reports whether s, a file, folder or sheet name, could hold a person's name by
// SourceLabel's rules for names (not its rules for numbers and characters).
func PersonName(s string) bool {
	s = statusKorban(s)
	return unknownWords(s) >= 2 || givenWords(s) > 0 || namedRun(s) || loneName(camelFile(s)) || mixedName(s) || familyWordIn(s) ||
		unknownScriptWord(s) || vietnameseIn(s)
}

// vietnameseIn reports whether s holds a Vietnamese name written with its marks
// (vietnameseNames: "Lê", "Võ", "Đỗ" are shorter than the lists' names; "Trần" is not "tran").
func vietnameseIn(s string) bool {
	for _, t := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsMark(r) }) {
		if vietnameseNames[norm.NFC.String(strings.ToLower(t))] {
			return true
		}
	}
	return false
}

// unknownScriptWord reports whether s holds a word of a script without case, Burmese left out
// (myanmarScriptName judges its syllables), that no list of headers, files or places knows
// (caselessHeaderWord, knownWord): Chinese, Korean, Ge'ez, Thai, Khmer, Bengali, Devanagari,
// Arabic. The name lists hold few names of those scripts and none of the first three, and
// such a word is a name as often as anything else, so a file, sheet or folder named "张伟",
// "민준", "ሰላም" or "cases_ดวงใจ" was shown where SafeLabel withholds the same word as a header
// (attack-2026-12-05e X6; privacy-side-doors31).
func unknownScriptWord(s string) bool {
	for _, t := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsMark(r) }) {
		if caselessWord(t) && !strings.ContainsFunc(t, func(r rune) bool { return unicode.Is(unicode.Myanmar, r) }) &&
			!caselessHeaderWord(t) && !knownWord(strings.ToLower(t)) && !scriptPlace(t) && !scriptFileWords[norm.NFC.String(t)] {
			return true
		}
	}
	return false
}

// scriptFileWords are words of file and sheet names in Arabic script (Arabic, Dari, Pashto,
// Urdu), Devanagari (Hindi, Nepali), Bengali and Khmer that name no one: cases, victims,
// registers, reports, data, lists, children, women, men, girls, boys, provinces, districts,
// years, months, closed, open, new, old, archive, shelter, rescue, referrals, files, summary.
// Without them a register's sheet "قضايا" or "ভুক্তভোগী" was "sheet N" (unknownScriptWord,
// privacy-side-doors31, left). None is a given name of the lists; words that are names too
// (أمل hope, वर्षा rain, ស្រី woman) are left out.
var scriptFileWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`قضايا القضايا قضية حالات الحالات حالة ضحايا الضحايا ضحية سجل السجل سجلات تسجيل التسجيل
		بيانات البيانات قائمة القائمة تقرير التقرير تقارير ملف ملفات ورقة ملخص إحصاءات احصاءات إحصائيات احصائيات أطفال الأطفال
		اطفال نساء النساء رجال فتيات أولاد اولاد ذكور إناث اناث مغلقة مفتوحة جديد جديدة قديم أرشيف ارشيف محافظة مديرية مقاطعة
		سنة شهر إحالات احالات مأوى ملجأ إنقاذ انقاذ
		پرونده پرونده‌ها ها های قربانیان قربانی ثبت لیست فهرست گزارش گزارشات اطلاعات کودکان زنان مردان دختران پسران ولایت
		ولسوالی سال ماه خانه امن بسته باز جدید قدیم آرشیف ارجاع مقدمات متاثرین رپورٹ فہرست
		मामले मामला मामलों पीड़ित पीड़ितों पीडित सूची रिपोर्ट पंजीकरण रजिस्टर डेटा आंकड़े आँकड़े बच्चे बच्चों महिलाएं महिलाएँ
		पुरुष लड़कियां लड़कियाँ लड़के जिला जिले प्रदेश राज्य वर्ष साल महीना माह बंद खुले नया नए पुराना पुराने संग्रह आश्रय
		बचाव केस फ़ाइल फाइल मुद्दा मुद्दाहरू प्रतिवेदन दर्ता बालबालिका जिल्ला महिना सारांश
		মামলা মামলাসমূহ ভুক্তভোগী ভিকটিম তালিকা প্রতিবেদন রিপোর্ট নিবন্ধন তথ্য শিশু নারী পুরুষ মেয়ে ছেলে জেলা বিভাগ
		বছর সাল মাস বন্ধ নতুন পুরাতন পুরনো আশ্রয় উদ্ধার কেস ফাইল সারসংক্ষেপ
		ករណី ជនរងគ្រោះ បញ្ជី របាយការណ៍ ចុះឈ្មោះ ទិន្នន័យ កុមារ ស្ត្រី បុរស ខេត្ត ស្រុក ឆ្នាំ ខែ បិទ ថ្មី ចាស់ ជំរក
		ទីជម្រក សង្គ្រោះ ឯកសារ`) {
		m[norm.NFC.String(w)] = true
	}
	return m
}()

// scriptPlace reports whether w names a country or a province of the countries the presets
// know in its own script ("هرات", "کابل", "সিলেট", "សៀមរាប": geo's CLDR names), as a sheet per
// province is named.
func scriptPlace(w string) bool {
	if _, ok := geo.LookupCountry(w); ok {
		return true
	}
	if _, ok := geo.LookupProvinceAnywhere(w); ok {
		return true
	}
	for _, cc := range []string{"AF", "IN", "KH", "BD", "NP", "PK", "MM"} {
		if _, ok := geo.LookupProvince(cc, w); ok {
			return true
		}
	}
	return false
}

// camelFile returns s without the words run together in mixed case that camelKnown leaves
// out and that are not shaped as a name run together ("HopeHouse", "KoboExport", "MyData":
// a part is a word of files or places, or shorter than three letters), so that loneName judges
// the rest: loneName took such a word whole for a name the lists lack, and "HopeHouse",
// "KoboExport Kabul" were "input N" though they name no one (privacy-side-doors23, left).
// Two capitalized parts or more of three letters, none a word of files ("HunterKhan",
// "SummaryStats"), stay a name, as before: a given and a family name written together.
func camelFile(s string) string {
	toks := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsMark(r) })
	kept := map[string]bool{}
	for _, t := range strings.FieldsFunc(camelKnown(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsMark(r) }) {
		kept[t] = true
	}
	var keep []string
	for _, t := range toks {
		if !mixedCase(t) || kept[t] || camelNameShaped(t) {
			keep = append(keep, t)
		}
	}
	return strings.Join(keep, " ")
}

// camelNameShaped reports whether the mixed-case word t is two capitalized parts or more of
// three letters or more, none of them a word of files or places ("HunterKhan", "JoyBaker"),
// which a name written without a space is; "HopeHouse", "KoboExport", "MyData", "iPhone" are not.
func camelNameShaped(t string) bool {
	n := 0
	for _, p := range splitCase(t) {
		r, _ := utf8.DecodeRuneInString(p)
		if !unicode.IsUpper(r) || utf8.RuneCountInString(p) < 3 {
			continue
		}
		if fileWord(strings.ToLower(p)) {
			return false
		}
		n++
	}
	return n >= 2
}

// splitCase splits t at lower-to-upper case changes, keeping the case ("HunterKhan": "Hunter",
// "Khan"; "iPhone": "i", "Phone").
func splitCase(t string) []string {
	var out []string
	start, prevLower := 0, false
	for i, r := range t {
		if unicode.IsUpper(r) && prevLower {
			out = append(out, t[start:i])
			start = i
		}
		prevLower = unicode.IsLower(r)
	}
	return append(out, t[start:])
}

// familyWords are family names that the English list holds as words ("Khan", "Hunter"), common
// in the countries the presets know (Afghanistan, Pakistan, India, Bangladesh, Nepal, Cambodia,
// Myanmar) and in English: loneName and unknownWords take them for words, so "Khan 2023.csv",
// "cases_khan", "Hunter intake" were shown as the input's name (privacy-side-doors23, left).
// Pakistan's Butt, Imam and Raja, Nepal's Lama are caught in any case, as the first ones (Begum,
// Sherpa, Pandit, Rana, Mughal, Sen are no words of the list: loneName catches them already).
var familyWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`khan shah sultan sheikh mullah gill tan
		hunter smith baker miller fisher walker turner cooper mason barker porter butler archer bishop knight
		butt imam lama raja`) {
		m[w] = true
	}
	return m
}()

// familyCapitalized are family names that are words a file's name uses as often in lower case
// or in capitals ("long_format", "WHITE LIST", "green zone"): caught only capitalized ("White",
// "Young 2023", "LongSokha", "cases Bell"), as familyWords' words of three letters. English
// ones (White, Young, Long, Bell, King, Wood, Green, Hill, Brown ...), Cambodia's Long, Chin,
// Hang and Pen, India's Pal and Nag, Nepal's Pun, Myanmar's Win and Tin (privacy-side-doors24,
// left). Over the repository's 8,807 names (privacy-side-doors25.md) only two change: "Nag" and
// "Pal", Bengali family names of the tests' lists. Not listed, as words of files or rows as
// often as of families: Page, Ward (a town's ward), Day, May, Short, Small, Little, Mean, Say,
// Sin (Spanish "sin dato"), Lane, Park, Sun, Men, Rice and Stone (rice mills, stone quarries),
// Cook, Love.
var familyCapitalized = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`white young long bell king wood green hill brown black gray grey hall price reed ford
		hunt wells fox hart lamb dean marsh sharp moss frost snow
		chin hang pen pal nag pun win tin`) {
		m[w] = true
	}
	return m
}()

// familyWordIn reports whether s holds a word of familyWords (split at case changes too:
// "KhanHunter", "cases_khan"), capitalized, in capitals or in lower case; "tan" and other words
// of three letters only capitalized ("Tan", not "tan" or "TAN": a colour, an acronym), as
// familyCapitalized's words ("White", not "white_list" or "WHITE").
func familyWordIn(s string) bool {
	for _, t := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsMark(r) }) {
		for _, p := range splitCase(t) {
			w := strings.ToLower(p)
			capital := func() bool {
				r, _ := utf8.DecodeRuneInString(p)
				return unicode.IsUpper(r) && p != strings.ToUpper(p)
			}
			if familyWords[w] && (utf8.RuneCountInString(p) >= 4 || capital()) || familyCapitalized[w] && capital() {
				return true
			}
		}
	}
	return false
}

// mixedName reports whether s holds a name beside words run together in mixed case ("MyData
// Qasimzada", "XyZ_Qasimzada", "Qasimzada-KoboExport", "RoseHunter Qasimzada"). loneName takes
// such a word whole for a second word no list knows, and leaves two of them to unknownWords,
// which splits it at its case changes into known or short words and so counted one: the family
// name was shown as the input's name (ing23's note). Here a mixed-case word is judged by its
// parts, as for folders (camelKnown): left out when they are known, short or user words, kept
// as a word of a name otherwise; then two words or more no list knows, or one that is a family
// name (loneName's rule), are a name. Only ever withholds more than loneName: "HopeHouse" and
// "MyData export", which loneName withholds, stay withheld.
func mixedName(s string) bool {
	u := unknownTokens(camelKnown(s))
	return len(u) >= 2 || len(u) == 1 && familyName(u[0])
}

// korbanBefore are the Indonesian words that make "korban" (victim, also a given name of the
// lists) a trafficking status: "Bukan korban" (not a victim), "Calon korban" (potential victim),
// "Terduga korban", "Diduga korban" (presumed victim).
var korbanBefore = map[string]bool{"bukan": true, "calon": true, "terduga": true, "diduga": true}

// statusKorban returns s without each "korban" that follows a word of korbanBefore: "Bukan
// korban.csv" was "input N" (ingest-exactness23, left) though it names no one. A name beside
// the phrase is still judged ("Bukan korban Qasimzada").
func statusKorban(s string) string {
	ws := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsMark(r) && !unicode.IsDigit(r) })
	drop := false
	for i := 1; i < len(ws); i++ {
		if strings.EqualFold(ws[i], "korban") && korbanBefore[strings.ToLower(ws[i-1])] {
			ws[i], drop = "", true
		}
	}
	if !drop {
		return s
	}
	return strings.Join(strings.Fields(strings.Join(ws, " ")), " ")
}

// FolderName reports whether s, the name of a folder given as an input, could be a child's:
// PersonName ("Qasimzada intake", "Zarmina", "qasimzada_cases"), but for one lower-case word,
// which is taken for a login name (a home folder, "zarmina", names the user, no child), and
// for words run together in mixed case ("rsZZ1", "outB", "HopeHouse", "KoboExport"), which are
// judged by their parts (privacy-side-doors19): loneName took such a word whole for a name the
// lists lack, so 40 of 110 ordinary folder names (TestFolderNameOrdinary) were, and every
// message named the inputs by position. A part that could be a name still is ("ZarminaA",
// "mKarimi"), and so is an English given name before another word ("RoseHunter"), and a name
// beside a person word ("contact_grace", personBeside).
func FolderName(s string) bool {
	if loginRe.MatchString(s) {
		return false
	}
	if unknownWords(s) >= 2 || givenWords(s) > 0 || namedRun(s) || unknownScriptWord(s) || vietnameseIn(s) || personBeside(s) {
		return true
	}
	return mixedName(s) || familyWordIn(s) // loneName(camelKnown(s)) missed "RoseHunter Qasimzada": two such words
}

// camelKnown returns s with every word run together in mixed case ("outB", "HopeHouse",
// "rsZZ1") left out when its parts (split at case changes) are all words of no name: known or
// user words, or of two letters at most; an English given name before a part of three letters
// or more that says nothing of a file ("RoseHunter") keeps it.
func camelKnown(s string) string {
	toks := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsMark(r) })
	var keep []string
	for _, t := range toks {
		if !mixedCase(t) {
			keep = append(keep, t)
			continue
		}
		parts := HeaderWords(t)
		name := false
		for i, p := range parts {
			if utf8.RuneCountInString(p) >= 3 && !knownWord(p) && !userWord(p) {
				name = true
			}
			if i+1 < len(parts) && englishGiven[p] && utf8.RuneCountInString(parts[i+1]) >= 3 && !fileWord(parts[i+1]) {
				name = true
			}
		}
		if name {
			keep = append(keep, t)
		}
	}
	return strings.Join(keep, " ")
}

// mixedCase reports whether t holds a capital after its first letter and a lower-case letter
// ("outB", "HopeHouse", "rsZZ"), not a capitalized word ("Zarmina") nor an acronym ("KBL").
func mixedCase(t string) bool {
	lower, laterUpper := false, false
	for i, r := range t {
		lower = lower || unicode.IsLower(r)
		laterUpper = laterUpper || (i > 0 && unicode.IsUpper(r))
	}
	return lower && laterUpper
}

var loginRe = regexp.MustCompile(`^[a-z][a-z0-9]*$`)

// NameLike reports whether the words of s (a file, folder or sheet name; numbers and
// separators left out) could be a person's name: two to four capitalized words none of which
// says what a file holds (sourceWords), or two words or more of three letters that are neither
// English words nor words of case systems (see SourceLabel).
func NameLike(s string) bool {
	s = statusKorban(s)
	if unknownWords(s) >= 2 {
		return true
	}
	plain := strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsMark(r) && r != '\'' && r != '’'
	}), " ")
	if plain == "" || !nameRe.MatchString(plain) {
		return false
	}
	for _, w := range HeaderWords(s) {
		if caseWord(w) {
			return false
		}
	}
	return true
}

// sourceNumberRe is a number in a file or sheet name, with the separators dates are written
// with ("2024-01-05", "2024_01").
var sourceNumberRe = regexp.MustCompile(`[0-9]+(?:[-_./ ][0-9]+)*`)

// sourceWords are words of file and sheet names that no person's name holds.
var sourceWords = map[string]bool{
	"shelter": true, "home": true, "house": true, "centre": true, "center": true, "camp": true, "office": true,
	"cases": true, "case": true, "export": true, "data": true, "sheet": true, "register": true, "registry": true,
	"list": true, "form": true, "report": true, "province": true, "district": true, "city": true, "region": true,
	"year": true, "month": true, "quarter": true, "team": true, "unit": true, "site": true, "network": true,
	"safe": true, "haven": true, "rescue": true, "victims": true, "survivors": true, "children": true,
	"girls": true, "boys": true, "women": true, "men": true, "referrals": true, "services": true, "events": true,
	"placements": true, "followups": true, "deleted": true, "closed": true, "open": true, "archive": true,
	"draft": true, "test": true, "project": true, "programme": true, "program": true, "partner": true,
	"branch": true, "north": true, "south": true, "east": true, "west": true, "central": true, "hotline": true,
	"clinic": true, "hospital": true, "school": true, "station": true, "border": true, "transit": true,
	"new": true, "old": true, "all": true, "part": true, "batch": true, "version": true,
	// Primero's form sections, named as sheets of its Excel export
	"basic": true, "identity": true, "assessment": true, "tracing": true, "closure": true, "interview": true,
	"registration": true, "details": true, "records": true, "record": true,
}

// statusWords are the words registers name a file or sheet by its people's trafficking status
// with, in the abbreviations and languages ingest's status names read (ingest/xlsx.go
// statusPhrases): "Not VoT.csv", "Non-VoT.csv" and "Presuntas víctimas.csv" named no one, but
// were withheld as "input 1" where "Presumed victims.csv" was named (attack-2026-12-04a, lows).
// Not "korban" (Indonesian "victim"): a given name of the lists, read as a status only after
// bukan, calon, terduga or diduga (statusKorban).
var statusWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`vot vots pvot pvots nonvot nonvots
		víctima víctimas victima victimas vítima vítimas vitima vitimas victime victimes
		presunta presuntas presunto presuntos supuesta supuestas supuesto supuestos
		sospechosa sospechosas sospechoso sospechosos potencial potenciales potenciais posibles possíveis
		présumée présumées présumé présumés presumee presumees potentielle potentielles potentiel potentiels
		identificadas identificados identificada identificado descartada descartadas descartado descartados
		bukan calon terduga diduga tratantes trafiquants pelaku saksi trata suspeita suspeitas suspeito suspeitos presumidas presumidos`) {
		m[w] = true
	}
	return m
}()

// unknownWords counts the words of s (letters, split at case changes, see words) of three
// letters or more that are neither English words, words of case systems nor months: words of
// names. A month's abbreviation beside a place ("herat_jan", "Kabul Feb 2024") names an export,
// not a person; beside a name, the name is found alone (loneName, givenWords).
func unknownWords(s string) int {
	n := 0
	for _, w := range HeaderWords(s) {
		if utf8.RuneCountInString(w) >= 3 && !caseWord(w) && !fileWords[w] && !statusWords[w] && !englishWord(w) && !monthAbbrevs[w] &&
			!scriptFileWords[norm.NFC.String(w)] {
			n++
		}
	}
	return n
}

// loneName reports whether s has one word of three letters or more that is neither an English
// word (in a form of it: userWord), nor a word of case systems (sourceWords, fileWords), of places
// (placeWord), months or peoples (notNames), whatever other such words stand beside it, and that
// word is a family name or a given name the lists lack: capitalized and not an acronym of five
// capitals at most ("Qasimzada", "Qasimzada 2023", "Qasimzada intake"), or in lower case and of
// four letters or more ("qasimzada.csv", "qasimzada_intake"). Lower-case words of the user's
// making ("misdated", "allrisk", "notvictim") are English words in another form or run together
// (userWord: a capitalized word gets no such benefit, "Mondal" is not "mon" and "dal"); three
// lower-case letters ("sci") are taken for an abbreviation, and a word of a script without case
// is judged by the name list alone (givenWords). Family names that are English words ("Hunter",
// "khan") or run together from them ("mondal") are not found here (familyWordIn: a short list).
func loneName(s string) bool {
	unknown := unknownTokens(s)
	if len(unknown) != 1 {
		return false // none, or two or more: unknownWords (and mixedName) have judged those
	}
	return familyName(unknown[0])
}

// unknownTokens returns the words of s (split at what is neither a letter nor a mark, not at
// case changes) of three letters or more that loneName counts: no known word (knownWord), nor,
// in lower case, a user word.
func unknownTokens(s string) []string {
	var unknown []string
	for _, t := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsMark(r) }) {
		r, _ := utf8.DecodeRuneInString(t)
		if utf8.RuneCountInString(t) >= 3 && !knownWord(strings.ToLower(t)) && (!unicode.IsLower(r) || !userWord(t)) {
			unknown = append(unknown, t)
		}
	}
	return unknown
}

// familyName reports whether t, a word unknownTokens returned, is taken for a family name or a
// given name the lists lack: capitalized and no acronym of five capitals at most, or in lower
// case and of four letters or more.
func familyName(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	switch {
	case unicode.IsUpper(r):
		return !(t == strings.ToUpper(t) && utf8.RuneCountInString(t) <= 5)
	case unicode.IsLower(r):
		return utf8.RuneCountInString(t) >= 4
	}
	return false // a script without case ("هرات"): given names of the lists only
}

// knownWord reports whether w (lower case) is an English word of the list, a word of case
// systems, of places, months or peoples: no name.
func knownWord(w string) bool {
	return caseWord(w) || fileWords[w] || statusWords[w] || englishWord(w) || placeWord(w) || notNames[w] || monthAbbrevs[w] ||
		scriptFileWords[norm.NFC.String(w)]
}

// userWord reports whether w (lower case, letters only) is a known word (knownWord), one with a
// prefix or an ending the list lacks ("misdated", "reuses"), or known words run together as file
// names of the user's making are ("allrisk", "notvictim", "perfile", "badfield"), with at most
// one part of two letters of shortParts ("evbad", "nocount"): not "popal" ("pop" and "al").
func userWord(w string) bool {
	if wordForm(w) {
		return true
	}
	if strings.IndexFunc(w, func(r rune) bool { return r > unicode.MaxASCII || !unicode.IsLetter(r) }) >= 0 {
		return false
	}
	// split reports whether w[i:] is known parts, one of them short at most (short: used).
	memo := map[[2]int]bool{}
	var split func(i int, short bool) bool
	split = func(i int, short bool) bool {
		if i == len(w) {
			return true
		}
		k := [2]int{i, 0}
		if short {
			k[1] = 1
		}
		if v, ok := memo[k]; ok {
			return v
		}
		res := !short && i+2 <= len(w) && shortParts[w[i:i+2]] && split(i+2, true)
		for j := i + 3; j <= len(w) && !res; j++ {
			if (i > 0 || j < len(w)) && wordForm(w[i:j]) {
				res = split(j, short)
			}
		}
		memo[k] = res
		return res
	}
	return split(0, false)
}

// fileWord reports whether w (lower case) is a word of files, places or dates, or one of
// files with an ending ("reports", "forms").
func fileWord(w string) bool {
	known := func(w string) bool {
		return caseWord(w) || fileWords[w] || placeWord(w) || notNames[w] || monthAbbrevs[w]
	}
	if known(w) {
		return true
	}
	for _, suf := range []string{"s", "es", "ed", "d", "ing"} {
		if stem, ok := strings.CutSuffix(w, suf); ok && known(stem) {
			return true
		}
	}
	return false
}

// shortParts are the two-letter words that file names run together with others ("nocount",
// "evbad": events).
var shortParts = map[string]bool{"no": true, "ev": true, "of": true, "in": true, "on": true, "to": true,
	"by": true, "ex": true, "id": true, "hh": true}

// wordForm reports whether w is a known word or one with an ending ("-s", "-ed", "-ing", "-er",
// "-ly") or a prefix ("mis-", "un-", "re-", "non-", "pre-", "dis-") the word list lacks.
func wordForm(w string) bool {
	if utf8.RuneCountInString(w) < 3 {
		return false
	}
	if knownWord(w) {
		return true
	}
	for _, suf := range []string{"s", "es", "ed", "d", "ing", "er", "ers", "ly"} {
		if stem, ok := strings.CutSuffix(w, suf); ok && utf8.RuneCountInString(stem) >= 3 && (knownWord(stem) || knownWord(stem+"e")) {
			return true
		}
	}
	for _, pre := range []string{"mis", "un", "re", "non", "pre", "dis"} {
		if rest, ok := strings.CutPrefix(w, pre); ok && utf8.RuneCountInString(rest) >= 3 && wordForm(rest) {
			return true
		}
	}
	return false
}

// namedRun reports whether s holds a person's name written with capitals among other words:
// an initial before a capitalized word ("Z. Qasimzada", "Z Hunter") or after one ("Hunter, R."), or two
// capitalized words the first of which is a given name, of the lists or an English word
// (englishGiven: "Rose Hunter intake", "Grace Hope 2023"), none of them a word of files or
// places ("Hope Shelter", "Grace Kabul" are not).
func namedRun(s string) bool {
	toks := strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsMark(r) && r != '.' && r != '\'' && r != '’'
	})
	capital := func(t string) bool {
		r, _ := utf8.DecodeRuneInString(t)
		return unicode.IsUpper(r)
	}
	lower := func(t string) bool {
		r, _ := utf8.DecodeRuneInString(t)
		return unicode.IsLower(r)
	}
	plain := func(t string) string { return strings.ToLower(strings.Trim(t, ".'’")) }
	known := func(w string) bool {
		return caseWord(w) || fileWords[w] || placeWord(w) || notNames[w] || monthAbbrevs[w]
	}
	for i := 0; i+1 < len(toks); i++ {
		a, b := toks[i], toks[i+1]
		// "Hunter, R.": a family name and an initial.
		if capital(a) && utf8.RuneCountInString(plain(a)) >= 3 && !known(plain(a)) && capital(b) &&
			strings.HasSuffix(b, ".") && utf8.RuneCountInString(b) == 2 {
			return true
		}
		// "rose_hunter_intake": the same in lower case, a given name that is an English word
		// before a word of three letters or more that says nothing of a file ("rose_reports" does).
		if lower(a) && lower(b) && englishGiven[plain(a)] && utf8.RuneCountInString(plain(b)) >= 3 && !fileWord(plain(b)) {
			return true
		}
		if !capital(a) || !capital(b) || known(plain(b)) || utf8.RuneCountInString(plain(b)) < 2 {
			continue
		}
		if initial := strings.TrimSuffix(a, "."); utf8.RuneCountInString(initial) == 1 && (strings.HasSuffix(a, ".") || utf8.RuneCountInString(plain(b)) >= 3) {
			return true
		}
		if w := plain(a); !known(w) && (GivenName(w) || englishGiven[w]) {
			return true
		}
	}
	return false
}

// givenWords counts the words of s (see words) that are given names (GivenName).
func givenWords(s string) int {
	n := 0
	for _, w := range HeaderWords(s) {
		if GivenName(w) {
			n++
		}
	}
	return n
}

// fileWords are words of the names of exports and forms that the English list lacks: case
// systems and their abbreviations.
var fileWords = map[string]bool{
	"kobo": true, "kobotoolbox": true, "odk": true, "primero": true, "ctdc": true, "htcds": true,
	"commcare": true, "ngo": true, "org": true, "dept": true, "followup": true, "followups": true,
	"deduplicated": true, "intake": true, "csv": true, "xlsx": true, "json": true, "ndjson": true,
	"unhcr": true, "iom": true, "unicef": true, "unodc": true, "ilo": true, "tip": true, "sep": true,
	"sept": true, "info": true, "bom": true, "crlf": true, "tsv": true, "synth": true, "mse": true,
	"odata": true, "ecpat": true,
	// abbreviations folders are named with (privacy-side-doors19: "prevA", "tmpDir", "Exp2")
	"prev": true, "rel": true, "src": true, "tmp": true, "dir": true, "exp": true, "cfg": true, "dst": true,
	// case types and the abbreviations of files and runs (attack-2026-12-05e X9: "TypeGBV_",
	// "wbs_nohdr" were "(a folder whose name is withheld)")
	"gbv": true, "sgbv": true, "vaw": true, "vawg": true, "ipv": true, "ahtu": true, "ctip": true, "hdr": true,
	"hdrs": true, "nohdr": true, "wbs": true, "xls": true, "tbl": true, "bak": true, "orig": true, "dup": true,
	"dups": true, "dedup": true, "fmt": true, "enc": true, "utf": true, "rpt": true, "qtr": true, "mth": true,
}

// SourceLabelOr returns s when SourceLabel allows it, else fallback ("sheet 2").
func SourceLabelOr(s, fallback string) string {
	if SourceLabel(s) {
		return s
	}
	return fallback
}

// isDigits reports whether s is ASCII digits only (and not empty).
func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// SheetLabel reports whether a workbook's sheet name may be printed (errors, notices, the
// manifest, quarantine.csv): SourceLabel allows it and, as HeaderLabel asks of a dropped
// column's header, beside a person word ("contact_grace", "Officer Hope", "caseworker_hope",
// printed before) every other word is a field's (privacy-side-doors37, session zv's task 2).
// Not HeaderLabel's whole rule (every word known): the sheets of registers are named in words
// and scripts no header list holds ("Niñas", "هرات"), and SourceLabel already withholds two
// unknown words, a given name or a lone capitalized name ("Naqib notes", "Malalai").
func SheetLabel(s string) bool {
	return SourceLabel(s) && !personBeside(s)
}

// FileLabel reports whether the name of an input file (without its folder and extension) or of
// a folder below the input may be printed (errors, notices, the manifest, quarantine.csv):
// SheetLabel's rule, as files are named as sheets are ("contact_grace.csv" was printed where
// the sheet "contact_grace" was not: privacy-side-doors37, session of 7 Dec 05:32, task 1). A file named
// for an organisation ("HopeHouse cases") stays named: no person word stands in it.
func FileLabel(s string) bool {
	return SheetLabel(s)
}

// personBeside reports whether s holds a person word (headerPersonWords: "contact", "Officer",
// "caseworker") beside a word that is no field's ("grace", "Hope"): a name, as HeaderLabel
// judges a dropped column's header.
func personBeside(s string) bool {
	ws := HeaderWords(norm.NFC.String(s))
	if !slices.ContainsFunc(ws, func(w string) bool { return headerPersonWords[w] }) {
		return false
	}
	return slices.ContainsFunc(ws, func(w string) bool { return !headerPersonWords[w] && !personFieldWord(w) })
}
