package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"baoan/store"
)

func init() {
	register("backup", "backup 备份.db [--force]           备份数据库（程序运行时也可备份；--force 覆盖已有文件）", cmdBackup)
	register("restore", "restore 备份.db                    从备份恢复（先检查备份，并把当前数据库另存到 backups 文件夹）", cmdRestore)
}

// cmdBackup writes a consistent copy of the database to the file named, while other
// windows may go on working.
func cmdBackup(ctx context.Context, cfg Config, std IO) error {
	fset := newFlags("backup")
	force := fset.Bool("force", false, "覆盖已有的文件")
	args, err := parseWithFile(fset, cfg.Args, "backup", "备份.db")
	if err != nil {
		return err
	}
	dst := args[0]
	if st, err := os.Stat(dst); err == nil && !*force {
		if st.IsDir() {
			return fmt.Errorf("%s 是一个文件夹：请给出备份文件名，例如 %s", dst, "备份/baoan-备份.db")
		}
		return fmt.Errorf("文件 %s 已存在：请换一个文件名，或加 --force 覆盖它", dst)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("无法使用备份文件 %s（%v）：请换一个位置", dst, err)
	}
	s, err := openStore(cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Backup(ctx, Actor(), dst); err != nil {
		return errors.New(store.UserMessage(err))
	}
	info, err := store.CheckBackup(ctx, dst)
	if err != nil {
		return fmt.Errorf("备份已写入 %s，但检查未通过：%s。请换一个位置重新备份", dst, store.UserMessage(err))
	}
	fmt.Fprintf(std.Out, "已备份：%s。\n恢复时运行 baoan restore %s\n", info.Summary(), dst)
	return nil
}

// cmdRestore replaces the database with a checked backup, keeping the current one in the
// backups folder first. It refuses while the app or another command has the database
// open.
func cmdRestore(ctx context.Context, cfg Config, std IO) error {
	fset := newFlags("restore")
	args, err := parseWithFile(fset, cfg.Args, "restore", "备份.db")
	if err != nil {
		return err
	}
	if isDSN(cfg.DB) {
		return fmt.Errorf("--db 是 PostgreSQL 数据库：请由数据库管理员用 pg_restore 恢复；restore 只恢复 SQLite 数据库文件")
	}
	rep, err := store.Restore(ctx, Actor(), args[0], cfg.DB)
	if err != nil {
		return fmt.Errorf("没有恢复：%s", store.UserMessage(err))
	}
	fmt.Fprintln(std.Out, rep.Summary())
	return nil
}

// isDSN reports whether the database is a PostgreSQL connection string.
func isDSN(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}
