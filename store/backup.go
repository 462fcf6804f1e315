package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"time"

	"gorm.io/gorm"

	"baoan/model"
)

// Failures of the database file itself, tested with errors.Is like the sentinels in
// store.go. Open returns the first three (besides ErrNotADB and ErrNewerDB) so that the
// start screen can say what happened and offer the right way out; a write returns the
// last two when it cannot be committed, and then nothing of it was saved.
var (
	ErrDamaged  = errors.New("数据库文件已损坏")
	ErrReadOnly = errors.New("数据库文件不可写")
	ErrNoFolder = errors.New("无法创建数据库文件夹")
	ErrBusy     = errors.New("数据库正忙")
	ErrDiskFull = errors.New("无法写入磁盘")
)

// SQLite's primary result codes that say something about the file rather than the query.
const (
	sqliteBusy     = 5
	sqliteLocked   = 6
	sqliteReadOnly = 8
	sqliteIOErr    = 10
	sqliteCorrupt  = 11
	sqliteFull     = 13
	sqliteCantOpen = 14
	sqliteNotADB   = 26
)

// sqliteCode is the primary result code of a SQLite error anywhere in err's chain, or 0.
func sqliteCode(err error) int {
	var coded interface{ Code() int }
	if errors.As(err, &coded) {
		return coded.Code() & 0xff
	}
	return 0
}

// writeError turns the driver's refusal to commit into a sentinel with advice; other
// errors pass unchanged. The driver's words come first, so that UserMessage, which cuts
// at the sentinel, shows the user only the Chinese.
func writeError(err error) error {
	switch sqliteCode(err) {
	case sqliteBusy, sqliteLocked:
		return fmt.Errorf("%w: %w：另一个程序（或本程序的另一个窗口、命令行）正在写入同一个数据库，等待后仍未完成。本次修改没有保存，请稍后重试", err, ErrBusy)
	case sqliteFull:
		return fmt.Errorf("%w: %w：磁盘空间已满。本次修改没有保存，数据库保持修改前的状态；请清理磁盘空间后重试", err, ErrDiskFull)
	case sqliteIOErr:
		return fmt.Errorf("%w: %w：写入数据库文件失败（磁盘已满、文件大小受限或磁盘故障）。本次修改没有保存，数据库保持修改前的状态；请检查磁盘后重试", err, ErrDiskFull)
	case sqliteReadOnly:
		return fmt.Errorf("%w: %w：数据库文件或其所在文件夹只读，本次修改没有保存。请检查文件权限，或打开其他数据库文件", err, ErrReadOnly)
	}
	return err
}

// noFolderError is Open's answer when the database's folder cannot be made.
func noFolderError(dir string, err error) error {
	return fmt.Errorf("%w %s（%v）：请检查权限，或用 --db 指定其他位置、打开其他数据库文件", ErrNoFolder, dir, err)
}

// classifyOpenError turns the driver's complaint on opening path into a sentinel and advice.
func classifyOpenError(path string, err error) error {
	switch code := sqliteCode(err); {
	case code == sqliteNotADB:
		return fmt.Errorf("%w：文件 %s 不是有效的数据库文件（%v）。请打开其他数据库文件，或从备份恢复", ErrNotADB, path, err)
	case code == sqliteCorrupt || strings.Contains(err.Error(), "malformed"):
		return fmt.Errorf("%w：文件 %s 已损坏（%v）。请从最新的备份恢复，或打开其他数据库文件", ErrDamaged, path, err)
	case code == sqliteReadOnly || code == sqliteCantOpen || strings.Contains(err.Error(), "readonly"):
		return fmt.Errorf("%w：无法写入数据库 %s 或其所在文件夹（%v）。请检查文件和文件夹的权限（不要放在只读的光盘、U 盘或共享文件夹中），或打开其他数据库文件", ErrReadOnly, path, err)
	case strings.Contains(err.Error(), "file is not a database"):
		return fmt.Errorf("%w：文件 %s 不是有效的数据库文件（%v）。请打开其他数据库文件，或从备份恢复", ErrNotADB, path, err)
	}
	if path == "" {
		return fmt.Errorf("无法打开数据库：%w", err)
	}
	return fmt.Errorf("无法打开数据库 %s：%w", path, err)
}

