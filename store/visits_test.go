package store

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"baoan/model"
)

func TestVisitsKeepFirstFollowUp(t *testing.T) {
	f := newFx(t)
	c := f.closed()
	f.carried(c)
	followup := func(day string, planned bool, r model.Rating) model.Visit {
		t.Helper()
		v, err := f.s.AddVisit(f.ctx, f.lead, model.Visit{CaseID: c.ID, Kind: model.VisitFollowUp, VisitedOn: model.MustDate(day), Planned: planned, Rating: r})
		if err != nil {
			t.Fatalf("AddVisit(%s): %v", day, err)
		}
		return v
	}
	first := func() model.Case {
		d, err := f.s.GetCase(f.ctx, f.clerk, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		return d.Case
	}
	if _, err := f.s.AddVisit(f.ctx, f.lead, model.Visit{CaseID: c.ID, Kind: model.VisitHome, VisitedOn: model.MustDate("2026-06-11")}); err != nil {
		t.Fatal(err)
	}
	if got := first().FirstFollowUpOn; !got.IsZero() {
		t.Errorf("a 登门走访 set first follow-up to %s", got)
	}
	followup("2026-07-15", true, "")
	if got := first().FirstFollowUpOn; !got.IsZero() {
		t.Errorf("a planned follow-up set first follow-up to %s", got)
	}
	late := followup("2026-06-20", false, "")
	if got := first(); got.FirstFollowUpOn != model.MustDate("2026-06-20") || got.Rating.Rated() {
		t.Errorf("after one follow-up: first %s rating %q, want 2026-06-20 unrated", got.FirstFollowUpOn, got.Rating)
	}
	if late.LeaderID == nil || *late.LeaderID != f.leader.ID {
		t.Errorf("a leader's visit has leader %v, want %d", late.LeaderID, f.leader.ID)
	}
	early := followup("2026-06-15", false, model.RatingBasically)
	got := first()
	if got.FirstFollowUpOn != model.MustDate("2026-06-15") || got.Rating != model.RatingBasically || got.RatedOn != model.MustDate("2026-06-15") {
		t.Errorf("after a rated follow-up: first %s rating %q on %s, want 2026-06-15 基本满意", got.FirstFollowUpOn, got.Rating, got.RatedOn)
	}
	// A later visit's rating does not overwrite the case's rating.
	followup("2026-06-25", false, model.RatingDissatisfied)
	if got := first(); got.Rating != model.RatingBasically {
		t.Errorf("a second rated visit changed the case rating to %q", got.Rating)
	}
	early.VisitedOn = model.MustDate("2026-06-12")
	if _, err := f.s.UpdateVisit(f.ctx, f.clerk, early); err != nil {
		t.Fatal(err)
	}
	if got := first().FirstFollowUpOn; got != model.MustDate("2026-06-12") {
		t.Errorf("after moving the visit: first %s, want 2026-06-12", got)
	}
	if err := f.s.DeleteVisit(f.ctx, f.clerk, early.ID); err != nil {
		t.Fatal(err)
	}
	if got := first().FirstFollowUpOn; got != model.MustDate("2026-06-20") {
		t.Errorf("after deleting the earliest: first %s, want 2026-06-20", got)
	}
	planned, err := f.s.PlannedVisits(f.ctx, f.lead, today, model.Date{}, 0)
	if err != nil || len(planned) != 1 || planned[0].VisitedOn != model.MustDate("2026-07-15") {
		t.Errorf("PlannedVisits = %+v, %v", planned, err)
	}
	h, _ := f.s.CaseHistory(f.ctx, f.clerk, c.ID)
	var rates int
	for _, e := range h {
		if e.Action == "case.rate" {
			rates++
		}
	}
	if rates != 1 {
		t.Errorf("history has %d case.rate entries, want 1 (from the visit)", rates)
	}
}

func TestVisitRatingOnOpenCaseLeavesCase(t *testing.T) {
	f := newFx(t)
	c := f.handling()
	if _, err := f.s.AddVisit(f.ctx, f.clerk, model.Visit{CaseID: c.ID, Kind: model.VisitFollowUp, VisitedOn: model.MustDate("2026-04-01"), Rating: model.RatingSatisfied}); err != nil {
		t.Fatal(err)
	}
	d, _ := f.s.GetCase(f.ctx, f.clerk, c.ID)
	if d.Rating.Rated() || d.Version != c.Version {
		t.Errorf("a follow-up on an open case rated it %q (version %d → %d)", d.Rating, c.Version, d.Version)
	}
}

func TestVisitValidation(t *testing.T) {
	f := newFx(t)
	c := f.handling()
	bad := []struct {
		v    model.Visit
		want string
	}{
		{model.Visit{CaseID: c.ID, Kind: "call", VisitedOn: today}, "走访类型"},
		{model.Visit{CaseID: c.ID, Kind: model.VisitHome}, "走访日期"},
		{model.Visit{CaseID: c.ID, Kind: model.VisitHome, VisitedOn: today.AddDays(1)}, "计划"},
		{model.Visit{CaseID: c.ID, Kind: model.VisitHome, VisitedOn: model.MustDate("2026-01-01")}, "早于事项登记日期"},
		{model.Visit{CaseID: c.ID, Kind: model.VisitHome, VisitedOn: today, Rating: model.RatingSatisfied}, "只有上门回访"},
		{model.Visit{CaseID: c.ID, Kind: model.VisitFollowUp, VisitedOn: today.AddDays(3), Planned: true, Rating: model.RatingSatisfied}, "计划中"},
		{model.Visit{CaseID: c.ID, Kind: model.VisitHome, VisitedOn: today, Notes: strings.Repeat("谈", MaxPlanRunes+1)}, "谈话内容"},
	}
	for _, tt := range bad {
		before := f.counts()
		if _, err := f.s.AddVisit(f.ctx, f.clerk, tt.v); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("AddVisit(%+v): err = %v, want ErrInvalid saying %q", tt.v.Kind, err, tt.want)
		}
		sameCounts(t, before, f.counts())
	}
	if _, err := f.s.AddVisit(f.ctx, f.clerk, model.Visit{CaseID: 999, Kind: model.VisitHome, VisitedOn: today}); !errors.Is(err, ErrNotFound) {
		t.Errorf("visit on a missing case: err = %v, want ErrNotFound", err)
	}
}

