package cli

import (
	"context"
	"fmt"
	"time"

	"baoan/demo"
	"baoan/model"
)

func cmdDemo(ctx context.Context, cfg Config, std IO) error {
	fs := newFlags("demo")
	n := fs.Int("cases", 2000, "案件数量")
	seed := fs.Uint64("seed", 1, "随机种子（相同种子生成相同数据）")
	if err := parseFlags(fs, cfg.Args); err != nil {
		return err
	}
	if *n < 0 || *n > 10_000_000 {
		return usagef("--cases 应为 0 到 10000000 之间的整数，收到 %d", *n)
	}
	s, err := openStore(cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	start := time.Now()
	err = demo.Load(ctx, s, Actor(), demo.Options{Cases: *n, Seed: *seed, Today: model.Today(),
		Progress: func(done, total int) {
			if total >= 100000 {
				fmt.Fprintf(std.Err, "\r已生成 %d / %d 件", done, total)
			}
		}})
	if *n >= 100000 {
		fmt.Fprintln(std.Err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(std.Out, "已生成演示数据 %d 件，用时 %.1f 秒，数据库：%s\n", *n, time.Since(start).Seconds(), cfg.DB)
	return nil
}
