package demo

import (
	"context"
	"path/filepath"
	"testing"

	"baoan/model"
	"baoan/store"
)

var admin = model.Actor{Login: "test", Role: model.RoleAdmin}

var today = model.MustDate("2026-11-20")

func TestLoadCoversEveryStateAndVisit(t *testing.T) {
	s, err := store.Open(filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if err := Load(ctx, s, admin, Options{Cases: 3000, Seed: 7, Today: today}); err != nil {
		t.Fatalf("Load: %v", err)
	}
	n, err := s.CountCases(ctx, admin, model.CaseFilter{})
	if err != nil || n != 3000 {
		t.Fatalf("CountCases = %d, %v; want 3000", n, err)
	}
	for _, st := range model.Statuses {
		c, err := s.CountCases(ctx, admin, model.CaseFilter{Statuses: []model.Status{st}})
		if err != nil || c == 0 {
			t.Errorf("no demo case in state %s (%v): every state should be represented", st.Label(), err)
		}
	}
	// The oldest cases were received about 24 months before today, the newest on it.
	oldest, err := s.CountCases(ctx, admin, model.CaseFilter{To: today.AddDays(-700)})
	if err != nil || oldest == 0 {
		t.Errorf("no case older than 700 days (%v): cases should span 24 months", err)
	}
	st, err := s.Stats(ctx, model.Period{From: today.AddDays(-730), To: today})
	if err != nil {
		t.Fatal(err)
	}
	total := model.VisitCounts{}
	for _, l := range st.ByLeader {
		for _, k := range model.VisitKinds {
			total.Add(k, l.Visits.Get(k))
		}
	}
	for _, k := range model.VisitKinds {
		if total.Get(k) == 0 {
			t.Errorf("no %s visit in two years of demo data", k.Label())
		}
	}
	if st.Rates.Satisfaction.Den == 0 || st.Rates.Repeat.Num == 0 {
		t.Errorf("demo data should carry ratings and repeat petitions: %+v", st.Rates)
	}
	// Every petitioner's ID number passes the GB 11643 check.
	page, _, err := s.ListCases(ctx, admin, model.CaseFilter{}, model.PageRequest{Limit: 50})
	if err != nil || len(page) != 50 {
		t.Fatalf("ListCases: %d, %v", len(page), err)
	}
	d, err := s.GetCase(ctx, admin, page[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range d.Petitioners {
		if err := model.CheckIDNumber(p.IDNumber); err != nil {
			t.Errorf("demo petitioner %s has an invalid ID number %s: %v", p.Name, p.IDNumber, err)
		}
	}
}

func TestLoadIsAllOrNothing(t *testing.T) {
	s, err := store.Open(filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	err = Load(ctx, s, admin, Options{Cases: 60000, Seed: 1, Today: today, Progress: func(done, total int) {
		calls++
		cancel() // the load is stopped after its first chunk
	}})
	if err == nil {
		t.Fatal("Load with a cancelled context succeeded")
	}
	n, err := s.CountCases(context.Background(), admin, model.CaseFilter{})
	if err != nil || n != 0 || calls == 0 {
		t.Errorf("after a failed load: %d cases (%v), %d chunks written; want 0 cases after ≥1 chunk", n, err, calls)
	}
	units, _ := s.Units(context.Background(), "", 0)
	if len(units) != 0 {
		t.Errorf("after a failed load %d units remain; want none", len(units))
	}
}

func BenchmarkLoad(b *testing.B) {
	for i := 0; i < b.N; i++ {
		s, err := store.Open(filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		if err := Load(context.Background(), s, admin, Options{Cases: 20000, Seed: 1, Today: today}); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}
