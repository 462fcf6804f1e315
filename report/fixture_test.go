package report

import (
	"time"

	"baoan/model"
)

// sampleReport is the small fixed report of the golden files: May 2026 of a district
// office with four leaders (赵敏 carries a case but closed none, so her on-time rate has
// no denominator), three streets, three categories, four channels, three overdue cases
// and two 积案.
func sampleReport() model.MonthlyReport {
	rate := func(n, d int) model.Rate { return model.Rate{Num: n, Den: d} }
	g := func(recv, closed, overdue int, onTime, sat model.Rate) model.GroupCounts {
		return model.GroupCounts{Received: recv, Closed: closed, OverdueOpen: overdue, OnTimeClosure: onTime, Satisfaction: sat}
	}
	st := model.Stats{
		From: model.MustDate("2026-05-01"), To: model.MustDate("2026-05-31"),
		Received: 7, Accepted: 4, NotAccepted: 1, Transferred: 2, Closed: 5, OverdueOpen: 3, BacklogResolved: 1,
		Rates: model.Rates{
			TimelyAcceptance: rate(2, 4), OnTimeClosure: rate(4, 7), Closure: rate(1, 3), Rated: rate(4, 5),
			Satisfaction: rate(3, 4), Revisit: rate(3, 5), Repeat: rate(2, 7),
		},
		ByLeader: []model.LeaderRow{
			{LeaderID: 2, Leader: "李娜", Carried: 3, New: 2, Closed: 1, StruckOff: 1,
				Visits: model.VisitCounts{Appointment: 1, FollowUp: 1}, OnTimeClosure: rate(1, 1)},
			{LeaderID: 3, Leader: "王强", Visits: model.VisitCounts{Reception: 1, Home: 1}},
			{LeaderID: 1, Leader: "张伟", Carried: 4, New: 1, Closed: 2, StruckOff: 1,
				Visits: model.VisitCounts{Reception: 1, Home: 1, FollowUp: 1}, OnTimeClosure: rate(2, 4)},
			{LeaderID: 4, Leader: "赵敏", Carried: 1},
		},
		ByStreet: []model.StreetRow{
			{StreetID: 2, Street: "东街道", GroupCounts: g(3, 3, 1, rate(2, 3), rate(2, 3))},
			{StreetID: 3, Street: "西街道", GroupCounts: g(2, 1, 1, rate(0, 1), rate(0, 1))},
			{StreetID: 4, Street: "南街道", GroupCounts: g(2, 1, 1, rate(1, 2), rate(1, 1))},
			{StreetID: 5, Street: "北街道", GroupCounts: g(0, 0, 0, rate(1, 1), rate(0, 0))},
		},
		ByCategory: []model.CategoryRow{
			{CategoryID: 1, Category: "劳动社保", GroupCounts: g(3, 2, 1, rate(2, 3), rate(1, 1))},
			{CategoryID: 2, Category: "城乡建设", GroupCounts: g(2, 2, 1, rate(1, 3), rate(1, 2))},
			{CategoryID: 3, Category: "物业管理", GroupCounts: g(2, 1, 1, rate(1, 1), rate(1, 1))},
		},
		ByChannel: []model.ChannelRow{
			{Channel: model.ChannelLetter, Label: "来信", GroupCounts: g(2, 2, 0, rate(2, 3), rate(2, 2))},
			{Channel: model.ChannelVisit, Label: "来访", GroupCounts: g(2, 1, 2, rate(0, 1), rate(0, 1))},
			{Channel: model.ChannelPhone, Label: "来电", GroupCounts: g(2, 1, 0, rate(1, 1), rate(0, 0))},
			{Channel: model.ChannelOnline, Label: "网上信访", GroupCounts: g(1, 1, 1, rate(1, 2), rate(1, 1))},
		},
	}
	prev := model.Stats{
		From: model.MustDate("2026-04-01"), To: model.MustDate("2026-04-30"),
		Received: 5, Accepted: 3, NotAccepted: 0, Transferred: 1, Closed: 6, OverdueOpen: 2,
		Rates: model.Rates{
			TimelyAcceptance: rate(3, 4), OnTimeClosure: rate(5, 7), Closure: rate(0, 3), Rated: rate(5, 6),
			Satisfaction: rate(4, 5), Revisit: rate(3, 6), Repeat: rate(0, 5),
		},
	}
	lastYear := model.Stats{
		From: model.MustDate("2025-05-01"), To: model.MustDate("2025-05-31"),
		Received: 9, Accepted: 6, Transferred: 2, Closed: 4, OverdueOpen: 1, BacklogResolved: 2,
		Rates: model.Rates{
			TimelyAcceptance: rate(6, 8), OnTimeClosure: rate(4, 4), Closure: rate(2, 6), Rated: rate(2, 4),
			Satisfaction: rate(2, 2), Revisit: rate(1, 4), Repeat: rate(1, 9),
		},
	}
	var series []model.MonthCount
	recv := []int{6, 8, 5, 9, 7, 4, 3, 6, 8, 6, 5, 7}
	closed := []int{4, 6, 7, 5, 8, 6, 2, 4, 5, 7, 6, 5}
	for i := range recv {
		m := model.MonthPeriod(2025, time.Month(6+i))
		series = append(series, model.MonthCount{Month: m.From.String()[:7], Received: recv[i], Closed: closed[i]})
	}
	return model.MonthlyReport{
		Office: "和平区信访局", Period: model.MonthPeriod(2026, 5),
		Stats: st, Previous: prev, LastYear: lastYear, Series: series,
		Overdue: []model.OverdueCase{
			{ID: 5, No: "和信〔2026〕0005", Petitioner: "欧阳*娜等3人", Unit: "区住房和城乡建设局", DueOn: model.MustDate("2026-04-26"), DaysOverdue: 35},
			{ID: 11, No: "和信〔2026〕0011", Petitioner: "王*", Accepting: true, DueOn: model.MustDate("2026-05-27"), DaysOverdue: 4},
			{ID: 7, No: "和信〔2026〕0007", Petitioner: "张*", Unit: "东街道办事处", Leaders: "张伟", DueOn: model.MustDate("2026-05-29"), DaysOverdue: 2},
		},
		Backlog: []model.BacklogCase{
			{ID: 4, No: "和信〔2026〕0004", Petitioner: "陈*华", ReceivedOn: model.MustDate("2026-04-01"), Leaders: "王强",
				DecidedOn: model.MustDate("2026-04-03"), ClosedOn: model.MustDate("2026-05-31"), StoppedOn: model.MustDate("2026-05-31"), DutiesDone: 4, Duties: 4},
			{ID: 13, No: "和信〔2026〕0013", Petitioner: "刘*", ReceivedOn: model.MustDate("2026-05-02"), Leaders: "李娜、张伟",
				DecidedOn: model.MustDate("2026-05-06"), ClosedOn: model.MustDate("2026-05-28"), DutiesDone: 3, Duties: 8},
		},
		BacklogTotal: 2,
	}
}
