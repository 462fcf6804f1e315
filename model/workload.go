package model

// LeaderWorkload is one leader's load (领导工作量) on a given day: the cases they carry
// (包案), how many of those are still open or overdue, how many were struck off (销号),
// and the visits (四访) they led in the current month. Each case figure equals the count
// of the ledger filter that WorkloadFilter gives, so that a click on it lists those cases.
type LeaderWorkload struct {
	Leader    Leader
	Carried   int // 包案: cases the leader carries, whatever their state
	Open      int // 在办: of those, cases in OpenStatuses
	Overdue   int // 超期: of those, open at the end of the day and past their due date
	StruckOff int // 已销号: assignments struck off
	Visits    int // 本月走访: visits (not planned) led this month, up to the end of the month
}

// OpenStatuses are the states in which a carried case still needs the leader's work:
// waiting for a decision, being handled, or in a 复查/复核 stage.
var OpenStatuses = []Status{StatusRegistered, StatusHandling, StatusReview, StatusRecheck}

// Workload figures a click can drill into.
const (
	WorkloadCarried = "carried"
	WorkloadOpen    = "open"
	WorkloadOverdue = "overdue"
)

// WorkloadFilter is the ledger filter listing the cases behind one workload figure of a
// leader on the given day.
func WorkloadFilter(leaderID int64, figure string, today Date) CaseFilter {
	f := CaseFilter{LeaderID: leaderID}
	switch figure {
	case WorkloadOpen:
		f.Statuses = append([]Status(nil), OpenStatuses...)
	case WorkloadOverdue:
		f.OverdueAt = today
	}
	return f
}
