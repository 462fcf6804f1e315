package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"baoan/ledgerio"
	"baoan/model"
)

func init() {
	register("import", "import 台账.xlsx [--add-missing]   导入 Excel 台账（有错则全部不导入并列出错误）", cmdImport)
}

// cmdImport imports a ledger (LEDGER.md): all rows or none. Every wrong row goes to
// stderr as 第N行 [表头] 值「…」：…, and the exit status is then 1.
func cmdImport(ctx context.Context, cfg Config, std IO) error {
	fs := newFlags("import")
	addMissing := fs.Bool("add-missing", false, "自动添加数据库中没有的街道、社区、问题类别、责任单位和包案领导")
	dryRun := fs.Bool("check", false, "只检查，不导入")
	args, err := parseWithFile(fs, cfg.Args, "import", "台账.xlsx")
	if err != nil {
		return err
	}
	file := args[0]
	s, err := openStore(cfg)
	if err != nil {
		return err
	}
	defer s.Close()

	progress := func(what string) func(done, total int) {
		return func(done, total int) {
			if total >= 20000 {
				fmt.Fprintf(std.Err, "\r%s %d / %d 行", what, done, total)
				if done >= total {
					fmt.Fprintln(std.Err)
				}
			}
		}
	}
	sheet, err := ledgerio.ReadFile(file, ledgerio.Options{Progress: progress("已读取")})
	if err != nil {
		return err
	}
	if len(sheet.Unknown) > 0 {
		fmt.Fprintf(std.Err, "提示：以下列不是台账的列，已忽略：%s\n", strings.Join(sheet.Unknown, "、"))
	}
	opts := model.ImportOptions{AddMissing: *addMissing, DryRun: *dryRun || len(sheet.Errors) > 0,
		Source: filepath.Base(file), Progress: progress("已写入")}
	res, err := s.ImportLedger(ctx, Actor(), sheet.Rows, opts)
	var rowErrs model.RowErrors
	if err != nil && !errors.As(err, &rowErrs) {
		return err
	}
	if errs := model.MergeRowErrors(sheet.Errors, rowErrs); len(errs) > 0 {
		for _, e := range errs {
			fmt.Fprintln(std.Err, e.Error())
		}
		if !*addMissing && len(res.Missing) > 0 {
			fmt.Fprintf(std.Err, "数据库中没有的条目 %d 个：%s。核对无误后可加 --add-missing 自动添加。\n", len(res.Missing), dictList(res.Missing))
		}
		return fmt.Errorf("台账有 %d 处错误（涉及 %d 行），未导入任何数据：请按上面的清单修改后重新导入", len(errs), len(errs.Rows()))
	}
	verb := "已导入"
	if opts.DryRun {
		verb = "检查通过，可导入"
	}
	fmt.Fprintf(std.Out, "%s %d 件（台账共 %d 行", verb, res.Created, sheet.Total)
	if n := len(res.Skipped); n > 0 {
		fmt.Fprintf(std.Out, "，其中 %d 件数据库中已有，未重复导入", n)
	}
	fmt.Fprintf(std.Out, "）；新增信访人 %d 名、上门回访 %d 次、包案 %d 件。\n", res.Petitioners, res.Visits, res.Assignments)
	if len(res.Missing) > 0 {
		fmt.Fprintf(std.Out, "新增字典条目 %d 个：%s。\n", len(res.Missing), dictList(res.Missing))
	}
	return nil
}

// dictList names dictionary entries, the first twenty of them.
func dictList(es []model.DictEntry) string {
	var parts []string
	for i, e := range es {
		if i == 20 {
			parts = append(parts, fmt.Sprintf("等 %d 个", len(es)))
			break
		}
		parts = append(parts, e.String())
	}
	return strings.Join(parts, "、")
}

// parseWithFile parses flags that may come before or after the one file argument.
func parseWithFile(fs *flag.FlagSet, args []string, cmd, example string) ([]string, error) {
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, usagef("%s 的参数有误：%v\n%s", cmd, err, usage())
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		files = append(files, args[0])
		args = args[1:]
	}
	switch len(files) {
	case 0:
		return nil, usagef("%s 需要文件名，例如 baoan %s %s\n%s", cmd, cmd, example, usage())
	case 1:
		return files, nil
	}
	return nil, usagef("%s 只接受一个文件，收到 %d 个：%s\n%s", cmd, len(files), strings.Join(files, " "), usage())
}
