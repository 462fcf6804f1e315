package model

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
)

// This file holds the closure statistics (办结统计) of DOMAIN.md "Metrics": the value types
// that `baoan stats --json`, the monthly report and the statistics screen share, and
// ComputeStats, the reference definition of every figure written as plain loops. The store
// computes the same figures with SQL aggregates; its tests hold the two equal, so
// ComputeStats is the executable specification and the SQL is an optimisation of it.

// Rate is a ratio reported as numerator, denominator and percentage (比率).
type Rate struct{ Num, Den int }

// tenths is the percentage in tenths of a percent, rounded half away from zero, computed
// in integers so that 1/8 gives exactly 12.5 and 5/16 (31.25) gives 31.3, which float
// arithmetic does not promise.
func (r Rate) tenths() (int64, bool) {
	if r.Den == 0 {
		return 0, false
	}
	n, d := int64(r.Num)*1000, int64(r.Den)
	neg := (n < 0) != (d < 0)
	if n < 0 {
		n = -n
	}
	if d < 0 {
		d = -d
	}
	t := (2*n + d) / (2 * d)
	if neg {
		t = -t
	}
	return t, true
}

// Pct is the percentage with one decimal; ok is false when the denominator is 0, for
// which there is no percentage at all (not 0%, not 100%).
func (r Rate) Pct() (pct float64, ok bool) {
	t, ok := r.tenths()
	if !ok {
		return 0, false
	}
	return float64(t) / 10, true
}

// pctText is the percentage with exactly one decimal, without the % sign.
func (r Rate) pctText() (string, bool) {
	t, ok := r.tenths()
	if !ok {
		return "", false
	}
	sign := ""
	if t < 0 {
		sign, t = "-", -t
	}
	return sign + strconv.FormatInt(t/10, 10) + "." + strconv.FormatInt(t%10, 10), true
}

// String is the percentage as printed, "66.7%", or "—" when the denominator is 0.
func (r Rate) String() string {
	s, ok := r.pctText()
	if !ok {
		return "—"
	}
	return s + "%"
}

// MarshalJSON writes {"num":N,"den":N,"pct":X} with X to one decimal, or "pct":null when
// the denominator is 0.
func (r Rate) MarshalJSON() ([]byte, error) {
	pct, ok := r.pctText()
	if !ok {
		pct = "null"
	}
	return fmt.Appendf(nil, `{"num":%d,"den":%d,"pct":%s}`, r.Num, r.Den, pct), nil
}

// UnmarshalJSON reads what MarshalJSON writes; pct is derived, so it is not read back.
func (r *Rate) UnmarshalJSON(b []byte) error {
	var v struct{ Num, Den int }
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*r = Rate{Num: v.Num, Den: v.Den}
	return nil
}

// Rates are the seven rates of DOMAIN.md, in the order of its table. A struct rather than
// a map so that every key is always present and the JSON keeps this order.
type Rates struct {
	TimelyAcceptance Rate `json:"timely_acceptance"` // 及时受理率
	OnTimeClosure    Rate `json:"on_time_closure"`   // 按期办结率
	Closure          Rate `json:"closure"`           // 办结率
	Rated            Rate `json:"rated"`             // 参评率
	Satisfaction     Rate `json:"satisfaction"`      // 满意率
	Revisit          Rate `json:"revisit"`           // 回访率
	Repeat           Rate `json:"repeat"`            // 重复信访率
}

// RateKeys lists the rate keys in report order; RateLabel gives each one's Chinese name.
var RateKeys = []string{"timely_acceptance", "on_time_closure", "closure", "rated", "satisfaction", "revisit", "repeat"}

var rateLabels = map[string]string{
	"timely_acceptance": "及时受理率", "on_time_closure": "按期办结率", "closure": "办结率",
	"rated": "参评率", "satisfaction": "满意率", "revisit": "回访率", "repeat": "重复信访率",
}

// RateLabel is the Chinese name of a rate key, or the key itself when unknown.
func RateLabel(key string) string { return labelOr(rateLabels, key) }

// Get returns the rate of a key from RateKeys.
func (r Rates) Get(key string) (Rate, bool) {
	switch key {
	case "timely_acceptance":
		return r.TimelyAcceptance, true
	case "on_time_closure":
		return r.OnTimeClosure, true
	case "closure":
		return r.Closure, true
	case "rated":
		return r.Rated, true
	case "satisfaction":
		return r.Satisfaction, true
	case "revisit":
		return r.Revisit, true
	case "repeat":
		return r.Repeat, true
	}
	return Rate{}, false
}

