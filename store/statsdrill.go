package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"baoan/model"
)

// The drill-down of the statistics: for any figure of Stats, the cases it counts, so that
// a click on a number opens the ledger on exactly those cases. Each figure is one WHERE
// condition on cases, written from the definitions of model.ComputeStats (the reference)
// rather than from the exception arithmetic of stats.go; TestStatsCasesMatchFigures holds
// len(StatsCases) equal to every figure of Stats.
//
// Figures are named by their path in the JSON of `baoan stats --json`:
//
//	received, accepted, not_accepted, transferred, closed, overdue_open, backlog_resolved
//	rates.<rate>.num, rates.<rate>.den                      (rate: model.RateKeys)
//	by_street.<field>, by_category.<field>, by_channel.<field>
//	    field: received, closed, overdue_open, on_time_closure.num|den, satisfaction.num|den
//	    key:   the street or category id, or the channel code
//	by_leader.<field>
//	    field: carried, new, closed, struck_off, on_time_closure.num|den, visits.<kind>
//	    key:   the leader id; kind: a model.VisitKind code (reception, appointment, …)
//
// A visit count counts visits; its drill-down lists the cases visited, each once.

const (
	drillReceived  = `c.received_on BETWEEN @from AND @to`
	drillClosed    = `c.closed_on BETWEEN @from AND @to`
	drillAccepted  = `c.decision = 'accept' AND c.decided_on BETWEEN @from AND @to`
	drillOnTimeDen = `(c.closed_on BETWEEN @from AND @to OR (c.due_on BETWEEN @from AND @to AND (c.closed_on IS NULL OR c.closed_on > @to)))`
	drillOnTimeNum = `c.closed_on BETWEEN @from AND @to AND c.closed_on <= c.due_on`
	drillRatedDen  = drillClosed + ` AND c.rating <> ''`
	drillSatisfied = drillClosed + ` AND c.rating IN ('satisfied', 'basically')`
)

// drillOverdueMark stands in a condition for "overdue at To"; drillCondition replaces it
// with overdueCases for the store's dialect.
const drillOverdueMark = `c.id IN (@overdue)`

// overdueCases selects cols (of id, due, accepting) of the cases overdue at @to,
// model.CaseFact.OverdueAt: handled and never closed, handled and closed after To (and so
// late), never decided, decided after To. Each of the four disjoint ranges is read from a
// covering index of the statistics that holds every column it tests (the case id is in
// every index), walked per channel and street as stats.go does; SQLite is told which, as
// its planner, given only the conditions, would read the table row of every candidate.
func (s *Store) overdueCases(cols string) string {
	from := func(index string) string {
		if s.dialect == SQLite {
			return "cases INDEXED BY " + index
		}
		return "cases"
	}
	sel := func(due, accepting string) string {
		return strings.NewReplacer("due", due+" AS due", "accepting", accepting+" AS accepting").Replace(cols)
	}
	const dims = `channel IN (SELECT c FROM ch) AND street_id IN (SELECT id FROM units) AND `
	return channelsPresent + `
		SELECT ` + sel("due_on", "FALSE") + ` FROM ` + from("cases_stats_closed_cs") + `
		WHERE ` + dims + `closed_on IS NULL AND due_on < @to AND decided_on <= @to AND ` + condHandled + `
		UNION ALL
		SELECT ` + sel("due_on", "FALSE") + ` FROM ` + from("cases_stats_late_cs") + `
		WHERE ` + condLate + ` AND ` + dims + `closed_on > @to AND due_on < @to AND decided_on <= @to AND ` + condHandled + `
		UNION ALL
		SELECT ` + sel("accept_due", "TRUE") + ` FROM ` + from("cases_stats_undecided_cs") + `
		WHERE ` + condAcceptLate + ` AND ` + dims + `decided_on IS NULL AND accept_due < @to AND received_on <= @to
		UNION ALL
		SELECT ` + sel("accept_due", "TRUE") + ` FROM ` + from("cases_stats_undecided_cs") + `
		WHERE ` + condAcceptLate + ` AND ` + dims + `decided_on > @to AND accept_due < @to AND received_on <= @to`
}

// drillTotals are the figures of the whole period.
var drillTotals = map[string]string{
	"received":         drillReceived,
	"accepted":         drillAccepted,
	"not_accepted":     `c.decision = 'not_accept' AND c.decided_on BETWEEN @from AND @to`,
	"transferred":      `c.decision IN ('transfer', 'assign') AND c.decided_on BETWEEN @from AND @to`,
	"closed":           drillClosed,
	"overdue_open":     drillOverdueMark,
	"backlog_resolved": `c.backlog AND ` + drillClosed + ` AND c.stopped_on <= @to`,

	"rates.timely_acceptance.den": `c.accept_due BETWEEN @from AND @to`,
	"rates.timely_acceptance.num": `c.accept_due BETWEEN @from AND @to AND c.decision <> '' AND c.decided_on <= c.accept_due`,
	"rates.on_time_closure.den":   drillOnTimeDen,
	"rates.on_time_closure.num":   drillOnTimeNum,
	"rates.closure.den":           drillAccepted,
	"rates.closure.num":           drillAccepted + ` AND c.closed_on <= @to`,
	"rates.rated.den":             drillClosed,
	"rates.rated.num":             drillRatedDen,
	"rates.satisfaction.den":      drillRatedDen,
	"rates.satisfaction.num":      drillSatisfied,
	"rates.revisit.den":           drillClosed,
	"rates.revisit.num":           drillClosed + ` AND c.first_follow_up_on <= @to`,
	"rates.repeat.den":            drillReceived,
	"rates.repeat.num":            drillReceived + ` AND c.repeat`,
}

