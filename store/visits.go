package store

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"baoan/model"
)

// MaxAttachmentBytes bounds one attachment: a scanned letter or a photo, not a video.
const MaxAttachmentBytes = 20 << 20

// ---- visits (四访) ----

// AddVisit records a visit on a case. A planned visit (Planned) may lie in the future; a
// visit that happened may not. A leader records visits on the cases they carry, and is
// the visit's leader unless another is named.
//
// A 上门回访 that happened and carries a rating also rates the case when the case is
// closed and not yet rated: the follow-up visit is where the petitioner says whether they
// are satisfied, and the clerk should not have to type it twice. A rating already on the
// case is never overwritten from a visit; use Rate to correct it.
func (s *Store) AddVisit(ctx context.Context, a model.Actor, v model.Visit) (model.Visit, error) {
	v.ID = 0
	if v.LeaderID == nil && a.Role == model.RoleLeader && a.LeaderID != 0 {
		id := a.LeaderID
		v.LeaderID = &id
	}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.allow(tx, a, model.ActVisitEdit, v.CaseID); err != nil {
			return err
		}
		c, err := loadCase(tx, v.CaseID)
		if err != nil {
			return err
		}
		if err := checkVisit(tx, v, c); err != nil {
			return err
		}
		if err := tx.Create(&v).Error; err != nil {
			return fmt.Errorf("store: add visit: %w", err)
		}
		if err := s.audit(tx, a, "visit.create", "visits", v.ID, &v.CaseID, created(v)); err != nil {
			return err
		}
		return s.afterVisits(tx, a, v.CaseID, &v)
	})
	return v, err
}

// UpdateVisit changes a visit; it stays on its case.
func (s *Store) UpdateVisit(ctx context.Context, a model.Actor, v model.Visit) (model.Visit, error) {
	if !model.Can(a.Role, model.ActVisitEdit) {
		return v, forbidden(a, model.ActVisitEdit)
	}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var old model.Visit
		if err := first(tx, &old, v.ID, "走访记录"); err != nil {
			return err
		}
		if err := s.allow(tx, a, model.ActVisitEdit, old.CaseID); err != nil {
			return err
		}
		v.CaseID, v.CreatedAt = old.CaseID, old.CreatedAt
		c, err := loadCase(tx, v.CaseID)
		if err != nil {
			return err
		}
		if err := checkVisit(tx, v, c); err != nil {
			return err
		}
		if err := tx.Select("*").Omit("created_at").Updates(&v).Error; err != nil {
			return fmt.Errorf("store: update visit %d: %w", v.ID, err)
		}
		if err := s.audit(tx, a, "visit.update", "visits", v.ID, &v.CaseID, diff(old, v)); err != nil {
			return err
		}
		return s.afterVisits(tx, a, v.CaseID, &v)
	})
	return v, err
}

// DeleteVisit removes a visit.
func (s *Store) DeleteVisit(ctx context.Context, a model.Actor, id int64) error {
	if !model.Can(a.Role, model.ActVisitEdit) {
		return forbidden(a, model.ActVisitEdit)
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		var old model.Visit
		if err := first(tx, &old, id, "走访记录"); err != nil {
			return err
		}
		if err := s.allow(tx, a, model.ActVisitEdit, old.CaseID); err != nil {
			return err
		}
		if err := tx.Delete(&model.Visit{}, id).Error; err != nil {
			return fmt.Errorf("store: delete visit %d: %w", id, err)
		}
		if err := s.audit(tx, a, "visit.delete", "visits", id, &old.CaseID, deleted(old)); err != nil {
			return err
		}
		return s.afterVisits(tx, a, old.CaseID, nil)
	})
}

func checkVisit(tx *gorm.DB, v model.Visit, c model.Case) error {
	if !v.Kind.Valid() {
		return invalidf("走访类型「%s」无效：应为 开门接访、进门约访、登门走访 或 上门回访", v.Kind)
	}
	if v.VisitedOn.IsZero() {
		return invalidf("走访日期：不能为空，请填写日期")
	}
	if !v.Planned && v.VisitedOn.After(model.Now()) {
		return invalidf("走访日期：%s 晚于今天：尚未进行的走访请勾选「计划」", v.VisitedOn)
	}
	if v.VisitedOn.Before(c.ReceivedOn) {
		return invalidf("走访日期：%s 早于事项登记日期 %s，请核对日期", v.VisitedOn, c.ReceivedOn)
	}
	if !v.Rating.Valid() {
		return invalidf("满意度「%s」无效：应为 满意、基本满意、不满意 或 未评价", v.Rating)
	}
	if v.Rating.Rated() && v.Kind != model.VisitFollowUp {
		return invalidf("满意度：只有上门回访才记录满意度，请清空满意度或把类型改为 上门回访")
	}
	if v.Rating.Rated() && v.Planned {
		return invalidf("满意度：计划中的走访尚未进行，不能记录满意度")
	}
	if v.LeaderID != nil {
		var l model.Leader
		if err := first(tx, &l, *v.LeaderID, "带队领导"); err != nil {
			return err
		}
	}
	for _, f := range []struct{ field, text string }{
		{"参加领导", v.Leaders}, {"地点", v.Place}, {"接谈对象", v.PeopleMet}, {"谈话内容", v.Notes},
		{"结果", v.Outcome}, {"下一步", v.NextStep},
	} {
		if err := checkLong(f.field, f.text, MaxPlanRunes); err != nil {
			return err
		}
	}
	return nil
}

