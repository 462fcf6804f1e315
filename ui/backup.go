package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

// Backups is what the backup and restore screens need from the database.
type Backups interface {
	// Backup writes a consistent copy of the whole database to dst, replacing dst, while
	// others may go on writing (administrators only).
	Backup(ctx context.Context, a model.Actor, dst string) error
}

// backupForm is the 备份 dialog: where the copy goes. It asks for a folder and a name
// rather than using Fyne's save dialog, which creates (and so empties) the chosen file
// before saying which it is: choosing the database itself there would destroy it.
type backupForm struct {
	e      *env
	folder *widget.Entry
	name   *widget.Entry
	dialog *dialog.FormDialog
}

// showBackup makes a consistent copy of the database where the user chooses.
func showBackup(e *env) { newBackupForm(e).dialog.Show() }

func newBackupForm(e *env) *backupForm {
	f := &backupForm{e: e, folder: widget.NewEntry(), name: widget.NewEntry()}
	f.folder.SetText(defaultBackupFolder())
	f.name.SetText("baoan-" + e.today().String() + ".db")
	pick := widget.NewButton(lang.L("backup.pick_folder"), func() {
		d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
			if err == nil && u != nil {
				f.folder.SetText(u.Path())
			}
		}, e.win)
		if u, err := storage.ListerForURI(storage.NewFileURI(f.folder.Text)); err == nil {
			d.SetLocation(u)
		}
		d.Show()
	})
	items := []*widget.FormItem{
		widget.NewFormItem(lang.L("backup.folder"), container.NewBorder(nil, nil, nil, pick, f.folder)),
		widget.NewFormItem(lang.L("backup.name"), f.name),
	}
	f.dialog = dialog.NewForm(lang.L("backup.title"), lang.L("backup.start"), lang.L("backup.cancel"), items, func(ok bool) {
		if ok {
			f.submit()
		}
	}, e.win)
	f.dialog.Resize(fyne.NewSize(560, 220))
	return f
}

// submit backs up to the folder and name given, asking first before replacing a file.
func (f *backupForm) submit() {
	name := strings.TrimSpace(f.name.Text)
	if name == "" {
		dialog.ShowError(errors.New(lang.L("backup.error.no_name")), f.e.win)
		return
	}
	if filepath.Ext(name) == "" {
		name += ".db"
	}
	dst := filepath.Join(strings.TrimSpace(f.folder.Text), name)
	if _, err := os.Stat(dst); err == nil {
		ask(f.e.win, lang.L("backup.title"), lang.L("backup.replace", map[string]any{"Path": dst}), lang.L("backup.replace.yes"), func() {
			backupTo(f.e, dst)
		})
		return
	}
	backupTo(f.e, dst)
}

// defaultBackupFolder is the user's documents folder, else their home: away from the
// database's own folder, which holds the automatic backups already.
func defaultBackupFolder() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	for _, docs := range []string{"Documents", "文档"} {
		if st, err := os.Stat(filepath.Join(home, docs)); err == nil && st.IsDir() {
			return filepath.Join(home, docs)
		}
	}
	return home
}

// backupTo writes the backup off the UI goroutine and says where it went or why not.
func backupTo(e *env, dst string) {
	wait := dialog.NewCustomWithoutButtons(lang.L("backup.title"),
		container.NewVBox(widget.NewLabel(lang.L("backup.working")), widget.NewProgressBarInfinite()), e.win)
	wait.Show()
	e.bg.run(func() func() {
		err := e.backend.Backup(context.Background(), e.actor, dst)
		return func() {
			wait.Hide()
			if err != nil {
				dialog.ShowError(errors.New(lang.L("backup.failed", map[string]any{"Err": registerErrText(err)})), e.win)
				return
			}
			tell(e.win, lang.L("backup.title"), lang.L("backup.done", map[string]any{"Path": dst})+"\n"+lang.L("backup.done.hint"), nil)
		}
	})
}

// showRestore restores the database from a backup file the user chooses, after checking it.
func showRestore(e *env) {
	if e.opts.Restore == nil || e.opts.CheckBackup == nil {
		tell(e.win, lang.L("restore.title"), lang.L("restore.unavailable"), nil)
		return
	}
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			dialog.ShowError(err, e.win)
			return
		}
		if r == nil {
			return // cancelled
		}
		path := r.URI().Path()
		r.Close()
		restoreFrom(e, path)
	}, e.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".db"}))
	d.Show()
}

// restoreFrom checks the backup at path, shows what it holds and, once the user agrees,
// restores it and restarts the program.
func restoreFrom(e *env, path string) {
	e.bg.run(func() func() {
		summary, err := e.opts.CheckBackup(context.Background(), path)
		return func() {
			if err != nil {
				dialog.ShowError(errors.New(lang.L("restore.refused", map[string]any{"Err": registerErrText(err)})), e.win)
				return
			}
			ask(e.win, lang.L("restore.title"), summary+"\n\n"+lang.L("restore.confirm"), lang.L("restore.yes"), func() {
				restoreNow(e, path)
			})
		}
	})
}

// restoreNow restores and then, whatever happened, restarts: the database was closed for it.
func restoreNow(e *env, path string) {
	wait := dialog.NewCustomWithoutButtons(lang.L("restore.title"),
		container.NewVBox(widget.NewLabel(lang.L("restore.working")), widget.NewProgressBarInfinite()), e.win)
	wait.Show()
	e.bg.run(func() func() {
		report, err := e.opts.Restore(context.Background(), e.actor, path)
		return func() {
			wait.Hide()
			msg := report + "\n\n" + lang.L("restore.restart")
			if err != nil {
				msg = lang.L("restore.failed", map[string]any{"Err": registerErrText(err)}) + "\n\n" + lang.L("restore.failed.restart")
			}
			tell(e.win, lang.L("restore.title"), msg, func() {
				if e.opts.Restart != nil {
					e.opts.Restart()
				}
			})
		}
	})
}

// ask is a confirmation with our own words on its buttons (Fyne's follow the system
// language, not the one chosen in the app): yes runs only when the user agrees.
func ask(w fyne.Window, title, msg, yes string, onYes func()) {
	d := dialog.NewConfirm(title, msg, func(ok bool) {
		if ok {
			onYes()
		}
	}, w)
	d.SetConfirmText(yes)
	d.SetDismissText(lang.L("backup.no"))
	d.Show()
}

// tell is a message with our own word on its button; closed runs when it is dismissed.
func tell(w fyne.Window, title, msg string, closed func()) {
	d := dialog.NewInformation(title, msg, w)
	d.SetDismissText(lang.L("backup.ok"))
	if closed != nil {
		d.SetOnClosed(closed)
	}
	d.Show()
}
