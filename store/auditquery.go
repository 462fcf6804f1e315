package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"baoan/model"
)

// maxAuditPage bounds one page of AuditQuery.
const maxAuditPage = 1000

// AuditQuery lists the 操作记录 entries matching f, newest first, one page of at most
// f.Limit (200 when not set) after the cursor f.BeforeID, each with the number of its
// case. next is the cursor of the following page, 0 after the last one. The day range is
// read in the local time zone, the one the screen shows times in.
func (s *Store) AuditQuery(ctx context.Context, a model.Actor, f model.AuditFilter) (rows []model.AuditRow, next int64, err error) {
	if !model.Can(a.Role, model.ActAuditRead) {
		return nil, 0, forbidden(a, model.ActAuditRead)
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return nil, 0, invalidf("日期范围有误：结束日期 %s 早于开始日期 %s，请调换或重新选择", f.To, f.From)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 200
	}
	limit = min(limit, maxAuditPage)

	q := s.db.WithContext(ctx).Table("audit_entries AS e").
		Select("e.*, c.case_no AS case_no").
		Joins("LEFT JOIN cases c ON c.id = e.case_id").
		Order("e.id DESC").Limit(limit + 1)
	if f.BeforeID > 0 {
		q = q.Where("e.id < ?", f.BeforeID)
	}
	if v := strings.TrimSpace(f.Actor); v != "" {
		q = q.Where("e.actor = ?", v)
	}
	if v := strings.TrimSpace(f.CaseNo); v != "" {
		q = q.Where("e.case_id IN (SELECT id FROM cases WHERE case_no = ?)", v)
	}
	if !f.From.IsZero() {
		q = q.Where("e.at >= ?", localMidnight(f.From))
	}
	if !f.To.IsZero() {
		q = q.Where("e.at < ?", localMidnight(f.To.AddDays(1)))
	}
	var found []struct {
		model.AuditEntry
		CaseNo *string
	}
	if err := q.Scan(&found).Error; err != nil {
		return nil, 0, fmt.Errorf("store: audit query: %w", err)
	}
	if len(found) > limit {
		found = found[:limit]
		next = found[limit-1].ID
	}
	rows = make([]model.AuditRow, len(found))
	for i, r := range found {
		rows[i].AuditEntry = r.AuditEntry
		if r.CaseNo != nil {
			rows[i].CaseNo = *r.CaseNo
		}
	}
	return rows, next, nil
}

// localMidnight is the start of day d on the local clock, in UTC as the entries are stored.
func localMidnight(d model.Date) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.Local).UTC()
}
