// Package ledgerio reads and writes the office's Excel ledger (台账) as LEDGER.md
// describes it: the first sheet, one case a row, the first row naming the columns. It
// turns rows into model.LedgerRow values, and every cell it cannot take into a
// model.RowError that says where, what was found and what is expected. Ledgers and
// error lists are written with excelize's StreamWriter; the first sheet is read by a
// small streaming reader of its own (xlsx.go), several times faster than excelize's
// Rows(). It knows nothing of the database: the store looks the names up and writes
// the cases.
//
// Where a row has several petitioners (信访人 张三、李四), 证件号码, 联系电话 and 住址 may
// hold one value per person, one per line in the order of the names (an export writes
// them so); a single value is the first petitioner's.
package ledgerio

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/xuri/excelize/v2"

	"baoan/model"
)

// Options tune Read.
type Options struct {
	// Today is the day dates are checked against ("not in the future"); zero is model.Now().
	Today model.Date
	// PreviewRows is how many data rows to keep as text for a preview.
	PreviewRows int
	// Progress, when set, is called every few thousand rows with the rows read and the
	// number of rows the sheet has: as its dimension states it or, when it states none,
	// an estimate from the share of the sheet read. The last call gives the exact count.
	Progress func(done, total int)
}

// Sheet is what Read found.
type Sheet struct {
	Name    string   // the worksheet read (the first one)
	Headers []string // the header row as written
	Unknown []string // headers that are not ledger columns: ignored
	// Total is the number of data rows, blank rows not counted.
	Total int
	// Rows are the rows without errors, in sheet order.
	Rows []model.LedgerRow
	// Errors lists every problem found, by row.
	Errors model.RowErrors
	// Preview holds the first Options.PreviewRows data rows as text, in the columns of
	// model.LedgerHeaders ("" for a column the sheet lacks), dates written YYYY-MM-DD.
	Preview [][]string
}

// aliases are other names offices give the ledger's columns.
var aliases = map[string]string{
	"编号": model.HdrNo, "登记时间": model.HdrReceived, "来信来访日期": model.HdrReceived, "收件日期": model.HdrReceived,
	"姓名": model.HdrPetitioners, "信访人姓名": model.HdrPetitioners,
	"身份证号": model.HdrIDNumber, "身份证号码": model.HdrIDNumber, "证件号": model.HdrIDNumber,
	"电话": model.HdrPhone, "手机": model.HdrPhone, "手机号": model.HdrPhone, "手机号码": model.HdrPhone,
	"地址": model.HdrAddress, "家庭住址": model.HdrAddress, "街道": model.HdrStreet, "社区": model.HdrCommunity,
	"类别": model.HdrCategory, "内容摘要": model.HdrSummary, "主要诉求": model.HdrDemands,
	"答复日期": model.HdrClosedOn, "满意度评价": model.HdrRating,
}

// canonicalHeader maps a header cell to its ledger column, or "" when it is none. Marks
// of required columns (*, （必填）) and stray spaces are ignored.
func canonicalHeader(h string) string {
	h = normalize(h)
	h = strings.NewReplacer("*", "", "(必填)", "", "（必填）", "", " ", "", "\n", "", "\r", "").Replace(h)
	for _, c := range model.LedgerHeaders {
		if h == c {
			return c
		}
	}
	return aliases[h]
}

// Read parses a ledger from r (the whole file is read into memory; ReadFile avoids
// that). An error means the file could not be read at all (not an xlsx file, encrypted,
// empty); problems with its rows are in Sheet.Errors.
func Read(r io.Reader, opts Options) (*Sheet, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("读取文件失败（%v）：请确认文件可以打开", err)
	}
	return ReadAt(bytes.NewReader(b), int64(len(b)), opts)
}

// ReadFile parses the ledger in the named file.
func ReadFile(name string, opts Options) (*Sheet, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("无法打开文件 %s（%v）：请确认文件存在且可以读取", name, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("无法读取文件 %s（%v）", name, err)
	}
	return ReadAt(f, st.Size(), opts)
}