// afterVisits keeps the case's derived visit facts: first_follow_up_on is the earliest
// 上门回访 that happened (not planned), so 回访率 is one indexed comparison; and a
// rated follow-up visit (v, when given) rates a closed case that has no rating yet.
func (s *Store) afterVisits(tx *gorm.DB, a model.Actor, caseID int64, v *model.Visit) error {
	var earliest *string
	err := tx.Raw(`SELECT MIN(visited_on) FROM visits WHERE case_id = ? AND kind = ? AND NOT planned`,
		caseID, model.VisitFollowUp).Scan(&earliest).Error
	if err != nil {
		return fmt.Errorf("store: first follow-up of case %d: %w", caseID, err)
	}
	if err := tx.Exec(`UPDATE cases SET first_follow_up_on = ? WHERE id = ?`, earliest, caseID).Error; err != nil {
		return fmt.Errorf("store: first follow-up of case %d: %w", caseID, err)
	}
	if v == nil || v.Kind != model.VisitFollowUp || v.Planned || !v.Rating.Rated() {
		return nil
	}
	c, err := loadCase(tx, caseID)
	if err != nil {
		return err
	}
	if !c.Status.IsClosed() || c.Rating.Rated() {
		return nil
	}
	next := c
	if err := next.Rate(v.Rating, v.VisitedOn); err != nil {
		return wrapRule(err)
	}
	return s.saveCase(tx, a, "case.rate", c, &next)
}

// PlannedVisits lists the planned visits between from and to (zero: no bound), by date,
// optionally of one leader, within the cases a may read: the leaders' schedule.
func (s *Store) PlannedVisits(ctx context.Context, a model.Actor, from, to model.Date, leaderID int64) ([]model.Visit, error) {
	db := s.db.WithContext(ctx)
	all, err := s.readScope(db, a)
	if err != nil {
		return nil, err
	}
	q := db.Where("planned")
	if !all {
		q = q.Where("case_id IN (SELECT case_id FROM assignments WHERE leader_id = ?)", a.LeaderID)
	}
	if !from.IsZero() {
		q = q.Where("visited_on >= ?", from)
	}
	if !to.IsZero() {
		q = q.Where("visited_on <= ?", to)
	}
	if leaderID != 0 {
		q = q.Where("leader_id = ?", leaderID)
	}
	var out []model.Visit
	if err := q.Order("visited_on, id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: planned visits: %w", err)
	}
	return out, nil
}

// ---- supervisions (督办) ----

// AddSupervision records a superior's 督办 on a case.
func (s *Store) AddSupervision(ctx context.Context, a model.Actor, sv model.Supervision) (model.Supervision, error) {
	sv.ID = 0
	sv.Issuer = strings.TrimSpace(sv.Issuer)
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.allow(tx, a, model.ActSupervisionEdit, sv.CaseID); err != nil {
			return err
		}
		if _, err := loadCase(tx, sv.CaseID); err != nil {
			return err
		}
		if err := checkSupervision(sv); err != nil {
			return err
		}
		if err := tx.Create(&sv).Error; err != nil {
			return fmt.Errorf("store: add supervision: %w", err)
		}
		return s.audit(tx, a, "supervision.create", "supervisions", sv.ID, &sv.CaseID, created(sv))
	})
	return sv, err
}

// UpdateSupervision changes a 督办, typically to record the reply.
func (s *Store) UpdateSupervision(ctx context.Context, a model.Actor, sv model.Supervision) (model.Supervision, error) {
	if !model.Can(a.Role, model.ActSupervisionEdit) {
		return sv, forbidden(a, model.ActSupervisionEdit)
	}
	sv.Issuer = strings.TrimSpace(sv.Issuer)
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var old model.Supervision
		if err := first(tx, &old, sv.ID, "督办"); err != nil {
			return err
		}
		if err := s.allow(tx, a, model.ActSupervisionEdit, old.CaseID); err != nil {
			return err
		}
		sv.CaseID, sv.CreatedAt = old.CaseID, old.CreatedAt
		if err := checkSupervision(sv); err != nil {
			return err
		}
		if err := tx.Select("*").Omit("created_at").Updates(&sv).Error; err != nil {
			return fmt.Errorf("store: update supervision %d: %w", sv.ID, err)
		}
		return s.audit(tx, a, "supervision.update", "supervisions", sv.ID, &sv.CaseID, diff(old, sv))
	})
	return sv, err
}

