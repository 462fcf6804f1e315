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

// caseBasic is the 基本信息 tab: the registration fields, editable in place by an account
// that may correct them (UpdateCase, with the loaded version).
type caseBasic struct {
	form *caseForm // the fields, laid out in the tab rather than a dialog

	received, headCount     *widget.Entry
	summary, demands, note  *widget.Entry
	channel, category       *widget.Select
	street, community       *widget.Select
	target                  *widget.Select
	repeat, skip, backlog   *widget.Check
	supervised              *widget.Check
	streetIDs, communityIDs []int64
}

func (c *caseDetail) basicTab() fyne.CanvasObject {
	d := &c.detail
	b := &caseBasic{form: newCaseForm("")}
	f := b.form
	c.basic = b

	f.add("no", lang.L("case.field.no"), widget.NewLabel(d.No))
	b.received = f.date("received", lang.L("case.field.received"), d.ReceivedOn)
	if d.Status != model.StatusRegistered {
		b.received.Disable() // the store refuses a new received date after the decision
	}
	codes, labels := caseOptions(model.Channels, channelText)
	b.channel = f.choice("channel", lang.L("case.field.channel"), codes, labels, string(d.Channel))
	b.headCount = f.entry("head_count", lang.L("case.field.head_count"), strconv.Itoa(d.HeadCount))

	var catCodes, catLabels []string
	for _, cat := range c.dict.categories {
		if cat.Active || cat.ID == d.CategoryID {
			catCodes = append(catCodes, strconv.FormatInt(cat.ID, 10))
			catLabels = append(catLabels, cat.Name)
		}
	}
	b.category = f.choice("category", lang.L("case.field.category"), catCodes, catLabels, strconv.FormatInt(d.CategoryID, 10))
	b.summary = f.text("summary", lang.L("case.field.summary"), d.Summary)
	b.demands = f.text("demands", lang.L("case.field.demands"), d.Demands)

	var stCodes, stLabels []string
	for _, u := range c.dict.units {
		if u.Kind == model.UnitStreet && (u.Active || u.ID == d.StreetID) {
			stCodes = append(stCodes, strconv.FormatInt(u.ID, 10))
			stLabels = append(stLabels, u.Name)
		}
	}
	b.street = f.choice("street", lang.L("case.field.street"), stCodes, stLabels, strconv.FormatInt(d.StreetID, 10))
	b.community = f.choice("community", lang.L("case.field.community"), nil, nil, "")
	c.fillCommunities(b, d.StreetID, d.CommunityID)
	b.street.OnChanged = func(string) { c.fillCommunities(b, f.id("street"), nil) }

	codes, labels = caseOptions([]model.Target{model.TargetNone, model.TargetInstant, model.TargetDaily, model.TargetFive}, caseTargetText)
	b.target = f.choice("target", lang.L("case.field.target"), codes, labels, string(d.Target))
	b.repeat = f.check("repeat", lang.L("case.field.repeat"), d.Repeat)
	b.skip = f.check("skip_level", lang.L("case.field.skip_level"), d.SkipLevel)
	b.backlog = f.check("backlog", lang.L("case.field.backlog"), d.Backlog)
	b.supervised = f.check("supervised", lang.L("case.field.supervised"), d.Supervised)
	b.note = f.text("note", lang.L("case.field.note"), d.Note)

	save := c.action("basic.save", lang.L("case.basic.save"), true, model.ActCaseEdit, c.saveBasic)
	if !c.may(model.ActCaseEdit) {
		for _, e := range f.entries {
			e.Disable()
		}
		for _, s := range f.selects {
			s.Disable()
		}
		for _, ch := range f.checks {
			ch.Disable()
		}
	}
	form := widget.NewForm(f.items...)
	return container.NewVScroll(container.NewVBox(form, container.NewHBox(save)))
}

// fillCommunities offers the communities of a street, keeping selected when given.
func (c *caseDetail) fillCommunities(b *caseBasic, streetID int64, selected *int64) {
	codes, labels := []string{""}, []string{lang.L("case.field.community_none")}
	for _, u := range c.dict.units {
		if u.Kind == model.UnitCommunity && u.ParentID != nil && *u.ParentID == streetID &&
			(u.Active || selected != nil && *selected == u.ID) {
			codes = append(codes, strconv.FormatInt(u.ID, 10))
			labels = append(labels, u.Name)
		}
	}
	b.form.codes["community"] = codes
	b.community.SetOptions(labels)
	b.community.SetSelectedIndex(0)
	if selected != nil {
		for i, code := range codes {
			if code == strconv.FormatInt(*selected, 10) {
				b.community.SetSelectedIndex(i)
			}
		}
	}
}

// saveBasic saves the registration fields over the version that was loaded.
func (c *caseDetail) saveBasic() {
	b, f := c.basic, c.basic.form
	next := c.detail.Case
	received, err := f.dateValue("received")
	if err != nil {
		c.fail(err, nil)
		return
	}
	heads, err := f.intValue("head_count")
	if err != nil {
		c.fail(err, nil)
		return
	}
	next.ReceivedOn, next.HeadCount = received, heads
	next.Channel = model.Channel(f.code("channel"))
	next.CategoryID, next.StreetID = f.id("category"), f.id("street")
	next.CommunityID = nil
	if id := f.id("community"); id != 0 {
		next.CommunityID = &id
	}
	next.Target = model.Target(f.code("target"))
	next.Summary, next.Demands, next.Note = b.summary.Text, b.demands.Text, b.note.Text
	next.Repeat, next.SkipLevel, next.Backlog, next.Supervised = b.repeat.Checked, b.skip.Checked, b.backlog.Checked, b.supervised.Checked
	c.write(nil, func(ctx context.Context, a model.Actor) error {
		_, err := c.e.backend.UpdateCase(ctx, a, next)
		return err
	})
}
