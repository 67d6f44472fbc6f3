package detect

import "testing"

// TestSafeLabelOtherScripts (privacy-side-doors31; attack-2026-12-05e X6): one word of a
// script other than Latin is withheld as a label unless a list of headers knows it, so the
// common one-word headers of registers in Thai, Khmer, Russian, Ukrainian, Chinese, Korean,
// Amharic and Tigrinya are listed (scriptHeaderWords; their identifier words are headerWords',
// with their kinds), while given names in those scripts, and Thai and Khmer given names in
// Latin letters (thaiKhmerGiven), stay withheld.
func TestSafeLabelOtherScripts(t *testing.T) {
	headers := map[string]Kind{
		// Thai and Khmer, one word (those scripts run words together)
		"อายุ": "", "เพศ": "", "สัญชาติ": "", "จังหวัด": "", "ลำดับ": "", "ภูมิลำเนา": "", "วันที่": "", "ชื่อ": Name,
		"หมายเหตุ": FreeText, "เบอร์โทร": Phone, "អាយុ": "", "ភេទ": "", "ខេត្ត": "", "ភូមិ": "", "លេខរៀង": "",
		"ឈ្មោះ": Name, "ថ្ងៃខែឆ្នាំកំណើត": BirthDate,
		// Russian and Ukrainian, capitalized as a header row writes them
		"Возраст": "", "Пол": "", "Национальность": "", "Гражданство": "", "Область": "", "Регион": "", "Дата": "",
		"Статус": "", "Тип": "", "Вік": "", "Стать": "", "Громадянство": "", "Имя": Name, "Фамилия": Name,
		"Прізвище": Name, "Телефон": Phone, "Адрес": Address, "Адреса": Address,
		// Chinese (simplified and traditional), Korean
		"年龄": "", "年齡": "", "性别": "", "性別": "", "国籍": "", "省份": "", "日期": "", "类型": "", "状态": "",
		"姓名": Name, "电话": Phone, "電話": Phone, "地址": Address, "出生日期": BirthDate, "身份证号": IDNumber,
		"备注": FreeText, "나이": "", "성별": "", "국적": "", "지역": "", "날짜": "", "유형": "", "이름": Name,
		"전화번호": Phone, "주소": Address, "생년월일": BirthDate, "전화 번호": Phone,
		// Amharic and Tigrinya
		"ዕድሜ": "", "ጾታ": "", "ዜግነት": "", "ክልል": "", "ቀን": "", "ስም": Name, "ስልክ": Phone, "አድራሻ": Address,
	}
	for h, want := range headers {
		if !SafeLabel(h) {
			t.Errorf("SafeLabel(%q) = false, want a known header", h)
		}
		if k, _ := Header(h); k != want {
			t.Errorf("Header(%q) = %q, want %q", h, k, want)
		}
	}
	for _, name := range []string{"ดวงใจ", "สมศรี", "អាណា", "Сергей", "Айгуль", "张伟", "王芳", "민준", "김 민준",
		"ሰላም", "Somchai", "Somsak", "Supaporn", "Sreypich", "Sothearith",
		// a word no list knows beside a header's or a path's: a JSON object keyed by a name
		"cases_ดวงใจ", "contacts.张伟.age", "민준/age"} {
		if SafeLabel(name) {
			t.Errorf("SafeLabel(%q) = true, want a name withheld", name)
		}
		if SourceLabel(name) {
			t.Errorf("SourceLabel(%q) = true, want a name withheld", name)
		}
	}
	for _, w := range []string{"somchai", "Sreypich"} {
		if !GivenName(w) {
			t.Errorf("GivenName(%q) = false", w)
		}
	}
}

// TestSourceLabelOtherScripts (privacy-side-doors31): a file, sheet or folder named by a word
// of a script without case that no list knows was shown ("张伟", "민준", "ሰላም", "cases_ดวงใจ"),
// since SourceLabel and FolderName judged such words by the name list alone; now as
// SafeLabel does. Burmese is judged by its syllables, as before.
func TestSourceLabelOtherScripts(t *testing.T) {
	for _, s := range []string{"张伟", "王芳", "민준", "김 민준", "김민준", "ሰላም", "ดวงใจ", "cases_ดวงใจ", "张伟_2023", "អាណា"} {
		if SourceLabel(s) {
			t.Errorf("SourceLabel(%q) = true, want withheld", s)
		}
		if !FolderName(s) {
			t.Errorf("FolderName(%q) = false, want withheld", s)
		}
	}
	for _, s := range []string{"年龄", "อายุ", "ရန်ကုန်", "cases_2024"} {
		if !SourceLabel(s) || FolderName(s) {
			t.Errorf("%q: SourceLabel %v FolderName %v, want shown", s, SourceLabel(s), FolderName(s))
		}
	}
}

// TestSourceLabelHarmless (attack-2026-12-05e X9): folders and files named with case types,
// abbreviations of the user's and the words of relatives' sheets name no one and are shown;
// names and case numbers beside them stay withheld.
func TestSourceLabelHarmless(t *testing.T) {
	for _, s := range []string{"TypeGBV_", "wbs_nohdr", "wb_Hermanos", "Hermanos", "Saudara", "Orang tua", "wb_Orang tua",
		"Familiares", "SGBV cases", "dup_rows", "Keluarga", "Irmãos"} {
		if !SourceLabel(s) {
			t.Errorf("SourceLabel(%q) = false, want shown", s)
		}
		if FolderName(s) {
			t.Errorf("FolderName(%q) = true, want shown", s)
		}
	}
	// Javad and Jawad are given names; a number of five digits may be a case's (kobo_12345).
	for _, s := range []string{"p_Javad_Jawad", "Hermanos Qasimzada", "GBV Zarmina", "pv_12345", "wbs_Karimi"} {
		if SourceLabel(s) {
			t.Errorf("SourceLabel(%q) = true, want withheld", s)
		}
	}
	for _, s := range []string{"p_Javad_Jawad", "Hermanos Qasimzada", "GBV Zarmina"} {
		if !FolderName(s) {
			t.Errorf("FolderName(%q) = false, want withheld", s)
		}
	}
}
