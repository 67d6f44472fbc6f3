package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
)

// TestWesternGuard: text that is not UTF-8 is read as Windows-1252 only where it can be
// Western text; Windows-1256 (Dari, Arabic) is refused with its line, also past the first
// 64 KiB that decodeText checks before any row is read.
func TestWesternGuard(t *testing.T) {
	cp1252 := func(s string) string {
		b, err := charmap.Windows1252.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cp1256 := func(s string) string {
		b, err := charmap.Windows1256.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	filler := strings.Repeat("A-1,Someone Else,female,15\n", 3000) // 81,000 bytes: past 64 KiB
	cases := []struct {
		name, in string
		line     int // 0: read whole
	}{
		{"western", cp1252("id,name\n1,Conceição Größe\n2,José Núñez\n"), 0},
		{"western-after-64k-of-ascii", filler + cp1252("1,Conceição\n"), 3001},
		{"western-after-64k", cp1252("id,José\n") + filler + cp1252("1,Conceição\n"), 0},
		{"dari-first-line", cp1256("id,name\n1,علي احمدي\n"), 2},
		{"dari-after-64k", cp1252("id,José\n") + filler + cp1256("1,محمد كريم\n"), 3002},
		{"persian-letter-alone", cp1252("id,name\n1,é\n") + "2,\x81\n", 3},
		// UTF-8 Dari names with one pasted Windows-1252 line: refused at that line, not read
		// whole as Windows-1252 (tester s13 finding 7)
		{"utf8-with-stray-byte", "id,name\n1,علی احمدی\n2,محمد کریم\n" + cp1252("3,José\n") + "4,گل\n", 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			br, _, err := decodeInput(strings.NewReader(c.in), "")
			var got []byte
			if err == nil {
				got, err = io.ReadAll(br)
			}
			if c.line == 0 {
				if err != nil {
					t.Fatalf("want the text read, got %v", err)
				}
				if !strings.Contains(string(got), "Conceição") && !strings.Contains(string(got), "José") {
					t.Fatalf("Western text misread")
				}
				return
			}
			if !errors.Is(err, ErrEncoding) {
				t.Fatalf("want ErrEncoding, got %v", err)
			}
			if want := "line " + strconv.Itoa(c.line) + " "; !strings.Contains(err.Error(), want) {
				t.Fatalf("want %q in %q", want, err)
			}
		})
	}
}

// TestReadEncodingLate: a CSV export that turns out not to be UTF-8 after its first 64 KiB
// fails the read with ErrEncoding and the file's line, rather than carrying raw bytes into
// names and places.
func TestReadEncodingLate(t *testing.T) {
	in := "case_id,full_name,gender,age\n" + strings.Repeat("A-1,Someone Else,female,15\n", 3000)
	b, err := charmap.Windows1252.NewEncoder().String("B-2,Conceição Núñez,female,16\n")
	if err != nil {
		t.Fatal(err)
	}
	r := NewReader("late.csv", strings.NewReader(in+b))
	r.Now = testNow
	for err == nil {
		var rec interface{ Release() }
		rec, err = r.Read()
		if err == nil {
			rec.Release()
		}
	}
	if !errors.Is(err, ErrEncoding) || !strings.Contains(err.Error(), "late.csv") ||
		!strings.Contains(err.Error(), "line 3002 ") || strings.Contains(err.Error(), "Conce") {
		t.Fatalf("want ErrEncoding naming late.csv and line 3002 (never the value), got %v", err)
	}
}

// TestMacRoman: text saved by a Mac (Mac OS Roman) is read as such where Windows-1252 cannot
// read it (a byte it leaves undefined inside a word: ç, è, ê), and the Windows-1252 notice says
// "macintosh" where its accented letters sit where Mac OS Roman has them ("Hérat" as 0x8E:
// attack-2026-12-03g, lows: 14 of 40 provinces left empty with no word of the cause).
func TestMacRoman(t *testing.T) {
	enc := func(cm *charmap.Charmap, s string) string {
		b, err := cm.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	mac := func(s string) string { return enc(charmap.Macintosh, s) }
	w := func(s string) string { return enc(charmap.Windows1252, s) }
	for _, c := range []struct {
		name, in, want, notice string // notice: a part of it; "" none of "macintosh"/"Mac OS"
	}{
		{"mac-herat", mac("id,province\n1,Hérat\n2,Kabul\n"), "HŽrat", "name encoding: macintosh"},
		{"mac-undefined-in-1252", mac("id,name,province\n1,François Bèrthe,Hérat\n"), "François Bèrthe,Hérat", "read as Mac OS Roman"},
		{"western", w("id,name\n1,Conceição Größe\n2,José Núñez\n"), "Conceição Größe", ""},
		{"western-apostrophe", w("id,name\n1,Ann O’Brien\n2,Dana\n"), "O’Brien", ""},
		{"western-and-mac-letter", w("id,name\n1,Dušan Müller\n"), "Dušan Müller", ""},
		{"western-marks-in-words", w("id,name\n1,Col·legi\u00a0Sant\n2,Ann O´Brien\n"), "Col·legi", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			br, notice, err := decodeInput(strings.NewReader(c.in), "")
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(br)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(got), c.want) {
				t.Errorf("read %q, want %q in it", got, c.want)
			}
			if c.notice == "" && (strings.Contains(notice, "macintosh") || strings.Contains(notice, "Mac OS")) {
				t.Errorf("notice %q speaks of Mac OS Roman", notice)
			}
			if c.notice != "" && !strings.Contains(notice, c.notice) {
				t.Errorf("notice %q, want %q in it", notice, c.notice)
			}
		})
	}
}

