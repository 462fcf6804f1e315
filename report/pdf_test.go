package report

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"golang.org/x/image/font/sfnt"

	"baoan/assets"
	"baoan/model"
)

// -update rewrites the golden files in testdata/ and renders the PDF's pages there as PNG
// (pdftoppm), for a person to look at before committing them.
var update = flag.Bool("update", false, "rewrite testdata/ golden files and page images")

// pdfText extracts the text of a PDF with pdftotext (poppler-utils), keeping the layout so
// that a table row stays on one line.
func pdfText(t *testing.T, pdf []byte) string { return pdftotext(t, pdf, "-layout") }

// pdfRaw extracts the text in the order it was drawn: each wrapped cell's lines together.
func pdfRaw(t *testing.T, pdf []byte) string { return pdftotext(t, pdf, "-raw") }

func pdftotext(t *testing.T, pdf []byte, mode string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatalf("pdftotext not found (%v): install poppler-utils (make tools) to check the report's text", err)
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, mode, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func writePDF(t *testing.T, r model.MonthlyReport) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WritePDF(&buf, r); err != nil {
		t.Fatalf("WritePDF: %v", err)
	}
	return buf.Bytes()
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file: %v (run go test ./report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s: output differs from the golden file (%d bytes, want %d); if the change is meant, run go test ./report -update and look at testdata/*.png", name, len(got), len(want))
	}
}

func TestMonthlyPDFGolden(t *testing.T) {
	pdf := writePDF(t, sampleReport())
	golden(t, "monthly.pdf", pdf)
	if *update {
		old, _ := filepath.Glob("testdata/monthly-*.png")
		for _, f := range old {
			os.Remove(f)
		}
		if out, err := exec.Command("pdftoppm", "-r", "60", "-png", "testdata/monthly.pdf", "testdata/monthly").CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v %s", err, out)
		}
	}
	if len(pdf) > 200<<10 {
		t.Errorf("monthly PDF is %d bytes, want under 200 KB", len(pdf))
	}
}

// TestMonthlyPDFIsDeterministic writes the same report from several goroutines, with
// another report written in between: every copy must be the same bytes.
func TestMonthlyPDFIsDeterministic(t *testing.T) {
	first := writePDF(t, sampleReport())
	writePDF(t, oneCaseReport())
	var wg sync.WaitGroup
	copies := make([][]byte, 4)
	for i := range copies {
		wg.Go(func() {
			var buf bytes.Buffer
			if err := WritePDF(&buf, sampleReport()); err == nil {
				copies[i] = buf.Bytes()
			}
		})
	}
	wg.Wait()
	for i, c := range copies {
		if !bytes.Equal(c, first) {
			t.Errorf("copy %d of the same report differs (%d bytes, first %d)", i, len(c), len(first))
		}
	}
}

// fields splits a line of pdftotext -layout output into its cells.
func fields(line string) []string { return strings.Fields(line) }

// lineWith finds the line that starts (after spaces and any row number) with label.
func lineWith(text, label string) []string {
	for _, l := range strings.Split(text, "\n") {
		f := fields(l)
		if len(f) > 1 && regexp.MustCompile(`^\d+$`).MatchString(f[0]) && f[1] == label {
			return f[1:]
		}
		if len(f) > 0 && f[0] == label {
			return f
		}
	}
	return nil
}

func TestMonthlyPDFText(t *testing.T) {
	r := sampleReport()
	text := pdfText(t, writePDF(t, r))

	for _, want := range []string{
		"和平区信访局2026年5月信访工作月报", "制表单位：和平区信访局", "统计区间：2026年5月1日至2026年5月31日",
		"第1页共3页", "第2页共3页", "第3页共3页",
	} {
		if !strings.Contains(strings.ReplaceAll(text, " ", ""), want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	// The sections, in the order of the brief.
	at := -1
	for _, h := range []string{"一、总体情况", "二、基本数据", "三、主要指标", "四、领导包案情况", "五、各街道情况",
		"六、问题类别与信访形式", "七、趋势与分布", "图1", "图2", "八、逾期未办结事项", "九、积案化解进展"} {
		i := strings.Index(text, h)
		if i < 0 || i < at {
			t.Errorf("section %q at %d, want after %d", h, i, at)
		}
		at = i
	}

	for _, tt := range []struct {
		label string
		want  []string
	}{
		{"及时受理率", []string{"2", "4", "50.0%", "75.0%", "-25.0", "75.0%", "-25.0"}},
		{"办结率", []string{"1", "3", "33.3%", "0.0%", "+33.3", "33.3%", "0.0"}},
		{"重复信访率", []string{"2", "7", "28.6%", "0.0%", "+28.6", "11.1%", "+17.5"}},
		{"登记", []string{"7", "5", "+2", "9", "-2"}},
		{"逾期未办结", []string{"3", "2", "+1", "1", "+2"}},
		// 赵敏 carries a case and closed none: no on-time rate.
		{"赵敏", []string{"1", "0", "0", "0", "0", "0", "0", "0", "0/0", "—"}},
		{"张伟", []string{"4", "1", "2", "1", "1", "0", "1", "1", "2/4", "50.0%"}},
		{"北街道", []string{"0", "0", "0", "1/1", "100.0%", "0/0", "—"}},
		{"网上信访", []string{"1", "1", "1", "1/2", "50.0%", "1/1", "100.0%"}},
		{"和信〔2026〕0005", []string{"欧阳*娜等3人", "—", "办理", "2026-04-26", "35"}}, // the unit wraps
		{"和信〔2026〕0013", []string{"刘*", "2026-05-02", "李娜、张伟", "已办结，未息诉", "3/8", "—"}},
	} {
		got := lineWith(text, tt.label)
		if len(got) < 1 || strings.Join(got[1:], " ") != strings.Join(tt.want, " ") {
			t.Errorf("row %s = %q, want %q", tt.label, got, tt.want)
		}
	}
	raw := strings.ReplaceAll(pdfRaw(t, writePDF(t, r)), "\n", "")
	for _, want := range []string{"共登记信访事项7件，较上月增加2件，较去年同月减少2件", "区住房和城乡建设局"} {
		if !strings.Contains(raw, want) {
			t.Errorf("PDF text lacks %q:\n%s", want, raw)
		}
	}
}

// Every character the report prints has a glyph in the bundled font: no tofu on paper.
func TestMonthlyPDFGlyphs(t *testing.T) {
	f, err := sfnt.Parse(assets.CJKFont)
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	for _, r := range []model.MonthlyReport{sampleReport(), emptyReport(), oneCaseReport()} {
		seen := map[rune]bool{}
		for _, c := range pdfText(t, writePDF(t, r)) {
			if seen[c] || c == '\n' || c == ' ' || c == '\f' {
				continue
			}
			seen[c] = true
			if i, err := f.GlyphIndex(&buf, c); err != nil || i == 0 {
				t.Errorf("%s: %q (U+%04X) has no glyph in the bundled font", r.Title(), c, c)
			}
		}
	}
}

// emptyReport is a month without a single case.
func emptyReport() model.MonthlyReport {
	p := model.MonthPeriod(2024, 2)
	var series []model.MonthCount
	for _, m := range (model.Period{From: model.MustDate("2023-03-01"), To: p.To}).Months() {
		series = append(series, model.MonthCount{Month: m})
	}
	return model.MonthlyReport{Office: "信访局", Period: p, Stats: model.Stats{From: p.From, To: p.To}, Series: series}
}

// oneCaseReport is a month with one case, received, accepted and closed on time and
// satisfied, with one leader who carries it and a second who carries a case not yet due.
func oneCaseReport() model.MonthlyReport {
	p := model.MonthPeriod(2026, 3)
	one := model.Rate{Num: 1, Den: 1}
	g := model.GroupCounts{Received: 1, Closed: 1, OnTimeClosure: one, Satisfaction: one}
	st := model.Stats{From: p.From, To: p.To, Received: 1, Accepted: 1, Closed: 1,
		Rates: model.Rates{TimelyAcceptance: one, OnTimeClosure: one, Closure: one, Rated: one, Satisfaction: one,
			Revisit: model.Rate{Den: 1}, Repeat: model.Rate{Den: 1}},
		ByLeader: []model.LeaderRow{
			{LeaderID: 1, Leader: "司马相如", Carried: 1, New: 1, Closed: 1, OnTimeClosure: one},
			{LeaderID: 2, Leader: "王", Carried: 1},
		},
		ByStreet:   []model.StreetRow{{StreetID: 1, Street: "经济技术开发区管理委员会社会事务管理局所辖街道", GroupCounts: g}},
		ByCategory: []model.CategoryRow{{CategoryID: 1, Category: "农村集体经济组织成员资格认定及收益分配", GroupCounts: g}},
		ByChannel:  []model.ChannelRow{{Channel: model.ChannelHotline, Label: "12345热线", GroupCounts: g}},
	}
	var series []model.MonthCount
	for _, m := range (model.Period{From: model.MustDate("2025-04-01"), To: p.To}).Months() {
		series = append(series, model.MonthCount{Month: m})
	}
	series[11].Received, series[11].Closed = 1, 1
	return model.MonthlyReport{Office: "某某市某某区人民政府信访局（区人民来访接待中心）", Period: p, Stats: st,
		Previous: model.Stats{From: model.MustDate("2026-02-01"), To: model.MustDate("2026-02-28")},
		LastYear: model.Stats{From: model.MustDate("2025-03-01"), To: model.MustDate("2025-03-31")},
		Series:   series}
}

// TestMonthlyPDFEdgeCases: an empty month, a month with one case and a leader with no
// closed case, long names: no division by zero, "—" where there is no denominator, every
// name printed whole.
func TestMonthlyPDFEdgeCases(t *testing.T) {
	for _, tt := range []struct {
		name string
		r    model.MonthlyReport
		want []string
	}{
		{"empty month", emptyReport(), []string{
			"信访局2024年2月信访工作月报", "共登记信访事项0件，较上月持平，较去年同月持平",
			"及时受理率无统计基数（—）", "本期无包案领导数据", "本期无街道数据", "本期无分类数据",
			"截至2024年2月29日，无逾期未办结事项", "本期无积案", "第 1 页 共",
		}},
		{"one case", oneCaseReport(), []string{
			"满意率100.0%（1/1），环比上月无可比数据，同比去年同月无可比数据", "回访率0.0%（0/1）",
			"司马相如", "经济技术开发区管理委员会社会事务管理局所辖街道", "农村集体经济组织成员资格认定及收益分配",
			"某某市某某区人民政府信访局（区人民来访接待中心）2026年3月信访工作月报",
		}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			pdf := writePDF(t, tt.r)
			text := pdfText(t, pdf)
			// Wrapped cells and paragraphs are whole once their line breaks are taken out.
			flat := strings.NewReplacer("\n", "", " ", "", "\f", "").Replace(pdfRaw(t, pdf))
			for _, w := range tt.want {
				if !strings.Contains(flat, strings.ReplaceAll(w, " ", "")) {
					t.Errorf("%s: PDF text lacks %q:\n%s", tt.name, w, text)
				}
			}
			for _, bad := range []string{"NaN", "Inf", "%!", "-0.0%"} {
				if strings.Contains(text, bad) {
					t.Errorf("%s: PDF text has %q", tt.name, bad)
				}
			}
			if tt.name == "one case" {
				if row := lineWith(text, "王"); strings.Join(row, " ") != "王 1 0 0 0 0 0 0 0 0/0 —" {
					t.Errorf("leader with no closed case: row = %q, want on-time 0/0 —", row)
				}
			}
		})
	}
}

// TestWrapKeepsEveryCharacter: a wrapped text is the original, cut into lines that fit,
// and no line starts with closing punctuation.
func TestWrapKeepsEveryCharacter(t *testing.T) {
	d := newDoc("t", "t", "", "", model.Date{})
	d.pdf.AddPage()
	d.font(sizeTable, false)
	for _, tt := range []struct {
		text  string
		width float64
	}{
		{"经济技术开发区管理委员会社会事务管理局所辖街道", 30},
		{"和信〔2026〕0005", 12},
		{"按期办结：办结数中按期办结的件数/（办结数 + 到期未办结数）。", 40},
		{"Reply due 2026-05-31, extended by thirty days", 25},
		{"区住房和城乡建设局（城市更新办公室）", 14},
		{"一", 1},
	} {
		lines := d.wrap(tt.text, tt.width)
		joined := strings.Join(lines, "")
		if strings.ReplaceAll(joined, " ", "") != strings.ReplaceAll(tt.text, " ", "") {
			t.Errorf("wrap(%q, %v) = %q: characters lost or added", tt.text, tt.width, lines)
		}
		for i, l := range lines {
			if w := d.pdf.GetStringWidth(l); w > tt.width+1e-6 && len([]rune(l)) > 1 {
				t.Errorf("wrap(%q, %v) line %d %q is %.1f mm wide", tt.text, tt.width, i, l, w)
			}
			if i > 0 && l != "" && noLineStart([]rune(l)[0]) {
				t.Errorf("wrap(%q, %v) line %d %q starts with closing punctuation", tt.text, tt.width, i, l)
			}
		}
	}
}
