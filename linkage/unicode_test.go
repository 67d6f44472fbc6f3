package linkage

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normaliseBefore is normaliseUnicode as it was before appendUnicode (a strings.Builder,
// strings.Fields, slices.Sort and strings.Join): the reference the allocation-free path must
// give byte for byte, since the link key's message is made of it.
func normaliseBefore(s string) (string, uint8) {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		if f, ok := arabicForms[r]; ok {
			if f < 0 {
				continue
			}
			r = f
		}
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteByte(' ')
		}
	}
	words := strings.Fields(b.String())
	// The order: where each word, sorted (stably), stood as written (wordOrder).
	at := make([]int, len(words))
	for i := range at {
		at[i] = i
	}
	slices.SortStableFunc(at, func(a, b int) int { return strings.Compare(words[a], words[b]) })
	order := uint32(2166136261)
	for _, i := range at {
		order = (order ^ uint32(i)) * 16777619
	}
	slices.Sort(words)
	return strings.Join(words, " "), foldOrder(order)
}

// transliteratedBefore is appendTransliterated as it was before sortWords (the folded words
// copied into strings and sorted with slices.Sort).
func transliteratedBefore(norm []byte) []byte {
	var fs []string
	for _, w := range strings.Fields(string(norm)) {
		fs = append(fs, string(foldLatin(nil, []byte(w))))
	}
	slices.Sort(fs)
	return []byte(strings.Join(fs, " "))
}

// unicodeNames returns synth's names, hand-picked ones of several scripts (marks, ligatures,
// Arabic letter forms, the zero-width joiners, full-width letters and digits, invalid UTF-8)
// and random strings of runes drawn from those.
func unicodeNames() []string {
	names := []string{"Zoë Noori", "فاطمه Karimi", "احمد احمدی", "Mohammad احمدی", "Ahmád  SULTANI", "ﬁrst ½ ﬂower",
		"علي\u200cرضا", "محمد\u0640 علي", "كريم يحيى", "Ａｈｍａｄ １２", "Ä", "ẞ straße", "İstanbul ǅemal", "\xff\xfeZoë",
		"ကျော်ဇင်ထက်", "Nguyễn Thị Minh Khai", "ΟΔΥΣΣΕΥΣ", "Đặng", "a\u0301\u0327b c\u0308", "Ø, Å-Æ", "مریم‌ نادیه", "  ",
		"x y z w v u t s r q p o n m l k j i h g f e d c b a é"}
	pool := []rune("aZé9 ,.-'\u0301\u0640\u200c\u200dاحمدیكيىةۀهﻻﬁ½１Ａß\u00a0\tကျော်\u0308ΣσДж")
	r := rand.New(rand.NewPCG(3, 4))
	for range 5000 {
		rs := make([]rune, r.IntN(16))
		for i := range rs {
			rs[i] = pool[r.IntN(len(pool))]
		}
		names = append(names, string(rs))
	}
	return names
}

// TestAppendUnicodeAsBefore: appendUnicode gives normaliseBefore's words and order byte for
// byte, after a prefix of dst as well as alone, and allocates nothing once dst has room;
// appendTransliterated's sort gives the strings' sort.
func TestAppendUnicodeAsBefore(t *testing.T) {
	buf := make([]byte, 0, 1024)
	for _, s := range unicodeNames() {
		want, wantOrder := normaliseBefore(s)
		got, order := appendUnicode(nil, s)
		if string(got) != want || order != wantOrder {
			t.Fatalf("%q: %q (order %d), want %q (%d)", s, got, order, want, wantOrder)
		}
		buf = append(buf[:0], "prefix "...)
		buf, order = appendUnicode(buf, s)
		if string(buf) != "prefix "+want || order != wantOrder {
			t.Fatalf("%q after a prefix: %q (order %d), want %q (%d)", s, buf, order, "prefix "+want, wantOrder)
		}
		// Nothing but what x/text's NFKD allocates itself when its quick check fails (Zoë,
		// Burmese: its reordering buffer; nothing for most Arabic-script names, below); the
		// words' spans are on the stack up to 8 words.
		nfkd := testing.AllocsPerRun(10, func() { buf = norm.NFKD.AppendString(buf[:0], s) })
		if n := testing.AllocsPerRun(10, func() { buf, _ = appendUnicode(buf[:0], s) }); n > nfkd && len(strings.Fields(want)) <= 8 {
			t.Fatalf("%q: %v allocations, NFKD's %v", s, n, nfkd)
		}
		folded := appendTransliterated([]byte("x"), []byte(want))
		if wantFold := transliteratedBefore([]byte(want)); !bytes.Equal(folded[1:], wantFold) {
			t.Fatalf("%q folded: %q, want %q", want, folded[1:], wantFold)
		}
	}
	for _, s := range []string{"فاطمه Karimi", "احمد احمدی", "Ahmad Noori"} {
		if n := testing.AllocsPerRun(10, func() { buf, _ = appendUnicode(buf[:0], s) }); n != 0 {
			t.Errorf("%q: %v allocations", s, n)
		}
	}
	for _, w := range []string{"mohammad ahmad", "zeinab ahmed fareed", "yousuf mohammed abdel qasim layla"} {
		if got, want := appendTransliterated(nil, []byte(w)), transliteratedBefore([]byte(w)); !bytes.Equal(got, want) {
			t.Errorf("%q folded: %q, want %q", w, got, want)
		}
	}
}

