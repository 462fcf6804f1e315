package ui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
	"baoan/store"
)

// Actors of the admin screens' tests. The store trusts the actor it is given; these are
// the roles the screens and the store check.
var (
	actAdmin  = model.Actor{UserID: 1, Login: "admin", Role: model.RoleAdmin}
	actClerk  = model.Actor{UserID: 2, Login: "clerk", Role: model.RoleClerk}
	actViewer = model.Actor{UserID: 3, Login: "viewer", Role: model.RoleViewer}
)

// navLog is a navigator that records where the screens send the user.
type navLog struct {
	ledger  []model.CaseFilter
	changed int // dictionariesChanged calls
}

func (n *navLog) openCase(int64)                {}
func (n *navLog) showLedger(f model.CaseFilter) { n.ledger = append(n.ledger, f) }
func (n *navLog) newCase()                      {}
func (n *navLog) dictionariesChanged()          { n.changed++ }
func (n *navLog) lastLedger() (model.CaseFilter, bool) {
	if len(n.ledger) == 0 {
		return model.CaseFilter{}, false
	}
	return n.ledger[len(n.ledger)-1], true
}

// adminEnv is an env over a real store in a 1100×700 test window, as actor, on testToday
// (the rules' "today" is pinned to it too). Background work waits for bg.drain.
func adminEnv(t *testing.T, s *store.Store, actor model.Actor) (*env, *navLog) {
	t.Helper()
	a := newTestApp(t)
	old := model.Now
	model.Now = func() model.Date { return testToday }
	t.Cleanup(func() { model.Now = old })
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1100, 700))
	nav := &navLog{}
	e := &env{app: a, win: w, backend: s, actor: actor, names: NameMap{}, today: func() model.Date { return testToday },
		bg: &background{hold: true}, nav: nav}
	return e, nav
}

// showScreen puts a screen in the env's window and applies its first results.
func showScreen(e *env, view fyne.CanvasObject) {
	e.win.SetContent(view)
	e.bg.drain()
}

// overlayText is every text shown by the topmost dialog of the window, "" when none.
func overlayText(w fyne.Window) string {
	top := w.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	var b strings.Builder
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			b.WriteString(x.Text + "\n")
			return
		case *canvas.Text:
			b.WriteString(x.Text + "\n")
			return
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
			return
		}
		if wd, ok := o.(fyne.Widget); ok {
			for _, c := range test.WidgetRenderer(wd).Objects() {
				walk(c)
			}
		}
	}
	walk(top)
	return b.String()
}

// dismissOverlays removes every dialog from the window.
func dismissOverlays(w fyne.Window) {
	for top := w.Canvas().Overlays().Top(); top != nil; top = w.Canvas().Overlays().Top() {
		w.Canvas().Overlays().Remove(top)
	}
}

// paneNames is what a dictionary pane lists, through the list's own functions.
func paneNames(p *dictPane) []string {
	var out []string
	for i := range p.list.Length() {
		o := p.list.CreateItem()
		p.list.UpdateItem(i, o)
		out = append(out, o.(*widget.Label).Text)
	}
	return out
}

func tabTexts(tabs []*container.TabItem) []string {
	var out []string
	for _, t := range tabs {
		out = append(out, t.Text)
	}
	return out
}

func TestSettingsAddStreetCommunityAndCategory(t *testing.T) {
	s := openTestStore(t)
	e, nav := adminEnv(t, s, actAdmin)
	st := newSettings(e)
	showScreen(e, st.view)

	test.Type(st.streets.name, "和平街道")
	test.Tap(st.streets.add)
	e.bg.drain()
	if got := paneNames(st.streets); !slices.Equal(got, []string{"和平街道"}) {
		t.Fatalf("streets listed = %q, want [和平街道]", got)
	}
	if st.streets.name.Text != "" {
		t.Errorf("street name box = %q after adding, want it cleared", st.streets.name.Text)
	}

	// A community goes under the street selected on the left.
	test.Type(st.communities.name, "和平里社区")
	test.Tap(st.communities.add)
	e.bg.drain()
	if got := overlayText(e.win); !strings.Contains(got, "请先在左侧选择社区所属的街道") {
		t.Errorf("adding a community with no street selected shows %q, want the pick-a-street message", got)
	}
	dismissOverlays(e.win)
	st.streets.list.Select(0)
	e.bg.drain()
	test.Tap(st.communities.add)
	e.bg.drain()
	if got := paneNames(st.communities); !slices.Equal(got, []string{"和平里社区"}) {
		t.Fatalf("communities of 和平街道 = %q, want [和平里社区]", got)
	}
	streets, _ := s.Streets(context.Background())
	comms, _ := s.Communities(context.Background(), streets[0].ID)
	if len(comms) != 1 || comms[0].Name != "和平里社区" {
		t.Errorf("store communities of %s = %+v, want 和平里社区", streets[0].Name, comms)
	}

	test.Type(st.categories.name, "征地拆迁")
	test.Tap(st.categories.add)
	e.bg.drain()
	if got := paneNames(st.categories); !slices.Contains(got, "征地拆迁") {
		t.Errorf("categories listed = %q, want 征地拆迁 among them", got)
	}
	if nav.changed != 3 {
		t.Errorf("dictionariesChanged called %d times, want 3 (street, community, category)", nav.changed)
	}

	// Deactivating keeps the category, marked.
	i := slices.Index(paneNames(st.categories), "征地拆迁")
	st.categories.list.Select(i)
	test.Tap(st.categories.toggle)
	e.bg.drain()
	if got := paneNames(st.categories); !slices.Contains(got, "征地拆迁（已停用）") {
		t.Errorf("categories after 停用 = %q, want 征地拆迁（已停用）", got)
	}

	// The store's refusal is shown as it is: a duplicate name.
	st.streets.name.SetText("和平街道")
	test.Tap(st.streets.add)
	e.bg.drain()
	if got := overlayText(e.win); !strings.Contains(got, "已有同名的街道「和平街道」") {
		t.Errorf("adding a duplicate street shows %q, want the store's message", got)
	}
}

