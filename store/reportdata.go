package store

import (
	"context"
	"fmt"
	"strings"

	"baoan/model"
)

// ReportData gathers the monthly report (信访工作月报) of period p: the figures of p, of
// the period before and of the same period a year earlier, the twelve-month series, and
// the lists of overdue cases and 积案, each capped at model.ReportListLimit. Everything
// is read as of the end of p.To, so the report of a past month prints what was true
// then (the 四包 duties excepted: they have no history).
func (s *Store) ReportData(ctx context.Context, p model.Period) (model.MonthlyReport, error) {
	r := model.MonthlyReport{Period: p}
	var err error
	if r.Stats, err = s.Stats(ctx, p); err != nil {
		return r, err
	}
	if r.Previous, err = s.Stats(ctx, p.Previous()); err != nil {
		return r, err
	}
	if r.LastYear, err = s.Stats(ctx, p.YearEarlier()); err != nil {
		return r, err
	}
	if r.Office, err = s.Setting(ctx, SettingOfficeName); err != nil {
		return r, fmt.Errorf("store: report office name: %w", err)
	}
	if r.Series, err = s.MonthlySeries(ctx, model.MonthPeriod(p.To.Year(), p.To.Month()), 12); err != nil {
		return r, err
	}
	if r.Overdue, err = s.reportOverdue(ctx, p); err != nil {
		return r, fmt.Errorf("store: report overdue list %s–%s: %w", p.From, p.To, err)
	}
	if r.Backlog, r.BacklogTotal, err = s.reportBacklog(ctx, p); err != nil {
		return r, fmt.Errorf("store: report backlog list %s–%s: %w", p.From, p.To, err)
	}
	return r, nil
}

// reportOverdue lists the cases overdue at To (model.CaseFact.OverdueAt), longest overdue
// first, each with the deadline that passed.
func (s *Store) reportOverdue(ctx context.Context, p model.Period) ([]model.OverdueCase, error) {
	args := map[string]any{"to": p.To.String(), "limit": model.ReportListLimit}
	var rows []struct {
		ID        int64
		Due       model.Date
		Accepting bool
	}
	err := s.db.WithContext(ctx).Raw(`SELECT id, due, accepting FROM (`+s.overdueCases("id, due, accepting")+`) overdue
		ORDER BY due, id LIMIT @limit`, args).Scan(&rows).Error
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	cases, err := s.reportCases(ctx, ids)
	if err != nil {
		return nil, err
	}
	// At To: carrying, that is assigned by To and not yet struck off.
	leaders, err := s.reportLeaders(ctx, ids, `a.assigned_on <= @to AND (a.struck_off_on IS NULL OR a.struck_off_on > @to)`, p)
	if err != nil {
		return nil, err
	}
	out := make([]model.OverdueCase, len(rows))
	for i, r := range rows {
		c := cases[r.ID]
		out[i] = model.OverdueCase{
			ID: r.ID, No: c.No, Petitioner: model.MaskPetitioners(c.Names), Unit: c.Unit,
			Leaders: leaders[r.ID], Accepting: r.Accepting, DueOn: r.Due, DaysOverdue: r.Due.DaysUntil(p.To),
		}
	}
	return out, nil
}

// condBacklogOpen is "a 积案 received by To and not resolved (closed and 息诉罢访) before
// From": on the books at some time in P.
const condBacklogOpen = `backlog AND received_on <= @to
	AND (closed_on IS NULL OR stopped_on IS NULL OR closed_on >= @from OR stopped_on >= @from)`

