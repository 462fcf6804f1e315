package store

import (
	"encoding/json"
	"errors"
	"sync"
	"testing"

	"baoan/model"
)

func TestAuditChainDetectsTampering(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(f *fx, ids []int64) int64 // returns the id VerifyAudit must name
	}{
		{"changed actor", func(f *fx, ids []int64) int64 {
			f.s.db.Exec(`UPDATE audit_entries SET actor = 'mallory' WHERE id = ?`, ids[3])
			return ids[3]
		}},
		{"changed old value", func(f *fx, ids []int64) int64 {
			f.s.db.Exec(`UPDATE audit_entries SET changes = replace(changes, 'registered', 'closed') WHERE id = ?`, ids[len(ids)-1])
			return ids[len(ids)-1]
		}},
		{"changed time", func(f *fx, ids []int64) int64 {
			f.s.db.Exec(`UPDATE audit_entries SET at = '2020-01-01 00:00:00+00:00' WHERE id = ?`, ids[1])
			return ids[1]
		}},
		{"rehashed entry", func(f *fx, ids []int64) int64 {
			// A forger who recomputes the entry's own hash still breaks the next link.
			var e model.AuditEntry
			f.s.db.First(&e, ids[2])
			e.Actor = "mallory"
			f.s.db.Exec(`UPDATE audit_entries SET actor = ?, hash = ? WHERE id = ?`, e.Actor, entryHash(e), e.ID)
			return ids[3]
		}},
		{"deleted middle entry", func(f *fx, ids []int64) int64 {
			f.s.db.Exec(`DELETE FROM audit_entries WHERE id = ?`, ids[4])
			return ids[5]
		}},
		{"deleted last entry", func(f *fx, ids []int64) int64 {
			f.s.db.Exec(`DELETE FROM audit_entries WHERE id = ?`, ids[len(ids)-1])
			return ids[len(ids)-1]
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFx(t)
			c := f.newCase()
			if _, err := f.s.Decide(f.ctx, f.clerk, c.ID, c.Version, model.DecisionAccept, model.MustDate("2026-03-05"), ""); err != nil {
				t.Fatal(err)
			}
			if bad, err := f.s.VerifyAudit(f.ctx); bad != 0 || err != nil {
				t.Fatalf("VerifyAudit of an intact chain = %d, %v; want 0, nil", bad, err)
			}
			var ids []int64
			f.s.db.Raw(`SELECT id FROM audit_entries ORDER BY id`).Scan(&ids)
			if len(ids) < 8 {
				t.Fatalf("only %d audit entries", len(ids))
			}
			want := tt.tamper(f, ids)
			bad, err := f.s.VerifyAudit(f.ctx)
			if bad != want || !errors.Is(err, ErrAuditBroken) {
				t.Errorf("VerifyAudit after %s = %d, %v; want %d and ErrAuditBroken", tt.name, bad, err, want)
			}
		})
	}
}

func TestAuditConcurrentWritersKeepOneChain(t *testing.T) {
	f := newFx(t)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := f.s.CreateCase(f.ctx, f.clerk, f.caseInput(), []model.Petitioner{{Name: "并发" + string(rune('甲'+i))}})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent CreateCase: %v", err)
		}
	}
	if bad, err := f.s.VerifyAudit(f.ctx); err != nil {
		t.Errorf("VerifyAudit after concurrent writes = %d, %v", bad, err)
	}
	var nos []string
	f.s.db.Raw(`SELECT case_no FROM cases ORDER BY seq`).Scan(&nos)
	for i, no := range nos {
		if want := model.CaseNumber("信", 2026, i+1); no != want {
			t.Errorf("case %d numbered %q, want %q (no gaps, no duplicates)", i, no, want)
		}
	}
}

