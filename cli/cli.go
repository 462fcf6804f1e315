// Package cli is the command line of the baoan binary: global flags, the subcommands
// (demo, stats, …) and their exit codes. It has no GUI dependency, so every command is
// tested without a display; cmd/baoan opens the desktop app when no command is given.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"

	"baoan/model"
	"baoan/store"
)

// Exit statuses: 0 success, 1 a user error (Chinese message on stderr), 2 bad usage.
const (
	ExitOK    = 0
	ExitUser  = 1
	ExitUsage = 2
)

// Version is set at build time (-ldflags "-X baoan/cli.Version=…").
var Version = "0.1.0-dev"

// Config is what the global flags say: which database, and which command (empty: the app).
type Config struct {
	DB      string
	Command string
	Args    []string
	Version bool
	// DBFromDefault is true when neither --db nor BAOAN_DB named the database and DB is
	// the default file: the app then follows the database chosen in its settings.
	DBFromDefault bool
}

// IO is where a command reads and writes.
type IO struct {
	In       io.Reader
	Out, Err io.Writer
}

// usageError is bad usage: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// command is one subcommand: its synopsis for the usage text and what it does. Each
// command lives in its own file and registers itself there.
type command struct {
	name, synopsis string
	run            func(context.Context, Config, IO) error
}

// commands are the subcommands in the order the usage text lists them.
var commands []command

// register adds a subcommand; each command file calls it from init.
func register(name, synopsis string, run func(context.Context, Config, IO) error) {
	commands = append(commands, command{name, synopsis, run})
}

func init() {
	register("demo", "demo [--cases N]                 生成演示数据（默认 2000 件）", cmdDemo)
	register("stats", "stats --month YYYY-MM [--json]   统计指标（也可用 --from/--to 指定区间）", cmdStats)
}

// usage is the help text: the global flags and every registered command.
func usage() string {
	var b strings.Builder
	b.WriteString("用法：baoan [--db 路径|postgres://…] [命令] [参数]\n\n不带命令时打开桌面程序。命令：\n")
	for _, c := range commands {
		b.WriteString("  " + c.synopsis + "\n")
	}
	b.WriteString("  version                          显示版本\n\n")
	b.WriteString("--db 也可用环境变量 BAOAN_DB 指定；默认数据库为用户配置目录下的 baoan/baoan.db。\n")
	return b.String()
}

// ParseGlobal reads the global flags and the command name. getenv supplies BAOAN_DB.
func ParseGlobal(args []string, getenv func(string) string) (Config, error) {
	fs := flag.NewFlagSet("baoan", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cfg := Config{}
	fs.StringVar(&cfg.DB, "db", getenv("BAOAN_DB"), "数据库文件路径或 postgres:// 连接串")
	fs.BoolVar(&cfg.Version, "version", false, "显示版本")
	if err := fs.Parse(args); err != nil {
		return cfg, usagef("参数有误：%v\n%s", err, usage())
	}
	if rest := fs.Args(); len(rest) > 0 {
		cfg.Command, cfg.Args = rest[0], rest[1:]
	}
	if cfg.DB == "" {
		p, err := store.DefaultPath()
		if err != nil {
			return cfg, err
		}
		cfg.DB = p
		cfg.DBFromDefault = true
	}
	return cfg, nil
}

// Main parses args and runs a command, returning the exit status. It is only for commands:
// the caller opens the app when ParseGlobal finds none.
func Main(ctx context.Context, cfg Config, std IO) int {
	err := run(ctx, cfg, std)
	var ue usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ue):
		fmt.Fprintln(std.Err, ue.msg)
		return ExitUsage
	default:
		fmt.Fprintln(std.Err, "错误："+err.Error())
		return ExitUser
	}
}

func run(ctx context.Context, cfg Config, std IO) error {
	if cfg.Version || cfg.Command == "version" {
		fmt.Fprintln(std.Out, "baoan", Version)
		return nil
	}
	for _, c := range commands {
		if c.name == cfg.Command {
			return c.run(ctx, cfg, std)
		}
	}
	if cfg.Command == "help" || cfg.Command == "-h" {
		fmt.Fprint(std.Out, usage())
		return nil
	}
	return usagef("未知命令「%s」。\n%s", cfg.Command, usage())
}

// openStore opens the database named by the global flags.
func openStore(cfg Config) (*store.Store, error) {
	return store.Open(cfg.DB)
}

// Actor is who the command line acts as: the operating-system user, recorded in the audit
// log as os:<name>. The command line is an administrator's tool.
func Actor() model.Actor {
	name := os.Getenv("USER")
	if u, err := user.Current(); err == nil && u.Username != "" {
		name = u.Username
	}
	if name == "" {
		name = "unknown"
	}
	return model.Actor{Login: "os:" + name, Role: model.RoleAdmin}
}

// newFlags is a flag set for one command that reports errors as usage errors.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return usagef("%s 的参数有误：%v\n%s", fs.Name(), err, usage())
	}
	if fs.NArg() > 0 {
		return usagef("%s 不认识参数：%s\n%s", fs.Name(), strings.Join(fs.Args(), " "), usage())
	}
	return nil
}
