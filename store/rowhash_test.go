package store

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"baoan/model"
)

// Every way the program writes a case keeps its seal, so a clean database verifies.
func TestCaseSealsHoldThroughEveryWrite(t *testing.T) {
	f := newFx(t)
	c := f.closed()
	f.carried(c)
	if _, err := f.s.Rate(f.ctx, f.clerk, c.ID, c.Version, model.RatingSatisfied, model.MustDate("2026-06-12")); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.AddVisit(f.ctx, f.clerk, model.Visit{CaseID: c.ID, Kind: model.VisitFollowUp, VisitedOn: model.MustDate("2026-06-15"), LeaderID: &f.leader.ID}); err != nil {
		t.Fatal(err)
	}
	f.newCase(func(c *model.Case) { c.Summary = "🙂 繁體字 '; DROP TABLE cases;--" })
	ids, err := f.s.NextIDs(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	bulk := f.caseInput()
	bulk.ID, bulk.No, bulk.Year, bulk.Seq, bulk.Status = ids.Case, "信〔2026〕9001", 2026, 9001, model.StatusRegistered
	bulk.AcceptDue, bulk.HeadCount = bulk.ReceivedOn.AddDays(15), 1
	if err := f.s.WriteBatch(f.ctx, f.admin, "test.bulk", &Batch{Cases: []model.Case{bulk}}); err != nil {
		t.Fatal(err)
	}
	if bad, err := f.s.VerifyAudit(f.ctx); err != nil {
		t.Fatalf("VerifyAudit on an untouched database = %d, %v; want 0, nil", bad, err)
	}
}

// A case row changed with raw SQL, leaving no audit entry, is found and named.
func TestVerifyFindsACaseChangedAroundTheProgram(t *testing.T) {
	for _, tamper := range []string{
		`UPDATE cases SET summary = '已撤诉' WHERE id = ?`,
		`UPDATE cases SET closed_on = '2026-03-10' WHERE id = ?`,
		`UPDATE cases SET rating = 'satisfied' WHERE id = ?`,
		`UPDATE cases SET row_hash = '' WHERE id = ?`,
	} {
		t.Run(tamper, func(t *testing.T) {
			f := newFx(t)
			f.newCase()
			c := f.closed()
			f.newCase()
			if err := f.s.db.Exec(tamper, c.ID).Error; err != nil {
				t.Fatal(err)
			}
			_, err := f.s.VerifyAudit(f.ctx)
			if !errors.Is(err, ErrAuditBroken) || !strings.Contains(err.Error(), c.No) {
				t.Errorf("VerifyAudit after %q = %v; want ErrAuditBroken naming %s", tamper, err, c.No)
			}
		})
	}
}

// A database made by schema version 1 opens in this version: its cases are kept and
// sealed, and the audit check passes.
func TestMigrateFromVersion1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v1.db")
	all := migrations
	migrations = migrations[:1]
	old, err := Open(path)
	if err != nil {
		migrations = all
		t.Fatal(err)
	}
	for _, q := range []string{
		`INSERT INTO units(id, name, kind, active) VALUES (1, '新安街道', 'street', TRUE)`,
		`INSERT INTO categories(id, name, active) VALUES (1, '城乡建设', TRUE)`,
		`INSERT INTO cases(id, case_no, year, seq, channel, received_on, head_count, category_id, street_id, summary, status, accept_due, version, created_at, updated_at)
			VALUES (7, '信〔2025〕0007', 2025, 7, 'letter', '2025-03-02', 1, 1, 1, '反映噪音扰民', 'registered', '2025-03-17', 1, '2025-03-02 09:00:00', '2025-03-02 09:00:00')`,
	} {
		if err == nil {
			err = old.db.Exec(q).Error
		}
	}
	old.Close()
	migrations = all
	if err != nil {
		t.Fatalf("fill version-1 database: %v", err)
	}

	s, err := Open(path)
	if err != nil {
		t.Fatalf("Open a version-1 database: %v", err)
	}
	defer s.Close()
	if v, _ := s.schemaVersion(t.Context()); v != SchemaVersion() {
		t.Errorf("schema version after migration = %d, want %d", v, SchemaVersion())
	}
	admin := model.Actor{Login: "admin", Role: model.RoleAdmin}
	d, err := s.GetCase(t.Context(), admin, 7)
	if err != nil || d.No != "信〔2025〕0007" || d.Summary != "反映噪音扰民" {
		t.Fatalf("case after migration = %q %q, %v; want 信〔2025〕0007 反映噪音扰民", d.No, d.Summary, err)
	}
	if _, err := s.VerifyAudit(t.Context()); err != nil {
		t.Errorf("VerifyAudit after migration: %v", err)
	}
}
