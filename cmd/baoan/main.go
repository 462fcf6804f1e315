// Command baoan is the 信访包案 desktop application and its command line: with no command
// it opens the window, otherwise it runs the command (see package cli).
//
// The window's process is watched by a crash monitor (package applog): the same program,
// started again, which shows what happened if the first one dies. When the database
// cannot be opened the start-failure window offers another file or the newest backup;
// choosing one, or restoring a backup from inside the app, starts the program afresh on
// it, since every window holds the database open.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"baoan/applog"
	"baoan/cli"
	"baoan/demo"
	"baoan/model"
	"baoan/store"
	"baoan/ui"
)

const appID = "cn.gov.xinfang.baoan"

func main() {
	if logPath := applog.MonitorLog(); logPath != "" {
		runMonitor(logPath)
		return
	}
	cfg, err := cli.ParseGlobal(os.Args[1:], os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(cli.ExitUsage)
	}
	if cfg.Command != "" || cfg.Version {
		os.Exit(cli.Main(context.Background(), cfg, cli.IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}))
	}
	// The app before the log: its preferences may name the database (设置 → 数据库),
	// and the log goes beside the database.
	a := app.NewWithID(appID)
	fromSettings := false
	if cfg.DBFromDefault {
		if t := strings.TrimSpace(a.Preferences().String(ui.PrefDatabaseTarget)); t != "" {
			cfg.DB, fromSettings = t, true
		}
	}
	l := openLog(cfg.DB)
	defer l.Close()
	if exe, err := os.Executable(); err == nil {
		if _, err := applog.StartMonitor(exe, os.Args[1:], l.Path()); err != nil {
			l.Printf("崩溃监视未启动：%v", err)
		}
	}
	ui.SetPanicReporter(l.Panic)

	l.Printf("启动：数据库 %s，版本 %s", store.RedactDSN(cfg.DB), cli.Version)
	if fromSettings {
		l.Printf("数据库来自程序设置（设置 → 数据库）；用 --db 启动可改用其他数据库")
	}
	s, err := store.Open(cfg.DB)
	if err != nil {
		startFailed(a, cfg.DB, err, l)
		return
	}
	defer s.Close()
	names, err := loadNames(s)
	if err != nil {
		s.Close()
		startFailed(a, cfg.DB, err, l)
		return
	}
	backups := autoBackup(a, cfg.DB, l)
	opts := ui.Options{Actor: cli.Actor(), Names: names, Version: cli.Version,
		DatabaseTarget: cfg.DB, TestDatabase: testDatabase,
		LoadDemo: func(ctx context.Context, actor model.Actor, n int, progress func(done, total int)) error {
			return demo.Load(ctx, s, actor, demo.Options{Cases: n, Seed: 1, Today: model.Today(), Progress: progress})
		}}
	if s.Dialect() == store.SQLite {
		opts.CheckBackup = checkBackup
		opts.Restore = func(ctx context.Context, actor model.Actor, path string) (string, error) {
			backups.Wait() // the day's backup reads through a connection of its own
			s.Close()
			return restore(ctx, actor, path, cfg.DB, l)
		}
		opts.Restart = func() { restart(a, cfg.DB, l) }
	}
	ui.Run(a, s, opts)
}

// openLog opens the log beside the database (or in the user's configuration folder for
// PostgreSQL), and makes it the standard logger's output too, which is where Fyne
// reports its errors. A log that cannot be opened goes to standard error alone.
func openLog(db string) *applog.Log {
	fallback := os.TempDir()
	if dir, err := os.UserConfigDir(); err == nil {
		fallback = filepath.Join(dir, "baoan")
	}
	l, err := applog.Open(applog.PathFor(db, fallback))
	if err != nil {
		l, err = applog.Open(filepath.Join(os.TempDir(), applog.FileName))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "无法打开日志文件：", err)
		return nil
	}
	log.SetOutput(io.MultiWriter(os.Stderr, l))
	return l
}

// runMonitor is the crash monitor's life: wait for the program to end and, if it
// crashed, show what happened and offer to start it again.
func runMonitor(logPath string) {
	applog.RunMonitor(os.Stdin, logPath, func(report string) {
		a := app.NewWithID(appID)
		ui.RunCrashReport(a, report, func() {
			if err := startProgram(os.Args[1:]); err != nil {
				fmt.Fprintln(os.Stderr, "无法重新启动：", err)
			}
		})
	})
}

// autoBackup takes the day's automatic backup in the background (the program's first
// start of the day), and tells the user if it fails. Wait on the result before closing
// the database.
func autoBackup(a fyne.App, db string, l *applog.Log) *sync.WaitGroup {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		path, err := store.AutoBackup(context.Background(), db, time.Now())
		switch {
		case err != nil:
			l.Printf("自动备份失败：%v", err)
			a.SendNotification(fyne.NewNotification("自动备份失败", store.UserMessage(err)))
		case path != "":
			l.Printf("自动备份：%s", path)
		}
	}()
	return &wg
}

