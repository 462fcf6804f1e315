package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"baoan/model"
)

// statsData is a set of rows for the statistics tests, inserted straight into the tables
// (not through the store's case API, which these tests do not depend on) and turned into
// model.Facts for model.ComputeStats, so that the SQL and the reference see the same data.
type statsData struct {
	units      []model.Unit
	categories []model.Category
	leaders    []model.Leader
	cases      []model.Case
	assigns    []model.Assignment
	visits     []model.Visit
	extensions []model.Extension
}

func (d statsData) insert(t testing.TB, s *Store) {
	t.Helper()
	for _, rows := range []any{d.units, d.categories, d.leaders, d.cases, d.assigns, d.visits, d.extensions} {
		if reflect.ValueOf(rows).Len() == 0 {
			continue
		}
		if err := s.db.CreateInBatches(rows, 200).Error; err != nil {
			t.Fatalf("insert %T: %v", rows, err)
		}
	}
	// These rows bypass the store and its audit trail, which the statistics cache
	// relies on to see writes.
	s.stats = statsCache{}
}

func (d statsData) facts() model.Facts {
	f := model.Facts{Leaders: map[int64]string{}, Streets: map[int64]string{}, Categories: map[int64]string{}}
	for _, c := range d.cases {
		f.Cases = append(f.Cases, model.FactOf(c))
	}
	for _, a := range d.assigns {
		f.Assignments = append(f.Assignments, model.AssignmentFact{CaseID: a.CaseID, LeaderID: a.LeaderID, AssignedOn: a.AssignedOn, StruckOffOn: a.StruckOffOn})
	}
	for _, v := range d.visits {
		var leader int64
		if v.LeaderID != nil {
			leader = *v.LeaderID
		}
		f.Visits = append(f.Visits, model.VisitFact{CaseID: v.CaseID, LeaderID: leader, Kind: v.Kind, VisitedOn: v.VisitedOn, Planned: v.Planned})
	}
	for _, u := range d.units {
		f.Streets[u.ID] = u.Name
	}
	for _, c := range d.categories {
		f.Categories[c.ID] = c.Name
	}
	for _, l := range d.leaders {
		f.Leaders[l.ID] = l.Name
	}
	return f
}

func statsDate(s string) model.Date {
	if s == "" {
		return model.Date{}
	}
	return model.MustDate(s)
}

func statsRef(id int64) *int64 { return &id }

// statsCase is one hand-made case: the columns the statistics read, the rest filled in.
type statsCase struct {
	id                    int64
	ch                    model.Channel
	street, category      int64
	received, acceptDue   string
	decision              model.Decision
	decided, due, closed  string
	rating                model.Rating
	followUp, stopped     string
	repeat, backlog       bool
	replyDue, extendedDue string
	status                model.Status
}

func (c statsCase) model() model.Case {
	status := c.status
	if status == "" {
		status = model.StatusRegistered
	}
	return model.Case{
		ID: c.id, No: fmt.Sprintf("测信〔2026〕%04d", c.id), Year: 2026, Seq: int(c.id), Channel: c.ch,
		ReceivedOn: statsDate(c.received), HeadCount: 1, CategoryID: c.category, Summary: "统计测试事项",
		StreetID: c.street, Status: status, Decision: c.decision, DecidedOn: statsDate(c.decided),
		AcceptDue: statsDate(c.acceptDue), ReplyDue: statsDate(c.replyDue), ExtendedDue: statsDate(c.extendedDue),
		DueOn: statsDate(c.due), ClosedOn: statsDate(c.closed), Rating: c.rating,
		FirstFollowUpOn: statsDate(c.followUp), StoppedOn: statsDate(c.stopped), Repeat: c.repeat, Backlog: c.backlog,
	}
}

