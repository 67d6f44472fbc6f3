package ingest

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// remarkCue reports whether remark t (trimmed) holds what one of remarkMark's rules needs to
// leave its row out; when it does not, the rules find nothing. Each rule needs one of:
//   - a word (letterWords' words: lower case, letters only) that begins one of
//     pointsToPhrases (remarkPointsTo), one of aboveLeads or a word of "dup" or "doublon"
//     (aboveRemark), a denial's word (denialWords: notVictimPhrase) or the first word of one
//     of remarkMarks;
//   - a clause whose folded text (fold) is a key of noCaseStatuses, remarkNotVictim or
//     remarkNotVictimNamed or situationOnly.
//
// The check allocates nothing and stops a clause's folding at the first letter no key
// begins with: a free-text column (session zn's narrative, description, details) holds a note
// on every row, and the rules' word lists cost about 9 µs each (issue 14: the 10M CSV's
// largest cost after session zo). It may say yes where the rules find nothing; never no where
// they find something (TestRemarkCue).
func remarkCue(t string) bool {
	cues := remarkCues()
	return anyLetterWord(t, &cues.words, true) || clauseFoldKey(t, cues) || leadFoldKey(t, cues) || fieldAnswerCue(t)
}

// leadFoldKey reports whether, after up to three of clauseCore's leading words at t's start
// ("Was screened out", "It was a hoax"), the folded text is a key of cues.folds (as
// clauseFoldKey); clauseCore drops them before its look-up.
func leadFoldKey(t string, cues *remarkCueSets) bool {
	var buf [16]byte
	for n, i := 0, 0; n < 3 && i < len(t); n++ {
		for i < len(t) && !isASCIILetter(t[i]) {
			if t[i] >= utf8.RuneSelf {
				return false
			}
			i++
		}
		j := i
		for j < len(t) && isASCIILetter(t[j]) {
			j++
		}
		if j-i > len(buf) || j == i {
			return false
		}
		w := buf[:0]
		for _, c := range []byte(t[i:j]) {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			w = append(w, c)
		}
		if !coreLeads[string(w)] {
			return false
		}
		if foldKeyAt(t[j:], cues) {
			return true
		}
		i = j
	}
	return false
}

// fieldAnswerCue reports whether a remark of at most 48 bytes ends in a mark's answer after a
// ":", "=", "?" or "-" (fieldAnswer's form: "Victim: N", "Include - false"), or gives one as
// the first clause after its first ":", "=" or "?" (answerThenReason's form: "Trafficked? N -
// runaway", "Victim: No, referred to IOM": the last mark's text is the reason, no answer).
func fieldAnswerCue(t string) bool {
	if len(t) > 48 {
		return false
	}
	i := strings.LastIndexAny(t, ":=?-")
	if i <= 0 {
		return false
	}
	if answerCue(t[i+1:]) {
		return true
	}
	i = strings.IndexAny(t, ":=?")
	if i <= 0 {
		return false
	}
	rest := t[i+1:]
	cut := len(rest)
	for _, sep := range []string{" - ", ",", ";", " – "} {
		if k := strings.Index(rest, sep); k >= 0 && k < cut {
			cut = k
		}
	}
	return cut < len(rest) && answerCue(rest[:cut])
}

// answerCue reports whether s folds to a key of markAnswers (or holds a byte fold must decode:
// left to the rules), without allocating.
func answerCue(s string) bool {
	var buf [16]byte
	b := buf[:0]
	for _, c := range []byte(s) {
		switch {
		case c >= utf8.RuneSelf:
			return true // fold's slow way: left to the rules
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		default:
			continue
		}
		if len(b) == len(buf) {
			return false
		}
		b = append(b, c)
	}
	_, ok := markAnswers[string(b)]
	return ok
}

// remarkCueSets are remarkCue's sets, made once from the rules' lists.
type remarkCueSets struct {
	words wordSet          // first words of the rules' phrases
	folds map[string]uint8 // folded whole clauses (foldKey) and every prefix of them (foldPrefix)
	long  bool             // a word or key too long for the checks' buffers: every remark cued
}

// remarkCueSets.folds' bits
const (
	foldPrefix uint8 = 1 << iota
	foldKey
)

// wordSet is a set of words with, per first byte, the lengths its words have: most words
// of a note are left without a map lookup.
type wordSet struct {
	m    map[string]bool
	lens [256]uint64 // bit n: a word of n bytes (n < 64) begins with this byte
}

func newWordSet(words map[string]bool) wordSet {
	s := wordSet{m: words}
	for w := range words {
		if w != "" && len(w) < 64 {
			s.lens[w[0]] |= 1 << len(w)
		}
	}
	return s
}

// has reports whether w (no longer than remarkCueBuf) is in s.
func (s *wordSet) has(w []byte) bool {
	return len(w) > 0 && s.lens[w[0]]&(1<<len(w)) != 0 && s.m[string(w)]
}

