package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/prevalence/prevalence/pipeline"
)

// cmdAnonymize anonymizes any CSV, not only case exports, into the same release layout.
func cmdAnonymize(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "anonymize", "anonymize --input FILE --qi COL,... [--sensitive COL] [--keep COL,...] [--drop COL,...] [--allow COL,...] [--hierarchy COL=FILE.csv ...] --k N [--l N] [--suppression 0.05] [--metric loss|discernibility|entropy] [--population FILE [--k-map N] [--population-uniqueness X]] [--new-levels] --out DIR")
	input := fs.String("input", "", "CSV to anonymize (delimiter guessed: , ; tab |)")
	qi := fs.String("qi", "", "quasi-identifier columns, comma-separated")
	var hier multi
	fs.Var(&hier, "hierarchy", "COL=FILE: ARX hierarchy CSV, YAML hierarchy, or builtin:age|date|flat; repeatable")
	drop := fs.String("drop", "", "identifier columns never written, comma-separated")
	keep := fs.String("keep", "", "insensitive columns written as they are, comma-separated (every column must be --qi, --sensitive, --keep or --drop)")
	allow := fs.String("allow", "", "columns that look like identifiers (names, phones, IDs, ...) to release anyway, comma-separated")
	k := fs.Int("k", 5, "k-anonymity")
	l := fs.Int("l", 0, "l-diversity of --sensitive (0: off)")
	diversity := fs.String("diversity", "distinct", "l-diversity variant: distinct, entropy or recursive")
	c := fs.Float64("c", 0, "c of recursive (c,l)-diversity")
	t := fs.Float64("t", 0, "t-closeness of --sensitive, equal distance (0: off)")
	sensitive := fs.String("sensitive", "", "sensitive column for l-diversity and t-closeness")
	suppression := fs.Float64("suppression", 0.05, "share of rows that may be suppressed (0..1)")
	metric := fs.String("metric", "loss", "quality model: loss, discernibility or entropy")
	method := fs.String("method", "full-domain", "full-domain or mondrian")
	population := fs.String("population", "", "CSV of population counts: one column per --qi (leaf values) and a count column")
	kMap := fs.Int("k-map", 0, "k-map: every released class matches at least N people of --population (0: off)")
	uniqueness := fs.Float64("population-uniqueness", 0, "largest share of released rows whose class matches one person of --population (0: off; binds only with --k 1)")
	newLevels := fs.Bool("new-levels", false, "search the best levels anew even where those of the release already in --out still hold (by default they are kept: other levels, joined with it, single out rows)")
	allowDiff := fs.Bool("allow-differencing", false, "write over a release in --out without the differencing guard (comparing the two can single out the rows that differ)")
	signKey := fs.String("sign-key", "", "sign the release with this Ed25519 private key (mode 600; see prevalence keygen)")
	out := fs.String("out", "", "release folder to write")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErrorf("unexpected argument %q", pos[0])
	}
	if *input == "" || *qi == "" || *out == "" {
		return usageErrorf("--input, --qi and --out are required")
	}
	if *kMap < 0 {
		return usageErrorf("--k-map must be at least 0, got %d", *kMap)
	}
	if *kMap > 1 && *population == "" {
		return usageErrorf("--k-map needs --population")
	}
	if !(*uniqueness >= 0 && *uniqueness <= 1) {
		return usageErrorf("--population-uniqueness must be between 0 and 1, got %g", *uniqueness)
	}
	if *uniqueness > 0 && *population == "" {
		return usageErrorf("--population-uniqueness needs --population")
	}
	spec := pipeline.TableSpec{Input: *input, QIs: split(*qi), Drop: split(*drop), Keep: split(*keep), Allow: split(*allow), Sensitive: *sensitive, Hierarchies: map[string]string{},
		PopulationFile: *population, KMap: *kMap, PopulationUniqueness: *uniqueness}
	for _, h := range hier {
		col, file, ok := strings.Cut(h, "=")
		if !ok || col == "" || file == "" {
			return usageErrorf("--hierarchy wants COL=FILE, got %q", h)
		}
		spec.Hierarchies[col] = file
	}
	spec.Config = pipeline.Defaults
	spec.Config.K, spec.Config.L, spec.Config.Diversity, spec.Config.C, spec.Config.T = *k, *l, *diversity, *c, *t
	spec.Config.SuppressionLimit, spec.Config.Metric, spec.Config.Method = *suppression, *metric, *method
	spec.Config.Weights = nil
	spec.Config.AllowDifferencing = *allowDiff
	spec.Config.NewLevels = *newLevels
	vc := spec.Config
	if (*kMap > 1 || *uniqueness > 0) && vc.K == 1 {
		vc.K = 2 // a population model protects on its own: --k 1 (no k-anonymity in the sample) is allowed with it
	}
	if err := vc.Validate(); err != nil && !strings.Contains(err.Error(), "sensitive attribute") {
		return usageErrorf("%v", err)
	}
	if *l < 2 {
		// No l-diversity: the manifest and protections.json name no variant of it (as run's).
		spec.Config.Diversity = ""
	}
	sk, err := signingKey(*signKey)
	if err != nil {
		return err
	}
	m, err := pipeline.AnonymizeTable(ctx, spec, pipeline.Options{SigningKey: sk, Out: *out})
	if err != nil {
		return err
	}
	var levels []string
	for _, lv := range m.Privacy.Levels {
		levels = append(levels, fmt.Sprintf("%s=%d", lv.QuasiIdentifier, lv.Level))
	}
	if e.out.quiet {
		return nil
	}
	fmt.Fprintf(e.stderr, "%s: %d rows, %d written, %d suppressed; %s; levels %s\n",
		*out, m.Counts.Read, m.Counts.Written, m.Counts.Suppressed, m.Privacy.Model, strings.Join(levels, " "))
	for _, n := range m.Notices { // the differencing guard's, as run says them
		fmt.Fprintf(e.stderr, "notice: %s\n", n)
	}
	return nil
}

func split(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
