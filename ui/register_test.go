package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

// newTestRegister shows the 登记 form over a real database in a 1000×700 window, with the
// dictionaries loaded and lookups not debounced.
func newTestRegister(t *testing.T) (*register, *storeFixture, *fakeNav) {
	t.Helper()
	f := newStoreFixture(t)
	e, nav := newTestEnv(t, f.s)
	e.names = f.names()
	r := newRegister(e)
	r.repeats.debounce = 0
	e.win.SetContent(r.view)
	e.win.Resize(fyne.NewSize(1000, 700))
	e.bg.drain()
	return r, f, nav
}

// fill types a complete, valid registration for one petitioner.
func fill(r *register, name, idNumber string) {
	r.channel.SetSelected("来访")
	test.Type(r.pets[0].idNumber, idNumber)
	test.Type(r.pets[0].name, name)
	test.Type(r.pets[0].phone, "13800138000")
	test.Type(r.pets[0].address, "东湖路1号")
	r.category.sel.SetSelected("征地拆迁")
	r.street.sel.SetSelected("东湖街道")
	test.Type(r.summary, "拆迁补偿款未到位")
	r.e.bg.drain()
}

func countCases(t *testing.T, f *storeFixture) int64 {
	t.Helper()
	n, err := f.s.CountCases(context.Background(), f.clerk, model.CaseFilter{})
	if err != nil {
		t.Fatalf("CountCases: %v", err)
	}
	return n
}

var (
	idOpen  = model.MakeIDNumber("110105", model.MustDate("1980-05-01"), 11)
	idFinal = model.MakeIDNumber("110105", model.MustDate("1975-03-09"), 22)
	idNew   = model.MakeIDNumber("110105", model.MustDate("1990-12-31"), 33)
)

func TestRegisterRepeatPanelWarnsOnArticle19(t *testing.T) {
	r, f, nav := newTestRegister(t)
	earlier := f.addCase("2026-10-10", 0, model.Petitioner{Name: "张三", IDNumber: idOpen, IDKind: model.IDResident}, "2026-10-12")

	if got := r.repeats.status.Text; got != "输入证件号码、联系电话或姓名和住址后，这里列出信访人以往的信访事项。" {
		t.Errorf("panel before typing says %q", got)
	}
	test.Type(r.pets[0].idNumber, idOpen)
	r.e.bg.drain()

	if got := len(r.repeats.rows); got != 1 {
		t.Fatalf("panel lists %d earlier cases, want 1", got)
	}
	row := r.repeats.rows[0]
	if row.match.Case.ID != earlier.ID || row.match.By != model.RepeatByIDNumber {
		t.Errorf("panel row = case %d by %q, want case %d by 证件号码", row.match.Case.ID, row.match.By, earlier.ID)
	}
	if got, want := r.repeats.rowTitle(row), earlier.No+"　2026-10-10　办理中"; got != want {
		t.Errorf("row title = %q, want %q", got, want)
	}
	warn := r.repeats.warn.Text
	if !r.repeats.warn.Visible() || !strings.Contains(warn, "第十九条") || !strings.Contains(warn, earlier.No) {
		t.Errorf("warning = %q (visible %v), want the art. 19 warning naming %s", warn, r.repeats.warn.Visible(), earlier.No)
	}
	if !r.repeatFlag.Checked {
		t.Error("重复信访 not ticked after a match")
	}

	r.repeats.list.Select(0)
	if len(nav.opened) != 1 || nav.opened[0] != earlier.ID {
		t.Errorf("tapping the earlier case opened %v, want [%d]", nav.opened, earlier.ID)
	}
}

