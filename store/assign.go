package store

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm"

	"baoan/model"
)

// MaxPlanRunes bounds a 化解方案 or a log note; longer material goes in an attachment.
const MaxPlanRunes = 4000

// AssignLeader makes a leader carry a case (包案): the assignment with its resolution plan
// and the four duties (四包), all 未开始, in one transaction.
func (s *Store) AssignLeader(ctx context.Context, a model.Actor, caseID, leaderID int64, on model.Date, plan string) (AssignmentDetail, error) {
	var out AssignmentDetail
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.allow(tx, a, model.ActAssign, caseID); err != nil {
			return err
		}
		c, err := loadCase(tx, caseID)
		if err != nil {
			return err
		}
		var l model.Leader
		if err := first(tx, &l, leaderID, "包案领导"); err != nil {
			return err
		}
		if !l.Active {
			return invalidf("领导「%s」已停用：请选择其他领导，或在 设置→领导 中启用", l.Name)
		}
		if err := checkDay("包案日期", on, c.ReceivedOn, "登记日期"); err != nil {
			return err
		}
		if err := checkLong("化解方案", plan, MaxPlanRunes); err != nil {
			return err
		}
		if ok, err := carries(tx, leaderID, caseID); err != nil {
			return err
		} else if ok {
			return invalidf("「%s」已是事项 %s 的包案领导：无需重复确定", l.Name, c.No)
		}
		asg := model.Assignment{CaseID: caseID, LeaderID: leaderID, AssignedOn: on, Plan: plan, Version: 1}
		if err := tx.Create(&asg).Error; err != nil {
			return fmt.Errorf("store: assign leader: %w", err)
		}
		duties := model.NewDuties(asg.ID)
		if err := tx.Create(&duties).Error; err != nil {
			return fmt.Errorf("store: create duties: %w", err)
		}
		out = AssignmentDetail{Assignment: asg, Leader: l, Duties: duties}
		return s.audit(tx, a, "assignment.create", "assignments", asg.ID, &caseID,
			append(created(asg), Change{Field: "leader", New: l.Name}))
	})
	if err != nil {
		return out, fmt.Errorf("store: assign leader %d to case %d: %w", leaderID, caseID, err)
	}
	return out, nil
}

// DeleteAssignment removes a 包案 entered by mistake, with its duties and log. One that
// was struck off (销号) stays as the record of it.
func (s *Store) DeleteAssignment(ctx context.Context, a model.Actor, id int64) error {
	if !model.Can(a.Role, model.ActAssign) {
		return forbidden(a, model.ActAssign)
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		var asg model.Assignment
		if err := first(tx, &asg, id, "包案"); err != nil {
			return err
		}
		if err := s.allow(tx, a, model.ActAssign, asg.CaseID); err != nil {
			return err
		}
		if !asg.StruckOffOn.IsZero() {
			return invalidf("该包案已于 %s 销号，不能删除", asg.StruckOffOn)
		}
		if err := tx.Delete(&model.Assignment{}, id).Error; err != nil {
			return fmt.Errorf("store: delete assignment %d: %w", id, err)
		}
		return s.audit(tx, a, "assignment.delete", "assignments", id, &asg.CaseID, deleted(asg))
	})
}

// openAssignment loads an assignment for a change by a: a must be allowed act on its
// case (a leader only on their own 包案), and the assignment must not be struck off.
func (s *Store) openAssignment(tx *gorm.DB, a model.Actor, act model.Action, id int64) (model.Assignment, error) {
	var asg model.Assignment
	if err := first(tx, &asg, id, "包案"); err != nil {
		return asg, err
	}
	if err := s.allow(tx, a, act, asg.CaseID); err != nil {
		return asg, err
	}
	if a.Role == model.RoleLeader && asg.LeaderID != a.LeaderID {
		return asg, fmt.Errorf("%w：这是其他领导的包案：包案领导只能填写自己的四包进度和稳控日志", ErrForbidden)
	}
	if !asg.StruckOffOn.IsZero() {
		return asg, invalidf("该包案已于 %s 销号，不能再修改", asg.StruckOffOn)
	}
	return asg, nil
}

