package store

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"baoan/model"
)

// The statistics benchmark runs on a large office: by default 1,000,000 cases received
// evenly over the 24 months 2024-07-01 … 2026-06-30, the database's "today" being
// 2026-06-30. BAOAN_BENCH_CASES sets another size. The file is built once with a few
// INSERT … SELECT statements over a recursive counter and kept in os.TempDir(), named by
// the size and a hash of the schema and of the fixture SQL, so a changed schema (a new
// index) builds a fresh file.
//
// Distributions (per case, from fixed arithmetic on the case number, so every build is
// the same): channels 来访 25% · 来信 20% · 网上 20% · 12345 15% · 来电 10% · 网格员 5% ·
// 领导接访 3% · 其他 2%; 20 streets, 30 categories; decision 受理 ~77%, 交办 ~7%, 转送 ~8%,
// 不予受理 ~6%, never decided 0.3% (and those received in the last days); decided within
// 15 days for 90%, 15–44 days late otherwise; 5% extended by 30 days; of the handled
// cases 1% stay open, ~10% close late, the rest close within 5–59 days; ratings 满意
// 55%, 基本满意 25%, 不满意 8%, 未评价 12%; 上门回访 for ~60% of closed cases; 重复信访
// 12%, 积案 3%; 包案 for 30% of cases by 40 leaders, 销号 for 95% of the closed ones;
// 1.5 visits per case (every case one of 接访/约访/走访, every second case a 回访 or
// 走访), 80% led by a recorded leader, those after "today" planned.