func TestRegisterRepeatPanelArticle36AndNone(t *testing.T) {
	r, f, _ := newTestRegister(t)
	final := f.addCase("2026-01-05", 1, model.Petitioner{Name: "李四", IDNumber: idFinal, Phone: "13912345678"}, "")
	// Bring the case to 终结 the way the office does: accept, reply, 复查, 复核.
	c, err := f.s.Decide(f.ctx, f.clerk, final.ID, final.Version, model.DecisionAccept, model.MustDate("2026-01-06"), "")
	f.must(err)
	c, err = f.s.Reply(f.ctx, f.clerk, c.ID, c.Version, model.ReplyReject, model.MustDate("2026-02-01"), "不予支持")
	f.must(err)
	c, err = f.s.RequestStage(f.ctx, f.clerk, c.ID, c.Version, model.StageReview, model.MustDate("2026-02-10"), "区政府")
	f.must(err)
	c, err = f.s.ReplyStage(f.ctx, f.clerk, c.ID, c.Version, model.StageReview, model.ReplyReject, model.MustDate("2026-03-01"), "维持")
	f.must(err)
	c, err = f.s.RequestStage(f.ctx, f.clerk, c.ID, c.Version, model.StageRecheck, model.MustDate("2026-03-10"), "市信访局")
	f.must(err)
	c, err = f.s.ReplyStage(f.ctx, f.clerk, c.ID, c.Version, model.StageRecheck, model.ReplyReject, model.MustDate("2026-04-01"), "维持")
	f.must(err)
	if c.Status != model.StatusFinal {
		t.Fatalf("fixture case is %s, want final", c.Status)
	}

	// Matched by phone, on the second petitioner of a group.
	test.Type(r.pets[0].name, "王五")
	r.addPetitioner(false)
	test.Type(r.pets[1].phone, "139 1234 5678")
	r.e.bg.drain()
	if got := len(r.repeats.rows); got != 1 || r.repeats.rows[0].who != 1 {
		t.Fatalf("panel rows = %+v, want the final case matched on petitioner 2", r.repeats.rows)
	}
	if got := r.repeats.rowDetail(r.repeats.rows[0]); !strings.HasPrefix(got, "第 2 名信访人，按联系电话匹配") {
		t.Errorf("row detail = %q", got)
	}
	if warn := r.repeats.warn.Text; !strings.Contains(warn, "第三十六条") || strings.Contains(warn, "第十九条") {
		t.Errorf("warning = %q, want art. 36 only", warn)
	}

	// A number with no history.
	r.removePetitioner(r.pets[1])
	test.Type(r.pets[0].idNumber, idNew)
	r.e.bg.drain()
	if got := r.repeats.status.Text; got != "未发现以往信访事项。" || r.repeats.warn.Visible() {
		t.Errorf("panel says %q (warning shown %v), want no earlier cases and no warning", got, r.repeats.warn.Visible())
	}
}

// The newest lookup wins: an answer that arrives after the clerk changed the number again
// is dropped.
func TestRegisterRepeatLookupNewestWins(t *testing.T) {
	r, f, _ := newTestRegister(t)
	f.addCase("2026-10-10", 0, model.Petitioner{Name: "张三", IDNumber: idOpen}, "")

	test.Type(r.pets[0].idNumber, idOpen) // lookup on its way, not applied yet
	r.pets[0].idNumber.SetText("")        // the clerk clears it: nothing to look up
	r.e.bg.drain()
	if len(r.repeats.rows) != 0 || r.repeats.warn.Visible() {
		t.Errorf("panel shows %d rows (warning %v) from a lookup overtaken by a newer one", len(r.repeats.rows), r.repeats.warn.Visible())
	}
}