// VisitCounts counts the four visits (四访) by kind; the JSON keys are the Chinese names
// in their customary order.
type VisitCounts struct {
	Reception   int `json:"开门接访"`
	Appointment int `json:"进门约访"`
	Home        int `json:"登门走访"`
	FollowUp    int `json:"上门回访"`
}

// Get is the count of one kind (0 for an unknown kind).
func (v VisitCounts) Get(k VisitKind) int {
	if p := v.slot(k); p != nil {
		return *p
	}
	return 0
}

// Add adds n visits of kind k; an unknown kind is ignored, as the statistics count only
// the four kinds.
func (v *VisitCounts) Add(k VisitKind, n int) {
	if p := v.slot(k); p != nil {
		*p += n
	}
}

// Total is the number of visits of all four kinds.
func (v VisitCounts) Total() int { return v.Reception + v.Appointment + v.Home + v.FollowUp }

func (v *VisitCounts) slot(k VisitKind) *int {
	switch k {
	case VisitReception:
		return &v.Reception
	case VisitAppointment:
		return &v.Appointment
	case VisitHome:
		return &v.Home
	case VisitFollowUp:
		return &v.FollowUp
	}
	return nil
}

// LeaderRow is one leader's line of the 包案 breakdown.
type LeaderRow struct {
	LeaderID      int64       `json:"-"`
	Leader        string      `json:"leader"`          // name
	Carried       int         `json:"carried"`         // 在包案件: carried at some time in P
	New           int         `json:"new"`             // 新增包案: assigned in P
	Closed        int         `json:"closed"`          // carried cases closed in P
	StruckOff     int         `json:"struck_off"`      // 销号 in P
	Visits        VisitCounts `json:"visits"`          // 四访 led in P
	OnTimeClosure Rate        `json:"on_time_closure"` // 按期办结率 over the carried cases
}

// GroupCounts are the figures of one row of the street, category and channel breakdowns.
type GroupCounts struct {
	Received      int  `json:"received"`
	Closed        int  `json:"closed"`
	OverdueOpen   int  `json:"overdue_open"`
	OnTimeClosure Rate `json:"on_time_closure"`
	Satisfaction  Rate `json:"satisfaction"`
}

// Listed reports whether a breakdown row is worth a line: it has a count, or a case that
// weighs on its on-time rate (a case due on the last day and still open is in no count).
func (g GroupCounts) Listed() bool {
	return g.Received > 0 || g.Closed > 0 || g.OverdueOpen > 0 || g.OnTimeClosure.Den > 0
}

// StreetRow is one street's line (所属街道 of the case).
type StreetRow struct {
	StreetID int64  `json:"-"`
	Street   string `json:"street"`
	GroupCounts
}

// CategoryRow is one category's line (问题类别).
type CategoryRow struct {
	CategoryID int64  `json:"-"`
	Category   string `json:"category"`
	GroupCounts
}

// ChannelRow is one channel's line (信访形式); Label is the Chinese name.
type ChannelRow struct {
	Channel Channel `json:"-"`
	Label   string  `json:"channel"`
	GroupCounts
}

// Stats are the figures of one reporting period (统计区间), evaluated as of the end of
// its last day. The JSON form is the contract of `baoan stats --json` (DESIGN.md).
type Stats struct {
	From            Date          `json:"from"`
	To              Date          `json:"to"`
	Received        int           `json:"received"`         // 登记
	Accepted        int           `json:"accepted"`         // 受理
	NotAccepted     int           `json:"not_accepted"`     // 不予受理
	Transferred     int           `json:"transferred"`      // 转送 and 交办
	Closed          int           `json:"closed"`           // 办结
	OverdueOpen     int           `json:"overdue_open"`     // 逾期未办结
	BacklogResolved int           `json:"backlog_resolved"` // 积案化解
	Rates           Rates         `json:"rates"`
	ByLeader        []LeaderRow   `json:"by_leader"`
	ByStreet        []StreetRow   `json:"by_street"`
	ByCategory      []CategoryRow `json:"by_category"`
	ByChannel       []ChannelRow  `json:"by_channel"`
}

// Period is the reporting period of the figures.
func (s Stats) Period() Period { return Period{From: s.From, To: s.To} }

