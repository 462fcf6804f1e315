package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"baoan/assets"
	"baoan/store"
)

// The windows shown when the program cannot run normally: the start-failure window, when
// the database cannot be opened, and the crash report, when the program died. Both run
// before or instead of the main window, so they set up the language and theme themselves.

// FailureKind is why the database could not be opened at start.
type FailureKind int

const (
	FailOther    FailureKind = iota
	FailNotADB               // not a database of this program (a foreign or overwritten file)
	FailDamaged              // truncated or corrupt
	FailNewer                // written by a newer version
	FailReadOnly             // the file or its folder cannot be written
	FailNoFolder             // the folder cannot be created
	FailBusy                 // another program holds it and did not let go
)

// StartFailure is what went wrong when the program opened its database.
type StartFailure struct {
	Kind   FailureKind
	Path   string // the database file (or DSN)
	Detail string // the store's own message, in Chinese
}

// StartFailActions are what the start-failure window's buttons do; the program supplies
// them. Each may be slow and runs off the UI goroutine.
type StartFailActions struct {
	// TryOpen opens the database file at path, creating it if it does not exist, and
	// closes it again; it returns why it cannot be used.
	TryOpen func(path string) error
	// NewestBackup describes the newest usable automatic backup, or says there is none.
	NewestBackup func(ctx context.Context) (summary string, err error)
	// RestoreNewest restores that backup over the database and says what was restored.
	RestoreNewest func(ctx context.Context) (report string, err error)
	// Restart starts the program again on the database at path and quits this one.
	Restart func(path string)
}

// startFail is the start-failure window: what happened, and the ways out.
type startFail struct {
	app     fyne.App
	win     fyne.Window
	f       StartFailure
	act     StartFailActions
	bg      *background
	message *widget.Label
	open    *widget.Button
	create  *widget.Button
	restore *widget.Button
	quit    *widget.Button
	view    fyne.CanvasObject
}

// RunStartFailure shows the start-failure window and runs the app until the user has
// chosen: another file or a restored backup (the program restarts on it) or to quit.
func RunStartFailure(a fyne.App, f StartFailure, act StartFailActions) {
	prepareApp(a)
	w := a.NewWindow(lang.L("startfail.title"))
	s := newStartFail(a, w, f, act, &background{})
	w.SetContent(s.view)
	w.Resize(fyne.NewSize(720, 420))
	w.CenterOnScreen()
	w.ShowAndRun()
}

// prepareApp gives the app, before its first window, the language, theme and icon, and
// the window process its memory setting.
func prepareApp(a fyne.App) {
	keepHeapSmall()
	if err := SetLanguage(a.Preferences().String(prefLanguage)); err != nil {
		fyne.LogError("ui: set language", err)
	}
	a.Settings().SetTheme(NewTheme())
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
}

// guiGCPercent is the garbage collector's target for the window process: the heap may
// grow to 1.5× what is live instead of 2×. Most of what is live is the CJK font, parsed
// once per text style (about 11 MB each); touring every screen over a million cases,
// the process's peak resident memory went from 316 to 292 MB (the limit is
// 300) for a little more collecting, which a person clicking through screens does not
// notice. A GOGC the user set is left as it is.
const guiGCPercent = 50

func keepHeapSmall() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(guiGCPercent)
	}
}

func newStartFail(a fyne.App, w fyne.Window, f StartFailure, act StartFailActions, bg *background) *startFail {
	s := &startFail{app: a, win: w, f: f, act: act, bg: bg}
	s.message = widget.NewLabel(failureText(f))
	s.message.Wrapping = fyne.TextWrapWord
	s.open = widget.NewButtonWithIcon(lang.L("startfail.open"), theme.FolderOpenIcon(), s.onOpen)
	s.create = widget.NewButtonWithIcon(lang.L("startfail.create"), theme.DocumentCreateIcon(), s.onCreate)
	s.restore = widget.NewButtonWithIcon(lang.L("startfail.restore"), theme.HistoryIcon(), s.onRestore)
	s.quit = widget.NewButtonWithIcon(lang.L("startfail.quit"), theme.CancelIcon(), func() { a.Quit() })
	s.open.Importance = widget.HighImportance
	// A backup cannot help where the folder cannot be written or made, and an older
	// backup over a newer version's database would lose what the newer one wrote.
	if f.Kind == FailReadOnly || f.Kind == FailNoFolder || f.Kind == FailNewer || act.RestoreNewest == nil {
		s.restore.Disable()
	}
	title := widget.NewLabelWithStyle(lang.L("startfail.heading"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	buttons := container.NewBorder(nil, nil, container.NewHBox(s.open, s.create, s.restore), s.quit)
	s.view = container.NewBorder(title, buttons, nil, nil, container.NewVScroll(s.message))
	return s
}

// failureText is what happened and what to do, for the kind of failure, with the store's
// message below.
func failureText(f StartFailure) string {
	args := map[string]any{"Path": store.RedactDSN(f.Path), "Dir": filepath.Dir(f.Path)}
	var what string
	switch f.Kind {
	case FailNotADB:
		what = lang.L("startfail.kind.not_a_db", args) + "\n" + lang.L("startfail.advice.not_a_db")
	case FailDamaged:
		what = lang.L("startfail.kind.damaged", args) + "\n" + lang.L("startfail.advice.damaged")
	case FailNewer:
		what = lang.L("startfail.kind.newer", args) + "\n" + lang.L("startfail.advice.newer")
	case FailReadOnly:
		what = lang.L("startfail.kind.read_only", args) + "\n" + lang.L("startfail.advice.read_only")
	case FailNoFolder:
		what = lang.L("startfail.kind.no_folder", args) + "\n" + lang.L("startfail.advice.no_folder")
	case FailBusy:
		what = lang.L("startfail.kind.busy", args) + "\n" + lang.L("startfail.advice.busy")
	default:
		what = lang.L("startfail.kind.other", args) + "\n" + lang.L("startfail.advice.other")
	}
	if f.Detail == "" {
		return what
	}
	return what + "\n\n" + lang.L("startfail.detail", map[string]any{"Detail": f.Detail})
}

// onOpen picks another existing database file.
func (s *startFail) onOpen() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		r.Close()
		s.tryOpen(path)
	}, s.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".db"}))
	d.Show()
}