// TestDOSCodePage: Excel's "CSV (MS-DOS)" (code page 850 or 437) and a Mac's text whose
// accented letters Windows-1252 reads as signs inside words ("N£mero", "G‚nero", "Michoac‡n")
// are refused, asking for the encoding, and read right once it is named (attack-2026-12-04b
// finding G: read as Windows-1252, the columns were dropped and the provinces lost).
func TestDOSCodePage(t *testing.T) {
	text := "Número de caso,Género,Estado de explotación\n1,Niño,Michoacán\n2,Niña,Querétaro\n3,Niño,Nuevo León\n"
	for _, c := range []struct {
		name string
		cm   *charmap.Charmap
		enc  string
	}{
		{"cp850", charmap.CodePage850, "cp850"},
		{"cp437", charmap.CodePage437, "IBM 437"},
		{"mac", charmap.Macintosh, "macintosh"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := c.cm.NewEncoder().String(text)
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = decodeInput(strings.NewReader(b), "")
			if !errors.Is(err, ErrEncoding) || !strings.Contains(err.Error(), "cp850") || strings.Contains(err.Error(), "Michoac") {
				t.Fatalf("want ErrEncoding naming cp850 and no value, got %v", err)
			}
			br, _, err := decodeInput(strings.NewReader(b), c.enc)
			if err != nil {
				t.Fatal(err)
			}
			got, err := io.ReadAll(br)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != text {
				t.Errorf("read %q, want %q", got, text)
			}
		})
	}
}

// readAllSized reads r to the end in reads of sizes cycling through sizes, as bufio's Peek and
// ReadSlice ask for what is left of their buffer.
func readAllSized(r io.Reader, sizes []int) ([]byte, error) {
	var out []byte
	for i := 0; ; i++ {
		b := make([]byte, sizes[i%len(sizes)])
		n, err := r.Read(b)
		out = append(out, b[:n]...)
		if err != nil {
			return out, err
		}
	}
}

// FuzzUTF8Guard: the guard passes on exactly the bytes x/text's UTF8Validator passes on, then
// fails where it fails, whatever the sizes of the reads and of the source's buffer (a rune cut
// at either).
func FuzzUTF8Guard(f *testing.F) {
	for _, s := range []string{"id,name\n1,علی\n", "a\xffb", "x\xe2\x82", "\xe2\x82\xacok\n\xed\xa0\x80", "é", "\xef\xbf\xbd\n",
		strings.Repeat("Ωx\n", 40) + "\xc3"} {
		f.Add([]byte(s), uint8(3), uint8(16))
	}
	f.Fuzz(func(t *testing.T, in []byte, read, buf uint8) {
		sizes := []int{int(read)%7 + 1, int(read)%61 + 1, 64}
		want, wantErr := readAllSized(transform.NewReader(bytes.NewReader(in), encoding.UTF8Validator), sizes)
		br := bufio.NewReaderSize(bytes.NewReader(in), int(buf)%40+16) // bufio's least is 16
		g := &utf8Guard{br: br, line: 1}
		got, gotErr := readAllSized(g, sizes)
		if !bytes.Equal(got, want) {
			t.Fatalf("passed on %q, the validator %q", got, want)
		}
		if (wantErr == io.EOF) != (gotErr == io.EOF) || wantErr != io.EOF && !errors.Is(gotErr, ErrEncoding) {
			t.Fatalf("error %v, the validator's %v", gotErr, wantErr)
		}
		if wantErr != io.EOF {
			line := "line " + strconv.Itoa(1+bytes.Count(want, []byte{'\n'})) + " "
			if !strings.Contains(gotErr.Error(), line) {
				t.Fatalf("error %v, want %s", gotErr, line)
			}
		}
	})
}