// sqliteMagic starts every SQLite database file.
const sqliteMagic = "SQLite format 3\x00"

// checkFile looks at an existing database file before SQLite does, so that a foreign
// file, a truncated copy or a file the program may not write is named as such instead
// of failing later, half way through a screen. A missing or empty file is a new database.
func checkFile(path string) error {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("%w：%s 是一个文件夹，不是数据库文件。请选择数据库文件（.db）", ErrNotADB, path)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS):
		return fmt.Errorf("%w：没有写入数据库文件 %s 的权限（%v）。请检查文件权限（不要放在只读的光盘、U 盘或共享文件夹中），或打开其他数据库文件", ErrReadOnly, path, err)
	case err != nil:
		return classifyOpenError(path, err)
	}
	defer f.Close()
	return checkHeader(f, path)
}

// checkHeader reads the file's SQLite header: the magic string, the page size and,
// where the header vouches for it, the number of pages, which a truncated copy lacks.
func checkHeader(f *os.File, path string) error {
	st, err := f.Stat()
	if err != nil {
		return classifyOpenError(path, err)
	}
	if st.IsDir() {
		return fmt.Errorf("%w：%s 是一个文件夹，不是数据库文件。请选择数据库文件（.db）", ErrNotADB, path)
	}
	size := st.Size()
	if size == 0 {
		return nil
	}
	h := make([]byte, 100)
	n, err := io.ReadFull(f, h)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return classifyOpenError(path, err)
	}
	if !bytes.HasPrefix(h[:n], []byte(sqliteMagic)) {
		if n < len(sqliteMagic) && bytes.HasPrefix([]byte(sqliteMagic), h[:n]) {
			return truncatedError(path, size, 100)
		}
		return fmt.Errorf("%w：文件 %s 不是有效的数据库文件（开头不是 SQLite 数据库的标记）。请打开其他数据库文件，或从备份恢复", ErrNotADB, path)
	}
	if n < 100 {
		return truncatedError(path, size, 100)
	}
	pageSize := int64(binary.BigEndian.Uint16(h[16:18]))
	if pageSize == 1 {
		pageSize = 65536
	}
	if pageSize < 512 || pageSize&(pageSize-1) != 0 {
		return fmt.Errorf("%w：文件 %s 的文件头已损坏（页大小 %d 无效）。请从最新的备份恢复，或打开其他数据库文件", ErrDamaged, path, pageSize)
	}
	pages := int64(binary.BigEndian.Uint32(h[28:32]))
	changes, validFor := binary.BigEndian.Uint32(h[24:28]), binary.BigEndian.Uint32(h[92:96])
	if pages > 0 && changes == validFor && size < pages*pageSize {
		return truncatedError(path, size, pages*pageSize)
	}
	return nil
}

func truncatedError(path string, size, want int64) error {
	return fmt.Errorf("%w：文件 %s 不完整（只有 %d 字节，应有 %d 字节），可能是复制中断或磁盘出错。请从最新的备份恢复，或打开其他数据库文件", ErrDamaged, path, size, want)
}

// fileURI is the driver's name for a file: a file: URI with the characters that would
// end the path (?, #) or start an escape (%) escaped, followed by the query.
func fileURI(path, query string) string {
	p := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(filepath.ToSlash(path))
	if filepath.VolumeName(path) != "" {
		p = "/" + p // file:/C:/… on Windows
	}
	return "file:" + p + "?" + query
}

