package ui

import "fyne.io/fyne/v2"

// settings is the 设置 screen. It will edit the dictionaries, holidays and deadline settings;
// for now it says that it is not there yet.
type settings struct {
	view fyne.CanvasObject
}

func newSettings() *settings { return &settings{view: comingSoon()} }
