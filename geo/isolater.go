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
var isoLater = []isoRow{
	{"ET-SI", "Sidama", "", "Regional state"},
	{"ET-SW", "South West Ethiopia Peoples", "", "Regional state"},
}

// isoRows are ISO 3166-2's subdivisions: the generated table and isoLater.
var isoRows = sync.OnceValue(func() []isoRow {
	return append(slices.Clip(isoSubdivisions), isoLater...)
})
