package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

// newTestLedger shows a ledger over cases (served by a fakeLister) in a 1000×500 window
// and waits for its first page.
func newTestLedger(t *testing.T, cases []model.Case) (*ledger, *fakeLister) {
	t.Helper()
	fake := &fakeLister{cases: cases}
	e, _ := newTestEnv(t, fakeBackend{Store: openTestStore(t), lister: fake})
	l := newLedger(e)
	e.win.SetContent(l.view)
	e.win.Resize(fyne.NewSize(1000, 500))
	e.bg.drain()
	return l, fake
}

// cell renders one cell through the table's own template and update functions.
func cell(l *ledger, row, col int) *widget.Label {
	o := l.table.CreateCell()
	l.table.UpdateCell(widget.TableCellID{Row: row, Col: col}, o)
	return o.(*ledgerCell).label
}

// header renders one column header the same way.
func header(l *ledger, col int) *ledgerHeader {
	h := l.table.CreateHeader()
	l.table.UpdateHeader(widget.TableCellID{Row: -1, Col: col}, h)
	return h.(*ledgerHeader)
}

func TestLedgerFirstPage(t *testing.T) {
	l, fake := newTestLedger(t, makeCases(250))

	if got, want := l.count.Text, "共 250 件"; got != want {
		t.Errorf("count label = %q, want %q", got, want)
	}
	if got := len(l.rows); got != ledgerPageSize {
		t.Errorf("rows loaded = %d, want one page of %d", got, ledgerPageSize)
	}
	calls := fake.listCalls()
	if len(calls) != 1 {
		t.Fatalf("ListCases called %d times, want 1", len(calls))
	}
	if got := calls[0].page; got.After != (model.Cursor{}) || got.Limit != ledgerPageSize {
		t.Errorf("first page request = %+v, want the zero cursor and limit %d", got, ledgerPageSize)
	}

	want := []string{"和信〔2026〕0250", "2026-10-31", "张三", "来信", "征地拆迁", "和平街道", "办理中", "2027-01-01", "60"}
	for col, w := range want {
		if got := cell(l, 0, col).Text; got != w {
			t.Errorf("cell(0, %d) = %q, want %q", col, got, w)
		}
	}
}

func TestLedgerHeaders(t *testing.T) {
	l, _ := newTestLedger(t, makeCases(5))
	want := []string{"信访编号", "登记日期", "信访人", "信访形式", "问题类别", "所属街道", "状态", "办理期限", "剩余天数"}
	for col, w := range want {
		if got := header(l, col).label.Text; got != w {
			t.Errorf("header %d = %q, want %q", col, got, w)
		}
	}
}

func TestLedgerDeadlines(t *testing.T) {
	l, _ := newTestLedger(t, makeCases(10))
	tests := []struct {
		row        int
		name       string
		due, days  string
		importance widget.Importance
	}{
		{0, "handling, due in 60 days", "2027-01-01", "60", widget.MediumImportance},
		{1, "handling, due 3 days ago", "2026-10-30", "超期 3 天", widget.DangerImportance},
		{2, "registered, acceptance due today", "2026-11-02（受理）", "0", widget.MediumImportance},
		{3, "closed: no running clock", "2026-07-25", "", widget.MediumImportance},
	}
	for _, tt := range tests {
		if got := cell(l, tt.row, colDue).Text; got != tt.due {
			t.Errorf("%s: due cell = %q, want %q", tt.name, got, tt.due)
		}
		if got := cell(l, tt.row, colDaysLeft).Text; got != tt.days {
			t.Errorf("%s: days-left cell = %q, want %q", tt.name, got, tt.days)
		}
		// The whole row turns red, not just the days-left cell.
		for col := range ledgerColumns {
			if got := cell(l, tt.row, col).Importance; got != tt.importance {
				t.Errorf("%s: cell(%d, %d) importance = %v, want %v", tt.name, tt.row, col, got, tt.importance)
			}
		}
	}
}