// openRaw opens a plain database/sql handle on a SQLite file, outside any Store: for
// checking backups, copying and restoring. readOnly opens it immutable, so that checking a
// file leaves no journal or lock files beside it.
func openRaw(path string, readOnly bool) (*sql.DB, error) {
	q := fmt.Sprintf("_pragma=busy_timeout(%d)", rawBusyTimeout.Milliseconds())
	if readOnly {
		q = "mode=ro&immutable=1"
	}
	db, err := sql.Open("sqlite", fileURI(path, q))
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// rawBusyTimeout is how long openRaw's connections wait for another program's write. A
// restore waits this long for other programs to let go of the database before refusing.
var rawBusyTimeout = 10 * time.Second

// vacuumInto writes a consistent copy of the database behind db to dst. VACUUM INTO
// reads one snapshot, so a copy taken while others write holds exactly the transactions
// committed before it began, and it compacts the copy as it goes. The copy is made
// beside dst and renamed over it only when complete and on disk, so dst is never half
// written.
func vacuumInto(ctx context.Context, db *sql.DB, dst string) error {
	tmp := dst + ".part"
	if err := os.Remove(tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		os.Remove(tmp)
		return writeError(err)
	}
	if err := syncFile(tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return err
	}
	return syncDir(filepath.Dir(dst))
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir makes a rename in dir durable. Windows cannot open a folder for syncing and
// does not need to.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return nil
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, fs.ErrPermission) {
		return err
	}
	return nil
}

// sameFile reports whether a and b name the same existing file.
func sameFile(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	return err == nil && os.SameFile(sa, sb)
}

// Backup writes a consistent copy of the whole database (备份) to dst while the program
// keeps working: other windows and programs may go on writing, and the copy holds what
// was committed when it began. dst is replaced if it exists. The backup is recorded in
// the audit trail, since it carries every petitioner's personal data out of the program.
func (s *Store) Backup(ctx context.Context, a model.Actor, dst string) error {
	if !model.Can(a.Role, model.ActBackup) {
		return forbidden(a, model.ActBackup)
	}
	if s.dialect == Postgres {
		return fmt.Errorf("%w：PostgreSQL 数据库请由数据库管理员用 pg_dump 备份（例如 pg_dump -Fc -f baoan.dump 数据库名），本程序只备份 SQLite 数据库文件", ErrInvalid)
	}
	if strings.TrimSpace(dst) == "" {
		return invalidf("请指定备份文件的位置和名称，例如 D:\\备份\\baoan-%s.db", s.now().Format("2006-01-02"))
	}
	abs, err := filepath.Abs(dst)
	if err != nil {
		return invalidf("备份文件名「%s」无效：%v", dst, err)
	}
	if sameFile(abs, s.path) || abs == s.path {
		return invalidf("备份文件不能是正在使用的数据库 %s 本身：请另选一个文件名", s.path)
	}
	if st, err := os.Stat(filepath.Dir(abs)); err != nil || !st.IsDir() {
		return invalidf("备份文件夹 %s 不存在：请先创建它，或另选位置", filepath.Dir(abs))
	}
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	if err := vacuumInto(ctx, sqlDB, abs); err != nil {
		return fmt.Errorf("store: backup to %s: %w", abs, backupWriteError(abs, err))
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		return s.audit(tx, a, "database.backup", "database", 0, nil, []Change{{Field: "file", New: abs}})
	})
}

// backupWriteError says why a copy could not be written where the user asked.
func backupWriteError(dst string, err error) error {
	switch {
	case errors.Is(err, ErrDiskFull) || errors.Is(err, ErrBusy):
		return err
	case errors.Is(err, fs.ErrPermission) || sqliteCode(err) == sqliteCantOpen || sqliteCode(err) == sqliteReadOnly:
		return fmt.Errorf("%w: %w：无法在 %s 写入备份文件：请检查该文件夹的权限，或另选位置", err, ErrReadOnly, filepath.Dir(dst))
	}
	return err
}

// BackupInfo is what a backup file holds, as checked by CheckBackup.
type BackupInfo struct {
	Path          string
	Size          int64
	Modified      time.Time // the file's time
	SchemaVersion int
	Cases         int64
	LastChange    time.Time // the newest audit entry: when the data was last changed; zero when none
}

