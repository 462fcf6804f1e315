package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"

	"baoan/model"
)

// today is the day the tests live on: model.Now and the store clock are pinned to it.
var today = model.MustDate("2026-06-30")

// fx is a database with the dictionaries a case needs and one actor per role.
type fx struct {
	t         testing.TB
	s         *Store
	ctx       context.Context
	admin     model.Actor
	clerk     model.Actor
	viewer    model.Actor
	lead      model.Actor // the account of leader
	street    model.Unit
	street2   model.Unit
	community model.Unit
	cat       model.Category
	leader    model.Leader
	leader2   model.Leader
	seq       int
}

// pinClock fixes model.Now to today and gives the store a clock that starts at 09:00
// on today and advances one second per reading, so audit times are reproducible.
func pinClock(t testing.TB, s *Store) {
	old, oldCost := model.Now, hashCost
	model.Now = func() model.Date { return today }
	hashCost = bcrypt.MinCost
	t.Cleanup(func() { model.Now, hashCost = old, oldCost })
	tick := time.Date(2026, 6, 30, 9, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { tick = tick.Add(time.Second); return tick })
}

func newFx(t testing.TB) *fx {
	t.Helper()
	return newFxOn(t, openTemp(t))
}

// newFxOn is newFx on a given store; tests about SQLite itself pass openSQLite(t).
func newFxOn(t testing.TB, s *Store) *fx {
	t.Helper()
	f := &fx{t: t, s: s, ctx: context.Background()}
	pinClock(t, f.s)
	f.admin = model.Actor{UserID: 1, Login: "admin", Role: model.RoleAdmin}
	f.clerk = model.Actor{UserID: 2, Login: "clerk", Role: model.RoleClerk}
	f.viewer = model.Actor{UserID: 3, Login: "viewer", Role: model.RoleViewer}
	var err error
	must := func(e error) {
		t.Helper()
		if e != nil {
			t.Fatalf("fixture: %v", e)
		}
	}
	f.street, err = f.s.CreateUnit(f.ctx, f.admin, model.Unit{Name: "新安街道", Kind: model.UnitStreet})
	must(err)
	f.street2, err = f.s.CreateUnit(f.ctx, f.admin, model.Unit{Name: "西乡街道", Kind: model.UnitStreet})
	must(err)
	f.community, err = f.s.CreateUnit(f.ctx, f.admin, model.Unit{Name: "海裕社区", Kind: model.UnitCommunity, ParentID: &f.street.ID})
	must(err)
	f.cat, err = f.s.CreateCategory(f.ctx, f.admin, model.Category{Name: "劳动社保"})
	must(err)
	f.leader, err = f.s.CreateLeader(f.ctx, f.admin, model.Leader{Name: "王建国", Title: "副区长", Level: model.LevelDistrict})
	must(err)
	f.leader2, err = f.s.CreateLeader(f.ctx, f.admin, model.Leader{Name: "李明", Title: "街道办主任", Level: model.LevelDivision})
	must(err)
	f.lead = model.Actor{UserID: 4, Login: "wangjg", Role: model.RoleLeader, LeaderID: f.leader.ID}
	return f
}

// petitioner is a new petitioner with a valid, unique ID number and mobile.
func (f *fx) petitioner(name string) model.Petitioner {
	f.seq++
	return model.Petitioner{
		Name:     name,
		IDKind:   model.IDResident,
		IDNumber: model.MakeIDNumber("440306", model.MustDate("1970-01-01").AddDays(f.seq*37), f.seq),
		Phone:    fmt.Sprintf("139%08d", f.seq),
		Address:  fmt.Sprintf("宝安区新安街道%d号", f.seq),
	}
}

func (f *fx) caseInput(mods ...func(*model.Case)) model.Case {
	c := model.Case{
		Channel:    model.ChannelVisit,
		ReceivedOn: model.MustDate("2026-03-02"),
		CategoryID: f.cat.ID,
		StreetID:   f.street.ID,
		Summary:    "反映某公司拖欠工资三个月",
		Demands:    "要求支付拖欠工资",
	}
	for _, m := range mods {
		m(&c)
	}
	return c
}

// newCase registers a case with one new petitioner.
func (f *fx) newCase(mods ...func(*model.Case)) model.Case {
	f.t.Helper()
	c, err := f.s.CreateCase(f.ctx, f.admin, f.caseInput(mods...), []model.Petitioner{f.petitioner("张三")})
	if err != nil {
		f.t.Fatalf("CreateCase: %v", err)
	}
	return c
}

