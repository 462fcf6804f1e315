package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

// caseClock is one statutory or internal clock of a case (受理期限, 办理期限, 复查期限 …).
// A duty clock is met by doing something by its due date (done); a window clock
// (异议期限, 申请复查期限) only closes, nobody is late on it.
type caseClock struct {
	name   string
	due    model.Date
	done   model.Date
	window bool
}

// caseClocks lists the clocks that apply to the case in its present state.
func (c *caseDetail) caseClocks() []caseClock {
	d := &c.detail
	var out []caseClock
	// A case imported already decided may lack its decision date; its acceptance clock is
	// then unknown rather than running.
	if !d.AcceptDue.IsZero() && (d.Status == model.StatusRegistered || !d.DecidedOn.IsZero()) {
		out = append(out, caseClock{name: lang.L("case.clock.accept"), due: d.AcceptDue, done: d.DecidedOn})
	}
	objectionOpen := d.Status == model.StatusTransferred || d.Status == model.StatusHandling && d.Decision == model.DecisionAssign
	if !d.ObjectionDue.IsZero() && objectionOpen {
		out = append(out, caseClock{name: lang.L("case.clock.objection"), due: d.ObjectionDue, window: true})
	}
	if !d.ReplyDue.IsZero() {
		name := lang.L("case.clock.reply")
		if !d.ExtendedDue.IsZero() {
			name = lang.L("case.clock.reply_extended", map[string]any{"Due": d.ReplyDue.String()})
		}
		out = append(out, caseClock{name: name, due: d.DueOn, done: d.ClosedOn})
	}
	if !d.TargetDue.IsZero() {
		name := lang.L("case.clock.target", map[string]any{"Target": caseTargetText(d.Target)})
		done := d.ClosedOn
		if done.IsZero() && !d.DecidedOn.IsZero() && d.Decision != model.DecisionAccept && d.Decision != model.DecisionAssign {
			done = d.DecidedOn // not accepted or transferred: the matter left the office that day
		}
		out = append(out, caseClock{name: name, due: d.TargetDue, done: done})
	}
	if c.dict.cal != nil {
		switch d.Status {
		case model.StatusClosed:
			out = append(out, caseClock{name: lang.L("case.clock.request_review"), due: c.dict.cal.StageRequestDeadline(d.ClosedOn), window: true})
		case model.StatusReviewed:
			out = append(out, caseClock{name: lang.L("case.clock.request_recheck"), due: c.dict.cal.StageRequestDeadline(d.StageRepliedOn), window: true})
		}
	}
	for _, st := range d.Stages {
		name := lang.L("case.clock.stage", map[string]any{"Stage": caseStageText(st.Kind)})
		if st.HearingDays > 0 {
			name = lang.L("case.clock.stage_hearing", map[string]any{"Stage": caseStageText(st.Kind), "Days": st.HearingDays})
		}
		out = append(out, caseClock{name: name, due: st.DueOn, done: st.RepliedOn})
	}
	return out
}

// clockLabel shows one clock: its due date and days left, red once it is overdue or was
// met late.
func (c *caseDetail) clockLabel(k caseClock) *widget.Label {
	today := c.e.today()
	args := map[string]any{"Name": k.name, "Due": k.due.String(), "Done": k.done.String()}
	l := widget.NewLabel("")
	switch {
	case k.due.IsZero():
		l.SetText(lang.L("case.clock.none", args))
	case !k.done.IsZero():
		late := model.DaysLeft(k.due, k.done)
		if late < 0 {
			args["Days"] = -late
			l.Importance = widget.DangerImportance
			l.SetText(lang.L("case.clock.done_late", args))
		} else {
			l.SetText(lang.L("case.clock.done", args))
		}
	default:
		days := model.DaysLeft(k.due, today)
		args["Days"] = days
		switch {
		case days < 0 && k.window:
			l.SetText(lang.L("case.clock.closed", args))
		case days < 0:
			args["Days"] = -days
			l.Importance = widget.DangerImportance
			l.SetText(lang.L("case.clock.overdue", args))
		case days == 0:
			l.Importance = widget.WarningImportance
			l.SetText(lang.L("case.clock.today", args))
		default:
			l.SetText(lang.L("case.clock.left", args))
		}
	}
	l.Wrapping = fyne.TextWrapWord
	return l
}
