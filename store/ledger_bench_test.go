package store

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"gorm.io/gorm"

	"baoan/model"
)

// carriedFx is a store with 40 cases received on 40 days, every third one accepted (so
// that it has a due date); f.leader carries every other case, f.leader2 the 12 oldest.
func carriedFx(t *testing.T) (*fx, []model.Case) {
	f := newFx(t)
	for i := range 40 {
		c := f.newCase(func(c *model.Case) { c.ReceivedOn = model.MustDate("2026-01-01").AddDays(i) })
		var err error
		if i%3 == 0 {
			if c, err = f.s.Decide(f.ctx, f.admin, c.ID, c.Version, model.DecisionAccept, c.ReceivedOn.AddDays(2), ""); err != nil {
				t.Fatalf("Decide: %v", err)
			}
		}
		if i%2 == 0 {
			f.carried(c)
		}
		if i < 12 {
			if _, err := f.s.AssignLeader(f.ctx, f.admin, c.ID, f.leader2.ID, c.ReceivedOn, ""); err != nil {
				t.Fatalf("AssignLeader: %v", err)
			}
		}
	}
	return f, f.allCases()
}

// TestListCasesCarriedWalk pages through the cases of one leader, by the 包案领导 filter
// and as that leader reading only their own cases, in every order: when the leader
// carries many cases the pages come from a walk of the sort index (planCarried), and
// when the walk comes back short (f.leader2's cases are all at the far end of the
// newest-first order) from the plain plan; either way the pages must be the leader's
// cases in order, each once.
func TestListCasesCarriedWalk(t *testing.T) {
	f, all := carriedFx(t)
	carriedBy := func(leader int64) map[int64]bool {
		var ids []int64
		f.s.db.Raw(`SELECT case_id FROM assignments WHERE leader_id = ?`, leader).Scan(&ids)
		m := map[int64]bool{}
		for _, id := range ids {
			m[id] = true
		}
		return m
	}
	lead2 := model.Actor{UserID: 5, Login: "liming", Role: model.RoleLeader, LeaderID: f.leader2.ID}
	tests := []struct {
		name   string
		a      model.Actor
		f      model.CaseFilter
		leader int64
		dense  bool // the walk is planned (SQLite)
	}{
		{"filter, many carried", f.clerk, model.CaseFilter{LeaderID: f.leader.ID}, f.leader.ID, true},
		{"own scope, many carried", f.lead, model.CaseFilter{}, f.leader.ID, true},
		{"filter, carried at the far end", f.clerk, model.CaseFilter{LeaderID: f.leader2.ID}, f.leader2.ID, true},
		{"own scope, carried at the far end", lead2, model.CaseFilter{}, f.leader2.ID, true},
		{"filter and own scope", f.lead, model.CaseFilter{LeaderID: f.leader2.ID}, 0, true},
		{"with another filter", f.clerk, model.CaseFilter{LeaderID: f.leader.ID, StreetID: f.street.ID}, f.leader.ID, false},
		{"with states", f.clerk, model.CaseFilter{LeaderID: f.leader.ID, Statuses: []model.Status{model.StatusHandling}}, f.leader.ID, true},
	}
	status := map[int64]model.Status{}
	for _, c := range all {
		status[c.ID] = c.Status
	}
	for _, tt := range tests {
		in := carriedBy(tt.leader)
		if tt.leader == 0 { // both leaders
			in = carriedBy(f.leader.ID)
			for id := range in {
				if !carriedBy(f.leader2.ID)[id] {
					delete(in, id)
				}
			}
		}
		for id := range in {
			if len(tt.f.Statuses) > 0 && !slices.Contains(tt.f.Statuses, status[id]) {
				delete(in, id)
			}
		}
		if len(in) == 0 {
			t.Fatalf("%s: the fixture has no such cases", tt.name)
		}
		if f.s.Dialect() == SQLite {
			plan := searchPlan{}
			if err := f.s.planCarried(f.s.db, tt.a, tt.f, tt.a.Role != model.RoleLeader, 2, &plan); err != nil || plan.dense != tt.dense {
				t.Errorf("planCarried(%s) = dense %v, %v; want dense %v", tt.name, plan.dense, err, tt.dense)
			}
		}
		for _, key := range []model.SortKey{"", model.SortDue, model.SortNo, model.SortStatus} {
			for _, desc := range []bool{false, true} {
				d := desc || key == ""
				var want []int64
				sorted := slices.Clone(all)
				slices.SortStableFunc(sorted, func(x, y model.Case) int {
					k := key
					if k == "" {
						k = model.SortReceived
					}
					a, b := sortValue(k, x), sortValue(k, y)
					c := strings.Compare(a, b)
					if c == 0 {
						c = int(x.ID - y.ID)
					}
					if d {
						c = -c
					}
					return c
				})
				for _, c := range sorted {
					if in[c.ID] {
						want = append(want, c.ID)
					}
				}
				var got []int64
				var after model.Cursor
				for pages := 0; pages < 30; pages++ {
					page, next, err := f.s.ListCases(f.ctx, tt.a, tt.f, model.PageRequest{Sort: key, Desc: desc, After: after, Limit: 2})
					if err != nil {
						t.Fatalf("ListCases(%s, %q desc=%v): %v", tt.name, key, desc, err)
					}
					for _, c := range page {
						got = append(got, c.ID)
					}
					if next == (model.Cursor{}) {
						break
					}
					after = next
				}
				if !slices.Equal(got, want) {
					t.Errorf("ListCases(%s, %q desc=%v) pages = %v, want %v", tt.name, key, desc, got, want)
				}
			}
		}
		if n, err := f.s.CountCases(f.ctx, tt.a, tt.f); err != nil || n != int64(len(in)) {
			t.Errorf("CountCases(%s) = %d, %v; want %d", tt.name, n, err, len(in))
		}
	}
}