// MarshalJSON writes empty breakdowns as [] rather than null, so readers of the JSON
// never meet a null list.
func (s Stats) MarshalJSON() ([]byte, error) {
	type plain Stats
	p := plain(s)
	if p.ByLeader == nil {
		p.ByLeader = []LeaderRow{}
	}
	if p.ByStreet == nil {
		p.ByStreet = []StreetRow{}
	}
	if p.ByCategory == nil {
		p.ByCategory = []CategoryRow{}
	}
	if p.ByChannel == nil {
		p.ByChannel = []ChannelRow{}
	}
	return json.Marshal(p)
}

// CaseFact is what the statistics need to know of a case.
type CaseFact struct {
	ID         int64
	Channel    Channel
	ReceivedOn Date
	CategoryID int64
	StreetID   int64
	Decision   Decision // "" while undecided
	DecidedOn  Date
	AcceptDue  Date // 受理期限
	DueOn      Date // 办理期限, already moved by an approved 延期
	ClosedOn   Date
	Rating     Rating
	// FirstFollowUpOn is the day of the earliest 上门回访 (zero when none).
	FirstFollowUpOn Date
	Repeat          bool // 重复信访
	Backlog         bool // 积案
	StoppedOn       Date // 息诉罢访 recorded
}

// FactOf takes the statistics' view of a case.
func FactOf(c Case) CaseFact {
	return CaseFact{
		ID: c.ID, Channel: c.Channel, ReceivedOn: c.ReceivedOn, CategoryID: c.CategoryID,
		StreetID: c.StreetID, Decision: c.Decision, DecidedOn: c.DecidedOn, AcceptDue: c.AcceptDue,
		DueOn: c.DueOn, ClosedOn: c.ClosedOn, Rating: c.Rating, FirstFollowUpOn: c.FirstFollowUpOn,
		Repeat: c.Repeat, Backlog: c.Backlog, StoppedOn: c.StoppedOn,
	}
}

// AssignmentFact is what the statistics need to know of a 包案.
type AssignmentFact struct {
	CaseID, LeaderID int64
	AssignedOn       Date
	StruckOffOn      Date // 销号 (zero while carried)
}

// VisitFact is what the statistics need to know of a visit. LeaderID 0 is a visit led by
// no recorded leader; Planned visits have not happened and never count.
type VisitFact struct {
	CaseID    int64
	LeaderID  int64
	Kind      VisitKind
	VisitedOn Date
	Planned   bool
}

// Facts are everything ComputeStats reads, with the names of leaders, streets and
// categories by id.
type Facts struct {
	Cases       []CaseFact
	Assignments []AssignmentFact
	Visits      []VisitFact
	Leaders     map[int64]string
	Streets     map[int64]string
	Categories  map[int64]string
}

// happenedBy reports whether d has happened by the end of day to (a zero date never has).
func happenedBy(d, to Date) bool { return !d.IsZero() && !d.After(to) }

// handledDecision reports whether the decision leaves the case with this office to
// handle and reply: 受理, or 交办 (assigned down to a unit that must reply). 不予受理 and
// 转送 end the office's clock.
func handledDecision(d Decision) bool { return d == DecisionAccept || d == DecisionAssign }

// OverdueAt reports whether the case is open and past due at the end of day to
// (逾期未办结). Two kinds count:
//   - handled (受理/交办 decided by to), not closed by to, with a reply due date before to;
//   - received by to and still undecided at to, with an acceptance due date before to.
//
// A case due on to itself is not overdue: it has the whole of that day, and the monthly
// report is commonly prepared on the month's last day, when such a case is 今日到期, not
// 逾期. It is overdue the day after, so it counts in the next period's figure. (It does
// count against 按期办结率 of this period, whose denominator takes every case due in the
// period and not closed by its end: that rate asks "closed by the deadline", this count
// asks "the deadline has already passed".)
func (c CaseFact) OverdueAt(to Date) bool {
	if handledDecision(c.Decision) && happenedBy(c.DecidedOn, to) {
		return !happenedBy(c.ClosedOn, to) && !c.DueOn.IsZero() && c.DueOn.Before(to)
	}
	return happenedBy(c.ReceivedOn, to) && !happenedBy(c.DecidedOn, to) && !c.AcceptDue.IsZero() && c.AcceptDue.Before(to)
}

