package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"baoan/model"
)

// The statistics are model.ComputeStats done by SQL aggregates. Every query counts the
// entries of one range of one index (see "statistics (covering indexes)" in
// 001_initial.sql) and reads no table row, so a month costs about the month's index
// entries, never a pass over all cases:
//
//   - A figure with a breakdown is counted twice: over an index that starts with
//     (channel, street_id), which gives the channel rows, the street rows and the total,
//     and over one that starts with category_id. Each is constrained by IN lists of the
//     possible values (the dictionary tables, which foreign keys make complete, and the
//     channels actually present, found by a few index seeks), so SQLite visits the
//     groups in index order and never sorts.
//   - A rate is its denominator minus its exceptions: on time = closed − late, rated =
//     closed − unrated, and so on. The exceptions sit in small partial indexes, so only
//     the denominators are large ranges, and those are counted without reading a column.
//   - Sets defined "as of To" (open at To, undecided at To) are split into disjoint
//     ranges that each start from an indexed bound: never closed / closed after To.
//
// The queries are independent and run concurrently on the pool's connections; Go adds the
// rows up. Where a partial index is meant, the query repeats the index's condition word
// for word: that is what lets SQLite (and PostgreSQL) use it. The SQL is portable: dates
// are 'YYYY-MM-DD' text on both dialects, and booleans are tested as bare conditions
// (`WHERE repeat`, `planned = FALSE`), which both read whether the column holds 0/1
// (SQLite) or a boolean (PostgreSQL).
//
// What remains costly is the join of the period's closed cases to their 包案 (one index
// probe per case) and the plain size of a month's ranges; see stats_bench_test.go.

// Conditions of the partial indexes, shared by the queries that use them.
const (
	condLate        = `(closed_on > due_on OR (closed_on IS NOT NULL AND due_on IS NULL))`
	condAcceptLate  = `(decision = '' OR decided_on IS NULL OR decided_on > accept_due)`
	condUnsatisfied = `closed_on IS NOT NULL AND rating NOT IN ('satisfied', 'basically')`
	condHandled     = `decision IN ('accept', 'assign')`

	// channelsPresent lists the channels that occur in cases, seeking the index on
	// channel once per value, so that `channel IN (SELECT c FROM ch)` is exact even for
	// a code outside model.Channels.
	channelsPresent = `WITH RECURSIVE ch(c) AS (
		SELECT MIN(channel) FROM cases
		UNION ALL
		SELECT (SELECT MIN(channel) FROM cases WHERE channel > ch.c) FROM ch WHERE ch.c IS NOT NULL) `
)

// statsKey names a grouping column a query returns before its counts.
type statsKey int

const (
	keyStreet   statsKey = iota // street_id
	keyCategory                 // category_id
	keyChannel                  // channel
	keyLeader                   // leader_id
	keyDecision                 // decision
	keyKind                     // visit kind
)

// statsRow is one result row: its grouping values and its counts.
type statsRow struct {
	street, category, leader int64
	channel                  model.Channel
	decision                 model.Decision
	kind                     model.VisitKind
	v                        []int64
}

// statsQuery is one aggregate query; into adds a row to the figures.
type statsQuery struct {
	name string
	keys []statsKey
	sql  string
	into func(a *statsAcc, r statsRow)
}

// statsAcc gathers the figures while the rows come in.
type statsAcc struct {
	st      model.Stats
	streets map[int64]*model.GroupCounts
	cats    map[int64]*model.GroupCounts
	chans   map[model.Channel]*model.GroupCounts
	leaders map[int64]*model.LeaderRow
}

func cell[K comparable](m map[K]*model.GroupCounts, k K) *model.GroupCounts {
	g := m[k]
	if g == nil {
		g = &model.GroupCounts{}
		m[k] = g
	}
	return g
}

func (a *statsAcc) leader(id int64) *model.LeaderRow {
	l := a.leaders[id]
	if l == nil {
		l = &model.LeaderRow{LeaderID: id}
		a.leaders[id] = l
	}
	return l
}

