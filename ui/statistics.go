package ui

import "fyne.io/fyne/v2"

// StatsSource is what the 统计 screen needs from the database.
type StatsSource interface{}

// statistics is the 统计 screen.
type statistics struct {
	e    *env
	view fyne.CanvasObject
}

func newStatistics(e *env) *statistics { return &statistics{e: e, view: comingSoon()} }
