// Package ui is the desktop window of 信访包案管理系统: one file and one struct per screen,
// a left navigation rail between them, all text from the translation files, and the
// bundled Chinese font. Screens reach the database only through the small interfaces
// declared here (satisfied by *store.Store) and only off the UI goroutine.
package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"

	"baoan/model"
)

// Options is how the window is run.
type Options struct {
	// Actor is who a window built without signing in acts as (tests build the shell
	// directly). Run ignores it: the window always starts at the first-run or login
	// screen and then acts as the user who signed in.
	Actor model.Actor
	Names Names             // category and street names at start; nil shows ids until loaded
	Today func() model.Date // the clock for days left; nil is model.Today

	// LoadDemo fills the database with n demo cases (first run: "load demo data to look
	// around"), reporting progress; nil hides that choice.
	LoadDemo func(ctx context.Context, a model.Actor, n int, progress func(done, total int)) error
	// Version is the program's version for the 关于 dialog.
	Version string

	// Restoring a backup from inside the app (设置 → 从备份恢复; see backup.go). Every
	// window holds the database open, so the program restarts afterwards instead of
	// reopening it in place. CheckBackup describes a backup file, or says why it cannot
	// be restored, and changes nothing. Restore closes the database, replaces it with the
	// backup and returns what was restored in words for the user; after it returns, with
	// or without an error, the program must Restart (start again and quit this one). A
	// nil Restore makes the screen point to `baoan restore` instead.
	CheckBackup func(ctx context.Context, path string) (summary string, err error)
	Restore     func(ctx context.Context, a model.Actor, path string) (report string, err error)
	Restart     func()

	// DatabaseTarget is the database this run uses (a file path or a postgres:// DSN),
	// shown in 设置 → 数据库. TestDatabase tries to open another target and closes it
	// again, creating nothing; nil hides the 测试连接 button.
	DatabaseTarget string
	TestDatabase   func(ctx context.Context, target string) error
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

// Run shows the window and blocks until the app quits. The window opens on the first-run
// screen for a database without accounts, otherwise on the login screen (see session).
func Run(a fyne.App, backend Backend, opts Options) {
	prepareApp(a)
	startSession(a, backend, opts, &background{})
	a.Run()
}

// mainWindow is the signed-in window with the navigation rail; each screen is built the
// first time it is shown, so that signing in runs only the queries of the screen it
// opens on.
type mainWindow struct {
	app fyne.App
	win fyne.Window
	bg  *background
	env *env

	tabs    *container.AppTabs
	screens []*navScreen
	names   *liveNames
	idle    *idleLock

	// signOut returns to the login screen (注销); nil in a shell built without a session.
	signOut func()
	// dictionaryListeners are told after the names were read again (see onDictionaries).
	dictionaryListeners []func()

	dash     *dashboard
	ledger   *ledger
	register *register
}

// navScreen is one entry of the navigation rail.
type navScreen struct {
	id      string
	tab     *container.TabItem
	slot    *fyne.Container // holds the screen once built
	build   func() fyne.CanvasObject
	refresh func() // called when the screen is shown again; nil: nothing to do
}

// newMainWindow opens a new window with the shell acting as opts.Actor, without signing
// in: for tests and for callers that have already authenticated.
func newMainWindow(a fyne.App, backend Backend, opts Options, bg *background) *mainWindow {
	return newShell(a, newAppWindow(a), backend, opts, bg)
}

// newAppWindow is the program's window, titled and sized as it was left.
func newAppWindow(a fyne.App) fyne.Window {
	w := a.NewWindow(lang.L("app.title"))
	w.Resize(parseSize(a.Preferences().String(prefSize)))
	w.SetOnClosed(func() { saveSize(a, w) })
	return w
}

// newShell fills win with the navigation rail and the menus, acting as opts.Actor.
func newShell(a fyne.App, win fyne.Window, backend Backend, opts Options, bg *background) *mainWindow {
	m := &mainWindow{app: a, win: win, bg: bg}
	if opts.Names == nil {
		opts.Names = NameMap{}
	}
	if opts.Today == nil {
		opts.Today = model.Today
	}
	// Every screen shares one Names that dictionariesChanged replaces in place.
	m.names = newLiveNames(opts.Names)
	opts.Names = m.names
	m.env = &env{app: a, win: m.win, backend: backend, actor: opts.Actor, names: opts.Names, today: opts.Today, bg: bg, nav: m, opts: opts}
	e := m.env

	m.add(screenDashboard, lang.L("nav.dashboard"), theme.HomeIcon(), func() fyne.CanvasObject {
		m.dash = newDashboard(e)
		m.screen(screenDashboard).refresh = m.dash.reload
		return m.dash.view
	})
	m.add(screenLedger, lang.L("nav.ledger"), theme.ListIcon(), func() fyne.CanvasObject {
		m.ledger = newLedger(e)
		return m.ledger.view
	})
	if m.canRegister() {
		m.add(screenRegister, lang.L("nav.register"), theme.DocumentCreateIcon(), func() fyne.CanvasObject {
			m.register = newRegister(e)
			return m.register.view
		})
	}
	m.add(screenLeaders, lang.L("nav.leaders"), theme.AccountIcon(), func() fyne.CanvasObject { return newLeaders(e).view })
	m.add(screenStatistics, lang.L("nav.statistics"), theme.GridIcon(), func() fyne.CanvasObject { return newStatistics(e).view })
	m.add(screenSettings, lang.L("nav.settings"), theme.SettingsIcon(), func() fyne.CanvasObject { return newSettings(e).view })

	items := make([]*container.TabItem, len(m.screens))
	for i, s := range m.screens {
		items[i] = s.tab
	}
	m.tabs = container.NewAppTabs(items...)
	m.tabs.SetTabLocation(container.TabLocationLeading)
	m.tabs.OnSelected = func(t *container.TabItem) {
		m.idle.touch()
		m.onSelected(t)
	}

	m.idle = newIdleLock(m)
	m.win.SetContent(m.idle.watch(m.tabs))
	m.win.SetMainMenu(m.mainMenu())
	m.idle.loadSetting()

	m.show(a.Preferences().StringWithFallback(prefScreen, screenDashboard))
	return m
}

// canRegister tells whether the signed-in role registers petitions: viewers and leaders
// do not, so 登记 and Ctrl+N are not offered to them.
func (m *mainWindow) canRegister() bool { return model.Can(m.env.actor.Role, model.ActCaseCreate) }

// mainMenu carries the window's keyboard shortcuts. Shortcuts of the main menu work
// whatever has the focus; shortcuts added to the canvas do not reach it while an entry
// is being typed in, which is most of a clerk's day. Every item counts as activity for
// the idle lock and does nothing while the window is locked.
func (m *mainWindow) mainMenu() *fyne.MainMenu {
	shortcut := func(k fyne.KeyName) fyne.Shortcut {
		return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
	}
	item := func(label string, key fyne.KeyName, action func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, m.act(action))
		if key != "" {
			it.Shortcut = shortcut(key)
		}
		return it
	}
	var caseItems []*fyne.MenuItem
	if m.canRegister() {
		caseItems = append(caseItems, item(lang.L("menu.case.new"), fyne.KeyN, m.newCase))
	}
	caseItems = append(caseItems, item(lang.L("menu.case.find"), fyne.KeyF, m.onFind))
	// Our own quit item, so that its label is translated like the rest (Fyne's would
	// follow the system language) and the window size is kept on the way out.
	quit := item(lang.L("menu.quit"), fyne.KeyQ, func() {
		saveSize(m.app, m.win)
		m.app.Quit()
	})
	quit.IsQuit = true
	caseItems = append(caseItems, fyne.NewMenuItemSeparator(), quit)

	account := fyne.NewMenu(lang.L("shell.menu.account", map[string]any{"Login": m.env.actor.Login}),
		item(lang.L("shell.menu.password"), "", m.changePassword),
		item(lang.L("shell.menu.lock"), fyne.KeyL, m.idle.lock),
		item(lang.L("shell.menu.sign_out"), "", m.onSignOut),
	)
	help := fyne.NewMenu(lang.L("shell.menu.help"), item(lang.L("shell.menu.about"), "", func() { showAbout(m.win, m.env.opts.Version) }))
	return fyne.NewMainMenu(fyne.NewMenu(lang.L("menu.case"), caseItems...), account, help)
}

