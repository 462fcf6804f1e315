package store

import (
	"slices"
	"testing"

	"baoan/model"
)

// runningDue is the deadline the ledger's 期限 column shows, as DueFrom/DueTo read it.
func runningDue(c model.Case) model.Date {
	switch c.Status {
	case model.StatusRegistered:
		return c.AcceptDue
	case model.StatusHandling:
		return c.DueOn
	}
	return model.Date{}
}

func TestCaseFilterDueWindow(t *testing.T) {
	f := newFx(t)
	var all []model.Case
	// Registered cases whose 受理期限 (received + 15 days) falls around today.
	for _, d := range []int{-20, -16, -15, -14, -12, -11, -10} {
		all = append(all, f.newCase(func(c *model.Case) { c.ReceivedOn = today.AddDays(d) }))
	}
	// Handled cases whose 办理期限 (decided + 60 days) falls around today.
	for _, d := range []int{-62, -60, -59, -57, -56} {
		c := f.newCase(func(c *model.Case) { c.ReceivedOn = today.AddDays(d - 2) })
		c, err := f.s.Decide(f.ctx, f.admin, c.ID, c.Version, model.DecisionAccept, today.AddDays(d), "")
		if err != nil {
			t.Fatalf("Decide: %v", err)
		}
		all = append(all, c)
	}
	// A closed case whose reply due date is in the window: no running clock any more.
	c := f.newCase(func(c *model.Case) { c.ReceivedOn = today.AddDays(-60) })
	c, err := f.s.Decide(f.ctx, f.admin, c.ID, c.Version, model.DecisionAccept, today.AddDays(-58), "")
	if err != nil {
		t.Fatalf("Decide: %v", err)
	}
	c, err = f.s.Reply(f.ctx, f.admin, c.ID, c.Version, model.ReplyExplain, today, "已答复")
	if err != nil {
		t.Fatalf("Reply: %v", err)
	}
	all = append(all, c)

	tests := []struct {
		name     string
		from, to model.Date
	}{
		{"within 3 days", today, today.AddDays(3)},
		{"overdue", model.Date{}, today.AddDays(-1)},
		{"from today on", today, model.Date{}},
		{"one day", runningDue(all[3]), runningDue(all[3])},
	}
	for _, tt := range tests {
		var want []int64
		for _, c := range all {
			due := runningDue(c)
			if !due.IsZero() && (tt.from.IsZero() || !due.Before(tt.from)) && (tt.to.IsZero() || !due.After(tt.to)) {
				want = append(want, c.ID)
			}
		}
		if len(want) == 0 || len(want) == len(all) {
			t.Errorf("%s: %d of %d cases match: the data does not exercise the filter", tt.name, len(want), len(all))
		}
		flt := model.CaseFilter{DueFrom: tt.from, DueTo: tt.to}
		got, _, err := f.s.ListCases(f.ctx, f.clerk, flt, model.PageRequest{Limit: MaxPageSize})
		if err != nil {
			t.Fatalf("ListCases(%s): %v", tt.name, err)
		}
		g := ids(got)
		slices.Sort(g)
		slices.Sort(want)
		if !slices.Equal(g, want) {
			t.Errorf("ListCases(%s) = %v, want %v", tt.name, g, want)
		}
		if n, err := f.s.CountCases(f.ctx, f.clerk, flt); err != nil || n != int64(len(want)) {
			t.Errorf("CountCases(%s) = %d, %v, want %d", tt.name, n, err, len(want))
		}
		// With a search text the dense plan must not drop the window.
		flt.Query = "拖欠工资"
		if n, err := f.s.CountCases(f.ctx, f.clerk, flt); err != nil || n != int64(len(want)) {
			t.Errorf("CountCases(%s with query) = %d, %v, want %d", tt.name, n, err, len(want))
		}
		got, _, err = f.s.ListCases(f.ctx, f.clerk, flt, model.PageRequest{Limit: 2})
		if err != nil || len(got) != min(2, len(want)) {
			t.Errorf("ListCases(%s with query, 2) = %d cases, %v, want %d", tt.name, len(got), err, min(2, len(want)))
		}
		for _, c := range got {
			if !slices.Contains(want, c.ID) {
				t.Errorf("ListCases(%s with query) lists case %d, outside the window", tt.name, c.ID)
			}
		}
	}
}

// BenchmarkDashboardCounts is the 工作台's figures on the statistics fixture (a million
// cases, "today" 2026-06-30), each a CountCases with the filter its link opens.
//
//	go test ./store -run XXX -bench DashboardCounts -benchtime 20x
func BenchmarkDashboardCounts(b *testing.B) {
	s := statsBenchStore(b)
	day := model.MustDate("2026-06-30")
	open := []model.Status{model.StatusRegistered, model.StatusHandling, model.StatusReview, model.StatusRecheck}
	figures := []struct {
		name string
		f    model.CaseFilter
	}{
		{"today", model.CaseFilter{From: day, To: day}},
		{"due3", model.CaseFilter{DueFrom: day, DueTo: day.AddDays(3)}},
		{"overdue", model.CaseFilter{DueTo: day.AddDays(-1)}},
		{"registered", model.CaseFilter{Statuses: []model.Status{model.StatusRegistered}}},
		{"supervised", model.CaseFilter{Supervised: true, Statuses: open}},
		{"carried", model.CaseFilter{LeaderID: 7, Statuses: open}},
	}
	a := model.Actor{Login: "bench", Role: model.RoleClerk}
	for _, fig := range figures {
		b.Run(fig.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.CountCases(b.Context(), a, fig.f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
