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
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
	"baoan/report"
)

// StatsSource is what the 统计 screen needs from the database.
type StatsSource interface {
	// Stats computes the figures of a period (办结统计, DOMAIN.md "Metrics").
	Stats(ctx context.Context, p model.Period) (model.Stats, error)
	// MonthlySeries counts received and closed per month for the months months ending
	// with the month of end.From, oldest first.
	MonthlySeries(ctx context.Context, end model.Period, months int) ([]model.MonthCount, error)
	// StatsCases lists the ids of the cases one figure of Stats(p) counts, of those a may
	// read; figure is the figure's JSON path ("rates.closure.num", "by_street.received"),
	// key the row of a breakdown (a street, category or leader id, a channel code).
	StatsCases(ctx context.Context, a model.Actor, p model.Period, figure, key string) ([]int64, error)
	// ReportData gathers the monthly report of a period.
	ReportData(ctx context.Context, p model.Period) (model.MonthlyReport, error)
}

// statsMonths is how many months back the month picker offers.
const statsMonths = 36

// statistics is the 统计 screen: a month or any period, its figures in tables and two
// charts, every number a link to the cases it counts in the ledger, and the monthly
// report to export or print.
type statistics struct {
	e *env

	month      *widget.Select
	months     []model.Period // the picker's months, newest first
	from, to   *widget.Entry
	apply      *widget.Button
	exportPDF  *widget.Button
	exportXLSX *widget.Button
	print      *widget.Button
	status     *widget.Label

	counts     map[string]*widget.Button // by figure name
	rates      *statTable
	leaders    *statTable
	streets    *statTable
	categories *statTable
	channels   *statTable
	trend      *trendChart
	byCategory *categoryChart
	view       fyne.CanvasObject

	// The state below is touched only on the UI goroutine.
	period model.Period // what the figures shown are of
	stats  model.Stats
	gen    int // bumped by each load, so that a slower earlier one is dropped
}

func newStatistics(e *env) *statistics {
	s := &statistics{e: e, counts: map[string]*widget.Button{}}
	s.buildUI()
	s.month.SetSelectedIndex(1) // the month the 月报 is written for: the last complete one
	return s
}

