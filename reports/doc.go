// Package reports turns the analysis of a release into files people read: a Markdown report
// and one CSV per table. Every published count passes through small-cell suppression first, so
// that no figure from 1 to the threshold minus one appears anywhere.
package reports
