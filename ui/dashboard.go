package ui

import (
	"context"
	"errors"
	"slices"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

// DashboardSource is what the 工作台 screen needs from the database, and the names every
// screen shows (read again by dictionariesChanged).
type DashboardSource interface {
	CaseLister
	// PlannedVisits lists the planned visits between from and to (zero: no bound), by
	// date, of one leader (0: all), within the cases a may read.
	PlannedVisits(ctx context.Context, a model.Actor, from, to model.Date, leaderID int64) ([]model.Visit, error)
	// Streets lists the streets (街道), inactive ones included.
	Streets(ctx context.Context) ([]model.Unit, error)
	// Categories lists the 问题类别, inactive ones included.
	Categories(ctx context.Context) ([]model.Category, error)
}

// dueSoonDays is the 工作台's "due within 3 days": days left 0 to 3, as the ledger's
// 剩余天数 column shows them.
const dueSoonDays = 3

// carriedListLimit is how many carried cases the leader's list shows; the figure above
// it opens all of them in the ledger.
const carriedListLimit = 50

// openStatuses are the states in which a case still has work for the office: deciding,
// handling, and a 复查 or 复核 under way.
var openStatuses = []model.Status{model.StatusRegistered, model.StatusHandling, model.StatusReview, model.StatusRecheck}

// figureSpec is one number of the 工作台: what it is called, the filter it counts (and
// its link shows in the ledger), and how it stands out when it is not zero.
type figureSpec struct {
	id      string
	caption string
	filter  model.CaseFilter
	alert   widget.Importance
}

// dashboardFigures are the 工作台's numbers for a on day today. Each count is CountCases
// of its filter, so that a figure and the ledger it opens always agree.
func dashboardFigures(a model.Actor, today model.Date) []figureSpec {
	open := func() []model.Status { return slices.Clone(openStatuses) }
	figs := []figureSpec{
		{"today", lang.L("dashboard.fig.today"), model.CaseFilter{From: today, To: today}, widget.HighImportance},
		{"due_soon", lang.L("dashboard.fig.due_soon"), model.CaseFilter{DueFrom: today, DueTo: today.AddDays(dueSoonDays)}, widget.WarningImportance},
		{"overdue", lang.L("dashboard.fig.overdue"), model.CaseFilter{DueTo: today.AddDays(-1)}, widget.DangerImportance},
		{"undecided", lang.L("dashboard.fig.undecided"), model.CaseFilter{Statuses: []model.Status{model.StatusRegistered}}, widget.HighImportance},
		{"supervised", lang.L("dashboard.fig.supervised"), model.CaseFilter{Supervised: true, Statuses: open()}, widget.HighImportance},
	}
	if a.LeaderID != 0 {
		figs = append(figs, figureSpec{"mine", lang.L("dashboard.fig.mine"), model.CaseFilter{LeaderID: a.LeaderID, Statuses: open()}, widget.HighImportance})
	}
	return figs
}

// figure is a number on the 工作台 and the button that shows its cases.
type figure struct {
	figureSpec
	count  int64
	button *widget.Button
}

// carriedCase is a row of the leader's 我的包案 list.
type carriedCase struct {
	c    model.Case
	next model.Visit // the next planned visit; zero when none is planned
}

// dashboard is the 工作台 screen: the day's numbers, each a link to its cases in the
// ledger, and for a 包案领导 the cases they carry with the next planned visit of each.
// It is read again whenever it is shown.
type dashboard struct {
	e       *env
	figures []*figure
	date    *widget.Label
	refresh *widget.Button
	carried []carriedCase
	list    *widget.List // nil unless the user is a leader
	view    fyne.CanvasObject
	gen     int // bumped by each reload, so that a slower earlier one is dropped
}

func newDashboard(e *env) *dashboard {
	d := &dashboard{e: e}
	d.buildUI()
	d.reload()
	return d
}

func (d *dashboard) buildUI() {
	d.date = widget.NewLabel("")
	d.refresh = widget.NewButtonWithIcon(lang.L("dashboard.refresh"), theme.ViewRefreshIcon(), d.reload)
	title := widget.NewLabelWithStyle(lang.L("nav.dashboard"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	head := container.NewBorder(nil, nil, container.NewHBox(title, d.date), d.refresh)

	var cards []fyne.CanvasObject
	for _, spec := range dashboardFigures(d.e.actor, d.e.today()) {
		f := &figure{figureSpec: spec}
		f.button = widget.NewButton(lang.L("dashboard.counting"), func() { d.e.nav.showLedger(f.filter) })
		d.figures = append(d.figures, f)
		caption := widget.NewLabelWithStyle(f.caption, fyne.TextAlignCenter, fyne.TextStyle{})
		cards = append(cards, container.NewVBox(caption, f.button))
	}
	grid := container.NewGridWrap(fyne.NewSize(160, cards[0].MinSize().Height), cards...)
	top := container.NewVBox(head, grid)
	if d.e.actor.LeaderID == 0 {
		d.view = container.NewBorder(top, nil, nil, nil)
		return
	}
	d.list = widget.NewList(
		func() int { return len(d.carried) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i < len(d.carried) {
				o.(*widget.Label).SetText(d.carriedText(d.carried[i]))
			}
		},
	)
	d.list.OnSelected = func(i widget.ListItemID) {
		d.list.UnselectAll()
		if i < len(d.carried) {
			d.e.nav.openCase(d.carried[i].c.ID)
		}
	}
	section := widget.NewLabelWithStyle(lang.L("dashboard.mine.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.view = container.NewBorder(container.NewVBox(top, widget.NewSeparator(), section), nil, nil, nil, d.list)
}

// carriedText is one row of 我的包案: number, petitioners, state, running deadline and
// the next planned visit.
func (d *dashboard) carriedText(r carriedCase) string {
	due, _ := runningDue(&r.c)
	next := lang.L("dashboard.mine.no_visit")
	if !r.next.VisitedOn.IsZero() {
		next = lang.L("dashboard.mine.next_visit", map[string]any{"Date": r.next.VisitedOn.String()})
	}
	return lang.L("dashboard.mine.row", map[string]any{
		"No": r.c.No, "Names": r.c.PetitionerNames, "Status": statusText(r.c.Status),
		"Due": due.String(), "Next": next,
	})
}

// reload counts every figure again, as of today, off the UI goroutine.
func (d *dashboard) reload() {
	d.gen++
	gen, today, actor, src := d.gen, d.e.today(), d.e.actor, DashboardSource(d.e.backend)
	d.date.SetText(lang.L("dashboard.date", map[string]any{"Date": today.String()}))
	specs := dashboardFigures(actor, today)
	filters := make([]model.CaseFilter, len(d.figures))
	for i, f := range d.figures {
		f.filter = specs[i].filter // the day may have turned since the screen was built
		filters[i] = f.filter
	}
	leader := d.list != nil
	d.e.bg.run(func() func() {
		ctx := context.Background()
		counts := make([]int64, len(filters))
		var err error
		for i, flt := range filters {
			if counts[i], err = src.CountCases(ctx, actor, flt); err != nil {
				break
			}
		}
		var carried []carriedCase
		if err == nil && leader {
			carried, err = loadCarried(ctx, src, actor, today)
		}
		return func() {
			if gen != d.gen {
				return
			}
			if err != nil {
				for _, f := range d.figures {
					f.button.SetText(lang.L("dashboard.count_failed"))
					f.button.Importance = widget.MediumImportance
					f.button.Refresh()
				}
				dialog.ShowError(errors.New(lang.L("dashboard.error.load", map[string]any{"Err": err.Error()})), d.e.win)
				return
			}
			for i, f := range d.figures {
				f.count = counts[i]
				f.button.Importance = widget.MediumImportance
				if f.count > 0 {
					f.button.Importance = f.alert
				}
				f.button.SetText(strconv.FormatInt(f.count, 10))
			}
			if leader {
				d.carried = carried
				d.list.Refresh()
			}
		}
	})
}

// loadCarried reads the open cases the leader carries, nearest deadline first, with the
// next planned visit of each.
func loadCarried(ctx context.Context, src DashboardSource, a model.Actor, today model.Date) ([]carriedCase, error) {
	f := model.CaseFilter{LeaderID: a.LeaderID, Statuses: slices.Clone(openStatuses)}
	cases, _, err := src.ListCases(ctx, a, f, model.PageRequest{Sort: model.SortDue, Limit: carriedListLimit})
	if err != nil {
		return nil, err
	}
	visits, err := src.PlannedVisits(ctx, a, today, model.Date{}, a.LeaderID)
	if err != nil {
		return nil, err
	}
	next := map[int64]model.Visit{}
	for _, v := range visits { // by date: the first one seen is the next
		if _, ok := next[v.CaseID]; !ok {
			next[v.CaseID] = v
		}
	}
	out := make([]carriedCase, len(cases))
	for i, c := range cases {
		out[i] = carriedCase{c: c, next: next[c.ID]}
	}
	return out, nil
}

// figure is the figure with the id, or nil.
func (d *dashboard) figure(id string) *figure {
	for _, f := range d.figures {
		if f.id == id {
			return f
		}
	}
	return nil
}