// TestLedgerFilterPlans checks that SQLite answers the ledger's filters from the indexes
// made for them (migration 3) and the statistics indexes, as the benchmarks over a
// million cases need: a page in index order with no sort of all matches, and counts that
// read no table. Without statistics (no ANALYZE) SQLite plans a small table as it plans
// a large one, so a small one shows the plan.
func TestLedgerFilterPlans(t *testing.T) {
	s := openSQLite(t)
	a := model.Actor{Login: "clerk", Role: model.RoleClerk}
	day := model.MustDate("2026-06-30")
	open := []model.Status{model.StatusRegistered, model.StatusHandling, model.StatusReview, model.StatusRecheck}
	// The statement as ListCases and CountCases send it, values bound as parameters.
	sqlOf := func(f model.CaseFilter, count bool) (string, []any) {
		q := s.filterCases(s.db.Session(&gorm.Session{DryRun: true}).Model(&model.Case{}), a, f, true, searchPlan{})
		if count {
			var n []int64
			q = q.Select("COUNT(*)").Find(&n)
		} else {
			var cs []model.Case
			q = q.Order("received_on DESC, id DESC").Limit(101).Find(&cs)
		}
		return q.Statement.SQL.String(), q.Statement.Vars
	}
	tests := []struct {
		name  string
		f     model.CaseFilter
		count bool
		want  []string // in the plan
		never []string // not in the plan
	}{
		{"status page", model.CaseFilter{Statuses: []model.Status{model.StatusClosed}}, false, []string{"cases_ledger_status"}, []string{"TEMP B-TREE"}},
		{"channel page", model.CaseFilter{Channel: model.ChannelVisit}, false, []string{"cases_ledger_channel"}, []string{"TEMP B-TREE"}},
		{"backlog page", model.CaseFilter{Backlog: true}, false, []string{"cases_ledger_backlog"}, []string{"TEMP B-TREE"}},
		{"supervised count", model.CaseFilter{Supervised: true}, true, []string{"cases_ledger_supervised"}, []string{"SCAN cases;"}},
		{"open supervised count", model.CaseFilter{Supervised: true, Statuses: open}, true, []string{"cases_ledger_supervised (status=?)"}, nil},
		{"open supervised page", model.CaseFilter{Supervised: true, Statuses: open}, false, []string{"cases_ledger_supervised"}, nil},
		{"overdue count", model.CaseFilter{OverdueAt: day}, true,
			[]string{"cases_stats_closed (closed_on=? AND due_on<?)", "cases_stats_closed (closed_on>?)", "cases_stats_accept_late (accept_due<?)"},
			[]string{"SCAN cases", "cases_stats_decided", "MULTI-INDEX"}},
		{"leader count", model.CaseFilter{LeaderID: 1}, true, []string{"COVERING INDEX assignments_ledger_leader"}, nil},
		{"open cases of a leader", model.CaseFilter{LeaderID: 1, Statuses: open}, true, []string{"COVERING INDEX assignments_ledger_leader"}, []string{"SCAN cases"}},
	}
	for _, tt := range tests {
		q, vars := sqlOf(tt.f, tt.count)
		p := queryPlan(t, s, q, vars...) + ";"
		for _, w := range tt.want {
			if !strings.Contains(p, w) {
				t.Errorf("plan of %s = %q, want %q in it\n%s", tt.name, p, w, q)
			}
		}
		for _, n := range tt.never {
			if strings.Contains(p, n) {
				t.Errorf("plan of %s = %q, want no %q\n%s", tt.name, p, n, q)
			}
		}
	}
}

