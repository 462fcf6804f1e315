package ui

import (
	"context"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
	"baoan/store"
)

// caseFixture is a real database with the dictionaries a case needs, two leaders and one
// registered case, on the day every UI test runs on (testToday, 2026-11-02).
type caseFixture struct {
	t       *testing.T
	app     fyne.App
	s       *store.Store
	ctx     context.Context
	admin   model.Actor
	clerk   model.Actor
	leader  model.Leader
	leader2 model.Leader
	caseID  int64
	phone   string
	idNo    string
}

func newCaseFixture(t *testing.T) *caseFixture {
	t.Helper()
	f := &caseFixture{t: t, app: newTestApp(t), s: openTestStore(t), ctx: context.Background()}
	prev := model.Now
	model.Now = func() model.Date { return testToday }
	t.Cleanup(func() { model.Now = prev })

	f.admin = model.Actor{UserID: 1, Login: "admin", Role: model.RoleAdmin}
	f.clerk = model.Actor{UserID: 2, Login: "clerk", Role: model.RoleClerk}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("fixture: %v", err)
		}
	}
	street, err := f.s.CreateUnit(f.ctx, f.admin, model.Unit{Name: "新安街道", Kind: model.UnitStreet})
	must(err)
	_, err = f.s.CreateUnit(f.ctx, f.admin, model.Unit{Name: "海裕社区", Kind: model.UnitCommunity, ParentID: &street.ID})
	must(err)
	_, err = f.s.CreateUnit(f.ctx, f.admin, model.Unit{Name: "区人社局", Kind: model.UnitDepartment})
	must(err)
	cat, err := f.s.CreateCategory(f.ctx, f.admin, model.Category{Name: "劳动社保"})
	must(err)
	f.leader, err = f.s.CreateLeader(f.ctx, f.admin, model.Leader{Name: "王建国", Title: "副区长", Level: model.LevelDistrict})
	must(err)
	f.leader2, err = f.s.CreateLeader(f.ctx, f.admin, model.Leader{Name: "李明", Title: "街道办主任", Level: model.LevelDivision})
	must(err)

	f.idNo = model.MakeIDNumber("440306", model.MustDate("1970-05-06"), 7)
	f.phone = "13812345678"
	c, err := f.s.CreateCase(f.ctx, f.clerk, model.Case{
		Channel: model.ChannelVisit, ReceivedOn: model.MustDate("2026-10-22"), CategoryID: cat.ID, StreetID: street.ID,
		Summary: "反映某公司拖欠工资三个月", Demands: "要求支付拖欠工资",
	}, []model.Petitioner{{Name: "张三", IDKind: model.IDResident, IDNumber: f.idNo, Phone: f.phone, Address: "新安街道1号"}})
	must(err)
	f.caseID = c.ID
	return f
}

// open shows the case to actor in its own window, as openCase does, and waits for it.
func (f *caseFixture) open(actor model.Actor) *caseDetail {
	f.t.Helper()
	w := test.NewTempWindow(f.t, widget.NewLabel(""))
	bg := &background{hold: true}
	e := &env{app: f.app, win: w, backend: f.s, actor: actor, names: NameMap{}, today: func() model.Date { return testToday }, bg: bg}
	c := newCaseDetail(e, f.caseID)
	w.SetContent(c.view)
	w.Resize(fyne.NewSize(1100, 800))
	bg.drain()
	if !c.loaded {
		f.t.Fatalf("case %d did not load: %s", f.caseID, caseShown(c.view))
	}
	return c
}

// accept records the 受理 decision of 2026-10-30 on the fixture's case.
func (f *caseFixture) accept() {
	f.t.Helper()
	if _, err := f.s.Decide(f.ctx, f.clerk, f.caseID, f.stored().Version, model.DecisionAccept, model.MustDate("2026-10-30"), ""); err != nil {
		f.t.Fatal(err)
	}
}

// assign makes leader a 包案 leader of the fixture's accepted case as of 2026-10-30.
func (f *caseFixture) assign(leader model.Leader, plan string) model.AssignmentDetail {
	f.t.Helper()
	asg, err := f.s.AssignLeader(f.ctx, f.clerk, f.caseID, leader.ID, model.MustDate("2026-10-30"), plan)
	if err != nil {
		f.t.Fatal(err)
	}
	return asg
}