// DeleteSupervision removes a 督办 entered by mistake.
func (s *Store) DeleteSupervision(ctx context.Context, a model.Actor, id int64) error {
	if !model.Can(a.Role, model.ActSupervisionEdit) {
		return forbidden(a, model.ActSupervisionEdit)
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		var old model.Supervision
		if err := first(tx, &old, id, "督办"); err != nil {
			return err
		}
		if err := s.allow(tx, a, model.ActSupervisionEdit, old.CaseID); err != nil {
			return err
		}
		if err := tx.Delete(&model.Supervision{}, id).Error; err != nil {
			return fmt.Errorf("store: delete supervision %d: %w", id, err)
		}
		return s.audit(tx, a, "supervision.delete", "supervisions", id, &old.CaseID, deleted(old))
	})
}

func checkSupervision(sv model.Supervision) error {
	if sv.Issuer == "" {
		return invalidf("督办单位：不能为空，请填写发出督办的单位或领导")
	}
	if isBlankText(sv.Demand) {
		return invalidf("督办要求：不能为空，请填写督办的内容")
	}
	if err := checkDay("督办日期", sv.IssuedOn, model.Date{}, ""); err != nil {
		return err
	}
	if !sv.DueOn.IsZero() && sv.DueOn.Before(sv.IssuedOn) {
		return invalidf("督办期限：%s 早于督办日期 %s，请核对日期", sv.DueOn, sv.IssuedOn)
	}
	if !sv.RepliedOn.IsZero() {
		if err := checkDay("回复日期", sv.RepliedOn, sv.IssuedOn, "督办日期"); err != nil {
			return err
		}
	} else if !isBlankText(sv.Reply) {
		return invalidf("回复日期：填写了回复内容，请同时填写回复日期")
	}
	for _, f := range []struct{ field, text string }{{"督办单位", sv.Issuer}, {"督办要求", sv.Demand}, {"回复内容", sv.Reply}} {
		if err := checkLong(f.field, f.text, MaxPlanRunes); err != nil {
			return err
		}
	}
	return nil
}

// ---- extensions (延期) ----

// Extensions lists the approved extensions of a case (Extend records them).
func (s *Store) Extensions(ctx context.Context, a model.Actor, caseID int64) ([]model.Extension, error) {
	db := s.db.WithContext(ctx)
	if err := s.canRead(db, a, caseID); err != nil {
		return nil, err
	}
	var out []model.Extension
	if err := db.Where("case_id = ?", caseID).Order("approved_on, id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: extensions of case %d: %w", caseID, err)
	}
	return out, nil
}

// ---- attachments (附件) ----

