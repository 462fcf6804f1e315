package model

import (
	"fmt"
	"slices"
	"strings"
)

// The lifecycle of a case is an explicit state machine over Status:
//
//	(new) ──Register──▶ registered
//	registered ──Decide 受理/交办──▶ handling      (reply clock starts)
//	registered ──Decide 不予受理──▶ not_accepted
//	registered ──Decide 转送──▶ transferred
//	transferred, handling after 交办 ──Object 异议──▶ registered (decision cleared)
//	handling ──Extend 延期 (once)──▶ handling
//	handling ──Reply 答复──▶ closed
//	closed ──RequestStage 复查──▶ review ──ReplyStage──▶ reviewed
//	reviewed ──RequestStage 复核──▶ recheck ──ReplyStage──▶ final (终结, 条例第36条)
//	closed … final: Rate 评价 (again to correct it), StopPetitioning 息诉罢访 (once)
//	Assignment.StrikeOff 销号 once the case is closed and the four duties are done.
//
// A step refused because of the state, a date or a rule returns a *StepError; a step refused
// because an input is missing or malformed returns a ValidationError naming the form field.
// Either way the case is left unchanged.

// Step is one transition of the lifecycle (办理步骤).
type Step string

const (
	StepRegister       Step = "register"        // 登记
	StepDecide         Step = "decide"          // 受理决定
	StepObject         Step = "object"          // 异议退回
	StepExtend         Step = "extend"          // 延期
	StepReply          Step = "reply"           // 答复
	StepRequestReview  Step = "request_review"  // 申请复查
	StepReplyReview    Step = "reply_review"    // 复查答复
	StepRequestRecheck Step = "request_recheck" // 申请复核
	StepReplyRecheck   Step = "reply_recheck"   // 复核答复
	StepRate           Step = "rate"            // 评价
	StepStop           Step = "stop"            // 息诉罢访
	StepStrikeOff      Step = "strike_off"      // 销号
)

// Steps lists every step in lifecycle order, the order NextSteps and messages use.
var Steps = []Step{StepRegister, StepDecide, StepObject, StepExtend, StepReply, StepRequestReview, StepReplyReview,
	StepRequestRecheck, StepReplyRecheck, StepRate, StepStop, StepStrikeOff}

var stepLabels = map[Step]string{
	StepRegister: "登记", StepDecide: "受理决定", StepObject: "异议退回", StepExtend: "延期", StepReply: "答复",
	StepRequestReview: "申请复查", StepReplyReview: "复查答复", StepRequestRecheck: "申请复核",
	StepReplyRecheck: "复核答复", StepRate: "评价", StepStop: "息诉罢访", StepStrikeOff: "销号",
}

func (s Step) Label() string { return labelOr(stepLabels, s) }

// StepError says why a step cannot be taken now: the state it was tried from, the steps that
// state allows, and, when the state was right but a date or rule was not, the reason.
type StepError struct {
	From    Status
	Step    Step
	Allowed []Step
	Reason  string
}

// Error reads like 当前状态为「办理中」，不能「受理决定」。现在可以：延期、答复
func (e *StepError) Error() string {
	from := e.From.Label()
	if e.From == "" {
		from = "未登记"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "当前状态为「%s」，不能「%s」", from, e.Step.Label())
	if e.Reason != "" {
		b.WriteString("：")
		b.WriteString(strings.TrimSuffix(e.Reason, "。"))
	}
	if !slices.Contains(e.Allowed, e.Step) {
		if len(e.Allowed) == 0 {
			b.WriteString("。此状态下没有可办理的步骤")
		} else {
			labels := make([]string, len(e.Allowed))
			for i, s := range e.Allowed {
				labels[i] = s.Label()
			}
			b.WriteString("。现在可以：")
			b.WriteString(strings.Join(labels, "、"))
		}
	}
	return b.String()
}

// NextSteps lists the steps the case's state allows, in lifecycle order. Dates are checked
// by the steps themselves. 销号 is a step of the Assignment, not listed here; it becomes
// possible once Status.IsClosed().
func (c Case) NextSteps() []Step {
	var s []Step
	switch c.Status {
	case "":
		s = []Step{StepRegister}
	case StatusRegistered:
		s = []Step{StepDecide}
	case StatusTransferred:
		s = []Step{StepObject}
	case StatusHandling:
		if c.Decision == DecisionAssign {
			s = append(s, StepObject)
		}
		if c.ExtendedDue.IsZero() {
			s = append(s, StepExtend)
		}
		s = append(s, StepReply)
	case StatusClosed:
		s = []Step{StepRequestReview}
	case StatusReview:
		s = []Step{StepReplyReview}
	case StatusReviewed:
		s = []Step{StepRequestRecheck}
	case StatusRecheck:
		s = []Step{StepReplyRecheck}
	}
	if c.Status.IsClosed() {
		s = append(s, StepRate)
		if c.StoppedOn.IsZero() {
			s = append(s, StepStop)
		}
	}
	return s
}

