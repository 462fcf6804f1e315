package ui

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

// LeaderBook is what the 领导 screen needs from the database.
type LeaderBook interface {
	// LeaderWorkloads is each leader's load on a day; a leader account may see only its own.
	LeaderWorkloads(ctx context.Context, a model.Actor, today model.Date) ([]model.LeaderWorkload, error)
	Leaders(ctx context.Context, activeOnly bool) ([]model.Leader, error)
	Streets(ctx context.Context) ([]model.Unit, error)
	// LeaderAreas and SetLeaderAreas read and replace the streets a leader carries (包片).
	LeaderAreas(ctx context.Context, leaderID int64) ([]int64, error)
	SetLeaderAreas(ctx context.Context, a model.Actor, leaderID int64, streetIDs []int64) error
	ReceptionDays(ctx context.Context, from, to model.Date) ([]model.ReceptionDay, error)
	AddReceptionDay(ctx context.Context, a model.Actor, r model.ReceptionDay) (model.ReceptionDay, error)
	DeleteReceptionDay(ctx context.Context, a model.Actor, id int64) error
	Setting(ctx context.Context, key string) (string, error)
}

// Workload columns, in display order.
const (
	wlName = iota
	wlTitle
	wlLevel
	wlCarried
	wlOpen
	wlOverdue
	wlStruckOff
	wlVisits
	wlAreas
	wlColumns
)

// leaders is the 领导 screen: each leader's workload, with a click on a case figure
// listing those cases in the ledger, the streets they carry (包片), and the reception-day
// schedule (接访日) in its own tab.
type leaders struct {
	e       *env
	book    LeaderBook
	canEdit bool // 包片 is a dictionary edit

	refresh  *widget.Button
	asOf     *widget.Label
	table    *widget.Table
	areaHead *widget.Label
	areas    *widget.CheckGroup
	saveArea *widget.Button

	reception *reception
	view      fyne.CanvasObject

	// UI goroutine only.
	rows     []model.LeaderWorkload
	areaIDs  map[int64][]int64 // leader → street ids
	streets  []model.Unit
	selected int // row of the leader whose areas are shown, -1 for none
	day      model.Date
}

func newLeaders(e *env) *leaders {
	l := &leaders{e: e, book: e.backend, canEdit: model.Can(e.actor.Role, model.ActDictEdit), selected: -1}
	l.buildUI()
	l.reload()
	return l
}

func (l *leaders) buildUI() {
	l.refresh = widget.NewButtonWithIcon(lang.L("leaders.refresh"), theme.ViewRefreshIcon(), l.reload)
	l.asOf = widget.NewLabel("")
	headers := []string{
		wlName: lang.L("leaders.col.name"), wlTitle: lang.L("leaders.col.title"), wlLevel: lang.L("leaders.col.level"),
		wlCarried: lang.L("leaders.col.carried"), wlOpen: lang.L("leaders.col.open"), wlOverdue: lang.L("leaders.col.overdue"),
		wlStruckOff: lang.L("leaders.col.struck_off"), wlVisits: lang.L("leaders.col.visits"), wlAreas: lang.L("leaders.col.areas"),
	}
	widths := []float32{wlName: 140, wlTitle: 160, wlAreas: 240}
	l.table = newStyledGrid(headers, widths, func() int { return len(l.rows) }, l.cellText, l.cellStyle)
	l.table.OnSelected = l.onCell

	l.areaHead = widget.NewLabel(lang.L("leaders.areas.none"))
	l.areas = widget.NewCheckGroup(nil, nil)
	l.areas.Horizontal = true
	l.saveArea = widget.NewButtonWithIcon(lang.L("leaders.areas.save"), theme.DocumentSaveIcon(), l.onSaveAreas)
	l.saveArea.Disable()
	l.areas.Disable()
	if !l.canEdit {
		l.saveArea.Hide()
	}
	areaBox := container.NewBorder(nil, nil, l.areaHead, l.saveArea, container.NewHScroll(l.areas))

	bar := container.NewHBox(l.refresh, l.asOf, widget.NewLabel(lang.L("leaders.hint")))
	work := container.NewBorder(bar, areaBox, nil, nil, l.table)

	l.reception = newReception(l.e)
	l.view = container.NewAppTabs(
		container.NewTabItem(lang.L("leaders.tab.workload"), work),
		container.NewTabItem(lang.L("leaders.tab.reception"), l.reception.view),
	)
}