// stored is the case as the database holds it now.
func (f *caseFixture) stored() model.CaseDetail {
	f.t.Helper()
	d, err := f.s.GetCase(f.ctx, f.admin, f.caseID)
	if err != nil {
		f.t.Fatalf("GetCase: %v", err)
	}
	return d
}

// press taps the named action button, which must be offered and enabled.
func casePress(t *testing.T, c *caseDetail, name string) {
	t.Helper()
	b := c.buttons[name]
	switch {
	case b == nil:
		t.Fatalf("no button %q", name)
	case !b.Visible():
		t.Fatalf("button %q is not offered", name)
	case b.Disabled():
		t.Fatalf("button %q is disabled", name)
	}
	test.Tap(b)
	c.e.bg.drain()
}

// submit fills in the form opened last and presses its save button.
func caseSubmit(t *testing.T, c *caseDetail, fill func(f *caseForm)) {
	t.Helper()
	if c.form == nil {
		t.Fatal("no form is open")
	}
	fill(c.form)
	c.form.dlg.Submit()
	c.e.bg.drain()
}

// setText replaces what an entry holds, as a user selecting all and typing would.
func caseSetText(e *widget.Entry, s string) {
	e.SetText("")
	test.Type(e, s)
}

// shown is all the text an object shows, one piece per line: labels, buttons, entries,
// chosen options, cards' titles. Hidden objects show nothing.
func caseShown(o fyne.CanvasObject) string {
	var out []string
	var walk func(o fyne.CanvasObject)
	root := o
	walk = func(o fyne.CanvasObject) {
		// A tab that is not selected is hidden as a whole; its content still counts.
		if o == nil || !o.Visible() && o != root {
			return
		}
		switch w := o.(type) {
		case *widget.Label:
			out = append(out, w.Text)
		case *widget.Button:
			out = append(out, w.Text)
		case *widget.Entry:
			out = append(out, w.Text)
		case *widget.Select:
			out = append(out, w.Selected)
		case *canvas.Text:
			out = append(out, w.Text)
		case *widget.Card:
			out = append(out, w.Title, w.Subtitle)
			walk(w.Content)
		case *fyne.Container:
			for _, child := range w.Objects {
				walk(child)
			}
		case fyne.Widget:
			for _, child := range test.WidgetRenderer(w).Objects() {
				walk(child)
			}
		}
	}
	walk(o)
	return strings.Join(out, "\n")
}

// tab is the text of one tab of the case.
func caseTab(c *caseDetail, i int) string { return caseShown(c.tabs.Items[i].Content) }

// overlays is the text of the dialogs open over the case's window.
func caseOverlays(c *caseDetail) string {
	var out []string
	for _, o := range c.e.win.Canvas().Overlays().List() {
		out = append(out, caseShown(o))
	}
	return strings.Join(out, "\n")
}

func caseWant(t *testing.T, what, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, w) {
			t.Errorf("%s does not show %q; it shows:\n%s", what, w, text)
		}
	}
}

func caseWantNot(t *testing.T, what, text string, nots ...string) {
	t.Helper()
	for _, w := range nots {
		if strings.Contains(text, w) {
			t.Errorf("%s shows %q, want it not shown; it shows:\n%s", what, w, text)
		}
	}
}

// offered reports whether the named button is shown (the step is offered at all).
func caseOffered(c *caseDetail, name string) bool {
	b := c.buttons[name]
	return b != nil && b.Visible()
}

