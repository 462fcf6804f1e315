package model

import (
	"slices"
	"testing"
)

func TestMaskName(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""}, {"王", "*"}, {"张三", "张*"}, {"张小明", "张*明"}, {"欧阳娜娜", "欧阳*娜"},
		{"欧阳小华子", "欧阳**子"}, {" 李四 ", "李*"}, {"Li", "L*"},
	} {
		if got := MaskName(tt.in); got != tt.want {
			t.Errorf("MaskName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMaskPetitioners(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""}, {"张三", "张*"}, {"张三、李四", "张*等2人"}, {"欧阳娜娜、李四、王五", "欧阳*娜等3人"}, {"张三、 ", "张*"},
	} {
		if got := MaskPetitioners(tt.in); got != tt.want {
			t.Errorf("MaskPetitioners(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPeriodComparisons(t *testing.T) {
	p := func(from, to string) Period { return Period{From: MustDate(from), To: MustDate(to)} }
	for _, tt := range []struct {
		p                 Period
		month             bool
		previous, yearAgo Period
		months            []string
	}{
		{MonthPeriod(2026, 5), true, MonthPeriod(2026, 4), MonthPeriod(2025, 5), []string{"2026-05"}},
		{MonthPeriod(2026, 1), true, MonthPeriod(2025, 12), MonthPeriod(2025, 1), []string{"2026-01"}},
		{MonthPeriod(2024, 2), true, MonthPeriod(2024, 1), MonthPeriod(2023, 2), []string{"2024-02"}},
		// Ten days: the ten days before, and the same days a year earlier.
		{p("2026-05-11", "2026-05-20"), false, p("2026-05-01", "2026-05-10"), p("2025-05-11", "2025-05-20"), []string{"2026-05"}},
		{p("2024-02-29", "2024-03-02"), false, p("2024-02-26", "2024-02-28"), p("2023-02-28", "2023-03-02"), []string{"2024-02", "2024-03"}},
		{p("2026-05-01", "2026-05-30"), false, p("2026-04-01", "2026-04-30"), p("2025-05-01", "2025-05-30"), []string{"2026-05"}},
	} {
		if got := tt.p.IsMonth(); got != tt.month {
			t.Errorf("%v.IsMonth() = %v, want %v", tt.p, got, tt.month)
		}
		if got := tt.p.Previous(); got != tt.previous {
			t.Errorf("%v.Previous() = %v, want %v", tt.p, got, tt.previous)
		}
		if got := tt.p.YearEarlier(); got != tt.yearAgo {
			t.Errorf("%v.YearEarlier() = %v, want %v", tt.p, got, tt.yearAgo)
		}
		if got := tt.p.Months(); !slices.Equal(got, tt.months) {
			t.Errorf("%v.Months() = %v, want %v", tt.p, got, tt.months)
		}
	}
}
