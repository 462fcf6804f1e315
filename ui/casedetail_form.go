package ui

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

// caseForm is the form of one action (受理决定, 延期, 四访 …) in a dialog. Its widgets are
// kept by key, so that what was typed survives a refused save (the form opens again)
// and tests can fill it in and press its save button.
type caseForm struct {
	title   string
	items   []*widget.FormItem
	entries map[string]*widget.Entry
	selects map[string]*widget.Select
	codes   map[string][]string // the codes behind each select's options
	checks  map[string]*widget.Check
	labels  map[string]string
	dlg     *dialog.FormDialog
}

func newCaseForm(title string) *caseForm {
	return &caseForm{title: title, entries: map[string]*widget.Entry{}, selects: map[string]*widget.Select{},
		codes: map[string][]string{}, checks: map[string]*widget.Check{}, labels: map[string]string{}}
}

func (f *caseForm) add(key, label string, w fyne.CanvasObject) {
	f.labels[key] = label
	f.items = append(f.items, widget.NewFormItem(label, w))
}

// entry adds a one-line text field.
func (f *caseForm) entry(key, label, value string) *widget.Entry {
	e := widget.NewEntry()
	e.SetText(value)
	f.entries[key] = e
	f.add(key, label, e)
	return e
}

// text adds a multi-line text field.
func (f *caseForm) text(key, label, value string) *widget.Entry {
	e := widget.NewMultiLineEntry()
	e.Wrapping = fyne.TextWrapWord
	e.SetMinRowsVisible(3)
	e.SetText(value)
	f.entries[key] = e
	f.add(key, label, e)
	return e
}

// date adds a date field written YYYY-MM-DD.
func (f *caseForm) date(key, label string, d model.Date) *widget.Entry {
	e := f.entry(key, label, d.String())
	e.SetPlaceHolder(lang.L("case.form.date_hint"))
	return e
}

// choice adds a pick list showing labels for codes, with selected preselected.
func (f *caseForm) choice(key, label string, codes, labels []string, selected string) *widget.Select {
	s := widget.NewSelect(labels, nil)
	for i, code := range codes {
		if code == selected {
			s.SetSelectedIndex(i)
		}
	}
	f.selects[key], f.codes[key] = s, codes
	f.add(key, label, s)
	return s
}

// check adds a tick box.
func (f *caseForm) check(key, label string, on bool) *widget.Check {
	c := widget.NewCheck("", nil)
	c.SetChecked(on)
	f.checks[key] = c
	f.add(key, label, c)
	return c
}

// value is the trimmed text of an entry.
func (f *caseForm) value(key string) string { return strings.TrimSpace(f.entries[key].Text) }

// code is the code of the option chosen in a select, "" when none is.
func (f *caseForm) code(key string) string {
	i := f.selects[key].SelectedIndex()
	if i < 0 || i >= len(f.codes[key]) {
		return ""
	}
	return f.codes[key][i]
}

// dateValue reads a date field; a malformed date is an error naming the field.
func (f *caseForm) dateValue(key string) (model.Date, error) {
	d, err := model.ParseDate(f.entries[key].Text)
	if err != nil {
		return d, errors.New(lang.L("case.error.field", map[string]any{"Field": f.labels[key], "Err": err.Error()}))
	}
	return d, nil
}

// intValue reads a whole number; an empty field is 0.
func (f *caseForm) intValue(key string) (int, error) {
	s := f.value(key)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, errors.New(lang.L("case.error.number", map[string]any{"Field": f.labels[key], "Value": s}))
	}
	return n, nil
}

// id is the chosen option of a select whose codes are ids; 0 when none.
func (f *caseForm) id(key string) int64 {
	n, _ := strconv.ParseInt(f.code(key), 10, 64)
	return n
}

// showForm opens f in a dialog; its save button calls submit on the UI goroutine.
func (c *caseDetail) showForm(f *caseForm, submit func()) {
	f.dlg = dialog.NewForm(f.title, lang.L("case.form.save"), lang.L("case.form.cancel"), f.items, func(ok bool) {
		if ok {
			submit()
		}
	}, c.e.win)
	f.dlg.Resize(fyne.NewSize(560, f.dlg.MinSize().Height))
	c.form = f
	f.dlg.Show()
}

// write runs a database write off the UI goroutine and then reads the case again. A
// refusal is shown; the form f, when the write came from one, opens again with what was
// typed, so that only the wrong field needs fixing.
func (c *caseDetail) write(f *caseForm, work func(ctx context.Context, a model.Actor) error) {
	if c.writing {
		return // a double click: the first save is on its way and the case will be read again
	}
	c.writing = true
	a := c.e.actor
	c.e.bg.run(func() func() {
		err := work(context.Background(), a)
		return func() {
			c.writing = false
			if err != nil {
				c.fail(err, f)
				return
			}
			c.reload()
		}
	})
}

// fail shows why a write was refused. A conflict (someone else saved first) says who and
// when, and reads the case again, so that nothing is overwritten silently; any other
// refusal shows the store's own message, which says what is allowed next.
func (c *caseDetail) fail(err error, f *caseForm) {
	if errors.Is(err, model.ErrConflict) {
		msg := lang.L("case.conflict.unknown")
		var ce *model.ConflictError
		if errors.As(err, &ce) {
			c.detail.Case = ce.Current
			if ce.By != "" {
				msg = lang.L("case.conflict.body", map[string]any{
					"By": ce.By, "At": ce.At.Local().Format("2006-01-02 15:04"), "Status": statusText(ce.Current.Status)})
			}
		}
		dialog.ShowInformation(lang.L("case.conflict.title"), msg, c.e.win)
		c.reload()
		return
	}
	if f != nil && f.dlg != nil {
		f.dlg.Show()
	}
	dialog.ShowError(errors.New(caseErrText(err)), c.e.win)
}

// caseErrText is the part of an error meant for the user. Store errors read
// "store: case.decide 7: 输入有误：当前状态为…": the English context before the first part
// that starts in Chinese is for the log. An error with no Chinese in it at all (a driver
// error) is shown whole, with a sentence saying what to do.
func caseErrText(err error) string {
	msg := err.Error()
	parts := strings.Split(msg, ": ")
	for i, p := range parts {
		if r := []rune(p); len(r) > 0 && r[0] >= 0x80 {
			return strings.Join(parts[i:], ": ")
		}
	}
	return lang.L("case.error.other", map[string]any{"Err": msg})
}