// BenchmarkLedgerQueries is the ledger's queries alone, without the screen: the first
// page of 100 (ListCases, limit 100 as ui/ledger.go asks) and the count (CountCases) of
// each filter, and the page after a cursor. It runs over BAOAN_BENCH_DB, a file made by
// `go run ./cmd/baoan --db PATH demo --cases 1000000` (see ui/ledger_bench_test.go, whose
// benchmarks time the same through the real ledger screen), or else over the statistics
// fixture (statsBenchStore), which has no search text and no 挂牌督办.
//
//	BAOAN_BENCH_DB=/tmp/baoan-ledger-bench-1m.db go test ./store -run XXX -bench LedgerQueries -benchtime 10x
func BenchmarkLedgerQueries(b *testing.B) {
	var s *Store
	if path := os.Getenv("BAOAN_BENCH_DB"); path != "" {
		var err error
		if s, err = Open(path); err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { s.Close() })
	} else {
		s = statsBenchStore(b)
	}
	ctx := context.Background()
	a := model.Actor{Login: "bench", Role: model.RoleClerk}
	var day string
	if err := s.db.Raw(`SELECT MAX(received_on) FROM cases`).Scan(&day).Error; err != nil {
		b.Fatal(err)
	}
	today := model.MustDate(day)
	var leader, category, street int64
	s.db.Raw(`SELECT leader_id FROM assignments GROUP BY leader_id ORDER BY COUNT(*) DESC LIMIT 1`).Scan(&leader)
	s.db.Raw(`SELECT MIN(category_id) FROM cases`).Scan(&category)
	s.db.Raw(`SELECT MIN(street_id) FROM cases`).Scan(&street)
	open := []model.Status{model.StatusRegistered, model.StatusHandling, model.StatusReview, model.StatusRecheck}
	filters := []struct {
		name string
		f    model.CaseFilter
	}{
		{"none", model.CaseFilter{}},
		{"status_closed", model.CaseFilter{Statuses: []model.Status{model.StatusClosed}}},
		{"status_handling", model.CaseFilter{Statuses: []model.Status{model.StatusHandling}}},
		{"channel", model.CaseFilter{Channel: model.ChannelVisit}},
		{"category", model.CaseFilter{CategoryID: category}},
		{"street", model.CaseFilter{StreetID: street}},
		{"leader", model.CaseFilter{LeaderID: leader}},
		{"date_range", model.CaseFilter{From: today.AddDays(-120), To: today.AddDays(-90)}},
		{"overdue", model.CaseFilter{OverdueAt: today}},
		{"repeat", model.CaseFilter{Repeat: true}},
		{"backlog", model.CaseFilter{Backlog: true}},
		{"supervised", model.CaseFilter{Supervised: true}},
		{"due_soon", model.CaseFilter{DueFrom: today, DueTo: today.AddDays(3)}},
		{"due_passed", model.CaseFilter{DueTo: today.AddDays(-1)}},
		{"supervised_open", model.CaseFilter{Supervised: true, Statuses: open}},
		{"leader_open", model.CaseFilter{LeaderID: leader, Statuses: open}},
	}
	for _, tc := range filters {
		b.Run(tc.name+"/page", func(b *testing.B) {
			var n int
			for b.Loop() {
				cs, _, err := s.ListCases(ctx, a, tc.f, model.PageRequest{Limit: 100})
				if err != nil {
					b.Fatal(err)
				}
				n = len(cs)
			}
			b.ReportMetric(float64(n), "rows")
		})
		b.Run(tc.name+"/count", func(b *testing.B) {
			var n int64
			for b.Loop() {
				var err error
				if n, err = s.CountCases(ctx, a, tc.f); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n), "matches")
		})
	}
	b.Run("next_page", func(b *testing.B) {
		_, next, err := s.ListCases(ctx, a, model.CaseFilter{}, model.PageRequest{Limit: 100})
		if err != nil || next == (model.Cursor{}) {
			b.Fatalf("first page: next %v, %v", next, err)
		}
		for b.Loop() {
			if _, _, err := s.ListCases(ctx, a, model.CaseFilter{}, model.PageRequest{Limit: 100, After: next}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