func (c *Case) can(s Step) bool { return slices.Contains(c.NextSteps(), s) }

func (c *Case) stepError(s Step, reason string, args ...any) *StepError {
	if len(args) > 0 {
		reason = fmt.Sprintf(reason, args...)
	}
	return &StepError{From: c.Status, Step: s, Allowed: c.NextSteps(), Reason: reason}
}

// checkDay requires a step's date and refuses one after today: the app records what has
// happened, it does not schedule it.
func (c *Case) checkDay(s Step, field string, on Date) error {
	if on.IsZero() {
		return ValidationError{{Field: field, Msg: "不能为空，请填写日期"}}
	}
	if today := Now(); on.After(today) {
		return c.stepError(s, "%s %s 晚于今天（%s），只能登记已经发生的事", field, on, today)
	}
	return nil
}

// notBefore refuses a step date earlier than an earlier event of the case.
func (c *Case) notBefore(s Step, field string, on Date, what string, earlier Date) error {
	if !earlier.IsZero() && on.Before(earlier) {
		return c.stepError(s, "%s %s 早于%s %s，请核对日期", field, on, what, earlier)
	}
	return nil
}

// Register checks a new case and starts its clocks: the acceptance deadline and any
// internal target. A head count of 0 means one person. Registering again while the case
// still waits for its decision recomputes the clocks (after the received date was edited).
func (c *Case) Register(cal *Calendar) error {
	if c.Status != "" && c.Status != StatusRegistered {
		return c.stepError(StepRegister, "事项已作出受理决定，不能重新登记")
	}
	if c.HeadCount == 0 {
		c.HeadCount = 1
	}
	if err := c.Validate(); err != nil {
		return err
	}
	c.Status = StatusRegistered
	c.AcceptDue = cal.AcceptDue(c.ReceivedOn)
	c.TargetDue = c.Target.Due(c.ReceivedOn)
	return nil
}

// Decide records the acceptance decision (受理决定). 受理 and 交办 start the 60-day reply
// clock; 转送 and 交办 open the 5-working-day objection period for the receiving unit.
// 不予受理 and 转送 need a reason (for 转送, where the matter went).
func (c *Case) Decide(cal *Calendar, d Decision, on Date, reason string) error {
	if !c.can(StepDecide) {
		return c.stepError(StepDecide, "")
	}
	var ve ValidationError
	if !d.Valid() {
		ve = append(ve, FieldError{Field: "受理决定", Msg: "请选择 受理、不予受理、转送 或 交办"})
	}
	if isBlank(reason) {
		switch d {
		case DecisionNotAccept:
			ve = append(ve, FieldError{Field: "决定理由", Msg: "不予受理须写明理由和依据，请填写"})
		case DecisionTransfer:
			ve = append(ve, FieldError{Field: "决定理由", Msg: "转送须写明转往的有权机关及理由，请填写"})
		}
	}
	if on.IsZero() {
		ve = append(ve, FieldError{Field: "决定日期", Msg: "不能为空，请填写作出受理决定的日期"})
	}
	if len(ve) > 0 {
		return ve
	}
	if err := c.checkDay(StepDecide, "决定日期", on); err != nil {
		return err
	}
	if err := c.notBefore(StepDecide, "决定日期", on, "登记日期", c.ReceivedOn); err != nil {
		return err
	}
	c.Decision, c.DecidedOn, c.DecisionReason = d, on, reason
	c.ObjectionDue, c.ReplyDue, c.ExtendedDue, c.DueOn = Date{}, Date{}, Date{}, Date{}
	switch d {
	case DecisionAccept, DecisionAssign:
		c.Status = StatusHandling
		c.ReplyDue = cal.ReplyDue(on)
		c.DueOn = c.ReplyDue
	case DecisionNotAccept:
		c.Status = StatusNotAccepted
	case DecisionTransfer:
		c.Status = StatusTransferred
	}
	if d == DecisionTransfer || d == DecisionAssign {
		c.ObjectionDue = cal.ObjectionDue(on)
	}
	return nil
}

