package ui

import (
	"context"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

// visitsTab is 四访: the case's visits as a timeline, oldest first, planned ones marked,
// and a button to record a visit of any of the four kinds.
func (c *caseDetail) visitsTab() fyne.CanvasObject {
	box := container.NewVBox(container.NewHBox(
		c.action("visit.add", lang.L("case.visit.add"), true, model.ActVisitEdit, func() { c.onVisit(c.newVisit()) })))
	for _, v := range c.detail.Visits {
		box.Add(c.visitCard(v))
	}
	if len(c.detail.Visits) == 0 {
		box.Add(widget.NewLabel(lang.L("case.visit.none")))
	}
	return container.NewVScroll(box)
}

// newVisit is a visit as the form starts: today, led by the signed-in leader or else
// by the first leader carrying the case.
func (c *caseDetail) newVisit() model.Visit {
	v := model.Visit{CaseID: c.id, Kind: model.VisitHome, VisitedOn: c.e.today()}
	switch {
	case c.e.actor.Role == model.RoleLeader && c.e.actor.LeaderID != 0:
		id := c.e.actor.LeaderID
		v.LeaderID = &id
	case len(c.detail.Assignments) > 0:
		id := c.detail.Assignments[0].LeaderID
		v.LeaderID = &id
	}
	if c.detail.Status.IsClosed() {
		v.Kind = model.VisitFollowUp
	}
	return v
}

func (c *caseDetail) visitCard(v model.Visit) fyne.CanvasObject {
	head := lang.L("case.visit.head", map[string]any{"Date": v.VisitedOn.String(), "Kind": caseVisitText(v.Kind)})
	if v.Planned {
		head = lang.L("case.visit.head_planned", map[string]any{"Date": v.VisitedOn.String(), "Kind": caseVisitText(v.Kind)})
	}
	form := widget.NewForm()
	add := func(label, text string) {
		if text != "" {
			form.AppendItem(widget.NewFormItem(label, caseText(text)))
		}
	}
	if v.LeaderID != nil {
		add(lang.L("case.form.visit_leader"), c.leaderName(*v.LeaderID))
	}
	add(lang.L("case.form.visit_others"), v.Leaders)
	add(lang.L("case.form.place"), v.Place)
	add(lang.L("case.form.people_met"), v.PeopleMet)
	add(lang.L("case.form.visit_notes"), v.Notes)
	add(lang.L("case.form.outcome"), v.Outcome)
	add(lang.L("case.form.next_step"), v.NextStep)
	if v.Rating.Rated() {
		add(lang.L("case.form.rating"), caseRatingText(v.Rating))
	}
	key := strconv.FormatInt(v.ID, 10)
	edit := c.action("visit.edit."+key, lang.L("case.visit.edit"), true, model.ActVisitEdit, func() { c.onVisit(v) })
	del := c.action("visit.delete."+key, lang.L("case.visit.delete"), true, model.ActVisitEdit, func() { c.onDeleteVisit(v) })
	style := fyne.TextStyle{Bold: true} // a planned visit says so in its heading; no italic, which would load the CJK font once more (about 11 MB)
	return container.NewVBox(widget.NewSeparator(),
		widget.NewLabelWithStyle(head, fyne.TextAlignLeading, style), form, container.NewHBox(edit, del))
}

// leaderName names a leader from the dictionary read when the screen opened.
func (c *caseDetail) leaderName(id int64) string {
	for _, l := range c.dict.leaders {
		if l.ID == id {
			return l.Name
		}
	}
	return lookupName(nil, id)
}

// onVisit records a new visit (v.ID 0) or changes one, for example when a planned visit
// has taken place.
func (c *caseDetail) onVisit(v model.Visit) {
	title := lang.L("case.visit.add")
	if v.ID != 0 {
		title = lang.L("case.visit.edit")
	}
	f := newCaseForm(title)
	codes, labels := caseOptions(model.VisitKinds, caseVisitText)
	f.choice("kind", lang.L("case.form.visit_kind"), codes, labels, string(v.Kind))
	f.date("on", lang.L("case.form.visited_on"), v.VisitedOn)
	f.check("planned", lang.L("case.form.planned"), v.Planned)
	var lCodes, lLabels []string
	selected := ""
	if v.LeaderID != nil {
		selected = strconv.FormatInt(*v.LeaderID, 10)
	}
	for _, l := range c.dict.leaders {
		if code := strconv.FormatInt(l.ID, 10); l.Active || code == selected {
			lCodes, lLabels = append(lCodes, code), append(lLabels, l.Name)
		}
	}
	f.choice("leader", lang.L("case.form.visit_leader"), lCodes, lLabels, selected)
	f.entry("others", lang.L("case.form.visit_others"), v.Leaders)
	f.entry("place", lang.L("case.form.place"), v.Place)
	f.entry("people", lang.L("case.form.people_met"), v.PeopleMet)
	f.text("notes", lang.L("case.form.visit_notes"), v.Notes)
	f.entry("outcome", lang.L("case.form.outcome"), v.Outcome)
	f.entry("next", lang.L("case.form.next_step"), v.NextStep)
	codes, labels = caseOptions(model.Ratings, caseRatingText)
	f.choice("rating", lang.L("case.form.visit_rating"), codes, labels, string(v.Rating))
	c.showForm(f, func() {
		next := v
		var err error
		if next.VisitedOn, err = f.dateValue("on"); err != nil {
			c.fail(err, f)
			return
		}
		next.Kind, next.Planned = model.VisitKind(f.code("kind")), f.checks["planned"].Checked
		next.LeaderID = nil
		if id := f.id("leader"); id != 0 {
			next.LeaderID = &id
		}
		next.Leaders, next.Place, next.PeopleMet = f.value("others"), f.value("place"), f.value("people")
		next.Notes, next.Outcome, next.NextStep = f.value("notes"), f.value("outcome"), f.value("next")
		next.Rating = model.Rating(f.code("rating"))
		c.write(f, func(ctx context.Context, a model.Actor) error {
			if next.ID == 0 {
				_, err := c.e.backend.AddVisit(ctx, a, next)
				return err
			}
			_, err := c.e.backend.UpdateVisit(ctx, a, next)
			return err
		})
	})
}

func (c *caseDetail) onDeleteVisit(v model.Visit) {
	msg := lang.L("case.visit.delete_confirm", map[string]any{"Date": v.VisitedOn.String(), "Kind": caseVisitText(v.Kind)})
	dialog.ShowConfirm(lang.L("case.visit.delete"), msg, func(ok bool) {
		if !ok {
			return
		}
		c.write(nil, func(ctx context.Context, a model.Actor) error {
			return c.e.backend.DeleteVisit(ctx, a, v.ID)
		})
	}, c.e.win)
}
