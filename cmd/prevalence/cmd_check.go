package main

import (
	"context"
	"fmt"

	"github.com/prevalence/prevalence/analysis"
	"github.com/prevalence/prevalence/release"
)

func cmdCheck(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "check", "check DIR")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageErrorf("give one release folder")
	}
	if _, err := release.ReadManifest(pos[0]); err != nil {
		return err
	}
	db, err := analysis.Open(ctx, pos[0])
	if err != nil {
		return err
	}
	defer db.Close()
	problems, err := release.Check(ctx, pos[0], db)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return &violationError{problems}
	}
	// The verdict is check's output (stdout), as tables are query's; --quiet leaves the exit code.
	if !e.out.quiet {
		fmt.Fprintf(e.stdout, "%s: ok\n", pos[0])
	}
	return nil
}