// AddAttachment stores a file on a case, inside the database. The MIME type is taken
// from the name's extension or, failing that, from the bytes.
func (s *Store) AddAttachment(ctx context.Context, a model.Actor, caseID int64, name, mimeType string, data []byte) (model.Attachment, error) {
	name = strings.TrimSpace(filepath.Base(strings.ReplaceAll(name, `\`, "/")))
	if name == "" || name == "." || name == "/" {
		return model.Attachment{}, invalidf("附件名称为空：请选择要上传的文件")
	}
	if n := utf8.RuneCountInString(name); n > 200 {
		return model.Attachment{}, invalidf("附件名称过长（%d 字）：请改名为 200 字以内后再上传", n)
	}
	if len(data) == 0 {
		return model.Attachment{}, invalidf("附件「%s」是空文件：请选择有内容的文件", name)
	}
	if len(data) > MaxAttachmentBytes {
		return model.Attachment{}, invalidf("附件「%s」过大（%.1f MB）：单个附件不能超过 %d MB，请压缩或分拆后上传", name, float64(len(data))/(1<<20), MaxAttachmentBytes>>20)
	}
	if mimeType == "" {
		mimeType = mime.TypeByExtension(strings.ToLower(filepath.Ext(name)))
	}
	if mimeType == "" {
		mimeType = http.DetectContentType(data)
	}
	att := model.Attachment{CaseID: caseID, Name: name, MIME: mimeType, Size: int64(len(data)), Data: data, CreatedBy: actorName(a)}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.allow(tx, a, model.ActAttachmentEdit, caseID); err != nil {
			return err
		}
		if _, err := loadCase(tx, caseID); err != nil {
			return err
		}
		if err := tx.Create(&att).Error; err != nil {
			return fmt.Errorf("store: add attachment %s: %w", name, err)
		}
		return s.audit(tx, a, "attachment.create", "attachments", att.ID, &caseID, created(att))
	})
	att.Data = nil
	return att, err
}

// GetAttachmentData reads the bytes of an attachment.
func (s *Store) GetAttachmentData(ctx context.Context, a model.Actor, id int64) ([]byte, error) {
	db := s.db.WithContext(ctx)
	var att model.Attachment
	if err := db.Select("id", "case_id").First(&att, id).Error; err != nil {
		return nil, first(db, &model.Attachment{}, id, "附件")
	}
	if err := s.canRead(db, a, att.CaseID); err != nil {
		return nil, err
	}
	var data []byte
	if err := db.Raw(`SELECT data FROM attachments WHERE id = ?`, id).Row().Scan(&data); err != nil {
		return nil, fmt.Errorf("store: read attachment %d: %w", id, err)
	}
	return data, nil
}

// DeleteAttachment removes an attachment.
func (s *Store) DeleteAttachment(ctx context.Context, a model.Actor, id int64) error {
	if !model.Can(a.Role, model.ActAttachmentEdit) {
		return forbidden(a, model.ActAttachmentEdit)
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		var old model.Attachment
		if err := tx.Omit("data").First(&old, id).Error; err != nil {
			return first(tx, &model.Attachment{}, id, "附件")
		}
		if err := s.allow(tx, a, model.ActAttachmentEdit, old.CaseID); err != nil {
			return err
		}
		if err := tx.Delete(&model.Attachment{}, id).Error; err != nil {
			return fmt.Errorf("store: delete attachment %d: %w", id, err)
		}
		return s.audit(tx, a, "attachment.delete", "attachments", id, &old.CaseID, deleted(old))
	})
}

// listAttachments lists a case's attachments without their bytes.
func listAttachments(db *gorm.DB, caseID int64) ([]model.Attachment, error) {
	var out []model.Attachment
	if err := db.Omit("data").Where("case_id = ?", caseID).Order("id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: attachments of case %d: %w", caseID, err)
	}
	return out, nil
}

// ---- reception days (领导接访日) ----

// ReceptionDays lists the scheduled reception days between from and to (zero: no
// bound), by day and leader.
func (s *Store) ReceptionDays(ctx context.Context, from, to model.Date) ([]model.ReceptionDay, error) {
	q := s.db.WithContext(ctx).Order("day, leader_id, id")
	if !from.IsZero() {
		q = q.Where("day >= ?", from)
	}
	if !to.IsZero() {
		q = q.Where("day <= ?", to)
	}
	var out []model.ReceptionDay
	if err := q.Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: reception days: %w", err)
	}
	return out, nil
}

// AddReceptionDay schedules a leader's open reception day. A leader schedules their own.
func (s *Store) AddReceptionDay(ctx context.Context, a model.Actor, r model.ReceptionDay) (model.ReceptionDay, error) {
	r.ID = 0
	if r.LeaderID == 0 && a.Role == model.RoleLeader {
		r.LeaderID = a.LeaderID
	}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.allowReception(tx, a, r.LeaderID); err != nil {
			return err
		}
		var l model.Leader
		if err := first(tx, &l, r.LeaderID, "接访领导"); err != nil {
			return err
		}
		if r.Day.IsZero() {
			return invalidf("接访日期：不能为空，请填写日期")
		}
		if err := checkLong("接访地点", r.Place, 200); err != nil {
			return err
		}
		if err := checkLong("备注", r.Note, MaxPlanRunes); err != nil {
			return err
		}
		if err := tx.Create(&r).Error; err != nil {
			return fmt.Errorf("store: add reception day: %w", err)
		}
		return s.audit(tx, a, "reception_day.create", "reception_days", r.ID, nil, created(r))
	})
	return r, err
}

// DeleteReceptionDay removes a scheduled reception day.
func (s *Store) DeleteReceptionDay(ctx context.Context, a model.Actor, id int64) error {
	if !model.Can(a.Role, model.ActVisitEdit) {
		return forbidden(a, model.ActVisitEdit)
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		var old model.ReceptionDay
		if err := first(tx, &old, id, "接访日"); err != nil {
			return err
		}
		if err := s.allowReception(tx, a, old.LeaderID); err != nil {
			return err
		}
		if err := tx.Delete(&model.ReceptionDay{}, id).Error; err != nil {
			return fmt.Errorf("store: delete reception day %d: %w", id, err)
		}
		return s.audit(tx, a, "reception_day.delete", "reception_days", id, nil, deleted(old))
	})
}

func (s *Store) allowReception(tx *gorm.DB, a model.Actor, leaderID int64) error {
	if err := s.allow(tx, a, model.ActVisitEdit, 0); err != nil {
		return err
	}
	if a.Role == model.RoleLeader && leaderID != a.LeaderID {
		return fmt.Errorf("%w：包案领导只能安排自己的接访日：请由登记员安排其他领导的接访日", ErrForbidden)
	}
	return nil
}
