package ledgerio

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"baoan/model"
)

// rowParse collects one row's values and errors.
type rowParse struct {
	p     *parser
	line  int
	cells []string
	errs  model.RowErrors
}

func (r *rowParse) fail(h, value, expected string, args ...any) {
	if len(args) > 0 {
		expected = fmt.Sprintf(expected, args...)
	}
	if dateColumns[h] {
		// A date cell holds a serial number: show the day it stands for.
		if d, ok := parseDate(value, r.p.date1904); ok {
			value = d.String()
		}
	}
	r.errs = append(r.errs, model.RowError{Row: r.line, Header: h, Value: value, Expected: expected})
}

func (r *rowParse) text(h string) string { return r.p.cell(r.cells, h) }

// date reads a date column; a blank required one and an unreadable one are errors.
func (r *rowParse) date(h string, required bool) model.Date {
	v := r.text(h)
	if v == "" {
		if required {
			r.fail(h, v, "不能为空：请填写日期，例如 2026-10-08")
		}
		return model.Date{}
	}
	d, ok := parseDate(v, r.p.date1904)
	if !ok {
		r.fail(h, v, "不是有效的日期：请写成 2026-10-08、2026/10/8、2026.10.8 或 2026年10月8日，或设为 Excel 日期格式")
		return model.Date{}
	}
	if d.After(r.p.today) {
		r.fail(h, v, "晚于今天（%s）：台账只记录已经发生的事，请核对日期", r.p.today)
		return model.Date{}
	}
	return d
}

// plain reads a free-text column, refusing what no database can store and text longer
// than limit characters (0: no limit beyond the model's).
func (r *rowParse) plain(h string, limit int) string {
	v := r.text(h)
	switch {
	case strings.IndexByte(v, 0) >= 0 || !utf8.ValidString(v):
		r.fail(h, clip(v), "含有无法识别的字符：请删除后重新输入")
		return ""
	case limit > 0 && utf8.RuneCountInString(v) > limit:
		r.fail(h, clip(v), "不能超过%d字，现为%d字：请精简", limit, utf8.RuneCountInString(v))
		return ""
	}
	return v
}

// clip shortens a long value for the error list.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	return string([]rune(s)[:40]) + "…"
}

func (r *rowParse) flag(h string) (yes, given bool) {
	v := r.text(h)
	if v == "" {
		return false, false
	}
	yes, ok := parseYesNo(v)
	if !ok {
		r.fail(h, v, "应为 是 或 否（也可写 Y/N、1/0），不确定时请留空")
		return false, false
	}
	return yes, true
}

// row reads one data row. It returns the row's errors, none when the row is good.
func (p *parser) row(line int, cells []string) (model.LedgerRow, model.RowErrors) {
	r := &rowParse{p: p, line: line, cells: cells}
	out := model.LedgerRow{Line: line}
	c := &out.Case

	c.No = r.plain(model.HdrNo, model.MaxNameRunes)
	c.ReceivedOn = r.date(model.HdrReceived, true)
	if v := r.text(model.HdrChannel); v == "" {
		r.fail(model.HdrChannel, v, "不能为空：%s", channelChoices)
	} else if ch, err := model.ParseChannel(normalize(v)); err != nil {
		r.fail(model.HdrChannel, v, "不是有效的信访形式：%s", channelChoices)
	} else {
		c.Channel = ch
	}

	out.Petitioners = r.petitioners()
	c.HeadCount = 1
	if v := r.text(model.HdrHeadCount); v != "" {
		n, ok := parseCount(v)
		switch {
		case !ok:
			r.fail(model.HdrHeadCount, v, "应为整数人数，例如 1 或 12；一人时可留空")
		case n < 1 || n > model.MaxHeadCount:
			r.fail(model.HdrHeadCount, v, "应在 1 到 %d 之间", model.MaxHeadCount)
		default:
			c.HeadCount = n
		}
	}
	if len(out.Petitioners) > 0 && r.text(model.HdrHeadCount) == "" {
		c.HeadCount = len(out.Petitioners)
	}

	out.Street = r.required(model.HdrStreet, "请填写事项所属的街道（乡镇）")
	out.Community = r.plain(model.HdrCommunity, model.MaxNameRunes)
	out.Category = r.required(model.HdrCategory, "请填写问题类别")
	c.Summary = r.plain(model.HdrSummary, model.MaxSummaryRunes)
	if blank(c.Summary) && r.text(model.HdrSummary) == c.Summary {
		r.fail(model.HdrSummary, r.text(model.HdrSummary), "不能为空：请填写信访事项的主要内容")
	}
	c.Demands = r.plain(model.HdrDemands, model.MaxDemandsRunes)

	r.decision(c)
	out.Unit = r.plain(model.HdrUnit, model.MaxNameRunes)
	out.Leaders = splitNames(r.plain(model.HdrLeader, 0))
	for _, l := range out.Leaders {
		if utf8.RuneCountInString(l) > model.MaxNameRunes {
			r.fail(model.HdrLeader, clip(l), "领导姓名不能超过%d字", model.MaxNameRunes)
		}
	}
	r.handling(c)
	r.closure(&out)

	if yes, given := r.flag(model.HdrRepeat); given {
		c.Repeat, out.RepeatGiven = yes, true
	}
	c.Backlog, _ = r.flag(model.HdrBacklog)
	c.Note = r.plain(model.HdrNote, model.MaxSummaryRunes)

	if len(out.Petitioners) > 0 {
		r.group(c.HeadCount, out.Petitioners)
	}
	r.duplicate(&out)
	return out, r.errs
}

