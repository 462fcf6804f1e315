package ui

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

// Registrar is what the 登记 screen needs from the database.
type Registrar interface {
	// CreateCase registers a case with its petitioners, lead first, and returns it
	// numbered, with its clocks started.
	CreateCase(ctx context.Context, a model.Actor, c model.Case, ps []model.Petitioner) (model.Case, error)
	// FindRepeats lists the earlier cases of a petitioner (by ID number, else phone,
	// else name and address), newest first, with the statute's bars (art. 19, art. 36).
	FindRepeats(ctx context.Context, a model.Actor, q model.RepeatQuery) ([]model.RepeatMatch, error)
	// Streets lists the streets (街道).
	Streets(ctx context.Context) ([]model.Unit, error)
	// Communities lists the communities (社区) of one street.
	Communities(ctx context.Context, streetID int64) ([]model.Unit, error)
	// Categories lists the 问题类别.
	Categories(ctx context.Context) ([]model.Category, error)
}

// The names model's validation gives the fields (model.FieldError.Field), which place
// each message beside its field. They are keys, not text shown as such.
const (
	fieldChannel     = "信访形式"
	fieldReceived    = "登记日期"
	fieldCategory    = "问题类别"
	fieldStreet      = "所属街道"
	fieldSummary     = "事项摘要"
	fieldDemands     = "诉求"
	fieldHeadCount   = "人数"
	fieldTarget      = "内部时限"
	fieldNote        = "备注"
	fieldPetitioners = "信访人"
	fieldIDKind      = "证件类型"
	fieldIDNumber    = "证件号码"
	fieldName        = "姓名"
	fieldPhone       = "联系电话"
	fieldAddress     = "住址"
)

// targets are the internal time limits in the order the form offers them.
var targets = []model.Target{model.TargetNone, model.TargetInstant, model.TargetDaily, model.TargetFive}

func targetText(t model.Target) string {
	switch t {
	case model.TargetInstant:
		return lang.L("register.target.instant")
	case model.TargetDaily:
		return lang.L("register.target.daily")
	case model.TargetFive:
		return lang.L("register.target.five")
	}
	return lang.L("register.target.none")
}

// saveShortcut is Ctrl+S (⌘S on macOS).
var saveShortcut = &desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault}

// register is the 登记 screen: a keyboard-first form for a new case (Tab and Enter move
// on, Ctrl+S saves) with each problem shown beside its field, and beside it the panel of
// the petitioners' earlier cases, looked up as they are typed.
type register struct {
	e    *env
	src  Registrar
	view fyne.CanvasObject

	channel    *formSelect
	received   *formEntry
	pets       []*petitionerForm
	petBox     *fyne.Container
	addPet     *widget.Button
	headCount  *formEntry
	groupHint  *widget.Label
	category   *idSelect
	street     *idSelect
	community  *idSelect
	summary    *formEntry
	demands    *formEntry
	target     *formSelect
	repeatFlag *widget.Check
	skipLevel  *widget.Check
	backlog    *widget.Check
	supervised *widget.Check
	note       *formEntry
	save       *widget.Button
	reset      *widget.Button
	errs       map[string]fieldError // beside the case's fields, by model field name
	formErr    fieldError            // problems of no one field
	labelWidth float32               // of the widest field label

	repeats *repeatPanel

	// After a save: the dialog with the new number and its two ways on.
	saved        dialog.Dialog
	savedNo      *widget.Label
	openSaved    *enterButton
	continueReg  *enterButton
	lastSavedID  int64
	saving       bool
	streetLoaded int64 // the street whose communities are shown or on their way
}

func newRegister(e *env) *register {
	r := &register{e: e, src: e.backend, errs: map[string]fieldError{}, formErr: newFieldError()}
	r.repeats = newRepeatPanel(r)
	r.buildUI()
	r.loadLists()
	e.win.Canvas().AddShortcut(saveShortcut, func(fyne.Shortcut) {
		if onScreen(e.win, r.view) {
			r.onSave()
		}
	})
	return r
}

