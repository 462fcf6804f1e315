package ui

import "fyne.io/fyne/v2"

// LeaderBook is what the 领导 screen needs from the database.
type LeaderBook interface{}

// leaders is the 领导 screen.
type leaders struct {
	e    *env
	view fyne.CanvasObject
}

func newLeaders(e *env) *leaders { return &leaders{e: e, view: comingSoon()} }