// Summary describes the backup in a sentence for the user.
func (b BackupInfo) Summary() string {
	last := "无修改记录"
	if !b.LastChange.IsZero() {
		last = "最后修改于 " + b.LastChange.Local().Format("2006-01-02 15:04")
	}
	return fmt.Sprintf("备份文件 %s（%s，%s）：信访事项 %d 件，%s，数据库版本 %d", b.Path, humanSize(b.Size),
		b.Modified.Local().Format("2006-01-02 15:04"), b.Cases, last, b.SchemaVersion)
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", (n+1023)/1024)
}

// CheckBackup checks that path is a whole, undamaged database of this program that this
// version can open: the file header, SQLite's integrity check and the schema version. It
// reads the file without changing it or leaving anything beside it.
func CheckBackup(ctx context.Context, path string) (BackupInfo, error) {
	info := BackupInfo{Path: path}
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return info, fmt.Errorf("%w：找不到备份文件 %s：请检查文件名和位置", ErrNotFound, path)
	case err != nil:
		return info, classifyOpenError(path, err)
	case st.IsDir():
		return info, fmt.Errorf("%w：%s 是一个文件夹，不是备份文件。请选择备份文件（.db）", ErrNotADB, path)
	case st.Size() == 0:
		return info, fmt.Errorf("%w：备份文件 %s 是空文件，不能用于恢复。请选择其他备份文件", ErrDamaged, path)
	}
	info.Size, info.Modified = st.Size(), st.ModTime()
	if wal, err := os.Stat(path + "-wal"); err == nil && wal.Size() > 0 {
		return info, fmt.Errorf("%w：%s 旁边有未合并的日志文件（%s-wal），说明它正被程序使用或上次未正常关闭，直接复制会丢失最近的修改。请在程序中用「备份」生成备份文件后再恢复", ErrInvalid, path, filepath.Base(path))
	}
	f, err := os.Open(path)
	if err != nil {
		return info, classifyOpenError(path, err)
	}
	err = checkHeader(f, path)
	f.Close()
	if err != nil {
		return info, err
	}
	db, err := openRaw(path, true)
	if err != nil {
		return info, classifyOpenError(path, err)
	}
	defer db.Close()
	problems, err := integrityCheck(ctx, db)
	if err != nil {
		return info, classifyOpenError(path, err)
	}
	if len(problems) > 0 {
		return info, fmt.Errorf("%w：备份文件 %s 未通过完整性检查（%s）。请选择其他备份文件", ErrDamaged, path, strings.Join(problems, "；"))
	}
	var v sql.NullInt64
	if err := db.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil {
		return info, fmt.Errorf("%w：%s 是 SQLite 数据库，但不是本系统的数据库（%v）。请选择本系统生成的备份文件", ErrNotADB, path, err)
	}
	info.SchemaVersion = int(v.Int64)
	if info.SchemaVersion > SchemaVersion() {
		return info, fmt.Errorf("%w：备份文件 %s 由更新版本的程序生成（数据库版本 %d，本程序支持到 %d）。请安装新版本后再恢复", ErrNewerDB, path, info.SchemaVersion, SchemaVersion())
	}
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases`).Scan(&info.Cases); err != nil {
		return info, fmt.Errorf("%w：%s 缺少信访事项表（%v）。请选择本系统生成的备份文件", ErrNotADB, path, err)
	}
	var last sql.NullTime
	err = db.QueryRowContext(ctx, `SELECT at FROM audit_entries ORDER BY id DESC LIMIT 1`).Scan(&last)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return info, fmt.Errorf("%w：%s 的操作记录无法读取（%v）。请选择其他备份文件", ErrDamaged, path, err)
	}
	info.LastChange = last.Time
	return info, nil
}

// integrityCheck runs PRAGMA integrity_check and returns its complaints (none: the file
// is sound), at most ten of them.
func integrityCheck(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check(10)`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, err
		}
		if line != "ok" {
			out = append(out, line)
		}
	}
	return out, rows.Err()
}

