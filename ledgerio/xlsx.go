package ledgerio

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
)

// The reading side streams the first worksheet's XML straight out of the zip with a
// small scanner of its own. excelize's Rows() decodes every cell through encoding/xml's
// reflection, which took 9–12 s for a 100,000-row ledger on the project's two cores
// against under 1 s here; the import must finish in 15 s. What is read is the plain
// SpreadsheetML every spreadsheet program writes: rows, cells with a value (<v>) or an
// inline string (<is>), shared strings, the 1904 date flag. Writing stays with excelize.

// workbook is an opened xlsx file.
type workbook struct {
	zr       *zip.Reader
	sheets   []sheetRef
	date1904 bool
	sst      []string
}

type sheetRef struct{ name, path string }

// oleMagic starts an OLE compound file: an old .xls, or an xlsx encrypted with a password.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

var (
	errNotXLSX   = errors.New("文件不是 xlsx 格式的 Excel 工作簿：如果是 .xls 或 .csv，请用 Excel 打开后另存为「Excel 工作簿 (*.xlsx)」再导入")
	errOLE       = errors.New("文件是旧版 .xls 工作簿或设有打开密码：请用 Excel 打开，取消密码并另存为「Excel 工作簿 (*.xlsx)」再导入")
	errNoSheet   = errors.New("文件中没有工作表：请确认是台账的 xlsx 文件")
	errBrokenXML = errors.New("工作簿内容已损坏，无法读取：请用 Excel 打开后另存为 xlsx 再导入")
)

func openWorkbook(r io.ReaderAt, size int64) (*workbook, error) {
	head := make([]byte, 8)
	if _, err := r.ReadAt(head, 0); err != nil {
		return nil, errNotXLSX
	}
	if bytes.Equal(head, oleMagic) {
		return nil, errOLE
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, errNotXLSX
	}
	wb := &workbook{zr: zr}
	var book struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := wb.decode("xl/workbook.xml", &book); err != nil {
		return nil, err
	}
	wb.date1904 = book.Pr.Date1904 == "1" || book.Pr.Date1904 == "true"
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := wb.decode("xl/_rels/workbook.xml.rels", &rels); err != nil {
		return nil, err
	}
	for _, s := range book.Sheets {
		for _, rel := range rels.Rels {
			if rel.ID != s.RID {
				continue
			}
			p := rel.Target
			if strings.HasPrefix(p, "/") {
				p = strings.TrimPrefix(p, "/")
			} else {
				p = path.Join("xl", p)
			}
			wb.sheets = append(wb.sheets, sheetRef{name: s.Name, path: p})
		}
	}
	if len(wb.sheets) == 0 {
		return nil, errNoSheet
	}
	if f := wb.file("xl/sharedStrings.xml"); f != nil {
		if wb.sst, err = readSharedStrings(f); err != nil {
			return nil, err
		}
	}
	return wb, nil
}

// file finds a part of the package, ignoring case as Excel does.
func (wb *workbook) file(name string) *zip.File {
	for _, f := range wb.zr.File {
		if strings.EqualFold(f.Name, name) {
			return f
		}
	}
	return nil
}

func (wb *workbook) decode(name string, v any) error {
	f := wb.file(name)
	if f == nil {
		return errNotXLSX
	}
	rc, err := f.Open()
	if err != nil {
		return errBrokenXML
	}
	defer rc.Close()
	if err := xml.NewDecoder(rc).Decode(v); err != nil {
		return errBrokenXML
	}
	return nil
}

// readSharedStrings reads the shared string table: each <si> is the text of its <t>
// elements, leaving out phonetic guides (<rPh>).
func readSharedStrings(f *zip.File) ([]string, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, errBrokenXML
	}
	defer rc.Close()
	sc := newScanner(rc)
	var out []string
	var cur strings.Builder
	inSI, inT, phonetic := false, false, 0
	for {
		tok, err := sc.next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		switch tok.kind {
		case tokStart:
			switch tok.name {
			case "si":
				inSI = true
				cur.Reset()
				if tok.selfClosing {
					out = append(out, "")
					inSI = false
				}
			case "rPh":
				if !tok.selfClosing {
					phonetic++
				}
			case "t":
				inT = !tok.selfClosing
			}
		case tokEnd:
			switch tok.name {
			case "si":
				if inSI {
					out = append(out, cur.String())
				}
				inSI = false
			case "rPh":
				phonetic--
			case "t":
				inT = false
			}
		case tokText:
			if inSI && inT && phonetic == 0 {
				cur.Write(tok.text)
			}
		}
	}
}

// sheetRows streams the rows of one worksheet.
type sheetRows struct {
	rc   io.ReadCloser
	sc   *scanner
	sst  []string
	dim  int // last row of the <dimension>, 0 when absent
	read *countingReader
	size int64 // uncompressed size of the sheet
	// consumed is how many bytes of the sheet the scanner had used when it finished
	// row lastLine; the reading goroutine sets both, progress reports read them.
	consumed, lastLine atomic.Int64
	line               int // row number of the last row returned
	done               bool
	cells              []string // the row being read
	val, inline        []byte   // the cell being read
}

