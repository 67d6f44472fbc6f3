package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// Exit codes.
const (
	exitOK        = 0
	exitError     = 1 // the work failed: bad input, bad config, I/O
	exitUsage     = 2 // the command line is wrong
	exitViolation = 3 // check found a release that breaks its promises
	exitUnchecked = 4 // check could not verify what it was asked to (--previous: the joint audit did not run)
)

type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// violationError carries the problems check found.
// notes: what check could not verify, said after the problems without counting among them.
type violationError struct{ problems, notes []string }

func (e *violationError) Error() string {
	s := fmt.Sprintf("release check failed: %d problem(s):\n  %s", len(e.problems), strings.Join(e.problems, "\n  "))
	for _, n := range e.notes {
		s += "\n  " + n
	}
	return s
}

// uncheckedError: check found no problem but could not verify all it was asked to.
type uncheckedError struct{ msg string }

func (e *uncheckedError) Error() string { return e.msg }

// exitCode prints err as one clear line (or the check's list) and maps it to an exit code. It
// is the only place that decides how an error looks to the user.
func exitCode(stderr io.Writer, cmd string, err error) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	prefix := "prevalence"
	if cmd != "" {
		prefix += " " + cmd
	}
	fmt.Fprintf(stderr, "%s: %v\n", prefix, err)
	var ue *usageError
	var ve *violationError
	var ce *uncheckedError
	switch {
	case errors.As(err, &ue):
		return exitUsage
	case errors.As(err, &ve):
		return exitViolation
	case errors.As(err, &ce):
		return exitUnchecked
	}
	return exitError
}
