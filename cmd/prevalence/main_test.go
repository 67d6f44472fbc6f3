package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// childEnv makes the test binary run the command line instead of the tests (see TestMain).
const childEnv = "PREVALENCE_TEST_AS_CLI"

// limitFile, set where the platform can (crash_test.go), limits a child's file size.
var limitFile = func() {}

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		limitFile()
		os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	testscript.Main(cleanup{m}, map[string]func(){
		"prevalence": func() { os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// cleanup runs the tests, then removes the shared demo release.
type cleanup struct{ m *testing.M }

func (c cleanup) Run() int {
	code := c.m.Run()
	if shared.root != "" {
		os.RemoveAll(shared.root)
	}
	return code
}

// shared is one demo release (unsigned, as `prevalence demo --out DIR --quiet` writes it) and
// what the demo printed, made once per test binary for the tests and scripts that only read a
// demo release: a demo run costs about ten seconds of CPU, and its release is the same bytes
// wherever it is written (but its created_at).
var shared struct {
	once           sync.Once
	root, dir      string
	stdout, stderr string
	err            error
}

// demoRelease returns the shared demo release's folder (read it, or copy it with copyDir
// before changing it) and what the demo printed.
func demoRelease() (dir, stdout string, err error) {
	shared.once.Do(func() {
		if shared.root, shared.err = os.MkdirTemp("", "prevalence-demo-"); shared.err != nil {
			return
		}
		shared.dir = filepath.Join(shared.root, "demo")
		var out, errb bytes.Buffer
		if code := run(context.Background(), []string{"demo", "--out", shared.dir}, strings.NewReader(""), &out, &errb); code != 0 {
			shared.err = &demoError{errb.String()}
		}
		shared.stdout, shared.stderr = out.String(), errb.String()
	})
	return shared.dir, shared.stdout, shared.err
}

type demoError struct{ stderr string }

func (e *demoError) Error() string { return "the shared demo run failed: " + e.stderr }

// copyDir copies the folder from (files and folders) to the new folder to.
func copyDir(from, to string) error {
	return filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o700)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o600)
	})
}

// TestScripts runs the CLI scenarios in testdata/script: demo, run, query, check, and bad input.
// `demo-release DIR` copies the shared demo release to DIR, for the scripts that start from a
// demo release rather than test the demo command (demo.txtar does).
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup: func(e *testscript.Env) error {
			adult, err := filepath.Abs("../../anonymize/testdata/adult")
			e.Setenv("ADULT", adult)
			return err
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"demo-release": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: demo-release DIR")
				}
				dir, _, err := demoRelease()
				ts.Check(err)
				ts.Check(copyDir(dir, ts.MkAbs(args[0])))
			},
		},
	})
}
