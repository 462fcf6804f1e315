package ui

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
	"baoan/store"
)

// dayPassword is the password of the accounts of TestClerksWholeDay.
const dayPassword = "clerk-day-2026"

// dayOffice is the database of a clerk's day: an administrator and the clerk made
// through the store (at the store's real bcrypt cost), the dictionaries fill (register
// tests) picks from, a leader, and one earlier case of the petitioner who comes back,
// answered long ago.
type dayOffice struct {
	st      *store.Store
	clerk   model.Actor
	leader  model.Leader
	idNo    string
	earlier model.Case
}

func newDayOffice(t *testing.T) *dayOffice {
	t.Helper()
	ctx := context.Background()
	st := openTestStore(t)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("test data: %v", err)
		}
	}
	admin, err := st.CreateFirstAdmin(ctx, model.User{Login: "admin", Name: "管理员"}, dayPassword)
	must(err)
	clerk, err := st.CreateUser(ctx, store.ActorOf(admin), model.User{Login: "clerk1", Name: "李登记", Role: model.RoleClerk}, dayPassword)
	must(err)
	d := &dayOffice{st: st, clerk: store.ActorOf(clerk), idNo: model.MakeIDNumber("440306", model.MustDate("1968-08-08"), 5)}
	a := store.ActorOf(admin)
	street, err := st.CreateUnit(ctx, a, model.Unit{Name: "东湖街道", Kind: model.UnitStreet})
	must(err)
	cat, err := st.CreateCategory(ctx, a, model.Category{Name: "征地拆迁"})
	must(err)
	d.leader, err = st.CreateLeader(ctx, a, model.Leader{Name: "王建国", Title: "副区长", Level: model.LevelDistrict, Active: true})
	must(err)

	c, err := st.CreateCase(ctx, d.clerk, model.Case{Channel: model.ChannelLetter, ReceivedOn: model.MustDate("2026-03-10"), HeadCount: 1,
		CategoryID: cat.ID, StreetID: street.ID, Summary: "拆迁安置房分配不公"},
		[]model.Petitioner{{Name: "张三", IDKind: model.IDResident, IDNumber: d.idNo, Address: "东湖路1号"}})
	must(err)
	c, err = st.Decide(ctx, d.clerk, c.ID, c.Version, model.DecisionAccept, model.MustDate("2026-03-12"), "")
	must(err)
	d.earlier, err = st.Reply(ctx, d.clerk, c.ID, c.Version, model.ReplyExplain, model.MustDate("2026-04-20"), "已解释安置政策")
	must(err)
	return d
}

// stored is a case as the database holds it now.
func (d *dayOffice) stored(t *testing.T, id int64) model.CaseDetail {
	t.Helper()
	c, err := d.st.GetCase(context.Background(), d.clerk, id)
	if err != nil {
		t.Fatalf("GetCase(%d): %v", id, err)
	}
	return c
}

// shownWalk visits the objects under o that are shown: a hidden object and everything
// inside it are skipped, as they are on the screen.
func shownWalk(o fyne.CanvasObject, fn func(fyne.CanvasObject)) {
	if o == nil || !o.Visible() {
		return
	}
	fn(o)
	switch x := o.(type) {
	case *fyne.Container:
		for _, c := range x.Objects {
			shownWalk(c, fn)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(x).Objects() {
			shownWalk(c, fn)
		}
	}
}

// shownButton is the button labelled text that is shown under root; the test stops when
// there is none, or when it is disabled.
func shownButton(t *testing.T, root fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	shownWalk(root, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && found == nil && b.Text == text {
			found = b
		}
	})
	switch {
	case found == nil:
		t.Fatalf("no button %q is shown; the screen shows:\n%s", text, caseShown(root))
	case found.Disabled():
		t.Fatalf("button %q is shown disabled", text)
	}
	return found
}

// dayCaseWindow is a case opened in its own window, driven the way a clerk drives it:
// by the tabs, buttons and form labels it shows.
type dayCaseWindow struct {
	t   *testing.T
	win fyne.Window
	bg  *background
}

