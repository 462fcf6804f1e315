package model

import (
	"os"
	"testing"
	"time"
)

// testToday is the day the rules believe it is in every test of this package, so that "not
// in the future" checks do not depend on when the tests run. It is a Tuesday.
const testToday = "2026-06-30"

func TestMain(m *testing.M) {
	Now = func() Date { return MustDate(testToday) }
	os.Exit(m.Run())
}

// official is the calendar with the shipped holiday tables; plain has no holidays at all.
var (
	official     = NewCalendar(BuiltinHolidays(), false)
	officialRoll = NewCalendar(BuiltinHolidays(), true)
	plainRoll    = NewCalendar(nil, true)
)

func TestBuiltinHolidaysCounts(t *testing.T) {
	// Counted by hand from the notices (days off per block, then make-up days):
	// 2024 off 1+8+3+5+1+3+7=28, work 2+1+2+1+2=8
	// 2025 off 1+8+3+5+3+8=28, work 2+1+2=5
	// 2026 off 3+9+3+5+3+3+7=33, work 1+2+1+2=6
	want := map[int][2]int{2024: {28, 8}, 2025: {28, 5}, 2026: {33, 6}}
	got := map[int][2]int{}
	seen := map[Date]bool{}
	var prev Date
	for _, h := range BuiltinHolidays() {
		if seen[h.Day] {
			t.Errorf("BuiltinHolidays lists %s twice", h.Day)
		}
		seen[h.Day] = true
		if !prev.IsZero() && !h.Day.After(prev) {
			t.Errorf("BuiltinHolidays not in date order: %s after %s", h.Day, prev)
		}
		prev = h.Day
		c := got[h.Day.Year()]
		switch h.Kind {
		case HolidayOff:
			c[0]++
		case HolidayWork:
			c[1]++
			// Every make-up working day of these notices is a weekend day.
			if wd := h.Day.Weekday(); wd != time.Saturday && wd != time.Sunday {
				t.Errorf("make-up day %s (%s) is a %s, want a weekend day", h.Day, h.Name, wd)
			}
		default:
			t.Errorf("holiday %s has kind %q", h.Day, h.Kind)
		}
		if h.Name == "" {
			t.Errorf("holiday %s has no name", h.Day)
		}
		got[h.Day.Year()] = c
	}
	for y, w := range want {
		if got[y] != w {
			t.Errorf("BuiltinHolidays %d: (off, work) = %v, want %v", y, got[y], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("BuiltinHolidays covers years %v, want 2024–2026", got)
	}
}

func TestBuiltinHolidaysDays(t *testing.T) {
	tests := []struct {
		day  string
		kind HolidayKind
		name string
	}{
		{"2024-01-01", HolidayOff, "元旦"},
		{"2024-02-04", HolidayWork, "春节调休上班"},
		{"2024-02-10", HolidayOff, "春节"},
		{"2024-02-17", HolidayOff, "春节"},
		{"2024-02-18", HolidayWork, "春节调休上班"},
		{"2024-04-07", HolidayWork, "清明节调休上班"},
		{"2024-05-11", HolidayWork, "劳动节调休上班"},
		{"2024-06-10", HolidayOff, "端午节"},
		{"2024-09-14", HolidayWork, "中秋节调休上班"},
		{"2024-10-12", HolidayWork, "国庆节调休上班"},
		{"2025-01-26", HolidayWork, "春节调休上班"},
		{"2025-02-04", HolidayOff, "春节"},
		{"2025-06-02", HolidayOff, "端午节"},
		{"2025-10-08", HolidayOff, "国庆节、中秋节"},
		{"2025-10-11", HolidayWork, "国庆节、中秋节调休上班"},
		{"2026-01-03", HolidayOff, "元旦"},
		{"2026-01-04", HolidayWork, "元旦调休上班"},
		{"2026-02-14", HolidayWork, "春节调休上班"},
		{"2026-02-15", HolidayOff, "春节"},
		{"2026-02-23", HolidayOff, "春节"},
		{"2026-02-28", HolidayWork, "春节调休上班"},
		{"2026-05-09", HolidayWork, "劳动节调休上班"},
		{"2026-06-21", HolidayOff, "端午节"},
		{"2026-09-20", HolidayWork, "国庆节调休上班"},
		{"2026-09-27", HolidayOff, "中秋节"},
		{"2026-10-07", HolidayOff, "国庆节"},
		{"2026-10-10", HolidayWork, "国庆节调休上班"},
	}
	for _, tt := range tests {
		h, ok := official.HolidayOn(MustDate(tt.day))
		if !ok || h.Kind != tt.kind || h.Name != tt.name {
			t.Errorf("HolidayOn(%s) = %+v, %v, want kind %s name %s", tt.day, h, ok, tt.kind, tt.name)
		}
	}
	for _, day := range []string{"2024-02-09", "2025-01-27", "2026-02-24", "2026-10-08", "2026-10-09", "2025-10-09"} {
		if h, ok := official.HolidayOn(MustDate(day)); ok {
			t.Errorf("HolidayOn(%s) = %+v, want no entry", day, h)
		}
	}
}

func TestIsWorkday(t *testing.T) {
	tests := []struct {
		day  string
		want bool
		why  string
	}{
		{"2026-02-13", true, "Friday before 春节"},
		{"2026-02-14", true, "Saturday, 春节调休上班"},
		{"2026-02-15", false, "Sunday, 春节"},
		{"2026-02-16", false, "Monday, 春节"},
		{"2026-02-23", false, "Monday, last day of 春节"},
		{"2026-02-24", true, "Tuesday after 春节"},
		{"2026-02-28", true, "Saturday, 春节调休上班"},
		{"2026-03-01", false, "plain Sunday"},
		{"2026-01-04", true, "Sunday, 元旦调休上班"},
		{"2026-10-08", true, "Thursday after 国庆 2026"},
		{"2025-10-08", false, "Wednesday, 国庆中秋 2025"},
		{"2024-02-29", true, "leap day, a Thursday"},
		{"2024-06-10", false, "Monday, 端午"},
		{"2027-10-01", true, "Friday in a year without a table: plain week"},
	}
	for _, tt := range tests {
		if got := official.IsWorkday(MustDate(tt.day)); got != tt.want {
			t.Errorf("IsWorkday(%s) = %v, want %v (%s)", tt.day, got, tt.want, tt.why)
		}
	}
}

func TestNewCalendarLaterEntryWins(t *testing.T) {
	// An office corrects a shipped day: 2026-02-14 was 班, the later entry makes it 休.
	days := append(BuiltinHolidays(), Holiday{Day: MustDate("2026-02-14"), Kind: HolidayOff, Name: "本地调整"},
		Holiday{Day: MustDate("2026-03-02"), Kind: "bogus"}, Holiday{Kind: HolidayOff})
	cal := NewCalendar(days, false)
	if cal.IsWorkday(MustDate("2026-02-14")) {
		t.Errorf("IsWorkday(2026-02-14) = true after a later 休 entry, want false")
	}
	if !cal.IsWorkday(MustDate("2026-03-02")) {
		t.Errorf("IsWorkday(2026-03-02) = false, want true: an entry of unknown kind is ignored")
	}
}

func TestAddWorkdays(t *testing.T) {
	tests := []struct {
		cal   *Calendar
		name  string
		from  string
		n     int
		want  string
		trace string // how the answer was counted by hand
	}{
		{official, "official", "2026-02-12", 5, "2026-02-26", "2/13 Fri, 2/14 Sat 班, [2/15–2/23 休], 2/24, 2/25, 2/26"},
		{nil, "nil", "2026-02-12", 5, "2026-02-19", "plain week: 2/13, 2/16, 2/17, 2/18, 2/19"},
		{NewCalendar(nil, false), "empty", "2026-02-12", 5, "2026-02-19", "same as the plain week"},
		{official, "official", "2026-01-29", 5, "2026-02-05", "month end: 1/30, 2/2, 2/3, 2/4, 2/5"},
		{official, "official", "2024-02-27", 5, "2024-03-05", "leap year: 2/28, 2/29, 3/1, 3/4, 3/5"},
		{official, "official", "2025-02-27", 2, "2025-03-03", "no leap day: 2/28, 3/3"},
		{official, "official", "2025-09-26", 1, "2025-09-28", "9/27 Sat off, 9/28 Sun 班 counts"},
		{official, "official", "2025-09-26", 3, "2025-09-30", "9/28 班, 9/29, 9/30"},
		{official, "official", "2025-09-26", 4, "2025-10-09", "[10/1–10/8 休], 10/9"},
		{official, "official", "2025-09-26", 6, "2025-10-11", "10/9, 10/10, 10/11 Sat 班"},
		{official, "official", "2026-09-25", 5, "2026-10-09", "from a holiday: 9/28, 9/29, 9/30, [国庆], 10/8, 10/9"},
		{official, "official", "2026-02-16", 1, "2026-02-24", "from inside 春节"},
		{official, "official", "2026-02-16", 0, "2026-02-16", "zero days is the day itself"},
		{official, "official", "2026-02-24", -1, "2026-02-14", "back over 春节 to the 班 Saturday"},
		{official, "official", "2026-03-02", -1, "2026-02-28", "back over Sunday 3/1 to Saturday 2/28, a 班 day"},
		{official, "official", "2026-03-09", -1, "2026-03-06", "back over a plain weekend"},
	}
	for _, tt := range tests {
		if got := tt.cal.AddWorkdays(MustDate(tt.from), tt.n); got.String() != tt.want {
			t.Errorf("%s.AddWorkdays(%s, %d) = %s, want %s (%s)", tt.name, tt.from, tt.n, got, tt.want, tt.trace)
		}
	}
	if got := official.AddWorkdays(Date{}, 5); !got.IsZero() {
		t.Errorf("AddWorkdays(zero, 5) = %s, want zero", got)
	}
}

func TestRoll(t *testing.T) {
	tests := []struct {
		cal  *Calendar
		name string
		day  string
		want string
	}{
		{officialRoll, "roll", "2026-10-03", "2026-10-08"}, // 国庆 10/1–10/7
		{official, "no roll", "2026-10-03", "2026-10-03"},
		{officialRoll, "roll", "2026-02-14", "2026-02-14"}, // 班 Saturday is a working day
		{officialRoll, "roll", "2026-02-21", "2026-02-24"}, // inside 春节
		{officialRoll, "roll", "2026-03-01", "2026-03-02"}, // plain Sunday
		{officialRoll, "roll", "2026-05-04", "2026-05-06"}, // 劳动节 5/1–5/5
		{officialRoll, "roll", "2026-06-30", "2026-06-30"}, // already a working day
		{plainRoll, "plain roll", "2026-10-03", "2026-10-05"},
		{nil, "nil", "2026-10-03", "2026-10-03"},
	}
	for _, tt := range tests {
		if got := tt.cal.Roll(MustDate(tt.day)); got.String() != tt.want {
			t.Errorf("%s.Roll(%s) = %s, want %s", tt.name, tt.day, got, tt.want)
		}
	}
	if got := officialRoll.Roll(Date{}); !got.IsZero() {
		t.Errorf("Roll(zero) = %s, want zero", got)
	}
	if !officialRoll.RollToWorkday() || official.RollToWorkday() || (*Calendar)(nil).RollToWorkday() {
		t.Errorf("RollToWorkday = %v, %v, nil %v; want true, false, false",
			officialRoll.RollToWorkday(), official.RollToWorkday(), (*Calendar)(nil).RollToWorkday())
	}
}