// registerSet is registerWords as a wordSet (alsoRegistered).
var registerSet = sync.OnceValue(func() *wordSet {
	s := newWordSet(registerWords)
	return &s
})

// remarkCueBuf is the checks' buffer size in bytes.
const remarkCueBuf = 64

var remarkCues = sync.OnceValue(func() *remarkCueSets {
	s := &remarkCueSets{folds: map[string]uint8{}}
	words := map[string]bool{"doublon": true}
	addWord := func(w string) {
		words[w] = true
		s.long = s.long || len(w) >= remarkCueBuf
	}
	for _, ph := range pointsToPhrases {
		addWord(ph[0])
	}
	for _, ph := range remarkMarks {
		addWord(ph[0])
	}
	for w := range aboveLeads {
		addWord(w)
	}
	for w := range denialWords {
		addWord(w)
	}
	// remarks38.go's rules: an instruction's verb, a negation's other words
	// remarks40.go's finding "screened out" in a clause's middle
	for _, m := range []map[string]bool{markVerbs, fieldExcludeWords, {"unable": true, "cannot": true, "couldn": true, "screened": true}} {
		for w := range m {
			addWord(w)
		}
	}
	// remarks42.go's screenedOut: an outcome's first word
	for _, o := range screenOutcomes {
		addWord(o.words[0])
	}
	for _, m := range []map[string]bool{noCaseStatuses, remarkNotVictim, remarkNotVictimNamed, situationOnly, coreNoCase} {
		for k := range m {
			s.long = s.long || len(k) >= remarkCueBuf-utf8.UTFMax
			for i := 1; i <= len(k); i++ {
				s.folds[k[:i]] |= foldPrefix
			}
			s.folds[k] |= foldKey
		}
	}
	s.words = newWordSet(words)
	return s
})

// anyLetterWord reports whether one of the words letterWords(t) would return is in m or,
// with dup, begins "dup". A word longer than the checks' buffer is tried by its first
// bytes for "dup", and held whenever remarkCues says some list has words that long.
func anyLetterWord(t string, m *wordSet, dup bool) bool {
	var buf [remarkCueBuf]byte
	w, over := buf[:0], false
	for i := 0; i <= len(t); {
		if i < len(t) {
			c := t[i]
			if c < utf8.RuneSelf {
				i++
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				if 'a' <= c && c <= 'z' {
					if len(w) < len(buf) {
						w = append(w, c)
					} else {
						over = true
					}
					continue
				}
			} else {
				// as strings.ToLower then unicode.IsLetter (letterWords): an invalid byte is U+FFFD
				r, size := utf8.DecodeRuneInString(t[i:])
				i += size
				if r = unicode.ToLower(r); unicode.IsLetter(r) {
					if len(w)+utf8.UTFMax <= len(buf) {
						w = utf8.AppendRune(w, r)
					} else {
						over = true
					}
					continue
				}
			}
		} else {
			i++ // the end of t ends the last word
		}
		if len(w) > 0 && (m.has(w) || dup && len(w) >= 3 && string(w[:3]) == "dup" || over && remarkCues().long) {
			return true
		}
		w, over = buf[:0], false
	}
	return false
}

// clauseFoldKey reports whether, from the start of t or just after one of remarkClauses'
// marks (, ; . : ( ) – — ? and " - "), the folded text is a key of cues.folds before it
// leaves their prefixes. Every clause remarkClauses returns begins at one of these places, and
// fold drops the spaces and marks it trims.
func clauseFoldKey(t string, cues *remarkCueSets) bool {
	if foldKeyAt(t, cues) {
		return true
	}
	for i := 0; i < len(t); {
		r, size := rune(t[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(t[i:])
		}
		i += size
		switch r {
		case ',', ';', '.', ':', '(', ')', '–', '—', '?', '\n', '\r':
		case '-':
			if i < 2 || t[i-2] != ' ' || i >= len(t) || t[i] != ' ' {
				continue
			}
		default:
			continue
		}
		if foldKeyAt(t[i:], cues) {
			return true
		}
	}
	return false
}

// foldKeyAt reports whether a prefix of s folds (as fold does) to a key of cues.folds.
func foldKeyAt(s string, cues *remarkCueSets) bool {
	var buf [remarkCueBuf]byte
	b := buf[:0]
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			default:
				continue
			}
			b = append(b, c)
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			i += size
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				continue
			}
			b = utf8.AppendRune(b, unicode.ToLower(r))
		}
		switch f := cues.folds[string(b)]; {
		case f&foldKey != 0:
			return true
		case f == 0:
			return false
		}
		if len(b)+utf8.UTFMax > len(buf) {
			return true // a key this long: no shorter check
		}
	}
	return false
}
