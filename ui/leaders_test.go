package ui

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
	"baoan/report"
	"baoan/store"
)

// leadersData is a small office: one street, two leaders, an overdue case carried by
// both, a fresh case carried by 王建国, and 王建国's visits this month and last.
type leadersData struct {
	street         model.Unit
	wang, li       model.Leader
	overdue, fresh model.Case
}

func makeLeadersData(t *testing.T, s *store.Store) leadersData {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("fixture: %v", err)
		}
	}
	var d leadersData
	var err error
	d.street, err = s.CreateUnit(ctx, actAdmin, model.Unit{Name: "和平街道", Kind: model.UnitStreet})
	must(err)
	cat, err := s.CreateCategory(ctx, actAdmin, model.Category{Name: "劳动社保"})
	must(err)
	d.wang, err = s.CreateLeader(ctx, actAdmin, model.Leader{Name: "王建国", Title: "副区长", Level: model.LevelDistrict})
	must(err)
	d.li, err = s.CreateLeader(ctx, actAdmin, model.Leader{Name: "李明", Title: "街道办主任", Level: model.LevelDivision})
	must(err)
	newCase := func(received string) model.Case {
		c, err := s.CreateCase(ctx, actAdmin, model.Case{Channel: model.ChannelVisit, ReceivedOn: model.MustDate(received), HeadCount: 1,
			CategoryID: cat.ID, StreetID: d.street.ID, Summary: "反映拖欠工资"}, []model.Petitioner{{Name: "张三"}})
		must(err)
		return c
	}
	d.overdue = newCase("2026-08-01")
	d.overdue, err = s.Decide(ctx, actAdmin, d.overdue.ID, d.overdue.Version, model.DecisionAccept, model.MustDate("2026-08-03"), "")
	must(err)
	d.fresh = newCase("2026-11-01")
	for _, a := range []struct {
		c model.Case
		l model.Leader
	}{{d.overdue, d.wang}, {d.fresh, d.wang}, {d.overdue, d.li}} {
		_, err := s.AssignLeader(ctx, actAdmin, a.c.ID, a.l.ID, a.c.ReceivedOn.AddDays(1), "")
		must(err)
	}
	for _, day := range []string{"2026-10-30", "2026-11-01"} {
		id := d.wang.ID
		_, err := s.AddVisit(ctx, actAdmin, model.Visit{CaseID: d.overdue.ID, Kind: model.VisitHome, VisitedOn: model.MustDate(day), LeaderID: &id, Place: "家中"})
		must(err)
	}
	return d
}

func TestLeadersWorkloadAndDrillDown(t *testing.T) {
	s := openTestStore(t)
	d := makeLeadersData(t, s)
	e, nav := adminEnv(t, s, actClerk)
	l := newLeaders(e)
	showScreen(e, l.view)

	if got := l.asOf.Text; got != "截至 2026-11-02" {
		t.Errorf("as-of label = %q, want 截至 2026-11-02", got)
	}
	// By name in code point order: 李 before 王.
	want := [][]string{
		{"李明", "街道办主任", "处级", "1", "1", "1", "0", "0", ""},
		{"王建国", "副区长", "区级", "2", "2", "1", "0", "1", ""},
	}
	if len(l.rows) != len(want) {
		t.Fatalf("workload rows = %d, want %d", len(l.rows), len(want))
	}
	for r, row := range want {
		if got := gridRowText(l.table, r, wlColumns); !slices.Equal(got, row) {
			t.Errorf("workload row %d = %q, want %q", r, got, row)
		}
	}

	if got := gridCell(l.table, 1, wlOverdue).Importance; got != widget.DangerImportance {
		t.Errorf("王建国's 超期 cell importance = %v, want danger (red)", got)
	}
	if got := gridCell(l.table, 1, wlStruckOff).Importance; got != widget.MediumImportance {
		t.Errorf("王建国's 已销号 cell importance = %v, want medium (not a link)", got)
	}

	tests := []struct {
		col  int
		want model.CaseFilter
	}{
		{wlCarried, model.CaseFilter{LeaderID: d.wang.ID}},
		{wlOpen, model.CaseFilter{LeaderID: d.wang.ID, Statuses: model.OpenStatuses}},
		{wlOverdue, model.CaseFilter{LeaderID: d.wang.ID, OverdueAt: testToday}},
	}
	for _, tt := range tests {
		l.table.Select(widget.TableCellID{Row: 1, Col: tt.col})
		got, ok := nav.lastLedger()
		if !ok || got.LeaderID != tt.want.LeaderID || !slices.Equal(got.Statuses, tt.want.Statuses) || got.OverdueAt != tt.want.OverdueAt {
			t.Errorf("click on column %d showed ledger %+v (%v), want %+v", tt.col, got, ok, tt.want)
		}
		// The ledger would list exactly as many cases as the figure says.
		n, err := s.CountCases(context.Background(), actClerk, got)
		if err != nil {
			t.Fatal(err)
		}
		if figure := gridText(l.table, 1, tt.col); figure != strconv.Itoa(int(n)) {
			t.Errorf("column %d: figure %s but the drill-down lists %d cases", tt.col, figure, n)
		}
	}
	before := len(nav.ledger)
	l.table.Select(widget.TableCellID{Row: 1, Col: wlName})
	if len(nav.ledger) != before {
		t.Error("a click on the name went to the ledger; it should pick the leader")
	}
	// A clerk may not edit areas.
	if l.saveArea.Visible() || !l.areas.Disabled() {
		t.Error("a clerk is offered to edit 包片 areas")
	}
}