const statsBenchFixtureSQL = `
INSERT INTO units(id, name, kind, parent_id, sort, active) VALUES (1, '本区', 'district', NULL, 0, TRUE);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20)
INSERT INTO units(id, name, kind, parent_id, sort, active) SELECT 1 + i, '街道' || i, 'street', 1, i, TRUE FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30)
INSERT INTO categories(id, name, sort, active) SELECT i, '类别' || i, i, TRUE FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
INSERT INTO leaders(id, name, title, level, phone, active) SELECT i, '领导' || i, '', 'section', '', TRUE FROM n;

WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @N),
r AS (SELECT i,
        date('2024-07-01', '+' || (i * 730 / (@N + 1)) || ' days') AS recv,
        (i * 7919) % 997 AS r1, (i * 104729) % 991 AS r2, (i * 1299709) % 983 AS r3,
        (i * 15485863) % 977 AS r4, (i * 32452843) % 971 AS r5, (i * 49979687) % 967 AS r6
      FROM n),
d AS (SELECT *,
        CASE WHEN r2 < 3 THEN '' WHEN r2 < 783 THEN 'accept' WHEN r2 < 853 THEN 'assign'
             WHEN r2 < 933 THEN 'transfer' ELSE 'not_accept' END AS dec0,
        date(recv, '+' || (CASE WHEN r3 < 885 THEN 1 + r3 % 14 ELSE 15 + r3 % 30 END) || ' days') AS dec_on0
      FROM r),
e AS (SELECT *,
        CASE WHEN dec0 = '' OR dec_on0 > '2026-06-30' THEN '' ELSE dec0 END AS dec,
        CASE WHEN dec0 = '' OR dec_on0 > '2026-06-30' THEN NULL ELSE dec_on0 END AS dec_on
      FROM d),
f AS (SELECT *,
        CASE WHEN dec IN ('accept', 'assign') THEN date(dec_on, '+60 days') END AS reply_due,
        CASE WHEN dec IN ('accept', 'assign') AND r6 < 48 THEN date(dec_on, '+90 days') END AS ext_due
      FROM e),
g AS (SELECT *, COALESCE(ext_due, reply_due) AS due,
        CASE WHEN reply_due IS NULL OR r4 < 10 THEN NULL
             WHEN r4 < 110 THEN date(COALESCE(ext_due, reply_due), '+' || (1 + r4 % 40) || ' days')
             ELSE date(dec_on, '+' || (5 + r4 % 55) || ' days') END AS close0
      FROM f),
h AS (SELECT *, CASE WHEN close0 <= '2026-06-30' THEN close0 END AS closed FROM g)
INSERT INTO cases(id, case_no, year, seq, channel, received_on, head_count, category_id, summary,
  street_id, status, decision, decided_on, accept_due, reply_due, extended_due, due_on, closed_on,
  rating, first_follow_up_on, stopped_on, repeat, backlog, created_at, updated_at)
SELECT i, 'B' || i, CAST(substr(recv, 1, 4) AS INTEGER), i,
  CASE WHEN r1 < 250 THEN 'visit' WHEN r1 < 450 THEN 'letter' WHEN r1 < 650 THEN 'online'
       WHEN r1 < 800 THEN 'hotline' WHEN r1 < 900 THEN 'phone' WHEN r1 < 950 THEN 'grid'
       WHEN r1 < 980 THEN 'leader' ELSE 'other' END,
  recv, 1, 1 + (i * 409 % 983) % 30, '事项', 2 + (i * 613 % 997) % 20,
  CASE WHEN closed IS NOT NULL THEN 'closed' WHEN dec = '' THEN 'registered'
       WHEN dec = 'not_accept' THEN 'not_accepted' WHEN dec = 'transfer' THEN 'transferred' ELSE 'handling' END,
  dec, dec_on, date(recv, '+15 days'), reply_due, ext_due, due, closed,
  CASE WHEN closed IS NULL THEN '' WHEN r5 < 534 THEN 'satisfied' WHEN r5 < 777 THEN 'basically'
       WHEN r5 < 855 THEN 'dissatisfied' ELSE '' END,
  CASE WHEN closed IS NOT NULL AND r5 % 10 < 6 AND date(closed, '+' || (3 + r5 % 18) || ' days') <= '2026-06-30'
       THEN date(closed, '+' || (3 + r5 % 18) || ' days') END,
  CASE WHEN closed IS NOT NULL AND (i * 211 % 997) < 30 AND r5 % 2 = 0
        AND date(closed, '+' || (10 + r4 % 50) || ' days') <= '2026-06-30'
       THEN date(closed, '+' || (10 + r4 % 50) || ' days') END,
  r6 % 100 < 12, (i * 211 % 997) < 30,
  '2026-06-30 00:00:00', '2026-06-30 00:00:00'
FROM h;

INSERT INTO assignments(case_id, leader_id, assigned_on, struck_off_on, created_at, updated_at)
SELECT id, 1 + (id * 13 % 997) % 40, date(COALESCE(decided_on, received_on), '+' || (id % 5) || ' days'),
  CASE WHEN closed_on IS NOT NULL AND id % 20 < 19 AND date(closed_on, '+' || (10 + id % 30) || ' days') <= '2026-06-30'
       THEN date(closed_on, '+' || (10 + id % 30) || ' days') END,
  '2026-06-30 00:00:00', '2026-06-30 00:00:00'
FROM cases WHERE id * 7 % 10 < 3 AND date(COALESCE(decided_on, received_on), '+' || (id % 5) || ' days') <= '2026-06-30';

WITH k(k) AS (SELECT 0 UNION ALL SELECT 1),
v AS (SELECT c.id, k.k,
        CASE WHEN k.k = 0 THEN date(c.received_on, '+' || (c.id % 20) || ' days')
             ELSE COALESCE(c.first_follow_up_on, date(c.received_on, '+' || (30 + c.id % 40) || ' days')) END AS day,
        CASE WHEN k.k = 1 AND c.first_follow_up_on IS NOT NULL THEN 'followup'
             WHEN k.k = 1 THEN 'home'
             WHEN c.id % 3 = 0 THEN 'reception' WHEN c.id % 3 = 1 THEN 'appointment' ELSE 'home' END AS kind,
        CASE WHEN c.id % 5 = 4 THEN NULL ELSE COALESCE(a.leader_id, 1 + (c.id * 17 % 991) % 40) END AS leader
      FROM cases c CROSS JOIN k LEFT JOIN assignments a ON a.case_id = c.id
      WHERE k.k = 0 OR c.id % 2 = 0)
INSERT INTO visits(case_id, kind, visited_on, leader_id, planned, created_at)
SELECT id, kind, day, leader, day > '2026-06-30', '2026-06-30 00:00:00' FROM v;
`

