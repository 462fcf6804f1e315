package ui

import (
	"context"
	"reflect"
	"strconv"
	"testing"

	"fyne.io/fyne/v2/test"

	"baoan/model"
	"baoan/store"
)

// dashboardData is a small office on testToday, made through the store's API:
//
//	c1 received today, undecided          → today, undecided
//	c2 received 13 days ago, undecided    → acceptance due in 2 days: due soon, undecided
//	c3 received 20 days ago, undecided    → acceptance 5 days late: overdue, undecided
//	c4 accepted 58 days ago, supervised   → reply due in 2 days: due soon, supervised; carried
//	c5 accepted 65 days ago               → reply 5 days late: overdue; carried, a visit planned
//	c6 closed, supervised                 → nothing: closed cases have no clock and no work
type dashboardData struct {
	st     *store.Store
	leader model.Leader
	cases  map[string]model.Case
	visit  model.Visit // the planned visit on c5
}

func newDashboardData(t *testing.T) *dashboardData {
	t.Helper()
	ctx := context.Background()
	st := openTestStore(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("test data: %v", err)
		}
	}
	street, err := st.CreateUnit(ctx, shellAdmin, model.Unit{Name: "和平街道", Kind: model.UnitStreet})
	must(err)
	cat, err := st.CreateCategory(ctx, shellAdmin, model.Category{Name: "劳动社保"})
	must(err)
	leader, err := st.CreateLeader(ctx, shellAdmin, model.Leader{Name: "王建国", Title: "副区长", Level: model.LevelDistrict})
	must(err)
	d := &dashboardData{st: st, leader: leader, cases: map[string]model.Case{}}

	n := 0
	add := func(name string, received int, supervised bool) model.Case {
		n++
		p := model.Petitioner{Name: "信访人" + strconv.Itoa(n), IDKind: model.IDResident,
			IDNumber: model.MakeIDNumber("440306", model.MustDate("1970-01-01").AddDays(n*41), n)}
		c, err := st.CreateCase(ctx, shellAdmin, model.Case{Channel: model.ChannelVisit, ReceivedOn: testToday.AddDays(received),
			CategoryID: cat.ID, StreetID: street.ID, Summary: "反映拖欠工资", Demands: "要求支付", Supervised: supervised},
			[]model.Petitioner{p})
		must(err)
		d.cases[name] = c
		return c
	}
	accept := func(name string, on int) model.Case {
		c := d.cases[name]
		c, err := st.Decide(ctx, shellAdmin, c.ID, c.Version, model.DecisionAccept, testToday.AddDays(on), "")
		must(err)
		d.cases[name] = c
		return c
	}
	add("c1", 0, false)
	add("c2", -13, false)
	add("c3", -20, false)
	add("c4", -60, true)
	accept("c4", -58)
	add("c5", -70, false)
	accept("c5", -65)
	add("c6", -100, true)
	c6 := accept("c6", -95)
	c6, err = st.Reply(ctx, shellAdmin, c6.ID, c6.Version, model.ReplyExplain, testToday.AddDays(-40), "已答复")
	must(err)
	d.cases["c6"] = c6
	for _, name := range []string{"c4", "c5"} {
		_, err := st.AssignLeader(ctx, shellAdmin, d.cases[name].ID, leader.ID, testToday.AddDays(-50), "约谈")
		must(err)
	}
	d.visit, err = st.AddVisit(ctx, shellAdmin, model.Visit{CaseID: d.cases["c5"].ID, Kind: model.VisitHome,
		VisitedOn: testToday.AddDays(3), LeaderID: &leader.ID, Planned: true})
	must(err)

	// The clocks the figures rest on, as the store computed them.
	for _, chk := range []struct {
		name string
		got  model.Date
		want model.Date
	}{
		{"c2 acceptance due", d.cases["c2"].AcceptDue, testToday.AddDays(2)},
		{"c3 acceptance due", d.cases["c3"].AcceptDue, testToday.AddDays(-5)},
		{"c4 reply due", d.cases["c4"].DueOn, testToday.AddDays(2)},
		{"c5 reply due", d.cases["c5"].DueOn, testToday.AddDays(-5)},
	} {
		if chk.got != chk.want {
			t.Fatalf("test data: %s = %s, want %s", chk.name, chk.got, chk.want)
		}
	}
	return d
}

