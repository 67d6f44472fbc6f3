package detect

import (
	"strings"
	"unicode"
)

// sourceWordsAbroad are words of file and sheet names in the languages ingest reads (Spanish,
// French, Portuguese, Indonesian) that no person's name holds: a workbook's sheets "Niños" and
// "Niñas", "Otros casos" or "Exploitation sexuelle" were shown as "sheet 1", "sheet 2", so a user
// could not tell which sheet was read (attack-2026-12-04d, lows). Words that are given names
// somewhere (Refugio, Casas, Anak) are left out. Unlike sourceWords, they do not clear a
// phrase of free text of being a name (nameIn): "Niñas Maria Lopez visitó" still holds one.
var sourceWordsAbroad = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`niños ninos niñas ninas menores adolescentes
		adultos adultas hombres mujeres varones chicos chicas
		garçons garcons filles enfants adultes hommes femmes mineurs
		meninos meninas crianças criancas homens mulheres adolescentes
		otros otras outros outras autres casos caso cas dossiers registro registros expediente expedientes
		explotación explotacion exploração exploracao sexuelle sexuel laboral travail trabajo trabalho
		forzado forzoso forzosa forcé forcée force forçado forcado mendicidad mendicité servidumbre
		albergue hogar foyer abrigo acogida accueil centro centros refugiados
		provincia provincias departamento département distrito región région
		kasus provinsi kabupaten laporan daftar`) {
		m[w] = true
	}
	return m
}()

// caseWord reports whether w (lower case) is a word of file and sheet names, in English
// (sourceWords) or in another language ingest reads (sourceWordsAbroad).
func caseWord(w string) bool { return sourceWords[w] || sourceWordsAbroad[w] }

// streetWords name a street, in the languages of the registers read: with a number beside them
// a label is an address ("Kabul Road 12", "Jl. Merdeka 5"), a header row that was data, and is
// withheld (attack-2026-12-04e, lows: "Kabul Road 12" was named in the drop notice).
var streetWords = map[string]bool{"road": true, "rd": true, "street": true, "st": true, "avenue": true, "ave": true,
	"lane": true, "ln": true, "marg": true, "gali": true, "sadak": true, "jalan": true, "jl": true, "calle": true,
	"avenida": true, "rue": true, "rua": true, "boulevard": true, "blvd": true, "phlauv": true, "soi": true}

// addressLike reports whether a label's words name a street (streetWords); callers ask it of
// labels that hold a digit.
func addressLike(s string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if streetWords[w] {
			return true
		}
	}
	return false
}
