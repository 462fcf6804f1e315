package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"baoan/model"
)

// Settings the store itself reads. Values are text; flags are "1" or "0".
const (
	SettingCasePrefix     = "case_prefix"       // 信访编号前缀, default 信
	SettingRollToWorkday  = "roll_to_workday"   // 期限届满日遇节假日顺延至工作日
	SettingLeadersReadAll = "leaders_read_all"  // 包案领导可查看全部事项
	SettingIdleLock       = "idle_lock_minutes" // 无操作自动锁定（分钟，0 为不锁定）
	SettingOfficeName     = "office_name"       // 本单位名称：月报标题、制表单位
)

// defaultSettings are written on first open, and stand in for a key that is missing.
var defaultSettings = map[string]string{
	SettingCasePrefix:     "信",
	SettingRollToWorkday:  "1",
	SettingLeadersReadAll: "0",
	SettingIdleLock:       "15",
	SettingOfficeName:     "信访局",
}

const maxNameRunes = 50

// seed fills a new database with the official holidays and the default settings. It runs
// on every Open and does nothing once settings exist, so an administrator who deletes
// holidays does not see them come back.
func (s *Store) seed(ctx context.Context) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&model.Setting{}).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		for _, k := range []string{SettingCasePrefix, SettingRollToWorkday, SettingLeadersReadAll} {
			if err := tx.Create(&model.Setting{Key: k, Value: defaultSettings[k]}).Error; err != nil {
				return fmt.Errorf("store: seed settings: %w", err)
			}
		}
		var h int64
		if err := tx.Model(&model.Holiday{}).Count(&h).Error; err != nil {
			return err
		}
		if days := model.BuiltinHolidays(); h == 0 && len(days) > 0 {
			if err := tx.CreateInBatches(days, 200).Error; err != nil {
				return fmt.Errorf("store: seed holidays: %w", err)
			}
		}
		return nil
	})
}

// ---- settings ----

// Setting returns the value of key, or its default when it was never set.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	return s.setting(s.db.WithContext(ctx), key)
}

func (s *Store) setting(tx *gorm.DB, key string) (string, error) {
	var rows []model.Setting
	if err := tx.Where("key = ?", key).Limit(1).Find(&rows).Error; err != nil {
		return "", fmt.Errorf("store: read setting %s: %w", key, err)
	}
	if len(rows) == 0 {
		return defaultSettings[key], nil
	}
	return rows[0].Value, nil
}

// Settings returns every setting, defaults included.
func (s *Store) Settings(ctx context.Context) (map[string]string, error) {
	var rows []model.Setting
	if err := s.db.WithContext(ctx).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: read settings: %w", err)
	}
	out := make(map[string]string, len(rows)+len(defaultSettings))
	for k, v := range defaultSettings {
		out[k] = v
	}
	for _, r := range rows {
		out[r.Key] = r.Value
	}
	return out, nil
}

// SetSetting stores one setting. The settings the store reads are checked.
func (s *Store) SetSetting(ctx context.Context, a model.Actor, key, value string) error {
	if err := checkSetting(key, value); err != nil {
		return err
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.allow(tx, a, model.ActSettingsEdit, 0); err != nil {
			return err
		}
		old, err := s.setting(tx, key)
		if err != nil {
			return err
		}
		if err := tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&model.Setting{Key: key, Value: value}).Error; err != nil {
			return fmt.Errorf("store: set setting %s: %w", key, err)
		}
		return s.audit(tx, a, "setting.set", "settings", 0, nil, []Change{{Field: key, Old: old, New: value}})
	})
}

func checkSetting(key, value string) error {
	switch key {
	case "":
		return invalidf("设置项名称为空：请选择要修改的设置")
	case SettingCasePrefix:
		v := strings.TrimSpace(value)
		if v == "" || utf8.RuneCountInString(v) > 10 || strings.ContainsAny(v, "〔〕") {
			return invalidf("信访编号前缀「%s」无效：请填写 1–10 个字（如 和信），不含〔〕", value)
		}
	case SettingIdleLock:
		if n, err := strconv.Atoi(value); err != nil || n < 0 || n > 480 {
			return invalidf("自动锁定时间「%s」无效：请填写 0 到 480 之间的分钟数（0 为不自动锁定）", value)
		}
	case SettingOfficeName:
		if v := strings.TrimSpace(value); v == "" || utf8.RuneCountInString(v) > 40 {
			return invalidf("单位名称「%s」无效：请填写 1–40 个字，如 某某区信访局", value)
		}
	case SettingRollToWorkday, SettingLeadersReadAll:
		if value != "0" && value != "1" {
			return invalidf("设置项 %s 的值「%s」无效：应为 1（是）或 0（否）", key, value)
		}
	}
	return nil
}