func TestCaseDetailLifecycle(t *testing.T) {
	f := newCaseFixture(t)
	c := f.open(f.clerk)

	// Registered: only the decision is offered; the acceptance clock runs.
	if got := c.state.Text; got != "待受理" {
		t.Errorf("status = %q, want 待受理", got)
	}
	caseWant(t, "header", c.next.Text, "下一步可办理：受理决定")
	caseWant(t, "受理与办理", caseTab(c, caseTabHandling), "受理期限：2026-11-06，剩余 4 天", "尚未作出受理决定")
	for _, name := range []string{"reply", "extend", "rate", "stop", "object", "request_review"} {
		if caseOffered(c, name) {
			t.Errorf("registered case: %q is offered, want it not offered", name)
		}
	}

	// 受理.
	casePress(t, c, "decide")
	caseSubmit(t, c, func(fm *caseForm) {
		fm.selects["decision"].SetSelected("受理")
		caseSetText(fm.entries["on"], "2026-10-30")
	})
	if d := f.stored(); d.Status != model.StatusHandling || d.Decision != model.DecisionAccept || d.DecidedOn.String() != "2026-10-30" {
		t.Fatalf("after 受理: stored status %s, decision %s on %s; want handling, accept on 2026-10-30", d.Status, d.Decision, d.DecidedOn)
	}
	if got := c.state.Text; got != "办理中" {
		t.Errorf("after 受理: status = %q, want 办理中", got)
	}
	caseWant(t, "受理与办理 after 受理", caseTab(c, caseTabHandling),
		"受理（2026-10-30）", "受理期限：2026-11-06，已于 2026-10-30 完成", "办理期限：2026-12-29，剩余 57 天")
	if caseOffered(c, "decide") {
		t.Error("after 受理: 受理决定 is still offered")
	}
	if !caseOffered(c, "reply") || !caseOffered(c, "extend") {
		t.Error("after 受理: 答复 and 延期 should be offered")
	}

	// 确定包案领导.
	casePress(t, c, "assign")
	caseSubmit(t, c, func(fm *caseForm) {
		fm.selects["leader"].SetSelected("王建国（区级，副区长）")
		caseSetText(fm.entries["on"], "2026-10-30")
		caseSetText(fm.entries["plan"], "约谈企业负责人，协调支付")
	})
	d := f.stored()
	if len(d.Assignments) != 1 || d.Assignments[0].LeaderID != f.leader.ID || len(d.Assignments[0].Duties) != 4 {
		t.Fatalf("after assigning: stored assignments %+v, want one of leader %d with four duties", d.Assignments, f.leader.ID)
	}
	asg := d.Assignments[0]
	caseWant(t, "包案", caseTab(c, caseTabAssign), "王建国（区级，副区长）", "包案日期 2026-10-30", "约谈企业负责人，协调支付",
		"包调查处理", "包思想教育", "包化解稳控", "包息诉息访", "未开始", "事项答复办结后才能销号")
	if caseOffered(c, "strike_off."+strconv.FormatInt(asg.ID, 10)) {
		t.Error("open case: 销号 is offered")
	}

	// 登门走访.
	casePress(t, c, "visit.add")
	caseSubmit(t, c, func(fm *caseForm) {
		fm.selects["kind"].SetSelected("登门走访")
		caseSetText(fm.entries["on"], "2026-10-31")
		caseSetText(fm.entries["place"], "张三家中")
		caseSetText(fm.entries["notes"], "了解欠薪情况")
	})
	if vs := f.stored().Visits; len(vs) != 1 || vs[0].Kind != model.VisitHome || vs[0].LeaderID == nil || *vs[0].LeaderID != f.leader.ID {
		t.Fatalf("after 登门走访: stored visits %+v, want one home visit led by %d", vs, f.leader.ID)
	}
	caseWant(t, "四访", caseTab(c, caseTabVisits), "2026-10-31 登门走访", "张三家中", "了解欠薪情况", "王建国")

	// The four duties, one by one.
	for _, duty := range asg.Duties {
		row := c.duties[duty.ID]
		if row == nil {
			t.Fatalf("duty %s has no row", duty.Kind)
		}
		row.status.SetSelected("已完成")
		caseSetText(row.note, "已完成："+string(duty.Kind))
		casePress(t, c, "duty.save."+strconv.FormatInt(duty.ID, 10))
	}
	for _, duty := range f.stored().Assignments[0].Duties {
		if duty.Status != model.DutyDone || duty.UpdatedOn != testToday {
			t.Errorf("stored duty %s: status %s on %s, want done on %s", duty.Kind, duty.Status, duty.UpdatedOn, testToday)
		}
	}
	assignText := caseTab(c, caseTabAssign)
	if n := strings.Count(assignText, "已完成："); n != 4 {
		t.Errorf("包案 shows %d completed duty notes, want 4:\n%s", n, assignText)
	}
	caseWantNot(t, "包案 after the duties", assignText, "未开始")

	// 答复.
	casePress(t, c, "reply")
	caseSubmit(t, c, func(fm *caseForm) {
		fm.selects["kind"].SetSelected("支持")
		caseSetText(fm.entries["on"], "2026-11-02")
		caseSetText(fm.entries["text"], "已协调企业支付工资")
	})
	if d := f.stored(); d.Status != model.StatusClosed || d.ReplyKind != model.ReplySupport || d.ClosedOn != testToday {
		t.Fatalf("after 答复: stored status %s, reply %s on %s; want closed, support on %s", d.Status, d.ReplyKind, d.ClosedOn, testToday)
	}
	caseWant(t, "受理与办理 after 答复", caseTab(c, caseTabHandling),
		"支持（2026-11-02 答复）", "已协调企业支付工资", "办理期限：2026-12-29，已于 2026-11-02 完成")
	if caseOffered(c, "reply") || caseOffered(c, "extend") {
		t.Error("closed case: 答复 or 延期 is still offered")
	}

	// 上门回访, without a rating: the rating is recorded next, with its own button.
	casePress(t, c, "visit.add")
	caseSubmit(t, c, func(fm *caseForm) {
		fm.selects["kind"].SetSelected("上门回访")
		caseSetText(fm.entries["on"], "2026-11-02")
		caseSetText(fm.entries["outcome"], "工资已到账")
	})
	if d := f.stored(); len(d.Visits) != 2 || d.Visits[1].Kind != model.VisitFollowUp || d.FirstFollowUpOn != testToday {
		t.Fatalf("after 上门回访: stored visits %+v, first follow-up %s; want a follow-up on %s", d.Visits, d.FirstFollowUpOn, testToday)
	}
	visits := caseTab(c, caseTabVisits)
	caseWant(t, "四访", visits, "2026-11-02 上门回访", "工资已到账")
	if i, j := strings.Index(visits, "登门走访"), strings.Index(visits, "上门回访"); i < 0 || j < i {
		t.Errorf("四访 timeline: 登门走访 at %d, 上门回访 at %d; want the earlier visit first", i, j)
	}

	// 满意.
	casePress(t, c, "rate")
	caseSubmit(t, c, func(fm *caseForm) { fm.selects["rating"].SetSelected("满意") })
	if d := f.stored(); d.Rating != model.RatingSatisfied || d.RatedOn != testToday {
		t.Fatalf("after rating: stored rating %q on %s, want satisfied on %s", d.Rating, d.RatedOn, testToday)
	}
	caseWant(t, "受理与办理 after rating", caseTab(c, caseTabHandling), "满意度：满意（2026-11-02）")

	// 销号: offered now that the case is closed and the four duties are done.
	strike := "strike_off." + strconv.FormatInt(asg.ID, 10)
	caseWant(t, "header", c.next.Text, "销号")
	casePress(t, c, strike)
	caseSubmit(t, c, func(fm *caseForm) {
		caseSetText(fm.entries["by"], "赵主任")
		caseSetText(fm.entries["note"], "同意销号")
	})
	if a := f.stored().Assignments[0]; a.StruckOffOn != testToday || a.StruckOffBy != "赵主任" {
		t.Fatalf("after 销号: stored struck off %s by %q, want %s by 赵主任", a.StruckOffOn, a.StruckOffBy, testToday)
	}
	caseWant(t, "包案 after 销号", caseTab(c, caseTabAssign), "已于 2026-11-02 销号，审批人 赵主任：同意销号")
	if caseOffered(c, strike) {
		t.Error("after 销号: 销号 is still offered")
	}
	if b := c.buttons["duty.save."+strconv.FormatInt(asg.Duties[0].ID, 10)]; !b.Disabled() {
		t.Error("after 销号: duty progress can still be saved")
	}

	// 操作记录 lists the steps with their old → new values.
	caseWant(t, "操作记录", caseTab(c, caseTabHistory),
		"clerk  登记", "clerk  受理决定", "状态：待受理 → 办理中", "clerk  确定包案领导", "clerk  记录四访",
		"clerk  答复办结", "满意度：（空） → 满意", "clerk  销号")
}