func TestAttachments(t *testing.T) {
	f := newFx(t)
	c := f.newCase()
	data := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte{0, 1, 2, 0xff}, 1000)...)
	att, err := f.s.AddAttachment(f.ctx, f.clerk, c.ID, `C:\扫描\来信 2026.pdf`, "", data)
	if err != nil {
		t.Fatal(err)
	}
	if att.Name != "来信 2026.pdf" || att.MIME != "application/pdf" || att.Size != int64(len(data)) || att.CreatedBy != "clerk" || att.Data != nil {
		t.Errorf("AddAttachment = %+v", att)
	}
	png, err := f.s.AddAttachment(f.ctx, f.clerk, c.ID, "照片", "", []byte("\x89PNG\r\n\x1a\n0000"))
	if err != nil || png.MIME != "image/png" {
		t.Errorf("MIME sniffed from bytes = %q, %v; want image/png", png.MIME, err)
	}
	got, err := f.s.GetAttachmentData(f.ctx, f.viewer, att.ID)
	if err != nil || !bytes.Equal(got, data) {
		t.Errorf("GetAttachmentData = %d bytes, %v; want the %d bytes stored", len(got), err, len(data))
	}
	d, _ := f.s.GetCase(f.ctx, f.clerk, c.ID)
	if len(d.Attachments) != 2 || d.Attachments[0].Data != nil || d.Attachments[0].Size != int64(len(data)) {
		t.Errorf("GetCase attachments = %+v, want 2 without data", d.Attachments)
	}
	for _, tt := range []struct {
		name string
		data []byte
		want string
	}{
		{"", data, "名称为空"},
		{"空.txt", nil, "空文件"},
		{"大.bin", make([]byte, MaxAttachmentBytes+1), "不能超过 20 MB"},
	} {
		if _, err := f.s.AddAttachment(f.ctx, f.clerk, c.ID, tt.name, "", tt.data); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("AddAttachment(%q, %d bytes): err = %v, want %q", tt.name, len(tt.data), err, tt.want)
		}
	}
	if err := f.s.DeleteAttachment(f.ctx, f.clerk, att.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.GetAttachmentData(f.ctx, f.clerk, att.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted attachment: err = %v, want ErrNotFound", err)
	}
	if _, err := f.s.GetAttachmentData(f.ctx, f.lead, png.ID); !errors.Is(err, ErrForbidden) {
		t.Errorf("leader reading an attachment of a case not carried: err = %v, want ErrForbidden", err)
	}
}

