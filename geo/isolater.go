package geo

import (
	"slices"
	"sync"
)

// isoLater are first-level subdivisions ISO 3166-2 added after the iso-codes release the
// generated table comes from (isoSource: 4.15), as ISO's Online Browsing Platform
// (https://www.iso.org/obp/ui/#iso:code:3166:ET) and Wikipedia's "ISO 3166-2:ET" list them:
// Ethiopia's Sidama (ET-SI, the region of June 2020) and South West Ethiopia Peoples (ET-SW,
// the region of November 2021), both carved out of ET-SN. Ethiopia's Central and South
// Ethiopia regions (August 2023, the rest of ET-SN) have no ISO code yet: read as unknown.
// Read with the generated table (isoRows).
//
// Indonesia's four provinces of 2022, carved out of Papua (ID-PA: Papua Selatan, Papua Tengah,
// Papua Pegunungan, Law 14, 15 and 16 of 2022) and Papua Barat (ID-PB: Papua Barat Daya, Law 29
// of 2022), as ISO's Online Browsing Platform records the change to ISO 3166-2:ID (2022-11-29:
// "Addition of provinces ID-PE, ID-PS and ID-PT"; 2023-11-23: "Addition of province ID-PD";
// ISO publishes its changes there since the newsletters ended), under the geographical unit
// Papua (ID-PP) as ID-PA and ID-PB are (attack-2026-12-04e, lows: left empty with a notice).
// Natural Earth draws Papua and Papua Barat with their borders before the split, so the four
// have no shape (geo/boundaries/SOURCE.md).
var isoLater = []isoRow{
	{"ET-SI", "Sidama", "", "Regional state"},
	{"ET-SW", "South West Ethiopia Peoples", "", "Regional state"},
	{"ID-PD", "Papua Barat Daya", "ID-PP", "Province"},
	{"ID-PE", "Papua Pegunungan", "ID-PP", "Province"},
	{"ID-PS", "Papua Selatan", "ID-PP", "Province"},
	{"ID-PT", "Papua Tengah", "ID-PP", "Province"},
}

// isoRows are ISO 3166-2's subdivisions: the generated table and isoLater, with the
// geographical units left out and the subdivisions under them made first-level.
//
// ISO lists Indonesia's 38 provinces under seven "geographical units" (island groups: Jawa,
// Nusa Tenggara, ...) that no government, shelter or budget uses; read as first-level, a
// register's "Bali" was published as "Nusa Tenggara" and "DKI Jakarta" as "Jawa"
// (attack-2026-12-04d finding R13). Indonesia is the only country with such units; a name of
// a unit that is also a province's ("Maluku", "Papua") is then the province's.
var isoRows = sync.OnceValue(func() []isoRow {
	rows := append(slices.Clip(isoSubdivisions), isoLater...)
	units := map[string]bool{}
	for _, r := range rows {
		if r.kind == geographicalUnit {
			units[r.code] = true
		}
	}
	out := make([]isoRow, 0, len(rows))
	for _, r := range rows {
		if units[r.code] {
			continue
		}
		if units[r.parent] {
			r.parent = ""
		}
		out = append(out, r)
	}
	return out
})

// geographicalUnit is ISO 3166-2's type of a grouping of subdivisions (isoRows).
const geographicalUnit = "Geographical unit"
