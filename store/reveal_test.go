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
