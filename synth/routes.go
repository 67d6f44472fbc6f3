package synth

import (
	"math/rand/v2"
	"slices"
)

// How each organisation's people came in (schema.ReferralRoute): the true shares the exports
// are drawn from, so that tests can compare the release with them. The Kolkata police's rescue
// list has no such column: every child on it was freed by a police operation, which its
// mapping says (defaults: referral_route: police_operation).
const routeSeedConstant = 0x4e7e

// RouteShare is a referral route and the chance that a record of an organisation has it.
type RouteShare struct {
	Route string
	Share float64
}

// RouteShares are the true shares of the referral routes per organisation (by country code:
// AF the Afghan centre, its returnees included; IN the Indian network, its children at risk
// included; KH the Cambodian team). Each list sums to 1.
var RouteShares = map[string][]RouteShare{
	"AF": {{"government", 0.4}, {"ngo", 0.25}, {"family_or_community", 0.2}, {"self", 0.1}, {"other", 0.05}},
	"IN": {{"police_operation", 0.35}, {"hotline", 0.2}, {"outreach", 0.15}, {"family_or_community", 0.1}, {"ngo", 0.1}, {"self", 0.05}, {"school_or_health", 0.05}},
	"KH": {{"police_operation", 0.3}, {"hotline", 0.25}, {"outreach", 0.2}, {"ngo", 0.15}, {"school_or_health", 0.1}},
}

// indianRoute is how the Indian network writes the route, in the words of its form (read
// through ingest's vocabulary of referral routes).
var indianRoute = map[string]string{
	"police_operation": "Police operation", "hotline": "Childline", "outreach": "Street outreach",
	"family_or_community": "Family or community", "ngo": "NGO", "self": "Self-referral",
	"school_or_health": "School or health", "government": "Government", "other": "Other",
}

// routeDraw gives an organisation's records, in the export's order, routes from
// RouteShares[org], with a random source of its own, so that every other value of the exports
// is the same with or without routes.
type routeDraw struct {
	r      *rand.Rand
	shares []RouteShare
}

func newRouteDraw(org string, seed uint64) *routeDraw {
	return &routeDraw{r: rand.New(rand.NewPCG(seed, routeSeedConstant+uint64(slices.Index([]string{"AF", "IN", "KH"}, org)))),
		shares: RouteShares[org]}
}

// next draws the route of the export's next record.
func (d *routeDraw) next() string {
	u, acc := d.r.Float64(), 0.0
	for _, s := range d.shares {
		if acc += s.Share; u < acc {
			return s.Route
		}
	}
	return d.shares[len(d.shares)-1].Route
}
