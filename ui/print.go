package ui

import (
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
)

// printPDF saves a generated PDF (name like "2026年10月月报.pdf") and opens it in the
// system viewer, offering the printer (lp) on Linux where it exists.
func printPDF(e *env, name string, data []byte) {
	dialog.ShowInformation(lang.L("nav.statistics"), lang.L("screen.coming_soon"), e.win)
}
