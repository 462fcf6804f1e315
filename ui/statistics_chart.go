package ui

import (
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

// The two charts of the 统计 screen, drawn with Fyne's canvas lines, rectangles and text
// in the colours of the printed report: 登记 blue with round points, 办结 orange with
// square ones, so that the two series differ in more than colour.

var (
	chartReceived = color.NRGBA{R: 31, G: 78, B: 140, A: 255}
	chartClosed   = color.NRGBA{R: 192, G: 80, B: 40, A: 255}
)

// chartScale is the axis maximum at or above most and its step (1, 2 or 5 times a power
// of ten, four steps or more), as the printed report draws it.
func chartScale(most int) (top, step int) {
	if most <= 0 {
		return 4, 1
	}
	for mag := 1; ; mag *= 10 {
		for _, m := range []int{1, 2, 5} {
			if s := m * mag; s*5 >= most {
				return max((most+s-1)/s, 4) * s, s
			}
		}
	}
}

// chartText is a label in the theme's text colour.
func chartText(s string, size float32, align fyne.TextAlign) *canvas.Text {
	t := canvas.NewText(s, theme.Color(theme.ColorNameForeground))
	t.TextSize = size
	t.Alignment = align
	return t
}

// chartLegend draws the two series' keys from x at y and returns the objects.
func chartLegend(x, y float32) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, k := range []struct {
		c     color.Color
		label string
	}{{chartReceived, lang.L("statistics.legend.received")}, {chartClosed, lang.L("statistics.legend.closed")}} {
		box := canvas.NewRectangle(k.c)
		box.Resize(fyne.NewSize(14, 8))
		box.Move(fyne.NewPos(x, y+4))
		t := chartText(k.label, theme.CaptionTextSize(), fyne.TextAlignLeading)
		t.Move(fyne.NewPos(x+18, y))
		out = append(out, box, t)
		x += 18 + fyne.MeasureText(k.label, theme.CaptionTextSize(), fyne.TextStyle{}).Width + 16
	}
	return out
}

// trendChart is chart 1: cases received and closed in each of the last twelve months. A
// tap on a month opens the cases received in it.
type trendChart struct {
	widget.BaseWidget
	series []model.MonthCount
	onTap  func(month string)
}

func newTrendChart(onTap func(month string)) *trendChart {
	c := &trendChart{onTap: onTap}
	c.ExtendBaseWidget(c)
	return c
}

func (c *trendChart) set(series []model.MonthCount) {
	c.series = series
	c.Refresh()
}

// Geometry of the trend chart, in Fyne units.
const (
	trendAxisW   = 44
	trendLegendH = 22
	trendLabelH  = 20
)

func (c *trendChart) plot(size fyne.Size) (x, y, w, h float32) {
	return trendAxisW, trendLegendH, size.Width - trendAxisW - 8, size.Height - trendLegendH - trendLabelH
}

// Tapped opens the month under the pointer.
func (c *trendChart) Tapped(ev *fyne.PointEvent) {
	x, _, w, _ := c.plot(c.Size())
	if n := len(c.series); n > 0 && c.onTap != nil && ev.Position.X >= x && ev.Position.X < x+w {
		c.onTap(c.series[int((ev.Position.X-x)/(w/float32(n)))].Month)
	}
}

func (c *trendChart) CreateRenderer() fyne.WidgetRenderer {
	return &chartRenderer{draw: c.draw, min: fyne.NewSize(480, 230)}
}

// draw lays the chart out in size.
func (c *trendChart) draw(size fyne.Size) []fyne.CanvasObject {
	objs := chartLegend(trendAxisW, 0)
	most := 0
	for _, m := range c.series {
		most = max(most, m.Received, m.Closed)
	}
	top, step := chartScale(most)
	px, py, pw, ph := c.plot(size)
	yOf := func(v int) float32 { return py + ph - float32(v)/float32(top)*ph }
	small := theme.CaptionTextSize()
	for v := 0; v <= top; v += step {
		line := canvas.NewLine(theme.Color(theme.ColorNameSeparator))
		line.Position1, line.Position2 = fyne.NewPos(px, yOf(v)), fyne.NewPos(px+pw, yOf(v))
		label := chartText(strconv.Itoa(v), small, fyne.TextAlignTrailing)
		label.Move(fyne.NewPos(0, yOf(v)-small*0.7))
		label.Resize(fyne.NewSize(trendAxisW-6, small))
		objs = append(objs, line, label)
	}
	n := len(c.series)
	if n == 0 {
		return objs
	}
	slot := pw / float32(n)
	xOf := func(i int) float32 { return px + slot*(float32(i)+0.5) }
	for i, m := range c.series {
		label := chartText(trendMonthLabel(m.Month, i == 0), small, fyne.TextAlignCenter)
		label.Move(fyne.NewPos(xOf(i)-slot/2, py+ph+4))
		label.Resize(fyne.NewSize(slot, small))
		objs = append(objs, label)
	}
	for _, s := range []struct {
		c      color.Color
		square bool
		get    func(model.MonthCount) int
	}{
		{chartReceived, false, func(m model.MonthCount) int { return m.Received }},
		{chartClosed, true, func(m model.MonthCount) int { return m.Closed }},
	} {
		for i := 1; i < n; i++ {
			l := canvas.NewLine(s.c)
			l.StrokeWidth = 2
			l.Position1 = fyne.NewPos(xOf(i-1), yOf(s.get(c.series[i-1])))
			l.Position2 = fyne.NewPos(xOf(i), yOf(s.get(c.series[i])))
			objs = append(objs, l)
		}
		for i := range c.series {
			var dot fyne.CanvasObject
			if s.square {
				dot = canvas.NewRectangle(s.c)
			} else {
				dot = canvas.NewCircle(s.c)
			}
			dot.Resize(fyne.NewSize(7, 7))
			dot.Move(fyne.NewPos(xOf(i)-3.5, yOf(s.get(c.series[i]))-3.5))
			objs = append(objs, dot)
		}
	}
	return objs
}