func TestCaseDetailConflict(t *testing.T) {
	f := newCaseFixture(t)
	c := f.open(f.clerk)

	// Another desk saves between this window's load and its save.
	other := model.Actor{UserID: 9, Login: "desk2", Role: model.RoleClerk}
	cur := f.stored().Case
	cur.Summary = "反映某公司拖欠工资四个月"
	if _, err := f.s.UpdateCase(f.ctx, other, cur); err != nil {
		t.Fatalf("UpdateCase by desk2: %v", err)
	}

	casePress(t, c, "decide")
	caseSubmit(t, c, func(fm *caseForm) { fm.selects["decision"].SetSelected("受理") })

	caseWant(t, "dialog", caseOverlays(c), "已被他人修改", "desk2", "您这次的修改没有保存")
	d := f.stored()
	if d.Status != model.StatusRegistered || d.Summary != "反映某公司拖欠工资四个月" {
		t.Errorf("after the conflict: stored status %s, summary %q; want registered and desk2's summary", d.Status, d.Summary)
	}
	if c.detail.Version != d.Version {
		t.Errorf("after the conflict: screen has version %d, want the reloaded %d", c.detail.Version, d.Version)
	}
	if got := c.basic.summary.Text; got != "反映某公司拖欠工资四个月" {
		t.Errorf("after the conflict: 事项摘要 = %q, want desk2's text", got)
	}

	// The basic tab's save is refused the same way after another change.
	cur = f.stored().Case
	cur.Note = "desk2 的备注"
	if _, err := f.s.UpdateCase(f.ctx, other, cur); err != nil {
		t.Fatalf("UpdateCase by desk2: %v", err)
	}
	caseSetText(c.basic.note, "本窗口的备注")
	casePress(t, c, "basic.save")
	if got := f.stored().Note; got != "desk2 的备注" {
		t.Errorf("stored note = %q, want desk2's note kept", got)
	}
	if got := c.basic.note.Text; got != "desk2 的备注" {
		t.Errorf("after the conflict: 备注 = %q, want the reloaded desk2 note", got)
	}
}

