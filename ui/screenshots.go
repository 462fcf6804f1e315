package ui

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

// Screenshots drives the real window through every screen and saves each, as the user
// sees it, into dir as PNG files (`make screenshots`, under Xvfb, for the README): the
// login screen, then signed in as login/password every screen of the rail, the
// registration form with its validation messages, and every tab of case caseID in its
// window. grab saves what the screen shows into a PNG file; nil uses Fyne's own canvas
// capture, which some software OpenGL setups (Xvfb's) answer with a black picture, so
// `make screenshots` grabs the X display instead. It quits the app when done; the error,
// if any, is returned after Run ends.
//
// The waits are generous and fixed because this runs against the real driver, which has
// no "the screen has finished loading" signal; nothing here is a test.
func Screenshots(a fyne.App, backend Backend, opts Options, dir, login, password string, caseID int64, grab func(path string) error) error {
	prepareApp(a)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("截图文件夹 %s 无法创建：%w", dir, err)
	}
	var failed error
	a.Lifecycle().SetOnStarted(func() {
		s := startSession(a, backend, opts, &background{})
		s.win.Resize(fyne.NewSize(defaultWidth, defaultHeight))
		go func() {
			failed = shoot(a, s, dir, login, password, caseID, grab)
			fyne.Do(a.Quit)
		}()
	})
	a.Run()
	return failed
}

func shoot(a fyne.App, s *session, dir, login, password string, caseID int64, grab func(string) error) error {
	settle := func() { time.Sleep(2500 * time.Millisecond) }
	n := 0
	save := func(w fyne.Window, name string) error {
		if grab != nil {
			n++
			return grab(filepath.Join(dir, fmt.Sprintf("%02d-%s.png", n, name)))
		}
		var img image.Image
		fyne.DoAndWait(func() { img = w.Canvas().Capture() })
		n++
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("%02d-%s.png", n, name)))
		if err != nil {
			return err
		}
		defer f.Close()
		return png.Encode(f, img)
	}

	settle()
	var ok bool
	fyne.DoAndWait(func() {
		if ok = s.login != nil; ok {
			s.login.login.SetText(login)
			s.login.password.SetText("")
		}
	})
	if !ok {
		return fmt.Errorf("截图：数据库还没有账号，请先用 baoan user add 创建 %s", login)
	}
	if err := save(s.win, "login"); err != nil {
		return err
	}
	fyne.DoAndWait(func() {
		s.login.password.SetText(password)
		s.login.onSubmit()
	})
	settle()
	var m *mainWindow
	fyne.DoAndWait(func() { m = s.main })
	if m == nil {
		return fmt.Errorf("截图：账号 %s 无法登录", login)
	}
	for _, id := range []string{screenDashboard, screenLedger, screenRegister, screenLeaders, screenStatistics, screenSettings} {
		fyne.DoAndWait(func() { m.show(id) })
		settle()
		if err := save(s.win, id); err != nil {
			return err
		}
	}
	fyne.DoAndWait(func() {
		m.show(screenRegister)
		if m.register != nil {
			m.register.onSave() // an empty form: every required field says what is missing
		}
	})
	settle()
	if err := save(s.win, "register-errors"); err != nil {
		return err
	}

	var cd *caseDetail
	var w fyne.Window
	fyne.DoAndWait(func() {
		w = a.NewWindow(lang.L("app.title"))
		e := *m.env
		e.win = w
		cd = newCaseDetail(&e, caseID)
		w.SetContent(cd.view)
		w.Resize(fyne.NewSize(defaultWidth, defaultHeight))
		w.Show()
	})
	settle()
	var tabs int
	fyne.DoAndWait(func() {
		if cd.tabs != nil {
			tabs = len(cd.tabs.Items)
		}
	})
	for i := 0; i < max(tabs, 1); i++ {
		fyne.DoAndWait(func() {
			if cd.tabs != nil {
				cd.tabs.SelectIndex(i)
			}
		})
		time.Sleep(800 * time.Millisecond)
		if err := save(w, fmt.Sprintf("case-%d", i+1)); err != nil {
			return err
		}
	}
	return nil
}