func TestLedgerScrollFetchesNextPage(t *testing.T) {
	l, fake := newTestLedger(t, makeCases(250))

	// Each scroll to the bottom draws rows near the end of what is loaded, which asks for
	// the page after the last loaded row; the short third page ends the ledger.
	for i, want := range []int{200, 250, 250} {
		lastLoaded := l.rows[len(l.rows)-1]
		l.table.ScrollToBottom()
		l.e.bg.drain()

		if got := len(l.rows); got != want {
			t.Fatalf("after scroll %d: rows loaded = %d, want %d", i+1, got, want)
		}
		calls := fake.listCalls()
		if want == 250 && i == 2 {
			if len(calls) != 3 {
				t.Errorf("after the last page: ListCases called %d times, want still 3", len(calls))
			}
			break
		}
		if len(calls) != i+2 {
			t.Fatalf("after scroll %d: ListCases called %d times, want %d", i+1, len(calls), i+2)
		}
		if got, want := calls[i+1].page.After, cursorOf(lastLoaded); got != want {
			t.Errorf("page %d requested after %+v, want %+v (the last loaded row)", i+2, got, want)
		}
	}
	if !slices.EqualFunc(l.rows, fake.cases, func(a, b model.Case) bool { return a.ID == b.ID }) {
		t.Error("loaded rows differ from the backend's order: a page was skipped or repeated")
	}
}

func TestLedgerSearch(t *testing.T) {
	l, fake := newTestLedger(t, makeCases(250))
	l.table.ScrollToBottom() // a second page is loaded; the search must start over
	l.e.bg.drain()

	test.Type(l.search, "张三")
	l.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	l.e.bg.drain()

	calls := fake.listCalls()
	last := calls[len(calls)-1]
	if last.filter.Query != "张三" {
		t.Errorf("ListCases filter.Query = %q, want %q", last.filter.Query, "张三")
	}
	if last.page.After != (model.Cursor{}) {
		t.Errorf("search requested page after %+v, want the first page", last.page.After)
	}
	// Every third case is 张三's: 84 of 250.
	if got, want := l.count.Text, "共 84 件"; got != want {
		t.Errorf("count label = %q, want %q", got, want)
	}
	if got := len(l.rows); got != 84 {
		t.Errorf("rows loaded = %d, want 84", got)
	}
	if got := cell(l, 0, colPetitioners).Text; got != "张三" {
		t.Errorf("first row petitioner = %q, want 张三", got)
	}
}

func TestLedgerStatusFilter(t *testing.T) {
	l, fake := newTestLedger(t, makeCases(20))
	l.status.SetSelected("待受理")
	l.e.bg.drain()

	calls := fake.listCalls()
	got := calls[len(calls)-1].filter.Statuses
	if !slices.Equal(got, []model.Status{model.StatusRegistered}) {
		t.Errorf("filter.Statuses = %v, want [registered]", got)
	}
	if got, want := l.count.Text, "共 1 件"; got != want {
		t.Errorf("count label = %q, want %q", got, want)
	}

	l.status.SetSelectedIndex(0) // 全部状态
	l.e.bg.drain()
	calls = fake.listCalls()
	if got := calls[len(calls)-1].filter.Statuses; got != nil {
		t.Errorf("filter.Statuses after 全部状态 = %v, want none", got)
	}
}

func TestLedgerLoadErrorShowsDialogOnce(t *testing.T) {
	l, fake := newTestLedger(t, makeCases(250))
	fake.setErr(errDatabase)
	l.table.ScrollToBottom()
	l.e.bg.drain()

	if l.e.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no error dialog after a failed page")
	}
	n := len(fake.listCalls())
	l.table.ScrollToTop()
	l.table.ScrollToBottom()
	l.e.bg.drain()
	if got := len(fake.listCalls()); got != n {
		t.Errorf("ListCases called %d more times after a failure, want none until 刷新", got-n)
	}

	fake.setErr(nil)
	test.Tap(l.refresh)
	l.e.bg.drain()
	if got := len(l.rows); got != ledgerPageSize {
		t.Errorf("rows after 刷新 = %d, want %d", got, ledgerPageSize)
	}
}

// Two full pages and nothing after: the second page comes with the zero cursor, and the
// ledger must stop there rather than ask for "the page after nothing", the first again.
func TestLedgerStopsAfterTheLastFullPage(t *testing.T) {
	l, fake := newTestLedger(t, makeCases(2*ledgerPageSize))
	for range 3 {
		l.table.ScrollToBottom()
		l.e.bg.drain()
	}
	if got := len(fake.listCalls()); got != 2 {
		t.Errorf("ListCases called %d times, want 2", got)
	}
	if got := len(l.rows); got != 2*ledgerPageSize {
		t.Errorf("rows loaded = %d, want %d", got, 2*ledgerPageSize)
	}
}