// drillGroupFields are the figures of a street, category or channel row.
var drillGroupFields = map[string]string{
	"received":            drillReceived,
	"closed":              drillClosed,
	"overdue_open":        drillOverdueMark,
	"on_time_closure.den": drillOnTimeDen,
	"on_time_closure.num": drillOnTimeNum,
	"satisfaction.den":    drillRatedDen,
	"satisfaction.num":    drillSatisfied,
}

// drillGroups are the breakdowns by a column of the case.
var drillGroups = map[string]string{
	"by_street":   "c.street_id",
	"by_category": "c.category_id",
	"by_channel":  "c.channel",
}

// drillCarried is "the leader @key carries the case in P" (the 包案 assigned by To and
// not struck off before From), with more conditions on the assignment.
func drillCarried(more string) string {
	return `c.id IN (SELECT a.case_id FROM assignments a WHERE a.leader_id = @key AND a.assigned_on <= @to
		AND (a.struck_off_on IS NULL OR a.struck_off_on >= @from)` + more + `)`
}

// drillLeaderFields are the figures of a leader row.
var drillLeaderFields = map[string]string{
	"carried":             drillCarried(""),
	"new":                 drillCarried(` AND a.assigned_on >= @from`),
	"struck_off":          drillCarried(` AND a.struck_off_on BETWEEN @from AND @to`),
	"closed":              drillCarried("") + ` AND ` + drillClosed,
	"on_time_closure.den": drillCarried("") + ` AND ` + drillOnTimeDen,
	"on_time_closure.num": drillCarried("") + ` AND ` + drillOnTimeNum,
}

// drillCondition is the WHERE condition of a figure and its extra parameters.
func drillCondition(figure, key string) (string, map[string]any, error) {
	bad := func() (string, map[string]any, error) {
		return "", nil, invalidf("统计项「%s」（%s）无效：请从统计页面点击数字查看对应事项", figure, key)
	}
	if cond, ok := drillTotals[figure]; ok {
		return cond, nil, nil
	}
	group, field, ok := strings.Cut(figure, ".")
	if !ok {
		return bad()
	}
	if group == "by_leader" {
		id, err := strconv.ParseInt(key, 10, 64)
		if err != nil {
			return bad()
		}
		args := map[string]any{"key": id}
		if kind, ok := strings.CutPrefix(field, "visits."); ok {
			if !model.VisitKind(kind).Valid() {
				return bad()
			}
			args["kind"] = kind
			return `c.id IN (SELECT v.case_id FROM visits v WHERE v.leader_id = @key AND v.kind = @kind
				AND v.planned = FALSE AND v.visited_on BETWEEN @from AND @to)`, args, nil
		}
		cond, ok := drillLeaderFields[field]
		if !ok {
			return bad()
		}
		return cond, args, nil
	}
	col, ok := drillGroups[group]
	cond, known := drillGroupFields[field]
	if !ok || !known {
		return bad()
	}
	var k any = key
	if group != "by_channel" {
		id, err := strconv.ParseInt(key, 10, 64)
		if err != nil {
			return bad()
		}
		k = id
	}
	return col + ` = @key AND ` + cond, map[string]any{"key": k}, nil
}

// StatsCases returns the ids of the cases counted by one figure of Stats(p), in id order:
// the drill-down of a number on the 统计 screen (see the figure names above). key names
// the row of a breakdown and is ignored for the totals and rates. Only the cases a may
// read are returned, so for an account that sees every case len(ids) is the figure.
func (s *Store) StatsCases(ctx context.Context, a model.Actor, p model.Period, figure, key string) ([]int64, error) {
	if p.From.IsZero() || p.To.IsZero() || p.To.Before(p.From) {
		return nil, fmt.Errorf("%w：统计区间 %s 至 %s 无效，请选择起止日期，且结束日期不早于开始日期", ErrInvalid, p.From, p.To)
	}
	cond, args, err := drillCondition(figure, key)
	if err != nil {
		return nil, err
	}
	cond = strings.Replace(cond, "@overdue", s.overdueCases("id"), 1)
	db := s.db.WithContext(ctx)
	all, err := s.readScope(db, a)
	if err != nil {
		return nil, err
	}
	if args == nil {
		args = map[string]any{}
	}
	args["from"], args["to"] = p.From.String(), p.To.String()
	q := `SELECT c.id FROM cases c WHERE ` + cond
	if !all {
		q += ` AND c.id IN (SELECT case_id FROM assignments WHERE leader_id = @me)`
		args["me"] = a.LeaderID
	}
	ids := []int64{}
	if err := db.Raw(q+` ORDER BY c.id`, args).Scan(&ids).Error; err != nil {
		return nil, fmt.Errorf("store: cases of %s %s (%s–%s): %w", figure, key, p.From, p.To, err)
	}
	return ids, nil
}