// statsMay is the worked example: May 2026, three streets, three categories, four
// leaders, seventeen cases. Every figure of its statistics is worked out by hand in
// TestStatsHandBuilt.
func statsMay() statsData {
	d := statsData{
		units: []model.Unit{
			{ID: 1, Name: "和平区", Kind: model.UnitDistrict, Active: true},
			{ID: 2, Name: "东街道", Kind: model.UnitStreet, ParentID: statsRef(1), Sort: 1, Active: true},
			{ID: 3, Name: "西街道", Kind: model.UnitStreet, ParentID: statsRef(1), Sort: 2, Active: true},
			{ID: 4, Name: "南街道", Kind: model.UnitStreet, ParentID: statsRef(1), Sort: 3, Active: true},
		},
		categories: []model.Category{
			{ID: 1, Name: "劳动社保", Sort: 1, Active: true},
			{ID: 2, Name: "城乡建设", Sort: 2, Active: true},
			{ID: 3, Name: "物业管理", Sort: 3, Active: true},
		},
		leaders: []model.Leader{
			{ID: 1, Name: "张伟", Level: model.LevelDistrict, Active: true},
			{ID: 2, Name: "李娜", Level: model.LevelDivision, Active: true},
			{ID: 3, Name: "王强", Level: model.LevelSection, Active: true},
			{ID: 4, Name: "赵敏", Level: model.LevelSection, Active: true},
		},
	}
	const (
		east, west, south     = 2, 3, 4
		labour, build, estate = 1, 2, 3
	)
	acc, ass, tra, rej := model.DecisionAccept, model.DecisionAssign, model.DecisionTransfer, model.DecisionNotAccept
	sat, basic, dis := model.RatingSatisfied, model.RatingBasically, model.RatingDissatisfied
	handling, closed := model.StatusHandling, model.StatusClosed
	for _, c := range []statsCase{
		// 1 closed in P a day before its due date; 满意; 回访 in P.
		{id: 1, ch: model.ChannelLetter, street: east, category: labour, received: "2026-03-02", acceptDue: "2026-03-17",
			decision: acc, decided: "2026-03-05", due: "2026-05-04", closed: "2026-05-03", rating: sat, followUp: "2026-05-10", status: closed},
		// 2 closed in P nine days late; 不满意; no 回访.
		{id: 2, ch: model.ChannelVisit, street: west, category: build, received: "2026-03-10", acceptDue: "2026-03-25",
			decision: acc, decided: "2026-03-12", due: "2026-05-11", closed: "2026-05-20", rating: dis, status: closed},
		// 3 交办; reply due 05-21 extended (延期) to 06-20, closed 05-25: on time thanks to
		// the extension; 基本满意; its 回访 comes after To.
		{id: 3, ch: model.ChannelOnline, street: east, category: estate, received: "2026-03-20", acceptDue: "2026-04-04",
			decision: ass, decided: "2026-03-22", replyDue: "2026-05-21", extendedDue: "2026-06-20", due: "2026-06-20",
			closed: "2026-05-25", rating: basic, followUp: "2026-06-02", status: closed},
		// 4 积案 closed on the last day, 未评价, 回访 and 息诉罢访 on the last day.
		{id: 4, ch: model.ChannelPhone, street: south, category: labour, received: "2026-04-01", acceptDue: "2026-04-16",
			decision: acc, decided: "2026-04-03", due: "2026-06-02", closed: "2026-05-31", followUp: "2026-05-31",
			backlog: true, stopped: "2026-05-31", status: closed},
		// 5 open since February, due 04-26: overdue, but not in this period's on-time rate.
		{id: 5, ch: model.ChannelHotline, street: west, category: labour, received: "2026-02-20", acceptDue: "2026-03-07",
			decision: acc, decided: "2026-02-25", due: "2026-04-26", status: handling},
		// 6 open, due on the last day: in the on-time denominator, not (yet) overdue.
		{id: 6, ch: model.ChannelLetter, street: south, category: build, received: "2026-03-31", acceptDue: "2026-04-15",
			decision: acc, decided: "2026-04-01", due: "2026-05-31", status: handling},
		// 7 due 05-29, closed after To (06-05): a miss for on-time and overdue at To.
		{id: 7, ch: model.ChannelVisit, street: east, category: build, received: "2026-03-28", acceptDue: "2026-04-12",
			decision: acc, decided: "2026-03-30", due: "2026-05-29", closed: "2026-06-05", rating: sat, status: closed},
		// 8 received the day before P, accepted on its first day, open.
		{id: 8, ch: model.ChannelOnline, street: west, category: estate, received: "2026-04-30", acceptDue: "2026-05-15",
			decision: acc, decided: "2026-05-01", due: "2026-06-30", status: handling},
		// 9 不予受理 in time; 重复信访.
		{id: 9, ch: model.ChannelLetter, street: east, category: labour, received: "2026-05-05", acceptDue: "2026-05-20",
			decision: rej, decided: "2026-05-08", repeat: true, status: model.StatusNotAccepted},
		// 10 转送 a day after its acceptance due date.
		{id: 10, ch: model.ChannelPhone, street: east, category: build, received: "2026-05-10", acceptDue: "2026-05-25",
			decision: tra, decided: "2026-05-26", status: model.StatusTransferred},
		// 11 undecided, acceptance due 05-27: overdue; 重复信访.
		{id: 11, ch: model.ChannelVisit, street: south, category: estate, received: "2026-05-12", acceptDue: "2026-05-27", repeat: true},
		// 12 undecided, acceptance due after To.
		{id: 12, ch: model.ChannelHotline, street: west, category: build, received: "2026-05-20", acceptDue: "2026-06-04"},
		// 13 accepted and closed in P on time; 满意; 回访 in P; 积案 whose 息诉罢访 comes after To.
		{id: 13, ch: model.ChannelLetter, street: south, category: labour, received: "2026-05-02", acceptDue: "2026-05-17",
			decision: acc, decided: "2026-05-06", due: "2026-07-05", closed: "2026-05-28", rating: sat, followUp: "2026-05-30",
			backlog: true, stopped: "2026-06-10", status: closed},
		// 14 acceptance due on the last day, decided the day after: late, but not overdue at To.
		{id: 14, ch: model.ChannelLeader, street: east, category: estate, received: "2026-05-16", acceptDue: "2026-05-31",
			decision: acc, decided: "2026-06-01", due: "2026-07-31", status: handling},
		// 15 received and 交办 on the last day.
		{id: 15, ch: model.ChannelGrid, street: west, category: labour, received: "2026-05-31", acceptDue: "2026-06-15",
			decision: ass, decided: "2026-05-31", due: "2026-07-30", status: handling},
		// 16 closed before P (04-30); its 包案 is struck off in P.
		{id: 16, ch: model.ChannelVisit, street: west, category: estate, received: "2026-04-10", acceptDue: "2026-04-25",
			decision: acc, decided: "2026-04-12", due: "2026-06-11", closed: "2026-04-30", rating: sat, status: closed},
		// 17 received after P.
		{id: 17, ch: model.ChannelLetter, street: east, category: labour, received: "2026-06-01", acceptDue: "2026-06-16",
			decision: acc, decided: "2026-06-02", due: "2026-08-01", status: handling},
	} {
		d.cases = append(d.cases, c.model())
	}
	d.extensions = []model.Extension{{ID: 1, CaseID: 3, Approver: "区信访局局长", ApprovedOn: statsDate("2026-05-15"),
		Reason: "需补充调查", NewDue: statsDate("2026-06-20"), ToldOn: statsDate("2026-05-16")}}
	for i, a := range []struct {
		caseID, leader   int64
		assigned, struck string
	}{
		{1, 1, "2026-03-06", "2026-05-15"},  // 张伟, struck off in P
		{2, 1, "2026-03-15", ""},            // 张伟
		{7, 1, "2026-04-01", ""},            // 张伟, case due in P and open at To
		{13, 1, "2026-05-20", ""},           // 张伟, new in P (second leader on case 13)
		{8, 2, "2026-05-02", ""},            // 李娜, new in P
		{13, 2, "2026-05-07", ""},           // 李娜, new in P
		{16, 2, "2026-04-13", "2026-05-03"}, // 李娜, struck off in P
		{5, 3, "2026-03-01", "2026-04-20"},  // 王强, struck off before P: not carried
		{4, 3, "2026-06-02", ""},            // 王强, assigned after P: not carried
	} {
		d.assigns = append(d.assigns, model.Assignment{ID: int64(i + 1), CaseID: a.caseID, LeaderID: a.leader,
			AssignedOn: statsDate(a.assigned), StruckOffOn: statsDate(a.struck), Version: 1})
	}
	for i, v := range []struct {
		caseID  int64
		leader  int64 // 0: no leader recorded
		kind    model.VisitKind
		day     string
		planned bool
	}{
		{1, 1, model.VisitReception, "2026-05-06", false},
		{1, 1, model.VisitFollowUp, "2026-05-10", false},
		{2, 1, model.VisitHome, "2026-05-15", false},
		{7, 1, model.VisitAppointment, "2026-04-20", false}, // before P
		{13, 2, model.VisitFollowUp, "2026-05-30", false},
		{13, 2, model.VisitAppointment, "2026-05-12", false},
		{8, 2, model.VisitHome, "2026-06-03", true}, // after P
		{5, 3, model.VisitReception, "2026-05-18", false},
		{5, 3, model.VisitHome, "2026-05-25", false},
		{11, 3, model.VisitHome, "2026-05-28", true}, // planned: has not happened
		{4, 0, model.VisitFollowUp, "2026-05-31", false},
		{3, 4, model.VisitReception, "2026-04-28", false}, // before P
		{9, 4, model.VisitAppointment, "2026-05-20", true},
		{4, 3, model.VisitFollowUp, "2026-06-01", false}, // after P
	} {
		var leader *int64
		if v.leader != 0 {
			leader = statsRef(v.leader)
		}
		d.visits = append(d.visits, model.Visit{ID: int64(i + 1), CaseID: v.caseID, Kind: v.kind, VisitedOn: statsDate(v.day),
			LeaderID: leader, Planned: v.planned})
	}
	return d
}

