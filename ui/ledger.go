package ui

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
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

// LedgerLists is what the 台账's filter bar offers to pick from. Inactive streets,
// categories and leaders are included: old cases still carry them.
type LedgerLists interface {
	// Streets lists the streets (街道).
	Streets(ctx context.Context) ([]model.Unit, error)
	// Categories lists the 问题类别.
	Categories(ctx context.Context) ([]model.Category, error)
	// Leaders lists the 包案领导; activeOnly leaves out those no longer in office.
	Leaders(ctx context.Context, activeOnly bool) ([]model.Leader, error)
}

// ledgerBackend is what the ledger uses of the Backend.
type ledgerBackend interface {
	CaseLister
	LedgerLists
}

// ledger is the 台账 screen: every case the user may see, in a table that holds only the
// pages loaded so far. The database does the filtering, sorting and paging (keyset
// pagination), so the screen stays fast with a million cases.
type ledger struct {
	e        *env
	src      ledgerBackend
	pageSize int

	search   *widget.Entry
	status   *widget.Select
	channel  *widget.Select
	category *idSelect
	street   *idSelect
	leader   *idSelect
	from, to *widget.Entry
	dateErr  *widget.Label
	overdue  *widget.Check
	repeat   *widget.Check
	backlog  *widget.Check
	superv   *widget.Check
	drill    *widget.Label // says the ledger shows a figure's cases, which no control shows
	clear    *widget.Button
	refresh  *widget.Button
	export   *widget.Button
	count    *widget.Label
	progress *widget.Label
	table    *ledgerTable
	view     fyne.CanvasObject

	// The state below is touched only on the UI goroutine.
	filter   model.CaseFilter
	sort     model.SortKey
	desc     bool
	rows     []model.Case
	next     model.Cursor
	more     bool // the backend said there is another page
	loading  bool
	failed   bool // a page failed; wait for 刷新 rather than retry on every redraw
	query    int  // bumped by each new query, so that pages of an older one are dropped
	selected int  // the selected row, -1 for none
	syncing  bool // the controls are being set from the filter: their callbacks do nothing
}

func newLedger(e *env) *ledger {
	l := &ledger{e: e, src: e.backend, pageSize: ledgerPageSize, sort: model.SortReceived, desc: true, selected: -1}
	l.buildUI()
	l.loadLists()
	l.reload()
	return l
}

