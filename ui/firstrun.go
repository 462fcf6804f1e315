package ui

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

// demoCases is how many cases 载入演示数据 makes: enough to page, search and count,
// quick enough to wait for.
const demoCases = 2000

// firstRun is the 首次运行 screen of a database without accounts: it creates the first
// administrator, then asks how to start: empty, from an Excel ledger, or with demo data.
// The login screen follows in every case, so that the new password is used at once.
type firstRun struct {
	s     *session
	admin model.User // once created

	login, name, password, again *widget.Entry
	create                       *widget.Button
	message                      *widget.Label

	blank, importLedger, demo *widget.Button
	progress                  *widget.ProgressBar
	progressDialog            dialog.Dialog

	view *fyne.Container // one step at a time
}

func newFirstRun(s *session) *firstRun {
	f := &firstRun{s: s}
	f.login = widget.NewEntry()
	f.login.SetText("admin")
	f.name = widget.NewEntry()
	f.password = widget.NewPasswordEntry()
	f.again = widget.NewPasswordEntry()
	f.again.OnSubmitted = func(string) { f.onCreate() }
	f.create = widget.NewButtonWithIcon(lang.L("login.first.create"), theme.ConfirmIcon(), f.onCreate)
	f.create.Importance = widget.HighImportance
	f.message = warningLabel("")

	form := widget.NewForm(
		widget.NewFormItem(lang.L("login.field.login"), f.login),
		widget.NewFormItem(lang.L("login.first.name"), f.name),
		widget.NewFormItem(lang.L("login.field.password"), f.password),
		widget.NewFormItem(lang.L("login.first.again"), f.again),
	)
	form.Items[2].HintText = lang.L("login.first.password_hint")
	intro := widget.NewLabel(lang.L("login.first.intro"))
	intro.Wrapping = fyne.TextWrapWord
	f.view = container.NewStack(f.step(lang.L("login.first.title"), intro, form, f.create, f.message))
	return f
}

// step is one page of the first run, centred at a readable width.
func (f *firstRun) step(title string, parts ...fyne.CanvasObject) fyne.CanvasObject {
	head := widget.NewLabelWithStyle(title, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	return column(480, append([]fyne.CanvasObject{head, widget.NewSeparator()}, parts...)...)
}

// onCreate creates the administrator. The store checks the login and the password's
// length; the screen checks only that the password was typed the same twice.
func (f *firstRun) onCreate() {
	if f.create.Disabled() {
		return
	}
	login, name := strings.TrimSpace(f.login.Text), strings.TrimSpace(f.name.Text)
	var problem string
	switch {
	case login == "":
		problem = lang.L("login.error.no_login")
	case name == "":
		problem = lang.L("login.first.error.no_name")
	case f.password.Text != f.again.Text:
		problem = lang.L("login.first.error.mismatch")
	}
	if problem != "" {
		f.message.SetText(problem)
		return
	}
	f.create.Disable()
	f.message.SetText("")
	u, password, backend := model.User{Login: login, Name: name}, f.password.Text, f.s.backend
	f.s.bg.run(func() func() {
		admin, err := backend.CreateFirstAdmin(context.Background(), u, password)
		return func() {
			f.create.Enable()
			if err != nil {
				f.message.SetText(err.Error())
				return
			}
			f.admin = admin
			f.showChoices()
		}
	})
}

// showChoices is the second step: how the new database starts.
func (f *firstRun) showChoices() {
	done := lang.L("login.first.created", map[string]any{"Login": f.admin.Login})
	intro := widget.NewLabel(done)
	intro.Wrapping = fyne.TextWrapWord
	f.blank = widget.NewButtonWithIcon(lang.L("login.first.blank"), theme.DocumentIcon(), func() { f.s.showLogin(f.admin.Login) })
	f.importLedger = widget.NewButtonWithIcon(lang.L("login.first.import"), theme.UploadIcon(), f.onImport)
	parts := []fyne.CanvasObject{intro, f.blank, f.importLedger}
	if f.s.opts.LoadDemo != nil {
		f.demo = widget.NewButtonWithIcon(lang.L("login.first.demo", map[string]any{"Count": demoCases}), theme.StorageIcon(), f.onDemo)
		parts = append(parts, f.demo)
	}
	f.view.Objects = []fyne.CanvasObject{f.step(lang.L("login.first.choose"), parts...)}
	f.view.Refresh()
}

// env is what the import dialog is built with: the new administrator, and a navigator
// with nowhere to go yet.
func (f *firstRun) env() *env {
	s := f.s
	today := s.opts.Today
	if today == nil {
		today = model.Today
	}
	return &env{app: s.app, win: s.win, backend: s.backend, actor: actorOf(f.admin), names: NameMap{},
		today: today, bg: s.bg, nav: noNavigator{}, opts: s.opts}
}

func (f *firstRun) onImport() {
	showImport(f.env(), func() { f.s.showLogin(f.admin.Login) })
}

// onDemo loads the demo cases off the UI goroutine with a progress bar, then goes on to
// the login screen.
func (f *firstRun) onDemo() {
	f.setChoicesEnabled(false)
	f.progress = widget.NewProgressBar()
	label := widget.NewLabel(lang.L("login.first.demo_loading", map[string]any{"Count": demoCases}))
	f.progressDialog = dialog.NewCustomWithoutButtons(lang.L("login.first.demo_title"), container.NewVBox(label, f.progress), f.s.win)
	f.progressDialog.Resize(fyne.NewSize(420, 0))
	f.progressDialog.Show()

	load, actor := f.s.opts.LoadDemo, actorOf(f.admin)
	bar := f.progress
	f.s.bg.run(func() func() {
		err := load(context.Background(), actor, demoCases, func(done, total int) {
			if total > 0 {
				v := float64(done) / float64(total)
				fyne.Do(func() { bar.SetValue(v) })
			}
		})
		return func() {
			f.progressDialog.Hide()
			f.setChoicesEnabled(true)
			if err != nil {
				dialog.ShowError(errors.New(lang.L("login.first.error.demo", map[string]any{"Err": err.Error()})), f.s.win)
				return
			}
			f.s.showLogin(f.admin.Login)
		}
	})
}

func (f *firstRun) setChoicesEnabled(on bool) {
	for _, b := range []*widget.Button{f.blank, f.importLedger, f.demo} {
		if b == nil {
			continue
		}
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}

// noNavigator is the navigator of the first run, which has no other screens yet.
type noNavigator struct{}

func (noNavigator) openCase(int64)              {}
func (noNavigator) showLedger(model.CaseFilter) {}
func (noNavigator) newCase()                    {}
func (noNavigator) dictionariesChanged()        {}
