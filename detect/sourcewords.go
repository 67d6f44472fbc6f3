package detect

import (
	"strings"
	"unicode"
)

// sourceWordsAbroad are words of file and sheet names in the languages ingest reads (Spanish,
// French, Portuguese, Indonesian) that no person's name holds: a workbook's sheets "Niños" and
// "Niñas", "Otros casos" or "Exploitation sexuelle" were shown as "sheet 1", "sheet 2", so a user
// could not tell which sheet was read (attack-2026-12-04d, lows). Words that are given names
// or family names somewhere (Refugio, Casas, Anak; Ninos, Abrigo: privacy-side-doors26) are
// left out: such a word alone, as a sheet's or a file's name, stays withheld. "Caso" and "cas"
// are kept, the words of case files before the rare family name and Dutch given name ("Caso de
// trata", "id_caso", "Cas suspects" were withheld without them; "Caso Lopez" still is, by
// Lopez). Unlike sourceWords, they do not clear a phrase of free text of being a name
// (nameIn): "Niñas Maria Lopez visitó" still holds one. The words of relatives' sheets and
// files ("Hermanos", "Saudara", "Orang tua", "Familiares"), which ingest refuses naming them,
// name no one either (attack-2026-12-05d W3, 05e X9: "wb_Hermanos/register.xlsx" was "input
// 1" where "wb_Siblings/register.xlsx" was named).
var sourceWordsAbroad = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`niños niñas ninas menores adolescentes
		adultos adultas hombres mujeres varones chicos chicas
		garçons garcons filles enfants adultes hommes femmes mineurs
		meninos meninas crianças criancas homens mulheres adolescentes
		otros otras outros outras autres casos caso cas dossiers registro registros expediente expedientes
		explotación explotacion exploração exploracao sexuelle sexuel laboral travail trabajo trabalho
		forzado forzoso forzosa forcé forcée force forçado forcado mendicidad mendicité servidumbre
		albergue hogar foyer acogida accueil centro centros refugiados
		provincia provincias departamento département distrito región région
		kasus provinsi kabupaten laporan daftar
		hermanos hermanas hermano hermana madres familia familias familiares parientes cuidadores tutores
		acompañantes hijos hijas irmãos irmaos irmãs irmas filhos filhas parentes acompanhantes famille familles
		frères freres sœurs soeurs saudara orang tua keluarga`) {
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

// dwellingWords name, with a number beside them, a plot, a building or a flat ("Plot 12",
// "Flat 2B", "Holding 45"), or the small place a person lives in: a city's sector or block, a
// ward, a village and the registers' words for one ("Sector 4", "Ward 3", "Village 5", "Moo 4",
// "Phum 3", "Desa 2", "RT 3", "Purok 6", "Tole 4", "Lote 12"): the parts of an address, withheld
// as streets are (privacy-side-doors25, left). Not Indonesia's RW ("RW-01" is Rwanda's province). SmallPlaceHeader treats village and ward
// columns so. "House" is not among them ("Safe House 2" names a shelter; "House 4, Lane 7" is
// caught by its lane), nor coarse units (zone, area, district, province).
var dwellingWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`plot plots block blk sector ward village vill hamlet flat flats apartment apt
		building bldg holding mohalla colony basti gaon gaun tole phum moo desa dusun kampung kampong rt
		kelurahan barangay brgy purok sitio kebele lote manzana mz colonia`) {
		m[w] = true
	}
	return m
}()

// addressLike reports whether a label's words name a street (streetWords) or a dwelling's or a
// village's place (dwellingWords); callers ask it of labels that hold a digit.
func addressLike(s string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if streetWords[w] || dwellingWords[w] {
			return true
		}
	}
	return false
}
