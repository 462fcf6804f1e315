package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"baoan/model"
)

func TestAuthenticateLocksAfterFiveFailures(t *testing.T) {
	f := newFx(t)
	now := time.Date(2026, 6, 30, 9, 0, 0, 0, time.UTC)
	f.s.SetClock(func() time.Time { return now })
	u, err := f.s.CreateUser(f.ctx, f.admin, model.User{Login: "zhang", Name: "张登记", Role: model.RoleClerk}, "正确的密码123")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := f.s.Authenticate(f.ctx, "zhang", "正确的密码123"); err != nil || got.ID != u.ID || got.Role != model.RoleClerk {
		t.Fatalf("Authenticate(right) = %+v, %v", got, err)
	}
	for i := 1; i <= 4; i++ {
		_, err := f.s.Authenticate(f.ctx, "zhang", "wrong")
		if !errors.Is(err, ErrBadLogin) || !strings.Contains(err.Error(), "再错") {
			t.Fatalf("wrong password %d: err = %v, want ErrBadLogin counting down", i, err)
		}
	}
	if _, err := f.s.Authenticate(f.ctx, "zhang", "wrong"); !errors.Is(err, ErrLocked) {
		t.Fatalf("fifth wrong password: err = %v, want ErrLocked", err)
	}
	// Locked: even the right password is refused for 15 minutes.
	now = now.Add(14 * time.Minute)
	if _, err := f.s.Authenticate(f.ctx, "zhang", "正确的密码123"); !errors.Is(err, ErrLocked) {
		t.Errorf("right password 14 minutes into the lock: err = %v, want ErrLocked", err)
	}
	now = now.Add(time.Minute + time.Second)
	if _, err := f.s.Authenticate(f.ctx, "zhang", "正确的密码123"); err != nil {
		t.Errorf("right password after the lock: %v", err)
	}
	// The counter restarts after a success.
	for i := 0; i < 4; i++ {
		f.s.Authenticate(f.ctx, "zhang", "wrong")
	}
	if _, err := f.s.Authenticate(f.ctx, "zhang", "正确的密码123"); err != nil {
		t.Errorf("right password after 4 failures: %v", err)
	}
	if _, err := f.s.Authenticate(f.ctx, "nobody", "whatever"); !errors.Is(err, ErrBadLogin) {
		t.Errorf("unknown login: err = %v, want ErrBadLogin", err)
	}
	// An administrator can unlock early.
	for i := 0; i < 5; i++ {
		f.s.Authenticate(f.ctx, "zhang", "wrong")
	}
	if err := f.s.UnlockUser(f.ctx, f.admin, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.Authenticate(f.ctx, "zhang", "正确的密码123"); err != nil {
		t.Errorf("after UnlockUser: %v", err)
	}
	// A deactivated account cannot sign in.
	u.Active = false
	if _, err := f.s.UpdateUser(f.ctx, f.admin, u); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.Authenticate(f.ctx, "zhang", "正确的密码123"); !errors.Is(err, ErrBadLogin) {
		t.Errorf("inactive account: err = %v, want ErrBadLogin", err)
	}
}

func TestPasswordRules(t *testing.T) {
	f := newFx(t)
	tests := []struct {
		pw, want string
	}{
		{"short", "至少 8 个字符"},
		{"七个字的密码啊", "至少 8 个字符"},
		{strings.Repeat("长", 25), "最多 72 字节"},
	}
	for _, tt := range tests {
		_, err := f.s.CreateUser(f.ctx, f.admin, model.User{Login: "li", Role: model.RoleClerk}, tt.pw)
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("CreateUser(password %q): err = %v, want ErrInvalid saying %q", tt.pw, err, tt.want)
		}
	}
	u, err := f.s.CreateUser(f.ctx, f.admin, model.User{Login: "li", Role: model.RoleClerk}, "八个字的密码啊啊")
	if err != nil {
		t.Fatal(err)
	}
	if err := f.s.ChangePassword(f.ctx, ActorOf(u), "不对的旧密码不对", "新的密码新的密码"); !errors.Is(err, ErrBadLogin) {
		t.Errorf("ChangePassword with a wrong old password: err = %v, want ErrBadLogin", err)
	}
	if err := f.s.ChangePassword(f.ctx, ActorOf(u), "八个字的密码啊啊", "新的密码新的密码"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.Authenticate(f.ctx, "li", "新的密码新的密码"); err != nil {
		t.Errorf("sign in with the changed password: %v", err)
	}
	for _, bad := range []model.User{
		{Login: "li", Role: model.RoleClerk},        // taken
		{Login: "has space", Role: model.RoleClerk}, // spaces
		{Login: "wang", Role: "root"},               // role
		{Login: "wang", Role: model.RoleLeader},     // leader without a leader record
		{Login: "", Role: model.RoleViewer},         // empty
	} {
		if _, err := f.s.CreateUser(f.ctx, f.admin, bad, "password-1"); !errors.Is(err, ErrInvalid) {
			t.Errorf("CreateUser(%+v): err = %v, want ErrInvalid", bad, err)
		}
	}
}

func TestPasswordHashCost(t *testing.T) {
	f := newFx(t)
	hashCost = passwordCost
	u, err := f.s.CreateUser(f.ctx, f.admin, model.User{Login: "cost", Role: model.RoleViewer}, "password-1")
	if err != nil {
		t.Fatal(err)
	}
	var hash string
	f.s.db.Raw(`SELECT hash FROM users WHERE id = ?`, u.ID).Scan(&hash)
	if c, err := bcrypt.Cost([]byte(hash)); err != nil || c != 12 {
		t.Errorf("bcrypt cost of a stored password = %d, %v; want 12", c, err)
	}
	if strings.Contains(mustJSON(t, u), hash) {
		t.Errorf("the hash leaks into the user's JSON")
	}
}

func TestLastAdminStays(t *testing.T) {
	f := newFx(t)
	a, err := f.s.CreateUser(f.ctx, f.admin, model.User{Login: "root", Role: model.RoleAdmin}, "password-1")
	if err != nil {
		t.Fatal(err)
	}
	a.Role = model.RoleClerk
	if _, err := f.s.UpdateUser(f.ctx, f.admin, a); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "唯一启用的管理员") {
		t.Errorf("demoting the only administrator: err = %v, want ErrInvalid", err)
	}
	if _, err := f.s.CreateUser(f.ctx, f.admin, model.User{Login: "root2", Role: model.RoleAdmin}, "password-1"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.UpdateUser(f.ctx, f.admin, a); err != nil {
		t.Errorf("demoting one of two administrators: %v", err)
	}
	us, err := f.s.ListUsers(f.ctx, f.admin)
	if err != nil || len(us) != 2 || us[0].Login != "root" || us[0].Role != model.RoleClerk {
		t.Errorf("Users = %+v, %v", us, err)
	}
}

func TestUpdatePetitionerRefreshesCases(t *testing.T) {
	f := newFx(t)
	c := f.newCase()
	d, _ := f.s.GetCase(f.ctx, f.clerk, c.ID)
	p := d.Petitioners[0]
	p.Name = "张叁丰"
	p.Phone = "010-62345678"
	if _, err := f.s.UpdatePetitioner(f.ctx, f.clerk, p); err != nil {
		t.Fatal(err)
	}
	got, _ := f.s.GetCase(f.ctx, f.clerk, c.ID)
	if got.PetitionerNames != "张叁丰" || !strings.Contains(got.SearchText, "010-62345678") || got.Version != c.Version {
		t.Errorf("after renaming the petitioner: names %q search text %q version %d (want unchanged %d)", got.PetitionerNames, got.SearchText, got.Version, c.Version)
	}
	if n, _ := f.s.CountCases(f.ctx, f.clerk, model.CaseFilter{Query: "张叁丰"}); n != 1 {
		t.Errorf("search by the new name finds %d cases, want 1", n)
	}
	// Another petitioner may not take the same ID number.
	other, err := f.s.CreatePetitioner(f.ctx, f.clerk, f.petitioner("李四"))
	if err != nil {
		t.Fatal(err)
	}
	other.IDNumber = p.IDNumber
	if _, err := f.s.UpdatePetitioner(f.ctx, f.clerk, other); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "张叁丰") {
		t.Errorf("taking another's ID number: err = %v, want ErrInvalid naming 张叁丰", err)
	}
	if _, err := f.s.CreatePetitioner(f.ctx, f.clerk, model.Petitioner{Name: "王五", IDNumber: p.IDNumber}); !errors.Is(err, ErrInvalid) {
		t.Errorf("creating a second petitioner with the ID number: err = %v, want ErrInvalid", err)
	}
	cs, err := f.s.PetitionerCases(f.ctx, f.clerk, p.ID)
	if err != nil || len(cs) != 1 || cs[0].ID != c.ID {
		t.Errorf("PetitionerCases = %d, %v", len(cs), err)
	}
	v, err := f.s.Petitioner(f.ctx, f.viewer, p.ID)
	if err != nil || v.Phone == p.Phone || !strings.Contains(v.Phone, "****") {
		t.Errorf("viewer sees phone %q, %v; want it masked", v.Phone, err)
	}
}