// Object records a unit's objection (异议) to a 转送 or 交办 it considers not its own: the
// decision is cleared and the case waits for a new one. It must come by ObjectionDue.
func (c *Case) Object(on Date) error {
	if !c.can(StepObject) {
		return c.stepError(StepObject, "")
	}
	if err := c.checkDay(StepObject, "异议日期", on); err != nil {
		return err
	}
	if err := c.notBefore(StepObject, "异议日期", on, "受理决定日期", c.DecidedOn); err != nil {
		return err
	}
	// Cases imported from a ledger may lack the objection deadline; without it there is
	// nothing to hold the objection against.
	if !c.ObjectionDue.IsZero() && on.After(c.ObjectionDue) {
		return c.stepError(StepObject, "异议期限已过：应在%s后%d个工作日内（最迟 %s）提出", c.Decision.Label(), ObjectionWorkdays, c.ObjectionDue)
	}
	c.Status = StatusRegistered
	c.Decision, c.DecidedOn, c.DecisionReason = "", Date{}, ""
	c.ObjectionDue, c.ReplyDue, c.ExtendedDue, c.DueOn = Date{}, Date{}, Date{}, Date{}
	return nil
}

// Extend records a 延期 approved by the unit head: once per case, before the reply deadline
// has passed, by at most MaxExtensionDays. The approver, approval date, reason and new due
// date are required.
func (c *Case) Extend(e Extension) error {
	if !c.can(StepExtend) {
		reason := ""
		if c.Status == StatusHandling && !c.ExtendedDue.IsZero() {
			reason = fmt.Sprintf("已延期至 %s，办理期限只能延长一次", c.ExtendedDue)
		}
		return c.stepError(StepExtend, reason)
	}
	var ve ValidationError
	if isBlank(e.Approver) {
		ve = append(ve, FieldError{Field: "审批人", Msg: "不能为空，请填写批准延期的本机关负责人"})
	}
	if e.ApprovedOn.IsZero() {
		ve = append(ve, FieldError{Field: "审批日期", Msg: "不能为空，请填写批准延期的日期"})
	}
	if isBlank(e.Reason) {
		ve = append(ve, FieldError{Field: "延期理由", Msg: "不能为空，请写明情况复杂需要延期的理由（须告知信访人）"})
	}
	if e.NewDue.IsZero() {
		ve = append(ve, FieldError{Field: "延期至", Msg: "不能为空，请填写延期后的办理期限"})
	}
	if len(ve) > 0 {
		return ve
	}
	if err := c.checkDay(StepExtend, "审批日期", e.ApprovedOn); err != nil {
		return err
	}
	if err := c.notBefore(StepExtend, "审批日期", e.ApprovedOn, "受理日期", c.DecidedOn); err != nil {
		return err
	}
	if e.ApprovedOn.After(c.DueOn) && !c.DueOn.IsZero() {
		return c.stepError(StepExtend, "审批日期 %s 晚于办理期限 %s：延期须在期限届满前批准", e.ApprovedOn, c.DueOn)
	}
	if !e.ToldOn.IsZero() && e.ToldOn.Before(e.ApprovedOn) {
		return c.stepError(StepExtend, "告知日期 %s 早于审批日期 %s，请核对日期", e.ToldOn, e.ApprovedOn)
	}
	if err := CheckExtension(c.ReplyDue, e.NewDue); err != nil {
		return c.stepError(StepExtend, err.Error())
	}
	c.ExtendedDue = e.NewDue
	c.DueOn = e.NewDue
	return nil
}

// Reply closes the case with a 信访处理意见书 (答复/办结). The opinion kind is required.
func (c *Case) Reply(kind ReplyKind, on Date, text string) error {
	if !c.can(StepReply) {
		return c.stepError(StepReply, "")
	}
	var ve ValidationError
	if !kind.Valid() {
		ve = append(ve, FieldError{Field: "处理意见", Msg: "请选择 支持、解释说明 或 不予支持"})
	}
	if on.IsZero() {
		ve = append(ve, FieldError{Field: "答复日期", Msg: "不能为空，请填写出具信访处理意见书的日期"})
	}
	if len(ve) > 0 {
		return ve
	}
	if err := c.checkDay(StepReply, "答复日期", on); err != nil {
		return err
	}
	if err := c.notBefore(StepReply, "答复日期", on, "受理日期", c.DecidedOn); err != nil {
		return err
	}
	if err := c.notBefore(StepReply, "答复日期", on, "登记日期", c.ReceivedOn); err != nil {
		return err
	}
	c.Status = StatusClosed
	c.ClosedOn, c.ReplyKind, c.ReplyText = on, kind, text
	return nil
}

