package detect

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

// TestLabelVietnameseAndPaths: Vietnamese names written with their marks, and one given name
// as a segment of a group's or a JSON object's path, are withheld (attack-2026-12-05f Y5:
// "Nguyễn" was a dropped column's name in the notice and manifest.json); Vietnamese headers
// and groups of the forms' words are shown (privacy-side-doors32).
func TestLabelVietnameseAndPaths(t *testing.T) {
	for _, s := range []string{"Nguyễn", "Trần", "Phạm", "Huỳnh", "Hoàng", "Lê", "Võ", "Đỗ", "Hương",
		norm.NFD.String("Nguyễn"), "NGUYỄN", "Nguyễn/remarks", "contacts.Zarmina.age", "Zarmina/suspects",
		"Zarmina:age", "victims/Zarmina", "suspects.Nguyễn.age", "Somchai/role"} {
		if SafeLabel(s) {
			t.Errorf("SafeLabel(%q) = true, want it withheld", s)
		}
	}
	for _, s := range []string{"Tuổi", "Năm", "Họ", "Họ và tên", "Giới tính", "Ngày sinh", "Quê quán", "Género",
		"Situação", "País", "Âge", "korban/umur", "group_korban/usia", "case_details/remarks", "suspects/age",
		"data.contacts.0.name", "Trafficker/Sex", "ayah/umur"} {
		if !SafeLabel(s) {
			t.Errorf("SafeLabel(%q) = false, want it shown", s)
		}
	}
	for _, s := range []string{"Nguyễn", "Lê", "Trần cases", "Võ_2024", "Đỗ"} {
		if SourceLabel(s) {
			t.Errorf("SourceLabel(%q) = true, want it withheld", s)
		}
		if !FolderName(s) {
			t.Errorf("FolderName(%q) = false, want it withheld", s)
		}
	}
}

// TestDataShaped: a header row's labels shaped as values (a headerless file) against labels
// withheld only as names, which the drop notice leaves out one by one.
func TestDataShaped(t *testing.T) {
	for _, s := range []string{"", "12", "C00012", "2024-01-05", "zarmina@example.org", "+93 700 123 456",
		"Rescued from a brick kiln near the river by police", "House 4, Lane 7"} {
		if !DataShaped(s) {
			t.Errorf("DataShaped(%q) = false", s)
		}
	}
	for _, s := range []string{"Nguyễn", "Zarmina", "Somchai", "张伟", "Возраст", "Zarmina Qasimzada", "Cases 2024", "remarks"} {
		if DataShaped(s) {
			t.Errorf("DataShaped(%q) = true", s)
		}
	}
}

// TestSourceLabelScriptFileWords: files and sheets named in Arabic script, Devanagari,
// Bengali or Khmer by words of files that no header list knows are shown; a name beside them
// is still withheld (privacy-side-doors31, left).
func TestSourceLabelScriptFileWords(t *testing.T) {
	for _, s := range []string{"قضايا", "الحالات", "ضحايا 2024", "قربانیان", "گزارش سال 2023", "मामलों की सूची", "पीड़ितों",
		"ভুক্তভোগী", "মামলা তালিকা", "របាយការណ៍", "ទិន្នន័យ 2024", "बालबालिका"} {
		if !SourceLabel(s) {
			t.Errorf("SourceLabel(%q) = false, want it shown", s)
		}
	}
	for _, s := range []string{"قضايا زرمينه", "张伟", "ভুক্তভোগী অনিতা", "ករណី សុខា"} {
		if SourceLabel(s) {
			t.Errorf("SourceLabel(%q) = true, want it withheld", s)
		}
	}
	for w := range scriptFileWords {
		if givenListed(w) || LabelName(w) {
			t.Errorf("scriptFileWords holds the given name %q", w)
		}
	}
}
