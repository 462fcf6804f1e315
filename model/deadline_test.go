package model

import (
	"strings"
	"testing"
)

// Every expected date below was counted on a paper calendar; the comment shows the count.

func TestAcceptDue(t *testing.T) {
	tests := []struct {
		received, roll, noRoll string
		how                    string
	}{
		{"2026-09-18", "2026-10-08", "2026-10-03", "9/18+12=9/30, +15=10/3 Sat in 国庆 10/1–10/7 → 10/8"},
		{"2024-02-14", "2024-02-29", "2024-02-29", "leap year: 2/14+15=2/29, a Thursday"},
		{"2025-02-14", "2025-03-03", "2025-03-01", "2/14+14=2/28, +15=3/1 Sat → Mon 3/3"},
		{"2026-01-31", "2026-02-24", "2026-02-15", "1/31+15=2/15 Sun in 春节 2/15–2/23 → 2/24"},
		{"2025-12-20", "2026-01-04", "2026-01-04", "12/20+11=12/31, +15=1/4 Sun, 元旦调休上班"},
		{"2023-12-20", "2024-01-04", "2024-01-04", "across the year end, a Thursday"},
	}
	for _, tt := range tests {
		if got := officialRoll.AcceptDue(MustDate(tt.received)); got.String() != tt.roll {
			t.Errorf("roll AcceptDue(%s) = %s, want %s (%s)", tt.received, got, tt.roll, tt.how)
		}
		if got := official.AcceptDue(MustDate(tt.received)); got.String() != tt.noRoll {
			t.Errorf("no-roll AcceptDue(%s) = %s, want %s (%s)", tt.received, got, tt.noRoll, tt.how)
		}
	}
	if got := officialRoll.AcceptDue(Date{}); !got.IsZero() {
		t.Errorf("AcceptDue(zero) = %s, want zero", got)
	}
}

func TestObjectionDue(t *testing.T) {
	tests := []struct{ decided, want, how string }{
		{"2026-02-12", "2026-02-26", "2/13, 2/14 班, [春节], 2/24, 2/25, 2/26"},
		{"2026-03-05", "2026-03-12", "3/6, 3/9, 3/10, 3/11, 3/12"},
		{"2026-09-25", "2026-10-09", "9/28, 9/29, 9/30, [国庆], 10/8, 10/9"},
		{"2024-02-27", "2024-03-05", "2/28, 2/29, 3/1, 3/4, 3/5"},
	}
	for _, tt := range tests {
		// Working-day deadlines are the same whether or not calendar-day deadlines roll.
		for _, cal := range []*Calendar{official, officialRoll} {
			if got := cal.ObjectionDue(MustDate(tt.decided)); got.String() != tt.want {
				t.Errorf("ObjectionDue(%s) = %s, want %s (%s)", tt.decided, got, tt.want, tt.how)
			}
		}
	}
}

func TestReplyDue(t *testing.T) {
	tests := []struct{ decided, roll, noRoll, how string }{
		{"2026-08-04", "2026-10-08", "2026-10-03", "8/4+27=8/31, +57=9/30, +60=10/3 Sat in 国庆 → 10/8"},
		{"2023-12-31", "2024-02-29", "2024-02-29", "+31=1/31, +60=2/29 (leap), Thursday"},
		{"2024-12-31", "2025-03-03", "2025-03-01", "+31=1/31, +59=2/28, +60=3/1 Sat → 3/3"},
		{"2026-03-05", "2026-05-06", "2026-05-04", "3/5+26=3/31, +56=4/30, +60=5/4 in 劳动节 5/1–5/5 → 5/6"},
	}
	for _, tt := range tests {
		if got := officialRoll.ReplyDue(MustDate(tt.decided)); got.String() != tt.roll {
			t.Errorf("roll ReplyDue(%s) = %s, want %s (%s)", tt.decided, got, tt.roll, tt.how)
		}
		if got := official.ReplyDue(MustDate(tt.decided)); got.String() != tt.noRoll {
			t.Errorf("no-roll ReplyDue(%s) = %s, want %s (%s)", tt.decided, got, tt.noRoll, tt.how)
		}
	}
}

