package model

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Check characters were worked out with the GB 11643 formula on paper. For the standard's
// own example 11010519491231002X the weighted sum of the first 17 digits is
// 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167, 167 mod 11 = 2, and position 2 of
// "10X98765432" is X.
var idTests = []struct {
	id   string
	want string // "" for valid, else a part of the message
}{
	{"11010519491231002X", ""},
	{"440304198512123013", ""},
	{"310115197001011233", ""},
	{"110101200002290018", ""}, // born on a leap day
	{"810000199001010019", ""}, // 港澳台 residence permit region
	{"110105202606300015", ""}, // born today (2026-06-30 in these tests)
	{"110105194912310021", "校验码不符：按前17位末位应为「X」，现为「1」"},
	{"11010519900230001X", "出生日期「19900230」不是真实日期"}, // 2月30日, check character right
	{"110105190002290017", "出生日期「19000229」不是真实日期"}, // 1900 was not a leap year
	{"440524188001010014", "早于1900年"},              // GB 11643's own example, born 1880
	{"11010520300101001X", "晚于今天"},
	{"11010520260701001X", "晚于今天"}, // tomorrow
	{"990105194912310023", "地区码「990105」无效"},
	{"11010519491231002x", "请用大写字母 X"},
	{"11010519491231002", "应为18位，现为17位"},
	{"11010519491231002X1", "应为18位，现为19位"},
	{"11010519491231A02X", "第15位「A」无效"},
	{"1101051949123100XX", "第17位「X」无效"},
	{"11010519491231002Y", "末位「Y」无效"},
	{"１１０１０５１９４９１２３１００２Ｘ", "全角"},
	{"11010519491231 02X", "第15位「 」无效"},
	{"", "不能为空"},
	{"\xff1010519491231002X", "无效字符"},
}

func TestCheckIDNumber(t *testing.T) {
	for _, tt := range idTests {
		err := CheckIDNumber(tt.id)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("CheckIDNumber(%q) = %v, want nil", tt.id, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("CheckIDNumber(%q) = %v, want an error containing %q", tt.id, err, tt.want)
		case err != nil && !strings.HasPrefix(err.Error(), "身份证号"):
			t.Errorf("CheckIDNumber(%q) = %q, want the message to start with 身份证号", tt.id, err)
		}
	}
}

func TestIDCheckChar(t *testing.T) {
	tests := []struct {
		body string
		want byte
	}{
		{"11010519491231002", 'X'},
		{"44030419851212301", '3'},
		{"11010120000229001", '8'},
		{"1101051949123100", 0},     // too short
		{"1101051949123100A", 0},    // not a digit
		{"11010519491231002X", 'X'}, // a whole number: only the first 17 count
	}
	for _, tt := range tests {
		if got := IDCheckChar(tt.body); got != tt.want {
			t.Errorf("IDCheckChar(%q) = %q, want %q", tt.body, got, tt.want)
		}
	}
}

