package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	stdunicode "unicode"
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
// and much of Africa and Asia) unless its bytes cannot be Western text (see westernGuard):
// then the read fails with ErrEncoding and the line, asking for Mapping.Encoding, because an
// Arabic-script or Cyrillic export read as Windows-1252 gives names that link to no one.
//
// Text whose lines end in a carriage return alone (Excel's "CSV (Macintosh)", classic Mac OS)
// is read with those as line ends: its first 64 KiB hold a CR and no line feed.
//
// The notice, when not "", says which encoding detection chose other than UTF-8, for the
// Reader's notices.
func decodeInput(r io.Reader, enc string) (*bufio.Reader, string, error) {
	br, notice, err := decodeText(r, enc)
	if err != nil {
		return nil, "", err
	}
	p, _ := br.Peek(1 << 16)
	if bytes.IndexByte(p, '\n') >= 0 || bytes.IndexByte(p, '\r') < 0 {
		return br, notice, nil
	}
	return bufio.NewReaderSize(crReader{br}, 1<<16), notice, nil
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
func decodeText(r io.Reader, enc string) (*bufio.Reader, string, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	var dec encoding.Encoding
	if enc != "" {
		if cm := dosCodePage(enc); cm != nil {
			if err := noText(br); err != nil {
				return nil, "", err
			}
			return bufio.NewReaderSize(transform.NewReader(br, cm.NewDecoder()), 1<<16), "", nil
		}
		e, err := htmlindex.Get(enc)
		if err != nil {
			return nil, "", fmt.Errorf("%w: %q", ErrEncoding, enc)
		}
		name, _ := htmlindex.Name(e)
		switch name {
		case "utf-8":
			p, _ := br.Peek(1 << 16)
			if !validPrefix(p, len(p) < 1<<16) {
				return nil, "", fmt.Errorf("%w: the text is not valid UTF-8", ErrEncoding)
			}
			skipBOM(br)
			return utf8Checked(br), "", nil
		case "utf-16le":
			dec = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM)
		case "utf-16be":
			dec = unicode.UTF16(unicode.BigEndian, unicode.UseBOM)
		default:
			if err := noText(br); err != nil {
				return nil, "", err
			}
			dec = e
		}
	} else {
		b, _ := br.Peek(4)
		switch {
		case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
			br.Discard(3)
			return utf8Checked(br), "", nil
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
				return utf8Checked(br), "", nil
			}
			if err := noText(br); err != nil {
				return nil, "", err
			}
			if line, ok := mostlyUTF8(p); ok {
				return nil, "", fmt.Errorf("%w: line %d is not valid UTF-8 though the text around it is "+
					"(a byte of another encoding pasted in?): correct that line and save the export as UTF-8, "+
					"or name its encoding in the config", ErrEncoding, line)
			}
			g := &westernGuard{r: br, line: 1}
			mac := macRomanSigns(p)
			if mac.signs > 0 && !mac.certain() {
				// Bytes that Windows-1252 reads as signs inside words ("N£mero", "G‚nero"):
				// no Western text writes them there, so the text is in another code page
				// (attack-2026-12-04b finding G: Excel's "CSV (MS-DOS)" writes code page 850
				// or 437, where those bytes are á, í, ó, ú, ñ, é).
				return nil, "", fmt.Errorf("%w: the text is not UTF-8, and %d %s inside words %s bytes that Windows-1252 reads as signs (£, ¢, ‚, ‡ ...), "+
					"so it is not Windows-1252 text either: name the export's encoding in the config (encoding: cp850 for Excel's \"CSV (MS-DOS)\" "+
					"saved in Western Europe or Latin America, cp437 for one saved in the United States, macintosh for a Mac's \"CSV (Macintosh)\"), or save it as UTF-8",
					ErrEncoding, mac.signs, agreeN(mac.signs, "letter", "letters"), agreeN(mac.signs, "is", "are"))
			}
			// The first 64 KiB are checked before any row is read, so a whole export in
			// another code page fails at once rather than after its first rows.
			if err := g.check(p); err != nil {
				if !mac.certain() {
					return nil, "", err
				}
				// Bytes Windows-1252 leaves undefined, each inside a word where Mac OS Roman
				// has an accented letter (è, ç, ê, ù, Å), and nothing of Windows-1252's own
				// accented letters: text saved by a Mac (attack-2026-12-03g, lows).
				g = &westernGuard{r: br, line: 1, mac: true}
				if err := g.check(p); err != nil {
					return nil, "", err
				}
				g.reset()
				out := bufio.NewReaderSize(transform.NewReader(g, charmap.Macintosh.NewDecoder()), 1<<16)
				return out, fmt.Sprintf("read as Mac OS Roman (the text is not UTF-8, and %d %s inside words %s bytes that Windows-1252 leaves undefined and Mac OS Roman reads as accented letters): "+
					"if that is wrong, name its encoding with encoding: in the config", mac.undefined, agreeN(mac.undefined, "letter", "letters"), agreeN(mac.undefined, "is", "are")), nil
			}
			g.reset()
			out := bufio.NewReaderSize(transform.NewReader(g, charmap.Windows1252.NewDecoder()), 1<<16)
			notice := "read as Windows-1252 (Western European; the text is not UTF-8): if that is wrong, name its encoding with encoding: in the config"
			if mac.likely() {
				// "Hérat" saved by a Mac is "H\x8Erat": Windows-1252 reads "HŽrat", a place and a
				// name no one has, with no byte it cannot read (attack-2026-12-03g, lows).
				notice += fmt.Sprintf("; but %d %s inside words %s bytes at which Mac OS Roman has accented letters (é, è, à, ç, ñ, ü ...) and Windows-1252 Ž, š, œ or signs, "+
					"and no word holds one of Windows-1252's own accented letters: if the export was saved on a Mac, name encoding: macintosh in the config",
					mac.low, agreeN(mac.low, "letter", "letters"), agreeN(mac.low, "is", "are"))
			}
			return out, notice, nil
		}
	}
	out := bufio.NewReaderSize(transform.NewReader(br, dec.NewDecoder()), 1<<16)
	skipBOM(out)
	return out, "", nil
}

