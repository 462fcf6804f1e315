package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"baoan/model"
)

// restorer is who restores in these tests: an administrator.
var restorer = model.Actor{UserID: 1, Login: "admin", Role: model.RoleAdmin}

// caseCount is the number of cases in the database at path, read through a fresh Store.
func caseCount(t *testing.T, path string) int64 {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	defer s.Close()
	var n int64
	if err := s.db.Raw(`SELECT COUNT(*) FROM cases`).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// fileBytes is the file's content, to show a refused operation left it alone.
func fileBytes(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkSound opens the database at path and checks what a backup or restore must keep:
// SQLite's integrity check, the audit chain, and that every case has its petitioner and
// its creation in the audit trail (nothing half written).
func checkSound(t *testing.T, path string) {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	defer s.Close()
	var ic []string
	if err := s.db.Raw(`PRAGMA integrity_check`).Scan(&ic).Error; err != nil || len(ic) != 1 || ic[0] != "ok" {
		t.Errorf("%s: integrity_check = %v, %v; want ok", path, ic, err)
	}
	if bad, err := s.VerifyAudit(context.Background()); err != nil {
		t.Errorf("%s: VerifyAudit = %d, %v", path, bad, err)
	}
	var orphans int64
	s.db.Raw(`SELECT COUNT(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_petitioners cp WHERE cp.case_id = c.id)
		OR NOT EXISTS (SELECT 1 FROM audit_entries a WHERE a.case_id = c.id AND a.action = 'case.create')`).Scan(&orphans)
	if orphans != 0 {
		t.Errorf("%s: %d cases without a petitioner or their audit entry", path, orphans)
	}
}

func TestBackupWhileAnotherConnectionWrites(t *testing.T) {
	f := sqliteFx(t)
	for range 5 {
		f.newCase()
	}
	other, err := Open(f.s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	pinClock(t, other)

	var written atomic.Int64
	var finished atomic.Bool
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer finished.Store(true)
		// At most 150 cases: a writer that never pauses starves the backups' audit
		// entries of the write lock (SQLite's busy wait polls), which the office never does.
		for i := 0; i < 150; i++ {
			select {
			case <-stop:
				return
			default:
			}
			p := model.Petitioner{Name: "并发", IDKind: model.IDResident,
				IDNumber: model.MakeIDNumber("440306", model.MustDate("1980-01-01").AddDays(i), 500+i), Phone: fmt.Sprintf("137%08d", i)}
			if _, err := other.CreateCase(f.ctx, f.clerk, f.caseInput(), []model.Petitioner{p}); err != nil {
				t.Errorf("writer: CreateCase: %v", err)
				return
			}
			written.Add(1)
		}
	}()
	// Back up only once the writer is under way, three times while it writes.
	for written.Load() < 3 && !finished.Load() {
		runtime.Gosched()
	}
	dir := t.TempDir()
	for i := range 3 {
		dst := filepath.Join(dir, fmt.Sprintf("copy%d.db", i))
		if err := f.s.Backup(f.ctx, f.admin, dst); err != nil {
			t.Fatalf("Backup while writing: %v", err)
		}
		info, err := CheckBackup(f.ctx, dst)
		if err != nil {
			t.Fatalf("CheckBackup(%s) = %v", dst, err)
		}
		if info.Cases < 5 || info.SchemaVersion != SchemaVersion() {
			t.Errorf("backup %d: %d cases, version %d; want at least 5 and %d", i, info.Cases, info.SchemaVersion, SchemaVersion())
		}
		checkSound(t, dst)
	}
	close(stop)
	wg.Wait()
	if written.Load() < 3 {
		t.Fatalf("the writer wrote %d cases", written.Load())
	}
	// Each backup is recorded in the audit trail with its file.
	var n int64
	f.s.db.Raw(`SELECT COUNT(*) FROM audit_entries WHERE action = 'database.backup' AND changes LIKE ?`, "%copy%").Scan(&n)
	if n != 3 {
		t.Errorf("audit entries for 3 backups = %d, want 3", n)
	}
}

func TestBackupRefusals(t *testing.T) {
	f := sqliteFx(t)
	dir := t.TempDir()
	tests := []struct {
		name   string
		actor  model.Actor
		dst    string
		target error
		want   string
	}{
		{"viewer", f.viewer, filepath.Join(dir, "a.db"), ErrForbidden, "备份恢复"},
		{"clerk", f.clerk, filepath.Join(dir, "a.db"), ErrForbidden, "备份恢复"},
		{"no name", f.admin, "  ", ErrInvalid, "请指定备份文件"},
		{"the database itself", f.admin, f.s.Path(), ErrInvalid, "正在使用的数据库"},
		{"missing folder", f.admin, filepath.Join(dir, "nowhere", "a.db"), ErrInvalid, "不存在"},
	}
	for _, tt := range tests {
		err := f.s.Backup(f.ctx, tt.actor, tt.dst)
		if !errors.Is(err, tt.target) || !strings.Contains(UserMessage(err), tt.want) {
			t.Errorf("%s: Backup(%q) = %v, want %v saying %q", tt.name, tt.dst, err, tt.target, tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "a.db")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused backup left a file: %v", err)
	}
	// An existing file is replaced by a whole copy, never left half written.
	dst := filepath.Join(dir, "old.db")
	os.WriteFile(dst, []byte("旧文件"), 0o600)
	if err := f.s.Backup(f.ctx, f.admin, dst); err != nil {
		t.Fatalf("Backup over an existing file: %v", err)
	}
	if _, err := CheckBackup(f.ctx, dst); err != nil {
		t.Errorf("CheckBackup after replacing: %v", err)
	}
	if _, err := os.Stat(dst + ".part"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the partial file was left behind: %v", err)
	}
}

func TestBackupPostgresSaysPgDump(t *testing.T) {
	s := &Store{dialect: Postgres, now: time.Now}
	err := s.Backup(context.Background(), model.Actor{Role: model.RoleAdmin}, "x.db")
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "pg_dump") {
		t.Errorf("Backup on PostgreSQL = %v, want advice to use pg_dump", err)
	}
}

// makeBackup is a backup of a database with n cases, in its own folder.
func makeBackup(t *testing.T, n int) string {
	t.Helper()
	f := sqliteFx(t)
	for range n {
		f.newCase()
	}
	dst := filepath.Join(t.TempDir(), "backup.db")
	if err := f.s.Backup(f.ctx, f.admin, dst); err != nil {
		t.Fatal(err)
	}
	return dst
}

func TestCheckBackupRefusesBadFiles(t *testing.T) {
	good := makeBackup(t, 3)
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	whole := fileBytes(t, good)
	newer := filepath.Join(dir, "newer.db")
	os.WriteFile(newer, whole, 0o600)
	{
		db, err := openRaw(newer, false)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`INSERT INTO schema_migrations(version, applied_at) VALUES (?, 'x')`, SchemaVersion()+1); err != nil {
			t.Fatal(err)
		}
		db.Close()
	}
	plain := filepath.Join(dir, "plain.db")
	{
		db, _ := openRaw(plain, false)
		db.Exec(`CREATE TABLE notes(x)`)
		db.Close()
	}
	// A copy whose header promises more pages than it has, yet is page aligned.
	corrupt := append([]byte(nil), whole...)
	copy(corrupt[4096:], bytes.Repeat([]byte{0xff}, 4096))
	withWAL := write("live.db", whole)
	write("live.db-wal", []byte("unmerged log"))

	tests := []struct {
		name   string
		path   string
		target error
		want   string
	}{
		{"missing", filepath.Join(dir, "none.db"), ErrNotFound, "找不到备份文件"},
		{"folder", dir, ErrNotADB, "是一个文件夹"},
		{"empty", write("empty.db", nil), ErrDamaged, "空文件"},
		{"truncated to half", write("half.db", whole[:len(whole)/2]), ErrDamaged, "不完整"},
		{"truncated in the header", write("head.db", whole[:50]), ErrDamaged, "不完整"},
		{"a letter", write("letter.db", bytes.Repeat([]byte("这不是数据库。"), 500)), ErrNotADB, "不是有效的数据库"},
		{"a spreadsheet", write("ledger.xlsx", append([]byte("PK\x03\x04"), make([]byte, 5000)...)), ErrNotADB, "不是有效的数据库"},
		{"overwritten pages", write("corrupt.db", corrupt), ErrDamaged, ""},
		{"another program's database", plain, ErrNotADB, "不是本系统的数据库"},
		{"newer version", newer, ErrNewerDB, "更新版本"},
		{"live file with its log", withWAL, ErrInvalid, "未合并的日志"},
	}
	for _, tt := range tests {
		info, err := CheckBackup(context.Background(), tt.path)
		if !errors.Is(err, tt.target) || !strings.Contains(UserMessage(err), tt.want) {
			t.Errorf("%s: CheckBackup = %+v, %v; want %v saying %q", tt.name, info, err, tt.target, tt.want)
		}
	}
	info, err := CheckBackup(context.Background(), good)
	if err != nil || info.Cases != 3 || info.SchemaVersion != SchemaVersion() || info.LastChange.IsZero() {
		t.Errorf("CheckBackup(good) = %+v, %v; want 3 cases, version %d and a last change", info, err, SchemaVersion())
	}
	if s := info.Summary(); !strings.Contains(s, "信访事项 3 件") || !strings.Contains(s, "最后修改于") {
		t.Errorf("Summary() = %q", s)
	}
	// Checking leaves nothing beside the file.
	if matches, _ := filepath.Glob(good + "-*"); len(matches) != 0 {
		t.Errorf("CheckBackup left %v beside the backup", matches)
	}
}

func TestRestoreKeepsCopyAndSaysWhat(t *testing.T) {
	f := sqliteFx(t)
	for range 3 {
		f.newCase()
	}
	backup := filepath.Join(t.TempDir(), "three.db")
	if err := f.s.Backup(f.ctx, f.admin, backup); err != nil {
		t.Fatal(err)
	}
	f.newCase()
	f.newCase()
	path := f.s.Path()
	f.s.Close()

	rep, err := Restore(context.Background(), restorer, backup, path)
	if err != nil {
		t.Fatalf("Restore: %v", err)
	}
	if n := caseCount(t, path); n != 3 {
		t.Errorf("after restore: %d cases, want 3", n)
	}
	if rep.Restored.Cases != 3 || rep.Restored.Path != backup {
		t.Errorf("report = %+v, want 3 cases from %s", rep.Restored, backup)
	}
	if filepath.Dir(rep.SafetyCopy) != BackupDir(path) || !strings.Contains(rep.SafetyCopy, "before-restore") {
		t.Errorf("safety copy at %q, want it in %s", rep.SafetyCopy, BackupDir(path))
	}
	if n := caseCount(t, rep.SafetyCopy); n != 5 {
		t.Errorf("the copy kept before restoring has %d cases, want 5", n)
	}
	for _, want := range []string{"已从备份恢复数据库。备份文件 " + backup, "信访事项 3 件", "恢复前的数据库已另存为 " + rep.SafetyCopy} {
		if !strings.Contains(rep.Summary(), want) {
			t.Errorf("Summary() = %q, want it to say %q", rep.Summary(), want)
		}
	}
	checkSound(t, path)
	if _, err := os.Stat(path + ".restoring"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the staged copy was left behind: %v", err)
	}
	// The restored database records the restore.
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var changes []string
	s.db.Raw(`SELECT changes FROM audit_entries WHERE action = 'database.restore' AND actor = 'admin'`).Scan(&changes)
	if len(changes) != 1 || !strings.Contains(changes[0], "three.db") || !strings.Contains(changes[0], "before-restore") {
		t.Errorf("restore audit entries = %q, want one naming the backup and the safety copy", changes)
	}
	// Only an administrator restores.
	if _, err := Restore(context.Background(), f.clerk, backup, path); !errors.Is(err, ErrForbidden) {
		t.Errorf("Restore by a clerk = %v, want ErrForbidden", err)
	}
}

func TestRestoreRefusesBadBackupAndChangesNothing(t *testing.T) {
	f := sqliteFx(t)
	f.newCase()
	backup := filepath.Join(t.TempDir(), "b.db")
	if err := f.s.Backup(f.ctx, f.admin, backup); err != nil {
		t.Fatal(err)
	}
	whole := fileBytes(t, backup)
	path := f.s.Path()
	f.s.Close()
	before := fileBytes(t, path)
	tests := []struct {
		name   string
		data   []byte
		target error
	}{
		{"truncated", whole[:len(whole)*2/3], ErrDamaged},
		{"cut in the header", whole[:60], ErrDamaged},
		{"not a database", bytes.Repeat([]byte{'x'}, 8192), ErrNotADB},
	}
	for _, tt := range tests {
		if err := os.WriteFile(backup, tt.data, 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := Restore(context.Background(), restorer, backup, path)
		if !errors.Is(err, tt.target) {
			t.Errorf("Restore(%s) = %v, want %v", tt.name, err, tt.target)
		}
		if !bytes.Equal(fileBytes(t, path), before) {
			t.Errorf("Restore(%s) changed the database file", tt.name)
		}
		entries, _ := os.ReadDir(filepath.Dir(path))
		for _, e := range entries {
			if e.Name() != filepath.Base(path) {
				t.Errorf("Restore(%s) left %s beside the database", tt.name, e.Name())
			}
		}
	}
	// The database itself is no backup of itself.
	if _, err := Restore(context.Background(), restorer, path, path); !errors.Is(err, ErrInvalid) {
		t.Errorf("Restore(db onto itself) = %v, want ErrInvalid", err)
	}
}

func TestRestoreOverDamagedDatabaseKeepsIt(t *testing.T) {
	backup := makeBackup(t, 2)
	path := filepath.Join(t.TempDir(), "baoan.db")
	garbage := bytes.Repeat([]byte("损坏"), 3000)
	os.WriteFile(path, garbage, 0o600)
	rep, err := Restore(context.Background(), restorer, backup, path)
	if err != nil {
		t.Fatalf("Restore over a damaged database: %v", err)
	}
	if !strings.HasSuffix(rep.SafetyCopy, "-damaged.db") || !bytes.Equal(fileBytes(t, rep.SafetyCopy), garbage) {
		t.Errorf("the damaged database was not kept byte for byte (copy %q)", rep.SafetyCopy)
	}
	if n := caseCount(t, path); n != 2 {
		t.Errorf("after restore: %d cases, want 2", n)
	}
	// A new place: nothing to keep.
	fresh := filepath.Join(t.TempDir(), "new", "baoan.db")
	rep, err = Restore(context.Background(), restorer, backup, fresh)
	if err != nil || rep.SafetyCopy != "" || caseCount(t, fresh) != 2 {
		t.Errorf("Restore to a new place = %+v, %v", rep, err)
	}
}

func TestRestoreRefusedWhileDatabaseInUse(t *testing.T) {
	old := rawBusyTimeout
	rawBusyTimeout = 100 * time.Millisecond
	t.Cleanup(func() { rawBusyTimeout = old })
	backup := makeBackup(t, 1)
	f := sqliteFx(t)
	f.newCase()
	f.newCase()
	_, err := Restore(context.Background(), restorer, backup, f.s.Path())
	if !errors.Is(err, ErrBusy) || !strings.Contains(UserMessage(err), "请先关闭") {
		t.Fatalf("Restore while the store is open = %v, want ErrBusy asking to close the others", err)
	}
	// Still the database it was, and still working.
	f.newCase()
	var n int64
	f.s.db.Raw(`SELECT COUNT(*) FROM cases`).Scan(&n)
	if n != 3 {
		t.Errorf("after a refused restore: %d cases, want 3", n)
	}
}

func TestAutoBackupDailyKeepsThirty(t *testing.T) {
	f := sqliteFx(t)
	f.newCase()
	path := f.s.Path()
	day := time.Date(2026, 5, 1, 8, 30, 0, 0, time.Local)
	for i := range 35 {
		now := day.AddDate(0, 0, i)
		got, err := AutoBackup(f.ctx, path, now)
		want := filepath.Join(BackupDir(path), "baoan-"+now.Format("2006-01-02")+".db")
		if err != nil || got != want {
			t.Fatalf("AutoBackup(day %d) = %q, %v; want %q", i, got, err, want)
		}
		// The second start of the day takes none.
		if again, err := AutoBackup(f.ctx, path, now.Add(3*time.Hour)); err != nil || again != "" {
			t.Fatalf("AutoBackup(day %d, again) = %q, %v; want nothing", i, again, err)
		}
	}
	// A hand-made backup and a pre-restore copy in the folder are never pruned.
	keep := []string{filepath.Join(BackupDir(path), "手工备份.db"), filepath.Join(BackupDir(path), "baoan-before-restore-20260501-080000.db")}
	for _, k := range keep {
		os.WriteFile(k, []byte("x"), 0o600)
	}
	if _, err := AutoBackup(f.ctx, path, day.AddDate(0, 0, 35)); err != nil {
		t.Fatal(err)
	}
	all, err := autoBackups(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != KeepBackups {
		t.Errorf("%d daily backups kept, want %d", len(all), KeepBackups)
	}
	if want := "baoan-" + day.AddDate(0, 0, 35).Format("2006-01-02") + ".db"; filepath.Base(all[0]) != want {
		t.Errorf("newest backup %s, want %s", all[0], want)
	}
	if want := "baoan-" + day.AddDate(0, 0, 6).Format("2006-01-02") + ".db"; filepath.Base(all[len(all)-1]) != want {
		t.Errorf("oldest backup kept %s, want %s", all[len(all)-1], want)
	}
	for _, k := range keep {
		if _, err := os.Stat(k); err != nil {
			t.Errorf("%s was pruned: %v", k, err)
		}
	}
	// No database yet (first start): nothing to back up.
	if got, err := AutoBackup(f.ctx, filepath.Join(t.TempDir(), "baoan.db"), day); got != "" || err != nil {
		t.Errorf("AutoBackup(no database) = %q, %v", got, err)
	}
}

func TestNewestBackupSkipsDamaged(t *testing.T) {
	f := sqliteFx(t)
	f.newCase()
	path := f.s.Path()
	if _, err := NewestBackup(f.ctx, path); !errors.Is(err, ErrNotFound) || !strings.Contains(UserMessage(err), "还没有自动备份") {
		t.Errorf("NewestBackup(none) = %v, want ErrNotFound", err)
	}
	day := time.Date(2026, 6, 1, 9, 0, 0, 0, time.Local)
	first, _ := AutoBackup(f.ctx, path, day)
	f.newCase()
	second, _ := AutoBackup(f.ctx, path, day.AddDate(0, 0, 1))
	info, err := NewestBackup(f.ctx, path)
	if err != nil || info.Path != second || info.Cases != 2 {
		t.Errorf("NewestBackup = %+v, %v; want %s with 2 cases", info, err, second)
	}
	whole := fileBytes(t, second)
	os.WriteFile(second, whole[:len(whole)/2], 0o600)
	info, err = NewestBackup(f.ctx, path)
	if err != nil || info.Path != first || info.Cases != 1 {
		t.Errorf("NewestBackup with the newest truncated = %+v, %v; want %s", info, err, first)
	}
	os.WriteFile(first, nil, 0o600)
	if _, err := NewestBackup(f.ctx, path); !errors.Is(err, ErrNotFound) || !strings.Contains(UserMessage(err), "没有可用的备份") {
		t.Errorf("NewestBackup(all damaged) = %v, want ErrNotFound", err)
	}
}

func TestOpenClassifiesDamagedFiles(t *testing.T) {
	good := makeBackup(t, 2)
	whole := fileBytes(t, good)
	dir := t.TempDir()
	blocker := filepath.Join(dir, "blocker")
	os.WriteFile(blocker, []byte("a file where a folder should be"), 0o600)
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, data, 0o600)
		return p
	}
	tests := []struct {
		name   string
		path   string
		target error
		want   string
	}{
		{"truncated", write("half.db", whole[:len(whole)/2]), ErrDamaged, "不完整"},
		{"header only", write("head.db", whole[:40]), ErrDamaged, "不完整"},
		{"foreign", write("letter.db", bytes.Repeat([]byte("信"), 3000)), ErrNotADB, "不是有效的数据库"},
		{"folder cannot be made", filepath.Join(blocker, "sub", "baoan.db"), ErrNoFolder, "无法创建数据库文件夹"},
		{"a folder", dir, ErrNotADB, "是一个文件夹"},
	}
	for _, tt := range tests {
		s, err := Open(tt.path)
		if err == nil {
			s.Close()
		}
		if !errors.Is(err, tt.target) || !strings.Contains(UserMessage(err), tt.want) {
			t.Errorf("Open(%s) = %v, want %v saying %q", tt.name, err, tt.target, tt.want)
		}
	}
}

func TestWriteOnFullDatabaseSaysSoAndKeepsData(t *testing.T) {
	f := sqliteFx(t)
	f.newCase()
	// One connection, so that the page limit below holds for every statement; SQLite
	// answers a write past max_page_count exactly as it answers a full disk (SQLITE_FULL).
	sqlDB, _ := f.s.db.DB()
	sqlDB.SetMaxOpenConns(1)
	var pages int64
	f.s.db.Raw(`PRAGMA page_count`).Scan(&pages)
	if err := f.s.db.Exec(fmt.Sprintf(`PRAGMA max_page_count = %d`, pages)).Error; err != nil {
		t.Fatal(err)
	}
	before := f.counts()
	c := f.caseInput(func(c *model.Case) { c.Summary = strings.Repeat("长篇材料", 1000) })
	_, err := f.s.CreateCase(f.ctx, f.clerk, c, []model.Petitioner{f.petitioner("钱九")})
	if !errors.Is(err, ErrDiskFull) || !strings.HasPrefix(UserMessage(err), "无法写入磁盘：磁盘空间已满。本次修改没有保存") {
		t.Fatalf("CreateCase on a full disk = %v (user sees %q), want ErrDiskFull", err, UserMessage(err))
	}
	sameCounts(t, before, f.counts())
	f.s.db.Exec(`PRAGMA max_page_count = 1073741823`)
	if _, err := f.s.CreateCase(f.ctx, f.clerk, c, []model.Petitioner{f.petitioner("钱九")}); err != nil {
		t.Errorf("CreateCase once there is room again: %v", err)
	}
	path := f.s.Path()
	f.s.Close()
	checkSound(t, path)
}

// sqliteFx is newFx on a SQLite file whatever BAOAN_TEST_PG says: backups, restores and
// the file's failures are about SQLite files.
func sqliteFx(t *testing.T) *fx {
	t.Helper()
	return newFxOn(t, openSQLite(t))
}
