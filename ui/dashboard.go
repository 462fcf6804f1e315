package ui

import "fyne.io/fyne/v2"

// dashboard is the 工作台 screen. It will show today's intake, cases due soon or overdue, cases
// awaiting a decision and 挂牌督办 cases; for now it says that it is not there yet.
type dashboard struct {
	view fyne.CanvasObject
}

func newDashboard() *dashboard { return &dashboard{view: comingSoon()} }
