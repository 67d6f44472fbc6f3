// Package linkage finds the same person across organisations' exports, so that a child
// recorded by the police, an NGO and a shelter counts once, and keeps which sources recorded
// each person: the capture histories that multiple systems estimation needs.
//
// People are matched on a keyed hash (HMAC-SHA-256 under the run's secret key) of their
// normalised name, date of birth and gender (a birth year alone merges too many namesakes). The names themselves are never kept: only truncated
// digests, in memory, for the length of a run. Without a key there is no linkage.
//
// Design decision: a person recorded by several sources is ONE record in the release, because
// prevalence counts people, not records; the other records are counted as linked duplicates in
// the manifest, and the capture histories are released only as counts per pattern of sources
// (capture_histories.csv), never per person. The record kept is the one that knows most
// (events first, then the most known values), never the one read first: a police list read
// before a home's records would otherwise erase the home's status, province, forms and stays,
// and the figures would depend on the order of the inputs (attack-2026-12-01c finding 1).
//
// Some records say too little to tell one child from another, and are not linked (each stays a
// person of its own, counted in Result.NotLinked for a notice): a placeholder for a name
// ("Unknown", "N/A", "Baby", "Child 3"), or a name of one word with a date of birth on 1
// January or 1 July, the usual estimate when the date is not known (fifteen boys "Mohammad"
// born "1 January 2007" are fifteen boys, attack-2026-12-01d finding 2), or a name of more
// words with such a date when the input holds that name under another date of birth too (two
// organisations' boys of common two-word names, attack-2026-12-03d finding 4). Nor are two records
// of one organisation under different case numbers: its own numbers say they are two cases
// (its de-duplication decides), and another organisation's record of the same name could be
// either, so none of that name, date of birth and gender is linked.
package linkage

import (
	"bytes"
	"cmp"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"golang.org/x/text/unicode/norm"

	"github.com/prevalence/prevalence/schema"
)

// MinKeyBytes is the shortest secret key accepted.
const MinKeyBytes = 32

// KeyEnv is the environment variable that may hold the secret key.
const KeyEnv = "PREVALENCE_KEY"

// Key is the run's secret key. Its String method never shows it.
type Key []byte

func (Key) String() string { return "[redacted]" }

// ErrWeakKey is returned for a key that is too short or too repetitive to be secret.
var ErrWeakKey = errors.New("the secret key is too weak: use at least 32 random bytes (e.g. 64 hex digits from `openssl rand -hex 32`)")

// DemoKey is the demo's public key (`prevalence demo`, fictional data only). ParseKey refuses it:
// anyone can recompute pseudonyms and linkage keys made with it.
const DemoKey = "prevalence demo key: public, for fictional data only"

// ErrDemoKey is returned for the demo's public key outside the demo.
var ErrDemoKey = errors.New("the secret key is the demo's public key: use a secret one (e.g. 64 hex digits from `openssl rand -hex 32`)")

// MinKeyBits is the least estimated entropy of a key (KeyBits).
const MinKeyBits = 128

// ParseKey accepts a key as hex (64 or more digits) or as raw text of at least MinKeyBytes
// bytes, and refuses weak ones: the demo's key (ErrDemoKey), and keys that are short, a
// repeated pattern, or of less than MinKeyBits estimated entropy, such as a dictionary phrase
// (ErrWeakKey).
func ParseKey(s string) (Key, error) {
	s = strings.TrimSpace(s)
	if s == DemoKey {
		return nil, ErrDemoKey
	}
	k := []byte(s)
	if b, err := hex.DecodeString(s); err == nil && len(b) >= MinKeyBytes {
		k = b
	}
	if len(k) < MinKeyBytes {
		return nil, ErrWeakKey
	}
	distinct := map[byte]bool{}
	for _, c := range k {
		distinct[c] = true
	}
	if len(distinct) < 8 || KeyBits(k) < MinKeyBits {
		return nil, ErrWeakKey
	}
	return k, nil
}

// KeyBits estimates the entropy of a key in bits, as an attacker guessing it would see it: 0
// for a repeated pattern ("abcd" × 8: what counts is one period, so its estimate); for text
// made of words (a passphrase), about 10 bits per word (a list of a few thousand common
// words); otherwise the key's length times the Shannon entropy of its bytes, at most 8 bits
// each. It is an upper bound for structured keys, not a measure of randomness.
func KeyBits(k []byte) float64 {
	n := len(k)
	if n == 0 {
		return 0
	}
	for p := 1; p <= n/2; p++ { // smallest period
		rep := true
		for i := p; i < n; i++ {
			if k[i] != k[i-p] {
				rep = false
				break
			}
		}
		if rep {
			return KeyBits(k[:p])
		}
	}
	counts := map[byte]int{}
	for _, c := range k {
		counts[c]++
	}
	h := 0.0
	for _, c := range counts {
		f := float64(c) / float64(n)
		h -= f * math.Log2(f)
	}
	bits := h * float64(n)
	// A phrase: mostly letters in words of three or more, separated by spaces or punctuation.
	letters := 0
	for _, c := range k {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			letters++
		}
	}
	words := strings.FieldsFunc(string(k), func(r rune) bool { return !unicode.IsLetter(r) })
	long := 0
	for _, w := range words {
		if len(w) >= 3 {
			long++
		}
	}
	if letters*10 >= n*8 && long >= 2 && long*2 >= len(words) {
		others := n - letters - strings.Count(string(k), " ")
		bits = min(bits, 10*float64(len(words))+2*float64(others))
	}
	return bits
}

// LoadKey reads the key from file when it is not empty, else from the environment variable
// KeyEnv. A key file must not be readable by group or others. It returns nil, nil when neither
// gives a key.
func LoadKey(file string) (Key, error) {
	if file != "" {
		st, err := os.Stat(file)
		if err != nil {
			return nil, fmt.Errorf("key file: %w", err)
		}
		if st.Mode().Perm()&0o077 != 0 {
			return nil, fmt.Errorf("key file %s can be read by others (mode %v): chmod 600 it", file, st.Mode().Perm())
		}
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("key file: %w", err)
		}
		k, err := ParseKey(string(b))
		if err != nil {
			return nil, fmt.Errorf("key file %s: %w", file, err)
		}
		return k, nil
	}
	if v, ok := os.LookupEnv(KeyEnv); ok {
		k, err := ParseKey(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", KeyEnv, err)
		}
		return k, nil
	}
	return nil, nil
}

// digest is a truncated HMAC: 128 bits make an accidental collision among a billion people
// vanishingly unlikely, at half the memory of the full hash.
type digest [16]byte

// NormaliseName folds a name for matching: accents removed, case folded, punctuation dropped,
// and the words sorted, so that " AHMAD  sultani", "Sultani, Ahmad" and "Ahmád Sultani" agree.
func NormaliseName(s string) string {
	b, _ := appendNormalised(nil, s)
	return string(b)
}

// appendNormalised appends NormaliseName(s) to dst, and returns a byte hash of the order its
// words were written in (foldOrder of wordOrder: where each sorted word stood): two names that
// link but hash apart agree only once their words are reordered ("Ali Mohammad", "Mohammad
// Ali": two Afghan names). The order, not the words, is hashed, so that a name spelt otherwise
// in the same order (Muhammad Hakimi, Mohammad Hakimi) is not called reordered (attack-
// 2026-12-05c V2). An ASCII name, most names, is folded without allocating (Linker.Add calls
// it for every record).
func appendNormalised(dst []byte, s string) ([]byte, uint8) {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return appendUnicode(dst, s)
		}
	}
	// ASCII: NFKD leaves it as it is and only A-Z, a-z and 0-9 are letters or digits, so the
	// folding is byte by byte (TestNormaliseASCII checks it against the general path). The
	// words are runs of letters and digits, sorted as strings.Fields and slices.Sort would.
	var spans [8][2]int
	words := spans[:0]
	for i := 0; i < len(s); {
		for i < len(s) && !alnum(s[i]) {
			i++
		}
		j := i
		for j < len(s) && alnum(s[j]) {
			j++
		}
		if j > i {
			words = append(words, [2]int{i, j})
		}
		i = j
	}
	// Insertion sort of a few words, compared folded (sort.Strings on the folded words; stable,
	// so that a word written twice keeps its order).
	for a := 1; a < len(words); a++ {
		for b := a; b > 0 && lessFolded(s[words[b][0]:words[b][1]], s[words[b-1][0]:words[b-1][1]]); b-- {
			words[b], words[b-1] = words[b-1], words[b]
		}
	}
	order := wordOrder(words)
	for k, w := range words {
		if k > 0 {
			dst = append(dst, ' ')
		}
		for _, c := range []byte(s[w[0]:w[1]]) {
			dst = append(dst, lower(c))
		}
	}
	return dst, order
}

// wordOrder returns the hash (foldOrder of an FNV-1a) of where each of the words, sorted, stood
// as written: the spans, in written order, start further on one after another.
func wordOrder(sorted [][2]int) uint8 {
	h := uint32(2166136261)
	for _, w := range sorted {
		at := 0
		for _, o := range sorted {
			if o[0] < w[0] {
				at++
			}
		}
		h = (h ^ uint32(at)) * 16777619
	}
	return foldOrder(h)
}

// foldOrder folds a 32-bit FNV hash of a name's words in order to the byte kept per row: two
// orders that collide (one in 256) only go uncounted in the reordered links' notice.
func foldOrder(h uint32) uint8 { return uint8(h ^ h>>8 ^ h>>16 ^ h>>24) }

func alnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' }

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

// lessFolded compares two ASCII words as their lower-case forms.
func lessFolded(a, b string) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if x, y := lower(a[i]), lower(b[i]); x != y {
			return x < y
		}
	}
	return len(a) < len(b)
}

// arabicForms folds the letters that Arabic-script names write in more than one way, as
// Arabic-script search and matching do: the Arabic yeh, alef maksura and kaf (an Arabic
// keyboard, and Windows-1256, which has no Persian yeh or keheh) are the Persian ones that Dari
// and Farsi write; the Kurdish ae and teh marbuta are heh; alef wasla is alef (alef with hamza
// or madda is alef once NFKD has split the mark off). The tatweel (a stretch, U+0640) and the
// zero-width non-joiner and joiner (U+200C, U+200D, inside a word) are dropped.
var arabicForms = map[rune]rune{
	'\u064A': '\u06CC', '\u0649': '\u06CC', '\u0643': '\u06A9', '\u06D5': '\u0647', '\u0629': '\u0647',
	'\u0671': '\u0627', '\u0640': -1, '\u200C': -1, '\u200D': -1,
}

// normaliseUnicode is NormaliseName for any text, with the hash of its words in order.
func normaliseUnicode(s string) (string, uint8) {
	b, o := appendUnicode(nil, s)
	return string(b), o
}

// appendUnicode is appendNormalised for any text: NFKD, the Arabic letter forms folded
// (arabicForms), marks dropped, letters and digits lower-cased, any other rune a space; the
// words sorted. It works in dst's room past its length (the decomposed text, then the folded
// words, then the sorted ones, moved down), so that a caller reusing dst allocates nothing
// but x/text's buffer for a text NFKD changes (session zi: a strings.Builder, strings.Fields and strings.Join a non-ASCII name and a
// non-ASCII word of each near pair's print were 6% of the 1M CSV's CPU).
func appendUnicode(dst []byte, s string) ([]byte, uint8) {
	start := len(dst)
	dst = norm.NFKD.AppendString(dst, s)
	mid := len(dst)
	for i := start; i < mid; { // those bytes stay as they are: dst grows past them
		r, size := utf8.DecodeRune(dst[i:mid]) // as range over a string, without copying it
		i += size
		if r < utf8.RuneSelf { // only A-Z, a-z and 0-9 are letters or digits
			if alnum(byte(r)) {
				dst = append(dst, lower(byte(r)))
			} else {
				dst = append(dst, ' ')
			}
			continue
		}
		if f, ok := arabicForms[r]; ok {
			if f < 0 {
				continue
			}
			r = f
		}
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		default:
			dst = append(dst, ' ')
		}
	}
	// The words: runs of other bytes than ' ' (no letter or digit is a space: strings.Fields).
	var spans [8][2]int
	words := spans[:0]
	for i := mid; i < len(dst); {
		for i < len(dst) && dst[i] == ' ' {
			i++
		}
		j := i
		for j < len(dst) && dst[j] != ' ' {
			j++
		}
		if j > i {
			words = append(words, [2]int{i, j})
		}
		i = j
	}
	dst = sortWords(dst, start, words) // sorts words too
	return dst, wordOrder(words)
}

