package ui

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

// holidayKinds are the choices of the kind box, in its order.
var holidayKinds = []model.HolidayKind{model.HolidayOff, model.HolidayWork}

// holidayEditor is the 节假日 tab: the official calendar's exceptions of one year (days
// off on weekdays, 调休 working days on weekends), which the working-day clocks use.
type holidayEditor struct {
	e       *env
	canEdit bool

	year        *widget.Entry
	prev, next  *widget.Button
	day, name   *widget.Entry
	kind        *widget.Select
	add, remove *widget.Button
	table       *widget.Table
	view        fyne.CanvasObject

	// UI goroutine only.
	shown    int // the year listed
	rows     []model.Holiday
	selected int
}

func newHolidayEditor(e *env) *holidayEditor {
	h := &holidayEditor{e: e, canEdit: model.Can(e.actor.Role, model.ActHolidayEdit), shown: e.today().Year(), selected: -1}
	h.buildUI()
	h.reload()
	return h
}

func (h *holidayEditor) buildUI() {
	h.year = widget.NewEntry()
	h.year.SetText(strconv.Itoa(h.shown))
	h.year.OnSubmitted = func(string) { h.onYear() }
	h.prev = widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { h.setYear(h.shown - 1) })
	h.next = widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { h.setYear(h.shown + 1) })

	h.day = widget.NewEntry()
	h.day.SetPlaceHolder(lang.L("settings.holiday.day"))
	h.kind = widget.NewSelect([]string{holidayKindText(model.HolidayOff), holidayKindText(model.HolidayWork)}, nil)
	h.kind.SetSelectedIndex(0)
	h.name = widget.NewEntry()
	h.name.SetPlaceHolder(lang.L("settings.holiday.name"))
	h.add = widget.NewButtonWithIcon(lang.L("settings.holiday.add"), theme.ContentAddIcon(), h.onAdd)
	h.remove = widget.NewButtonWithIcon(lang.L("settings.holiday.delete"), theme.DeleteIcon(), h.onDelete)
	h.remove.Disable()
	if !h.canEdit {
		enableIf(false, h.day, h.kind, h.name, h.add)
	}

	headers := []string{lang.L("settings.holiday.col.day"), lang.L("settings.holiday.col.kind"), lang.L("settings.holiday.col.name")}
	h.table = newGrid(headers, []float32{170, 120, 200}, func() int { return len(h.rows) }, h.cellText)
	h.table.OnSelected = func(id widget.TableCellID) {
		h.selected = id.Row
		enableIf(h.canEdit, h.remove)
	}

	yearBar := container.NewHBox(widget.NewLabel(lang.L("settings.holiday.year")), h.prev,
		container.NewGridWrap(fyne.NewSize(80, h.year.MinSize().Height), h.year), h.next)
	addBar := container.NewBorder(nil, nil, nil, container.NewHBox(h.add, h.remove), container.NewGridWithColumns(3, h.day, h.kind, h.name))
	h.view = container.NewBorder(container.NewVBox(yearBar, addBar), nil, nil, nil, h.table)
}

// holidayKindText is the translated name of a calendar exception: 休 or 班.
func holidayKindText(k model.HolidayKind) string {
	if k == model.HolidayWork {
		return lang.L("settings.holiday.work")
	}
	return lang.L("settings.holiday.off")
}

func (h *holidayEditor) cellText(row, col int) string {
	d := h.rows[row]
	switch col {
	case 0:
		return lang.L("leaders.reception.day_text", map[string]any{"Date": d.Day.String(), "Weekday": weekdayText(d.Day)})
	case 1:
		return holidayKindText(d.Kind)
	case 2:
		return d.Name
	}
	return ""
}

func (h *holidayEditor) setYear(y int) {
	h.shown = y
	h.year.SetText(strconv.Itoa(y))
	h.reload()
}

func (h *holidayEditor) onYear() {
	y, err := strconv.Atoi(strings.TrimSpace(h.year.Text))
	if err != nil || y < 1949 || y > 2200 {
		dialog.ShowError(errors.New(lang.L("settings.holiday.error.year", map[string]any{"Year": h.year.Text})), h.e.win)
		return
	}
	h.setYear(y)
}

func (h *holidayEditor) reload() {
	y := h.shown
	h.selected = -1
	h.remove.Disable()
	h.table.UnselectAll()
	h.e.bg.run(func() func() {
		rows, err := h.e.backend.Holidays(context.Background(), model.NewDate(y, time.January, 1), model.NewDate(y, time.December, 31))
		return func() {
			if y != h.shown {
				return
			}
			if err != nil {
				showFailure(h.e, lang.L("settings.doing.holidays_load"), err)
				return
			}
			h.rows = rows
			h.table.Refresh()
		}
	})
}

func (h *holidayEditor) onAdd() {
	day, err := model.ParseDate(h.day.Text)
	if err == nil && day.IsZero() {
		err = errors.New(lang.L("settings.holiday.error.day"))
	}
	if err != nil {
		dialog.ShowError(err, h.e.win)
		return
	}
	hd := model.Holiday{Day: day, Kind: model.HolidayOff, Name: strings.TrimSpace(h.name.Text)}
	if i := h.kind.SelectedIndex(); i >= 0 {
		hd.Kind = holidayKinds[i]
	}
	h.write(lang.L("settings.doing.holiday_add"), func(ctx context.Context, a model.Actor) error {
		return h.e.backend.PutHoliday(ctx, a, hd)
	}, func() {
		h.day.SetText("")
		h.name.SetText("")
		if day.Year() != h.shown {
			h.shown = day.Year()
			h.year.SetText(strconv.Itoa(h.shown))
		}
	})
}

func (h *holidayEditor) onDelete() {
	if h.selected < 0 || h.selected >= len(h.rows) {
		return
	}
	day := h.rows[h.selected].Day
	h.write(lang.L("settings.doing.holiday_delete"), func(ctx context.Context, a model.Actor) error {
		return h.e.backend.DeleteHoliday(ctx, a, day)
	}, nil)
}

func (h *holidayEditor) write(doing string, fn func(ctx context.Context, a model.Actor) error, done func()) {
	a := h.e.actor
	h.e.bg.run(func() func() {
		err := fn(context.Background(), a)
		return func() {
			if err != nil {
				showFailure(h.e, doing, err)
				return
			}
			if done != nil {
				done()
			}
			h.reload()
		}
	})
}
