// Headers of group numbers and small places: columns that k-anonymity over the other columns
// does not cover when they are released as they are.

package detect

import "strings"

// groupWords name a household, a family, siblings, or the people freed in one rescue
// operation or raid in a header; with a word of numbers (groupIDWords) the column numbers them
// ("household_id", "family_no", "hh_id", "sibling_group", "operation_code", "raid_no").
var groupWords = map[string]bool{
	"household": true, "households": true, "hh": true, "family": true, "families": true, "fam": true,
	"sibling": true, "siblings": true, "famille": true, "menage": true, "ménage": true, "familia": true,
	"família": true, "hogar": true, "parent": true, "operation": true, "operations": true, "raid": true,
	"raids": true,
}

// groupAlone are the words that name a group's number with no word of numbers beside them
// ("household", "HH", "rescue_operation", "raid"): a column under such a header holds which
// household or raid a row belongs to. Plurals ("siblings", "households") and "parent" are left
// out: such a column counts them or names a relation.
var groupAlone = map[string]bool{
	"household": true, "hh": true, "family": true, "fam": true, "famille": true, "menage": true,
	"ménage": true, "familia": true, "família": true, "hogar": true, "operation": true, "raid": true,
	"rescue": true,
}

// groupIDWords say a header's column numbers something ("id", "no", "file", "group").
var groupIDWords = map[string]bool{
	"id": true, "ids": true, "no": true, "nr": true, "num": true, "number": true, "code": true, "ref": true,
	"reference": true, "file": true, "group": true, "key": true, "index": true, "uid": true, "uuid": true,
	"numero": true, "número": true,
}

// groupRuns are group numbers written as one word ("HHID", "famno").
var groupRuns = map[string]bool{
	"hhid": true, "hhno": true, "hhcode": true, "hhnum": true, "famid": true, "famno": true, "familyid": true,
	"familyno": true, "householdid": true, "householdno": true, "siblingid": true, "siblinggroup": true,
	"opid": true, "opno": true, "raidid": true, "raidno": true, "operationid": true, "operationno": true,
}

// GroupHeader reports whether a header names the number of a household, a family, a sibling
// group or a rescue operation: a group word beside a word of numbers ("household_id",
// "raid_no"), a group word alone ("household", "rescue_operation"), or one run ("HHID").
func GroupHeader(header string) bool {
	ws := HeaderWords(header)
	group, num, alone := false, false, len(ws) > 0
	for _, w := range ws {
		group = group || groupWords[w]
		num = num || groupIDWords[w]
		alone = alone && groupAlone[w]
	}
	if alone && len(ws) == 1 && ws[0] == "rescue" {
		alone = false // a "rescue" column says whether, or how, not which raid
	}
	return group && num || alone || groupRuns[strings.Join(ws, "")]
}

// smallPlaceWords name a place smaller than a district in a header: a village, a town, a
// ward or a commune (Cambodia's khum and sangkat, India's gram panchayat, Nepal's VDC).
var smallPlaceWords = map[string]bool{
	"village": true, "villages": true, "town": true, "hamlet": true, "settlement": true, "neighbourhood": true,
	"neighborhood": true, "mohalla": true, "mahalla": true, "locality": true, "gram": true, "panchayat": true,
	"commune": true, "sangkat": true, "khum": true, "phum": true, "ward": true, "vdc": true, "gaunpalika": true,
	"nagarpalika": true, "municipality": true, "pueblo": true, "aldea": true, "aldeia": true, "vereda": true,
	"quartier": true, "barrio": true, "bairro": true, "colonia": true, "деревня": true, "село": true,
	"قریه": true, "قرية": true, "روستا": true, "گاؤں": true, "গ্রাম": true, "गाँव": true, "गांव": true, "ភូមិ": true,
}

// SmallPlaceHeader reports whether a header names a place smaller than a district (a village,
// a town, a ward) and not a group's number.
func SmallPlaceHeader(header string) bool {
	if GroupHeader(header) {
		return false
	}
	for _, w := range HeaderWords(header) {
		if smallPlaceWords[w] {
			return true
		}
	}
	return false
}
