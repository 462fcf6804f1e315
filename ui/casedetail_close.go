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

// The steps after the reply: 复查/复核 requests and opinions, hearing days, the rating
// (满意度) and 息诉罢访; and the 督办 of the case.

func (c *caseDetail) onRequestStage(kind model.StageKind) {
	f := newCaseForm(lang.L("case.form.request_stage", map[string]any{"Stage": caseStageText(kind)}))
	f.date("on", lang.L("case.form.requested_on"), c.e.today())
	f.entry("organ", lang.L("case.form.organ"), "")
	c.showForm(f, func() {
		on, err := f.dateValue("on")
		if err != nil {
			c.fail(err, f)
			return
		}
		id, v, organ := c.id, c.detail.Version, f.value("organ")
		c.write(f, func(ctx context.Context, a model.Actor) error {
			_, err := c.e.backend.RequestStage(ctx, a, id, v, kind, on, organ)
			return err
		})
	})
}

func (c *caseDetail) onReplyStage(kind model.StageKind) {
	f := newCaseForm(lang.L("case.form.reply_stage", map[string]any{"Stage": caseStageText(kind)}))
	codes, labels := caseOptions(model.ReplyKinds, caseReplyText)
	f.choice("opinion", lang.L("case.form.opinion"), codes, labels, "")
	f.date("on", lang.L("case.form.replied_on"), c.e.today())
	f.text("text", lang.L("case.form.reply_text"), "")
	c.showForm(f, func() {
		on, err := f.dateValue("on")
		if err != nil {
			c.fail(err, f)
			return
		}
		id, v, op, text := c.id, c.detail.Version, model.ReplyKind(f.code("opinion")), f.value("text")
		c.write(f, func(ctx context.Context, a model.Actor) error {
			_, err := c.e.backend.ReplyStage(ctx, a, id, v, kind, op, on, text)
			return err
		})
	})
}

// onHearing records the days of a 复核 hearing (听证), which do not count toward its clock.
func (c *caseDetail) onHearing() {
	days := 0
	for _, st := range c.detail.Stages {
		if st.Kind == model.StageRecheck {
			days = st.HearingDays
		}
	}
	f := newCaseForm(lang.L("case.stage.hearing"))
	f.entry("days", lang.L("case.form.hearing_days"), strconv.Itoa(days))
	c.showForm(f, func() {
		n, err := f.intValue("days")
		if err != nil {
			c.fail(err, f)
			return
		}
		id, v := c.id, c.detail.Version
		c.write(f, func(ctx context.Context, a model.Actor) error {
			_, err := c.e.backend.SetHearingDays(ctx, a, id, v, n)
			return err
		})
	})
}

// onRate records the petitioner's satisfaction (满意/基本满意/不满意); rating again
// corrects it.
func (c *caseDetail) onRate() {
	f := newCaseForm(lang.L("case.step.rate"))
	codes, labels := caseOptions([]model.Rating{model.RatingSatisfied, model.RatingBasically, model.RatingDissatisfied}, caseRatingText)
	f.choice("rating", lang.L("case.form.rating"), codes, labels, string(c.detail.Rating))
	f.date("on", lang.L("case.form.rated_on"), c.e.today())
	c.showForm(f, func() {
		on, err := f.dateValue("on")
		if err != nil {
			c.fail(err, f)
			return
		}
		id, v, r := c.id, c.detail.Version, model.Rating(f.code("rating"))
		c.write(f, func(ctx context.Context, a model.Actor) error {
			_, err := c.e.backend.Rate(ctx, a, id, v, r, on)
			return err
		})
	})
}

// onStop records 息诉罢访: the petitioner has stopped petitioning.
func (c *caseDetail) onStop() {
	c.onDateStep(lang.L("case.step.stop"), lang.L("case.form.stopped_on"), c.e.backend.StopPetitioning)
}