func sumWhen(cond string) string { return `SUM(CASE WHEN ` + cond + ` THEN 1 ELSE 0 END)` }

// byDims makes the two queries of a figure with a breakdown: the sums over the cases
// WHERE where, by (channel, street) and by category. group adds a row's sums to its
// groups; total adds the (channel, street) rows, which together hold every case once,
// to the totals.
func byDims(name string, sums []string, where string, group func(g *model.GroupCounts, v []int64), total func(st *model.Stats, v []int64)) []statsQuery {
	sel := strings.Join(sums, ", ")
	return []statsQuery{{
		name: name + "_cs",
		keys: []statsKey{keyChannel, keyStreet},
		sql: channelsPresent + `SELECT channel, street_id, ` + sel + ` FROM cases
			WHERE channel IN (SELECT c FROM ch) AND street_id IN (SELECT id FROM units) AND ` + where + `
			GROUP BY channel, street_id`,
		into: func(a *statsAcc, r statsRow) {
			group(cell(a.chans, r.channel), r.v)
			group(cell(a.streets, r.street), r.v)
			total(&a.st, r.v)
		},
	}, {
		name: name + "_cat",
		keys: []statsKey{keyCategory},
		sql: `SELECT category_id, ` + sel + ` FROM cases
			WHERE category_id IN (SELECT id FROM categories) AND ` + where + `
			GROUP BY category_id`,
		into: func(a *statsAcc, r statsRow) { group(cell(a.cats, r.category), r.v) },
	}}
}

