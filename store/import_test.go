package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"baoan/ledgerio"
	"baoan/model"
)

// ledgerRow is a row as the ledger reader hands it over: names, not ids.
func (f *fx) ledgerRow(line int, mods ...func(*model.LedgerRow)) model.LedgerRow {
	p := f.petitioner(fmt.Sprintf("赵%s", string(rune('甲'+line%10))))
	r := model.LedgerRow{
		Line: line,
		Case: model.Case{
			No: fmt.Sprintf("信〔2026〕%04d", 100+line), Channel: model.ChannelLetter, ReceivedOn: model.MustDate("2026-03-02"),
			HeadCount: 1, Summary: fmt.Sprintf("反映第%d号楼漏水", line), Demands: "要求维修",
		},
		Petitioners: []model.Petitioner{p},
		Street:      f.street.Name,
		Category:    f.cat.Name,
		RepeatGiven: true,
	}
	for _, m := range mods {
		m(&r)
	}
	return r
}

func closedRow(r *model.LedgerRow) {
	r.Case.Decision, r.Case.DecidedOn = model.DecisionAccept, model.MustDate("2026-03-05")
	r.Case.ClosedOn, r.Case.ReplyKind, r.Case.Rating = model.MustDate("2026-04-20"), model.ReplySupport, model.RatingBasically
	r.Case.FirstFollowUpOn = model.MustDate("2026-04-25")
	r.Stopped = true
}