func (s *statistics) buildUI() {
	today := s.e.today()
	var labels []string
	for i := range statsMonths {
		p := model.MonthPeriod(today.Year(), today.Month()-time.Month(i))
		s.months = append(s.months, p)
		labels = append(labels, statsMonthText(p))
	}
	s.month = widget.NewSelect(labels, func(string) { s.onMonth() })
	s.from, s.to = widget.NewEntry(), widget.NewEntry()
	s.from.SetPlaceHolder(lang.L("statistics.from"))
	s.to.SetPlaceHolder(lang.L("statistics.to"))
	s.from.OnSubmitted = func(string) { s.onRange() }
	s.to.OnSubmitted = func(string) { s.onRange() }
	s.apply = widget.NewButtonWithIcon(lang.L("statistics.apply"), theme.SearchIcon(), s.onRange)
	s.exportPDF = widget.NewButtonWithIcon(lang.L("statistics.export_pdf"), theme.DocumentSaveIcon(), func() { s.onExport(".pdf") })
	s.exportXLSX = widget.NewButtonWithIcon(lang.L("statistics.export_xlsx"), theme.DocumentSaveIcon(), func() { s.onExport(".xlsx") })
	s.print = widget.NewButtonWithIcon(lang.L("statistics.print_report"), theme.DocumentPrintIcon(), s.onPrint)
	s.status = widget.NewLabel("")

	bar := container.NewHBox(widget.NewLabel(lang.L("statistics.month")), s.month,
		widget.NewLabel(lang.L("statistics.range")), container.NewGridWrap(fyne.NewSize(120, s.from.MinSize().Height), s.from),
		widget.NewLabel("—"), container.NewGridWrap(fyne.NewSize(120, s.to.MinSize().Height), s.to), s.apply)
	actions := container.NewHBox(s.exportPDF, s.exportXLSX, s.print)
	head := container.NewVBox(container.NewBorder(nil, nil, nil, actions, bar), s.status)

	var cards []fyne.CanvasObject
	for _, c := range countFigures() {
		b := widget.NewButton("—", func() { s.drill(c.figure, "") })
		s.counts[c.figure] = b
		cards = append(cards, container.NewVBox(widget.NewLabelWithStyle(c.caption, fyne.TextAlignCenter, fyne.TextStyle{}), b))
	}
	grid := container.NewGridWrap(fyne.NewSize(130, cards[0].MinSize().Height), cards...)

	s.rates = newStatTable(s, []statColumn{{lang.L("statistics.col.rate"), 140}, {lang.L("statistics.col.num"), 80},
		{lang.L("statistics.col.den"), 80}, {lang.L("statistics.col.pct"), 90}})
	s.leaders = newStatTable(s, []statColumn{{lang.L("statistics.col.leader"), 100}, {lang.L("statistics.col.carried"), 64},
		{lang.L("statistics.col.new"), 64}, {lang.L("statistics.col.closed"), 64}, {lang.L("statistics.col.struck_off"), 64},
		{lang.L("statistics.visit.reception"), 84}, {lang.L("statistics.visit.appointment"), 84}, {lang.L("statistics.visit.home"), 84},
		{lang.L("statistics.visit.followup"), 84}, {lang.L("statistics.col.on_time"), 84}, {lang.L("statistics.col.due"), 96},
		{lang.L("statistics.col.on_time_pct"), 104}})
	group := func(name string) *statTable {
		return newStatTable(s, []statColumn{{name, 150}, {lang.L("statistics.col.received"), 64}, {lang.L("statistics.col.closed"), 64},
			{lang.L("statistics.col.overdue"), 96}, {lang.L("statistics.col.on_time"), 84}, {lang.L("statistics.col.due"), 96},
			{lang.L("statistics.col.on_time_pct"), 96}, {lang.L("statistics.col.satisfied"), 64}, {lang.L("statistics.col.rated"), 72},
			{lang.L("statistics.col.satisfaction"), 84}})
	}
	s.streets = group(lang.L("statistics.col.street"))
	s.categories = group(lang.L("statistics.col.category"))
	s.channels = group(lang.L("statistics.col.channel"))
	s.trend = newTrendChart(s.onTrendMonth)
	s.byCategory = newCategoryChart(func(id int64) { s.drill("by_category.received", strconv.FormatInt(id, 10)) })

	heading := func(text string) fyne.CanvasObject {
		return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	body := container.NewVBox(
		widget.NewLabel(lang.L("statistics.hint")),
		heading(lang.L("statistics.section.counts")), grid,
		heading(lang.L("statistics.section.rates")), s.rates.view,
		heading(lang.L("statistics.section.trend")), s.trend,
		heading(lang.L("statistics.section.by_category")), s.byCategory,
		heading(lang.L("statistics.section.leaders")), s.leaders.view,
		heading(lang.L("statistics.section.streets")), s.streets.view,
		heading(lang.L("statistics.section.categories")), s.categories.view,
		heading(lang.L("statistics.section.channels")), s.channels.view,
	)
	s.view = container.NewBorder(head, nil, nil, nil, container.NewScroll(body))
}

// statsMonthText names a month in the picker: 2026年5月.
func statsMonthText(p model.Period) string {
	return lang.L("statistics.month_label", map[string]any{"Year": p.From.Year(), "Month": int(p.From.Month())})
}

// countFigure is one count of the period with its caption.
type countFigure struct{ figure, caption string }

// countFigures are the counts of DOMAIN.md, each named by its figure of StatsCases.
func countFigures() []countFigure {
	return []countFigure{
		{"received", lang.L("statistics.count.received")}, {"accepted", lang.L("statistics.count.accepted")},
		{"not_accepted", lang.L("statistics.count.not_accepted")}, {"transferred", lang.L("statistics.count.transferred")},
		{"closed", lang.L("statistics.count.closed")}, {"overdue_open", lang.L("statistics.count.overdue_open")},
		{"backlog_resolved", lang.L("statistics.count.backlog_resolved")},
	}
}

// rateText is the translated name of a rate of model.RateKeys.
func rateText(key string) string {
	switch key {
	case "timely_acceptance":
		return lang.L("statistics.rate.timely_acceptance")
	case "on_time_closure":
		return lang.L("statistics.rate.on_time_closure")
	case "closure":
		return lang.L("statistics.rate.closure")
	case "rated":
		return lang.L("statistics.rate.rated")
	case "satisfaction":
		return lang.L("statistics.rate.satisfaction")
	case "revisit":
		return lang.L("statistics.rate.revisit")
	case "repeat":
		return lang.L("statistics.rate.repeat")
	}
	return key
}

// onMonth shows the month picked.
func (s *statistics) onMonth() {
	i := s.month.SelectedIndex()
	if i < 0 || i >= len(s.months) {
		return
	}
	p := s.months[i]
	s.from.SetText(p.From.String())
	s.to.SetText(p.To.String())
	s.load(p)
}

// onRange shows the period typed into the two date fields.
func (s *statistics) onRange() {
	from, err := model.ParseDate(s.from.Text)
	if err == nil && from.IsZero() {
		err = errors.New(lang.L("statistics.error.from_missing"))
	}
	var to model.Date
	if err == nil {
		if to, err = model.ParseDate(s.to.Text); err == nil && to.IsZero() {
			err = errors.New(lang.L("statistics.error.to_missing"))
		}
	}
	if err == nil && to.Before(from) {
		err = errors.New(lang.L("statistics.error.reversed"))
	}
	if err != nil {
		dialog.ShowError(errors.New(lang.L("statistics.error.range", map[string]any{"Err": err.Error()})), s.e.win)
		return
	}
	p := model.Period{From: from, To: to}
	s.month.Selected = "" // a range is not one of the months, unless it is
	for i, m := range s.months {
		if m == p {
			s.month.Selected = s.month.Options[i]
		}
	}
	s.month.Refresh()
	s.load(p)
}

// load reads the figures of p and the twelve months up to its last month.
func (s *statistics) load(p model.Period) {
	s.gen++
	gen := s.gen
	s.period = p
	s.status.SetText(lang.L("statistics.loading"))
	s.setBusy(true)
	src := s.e.backend
	s.e.bg.run(func() func() {
		ctx := context.Background()
		st, err := src.Stats(ctx, p)
		var series []model.MonthCount
		if err == nil {
			series, err = src.MonthlySeries(ctx, model.MonthPeriod(p.To.Year(), p.To.Month()), 12)
		}
		return func() {
			if gen != s.gen {
				return
			}
			s.setBusy(false)
			if err != nil {
				s.status.SetText("")
				showFailure(s.e, lang.L("statistics.doing.load"), err)
				return
			}
			s.show(st, series)
		}
	})
}

// setBusy disables what would act on figures that are not there yet.
func (s *statistics) setBusy(busy bool) {
	for _, b := range []*widget.Button{s.exportPDF, s.exportXLSX, s.print} {
		if busy {
			b.Disable()
		} else {
			b.Enable()
		}
	}
}

// show fills every table and chart with the figures of s.period.
func (s *statistics) show(st model.Stats, series []model.MonthCount) {
	s.stats = st
	s.status.SetText(lang.L("statistics.period", map[string]any{"From": st.From.String(), "To": st.To.String()}))
	counts := map[string]int{"received": st.Received, "accepted": st.Accepted, "not_accepted": st.NotAccepted,
		"transferred": st.Transferred, "closed": st.Closed, "overdue_open": st.OverdueOpen, "backlog_resolved": st.BacklogResolved}
	for fig, b := range s.counts {
		b.SetText(strconv.Itoa(counts[fig]))
	}

	var rows []statRow
	for _, k := range model.RateKeys {
		r, _ := st.Rates.Get(k)
		rows = append(rows, statRow{cells: []statCell{{text: rateText(k)}, num(r.Num, "rates."+k+".num"), num(r.Den, "rates."+k+".den"), {text: r.String()}}})
	}
	s.rates.set(rows)

	rows = nil
	for _, l := range st.ByLeader {
		f := func(field string) string { return "by_leader." + field }
		rows = append(rows, statRow{key: strconv.FormatInt(l.LeaderID, 10), cells: []statCell{{text: l.Leader},
			num(l.Carried, f("carried")), num(l.New, f("new")), num(l.Closed, f("closed")), num(l.StruckOff, f("struck_off")),
			num(l.Visits.Reception, f("visits.reception")), num(l.Visits.Appointment, f("visits.appointment")),
			num(l.Visits.Home, f("visits.home")), num(l.Visits.FollowUp, f("visits.followup")),
			num(l.OnTimeClosure.Num, f("on_time_closure.num")), num(l.OnTimeClosure.Den, f("on_time_closure.den")),
			{text: l.OnTimeClosure.String()}}})
	}
	s.leaders.set(rows)

	rows = nil
	for _, r := range st.ByStreet {
		rows = append(rows, groupRow("by_street", strconv.FormatInt(r.StreetID, 10), r.Street, r.GroupCounts))
	}
	s.streets.set(rows)
	rows = nil
	for _, r := range st.ByCategory {
		rows = append(rows, groupRow("by_category", strconv.FormatInt(r.CategoryID, 10), r.Category, r.GroupCounts))
	}
	s.categories.set(rows)
	rows = nil
	for _, r := range st.ByChannel {
		rows = append(rows, groupRow("by_channel", string(r.Channel), channelText(r.Channel), r.GroupCounts))
	}
	s.channels.set(rows)

	s.trend.set(series)
	s.byCategory.set(st.ByCategory)
}

// num is a count that links to the cases behind it.
func num(n int, figure string) statCell { return statCell{text: strconv.Itoa(n), figure: figure} }

// groupRow is a row of the street, category or channel table.
func groupRow(group, key, name string, g model.GroupCounts) statRow {
	f := func(field string) string { return group + "." + field }
	return statRow{key: key, cells: []statCell{{text: name},
		num(g.Received, f("received")), num(g.Closed, f("closed")), num(g.OverdueOpen, f("overdue_open")),
		num(g.OnTimeClosure.Num, f("on_time_closure.num")), num(g.OnTimeClosure.Den, f("on_time_closure.den")),
		{text: g.OnTimeClosure.String()},
		num(g.Satisfaction.Num, f("satisfaction.num")), num(g.Satisfaction.Den, f("satisfaction.den")),
		{text: g.Satisfaction.String()}}}
}

// drill opens the ledger on the cases one figure of the period shown counts.
func (s *statistics) drill(figure, key string) {
	s.drillPeriod(s.period, figure, key)
}

func (s *statistics) drillPeriod(p model.Period, figure, key string) {
	if p.From.IsZero() {
		return
	}
	src, a := s.e.backend, s.e.actor
	s.e.bg.run(func() func() {
		ids, err := src.StatsCases(context.Background(), a, p, figure, key)
		return func() {
			if err != nil {
				showFailure(s.e, lang.L("statistics.doing.drill"), err)
				return
			}
			if ids == nil {
				ids = []int64{} // no case: the ledger lists none, not all
			}
			s.e.nav.showLedger(model.CaseFilter{IDs: ids})
		}
	})
}

// onTrendMonth opens the cases received in a month of the trend chart.
func (s *statistics) onTrendMonth(month string) {
	if t, err := time.Parse("2006-01", month); err == nil {
		s.drillPeriod(model.MonthPeriod(t.Year(), t.Month()), "received", "")
	}
}

// reportFile is the name a report of p is saved under.
func reportFile(p model.Period, ext string) string {
	if p.IsMonth() {
		return lang.L("statistics.file.month", map[string]any{"Year": p.From.Year(), "Month": int(p.From.Month())}) + ext
	}
	return lang.L("statistics.file.range", map[string]any{"From": p.From.String(), "To": p.To.String()}) + ext
}

// buildReport gathers the report of p and writes it as ext (.pdf or .xlsx).
func buildReport(src StatsSource, p model.Period, ext string) ([]byte, error) {
	r, err := src.ReportData(context.Background(), p)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if ext == ".xlsx" {
		err = report.WriteXLSX(&buf, r)
	} else {
		err = report.WritePDF(&buf, r)
	}
	return buf.Bytes(), err
}

// onExport saves the report of the period shown where the user chooses.
func (s *statistics) onExport(ext string) {
	p := s.period
	save := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			if err != nil {
				showFailure(s.e, lang.L("statistics.doing.save"), err)
			}
			return
		}
		s.setBusy(true)
		src := s.e.backend
		s.e.bg.run(func() func() {
			data, err := buildReport(src, p, ext)
			if err == nil {
				_, err = w.Write(data)
			}
			if cerr := w.Close(); err == nil {
				err = cerr
			}
			return func() {
				s.setBusy(false)
				if err != nil {
					showFailure(s.e, lang.L("statistics.doing.report"), err)
					return
				}
				dialog.ShowInformation(lang.L("statistics.saved.title"),
					lang.L("statistics.saved.text", map[string]any{"File": w.URI().Path()}), s.e.win)
			}
		})
	}, s.e.win)
	save.SetFileName(reportFile(p, ext))
	save.Show()
}