// noText says that the input, read without UTF-16 (whose text holds NUL bytes), is no text at
// all: its first 64 KiB hold a NUL byte, which no text of a single-byte code page or of UTF-8
// that is not valid holds. A program, an image or a compressed file saved under a .csv name
// was told to name its code page (attack-2026-12-04c, lows: an executable and "encoding: cp850").
func noText(br *bufio.Reader) error {
	p, _ := br.Peek(1 << 16)
	if bytes.IndexByte(p, 0) < 0 {
		return nil
	}
	what := "a program, an image, a compressed or a database file"
	switch {
	case bytes.HasPrefix(p, []byte("\x7fELF")), bytes.HasPrefix(p, []byte("MZ")):
		what = "a program (an executable)"
	case bytes.HasPrefix(p, []byte("%PDF")):
		what = "a PDF document"
	case bytes.HasPrefix(p, []byte("\xd0\xcf\x11\xe0")):
		what = "an Excel 97-2003 workbook (.xls) or another Office file"
	case bytes.HasPrefix(p, []byte("\x1f\x8b")), bytes.HasPrefix(p, []byte("7z\xbc\xaf")), bytes.HasPrefix(p, []byte("Rar!")):
		what = "a compressed archive"
	case bytes.HasPrefix(p, []byte("SQLite format 3\x00")):
		what = "an SQLite database"
	}
	return fmt.Errorf("%w: the file is no text: its first bytes hold NUL bytes, which no text of any code page or of UTF-8 holds (it looks like %s saved under a text name); "+
		"no encoding: reads it: export the register again as CSV (UTF-8) or as an .xlsx workbook", ErrEncoding, what)
}

