package ui

import (
	"context"
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

// Accounts is what first run, login, the idle lock and 修改密码 need from the database.
// The errors of Authenticate, CreateFirstAdmin and ChangePassword are Chinese and say
// what to do; the screens show them as they are.
type Accounts interface {
	// UserCount is the number of accounts: 0 starts the first run.
	UserCount(ctx context.Context) (int64, error)
	// CreateFirstAdmin creates the administrator of a database without accounts.
	CreateFirstAdmin(ctx context.Context, u model.User, password string) (model.User, error)
	// Authenticate checks a login and password; five wrong passwords in a row lock the
	// account for 15 minutes.
	Authenticate(ctx context.Context, login, password string) (model.User, error)
	// ChangePassword replaces the signed-in user's own password, given the old one.
	ChangePassword(ctx context.Context, a model.Actor, oldPassword, newPassword string) error
	// Setting is a setting's value or its default (the idle lock's minutes).
	Setting(ctx context.Context, key string) (string, error)
}

// session is one run of the window: first run or login, then the signed-in shell, and
// back to the login screen on 注销. One window serves them all, so that it keeps its
// place and size on the desktop.
type session struct {
	app     fyne.App
	win     fyne.Window
	backend Backend
	opts    Options
	bg      *background
	now     func() time.Time // the idle lock's clock
	// ticker calls f on the UI goroutine every d until stopped; tests replace it with
	// one they drive by hand.
	ticker func(d time.Duration, f func()) (stop func())

	main  *mainWindow // the signed-in shell; nil before login
	login *loginScreen
	first *firstRun
}

// startSession shows the window and finds out whether the database has accounts.
func startSession(a fyne.App, backend Backend, opts Options, bg *background) *session {
	s := &session{app: a, backend: backend, opts: opts, bg: bg, now: time.Now, ticker: realTicker}
	s.win = newAppWindow(a)
	s.win.SetMaster()
	s.win.Show()
	s.begin()
	return s
}

// begin counts the accounts: none means a new database, which starts with its first
// administrator.
func (s *session) begin() {
	s.win.SetContent(container.NewCenter(widget.NewLabel(lang.L("login.opening"))))
	s.bg.run(func() func() {
		n, err := s.backend.UserCount(context.Background())
		return func() {
			switch {
			case err != nil:
				s.showStartError(err)
			case n == 0:
				s.showFirstRun()
			default:
				s.showLogin("")
			}
		}
	})
}

// showStartError says that the accounts could not be read, with a way to try again.
func (s *session) showStartError(err error) {
	msg := warningLabel(lang.L("login.error.start", map[string]any{"Err": err.Error()}))
	retry := widget.NewButtonWithIcon(lang.L("login.retry"), theme.ViewRefreshIcon(), s.begin)
	s.win.SetContent(column(480, msg, retry))
}

func (s *session) showFirstRun() {
	s.login = nil
	s.first = newFirstRun(s)
	s.win.SetContent(s.first.view)
	s.win.Canvas().Focus(s.first.login)
}

// showLogin shows the login screen, with login filled in (the account just created, or
// the one just signed out).
func (s *session) showLogin(login string) {
	s.first = nil
	s.login = newLoginScreen(s, login)
	s.win.SetContent(s.login.view)
	if login == "" {
		s.win.Canvas().Focus(s.login.login)
	} else {
		s.win.Canvas().Focus(s.login.password)
	}
}

// signIn opens the shell acting as u.
func (s *session) signIn(u model.User) {
	opts := s.opts
	opts.Actor = actorOf(u)
	s.login = nil
	m := newShell(s.app, s.win, s.backend, opts, s.bg)
	m.signOut = s.signOut
	m.idle.now = s.now
	m.idle.touch()
	m.idle.startTicker(s.ticker)
	m.dictionariesChanged() // the names of a first run's import or demo data, or an admin's edits
	s.main = m
}

// signOut (注销) closes the shell and everything it opened and shows the login screen.
func (s *session) signOut() {
	if s.main == nil {
		return
	}
	login := s.main.env.actor.Login
	s.main.close()
	s.main = nil
	s.showLogin(login)
}

// actorOf is who a signed-in user acts as (store.ActorOf, which ui cannot import).
func actorOf(u model.User) model.Actor {
	a := model.Actor{UserID: u.ID, Login: u.Login, Role: u.Role}
	if u.LeaderID != nil {
		a.LeaderID = *u.LeaderID
	}
	return a
}

// realTicker calls f through fyne.Do every d until stopped.
func realTicker(d time.Duration, f func()) (stop func()) {
	t := time.NewTicker(d)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-t.C:
				fyne.Do(f)
			case <-done:
				return
			}
		}
	}()
	return func() {
		t.Stop()
		close(done)
	}
}

// loginScreen is the 登录 screen.
type loginScreen struct {
	s        *session
	login    *widget.Entry
	password *widget.Entry
	submit   *widget.Button
	message  *widget.Label // why the last attempt failed
	view     fyne.CanvasObject
}

