package ui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/xuri/excelize/v2"

	"baoan/model"
)

const (
	// auditPageSize is how many entries one round trip fetches.
	auditPageSize = 200
	// auditExportPage is the page size of an export, which reads every matching entry.
	auditExportPage = 1000
)

// Audit log columns, in display and export order.
const (
	alTime = iota
	alActor
	alAction
	alEntity
	alCase
	alChanges
	alColumns
)

// auditLog is the administrator's 操作日志 screen: the audit entries newest first, filtered
// by account, case number and days, loaded a page at a time as the table scrolls; an
// export of everything matching to Excel; and a check of the hash chain.
type auditLog struct {
	e        *env
	pageSize int

	user             *widget.SelectEntry
	caseNo, from, to *widget.Entry
	search           *widget.Button
	export, verify   *widget.Button
	count            *widget.Label
	table            *widget.Table
	view             fyne.CanvasObject

	// UI goroutine only.
	filter  model.AuditFilter
	rows    []model.AuditRow
	next    int64
	more    bool
	loading bool
	failed  bool
	query   int
}

func newAuditLog(e *env) *auditLog {
	l := &auditLog{e: e, pageSize: auditPageSize}
	l.buildUI()
	l.loadUsers()
	l.reload()
	return l
}

func (l *auditLog) buildUI() {
	l.user = widget.NewSelectEntry(nil)
	l.user.SetPlaceHolder(lang.L("auditlog.user"))
	l.caseNo = widget.NewEntry()
	l.caseNo.SetPlaceHolder(lang.L("auditlog.case_no"))
	l.from, l.to = widget.NewEntry(), widget.NewEntry()
	l.from.SetPlaceHolder(lang.L("auditlog.from"))
	l.to.SetPlaceHolder(lang.L("auditlog.to"))
	for _, en := range []*widget.Entry{l.caseNo, l.from, l.to, &l.user.Entry} {
		en.OnSubmitted = func(string) { l.onSearch() }
	}
	l.search = widget.NewButtonWithIcon(lang.L("auditlog.search"), theme.SearchIcon(), l.onSearch)
	l.export = widget.NewButtonWithIcon(lang.L("auditlog.export"), theme.DocumentSaveIcon(), l.onExport)
	l.verify = widget.NewButtonWithIcon(lang.L("auditlog.verify"), theme.ConfirmIcon(), l.onVerify)
	l.count = widget.NewLabel("")

	headers := []string{alTime: lang.L("auditlog.col.time"), alActor: lang.L("auditlog.col.actor"), alAction: lang.L("auditlog.col.action"),
		alEntity: lang.L("auditlog.col.entity"), alCase: lang.L("auditlog.col.case"), alChanges: lang.L("auditlog.col.changes")}
	l.table = newGrid(headers, []float32{alTime: 160, alActor: 100, alAction: 150, alEntity: 140, alCase: 150, alChanges: 480},
		func() int { return len(l.rows) }, l.cellText)
	l.table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(l.rows) {
			l.showEntry(l.rows[id.Row])
		}
		l.table.Unselect(id)
	}

	filters := container.NewGridWithColumns(4, l.user, l.caseNo, l.from, l.to)
	bar := container.NewBorder(nil, nil, nil, container.NewHBox(l.search, l.export, l.verify, l.count), filters)
	l.view = container.NewBorder(bar, nil, nil, nil, l.table)
}

func (l *auditLog) cellText(row, col int) string {
	if row >= len(l.rows)-l.pageSize/4-1 {
		l.loadMore()
	}
	return auditCell(l.rows[row], col)
}

// auditCell is what one column shows of an entry, on screen and in the export.
func auditCell(r model.AuditRow, col int) string {
	switch col {
	case alTime:
		return r.At.Local().Format("2006-01-02 15:04:05")
	case alActor:
		return r.Actor
	case alAction:
		return r.Action
	case alEntity:
		if r.EntityID != 0 {
			return fmt.Sprintf("%s #%d", r.Entity, r.EntityID)
		}
		return r.Entity
	case alCase:
		return r.CaseNo
	case alChanges:
		return changesText(r.Changes)
	}
	return ""
}

