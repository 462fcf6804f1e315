package model

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Now is today's date as the rules see it ("not in the future"). It is a variable so that
// tests, and the store's tests, can pin the day.
var Now = Today

// Limits on free text. Text is otherwise kept exactly as typed: emoji, 繁體字 and anything
// that looks like SQL are just text, because the store never builds SQL from it.
const (
	MaxSummaryRunes = 4000
	MaxDemandsRunes = 4000
	MaxNameRunes    = 50
	MaxAddressRunes = 200  // 住址
	MaxTextRunes    = 4000 // 备注、决定理由、答复内容
	MaxHeadCount    = 100000
	MaxGroupReps    = 5 // 集体访 representatives, 条例第20条
	GroupHeadCount  = 5 // five or more people on one matter is a 集体访
)

// FieldError is one problem with one form field. Field is the Chinese label the form shows
// (e.g. 事项摘要), so the screen can put the message beside the field.
type FieldError struct {
	Field string
	Msg   string
	// Code names the check that failed (one of ValidationCodes), and Args are the values
	// the message quotes, by name, so that a screen can say the same in another language.
	// Both are empty when the error was built from a message alone.
	Code string
	Args map[string]any
}

// ValidationCodes are the codes FieldError.Code takes for the checks of Case.Validate,
// Petitioner.Validate, ValidateGroup, CheckIDNumber and CheckPhone. A screen that
// translates messages keeps a text for each.
var ValidationCodes = []string{
	"choose_channel", "required_received", "future_date", "before_1900", "choose_category",
	"choose_street", "required_summary", "head_count_min", "head_count_max", "choose_target",
	"bad_status", "choose_decision", "choose_reply", "choose_rating",
	"decided_before_received", "closed_before_decided", "closed_before_received",
	"text_nul", "text_encoding", "too_long",
	"required_name", "name_letters", "choose_id_kind",
	"no_petitioner", "too_many_reps", "head_count_below", "duplicate_id",
	"id_required", "id_encoding", "id_length", "id_lower_x", "id_fullwidth", "id_last_char",
	"id_char", "id_region", "id_birth_date", "id_birth_1900", "id_birth_future", "id_checksum",
	"phone_required", "phone_ext", "phone_mobile_hyphen", "phone_fullwidth", "phone_char",
	"phone_mobile_ext", "phone_mobile_length", "phone_mobile_prefix", "phone_short",
	"phone_no_area", "phone_invalid", "phone_area", "phone_local_length", "phone_local_zero",
}

// problem is one failed check: its code, the values its message quotes, and the message.
// CheckIDNumber and CheckPhone return it as their error, so that FieldErrorOf can carry
// the code on.
type problem struct {
	code string
	args map[string]any
	msg  string
}

func (p *problem) Error() string { return p.msg }

// on places the problem on a field.
func (p *problem) on(field string) FieldError {
	return FieldError{Field: field, Msg: p.msg, Code: p.code, Args: p.args}
}

// fail builds a problem; format and a make the message exactly as before codes existed.
func fail(code string, args map[string]any, format string, a ...any) *problem {
	msg := format
	if len(a) > 0 {
		msg = fmt.Sprintf(format, a...)
	}
	return &problem{code: code, args: args, msg: msg}
}

// FieldErrorOf places err, as returned by CheckIDNumber or CheckPhone, on a field, with
// its code and values when it has them.
func FieldErrorOf(field string, err error) FieldError {
	var p *problem
	if errors.As(err, &p) {
		return p.on(field)
	}
	return FieldError{Field: field, Msg: err.Error()}
}

func (e FieldError) Error() string { return e.Field + "：" + e.Msg }

// ValidationError lists every problem found, in form order, so the clerk fixes them all at
// once rather than one per save.
type ValidationError []FieldError

// Error joins the problems: 事项摘要：不能为空，请填写…；问题类别：请选择问题类别
func (v ValidationError) Error() string {
	parts := make([]string, len(v))
	for i, e := range v {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "；")
}

// Msg returns the message for one field, or "" when that field is fine, for forms that show
// each message beside its field.
func (v ValidationError) Msg(field string) string {
	for _, e := range v {
		if e.Field == field {
			return e.Msg
		}
	}
	return ""
}

// asError returns nil for an empty list: a nil ValidationError in an error interface would
// not compare equal to nil.
func (v ValidationError) asError() error {
	if len(v) == 0 {
		return nil
	}
	return v
}