// A duty's progress saved by another desk since this window loaded it is not
// overwritten: the save is refused, says who saved, and the window shows their note.
func TestCaseDetailDutyConflict(t *testing.T) {
	f := newCaseFixture(t)
	f.accept()
	asg := f.assign(f.leader, "")
	c := f.open(f.clerk)
	duty := asg.Duties[0]

	other := model.Actor{UserID: 9, Login: "desk2", Role: model.RoleClerk}
	theirs := duty
	theirs.Status, theirs.Note = model.DutyDoing, "desk2：已约谈信访人"
	if _, err := f.s.UpdateDuty(f.ctx, other, theirs); err != nil {
		t.Fatalf("UpdateDuty by desk2: %v", err)
	}

	row := c.duties[duty.ID]
	row.status.SetSelected("已完成")
	caseSetText(row.note, "本窗口：已完成调查")
	casePress(t, c, "duty.save."+strconv.FormatInt(duty.ID, 10))

	caseWant(t, "dialog", caseOverlays(c), "已被他人修改", "desk2", "您这次的修改没有保存")
	if got := f.stored().Assignments[0].Duties[0]; got.Note != theirs.Note || got.Status != model.DutyDoing {
		t.Errorf("stored duty = %+v; want desk2's note and status kept", got)
	}
	if got := c.duties[duty.ID].note.Text; got != theirs.Note {
		t.Errorf("after the conflict: duty note shows %q; want desk2's %q", got, theirs.Note)
	}
}

func TestCaseDetailRefusalShowsStoreMessage(t *testing.T) {
	f := newCaseFixture(t)
	c := f.open(f.clerk)

	casePress(t, c, "decide")
	caseSubmit(t, c, func(fm *caseForm) { fm.selects["decision"].SetSelected("不予受理") })

	text := caseOverlays(c)
	caseWant(t, "dialogs", text, "不予受理须写明理由和依据", "受理决定")
	caseWantNot(t, "dialogs", text, "store:")
	if got := f.stored().Status; got != model.StatusRegistered {
		t.Errorf("stored status = %s, want registered", got)
	}
	// The form is open again with what was chosen, so only the reason needs adding.
	if got := c.form.selects["decision"].Selected; got != "不予受理" {
		t.Errorf("reopened form: decision = %q, want 不予受理", got)
	}
	caseSubmit(t, c, func(fm *caseForm) {
		caseSetText(fm.entries["reason"], "不属于信访事项，已告知通过诉讼解决")
	})
	if got := f.stored().Status; got != model.StatusNotAccepted {
		t.Errorf("after adding the reason: stored status = %s, want not_accepted", got)
	}
}