const channelChoices = "应为 来信、来访、网上信访、来电、12345热线、领导接访、网格员代办 或 其他"

func blank(s string) bool { return model.IsBlank(s) }

// required reads a dictionary name that must be there.
func (r *rowParse) required(h, how string) string {
	v := r.plain(h, model.MaxNameRunes)
	if v == "" && r.text(h) == "" {
		r.fail(h, "", "不能为空：%s", how)
	}
	return v
}

// petitioners reads 信访人 and the per-person 证件号码, 联系电话 and 住址.
func (r *rowParse) petitioners() []model.Petitioner {
	raw := r.text(model.HdrPetitioners)
	names := splitNames(raw)
	if len(names) == 0 {
		r.fail(model.HdrPetitioners, raw, "不能为空：请填写信访人姓名，多人用顿号「、」分隔，第一位为第一信访人")
		return nil
	}
	ps := make([]model.Petitioner, len(names))
	for i, n := range names {
		ps[i] = model.Petitioner{Name: n, IDKind: model.IDResident}
	}
	ids := r.perPerson(model.HdrIDNumber, len(ps), true)
	phones := r.perPerson(model.HdrPhone, len(ps), true)
	addrs := r.perPerson(model.HdrAddress, len(ps), false)
	bad := false
	for i := range ps {
		p := &ps[i]
		if i < len(ids) {
			p.IDNumber = model.NormalizeIDNumber(ids[i])
			if p.IDNumber != "" && !model.LooksLikeResidentID(p.IDNumber) {
				p.IDKind = model.IDOther
			}
			if scientific.MatchString(p.IDNumber) {
				r.fail(model.HdrIDNumber, ids[i], "证件号码被 Excel 存成了数字，末几位已经丢失：请把该列设为「文本」格式后重新填写完整号码")
				bad = true
				continue
			}
		}
		if i < len(phones) {
			p.Phone = model.NormalizePhone(phones[i])
		}
		if i < len(addrs) {
			p.Address = addrs[i]
		}
		who := ""
		if len(ps) > 1 {
			who = fmt.Sprintf("第%d名信访人：", i+1)
		}
		if err := p.Validate(); err != nil {
			bad = true
			for _, fe := range err.(model.ValidationError) {
				h, v := model.HdrPetitioners, p.Name
				switch fe.Field {
				case "证件类型", "证件号码":
					h, v = model.HdrIDNumber, p.IDNumber
				case "联系电话":
					h, v = model.HdrPhone, p.Phone
				case "住址":
					h, v = model.HdrAddress, clip(p.Address)
				}
				r.fail(h, v, "%s%s", who, fe.Msg)
			}
		}
	}
	if bad {
		return nil
	}
	return ps
}

// perPerson splits a per-person column: one value per petitioner in the order of the
// names, the ones at the end that are missing being blank. A single value is the lead's.
func (r *rowParse) perPerson(h string, n int, list bool) []string {
	v := r.p.rawCell(r.cells, h)
	parts := splitPerPerson(v, list)
	if len(parts) <= n {
		return parts
	}
	r.fail(h, clip(v), "本行有%d名信访人，此列最多填%d个（按信访人顺序，用换行分隔），现为%d个", n, n, len(parts))
	return nil
}