// RestoreReport says what Restore did.
type RestoreReport struct {
	Restored   BackupInfo // the backup now in use
	SafetyCopy string     // the database as it was before, kept in the backups folder; "" when there was none
}

// Summary is the report in words for the user.
func (r RestoreReport) Summary() string {
	msg := "已从备份恢复数据库。" + r.Restored.Summary() + "。"
	if r.SafetyCopy != "" {
		msg += "恢复前的数据库已另存为 " + r.SafetyCopy + "，如需找回可再从它恢复。"
	}
	return msg
}

// BackupDir is the folder of automatic backups and of the copies kept before a restore:
// "backups" beside the database file.
func BackupDir(dbPath string) string { return filepath.Join(filepath.Dir(dbPath), "backups") }

// Restore replaces the database file dbPath with the backup src (恢复). The store on dbPath
// must be closed, and no other program may have it open. The backup is copied beside the
// database and checked there (CheckBackup), so what is checked is what is installed; the
// current database is then copied into the backups folder, and only then replaced. The
// restored database is opened once (an older backup is brought up to date) and the
// restore is recorded in its audit trail; if it cannot be opened, the database as it was
// is put back. A refused restore changes nothing.
func Restore(ctx context.Context, a model.Actor, src, dbPath string) (RestoreReport, error) {
	var rep RestoreReport
	if !model.Can(a.Role, model.ActBackup) {
		return rep, forbidden(a, model.ActBackup)
	}
	if isPostgres(dbPath) {
		return rep, fmt.Errorf("%w：PostgreSQL 数据库请由数据库管理员用 pg_restore 恢复", ErrInvalid)
	}
	if sameFile(src, dbPath) {
		return rep, invalidf("备份文件 %s 就是当前的数据库文件：请选择备份文件夹中的文件或其他备份", src)
	}
	if _, err := CheckBackup(ctx, src); err != nil {
		return rep, err
	}
	dir := filepath.Dir(dbPath)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return rep, noFolderError(dir, err)
	}
	staged := dbPath + ".restoring"
	if err := copyFile(src, staged); err != nil {
		os.Remove(staged)
		return rep, fmt.Errorf("store: restore: copy %s: %w", src, backupWriteError(staged, diskError(err)))
	}
	defer os.Remove(staged) // gone by rename on success
	info, err := CheckBackup(ctx, staged)
	if err != nil {
		return rep, fmt.Errorf("store: restore: the copy of %s does not check: %w", src, err)
	}
	info.Path, info.Modified = src, fileTime(src, info.Modified)
	rep.Restored = info

	if _, err := os.Stat(dbPath); err == nil {
		safety, err := keepCopy(ctx, dbPath, time.Now())
		if err != nil {
			return rep, err
		}
		rep.SafetyCopy = safety
	}
	for _, side := range []string{"-wal", "-shm", "-journal"} {
		if err := os.Remove(dbPath + side); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return rep, fmt.Errorf("store: restore: remove %s: %w", dbPath+side, err)
		}
	}
	if err := os.Rename(staged, dbPath); err != nil {
		return rep, fmt.Errorf("store: restore: %w：无法替换数据库文件 %s（%v）。数据库未改变，请检查权限后重试", ErrReadOnly, dbPath, err)
	}
	if err := syncDir(dir); err != nil {
		return rep, fmt.Errorf("store: restore: %w", err)
	}
	if err := recordRestore(ctx, a, dbPath, rep); err != nil {
		if rep.SafetyCopy != "" {
			if perr := putBack(rep.SafetyCopy, dbPath); perr != nil {
				return rep, fmt.Errorf("store: restore: %w；放回恢复前的数据库也失败（%v），请从 %s 手工恢复", err, perr, rep.SafetyCopy)
			}
		}
		return rep, fmt.Errorf("store: restore: 恢复后的数据库无法打开，已放回恢复前的数据库：%w", err)
	}
	return rep, nil
}

