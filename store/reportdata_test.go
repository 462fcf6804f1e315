package store

import (
	"bytes"
	"context"
	"reflect"
	"testing"
	"time"

	"baoan/model"
	"baoan/report"
)

// TestReportDataMay gathers the report of the hand-built May (stats_test.go) with a few
// more details: petitioners and a responsible unit on case 5, duties on case 13.
func TestReportDataMay(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	d := statsMay()
	d.units = append(d.units, model.Unit{ID: 9, Name: "区住建局", Kind: model.UnitDepartment, ParentID: statsRef(1), Active: true})
	d.cases[4].PetitionerNames = "欧阳娜娜、李四、王五"
	d.cases[4].UnitID = statsRef(9)
	d.cases[6].PetitionerNames = "张三"
	d.insert(t, s)
	// 四包 of case 13: 张伟's two done of four, 李娜's one done of two recorded.
	for i, du := range []model.Duty{
		{AssignmentID: 4, Kind: model.DutyInvestigate, Status: model.DutyDone},
		{AssignmentID: 4, Kind: model.DutyEducate, Status: model.DutyDone},
		{AssignmentID: 4, Kind: model.DutyStabilize, Status: model.DutyDoing},
		{AssignmentID: 4, Kind: model.DutySettle, Status: model.DutyTodo},
		{AssignmentID: 5, Kind: model.DutyInvestigate, Status: model.DutyTodo},
		{AssignmentID: 6, Kind: model.DutyInvestigate, Status: model.DutyDone},
		{AssignmentID: 6, Kind: model.DutySettle, Status: model.DutyTodo},
	} {
		du.ID = int64(i + 1)
		if err := s.db.Create(&du).Error; err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetSetting(ctx, model.Actor{Login: "admin", Role: model.RoleAdmin}, SettingOfficeName, "和平区信访局"); err != nil {
		t.Fatal(err)
	}
	p := model.MonthPeriod(2026, 5)
	r, err := s.ReportData(ctx, p)
	if err != nil {
		t.Fatalf("ReportData(2026-05): %v", err)
	}
	if r.Office != "和平区信访局" || r.Period != p || r.Title() != "和平区信访局2026年5月信访工作月报" {
		t.Errorf("ReportData office, period, title = %q, %v, %q", r.Office, r.Period, r.Title())
	}
	for _, c := range []struct {
		name string
		p    model.Period
		got  model.Stats
	}{{"Stats", p, r.Stats}, {"Previous", model.MonthPeriod(2026, 4), r.Previous}, {"LastYear", model.MonthPeriod(2025, 5), r.LastYear}} {
		want, err := s.Stats(ctx, c.p)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(c.got, want) {
			t.Errorf("ReportData.%s = %+v, want Stats(%s…%s) %+v", c.name, c.got, c.p.From, c.p.To, want)
		}
	}
	if len(r.Series) != 12 || r.Series[0].Month != "2025-06" || r.Series[11].Month != "2026-05" || r.Series[11].Received != r.Stats.Received {
		t.Errorf("ReportData.Series = %+v, want 2025-06 … 2026-05 ending with May's figures", r.Series)
	}

	wantOverdue := []model.OverdueCase{
		{ID: 5, No: "测信〔2026〕0005", Petitioner: "欧阳*娜等3人", Unit: "区住建局", DueOn: model.MustDate("2026-04-26"), DaysOverdue: 35},
		{ID: 11, No: "测信〔2026〕0011", Accepting: true, DueOn: model.MustDate("2026-05-27"), DaysOverdue: 4},
		{ID: 7, No: "测信〔2026〕0007", Petitioner: "张*", Leaders: "张伟", DueOn: model.MustDate("2026-05-29"), DaysOverdue: 2},
	}
	if !reflect.DeepEqual(r.Overdue, wantOverdue) {
		t.Errorf("ReportData.Overdue =\n%+v\nwant\n%+v", r.Overdue, wantOverdue)
	}
	if len(r.Overdue) != r.Stats.OverdueOpen {
		t.Errorf("overdue list has %d cases, Stats.OverdueOpen = %d", len(r.Overdue), r.Stats.OverdueOpen)
	}

	wantBacklog := []model.BacklogCase{
		// 4: resolved on the last day; its 包案 begins after May.
		{ID: 4, No: "测信〔2026〕0004", ReceivedOn: model.MustDate("2026-04-01"), DecidedOn: model.MustDate("2026-04-03"),
			ClosedOn: model.MustDate("2026-05-31"), StoppedOn: model.MustDate("2026-05-31")},
		// 13: closed in May, 息诉罢访 only in June.
		{ID: 13, No: "测信〔2026〕0013", ReceivedOn: model.MustDate("2026-05-02"), Leaders: "李娜、张伟",
			DecidedOn: model.MustDate("2026-05-06"), ClosedOn: model.MustDate("2026-05-28"), DutiesDone: 3, Duties: 6},
	}
	if !reflect.DeepEqual(r.Backlog, wantBacklog) || r.BacklogTotal != 2 {
		t.Errorf("ReportData.Backlog = %d\n%+v\nwant 2\n%+v", r.BacklogTotal, r.Backlog, wantBacklog)
	}

	// June: 4 was resolved in May, so only 13 is on the books.
	june, err := s.ReportData(ctx, model.MonthPeriod(2026, 6))
	if err != nil {
		t.Fatal(err)
	}
	if june.BacklogTotal != 1 || len(june.Backlog) != 1 || june.Backlog[0].ID != 13 || !june.Backlog[0].Resolved() {
		t.Errorf("ReportData(2026-06).Backlog = %d %+v, want case 13 only, resolved", june.BacklogTotal, june.Backlog)
	}
}

// TestReportDataEmptyMonth: a month with no cases at all has empty lists and zero figures.
func TestReportDataEmptyMonth(t *testing.T) {
	s := openTemp(t)
	r, err := s.ReportData(context.Background(), model.MonthPeriod(2024, 2))
	if err != nil {
		t.Fatalf("ReportData(empty): %v", err)
	}
	if r.Office != "信访局" || r.Stats.Received != 0 || len(r.Overdue) != 0 || len(r.Backlog) != 0 || r.BacklogTotal != 0 || len(r.Series) != 12 {
		t.Errorf("ReportData(empty) = %+v", r)
	}
}

// TestReportDataListLimit: a list longer than the limit names the longest overdue.
func TestReportDataListLimit(t *testing.T) {
	s := openTemp(t)
	d := statsMay()
	d.cases = d.cases[:0]
	n := model.ReportListLimit + 20
	for i := 1; i <= n; i++ {
		received := model.MustDate("2026-01-01").AddDays(i % 90)
		c := statsCase{id: int64(i), ch: model.ChannelLetter, street: 2, category: 1, received: received.String(),
			acceptDue: received.AddDays(15).String(), decision: model.DecisionAccept, decided: received.AddDays(2).String(),
			due: received.AddDays(62).String(), backlog: true, status: model.StatusHandling}
		d.cases = append(d.cases, c.model())
	}
	d.assigns, d.visits, d.extensions = nil, nil, nil
	d.insert(t, s)
	r, err := s.ReportData(context.Background(), model.MonthPeriod(2026, 6))
	if err != nil {
		t.Fatal(err)
	}
	if r.Stats.OverdueOpen != n || len(r.Overdue) != model.ReportListLimit || r.BacklogTotal != n || len(r.Backlog) != model.ReportListLimit {
		t.Fatalf("ReportData: overdue %d listed %d, backlog %d listed %d; want %d and %d each", r.Stats.OverdueOpen, len(r.Overdue), r.BacklogTotal, len(r.Backlog), n, model.ReportListLimit)
	}
	for i := 1; i < len(r.Overdue); i++ {
		if r.Overdue[i].DaysOverdue > r.Overdue[i-1].DaysOverdue {
			t.Fatalf("overdue list not longest first at %d: %+v", i, r.Overdue[i-1:i+1])
		}
	}
}

// BenchmarkMonthlyReport is the whole report of one month of the 1,000,000-case fixture
// (stats_bench_test.go), from nothing cached: the statistics of the month, the month before
// and a year earlier, the series and the lists, then writing the PDF and the workbook. The
// target is under 1 s, with a PDF under 200 KB.
func BenchmarkMonthlyReport(b *testing.B) {
	s := statsBenchStore(b)
	defer s.Close()
	ctx := context.Background()
	for _, m := range []struct {
		name string
		p    model.Period
	}{{"2026-06", model.MonthPeriod(2026, 6)}, {"2025-06", model.MonthPeriod(2025, 6)}} {
		b.Run(m.name, func(b *testing.B) {
			if _, err := s.ReportData(ctx, m.p); err != nil { // warm the page cache
				b.Fatal(err)
			}
			var gather, pdf, xlsx time.Duration
			var size, xsize int
			for b.Loop() {
				s.stats = statsCache{} // the statistics too are computed afresh
				t0 := time.Now()
				r, err := s.ReportData(ctx, m.p)
				if err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				var buf bytes.Buffer
				if err := report.WritePDF(&buf, r); err != nil {
					b.Fatal(err)
				}
				t2 := time.Now()
				size = buf.Len()
				buf.Reset()
				if err := report.WriteXLSX(&buf, r); err != nil {
					b.Fatal(err)
				}
				xsize = buf.Len()
				gather, pdf, xlsx = gather+t1.Sub(t0), pdf+t2.Sub(t1), xlsx+time.Since(t2)
			}
			n := time.Duration(b.N)
			b.ReportMetric(float64(size)/1024, "PDF-KB")
			b.ReportMetric(float64(xsize)/1024, "XLSX-KB")
			b.Logf("per report: gather %v, PDF %v (%d bytes), XLSX %v (%d bytes)", gather/n, pdf/n, size, xlsx/n, xsize)
			if size > 200<<10 {
				b.Errorf("PDF is %d bytes, want under 200 KB", size)
			}
		})
	}
}
