package store

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"baoan/model"
)

// RepeatQuery describes the petitioner being registered; see model.RepeatQuery, where
// it lives so that the screens need not import store.
type RepeatQuery = model.RepeatQuery

// RepeatMatch is an earlier case of the same petitioner; see model.RepeatMatch.
type RepeatMatch = model.RepeatMatch

// Match kinds, in the order they are tried.
const (
	ByIDNumber    = model.RepeatByIDNumber
	ByPhone       = model.RepeatByPhone
	ByNameAddress = model.RepeatByNameAddress
)

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