// newStoreLedger shows the ledger over a real database holding five cases:
//
//	0 张一 和平街道 received 2026-10-30, registered
//	1 张二 东湖街道 received 2026-10-20, accepted 2026-10-21 (due 2026-12-20)
//	2 张三 东湖街道 received 2026-05-01, accepted 2026-05-02 (due 2026-07-01: overdue)
//	3 张四 和平街道 received 2026-09-01, accepted 2026-09-02
//	4 张五 东湖街道 received 2026-10-25, registered
func newStoreLedger(t *testing.T) (*ledger, *storeFixture, *fakeNav, []model.Case) {
	t.Helper()
	f := newStoreFixture(t)
	cases := []model.Case{
		f.addCase("2026-10-30", 0, model.Petitioner{Name: "张一"}, ""),
		f.addCase("2026-10-20", 1, model.Petitioner{Name: "张二"}, "2026-10-21"),
		f.addCase("2026-05-01", 1, model.Petitioner{Name: "张三"}, "2026-05-02"),
		f.addCase("2026-09-01", 0, model.Petitioner{Name: "张四"}, "2026-09-02"),
		f.addCase("2026-10-25", 1, model.Petitioner{Name: "张五"}, ""),
	}
	e, nav := newTestEnv(t, f.s)
	e.names = f.names()
	l := newLedger(e)
	e.win.SetContent(l.view)
	e.bg.drain()
	return l, f, nav, cases
}

// ledgerNames lists the petitioner names of the loaded rows, in order.
func ledgerNames(l *ledger) []string {
	var out []string
	for _, c := range l.rows {
		out = append(out, c.PetitionerNames)
	}
	return out
}

func TestLedgerStoreFilters(t *testing.T) {
	l, f, _, _ := newStoreLedger(t)
	if got, want := ledgerNames(l), []string{"张一", "张五", "张二", "张四", "张三"}; !slices.Equal(got, want) {
		t.Fatalf("unfiltered ledger = %v, want %v (newest first)", got, want)
	}
	if got := l.street.sel.Options; !slices.Equal(got, []string{"全部街道", "东湖街道", "和平街道"}) {
		t.Errorf("street choices = %v", got)
	}
	if got := l.leader.sel.Options; !slices.Equal(got, []string{"全部包案领导", "王区长"}) {
		t.Errorf("leader choices = %v", got)
	}

	tests := []struct {
		name string
		set  func()
		want []string
	}{
		{"status 办理中", func() { l.status.SetSelected("办理中") }, []string{"张二", "张四", "张三"}},
		{"and street 东湖街道", func() { l.street.sel.SetSelected("东湖街道") }, []string{"张二", "张三"}},
		{"and overdue only", func() { l.overdue.SetChecked(true) }, []string{"张三"}},
		{"all states again", func() { l.overdue.SetChecked(false); l.status.SetSelectedIndex(0) }, []string{"张五", "张二", "张三"}},
		{"received from 2026-10-01", func() { test.Type(l.from, "2026-10-01") }, []string{"张五", "张二"}},
		{"received to 2026-10-24", func() { test.Type(l.to, "2026-10-24") }, []string{"张二"}},
		{"channel 来信", func() { l.channel.SetSelected("来信") }, nil},
		{"clear filters", func() { test.Tap(l.clear) }, []string{"张一", "张五", "张二", "张四", "张三"}},
	}
	for _, tt := range tests {
		tt.set()
		l.e.bg.drain()
		if got := ledgerNames(l); !slices.Equal(got, tt.want) {
			t.Errorf("%s: ledger = %v, want %v (filter %+v)", tt.name, got, tt.want, l.filter)
		}
		n, err := f.s.CountCases(f.ctx, f.clerk, l.filter)
		f.must(err)
		if got, want := l.count.Text, fmt.Sprintf("共 %d 件", n); got != want || int(n) != len(tt.want) {
			t.Errorf("%s: count label = %q, want 共 %d 件", tt.name, got, len(tt.want))
		}
	}
}

