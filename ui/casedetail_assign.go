package ui

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

// caseDuty is one of the four duties (四包) on the 包案 tab: its progress and note, saved
// with its own button.
type caseDuty struct {
	duty   model.Duty
	status *widget.Select
	note   *widget.Entry
	save   *widget.Button
}

// assignTab is 包案: each leader carrying the case with the 化解方案, the four duties,
// the 稳控 log and 销号.
func (c *caseDetail) assignTab() fyne.CanvasObject {
	c.duties, c.plans, c.logs = map[int64]*caseDuty{}, map[int64]*widget.Entry{}, map[int64]*widget.Entry{}
	box := container.NewVBox(container.NewHBox(
		c.action("assign", lang.L("case.assign.add"), true, model.ActAssign, c.onAssign)))
	for i := range c.detail.Assignments {
		box.Add(c.assignmentCard(&c.detail.Assignments[i]))
	}
	if len(c.detail.Assignments) == 0 {
		box.Add(widget.NewLabel(lang.L("case.assign.none")))
	}
	return container.NewVScroll(box)
}

// editable reports whether the signed-in account may record progress on asg: the role
// must allow it, a leader only on their own 包案, and nothing changes after 销号.
func (c *caseDetail) editable(asg *model.AssignmentDetail) bool {
	if !c.may(model.ActDutyEdit) || !asg.StruckOffOn.IsZero() {
		return false
	}
	return c.e.actor.Role != model.RoleLeader || asg.LeaderID == c.e.actor.LeaderID
}

