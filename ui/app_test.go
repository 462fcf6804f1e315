package ui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"baoan/model"
)

func newTestWindow(t *testing.T, a fyne.App) (*mainWindow, *fakeLister) {
	t.Helper()
	fake := &fakeLister{cases: makeCases(30)}
	bg := &background{hold: true}
	m := newMainWindow(a, fakeBackend{Store: openTestStore(t), lister: fake}, Options{Actor: shellAdmin, Names: testNames, Today: func() model.Date { return testToday }}, bg)
	t.Cleanup(func() {
		for _, w := range slices.Clone(a.Driver().AllWindows()) {
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

func TestMainWindowBuildsEachScreenOnce(t *testing.T) {
	m, _ := newTestWindow(t, newTestApp(t))
	built := map[string]fyne.CanvasObject{}
	for round := 0; round < 2; round++ {
		for _, s := range m.screens {
			m.show(s.id)
			m.bg.drain()
			if len(s.slot.Objects) != 1 || s.slot.Objects[0] == nil {
				t.Fatalf("screen %s: slot holds %d objects after showing it, want its view", s.id, len(s.slot.Objects))
			}
			if round == 0 {
				built[s.id] = s.slot.Objects[0]
			} else if s.slot.Objects[0] != built[s.id] {
				t.Errorf("screen %s was built again when shown a second time", s.id)
			}
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

func TestNavigationByRole(t *testing.T) {
	tests := []struct {
		role     model.Role
		register bool
	}{
		{model.RoleAdmin, true},
		{model.RoleClerk, true},
		{model.RoleLeader, false},
		{model.RoleViewer, false},
	}
	st := openTestStore(t)
	for _, tt := range tests {
		a := newTestApp(t)
		bg := &background{hold: true}
		m := newMainWindow(a, st, Options{Actor: model.Actor{UserID: 5, Login: "u", Role: tt.role, LeaderID: 0},
			Today: func() model.Date { return testToday }}, bg)
		bg.drain()
		hasTab := m.screen(screenRegister) != nil
		hasItem := false
		for _, menu := range m.win.MainMenu().Items {
			for _, it := range menu.Items {
				hasItem = hasItem || it.Label == "新建登记"
			}
		}
		if hasTab != tt.register || hasItem != tt.register {
			t.Errorf("%s: 登记 tab %v, Ctrl+N item %v, want both %v", tt.role, hasTab, hasItem, tt.register)
		}
		m.newCase()
		if got := selectedScreen(m); !tt.register && got == screenRegister {
			t.Errorf("%s: newCase showed the registration form", tt.role)
		}
		m.win.Close()
	}
}

func TestDictionariesChangedReloadsNames(t *testing.T) {
	st := openTestStore(t)
	a := newTestApp(t)
	bg := &background{hold: true}
	m := newMainWindow(a, st, Options{Actor: shellAdmin, Names: testNames, Today: func() model.Date { return testToday }}, bg)
	t.Cleanup(m.win.Close)
	bg.drain()
	names := m.env.names
	ctx := context.Background()
	street, err := st.CreateUnit(ctx, shellAdmin, model.Unit{Name: "新安街道", Kind: model.UnitStreet})
	if err != nil {
		t.Fatal(err)
	}
	cat, err := st.CreateCategory(ctx, shellAdmin, model.Category{Name: "城乡建设"})
	if err != nil {
		t.Fatal(err)
	}
	told := 0
	m.onDictionaries(func() { told++ })

	m.dictionariesChanged()
	bg.drain()
	if got := names.StreetName(street.ID); got != "新安街道" {
		t.Errorf("StreetName(%d) after dictionariesChanged = %q, want 新安街道", street.ID, got)
	}
	if got := names.CategoryName(cat.ID); got != "城乡建设" {
		t.Errorf("CategoryName(%d) after dictionariesChanged = %q, want 城乡建设", cat.ID, got)
	}
	if told != 1 {
		t.Errorf("listeners told %d times, want 1", told)
	}
}

func TestAboutShowsVersion(t *testing.T) {
	a := newTestApp(t)
	bg := &background{hold: true}
	m := newMainWindow(a, openTestStore(t), Options{Actor: shellAdmin, Version: "1.4.2", Today: func() model.Date { return testToday }}, bg)
	t.Cleanup(m.win.Close)
	bg.drain()
	menuItem(t, m, "关于").Action()
	if got := topDialogText(m.win); !strings.Contains(got, "版本 1.4.2") || !strings.Contains(got, "信访包案管理系统") {
		t.Errorf("关于 shows %q, want the title and 版本 1.4.2", got)
	}
}
