package ui

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/glebarez/go-sqlite" // to tamper with the audit log behind the store's back
	"github.com/xuri/excelize/v2"

	"fyne.io/fyne/v2/test"

	"baoan/model"
	"baoan/store"
)

// auditStore is a database whose audit log was written by the admin on 10-30 and 11-02
// and by the clerk on 11-01 and 11-02 (10:00 local time onwards), with one case.
func auditStore(t *testing.T) (*store.Store, model.Case) {
	t.Helper()
	s := openTestStore(t)
	ctx := context.Background()
	tick := time.Now()
	s.SetClock(func() time.Time { tick = tick.Add(time.Second); return tick })
	at := func(day string) {
		d := model.MustDate(day)
		tick = time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, time.Local)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("fixture: %v", err)
		}
	}
	old := model.Now
	model.Now = func() model.Date { return testToday }
	defer func() { model.Now = old }()

	at("2026-10-30")
	street, err := s.CreateUnit(ctx, actAdmin, model.Unit{Name: "和平街道", Kind: model.UnitStreet})
	must(err)
	cat, err := s.CreateCategory(ctx, actAdmin, model.Category{Name: "劳动社保"})
	must(err)
	at("2026-11-01")
	c, err := s.CreateCase(ctx, actClerk, model.Case{Channel: model.ChannelLetter, ReceivedOn: model.MustDate("2026-11-01"), HeadCount: 1,
		CategoryID: cat.ID, StreetID: street.ID, Summary: "反映噪声扰民"}, []model.Petitioner{{Name: "李四"}})
	must(err)
	at("2026-11-02")
	_, err = s.Decide(ctx, actClerk, c.ID, c.Version, model.DecisionAccept, model.MustDate("2026-11-02"), "")
	must(err)
	_, err = s.CreateLeader(ctx, actAdmin, model.Leader{Name: "王建国", Level: model.LevelDistrict})
	must(err)
	return s, c
}

