package ledgerio

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"baoan/model"
)

// today is the day the reading tests check dates against.
var today = model.MustDate("2026-06-30")

// sheetOf writes rows as a workbook the way Excel saves one (shared strings), each cell
// as given: a string, a number, a time.Time (a date cell) or nil.
func sheetOf(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	for i, r := range rows {
		for j, v := range r {
			if v == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellValue("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
			if _, ok := v.(time.Time); ok {
				f.SetCellStyle("Sheet1", cell, cell, date)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func read(t *testing.T, data []byte) *Sheet {
	t.Helper()
	sh, err := Read(bytes.NewReader(data), Options{Today: today, PreviewRows: 3})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return sh
}

var header = []any{"信访编号", "登记日期", "信访形式", "信访人", "证件号码", "联系电话", "人数", "住址", "所属街道", "所属社区",
	"问题类别", "事项摘要", "诉求", "受理情况", "受理日期", "责任单位", "包案领导", "办理期限", "延期至", "办结日期", "处理意见",
	"满意度", "回访日期", "息诉罢访", "重复信访", "积案", "备注"}

// validID is a 居民身份证号 that passes every check.
var validID = model.MakeIDNumber("110105", model.MustDate("1990-01-01"), 123)

// good is a complete, correct row: a closed case with two petitioners.
func good() []any {
	return []any{"信〔2026〕0001", "2026-03-02", "来访", "张三、李四", validID + "\n" + model.MakeIDNumber("440306", model.MustDate("1985-05-05"), 7),
		"13800000001", 2, "解放路1号", "新安街道", "海裕社区", "劳动社保", "反映某公司拖欠工资三个月", "要求支付工资", "受理",
		"2026/3/5", "区人社局", "王建国", "2026-05-04", "2026-05-20", "2026年5月10日", "支持", "满意", "2026.5.15", "是", "否", "否", "首次来访"}
}

func TestReadGoodRow(t *testing.T) {
	sh := read(t, sheetOf(t, [][]any{header, good()}))
	if len(sh.Errors) != 0 || len(sh.Rows) != 1 || sh.Total != 1 {
		t.Fatalf("Read = %d rows, errors %v; want 1 row without errors", len(sh.Rows), sh.Errors)
	}
	r := sh.Rows[0]
	c := r.Case
	checks := []struct {
		what      string
		got, want any
	}{
		{"line", r.Line, 2},
		{"number", c.No, "信〔2026〕0001"},
		{"received", c.ReceivedOn.String(), "2026-03-02"},
		{"channel", c.Channel, model.ChannelVisit},
		{"head count", c.HeadCount, 2},
		{"names", model.PetitionerNames(r.Petitioners), "张三、李四"},
		{"second ID number", r.Petitioners[1].IDNumber, model.MakeIDNumber("440306", model.MustDate("1985-05-05"), 7)},
		{"lead phone", r.Petitioners[0].Phone, "13800000001"},
		{"second phone", r.Petitioners[1].Phone, ""},
		{"lead address", r.Petitioners[0].Address, "解放路1号"},
		{"street", r.Street, "新安街道"},
		{"community", r.Community, "海裕社区"},
		{"category", r.Category, "劳动社保"},
		{"decision", c.Decision, model.DecisionAccept},
		{"decided", c.DecidedOn.String(), "2026-03-05"},
		{"unit", r.Unit, "区人社局"},
		{"leaders", strings.Join(r.Leaders, "、"), "王建国"},
		{"reply due", c.ReplyDue.String(), "2026-05-04"},
		{"extended", c.ExtendedDue.String(), "2026-05-20"},
		{"closed", c.ClosedOn.String(), "2026-05-10"},
		{"reply kind", c.ReplyKind, model.ReplySupport},
		{"rating", c.Rating, model.RatingSatisfied},
		{"follow-up", c.FirstFollowUpOn.String(), "2026-05-15"},
		{"stopped", r.Stopped, true},
		{"repeat given", r.RepeatGiven, true},
		{"backlog", c.Backlog, false},
		{"note", c.Note, "首次来访"},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s = %v, want %v", ch.what, ch.got, ch.want)
		}
	}
	if want := []string{"信〔2026〕0001", "2026-03-02", "来访"}; !slices.Equal(sh.Preview[0][:3], want) {
		t.Errorf("preview = %q, want it to start %q", sh.Preview[0], want)
	}
}

func TestReadExcelDateCellsAndNumbers(t *testing.T) {
	row := good()
	row[1] = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC) // a real date cell
	row[5] = 13800000001                                 // a phone typed as a number
	row[14] = 46086.0                                    // a serial number: 2026-03-05
	sh := read(t, sheetOf(t, [][]any{header, row}))
	if len(sh.Errors) != 0 {
		t.Fatalf("errors = %v, want none", sh.Errors)
	}
	c := sh.Rows[0].Case
	if c.ReceivedOn.String() != "2026-03-02" || c.DecidedOn.String() != "2026-03-05" || sh.Rows[0].Petitioners[0].Phone != "13800000001" {
		t.Errorf("received %s, decided %s, phone %q; want 2026-03-02, 2026-03-05, 13800000001", c.ReceivedOn, c.DecidedOn, sh.Rows[0].Petitioners[0].Phone)
	}
	if sh.Preview[0][1] != "2026-03-02" {
		t.Errorf("preview shows the date cell as %q, want 2026-03-02", sh.Preview[0][1])
	}
}

// TestReadRowErrors checks one wrong cell at a time: each gives exactly one error, in
// its column, saying what is expected.
func TestReadRowErrors(t *testing.T) {
	col := func(h string) int { return slices.Index(header, any(h)) }
	tests := []struct {
		name   string
		header string
		value  any
		mods   func([]any)
		want   string // part of the expected text
	}{
		{"bad date", "登记日期", "2026-02-30", nil, "不是有效的日期"},
		{"future date", "登记日期", "2026-07-01", nil, "晚于今天"},
		{"missing date", "登记日期", nil, nil, "不能为空"},
		{"unknown channel", "信访形式", "上访", nil, "来信、来访"},
		{"ID checksum", "证件号码", validID[:17] + "0", nil, "校验码"},
		{"ID as a number", "证件号码", "1.10105199001011E+17", nil, "文本"},
		{"number for a name", "信访人", "12345", func(r []any) { r[col("证件号码")] = nil; r[col("人数")] = 1 }, "汉字或字母"},
		{"empty summary", "事项摘要", "  ", nil, "不能为空"},
		{"closure before receipt", "办结日期", "2026-03-01", nil, "早于登记日期"},
		{"closure before decision", "办结日期", "2026-03-04", nil, "早于受理日期"},
		{"extension beyond 30 days", "延期至", "2026-06-20", nil, "超出上限"},
		{"extension not after due", "延期至", "2026-05-04", nil, "不晚于原办理期限"},
		{"bad phone", "联系电话", "12345", nil, "11位"},
		{"head count below the names", "人数", 1, nil, "少于"},
		{"head count not a number", "人数", "两人", nil, "整数"},
		{"decision without date", "受理日期", nil, nil, "须填写"},
		{"date without decision", "受理情况", nil, func(r []any) {
			r[col("办理期限")], r[col("延期至")], r[col("办结日期")], r[col("处理意见")] = nil, nil, nil, nil
			r[col("满意度")], r[col("回访日期")], r[col("息诉罢访")] = nil, nil, nil
		}, "同时填写受理情况"},
		{"bad decision", "受理情况", "同意", nil, "受理、不予受理"},
		{"reply kind missing", "处理意见", nil, nil, "须填写处理意见"},
		{"bad rating", "满意度", "很满意", nil, "满意、基本满意"},
		{"follow-up before closure", "回访日期", "2026-05-01", nil, "早于办结日期"},
		{"bad yes/no", "积案", "可能", nil, "是 或 否"},
		{"missing street", "所属街道", nil, nil, "不能为空"},
		{"too many ID numbers", "证件号码", validID + "\n\n" + validID, nil, "最多填2个"},
		{"same person twice", "证件号码", validID + "\n" + validID, nil, "相同"},
		{"transferred with a due date", "受理情况", "转送", func(r []any) {
			r[col("延期至")], r[col("办结日期")], r[col("处理意见")], r[col("满意度")], r[col("回访日期")], r[col("息诉罢访")] = nil, nil, nil, nil, nil, nil
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			row := good()
			row[0] = "信〔2026〕0002"
			row[col(tt.header)] = tt.value
			if tt.mods != nil {
				tt.mods(row)
			}
			sh := read(t, sheetOf(t, [][]any{header, good(), row}))
			wantHeader := tt.header
			if tt.name == "transferred with a due date" {
				wantHeader = "办理期限"
			}
			if len(sh.Errors) != 1 || len(sh.Rows) != 1 {
				t.Fatalf("errors = %v (%d good rows), want exactly one error on row 3", sh.Errors, len(sh.Rows))
			}
			e := sh.Errors[0]
			if e.Row != 3 || e.Header != wantHeader || !strings.Contains(e.Expected, tt.want) {
				t.Errorf("error = %+v, want row 3, %s, expecting %q", e, wantHeader, tt.want)
			}
			if v, ok := tt.value.(string); ok && strings.TrimSpace(v) != "" && e.Value == "" && e.Header == tt.header {
				t.Errorf("error %+v does not show the value found", e)
			}
		})
	}
}

func TestReadDuplicatesInFile(t *testing.T) {
	noNumber := good()
	noNumber[0] = nil
	sh := read(t, sheetOf(t, [][]any{header, good(), good(), noNumber, noNumber}))
	var got []string
	for _, e := range sh.Errors {
		got = append(got, fmt.Sprintf("%d %s", e.Row, e.Header))
	}
	if want := []string{"3 信访编号", "5 事项摘要"}; !slices.Equal(got, want) {
		t.Errorf("duplicate rows reported as %v, want %v", got, want)
	}
}

func TestReadHeaders(t *testing.T) {
	t.Run("unknown, aliased and marked columns", func(t *testing.T) {
		h := slices.Clone(header)
		h[1] = "登记日期*"
		h[4] = "身份证号"
		h = append(h, "经办人")
		row := append(good(), "小王")
		sh := read(t, sheetOf(t, [][]any{h, row}))
		if len(sh.Errors) != 0 || !slices.Equal(sh.Unknown, []string{"经办人"}) {
			t.Errorf("errors %v, unknown %v; want none and [经办人]", sh.Errors, sh.Unknown)
		}
	})
	t.Run("missing required columns", func(t *testing.T) {
		h := []any{"信访编号", "登记日期", "信访人", "事项摘要"}
		sh := read(t, sheetOf(t, [][]any{h, {"1", "2026-01-01", "张三", "事"}}))
		var missing []string
		for _, e := range sh.Errors {
			if e.Row != 1 {
				t.Errorf("error %+v is not on the header row", e)
			}
			missing = append(missing, e.Header)
		}
		if want := []string{"信访形式", "所属街道", "问题类别"}; !slices.Equal(missing, want) {
			t.Errorf("missing columns reported = %v, want %v", missing, want)
		}
		if len(sh.Rows) != 0 {
			t.Errorf("rows read without their columns: %d", len(sh.Rows))
		}
	})
	t.Run("a column twice", func(t *testing.T) {
		h := append(slices.Clone(header), "备注")
		sh := read(t, sheetOf(t, [][]any{h, good()}))
		if len(sh.Errors) != 1 || sh.Errors[0].Header != "备注" || !strings.Contains(sh.Errors[0].Expected, "第AA列") {
			t.Errorf("errors = %v, want one saying 备注 repeats column AA", sh.Errors)
		}
	})
}

func TestReadRefusesOtherFiles(t *testing.T) {
	var csvFile bytes.Buffer
	csv.NewWriter(&csvFile).WriteAll([][]string{{"信访编号", "登记日期"}, {"1", "2026-01-01"}})
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"csv", csvFile.Bytes(), "另存为"},
		{"old xls or encrypted", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), "密码"},
		{"empty sheet", sheetOf(t, nil), "是空的"},
		{"title above the header", sheetOf(t, [][]any{nil, header, good()}), "第1行"},
	}
	for _, tt := range tests {
		_, err := Read(bytes.NewReader(tt.data), Options{Today: today})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Read(%s) = %v, want an error mentioning %q", tt.name, err, tt.want)
		}
	}
}