// ---- holidays ----

// Holidays lists the calendar's exceptions between from and to inclusive (zero dates: no
// bound), in date order.
func (s *Store) Holidays(ctx context.Context, from, to model.Date) ([]model.Holiday, error) {
	q := s.db.WithContext(ctx).Order("day")
	if !from.IsZero() {
		q = q.Where("day >= ?", from)
	}
	if !to.IsZero() {
		q = q.Where("day <= ?", to)
	}
	var out []model.Holiday
	if err := q.Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: list holidays: %w", err)
	}
	return out, nil
}

// PutHoliday adds a day to the calendar or changes it.
func (s *Store) PutHoliday(ctx context.Context, a model.Actor, h model.Holiday) error {
	if h.Day.IsZero() {
		return invalidf("日期为空：请填写节假日的日期")
	}
	if h.Kind != model.HolidayOff && h.Kind != model.HolidayWork {
		return invalidf("节假日类型「%s」无效：应为 休（放假）或 班（调休上班）", h.Kind)
	}
	if utf8.RuneCountInString(h.Name) > maxNameRunes {
		return invalidf("节日名称过长（%d 字）：最多 %d 字", utf8.RuneCountInString(h.Name), maxNameRunes)
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.allow(tx, a, model.ActHolidayEdit, 0); err != nil {
			return err
		}
		var old []model.Holiday
		if err := tx.Where("day = ?", h.Day).Find(&old).Error; err != nil {
			return err
		}
		prev := model.Holiday{}
		if len(old) > 0 {
			prev = old[0]
		}
		if err := tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&h).Error; err != nil {
			return fmt.Errorf("store: put holiday %s: %w", h.Day, err)
		}
		return s.audit(tx, a, "holiday.put", "holidays", 0, nil, diff(prev, h))
	})
}

// DeleteHoliday removes a day from the calendar, so it counts as a plain weekday/weekend.
func (s *Store) DeleteHoliday(ctx context.Context, a model.Actor, day model.Date) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.allow(tx, a, model.ActHolidayEdit, 0); err != nil {
			return err
		}
		var old []model.Holiday
		if err := tx.Where("day = ?", day).Find(&old).Error; err != nil {
			return err
		}
		if len(old) == 0 {
			return notFound("节假日 "+day.String(), day)
		}
		if err := tx.Where("day = ?", day).Delete(&model.Holiday{}).Error; err != nil {
			return fmt.Errorf("store: delete holiday %s: %w", day, err)
		}
		return s.audit(tx, a, "holiday.delete", "holidays", 0, nil, deleted(old[0]))
	})
}

// calendar builds the working-day calendar from the holidays table and the
// roll-to-workday setting, read in tx so a decision and its deadlines agree.
func (s *Store) calendar(tx *gorm.DB) (*model.Calendar, error) {
	var days []model.Holiday
	if err := tx.Order("day").Find(&days).Error; err != nil {
		return nil, fmt.Errorf("store: read holidays: %w", err)
	}
	roll, err := s.setting(tx, SettingRollToWorkday)
	if err != nil {
		return nil, err
	}
	return model.NewCalendar(days, roll == "1"), nil
}

// Calendar is the office calendar as the deadlines use it.
func (s *Store) Calendar(ctx context.Context) (*model.Calendar, error) {
	return s.calendar(s.db.WithContext(ctx))
}

// ---- units: districts, streets, communities, departments ----

// Units lists units of a kind ("" for every kind), under parentID when it is not 0,
// ordered by sort then name. Inactive units are included; callers filter by Active.
func (s *Store) Units(ctx context.Context, kind model.UnitKind, parentID int64) ([]model.Unit, error) {
	q := s.db.WithContext(ctx).Order("sort, name, id")
	if kind != "" {
		q = q.Where("kind = ?", kind)
	}
	if parentID != 0 {
		q = q.Where("parent_id = ?", parentID)
	}
	var out []model.Unit
	if err := q.Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: list units: %w", err)
	}
	return out, nil
}

// Streets lists the streets (街道), the case locations of the first level.
func (s *Store) Streets(ctx context.Context) ([]model.Unit, error) {
	return s.Units(ctx, model.UnitStreet, 0)
}

// Communities lists the communities (社区) of one street.
func (s *Store) Communities(ctx context.Context, streetID int64) ([]model.Unit, error) {
	if streetID == 0 {
		return nil, invalidf("未选择街道：请先选择所属街道，再选择社区")
	}
	return s.Units(ctx, model.UnitCommunity, streetID)
}

