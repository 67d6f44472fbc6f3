//go:build !unix

package main

// noCoreDumps does nothing where there are no Unix core files (Windows writes no dump unless
// the user configured Windows Error Reporting to).
func noCoreDumps() {}

// maxRSS is not measured here: bench prints 0.
func maxRSS() float64 { return 0 }
