package store

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"baoan/model"
)

// searchFuzzTexts are the summaries of the cases FuzzSearchQuery searches: the texts of
// TestSearchMatchesSubstringSemantics, which the fuzzer's seeds come from too.
var searchFuzzTexts = []string{
	"拖欠工资三个月，要求支付", "小区物业费纠纷 ABC Property", "abc property 维修基金", "征地拆迁补偿😡不到位🙏",
	"繁體：臺灣鄉親反映補償問題", "简体：台湾乡亲反映补偿问题", "折扣100%不兑现", "编号a_b与axb混淆",
	`引号"内容"与'单引号'`, `'; DROP TABLE cases;--`, `路径C:\temp\file`, "Ärger mit ÄMTERN äußern", "ＡＢＣ全角字母",
	"工资", "资", "\u202e右到左标记\u202c", "ﾊﾝｶｸ半角片假名",
}

// FuzzSearchQuery feeds the ledger's search box to the query builder (planSearch and
// filterCases, through ListCases and CountCases) and checks the answer against the
// definition of search: every whitespace-separated term is a substring of the case's
// search text, ASCII letters in either case. A query the builder refuses must be refused
// as the user's mistake (ErrInvalid), and no query may change the database.
func FuzzSearchQuery(f *testing.F) {
	fx := newFxOn(f, openSQLite(f)) // FTS5 and the plans that use it
	for _, text := range searchFuzzTexts {
		fx.newCase(func(c *model.Case) { c.Summary = text; c.Demands = "" })
	}
	all := fx.allCases()
	for _, q := range []string{
		"工资", "资", "拖欠 工资", "abc", "AbC property", "ＡＢＣ", "😡", "补偿😡不", "臺灣", "100%", "%", "_", "a_b", `"`,
		`'; DROP TABLE cases;--`, `\`, `C:\temp`, "NEAR", "a OR b", "*", "工资*", "\u3000工资\u3000", "  ", "",
		"信〔2026〕0003", "\x00", "工资\x00", "\xff", "\u202e", strings.Repeat("长", 200), strings.Repeat("长", 201),
		"ｶｸ", "ß", "ÄU",
	} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		got, _, err := fx.s.ListCases(fx.ctx, fx.clerk, model.CaseFilter{Query: q}, model.PageRequest{Limit: MaxPageSize})
		n, cerr := fx.s.CountCases(fx.ctx, fx.clerk, model.CaseFilter{Query: q})
		if utf8.RuneCountInString(q) > maxQueryRunes || strings.IndexByte(q, 0) >= 0 || !utf8.ValidString(q) {
			if !errors.Is(err, ErrInvalid) || !errors.Is(cerr, ErrInvalid) {
				t.Fatalf("ListCases(%q) = %v, CountCases = %v; want both refused with ErrInvalid", q, err, cerr)
			}
			if !strings.Contains(UserMessage(err), "搜索") {
				t.Errorf("ListCases(%q) says %q, want it to name 搜索", q, UserMessage(err))
			}
			return
		}
		if err != nil || cerr != nil {
			t.Fatalf("ListCases(%q) = %v, CountCases = %v", q, err, cerr)
		}
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
		if g, w := ids(got), ids(want); !slices.Equal(g, w) {
			t.Errorf("ListCases(%q) = cases %v, want %v", q, g, w)
		}
		if n != int64(len(want)) {
			t.Errorf("CountCases(%q) = %d, want %d", q, n, len(want))
		}
		var total int64
		if err := fx.s.db.Raw(`SELECT COUNT(*) FROM cases`).Scan(&total).Error; err != nil || total != int64(len(all)) {
			t.Fatalf("after searching %q the cases table has %d rows (%v), want %d", q, total, err, len(all))
		}
	})
}
