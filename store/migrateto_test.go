package store

import (
	"errors"
	"strings"
	"testing"

	"baoan/model"
)

// fullOffice is a SQLite office database with rows in every table: dictionaries, a
// leader's areas, cases in several states with 包案, duties, 稳控 log, visits, an
// extension, a supervision, a 复查 stage, an attachment holding every byte value, a
// reception day, accounts, holidays, settings and the audit trail of all of it.
func fullOffice(t *testing.T) *fx {
	t.Helper()
	f := newFxOn(t, openSQLite(t))
	check := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("fixture %s: %v", what, err)
		}
	}
	d := model.MustDate
	check("leader areas", f.s.SetLeaderAreas(f.ctx, f.admin, f.leader.ID, []int64{f.street.ID, f.street2.ID}))
	f.newCase(func(c *model.Case) { c.CommunityID = &f.community.ID; c.Note = "含引号\"'与反斜杠\\的备注" })
	handling := f.handling()
	handling, err := f.s.Extend(f.ctx, f.admin, handling.ID, handling.Version, model.Extension{Approver: "刘局长", ApprovedOn: d("2026-04-20"), Reason: "情况复杂", NewDue: handling.ReplyDue.AddDays(10)})
	check("extend", err)
	_, err = f.s.AddSupervision(f.ctx, f.admin, model.Supervision{CaseID: handling.ID, Issuer: "市信访局", IssuedOn: d("2026-04-01"), Demand: "限期办结"})
	check("supervise", err)
	closed := f.closed()
	ad := f.carried(closed)
	du := ad.Duties[0]
	du.Status, du.Note, du.UpdatedOn = model.DutyDone, "已约谈", d("2026-04-02")
	_, err = f.s.UpdateDuty(f.ctx, f.admin, du)
	check("duty", err)
	_, err = f.s.AddStabilityLog(f.ctx, f.admin, model.StabilityLog{AssignmentID: ad.ID, Note: "信访人情绪平稳", LoggedOn: d("2026-04-01")})
	check("stability log", err)
	_, err = f.s.AddVisit(f.ctx, f.admin, model.Visit{CaseID: closed.ID, Kind: model.VisitFollowUp, VisitedOn: d("2026-06-12"), Rating: model.RatingSatisfied})
	check("visit", err)
	cur, err := f.s.GetCase(f.ctx, f.admin, closed.ID)
	check("read case", err)
	closed, err = f.s.Rate(f.ctx, f.admin, closed.ID, cur.Version, model.RatingDissatisfied, d("2026-06-15"))
	check("rate", err)
	_, err = f.s.RequestStage(f.ctx, f.admin, closed.ID, closed.Version, model.StageReview, d("2026-06-18"), "区政府")
	check("stage", err)
	blob := make([]byte, 256)
	for i := range blob {
		blob[i] = byte(i)
	}
	_, err = f.s.AddAttachment(f.ctx, f.admin, closed.ID, "扫描件.bin", "application/octet-stream", blob)
	check("attachment", err)
	_, err = f.s.AddReceptionDay(f.ctx, f.admin, model.ReceptionDay{LeaderID: f.leader.ID, Day: d("2026-07-08"), Place: "区信访接待大厅"})
	check("reception day", err)
	_, err = f.s.CreateUser(f.ctx, f.admin, model.User{Login: "wangjg", Name: "王建国", Role: model.RoleLeader, LeaderID: &f.leader.ID, Active: true}, "Baoan-2026!")
	check("user", err)
	check("holiday", f.s.PutHoliday(f.ctx, f.admin, model.Holiday{Day: d("2026-12-31"), Kind: model.HolidayOff, Name: "调休"}))
	check("setting", f.s.SetSetting(f.ctx, f.admin, SettingCasePrefix, "宝信"))
	return f
}

