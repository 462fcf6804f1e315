package cli

import (
	"context"
	"fmt"
	"os"
	"strings"

	"baoan/store"
)

func init() {
	register("migrate", "migrate --to postgres://…          把 SQLite 数据库迁移到 PostgreSQL（多个窗口共用）", cmdMigrate)
}

// cmdMigrate moves the SQLite database named by --db into a new, empty PostgreSQL
// database, for an office whose desks will share one server from now on. The copy is
// one transaction and is compared table by table before it commits; the SQLite file is
// left as it was.
func cmdMigrate(ctx context.Context, cfg Config, std IO) error {
	fs := newFlags("migrate")
	to := fs.String("to", "", "目标 PostgreSQL 连接串 postgres://用户:密码@主机:端口/数据库")
	if err := parseFlags(fs, cfg.Args); err != nil {
		return err
	}
	switch {
	case *to == "":
		return usagef("migrate 需要 --to 指定目标：baoan --db 办公室.db migrate --to postgres://用户:密码@主机:5432/数据库\n%s", usage())
	case !strings.HasPrefix(*to, "postgres://") && !strings.HasPrefix(*to, "postgresql://"):
		return usagef("--to 应为 PostgreSQL 连接串（postgres://用户:密码@主机:5432/数据库），而不是「%s」", *to)
	case strings.HasPrefix(cfg.DB, "postgres://") || strings.HasPrefix(cfg.DB, "postgresql://"):
		return usagef("--db 已是 PostgreSQL：migrate 把 SQLite 数据库文件迁往 PostgreSQL，请用 --db 指定要迁移的 .db 文件")
	}
	if _, err := os.Stat(cfg.DB); err != nil {
		return fmt.Errorf("找不到要迁移的数据库文件 %s（%v）：请用 --db 指定办公室的 .db 文件", cfg.DB, err)
	}
	s, err := openStore(cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Fprintf(std.Err, "正在把 %s 迁移到 PostgreSQL，迁移期间请勿在其他窗口录入……\n", cfg.DB)
	rep, err := s.MigrateTo(ctx, Actor(), *to, func(tc store.TableCopy) {
		fmt.Fprintf(std.Err, "  %s：%d 行\n", tc.Table, tc.Copied)
	})
	if err != nil {
		return fmt.Errorf("%s", store.UserMessage(err))
	}
	fmt.Fprintln(std.Out, rep)
	fmt.Fprintf(std.Out, "迁移完成，各表行数与校验和一致。今后各窗口请用 --db %s 打开（或设置环境变量 BAOAN_DB）；原文件 %s 未改动，可留作备份。\n", store.RedactDSN(*to), cfg.DB)
	return nil
}