// statsQueries are listed slowest first, so that the pool starts the long ones early.
var statsQueries = slices.Concat(
	[]statsQuery{
		// The carried 包案 in the on-time rate: their cases closed in P (in two halves
		// of P, which run side by side: this join is the costliest query), due in P
		// and never closed, or due in P and closed (late) after To.
		leaderCases("leader_closed_1", `SELECT id, 1 AS closed, CASE WHEN closed_on <= due_on THEN 1 ELSE 0 END AS on_time
			FROM cases WHERE closed_on BETWEEN @from AND @mid`),
		leaderCases("leader_closed_2", `SELECT id, 1 AS closed, CASE WHEN closed_on <= due_on THEN 1 ELSE 0 END AS on_time
			FROM cases WHERE closed_on > @mid AND closed_on <= @to`),
		leaderCases("leader_due", `SELECT id, 0 AS closed, 0 AS on_time FROM cases
			WHERE closed_on IS NULL AND due_on BETWEEN @from AND @to
			UNION ALL
			SELECT id, 0, 0 FROM cases
			WHERE `+condLate+` AND channel IN (SELECT c FROM ch) AND street_id IN (SELECT id FROM units)
			  AND closed_on > @to AND due_on BETWEEN @from AND @to`),
		{
			name: "visits",
			keys: []statsKey{keyLeader, keyKind},
			sql: `SELECT leader_id, kind, COUNT(*) FROM visits
				WHERE planned = FALSE AND leader_id IN (SELECT id FROM leaders)
				  AND kind IN ('reception', 'appointment', 'home', 'followup')
				  AND visited_on BETWEEN @from AND @to
				GROUP BY leader_id, kind`,
			into: func(a *statsAcc, r statsRow) { a.leader(r.leader).Visits.Add(r.kind, int(r.v[0])) },
		},
		{
			// The 包案 carried in P, in two ranges: never struck off (here), and struck
			// off from From on (below); 销号 before From ends the carrying.
			name: "carried",
			keys: []statsKey{keyLeader},
			sql: `SELECT leader_id, COUNT(*), ` + sumWhen("assigned_on >= @from") + ` FROM assignments
				WHERE struck_off_on IS NULL AND leader_id IN (SELECT id FROM leaders) AND assigned_on <= @to
				GROUP BY leader_id`,
			into: func(a *statsAcc, r statsRow) {
				l := a.leader(r.leader)
				l.Carried += int(r.v[0])
				l.New += int(r.v[1])
			},
		},
		{
			name: "struck_off",
			keys: []statsKey{keyLeader},
			sql: `SELECT leader_id, COUNT(*), ` + sumWhen("assigned_on >= @from") + `, ` + sumWhen("struck_off_on <= @to") + `
				FROM assignments
				WHERE leader_id IN (SELECT id FROM leaders) AND struck_off_on >= @from AND assigned_on <= @to
				GROUP BY leader_id`,
			into: func(a *statsAcc, r statsRow) {
				l := a.leader(r.leader)
				l.Carried += int(r.v[0])
				l.New += int(r.v[1])
				l.StruckOff += int(r.v[2])
			},
		},
		{
			name: "decided",
			keys: []statsKey{keyDecision},
			sql: `SELECT decision, COUNT(*), ` + sumWhen("closed_on <= @to") + ` FROM cases
				WHERE decision IN ('accept', 'not_accept', 'transfer', 'assign') AND decided_on BETWEEN @from AND @to
				GROUP BY decision`,
			into: func(a *statsAcc, r statsRow) {
				n := int(r.v[0])
				switch r.decision {
				case model.DecisionAccept:
					a.st.Accepted += n
					a.st.Rates.Closure.Den += n
					a.st.Rates.Closure.Num += int(r.v[1])
				case model.DecisionNotAccept:
					a.st.NotAccepted += n
				default:
					a.st.Transferred += n
				}
			},
		},
	},
	byDims("received", []string{"COUNT(*)"}, `received_on BETWEEN @from AND @to`,
		func(g *model.GroupCounts, v []int64) { g.Received += int(v[0]) },
		func(st *model.Stats, v []int64) {
			st.Received += int(v[0])
			st.Rates.Repeat.Den += int(v[0])
		}),
	// Closed in P: the denominator of on-time, rated, satisfaction and revisit; the
	// numerators start full and lose the exceptions below.
	byDims("closed", []string{"COUNT(*)"}, `closed_on BETWEEN @from AND @to`,
		func(g *model.GroupCounts, v []int64) {
			n := int(v[0])
			g.Closed += n
			addBoth(&g.OnTimeClosure, n)
			addBoth(&g.Satisfaction, n)
		},
		func(st *model.Stats, v []int64) {
			n := int(v[0])
			st.Closed += n
			addBoth(&st.Rates.OnTimeClosure, n)
			addBoth(&st.Rates.Rated, n)
			addBoth(&st.Rates.Satisfaction, n)
			st.Rates.Revisit.Den += n
		}),
	// Closed in P after the due date (or with none): not on time.
	byDims("late", []string{"COUNT(*)"}, condLate+` AND closed_on BETWEEN @from AND @to`,
		func(g *model.GroupCounts, v []int64) { g.OnTimeClosure.Num -= int(v[0]) },
		func(st *model.Stats, v []int64) { st.Rates.OnTimeClosure.Num -= int(v[0]) }),
	// Closed in P and not rated (未评价), or rated neither 满意 nor 基本满意.
	byDims("unsatisfied", []string{sumWhen("rating = ''"), "COUNT(*)"}, condUnsatisfied+` AND closed_on BETWEEN @from AND @to`,
		func(g *model.GroupCounts, v []int64) {
			g.Satisfaction.Den -= int(v[0])
			g.Satisfaction.Num -= int(v[1])
		},
		func(st *model.Stats, v []int64) {
			st.Rates.Rated.Num -= int(v[0])
			st.Rates.Satisfaction.Den -= int(v[0])
			st.Rates.Satisfaction.Num -= int(v[1])
		}),
	// Due in P and never closed: in the on-time denominator.
	byDims("due_open", []string{"COUNT(*)"}, `closed_on IS NULL AND due_on BETWEEN @from AND @to`,
		func(g *model.GroupCounts, v []int64) { g.OnTimeClosure.Den += int(v[0]) },
		func(st *model.Stats, v []int64) { st.Rates.OnTimeClosure.Den += int(v[0]) }),
	// Handled, never closed and past due at To: overdue.
	byDims("overdue_open", []string{"COUNT(*)"}, `closed_on IS NULL AND due_on < @to AND decided_on <= @to AND `+condHandled,
		addOverdue, totalOverdue),
	// Closed after To but due by To, hence late: the due-in-P ones are in the on-time
	// denominator, and the handled ones past due at To were overdue then.
	byDims("late_after", []string{sumWhen("due_on >= @from"), sumWhen("due_on < @to AND decided_on <= @to AND " + condHandled)},
		condLate+` AND closed_on > @to AND due_on <= @to`,
		func(g *model.GroupCounts, v []int64) {
			g.OnTimeClosure.Den += int(v[0])
			g.OverdueOpen += int(v[1])
		},
		func(st *model.Stats, v []int64) {
			st.Rates.OnTimeClosure.Den += int(v[0])
			st.OverdueOpen += int(v[1])
		}),
	// Never decided, received by To, past the acceptance due date at To.
	byDims("undecided", []string{"COUNT(*)"}, condAcceptLate+` AND decided_on IS NULL AND accept_due < @to AND received_on <= @to`,
		addOverdue, totalOverdue),
	// Decided after To, so undecided at To, and past the acceptance due date then.
	byDims("decided_after", []string{"COUNT(*)"}, condAcceptLate+` AND decided_on > @to AND accept_due < @to AND received_on <= @to`,
		addOverdue, totalOverdue),
	[]statsQuery{
		{
			name: "accept_due",
			sql:  `SELECT COUNT(*) FROM cases WHERE accept_due BETWEEN @from AND @to`,
			into: func(a *statsAcc, r statsRow) { addBoth(&a.st.Rates.TimelyAcceptance, int(r.v[0])) },
		},
		{
			// Not decided by the acceptance due date (or never).
			name: "accept_late",
			sql:  `SELECT COUNT(*) FROM cases WHERE ` + condAcceptLate + ` AND accept_due BETWEEN @from AND @to`,
			into: func(a *statsAcc, r statsRow) { a.st.Rates.TimelyAcceptance.Num -= int(r.v[0]) },
		},
		{
			name: "followup",
			sql: `SELECT COUNT(*) FROM cases WHERE first_follow_up_on IS NOT NULL
				AND closed_on BETWEEN @from AND @to AND first_follow_up_on <= @to`,
			into: func(a *statsAcc, r statsRow) { a.st.Rates.Revisit.Num += int(r.v[0]) },
		},
		{
			name: "repeat",
			sql:  `SELECT COUNT(*) FROM cases WHERE repeat AND received_on BETWEEN @from AND @to`,
			into: func(a *statsAcc, r statsRow) { a.st.Rates.Repeat.Num += int(r.v[0]) },
		},
		{
			name: "backlog",
			sql:  `SELECT COUNT(*) FROM cases WHERE backlog AND closed_on BETWEEN @from AND @to AND stopped_on <= @to`,
			into: func(a *statsAcc, r statsRow) { a.st.BacklogResolved += int(r.v[0]) },
		},
	},
)