// onPrint makes the PDF of the period shown and hands it to the system viewer.
func (s *statistics) onPrint() {
	p := s.period
	s.setBusy(true)
	src := s.e.backend
	s.e.bg.run(func() func() {
		data, err := buildReport(src, p, ".pdf")
		return func() {
			s.setBusy(false)
			if err != nil {
				showFailure(s.e, lang.L("statistics.doing.report"), err)
				return
			}
			printPDF(s.e, reportFile(p, ".pdf"), data)
		}
	})
}

// statColumn is a column of a statistics table.
type statColumn struct {
	title string
	width float32
}

// statCell is a cell: its text and, for a count, the figure it links to.
type statCell struct {
	text, figure string
}

// statRow is a row of a table and the key of its breakdown row.
type statRow struct {
	key   string
	cells []statCell
}

// statTable is a table of figures whose numbers open their cases when selected.
type statTable struct {
	s     *statistics
	cols  []statColumn
	rows  []statRow
	table *widget.Table
	size  *fyne.Container // holds the table at the height of its rows
	view  fyne.CanvasObject
}

// statTableRows is how many rows a table shows before it scrolls.
const statTableRows = 14

func newStatTable(s *statistics, cols []statColumn) *statTable {
	t := &statTable{s: s, cols: cols}
	t.table = widget.NewTableWithHeaders(
		func() (int, int) { return len(t.rows), len(t.cols) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			c := t.cell(id)
			l.SetText(c.text)
			if c.figure != "" {
				l.Importance = widget.HighImportance
				l.Alignment = fyne.TextAlignTrailing
			} else {
				l.Importance = widget.MediumImportance
				l.Alignment = fyne.TextAlignLeading
			}
			l.Refresh()
		})
	t.table.ShowHeaderColumn = false
	t.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	}
	t.table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Row < 0 && id.Col >= 0 && id.Col < len(t.cols) {
			o.(*widget.Label).SetText(t.cols[id.Col].title)
		}
	}
	for i, c := range cols {
		t.table.SetColumnWidth(i, c.width)
	}
	t.table.OnSelected = func(id widget.TableCellID) {
		t.table.UnselectAll()
		if c := t.cell(id); c.figure != "" && id.Row < len(t.rows) {
			t.s.drill(c.figure, t.rows[id.Row].key)
		}
	}
	t.size = container.NewGridWrap(t.minSize(), t.table)
	t.view = t.size
	return t
}

