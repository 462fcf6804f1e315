package model

import "testing"

func TestCan(t *testing.T) {
	// The matrix written out by hand: A admin, C clerk, L leader, V viewer.
	want := map[Action]string{
		ActCaseCreate:      "AC",
		ActCaseEdit:        "AC",
		ActCaseDecide:      "AC",
		ActCaseClose:       "AC",
		ActCaseExtend:      "AC",
		ActAssign:          "AC",
		ActDutyEdit:        "ACL",
		ActVisitEdit:       "ACL",
		ActStrikeOff:       "AC",
		ActAttachmentEdit:  "ACL",
		ActSupervisionEdit: "AC",
		ActDictEdit:        "A",
		ActHolidayEdit:     "A",
		ActUserManage:      "A",
		ActBackup:          "A",
		ActSettingsEdit:    "A",
		ActPIIReveal:       "AC",
		ActAuditRead:       "AC",
		ActImport:          "A",
	}
	if len(want) != len(Actions) {
		t.Fatalf("the test lists %d actions, Actions has %d", len(want), len(Actions))
	}
	roles := map[Role]byte{RoleAdmin: 'A', RoleClerk: 'C', RoleLeader: 'L', RoleViewer: 'V', "": '-', "root": '-'}
	for _, act := range Actions {
		who, ok := want[act]
		if !ok {
			t.Errorf("action %s missing from the test", act)
			continue
		}
		for r, letter := range roles {
			exp := false
			for i := 0; i < len(who); i++ {
				exp = exp || who[i] == letter
			}
			if got := Can(r, act); got != exp {
				t.Errorf("Can(%q, %q) = %v, want %v", r, act, got, exp)
			}
		}
		if act.Label() == string(act) {
			t.Errorf("action %s has no Chinese label", act)
		}
	}
	if Can(RoleAdmin, "no.such.action") {
		t.Errorf("Can(admin, unknown action) = true, want false")
	}
}

func TestNeedsCarrying(t *testing.T) {
	tests := []struct {
		r    Role
		act  Action
		want bool
	}{
		{RoleLeader, ActVisitEdit, true},
		{RoleLeader, ActDutyEdit, true},
		{RoleLeader, ActAttachmentEdit, true},
		{RoleLeader, ActCaseEdit, false}, // refused outright, not limited
		{RoleClerk, ActVisitEdit, false},
		{RoleAdmin, ActDutyEdit, false},
	}
	for _, tt := range tests {
		if got := NeedsCarrying(tt.r, tt.act); got != tt.want {
			t.Errorf("NeedsCarrying(%q, %q) = %v, want %v", tt.r, tt.act, got, tt.want)
		}
	}
}
