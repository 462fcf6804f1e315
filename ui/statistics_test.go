package ui

import (
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"baoan/demo"
	"baoan/model"
	"baoan/store"
)

// statsMonth is the month the 统计 screen opens on in the tests: the one before testToday.
var statsMonth = model.MonthPeriod(2026, 10)

// newStatsStore is a database of demo cases received over the two years to testToday.
func newStatsStore(t *testing.T) *store.Store {
	t.Helper()
	st := openTestStore(t)
	if err := demo.Load(context.Background(), st, shellAdmin, demo.Options{Cases: 600, Seed: 9, Today: testToday}); err != nil {
		t.Fatalf("demo.Load: %v", err)
	}
	return st
}

func newTestStatistics(t *testing.T, st *store.Store) (*statistics, *env, *fakeNav) {
	t.Helper()
	e, nav := newTestEnv(t, st)
	s := newStatistics(e)
	e.win.SetContent(s.view)
	e.bg.drain()
	return s, e, nav
}

func TestStatisticsShowsTheMonthsFigures(t *testing.T) {
	st := newStatsStore(t)
	s, _, _ := newTestStatistics(t, st)
	if s.period != statsMonth {
		t.Fatalf("opened on %v, want the last complete month %v", s.period, statsMonth)
	}
	want, err := st.Stats(context.Background(), statsMonth)
	if err != nil {
		t.Fatal(err)
	}
	if want.Received == 0 || len(want.ByLeader) == 0 {
		t.Fatalf("demo month too thin: %+v", want)
	}
	for fig, n := range map[string]int{"received": want.Received, "closed": want.Closed, "overdue_open": want.OverdueOpen,
		"accepted": want.Accepted, "backlog_resolved": want.BacklogResolved} {
		if got := s.counts[fig].Text; got != strconv.Itoa(n) {
			t.Errorf("count %s shows %q, want %d", fig, got, n)
		}
	}
	rates := s.rates.texts()
	for i, k := range model.RateKeys {
		r, _ := want.Rates.Get(k)
		w := strings.Join([]string{model.RateLabel(k), strconv.Itoa(r.Num), strconv.Itoa(r.Den), r.String()}, " ")
		if i >= len(rates) || rates[i] != w {
			t.Errorf("rate row %d = %q, want %q", i, rates, w)
		}
	}
	if got := len(s.leaders.rows); got != len(want.ByLeader) {
		t.Errorf("leader table has %d rows, want %d", got, len(want.ByLeader))
	}
	if got, w := s.streets.texts()[0], want.ByStreet[0].Street+" "+strconv.Itoa(want.ByStreet[0].Received); !strings.HasPrefix(got, w) {
		t.Errorf("first street row = %q, want it to begin %q", got, w)
	}
	if got := s.status.Text; got != "统计区间：2026-10-01 至 2026-10-31" {
		t.Errorf("status = %q", got)
	}
	if len(s.trend.series) != 12 || s.trend.series[11].Month != "2026-10" {
		t.Errorf("trend chart series = %+v, want the 12 months to 2026-10", s.trend.series)
	}
}

// Every number opens the ledger on exactly the cases it counts.
func TestStatisticsFiguresOpenTheirCases(t *testing.T) {
	st := newStatsStore(t)
	s, e, nav := newTestStatistics(t, st)
	ctx := context.Background()
	want := func(figure, key string) []int64 {
		ids, err := st.StatsCases(ctx, e.actor, statsMonth, figure, key)
		if err != nil {
			t.Fatal(err)
		}
		return ids
	}
	last := func() model.CaseFilter {
		if len(nav.filters) == 0 {
			t.Fatal("no ledger shown")
		}
		return nav.filters[len(nav.filters)-1]
	}

	test.Tap(s.counts["closed"])
	e.bg.drain()
	if got := last().IDs; !slices.Equal(got, want("closed", "")) || strconv.Itoa(len(got)) != s.counts["closed"].Text {
		t.Errorf("办结 %s opened %d cases %v, want %v", s.counts["closed"].Text, len(got), got, want("closed", ""))
	}

	// The denominator of 按期办结率 (row 1, column 2 of the rate table).
	s.rates.table.Select(widget.TableCellID{Row: 1, Col: 2})
	e.bg.drain()
	if got := last().IDs; !slices.Equal(got, want("rates.on_time_closure.den", "")) {
		t.Errorf("按期办结率 denominator opened %v", got)
	}

	// A leader's 在包 and a street's 逾期未办结.
	l := s.leaders.rows[0]
	s.leaders.table.Select(widget.TableCellID{Row: 0, Col: 1})
	e.bg.drain()
	if got := last().IDs; !slices.Equal(got, want("by_leader.carried", l.key)) || strconv.Itoa(len(got)) != l.cells[1].text {
		t.Errorf("leader %s 在包 %s opened %v", l.cells[0].text, l.cells[1].text, got)
	}
	r := s.streets.rows[0]
	s.streets.table.Select(widget.TableCellID{Row: 0, Col: 3})
	e.bg.drain()
	if got := last().IDs; !slices.Equal(got, want("by_street.overdue_open", r.key)) || strconv.Itoa(len(got)) != r.cells[3].text {
		t.Errorf("street %s 逾期未办结 %s opened %v", r.cells[0].text, r.cells[3].text, got)
	}

	// A name is not a figure: selecting it opens nothing.
	n := len(nav.filters)
	s.streets.table.Select(widget.TableCellID{Row: 0, Col: 0})
	e.bg.drain()
	if len(nav.filters) != n {
		t.Errorf("selecting a street's name opened the ledger")
	}
}

