package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"

	"github.com/prevalence/prevalence/linkage"
	"github.com/prevalence/prevalence/pipeline"
	"github.com/prevalence/prevalence/release"
	"github.com/prevalence/prevalence/reports"
	"github.com/prevalence/prevalence/synth"
)

func cmdDemo(ctx context.Context, e *env, args []string) error {
	fls := newFlags(e, "demo", "demo [--out DIR]")
	signKey := fls.String("sign-key", "", "sign the release with this Ed25519 private key (mode 600; see prevalence keygen)")
	out := fls.String("out", "prevalence-demo", "release folder to write")
	if _, err := parse(fls, args); err != nil {
		return err
	}
	cfgData, err := fs.ReadFile(synth.Demo, path.Join(synth.DemoDir, synth.ConfigFile))
	if err != nil {
		return err
	}
	cfg, err := pipeline.ParseConfig("demo/"+synth.ConfigFile, cfgData)
	if err != nil {
		return err
	}
	var ins []pipeline.Input
	for _, name := range append(append([]string{}, synth.OutcomeExports...), synth.Exports...) {
		p := path.Join(synth.DemoDir, name)
		ins = append(ins, pipeline.Input{Name: p, Open: func() (io.ReadCloser, error) { return synth.Demo.Open(p) }})
	}
	// The centres the demo's config names (a list; a file would be read from the embedded folder).
	centres, err := cfg.Centres.ReadFS(synth.Demo, synth.DemoDir)
	if err != nil {
		return err
	}
	key, err := linkage.LoadKey("")
	if err != nil {
		return err
	}
	if key == nil {
		key = demoKey // fictional data: a fixed key shows linkage; real runs need a secret one
	}
	noCoreDumps()
	if _, err := os.Stat(filepath.Join(*out, "manifest.json")); err == nil && !e.out.quiet {
		fmt.Fprintf(e.stderr, "replacing the earlier demo release in %s\n", *out)
	}
	sk, err := signingKey(*signKey)
	if err != nil {
		return err
	}
	m, err := pipeline.Run(ctx, ins, cfg, pipeline.Options{SigningKey: sk, Out: *out, Centres: centres, Logger: e.out.logger(e), Progress: e.out.progress(e), Key: key})
	if err != nil {
		return err
	}
	if e.out.quiet {
		return nil
	}
	// The boys' table as the brief and `query --named boys-by-province` give it: the release's
	// protected table, counted from every case and protected with the others. (Counting the
	// k-anonymous microdata instead printed other figures than the brief's: 90 boys in
	// Maharashtra against the brief's 94, as suppressed rows are not in the microdata.)
	tables, err := release.ReadTables(*out)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(tables, func(t *release.Table) bool { return t.Name == "boys-by-province" })
	if i < 0 {
		return fmt.Errorf("demo: the release has no table boys-by-province")
	}
	fmt.Fprintf(e.stdout, "%s\n\n", tables[i].Title)
	if err := reports.PublishedTable(tables[i]).WriteText(e.stdout); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout)
	summarize(e, m, *out)
	return nil
}

// demoKey links the fictional people of the demo exports. It is public and links nothing real.
var demoKey = linkage.Key(linkage.DemoKey)
