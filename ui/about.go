package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// showAbout is the 关于 dialog: what the program is and which version runs, the first
// thing support asks.
func showAbout(win fyne.Window, version string) dialog.Dialog {
	if version == "" {
		version = lang.L("shell.about.unknown_version")
	}
	title := widget.NewLabelWithStyle(lang.L("app.title"), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	ver := widget.NewLabelWithStyle(lang.L("shell.about.version", map[string]any{"Version": version}), fyne.TextAlignCenter, fyne.TextStyle{})
	what := widget.NewLabel(lang.L("shell.about.text"))
	what.Wrapping = fyne.TextWrapWord
	what.Alignment = fyne.TextAlignCenter
	d := dialog.NewCustom(lang.L("shell.about.title"), lang.L("shell.about.close"), container.NewVBox(title, ver, what), win)
	d.Resize(fyne.NewSize(420, 0))
	d.Show()
	return d
}
