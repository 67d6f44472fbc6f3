// Package reports turns the analysis of a release into files people read: report.md and a
// self-contained report.html (charts drawn with gonum/plot as inline SVG, a province tile map,
// methodology and privacy summary), a two-page brief (brief.md, brief.html), and the tables as
// CSV and JSON for researchers.
//
// Every published count passes through disclosure control first (Protect): primary
// suppression (counts from 1 to the threshold minus one are shown as "<threshold"), then
// complementary suppression ("x") until an attacker who solves every total, and every relation
// between tables, can work out no withheld count (Audit). Optional rounding (Options.RoundTo)
// and differential privacy with the exact discrete Laplace mechanism (Options.Epsilon, Noise)
// come on top; the mechanism is stated beside each table. Shares computed from a withheld count
// are withheld too.
package reports