func TestCaseDetailBadDateNamesTheField(t *testing.T) {
	f := newCaseFixture(t)
	c := f.open(f.clerk)
	casePress(t, c, "decide")
	caseSubmit(t, c, func(fm *caseForm) { caseSetText(fm.entries["on"], "2026-02-30") })
	caseWant(t, "dialogs", caseOverlays(c), "决定日期：日期「2026-02-30」无效")
	if got := f.stored().Status; got != model.StatusRegistered {
		t.Errorf("stored status = %s, want registered", got)
	}
}

func TestCaseDetailMaskedUntilRevealed(t *testing.T) {
	f := newCaseFixture(t)
	c := f.open(f.clerk)

	people := caseTab(c, caseTabPeople)
	caseWant(t, "信访人", people, "张三（第一信访人）", model.MaskPhone(f.phone), model.MaskIDNumber(f.idNo), "显示完整")
	caseWantNot(t, "信访人", people, f.phone, f.idNo)

	casePress(t, c, "people.reveal."+strconv.FormatInt(c.detail.Petitioners[0].ID, 10))
	people = caseTab(c, caseTabPeople)
	caseWant(t, "信访人 after 显示完整", people, f.phone, f.idNo)

	log, err := f.s.AuditLog(f.ctx, f.admin, 0, 5)
	if err != nil {
		t.Fatalf("AuditLog: %v", err)
	}
	if len(log) == 0 || log[0].Action != "pii.reveal" || log[0].Actor != "clerk" {
		t.Errorf("latest audit entry = %+v, want pii.reveal by clerk", log)
	}

	// A viewer sees the masked data and cannot ask for more.
	v := f.open(model.Actor{UserID: 3, Login: "viewer", Role: model.RoleViewer})
	caseWantNot(t, "信访人 (viewer)", caseTab(v, caseTabPeople), f.phone)
	if b := v.people[0].reveal; !b.Disabled() {
		t.Error("viewer: 显示完整 is enabled")
	}
}

func TestCaseDetailRoles(t *testing.T) {
	f := newCaseFixture(t)
	f.accept()
	a1 := f.assign(f.leader, "")
	a2 := f.assign(f.leader2, "")
	duty := func(a model.AssignmentDetail) string { return "duty.save." + strconv.FormatInt(a.Duties[0].ID, 10) }

	tests := []struct {
		name    string
		actor   model.Actor
		enabled []string
		greyed  []string
	}{
		{"viewer", model.Actor{UserID: 3, Login: "viewer", Role: model.RoleViewer},
			nil, []string{"reply", "extend", "assign", "visit.add", "attachment.add", "supervision.add", "basic.save", duty(a1)}},
		{"leader carrying", model.Actor{UserID: 4, Login: "wangjg", Role: model.RoleLeader, LeaderID: f.leader.ID},
			[]string{"visit.add", "attachment.add", duty(a1)}, []string{"reply", "extend", "assign", "basic.save", duty(a2)}},
		{"clerk", f.clerk,
			[]string{"reply", "extend", "assign", "visit.add", "attachment.add", "supervision.add", "basic.save", duty(a1), duty(a2)}, nil},
	}
	for _, tt := range tests {
		c := f.open(tt.actor)
		for _, name := range tt.enabled {
			if b := c.buttons[name]; b == nil || !b.Visible() || b.Disabled() {
				t.Errorf("%s: button %q is not offered enabled", tt.name, name)
			}
		}
		for _, name := range tt.greyed {
			if b := c.buttons[name]; b == nil || !b.Visible() || !b.Disabled() {
				t.Errorf("%s: button %q is not shown disabled", tt.name, name)
			}
		}
	}
}

func TestCaseDetailAttachments(t *testing.T) {
	f := newCaseFixture(t)
	c := f.open(f.clerk)

	c.addFile("来信扫描.txt", io.NopCloser(strings.NewReader("来信内容")))
	c.e.bg.drain()
	atts := f.stored().Attachments
	if len(atts) != 1 || atts[0].Name != "来信扫描.txt" || atts[0].Size != int64(len("来信内容")) {
		t.Fatalf("stored attachments = %+v, want 来信扫描.txt of %d bytes", atts, len("来信内容"))
	}
	caseWant(t, "附件", caseTab(c, caseTabFiles), "来信扫描.txt（12 B，clerk")

	var opened *url.URL
	c.openURL = func(u *url.URL) error { opened = u; return nil }
	casePress(t, c, "attachment.open."+strconv.FormatInt(atts[0].ID, 10))
	if opened == nil {
		t.Fatal("打开 opened nothing")
	}
	if !strings.HasSuffix(opened.Path, "/来信扫描.txt") {
		t.Errorf("opened %s, want a file named 来信扫描.txt", opened)
	}
	data, err := os.ReadFile(opened.Path)
	if err != nil || string(data) != "来信内容" {
		t.Errorf("opened file holds %q (%v), want 来信内容", data, err)
	}
	os.RemoveAll(strings.TrimSuffix(opened.Path, "/来信扫描.txt"))
}