// changesText writes an entry's changes as "field: old → new; …", or the raw text when
// it is not the store's JSON.
func changesText(s string) string {
	if s == "" {
		return ""
	}
	var cs []struct {
		Field    string
		Old, New any
	}
	if err := json.Unmarshal([]byte(s), &cs); err != nil {
		return s
	}
	val := func(v any) string {
		if v == nil {
			return "—"
		}
		if str, ok := v.(string); ok {
			return str
		}
		b, _ := json.Marshal(v)
		return string(b)
	}
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.Field + ": " + val(c.Old) + " → " + val(c.New)
	}
	return strings.Join(parts, "; ")
}

// showEntry shows one entry in full: the changes of a large record do not fit a cell.
func (l *auditLog) showEntry(r model.AuditRow) {
	text := widget.NewLabel(strings.ReplaceAll(changesText(r.Changes), "; ", "\n"))
	text.Wrapping = fyne.TextWrapWord
	head := widget.NewLabel(lang.L("auditlog.entry", map[string]any{
		"ID": r.ID, "Time": auditCell(r, alTime), "Actor": r.Actor, "Action": r.Action, "Entity": auditCell(r, alEntity)}))
	d := dialog.NewCustom(lang.L("auditlog.entry_title"), lang.L("auditlog.close"), container.NewBorder(head, nil, nil, nil, container.NewVScroll(text)), l.e.win)
	d.Resize(fyne.NewSize(640, 420))
	d.Show()
}

// loadUsers offers the accounts' logins in the user box; other names (the command
// line's "os:…") can still be typed.
func (l *auditLog) loadUsers() {
	a := l.e.actor
	l.e.bg.run(func() func() {
		us, err := l.e.backend.ListUsers(context.Background(), a)
		return func() {
			if err != nil {
				return // the box still takes a typed login
			}
			logins := []string{""}
			for _, u := range us {
				logins = append(logins, u.Login)
			}
			l.user.SetOptions(logins)
		}
	})
}

// readFilter is the filter the boxes describe, or what is wrong with a date.
func (l *auditLog) readFilter() (model.AuditFilter, error) {
	f := model.AuditFilter{Actor: strings.TrimSpace(l.user.Text), CaseNo: strings.TrimSpace(l.caseNo.Text)}
	var err error
	if f.From, err = model.ParseDate(l.from.Text); err != nil {
		return f, errors.New(lang.L("auditlog.error.from", map[string]any{"Err": err.Error()}))
	}
	if f.To, err = model.ParseDate(l.to.Text); err != nil {
		return f, errors.New(lang.L("auditlog.error.to", map[string]any{"Err": err.Error()}))
	}
	return f, nil
}

func (l *auditLog) onSearch() {
	f, err := l.readFilter()
	if err != nil {
		dialog.ShowError(err, l.e.win)
		return
	}
	l.filter = f
	l.reload()
}

// reload starts the current filter again from the newest entry.
func (l *auditLog) reload() {
	l.query++
	l.rows, l.next, l.more, l.loading, l.failed = nil, 0, true, false, false
	l.table.ScrollToTop()
	l.table.Refresh()
	l.loadMore()
}

// loadMore fetches the page after the last loaded entry, unless one is on its way.
func (l *auditLog) loadMore() {
	if l.loading || !l.more || l.failed {
		return
	}
	l.loading = true
	l.count.SetText(lang.L("auditlog.loading"))
	query, f, a := l.query, l.filter, l.e.actor
	f.BeforeID, f.Limit = l.next, l.pageSize
	l.e.bg.run(func() func() {
		rows, next, err := l.e.backend.AuditQuery(context.Background(), a, f)
		return func() {
			if query != l.query {
				return
			}
			l.loading = false
			if err != nil {
				l.failed = true
				l.count.SetText("")
				showFailure(l.e, lang.L("auditlog.doing.load"), err)
				return
			}
			l.rows = append(l.rows, rows...)
			l.next, l.more = next, next != 0
			if l.more {
				l.count.SetText(lang.L("auditlog.count_more", map[string]any{"Count": len(l.rows)}))
			} else {
				l.count.SetText(lang.L("auditlog.count", map[string]any{"Count": len(l.rows)}))
			}
			l.table.Refresh()
		}
	})
}