func (l *ledger) buildUI() {
	l.syncing = true // setting the first choices is not the user filtering
	defer func() { l.syncing = false }()
	l.search = widget.NewEntry()
	l.search.SetPlaceHolder(lang.L("ledger.search.placeholder"))
	l.search.OnSubmitted = func(string) { l.onSearch() }

	l.status = widget.NewSelect(nil, func(string) { l.onFilterControl() })
	l.status.SetOptions(l.statusOptions(""))
	l.status.SetSelectedIndex(0)

	channels := []string{lang.L("ledger.channel.all")}
	for _, c := range model.Channels {
		channels = append(channels, channelText(c))
	}
	l.channel = widget.NewSelect(channels, func(string) { l.onFilterControl() })
	l.channel.SetSelectedIndex(0)

	l.category = newIDSelect(lang.L("ledger.category.all"), l.onFilterControl)
	l.street = newIDSelect(lang.L("ledger.street.all"), l.onFilterControl)
	l.leader = newIDSelect(lang.L("ledger.leader.all"), l.onFilterControl)

	l.from = newDateEntry(lang.L("ledger.date.placeholder"), l.onDates)
	l.to = newDateEntry(lang.L("ledger.date.placeholder"), l.onDates)
	l.dateErr = widget.NewLabel("")
	l.dateErr.Importance = widget.DangerImportance
	l.dateErr.Hide()

	check := func(label string) *widget.Check {
		return widget.NewCheck(label, func(bool) { l.onFilterControl() })
	}
	l.overdue = check(lang.L("ledger.overdue"))
	l.repeat = check(lang.L("ledger.repeat"))
	l.backlog = check(lang.L("ledger.backlog"))
	l.superv = check(lang.L("ledger.supervised"))
	l.drill = widget.NewLabel("")
	l.drill.Importance = widget.WarningImportance
	l.drill.Hide()

	l.clear = widget.NewButtonWithIcon(lang.L("ledger.clear"), theme.ContentClearIcon(), func() { l.setFilter(model.CaseFilter{}) })
	l.refresh = widget.NewButtonWithIcon(lang.L("ledger.refresh"), theme.ViewRefreshIcon(), l.reload)
	l.export = widget.NewButtonWithIcon(lang.L("ledger.export"), theme.DocumentSaveIcon(), func() { exportLedger(l.e, l.filter) })
	l.count = widget.NewLabel("")
	l.progress = widget.NewLabel("")

	l.table = newLedgerTable(l)

	// Wide enough for the placeholder and the validation icon; an entry's own minimum is
	// a single character.
	dateBox := func(e *widget.Entry) fyne.CanvasObject {
		text := max(fyne.MeasureText(e.PlaceHolder, theme.TextSize(), fyne.TextStyle{}).Width,
			fyne.MeasureText("0000-00-00", theme.TextSize(), fyne.TextStyle{}).Width)
		w := text + 6*theme.InnerPadding() + theme.IconInlineSize() + 2*theme.Padding()
		return container.NewGridWrap(fyne.NewSize(w, e.MinSize().Height), e)
	}
	top := container.NewBorder(nil, nil, nil, container.NewHBox(l.drill, l.refresh, l.export), l.search)
	selects := container.NewGridWithColumns(5, l.status, l.channel, l.category.sel, l.street.sel, l.leader.sel)
	flags := container.NewHBox(
		widget.NewLabel(lang.L("ledger.received")), dateBox(l.from), widget.NewLabel(lang.L("ledger.until")), dateBox(l.to), l.dateErr,
		l.overdue, l.repeat, l.backlog, l.superv, l.clear,
		layout.NewSpacer(), l.progress, l.count)
	l.view = container.NewBorder(container.NewVBox(top, selects, flags), nil, nil, nil, l.table)
}

// loadLists reads the streets, categories and leaders the filter bar picks from.
func (l *ledger) loadLists() {
	l.e.bg.run(func() func() {
		ctx := context.Background()
		cats, err1 := l.src.Categories(ctx)
		streets, err2 := l.src.Streets(ctx)
		leaders, err3 := l.src.Leaders(ctx, false)
		return func() {
			if err := errors.Join(err1, err2, err3); err != nil {
				dialog.ShowError(errors.New(lang.L("ledger.error.lists", map[string]any{"Err": err.Error()})), l.e.win)
				return
			}
			var ids []int64
			var names []string
			for _, c := range cats {
				ids, names = append(ids, c.ID), append(names, c.Name)
			}
			l.category.setItems(ids, names)
			ids, names = nil, nil
			for _, s := range streets {
				ids, names = append(ids, s.ID), append(names, s.Name)
			}
			l.street.setItems(ids, names)
			ids, names = nil, nil
			for _, p := range leaders {
				ids, names = append(ids, p.ID), append(names, p.Name)
			}
			l.leader.setItems(ids, names)
			l.syncControls()
		}
	})
}