// Validate checks a case as registered: the fields a clerk must fill, their limits, and that
// the dates recorded so far are in order.
func (c Case) Validate() error {
	var v ValidationError
	add := func(field string, p *problem) { v = append(v, p.on(field)) }
	if !c.Channel.Valid() {
		add("信访形式", fail("choose_channel", nil, "请选择 来信、来访、网上信访、来电、12345热线、领导接访、网格员代办 或 其他"))
	}
	today := Now()
	switch {
	case c.ReceivedOn.IsZero():
		add("登记日期", fail("required_received", nil, "不能为空，请填写收到信访事项的日期"))
	case c.ReceivedOn.After(today):
		add("登记日期", fail("future_date", map[string]any{"Date": c.ReceivedOn, "Today": today}, "%s 晚于今天（%s），请核对", c.ReceivedOn, today))
	case c.ReceivedOn.Year() < 1900:
		add("登记日期", fail("before_1900", map[string]any{"Date": c.ReceivedOn}, "%s 早于1900年，请核对", c.ReceivedOn))
	}
	if c.CategoryID <= 0 {
		add("问题类别", fail("choose_category", nil, "请选择问题类别"))
	}
	if c.StreetID <= 0 {
		add("所属街道", fail("choose_street", nil, "请选择所属街道"))
	}
	if p := checkText(c.Summary, MaxSummaryRunes, fail("required_summary", nil, "不能为空，请填写信访事项的主要内容")); p != nil {
		add("事项摘要", p)
	}
	if p := checkText(c.Demands, MaxDemandsRunes, nil); p != nil {
		add("诉求", p)
	}
	switch {
	case c.HeadCount < 1:
		add("人数", fail("head_count_min", nil, "至少为1，请填写来信来访的人数"))
	case c.HeadCount > MaxHeadCount:
		add("人数", fail("head_count_max", map[string]any{"N": c.HeadCount, "Max": MaxHeadCount}, "%d 超过上限%d，请核对", c.HeadCount, MaxHeadCount))
	}
	if !c.Target.Valid() {
		add("内部时限", fail("choose_target", nil, "请选择 无、即时办结、日清日结 或 5日办结"))
	}
	if c.Status != "" && !c.Status.Valid() {
		add("办理状态", fail("bad_status", map[string]any{"Status": string(c.Status)}, "「%s」无效", c.Status))
	}
	if c.Decision != "" && !c.Decision.Valid() {
		add("受理决定", fail("choose_decision", nil, "请选择 受理、不予受理、转送 或 交办"))
	}
	if c.ReplyKind != "" && !c.ReplyKind.Valid() {
		add("处理意见", fail("choose_reply", nil, "请选择 支持、解释说明 或 不予支持"))
	}
	if !c.Rating.Valid() {
		add("满意度", fail("choose_rating", nil, "请选择 满意、基本满意、不满意 或 未评价"))
	}
	if !c.DecidedOn.IsZero() && !c.ReceivedOn.IsZero() && c.DecidedOn.Before(c.ReceivedOn) {
		add("决定日期", fail("decided_before_received", map[string]any{"Date": c.DecidedOn, "Received": c.ReceivedOn}, "%s 早于登记日期 %s，请核对", c.DecidedOn, c.ReceivedOn))
	}
	if !c.ClosedOn.IsZero() {
		if !c.DecidedOn.IsZero() && c.ClosedOn.Before(c.DecidedOn) {
			add("办结日期", fail("closed_before_decided", map[string]any{"Date": c.ClosedOn, "Decided": c.DecidedOn}, "%s 早于决定日期 %s，请核对", c.ClosedOn, c.DecidedOn))
		} else if !c.ReceivedOn.IsZero() && c.ClosedOn.Before(c.ReceivedOn) {
			add("办结日期", fail("closed_before_received", map[string]any{"Date": c.ClosedOn, "Received": c.ReceivedOn}, "%s 早于登记日期 %s，请核对", c.ClosedOn, c.ReceivedOn))
		}
	}
	for _, f := range []struct {
		field, text string
		max         int
	}{
		{"信访编号", c.No, MaxNameRunes}, {"决定理由", c.DecisionReason, MaxTextRunes},
		{"答复内容", c.ReplyText, MaxTextRunes}, {"备注", c.Note, MaxTextRunes},
	} {
		if p := checkText(f.text, f.max, nil); p != nil {
			add(f.field, p)
		}
	}
	return v.asError()
}

