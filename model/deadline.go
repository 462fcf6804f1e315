package model

import "fmt"

// Statutory time limits of the 《信访工作条例》(2022). Days are calendar days unless the
// name says working days; see DOMAIN.md for the table.
const (
	AcceptDays        = 15 // 受理期限：收到之日起15日内决定是否受理
	ObjectionWorkdays = 5  // 异议期限：转送、交办后5个工作日内提出异议
	ReplyDays         = 60 // 办理期限：受理之日起60日内办结
	MaxExtensionDays  = 30 // 延期：经批准可延长，但不得超过30日
	StageRequestDays  = 30 // 申请复查、复核：收到意见之日起30日内
	StageDays         = 30 // 复查、复核机关：收到申请之日起30日内作出意见（听证时间不计入）
)

// AcceptDue is the last day to decide on acceptance (受理期限): 15 days after receipt,
// rolled to a working day when the calendar says so.
func (c *Calendar) AcceptDue(received Date) Date {
	if received.IsZero() {
		return Date{}
	}
	return c.Roll(received.AddDays(AcceptDays))
}

// ObjectionDue is the last day a unit may object to a 转送/交办 (异议期限): 5 working days
// after the decision. It always lands on a working day, so it is never rolled.
func (c *Calendar) ObjectionDue(decided Date) Date {
	return c.AddWorkdays(decided, ObjectionWorkdays)
}

// ReplyDue is the statutory reply deadline (办理期限): 60 days after acceptance, rolled.
func (c *Calendar) ReplyDue(decided Date) Date {
	if decided.IsZero() {
		return Date{}
	}
	return c.Roll(decided.AddDays(ReplyDays))
}

// StageRequestDeadline is the last day the petitioner may request 复查 (counting from the
// reply) or 复核 (counting from the 复查 opinion): 30 days, rolled.
func (c *Calendar) StageRequestDeadline(answered Date) Date {
	if answered.IsZero() {
		return Date{}
	}
	return c.Roll(answered.AddDays(StageRequestDays))
}

// StageDue is when a 复查 or 复核 opinion is due: 30 days after the request, rolled. Time
// spent on a hearing (听证) does not count toward a 复核, so hearingDays extend only that
// clock; negative hearing days count as none.
func (c *Calendar) StageDue(kind StageKind, requested Date, hearingDays int) Date {
	if requested.IsZero() {
		return Date{}
	}
	days := StageDays
	if kind == StageRecheck && hearingDays > 0 {
		days += hearingDays
	}
	return c.Roll(requested.AddDays(days))
}

// CheckExtension checks a 延期: the new due date must be after the current reply due date
// and at most MaxExtensionDays later. The error names the latest allowed date.
func CheckExtension(replyDue, newDue Date) error {
	if replyDue.IsZero() {
		return fmt.Errorf("延期至：该事项没有办理期限，无法计算延期，请先补录受理日期")
	}
	latest := replyDue.AddDays(MaxExtensionDays)
	switch {
	case newDue.IsZero():
		return fmt.Errorf("延期至：不能为空，请填写延期后的办理期限（最迟 %s）", latest)
	case !newDue.After(replyDue):
		return fmt.Errorf("延期至：%s 不晚于原办理期限 %s，请填写 %s 至 %s 之间的日期", newDue, replyDue, replyDue.AddDays(1), latest)
	case newDue.After(latest):
		return fmt.Errorf("延期至：%s 超出上限，延期不得超过%d日，最迟为 %s", newDue, MaxExtensionDays, latest)
	}
	return nil
}

// DaysLeft is the number of calendar days from today to due: 0 on the due day, negative
// when overdue by that many days. A zero due date (no clock) gives 0.
func DaysLeft(due, today Date) int {
	if due.IsZero() || today.IsZero() {
		return 0
	}
	return int(dayNumber(due) - dayNumber(today))
}
