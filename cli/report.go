package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"baoan/report"
)

func init() {
	register("report", "report --month YYYY-MM --out 文件.pdf|.xlsx  信访工作月报：可打印的 PDF 或 Excel（也可用 --from/--to）", cmdReport)
}

// cmdReport writes the monthly report (信访工作月报) of a month, or of any period, as a PDF
// or an Excel workbook, chosen by the extension of --out.
func cmdReport(ctx context.Context, cfg Config, std IO) error {
	fs := newFlags("report")
	month := fs.String("month", "", "月报月份 YYYY-MM")
	from := fs.String("from", "", "区间起始日期 YYYY-MM-DD")
	to := fs.String("to", "", "区间截止日期 YYYY-MM-DD")
	out := fs.String("out", "", "输出文件，扩展名 .pdf 或 .xlsx")
	if err := parseFlags(fs, cfg.Args); err != nil {
		return err
	}
	p, err := period(*month, *from, *to)
	if err != nil {
		return err
	}
	ext := strings.ToLower(filepath.Ext(*out))
	switch {
	case *out == "":
		return usagef("请用 --out 指定输出文件，例如 --out 2026年5月月报.pdf（.pdf 或 .xlsx）")
	case ext != ".pdf" && ext != ".xlsx":
		return usagef("--out 的扩展名「%s」无效：月报可输出为 .pdf（打印）或 .xlsx（Excel），请改用其中之一", ext)
	}
	s, err := openStore(cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	r, err := s.ReportData(ctx, p)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if ext == ".pdf" {
		err = report.WritePDF(&buf, r)
	} else {
		err = report.WriteXLSX(&buf, r)
	}
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("无法写入 %s（%v）：请检查文件夹是否存在、是否有写入权限，或文件是否正被其他程序打开", *out, err)
	}
	fmt.Fprintf(std.Out, "已生成《%s》：%s（%d KB）\n", r.Title(), *out, (buf.Len()+1023)/1024)
	return nil
}