// onDateStep is a lifecycle step that asks for nothing but its date (异议, 息诉罢访).
func (c *caseDetail) onDateStep(title, label string, step func(ctx context.Context, a model.Actor, id int64, version int, on model.Date) (model.Case, error)) {
	f := newCaseForm(title)
	f.date("on", label, c.e.today())
	c.showForm(f, func() {
		on, err := f.dateValue("on")
		if err != nil {
			c.fail(err, f)
			return
		}
		id, v := c.id, c.detail.Version
		c.write(f, func(ctx context.Context, a model.Actor) error {
			_, err := step(ctx, a, id, v, on)
			return err
		})
	})
}

// supervisionBox lists the 督办 of the case, each with its reply or a button to record it.
func (c *caseDetail) supervisionBox() fyne.CanvasObject {
	box := container.NewVBox()
	today := c.e.today()
	for _, sv := range c.detail.Supervisions {
		text := lang.L("case.supervision.shown", map[string]any{"Issuer": sv.Issuer, "Date": sv.IssuedOn.String(), "Demand": sv.Demand})
		l := caseText(text)
		row := container.NewVBox(l)
		switch {
		case !sv.RepliedOn.IsZero():
			row.Add(caseText(lang.L("case.supervision.replied", map[string]any{"Date": sv.RepliedOn.String(), "Reply": sv.Reply})))
		default:
			if !sv.DueOn.IsZero() {
				due := widget.NewLabel(lang.L("case.supervision.due", map[string]any{"Date": sv.DueOn.String()}))
				if sv.DueOn.Before(today) {
					due.Importance = widget.DangerImportance
				}
				row.Add(due)
			}
			sv := sv
			row.Add(container.NewHBox(c.action("supervision.reply."+strconv.FormatInt(sv.ID, 10), lang.L("case.supervision.reply"),
				true, model.ActSupervisionEdit, func() { c.onSupervision(sv) })))
		}
		box.Add(row)
	}
	if len(c.detail.Supervisions) == 0 {
		box.Add(widget.NewLabel(lang.L("case.supervision.none")))
	}
	box.Add(container.NewHBox(c.action("supervision.add", lang.L("case.supervision.add"), true, model.ActSupervisionEdit,
		func() { c.onSupervision(model.Supervision{CaseID: c.id, IssuedOn: c.e.today()}) })))
	return box
}

// onSupervision records a new 督办 (sv.ID 0) or the reply to one.
func (c *caseDetail) onSupervision(sv model.Supervision) {
	title := lang.L("case.supervision.add")
	if sv.ID != 0 {
		title = lang.L("case.supervision.reply")
	}
	f := newCaseForm(title)
	f.entry("issuer", lang.L("case.form.issuer"), sv.Issuer)
	f.date("issued_on", lang.L("case.form.issued_on"), sv.IssuedOn)
	f.text("demand", lang.L("case.form.demand"), sv.Demand)
	f.date("due_on", lang.L("case.form.supervision_due"), sv.DueOn)
	if sv.ID != 0 {
		replied := sv.RepliedOn
		if replied.IsZero() {
			replied = c.e.today()
		}
		f.date("replied_on", lang.L("case.form.supervision_replied_on"), replied)
		f.text("reply", lang.L("case.form.supervision_reply"), sv.Reply)
	}
	c.showForm(f, func() {
		next := sv
		next.Issuer, next.Demand = f.value("issuer"), f.value("demand")
		var err error
		if next.IssuedOn, err = f.dateValue("issued_on"); err == nil {
			next.DueOn, err = f.dateValue("due_on")
		}
		if err == nil && sv.ID != 0 {
			next.Reply = f.value("reply")
			next.RepliedOn, err = f.dateValue("replied_on")
		}
		if err != nil {
			c.fail(err, f)
			return
		}
		c.write(f, func(ctx context.Context, a model.Actor) error {
			if next.ID == 0 {
				_, err := c.e.backend.AddSupervision(ctx, a, next)
				return err
			}
			_, err := c.e.backend.UpdateSupervision(ctx, a, next)
			return err
		})
	})
}