func TestRegisterRequiredFieldsShowMessages(t *testing.T) {
	r, f, _ := newTestRegister(t)
	r.pets[0].idNumber.TypedShortcut(saveShortcut)
	r.e.bg.drain()

	want := map[string]string{
		fieldChannel:  "请选择 来信、来访、网上信访、来电、12345热线、领导接访、网格员代办 或 其他",
		fieldCategory: "请选择问题类别",
		fieldStreet:   "请选择所属街道",
		fieldSummary:  "不能为空，请填写信访事项的主要内容",
	}
	for field, msg := range want {
		if got := r.errs[field]; got.Text != msg || !got.Visible() {
			t.Errorf("message beside %s = %q (visible %v), want %q", field, got.Text, got.Visible(), msg)
		}
	}
	if got := r.pets[0].errs[fieldName].Text; got != "不能为空，请填写信访人姓名" {
		t.Errorf("message beside 姓名 = %q", got)
	}
	if r.errs[fieldReceived].Visible() || r.errs[fieldHeadCount].Visible() {
		t.Errorf("登记日期/人数 have messages %q/%q though they hold today and 1", r.errs[fieldReceived].Text, r.errs[fieldHeadCount].Text)
	}
	if n := countCases(t, f); n != 0 {
		t.Errorf("%d cases saved from an invalid form, want 0", n)
	}
	if got := r.e.win.Canvas().Focused(); got != r.channel {
		t.Errorf("focus after a failed save is on %T, want the first field with a message (信访形式)", got)
	}

	// Fixing a field clears its message as soon as it is typed in.
	test.Type(r.summary, "补偿")
	if r.errs[fieldSummary].Visible() {
		t.Error("事项摘要 message still shown after typing")
	}
}

func TestRegisterUnreadableValues(t *testing.T) {
	r, _, _ := newTestRegister(t)
	fill(r, "张三", idNew)
	r.received.SetText("2026-02-30")
	r.headCount.SetText("两")
	r.onSave()
	r.e.bg.drain()
	if got := r.errs[fieldReceived].Text; !strings.Contains(got, "2026-02-30") {
		t.Errorf("登记日期 message = %q, want the ParseDate error", got)
	}
	if got := r.errs[fieldHeadCount].Text; got != "请填写数字，例如 1；五人及以上为集体访" {
		t.Errorf("人数 message = %q", got)
	}
}

func TestRegisterChecksAsTyped(t *testing.T) {
	r, _, _ := newTestRegister(t)
	p := r.pets[0]

	test.Type(p.idNumber, "11010519901231")
	if p.errs[fieldIDNumber].Visible() {
		t.Errorf("half-typed ID number already has a message: %q", p.errs[fieldIDNumber].Text)
	}
	bad := idNew[:17] + "0"
	if idNew[17] == '0' {
		bad = idNew[:17] + "1"
	}
	p.idNumber.SetText(bad)
	if got := p.errs[fieldIDNumber].Text; !strings.Contains(got, "校验") {
		t.Errorf("ID number with a wrong check character: message %q, want one about the check character", got)
	}
	p.idNumber.SetText(idNew)
	if p.errs[fieldIDNumber].Visible() {
		t.Errorf("valid ID number has a message: %q", p.errs[fieldIDNumber].Text)
	}
	p.idNumber.SetText("1101a5")
	if !p.errs[fieldIDNumber].Visible() {
		t.Error("a letter in an ID number is not reported at once")
	}

	// A passport number is not checked as a 身份证号.
	p.idKind.SetSelected("护照")
	if p.errs[fieldIDNumber].Visible() {
		t.Errorf("passport number has a message: %q", p.errs[fieldIDNumber].Text)
	}

	test.Type(p.phone, "1380013")
	if p.errs[fieldPhone].Visible() {
		t.Errorf("half-typed phone already has a message: %q", p.errs[fieldPhone].Text)
	}
	p.phone.FocusLost()
	if !p.errs[fieldPhone].Visible() {
		t.Error("short phone not reported when leaving the field")
	}
	p.phone.SetText("13800138000")
	if p.errs[fieldPhone].Visible() {
		t.Errorf("valid phone has a message: %q", p.errs[fieldPhone].Text)
	}

	// Leaving the field writes the number the way it is stored: full-width digits, as
	// some input methods type them, become half-width.
	p.idKind.SetSelected("居民身份证")
	p.idNumber.SetText(strings.Map(func(r rune) rune { return r + 0xFEE0 }, idNew))
	p.idNumber.FocusLost()
	if got := p.idNumber.Text; got != idNew {
		t.Errorf("ID number after leaving the field = %q, want %q", got, idNew)
	}
	if p.errs[fieldIDNumber].Visible() {
		t.Errorf("tidied ID number has a message: %q", p.errs[fieldIDNumber].Text)
	}
}

