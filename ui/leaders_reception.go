package ui

import (
	"bytes"
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
	"baoan/report"
)

// Reception schedule columns.
const (
	rcDay = iota
	rcLeader
	rcTitle
	rcPlace
	rcNote
	rcColumns
)

// reception is the 接访日 tab of the 领导 screen: the leaders' open reception days of one
// month, a row to plan another, and printing the month's schedule.
type reception struct {
	e       *env
	book    LeaderBook
	canEdit bool

	month             *widget.Entry
	prev, next, print *widget.Button
	day, place, note  *widget.Entry
	leader            *widget.Select
	add, remove       *widget.Button
	table             *widget.Table
	view              fyne.CanvasObject

	// UI goroutine only.
	period   model.Period
	days     []model.ReceptionDay
	leaders  []model.Leader // every leader, for names; the pick list holds the active ones
	choices  []model.Leader // what the pick list offers, in its order
	selected int
}

func newReception(e *env) *reception {
	r := &reception{e: e, book: e.backend, canEdit: model.Can(e.actor.Role, model.ActVisitEdit), selected: -1}
	today := e.today()
	r.period = model.MonthPeriod(today.Year(), today.Month())
	r.buildUI()
	r.reload()
	return r
}

func (r *reception) buildUI() {
	r.month = widget.NewEntry()
	r.month.SetText(monthText(r.period))
	r.month.OnSubmitted = func(string) { r.onMonth() }
	r.prev = widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { r.step(-1) })
	r.next = widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { r.step(1) })
	r.print = widget.NewButtonWithIcon(lang.L("leaders.reception.print"), theme.DocumentPrintIcon(), r.onPrint)

	r.day = widget.NewEntry()
	r.day.SetPlaceHolder(lang.L("leaders.reception.day"))
	r.leader = widget.NewSelect(nil, nil)
	r.leader.PlaceHolder = lang.L("leaders.reception.leader")
	r.place = widget.NewEntry()
	r.place.SetPlaceHolder(lang.L("leaders.reception.place"))
	r.note = widget.NewEntry()
	r.note.SetPlaceHolder(lang.L("leaders.reception.note"))
	r.add = widget.NewButtonWithIcon(lang.L("leaders.reception.add"), theme.ContentAddIcon(), r.onAdd)
	r.remove = widget.NewButtonWithIcon(lang.L("leaders.reception.delete"), theme.DeleteIcon(), r.onDelete)
	r.remove.Disable()
	if !r.canEdit {
		r.add.Disable()
	}

	headers := []string{
		rcDay: lang.L("leaders.reception.col.day"), rcLeader: lang.L("leaders.reception.col.leader"),
		rcTitle: lang.L("leaders.reception.col.title"), rcPlace: lang.L("leaders.reception.col.place"),
		rcNote: lang.L("leaders.reception.col.note"),
	}
	r.table = newGrid(headers, []float32{rcDay: 150, rcLeader: 120, rcTitle: 160, rcPlace: 220, rcNote: 260},
		func() int { return len(r.days) }, r.cellText)
	r.table.OnSelected = func(id widget.TableCellID) {
		r.selected = id.Row
		if r.canEdit {
			r.remove.Enable()
		}
	}

	monthBar := container.NewHBox(widget.NewLabel(lang.L("leaders.reception.month")), r.prev,
		container.NewGridWrap(fyne.NewSize(110, r.month.MinSize().Height), r.month), r.next, r.print)
	plan := container.NewBorder(nil, nil, nil, container.NewHBox(r.add, r.remove),
		container.NewGridWithColumns(4, r.day, r.leader, r.place, r.note))
	if !r.canEdit {
		plan.Hide()
	}
	r.view = container.NewBorder(container.NewVBox(monthBar, plan), nil, nil, nil, r.table)
}

func (r *reception) cellText(row, col int) string {
	d := r.days[row]
	lead := r.leaderByID(d.LeaderID)
	switch col {
	case rcDay:
		return lang.L("leaders.reception.day_text", map[string]any{"Date": d.Day.String(), "Weekday": weekdayText(d.Day)})
	case rcLeader:
		return lead.Name
	case rcTitle:
		return lead.Title
	case rcPlace:
		return d.Place
	case rcNote:
		return d.Note
	}
	return ""
}

func (r *reception) leaderByID(id int64) model.Leader {
	for _, l := range r.leaders {
		if l.ID == id {
			return l
		}
	}
	return model.Leader{ID: id, Name: "#" + strconv.Itoa(int(id))}
}

// weekdayText is the day of the week as the schedule prints it (星期一 …).
func weekdayText(d model.Date) string {
	return strings.Split(lang.L("leaders.reception.weekdays"), ",")[d.Weekday()]
}

