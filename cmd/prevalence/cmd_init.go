package main

import (
	"context"
	"fmt"
	"os"

	"github.com/prevalence/prevalence/pipeline"
)

func cmdInit(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "init", "init [FILE]   (writes prevalence.yaml, or FILE; - for standard output)")
	force := fs.Bool("force", false, "overwrite an existing file")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	path := "prevalence.yaml"
	if len(pos) > 0 {
		path = pos[0]
	}
	if path == "-" {
		_, err := fmt.Fprint(e.stdout, pipeline.ExampleConfig)
		return err
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if *force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if err != nil {
		if os.IsExist(err) {
			return fmt.Errorf("%s exists; use --force to overwrite it", path)
		}
		return err
	}
	if _, err := f.WriteString(pipeline.ExampleConfig); err != nil {
		f.Close()
		return err
	}
	if !e.out.quiet {
		fmt.Fprintf(e.stderr, "wrote %s\n", path)
	}
	return f.Close()
}
