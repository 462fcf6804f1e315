package ui

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// idleLockSetting is the store's setting of the idle lock (store.SettingIdleLock):
// minutes without input before the window locks, 0 for never.
const idleLockSetting = "idle_lock_minutes"

// defaultIdleMinutes applies until the setting is read, and when it is not a number.
const defaultIdleMinutes = 15

// idleTick is how often the idle clock is checked. A lock may come up to this much
// later than the setting says, which is nothing against minutes.
const idleTick = 20 * time.Second

// idleLock covers the window after a spell without input (无操作自动锁定), and asks for
// the signed-in user's password again. While locked the window shows only the lock
// screen: the screens behind it, their dialogs and every other window of the app (case
// details) are taken away and given back unchanged on unlocking.
//
// Fyne has no global input hook, so activity is gathered where it can be seen:
//   - a key typed while no widget has the focus (the canvas's typed key and rune and,
//     on desktop, key-down handlers);
//   - the pointer moving over, entering or pressed on a part of the window not covered
//     by a widget that handles the pointer itself (a wrapper around the screens);
//   - choosing a screen on the navigation rail, and every main-menu item and shortcut;
//   - at each tick, any change since the last tick in which widget has the focus, in the
//     text and cursor of a focused entry (typing in a form), in the dialogs shown and
//     in the windows open, in every window of the app.
//
// What is not seen: scrolling, and pointer moves that only ever touch widgets with hover
// effects (buttons, the ledger's table). Reading the ledger with the wheel for longer
// than the limit therefore locks; a click or a key brings the count back.
type idleLock struct {
	m     *mainWindow
	now   func() time.Time // the clock; tests move it
	limit time.Duration    // 0: never lock
	last  time.Time        // the last activity seen
	seen  string           // the window's state at the last tick, see mark
	stopT func()           // stops the ticker; nil without one

	locked   bool
	content  fyne.CanvasObject   // the window's content behind the lock
	menu     *fyne.MainMenu      // its main menu
	overlays []fyne.CanvasObject // its dialogs
	hidden   []fyne.Window       // the other windows, hidden

	password *widget.Entry
	unlockB  *widget.Button
	signOutB *widget.Button
	message  *widget.Label
	view     fyne.CanvasObject
}

func newIdleLock(m *mainWindow) *idleLock {
	l := &idleLock{m: m, now: time.Now, limit: defaultIdleMinutes * time.Minute}
	l.last = l.now()
	c := m.win.Canvas()
	c.SetOnTypedKey(func(*fyne.KeyEvent) { l.touch() })
	c.SetOnTypedRune(func(rune) { l.touch() })
	if dc, ok := c.(desktop.Canvas); ok {
		dc.SetOnKeyDown(func(*fyne.KeyEvent) { l.touch() })
	}
	l.buildUI()
	return l
}