func TestLedgerDateEntriesValidate(t *testing.T) {
	l, _, _, _ := newStoreLedger(t)
	test.Type(l.from, "2026-13-01")
	l.e.bg.drain()
	if !l.dateErr.Visible() || !strings.Contains(l.dateErr.Text, "2026-13-01") {
		t.Errorf("bad start date: message %q (visible %v)", l.dateErr.Text, l.dateErr.Visible())
	}
	if len(l.rows) != 5 || !l.filter.From.IsZero() {
		t.Errorf("a bad date filtered the ledger: %d rows, From %v", len(l.rows), l.filter.From)
	}

	l.from.SetText("2026-10-25")
	test.Type(l.to, "2026-10-01")
	l.e.bg.drain()
	if got := l.dateErr.Text; got != "截止日期早于起始日期，请对调或修改其中一个" {
		t.Errorf("reversed range: message %q", got)
	}
	l.to.SetText("")
	l.e.bg.drain()
	if l.dateErr.Visible() || !slices.Equal(ledgerNames(l), []string{"张一", "张五"}) {
		t.Errorf("after fixing: message %q, rows %v", l.dateErr.Text, ledgerNames(l))
	}
}

func TestLedgerHeaderTapSorts(t *testing.T) {
	l, _, _, cases := newStoreLedger(t)
	nos := func() []string {
		var out []string
		for _, c := range l.rows {
			out = append(out, c.No)
		}
		return out
	}
	sorted := func(desc bool) []string {
		var out []string
		for _, c := range cases {
			out = append(out, c.No)
		}
		slices.Sort(out)
		if desc {
			slices.Reverse(out)
		}
		return out
	}
	if h := header(l, colReceived); !h.icon.Visible() || h.icon.Resource != theme.MenuDropDownIcon() {
		t.Errorf("登记日期 header shows no ▼ for the default newest-first order")
	}

	test.Tap(header(l, colNo))
	l.e.bg.drain()
	if l.sort != model.SortNo || !l.desc || !slices.Equal(nos(), sorted(true)) {
		t.Errorf("first tap on 信访编号: sort %s desc %v, rows %v", l.sort, l.desc, nos())
	}
	if h := header(l, colNo); !h.icon.Visible() || h.icon.Resource != theme.MenuDropDownIcon() {
		t.Error("信访编号 header has no ▼ after sorting by it")
	}
	if header(l, colReceived).icon.Visible() {
		t.Error("登记日期 header still shows an arrow")
	}

	test.Tap(header(l, colNo))
	l.e.bg.drain()
	if l.desc || !slices.Equal(nos(), sorted(false)) {
		t.Errorf("second tap on 信访编号: desc %v, rows %v", l.desc, nos())
	}
	if h := header(l, colNo); h.icon.Resource != theme.MenuDropUpIcon() {
		t.Error("信访编号 header has no ▲ after the second tap")
	}

	// Deadlines start soonest first; cases without a running deadline sort first.
	test.Tap(header(l, colDue))
	l.e.bg.drain()
	if got := ledgerNames(l); l.sort != model.SortDue || l.desc || got[len(got)-1] != "张二" || got[len(got)-2] != "张四" {
		t.Errorf("by 办理期限: sort %s desc %v, rows %v", l.sort, l.desc, got)
	}

	// A column the database cannot sort by does nothing.
	test.Tap(header(l, colPetitioners))
	if l.sort != model.SortDue {
		t.Errorf("tap on 信访人 changed the sort to %s", l.sort)
	}
}

func TestLedgerOverdueRowStyled(t *testing.T) {
	l, _, _, _ := newStoreLedger(t)
	row := slices.Index(ledgerNames(l), "张三")
	for col := range ledgerColumns {
		if got := cell(l, row, col).Importance; got != widget.DangerImportance {
			t.Errorf("overdue row, column %d: importance %v, want danger", col, got)
		}
	}
	if got := cell(l, row, colDaysLeft).Text; got != "超期 124 天" {
		t.Errorf("overdue row days left = %q", got)
	}
	if got := cell(l, slices.Index(ledgerNames(l), "张二"), colNo).Importance; got != widget.MediumImportance {
		t.Errorf("row in time: importance %v, want medium", got)
	}
}

