// Package store keeps the petition office's records in one database: a single SQLite file by
// default, or PostgreSQL for offices where several desks share one database. It owns the
// schema and its numbered migrations, every query, the audit trail and the statistics; it
// returns model values and the sentinel errors below, and it is the only package that
// speaks GORM.
package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"baoan/model"
)

// Sentinel errors, tested with errors.Is. Each is wrapped with a Chinese message that says
// what went wrong and how to fix it, so callers may show err.Error() to the user directly.
var (
	ErrNotFound  = errors.New("记录不存在")
	ErrConflict  = model.ErrConflict // a *ConflictError carries the current record
	ErrForbidden = errors.New("没有权限")
	ErrInvalid   = errors.New("输入有误")
	ErrNewerDB   = errors.New("数据库版本较新")
	ErrNotADB    = errors.New("不是本系统的数据库")
)

// Dialect names the database behind a Store.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Store is an open database. It is safe for use by several goroutines.
type Store struct {
	db      *gorm.DB
	dialect Dialect
	path    string // the SQLite file, "" for PostgreSQL
	now     func() time.Time
	stats   statsCache
}

// DefaultPath is where the office database lives when nothing else is said:
// <UserConfigDir>/baoan/baoan.db.
func DefaultPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("找不到用户配置目录（%v）：请用 --db 指定数据库文件", err)
	}
	return filepath.Join(dir, "baoan", "baoan.db"), nil
}

// Open opens (and on first use creates, with its folder) the database named by target:
// a file path for SQLite, or a postgres:// DSN. It brings the schema up to date and refuses
// a database written by a newer version of the program.
func Open(target string) (*Store, error) {
	s := &Store{now: time.Now}
	var dial gorm.Dialector
	if isPostgres(target) {
		s.dialect = Postgres
		dial = postgres.Open(target)
	} else {
		s.dialect = SQLite
		s.path = target
		if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
			return nil, noFolderError(filepath.Dir(target), err)
		}
		if err := checkFile(target); err != nil {
			return nil, err
		}
		dial = sqlite.Open(sqliteDSN(target))
		pinAllocatorOnce()
	}
	db, err := gorm.Open(dial, &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true, // we open our own transactions around every multi-row write
		NowFunc:                func() time.Time { return s.now().UTC() },
	})
	if err != nil {
		return nil, s.openError(err)
	}
	s.db = db
	if s.dialect == SQLite {
		sqlDB, err := db.DB()
		if err != nil {
			return nil, err
		}
		// One writer at a time is what SQLite allows anyway; a small pool lets readers
		// (the ledger, statistics) run beside it under WAL.
		sqlDB.SetMaxOpenConns(4)
	}
	if err := s.migrate(context.Background()); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.seed(context.Background()); err != nil {
		s.Close()
		return nil, fmt.Errorf("store: seed defaults: %w", err)
	}
	return s, nil
}

func isPostgres(target string) bool {
	return strings.HasPrefix(target, "postgres://") || strings.HasPrefix(target, "postgresql://")
}

// sqliteDSN turns a path into the driver's DSN with the pragmas every connection needs:
// WAL so readers do not block the writer, a busy timeout so a second program waits
// instead of failing, foreign keys, and synchronous=FULL so a committed transaction
// survives a power cut. The page cache is 8 MiB per connection: the system caches the
// file anyway, and 64 MiB for each of the pool's connections took the window past 300 MB
// resident after a few searches of a million cases, for no measurable speed.
func sqliteDSN(path string) string {
	return "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_pragma=cache_size(-" + strconv.Itoa(connCacheKiB) + ")&_txlock=immediate"
}

// Close releases the database.
func (s *Store) Close() error {
	if s == nil || s.db == nil {
		return nil
	}
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Dialect tells which database is behind the store.
func (s *Store) Dialect() Dialect { return s.dialect }

// Path is the SQLite file, or "" for PostgreSQL.
func (s *Store) Path() string { return s.path }

// SetClock replaces the clock used for timestamps; tests use it for reproducible audit times.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// tx runs fn in one transaction: everything fn writes, including its audit entries, is
// committed together or not at all.
func (s *Store) tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return writeError(s.db.WithContext(ctx).Transaction(fn))
}
