package store_test

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"

	"baoan/demo"
	"baoan/model"
	"baoan/store"
)

// TestStatsCasesOnDemoData drills into every figure of a month of demo data (cases made
// through the model's lifecycle, as a clerk would) and checks that each lists as many
// cases as the figure counts; a visit count, as many visits on the cases it lists.
func TestStatsCasesOnDemoData(t *testing.T) {
	s, err := store.Open(filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	admin := model.Actor{Login: "test", Role: model.RoleAdmin}
	today := model.MustDate("2026-11-20")
	if err := demo.Load(ctx, s, admin, demo.Options{Cases: 1500, Seed: 11, Today: today}); err != nil {
		t.Fatalf("demo.Load: %v", err)
	}
	p := model.MonthPeriod(2026, 10)
	st, err := s.Stats(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if st.Received == 0 || st.Closed == 0 || st.OverdueOpen == 0 || len(st.ByLeader) == 0 {
		t.Fatalf("demo month too thin: %+v", st)
	}
	check := func(figure, key string, want int) {
		t.Helper()
		ids, err := s.StatsCases(ctx, admin, p, figure, key)
		if err != nil || len(ids) != want {
			t.Errorf("StatsCases(2026-10, %q, %q) = %d cases, %v; want %d", figure, key, len(ids), err, want)
		}
	}
	check("received", "", st.Received)
	check("accepted", "", st.Accepted)
	check("not_accepted", "", st.NotAccepted)
	check("transferred", "", st.Transferred)
	check("closed", "", st.Closed)
	check("overdue_open", "", st.OverdueOpen)
	check("backlog_resolved", "", st.BacklogResolved)
	for _, k := range model.RateKeys {
		r, _ := st.Rates.Get(k)
		check("rates."+k+".num", "", r.Num)
		check("rates."+k+".den", "", r.Den)
	}
	groups := func(name, key string, g model.GroupCounts) {
		check(name+".received", key, g.Received)
		check(name+".closed", key, g.Closed)
		check(name+".overdue_open", key, g.OverdueOpen)
		check(name+".on_time_closure.num", key, g.OnTimeClosure.Num)
		check(name+".on_time_closure.den", key, g.OnTimeClosure.Den)
		check(name+".satisfaction.num", key, g.Satisfaction.Num)
		check(name+".satisfaction.den", key, g.Satisfaction.Den)
	}
	for _, r := range st.ByStreet {
		groups("by_street", strconv.FormatInt(r.StreetID, 10), r.GroupCounts)
	}
	for _, r := range st.ByCategory {
		groups("by_category", strconv.FormatInt(r.CategoryID, 10), r.GroupCounts)
	}
	for _, r := range st.ByChannel {
		groups("by_channel", string(r.Channel), r.GroupCounts)
	}
	for _, l := range st.ByLeader {
		key := strconv.FormatInt(l.LeaderID, 10)
		check("by_leader.carried", key, l.Carried)
		check("by_leader.new", key, l.New)
		check("by_leader.closed", key, l.Closed)
		check("by_leader.struck_off", key, l.StruckOff)
		check("by_leader.on_time_closure.num", key, l.OnTimeClosure.Num)
		check("by_leader.on_time_closure.den", key, l.OnTimeClosure.Den)
		for _, k := range model.VisitKinds {
			ids, err := s.StatsCases(ctx, admin, p, "by_leader.visits."+string(k), key)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, id := range ids {
				d, err := s.GetCase(ctx, admin, id)
				if err != nil {
					t.Fatal(err)
				}
				for _, v := range d.Visits {
					if v.Kind == k && !v.Planned && v.LeaderID != nil && *v.LeaderID == l.LeaderID && p.Contains(v.VisitedOn) {
						n++
					}
				}
			}
			if n != l.Visits.Get(k) {
				t.Errorf("StatsCases(2026-10, by_leader.visits.%s, %s) lists cases with %d such visits, want %d", k, l.Leader, n, l.Visits.Get(k))
			}
		}
	}
}