func TestImportLedgerCreatesCases(t *testing.T) {
	f := newFx(t)
	known := f.newCase() // its petitioner appears again in row 3
	kp, _ := casePetitioners(f.s.db, known.ID)
	rows := []model.LedgerRow{
		f.ledgerRow(2),
		f.ledgerRow(3, closedRow, func(r *model.LedgerRow) {
			r.Community, r.Leaders = f.community.Name, []string{f.leader.Name, f.leader2.Name}
			r.Case.No = ""
			r.Petitioners = append(r.Petitioners, model.Petitioner{Name: kp[0].Name, IDNumber: kp[0].IDNumber})
			r.Case.HeadCount = 2
		}),
		f.ledgerRow(4, func(r *model.LedgerRow) {
			r.Case.Decision, r.Case.DecidedOn = model.DecisionTransfer, model.MustDate("2026-03-04")
		}),
		f.ledgerRow(5, func(r *model.LedgerRow) {
			r.Case.Decision, r.Case.DecidedOn = model.DecisionAssign, model.MustDate("2026-03-04")
			r.Case.ReplyDue, r.Case.ExtendedDue = model.MustDate("2026-05-01"), model.MustDate("2026-05-20")
		}),
	}
	before := f.counts()
	res, err := f.s.ImportLedger(f.ctx, f.admin, rows, model.ImportOptions{Source: "台账.xlsx"})
	if err != nil {
		t.Fatalf("ImportLedger: %v", err)
	}
	if res.Created != 4 || len(res.Skipped) != 0 || res.Petitioners != 4 || res.Visits != 1 || res.Assignments != 2 {
		t.Errorf("result = %+v, want 4 cases, 4 new petitioners (one reused), 1 visit, 2 assignments", res)
	}
	after := f.counts()
	for table, want := range map[string]int64{"cases": 4, "petitioners": 4, "case_petitioners": 5, "assignments": 2,
		"duties": 8, "visits": 1, "audit_entries": 1} {
		if got := after[table] - before[table]; got != want {
			t.Errorf("%s: %d rows added, want %d", table, got, want)
		}
	}
	byNo := map[string]model.Case{}
	var cs []model.Case
	f.s.db.Where("id > ?", known.ID).Order("id").Find(&cs)
	for _, c := range cs {
		byNo[c.No] = c
	}
	c2 := byNo["信〔2026〕0102"]
	cal, _ := f.s.Calendar(f.ctx)
	if c2.Status != model.StatusRegistered || !c2.AcceptDue.Equal(cal.AcceptDue(c2.ReceivedOn)) || c2.Year != 2026 || c2.Seq != 102 {
		t.Errorf("row 2 = %s due %s year %d seq %d, want registered, due %s, 2026/102", c2.Status, c2.AcceptDue, c2.Year, c2.Seq, cal.AcceptDue(c2.ReceivedOn))
	}
	c3 := cs[1]
	if c3.No != "信〔2026〕0103" && !strings.HasPrefix(c3.No, "信〔2026〕") {
		t.Errorf("row 3 number = %q, want a generated 信〔2026〕NNNN", c3.No)
	}
	if c3.Status != model.StatusClosed || c3.Rating != model.RatingBasically || c3.RatedOn.String() != "2026-04-25" ||
		c3.StoppedOn.String() != "2026-04-25" || c3.FirstFollowUpOn.String() != "2026-04-25" || c3.CommunityID == nil || *c3.CommunityID != f.community.ID {
		t.Errorf("row 3 = %+v, want closed, rated and stopped on the follow-up day, in the community", c3)
	}
	if want := cal.ReplyDue(model.MustDate("2026-03-05")); !c3.ReplyDue.Equal(want) || !c3.DueOn.Equal(want) {
		t.Errorf("row 3 reply due = %s / %s, want the statutory %s", c3.ReplyDue, c3.DueOn, want)
	}
	ps, _ := casePetitioners(f.s.db, c3.ID)
	if len(ps) != 2 || ps[1].ID != kp[0].ID || c3.PetitionerNames != ps[0].Name+"、"+kp[0].Name {
		t.Errorf("row 3 petitioners = %+v (%q), want a new lead and the known petitioner %d second", ps, c3.PetitionerNames, kp[0].ID)
	}
	if ps[0].StreetID == nil || *ps[0].StreetID != f.street.ID {
		t.Errorf("new petitioner street = %v, want the case's street %d", ps[0].StreetID, f.street.ID)
	}
	d, err := f.s.GetCase(f.ctx, f.admin, c3.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Assignments) != 2 || d.Assignments[0].LeaderID != f.leader.ID || len(d.Assignments[0].Duties) != 4 ||
		!d.Assignments[0].AssignedOn.Equal(c3.DecidedOn) {
		t.Errorf("row 3 assignments = %+v, want two leaders with four duties each, assigned on the decision day", d.Assignments)
	}
	if len(d.Visits) != 1 || d.Visits[0].Kind != model.VisitFollowUp || d.Visits[0].LeaderID == nil || *d.Visits[0].LeaderID != f.leader.ID {
		t.Errorf("row 3 visits = %+v, want one 上门回访 led by the first leader", d.Visits)
	}
	c4 := byNo["信〔2026〕0104"]
	if c4.Status != model.StatusTransferred || c4.ObjectionDue.IsZero() || !c4.ReplyDue.IsZero() {
		t.Errorf("row 4 = %s objection %s reply %s, want transferred with an objection due date and no reply due", c4.Status, c4.ObjectionDue, c4.ReplyDue)
	}
	c5 := byNo["信〔2026〕0105"]
	if c5.Status != model.StatusHandling || c5.DueOn.String() != "2026-05-20" || c5.ReplyDue.String() != "2026-05-01" {
		t.Errorf("row 5 = %s due %s reply %s, want handling, due 2026-05-20 after the extension", c5.Status, c5.DueOn, c5.ReplyDue)
	}
	var entry model.AuditEntry
	f.s.db.Where("action = ?", "ledger.import").Last(&entry)
	if !strings.Contains(entry.Changes, "台账.xlsx") || !strings.Contains(entry.Changes, `"field":"cases","old":null,"new":4`) {
		t.Errorf("audit entry = %+v, want the source file and the number of cases", entry)
	}
	if id, err := f.s.VerifyAudit(f.ctx); err != nil {
		t.Errorf("VerifyAudit after import = %d, %v", id, err)
	}
	// The search index holds the imported cases.
	found, _, err := f.s.ListCases(f.ctx, f.admin, model.CaseFilter{Query: "第5号楼"}, model.PageRequest{})
	if err != nil || len(found) != 1 || found[0].No != "信〔2026〕0105" {
		t.Errorf("search for an imported summary = %v, %v; want case 信〔2026〕0105", found, err)
	}
}

