package ui

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

const (
	// ledgerPageSize is how many cases one round trip fetches: several screens' worth, yet
	// small enough that the first page shows at once even over a million cases.
	ledgerPageSize = 100
	// ledgerPrefetch is how close to the last loaded row drawing may come before the next
	// page is fetched, so that scrolling rarely reaches rows that are not there yet.
	ledgerPrefetch = 30
)

// Ledger columns, in display order.
const (
	colNo = iota
	colReceived
	colPetitioners
	colChannel
	colCategory
	colStreet
	colStatus
	colDue
	colDaysLeft
	ledgerColumns
)

// ledger is the 台账 screen: every case the user may see, in a table that holds only the
// pages loaded so far. The database does the filtering and paging (keyset pagination), so
// the screen stays fast with a million cases.
type ledger struct {
	lister   CaseLister
	names    Names
	actor    model.Actor
	today    func() model.Date
	bg       *background
	win      fyne.Window
	pageSize int

	search   *widget.Entry
	status   *widget.Select
	refresh  *widget.Button
	count    *widget.Label
	progress *widget.Label
	table    *widget.Table
	view     fyne.CanvasObject

	// The state below is touched only on the UI goroutine.
	filter  model.CaseFilter
	rows    []model.Case
	next    model.Cursor
	more    bool // the backend said there is another page
	loading bool
	failed  bool // a page failed; wait for 刷新 rather than retry on every redraw
	query   int  // bumped by each new query, so that pages of an older one are dropped
}

func newLedger(win fyne.Window, lister CaseLister, names Names, actor model.Actor, today func() model.Date, bg *background) *ledger {
	if names == nil {
		names = NameMap{}
	}
	if today == nil {
		today = model.Today
	}
	l := &ledger{lister: lister, names: names, actor: actor, today: today, bg: bg, win: win, pageSize: ledgerPageSize}
	l.buildUI()
	l.reload()
	return l
}

func (l *ledger) buildUI() {
	l.search = widget.NewEntry()
	l.search.SetPlaceHolder(lang.L("ledger.search.placeholder"))
	l.search.OnSubmitted = func(string) { l.onSearch() }

	options := []string{lang.L("ledger.status.all")}
	for _, s := range model.Statuses {
		options = append(options, statusText(s))
	}
	l.status = widget.NewSelect(options, nil)
	l.status.SetSelectedIndex(0)
	l.status.OnChanged = func(string) { l.onStatus() }

	l.refresh = widget.NewButtonWithIcon(lang.L("ledger.refresh"), theme.ViewRefreshIcon(), l.reload)
	l.count = widget.NewLabel("")
	l.progress = widget.NewLabel("")

	headers := ledgerHeaders()
	l.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(l.rows), ledgerColumns },
		func() fyne.CanvasObject {
			cell := widget.NewLabel("")
			cell.Truncation = fyne.TextTruncateEllipsis
			return cell
		},
		l.updateCell,
	)
	l.table.ShowHeaderColumn = false
	l.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	l.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Row < 0 && id.Col >= 0 && id.Col < len(headers) {
			o.(*widget.Label).SetText(headers[id.Col])
		}
	}
	for col, w := range ledgerColumnWidths(headers) {
		l.table.SetColumnWidth(col, w)
	}

	bar := container.NewBorder(nil, nil, nil,
		container.NewHBox(l.status, l.refresh, l.progress, l.count),
		l.search)
	l.view = container.NewBorder(bar, nil, nil, nil, l.table)
}

// reload starts the current query again from the first page.
func (l *ledger) reload() {
	l.query++
	l.rows, l.next, l.more, l.loading, l.failed = nil, model.Cursor{}, true, false, false
	l.table.ScrollToTop()
	l.table.Refresh()
	l.count.SetText(lang.L("ledger.counting"))

	query, f := l.query, l.filter
	l.bg.run(func() func() {
		n, err := l.lister.CountCases(context.Background(), l.actor, f)
		return func() {
			if query != l.query {
				return
			}
			if err != nil {
				l.count.SetText(lang.L("ledger.count_failed"))
				return
			}
			l.count.SetText(lang.L("ledger.count", map[string]any{"Count": n}))
		}
	})
	l.loadMore()
}

// loadMore fetches the page after the last loaded row, unless one is on its way.
func (l *ledger) loadMore() {
	if l.loading || !l.more || l.failed {
		return
	}
	l.loading = true
	l.progress.SetText(lang.L("ledger.loading"))

	query, f := l.query, l.filter
	page := model.PageRequest{Sort: model.SortReceived, Desc: true, After: l.next, Limit: l.pageSize}
	l.bg.run(func() func() {
		cases, next, err := l.lister.ListCases(context.Background(), l.actor, f, page)
		return func() {
			if query != l.query {
				return
			}
			l.loading = false
			l.progress.SetText("")
			if err != nil {
				l.failed = true
				dialog.ShowError(errors.New(lang.L("ledger.error.load", map[string]any{"Err": err.Error()})), l.win)
				return
			}
			l.rows = append(l.rows, cases...)
			l.next = next
			// A short page ends the ledger even if a cursor came with it; a zero cursor
			// ends it even after a full page, where asking again would start over.
			l.more = len(cases) == page.Limit && next != (model.Cursor{})
			l.table.Refresh()
		}
	})
}

