package ui

import (
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

// idKinds are the document kinds in the order the form offers them.
var idKinds = []model.IDKind{model.IDResident, model.IDPassport, model.IDHKMacao, model.IDTaiwan, model.IDOther}

func idKindText(k model.IDKind) string {
	switch k {
	case model.IDPassport:
		return lang.L("register.idkind.passport")
	case model.IDHKMacao:
		return lang.L("register.idkind.hkmo")
	case model.IDTaiwan:
		return lang.L("register.idkind.taiwan")
	case model.IDOther:
		return lang.L("register.idkind.other")
	}
	return lang.L("register.idkind.resident")
}

// petitionerForm is the part of the 登记 form for one petitioner (信访人). The first is
// the lead petitioner (第一信访人); in a 集体访 the others are the representatives.
type petitionerForm struct {
	r     *register
	title *widget.Label
	box   *fyne.Container

	idKind   *formSelect
	idNumber *formEntry
	name     *formEntry
	phone    *formEntry
	address  *formEntry
	remove   *widget.Button

	// errs are the messages beside the fields, keyed by the field names model's
	// validation uses (model.FieldError.Field).
	errs map[string]fieldError
}

func newPetitionerForm(r *register) *petitionerForm {
	p := &petitionerForm{r: r, errs: map[string]fieldError{}}
	for _, f := range []string{fieldIDKind, fieldIDNumber, fieldName, fieldPhone, fieldAddress} {
		p.errs[f] = newFieldError()
	}
	kinds := make([]string, len(idKinds))
	for i, k := range idKinds {
		kinds[i] = idKindText(k)
	}
	p.idKind = newFormSelect(kinds, nil)
	p.idKind.SetSelectedIndex(0)
	p.idKind.OnChanged = func(string) { p.checkIDNumber(false) }
	p.idKind.enter = r.focusNext

	p.idNumber = r.entry(false, lang.L("register.idnumber.placeholder"))
	p.idNumber.OnChanged = func(string) { p.checkIDNumber(false); r.lookupRepeats() }
	p.idNumber.focusLost = func() { p.tidyIDNumber(); p.checkIDNumber(true) }

	p.name = r.entry(false, "")
	p.name.OnChanged = func(string) { p.errs[fieldName].set(""); r.lookupRepeats() }

	p.phone = r.entry(false, lang.L("register.phone.placeholder"))
	p.phone.OnChanged = func(string) { p.checkPhone(false); r.lookupRepeats() }
	p.phone.focusLost = func() { p.checkPhone(true) }

	p.address = r.entry(false, "")
	p.address.OnChanged = func(string) { r.lookupRepeats() }

	p.remove = widget.NewButtonWithIcon(lang.L("register.petitioner.remove"), theme.ContentRemoveIcon(), func() { r.removePetitioner(p) })
	p.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})

	row := func(label string, field fyne.CanvasObject, key string) []fyne.CanvasObject {
		return []fyne.CanvasObject{r.label(label), withFieldError(field, p.errs[key])}
	}
	var cells []fyne.CanvasObject
	cells = append(cells, row(lang.L("register.field.idkind"), p.idKind, fieldIDKind)...)
	cells = append(cells, row(lang.L("register.field.idnumber"), p.idNumber, fieldIDNumber)...)
	cells = append(cells, row(lang.L("register.field.name"), p.name, fieldName)...)
	cells = append(cells, row(lang.L("register.field.phone"), p.phone, fieldPhone)...)
	cells = append(cells, row(lang.L("register.field.address"), p.address, fieldAddress)...)
	p.box = container.NewVBox(
		container.NewHBox(p.title, layout.NewSpacer(), p.remove),
		container.New(layout.NewFormLayout(), cells...),
	)
	return p
}

