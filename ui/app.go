// Package ui is the desktop window of 信访包案管理系统: one file and one struct per screen,
// a left navigation rail between them, all text from the translation files, and the
// bundled Chinese font. Screens reach the database only through the small interfaces
// declared here (satisfied by *store.Store) and only off the UI goroutine.
package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"baoan/assets"
	"baoan/model"
)

// Options is how the window is run.
type Options struct {
	Actor model.Actor       // the signed-in user, passed with every query
	Names Names             // category and street names; nil shows ids
	Today func() model.Date // the clock for days left; nil is model.Today

	// LoadDemo fills the database with n demo cases (first run: "load demo data to look
	// around"), reporting progress; nil hides that choice.
	LoadDemo func(ctx context.Context, a model.Actor, n int, progress func(done, total int)) error
	// Version is the program's version for the 关于 dialog.
	Version string
}

// Preference keys: the window reopens at the size and on the screen it was left.
const (
	prefScreen   = "ui.screen"
	prefSize     = "ui.window.size" // "WIDTHxHEIGHT": one value, so that it is saved in one write
	prefLanguage = "ui.language"
)

const defaultWidth, defaultHeight = 1200, 760

// Screen ids, as stored in the preferences.
const (
	screenDashboard  = "dashboard"
	screenLedger     = "ledger"
	screenRegister   = "register"
	screenLeaders    = "leaders"
	screenStatistics = "statistics"
	screenSettings   = "settings"
)

// Run shows the main window and blocks until the app quits.
func Run(a fyne.App, backend Backend, opts Options) {
	if err := SetLanguage(a.Preferences().String(prefLanguage)); err != nil {
		fyne.LogError("ui: set language", err)
	}
	a.Settings().SetTheme(NewTheme())
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	newMainWindow(a, backend, opts, &background{}).win.ShowAndRun()
}

// mainWindow is the window with the navigation rail; each screen is built the first time
// it is shown, so that starting the app runs only the queries of the screen it opens on.
type mainWindow struct {
	app fyne.App
	win fyne.Window
	bg  *background
	env *env

	tabs    *container.AppTabs
	screens []*navScreen

	ledger *ledger
}

// navScreen is one entry of the navigation rail.
type navScreen struct {
	id    string
	tab   *container.TabItem
	slot  *fyne.Container // holds the screen once built
	build func() fyne.CanvasObject
}

func newMainWindow(a fyne.App, backend Backend, opts Options, bg *background) *mainWindow {
	m := &mainWindow{app: a, bg: bg}
	m.win = a.NewWindow(lang.L("app.title"))
	if opts.Names == nil {
		opts.Names = NameMap{}
	}
	if opts.Today == nil {
		opts.Today = model.Today
	}
	m.env = &env{app: a, win: m.win, backend: backend, actor: opts.Actor, names: opts.Names, today: opts.Today, bg: bg, nav: m, opts: opts}
	e := m.env

	m.add(screenDashboard, lang.L("nav.dashboard"), theme.HomeIcon(), func() fyne.CanvasObject { return newDashboard(e).view })
	m.add(screenLedger, lang.L("nav.ledger"), theme.ListIcon(), func() fyne.CanvasObject {
		m.ledger = newLedger(m.win, backend, opts.Names, opts.Actor, opts.Today, m.bg)
		return m.ledger.view
	})
	m.add(screenRegister, lang.L("nav.register"), theme.DocumentCreateIcon(), func() fyne.CanvasObject { return newRegister(e).view })
	m.add(screenLeaders, lang.L("nav.leaders"), theme.AccountIcon(), func() fyne.CanvasObject { return newLeaders(e).view })
	m.add(screenStatistics, lang.L("nav.statistics"), theme.GridIcon(), func() fyne.CanvasObject { return newStatistics(e).view })
	m.add(screenSettings, lang.L("nav.settings"), theme.SettingsIcon(), func() fyne.CanvasObject { return newSettings(e).view })

	items := make([]*container.TabItem, len(m.screens))
	for i, s := range m.screens {
		items[i] = s.tab
	}
	m.tabs = container.NewAppTabs(items...)
	m.tabs.SetTabLocation(container.TabLocationLeading)
	m.tabs.OnSelected = func(t *container.TabItem) { m.onSelected(t) }
	m.win.SetContent(m.tabs)

	m.win.SetMainMenu(m.mainMenu())

	prefs := a.Preferences()
	m.win.Resize(parseSize(prefs.String(prefSize)))
	m.win.SetOnClosed(m.saveSize)

	m.show(prefs.StringWithFallback(prefScreen, screenDashboard))
	return m
}

