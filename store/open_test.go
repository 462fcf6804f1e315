package store

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// openTemp opens a new empty database for one test: a SQLite file in t.TempDir(), or a
// PostgreSQL database of its own when BAOAN_TEST_PG is set (see pg_test.go). Tests about
// SQLite itself use openSQLite.
func openTemp(t testing.TB) *Store {
	t.Helper()
	return openAt(t, tempTarget(t))
}

func TestOpenCreatesFolderAndSchema(t *testing.T) {
	s := openSQLite(t)
	if _, err := os.Stat(s.Path()); err != nil {
		t.Fatalf("database file not created: %v", err)
	}
	var mode string
	s.db.Raw("PRAGMA journal_mode").Scan(&mode)
	var fk int
	s.db.Raw("PRAGMA foreign_keys").Scan(&fk)
	if mode != "wal" || fk != 1 {
		t.Errorf("journal_mode=%q foreign_keys=%d, want wal and 1", mode, fk)
	}
	v, err := s.schemaVersion(t.Context())
	if err != nil || v != SchemaVersion() {
		t.Errorf("schema version = %d, %v; want %d", v, err, SchemaVersion())
	}
	for i, v := range sortedVersions() {
		if v != i+1 {
			t.Errorf("migration %d numbered %d: steps must be 1..n without gaps", i, v)
		}
	}
}

func TestOpenRefusesNewerDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.db.Exec(`INSERT INTO schema_migrations(version, applied_at) VALUES (?, 'x')`, SchemaVersion()+1)
	s.Close()
	_, err = Open(path)
	if !errors.Is(err, ErrNewerDB) {
		t.Fatalf("Open(newer) = %v, want ErrNewerDB", err)
	}
}

func TestOpenRefusesForeignFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "letter.db")
	os.WriteFile(path, []byte("这不是数据库，这是一封信。"+string(make([]byte, 4096))), 0o600)
	_, err := Open(path)
	if !errors.Is(err, ErrNotADB) {
		t.Fatalf("Open(foreign) = %v, want ErrNotADB", err)
	}
}
