package store

import (
	"context"
	"fmt"

	"baoan/model"
)

// overdueCond is CaseFilter.OverdueAt of search.go over the cases table aliased c, with
// the day as the named argument @day: handled and past its reply due date, or undecided
// and past its acceptance due date, both as of the end of the day. The two must agree,
// so that a leader's 超期 figure lists exactly its cases.
const overdueCond = `((c.decision IN ('accept', 'assign') AND c.decided_on <= @day AND (c.closed_on IS NULL OR c.closed_on > @day) AND c.due_on < @day)
	OR (c.received_on <= @day AND (c.decided_on IS NULL OR c.decided_on > @day) AND c.accept_due < @day))`

// overdueCandidates are the cases that can be overdue at the end of @day (overdueCond)
// as the lifecycle goes: being handled and past due, not yet decided, or (after a clock
// change or an import) closed or decided after the day. Each branch is a range of an
// index, so that the figure reads the few open cases rather than every carried one.
const overdueCandidates = `SELECT id FROM cases WHERE status = 'handling' AND due_on < @day
	UNION SELECT id FROM cases WHERE status = 'registered'
	UNION SELECT id FROM cases WHERE closed_on > @day
	UNION SELECT id FROM cases WHERE decision IN ('accept', 'assign', 'not_accept', 'transfer') AND decided_on > @day`

// LeaderWorkloads is every leader's workload (领导工作量) on the given day, by name: one
// aggregate query over assignments, cases and visits. A leader account that may read only
// the cases it carries sees its own row alone.
//
// Each figure is counted from the side an index serves: 包案 and 已销号 from assignments
// alone, 在办 from the status index, 超期 from overdueCandidates, 本月走访 from the day
// index of visits; none reads every carried case's row.
func (s *Store) LeaderWorkloads(ctx context.Context, a model.Actor, today model.Date) ([]model.LeaderWorkload, error) {
	if today.IsZero() {
		return nil, invalidf("统计日期为空：请指定计算工作量的日期")
	}
	db := s.db.WithContext(ctx)
	all, err := s.readScope(db, a)
	if err != nil {
		return nil, err
	}
	month := model.MonthPeriod(today.Year(), today.Month())
	args := map[string]any{
		"day": today, "from": month.From, "to": month.To,
		"open": model.OpenStatuses, "all": all, "self": a.LeaderID,
	}
	var rows []struct {
		model.Leader
		Carried, Open, Overdue, StruckOff, Visits int
	}
	q := `WITH
	carried AS (
		SELECT leader_id, COUNT(*) AS carried, SUM(CASE WHEN struck_off_on IS NOT NULL THEN 1 ELSE 0 END) AS struck_off
		FROM assignments GROUP BY leader_id),
	opened AS (
		SELECT asg.leader_id, COUNT(*) AS open
		FROM cases c JOIN assignments asg ON asg.case_id = c.id
		WHERE c.status IN @open GROUP BY asg.leader_id),
	overdue AS (
		SELECT asg.leader_id, COUNT(*) AS overdue
		FROM (` + overdueCandidates + `) cand
		JOIN cases c ON c.id = cand.id JOIN assignments asg ON asg.case_id = c.id
		WHERE ` + overdueCond + `
		GROUP BY asg.leader_id),
	visited AS (
		SELECT leader_id, COUNT(*) AS visits FROM visits
		WHERE visited_on >= @from AND visited_on <= @to AND leader_id IS NOT NULL AND NOT planned
		GROUP BY leader_id)
	SELECT l.id, l.name, l.title, l.level, l.unit_id, l.phone, l.active,
		COALESCE(w.carried, 0) AS carried, COALESCE(o.open, 0) AS open, COALESCE(d.overdue, 0) AS overdue,
		COALESCE(w.struck_off, 0) AS struck_off, COALESCE(v.visits, 0) AS visits
	FROM leaders l
	LEFT JOIN carried w ON w.leader_id = l.id
	LEFT JOIN opened o ON o.leader_id = l.id
	LEFT JOIN overdue d ON d.leader_id = l.id
	LEFT JOIN visited v ON v.leader_id = l.id
	WHERE @all OR l.id = @self
	ORDER BY l.name, l.id`
	if err := db.Raw(q, args).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: leader workloads on %s: %w", today, err)
	}
	out := make([]model.LeaderWorkload, len(rows))
	for i, r := range rows {
		out[i] = model.LeaderWorkload{Leader: r.Leader, Carried: r.Carried, Open: r.Open, Overdue: r.Overdue, StruckOff: r.StruckOff, Visits: r.Visits}
	}
	return out, nil
}