func (l *ledger) onSearch() {
	l.filter.Query = strings.TrimSpace(l.search.Text)
	l.reload()
}

func (l *ledger) onStatus() {
	l.filter.Statuses = nil
	if i := l.status.SelectedIndex(); i > 0 {
		l.filter.Statuses = []model.Status{model.Statuses[i-1]}
	}
	l.reload()
}

// focusSearch puts the cursor in the search box (Ctrl+F).
// setFilter shows the cases matching f, as a figure's drill-down asks.
func (l *ledger) setFilter(f model.CaseFilter) {
	l.filter = f
	l.search.SetText(f.Query)
	l.reload()
}

func (l *ledger) focusSearch() { l.win.Canvas().Focus(l.search) }

func (l *ledger) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	cell := o.(*widget.Label)
	if id.Row < 0 || id.Row >= len(l.rows) {
		cell.SetText("")
		return
	}
	if id.Row >= len(l.rows)-ledgerPrefetch {
		l.loadMore()
	}
	c := &l.rows[id.Row]
	cell.Importance = widget.MediumImportance
	if days, ok := daysLeft(c, l.today()); ok && days < 0 {
		cell.Importance = widget.DangerImportance
	}
	cell.SetText(l.cellText(c, id.Col))
}

func (l *ledger) cellText(c *model.Case, col int) string {
	switch col {
	case colNo:
		return c.No
	case colReceived:
		return c.ReceivedOn.String()
	case colPetitioners:
		return c.PetitionerNames
	case colChannel:
		return channelText(c.Channel)
	case colCategory:
		return l.names.CategoryName(c.CategoryID)
	case colStreet:
		return l.names.StreetName(c.StreetID)
	case colStatus:
		return statusText(c.Status)
	case colDue:
		due, accept := runningDue(c)
		if accept {
			return lang.L("ledger.due.accept", map[string]any{"Date": due.String()})
		}
		return c.DueOn.String()
	case colDaysLeft:
		days, ok := daysLeft(c, l.today())
		switch {
		case !ok:
			return ""
		case days < 0:
			return lang.L("ledger.days.overdue", map[string]any{"Days": -days})
		}
		return strconv.Itoa(days)
	}
	return ""
}

// runningDue is the deadline a case is working against: the acceptance decision while it
// is registered, the reply (extended or not) while it is handled. accept tells which.
// Other states have no running clock here; 复查/复核 stages keep their own.
func runningDue(c *model.Case) (due model.Date, accept bool) {
	switch c.Status {
	case model.StatusRegistered:
		return c.AcceptDue, true
	case model.StatusHandling:
		return c.DueOn, false
	}
	return model.Date{}, false
}

// daysLeft counts the days from today to the running deadline, negative once it has
// passed; a case is overdue the day after its due date. ok is false without a clock.
func daysLeft(c *model.Case, today model.Date) (days int, ok bool) {
	due, _ := runningDue(c)
	if due.IsZero() {
		return 0, false
	}
	return today.DaysUntil(due), true
}

func ledgerHeaders() []string {
	return []string{
		colNo:          lang.L("ledger.col.no"),
		colReceived:    lang.L("ledger.col.received"),
		colPetitioners: lang.L("ledger.col.petitioners"),
		colChannel:     lang.L("ledger.col.channel"),
		colCategory:    lang.L("ledger.col.category"),
		colStreet:      lang.L("ledger.col.street"),
		colStatus:      lang.L("ledger.col.status"),
		colDue:         lang.L("ledger.col.due"),
		colDaysLeft:    lang.L("ledger.col.days_left"),
	}
}

// ledgerColumnWidths sizes each column to the wider of its header and a typical value,
// measured in the current theme and language, so that neither is clipped. The margin
// beyond a label's own padding is needed: a text exactly as wide as the cell's room is
// drawn with an ellipsis on the desktop driver.
func ledgerColumnWidths(headers []string) []float32 {
	samples := make([][]string, ledgerColumns)
	samples[colNo] = []string{"和信〔2026〕00123"}
	samples[colReceived] = []string{"2026-10-08"}
	samples[colPetitioners] = []string{"欧阳小明、李四、王五"}
	samples[colCategory] = []string{"劳动和社会保障"}
	samples[colStreet] = []string{"和平里街道"}
	samples[colDue] = []string{lang.L("ledger.due.accept", map[string]any{"Date": "2026-10-08"})}
	samples[colDaysLeft] = []string{lang.L("ledger.days.overdue", map[string]any{"Days": 365})}
	for _, c := range model.Channels {
		samples[colChannel] = append(samples[colChannel], channelText(c))
	}
	for _, s := range model.Statuses {
		samples[colStatus] = append(samples[colStatus], statusText(s))
	}

	size, pad := theme.TextSize(), 2*theme.InnerPadding()+2*theme.Padding()
	widths := make([]float32, ledgerColumns)
	for col := range widths {
		for _, s := range append(samples[col], headers[col]) {
			widths[col] = max(widths[col], fyne.MeasureText(s, size, fyne.TextStyle{Bold: true}).Width+pad)
		}
	}
	return widths
}
