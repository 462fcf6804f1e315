package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"baoan/model"
)

// dash stands for a figure that does not exist: a rate without a denominator, a change
// against a period that has no rate.
const dash = "—"

// tenths is a rate's percentage in tenths of a percent, exactly as model.Rate rounds it;
// ok is false without a denominator.
func tenths(r model.Rate) (int64, bool) {
	pct, ok := r.Pct()
	if !ok {
		return 0, false
	}
	return int64(math.Round(pct * 10)), true
}

// pointsText writes a number of tenths as percentage points with a sign: +2.3, -0.5, 0.0.
func pointsText(t int64) string {
	sign := "+"
	switch {
	case t < 0:
		sign, t = "-", -t
	case t == 0:
		sign = ""
	}
	return fmt.Sprintf("%s%d.%d", sign, t/10, t%10)
}

// rateChange is the change of a rate in percentage points against an earlier period,
// "+2.3", or "—" when either period has no denominator.
func rateChange(now, then model.Rate) string {
	a, ok1 := tenths(now)
	b, ok2 := tenths(then)
	if !ok1 || !ok2 {
		return dash
	}
	return pointsText(a - b)
}

// countChange is the change of a count, "+2", "-1" or "0".
func countChange(now, then int) string {
	if now > then {
		return "+" + strconv.Itoa(now-then)
	}
	return strconv.Itoa(now - then)
}

// fraction is a rate's numerator and denominator, "12/15".
func fraction(r model.Rate) string { return strconv.Itoa(r.Num) + "/" + strconv.Itoa(r.Den) }

// periodText is how the report names its period: 2026年5月1日至2026年5月31日.
func periodText(p model.Period) string { return p.From.Chinese() + "至" + p.To.Chinese() }

// periodName is the short name of a period in the summary: 2026年5月 for a month.
func periodName(p model.Period) string {
	if p.IsMonth() {
		return fmt.Sprintf("%d年%d月", p.From.Year(), int(p.From.Month()))
	}
	return periodText(p)
}

// countRow is one line of the table of counts.
type countRow struct {
	label string
	get   func(model.Stats) int
}

// countRows are the counts of DOMAIN.md in report order.
var countRows = []countRow{
	{"登记", func(s model.Stats) int { return s.Received }},
	{"受理", func(s model.Stats) int { return s.Accepted }},
	{"不予受理", func(s model.Stats) int { return s.NotAccepted }},
	{"转送、交办", func(s model.Stats) int { return s.Transferred }},
	{"办结", func(s model.Stats) int { return s.Closed }},
	{"逾期未办结", func(s model.Stats) int { return s.OverdueOpen }},
	{"积案化解", func(s model.Stats) int { return s.BacklogResolved }},
}

// changeWords says how a count moved: 增加2件, 减少1件, 持平.
func changeWords(now, then int) string {
	switch {
	case now > then:
		return fmt.Sprintf("增加%d件", now-then)
	case now < then:
		return fmt.Sprintf("减少%d件", then-now)
	}
	return "持平"
}

// pointWords says how a rate moved in percentage points: 上升2.3个百分点, 下降0.5个百分点,
// 持平, or that the earlier period has no such rate.
func pointWords(now, then model.Rate, none string) string {
	a, ok1 := tenths(now)
	b, ok2 := tenths(then)
	switch {
	case !ok1:
		return ""
	case !ok2:
		return none
	case a > b:
		return "上升" + strings.TrimPrefix(pointsText(a-b), "+") + "个百分点"
	case a < b:
		return "下降" + strings.TrimPrefix(pointsText(a-b), "-") + "个百分点"
	}
	return "持平"
}

// summary is the report's opening paragraph, written from the figures: the counts with
// their change against the previous period (环比) and the same period a year earlier
// (同比), then every rate with its change in percentage points.
func summary(r model.MonthlyReport) string {
	st, prev, ly := r.Stats, r.Previous, r.LastYear
	prevName, lyName := "上月", "去年同月"
	if !r.Period.IsMonth() {
		prevName, lyName = "上一期", "去年同期"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s，共登记信访事项%d件，较%s%s，较%s%s；", periodName(r.Period), st.Received,
		prevName, changeWords(st.Received, prev.Received), lyName, changeWords(st.Received, ly.Received))
	fmt.Fprintf(&b, "作出受理决定%d件，其中受理%d件、不予受理%d件、转送交办%d件；", st.Accepted+st.NotAccepted+st.Transferred,
		st.Accepted, st.NotAccepted, st.Transferred)
	fmt.Fprintf(&b, "办结%d件，较%s%s，较%s%s。", st.Closed, prevName, changeWords(st.Closed, prev.Closed),
		lyName, changeWords(st.Closed, ly.Closed))
	fmt.Fprintf(&b, "截至%s，逾期未办结%d件；本期积案化解%d件。", r.Period.To.Chinese(), st.OverdueOpen, st.BacklogResolved)

	var parts []string
	for _, k := range model.RateKeys {
		now, _ := st.Rates.Get(k)
		then, _ := prev.Rates.Get(k)
		year, _ := ly.Rates.Get(k)
		if now.Den == 0 {
			parts = append(parts, fmt.Sprintf("%s无统计基数（—）", model.RateLabel(k)))
			continue
		}
		parts = append(parts, fmt.Sprintf("%s%s（%d/%d），环比%s，同比%s", model.RateLabel(k), now, now.Num, now.Den,
			pointWords(now, then, prevName+"无可比数据"), pointWords(now, year, lyName+"无可比数据")))
	}
	b.WriteString("主要指标：" + strings.Join(parts, "；") + "。")
	return b.String()
}
