package report

import (
	"fmt"
	"io"

	"baoan/model"
)

// ReceptionRow is one 接访日 of the leaders' reception schedule.
type ReceptionRow struct {
	Day                        model.Date
	Leader, Title, Place, Note string
}

// weekdays are the days of the week as a schedule prints them.
var weekdays = [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}

// WriteReceptionPDF writes the leaders' reception-day schedule (领导接访日安排) from..to as a
// printable A4 PDF: one line per reception day, in the order given (the caller sorts by
// day). The same schedule always gives the same bytes.
func WriteReceptionPDF(w io.Writer, office string, from, to model.Date, rows []ReceptionRow) error {
	if from.IsZero() || to.IsZero() || to.Before(from) {
		return fmt.Errorf("接访日安排的日期范围 %s 至 %s 无效：请选择起止日期，且结束日期不早于开始日期", from, to)
	}
	p := model.Period{From: from, To: to}
	title := office + "领导接访日安排"
	d := newDoc(title, office, title, periodName(p), to)
	d.pdf.AddPage()
	d.title(title, sizeTitle)
	d.font(sizeBody, false)
	d.pdf.SetX(marginL)
	d.pdf.CellFormat(textW, lineHeight(sizeBody), "安排期间："+periodText(p), "", 1, "C", false, 0, "")
	d.pdf.Ln(3)
	if len(rows) == 0 {
		d.paragraph("该期间没有安排领导接访日。", sizeBody, false)
		return d.output(w)
	}
	cols := []column{{"序号", 10, "C"}, {"接访日期", 24, "C"}, {"星期", 14, "C"}, {"接访领导", 22, "L"},
		{"职务", 32, "L"}, {"接访地点", 38, "L"}, {"备注", 30, "L"}}
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = []string{fmt.Sprint(i + 1), r.Day.String(), weekdays[r.Day.Weekday()], r.Leader, r.Title, r.Place, r.Note}
	}
	d.table(cols, out)
	d.note(fmt.Sprintf("共%d次。", len(rows)))
	return d.output(w)
}