func TestImportLedgerTwiceAddsNothing(t *testing.T) {
	f := newFx(t)
	rows := func() []model.LedgerRow {
		f.seq = 0
		return []model.LedgerRow{
			f.ledgerRow(2),
			f.ledgerRow(3, func(r *model.LedgerRow) { r.Case.No = "" }),
			f.ledgerRow(4, closedRow, func(r *model.LedgerRow) { r.Case.No = "" }),
		}
	}
	if _, err := f.s.ImportLedger(f.ctx, f.admin, rows(), model.ImportOptions{}); err != nil {
		t.Fatalf("first import: %v", err)
	}
	before := f.counts()
	res, err := f.s.ImportLedger(f.ctx, f.admin, rows(), model.ImportOptions{})
	if err != nil {
		t.Fatalf("second import: %v", err)
	}
	if res.Created != 0 || !slices.Equal(res.Skipped, []int{2, 3, 4}) {
		t.Errorf("second import = %+v, want nothing created and rows 2–4 skipped", res)
	}
	after := f.counts()
	after["audit_entries"]-- // the second import's own entry
	sameCounts(t, before, after)
}

func TestImportLedgerMissingEntries(t *testing.T) {
	f := newFx(t)
	rows := []model.LedgerRow{
		f.ledgerRow(2, func(r *model.LedgerRow) {
			r.Street, r.Community, r.Category, r.Unit, r.Leaders = "福永街道", "凤凰社区", "城市管理", "区城管局", []string{"陈局长"}
		}),
		f.ledgerRow(3, func(r *model.LedgerRow) { r.Community = "海裕社区"; r.Street = "福永街道" }),
		f.ledgerRow(4, func(r *model.LedgerRow) { r.Community = "不存在社区" }),
	}
	before := f.counts()
	res, err := f.s.ImportLedger(f.ctx, f.admin, rows, model.ImportOptions{})
	var re model.RowErrors
	if !errors.Is(err, ErrInvalid) || !errors.As(err, &re) {
		t.Fatalf("ImportLedger(unknown names) = %v, want ErrInvalid with row errors", err)
	}
	sameCounts(t, before, f.counts())
	type got struct {
		row    int
		header string
		value  string
	}
	var list []got
	for _, e := range re {
		if !e.Missing || !strings.Contains(e.Expected, "--add-missing") {
			t.Errorf("error %v: want a missing entry that mentions --add-missing", e)
		}
		list = append(list, got{e.Row, e.Header, e.Value})
	}
	want := []got{
		{2, model.HdrStreet, "福永街道"}, {2, model.HdrCategory, "城市管理"}, {2, model.HdrUnit, "区城管局"}, {2, model.HdrLeader, "陈局长"},
		{3, model.HdrStreet, "福永街道"}, {4, model.HdrCommunity, "不存在社区"},
	}
	if !slices.Equal(list, want) {
		t.Errorf("row errors = %v, want %v", list, want)
	}
	if len(res.Missing) != 5 || !re.OnlyMissing() {
		t.Errorf("missing = %v, want 5 distinct entries", res.Missing)
	}

	res, err = f.s.ImportLedger(f.ctx, f.admin, rows, model.ImportOptions{AddMissing: true})
	if err != nil {
		t.Fatalf("ImportLedger(add missing): %v", err)
	}
	if res.Created != 3 || len(res.Missing) != 7 {
		t.Errorf("result = %+v, want 3 cases and 7 entries added (street, 3 communities, category, unit, leader)", res)
	}
	streets, _ := f.s.Streets(f.ctx)
	var fuyong model.Unit
	for _, s := range streets {
		if s.Name == "福永街道" {
			fuyong = s
		}
	}
	coms, _ := f.s.Communities(f.ctx, fuyong.ID)
	if fuyong.ID == 0 || len(coms) != 2 {
		t.Errorf("after adding: street %+v with communities %+v, want 福永街道 with 凤凰社区 and 海裕社区", fuyong, coms)
	}
	var n int64
	f.s.db.Raw(`SELECT COUNT(*) FROM audit_entries WHERE action IN ('unit.create','category.create','leader.create')`).Scan(&n)
	if n != 6+7 { // the fixture's own 6 entries and the 7 added by the import
		t.Errorf("dictionary audit entries = %d, want 13", n)
	}
}

