package ui

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"baoan/ledgerio"
	"baoan/model"
)

// importNav records that the dictionaries changed.
type importNav struct {
	fakeNav
	changed int
}

func (n *importNav) dictionariesChanged() { n.changed++ }

// ledgerFile writes rows as a ledger workbook.
func ledgerFile(t *testing.T, rows []model.LedgerRow) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := ledgerio.NewWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func importRow(n int, street string) model.LedgerRow {
	day := model.MustDate("2026-09-01").AddDays(n)
	return model.LedgerRow{
		Case: model.Case{No: "信〔2026〕" + string(rune('0'+n/10)) + string(rune('0'+n%10)), ReceivedOn: day, Channel: model.ChannelLetter,
			HeadCount: 1, Summary: "反映楼道堆放杂物", Decision: model.DecisionAccept, DecidedOn: day.AddDays(1)},
		Petitioners: []model.Petitioner{{Name: "陈小红", IDKind: model.IDResident, Phone: "13900000001"}},
		Street:      street, Category: "征地拆迁", RepeatGiven: true,
	}
}

// newTestImporter shows the import dialog over a real database, as an administrator.
func newTestImporter(t *testing.T) (*importer, *storeFixture, *importNav, *int) {
	t.Helper()
	f := newStoreFixture(t)
	e, _ := newTestEnv(t, f.s)
	e.actor = f.admin
	nav := &importNav{}
	e.nav = nav
	done := 0
	im := newImporter(e, func() { done++ })
	im.dialog.Show()
	return im, f, nav, &done
}

func (im *importer) loadBytes(name string, data []byte) {
	im.load(name, io.NopCloser(bytes.NewReader(data)))
	im.e.bg.drain()
}

func TestImporterListsWrongRowsAndSavesThem(t *testing.T) {
	im, _, _, _ := newTestImporter(t)
	bad := importRow(3, "和平街道")
	bad.Case.ClosedOn = model.MustDate("2026-08-01") // before receipt
	bad.Case.ReplyKind = model.ReplySupport
	im.loadBytes("台账.xlsx", ledgerFile(t, []model.LedgerRow{importRow(1, "和平街道"), importRow(2, "和平街道"), bad}))

	if got := gridText(im.preview, 0, 0); got != "信〔2026〕01" {
		t.Errorf("preview cell (0, 0) = %q, want the first row's number", got)
	}
	if got := gridText(im.preview, 2, 1); got != "2026-09-04" {
		t.Errorf("preview cell (2, 1) = %q, want the third row's date 2026-09-04", got)
	}
	if len(im.errs) != 1 {
		t.Fatalf("errors = %v, want the one wrong row", im.errs)
	}
	want := []string{"4", "办结日期", "2026-08-01"}
	for col, w := range want {
		if got := gridText(im.errTable, 0, col); got != w {
			t.Errorf("error table cell (0, %d) = %q, want %q", col, got, w)
		}
	}
	if got := gridText(im.errTable, 0, 3); !strings.Contains(got, "早于登记日期") {
		t.Errorf("error table says %q, want what is wrong", got)
	}
	if !im.importBtn.Disabled() || im.saveErrs.Disabled() {
		t.Errorf("with errors: import enabled %v, save enabled %v; want import off, save on", !im.importBtn.Disabled(), !im.saveErrs.Disabled())
	}
	if !strings.Contains(im.status.Text, "1 行有错误") || im.tabs.SelectedIndex() != 1 {
		t.Errorf("status %q, tab %d; want the count of wrong rows and the error list shown", im.status.Text, im.tabs.SelectedIndex())
	}

	var csv closingBuffer
	im.saveErrorsTo(&csv, ".csv")
	if !csv.closed || !strings.Contains(csv.String(), "4,办结日期,2026-08-01") {
		t.Errorf("saved CSV = %q (closed %v), want row 4's error", csv.String(), csv.closed)
	}
	var xlsx closingBuffer
	im.saveErrorsTo(&xlsx, ".xlsx")
	if !bytes.HasPrefix(xlsx.Bytes(), []byte("PK")) {
		t.Errorf("saved xlsx does not look like a workbook (%d bytes)", xlsx.Len())
	}
}

type closingBuffer struct {
	bytes.Buffer
	closed bool
}

func (b *closingBuffer) Close() error { b.closed = true; return nil }

