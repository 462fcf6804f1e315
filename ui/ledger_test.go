package ui

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

// newTestLedger shows a ledger over cases in a 1000×500 window and waits for its first page.
func newTestLedger(t *testing.T, cases []model.Case) (*ledger, *fakeLister) {
	t.Helper()
	newTestApp(t)
	fake := &fakeLister{cases: cases}
	w := test.NewTempWindow(t, widget.NewLabel(""))
	bg := &background{hold: true}
	l := newLedger(w, fake, testNames, model.Actor{Login: "clerk"}, func() model.Date { return testToday }, bg)
	w.SetContent(l.view)
	w.Resize(fyne.NewSize(1000, 500))
	bg.drain()
	return l, fake
}

// cell renders one cell through the table's own template and update functions.
func cell(l *ledger, row, col int) *widget.Label {
	o := l.table.CreateCell()
	l.table.UpdateCell(widget.TableCellID{Row: row, Col: col}, o)
	return o.(*widget.Label)
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
		h := l.table.CreateHeader()
		l.table.UpdateHeader(widget.TableCellID{Row: -1, Col: col}, h)
		if got := h.(*widget.Label).Text; got != w {
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
		l.bg.drain()

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
	l.bg.drain()

	test.Type(l.search, "张三")
	l.search.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	l.bg.drain()

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
	l.bg.drain()

	calls := fake.listCalls()
	got := calls[len(calls)-1].filter.Statuses
	if !slices.Equal(got, []model.Status{model.StatusRegistered}) {
		t.Errorf("filter.Statuses = %v, want [registered]", got)
	}
	if got, want := l.count.Text, "共 1 件"; got != want {
		t.Errorf("count label = %q, want %q", got, want)
	}

	l.status.SetSelectedIndex(0) // 全部状态
	l.bg.drain()
	calls = fake.listCalls()
	if got := calls[len(calls)-1].filter.Statuses; got != nil {
		t.Errorf("filter.Statuses after 全部状态 = %v, want none", got)
	}
}

func TestLedgerLoadErrorShowsDialogOnce(t *testing.T) {
	l, fake := newTestLedger(t, makeCases(250))
	fake.setErr(errDatabase)
	l.table.ScrollToBottom()
	l.bg.drain()

	if l.win.Canvas().Overlays().Top() == nil {
		t.Fatal("no error dialog after a failed page")
	}
	n := len(fake.listCalls())
	l.table.ScrollToTop()
	l.table.ScrollToBottom()
	l.bg.drain()
	if got := len(fake.listCalls()); got != n {
		t.Errorf("ListCases called %d more times after a failure, want none until 刷新", got-n)
	}

	fake.setErr(nil)
	test.Tap(l.refresh)
	l.bg.drain()
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
		l.bg.drain()
	}
	if got := len(fake.listCalls()); got != 2 {
		t.Errorf("ListCases called %d times, want 2", got)
	}
	if got := len(l.rows); got != 2*ledgerPageSize {
		t.Errorf("rows loaded = %d, want %d", got, 2*ledgerPageSize)
	}
}