// reportBacklog lists the 积案 on the books in P, oldest first, and counts them, in one
// pass over the partial index of 积案 (a few percent of the cases; reading their rows for
// the received date is what this costs).
func (s *Store) reportBacklog(ctx context.Context, p model.Period) ([]model.BacklogCase, int, error) {
	db := s.db.WithContext(ctx)
	args := map[string]any{"from": p.From.String(), "to": p.To.String(), "limit": model.ReportListLimit}
	from := "cases"
	if s.dialect == SQLite {
		from = "cases INDEXED BY cases_stats_backlog"
	}
	var rows []struct {
		ID                             int64
		CaseNo, PetitionerNames        string
		ReceivedOn                     model.Date
		DecidedOn, ClosedOn, StoppedOn model.Date
		Total                          int
	}
	err := db.Raw(`SELECT id, case_no, petitioner_names, received_on, decided_on, closed_on, stopped_on,
		COUNT(*) OVER () AS total
		FROM `+from+` WHERE `+condBacklogOpen+` ORDER BY received_on, id LIMIT @limit`, args).Scan(&rows).Error
	if err != nil || len(rows) == 0 {
		return nil, 0, err
	}
	total := rows[0].Total
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	// Carried in P, as the leader breakdown counts it.
	leaders, err := s.reportLeaders(ctx, ids, `a.assigned_on <= @to AND (a.struck_off_on IS NULL OR a.struck_off_on >= @from)`, p)
	if err != nil {
		return nil, 0, err
	}
	var duties []struct {
		CaseID    int64
		All, Done int
	}
	err = db.Raw(`SELECT a.case_id, COUNT(*) AS "all", `+sumWhen("d.status = 'done'")+` AS done
		FROM duties d JOIN assignments a ON a.id = d.assignment_id
		WHERE a.case_id IN @ids GROUP BY a.case_id`, map[string]any{"ids": ids}).Scan(&duties).Error
	if err != nil {
		return nil, 0, err
	}
	byCase := map[int64][2]int{}
	for _, d := range duties {
		byCase[d.CaseID] = [2]int{d.Done, d.All}
	}
	by := func(d model.Date) model.Date {
		if d.After(p.To) {
			return model.Date{}
		}
		return d
	}
	out := make([]model.BacklogCase, len(rows))
	for i, r := range rows {
		out[i] = model.BacklogCase{
			ID: r.ID, No: r.CaseNo, Petitioner: model.MaskPetitioners(r.PetitionerNames), ReceivedOn: r.ReceivedOn,
			Leaders: leaders[r.ID], DecidedOn: by(r.DecidedOn), ClosedOn: by(r.ClosedOn), StoppedOn: by(r.StoppedOn),
			DutiesDone: byCase[r.ID][0], Duties: byCase[r.ID][1],
		}
	}
	return out, total, nil
}

// reportCase is what the lists print of a case besides its dates.
type reportCase struct {
	No, Names, Unit string
}

// reportCases reads the number, petitioners and responsible unit of a few cases.
func (s *Store) reportCases(ctx context.Context, ids []int64) (map[int64]reportCase, error) {
	var rows []struct {
		ID                            int64
		CaseNo, PetitionerNames, Unit string
	}
	err := s.db.WithContext(ctx).Raw(`SELECT c.id, c.case_no, c.petitioner_names, COALESCE(u.name, '') AS unit
		FROM cases c LEFT JOIN units u ON u.id = c.unit_id WHERE c.id IN @ids`, map[string]any{"ids": ids}).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make(map[int64]reportCase, len(rows))
	for _, r := range rows {
		out[r.ID] = reportCase{No: r.CaseNo, Names: r.PetitionerNames, Unit: r.Unit}
	}
	return out, nil
}

// reportLeaders names the 包案 leaders of a few cases whose assignment meets cond (over
// assignments a, with @from and @to), joined with 、 in the order they were assigned.
func (s *Store) reportLeaders(ctx context.Context, ids []int64, cond string, p model.Period) (map[int64]string, error) {
	var rows []struct {
		CaseID int64
		Name   string
	}
	err := s.db.WithContext(ctx).Raw(`SELECT a.case_id, l.name FROM assignments a JOIN leaders l ON l.id = a.leader_id
		WHERE a.case_id IN @ids AND `+cond+` ORDER BY a.case_id, a.assigned_on, a.id`,
		map[string]any{"ids": ids, "from": p.From.String(), "to": p.To.String()}).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	names := map[int64][]string{}
	for _, r := range rows {
		names[r.CaseID] = append(names[r.CaseID], r.Name)
	}
	out := make(map[int64]string, len(names))
	for id, n := range names {
		out[id] = strings.Join(n, "、")
	}
	return out, nil
}