func TestRegisterEnterMovesOn(t *testing.T) {
	r, _, _ := newTestRegister(t)
	c := r.e.win.Canvas()
	steps := []struct {
		from, want fyne.Focusable
		name       string
	}{
		{r.received, r.pets[0].idKind, "登记日期 → 证件类型"},
		{r.pets[0].idKind, r.pets[0].idNumber, "证件类型 → 证件号码"},
		{r.pets[0].idNumber, r.pets[0].name, "证件号码 → 姓名"},
		{r.pets[0].address, r.addPet, "住址 → 添加信访人"},
		{r.category.sel, r.street.sel, "问题类别 → 所属街道"},
	}
	if r.summary.AcceptsTab() || r.demands.AcceptsTab() {
		t.Error("a multi-line field keeps Tab to itself: the clerk cannot tab out of it")
	}
	for _, s := range steps {
		c.Focus(s.from)
		s.from.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		if got := c.Focused(); got != s.want {
			t.Errorf("%s: Enter moved to %T", s.name, got)
		}
	}
}

func TestRegisterGroupPetition(t *testing.T) {
	r, _, _ := newTestRegister(t)
	r.headCount.SetText("30")
	if !r.groupHint.Visible() {
		t.Error("no 集体访 hint for 30 people")
	}
	for range 6 {
		test.Tap(r.addPet)
	}
	if got := len(r.pets); got != model.MaxGroupReps {
		t.Errorf("petitioner blocks = %d, want at most %d", got, model.MaxGroupReps)
	}
	if !r.addPet.Disabled() {
		t.Error("添加信访人 still enabled with five petitioners")
	}
	if got := r.pets[4].title.Text; got != "第 5 名信访人" {
		t.Errorf("fifth block title = %q", got)
	}
	r.removePetitioner(r.pets[2])
	if len(r.pets) != 4 || r.addPet.Disabled() || r.pets[3].title.Text != "第 4 名信访人" {
		t.Errorf("after removing one: %d blocks, add disabled %v, last title %q", len(r.pets), r.addPet.Disabled(), r.pets[3].title.Text)
	}

	// Fewer people than petitioners recorded is a mistake the form names.
	r.headCount.SetText("2")
	fill(r, "张三", idNew)
	for i, p := range r.pets[1:] {
		test.Type(p.name, []string{"甲", "乙", "丙"}[i])
	}
	r.onSave()
	if got := r.errs[fieldHeadCount].Text; got != "2 少于已登记的信访人数 4，请核对人数" {
		t.Errorf("人数 message = %q", got)
	}
}