func TestSettingsInvalidPrefixShowsStoreMessage(t *testing.T) {
	s := openTestStore(t)
	e, _ := adminEnv(t, s, actAdmin)
	st := newSettings(e)
	showScreen(e, st.view)
	g := st.general
	if g.prefix.Text != "信" || g.office.Text != "信访局" || !g.roll.Checked || g.readAll.Checked || g.idle.Text != "15" {
		t.Fatalf("loaded settings: prefix %q office %q roll %v readAll %v idle %q, want the defaults", g.prefix.Text, g.office.Text, g.roll.Checked, g.readAll.Checked, g.idle.Text)
	}

	g.prefix.SetText("和〔信〕")
	test.Tap(g.save)
	e.bg.drain()
	if got := overlayText(e.win); !strings.Contains(got, "信访编号前缀「和〔信〕」无效") {
		t.Errorf("saving a bad prefix shows %q, want the store's message", got)
	}
	if v, _ := s.Setting(context.Background(), "case_prefix"); v != "信" {
		t.Errorf("case_prefix = %q after a refused save, want 信", v)
	}
	dismissOverlays(e.win)

	g.prefix.SetText("和信")
	g.office.SetText("和平区信访局")
	g.readAll.SetChecked(true)
	test.Tap(g.save)
	e.bg.drain()
	if got := overlayText(e.win); got != "" {
		t.Fatalf("saving good settings shows a dialog: %q", got)
	}
	all, _ := s.Settings(context.Background())
	for k, want := range map[string]string{"case_prefix": "和信", "office_name": "和平区信访局", "leaders_read_all": "1", "roll_to_workday": "1"} {
		if all[k] != want {
			t.Errorf("setting %s = %q, want %q", k, all[k], want)
		}
	}

	g.language.SetSelectedIndex(2)
	if got := e.app.Preferences().String(prefLanguage); got != LangEnglish {
		t.Errorf("preference %s = %q after choosing English, want %q", prefLanguage, got, LangEnglish)
	}
	if g.langNote.Text != "下次启动程序时生效" {
		t.Errorf("language note = %q, want the next-start note", g.langNote.Text)
	}
}

func TestSettingsHolidayAddDelete(t *testing.T) {
	s := openTestStore(t)
	e, _ := adminEnv(t, s, actAdmin)
	st := newSettings(e)
	showScreen(e, st.view)
	h := st.holidays
	h.setYear(2031) // a year no built-in calendar covers
	e.bg.drain()
	if len(h.rows) != 0 {
		t.Fatalf("2031 lists %d holidays before adding, want 0", len(h.rows))
	}

	test.Type(h.day, "2031-10-01")
	test.Type(h.name, "国庆节")
	test.Tap(h.add)
	e.bg.drain()
	h.kind.SetSelectedIndex(1) // 班
	test.Type(h.day, "2031-09-28")
	test.Tap(h.add)
	e.bg.drain()

	want := [][]string{{"2031-09-28（星期日）", "班（调休上班）", ""}, {"2031-10-01（星期三）", "休（放假）", "国庆节"}}
	if len(h.rows) != len(want) {
		t.Fatalf("2031 lists %d holidays, want %d", len(h.rows), len(want))
	}
	for r, row := range want {
		for c, w := range row {
			if got := gridText(h.table, r, c); got != w {
				t.Errorf("holiday cell(%d, %d) = %q, want %q", r, c, got, w)
			}
		}
	}

	h.table.Select(widget.TableCellID{Row: 1, Col: 0})
	test.Tap(h.remove)
	e.bg.drain()
	days, _ := s.Holidays(context.Background(), model.MustDate("2031-01-01"), model.MustDate("2031-12-31"))
	if len(days) != 1 || days[0].Day != model.MustDate("2031-09-28") || days[0].Kind != model.HolidayWork {
		t.Errorf("store holidays of 2031 after deleting 10-01 = %+v, want only the 09-28 working day", days)
	}
	if len(h.rows) != 1 {
		t.Errorf("2031 lists %d holidays after deleting one, want 1", len(h.rows))
	}

	test.Type(h.day, "2031-02-30")
	test.Tap(h.add)
	e.bg.drain()
	if got := overlayText(e.win); !strings.Contains(got, "日期「2031-02-30」无效") {
		t.Errorf("adding 2031-02-30 shows %q, want the date message", got)
	}
}

