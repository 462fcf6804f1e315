package cli

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"

	"baoan/model"
	"baoan/store"
)

// runWithInput is runCLI with text on standard input.
func runWithInput(t *testing.T, in string, args ...string) (int, string, string) {
	t.Helper()
	cfg, err := ParseGlobal(args, func(string) string { return "" })
	if err != nil {
		return ExitUsage, "", err.Error()
	}
	var out, errb bytes.Buffer
	code := Main(context.Background(), cfg, IO{In: strings.NewReader(in), Out: &out, Err: &errb})
	return code, out.String(), errb.String()
}

func TestUserAddListReset(t *testing.T) {
	db := filepath.Join(t.TempDir(), "users.db")
	code, out, errs := runWithInput(t, "first-pass-1\n", "--db", db, "user", "add", "zhangsan", "--role", "clerk", "--name", "张三")
	if code != ExitOK || !strings.Contains(out, "zhangsan") || !strings.Contains(out, "登记员") {
		t.Fatalf("user add = %d %q %q; want success naming zhangsan 登记员", code, out, errs)
	}
	// Flags before the account name work too.
	if code, _, errs := runWithInput(t, "second-pass\n", "--db", db, "user", "add", "--role", "viewer", "lisi"); code != ExitOK {
		t.Fatalf("user add --role viewer lisi = %d %q", code, errs)
	}
	code, out, _ = runWithInput(t, "", "--db", db, "user", "list")
	if code != ExitOK || !strings.Contains(out, "张三") || !strings.Contains(out, "只读") || !strings.Contains(out, "共 2 个账号") {
		t.Errorf("user list = %d %q; want both accounts", code, out)
	}

	s, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(context.Background(), "zhangsan", "first-pass-1"); err != nil {
		t.Errorf("Authenticate with the password from stdin: %v", err)
	}
	s.Close()

	if code, out, errs := runWithInput(t, "new-pass-22\n", "--db", db, "user", "reset", "zhangsan"); code != ExitOK || !strings.Contains(out, "已为账号 zhangsan 设置新密码") {
		t.Fatalf("user reset = %d %q %q", code, out, errs)
	}
	s, _ = store.Open(db)
	defer s.Close()
	if _, err := s.Authenticate(context.Background(), "zhangsan", "new-pass-22"); err != nil {
		t.Errorf("Authenticate with the reset password: %v", err)
	}
	entries, err := s.AuditLog(context.Background(), model.Actor{Role: model.RoleAdmin}, 0, 10)
	if err != nil || len(entries) == 0 || !strings.HasPrefix(entries[0].Actor, "os:") {
		t.Errorf("newest audit entry %+v (%v); want the operating-system user as actor", entries, err)
	}
}

func TestUserCommandErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "users.db")
	if code, _, _ := runWithInput(t, "good-pass-1\n", "--db", db, "user", "add", "wang", "--role", "admin"); code != ExitOK {
		t.Fatal("setup: user add wang failed")
	}
	tests := []struct {
		name   string
		in     string
		args   []string
		code   int
		stderr string
	}{
		{"no subcommand", "", []string{"user"}, ExitUsage, "add、list 或 reset"},
		{"unknown subcommand", "", []string{"user", "remove", "x"}, ExitUsage, "不认识子命令"},
		{"no login", "", []string{"user", "add", "--role", "clerk"}, ExitUsage, "需要账号名"},
		{"bad role", "pw-123456\n", []string{"user", "add", "li", "--role", "boss"}, ExitUsage, "--role"},
		{"leader without --leader", "pw-123456\n", []string{"user", "add", "li", "--role", "leader"}, ExitUsage, "--leader"},
		{"unknown leader", "pw-123456\n", []string{"user", "add", "li", "--role", "leader", "--leader", "无此人"}, ExitUser, "找不到名为「无此人」"},
		{"short password", "short\n", []string{"user", "add", "li", "--role", "clerk"}, ExitUser, "密码"},
		{"no password", "", []string{"user", "add", "li", "--role", "clerk"}, ExitUser, "没有读到密码"},
		{"duplicate login", "pw-123456\n", []string{"user", "add", "wang", "--role", "clerk"}, ExitUser, "wang"},
		{"reset unknown", "pw-123456\n", []string{"user", "reset", "nobody"}, ExitUser, "没有账号「nobody」"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runWithInput(t, tt.in, append([]string{"--db", db}, tt.args...)...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("baoan %v = %d %q; want %d and a message containing %q", tt.args, code, stderr, tt.code, tt.stderr)
			}
		})
	}
	code, out, _ := runWithInput(t, "", "--db", db, "user", "list")
	if code != ExitOK || !strings.Contains(out, "共 1 个账号") {
		t.Errorf("after refused commands user list = %q; want only wang", out)
	}
}

func TestAuditVerifyNamesTheTamperedRecord(t *testing.T) {
	db := filepath.Join(t.TempDir(), "audit.db")
	if code, _, errs := runWithInput(t, "", "--db", db, "demo", "--cases", "30"); code != ExitOK {
		t.Fatalf("demo: %s", errs)
	}
	if code, out, errs := runWithInput(t, "", "--db", db, "audit", "verify"); code != ExitOK || !strings.Contains(out, "校验通过") {
		t.Fatalf("audit verify on a clean database = %d %q %q", code, out, errs)
	}
	raw, err := gorm.Open(sqlite.Open(db), &gorm.Config{})
	if err != nil {
		t.Fatal(err)
	}
	var no string
	raw.Raw(`SELECT case_no FROM cases WHERE id = 12`).Scan(&no)
	if err := raw.Exec(`UPDATE cases SET summary = '已撤诉' WHERE id = 12`).Error; err != nil {
		t.Fatal(err)
	}
	sqlDB, _ := raw.DB()
	sqlDB.Close()
	code, _, stderr := runWithInput(t, "", "--db", db, "audit", "verify")
	if code != ExitUser || no == "" || !strings.Contains(stderr, no) {
		t.Errorf("audit verify after changing case %s = %d %q; want exit 1 naming it", no, code, stderr)
	}
	if code, _, _ := runWithInput(t, "", "--db", db, "audit", "check"); code != ExitUsage {
		t.Errorf("audit check = %d, want usage error", code)
	}
}