// auditWant is the reference: the ids of every entry keep accepts, newest first.
func auditWant(t *testing.T, s *store.Store, keep func(e model.AuditEntry) bool) []int64 {
	t.Helper()
	all, err := s.AuditLog(context.Background(), actAdmin, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []int64
	for _, e := range all {
		if keep(e) {
			out = append(out, e.ID)
		}
	}
	return out
}

func auditIDs(l *auditLog) []int64 {
	var out []int64
	for _, r := range l.rows {
		out = append(out, r.ID)
	}
	return out
}

func localDay(e model.AuditEntry) string { return model.DateOf(e.At.In(time.Local)).String() }

func TestAuditLogFilterByUserAndDays(t *testing.T) {
	s, c := auditStore(t)
	e, _ := adminEnv(t, s, actAdmin)
	l := newAuditLog(e)
	showScreen(e, l.view)
	if got, want := auditIDs(l), auditWant(t, s, func(model.AuditEntry) bool { return true }); !slices.Equal(got, want) {
		t.Fatalf("unfiltered log = %v, want %v", got, want)
	}

	tests := []struct {
		user, caseNo, from, to string
		keep                   func(e model.AuditEntry) bool
	}{
		{"clerk", "", "2026-11-01", "2026-11-02", func(e model.AuditEntry) bool {
			return e.Actor == "clerk" && localDay(e) >= "2026-11-01" && localDay(e) <= "2026-11-02"
		}},
		{"clerk", "", "2026-11-02", "2026-11-02", func(e model.AuditEntry) bool { return e.Actor == "clerk" && localDay(e) == "2026-11-02" }},
		{"", "", "", "2026-10-30", func(e model.AuditEntry) bool { return localDay(e) <= "2026-10-30" }},
		{"admin", "", "2026-11-01", "", func(e model.AuditEntry) bool { return e.Actor == "admin" && localDay(e) >= "2026-11-01" }},
		{"", c.No, "", "", func(e model.AuditEntry) bool { return e.CaseID != nil && *e.CaseID == c.ID }},
	}
	for _, tt := range tests {
		l.user.SetText(tt.user)
		l.caseNo.SetText(tt.caseNo)
		l.from.SetText(tt.from)
		l.to.SetText(tt.to)
		test.Tap(l.search)
		e.bg.drain()
		want := auditWant(t, s, tt.keep)
		if got := auditIDs(l); !slices.Equal(got, want) || len(want) == 0 {
			t.Errorf("filter user %q case %q %s..%s: ids %v, want %v (not empty)", tt.user, tt.caseNo, tt.from, tt.to, got, want)
		}
		if got, want := l.count.Text, "共 "+strconv.Itoa(len(want))+" 条"; got != want {
			t.Errorf("count label = %q, want %q", got, want)
		}
	}

	// The clerk on 11-02 decided the case: the row shows when, who, what and which case.
	l.user.SetText("clerk")
	l.caseNo.SetText("")
	l.from.SetText("2026-11-02")
	l.to.SetText("2026-11-02")
	test.Tap(l.search)
	e.bg.drain()
	row := gridRowText(l.table, 0, alColumns)
	if !strings.HasPrefix(row[alTime], "2026-11-02 10:00:") || row[alActor] != "clerk" || row[alAction] != "case.decide" || row[alCase] != c.No || !strings.Contains(row[alChanges], "decision: — → accept") {
		t.Errorf("decision row = %q, want 11-02 clerk case.decide %s with decision: — → accept", row, c.No)
	}

	l.from.SetText("2026-13-01")
	test.Tap(l.search)
	if got := overlayText(e.win); !strings.Contains(got, "起始日期有误") {
		t.Errorf("a bad From day shows %q, want the date message", got)
	}
}

func TestAuditLogPagesAndExport(t *testing.T) {
	s, c := auditStore(t)
	e, _ := adminEnv(t, s, actAdmin)
	l := newAuditLog(e)
	showScreen(e, l.view)
	want := auditIDs(l)

	l.pageSize = 2
	test.Tap(l.search)
	e.bg.drain()
	for range len(want) {
		l.table.ScrollToBottom()
		e.bg.drain()
	}
	if got := auditIDs(l); !slices.Equal(got, want) {
		t.Errorf("paged by 2: ids %v, want %v", got, want)
	}

	path := filepath.Join(t.TempDir(), "audit.xlsx")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	l.exportTo(f, model.AuditFilter{CaseNo: c.No})
	e.bg.drain()
	if got := overlayText(e.win); !strings.Contains(got, "已导出") {
		t.Errorf("after export the dialog says %q, want 已导出 …", got)
	}
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("open the exported workbook: %v", err)
	}
	defer x.Close()
	rows, err := x.GetRows("操作日志")
	if err != nil {
		t.Fatalf("read sheet 操作日志: %v", err)
	}
	caseIDs := auditWant(t, s, func(e model.AuditEntry) bool { return e.CaseID != nil && *e.CaseID == c.ID })
	if len(rows) != 1+len(caseIDs) {
		t.Fatalf("workbook has %d rows, want a header and %d entries", len(rows), len(caseIDs))
	}
	if want := []string{"序号", "时间", "操作人", "操作", "对象", "信访编号", "变更内容"}; !slices.Equal(rows[0], want) {
		t.Errorf("header = %q, want %q", rows[0], want)
	}
	for i, id := range caseIDs {
		r := rows[i+1]
		if r[0] != strconv.FormatInt(id, 10) || r[5] != c.No {
			t.Errorf("workbook row %d = %q, want entry %d of case %s", i+2, r, id, c.No)
		}
	}
}

func TestAuditLogVerify(t *testing.T) {
	s, _ := auditStore(t)
	e, _ := adminEnv(t, s, actAdmin)
	l := newAuditLog(e)
	showScreen(e, l.view)

	test.Tap(l.verify)
	e.bg.drain()
	if got := overlayText(e.win); !strings.Contains(got, "校验通过") {
		t.Errorf("verify on an intact log shows %q, want 校验通过", got)
	}
	dismissOverlays(e.win)

	db, err := sql.Open("sqlite", s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE audit_entries SET actor = 'mallory' WHERE id = 3`); err != nil {
		t.Fatal(err)
	}
	test.Tap(l.verify)
	e.bg.drain()
	if got := overlayText(e.win); !strings.Contains(got, "校验未通过：从第 3 条记录起") {
		t.Errorf("verify after changing entry 3 shows %q, want it named", got)
	}
}
