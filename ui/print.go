package ui

import (
	"errors"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
)

// Fyne has no print API, so printing is: save the PDF, open it in the system viewer (whose
// print dialog the user knows), and on Linux, where `lp` (CUPS) is installed, offer to
// send it to the default printer directly.

// printFolder is where printed files are kept: a folder under the user's documents, or
// under the temporary folder when there is no documents folder. A variable for tests.
var printFolder = func() string {
	if home, err := os.UserHomeDir(); err == nil {
		for _, docs := range []string{"Documents", "文档"} {
			if fi, err := os.Stat(filepath.Join(home, docs)); err == nil && fi.IsDir() {
				return filepath.Join(home, docs, "信访包案打印")
			}
		}
	}
	return filepath.Join(os.TempDir(), "baoan-print")
}

// lookLP finds the lp command, on Linux only: elsewhere the viewer's print dialog is the
// way to the printer. A variable for tests.
var lookLP = func() (string, error) {
	if runtime.GOOS != "linux" {
		return "", errors.New("lp is offered on Linux only")
	}
	return exec.LookPath("lp")
}

// printPDF saves a generated PDF (name like "2026年10月月报.pdf") and opens it in the
// system viewer, offering the printer (lp) on Linux where it exists.
func printPDF(e *env, name string, data []byte) {
	path, err := savePrintFile(printFolder(), name, data)
	if err != nil {
		showFailure(e, lang.L("statistics.print.doing_save"), err)
		return
	}
	u, err := url.Parse(storage.NewFileURI(path).String())
	if err == nil {
		err = e.app.OpenURL(u)
	}
	if err != nil {
		showFailure(e, lang.L("statistics.print.doing_open"), errors.New(lang.L("statistics.print.open_failed", map[string]any{"File": path, "Err": err.Error()})))
	}
	lp, lpErr := lookLP()
	if lpErr != nil {
		if err == nil {
			dialog.ShowInformation(lang.L("statistics.print.title"), lang.L("statistics.print.opened", map[string]any{"File": path}), e.win)
		}
		return
	}
	dialog.ShowConfirm(lang.L("statistics.print.title"), lang.L("statistics.print.ask_lp", map[string]any{"File": path}), func(ok bool) {
		if !ok {
			return
		}
		e.bg.run(func() func() {
			out, err := exec.Command(lp, path).CombinedOutput()
			return func() {
				if err != nil {
					msg := strings.TrimSpace(string(out))
					if msg == "" {
						msg = err.Error()
					}
					showFailure(e, lang.L("statistics.print.doing_lp"), errors.New(lang.L("statistics.print.lp_failed", map[string]any{"Err": msg})))
					return
				}
				dialog.ShowInformation(lang.L("statistics.print.title"), lang.L("statistics.print.sent"), e.win)
			}
		})
	}, e.win)
}

// savePrintFile writes data as name in dir, creating dir. A file of that name that cannot
// be replaced (open in a viewer that locks it, as on Windows) is left alone and the copy
// gets a number: 名称 (2).pdf.
func savePrintFile(dir, name string, data []byte) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", errors.New(lang.L("statistics.print.folder_failed", map[string]any{"Folder": dir, "Err": err.Error()}))
	}
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) {
			return '_'
		}
		return r
	}, name)
	ext := filepath.Ext(name)
	base := strings.TrimSuffix(name, ext)
	var err error
	for i := 1; i <= 20; i++ {
		path := filepath.Join(dir, name)
		if i > 1 {
			path = filepath.Join(dir, base+" ("+strconv.Itoa(i)+")"+ext)
		}
		if err = os.WriteFile(path, data, 0o644); err == nil {
			return path, nil
		}
	}
	return "", errors.New(lang.L("statistics.print.write_failed", map[string]any{"Folder": dir, "Err": err.Error()}))
}
