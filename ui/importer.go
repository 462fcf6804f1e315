package ui

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"baoan/ledgerio"
	"baoan/model"
)

// LedgerIO is what importing and exporting the Excel ledger (台账) needs from the database.
type LedgerIO interface {
	// ImportLedger imports ledger rows all together or not at all; on wrong rows the error
	// holds a model.RowErrors. A dry run checks without writing.
	ImportLedger(ctx context.Context, a model.Actor, rows []model.LedgerRow, opts model.ImportOptions) (model.ImportResult, error)
	// ExportCases calls fn with every case matching f as a ledger row, in id order.
	ExportCases(ctx context.Context, a model.Actor, f model.CaseFilter, fn func(model.LedgerRow) error) error
	// CountCases is how many cases match f: the export's progress total.
	CountCases(ctx context.Context, a model.Actor, f model.CaseFilter) (int64, error)
}

// previewRows is how many rows of the file the import shows before importing.
const previewRows = 20

// importer is the 导入 dialog: it reads a ledger, shows its first rows, checks it against
// the database without writing, lists every wrong row (which can be saved as a file),
// asks whether unknown dictionary entries may be added, and imports with a progress bar.
type importer struct {
	e    *env
	done func()
	file string

	status     *widget.Label
	bar        *widget.ProgressBar
	tabs       *container.AppTabs
	preview    *widget.Table
	errTable   *widget.Table
	addMissing *widget.Check
	importBtn  *widget.Button
	saveErrs   *widget.Button
	closeBtn   *widget.Button
	dialog     dialog.Dialog
	view       fyne.CanvasObject

	// State, touched only on the UI goroutine.
	sheet   *ledgerio.Sheet
	errs    model.RowErrors
	result  model.ImportResult
	checked bool // the last check found nothing wrong
	run     int  // bumped by each check, so that the result of an older one is dropped
}

// showImport opens the 导入 dialog for an Excel ledger; done is called after a successful
// import (nil: nothing to do).
func showImport(e *env, done func()) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			dialog.ShowError(err, e.win)
			return
		}
		if r == nil {
			return // cancelled
		}
		im := newImporter(e, done)
		im.dialog.Show()
		im.load(r.URI().Name(), r)
	}, e.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx"}))
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

func newImporter(e *env, done func()) *importer {
	im := &importer{e: e, done: done}
	im.status = widget.NewLabel("")
	im.status.Wrapping = fyne.TextWrapWord
	im.bar = widget.NewProgressBar()
	widths := make([]float32, len(model.LedgerHeaders))
	for i := range widths {
		widths[i] = 110
	}
	im.preview = newGrid(model.LedgerHeaders, widths, im.previewLen, func(row, col int) string {
		return im.sheet.Preview[row][col]
	})
	headers := []string{lang.L("importer.col.row"), lang.L("importer.col.header"), lang.L("importer.col.value"), lang.L("importer.col.expected")}
	im.errTable = newGrid(headers, []float32{60, 100, 200, 640}, func() int { return len(im.errs) }, func(row, col int) string {
		e := im.errs[row]
		return []string{strconv.Itoa(e.Row), e.Header, e.Value, e.Expected}[col]
	})
	im.tabs = container.NewAppTabs(
		container.NewTabItem(lang.L("importer.tab.preview"), im.preview),
		container.NewTabItem(lang.L("importer.tab.errors"), im.errTable),
	)
	im.addMissing = widget.NewCheck(lang.L("importer.add_missing"), func(bool) { im.check() })
	im.importBtn = widget.NewButtonWithIcon(lang.L("importer.import"), theme.UploadIcon(), im.onImport)
	im.importBtn.Importance = widget.HighImportance
	im.saveErrs = widget.NewButtonWithIcon(lang.L("importer.save_errors"), theme.DocumentSaveIcon(), im.onSaveErrors)
	im.closeBtn = widget.NewButton(lang.L("importer.close"), func() { im.dialog.Hide() })
	im.setBusy(true)

	buttons := container.NewHBox(im.addMissing, layout.NewSpacer(), im.saveErrs, im.importBtn, im.closeBtn)
	im.view = container.NewBorder(container.NewVBox(im.status, im.bar), buttons, nil, nil, im.tabs)
	im.dialog = dialog.NewCustomWithoutButtons(lang.L("importer.title"), im.view, e.win)
	im.dialog.Resize(fyne.NewSize(1000, 640))
	return im
}

func (im *importer) previewLen() int {
	if im.sheet == nil {
		return 0
	}
	return len(im.sheet.Preview)
}

// setBusy disables the buttons while work is under way.
func (im *importer) setBusy(busy bool) {
	for _, b := range []*widget.Button{im.importBtn, im.saveErrs} {
		b.Disable()
	}
	if busy {
		im.addMissing.Disable()
		return
	}
	im.addMissing.Enable()
	if len(im.errs) > 0 {
		im.saveErrs.Enable()
	}
	if im.checked {
		im.importBtn.Enable()
	}
}

