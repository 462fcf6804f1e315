package report

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"sort"

	"github.com/xuri/excelize/v2"

	"baoan/model"
)

// WriteXLSX writes the monthly report as an Excel workbook with the same figures as the
// PDF: a sheet for the summary, counts and rates, one per breakdown, the twelve-month
// series with its chart, and the two lists. Counts are numbers and rates are numerator,
// denominator and a percentage cell, so that the office can compute with them; a rate
// without a denominator is the text "—". Cells are written one by one rather than
// streamed, which keeps the parts of the file in a fixed order: the same report gives the
// same bytes.
func WriteXLSX(w io.Writer, r model.MonthlyReport) error {
	f := excelize.NewFile()
	defer f.Close()
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return &orderedZip{Writer: zip.NewWriter(w)} })
	x := &book{f: f}
	x.styles()

	x.sheet("月报", []float64{22, 14, 14, 14, 14, 14, 14, 14})
	f.DeleteSheet("Sheet1")
	x.title(r.Title(), 8)
	x.row("制表单位", r.Office)
	x.row("统计区间", periodText(r.Period))
	x.row()
	x.text(summary(r), 8, 7)
	x.row()
	prev, ly := "上月", "去年同月"
	if !r.Period.IsMonth() {
		prev, ly = "上一期", "去年同期"
	}
	x.header("项目", "本期", prev, "环比增减", ly, "同比增减")
	for _, c := range countRows {
		now, p, y := c.get(r.Stats), c.get(r.Previous), c.get(r.LastYear)
		x.row(c.label, now, p, now-p, y, now-y)
	}
	x.row()
	x.header("指标", "分子", "分母", "本期", prev, "环比（百分点）", ly, "同比（百分点）")
	for _, k := range model.RateKeys {
		now, _ := r.Stats.Rates.Get(k)
		p, _ := r.Previous.Rates.Get(k)
		y, _ := r.LastYear.Rates.Get(k)
		x.row(model.RateLabel(k), now.Num, now.Den, pct(now), pct(p), points(now, p), pct(y), points(now, y))
	}
	x.note("比率保留一位小数（四舍五入）；分母为 0 的指标无比率，记为“—”。环比、同比为比率之差，单位为百分点。")

	x.sheet("包案领导", []float64{8, 14, 10, 10, 10, 10, 12, 12, 12, 12, 12, 12, 12})
	x.header("序号", "包案领导", "在包", "新增", "办结", "销号", "开门接访", "进门约访", "登门走访", "上门回访", "按期办结", "应按期办结", "按期办结率")
	for i, l := range r.Stats.ByLeader {
		x.row(i+1, l.Leader, l.Carried, l.New, l.Closed, l.StruckOff, l.Visits.Reception, l.Visits.Appointment,
			l.Visits.Home, l.Visits.FollowUp, l.OnTimeClosure.Num, l.OnTimeClosure.Den, pct(l.OnTimeClosure))
	}

	groups := func(name, first, col string, rows []groupLine) {
		x.sheet(name, []float64{8, 18, 10, 10, 12, 12, 12, 12, 12, 12, 12})
		x.header(first, col, "登记", "办结", "逾期未办结", "按期办结", "应按期办结", "按期办结率", "满意", "已评价", "满意率")
		for i, g := range rows {
			x.row(i+1, g.name, g.Received, g.Closed, g.OverdueOpen, g.OnTimeClosure.Num, g.OnTimeClosure.Den,
				pct(g.OnTimeClosure), g.Satisfaction.Num, g.Satisfaction.Den, pct(g.Satisfaction))
		}
	}
	var lines []groupLine
	for _, s := range r.Stats.ByStreet {
		lines = append(lines, groupLine{s.Street, s.GroupCounts})
	}
	groups("街道", "排名", "街道", lines)
	lines = nil
	for _, c := range r.Stats.ByCategory {
		lines = append(lines, groupLine{c.Category, c.GroupCounts})
	}
	groups("问题类别", "序号", "问题类别", lines)
	lines = nil
	for _, c := range r.Stats.ByChannel {
		lines = append(lines, groupLine{c.Label, c.GroupCounts})
	}
	groups("信访形式", "序号", "信访形式", lines)

	x.sheet("月度趋势", []float64{12, 10, 10})
	x.header("月份", "登记", "办结")
	for _, m := range r.Series {
		x.row(m.Month, m.Received, m.Closed)
	}
	if n := len(r.Series); n > 0 && x.err == nil {
		ref := func(col string) string { return fmt.Sprintf("'月度趋势'!$%s$2:$%s$%d", col, col, n+1) }
		x.err = f.AddChart("月度趋势", "E2", &excelize.Chart{
			Type: excelize.Line,
			Series: []excelize.ChartSeries{
				{Name: "'月度趋势'!$B$1", Categories: ref("A"), Values: ref("B")},
				{Name: "'月度趋势'!$C$1", Categories: ref("A"), Values: ref("C")},
			},
			Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "近12个月登记与办结件数"}}},
			Legend: excelize.ChartLegend{Position: "top"},
			Format: excelize.GraphicOptions{ScaleX: 1.2, ScaleY: 1.1},
		})
	}

	x.sheet("逾期未办结", []float64{8, 20, 14, 22, 16, 10, 12, 10})
	x.header("序号", "信访编号", "信访人", "责任单位", "包案领导", "逾期环节", "期限届满", "逾期天数")
	for i, c := range r.Overdue {
		stage := "办理"
		if c.Accepting {
			stage = "受理"
		}
		x.row(i+1, c.No, c.Petitioner, c.Unit, c.Leaders, stage, c.DueOn.String(), c.DaysOverdue)
	}
	if total := r.Stats.OverdueOpen; total > len(r.Overdue) {
		x.note(fmt.Sprintf("共%d件，按逾期天数列出前%d件，其余%d件请在台账中查看。", total, len(r.Overdue), total-len(r.Overdue)))
	} else {
		x.note(fmt.Sprintf("共%d件。", total))
	}

	x.sheet("积案", []float64{8, 20, 14, 12, 16, 14, 10, 10, 12})
	x.header("序号", "信访编号", "信访人", "登记日期", "包案领导", "办理进展", "四包完成", "四包总数", "息诉罢访")
	for i, b := range r.Backlog {
		x.row(i+1, b.No, b.Petitioner, b.ReceivedOn.String(), b.Leaders, backlogProgress(b), b.DutiesDone, b.Duties, b.StoppedOn.String())
	}
	if r.BacklogTotal > len(r.Backlog) {
		x.note(fmt.Sprintf("本期在册积案共%d件，按登记日期列出最早的%d件，其余%d件请在台账中查看。", r.BacklogTotal, len(r.Backlog), r.BacklogTotal-len(r.Backlog)))
	} else {
		x.note(fmt.Sprintf("本期在册积案共%d件。", r.BacklogTotal))
	}

	if x.err != nil {
		return fmt.Errorf("report: write workbook: %w", x.err)
	}
	f.SetActiveSheet(0)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title: r.Title(), Creator: r.Office, Created: stampOf(r.Period.To), Modified: stampOf(r.Period.To),
	}); err != nil {
		return fmt.Errorf("report: write workbook: %w", err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("report: write workbook: %w", err)
	}
	return nil
}

