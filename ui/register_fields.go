package ui

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

// The form fields below serve the 登记 form and the 台账's filter bar.

// idSelect is a Select over dictionary entries (streets, categories, leaders) that reads
// and sets ids rather than names. With an "all" text the first choice means no filter;
// without, nothing selected means nothing chosen yet.
type idSelect struct {
	sel   *formSelect
	all   string
	ids   []int64
	extra int64 // an id not in the list (a dictionary entry since deleted): one more choice
}

func newIDSelect(all string, changed func()) *idSelect {
	s := &idSelect{all: all}
	s.sel = newFormSelect(s.options(nil), func(string) {
		if changed != nil {
			changed()
		}
	})
	if all != "" {
		s.quietly(func() { s.sel.SetSelectedIndex(0) })
	}
	return s
}

func (s *idSelect) options(names []string) []string {
	var out []string
	if s.all != "" {
		out = append(out, s.all)
	}
	return append(out, names...)
}

// setItems replaces the choices, keeping the selected id when it is still there.
func (s *idSelect) setItems(ids []int64, names []string) {
	keep := s.selected()
	s.ids, s.extra = ids, 0
	s.quietly(func() {
		s.sel.SetOptions(s.options(names))
		s.sel.ClearSelected()
	})
	s.show(keep, nil)
}

// selected is the chosen id, 0 for all or none.
func (s *idSelect) selected() int64 {
	i := s.sel.SelectedIndex()
	if s.all != "" {
		i--
	}
	switch {
	case i >= 0 && i < len(s.ids):
		return s.ids[i]
	case i == len(s.ids) && s.extra != 0:
		return s.extra
	}
	return 0
}

// show selects id without reporting a change. An id missing from the list is added as
// one more choice named by name (nil: "#id"), so that the control still tells the truth.
func (s *idSelect) show(id int64, name func(int64) string) {
	s.quietly(func() {
		if id == 0 {
			if s.all != "" {
				s.sel.SetSelectedIndex(0)
			} else {
				s.sel.ClearSelected()
			}
			return
		}
		off := len(s.sel.Options) - len(s.ids)
		if s.extra != 0 {
			off--
		}
		for i, x := range s.ids {
			if x == id {
				s.sel.SetSelectedIndex(off + i)
				return
			}
		}
		label := "#" + strconv.FormatInt(id, 10)
		if name != nil {
			label = name(id)
		}
		opts := s.sel.Options[:off+len(s.ids)]
		s.extra = id
		s.sel.SetOptions(append(opts[:len(opts):len(opts)], label))
		s.sel.SetSelectedIndex(len(s.sel.Options) - 1)
	})
}

// quietly runs f with the change callback switched off: setting a control from the
// program is not the user choosing.
func (s *idSelect) quietly(f func()) {
	cb := s.sel.OnChanged
	s.sel.OnChanged = nil
	f()
	s.sel.OnChanged = cb
}

// newDateEntry is an entry for a YYYY-MM-DD day (empty allowed) that marks a bad day as
// it is typed.
func newDateEntry(placeholder string, changed func()) *widget.Entry {
	e := widget.NewEntry()
	e.SetPlaceHolder(placeholder)
	e.Validator = func(s string) error {
		_, err := model.ParseDate(s)
		return err
	}
	e.OnChanged = func(string) {
		if changed != nil {
			changed()
		}
	}
	return e
}

// formEntry is an entry of the 登记 form. Fyne hands a key chord to the focused entry and
// nowhere else, and an entry drops the chords it does not know; formEntry gives them to
// the form first, so that Ctrl+S saves while the cursor is in a field. It also reports
// losing the focus, when a half-typed number is checked.
type formEntry struct {
	widget.Entry
	shortcut  func(fyne.Shortcut) bool // the form's own chords; true when handled
	focusLost func()
}

func newFormEntry(multiLine bool) *formEntry {
	e := &formEntry{}
	e.MultiLine = multiLine
	if multiLine {
		e.Wrapping = fyne.TextWrapWord
		e.SetMinRowsVisible(3)
	}
	e.ExtendBaseWidget(e)
	return e
}

// TypedShortcut offers a chord to the form before the entry's own editing chords.
func (e *formEntry) TypedShortcut(s fyne.Shortcut) {
	if _, custom := s.(*desktop.CustomShortcut); custom && e.shortcut != nil && e.shortcut(s) {
		return
	}
	e.Entry.TypedShortcut(s)
}

// AcceptsTab is false even for the multi-line fields: in a form Tab moves on, and a tab
// character in a summary is never wanted.
func (e *formEntry) AcceptsTab() bool { return false }

// FocusLost checks what was typed once the clerk moves on.
func (e *formEntry) FocusLost() {
	e.Entry.FocusLost()
	if e.focusLost != nil {
		e.focusLost()
	}
}

// formSelect is a select of the 登记 form on which Enter moves on, as it does in entries.
type formSelect struct {
	widget.Select
	enter func()
}

func newFormSelect(options []string, changed func(string)) *formSelect {
	s := &formSelect{}
	s.Options, s.OnChanged = options, changed
	s.ExtendBaseWidget(s)
	return s
}

// TypedKey moves to the next field on Enter; other keys open or step through the choices.
func (s *formSelect) TypedKey(ev *fyne.KeyEvent) {
	if (ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter) && s.enter != nil {
		s.enter()
		return
	}
	s.Select.TypedKey(ev)
}

// enterButton is a button that Enter presses as well as Space, for the keyboard-first
// dialogs of the 登记 form.
type enterButton struct{ widget.Button }

func newEnterButton(label string, icon fyne.Resource, tapped func()) *enterButton {
	b := &enterButton{}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey presses the button on Enter.
func (b *enterButton) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter {
		b.Tapped(nil)
		return
	}
	b.Button.TypedKey(ev)
}

// fieldError is the message under one form field, hidden while there is none.
type fieldError struct{ *widget.Label }

func newFieldError() fieldError {
	l := warningLabel("")
	l.Hide()
	return fieldError{l}
}

// warningLabel is a message in the danger colour that wraps at the width it is given:
// what went wrong on a form or screen.
func warningLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Importance = widget.DangerImportance
	l.Wrapping = fyne.TextWrapWord
	return l
}

func (f fieldError) set(msg string) {
	f.SetText(msg)
	if msg == "" {
		f.Hide()
	} else {
		f.Show()
	}
}

// labelColumn is a layout for a form's labels that makes every label of the form as wide
// as the widest, so that fields in separate blocks of the form line up.
type labelColumn struct{ width float32 }

func (l labelColumn) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := objs[0].MinSize()
	s.Width = max(s.Width, l.width)
	return s
}

func (l labelColumn) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.Position{})
	objs[0].Resize(size)
}

// withFieldError stacks a field over its message.
func withFieldError(field fyne.CanvasObject, msg fieldError) fyne.CanvasObject {
	return container.NewVBox(field, msg)
}