// group checks the petitioners against the head count (集体访 representatives, no ID
// number twice).
func (r *rowParse) group(headCount int, ps []model.Petitioner) {
	err := model.ValidateGroup(headCount, ps)
	if err == nil {
		return
	}
	for _, fe := range err.(model.ValidationError) {
		switch fe.Field {
		case "人数":
			r.fail(model.HdrHeadCount, r.text(model.HdrHeadCount), "%s", fe.Msg)
		case "证件号码":
			r.fail(model.HdrIDNumber, clip(r.text(model.HdrIDNumber)), "%s", fe.Msg)
		default:
			r.fail(model.HdrPetitioners, clip(r.text(model.HdrPetitioners)), "%s", fe.Msg)
		}
	}
}

// decision reads 受理情况 and 受理日期, which go together.
func (r *rowParse) decision(c *model.Case) {
	v := r.text(model.HdrDecision)
	if v != "" {
		d, err := model.ParseDecision(normalize(v))
		if err != nil {
			r.fail(model.HdrDecision, v, "应为 受理、不予受理、转送 或 交办；尚未决定时请留空")
		}
		c.Decision = d
	}
	c.DecidedOn = r.date(model.HdrDecidedOn, false)
	raw := r.text(model.HdrDecidedOn)
	switch {
	case c.Decision != "" && raw == "":
		r.fail(model.HdrDecidedOn, "", "受理情况为「%s」时须填写作出决定的日期", c.Decision.Label())
	case v == "" && raw != "":
		r.fail(model.HdrDecision, "", "填写了受理日期，请同时填写受理情况（受理、不予受理、转送 或 交办）")
	case !c.DecidedOn.IsZero() && !c.ReceivedOn.IsZero() && c.DecidedOn.Before(c.ReceivedOn):
		r.fail(model.HdrDecidedOn, raw, "早于登记日期 %s：请核对日期", c.ReceivedOn)
	}
}

// handles reports whether the decision starts the reply clock (受理 or 交办).
func handles(d model.Decision) bool { return d == model.DecisionAccept || d == model.DecisionAssign }

// handling reads 办理期限 and 延期至.
func (r *rowParse) handling(c *model.Case) {
	rawDue, rawExt := r.text(model.HdrReplyDue), r.text(model.HdrExtendedDue)
	if rawDue != "" {
		if d, ok := parseDate(rawDue, r.p.date1904); !ok {
			r.fail(model.HdrReplyDue, rawDue, "不是有效的日期：请写成 2026-10-08 这样的日期，或留空由系统按条例计算")
		} else {
			c.ReplyDue = d
		}
	}
	if rawExt != "" {
		if d, ok := parseDate(rawExt, r.p.date1904); !ok {
			r.fail(model.HdrExtendedDue, rawExt, "不是有效的日期：请写成 2026-10-08 这样的日期")
		} else {
			c.ExtendedDue = d
		}
	}
	if c.Decision != "" && !handles(c.Decision) {
		if rawDue != "" {
			r.fail(model.HdrReplyDue, rawDue, "受理情况为「%s」的事项没有办理期限：请删去，或核对受理情况", c.Decision.Label())
		}
		if rawExt != "" {
			r.fail(model.HdrExtendedDue, rawExt, "受理情况为「%s」的事项不能延期：请删去，或核对受理情况", c.Decision.Label())
		}
		return
	}
	if c.Decision == "" {
		if r.text(model.HdrDecision) != "" {
			return // an unreadable decision is reported already
		}
		if rawDue != "" {
			r.fail(model.HdrReplyDue, rawDue, "尚未受理的事项没有办理期限：请填写受理情况和受理日期，或删去办理期限")
		}
		if rawExt != "" {
			r.fail(model.HdrExtendedDue, rawExt, "尚未受理的事项不能延期：请填写受理情况和受理日期，或删去延期日期")
		}
		return
	}
	if !c.ReplyDue.IsZero() && !c.DecidedOn.IsZero() && !c.ReplyDue.After(c.DecidedOn) {
		r.fail(model.HdrReplyDue, rawDue, "应晚于受理日期 %s：请核对，或留空由系统按受理日期加60日计算", c.DecidedOn)
	}
	if !c.ExtendedDue.IsZero() && !c.ReplyDue.IsZero() {
		if err := model.CheckExtension(c.ReplyDue, c.ExtendedDue); err != nil {
			r.fail(model.HdrExtendedDue, rawExt, "%s", strings.TrimPrefix(err.Error(), "延期至："))
		}
	}
}