// act wraps a menu action: activity for the idle lock, ignored while locked (a shortcut
// must not open a screen behind the lock).
func (m *mainWindow) act(f func()) func() {
	return func() {
		if m.idle.locked {
			return
		}
		m.idle.touch()
		f()
	}
}

func (m *mainWindow) onSignOut() {
	if m.signOut != nil {
		m.signOut()
	}
}

// saveSize remembers the window's size for the next start. Fyne writes preferences at
// most once per 100 ms and flushes the rest when the app stops, which quitting from the
// menu can outrun; a single value is written at once.
func saveSize(a fyne.App, w fyne.Window) {
	size := w.Canvas().Size()
	a.Preferences().SetString(prefSize, fmt.Sprintf("%.0fx%.0f", size.Width, size.Height))
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

// screen is the rail entry with the id, or nil.
func (m *mainWindow) screen(id string) *navScreen {
	for _, s := range m.screens {
		if s.id == id {
			return s
		}
	}
	return nil
}

// show selects a screen by id; an unknown id (from an older version's preferences, or a
// screen this role does not have) shows the first screen.
func (m *mainWindow) show(id string) {
	s := m.screen(id)
	if s == nil {
		s = m.screens[0]
	}
	if m.tabs.Selected() == s.tab {
		m.onSelected(s.tab) // AppTabs does not report selecting the tab already selected
		return
	}
	m.tabs.Select(s.tab)
}

// onSelected builds a screen the first time it is shown and refreshes it when it is
// shown again.
func (m *mainWindow) onSelected(t *container.TabItem) {
	for _, s := range m.screens {
		if s.tab != t {
			continue
		}
		if len(s.slot.Objects) == 0 {
			s.slot.Objects = []fyne.CanvasObject{s.build()}
			s.slot.Refresh()
		} else if s.refresh != nil {
			s.refresh()
		}
		m.app.Preferences().SetString(prefScreen, s.id)
		return
	}
}

// openCase shows one case in its own window, so that a clerk can keep the ledger and
// several cases open side by side. The idle lock hides it with the main window.
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

// newCase shows the registration form, for the roles that register.
func (m *mainWindow) newCase() {
	if m.canRegister() {
		m.show(screenRegister)
	}
}

// dictionariesChanged is called after streets, categories, units or leaders were edited:
// the names are read again, every screen built so far (and every case window) is
// redrawn with them, and the listeners registered with onDictionaries run, so that pick
// lists can be read again.
func (m *mainWindow) dictionariesChanged() {
	backend := m.env.backend
	m.bg.run(func() func() {
		names, err := loadNames(context.Background(), backend)
		return func() {
			if err != nil {
				dialog.ShowError(errors.New(lang.L("shell.error.names", map[string]any{"Err": err.Error()})), m.win)
				return
			}
			m.names.set(names)
			for _, s := range m.screens {
				refreshTree(s.slot)
			}
			for _, w := range m.app.Driver().AllWindows() {
				if w != m.win && w.Content() != nil {
					refreshTree(w.Content())
				}
			}
			for _, f := range m.dictionaryListeners {
				f()
			}
		}
	})
}

// onDictionaries registers f to run on the UI goroutine after dictionariesChanged has
// read the names again. A screen with pick lists reaches it through its navigator:
//
//	if d, ok := e.nav.(interface{ onDictionaries(func()) }); ok { d.onDictionaries(l.loadLists) }
func (m *mainWindow) onDictionaries(f func()) {
	m.dictionaryListeners = append(m.dictionaryListeners, f)
}

// refreshTree redraws o and, for a plain container, everything in it: a table redraws its
// visible cells, which look names up again.
func refreshTree(o fyne.CanvasObject) {
	if c, ok := o.(*fyne.Container); ok {
		for _, child := range c.Objects {
			refreshTree(child)
		}
	}
	o.Refresh()
}

// close ends the signed-in window: the other windows (case details) close and dialogs
// go, so that the next user sees nothing of this one's work.
func (m *mainWindow) close() {
	m.idle.stop()
	// A copy: closing a window takes it out of the driver's list.
	for _, w := range slices.Clone(m.app.Driver().AllWindows()) {
		if w != m.win {
			w.Close()
		}
	}
	for _, o := range slices.Clone(m.win.Canvas().Overlays().List()) {
		m.win.Canvas().Overlays().Remove(o)
	}
	m.win.SetMainMenu(nil)
}

// liveNames is the Names that every screen of one window shares. dictionariesChanged
// swaps the maps behind it, so that screens built earlier show the new names without
// being rebuilt. Reads may come from any goroutine.
type liveNames struct{ p atomic.Pointer[Names] }

func newLiveNames(n Names) *liveNames {
	l := &liveNames{}
	l.set(n)
	return l
}

func (l *liveNames) set(n Names)                  { l.p.Store(&n) }
func (l *liveNames) CategoryName(id int64) string { return (*l.p.Load()).CategoryName(id) }
func (l *liveNames) StreetName(id int64) string   { return (*l.p.Load()).StreetName(id) }

// loadNames reads the street and category names the screens show, inactive ones
// included: old cases keep the names they were registered with.
func loadNames(ctx context.Context, src DashboardSource) (NameMap, error) {
	m := NameMap{Categories: map[int64]string{}, Streets: map[int64]string{}}
	streets, err := src.Streets(ctx)
	if err != nil {
		return m, fmt.Errorf("ui: load street names: %w", err)
	}
	for _, u := range streets {
		m.Streets[u.ID] = u.Name
	}
	cats, err := src.Categories(ctx)
	if err != nil {
		return m, fmt.Errorf("ui: load category names: %w", err)
	}
	for _, c := range cats {
		m.Categories[c.ID] = c.Name
	}
	return m, nil
}
