package ui

import "fyne.io/fyne/v2"

// register is the 登记 screen. It will hold the keyboard-first registration form with the
// repeat-petitioner panel; for now it says that it is not there yet.
type register struct {
	view fyne.CanvasObject
}

func newRegister() *register { return &register{view: comingSoon()} }