// progress returns a callback for a background task that moves the bar, on the UI
// goroutine, and shows what is being done in the words of say.
func (im *importer) progress(say func(done, total int) string) func(done, total int) {
	last := -1
	return func(done, total int) {
		if total <= 0 {
			return
		}
		pct := done * 100 / total
		if pct == last {
			return
		}
		last = pct
		text := say(done, total)
		fyne.Do(func() {
			im.bar.SetValue(float64(done) / float64(total))
			im.status.SetText(text)
		})
	}
}

// load reads the ledger off the UI goroutine, then checks it.
func (im *importer) load(name string, r io.ReadCloser) {
	im.file = name
	im.status.SetText(lang.L("importer.reading", map[string]any{"File": name}))
	progress := im.progress(func(done, total int) string {
		return lang.L("importer.reading_rows", map[string]any{"Done": done, "Total": total})
	})
	im.e.bg.run(func() func() {
		defer r.Close()
		sheet, err := ledgerio.Read(r, ledgerio.Options{Today: im.e.today(), PreviewRows: previewRows, Progress: progress})
		return func() {
			if err != nil {
				im.status.SetText(lang.L("importer.unreadable", map[string]any{"File": name, "Err": err.Error()}))
				im.status.Importance = widget.DangerImportance
				im.status.Refresh()
				im.bar.SetValue(0)
				im.closeBtn.Enable()
				return
			}
			im.sheet = sheet
			im.preview.Refresh()
			im.check()
		}
	})
}

// check runs the import as a dry run: what the database says of the rows the file
// reading found good, joined with what the reading found wrong.
func (im *importer) check() {
	if im.sheet == nil {
		return
	}
	im.run++
	run, sheet := im.run, im.sheet
	im.checked = false
	im.setBusy(true)
	im.status.Importance = widget.MediumImportance
	im.status.SetText(lang.L("importer.checking", map[string]any{"Rows": sheet.Total}))
	opts := model.ImportOptions{DryRun: true, AddMissing: im.addMissing.Checked, Source: im.file}
	im.e.bg.run(func() func() {
		res, err := im.e.backend.ImportLedger(context.Background(), im.e.actor, sheet.Rows, opts)
		return func() {
			if run != im.run {
				return
			}
			var rowErrs model.RowErrors
			if err != nil && !errors.As(err, &rowErrs) {
				im.setBusy(false)
				im.fail(lang.L("importer.check_failed", map[string]any{"Err": registerErrText(err)}))
				return
			}
			im.result = res
			im.errs = model.MergeRowErrors(sheet.Errors, rowErrs)
			im.checked = len(im.errs) == 0 && sheet.Total > 0
			im.errTable.Refresh()
			im.bar.SetValue(1)
			im.showSummary()
			im.setBusy(false)
		}
	})
}

// showSummary says what the check found and what to do next.
func (im *importer) showSummary() {
	sh := im.sheet
	var lines []string
	if len(sh.Unknown) > 0 {
		lines = append(lines, lang.L("importer.unknown_columns", map[string]any{"Columns": strings.Join(sh.Unknown, "、")}))
	}
	skipped := len(im.result.Skipped)
	switch {
	case sh.Total == 0 && len(im.errs) == 0:
		lines = append(lines, lang.L("importer.empty"))
	case len(im.errs) == 0:
		lines = append(lines, lang.L("importer.ready", map[string]any{"Rows": sh.Total, "Count": im.result.Created, "Skipped": skipped}))
		if im.addMissing.Checked && len(im.result.Missing) > 0 {
			lines = append(lines, lang.L("importer.will_add", map[string]any{"Count": len(im.result.Missing), "List": dictNames(im.result.Missing)}))
		}
	default:
		lines = append(lines, lang.L("importer.has_errors", map[string]any{"Rows": sh.Total, "Bad": len(im.errs.Rows()), "Count": len(im.errs)}))
		if im.errs.OnlyMissing() {
			lines = append(lines, lang.L("importer.missing", map[string]any{"Count": len(im.result.Missing), "List": dictNames(im.result.Missing)}))
		}
	}
	im.status.Importance = widget.MediumImportance
	if len(im.errs) > 0 {
		im.status.Importance = widget.DangerImportance
		im.tabs.SelectIndex(1)
	}
	im.status.SetText(strings.Join(lines, "\n"))
}

// dictNames lists dictionary entries, the first ten of them.
func dictNames(es []model.DictEntry) string {
	var parts []string
	for i, e := range es {
		if i == 10 {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, e.String())
	}
	return strings.Join(parts, "、")
}

func (im *importer) fail(msg string) {
	im.status.Importance = widget.DangerImportance
	im.status.SetText(msg)
}

