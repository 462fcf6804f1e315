package store

import (
	"errors"
	"slices"
	"testing"
	"time"

	"baoan/model"
)

// auditFx is the fixture with entries written by the admin and the clerk over
// 2026-06-30 … 2026-07-03, and two cases.
func auditFx(t *testing.T) (f *fx, case1, case2 model.Case) {
	t.Helper()
	f = newFx(t)
	old := model.Now
	model.Now = func() model.Date { return model.MustDate("2026-07-03") }
	t.Cleanup(func() { model.Now = old })
	tick := time.Date(2026, 6, 30, 9, 0, 0, 0, time.UTC)
	f.s.SetClock(func() time.Time { tick = tick.Add(time.Second); return tick })
	day := func(s string) {
		d := model.MustDate(s)
		tick = time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, time.Local)
	}
	create := func(a model.Actor) model.Case {
		t.Helper()
		c, err := f.s.CreateCase(f.ctx, a, f.caseInput(), []model.Petitioner{f.petitioner("张三")})
		if err != nil {
			t.Fatalf("CreateCase: %v", err)
		}
		return c
	}
	day("2026-07-01")
	case1 = create(f.clerk)
	day("2026-07-02")
	if _, err := f.s.CreateCategory(f.ctx, f.admin, model.Category{Name: "城乡建设"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.Decide(f.ctx, f.clerk, case1.ID, case1.Version, model.DecisionAccept, model.MustDate("2026-07-02"), ""); err != nil {
		t.Fatal(err)
	}
	day("2026-07-03")
	case2 = create(f.clerk)
	if _, err := f.s.AssignLeader(f.ctx, f.admin, case2.ID, f.leader.ID, model.MustDate("2026-07-03"), ""); err != nil {
		t.Fatal(err)
	}
	return f, case1, case2
}

func TestAuditQueryFilters(t *testing.T) {
	f, case1, case2 := auditFx(t)
	everything, err := f.s.AuditLog(f.ctx, f.admin, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	// want is the reference: the filter written as a loop over every entry.
	want := func(keep func(e model.AuditEntry) bool) []int64 {
		var out []int64
		for _, e := range everything {
			if keep(e) {
				out = append(out, e.ID)
			}
		}
		return out
	}
	onDays := func(e model.AuditEntry, from, to string) bool {
		d := model.DateOf(e.At.In(time.Local)).String()
		return d >= from && d <= to
	}
	tests := []struct {
		name   string
		filter model.AuditFilter
		want   []int64
	}{
		{"everything", model.AuditFilter{}, want(func(model.AuditEntry) bool { return true })},
		{"clerk, 07-01..07-02", model.AuditFilter{Actor: "clerk", From: model.MustDate("2026-07-01"), To: model.MustDate("2026-07-02")},
			want(func(e model.AuditEntry) bool { return e.Actor == "clerk" && onDays(e, "2026-07-01", "2026-07-02") })},
		{"admin on 07-03 only", model.AuditFilter{Actor: "admin", From: model.MustDate("2026-07-03"), To: model.MustDate("2026-07-03")},
			want(func(e model.AuditEntry) bool { return e.Actor == "admin" && onDays(e, "2026-07-03", "2026-07-03") })},
		{"since 07-02", model.AuditFilter{From: model.MustDate("2026-07-02")},
			want(func(e model.AuditEntry) bool { return onDays(e, "2026-07-02", "9999") })},
		{"until 06-30", model.AuditFilter{To: model.MustDate("2026-06-30")},
			want(func(e model.AuditEntry) bool { return onDays(e, "0000", "2026-06-30") })},
		{"case 1 by number", model.AuditFilter{CaseNo: " " + case1.No + " "},
			want(func(e model.AuditEntry) bool { return e.CaseID != nil && *e.CaseID == case1.ID })},
		{"unknown case number", model.AuditFilter{CaseNo: "无此编号"}, nil},
		{"unknown user", model.AuditFilter{Actor: "nobody"}, nil},
	}
	for _, tt := range tests {
		rows, next, err := f.s.AuditQuery(f.ctx, f.admin, tt.filter)
		if err != nil {
			t.Fatalf("%s: AuditQuery(%+v) error: %v", tt.name, tt.filter, err)
		}
		var got []int64
		for _, r := range rows {
			got = append(got, r.ID)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: AuditQuery(%+v) ids = %v, want %v", tt.name, tt.filter, got, tt.want)
		}
		if next != 0 {
			t.Errorf("%s: next = %d after a short page, want 0", tt.name, next)
		}
	}

	// The clerk's entries on 07-01..07-02: case 1's registration (with its new petitioner)
	// and decision, newest first; the case's own entries carry its number.
	rows, _, _ := f.s.AuditQuery(f.ctx, f.admin, tests[1].filter)
	var got []string
	for _, r := range rows {
		got = append(got, r.Action+" "+r.CaseNo)
	}
	if want := []string{"case.decide " + case1.No, "case.create " + case1.No, "petitioner.create "}; !slices.Equal(got, want) {
		t.Errorf("clerk's entries 07-01..07-02 = %q, want %q", got, want)
	}
	if rows, _, _ := f.s.AuditQuery(f.ctx, f.admin, model.AuditFilter{CaseNo: case2.No}); len(rows) < 2 {
		t.Errorf("case 2 has %d entries, want its creation and assignment at least", len(rows))
	}
}

func TestAuditQueryPages(t *testing.T) {
	f, _, _ := auditFx(t)
	all, _, err := f.s.AuditQuery(f.ctx, f.clerk, model.AuditFilter{Actor: "admin"})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 5 {
		t.Fatalf("fixture has %d admin entries, want at least 5 to page", len(all))
	}
	var paged []model.AuditRow
	var before int64
	pages := 0
	for {
		rows, next, err := f.s.AuditQuery(f.ctx, f.clerk, model.AuditFilter{Actor: "admin", BeforeID: before, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		pages++
		paged = append(paged, rows...)
		if next == 0 {
			break
		}
		if next != rows[len(rows)-1].ID {
			t.Fatalf("page %d: next = %d, want the last row's id %d", pages, next, rows[len(rows)-1].ID)
		}
		before = next
	}
	if want := (len(all) + 1) / 2; pages != want {
		t.Errorf("%d entries in pages of 2 took %d pages, want %d", len(all), pages, want)
	}
	if !slices.EqualFunc(paged, all, func(a, b model.AuditRow) bool { return a.ID == b.ID }) {
		t.Error("pages of 2 differ from the single page: an entry was skipped or repeated")
	}
}

func TestAuditQueryRefusesAndChecks(t *testing.T) {
	f, _, _ := auditFx(t)
	if _, _, err := f.s.AuditQuery(f.ctx, f.viewer, model.AuditFilter{}); !errors.Is(err, ErrForbidden) {
		t.Errorf("AuditQuery(viewer) error = %v, want ErrForbidden", err)
	}
	if _, _, err := f.s.AuditQuery(f.ctx, f.lead, model.AuditFilter{}); !errors.Is(err, ErrForbidden) {
		t.Errorf("AuditQuery(leader) error = %v, want ErrForbidden", err)
	}
	_, _, err := f.s.AuditQuery(f.ctx, f.admin, model.AuditFilter{From: model.MustDate("2026-07-03"), To: model.MustDate("2026-07-01")})
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("AuditQuery(to before from) error = %v, want ErrInvalid", err)
	}
}
