package detect

import "strings"

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