func TestReadRichTextAndBlankRows(t *testing.T) {
	f := excelize.NewFile()
	for i, h := range header {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellValue("Sheet1", cell, h)
	}
	for i, v := range good() {
		cell, _ := excelize.CoordinatesToCellName(i+1, 4) // rows 2 and 3 left blank
		f.SetCellValue("Sheet1", cell, v)
	}
	f.SetCellRichText("Sheet1", "L4", []excelize.RichTextRun{{Text: "反映某公司"}, {Text: "拖欠工资&三个月", Font: &excelize.Font{Bold: true}}})
	var buf bytes.Buffer
	f.Write(&buf)
	sh := read(t, buf.Bytes())
	if len(sh.Rows) != 1 || sh.Rows[0].Line != 4 || sh.Rows[0].Case.Summary != "反映某公司拖欠工资&三个月" {
		t.Fatalf("rows = %+v, errors %v; want row 4 with the rich text joined", sh.Rows, sh.Errors)
	}
}

func TestWriteThenRead(t *testing.T) {
	rows := []model.LedgerRow{
		{
			Case: model.Case{No: "和信〔2026〕0007", ReceivedOn: model.MustDate("2026-03-02"), Channel: model.ChannelHotline, HeadCount: 8,
				Summary: "反映 \"物业\" <收费> & 'x' 问题\n第二行", Demands: "=SUM(A1)", Decision: model.DecisionAssign,
				DecidedOn: model.MustDate("2026-03-04"), ReplyDue: model.MustDate("2026-05-03"), ClosedOn: model.MustDate("2026-04-01"),
				ReplyKind: model.ReplyReject, Rating: model.RatingNone, Repeat: true, Backlog: true, Note: "  前后有空格  "},
			Petitioners: []model.Petitioner{
				{Name: "张三", IDKind: model.IDResident, Address: "甲路1号"},
				{Name: "李四", IDKind: model.IDResident, IDNumber: validID, Phone: "010-12345678", Address: "乙路、丙路口"},
				{Name: "王五", IDKind: model.IDOther, IDNumber: "E12345678", Phone: "13900000003"},
			},
			Street: "新安街道", Category: "物业管理", Unit: "区住建局", Leaders: []string{"王建国", "李明"}, RepeatGiven: true,
		},
		{
			Case:        model.Case{ReceivedOn: model.MustDate("2026-06-30"), Channel: model.ChannelLetter, HeadCount: 1, Summary: "来信"},
			Petitioners: []model.Petitioner{{Name: "赵六", IDKind: model.IDResident}},
			Street:      "西乡街道", Category: "其他", RepeatGiven: true,
		},
	}
	var buf bytes.Buffer
	w, err := NewWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if w.Rows() != 2 {
		t.Errorf("Rows() = %d, want 2", w.Rows())
	}
	sh := read(t, buf.Bytes())
	if len(sh.Errors) != 0 || len(sh.Rows) != 2 || sh.Name != SheetName {
		t.Fatalf("read back %d rows of sheet %q, errors %v", len(sh.Rows), sh.Name, sh.Errors)
	}
	if !slices.Equal(sh.Headers, model.LedgerHeaders) {
		t.Errorf("headers = %q, want LEDGER.md's", sh.Headers)
	}
	for i, want := range rows {
		got := sh.Rows[i]
		got.Line = 0
		want.Case.Note = strings.TrimSpace(want.Case.Note)
		if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", want) {
			t.Errorf("row %d read back as\n%+v\nwant\n%+v", i+2, got, want)
		}
	}
}

