// Command screenshots saves a picture of every screen of the real window, for the README
// (`make screenshots` runs it under Xvfb on a demo database). It is a developer's tool,
// not part of what an office installs.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"

	"fyne.io/fyne/v2/app"

	"baoan/store"
	"baoan/ui"
)

func main() {
	db := flag.String("db", "", "数据库文件（含演示数据和账号）")
	out := flag.String("out", "docs/screenshots", "截图保存到的文件夹")
	login := flag.String("login", "admin", "登录账号")
	password := flag.String("password", "", "登录密码")
	caseID := flag.Int64("case", 1, "案件详情截图所用的案件内部编号")
	flag.Parse()
	if *db == "" || *password == "" {
		fmt.Fprintln(os.Stderr, "用法：screenshots --db 文件 --password 密码 [--login admin] [--out 文件夹] [--case 1]")
		os.Exit(2)
	}
	s, err := store.Open(*db)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer s.Close()
	a := app.NewWithID("cn.gov.xinfang.baoan.screenshots")
	// The X display as it is, window decorations and all: Fyne's canvas capture comes
	// back black under Xvfb's software OpenGL.
	grab := func(path string) error {
		out, err := exec.Command("import", "-window", "root", path).CombinedOutput()
		if err != nil {
			return fmt.Errorf("import %s: %v %s", path, err, out)
		}
		return nil
	}
	if err := ui.Screenshots(a, s, ui.Options{}, *out, *login, *password, *caseID, grab); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