// entry makes a field of the form: Enter moves to the next field, Ctrl+S saves.
func (r *register) entry(multiLine bool, placeholder string) *formEntry {
	e := newFormEntry(multiLine)
	e.SetPlaceHolder(placeholder)
	e.shortcut = r.shortcut
	e.OnSubmitted = func(string) { r.focusNext() }
	return e
}

// label is a field's label, as wide as the widest of the form.
func (r *register) label(text string) fyne.CanvasObject {
	return container.New(labelColumn{r.labelWidth}, widget.NewLabel(text))
}

func (r *register) buildUI() {
	for _, s := range []string{lang.L("register.field.channel"), lang.L("register.field.received"),
		lang.L("register.field.idkind"), lang.L("register.field.idnumber"), lang.L("register.field.name"),
		lang.L("register.field.phone"), lang.L("register.field.address"), lang.L("register.field.headcount"),
		lang.L("register.field.category"), lang.L("register.field.street"), lang.L("register.field.community"),
		lang.L("register.field.summary"), lang.L("register.field.demands"), lang.L("register.field.target"),
		lang.L("register.field.flags"), lang.L("register.field.note")} {
		r.labelWidth = max(r.labelWidth, widget.NewLabel(s).MinSize().Width)
	}
	for _, f := range []string{fieldChannel, fieldReceived, fieldCategory, fieldStreet, fieldSummary, fieldDemands, fieldHeadCount, fieldTarget, fieldNote, fieldPetitioners} {
		r.errs[f] = newFieldError()
	}
	channels := make([]string, len(model.Channels))
	for i, c := range model.Channels {
		channels[i] = channelText(c)
	}
	r.channel = newFormSelect(channels, func(string) { r.errs[fieldChannel].set("") })
	r.channel.PlaceHolder = lang.L("register.choose")
	r.channel.enter = r.focusNext

	r.received = r.entry(false, lang.L("register.date.placeholder"))
	r.received.OnChanged = func(s string) {
		msg := ""
		if _, err := model.ParseDate(s); err != nil && len([]rune(strings.TrimSpace(s))) >= len(model.DateLayout) {
			msg = err.Error()
		}
		r.errs[fieldReceived].set(msg)
	}

	r.petBox = container.NewVBox()
	r.addPet = widget.NewButtonWithIcon(lang.L("register.petitioner.add"), theme.ContentAddIcon(), func() { r.addPetitioner(true) })
	r.headCount = r.entry(false, "")
	r.headCount.OnChanged = func(string) { r.onHeadCount() }
	r.groupHint = widget.NewLabel(lang.L("register.group.hint", map[string]any{"Max": model.MaxGroupReps}))
	r.groupHint.Importance = widget.WarningImportance
	r.groupHint.Wrapping = fyne.TextWrapWord
	r.groupHint.Hide()

	r.category = newIDSelect("", func() { r.errs[fieldCategory].set("") })
	r.category.sel.PlaceHolder = lang.L("register.choose")
	r.category.sel.enter = r.focusNext
	r.street = newIDSelect("", r.onStreet)
	r.street.sel.PlaceHolder = lang.L("register.choose")
	r.street.sel.enter = r.focusNext
	r.community = newIDSelect("", nil)
	r.community.sel.PlaceHolder = lang.L("register.community.none")
	r.community.sel.enter = r.focusNext

	r.summary = r.entry(true, lang.L("register.summary.placeholder"))
	r.summary.OnChanged = func(string) { r.errs[fieldSummary].set("") }
	r.demands = r.entry(true, "")

	opts := make([]string, len(targets))
	for i, t := range targets {
		opts[i] = targetText(t)
	}
	r.target = newFormSelect(opts, nil)
	r.target.enter = r.focusNext

	r.repeatFlag = widget.NewCheck(lang.L("register.flag.repeat"), nil)
	r.skipLevel = widget.NewCheck(lang.L("register.flag.skip_level"), nil)
	r.backlog = widget.NewCheck(lang.L("register.flag.backlog"), nil)
	r.supervised = widget.NewCheck(lang.L("register.flag.supervised"), nil)
	r.note = r.entry(false, "")

	r.save = widget.NewButtonWithIcon(lang.L("register.save"), theme.DocumentSaveIcon(), r.onSave)
	r.save.Importance = widget.HighImportance
	r.reset = widget.NewButtonWithIcon(lang.L("register.reset"), theme.ContentClearIcon(), func() { r.clear(false) })

	label := r.label
	field := func(key string, w fyne.CanvasObject) fyne.CanvasObject { return withFieldError(w, r.errs[key]) }
	head := container.New(layout.NewFormLayout(),
		label(lang.L("register.field.channel")), field(fieldChannel, r.channel),
		label(lang.L("register.field.received")), field(fieldReceived, r.received),
	)
	people := container.NewVBox(
		widget.NewLabelWithStyle(lang.L("register.section.petitioners"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		r.petBox,
		container.NewHBox(r.addPet),
		r.errs[fieldPetitioners],
		container.New(layout.NewFormLayout(),
			label(lang.L("register.field.headcount")), field(fieldHeadCount, container.NewVBox(r.headCount, r.groupHint))),
	)
	matter := container.New(layout.NewFormLayout(),
		label(lang.L("register.field.category")), field(fieldCategory, r.category.sel),
		label(lang.L("register.field.street")), field(fieldStreet, r.street.sel),
		label(lang.L("register.field.community")), r.community.sel,
		label(lang.L("register.field.summary")), field(fieldSummary, r.summary),
		label(lang.L("register.field.demands")), field(fieldDemands, r.demands),
		label(lang.L("register.field.target")), field(fieldTarget, r.target),
		label(lang.L("register.field.flags")), container.NewHBox(r.repeatFlag, r.skipLevel, r.backlog, r.supervised),
		label(lang.L("register.field.note")), field(fieldNote, r.note),
	)
	form := container.NewVBox(
		head,
		widget.NewSeparator(), people,
		widget.NewSeparator(),
		widget.NewLabelWithStyle(lang.L("register.section.matter"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		matter,
		r.formErr,
		container.NewHBox(r.save, r.reset, widget.NewLabel(lang.L("register.keys"))),
	)
	split := container.NewHSplit(container.NewVScroll(container.NewPadded(form)), r.repeats.view)
	split.Offset = 0.64
	r.view = split

	r.clear(false)
}

// loadLists reads the categories and streets to pick from: active ones only, since a new
// case is not filed under a retired entry.
func (r *register) loadLists() {
	r.e.bg.run(func() func() {
		ctx := context.Background()
		cats, err1 := r.src.Categories(ctx)
		streets, err2 := r.src.Streets(ctx)
		return func() {
			if err := errors.Join(err1, err2); err != nil {
				dialog.ShowError(errors.New(lang.L("register.error.lists", map[string]any{"Err": registerErrText(err)})), r.e.win)
				return
			}
			var ids []int64
			var names []string
			for _, c := range cats {
				if c.Active {
					ids, names = append(ids, c.ID), append(names, c.Name)
				}
			}
			r.category.setItems(ids, names)
			ids, names = nil, nil
			for _, s := range streets {
				if s.Active {
					ids, names = append(ids, s.ID), append(names, s.Name)
				}
			}
			r.street.setItems(ids, names)
		}
	})
}

// onStreet loads the communities of the chosen street.
func (r *register) onStreet() {
	r.errs[fieldStreet].set("")
	id := r.street.selected()
	if id == r.streetLoaded {
		return
	}
	r.streetLoaded = id
	r.community.setItems(nil, nil)
	if id == 0 {
		return
	}
	r.e.bg.run(func() func() {
		units, err := r.src.Communities(context.Background(), id)
		return func() {
			if id != r.streetLoaded {
				return // another street was chosen meanwhile
			}
			if err != nil {
				dialog.ShowError(errors.New(lang.L("register.error.lists", map[string]any{"Err": registerErrText(err)})), r.e.win)
				return
			}
			var ids []int64
			var names []string
			for _, u := range units {
				if u.Active {
					ids, names = append(ids, u.ID), append(names, u.Name)
				}
			}
			r.community.setItems(ids, names)
		}
	})
}

// onHeadCount says when the petition is a 集体访 and what that allows.
func (r *register) onHeadCount() {
	r.errs[fieldHeadCount].set("")
	n, err := strconv.Atoi(strings.TrimSpace(r.headCount.Text))
	if err == nil && n >= model.GroupHeadCount {
		r.groupHint.Show()
	} else {
		r.groupHint.Hide()
	}
}

// addPetitioner adds a block for one more petitioner (at most five: the representatives
// of a 集体访), focusing its first field when the clerk asked for it.
func (r *register) addPetitioner(focus bool) {
	if len(r.pets) >= model.MaxGroupReps {
		return
	}
	p := newPetitionerForm(r)
	r.pets = append(r.pets, p)
	r.layoutPetitioners()
	if focus {
		r.e.win.Canvas().Focus(p.idNumber)
	}
}

func (r *register) removePetitioner(p *petitionerForm) {
	for i, q := range r.pets {
		if q == p && i > 0 {
			r.pets = append(r.pets[:i], r.pets[i+1:]...)
			break
		}
	}
	r.layoutPetitioners()
	r.lookupRepeats()
}

func (r *register) layoutPetitioners() {
	objs := make([]fyne.CanvasObject, len(r.pets))
	for i, p := range r.pets {
		p.setIndex(i)
		objs[i] = p.box
	}
	r.petBox.Objects = objs
	r.petBox.Refresh()
	if len(r.pets) >= model.MaxGroupReps {
		r.addPet.Disable()
	} else {
		r.addPet.Enable()
	}
}

// clear empties the form for the next case. After a save (keep) the channel, the day and
// the time limit stay: letters are registered in batches of one day and one kind.
func (r *register) clear(keep bool) {
	if !keep {
		r.channel.ClearSelected()
		r.received.SetText(r.e.today().String())
		r.target.SetSelectedIndex(0)
	}
	r.pets = nil
	r.addPetitioner(false)
	r.headCount.SetText("1")
	r.category.show(0, nil)
	r.street.show(0, nil)
	r.streetLoaded = 0
	r.community.setItems(nil, nil)
	for _, e := range []*formEntry{r.summary, r.demands, r.note} {
		e.SetText("")
	}
	for _, c := range []*widget.Check{r.repeatFlag, r.skipLevel, r.backlog, r.supervised} {
		c.SetChecked(false)
	}
	r.clearErrors()
	r.repeats.clear()
}

func (r *register) clearErrors() {
	for _, e := range r.errs {
		e.set("")
	}
	r.formErr.set("")
	for _, p := range r.pets {
		p.clearErrors()
	}
}

// shortcut handles the form's key chords, whichever field has the cursor.
func (r *register) shortcut(s fyne.Shortcut) bool {
	if s.ShortcutName() == saveShortcut.ShortcutName() {
		r.onSave()
		return true
	}
	return false
}

// focusNext moves the cursor on, as Tab does.
func (r *register) focusNext() { r.e.win.Canvas().FocusNext() }

// registerErrText is the part of an error meant for the user: the Chinese message
// without the "store: register case:" context that precedes it for the log.
func registerErrText(err error) string {
	msg := err.Error()
	for {
		i := strings.Index(msg, ": ")
		if i <= 0 || strings.ContainsFunc(msg[:i], func(r rune) bool { return r > 0x7f }) {
			return msg
		}
		msg = msg[i+2:]
	}
}

// onScreen reports whether obj is shown in the window: not in a hidden container nor on a
// tab that is not selected. It is how the window-wide Ctrl+S knows the form is shown.
// The driver finds only what is visible, and anything inside the window's content is
// away from its top-left corner, where "not found" is reported.
func onScreen(w fyne.Window, obj fyne.CanvasObject) bool {
	if w.Content() == obj {
		return obj.Visible()
	}
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(obj) != fyne.Position{}
}