func TestLedgerOpensCase(t *testing.T) {
	l, _, nav, _ := newStoreLedger(t)
	c := l.table.CreateCell().(*ledgerCell)
	l.table.UpdateCell(widget.TableCellID{Row: 2, Col: colStatus}, c)
	test.DoubleTap(c)
	if len(nav.opened) != 1 || nav.opened[0] != l.rows[2].ID {
		t.Fatalf("double tap on row 2 opened %v, want [%d]", nav.opened, l.rows[2].ID)
	}
	if l.selected != 2 || l.e.win.Canvas().Focused() != l.table {
		t.Errorf("after the double tap: selected row %d, focus %T", l.selected, l.e.win.Canvas().Focused())
	}

	l.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	l.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(nav.opened) != 2 || nav.opened[1] != l.rows[3].ID {
		t.Errorf("Down then Enter opened %v, want row 3 (%d)", nav.opened, l.rows[3].ID)
	}

	l.table.UnselectAll()
	l.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(nav.opened) != 2 {
		t.Errorf("Enter with no row selected opened %v", nav.opened[2:])
	}
}

func TestLedgerSetFilterShowsItInTheControls(t *testing.T) {
	l, f, _, _ := newStoreLedger(t)
	l.setFilter(model.CaseFilter{
		Statuses: []model.Status{model.StatusHandling}, Channel: model.ChannelVisit,
		CategoryID: f.cats[0].ID, StreetID: f.streets[1].ID, LeaderID: f.leader.ID,
		From: model.MustDate("2026-01-01"), To: model.MustDate("2026-10-31"),
		OverdueAt: testToday, Repeat: true, Backlog: true, Supervised: true, Query: "张",
	})
	l.e.bg.drain()
	checks := []struct{ name, got, want string }{
		{"status", l.status.Selected, "办理中"},
		{"channel", l.channel.Selected, "来访"},
		{"category", l.category.sel.Selected, "征地拆迁"},
		{"street", l.street.sel.Selected, "东湖街道"},
		{"leader", l.leader.sel.Selected, "王区长"},
		{"from", l.from.Text, "2026-01-01"},
		{"to", l.to.Text, "2026-10-31"},
		{"search", l.search.Text, "张"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("after setFilter: %s shows %q, want %q", c.name, c.got, c.want)
		}
	}
	if !l.overdue.Checked || !l.repeat.Checked || !l.backlog.Checked || !l.superv.Checked {
		t.Errorf("checks overdue/repeat/backlog/supervised = %v/%v/%v/%v, want all ticked", l.overdue.Checked, l.repeat.Checked, l.backlog.Checked, l.superv.Checked)
	}
	if l.filter.LeaderID != f.leader.ID || l.filter.OverdueAt != testToday {
		t.Errorf("setting the controls changed the filter to %+v", l.filter)
	}

	// A drill-down over several states, and one over exact cases.
	l.setFilter(model.CaseFilter{Statuses: []model.Status{model.StatusRegistered, model.StatusHandling}, IDs: []int64{1, 2}})
	l.e.bg.drain()
	if got := l.status.Selected; got != "待受理、办理中" {
		t.Errorf("several states show as %q", got)
	}
	if !l.drill.Visible() || l.drill.Text != "仅显示统计中的 2 件事项" {
		t.Errorf("drill-down note = %q (visible %v)", l.drill.Text, l.drill.Visible())
	}
	if got := ledgerNames(l); !slices.Equal(got, []string{"张一", "张二"}) {
		t.Errorf("drill-down rows = %v, want 张一 and 张二", got)
	}
	l.status.SetSelected("已办结")
	l.e.bg.drain()
	if got := l.filter.Statuses; !slices.Equal(got, []model.Status{model.StatusClosed}) || len(l.status.Options) != len(model.Statuses)+1 {
		t.Errorf("after choosing 已办结: statuses %v, %d choices", got, len(l.status.Options))
	}
	test.Tap(l.clear)
	l.e.bg.drain()
	if l.drill.Visible() || len(l.rows) != 5 {
		t.Errorf("after 清除筛选: drill note visible %v, %d rows", l.drill.Visible(), len(l.rows))
	}
}