// reload starts the current query again from the first page.
func (l *ledger) reload() {
	l.query++
	l.rows, l.next, l.more, l.loading, l.failed = nil, model.Cursor{}, true, false, false
	l.selected = -1
	l.table.UnselectAll()
	l.table.ScrollToTop()
	l.table.Refresh()
	l.count.SetText(lang.L("ledger.counting"))

	query, f := l.query, l.filter
	l.e.bg.run(func() func() {
		n, err := l.src.CountCases(context.Background(), l.e.actor, f)
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
	page := model.PageRequest{Sort: l.sort, Desc: l.desc, After: l.next, Limit: l.pageSize}
	l.e.bg.run(func() func() {
		cases, next, err := l.src.ListCases(context.Background(), l.e.actor, f, page)
		return func() {
			if query != l.query {
				return
			}
			l.loading = false
			l.progress.SetText("")
			if err != nil {
				l.failed = true
				dialog.ShowError(errors.New(lang.L("ledger.error.load", map[string]any{"Err": err.Error()})), l.e.win)
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

// onFilterControl reads every select and check into the filter and shows the result.
func (l *ledger) onFilterControl() {
	if l.syncing {
		return
	}
	f := &l.filter
	if i := l.status.SelectedIndex(); i > 0 && i <= len(model.Statuses) {
		f.Statuses = []model.Status{model.Statuses[i-1]}
	} else if i <= 0 {
		f.Statuses = nil
	} // else: the several states of a drill-down, kept as they were
	if len(f.Statuses) <= 1 && len(l.status.Options) > len(model.Statuses)+1 {
		l.syncing = true
		l.status.SetOptions(l.statusOptions(""))
		l.syncing = false
	}
	f.Channel = ""
	if i := l.channel.SelectedIndex(); i > 0 {
		f.Channel = model.Channels[i-1]
	}
	f.CategoryID, f.StreetID, f.LeaderID = l.category.selected(), l.street.selected(), l.leader.selected()
	f.OverdueAt = model.Date{}
	if l.overdue.Checked {
		f.OverdueAt = l.e.today()
	}
	f.Repeat, f.Backlog, f.Supervised = l.repeat.Checked, l.backlog.Checked, l.superv.Checked
	l.reload()
}

// onDates applies the date range once both ends are empty or real days in order; until
// then the message beside the entries says what to fix and the list stays as it was.
func (l *ledger) onDates() {
	if l.syncing {
		return
	}
	from, err1 := model.ParseDate(l.from.Text)
	to, err2 := model.ParseDate(l.to.Text)
	var msg string
	switch {
	case err1 != nil:
		msg = lang.L("ledger.error.from", map[string]any{"Err": err1.Error()})
	case err2 != nil:
		msg = lang.L("ledger.error.to", map[string]any{"Err": err2.Error()})
	case !from.IsZero() && !to.IsZero() && to.Before(from):
		msg = lang.L("ledger.error.range")
	}
	l.showDateError(msg)
	if msg != "" || (from == l.filter.From && to == l.filter.To) {
		return
	}
	l.filter.From, l.filter.To = from, to
	l.reload()
}

func (l *ledger) showDateError(msg string) {
	l.dateErr.SetText(msg)
	if msg == "" {
		l.dateErr.Hide()
	} else {
		l.dateErr.Show()
	}
}

// setFilter shows the cases matching f, as a figure's drill-down asks, and sets the
// controls to show that filter.
func (l *ledger) setFilter(f model.CaseFilter) {
	l.filter = f
	l.syncControls()
	l.reload()
}

// syncControls sets every control from the filter without running its callback.
func (l *ledger) syncControls() {
	l.syncing = true
	defer func() { l.syncing = false }()
	f := l.filter

	l.search.SetText(f.Query)
	switch len(f.Statuses) {
	case 0:
		l.status.SetOptions(l.statusOptions(""))
		l.status.SetSelectedIndex(0)
	case 1:
		l.status.SetOptions(l.statusOptions(""))
		l.status.SetSelected(statusText(f.Statuses[0]))
	default:
		names := make([]string, len(f.Statuses))
		for i, s := range f.Statuses {
			names[i] = statusText(s)
		}
		several := strings.Join(names, lang.L("ledger.status.sep"))
		l.status.SetOptions(l.statusOptions(several))
		l.status.SetSelected(several)
	}
	l.channel.SetSelectedIndex(0)
	for i, c := range model.Channels {
		if c == f.Channel {
			l.channel.SetSelectedIndex(i + 1)
		}
	}
	l.category.show(f.CategoryID, l.e.names.CategoryName)
	l.street.show(f.StreetID, l.e.names.StreetName)
	l.leader.show(f.LeaderID, func(id int64) string { return "#" + strconv.FormatInt(id, 10) })
	l.from.SetText(f.From.String())
	l.to.SetText(f.To.String())
	l.showDateError("")
	l.overdue.SetChecked(!f.OverdueAt.IsZero())
	l.repeat.SetChecked(f.Repeat)
	l.backlog.SetChecked(f.Backlog)
	l.superv.SetChecked(f.Supervised)

	switch {
	case len(f.IDs) > 0:
		l.drill.SetText(lang.L("ledger.drill.ids", map[string]any{"Count": len(f.IDs)}))
		l.drill.Show()
	case f.UnitID != 0:
		l.drill.SetText(lang.L("ledger.drill.unit"))
		l.drill.Show()
	default:
		l.drill.Hide()
	}
}

// statusOptions are the status select's choices: all, each state, and when a drill-down
// asked for several states at once, those as one more choice.
func (l *ledger) statusOptions(several string) []string {
	options := []string{lang.L("ledger.status.all")}
	for _, s := range model.Statuses {
		options = append(options, statusText(s))
	}
	if several != "" {
		options = append(options, several)
	}
	return options
}

// focusSearch puts the cursor in the search box (Ctrl+F).
func (l *ledger) focusSearch() { l.e.win.Canvas().Focus(l.search) }

// sortable maps the columns the database can order by to their sort keys.
var sortable = map[int]model.SortKey{colNo: model.SortNo, colReceived: model.SortReceived, colStatus: model.SortStatus, colDue: model.SortDue}

// onHeader sorts by a column: a second tap on the same column turns the order round.
// Dates start newest first and deadlines soonest first, which is what a clerk looks for.
func (l *ledger) onHeader(col int) {
	key, ok := sortable[col]
	if !ok {
		return
	}
	if key == l.sort {
		l.desc = !l.desc
	} else {
		l.sort, l.desc = key, key == model.SortReceived || key == model.SortNo
	}
	l.table.Refresh()
	l.reload()
}

// selectRow selects a row (a tap, or the arrow keys) and gives the table the keyboard.
func (l *ledger) selectRow(row, col int) {
	if row < 0 || row >= len(l.rows) {
		return
	}
	l.table.Select(widget.TableCellID{Row: row, Col: col})
	l.e.win.Canvas().Focus(l.table)
}

// openRow opens the case of a row in its own window (double click or Enter).
func (l *ledger) openRow(row int) {
	if row < 0 || row >= len(l.rows) {
		return
	}
	l.e.nav.openCase(l.rows[row].ID)
}

func (l *ledger) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	cell := o.(*ledgerCell)
	cell.row, cell.col = id.Row, id.Col
	if id.Row < 0 || id.Row >= len(l.rows) {
		cell.label.SetText("")
		return
	}
	if id.Row >= len(l.rows)-ledgerPrefetch {
		l.loadMore()
	}
	c := &l.rows[id.Row]
	cell.label.Importance = widget.MediumImportance
	if overdue(c, l.e.today()) {
		cell.label.Importance = widget.DangerImportance
	}
	cell.label.SetText(l.cellText(c, id.Col))
}

func (l *ledger) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	h := o.(*ledgerHeader)
	h.col = id.Col
	headers := ledgerHeaders()
	if id.Row >= 0 || id.Col < 0 || id.Col >= len(headers) {
		h.label.SetText("")
		h.icon.Hide()
		return
	}
	h.label.SetText(headers[id.Col])
	switch key, ok := sortable[id.Col]; {
	case !ok || key != l.sort:
		h.icon.Hide()
	case l.desc:
		h.icon.SetResource(theme.MenuDropDownIcon())
		h.icon.Show()
	default:
		h.icon.SetResource(theme.MenuDropUpIcon())
		h.icon.Show()
	}
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
		return l.e.names.CategoryName(c.CategoryID)
	case colStreet:
		return l.e.names.StreetName(c.StreetID)
	case colStatus:
		return statusText(c.Status)
	case colDue:
		due, accept := runningDue(c)
		if accept {
			return lang.L("ledger.due.accept", map[string]any{"Date": due.String()})
		}
		return c.DueOn.String()
	case colDaysLeft:
		days, ok := daysLeft(c, l.e.today())
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

// overdue reports whether the case's running deadline has passed: its whole row shows in
// the theme's error colour.
func overdue(c *model.Case, today model.Date) bool {
	days, ok := daysLeft(c, today)
	return ok && days < 0
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

// ledgerColumnWidths sizes each column to the wider of its header (with room for the
// sort arrow) and a typical value, measured in the current theme and language, so that
// neither is clipped. The margin beyond a label's own padding is needed: a text exactly
// as wide as the cell's room is drawn with an ellipsis on the desktop driver.
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
	arrow := theme.IconInlineSize() + theme.Padding()
	widths := make([]float32, ledgerColumns)
	for col := range widths {
		for _, s := range samples[col] {
			widths[col] = max(widths[col], fyne.MeasureText(s, size, fyne.TextStyle{Bold: true}).Width+pad)
		}
		widths[col] = max(widths[col], fyne.MeasureText(headers[col], size, fyne.TextStyle{Bold: true}).Width+pad+arrow)
	}
	return widths
}

// ledgerTable is the ledger's table with the keys a clerk expects of a list: the arrow
// keys move the selected row, Enter opens its case.
type ledgerTable struct {
	widget.Table
	l *ledger
}

func newLedgerTable(l *ledger) *ledgerTable {
	t := &ledgerTable{l: l}
	t.Length = func() (int, int) { return len(l.rows), ledgerColumns }
	t.CreateCell = func() fyne.CanvasObject { return newLedgerCell(l) }
	t.UpdateCell = l.updateCell
	t.ShowHeaderRow = true
	t.CreateHeader = func() fyne.CanvasObject { return newLedgerHeader(l) }
	t.UpdateHeader = l.updateHeader
	t.OnSelected = func(id widget.TableCellID) { l.selected = id.Row }
	t.OnUnselected = func(widget.TableCellID) { l.selected = -1 }
	t.ExtendBaseWidget(t)
	for col, w := range ledgerColumnWidths(ledgerHeaders()) {
		t.SetColumnWidth(col, w)
	}
	return t
}

// TypedKey opens the selected case on Enter and moves the selection by whole rows on the
// arrow keys; other keys work as in any table.
func (t *ledgerTable) TypedKey(ev *fyne.KeyEvent) {
	l := t.l
	switch ev.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		l.openRow(l.selected)
	case fyne.KeyDown:
		if l.selected+1 < len(l.rows) {
			t.Select(widget.TableCellID{Row: l.selected + 1})
		}
	case fyne.KeyUp:
		if l.selected > 0 {
			t.Select(widget.TableCellID{Row: l.selected - 1})
		}
	default:
		t.Table.TypedKey(ev)
	}
}

// ledgerCell is one cell of the ledger: a label that knows its row, because widget.Table
// reports no double tap of its own.
type ledgerCell struct {
	widget.BaseWidget
	l        *ledger
	label    *widget.Label
	row, col int
}

func newLedgerCell(l *ledger) *ledgerCell {
	c := &ledgerCell{l: l, label: widget.NewLabel("")}
	c.label.Truncation = fyne.TextTruncateEllipsis
	c.ExtendBaseWidget(c)
	return c
}

func (c *ledgerCell) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(c.label) }

// Tapped selects the row, as a tap on a plain table cell would.
func (c *ledgerCell) Tapped(*fyne.PointEvent) { c.l.selectRow(c.row, c.col) }

// DoubleTapped opens the row's case.
func (c *ledgerCell) DoubleTapped(*fyne.PointEvent) {
	c.l.selectRow(c.row, c.col)
	c.l.openRow(c.row)
}

// ledgerHeader is a column header; tapping a sortable one sorts by it, and the column the
// ledger is sorted by shows an arrow for the direction.
type ledgerHeader struct {
	widget.BaseWidget
	l     *ledger
	label *widget.Label
	icon  *widget.Icon
	col   int
}

func newLedgerHeader(l *ledger) *ledgerHeader {
	h := &ledgerHeader{l: l, label: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), icon: widget.NewIcon(nil), col: -1}
	h.icon.Hide()
	h.ExtendBaseWidget(h)
	return h
}

func (h *ledgerHeader) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, nil, h.icon, h.label))
}

// Tapped sorts by the column.
func (h *ledgerHeader) Tapped(*fyne.PointEvent) { h.l.onHeader(h.col) }

// Cursor shows a pointer over the headers that sort.
func (h *ledgerHeader) Cursor() desktop.Cursor {
	if _, ok := sortable[h.col]; ok {
		return desktop.PointerCursor
	}
	return desktop.DefaultCursor
}