func TestMigrateToRefuses(t *testing.T) {
	f := newFxOn(t, openSQLite(t))
	for _, target := range []string{"/srv/baoan/new.db", "mysql://u@h/db", ""} {
		if _, err := f.s.MigrateTo(f.ctx, f.admin, target, nil); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "postgres://") {
			t.Errorf("MigrateTo(%q) = %v, want ErrInvalid saying a postgres:// DSN is needed", target, err)
		}
	}
	// Nothing listens on port 1: the error is the connection's, in the open error's words.
	if _, err := f.s.MigrateTo(f.ctx, f.admin, "postgres://baoan@127.0.0.1:1/baoan?sslmode=disable&connect_timeout=5", nil); err == nil || !strings.Contains(err.Error(), "无法打开目标 PostgreSQL 数据库") || !strings.Contains(err.Error(), "127.0.0.1:1") {
		t.Errorf("MigrateTo(unreachable server) = %v, want the open error", err)
	}
}

// A connection string's password never reaches a log, a message or the screen.
func TestRedactDSN(t *testing.T) {
	for dsn, want := range map[string]string{
		"postgres://baoan:s3cret@db:5432/baoan":           "postgres://baoan:***@db:5432/baoan",
		"postgres://baoan@db/baoan?sslmode=disable":       "postgres://baoan@db/baoan?sslmode=disable",
		"host=db user=baoan password=s3cret dbname=baoan": "host=db user=baoan password=*** dbname=baoan",
		"host=db password = 'se cr\\'et' dbname=baoan":    "host=db password = *** dbname=baoan",
		"/home/clerk/.config/baoan/baoan.db":              "/home/clerk/.config/baoan/baoan.db",
	} {
		if got := RedactDSN(dsn); got != want {
			t.Errorf("RedactDSN(%q) = %q; want %q", dsn, got, want)
		}
	}
}

