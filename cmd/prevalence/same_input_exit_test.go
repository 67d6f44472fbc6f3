package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSameInputExitCodes (attack-2026-12-04d, lows): one file named twice is a wrong command
// line (exit 2); one export saved again in another format is an input refused, as the other
// refusals of what the inputs hold (exit 1).
func TestSameInputExitCodes(t *testing.T) {
	dir := t.TempDir()
	var comma, semi strings.Builder
	comma.WriteString("case_id,gender,age,registration_date,country_of_exploitation,is_forced_labour\n")
	semi.WriteString("case_id;gender;age;registration_date;country_of_exploitation;is_forced_labour\n")
	for i := range 12 {
		fmt.Fprintf(&comma, "E%d,%s,%d,2022-03-%02d,AF,true\n", i+1, []string{"male", "female"}[i%2], 10+i%6, i+1)
		fmt.Fprintf(&semi, "E%d;%s;%d;2022-03-%02d;AF;true\n", i+1, []string{"male", "female"}[i%2], 10+i%6, i+1)
	}
	a, b := filepath.Join(dir, "cases.csv"), filepath.Join(dir, "cases-semicolon.csv")
	if err := os.WriteFile(a, []byte(comma.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(b, []byte(semi.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		inputs []string
		code   int
		say    string
	}{
		{[]string{a, a}, exitUsage, "are the same file"},
		{[]string{a, b}, exitError, "hold the same 12 rows once read"},
	} {
		var o, e bytes.Buffer
		args := []string{"run", "--input", c.inputs[0], "--input", c.inputs[1], "--out", filepath.Join(dir, "out"), "--k", "2"}
		if code := run(context.Background(), args, strings.NewReader(""), &o, &e); code != c.code || !strings.Contains(e.String(), c.say) {
			t.Errorf("%v: exit %d (want %d): %s", c.inputs, code, c.code, e.String())
		}
	}
}