// onExport asks where to save the entries matching the filter as an Excel workbook.
func (l *auditLog) onExport() {
	f, err := l.readFilter()
	if err != nil {
		dialog.ShowError(err, l.e.win)
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			showFailure(l.e, lang.L("auditlog.doing.export"), err)
			return
		}
		if w == nil {
			return // cancelled
		}
		l.exportTo(w, f)
	}, l.e.win)
	d.SetFileName(lang.L("auditlog.file", map[string]any{"Date": l.e.today().String()}))
	d.SetFilter(storage.NewExtensionFileFilter([]string{".xlsx"}))
	d.Show()
}

// exportTo writes every entry matching f to w as a workbook and closes w.
func (l *auditLog) exportTo(w io.WriteCloser, f model.AuditFilter) {
	a := l.e.actor
	l.export.Disable()
	l.e.bg.run(func() func() {
		var all []model.AuditRow
		var err error
		f.BeforeID, f.Limit = 0, auditExportPage
		for {
			var rows []model.AuditRow
			var next int64
			if rows, next, err = l.e.backend.AuditQuery(context.Background(), a, f); err != nil {
				break
			}
			all = append(all, rows...)
			if next == 0 {
				break
			}
			f.BeforeID = next
		}
		if err == nil {
			err = writeAuditXLSX(w, all)
		}
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		n := len(all)
		return func() {
			l.export.Enable()
			if err != nil {
				showFailure(l.e, lang.L("auditlog.doing.export"), err)
				return
			}
			dialog.ShowInformation(lang.L("auditlog.export"), lang.L("auditlog.exported", map[string]any{"Count": n}), l.e.win)
		}
	})
}

// writeAuditXLSX writes audit entries as one sheet, a header row then one row per entry.
func writeAuditXLSX(w io.Writer, rows []model.AuditRow) error {
	x := excelize.NewFile()
	defer x.Close()
	sheet := lang.L("auditlog.sheet")
	if err := x.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("ui: audit export: %w", err)
	}
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("ui: audit export: %w", err)
	}
	widths := []float64{8, 20, 14, 18, 20, 20, 80}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return fmt.Errorf("ui: audit export: %w", err)
		}
	}
	head := []any{lang.L("auditlog.col.id"), lang.L("auditlog.col.time"), lang.L("auditlog.col.actor"), lang.L("auditlog.col.action"),
		lang.L("auditlog.col.entity"), lang.L("auditlog.col.case"), lang.L("auditlog.col.changes")}
	if err := sw.SetRow("A1", head); err != nil {
		return fmt.Errorf("ui: audit export: %w", err)
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		vals := []any{r.ID}
		for col := range alColumns {
			vals = append(vals, auditCell(r, col))
		}
		if err := sw.SetRow(cell, vals); err != nil {
			return fmt.Errorf("ui: audit export row %d: %w", i+1, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("ui: audit export: %w", err)
	}
	if err := x.Write(w); err != nil {
		return fmt.Errorf("ui: audit export: %w", err)
	}
	return nil
}

// onVerify walks the audit hash chain and says whether it holds.
func (l *auditLog) onVerify() {
	l.verify.Disable()
	l.e.bg.run(func() func() {
		bad, err := l.e.backend.VerifyAudit(context.Background())
		return func() {
			l.verify.Enable()
			title := lang.L("auditlog.verify")
			switch {
			case err == nil:
				dialog.ShowInformation(title, lang.L("auditlog.verify.ok"), l.e.win)
			case bad != 0:
				dialog.ShowError(errors.New(lang.L("auditlog.verify.broken", map[string]any{"ID": bad, "Err": err.Error()})), l.e.win)
			default:
				showFailure(l.e, title, err)
			}
		}
	})
}