// TestMigrateToPostgres moves a SQLite office database with rows in every table to
// PostgreSQL and checks that nothing was lost: the report compares counts and checksums,
// and the PostgreSQL store reads every case, account, setting and holiday as SQLite did,
// verifies the copied audit chain and goes on numbering after the copied ids.
func TestMigrateToPostgres(t *testing.T) {
	if testPG() == "" {
		t.Skip("needs a PostgreSQL server: set " + pgEnv + " (make test does when it is set; .ci/run sets it)")
	}
	f := fullOffice(t)
	dsn := emptyPG(t)
	var heard []string
	rep, err := f.s.MigrateTo(f.ctx, f.admin, dsn, func(tc TableCopy) { heard = append(heard, tc.Table) })
	if err != nil {
		t.Fatalf("MigrateTo: %v", err)
	}
	if !rep.OK() || len(heard) != len(rep.Tables) {
		t.Fatalf("MigrateTo report (progress heard %d tables):\n%s", len(heard), rep)
	}
	copied := map[string]TableCopy{}
	for _, tc := range rep.Tables {
		copied[tc.Table] = tc
	}
	counts := f.counts()
	for table, n := range counts {
		tc, ok := copied[table]
		if !ok || tc.Rows != n || tc.Copied != n || n == 0 {
			t.Errorf("table %s: report %+v, SQLite has %d rows; want every row copied (and the fixture to fill it)", table, tc, n)
		}
	}
	for _, want := range []string{"cases", "一致", "操作记录链核验通过"} {
		if !strings.Contains(rep.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, rep)
		}
	}

	pg := openAt(t, dsn)
	pinClock(t, pg)
	after := *f
	after.s = pg
	for table, n := range after.counts() {
		want := counts[table]
		if table == "audit_entries" {
			want++ // the migration records itself
		}
		if n != want {
			t.Errorf("PostgreSQL table %s has %d rows, want %d", table, n, want)
		}
	}
	var ids []int64
	f.s.db.Raw(`SELECT id FROM cases ORDER BY id`).Scan(&ids)
	for _, id := range ids {
		want, err := f.s.GetCase(f.ctx, f.admin, id)
		if err != nil {
			t.Fatal(err)
		}
		got, err := pg.GetCase(f.ctx, f.admin, id)
		if err != nil {
			t.Fatalf("PostgreSQL GetCase(%d): %v", id, err)
		}
		if g, w := mustJSON(t, got), mustJSON(t, want); g != w {
			t.Errorf("case %d on PostgreSQL =\n%s\nwant\n%s", id, g, w)
		}
		if id == ids[len(ids)-1] {
			data, err := pg.GetAttachmentData(f.ctx, f.admin, got.Attachments[0].ID)
			if err != nil || len(data) != 256 || data[0] != 0 || data[255] != 255 {
				t.Errorf("attachment on PostgreSQL = %d bytes, %v; want the 256 byte values", len(data), err)
			}
		}
	}
	for _, read := range []func(*Store) (any, error){
		func(s *Store) (any, error) { return s.ListUsers(f.ctx, f.admin) },
		func(s *Store) (any, error) { return s.Settings(f.ctx) },
		func(s *Store) (any, error) { return s.Holidays(f.ctx, model.Date{}, model.Date{}) },
		func(s *Store) (any, error) { return s.LeaderAreas(f.ctx, f.leader.ID) },
		func(s *Store) (any, error) { return s.Stats(f.ctx, model.MonthPeriod(2026, 6)) },
	} {
		want, err1 := read(f.s)
		got, err2 := read(pg)
		if g, w := mustJSON(t, got), mustJSON(t, want); err1 != nil || err2 != nil || g != w {
			t.Errorf("PostgreSQL reads %s, %v\nSQLite %s, %v", g, err2, w, err1)
		}
	}
	if _, err := pg.Authenticate(f.ctx, "wangjg", "Baoan-2026!"); err != nil {
		t.Errorf("the copied account cannot log in on PostgreSQL: %v", err)
	}
	if bad, err := pg.VerifyAudit(f.ctx); err != nil {
		t.Errorf("VerifyAudit on PostgreSQL = %d, %v", bad, err)
	}
	// The sequences continue after the copied ids, and numbering after the copied cases.
	c := after.newCase()
	if c.ID <= ids[len(ids)-1] || c.No != model.CaseNumber("宝信", 2026, len(ids)+1) {
		t.Errorf("first case made on PostgreSQL: id %d no %s, want an id after %d numbered %s", c.ID, c.No, ids[len(ids)-1], model.CaseNumber("宝信", 2026, len(ids)+1))
	}

	// A database that holds data is never overwritten.
	if _, err := f.s.MigrateTo(f.ctx, f.admin, dsn, nil); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "不是空的") {
		t.Errorf("MigrateTo a database with data = %v, want ErrInvalid saying it is not empty", err)
	}
	if _, err := pg.MigrateTo(f.ctx, f.admin, emptyPG(t), nil); !errors.Is(err, ErrInvalid) {
		t.Errorf("MigrateTo from PostgreSQL = %v, want ErrInvalid", err)
	}
}

// TestMigrateToRollsBack shows the copy is one transaction: a value PostgreSQL refuses
// (a zero byte in a text) in the last cases leaves the PostgreSQL database as empty as
// it was, and the error names the table and the column.
func TestMigrateToRollsBack(t *testing.T) {
	if testPG() == "" {
		t.Skip("needs a PostgreSQL server: set " + pgEnv)
	}
	f := fullOffice(t)
	c := f.newCase()
	if err := f.s.db.Exec(`UPDATE cases SET note = ? WHERE id = ?`, "坏\x00值", c.ID).Error; err != nil {
		t.Fatal(err)
	}
	dsn := emptyPG(t)
	_, err := f.s.MigrateTo(f.ctx, f.admin, dsn, nil)
	if err == nil || !strings.Contains(err.Error(), "cases") || !strings.Contains(err.Error(), "note") || !strings.Contains(err.Error(), "零字节") {
		t.Fatalf("MigrateTo with a zero byte in cases.note = %v, want an error naming the table, column and cause", err)
	}
	pg := openAt(t, dsn)
	for _, table := range []string{"units", "cases", "audit_entries", "users"} {
		var n int64
		if err := pg.db.Raw(`SELECT COUNT(*) FROM ` + table).Scan(&n).Error; err != nil || n != 0 {
			t.Errorf("after the failed migration PostgreSQL %s has %d rows, %v; want 0", table, n, err)
		}
	}
	// Once the row is corrected the same database takes the copy.
	if err := f.s.db.Exec(`UPDATE cases SET note = '' WHERE id = ?`, c.ID).Error; err != nil {
		t.Fatal(err)
	}
	if rep, err := f.s.MigrateTo(f.ctx, f.admin, dsn, nil); err != nil || !rep.OK() {
		t.Errorf("MigrateTo after the fix = %v\n%s", err, rep)
	}
}