func TestCaseDetailSupervisionAndExtension(t *testing.T) {
	f := newCaseFixture(t)
	f.accept()
	c := f.open(f.clerk)

	casePress(t, c, "supervision.add")
	caseSubmit(t, c, func(fm *caseForm) {
		caseSetText(fm.entries["issuer"], "市信访局")
		caseSetText(fm.entries["issued_on"], "2026-10-31")
		caseSetText(fm.entries["demand"], "限期报送办理情况")
		caseSetText(fm.entries["due_on"], "2026-11-01")
	})
	svs := f.stored().Supervisions
	if len(svs) != 1 || svs[0].Issuer != "市信访局" {
		t.Fatalf("stored supervisions = %+v, want one from 市信访局", svs)
	}
	caseWant(t, "督办", caseTab(c, caseTabHandling), "市信访局（2026-10-31）：限期报送办理情况", "回复期限：2026-11-01")

	casePress(t, c, "supervision.reply."+strconv.FormatInt(svs[0].ID, 10))
	caseSubmit(t, c, func(fm *caseForm) { caseSetText(fm.entries["reply"], "已报送") })
	if sv := f.stored().Supervisions[0]; sv.RepliedOn != testToday || sv.Reply != "已报送" {
		t.Fatalf("stored supervision replied %s: %q, want %s: 已报送", sv.RepliedOn, sv.Reply, testToday)
	}
	caseWant(t, "督办 after the reply", caseTab(c, caseTabHandling), "2026-11-02 已回复：已报送")

	casePress(t, c, "extend")
	caseSubmit(t, c, func(fm *caseForm) {
		caseSetText(fm.entries["approver"], "钱局长")
		caseSetText(fm.entries["reason"], "需调取企业账目")
	})
	d := f.stored()
	if d.ExtendedDue.String() != "2027-01-28" || len(d.Extensions) != 1 {
		t.Fatalf("after 延期: stored extended due %s, %d extensions; want 2027-01-28 and one", d.ExtendedDue, len(d.Extensions))
	}
	caseWant(t, "受理与办理 after 延期", caseTab(c, caseTabHandling),
		"延期至 2027-01-28：钱局长 于 2026-11-02 批准", "办理期限（已延期，原 2026-12-29）：2027-01-28")
	if caseOffered(c, "extend") {
		t.Error("after 延期: 延期 is offered again (only one is allowed)")
	}
}

func TestCaseDetailOverdueClockIsRed(t *testing.T) {
	f := newCaseFixture(t)
	cur := f.stored().Case
	cur.ReceivedOn = model.MustDate("2026-10-01")
	if _, err := f.s.UpdateCase(f.ctx, f.clerk, cur); err != nil {
		t.Fatal(err)
	}
	c := f.open(f.clerk)
	if len(c.clocks) == 0 {
		t.Fatal("no clock is shown")
	}
	l := c.clocks[0]
	if got, want := l.Text, "受理期限：2026-10-16，已超期 17 天"; got != want {
		t.Errorf("acceptance clock = %q, want %q", got, want)
	}
	if l.Importance != widget.DangerImportance {
		t.Errorf("overdue clock importance = %v, want danger", l.Importance)
	}
}