func TestStatisticsEmptyFigureShowsNoCase(t *testing.T) {
	st := openTestStore(t)
	s, e, nav := newTestStatistics(t, st)
	if got := s.counts["received"].Text; got != "0" {
		t.Errorf("empty database: 登记 shows %q, want 0", got)
	}
	if got := s.rates.texts()[0]; got != "及时受理率 0 0 —" {
		t.Errorf("empty database: first rate row = %q, want 0 0 —", got)
	}
	if got := s.leaders.texts(); len(got) != 1 || got[0] != "本期无数据" {
		t.Errorf("empty database: leader table = %q, want 本期无数据", got)
	}
	test.Tap(s.counts["received"])
	e.bg.drain()
	if len(nav.filters) != 1 || nav.filters[0].IDs == nil || len(nav.filters[0].IDs) != 0 {
		t.Errorf("a zero figure opened %+v, want the ledger with an empty (non-nil) id list", nav.filters)
	}
}

func TestStatisticsDateRange(t *testing.T) {
	st := newStatsStore(t)
	s, e, _ := newTestStatistics(t, st)
	s.from.SetText("2026-09-15")
	s.to.SetText("2026-10-14")
	test.Tap(s.apply)
	e.bg.drain()
	p := model.Period{From: model.MustDate("2026-09-15"), To: model.MustDate("2026-10-14")}
	want, _ := st.Stats(context.Background(), p)
	if s.period != p || s.counts["received"].Text != strconv.Itoa(want.Received) {
		t.Errorf("range: period %v 登记 %s, want %v and %d", s.period, s.counts["received"].Text, p, want.Received)
	}
	if s.month.Selected != "" {
		t.Errorf("a range that is no month still shows month %q", s.month.Selected)
	}

	for _, tt := range []struct{ from, to, want string }{
		{"2026-10-14", "2026-09-15", "截止日期早于起始日期"},
		{"", "2026-09-15", "请填写起始日期"},
		{"2026-02-30", "2026-03-01", "日期「2026-02-30」无效"},
	} {
		s.from.SetText(tt.from)
		s.to.SetText(tt.to)
		test.Tap(s.apply)
		e.bg.drain()
		if got := dialogText(e.win); !strings.Contains(got, tt.want) {
			t.Errorf("range %s–%s: dialog says %q, want %q", tt.from, tt.to, got, tt.want)
		}
		closeDialogs(e.win)
		if s.period != p {
			t.Errorf("a bad range changed the period to %v", s.period)
		}
	}
}

// dialogText is the text of the labels in the window's top overlay (a dialog).
func dialogText(w fyne.Window) string {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var out []string
	walk(top, func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			out = append(out, x.Text)
		case *widget.RichText:
			out = append(out, x.String())
		case *canvas.Text:
			out = append(out, x.Text)
		}
	})
	return strings.Join(out, " ")
}

func closeDialogs(w fyne.Window) {
	for w.Canvas().Overlays().Top() != nil {
		w.Canvas().Overlays().Remove(w.Canvas().Overlays().Top())
	}
}

// walk visits o and everything inside it, widgets through their renderers.
func walk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	fn(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			walk(c, fn)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			walk(c, fn)
		}
	}
}

// openedApp records the URLs the app was asked to open.
type openedApp struct {
	fyne.App
	urls []*url.URL
}

func (a *openedApp) OpenURL(u *url.URL) error {
	a.urls = append(a.urls, u)
	return nil
}