func newLoginScreen(s *session, login string) *loginScreen {
	l := &loginScreen{s: s}
	l.login = widget.NewEntry()
	l.login.SetText(login)
	l.login.OnSubmitted = func(string) { l.s.win.Canvas().Focus(l.password) }
	l.password = widget.NewPasswordEntry()
	l.password.OnSubmitted = func(string) { l.onSubmit() }
	l.submit = widget.NewButtonWithIcon(lang.L("login.submit"), theme.LoginIcon(), l.onSubmit)
	l.submit.Importance = widget.HighImportance
	l.message = warningLabel("")

	form := widget.NewForm(
		widget.NewFormItem(lang.L("login.field.login"), l.login),
		widget.NewFormItem(lang.L("login.field.password"), l.password),
	)
	title := widget.NewLabelWithStyle(lang.L("app.title"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	l.view = column(400, title, widget.NewSeparator(), form, l.submit, l.message)
	return l
}

// onSubmit checks the login and password off the UI goroutine (bcrypt takes a good part
// of a second on purpose) and signs in, or shows the store's reason.
func (l *loginScreen) onSubmit() {
	if l.submit.Disabled() {
		return
	}
	login, password := strings.TrimSpace(l.login.Text), l.password.Text
	switch {
	case login == "":
		l.message.SetText(lang.L("login.error.no_login"))
		l.s.win.Canvas().Focus(l.login)
		return
	case password == "":
		l.message.SetText(lang.L("login.error.no_password"))
		l.s.win.Canvas().Focus(l.password)
		return
	}
	l.submit.Disable()
	l.message.SetText(lang.L("login.checking"))
	backend := l.s.backend
	l.s.bg.run(func() func() {
		u, err := backend.Authenticate(context.Background(), login, password)
		return func() {
			l.submit.Enable()
			if err != nil {
				l.message.SetText(err.Error())
				l.password.SetText("")
				l.s.win.Canvas().Focus(l.password)
				return
			}
			l.message.SetText("")
			l.s.signIn(u)
		}
	})
}

// passwordDialog is the 修改密码 dialog: the old password and the new one twice.
type passwordDialog struct {
	m                *mainWindow
	old, next, again *widget.Entry
	dialog           *dialog.FormDialog
}

// changePassword shows the 修改密码 dialog (account menu).
func (m *mainWindow) changePassword() { m.showPasswordDialog() }

func (m *mainWindow) showPasswordDialog() *passwordDialog {
	p := &passwordDialog{m: m, old: widget.NewPasswordEntry(), next: widget.NewPasswordEntry(), again: widget.NewPasswordEntry()}
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("shell.password.old"), p.old),
		widget.NewFormItem(lang.L("shell.password.new"), p.next),
		widget.NewFormItem(lang.L("shell.password.again"), p.again),
	}
	items[1].HintText = lang.L("shell.password.hint")
	p.dialog = dialog.NewForm(lang.L("shell.password.title"), lang.L("shell.password.save"), lang.L("shell.password.cancel"), items, func(ok bool) {
		if ok {
			p.save()
		}
	}, m.win)
	p.dialog.Resize(fyne.NewSize(420, p.dialog.MinSize().Height))
	p.dialog.Show()
	m.win.Canvas().Focus(p.old)
	return p
}

// save checks that the new password was typed the same twice and lets the store check
// the old one and the length.
func (p *passwordDialog) save() {
	m := p.m
	if p.next.Text != p.again.Text {
		dialog.ShowError(errors.New(lang.L("shell.password.mismatch")), m.win)
		return
	}
	actor, backend := m.env.actor, m.env.backend
	oldPw, newPw := p.old.Text, p.next.Text
	m.bg.run(func() func() {
		err := backend.ChangePassword(context.Background(), actor, oldPw, newPw)
		return func() {
			if err != nil {
				dialog.ShowError(err, m.win)
				return
			}
			dialog.ShowInformation(lang.L("shell.password.title"), lang.L("shell.password.done"), m.win)
		}
	})
}

// column stacks objects at a fixed width in the middle of the window: the shape of the
// login, first-run and lock screens.
func column(width float32, objects ...fyne.CanvasObject) *fyne.Container {
	return container.New(columnLayout{width: width}, objects...)
}

// columnLayout places its objects one under another at one width, centred. Each object
// is given that width before its height is asked for, so that a wrapped label gets the
// height of its lines at that width (a VBox asks before the width is known, and wrapped
// text then overlaps what follows).
type columnLayout struct{ width float32 }

func (c columnLayout) heights(objects []fyne.CanvasObject) (hs []float32, total float32) {
	hs = make([]float32, len(objects))
	n := 0
	for i, o := range objects {
		if !o.Visible() {
			continue
		}
		o.Resize(fyne.NewSize(c.width, o.Size().Height))
		hs[i] = o.MinSize().Height
		total += hs[i]
		n++
	}
	if n > 1 {
		total += theme.Padding() * float32(n-1)
	}
	return hs, total
}

func (c columnLayout) MinSize(objects []fyne.CanvasObject) fyne.Size {
	_, total := c.heights(objects)
	return fyne.NewSize(c.width, total)
}

func (c columnLayout) Layout(objects []fyne.CanvasObject, size fyne.Size) {
	hs, total := c.heights(objects)
	width := min(c.width, size.Width)
	x, y := (size.Width-width)/2, max(0, (size.Height-total)/2)
	for i, o := range objects {
		if !o.Visible() {
			continue
		}
		o.Move(fyne.NewPos(x, y))
		o.Resize(fyne.NewSize(width, hs[i]))
		y += hs[i] + theme.Padding()
	}
}
