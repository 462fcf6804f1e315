package store

import (
	"errors"
	"slices"
	"sort"
	"strings"
	"testing"

	"baoan/model"
)

// asciiLower folds ASCII letters only, as SQLite's LIKE does.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// allCases reads every case with its search text, straight from the table.
func (f *fx) allCases() []model.Case {
	f.t.Helper()
	var cs []model.Case
	if err := f.s.db.Order("id").Find(&cs).Error; err != nil {
		f.t.Fatal(err)
	}
	return cs
}

func ids(cs []model.Case) []int64 {
	out := make([]int64, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	slices.Sort(out)
	return out
}

func TestSearchMatchesSubstringSemantics(t *testing.T) {
	f := newFx(t)
	texts := []string{
		"拖欠工资三个月，要求支付",
		"小区物业费纠纷 ABC Property",
		"abc property 维修基金",
		"征地拆迁补偿😡不到位🙏",
		"繁體：臺灣鄉親反映補償問題",
		"简体：台湾乡亲反映补偿问题",
		"折扣100%不兑现",
		"编号a_b与axb混淆",
		`引号"内容"与'单引号'`,
		`'; DROP TABLE cases;--`,
		`路径C:\temp\file`,
		"Ärger mit ÄMTERN äußern",
		"ＡＢＣ全角字母",
		"工资",
		"资",
	}
	for _, text := range texts {
		f.newCase(func(c *model.Case) { c.Summary = text; c.Demands = "" })
	}
	all := f.allCases()
	queries := []string{
		"工资", "资", "工", "拖欠工资", "拖欠 工资", "工资 物业", "abc", "ABC", "AbC property", "ＡＢＣ", "ａｂｃ",
		"😡", "😡不", "补偿😡不", "臺灣", "台湾", "補償問題", "100%", "%", "%不", "_", "a_b", "a%b", `"`, `"内容"`, `'`,
		`'; DROP TABLE cases;--`, "DROP", "drop table", `\`, `C:\temp`, `\t`, "äu", "Ärger", "ärger", "ÄMTERN", "ämtern",
		"张三", "张", "139", "信〔2026〕0003", "〔2026〕", "0003", "不存在的内容", "NEAR", "OR", "a OR b", "*", "工资*",
		"\u3000工资\u3000", "  ",
	}
	for _, q := range queries {
		var want []model.Case
		for _, c := range all {
			ok := true
			for _, term := range strings.Fields(q) {
				ok = ok && strings.Contains(asciiLower(c.SearchText), asciiLower(term))
			}
			if ok {
				want = append(want, c)
			}
		}
		got, _, err := f.s.ListCases(f.ctx, f.clerk, model.CaseFilter{Query: q}, model.PageRequest{Limit: MaxPageSize})
		if err != nil {
			t.Errorf("ListCases(%q): %v", q, err)
			continue
		}
		if g, w := ids(got), ids(want); !slices.Equal(g, w) {
			t.Errorf("ListCases(%q) = cases %v, want %v", q, g, w)
		}
		// Pages of two make common terms take the index-walking plan (see searchPlan).
		var paged []model.Case
		var after model.Cursor
		for range 20 {
			page, next, err := f.s.ListCases(f.ctx, f.clerk, model.CaseFilter{Query: q}, model.PageRequest{After: after, Limit: 2})
			if err != nil {
				t.Fatalf("ListCases(%q, pages of 2): %v", q, err)
			}
			paged = append(paged, page...)
			if after = next; next == (model.Cursor{}) {
				break
			}
		}
		if g, w := ids(paged), ids(want); !slices.Equal(g, w) {
			t.Errorf("ListCases(%q) in pages of 2 = cases %v, want %v", q, g, w)
		}
		n, err := f.s.CountCases(f.ctx, f.clerk, model.CaseFilter{Query: q})
		if err != nil || n != int64(len(want)) {
			t.Errorf("CountCases(%q) = %d, %v; want %d", q, n, err, len(want))
		}
	}
	if _, err := f.s.CountCases(f.ctx, f.clerk, model.CaseFilter{Query: strings.Repeat("长", 201)}); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "最多 200 字") {
		t.Errorf("a 201-character query: err = %v, want ErrInvalid naming the limit", err)
	}
	if !f.s.db.Migrator().HasTable("cases") {
		t.Errorf("the cases table is gone after searching for SQL")
	}
}

// TestSearchUsesFTSForLongTerms shows the trigram index is really consulted for terms of
// three characters: a row whose index entry is missing is not found by such a term, but
// is by a two-character one.
func TestSearchUsesFTSForLongTerms(t *testing.T) {
	f := newFxOn(t, openSQLite(t)) // FTS5
	c := f.newCase(func(c *model.Case) { c.Summary = "独一无二的摘要" })
	f.s.db.Exec(`INSERT INTO case_fts(case_fts, rowid, search_text) VALUES ('delete', ?, ?)`, c.ID, c.SearchText)
	if n, _ := f.s.CountCases(f.ctx, f.clerk, model.CaseFilter{Query: "独一无二"}); n != 0 {
		t.Errorf("4-character term found %d cases without an index entry: the index is not used", n)
	}
	if n, _ := f.s.CountCases(f.ctx, f.clerk, model.CaseFilter{Query: "独一"}); n != 1 {
		t.Errorf("2-character term found %d cases, want 1 by scanning", n)
	}
}

// ledgerFx is a store with cases in many states, received on many days.
func ledgerFx(t *testing.T) (*fx, []model.Case) {
	f := newFx(t)
	unit, err := f.s.CreateUnit(f.ctx, f.admin, model.Unit{Name: "区人社局", Kind: model.UnitDepartment})
	if err != nil {
		t.Fatal(err)
	}
	cat2, _ := f.s.CreateCategory(f.ctx, f.admin, model.Category{Name: "城乡建设"})
	for i := range 36 {
		received := model.MustDate("2026-01-05").AddDays(i * 4 % 90)
		c := f.newCase(func(c *model.Case) {
			c.ReceivedOn = received
			c.Channel = model.Channels[i%len(model.Channels)]
			if i%3 == 0 {
				c.StreetID = f.street2.ID
			}
			if i%4 == 0 {
				c.CategoryID = cat2.ID
			}
			if i%5 == 0 {
				c.UnitID = &unit.ID
			}
			c.Backlog = i%6 == 0
			c.Supervised = i%7 == 0
			c.Repeat = i%8 == 0
		})
		switch i % 4 {
		case 1:
			c, err = f.s.Decide(f.ctx, f.admin, c.ID, c.Version, model.DecisionAccept, received.AddDays(i%20), "")
		case 2:
			c, err = f.s.Decide(f.ctx, f.admin, c.ID, c.Version, model.DecisionAssign, received.AddDays(3), "")
			if err == nil && i%8 == 2 {
				c, err = f.s.Reply(f.ctx, f.admin, c.ID, c.Version, model.ReplySupport, received.AddDays(40), "")
			}
		case 3:
			c, err = f.s.Decide(f.ctx, f.admin, c.ID, c.Version, model.DecisionNotAccept, received.AddDays(2), "不属于信访事项")
		}
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if i%3 == 1 {
			f.carried(c)
		}
	}
	return f, f.allCases()
}

func TestListCasesKeysetPages(t *testing.T) {
	f, all := ledgerFx(t)
	for _, key := range []model.SortKey{"", model.SortReceived, model.SortDue, model.SortNo, model.SortStatus} {
		for _, desc := range []bool{false, true} {
			want := slices.Clone(all)
			d := desc || key == ""
			sort.SliceStable(want, func(i, j int) bool {
				a, b := sortValue(key, want[i]), sortValue(key, want[j])
				if key == "" {
					a, b = sortValue(model.SortReceived, want[i]), sortValue(model.SortReceived, want[j])
				}
				if a != b {
					return (a < b) != d
				}
				return (want[i].ID < want[j].ID) != d
			})
			var got []model.Case
			var after model.Cursor
			for pages := 0; ; pages++ {
				page, next, err := f.s.ListCases(f.ctx, f.clerk, model.CaseFilter{}, model.PageRequest{Sort: key, Desc: desc, After: after, Limit: 7})
				if err != nil {
					t.Fatalf("ListCases(%s, desc=%v): %v", key, desc, err)
				}
				got = append(got, page...)
				if next == (model.Cursor{}) {
					break
				}
				if len(page) != 7 || pages > 10 {
					t.Fatalf("ListCases(%s, desc=%v): page of %d with a next cursor", key, desc, len(page))
				}
				after = next
			}
			var g, w []int64
			for i := range got {
				g = append(g, got[i].ID)
			}
			for i := range want {
				w = append(w, want[i].ID)
			}
			if !slices.Equal(g, w) {
				t.Errorf("pages sorted by %q desc=%v = %v, want %v", key, desc, g, w)
			}
		}
	}
	if _, _, err := f.s.ListCases(f.ctx, f.clerk, model.CaseFilter{}, model.PageRequest{Sort: "summary; DROP"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("unknown sort key: err = %v, want ErrInvalid", err)
	}
	if f.s.Dialect() != SQLite {
		return // the plan below is SQLite's
	}
	if p := queryPlan(t, f.s, `SELECT * FROM cases WHERE (COALESCE(due_on, ''), id) > ('2026-03-01', 5) ORDER BY COALESCE(due_on, '') ASC, id ASC LIMIT 8`); !strings.Contains(p, "cases_due") || strings.Contains(p, "TEMP B-TREE") {
		t.Errorf("paging by due date plan = %q, want the cases_due index and no sort", p)
	}
}

func TestListCasesFilters(t *testing.T) {
	f, all := ledgerFx(t)
	carried := map[int64]bool{}
	var carriedIDs []int64
	f.s.db.Raw(`SELECT case_id FROM assignments WHERE leader_id = ?`, f.leader.ID).Scan(&carriedIDs)
	for _, id := range carriedIDs {
		carried[id] = true
	}
	overdueAt := model.MustDate("2026-04-15")
	pick := []int64{all[0].ID, all[5].ID, all[9].ID}
	var unitID int64
	for _, c := range all {
		if c.UnitID != nil {
			unitID = *c.UnitID
		}
	}
	tests := []struct {
		name string
		f    model.CaseFilter
		want func(c model.Case) bool
	}{
		{"everything", model.CaseFilter{}, func(model.Case) bool { return true }},
		{"statuses", model.CaseFilter{Statuses: []model.Status{model.StatusHandling, model.StatusClosed}},
			func(c model.Case) bool { return c.Status == model.StatusHandling || c.Status == model.StatusClosed }},
		{"channel", model.CaseFilter{Channel: model.ChannelHotline}, func(c model.Case) bool { return c.Channel == model.ChannelHotline }},
		{"category", model.CaseFilter{CategoryID: f.cat.ID}, func(c model.Case) bool { return c.CategoryID == f.cat.ID }},
		{"street", model.CaseFilter{StreetID: f.street2.ID}, func(c model.Case) bool { return c.StreetID == f.street2.ID }},
		{"unit", model.CaseFilter{UnitID: unitID}, func(c model.Case) bool { return c.UnitID != nil }},
		{"leader", model.CaseFilter{LeaderID: f.leader.ID}, func(c model.Case) bool { return carried[c.ID] }},
		{"received from", model.CaseFilter{From: model.MustDate("2026-02-01")}, func(c model.Case) bool { return !c.ReceivedOn.Before(model.MustDate("2026-02-01")) }},
		{"received to", model.CaseFilter{To: model.MustDate("2026-02-01")}, func(c model.Case) bool { return !c.ReceivedOn.After(model.MustDate("2026-02-01")) }},
		{"overdue", model.CaseFilter{OverdueAt: overdueAt}, func(c model.Case) bool { return model.FactOf(c).OverdueAt(overdueAt) }},
		{"repeat", model.CaseFilter{Repeat: true}, func(c model.Case) bool { return c.Repeat }},
		{"backlog", model.CaseFilter{Backlog: true}, func(c model.Case) bool { return c.Backlog }},
		{"supervised", model.CaseFilter{Supervised: true}, func(c model.Case) bool { return c.Supervised }},
		{"ids", model.CaseFilter{IDs: pick}, func(c model.Case) bool { return slices.Contains(pick, c.ID) }},
		{"empty ids", model.CaseFilter{IDs: []int64{}}, func(model.Case) bool { return false }},
		{"combined", model.CaseFilter{StreetID: f.street2.ID, Backlog: true, Query: "拖欠"},
			func(c model.Case) bool { return c.StreetID == f.street2.ID && c.Backlog }},
	}
	for _, tt := range tests {
		var want []model.Case
		for _, c := range all {
			if tt.want(c) {
				want = append(want, c)
			}
		}
		got, _, err := f.s.ListCases(f.ctx, f.clerk, tt.f, model.PageRequest{Limit: MaxPageSize})
		if err != nil {
			t.Errorf("ListCases(%s): %v", tt.name, err)
			continue
		}
		if g, w := ids(got), ids(want); !slices.Equal(g, w) {
			t.Errorf("ListCases(%s) = %v, want %v", tt.name, g, w)
		}
		if n, _ := f.s.CountCases(f.ctx, f.clerk, tt.f); n != int64(len(want)) {
			t.Errorf("CountCases(%s) = %d, want %d", tt.name, n, len(want))
		}
		if tt.name != "everything" && len(want) == len(all) {
			t.Errorf("filter %s selects every case: the test data does not exercise it", tt.name)
		}
		if tt.name != "empty ids" && len(want) == 0 {
			t.Errorf("filter %s selects nothing: the test data does not exercise it", tt.name)
		}
	}
}

// queryPlan is SQLite's EXPLAIN QUERY PLAN of q, its lines joined with "; ".
func queryPlan(t testing.TB, s *Store, q string, args ...any) string {
	t.Helper()
	var rows []struct{ Detail string }
	if err := s.db.Raw("EXPLAIN QUERY PLAN "+q, args...).Scan(&rows).Error; err != nil {
		t.Fatalf("explain %s: %v", q, err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, r.Detail)
	}
	return strings.Join(out, "; ")
}

func TestSearchPlan(t *testing.T) {
	f := newFxOn(t, openSQLite(t)) // the plans choose between SQLite's indexes
	for range 20 {
		f.newCase()
	}
	f.newCase(func(c *model.Case) { c.Summary = "独特的摘要内容" })
	db := f.s.db
	tests := []struct {
		name  string
		f     model.CaseFilter
		limit int
		fts   string
		dense bool
	}{
		{"rare term", model.CaseFilter{Query: "独特的"}, 2, "独特的", false},
		{"common term, one page of 2", model.CaseFilter{Query: "拖欠工资"}, 2, "", true},
		{"common term, a page holding them all", model.CaseFilter{Query: "拖欠工资"}, 500, "拖欠工资", false},
		{"common and rare: the rare one uses the index", model.CaseFilter{Query: "拖欠工资 独特的"}, 2, "独特的", false},
		{"common term with another filter", model.CaseFilter{Query: "拖欠工资", StreetID: f.street.ID}, 2, "拖欠工资", false},
		{"counting", model.CaseFilter{Query: "拖欠工资"}, 0, "拖欠工资", false},
		{"short terms only", model.CaseFilter{Query: "拖欠 工"}, 2, "", false},
	}
	for _, tt := range tests {
		p, err := f.s.planSearch(db, tt.f, true, tt.limit)
		if err != nil || p.ftsTerm != tt.fts || p.dense != tt.dense {
			t.Errorf("planSearch(%s) = fts %q dense %v, %v; want fts %q dense %v", tt.name, p.ftsTerm, p.dense, err, tt.fts, tt.dense)
		}
	}
	// The index-walking plan names each sort column's index; every one must exist and
	// give the same first page as the plain plan.
	for key := range sortColumns {
		for _, desc := range []bool{false, true} {
			dense, _, err := f.s.ListCases(f.ctx, f.clerk, model.CaseFilter{Query: "拖欠工资"}, model.PageRequest{Sort: key, Desc: desc, Limit: 2})
			plain, _, err2 := f.s.ListCases(f.ctx, f.clerk, model.CaseFilter{Query: "拖欠工资", IDs: ids(f.allCases())}, model.PageRequest{Sort: key, Desc: desc, Limit: 2})
			if err != nil || err2 != nil || len(dense) != 2 || dense[0].ID != plain[0].ID || dense[1].ID != plain[1].ID {
				t.Errorf("first page by %s desc=%v: index walk %v (%v), plain %v (%v)", key, desc, ids(dense), err, ids(plain), err2)
			}
		}
	}
	if p, _ := f.s.planSearch(db, model.CaseFilter{Query: "拖欠工资"}, false, 2); p.dense {
		t.Errorf("a leader's search (limited to carried cases) took the index-walking plan")
	}
}

// TestSearchBunchedMatches: a common term whose matches all sit at the far end of the
// sort order makes the index walk come back short; the FTS plan must finish the page.
func TestSearchBunchedMatches(t *testing.T) {
	f := newFxOn(t, openSQLite(t)) // the plans choose between SQLite's indexes
	for i := range 30 {
		f.newCase(func(c *model.Case) {
			c.ReceivedOn = model.MustDate("2026-01-01").AddDays(i)
			if i < 8 {
				c.Summary = "早期集中反映的问题"
			}
		})
	}
	p, err := f.s.planSearch(f.s.db, model.CaseFilter{Query: "集中反映"}, true, 1)
	if err != nil || !p.dense || p.budget >= 22 {
		t.Fatalf("plan = %+v, %v; want the bounded index walk, too short to reach the matches", p, err)
	}
	cs, next, err := f.s.ListCases(f.ctx, f.clerk, model.CaseFilter{Query: "集中反映"}, model.PageRequest{Limit: 1})
	if err != nil || len(cs) != 1 || cs[0].ReceivedOn != model.MustDate("2026-01-08") || next == (model.Cursor{}) {
		t.Errorf("first page = %+v, %v, next %v; want the newest bunched case (received 2026-01-08) and a next page", cs, err, next)
	}
}
