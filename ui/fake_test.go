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
