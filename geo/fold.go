package geo

import "unicode"

// foldTable maps Latin letters with diacritics (Latin-1 Supplement, Latin Extended-A/B and
// Latin Extended Additional, which holds the dotted and macron letters of romanised Indic and
// Arabic names) to plain lower-case ASCII. Marks that arrive as separate combining
// characters are dropped by words.
var foldTable = func() map[rune]string {
	groups := map[string]string{
		"a": "ÀÁÂÃÄÅàáâãäåĀāĂăĄąǍǎǞǟǠǡǺǻȀȁȂȃȦȧḀḁẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặ",
		"b": "ḂḃḄḅḆḇ",
		"c": "ÇçĆćĈĉĊċČčḈḉ",
		"d": "ĎďḊḋḌḍḎḏḐḑḒḓ",
		"e": "ÈÉÊËèéêëĒēĔĕĖėĘęĚěȄȅȆȇȨȩḔḕḖḗḘḙḚḛḜḝẸẹẺẻẼẽẾếỀềỂểỄễỆệ",
		"f": "Ḟḟ",
		"g": "ĜĝĞğĠġĢģǦǧǴǵḠḡ",
		"h": "ĤĥȞȟḢḣḤḥḦḧḨḩḪḫẖ",
		"i": "ÌÍÎÏìíîïĨĩĪīĬĭĮįİǏǐȈȉȊȋḬḭḮḯỈỉỊị",
		"j": "Ĵĵǰ",
		"k": "ĶķǨǩḰḱḲḳḴḵ",
		"l": "ĹĺĻļĽľḶḷḸḹḺḻḼḽ",
		"m": "ḾḿṀṁṂṃ",
		"n": "ÑñŃńŅņŇňǸǹṄṅṆṇṈṉṊṋ",
		"o": "ÒÓÔÕÖòóôõöŌōŎŏŐőƠơǑǒǪǫǬǭȌȍȎȏȪȫȬȭȮȯȰȱṌṍṎṏṐṑṒṓỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợ",
		"p": "ṔṕṖṗ",
		"r": "ŔŕŖŗŘřȐȑȒȓṘṙṚṛṜṝṞṟ",
		"s": "ŚśŜŝŞşŠšȘșṠṡṢṣṤṥṦṧṨṩ",
		"t": "ŢţŤťȚțṪṫṬṭṮṯṰṱẗ",
		"u": "ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųƯưǓǔǕǖǗǘǙǚǛǜȔȕȖȗṲṳṴṵṶṷṸṹṺṻỤụỦủỨứỪừỬửỮữỰự",
		"v": "ṼṽṾṿ",
		"w": "ŴŵẀẁẂẃẄẅẆẇẈẉẘ",
		"x": "ẊẋẌẍ",
		"y": "ÝýÿŶŷŸȲȳẎẏẙỲỳỴỵỶỷỸỹ",
		"z": "ŹźŻżŽžẐẑẒẓẔẕ",
	}
	m := make(map[rune]string, 1024)
	for ascii, letters := range groups {
		for _, r := range letters {
			m[r] = ascii
		}
	}
	for r, ascii := range map[rune]string{
		'ß': "ss",
		'ẞ': "ss",
		'æ': "ae",
		'Æ': "ae",
		'œ': "oe",
		'Œ': "oe",
		'ø': "o",
		'Ø': "o",
		'ł': "l",
		'Ł': "l",
		'đ': "d",
		'Đ': "d",
		'ð': "d",
		'Ð': "d",
		'þ': "th",
		'Þ': "th",
		'ı': "i",
		'ħ': "h",
		'Ħ': "h",
		'ŧ': "t",
		'Ŧ': "t",
		'ŋ': "n",
		'Ŋ': "n",
		'ĸ': "k",
		'ſ': "s",
		'ƒ': "f",
		'ǝ': "e",
		'ə': "e",
		'Ə': "e",
	} {
		m[r] = ascii
	}
	return m
}()

// scriptFold maps the Arabic-script letters that Dari, Pashto, Urdu and Arabic keyboards write
// differently for one letter to one form (Arabic ي and ى, Persian ی; Arabic ك, Persian ک;
// Pashto ګ, Persian گ; the forms of alef, heh and hamza's seats), and makes the kashida
// vanish. The nukta of Devanagari and Bengali, written as a mark or inside a
// precomposed letter (ज़ is ज with a nukta), vanishes too: "ज़िला" and "जिला" are both written.
var scriptFold = map[rune]string{
	'\u064A': "\u06CC", '\u0649': "\u06CC", '\u0626': "\u06CC", // ي ى ئ -> ی
	'\u0643': "\u06A9",                                                             // ك -> ک
	'\u06AB': "\u06AF",                                                             // ګ -> گ
	'\u0623': "\u0627", '\u0625': "\u0627", '\u0622': "\u0627", '\u0671': "\u0627", // أ إ آ ٱ -> ا
	'\u0624': "\u0648",                                                             // ؤ -> و
	'\u0629': "\u0647", '\u06C0': "\u0647", '\u06C1': "\u0647", '\u06BE': "\u0647", // ة ۀ ہ ھ -> ه
	'\u0640': "", // the kashida (a zero-width joiner or non-joiner separates words, as a space)
	'\u093C': "", '\u0958': "\u0915", '\u0959': "\u0916", '\u095A': "\u0917", '\u095B': "\u091C",
	'\u095C': "\u0921", '\u095D': "\u0922", '\u095E': "\u092B", '\u095F': "\u092F", // Devanagari nukta
	'\u09BC': "", '\u09DC': "\u09A1", '\u09DD': "\u09A2", '\u09DF': "\u09AF", // Bengali nukta
}

// keepsMarks reports whether r is a mark of a script whose vowel signs and viramas are part of
// its words' letters (Devanagari to Sinhala, Thai, Lao, Tibetan, Burmese, Khmer), not an
// accent that people leave out.
func keepsMarks(r rune) bool {
	if !isMark(r) && !unicode.Is(unicode.Mc, r) {
		return false
	}
	return 0x0900 <= r && r <= 0x0FFF || 0x1000 <= r && r <= 0x109F || 0x1780 <= r && r <= 0x17FF
}

func isMark(r rune) bool { return unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) }

func isLetterOrDigit(r rune) bool {
	return (unicode.IsLetter(r) && !unicode.Is(unicode.Lm, r)) || unicode.IsDigit(r)
}
