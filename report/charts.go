package report

import (
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"baoan/model"
)

// The charts are drawn with the PDF's own lines, rectangles and text, so they print
// sharply at any size. They tell the two series apart by line style and marker as well as
// colour, since many offices print in black and white.

// Colours of the two series: received (登记) and closed (办结).
var (
	colReceived = [3]int{31, 78, 140}
	colClosed   = [3]int{192, 80, 40}
	colGrid     = [3]int{200, 200, 200}
	colAxis     = [3]int{60, 60, 60}
)

func setDraw(pdf *fpdf.Fpdf, c [3]int) { pdf.SetDrawColor(c[0], c[1], c[2]) }
func setFill(pdf *fpdf.Fpdf, c [3]int) { pdf.SetFillColor(c[0], c[1], c[2]) }

// niceScale is an axis maximum at or above most and its step: 1, 2 or 5 times a power of
// ten, with four to five steps, so that the grid lines fall on round numbers.
func niceScale(most int) (top, step int) {
	if most <= 0 {
		return 4, 1
	}
	for mag := 1; ; mag *= 10 {
		for _, m := range []int{1, 2, 5} {
			s := m * mag
			if s*5 >= most {
				n := (most + s - 1) / s
				if n < 4 {
					n = 4
				}
				return n * s, s
			}
		}
	}
}

// legend draws a legend entry (a short line with a marker, or a box) at x, y and returns
// the x after it.
func (d *doc) legend(x, y float64, c [3]int, label string, line, dashed, square bool) float64 {
	pdf := d.pdf
	setDraw(pdf, c)
	setFill(pdf, c)
	pdf.SetLineWidth(0.5)
	if line {
		if dashed {
			pdf.SetDashPattern([]float64{1.6, 1}, 0)
		}
		pdf.Line(x, y, x+8, y)
		pdf.SetDashPattern(nil, 0)
		marker(pdf, x+4, y, square)
	} else {
		pdf.Rect(x, y-1.5, 5, 3, "F")
	}
	d.font(sizeSmall, false)
	pdf.SetTextColor(0, 0, 0)
	tx := x + 10
	if !line {
		tx = x + 6.5
	}
	w := pdf.GetStringWidth(label)
	pdf.SetXY(tx, y-2)
	pdf.CellFormat(w+1, 4, label, "", 0, "L", false, 0, "")
	return tx + w + 6
}

// marker is a point of a series: a filled circle or a filled square.
func marker(pdf *fpdf.Fpdf, x, y float64, square bool) {
	if square {
		pdf.Rect(x-0.9, y-0.9, 1.8, 1.8, "F")
	} else {
		pdf.Circle(x, y, 0.95, "F")
	}
}

// lineChart draws received and closed per month over the months of the series.
func (d *doc) lineChart(series []model.MonthCount) {
	pdf := d.pdf
	const h, axisW, legendH = 62.0, 12.0, 7.0
	d.room(h + legendH + 8)
	top := pdf.GetY()

	// Legend above the plot.
	x := marginL + axisW
	x = d.legend(x, top+2.5, colReceived, "登记", true, false, false)
	d.legend(x, top+2.5, colClosed, "办结", true, true, true)

	most := 0
	for _, m := range series {
		most = max(most, m.Received, m.Closed)
	}
	ymax, step := niceScale(most)
	plotX, plotY := marginL+axisW, top+legendH
	plotW, plotH := textW-axisW-2, h-legendH-8
	yOf := func(v int) float64 { return plotY + plotH - float64(v)/float64(ymax)*plotH }

	d.font(sizeSmall, false)
	pdf.SetLineWidth(0.15)
	for v := 0; v <= ymax; v += step {
		y := yOf(v)
		setDraw(pdf, colGrid)
		if v > 0 {
			pdf.Line(plotX, y, plotX+plotW, y)
		}
		label := strconv.Itoa(v)
		pdf.SetXY(marginL, y-2)
		pdf.CellFormat(axisW-1.5, 4, label, "", 0, "R", false, 0, "")
	}
	setDraw(pdf, colAxis)
	pdf.SetLineWidth(0.3)
	pdf.Line(plotX, plotY, plotX, plotY+plotH)
	pdf.Line(plotX, plotY+plotH, plotX+plotW, plotY+plotH)

	n := len(series)
	if n == 0 {
		pdf.SetY(top + h)
		return
	}
	slot := plotW / float64(n)
	xOf := func(i int) float64 { return plotX + slot*(float64(i)+0.5) }
	for i, m := range series {
		label := monthLabel(m.Month, i == 0)
		pdf.SetXY(xOf(i)-slot/2, plotY+plotH+1)
		pdf.CellFormat(slot, 4, label, "", 0, "C", false, 0, "")
	}
	draw := func(c [3]int, dashed, square bool, get func(model.MonthCount) int) {
		setDraw(pdf, c)
		setFill(pdf, c)
		pdf.SetLineWidth(0.5)
		if dashed {
			pdf.SetDashPattern([]float64{1.6, 1}, 0)
		}
		for i := 1; i < n; i++ {
			pdf.Line(xOf(i-1), yOf(get(series[i-1])), xOf(i), yOf(get(series[i])))
		}
		pdf.SetDashPattern(nil, 0)
		for i := range series {
			marker(pdf, xOf(i), yOf(get(series[i])), square)
		}
	}
	draw(colReceived, false, false, func(m model.MonthCount) int { return m.Received })
	draw(colClosed, true, true, func(m model.MonthCount) int { return m.Closed })
	setDraw(pdf, [3]int{0, 0, 0})
	pdf.SetY(top + h)
}

