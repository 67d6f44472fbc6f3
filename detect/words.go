package detect

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/prevalence/prevalence/geo"
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

// givenNamesGz holds lower-case given names of three letters or more, English words left out
// (given-names.LICENSE says where they come from): 59,881 names, of the languages the presets
// know (Dari and Pashto in Latin and Arabic script, Hindi, Bengali, Nepali, Khmer in Latin
// script and in their own) and of the English, French, Spanish, Italian, German and Turkish lists.
//
//go:embed given-names.txt.gz
var givenNamesGz []byte

// givenNames is the name list as a set, read on first use.
var givenNames = sync.OnceValue(func() map[string]struct{} {
	zr, err := gzip.NewReader(bytes.NewReader(givenNamesGz))
	if err != nil {
		panic("detect: embedded name list: " + err.Error())
	}
	set := make(map[string]struct{}, 60000)
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		set[sc.Text()] = struct{}{}
	}
	if err := sc.Err(); err != nil {
		panic("detect: embedded name list: " + err.Error())
	}
	return set
})

// placeWords are the words of the names of countries and of the provinces of the countries the
// presets know (package geo, with their other spellings): "Farah", "Siem Reap" and "Koh Kong"
// are places before they are anyone's name.
var placeWords = sync.OnceValue(func() map[string]struct{} {
	set := map[string]struct{}{}
	add := func(s string) {
		for _, w := range HeaderWords(s) {
			set[w] = struct{}{}
		}
	}
	for _, c := range geo.Countries() {
		add(c.Name)
	}
	for _, cc := range []string{"AF", "IN", "KH", "BD", "NP", "PK", "MM"} {
		for _, p := range geo.Provinces(cc) {
			add(p.Name)
			for _, a := range p.Aliases {
				add(a)
			}
		}
	}
	return set
})

// GivenName reports whether the word w (any case) is a given name of the list that is neither
// an English word, nor a word of places (placeWords) or of file names (sourceWords, fileWords).
func GivenName(w string) bool {
	return !relationWords[strings.ToLower(w)] && givenListed(w)
}

// LabelName reports whether a label's one word (a file's, sheet's or column's whole name) is a
// given name of the list, relation words included: "Tia" (aunt), "Nana", "Didi", "Bibi" are
// children's names too, which GivenName leaves out because a value says "Karim (tia)" of
// someone else, but a file or sheet named "Tia" alone may be named after a child
// (privacy-side-doors29, left).
//
// A word written with marks that the list holds without them is one too ("Nguyễn", "Trần",
// "Phạm", "Huỳnh": Vietnamese family names as registers write them; attack-2026-12-05f Y5:
// "Nguyễn" was printed as a dropped column's name), and so are Vietnamese names the list lacks
// written with their marks (vietnameseNames: "Lê", "Võ", "Đỗ", "Hương"). Labels only: values
// keep GivenName, where "Não" (no) and "Quê" (home town) would turn ordinary columns into names.
func LabelName(w string) bool {
	if givenListed(w) {
		return true
	}
	w = norm.NFC.String(strings.ToLower(w))
	if vietnameseNames[w] {
		return true
	}
	f := foldMarks(w)
	if f == "" || utf8.RuneCountInString(f) < 3 || sourceWords[f] || fileWords[f] || notNames[f] || placeWord(f) ||
		englishWord(f) || relationWords[f] {
		return false
	}
	_, listed := givenNames()[f]
	return listed
}

// foldMarks returns w without its combining marks and with đ as d ("nguyễn": "nguyen"), or ""
// when w has none.
func foldMarks(w string) string {
	var b strings.Builder
	changed := false
	for _, r := range norm.NFD.String(w) {
		switch {
		case unicode.Is(unicode.Mn, r):
			changed = true
		case r == 'đ' || r == 'Đ':
			b.WriteRune('d')
			changed = true
		default:
			b.WriteRune(r)
		}
	}
	if !changed {
		return ""
	}
	return b.String()
}

