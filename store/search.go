package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"baoan/model"
)

// Page sizes of the ledger.
const (
	DefaultPageSize = 50
	MaxPageSize     = 1000
)

// sortColumns are the SQL expressions the ledger sorts by, and the index whose order is
// (that expression, id): cases_received, cases_due (an index on this very expression),
// the unique index of case_no and cases_status_order.
var sortColumns = map[model.SortKey]struct{ expr, index string }{
	model.SortReceived: {"received_on", "cases_received"},
	model.SortDue:      {"COALESCE(due_on, '')", "cases_due"},
	model.SortNo:       {"case_no", "sqlite_autoindex_cases_1"},
	model.SortStatus:   {"status", "cases_status_order"},
}

// ListCases returns one page of the ledger (台账): the cases matching f that a may read,
// ordered by p.Sort (default: received date, newest first) and then id, starting after
// p.After. Pages are found by keyset — (sort value, id) beyond the cursor — never by
// OFFSET, so the hundredth page costs what the first does. The returned cursor marks
// the last row; it is the zero Cursor when there is no further page. The cases come
// without their SearchText.
func (s *Store) ListCases(ctx context.Context, a model.Actor, f model.CaseFilter, p model.PageRequest) ([]model.Case, model.Cursor, error) {
	db := s.db.WithContext(ctx)
	key, desc := p.Sort, p.Desc
	if key == "" {
		key, desc = model.SortReceived, true
	}
	sc, ok := sortColumns[key]
	if !ok {
		return nil, model.Cursor{}, invalidf("排序列「%s」无效：可按 登记日期、办理期限、信访编号 或 办理状态 排序", key)
	}
	limit := p.Limit
	if limit <= 0 {
		limit = DefaultPageSize
	}
	if limit > MaxPageSize {
		limit = MaxPageSize
	}
	all, err := s.readScope(db, a)
	if err != nil {
		return nil, model.Cursor{}, err
	}
	plan, err := s.planSearch(db, f, all, limit)
	if err != nil {
		return nil, model.Cursor{}, err
	}
	if err := s.planCarried(db, a, f, all, limit, &plan); err != nil {
		return nil, model.Cursor{}, err
	}
	dir, cmp := "ASC", ">"
	if desc {
		dir, cmp = "DESC", "<"
	}
	order := fmt.Sprintf("%s %s, id %s", sc.expr, dir, dir)
	page := func(q *gorm.DB) *gorm.DB {
		if p.After != (model.Cursor{}) {
			q = q.Where(fmt.Sprintf("(%s, id) %s (?, ?)", sc.expr, cmp), p.After.Value, p.After.ID)
		}
		return q.Order(order)
	}
	var cs []model.Case
	if plan.dense {
		// Walk at most plan.budget rows of the sort index; if the page is not full by
		// then, the matches are rarer there than the count suggested (bunched at the
		// other end of the order, say) and the index plan below finishes the job.
		//
		// The query that picks the hits has no ORDER BY so that SQLite streams the walk (a
		// co-routine yields rows in the inner ORDER BY) and stops at the page's last hit
		// instead of reading the whole budget to sort it.
		// The walk reads only id and search text (only id for a leader's cases, which the
		// index alone answers); the page's rows are read whole after.
		cols := "id, search_text"
		if len(plan.terms) == 0 {
			cols = "id"
		}
		walk := page(db.Table("cases INDEXED BY " + sc.index).Select(cols)).Limit(plan.budget)
		hits := db.Table("(?) AS walk", walk).Select("id")
		for _, term := range plan.terms {
			hits = hits.Where(`search_text LIKE ? ESCAPE '\'`, likePattern(term))
		}
		for _, leader := range plan.carriers {
			hits = hits.Where("id IN (SELECT case_id FROM assignments WHERE leader_id = ?)", leader)
		}
		if len(plan.statuses) > 0 {
			// SQLite evaluates a correlated subquery after the plain conditions, so only
			// the leader's rows are read.
			hits = hits.Where("(SELECT status FROM cases c WHERE c.id = walk.id) IN ?", plan.statuses)
		}
		q := db.Model(&model.Case{}).Where("id IN (?)", hits.Limit(limit+1))
		if err := q.Omit("search_text").Order(order).Find(&cs).Error; err != nil {
			return nil, model.Cursor{}, fmt.Errorf("store: list cases: %w", err)
		}
		if len(cs) <= limit {
			cs, plan.dense, plan.ftsTerm = nil, false, plan.rarest
		}
	}
	if !plan.dense {
		// The search text is what search matches, not what the ledger shows; leaving it
		// out saves copying the largest column of every row.
		q := page(s.filterCases(db.Model(&model.Case{}), a, f, all, plan))
		if err := q.Omit("search_text").Limit(limit + 1).Find(&cs).Error; err != nil {
			return nil, model.Cursor{}, fmt.Errorf("store: list cases: %w", err)
		}
	}
	var next model.Cursor
	if len(cs) > limit {
		cs = cs[:limit]
		last := cs[limit-1]
		next = model.Cursor{Value: sortValue(key, last), ID: last.ID}
	}
	return maskCases(a, cs), next, nil
}

