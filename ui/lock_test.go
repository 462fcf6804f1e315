package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"baoan/model"
	"baoan/store"
)

// shellAdmin writes the settings of the shell tests.
var shellAdmin = model.Actor{UserID: 1, Login: "admin", Role: model.RoleAdmin}

// signedIn is a session signed in as a clerk, with the idle lock set to minutes.
func signedIn(t *testing.T, minutes string) (*session, *manualTicker, *testClock) {
	t.Helper()
	st := openTestStore(t)
	addAccount(t, st, "clerk1", model.RoleClerk, nil)
	if err := st.SetSetting(t.Context(), shellAdmin, store.SettingIdleLock, minutes); err != nil {
		t.Fatalf("SetSetting(%s, %s): %v", store.SettingIdleLock, minutes, err)
	}
	s, tick, clock := newTestSession(t, st, Options{})
	signIn(t, s, "clerk1", testPassword)
	if s.main == nil {
		t.Fatalf("sign in failed: %q", s.login.message.Text)
	}
	return s, tick, clock
}

func TestIdleLockSettingKey(t *testing.T) {
	if idleLockSetting != store.SettingIdleLock {
		t.Errorf("idleLockSetting = %q, want store.SettingIdleLock %q", idleLockSetting, store.SettingIdleLock)
	}
}

func TestParseIdleMinutes(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"15", 15 * time.Minute},
		{" 5 ", 5 * time.Minute},
		{"0", 0},
		{"", defaultIdleMinutes * time.Minute},
		{"十五", defaultIdleMinutes * time.Minute},
		{"-3", defaultIdleMinutes * time.Minute},
	}
	for _, tt := range tests {
		if got := parseIdleMinutes(tt.in); got != tt.want {
			t.Errorf("parseIdleMinutes(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestIdleLockLocksAndUnlocks(t *testing.T) {
	s, tick, clock := signedIn(t, "5")
	m := s.main
	content, menu := m.win.Content(), m.win.MainMenu()
	other := s.app.NewWindow("案件")
	other.Show()
	about := showAbout(m.win, "1.0")
	tick.beat(t) // opening them was activity; the limit counts from here

	clock.advance(4*time.Minute + 59*time.Second)
	tick.beat(t)
	if m.idle.locked {
		t.Fatalf("locked after 4:59 of a 5-minute limit")
	}
	clock.advance(time.Second)
	tick.beat(t)
	if !m.idle.locked {
		t.Fatalf("not locked after 5 minutes without input")
	}
	if m.win.Content() != m.idle.view {
		t.Errorf("the lock screen does not cover the window")
	}
	if m.win.MainMenu() != nil {
		t.Errorf("the main menu stays usable while locked")
	}
	if n := len(m.win.Canvas().Overlays().List()); n != 0 {
		t.Errorf("%d dialogs still shown over the lock screen", n)
	}
	if m.win.Canvas().Focused() != m.idle.password {
		t.Errorf("the password field does not have the focus")
	}
	// Menu actions do nothing while locked: a shortcut must not show a screen.
	m.act(func() { t.Errorf("a menu action ran while locked") })()

	for _, pw := range []string{"wrong-password", ""} {
		m.idle.password.SetText(pw)
		test.Tap(m.idle.unlockB)
		s.bg.drain()
		if !m.idle.locked || m.win.Content() != m.idle.view {
			t.Fatalf("unlocked with password %q", pw)
		}
	}
	if got := m.idle.message.Text; !strings.Contains(got, "密码") {
		t.Errorf("empty password message = %q, want it to mention 密码", got)
	}
	m.idle.password.SetText("wrong-password")
	test.Tap(m.idle.unlockB)
	s.bg.drain()
	if got := m.idle.message.Text; !strings.Contains(got, "用户名或密码错误") {
		t.Errorf("wrong password message = %q, want the store's 用户名或密码错误", got)
	}

	m.idle.password.SetText(testPassword)
	test.Tap(m.idle.unlockB)
	s.bg.drain()
	if m.idle.locked {
		t.Fatalf("the right password did not unlock: %q", m.idle.message.Text)
	}
	if m.win.Content() != content || m.win.MainMenu() != menu {
		t.Errorf("unlocking did not give back the window's content and menu")
	}
	if top := m.win.Canvas().Overlays().Top(); top == nil {
		t.Errorf("the 关于 dialog open before the lock is gone after unlocking")
	}
	about.Hide()

	// The count starts again from the unlock.
	clock.advance(4 * time.Minute)
	tick.beat(t)
	if m.idle.locked {
		t.Errorf("locked again 4 minutes after unlocking")
	}
}

func TestIdleLockSeesActivity(t *testing.T) {
	s, tick, clock := signedIn(t, "5")
	m := s.main
	c := m.win.Canvas()
	var p *passwordDialog
	// Each step happens 4 minutes after the previous one's tick and is followed by a
	// tick 4 minutes later: without the step being seen, that is 8 minutes of nothing.
	steps := []struct {
		name string
		act  func()
	}{
		{"opening a dialog", func() {
			p = m.showPasswordDialog()
			c.Focus(p.old)
		}},
		{"typing in the focused entry", func() { test.Type(p.old, "abc") }},
		{"moving the cursor in the entry", func() { p.old.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft}) }},
		{"closing a dialog", func() {
			p.dialog.Hide()
			c.Unfocus()
		}},
		{"a key with nothing focused", func() { test.TypeOnCanvas(c, "x") }},
		{"the pointer over the window", func() { test.MoveMouse(c, fyne.NewPos(c.Size().Width/2, c.Size().Height/2)) }},
		{"choosing a screen", func() { m.tabs.SelectIndex(1); s.bg.drain() }},
		{"a menu item", func() { menuItem(t, m, "查找").Action(); s.bg.drain() }},
	}
	for _, st := range steps {
		clock.advance(4 * time.Minute)
		st.act()
		clock.advance(4 * time.Minute)
		tick.beat(t)
		if m.idle.locked {
			t.Fatalf("locked 8 minutes after the previous tick, with %s 4 minutes ago", st.name)
		}
	}
	clock.advance(5 * time.Minute)
	tick.beat(t)
	if !m.idle.locked {
		t.Errorf("not locked 5 minutes after the last input")
	}
}

func TestIdleLockNever(t *testing.T) {
	s, tick, clock := signedIn(t, "0")
	clock.advance(24 * time.Hour)
	tick.beat(t)
	if s.main.idle.locked {
		t.Errorf("locked with the setting 0 (never)")
	}
	menuItem(t, s.main, "锁定").Action()
	if !s.main.idle.locked {
		t.Errorf("锁定 from the menu did not lock")
	}
	test.Tap(s.main.idle.signOutB)
	if s.main != nil || s.login == nil {
		t.Errorf("注销 on the lock screen did not return to the login screen")
	}
}
