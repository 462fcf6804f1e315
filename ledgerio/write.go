package ledgerio

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"baoan/model"
)

// SheetName is the name of the worksheet an export writes.
const SheetName = "台账"

// Writer writes a ledger row by row with excelize's StreamWriter, so that a million
// cases never sit in memory as cells. Close writes the workbook out.
type Writer struct {
	out       io.Writer
	f         *excelize.File
	sw        *excelize.StreamWriter
	line      int
	dateStyle int
	vals      []any
}

// NewWriter starts a ledger with its header row.
func NewWriter(out io.Writer) (*Writer, error) {
	w := &Writer{out: out, f: excelize.NewFile(), vals: make([]any, len(model.LedgerHeaders))}
	if err := w.start(model.LedgerHeaders, ledgerWidths()); err != nil {
		w.f.Close()
		return nil, err
	}
	var err error
	if w.dateStyle, err = w.f.NewStyle(&excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd")}); err != nil {
		w.f.Close()
		return nil, fmt.Errorf("ledgerio: date style: %w", err)
	}
	return w, nil
}

func ptr[T any](v T) *T { return &v }

// start names the sheet, sets the column widths, freezes and writes the header row.
func (w *Writer) start(headers []string, widths []float64) error {
	if err := w.f.SetSheetName("Sheet1", SheetName); err != nil {
		return fmt.Errorf("ledgerio: name sheet: %w", err)
	}
	sw, err := w.f.NewStreamWriter(SheetName)
	if err != nil {
		return fmt.Errorf("ledgerio: stream writer: %w", err)
	}
	w.sw = sw
	for i, width := range widths {
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return fmt.Errorf("ledgerio: column width: %w", err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("ledgerio: freeze header: %w", err)
	}
	bold, err := w.f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
	})
	if err != nil {
		return fmt.Errorf("ledgerio: header style: %w", err)
	}
	head := make([]any, len(headers))
	for i, h := range headers {
		head[i] = excelize.Cell{StyleID: bold, Value: h}
	}
	w.line = 1
	if err := sw.SetRow("A1", head); err != nil {
		return fmt.Errorf("ledgerio: header row: %w", err)
	}
	return nil
}

// ledgerWidths are column widths (in characters) that fit typical values.
func ledgerWidths() []float64 {
	wide := map[string]float64{
		model.HdrNo: 18, model.HdrIDNumber: 21, model.HdrPhone: 14, model.HdrAddress: 28, model.HdrSummary: 40,
		model.HdrDemands: 30, model.HdrNote: 20, model.HdrPetitioners: 16, model.HdrChannel: 11, model.HdrUnit: 16,
		model.HdrStreet: 12, model.HdrCommunity: 12, model.HdrCategory: 14,
	}
	out := make([]float64, len(model.LedgerHeaders))
	for i, h := range model.LedgerHeaders {
		out[i] = 11
		if v, ok := wide[h]; ok {
			out[i] = v
		}
	}
	return out
}

// Write adds one case. Empty values leave the cell empty.
func (w *Writer) Write(r model.LedgerRow) error {
	c := &r.Case
	v := w.vals
	clear(v)
	n := len(r.Petitioners)
	names, ids, phones, addrs := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	for i, p := range r.Petitioners {
		names[i], ids[i], phones[i], addrs[i] = p.Name, p.IDNumber, p.Phone, p.Address
	}
	closed := !c.ClosedOn.IsZero()
	col := 0
	put := func(x any) {
		if s, ok := x.(string); !ok || s != "" {
			v[col] = x
		}
		col++
	}
	date := func(d model.Date) {
		if !d.IsZero() {
			v[col] = excelize.Cell{StyleID: w.dateStyle, Value: serial(d)}
		}
		col++
	}
	// In the order of model.LedgerHeaders.
	put(c.No)
	date(c.ReceivedOn)
	put(label(c.Channel.Label(), c.Channel != ""))
	put(strings.Join(names, "、"))
	put(joinPerPerson(ids))
	put(joinPerPerson(phones))
	put(max(c.HeadCount, 1))
	put(joinPerPerson(addrs))
	put(r.Street)
	put(r.Community)
	put(r.Category)
	put(c.Summary)
	put(c.Demands)
	put(label(c.Decision.Label(), c.Decision != ""))
	date(c.DecidedOn)
	put(r.Unit)
	put(strings.Join(r.Leaders, "、"))
	date(c.ReplyDue)
	date(c.ExtendedDue)
	date(c.ClosedOn)
	put(label(c.ReplyKind.Label(), c.ReplyKind != ""))
	put(label(c.Rating.Label(), closed || c.Rating.Rated()))
	date(c.FirstFollowUpOn)
	put(label(yesNo(r.Stopped), closed || r.Stopped))
	put(yesNo(c.Repeat))
	put(yesNo(c.Backlog))
	put(c.Note)

	w.line++
	cell, err := excelize.CoordinatesToCellName(1, w.line)
	if err != nil {
		return fmt.Errorf("ledgerio: row %d: %w", w.line, err)
	}
	if err := w.sw.SetRow(cell, v); err != nil {
		return fmt.Errorf("ledgerio: write row %d: %w", w.line, err)
	}
	return nil
}