// vietnameseNames are Vietnamese family and given names written with their marks, which the
// list holds without them or not at all; with their marks, "Văn", "Long", "Hùng" are no English
// words, and "Họ" (family name, a header) is not "Hồ". The family names cover most of the
// country.
var vietnameseNames = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`nguyễn trần lê phạm hoàng huỳnh vũ võ đặng bùi đỗ hồ ngô dương lý trương đinh đoàn
		lâm lương trịnh vương kiều hà quách tạ tăng
		văn thị đình hương ngọc phương dũng tuấn hạnh yến quỳnh khánh đức cường hiếu thảo diệp hằng hoài tiến
		uyên hùng hải sơn phúc thủy thúy tâm hiền huệ mỹ bình bảo đạt đào thắng toàn tú xuân nhàn thơ hồng
		luân lộc lợi nguyệt nhật phượng quý quyên sương thư trâm tường vân việt vĩnh ánh châu chiến`) {
		m[norm.NFC.String(w)] = true
	}
	return m
}()

// givenListed is GivenName with relation words.
func givenListed(w string) bool {
	w = strings.ToLower(w)
	if utf8.RuneCountInString(w) < 3 || sourceWords[w] || fileWords[w] || notNames[w] || englishWord(w) {
		return false
	}
	if _, ok := givenNames()[w]; !ok && !myanmarGiven[w] && !thaiKhmerGiven[w] && !myanmarScriptName(w) && !compoundName(w) {
		return false
	}
	_, place := placeWords()[w]
	return !place
}

// compoundName reports whether w is an Afghan or South Asian given name compounded with
// "-ullah" (of God) or "-uddin" (of the faith), the commonest men's names of Afghanistan's and
// Pakistan's registers, more of which are given than any list holds ("Rahimullah", "Qudratullah",
// "Wasiqullah", "Sharafuddin"): privacy-side-doors35, where "contact_rahimullah" was shown while
// "age_zarmina" was withheld. No English word ends so; eight letters at least ("Sadullah").
func compoundName(w string) bool {
	if utf8.RuneCountInString(w) < 8 || strings.ContainsFunc(w, func(r rune) bool { return r < 'a' || r > 'z' }) {
		return false
	}
	for _, s := range [...]string{"ullah", "ulla", "uddin", "udin", "uddeen"} {
		if strings.HasSuffix(w, s) {
			return true
		}
	}
	return false
}

// myanmarGiven are Burmese given names and their parts in Latin script (the way registers in
// Myanmar and on the Thai border write them: "Kyaw Zin Htet", "Thandar Hnin"), which the name
// list (givenNamesGz) lacks beside its Aung, Myo, Moe, Mya, Zin, Lin, Thida (privacy-side-doors25,
// left: Myanmar's provinces are in geo, its names were not). Those that are English words (Win,
// Tin, Than, Saw, Nay, Min) stay out: familyCapitalized catches Win and Tin capitalized; so do
// Hla and Swe, which are codes (PG-HLA, SWE) in labels.
var myanmarGiven = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`kyaw htet htun thein hlaing myint naing thant thura phyo pyae nyein khin thandar
		yadanar hnin nwe thet paing lwin maung kyi sein shwe htay wint nandar phyu kaung khant naung sandar ohnmar
		thuzar ngwe zaw soe nang naw wai hsu hsan zeya zayar thwin thiha thiri khaing myat yoon phyoe kyal
		wutt yee nyi hmue hmwe theint thinzar chaw pwint`) {
		m[w] = true
	}
	return m
}()