func TestImporterAsksBeforeAddingEntries(t *testing.T) {
	im, f, nav, done := newTestImporter(t)
	im.loadBytes("新台账.xlsx", ledgerFile(t, []model.LedgerRow{importRow(1, "和平街道"), importRow(2, "新城街道"), importRow(3, "新城街道")}))

	if !im.errs.OnlyMissing() || len(im.errs) != 2 || !strings.Contains(im.status.Text, "所属街道「新城街道」") ||
		!strings.Contains(im.status.Text, "勾选") {
		t.Fatalf("errors %v, status %q; want the two rows naming the unknown street and the way to add it", im.errs, im.status.Text)
	}
	if !im.importBtn.Disabled() {
		t.Error("import is enabled while rows name an unknown street")
	}

	im.addMissing.SetChecked(true) // as a click does; test.Tap lands outside the box in this row
	im.e.bg.drain()
	if len(im.errs) != 0 || im.importBtn.Disabled() || !strings.Contains(im.status.Text, "将导入 3 件") || !strings.Contains(im.status.Text, "新城街道") {
		t.Fatalf("after ticking add-missing: errors %v, import disabled %v, status %q", im.errs, im.importBtn.Disabled(), im.status.Text)
	}
	if n, _ := f.s.CountCases(f.ctx, f.admin, model.CaseFilter{}); n != 0 {
		t.Fatalf("the check wrote %d cases; it must write nothing", n)
	}

	test.Tap(im.importBtn)
	im.e.bg.drain()
	if n, _ := f.s.CountCases(f.ctx, f.admin, model.CaseFilter{}); n != 3 {
		t.Errorf("after importing: %d cases, want 3", n)
	}
	if *done != 1 || nav.changed != 1 || im.bar.Value != 1 {
		t.Errorf("after importing: done called %d times, dictionaries changed %d, bar %v; want 1, 1, 1", *done, nav.changed, im.bar.Value)
	}
	streets, _ := f.s.Streets(f.ctx)
	if len(streets) != 3 {
		t.Errorf("streets after importing = %d, want the new one added", len(streets))
	}
}

func TestImporterRefusesAnUnreadableFile(t *testing.T) {
	im, _, _, _ := newTestImporter(t)
	im.loadBytes("notes.xlsx", []byte("这不是工作簿"))
	if !strings.Contains(im.status.Text, "无法读取 notes.xlsx") || !strings.Contains(im.status.Text, "另存为") ||
		im.status.Importance != widget.DangerImportance || !im.importBtn.Disabled() {
		t.Errorf("status %q (importance %v), import disabled %v; want the reason in red and no import", im.status.Text, im.status.Importance, im.importBtn.Disabled())
	}
}

func TestImporterNeedsTheRight(t *testing.T) {
	im, f, _, _ := newTestImporter(t)
	im.e.actor = f.clerk
	im.loadBytes("台账.xlsx", ledgerFile(t, []model.LedgerRow{importRow(1, "和平街道")}))
	if !strings.Contains(im.status.Text, "检查失败") || !strings.Contains(im.status.Text, "导入台账") || !im.importBtn.Disabled() {
		t.Errorf("a clerk's import: status %q, import disabled %v; want the refusal naming the right", im.status.Text, im.importBtn.Disabled())
	}
}

func TestExportWritesTheFilteredLedger(t *testing.T) {
	f := newStoreFixture(t)
	rows := []model.LedgerRow{importRow(1, "和平街道"), importRow(2, "东湖街道"), importRow(40, "东湖街道")}
	if _, err := f.s.ImportLedger(context.Background(), f.admin, rows, model.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	e, _ := newTestEnv(t, f.s)
	path := filepath.Join(t.TempDir(), "东湖.xlsx")
	exportTo(e, model.CaseFilter{StreetID: f.streets[1].ID}, path)
	e.bg.drain()
	sh, err := ledgerio.ReadFile(path, ledgerio.Options{Today: testToday})
	if err != nil {
		t.Fatalf("the exported file: %v", err)
	}
	if len(sh.Rows) != 2 || sh.Rows[0].Street != "东湖街道" || sh.Rows[1].Case.No != "信〔2026〕40" {
		t.Errorf("exported rows = %+v, want the two cases of 东湖街道", sh.Rows)
	}
	if got := overlayText(e.win); !strings.Contains(got, "已导出 2 件") || !strings.Contains(got, path) {
		t.Errorf("after the export the window shows %q, want the count and where it went", got)
	}
}