// sortValue is a case's value in the sort column, as the cursor carries it.
func sortValue(key model.SortKey, c model.Case) string {
	switch key {
	case model.SortDue:
		return c.DueOn.String()
	case model.SortNo:
		return c.No
	case model.SortStatus:
		return string(c.Status)
	}
	return c.ReceivedOn.String()
}

// CountCases counts the cases matching f that a may read.
func (s *Store) CountCases(ctx context.Context, a model.Actor, f model.CaseFilter) (int64, error) {
	db := s.db.WithContext(ctx)
	all, err := s.readScope(db, a)
	if err != nil {
		return 0, err
	}
	plan, err := s.planSearch(db, f, all, 0)
	if err != nil {
		return 0, err
	}
	var n int64
	if err := s.filterCases(db.Model(&model.Case{}), a, f, all, plan).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("store: count cases: %w", err)
	}
	return n, nil
}

// searchPlan says how the terms of a search are matched. Every term is always checked
// with LIKE on the search text, which defines the result: a substring, ASCII letters in
// either case. What varies is how the candidates are found (SQLite only):
//
//   - through the FTS5 trigram index, for the term of three or more characters that has
//     the fewest matches (ftsTerm): its matches are read from the index and sorted. This
//     is fast while matches are few;
//   - by walking the sort column's index in order (dense) and checking each row, which
//     stops after one page: fast when matches are many, since a page is found within
//     limit/density rows. Chosen when even the rarest term has a density of at least
//     sqrt(limit/cases) among the newest cases, where the two costs meet, and only when
//     nothing else narrows the list. The walk is bounded (2·sqrt(limit × cases) rows):
//     matches bunched far along the order fall back to the FTS plan;
//   - neither, for terms of one or two characters only (the trigram index cannot serve
//     them): SQLite scans.
type searchPlan struct {
	terms   []string
	ftsTerm string
	dense   bool
	budget  int    // dense: rows of the index to walk before falling back
	rarest  string // dense: the FTS term to fall back on
	// carriers are the leaders whose carried cases (包案) a dense walk keeps: the 包案领导
	// filter and a leader's own read scope; statuses, the states it keeps (planCarried).
	carriers []int64
	statuses []model.Status
}

// maxQueryRunes bounds the search text; SQLite refuses LIKE patterns past 50,000 bytes.
const maxQueryRunes = 200

// maxCounted bounds the match count that picks the FTS term.
const maxCounted = 20000

// densityWindow is how many of the newest cases a term's density is measured on.
const densityWindow = 8000

// planSearch picks the plan for f's query. limit is the page size, 0 when counting.
func (s *Store) planSearch(db *gorm.DB, f model.CaseFilter, readAll bool, limit int) (searchPlan, error) {
	if n := utf8.RuneCountInString(f.Query); n > maxQueryRunes {
		return searchPlan{}, invalidf("搜索内容过长（%d 字）：最多 %d 字，请换用更短的关键词", n, maxQueryRunes)
	}
	// No stored text holds these (model refuses them), and a NUL ends FTS5's query string
	// early: "unterminated string".
	if strings.IndexByte(f.Query, 0) >= 0 || !utf8.ValidString(f.Query) {
		return searchPlan{}, invalidf("搜索内容含有无效字符（空字符或编码错误）：请删除后重新输入关键词")
	}
	plan := searchPlan{terms: strings.Fields(f.Query)}
	if s.dialect == Postgres || len(plan.terms) == 0 {
		return plan, nil
	}
	var long []string
	for _, t := range plan.terms {
		if utf8.RuneCountInString(t) >= 3 {
			long = append(long, t)
		}
	}
	if len(long) == 0 {
		return plan, nil
	}
	if limit > 0 && readAll && onlyQuery(f) {
		// Estimate each term's density among the newest cases, where a walk of the
		// default order starts: an FTS lookup bounded by rowid reads only that stretch
		// of the term's postings, however common the term is.
		var maxID *int64
		if err := db.Raw(`SELECT MAX(id) FROM cases`).Scan(&maxID).Error; err != nil {
			return plan, fmt.Errorf("store: plan search: %w", err)
		}
		if maxID != nil && *maxID > 0 {
			n := float64(*maxID)
			window := min(*maxID, densityWindow)
			threshold := math.Sqrt(float64(limit) / n) // where the two plans cost the same
			rarest, least := "", math.Inf(1)
			for _, t := range long {
				var k int64
				err := db.Raw(`SELECT COUNT(*) FROM case_fts WHERE case_fts MATCH ? AND rowid > ?`, ftsString(t), *maxID-window).Scan(&k).Error
				if err != nil {
					return plan, fmt.Errorf("store: plan search: %w", err)
				}
				if d := float64(k) / float64(window); d < least {
					rarest, least = t, d
				}
			}
			if least >= threshold {
				plan.dense, plan.rarest = true, rarest
				plan.budget = max(2*limit, int(2*math.Sqrt(float64(limit)*n)))
				return plan, nil
			}
		}
	}
	// Use the term with the fewest matches, counted up to maxCounted.
	if len(long) == 1 {
		plan.ftsTerm = long[0]
		return plan, nil
	}
	best := int64(-1)
	for _, t := range long {
		var n int64
		err := db.Raw(`SELECT COUNT(*) FROM (SELECT 1 FROM case_fts WHERE case_fts MATCH ? LIMIT ?)`, ftsString(t), maxCounted).Scan(&n).Error
		if err != nil {
			return plan, fmt.Errorf("store: plan search: %w", err)
		}
		if best < 0 || n < best {
			best, plan.ftsTerm = n, t
		}
	}
	return plan, nil
}

