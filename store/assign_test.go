package store

import (
	"errors"
	"strings"
	"testing"

	"baoan/model"
)

func TestAssignmentDutiesAndStrikeOff(t *testing.T) {
	f := newFx(t)
	c := f.handling()
	ad := f.carried(c)
	if len(ad.Duties) != 4 || ad.Leader.Name != "王建国" || ad.Version != 1 {
		t.Fatalf("AssignLeader = %+v, want 4 duties under 王建国", ad)
	}
	for i, k := range model.DutyKinds {
		if ad.Duties[i].Kind != k || ad.Duties[i].Status != model.DutyTodo || ad.Duties[i].ID == 0 {
			t.Errorf("duty %d = %+v, want %s todo", i, ad.Duties[i], k)
		}
	}
	if _, err := f.s.AssignLeader(f.ctx, f.admin, c.ID, f.leader.ID, today, ""); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "已是") {
		t.Errorf("assigning the same leader twice: err = %v", err)
	}
	for _, on := range []model.Date{today.AddDays(1), c.ReceivedOn.AddDays(-1), {}} {
		if _, err := f.s.AssignLeader(f.ctx, f.admin, c.ID, f.leader2.ID, on, ""); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "包案日期") {
			t.Errorf("AssignLeader on %q: err = %v, want ErrInvalid naming 包案日期", on, err)
		}
	}

	// The leader works the duties of their own 包案.
	du := ad.Duties[2]
	du.Status, du.Note = model.DutyDoing, "每周电话回访"
	got, err := f.s.UpdateDuty(f.ctx, f.lead, du)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != model.DutyDoing || got.UpdatedOn != today || got.Kind != model.DutyStabilize {
		t.Errorf("UpdateDuty = %+v, want doing on %s", got, today)
	}
	// Another desk that loaded the duty before the leader saved it is refused, told who
	// saved, and the leader's progress stays.
	stale := ad.Duties[2]
	stale.Status, stale.Note = model.DutyDone, "另一窗口的修改"
	var ce *model.ConflictError
	if _, err := f.s.UpdateDuty(f.ctx, f.clerk, stale); !errors.As(err, &ce) || ce.By != f.lead.Login {
		t.Errorf("UpdateDuty on a stale version: err = %v; want a ConflictError naming %s", err, f.lead.Login)
	}
	if d, _ := f.s.GetCase(f.ctx, f.clerk, c.ID); d.Assignments[0].Duties[2].Note != "每周电话回访" || d.Assignments[0].Duties[2].Version != 2 {
		t.Errorf("duty after the refused save = %+v; want the leader's note at version 2", d.Assignments[0].Duties[2])
	}
	if _, err := f.s.UpdateDuty(f.ctx, f.lead, model.Duty{ID: du.ID, Status: "half"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("unknown duty status: err = %v", err)
	}
	log, err := f.s.AddStabilityLog(f.ctx, f.lead, model.StabilityLog{AssignmentID: ad.ID, Note: "信访人情绪平稳", LoggedOn: model.MustDate("2026-04-01")})
	if err != nil || log.Author != "wangjg" {
		t.Errorf("AddStabilityLog = %+v, %v; want author wangjg", log, err)
	}
	if _, err := f.s.AddStabilityLog(f.ctx, f.lead, model.StabilityLog{AssignmentID: ad.ID, Note: "\u3000 "}); !errors.Is(err, ErrInvalid) {
		t.Errorf("blank log: err = %v", err)
	}
	asg, err := f.s.UpdatePlan(f.ctx, f.lead, ad.ID, ad.Version, "先调查后约谈")
	if err != nil || asg.Version != 2 {
		t.Fatalf("UpdatePlan = %+v, %v", asg, err)
	}
	if _, err := f.s.UpdatePlan(f.ctx, f.clerk, ad.ID, ad.Version, "旧版本上的修改"); !errors.Is(err, ErrConflict) {
		t.Errorf("UpdatePlan on a stale version: err = %v, want ErrConflict", err)
	}

	// 销号 needs the case closed and all four duties done.
	_, err = f.s.StrikeOff(f.ctx, f.clerk, ad.ID, asg.Version, today, "区委书记", "")
	var se *model.StepError
	if !errors.As(err, &se) || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "办结") {
		t.Errorf("strike off an open case: err = %v, want a StepError about 办结", err)
	}
	c, err = f.s.Reply(f.ctx, f.clerk, c.ID, c.Version, model.ReplySupport, model.MustDate("2026-06-01"), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []model.Duty{ad.Duties[0], ad.Duties[1], got} {
		d.Status = model.DutyDone
		if _, err := f.s.UpdateDuty(f.ctx, f.clerk, d); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.s.StrikeOff(f.ctx, f.clerk, ad.ID, asg.Version, today, "区委书记", ""); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "包息诉息访") {
		t.Errorf("strike off with a duty undone: err = %v, want it to name 包息诉息访", err)
	}
	last := ad.Duties[3]
	last.Status = model.DutyDone
	if _, err := f.s.UpdateDuty(f.ctx, f.lead, last); err != nil {
		t.Fatal(err)
	}
	asg, err = f.s.StrikeOff(f.ctx, f.clerk, ad.ID, asg.Version, today, "区委书记", "同意销号")
	if err != nil || asg.StruckOffOn != today || asg.StruckOffBy != "区委书记" {
		t.Fatalf("StrikeOff = %+v, %v", asg, err)
	}
	if _, err := f.s.UpdateDuty(f.ctx, f.lead, last); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "已于") {
		t.Errorf("editing a duty after 销号: err = %v", err)
	}
	if err := f.s.DeleteAssignment(f.ctx, f.clerk, ad.ID); !errors.Is(err, ErrInvalid) {
		t.Errorf("deleting a struck-off assignment: err = %v", err)
	}
	d, _ := f.s.GetCase(f.ctx, f.clerk, c.ID)
	if len(d.Assignments) != 1 || len(d.Assignments[0].Logs) != 1 || d.Assignments[0].Plan != "先调查后约谈" ||
		d.Assignments[0].Duties[3].Kind != model.DutySettle || d.Assignments[0].StruckOffNote != "同意销号" {
		t.Errorf("GetCase assignments = %+v", d.Assignments)
	}
}

func TestDeleteAssignmentTakesDuties(t *testing.T) {
	f := newFx(t)
	ad := f.carried(f.newCase())
	if _, err := f.s.AddStabilityLog(f.ctx, f.clerk, model.StabilityLog{AssignmentID: ad.ID, Note: "x"}); err != nil {
		t.Fatal(err)
	}
	if err := f.s.DeleteAssignment(f.ctx, f.clerk, ad.ID); err != nil {
		t.Fatal(err)
	}
	n := f.counts()
	if n["assignments"] != 0 || n["duties"] != 0 || n["stability_logs"] != 0 {
		t.Errorf("after DeleteAssignment: %d assignments, %d duties, %d logs; want none", n["assignments"], n["duties"], n["stability_logs"])
	}
}
