package ledgerio

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"baoan/model"
)

// Fuzz tests of what a ledger file can put in front of the importer: date cells and whole
// rows. `make fuzz` runs them for FUZZTIME each.

// fuzzToday is the day the fuzzed rows are read on.
var fuzzToday = model.MustDate("2026-06-30")

// isoDate is a date as the database writes it.
var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

var dateCells = []string{
	"2026-10-08", "2026/10/8", "2026.10.8", "2026年10月8日", "2026年10月8号", "20261008", "2026-10-08 09:30:00",
	"2026-10-08T00:00:00", "46000", "46000.5", "60", "61", "1", "0", "-1", "2958465", "9999-12-31", "1899-12-31",
	"0001-01-01", "2026-02-29", "2024-02-29", "２０２６－１０－０８", "2026-13-01", " ", "", "\x00", "明天", "1e5",
}

func FuzzLedgerDate(f *testing.F) {
	for _, s := range dateCells {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, date1904 bool) {
		d, ok := parseDate(s, date1904)
		if !ok {
			if !d.IsZero() {
				t.Errorf("parseDate(%q) = %v, false; want the zero date when refused", s, d)
			}
			return
		}
		if d.IsZero() || d.Year() < minYear || d.Year() > maxYear {
			t.Errorf("parseDate(%q, %v) = %v, outside %d–%d", s, date1904, d, minYear, maxYear)
		}
		// A date written as the database writes it reads as itself.
		if n := normalize(s); isoDate.MatchString(n) && d.String() != n {
			t.Errorf("parseDate(%q) = %s", s, d)
		}
		// A whole serial number in the 1900 system is the serial of the date it reads as.
		if n, err := strconv.Atoi(normalize(s)); err == nil && !date1904 && len(normalize(s)) != 8 && serial(d) != n {
			t.Errorf("parseDate(%q) = %s, whose serial is %d", s, d, serial(d))
		}
		if again, ok := parseDate(d.String(), date1904); !ok || !again.Equal(d) {
			t.Errorf("parseDate(%s) after parseDate(%q) = %v, %v", d, s, again, ok)
		}
	})
}

// seedRow is a ledger row of good values by column, the seeds' starting point.
func seedRow() map[string]string {
	return map[string]string{
		model.HdrNo: "信〔2026〕0001", model.HdrReceived: "2026-03-02", model.HdrChannel: "来访",
		model.HdrPetitioners: "张三、李四", model.HdrIDNumber: "11010519491231002X、440304198512123013",
		model.HdrPhone: "13812345678、010-12345678", model.HdrHeadCount: "2", model.HdrAddress: "新安街道1号",
		model.HdrStreet: "新安街道", model.HdrCommunity: "海裕社区", model.HdrCategory: "劳动社保",
		model.HdrSummary: "反映拖欠工资", model.HdrDemands: "支付工资", model.HdrDecision: "受理",
		model.HdrDecidedOn: "2026-03-05", model.HdrUnit: "人社局", model.HdrLeader: "王建国",
		model.HdrClosedOn: "2026-04-20", model.HdrReplyKind: "支持", model.HdrRating: "满意",
		model.HdrFollowUp: "2026-04-25", model.HdrStopped: "是", model.HdrRepeat: "否", model.HdrBacklog: "否",
		model.HdrNote: "备注",
	}
}

// joinRow writes a row's cells in LedgerHeaders order, tab-separated: the fuzzer's input.
func joinRow(m map[string]string) string {
	cells := make([]string, len(model.LedgerHeaders))
	for i, h := range model.LedgerHeaders {
		cells[i] = m[h]
	}
	return strings.Join(cells, "\t")
}

// FuzzLedgerRow feeds the row parser whole rows, the cells split at tabs under the
// ledger's own header. Whatever the cells hold, every error names this row and a ledger
// column and says what is expected; a row read without errors is one the model's checks
// accept too, so that no bad value gets past the import's error list to fail later.
func FuzzLedgerRow(f *testing.F) {
	good := seedRow()
	f.Add(joinRow(good))
	for _, mod := range []map[string]string{
		{model.HdrReceived: "46083"}, {model.HdrReceived: "2026年3月2日"}, {model.HdrReceived: "9999-12-31"},
		{model.HdrReceived: "1899-12-31"}, {model.HdrReceived: ""}, {model.HdrHeadCount: "-3"}, {model.HdrHeadCount: "12"},
		{model.HdrHeadCount: "1.5"}, {model.HdrSummary: " \u3000"}, {model.HdrSummary: strings.Repeat("访", 4001)},
		{model.HdrSummary: "工资\x00"}, {model.HdrSummary: "\u202e\u200f"}, {model.HdrPetitioners: "张三😡"},
		{model.HdrPetitioners: "歐陽修"}, {model.HdrIDNumber: "11010519491231002x"}, {model.HdrPhone: "138 1234 5678"},
		{model.HdrChannel: "'; DROP TABLE cases;--"}, {model.HdrDecision: "不予受理"}, {model.HdrClosedOn: "2026-03-01"},
		{model.HdrRepeat: "也许"}, {model.HdrPetitioners: "一、二、三、四、五、六", model.HdrHeadCount: "6"},
		{model.HdrAddress: strings.Repeat("址", 300)}, {model.HdrNote: strings.Repeat("注", 5000)},
	} {
		row := seedRow()
		for k, v := range mod {
			row[k] = v
		}
		f.Add(joinRow(row))
	}
	f.Add("")
	f.Add(strings.Repeat("\t", 40))
	headers := map[string]bool{}
	for _, h := range model.LedgerHeaders {
		headers[h] = true
	}
	f.Fuzz(func(t *testing.T, line string) {
		p := parser{today: fuzzToday, numbers: map[string]int{}, prints: map[string]int{}}
		if !p.header(&Sheet{}, model.LedgerHeaders) {
			t.Fatal("the ledger's own header is refused")
		}
		cells := strings.Split(line, "\t")
		out, errs := p.row(7, cells)
		for _, e := range errs {
			if e.Row != 7 || !headers[e.Header] || e.Expected == "" {
				t.Errorf("row %q: error %+v, want row 7, a ledger column and what is expected", line, e)
			}
		}
		if len(errs) > 0 {
			return
		}
		c := out.Case
		if c.ReceivedOn.IsZero() || c.ReceivedOn.After(fuzzToday) || !c.Channel.Valid() || len(out.Petitioners) == 0 {
			t.Fatalf("row %q read without errors into a case missing what is required: %+v", line, c)
		}
		// The model's own checks, with the dictionary names the store resolves filled in.
		c.CategoryID, c.StreetID = 1, 1
		if err := c.Validate(); err != nil {
			t.Errorf("row %q read without errors, but the case fails the model's check: %v", line, err)
		}
		for i, pt := range out.Petitioners {
			if err := pt.Validate(); err != nil {
				t.Errorf("row %q read without errors, but petitioner %d fails the model's check: %v", line, i+1, err)
			}
		}
		if err := model.ValidateGroup(c.HeadCount, out.Petitioners); err != nil {
			t.Errorf("row %q read without errors, but the group fails the model's check: %v", line, err)
		}
	})
}
