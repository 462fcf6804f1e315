package ui

import "fyne.io/fyne/v2"

// SettingsEditor is what the 设置 screen needs from the database.
type SettingsEditor interface{}

// settings is the 设置 screen.
type settings struct {
	e    *env
	view fyne.CanvasObject
}

func newSettings(e *env) *settings { return &settings{e: e, view: comingSoon()} }