// recordRestore opens the restored database, which brings an older backup's schema up to
// date, and writes the restore into its audit trail.
func recordRestore(ctx context.Context, a model.Actor, dbPath string, rep RestoreReport) error {
	s, err := Open(dbPath)
	if err != nil {
		return err
	}
	defer s.Close()
	return s.tx(ctx, func(tx *gorm.DB) error {
		return s.audit(tx, a, "database.restore", "database", 0, nil, []Change{
			{Field: "from", New: rep.Restored.Path}, {Field: "safety_copy", New: rep.SafetyCopy}})
	})
}

// putBack copies the copy kept before a restore (and its log, for a damaged one) back
// over the database.
func putBack(safety, dbPath string) error {
	for _, side := range []string{"-wal", "-shm"} {
		os.Remove(dbPath + side)
	}
	if err := copyFile(safety, dbPath); err != nil {
		return err
	}
	if _, err := os.Stat(safety + "-wal"); err == nil {
		return copyFile(safety+"-wal", dbPath+"-wal")
	}
	return nil
}

func fileTime(path string, fallback time.Time) time.Time {
	if st, err := os.Stat(path); err == nil {
		return st.ModTime()
	}
	return fallback
}

// keepCopy copies the database at dbPath into the backups folder before a restore
// replaces it, and returns the copy's path. A sound database is copied with VACUUM INTO,
// which also takes in what its write-ahead log holds, after making sure no other program
// has it open (leaving WAL mode needs every other connection gone). A damaged one —
// the usual reason to restore — is copied byte for byte with its log, as evidence.
func keepCopy(ctx context.Context, dbPath string, now time.Time) (string, error) {
	dir := BackupDir(dbPath)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("store: restore: %w", noFolderError(dir, err))
	}
	base := strings.TrimSuffix(filepath.Base(dbPath), filepath.Ext(dbPath))
	dst := filepath.Join(dir, base+"-before-restore-"+now.Format("20060102-150405")+".db")
	db, err := openRaw(dbPath, false)
	if err != nil {
		return "", err
	}
	defer db.Close()
	var mode string
	err = db.QueryRowContext(ctx, `PRAGMA journal_mode=DELETE`).Scan(&mode)
	switch code := sqliteCode(err); {
	case code == sqliteBusy || code == sqliteLocked:
		return "", fmt.Errorf("store: restore: %w: %w：另一个程序（或本程序的另一个窗口、命令行）正在使用数据库 %s。请先关闭它们再恢复；数据库未改变", err, ErrBusy, dbPath)
	case err == nil && checkFile(dbPath) == nil:
		if err := vacuumInto(ctx, db, dst); err == nil {
			return dst, nil
		} else if errors.Is(err, ErrDiskFull) {
			return "", fmt.Errorf("store: restore: keep a copy of the current database: %w", err)
		}
	}
	db.Close()
	dst = strings.TrimSuffix(dst, ".db") + "-damaged.db"
	if err := copyFile(dbPath, dst); err != nil {
		os.Remove(dst)
		return "", fmt.Errorf("store: restore: %w：无法把当前数据库另存到 %s（%v），为免丢失，没有恢复。请清理磁盘空间或检查权限后重试", ErrDiskFull, dst, err)
	}
	if _, err := os.Stat(dbPath + "-wal"); err == nil {
		if err := copyFile(dbPath+"-wal", dst+"-wal"); err != nil {
			return "", fmt.Errorf("store: restore: %w：无法把当前数据库的日志另存到 %s（%v），为免丢失，没有恢复。请清理磁盘空间或检查权限后重试", ErrDiskFull, dst+"-wal", err)
		}
	}
	return dst, nil
}

// diskError names a failed file write by its likely cause.
func diskError(err error) error {
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EFBIG) {
		return fmt.Errorf("%w: %w：磁盘空间不足，无法写入。没有做任何修改；请清理磁盘空间后重试", err, ErrDiskFull)
	}
	return err
}

