package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"baoan/model"
	"baoan/store"
)

func init() {
	register("user", "user add 账号 --role 角色 [--name 姓名] [--leader 领导姓名] | user list | user reset 账号", cmdUser)
}

// cmdUser manages accounts from the command line: the way in for an office whose only
// administrator forgot the password, and for IT staff scripting a new office. It acts as
// the operating-system user, recorded as such in the audit log.
func cmdUser(ctx context.Context, cfg Config, std IO) error {
	if len(cfg.Args) == 0 {
		return usagef("user 需要子命令：add、list 或 reset\n%s", usage())
	}
	sub, args := cfg.Args[0], cfg.Args[1:]
	switch sub {
	case "add":
		return userAdd(ctx, cfg, std, args)
	case "list":
		if err := parseFlags(newFlags("user list"), args); err != nil {
			return err
		}
		return userList(ctx, cfg, std)
	case "reset":
		return userReset(ctx, cfg, std, args)
	}
	return usagef("user 不认识子命令「%s」：应为 add、list 或 reset\n%s", sub, usage())
}

// loginArg takes the account name, which may come before or after the flags.
func loginArg(cmd string, args []string) (string, []string, error) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		return args[0], args[1:], nil
	}
	if n := len(args); n > 0 && !strings.HasPrefix(args[n-1], "-") && (n < 2 || !strings.HasPrefix(args[n-2], "-") || strings.Contains(args[n-2], "=")) {
		return args[n-1], args[:n-1], nil
	}
	return "", nil, usagef("%s 需要账号名，例如 baoan %s zhangsan\n%s", cmd, cmd, usage())
}

func userAdd(ctx context.Context, cfg Config, std IO, args []string) error {
	login, args, err := loginArg("user add", args)
	if err != nil {
		return err
	}
	fs := newFlags("user add")
	roleFlag := fs.String("role", "", "角色：admin、clerk、leader、viewer")
	name := fs.String("name", "", "姓名（默认同账号）")
	leaderName := fs.String("leader", "", "角色为 leader 时，关联的包案领导姓名")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	role, err := model.ParseRole(*roleFlag)
	if err != nil {
		return usagef("--role：%v（可选 admin 管理员、clerk 登记员、leader 包案领导、viewer 只读）", err)
	}
	s, err := openStore(cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	u := model.User{Login: login, Name: *name, Role: role}
	if u.Name == "" {
		u.Name = login
	}
	if role == model.RoleLeader || *leaderName != "" {
		id, err := leaderByName(ctx, s, *leaderName)
		if err != nil {
			return err
		}
		u.LeaderID = &id
	}
	pw, err := readNewPassword(std, login)
	if err != nil {
		return err
	}
	u, err = s.CreateUser(ctx, Actor(), u, pw)
	if err != nil {
		return err
	}
	fmt.Fprintf(std.Out, "已创建账号 %s（%s，%s）\n", u.Login, u.Name, u.Role.Label())
	return nil
}

// leaderByName finds the 包案领导 record a leader account belongs to.
func leaderByName(ctx context.Context, s *store.Store, name string) (int64, error) {
	if strings.TrimSpace(name) == "" {
		return 0, usagef("包案领导账号需要用 --leader 指定关联的领导姓名（领导须先在「设置 → 领导」中建立）")
	}
	ls, err := s.Leaders(ctx, false)
	if err != nil {
		return 0, err
	}
	var found []model.Leader
	for _, l := range ls {
		if l.Name == strings.TrimSpace(name) {
			found = append(found, l)
		}
	}
	switch len(found) {
	case 0:
		return 0, fmt.Errorf("找不到名为「%s」的包案领导：请先在「设置 → 领导」中建立，或检查姓名", name)
	case 1:
		return found[0].ID, nil
	}
	return 0, fmt.Errorf("有 %d 位包案领导都叫「%s」：请在程序的「设置 → 用户」中为该账号选择领导", len(found), name)
}

func userList(ctx context.Context, cfg Config, std IO) error {
	s, err := openStore(cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	users, err := s.ListUsers(ctx, Actor())
	if err != nil {
		return err
	}
	leaders := map[int64]string{}
	if ls, err := s.Leaders(ctx, false); err == nil {
		for _, l := range ls {
			leaders[l.ID] = l.Name
		}
	}
	w := tabwriter.NewWriter(std.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "账号\t姓名\t角色\t关联领导\t状态")
	for _, u := range users {
		leader := ""
		if u.LeaderID != nil {
			leader = leaders[*u.LeaderID]
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", u.Login, u.Name, u.Role.Label(), leader, userState(u, time.Now()))
	}
	if err := w.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(std.Out, "共 %d 个账号\n", len(users))
	return nil
}

func userState(u model.User, now time.Time) string {
	switch {
	case !u.Active:
		return "已停用"
	case u.LockedUntil != nil && u.LockedUntil.After(now):
		return "锁定至 " + u.LockedUntil.Local().Format("15:04")
	}
	return "正常"
}

func userReset(ctx context.Context, cfg Config, std IO, args []string) error {
	login, args, err := loginArg("user reset", args)
	if err != nil {
		return err
	}
	if err := parseFlags(newFlags("user reset"), args); err != nil {
		return err
	}
	s, err := openStore(cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	users, err := s.ListUsers(ctx, Actor())
	if err != nil {
		return err
	}
	for _, u := range users {
		if u.Login != login {
			continue
		}
		pw, err := readNewPassword(std, login)
		if err != nil {
			return err
		}
		if err := s.SetPassword(ctx, Actor(), u.ID, pw); err != nil {
			return err
		}
		fmt.Fprintf(std.Out, "已为账号 %s 设置新密码，账号已解锁\n", login)
		return nil
	}
	return fmt.Errorf("没有账号「%s」：用 baoan user list 查看全部账号", login)
}

// readNewPassword asks twice, without echo, on a terminal; otherwise it reads one line
// from standard input (for scripts: echo 'secret' | baoan user add …).
func readNewPassword(std IO, login string) (string, error) {
	if f, ok := std.In.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprintf(std.Err, "请输入账号 %s 的密码（至少 8 位，输入时不显示）：", login)
		first, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(std.Err)
		if err != nil {
			return "", fmt.Errorf("读取密码失败：%v", err)
		}
		fmt.Fprint(std.Err, "请再输入一次：")
		second, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(std.Err)
		if err != nil {
			return "", fmt.Errorf("读取密码失败：%v", err)
		}
		if string(first) != string(second) {
			return "", errors.New("两次输入的密码不一致：请重新运行命令再输入")
		}
		return string(first), nil
	}
	line, err := bufio.NewReader(std.In).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("从标准输入读取密码失败：%v", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", errors.New("没有读到密码：请在终端中运行并按提示输入，或从标准输入传入，例如 echo '密码' | baoan user add …")
	}
	return pw, nil
}