func TestRegisterCtrlSSavesFromAnEntryAndTheLedgerShowsIt(t *testing.T) {
	r, f, nav := newTestRegister(t)
	fill(r, "赵六", idNew)
	r.target.SetSelected("5日办结")
	r.e.win.Canvas().Focus(r.summary)

	// What the desktop driver does with Ctrl+S while an entry has the cursor.
	r.summary.TypedShortcut(saveShortcut)
	r.e.bg.drain()

	if n := countCases(t, f); n != 1 {
		t.Fatalf("cases after Ctrl+S = %d, want 1", n)
	}
	cs, _, err := f.s.ListCases(f.ctx, f.clerk, model.CaseFilter{}, model.PageRequest{})
	f.must(err)
	saved := cs[0]
	if saved.PetitionerNames != "赵六" || saved.StreetID != f.streets[1].ID || saved.Target != model.TargetFive || saved.ReceivedOn != testToday {
		t.Errorf("saved case = %+v", saved)
	}
	if got, want := r.savedNo.Text, "已登记，信访编号："+saved.No; got != want {
		t.Errorf("notice = %q, want %q", got, want)
	}
	if top := r.e.win.Canvas().Overlays().Top(); top == nil {
		t.Error("no notice shown after saving")
	}
	// The form is empty again, keeping the channel and the day.
	if r.pets[0].name.Text != "" || r.summary.Text != "" || r.channel.Selected != "来访" || r.received.Text != testToday.String() {
		t.Errorf("form after save: name %q, summary %q, channel %q, day %q", r.pets[0].name.Text, r.summary.Text, r.channel.Selected, r.received.Text)
	}

	r.openSaved.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if len(nav.opened) != 1 || nav.opened[0] != saved.ID {
		t.Errorf("打开案件 opened %v, want [%d]", nav.opened, saved.ID)
	}

	// The ledger over the same database lists it.
	l := newLedger(r.e)
	r.e.bg.drain()
	if len(l.rows) != 1 || l.rows[0].ID != saved.ID {
		t.Fatalf("ledger rows = %d, want the new case", len(l.rows))
	}
	if got := cell(l, 0, colNo).Text; got != saved.No {
		t.Errorf("ledger shows %q, want %q", got, saved.No)
	}

	// Other chords still reach the entry.
	test.Type(r.summary, "abc")
	r.summary.TypedShortcut(&fyne.ShortcutSelectAll{})
	if got := r.summary.SelectedText(); got != "abc" {
		t.Errorf("Ctrl+A in an entry selected %q, want its text", got)
	}
}

// The window-wide Ctrl+S saves only while the form is the screen shown: in the main
// window it sits on one tab of several, inside the idle-lock wrapper.
func TestRegisterOnScreen(t *testing.T) {
	r, _, _ := newTestRegister(t)
	if !onScreen(r.e.win, r.view) {
		t.Fatal("form not on screen in its own window")
	}
	tabs := container.NewAppTabs(
		container.NewTabItem("台账", widget.NewLabel("")),
		container.NewTabItem("登记", container.NewStack(r.view)))
	tabs.SetTabLocation(container.TabLocationLeading)
	r.e.win.SetContent(container.NewStack(tabs))
	if onScreen(r.e.win, r.view) {
		t.Error("form reported on screen while another tab is selected")
	}
	tabs.SelectIndex(1)
	if !onScreen(r.e.win, r.view) {
		t.Error("form not on screen on its selected tab")
	}
}

func TestRegisterGolden(t *testing.T) {
	r, _, _ := newTestRegister(t)
	test.AssertRendersToMarkup(t, "register/empty.xml", r.e.win.Canvas())

	r.onSave()
	r.e.bg.drain()
	test.AssertRendersToMarkup(t, "register/errors.xml", r.e.win.Canvas())
}

func TestCaseNos(t *testing.T) {
	newTestApp(t)
	tests := []struct {
		nos  []string
		want string
	}{
		{[]string{"信〔2026〕0001"}, "信〔2026〕0001"},
		{[]string{"A", "B", "C"}, "A、B、C"},
		{[]string{"A", "B", "C", "D", "E"}, "A、B、C等5件"},
	}
	for _, tt := range tests {
		if got := caseNos(tt.nos); got != tt.want {
			t.Errorf("caseNos(%q) = %q, want %q", tt.nos, got, tt.want)
		}
	}
}

func TestRegisterErrText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"store: register case: 输入有误：事项摘要：不能为空", "输入有误：事项摘要：不能为空"},
		{"没有权限：当前账号无权执行「登记事项」", "没有权限：当前账号无权执行「登记事项」"},
		{"database is locked", "database is locked"},
		{"store: list: 第1名信访人：姓名: x", "第1名信访人：姓名: x"},
	}
	for _, tt := range tests {
		if got := registerErrText(errors.New(tt.in)); got != tt.want {
			t.Errorf("registerErrText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