// handling is a new case accepted on 2026-03-05.
func (f *fx) handling() model.Case {
	f.t.Helper()
	c := f.newCase()
	c, err := f.s.Decide(f.ctx, f.admin, c.ID, c.Version, model.DecisionAccept, model.MustDate("2026-03-05"), "")
	if err != nil {
		f.t.Fatalf("Decide: %v", err)
	}
	return c
}

// closed is a case answered on 2026-06-10.
func (f *fx) closed() model.Case {
	f.t.Helper()
	c := f.handling()
	c, err := f.s.Reply(f.ctx, f.admin, c.ID, c.Version, model.ReplyExplain, model.MustDate("2026-06-10"), "已协调支付")
	if err != nil {
		f.t.Fatalf("Reply: %v", err)
	}
	return c
}

// carried assigns f.leader to the case.
func (f *fx) carried(c model.Case) AssignmentDetail {
	f.t.Helper()
	ad, err := f.s.AssignLeader(f.ctx, f.admin, c.ID, f.leader.ID, c.ReceivedOn.AddDays(1), "约谈企业负责人")
	if err != nil {
		f.t.Fatalf("AssignLeader: %v", err)
	}
	return ad
}

// counts is the number of rows of every table, to show a refused write left no trace.
func (f *fx) counts() map[string]int64 {
	f.t.Helper()
	out := map[string]int64{}
	for _, tbl := range []string{"cases", "petitioners", "case_petitioners", "assignments", "duties", "stability_logs",
		"visits", "extensions", "supervisions", "stages", "attachments", "reception_days", "users", "audit_entries",
		"units", "categories", "leaders", "leader_areas", "holidays", "settings"} {
		var n int64
		if err := f.s.db.Raw("SELECT COUNT(*) FROM " + tbl).Scan(&n).Error; err != nil {
			f.t.Fatalf("count %s: %v", tbl, err)
		}
		out[tbl] = n
	}
	return out
}

func sameCounts(t testing.TB, before, after map[string]int64) {
	t.Helper()
	for k, v := range before {
		if after[k] != v {
			t.Errorf("table %s has %d rows after a refused write, want %d", k, after[k], v)
		}
	}
}

func TestCreateCaseNumbersAndLinks(t *testing.T) {
	f := newFx(t)
	p1, p2 := f.petitioner("张三"), f.petitioner("李四")
	c, err := f.s.CreateCase(f.ctx, f.clerk, f.caseInput(func(c *model.Case) { c.HeadCount = 2; c.CommunityID = &f.community.ID }),
		[]model.Petitioner{p1, p2})
	if err != nil {
		t.Fatalf("CreateCase: %v", err)
	}
	if c.No != "信〔2026〕0001" || c.Year != 2026 || c.Seq != 1 {
		t.Errorf("first case numbered %q (%d/%d), want 信〔2026〕0001", c.No, c.Year, c.Seq)
	}
	if c.Status != model.StatusRegistered || c.AcceptDue != model.MustDate("2026-03-17") || c.Version != 1 {
		t.Errorf("registered case: status %s accept due %s version %d, want registered 2026-03-17 1", c.Status, c.AcceptDue, c.Version)
	}
	if c.PetitionerNames != "张三、李四" {
		t.Errorf("PetitionerNames = %q, want 张三、李四", c.PetitionerNames)
	}
	for _, want := range []string{c.No, c.Summary, c.Demands, "张三", "李四", p1.IDNumber, p2.Phone} {
		if !strings.Contains(c.SearchText, want) {
			t.Errorf("SearchText %q lacks %q", c.SearchText, want)
		}
	}
	if c.Repeat {
		t.Errorf("first case of new petitioners flagged repeat")
	}

	// Numbering continues; the prefix setting applies; a new year restarts.
	if err := f.s.SetSetting(f.ctx, f.admin, SettingCasePrefix, "宝信"); err != nil {
		t.Fatal(err)
	}
	c2 := f.newCase()
	if c2.No != "宝信〔2026〕0002" {
		t.Errorf("second case numbered %q, want 宝信〔2026〕0002", c2.No)
	}
	c3 := f.newCase(func(c *model.Case) { c.ReceivedOn = model.MustDate("2025-12-31") })
	if c3.No != "宝信〔2025〕0001" {
		t.Errorf("case of 2025 numbered %q, want 宝信〔2025〕0001", c3.No)
	}
	// An imported number keeps its year and sequence; the next generated one follows it.
	c4 := f.newCase(func(c *model.Case) { c.No = "和信〔2026〕0040" })
	if c4.No != "和信〔2026〕0040" || c4.Seq != 40 {
		t.Errorf("imported number = %q seq %d, want 和信〔2026〕0040 seq 40", c4.No, c4.Seq)
	}
	if c5 := f.newCase(); c5.No != "宝信〔2026〕0041" {
		t.Errorf("after an import, next number = %q, want 宝信〔2026〕0041", c5.No)
	}
	_, err = f.s.CreateCase(f.ctx, f.clerk, f.caseInput(func(c *model.Case) { c.No = "和信〔2026〕0040" }), []model.Petitioner{f.petitioner("赵六")})
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "已存在") {
		t.Errorf("duplicate number: err = %v, want ErrInvalid naming 已存在", err)
	}

	d, err := f.s.GetCase(f.ctx, f.clerk, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Petitioners) != 2 || d.Petitioners[0].Name != "张三" || d.Petitioners[1].Name != "李四" {
		t.Errorf("GetCase petitioners = %+v, want 张三 then 李四", d.Petitioners)
	}
	if *d.CommunityID != f.community.ID {
		t.Errorf("community = %v, want %d", d.CommunityID, f.community.ID)
	}
}