// thaiKhmerGiven are Thai and Khmer given names in Latin letters (the way registers in
// Thailand and Cambodia and on their borders write them: "Somchai", "Sreymom"), which the name
// list (givenNamesGz) lacks beside its Sokha, Dara, Malee, Kanya: a column, file or sheet named
// "Somchai" was shown (attack-2026-12-05e X6). None is an English word (givenListed checks).
var thaiKhmerGiven = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`somchai somsak somporn sompong somsri somjai somying sombat somboon somkid
		somkiat somruedee sunee supaporn siriporn wanida nattapong narong prasert chaiyaporn thanakorn kittisak pornchai anong boonmee busaba
		duangjai kanokwan kannika nittaya pranee rattana sakda surachai sutthipong thawatchai wichai wirat yupin
		arunee chalerm chatchai jintana kanlaya kamol lamai manee porntip sasithorn tassanee weerapong apinya
		achara jiraporn nattaya pimchanok chutima kanjana kulap nongnuch orathai pattama piyaporn preecha rungnapa
		saowalak sumalee supachai sureeporn taweesak thongchai wannee wassana yaowalak amnat apichat arthit
		boonsong chanida chaiwat ekachai jaruwan kiattisak nopadol nuttawut pakorn pichai pongsak sarawut seksan
		sirichai somnuk tanawat teerapong wanchai warunee wipawee worawut yingyong nattawut siriwan kanittha
		natthaya thitima
		chantha borey kimheng sokhim sreypich sokhon sokhem monyrath pheakdey phearum ratha sarath sinath sivorn
		sokchea sopheaktra sothearith sovannara thearith chamroeun sreypheap sreyla sokny kimsan`) {
		m[w] = true
	}
	return m
}()

// myanmarNameParts are Burmese given names' syllables in their own script (NFC, as
// myanmarScriptName compares them): the Latin-script myanmarGiven's (Aung အောင်, Kyaw ကျော်,
// Htet ထက်, Htun ထွန်း, Thein သိန်း, Hlaing လှိုင်, Myint မြင့်, Naing နိုင်, Thant သန့်, Phyo
// ဖြိုး, Pyae ပြည့်, Nyein ငြိမ်း, Khin ခင်, Hnin နှင်း, Nwe နွယ်, Thet သက်, Lwin လွင်, Maung
// မောင်, Kyi ကြည်, Sein စိန်, Shwe ရွှေ, Zaw ဇော်, Soe စိုး, Myo မျိုး, Moe မိုး, Mya မြ, Zin ဇင်,
// Lin လင်း, Htoo ထူး, Win ဝင်း, Tin တင်, Min မင်း, Su စု, Phyu ဖြူ, Wai ဝေ, Khaing ခိုင်, Myat
// မြတ်, Yoon ယွန်း, Hein ဟိန်း, Hsu ဆု, Ei အိ, Cho ချို, Pwint ပွင့်, Thazin သဇင်), names of
// two syllables or a stacked consonant (Thandar သန္တာ, Nandar နန္ဒာ, Thida သီတာ, Thiri သီရိ,
// Thura သူရ, Zeyar ဇေယျာ, Yadanar ရတနာ; attack-2026-12-05d W11: Hla လှ, Htay ဌေး, Htwe ထွေး,
// Than သန်း, Nyunt ညွန့်, Swe ဆွေ, Nay နေ, Wah ဝါ, Phay ဖေ, Chit ချစ်, Nu နု, Nyo ညို, Ba ဘ, Mar
// မာ, Lay လေး, Thaw သော်, Po ပို, Thu သူ, Sandar စန္ဒာ, Thuzar သူဇာ, Ohnmar ဥမ္မာ, May မေ, Kyu
// ကြူ, Phoo ဖူး), the honorifics (U ဦး, Daw ဒေါ်, Ko ကို, Ma မ, Saw
// စော, Naw နော်, Nang နန်း, Khun ခွန်, Sai ဆိုင်း) that registers write before them. Burmese
// writes a name's syllables together ("ကျော်ဇင်ထက်"), so a word is a name when its syllables
// are all these (privacy-side-doors26, left: "အောင်" and "ကျော်ဇင်ထက်" were shown). A name
// in the Zawgyi font's encoding, whose code points are of another order, is myanmarUnread's.
var myanmarNameParts = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`အောင် ကျော် ထက် ထွန်း သိန်း လှိုင် မြင့် နိုင် သန့် ဖြိုး ပြည့် ငြိမ်း ခင် နှင်း
		နွယ် သက် လွင် မောင် ကြည် စိန် ရွှေ ဇော် စိုး မျိုး မိုး မြ ဇင် လင်း ထူး ဝင်း တင် မင်း စု ဖြူ ဝေ ခိုင် မြတ်
		ယွန်း ဟိန်း ဆု အိ ချို ပွင့် သဇင် သန္တာ နန္ဒာ သီတာ သီရိ သူရ ဇေယျာ ရတနာ ဦး ဒေါ် ကို မ စော နော် နန်း ခွန် ဆိုင်း
		လှ ဌေး ထွေး သန်း ညွန့် ဆွေ နေ ဝါ ဖေ ချစ် နု ညို ဘ မာ လေး သော် ပို သူ စန္ဒာ သူဇာ ဥမ္မာ မေ ကြူ ဖူး`) {
		m[norm.NFC.String(w)] = true
	}
	return m
}()