// stampOf is the date written into the file's properties: the period's last day.
func stampOf(d model.Date) string { return d.Time().Format("2006-01-02T15:04:05Z") }

// pct is a rate as a cell: its percentage as a fraction (formatted 0.0%), or "—".
func pct(r model.Rate) any {
	t, ok := tenths(r)
	if !ok {
		return dash
	}
	return percent(t)
}

// percent marks a value for the percentage format.
type percent int64

// points is the change of a rate in percentage points as a number, or "—".
func points(now, then model.Rate) any {
	a, ok1 := tenths(now)
	b, ok2 := tenths(then)
	if !ok1 || !ok2 {
		return dash
	}
	return pointsValue(a - b)
}

// pointsValue marks a value in tenths of a percentage point, for the 0.0 format.
type pointsValue int64

// book is a workbook being written row by row; the first error stops the writing.
type book struct {
	f     *excelize.File
	name  string
	next  int // the next row to write, from 1
	err   error
	style struct{ title, head, cell, pct, points, text int }
}

func (x *book) styles() {
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	pctFmt, ptsFmt := "0.0%", "+0.0;-0.0;0.0"
	for _, s := range []struct {
		dst   *int
		style excelize.Style
	}{
		{&x.style.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}, Alignment: &excelize.Alignment{Horizontal: "center"}}},
		{&x.style.head, excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8E8E8"}},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}},
		{&x.style.cell, excelize.Style{Border: border}},
		{&x.style.pct, excelize.Style{Border: border, CustomNumFmt: &pctFmt}},
		{&x.style.points, excelize.Style{Border: border, CustomNumFmt: &ptsFmt}},
		{&x.style.text, excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
	} {
		if x.err == nil {
			*s.dst, x.err = x.f.NewStyle(&s.style)
		}
	}
}