func TestCaseDetailReviewStages(t *testing.T) {
	f := newCaseFixture(t)
	d := f.stored()
	c0, err := f.s.Decide(f.ctx, f.clerk, f.caseID, d.Version, model.DecisionAccept, model.MustDate("2026-10-22"), "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.Reply(f.ctx, f.clerk, f.caseID, c0.Version, model.ReplyExplain, model.MustDate("2026-10-23"), "已解释政策"); err != nil {
		t.Fatal(err)
	}
	c := f.open(f.clerk)
	caseWant(t, "受理与办理 (closed)", caseTab(c, caseTabHandling), "可申请复查至：2026-11-23，剩余 21 天")
	if caseOffered(c, "request_recheck") || caseOffered(c, "reply_review") {
		t.Error("closed case: 申请复核 or 复查答复 is offered before any 复查")
	}

	steps := []struct {
		button string
		fill   func(*caseForm)
		status model.Status
		shows  string
	}{
		{"request_review", func(fm *caseForm) {
			caseSetText(fm.entries["on"], "2026-10-25")
			caseSetText(fm.entries["organ"], "区政府")
		}, model.StatusReview, "复查期限：2026-11-24，剩余 22 天"},
		{"reply_review", func(fm *caseForm) {
			fm.selects["opinion"].SetSelected("解释说明")
			caseSetText(fm.entries["on"], "2026-10-28")
		}, model.StatusReviewed, "复查期限：2026-11-24，已于 2026-10-28 完成"},
		{"request_recheck", func(fm *caseForm) {
			caseSetText(fm.entries["on"], "2026-10-30")
			caseSetText(fm.entries["organ"], "市信访局")
		}, model.StatusRecheck, "复核期限：2026-11-30，剩余 28 天"},
		{"hearing", func(fm *caseForm) { caseSetText(fm.entries["days"], "5") },
			model.StatusRecheck, "复核期限（听证 5 天不计入）：2026-12-04，剩余 32 天"},
		{"reply_recheck", func(fm *caseForm) {
			fm.selects["opinion"].SetSelected("不予支持")
			caseSetText(fm.entries["on"], "2026-11-02")
		}, model.StatusFinal, "复核：2026-10-30 申请，市信访局；2026-11-02 答复：不予支持"},
	}
	for _, st := range steps {
		casePress(t, c, st.button)
		caseSubmit(t, c, st.fill)
		if got := f.stored().Status; got != st.status {
			t.Fatalf("after %s: stored status %s, want %s; dialogs:\n%s", st.button, got, st.status, caseOverlays(c))
		}
		caseWant(t, "受理与办理 after "+st.button, caseTab(c, caseTabHandling), st.shows)
	}
	for _, name := range []string{"request_review", "reply_review", "request_recheck", "reply_recheck", "hearing"} {
		if caseOffered(c, name) {
			t.Errorf("final case: %q is offered", name)
		}
	}
	if !caseOffered(c, "rate") || !caseOffered(c, "stop") {
		t.Error("final case: 评价 and 息诉罢访 should still be offered")
	}
	casePress(t, c, "stop")
	caseSubmit(t, c, func(*caseForm) {})
	if got := f.stored().StoppedOn; got != testToday {
		t.Errorf("stored 息诉罢访 = %s, want %s", got, testToday)
	}
	caseWant(t, "受理与办理 after 息诉罢访", caseTab(c, caseTabHandling), "已于 2026-11-02 息诉罢访")
	if caseOffered(c, "stop") {
		t.Error("息诉罢访 is offered a second time")
	}
}

func TestCaseDetailLeaderRecordsProgress(t *testing.T) {
	f := newCaseFixture(t)
	f.accept()
	asg := f.assign(f.leader, "初步方案")
	c := f.open(model.Actor{UserID: 4, Login: "wangjg", Role: model.RoleLeader, LeaderID: f.leader.ID})

	caseSetText(c.plans[asg.ID], "约谈企业负责人，三日内拿出支付计划")
	casePress(t, c, "plan.save."+strconv.FormatInt(asg.ID, 10))
	caseSetText(c.logs[asg.ID], "电话联系信访人，情绪稳定")
	casePress(t, c, "log.add."+strconv.FormatInt(asg.ID, 10))

	got := f.stored().Assignments[0]
	if got.Plan != "约谈企业负责人，三日内拿出支付计划" || len(got.Logs) != 1 || got.Logs[0].Author != "wangjg" {
		t.Fatalf("stored plan %q, logs %+v; want the new plan and one log by wangjg", got.Plan, got.Logs)
	}
	caseWant(t, "包案", caseTab(c, caseTabAssign), "约谈企业负责人，三日内拿出支付计划", "2026-11-02 wangjg：电话联系信访人，情绪稳定")
}