// myanmarScriptName reports whether w, a word of the Myanmar script alone, is made of
// myanmarNameParts only, each part one syllable or more of the word (a syllable begins at a
// consonant or an independent vowel that is neither stacked under the one before, after
// U+1039, nor killed, before U+103A).
func myanmarScriptName(w string) bool {
	rs := []rune(norm.NFC.String(w))
	if len(rs) == 0 {
		return false
	}
	starts := func(i int) bool {
		r := rs[i]
		if !(r >= 0x1000 && r <= 0x102A || r == 0x103F) || i > 0 && rs[i-1] == 0x1039 {
			return false
		}
		for _, n := range rs[i+1:] {
			if n == 0x1037 {
				continue // the dot below, before asat in NFC ("မြင့်")
			}
			return n != 0x103A && n != 0x1039
		}
		return true
	}
	var syl []int // the runes' indexes where syllables begin
	for i, r := range rs {
		if r < 0x1000 || r > 0x109F {
			return false
		}
		if starts(i) {
			syl = append(syl, i)
		}
	}
	if len(syl) == 0 || syl[0] != 0 {
		return false
	}
	syl = append(syl, len(rs))
	// ok[i]: the syllables from the i-th on are parts of names.
	ok := make([]bool, len(syl))
	ok[len(syl)-1] = true
	for i := len(syl) - 2; i >= 0; i-- {
		for j := i + 1; j < len(syl) && j <= i+3 && !ok[i]; j++ {
			ok[i] = ok[j] && myanmarNameParts[string(rs[syl[i]:syl[j]])]
		}
	}
	return ok[0]
}

// notNames are words of categories that the name lists hold as given names: months, days,
// religions, languages and peoples, continents, cities people are trafficked to, and words of
// places of care in Latin-letter Hindi, Urdu, French and Spanish ("mahila thana", "nari niketan").
var notNames = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`january february march april may june july august september october november
		december monday tuesday wednesday thursday friday saturday sunday
		janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre
		enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
		thai muslim christian shia sunni dari odia oriya pashto pashtu urdu hindi bangla bengali khmer farsi
		hazara tajik uzbek baloch pashtun turkmen sikh hindu buddhist rohingya
		riyadh doha dubai jeddah mecca medina kuwait muscat sharjah tehran mashhad istanbul
		africa america americas asia europe oceania
		mahila thana kendra niketan maison calle shadi nari`) {
		m[w] = true
	}
	return m
}()

// placeWord reports whether w (lower case) is a word of a place: of a country or a province
// (placeWords), or of a city of the countries the presets know (cityWords).
func placeWord(w string) bool {
	if cityWords[w] {
		return true
	}
	_, ok := placeWords()[w]
	return ok
}

