package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"baoan/store"
)

// casesIn is the number of cases in a database file, as CheckBackup counts them.
func casesIn(t *testing.T, path string) int64 {
	t.Helper()
	info, err := store.CheckBackup(context.Background(), path)
	if err != nil {
		t.Fatalf("CheckBackup(%s): %v", path, err)
	}
	return info.Cases
}

func TestBackupAndRestoreCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "office", "baoan.db")
	if code, _, stderr := runCLI(t, nil, "--db", db, "demo", "--cases", "40"); code != ExitOK {
		t.Fatalf("demo: exit %d, %s", code, stderr)
	}
	copy1 := filepath.Join(dir, "copy1.db")
	code, out, stderr := runCLI(t, nil, "--db", db, "backup", copy1)
	if code != ExitOK || !strings.Contains(out, "已备份：备份文件 "+copy1) || !strings.Contains(out, "信访事项 40 件") {
		t.Fatalf("backup: exit %d, out %q, stderr %q", code, out, stderr)
	}
	if n := casesIn(t, copy1); n != 40 {
		t.Errorf("the backup holds %d cases, want 40", n)
	}
	// An existing file is kept unless --force says otherwise; the flag may follow the file.
	code, _, stderr = runCLI(t, nil, "--db", db, "backup", copy1)
	if code != ExitUser || !strings.Contains(stderr, "已存在") || !strings.Contains(stderr, "--force") {
		t.Errorf("backup onto an existing file: exit %d, stderr %q; want 1 and advice", code, stderr)
	}
	if code, _, stderr = runCLI(t, nil, "--db", db, "backup", copy1, "--force"); code != ExitOK {
		t.Errorf("backup --force: exit %d, stderr %q", code, stderr)
	}

	// More cases, then restore: back to 40, the 80-case database kept beside.
	if code, _, stderr = runCLI(t, nil, "--db", db, "demo", "--cases", "40"); code != ExitOK {
		t.Fatalf("demo again: exit %d, %s", code, stderr)
	}
	code, out, stderr = runCLI(t, nil, "--db", db, "restore", copy1)
	if code != ExitOK || !strings.Contains(out, "已从备份恢复数据库。备份文件 "+copy1) || !strings.Contains(out, "恢复前的数据库已另存为") {
		t.Fatalf("restore: exit %d, out %q, stderr %q", code, out, stderr)
	}
	if n := casesIn(t, db); n != 40 {
		t.Errorf("after restore the database holds %d cases, want 40", n)
	}
	kept, _ := filepath.Glob(filepath.Join(store.BackupDir(db), "baoan-before-restore-*.db"))
	if len(kept) != 1 || casesIn(t, kept[0]) != 80 {
		t.Errorf("copies kept before restoring: %v, want one with 80 cases", kept)
	}

	// A truncated backup is refused and nothing changes.
	whole, _ := os.ReadFile(copy1)
	half := filepath.Join(dir, "half.db")
	os.WriteFile(half, whole[:len(whole)/2], 0o600)
	before, _ := os.ReadFile(db)
	code, _, stderr = runCLI(t, nil, "--db", db, "restore", half)
	if code != ExitUser || !strings.Contains(stderr, "没有恢复：数据库文件已损坏") || !strings.Contains(stderr, "不完整") {
		t.Errorf("restore of a truncated file: exit %d, stderr %q; want 1 naming the damage", code, stderr)
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Errorf("a refused restore changed the database")
	}
}

func TestBackupCommandErrors(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "baoan.db")
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--db", db, "backup"}, ExitUsage, "需要文件名"},
		{[]string{"--db", db, "backup", "a.db", "b.db"}, ExitUsage, "只接受一个文件"},
		{[]string{"--db", db, "backup", "--bogus", "a.db"}, ExitUsage, "参数有误"},
		{[]string{"--db", db, "restore"}, ExitUsage, "需要文件名"},
		{[]string{"--db", db, "backup", dir}, ExitUser, "是一个文件夹"},
		{[]string{"--db", db, "backup", filepath.Join(dir, "no", "such", "folder", "a.db")}, ExitUser, "不存在"},
		{[]string{"--db", db, "backup", db}, ExitUser, "已存在"},
		{[]string{"--db", db, "backup", db, "--force"}, ExitUser, "正在使用的数据库"},
		{[]string{"--db", db, "restore", filepath.Join(dir, "none.db")}, ExitUser, "找不到备份文件"},
		{[]string{"--db", "postgres://u@localhost:1/x", "restore", "a.db"}, ExitUser, "pg_restore"},
	}
	// The database exists, so that "already exists" is about it.
	if code, _, stderr := runCLI(t, nil, "--db", db, "demo", "--cases", "1"); code != ExitOK {
		t.Fatalf("demo: %d %s", code, stderr)
	}
	for _, tt := range tests {
		code, _, stderr := runCLI(t, nil, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("baoan %v: exit %d, stderr %q; want %d saying %q", tt.args[2:], code, stderr, tt.code, tt.want)
		}
	}
}
