package ui

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
	"baoan/store"
)

// englishOffice fills a database with data written in English and pinyin, case numbers
// prefixed XF, so that any Chinese on an English screen comes from the screens, not from
// the data. It returns the case numbers (their 〔〕 brackets are data too) and the id of
// the case that went through every step.
func englishOffice(t *testing.T, st *store.Store, admin model.Actor) (nos []string, full int64) {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("test data: %v", err)
		}
	}
	must(st.SetSetting(ctx, admin, store.SettingCasePrefix, "XF"))
	must(st.SetSetting(ctx, admin, store.SettingOfficeName, "Heping District Petition Office"))
	// The built-in public holidays carry their Chinese names: replace them.
	days, err := st.Holidays(ctx, model.Date{}, model.Date{})
	must(err)
	for _, h := range days {
		must(st.DeleteHoliday(ctx, admin, h.Day))
	}
	must(st.PutHoliday(ctx, admin, model.Holiday{Day: model.MustDate("2026-10-01"), Kind: model.HolidayOff, Name: "National Day"}))
	must(st.PutHoliday(ctx, admin, model.Holiday{Day: model.MustDate("2026-10-11"), Kind: model.HolidayWork, Name: "National Day make-up day"}))

	street, err := st.CreateUnit(ctx, admin, model.Unit{Name: "Heping Street", Kind: model.UnitStreet})
	must(err)
	_, err = st.CreateUnit(ctx, admin, model.Unit{Name: "Donghu Community", Kind: model.UnitCommunity, ParentID: &street.ID})
	must(err)
	dept, err := st.CreateUnit(ctx, admin, model.Unit{Name: "Human Resources Bureau", Kind: model.UnitDepartment})
	must(err)
	cat, err := st.CreateCategory(ctx, admin, model.Category{Name: "Labour and Social Security"})
	must(err)
	leader, err := st.CreateLeader(ctx, admin, model.Leader{Name: "Wang Jianguo", Title: "Deputy Mayor", Level: model.LevelDistrict, UnitID: &dept.ID, Phone: "13900001111", Active: true})
	must(err)
	must(st.SetLeaderAreas(ctx, admin, leader.ID, []int64{street.ID}))
	_, err = st.AddReceptionDay(ctx, admin, model.ReceptionDay{LeaderID: leader.ID, Day: testToday.AddDays(3), Place: "Reception Hall", Note: "Open day"})
	must(err)
	_, err = st.CreateUser(ctx, admin, model.User{Login: "clerk1", Name: "Li Dengji", Role: model.RoleClerk}, "clerk-password")
	must(err)

	add := func(received model.Date, name string, n int, supervised bool) model.Case {
		c, err := st.CreateCase(ctx, admin, model.Case{Channel: model.ChannelVisit, ReceivedOn: received, HeadCount: 1,
			CategoryID: cat.ID, StreetID: street.ID, Summary: "Wages unpaid for three months", Demands: "Pay the wages", Supervised: supervised},
			[]model.Petitioner{{Name: name, IDKind: model.IDResident, IDNumber: model.MakeIDNumber("440306", model.MustDate("1970-05-06"), n),
				Phone: fmt.Sprintf("1381234%04d", n), Address: "1 Donghu Road"}})
		must(err)
		nos = append(nos, c.No)
		return c
	}
	// A case taken through every step, one waiting for a decision, one overdue.
	c := add(model.MustDate("2026-10-20"), "Zhang San", 1, true)
	c, err = st.Decide(ctx, admin, c.ID, c.Version, model.DecisionAccept, model.MustDate("2026-10-21"), "")
	must(err)
	asg, err := st.AssignLeader(ctx, admin, c.ID, leader.ID, model.MustDate("2026-10-22"), "Meet the employer")
	must(err)
	d := asg.Duties[0]
	d.Status, d.Note, d.UpdatedOn = model.DutyDone, "Facts checked", model.MustDate("2026-10-23")
	_, err = st.UpdateDuty(ctx, admin, d)
	must(err)
	_, err = st.AddStabilityLog(ctx, admin, model.StabilityLog{AssignmentID: asg.ID, LoggedOn: model.MustDate("2026-10-24"), Note: "Petitioner calm"})
	must(err)
	_, err = st.AddVisit(ctx, admin, model.Visit{CaseID: c.ID, Kind: model.VisitHome, VisitedOn: model.MustDate("2026-10-25"), LeaderID: &leader.ID,
		Place: "Petitioner's home", Notes: "Heard the petitioner"})
	must(err)
	_, err = st.AddSupervision(ctx, admin, model.Supervision{CaseID: c.ID, Issuer: "City Petition Bureau", IssuedOn: model.MustDate("2026-10-26"),
		Demand: "Report progress", DueOn: model.MustDate("2026-11-05")})
	must(err)
	_, err = st.AddAttachment(ctx, admin, c.ID, "scan-1.txt", "text/plain", []byte("letter"))
	must(err)
	cur, err := st.GetCase(ctx, admin, c.ID)
	must(err)
	c, err = st.Extend(ctx, admin, c.ID, cur.Version, model.Extension{Approver: "Qian", ApprovedOn: model.MustDate("2026-10-27"),
		Reason: "Accounts needed", NewDue: cur.ReplyDue.AddDays(30), ToldOn: model.MustDate("2026-10-27")})
	must(err)
	c, err = st.Reply(ctx, admin, c.ID, c.Version, model.ReplySupport, model.MustDate("2026-10-30"), "Wages to be paid")
	must(err)
	_, err = st.AddVisit(ctx, admin, model.Visit{CaseID: c.ID, Kind: model.VisitFollowUp, VisitedOn: model.MustDate("2026-11-01"), LeaderID: &leader.ID,
		Outcome: "Wages paid", Rating: model.RatingSatisfied})
	must(err)
	full = c.ID

	add(testToday, "Li Si", 2, true)
	old := add(model.MustDate("2026-08-01"), "Wang Wu", 3, false)
	_, err = st.Decide(ctx, admin, old.ID, old.Version, model.DecisionAccept, model.MustDate("2026-08-03"), "")
	must(err)
	return nos, full
}