// addBoth counts n cases in a rate's numerator and denominator: the cases that the
// exception queries then take out of the numerator.
func addBoth(r *model.Rate, n int) {
	r.Num += n
	r.Den += n
}

func addOverdue(g *model.GroupCounts, v []int64) { g.OverdueOpen += int(v[0]) }
func totalOverdue(st *model.Stats, v []int64)    { st.OverdueOpen += int(v[0]) }

// leaderCases joins a set of cases (id, closed, on_time) to the 包案 carried in P.
func leaderCases(name, cases string) statsQuery {
	with := ""
	if strings.Contains(cases, "FROM ch") {
		with = channelsPresent
	}
	return statsQuery{
		name: name,
		keys: []statsKey{keyLeader},
		sql: with + `SELECT a.leader_id, SUM(x.closed), SUM(x.on_time), COUNT(*)
			FROM (` + cases + `) x
			JOIN assignments a ON a.case_id = x.id
			WHERE a.assigned_on <= @to AND (a.struck_off_on IS NULL OR a.struck_off_on >= @from)
			GROUP BY a.leader_id`,
		into: func(a *statsAcc, r statsRow) {
			l := a.leader(r.leader)
			l.Closed += int(r.v[0])
			l.OnTimeClosure.Num += int(r.v[1])
			l.OnTimeClosure.Den += int(r.v[2])
		},
	}
}

