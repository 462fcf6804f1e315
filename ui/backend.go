package ui

import (
	"context"
	"fmt"

	"baoan/model"
)

// Backend is everything the window needs from the database. *store.Store satisfies it;
// the interface lives here so that ui depends on what it uses, not on GORM.
// Each screen declares the methods it uses in its own file; Backend is all of them.
type Backend interface {
	CaseLister
	LedgerLists
	DashboardSource
	Registrar
	CaseEditor
	LeaderBook
	SettingsEditor
	StatsSource
	Accounts
	UserAdmin
	LedgerIO
	Backups
}

// CaseLister pages through the ledger (台账).
type CaseLister interface {
	// ListCases returns up to p.Limit cases matching f, ordered by p.Sort (ties broken by
	// id) and starting after p.After, with the cursor to pass as After for the next page:
	// the zero Cursor when there is no next page.
	ListCases(ctx context.Context, a model.Actor, f model.CaseFilter, p model.PageRequest) ([]model.Case, model.Cursor, error)
	// CountCases is how many cases match f: the "共 N 件" above the ledger.
	CountCases(ctx context.Context, a model.Actor, f model.CaseFilter) (int64, error)
}

// Names turns dictionary ids into the names the ledger shows. It is called for every
// visible cell on the UI goroutine, so an implementation answers from memory.
type Names interface {
	CategoryName(id int64) string // 问题类别
	StreetName(id int64) string   // 所属街道
}

// NameMap is a Names over maps loaded once, for example from the store's categories and
// streets when the app starts. An unknown id shows as "#id" so that a gap in the
// dictionary is visible rather than blank.
type NameMap struct {
	Categories map[int64]string
	Streets    map[int64]string
}

func (m NameMap) CategoryName(id int64) string { return lookupName(m.Categories, id) }
func (m NameMap) StreetName(id int64) string   { return lookupName(m.Streets, id) }

func lookupName(m map[int64]string, id int64) string {
	if id == 0 {
		return ""
	}
	if n, ok := m[id]; ok {
		return n
	}
	return fmt.Sprintf("#%d", id)
}