// statsBenchStore opens the cached fixture database, building it when missing.
func statsBenchStore(b *testing.B) *Store {
	b.Helper()
	n := 1_000_000
	if v := os.Getenv("BAOAN_BENCH_CASES"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			b.Fatalf("BAOAN_BENCH_CASES=%q: want a positive whole number", v)
		}
	}
	schema, err := migrationFiles.ReadFile("migrations/001_initial.sql")
	if err != nil {
		b.Fatal(err)
	}
	sum := sha256.Sum256(append(schema, statsBenchFixtureSQL...))
	path := filepath.Join(os.TempDir(), fmt.Sprintf("baoan-stats-bench-%d-%x.db", n, sum[:6]))
	if s, err := Open(path); err == nil {
		var done string
		s.db.Raw(`SELECT value FROM settings WHERE key = 'bench_fixture'`).Scan(&done)
		if done == strconv.Itoa(n) {
			return s
		}
		s.Close()
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
	s, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("building %d-case fixture in %s", n, path)
	start := time.Now()
	err = s.tx(context.Background(), func(tx *gorm.DB) error {
		// Filling tables without their indexes and triggers, then creating those, is
		// several times faster than keeping a dozen indexes up to date row by row.
		var later []struct{ Name, SQL string }
		if err := tx.Raw(`SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')
			AND tbl_name IN ('cases', 'assignments', 'visits') AND sql IS NOT NULL`).Scan(&later).Error; err != nil {
			return err
		}
		for _, o := range later {
			kind := "INDEX"
			if strings.HasPrefix(strings.ToUpper(o.SQL), "CREATE TRIGGER") {
				kind = "TRIGGER"
			}
			if err := tx.Exec("DROP " + kind + " " + o.Name).Error; err != nil {
				return err
			}
		}
		for _, stmt := range splitSQL(statsBenchFixtureSQL) {
			var args []any
			if strings.Contains(stmt, "@N") {
				args = append(args, map[string]any{"N": n})
			}
			if err := tx.Exec(stmt, args...).Error; err != nil {
				return fmt.Errorf("%w\n%s", err, stmt)
			}
		}
		for _, o := range later {
			if err := tx.Exec(o.SQL).Error; err != nil {
				return fmt.Errorf("%w\n%s", err, o.SQL)
			}
		}
		if err := tx.Exec(`INSERT INTO case_fts(case_fts) VALUES ('rebuild')`).Error; err != nil {
			return err
		}
		return tx.Exec(`INSERT INTO settings(key, value) VALUES ('bench_fixture', ?)`, strconv.Itoa(n)).Error
	})
	if err != nil {
		s.Close()
		b.Fatal(err)
	}
	b.Logf("built in %v", time.Since(start).Round(time.Second))
	s.db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	return s
}

// BenchmarkMonthlyStats is one month's Stats: the last month of the data (the report
// just after month end, target < 25 ms) and a month a year earlier.
func BenchmarkMonthlyStats(b *testing.B) {
	s := statsBenchStore(b)
	defer s.Close()
	ctx := context.Background()
	for _, m := range []struct {
		name string
		p    model.Period
	}{{"2026-06", model.MonthPeriod(2026, 6)}, {"2025-06", model.MonthPeriod(2025, 6)}} {
		b.Run(m.name, func(b *testing.B) {
			st, err := s.Stats(ctx, m.p) // warm the page cache of the pool's connections
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: received %d closed %d overdue %d leaders %d", m.name, st.Received, st.Closed, st.OverdueOpen, len(st.ByLeader))
			for b.Loop() {
				if _, err := s.Stats(ctx, m.p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkStatsQueries times each aggregate query of Stats alone, to find the slow one.
func BenchmarkStatsQueries(b *testing.B) {
	s := statsBenchStore(b)
	defer s.Close()
	p := model.MonthPeriod(2026, 6)
	args := statsArgs(p)
	for _, q := range statsQueries {
		b.Run(q.name, func(b *testing.B) {
			var plan []struct {
				ID, Parent, Notused int
				Detail              string
			}
			s.db.Raw("EXPLAIN QUERY PLAN "+q.sql, args).Scan(&plan)
			for _, l := range plan {
				b.Logf("%s: %d %d %s", q.name, l.ID, l.Parent, l.Detail)
			}
			for b.Loop() {
				if _, err := s.runStatsQuery(context.Background(), q, args); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkMonthlySeries is the report's twelve-month chart.
func BenchmarkMonthlySeries(b *testing.B) {
	s := statsBenchStore(b)
	defer s.Close()
	for b.Loop() {
		if _, err := s.MonthlySeries(context.Background(), model.MonthPeriod(2026, 6), 12); err != nil {
			b.Fatal(err)
		}
	}
}
