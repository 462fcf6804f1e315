package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

func newTestWindow(t *testing.T, a fyne.App) (*mainWindow, *fakeLister) {
	t.Helper()
	fake := &fakeLister{cases: makeCases(30)}
	bg := &background{hold: true}
	m := newMainWindow(a, fakeBackend{Store: openTestStore(t), lister: fake}, Options{Names: testNames, Today: func() model.Date { return testToday }}, bg)
	t.Cleanup(func() {
		for _, w := range a.Driver().AllWindows() {
			if w == m.win { // not closed by the test
				w.Close()
			}
		}
	})
	bg.drain()
	return m, fake
}

// pressShortcut does what the desktop driver does with a key chord: it runs the main
// menu item whose shortcut has the same name.
func pressShortcut(t *testing.T, m *mainWindow, s fyne.Shortcut) {
	t.Helper()
	for _, menu := range m.win.MainMenu().Items {
		for _, item := range menu.Items {
			if item.Shortcut != nil && item.Shortcut.ShortcutName() == s.ShortcutName() {
				item.Action()
				m.bg.drain()
				return
			}
		}
	}
	t.Fatalf("no menu item has shortcut %s", s.ShortcutName())
}

func selectedScreen(m *mainWindow) string {
	for _, s := range m.screens {
		if s.tab == m.tabs.Selected() {
			return s.id
		}
	}
	return ""
}

func TestMainWindowTitleAndNavigation(t *testing.T) {
	m, _ := newTestWindow(t, newTestApp(t))

	if got, want := m.win.Title(), "信访包案管理系统"; got != want {
		t.Errorf("window title = %q, want %q", got, want)
	}
	want := []string{"工作台", "台账", "登记", "领导", "统计", "设置"}
	if len(m.tabs.Items) != len(want) {
		t.Fatalf("navigation has %d entries, want %d", len(m.tabs.Items), len(want))
	}
	for i, w := range want {
		if got := m.tabs.Items[i].Text; got != w {
			t.Errorf("navigation entry %d = %q, want %q", i, got, w)
		}
	}
	if got := selectedScreen(m); got != screenDashboard {
		t.Errorf("first run opens on %q, want %q", got, screenDashboard)
	}
}

func TestMainWindowScreensNotBuiltSayComingSoon(t *testing.T) {
	m, _ := newTestWindow(t, newTestApp(t))
	for _, id := range []string{screenDashboard, screenRegister, screenLeaders, screenStatistics, screenSettings} {
		m.show(id)
		s := m.screens[slicesIndex(m, id)]
		center, ok := s.slot.Objects[0].(*fyne.Container)
		if !ok || len(center.Objects) != 1 {
			t.Errorf("screen %s: content is %T, want a centred label", id, s.slot.Objects[0])
			continue
		}
		if got, want := center.Objects[0].(*widget.Label).Text, "此功能将在后续版本提供"; got != want {
			t.Errorf("screen %s says %q, want %q", id, got, want)
		}
	}
}

func slicesIndex(m *mainWindow, id string) int {
	for i, s := range m.screens {
		if s.id == id {
			return i
		}
	}
	return -1
}

func TestMainWindowRemembersScreenAndSize(t *testing.T) {
	a := newTestApp(t)
	m, fake := newTestWindow(t, a)
	if len(fake.listCalls()) != 0 {
		t.Errorf("the ledger queried the database before it was shown")
	}

	m.tabs.SelectIndex(1) // 台账, as a click on the rail does
	m.bg.drain()
	if got := a.Preferences().String(prefScreen); got != screenLedger {
		t.Errorf("preference %s = %q, want %q", prefScreen, got, screenLedger)
	}
	if len(fake.listCalls()) != 1 {
		t.Errorf("showing the ledger made %d ListCases calls, want 1", len(fake.listCalls()))
	}
	m.win.Resize(fyne.NewSize(900, 600))
	m.win.Close()

	again, _ := newTestWindow(t, a)
	if got := selectedScreen(again); got != screenLedger {
		t.Errorf("reopened on %q, want %q", got, screenLedger)
	}
	if got, want := again.win.Canvas().Size(), fyne.NewSize(900, 600); got != want {
		t.Errorf("reopened at size %v, want %v", got, want)
	}
	if again.ledger == nil || len(again.ledger.rows) != 30 {
		t.Errorf("reopened ledger is not loaded")
	}
}

func TestMainWindowUnknownScreenPreference(t *testing.T) {
	a := newTestApp(t)
	a.Preferences().SetString(prefScreen, "reports-from-a-newer-version")
	m, _ := newTestWindow(t, a)
	if got := selectedScreen(m); got != screenDashboard {
		t.Errorf("opened on %q, want the first screen %q", got, screenDashboard)
	}
}

func TestMainWindowShortcuts(t *testing.T) {
	m, _ := newTestWindow(t, newTestApp(t))
	ctrl := func(k fyne.KeyName) fyne.Shortcut {
		return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
	}

	pressShortcut(t, m, ctrl(fyne.KeyF))
	if got := selectedScreen(m); got != screenLedger {
		t.Errorf("Ctrl+F showed %q, want %q", got, screenLedger)
	}
	if got := m.win.Canvas().Focused(); got != m.ledger.search {
		t.Errorf("Ctrl+F focused %T, want the ledger's search box", got)
	}

	pressShortcut(t, m, ctrl(fyne.KeyN))
	if got := selectedScreen(m); got != screenRegister {
		t.Errorf("Ctrl+N showed %q, want %q", got, screenRegister)
	}
}

func TestMainWindowQuitKeepsSize(t *testing.T) {
	a := newTestApp(t)
	m, _ := newTestWindow(t, a)
	m.win.Resize(fyne.NewSize(1024, 700))
	pressShortcut(t, m, &desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault})

	if got, want := a.Preferences().String(prefSize), "1024x700"; got != want {
		t.Errorf("size kept on quit = %q, want %q", got, want)
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want fyne.Size
	}{
		{"1024x700", fyne.NewSize(1024, 700)},
		{"1366.5x768", fyne.NewSize(1366.5, 768)},
		{"", fyne.NewSize(defaultWidth, defaultHeight)},
		{"garbage", fyne.NewSize(defaultWidth, defaultHeight)},
		{"10x10", fyne.NewSize(defaultWidth, defaultHeight)}, // too small to use
	}
	for _, tt := range tests {
		if got := parseSize(tt.in); got != tt.want {
			t.Errorf("parseSize(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
