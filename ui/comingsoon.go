package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"
)

// comingSoon is what a screen that is not built yet shows: a plain statement, never
// sample figures that could be mistaken for the office's data.
func comingSoon() fyne.CanvasObject {
	return container.NewCenter(widget.NewLabel(lang.L("screen.coming_soon")))
}
