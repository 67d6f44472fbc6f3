package main

import (
	"context"
	"os"
	"path/filepath"
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
	testscript.Main(m, map[string]func(){
		"prevalence": func() { os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the CLI scenarios in testdata/script: demo, run, query, check, and bad input.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup: func(e *testscript.Env) error {
			adult, err := filepath.Abs("../../anonymize/testdata/adult")
			e.Setenv("ADULT", adult)
			return err
		},
	})
}
