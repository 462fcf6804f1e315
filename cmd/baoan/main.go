// Command baoan is the 信访包案 desktop application and its command line: with no command
// it opens the window, otherwise it runs the command (see package cli).
package main

import (
	"context"
	"fmt"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"

	"baoan/cli"
	"baoan/demo"
	"baoan/model"
	"baoan/store"
	"baoan/ui"
)

func main() {
	cfg, err := cli.ParseGlobal(os.Args[1:], os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(cli.ExitUsage)
	}
	if cfg.Command != "" || cfg.Version {
		os.Exit(cli.Main(context.Background(), cfg, cli.IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}))
	}
	a := app.NewWithID("cn.gov.xinfang.baoan")
	s, err := store.Open(cfg.DB)
	if err != nil {
		showFatal(a, err)
		return
	}
	defer s.Close()
	names, err := loadNames(s)
	if err != nil {
		showFatal(a, err)
		return
	}
	// Until accounts and login arrive (issues 3 and 5) the window acts as the
	// operating-system user, exactly as the command line does.
	ui.Run(a, s, ui.Options{Actor: cli.Actor(), Names: names, Version: cli.Version,
		LoadDemo: func(ctx context.Context, actor model.Actor, n int, progress func(done, total int)) error {
			return demo.Load(ctx, s, actor, demo.Options{Cases: n, Seed: 1, Today: model.Today(), Progress: progress})
		}})
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

// showFatal tells the user, in a window, why the database cannot be used.
func showFatal(a fyne.App, err error) {
	a.Settings().SetTheme(ui.NewTheme())
	w := a.NewWindow("信访包案管理系统")
	msg := widget.NewLabel("无法打开数据库：\n" + err.Error() + "\n\n可用 --db 指定其他数据库文件后重新启动。")
	msg.Wrapping = fyne.TextWrapWord
	w.SetContent(msg)
	w.Resize(fyne.NewSize(640, 240))
	w.ShowAndRun()
	os.Exit(cli.ExitUser)
}