// uniCache keeps appendUnicode's result of the non-ASCII names and words a Linker has seen, up
// to uniCacheMax of them: names and words repeat (a given name, a family name), and NFKD with
// the Unicode tables costs some ten times a map look-up (the 1M CSV: a quarter of its names
// hold an Arabic-script word or Zoë, each normalised whole and word by word, edgeWords).
type uniCache struct {
	m map[string]uniNorm
}

type uniNorm struct {
	norm  string
	order uint8
}

const uniCacheMax = 1 << 16

// appendNormalised is appendNormalised, a non-ASCII s looked up first (c may be nil).
func (c *uniCache) appendNormalised(dst []byte, s string) ([]byte, uint8) {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii || c == nil {
		return appendNormalised(dst, s)
	}
	if u, ok := c.m[s]; ok {
		return append(dst, u.norm...), u.order
	}
	start := len(dst)
	dst, o := appendUnicode(dst, s)
	if len(c.m) < uniCacheMax {
		if c.m == nil {
			c.m = make(map[string]uniNorm)
		}
		c.m[strings.Clone(s)] = uniNorm{string(dst[start:]), o} // s is the caller's batch's
	}
	return dst, o
}

// sortWords returns dst with its words (spans of dst, each at or past start) sorted as
// slices.Sort sorts strings, joined by a space, in place of dst[start:]; words is left sorted
// (a word written twice in its written order).
func sortWords(dst []byte, start int, words [][2]int) []byte {
	slices.SortFunc(words, func(a, b [2]int) int {
		return cmp.Or(bytes.Compare(dst[a[0]:a[1]], dst[b[0]:b[1]]), a[0]-b[0])
	})
	from := len(dst)
	for k, w := range words {
		if k > 0 {
			dst = append(dst, ' ')
		}
		dst = append(dst, dst[w[0]:w[1]]...)
	}
	n := copy(dst[start:], dst[from:])
	return dst[:start+n]
}

// appendTransliterated appends norm (NormaliseName's words) with each Latin word's spelling of
// an Arabic-script name folded, the words sorted again: two organisations' caseworkers write
// one Dari, Pashto or Arabic given name in Latin letters differently (Muhammad, Mohammad,
// Mohammed; Ahmad, Ahmed; Fareed, Farid; Nadiya, Nadia; Soltan, Sultan; Abdul, Abdal: attack-
// 2026-12-05a T10, 60 of 190 children counted twice). No maintained list of these spellings is
// to be had as a Go module, so the folding is by the transliterations' rules: a long vowel
// written doubled (ee, oo, ou), e for a and o for u, q for k, y after the first letter for i,
// doubled letters once, a final h after a vowel dropped, and abd-l (Abdul, Abdel, Abdal,
// Abdol) as abdul. Hasan and Husain, Amir and Omar stay apart; Hamed and Hamad (two names)
// fold together: a false link then needs the same family name, gender and exact birth too.
// Words of other scripts or with digits are kept as they are.
func appendTransliterated(dst, norm []byte) []byte {
	start := len(dst)
	var words [8][2]int
	ws := words[:0]
	for len(norm) > 0 {
		w := norm
		if sp := bytes.IndexByte(norm, ' '); sp >= 0 {
			w, norm = norm[:sp], norm[sp+1:]
		} else {
			norm = nil
		}
		if len(dst) > start {
			dst = append(dst, ' ')
		}
		if head, tail, ok := compoundName(w); ok {
			// Alireza and Ali Reza, Mohammadreza and Mohammad Reza, Habibullah and Habib
			// Ullah: one name written as one word or two (attack-2026-12-05e X9), two words
			dst, ws = appendFolded(dst, head, ws)
			dst = append(dst, ' ')
			w = tail
		}
		dst, ws = appendFolded(dst, w, ws)
	}
	// Abd al-Rahman: the article a word of its own beside abdul is none.
	if len(ws) > 2 && bytes.Contains(dst[start:], []byte("abdul")) {
		k := 0
		for _, w := range ws {
			if a := string(dst[w[0]:w[1]]); a != "al" && a != "ul" && a != "ar" && a != "ur" {
				ws[k] = w
				k++
			}
		}
		if k < len(ws) {
			ws = ws[:k]
			return sortWords(dst, start, ws)
		}
	}
	sorted := true
	for k := 1; k < len(ws); k++ {
		if bytes.Compare(dst[ws[k-1][0]:ws[k-1][1]], dst[ws[k][0]:ws[k][1]]) > 0 {
			sorted = false
		}
	}
	if sorted {
		return dst
	}
	return sortWords(dst, start, ws)
}

// compoundTails are the second parts of Persian and Arabic compound given names that are
// written joined or apart: Alireza, Ali Reza; Mohammadreza, Mohammad Reza; Habibullah, Habib
// Ullah, Habibollah; Nasruddin, Nasr Uddin.
var compoundTails = []string{"reza", "ullah", "ollah", "uddin", "oddin"}

// compoundName splits a word (a-z) ending in a compoundTails after at least three letters
// into its two names (Tereza, Reza are left whole; Abdullah is foldLatin's).
func compoundName(w []byte) (head, tail []byte, ok bool) {
	if len(w) >= 3 && string(w[:3]) == "abd" {
		return nil, nil, false // Abdullah: Abd al-Lah, foldLatin's abdul
	}
	for _, t := range compoundTails {
		if len(w) >= len(t)+3 && string(w[len(w)-len(t):]) == t {
			for _, c := range w {
				if c < 'a' || c > 'z' {
					return nil, nil, false
				}
			}
			return w[:len(w)-len(t)], w[len(w)-len(t):], true
		}
	}
	return nil, nil, false
}

// appendFolded appends w folded (foldLatin) to dst and its words' spans to ws.
func appendFolded(dst, w []byte, ws [][2]int) ([]byte, [][2]int) {
	b := len(dst)
	dst = foldLatin(dst, w)
	if sp := bytes.IndexByte(dst[b:], ' '); sp >= 0 { // abdul and the rest
		ws = append(ws, [2]int{b, b + sp})
		b += sp + 1
	}
	return dst, append(ws, [2]int{b, len(dst)})
}

// foldLatin appends w folded as appendTransliterated says, or as it is where it holds other
// than the letters a-z. Before the letters are folded, a word's endings are read as the
// transliterations write them (foldEnds): Persian's final -eh for Arabic's -a (Fatemeh,
// Fatima), its e for i in the pattern of Hamed and Hamid, Nader and Nadir (faeil: a consonant,
// a, a consonant, e, a consonant), and a European silent final e (Anne is not Anna).
func foldLatin(dst, w []byte) []byte {
	for _, c := range w {
		if c < 'a' || c > 'z' {
			return append(dst, w...)
		}
	}
	if len(w) >= 4 && len(w) <= 6 && (w[0] == 's' || w[0] == 'f' || w[0] == 'n') { // spelledAs' words only
		if s, ok := spelledAs[string(w)]; ok {
			w = s
		}
	}
	var ends [24]byte
	if len(w) <= len(ends) {
		w = foldEnds(ends[:0], w)
	}
	b := len(dst)
	// Abd al-: abdul, abdel, abdal, abdol, abd, and the article assimilated or left out
	// (abdurrahman, abdurahman, abdirahman, abdrahman): abdul, and the rest a word of its own,
	// so that Abdul Rahman and Abdulrahman agree (appendTransliterated splits the words).
	if len(w) >= 3 && w[0] == 'a' && w[1] == 'b' && w[2] == 'd' {
		rest := -1 // Abdi, Abdo: names of their own
		switch {
		case len(w) == 3:
			rest = 3
		case len(w) >= 5 && vowel(w[3]) && w[4] == 'l':
			rest = 5
		case len(w) >= 5 && vowel(w[3]) && !vowel(w[4]):
			rest = 4
		case len(w) >= 5 && !vowel(w[3]):
			rest = 3
		}
		if rest >= 0 {
			dst, w = append(dst, "abdul"...), w[rest:]
			if len(w) == 0 {
				return dst
			}
			dst = append(dst, ' ')
			b = len(dst)
		}
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c == 'v' {
			c = 'w' // Persian's v for Arabic's w: Javad, Jawad; Vahid, Wahid; Davood, Dawood (X9)
		}
		if i+1 < len(w) {
			long := byte(0)
			switch pair := string(w[i : i+2]); pair {
			case "ee":
				long = 'i'
			case "oo", "ou":
				long = 'u'
			}
			if long != 0 {
				if i++; len(dst) == b || dst[len(dst)-1] != long { // Dawood: its w read as u already
					dst = append(dst, long)
				}
				continue
			}
		}
		switch c {
		case 'e':
			c = 'a'
		case 'o':
			c = 'u'
		case 'q':
			c = 'k'
		case 'y':
			// y after the first letter is i (Nadiya, Layla), but a consonant between a vowel
			// and i (after y's): Sayed and Sayyid (foldEnds: sayid) are Sayyid, Said and Saeed
			// Sa'id, two names (attack-2026-12-05f Y5). Fayez, Faiz (one name): spelledAs.
			if len(dst) > b && !(vowel(dst[len(dst)-1]) && nextPast(w, i, 'y') == 'i') {
				c = 'i'
			}
		case 'w':
			// w after a and before a consonant or u is the diphthong au: Dawood and Daud,
			// Tawfiq and Taufik.
			if len(dst) > b && dst[len(dst)-1] == 'a' && i+1 < len(w) && (!vowel(w[i+1]) || w[i+1] == 'o' || w[i+1] == 'u') {
				c = 'u'
			}
		}
		if len(dst) > b && dst[len(dst)-1] == c {
			continue // doubled letters once
		}
		dst = append(dst, c)
	}
	if n := len(dst); n-b > 2 && dst[n-1] == 'h' && strings.IndexByte("aiu", dst[n-2]) >= 0 {
		dst = dst[:n-1]
	}
	return dst
}

// spelledAs are spellings of one name that foldLatin's rules alone would keep apart from its
// other spellings, each as the spelling the rules fold (linkage-merge25 zn's Left). Seyed,
// Seyyed (Persian) and Syed (South Asian) are Sayyid's. Faiz and Nayef's Naif write Fa'iz and
// Na'if's hamza as i, which the rules cannot tell from Zaid (Zayd), another name than Zayed
// (Za'id), nor Said (Sa'id) from Sayed (Sayyid): the y before e or i is kept so, and these
// two listed.
var spelledAs = map[string][]byte{"seyed": []byte("sayed"), "seyyed": []byte("sayyed"), "seyyid": []byte("sayyid"),
	"syed": []byte("sayed"), "syyed": []byte("sayyed"), "faiz": []byte("fayez"), "faez": []byte("fayez"),
	"naif": []byte("nayef"), "naef": []byte("nayef")}

// nextPast returns the letter of w after i past any c's (0 at the end).
func nextPast(w []byte, i int, c byte) byte {
	for i++; i < len(w) && w[i] == c; i++ {
	}
	if i < len(w) {
		return w[i]
	}
	return 0
}

