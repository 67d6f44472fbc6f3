package ingest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// decodeInput returns r as UTF-8 text without a byte-order mark.
//
// With enc (Mapping.Encoding, any WHATWG label: "utf-8", "utf-16le", "utf-16be",
// "windows-1252", "latin1", "iso-8859-15", "shift_jis", ...) the text is decoded from it; a
// UTF-16 byte-order mark still wins over the stated byte order. Without, a byte-order mark
// says UTF-8 or UTF-16 (Excel's "Unicode text" is UTF-16 LE with a mark), UTF-16 without a mark
// is recognised by its zero bytes, and text whose first 64 KiB are not valid UTF-8 is read as
// Windows-1252 (the superset of Latin-1 that Excel and older systems write in Western Europe
// and much of Africa and Asia).
//
// Text whose lines end in a carriage return alone (Excel's "CSV (Macintosh)", classic Mac OS)
// is read with those as line ends: its first 64 KiB hold a CR and no line feed.
func decodeInput(r io.Reader, enc string) (*bufio.Reader, error) {
	br, err := decodeText(r, enc)
	if err != nil {
		return nil, err
	}
	p, _ := br.Peek(1 << 16)
	if bytes.IndexByte(p, '\n') >= 0 || bytes.IndexByte(p, '\r') < 0 {
		return br, nil
	}
	return bufio.NewReaderSize(crReader{br}, 1<<16), nil
}

// crReader reads text whose line ends are CR alone with LF line ends instead.
type crReader struct{ r io.Reader }

func (c crReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	for i, x := range b[:n] {
		if x == '\r' {
			b[i] = '\n'
		}
	}
	return n, err
}

// decodeText is decodeInput without the line ends' check.
func decodeText(r io.Reader, enc string) (*bufio.Reader, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	var dec encoding.Encoding
	if enc != "" {
		e, err := htmlindex.Get(enc)
		if err != nil {
			return nil, fmt.Errorf("%w: %q", ErrEncoding, enc)
		}
		name, _ := htmlindex.Name(e)
		switch name {
		case "utf-8":
			p, _ := br.Peek(1 << 16)
			if !validPrefix(p, len(p) < 1<<16) {
				return nil, fmt.Errorf("%w: the text is not valid UTF-8", ErrEncoding)
			}
			skipBOM(br)
			return br, nil
		case "utf-16le":
			dec = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
		case "utf-16be":
			dec = unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
		default:
			dec = e
		}
	} else {
		b, _ := br.Peek(4)
		switch {
		case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
			br.Discard(3)
			return br, nil
		case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
			dec = unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
		case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
			dec = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
		case len(b) == 4 && b[0] != 0 && b[1] == 0 && b[2] != 0 && b[3] == 0:
			dec = unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
		case len(b) == 4 && b[0] == 0 && b[1] != 0 && b[2] == 0 && b[3] != 0:
			dec = unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
		default:
			p, _ := br.Peek(1 << 16)
			if validPrefix(p, len(p) < 1<<16) {
				return br, nil
			}
			dec = charmap.Windows1252
		}
	}
	out := bufio.NewReaderSize(transform.NewReader(br, dec.NewDecoder()), 1<<16)
	skipBOM(out)
	return out, nil
}

func skipBOM(br *bufio.Reader) {
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
}

// validPrefix reports whether p is valid UTF-8, allowing a rune cut off at its end unless p is
// the whole input.
func validPrefix(p []byte, whole bool) bool {
	if utf8.Valid(p) {
		return true
	}
	if whole {
		return false
	}
	for k := 1; k <= 3 && k <= len(p); k++ {
		if utf8.RuneStart(p[len(p)-k]) {
			if !utf8.FullRune(p[len(p)-k:]) {
				return utf8.Valid(p[:len(p)-k])
			}
			return false
		}
	}
	return false
}
