package model

// CaseFilter selects cases for the ledger (台账), its export and every "click a figure to
// see its cases" link. Zero fields do not filter.
type CaseFilter struct {
	Statuses   []Status
	Channel    Channel
	CategoryID int64
	StreetID   int64
	UnitID     int64
	LeaderID   int64 // cases carried (包案) by this leader
	From, To   Date  // received between From and To, inclusive
	OverdueAt  Date  // open at the end of this day and past their due date
	// DueFrom and DueTo select cases whose running deadline falls between them, inclusive
	// (a zero bound is open): the 受理期限 of a registered case, the 办理期限 (extended or
	// not) of one being handled; cases in other states have no running clock. 工作台's
	// "due within 3 days" is DueFrom today, DueTo today+3.
	DueFrom, DueTo Date
	Repeat         bool    // only 重复信访
	Backlog        bool    // only 积案
	Supervised     bool    // only 挂牌督办
	Query          string  // search text: case text, petitioner name, ID number, phone
	IDs            []int64 // exactly these cases (a statistic's drill-down)
}

// SortKey is a ledger column the list can be ordered by.
type SortKey string

const (
	SortReceived SortKey = "received_on" // 登记日期 (default, newest first)
	SortDue      SortKey = "due_on"      // 办理期限
	SortNo       SortKey = "case_no"     // 信访编号
	SortStatus   SortKey = "status"
)

// Cursor marks where the previous page ended, for keyset pagination: the sort value and
// the id of the last row shown. The zero Cursor starts at the top.
type Cursor struct {
	Value string
	ID    int64
}

// PageRequest asks for one page of the ledger.
type PageRequest struct {
	Sort  SortKey
	Desc  bool
	After Cursor
	Limit int
}