// Unit returns one unit.
func (s *Store) Unit(ctx context.Context, id int64) (model.Unit, error) {
	var u model.Unit
	err := s.db.WithContext(ctx).First(&u, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return u, notFound("单位", id)
	}
	return u, err
}

// CreateUnit adds a unit. New units are active. A street hangs under the district or
// nothing, a community under a street.
func (s *Store) CreateUnit(ctx context.Context, a model.Actor, u model.Unit) (model.Unit, error) {
	u.ID = 0
	u.Active = true
	u.Name = strings.TrimSpace(u.Name)
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.allow(tx, a, model.ActDictEdit, 0); err != nil {
			return err
		}
		if err := checkUnit(tx, u); err != nil {
			return err
		}
		if err := tx.Create(&u).Error; err != nil {
			return fmt.Errorf("store: create unit %s: %w", u.Name, err)
		}
		return s.audit(tx, a, "unit.create", "units", u.ID, nil, created(u))
	})
	return u, err
}

// UpdateUnit changes a unit's name, parent, order or active flag. Its kind stays.
func (s *Store) UpdateUnit(ctx context.Context, a model.Actor, u model.Unit) (model.Unit, error) {
	u.Name = strings.TrimSpace(u.Name)
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.allow(tx, a, model.ActDictEdit, 0); err != nil {
			return err
		}
		var old model.Unit
		if err := first(tx, &old, u.ID, "单位"); err != nil {
			return err
		}
		u.Kind = old.Kind
		if err := checkUnit(tx, u); err != nil {
			return err
		}
		if err := tx.Select("*").Updates(&u).Error; err != nil {
			return fmt.Errorf("store: update unit %d: %w", u.ID, err)
		}
		return s.audit(tx, a, "unit.update", "units", u.ID, nil, diff(old, u))
	})
	return u, err
}

// checkUnit applies the tree's rules to a unit about to be written.
func checkUnit(tx *gorm.DB, u model.Unit) error {
	if u.Name == "" {
		return invalidf("单位名称为空：请填写名称")
	}
	if n := utf8.RuneCountInString(u.Name); n > maxNameRunes {
		return invalidf("单位名称过长（%d 字）：最多 %d 字", n, maxNameRunes)
	}
	if !u.Kind.Valid() {
		return invalidf("单位类型「%s」无效：应为 区、街道、社区 或 部门", u.Kind)
	}
	var parent model.Unit
	if u.ParentID != nil {
		if *u.ParentID == u.ID && u.ID != 0 {
			return invalidf("上级单位不能是单位本身：请选择其他上级单位")
		}
		if err := first(tx, &parent, *u.ParentID, "上级单位"); err != nil {
			return err
		}
	}
	switch u.Kind {
	case model.UnitDistrict:
		if u.ParentID != nil {
			return invalidf("区不能有上级单位：请清空上级单位")
		}
	case model.UnitStreet:
		if u.ParentID != nil && parent.Kind != model.UnitDistrict {
			return invalidf("街道「%s」的上级应为区，而「%s」是%s：请重新选择上级单位", u.Name, parent.Name, parent.Kind.Label())
		}
	case model.UnitCommunity:
		if u.ParentID == nil || parent.Kind != model.UnitStreet {
			return invalidf("社区「%s」必须属于一个街道：请选择所属街道", u.Name)
		}
	}
	// NULL parents are distinct to the unique index, so check names here.
	q := tx.Model(&model.Unit{}).Where("kind = ? AND name = ? AND id <> ?", u.Kind, u.Name, u.ID)
	if u.ParentID == nil {
		q = q.Where("parent_id IS NULL")
	} else {
		q = q.Where("parent_id = ?", *u.ParentID)
	}
	var n int64
	if err := q.Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return invalidf("已有同名的%s「%s」：请换一个名称，或使用已有的%s", u.Kind.Label(), u.Name, u.Kind.Label())
	}
	return nil
}