// onImport writes the ledger, with a progress bar.
func (im *importer) onImport() {
	if !im.checked {
		return
	}
	im.checked = false
	im.setBusy(true)
	im.closeBtn.Disable()
	sheet := im.sheet
	opts := model.ImportOptions{AddMissing: im.addMissing.Checked, Source: im.file, Progress: im.progress(func(done, total int) string {
		return lang.L("importer.writing", map[string]any{"Done": done, "Total": total})
	})}
	im.e.bg.run(func() func() {
		res, err := im.e.backend.ImportLedger(context.Background(), im.e.actor, sheet.Rows, opts)
		return func() {
			im.closeBtn.Enable()
			var rowErrs model.RowErrors
			if errors.As(err, &rowErrs) {
				// The database changed since the check: show what is wrong now.
				im.result, im.errs = res, model.MergeRowErrors(sheet.Errors, rowErrs)
				im.errTable.Refresh()
				im.showSummary()
				im.setBusy(false)
				return
			}
			if err != nil {
				im.checked = true
				im.setBusy(false)
				im.fail(lang.L("importer.failed", map[string]any{"Err": registerErrText(err)}))
				return
			}
			im.dialog.Hide()
			im.result = res
			if len(res.Missing) > 0 {
				im.e.nav.dictionariesChanged()
			}
			if im.done != nil {
				im.done()
			}
			msg := lang.L("importer.done", map[string]any{"Count": res.Created, "Skipped": len(res.Skipped),
				"Petitioners": res.Petitioners, "Visits": res.Visits, "Assignments": res.Assignments})
			tell(im.e.win, lang.L("importer.title"), msg, nil)
		}
	})
}

// onSaveErrors saves the error list where the user says, as xlsx or, by the name's
// extension, as CSV.
func (im *importer) onSaveErrors() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			dialog.ShowError(err, im.e.win)
			return
		}
		if w == nil {
			return
		}
		im.saveErrorsTo(w, w.URI().Extension())
	}, im.e.win)
	d.SetFileName(strings.TrimSuffix(im.file, filepath.Ext(im.file)) + lang.L("importer.errors_suffix") + ".xlsx")
	d.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx", ".csv"}))
	d.Show()
}

// saveErrorsTo writes the error list to w, as CSV when ext is .csv.
func (im *importer) saveErrorsTo(w io.WriteCloser, ext string) {
	format := ledgerio.FormatXLSX
	if strings.EqualFold(ext, ".csv") {
		format = ledgerio.FormatCSV
	}
	err := ledgerio.WriteErrors(w, im.errs, format)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		dialog.ShowError(errors.New(lang.L("importer.save_failed", map[string]any{"Err": err.Error()})), im.e.win)
	}
}

// exportLedger saves the cases matching f as an Excel ledger, asking where.
func exportLedger(e *env, f model.CaseFilter) {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			dialog.ShowError(err, e.win)
			return
		}
		if w == nil {
			return
		}
		// The save dialog has created the file; the export replaces it when complete.
		path := w.URI().Path()
		w.Close()
		if !strings.EqualFold(filepath.Ext(path), ".xlsx") {
			path += ".xlsx"
		}
		exportTo(e, f, path)
	}, e.win)
	d.SetFileName(lang.L("importer.export_name", map[string]any{"Date": e.today().String()}) + ".xlsx")
	d.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx"}))
	d.Show()
}

// exportTo writes the ledger to path off the UI goroutine, with a progress bar.
func exportTo(e *env, f model.CaseFilter, path string) {
	bar := widget.NewProgressBar()
	label := widget.NewLabel(lang.L("importer.exporting_start"))
	wait := dialog.NewCustomWithoutButtons(lang.L("importer.export_title"), container.NewVBox(label, bar), e.win)
	wait.Resize(fyne.NewSize(420, 0))
	wait.Show()
	e.bg.run(func() func() {
		ctx := context.Background()
		total, err := e.backend.CountCases(ctx, e.actor, f)
		n := 0
		if err == nil {
			step := max(total/100, 1)
			n, err = ledgerio.WriteFile(path, func(w *ledgerio.Writer) error {
				return e.backend.ExportCases(ctx, e.actor, f, func(r model.LedgerRow) error {
					if err := w.Write(r); err != nil {
						return err
					}
					if done := int64(w.Rows()); total > 0 && done%step == 0 {
						text := lang.L("importer.exporting", map[string]any{"Done": done, "Total": total})
						fyne.Do(func() {
							bar.SetValue(float64(done) / float64(total))
							label.SetText(text)
						})
					}
					return nil
				})
			})
		}
		return func() {
			wait.Hide()
			if err != nil {
				dialog.ShowError(errors.New(lang.L("importer.export_failed", map[string]any{"Err": registerErrText(err)})), e.win)
				return
			}
			tell(e.win, lang.L("importer.export_title"), lang.L("importer.exported", map[string]any{"Count": n, "Path": path}), nil)
		}
	})
}