// cityWords are the words of the cities (and capital districts) of the preset countries that
// name exports and folders ("in-kolkata-police", "dhaka_shelter"), which the province list lacks.
var cityWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`kolkata calcutta mumbai bombay delhi chennai madras bengaluru bangalore hyderabad pune
		patna lucknow jaipur ahmedabad surat kanpur nagpur indore bhopal varanasi agra siliguri howrah
		dhaka dacca chittagong chattogram khulna sylhet rajshahi barisal barishal rangpur cox bazar comilla jessore
		kathmandu pokhara biratnagar lalitpur patan bhaktapur birgunj dharan butwal nepalgunj janakpur
		phnom penh poipet sihanoukville kampot kep
		karachi lahore islamabad peshawar quetta rawalpindi faisalabad multan gujranwala hyderabad
		yangon rangoon mandalay naypyidaw naypyitaw myawaddy tachileik lashio
		kabul herat mazar sharif jalalabad kandahar kunduz ghazni pul khumri
		bangkok`) {
		m[w] = true
	}
	return m
}()

// monthAbbrevs are months written short in file and sheet names ("Cases Jan 2024").
var monthAbbrevs = map[string]bool{
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true, "aug": true, "sep": true,
	"sept": true, "oct": true, "nov": true, "dec": true,
}

// englishGiven are given names that are English words, which the name list leaves out (see
// givenNamesGz): before another capitalized word they make a person's name ("Rose Hunter").
var englishGiven = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`rose grace hope joy faith lily daisy ruby amber pearl iris violet hazel holly ivy
		jasmine dawn summer autumn sky heather olive poppy rosemary crystal angel belle bell charity patience
		prudence mercy honor honour constance destiny harmony melody star sunny coral jade ginger candy brandy misty
		robin jay mark will bill bob pat don frank grant dean drew guy ray rob sue art chase chance hunter wade
		cliff dale glen rusty buck sandy carol gene jack penny kitty earl basil sage flora fern dolly ebony
		goldie marigold myrtle sherry sunshine blossom precious blessing gift lucky princess victor miles reed
		heath ash forest river rocky sterling rich june`) {
		m[w] = true
	}
	return m
}()

// myanmarUnread reports whether s holds text of the Myanmar block that is not Burmese as
// Unicode writes it: the Zawgyi font's encoding (the most common one before 2019), which puts
// the vowel sign E (U+1031) and the medial ya-yit before their consonant ("ေအာင္" for
// "အောင်"), kills a consonant with U+1039 where Unicode stacks one under it ("ခင္" for
// "ခင်"), and writes stacked letters and other shapes with code points of the block's
// extensions (U+1050 on: "သႏၱာ" for "သန္တာ"), or the Mon vowels U+1033 and U+1034. Its
// syllables cannot be told from a name's (myanmarScriptName reads Unicode's order), so a label
// holding it is withheld, as a value that cannot be read for certain (privacy-side-doors27,
// left). The Shan, Karen and Mon letters of the extensions are withheld with it.
func myanmarUnread(s string) bool {
	rs := []rune(norm.NFC.String(s))
	consonant := func(r rune) bool { return r >= 0x1000 && r <= 0x1021 }
	medial := func(r rune) bool { return r >= 0x103B && r <= 0x103E }
	for i, r := range rs {
		if r < 0x1000 || r > 0x109F {
			continue
		}
		var prev, next rune = -1, -1
		if i > 0 {
			prev = rs[i-1]
		}
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		switch {
		case r >= 0x1050 || r == 0x1033 || r == 0x1034:
			return true // Zawgyi's shapes, or a script other than Burmese
		case r == 0x1031 && !consonant(prev) && !medial(prev):
			return true // the vowel sign E before its consonant
		case r == 0x1039 && !consonant(next):
			return true // a killed consonant (Unicode's asat is U+103A), not a stack
		case (r == 0x103B || r == 0x103C) && !consonant(prev) && !medial(prev):
			return true // a medial before its consonant
		}
	}
	return false
}