// Stats returns the statistics of period p: model.ComputeStats, by SQL aggregates. A
// period asked for again before anything was written answers from the cache (see
// statscache.go).
func (s *Store) Stats(ctx context.Context, p model.Period) (model.Stats, error) {
	if p.From.IsZero() || p.To.IsZero() || p.To.Before(p.From) {
		return model.Stats{}, fmt.Errorf("%w：统计区间 %s 至 %s 无效，请选择起止日期，且结束日期不早于开始日期", ErrInvalid, p.From, p.To)
	}
	head, err := s.auditHead(ctx)
	if err != nil {
		return model.Stats{}, err
	}
	if st, ok := s.stats.get(head, p); ok {
		return st, nil
	}
	st, err := s.computeStats(ctx, p)
	if err != nil {
		return st, err
	}
	s.stats.put(head, p, st)
	return cloneStats(st), nil
}

// computeStats runs the aggregate queries of period p.
func (s *Store) computeStats(ctx context.Context, p model.Period) (model.Stats, error) {
	fail := func(what string, err error) error {
		return fmt.Errorf("store: stats %s–%s (%s): %w", p.From, p.To, what, err)
	}
	args := statsArgs(p)
	results := make([][]statsRow, len(statsQueries))
	errs := make([]error, len(statsQueries))
	var wg sync.WaitGroup
	slots := make(chan struct{}, statsConcurrency)
	for i, q := range statsQueries {
		wg.Go(func() {
			slots <- struct{}{}
			defer func() { <-slots }()
			results[i], errs[i] = s.runStatsQuery(ctx, q, args)
		})
	}
	names, err := s.statsNames(ctx)
	wg.Wait()
	for i, e := range errs {
		if e != nil {
			return model.Stats{}, fail(statsQueries[i].name, e)
		}
	}
	if err != nil {
		return model.Stats{}, fail("names", err)
	}

	a := &statsAcc{
		st:      model.Stats{From: p.From, To: p.To},
		streets: map[int64]*model.GroupCounts{},
		cats:    map[int64]*model.GroupCounts{},
		chans:   map[model.Channel]*model.GroupCounts{},
		leaders: map[int64]*model.LeaderRow{},
	}
	for i, q := range statsQueries {
		for _, r := range results[i] {
			q.into(a, r)
		}
	}
	for _, l := range a.leaders {
		if l.Carried > 0 || l.Visits.Total() > 0 {
			l.Leader = names.leaders[l.LeaderID]
			a.st.ByLeader = append(a.st.ByLeader, *l)
		}
	}
	for id, g := range a.streets {
		if g.Listed() {
			a.st.ByStreet = append(a.st.ByStreet, model.StreetRow{StreetID: id, Street: names.units[id], GroupCounts: *g})
		}
	}
	for id, g := range a.cats {
		if g.Listed() {
			a.st.ByCategory = append(a.st.ByCategory, model.CategoryRow{CategoryID: id, Category: names.categories[id], GroupCounts: *g})
		}
	}
	for ch, g := range a.chans {
		if g.Listed() {
			a.st.ByChannel = append(a.st.ByChannel, model.ChannelRow{Channel: ch, Label: ch.Label(), GroupCounts: *g})
		}
	}
	model.SortStats(&a.st)
	return a.st, nil
}

// statsConcurrency is how many statistics queries run at once: the SQLite pool's size,
// and a modest share of a PostgreSQL server's connections.
const statsConcurrency = 4

