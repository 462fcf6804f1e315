package report

import (
	"fmt"
	"io"
	"strconv"

	"baoan/model"
)

// WritePDF writes the monthly report (信访工作月报) as a printable A4 PDF: the title, the
// summary written from the figures, the tables of counts and rates, the 包案 leaders, the
// streets, categories and channels, the two charts, and the lists of overdue cases and
// 积案. The same report always gives the same bytes.
func WritePDF(w io.Writer, r model.MonthlyReport) error {
	title := r.Title()
	d := newDoc(title, r.Office, r.Office+"信访工作月报", periodName(r.Period), r.Period.To)
	pdf := d.pdf
	pdf.AddPage()

	d.title(title, sizeTitle)
	pdf.Ln(1)
	d.font(sizeBody, false)
	pdf.SetX(marginL)
	pdf.CellFormat(textW, lineHeight(sizeBody), "制表单位："+r.Office+"　　统计区间："+periodText(r.Period), "", 1, "C", false, 0, "")
	pdf.Ln(2)

	d.heading("一、总体情况", 20)
	d.paragraph(summary(r), sizeBody, true)

	d.heading("二、基本数据", 30)
	d.countsTable(r)

	d.heading("三、主要指标", 30)
	d.ratesTable(r)
	d.note("比率保留一位小数（四舍五入）；分母为 0 的指标无比率，记为“—”。环比、同比为比率之差，单位为百分点。")

	d.heading("四、领导包案情况", 30)
	d.leaderTable(r.Stats.ByLeader)

	d.heading("五、各街道情况", 30)
	streets := make([]groupLine, len(r.Stats.ByStreet))
	for i, s := range r.Stats.ByStreet {
		streets[i] = groupLine{s.Street, s.GroupCounts}
	}
	d.groupTable("排名", "街道", streets, "本期无街道数据。")

	d.heading("六、问题类别与信访形式", 30)
	cats := make([]groupLine, len(r.Stats.ByCategory))
	for i, c := range r.Stats.ByCategory {
		cats[i] = groupLine{c.Category, c.GroupCounts}
	}
	d.groupTable("序号", "问题类别", cats, "本期无问题类别数据。")
	chans := make([]groupLine, len(r.Stats.ByChannel))
	for i, c := range r.Stats.ByChannel {
		chans[i] = groupLine{c.Label, c.GroupCounts}
	}
	d.groupTable("序号", "信访形式", chans, "本期无信访形式数据。")

	d.heading("七、趋势与分布", 90)
	d.font(sizeBody, false)
	d.paragraph("图1  近12个月登记与办结件数", sizeBody, false)
	d.lineChart(r.Series)
	d.seriesTable(r.Series)
	pdf.Ln(4)
	d.room(40)
	d.paragraph("图2  各问题类别登记与办结件数", sizeBody, false)
	d.barChart(r.Stats.ByCategory)

	d.heading("八、逾期未办结事项", 30)
	d.overdueTable(r)

	d.heading("九、积案化解进展", 30)
	d.backlogTable(r)

	return d.output(w)
}

// countsTable is the table of counts with the previous period and a year earlier.
func (d *doc) countsTable(r model.MonthlyReport) {
	prev, ly := "上月", "去年同月"
	if !r.Period.IsMonth() {
		prev, ly = "上一期", "去年同期"
	}
	cols := []column{{"项目", 40, "L"}, {"本期", 26, "R"}, {prev, 26, "R"}, {"环比增减", 26, "R"}, {ly, 26, "R"}, {"同比增减", 26, "R"}}
	var rows [][]string
	for _, c := range countRows {
		now, p, y := c.get(r.Stats), c.get(r.Previous), c.get(r.LastYear)
		rows = append(rows, []string{c.label, strconv.Itoa(now), strconv.Itoa(p), countChange(now, p), strconv.Itoa(y), countChange(now, y)})
	}
	d.table(cols, rows)
}

