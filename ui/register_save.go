package ui

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

// collect reads the form into a case and its petitioners. Text that cannot even be read
// (a day that is no day, a head count that is no number) is returned as messages by
// field, and stands before whatever model's validation would say of the empty value.
func (r *register) collect() (model.Case, []model.Petitioner, []*petitionerForm, map[string]string) {
	bad := map[string]string{}
	c := model.Case{
		Summary:    r.summary.Text,
		Demands:    r.demands.Text,
		Note:       r.note.Text,
		Repeat:     r.repeatFlag.Checked,
		SkipLevel:  r.skipLevel.Checked,
		Backlog:    r.backlog.Checked,
		Supervised: r.supervised.Checked,
		CategoryID: r.category.selected(),
		StreetID:   r.street.selected(),
	}
	if i := r.channel.SelectedIndex(); i >= 0 {
		c.Channel = model.Channels[i]
	}
	if i := r.target.SelectedIndex(); i >= 0 {
		c.Target = targets[i]
	}
	if d, err := model.ParseDate(r.received.Text); err != nil {
		bad[fieldReceived] = err.Error()
	} else {
		c.ReceivedOn = d
	}
	if id := r.community.selected(); id != 0 {
		c.CommunityID = &id
	}
	if n, err := strconv.Atoi(strings.TrimSpace(r.headCount.Text)); err != nil {
		bad[fieldHeadCount] = lang.L("register.error.headcount")
	} else {
		c.HeadCount = n
	}

	// The lead petitioner always counts; a representative's block left empty is ignored.
	// The lead lives where the matter is, as far as the form knows.
	var ps []model.Petitioner
	var forms []*petitionerForm
	for i, p := range r.pets {
		if i > 0 && p.blank() {
			continue
		}
		var street, community *int64
		if i == 0 && c.StreetID != 0 {
			street, community = &c.StreetID, c.CommunityID
		}
		ps = append(ps, p.petitioner(street, community))
		forms = append(forms, p)
	}
	return c, ps, forms, bad
}

// validate checks the form with model's rules and shows every problem beside its field.
func (r *register) validate() (model.Case, []model.Petitioner, bool) {
	r.clearErrors()
	c, ps, forms, bad := r.collect()
	msgs := bad
	var other []string
	caseMsg := func(fe model.FieldError) {
		field := fe.Field
		if field == fieldIDNumber { // the same number twice: a matter of the petitioners
			field = fieldPetitioners
		}
		if _, ok := r.errs[field]; !ok {
			other = append(other, validLine(fe))
			return
		}
		if _, dup := msgs[field]; !dup {
			msgs[field] = validMsg(fe)
		}
	}
	eachField(c.Validate(), caseMsg)
	eachField(model.ValidateGroup(c.HeadCount, ps), caseMsg)
	ok := len(msgs) == 0
	for i, p := range ps {
		eachField(p.Validate(), func(fe model.FieldError) {
			ok = false
			if e, known := forms[i].errs[fe.Field]; known && e.Text == "" {
				e.set(validMsg(fe))
			} else if !known {
				other = append(other, validLine(fe))
			}
		})
	}
	for field, msg := range msgs {
		r.errs[field].set(msg)
	}
	r.formErr.set(strings.Join(other, "\n"))
	r.view.Refresh() // make room for the messages now, not at the next redraw
	return c, ps, ok && len(other) == 0
}

// eachField calls f for every problem err lists; an error that is no ValidationError
// counts as one problem of no field.
func eachField(err error, f func(model.FieldError)) {
	if err == nil {
		return
	}
	var ve model.ValidationError
	if !errors.As(err, &ve) {
		f(model.FieldError{Msg: err.Error()})
		return
	}
	for _, fe := range ve {
		f(fe)
	}
}

// focusFirstError puts the cursor in the first field, in form order, that has a message.
func (r *register) focusFirstError() {
	type pair struct {
		msg   fieldError
		field fyne.Focusable
	}
	order := []pair{{r.errs[fieldChannel], r.channel}, {r.errs[fieldReceived], r.received}}
	for _, p := range r.pets {
		order = append(order, pair{p.errs[fieldIDKind], p.idKind}, pair{p.errs[fieldIDNumber], p.idNumber},
			pair{p.errs[fieldName], p.name}, pair{p.errs[fieldPhone], p.phone}, pair{p.errs[fieldAddress], p.address})
	}
	order = append(order, pair{r.errs[fieldPetitioners], r.pets[0].name}, pair{r.errs[fieldHeadCount], r.headCount},
		pair{r.errs[fieldCategory], r.category.sel}, pair{r.errs[fieldStreet], r.street.sel},
		pair{r.errs[fieldSummary], r.summary}, pair{r.errs[fieldDemands], r.demands},
		pair{r.errs[fieldTarget], r.target}, pair{r.errs[fieldNote], r.note})
	for _, p := range order {
		if p.msg.Visible() {
			r.e.win.Canvas().Focus(p.field)
			return
		}
	}
}

// onSave registers the case (保存, Ctrl+S) once the form passes model's checks.
func (r *register) onSave() {
	if r.saving {
		return
	}
	c, ps, ok := r.validate()
	if !ok {
		r.focusFirstError()
		return
	}
	r.saving = true
	r.save.Disable()
	r.e.bg.run(func() func() {
		saved, err := r.src.CreateCase(context.Background(), r.e.actor, c, ps)
		return func() {
			r.saving = false
			r.save.Enable()
			if err != nil {
				dialog.ShowError(errors.New(lang.L("register.error.save", map[string]any{"Err": registerErrText(err)})), r.e.win)
				return
			}
			r.showSaved(saved)
		}
	})
}

// showSaved tells the new case's number and offers to open it or register the next. The
// form is emptied either way, so that the same petition is not saved twice.
func (r *register) showSaved(c model.Case) {
	r.lastSavedID = c.ID
	if r.saved == nil {
		r.savedNo = widget.NewLabel("")
		r.openSaved = newEnterButton(lang.L("register.saved.open"), theme.DocumentIcon(), func() {
			r.saved.Hide()
			r.e.nav.openCase(r.lastSavedID)
		})
		r.continueReg = newEnterButton(lang.L("register.saved.continue"), theme.ContentAddIcon(), func() {
			r.saved.Hide()
			r.focusFirst()
		})
		r.continueReg.Importance = widget.HighImportance
		content := container.NewVBox(r.savedNo, container.NewHBox(r.openSaved, r.continueReg))
		r.saved = dialog.NewCustomWithoutButtons(lang.L("register.saved.title"), content, r.e.win)
	}
	r.savedNo.SetText(lang.L("register.saved.text", map[string]any{"No": c.No}))
	r.clear(true)
	r.saved.Show()
	r.e.win.Canvas().Focus(r.continueReg)
}

// focusFirst puts the cursor where a new registration starts.
func (r *register) focusFirst() {
	if r.channel.SelectedIndex() < 0 {
		r.e.win.Canvas().Focus(r.channel)
		return
	}
	r.e.win.Canvas().Focus(r.pets[0].idNumber)
}
