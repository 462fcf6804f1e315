package store

import (
	"testing"

	"baoan/model"
)

// TestLeaderWorkloads works the figures out by hand on three leaders, six cases and
// five visits, on the fixture's day 2026-06-30, and checks each case figure against the
// ledger count of its drill-down filter.
func TestLeaderWorkloads(t *testing.T) {
	f := newFx(t)
	idle, err := f.s.CreateLeader(f.ctx, f.admin, model.Leader{Name: "赵六", Level: model.LevelSection})
	if err != nil {
		t.Fatal(err)
	}
	assign := func(c model.Case, l model.Leader) model.Assignment {
		t.Helper()
		ad, err := f.s.AssignLeader(f.ctx, f.admin, c.ID, l.ID, c.ReceivedOn.AddDays(1), "")
		if err != nil {
			t.Fatalf("AssignLeader: %v", err)
		}
		return ad.Assignment
	}
	overdue := f.handling() // accepted 2026-03-05: reply due in May, still open on 06-30
	closed := f.closed()    // answered 2026-06-10
	fresh := f.newCase(func(c *model.Case) { c.ReceivedOn = today.AddDays(-1) })
	struck := f.closed()

	assign(overdue, f.leader)
	assign(closed, f.leader)
	assign(fresh, f.leader)
	a := assign(struck, f.leader)
	if err := f.s.db.Exec(`UPDATE assignments SET struck_off_on = '2026-06-20' WHERE id = ?`, a.ID).Error; err != nil {
		t.Fatal(err)
	}
	assign(overdue, f.leader2)
	// 李明 also carries a case still undecided past its acceptance due date (06-16), and
	// one not accepted: carried but neither open nor overdue.
	undecided := f.newCase(func(c *model.Case) { c.ReceivedOn = model.MustDate("2026-06-01") })
	assign(undecided, f.leader2)
	refused := f.newCase(func(c *model.Case) { c.ReceivedOn = model.MustDate("2026-06-01") })
	if _, err := f.s.Decide(f.ctx, f.admin, refused.ID, refused.Version, model.DecisionNotAccept, model.MustDate("2026-06-05"), "不属于信访事项"); err != nil {
		t.Fatal(err)
	}
	assign(refused, f.leader2)

	visit := func(c model.Case, l model.Leader, day string, planned bool) {
		t.Helper()
		id := l.ID
		v := model.Visit{CaseID: c.ID, Kind: model.VisitHome, VisitedOn: model.MustDate(day), LeaderID: &id, Place: "家中", Planned: planned}
		if _, err := f.s.AddVisit(f.ctx, f.admin, v); err != nil {
			t.Fatalf("AddVisit(%s %s): %v", l.Name, day, err)
		}
	}
	visit(overdue, f.leader, "2026-06-10", false)
	visit(closed, f.leader, "2026-06-01", false)
	visit(overdue, f.leader, "2026-05-31", false) // last month
	visit(overdue, f.leader2, "2026-06-30", false)
	visit(overdue, f.leader, "2026-07-03", true) // planned: not a visit yet

	got, err := f.s.LeaderWorkloads(f.ctx, f.clerk, today)
	if err != nil {
		t.Fatalf("LeaderWorkloads: %v", err)
	}
	type figures struct{ carried, open, overdue, struckOff, visits int }
	want := map[string]figures{
		"王建国": {carried: 4, open: 2, overdue: 1, struckOff: 1, visits: 2},
		"李明":  {carried: 3, open: 2, overdue: 2, struckOff: 0, visits: 1},
		"赵六":  {},
	}
	if len(got) != len(want) {
		t.Fatalf("LeaderWorkloads returned %d rows, want %d", len(got), len(want))
	}
	for _, w := range got {
		wf, ok := want[w.Leader.Name]
		if !ok {
			t.Errorf("unexpected leader %q", w.Leader.Name)
			continue
		}
		gf := figures{w.Carried, w.Open, w.Overdue, w.StruckOff, w.Visits}
		if gf != wf {
			t.Errorf("LeaderWorkloads %s = %+v, want %+v", w.Leader.Name, gf, wf)
		}
		for _, fig := range []struct {
			name string
			n    int
		}{{model.WorkloadCarried, w.Carried}, {model.WorkloadOpen, w.Open}, {model.WorkloadOverdue, w.Overdue}} {
			n, err := f.s.CountCases(f.ctx, f.clerk, model.WorkloadFilter(w.Leader.ID, fig.name, today))
			if err != nil {
				t.Fatal(err)
			}
			if int(n) != fig.n {
				t.Errorf("%s %s: CountCases(drill-down) = %d, figure says %d", w.Leader.Name, fig.name, n, fig.n)
			}
		}
	}
	// By name in the database's (code point) order.
	for i, name := range []string{"李明", "王建国", "赵六"} {
		if got[i].Leader.Name != name {
			t.Errorf("row %d = %q, want %q", i, got[i].Leader.Name, name)
		}
	}
	if got[2].Leader.ID != idle.ID || !got[2].Leader.Active || got[2].Leader.Level != model.LevelSection {
		t.Errorf("row 2 leader = %+v, want 赵六's record", got[2].Leader)
	}

	// A leader who may read only their own cases sees only their own row.
	mine, err := f.s.LeaderWorkloads(f.ctx, f.lead, today)
	if err != nil {
		t.Fatalf("LeaderWorkloads(leader): %v", err)
	}
	if len(mine) != 1 || mine[0].Leader.ID != f.leader.ID || mine[0].Carried != 4 {
		t.Errorf("LeaderWorkloads(leader) = %+v, want only 王建国's row with 4 cases", mine)
	}
	if _, err := f.s.LeaderWorkloads(f.ctx, model.Actor{Login: "nobody"}, today); err == nil {
		t.Error("LeaderWorkloads(no role) = nil error, want a refusal")
	}
}

// BenchmarkLeaderWorkloads is the 领导 screen's query over the one-million-case
// statistics fixture (forty leaders carrying most cases).
func BenchmarkLeaderWorkloads(b *testing.B) {
	s := statsBenchStore(b)
	defer s.Close()
	a := model.Actor{Login: "clerk", Role: model.RoleClerk}
	day := model.MustDate("2026-06-30")
	for b.Loop() {
		if _, err := s.LeaderWorkloads(b.Context(), a, day); err != nil {
			b.Fatal(err)
		}
	}
}