func TestStatisticsPrintOpensThePDF(t *testing.T) {
	st := newStatsStore(t)
	s, e, _ := newTestStatistics(t, st)
	app := &openedApp{App: e.app}
	e.app = app
	dir := t.TempDir()
	oldFolder, oldLP := printFolder, lookLP
	t.Cleanup(func() { printFolder, lookLP = oldFolder, oldLP })
	printFolder = func() string { return filepath.Join(dir, "打印") }

	// Without lp: the viewer opens, and a note says where the file is.
	lookLP = func() (string, error) { return "", errors.New("no lp") }
	test.Tap(s.print)
	e.bg.drain()
	path := filepath.Join(dir, "打印", "2026年10月信访工作月报.pdf")
	data, err := os.ReadFile(path)
	if err != nil || !strings.HasPrefix(string(data), "%PDF-") {
		t.Fatalf("printed file %s: %v, want a PDF", path, err)
	}
	if len(app.urls) != 1 || app.urls[0].Scheme != "file" || app.urls[0].Path != filepath.ToSlash(path) {
		t.Errorf("opened %v, want the file URL of %s", app.urls, path)
	}
	if got := dialogText(e.win); !strings.Contains(got, path) {
		t.Errorf("after printing, the dialog says %q, want the file's place", got)
	}
	closeDialogs(e.win)

	// With lp: asked first, then lp gets the file.
	args := filepath.Join(dir, "lp-args")
	lp := filepath.Join(dir, "lp")
	if err := os.WriteFile(lp, []byte("#!/bin/sh\necho \"$@\" > '"+args+"'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	lookLP = func() (string, error) { return lp, nil }
	test.Tap(s.print)
	e.bg.drain()
	if got := dialogText(e.win); !strings.Contains(got, "是否直接发送到默认打印机") {
		t.Fatalf("with lp, the dialog says %q, want the question", got)
	}
	if !tapDialogButton(e.win, widget.HighImportance) {
		t.Fatal("no confirm button in the dialog")
	}
	e.bg.drain()
	got, err := os.ReadFile(args)
	// The file of the same name is still there (not locked here), so it is replaced.
	if err != nil || strings.TrimSpace(string(got)) != path {
		t.Errorf("lp was called with %q (%v), want %s", got, err, path)
	}
	if text := dialogText(e.win); !strings.Contains(text, "已发送到打印机") {
		t.Errorf("after lp, the dialog says %q", text)
	}
}

// tapDialogButton taps the first button of importance imp in the top overlay.
func tapDialogButton(w fyne.Window, imp widget.Importance) bool {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return false
	}
	var found *widget.Button
	walk(top, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && found == nil && b.Importance == imp {
			found = b
		}
	})
	if found != nil {
		test.Tap(found)
	}
	return found != nil
}

func TestSavePrintFileNamesAroundALockedFile(t *testing.T) {
	dir := t.TempDir()
	// A directory where the file would go cannot be replaced by a file: the copy gets a number.
	if err := os.Mkdir(filepath.Join(dir, "月报.pdf"), 0o755); err != nil {
		t.Fatal(err)
	}
	path, err := savePrintFile(dir, "月报.pdf", []byte("%PDF-1.3"))
	if err != nil || path != filepath.Join(dir, "月报 (2).pdf") {
		t.Errorf("savePrintFile = %q, %v; want 月报 (2).pdf", path, err)
	}
	path, err = savePrintFile(dir, `a/b:c.pdf`, []byte("%PDF-1.3"))
	if err != nil || filepath.Base(path) != "a_b_c.pdf" {
		t.Errorf("savePrintFile(a/b:c.pdf) = %q, %v; want a_b_c.pdf in the folder", path, err)
	}
}

func TestStatisticsCharts(t *testing.T) {
	newTestApp(t)
	var tapped []string
	c := newTrendChart(func(m string) { tapped = append(tapped, m) })
	c.Resize(fyne.NewSize(600, 240))
	var series []model.MonthCount
	for i, m := range (model.Period{From: model.MustDate("2025-11-01"), To: model.MustDate("2026-10-31")}).Months() {
		series = append(series, model.MonthCount{Month: m, Received: i, Closed: 11 - i})
	}
	c.set(series)
	texts := chartTexts(c)
	for _, want := range []string{"2025.11", "12月", "2026.1", "10月", "登记", "办结", "0", "20"} {
		if !slices.Contains(texts, want) {
			t.Errorf("trend chart texts %q lack %q", texts, want)
		}
	}
	// Tap the last month's slot.
	c.Tapped(&fyne.PointEvent{Position: fyne.NewPos(590, 100)})
	if !slices.Equal(tapped, []string{"2026-10"}) {
		t.Errorf("tapping the last month opened %v, want 2026-10", tapped)
	}

	var cats []int64
	b := newCategoryChart(func(id int64) { cats = append(cats, id) })
	b.set([]model.CategoryRow{
		{CategoryID: 7, Category: "劳动和社会保障", GroupCounts: model.GroupCounts{Received: 9, Closed: 4}},
		{CategoryID: 3, Category: "农村集体经济组织成员资格认定及收益分配问题", GroupCounts: model.GroupCounts{Received: 2, Closed: 2}},
	})
	b.Resize(b.MinSize())
	texts = chartTexts(b)
	for _, want := range []string{"劳动和社会保障", "9", "4", "10"} {
		if !slices.Contains(texts, want) {
			t.Errorf("category chart texts %q lack %q", texts, want)
		}
	}
	b.Tapped(&fyne.PointEvent{Position: fyne.NewPos(300, catLegendH+catRowH+5)})
	if !slices.Equal(cats, []int64{3}) {
		t.Errorf("tapping the second category opened %v, want [3]", cats)
	}
	if got := chartTexts(newCategoryChart(nil)); !slices.Contains(got, "本期无数据") {
		t.Errorf("empty category chart texts %q, want 本期无数据", got)
	}
}

func chartTexts(w fyne.Widget) []string {
	r := test.WidgetRenderer(w)
	r.Layout(w.Size())
	var out []string
	for _, o := range r.Objects() {
		if t, ok := o.(*canvas.Text); ok {
			out = append(out, t.Text)
		}
	}
	return out
}