// Rate records the petitioner's satisfaction (满意度评价) with a closed case. A later rating
// replaces an earlier one, for example after a 复查.
func (c *Case) Rate(r Rating, on Date) error {
	if !c.can(StepRate) {
		return c.stepError(StepRate, "事项答复办结后才能评价")
	}
	if !r.Valid() || !r.Rated() {
		return ValidationError{{Field: "满意度", Msg: "请选择 满意、基本满意 或 不满意"}}
	}
	if err := c.checkDay(StepRate, "评价日期", on); err != nil {
		return err
	}
	if err := c.notBefore(StepRate, "评价日期", on, "办结日期", c.ClosedOn); err != nil {
		return err
	}
	c.Rating, c.RatedOn = r, on
	return nil
}

// StopPetitioning records that the petitioner has stopped petitioning (息诉罢访), once.
func (c *Case) StopPetitioning(on Date) error {
	if !c.can(StepStop) {
		reason := "事项答复办结后才能记录息诉罢访"
		if !c.StoppedOn.IsZero() {
			reason = fmt.Sprintf("已于 %s 记录息诉罢访", c.StoppedOn)
		}
		return c.stepError(StepStop, reason)
	}
	if err := c.checkDay(StepStop, "息诉罢访日期", on); err != nil {
		return err
	}
	if err := c.notBefore(StepStop, "息诉罢访日期", on, "办结日期", c.ClosedOn); err != nil {
		return err
	}
	c.StoppedOn = on
	return nil
}

// RequestStage records a request for 复查 (after the reply) or 复核 (after the 复查 opinion),
// each within StageRequestDays, and returns the new stage with its due date for the store to
// save. The case moves to review or recheck.
func (c *Case) RequestStage(cal *Calendar, kind StageKind, on Date, organ string) (Stage, error) {
	var step Step
	var answered Date
	var what string
	switch kind {
	case StageReview:
		step, answered, what = StepRequestReview, c.ClosedOn, "答复日期"
	case StageRecheck:
		step, answered, what = StepRequestRecheck, c.StageRepliedOn, "复查答复日期"
	default:
		return Stage{}, ValidationError{{Field: "申请类型", Msg: "请选择 复查 或 复核"}}
	}
	if !c.can(step) {
		return Stage{}, c.stepError(step, "")
	}
	if err := c.checkDay(step, "申请日期", on); err != nil {
		return Stage{}, err
	}
	if answered.IsZero() {
		return Stage{}, c.stepError(step, "缺少%s，无法计算申请期限，请先补录", what)
	}
	if err := c.notBefore(step, "申请日期", on, what, answered); err != nil {
		return Stage{}, err
	}
	if last := cal.StageRequestDeadline(answered); on.After(last) {
		return Stage{}, c.stepError(step, "申请期限已过：应在%s %s 起%d日内（最迟 %s）提出", what, answered, StageRequestDays, last)
	}
	st := Stage{CaseID: c.ID, Kind: kind, RequestedOn: on, Organ: organ, DueOn: cal.StageDue(kind, on, 0)}
	if kind == StageReview {
		c.Status = StatusReview
	} else {
		c.Status = StatusRecheck
	}
	return st, nil
}

