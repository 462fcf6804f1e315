package model

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// The Excel ledger (台账) of LEDGER.md: its columns, one row of it as model values, and
// what an import reports. Reading and writing the spreadsheet is package ledgerio's work,
// finding or adding the dictionary entries and writing the cases is the store's; both
// meet here so that neither imports the other.

// Ledger column headers, exactly as LEDGER.md and the office's spreadsheets spell them.
const (
	HdrNo          = "信访编号"
	HdrReceived    = "登记日期"
	HdrChannel     = "信访形式"
	HdrPetitioners = "信访人"
	HdrIDNumber    = "证件号码"
	HdrPhone       = "联系电话"
	HdrHeadCount   = "人数"
	HdrAddress     = "住址"
	HdrStreet      = "所属街道"
	HdrCommunity   = "所属社区"
	HdrCategory    = "问题类别"
	HdrSummary     = "事项摘要"
	HdrDemands     = "诉求"
	HdrDecision    = "受理情况"
	HdrDecidedOn   = "受理日期"
	HdrUnit        = "责任单位"
	HdrLeader      = "包案领导"
	HdrReplyDue    = "办理期限"
	HdrExtendedDue = "延期至"
	HdrClosedOn    = "办结日期"
	HdrReplyKind   = "处理意见"
	HdrRating      = "满意度"
	HdrFollowUp    = "回访日期"
	HdrStopped     = "息诉罢访"
	HdrRepeat      = "重复信访"
	HdrBacklog     = "积案"
	HdrNote        = "备注"
)

// LedgerHeaders are the ledger's columns in the order an export writes them.
var LedgerHeaders = []string{
	HdrNo, HdrReceived, HdrChannel, HdrPetitioners, HdrIDNumber, HdrPhone, HdrHeadCount, HdrAddress,
	HdrStreet, HdrCommunity, HdrCategory, HdrSummary, HdrDemands, HdrDecision, HdrDecidedOn, HdrUnit,
	HdrLeader, HdrReplyDue, HdrExtendedDue, HdrClosedOn, HdrReplyKind, HdrRating, HdrFollowUp,
	HdrStopped, HdrRepeat, HdrBacklog, HdrNote,
}

// LedgerRequired are the columns an imported ledger must have, and fill on every row.
var LedgerRequired = []string{HdrReceived, HdrChannel, HdrPetitioners, HdrStreet, HdrCategory, HdrSummary}

// LedgerRow is one row of the ledger: a case with its petitioners, and by name the
// dictionary entries it refers to. On import the store looks the names up (or adds
// them); on export it fills them in.
//
// Of Case, the ledger carries No, ReceivedOn, Channel, HeadCount, Summary, Demands,
// Decision, DecidedOn, ReplyDue (办理期限), ExtendedDue, ClosedOn, ReplyKind, Rating,
// FirstFollowUpOn (回访日期), Repeat, Backlog and Note; ids, clocks and status are the
// store's. Of each Petitioner it carries Name, IDKind, IDNumber, Phone and Address.
type LedgerRow struct {
	// Line is the row number Excel shows (the header row is 1); 0 for a row not read
	// from a file.
	Line        int
	Case        Case
	Petitioners []Petitioner // lead first
	Street      string       // 所属街道
	Community   string       // 所属社区
	Category    string       // 问题类别
	Unit        string       // 责任单位
	Leaders     []string     // 包案领导
	Stopped     bool         // 息诉罢访
	// RepeatGiven says the 重复信访 cell was filled; when it was not, the store works the
	// flag out from earlier cases of the same petitioners.
	RepeatGiven bool
}

// Fingerprint identifies a case that has no 信访编号 when a ledger is imported again:
// received date, petitioners' names and summary together.
func (r LedgerRow) Fingerprint() string {
	return r.Case.ReceivedOn.String() + "\x00" + PetitionerNames(r.Petitioners) + "\x00" + strings.TrimSpace(r.Case.Summary)
}

