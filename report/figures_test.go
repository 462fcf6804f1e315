package report

import (
	"bytes"
	"strings"
	"testing"

	"baoan/model"
)

func TestRateChange(t *testing.T) {
	r := func(n, d int) model.Rate { return model.Rate{Num: n, Den: d} }
	for _, tt := range []struct {
		now, then model.Rate
		want      string
		words     string
	}{
		{r(4, 7), r(5, 7), "-14.3", "下降14.3个百分点"}, // 57.1 − 71.4
		{r(1, 3), r(0, 3), "+33.3", "上升33.3个百分点"},
		{r(1, 2), r(2, 4), "0.0", "持平"},
		{r(1, 8), r(5, 16), "-18.8", "下降18.8个百分点"}, // 12.5 − 31.3: the rounded rates, as printed
		{r(1, 2), r(0, 0), "—", "无可比"},
		{r(0, 0), r(1, 2), "—", ""},
	} {
		if got := rateChange(tt.now, tt.then); got != tt.want {
			t.Errorf("rateChange(%v, %v) = %q, want %q", tt.now, tt.then, got, tt.want)
		}
		if got := pointWords(tt.now, tt.then, "无可比"); got != tt.words {
			t.Errorf("pointWords(%v, %v) = %q, want %q", tt.now, tt.then, got, tt.words)
		}
	}
}

func TestCountChange(t *testing.T) {
	for _, tt := range []struct {
		now, then   int
		want, words string
	}{
		{7, 5, "+2", "增加2件"}, {5, 7, "-2", "减少2件"}, {0, 0, "0", "持平"},
	} {
		if got := countChange(tt.now, tt.then); got != tt.want {
			t.Errorf("countChange(%d, %d) = %q, want %q", tt.now, tt.then, got, tt.want)
		}
		if got := changeWords(tt.now, tt.then); got != tt.words {
			t.Errorf("changeWords(%d, %d) = %q, want %q", tt.now, tt.then, got, tt.words)
		}
	}
}

func TestSummary(t *testing.T) {
	got := summary(sampleReport())
	for _, want := range []string{
		"2026年5月，共登记信访事项7件，较上月增加2件，较去年同月减少2件；",
		"作出受理决定7件，其中受理4件、不予受理1件、转送交办2件；",
		"办结5件，较上月减少1件，较去年同月增加1件。",
		"截至2026年5月31日，逾期未办结3件；本期积案化解1件。",
		"及时受理率50.0%（2/4），环比下降25.0个百分点，同比下降25.0个百分点；",
		"办结率33.3%（1/3），环比上升33.3个百分点，同比持平；",
		"重复信访率28.6%（2/7），环比上升28.6个百分点，同比上升17.5个百分点。",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %q:\n%s", want, got)
		}
	}
	r := sampleReport()
	r.Period = model.Period{From: model.MustDate("2026-05-01"), To: model.MustDate("2026-05-20")}
	if got := summary(r); !strings.Contains(got, "2026年5月1日至2026年5月20日，共登记") || !strings.Contains(got, "较上一期") || !strings.Contains(got, "较去年同期") {
		t.Errorf("summary of a date range = %q, want the range named and 上一期/去年同期", got)
	}
}

func TestPeriodsAndTitle(t *testing.T) {
	r := model.MonthlyReport{Office: "和平区信访局", Period: model.MonthPeriod(2026, 1)}
	if got := r.Title(); got != "和平区信访局2026年1月信访工作月报" {
		t.Errorf("Title() = %q", got)
	}
	r.Period = model.Period{From: model.MustDate("2026-01-05"), To: model.MustDate("2026-02-04")}
	if got := r.Title(); got != "和平区信访局2026年1月5日至2026年2月4日信访工作报告" {
		t.Errorf("Title() of a range = %q", got)
	}
}

func TestReceptionPDF(t *testing.T) {
	from, to := model.MustDate("2026-06-01"), model.MustDate("2026-06-30")
	rows := []ReceptionRow{
		{Day: model.MustDate("2026-06-03"), Leader: "张伟", Title: "区委副书记", Place: "区信访接待大厅", Note: "涉法涉诉"},
		{Day: model.MustDate("2026-06-17"), Leader: "李娜", Title: "副区长", Place: "东街道办事处"},
	}
	var a, b bytes.Buffer
	if err := WriteReceptionPDF(&a, "和平区信访局", from, to, rows); err != nil {
		t.Fatalf("WriteReceptionPDF: %v", err)
	}
	if err := WriteReceptionPDF(&b, "和平区信访局", from, to, rows); err != nil || !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("WriteReceptionPDF twice: %v, identical bytes = %v; want the same file", err, bytes.Equal(a.Bytes(), b.Bytes()))
	}
	text := pdfText(t, a.Bytes())
	for _, want := range []string{"和平区信访局领导接访日安排", "安排期间：2026年6月1日至2026年6月30日", "共2次"} {
		if !strings.Contains(text, want) {
			t.Errorf("reception PDF lacks %q:\n%s", want, text)
		}
	}
	if row := lineWith(text, "2026-06-03"); strings.Join(row, " ") != "2026-06-03 星期三 张伟 区委副书记 区信访接待大厅 涉法涉诉" {
		t.Errorf("reception row = %q", row)
	}

	var empty bytes.Buffer
	if err := WriteReceptionPDF(&empty, "和平区信访局", from, to, nil); err != nil || !strings.Contains(pdfText(t, empty.Bytes()), "该期间没有安排领导接访日") {
		t.Errorf("WriteReceptionPDF(no rows) = %v, want a page saying there is none", err)
	}
	if err := WriteReceptionPDF(&empty, "和平区信访局", to, from, rows); err == nil {
		t.Error("WriteReceptionPDF(to before from) = nil, want an error")
	}
}
