package cli

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"baoan/model"
)

func TestMigrateUsage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "office.db")
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--db", db, "migrate"}, ExitUsage, "需要 --to"},
		{[]string{"--db", db, "migrate", "--to", "/srv/other.db"}, ExitUsage, "PostgreSQL 连接串"},
		{[]string{"--db", "postgres://u@h/db", "migrate", "--to", "postgres://u@h/db2"}, ExitUsage, "已是 PostgreSQL"},
		{[]string{"--db", db, "migrate", "--to", "postgres://u@h/db", "extra"}, ExitUsage, "不认识参数"},
		{[]string{"--db", db, "migrate", "--to", "postgres://u@h/db"}, ExitUser, "找不到要迁移的数据库文件"},
	} {
		code, _, stderr := runCLI(t, nil, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("baoan %v: exit %d, stderr %q; want %d and %q", tt.args, code, stderr, tt.code, tt.want)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Errorf("a refused migrate created %s", db)
	}
}

// newPGDatabase creates an empty database on the server named by BAOAN_TEST_PG for this
// test and returns its DSN; the test's cleanup drops it. suffix tells a test's databases
// apart.
func newPGDatabase(t *testing.T, suffix string) string {
	t.Helper()
	admin := os.Getenv("BAOAN_TEST_PG")
	if admin == "" {
		t.Skip("needs a PostgreSQL server: set BAOAN_TEST_PG (make test does when it is set; .ci/run sets it)")
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("BAOAN_TEST_PG: %v", err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	name := fmt.Sprintf("baoan_cli_test_%d_%s", os.Getpid(), suffix)
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+pgx.Identifier{name}.Sanitize()); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	t.Cleanup(func() { conn.Exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`) })
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// TestMigrateDemoOffice moves a demo office from SQLite to PostgreSQL through the
// command line and finds the same statistics there; then fills a second PostgreSQL
// database with demo data directly (the bulk-load path) and reads it back.
func TestMigrateDemoOffice(t *testing.T) {
	pg := newPGDatabase(t, "migrated")
	db := filepath.Join(t.TempDir(), "office.db")
	if code, _, stderr := runCLI(t, nil, "--db", db, "demo", "--cases", "400"); code != ExitOK {
		t.Fatalf("demo: exit %d, %s", code, stderr)
	}
	code, out, stderr := runCLI(t, nil, "--db", db, "migrate", "--to", pg)
	if code != ExitOK {
		t.Fatalf("migrate: exit %d\nstdout %s\nstderr %s", code, out, stderr)
	}
	for _, want := range []string{"迁移完成", "cases", "一致", "操作记录链核验通过"} {
		if !strings.Contains(out, want) {
			t.Errorf("migrate output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(stderr, "cases：") {
		t.Errorf("migrate progress on stderr = %q, want a line per table", stderr)
	}
	month := model.Today().AddDays(-model.Today().Day() - 1).String()[:7] // last month
	_, want, _ := runCLI(t, nil, "--db", db, "stats", "--month", month, "--json")
	code, got, stderr := runCLI(t, nil, "--db", pg, "stats", "--month", month, "--json")
	if code != ExitOK || got != want || !strings.Contains(got, `"received"`) {
		t.Errorf("stats on PostgreSQL after migrate: exit %d (%s)\n%s\nwant (SQLite)\n%s", code, stderr, got, want)
	}
	if code, _, stderr := runCLI(t, nil, "--db", pg, "audit", "verify"); code != ExitOK {
		t.Errorf("audit verify on PostgreSQL after migrate: exit %d, %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, nil, "--db", db, "migrate", "--to", pg); code != ExitUser || !strings.Contains(stderr, "不是空的") {
		t.Errorf("second migrate into the same database: exit %d, %q; want 1 saying it is not empty", code, stderr)
	}

	direct := newPGDatabase(t, "direct")
	if code, out, stderr := runCLI(t, nil, "--db", direct, "demo", "--cases", "400"); code != ExitOK || !strings.Contains(out, "400") {
		t.Fatalf("demo on PostgreSQL: exit %d\n%s\n%s", code, out, stderr)
	}
	if code, got, stderr := runCLI(t, nil, "--db", direct, "stats", "--month", month, "--json"); code != ExitOK || !strings.Contains(got, `"received"`) {
		t.Errorf("stats on a PostgreSQL demo: exit %d, %s", code, stderr)
	}
}