// reload reads the workloads, the streets and every leader's areas again.
func (l *leaders) reload() {
	day, a := l.e.today(), l.e.actor
	l.asOf.SetText(lang.L("leaders.as_of", map[string]any{"Date": day.String()}))
	l.refresh.Disable()
	l.e.bg.run(func() func() {
		ctx := context.Background()
		rows, err := l.book.LeaderWorkloads(ctx, a, day)
		var streets []model.Unit
		areas := map[int64][]int64{}
		if err == nil {
			streets, err = l.book.Streets(ctx)
		}
		for i := 0; err == nil && i < len(rows); i++ {
			id := rows[i].Leader.ID
			areas[id], err = l.book.LeaderAreas(ctx, id)
		}
		return func() {
			l.refresh.Enable()
			if err != nil {
				showFailure(l.e, lang.L("leaders.doing.load"), err)
				return
			}
			l.rows, l.streets, l.areaIDs, l.day = rows, streets, areas, day
			l.table.Refresh()
			l.showAreas(l.selected)
		}
	})
}

func (l *leaders) cellText(row, col int) string {
	w := l.rows[row]
	switch col {
	case wlName:
		return leaderName(w.Leader)
	case wlTitle:
		return w.Leader.Title
	case wlLevel:
		return levelText(w.Leader.Level)
	case wlCarried:
		return strconv.Itoa(w.Carried)
	case wlOpen:
		return strconv.Itoa(w.Open)
	case wlOverdue:
		return strconv.Itoa(w.Overdue)
	case wlStruckOff:
		return strconv.Itoa(w.StruckOff)
	case wlVisits:
		return strconv.Itoa(w.Visits)
	case wlAreas:
		return strings.Join(l.streetNames(l.areaIDs[w.Leader.ID]), "、")
	}
	return ""
}

// cellStyle marks the figures a click lists (包案, 在办) as links, and 超期 in red when
// there are any.
func (l *leaders) cellStyle(row, col int) widget.Importance {
	switch col {
	case wlCarried, wlOpen:
		return widget.HighImportance
	case wlOverdue:
		if l.rows[row].Overdue > 0 {
			return widget.DangerImportance
		}
		return widget.HighImportance
	}
	return widget.MediumImportance
}

func (l *leaders) streetNames(ids []int64) []string {
	var out []string
	for _, s := range l.streets {
		if slices.Contains(ids, s.ID) {
			out = append(out, s.Name)
		}
	}
	return out
}

// onCell drills into a case figure (包案, 在办, 超期) and otherwise picks the leader whose
// areas are shown below.
func (l *leaders) onCell(id widget.TableCellID) {
	if id.Row < 0 || id.Row >= len(l.rows) {
		return
	}
	figure := map[int]string{wlCarried: model.WorkloadCarried, wlOpen: model.WorkloadOpen, wlOverdue: model.WorkloadOverdue}[id.Col]
	if figure != "" {
		l.table.Unselect(id)
		l.e.nav.showLedger(model.WorkloadFilter(l.rows[id.Row].Leader.ID, figure, l.day))
		return
	}
	l.showAreas(id.Row)
}

// showAreas shows the streets of the leader in row (-1: none) as ticks to edit.
func (l *leaders) showAreas(row int) {
	if row < 0 || row >= len(l.rows) {
		l.selected = -1
		l.areaHead.SetText(lang.L("leaders.areas.none"))
		l.areas.Options = nil
		l.areas.Selected = nil
		l.areas.Refresh()
		l.saveArea.Disable()
		l.areas.Disable()
		return
	}
	l.selected = row
	lead := l.rows[row].Leader
	l.areaHead.SetText(lang.L("leaders.areas.of", map[string]any{"Name": lead.Name}))
	var opts []string
	for _, s := range l.streets {
		if s.Active || slices.Contains(l.areaIDs[lead.ID], s.ID) {
			opts = append(opts, s.Name)
		}
	}
	l.areas.Options = opts
	l.areas.Selected = l.streetNames(l.areaIDs[lead.ID])
	l.areas.Refresh()
	if l.canEdit {
		l.areas.Enable()
		l.saveArea.Enable()
	}
}

func (l *leaders) onSaveAreas() {
	if l.selected < 0 {
		return
	}
	lead := l.rows[l.selected].Leader
	var ids []int64
	for _, s := range l.streets {
		if slices.Contains(l.areas.Selected, s.Name) {
			ids = append(ids, s.ID)
		}
	}
	a := l.e.actor
	l.saveArea.Disable()
	l.e.bg.run(func() func() {
		err := l.book.SetLeaderAreas(context.Background(), a, lead.ID, ids)
		return func() {
			l.saveArea.Enable()
			if err != nil {
				showFailure(l.e, lang.L("leaders.doing.areas"), err)
				return
			}
			l.e.nav.dictionariesChanged()
			l.reload()
		}
	})
}
