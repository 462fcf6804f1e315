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

// casePerson is one petitioner on the 信访人 tab. The ID number and phone are shown
// masked, whatever the account may see, until 显示完整 asks the store for them, which
// records who looked at whose personal data.
type casePerson struct {
	p      model.Petitioner
	id     *widget.Label
	phone  *widget.Label
	reveal *widget.Button
}

func (c *caseDetail) peopleTab() fyne.CanvasObject {
	c.people = nil
	box := container.NewVBox()
	if c.detail.HeadCount >= model.GroupHeadCount {
		box.Add(widget.NewLabel(lang.L("case.people.group", map[string]any{"Count": c.detail.HeadCount})))
	}
	for i, p := range c.detail.Petitioners {
		row := &casePerson{p: p}
		c.people = append(c.people, row)
		shown, full := p, false
		if r, ok := c.revealed[p.ID]; ok {
			shown, full = r, true
		}
		idText, phoneText := shown.IDNumber, shown.Phone
		if !full {
			idText, phoneText = model.MaskIDNumber(p.IDNumber), model.MaskPhone(p.Phone)
		}
		row.id = widget.NewLabel(idText)
		row.phone = widget.NewLabel(phoneText)
		row.reveal = widget.NewButton(lang.L("case.people.reveal"), func() { c.revealPetitioner(row) })
		if full || p.IDNumber == "" && p.Phone == "" {
			row.reveal.Hide()
		}
		if !c.mayReveal() {
			row.reveal.Disable()
		}
		c.buttons["people.reveal."+strconv.FormatInt(p.ID, 10)] = row.reveal

		title := p.Name
		if i == 0 {
			title = lang.L("case.people.lead", map[string]any{"Name": p.Name})
		}
		form := widget.NewForm(
			widget.NewFormItem(lang.L("case.people.id_kind"), widget.NewLabel(caseIDKindText(p.IDKind))),
			widget.NewFormItem(lang.L("case.people.id_number"), row.id),
			widget.NewFormItem(lang.L("case.people.phone"), row.phone),
			widget.NewFormItem(lang.L("case.people.address"), caseText(p.Address)),
			widget.NewFormItem(lang.L("case.people.place"), widget.NewLabel(c.placeOf(p))),
		)
		box.Add(widget.NewCard(title, "", container.NewVBox(form, container.NewHBox(row.reveal))))
	}
	if len(c.detail.Petitioners) == 0 {
		box.Add(widget.NewLabel(lang.L("case.people.none")))
	}
	return container.NewVScroll(box)
}

// mayReveal reports whether 显示完整 is worth offering: clerks and administrators may see
// anyone's data, a 包案领导 that of the petitioners of cases they carry.
func (c *caseDetail) mayReveal() bool {
	return model.Can(c.e.actor.Role, model.ActPIIReveal) || c.carried()
}

// placeOf names a petitioner's street and community.
func (c *caseDetail) placeOf(p model.Petitioner) string {
	s := ""
	if p.StreetID != nil {
		s = c.unitName(*p.StreetID)
	}
	if p.CommunityID != nil {
		s += " " + c.unitName(*p.CommunityID)
	}
	return s
}

// unitName names a unit from the dictionary read when the screen opened.
func (c *caseDetail) unitName(id int64) string {
	for _, u := range c.dict.units {
		if u.ID == id {
			return u.Name
		}
	}
	return lookupName(nil, id)
}

func (c *caseDetail) revealPetitioner(row *casePerson) {
	row.reveal.Disable()
	a, id := c.e.actor, row.p.ID
	c.e.bg.run(func() func() {
		p, err := c.e.backend.RevealPetitioner(context.Background(), a, id)
		return func() {
			if err != nil {
				row.reveal.Enable()
				c.fail(err, nil)
				return
			}
			c.revealed[id] = p
			row.id.SetText(p.IDNumber)
			row.phone.SetText(p.Phone)
			row.reveal.Hide()
		}
	})
}