// BenchmarkUTF8Checked reads 16 MiB of CSV text (a name in Arabic script every fourth line) as
// decodeText passes UTF-8 on: through utf8Checked, and through x/text's UTF8Validator as it did
// before (issue 14), in one run.
func BenchmarkUTF8Checked(b *testing.B) {
	var text []byte
	for i := 0; len(text) < 16<<20; i++ {
		name := "Jane Doe"
		if i%4 == 0 {
			name = "علی احمدی"
		}
		text = append(text, strconv.Itoa(i)+","+name+",1990-04-12,female,KH,KH-12,sexual exploitation,shelter\n"...)
	}
	drain := func(b *testing.B, r *bufio.Reader) {
		if _, err := io.Copy(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("guard", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for i := 0; i < b.N; i++ {
			drain(b, utf8Checked(bufio.NewReaderSize(bytes.NewReader(text), 1<<16)))
		}
	})
	b.Run("validator", func(b *testing.B) {
		b.SetBytes(int64(len(text)))
		for i := 0; i < b.N; i++ {
			tr := transform.NewReader(bufio.NewReaderSize(bytes.NewReader(text), 1<<16), encoding.UTF8Validator)
			drain(b, bufio.NewReaderSize(tr, 1<<16))
		}
	})
}

// TestNoText: a program or an archive saved under a .csv name is said to be no text, whatever
// encoding: names, rather than told to name its code page (attack-2026-12-04c, lows); text of
// Windows-1252 and cp850 is still read.
func TestNoText(t *testing.T) {
	elf := "\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00>\x00\x01\x00\x00\x00\xb0\x9e\x46\x00"
	for _, c := range []struct{ name, in, enc, want string }{
		{"elf", elf + strings.Repeat("\x00\x90\xe8", 200), "", "a program (an executable)"},
		{"elf cp850", elf + strings.Repeat("\x00\x90\xe8", 200), "cp850", "a program (an executable)"},
		{"elf 1252", elf, "windows-1252", "a program (an executable)"},
		{"gzip", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xcb\x48\xcd\xc9", "", "a compressed archive"},
		{"sqlite", "SQLite format 3\x00\x10\x00\x01\x01\x00\x40\x20\x20\xff", "", "an SQLite database"},
		{"unknown", "\x89\x00\xff\xfe\x00\x01abc", "", "a program, an image"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := decodeInput(strings.NewReader(c.in), c.enc)
			if !errors.Is(err, ErrEncoding) || !strings.Contains(err.Error(), "the file is no text") || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want ErrEncoding saying no text, %q", err, c.want)
			}
			if strings.Contains(err.Error(), "cp850") {
				t.Errorf("err names a code page: %v", err)
			}
		})
	}
	for _, c := range []struct{ in, enc, want string }{
		{"case_id,provincia\n1,C\xf3rdoba\n", "", "case_id,provincia\n1,Córdoba\n"},
		{"case_id,provincia\n1,C\xa2rdoba\n", "cp850", "case_id,provincia\n1,Córdoba\n"},
		{"case_id,provincia\n1,C\xf3rdoba\n", "windows-1252", "case_id,provincia\n1,Córdoba\n"},
	} {
		br, _, err := decodeInput(strings.NewReader(c.in), c.enc)
		if err != nil {
			t.Fatalf("%q (%s): %v", c.in, c.enc, err)
		}
		got, _ := io.ReadAll(br)
		if string(got) != c.want {
			t.Errorf("%q (%s) = %q, want %q", c.in, c.enc, got, c.want)
		}
	}
}