// onCreate picks a folder for a new, empty database.
func (s *startFail) onCreate() {
	dialog.ShowFolderOpen(func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			return
		}
		s.tryOpen(filepath.Join(u.Path(), "baoan.db"))
	}, s.win)
}

// tryOpen opens path off the UI goroutine and restarts on it, or says why not.
func (s *startFail) tryOpen(path string) {
	s.bg.run(func() func() {
		err := s.act.TryOpen(path)
		return func() {
			if err != nil {
				dialog.ShowError(errors.New(lang.L("startfail.open.failed", map[string]any{"Path": path, "Err": err.Error()})), s.win)
				return
			}
			s.act.Restart(path)
		}
	})
}

// onRestore finds the newest usable backup, asks, restores it and restarts.
func (s *startFail) onRestore() {
	s.bg.run(func() func() {
		summary, err := s.act.NewestBackup(context.Background())
		return func() {
			if err != nil {
				dialog.ShowError(errors.New(lang.L("startfail.restore.none", map[string]any{"Err": err.Error()})), s.win)
				return
			}
			msg := lang.L("startfail.restore.which") + "\n" + summary + "\n\n" + lang.L("startfail.restore.confirm")
			d := dialog.NewConfirm(lang.L("startfail.restore"), msg, func(ok bool) {
				if ok {
					s.restoreNewest()
				}
			}, s.win)
			d.SetConfirmText(lang.L("startfail.restore.yes"))
			d.SetDismissText(lang.L("startfail.no"))
			d.Show()
		}
	})
}

func (s *startFail) restoreNewest() {
	s.bg.run(func() func() {
		report, err := s.act.RestoreNewest(context.Background())
		return func() {
			if err != nil {
				dialog.ShowError(errors.New(lang.L("startfail.restore.failed", map[string]any{"Err": err.Error()})), s.win)
				return
			}
			d := dialog.NewInformation(lang.L("startfail.restore"), report+"\n\n"+lang.L("startfail.restart"), s.win)
			d.SetDismissText(lang.L("startfail.ok"))
			d.SetOnClosed(func() { s.act.Restart(s.f.Path) })
			d.Show()
		}
	})
}

// RunCrashReport is the window the crash monitor shows after the program died: what
// happened (report, from applog) and the choice to start again or not.
func RunCrashReport(a fyne.App, report string, restart func()) {
	prepareApp(a)
	w := a.NewWindow(lang.L("crash.title"))
	w.SetContent(newCrashView(a, report, restart))
	w.Resize(fyne.NewSize(640, 360))
	w.CenterOnScreen()
	w.ShowAndRun()
}

func newCrashView(a fyne.App, report string, restart func()) fyne.CanvasObject {
	msg := widget.NewLabel(report)
	msg.Wrapping = fyne.TextWrapWord
	again := widget.NewButtonWithIcon(lang.L("crash.restart"), theme.ViewRefreshIcon(), func() {
		restart()
		a.Quit()
	})
	again.Importance = widget.HighImportance
	quit := widget.NewButtonWithIcon(lang.L("crash.quit"), theme.CancelIcon(), func() { a.Quit() })
	head := widget.NewLabelWithStyle(lang.L("crash.heading"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return container.NewBorder(head, container.NewBorder(nil, nil, again, quit), nil, nil, container.NewVScroll(msg))
}

// Panics in background work. A panic in work that bg.run started would end the program;
// recoverWork turns it into a message in the window instead, after the reporter (set by
// the program to write the log) has recorded it.
var (
	panicMu       sync.Mutex
	panicReporter func(value any, stack []byte) string
)

// SetPanicReporter sets what records a panic caught in background work and words the
// report shown to the user; the program passes applog's Log.Panic.
func SetPanicReporter(f func(value any, stack []byte) string) {
	panicMu.Lock()
	defer panicMu.Unlock()
	panicReporter = f
}

// panicReport records a recovered panic and returns what the user is shown.
func panicReport(value any, stack []byte) string {
	panicMu.Lock()
	f := panicReporter
	panicMu.Unlock()
	if f != nil {
		return f(value, stack)
	}
	return lang.L("crash.unlogged", map[string]any{"Err": fmt.Sprint(value)})
}

// recoverWork runs work; a panic in it becomes an apply that shows the report.
func recoverWork(work func() (apply func())) (apply func()) {
	defer func() {
		if r := recover(); r != nil {
			report := panicReport(r, debug.Stack())
			apply = func() { showPanic(report) }
		}
	}()
	return work()
}

// showPanic shows a caught panic's report in the window that has the focus, or else the
// newest (the main window is made after the login window).
func showPanic(report string) {
	app := fyne.CurrentApp()
	if app == nil {
		return
	}
	wins := app.Driver().AllWindows()
	if len(wins) == 0 {
		return
	}
	w := wins[len(wins)-1]
	for _, x := range wins {
		if x.Canvas().Focused() != nil {
			w = x
			break
		}
	}
	dialog.ShowError(errors.New(report), w)
}
