package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"baoan/model"
	"baoan/store"
)

// ledgerDay is the day the import tests run on.
var ledgerDay = model.MustDate("2026-06-30")

func pinToday(t *testing.T) {
	t.Helper()
	old := model.Now
	model.Now = func() model.Date { return ledgerDay }
	t.Cleanup(func() { model.Now = old })
}

var ledgerHeader = []string{"信访编号", "登记日期", "信访形式", "信访人", "证件号码", "联系电话", "人数", "住址", "所属街道",
	"所属社区", "问题类别", "事项摘要", "诉求", "受理情况", "受理日期", "责任单位", "包案领导", "办理期限", "延期至", "办结日期",
	"处理意见", "满意度", "回访日期", "息诉罢访", "重复信访", "积案", "备注"}

// ledgerRow is a correct row n of a test ledger, by column, as a clerk would type it.
func ledgerRow(n int) map[string]string {
	received := model.MustDate("2026-01-05").AddDays(n)
	r := map[string]string{
		"信访编号": fmt.Sprintf("信〔2026〕%04d", n), "登记日期": received.String(), "信访形式": "来访",
		"信访人": fmt.Sprintf("张%s", string(rune('一'+n%20))), "证件号码": model.MakeIDNumber("440306", model.MustDate("1970-01-01").AddDays(n*11), n),
		"联系电话": fmt.Sprintf("139%08d", n), "住址": fmt.Sprintf("新安街道%d号", n), "所属街道": []string{"新安街道", "西乡街道"}[n%2],
		"所属社区": "", "问题类别": []string{"劳动社保", "城市管理", "物业管理"}[n%3], "事项摘要": fmt.Sprintf("反映%d号楼漏水", n),
		"诉求": "要求维修",
	}
	if n%4 != 0 {
		r["受理情况"], r["受理日期"] = "受理", received.AddDays(2).String()
		r["责任单位"] = "区住建局"
	}
	if n%4 == 1 {
		r["办结日期"], r["处理意见"], r["满意度"], r["回访日期"] = received.AddDays(30).String(), "支持", "满意", received.AddDays(35).String()
		r["包案领导"] = "王建国"
	}
	return r
}

// writeLedger saves rows (by column) as an xlsx file, the way Excel saves one.
func writeLedger(t *testing.T, path string, rows []map[string]string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetRow("Sheet1", "A1", &ledgerHeader)
	for i, r := range rows {
		cells := make([]any, len(ledgerHeader))
		for j, h := range ledgerHeader {
			cells[j] = r[h]
		}
		f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+2), &cells)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// tableCounts is how many rows the tables an import writes hold.
func tableCounts(t *testing.T, db string) string {
	t.Helper()
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	admin := Actor()
	n, _ := s.CountCases(ctx, admin, model.CaseFilter{})
	units, _ := s.Units(ctx, "", 0)
	cats, _ := s.Categories(ctx)
	leaders, _ := s.Leaders(ctx, false)
	log, _ := s.AuditLog(ctx, admin, 0, 1000)
	return fmt.Sprintf("cases %d units %d categories %d leaders %d audit %d", n, len(units), len(cats), len(leaders), len(log))
}

var errorLine = regexp.MustCompile(`^第(\d+)行 \[(.+?)\] 值「(.*)」：(.+)$`)