// ratesTable is every rate with numerator, denominator and percentage, and its change.
func (d *doc) ratesTable(r model.MonthlyReport) {
	prev, ly := "上月", "去年同月"
	if !r.Period.IsMonth() {
		prev, ly = "上一期", "去年同期"
	}
	cols := []column{{"指标", 28, "L"}, {"分子", 16, "R"}, {"分母", 16, "R"}, {"本期", 22, "R"}, {prev, 22, "R"},
		{"环比（百分点）", 22, "R"}, {ly, 22, "R"}, {"同比（百分点）", 22, "R"}}
	var rows [][]string
	for _, k := range model.RateKeys {
		now, _ := r.Stats.Rates.Get(k)
		p, _ := r.Previous.Rates.Get(k)
		y, _ := r.LastYear.Rates.Get(k)
		rows = append(rows, []string{model.RateLabel(k), strconv.Itoa(now.Num), strconv.Itoa(now.Den), now.String(),
			p.String(), rateChange(now, p), y.String(), rateChange(now, y)})
	}
	d.table(cols, rows)
}

// leaderTable is the 包案 breakdown by leader.
func (d *doc) leaderTable(rows []model.LeaderRow) {
	if len(rows) == 0 {
		d.note("本期无包案领导数据。")
		return
	}
	cols := []column{{"序号", 9, "C"}, {"包案领导", 20, "L"}, {"在包", 11, "R"}, {"新增", 11, "R"}, {"办结", 11, "R"},
		{"销号", 11, "R"}, {"开门接访", 15, "R"}, {"进门约访", 15, "R"}, {"登门走访", 15, "R"}, {"上门回访", 15, "R"},
		{"按期办结", 19, "R"}, {"按期办结率", 18, "R"}}
	var out [][]string
	for i, l := range rows {
		name := l.Leader
		if name == "" {
			name = "#" + strconv.FormatInt(l.LeaderID, 10)
		}
		out = append(out, []string{strconv.Itoa(i + 1), name, strconv.Itoa(l.Carried), strconv.Itoa(l.New),
			strconv.Itoa(l.Closed), strconv.Itoa(l.StruckOff),
			strconv.Itoa(l.Visits.Reception), strconv.Itoa(l.Visits.Appointment), strconv.Itoa(l.Visits.Home),
			strconv.Itoa(l.Visits.FollowUp), fraction(l.OnTimeClosure), l.OnTimeClosure.String()})
	}
	d.table(cols, out)
	d.note("在包：统计区间内承担包案的事项（区间开始前已销号的不计）；按期办结：办结数中按期办结的件数/（办结数 + 到期未办结数）。")
}

// groupLine is one row of the street, category or channel tables.
type groupLine struct {
	name string
	model.GroupCounts
}

// groupTable is the table of a breakdown by street, category or channel, in the order of
// the statistics (most received first).
func (d *doc) groupTable(first, name string, rows []groupLine, empty string) {
	if len(rows) == 0 {
		d.note(empty)
		return
	}
	cols := []column{{first, 10, "C"}, {name, 32, "L"}, {"登记", 15, "R"}, {"办结", 15, "R"}, {"逾期未办结", 20, "R"},
		{"按期办结", 20, "R"}, {"按期办结率", 20, "R"}, {"满意", 19, "R"}, {"满意率", 19, "R"}}
	var out [][]string
	for i, g := range rows {
		n := g.name
		if n == "" {
			n = "（未填）"
		}
		out = append(out, []string{strconv.Itoa(i + 1), n, strconv.Itoa(g.Received), strconv.Itoa(g.Closed),
			strconv.Itoa(g.OverdueOpen), fraction(g.OnTimeClosure), g.OnTimeClosure.String(),
			fraction(g.Satisfaction), g.Satisfaction.String()})
	}
	d.table(cols, out)
}