// Validate checks a petitioner: a real name, a 居民身份证号 that passes its checks, and a
// phone number that is a phone number.
func (p Petitioner) Validate() error {
	var v ValidationError
	switch bad := checkText(p.Name, MaxNameRunes, fail("required_name", nil, "不能为空，请填写信访人姓名")); {
	case bad != nil:
		v = append(v, bad.on("姓名"))
	case !strings.ContainsFunc(p.Name, unicode.IsLetter):
		v = append(v, fail("name_letters", nil, "须包含汉字或字母，不能只填数字或符号").on("姓名"))
	}
	kind := p.IDKind
	if kind == "" && LooksLikeResidentID(p.IDNumber) {
		kind = IDResident
	}
	if kind != "" && !kind.Valid() {
		v = append(v, fail("choose_id_kind", nil, "请选择 居民身份证、护照、港澳居民来往内地通行证、台湾居民来往大陆通行证 或 其他证件").on("证件类型"))
	}
	if p.IDNumber != "" {
		if kind == IDResident {
			if err := CheckIDNumber(p.IDNumber); err != nil {
				v = append(v, FieldErrorOf("证件号码", err))
			}
		} else if bad := checkText(p.IDNumber, MaxNameRunes, nil); bad != nil {
			v = append(v, bad.on("证件号码"))
		}
	}
	if p.Phone != "" {
		if err := CheckPhone(p.Phone); err != nil {
			v = append(v, FieldErrorOf("联系电话", err))
		}
	}
	if bad := checkText(p.Address, MaxAddressRunes, nil); bad != nil {
		v = append(v, bad.on("住址"))
	}
	return v.asError()
}

// ValidateGroup checks the petitioners of one case against its head count: at least one
// petitioner, no more recorded than came, no document number twice, and for a 集体访 (five
// or more people) at most five representatives (条例第20条), the lead petitioner included.
func ValidateGroup(headCount int, petitioners []Petitioner) error {
	var v ValidationError
	n := len(petitioners)
	if n == 0 {
		v = append(v, fail("no_petitioner", nil, "至少填写一名信访人").on("信访人"))
	}
	if headCount >= GroupHeadCount && n > MaxGroupReps {
		v = append(v, fail("too_many_reps", map[string]any{"Max": MaxGroupReps, "N": n},
			"集体访最多登记%d名代表（《信访工作条例》第二十条），现为%d名，请删去多余的", MaxGroupReps, n).on("信访人"))
	}
	if n > 0 && headCount < n {
		v = append(v, fail("head_count_below", map[string]any{"HeadCount": headCount, "N": n},
			"%d 少于已登记的信访人数 %d，请核对人数", headCount, n).on("人数"))
	}
	seen := make(map[string]int, n)
	for i, p := range petitioners {
		if p.IDNumber == "" {
			continue
		}
		if j, dup := seen[p.IDNumber]; dup {
			masked := MaskIDNumber(p.IDNumber)
			v = append(v, fail("duplicate_id", map[string]any{"First": j + 1, "Second": i + 1, "ID": masked},
				"第%d名和第%d名信访人的证件号码相同（%s），请核对", j+1, i+1, masked).on("证件号码"))
			continue
		}
		seen[p.IDNumber] = i
	}
	return v.asError()
}

// checkText returns why a text field is not acceptable, or nil. A required field (one with
// a blank problem) may not be blank: nothing but spaces, including the full-width space, and
// invisible format characters (zero-width spaces and joiners, byte-order marks, the
// direction marks and overrides of right-to-left text) that come along when text is
// pasted from documents.
func checkText(s string, max int, blank *problem) *problem {
	if p := badChars(s); p != nil {
		return p
	}
	if blank != nil && isBlank(s) {
		return blank
	}
	if n := utf8.RuneCountInString(s); n > max {
		return fail("too_long", map[string]any{"Max": max, "N": n}, "不能超过%d字，现为%d字，请精简（详细材料可作为附件上传）", max, n)
	}
	return nil
}

// badChars rejects what neither database can store as text: NUL bytes (PostgreSQL refuses
// them, and SQLite would cut the text short in some tools) and invalid UTF-8.
func badChars(s string) *problem {
	if strings.IndexByte(s, 0) >= 0 {
		return fail("text_nul", nil, "含有无效的空字符（NUL），请删除后重新输入")
	}
	if !utf8.ValidString(s) {
		return fail("text_encoding", nil, "含有无法识别的字符（编码错误），请删除后重新输入")
	}
	return nil
}

// IsBlank reports whether s holds nothing a reader would see: spaces and invisible
// format characters only (see checkText). The ledger import checks required cells with it,
// so that a cell is blank exactly when the form's field would be.
func IsBlank(s string) bool { return isBlank(s) }

func isBlank(s string) bool {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r)
	}) == ""
}