func TestStatsHandBuilt(t *testing.T) {
	s := openTemp(t)
	d := statsMay()
	d.insert(t, s)
	p := model.MonthPeriod(2026, 5)

	// The figures, worked out by hand from statsMay (P = 2026-05-01…31, To = 05-31):
	//
	// received: 9, 10, 11, 12, 13, 14, 15 = 7 (8 came 04-30, 17 on 06-01)
	// accepted: 8 (05-01), 13 (05-06) = 2 (14 was accepted 06-01)
	// not_accepted: 9 = 1. transferred: 10 (转送), 15 (交办) = 2
	// closed: 1, 2, 3, 4, 13 = 5 (7 closed 06-05, 16 on 04-30)
	// overdue_open: 5 (open, due 04-26), 7 (due 05-29, closed after To), 11 (undecided,
	//   acceptance due 05-27) = 3. Not 6 (due on To), not 14 (acceptance due on To).
	// backlog_resolved: 4 (息诉罢访 05-31) = 1; 13 stopped after To.
	//
	// timely_acceptance: due in P: 8, 9, 10, 11, 13, 14 = 6; in time: 8, 9, 13 = 3 → 50.0%
	// on_time_closure: closed 1 ✓ 2 ✗ 3 ✓ (extension) 4 ✓ 13 ✓, plus due in P and open
	//   at To: 6, 7 → 4/7 = 57.1%
	// closure: accepted in P 8, 13; closed by To: 13 → 1/2 = 50.0%
	// rated: 1, 2, 3, 13 of 5 (4 is 未评价) → 4/5 = 80.0%
	// satisfaction: 1 满意, 3 基本满意, 13 满意 of 4 → 3/4 = 75.0%
	// revisit: 1 (05-10), 4 (05-31), 13 (05-30) of 5 (3's is 06-02) → 3/5 = 60.0%
	// repeat: 9, 11 of 7 → 2/7 = 28.6%
	//
	// by_leader (carried = assigned by To and not struck off before 05-01):
	//   张伟: carried 1, 2, 7, 13 = 4; new 13 = 1; closed 1, 2, 13 = 3; struck 1 = 1;
	//     visits 接访 1 (05-06), 约访 0 (04-20 is before P), 走访 1, 回访 1;
	//     on-time 1 ✓ 2 ✗ 13 ✓ + 7 due and open → 2/4 = 50.0%
	//   李娜: carried 8, 13, 16 = 3; new 8, 13 = 2; closed 13 = 1; struck 16 = 1;
	//     visits 约访 1, 回访 1 (06-03 is after P); on-time 13 ✓ → 1/1 = 100.0%
	//   王强: carries nothing in P (5 struck 04-20, 4 assigned 06-02): 0 0 0 0; visits
	//     接访 1, 走访 1 (the planned 05-28 does not count); on-time 0/0 → —
	//   赵敏: a visit before P and a planned one: not listed. The 回访 of case 4 has no
	//     leader and is in nobody's row.
	//
	// by_street (东 1 3 7 9 10 14 17; 西 2 5 8 12 15 16; 南 4 6 11 13):
	//   东: received 9 10 14 = 3; closed 1 3 = 2; overdue 7 = 1; on-time 1 3 ✓ + 7 → 2/3;
	//       satisfaction 1 3 → 2/2
	//   南: received 11 13 = 2; closed 4 13 = 2; overdue 11 = 1; on-time 4 13 ✓ + 6 → 2/3;
	//       satisfaction 13 of 13 (4 未评价) → 1/1
	//   西: received 12 15 = 2; closed 2 = 1; overdue 5 = 1; on-time 2 ✗ → 0/1;
	//       satisfaction 2 不满意 → 0/1
	//   order: 东 (3), then 南 before 西 by name (U+5357 < U+897F)
	// by_category (劳动 1 4 5 9 13 15 17; 城建 2 6 7 10 12; 物业 3 8 11 14 16):
	//   劳动社保: received 9 13 15 = 3; closed 1 4 13 = 3; overdue 5 = 1; on-time 3/3;
	//       satisfaction 1 13 → 2/2
	//   城乡建设: received 10 12 = 2; closed 2 = 1; overdue 7 = 1; on-time 2 ✗ + 6 + 7 → 0/3;
	//       satisfaction 0/1
	//   物业管理: received 11 14 = 2; closed 3 = 1; overdue 11 = 1; on-time 1/1; satisfaction 1/1
	// by_channel:
	//   来信 (1 6 9 13 17): received 9 13 = 2; closed 1 13 = 2; overdue 0; on-time 1 13 ✓ + 6
	//       → 2/3; satisfaction 2/2
	//   12345热线 (5 12): received 12 = 1; closed 0; overdue 5 = 1; rates 0/0 → —
	//   来电 (4 10): received 10 = 1; closed 4 = 1; on-time 1/1; satisfaction 0/0 (未评价) → —
	//   来访 (2 7 11 16): received 11 = 1; closed 2 = 1; overdue 7 11 = 2; on-time 2 ✗ + 7
	//       → 0/2; satisfaction 0/1
	//   网格员代办 (15): received 1; nothing else. 领导接访 (14): received 1; nothing else.
	//   网上信访 (3 8): received 0; closed 3 = 1; on-time 1/1; satisfaction 1/1
	//   order: received 2, then the 1s by label bytes ("1" < 来 U+6765 < 网 U+7F51 < 领 U+9886;
	//   来电 before 来访 as 电 U+7535 < 访 U+8BBF), then the 0.
	gc := func(received, closed, overdue int, onTime, satisfaction model.Rate) model.GroupCounts {
		return model.GroupCounts{Received: received, Closed: closed, OverdueOpen: overdue, OnTimeClosure: onTime, Satisfaction: satisfaction}
	}
	r := func(num, den int) model.Rate { return model.Rate{Num: num, Den: den} }
	want := model.Stats{
		From: p.From, To: p.To,
		Received: 7, Accepted: 2, NotAccepted: 1, Transferred: 2, Closed: 5, OverdueOpen: 3, BacklogResolved: 1,
		Rates: model.Rates{
			TimelyAcceptance: r(3, 6), OnTimeClosure: r(4, 7), Closure: r(1, 2), Rated: r(4, 5),
			Satisfaction: r(3, 4), Revisit: r(3, 5), Repeat: r(2, 7),
		},
		ByLeader: []model.LeaderRow{
			{LeaderID: 1, Leader: "张伟", Carried: 4, New: 1, Closed: 3, StruckOff: 1,
				Visits: model.VisitCounts{Reception: 1, Appointment: 0, Home: 1, FollowUp: 1}, OnTimeClosure: r(2, 4)},
			{LeaderID: 2, Leader: "李娜", Carried: 3, New: 2, Closed: 1, StruckOff: 1,
				Visits: model.VisitCounts{Appointment: 1, FollowUp: 1}, OnTimeClosure: r(1, 1)},
			{LeaderID: 3, Leader: "王强", Visits: model.VisitCounts{Reception: 1, Home: 1}, OnTimeClosure: r(0, 0)},
		},
		ByStreet: []model.StreetRow{
			{StreetID: 2, Street: "东街道", GroupCounts: gc(3, 2, 1, r(2, 3), r(2, 2))},
			{StreetID: 4, Street: "南街道", GroupCounts: gc(2, 2, 1, r(2, 3), r(1, 1))},
			{StreetID: 3, Street: "西街道", GroupCounts: gc(2, 1, 1, r(0, 1), r(0, 1))},
		},
		ByCategory: []model.CategoryRow{
			{CategoryID: 1, Category: "劳动社保", GroupCounts: gc(3, 3, 1, r(3, 3), r(2, 2))},
			{CategoryID: 2, Category: "城乡建设", GroupCounts: gc(2, 1, 1, r(0, 3), r(0, 1))},
			{CategoryID: 3, Category: "物业管理", GroupCounts: gc(2, 1, 1, r(1, 1), r(1, 1))},
		},
		ByChannel: []model.ChannelRow{
			{Channel: model.ChannelLetter, Label: "来信", GroupCounts: gc(2, 2, 0, r(2, 3), r(2, 2))},
			{Channel: model.ChannelHotline, Label: "12345热线", GroupCounts: gc(1, 0, 1, r(0, 0), r(0, 0))},
			{Channel: model.ChannelPhone, Label: "来电", GroupCounts: gc(1, 1, 0, r(1, 1), r(0, 0))},
			{Channel: model.ChannelVisit, Label: "来访", GroupCounts: gc(1, 1, 2, r(0, 2), r(0, 1))},
			{Channel: model.ChannelGrid, Label: "网格员代办", GroupCounts: gc(1, 0, 0, r(0, 0), r(0, 0))},
			{Channel: model.ChannelLeader, Label: "领导接访", GroupCounts: gc(1, 0, 0, r(0, 0), r(0, 0))},
			{Channel: model.ChannelOnline, Label: "网上信访", GroupCounts: gc(0, 1, 0, r(1, 1), r(1, 1))},
		},
	}

	ref := model.ComputeStats(p, d.facts())
	statsEqual(t, "model.ComputeStats", ref, want)
	got, err := s.Stats(context.Background(), p)
	if err != nil {
		t.Fatalf("Stats(%v): %v", p, err)
	}
	statsEqual(t, "store.Stats", got, want)

	// A case with a channel code outside model.Channels, received after P: the IN list
	// of channels present now holds it, and May's figures stay the same.
	odd := statsCase{id: 18, ch: "fax", street: 2, category: 1, received: "2026-06-20", acceptDue: "2026-07-05"}.model()
	if err := s.db.Create(&odd).Error; err != nil {
		t.Fatal(err)
	}
	got, err = s.Stats(context.Background(), p)
	if err != nil {
		t.Fatalf("Stats(%v) with channel fax present: %v", p, err)
	}
	statsEqual(t, "store.Stats (channel fax present)", got, want)

	// A period with no data at all: every rate has an empty denominator.
	empty, err := s.Stats(context.Background(), model.MonthPeriod(2020, 1))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range model.RateKeys {
		if rate, _ := empty.Rates.Get(k); rate != (model.Rate{}) || rate.String() != "—" {
			t.Errorf("Stats(2020-01).Rates[%s] = %+v (%s), want {0 0} shown as —", k, rate, rate)
		}
	}
	if len(empty.ByLeader)+len(empty.ByStreet)+len(empty.ByCategory)+len(empty.ByChannel) != 0 {
		t.Errorf("Stats(2020-01) has breakdown rows %+v, want none", empty)
	}
}