func TestSettingsTabsAndPermissions(t *testing.T) {
	s := openTestStore(t)
	tests := []struct {
		actor     model.Actor
		adminTabs bool
		canEdit   bool
	}{
		{actAdmin, true, true},
		{actClerk, false, false},
		{actViewer, false, false},
	}
	for _, tt := range tests {
		e, _ := adminEnv(t, s, tt.actor)
		st := newSettings(e)
		showScreen(e, st.view)
		tabs := tabTexts(st.tabs.Items)
		hasAdmin := slices.Contains(tabs, "用户") || slices.Contains(tabs, "操作日志")
		if hasAdmin != tt.adminTabs {
			t.Errorf("%s sees tabs %q: user/audit tabs shown = %v, want %v", tt.actor.Role, tabs, hasAdmin, tt.adminTabs)
		}
		for _, b := range []*widget.Button{st.general.save, st.streets.add, st.categories.add, st.holidays.add, st.leaders.save, st.general.backup} {
			if b.Disabled() == tt.canEdit {
				t.Errorf("%s: button %q disabled = %v, want %v", tt.actor.Role, b.Text, b.Disabled(), !tt.canEdit)
			}
		}
	}

	// A viewer's save, forced past the disabled button, is refused by the store.
	e, _ := adminEnv(t, s, actViewer)
	st := newSettings(e)
	showScreen(e, st.view)
	st.general.office.SetText("某区信访局")
	st.general.onSave()
	e.bg.drain()
	if got := overlayText(e.win); !strings.Contains(got, "没有权限") || !strings.Contains(got, "只读") {
		t.Errorf("a viewer's forced save shows %q, want the store's refusal", got)
	}
	if v, _ := s.Setting(context.Background(), "office_name"); v != "信访局" {
		t.Errorf("office_name = %q after a viewer's save, want 信访局", v)
	}
	err := s.SetSetting(context.Background(), actViewer, "office_name", "某区信访局")
	if !errors.Is(err, store.ErrForbidden) {
		t.Errorf("SetSetting(viewer) error = %v, want ErrForbidden", err)
	}
}

func TestSettingsLeaderCreateEditDeactivate(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	dept, err := s.CreateUnit(ctx, actAdmin, model.Unit{Name: "区住建局", Kind: model.UnitDepartment})
	if err != nil {
		t.Fatal(err)
	}
	e, nav := adminEnv(t, s, actAdmin)
	st := newSettings(e)
	showScreen(e, st.view)
	le := st.leaders

	test.Tap(le.newOne)
	test.Type(le.name, "王建国")
	test.Type(le.title, "副区长")
	le.level.SetSelectedIndex(0) // 区级
	le.unit.SetSelected("区住建局")
	test.Type(le.phone, "13912345678")
	test.Tap(le.save)
	e.bg.drain()
	ls, _ := s.Leaders(ctx, false)
	if len(ls) != 1 {
		t.Fatalf("store has %d leaders, want 1", len(ls))
	}
	got := ls[0]
	if got.Name != "王建国" || got.Title != "副区长" || got.Level != model.LevelDistrict || got.UnitID == nil || *got.UnitID != dept.ID || got.Phone != "13912345678" || !got.Active {
		t.Errorf("created leader = %+v, want 王建国 副区长 区级 区住建局 13912345678 active", got)
	}
	if want := []string{"王建国", "副区长", "区级", "区住建局", "13912345678"}; !slices.Equal(gridRowText(le.table, 0, ldColumns), want) {
		t.Errorf("leader row = %q, want %q", gridRowText(le.table, 0, ldColumns), want)
	}

	le.title.SetText("区长")
	test.Tap(le.save)
	e.bg.drain()
	test.Tap(le.toggle)
	e.bg.drain()
	ls, _ = s.Leaders(ctx, false)
	if len(ls) != 1 || ls[0].Title != "区长" || ls[0].Active {
		t.Errorf("after editing and 停用: %+v, want one inactive leader titled 区长", ls)
	}
	if got := gridText(le.table, 0, ldName); got != "王建国（已停用）" {
		t.Errorf("name cell = %q, want 王建国（已停用）", got)
	}
	if nav.changed != 3 {
		t.Errorf("dictionariesChanged called %d times, want 3", nav.changed)
	}
}

// gridRowText is the text of one row's first n cells.
func gridRowText(t *widget.Table, row, n int) []string {
	out := make([]string, n)
	for col := range out {
		out[col] = gridText(t, row, col)
	}
	return out
}
