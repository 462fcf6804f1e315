package ui

import "fyne.io/fyne/v2"

// leaders is the 领导 screen. It will list the 包案 leaders with their workload and the 接访日
// schedule; for now it says that it is not there yet.
type leaders struct {
	view fyne.CanvasObject
}

func newLeaders() *leaders { return &leaders{view: comingSoon()} }