func TestDashboardFiguresMatchTheData(t *testing.T) {
	d := newDashboardData(t)
	leaderActor := model.Actor{UserID: 9, Login: "wangjg", Role: model.RoleLeader, LeaderID: d.leader.ID}
	tests := []struct {
		actor model.Actor
		want  map[string]int64
	}{
		{model.Actor{UserID: 2, Login: "clerk", Role: model.RoleClerk},
			map[string]int64{"today": 1, "due_soon": 2, "overdue": 2, "undecided": 3, "supervised": 1}},
		// A leader sees only the cases they carry (leaders_read_all is off).
		{leaderActor, map[string]int64{"today": 0, "due_soon": 1, "overdue": 1, "undecided": 0, "supervised": 1, "mine": 2}},
	}
	for _, tt := range tests {
		e, nav := newTestEnv(t, d.st)
		e.actor = tt.actor
		dash := newDashboard(e)
		e.bg.drain()
		if len(dash.figures) != len(tt.want) {
			t.Errorf("%s: %d figures, want %d", tt.actor.Role, len(dash.figures), len(tt.want))
		}
		for _, f := range dash.figures {
			want, ok := tt.want[f.id]
			if !ok {
				t.Errorf("%s: unexpected figure %s", tt.actor.Role, f.id)
				continue
			}
			if got := f.button.Text; got != strconv.FormatInt(want, 10) {
				t.Errorf("%s: figure %s shows %q, want %d", tt.actor.Role, f.id, got, want)
			}
			test.Tap(f.button)
			if len(nav.filters) == 0 || !reflect.DeepEqual(nav.filters[len(nav.filters)-1], f.filter) {
				t.Errorf("%s: tapping %s showed the ledger with %+v, want %+v", tt.actor.Role, f.id, nav.filters, f.filter)
			}
		}
	}

	// The leader's list: the carried cases with the next planned visit of each.
	e, nav := newTestEnv(t, d.st)
	e.actor = leaderActor
	dash := newDashboard(e)
	e.bg.drain()
	if len(dash.carried) != 2 {
		t.Fatalf("我的包案 lists %d cases, want 2", len(dash.carried))
	}
	for _, r := range dash.carried {
		want := model.Date{}
		if r.c.ID == d.cases["c5"].ID {
			want = d.visit.VisitedOn
		}
		if r.next.VisitedOn != want {
			t.Errorf("我的包案 %s: next visit %s, want %s", r.c.No, r.next.VisitedOn, want)
		}
	}
	dash.list.Select(1)
	if len(nav.opened) != 1 || nav.opened[0] != dash.carried[1].c.ID {
		t.Errorf("selecting a carried case opened %v, want [%d]", nav.opened, dash.carried[1].c.ID)
	}
}

func TestDashboardFigureOpensLedger(t *testing.T) {
	d := newDashboardData(t)
	a := newTestApp(t)
	bg := &background{hold: true}
	m := newMainWindow(a, d.st, Options{Actor: model.Actor{UserID: 2, Login: "clerk", Role: model.RoleClerk},
		Today: func() model.Date { return testToday }}, bg)
	t.Cleanup(m.win.Close)
	bg.drain()
	if got := selectedScreen(m); got != screenDashboard {
		t.Fatalf("opened on %q, want the dashboard", got)
	}
	overdue := m.dash.figure("overdue")
	test.Tap(overdue.button)
	bg.drain()
	if got := selectedScreen(m); got != screenLedger {
		t.Fatalf("tapping 已超期 showed %q, want the ledger", got)
	}
	if !reflect.DeepEqual(m.ledger.filter, overdue.filter) {
		t.Errorf("ledger filter = %+v, want %+v", m.ledger.filter, overdue.filter)
	}
	var got []int64
	for _, c := range m.ledger.rows {
		got = append(got, c.ID)
	}
	want := []int64{d.cases["c3"].ID, d.cases["c5"].ID} // newest received first
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ledger after 已超期 lists %v, want %v", got, want)
	}

	// Shown again, the dashboard counts again.
	_, err := d.st.CreateCase(context.Background(), shellAdmin, model.Case{Channel: model.ChannelLetter, ReceivedOn: testToday,
		CategoryID: d.cases["c1"].CategoryID, StreetID: d.cases["c1"].StreetID, Summary: "新来信", Demands: "要求答复"},
		[]model.Petitioner{{Name: "新信访人", IDKind: model.IDResident, IDNumber: model.MakeIDNumber("440306", model.MustDate("1980-05-05"), 77)}})
	if err != nil {
		t.Fatal(err)
	}
	m.show(screenDashboard)
	bg.drain()
	if got := m.dash.figure("today").button.Text; got != "2" {
		t.Errorf("今日登记 after a new case and showing the dashboard again = %q, want 2", got)
	}
}
