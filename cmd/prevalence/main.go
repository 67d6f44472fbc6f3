// Command prevalence turns case exports into an anonymized research release and reports on it.
// See the README for the commands; every command has --help.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"

	"github.com/prevalence/prevalence/pipeline"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *env, args []string) error
}

// env is what a command may touch.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	out            output // --quiet and --verbose, which every command takes
}

func commands() []command {
	return []command{
		{"demo", "run the whole pipeline on the embedded sample exports", cmdDemo},
		{"run", "run the whole pipeline on case exports", cmdRun},
		{"anonymize", "anonymize any CSV with given quasi-identifiers and hierarchies", cmdAnonymize},
		{"synth", "write realistic fictional case exports", cmdSynth},
		{"init", "write a commented config to start from", cmdInit},
		{"query", "run SQL or a named query on a release", cmdQuery},
		{"mse", "estimate the hidden number of victims from capture histories", cmdMSE},
		{"report", "re-render a release's reports for an audience", cmdReport},
		{"check", "verify a release against its manifest, signature and the organisation's rules", cmdCheck},
		{"keygen", "make the organisation's release signing key pair (Ed25519)", cmdKeygen},
		{"bench", "time the pipeline against DuckDB on synthetic data", cmdBench},
	}
}

// run is the whole program; main only wires it to the process.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	switch {
	case len(args) == 0:
		usage(stderr) // asked for nothing: the usage is an error message, not output
		return exitUsage
	case args[0] == "-h" || args[0] == "--help" || args[0] == "-help" || args[0] == "help":
		usage(stdout)
		return exitOK
	case args[0] == "--version" || args[0] == "-version" || args[0] == "version":
		fmt.Fprintf(stdout, "prevalence %s (%s, %s/%s)\n", pipeline.Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
		return exitOK
	}
	var names []string
	for _, c := range commands() {
		if c.name == args[0] {
			start := time.Now()
			err := c.run(ctx, e, args[1:])
			if err == nil {
				// --verbose: every command says what it took, the long ones also each stage.
				e.out.logger(e).Info("done", "command", c.name, "elapsed", time.Since(start).Round(time.Millisecond))
			}
			return exitCode(stderr, c.name, err)
		}
		names = append(names, c.name)
	}
	hint := ""
	if s := closest(args[0], names); s != "" {
		hint = "; did you mean " + s + "?"
	}
	return exitCode(stderr, "", usageErrorf("unknown command %q%s (see prevalence --help)", args[0], hint))
}

func usage(w io.Writer) {
	io.WriteString(w, "Usage: prevalence COMMAND [flags]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	io.WriteString(w, "\nEvery command takes --quiet and --verbose. Run 'prevalence COMMAND --help' for its flags,\n'prevalence --version' for the version.\n")
}