// closure reads 办结日期, 处理意见, 满意度, 回访日期 and 息诉罢访, all of which come after
// the case is handled.
func (r *rowParse) closure(out *model.LedgerRow) {
	c := &out.Case
	raw := r.text(model.HdrClosedOn)
	c.ClosedOn = r.date(model.HdrClosedOn, false)
	closed := raw != ""
	switch {
	case closed && c.Decision != "" && !handles(c.Decision):
		r.fail(model.HdrClosedOn, raw, "受理情况为「%s」的事项不由本机关办结：请删去办结日期，或核对受理情况", c.Decision.Label())
	case closed && c.Decision == "" && r.text(model.HdrDecision) == "":
		r.fail(model.HdrClosedOn, raw, "办结的事项须先受理：请填写受理情况（受理 或 交办）和受理日期")
	case c.ClosedOn.IsZero():
	case !c.ReceivedOn.IsZero() && c.ClosedOn.Before(c.ReceivedOn):
		r.fail(model.HdrClosedOn, raw, "早于登记日期 %s：请核对日期", c.ReceivedOn)
	case !c.DecidedOn.IsZero() && c.ClosedOn.Before(c.DecidedOn):
		r.fail(model.HdrClosedOn, raw, "早于受理日期 %s：请核对日期", c.DecidedOn)
	}

	kind := r.text(model.HdrReplyKind)
	switch {
	case kind != "":
		k, err := model.ParseReplyKind(normalize(kind))
		if err != nil {
			r.fail(model.HdrReplyKind, kind, "应为 支持、解释说明 或 不予支持")
		} else if !closed {
			r.fail(model.HdrReplyKind, kind, "处理意见随答复办结出具：请填写办结日期，或删去处理意见")
		}
		c.ReplyKind = k
	case closed:
		r.fail(model.HdrReplyKind, "", "已办结的事项须填写处理意见：支持、解释说明 或 不予支持")
	}

	if v := r.text(model.HdrRating); v != "" {
		rt, err := model.ParseRating(normalize(v))
		switch {
		case err != nil:
			r.fail(model.HdrRating, v, "应为 满意、基本满意、不满意 或 未评价")
		case rt.Rated() && !closed:
			r.fail(model.HdrRating, v, "办结后才能评价满意度：请填写办结日期，或改为 未评价")
		}
		c.Rating = rt
	}

	rawFU := r.text(model.HdrFollowUp)
	c.FirstFollowUpOn = r.date(model.HdrFollowUp, false)
	switch {
	case rawFU == "":
	case !closed:
		r.fail(model.HdrFollowUp, rawFU, "上门回访在办结之后：请填写办结日期，或删去回访日期")
	case !c.FirstFollowUpOn.IsZero() && !c.ClosedOn.IsZero() && c.FirstFollowUpOn.Before(c.ClosedOn):
		r.fail(model.HdrFollowUp, rawFU, "早于办结日期 %s：上门回访在办结之后，请核对日期", c.ClosedOn)
	}

	if yes, _ := r.flag(model.HdrStopped); yes {
		if !closed {
			r.fail(model.HdrStopped, r.text(model.HdrStopped), "息诉罢访在办结之后记录：请填写办结日期，或改为 否")
		}
		out.Stopped = true
	}
}

// duplicate catches a case entered twice in the same file: the same 信访编号, or with
// no number the same date, petitioners and summary.
func (r *rowParse) duplicate(out *model.LedgerRow) {
	if no := out.Case.No; no != "" {
		if first, seen := r.p.numbers[no]; seen {
			r.fail(model.HdrNo, no, "与第%d行的信访编号相同：同一事项只登记一行，请删去重复的行或核对编号", first)
			return
		}
		r.p.numbers[no] = r.line
		return
	}
	if out.Case.ReceivedOn.IsZero() || len(out.Petitioners) == 0 || out.Case.Summary == "" {
		return
	}
	fp := out.Fingerprint()
	if first, seen := r.p.prints[fp]; seen {
		r.fail(model.HdrSummary, clip(out.Case.Summary), "与第%d行的登记日期、信访人和事项摘要都相同：同一事项只登记一行，请删去重复的行", first)
		return
	}
	r.p.prints[fp] = r.line
}
