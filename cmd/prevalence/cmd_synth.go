package main

import (
	"context"
	"fmt"

	"github.com/prevalence/prevalence/synth"
)

func cmdSynth(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "synth", "synth --out DIR [--rows N] [--seed S]")
	out := fs.String("out", "", "folder to write the exports and their config into")
	rows := fs.Int("rows", 1500, "rows in all three exports together")
	seed := fs.Uint64("seed", 1, "random seed: the same seed writes the same bytes")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return usageErrorf("--out is required")
	}
	if *rows < 3 {
		return usageErrorf("--rows must be at least 3")
	}
	paths, err := synth.Write(*out, *rows, *seed)
	if err != nil {
		return err
	}
	for _, p := range paths {
		fmt.Fprintln(e.stdout, p)
	}
	return nil
}