func (l *idleLock) buildUI() {
	l.password = widget.NewPasswordEntry()
	l.password.SetPlaceHolder(lang.L("login.lock.password"))
	l.password.OnSubmitted = func(string) { l.onUnlock() }
	l.unlockB = widget.NewButtonWithIcon(lang.L("login.lock.unlock"), theme.LoginIcon(), l.onUnlock)
	l.unlockB.Importance = widget.HighImportance
	l.message = warningLabel("")
	l.signOutB = widget.NewButton(lang.L("login.lock.sign_out"), func() { l.m.onSignOut() })

	title := widget.NewLabelWithStyle(lang.L("login.lock.title"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	who := widget.NewLabelWithStyle(lang.L("login.lock.who", map[string]any{"Login": l.m.env.actor.Login}), fyne.TextAlignCenter, fyne.TextStyle{})
	who.Wrapping = fyne.TextWrapWord
	l.view = column(400,
		container.NewCenter(widget.NewIcon(theme.VisibilityOffIcon())),
		title, who, l.password, l.unlockB, l.message,
		container.NewCenter(l.signOutB),
	)
}

// watch wraps the window's content so that the pointer over it counts as activity.
func (l *idleLock) watch(content fyne.CanvasObject) fyne.CanvasObject {
	w := &activityWatch{content: content, touch: l.touch}
	w.ExtendBaseWidget(w)
	return w
}

// loadSetting reads the idle minutes from the database, off the UI goroutine.
func (l *idleLock) loadSetting() {
	backend := l.m.env.backend
	l.m.bg.run(func() func() {
		v, err := backend.Setting(context.Background(), idleLockSetting)
		return func() {
			if err != nil {
				fyne.LogError("ui: read the idle lock setting", err)
				return
			}
			l.limit = parseIdleMinutes(v)
		}
	})
}

// parseIdleMinutes reads the setting; a value that is not a whole number of minutes
// keeps the default, so a typo never switches the lock off.
func parseIdleMinutes(v string) time.Duration {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		n = defaultIdleMinutes
	}
	return time.Duration(n) * time.Minute
}

// startTicker has tick called every idleTick by every; tests pass a ticker they drive.
func (l *idleLock) startTicker(every func(d time.Duration, f func()) (stop func())) {
	l.seen = l.mark()
	l.stopT = every(idleTick, l.tick)
}

// stop stops the ticker: the window was signed out.
func (l *idleLock) stop() {
	if l.stopT != nil {
		l.stopT()
		l.stopT = nil
	}
}

// touch records activity now.
func (l *idleLock) touch() {
	if !l.locked {
		l.last = l.now()
	}
}

// tick is the ticker's beat, on the UI goroutine: it notices activity the hooks cannot
// see and locks once the limit has passed without any.
func (l *idleLock) tick() {
	if l.locked {
		return
	}
	if mark := l.mark(); mark != l.seen {
		l.seen = mark
		l.touch()
	}
	if l.limit > 0 && l.now().Sub(l.last) >= l.limit {
		l.lock()
	}
}

// mark sums up what input changes in every window of the app: the focused widget, the
// text and cursor of a focused entry, the number of dialogs, the windows open.
func (l *idleLock) mark() string {
	var b strings.Builder
	for _, w := range l.m.app.Driver().AllWindows() {
		c := w.Canvas()
		fmt.Fprintf(&b, "%p:%d:", w, len(c.Overlays().List()))
		switch f := c.Focused().(type) {
		case nil:
		case *widget.Entry:
			fmt.Fprintf(&b, "%p:%d:%d:%s", f, f.CursorRow, f.CursorColumn, f.Text)
		default:
			fmt.Fprintf(&b, "%p", f)
		}
		b.WriteByte('|')
	}
	return b.String()
}

// lock covers the window (锁定), at once: the menu item, or the idle limit.
func (l *idleLock) lock() {
	if l.locked {
		return
	}
	l.locked = true
	win := l.m.win
	l.content, l.menu = win.Content(), win.MainMenu()
	l.overlays = slices.Clone(win.Canvas().Overlays().List()) // removing changes the list
	for _, o := range l.overlays {
		win.Canvas().Overlays().Remove(o)
	}
	l.hidden = nil
	for _, w := range l.m.app.Driver().AllWindows() {
		if w != win {
			w.Hide()
			l.hidden = append(l.hidden, w)
		}
	}
	win.SetMainMenu(nil)
	l.password.SetText("")
	l.message.SetText("")
	l.unlockB.Enable()
	win.SetContent(l.view)
	win.Canvas().Focus(l.password)
}

// onUnlock checks the password of the signed-in account; a wrong one shows the store's
// message (and counts towards its lockout, as at login).
func (l *idleLock) onUnlock() {
	if !l.locked || l.unlockB.Disabled() {
		return
	}
	login, password := l.m.env.actor.Login, l.password.Text
	if password == "" {
		l.message.SetText(lang.L("login.error.no_password"))
		return
	}
	l.unlockB.Disable()
	l.message.SetText("")
	backend := l.m.env.backend
	l.m.bg.run(func() func() {
		_, err := backend.Authenticate(context.Background(), login, password)
		return func() {
			l.unlockB.Enable()
			if err != nil {
				l.message.SetText(err.Error())
				l.password.SetText("")
				l.m.win.Canvas().Focus(l.password)
				return
			}
			l.unlock()
		}
	})
}

// unlock gives the window back as it was.
func (l *idleLock) unlock() {
	if !l.locked {
		return
	}
	l.locked = false
	win := l.m.win
	l.password.SetText("")
	win.SetContent(l.content)
	win.SetMainMenu(l.menu)
	for _, o := range l.overlays {
		win.Canvas().Overlays().Add(o)
	}
	for _, w := range l.hidden {
		w.Show()
	}
	l.content, l.menu, l.overlays, l.hidden = nil, nil, nil, nil
	l.seen = l.mark()
	l.touch()
	l.loadSetting() // the administrator may have changed it meanwhile
}

// activityWatch is the window's content with the pointer as activity: it receives the
// pointer's moves and presses wherever no widget above it takes them.
type activityWatch struct {
	widget.BaseWidget
	content fyne.CanvasObject
	touch   func()
}

var (
	_ desktop.Hoverable = (*activityWatch)(nil)
	_ desktop.Mouseable = (*activityWatch)(nil)
)

func (w *activityWatch) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(w.content)
}

func (w *activityWatch) MouseIn(*desktop.MouseEvent)    { w.touch() }
func (w *activityWatch) MouseMoved(*desktop.MouseEvent) { w.touch() }
func (w *activityWatch) MouseOut()                      {}
func (w *activityWatch) MouseDown(*desktop.MouseEvent)  { w.touch() }
func (w *activityWatch) MouseUp(*desktop.MouseEvent)    {}