// monthLabel is a month of the chart's axis: "6月", with the year on the first month and
// on January ("2026年1月" would not fit; "26.1" reads as a date in offices).
func monthLabel(month string, first bool) string {
	y, m, _ := strings.Cut(month, "-")
	mm, _ := strconv.Atoi(m)
	if first || mm == 1 {
		return y + "." + strconv.Itoa(mm)
	}
	return strconv.Itoa(mm) + "月"
}

// barChart draws received and closed for each category as pairs of horizontal bars, with
// the value at the end of each bar.
func (d *doc) barChart(rows []model.CategoryRow) {
	pdf := d.pdf
	if len(rows) == 0 {
		d.note("本期无分类数据。")
		return
	}
	const labelW, barH, gap, legendH = 34.0, 3.4, 2.6, 7.0
	rowH := 2*barH + gap
	d.room(legendH + rowH*float64(min(len(rows), 8)) + 8)
	top := pdf.GetY()
	x := marginL + labelW
	x = d.legend(x, top+2.5, colReceived, "登记", false, false, false)
	d.legend(x, top+2.5, colClosed, "办结", false, false, false)

	most := 0
	for _, r := range rows {
		most = max(most, r.Received, r.Closed)
	}
	ymax, step := niceScale(most)
	plotX := marginL + labelW
	plotW := textW - labelW - 10 // room for the value after the longest bar
	wOf := func(v int) float64 { return float64(v) / float64(ymax) * plotW }

	y := top + legendH
	axisTop := y
	d.font(sizeSmall, false)
	drawAxis := func(from, to float64) {
		setDraw(pdf, colGrid)
		pdf.SetLineWidth(0.15)
		for v := step; v <= ymax; v += step {
			pdf.Line(plotX+wOf(v), from, plotX+wOf(v), to)
		}
		setDraw(pdf, colAxis)
		pdf.SetLineWidth(0.3)
		pdf.Line(plotX, from, plotX, to)
		pdf.Line(plotX, to, plotX+plotW, to)
		for v := 0; v <= ymax; v += step {
			pdf.SetXY(plotX+wOf(v)-8, to+0.8)
			pdf.CellFormat(16, 3.5, strconv.Itoa(v), "", 0, "C", false, 0, "")
		}
	}
	for _, r := range rows {
		if y+rowH+6 > pageH-marginB { // continue on the next page, axis and all
			drawAxis(axisTop, y)
			pdf.AddPage()
			y = pdf.GetY()
			axisTop = y
			d.font(sizeSmall, false)
		}
		name := r.Category
		if name == "" {
			name = "（未分类）"
		}
		lines := d.wrap(name, labelW-2)
		ly := y + rowH/2 - float64(len(lines))*3.2/2
		for i, l := range lines {
			pdf.SetXY(marginL, ly+float64(i)*3.2)
			pdf.CellFormat(labelW-2, 3.2, l, "", 0, "R", false, 0, "")
		}
		for i, v := range []int{r.Received, r.Closed} {
			c := colReceived
			if i == 1 {
				c = colClosed
			}
			by := y + gap/2 + float64(i)*barH
			setFill(pdf, c)
			if w := wOf(v); w > 0 {
				pdf.Rect(plotX, by, w, barH, "F")
			}
			pdf.SetXY(plotX+wOf(v)+0.8, by)
			pdf.CellFormat(10, barH, strconv.Itoa(v), "", 0, "LM", false, 0, "")
		}
		y += rowH
	}
	drawAxis(axisTop, y)
	setDraw(pdf, [3]int{0, 0, 0})
	pdf.SetY(y + 6)
}