func TestImportLedgerAllOrNothing(t *testing.T) {
	f := newFx(t)
	known := f.newCase()
	kp, _ := casePetitioners(f.s.db, known.ID)
	tests := []struct {
		name   string
		row    func(*model.LedgerRow)
		header string
	}{
		{"ID number on file under another name", func(r *model.LedgerRow) {
			r.Petitioners[0].IDNumber = kp[0].IDNumber
		}, model.HdrIDNumber},
		{"extension beyond 30 days of the computed due date", func(r *model.LedgerRow) {
			r.Case.Decision, r.Case.DecidedOn, r.Case.ExtendedDue = model.DecisionAccept, model.MustDate("2026-03-05"), model.MustDate("2026-06-30")
		}, model.HdrExtendedDue},
		{"a number for a name", func(r *model.LedgerRow) { r.Petitioners[0].Name = "123" }, model.HdrPetitioners},
		{"closed without a decision", func(r *model.LedgerRow) { r.Case.ClosedOn = model.MustDate("2026-04-01") }, model.HdrDecision},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := []model.LedgerRow{f.ledgerRow(2), f.ledgerRow(3, tt.row), f.ledgerRow(4)}
			before := f.counts()
			_, err := f.s.ImportLedger(f.ctx, f.admin, rows, model.ImportOptions{})
			var re model.RowErrors
			if !errors.As(err, &re) || len(re) != 1 || re[0].Row != 3 || re[0].Header != tt.header {
				t.Fatalf("ImportLedger = %v, want one error on row 3 in %s", err, tt.header)
			}
			sameCounts(t, before, f.counts())
		})
	}
}

// Cases are written a chunk at a time while later rows are still being checked. A row
// that fails only then, chunks after the first, still leaves the database as it was:
// the chunks written before it, and the dictionary entries the import added, are
// rolled back, and every wrong row is listed. The same ledger without them then imports.
func TestImportLedgerLateWrongRowWritesNothing(t *testing.T) {
	f := newFx(t)
	n := 2*importChunk + 10
	bad := map[int]bool{2*importChunk + 5: true, n + 1: true} // lines; rows start at line 2
	var rows []model.LedgerRow
	for line := 2; line <= n+1; line++ {
		rows = append(rows, f.ledgerRow(line, func(r *model.LedgerRow) {
			r.Petitioners[0].IDNumber = "" // the fixture's birth dates run past today after a few hundred
			if line == 3 {
				r.Category = "新增类别"
			}
			if bad[line] {
				r.Case.ClosedOn = model.MustDate("2026-04-01") // closed without a decision
			}
		}))
	}
	before := f.counts()
	var progress []int
	opts := model.ImportOptions{AddMissing: true, Progress: func(done, _ int) { progress = append(progress, done) }}
	_, err := f.s.ImportLedger(f.ctx, f.admin, rows, opts)
	var re model.RowErrors
	if !errors.As(err, &re) || len(re) != 2 || !bad[re[0].Row] || !bad[re[1].Row] || re[0].Header != model.HdrDecision {
		t.Fatalf("ImportLedger = %v; want the two rows closed without a decision, %v", err, bad)
	}
	if slices.Max(progress) < 2*importChunk {
		t.Errorf("progress reached %d; want the chunks before the wrong row written first (at least %d)", slices.Max(progress), 2*importChunk)
	}
	sameCounts(t, before, f.counts())
	good := slices.DeleteFunc(rows, func(r model.LedgerRow) bool { return bad[r.Line] })
	res, err := f.s.ImportLedger(f.ctx, f.admin, good, model.ImportOptions{AddMissing: true})
	if err != nil || res.Created != n-2 {
		t.Fatalf("ImportLedger without the wrong rows = %+v, %v; want %d cases", res, err, n-2)
	}
}