// setIndex titles the block as petitioner i (from 0); only the lead cannot be removed.
func (p *petitionerForm) setIndex(i int) {
	if i == 0 {
		p.title.SetText(lang.L("register.petitioner.lead"))
		p.remove.Hide()
		return
	}
	p.title.SetText(lang.L("register.petitioner.nth", map[string]any{"N": i + 1}))
	p.remove.Show()
}

func (p *petitionerForm) kind() model.IDKind {
	if i := p.idKind.SelectedIndex(); i >= 0 {
		return idKinds[i]
	}
	return model.IDResident
}

// blank reports whether nothing was typed for this petitioner.
func (p *petitionerForm) blank() bool {
	for _, e := range []*formEntry{p.idNumber, p.name, p.phone, p.address} {
		if strings.TrimSpace(e.Text) != "" {
			return false
		}
	}
	return true
}

// petitioner is what the block holds, tidied the way the store keeps it.
func (p *petitionerForm) petitioner(street, community *int64) model.Petitioner {
	pt := model.Petitioner{
		IDNumber: model.NormalizeIDNumber(p.idNumber.Text),
		Name:     strings.TrimSpace(p.name.Text),
		Phone:    model.NormalizePhone(p.phone.Text),
		Address:  strings.TrimSpace(p.address.Text),
	}
	if pt.IDNumber != "" {
		pt.IDKind = p.kind()
	}
	pt.StreetID, pt.CommunityID = street, community
	return pt
}

// repeatQuery is what identifies this petitioner for the repeat lookup: only a complete
// ID number or phone, since a half-typed one matches nobody, and name with address.
func (p *petitionerForm) repeatQuery() (model.RepeatQuery, bool) {
	var q model.RepeatQuery
	if idn := model.NormalizeIDNumber(p.idNumber.Text); idn != "" && (p.kind() != model.IDResident || model.CheckIDNumber(idn) == nil) {
		q.IDNumber = idn
	}
	if phone := model.NormalizePhone(p.phone.Text); phone != "" && model.CheckPhone(phone) == nil {
		q.Phone = phone
	}
	if name, addr := strings.TrimSpace(p.name.Text), strings.TrimSpace(p.address.Text); name != "" && addr != "" {
		q.Name, q.Address = name, addr
	}
	return q, q.IDNumber != "" || q.Phone != "" || q.Name != ""
}

// checkIDNumber checks a 居民身份证号 as it is typed: a wrong character at once, the
// rest once 18 characters are there, or when the clerk moves on (done).
func (p *petitionerForm) checkIDNumber(done bool) {
	msg := ""
	idn := model.NormalizeIDNumber(p.idNumber.Text)
	if idn != "" && p.kind() == model.IDResident {
		complete := done || utf8.RuneCountInString(idn) >= 18 || strings.ContainsFunc(idn, func(r rune) bool { return (r < '0' || r > '9') && r != 'X' })
		if err := model.CheckIDNumber(idn); err != nil && complete {
			msg = validMsg(model.FieldErrorOf(fieldIDNumber, err))
		}
	}
	p.errs[fieldIDNumber].set(msg)
}

// tidyIDNumber writes the number the way it is stored (half-width, upper-case X) once the
// clerk leaves the field, so that what is checked is what is shown.
func (p *petitionerForm) tidyIDNumber() {
	if idn := model.NormalizeIDNumber(p.idNumber.Text); idn != p.idNumber.Text {
		p.idNumber.SetText(idn)
	}
}

// checkPhone checks a phone number once it has a mobile's 11 digits, or when the clerk
// moves on (done).
func (p *petitionerForm) checkPhone(done bool) {
	msg := ""
	phone := model.NormalizePhone(p.phone.Text)
	digits := 0
	for _, r := range phone {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	if phone != "" && (done || digits >= 11) {
		if err := model.CheckPhone(phone); err != nil {
			msg = validMsg(model.FieldErrorOf(fieldPhone, err))
		}
	}
	p.errs[fieldPhone].set(msg)
}

func (p *petitionerForm) clearErrors() {
	for _, e := range p.errs {
		e.set("")
	}
}