// sheet starts a new sheet with its column widths.
func (x *book) sheet(name string, widths []float64) {
	if x.err != nil {
		return
	}
	if _, x.err = x.f.NewSheet(name); x.err != nil {
		return
	}
	x.name, x.next = name, 1
	for i, w := range widths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if x.err == nil {
			x.err = x.f.SetColWidth(name, col, col, w)
		}
	}
}

func (x *book) cell(col int) string {
	c, _ := excelize.CoordinatesToCellName(col, x.next)
	return c
}

// title writes a bold heading merged over cols columns.
func (x *book) title(text string, cols int) {
	if x.err != nil {
		return
	}
	last, _ := excelize.CoordinatesToCellName(cols, x.next)
	x.set(1, text, x.style.title)
	if x.err == nil {
		x.err = x.f.MergeCell(x.name, x.cell(1), last)
	}
	x.next++
}

// text writes a paragraph merged over cols columns and rows rows, wrapped.
func (x *book) text(s string, cols, rows int) {
	if x.err != nil {
		return
	}
	last, _ := excelize.CoordinatesToCellName(cols, x.next+rows-1)
	x.set(1, s, x.style.text)
	if x.err == nil {
		x.err = x.f.MergeCell(x.name, x.cell(1), last)
	}
	x.next += rows
}

// header writes a row of column titles.
func (x *book) header(titles ...string) {
	for i, t := range titles {
		x.set(i+1, t, x.style.head)
	}
	if x.err == nil {
		x.err = x.f.SetRowHeight(x.name, x.next, 30)
	}
	x.next++
}

// row writes a row of values with borders; a row of no values is a blank line.
func (x *book) row(values ...any) {
	for i, v := range values {
		switch v := v.(type) {
		case percent:
			x.set(i+1, float64(v)/1000, x.style.pct)
		case pointsValue:
			x.set(i+1, float64(v)/10, x.style.points)
		default:
			x.set(i+1, v, x.style.cell)
		}
	}
	x.next++
}

// note writes a remark under a table.
func (x *book) note(s string) {
	x.set(1, s, 0)
	x.next++
}

func (x *book) set(col int, v any, style int) {
	if x.err != nil {
		return
	}
	c := x.cell(col)
	if x.err = x.f.SetCellValue(x.name, c, v); x.err == nil && style != 0 {
		x.err = x.f.SetCellStyle(x.name, c, c, style)
	}
}

// orderedZip writes the workbook's parts as excelize gives them, except that it sorts the
// <Default> entries of [Content_Types].xml: excelize appends the image types a chart
// needs from a Go map, in a different order each run, and the report must be the same
// bytes every time.
type orderedZip struct {
	*zip.Writer
	types *bytes.Buffer
}

func (z *orderedZip) Create(name string) (io.Writer, error) {
	if name == "[Content_Types].xml" {
		z.types = &bytes.Buffer{}
		return z.types, nil
	}
	return z.Writer.Create(name)
}

var defaultType = regexp.MustCompile(`<Default [^>]*>(?:</Default>)?`)

func (z *orderedZip) Close() error {
	if z.types != nil {
		b := z.types.Bytes()
		if found := defaultType.FindAllIndex(b, -1); adjacent(found) {
			entries := make([]string, len(found))
			for i, m := range found {
				entries[i] = string(b[m[0]:m[1]])
			}
			sort.Strings(entries)
			var out bytes.Buffer
			out.Write(b[:found[0][0]])
			for _, e := range entries {
				out.WriteString(e)
			}
			out.Write(b[found[len(found)-1][1]:])
			b = out.Bytes()
		}
		w, err := z.Writer.Create("[Content_Types].xml")
		if err != nil {
			return err
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return z.Writer.Close()
}

// adjacent reports whether the matches follow one another with nothing between them, so
// that sorting them changes nothing else. (Were they not, the file would keep excelize's
// order and the test of identical bytes would say so.)
func adjacent(m [][]int) bool {
	for i := 1; i < len(m); i++ {
		if m[i][0] != m[i-1][1] {
			return false
		}
	}
	return len(m) > 0
}