func TestWriteErrors(t *testing.T) {
	errs := model.RowErrors{
		{Row: 3, Header: "登记日期", Value: "2026-02-30", Expected: "不是有效的日期"},
		{Row: 9, Header: "信访人", Value: "12345", Expected: "须包含汉字或字母, \"引号\""},
	}
	dir := t.TempDir()
	for _, format := range []string{FormatXLSX, FormatCSV} {
		var buf bytes.Buffer
		if err := WriteErrors(&buf, errs, format); err != nil {
			t.Fatalf("WriteErrors(%s): %v", format, err)
		}
		os.WriteFile(filepath.Join(dir, "errors."+format), buf.Bytes(), 0o600)
		var rows [][]string
		if format == FormatCSV {
			if !bytes.HasPrefix(buf.Bytes(), []byte("\uFEFF")) {
				t.Errorf("CSV error list has no byte order mark: Excel would show mojibake")
			}
			rows, _ = csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\uFEFF")))).ReadAll()
		} else {
			f, err := excelize.OpenReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			rows, _ = f.GetRows(SheetName)
			f.Close()
		}
		want := [][]string{{"行号", "列", "值", "错误及修改方法"}, {"3", "登记日期", "2026-02-30", "不是有效的日期"}, {"9", "信访人", "12345", "须包含汉字或字母, \"引号\""}}
		if fmt.Sprint(rows) != fmt.Sprint(want) {
			t.Errorf("%s error list = %q, want %q", format, rows, want)
		}
	}
	if err := WriteErrors(&bytes.Buffer{}, errs, "pdf"); err == nil {
		t.Error("WriteErrors(pdf) succeeded, want an error")
	}
}