func vowel(c byte) bool { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' }

// foldEnds appends w (a-z) to dst with its endings read (foldLatin): in a word of a consonant
// (or kh, sh, gh, zh, th, dh, ch), a, a consonant, e, a consonant and perhaps a final a or eh,
// the e as i: Persian's spelling of the Arabic active participle (Hamed, Hamid; Nader, Nadir;
// Khaled, Khalid; Saleh, Salih; Fatemeh, Fatima), where Hamad is another name (Ahmed and
// Mohammed keep their e as a); then a final -eh after a consonant as -a, or else a final e
// after a consonant dropped (Anne: Anna is another name, Ann the same one).
func foldEnds(dst, w []byte) []byte {
	dst = append(dst, w...)
	// The participle's pattern first: Saleh and Fateh end in the root's h (Salih, Fatih);
	// Fatemeh is written Fatemah too (attack-2026-12-05c V2).
	if i := consonant(dst, 0); i >= 0 && i < len(dst) && dst[i] == 'a' {
		if i = consonant(dst, i+1); i >= 0 && i < len(dst) && dst[i-1] == 'y' && dst[i] == 'y' {
			i++ // Sayyed, Sayyid: the doubled y is the root's (Sayed, Sayid)
		}
		if i >= 0 && i < len(dst) && dst[i] == 'e' {
			e := i
			if i = consonant(dst, i+1); i == len(dst) || i == len(dst)-1 && dst[i] == 'a' ||
				i == len(dst)-2 && (dst[i] == 'e' || dst[i] == 'a') && dst[i+1] == 'h' {
				dst[e] = 'i'
			}
		}
	}
	// Persian's initial e for Arabic's i before two consonants: Ebrahim, Esmail, Ehsan, Emran
	// (Ibrahim, Ismail, Ihsan, Imran). Not before one (Eva is not Iva) nor a doubled one (Emma).
	// A digraph (kh, sh, gh, zh, th, dh, ch) is two letters too: Eshaq, Ekhlas (Ishaq, Ikhlas).
	// And before one consonant and i with a vowel after it (Arabic's -iya-): Elias, Ilyas
	// (attack-2026-12-05e X9); not Elisa, Elena, Emil.
	if len(dst) >= 4 && dst[0] == 'e' {
		if j := consonant(dst, 1); j >= 0 && j < len(dst) && (j == 3 || consonant(dst, j) >= 0 && dst[j] != dst[j-1] ||
			j+1 < len(dst) && dst[j] == 'i' && vowel(dst[j+1])) {
			dst[0] = 'i'
		}
	}
	// Two syllables, the first of o or u (ou, oo), the second closed by one consonant: its
	// vowel is Arabic's u or i, which Persian writes e and others o or u, as one (i): Yusuf,
	// Yousef, Yusof, Yousif; Muhsin, Mohsen; Yunus, Younes, Younis (attack-2026-12-05c V2).
	// European names of that shape whose second vowel tells two names are left as written
	// (europeanVowels): Robin is not Ruben.
	if i := consonant(dst, 0); i >= 0 && i < len(dst) && (dst[i] == 'o' || dst[i] == 'u') && !europeanVowels[string(dst)] {
		if i++; i < len(dst) && (dst[i] == 'o' || dst[i] == 'u') {
			i++
		}
		if j := consonant(dst, i); j >= 0 {
			if k := consonant(dst, j); k >= 0 {
				j = k // two consonants (hs in Mohsen), or one doubled
			}
			v := j
			if j < len(dst) && strings.IndexByte("eiuo", dst[j]) >= 0 {
				j++
				if j < len(dst) && (dst[j-1] == 'e' && dst[j] == 'e' || dst[j-1] == 'o' && (dst[j] == 'o' || dst[j] == 'u')) {
					j++
				}
				if j > v && consonant(dst, j) == len(dst) {
					dst = append(append(dst[:v], 'i'), dst[j:]...)
				}
			}
		}
	}
	// The glide y of a vowel before e and a consonant within the word: Ayesha is Aisha (Fayez
	// and Zayed, the consonant final, keep it).
	for i := 1; i+2 < len(dst); i++ {
		if dst[i] == 'y' && dst[i+1] == 'e' && vowel(dst[i-1]) {
			if c := consonant(dst, i+2); c > 0 && c < len(dst) {
				dst = append(dst[:i+1], dst[i+2:]...)
				dst[i] = 'i'
				break
			}
		}
	}
	n := len(dst)
	switch {
	case n >= 4 && dst[n-2] == 'e' && dst[n-1] == 'h' && !vowel(dst[n-3]) && dst[n-3] != 'y':
		dst = append(dst[:n-2], 'a')
	case n >= 4 && dst[n-1] == 'e' && !vowel(dst[n-2]) && dst[n-2] != 'y' && dst[n-2] != 'h':
		dst = dst[:n-1]
	}
	return dst
}

// europeanVowels are European given names of foldEnds' two syllables (the first of o or u, the
// second closed by one consonant) whose second vowel tells them from another name: folded,
// Robin and Ruben, Justin and Justen, Doris and Dores, Dustin and Dusten, twins' names among
// them, would be one (linkage-merge25's false joins). Arabic and Persian names of that shape
// (Yusuf, Mohsen, Younes, Momen) are folded.
var europeanVowels = map[string]bool{"robin": true, "ruben": true, "justin": true, "justen": true, "doris": true, "dores": true,
	"dustin": true, "dusten": true}

// consonant returns the index after the consonant of w at i (kh, sh, gh, zh, th, dh and ch as
// one), or -1 when there is none.
func consonant(w []byte, i int) int {
	if i >= len(w) || vowel(w[i]) {
		return -1
	}
	if i++; i < len(w) && w[i] == 'h' && strings.IndexByte("kgszdtc", w[i-1]) >= 0 {
		i++
	}
	return i
}

// edgeWords returns the hashes of name's given name and family name (nearPrint): its first
// and last words as written, or its last and first when a comma follows the first ("Sultani,
// Ahmad"), each normalised and folded as the link key's words are; buf is scratch space.
func edgeWords(name, gender string, buf []byte, uni *uniCache) (uint32, uint32, []byte) {
	// The first and last runs of letters, digits and marks, found without allocating.
	var runs [2][2]int
	n := 0
	in, comma := false, false
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
		norm, ascii := buf[:0], true
		for k := 0; k < len(w); k++ {
			if w[k] >= utf8.RuneSelf {
				ascii = false
				break
			}
		}
		if ascii { // a run of ASCII letters and digits: appendNormalised's one word, folded
			for k := 0; k < len(w); k++ {
				norm = append(norm, lower(w[k]))
			}
		} else {
			norm, _ = uni.appendNormalised(norm, w)
		}
		n := len(norm)
		if bytes.IndexByte(norm, ' ') < 0 {
			buf = foldLatin(norm, norm) // appendTransliterated of one word
		} else {
			buf = appendTransliterated(norm, norm)
		}
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

// Why a row is linked or not (Linker.link).
const (
	noKey       = iota // no name, date of birth or gender
	linkable           // linked by its digest
	placeholder        // a placeholder for a name: not linked
	estimated          // a one-word name and a 1 January or 1 July date of birth: not linked
	// guessed: a name of two or more words and a 1 January or 1 July date of birth: linked
	// only when the name is rare in the input (Link: no other person bears it), since the
	// date then says no more than the year (attack-2026-12-03d finding 4: two organisations'
	// boys of common two-word names born "1 January" linked, 600 boys counted as 551).
	guessed
)

// linksBy reports whether a row of this kind is linked by its digest (a guessed one only when
// its name is rare: Link).
func linksBy(why uint8) bool { return why == linkable || why == guessed }

// Linker collects a link key and a source per row, then links people once every row is in.
type Linker struct {
	// FoldCase returns a case number as the source's de-duplication compares it (e.g.
	// ingest.FoldCaseID); nil: without surrounding spaces. Set it before Add.
	FoldCase func(string) string

	key  Key
	keys []digest
	link []uint8 // per row: noKey, linkable, placeholder, estimated or guessed
	// Per row linked by its digest: a hash of its normalised name and gender (FNV-1a, 0: none),
	// which tells in Link whether a guessed row's name is rare (a collision only makes a name
	// look common: fewer links, never more), a byte of its words' written order, and 16 bits
	// of its words as written before the Latin spellings are folded (spell: 0 for a row that
	// links by no digest), which tell a transliteration from the same spelling (a byte left
	// one pair in 256 uncounted: 59 of 60 told).
	nameH  []uint32
	order  []uint8
	spell  []uint16
	source []uint16
	// Per row, the case number's hash (0: none) and its numbering (an index into numberings:
	// the source and the de-duplication scope the number is unique in): two records of one
	// numbering under different numbers are two cases, never linked (see Link).
	caseID     []uint32
	numbering  []uint16
	numberings map[string]uint16
	sources    []string
	index      map[string]uint16
	// stratum is each row's country of exploitation (an index into strata): people are
	// counted by the country they were exploited in, where the lists cover one population.
	stratum  []uint16
	strata   []string
	stratumI map[string]uint16
	// victim is whether the row records a victim (schema.Victims, or no status): only victims
	// are the population the capture histories describe; a child at risk is not one of them.
	victim []bool
	// What chooses the record kept of a person, and what tells whether their records disagree
	// (see rank and Differing): per row, the rank's score and fingerprint, the trafficking
	// status (0: not recorded, else 1 + its index in schema.TraffickingStatuses), the province
	// of exploitation (0: not recorded, else 1 + an index into provinces) and the forms of
	// exploitation (bit i: flag i recorded, bit 8+i: flag i true).
	score     []uint16
	fp        []uint32
	status    []uint8
	province  []uint16
	forms     []uint16
	provinces map[string]uint16
	ranked    []int  // the columns whose known values count in the score
	derived   []bool // per ranked column: derived from events (schema.Derived)
	expect    int    // rows the next AddScoped makes room for at least (Expect)
	// near is per row its name's first and last words as written and its date of birth
	// (nearPrint), for the pairs of two organisations' records that agree on a word of the
	// name, gender and a date of birth near but are not linked (Result.Near).
	near []nearPrint
	// uni keeps the normalised form of the non-ASCII names and edge words seen (AddScoped).
	uni uniCache
}

// nearPrint is a row's first and last words of the name as written, each folded as
// appendTransliterated does and hashed with the gender (FNV-1a; 0: a name of one word, no
// name, gender or date of birth, or a birth on 1 January or 1 July, the usual estimate), and
// the date of birth (days since the epoch).
type nearPrint struct {
	w1, w2 uint32
	born   int32
}

// New returns a Linker under key.
func New(key Key) *Linker {
	l := &Linker{key: key, index: make(map[string]uint16), stratumI: make(map[string]uint16), provinces: map[string]uint16{},
		numberings: map[string]uint16{}}
	for i, f := range schema.Cases.Fields() {
		// What the release holds of a person: quasi-identifiers and analytic fields (the
		// source aside: every record has one).
		if fd, _ := schema.Lookup(f.Name); (fd.Role == schema.QuasiIdentifier || fd.Role == schema.Analytic) && f.Name != schema.Source {
			l.ranked = append(l.ranked, i)
			l.derived = append(l.derived, slices.Contains(schema.Derived, f.Name))
		}
	}
	return l
}

// eventsBit marks, in a row's score, a record with events (a derived field known): its stays,
// exits and legal cases hang on it, and no other record of the person has them.
const eventsBit = 1 << 15

// rankRow computes row i's score and fingerprint: the number of known values of the fields the
// release holds, eventsBit when one of them is derived from events, and a hash of the values
// (FNV-1a, the same in every run) that orders records of equal score from one source.
func (l *Linker) rankRow(rec arrow.RecordBatch, i int, buf []byte) (uint16, uint32, []byte) {
	var score uint16
	buf = buf[:0]
	for k, c := range l.ranked {
		a := rec.Column(c)
		if a.IsNull(i) {
			buf = append(buf, 0)
			continue
		}
		score++
		if l.derived[k] {
			score |= eventsBit
		}
		switch a := a.(type) {
		case *array.String:
			buf = append(buf, a.Value(i)...)
		case *array.Int32:
			buf = strconv.AppendInt(buf, int64(a.Value(i)), 10)
		case *array.Boolean:
			buf = strconv.AppendBool(buf, a.Value(i))
		case *array.Date32:
			buf = strconv.AppendInt(buf, int64(a.Value(i)), 10)
		}
		buf = append(buf, 0)
	}
	h := uint32(2166136261) // FNV-1a, inline: hash/fnv would allocate a row
	for _, b := range buf {
		h = (h ^ uint32(b)) * 16777619
	}
	return score, h, buf
}

// placeholderWords are the words of what organisations write for a name they do not know
// (normalised, NormaliseName): a name made only of them, of initials and of numbers ("Unknown",
// "N/A", "Baby girl", "Child 3") names nobody. Words of another script are normalised as names are.
var placeholderWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{
		"unknown", "unk", "unkn", "not", "known", "na", "nk", "none", "nil", "null", "no", "name", "noname", "nn",
		"baby", "boy", "girl", "child", "infant", "newborn", "kid", "minor", "male", "female", "victim", "person",
		"survivor", "client", "case", "unnamed", "anonymous", "anon", "unidentified", "given", "recorded",
		"available", "provided", "missing", "blank", "test", "tbd", "tba", "xx", "xxx", "xxxx", "doe", "dont", "don", "know",
		"inconnu", "inconnue", "desconocido", "desconocida", "desconhecido", "sin", "nombre", "nom",
		"نامعلوم", "نامشخص", "مجهول", "غير", "معروف", "अज्ञात", "অজ্ঞাত", "មិនស្គាល់",
	} {
		for _, f := range strings.Fields(NormaliseName(w)) {
			m[f] = true
		}
	}
	return m
}()

// weakName returns how much a normalised name tells: placeholder when it is only placeholder
// words, initials (one ASCII letter) and numbers; estimated when one word is left (a given
// name alone, "Mohammad", "Mohammad A.", "Baby Fatima"), which the caller weighs with the date
// of birth; linkable otherwise.
func weakName(norm []byte) uint8 {
	words := 0
	for len(norm) > 0 { // the words, separated by one space (NormaliseName)
		w := norm
		if sp := bytes.IndexByte(norm, ' '); sp >= 0 {
			w, norm = norm[:sp], norm[sp+1:]
		} else {
			norm = nil
		}
		if len(w) == 1 && w[0] >= 'a' && w[0] <= 'z' || digitsOnly(w) || placeholderWords[string(w)] {
			continue
		}
		words++
		if words > 1 {
			return linkable
		}
	}
	if words == 0 {
		return placeholder
	}
	return estimated
}

func digitsOnly(w []byte) bool {
	for _, r := range string(w) {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// Add takes the rows of rec (schema.Cases), which are the next rows in the caller's numbering,
// their case numbers unique within their source.
func (l *Linker) Add(rec arrow.RecordBatch) error { return l.AddScoped(rec, "") }

// AddScoped is Add for rows whose case numbers are unique within their source and scope (the
// de-duplication's: a file's or a sheet's name with case_id_scope, else "").
func (l *Linker) AddScoped(rec arrow.RecordBatch, scope string) error {
	names := rec.Column(schema.Index(schema.FullName)).(*array.String)
	ids := rec.Column(schema.Index(schema.CaseID)).(*array.String)
	dobs := rec.Column(schema.Index(schema.DateOfBirth)).(*array.Date32)
	genders := rec.Column(schema.Index(schema.Gender)).(*array.String)
	srcs := rec.Column(schema.Index(schema.Source)).(*array.String)
	countries := rec.Column(schema.Index(schema.CountryOfExploitation)).(*array.String)
	statuses := rec.Column(schema.Index(schema.TraffickingStatus)).(*array.String)
	if len(l.keys)+int(rec.NumRows()) > math.MaxInt32 {
		return errors.New("linkage: more than 2^31-1 rows")
	}
	provs := rec.Column(schema.Index(schema.ProvinceOfExploitation)).(*array.String)
	var flags []*array.Boolean
	for _, f := range schema.ExploitationFlags {
		flags = append(flags, rec.Column(schema.Index(f.Field)).(*array.Boolean))
	}
	if l.expect > 0 {
		l.reserve(l.expect, true) // the input's rows at once: no doubling past them
		l.expect = 0
	}
	l.reserve(int(rec.NumRows()), false)
	mac := hmac.New(sha256.New, l.key)
	var msg, norm, fold, buf []byte // reused: no allocation a row
	var sum [sha256.Size]byte
	var nbOf [64]int32 // per source: its numbering under scope (-1: not looked up yet)
	for k := range nbOf {
		nbOf[k] = -1
	}
	for i := 0; i < int(rec.NumRows()); i++ {
		l.victim = append(l.victim, statuses.IsNull(i) || slices.Contains(schema.Victims, statuses.Value(i)))
		var score uint16
		var fp uint32
		score, fp, buf = l.rankRow(rec, i, buf)
		l.score, l.fp = append(l.score, score), append(l.fp, fp)
		var sc uint8
		if statuses.IsValid(i) {
			sc = 255 // outside the vocabulary (ingest refuses it): still a recorded status
			if k := slices.Index(schema.TraffickingStatuses, statuses.Value(i)); k >= 0 {
				sc = uint8(k + 1)
			}
		}
		l.status = append(l.status, sc)
		var pv uint16
		if provs.IsValid(i) && provs.Value(i) != "" {
			p, ok := l.provinces[provs.Value(i)]
			if !ok && len(l.provinces) < math.MaxUint16 {
				p = uint16(len(l.provinces) + 1)
				l.provinces[strings.Clone(provs.Value(i))] = p
			}
			pv = p
		}
		l.province = append(l.province, pv)
		var fm uint16
		for k, f := range flags {
			if f.IsValid(i) {
				fm |= 1 << k
				if f.Value(i) {
					fm |= 1 << (8 + k)
				}
			}
		}
		l.forms = append(l.forms, fm)
		st := NotRecorded
		if countries.IsValid(i) && countries.Value(i) != "" {
			st = countries.Value(i)
		}
		si, ok := l.stratumI[st]
		if !ok {
			st = strings.Clone(st) // rec's buffers are recycled once the caller releases it
			si = uint16(len(l.strata))
			l.stratumI[st] = si
			l.strata = append(l.strata, st)
		}
		l.stratum = append(l.stratum, si)
		s := srcs.Value(i)
		id, ok := l.index[s]
		if !ok {
			if len(l.sources) == 64 {
				return errors.New("linkage: more than 64 sources")
			}
			id = uint16(len(l.sources))
			s = strings.Clone(s) // rec's buffers are recycled once the caller releases it
			l.index[s] = id
			l.sources = append(l.sources, s)
		}
		l.source = append(l.source, id)
		var ch uint32
		if ids.IsValid(i) {
			c := strings.TrimSpace(ids.Value(i))
			if l.FoldCase != nil {
				c = l.FoldCase(c)
			}
			if c != "" {
				ch = 2166136261 // FNV-1a
				for k := 0; k < len(c); k++ {
					ch = (ch ^ uint32(c[k])) * 16777619
				}
				ch = max(ch, 1)
			}
		}
		l.caseID = append(l.caseID, ch)
		if nbOf[id] < 0 {
			nb := l.sources[id] + "\x00" + scope
			nk, ok := l.numberings[nb]
			if !ok {
				nk = uint16(min(len(l.numberings), math.MaxUint16)) // past 65,535 they share one: fewer links, never more
				l.numberings[nb] = nk
			}
			nbOf[id] = int32(nk)
		}
		l.numbering = append(l.numbering, uint16(nbOf[id]))
		var d digest
		var nh uint32
		var ord uint8
		var sp uint16
		var np nearPrint
		norm = norm[:0]
		if names.IsValid(i) {
			norm, ord = l.uni.appendNormalised(norm, names.Value(i))
		}
		// A link needs a name, a date of birth and a gender: fewer would merge different people.
		ok = len(norm) > 0 && dobs.IsValid(i) && genders.IsValid(i)
		why := uint8(noKey)
		if ok {
			why = weakName(norm)
			// Date32.ToTime is AddDate from 1970 (a calendar walk): the same UTC day from its
			// seconds costs a fraction of it, and is taken once a row (session z's exactness
			// check took a second ToTime a row: the two, 1 s of a 10M-row run's samples).
			t := time.Unix(int64(dobs.Value(i))*86400, 0).UTC()
			_, month, day := t.Date()
			exact := day != 1 || month != time.January && month != time.July
			// An exact birth and a name of two words or more: a near pair's print.
			if exact && bytes.IndexByte(norm, ' ') >= 0 {
				np.w1, np.w2, buf = edgeWords(names.Value(i), genders.Value(i), buf, &l.uni)
				np.born = int32(dobs.Value(i))
			}
			switch {
			case why == estimated && exact:
				why = linkable // a given name and an exact date of birth
			case why == linkable && !exact:
				why = guessed
			}
			fold = appendTransliterated(fold[:0], norm)
			if linksBy(why) {
				sh := uint32(2166136261) // FNV-1a of the name as written, sorted, unfolded
				for _, c := range norm {
					sh = (sh ^ uint32(c)) * 16777619
				}
				sp = max(uint16(sh^sh>>16), 1)
				nh = 2166136261 // FNV-1a of the name, NUL, the gender
				for _, c := range fold {
					nh = (nh ^ uint32(c)) * 16777619
				}
				nh *= 16777619
				for k := 0; k < len(genders.Value(i)); k++ {
					nh = (nh ^ uint32(genders.Value(i)[k])) * 16777619
				}
				nh = max(nh, 1)
			}
			// The message: "prevalence-link-v1", NUL, the normalised name with its Latin
			// spellings folded (appendTransliterated), NUL, the date of birth as YYYY-MM-DD,
			// NUL, the gender.
			msg = append(msg[:0], "prevalence-link-v1\x00"...)
			msg = append(msg, fold...)
			msg = append(msg, 0)
			msg = t.AppendFormat(msg, "2006-01-02")
			msg = append(msg, 0)
			msg = append(msg, genders.Value(i)...)
			mac.Reset()
			mac.Write(msg)
			copy(d[:], mac.Sum(sum[:0]))
		}
		l.near = append(l.near, np)
		l.keys = append(l.keys, d)
		l.link = append(l.link, why)
		l.nameH = append(l.nameH, nh)
		l.order = append(l.order, ord)
		l.spell = append(l.spell, sp)
	}
	return nil
}

// Expect tells the Linker that about rows more records are coming (an input's, estimated from
// its size): the next AddScoped makes room for them in every per-row slice at once, where
// doubling slices copied themselves over fresh memory as they grew (3 s of memmove in the 10M
// CSV's profile, issue-14-speed20.md). The room is made at that AddScoped, not here: an input
// refused before its first record allocates nothing. A hint too small leaves the slices to
// grow; the room past the rows is never written.
func (l *Linker) Expect(rows int) { l.expect = max(rows, 0) }

// reserve makes room for n more rows in every per-row slice: exactly n when exact (an
// input's expected rows), else at least doubling a slice that has to grow.
func (l *Linker) reserve(n int, exact bool) {
	l.keys, l.link, l.source = grow(l.keys, n, exact), grow(l.link, n, exact), grow(l.source, n, exact)
	l.nameH, l.order, l.spell = grow(l.nameH, n, exact), grow(l.order, n, exact), grow(l.spell, n, exact)
	l.caseID, l.numbering, l.stratum, l.victim = grow(l.caseID, n, exact), grow(l.numbering, n, exact), grow(l.stratum, n, exact), grow(l.victim, n, exact)
	l.score, l.fp, l.status = grow(l.score, n, exact), grow(l.fp, n, exact), grow(l.status, n, exact)
	l.province, l.forms, l.near = grow(l.province, n, exact), grow(l.forms, n, exact), grow(l.near, n, exact)
}

// grow returns s with room for n more elements, at least doubling its capacity when it has
// to grow: append grows a large slice by a quarter, so a slice of millions of rows was
// copied some four times over its final size, on fresh pages (issue-14-speed11: 10 s of
// AddScoped's 32 s at 10,000,000 rows).
// Exact makes it len(s)+n, for a known number of rows.
func grow[T any](s []T, n int, exact bool) []T {
	if cap(s)-len(s) >= n {
		return s
	}
	c := len(s) + n
	if !exact {
		c = max(2*cap(s), c)
	}
	ns := make([]T, len(s), c)
	copy(ns, s)
	return ns
}

// linkEntry is a linkable row in Link's first pass: its digest's first 12 bytes (an HMAC's
// output is uniform: the first 8 choose its bucket and slot, the next 4 pass over another
// digest's entry without reading its key) and the row.
type linkEntry struct {
	h   uint64
	tag uint32
	row int32
}

// linkGroup is a digest of more than one row: its rows in increasing order, the best of them
// (Linker.better; set by Link) and whether they stay people of their own (cut: namesakes, a
// common name).
type linkGroup struct {
	rows []int32
	best int32
	cut  bool
}

// linkBucketRows is about the rows of one bucket of Link's first pass: its table (two int32
// slots a row) stays in the cache. One table over every digest of 10,000,000 rows (128 MiB)
// missed the cache at every probe, twice a row: 4.1 s of Link's 13.3 s at 10M.
const linkBucketRows = 1 << 13

// linkGroups finds the digests of more than one row among the linkable rows that skip leaves
// (the order of the groups is the buckets', not the rows'; each group's rows are in order).
// The rows are partitioned by their digest's top bits, each bucket's rows in increasing
// order, and each bucket's digests found in a small open-addressed table.
func (l *Linker) linkGroups(skip func(row int) bool, linked int) []linkGroup {
	shift := uint(64 - bits.Len(uint(linked/linkBucketRows))) // 64: one bucket
	bucketOf := func(h uint64) uint64 {
		if shift == 64 {
			return 0
		}
		return h >> shift
	}
	start := make([]int, (1<<(64-shift))+1)
	n := 0
	for row := range l.keys {
		if !linksBy(l.link[row]) || skip != nil && skip(row) {
			continue
		}
		start[bucketOf(binary.LittleEndian.Uint64(l.keys[row][:8]))+1]++
		n++
	}
	biggest := 0
	for b := 1; b < len(start); b++ {
		biggest = max(biggest, start[b])
		start[b] += start[b-1]
	}
	entries := make([]linkEntry, n)
	pos := slices.Clone(start[:len(start)-1])
	for row := range l.keys {
		if !linksBy(l.link[row]) || skip != nil && skip(row) {
			continue
		}
		d := &l.keys[row]
		h := binary.LittleEndian.Uint64(d[:8])
		b := bucketOf(h)
		entries[pos[b]] = linkEntry{h: h, tag: binary.LittleEndian.Uint32(d[8:12]), row: int32(row)}
		pos[b]++
	}
	size := 16
	for size < 2*biggest {
		size *= 2
	}
	slots := make([]int32, size)  // an entry of the bucket + 1 (0: empty)
	gid := make([]int32, biggest) // per entry of the bucket: its group + 1 (0: none yet)
	var groups []linkGroup
	for b := 0; b+1 < len(start); b++ {
		lo, hi := start[b], start[b+1]
		m := 16
		for m < 2*(hi-lo) {
			m *= 2
		}
		tbl, mask := slots[:m], uint64(m-1)
		clear(tbl)
		for i := lo; i < hi; i++ {
			e := &entries[i]
			for p := e.h & mask; ; p = (p + 1) & mask {
				s := tbl[p]
				if s == 0 {
					tbl[p] = int32(i-lo) + 1
					gid[i-lo] = 0
					break
				}
				f := &entries[lo+int(s)-1]
				if f.h != e.h || f.tag != e.tag || l.keys[f.row] != l.keys[e.row] {
					continue
				}
				g := gid[s-1]
				if g == 0 {
					groups = append(groups, linkGroup{rows: []int32{f.row}})
					g = int32(len(groups))
					gid[s-1] = g
				}
				groups[g-1].rows = append(groups[g-1].rows, e.row)
				break
			}
		}
	}
	return groups
}

// Result is the outcome of linkage.
type Result struct {
	// Sources are the sources in order of first appearance: the columns of the histories.
	Sources []string
	// Merged are the rows that are another record of a person whose kept record is another
	// row, in increasing order. The record kept of a person is the one that knows most (see
	// Linker.better), whatever the order of the rows.
	Merged []int
	// Kept holds, for each row of Merged (same index), the person's kept record: the row the
	// merged record's events are summarised under (their stays, exits, follow-ups and legal
	// cases are the person's, whichever organisation recorded them).
	Kept []int
	// Within counts the rows of Merged whose kept record is of their own source (records
	// without a case number, linked by name, date of birth and gender): the rest are linked
	// across sources.
	Within int
	// Reordered counts the rows of Merged whose name is their kept record's words, spelt
	// alike, in another order ("Ali Mohammad", "Mohammad Ali"; "Sultani, Ahmad", "Ahmad
	// Sultani"): where the order of the words carries meaning, they may be two people.
	Reordered int
	// Transliterated counts the rows of Merged whose name agrees with their kept record's only
	// once the Latin spellings of its words are folded (appendTransliterated: "Yousef",
	// "Yusuf"): one name transliterated two ways, or (rarely) two names the folding joins;
	// its words perhaps in another order too (not told apart: not in Reordered).
	Transliterated int
	// Twins lists the namesakes (NotLinked.Namesakes) that are a pair: two records of one
	// organisation, under two case numbers, sharing a name, date of birth and gender with each
	// other only, the lower row first, in increasing order; and such pairs of one-word names
	// with 1 January or 1 July births, which are never linked (NotLinked.Estimated), a group
	// of an even number of them (up to eight) paired first half with second half. Two exports
	// of one register under different numbers (a renumbered system) pair one to one so.
	Twins [][2]int
	// ExactTwins are the Twins whose name and exact date of birth would link them were they not
	// one organisation's two case numbers (linkable rows: not a one-word name with a 1 January
	// or 1 July birth, nor a guessed one): a pair by chance is rare, so a quarter of an
	// export paired so is a renumbering too (attack-2026-12-04d finding R10: a new system
	// that took over the open cases, dated on the day of the migration).
	ExactTwins [][2]int
	// Histories counts people per pattern of sources (bit i set = recorded by Sources[i] as a
	// victim, or without a status: a source's at-risk record of the person is no capture):
	// victims only (a person one of whose records has a victim status, schema.Victims, or none
	// of whose records has a status); people at risk or found not to be victims are linked but
	// are not the population that multiple systems estimation counts.
	Histories map[uint64]int
	// People is the number of distinct people among the rows considered.
	People int
	// ByStratum counts people per pattern of sources within each country of exploitation (of
	// the person's kept record; NotRecorded when it has none). Multiple systems estimation
	// assumes that the lists record one population: a country's lists do, lists of different
	// countries do not.
	ByStratum map[string]map[uint64]int
	// Differing counts linked people whose records disagree where both record a value.
	Differing Differing
	// NotLinked counts the records that share a name, date of birth and gender with another
	// but were not linked to it.
	NotLinked NotLinked
	// Fill lists, per linked person whose kept record has no trafficking status and another
	// record has one, the kept row and the row to take the status from (the best of those
	// that give one, Linker.better), by kept row: a missing status never stands for a
	// recorded one (a child a home assessed as at risk is no victim for a police list).
	Fill [][2]int
	// Raise lists, per linked person whose kept record gives a status that is not a victim's
	// (at risk, not a victim) and another record a victim's, the kept row and the row to take
	// the status from (the best of those, Linker.better): a person is a victim when any
	// organisation decided so, in the tables as in Histories (attack-2026-12-02b finding 4: a
	// home recording its children as at risk kept 96 police-identified victims out of the
	// tables while the histories counted them).
	Raise [][2]int
	// Near counts the pairs of two organisations' records (considered) that are not linked,
	// their link keys differing, but agree on gender, on the family name (edgeWords: the last
	// word as written, or the first before a comma; folded as the key's) and on the date of
	// birth, a day off or its day and month swapped: the same child under a given name spelt
	// otherwise than the fold knows, or a birth written otherwise (attack-2026-12-05a T10),
	// or two children (one family name, one birth), as many as Near.Chance. The pipeline
	// tells them in a notice when they are more than chance makes (Near.AboveChance).
	Near Near
	// NearFirst counts the pairs of one birth and gender whose first words alone agree
	// (NearFirst): a family name written first without a comma in both exports.
	NearFirst NearFirst
	// VictimsOverAtRisk counts the linked people recorded as a victim by one record and as at
	// risk (or not a victim) by another, whichever record is kept: all are victims (Raise
	// lists only those whose kept record needed its status raised).
	VictimsOverAtRisk int
}

// Near counts the pairs of Result.Near by how their dates of birth agree, and the pairs as
// many as different people would make by chance.
type Near struct {
	Same, DayOff, Swapped int
	// Chance is the number of pairs expected among different people who share a family name
	// and gender, read off the pairs whose births are nearControl days apart (where the same
	// child's two records seldom fall): on synth 20,000, whose registers draw 10 family names
	// a country, the 220-odd pairs that share one are chance alone.
	Chance float64
}

// Total is the number of pairs.
func (n Near) Total() int { return n.Same + n.DayOff + n.Swapped }

// AboveChance reports whether the pairs are more than chance makes: fewer than one time in a
// thousand would different people make as many (a Poisson tail at Chance). An ordinary
// register's namesakes are no notice; 60 children of one export under a birth a day off are.
func (n Near) AboveChance() bool {
	t := n.Total()
	if t == 0 {
		return false
	}
	// P(X >= t) = 1 - sum_{k<t} e^-m m^k / k!
	m, term, cdf := n.Chance, math.Exp(-n.Chance), 0.0
	for k := 0; k < t; k++ {
		cdf += term
		term *= m / float64(k+1)
	}
	return 1-cdf < 1e-3
}

// nearControl are the births' distances (in days, first and last) whose pairs measure chance
// (Near.Chance): far from a day off, and from a month typed wrong (28-31 days) or two.
var nearControl = [2]int{40, 46}

// nearPairs counts Result.Near over the rows skip leaves: the first and last words of each
// row's name, with its gender and date of birth (nearCount). A pair counts when the word
// they share is the family name of one of them (its last word, or its first when a comma
// follows it: "Sultani, Ahmad"): a given name and a birth are shared by chance on any
// register of some size (Mohammad, a tenth of Afghan boys), a family name far less, and a
// given name spelt two ways (Fatemeh, Fatima) is the fold's miss to tell. A pair is counted
// once, however many of its words agree. Past 2^26 rows it counts none.
func (l *Linker) nearPairs(skip func(row int) bool) Near {
	near, _ := l.nearPairsFirst(skip)
	return near
}

// nearPairsFirst is nearPairs with the pairs whose first words alone agree (NearFirst).
func (l *Linker) nearPairsFirst(skip func(row int) bool) (Near, NearFirst) {
	if len(l.sources) < 2 || len(l.near) >= 1<<26 {
		return Near{}, NearFirst{}
	}
	linked := 0
	for _, w := range l.link {
		if linksBy(w) {
			linked++
		}
	}
	return l.nearPairsOf(skip, l.linkGroups(skip, linked))
}

// nearPairsOf is nearPairs given the digests of more than one row among the linkable rows
// skip leaves (linkGroups: Link's).
func (l *Linker) nearPairsOf(skip func(row int) bool, groups []linkGroup) (Near, NearFirst) {
	if len(l.sources) < 2 || len(l.near) >= 1<<26 {
		return Near{}, NearFirst{}
	}
	c := l.nearCount(skip, groups)
	near := Near{Same: c.same, DayOff: c.dayOff, Swapped: c.swapped}
	controlSame, controlSwapped := c.controlSame, c.controlSwapped
	span := nearControl[1] - nearControl[0]
	// Per distance (one of the span+1 later ones) as many pairs as a day off makes (a day
	// before and a day after), twice the same date's. A swapped pair is found from both its
	// births, its control (a swapped birth and a later distance) from one: half. One control
	// pair is added to each (an empty control is no proof of none).
	per := float64(controlSame+1) / float64(span+1)
	near.Chance = 1.5*per + float64(controlSwapped+1)/float64(span+1)/2
	// Of one date only: half a distance's pairs.
	nf := NearFirst{Same: c.firstSame, Chance: float64(c.firstControl+1) / float64(span+1) / 2,
		DayOff: c.firstDayOff, Swapped: c.firstSwapped}
	// all three as Near.Chance
	nf.AllChance = 3*nf.Chance + float64(c.firstControlSwapped+1)/float64(span+1)/2
	return near, nf
}

// NearFirst counts the pairs of two organisations' records (considered, not linked) of one
// gender and date of birth whose first words agree but not their family names as Near reads
// them (the last word, or the first before a comma): two exports that both write the family
// name first without a comma (Khmer's "Sok Dara", Vietnamese, Chinese order), the given name
// spelt two ways; or two given names shared by chance, as many as Chance (the pairs of births
// nearControl days apart). linkage-merge25 zk's Left. A pair of a linked name whose three
// words are reordered with its first kept may count here (rare).
type NearFirst struct {
	Same   int
	Chance float64
	// DayOff and Swapped count the pairs whose births are a day apart or the later the
	// earlier's with day and month swapped, as Near's (linkage-merge25 zo's Left), and
	// AllChance the pairs of the three that chance makes (Near.Chance's rule). The pipeline's
	// notice tells Total against AllChance (AboveChanceAll), as Near's (linkage-merge25 zp's Left).
	DayOff, Swapped int
	AllChance       float64
}

// AboveChance reports whether the pairs of one birth are more than chance makes (Near.AboveChance's rule).
func (n NearFirst) AboveChance() bool { return Near{Same: n.Same, Chance: n.Chance}.AboveChance() }

// Total is the number of pairs of one birth, a day apart or swapped.
func (n NearFirst) Total() int { return n.Same + n.DayOff + n.Swapped }

// AboveChanceAll reports whether the pairs of one birth, a day apart or swapped are more than
// chance makes (AllChance).
func (n NearFirst) AboveChanceAll() bool {
	return Near{Same: n.Same, DayOff: n.DayOff, Swapped: n.Swapped, Chance: n.AllChance}.AboveChance()
}

// swapDay returns the day of birth b with its day and month swapped, when they differ and
// the day is a month's number (every month has 12 days: none spills over). Civil dates from
// days and back by H. Hinnant's algorithms (time.Unix and time.Date were a sixth of
// nearPairs at 1M; TestNearSwapControlOnce holds it to them).
func swapDay(b int32) (int64, bool) {
	z := int64(b) + 719468 // days from 0000-03-01
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097                                  // [0, 146096]
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // [0, 399]
	doy := doe - (365*yoe + yoe/4 - yoe/100)               // [0, 365], from 1 March
	mp := (5*doy + 2) / 153                                // [0, 11], March first
	day, month := doy-(153*mp+2)/5+1, mp+3
	if month > 12 {
		month -= 12
	}
	if day > 12 || day == month {
		return 0, false
	}
	// The swapped date lies in the same year, so the same era and year of era; its day of
	// the (March) year from its month and day.
	mp2 := (day + 9) % 12
	doy2 := (153*mp2+2)/5 + month - 1
	// Years begin in March here: January and February close the one before the civil year.
	if month <= 2 {
		yoe++
	}
	if day <= 2 {
		yoe--
	}
	// yoe may be -1 or 400 now: the days from the era's start still add up.
	doe2 := 365*yoe + floorDiv(yoe, 4) - floorDiv(yoe, 100) + floorDiv(yoe, 400) + doy2
	return era*146097 + doe2 - 719468, true
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// inInt32 reports whether a control's first day d is a day of birth's (int32): before
// int32's first day no later birth is within d's 2^16 days (int32's first begins them).
func inInt32(d int64) bool { return d >= math.MinInt32 && d <= math.MaxInt32 }

// nearList is one of nearCount's lists: per entry a key (a word, or a pair of words'
// number) in the high 32 bits and a day biased by 2^31 in the low (so that their order is
// the days' and the low 16 bits are the day modulo 2^16), and the row's source.
type nearList struct {
	kt  []uint64
	src []uint16
}

func (x *nearList) add(key uint32, day int64, src uint16) {
	x.kt = append(x.kt, uint64(key)<<32|uint64(uint32(day+1<<31)))
	x.src = append(x.src, src)
}

// sort sorts x by kt (a radix sort: the 10M folder's lists are millions of entries; slices.Sort
// was 40% of BenchmarkNearPairs' count at 1.6M), buf its scratch; x.src may be nil.
func (x *nearList) sort(buf *nearList) {
	n := len(x.kt)
	if n < 2 {
		return
	}
	var cnt [8][256]int
	for _, k := range x.kt {
		for p := range 8 {
			cnt[p][byte(k>>(8*p))]++
		}
	}
	buf.kt = slices.Grow(buf.kt[:0], n)[:n]
	if x.src != nil {
		buf.src = slices.Grow(buf.src[:0], n)[:n]
	}
	from, to := x, buf
	for p := range 8 {
		c := &cnt[p]
		if c[byte(x.kt[0]>>(8*p))] == n {
			continue // one value in this byte: the pass would keep the order
		}
		sum := 0
		for i := range c {
			c[i], sum = sum, sum+c[i]
		}
		if from.src == nil { // keys alone (nearPairs' groups)
			for _, k := range from.kt {
				d := byte(k >> (8 * p))
				to.kt[c[d]] = k
				c[d]++
			}
		} else {
			for i, k := range from.kt {
				d := byte(k >> (8 * p))
				to.kt[c[d]], to.src[c[d]] = k, from.src[i]
				c[d]++
			}
		}
		from, to = to, from
	}
	if from != x {
		*x, *buf = *from, *to
	}
}

// keys returns x's keys (sorted), each once.
func (x nearList) keys() []uint32 {
	var k []uint32
	for _, kt := range x.kt {
		if w := uint32(kt >> 32); len(k) == 0 || k[len(k)-1] != w {
			k = append(k, w)
		}
	}
	return k
}

// nearWindow counts the pairs of an entry a of as and an entry b of bs, both sorted, of one
// key and two sources, whose days are lo = a's day + shift to lo + span, b's day not past the
// end of lo's 2^16 days (the group scan before, sorted by the day modulo 2^16, stopped
// there), nor, with fromA, lo past the end of a's (the scan from a stopped there): a sliding
// window with the count of its entries per source.
func nearWindow(as, bs nearList, shift, span uint32, fromA bool, counts []int32) int {
	clear(counts)
	n, left, right := 0, 0, 0
	for i, k := range as.kt {
		day := uint32(k)
		if day > math.MaxUint32-shift || fromA && day&0xffff+shift > 0xffff {
			continue // past int32's days: no b; or past a's 2^16 days
		}
		lo := day + shift
		hi := lo + min(span, 0xffff-lo&0xffff)
		key := k &^ math.MaxUint32
		for right < len(bs.kt) && bs.kt[right] <= key|uint64(hi) {
			counts[bs.src[right]]++
			right++
		}
		for left < right && bs.kt[left] < key|uint64(lo) {
			counts[bs.src[left]]--
			left++
		}
		n += right - left - int(counts[as.src[i]])
	}
	return n
}

// nearCount counts nearPairs' pairs of rows of two sources that share a family name (a's
// last word w2 is b's, or a's first word w1 is b's last, or a's last b's first): same, of one
// birth, their link keys not both equal and linked by key (nearKeyed); dayOff, a day apart;
// swapped, the later birth the earlier's with day and month swapped (swapDay); and the
// controls: controlSame, the ordered pairs whose births are nearControl days apart (b's
// later), controlSwapped, b's birth nearControl days after a's swapped (the keys differ
// there, as a key holds the birth: a swapped birth is never 40 to 46 days before its own,
// TestNearSwapControlOnce). As the scan of a family name's rows counted them, each pair once
// (TestNearChanceAsScan against nearPairsScan), but in linear time (the scan grew with the
// square of a family name's rows: some 30 s at 10M): the pairs of one word per condition
// (A: a.w2 = b.w2, B: a.w1 = b.w2, C: a.w2 = b.w1) by a sliding window over rows sorted by
// word and birth, the pairs meeting two or three of them taken off or added back
// (inclusion-exclusion): AB (a.w1 = a.w2 = b.w2), AC (a.w2 = b.w2 = b.w1), BC (a's words
// are b's swapped) and ABC (all four alike).
func (l *Linker) nearCount(skip func(row int) bool, groups []linkGroup) (c nearCounts) {
	c0 := int64(nearControl[0])
	considered := func(row int) bool { return l.near[row].w1 != 0 && (skip == nil || !skip(row)) }
	n := 0
	for row := range l.near {
		if considered(row) {
			n++
		}
	}
	if n == 0 {
		return c
	}
	// By w2 and by w1 (lff: the rows whose two words are one), by birth; sf, sg and sff by
	// the swapped birth + nearControl[0]; rf, rg and rff by the swapped birth where it is
	// the later (a swapped pair counted from the earlier birth).
	lf, lg := nearList{make([]uint64, 0, n), make([]uint16, 0, n)}, nearList{make([]uint64, 0, n), make([]uint16, 0, n)}
	var lff, sf, sg, sff, rf, rg, rff nearList
	for row, p := range l.near {
		if !considered(row) {
			continue
		}
		s := l.source[row]
		lf.add(p.w2, int64(p.born), s)
		lg.add(p.w1, int64(p.born), s)
		if p.w1 == p.w2 {
			lff.add(p.w2, int64(p.born), s)
		}
		sw, ok := swapDay(p.born)
		if ok && inInt32(sw+c0) {
			sf.add(p.w2, sw+c0, s)
			sg.add(p.w1, sw+c0, s)
			if p.w1 == p.w2 {
				sff.add(p.w2, sw+c0, s)
			}
		}
		if ok && sw > int64(p.born) && inInt32(sw) {
			rf.add(p.w2, sw, s)
			rg.add(p.w1, sw, s)
			if p.w1 == p.w2 {
				rff.add(p.w2, sw, s)
			}
		}
	}
	var buf nearList
	for _, x := range []*nearList{&lf, &lg, &lff, &sf, &sg, &sff, &rf, &rg, &rff} {
		x.sort(&buf)
	}
	buf = nearList{}
	// BC's rows: those whose w1 is some row's w2 and whose w2 some row's w1 (a word both a
	// first and a last name); their words' pairs numbered, (w1, w2) as a, (w2, w1) as b.
	lasts, firsts := lf.keys(), lg.keys()
	var pairs []uint64
	isBC := func(p nearPrint) bool {
		_, ok := slices.BinarySearch(lasts, p.w1)
		if ok {
			_, ok = slices.BinarySearch(firsts, p.w2)
		}
		return ok
	}
	for row, p := range l.near {
		if considered(row) && isBC(p) {
			pairs = append(pairs, uint64(p.w1)<<32|uint64(p.w2), uint64(p.w2)<<32|uint64(p.w1))
		}
	}
	var pa, pb, spa, rpa nearList // spa and rpa by the swapped birth as sf's and rf's
	if len(pairs) > 0 {
		slices.Sort(pairs)
		pairs = slices.Compact(pairs)
		for row, p := range l.near {
			if !considered(row) || !isBC(p) {
				continue
			}
			ia, _ := slices.BinarySearch(pairs, uint64(p.w1)<<32|uint64(p.w2))
			ib, _ := slices.BinarySearch(pairs, uint64(p.w2)<<32|uint64(p.w1))
			pa.add(uint32(ia), int64(p.born), l.source[row])
			pb.add(uint32(ib), int64(p.born), l.source[row])
			sw, ok := swapDay(p.born)
			if ok && inInt32(sw+c0) {
				spa.add(uint32(ia), sw+c0, l.source[row])
			}
			if ok && sw > int64(p.born) && inInt32(sw) {
				rpa.add(uint32(ia), sw, l.source[row])
			}
		}
		for _, x := range []*nearList{&pa, &pb, &spa, &rpa} {
			x.sort(&buf)
		}
	}
	counts := make([]int32, len(l.sources))
	// The union of the three conditions, a's lists by (w2, w1, both, the pair) against b's;
	// a day off only within a's 2^16 days, as the scan from a (sorted by the day modulo
	// 2^16) found it.
	union := func(af, ag, aff, apa nearList, shift, span uint32, fromA bool) int {
		w := func(as, bs nearList) int { return nearWindow(as, bs, shift, span, fromA, counts) }
		return w(af, lf) + w(ag, lf) + w(af, lg) - w(aff, lf) - w(af, lff) - w(apa, pb) + w(aff, lff)
	}
	span := uint32(nearControl[1] - nearControl[0])
	// Each pair of one birth twice (the conditions are symmetric), less those linked by key.
	c.same = union(lf, lg, lff, pa, 0, 0, false)/2 - l.nearKeyed(considered, groups)
	c.dayOff = union(lf, lg, lff, pa, 1, 0, true)
	c.swapped = union(rf, rg, rff, rpa, 0, 0, false)
	c.controlSame = union(lf, lg, lff, pa, uint32(c0), span, false)
	c.controlSwapped = union(sf, sg, sff, spa, 0, span, false)
	// The pairs of one birth whose first words alone agree (D: a.w1 = b.w1, in none of A, B,
	// C): two exports that both write the family name first without a comma (Khmer's Sok
	// Dara), or two given names (chance: Mohammad, a tenth of boys), told apart by their own
	// control. D less D∩(A∪B∪C): DA (both words alike, by the pair's hash), DB (b's words
	// one: lff), DC (a's: lff), the triples all four alike (lff against lff) added back
	// once. lf, no longer needed, holds the pairs' list (no more memory at the peak).
	lf.kt, lf.src = lf.kt[:0], lf.src[:0]
	for row, p := range l.near {
		if considered(row) {
			lf.add(pairHash(p.w1, p.w2), int64(p.born), l.source[row])
		}
	}
	lf.sort(&buf)
	buf = nearList{}
	// a's lists: by w1 (ag), by the pair's hash (apa), the rows of one word (aff); b's by birth
	first := func(ag, apa, aff nearList, shift, span uint32, fromA bool) int {
		w := func(as, bs nearList) int { return nearWindow(as, bs, shift, span, fromA, counts) }
		return w(ag, lg) - w(apa, lf) - w(ag, lff) - w(aff, lg) + 2*w(aff, lff)
	}
	c.firstSame = first(lg, lf, lff, 0, 0, false) / 2
	c.firstControl = first(lg, lf, lff, uint32(c0), span, false)
	c.firstDayOff = first(lg, lf, lff, 1, 0, true)
	// Day-off and swapped births as Near's (linkage-merge25 zo's Left): rf and sf, no longer
	// needed, hold the pairs' hashes by the swapped birth (where it is the later) and by the
	// swapped birth + nearControl[0], as rg and sg hold w1 (no more memory at the peak).
	rf.kt, rf.src, sf.kt, sf.src = rf.kt[:0], rf.src[:0], sf.kt[:0], sf.src[:0]
	for row, p := range l.near {
		if !considered(row) {
			continue
		}
		sw, ok := swapDay(p.born)
		if ok && inInt32(sw+c0) {
			sf.add(pairHash(p.w1, p.w2), sw+c0, l.source[row])
		}
		if ok && sw > int64(p.born) && inInt32(sw) {
			rf.add(pairHash(p.w1, p.w2), sw, l.source[row])
		}
	}
	rf.sort(&buf)
	sf.sort(&buf)
	c.firstSwapped = first(rg, rf, rff, 0, 0, false)
	c.firstControlSwapped = first(sg, sf, sff, 0, span, false)
	return c
}

// pairHash numbers a row's two words as one key (nearCount's DA); two pairs of one hash are
// taken as one (a pair more or less among chance's).
func pairHash(w1, w2 uint32) uint32 {
	h := uint64(w1)*0x9E3779B97F4A7C15 ^ uint64(w2)*0xC2B2AE3D27D4EB4F
	return uint32(h>>32) ^ uint32(h)
}

// nearCounts are nearCount's counts: the pairs of one birth, a day apart (the earlier
// first), the later birth the earlier's swapped, and the control pairs; firstSame and
// firstControl, the pairs whose first words alone agree (NearFirst).
type nearCounts struct {
	same, dayOff, swapped, controlSame, controlSwapped, firstSame, firstControl int
	// the pairs whose first words alone agree a day apart, swapped, and the swapped control
	firstDayOff, firstSwapped, firstControlSwapped int
}

// nearKeyed counts the pairs of considered rows of two sources, one birth and a family name
// (nearPairs' conditions) whose link keys are equal and both linked by key: not near pairs
// but linked. Such rows are two of a group of linkGroups (every digest of more than one
// linkable row skip leaves; considered leaves fewer): a sort of every row by its key's bits
// cost 1 s at 10M.
func (l *Linker) nearKeyed(considered func(row int) bool, groups []linkGroup) int {
	n := 0
	for _, g := range groups {
		for u, a := range g.rows {
			if !considered(int(a)) {
				continue
			}
			for _, b := range g.rows[u+1:] {
				pa, pb := l.near[a], l.near[b]
				if considered(int(b)) && l.source[a] != l.source[b] && pa.born == pb.born &&
					(pa.w2 == pb.w2 || pa.w1 == pb.w2 || pa.w2 == pb.w1) {
					n++
				}
			}
		}
	}
	return n
}

// Differing counts linked people (of more than one record) whose records disagree: the release
// holds the kept record's values.
type Differing struct {
	// People is the number of linked people with any disagreement below.
	People int
	// Status, Province and Forms: people two of whose records give different trafficking
	// statuses, provinces of exploitation or forms of exploitation (a form one record says
	// yes and another no).
	Status, Province, Forms int
	// Filled is the number of linked people whose kept record lacks a province or form that
	// another of their records gives (a missing status is filled: Result.Fill).
	Filled int
	// Events is the number of people with events under more than one record: the pipeline
	// summarises them together under the kept record (Kept).
	Events int
}

// NotLinked counts records that share their name, date of birth and gender with another record
// (considered) but were not linked to it: each is a person of its own.
type NotLinked struct {
	// Placeholder: their name is a placeholder ("Unknown", "N/A", "Baby", "Child 3").
	Placeholder int
	// Estimated: a name of one word and a date of birth on 1 January or 1 July, the usual
	// estimate when the date is not known: the commonest given names would merge every child
	// of that name and year.
	Estimated int
	// Namesakes: two of the records are of one organisation (and de-duplication scope) under
	// different case numbers, so two cases; which of them another organisation's record is
	// cannot be told.
	Namesakes int
	// Common: a name of two or more words and a date of birth on 1 January or 1 July, where
	// the input holds that name (and gender) under another date of birth too: other people
	// bear it, and an estimated date says little more than the year.
	Common int
}

// Total is the number of records counted.
func (n NotLinked) Total() int { return n.Placeholder + n.Estimated + n.Namesakes + n.Common }

// NotRecorded is the stratum of people whose country of exploitation is not recorded.
const NotRecorded = "not recorded"

// better reports whether row a is the better record of a person than row b: events first (the
// stays, exits and legal cases hang on the record), then the most known values, then, for
// records that know as much, the values' fingerprint, then the source's name, so that the choice
// never depends on the order of the inputs (a source without a name is called after its input's
// place in the order, "input 1": its name cannot decide between records that differ,
// attack-2026-12-01d finding 1); the row only orders records identical in all that.
func (l *Linker) better(a, b int) bool {
	if l.score[a] != l.score[b] {
		return l.score[a] > l.score[b]
	}
	if l.fp[a] != l.fp[b] {
		return l.fp[a] < l.fp[b]
	}
	if sa, sb := l.sources[l.source[a]], l.sources[l.source[b]]; sa != sb {
		return sa < sb
	}
	return a < b
}

// maxTwinGroup is the largest group of one-word names with an estimated birth that Link
// pairs into Twins (a group of eight rows is four boys of one name and birthday in each of
// two exports).
const maxTwinGroup = 8

// distinctCases reports whether every row of rows gives a case number of one numbering, each
// another.
func distinctCases(l *Linker, rows []int32) bool {
	for i, a := range rows {
		if l.caseID[a] == 0 {
			return false
		}
		for _, b := range rows[i+1:] {
			if l.caseID[b] == l.caseID[a] || l.numbering[b] != l.numbering[a] {
				return false
			}
		}
	}
	return true
}

// namesakes reports whether two of rows (of one digest) are records of one numbering under
// different case numbers: two cases of one organisation, which linkage must not merge, nor
// guess which of them another organisation's record is.
func (l *Linker) namesakes(rows []int32) bool {
	for i, a := range rows {
		if l.caseID[a] == 0 {
			continue
		}
		for _, b := range rows[i+1:] {
			if l.caseID[b] != 0 && l.caseID[b] != l.caseID[a] && l.numbering[b] == l.numbering[a] {
				return true
			}
		}
	}
	return false
}

// Link links the rows added so far, leaving out the rows for which skip is true (e.g. a case
// exported twice by the same source). Rows without enough identifiers to link stay separate
// people.
func (l *Linker) Link(skip func(row int) bool) *Result {
	res := &Result{Sources: slices.Clone(l.sources), Histories: map[uint64]int{}}
	linked := 0
	for _, w := range l.link {
		if linksBy(w) {
			linked++
		}
	}
	// Each person's kept row: a first pass finds the digests of more than one row (people
	// linked, a minority) and the best record of each (linkGroups); the records of weak
	// digests, that say too little, are only counted (NotLinked).
	groups := l.linkGroups(skip, linked)
	for gi := range groups {
		g := &groups[gi]
		g.best = g.rows[0]
		for _, r := range g.rows[1:] {
			if l.better(int(r), int(g.best)) {
				g.best = r
			}
		}
	}
	type weakGroup struct {
		n    int32
		why  uint8
		rows [2]int32 // the first two
	}
	var weak map[digest]weakGroup
	var weakMore map[digest][]int32 // the rows of a weak group past its first two (collisions)
	for row := range l.keys {
		if w := l.link[row]; w != placeholder && w != estimated || skip != nil && skip(row) {
			continue
		}
		if weak == nil {
			weak = map[digest]weakGroup{}
		}
		g := weak[l.keys[row]]
		switch {
		case g.n < 2:
			g.rows[g.n] = int32(row)
		case g.n < maxTwinGroup:
			if weakMore == nil {
				weakMore = map[digest][]int32{}
			}
			weakMore[l.keys[row]] = append(weakMore[l.keys[row]], int32(row))
		}
		g.n, g.why = g.n+1, l.link[row]
		weak[l.keys[row]] = g
	}
	var guesses map[uint32]bool // the names of guessed rows that would link: common or not
	for gi := range groups {
		rows := groups[gi].rows
		if l.namesakes(rows) {
			groups[gi].cut = true // each record a person of its own
			res.NotLinked.Namesakes += len(rows)
			if len(rows) == 2 {
				pair := [2]int{int(min(rows[0], rows[1])), int(max(rows[0], rows[1]))}
				res.Twins = append(res.Twins, pair)
				if l.link[rows[0]] == linkable && l.link[rows[1]] == linkable {
					res.ExactTwins = append(res.ExactTwins, pair)
				}
			}
			continue
		}
		if l.link[rows[0]] == guessed {
			if guesses == nil {
				guesses = map[uint32]bool{}
			}
			guesses[l.nameH[rows[0]]] = false
		}
	}
	// Pairs of one-word names with 1 January or 1 July births are never linked, but a
	// register exported from two systems that number its cases anew pairs them one to one
	// too (linkage-merge15's "Left": such a register was not caught).
	// One-word names collide by chance (15 names and 9 years of 1 January births give about 3
	// collisions in 40 boys): a renumbered register's collision of two boys is a group of
	// four, two in each export. A group of an even number of rows, up to maxTwinGroup, of one
	// numbering under other case numbers pairs its rows in order, the first half with the
	// second: the rows of one export come before the next's, so a group split evenly between
	// two exports gives as many pairs across them as it holds people, and checkRenumbered
	// counts only pairs across two exports (two shelters' chance collisions split unevenly
	// as often as not).
	for d, g := range weak {
		if g.why != estimated || g.n%2 != 0 || g.n > maxTwinGroup {
			continue
		}
		rows := g.rows[:]
		if g.n > 2 {
			rows = append(rows[:2:2], weakMore[d]...)
		}
		if !l.namesakes(rows) || !distinctCases(l, rows) {
			continue
		}
		half := len(rows) / 2
		for i := range half {
			res.Twins = append(res.Twins, [2]int{int(rows[i]), int(rows[i+half])})
		}
	}
	sortPairs(res.Twins)
	sortPairs(res.ExactTwins)
	if guesses != nil {
		// A name is common when the input holds it (with the gender) under two dates of birth:
		// two people at least, so a date of birth that only gives the year cannot tell which
		// one another organisation's record is.
		first := make(map[uint32]int32, len(guesses))
		for row := range l.keys {
			if skip != nil && skip(row) || !linksBy(l.link[row]) {
				continue
			}
			h := l.nameH[row]
			if c, ok := guesses[h]; !ok || c {
				continue
			}
			if f, ok := first[h]; !ok {
				first[h] = int32(row)
			} else if l.keys[f] != l.keys[row] {
				guesses[h] = true
			}
		}
		for gi := range groups {
			g := &groups[gi]
			if l.link[g.rows[0]] != guessed || !guesses[l.nameH[g.rows[0]]] {
				continue
			}
			if !g.cut {
				g.cut = true
				res.NotLinked.Common += len(g.rows)
			}
		}
	}
	for _, g := range weak {
		switch {
		case g.n < 2: // linked with nobody anyway
		case g.why == placeholder:
			res.NotLinked.Placeholder += int(g.n)
		default:
			res.NotLinked.Estimated += int(g.n)
		}
	}
	// Per row, not per map entry: a map of every row cost a cache miss a row and a lookup
	// (most of the stage at 1,000,000 rows). pattern[row] is 0 unless row is a person's
	// kept record, which always has its own source's bit.
	pattern := make([]uint64, len(l.keys))
	// Per kept row: whether some record is a victim by its recorded status, some record has a
	// status, and what the person's records disagree on (diff bits, below).
	victim := make([]bool, len(l.keys))
	known := make([]bool, len(l.keys))
	notVictim := make([]bool, len(l.keys)) // [kept]: a record gives a status that is not a victim's
	var diff map[int32]uint8
	var statusFrom, raiseFrom map[int32]int32
	// caught[kept]: the sources that recorded the person as a victim (or without a status):
	// a list's records of people it assessed as at risk are not its captures of victims.
	caught := make([]uint64, len(l.keys))
	const (
		dStatus = 1 << iota
		dProvince
		dForms
		dFilled
		dEvents
	)
	// Per row of a linked group other than its best: row<<32 | best, in the order of the rows
	// (walked beside them: no lookup of every row's digest).
	merged := 0
	for _, g := range groups {
		if !g.cut {
			merged += len(g.rows) - 1
		}
	}
	var keptOf []uint64
	if merged > 0 { // nil when none, as append left them
		keptOf = make([]uint64, 0, merged)
		res.Merged, res.Kept = make([]int, 0, merged), make([]int, 0, merged)
	}
	for _, g := range groups {
		if g.cut {
			continue
		}
		for _, r := range g.rows {
			if r != g.best {
				keptOf = append(keptOf, uint64(r)<<32|uint64(g.best))
			}
		}
	}
	slices.Sort(keptOf)
	for row := range l.keys {
		if skip != nil && skip(row) {
			continue
		}
		kept := row
		if len(keptOf) > 0 && int(keptOf[0]>>32) == row {
			kept, keptOf = int(uint32(keptOf[0])), keptOf[1:]
		}
		if kept != row {
			res.Merged = append(res.Merged, row)
			res.Kept = append(res.Kept, kept)
			if l.source[row] == l.source[kept] {
				res.Within++
			}
			// The same words in another order, or words spelt otherwise (and perhaps in
			// another order too: a transliteration moves a word in the sorted order,
			// Ebrahim before Hakimi, Ibrahim after, or splits one, Abdurrahman).
			switch {
			case l.spell[row] != l.spell[kept]:
				res.Transliterated++
			case l.order[row] != l.order[kept]:
				res.Reordered++
			}
			var d uint8
			a, b := l.status[kept], l.status[row]
			if a != 0 && b != 0 && a != b {
				d |= dStatus
			}
			if p, q := l.province[kept], l.province[row]; p != 0 && q != 0 && p != q {
				d |= dProvince
			}
			fa, fb := l.forms[kept], l.forms[row]
			if both := fa & fb & 0xff; (fa>>8)&both != (fb>>8)&both {
				d |= dForms
			}
			if l.province[kept] == 0 && l.province[row] != 0 || fb&^fa&0xff != 0 {
				d |= dFilled
			}
			// The status to take: a victim's before any other (a person is a victim when
			// any organisation decided so), then the best record's.
			takes := func(f int) bool {
				if vr, vf := l.victim[row], l.victim[f]; vr != vf {
					return vr
				}
				return l.better(row, f)
			}
			if a == 0 && b != 0 {
				if statusFrom == nil {
					statusFrom = map[int32]int32{}
				}
				if f, ok := statusFrom[int32(kept)]; !ok || takes(int(f)) {
					statusFrom[int32(kept)] = int32(row)
				}
			}
			if a != 0 && !l.victim[kept] && b != 0 && l.victim[row] {
				if raiseFrom == nil {
					raiseFrom = map[int32]int32{}
				}
				if f, ok := raiseFrom[int32(kept)]; !ok || l.better(row, int(f)) {
					raiseFrom[int32(kept)] = int32(row)
				}
			}
			if l.score[row]&eventsBit != 0 {
				d |= dEvents // the kept record, ranked first, has events too
			}
			if d != 0 {
				if diff == nil {
					diff = map[int32]uint8{}
				}
				diff[int32(kept)] |= d
			}
		}
		pattern[kept] |= uint64(1) << l.source[row]
		if l.victim[row] {
			caught[kept] |= uint64(1) << l.source[row]
		}
		if l.status[row] != 0 {
			// A recorded status counts; a missing one (a police list, a hotline log) never
			// overrides it: a child another organisation assessed as at risk is no victim.
			known[kept] = true
			victim[kept] = victim[kept] || l.victim[row]
			notVictim[kept] = notVictim[kept] || !l.victim[row]
		}
	}
	for kept := range victim {
		if victim[kept] && notVictim[kept] {
			res.VictimsOverAtRisk++
		}
	}
	for kept, from := range statusFrom {
		res.Fill = append(res.Fill, [2]int{int(kept), int(from)})
	}
	slices.SortFunc(res.Fill, func(a, b [2]int) int { return a[0] - b[0] })
	for kept, from := range raiseFrom {
		res.Raise = append(res.Raise, [2]int{int(kept), int(from)})
	}
	slices.SortFunc(res.Raise, func(a, b [2]int) int { return a[0] - b[0] })
	for _, d := range diff {
		if d&(dStatus|dProvince|dForms) != 0 {
			res.Differing.People++
		}
		for _, c := range []struct {
			bit uint8
			n   *int
		}{{dStatus, &res.Differing.Status}, {dProvince, &res.Differing.Province}, {dForms, &res.Differing.Forms},
			{dFilled, &res.Differing.Filled}, {dEvents, &res.Differing.Events}} {
			if d&c.bit != 0 {
				*c.n++
			}
		}
	}
	byStratum := make([]map[uint64]int, len(l.strata)) // by the stratum's index: no string hashed a person
	for row, p := range pattern {
		if p == 0 {
			continue
		}
		res.People++
		if known[row] && !victim[row] {
			continue
		}
		c := caught[row]
		res.Histories[c]++
		h := byStratum[l.stratum[row]]
		if h == nil {
			h = map[uint64]int{}
			byStratum[l.stratum[row]] = h
		}
		h[c]++
	}
	res.ByStratum = map[string]map[uint64]int{}
	for si, h := range byStratum {
		if h != nil {
			res.ByStratum[l.strata[si]] = h
		}
	}
	res.Near, res.NearFirst = l.nearPairsOf(skip, groups)
	return res
}

// sortPairs sorts pairs of rows (each below 2^31, as Add holds them) by their first row, then
// their second, as one uint64 each: a comparison function was 0.4 s of Link at 10M.
func sortPairs(p [][2]int) {
	k := make([]uint64, len(p))
	for i, x := range p {
		k[i] = uint64(x[0])<<32 | uint64(x[1])
	}
	slices.Sort(k)
	for i, v := range k {
		p[i] = [2]int{int(v >> 32), int(uint32(v))}
	}
}

// HistoryCSV renders the capture histories as CSV: one 0/1 column per source, then count, one
// line per observed pattern, patterns in increasing order. When some people have a recorded
// country of exploitation, a first column named stratum gives it (analysis.StratumColumn), and
// the lines go by stratum in order of name: estimate per stratum, or pool them.
func (r *Result) HistoryCSV() []byte {
	var b strings.Builder
	cols := make([]string, len(r.Sources))
	for i, s := range r.Sources {
		cols[i] = csvField(s)
	}
	strata := make([]string, 0, len(r.ByStratum))
	for s := range r.ByStratum {
		strata = append(strata, s)
	}
	slices.Sort(strata)
	stratified := len(strata) > 1 || len(strata) == 1 && strata[0] != NotRecorded
	if stratified {
		b.WriteString("stratum,")
	} else {
		strata = []string{""}
	}
	b.WriteString(strings.Join(cols, ",") + ",count\n")
	for _, st := range strata {
		hs := r.Histories
		if stratified {
			hs = r.ByStratum[st]
		}
		patterns := make([]uint64, 0, len(hs))
		for p := range hs {
			patterns = append(patterns, p)
		}
		slices.Sort(patterns)
		for _, p := range patterns {
			if stratified {
				b.WriteString(csvField(st) + ",")
			}
			for i := range r.Sources {
				if p&(1<<i) != 0 {
					b.WriteString("1,")
				} else {
					b.WriteString("0,")
				}
			}
			b.WriteString(strconv.Itoa(hs[p]) + "\n")
		}
	}
	return []byte(b.String())
}

// csvField quotes s for CSV and defuses a spreadsheet formula (=, +, -, @, tab, CR first) with a
// leading apostrophe: source names head the columns of capture_histories.csv.
func csvField(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		s = "'" + s
	}
	if strings.ContainsAny(s, ",\"\n\r") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}
