package store

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// pgEnv names the PostgreSQL server the store tests run against instead of SQLite, as a
// DSN whose role may create databases (e.g. postgres://baoan@127.0.0.1:5432/postgres).
// `make test` runs the store package a second time with it when it is set.
const pgEnv = "BAOAN_TEST_PG"

// testPG is the DSN from pgEnv, "" when the tests run on SQLite.
func testPG() string { return os.Getenv(pgEnv) }

var (
	pgOnce     sync.Once
	pgAdmin    *gorm.DB
	pgTemplate string // a database migrated once, copied for each test
	pgErr      error
	pgSerial   atomic.Int64
)

// pgPrefix starts the name of every database this test process creates; the process id
// tells a later run which ones were left by a run that has ended.
var pgPrefix = fmt.Sprintf("baoan_test_%d_", os.Getpid())

// tempTarget is where a test's own empty database lives: a file in t.TempDir(), or, when
// pgEnv is set, a PostgreSQL database created for this test alone and dropped after it.
func tempTarget(t testing.TB) string {
	t.Helper()
	if testPG() == "" {
		return filepath.Join(t.TempDir(), "sub", "baoan.db")
	}
	return freshPG(t)
}

// freshPG creates a database for one test on the server named by pgEnv and returns its
// DSN. It is a copy of a template that Open migrated once, since migrating costs more
// than copying; TestOpenSchemaOnEitherDialect migrates an empty one (emptyPG). The
// cleanup drops the copy, ending any connection the test left open.
func freshPG(t testing.TB) string {
	t.Helper()
	pgOnce.Do(func() { pgErr = pgSetUp() })
	if pgErr != nil {
		t.Fatalf("%s=%s: %v", pgEnv, testPG(), pgErr)
	}
	return createPG(t, pgTemplate)
}

// emptyPG is a new database without the schema.
func emptyPG(t testing.TB) string {
	t.Helper()
	pgOnce.Do(func() { pgErr = pgSetUp() })
	if pgErr != nil {
		t.Fatalf("%s=%s: %v", pgEnv, testPG(), pgErr)
	}
	return createPG(t, "template1")
}

func createPG(t testing.TB, template string) string {
	t.Helper()
	name := fmt.Sprintf("%s%d", pgPrefix, pgSerial.Add(1))
	if err := pgAdmin.Exec(`CREATE DATABASE ` + name + ` TEMPLATE ` + template).Error; err != nil {
		t.Fatalf("create test database %s: %v", name, err)
	}
	t.Cleanup(func() {
		if err := pgAdmin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`).Error; err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	return pgDSN(name)
}

// pgDSN is the DSN of pgEnv with its database replaced by name.
func pgDSN(name string) string {
	u, _ := url.Parse(testPG()) // checked by pgSetUp
	u.Path = "/" + name
	return u.String()
}

// pgSetUp connects to the server, drops the databases of earlier test runs that have
// ended, and makes this run's template.
func pgSetUp() error {
	if _, err := url.Parse(testPG()); err != nil {
		return err
	}
	var err error
	pgAdmin, err = gorm.Open(postgres.Open(testPG()), &gorm.Config{Logger: logger.Discard})
	if err != nil {
		return err
	}
	var names []string
	if err := pgAdmin.Raw(`SELECT datname FROM pg_database WHERE datname LIKE 'baoan\_test\_%'`).Scan(&names).Error; err != nil {
		return err
	}
	for _, name := range names {
		var pid int
		if _, err := fmt.Sscanf(name, "baoan_test_%d_", &pid); err == nil && pid != os.Getpid() && !processAlive(pid) {
			pgAdmin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
		}
	}
	pgTemplate = pgPrefix + "template"
	if err := pgAdmin.Exec(`CREATE DATABASE ` + pgTemplate).Error; err != nil {
		return err
	}
	s, err := Open(pgDSN(pgTemplate))
	if err != nil {
		return err
	}
	return s.Close()
}

// processAlive reports whether a process with this id runs on this machine.
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	return err == nil && p.Signal(syscall.Signal(0)) == nil
}

// openSQLite opens a new SQLite file whatever pgEnv says, for the tests that are about
// SQLite itself: pragmas, files, FTS5.
func openSQLite(t testing.TB) *Store {
	t.Helper()
	return openAt(t, filepath.Join(t.TempDir(), "sub", "baoan.db"))
}

// openAt opens target and closes it when the test ends.
func openAt(t testing.TB, target string) *Store {
	t.Helper()
	s, err := Open(target)
	if err != nil {
		t.Fatalf("Open(%s): %v", target, err)
	}
	openedAt.Store(s, target)
	t.Cleanup(func() { s.Close(); openedAt.Delete(s) })
	return s
}

// openedAt remembers what each store of a test was opened on, for reopen.
var openedAt sync.Map

// reopen opens a second handle on the database of s (the same file, or the same
// PostgreSQL database), as another desk or the command line would.
func reopen(t testing.TB, s *Store) *Store {
	t.Helper()
	target, ok := openedAt.Load(s)
	if !ok {
		t.Fatalf("reopen: store was not opened by openAt")
	}
	return openAt(t, target.(string))
}

// dialects are the databases a test that must hold on both runs on: SQLite always, and
// PostgreSQL when pgEnv is set.
func dialects() []Dialect {
	if testPG() == "" {
		return []Dialect{SQLite}
	}
	return []Dialect{SQLite, Postgres}
}

// targetOn is a fresh empty database of dialect d.
func targetOn(t testing.TB, d Dialect) string {
	t.Helper()
	if d == Postgres {
		return freshPG(t)
	}
	return filepath.Join(t.TempDir(), "baoan.db")
}

// emptyOn is a new database of dialect d without the schema.
func emptyOn(t testing.TB, d Dialect) string {
	t.Helper()
	if d == Postgres {
		return emptyPG(t)
	}
	return filepath.Join(t.TempDir(), "sub", "baoan.db")
}

func TestOpenSchemaOnEitherDialect(t *testing.T) {
	for _, d := range dialects() {
		t.Run(string(d), func(t *testing.T) {
			target := emptyOn(t, d)
			s := openAt(t, target)
			if s.Dialect() != d {
				t.Errorf("Open(%s).Dialect() = %q, want %q", target, s.Dialect(), d)
			}
			if v, err := s.schemaVersion(t.Context()); err != nil || v != SchemaVersion() {
				t.Errorf("schema version = %d, %v; want %d", v, err, SchemaVersion())
			}
			s.Close()
			// Opening again must find the schema in place and not seed twice.
			s2 := openAt(t, target)
			var n int64
			if err := s2.db.Raw(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n).Error; err != nil || n != int64(len(migrations)) {
				t.Errorf("after reopening, schema_migrations has %d rows, %v; want %d", n, err, len(migrations))
			}
		})
	}
}

func TestIsPostgres(t *testing.T) {
	for target, want := range map[string]bool{
		"postgres://u@h/db":        true,
		"postgresql://u@h:5432/db": true,
		"/srv/baoan/baoan.db":      false,
		`C:\baoan\baoan.db`:        false,
		"postgres.db":              false,
		"postgres:":                false,
	} {
		if got := isPostgres(target); got != want {
			t.Errorf("isPostgres(%q) = %v, want %v", target, got, want)
		}
	}
}