// tabs are the case's tabs, once the case has loaded.
func (w *dayCaseWindow) tabs() *container.AppTabs {
	w.t.Helper()
	var tabs *container.AppTabs
	shownWalk(w.win.Content(), func(o fyne.CanvasObject) {
		if x, ok := o.(*container.AppTabs); ok && tabs == nil {
			tabs = x
		}
	})
	if tabs == nil {
		w.t.Fatalf("the case window shows no tabs:\n%s", caseShown(w.win.Content()))
	}
	return tabs
}

// tab selects the tab titled title, as a click on it does, and returns what it shows.
func (w *dayCaseWindow) tab(title string) fyne.CanvasObject {
	w.t.Helper()
	tabs := w.tabs()
	for _, it := range tabs.Items {
		if it.Text == title {
			tabs.Select(it)
			return it.Content
		}
	}
	w.t.Fatalf("the case window has no tab %q", title)
	return nil
}

// press taps the button labelled button on the tab titled tab.
func (w *dayCaseWindow) press(tab, button string) {
	w.t.Helper()
	test.Tap(shownButton(w.t, w.tab(tab), button))
	w.bg.drain()
}

// fill fills in the form dialog open over the window, by the labels of its fields, and
// presses its 保存. A select gets the option with the text; an entry is typed into.
// The form must close and no message come up.
func (w *dayCaseWindow) fill(fields map[string]string) {
	w.t.Helper()
	top := w.win.Canvas().Overlays().Top()
	if top == nil {
		w.t.Fatal("no form is open")
	}
	var form *widget.Form
	shownWalk(top, func(o fyne.CanvasObject) {
		if f, ok := o.(*widget.Form); ok && form == nil {
			form = f
		}
	})
	if form == nil {
		w.t.Fatalf("the dialog holds no form: %s", dialogText(w.win))
	}
	for label, value := range fields {
		i := slices.IndexFunc(form.Items, func(it *widget.FormItem) bool { return it.Text == label })
		if i < 0 {
			w.t.Fatalf("the form has no field %q", label)
		}
		switch x := form.Items[i].Widget.(type) {
		case *widget.Select:
			if !slices.Contains(x.Options, value) {
				w.t.Fatalf("field %q offers %q, not %q", label, x.Options, value)
			}
			x.SetSelected(value)
		case *widget.Entry:
			caseSetText(x, value)
		default:
			w.t.Fatalf("field %q is a %T", label, x)
		}
	}
	test.Tap(shownButton(w.t, top, "保存"))
	w.bg.drain()
	if top := w.win.Canvas().Overlays().Top(); top != nil {
		w.t.Fatalf("after saving, a dialog is still open: %s", dialogText(w.win))
	}
}

// duty records one of the four duties (四包) as done on the 包案 tab: its row is the
// form line labelled with the duty.
func (w *dayCaseWindow) duty(duty, note string) {
	w.t.Helper()
	var row fyne.CanvasObject
	shownWalk(w.tab("包案"), func(o fyne.CanvasObject) {
		if f, ok := o.(*widget.Form); ok {
			for _, it := range f.Items {
				if it.Text == duty {
					row = it.Widget
				}
			}
		}
	})
	if row == nil {
		w.t.Fatalf("包案 shows no row for %s", duty)
	}
	var status *widget.Select
	var entry *widget.Entry
	shownWalk(row, func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Select:
			status = x
		case *widget.Entry:
			entry = x
		}
	})
	if status == nil || entry == nil {
		w.t.Fatalf("the row of %s has no progress choice or note", duty)
	}
	status.SetSelected("已完成")
	caseSetText(entry, note)
	test.Tap(shownButton(w.t, row, "保存"))
	w.bg.drain()
}

// dayFigures are the 工作台's figures by id, read again as showing the screen does.
func dayFigures(m *mainWindow) map[string]string {
	m.show(screenDashboard)
	m.bg.drain()
	out := map[string]string{}
	for _, f := range m.dash.figures {
		out[f.id] = f.button.Text
	}
	return out
}