// DeleteUnit removes a unit that nothing refers to. A unit in use can only be
// deactivated, so old cases keep their location.
func (s *Store) DeleteUnit(ctx context.Context, a model.Actor, id int64) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.allow(tx, a, model.ActDictEdit, 0); err != nil {
			return err
		}
		var old model.Unit
		if err := first(tx, &old, id, "单位"); err != nil {
			return err
		}
		uses := []struct{ what, q string }{
			{"个下级单位", `SELECT COUNT(*) FROM units WHERE parent_id = ?`},
			{"个事项", `SELECT COUNT(*) FROM cases WHERE street_id = ? OR community_id = ? OR unit_id = ?`},
			{"名信访人", `SELECT COUNT(*) FROM petitioners WHERE street_id = ? OR community_id = ?`},
			{"名领导", `SELECT COUNT(*) FROM leaders WHERE unit_id = ?`},
			{"项包片", `SELECT COUNT(*) FROM leader_areas WHERE street_id = ?`},
		}
		for _, u := range uses {
			args := make([]any, strings.Count(u.q, "?"))
			for i := range args {
				args[i] = id
			}
			var n int64
			if err := tx.Raw(u.q, args...).Scan(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				return invalidf("「%s」已被 %d %s使用，不能删除：请改为停用", old.Name, n, u.what)
			}
		}
		if err := tx.Delete(&model.Unit{}, id).Error; err != nil {
			return fmt.Errorf("store: delete unit %d: %w", id, err)
		}
		return s.audit(tx, a, "unit.delete", "units", id, nil, deleted(old))
	})
}

// ---- categories (问题类别) ----

// Categories lists the categories by sort order, inactive ones included.
func (s *Store) Categories(ctx context.Context) ([]model.Category, error) {
	var out []model.Category
	if err := s.db.WithContext(ctx).Order("sort, name, id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: list categories: %w", err)
	}
	return out, nil
}

// CreateCategory adds an active category.
func (s *Store) CreateCategory(ctx context.Context, a model.Actor, c model.Category) (model.Category, error) {
	c.ID, c.Active, c.Name = 0, true, strings.TrimSpace(c.Name)
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.allow(tx, a, model.ActDictEdit, 0); err != nil {
			return err
		}
		if err := checkCategory(tx, c); err != nil {
			return err
		}
		if err := tx.Create(&c).Error; err != nil {
			return fmt.Errorf("store: create category %s: %w", c.Name, err)
		}
		return s.audit(tx, a, "category.create", "categories", c.ID, nil, created(c))
	})
	return c, err
}

// UpdateCategory renames, reorders or (de)activates a category.
func (s *Store) UpdateCategory(ctx context.Context, a model.Actor, c model.Category) (model.Category, error) {
	c.Name = strings.TrimSpace(c.Name)
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.allow(tx, a, model.ActDictEdit, 0); err != nil {
			return err
		}
		var old model.Category
		if err := first(tx, &old, c.ID, "问题类别"); err != nil {
			return err
		}
		if err := checkCategory(tx, c); err != nil {
			return err
		}
		if err := tx.Select("*").Updates(&c).Error; err != nil {
			return fmt.Errorf("store: update category %d: %w", c.ID, err)
		}
		return s.audit(tx, a, "category.update", "categories", c.ID, nil, diff(old, c))
	})
	return c, err
}

func checkCategory(tx *gorm.DB, c model.Category) error {
	if c.Name == "" {
		return invalidf("问题类别名称为空：请填写名称")
	}
	if n := utf8.RuneCountInString(c.Name); n > maxNameRunes {
		return invalidf("问题类别名称过长（%d 字）：最多 %d 字", n, maxNameRunes)
	}
	var n int64
	if err := tx.Model(&model.Category{}).Where("name = ? AND id <> ?", c.Name, c.ID).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return invalidf("已有问题类别「%s」：请换一个名称", c.Name)
	}
	return nil
}

// DeleteCategory removes a category no case uses; one in use can only be deactivated.
func (s *Store) DeleteCategory(ctx context.Context, a model.Actor, id int64) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.allow(tx, a, model.ActDictEdit, 0); err != nil {
			return err
		}
		var old model.Category
		if err := first(tx, &old, id, "问题类别"); err != nil {
			return err
		}
		var n int64
		if err := tx.Model(&model.Case{}).Where("category_id = ?", id).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return invalidf("问题类别「%s」已被 %d 个事项使用，不能删除：请改为停用", old.Name, n)
		}
		if err := tx.Delete(&model.Category{}, id).Error; err != nil {
			return fmt.Errorf("store: delete category %d: %w", id, err)
		}
		return s.audit(tx, a, "category.delete", "categories", id, nil, deleted(old))
	})
}

// first loads the row with the given id into dst, or a not-found error naming what.
func first(tx *gorm.DB, dst any, id int64, what string) error {
	err := tx.First(dst, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return notFound(what, id)
	}
	if err != nil {
		return fmt.Errorf("store: load %s %d: %w", what, id, err)
	}
	return nil
}