func TestSupervisionsAndReceptionDays(t *testing.T) {
	f := newFx(t)
	c := f.handling()
	sv, err := f.s.AddSupervision(f.ctx, f.clerk, model.Supervision{CaseID: c.ID, Issuer: "市信访局", IssuedOn: model.MustDate("2026-04-01"), Demand: "限期办结", DueOn: model.MustDate("2026-04-15")})
	if err != nil {
		t.Fatal(err)
	}
	sv.Reply = "已办结"
	if _, err := f.s.UpdateSupervision(f.ctx, f.clerk, sv); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "回复日期") {
		t.Errorf("reply without its date: err = %v", err)
	}
	sv.RepliedOn = model.MustDate("2026-04-10")
	if _, err := f.s.UpdateSupervision(f.ctx, f.clerk, sv); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.AddSupervision(f.ctx, f.clerk, model.Supervision{CaseID: c.ID, Issuer: "市信访局", IssuedOn: model.MustDate("2026-04-01"), Demand: "x", DueOn: model.MustDate("2026-03-01")}); !errors.Is(err, ErrInvalid) {
		t.Errorf("due before issued: err = %v", err)
	}
	d, _ := f.s.GetCase(f.ctx, f.clerk, c.ID)
	if len(d.Supervisions) != 1 || d.Supervisions[0].Reply != "已办结" {
		t.Errorf("supervisions = %+v", d.Supervisions)
	}

	r, err := f.s.AddReceptionDay(f.ctx, f.lead, model.ReceptionDay{Day: model.MustDate("2026-07-08"), Place: "区信访接待大厅"})
	if err != nil || r.LeaderID != f.leader.ID {
		t.Fatalf("leader's own reception day = %+v, %v", r, err)
	}
	if _, err := f.s.AddReceptionDay(f.ctx, f.lead, model.ReceptionDay{LeaderID: f.leader2.ID, Day: model.MustDate("2026-07-09")}); !errors.Is(err, ErrForbidden) {
		t.Errorf("leader scheduling another leader: err = %v, want ErrForbidden", err)
	}
	if _, err := f.s.AddReceptionDay(f.ctx, f.clerk, model.ReceptionDay{LeaderID: f.leader2.ID, Day: model.MustDate("2026-07-09")}); err != nil {
		t.Fatal(err)
	}
	days, err := f.s.ReceptionDays(f.ctx, model.MustDate("2026-07-01"), model.MustDate("2026-07-31"))
	if err != nil || len(days) != 2 || days[0].Day != model.MustDate("2026-07-08") {
		t.Errorf("ReceptionDays = %+v, %v", days, err)
	}
	if err := f.s.DeleteReceptionDay(f.ctx, f.lead, r.ID); err != nil {
		t.Errorf("leader deleting their own day: %v", err)
	}
}

func TestExtensionsList(t *testing.T) {
	f := newFx(t)
	c := f.handling()
	c, err := f.s.Extend(f.ctx, f.clerk, c.ID, c.Version, model.Extension{Approver: "刘局长", ApprovedOn: model.MustDate("2026-04-20"), Reason: "复杂", NewDue: c.ReplyDue.AddDays(30)})
	if err != nil {
		t.Fatal(err)
	}
	es, err := f.s.Extensions(f.ctx, f.viewer, c.ID)
	if err != nil || len(es) != 1 || es[0].Approver != "刘局长" || es[0].NewDue != c.DueOn {
		t.Errorf("Extensions = %+v, %v", es, err)
	}
	if _, err := f.s.Extend(f.ctx, f.clerk, c.ID, c.Version, model.Extension{Approver: "刘局长", ApprovedOn: model.MustDate("2026-04-21"), Reason: "再延", NewDue: c.DueOn}); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "只能延长一次") {
		t.Errorf("second extension: err = %v", err)
	}
}