// UpdateDuty records progress on one of the four duties: status, note and the date of
// the progress (today when zero). d.Version is the version the user loaded: when someone
// else saved the duty since, the save is refused with a *ConflictError naming who and
// when, and nothing is overwritten.
func (s *Store) UpdateDuty(ctx context.Context, a model.Actor, d model.Duty) (model.Duty, error) {
	if !model.Can(a.Role, model.ActDutyEdit) {
		return d, forbidden(a, model.ActDutyEdit)
	}
	if !d.Status.Valid() {
		return d, invalidf("进度「%s」无效：应为 未开始、进行中 或 已完成", d.Status)
	}
	if err := checkLong("进展情况", d.Note, MaxPlanRunes); err != nil {
		return d, err
	}
	if d.UpdatedOn.IsZero() {
		d.UpdatedOn = model.Now()
	}
	var out model.Duty
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var old model.Duty
		if err := first(tx, &old, d.ID, "四包职责"); err != nil {
			return err
		}
		asg, err := s.openAssignment(tx, a, model.ActDutyEdit, old.AssignmentID)
		if err != nil {
			return err
		}
		if err := checkDay("进展日期", d.UpdatedOn, asg.AssignedOn, "包案日期"); err != nil {
			return err
		}
		if old.Version != d.Version {
			return s.conflict(tx, a, asg.CaseID)
		}
		out = old
		out.Status, out.Note, out.UpdatedOn, out.Version = d.Status, d.Note, d.UpdatedOn, old.Version+1
		res := tx.Model(&model.Duty{}).Where("id = ? AND version = ?", old.ID, old.Version).
			Select("status", "note", "updated_on", "version").Updates(&out)
		if res.Error != nil {
			return fmt.Errorf("store: update duty %d: %w", d.ID, res.Error)
		}
		if res.RowsAffected == 0 {
			return s.conflict(tx, a, asg.CaseID)
		}
		return s.audit(tx, a, "duty.update", "duties", out.ID, &asg.CaseID,
			append([]Change{{Field: "kind", New: string(out.Kind)}}, diff(old, out)...))
	})
	return out, err
}

// AddStabilityLog adds a 稳控 log entry under 包化解稳控. The author defaults to the
// signed-in login.
func (s *Store) AddStabilityLog(ctx context.Context, a model.Actor, l model.StabilityLog) (model.StabilityLog, error) {
	if !model.Can(a.Role, model.ActDutyEdit) {
		return l, forbidden(a, model.ActDutyEdit)
	}
	l.ID = 0
	l.Author = strings.TrimSpace(l.Author)
	if l.Author == "" {
		l.Author = actorName(a)
	}
	if l.LoggedOn.IsZero() {
		l.LoggedOn = model.Now()
	}
	if isBlankText(l.Note) {
		return l, invalidf("稳控情况：不能为空，请填写稳控工作的内容")
	}
	if err := checkLong("稳控情况", l.Note, MaxPlanRunes); err != nil {
		return l, err
	}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		asg, err := s.openAssignment(tx, a, model.ActDutyEdit, l.AssignmentID)
		if err != nil {
			return err
		}
		if err := checkDay("日志日期", l.LoggedOn, asg.AssignedOn, "包案日期"); err != nil {
			return err
		}
		if err := tx.Create(&l).Error; err != nil {
			return fmt.Errorf("store: add stability log: %w", err)
		}
		return s.audit(tx, a, "stability_log.create", "stability_logs", l.ID, &asg.CaseID, created(l))
	})
	return l, err
}