// statsEqual fails with both values as indented JSON (with ids) when they differ.
func statsEqual(t *testing.T, what string, got, want model.Stats) {
	t.Helper()
	if reflect.DeepEqual(got, want) {
		return
	}
	show := func(st model.Stats) string {
		// the ids and channel codes are not in the JSON; show them beside it
		var ids []string
		for _, r := range st.ByLeader {
			ids = append(ids, fmt.Sprintf("leader %d", r.LeaderID))
		}
		for _, r := range st.ByStreet {
			ids = append(ids, fmt.Sprintf("street %d", r.StreetID))
		}
		for _, r := range st.ByCategory {
			ids = append(ids, fmt.Sprintf("category %d", r.CategoryID))
		}
		for _, r := range st.ByChannel {
			ids = append(ids, "channel "+string(r.Channel))
		}
		b, _ := json.MarshalIndent(st, "", " ")
		return string(b) + "\n" + strings.Join(ids, ", ")
	}
	t.Errorf("%s =\n%s\nwant\n%s", what, show(got), show(want))
}

// TestStatsMatchesReference checks the SQL against model.ComputeStats on random data:
// 2000 cases whose dates fall anywhere around the periods (including inconsistent
// combinations such as a decision without a date), with 包案 and visits, for periods
// of a day, a month, a quarter and a year.
func TestStatsMatchesReference(t *testing.T) {
	s := openTemp(t)
	d := statsRandom(rand.New(rand.NewSource(20260531)), 2000)
	d.insert(t, s)
	facts := d.facts()
	periods := []model.Period{
		model.MonthPeriod(2026, 5), model.MonthPeriod(2026, 2), model.MonthPeriod(2025, 12),
		{From: model.MustDate("2026-05-31"), To: model.MustDate("2026-05-31")},
		{From: model.MustDate("2026-04-01"), To: model.MustDate("2026-06-30")},
		{From: model.MustDate("2025-07-01"), To: model.MustDate("2026-06-30")},
	}
	check := func(form string) {
		for _, p := range periods {
			got, err := s.Stats(context.Background(), p)
			if err != nil {
				t.Fatalf("Stats(%v) %s: %v", p, form, err)
			}
			want := model.ComputeStats(p, facts)
			if want.Closed == 0 || want.OverdueOpen == 0 || len(want.ByLeader) == 0 || want.Rates.TimelyAcceptance.Den == 0 {
				t.Fatalf("random data too thin for %v: %+v", p, want)
			}
			statsEqual(t, fmt.Sprintf("store.Stats(%s…%s) %s", p.From, p.To, form), got, want)
		}
	}
	check("known channels")

	// Channel codes outside model.Channels are counted under their own code.
	rng := rand.New(rand.NewSource(7))
	extra := statsRandom(rng, 120)
	for i := range extra.cases {
		extra.cases[i].ID += 10000
		extra.cases[i].No += "X"
		extra.cases[i].Seq += 10000
		extra.cases[i].Channel = model.Channel([]string{"fax", "wechat"}[i%2])
	}
	extra.units, extra.categories, extra.leaders, extra.assigns, extra.visits, extra.extensions = nil, nil, nil, nil, nil, nil
	extra.insert(t, s)
	facts.Cases = append(facts.Cases, extra.facts().Cases...)
	check("with unknown channel codes")
}

