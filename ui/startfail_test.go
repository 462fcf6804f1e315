package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// overlayButtons are the buttons of the window's topmost dialog.
func overlayButtons(w fyne.Window) []*widget.Button {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return nil
	}
	var out []*widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Button:
			out = append(out, x)
			return
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
			return
		}
		if wd, ok := o.(fyne.Widget); ok {
			for _, c := range test.WidgetRenderer(wd).Objects() {
				walk(c)
			}
		}
	}
	walk(top)
	return out
}

// confirmDialog taps the topmost dialog's main button: "yes" of a confirmation, "OK" of a
// message (Fyne marks the confirming button as the important one, or it is the only one).
func confirmDialog(t *testing.T, w fyne.Window) {
	t.Helper()
	buttons := overlayButtons(w)
	for _, b := range buttons {
		if b.Importance == widget.HighImportance || len(buttons) == 1 {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("no confirming button in the dialog %q", overlayText(w))
}

// failActions are start-failure actions that record what was asked of them.
type failActions struct {
	tried     []string
	openErr   error
	newestErr error
	restoreEr error
	restored  int
	restarted []string
}

func (f *failActions) actions() StartFailActions {
	return StartFailActions{
		TryOpen: func(path string) error { f.tried = append(f.tried, path); return f.openErr },
		NewestBackup: func(context.Context) (string, error) {
			return "备份文件 /office/backups/baoan-2026-06-29.db：信访事项 120 件", f.newestErr
		},
		RestoreNewest: func(context.Context) (string, error) {
			f.restored++
			return "已从备份文件 /office/backups/baoan-2026-06-29.db 恢复数据库。", f.restoreEr
		},
		Restart: func(path string) { f.restarted = append(f.restarted, path) },
	}
}

func newTestStartFail(t *testing.T, f StartFailure, act *failActions) *startFail {
	t.Helper()
	a := newTestApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(720, 420))
	s := newStartFail(a, w, f, act.actions(), &background{hold: true})
	w.SetContent(s.view)
	return s
}

func TestStartFailureSaysWhatAndOffersTheWaysOut(t *testing.T) {
	tests := []struct {
		kind      FailureKind
		want      string
		restoreOK bool
	}{
		{FailNotADB, "不是本系统的数据库", true},
		{FailDamaged, "已损坏或不完整", true},
		{FailNewer, "由更新版本的程序创建", false},
		{FailReadOnly, "无法写入数据库 /office/baoan.db", false},
		{FailNoFolder, "无法创建数据库所在的文件夹 /office", false},
		{FailBusy, "正被另一个程序长时间占用", true},
		{FailOther, "无法打开数据库 /office/baoan.db", true},
	}
	for _, tt := range tests {
		s := newTestStartFail(t, StartFailure{Kind: tt.kind, Path: "/office/baoan.db", Detail: "数据库文件已损坏：文件不完整"}, &failActions{})
		text := s.message.Text
		if !strings.Contains(text, tt.want) || !strings.Contains(text, "详细信息：数据库文件已损坏：文件不完整") {
			t.Errorf("kind %d: message %q, want %q and the detail", tt.kind, text, tt.want)
		}
		if s.restore.Disabled() == tt.restoreOK {
			t.Errorf("kind %d: restore button disabled = %v, want %v", tt.kind, s.restore.Disabled(), !tt.restoreOK)
		}
		if s.open.Disabled() || s.create.Disabled() || s.quit.Disabled() {
			t.Errorf("kind %d: opening another file, creating one or quitting is not offered", tt.kind)
		}
		if s.open.Text != "打开其他数据库文件" || s.restore.Text != "从最新备份恢复" || s.quit.Text != "退出" {
			t.Errorf("buttons %q %q %q", s.open.Text, s.restore.Text, s.quit.Text)
		}
	}
}

// A PostgreSQL server that cannot be reached is named without the password of its
// connection string.
func TestStartFailureHidesThePassword(t *testing.T) {
	s := newTestStartFail(t, StartFailure{Kind: FailOther, Path: "postgres://baoan:s3cret@db.office/baoan", Detail: "connection refused"}, &failActions{})
	if text := s.message.Text; strings.Contains(text, "s3cret") || !strings.Contains(text, "postgres://baoan:***@db.office/baoan") {
		t.Errorf("message %q; want the server named with its password hidden", text)
	}
}

func TestStartFailureOpenOther(t *testing.T) {
	act := &failActions{openErr: errors.New("数据库文件已损坏：文件 /x/old.db 不完整")}
	s := newTestStartFail(t, StartFailure{Kind: FailDamaged, Path: "/office/baoan.db"}, act)
	s.tryOpen("/x/old.db")
	s.bg.drain()
	if msg := overlayText(s.win); !strings.Contains(msg, "无法使用 /x/old.db：数据库文件已损坏") || len(act.restarted) != 0 {
		t.Errorf("a file that does not open: dialog %q, restarted %v", msg, act.restarted)
	}
	dismissOverlays(s.win)
	act.openErr = nil
	s.tryOpen("/x/good.db")
	s.bg.drain()
	if len(act.restarted) != 1 || act.restarted[0] != "/x/good.db" {
		t.Errorf("a file that opens: restarted %v, want on /x/good.db", act.restarted)
	}
}

func TestStartFailureRestoreNewest(t *testing.T) {
	act := &failActions{newestErr: errors.New("记录不存在：备份文件夹 /office/backups 中还没有自动备份")}
	s := newTestStartFail(t, StartFailure{Kind: FailDamaged, Path: "/office/baoan.db"}, act)
	test.Tap(s.restore)
	s.bg.drain()
	if msg := overlayText(s.win); !strings.Contains(msg, "没有可以恢复的备份：记录不存在") || act.restored != 0 {
		t.Errorf("no backup: dialog %q, restored %d", msg, act.restored)
	}
	dismissOverlays(s.win)

	act.newestErr = nil
	test.Tap(s.restore)
	s.bg.drain()
	if msg := overlayText(s.win); !strings.Contains(msg, "信访事项 120 件") || !strings.Contains(msg, "另存到 backups 文件夹") {
		t.Fatalf("confirmation %q, want the backup described", msg)
	}
	if act.restored != 0 {
		t.Fatalf("restored before the user agreed")
	}
	confirmDialog(t, s.win)
	s.bg.drain()
	if msg := overlayText(s.win); act.restored != 1 || !strings.Contains(msg, "已从备份文件") || !strings.Contains(msg, "程序将重新启动") {
		t.Fatalf("after restoring: %d restores, dialog %q", act.restored, msg)
	}
	if len(act.restarted) != 0 {
		t.Errorf("restarted before the user read the report")
	}
	confirmDialog(t, s.win)
	if len(act.restarted) != 1 || act.restarted[0] != "/office/baoan.db" {
		t.Errorf("after the report: restarted %v, want on the database", act.restarted)
	}

	// A failed restore says so and stays.
	dismissOverlays(s.win)
	act.restoreEr = errors.New("无法写入磁盘：磁盘空间已满")
	s.restoreNewest()
	s.bg.drain()
	if msg := overlayText(s.win); !strings.Contains(msg, "恢复没有完成，数据库没有改变：无法写入磁盘") || len(act.restarted) != 1 {
		t.Errorf("failed restore: dialog %q, restarted %v", msg, act.restarted)
	}
}

func TestCrashViewOffersRestart(t *testing.T) {
	a := newTestApp(t)
	restarted := 0
	view := newCrashView(a, "程序内部出错：panic: boom\n\n详细情况已记录在日志文件 /office/baoan.log 中。", func() { restarted++ })
	w := test.NewTempWindow(t, view)
	var texts []string
	var restart *widget.Button
	test.LaidOutObjects(w.Content())
	for _, o := range test.LaidOutObjects(w.Content()) {
		switch x := o.(type) {
		case *widget.Label:
			texts = append(texts, x.Text)
		case *widget.Button:
			if x.Text == "重新启动" {
				restart = x
			}
		}
	}
	all := strings.Join(texts, "\n")
	if !strings.Contains(all, "程序遇到意外错误，已经退出") || !strings.Contains(all, "/office/baoan.log") {
		t.Errorf("crash window shows %q", all)
	}
	if restart == nil {
		t.Fatal("no 重新启动 button")
	}
	test.Tap(restart)
	if restarted != 1 {
		t.Errorf("restart called %d times", restarted)
	}
}

func TestPanicInBackgroundWorkIsShown(t *testing.T) {
	a := newTestApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(800, 600))
	var logged []string
	SetPanicReporter(func(v any, stack []byte) string {
		logged = append(logged, string(stack))
		return "程序内部出错：" + errors.New("boom").Error() + "（已记录日志）"
	})
	t.Cleanup(func() { SetPanicReporter(nil) })
	bg := &background{hold: true}
	bg.run(func() func() {
		var m map[string]int
		m["x"]++
		return nil
	})
	bg.drain()
	if len(logged) != 1 || !strings.Contains(logged[0], "TestPanicInBackgroundWorkIsShown") {
		t.Errorf("the panic was not logged with its stack: %q", logged)
	}
	if msg := overlayText(w); !strings.Contains(msg, "程序内部出错：boom（已记录日志）") {
		t.Errorf("the window shows %q, want the report", msg)
	}
	_ = a
	// Work that does not panic runs as before.
	done := false
	bg.run(func() func() { return func() { done = true } })
	bg.drain()
	if !done {
		t.Errorf("work after a panic did not apply")
	}
}
