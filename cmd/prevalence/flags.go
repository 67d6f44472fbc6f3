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

// newFlags returns a FlagSet for cmd. Every command takes --quiet and --verbose (into e.out);
// --help prints synopsis and the flags to stdout, once. A wrong flag prints one line to stderr
// (with a "did you mean"), never the usage, so that stdout stays clean for the command's output.
func newFlags(e *env, cmd, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(e.stdout, "Usage: prevalence %s\n\nFlags:\n", synopsis)
		fs.SetOutput(e.stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	e.out.register(fs)
	return fs
}

// parse parses flags wherever they stand among the positional arguments, and returns the
// positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	// The flag package calls Usage on every error as well as on -h; print it here, on -h only.
	help := fs.Usage
	fs.Usage = func() {}
	defer func() { fs.Usage = help }()
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				help()
				return nil, err
			}
			return nil, usageErrorf("%v%s (see prevalence %s --help)", err, suggestFlag(fs, err), fs.Name())
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// suggestFlag returns "; did you mean --x?" for an undefined flag close to a defined one.
func suggestFlag(fs *flag.FlagSet, err error) string {
	const undefined = "flag provided but not defined: "
	msg := err.Error()
	if !strings.HasPrefix(msg, undefined) {
		return ""
	}
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if s := closest(strings.TrimLeft(strings.TrimPrefix(msg, undefined), "-"), names); s != "" {
		return "; did you mean --" + s + "?"
	}
	return ""
}

// closest returns the candidate nearest to s by edit distance, if it is near enough to be a
// typo (at most two edits, or a third of its letters), or "".
func closest(s string, candidates []string) string {
	best, bestD := "", max(2, len(s)/3)+1
	for _, c := range candidates {
		if d := editDistance(strings.ToLower(s), c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			sub := prev[j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// isSet reports whether the flag was given on the command line (a default is not a choice).
func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// atLeast returns a usage error when an int flag that was given is below lo: a size of 0 or
// less is a mistake, not a request for the default.
func atLeast(fs *flag.FlagSet, name string, v, lo int) error {
	if isSet(fs, name) && v < lo {
		return usageErrorf("--%s must be at least %d, got %d", name, lo, v)
	}
	return nil
}

// multi is a repeatable string flag.
type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(s string) error { *m = append(*m, s); return nil }

// output holds the flags every command shares.
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
