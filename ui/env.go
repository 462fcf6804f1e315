package ui

import (
	"fyne.io/fyne/v2"

	"baoan/model"
)

// env is what every screen is built with: the window it lives in, the database behind the
// Backend interface, who is signed in, and the way to other screens. Screens keep a
// pointer to it; a case opened in its own window gets a copy with that window.
type env struct {
	app     fyne.App
	win     fyne.Window
	backend Backend
	actor   model.Actor
	names   Names
	today   func() model.Date
	bg      *background
	nav     navigator
	opts    Options
}

// navigator is how a screen sends the user to another screen.
type navigator interface {
	// openCase shows the 案件 detail of one case (in its own window).
	openCase(id int64)
	// showLedger shows the 台账 filtered to f: a figure's drill-down.
	showLedger(f model.CaseFilter)
	// newCase shows an empty 登记 form (Ctrl+N).
	newCase()
	// dictionariesChanged tells the screens that streets, categories, units or leaders
	// were edited, so that names and pick lists are read again.
	dictionariesChanged()
}
