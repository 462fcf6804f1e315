package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"baoan/model"
)

// section is the part of the report's text from heading to the next heading (or the end).
func section(text, heading, next string) string {
	i := strings.Index(text, heading)
	if i < 0 {
		return ""
	}
	rest := text[i+len(heading):]
	if j := strings.Index(rest, next); next != "" && j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// row finds, in a section of pdftotext -layout output, the table row whose cell after the
// optional row number is label, and returns the cells after the label.
func row(text, label string) []string {
	for _, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) > 1 {
			if _, err := strconv.Atoi(f[0]); err == nil && f[1] == label {
				return f[2:]
			}
		}
		if len(f) > 0 && f[0] == label {
			return f[1:]
		}
	}
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }

func frac(r model.Rate) string { return itoa(r.Num) + "/" + itoa(r.Den) }

// TestReportPDFMatchesStatsJSON is the report's proof of figures: on demo data, every
// number the PDF prints for the month equals what `baoan stats --json` gives for it.
func TestReportPDFMatchesStatsJSON(t *testing.T) {
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatalf("pdftotext not found (%v): install poppler-utils (make tools) to check the report's figures", err)
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	if code, _, stderr := runCLI(t, nil, "--db", db, "demo", "--cases", "1200", "--seed", "5"); code != ExitOK {
		t.Fatalf("demo: exit %d, stderr %s", code, stderr)
	}
	month := model.Today().AddDays(-model.Today().Day() - 1).String()[:7] // last month
	code, out, stderr := runCLI(t, nil, "--db", db, "stats", "--month", month, "--json")
	if code != ExitOK {
		t.Fatalf("stats: exit %d, stderr %s", code, stderr)
	}
	var st model.Stats
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatalf("stats --json: %v", err)
	}
	if st.Received == 0 || st.Closed == 0 || len(st.ByLeader) == 0 || len(st.ByStreet) == 0 {
		t.Fatalf("demo month %s too thin to check: %s", month, out)
	}

	pdf := filepath.Join(dir, "月报.pdf")
	code, out, stderr = runCLI(t, nil, "--db", db, "report", "--month", month, "--out", pdf)
	if code != ExitOK || !strings.Contains(out, "信访工作月报") {
		t.Fatalf("report: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	raw, err := exec.Command(pdftotext, "-layout", "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := string(raw)
	check := func(where, label string, got []string, want ...string) {
		t.Helper()
		if len(got) < len(want) || strings.Join(got[:len(want)], " ") != strings.Join(want, " ") {
			t.Errorf("%s, row %s = %q, want it to begin %q", where, label, got, want)
		}
	}

	counts := section(text, "二、基本数据", "三、")
	for _, c := range []struct {
		label string
		n     int
	}{
		{"登记", st.Received}, {"受理", st.Accepted}, {"不予受理", st.NotAccepted}, {"转送、交办", st.Transferred},
		{"办结", st.Closed}, {"逾期未办结", st.OverdueOpen}, {"积案化解", st.BacklogResolved},
	} {
		check("基本数据", c.label, row(counts, c.label), itoa(c.n))
	}

	rates := section(text, "三、主要指标", "四、")
	for _, k := range model.RateKeys {
		r, _ := st.Rates.Get(k)
		check("主要指标", model.RateLabel(k), row(rates, model.RateLabel(k)), itoa(r.Num), itoa(r.Den), r.String())
	}

	leaders := section(text, "四、领导包案情况", "五、")
	for _, l := range st.ByLeader {
		check("领导包案情况", l.Leader, row(leaders, l.Leader), itoa(l.Carried), itoa(l.New), itoa(l.Closed), itoa(l.StruckOff),
			itoa(l.Visits.Reception), itoa(l.Visits.Appointment), itoa(l.Visits.Home), itoa(l.Visits.FollowUp),
			frac(l.OnTimeClosure), l.OnTimeClosure.String())
	}
	group := func(where, text, name string, g model.GroupCounts) {
		check(where, name, row(text, name), itoa(g.Received), itoa(g.Closed), itoa(g.OverdueOpen),
			frac(g.OnTimeClosure), g.OnTimeClosure.String(), frac(g.Satisfaction), g.Satisfaction.String())
	}
	streets := section(text, "五、各街道情况", "六、")
	for i, s := range st.ByStreet {
		group("各街道情况", streets, s.Street, s.GroupCounts)
		if !strings.Contains(" "+strings.Join(strings.Fields(streets), " ")+" ", fmt.Sprintf(" %d %s ", i+1, s.Street)) {
			t.Errorf("street %s should be ranked %d", s.Street, i+1)
		}
	}
	kinds := section(text, "六、问题类别与信访形式", "七、")
	for _, c := range st.ByCategory {
		group("问题类别", kinds, c.Category, c.GroupCounts)
	}
	for _, c := range st.ByChannel {
		group("信访形式", kinds, c.Label, c.GroupCounts)
	}

	// The summary states the same counts; the overdue list says how many there are.
	flat := strings.Join(strings.Fields(text), "")
	for _, want := range []string{
		fmt.Sprintf("共登记信访事项%d件", st.Received),
		fmt.Sprintf("其中受理%d件、不予受理%d件、转送交办%d件", st.Accepted, st.NotAccepted, st.Transferred),
		fmt.Sprintf("办结%d件", st.Closed),
		fmt.Sprintf("逾期未办结%d件；本期积案化解%d件", st.OverdueOpen, st.BacklogResolved),
	} {
		if !strings.Contains(flat, want) {
			t.Errorf("summary lacks %q", want)
		}
	}
	if st.OverdueOpen > 0 && !strings.Contains(flat, fmt.Sprintf("共%d件", st.OverdueOpen)) {
		t.Errorf("overdue list does not say 共%d件", st.OverdueOpen)
	}
}

// TestReportXLSXMatchesStatsJSON: the workbook of the same month carries the same counts
// and rates as numbers.
func TestReportXLSXMatchesStatsJSON(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	if code, _, stderr := runCLI(t, nil, "--db", db, "demo", "--cases", "600", "--seed", "3"); code != ExitOK {
		t.Fatalf("demo: exit %d, stderr %s", code, stderr)
	}
	from, to := model.Today().AddDays(-90).String(), model.Today().AddDays(-1).String()
	code, out, _ := runCLI(t, nil, "--db", db, "stats", "--from", from, "--to", to, "--json")
	var st model.Stats
	if code != ExitOK || json.Unmarshal([]byte(out), &st) != nil {
		t.Fatalf("stats: exit %d, %s", code, out)
	}
	path := filepath.Join(dir, "report.xlsx")
	if code, _, stderr := runCLI(t, nil, "--db", db, "report", "--from", from, "--to", to, "--out", path); code != ExitOK {
		t.Fatalf("report --out xlsx: exit %d, stderr %s", code, stderr)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("月报")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(rows[0][0], "信访工作报告") {
		t.Errorf("title of a date range = %q, want …信访工作报告", rows[0][0])
	}
	find := func(label string) []string {
		for _, r := range rows {
			if len(r) > 0 && r[0] == label {
				return r
			}
		}
		return nil
	}
	if r := find("登记"); len(r) < 2 || r[1] != itoa(st.Received) {
		t.Errorf("workbook 登记 row = %q, want %d", r, st.Received)
	}
	for _, k := range model.RateKeys {
		rate, _ := st.Rates.Get(k)
		want := []string{model.RateLabel(k), itoa(rate.Num), itoa(rate.Den), rate.String()}
		if r := find(model.RateLabel(k)); len(r) < 4 || strings.Join(r[:4], " ") != strings.Join(want, " ") {
			t.Errorf("workbook row %s = %q, want %q", k, r, want)
		}
	}
}

func TestReportUsage(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "r.db")
	for _, args := range [][]string{
		{"--db", db, "report", "--month", "2026-05"},
		{"--db", db, "report", "--month", "2026-05", "--out", filepath.Join(dir, "r.docx")},
		{"--db", db, "report", "--out", filepath.Join(dir, "r.pdf")},
		{"--db", db, "report", "--month", "2026-5x", "--out", filepath.Join(dir, "r.pdf")},
	} {
		code, _, stderr := runCLI(t, nil, args...)
		if code != ExitUsage || !strings.ContainsAny(stderr, "请应无") {
			t.Errorf("baoan %v: exit %d, stderr %q; want 2 and a Chinese explanation", args, code, stderr)
		}
	}
	code, _, stderr := runCLI(t, nil, "--db", db, "report", "--month", "2026-05", "--out", filepath.Join(dir, "no", "such", "r.pdf"))
	if code != ExitUser || !strings.Contains(stderr, "无法写入") {
		t.Errorf("report into a missing folder: exit %d, stderr %q; want 1 and 无法写入", code, stderr)
	}
	// An empty database gives a report all the same: zeros and dashes, no error.
	out := filepath.Join(dir, "empty.pdf")
	if code, stdout, stderr := runCLI(t, nil, "--db", db, "report", "--month", "2026-05", "--out", out); code != ExitOK || !strings.Contains(stdout, "信访局2026年5月信访工作月报") {
		t.Errorf("report of an empty month: exit %d, %q %q", code, stdout, stderr)
	}
	if b, err := os.ReadFile(out); err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Errorf("report file %s is not a PDF (%v)", out, err)
	}
}
