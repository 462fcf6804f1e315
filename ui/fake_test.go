package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
	"baoan/store"
)

// fakeLister serves the ledger from a slice, the way the store pages it: newest received
// first, ties by id, keyset cursor (received date, id), the zero cursor after the last
// page. UI tests use it so that they test the screen; the store's queries are tested
// against SQLite in package store.
type fakeLister struct {
	mu     sync.Mutex
	cases  []model.Case // in ledger order
	err    error        // returned by ListCases when set
	lists  []listCall
	counts []model.CaseFilter
}

type listCall struct {
	filter model.CaseFilter
	page   model.PageRequest
}

var _ CaseLister = (*fakeLister)(nil)

// fakeBackend is a real store (a SQLite file in the test's temporary folder) whose ledger
// is served by a fakeLister instead, for the tests of ledger paging.
type fakeBackend struct {
	*store.Store
	lister *fakeLister
}

var _ Backend = fakeBackend{}

func (b fakeBackend) ListCases(ctx context.Context, a model.Actor, f model.CaseFilter, p model.PageRequest) ([]model.Case, model.Cursor, error) {
	return b.lister.ListCases(ctx, a, f, p)
}

func (b fakeBackend) CountCases(ctx context.Context, a model.Actor, f model.CaseFilter) (int64, error) {
	return b.lister.CountCases(ctx, a, f)
}

// openTestStore opens a new database in the test's temporary folder.
func openTestStore(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "baoan.db"))
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func (f *fakeLister) ListCases(_ context.Context, _ model.Actor, flt model.CaseFilter, p model.PageRequest) ([]model.Case, model.Cursor, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lists = append(f.lists, listCall{flt, p})
	if f.err != nil {
		return nil, model.Cursor{}, f.err
	}
	if p.Sort != model.SortReceived || !p.Desc || p.Limit <= 0 {
		return nil, model.Cursor{}, fmt.Errorf("fake: unsupported page request %+v", p)
	}
	var out []model.Case
	for _, c := range f.matching(flt) {
		if p.After != (model.Cursor{}) && !afterCursor(c, p.After) {
			continue
		}
		out = append(out, c)
		if len(out) > p.Limit {
			break
		}
	}
	// Like the store: one row more than asked for tells whether another page follows.
	var next model.Cursor
	if len(out) > p.Limit {
		out = out[:p.Limit]
		next = cursorOf(out[p.Limit-1])
	}
	return out, next, nil
}

func (f *fakeLister) CountCases(_ context.Context, _ model.Actor, flt model.CaseFilter) (int64, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.counts = append(f.counts, flt)
	return int64(len(f.matching(flt))), nil
}

func (f *fakeLister) matching(flt model.CaseFilter) []model.Case {
	var out []model.Case
	for _, c := range f.cases {
		if len(flt.Statuses) > 0 && !slices.Contains(flt.Statuses, c.Status) {
			continue
		}
		if flt.Query != "" && !strings.Contains(c.No+" "+c.PetitionerNames, flt.Query) {
			continue
		}
		out = append(out, c)
	}
	return out
}

func (f *fakeLister) listCalls() []listCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.lists)
}

func (f *fakeLister) setErr(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.err = err
}

// cursorOf is where a page ending in c ends.
func cursorOf(c model.Case) model.Cursor {
	return model.Cursor{Value: c.ReceivedOn.String(), ID: c.ID}
}

// afterCursor reports whether c comes after cur in newest-first order.
func afterCursor(c model.Case, cur model.Cursor) bool {
	v := c.ReceivedOn.String()
	return v < cur.Value || v == cur.Value && c.ID < cur.ID
}

// testToday is the day every UI test runs on.
var testToday = model.MustDate("2026-11-02")

var testNames = NameMap{
	Categories: map[int64]string{1: "征地拆迁", 2: "劳动社保"},
	Streets:    map[int64]string{1: "和平街道", 2: "东湖街道"},
}

// makeCases returns n cases in ledger order. Three cases share each received day, so
// paging must break ties by id. The first four rows are the ones tests look at:
// in progress, overdue by 3 days, registered and due today, closed long after its due.
func makeCases(n int) []model.Case {
	names := []string{"张三", "李四", "王五、赵六"}
	cases := make([]model.Case, n)
	for i := range cases {
		id := int64(n - i)
		cases[i] = model.Case{
			ID:              id,
			No:              fmt.Sprintf("和信〔2026〕%04d", id),
			Channel:         model.Channels[i%len(model.Channels)],
			ReceivedOn:      model.MustDate("2026-10-31").AddDays(-i / 3),
			CategoryID:      int64(1 + i%2),
			StreetID:        int64(1 + i%2),
			Status:          model.StatusHandling,
			DueOn:           testToday.AddDays(60),
			PetitionerNames: names[i%len(names)],
		}
	}
	if n >= 4 {
		cases[1].DueOn = testToday.AddDays(-3)
		cases[2].Status, cases[2].DueOn, cases[2].AcceptDue = model.StatusRegistered, model.Date{}, testToday
		cases[3].Status, cases[3].DueOn = model.StatusClosed, testToday.AddDays(-100)
	}
	return cases
}