// translationKeyLike is how Fyne shows a missing translation: the key itself.
var translationKeyLike = regexp.MustCompile(`^[a-z]+(\.[a-z_0-9]+)+$`)

// uiTexts is every piece of text shown under o or offered to pick: what labels, buttons,
// entries (with their placeholders), pick lists (with every option), ticks, rich text,
// forms (with hints), cards and tabs hold, and the visible cells of tables and lists.
// Hidden objects are left out as the screen leaves them out: walking them would build
// their renderers before the screen does (a fieldError would then keep a stale one).
func uiTexts(o fyne.CanvasObject) []string {
	var out []string
	add := func(ss ...string) {
		for _, s := range ss {
			if strings.TrimSpace(s) != "" {
				out = append(out, s)
			}
		}
	}
	sel := func(s *widget.Select) {
		add(s.Selected, s.PlaceHolder)
		add(s.Options...)
	}
	shownWalk(o, func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Label:
			add(x.Text)
		case *widget.Button:
			add(x.Text)
		case *enterButton:
			add(x.Text)
		case *widget.Entry:
			add(x.Text, x.PlaceHolder)
		case *formEntry:
			add(x.Text, x.PlaceHolder)
		case *widget.Select:
			sel(x)
		case *formSelect:
			sel(&x.Select)
		case *widget.SelectEntry:
			add(x.Text, x.PlaceHolder)
		case *widget.Check:
			add(x.Text)
		case *widget.RadioGroup:
			add(x.Options...)
		case *widget.Hyperlink:
			add(x.Text)
		case *widget.RichText:
			for _, seg := range x.Segments {
				add(seg.Textual())
			}
		case *widget.Card:
			add(x.Title, x.Subtitle)
		case *widget.Form:
			for _, it := range x.Items {
				add(it.Text, it.HintText)
			}
		case *container.AppTabs:
			for _, it := range x.Items {
				add(it.Text)
			}
		case *container.DocTabs:
			for _, it := range x.Items {
				add(it.Text)
			}
		case *canvas.Text:
			add(x.Text)
		}
	})
	return out
}

