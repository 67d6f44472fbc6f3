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

func isMark(r rune) bool { return unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) }

func isLetterOrDigit(r rune) bool {
	return (unicode.IsLetter(r) && !unicode.Is(unicode.Lm, r)) || unicode.IsDigit(r)
}
