package ingest

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// countingFile is a file that counts the bytes read from it.
type countingFile struct {
	f    *os.File
	read int64
}

func (c *countingFile) Read(p []byte) (int, error) {
	n, err := c.f.Read(p)
	c.read += int64(n)
	return n, err
}

func (c *countingFile) Stat() (fs.FileInfo, error) { return c.f.Stat() }

// TestWholeFileOverCapUnread: a workbook or Parquet file longer than the size cap, with the
// right first bytes, is refused before a byte of it is read when its length is known (a file),
// not after the cap's worth has been read into memory.
func TestWholeFileOverCapUnread(t *testing.T) {
	for _, tc := range []struct{ name, magic string }{{"big.xlsx", "PK\x03\x04"}, {"big.parquet", "PAR1"}} {
		p := filepath.Join(t.TempDir(), tc.name)
		if err := os.WriteFile(p, []byte(tc.magic), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(p, 64<<20); err != nil { // sparse: 64 MiB of zeros after the magic
			t.Fatal(err)
		}
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		in := &countingFile{f: f}
		r := NewReader(p, in)
		r.Mapping = &Mapping{MaxBytes: 1 << 20}
		_, err = r.Read()
		f.Close()
		if !errors.Is(err, ErrTooLarge) {
			t.Errorf("%s: error %v, want ErrTooLarge", tc.name, err)
		}
		if in.read > 0 {
			t.Errorf("%s: %d bytes read before it was refused", tc.name, in.read)
		}
	}
	// A stream of unknown length is read up to the cap, no further.
	magic := stringsReader("PAR1")
	in := io.MultiReader(&magic, io.LimitReader(zeros{}, 8<<20))
	if _, err := readWhole(in, 1<<20, "PAR1", "a Parquet file"); !errors.Is(err, ErrTooLarge) {
		t.Errorf("an unsized stream over the cap: %v", err)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

type stringsReader string

func (s *stringsReader) Read(p []byte) (int, error) {
	if len(*s) == 0 {
		return 0, io.EOF
	}
	n := copy(p, *s)
	*s = (*s)[n:]
	return n, nil
}
