package synth

import "embed"

// Demo holds the sample exports that "prevalence demo" runs on: WriteDemo's output (Write's
// organisations for DemoRows rows and DemoSeed, registered 2018-2025), under DemoDir. A test
// checks that WriteDemo still produces these bytes.
//
//go:embed demo
var Demo embed.FS

// The demo's folder inside Demo, size and seed. Of seeds 1-22, 15 gives protected tables in which
// the cases and the boys of every working province, and most years' men and boys, are published
// (complementary suppression withholds other cells in other seeds: an artefact of one draw, not
// of the data's story).
const (
	DemoDir  = "demo"
	DemoRows = 4000
	DemoSeed = 15
)