// RowError is one thing wrong in an imported ledger: where it is, what was found there
// and what was expected, in words a clerk can act on.
type RowError struct {
	Row      int    // the row number Excel shows; 1 is the header row
	Header   string // the column
	Value    string // what the cell holds
	Expected string // what it should hold, and how to fix it
	// Missing marks an entry the database lacks (a street, community, category, unit or
	// leader): importing again with "add missing entries" fixes it.
	Missing bool
}

// Error reads 第N行 [表头] 值「…」：what is expected, as the command line prints it.
func (e RowError) Error() string {
	return fmt.Sprintf("第%d行 [%s] 值「%s」：%s", e.Row, e.Header, e.Value, e.Expected)
}

// RowErrors is every problem found in a ledger, by row and then in column order.
type RowErrors []RowError

// Error summarises the list; callers show the whole list row by row.
func (r RowErrors) Error() string {
	switch len(r) {
	case 0:
		return "台账没有错误"
	case 1:
		return "台账有1处错误，未导入任何数据：" + r[0].Error()
	}
	return fmt.Sprintf("台账有%d处错误（涉及%d行），未导入任何数据。第一处：%s", len(r), len(r.Rows()), r[0].Error())
}

// Rows lists the distinct row numbers that have errors, in order.
func (r RowErrors) Rows() []int {
	var rows []int
	for _, e := range r {
		rows = append(rows, e.Row)
	}
	slices.Sort(rows)
	return slices.Compact(rows)
}

// OnlyMissing reports whether every error is an entry the database lacks, so that
// importing with "add missing entries" would succeed.
func (r RowErrors) OnlyMissing() bool {
	for _, e := range r {
		if !e.Missing {
			return false
		}
	}
	return len(r) > 0
}

// MergeRowErrors joins lists of errors into one, sorted by row and then by the ledger's
// column order, dropping a second error for the same row and column.
func MergeRowErrors(lists ...RowErrors) RowErrors {
	var out RowErrors
	for _, l := range lists {
		out = append(out, l...)
	}
	col := func(h string) int {
		if i := slices.Index(LedgerHeaders, h); i >= 0 {
			return i
		}
		return len(LedgerHeaders)
	}
	slices.SortStableFunc(out, func(a, b RowError) int {
		return cmp.Or(cmp.Compare(a.Row, b.Row), cmp.Compare(col(a.Header), col(b.Header)))
	})
	return slices.CompactFunc(out, func(a, b RowError) bool { return a.Row == b.Row && a.Header == b.Header })
}

// ImportOptions say how a ledger is imported.
type ImportOptions struct {
	// AddMissing adds streets, communities, categories, units and leaders the database
	// does not have; without it, rows naming them are errors.
	AddMissing bool
	// DryRun checks everything and writes nothing.
	DryRun bool
	// Source names the file, for the audit trail.
	Source string
	// Progress, when set, is called now and then with the rows handled so far.
	Progress func(done, total int)
}

// ImportResult says what an import did (or, in a dry run, would do).
type ImportResult struct {
	Rows        int   // rows handed in
	Created     int   // cases written
	Skipped     []int // rows already in the database (same 信访编号, or same date, names and summary)
	Petitioners int   // petitioner records created
	Visits      int   // 上门回访 visits recorded
	Assignments int   // 包案 assignments created
	// Missing is every dictionary entry the rows name that the database lacks: added
	// when AddMissing was set, the cause of Missing errors otherwise.
	Missing []DictEntry
}

// DictEntry is a dictionary entry named by a ledger: its column (所属街道, 所属社区,
// 问题类别, 责任单位 or 包案领导), its name and, for a community, its street.
type DictEntry struct {
	Header string
	Name   string
	Parent string
}

// String reads 所属社区「东湖社区」（和平街道）.
func (d DictEntry) String() string {
	if d.Parent != "" {
		return fmt.Sprintf("%s「%s」（%s）", d.Header, d.Name, d.Parent)
	}
	return fmt.Sprintf("%s「%s」", d.Header, d.Name)
}