func TestNormalizeIDNumber(t *testing.T) {
	tests := []struct{ in, want string }{
		{" １１０１０５１９４９１２３１００２ｘ\u3000", "11010519491231002X"},
		{"11010519491231002x", "11010519491231002X"},
		{"11010519491231002X", "11010519491231002X"},
		{"e12345678", "E12345678"},
		{"  ", ""},
	}
	for _, tt := range tests {
		if got := NormalizeIDNumber(tt.in); got != tt.want {
			t.Errorf("NormalizeIDNumber(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLooksLikeResidentID(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"11010519491231002X", true},
		{"11010519491231002x", true}, // checked and explained, not filed as another document
		{"110105194912310021", true}, // wrong checksum, but the shape of a resident ID
		{"11010519491231002", false},
		{"E12345678", false},
		{"H12345678", false},
		{"1101051949123100XX", false},
		{"１１０１０５１９４９１２３１００２Ｘ", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := LooksLikeResidentID(tt.in); got != tt.want {
			t.Errorf("LooksLikeResidentID(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

var phoneTests = []struct {
	phone string
	want  string // "" for valid, else a part of the message
}{
	{"13812345678", ""},
	{"19912345678", ""},
	{"010-12345678", ""},
	{"01012345678", ""},
	{"0755-1234567", ""},
	{"07551234567", ""},
	{"0755-12345678", ""},
	{"021-87654321-123", ""},
	{"01012345678-123", ""},
	{"010-12345678转8001", ""},
	{"0571-88888888#12", ""},
	{"", "不能为空"},
	{"12812345678", "第二位应为3至9"},
	{"1381234567", "应为11位数字，现为10位"},
	{"138123456789", "现为12位"},
	{"138-1234-5678", "不要加连字符"},
	{"13812345678转1", "手机号不能带分机号"},
	{"87654321", "缺少区号，请在前面加上区号，例如 010-87654321"},
	{"2345", "固定电话须带区号"},
	{"010-1234567x", "含有「x」"},
	{"0101-2345678", "区号「0101」无效"},
	{"00-12345678", "区号「00」无效"},
	{"021-0234567", "不以0开头"},
	{"010-123456", "应为7或8位（不含区号），现为6位"},
	{"010-123456789", "现为9位"},
	{"010-12345678-1234567", "分机号「1234567」无效"},
	{"010-12345678转", "分机号「」无效"},
	{"１３８１２３４５６７８", "全角"},
	{"+8613812345678", "含有「+」"},
	{"010", "太短"},
}

func TestCheckPhone(t *testing.T) {
	for _, tt := range phoneTests {
		err := CheckPhone(tt.phone)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("CheckPhone(%q) = %v, want nil", tt.phone, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("CheckPhone(%q) = %v, want an error containing %q", tt.phone, err, tt.want)
		}
	}
}

func TestNormalizePhone(t *testing.T) {
	tests := []struct{ in, want string }{
		{" 138 1234 5678 ", "13812345678"},
		{"+86 138 1234 5678", "13812345678"},
		{"0086-13812345678", "13812345678"},
		{"１３８１２３４５６７８", "13812345678"},
		{"010－12345678", "010-12345678"},
		{"010—12345678", "010-12345678"},
		{"+86 10 12345678", "+861012345678"}, // not a mobile: left for CheckPhone to explain
	}
	for _, tt := range tests {
		if got := NormalizePhone(tt.in); got != tt.want {
			t.Errorf("NormalizePhone(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMaskIDNumber(t *testing.T) {
	tests := []struct{ in, want string }{
		{"11010519491231002X", "110105********002X"},
		{"440304198512123013", "440304********3013"},
		{"E12345678", "E1*****78"},
		{"110105491231002", "11***********02"}, // old 15-digit number
		{"港A123456", "港A****56"},
		{"12345", "12*45"},
		{"1234", "****"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := MaskIDNumber(tt.in); got != tt.want {
			t.Errorf("MaskIDNumber(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMaskPhone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"13812345678", "138****5678"},
		{"010-12345678", "010-****5678"},
		{"01012345678", "010****5678"},
		{"0755-1234567", "0755-***4567"},
		{"021-87654321-123", "021-****4321-123"},
		{"010-12345678转8001", "010-****5678转8001"},
		{"12345", "12*45"},
		{"123", "***"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := MaskPhone(tt.in); got != tt.want {
			t.Errorf("MaskPhone(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzCheckIDNumber(f *testing.F) {
	for _, tt := range idTests {
		f.Add(tt.id)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := CheckIDNumber(s)
		m := MaskIDNumber(s)
		if utf8.RuneCountInString(m) != utf8.RuneCountInString(s) {
			t.Errorf("MaskIDNumber(%q) = %q: length changed", s, m)
		}
		n := NormalizeIDNumber(s)
		if NormalizeIDNumber(n) != n {
			t.Errorf("NormalizeIDNumber(%q) = %q is not stable", s, n)
		}
		_ = CheckIDNumber(n)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "身份证号") {
				t.Errorf("CheckIDNumber(%q) = %q, want a message naming 身份证号", s, err)
			}
			return
		}
		if len(s) != 18 || len(m) != 18 || m[:6] != s[:6] || m[14:] != s[14:] || m[6:14] != "********" {
			t.Errorf("CheckIDNumber(%q) ok but MaskIDNumber = %q", s, m)
		}
		if !LooksLikeResidentID(s) || n != s || IDCheckChar(s) != s[17] {
			t.Errorf("CheckIDNumber(%q) ok but LooksLikeResidentID=%v Normalize=%q IDCheckChar=%q",
				s, LooksLikeResidentID(s), n, IDCheckChar(s))
		}
		if strings.ContainsRune(s, 'x') {
			t.Errorf("CheckIDNumber(%q) accepted a lowercase x", s)
		}
	})
}

func FuzzCheckPhone(f *testing.F) {
	for _, tt := range phoneTests {
		f.Add(tt.phone)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := CheckPhone(s)
		m := MaskPhone(s)
		if utf8.RuneCountInString(m) != utf8.RuneCountInString(s) {
			t.Errorf("MaskPhone(%q) = %q: length changed", s, m)
		}
		_ = CheckPhone(NormalizePhone(s))
		if err != nil {
			return
		}
		if !strings.Contains(m, "***") {
			t.Errorf("CheckPhone(%q) ok but MaskPhone = %q hides nothing", s, m)
		}
		if NormalizePhone(s) != s {
			t.Errorf("CheckPhone(%q) ok but NormalizePhone changes it to %q", s, NormalizePhone(s))
		}
		// The last four digits of the number proper stay visible.
		digits := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, s)
		if len(digits) < 10 {
			t.Errorf("CheckPhone(%q) ok with only %d digits", s, len(digits))
		}
	})
}
