package ui

import (
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
)

// Backups is what the backup and restore screens need from the database.
type Backups interface{}

// showBackup makes a consistent copy of the database where the user chooses.
func showBackup(e *env) {
	dialog.ShowInformation(lang.L("nav.settings"), lang.L("screen.coming_soon"), e.win)
}

// showRestore restores the database from a backup file the user chooses, after checking it.
func showRestore(e *env) {
	dialog.ShowInformation(lang.L("nav.settings"), lang.L("screen.coming_soon"), e.win)
}