func TestRowSum(t *testing.T) {
	rows := [][]any{
		{int64(1), "甲", true, nil, []byte{0, 1}},
		{int64(2), "乙", false, "x", []byte{}},
		{int64(3), "", false, nil, nil},
	}
	sum := func(order ...int) string {
		r := &rowSum{}
		for _, i := range order {
			r.add(rows[i])
		}
		return r.String()
	}
	if a, b := sum(0, 1, 2), sum(2, 0, 1); a != b {
		t.Errorf("rowSum depends on row order: %s vs %s", a, b)
	}
	base := sum(0, 1, 2)
	for _, changed := range [][]any{
		{int64(1), "甲", false, nil, []byte{0, 1}},
		{int64(1), "甲", true, "", []byte{0, 1}},
		{int64(1), "甲", true, nil, "\x00\x01"},
		{int32(1), "甲 ", true, nil, []byte{0, 1}},
	} {
		r := &rowSum{}
		r.add(changed)
		r.add(rows[1])
		r.add(rows[2])
		if r.String() == base {
			t.Errorf("rowSum missed a change: %v", changed)
		}
	}
	// PostgreSQL returns an integer column as int32 and keeps microseconds.
	a, b := &rowSum{}, &rowSum{}
	a.add([]any{int64(7)})
	b.add([]any{int32(7)})
	if a.String() != b.String() {
		t.Errorf("rowSum tells int32(7) from int64(7)")
	}
}

func TestToPG(t *testing.T) {
	for _, tt := range []struct {
		typ  string
		in   any
		want any
	}{
		{"boolean", int64(1), true},
		{"boolean", int64(0), false},
		{"bigint", int64(42), int64(42)},
		{"bigint", "42", int64(42)},
		{"integer", true, int64(1)},
		{"text", []byte("文本"), "文本"},
		{"text", int64(5), "5"},
		{"bytea", "ab", []byte("ab")},
		{"text", nil, nil},
	} {
		got, err := toPG(tt.typ, tt.in)
		if err != nil || mustJSON(t, got) != mustJSON(t, tt.want) {
			t.Errorf("toPG(%q, %#v) = %#v, %v; want %#v", tt.typ, tt.in, got, err, tt.want)
		}
	}
	got, err := toPG("timestamp with time zone", "2026-06-30 09:00:01.123456789+08:00")
	if err != nil || mustJSON(t, got) != `"2026-06-30T01:00:01.123456789Z"` {
		t.Errorf("toPG(timestamptz, text) = %v, %v", got, err)
	}
	for _, bad := range []struct {
		typ string
		in  any
	}{{"text", "a\x00b"}, {"text", string([]byte{0xff})}, {"bigint", "十"}, {"boolean", "也许"}, {"timestamp with time zone", "昨天"}} {
		if _, err := toPG(bad.typ, bad.in); err == nil {
			t.Errorf("toPG(%q, %q) accepted a value PostgreSQL cannot hold", bad.typ, bad.in)
		}
	}
}
