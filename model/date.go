package model

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Date is a calendar day (日期) with no time of day and no time zone. Statutory clocks count
// days, so every deadline is a Date. The zero value means "not set" and is stored as NULL.
// In the database a Date is the text YYYY-MM-DD on every dialect, so comparisons in SQL are
// plain string comparisons that sort by time.
type Date struct{ t time.Time }

// DateLayout is how a Date is written in the database, JSON and the ledger.
const DateLayout = "2006-01-02"

// NewDate returns the date y-m-d. Out-of-range parts normalise the way time.Date does.
func NewDate(y int, m time.Month, d int) Date {
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// DateOf returns the calendar day of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return NewDate(y, m, d)
}

// Today is the current day on the local clock.
func Today() Date { return DateOf(time.Now()) }

// ParseDate reads YYYY-MM-DD strictly (a real day: 2026-02-30 is an error).
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(DateLayout, s)
	// 0001-01-01 is the zero Date, "not set": reading it as a date would turn a typed
	// date into an empty field without a word.
	if err != nil || t.IsZero() {
		return Date{}, fmt.Errorf("日期「%s」无效：请按 年-月-日 填写，例如 2026-10-08", s)
	}
	return Date{t}, nil
}

// MustDate is ParseDate for literals in tests and seed data; it panics on a bad literal.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func (d Date) IsZero() bool          { return d.t.IsZero() }
func (d Date) Time() time.Time       { return d.t }
func (d Date) Year() int             { return d.t.Year() }
func (d Date) Month() time.Month     { return d.t.Month() }
func (d Date) Day() int              { return d.t.Day() }
func (d Date) Weekday() time.Weekday { return d.t.Weekday() }

// AddDays moves by n calendar days.
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// DaysUntil is the number of calendar days from d to o (negative when o is earlier).
func (d Date) DaysUntil(o Date) int { return int(o.t.Sub(d.t).Hours() / 24) }

func (d Date) Before(o Date) bool { return d.t.Before(o.t) }
func (d Date) After(o Date) bool  { return d.t.After(o.t) }
func (d Date) Equal(o Date) bool  { return d.t.Equal(o.t) }

// String is YYYY-MM-DD, or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(DateLayout)
}

// Chinese is the date as officials write it: 2026年10月8日.
func (d Date) Chinese() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", d.Year(), int(d.Month()), d.Day())
}

// Value stores the date as YYYY-MM-DD text, or NULL when zero.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads what either SQLite (text) or PostgreSQL (text or date) returns.
func (d *Date) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*d = Date{}
		return nil
	case time.Time:
		*d = DateOf(x)
		return nil
	case string:
		return d.scanText(x)
	case []byte:
		return d.scanText(string(x))
	}
	return fmt.Errorf("model: cannot scan %T into Date", v)
}

func (d *Date) scanText(s string) error {
	if len(s) > 10 { // tolerate "2026-10-08 00:00:00…" written by other tools
		s = s[:10]
	}
	p, err := ParseDate(s)
	if err != nil {
		return fmt.Errorf("model: bad date %q in database", s)
	}
	*d = p
	return nil
}

func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

func (d *Date) UnmarshalJSON(b []byte) error {
	var s *string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == nil {
		*d = Date{}
		return nil
	}
	p, err := ParseDate(*s)
	*d = p
	return err
}

// Period is a reporting period [From, To], both days included (统计区间).
type Period struct{ From, To Date }

// MonthPeriod is the calendar month that contains the first day y-m.
func MonthPeriod(y int, m time.Month) Period {
	from := NewDate(y, m, 1)
	return Period{From: from, To: NewDate(y, m+1, 1).AddDays(-1)}
}

// ParseMonth reads YYYY-MM into the month's period.
func ParseMonth(s string) (Period, error) {
	t, err := time.Parse("2006-01", strings.TrimSpace(s))
	if err != nil {
		return Period{}, fmt.Errorf("月份「%s」无效：请按 年-月 填写，例如 2026-10", s)
	}
	return MonthPeriod(t.Year(), t.Month()), nil
}

// Contains reports whether d falls in the period.
func (p Period) Contains(d Date) bool {
	return !d.IsZero() && !d.Before(p.From) && !d.After(p.To)
}
