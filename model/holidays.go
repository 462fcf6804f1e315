package model

import (
	"slices"
	"time"
)

// holidayBlock is one holiday of one year as a State Council notice states it: the days off
// from..to (weekends inside the block included) and the weekend days worked in exchange.
type holidayBlock struct {
	name     string
	from, to Date
	work     []Date
}

func md(y int, m time.Month, d int) Date { return NewDate(y, m, d) }

// builtinBlocks are transcribed from the 国务院办公厅关于部分节假日安排的通知 for 2024, 2025
// and 2026 (each published in the autumn before). They are only the starting point: the
// admin edits and extends the holiday table year by year, and the calendar is built from
// that table, not from this list.
var builtinBlocks = []holidayBlock{
	// 2024
	{"元旦", md(2024, 1, 1), md(2024, 1, 1), nil},
	{"春节", md(2024, 2, 10), md(2024, 2, 17), []Date{md(2024, 2, 4), md(2024, 2, 18)}},
	{"清明节", md(2024, 4, 4), md(2024, 4, 6), []Date{md(2024, 4, 7)}},
	{"劳动节", md(2024, 5, 1), md(2024, 5, 5), []Date{md(2024, 4, 28), md(2024, 5, 11)}},
	{"端午节", md(2024, 6, 10), md(2024, 6, 10), nil},
	{"中秋节", md(2024, 9, 15), md(2024, 9, 17), []Date{md(2024, 9, 14)}},
	{"国庆节", md(2024, 10, 1), md(2024, 10, 7), []Date{md(2024, 9, 29), md(2024, 10, 12)}},
	// 2025
	{"元旦", md(2025, 1, 1), md(2025, 1, 1), nil},
	{"春节", md(2025, 1, 28), md(2025, 2, 4), []Date{md(2025, 1, 26), md(2025, 2, 8)}},
	{"清明节", md(2025, 4, 4), md(2025, 4, 6), nil},
	{"劳动节", md(2025, 5, 1), md(2025, 5, 5), []Date{md(2025, 4, 27)}},
	{"端午节", md(2025, 5, 31), md(2025, 6, 2), nil},
	{"国庆节、中秋节", md(2025, 10, 1), md(2025, 10, 8), []Date{md(2025, 9, 28), md(2025, 10, 11)}},
	// 2026
	{"元旦", md(2026, 1, 1), md(2026, 1, 3), []Date{md(2026, 1, 4)}},
	{"春节", md(2026, 2, 15), md(2026, 2, 23), []Date{md(2026, 2, 14), md(2026, 2, 28)}},
	{"清明节", md(2026, 4, 4), md(2026, 4, 6), nil},
	{"劳动节", md(2026, 5, 1), md(2026, 5, 5), []Date{md(2026, 5, 9)}},
	{"端午节", md(2026, 6, 19), md(2026, 6, 21), nil},
	{"中秋节", md(2026, 9, 25), md(2026, 9, 27), nil},
	{"国庆节", md(2026, 10, 1), md(2026, 10, 7), []Date{md(2026, 9, 20), md(2026, 10, 10)}},
}

// BuiltinHolidays returns the official schedules this build ships (2024–2026), in date
// order: every day off of each holiday block (休, named e.g. 春节) and every weekend day
// worked in exchange (班, named e.g. 春节调休上班). A new database is seeded with them.
func BuiltinHolidays() []Holiday {
	var hs []Holiday
	for _, b := range builtinBlocks {
		for d := b.from; !d.After(b.to); d = d.AddDays(1) {
			hs = append(hs, Holiday{Day: d, Kind: HolidayOff, Name: b.name})
		}
		for _, d := range b.work {
			hs = append(hs, Holiday{Day: d, Kind: HolidayWork, Name: b.name + "调休上班"})
		}
	}
	slices.SortFunc(hs, func(a, b Holiday) int { return int(dayNumber(a.Day) - dayNumber(b.Day)) })
	return hs
}
