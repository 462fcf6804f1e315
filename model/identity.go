package model

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Identity numbers and phones: the checks the registration form runs as the clerk types,
// and the masks the ledger shows to accounts that may not see them in full.
//
// Policy on the check character: CheckIDNumber rejects a lowercase x. The stored number is
// what repeat-petitioner matching compares, so there must be one spelling; input fields run
// NormalizeIDNumber first, which upper-cases it, so the clerk never sees the error unless
// the number arrives some other way (an import, the command line).

// idWeights are the GB 11643 weights of the first 17 digits.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// idCheckChars maps the weighted sum mod 11 to the check character.
const idCheckChars = "10X98765432"

// idProvinces are the first two digits of a region code: the 31 provincial-level divisions,
// plus 71 台湾 and 81/82/83 used by the residence permits of 港澳台 residents.
var idProvinces = map[string]string{
	"11": "北京", "12": "天津", "13": "河北", "14": "山西", "15": "内蒙古",
	"21": "辽宁", "22": "吉林", "23": "黑龙江",
	"31": "上海", "32": "江苏", "33": "浙江", "34": "安徽", "35": "福建", "36": "江西", "37": "山东",
	"41": "河南", "42": "湖北", "43": "湖南", "44": "广东", "45": "广西", "46": "海南",
	"50": "重庆", "51": "四川", "52": "贵州", "53": "云南", "54": "西藏",
	"61": "陕西", "62": "甘肃", "63": "青海", "64": "宁夏", "65": "新疆",
	"71": "台湾", "81": "香港", "82": "澳门", "83": "台湾",
}

// IDCheckChar is the GB 11643 check character ('0'–'9' or 'X') for the first 17 digits of
// a 居民身份证号. It returns 0 when body does not start with 17 ASCII digits.
func IDCheckChar(body string) byte {
	if len(body) < 17 {
		return 0
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := body[i]
		if c < '0' || c > '9' {
			return 0
		}
		sum += int(c-'0') * idWeights[i]
	}
	return idCheckChars[sum%11]
}

// CheckIDNumber checks an 18-character 居民身份证号: digits with a final digit or uppercase
// X, a plausible region code, a real birth date between 1900 and today, and the GB 11643
// check character. The error says, in Chinese, what is wrong and how to fix it.
func CheckIDNumber(s string) error {
	if s == "" {
		return fail("id_required", nil, "身份证号不能为空，请填写18位居民身份证号")
	}
	if !utf8.ValidString(s) {
		return fail("id_encoding", nil, "身份证号含有无效字符，请重新输入")
	}
	if n := utf8.RuneCountInString(s); n != 18 {
		return fail("id_length", map[string]any{"N": n}, "身份证号应为18位，现为%d位，请核对是否漏填或多填", n)
	}
	if s[17] == 'x' && isDigits(s[:17]) {
		return fail("id_lower_x", nil, "身份证号末位校验码请用大写字母 X，不要用小写 x")
	}
	for i, r := range []rune(s) {
		if r >= '0' && r <= '9' || i == 17 && r == 'X' {
			continue
		}
		if r >= '０' && r <= '９' || r == 'Ｘ' || r == 'ｘ' {
			return fail("id_fullwidth", map[string]any{"Pos": i + 1, "Char": string(r)}, "身份证号第%d位「%c」是全角字符，请切换到半角输入", i+1, r)
		}
		if i == 17 {
			return fail("id_last_char", map[string]any{"Char": string(r)}, "身份证号末位「%c」无效：末位只能是数字或大写字母 X", r)
		}
		return fail("id_char", map[string]any{"Pos": i + 1, "Char": string(r)}, "身份证号第%d位「%c」无效：前17位只能是数字", i+1, r)
	}
	if _, ok := idProvinces[s[:2]]; !ok {
		return fail("id_region", map[string]any{"Region": s[:6]}, "身份证号前6位地区码「%s」无效：前两位应为省级行政区代码（如 11 北京、44 广东），请核对", s[:6])
	}
	birth, err := time.Parse("20060102", s[6:14])
	if err != nil {
		return fail("id_birth_date", map[string]any{"Birth": s[6:14]}, "身份证号第7至14位的出生日期「%s」不是真实日期，请核对", s[6:14])
	}
	if birth.Year() < 1900 {
		return fail("id_birth_1900", map[string]any{"Birth": s[6:14]}, "身份证号中的出生日期「%s」早于1900年，请核对第7至14位", s[6:14])
	}
	if today := Now(); DateOf(birth).After(today) {
		return fail("id_birth_future", map[string]any{"Birth": s[6:14]}, "身份证号中的出生日期「%s」晚于今天，请核对第7至14位", s[6:14])
	}
	if want := IDCheckChar(s); s[17] != want {
		return fail("id_checksum", map[string]any{"Want": string(rune(want)), "Got": string(rune(s[17]))}, "身份证号校验码不符：按前17位末位应为「%c」，现为「%c」，请核对号码是否抄错", want, s[17])
	}
	return nil
}