// statsRandom makes n random cases over the dictionaries of statsMay's shape (4 streets,
// 5 categories, 6 leaders), about 40% with one or two 包案 and two visits each on average.
func statsRandom(rng *rand.Rand, n int) statsData {
	d := statsData{units: []model.Unit{{ID: 1, Name: "区", Kind: model.UnitDistrict, Active: true}}}
	for i := int64(2); i <= 5; i++ {
		d.units = append(d.units, model.Unit{ID: i, Name: fmt.Sprintf("街道%d", 6-i), Kind: model.UnitStreet, ParentID: statsRef(1), Active: true})
	}
	for i := int64(1); i <= 5; i++ {
		d.categories = append(d.categories, model.Category{ID: i, Name: fmt.Sprintf("类别%d", 6-i), Active: true})
	}
	for i := int64(1); i <= 6; i++ {
		// two leaders share a name: rows then go by id
		d.leaders = append(d.leaders, model.Leader{ID: i, Name: fmt.Sprintf("领导%d", i/2), Level: model.LevelSection, Active: true})
	}
	base := model.MustDate("2025-06-01")
	day := func(span int) model.Date { return base.AddDays(rng.Intn(span)) }
	maybe := func(p float64, f func() model.Date) model.Date {
		if rng.Float64() < p {
			return f()
		}
		return model.Date{}
	}
	after := func(from model.Date, max int) model.Date { return from.AddDays(rng.Intn(max + 1)) }
	decisions := []model.Decision{"", model.DecisionAccept, model.DecisionAccept, model.DecisionAccept, model.DecisionAssign, model.DecisionTransfer, model.DecisionNotAccept}
	ratings := []model.Rating{model.RatingNone, model.RatingSatisfied, model.RatingBasically, model.RatingDissatisfied}
	var assignID, visitID int64
	for i := 1; i <= n; i++ {
		received := day(400)
		c := model.Case{
			ID: int64(i), No: fmt.Sprintf("随〔2026〕%05d", i), Year: 2026, Seq: i,
			Channel: model.Channels[rng.Intn(len(model.Channels))], ReceivedOn: received, HeadCount: 1,
			CategoryID: int64(1 + rng.Intn(5)), Summary: "随机事项", StreetID: int64(2 + rng.Intn(4)),
			Status: model.StatusHandling, AcceptDue: received.AddDays(15),
			Decision: decisions[rng.Intn(len(decisions))], Repeat: rng.Intn(8) == 0, Backlog: rng.Intn(6) == 0,
		}
		if rng.Intn(40) == 0 {
			c.AcceptDue = received.AddDays(rng.Intn(30)) // a hand-edited due date
		}
		// decided mostly when a decision is set, sometimes not (bad data), and the other way round
		if (c.Decision != "") == (rng.Intn(20) != 0) {
			c.DecidedOn = after(received, 30)
		}
		if c.Decision == model.DecisionAccept || c.Decision == model.DecisionAssign || rng.Intn(30) == 0 {
			from := c.DecidedOn
			if from.IsZero() {
				from = received
			}
			c.DueOn = maybe(0.95, func() model.Date { return from.AddDays(60 + 30*rng.Intn(2)) })
			c.ClosedOn = maybe(0.8, func() model.Date { return after(from, 110) })
		}
		if !c.ClosedOn.IsZero() {
			c.Rating = ratings[rng.Intn(len(ratings))]
			c.FirstFollowUpOn = maybe(0.6, func() model.Date { return after(c.ClosedOn.AddDays(-5), 40) })
			c.StoppedOn = maybe(0.5, func() model.Date { return after(c.ClosedOn, 60) })
		}
		d.cases = append(d.cases, c)

		for range rng.Intn(3) * rng.Intn(2) { // 0, 1 or 2 包案 for about 40% of cases
			assignID++
			a := model.Assignment{ID: assignID, CaseID: c.ID, LeaderID: int64(1 + rng.Intn(6)), AssignedOn: after(received, 60), Version: 1}
			if rng.Intn(2) == 0 {
				a.StruckOffOn = after(a.AssignedOn, 150)
			}
			dup := false
			for _, b := range d.assigns {
				dup = dup || b.CaseID == a.CaseID && b.LeaderID == a.LeaderID
			}
			if !dup {
				d.assigns = append(d.assigns, a)
			}
		}
		for range rng.Intn(5) {
			visitID++
			v := model.Visit{ID: visitID, CaseID: c.ID, Kind: model.VisitKinds[rng.Intn(4)], VisitedOn: after(received, 120), Planned: rng.Intn(6) == 0}
			if rng.Intn(5) != 0 {
				v.LeaderID = statsRef(int64(1 + rng.Intn(6)))
			}
			if rng.Intn(50) == 0 {
				v.Kind = "phone_call" // not one of the four: counted nowhere
			}
			d.visits = append(d.visits, v)
		}
	}
	return d
}