func TestLeadersEditAreas(t *testing.T) {
	s := openTestStore(t)
	d := makeLeadersData(t, s)
	e, nav := adminEnv(t, s, actAdmin)
	l := newLeaders(e)
	showScreen(e, l.view)

	l.table.Select(widget.TableCellID{Row: 1, Col: wlName}) // 王建国
	if !strings.Contains(l.areaHead.Text, "王建国") || !slices.Equal(l.areas.Options, []string{"和平街道"}) {
		t.Fatalf("areas panel %q offers %q, want 王建国's with 和平街道", l.areaHead.Text, l.areas.Options)
	}
	l.areas.SetSelected([]string{"和平街道"})
	test.Tap(l.saveArea)
	e.bg.drain()

	ids, _ := s.LeaderAreas(context.Background(), d.wang.ID)
	if !slices.Equal(ids, []int64{d.street.ID}) {
		t.Errorf("LeaderAreas(王建国) = %v, want [%d]", ids, d.street.ID)
	}
	if got := gridText(l.table, 1, wlAreas); got != "和平街道" {
		t.Errorf("areas cell of 王建国 = %q, want 和平街道", got)
	}
	if nav.changed != 1 {
		t.Errorf("dictionariesChanged called %d times, want 1", nav.changed)
	}
}

func TestLeadersReceptionPlanAndDelete(t *testing.T) {
	s := openTestStore(t)
	d := makeLeadersData(t, s)
	e, _ := adminEnv(t, s, actClerk)
	l := newLeaders(e)
	showScreen(e, l.view)
	r := l.reception
	if r.month.Text != "2026-11" {
		t.Errorf("reception month = %q, want 2026-11", r.month.Text)
	}

	test.Type(r.day, "2026-11-10")
	r.leader.SetSelectedIndex(slices.IndexFunc(r.choices, func(x model.Leader) bool { return x.ID == d.li.ID }))
	test.Type(r.place, "区信访接待大厅")
	test.Tap(r.add)
	e.bg.drain()
	test.Type(r.day, "2026-12-01")
	test.Tap(r.add)
	e.bg.drain()

	if r.month.Text != "2026-12" || len(r.days) != 1 {
		t.Errorf("after planning 12-01: month %q with %d days, want 2026-12 with 1", r.month.Text, len(r.days))
	}
	test.Tap(r.prev)
	e.bg.drain()
	if want := []string{"2026-11-10（星期二）", "李明", "街道办主任", "区信访接待大厅", ""}; !slices.Equal(gridRowText(r.table, 0, rcColumns), want) || len(r.days) != 1 {
		t.Errorf("November schedule = %d rows, first %q; want 1 row %q", len(r.days), gridRowText(r.table, 0, rcColumns), want)
	}

	wantRows := []report.ReceptionRow{{Day: model.MustDate("2026-11-10"), Leader: "李明", Title: "街道办主任", Place: "区信访接待大厅"}}
	if got := r.printRows(); !slices.Equal(got, wantRows) {
		t.Errorf("rows to print = %+v, want %+v", got, wantRows)
	}

	r.table.Select(widget.TableCellID{Row: 0, Col: 0})
	test.Tap(r.remove)
	e.bg.drain()
	left, _ := s.ReceptionDays(context.Background(), model.MustDate("2026-11-01"), model.MustDate("2026-12-31"))
	if len(left) != 1 || left[0].Day != model.MustDate("2026-12-01") {
		t.Errorf("reception days left = %+v, want only 2026-12-01", left)
	}

	// A viewer sees the schedule but cannot plan; the store refuses too.
	ev, _ := adminEnv(t, s, actViewer)
	lv := newLeaders(ev)
	showScreen(ev, lv.view)
	if !lv.reception.add.Disabled() {
		t.Error("a viewer's 安排 button is enabled")
	}
	if _, err := s.AddReceptionDay(context.Background(), actViewer, model.ReceptionDay{LeaderID: d.li.ID, Day: testToday}); err == nil {
		t.Error("AddReceptionDay(viewer) = nil error, want a refusal")
	}
}
