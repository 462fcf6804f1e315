package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"

	"codeberg.org/go-pdf/fpdf"

	"baoan/assets"
	"baoan/model"
)

// Page geometry of every document, in millimetres: A4 portrait with the margins of an
// office document, leaving a 170 mm text column.
const (
	pageW, pageH = 210.0, 297.0
	marginL      = 20.0
	marginR      = 20.0
	marginT      = 22.0
	marginB      = 20.0
	textW        = pageW - marginL - marginR

	fontFamily = "wqy"

	sizeTitle   = 18.0
	sizeHeading = 13.0
	sizeBody    = 10.5 // 五号
	sizeTable   = 9.0
	sizeSmall   = 8.0

	cellPadX = 1.0 // horizontal padding inside a table cell
	cellPadY = 1.0 // vertical padding inside a table cell
)

// ptMM converts a font size in points to millimetres.
const ptMM = 25.4 / 72

// lineHeight is the distance between lines of text of a font size: 1.4 times the size.
func lineHeight(size float64) float64 { return size * ptMM * 1.4 }

// doc is a PDF being written: the fpdf document with the bundled CJK font, a running
// header and the "第 N 页 共 M 页" footer on every page.
type doc struct {
	pdf *fpdf.Fpdf
}

// newDoc starts a document. The dates inside the file are fixed to day (the last day of
// what it reports on) rather than the clock, and the catalogs are sorted, so that the same
// data always gives the same bytes.
func newDoc(title, author, headLeft, headRight string, day model.Date) *doc {
	pdf := fpdf.New("P", "mm", "A4", "")
	d := &doc{pdf: pdf}
	pdf.SetCatalogSort(true)
	stamp := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	if !day.IsZero() {
		stamp = day.Time()
	}
	pdf.SetCreationDate(stamp)
	pdf.SetModificationDate(stamp)
	pdf.SetTitle(title, true)
	pdf.SetAuthor(author, true)
	pdf.SetCreator("信访包案管理系统", true)
	pdf.SetProducer("baoan", false)
	pdf.AddUTF8FontFromBytes(fontFamily, "", assets.CJKFont)
	pdf.SetMargins(marginL, marginT, marginR)
	pdf.SetCellMargin(0) // the tables pad their cells themselves
	pdf.SetAutoPageBreak(true, marginB)
	pdf.AliasNbPages("{nb}")
	pdf.SetHeaderFuncMode(func() {
		pdf.SetTextRenderingMode(0)
		pdf.SetFont(fontFamily, "", sizeSmall)
		pdf.SetTextColor(90, 90, 90)
		pdf.SetXY(marginL, 11)
		pdf.CellFormat(textW/2, 4, headLeft, "", 0, "L", false, 0, "")
		pdf.CellFormat(textW/2, 4, headRight, "", 0, "R", false, 0, "")
		pdf.SetDrawColor(90, 90, 90)
		pdf.SetLineWidth(0.3)
		pdf.Line(marginL, 15.5, pageW-marginR, 15.5)
		pdf.SetTextColor(0, 0, 0)
		pdf.SetDrawColor(0, 0, 0)
		pdf.SetXY(marginL, marginT)
	}, true)
	pdf.SetFooterFunc(func() {
		pdf.SetTextRenderingMode(0)
		pdf.SetFont(fontFamily, "", sizeSmall)
		pdf.SetTextColor(90, 90, 90)
		// Centred on the final text: the width of "{nb}" is not that of the page count.
		pdf.SetXY(marginL, pageH-13)
		pdf.CellFormat(textW, 4, fmt.Sprintf("第 %d 页 共 {nb} 页", pdf.PageNo()), "", 0, "C", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	return d
}

// output writes the finished document.
func (d *doc) output(w io.Writer) error {
	var buf bytes.Buffer
	if err := d.pdf.Output(&buf); err != nil {
		return fmt.Errorf("report: write PDF: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// font selects the bundled font at a size; bold draws it with a thin outline as well,
// since the font has a single weight.
func (d *doc) font(size float64, bold bool) {
	d.pdf.SetFont(fontFamily, "", size)
	if bold {
		d.pdf.SetLineWidth(size * 0.012)
		d.pdf.SetTextRenderingMode(2)
	} else {
		d.pdf.SetTextRenderingMode(0)
	}
}

// room makes sure h millimetres are left on the page, starting a new one if not.
func (d *doc) room(h float64) {
	if d.pdf.GetY()+h > pageH-marginB {
		d.pdf.AddPage()
	}
}

// title writes a centred heading over the whole width, wrapped if it is long.
func (d *doc) title(text string, size float64) {
	d.font(size, true)
	lh := lineHeight(size)
	for _, line := range d.wrap(text, textW) {
		d.pdf.SetX(marginL)
		d.pdf.CellFormat(textW, lh, line, "", 1, "C", false, 0, "")
	}
	d.font(sizeBody, false)
}

// heading writes a section heading, keeping it on the page with at least keep mm of
// what follows.
func (d *doc) heading(text string, keep float64) {
	d.pdf.Ln(3)
	d.room(lineHeight(sizeHeading) + keep)
	d.font(sizeHeading, true)
	d.pdf.SetX(marginL)
	d.pdf.CellFormat(textW, lineHeight(sizeHeading)+1, text, "", 1, "L", false, 0, "")
	d.font(sizeBody, false)
}

// paragraph writes body text wrapped to the column; indent puts two characters of
// indentation before the first line, as Chinese prose is set.
func (d *doc) paragraph(text string, size float64, indent bool) {
	d.font(size, false)
	lh := lineHeight(size)
	first := 0.0
	if indent {
		first = 2 * size * ptMM
	}
	lines := d.wrapFirst(text, textW-first, textW)
	for i, line := range lines {
		d.room(lh)
		x := marginL
		if i == 0 {
			x += first
		}
		d.pdf.SetX(x)
		d.pdf.CellFormat(textW, lh, line, "", 1, "L", false, 0, "")
	}
}

// wrap breaks text into lines no wider than w at the current font, between any two
// Chinese characters or at a space, never inside a run of Latin letters or digits if it
// can help it. fpdf's SplitText drops the character it breaks at, which is wrong for
// Chinese, so the report does its own.
func (d *doc) wrap(text string, w float64) []string { return d.wrapFirst(text, w, w) }

// wrapFirst is wrap with a different width for the first line.
func (d *doc) wrapFirst(text string, first, rest float64) []string {
	var lines []string
	for _, para := range strings.Split(text, "\n") {
		lines = append(lines, d.wrapLine(para, first, rest)...)
		first = rest
	}
	return lines
}

func (d *doc) wrapLine(text string, first, rest float64) []string {
	runes := []rune(text)
	var lines []string
	limit, start, width := first, 0, 0.0
	for i := 0; i < len(runes); i++ {
		cw := d.pdf.GetStringWidth(string(runes[i]))
		if i > start && width+cw > limit+1e-6 {
			end := i
			for end > start+1 && !canBreak(runes, end) {
				end--
			}
			if end == start+1 && !canBreak(runes, end) {
				// One unbreakable run wider than the cell: cut it where it overflows,
				// still keeping a closing mark off the start of the next line.
				end = i
				if noLineStart(runes[end]) && end-1 > start {
					end--
				}
			}
			lines = append(lines, strings.TrimRight(string(runes[start:end]), " "))
			for end < len(runes) && runes[end] == ' ' {
				end++
			}
			start, width, limit = end, 0, rest
			i = end - 1
			continue
		}
		width += cw
	}
	return append(lines, string(runes[start:]))
}

// canBreak reports whether a line may end before runes[i]: next to a space or a Chinese
// character, but never with a closing mark starting the next line or an opening one
// ending this one (禁则), and never inside a run of Latin letters or digits.
func canBreak(runes []rune, i int) bool {
	a, b := runes[i-1], runes[i]
	if noLineStart(b) || noLineEnd(a) {
		return false
	}
	return a == ' ' || b == ' ' || breakAnywhere(a) || breakAnywhere(b)
}

// noLineStart are the marks that may not begin a line; noLineEnd those that may not end one.
func noLineStart(r rune) bool {
	return strings.ContainsRune("，。、；：？！）》」』〕】”’%．,.;:?!)]", r)
}
func noLineEnd(r rune) bool { return strings.ContainsRune("（《「『〔【“‘([", r) }

// breakAnywhere reports whether a line may break after r: Chinese characters and
// full-width punctuation, which are set without spaces.
func breakAnywhere(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xffef) || r == '—' || r == '、'
}

// column is one column of a table.
type column struct {
	title string
	width float64
	align string // "L", "C" or "R"
}

// table writes rows under a header row; a row that does not fit on the page starts a new
// one, where the header is repeated. Cells wrap, so that nothing is clipped.
func (d *doc) table(cols []column, rows [][]string) {
	d.font(sizeTable, false)
	lh := lineHeight(sizeTable) * 0.9
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = c.title
	}
	headH := d.rowHeight(cols, header, lh)
	drawHeader := func() {
		d.font(sizeTable, true)
		d.row(cols, header, headH, lh, true)
		d.font(sizeTable, false)
	}
	if len(rows) > 0 {
		d.room(headH + d.rowHeight(cols, rows[0], lh))
	} else {
		d.room(headH)
	}
	drawHeader()
	for _, r := range rows {
		h := d.rowHeight(cols, r, lh)
		if d.pdf.GetY()+h > pageH-marginB {
			d.pdf.AddPage()
			drawHeader()
		}
		d.row(cols, r, h, lh, false)
	}
	d.pdf.Ln(1.5)
}

// rowHeight is the height of a row whose cells wrap to the column widths.
func (d *doc) rowHeight(cols []column, cells []string, lh float64) float64 {
	n := 1
	for i, c := range cols {
		if k := len(d.wrap(cells[i], c.width-2*cellPadX)); k > n {
			n = k
		}
	}
	return float64(n)*lh + 2*cellPadY
}

// row draws one table row of height h at the current position.
func (d *doc) row(cols []column, cells []string, h, lh float64, head bool) {
	pdf := d.pdf
	x, y := marginL, pdf.GetY()
	for i, c := range cols {
		pdf.SetLineWidth(0.2)
		if head {
			pdf.SetFillColor(232, 232, 232)
			pdf.Rect(x, y, c.width, h, "FD")
		} else {
			pdf.Rect(x, y, c.width, h, "D")
		}
		d.font(sizeTable, head)
		lines := d.wrap(cells[i], c.width-2*cellPadX)
		// Centre the text block vertically in the row.
		ty := y + (h-float64(len(lines))*lh)/2
		align := c.align
		if head {
			align = "C"
		}
		for j, line := range lines {
			pdf.SetXY(x+cellPadX, ty+float64(j)*lh)
			pdf.CellFormat(c.width-2*cellPadX, lh, line, "", 0, align, false, 0, "")
		}
		x += c.width
	}
	d.font(sizeTable, false)
	pdf.SetXY(marginL, y+h)
}

// note writes a small remark under a table or chart.
func (d *doc) note(text string) {
	d.paragraph(text, sizeSmall+0.5, false)
	d.pdf.Ln(1)
}