func TestAuditRecordsChanges(t *testing.T) {
	f := newFx(t)
	c := f.newCase()
	c.Summary = "新的摘要"
	c.Backlog = true
	if _, err := f.s.UpdateCase(f.ctx, f.clerk, c); err != nil {
		t.Fatal(err)
	}
	h, err := f.s.CaseHistory(f.ctx, f.clerk, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	last := h[len(h)-1]
	if last.Action != "case.update" || last.Actor != "clerk" || last.Entity != "cases" || last.EntityID != c.ID {
		t.Errorf("last entry = %+v, want case.update by clerk on cases/%d", last, c.ID)
	}
	var ch []Change
	if err := json.Unmarshal([]byte(last.Changes), &ch); err != nil {
		t.Fatal(err)
	}
	want := []Change{{Field: "summary", Old: "反映某公司拖欠工资三个月", New: "新的摘要"}, {Field: "backlog", Old: nil, New: true}}
	if mustJSON(t, ch) != mustJSON(t, want) {
		t.Errorf("changes = %s, want %s", mustJSON(t, ch), mustJSON(t, want))
	}
	if _, err := f.s.CaseHistory(f.ctx, f.viewer, c.ID); !errors.Is(err, ErrForbidden) {
		t.Errorf("viewer reading history: err = %v, want ErrForbidden", err)
	}
	log, err := f.s.AuditLog(f.ctx, f.admin, 0, 3)
	if err != nil || len(log) != 3 || log[0].ID < log[1].ID {
		t.Errorf("AuditLog = %d entries, %v; want 3 newest first", len(log), err)
	}
}

func TestDiff(t *testing.T) {
	street := int64(3)
	old := model.Petitioner{ID: 1, Name: "张三", Phone: "13800000000"}
	new := old
	new.Name = "张叁"
	new.Phone = ""
	new.StreetID = &street
	got := mustJSON(t, diff(old, new))
	want := `[{"field":"name","old":"张三","new":"张叁"},{"field":"phone","old":"13800000000","new":null},{"field":"street_id","old":null,"new":3}]`
	if got != want {
		t.Errorf("diff = %s, want %s", got, want)
	}
	if got := diff(old, old); len(got) != 0 {
		t.Errorf("diff of equal values = %v, want none", got)
	}
	u := model.User{Login: "a", Hash: "secret", Role: model.RoleClerk}
	if got := mustJSON(t, created(u)); got != `[{"field":"login","old":null,"new":"a"},{"field":"role","old":null,"new":"clerk"}]` {
		t.Errorf("created(user) = %s: the password hash must never be recorded", got)
	}
}

// permTarget is what a permission test case works on, made fresh by an administrator
// before each role tries the write.
type permTarget struct {
	c   model.Case
	asg AssignmentDetail
	id  int64
}

// TestPermissionMatrix tries every write (and the guarded reads) as every role. A role
// that model.Can allows must succeed; any other must get ErrForbidden and leave the
// database as it was. The leader's account carries the target case; a second leader
// account, which does not, is refused everything.
func TestPermissionMatrix(t *testing.T) {
	f := newFx(t)
	d := model.MustDate
	carriedCase := func(f *fx, c model.Case) permTarget {
		return permTarget{c: c, asg: f.carried(c)}
	}
	fresh := func(f *fx) permTarget { return carriedCase(f, f.newCase()) }
	handling := func(f *fx) permTarget { return carriedCase(f, f.handling()) }
	closed := func(f *fx) permTarget { return carriedCase(f, f.closed()) }
	none := func(f *fx) permTarget { return permTarget{} }
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("setup: %v", err)
		}
	}
	name := func(f *fx, s string) string {
		f.seq++
		return s + string(rune('甲'+f.seq%50)) + string(rune('子'+f.seq/50))
	}

	ops := []struct {
		name  string
		act   model.Action
		setup func(f *fx) permTarget
		do    func(f *fx, a model.Actor, g permTarget) error
	}{
		{"CreateCase", model.ActCaseCreate, none, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.CreateCase(f.ctx, a, f.caseInput(), []model.Petitioner{f.petitioner("张三")})
			return err
		}},
		{"UpdateCase", model.ActCaseEdit, fresh, func(f *fx, a model.Actor, g permTarget) error {
			g.c.Summary = "改"
			_, err := f.s.UpdateCase(f.ctx, a, g.c)
			return err
		}},
		{"SetCasePetitioners", model.ActCaseEdit, fresh, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.SetCasePetitioners(f.ctx, a, g.c.ID, g.c.Version, []model.Petitioner{f.petitioner("李四")})
			return err
		}},
		{"CreatePetitioner", model.ActCaseEdit, none, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.CreatePetitioner(f.ctx, a, f.petitioner("李四"))
			return err
		}},
		{"UpdatePetitioner", model.ActCaseEdit, func(f *fx) permTarget {
			p, err := f.s.CreatePetitioner(f.ctx, f.admin, f.petitioner("李四"))
			check(err)
			return permTarget{id: p.ID}
		}, func(f *fx, a model.Actor, g permTarget) error {
			p, _ := f.s.Petitioner(f.ctx, f.admin, g.id)
			p.Name = "李肆"
			_, err := f.s.UpdatePetitioner(f.ctx, a, p)
			return err
		}},
		{"Decide", model.ActCaseDecide, fresh, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.Decide(f.ctx, a, g.c.ID, g.c.Version, model.DecisionAccept, d("2026-03-05"), "")
			return err
		}},
		{"Object", model.ActCaseDecide, func(f *fx) permTarget {
			g := fresh(f)
			c, err := f.s.Decide(f.ctx, f.admin, g.c.ID, g.c.Version, model.DecisionTransfer, d("2026-06-29"), "转区住建局")
			check(err)
			g.c = c
			return g
		}, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.Object(f.ctx, a, g.c.ID, g.c.Version, today)
			return err
		}},
		{"Extend", model.ActCaseExtend, handling, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.Extend(f.ctx, a, g.c.ID, g.c.Version, model.Extension{Approver: "刘局长", ApprovedOn: d("2026-04-20"), Reason: "复杂", NewDue: g.c.ReplyDue.AddDays(10)})
			return err
		}},
		{"Reply", model.ActCaseClose, handling, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.Reply(f.ctx, a, g.c.ID, g.c.Version, model.ReplySupport, d("2026-05-01"), "")
			return err
		}},
		{"Rate", model.ActCaseClose, closed, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.Rate(f.ctx, a, g.c.ID, g.c.Version, model.RatingSatisfied, d("2026-06-11"))
			return err
		}},
		{"StopPetitioning", model.ActCaseClose, closed, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.StopPetitioning(f.ctx, a, g.c.ID, g.c.Version, d("2026-06-11"))
			return err
		}},
		{"RequestStage", model.ActCaseClose, closed, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.RequestStage(f.ctx, a, g.c.ID, g.c.Version, model.StageReview, d("2026-06-12"), "区政府")
			return err
		}},
		{"ReplyStage", model.ActCaseClose, func(f *fx) permTarget {
			g := closed(f)
			c, err := f.s.RequestStage(f.ctx, f.admin, g.c.ID, g.c.Version, model.StageReview, d("2026-06-12"), "区政府")
			check(err)
			g.c = c
			return g
		}, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.ReplyStage(f.ctx, a, g.c.ID, g.c.Version, model.StageReview, model.ReplyReject, d("2026-06-15"), "维持")
			return err
		}},
		{"SetHearingDays", model.ActCaseClose, func(f *fx) permTarget {
			g := closed(f)
			c, err := f.s.RequestStage(f.ctx, f.admin, g.c.ID, g.c.Version, model.StageReview, d("2026-06-12"), "区政府")
			check(err)
			c, err = f.s.ReplyStage(f.ctx, f.admin, c.ID, c.Version, model.StageReview, model.ReplyReject, d("2026-06-15"), "维持")
			check(err)
			c, err = f.s.RequestStage(f.ctx, f.admin, c.ID, c.Version, model.StageRecheck, d("2026-06-16"), "市信访局")
			check(err)
			g.c = c
			return g
		}, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.SetHearingDays(f.ctx, a, g.c.ID, g.c.Version, 3)
			return err
		}},
		{"AssignLeader", model.ActAssign, fresh, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.AssignLeader(f.ctx, a, g.c.ID, f.leader2.ID, d("2026-03-06"), "")
			return err
		}},
		{"DeleteAssignment", model.ActAssign, func(f *fx) permTarget {
			g := fresh(f)
			ad, err := f.s.AssignLeader(f.ctx, f.admin, g.c.ID, f.leader2.ID, d("2026-03-06"), "")
			check(err)
			g.id = ad.ID
			return g
		}, func(f *fx, a model.Actor, g permTarget) error {
			return f.s.DeleteAssignment(f.ctx, a, g.id)
		}},
		{"UpdateDuty", model.ActDutyEdit, fresh, func(f *fx, a model.Actor, g permTarget) error {
			du := g.asg.Duties[0]
			du.Status, du.Note = model.DutyDoing, "已走访企业"
			_, err := f.s.UpdateDuty(f.ctx, a, du)
			return err
		}},
		{"AddStabilityLog", model.ActDutyEdit, fresh, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.AddStabilityLog(f.ctx, a, model.StabilityLog{AssignmentID: g.asg.ID, Note: "情绪稳定"})
			return err
		}},
		{"UpdatePlan", model.ActDutyEdit, fresh, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.UpdatePlan(f.ctx, a, g.asg.ID, g.asg.Version, "新方案")
			return err
		}},
		{"StrikeOff", model.ActStrikeOff, func(f *fx) permTarget {
			g := closed(f)
			for _, du := range g.asg.Duties {
				du.Status = model.DutyDone
				_, err := f.s.UpdateDuty(f.ctx, f.admin, du)
				check(err)
			}
			return g
		}, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.StrikeOff(f.ctx, a, g.asg.ID, g.asg.Version, today, "区委书记", "同意销号")
			return err
		}},
		{"AddVisit", model.ActVisitEdit, fresh, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.AddVisit(f.ctx, a, model.Visit{CaseID: g.c.ID, Kind: model.VisitHome, VisitedOn: d("2026-03-10")})
			return err
		}},
		{"UpdateVisit", model.ActVisitEdit, func(f *fx) permTarget {
			g := fresh(f)
			v, err := f.s.AddVisit(f.ctx, f.admin, model.Visit{CaseID: g.c.ID, Kind: model.VisitHome, VisitedOn: d("2026-03-10")})
			check(err)
			g.id = v.ID
			return g
		}, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.UpdateVisit(f.ctx, a, model.Visit{ID: g.id, Kind: model.VisitHome, VisitedOn: d("2026-03-11"), Notes: "改"})
			return err
		}},
		{"DeleteVisit", model.ActVisitEdit, func(f *fx) permTarget {
			g := fresh(f)
			v, err := f.s.AddVisit(f.ctx, f.admin, model.Visit{CaseID: g.c.ID, Kind: model.VisitHome, VisitedOn: d("2026-03-10")})
			check(err)
			g.id = v.ID
			return g
		}, func(f *fx, a model.Actor, g permTarget) error {
			return f.s.DeleteVisit(f.ctx, a, g.id)
		}},
		{"AddReceptionDay", model.ActVisitEdit, none, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.AddReceptionDay(f.ctx, a, model.ReceptionDay{LeaderID: f.leader.ID, Day: d("2026-07-08"), Place: "区信访接待大厅"})
			return err
		}},
		{"DeleteReceptionDay", model.ActVisitEdit, func(f *fx) permTarget {
			r, err := f.s.AddReceptionDay(f.ctx, f.admin, model.ReceptionDay{LeaderID: f.leader.ID, Day: d("2026-07-08")})
			check(err)
			return permTarget{id: r.ID}
		}, func(f *fx, a model.Actor, g permTarget) error {
			return f.s.DeleteReceptionDay(f.ctx, a, g.id)
		}},
		{"AddAttachment", model.ActAttachmentEdit, fresh, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.AddAttachment(f.ctx, a, g.c.ID, "照片.jpg", "", []byte("\xff\xd8\xff"))
			return err
		}},
		{"DeleteAttachment", model.ActAttachmentEdit, func(f *fx) permTarget {
			g := fresh(f)
			att, err := f.s.AddAttachment(f.ctx, f.admin, g.c.ID, "照片.jpg", "", []byte("\xff\xd8\xff"))
			check(err)
			g.id = att.ID
			return g
		}, func(f *fx, a model.Actor, g permTarget) error {
			return f.s.DeleteAttachment(f.ctx, a, g.id)
		}},
		{"AddSupervision", model.ActSupervisionEdit, fresh, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.AddSupervision(f.ctx, a, model.Supervision{CaseID: g.c.ID, Issuer: "市信访局", IssuedOn: d("2026-04-01"), Demand: "限期办结"})
			return err
		}},
		{"UpdateSupervision", model.ActSupervisionEdit, func(f *fx) permTarget {
			g := fresh(f)
			sv, err := f.s.AddSupervision(f.ctx, f.admin, model.Supervision{CaseID: g.c.ID, Issuer: "市信访局", IssuedOn: d("2026-04-01"), Demand: "限期办结"})
			check(err)
			g.id = sv.ID
			return g
		}, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.UpdateSupervision(f.ctx, a, model.Supervision{ID: g.id, Issuer: "市信访局", IssuedOn: d("2026-04-01"), Demand: "限期办结", RepliedOn: d("2026-04-10"), Reply: "已办结"})
			return err
		}},
		{"DeleteSupervision", model.ActSupervisionEdit, func(f *fx) permTarget {
			g := fresh(f)
			sv, err := f.s.AddSupervision(f.ctx, f.admin, model.Supervision{CaseID: g.c.ID, Issuer: "市信访局", IssuedOn: d("2026-04-01"), Demand: "限期办结"})
			check(err)
			g.id = sv.ID
			return g
		}, func(f *fx, a model.Actor, g permTarget) error {
			return f.s.DeleteSupervision(f.ctx, a, g.id)
		}},
		{"CreateUnit", model.ActDictEdit, none, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.CreateUnit(f.ctx, a, model.Unit{Name: name(f, "街道"), Kind: model.UnitStreet})
			return err
		}},
		{"UpdateUnit", model.ActDictEdit, func(f *fx) permTarget {
			u, err := f.s.CreateUnit(f.ctx, f.admin, model.Unit{Name: name(f, "部门"), Kind: model.UnitDepartment})
			check(err)
			return permTarget{id: u.ID}
		}, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.UpdateUnit(f.ctx, a, model.Unit{ID: g.id, Name: name(f, "部门"), Active: false})
			return err
		}},
		{"DeleteUnit", model.ActDictEdit, func(f *fx) permTarget {
			u, err := f.s.CreateUnit(f.ctx, f.admin, model.Unit{Name: name(f, "部门"), Kind: model.UnitDepartment})
			check(err)
			return permTarget{id: u.ID}
		}, func(f *fx, a model.Actor, g permTarget) error {
			return f.s.DeleteUnit(f.ctx, a, g.id)
		}},
		{"CreateCategory", model.ActDictEdit, none, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.CreateCategory(f.ctx, a, model.Category{Name: name(f, "类别")})
			return err
		}},
		{"UpdateCategory", model.ActDictEdit, func(f *fx) permTarget {
			c, err := f.s.CreateCategory(f.ctx, f.admin, model.Category{Name: name(f, "类别")})
			check(err)
			return permTarget{id: c.ID}
		}, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.UpdateCategory(f.ctx, a, model.Category{ID: g.id, Name: name(f, "类别")})
			return err
		}},
		{"DeleteCategory", model.ActDictEdit, func(f *fx) permTarget {
			c, err := f.s.CreateCategory(f.ctx, f.admin, model.Category{Name: name(f, "类别")})
			check(err)
			return permTarget{id: c.ID}
		}, func(f *fx, a model.Actor, g permTarget) error {
			return f.s.DeleteCategory(f.ctx, a, g.id)
		}},
		{"CreateLeader", model.ActDictEdit, none, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.CreateLeader(f.ctx, a, model.Leader{Name: "赵领导"})
			return err
		}},
		{"UpdateLeader", model.ActDictEdit, func(f *fx) permTarget {
			l, err := f.s.CreateLeader(f.ctx, f.admin, model.Leader{Name: "赵领导"})
			check(err)
			return permTarget{id: l.ID}
		}, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.UpdateLeader(f.ctx, a, model.Leader{ID: g.id, Name: "赵领导", Title: "局长"})
			return err
		}},
		{"DeleteLeader", model.ActDictEdit, func(f *fx) permTarget {
			l, err := f.s.CreateLeader(f.ctx, f.admin, model.Leader{Name: "赵领导"})
			check(err)
			return permTarget{id: l.ID}
		}, func(f *fx, a model.Actor, g permTarget) error {
			return f.s.DeleteLeader(f.ctx, a, g.id)
		}},
		{"SetLeaderAreas", model.ActDictEdit, none, func(f *fx, a model.Actor, g permTarget) error {
			return f.s.SetLeaderAreas(f.ctx, a, f.leader2.ID, []int64{f.street.ID, f.street2.ID})
		}},
		{"PutHoliday", model.ActHolidayEdit, none, func(f *fx, a model.Actor, g permTarget) error {
			return f.s.PutHoliday(f.ctx, a, model.Holiday{Day: d("2030-10-01"), Kind: model.HolidayOff, Name: "国庆节"})
		}},
		{"DeleteHoliday", model.ActHolidayEdit, func(f *fx) permTarget {
			check(f.s.PutHoliday(f.ctx, f.admin, model.Holiday{Day: d("2030-10-02"), Kind: model.HolidayOff, Name: "国庆节"}))
			return permTarget{}
		}, func(f *fx, a model.Actor, g permTarget) error {
			return f.s.DeleteHoliday(f.ctx, a, d("2030-10-02"))
		}},
		{"SetSetting", model.ActSettingsEdit, none, func(f *fx, a model.Actor, g permTarget) error {
			return f.s.SetSetting(f.ctx, a, SettingRollToWorkday, "0")
		}},
		{"CreateUser", model.ActUserManage, none, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.CreateUser(f.ctx, a, model.User{Login: name(f, "u"), Role: model.RoleClerk}, "password-1")
			return err
		}},
		{"UpdateUser", model.ActUserManage, func(f *fx) permTarget {
			u, err := f.s.CreateUser(f.ctx, f.admin, model.User{Login: name(f, "u"), Role: model.RoleClerk}, "password-1")
			check(err)
			return permTarget{id: u.ID}
		}, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.UpdateUser(f.ctx, a, model.User{ID: g.id, Name: "改名", Role: model.RoleViewer, Active: true})
			return err
		}},
		{"SetPassword", model.ActUserManage, func(f *fx) permTarget {
			u, err := f.s.CreateUser(f.ctx, f.admin, model.User{Login: name(f, "u"), Role: model.RoleClerk}, "password-1")
			check(err)
			return permTarget{id: u.ID}
		}, func(f *fx, a model.Actor, g permTarget) error {
			return f.s.SetPassword(f.ctx, a, g.id, "password-2")
		}},
		{"UnlockUser", model.ActUserManage, func(f *fx) permTarget {
			u, err := f.s.CreateUser(f.ctx, f.admin, model.User{Login: name(f, "u"), Role: model.RoleClerk}, "password-1")
			check(err)
			return permTarget{id: u.ID}
		}, func(f *fx, a model.Actor, g permTarget) error {
			return f.s.UnlockUser(f.ctx, a, g.id)
		}},
		{"Users (read)", model.ActUserManage, none, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.ListUsers(f.ctx, a)
			return err
		}},
		{"CaseHistory (read)", model.ActAuditRead, fresh, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.CaseHistory(f.ctx, a, g.c.ID)
			return err
		}},
		{"AuditLog (read)", model.ActAuditRead, none, func(f *fx, a model.Actor, g permTarget) error {
			_, err := f.s.AuditLog(f.ctx, a, 0, 10)
			return err
		}},
	}
	outsider := model.Actor{UserID: 5, Login: "lim", Role: model.RoleLeader, LeaderID: f.leader2.ID}
	actors := []struct {
		label string
		a     model.Actor
		can   func(model.Action) bool
	}{
		{"admin", f.admin, func(act model.Action) bool { return model.Can(model.RoleAdmin, act) }},
		{"clerk", f.clerk, func(act model.Action) bool { return model.Can(model.RoleClerk, act) }},
		{"leader carrying the case", f.lead, func(act model.Action) bool { return model.Can(model.RoleLeader, act) }},
		{"leader not carrying it", outsider, func(model.Action) bool { return false }},
		{"viewer", f.viewer, func(model.Action) bool { return false }},
		{"no role", model.Actor{Login: "x"}, func(model.Action) bool { return false }},
	}
	seen := map[model.Action]bool{}
	for _, op := range ops {
		seen[op.act] = true
		for _, ac := range actors {
			g := op.setup(f)
			before := f.counts()
			err := op.do(f, ac.a, g)
			if ac.can(op.act) {
				if err != nil {
					t.Errorf("%s as %s: %v, want success", op.name, ac.label, err)
				}
				continue
			}
			if !errors.Is(err, ErrForbidden) {
				t.Errorf("%s as %s: err = %v, want ErrForbidden", op.name, ac.label, err)
				continue
			}
			sameCounts(t, before, f.counts())
		}
	}
	for _, act := range model.Actions {
		if !seen[act] && act != model.ActPIIReveal && act != model.ActBackup && act != model.ActImport {
			t.Errorf("no write of action %s in the permission test", act)
		}
	}
}
