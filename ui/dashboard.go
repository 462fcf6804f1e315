package ui

import "fyne.io/fyne/v2"

// DashboardSource is what the 工作台 screen needs from the database.
type DashboardSource interface{}

// dashboard is the 工作台 screen.
type dashboard struct {
	e    *env
	view fyne.CanvasObject
}

func newDashboard(e *env) *dashboard { return &dashboard{e: e, view: comingSoon()} }
