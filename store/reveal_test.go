package store

import (
	"errors"
	"strings"
	"testing"

	"baoan/model"
)

func TestRevealPetitionerIsScopedAndAudited(t *testing.T) {
	f := newFx(t)
	mine, other := f.newCase(), f.newCase()
	f.carried(mine)
	dm, _ := f.s.GetCase(f.ctx, f.clerk, mine.ID)
	do, _ := f.s.GetCase(f.ctx, f.clerk, other.ID)
	minePet, otherPet := dm.Petitioners[0], do.Petitioners[0]

	tests := []struct {
		name    string
		actor   model.Actor
		pet     model.Petitioner
		allowed bool
	}{
		{"clerk", f.clerk, otherPet, true},
		{"admin", f.admin, otherPet, true},
		{"leader, carried case", f.lead, minePet, true},
		{"leader, other case", f.lead, otherPet, false},
		{"viewer", f.viewer, minePet, false},
		{"no role", model.Actor{Login: "x"}, minePet, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := f.counts()["audit_entries"]
			p, err := f.s.RevealPetitioner(f.ctx, tt.actor, tt.pet.ID)
			after := f.counts()["audit_entries"]
			if !tt.allowed {
				if !errors.Is(err, ErrForbidden) {
					t.Fatalf("RevealPetitioner = %v, want ErrForbidden", err)
				}
				if after != before {
					t.Errorf("refused reveal wrote %d audit entries", after-before)
				}
				return
			}
			if err != nil {
				t.Fatalf("RevealPetitioner: %v", err)
			}
			if p.IDNumber != tt.pet.IDNumber || strings.Contains(p.Phone, "*") {
				t.Errorf("revealed ID %q phone %q, want %q in full", p.IDNumber, p.Phone, tt.pet.IDNumber)
			}
			if after != before+1 {
				t.Errorf("reveal wrote %d audit entries, want 1", after-before)
			}
			log, err := f.s.AuditLog(f.ctx, f.admin, 0, 1)
			if err != nil || len(log) != 1 || log[0].Action != "pii.reveal" || log[0].Actor != tt.actor.Login {
				t.Errorf("newest audit entry = %+v (%v), want pii.reveal by %s", log, err, tt.actor.Login)
			}
		})
	}
	if _, err := f.s.VerifyAudit(f.ctx); err != nil {
		t.Errorf("VerifyAudit after reveals: %v", err)
	}
}

// Registering a case with an ID number on file under another name is refused rather
// than renaming the petitioner everywhere.
func TestRegisterKnownIDNumberWithAnotherName(t *testing.T) {
	f := newFx(t)
	c := f.newCase()
	d, _ := f.s.GetCase(f.ctx, f.clerk, c.ID)
	p := d.Petitioners[0]
	before := f.counts()
	_, err := f.s.CreateCase(f.ctx, f.clerk, f.caseInput(), []model.Petitioner{{Name: "张山", IDKind: p.IDKind, IDNumber: p.IDNumber}})
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "已登记为「张三」") {
		t.Fatalf("CreateCase with 张山 for 张三's ID number = %v; want ErrInvalid naming 张三", err)
	}
	sameCounts(t, before, f.counts())
	// The same name is the same person: the new case links to them.
	c2, err := f.s.CreateCase(f.ctx, f.clerk, f.caseInput(), []model.Petitioner{{Name: "张三", IDKind: p.IDKind, IDNumber: p.IDNumber, Phone: "13800138000"}})
	if err != nil {
		t.Fatal(err)
	}
	d2, _ := f.s.GetCase(f.ctx, f.clerk, c2.ID)
	if d2.Petitioners[0].ID != p.ID || !c2.Repeat {
		t.Errorf("second case petitioner %d repeat %v; want petitioner %d and 重复信访", d2.Petitioners[0].ID, c2.Repeat, p.ID)
	}
}