// ComputeStats computes the statistics of period p from the facts by looping over them.
// It is the reference definition; store.Stats must return the same. "In P" means on a day
// from p.From to p.To inclusive; "by To" means on or before p.To; everything is as of the
// end of p.To.
//
// Counts:
//   - received: ReceivedOn in P.
//   - accepted / not_accepted: Decision 受理 / 不予受理 with DecidedOn in P.
//   - transferred: Decision 转送 or 交办 with DecidedOn in P (both hand the matter on).
//   - closed: ClosedOn in P.
//   - overdue_open: CaseFact.OverdueAt(To).
//   - backlog_resolved: 积案 closed in P with 息诉罢访 recorded by To.
//
// Rates (numerator / denominator):
//   - timely_acceptance: any decision with DecidedOn ≤ AcceptDue / AcceptDue in P.
//   - on_time_closure: closed in P with ClosedOn ≤ DueOn / closed in P, plus DueOn in P
//     and not closed by To. A closed case without a due date cannot be shown on time and
//     counts as late.
//   - closure: closed by To / Decision 受理 with DecidedOn in P (交办 is not 受理).
//   - rated: rated (not 未评价) / closed in P. The rating as recorded now: the ledger
//     carries no rating date.
//   - satisfaction: 满意 or 基本满意 / closed in P and rated.
//   - revisit: first 上门回访 by To / closed in P.
//   - repeat: 重复信访 / received in P.
//
// By leader, over the leader's 包案 carried in P: assigned by To and not struck off
// (销号) before From. carried counts them; new those assigned in P; closed those whose
// case closed in P; struck_off those struck off in P; on_time_closure is the rate above
// over their cases. visits counts the four kinds of visit (not planned ones) in P led by
// the leader (Visit.LeaderID), whatever the case. A leader is listed when carrying any
// case or having led any visit; rows go by name, then id.
//
// By street, category and channel of the case: received, closed, overdue_open and the
// on-time and satisfaction rates restricted to the group. A group is listed when it has
// any of the three counts or a case in its on-time denominator; rows go by received
// (most first), then name, then id or channel code.
func ComputeStats(p Period, f Facts) Stats {
	st := Stats{From: p.From, To: p.To}
	in := p.Contains
	done := func(d Date) bool { return happenedBy(d, p.To) }
	var r Rates

	streets := map[int64]*GroupCounts{}
	cats := map[int64]*GroupCounts{}
	chans := map[Channel]*GroupCounts{}
	get := func(m map[int64]*GroupCounts, id int64) *GroupCounts {
		if m[id] == nil {
			m[id] = &GroupCounts{}
		}
		return m[id]
	}
	cases := make(map[int64]*CaseFact, len(f.Cases))
	for i := range f.Cases {
		c := &f.Cases[i]
		cases[c.ID] = c
		if chans[c.Channel] == nil {
			chans[c.Channel] = &GroupCounts{}
		}
		groups := []*GroupCounts{get(streets, c.StreetID), get(cats, c.CategoryID), chans[c.Channel]}
		each := func(fn func(g *GroupCounts)) {
			for _, g := range groups {
				fn(g)
			}
		}

		if in(c.ReceivedOn) {
			st.Received++
			each(func(g *GroupCounts) { g.Received++ })
			r.Repeat.Den++
			if c.Repeat {
				r.Repeat.Num++
			}
		}
		if in(c.DecidedOn) {
			switch c.Decision {
			case DecisionAccept:
				st.Accepted++
				r.Closure.Den++
				if done(c.ClosedOn) {
					r.Closure.Num++
				}
			case DecisionNotAccept:
				st.NotAccepted++
			case DecisionTransfer, DecisionAssign:
				st.Transferred++
			}
		}
		if in(c.AcceptDue) {
			r.TimelyAcceptance.Den++
			if c.Decision != "" && happenedBy(c.DecidedOn, c.AcceptDue) {
				r.TimelyAcceptance.Num++
			}
		}
		switch {
		case in(c.ClosedOn):
			st.Closed++
			onTime := happenedBy(c.ClosedOn, c.DueOn)
			rated, satisfied := c.Rating.Rated(), c.Rating.Satisfied()
			each(func(g *GroupCounts) {
				g.Closed++
				addTo(&g.OnTimeClosure, onTime)
				if rated {
					addTo(&g.Satisfaction, satisfied)
				}
			})
			addTo(&r.OnTimeClosure, onTime)
			addTo(&r.Rated, rated)
			if rated {
				addTo(&r.Satisfaction, satisfied)
			}
			addTo(&r.Revisit, done(c.FirstFollowUpOn))
			if c.Backlog && done(c.StoppedOn) {
				st.BacklogResolved++
			}
		case in(c.DueOn) && !done(c.ClosedOn):
			each(func(g *GroupCounts) { g.OnTimeClosure.Den++ })
			r.OnTimeClosure.Den++
		}
		if c.OverdueAt(p.To) {
			st.OverdueOpen++
			each(func(g *GroupCounts) { g.OverdueOpen++ })
		}
	}
	st.Rates = r

	leaders := map[int64]*LeaderRow{}
	leader := func(id int64) *LeaderRow {
		if leaders[id] == nil {
			leaders[id] = &LeaderRow{LeaderID: id, Leader: f.Leaders[id]}
		}
		return leaders[id]
	}
	for _, a := range f.Assignments {
		if !done(a.AssignedOn) || (!a.StruckOffOn.IsZero() && a.StruckOffOn.Before(p.From)) {
			continue
		}
		row := leader(a.LeaderID)
		row.Carried++
		if in(a.AssignedOn) {
			row.New++
		}
		if in(a.StruckOffOn) {
			row.StruckOff++
		}
		c := cases[a.CaseID]
		switch {
		case c == nil:
		case in(c.ClosedOn):
			row.Closed++
			addTo(&row.OnTimeClosure, happenedBy(c.ClosedOn, c.DueOn))
		case in(c.DueOn) && !done(c.ClosedOn):
			row.OnTimeClosure.Den++
		}
	}
	for _, v := range f.Visits {
		if v.Planned || v.LeaderID == 0 || !in(v.VisitedOn) || !v.Kind.Valid() {
			continue
		}
		leader(v.LeaderID).Visits.Add(v.Kind, 1)
	}
	for _, row := range leaders {
		st.ByLeader = append(st.ByLeader, *row)
	}

	for id, g := range streets {
		if g.Listed() {
			st.ByStreet = append(st.ByStreet, StreetRow{StreetID: id, Street: f.Streets[id], GroupCounts: *g})
		}
	}
	for id, g := range cats {
		if g.Listed() {
			st.ByCategory = append(st.ByCategory, CategoryRow{CategoryID: id, Category: f.Categories[id], GroupCounts: *g})
		}
	}
	for ch, g := range chans {
		if g.Listed() {
			st.ByChannel = append(st.ByChannel, ChannelRow{Channel: ch, Label: ch.Label(), GroupCounts: *g})
		}
	}
	SortStats(&st)
	return st
}