func (wb *workbook) rows(s sheetRef) (*sheetRows, error) {
	f := wb.file(s.path)
	if f == nil {
		return nil, errBrokenXML
	}
	rc, err := f.Open()
	if err != nil {
		return nil, errBrokenXML
	}
	cr := &countingReader{r: rc}
	return &sheetRows{rc: rc, sc: newScanner(cr), sst: wb.sst, read: cr, size: int64(f.UncompressedSize64)}, nil
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// estimate is the sheet's number of rows, as its dimension states it or, when it has
// none (streamed writers leave it out), extrapolated from how many bytes of the sheet
// the rows read so far took.
func (r *sheetRows) estimate(rowsSoFar int) int {
	if r.dim > 0 {
		return max(r.dim, rowsSoFar)
	}
	bytes, rows := r.consumed.Load(), r.lastLine.Load()
	if bytes <= 0 || r.size <= 0 {
		return rowsSoFar
	}
	return max(rowsSoFar, int(float64(rows)*float64(r.size)/float64(bytes)+0.5))
}

func (r *sheetRows) Close() error { return r.rc.Close() }

// next returns the next row that has cells, with the row number Excel shows. Rows with
// no cell elements are skipped (they are blank). It returns io.EOF after the last row.
func (r *sheetRows) next() (int, []string, error) {
	if r.done {
		return 0, nil, io.EOF
	}
	r.cells = r.cells[:0]
	line := 0
	inRow := false
	col := -1
	var typ byte // 's' shared string, 'i' inline string, 0 anything else
	val, inline := r.val[:0], r.inline[:0]
	defer func() { r.val, r.inline = val[:0], inline[:0] }()
	inV, inIS, inT, phonetic := false, false, false, 0
	for {
		tok, err := r.sc.next()
		if err == io.EOF {
			r.done = true
			if inRow {
				return line, r.cells, nil
			}
			return 0, nil, io.EOF
		}
		if err != nil {
			return 0, nil, err
		}
		switch tok.kind {
		case tokStart:
			switch tok.name {
			case "dimension":
				if ref := tok.attr("ref"); len(ref) > 0 {
					_, end, _ := bytes.Cut(ref, []byte(":"))
					if _, n, ok := cellRef(end); ok {
						r.dim = n
					}
				}
			case "row":
				inRow = true
				line = r.line + 1
				if v := tok.attr("r"); len(v) > 0 {
					if n, err := strconv.Atoi(string(v)); err == nil && n > 0 {
						line = n
					}
				}
				r.line = line
				col = -1
				if tok.selfClosing {
					inRow = false
				}
			case "c":
				col++
				if ref := tok.attr("r"); len(ref) > 0 {
					if c, _, ok := cellRef(ref); ok {
						col = c
					}
				}
				switch t := tok.attr("t"); string(t) {
				case "s":
					typ = 's'
				case "inlineStr":
					typ = 'i'
				default:
					typ = 0
				}
				val, inline = val[:0], inline[:0]
				if tok.selfClosing {
					continue
				}
			case "v":
				inV = !tok.selfClosing
			case "is":
				inIS = !tok.selfClosing
			case "rPh":
				if !tok.selfClosing {
					phonetic++
				}
			case "t":
				inT = inIS && !tok.selfClosing
			}
		case tokEnd:
			switch tok.name {
			case "row":
				if inRow {
					r.consumed.Store(r.read.n.Load() - int64(r.sc.br.Buffered()))
					r.lastLine.Store(int64(line))
					return line, r.cells, nil
				}
			case "c":
				var v string
				switch typ {
				case 's':
					if len(val) == 0 {
						break
					}
					i, err := strconv.Atoi(string(bytes.TrimSpace(val)))
					if err != nil || i < 0 || i >= len(r.sst) {
						return 0, nil, errBrokenXML
					}
					v = r.sst[i]
				case 'i':
					v = string(inline)
				default:
					v = string(val)
				}
				if v != "" && col >= 0 && col < maxColumns {
					for len(r.cells) <= col {
						r.cells = append(r.cells, "")
					}
					r.cells[col] = v
				}
				inV, inIS, inT = false, false, false
			case "v":
				inV = false
			case "is":
				inIS = false
			case "rPh":
				phonetic--
			case "t":
				inT = false
			case "sheetData":
				r.done = true
				if inRow {
					return line, r.cells, nil
				}
				return 0, nil, io.EOF
			}
		case tokText:
			switch {
			case inV:
				val = append(val, tok.text...)
			case inT && phonetic == 0:
				inline = append(inline, tok.text...)
			}
		}
	}
}

// rawRow is a row as the sheet holds it.
type rawRow struct {
	line  int
	cells []string
}

// stream reads the rows on a goroutine of its own and hands them over in batches, so
// that reading the XML and checking the rows run side by side. The channel closes after
// the last row, and then errc says whether reading failed. Closing quit stops the
// goroutine; stop waits for it to be gone.
func (r *sheetRows) stream() (batches <-chan []rawRow, errc <-chan error, stop func()) {
	out := make(chan []rawRow, 4)
	errs := make(chan error, 1)
	quit, gone := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(gone)
		defer close(out)
		const size = 512
		batch := make([]rawRow, 0, size)
		for {
			line, cells, err := r.next()
			if err == nil {
				batch = append(batch, rawRow{line, slices.Clone(cells)})
				if len(batch) < size {
					continue
				}
			}
			if len(batch) > 0 {
				select {
				case out <- batch:
				case <-quit:
					errs <- nil
					return
				}
				batch = make([]rawRow, 0, size)
			}
			if err != nil {
				if err == io.EOF {
					err = nil
				}
				errs <- err
				return
			}
		}
	}()
	return out, errs, func() { close(quit); <-gone }
}

// maxColumns is Excel's column limit (XFD); a larger index is a broken file.
const maxColumns = 16384

// cellRef splits a reference like AB12 into a zero-based column and a row number.
func cellRef(ref []byte) (col, row int, ok bool) {
	i := 0
	c := 0
	for i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z' {
		c = c*26 + int(ref[i]-'A'+1)
		i++
	}
	if i == 0 || c > maxColumns {
		return 0, 0, false
	}
	n, err := strconv.Atoi(string(ref[i:]))
	if err != nil {
		n = 0
	}
	return c - 1, n, true
}
