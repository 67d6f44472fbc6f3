package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"golang.org/x/term"
)

// newFlags returns a FlagSet for cmd whose --help prints synopsis and the flags to stdout.
func newFlags(e *env, cmd, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(e.stdout, "Usage: prevalence %s\n\nFlags:\n", synopsis)
		fs.SetOutput(e.stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// parse parses flags wherever they stand among the positional arguments, and returns the
// positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.Usage()
				return nil, err
			}
			return nil, usageErrorf("%v (see prevalence %s --help)", err, fs.Name())
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// multi is a repeatable string flag.
type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(s string) error { *m = append(*m, s); return nil }

// output holds the flags every pipeline command shares.
type output struct {
	quiet, verbose bool
}

func (o *output) register(fs *flag.FlagSet) {
	fs.BoolVar(&o.quiet, "quiet", false, "print nothing but errors")
	fs.BoolVar(&o.verbose, "verbose", false, "log each stage to stderr")
}

func (o *output) logger(e *env) *slog.Logger {
	if !o.verbose {
		return slog.New(slog.DiscardHandler)
	}
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

// progress returns a progress callback that redraws one line with a bar when stderr is a
// terminal, and nil otherwise (no extra output in logs and pipes).
func (o *output) progress(e *env) func(stage string, done, total int64) {
	f, ok := e.stderr.(*os.File)
	if o.quiet || !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	last := ""
	return func(stage string, done, total int64) {
		if stage == "done" {
			fmt.Fprintln(f)
			return
		}
		if stage != last && last != "" {
			fmt.Fprintln(f)
		}
		last = stage
		if total <= 0 {
			fmt.Fprintf(f, "\r%s ...", stage)
			return
		}
		const width = 30
		n := int(width * done / total)
		n = min(max(n, 0), width)
		fmt.Fprintf(f, "\r%-36s [%s%s] %3d%%", stage, strings.Repeat("=", n), strings.Repeat(" ", width-n), 100*done/total)
	}
}