// addTo counts one case in a rate's denominator and, when hit, in its numerator.
func addTo(r *Rate, hit bool) {
	r.Den++
	if hit {
		r.Num++
	}
}

// SortStats puts the breakdown rows in their documented order: leaders by name, then id;
// streets, categories and channels by received (most first), then name, then id or code.
// Sorting happens in Go, not SQL, so that the order does not depend on the database's
// collation.
func SortStats(st *Stats) {
	sort.Slice(st.ByLeader, func(i, j int) bool {
		a, b := st.ByLeader[i], st.ByLeader[j]
		if a.Leader != b.Leader {
			return a.Leader < b.Leader
		}
		return a.LeaderID < b.LeaderID
	})
	sort.Slice(st.ByStreet, func(i, j int) bool {
		a, b := st.ByStreet[i], st.ByStreet[j]
		return groupLess(a.Received, b.Received, a.Street, b.Street, a.StreetID < b.StreetID)
	})
	sort.Slice(st.ByCategory, func(i, j int) bool {
		a, b := st.ByCategory[i], st.ByCategory[j]
		return groupLess(a.Received, b.Received, a.Category, b.Category, a.CategoryID < b.CategoryID)
	})
	sort.Slice(st.ByChannel, func(i, j int) bool {
		a, b := st.ByChannel[i], st.ByChannel[j]
		return groupLess(a.Received, b.Received, a.Label, b.Label, a.Channel < b.Channel)
	})
}

// MonthCount is one month of the report's twelve-month chart: cases received and closed
// in the month YYYY-MM.
type MonthCount struct {
	Month    string `json:"month"`
	Received int    `json:"received"`
	Closed   int    `json:"closed"`
}

func groupLess(ra, rb int, na, nb string, idLess bool) bool {
	if ra != rb {
		return ra > rb
	}
	if na != nb {
		return na < nb
	}
	return idLess
}