// seriesTable gives the figures of chart 1 as numbers under it.
func (d *doc) seriesTable(series []model.MonthCount) {
	if len(series) == 0 {
		return
	}
	w := (textW - 18) / float64(len(series))
	cols := []column{{"月份", 18, "L"}}
	recv, closed := []string{"登记"}, []string{"办结"}
	for i, m := range series {
		cols = append(cols, column{monthLabel(m.Month, i == 0), w, "R"})
		recv = append(recv, strconv.Itoa(m.Received))
		closed = append(closed, strconv.Itoa(m.Closed))
	}
	d.table(cols, [][]string{recv, closed})
}

// overdueTable lists the open cases past due at the end of the period.
func (d *doc) overdueTable(r model.MonthlyReport) {
	total := r.Stats.OverdueOpen
	if total == 0 || len(r.Overdue) == 0 {
		d.note(fmt.Sprintf("截至%s，无逾期未办结事项。", r.Period.To.Chinese()))
		return
	}
	cols := []column{{"序号", 10, "C"}, {"信访编号", 32, "L"}, {"信访人", 22, "L"}, {"责任单位", 30, "L"},
		{"包案领导", 24, "L"}, {"逾期环节", 16, "C"}, {"期限届满", 20, "C"}, {"逾期天数", 16, "R"}}
	var out [][]string
	for i, c := range r.Overdue {
		stage := "办理"
		if c.Accepting {
			stage = "受理"
		}
		out = append(out, []string{strconv.Itoa(i + 1), c.No, orDash(c.Petitioner), orDash(c.Unit), orDash(c.Leaders),
			stage, c.DueOn.String(), strconv.Itoa(c.DaysOverdue)})
	}
	d.table(cols, out)
	if total > len(r.Overdue) {
		d.note(fmt.Sprintf("共%d件，按逾期天数列出前%d件，其余%d件请在台账中查看。", total, len(r.Overdue), total-len(r.Overdue)))
	} else {
		d.note(fmt.Sprintf("共%d件。逾期天数计至%s。信访人姓名已作脱敏处理。", total, r.Period.To.Chinese()))
	}
}

// backlogTable lists the 积案 on the books in the period with their progress.
func (d *doc) backlogTable(r model.MonthlyReport) {
	if r.BacklogTotal == 0 || len(r.Backlog) == 0 {
		d.note("本期无积案。")
		return
	}
	cols := []column{{"序号", 10, "C"}, {"信访编号", 32, "L"}, {"信访人", 22, "L"}, {"登记日期", 21, "C"},
		{"包案领导", 24, "L"}, {"办理进展", 25, "C"}, {"四包完成", 16, "C"}, {"息诉罢访", 20, "C"}}
	var out [][]string
	resolved := 0
	for i, b := range r.Backlog {
		duties := dash
		if b.Duties > 0 {
			duties = strconv.Itoa(b.DutiesDone) + "/" + strconv.Itoa(b.Duties)
		}
		stopped := dash
		if !b.StoppedOn.IsZero() {
			stopped = b.StoppedOn.String()
		}
		if b.Resolved() {
			resolved++
		}
		out = append(out, []string{strconv.Itoa(i + 1), b.No, orDash(b.Petitioner), b.ReceivedOn.String(),
			orDash(b.Leaders), backlogProgress(b), duties, stopped})
	}
	d.table(cols, out)
	if r.BacklogTotal > len(r.Backlog) {
		d.note(fmt.Sprintf("本期在册积案共%d件，按登记日期列出最早的%d件，其余%d件请在台账中查看。", r.BacklogTotal, len(r.Backlog), r.BacklogTotal-len(r.Backlog)))
	} else {
		d.note(fmt.Sprintf("本期在册积案共%d件，其中已化解（办结并息诉罢访）%d件。四包完成：已完成的包案职责数/包案职责总数。", r.BacklogTotal, resolved))
	}
}

// backlogProgress is where a 积案 stood at the end of the period.
func backlogProgress(b model.BacklogCase) string {
	switch {
	case b.Resolved():
		return "已化解"
	case !b.ClosedOn.IsZero():
		return "已办结，未息诉"
	case !b.DecidedOn.IsZero():
		return "办理中"
	}
	return "待受理"
}

func orDash(s string) string {
	if s == "" {
		return dash
	}
	return s
}
