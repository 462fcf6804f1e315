package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"baoan/demo"
	"baoan/ledgerio"
	"baoan/model"
	"baoan/store"
)

// snapshot is what the ledger says of every case of a database, by case number, and
// every petitioner, as text that compares across databases (no ids).
type snapshot struct {
	cases       map[string]string
	petitioners []string
	followUps   map[string]string // case number → the done 上门回访 visits' dates
}

func takeSnapshot(t *testing.T, db string) snapshot {
	t.Helper()
	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	admin := Actor()
	snap := snapshot{cases: map[string]string{}, followUps: map[string]string{}}
	people := map[string]bool{}
	var ids []int64
	err = s.ExportCases(ctx, admin, model.CaseFilter{}, func(r model.LedgerRow) error {
		c := r.Case
		var ps []string
		for _, p := range r.Petitioners {
			line := fmt.Sprintf("%s|%s|%s|%s|%s", p.Name, p.IDKind, p.IDNumber, p.Phone, p.Address)
			ps = append(ps, line)
			people[line] = true
		}
		snap.cases[c.No] = fmt.Sprintf("received %s channel %s heads %d street %s community %s category %s summary %q demands %q "+
			"decision %s on %s unit %s leaders %v reply due %s extended %s closed %s kind %s rating %q follow-up %s stopped %v "+
			"repeat %v backlog %v note %q petitioners %v",
			c.ReceivedOn, c.Channel, c.HeadCount, r.Street, r.Community, r.Category, c.Summary, c.Demands,
			c.Decision, c.DecidedOn, r.Unit, r.Leaders, c.ReplyDue, c.ExtendedDue, c.ClosedOn, c.ReplyKind, c.Rating,
			c.FirstFollowUpOn, r.Stopped, c.Repeat, c.Backlog, c.Note, ps)
		ids = append(ids, c.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		d, err := s.GetCase(ctx, admin, id)
		if err != nil {
			t.Fatal(err)
		}
		// The state, with the 复查/复核 stages (not ledger columns) seen as what they
		// follow: 已办结.
		status := d.Status
		if status.IsClosed() {
			status = model.StatusClosed
		}
		snap.cases[d.No] += fmt.Sprintf(" status %s due %s accept due %s", status, d.DueOn, d.AcceptDue)
		var visits []string
		for _, v := range d.Visits {
			if v.Kind == model.VisitFollowUp && !v.Planned {
				visits = append(visits, v.VisitedOn.String())
			}
		}
		slices.Sort(visits)
		snap.followUps[d.No] = strings.Join(visits[:min(1, len(visits))], ",")
	}
	for p := range people {
		snap.petitioners = append(snap.petitioners, p)
	}
	slices.Sort(snap.petitioners)
	return snap
}

// TestExportImportRoundTrip is the round trip of issue 6: demo data exported and
// imported into an empty database gives back the same cases, petitioners, visits and
// ratings, as far as the ledger's columns carry them.
func TestExportImportRoundTrip(t *testing.T) {
	pinToday(t)
	dir := t.TempDir()
	from, to, file := filepath.Join(dir, "demo.db"), filepath.Join(dir, "empty.db"), filepath.Join(dir, "台账.xlsx")
	s, err := store.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	err = demo.Load(context.Background(), s, Actor(), demo.Options{Cases: 400, Seed: 1, Today: ledgerDay})
	s.Close()
	if err != nil {
		t.Fatalf("demo.Load: %v", err)
	}

	code, out, stderr := runCLI(t, nil, "--db", from, "export", file)
	if code != ExitOK || !strings.Contains(out, "已导出 400 件") {
		t.Fatalf("export: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	code, out, stderr = runCLI(t, nil, "--db", to, "import", file, "--add-missing")
	if code != ExitOK || !strings.Contains(out, "已导入 400 件") {
		t.Fatalf("import: exit %d, stdout %q, stderr %q", code, out, stderr)
	}

	want, got := takeSnapshot(t, from), takeSnapshot(t, to)
	if len(got.cases) != 400 {
		t.Fatalf("imported database holds %d cases, want 400", len(got.cases))
	}
	for no, w := range want.cases {
		if g := got.cases[no]; g != w {
			t.Errorf("case %s:\n got %s\nwant %s", no, g, w)
		}
		if g, w := got.followUps[no], want.followUps[no]; g != w {
			t.Errorf("case %s: 上门回访 on %q, want %q", no, g, w)
		}
	}
	if !slices.Equal(got.petitioners, want.petitioners) {
		t.Errorf("petitioners differ: %d imported, %d in the demo", len(got.petitioners), len(want.petitioners))
	}
	var rated, followed int
	for _, c := range want.cases {
		if strings.Contains(c, `rating "satisfied"`) || strings.Contains(c, `rating "basically"`) || strings.Contains(c, `rating "dissatisfied"`) {
			rated++
		}
	}
	for _, v := range want.followUps {
		if v != "" {
			followed++
		}
	}
	if rated < 100 || followed < 50 {
		t.Errorf("the demo has %d rated cases and %d with a 上门回访: too few for the round trip to mean much", rated, followed)
	}

	// Exported again, the imported database gives the same file content.
	again := filepath.Join(dir, "again.xlsx")
	if code, _, stderr := runCLI(t, nil, "--db", to, "export", again); code != ExitOK {
		t.Fatalf("export of the imported database: exit %d, stderr %q", code, stderr)
	}
	a, b := readBack(t, file), readBack(t, again)
	if !slices.EqualFunc(a, b, func(x, y model.LedgerRow) bool { return fmt.Sprint(x) == fmt.Sprint(y) }) {
		t.Errorf("the two exports differ")
	}
}

func readBack(t *testing.T, path string) []model.LedgerRow {
	t.Helper()
	sh, err := ledgerio.ReadFile(path, ledgerio.Options{Today: ledgerDay})
	if err != nil || len(sh.Errors) > 0 {
		t.Fatalf("read %s: %v %v", path, err, sh.Errors)
	}
	return sh.Rows
}

func TestExportMonth(t *testing.T) {
	pinToday(t)
	dir := t.TempDir()
	db, ledger, file := filepath.Join(dir, "office.db"), filepath.Join(dir, "in.xlsx"), filepath.Join(dir, "三月.xlsx")
	rows := make([]map[string]string, 90)
	for i := range rows {
		rows[i] = ledgerRow(i + 1) // received 2026-01-06 … 2026-04-05
	}
	writeLedger(t, ledger, rows)
	if code, _, stderr := runCLI(t, nil, "--db", db, "import", ledger, "--add-missing"); code != ExitOK {
		t.Fatalf("import: %s", stderr)
	}
	code, out, stderr := runCLI(t, nil, "--db", db, "export", "--month", "2026-03", file)
	if code != ExitOK || !strings.Contains(out, "已导出 31 件") {
		t.Fatalf("export --month 2026-03: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	for _, r := range readBack(t, file) {
		if r.Case.ReceivedOn.Month() != 3 {
			t.Errorf("exported case received %s, outside March", r.Case.ReceivedOn)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".baoan-export") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}