func TestImportLedgerNumbers(t *testing.T) {
	f := newFx(t)
	taken := f.newCase(func(c *model.Case) { c.No = "和信〔2026〕0007" })
	rows := []model.LedgerRow{
		f.ledgerRow(2, func(r *model.LedgerRow) { r.Case.No = "信〔2026〕0007" }), // same year and sequence as taken
		f.ledgerRow(3, func(r *model.LedgerRow) { r.Case.No = "" }),
		f.ledgerRow(4, func(r *model.LedgerRow) {
			r.Case.No = "信〔2025〕0300"
			r.Case.ReceivedOn = model.MustDate("2026-01-03")
		}),
		f.ledgerRow(5, func(r *model.LedgerRow) { r.Case.No = "老台账-15" }),
	}
	if _, err := f.s.ImportLedger(f.ctx, f.admin, rows, model.ImportOptions{}); err != nil {
		t.Fatalf("ImportLedger: %v", err)
	}
	var cs []model.Case
	f.s.db.Where("id > ?", taken.ID).Order("id").Find(&cs)
	type num struct {
		no        string
		year, seq int
	}
	var got []num
	for _, c := range cs {
		got = append(got, num{c.No, c.Year, c.Seq})
	}
	// 2026 sequences in use: taken's 7 (and, from the file, 7 again): the others follow.
	want := []num{{"信〔2026〕0007", 2026, 8}, {"信〔2026〕0009", 2026, 9}, {"信〔2025〕0300", 2025, 300}, {"老台账-15", 2026, 10}}
	if !slices.Equal(got, want) {
		t.Errorf("numbers = %v, want %v", got, want)
	}
}

func TestImportLedgerWorksOutRepeats(t *testing.T) {
	f := newFx(t)
	earlier := f.newCase(func(c *model.Case) { c.ReceivedOn = model.MustDate("2026-02-01") })
	ep, _ := casePetitioners(f.s.db, earlier.ID)
	blank := func(r *model.LedgerRow) { r.RepeatGiven = false }
	again := f.petitioner("孙七")
	rows := []model.LedgerRow{
		// the phone of the petitioner of a case on file, received before
		f.ledgerRow(2, blank, func(r *model.LedgerRow) { r.Petitioners[0].Phone = ep[0].Phone }),
		// a new person, twice: the second row is the repeat
		f.ledgerRow(3, blank, func(r *model.LedgerRow) { r.Petitioners[0] = again }),
		f.ledgerRow(4, blank, func(r *model.LedgerRow) { r.Petitioners[0] = again }),
		// given in the ledger
		f.ledgerRow(5, func(r *model.LedgerRow) { r.Case.Repeat = true }),
		// the same phone, but received before the case on file and before row 2
		f.ledgerRow(6, blank, func(r *model.LedgerRow) {
			r.Case.ReceivedOn, r.Petitioners[0].Phone = model.MustDate("2026-01-05"), ep[0].Phone
		}),
	}
	if _, err := f.s.ImportLedger(f.ctx, f.admin, rows, model.ImportOptions{}); err != nil {
		t.Fatalf("ImportLedger: %v", err)
	}
	var cs []model.Case
	f.s.db.Where("id > ?", earlier.ID).Order("id").Find(&cs)
	var got []bool
	for _, c := range cs {
		got = append(got, c.Repeat)
	}
	if want := []bool{true, false, true, true, false}; !slices.Equal(got, want) {
		t.Errorf("重复信访 = %v, want %v", got, want)
	}
}

func TestImportLedgerDryRunAndPermissions(t *testing.T) {
	f := newFx(t)
	rows := []model.LedgerRow{f.ledgerRow(2), f.ledgerRow(3, func(r *model.LedgerRow) { r.Street = "新街道" })}
	before := f.counts()
	res, err := f.s.ImportLedger(f.ctx, f.admin, rows, model.ImportOptions{DryRun: true, AddMissing: true})
	if err != nil || res.Created != 2 || len(res.Missing) != 1 {
		t.Errorf("dry run = %+v, %v; want 2 cases and 1 entry that would be added", res, err)
	}
	sameCounts(t, before, f.counts())
	for _, a := range []model.Actor{f.clerk, f.viewer, f.lead} {
		if _, err := f.s.ImportLedger(f.ctx, a, rows, model.ImportOptions{}); !errors.Is(err, ErrForbidden) {
			t.Errorf("ImportLedger as %s = %v, want ErrForbidden", a.Role, err)
		}
	}
	sameCounts(t, before, f.counts())
}