// TestImportReportsEveryWrongRow is the check of issue 6: a ledger of 100 rows of
// which 7 are wrong in different ways is refused with exactly those 7 listed, and the
// database is left as it was.
func TestImportReportsEveryWrongRow(t *testing.T) {
	pinToday(t)
	dir := t.TempDir()
	db, file := filepath.Join(dir, "office.db"), filepath.Join(dir, "台账.xlsx")
	rows := make([]map[string]string, 100)
	for i := range rows {
		rows[i] = ledgerRow(i + 1)
	}
	// Row numbers as Excel shows them: data row i is on line i+1.
	wrong := []struct {
		line   int
		header string
		set    func(map[string]string)
		value  string
	}{
		{12, "登记日期", func(r map[string]string) { r["登记日期"] = "2026-02-30" }, "2026-02-30"},
		{23, "信访形式", func(r map[string]string) { r["信访形式"] = "上访" }, "上访"},
		{34, "证件号码", func(r map[string]string) { id := r["证件号码"]; r["证件号码"] = id[:17] + flip(id[17]) }, ""},
		{46, "办结日期", func(r map[string]string) {
			r["办结日期"], r["处理意见"], r["回访日期"] = "2026-01-02", "支持", ""
		}, "2026-01-02"},
		{56, "延期至", func(r map[string]string) { r["办理期限"], r["延期至"] = "2026-05-01", "2026-06-15" }, "2026-06-15"},
		{67, "事项摘要", func(r map[string]string) { r["事项摘要"] = "" }, ""},
		{78, "信访人", func(r map[string]string) { r["信访人"], r["证件号码"] = "13800138000", "" }, "13800138000"},
	}
	for _, w := range wrong {
		w.set(rows[w.line-2])
	}
	writeLedger(t, file, rows)
	before := tableCounts(t, db)

	code, out, stderr := runCLI(t, nil, "--db", db, "import", file, "--add-missing")
	if code != ExitUser {
		t.Fatalf("import of a ledger with 7 wrong rows: exit %d, stdout %q; want 1", code, out)
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if m := errorLine.FindStringSubmatch(line); m != nil {
			got = append(got, m[1]+" "+m[2])
		}
	}
	var want []string
	for _, w := range wrong {
		want = append(want, fmt.Sprintf("%d %s", w.line, w.header))
	}
	if !slices.Equal(got, want) {
		t.Errorf("rows reported:\n%v\nwant exactly\n%v\nstderr:\n%s", got, want, stderr)
	}
	for _, w := range wrong {
		if w.value != "" && !strings.Contains(stderr, fmt.Sprintf("第%d行 [%s] 值「%s」", w.line, w.header, w.value)) {
			t.Errorf("stderr does not show the value found on row %d: %q", w.line, w.value)
		}
	}
	if !strings.Contains(stderr, "未导入任何数据") {
		t.Errorf("stderr %q should say nothing was imported", stderr)
	}
	if after := tableCounts(t, db); after != before {
		t.Errorf("after a refused import: %s; before: %s", after, before)
	}

	// Fixed, it imports; imported again, it adds nothing.
	for _, w := range wrong {
		rows[w.line-2] = ledgerRow(w.line - 1)
	}
	writeLedger(t, file, rows)
	code, out, stderr = runCLI(t, nil, "--db", db, "import", "--add-missing", file)
	if code != ExitOK || !strings.Contains(out, "已导入 100 件") {
		t.Fatalf("import of the fixed ledger: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	first := tableCounts(t, db)
	code, out, _ = runCLI(t, nil, "--db", db, "import", file)
	if code != ExitOK || !strings.Contains(out, "已导入 0 件") || !strings.Contains(out, "100 件数据库中已有") {
		t.Errorf("second import: exit %d, stdout %q; want nothing imported and 100 already there", code, out)
	}
	if again := tableCounts(t, db); !strings.HasPrefix(again, strings.Split(first, " audit")[0]) {
		t.Errorf("after importing twice: %s; after once: %s", again, first)
	}
}

func flip(c byte) string {
	if c == '0' {
		return "1"
	}
	return "0"
}

func TestImportUnknownEntriesNeedAddMissing(t *testing.T) {
	pinToday(t)
	dir := t.TempDir()
	db, file := filepath.Join(dir, "office.db"), filepath.Join(dir, "台账.xlsx")
	writeLedger(t, file, []map[string]string{ledgerRow(1), ledgerRow(2)})
	code, _, stderr := runCLI(t, nil, "--db", db, "import", file)
	if code != ExitUser || !strings.Contains(stderr, "第2行 [所属街道] 值「西乡街道」") || !strings.Contains(stderr, "--add-missing") {
		t.Errorf("import naming unknown streets: exit %d, stderr %q; want 1, the rows and the way out", code, stderr)
	}
	code, out, stderr := runCLI(t, nil, "--db", db, "import", file, "--add-missing")
	if code != ExitOK || !strings.Contains(out, "新增字典条目") || !strings.Contains(out, "所属街道「新安街道」") {
		t.Errorf("import --add-missing: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
}

func TestImportUsage(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "u.db")
	for _, args := range [][]string{
		{"--db", db, "import"},
		{"--db", db, "import", "a.xlsx", "b.xlsx"},
		{"--db", db, "import", "a.xlsx", "--nosuch"},
		{"--db", db, "export"},
		{"--db", db, "export", "台账.csv"},
		{"--db", db, "export", "台账.xlsx", "--month", "2026-13"},
	} {
		code, _, stderr := runCLI(t, nil, args...)
		if code != ExitUsage || !strings.ContainsAny(stderr, "请应不未有需") {
			t.Errorf("baoan %v: exit %d, stderr %q; want 2 and a Chinese explanation", args, code, stderr)
		}
	}
	code, _, stderr := runCLI(t, nil, "--db", db, "import", filepath.Join(dir, "没有这个文件.xlsx"))
	if code != ExitUser || !strings.Contains(stderr, "无法打开文件") {
		t.Errorf("import of a missing file: exit %d, stderr %q; want 1 and why", code, stderr)
	}
}