// mostlyUTF8 reports whether p, which is not valid UTF-8, holds more than three times as many
// UTF-8 characters of two bytes or more (at least two) as bytes that are not UTF-8, with the
// line of the first such byte: UTF-8 text with a stray byte, which read as Windows-1252 would
// turn every non-ASCII letter into two wrong ones. In Windows-1252 text nearly every byte past
// ASCII is not UTF-8, and a valid UTF-8 sequence is rare.
func mostlyUTF8(p []byte) (line int, ok bool) {
	multi, lines, bad, first := 0, 1, 0, 0
	for i := 0; i < len(p); {
		c := p[i]
		if c < utf8.RuneSelf {
			if c == '\n' {
				lines++
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(p[i:])
		if r == utf8.RuneError && n <= 1 {
			if !utf8.FullRune(p[i:]) && len(p) == 1<<16 {
				break // cut off at the end of the window
			}
			if first == 0 {
				first = lines
			}
			bad++
			i++
			continue
		}
		multi++
		i += n
	}
	return first, multi >= 2 && multi > 3*bad
}

// utf8Checked reads br, UTF-8 text, and fails with ErrEncoding and the line at the first byte
// that is not valid UTF-8: only the first 64 KiB decide the encoding, and a Windows-1252
// export whose first lines are plain ASCII would otherwise carry raw bytes into names
// (which then link to no one) and places.
func utf8Checked(br *bufio.Reader) *bufio.Reader {
	return bufio.NewReaderSize(&utf8Guard{br: br, line: 1}, 1<<16)
}

// utf8Guard passes br's bytes on while they are valid UTF-8, as x/text's UTF8Validator does
// (the same bytes, then the same error), but checks them where br holds them with utf8.Valid,
// 8 bytes at a time, and copies them once: the validator copied a byte at a time through its
// reader's own buffers (a tenth of a CSV's reading, issue 14).
type utf8Guard struct {
	br   *bufio.Reader
	ok   int // bytes at br's head already checked and not yet passed on
	line int // line of the next byte, from 1
}

func (g *utf8Guard) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	if g.ok == 0 {
		if err := g.check(); err != nil {
			if errors.Is(err, encoding.ErrInvalidUTF8) {
				err = fmt.Errorf("%w: line %d is not valid UTF-8 though the lines before it are: name the "+
					"export's encoding in the config (encoding: windows-1252 for Western text, "+
					"windows-1256 for Arabic, Dari, Pashto or Urdu) or save it as UTF-8", ErrEncoding, g.line)
			}
			return 0, err
		}
	}
	p, _ := g.br.Peek(min(g.ok, len(b))) // buffered: no error
	n := copy(b, p)
	g.br.Discard(n)
	g.ok -= n
	g.line += bytes.Count(b[:n], []byte{'\n'})
	return n, nil
}

// check sets g.ok to the length of the whole valid runes at br's head, reading when br holds
// none or only the start of a rune. It returns encoding.ErrInvalidUTF8 when br's head is not
// UTF-8 or the input ends inside a rune, and br's error (io.EOF at the end) when it holds nothing.
func (g *utf8Guard) check() error {
	need := 1
	for {
		p, err := g.br.Peek(need)
		if len(p) < need {
			if len(p) > 0 && err == io.EOF {
				return encoding.ErrInvalidUTF8 // the input ends inside a rune
			}
			return err
		}
		p, _ = g.br.Peek(g.br.Buffered())
		if v := validRunes(p); v > 0 {
			g.ok = v
			return nil
		}
		if utf8.FullRune(p) {
			return encoding.ErrInvalidUTF8
		}
		need = len(p) + 1 // the start of a rune: at most three times
	}
}

// validRunes returns the length of p's longest prefix of whole, valid runes.
func validRunes(p []byte) int {
	if utf8.Valid(p) {
		return len(p)
	}
	// Usually a rune cut off at the end of the buffer.
	for k := 1; k < utf8.UTFMax && k <= len(p); k++ {
		if utf8.RuneStart(p[len(p)-k]) {
			if !utf8.FullRune(p[len(p)-k:]) && utf8.Valid(p[:len(p)-k]) {
				return len(p) - k
			}
			break
		}
	}
	i := 0
	for i < len(p) {
		if p[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(p[i:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		i += size
	}
	return i
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

// macSigns counts where a text that is not UTF-8 puts its accented letters: low, bytes 0x80-0x9F
// inside a word (an ASCII letter on one side, a letter or another such byte on the other),
// where Mac OS Roman has its lower-case accented letters and Windows-1252 signs and a few
// letters of other languages (Ž, š, œ); undefined, those of them Windows-1252 leaves
// undefined; high, bytes 0xC0-0xFF inside a word, where Windows-1252 (and Latin-1) has its
// accented letters and Mac OS Roman capitals and signs. Bytes that Windows-1252 text puts
// after or between letters are left out: the apostrophe 0x92 ("O’Brien"), the ellipsis
// 0x85 and the dashes 0x96, 0x97.
//
// signs counts the bytes inside a word that Windows-1252 reads as neither a letter nor a mark
// Western words hold (apostrophes, dashes, the ellipsis, the middle dot, the soft hyphen, the
// no-break space); macSigns those that Mac OS Roman reads as no letter.
type macSigns struct{ low, undefined, high, signs, macSigns int }

func macRomanSigns(p []byte) (m macSigns) {
	letter := func(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
	for i, c := range p {
		if c < 0x80 {
			continue
		}
		var prev, next byte
		if i > 0 {
			prev = p[i-1]
		}
		if i+1 < len(p) {
			next = p[i+1]
		}
		if !(letter(prev) && (letter(next) || next >= 0x80) || prev >= 0x80 && letter(next)) {
			continue
		}
		if !westernLetter[c-0x80] && !inWordMark[c] {
			m.signs++
		}
		if !macLetter[c-0x80] {
			m.macSigns++
		}
		switch {
		case c >= 0xC0:
			m.high++
		case c <= 0x9F && c != 0x92 && c != 0x85 && c != 0x96 && c != 0x97:
			m.low++
			if c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D {
				m.undefined++
			}
		}
	}
	return m
}

// certain: Windows-1252 cannot read the text (a byte it leaves undefined inside a word) and it
// reads as Mac OS Roman's accented letters.
// Its other bytes inside words are Mac OS Roman's letters too: code page 850's á, í, ó, ú, ñ
// are Mac OS Roman's signs.
func (m macSigns) certain() bool { return m.undefined > 0 && m.high == 0 && m.macSigns == 0 }

// inWordMark are the bytes Windows-1252 text puts between letters that are not letters: the
// apostrophes 0x91, 0x92 and 0xB4, the ellipsis 0x85, the dashes 0x96, 0x97, the no-break
// space 0xA0, the soft hyphen 0xAD and the middle dot 0xB7 (Catalan "l·l").
var inWordMark = map[byte]bool{0x91: true, 0x92: true, 0xB4: true, 0x85: true, 0x96: true, 0x97: true, 0xA0: true, 0xAD: true, 0xB7: true}

// dosCodePage returns the DOS code page an encoding name (not a WHATWG label) gives: cp850 or
// cp437, which Excel's "CSV (MS-DOS)" writes (attack-2026-12-04b finding G), or nil.
func dosCodePage(enc string) *charmap.Charmap {
	k := strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '_' {
			return -1
		}
		return stdunicode.ToLower(r)
	}, enc)
	switch k {
	case "cp850", "ibm850", "850", "codepage850", "oem850", "dos850":
		return charmap.CodePage850
	case "cp437", "ibm437", "437", "codepage437", "oem437", "dos437":
		return charmap.CodePage437
	}
	return nil
}

// likely: Windows-1252 reads it, but its accented letters sit where Mac OS Roman has them.
func (m macSigns) likely() bool { return m.low > 0 && m.high == 0 }

// westernGuard passes bytes through to the Windows-1252 decoder and fails with ErrEncoding
// where they cannot be Western text:
//   - a byte Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D): Windows-1256 puts
//     the Persian letters پ چ ڈ گ and the zero-width non-joiner there;
//   - three or more bytes in a row that Windows-1252 reads as accented letters: Western words
//     hold at most two in a row ("ção", "Größe"), while every word of Arabic, Dari, Pashto,
//     Urdu (Windows-1256), Russian (1251), Greek (1253) or Hebrew (1255) is such a run.
//
// Central European (1250), Turkish (1254) and Baltic (1257) text is not told apart from
// Western text: it reads as Windows-1252 unless Mapping.Encoding names it.
type westernGuard struct {
	r    io.Reader
	line int // line of the next byte, from 1
	run  int // accented letters in a row so far
	err  error
	mac  bool // the text is read as Mac OS Roman: its letters, and no byte is undefined
}

// westernLetter reports whether Windows-1252 reads b (at or above 0x80) as a letter.
var westernLetter = func() (t [128]bool) {
	for i := range t {
		t[i] = stdunicode.IsLetter(charmap.Windows1252.DecodeByte(byte(0x80 + i)))
	}
	return t
}()

// macLetter reports whether Mac OS Roman reads b (at or above 0x80) as a letter.
var macLetter = func() (t [128]bool) {
	for i := range t {
		t[i] = stdunicode.IsLetter(charmap.Macintosh.DecodeByte(byte(0x80 + i)))
	}
	return t
}()

func (g *westernGuard) Read(b []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	n, err := g.r.Read(b)
	if cerr := g.check(b[:n]); cerr != nil {
		g.err = cerr
		return 0, cerr
	}
	return n, err
}

func (g *westernGuard) reset() { g.line, g.run = 1, 0 }

// check scans p, the bytes after those already checked, and says where they cannot be
// Western text; the message names the line, never the bytes.
func (g *westernGuard) check(p []byte) error {
	for _, c := range p {
		switch {
		case c == '\n':
			g.line++
			g.run = 0
		case c < 0x80:
			g.run = 0
		case g.mac && macLetter[c-0x80] && g.run == 2:
			return fmt.Errorf("%w: line %d is not UTF-8 and cannot be Mac OS Roman (Western) text: "+
				"name the export's encoding in the config (encoding: windows-1256 for Arabic, Dari, "+
				"Pashto or Urdu; windows-1251 for Cyrillic; or save it as UTF-8)", ErrEncoding, g.line)
		case g.mac && macLetter[c-0x80]:
			g.run++
		case g.mac:
			g.run = 0
		case c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D,
			westernLetter[c-0x80] && g.run == 2:
			return fmt.Errorf("%w: line %d is not UTF-8 and cannot be Windows-1252 (Western) text: "+
				"name the export's encoding in the config (encoding: windows-1256 for Arabic, Dari, "+
				"Pashto or Urdu; windows-1251 for Cyrillic; or save it as UTF-8)", ErrEncoding, g.line)
		case westernLetter[c-0x80]:
			g.run++
		default:
			g.run = 0
		}
	}
	return nil
}