func TestProgress(t *testing.T) {
	var buf bytes.Buffer
	w, _ := NewWriter(&buf)
	for i := 0; i < 4500; i++ {
		w.Write(model.LedgerRow{Case: model.Case{No: fmt.Sprintf("信〔2026〕%05d", i+1), ReceivedOn: today, Channel: model.ChannelLetter,
			HeadCount: 1, Summary: "事项"}, Petitioners: []model.Petitioner{{Name: "张三"}}, Street: "新安街道", Category: "其他"})
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	var calls [][2]int
	sh, err := Read(&buf, Options{Today: today, Progress: func(done, total int) {
		calls = append(calls, [2]int{done, total})
	}})
	if err != nil || len(sh.Rows) != 4500 {
		t.Fatalf("Read = %v, %v", sh, err)
	}
	// A streamed sheet states no dimension: the total is estimated until the end.
	if len(calls) != 3 || calls[0][0] != 2000 || calls[1][0] != 4000 || calls[2] != [2]int{4500, 4500} {
		t.Fatalf("progress calls = %v, want rows 2000, 4000 and finally (4500, 4500)", calls)
	}
	for _, c := range calls[:2] {
		if c[1] < 4300 || c[1] > 4700 {
			t.Errorf("progress (%d, %d): estimated total off by more than 200 rows from 4500", c[0], c[1])
		}
	}
}