func TestStageRequestDeadline(t *testing.T) {
	tests := []struct{ answered, roll, noRoll, how string }{
		{"2026-01-16", "2026-02-24", "2026-02-15", "1/16+15=1/31, +30=2/15 in 春节 → 2/24"},
		{"2026-04-10", "2026-05-11", "2026-05-10", "4/10+20=4/30, +30=5/10 Sun → 5/11"},
		{"2024-01-30", "2024-02-29", "2024-02-29", "1/30+1=1/31, +30=2/29 leap day, Thursday"},
	}
	for _, tt := range tests {
		if got := officialRoll.StageRequestDeadline(MustDate(tt.answered)); got.String() != tt.roll {
			t.Errorf("roll StageRequestDeadline(%s) = %s, want %s (%s)", tt.answered, got, tt.roll, tt.how)
		}
		if got := official.StageRequestDeadline(MustDate(tt.answered)); got.String() != tt.noRoll {
			t.Errorf("no-roll StageRequestDeadline(%s) = %s, want %s (%s)", tt.answered, got, tt.noRoll, tt.how)
		}
	}
}

func TestStageDue(t *testing.T) {
	tests := []struct {
		kind      StageKind
		requested string
		hearing   int
		want      string
		how       string
	}{
		{StageReview, "2026-05-01", 0, "2026-06-01", "5/1+30=5/31 Sun → 6/1"},
		{StageReview, "2026-05-01", 10, "2026-06-01", "hearing days do not extend a 复查"},
		{StageRecheck, "2026-05-01", 10, "2026-06-10", "5/1+30+10=6/10 Wed"},
		{StageRecheck, "2026-05-01", -5, "2026-06-01", "negative hearing days count as none"},
		{StageRecheck, "2026-05-20", 0, "2026-06-22", "5/20+11=5/31, +30=6/19 in 端午 6/19–6/21 → 6/22"},
		{StageRecheck, "2026-05-11", 0, "2026-06-10", "5/11+20=5/31, +30=6/10"},
	}
	for _, tt := range tests {
		if got := officialRoll.StageDue(tt.kind, MustDate(tt.requested), tt.hearing); got.String() != tt.want {
			t.Errorf("StageDue(%s, %s, %d) = %s, want %s (%s)", tt.kind, tt.requested, tt.hearing, got, tt.want, tt.how)
		}
	}
	if got := officialRoll.StageDue(StageReview, Date{}, 0); !got.IsZero() {
		t.Errorf("StageDue(zero) = %s, want zero", got)
	}
}

func TestCheckExtension(t *testing.T) {
	tests := []struct {
		replyDue, newDue string
		wantErr          string // "" for ok; otherwise a part of the message
	}{
		{"2026-10-08", "2026-11-07", ""},               // 10/8+23=10/31, +30=11/7: exactly 30 days
		{"2026-10-08", "2026-10-09", ""},               // one day
		{"2026-10-08", "2026-11-08", "最迟为 2026-11-07"}, // 31 days
		{"2026-10-08", "2026-11-08", "不得超过30日"},
		{"2026-10-08", "2026-10-08", "不晚于原办理期限 2026-10-08"},
		{"2026-10-08", "2026-10-01", "请填写 2026-10-09 至 2026-11-07 之间的日期"},
		{"2026-10-08", "", "不能为空"},
		{"", "2026-11-01", "没有办理期限"},
		{"2024-02-10", "2024-03-11", ""}, // 2/10+19=2/29, +30=3/11
		{"2024-02-10", "2024-03-12", "最迟为 2024-03-11"},
	}
	for _, tt := range tests {
		err := CheckExtension(MustDate(tt.replyDue), MustDate(tt.newDue))
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("CheckExtension(%s, %s) = %v, want nil", tt.replyDue, tt.newDue, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("CheckExtension(%s, %s) = %v, want an error containing %q", tt.replyDue, tt.newDue, err, tt.wantErr)
		case err != nil && !strings.HasPrefix(err.Error(), "延期至："):
			t.Errorf("CheckExtension(%s, %s) = %q, want the message to name the field 延期至", tt.replyDue, tt.newDue, err)
		}
	}
}

func TestDaysLeft(t *testing.T) {
	tests := []struct {
		due, today string
		want       int
	}{
		{"2026-10-08", "2026-10-01", 7},
		{"2026-10-01", "2026-10-08", -7},
		{"2026-10-08", "2026-10-08", 0},
		{"2024-03-01", "2024-02-28", 2}, // leap day between
		{"2025-03-01", "2025-02-28", 1},
		{"2027-01-01", "2026-01-01", 365},
		{"2025-01-01", "2024-01-01", 366},
		{"1969-12-31", "1970-01-01", -1}, // before the Unix epoch
		{"", "2026-10-08", 0},
	}
	for _, tt := range tests {
		if got := DaysLeft(MustDate(tt.due), MustDate(tt.today)); got != tt.want {
			t.Errorf("DaysLeft(%q, %q) = %d, want %d", tt.due, tt.today, got, tt.want)
		}
	}
}