// menuTexts are the labels of a main menu, its submenus included.
func menuTexts(mm *fyne.MainMenu) []string {
	if mm == nil {
		return nil
	}
	var out []string
	var items func([]*fyne.MenuItem)
	items = func(its []*fyne.MenuItem) {
		for _, it := range its {
			if it.Label != "" {
				out = append(out, it.Label)
			}
			if it.ChildMenu != nil {
				items(it.ChildMenu.Items)
			}
		}
	}
	for _, m := range mm.Items {
		out = append(out, m.Label)
		items(m.Items)
	}
	return out
}

// englishAudit looks at the text of every window and reports Chinese and translation
// keys in it, each text once, with the screen it was first seen on.
type englishAudit struct {
	t   *testing.T
	app fyne.App
	// data are values from the database that may hold CJK brackets: the case numbers.
	data []string
	// raw are whole texts a screen shows as the database holds them: the audit log's
	// action codes, which look like translation keys but are not.
	raw  map[string]bool
	seen map[string]bool
}

// isChinese reports whether r is a Han character or CJK punctuation (，：「」〔〕…).
func isChinese(r rune) bool {
	return unicode.Is(unicode.Han, r) || r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF
}

// check looks at every window: its title, menu, content and dialogs.
func (a *englishAudit) check(where string) {
	a.t.Helper()
	for _, w := range a.app.Driver().AllWindows() {
		texts := []string{w.Title()}
		texts = append(texts, menuTexts(w.MainMenu())...)
		texts = append(texts, uiTexts(w.Content())...)
		for _, o := range w.Canvas().Overlays().List() {
			texts = append(texts, uiTexts(o)...)
		}
		for _, s := range texts {
			a.text(where, s)
		}
	}
}

func (a *englishAudit) text(where, s string) {
	a.t.Helper()
	if a.seen[s] || a.raw[s] {
		return
	}
	a.seen[s] = true
	bare := s
	for _, d := range a.data {
		bare = strings.ReplaceAll(bare, d, "")
	}
	if strings.ContainsFunc(bare, isChinese) {
		a.t.Errorf("%s: Chinese in the English interface: %q", where, s)
	}
	if translationKeyLike.MatchString(strings.TrimSpace(s)) {
		a.t.Errorf("%s: missing translation, the key is shown: %q", where, s)
	}
}