// newTestApp is a test app with the bundled font and Chinese text.
func newTestApp(t *testing.T) fyne.App {
	t.Helper()
	a := test.NewTempApp(t)
	a.Settings().SetTheme(NewTheme())
	if err := SetLanguage(LangChinese); err != nil {
		t.Fatalf("SetLanguage(zh) error: %v", err)
	}
	return a
}

var errDatabase = errors.New("database is locked")

// fakeNav records where a screen sent the user.
type fakeNav struct {
	opened   []int64
	filters  []model.CaseFilter
	newCases int
}

var _ navigator = (*fakeNav)(nil)

func (n *fakeNav) openCase(id int64)             { n.opened = append(n.opened, id) }
func (n *fakeNav) showLedger(f model.CaseFilter) { n.filters = append(n.filters, f) }
func (n *fakeNav) newCase()                      { n.newCases++ }
func (n *fakeNav) dictionariesChanged()          {}

// newTestEnv is what a screen is built with in tests: a 1000×700 test window, the
// backend, a clerk, testToday, background work held until drained, and a fakeNav.
func newTestEnv(t *testing.T, backend Backend) (*env, *fakeNav) {
	t.Helper()
	a := newTestApp(t)
	w := test.NewTempWindow(t, widget.NewLabel(""))
	w.Resize(fyne.NewSize(1000, 700))
	nav := &fakeNav{}
	e := &env{
		app: a, win: w, backend: backend, names: testNames, nav: nav,
		actor: model.Actor{UserID: 2, Login: "clerk", Role: model.RoleClerk},
		today: func() model.Date { return testToday },
		bg:    &background{hold: true},
	}
	return e, nav
}

// storeFixture is a real database with two streets (the second with a community), two
// categories, a leader, and the actors that fill it.
type storeFixture struct {
	t         *testing.T
	s         *store.Store
	ctx       context.Context
	admin     model.Actor
	clerk     model.Actor
	streets   []model.Unit // 和平街道, 东湖街道
	community model.Unit   // 东湖社区, of 东湖街道
	cats      []model.Category
	leader    model.Leader
}

func newStoreFixture(t *testing.T) *storeFixture {
	t.Helper()
	f := &storeFixture{t: t, s: openTestStore(t), ctx: context.Background(),
		admin: model.Actor{UserID: 1, Login: "admin", Role: model.RoleAdmin},
		clerk: model.Actor{UserID: 2, Login: "clerk", Role: model.RoleClerk}}
	for _, name := range []string{"和平街道", "东湖街道"} {
		u, err := f.s.CreateUnit(f.ctx, f.admin, model.Unit{Name: name, Kind: model.UnitStreet})
		f.must(err)
		f.streets = append(f.streets, u)
	}
	var err error
	f.community, err = f.s.CreateUnit(f.ctx, f.admin, model.Unit{Name: "东湖社区", Kind: model.UnitCommunity, ParentID: &f.streets[1].ID})
	f.must(err)
	for _, name := range []string{"征地拆迁", "劳动社保"} {
		c, err := f.s.CreateCategory(f.ctx, f.admin, model.Category{Name: name})
		f.must(err)
		f.cats = append(f.cats, c)
	}
	f.leader, err = f.s.CreateLeader(f.ctx, f.admin, model.Leader{Name: "王区长", Level: model.LevelDistrict, Active: true})
	f.must(err)
	return f
}

func (f *storeFixture) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatalf("fixture: %v", err)
	}
}

// names are the fixture's dictionaries as the ledger shows them.
func (f *storeFixture) names() NameMap {
	m := NameMap{Categories: map[int64]string{}, Streets: map[int64]string{}}
	for _, c := range f.cats {
		m.Categories[c.ID] = c.Name
	}
	for _, s := range f.streets {
		m.Streets[s.ID] = s.Name
	}
	return m
}

// addCase registers a case received on the given day in street i, for a petitioner,
// and, when decided is not empty, accepts it on that day (so its 60-day clock runs).
func (f *storeFixture) addCase(received string, street int, p model.Petitioner, decided string) model.Case {
	f.t.Helper()
	c, err := f.s.CreateCase(f.ctx, f.clerk, model.Case{
		Channel: model.ChannelVisit, ReceivedOn: model.MustDate(received), HeadCount: 1,
		CategoryID: f.cats[0].ID, StreetID: f.streets[street].ID, Summary: "要求解决" + p.Name + "的问题",
	}, []model.Petitioner{p})
	f.must(err)
	if decided != "" {
		c, err = f.s.Decide(f.ctx, f.clerk, c.ID, c.Version, model.DecisionAccept, model.MustDate(decided), "")
		f.must(err)
	}
	return c
}