func TestCreateCaseReusesPetitionerAndFlagsRepeat(t *testing.T) {
	f := newFx(t)
	p := f.petitioner("张三")
	first, err := f.s.CreateCase(f.ctx, f.clerk, f.caseInput(), []model.Petitioner{p})
	if err != nil {
		t.Fatal(err)
	}
	// The same person comes again, with a new phone and the ID number typed in lower case.
	again := p
	again.IDNumber = strings.ToLower(p.IDNumber)
	again.Phone = "13912345678"
	second, err := f.s.CreateCase(f.ctx, f.clerk, f.caseInput(func(c *model.Case) { c.ReceivedOn = model.MustDate("2026-04-01") }),
		[]model.Petitioner{again})
	if err != nil {
		t.Fatal(err)
	}
	if !second.Repeat {
		t.Errorf("second case of the same ID number not flagged 重复信访")
	}
	var n int64
	f.s.db.Raw("SELECT COUNT(*) FROM petitioners").Scan(&n)
	if n != 1 {
		t.Errorf("petitioners = %d, want 1 (reused by ID number)", n)
	}
	d, _ := f.s.GetCase(f.ctx, f.clerk, first.ID)
	if d.Petitioners[0].Phone != "13912345678" {
		t.Errorf("reused petitioner phone = %q, want the newly typed 13912345678", d.Petitioners[0].Phone)
	}
	// Search finds the first case by the new phone too: its text was refreshed.
	cs, _, err := f.s.ListCases(f.ctx, f.clerk, model.CaseFilter{Query: "13912345678"}, model.PageRequest{})
	if err != nil || len(cs) != 2 {
		t.Errorf("search by new phone = %d cases, %v; want both", len(cs), err)
	}
	// The same person twice on one case is refused.
	_, err = f.s.CreateCase(f.ctx, f.clerk, f.caseInput(func(c *model.Case) { c.HeadCount = 2 }),
		[]model.Petitioner{{ID: d.Petitioners[0].ID}, {ID: d.Petitioners[0].ID}})
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("same petitioner twice: err = %v, want ErrInvalid", err)
	}
}