func TestExportCases(t *testing.T) {
	f := newFx(t)
	rows := []model.LedgerRow{
		f.ledgerRow(2, closedRow, func(r *model.LedgerRow) {
			r.Community, r.Unit, r.Leaders = f.community.Name, f.street2.Name, []string{f.leader2.Name, f.leader.Name}
			r.Petitioners = append(r.Petitioners, f.petitioner("钱二"))
			r.Case.HeadCount = 6
		}),
		f.ledgerRow(3, func(r *model.LedgerRow) { r.Case.ReceivedOn = model.MustDate("2026-04-01") }),
	}
	if _, err := f.s.ImportLedger(f.ctx, f.admin, rows, model.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	export := func(a model.Actor, flt model.CaseFilter) []model.LedgerRow {
		var out []model.LedgerRow
		if err := f.s.ExportCases(f.ctx, a, flt, func(r model.LedgerRow) error { out = append(out, r); return nil }); err != nil {
			t.Fatalf("ExportCases: %v", err)
		}
		return out
	}
	all := export(f.admin, model.CaseFilter{})
	if len(all) != 2 {
		t.Fatalf("ExportCases = %d rows, want 2", len(all))
	}
	r := all[0]
	if r.Street != f.street.Name || r.Community != f.community.Name || r.Category != f.cat.Name || r.Unit != f.street2.Name ||
		!slices.Equal(r.Leaders, []string{f.leader2.Name, f.leader.Name}) || !r.Stopped || !r.RepeatGiven ||
		r.Case.Rating != model.RatingBasically || r.Case.FirstFollowUpOn.String() != "2026-04-25" || r.Case.HeadCount != 6 {
		t.Errorf("exported row = %+v, want the names, the leaders in order, the closure facts", r)
	}
	if len(r.Petitioners) != 2 || r.Petitioners[0].Name != rows[0].Petitioners[0].Name || r.Petitioners[1].IDNumber != rows[0].Petitioners[1].IDNumber {
		t.Errorf("exported petitioners = %+v, want the lead first and full ID numbers", r.Petitioners)
	}
	april := export(f.admin, model.CaseFilter{From: model.MustDate("2026-04-01"), To: model.MustDate("2026-04-30")})
	if len(april) != 1 || april[0].Case.ReceivedOn.String() != "2026-04-01" {
		t.Errorf("export of April = %+v, want the one case received in April", april)
	}
	masked := export(f.viewer, model.CaseFilter{})
	if p := masked[0].Petitioners[0]; !strings.Contains(p.IDNumber, "*") || !strings.Contains(p.Phone, "*") {
		t.Errorf("viewer's export petitioner = %+v, want the ID number and phone masked", p)
	}
	stop := errors.New("stop")
	n := 0
	err := f.s.ExportCases(f.ctx, f.admin, model.CaseFilter{}, func(model.LedgerRow) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("ExportCases with a failing callback = %v after %d rows, want its error after 1", err, n)
	}
}

// ---- benchmarks ----

// benchLedger writes a ledger of n synthetic cases (20 streets, 30 categories, 40 leaders,
// 70% closed, a tenth with two petitioners) to a file in dir.
func benchLedger(tb testing.TB, dir string, n int) string {
	tb.Helper()
	path := filepath.Join(dir, fmt.Sprintf("ledger-%d.xlsx", n))
	out, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer out.Close()
	w, err := ledgerio.NewWriter(out)
	if err != nil {
		tb.Fatal(err)
	}
	start := model.MustDate("2024-07-01")
	for i := 0; i < n; i++ {
		day := start.AddDays(i * 700 / n)
		r := model.LedgerRow{
			Case: model.Case{
				No: model.CaseNumber("信", day.Year(), i+1), Channel: model.Channels[i%len(model.Channels)], ReceivedOn: day, HeadCount: 1,
				Summary: fmt.Sprintf("反映%d号楼电梯长期停运、物业不予维修，影响老人出行", i%997), Demands: "要求尽快维修电梯",
				Repeat: i%9 == 0, Backlog: i%31 == 0,
			},
			Street: fmt.Sprintf("街道%d", i%20), Category: fmt.Sprintf("类别%d", i%30), RepeatGiven: true,
		}
		r.Petitioners = []model.Petitioner{{Name: "张秀英", IDNumber: model.MakeIDNumber("440306", model.MustDate("1950-01-01").AddDays(i%20000), i/20000),
			Phone: fmt.Sprintf("139%08d", i), Address: fmt.Sprintf("新安街道%d号", i)}}
		if i%10 == 0 {
			r.Case.HeadCount = 6
			r.Petitioners = append(r.Petitioners, model.Petitioner{Name: "李建国", Phone: fmt.Sprintf("138%08d", i)})
		}
		if i%5 != 0 {
			r.Case.Decision, r.Case.DecidedOn = model.DecisionAccept, day.AddDays(3)
			r.Unit = fmt.Sprintf("部门%d", i%12)
			if i%10 < 7 {
				r.Case.ClosedOn, r.Case.ReplyKind, r.Case.Rating = day.AddDays(40), model.ReplyExplain, model.RatingSatisfied
				r.Case.FirstFollowUpOn, r.Stopped = day.AddDays(50), i%3 == 0
			}
			if i%3 == 0 {
				r.Leaders = []string{fmt.Sprintf("领导%d", i%40)}
			}
		}
		if err := w.Write(r); err != nil {
			tb.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	return path
}

// BenchmarkImportLedger100k reads and imports a 100,000-row ledger into an empty
// database, adding its dictionaries (target: under 15 s).
func BenchmarkImportLedger100k(b *testing.B) {
	n := 100_000
	if v := os.Getenv("BAOAN_BENCH_IMPORT_ROWS"); v != "" {
		fmt.Sscan(v, &n)
	}
	file := benchLedger(b, b.TempDir(), n)
	admin := model.Actor{Login: "admin", Role: model.RoleAdmin}
	old := model.Now
	model.Now = func() model.Date { return model.MustDate("2026-12-31") }
	b.Cleanup(func() { model.Now = old })
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		s, err := Open(filepath.Join(b.TempDir(), fmt.Sprintf("import-%d.db", i)))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		sheet, err := ledgerio.ReadFile(file, ledgerio.Options{})
		if err != nil || len(sheet.Errors) > 0 {
			b.Fatalf("read: %v %v", err, sheet.Errors)
		}
		read := time.Since(start)
		res, err := s.ImportLedger(context.Background(), admin, sheet.Rows, model.ImportOptions{AddMissing: true})
		if err != nil || res.Created != n {
			b.Fatalf("import: %+v %v", res, err)
		}
		b.StopTimer()
		b.Logf("%d rows: read %v, import %v", n, read.Round(time.Millisecond), (time.Since(start) - read).Round(time.Millisecond))
		s.Close()
		b.StartTimer()
	}
}

// BenchmarkExportLedger1M exports the statistics fixture (1,000,000 cases, see
// stats_bench_test.go) to an xlsx file (target: under 60 s).
func BenchmarkExportLedger1M(b *testing.B) {
	s := statsBenchStore(b)
	defer s.Close()
	admin := model.Actor{Login: "admin", Role: model.RoleAdmin}
	path := filepath.Join(b.TempDir(), "export.xlsx")
	for b.Loop() {
		out, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		w, err := ledgerio.NewWriter(out)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.ExportCases(context.Background(), admin, model.CaseFilter{}, w.Write); err != nil {
			b.Fatal(err)
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		out.Close()
		st, _ := os.Stat(path)
		b.Logf("%d cases, %d MB", w.Rows(), st.Size()>>20)
	}
}