// mainMenu carries the window's keyboard shortcuts. Shortcuts of the main menu work
// whatever has the focus; shortcuts added to the canvas do not reach it while an entry
// is being typed in, which is most of a clerk's day.
func (m *mainWindow) mainMenu() *fyne.MainMenu {
	shortcut := func(k fyne.KeyName) fyne.Shortcut {
		return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
	}
	newCase := fyne.NewMenuItem(lang.L("menu.case.new"), m.newCase)
	newCase.Shortcut = shortcut(fyne.KeyN)
	find := fyne.NewMenuItem(lang.L("menu.case.find"), m.onFind)
	find.Shortcut = shortcut(fyne.KeyF)
	// Our own quit item, so that its label is translated like the rest (Fyne's would
	// follow the system language) and the window size is kept on the way out.
	quit := fyne.NewMenuItem(lang.L("menu.quit"), func() {
		m.saveSize()
		m.app.Quit()
	})
	quit.IsQuit = true
	quit.Shortcut = shortcut(fyne.KeyQ)
	return fyne.NewMainMenu(fyne.NewMenu(lang.L("menu.case"), newCase, find, fyne.NewMenuItemSeparator(), quit))
}

// saveSize remembers the window's size for the next start. Fyne writes preferences at
// most once per 100 ms and flushes the rest when the app stops, which quitting from the
// menu can outrun; a single value is written at once.
func (m *mainWindow) saveSize() {
	size := m.win.Canvas().Size()
	m.app.Preferences().SetString(prefSize, fmt.Sprintf("%.0fx%.0f", size.Width, size.Height))
}

// parseSize reads a saved window size, falling back to the default for a missing or
// implausible one (a window cannot usefully be smaller than its navigation and a table).
func parseSize(s string) fyne.Size {
	var w, h float32
	if _, err := fmt.Sscanf(s, "%fx%f", &w, &h); err != nil || w < 400 || h < 300 {
		return fyne.NewSize(defaultWidth, defaultHeight)
	}
	return fyne.NewSize(w, h)
}

// onFind shows the ledger with the cursor in its search box (Ctrl+F).
func (m *mainWindow) onFind() {
	m.show(screenLedger)
	m.ledger.focusSearch()
}

func (m *mainWindow) add(id, title string, icon fyne.Resource, build func() fyne.CanvasObject) {
	slot := container.NewStack()
	m.screens = append(m.screens, &navScreen{id: id, tab: container.NewTabItemWithIcon(title, icon, slot), slot: slot, build: build})
}

// show selects a screen by id; an unknown id (from an older version's preferences) shows
// the first screen.
func (m *mainWindow) show(id string) {
	for _, s := range m.screens {
		if s.id == id {
			m.tabs.Select(s.tab)
			m.onSelected(s.tab) // AppTabs does not report selecting the tab already selected
			return
		}
	}
	m.show(m.screens[0].id)
}

func (m *mainWindow) onSelected(t *container.TabItem) {
	for _, s := range m.screens {
		if s.tab != t {
			continue
		}
		if len(s.slot.Objects) == 0 {
			s.slot.Objects = []fyne.CanvasObject{s.build()}
			s.slot.Refresh()
		}
		m.app.Preferences().SetString(prefScreen, s.id)
		return
	}
}

// openCase shows one case in its own window, so that a clerk can keep the ledger and
// several cases open side by side.
func (m *mainWindow) openCase(id int64) {
	w := m.app.NewWindow(lang.L("app.title"))
	e := *m.env
	e.win = w
	w.SetContent(newCaseDetail(&e, id).view)
	w.Resize(fyne.NewSize(defaultWidth*0.9, defaultHeight*0.9))
	w.Show()
}

// showLedger shows the ledger filtered to f.
func (m *mainWindow) showLedger(f model.CaseFilter) {
	m.show(screenLedger)
	m.ledger.setFilter(f)
}

// newCase shows the registration form.
func (m *mainWindow) newCase() { m.show(screenRegister) }

// dictionariesChanged is called after streets, categories, units or leaders were edited.
func (m *mainWindow) dictionariesChanged() {}