func TestCreateCaseAllOrNothing(t *testing.T) {
	f := newFx(t)
	f.newCase() // something in every table the case touches
	before := f.counts()

	// The second petitioner is invalid: nothing of the first may remain.
	bad := f.petitioner("李四")
	wrong := "0"
	if strings.HasSuffix(bad.IDNumber, "0") {
		wrong = "1"
	}
	bad.IDNumber = bad.IDNumber[:17] + wrong
	_, err := f.s.CreateCase(f.ctx, f.clerk, f.caseInput(func(c *model.Case) { c.HeadCount = 2 }),
		[]model.Petitioner{f.petitioner("王五"), bad})
	var ve model.ValidationError
	if !errors.As(err, &ve) || ve.Msg("证件号码") == "" || !strings.Contains(err.Error(), "第2名信访人") {
		t.Errorf("invalid second petitioner: err = %v, want a ValidationError on 证件号码 naming 第2名信访人", err)
	}
	sameCounts(t, before, f.counts())

	// The second petitioner names a street that does not exist: found only after the
	// first petitioner was written (and audited), which must be undone too.
	lost := f.petitioner("孙七")
	nowhere := int64(9999)
	lost.StreetID = &nowhere
	_, err = f.s.CreateCase(f.ctx, f.clerk, f.caseInput(func(c *model.Case) { c.HeadCount = 2 }),
		[]model.Petitioner{f.petitioner("周八"), lost})
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "第2名信访人") || !strings.Contains(err.Error(), "街道") {
		t.Errorf("second petitioner on an unknown street: err = %v, want ErrInvalid naming 第2名信访人 and 街道", err)
	}
	sameCounts(t, before, f.counts())

	// A failure after the case row is written rolls back the case, the new petitioner and
	// the audit entries already appended.
	testHookAfterCaseInsert = func(tx *gorm.DB) error { return errors.New("injected failure") }
	t.Cleanup(func() { testHookAfterCaseInsert = nil })
	_, err = f.s.CreateCase(f.ctx, f.clerk, f.caseInput(), []model.Petitioner{f.petitioner("赵六")})
	if err == nil || !strings.Contains(err.Error(), "injected failure") {
		t.Fatalf("CreateCase with injected failure: err = %v", err)
	}
	sameCounts(t, before, f.counts())
	if bad, err := f.s.VerifyAudit(f.ctx); err != nil {
		t.Errorf("VerifyAudit after rollback = %d, %v", bad, err)
	}
	testHookAfterCaseInsert = nil
	// And the sequence number was not used up.
	if c := f.newCase(); c.No != "信〔2026〕0002" {
		t.Errorf("after rollbacks the next number = %q, want 信〔2026〕0002", c.No)
	}
}

func TestBadInputLeavesDatabaseUnchanged(t *testing.T) {
	f := newFx(t)
	open := f.handling()
	missing := int64(9999)
	tests := []struct {
		name  string
		do    func() error
		field string // the field the message must name
		want  string // and a phrase of the message
	}{
		{"empty required fields", func() error {
			_, err := f.s.CreateCase(f.ctx, f.clerk, model.Case{}, []model.Petitioner{{}})
			return err
		}, "事项摘要", "不能为空"},
		{"empty summary", func() error {
			_, err := f.s.CreateCase(f.ctx, f.clerk, f.caseInput(func(c *model.Case) { c.Summary = " \u3000 " }), []model.Petitioner{f.petitioner("张三")})
			return err
		}, "事项摘要", "不能为空"},
		{"no petitioner", func() error {
			_, err := f.s.CreateCase(f.ctx, f.clerk, f.caseInput(), nil)
			return err
		}, "信访人", "至少填写一名"},
		{"received in the future", func() error {
			_, err := f.s.CreateCase(f.ctx, f.clerk, f.caseInput(func(c *model.Case) { c.ReceivedOn = today.AddDays(1) }), []model.Petitioner{f.petitioner("张三")})
			return err
		}, "登记日期", "晚于今天"},
		{"closure before receipt", func() error {
			_, err := f.s.Reply(f.ctx, f.clerk, open.ID, open.Version, model.ReplySupport, model.MustDate("2026-03-01"), "")
			return err
		}, "答复日期", "早于"},
		{"extension of 31 days", func() error {
			_, err := f.s.Extend(f.ctx, f.clerk, open.ID, open.Version, model.Extension{
				Approver: "刘局长", ApprovedOn: model.MustDate("2026-04-01"), Reason: "情况复杂", NewDue: open.ReplyDue.AddDays(31)})
			return err
		}, "延期至", "不得超过30日"},
		{"unknown street", func() error {
			_, err := f.s.CreateCase(f.ctx, f.clerk, f.caseInput(func(c *model.Case) { c.StreetID = missing }), []model.Petitioner{f.petitioner("张三")})
			return err
		}, "所属街道", "设置→街道社区"},
		{"unknown category", func() error {
			_, err := f.s.CreateCase(f.ctx, f.clerk, f.caseInput(func(c *model.Case) { c.CategoryID = missing }), []model.Petitioner{f.petitioner("张三")})
			return err
		}, "问题类别", "设置→问题类别"},
		{"community of another street", func() error {
			_, err := f.s.CreateCase(f.ctx, f.clerk, f.caseInput(func(c *model.Case) { c.StreetID = f.street2.ID; c.CommunityID = &f.community.ID }), []model.Petitioner{f.petitioner("张三")})
			return err
		}, "社区", "不属于街道"},
		{"100,000-character summary", func() error {
			_, err := f.s.CreateCase(f.ctx, f.clerk, f.caseInput(func(c *model.Case) { c.Summary = strings.Repeat("访", 100000) }), []model.Petitioner{f.petitioner("张三")})
			return err
		}, "事项摘要", "不能超过4000字"},
		{"bad ID number", func() error {
			p := f.petitioner("张三")
			p.IDNumber = "440306199001011234"
			_, err := f.s.CreateCase(f.ctx, f.clerk, f.caseInput(), []model.Petitioner{p})
			return err
		}, "证件号码", ""},
		{"stale version", func() error {
			_, err := f.s.Decide(f.ctx, f.clerk, open.ID, open.Version-1, model.DecisionAccept, today, "")
			return err
		}, "该事项已被其他人修改", "请刷新后重试"},
		{"wrong step", func() error {
			_, err := f.s.Decide(f.ctx, f.clerk, open.ID, open.Version, model.DecisionAccept, today, "")
			return err
		}, "办理中", "不能「受理决定」"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := f.counts()
			err := tt.do()
			if err == nil {
				t.Fatalf("%s: err = nil, want a refusal naming %s", tt.name, tt.field)
			}
			if !strings.Contains(err.Error(), tt.field) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("%s: err = %q, want it to name %q and say %q", tt.name, err, tt.field, tt.want)
			}
			if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrConflict) {
				t.Errorf("%s: err = %v, want ErrInvalid or ErrConflict", tt.name, err)
			}
			sameCounts(t, before, f.counts())
		})
	}
}