// ReplyStage records the 复查 or 复核 opinion on the stage and moves the case on: after 复查
// to reviewed (the petitioner may still request 复核), after 复核 to final (终结: the same
// facts are not accepted again, 条例第36条).
func (c *Case) ReplyStage(st *Stage, opinion ReplyKind, on Date, text string) error {
	if st == nil {
		return fmt.Errorf("model: reply stage of case %q: no stage", c.No)
	}
	var step Step
	var field string
	switch st.Kind {
	case StageReview:
		step, field = StepReplyReview, "复查意见"
	case StageRecheck:
		step, field = StepReplyRecheck, "复核意见"
	default:
		return ValidationError{{Field: "申请类型", Msg: "请选择 复查 或 复核"}}
	}
	if !c.can(step) {
		return c.stepError(step, "")
	}
	if st.CaseID != 0 && c.ID != 0 && st.CaseID != c.ID {
		return fmt.Errorf("model: reply stage of case %d: stage %d belongs to case %d", c.ID, st.ID, st.CaseID)
	}
	if !st.RepliedOn.IsZero() {
		return c.stepError(step, "该%s已于 %s 答复", st.Kind.Label(), st.RepliedOn)
	}
	var ve ValidationError
	if !opinion.Valid() {
		ve = append(ve, FieldError{Field: field, Msg: "请选择 支持、解释说明 或 不予支持"})
	}
	if on.IsZero() {
		ve = append(ve, FieldError{Field: "答复日期", Msg: "不能为空，请填写出具" + field + "的日期"})
	}
	if len(ve) > 0 {
		return ve
	}
	if err := c.checkDay(step, "答复日期", on); err != nil {
		return err
	}
	if err := c.notBefore(step, "答复日期", on, "申请日期", st.RequestedOn); err != nil {
		return err
	}
	st.RepliedOn, st.Opinion, st.Text = on, opinion, text
	c.StageRepliedOn = on
	if st.Kind == StageReview {
		c.Status = StatusReviewed
	} else {
		c.Status = StatusFinal
	}
	return nil
}

// NewDuties returns the four duties (四包) of a new assignment, all 未开始.
func NewDuties(assignmentID int64) []Duty {
	ds := make([]Duty, len(DutyKinds))
	for i, k := range DutyKinds {
		ds[i] = Duty{AssignmentID: assignmentID, Kind: k, Status: DutyTodo, Version: 1}
	}
	return ds
}

// StrikeOff strikes the assignment from the 包案 ledger (销号): the case must be closed, all
// four duties done, and an approver named. It happens once.
func (a *Assignment) StrikeOff(c Case, duties []Duty, on Date, by, note string) error {
	allowed := c.NextSteps()
	if c.Status.IsClosed() && a.StruckOffOn.IsZero() {
		allowed = append(allowed, StepStrikeOff)
	}
	refuse := func(reason string, args ...any) error {
		return &StepError{From: c.Status, Step: StepStrikeOff, Allowed: allowed, Reason: fmt.Sprintf(reason, args...)}
	}
	if a.CaseID != 0 && c.ID != 0 && a.CaseID != c.ID {
		return fmt.Errorf("model: strike off assignment %d: it belongs to case %d, not %d", a.ID, a.CaseID, c.ID)
	}
	if !a.StruckOffOn.IsZero() {
		return refuse("该包案已于 %s 销号", a.StruckOffOn)
	}
	if !c.Status.IsClosed() {
		return refuse("事项答复办结后才能销号")
	}
	if missing := undoneDuties(duties); len(missing) > 0 {
		return refuse("四包职责尚未全部完成：%s", strings.Join(missing, "、"))
	}
	var ve ValidationError
	if isBlank(by) {
		ve = append(ve, FieldError{Field: "审批人", Msg: "不能为空，请填写批准销号的领导"})
	}
	if on.IsZero() {
		ve = append(ve, FieldError{Field: "销号日期", Msg: "不能为空，请填写批准销号的日期"})
	}
	if len(ve) > 0 {
		return ve
	}
	if today := Now(); on.After(today) {
		return refuse("销号日期 %s 晚于今天（%s），只能登记已经发生的事", on, today)
	}
	if on.Before(c.ClosedOn) {
		return refuse("销号日期 %s 早于办结日期 %s，请核对日期", on, c.ClosedOn)
	}
	if on.Before(a.AssignedOn) {
		return refuse("销号日期 %s 早于包案日期 %s，请核对日期", on, a.AssignedOn)
	}
	a.StruckOffOn, a.StruckOffBy, a.StruckOffNote = on, by, note
	return nil
}

// undoneDuties names each of the four duties not 已完成, with its progress. A duty missing
// from the list counts as 未开始; if a kind appears twice, both must be done.
func undoneDuties(duties []Duty) []string {
	status := make(map[DutyKind]DutyStatus, len(DutyKinds))
	for _, d := range duties {
		if prev, seen := status[d.Kind]; seen && prev != DutyDone {
			continue
		}
		status[d.Kind] = d.Status
	}
	var missing []string
	for _, k := range DutyKinds {
		s, ok := status[k]
		if !ok {
			s = DutyTodo
		}
		if s != DutyDone {
			missing = append(missing, fmt.Sprintf("%s（%s）", k.Label(), s.Label()))
		}
	}
	return missing
}
