package ui

import (
	"context"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

// handlingTab is 受理与办理: the clocks, the acceptance decision and the responsible unit,
// the extension, the reply, the 复查/复核 stages, the rating and 息诉罢访, and 督办. Each
// step's button is offered only when the model's state machine allows the step.
func (c *caseDetail) handlingTab() fyne.CanvasObject {
	d := &c.detail
	c.clocks = nil
	clocks := container.NewVBox()
	for _, k := range c.caseClocks() {
		l := c.clockLabel(k)
		c.clocks = append(c.clocks, l)
		clocks.Add(l)
	}

	decision := container.NewVBox()
	if d.Decision != "" {
		decision.Add(caseText(lang.L("case.decision.shown", map[string]any{
			"Decision": caseDecisionText(d.Decision), "Date": d.DecidedOn.String()})))
		if d.DecisionReason != "" {
			decision.Add(caseText(lang.L("case.decision.reason", map[string]any{"Reason": d.DecisionReason})))
		}
	} else {
		decision.Add(widget.NewLabel(lang.L("case.decision.pending")))
	}
	decision.Add(c.unitRow())
	decision.Add(container.NewHBox(
		c.action("decide", lang.L("case.step.decide"), c.allows(model.StepDecide), model.ActCaseDecide, c.onDecide),
		c.action("object", lang.L("case.step.object"), c.allows(model.StepObject), model.ActCaseDecide, c.onObject),
	))

	extension := container.NewVBox()
	for _, x := range d.Extensions {
		extension.Add(caseText(lang.L("case.extension.shown", map[string]any{
			"Due": x.NewDue.String(), "Approver": x.Approver, "Date": x.ApprovedOn.String(), "Reason": x.Reason})))
	}
	if len(d.Extensions) == 0 {
		extension.Add(widget.NewLabel(lang.L("case.extension.none")))
	}
	extension.Add(container.NewHBox(c.action("extend", lang.L("case.step.extend"), c.allows(model.StepExtend), model.ActCaseExtend, c.onExtend)))

	reply := container.NewVBox()
	if !d.ClosedOn.IsZero() {
		reply.Add(caseText(lang.L("case.reply.shown", map[string]any{"Kind": caseReplyText(d.ReplyKind), "Date": d.ClosedOn.String()})))
		if d.ReplyText != "" {
			reply.Add(caseText(d.ReplyText))
		}
	}
	reply.Add(container.NewHBox(c.action("reply", lang.L("case.step.reply"), c.allows(model.StepReply), model.ActCaseClose, c.onReply)))

	stages := container.NewVBox()
	for _, st := range d.Stages {
		text := lang.L("case.stage.requested", map[string]any{"Stage": caseStageText(st.Kind), "Date": st.RequestedOn.String(), "Organ": st.Organ})
		if !st.RepliedOn.IsZero() {
			text += lang.L("case.stage.replied", map[string]any{"Opinion": caseReplyText(st.Opinion), "Date": st.RepliedOn.String()})
		}
		stages.Add(caseText(text))
	}
	stages.Add(container.NewHBox(
		c.action("request_review", lang.L("case.step.request_review"), c.allows(model.StepRequestReview), model.ActCaseClose, func() { c.onRequestStage(model.StageReview) }),
		c.action("reply_review", lang.L("case.step.reply_review"), c.allows(model.StepReplyReview), model.ActCaseClose, func() { c.onReplyStage(model.StageReview) }),
		c.action("request_recheck", lang.L("case.step.request_recheck"), c.allows(model.StepRequestRecheck), model.ActCaseClose, func() { c.onRequestStage(model.StageRecheck) }),
		c.action("reply_recheck", lang.L("case.step.reply_recheck"), c.allows(model.StepReplyRecheck), model.ActCaseClose, func() { c.onReplyStage(model.StageRecheck) }),
		c.action("hearing", lang.L("case.stage.hearing"), d.Status == model.StatusRecheck, model.ActCaseClose, c.onHearing),
	))

	rating := container.NewVBox()
	rated := lang.L("case.rating.shown", map[string]any{"Rating": caseRatingText(d.Rating), "Date": d.RatedOn.String()})
	if !d.Rating.Rated() {
		rated = lang.L("case.rating.not_yet")
	}
	rating.Add(widget.NewLabel(rated))
	if !d.StoppedOn.IsZero() {
		rating.Add(widget.NewLabel(lang.L("case.stop.shown", map[string]any{"Date": d.StoppedOn.String()})))
	}
	rating.Add(container.NewHBox(
		c.action("rate", lang.L("case.step.rate"), c.allows(model.StepRate), model.ActCaseClose, c.onRate),
		c.action("stop", lang.L("case.step.stop"), c.allows(model.StepStop), model.ActCaseClose, c.onStop),
	))

	return container.NewVScroll(container.NewVBox(
		caseSection(lang.L("case.section.clocks"), clocks),
		widget.NewSeparator(), caseSection(lang.L("case.section.decision"), decision),
		widget.NewSeparator(), caseSection(lang.L("case.section.extension"), extension),
		widget.NewSeparator(), caseSection(lang.L("case.section.reply"), reply),
		widget.NewSeparator(), caseSection(lang.L("case.section.stages"), stages),
		widget.NewSeparator(), caseSection(lang.L("case.section.rating"), rating),
		widget.NewSeparator(), caseSection(lang.L("case.section.supervision"), c.supervisionBox()),
	))
}

// unitRow shows the responsible unit (责任单位) and, while the case is open, lets it be
// changed: the routing of the matter within the district.
func (c *caseDetail) unitRow() fyne.CanvasObject {
	d := &c.detail
	codes, labels := []string{""}, []string{lang.L("case.unit.none")}
	selected := ""
	if d.UnitID != nil {
		selected = strconv.FormatInt(*d.UnitID, 10)
	}
	for _, u := range c.dict.units {
		if (u.Kind == model.UnitDepartment || u.Kind == model.UnitStreet) && (u.Active || strconv.FormatInt(u.ID, 10) == selected) {
			codes = append(codes, strconv.FormatInt(u.ID, 10))
			labels = append(labels, u.Name)
		}
	}
	f := newCaseForm("")
	pick := f.choice("unit", lang.L("case.unit.label"), codes, labels, selected)
	save := c.action("unit.save", lang.L("case.unit.save"), !d.Status.IsClosed(), model.ActCaseEdit, func() {
		next := c.detail.Case
		next.UnitID = nil
		if id := f.id("unit"); id != 0 {
			next.UnitID = &id
		}
		c.write(nil, func(ctx context.Context, a model.Actor) error {
			_, err := c.e.backend.UpdateCase(ctx, a, next)
			return err
		})
	})
	if save.Hidden || save.Disabled() {
		pick.Disable()
	}
	c.unitPick = pick
	return container.NewBorder(nil, nil, widget.NewLabel(lang.L("case.unit.label")), save, pick)
}

func (c *caseDetail) onDecide() {
	f := newCaseForm(lang.L("case.step.decide"))
	codes, labels := caseOptions(model.Decisions, caseDecisionText)
	f.choice("decision", lang.L("case.form.decision"), codes, labels, string(model.DecisionAccept))
	f.date("on", lang.L("case.form.decided_on"), c.e.today())
	f.text("reason", lang.L("case.form.reason"), "")
	c.showForm(f, func() {
		on, err := f.dateValue("on")
		if err != nil {
			c.fail(err, f)
			return
		}
		id, v, dec, reason := c.id, c.detail.Version, model.Decision(f.code("decision")), f.value("reason")
		c.write(f, func(ctx context.Context, a model.Actor) error {
			_, err := c.e.backend.Decide(ctx, a, id, v, dec, on, reason)
			return err
		})
	})
}

func (c *caseDetail) onObject() {
	c.onDateStep(lang.L("case.step.object"), lang.L("case.form.objected_on"), c.e.backend.Object)
}

func (c *caseDetail) onExtend() {
	f := newCaseForm(lang.L("case.step.extend"))
	f.entry("approver", lang.L("case.form.approver"), "")
	f.date("approved_on", lang.L("case.form.approved_on"), c.e.today())
	f.text("reason", lang.L("case.form.extend_reason"), "")
	latest := c.detail.ReplyDue.AddDays(model.MaxExtensionDays)
	f.date("new_due", lang.L("case.form.new_due", map[string]any{"Latest": latest.String()}), latest)
	f.date("told_on", lang.L("case.form.told_on"), c.e.today())
	c.showForm(f, func() {
		x := model.Extension{Approver: f.value("approver"), Reason: f.value("reason")}
		var err error
		for _, fd := range []struct {
			key string
			dst *model.Date
		}{{"approved_on", &x.ApprovedOn}, {"new_due", &x.NewDue}, {"told_on", &x.ToldOn}} {
			if *fd.dst, err = f.dateValue(fd.key); err != nil {
				c.fail(err, f)
				return
			}
		}
		id, v := c.id, c.detail.Version
		c.write(f, func(ctx context.Context, a model.Actor) error {
			_, err := c.e.backend.Extend(ctx, a, id, v, x)
			return err
		})
	})
}

func (c *caseDetail) onReply() {
	f := newCaseForm(lang.L("case.step.reply"))
	codes, labels := caseOptions(model.ReplyKinds, caseReplyText)
	f.choice("kind", lang.L("case.form.reply_kind"), codes, labels, "")
	f.date("on", lang.L("case.form.replied_on"), c.e.today())
	f.text("text", lang.L("case.form.reply_text"), "")
	c.showForm(f, func() {
		on, err := f.dateValue("on")
		if err != nil {
			c.fail(err, f)
			return
		}
		id, v, kind, text := c.id, c.detail.Version, model.ReplyKind(f.code("kind")), f.value("text")
		c.write(f, func(ctx context.Context, a model.Actor) error {
			_, err := c.e.backend.Reply(ctx, a, id, v, kind, on, text)
			return err
		})
	})
}
