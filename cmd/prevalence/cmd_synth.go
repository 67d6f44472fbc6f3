package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"

	"github.com/prevalence/prevalence/synth"
)

func cmdSynth(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "synth", "synth --out DIR [--rows N] [--seed S] [--canonical]")
	out := fs.String("out", "", "folder to write the exports and their config into")
	rows := fs.Int("rows", 1500, "case rows in the four organisations' exports together (their events files come on top)")
	seed := fs.Uint64("seed", 1, "random seed: the same seed writes the same bytes")
	hidden := fs.Int("hidden", 0, "instead: draw a known population of this many people that --lists organisations record independently")
	canonical := fs.Bool("canonical", false, "instead: write the organisations' case rows as one CSV in the canonical columns, at --out (a file), as bench reads it")
	lists := fs.String("lists", "0.3,0.25,0.2,0.35", "with --hidden: each organisation's chance of recording a person")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usageErrorf("--out is required")
	}
	if err := atLeast(fs, "hidden", *hidden, 1); err != nil {
		return err
	}
	if *hidden > 0 {
		var capture []float64
		for _, p := range split(*lists) {
			f, err := strconv.ParseFloat(p, 64)
			if err != nil || f <= 0 || f > 1 {
				return usageErrorf("--lists: %q is not a probability", p)
			}
			capture = append(capture, f)
		}
		paths, recorded, err := synth.WriteHidden(*out, synth.Hidden{People: *hidden, Capture: capture, Seed: *seed})
		if err != nil {
			return err
		}
		for _, p := range paths {
			fmt.Fprintln(e.stdout, p)
		}
		if !e.out.quiet {
			fmt.Fprintf(e.stderr, "%d people, %d recorded by at least one organisation\n", *hidden, recorded)
			fmt.Fprintf(e.stderr, "next: PREVALENCE_KEY=$(openssl rand -hex 32) prevalence run --input %s --config %s\n", *out, filepath.Join(*out, synth.ConfigFile))
		}
		return nil
	}
	if *rows < 3 {
		return usageErrorf("--rows must be at least 3")
	}
	if *canonical {
		if err := synth.WriteCanonical(*out, *rows, *seed); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, *out)
		return nil
	}
	paths, err := synth.Write(*out, *rows, *seed)
	if err != nil {
		return err
	}
	for _, p := range paths {
		fmt.Fprintln(e.stdout, p)
	}
	if !e.out.quiet {
		// The exports read as intended only with their config: say how.
		fmt.Fprintf(e.stderr, "next: prevalence run --input %s --config %s\n", *out, filepath.Join(*out, synth.ConfigFile))
	}
	return nil
}