// statsArgs are the named parameters of the queries: the period's first and last day
// and the last day of its first half.
func statsArgs(p model.Period) map[string]any {
	mid := p.From.AddDays(p.From.DaysUntil(p.To) / 2)
	return map[string]any{"from": p.From.String(), "mid": mid.String(), "to": p.To.String()}
}

// runStatsQuery runs one query and reads its rows: the grouping columns named by q.keys,
// then the counts. A SUM over no rows is NULL and reads as 0.
func (s *Store) runStatsQuery(ctx context.Context, q statsQuery, args map[string]any) ([]statsRow, error) {
	rows, err := s.db.WithContext(ctx).Raw(q.sql, args).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []statsRow
	for rows.Next() {
		var r statsRow
		var channel, decision, kind *string
		var dst []any
		for _, k := range q.keys {
			switch k {
			case keyStreet:
				dst = append(dst, &r.street)
			case keyCategory:
				dst = append(dst, &r.category)
			case keyChannel:
				dst = append(dst, &channel)
			case keyLeader:
				dst = append(dst, &r.leader)
			case keyDecision:
				dst = append(dst, &decision)
			case keyKind:
				dst = append(dst, &kind)
			}
		}
		counts := make([]*int64, len(cols)-len(dst))
		for i := range counts {
			dst = append(dst, &counts[i])
		}
		if err := rows.Scan(dst...); err != nil {
			return nil, err
		}
		r.channel, r.decision, r.kind = model.Channel(deref(channel)), model.Decision(deref(decision)), model.VisitKind(deref(kind))
		r.v = make([]int64, len(counts))
		for i, c := range counts {
			if c != nil {
				r.v[i] = *c
			}
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// statsNames are the names the breakdowns show, by id. The dictionaries are small (tens
// to hundreds of rows), so they are read whole.
type statsNames struct {
	units, categories, leaders map[int64]string
}

func (s *Store) statsNames(ctx context.Context) (statsNames, error) {
	var n statsNames
	for _, t := range []struct {
		table string
		dst   *map[int64]string
	}{{"units", &n.units}, {"categories", &n.categories}, {"leaders", &n.leaders}} {
		var rows []struct {
			ID   int64
			Name string
		}
		if err := s.db.WithContext(ctx).Raw("SELECT id, name FROM " + t.table).Scan(&rows).Error; err != nil {
			return n, err
		}
		m := make(map[int64]string, len(rows))
		for _, r := range rows {
			m[r.ID] = r.Name
		}
		*t.dst = m
	}
	return n, nil
}

// MonthlySeries counts the cases received and closed in each of `months` months ending
// with the month that contains end.From, oldest first: the report's twelve-month chart.
// Each month is two range counts on the date indexes.
func (s *Store) MonthlySeries(ctx context.Context, end model.Period, months int) ([]model.MonthCount, error) {
	if months <= 0 || end.From.IsZero() {
		return nil, fmt.Errorf("%w：月度序列需要结束月份和正的月数（收到 %d 个月）", ErrInvalid, months)
	}
	out := make([]model.MonthCount, months)
	for i := range out {
		m := model.MonthPeriod(end.From.Year(), end.From.Month()-time.Month(months-1-i))
		args := map[string]any{"from": m.From.String(), "to": m.To.String()}
		var counts struct{ Received, Closed int64 }
		err := s.db.WithContext(ctx).Raw(`SELECT
			(SELECT COUNT(*) FROM cases WHERE received_on BETWEEN @from AND @to) AS received,
			(SELECT COUNT(*) FROM cases WHERE closed_on BETWEEN @from AND @to) AS closed`, args).
			Scan(&counts).Error
		if err != nil {
			return nil, fmt.Errorf("store: monthly series %s: %w", m.From.String()[:7], err)
		}
		out[i] = model.MonthCount{Month: m.From.String()[:7], Received: int(counts.Received), Closed: int(counts.Closed)}
	}
	return out, nil
}