func (t *statTable) cell(id widget.TableCellID) statCell {
	if id.Row < 0 || id.Row >= len(t.rows) || id.Col < 0 || id.Col >= len(t.rows[id.Row].cells) {
		return statCell{}
	}
	return t.rows[id.Row].cells[id.Col]
}

// minSize is the table at the width of its columns and the height of its rows (up to
// statTableRows), so that the page scrolls rather than each table.
func (t *statTable) minSize() fyne.Size {
	w := theme.ScrollBarSize() + theme.Padding()
	for _, c := range t.cols {
		w += c.width + theme.SeparatorThicknessSize()
	}
	rowH := widget.NewLabel("0").MinSize().Height + theme.Padding()
	n := min(max(len(t.rows), 1), statTableRows)
	return fyne.NewSize(w, rowH*float32(n+1))
}

// set shows new rows, or one row saying there are none.
func (t *statTable) set(rows []statRow) {
	if len(rows) == 0 {
		rows = []statRow{{cells: []statCell{{text: lang.L("statistics.none")}}}}
	}
	t.rows = rows
	t.size.Layout = layout.NewGridWrapLayout(t.minSize())
	t.size.Refresh()
	t.table.Refresh()
}

// texts is the table's text, row by row, for tests and for people reading logs.
func (t *statTable) texts() []string {
	var out []string
	for _, r := range t.rows {
		var cells []string
		for _, c := range r.cells {
			cells = append(cells, c.text)
		}
		out = append(out, strings.Join(cells, " "))
	}
	return out
}