// trendMonthLabel is a month on the axis: 5月, with the year on the first and on January.
func trendMonthLabel(month string, first bool) string {
	y, m, _ := strings.Cut(month, "-")
	mm, _ := strconv.Atoi(m)
	if first || mm == 1 {
		return lang.L("statistics.axis.year_month", map[string]any{"Year": y, "Month": mm})
	}
	return lang.L("statistics.axis.month", map[string]any{"Month": mm})
}

// categoryChart is chart 2: received and closed by category as pairs of horizontal bars.
// A tap on a category opens the cases received in it.
type categoryChart struct {
	widget.BaseWidget
	rows  []model.CategoryRow
	onTap func(categoryID int64)
}

func newCategoryChart(onTap func(int64)) *categoryChart {
	c := &categoryChart{onTap: onTap}
	c.ExtendBaseWidget(c)
	return c
}

func (c *categoryChart) set(rows []model.CategoryRow) {
	c.rows = rows
	c.Refresh()
}

// Geometry of the category chart, in Fyne units.
const (
	catLabelW  = 140
	catBarH    = 9
	catRowH    = 2*catBarH + 8
	catLegendH = 22
	catAxisH   = 20
)

// Tapped opens the category under the pointer.
func (c *categoryChart) Tapped(ev *fyne.PointEvent) {
	i := int((ev.Position.Y - catLegendH) / catRowH)
	if ev.Position.Y >= catLegendH && i < len(c.rows) && c.onTap != nil {
		c.onTap(c.rows[i].CategoryID)
	}
}

func (c *categoryChart) CreateRenderer() fyne.WidgetRenderer {
	return &chartRenderer{draw: c.draw, minFn: func() fyne.Size {
		return fyne.NewSize(480, catLegendH+catRowH*float32(max(len(c.rows), 1))+catAxisH)
	}}
}

func (c *categoryChart) draw(size fyne.Size) []fyne.CanvasObject {
	objs := chartLegend(catLabelW, 0)
	small := theme.CaptionTextSize()
	if len(c.rows) == 0 {
		t := chartText(lang.L("statistics.none"), theme.TextSize(), fyne.TextAlignLeading)
		t.Move(fyne.NewPos(catLabelW, catLegendH))
		return append(objs, t)
	}
	most := 0
	for _, r := range c.rows {
		most = max(most, r.Received, r.Closed)
	}
	top, step := chartScale(most)
	plotW := size.Width - catLabelW - 40
	wOf := func(v int) float32 { return float32(v) / float32(top) * plotW }
	bottom := catLegendH + catRowH*float32(len(c.rows))
	for v := 0; v <= top; v += step {
		line := canvas.NewLine(theme.Color(theme.ColorNameSeparator))
		line.Position1, line.Position2 = fyne.NewPos(catLabelW+wOf(v), catLegendH), fyne.NewPos(catLabelW+wOf(v), bottom)
		label := chartText(strconv.Itoa(v), small, fyne.TextAlignCenter)
		label.Move(fyne.NewPos(catLabelW+wOf(v)-20, bottom+2))
		label.Resize(fyne.NewSize(40, small))
		objs = append(objs, line, label)
	}
	for i, r := range c.rows {
		y := catLegendH + catRowH*float32(i)
		name := chartText(fitText(r.Category, catLabelW-8, theme.TextSize()), theme.TextSize(), fyne.TextAlignTrailing)
		name.Move(fyne.NewPos(0, y+catRowH/2-theme.TextSize()*0.7))
		name.Resize(fyne.NewSize(catLabelW-8, theme.TextSize()))
		objs = append(objs, name)
		for j, v := range []int{r.Received, r.Closed} {
			col := chartReceived
			if j == 1 {
				col = chartClosed
			}
			by := y + 4 + float32(j)*catBarH
			bar := canvas.NewRectangle(col)
			bar.Move(fyne.NewPos(catLabelW, by))
			bar.Resize(fyne.NewSize(wOf(v), catBarH-1))
			val := chartText(strconv.Itoa(v), small, fyne.TextAlignLeading)
			val.Move(fyne.NewPos(catLabelW+wOf(v)+3, by-2))
			objs = append(objs, bar, val)
		}
	}
	return objs
}

// fitText shortens s with an ellipsis to fit width at size; the table under the chart
// names every category in full.
func fitText(s string, width, size float32) string {
	if fyne.MeasureText(s, size, fyne.TextStyle{}).Width <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && fyne.MeasureText(string(r)+"…", size, fyne.TextStyle{}).Width > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// chartRenderer draws a chart anew at every layout: a chart is a few dozen objects.
type chartRenderer struct {
	draw    func(fyne.Size) []fyne.CanvasObject
	min     fyne.Size
	minFn   func() fyne.Size
	size    fyne.Size
	objects []fyne.CanvasObject
}

func (r *chartRenderer) Layout(size fyne.Size) {
	r.size = size
	r.objects = r.draw(size)
}

func (r *chartRenderer) MinSize() fyne.Size {
	if r.minFn != nil {
		return r.minFn()
	}
	return r.min
}

func (r *chartRenderer) Refresh() {
	r.objects = r.draw(r.size)
	for _, o := range r.objects {
		canvas.Refresh(o)
	}
}

func (r *chartRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *chartRenderer) Destroy()                     {}
