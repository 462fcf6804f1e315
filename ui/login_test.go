package ui

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"golang.org/x/crypto/bcrypt"

	"baoan/model"
	"baoan/store"
)

// testPassword is the password of every account addAccount makes.
const testPassword = "correct-horse"

// addAccount writes an active account straight into the users table with its password
// hashed at bcrypt's minimum cost: the store hashes at cost 12 (a third of a second per
// check here), which would make the login tests slow. The store's own tests cover
// CreateUser; the first-run test below goes through CreateFirstAdmin.
func addAccount(t testing.TB, st *store.Store, login string, role model.Role, leaderID *int64) model.User {
	t.Helper()
	hash, err := bcrypt.GenerateFromPassword([]byte(testPassword), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", st.Path()+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := "2026-11-01 08:00:00"
	res, err := db.Exec(`INSERT INTO users (login, name, hash, role, leader_id, failed_logins, active, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, 0, TRUE, ?, ?)`, login, login, string(hash), string(role), leaderID, now, now)
	if err != nil {
		t.Fatalf("add account %s: %v", login, err)
	}
	id, _ := res.LastInsertId()
	return model.User{ID: id, Login: login, Name: login, Role: role, LeaderID: leaderID, Active: true}
}

// manualTicker is the idle lock's ticker in tests: the test calls beat instead of waiting.
type manualTicker struct {
	f       func()
	stopped bool
}

func (m *manualTicker) start(_ time.Duration, f func()) func() {
	m.f, m.stopped = f, false
	return func() { m.stopped = true }
}

// beat is one tick, as the real ticker delivers it on the UI goroutine.
func (m *manualTicker) beat(t *testing.T) {
	t.Helper()
	if m.f == nil || m.stopped {
		t.Fatal("the idle ticker is not running")
	}
	m.f()
}

// testClock is the idle lock's clock in tests.
type testClock struct{ t time.Time }

func (c *testClock) now() time.Time          { return c.t }
func (c *testClock) advance(d time.Duration) { c.t = c.t.Add(d) }

// newTestSession starts the window on st as Run does, with background work held, a
// hand-driven idle ticker and a clock the test moves.
func newTestSession(t *testing.T, st Backend, opts Options) (*session, *manualTicker, *testClock) {
	t.Helper()
	a := newTestApp(t)
	if opts.Today == nil {
		opts.Today = func() model.Date { return testToday }
	}
	bg := &background{hold: true}
	s := startSession(a, st, opts, bg)
	tick := &manualTicker{}
	clock := &testClock{t: time.Date(2026, 11, 2, 9, 0, 0, 0, time.Local)}
	s.ticker, s.now = tick.start, clock.now
	t.Cleanup(func() {
		for _, w := range slices.Clone(a.Driver().AllWindows()) {
			w.Close()
		}
	})
	bg.drain()
	return s, tick, clock
}

// signIn types a login and password on the login screen and presses 登录.
func signIn(t *testing.T, s *session, login, password string) {
	t.Helper()
	if s.login == nil {
		t.Fatal("the login screen is not shown")
	}
	s.login.login.SetText(login)
	s.login.password.SetText(password)
	test.Tap(s.login.submit)
	s.bg.drain()
}

func TestFirstRunCreatesAdminThenLogin(t *testing.T) {
	st := openTestStore(t)
	s, _, _ := newTestSession(t, st, Options{})
	if s.first == nil || s.win.Content() != s.first.view {
		t.Fatalf("a database without accounts does not open on the first-run screen")
	}
	f := s.first

	// Each mistake is caught with a message saying what to do, and creates nothing.
	tests := []struct {
		name, login, person, pw, again, want string
	}{
		{"no name", "admin", "", "abcd1234", "abcd1234", "姓名为空"},
		{"mismatch", "admin", "张主任", "abcd1234", "abcd1235", "两次输入的密码不一致"},
		{"short", "admin", "张主任", "abc", "abc", "密码太短"},
	}
	for _, tt := range tests {
		f.login.SetText(tt.login)
		f.name.SetText(tt.person)
		f.password.SetText(tt.pw)
		f.again.SetText(tt.again)
		test.Tap(f.create)
		s.bg.drain()
		if !strings.Contains(f.message.Text, tt.want) {
			t.Errorf("%s: message = %q, want it to contain %q", tt.name, f.message.Text, tt.want)
		}
		if n, _ := st.UserCount(t.Context()); n != 0 {
			t.Fatalf("%s: %d accounts created, want none", tt.name, n)
		}
	}

	f.login.SetText("zhang")
	f.name.SetText("张主任")
	f.password.SetText("abcd1234")
	f.again.SetText("abcd1234")
	test.Tap(f.create)
	s.bg.drain()
	if f.admin.ID == 0 || f.blank == nil {
		t.Fatalf("creating the administrator failed: %q", f.message.Text)
	}
	if f.demo != nil {
		t.Errorf("载入演示数据 offered without Options.LoadDemo")
	}

	test.Tap(f.blank)
	if s.login == nil || s.win.Content() != s.login.view {
		t.Fatalf("从空白开始 did not lead to the login screen")
	}
	if got := s.login.login.Text; got != "zhang" {
		t.Errorf("login screen filled in %q, want the new administrator zhang", got)
	}
	signIn(t, s, "zhang", "abcd1234")
	if s.main == nil {
		t.Fatalf("signing in as the new administrator failed: %q", s.login.message.Text)
	}
	want := model.Actor{UserID: f.admin.ID, Login: "zhang", Role: model.RoleAdmin}
	if got := s.main.env.actor; got != want {
		t.Errorf("signed in as %+v, want %+v", got, want)
	}
	if got, want := s.win.Title(), "信访包案管理系统"; got != want {
		t.Errorf("window title = %q, want %q", got, want)
	}
}

func TestFirstRunLoadsDemoData(t *testing.T) {
	st := openTestStore(t)
	var asked int
	var by model.Actor
	s, _, _ := newTestSession(t, st, Options{LoadDemo: func(_ context.Context, a model.Actor, n int, progress func(done, total int)) error {
		asked, by = n, a
		for i := 0; i <= 4; i++ {
			progress(i, 4)
		}
		return nil
	}})
	// As after 创建管理员 (which TestFirstRunCreatesAdminThenLogin goes through).
	f := s.first
	f.admin = addAccount(t, st, "admin", model.RoleAdmin, nil)
	f.showChoices()
	if f.demo == nil {
		t.Fatalf("载入演示数据 not offered with Options.LoadDemo set")
	}
	test.Tap(f.demo)
	bar := f.progress
	s.bg.drain()
	if asked != demoCases || by.Login != "admin" || by.Role != model.RoleAdmin {
		t.Errorf("LoadDemo called with %d cases as %+v, want %d as the new administrator", asked, by, demoCases)
	}
	if bar == nil || bar.Value != 1 {
		t.Errorf("progress bar at %v after the load, want 1", bar.Value)
	}
	if s.login == nil {
		t.Errorf("after the demo data the login screen is not shown")
	}
}

func TestLoginMessages(t *testing.T) {
	st := openTestStore(t)
	addAccount(t, st, "clerk1", model.RoleClerk, nil)
	s, _, _ := newTestSession(t, st, Options{})
	if s.login == nil {
		t.Fatalf("a database with accounts does not open on the login screen")
	}
	tests := []struct {
		login, password, want string
	}{
		{"", "x", "登录名为空"},
		{"clerk1", "", "密码为空"},
		{"clerk1", "wrong-password", "用户名或密码错误"},
	}
	for _, tt := range tests {
		signIn(t, s, tt.login, tt.password)
		if s.main != nil {
			t.Fatalf("signIn(%q, %q) opened the window", tt.login, tt.password)
		}
		if got := s.login.message.Text; !strings.Contains(got, tt.want) {
			t.Errorf("signIn(%q, %q) message = %q, want it to contain %q", tt.login, tt.password, got, tt.want)
		}
	}
	if s.login.password.Text != "" {
		t.Errorf("the wrong password stays in the field")
	}
}

func TestLoginLocksAfterFiveWrongPasswords(t *testing.T) {
	st := openTestStore(t)
	addAccount(t, st, "clerk1", model.RoleClerk, nil)
	s, _, _ := newTestSession(t, st, Options{})
	for i := 1; i <= 5; i++ {
		signIn(t, s, "clerk1", "wrong-password")
	}
	if got := s.login.message.Text; !strings.Contains(got, "账号已锁定") {
		t.Errorf("after five wrong passwords the message is %q, want 账号已锁定", got)
	}
	signIn(t, s, "clerk1", testPassword)
	if s.main != nil {
		t.Fatalf("a locked account signed in with the right password")
	}
	if got := s.login.message.Text; !strings.Contains(got, "账号已锁定") {
		t.Errorf("the right password on a locked account shows %q, want 账号已锁定", got)
	}
}

func TestSignOutReturnsToLogin(t *testing.T) {
	st := openTestStore(t)
	addAccount(t, st, "clerk1", model.RoleClerk, nil)
	s, tick, _ := newTestSession(t, st, Options{})
	signIn(t, s, "clerk1", testPassword)
	m := s.main
	if m == nil {
		t.Fatalf("sign in failed: %q", s.login.message.Text)
	}
	other := s.app.NewWindow("案件")
	other.Show()
	showAbout(m.win, "1.0")

	menuItem(t, m, "注销").Action()
	if s.main != nil || s.login == nil || s.win.Content() != s.login.view {
		t.Fatalf("注销 did not return to the login screen")
	}
	if got := s.login.login.Text; got != "clerk1" {
		t.Errorf("login screen after 注销 filled in %q, want clerk1", got)
	}
	if n := len(s.app.Driver().AllWindows()); n != 1 {
		t.Errorf("%d windows open after 注销, want only the login window", n)
	}
	if n := len(s.win.Canvas().Overlays().List()); n != 0 {
		t.Errorf("%d dialogs left over the login screen", n)
	}
	if s.win.MainMenu() != nil {
		t.Errorf("the main menu stays on the login screen")
	}
	if !tick.stopped {
		t.Errorf("the idle ticker still runs after 注销")
	}
	signIn(t, s, "clerk1", testPassword)
	if s.main == nil {
		t.Errorf("signing in again after 注销 failed: %q", s.login.message.Text)
	}
}

func TestChangePassword(t *testing.T) {
	st := openTestStore(t)
	addAccount(t, st, "clerk1", model.RoleClerk, nil)
	s, _, _ := newTestSession(t, st, Options{})
	signIn(t, s, "clerk1", testPassword)
	m := s.main

	tests := []struct {
		old, next, again, want string
	}{
		{testPassword, "new-password-1", "new-password-2", "两次输入的新密码不一致"},
		{"not-my-password", "new-password-1", "new-password-1", "原密码不正确"},
		{testPassword, "short", "short", "密码太短"},
	}
	for _, tt := range tests {
		p := m.showPasswordDialog()
		p.old.SetText(tt.old)
		p.next.SetText(tt.next)
		p.again.SetText(tt.again)
		p.dialog.Submit()
		s.bg.drain()
		if got := topDialogText(m.win); !strings.Contains(got, tt.want) {
			t.Errorf("修改密码(%q, %q, %q) shows %q, want it to contain %q", tt.old, tt.next, tt.again, got, tt.want)
		}
	}

	p := m.showPasswordDialog()
	p.old.SetText(testPassword)
	p.next.SetText("new-password-1")
	p.again.SetText("new-password-1")
	p.dialog.Submit()
	s.bg.drain()
	if got := topDialogText(m.win); !strings.Contains(got, "密码已修改") {
		t.Errorf("修改密码 shows %q, want 密码已修改", got)
	}
	s.signOut()
	signIn(t, s, "clerk1", "new-password-1")
	if s.main == nil {
		t.Errorf("the new password does not sign in: %q", s.login.message.Text)
	}
}

// menuItem is the main-menu item with the label.
func menuItem(t *testing.T, m *mainWindow, label string) *fyne.MenuItem {
	t.Helper()
	for _, menu := range m.win.MainMenu().Items {
		for _, it := range menu.Items {
			if it.Label == label {
				return it
			}
		}
	}
	t.Fatalf("no menu item %q", label)
	return nil
}

// topDialogText is the text of every label in the topmost dialog of w, joined.
func topDialogText(w fyne.Window) string {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	return strings.Join(labelTexts(top), " ")
}

// labelTexts collects the text of the labels in o, walking containers and the
// renderers of widgets.
func labelTexts(o fyne.CanvasObject) []string {
	var out []string
	switch x := o.(type) {
	case *widget.Label:
		return []string{x.Text}
	case *fyne.Container:
		for _, c := range x.Objects {
			out = append(out, labelTexts(c)...)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			out = append(out, labelTexts(c)...)
		}
	}
	return out
}
