package ui

import "fyne.io/fyne/v2"

// Registrar is what the 登记 screen needs from the database.
type Registrar interface{}

// register is the 登记 screen.
type register struct {
	e    *env
	view fyne.CanvasObject
}

func newRegister(e *env) *register { return &register{e: e, view: comingSoon()} }
