package model

// AuditFilter selects entries of the 操作记录 for the administrator's screen and its
// export. Zero fields do not filter. Entries come newest first; BeforeID is the keyset
// cursor (the id of the last entry of the previous page, 0 for the first page).
type AuditFilter struct {
	Actor    string // 操作人: the login exactly as recorded
	CaseNo   string // 信访编号 of the case the entries belong to
	From, To Date   // days (local time) the entries were written on, both included
	BeforeID int64
	Limit    int
}

// AuditRow is an audit entry as the 操作记录 screen lists it: with the number of the
// case it belongs to ("" when none).
type AuditRow struct {
	AuditEntry
	CaseNo string
}