// ReadAt parses a ledger of the given size.
func ReadAt(r io.ReaderAt, size int64, opts Options) (*Sheet, error) {
	if opts.Today.IsZero() {
		opts.Today = model.Now()
	}
	wb, err := openWorkbook(r, size)
	if err != nil {
		return nil, err
	}
	ref := wb.sheets[0]
	sh := &Sheet{Name: ref.name}
	rows, err := wb.rows(ref)
	if err != nil {
		return nil, err
	}
	defer rows.Close()

	p := parser{today: opts.Today, date1904: wb.date1904, numbers: map[string]int{}, prints: map[string]int{}}
	batches, errc, stop := rows.stream()
	defer stop() // before rows.Close, deferred earlier
	headed := false
	last := 0
	for batch := range batches {
		for _, raw := range batch {
			line, cells := raw.line, raw.cells
			last = line
			if !headed {
				if blankRow(cells) {
					continue
				}
				headed = true
				if line != 1 {
					return nil, fmt.Errorf("工作表「%s」的第1行是空的：第1行应为列名（%s 等），请删去上方的空行或标题行", sh.Name, strings.Join(model.LedgerRequired, "、"))
				}
				sh.Headers = cells
				if !p.header(sh, cells) {
					return sh, nil
				}
				continue
			}
			if blankRow(cells) {
				continue
			}
			sh.Total++
			if len(sh.Preview) < opts.PreviewRows {
				sh.Preview = append(sh.Preview, p.preview(cells))
			}
			row, errs := p.row(line, cells)
			if len(errs) > 0 {
				sh.Errors = append(sh.Errors, errs...)
			} else {
				if sh.Rows == nil {
					// Rows are large (800 bytes); growing the slice by doubling copied
					// them over and over. Room is made once for the rows the sheet is
					// expected to hold, up to a bound, beyond which it grows as usual.
					sh.Rows = make([]model.LedgerRow, 0, min(rows.estimate(line)*11/10, maxPreallocRows))
				}
				sh.Rows = append(sh.Rows, row)
			}
			if opts.Progress != nil && sh.Total%2000 == 0 {
				opts.Progress(line-1, rows.estimate(line)-1)
			}
		}
	}
	if err := <-errc; err != nil {
		return nil, fmt.Errorf("读取工作表「%s」第%d行之后的内容失败：%w", sh.Name, last, err)
	}
	if !headed {
		return nil, fmt.Errorf("工作表「%s」是空的：第1行应为列名（%s 等），以下每行一件事项", sh.Name, strings.Join(model.LedgerRequired, "、"))
	}
	if opts.Progress != nil {
		opts.Progress(max(last-1, 0), max(last-1, 0))
	}
	sh.Errors = model.MergeRowErrors(sh.Errors)
	return sh, nil
}

// maxPreallocRows bounds the room made for rows ahead of reading them.
const maxPreallocRows = 1 << 18

func blankRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// parser turns the cells of one row into a LedgerRow. It remembers the numbers and
// fingerprints seen so far, to catch a case entered twice.
type parser struct {
	today    model.Date
	date1904 bool
	col      map[string]int // ledger column → cell index
	numbers  map[string]int // 信访编号 → first row
	prints   map[string]int // fingerprint of a row without number → first row
}

// header maps the header row and records unknown and missing columns. It reports
// whether rows can be read.
func (p *parser) header(sh *Sheet, cells []string) bool {
	p.col = map[string]int{}
	for i, h := range cells {
		if strings.TrimSpace(h) == "" {
			continue
		}
		c := canonicalHeader(h)
		if c == "" {
			sh.Unknown = append(sh.Unknown, strings.TrimSpace(h))
			continue
		}
		if j, dup := p.col[c]; dup {
			sh.Errors = append(sh.Errors, model.RowError{Row: 1, Header: c, Value: strings.TrimSpace(h),
				Expected: fmt.Sprintf("与第%s列重复：每列只能出现一次，请删去或改名其中一列", colName(j))})
			continue
		}
		p.col[c] = i
	}
	for _, c := range model.LedgerRequired {
		if _, ok := p.col[c]; !ok {
			sh.Errors = append(sh.Errors, model.RowError{Row: 1, Header: c,
				Expected: fmt.Sprintf("缺少必填列「%s」：请在第1行加上这一列（列名须与台账模板一致）", c)})
		}
	}
	return len(sh.Errors) == 0
}

// colName is the letter Excel shows for a zero-based column index.
func colName(i int) string {
	n, _ := excelize.ColumnNumberToName(i + 1)
	return n
}

// cell is the trimmed text of a ledger column in this row, "" when absent.
func (p *parser) cell(cells []string, h string) string {
	i, ok := p.col[h]
	if !ok || i >= len(cells) {
		return ""
	}
	return strings.TrimSpace(cells[i])
}

// rawCell is the text of a ledger column untrimmed: a per-person column keeps a
// leading line break, the place of a first person who has no value.
func (p *parser) rawCell(cells []string, h string) string {
	i, ok := p.col[h]
	if !ok || i >= len(cells) {
		return ""
	}
	return cells[i]
}

// preview is the row as text in the ledger's column order, dates made readable.
func (p *parser) preview(cells []string) []string {
	out := make([]string, len(model.LedgerHeaders))
	for i, h := range model.LedgerHeaders {
		v := p.cell(cells, h)
		if dateColumns[h] {
			if d, ok := parseDate(v, p.date1904); ok {
				v = d.String()
			}
		}
		out[i] = v
	}
	return out
}

// dateColumns are the columns holding a date.
var dateColumns = map[string]bool{
	model.HdrReceived: true, model.HdrDecidedOn: true, model.HdrReplyDue: true, model.HdrExtendedDue: true,
	model.HdrClosedOn: true, model.HdrFollowUp: true,
}
