package store

import (
	"context"
	"errors"
	"math/rand"
	"slices"
	"strconv"
	"testing"

	"baoan/model"
)

// drillFigure is one figure of a Stats value with its drill-down name.
type drillFigure struct {
	figure, key string
	want        int
	visitKind   model.VisitKind // for a leader's visit count: the kind, else ""
	leaderID    int64
}

// drillFigures lists every figure of st: the totals, both halves of every rate, and every
// number of every breakdown row.
func drillFigures(st model.Stats) []drillFigure {
	out := []drillFigure{
		{figure: "received", want: st.Received},
		{figure: "accepted", want: st.Accepted},
		{figure: "not_accepted", want: st.NotAccepted},
		{figure: "transferred", want: st.Transferred},
		{figure: "closed", want: st.Closed},
		{figure: "overdue_open", want: st.OverdueOpen},
		{figure: "backlog_resolved", want: st.BacklogResolved},
	}
	for _, k := range model.RateKeys {
		r, _ := st.Rates.Get(k)
		out = append(out, drillFigure{figure: "rates." + k + ".num", want: r.Num}, drillFigure{figure: "rates." + k + ".den", want: r.Den})
	}
	group := func(name, key string, g model.GroupCounts) {
		for _, f := range []struct {
			field string
			n     int
		}{
			{"received", g.Received}, {"closed", g.Closed}, {"overdue_open", g.OverdueOpen},
			{"on_time_closure.num", g.OnTimeClosure.Num}, {"on_time_closure.den", g.OnTimeClosure.Den},
			{"satisfaction.num", g.Satisfaction.Num}, {"satisfaction.den", g.Satisfaction.Den},
		} {
			out = append(out, drillFigure{figure: name + "." + f.field, key: key, want: f.n})
		}
	}
	for _, r := range st.ByStreet {
		group("by_street", strconv.FormatInt(r.StreetID, 10), r.GroupCounts)
	}
	for _, r := range st.ByCategory {
		group("by_category", strconv.FormatInt(r.CategoryID, 10), r.GroupCounts)
	}
	for _, r := range st.ByChannel {
		group("by_channel", string(r.Channel), r.GroupCounts)
	}
	for _, l := range st.ByLeader {
		key := strconv.FormatInt(l.LeaderID, 10)
		for _, f := range []struct {
			field string
			n     int
		}{
			{"carried", l.Carried}, {"new", l.New}, {"closed", l.Closed}, {"struck_off", l.StruckOff},
			{"on_time_closure.num", l.OnTimeClosure.Num}, {"on_time_closure.den", l.OnTimeClosure.Den},
		} {
			out = append(out, drillFigure{figure: "by_leader." + f.field, key: key, want: f.n})
		}
		for _, k := range model.VisitKinds {
			out = append(out, drillFigure{figure: "by_leader.visits." + string(k), key: key, want: l.Visits.Get(k), visitKind: k, leaderID: l.LeaderID})
		}
	}
	return out
}

// checkDrill asserts that every figure of Stats(p) drills down to as many cases as it
// counts; a visit count, to cases whose matching visits add up to it. visitsOf counts the
// visits of a case that a leader's figure of kind k counts.
func checkDrill(t *testing.T, s *Store, a model.Actor, p model.Period, visitsOf func(caseID, leader int64, k model.VisitKind) int) (nonzero int) {
	t.Helper()
	ctx := context.Background()
	st, err := s.Stats(ctx, p)
	if err != nil {
		t.Fatalf("Stats(%v): %v", p, err)
	}
	for _, f := range drillFigures(st) {
		ids, err := s.StatsCases(ctx, a, p, f.figure, f.key)
		if err != nil {
			t.Errorf("StatsCases(%s…%s, %q, %q) error: %v", p.From, p.To, f.figure, f.key, err)
			continue
		}
		if ids == nil || !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != len(ids) {
			t.Errorf("StatsCases(%s…%s, %q, %q) = %v, want distinct ids in order (and [] for none)", p.From, p.To, f.figure, f.key, ids)
		}
		got := len(ids)
		if f.visitKind != "" {
			got = 0
			for _, id := range ids {
				n := visitsOf(id, f.leaderID, f.visitKind)
				if n == 0 {
					t.Errorf("StatsCases(%s…%s, %q, %q) lists case %d, which has no such visit", p.From, p.To, f.figure, f.key, id)
				}
				got += n
			}
		}
		if got != f.want {
			t.Errorf("StatsCases(%s…%s, %q, %q) gives %d, want the figure %d", p.From, p.To, f.figure, f.key, got, f.want)
		}
		if f.want > 0 {
			nonzero++
		}
	}
	return nonzero
}