// planCarried lets a list of the cases one leader carries (包案领导 filter, or a leader
// who may read only those) walk the sort index as a dense search does, when the leader
// carries many cases: the walk probes each row's id in the leader's list and reads no
// row, so finding a page among cases that are one in a hundred costs less than reading
// and sorting every one the leader carries (0.15 s for 11,000 of a million cases). The
// same density rule and bounded walk as a search apply, with the same fallback. Only for
// a filter that narrows by nothing else but states (the 工作台's 我的包案), since other
// conditions need the rows; the states are checked on the leader's rows alone.
func (s *Store) planCarried(db *gorm.DB, a model.Actor, f model.CaseFilter, readAll bool, limit int, plan *searchPlan) error {
	var carriers []int64
	if f.LeaderID != 0 {
		carriers = append(carriers, f.LeaderID)
	}
	if !readAll {
		carriers = append(carriers, a.LeaderID)
	}
	rest := f
	rest.LeaderID, rest.Statuses = 0, nil
	if s.dialect == Postgres || plan.dense || len(plan.terms) > 0 || len(carriers) == 0 || !onlyQuery(rest) {
		return nil
	}
	var maxID *int64
	if err := db.Raw(`SELECT MAX(id) FROM cases`).Scan(&maxID).Error; err != nil {
		return fmt.Errorf("store: plan list: %w", err)
	}
	if maxID == nil || *maxID <= 0 {
		return nil
	}
	n := float64(*maxID)
	for _, leader := range carriers {
		var k int64
		if err := db.Raw(`SELECT COUNT(*) FROM assignments WHERE leader_id = ?`, leader).Scan(&k).Error; err != nil {
			return fmt.Errorf("store: plan list: %w", err)
		}
		if float64(k)/n < math.Sqrt(float64(limit)/n) {
			return nil
		}
	}
	plan.dense, plan.carriers, plan.statuses = true, carriers, f.Statuses
	plan.budget = max(2*limit, int(2*math.Sqrt(float64(limit)*n)))
	return nil
}

// onlyQuery reports whether the filter narrows by nothing but its search text.
func onlyQuery(f model.CaseFilter) bool {
	return len(f.Statuses) == 0 && f.IDs == nil && f.Channel == "" && f.CategoryID == 0 && f.StreetID == 0 &&
		f.UnitID == 0 && f.LeaderID == 0 && f.From.IsZero() && f.To.IsZero() && f.OverdueAt.IsZero() &&
		f.DueFrom.IsZero() && f.DueTo.IsZero() && !f.Repeat && !f.Backlog && !f.Supervised
}