// testDatabase tries a database for 设置 → 数据库 and closes it again. A file that does
// not exist is refused rather than created: a mistyped path would otherwise start the
// office at its next start on a new, empty database.
func testDatabase(_ context.Context, target string) error {
	if !strings.HasPrefix(target, "postgres://") && !strings.HasPrefix(target, "postgresql://") {
		info, err := os.Stat(target)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("数据库文件「%s」不存在：请检查路径是否写错；要新建数据库，请用 baoan --db 新文件路径 启动一次", target)
		case err != nil:
			return fmt.Errorf("无法读取数据库文件「%s」（%v）：请检查路径和文件权限", target, err)
		case info.IsDir():
			return fmt.Errorf("「%s」是文件夹，不是数据库文件：请填写数据库文件（如 baoan.db）的完整路径", target)
		}
	}
	s, err := store.Open(target)
	if err != nil {
		return errors.New(store.UserMessage(err))
	}
	return s.Close()
}

// checkBackup describes a backup file for the restore screen.
func checkBackup(ctx context.Context, path string) (string, error) {
	info, err := store.CheckBackup(ctx, path)
	if err != nil {
		return "", errors.New(store.UserMessage(err))
	}
	return info.Summary(), nil
}

// restore replaces the (closed) database with the backup and says what was restored.
func restore(ctx context.Context, actor model.Actor, path, db string, l *applog.Log) (string, error) {
	rep, err := store.Restore(ctx, actor, path, db)
	if err != nil {
		l.Printf("恢复失败（%s，来自 %s）：%v", actor.Login, path, err)
		return "", errors.New(store.UserMessage(err))
	}
	l.Printf("已恢复（%s）：%s", actor.Login, rep.Summary())
	return rep.Summary(), nil
}

// startFailed shows the start-failure window for err and lets the user open another
// file or restore the newest backup; the program then starts afresh on it.
func startFailed(a fyne.App, db string, err error, l *applog.Log) {
	l.Printf("无法打开数据库 %s：%v", store.RedactDSN(db), err)
	restarted := false
	ui.RunStartFailure(a, ui.StartFailure{Kind: failureKind(err), Path: db, Detail: store.UserMessage(err)}, ui.StartFailActions{
		TryOpen: func(path string) error {
			s, err := store.Open(path)
			if err != nil {
				return errors.New(store.UserMessage(err))
			}
			return s.Close()
		},
		NewestBackup: func(ctx context.Context) (string, error) {
			info, err := store.NewestBackup(ctx, db)
			if err != nil {
				return "", errors.New(store.UserMessage(err))
			}
			return info.Summary(), nil
		},
		// No one can sign in to a database that does not open: the restore acts as the
		// operating-system user, as the command line does.
		RestoreNewest: func(ctx context.Context) (string, error) {
			info, err := store.NewestBackup(ctx, db)
			if err != nil {
				return "", errors.New(store.UserMessage(err))
			}
			return restore(ctx, cli.Actor(), info.Path, db, l)
		},
		Restart: func(path string) { restarted = restart(a, path, l) },
	})
	if !restarted {
		os.Exit(cli.ExitUser)
	}
}

// failureKind sorts an Open error for the start-failure window.
func failureKind(err error) ui.FailureKind {
	switch {
	case errors.Is(err, store.ErrNotADB):
		return ui.FailNotADB
	case errors.Is(err, store.ErrDamaged):
		return ui.FailDamaged
	case errors.Is(err, store.ErrNewerDB):
		return ui.FailNewer
	case errors.Is(err, store.ErrReadOnly):
		return ui.FailReadOnly
	case errors.Is(err, store.ErrNoFolder):
		return ui.FailNoFolder
	case errors.Is(err, store.ErrBusy):
		return ui.FailBusy
	}
	return ui.FailOther
}

// restart starts the program again on db and quits this one. It reports whether the new
// one started; if not, the user is told and this one keeps running.
func restart(a fyne.App, db string, l *applog.Log) bool {
	if err := startProgram([]string{"--db", db}); err != nil {
		l.Printf("无法重新启动：%v", err)
		a.SendNotification(fyne.NewNotification("无法重新启动", "请手动重新打开程序："+err.Error()))
		return false
	}
	a.Quit()
	return true
}

// startProgram starts this program with args as a process of its own, without the
// crash monitor's mark.
func startProgram(args []string) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.Command(exe, args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, applog.MonitorEnv+"=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	if os.Stdout != nil { // a Windows GUI program has none
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	return cmd.Process.Release()
}

// loadNames reads the street and category names the ledger shows.
func loadNames(s *store.Store) (ui.NameMap, error) {
	ctx := context.Background()
	m := ui.NameMap{Categories: map[int64]string{}, Streets: map[int64]string{}}
	streets, err := s.Streets(ctx)
	if err != nil {
		return m, err
	}
	for _, u := range streets {
		m.Streets[u.ID] = u.Name
	}
	cats, err := s.Categories(ctx)
	if err != nil {
		return m, err
	}
	for _, c := range cats {
		m.Categories[c.ID] = c.Name
	}
	return m, nil
}