// NormalizeIDNumber tidies what a clerk typed or pasted: surrounding spaces go, full-width
// digits and letters become half-width, and letters are upper-cased (the check character X,
// and passport or permit numbers, which are written in capitals).
func NormalizeIDNumber(s string) string {
	s = strings.TrimSpace(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = halfWidth(r)
		if r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// LooksLikeResidentID reports whether s has the shape of a 居民身份证号: 17 digits and a
// final digit or X (either case, so that a lowercase x is checked and explained rather than
// filed as another document). Anything else is kept as another document's number (LEDGER.md).
func LooksLikeResidentID(s string) bool {
	if len(s) != 18 || !isDigits(s[:17]) {
		return false
	}
	c := s[17]
	return c >= '0' && c <= '9' || c == 'X' || c == 'x'
}

// NormalizePhone tidies a typed or pasted phone number: spaces go, full-width digits and
// dashes become half-width, and a +86/0086 country prefix before a mobile number is dropped.
func NormalizePhone(s string) string {
	var b strings.Builder
	for _, r := range s {
		r = halfWidth(r)
		switch {
		case unicode.IsSpace(r):
			continue
		case r == '—' || r == '–' || r == '－':
			r = '-'
		}
		b.WriteRune(r)
	}
	out := b.String()
	for _, p := range []string{"+86-", "+86", "0086-", "0086"} {
		if rest, ok := strings.CutPrefix(out, p); ok && len(rest) == 11 && rest[0] == '1' && isDigits(rest) {
			return rest
		}
	}
	return out
}

// CheckPhone checks a contact number: a mainland mobile (1[3-9] and 9 more digits) or a
// landline with its area code (3 digits for 010 and 02X, 4 otherwise) and a 7- or 8-digit
// number, with or without a hyphen after the area code, optionally followed by an
// extension (-123, 转123 or #123).
func CheckPhone(s string) error {
	if _, bad := parsePhone(s); bad != nil {
		return bad
	}
	return nil
}

// phone is a parsed contact number.
type phone struct {
	mobile      bool
	area, local string // landline only
	hyphen      bool   // written with a hyphen after the area code
	extSep, ext string // extension and how it was introduced
}

// parsePhone splits a number into its parts, or returns the problem with it, whose message
// says in Chinese what is wrong.
func parsePhone(s string) (phone, *problem) {
	const example = "手机号如 13812345678，固定电话须带区号，如 010-12345678"
	if s == "" {
		return phone{}, fail("phone_required", nil, "联系电话不能为空")
	}
	var p phone
	main := s
	for _, sep := range []string{"转", "#", "-"} {
		i := strings.LastIndex(main, sep)
		if i < 0 {
			continue
		}
		// A hyphen is an extension only after a complete landline number, never the
		// hyphen that follows the area code.
		if sep == "-" && !isExtensionHyphen(main[:i]) {
			continue
		}
		p.extSep, p.ext, main = sep, main[i+len(sep):], main[:i]
		if p.ext == "" || len(p.ext) > 6 || !isDigits(p.ext) {
			return phone{}, fail("phone_ext", map[string]any{"Ext": p.ext}, "分机号「%s」无效：分机号应为1至6位数字", p.ext)
		}
		break
	}
	area, local, hyphen := "", main, false
	if i := strings.IndexByte(main, '-'); i >= 0 {
		area, local, hyphen = main[:i], main[i+1:], true
	}
	if hyphen && strings.HasPrefix(area, "1") {
		return phone{}, fail("phone_mobile_hyphen", nil, "手机号请连续填写11位数字，不要加连字符")
	}
	for _, r := range area + local {
		if r < '0' || r > '9' {
			if r >= '０' && r <= '９' {
				return phone{}, fail("phone_fullwidth", map[string]any{"Phone": s}, "联系电话「%s」含全角数字，请切换到半角输入", s)
			}
			return phone{}, fail("phone_char", map[string]any{"Phone": s, "Char": string(r)}, "联系电话「%s」含有「%c」：只能填写数字，区号后可加连字符「-」；%s", s, r, example)
		}
	}
	if !hyphen {
		switch {
		case strings.HasPrefix(local, "1"):
			if p.ext != "" {
				return phone{}, fail("phone_mobile_ext", nil, "手机号不能带分机号，请删除分机号")
			}
			if len(local) != 11 {
				return phone{}, fail("phone_mobile_length", map[string]any{"N": len(local)}, "手机号应为11位数字，现为%d位，请核对", len(local))
			}
			if local[1] < '3' {
				return phone{}, fail("phone_mobile_prefix", map[string]any{"Phone": local}, "手机号「%s」无效：第二位应为3至9，请核对", local)
			}
			p.mobile, p.local = true, local
			return p, nil
		case strings.HasPrefix(local, "0"):
			n := areaCodeLen(local)
			if len(local) <= n {
				return phone{}, fail("phone_short", map[string]any{"Phone": s}, "联系电话「%s」太短：%s", s, example)
			}
			area, local = local[:n], local[n:]
		case len(local) == 7 || len(local) == 8:
			return phone{}, fail("phone_no_area", map[string]any{"Phone": s, "Local": local}, "固定电话「%s」缺少区号，请在前面加上区号，例如 010-%s", s, local)
		default:
			return phone{}, fail("phone_invalid", map[string]any{"Phone": s}, "联系电话「%s」无效：%s", s, example)
		}
	}
	if len(area) < 3 || len(area) > 4 || area[0] != '0' || area[1] == '0' || len(area) != areaCodeLen(area) {
		return phone{}, fail("phone_area", map[string]any{"Area": area}, "区号「%s」无效：区号以0开头，北京、天津、上海、重庆及02X为3位（如 010、021），其他为4位（如 0755）", area)
	}
	if len(local) < 7 || len(local) > 8 {
		return phone{}, fail("phone_local_length", map[string]any{"Local": local, "N": len(local)}, "固定电话号码「%s」应为7或8位（不含区号），现为%d位，请核对", local, len(local))
	}
	if local[0] == '0' {
		return phone{}, fail("phone_local_zero", map[string]any{"Local": local}, "固定电话号码「%s」无效：区号后的号码不以0开头，请检查区号是否填了两次", local)
	}
	p.area, p.local, p.hyphen = area, local, hyphen
	return p, nil
}

// areaCodeLen is how long the area code at the start of a landline number is: 3 digits for
// 010 and 020–029 (the direct-controlled municipalities and the large cities), else 4.
func areaCodeLen(digits string) int {
	if len(digits) >= 2 && (digits[1] == '1' || digits[1] == '2') {
		return 3
	}
	return 4
}

// isExtensionHyphen reports whether a hyphen after head separates an extension: head is
// then a whole landline number, with or without its own area-code hyphen.
func isExtensionHyphen(head string) bool {
	digits := strings.Replace(head, "-", "", 1)
	if !isDigits(digits) || !strings.HasPrefix(digits, "0") {
		return false
	}
	n := len(digits) - areaCodeLen(digits)
	if i := strings.IndexByte(head, '-'); i >= 0 {
		n = len(head) - i - 1
	}
	return n >= 7 && n <= 8
}

// MaskIDNumber hides the middle of a document number for display: an 18-character
// 居民身份证号 keeps the first 6 (region) and last 4 characters, 110105********123X; other
// numbers keep the first 2 and last 2; four characters or fewer are hidden entirely. The
// length is kept, so the mask does not reveal less or more than the number's shape.
func MaskIDNumber(s string) string {
	r := []rune(s)
	switch {
	case len(r) == 18:
		return maskRunes(r, 6, 4)
	case len(r) <= 4:
		return maskRunes(r, 0, 0)
	}
	return maskRunes(r, 2, 2)
}

// MaskPhone hides the middle of a phone number: mobiles keep the first 3 and last 4
// (138****5678), landlines keep the area code and the last 4 (010-****5678) and any
// extension; anything else keeps the first 2 and last 2.
func MaskPhone(s string) string {
	p, bad := parsePhone(s)
	if bad != nil {
		r := []rune(s)
		if len(r) <= 4 {
			return maskRunes(r, 0, 0)
		}
		return maskRunes(r, 2, 2)
	}
	if p.mobile {
		return maskRunes([]rune(p.local), 3, 4)
	}
	out := p.area
	if p.hyphen {
		out += "-"
	}
	out += maskRunes([]rune(p.local), 0, 4)
	if p.ext != "" {
		out += p.extSep + p.ext
	}
	return out
}

func maskRunes(r []rune, head, tail int) string {
	out := make([]rune, len(r))
	for i := range r {
		if i < head || i >= len(r)-tail {
			out[i] = r[i]
		} else {
			out[i] = '*'
		}
	}
	return string(out)
}

// halfWidth maps a full-width ASCII form (Ａ, ０, －) to its half-width character and the
// ideographic space to a plain space; other runes are returned unchanged.
func halfWidth(r rune) rune {
	switch {
	case r >= '！' && r <= '～':
		return r - 0xFEE0
	case r == '\u3000':
		return ' '
	}
	return r
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