// TestStatsJSONShape holds the JSON of the worked example to the shape of DESIGN.md
// ("stats --json"): the keys in that order, and the whole text against a golden copy.
func TestStatsJSONShape(t *testing.T) {
	s := openTemp(t)
	statsMay().insert(t, s)
	st, err := s.Stats(context.Background(), model.MonthPeriod(2026, 5))
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}

	var top []string
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.Token()
	for dec.More() {
		k, _ := dec.Token()
		top = append(top, k.(string))
		var skip json.RawMessage
		dec.Decode(&skip)
	}
	wantTop := "from,to,received,accepted,not_accepted,transferred,closed,overdue_open,backlog_resolved,rates,by_leader,by_street,by_category,by_channel"
	if strings.Join(top, ",") != wantTop {
		t.Errorf("stats JSON keys = %s, want %s", strings.Join(top, ","), wantTop)
	}

	var pretty bytes.Buffer
	json.Indent(&pretty, b, "", "  ")
	if got := pretty.String(); got != statsMayJSON {
		t.Errorf("stats JSON =\n%s\nwant\n%s", got, statsMayJSON)
	}
}

const statsMayJSON = `{
  "from": "2026-05-01",
  "to": "2026-05-31",
  "received": 7,
  "accepted": 2,
  "not_accepted": 1,
  "transferred": 2,
  "closed": 5,
  "overdue_open": 3,
  "backlog_resolved": 1,
  "rates": {
    "timely_acceptance": {
      "num": 3,
      "den": 6,
      "pct": 50.0
    },
    "on_time_closure": {
      "num": 4,
      "den": 7,
      "pct": 57.1
    },
    "closure": {
      "num": 1,
      "den": 2,
      "pct": 50.0
    },
    "rated": {
      "num": 4,
      "den": 5,
      "pct": 80.0
    },
    "satisfaction": {
      "num": 3,
      "den": 4,
      "pct": 75.0
    },
    "revisit": {
      "num": 3,
      "den": 5,
      "pct": 60.0
    },
    "repeat": {
      "num": 2,
      "den": 7,
      "pct": 28.6
    }
  },
  "by_leader": [
    {
      "leader": "张伟",
      "carried": 4,
      "new": 1,
      "closed": 3,
      "struck_off": 1,
      "visits": {
        "开门接访": 1,
        "进门约访": 0,
        "登门走访": 1,
        "上门回访": 1
      },
      "on_time_closure": {
        "num": 2,
        "den": 4,
        "pct": 50.0
      }
    },
    {
      "leader": "李娜",
      "carried": 3,
      "new": 2,
      "closed": 1,
      "struck_off": 1,
      "visits": {
        "开门接访": 0,
        "进门约访": 1,
        "登门走访": 0,
        "上门回访": 1
      },
      "on_time_closure": {
        "num": 1,
        "den": 1,
        "pct": 100.0
      }
    },
    {
      "leader": "王强",
      "carried": 0,
      "new": 0,
      "closed": 0,
      "struck_off": 0,
      "visits": {
        "开门接访": 1,
        "进门约访": 0,
        "登门走访": 1,
        "上门回访": 0
      },
      "on_time_closure": {
        "num": 0,
        "den": 0,
        "pct": null
      }
    }
  ],
  "by_street": [
    {
      "street": "东街道",
      "received": 3,
      "closed": 2,
      "overdue_open": 1,
      "on_time_closure": {
        "num": 2,
        "den": 3,
        "pct": 66.7
      },
      "satisfaction": {
        "num": 2,
        "den": 2,
        "pct": 100.0
      }
    },
    {
      "street": "南街道",
      "received": 2,
      "closed": 2,
      "overdue_open": 1,
      "on_time_closure": {
        "num": 2,
        "den": 3,
        "pct": 66.7
      },
      "satisfaction": {
        "num": 1,
        "den": 1,
        "pct": 100.0
      }
    },
    {
      "street": "西街道",
      "received": 2,
      "closed": 1,
      "overdue_open": 1,
      "on_time_closure": {
        "num": 0,
        "den": 1,
        "pct": 0.0
      },
      "satisfaction": {
        "num": 0,
        "den": 1,
        "pct": 0.0
      }
    }
  ],
  "by_category": [
    {
      "category": "劳动社保",
      "received": 3,
      "closed": 3,
      "overdue_open": 1,
      "on_time_closure": {
        "num": 3,
        "den": 3,
        "pct": 100.0
      },
      "satisfaction": {
        "num": 2,
        "den": 2,
        "pct": 100.0
      }
    },
    {
      "category": "城乡建设",
      "received": 2,
      "closed": 1,
      "overdue_open": 1,
      "on_time_closure": {
        "num": 0,
        "den": 3,
        "pct": 0.0
      },
      "satisfaction": {
        "num": 0,
        "den": 1,
        "pct": 0.0
      }
    },
    {
      "category": "物业管理",
      "received": 2,
      "closed": 1,
      "overdue_open": 1,
      "on_time_closure": {
        "num": 1,
        "den": 1,
        "pct": 100.0
      },
      "satisfaction": {
        "num": 1,
        "den": 1,
        "pct": 100.0
      }
    }
  ],
  "by_channel": [
    {
      "channel": "来信",
      "received": 2,
      "closed": 2,
      "overdue_open": 0,
      "on_time_closure": {
        "num": 2,
        "den": 3,
        "pct": 66.7
      },
      "satisfaction": {
        "num": 2,
        "den": 2,
        "pct": 100.0
      }
    },
    {
      "channel": "12345热线",
      "received": 1,
      "closed": 0,
      "overdue_open": 1,
      "on_time_closure": {
        "num": 0,
        "den": 0,
        "pct": null
      },
      "satisfaction": {
        "num": 0,
        "den": 0,
        "pct": null
      }
    },
    {
      "channel": "来电",
      "received": 1,
      "closed": 1,
      "overdue_open": 0,
      "on_time_closure": {
        "num": 1,
        "den": 1,
        "pct": 100.0
      },
      "satisfaction": {
        "num": 0,
        "den": 0,
        "pct": null
      }
    },
    {
      "channel": "来访",
      "received": 1,
      "closed": 1,
      "overdue_open": 2,
      "on_time_closure": {
        "num": 0,
        "den": 2,
        "pct": 0.0
      },
      "satisfaction": {
        "num": 0,
        "den": 1,
        "pct": 0.0
      }
    },
    {
      "channel": "网格员代办",
      "received": 1,
      "closed": 0,
      "overdue_open": 0,
      "on_time_closure": {
        "num": 0,
        "den": 0,
        "pct": null
      },
      "satisfaction": {
        "num": 0,
        "den": 0,
        "pct": null
      }
    },
    {
      "channel": "领导接访",
      "received": 1,
      "closed": 0,
      "overdue_open": 0,
      "on_time_closure": {
        "num": 0,
        "den": 0,
        "pct": null
      },
      "satisfaction": {
        "num": 0,
        "den": 0,
        "pct": null
      }
    },
    {
      "channel": "网上信访",
      "received": 0,
      "closed": 1,
      "overdue_open": 0,
      "on_time_closure": {
        "num": 1,
        "den": 1,
        "pct": 100.0
      },
      "satisfaction": {
        "num": 1,
        "den": 1,
        "pct": 100.0
      }
    }
  ]
}`