func TestLeaders(t *testing.T) {
	f := newFx(t)
	if err := f.s.SetLeaderAreas(f.ctx, f.admin, f.leader.ID, []int64{f.street2.ID, f.street.ID, f.street.ID}); err != nil {
		t.Fatal(err)
	}
	areas, _ := f.s.LeaderAreas(f.ctx, f.leader.ID)
	if len(areas) != 2 {
		t.Errorf("areas = %v, want the two streets once each", areas)
	}
	if err := f.s.SetLeaderAreas(f.ctx, f.admin, f.leader.ID, []int64{f.community.ID}); !errors.Is(err, ErrInvalid) {
		t.Errorf("a community as 包片: err = %v, want ErrInvalid", err)
	}
	f.carried(f.newCase())
	if err := f.s.DeleteLeader(f.ctx, f.admin, f.leader.ID); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "停用") {
		t.Errorf("deleting a leader who carries a case: err = %v, want ErrInvalid suggesting 停用", err)
	}
	if err := f.s.DeleteLeader(f.ctx, f.admin, f.leader2.ID); err != nil {
		t.Errorf("deleting an unused leader: %v", err)
	}
	l := f.leader
	l.Active = false
	if _, err := f.s.UpdateLeader(f.ctx, f.admin, l); err != nil {
		t.Fatal(err)
	}
	if ls, _ := f.s.Leaders(f.ctx, true); len(ls) != 0 {
		t.Errorf("active leaders = %d, want 0", len(ls))
	}
	if ls, _ := f.s.Leaders(f.ctx, false); len(ls) != 1 {
		t.Errorf("all leaders = %d, want 1", len(ls))
	}
	if _, err := f.s.AssignLeader(f.ctx, f.admin, f.newCase().ID, l.ID, today, ""); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "已停用") {
		t.Errorf("assigning an inactive leader: err = %v, want ErrInvalid", err)
	}
	if _, err := f.s.CreateLeader(f.ctx, f.admin, model.Leader{Name: "  ", Level: model.LevelSection}); !errors.Is(err, ErrInvalid) {
		t.Errorf("leader without a name: err = %v, want ErrInvalid", err)
	}
}

func TestCreateFirstAdminOnlyOnAnEmptyDatabase(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	if _, err := s.CreateFirstAdmin(ctx, model.User{Login: "admin", Name: "管理员"}, "short"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("CreateFirstAdmin with a 5-character password = %v, want ErrInvalid", err)
	}
	u, err := s.CreateFirstAdmin(ctx, model.User{Login: "admin", Name: "管理员", Role: model.RoleViewer}, "secret-123")
	if err != nil {
		t.Fatalf("CreateFirstAdmin: %v", err)
	}
	if u.Role != model.RoleAdmin {
		t.Errorf("first account role = %q, want admin whatever was asked", u.Role)
	}
	if _, err := s.Authenticate(ctx, "admin", "secret-123"); err != nil {
		t.Errorf("Authenticate(admin) after first run: %v", err)
	}
	if _, err := s.CreateFirstAdmin(ctx, model.User{Login: "second", Name: "某人"}, "secret-456"); !errors.Is(err, ErrForbidden) {
		t.Errorf("second CreateFirstAdmin = %v, want ErrForbidden", err)
	}
	if n, _ := s.UserCount(ctx); n != 1 {
		t.Errorf("UserCount = %d, want 1", n)
	}
}