// edgeWordsBefore is edgeWords as it was before its ASCII words' shortcut.
func edgeWordsBefore(name, gender string, buf []byte) (uint32, uint32, []byte) {
	// The first and last runs of letters, digits and marks, found without allocating.
	var runs [2][2]int
	n := 0
	in, comma := false, false // link's family name first before a comma (issue-link)
	for i, r := range name {
		word := r < utf8.RuneSelf && alnum(byte(r)) || r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r))
		if r == ',' && n == 1 {
			comma = true
		}
		switch {
		case word && !in:
			if n < 2 {
				runs[n][0] = i
			} else {
				runs[1][0] = i
			}
			n++
			in = true
		case !word && in:
			runs[min(n, 2)-1][1] = i
			in = false
		}
	}
	if in {
		runs[min(n, 2)-1][1] = len(name)
	}
	if n < 2 {
		return 0, 0, buf
	}
	hash := func(w string) uint32 {
		var norm []byte
		norm, _ = appendNormalised(buf[:0], w)
		n := len(norm)
		buf = appendTransliterated(norm, norm)
		h := uint32(2166136261)
		for _, c := range []byte(gender) {
			h = (h ^ uint32(c)) * 16777619
		}
		h = (h ^ 0) * 16777619
		for _, c := range buf[n:] {
			h = (h ^ uint32(c)) * 16777619
		}
		return max(h, 1)
	}
	h1 := hash(name[runs[0][0]:runs[0][1]])
	h2 := hash(name[runs[1][0]:runs[1][1]])
	if comma {
		return h2, h1, buf
	}
	return h1, h2, buf
}

// TestEdgeWordsAsBefore: the near pairs' print of every test name and of synth's two-word
// names is the former path's.
func TestEdgeWordsAsBefore(t *testing.T) {
	names := unicodeNames()
	for _, g := range []string{"Ahmad", "Mohammad", "Fareed", "Zoë", "احمد", "فاطمه", "Abdel", "Yousuf", "AHMED", "Muhammad123"} {
		for _, f := range []string{"Ahmadi", "Noori", "احمدی", "Qasimi-Zai", "O'Brien", "Ḥaidari", "99"} {
			names = append(names, g+" "+f, f+", "+g, g+" bin "+f)
		}
	}
	var buf, buf2 []byte
	var uni uniCache
	for round := range 2 { // the second round from the cache of the first
		for _, s := range names {
			for _, gender := range []string{"female", "male", ""} {
				for _, c := range []*uniCache{&uni, nil} {
					var a1, a2, b1, b2 uint32
					a1, a2, buf = edgeWords(s, gender, buf, c)
					b1, b2, buf2 = edgeWordsBefore(s, gender, buf2)
					if a1 != b1 || a2 != b2 {
						t.Fatalf("round %d, cache %v: %q %q: %d %d, want %d %d", round, c != nil, s, gender, a1, a2, b1, b2)
					}
				}
			}
		}
	}
	if len(uni.m) < 100 {
		t.Fatalf("%d words cached: the cache is not tested", len(uni.m))
	}
}

// TestUniCache: a Linker's cache of non-ASCII names gives appendNormalised's result, the first
// time and from the cache, after a prefix; it stops growing at uniCacheMax; ASCII names are
// not kept.
func TestUniCache(t *testing.T) {
	var c uniCache
	names := append(unicodeNames(), "Ahmad Karimi", "O'Brien")
	for round := range 2 {
		for _, s := range names {
			want, wantOrder := appendNormalised([]byte("x "), s)
			got, order := c.appendNormalised([]byte("x "), s)
			if !bytes.Equal(got, want) || order != wantOrder {
				t.Fatalf("round %d, %q: %q %d, want %q %d", round, s, got, order, want, wantOrder)
			}
		}
	}
	if _, ok := c.m["Ahmad Karimi"]; ok {
		t.Error("an ASCII name kept")
	}
	if _, ok := c.m["Zoë Noori"]; !ok {
		t.Error("a non-ASCII name not kept")
	}
	for i := 0; len(c.m) < uniCacheMax; i++ {
		c.appendNormalised(nil, "é"+strconv.Itoa(i))
	}
	c.appendNormalised(nil, "é past the last")
	if len(c.m) != uniCacheMax {
		t.Errorf("%d kept, at most %d", len(c.m), uniCacheMax)
	}
	if got, _ := c.appendNormalised(nil, "É PAST the last"); string(got) != "e last past the" {
		t.Errorf("past the cache: %q", got)
	}
}