// UpdatePlan replaces the resolution plan (化解方案). version is the assignment version
// that was loaded; a later save by someone else is a conflict.
func (s *Store) UpdatePlan(ctx context.Context, a model.Actor, assignmentID int64, version int, plan string) (model.Assignment, error) {
	if !model.Can(a.Role, model.ActDutyEdit) {
		return model.Assignment{}, forbidden(a, model.ActDutyEdit)
	}
	if err := checkLong("化解方案", plan, MaxPlanRunes); err != nil {
		return model.Assignment{}, err
	}
	var out model.Assignment
	err := s.tx(ctx, func(tx *gorm.DB) error {
		asg, err := s.openAssignment(tx, a, model.ActDutyEdit, assignmentID)
		if err != nil {
			return err
		}
		out = asg
		out.Plan = plan
		return s.saveAssignment(tx, a, "assignment.plan", asg, &out, version)
	})
	return out, err
}

// StrikeOff strikes a 包案 from the ledger (销号) once the case is closed and the four
// duties are done, with the approver's name and opinion.
func (s *Store) StrikeOff(ctx context.Context, a model.Actor, assignmentID int64, version int, on model.Date, by, note string) (model.Assignment, error) {
	if !model.Can(a.Role, model.ActStrikeOff) {
		return model.Assignment{}, forbidden(a, model.ActStrikeOff)
	}
	var out model.Assignment
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var asg model.Assignment
		if err := first(tx, &asg, assignmentID, "包案"); err != nil {
			return err
		}
		if err := s.allow(tx, a, model.ActStrikeOff, asg.CaseID); err != nil {
			return err
		}
		c, err := loadCase(tx, asg.CaseID)
		if err != nil {
			return err
		}
		var duties []model.Duty
		if err := tx.Where("assignment_id = ?", asg.ID).Find(&duties).Error; err != nil {
			return err
		}
		out = asg
		if err := out.StrikeOff(c, duties, on, strings.TrimSpace(by), note); err != nil {
			return wrapRule(err)
		}
		return s.saveAssignment(tx, a, "assignment.strike_off", asg, &out, version)
	})
	return out, err
}

// saveAssignment writes next over old if its version is still the one the user loaded.
func (s *Store) saveAssignment(tx *gorm.DB, a model.Actor, action string, old model.Assignment, next *model.Assignment, version int) error {
	if old.Version != version {
		return fmt.Errorf("%w：该包案已被其他人修改（当前版本 %d），请刷新后重试", ErrConflict, old.Version)
	}
	next.Version = old.Version + 1
	res := tx.Model(&model.Assignment{}).Where("id = ? AND version = ?", old.ID, old.Version).
		Select("plan", "struck_off_on", "struck_off_by", "struck_off_note", "version", "updated_at").Updates(next)
	if res.Error != nil {
		return fmt.Errorf("store: save assignment %d: %w", old.ID, res.Error)
	}
	if res.RowsAffected == 0 {
		return fmt.Errorf("%w：该包案已被其他人修改，请刷新后重试", ErrConflict)
	}
	return s.audit(tx, a, action, "assignments", old.ID, &old.CaseID, diff(old, *next))
}

// checkDay requires a date of something that happened: set, not after today, and not
// before an earlier event (after, named afterWhat) when that is set.
func checkDay(field string, on, after model.Date, afterWhat string) error {
	if on.IsZero() {
		return invalidf("%s：不能为空，请填写日期", field)
	}
	if today := model.Now(); on.After(today) {
		return invalidf("%s：%s 晚于今天（%s），只能登记已经发生的事", field, on, today)
	}
	if !after.IsZero() && on.Before(after) {
		return invalidf("%s：%s 早于%s %s，请核对日期", field, on, afterWhat, after)
	}
	return nil
}

// checkLong refuses text over max characters, or text neither database can store.
func checkLong(field, text string, max int) error {
	if !utf8.ValidString(text) || strings.IndexByte(text, 0) >= 0 {
		return invalidf("%s：含有无法识别的字符，请删除后重新输入", field)
	}
	if n := utf8.RuneCountInString(text); n > max {
		return invalidf("%s：不能超过%d字，现为%d字，请精简（详细材料可作为附件上传）", field, max, n)
	}
	return nil
}

// isBlankText reports text with nothing but spaces in it.
func isBlankText(s string) bool {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff'
	}) == ""
}