// filterCases applies every field of the filter, the actor's read scope and the search
// plan to q.
func (s *Store) filterCases(q *gorm.DB, a model.Actor, f model.CaseFilter, readAll bool, plan searchPlan) *gorm.DB {
	if !readAll {
		q = q.Where("id IN (SELECT case_id FROM assignments WHERE leader_id = ?)", a.LeaderID)
	}
	if len(f.Statuses) > 0 {
		q = q.Where("status IN ?", f.Statuses)
	}
	if f.Channel != "" {
		// The second condition is cases_ledger_channel's (003_ledger_indexes.sql), which
		// SQLite uses only for a query that states it.
		q = q.Where("channel = ? AND channel <> ''", f.Channel)
	}
	if f.CategoryID != 0 {
		q = q.Where("category_id = ?", f.CategoryID)
	}
	if f.StreetID != 0 {
		q = q.Where("street_id = ?", f.StreetID)
	}
	if f.UnitID != 0 {
		q = q.Where("unit_id = ?", f.UnitID)
	}
	if f.LeaderID != 0 {
		q = q.Where("id IN (SELECT case_id FROM assignments WHERE leader_id = ?)", f.LeaderID)
	}
	if !f.From.IsZero() {
		q = q.Where("received_on >= ?", f.From)
	}
	if !f.To.IsZero() {
		q = q.Where("received_on <= ?", f.To)
	}
	if d := f.OverdueAt; !d.IsZero() {
		// model.CaseFact.OverdueAt: handled and past its reply due date, or undecided and
		// past its acceptance due date, both as of the end of d. Written as one OR, it had
		// SQLite read every decided case to count them (1.2 s on a million), so it is
		// three selects, each a range of one index: handled and still open (cases_stats_closed
		// at closed_on IS NULL); handled and closed after d (the same index; the + stops
		// SQLite from ranging over every decided case instead); undecided at d, which only
		// a case decided late or not yet can be, so cases_stats_accept_late holds it (its
		// condition is repeated word for word for SQLite to use it).
		plus := "+" // PostgreSQL has no unary + for text, and plans by statistics anyway
		if s.dialect == Postgres {
			plus = ""
		}
		q = q.Where(`id IN (SELECT id FROM cases WHERE closed_on IS NULL AND due_on < ? AND decision IN ('accept', 'assign') AND decided_on <= ?
			UNION ALL SELECT id FROM cases WHERE closed_on > ? AND due_on < ? AND `+plus+`decision IN ('accept', 'assign') AND `+plus+`decided_on <= ?
			UNION ALL SELECT id FROM cases WHERE (decision = '' OR decided_on IS NULL OR decided_on > accept_due)
				AND accept_due < ? AND (decided_on IS NULL OR decided_on > ?) AND received_on <= ?)`, d, d, d, d, d, d, d, d)
	}
	if !f.DueFrom.IsZero() || !f.DueTo.IsZero() {
		// model.CaseFilter.DueFrom: the running deadline, as the ledger's 期限 column shows
		// it. SQLite serves each branch of the OR from a status index (cases_status has
		// due_on too), so the 工作台's figures stay fast on a million cases.
		lo, hi := "0000-01-01", "9999-12-31"
		if !f.DueFrom.IsZero() {
			lo = f.DueFrom.String()
		}
		if !f.DueTo.IsZero() {
			hi = f.DueTo.String()
		}
		q = q.Where(`((accept_due BETWEEN ? AND ? AND status = ?) OR (status = ? AND due_on BETWEEN ? AND ?))`,
			lo, hi, model.StatusRegistered, model.StatusHandling, lo, hi)
	}
	if f.Repeat {
		q = q.Where("repeat")
	}
	if f.Backlog {
		q = q.Where("backlog")
	}
	if f.Supervised {
		q = q.Where("supervised")
	}
	if f.IDs != nil {
		// A drill-down of an empty figure lists nothing, not everything.
		ids, _ := json.Marshal(f.IDs)
		if s.dialect == Postgres {
			q = q.Where("id IN (SELECT (jsonb_array_elements_text(?::jsonb))::bigint)", string(ids))
		} else {
			q = q.Where("id IN (SELECT value FROM json_each(?))", string(ids))
		}
	}
	if plan.ftsTerm != "" {
		q = q.Where("id IN (SELECT rowid FROM case_fts WHERE case_fts MATCH ?)", ftsString(plan.ftsTerm))
	}
	for _, term := range plan.terms {
		if s.dialect == Postgres {
			// ILIKE would also fold Ä/ä and Ａ/ａ; the regular expression keeps SQLite's
			// meaning, and the pg_trgm index serves it as it serves ILIKE.
			q = q.Where(`search_text ~ ?`, pgPattern(term))
		} else {
			q = q.Where(`search_text LIKE ? ESCAPE '\'`, likePattern(term))
		}
	}
	return q
}

// pgPattern is a PostgreSQL regular expression matching term as a substring with ASCII
// letters in either case, as SQLite's LIKE does: letters become [aA], other ASCII
// punctuation is escaped, everything else stands for itself.
func pgPattern(term string) string {
	var b strings.Builder
	for _, r := range term {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
			lo := r | 0x20
			b.WriteString("[" + string(lo) + string(lo-0x20) + "]")
		case r < 0x80 && !(r >= '0' && r <= '9') && r > ' ':
			b.WriteRune('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// likePattern is %term% with LIKE's wildcards and the escape character escaped.
func likePattern(term string) string {
	return "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(term) + "%"
}

// ftsString quotes term as an FTS5 string, so that its characters are text and never
// query syntax (AND, NEAR, *, column filters).
func ftsString(term string) string {
	return `"` + strings.ReplaceAll(term, `"`, `""`) + `"`
}
