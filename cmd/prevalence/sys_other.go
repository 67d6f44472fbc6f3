//go:build !unix

package main

import "os"

// noCoreDumps does nothing where there are no Unix core files (Windows writes no dump unless
// the user configured Windows Error Reporting to).
func noCoreDumps() {}

// peakRSS is not measured here: bench prints 0.
func peakRSS(*os.ProcessState) float64 { return 0 }

// ownRSS is not measured here: bench prints 0.
func ownRSS() float64 { return 0 }