func TestStatsRejectsBadPeriod(t *testing.T) {
	s := openTemp(t)
	for _, p := range []model.Period{
		{},
		{From: model.MustDate("2026-05-31"), To: model.MustDate("2026-05-01")},
	} {
		if _, err := s.Stats(context.Background(), p); err == nil || !strings.Contains(err.Error(), "统计区间") {
			t.Errorf("Stats(%v) = %v, want an error naming 统计区间", p, err)
		}
	}
}

func TestStatsMonthlySeries(t *testing.T) {
	s := openTemp(t)
	statsMay().insert(t, s)
	got, err := s.MonthlySeries(context.Background(), model.MonthPeriod(2026, 6), 5)
	if err != nil {
		t.Fatal(err)
	}
	// received: Feb 5; Mar 1 2 3 6 7; Apr 4 8 16; May 9–15; Jun 17.
	// closed: Apr 16; May 1 2 3 4 13; Jun 7.
	want := []model.MonthCount{
		{Month: "2026-02", Received: 1}, {Month: "2026-03", Received: 5}, {Month: "2026-04", Received: 3, Closed: 1},
		{Month: "2026-05", Received: 7, Closed: 5}, {Month: "2026-06", Received: 1, Closed: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("MonthlySeries(2026-06, 5) = %+v, want %+v", got, want)
	}
	// across a year boundary
	got, err = s.MonthlySeries(context.Background(), model.MonthPeriod(2026, 1), 2)
	if err != nil || len(got) != 2 || got[0].Month != "2025-12" || got[1].Month != "2026-01" {
		t.Errorf("MonthlySeries(2026-01, 2) = %+v, %v; want months 2025-12 and 2026-01", got, err)
	}
	if _, err := s.MonthlySeries(context.Background(), model.MonthPeriod(2026, 1), 0); err == nil {
		t.Errorf("MonthlySeries(…, 0) = nil error, want one")
	}
}

// TestStatsQueryPlans holds every statistics query to the design of stats.go on SQLite:
// it reads only covering indexes (no table row, no full scan), and only the joins to
// 包案 sort. Without ANALYZE data the plan does not depend on the table sizes, so a small
// database shows the plan of a large one.
func TestStatsQueryPlans(t *testing.T) {
	s := openSQLite(t)
	statsMay().insert(t, s)
	args := statsArgs(model.MonthPeriod(2026, 5))
	for _, q := range statsQueries {
		var plan []struct {
			ID, Parent, Notused int
			Detail              string
		}
		if err := s.db.Raw("EXPLAIN QUERY PLAN "+q.sql, args).Scan(&plan).Error; err != nil {
			t.Fatalf("%s: %v", q.name, err)
		}
		var lines []string
		for _, l := range plan {
			lines = append(lines, l.Detail)
		}
		for _, d := range lines {
			table := false // the line reads cases, assignments or visits (not ch, x, units …)
			for _, name := range []string{"cases", "assignments", "visits", "a"} {
				f := strings.Fields(d)
				table = table || len(f) > 1 && f[1] == name
			}
			switch {
			case strings.HasPrefix(d, "SCAN") && table:
				t.Errorf("%s scans a whole table or index: %q\n%s", q.name, d, strings.Join(lines, "\n"))
			case strings.HasPrefix(d, "SEARCH") && table && !strings.Contains(d, "COVERING INDEX"):
				t.Errorf("%s reads table rows: %q\n%s", q.name, d, strings.Join(lines, "\n"))
			case strings.Contains(d, "TEMP B-TREE") && !strings.HasPrefix(q.name, "leader_"):
				t.Errorf("%s sorts: %q\n%s", q.name, d, strings.Join(lines, "\n"))
			}
		}
	}
}
