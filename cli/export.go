package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"baoan/ledgerio"
	"baoan/model"
)

func init() {
	register("export", "export 台账.xlsx [--month YYYY-MM]  导出台账（可只导出某月登记的事项）", cmdExport)
}

// cmdExport writes the ledger, all of it or the cases received in one month, with the
// headers an import reads. The file appears only when complete: it is written next to
// its final name and renamed at the end.
func cmdExport(ctx context.Context, cfg Config, std IO) error {
	fs := newFlags("export")
	month := fs.String("month", "", "只导出该月登记的事项 YYYY-MM")
	args, err := parseWithFile(fs, cfg.Args, "export", "台账.xlsx")
	if err != nil {
		return err
	}
	file := args[0]
	if !strings.EqualFold(filepath.Ext(file), ".xlsx") {
		return usagef("导出文件名应以 .xlsx 结尾，例如 baoan export 台账.xlsx，收到「%s」", file)
	}
	var f model.CaseFilter
	if *month != "" {
		p, err := model.ParseMonth(*month)
		if err != nil {
			return usagef("--month：%v", err)
		}
		f.From, f.To = p.From, p.To
	}
	s, err := openStore(cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	total, err := s.CountCases(ctx, Actor(), f)
	if err != nil {
		return err
	}
	n, err := ledgerio.WriteFile(file, func(w *ledgerio.Writer) error {
		return s.ExportCases(ctx, Actor(), f, func(r model.LedgerRow) error {
			if err := w.Write(r); err != nil {
				return err
			}
			if done := w.Rows(); total >= 100000 && (done%20000 == 0 || int64(done) == total) {
				fmt.Fprintf(std.Err, "\r已导出 %d / %d 件", done, total)
				if int64(done) == total {
					fmt.Fprintln(std.Err)
				}
			}
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("导出失败：%w", err)
	}
	fmt.Fprintf(std.Out, "已导出 %d 件到 %s\n", n, file)
	return nil
}