func (r *reception) step(months int) {
	from := r.period.From
	r.period = model.MonthPeriod(from.Year(), from.Month()+time.Month(months))
	r.month.SetText(monthText(r.period))
	r.reload()
}

func (r *reception) onMonth() {
	p, err := parseMonth(r.month.Text)
	if err != nil {
		dialog.ShowError(err, r.e.win)
		return
	}
	r.period = p
	r.reload()
}

// reload reads the month's reception days and the leaders.
func (r *reception) reload() {
	p := r.period
	r.selected = -1
	r.remove.Disable()
	r.table.UnselectAll()
	r.e.bg.run(func() func() {
		ctx := context.Background()
		days, err := r.book.ReceptionDays(ctx, p.From, p.To)
		var all []model.Leader
		if err == nil {
			all, err = r.book.Leaders(ctx, false)
		}
		return func() {
			if err != nil {
				showFailure(r.e, lang.L("leaders.doing.reception"), err)
				return
			}
			r.days, r.leaders = days, all
			r.fillLeaders()
			r.table.Refresh()
		}
	})
}

// fillLeaders offers the active leaders; a leader account plans only its own days.
func (r *reception) fillLeaders() {
	r.choices = nil
	var names []string
	for _, l := range r.leaders {
		if !l.Active || r.e.actor.Role == model.RoleLeader && l.ID != r.e.actor.LeaderID {
			continue
		}
		r.choices = append(r.choices, l)
		names = append(names, lang.L("leaders.reception.option", map[string]any{"Name": l.Name, "Level": levelText(l.Level)}))
	}
	keep := r.leader.SelectedIndex()
	r.leader.SetOptions(names)
	if len(names) == 1 {
		r.leader.SetSelectedIndex(0)
	} else if keep >= 0 && keep < len(names) {
		r.leader.SetSelectedIndex(keep)
	}
}

func (r *reception) onAdd() {
	day, err := model.ParseDate(r.day.Text)
	if err == nil && day.IsZero() {
		err = errors.New(lang.L("leaders.reception.error.day"))
	}
	if err != nil {
		dialog.ShowError(err, r.e.win)
		return
	}
	i := r.leader.SelectedIndex()
	if i < 0 || i >= len(r.choices) {
		dialog.ShowError(errors.New(lang.L("leaders.reception.error.leader")), r.e.win)
		return
	}
	rd := model.ReceptionDay{LeaderID: r.choices[i].ID, Day: day, Place: strings.TrimSpace(r.place.Text), Note: strings.TrimSpace(r.note.Text)}
	a := r.e.actor
	r.add.Disable()
	r.e.bg.run(func() func() {
		_, err := r.book.AddReceptionDay(context.Background(), a, rd)
		return func() {
			r.add.Enable()
			if err != nil {
				showFailure(r.e, lang.L("leaders.doing.reception_add"), err)
				return
			}
			r.day.SetText("")
			r.note.SetText("")
			if !r.period.Contains(day) { // show the month the day was planned in
				r.period = model.MonthPeriod(day.Year(), day.Month())
				r.month.SetText(monthText(r.period))
			}
			r.reload()
		}
	})
}

func (r *reception) onDelete() {
	if r.selected < 0 || r.selected >= len(r.days) {
		return
	}
	id, a := r.days[r.selected].ID, r.e.actor
	r.remove.Disable()
	r.e.bg.run(func() func() {
		err := r.book.DeleteReceptionDay(context.Background(), a, id)
		return func() {
			if err != nil {
				showFailure(r.e, lang.L("leaders.doing.reception_delete"), err)
			}
			r.reload()
		}
	})
}

// onPrint writes the month's schedule as a PDF under the office's name and hands it to
// the system viewer.
func (r *reception) onPrint() {
	p, rows := r.period, r.printRows()
	name := lang.L("leaders.reception.file", map[string]any{"Year": p.From.Year(), "Month": int(p.From.Month())})
	r.print.Disable()
	r.e.bg.run(func() func() {
		office, err := r.book.Setting(context.Background(), settingOfficeName)
		var buf bytes.Buffer
		if err == nil {
			err = report.WriteReceptionPDF(&buf, office, p.From, p.To, rows)
		}
		return func() {
			r.print.Enable()
			if err != nil {
				showFailure(r.e, lang.L("leaders.doing.print"), err)
				return
			}
			printPDF(r.e, name, buf.Bytes())
		}
	})
}

// printRows is the month's schedule as the printed page lists it, in the store's order
// (by day, then leader).
func (r *reception) printRows() []report.ReceptionRow {
	rows := make([]report.ReceptionRow, len(r.days))
	for i, d := range r.days {
		lead := r.leaderByID(d.LeaderID)
		rows[i] = report.ReceptionRow{Day: d.Day, Leader: lead.Name, Title: lead.Title, Place: d.Place, Note: d.Note}
	}
	return rows
}
