package model

import "time"

// Calendar is the official working calendar (工作日历): the plain Monday-to-Friday week
// corrected by the State Council's holiday schedule, where a weekday can be a day off (休)
// and a weekend day a make-up working day (调休上班). Working-day clocks such as the 5-day
// objection period count on it, and rollToWorkday decides whether a calendar-day deadline
// that ends on a day off moves to the next working day (an office setting: the 条例 does
// not say, and offices differ).
//
// A nil *Calendar is the plain week with no holidays and no rolling, so that code which
// has not loaded the holiday table yet still computes something sensible.
type Calendar struct {
	days map[int64]Holiday // by dayNumber
	roll bool
}

// NewCalendar builds a calendar from the official days (休 and 班). When the same day is
// listed twice the later entry wins, so an office's own corrections can be appended to
// BuiltinHolidays. Zero days and unknown kinds are ignored.
func NewCalendar(days []Holiday, rollToWorkday bool) *Calendar {
	c := &Calendar{days: make(map[int64]Holiday, len(days)), roll: rollToWorkday}
	for _, h := range days {
		if h.Day.IsZero() || (h.Kind != HolidayOff && h.Kind != HolidayWork) {
			continue
		}
		c.days[dayNumber(h.Day)] = h
	}
	return c
}

// RollToWorkday reports whether deadlines that end on a day off move to the next working day.
func (c *Calendar) RollToWorkday() bool { return c != nil && c.roll }

// HolidayOn returns the official entry for d (休 or 班), if the calendar has one.
func (c *Calendar) HolidayOn(d Date) (Holiday, bool) {
	if c == nil || d.IsZero() {
		return Holiday{}, false
	}
	h, ok := c.days[dayNumber(d)]
	return h, ok
}

// IsWorkday reports whether d is a working day: Monday to Friday unless marked 休, or a
// weekend day marked 班 (调休上班).
func (c *Calendar) IsWorkday(d Date) bool {
	if h, ok := c.HolidayOn(d); ok {
		return h.Kind == HolidayWork
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// AddWorkdays returns the n-th working day after d; d itself is not counted, whether or not
// it is a working day. A negative n counts back the same way; zero returns d. The zero date
// stays zero.
func (c *Calendar) AddWorkdays(d Date, n int) Date {
	if d.IsZero() {
		return d
	}
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDays(step)
		if c.IsWorkday(d) {
			n--
		}
	}
	return d
}

// Roll moves a deadline that falls on a day off to the first working day on or after it,
// when the calendar is set to do so; otherwise it returns d unchanged.
func (c *Calendar) Roll(d Date) Date {
	if !c.RollToWorkday() || d.IsZero() {
		return d
	}
	// Holiday blocks are at most a couple of weeks long, so this ends quickly; the bound
	// only guards against a hand-edited table that marks a whole year off.
	for i := 0; i < 366 && !c.IsWorkday(d); i++ {
		d = d.AddDays(1)
	}
	return d
}

// dayNumber counts days since 1970-01-01. Dates are midnight UTC, so the division is exact,
// and unlike time.Duration it does not overflow for dates centuries apart.
func dayNumber(d Date) int64 {
	u := d.Time().Unix()
	if u < 0 && u%86400 != 0 {
		return u/86400 - 1
	}
	return u / 86400
}
