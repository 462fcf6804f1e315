package store

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"baoan/model"
)

// twoDesks opens the same empty database twice, as two desks of one office do: two
// handles on one SQLite file, or two connection pools to one PostgreSQL database. The
// first desk's fixture (dictionaries, actors) serves both.
func twoDesks(t *testing.T, d Dialect) (desk1, desk2 *fx) {
	t.Helper()
	target := targetOn(t, d)
	desk1 = newFxOn(t, openAt(t, target))
	s2 := openAt(t, target)
	pinClock(t, s2)
	second := *desk1
	second.s = s2
	return desk1, &second
}

// TestConcurrentEditRefused is the two-desk case of optimistic locking: both desks load
// version 1 of a case, the first saves, and the second's save is refused with ErrConflict
// whose ConflictError carries the first desk's change — never a silent overwrite.
func TestConcurrentEditRefused(t *testing.T) {
	for _, d := range dialects() {
		t.Run(string(d), func(t *testing.T) {
			desk1, desk2 := twoDesks(t, d)
			if desk1.s.Dialect() != d || desk2.s.Dialect() != d {
				t.Fatalf("desks open %s and %s, want %s", desk1.s.Dialect(), desk2.s.Dialect(), d)
			}
			c := desk1.newCase()
			seen1, err := desk1.s.GetCase(desk1.ctx, desk1.clerk, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			seen2, err := desk2.s.GetCase(desk2.ctx, desk2.admin, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if seen1.Version != 1 || seen2.Version != 1 {
				t.Fatalf("both desks should load version 1, got %d and %d", seen1.Version, seen2.Version)
			}

			edit1 := seen1.Case
			edit1.Summary = "第一个窗口：反映拖欠工资四个月"
			saved, err := desk1.s.UpdateCase(desk1.ctx, desk1.clerk, edit1)
			if err != nil {
				t.Fatalf("desk 1 UpdateCase: %v", err)
			}
			if saved.Version != 2 {
				t.Errorf("desk 1 saved version %d, want 2", saved.Version)
			}

			edit2 := seen2.Case
			edit2.Summary = "第二个窗口：反映物业纠纷"
			edit2.Note = "第二个窗口的备注"
			_, err = desk2.s.UpdateCase(desk2.ctx, desk2.admin, edit2)
			if !errors.Is(err, ErrConflict) {
				t.Fatalf("desk 2 UpdateCase over version 1 = %v, want ErrConflict", err)
			}
			var ce *ConflictError
			if !errors.As(err, &ce) {
				t.Fatalf("desk 2 error %T %v, want a *ConflictError", err, err)
			}
			if ce.Current.Summary != edit1.Summary || ce.Current.Version != 2 {
				t.Errorf("ConflictError.Current = summary %q version %d, want desk 1's %q at version 2", ce.Current.Summary, ce.Current.Version, edit1.Summary)
			}
			if ce.By != desk1.clerk.Login {
				t.Errorf("ConflictError.By = %q, want %q (who saved first)", ce.By, desk1.clerk.Login)
			}
			msg := UserMessage(err)
			if !strings.Contains(msg, "已被其他人修改") || !strings.Contains(msg, desk1.clerk.Login) || !strings.Contains(msg, "请刷新后重试") {
				t.Errorf("UserMessage(conflict) = %q, want who changed it and what to do", msg)
			}

			// Nothing of desk 2's edit reached the database, on either handle.
			for i, desk := range []*fx{desk1, desk2} {
				now, err := desk.s.GetCase(desk.ctx, desk.admin, c.ID)
				if err != nil {
					t.Fatal(err)
				}
				if now.Summary != edit1.Summary || now.Note != "" || now.Version != 2 {
					t.Errorf("desk %d reads summary %q note %q version %d after the refused save, want desk 1's edit at version 2", i+1, now.Summary, now.Note, now.Version)
				}
			}

			// Desk 2 takes the current record, re-applies its edit and saves.
			retry := ce.Current
			retry.Note = edit2.Note
			if got, err := desk2.s.UpdateCase(desk2.ctx, desk2.admin, retry); err != nil || got.Version != 3 || got.Summary != edit1.Summary || got.Note != edit2.Note {
				t.Errorf("desk 2 retry on the current version = version %d summary %q note %q, %v; want version 3 with both edits", got.Version, got.Summary, got.Note, err)
			}

			// A lifecycle step from a stale version is refused the same way.
			if _, err := desk1.s.Decide(desk1.ctx, desk1.clerk, c.ID, 2, model.DecisionAccept, model.MustDate("2026-03-05"), ""); !errors.Is(err, ErrConflict) {
				t.Errorf("desk 1 Decide on version 2 after desk 2 saved version 3 = %v, want ErrConflict", err)
			}
		})
	}
}

// TestConcurrentEditRace lets both desks save version 1 of a case at the same moment:
// whatever the interleaving, exactly one save wins and the other is refused with the
// winner's record.
func TestConcurrentEditRace(t *testing.T) {
	for _, d := range dialects() {
		t.Run(string(d), func(t *testing.T) {
			desk1, desk2 := twoDesks(t, d)
			for round := range 5 {
				c := desk1.newCase()
				desks := []*fx{desk1, desk2}
				errs := make([]error, 2)
				start := make(chan struct{})
				var wg sync.WaitGroup
				for i, desk := range desks {
					edit := c
					edit.Summary = []string{"第一个窗口的修改", "第二个窗口的修改"}[i]
					wg.Go(func() {
						<-start
						_, errs[i] = desk.s.UpdateCase(desk.ctx, desk.admin, edit)
					})
				}
				close(start)
				wg.Wait()
				winner := -1
				for i, err := range errs {
					switch {
					case err == nil:
						if winner >= 0 {
							t.Fatalf("round %d: both desks saved version 1 of case %d", round, c.ID)
						}
						winner = i
					case !errors.Is(err, ErrConflict):
						t.Fatalf("round %d: desk %d UpdateCase = %v, want success or ErrConflict", round, i+1, err)
					}
				}
				if winner < 0 {
					t.Fatalf("round %d: neither desk saved: %v", round, errs)
				}
				loser := 1 - winner
				var ce *ConflictError
				if !errors.As(errs[loser], &ce) || ce.Current.Version != 2 || ce.Current.Summary != []string{"第一个窗口的修改", "第二个窗口的修改"}[winner] {
					t.Errorf("round %d: the refused desk got %v, want a ConflictError with the winner's version 2", round, errs[loser])
				}
				now, err := desk2.s.GetCase(desk2.ctx, desk2.admin, c.ID)
				if err != nil || now.Version != 2 {
					t.Errorf("round %d: case at version %d, %v; want 2 (one save)", round, now.Version, err)
				}
			}
			if _, err := desk1.s.VerifyAudit(desk1.ctx); err != nil {
				t.Errorf("VerifyAudit after two desks wrote at once: %v", err)
			}
		})
	}
}