// copyFile copies src to dst and puts dst on disk.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// KeepBackups is how many daily automatic backups are kept.
const KeepBackups = 30

// autoName matches the daily backups' names: <database name>-YYYY-MM-DD.db.
func autoName(dbPath string) *regexp.Regexp {
	base := strings.TrimSuffix(filepath.Base(dbPath), filepath.Ext(dbPath))
	return regexp.MustCompile(`^` + regexp.QuoteMeta(base) + `-(\d{4}-\d{2}-\d{2})\.db$`)
}

// AutoBackup takes the day's automatic backup of the SQLite database at dbPath into
// BackupDir, named <name>-YYYY-MM-DD.db for now's day, unless that day's backup exists,
// and then deletes the oldest automatic backups beyond KeepBackups. It returns the new
// backup's path, or "" when nothing was to be done (the day's backup exists, no
// database yet, or PostgreSQL). It reads through its own connection, so it may run
// while the program and others use the database.
func AutoBackup(ctx context.Context, dbPath string, now time.Time) (string, error) {
	if isPostgres(dbPath) {
		return "", nil
	}
	if st, err := os.Stat(dbPath); err != nil || st.Size() == 0 {
		return "", nil
	}
	dir := BackupDir(dbPath)
	base := strings.TrimSuffix(filepath.Base(dbPath), filepath.Ext(dbPath))
	dst := filepath.Join(dir, base+"-"+now.Format("2006-01-02")+".db")
	if _, err := os.Stat(dst); err == nil {
		return "", nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("store: auto backup: %w", noFolderError(dir, err))
	}
	db, err := openRaw(dbPath, false)
	if err != nil {
		return "", fmt.Errorf("store: auto backup: %w", err)
	}
	err = vacuumInto(ctx, db, dst)
	db.Close()
	if err != nil {
		return "", fmt.Errorf("store: auto backup to %s: %w", dst, backupWriteError(dst, err))
	}
	return dst, pruneBackups(dbPath, KeepBackups)
}

// autoBackups lists the daily backups of dbPath, newest first.
func autoBackups(dbPath string) ([]string, error) {
	dir := BackupDir(dbPath)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	re := autoName(dbPath)
	var out []string
	for _, e := range entries {
		if !e.IsDir() && re.MatchString(e.Name()) {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	// The date in the name sorts as text.
	sort.Sort(sort.Reverse(sort.StringSlice(out)))
	return out, nil
}

// pruneBackups deletes all but the newest keep daily backups. Backups made by hand and
// the copies kept before a restore are never deleted.
func pruneBackups(dbPath string, keep int) error {
	all, err := autoBackups(dbPath)
	if err != nil {
		return fmt.Errorf("store: prune backups: %w", err)
	}
	for i := keep; i < len(all); i++ {
		if err := os.Remove(all[i]); err != nil {
			return fmt.Errorf("store: prune backups: %w", err)
		}
	}
	return nil
}

// NewestBackup is the newest daily backup of dbPath that passes CheckBackup, for the
// start screen's "restore the newest backup". A damaged backup is passed over for the one
// before it. It returns ErrNotFound when there is none.
func NewestBackup(ctx context.Context, dbPath string) (BackupInfo, error) {
	all, err := autoBackups(dbPath)
	if err != nil {
		return BackupInfo{}, fmt.Errorf("store: newest backup: %w", err)
	}
	var firstErr error
	for _, p := range all {
		info, err := CheckBackup(ctx, p)
		if err == nil {
			return info, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if firstErr != nil {
		return BackupInfo{}, fmt.Errorf("%w：备份文件夹 %s 中没有可用的备份（最新的一个：%v）。请打开其他数据库文件", ErrNotFound, BackupDir(dbPath), UserMessage(firstErr))
	}
	return BackupInfo{}, fmt.Errorf("%w：备份文件夹 %s 中还没有自动备份。请打开其他数据库文件", ErrNotFound, BackupDir(dbPath))
}
