package detect

import "testing"

// TestSafeLabelCaselessHeaders (privacy-side-doors30): the W6 rule withholds two to four words
// of a script without case that no list knows (a name, as "Asha Devi" is); the common headers
// of registers in Bengali, Devanagari, Arabic script, Thai, Khmer and Burmese are known, so
// that notices and templates name those columns, and their identifier words are read as
// identifiers by header. People's names in the same scripts stay withheld.
func TestSafeLabelCaselessHeaders(t *testing.T) {
	headers := map[string]Kind{
		// Bengali
		"জন্ম তারিখ": BirthDate, "নিবন্ধনের তারিখ": "", "শোষণের ধরন": "", "মোবাইল নম্বর": Phone, "কেস নম্বর": "",
		"উদ্ধারের তারিখ": "", "পিতার নাম": Name, "বর্তমান ঠিকানা": Address, "পাচারের ধরন": "",
		// Hindi and Nepali
		"जन्म तिथि": BirthDate, "पंजीकरण तिथि": "", "शोषण का प्रकार": "", "मोबाइल नंबर": Phone, "केस नंबर": "",
		"पिता का नाम": Name, "बचाव की तारीख": "", "दर्ता मिति": "", "जन्म मिति": BirthDate, "फ़ोन नंबर": Phone,
		"\u095eोन नंबर": Phone, "वर्तमान पता": Address,
		// Arabic, Dari/Persian, Urdu
		"تاريخ الميلاد": BirthDate, "تاريخ التسجيل": "", "نوع الاستغلال": "", "رقم الهاتف": Phone, "رقم الحالة": "",
		"اسم الأب": Name, "بلد المنشأ": "", "تاریخ تولد": BirthDate, "تاریخ ثبت": "", "نام پدر": Name,
		"شماره تماس": "", "تاریخ پیدائش": BirthDate, "فون نمبر": Phone, "نوع استحصال": "",
		// Thai
		"ชื่อ สกุล": Name, "วัน เดือน ปี เกิด": BirthDate, "วันที่ ลงทะเบียน": "", "ประเภท การแสวงประโยชน์": "",
		"เบอร์ โทรศัพท์": Phone, "เลขที่ คดี": "",
		// Khmer
		"ថ្ងៃ ខែ ឆ្នាំ កំណើត": BirthDate, "ថ្ងៃ ចុះឈ្មោះ": "", "ប្រភេទ ការកេងប្រវ័ញ្ច": "", "លេខ ទូរស័ព្ទ": Phone,
		"លេខ ករណី": "", "ឈ្មោះ ឪពុក": Name,
		// Burmese
		"လူကုန်ကူးခံရမှု အမျိုးအစား": "", "မွေး နေ့": BirthDate, "ဖုန်း နံပါတ်": Phone, "ကျား မ": "", "မှတ်ပုံတင် ရက်စွဲ": "",
		// one word each, read beside the Burmese syllables of names (Hla, Nay, Lay, Thu, Ma ...)
		"အမည်": Name, "အသက်": "", "လိပ်စာ": Address, "ဖုန်း": Phone, "ကျား/မ": "", "မွေးနေ့": "", "နိုင်ငံ": "",
		"မြို့နယ်": "", "လူမျိုး": "", "ဘာသာ": "", "နေထိုင်ရာ": "", "အလုပ်အကိုင်": "", "ခုနှစ်": "", "လ": "",
	}
	for h, want := range headers {
		if !SafeLabel(h) {
			t.Errorf("SafeLabel(%q) = false, want a known header", h)
		}
		if k, _ := Header(h); k != want {
			t.Errorf("Header(%q) = %q, want %q", h, k, want)
		}
	}
	for _, name := range []string{"সুখ সুখা", "অনিতা দাস", "মোঃ করিম", "राम बहादुर", "सीता थापा", "محمد احمدی",
		"فاطمہ بی بی", "فاطمة الزهراء", "สมชาย ใจดี", "សុខ សុខា", "ចាន់ ធីតា", "ကျော် ဇင်", "ဒေါ် ခင်",
		// a name beside a header word: every word must be known
		"নাম করিম", "अनिता पता", "عمر خان", "سن علی", "نام علی", "اسم محمد"} {
		if SafeLabel(name) {
			t.Errorf("SafeLabel(%q) = true, want a name withheld", name)
		}
	}
}

// TestSafeLabelKinNames (privacy-side-doors30): a label that is one word of the name list is
// withheld though the word is a relation word too ("Tia", aunt; "Nana", "Didi", "Bibi", "Tio"),
// which GivenName leaves out for values ("Karim (tia)"): a file or sheet named "Tia" may be
// named after a child. GivenName still says no to them; headers and role words that are no
// name stay shown.
func TestSafeLabelKinNames(t *testing.T) {
	for _, w := range []string{"Tia", "tia", "Nana", "Didi", "Bibi", "Tio", "NANI", "Baba"} {
		if SafeLabel(w) {
			t.Errorf("SafeLabel(%q) = true, want a name withheld", w)
		}
		if !LabelName(w) || GivenName(w) {
			t.Errorf("%q: LabelName %v GivenName %v, want true and false", w, LabelName(w), GivenName(w))
		}
	}
	for _, w := range []string{"Mama", "Mother", "Guardian", "Witnesses", "Caregivers", "Province", "Sheet1", "Uncle"} {
		if !SafeLabel(w) {
			t.Errorf("SafeLabel(%q) = false, want it shown", w)
		}
	}
}