func (c *caseDetail) assignmentCard(asg *model.AssignmentDetail) fyne.CanvasObject {
	key := strconv.FormatInt(asg.ID, 10)
	canEdit := c.editable(asg)
	l := asg.Leader
	title := lang.L("case.assign.leader", map[string]any{"Name": l.Name, "Level": caseLevelText(l.Level), "Title": l.Title})
	sub := lang.L("case.assign.since", map[string]any{"Date": asg.AssignedOn.String()})

	plan := widget.NewMultiLineEntry()
	plan.Wrapping = fyne.TextWrapWord
	plan.SetMinRowsVisible(3)
	plan.SetText(asg.Plan)
	c.plans[asg.ID] = plan
	savePlan := c.action("plan.save."+key, lang.L("case.assign.plan_save"), true, model.ActDutyEdit, func() {
		id, v, text := asg.ID, asg.Version, plan.Text
		c.write(nil, func(ctx context.Context, a model.Actor) error {
			_, err := c.e.backend.UpdatePlan(ctx, a, id, v, text)
			return err
		})
	})

	duties := widget.NewForm()
	for _, d := range asg.Duties {
		duties.AppendItem(widget.NewFormItem(caseDutyText(d.Kind), c.dutyRow(d, canEdit)))
	}

	logs := container.NewVBox()
	for _, lg := range asg.Logs {
		logs.Add(caseText(lang.L("case.log.shown", map[string]any{"Date": lg.LoggedOn.String(), "Author": lg.Author, "Note": lg.Note})))
	}
	logEntry := widget.NewEntry()
	logEntry.SetPlaceHolder(lang.L("case.log.placeholder"))
	c.logs[asg.ID] = logEntry
	addLog := c.action("log.add."+key, lang.L("case.log.add"), true, model.ActDutyEdit, func() {
		lg := model.StabilityLog{AssignmentID: asg.ID, LoggedOn: c.e.today(), Note: logEntry.Text}
		c.write(nil, func(ctx context.Context, a model.Actor) error {
			_, err := c.e.backend.AddStabilityLog(ctx, a, lg)
			return err
		})
	})
	logs.Add(container.NewBorder(nil, nil, nil, addLog, logEntry))

	if !canEdit {
		plan.Disable()
		savePlan.Disable()
		logEntry.Disable()
		addLog.Disable()
	}

	content := container.NewVBox(
		widget.NewLabelWithStyle(lang.L("case.assign.plan"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		plan, container.NewHBox(savePlan),
		widget.NewLabelWithStyle(lang.L("case.assign.duties"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		duties,
		widget.NewLabelWithStyle(lang.L("case.assign.logs"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		logs,
		widget.NewSeparator(),
		c.strikeOffRow(asg),
	)
	return widget.NewCard(title, sub, content)
}

// dutyRow shows one duty's progress and note, with a save button.
func (c *caseDetail) dutyRow(d model.Duty, canEdit bool) fyne.CanvasObject {
	codes, labels := caseOptions(model.DutyStatuses, caseDutyStatusText)
	row := &caseDuty{duty: d}
	f := newCaseForm("")
	row.status = f.choice("status", "", codes, labels, string(d.Status))
	row.note = widget.NewEntry()
	row.note.SetText(d.Note)
	row.note.SetPlaceHolder(lang.L("case.duty.note_placeholder"))
	row.save = c.action("duty.save."+strconv.FormatInt(d.ID, 10), lang.L("case.duty.save"), true, model.ActDutyEdit, func() {
		next := row.duty
		next.Status, next.Note, next.UpdatedOn = model.DutyStatus(f.code("status")), row.note.Text, c.e.today()
		c.write(nil, func(ctx context.Context, a model.Actor) error {
			_, err := c.e.backend.UpdateDuty(ctx, a, next)
			return err
		})
	})
	if !canEdit {
		row.status.Disable()
		row.note.Disable()
		row.save.Disable()
	}
	c.duties[d.ID] = row
	when := ""
	if !d.UpdatedOn.IsZero() {
		when = lang.L("case.duty.updated", map[string]any{"Date": d.UpdatedOn.String()})
	}
	return container.NewBorder(nil, nil, row.status, container.NewHBox(widget.NewLabel(when), row.save), row.note)
}

// strikeOffOpen reports whether some 包案 of the case can be struck off (销号) now: the
// case is answered, and one not yet struck off has all four duties done.
func (c *caseDetail) strikeOffOpen() bool {
	for i := range c.detail.Assignments {
		if c.strikeOffBlocker(&c.detail.Assignments[i]) == "" {
			return true
		}
	}
	return false
}

// strikeOffBlocker says why asg cannot be struck off yet, "" when it can.
func (c *caseDetail) strikeOffBlocker(asg *model.AssignmentDetail) string {
	switch {
	case !asg.StruckOffOn.IsZero():
		return lang.L("case.strike.done", map[string]any{"Date": asg.StruckOffOn.String(), "By": asg.StruckOffBy, "Note": asg.StruckOffNote})
	case !c.detail.Status.IsClosed():
		return lang.L("case.strike.not_closed")
	}
	var undone []string
	for _, k := range model.DutyKinds {
		status := model.DutyTodo
		for _, d := range asg.Duties {
			if d.Kind == k {
				status = d.Status
			}
		}
		if status != model.DutyDone {
			undone = append(undone, caseDutyText(k))
		}
	}
	if len(undone) > 0 {
		return lang.L("case.strike.duties", map[string]any{"Duties": strings.Join(undone, lang.L("case.list.sep"))})
	}
	return ""
}

// strikeOffRow shows the 销号 record, or why it is not possible yet, or the button.
func (c *caseDetail) strikeOffRow(asg *model.AssignmentDetail) fyne.CanvasObject {
	why := c.strikeOffBlocker(asg)
	b := c.action("strike_off."+strconv.FormatInt(asg.ID, 10), lang.L("case.step.strike_off"), why == "", model.ActStrikeOff, func() { c.onStrikeOff(asg) })
	return container.NewVBox(caseText(why), container.NewHBox(b))
}

func (c *caseDetail) onStrikeOff(asg *model.AssignmentDetail) {
	f := newCaseForm(lang.L("case.step.strike_off"))
	f.date("on", lang.L("case.form.struck_on"), c.e.today())
	f.entry("by", lang.L("case.form.strike_by"), "")
	f.text("note", lang.L("case.form.strike_note"), "")
	id, v := asg.ID, asg.Version
	c.showForm(f, func() {
		on, err := f.dateValue("on")
		if err != nil {
			c.fail(err, f)
			return
		}
		by, note := f.value("by"), f.value("note")
		c.write(f, func(ctx context.Context, a model.Actor) error {
			_, err := c.e.backend.StrikeOff(ctx, a, id, v, on, by, note)
			return err
		})
	})
}

// onAssign makes a leader carry the case (确定包案领导) with a first 化解方案.
func (c *caseDetail) onAssign() {
	carrying := map[int64]bool{}
	for _, a := range c.detail.Assignments {
		carrying[a.LeaderID] = true
	}
	var codes, labels []string
	for _, l := range c.dict.leaders {
		if l.Active && !carrying[l.ID] {
			codes = append(codes, strconv.FormatInt(l.ID, 10))
			labels = append(labels, lang.L("case.assign.option", map[string]any{"Name": l.Name, "Level": caseLevelText(l.Level), "Title": l.Title}))
		}
	}
	f := newCaseForm(lang.L("case.assign.add"))
	f.choice("leader", lang.L("case.form.leader"), codes, labels, "")
	f.date("on", lang.L("case.form.assigned_on"), c.e.today())
	f.text("plan", lang.L("case.assign.plan"), "")
	c.showForm(f, func() {
		on, err := f.dateValue("on")
		if err != nil {
			c.fail(err, f)
			return
		}
		leader, plan, id := f.id("leader"), f.value("plan"), c.id
		if leader == 0 {
			c.fail(errors.New(lang.L("case.error.pick_leader")), f)
			return
		}
		c.write(f, func(ctx context.Context, a model.Actor) error {
			_, err := c.e.backend.AssignLeader(ctx, a, id, leader, on, plan)
			return err
		})
	})
}
