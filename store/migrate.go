package store

import (
	"context"
	"embed"
	"fmt"
	"sort"
	"strings"

	"gorm.io/gorm"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// A migration is one numbered step of the schema. Steps are applied in order, each in its
// own transaction together with its row in schema_migrations, and never edited once
// released: a change to the schema is a new step. extra runs dialect-specific statements
// (FTS5 on SQLite) after the portable SQL.
type migration struct {
	version int
	file    string
	extra   func(tx *gorm.DB, d Dialect) error
}

var migrations = []migration{
	{version: 1, file: "001_initial.sql", extra: searchIndex},
	{version: 2, file: "002_row_hash.sql", extra: sealCases},
	{version: 3, file: "003_ledger_indexes.sql"},
	{version: 4, file: "004_duty_version.sql"},
}

// SchemaVersion is the schema this build writes.
func SchemaVersion() int { return migrations[len(migrations)-1].version }

func (s *Store) migrate(ctx context.Context) error {
	db := s.db.WithContext(ctx)
	if err := db.Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`).Error; err != nil {
		return s.openError(err)
	}
	current, err := s.schemaVersion(ctx)
	if err != nil {
		return s.openError(err)
	}
	if current > SchemaVersion() {
		return fmt.Errorf("%w：该数据库由更新版本的程序创建（数据库版本 %d，本程序支持到 %d）。请安装新版本后再打开，或打开其他数据库文件", ErrNewerDB, current, SchemaVersion())
	}
	for _, m := range migrations {
		if m.version <= current {
			continue
		}
		if err := s.apply(ctx, m); err != nil {
			return fmt.Errorf("store: migrate to version %d: %w", m.version, err)
		}
	}
	return nil
}

// schemaVersion is the highest applied step, 0 for a new database.
func (s *Store) schemaVersion(ctx context.Context) (int, error) {
	var v *int
	if err := s.db.WithContext(ctx).Raw(`SELECT MAX(version) FROM schema_migrations`).Scan(&v).Error; err != nil {
		return 0, err
	}
	if v == nil {
		return 0, nil
	}
	return *v, nil
}

// openError turns the driver's complaint about a file that is not a database into advice.
func (s *Store) openError(err error) error {
	return classifyOpenError(s.path, err)
}

func (s *Store) apply(ctx context.Context, m migration) error {
	body, err := migrationFiles.ReadFile("migrations/" + m.file)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		for _, stmt := range splitSQL(s.dialectSQL(string(body))) {
			if err := tx.Exec(stmt).Error; err != nil {
				return fmt.Errorf("%s: %w\n%s", m.file, err, stmt)
			}
		}
		if m.extra != nil {
			if err := m.extra(tx, s.dialect); err != nil {
				return err
			}
		}
		return tx.Exec(`INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)`,
			m.version, s.now().UTC().Format("2006-01-02 15:04:05")).Error
	})
}

// dialectSQL fills the placeholders of the portable migration text.
func (s *Store) dialectSQL(body string) string {
	types := map[Dialect][]string{
		SQLite:   {"{{ID}}", "INTEGER PRIMARY KEY AUTOINCREMENT", "{{BLOB}}", "BLOB", "{{TS}}", "DATETIME"},
		Postgres: {"{{ID}}", "BIGSERIAL PRIMARY KEY", "{{BLOB}}", "BYTEA", "{{TS}}", "TIMESTAMPTZ"},
	}
	return strings.NewReplacer(types[s.dialect]...).Replace(body)
}

// splitSQL cuts a migration file into statements at semicolons that end a line, dropping
// comment lines. Migration files keep to that form.
func splitSQL(body string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(body, "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "--") {
			continue
		}
		cur.WriteString(line)
		cur.WriteString("\n")
		if strings.HasSuffix(t, ";") {
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		}
	}
	if strings.TrimSpace(cur.String()) != "" {
		out = append(out, strings.TrimSpace(cur.String()))
	}
	return out
}

// ftsInsertTrigger indexes each new case. A bulk load drops it for the length of its
// transaction and indexes the whole batch in one statement instead (see WriteBatch).
const ftsInsertTrigger = `CREATE TRIGGER cases_fts_ai AFTER INSERT ON cases BEGIN
	INSERT INTO case_fts(rowid, search_text) VALUES (new.id, new.search_text); END`

// searchIndex creates the full-text index over cases.search_text. SQLite gets an FTS5
// table with the trigram tokenizer, kept in step by triggers; PostgreSQL gets a pg_trgm
// GIN index, which serves ILIKE '%term%' directly.
func searchIndex(tx *gorm.DB, d Dialect) error {
	var stmts []string
	switch d {
	case SQLite:
		stmts = []string{
			`CREATE VIRTUAL TABLE case_fts USING fts5(search_text, content='cases', content_rowid='id', tokenize='trigram')`,
			ftsInsertTrigger,
			`CREATE TRIGGER cases_fts_ad AFTER DELETE ON cases BEGIN
			   INSERT INTO case_fts(case_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END`,
			`CREATE TRIGGER cases_fts_au AFTER UPDATE OF search_text ON cases BEGIN
			   INSERT INTO case_fts(case_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
			   INSERT INTO case_fts(rowid, search_text) VALUES (new.id, new.search_text); END`,
		}
	case Postgres:
		stmts = []string{
			`CREATE EXTENSION IF NOT EXISTS pg_trgm`,
			`CREATE INDEX cases_search_trgm ON cases USING gin (search_text gin_trgm_ops)`,
		}
	}
	for _, st := range stmts {
		if err := tx.Exec(st).Error; err != nil {
			return err
		}
	}
	return nil
}

// sortedVersions is used by tests to check the steps are numbered 1..n without gaps.
func sortedVersions() []int {
	var vs []int
	for _, m := range migrations {
		vs = append(vs, m.version)
	}
	sort.Ints(vs)
	return vs
}