// TestEnglishUIHasNoChinese walks every screen in English — first run, login, each
// screen of the rail with its tabs, the registration form with its messages, a case
// with each tab and a form, the account dialogs and the lock screen — and fails on any
// Chinese character outside the case numbers, and on any text that looks like a
// translation key.
func TestEnglishUIHasNoChinese(t *testing.T) {
	prev := model.Now
	model.Now = func() model.Date { return testToday }
	t.Cleanup(func() { model.Now = prev })
	st := openTestStore(t)
	a := newTestApp(t)
	if err := SetLanguage(LangEnglish); err != nil {
		t.Fatalf("SetLanguage(en): %v", err)
	}
	t.Cleanup(func() {
		if err := SetLanguage(LangChinese); err != nil {
			t.Errorf("SetLanguage(zh): %v", err)
		}
	})
	// As newTestSession, which would set Chinese.
	bg := &background{hold: true}
	s := startSession(a, st, Options{Today: func() model.Date { return testToday }}, bg)
	s.ticker = (&manualTicker{}).start
	t.Cleanup(func() {
		for _, w := range slices.Clone(a.Driver().AllWindows()) {
			w.Close()
		}
	})
	bg.drain()
	audit := &englishAudit{t: t, app: a, raw: map[string]bool{}, seen: map[string]bool{}}

	// First run: its form, a mistake, then the choices after creating the administrator.
	if s.first == nil {
		t.Fatal("an empty database does not open on the first-run screen")
	}
	audit.check("first run")
	f := s.first
	f.name.SetText("Zhang Wei")
	f.password.SetText("admin-password")
	f.again.SetText("admin-passw0rd")
	test.Tap(f.create)
	bg.drain()
	audit.check("first run, passwords differ")
	f.again.SetText("admin-password")
	test.Tap(f.create)
	bg.drain()
	if f.admin.ID == 0 {
		t.Fatalf("creating the administrator failed: %q", f.message.Text)
	}
	audit.check("first run, choices")
	admin := actorOf(f.admin)
	nos, full := englishOffice(t, st, admin)
	audit.data = nos
	entries, err := st.AuditLog(context.Background(), admin, 0, 1000)
	if err != nil {
		t.Fatalf("AuditLog: %v", err)
	}
	for _, e := range entries {
		audit.raw[e.Action] = true
	}

	// Login: an empty password, then signing in.
	test.Tap(f.blank)
	if s.login == nil {
		t.Fatal("从空白开始 did not lead to the login screen")
	}
	test.Tap(s.login.submit)
	audit.check("login, no password")
	test.Type(s.login.password, "admin-password")
	test.Tap(s.login.submit)
	bg.drain()
	m := s.main
	if m == nil {
		t.Fatalf("signing in failed: %q", s.login.message.Text)
	}

	// Every screen of the rail, and every tab of those that have tabs.
	for _, sc := range m.screens {
		m.show(sc.id)
		bg.drain()
		audit.check("screen " + sc.id)
		shownWalk(sc.slot, func(o fyne.CanvasObject) {
			if tabs, ok := o.(*container.AppTabs); ok {
				for i := range tabs.Items {
					tabs.SelectIndex(i)
					bg.drain()
					audit.check(fmt.Sprintf("screen %s, tab %q", sc.id, tabs.Items[i].Text))
				}
			}
		})
	}

	// The registration form with every message of an empty save.
	m.show(screenRegister)
	m.register.onSave()
	bg.drain()
	audit.check("register, empty form saved")

	// A case in its own window, each tab, and the form of a step.
	m.openCase(full)
	bg.drain()
	var cw fyne.Window
	for _, w := range a.Driver().AllWindows() {
		if w != m.win {
			cw = w
		}
	}
	if cw == nil {
		t.Fatal("openCase opened no window")
	}
	var tabs *container.AppTabs
	shownWalk(cw.Content(), func(o fyne.CanvasObject) {
		if x, ok := o.(*container.AppTabs); ok {
			tabs = x
		}
	})
	if tabs == nil {
		t.Fatalf("the case window shows no tabs: %q", uiTexts(cw.Content()))
	}
	for i := range tabs.Items {
		tabs.SelectIndex(i)
		audit.check(fmt.Sprintf("case, tab %q", tabs.Items[i].Text))
	}
	tabs.SelectIndex(caseTabVisits)
	var record *widget.Button
	shownWalk(tabs.Items[caseTabVisits].Content, func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && record == nil && !b.Disabled() {
			record = b
		}
	})
	if record == nil {
		t.Fatal("the visits tab offers no button")
	}
	test.Tap(record)
	audit.check("case, visit form")
	closeDialogs(cw)

	// The account menu's dialogs, and the lock screen.
	menuItem(t, m, "About").Action()
	audit.check("about")
	closeDialogs(m.win)
	menuItem(t, m, "Change password…").Action()
	audit.check("change password")
	closeDialogs(m.win)
	menuItem(t, m, "Lock").Action()
	audit.check("locked")
}
