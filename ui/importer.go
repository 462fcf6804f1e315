package ui

import (
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"

	"baoan/model"
)

// LedgerIO is what importing and exporting the Excel ledger (台账) needs from the database.
type LedgerIO interface{}

// showImport opens the 导入 dialog for an Excel ledger; done is called after a successful
// import (nil: nothing to do).
func showImport(e *env, done func()) {
	dialog.ShowInformation(lang.L("nav.ledger"), lang.L("screen.coming_soon"), e.win)
}

// exportLedger saves the cases matching f as an Excel ledger, asking where.
func exportLedger(e *env, f model.CaseFilter) {
	dialog.ShowInformation(lang.L("nav.ledger"), lang.L("screen.coming_soon"), e.win)
}
