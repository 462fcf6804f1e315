package store

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"baoan/model"
)

// RepeatQuery describes the petitioner being registered, to find their earlier cases.
type RepeatQuery struct {
	IDNumber string
	Phone    string
	Name     string
	Address  string
	// ExcludeCaseID leaves out the case being edited, if any.
	ExcludeCaseID int64
}

// RepeatMatch is an earlier case of the same petitioner (重复信访), with how it was matched
// and whether the statute bars accepting the matter again.
type RepeatMatch struct {
	Case model.Case
	By   string // 证件号码, 联系电话 or 姓名+住址
	// Article19: the earlier case is still being 受理/办理 (待受理 or 办理中).
	Article19 bool
	// Article36: the earlier case was closed by 复核 (终结).
	Article36 bool
}

// Match kinds, in the order they are tried.
const (
	ByIDNumber    = "证件号码"
	ByPhone       = "联系电话"
	ByNameAddress = "姓名+住址"
)

// Warning is what the registration screen shows for the match, or "" when the earlier
// case does not bar the new one.
func (m RepeatMatch) Warning() string {
	switch {
	case m.Article19:
		return fmt.Sprintf("同一事项正在办理中（%s，%s），依《信访工作条例》第十九条不再重复受理", m.Case.No, m.Case.Status.Label())
	case m.Article36:
		return fmt.Sprintf("已经复核终结（%s），依第三十六条不再受理", m.Case.No)
	}
	return ""
}

// maxRepeats bounds the list the registration screen shows.
const maxRepeats = 50

// FindRepeats finds the earlier cases of a petitioner: by ID number first; when that
// finds nothing, by phone; when that finds nothing either, by name and address together.
// Newest first, at most 50, within the cases a may read. Each step is one index lookup
// (petitioners_id_number, petitioners_phone, petitioners_name).
func (s *Store) FindRepeats(ctx context.Context, a model.Actor, q RepeatQuery) ([]RepeatMatch, error) {
	db := s.db.WithContext(ctx)
	all, err := s.readScope(db, a)
	if err != nil {
		return nil, err
	}
	var leader int64
	if !all {
		leader = a.LeaderID
		if leader == 0 {
			return nil, nil
		}
	}
	ms, err := repeatMatches(db, q, leader, maxRepeats)
	if err != nil {
		return nil, fmt.Errorf("store: find repeats: %w", err)
	}
	for i := range ms {
		ms[i].Case = maskCase(a, ms[i].Case)
	}
	return ms, nil
}

// repeatMatches runs the three lookups in order and stops at the first that finds cases.
// leader, when not 0, keeps only the cases that leader carries.
func repeatMatches(tx *gorm.DB, q RepeatQuery, leader int64, limit int) ([]RepeatMatch, error) {
	idn := model.NormalizeIDNumber(q.IDNumber)
	phone := model.NormalizePhone(q.Phone)
	name, addr := strings.TrimSpace(q.Name), strings.TrimSpace(q.Address)
	steps := []struct {
		by, where string
		args      []any
		ok        bool
	}{
		{ByIDNumber, "p.id_number = ? AND p.id_number <> ''", []any{idn}, idn != ""},
		{ByPhone, "p.phone = ? AND p.phone <> ''", []any{phone}, phone != ""},
		{ByNameAddress, "p.name = ? AND p.address = ?", []any{name, addr}, name != "" && addr != ""},
	}
	for _, st := range steps {
		if !st.ok {
			continue
		}
		sub := `SELECT cp.case_id FROM petitioners p JOIN case_petitioners cp ON cp.petitioner_id = p.id WHERE ` + st.where
		qq := tx.Model(&model.Case{}).Where("id IN ("+sub+")", st.args...)
		if q.ExcludeCaseID != 0 {
			qq = qq.Where("id <> ?", q.ExcludeCaseID)
		}
		if leader != 0 {
			qq = qq.Where("id IN (SELECT case_id FROM assignments WHERE leader_id = ?)", leader)
		}
		var cs []model.Case
		if err := qq.Order("received_on DESC, id DESC").Limit(limit).Find(&cs).Error; err != nil {
			return nil, err
		}
		if len(cs) == 0 {
			continue
		}
		out := make([]RepeatMatch, len(cs))
		for i, c := range cs {
			out[i] = RepeatMatch{
				Case:      c,
				By:        st.by,
				Article19: c.Status == model.StatusRegistered || c.Status == model.StatusHandling,
				Article36: c.Status == model.StatusFinal,
			}
		}
		return out, nil
	}
	return nil, nil
}
