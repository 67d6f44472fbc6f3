package detect

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"sync"
)

// englishWordsGz holds the lower-case English words of three letters or more of SCOWL's
// American and British lists at size 50 (Debian's wamerican and wbritish 2020.12.07-2;
// english-words.LICENSE): 65,269 words. Proper names (capitalized entries) are left out, so
// that a person's name is no word.
//
//go:embed english-words.txt.gz
var englishWordsGz []byte

// englishWords is the word list as a set, read on first use.
var englishWords = sync.OnceValue(func() map[string]struct{} {
	zr, err := gzip.NewReader(bytes.NewReader(englishWordsGz))
	if err != nil {
		panic("detect: embedded word list: " + err.Error())
	}
	set := make(map[string]struct{}, 64000)
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		set[sc.Text()] = struct{}{}
	}
	if err := sc.Err(); err != nil {
		panic("detect: embedded word list: " + err.Error())
	}
	return set
})

// englishWord reports whether w (lower case) is an English word of the list.
func englishWord(w string) bool {
	_, ok := englishWords()[w]
	return ok
}