// label is s when show, else "".
func label(s string, show bool) string {
	if show {
		return s
	}
	return ""
}

// Rows is how many cases have been written.
func (w *Writer) Rows() int { return w.line - 1 }

// Close finishes the workbook and writes it out.
func (w *Writer) Close() error {
	defer w.f.Close()
	if err := w.sw.Flush(); err != nil {
		return fmt.Errorf("ledgerio: flush: %w", err)
	}
	if err := w.f.Write(w.out); err != nil {
		return fmt.Errorf("ledgerio: write workbook: %w", err)
	}
	return nil
}

// Error list formats.
const (
	FormatXLSX = "xlsx"
	FormatCSV  = "csv"
)

// errorHeaders are the columns of a saved error list.
var errorHeaders = []string{"行号", "列", "值", "错误及修改方法"}

// WriteErrors saves an error list as an xlsx workbook or a CSV file (UTF-8 with a byte
// order mark, so that Excel opens the Chinese correctly), one problem a row.
func WriteErrors(out io.Writer, errs model.RowErrors, format string) error {
	switch format {
	case FormatCSV:
		if _, err := io.WriteString(out, "\uFEFF"); err != nil {
			return err
		}
		cw := csv.NewWriter(out)
		cw.UseCRLF = true
		if err := cw.Write(errorHeaders); err != nil {
			return err
		}
		for _, e := range errs {
			if err := cw.Write([]string{strconv.Itoa(e.Row), e.Header, e.Value, e.Expected}); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	case FormatXLSX:
		w := &Writer{out: out, f: excelize.NewFile()}
		if err := w.start(errorHeaders, []float64{8, 12, 30, 80}); err != nil {
			w.f.Close()
			return err
		}
		for i, e := range errs {
			if err := w.sw.SetRow(fmt.Sprintf("A%d", i+2), []any{e.Row, e.Header, e.Value, e.Expected}); err != nil {
				w.f.Close()
				return fmt.Errorf("ledgerio: write error list: %w", err)
			}
		}
		return w.Close()
	}
	return fmt.Errorf("ledgerio: unknown error list format %q", format)
}

// WriteFile writes a ledger to the named file: fill writes the rows. The workbook goes
// to a temporary file in the same folder first and takes the name only when complete,
// so that a failed or cancelled export leaves no half-written file (and does not spoil
// an older one of the same name). It returns how many rows were written.
func WriteFile(name string, fill func(*Writer) error) (int, error) {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".baoan-export-*.xlsx")
	if err != nil {
		return 0, fmt.Errorf("无法在 %s 创建文件（%v）：请检查文件夹是否存在、是否有写入权限", filepath.Dir(name), err)
	}
	defer os.Remove(tmp.Name())
	w, err := NewWriter(tmp)
	if err == nil {
		err = fill(w)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return 0, fmt.Errorf("无法写入 %s（%v）：文件可能正在 Excel 中打开，请关闭后重试", name, err)
	}
	return w.Rows(), nil
}