// caselessHeaderWords are the words of common register headers in the scripts without case
// that SafeLabel withholds two to four of when not all are known (attack-2026-12-05d W6: "សុខ
// សុខា", "অনিতা দাস" are names): Bengali, Devanagari (Hindi, Nepali), Arabic script (Arabic,
// Dari/Persian, Urdu), Thai, Khmer and Burmese words of dates, birth, registration, rescue,
// places, type, exploitation, trafficking, numbers, phones, cases, age, sex, nationality,
// names, parents, addresses, status, years, occupations and the little words between them
// (privacy-side-doors30). A label of these words alone ("শোষণের ধরন", "رقم الحالة") is a
// header, not a person's name; none of them is a given name ("عمر", age in Persian and Urdu,
// is Omar: left out). Their identifier words (name, phone, birth, address) are headerWords'.
var caselessHeaderWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		তারিখ জন্ম নিবন্ধন নিবন্ধনের উদ্ধার উদ্ধারের জেলা বিভাগ উপজেলা থানা ধরন শোষণ শোষণের পাচার পাচারের
		নম্বর নং মোবাইল ফোন কেস মামলা মামলার বয়স লিঙ্গ জাতীয়তা দেশ নাম পিতার মাতার ঠিকানা বর্তমান স্থায়ী অবস্থা
		বছর মাস সাল শ্রম খাত ধর্ম শিক্ষা পেশা ভিকটিমের ভুক্তভোগীর ও এর
		तिथि तारीख दिनांक मिति जन्म पंजीकरण दर्ता बचाव उद्धार जिला जिल्ला राज्य प्रदेश प्रांत शोषण प्रकार किसिम
		संख्या नंबर नम्बर मोबाइल फोन फ़ोन केस मामला मामले उम्र आयु उमेर लिंग राष्ट्रीयता देश नाम पिता माता पता
		ठेगाना स्थिति वर्ष साल महीना श्रम क्षेत्र धर्म शिक्षा पेशा व्यवसाय वर्तमान स्थायी पीड़ित तस्करी का की के को
		र एवं
		تاريخ تاریخ الميلاد ميلاد تولد پیدائش التسجيل تسجيل ثبت الإنقاذ انقاذ نجات المحافظة محافظة ولایت صوبہ
		ضلع ولسوالی البلد بلد کشور ملک الجنسية جنسية تابعیت قومیت نوع الاستغلال استغلال بهره کشی استحصال
		رقم شماره تماس نمبر الهاتف هاتف تلفن فون الحالة حالة پرونده کیس قضية القضية سن الجنس جنس جنسیت اسم الاسم
		نام الأب الاب پدر والد الأم الام مادر والدہ العنوان عنوان آدرس پتہ الوضع وضعیت حیثیت سنة السنة سال
		الشهر قطاع العمل شغل مهنة المهنة الدين دین مذہب التعليم تعليم تحصیلات تعلیم بلد المنشأ منشأ اصلی
		الضحية قربانی متاثرہ الاتجار قاچاق اسمگلنگ و کا کی کے
		วัน วันที่ เดือน ปี เกิด ลงทะเบียน ช่วยเหลือ จังหวัด อำเภอ ตำบล ประเภท การแสวงประโยชน์ หมายเลข เลขที่
		เบอร์ โทรศัพท์ คดี อายุ เพศ สัญชาติ ประเทศ ชื่อ สกุล นามสกุล บิดา มารดา ที่อยู่ สถานะ อาชีพ การค้ามนุษย์
		ผู้เสียหาย และ ของ
		ថ្ងៃ ខែ ឆ្នាំ កំណើត ចុះឈ្មោះ ជួយសង្គ្រោះ ខេត្ត ស្រុក ឃុំ ប្រភេទ ការកេងប្រវ័ញ្ច លេខ ទូរស័ព្ទ ករណី អាយុ ភេទ
		សញ្ជាតិ ប្រទេស ឈ្មោះ ឪពុក ម្តាយ ម្ដាយ អាសយដ្ឋាន ស្ថានភាព មុខរបរ ការជួញដូរ ជនរងគ្រោះ កាលបរិច្ឆេទ នៃ និង
		အမည် အသက် ကျား မ မွေး နေ့ ရက်စွဲ မှတ်ပုံတင် ဖုန်း နံပါတ် လိပ်စာ နေရပ်လိပ်စာ တိုင်း ပြည်နယ် မြို့နယ် ခရိုင်
		နိုင်ငံ နိုင်ငံသား အမျိုးအစား လူကုန်ကူးခံရမှု လူကုန်ကူးမှု အလုပ်အကိုင် အခြေအနေ ခုနှစ် လ အမှတ် အဖ အမိ
		ဖခင် မိခင်`) {
		m[norm.NFC.String(w)] = true
	}
	return m
}()

// scriptHeaderWords are common register headers of one word in the other scripts SafeLabel
// withholds one unknown word of (attack-2026-12-05e X6: "Сергей", "张伟", "민준", "ሰላም" are
// names), in lower case: Russian and Ukrainian, Chinese (simplified and traditional; written
// without spaces, so a header is one word), Korean, Amharic and Tigrinya; and Thai and Khmer
// headers written as one word, as those scripts run words together ("ลำดับ", "ภูมิลำเนา",
// "លេខរៀង"). Their words of ages, sex, dates, registration, nationality, places, types,
// exploitation, trafficking, numbers, cases, status, occupations, religion, education,
// years, months and victims (privacy-side-doors31). None is a given name of the lists.
var scriptHeaderWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		возраст пол дата даты регистрации регистрация рождения национальность гражданство страна область
		регион район город село адрес статус тип вид эксплуатации эксплуатация торговля торговли людьми жертва
		жертвы номер дела дело случай провинция год месяц профессия занятость образование религия категория
		группа источник сектор форма пострадавший потерпевший пострадавшего место происхождения возрастная
		вік стать реєстрації реєстрація національність громадянство країна регіон місто експлуатації
		експлуатація торгівля жертви справа справи рік місяць професія освіта релігія категорія
		年龄 年齡 性别 性別 国籍 國籍 省份 省 城市 地区 地區 日期 登记日期 登記日期 类型 類型 剥削类型 剝削類型 剥削 剝削
		案件编号 案件編號 编号 編號 序号 序號 状态 狀態 职业 職業 民族 宗教 教育 学历 學歷 年份 月份 籍贯 籍貫 户籍 戶籍
		出生地 来源国 來源國 被害人 受害者 受害人 贩运 販運 人口贩运 人口販運 拐卖 拐賣 案件 案号 案號 类别 類別
		地点 地點 县 縣 区 區 救助日期 获救日期 獲救日期 登记 登記
		나이 연령 성별 국적 지역 시도 시군구 날짜 일자 등록일 등록일자 유형 착취유형 착취 사건번호 번호 상태 직업 종교
		학력 연도 년도 피해자 인신매매 구분 출생지 국가 사건 유형별 구출일 등록
		ዕድሜ እድሜ ዕድመ ጾታ ፆታ ዜግነት ክልል ዞን ወረዳ ቀበሌ ቀን ዓይነት አይነት የብዝበዛ ብዝበዛ ቁጥር ሁኔታ ሥራ ስራ ሙያ ሃይማኖት
		ትምህርት ዓመት አመት ወር ተጎጂ ጉዳይ የጉዳይ ሀገር አገር ሃገር ምዝገባ የምዝገባ ዓዲ
		ลำดับ ลำดับที่ รหัส ศาสนา การศึกษา เชื้อชาติ ภูมิลำเนา หมู่บ้าน สถานที่ ภาค ประเภทคดี วันที่รับแจ้ง
		ประเภทการแสวงประโยชน์ การแสวงหาประโยชน์ วันที่ช่วยเหลือ วันที่ลงทะเบียน รูปแบบ ช่วงอายุ
		ភូមិ សាសនា ជនជាតិ ការអប់រំ លេខកូដ លេខរៀង ប្រភព ទីកន្លែង ប្រភេទករណី ថ្ងៃចុះឈ្មោះ ផ្សេងៗ`) {
		m[norm.NFC.String(w)] = true
	}
	return m
}()
