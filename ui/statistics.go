package ui

import "fyne.io/fyne/v2"

// statistics is the 统计 screen. It will show the metrics of a period and print the monthly
// report; for now it says that it is not there yet.
type statistics struct {
	view fyne.CanvasObject
}

func newStatistics() *statistics { return &statistics{view: comingSoon()} }
