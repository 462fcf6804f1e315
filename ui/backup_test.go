package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"baoan/model"
	"baoan/store"
)

func TestBackupWritesACheckedCopy(t *testing.T) {
	s := openTestStore(t)
	e, _ := adminEnv(t, s, actAdmin)
	dir := t.TempDir()
	f := newBackupForm(e)
	if !strings.HasPrefix(f.name.Text, "baoan-"+testToday.String()) {
		t.Errorf("suggested name %q, want the day in it", f.name.Text)
	}
	f.folder.SetText(dir)
	f.name.SetText("办公室备份") // no extension: .db is added
	f.submit()
	e.bg.drain()
	dst := filepath.Join(dir, "办公室备份.db")
	if msg := overlayText(e.win); !strings.Contains(msg, "已备份到 "+dst) {
		t.Errorf("after backing up the window says %q", msg)
	}
	if _, err := store.CheckBackup(context.Background(), dst); err != nil {
		t.Errorf("the backup does not check: %v", err)
	}
	dismissOverlays(e.win)

	// An existing file is replaced only when the user agrees.
	before, _ := os.Stat(dst)
	f.submit()
	if msg := overlayText(e.win); !strings.Contains(msg, "已存在") {
		t.Fatalf("backing up onto an existing file asks %q", msg)
	}
	confirmDialog(t, e.win)
	e.bg.drain()
	if after, _ := os.Stat(dst); os.SameFile(before, after) { // a backup is renamed into place
		t.Errorf("the file was not replaced after agreeing")
	}
	dismissOverlays(e.win)

	f.name.SetText("  ")
	f.submit()
	if msg := overlayText(e.win); !strings.Contains(msg, "文件名不能为空") {
		t.Errorf("an empty name: %q", msg)
	}
}

func TestBackupRefusalIsShown(t *testing.T) {
	s := openTestStore(t)
	e, _ := adminEnv(t, s, actClerk)
	backupTo(e, filepath.Join(t.TempDir(), "x.db"))
	e.bg.drain()
	if msg := overlayText(e.win); !strings.Contains(msg, "备份没有完成：没有权限") || strings.Contains(msg, "store:") {
		t.Errorf("a clerk's backup: %q, want the refusal without the log's context", msg)
	}
	e, _ = adminEnv(t, s, actAdmin)
	backupTo(e, s.Path())
	e.bg.drain()
	if msg := overlayText(e.win); !strings.Contains(msg, "不能是正在使用的数据库") {
		t.Errorf("backing up onto the database itself: %q", msg)
	}
}

// restoreHooks are Options' restore functions that record their calls.
type restoreHooks struct {
	checkErr   error
	restoreErr error
	restored   []string
	by         []model.Actor
	restarts   int
}

func (h *restoreHooks) install(e *env) {
	e.opts.CheckBackup = func(ctx context.Context, path string) (string, error) {
		if h.checkErr != nil {
			return "", h.checkErr
		}
		return "备份文件 " + path + "：信访事项 12 件", nil
	}
	e.opts.Restore = func(ctx context.Context, a model.Actor, path string) (string, error) {
		h.restored, h.by = append(h.restored, path), append(h.by, a)
		return "已从备份文件 " + path + " 恢复数据库。", h.restoreErr
	}
	e.opts.Restart = func() { h.restarts++ }
}

func TestRestoreChecksAsksRestoresAndRestarts(t *testing.T) {
	s := openTestStore(t)
	e, _ := adminEnv(t, s, actAdmin)
	h := &restoreHooks{checkErr: errors.New("数据库文件已损坏：备份文件 /b/half.db 不完整")}
	h.install(e)

	restoreFrom(e, "/b/half.db")
	e.bg.drain()
	if msg := overlayText(e.win); !strings.Contains(msg, "不能用这个文件恢复，当前数据库没有改变：数据库文件已损坏") || len(h.restored) != 0 {
		t.Errorf("a damaged backup: %q, restored %v", msg, h.restored)
	}
	dismissOverlays(e.win)

	h.checkErr = nil
	restoreFrom(e, "/b/good.db")
	e.bg.drain()
	if msg := overlayText(e.win); !strings.Contains(msg, "信访事项 12 件") || !strings.Contains(msg, "重新启动") {
		t.Fatalf("confirmation %q", msg)
	}
	if len(h.restored) != 0 {
		t.Fatal("restored before the user agreed")
	}
	confirmDialog(t, e.win)
	e.bg.drain()
	if len(h.restored) != 1 || h.by[0] != actAdmin {
		t.Fatalf("restored %v by %v, want /b/good.db by the signed-in admin", h.restored, h.by)
	}
	if msg := overlayText(e.win); !strings.Contains(msg, "已从备份文件 /b/good.db 恢复数据库") || !strings.Contains(msg, "程序将重新启动") {
		t.Errorf("after restoring: %q", msg)
	}
	if h.restarts != 0 {
		t.Fatal("restarted before the user read the report")
	}
	confirmDialog(t, e.win)
	if h.restarts != 1 {
		t.Errorf("restarts = %d after the report, want 1", h.restarts)
	}

	// A restore that fails still restarts: the database was closed for it.
	h.restoreErr = errors.New("数据库正忙：另一个程序正在使用数据库")
	restoreNow(e, "/b/good.db")
	e.bg.drain()
	if msg := overlayText(e.win); !strings.Contains(msg, "恢复没有完成：数据库正忙") {
		t.Errorf("a failed restore: %q", msg)
	}
	confirmDialog(t, e.win)
	if h.restarts != 2 {
		t.Errorf("restarts = %d after a failed restore, want 2", h.restarts)
	}
}

func TestRestoreUnavailableWithoutHooks(t *testing.T) {
	s := openTestStore(t)
	e, _ := adminEnv(t, s, actAdmin)
	showRestore(e)
	if msg := overlayText(e.win); !strings.Contains(msg, "baoan restore") {
		t.Errorf("restore without the program's hooks says %q, want the command line", msg)
	}
}