// dayLedgerRow is what the 台账 shows of one case after 刷新: status, due date and days
// left, or ok false when the case is not listed.
func dayLedgerRow(m *mainWindow, id int64) (status, due, left string, ok bool) {
	m.show(screenLedger)
	test.Tap(m.ledger.refresh)
	m.bg.drain()
	row := slices.IndexFunc(m.ledger.rows, func(c model.Case) bool { return c.ID == id })
	if row < 0 {
		return "", "", "", false
	}
	return cell(m.ledger, row, colStatus).Text, cell(m.ledger, row, colDue).Text, cell(m.ledger, row, colDaysLeft).Text, true
}

// TestClerksWholeDay is a clerk's day through the real screens over a real database: log
// in, register a returning petitioner's case, open it from the ledger and take it from
// 受理 to 销号, checking after each step what the ledger, the dashboard and the database
// say.
func TestClerksWholeDay(t *testing.T) {
	prev := model.Now
	model.Now = func() model.Date { return testToday }
	t.Cleanup(func() { model.Now = prev })
	office := newDayOffice(t)
	s, _, _ := newTestSession(t, office.st, Options{})

	// 登录, typed into the form.
	if s.login == nil {
		t.Fatal("a database with accounts does not open on the login screen")
	}
	test.Type(s.login.login, "clerk1")
	test.Type(s.login.password, dayPassword)
	test.Tap(s.login.submit)
	s.bg.drain()
	m := s.main
	if m == nil {
		t.Fatalf("signing in as clerk1 failed: %q", s.login.message.Text)
	}
	if m.env.actor != office.clerk {
		t.Fatalf("signed in as %+v, want %+v", m.env.actor, office.clerk)
	}

	// The day starts quiet: the only case was answered in April.
	figures := map[string]string{"today": "0", "due_soon": "0", "overdue": "0", "undecided": "0", "supervised": "0"}
	wantFigures := func(step string) {
		t.Helper()
		if got := dayFigures(m); !maps.Equal(got, figures) {
			t.Errorf("%s: 工作台 shows %v, want %v", step, got, figures)
		}
	}
	wantFigures("at sign-in")

	// 登记 (Ctrl+N): the petitioner of the April case comes back.
	pressShortcut(t, m, &desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault})
	r := m.register
	if r == nil || selectedScreen(m) != screenRegister {
		t.Fatalf("Ctrl+N showed %q, want the 登记 form", selectedScreen(m))
	}
	r.repeats.debounce = 0 // as newTestRegister: no pause for typing before each lookup
	fill(r, "张三", office.idNo)
	test.Tap(r.supervised)
	if len(r.repeats.rows) != 1 || r.repeats.rows[0].match.Case.ID != office.earlier.ID {
		t.Fatalf("重复信访 panel lists %+v, want the April case %s", r.repeats.rows, office.earlier.No)
	}
	panel := caseShown(r.repeats.view)
	caseWant(t, "重复信访 panel", panel, office.earlier.No+"　2026-03-10　已办结", "按证件号码匹配", "发现 1 件以往信访事项")
	if !r.repeatFlag.Checked {
		t.Error("重复信访 is not ticked after the panel found the earlier case")
	}
	r.summary.TypedShortcut(saveShortcut) // Ctrl+S with the cursor in 事项摘要
	s.bg.drain()
	if r.lastSavedID == 0 {
		t.Fatalf("Ctrl+S saved nothing; the form shows:\n%s", caseShown(r.view))
	}
	id := r.lastSavedID
	c := office.stored(t, id)
	if c.Status != model.StatusRegistered || !c.Repeat || !c.Supervised || c.PetitionerNames != "张三" || c.ReceivedOn != testToday {
		t.Fatalf("stored case = %+v, want 张三's repeat, supervised case registered today", c.Case)
	}
	caseWant(t, "saved notice", r.savedNo.Text, c.No)
	test.Tap(r.continueReg)

	wantRow := func(step, status, due, left string) {
		t.Helper()
		gotStatus, gotDue, gotLeft, ok := dayLedgerRow(m, id)
		if !ok {
			t.Fatalf("%s: the ledger does not list %s", step, c.No)
		}
		if gotStatus != status || gotDue != due || gotLeft != left {
			t.Errorf("%s: ledger row shows status %q, due %q, days left %q; want %q, %q, %q", step, gotStatus, gotDue, gotLeft, status, due, left)
		}
	}
	wantRow("registered", "待受理", c.AcceptDue.String()+"（受理）", strconv.Itoa(testToday.DaysUntil(c.AcceptDue)))
	figures["today"], figures["undecided"], figures["supervised"] = "1", "1", "1"
	wantFigures("registered")

	// Open it from the ledger with a double click on its row.
	m.show(screenLedger)
	row := slices.IndexFunc(m.ledger.rows, func(x model.Case) bool { return x.ID == id })
	var target *ledgerCell
	shownWalk(m.win.Content(), func(o fyne.CanvasObject) {
		if lc, ok := o.(*ledgerCell); ok && lc.row == row && lc.col == colNo {
			target = lc
		}
	})
	if target == nil {
		t.Fatalf("the ledger draws no cell for row %d", row)
	}
	test.DoubleTap(target)
	var cw *dayCaseWindow
	for _, w := range s.app.Driver().AllWindows() {
		if w != s.win {
			cw = &dayCaseWindow{t: t, win: w, bg: s.bg}
		}
	}
	if cw == nil {
		t.Fatal("a double click on the row opened no window")
	}
	s.bg.drain()
	if got := cw.win.Title(); !strings.Contains(got, c.No) {
		t.Errorf("case window title = %q, want it to name %s", got, c.No)
	}

	// 受理.
	cw.press("受理与办理", "受理决定")
	cw.fill(map[string]string{"受理决定": "受理"})
	c = office.stored(t, id)
	if c.Status != model.StatusHandling || c.Decision != model.DecisionAccept || c.DecidedOn != testToday {
		t.Fatalf("after 受理: stored status %s, decision %s on %s", c.Status, c.Decision, c.DecidedOn)
	}
	wantRow("accepted", "办理中", c.DueOn.String(), strconv.Itoa(testToday.DaysUntil(c.DueOn)))
	figures["undecided"] = "0"
	wantFigures("accepted")

	// 确定包案领导.
	cw.press("包案", "确定包案领导")
	cw.fill(map[string]string{"包案领导": "王建国（区级，副区长）", "化解方案": "约见开发商，核实安置房分配"})
	c = office.stored(t, id)
	if len(c.Assignments) != 1 || c.Assignments[0].LeaderID != office.leader.ID || len(c.Assignments[0].Duties) != 4 {
		t.Fatalf("after assigning: stored assignments %+v, want 王建国 with four duties", c.Assignments)
	}
	wantRow("assigned", "办理中", c.DueOn.String(), strconv.Itoa(testToday.DaysUntil(c.DueOn)))
	m.ledger.leader.sel.SetSelected("王建国") // the ledger's 包案领导 filter now finds it
	s.bg.drain()
	if len(m.ledger.rows) != 1 || m.ledger.rows[0].ID != id {
		t.Errorf("ledger filtered by 王建国 lists %d cases, want only %s", len(m.ledger.rows), c.No)
	}
	test.Tap(m.ledger.clear)
	s.bg.drain()
	wantFigures("assigned")

	// 登门走访, led by the leader carrying the case.
	cw.press("四访", "记录四访")
	cw.fill(map[string]string{"走访类型": "登门走访", "地点": "张三家中", "谈话内容": "了解安置房分配经过"})
	c = office.stored(t, id)
	if len(c.Visits) != 1 || c.Visits[0].Kind != model.VisitHome || c.Visits[0].LeaderID == nil || *c.Visits[0].LeaderID != office.leader.ID {
		t.Fatalf("after 登门走访: stored visits %+v, want one home visit led by 王建国", c.Visits)
	}
	caseWant(t, "四访", caseShown(cw.tab("四访")), "2026-11-02 登门走访", "张三家中", "王建国")
	wantRow("home visit", "办理中", c.DueOn.String(), strconv.Itoa(testToday.DaysUntil(c.DueOn)))
	wantFigures("home visit")

	// The four duties (四包).
	for _, duty := range []string{"包调查处理", "包思想教育", "包化解稳控", "包息诉息访"} {
		cw.duty(duty, duty+"：已落实")
	}
	c = office.stored(t, id)
	for _, d := range c.Assignments[0].Duties {
		if d.Status != model.DutyDone {
			t.Errorf("stored duty %s is %s, want done", d.Kind, d.Status)
		}
	}
	caseWantNot(t, "包案 after the duties", caseShown(cw.tab("包案")), "未开始", "尚未完成")
	wantRow("duties", "办理中", c.DueOn.String(), strconv.Itoa(testToday.DaysUntil(c.DueOn)))
	wantFigures("duties")

	// 答复办结.
	cw.press("受理与办理", "答复办结")
	cw.fill(map[string]string{"处理意见": "支持", "意见书内容": "按政策重新分配安置房"})
	c = office.stored(t, id)
	if c.Status != model.StatusClosed || c.ReplyKind != model.ReplySupport || c.ClosedOn != testToday {
		t.Fatalf("after 答复: stored status %s, reply %s on %s", c.Status, c.ReplyKind, c.ClosedOn)
	}
	wantRow("replied", "已办结", c.DueOn.String(), "")
	figures["supervised"] = "0" // 挂牌督办 counts open cases only
	wantFigures("replied")

	// 上门回访 after the reply.
	cw.press("四访", "记录四访")
	cw.fill(map[string]string{"走访类型": "上门回访", "结果": "安置房已重新分配"})
	c = office.stored(t, id)
	if len(c.Visits) != 2 || c.Visits[1].Kind != model.VisitFollowUp || c.FirstFollowUpOn != testToday {
		t.Fatalf("after 上门回访: stored visits %+v, first follow-up %s", c.Visits, c.FirstFollowUpOn)
	}
	wantRow("follow-up visit", "已办结", c.DueOn.String(), "")
	wantFigures("follow-up visit")

	// 满意.
	cw.press("受理与办理", "满意度评价")
	cw.fill(map[string]string{"满意度": "满意"})
	c = office.stored(t, id)
	if c.Rating != model.RatingSatisfied || c.RatedOn != testToday {
		t.Fatalf("after rating: stored rating %q on %s, want satisfied today", c.Rating, c.RatedOn)
	}
	caseWant(t, "受理与办理 after rating", caseShown(cw.tab("受理与办理")), "满意度：满意（2026-11-02）")
	wantRow("rated", "已办结", c.DueOn.String(), "")
	wantFigures("rated")

	// 销号.
	cw.press("包案", "销号")
	cw.fill(map[string]string{"审批人": "赵主任", "审批意见": "四包落实，同意销号"})
	c = office.stored(t, id)
	if a := c.Assignments[0]; a.StruckOffOn != testToday || a.StruckOffBy != "赵主任" {
		t.Fatalf("after 销号: stored struck off %s by %q, want today by 赵主任", a.StruckOffOn, a.StruckOffBy)
	}
	caseWant(t, "包案 after 销号", caseShown(cw.tab("包案")), "已于 2026-11-02 销号，审批人 赵主任：四包落实，同意销号")
	wantRow("struck off", "已办结", c.DueOn.String(), "")
	wantFigures("struck off")

	// The case's history has every step, by the clerk.
	caseWant(t, "操作记录", caseShown(cw.tab("操作记录")),
		"clerk1  登记", "clerk1  受理决定", "clerk1  确定包案领导", "clerk1  记录四访", "clerk1  答复办结", "clerk1  销号")
}