// TestStatsCasesMatchFigures drills into every figure of random data, for periods of a
// day, a month and a year, and of the hand-built May.
func TestStatsCasesMatchFigures(t *testing.T) {
	admin := model.Actor{Login: "admin", Role: model.RoleAdmin}
	for _, tt := range []struct {
		name    string
		data    statsData
		periods []model.Period
	}{
		{"random", statsRandom(rand.New(rand.NewSource(20261031)), 1000), []model.Period{
			model.MonthPeriod(2026, 5),
			{From: model.MustDate("2026-05-31"), To: model.MustDate("2026-05-31")},
			{From: model.MustDate("2025-07-01"), To: model.MustDate("2026-06-30")},
		}},
		{"hand-built May", statsMay(), []model.Period{model.MonthPeriod(2026, 5)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := openTemp(t)
			tt.data.insert(t, s)
			for _, p := range tt.periods {
				visitsOf := func(caseID, leader int64, k model.VisitKind) int {
					n := 0
					for _, v := range tt.data.visits {
						if v.CaseID == caseID && v.LeaderID != nil && *v.LeaderID == leader && v.Kind == k && !v.Planned && p.Contains(v.VisitedOn) {
							n++
						}
					}
					return n
				}
				if n := checkDrill(t, s, admin, p, visitsOf); n < 20 {
					t.Errorf("%s…%s: only %d non-zero figures: the data do not exercise the drill-down", p.From, p.To, n)
				}
			}
		})
	}
}

// TestStatsCasesLeaderScope: a leader who may read only the cases carried gets only those.
func TestStatsCasesLeaderScope(t *testing.T) {
	s := openTemp(t)
	statsMay().insert(t, s)
	p := model.MonthPeriod(2026, 5)
	zhang := model.Actor{Login: "zhang", Role: model.RoleLeader, LeaderID: 1}
	for _, tt := range []struct {
		figure string
		want   []int64
	}{
		// closed in May: 1, 2, 3, 4, 13; 张伟 carries 1, 2, 7 and 13.
		{"closed", []int64{1, 2, 13}},
		{"received", []int64{13}},
		{"overdue_open", []int64{7}},
	} {
		ids, err := s.StatsCases(context.Background(), zhang, p, tt.figure, "")
		if err != nil || !slices.Equal(ids, tt.want) {
			t.Errorf("StatsCases(张伟, %q) = %v, %v; want %v", tt.figure, ids, err, tt.want)
		}
	}
}

func TestStatsCasesRejectsUnknownFigures(t *testing.T) {
	s := openTemp(t)
	admin := model.Actor{Login: "admin", Role: model.RoleAdmin}
	p := model.MonthPeriod(2026, 5)
	for _, tt := range []struct{ figure, key string }{
		{"", ""}, {"rates.closure", ""}, {"rates.closure.pct", ""}, {"by_street.received", "东街道"},
		{"by_street.carried", "1"}, {"by_leader.visits.phone_call", "1"}, {"by_leader.received", "1"},
		{"by_unit.received", "1"}, {"received; DROP TABLE cases", ""},
	} {
		ids, err := s.StatsCases(context.Background(), admin, p, tt.figure, tt.key)
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("StatsCases(%q, %q) = %v, %v; want ErrInvalid", tt.figure, tt.key, ids, err)
		}
	}
	if _, err := s.StatsCases(context.Background(), admin, model.Period{From: p.To, To: p.From}, "received", ""); !errors.Is(err, ErrInvalid) {
		t.Errorf("StatsCases(reversed period) error = %v, want ErrInvalid", err)
	}
	if _, err := s.StatsCases(context.Background(), model.Actor{Login: "nobody"}, p, "received", ""); !errors.Is(err, ErrForbidden) {
		t.Errorf("StatsCases(actor without role) error = %v, want ErrForbidden", err)
	}
}

// TestStatsCasesDrillIntoLedger: the ids filter the ledger to the same count.
func TestStatsCasesDrillIntoLedger(t *testing.T) {
	s := openTemp(t)
	statsMay().insert(t, s)
	admin := model.Actor{Login: "admin", Role: model.RoleAdmin}
	ctx := context.Background()
	for _, figure := range []string{"received", "rates.on_time_closure.den", "overdue_open", "backlog_resolved"} {
		ids, err := s.StatsCases(ctx, admin, model.MonthPeriod(2026, 5), figure, "")
		if err != nil {
			t.Fatal(err)
		}
		n, err := s.CountCases(ctx, admin, model.CaseFilter{IDs: ids})
		if err != nil || n != int64(len(ids)) {
			t.Errorf("CountCases(IDs of %s) = %d, %v; want %d", figure, n, err, len(ids))
		}
	}
}
