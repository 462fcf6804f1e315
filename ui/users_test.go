package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

// userRow is the row of the account with the given login, -1 when not listed.
func userRow(u *users, login string) int {
	for i := range u.rows {
		if gridText(u.table, i, usLogin) == login {
			return i
		}
	}
	return -1
}

func TestUsersAddResetUnlock(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	lead, err := s.CreateLeader(ctx, actAdmin, model.Leader{Name: "王建国", Level: model.LevelDistrict})
	if err != nil {
		t.Fatal(err)
	}
	e, _ := adminEnv(t, s, actAdmin)
	u := newUsers(e)
	showScreen(e, u.view)

	// A leader account must be linked to a leader: the store says so.
	test.Tap(u.newOne)
	test.Type(u.login, "wangjg")
	test.Type(u.name, "王建国")
	u.role.SetSelected("包案领导")
	if u.leader.Disabled() {
		t.Fatal("the leader box is disabled for a leader account")
	}
	test.Type(u.password, "mima12345")
	test.Type(u.confirm, "mima12345")
	test.Tap(u.save)
	e.bg.drain()
	if got := overlayText(e.win); !strings.Contains(got, "未关联领导") {
		t.Errorf("saving a leader account without a leader shows %q, want the store's message", got)
	}
	dismissOverlays(e.win)

	u.leader.SetSelected("王建国")
	test.Tap(u.save)
	e.bg.drain()
	r := userRow(u, "wangjg")
	if r < 0 {
		t.Fatalf("wangjg not listed after saving; dialog: %q", overlayText(e.win))
	}
	if got, want := gridRowText(u.table, r, usColumns), []string{"wangjg", "王建国", "包案领导", "王建国", "启用", ""}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("wangjg row = %q, want %q", got, want)
	}
	list, _ := s.ListUsers(ctx, actAdmin)
	if len(list) != 1 || list[0].LeaderID == nil || *list[0].LeaderID != lead.ID || list[0].Role != model.RoleLeader {
		t.Fatalf("store users = %+v, want wangjg linked to leader %d", list, lead.ID)
	}

	// 解除锁定 lifts a lockout in the store. (Locking it for real takes five bcrypt
	// checks; how a lock is shown is checked in TestUsersLockedCell.)
	u.table.Select(widget.TableCellID{Row: r, Col: usLogin})
	test.Tap(u.unlock)
	e.bg.drain()
	if got := overlayText(e.win); !strings.Contains(got, "已解除「wangjg」的锁定") {
		t.Errorf("unlock shows %q, want the unlocked message", got)
	}
	dismissOverlays(e.win)
	if entries, _, _ := s.AuditQuery(ctx, actAdmin, model.AuditFilter{Actor: "admin", Limit: 1}); len(entries) != 1 || entries[0].Action != "user.unlock" {
		t.Errorf("latest audit entry = %+v, want user.unlock", entries)
	}

	// Reset: the two boxes must agree, then the new password signs in.
	test.Type(u.password, "xinmima2026")
	test.Type(u.confirm, "xinmima2027")
	test.Tap(u.reset)
	e.bg.drain()
	if got := overlayText(e.win); !strings.Contains(got, "两次输入的密码不一致") {
		t.Errorf("reset with different passwords shows %q, want the mismatch message", got)
	}
	dismissOverlays(e.win)
	u.confirm.SetText("xinmima2026")
	test.Tap(u.reset)
	e.bg.drain()
	if _, err := s.Authenticate(ctx, "wangjg", "xinmima2026"); err != nil {
		t.Errorf("sign in with the reset password: %v", err)
	}

	// Deactivate.
	u.table.Select(widget.TableCellID{Row: r, Col: usLogin})
	test.Tap(u.toggle)
	e.bg.drain()
	if got := gridText(u.table, r, usActive); got != "已停用" {
		t.Errorf("state cell after 停用 = %q, want 已停用", got)
	}
	if list, _ := s.ListUsers(ctx, actAdmin); len(list) != 1 || list[0].Active {
		t.Errorf("store users after 停用 = %+v, want wangjg inactive", list)
	}
}

func TestUsersLockedCell(t *testing.T) {
	s := openTestStore(t)
	e, _ := adminEnv(t, s, actAdmin)
	u := newUsers(e)
	showScreen(e, u.view)
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.Local)
	u.now = func() time.Time { return now }
	later, earlier := now.Add(10*time.Minute), now.Add(-time.Minute)
	u.rows = []model.User{{Login: "a", LockedUntil: &later}, {Login: "b", LockedUntil: &earlier}, {Login: "c"}}
	for i, want := range []string{"锁定至 09:10", "", ""} {
		if got := gridText(u.table, i, usLocked); got != want {
			t.Errorf("locked cell of %s = %q, want %q", u.rows[i].Login, got, want)
		}
	}
}

func TestUsersRefusedToClerk(t *testing.T) {
	s := openTestStore(t)
	e, _ := adminEnv(t, s, actClerk)
	u := newUsers(e) // not reachable for a clerk; the store must refuse anyway
	showScreen(e, u.view)
	if got := overlayText(e.win); !strings.Contains(got, "没有权限") {
		t.Errorf("a clerk opening the user list sees %q, want the store's refusal", got)
	}
	if len(u.rows) != 0 {
		t.Errorf("a clerk is shown %d accounts", len(u.rows))
	}
}
