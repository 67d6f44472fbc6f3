package pipeline

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/prevalence/prevalence/ingest"
)

// ErrSameInput is returned by Run (and CheckDistinct) when two inputs are one export: the same
// file named twice (a folder and a file inside it, a link) or two files with the same bytes (a
// copy, "cases.csv" beside "cases (1).csv"). Without a config each input is its own
// organisation, so its cases would never be merged as duplicates: every count would double,
// silently. Refusing is what a data manager expects; reading it once would hide which of the two
// was meant.
var ErrSameInput = errors.New("the same export given twice")

// ErrSameFile is matched (errors.Is) by CheckDistinct's refusals, which wrap ErrSameInput too:
// the command line names one file twice, or two files of the same bytes. The other refusals
// with ErrSameInput judge what the inputs hold (one export renumbered, a copy read in
// another format): input refused, not a wrong command line (attack-2026-12-04d, lows).
var ErrSameFile = errors.New("one file given twice")

// sameFile marks a refusal of CheckDistinct as ErrSameFile without changing its words.
type sameFile struct{ error }

func (e sameFile) Unwrap() error        { return e.error }
func (e sameFile) Is(target error) bool { return target == ErrSameFile }

// CheckDistinct refuses inputs that are one export (see ErrSameInput). Local files are
// compared; URLs and inputs with their own Open are not. Files of equal size are hashed in full
// before any is read, so two different exports of one size cost one extra read each. Two files
// of the same bytes that hold at most one line (a header, no rows) are let through: empty
// exports of two organisations may well be identical.
func CheckDistinct(inputs []Input) error {
	type file struct {
		idx  int
		info os.FileInfo
	}
	var files []file
	for i, in := range inputs {
		if in.Open != nil || ingest.IsURL(in.Name) {
			continue
		}
		fi, err := os.Stat(in.Name)
		if err != nil || !fi.Mode().IsRegular() {
			continue // a missing file is reported when it is read
		}
		files = append(files, file{i, fi})
	}
	label := func(i int) string { return inputLabel(inputs[i], i) }
	sums := map[int][32]byte{}
	// sum hashes a file once; false when it cannot be read (reported when it is read) or holds
	// a header at most (no case to count twice).
	sum := func(f file) ([32]byte, bool) {
		if s, ok := sums[f.idx]; ok {
			return s, true
		}
		fh, err := os.Open(inputs[f.idx].Name)
		if err != nil {
			return [32]byte{}, false
		}
		defer fh.Close()
		h := sha256.New()
		lines := &lineCounter{}
		if _, err := io.Copy(io.MultiWriter(h, lines), fh); err != nil || lines.lines() < 2 {
			return [32]byte{}, false
		}
		var s [32]byte
		copy(s[:], h.Sum(nil))
		sums[f.idx] = s
		return s, true
	}
	for a := 0; a < len(files); a++ {
		for b := a + 1; b < len(files); b++ {
			fa, fb := files[a], files[b]
			if os.SameFile(fa.info, fb.info) {
				return sameFile{fmt.Errorf("%w: inputs %d (%s) and %d (%s) are the same file (named twice, or a folder and a file inside it): every case would count twice; give it once",
					ErrSameInput, fa.idx+1, label(fa.idx), fb.idx+1, label(fb.idx))}
			}
			if fa.info.Size() != fb.info.Size() {
				continue
			}
			sa, oka := sum(fa)
			if !oka {
				continue
			}
			if sb, okb := sum(fb); okb && sa == sb {
				return sameFile{fmt.Errorf("%w: inputs %d (%s) and %d (%s) hold the same bytes (SHA-256 %x...): a copy of one export would count every case twice; give it once",
					ErrSameInput, fa.idx+1, label(fa.idx), fb.idx+1, label(fb.idx), sa[:6])}
			}
		}
	}
	return nil
}

// lineCounter counts the lines written to it.
type lineCounter struct {
	n    int  // line ends
	last byte // the last byte written (0: none)
}

// lines returns the number of lines, the last one counted without its line end.
func (c *lineCounter) lines() int {
	if c.last != 0 && c.last != '\n' {
		return c.n + 1
	}
	return c.n
}

func (c *lineCounter) Write(p []byte) (int, error) {
	c.n += bytes.Count(p, []byte{'\n'})
	if len(p) > 0 {
		c.last = p[len(p)-1]
	}
	return len(p), nil
}
