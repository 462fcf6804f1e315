package ui

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// PrefDatabaseTarget is the app preference naming the database the program opens when
// neither --db nor BAOAN_DB names one: a SQLite file path or a postgres:// DSN; empty is
// the default file. It is a preference of this desk, not an office setting, because the
// office settings live in the database it chooses.
const PrefDatabaseTarget = "db.target"

// databaseSettings is the 数据库 tab (administrators only): which database this window
// uses, and another one to use from the next start, a SQLite file or, for offices where
// several desks share one database, PostgreSQL.
type databaseSettings struct {
	e *env

	current, saved *widget.Label
	target         *widget.Entry
	test, save     *widget.Button
	result         *widget.Label
	view           fyne.CanvasObject
}

func newDatabaseSettings(e *env) *databaseSettings {
	d := &databaseSettings{e: e}
	d.current = widget.NewLabel(hideDSNPassword(e.opts.DatabaseTarget))
	d.current.Wrapping = fyne.TextWrapBreak
	d.saved = widget.NewLabel("")
	d.saved.Wrapping = fyne.TextWrapBreak
	d.showSaved()
	d.target = widget.NewEntry()
	d.target.SetPlaceHolder(lang.L("dbsetting.target.hint"))
	d.result = widget.NewLabel("")
	d.result.Wrapping = fyne.TextWrapWord
	d.test = widget.NewButtonWithIcon(lang.L("dbsetting.test"), theme.ViewRefreshIcon(), d.onTest)
	d.save = widget.NewButtonWithIcon(lang.L("dbsetting.save"), theme.DocumentSaveIcon(), d.onSave)
	if e.opts.TestDatabase == nil {
		d.test.Hide()
	}

	form := widget.NewForm(
		widget.NewFormItem(lang.L("dbsetting.current"), d.current),
		widget.NewFormItem(lang.L("dbsetting.saved"), d.saved),
		widget.NewFormItem(lang.L("dbsetting.target"), d.target),
	)
	d.view = container.NewVScroll(container.NewVBox(
		widget.NewLabelWithStyle(lang.L("dbsetting.head"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		form,
		container.NewHBox(d.test, d.save),
		d.result,
		widget.NewLabel(lang.L("dbsetting.explain")),
	))
	return d
}

// showSaved shows the target stored for the next start.
func (d *databaseSettings) showSaved() {
	if t := d.e.app.Preferences().String(PrefDatabaseTarget); t != "" {
		d.saved.SetText(hideDSNPassword(t))
		return
	}
	d.saved.SetText(lang.L("dbsetting.saved.default"))
}

// onTest tries the target in the box: opening a database can wait on the network for
// seconds, so it runs off the UI goroutine.
func (d *databaseSettings) onTest() {
	target := strings.TrimSpace(d.target.Text)
	if target == "" {
		dialog.ShowError(errors.New(lang.L("dbsetting.error.empty")), d.e.win)
		return
	}
	d.check(target, func() {
		d.result.SetText(lang.L("dbsetting.test.ok", map[string]any{"Target": hideDSNPassword(target)}))
	})
}

// onSave stores the target for the next start, after trying it: a target that does not
// open would make the next start fail. An empty box goes back to the default file.
func (d *databaseSettings) onSave() {
	target := strings.TrimSpace(d.target.Text)
	keep := func() {
		d.e.app.Preferences().SetString(PrefDatabaseTarget, target)
		d.showSaved()
		if target == "" {
			d.result.SetText(lang.L("dbsetting.save.default"))
			return
		}
		d.result.SetText(lang.L("dbsetting.save.ok", map[string]any{"Target": hideDSNPassword(target)}))
	}
	if target == "" || d.e.opts.TestDatabase == nil {
		keep()
		return
	}
	d.check(target, keep)
}

// check tries target with opts.TestDatabase and calls ok on the UI goroutine if it
// opens; otherwise it says why. The buttons wait meanwhile, so that one try is running.
func (d *databaseSettings) check(target string, ok func()) {
	try := d.e.opts.TestDatabase
	d.test.Disable()
	d.save.Disable()
	d.result.SetText(lang.L("dbsetting.test.running"))
	d.e.bg.run(func() func() {
		err := try(context.Background(), target)
		return func() {
			d.test.Enable()
			d.save.Enable()
			if err != nil {
				d.result.SetText(lang.L("dbsetting.test.failed", map[string]any{"Target": hideDSNPassword(target), "Err": err.Error()}))
				return
			}
			ok()
		}
	})
}

// hideDSNPassword shows a postgres:// DSN with its password replaced, so that it can be
// on screen; a file path is returned as it is.
func hideDSNPassword(target string) string {
	if !strings.HasPrefix(target, "postgres://") && !strings.HasPrefix(target, "postgresql://") {
		return target
	}
	u, err := url.Parse(target)
	if err != nil {
		// Unparsable: show only the scheme rather than risk showing the password.
		return target[:strings.Index(target, "://")+3] + "…"
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	// Redacted writes the password as xxxxx; *** reads as hidden, not as a password.
	s := strings.Replace(u.Redacted(), ":xxxxx@", ":***@", 1)
	return strings.Replace(s, "password=xxxxx", "password=***", 1)
}
