package model

import (
	"strconv"
	"strings"
)

// ReportListLimit is how many cases each list of the monthly report (逾期未办结, 积案) names.
// The totals are always printed; a list longer than this names the cases that weigh most
// (longest overdue, oldest 积案) and says how many more the ledger holds, so that the
// report of a large office stays a few pages long.
const ReportListLimit = 100

// MonthlyReport is everything the monthly report (信访工作月报) prints, gathered by the
// store and written by package report without further queries.
type MonthlyReport struct {
	Office   string // 制表单位: the office name of the settings
	Period   Period // 统计区间
	Stats    Stats  // the figures of the period
	Previous Stats  // the period before (上月), for 环比
	LastYear Stats  // the same period a year earlier (去年同月), for 同比
	// Series is the twelve months that end with the period's last month, oldest first.
	Series []MonthCount
	// Overdue are the open cases past due at the end of the period, longest overdue first,
	// at most ReportListLimit of Stats.OverdueOpen.
	Overdue []OverdueCase
	// Backlog are the 积案 on the books during the period, oldest first, at most
	// ReportListLimit of BacklogTotal.
	Backlog      []BacklogCase
	BacklogTotal int
}

// Title is the report's heading: 和平区信访局2026年5月信访工作月报 for a calendar month,
// …2026年5月1日至2026年6月15日信访工作报告 for any other period.
func (r MonthlyReport) Title() string {
	if r.Period.IsMonth() {
		return r.Office + strconv.Itoa(r.Period.From.Year()) + "年" + strconv.Itoa(int(r.Period.From.Month())) + "月信访工作月报"
	}
	return r.Office + r.Period.From.Chinese() + "至" + r.Period.To.Chinese() + "信访工作报告"
}

// OverdueCase is one line of the report's list of open cases past due (逾期未办结事项).
type OverdueCase struct {
	ID          int64
	No          string // 信访编号
	Petitioner  string // the lead petitioner masked, with 等N人 when there are more
	Unit        string // 责任单位 ("" when none is recorded)
	Leaders     string // 包案领导 carrying it at the end of the period, joined with 、
	Accepting   bool   // overdue for the acceptance decision (受理), not for the reply
	DueOn       Date   // the deadline that passed
	DaysOverdue int    // calendar days from DueOn to the period's last day
}

// BacklogCase is one line of the report's 积案 list with its progress. The dates are those
// of steps taken by the end of the period (a later step is left zero), so that the report
// of a past month shows the progress as it stood then; the 四包 duties are as they stand
// now, as the store keeps no history of them.
type BacklogCase struct {
	ID         int64
	No         string // 信访编号
	Petitioner string // masked, as in OverdueCase
	ReceivedOn Date   // 登记日期
	Leaders    string // 包案领导 carrying it in the period, joined with 、
	DecidedOn  Date   // 受理决定 (any decision)
	ClosedOn   Date   // 办结
	StoppedOn  Date   // 息诉罢访
	DutiesDone int    // 四包 duties completed, over all its 包案
	Duties     int    // 四包 duties recorded, over all its 包案
}

// Resolved reports whether the 积案 is resolved (化解): closed and 息诉罢访 recorded, as
// backlog_resolved counts it.
func (b BacklogCase) Resolved() bool { return !b.ClosedOn.IsZero() && !b.StoppedOn.IsZero() }

// IsMonth reports whether the period is exactly one calendar month.
func (p Period) IsMonth() bool {
	return !p.From.IsZero() && p.From.Day() == 1 && p.To.Equal(NewDate(p.From.Year(), p.From.Month()+1, 1).AddDays(-1))
}

// Previous is the period to compare with for 环比: the month before a calendar month,
// otherwise the same number of days just before From.
func (p Period) Previous() Period {
	if p.IsMonth() {
		return MonthPeriod(p.From.Year(), p.From.Month()-1)
	}
	n := p.From.DaysUntil(p.To)
	return Period{From: p.From.AddDays(-n - 1), To: p.From.AddDays(-1)}
}

// YearEarlier is the period to compare with for 同比: the same month of the year before,
// otherwise the same days a year earlier (29 February becomes 28 February).
func (p Period) YearEarlier() Period {
	if p.IsMonth() {
		return MonthPeriod(p.From.Year()-1, p.From.Month())
	}
	back := func(d Date) Date {
		y, m, day := d.Year()-1, d.Month(), d.Day()
		if last := NewDate(y, m+1, 1).AddDays(-1).Day(); day > last {
			day = last
		}
		return NewDate(y, m, day)
	}
	return Period{From: back(p.From), To: back(p.To)}
}

// Months lists the months YYYY-MM that the period touches, oldest first.
func (p Period) Months() []string {
	var out []string
	for m := NewDate(p.From.Year(), p.From.Month(), 1); !m.After(p.To); m = NewDate(m.Year(), m.Month()+1, 1) {
		out = append(out, m.Time().Format("2006-01"))
	}
	return out
}

// MaskName hides a person's name for print, the way notices to the public do: a name of
// two characters keeps its first (张*), of three its first and last (张*明), of four or
// more its first two, as a compound surname (欧阳*华), and its last. A single character
// is hidden entirely.
func MaskName(s string) string {
	r := []rune(strings.TrimSpace(s))
	switch {
	case len(r) == 0:
		return ""
	case len(r) == 1:
		return "*"
	case len(r) == 2:
		return maskRunes(r, 1, 0)
	case len(r) >= 4:
		return maskRunes(r, 2, 1)
	}
	return maskRunes(r, 1, 1)
}

// MaskPetitioners turns Case.PetitionerNames (names joined with 、, lead first) into what
// a printed list shows: the lead petitioner masked, and 等N人 when there are more.
func MaskPetitioners(names string) string {
	var people []string
	for _, n := range strings.Split(names, "、") {
		if n = strings.TrimSpace(n); n != "" {
			people = append(people, n)
		}
	}
	switch len(people) {
	case 0:
		return ""
	case 1:
		return MaskName(people[0])
	}
	return MaskName(people[0]) + "等" + strconv.Itoa(len(people)) + "人"
}