func TestTextKeptVerbatim(t *testing.T) {
	f := newFx(t)
	texts := []string{
		`'; DROP TABLE cases;--`,
		"上访人情绪激动😡，要求见领导🙏",
		"繁體字：臺灣鄉親反映補償問題",
		`100% 的"引号"和_下划线\反斜杠`,
	}
	for _, text := range texts {
		p := f.petitioner("歐陽修")
		p.Address = text
		c, err := f.s.CreateCase(f.ctx, f.clerk, f.caseInput(func(c *model.Case) { c.Summary = text; c.Note = text }), []model.Petitioner{p})
		if err != nil {
			t.Fatalf("CreateCase(%q): %v", text, err)
		}
		d, err := f.s.GetCase(f.ctx, f.clerk, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d.Summary != text || d.Note != text || d.Petitioners[0].Address != text || d.Petitioners[0].Name != "歐陽修" {
			t.Errorf("stored %q, read back summary %q note %q address %q name %q", text, d.Summary, d.Note, d.Petitioners[0].Address, d.Petitioners[0].Name)
		}
		cs, _, err := f.s.ListCases(f.ctx, f.clerk, model.CaseFilter{Query: text}, model.PageRequest{})
		if err != nil || len(cs) != 1 || cs[0].ID != c.ID {
			t.Errorf("search %q = %d cases, %v; want just case %d", text, len(cs), err, c.ID)
		}
	}
	var n int64
	if err := f.s.db.Raw("SELECT COUNT(*) FROM cases").Scan(&n).Error; err != nil || n != int64(len(texts)) {
		t.Errorf("cases table after storing SQL-looking text: %d rows, %v", n, err)
	}
}

func TestReopenKeepsEverything(t *testing.T) {
	path := filepath.Join(t.TempDir(), "office.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	f := &fx{t: t, s: s, ctx: context.Background()}
	pinClock(t, s)
	f.admin = model.Actor{Login: "admin", Role: model.RoleAdmin}
	f.street, _ = s.CreateUnit(f.ctx, f.admin, model.Unit{Name: "新安街道", Kind: model.UnitStreet})
	f.cat, _ = s.CreateCategory(f.ctx, f.admin, model.Category{Name: "城建"})
	f.leader, _ = s.CreateLeader(f.ctx, f.admin, model.Leader{Name: "王建国"})
	c := f.closed()
	f.carried(c)
	if _, err := s.AddVisit(f.ctx, f.admin, model.Visit{CaseID: c.ID, Kind: model.VisitFollowUp, VisitedOn: model.MustDate("2026-06-12"), Rating: model.RatingSatisfied}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddAttachment(f.ctx, f.admin, c.ID, "来信.pdf", "", []byte("%PDF-1.4 来信扫描件")); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSetting(f.ctx, f.admin, SettingCasePrefix, "宝信"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteHoliday(f.ctx, f.admin, model.BuiltinHolidays()[0].Day); err != nil {
		t.Fatal(err)
	}
	want, err := s.GetCase(f.ctx, f.admin, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	holidays, _ := s.Holidays(f.ctx, model.Date{}, model.Date{})
	s.Close()

	s2, err := Open(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer s2.Close()
	got, err := s2.GetCase(f.ctx, f.admin, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if g, w := mustJSON(t, got), mustJSON(t, want); g != w {
		t.Errorf("after reopen GetCase =\n%s\nwant\n%s", g, w)
	}
	if got.Rating != model.RatingSatisfied || got.FirstFollowUpOn != model.MustDate("2026-06-12") || len(got.Attachments) != 1 {
		t.Errorf("after reopen rating %q first follow-up %s attachments %d", got.Rating, got.FirstFollowUpOn, len(got.Attachments))
	}
	if v, _ := s2.Setting(f.ctx, SettingCasePrefix); v != "宝信" {
		t.Errorf("after reopen case_prefix = %q, want 宝信", v)
	}
	h2, _ := s2.Holidays(f.ctx, model.Date{}, model.Date{})
	if len(h2) != len(holidays) || len(h2) != len(model.BuiltinHolidays())-1 {
		t.Errorf("after reopen %d holidays, want %d (seeding must not run again)", len(h2), len(holidays))
	}
	if bad, err := s2.VerifyAudit(f.ctx); err != nil {
		t.Errorf("after reopen VerifyAudit = %d, %v", bad, err)
	}
}

func TestConcurrentEditConflict(t *testing.T) {
	f := newFx(t)
	c := f.newCase()
	mine, _ := f.s.GetCase(f.ctx, f.clerk, c.ID)
	theirs, _ := f.s.GetCase(f.ctx, f.admin, c.ID)

	theirs.Summary = "反映拖欠工资四个月（已核实）"
	saved, err := f.s.UpdateCase(f.ctx, f.admin, theirs.Case)
	if err != nil {
		t.Fatalf("first UpdateCase: %v", err)
	}
	if saved.Version != c.Version+1 {
		t.Errorf("version after update = %d, want %d", saved.Version, c.Version+1)
	}
	mine.Demands = "要求加付赔偿金"
	_, err = f.s.UpdateCase(f.ctx, f.clerk, mine.Case)
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("second UpdateCase: err = %v, want ErrConflict", err)
	}
	var ce *ConflictError
	if !errors.As(err, &ce) {
		t.Fatalf("second UpdateCase: err %T is not a *ConflictError", err)
	}
	if ce.Current.Summary != theirs.Summary || ce.Current.Version != saved.Version || ce.By != "admin" {
		t.Errorf("conflict Current = %q v%d by %q, want the first change %q v%d by admin", ce.Current.Summary, ce.Current.Version, ce.By, theirs.Summary, saved.Version)
	}
	if !strings.Contains(err.Error(), "该事项已被其他人修改") || !strings.Contains(err.Error(), "请刷新后重试") {
		t.Errorf("conflict message = %q", err)
	}
	now, _ := f.s.GetCase(f.ctx, f.clerk, c.ID)
	if now.Demands == mine.Demands {
		t.Errorf("the stale edit was written")
	}
}

func TestUpdateCaseRecomputesClocks(t *testing.T) {
	f := newFx(t)
	c := f.newCase()
	c.ReceivedOn = model.MustDate("2026-03-10")
	c.Target = model.TargetFive
	c.Summary = "更正后的摘要"
	got, err := f.s.UpdateCase(f.ctx, f.clerk, c)
	if err != nil {
		t.Fatal(err)
	}
	if got.AcceptDue != model.MustDate("2026-03-25") || got.TargetDue != model.MustDate("2026-03-15") {
		t.Errorf("after moving receipt to 03-10: accept due %s target due %s, want 2026-03-25 and 2026-03-15", got.AcceptDue, got.TargetDue)
	}
	if !strings.Contains(got.SearchText, "更正后的摘要") {
		t.Errorf("search text not refreshed: %q", got.SearchText)
	}
	// After the decision the received date is fixed.
	got, err = f.s.Decide(f.ctx, f.clerk, got.ID, got.Version, model.DecisionAccept, model.MustDate("2026-03-12"), "")
	if err != nil {
		t.Fatal(err)
	}
	got.ReceivedOn = model.MustDate("2026-03-01")
	if _, err := f.s.UpdateCase(f.ctx, f.clerk, got); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "登记日期") {
		t.Errorf("moving receipt after the decision: err = %v, want ErrInvalid naming 登记日期", err)
	}
}

func TestLifecycleThroughStore(t *testing.T) {
	f := newFx(t)
	c := f.handling()
	c, err := f.s.Extend(f.ctx, f.clerk, c.ID, c.Version, model.Extension{
		Approver: "刘局长", ApprovedOn: model.MustDate("2026-04-20"), Reason: "涉及多个部门", NewDue: c.ReplyDue.AddDays(30), ToldOn: model.MustDate("2026-04-21")})
	if err != nil {
		t.Fatalf("Extend: %v", err)
	}
	if c.DueOn != c.ReplyDue.AddDays(30) {
		t.Errorf("due after extension = %s, want %s", c.DueOn, c.ReplyDue.AddDays(30))
	}
	steps := []struct {
		name string
		do   func(c model.Case) (model.Case, error)
		want model.Status
	}{
		{"reply", func(c model.Case) (model.Case, error) {
			return f.s.Reply(f.ctx, f.clerk, c.ID, c.Version, model.ReplyExplain, model.MustDate("2026-05-20"), "已答复")
		}, model.StatusClosed},
		{"rate", func(c model.Case) (model.Case, error) {
			return f.s.Rate(f.ctx, f.clerk, c.ID, c.Version, model.RatingDissatisfied, model.MustDate("2026-05-22"))
		}, model.StatusClosed},
		{"request review", func(c model.Case) (model.Case, error) {
			return f.s.RequestStage(f.ctx, f.clerk, c.ID, c.Version, model.StageReview, model.MustDate("2026-06-01"), "区政府")
		}, model.StatusReview},
		{"reply review", func(c model.Case) (model.Case, error) {
			return f.s.ReplyStage(f.ctx, f.clerk, c.ID, c.Version, model.StageReview, model.ReplyReject, model.MustDate("2026-06-10"), "维持")
		}, model.StatusReviewed},
		{"request recheck", func(c model.Case) (model.Case, error) {
			return f.s.RequestStage(f.ctx, f.clerk, c.ID, c.Version, model.StageRecheck, model.MustDate("2026-06-12"), "市信访局")
		}, model.StatusRecheck},
		{"hearing", func(c model.Case) (model.Case, error) {
			return f.s.SetHearingDays(f.ctx, f.clerk, c.ID, c.Version, 5)
		}, model.StatusRecheck},
		{"reply recheck", func(c model.Case) (model.Case, error) {
			return f.s.ReplyStage(f.ctx, f.clerk, c.ID, c.Version, model.StageRecheck, model.ReplyReject, model.MustDate("2026-06-20"), "终结")
		}, model.StatusFinal},
		{"stop", func(c model.Case) (model.Case, error) {
			return f.s.StopPetitioning(f.ctx, f.clerk, c.ID, c.Version, model.MustDate("2026-06-25"))
		}, model.StatusFinal},
	}
	for _, st := range steps {
		next, err := st.do(c)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if next.Status != st.want || next.Version != c.Version+1 {
			t.Errorf("%s: status %s version %d, want %s %d", st.name, next.Status, next.Version, st.want, c.Version+1)
		}
		c = next
	}
	d, err := f.s.GetCase(f.ctx, f.clerk, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Extensions) != 1 || len(d.Stages) != 2 || d.Stages[1].HearingDays != 5 || d.Stages[1].DueOn != model.MustDate("2026-07-17") {
		t.Errorf("detail: %d extensions, stages %+v", len(d.Extensions), d.Stages)
	}
	if d.StoppedOn != model.MustDate("2026-06-25") || d.Rating != model.RatingDissatisfied {
		t.Errorf("stopped %s rating %s", d.StoppedOn, d.Rating)
	}
	h, err := f.s.CaseHistory(f.ctx, f.clerk, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range h {
		actions = append(actions, e.Action)
	}
	want := "case.create case.decide extension.create case.extend case.reply case.rate stage.create case.request_stage stage.reply case.reply_stage stage.create case.request_stage stage.hearing case.hearing stage.reply case.reply_stage case.stop"
	if got := strings.Join(actions, " "); got != want {
		t.Errorf("history =\n%s\nwant\n%s", got, want)
	}
}

func TestLeaderReadScopeAndMasking(t *testing.T) {
	f := newFx(t)
	mine, other := f.newCase(), f.newCase()
	f.carried(mine)
	if _, err := f.s.GetCase(f.ctx, f.lead, mine.ID); err != nil {
		t.Errorf("leader reading a carried case: %v", err)
	}
	if _, err := f.s.GetCase(f.ctx, f.lead, other.ID); !errors.Is(err, ErrForbidden) {
		t.Errorf("leader reading another case: err = %v, want ErrForbidden", err)
	}
	cs, _, err := f.s.ListCases(f.ctx, f.lead, model.CaseFilter{}, model.PageRequest{})
	if err != nil || len(cs) != 1 || cs[0].ID != mine.ID {
		t.Errorf("leader's ledger = %d cases, %v; want only the carried one", len(cs), err)
	}
	if err := f.s.SetSetting(f.ctx, f.admin, SettingLeadersReadAll, "1"); err != nil {
		t.Fatal(err)
	}
	if n, _ := f.s.CountCases(f.ctx, f.lead, model.CaseFilter{}); n != 2 {
		t.Errorf("with leaders_read_all the leader counts %d cases, want 2", n)
	}
	d, err := f.s.GetCase(f.ctx, f.viewer, other.ID)
	if err != nil {
		t.Fatal(err)
	}
	full, _ := f.s.GetCase(f.ctx, f.clerk, other.ID)
	if d.Petitioners[0].IDNumber == full.Petitioners[0].IDNumber || !strings.Contains(d.Petitioners[0].IDNumber, "****") ||
		!strings.Contains(d.Petitioners[0].Phone, "****") || d.SearchText != "" {
		t.Errorf("viewer sees ID %q phone %q search text %q; want them masked", d.Petitioners[0].IDNumber, d.Petitioners[0].Phone, d.SearchText)
	}
	if _, err := f.s.GetCase(f.ctx, model.Actor{Login: "nobody"}, other.ID); !errors.Is(err, ErrForbidden) {
		t.Errorf("actor without role: err = %v, want ErrForbidden", err)
	}
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestUndoExtensionAndStage(t *testing.T) {
	f := newFx(t)
	c := f.handling()
	c, err := f.s.Extend(f.ctx, f.clerk, c.ID, c.Version, model.Extension{Approver: "刘局长", ApprovedOn: model.MustDate("2026-04-20"), Reason: "复杂", NewDue: c.ReplyDue.AddDays(20)})
	if err != nil {
		t.Fatal(err)
	}
	d, _ := f.s.GetCase(f.ctx, f.clerk, c.ID)
	c, err = f.s.DeleteExtension(f.ctx, f.clerk, c.ID, c.Version, d.Extensions[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if !c.ExtendedDue.IsZero() || c.DueOn != c.ReplyDue {
		t.Errorf("after DeleteExtension: extended %s due %s, want none and %s", c.ExtendedDue, c.DueOn, c.ReplyDue)
	}
	if es, _ := f.s.Extensions(f.ctx, f.clerk, c.ID); len(es) != 0 {
		t.Errorf("extensions left: %d", len(es))
	}
	c, err = f.s.Reply(f.ctx, f.clerk, c.ID, c.Version, model.ReplyExplain, model.MustDate("2026-06-01"), "")
	if err != nil {
		t.Fatal(err)
	}
	c, err = f.s.RequestStage(f.ctx, f.clerk, c.ID, c.Version, model.StageReview, model.MustDate("2026-06-05"), "区政府")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.DeleteStage(f.ctx, f.clerk, c.ID, c.Version, model.StageRecheck); !errors.Is(err, ErrInvalid) {
		t.Errorf("withdrawing a 复核 never requested: err = %v", err)
	}
	c, err = f.s.DeleteStage(f.ctx, f.clerk, c.ID, c.Version, model.StageReview)
	if err != nil || c.Status != model.StatusClosed {
		t.Fatalf("DeleteStage = %s, %v; want back to closed", c.Status, err)
	}
	// The request can be made again once withdrawn.
	if _, err := f.s.RequestStage(f.ctx, f.clerk, c.ID, c.Version, model.StageReview, model.MustDate("2026-06-06"), "区政府"); err != nil {
		t.Errorf("requesting 复查 again: %v", err)
	}
}

func TestUserMessage(t *testing.T) {
	f := newFx(t)
	c := f.newCase()
	_, err := f.s.Decide(f.ctx, f.clerk, c.ID, c.Version+5, model.DecisionAccept, today, "")
	if msg := UserMessage(err); !strings.HasPrefix(msg, "记录已被他人修改：该事项已被其他人修改（admin 于") || strings.Contains(msg, "store:") {
		t.Errorf("UserMessage(conflict) = %q", msg)
	}
	_, err = f.s.Reply(f.ctx, f.clerk, c.ID, c.Version, model.ReplySupport, today, "")
	if msg := UserMessage(err); !strings.HasPrefix(msg, "输入有误：当前状态为「待受理」") {
		t.Errorf("UserMessage(step) = %q", msg)
	}
	if msg := UserMessage(f.s.DeleteUnit(f.ctx, f.viewer, 1)); msg != "没有权限：当前账号（只读）无权执行「字典维护」：请联系管理员" {
		t.Errorf("UserMessage(forbidden) = %q", msg)
	}
	if UserMessage(nil) != "" {
		t.Errorf("UserMessage(nil) not empty")
	}
}
