package store

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"baoan/model"
)

// CaseDetail is a case with everything recorded on it (model.CaseDetail, which the
// screens use without importing store).
type CaseDetail = model.CaseDetail

// AssignmentDetail is one 包案 with its leader, duties and 稳控 log (model.AssignmentDetail).
type AssignmentDetail = model.AssignmentDetail

// ConflictError is returned when a case was changed by someone else between loading and
// saving it (model.ConflictError); errors.Is(err, ErrConflict) holds.
type ConflictError = model.ConflictError

// UserMessage is the part of a store error meant for the user: the Chinese text from
// the sentinel on, without the "store: operation:" context that precedes it for the log.
// An error without a sentinel is returned whole.
func UserMessage(err error) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	for _, sentinel := range []error{ErrInvalid, ErrConflict, ErrNotFound, ErrForbidden, ErrBadLogin, ErrLocked, ErrNewerDB, ErrNotADB, ErrAuditBroken,
		ErrDamaged, ErrReadOnly, ErrNoFolder, ErrBusy, ErrDiskFull} {
		if errors.Is(err, sentinel) {
			if i := strings.Index(msg, sentinel.Error()); i >= 0 {
				return msg[i:]
			}
		}
	}
	return msg
}

// serialize makes the transaction the only writer from here on. SQLite transactions are
// already exclusive (BEGIN IMMEDIATE); on PostgreSQL the audit chain's head row is locked
// now rather than at the first audit entry, so that reading MAX(seq) and using it
// cannot interleave with another desk doing the same.
func (s *Store) serialize(tx *gorm.DB) error {
	if s.dialect != Postgres {
		return nil
	}
	return tx.Exec(`SELECT 1 FROM audit_head WHERE id = 1 FOR UPDATE`).Error
}

// testHookAfterCaseInsert, when set by a test, runs right after CreateCase inserts the
// case row; an error it returns must roll everything back.
var testHookAfterCaseInsert func(tx *gorm.DB) error

// CreateCase registers a new case (登记) with its petitioners, lead first. It validates
// the case and every petitioner, starts the clocks from the office calendar, checks the
// street, community, category and unit exist, numbers the case <prefix>〔YYYY〕NNNN
// (unless c.No is given, as an imported ledger does), reuses a petitioner already on
// file (by ID, or by ID number) and creates the others, flags 重复信访 when an earlier
// case matches a petitioner, and writes the audit trail — all in one transaction.
func (s *Store) CreateCase(ctx context.Context, a model.Actor, c model.Case, ps []model.Petitioner) (model.Case, error) {
	c.ID, c.Status, c.Version = 0, "", 1
	c.No = strings.TrimSpace(c.No)
	for i := range ps {
		ps[i] = cleanPetitioner(ps[i])
	}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.allow(tx, a, model.ActCaseCreate, 0); err != nil {
			return err
		}
		if err := s.serialize(tx); err != nil {
			return err
		}
		cal, err := s.calendar(tx)
		if err != nil {
			return err
		}
		if err := c.Register(cal); err != nil {
			return invalid(err)
		}
		for i, p := range ps {
			if err := p.Validate(); err != nil {
				return invalid(fmt.Errorf("第%d名信访人：%w", i+1, err))
			}
		}
		if err := model.ValidateGroup(c.HeadCount, ps); err != nil {
			return invalid(err)
		}
		if err := checkCaseRefs(tx, c, nil); err != nil {
			return err
		}
		if err := s.numberCase(tx, &c); err != nil {
			return err
		}
		if err := s.resolvePetitioners(tx, a, ps); err != nil {
			return err
		}
		if !c.Repeat {
			rep, err := earlierCase(tx, c, ps)
			if err != nil {
				return err
			}
			c.Repeat = rep
		}
		c.PetitionerNames = model.PetitionerNames(ps)
		c.SearchText = model.SearchText(c, ps)
		c.RowHash = caseHash(c)
		if err := tx.Create(&c).Error; err != nil {
			return fmt.Errorf("store: create case %s: %w", c.No, err)
		}
		if testHookAfterCaseInsert != nil {
			if err := testHookAfterCaseInsert(tx); err != nil {
				return err
			}
		}
		links := make([]model.CasePetitioner, len(ps))
		ids := make([]int64, len(ps))
		for i, p := range ps {
			links[i] = model.CasePetitioner{CaseID: c.ID, PetitionerID: p.ID, Seq: i}
			ids[i] = p.ID
		}
		if err := tx.Create(&links).Error; err != nil {
			return fmt.Errorf("store: link petitioners of case %s: %w", c.No, err)
		}
		changes := append(created(c), Change{Field: "petitioner_ids", New: ids})
		return s.audit(tx, a, "case.create", "cases", c.ID, &c.ID, changes)
	})
	if err != nil {
		return model.Case{}, fmt.Errorf("store: register case: %w", err)
	}
	return maskCase(a, c), nil
}

// numberPattern reads 〔YYYY〕NNNN out of a case number.
var numberPattern = regexp.MustCompile(`〔(\d{4})〕(\d+)$`)

// numberCase gives c its number, year and sequence. A blank number gets the next
// sequence of the received year (max + 1, read in the transaction, which holds the write
// lock). A given number keeps its year and sequence when it has the usual form;
// otherwise it takes the next sequence of the received year.
func (s *Store) numberCase(tx *gorm.DB, c *model.Case) error {
	c.Year, c.Seq = c.ReceivedOn.Year(), 0
	if c.No != "" {
		if m := numberPattern.FindStringSubmatch(c.No); m != nil {
			c.Year, _ = strconv.Atoi(m[1])
			c.Seq, _ = strconv.Atoi(m[2])
		}
		var n int64
		if err := tx.Model(&model.Case{}).Where("case_no = ?", c.No).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return invalidf("信访编号「%s」已存在：请核对编号，或留空由系统自动编号", c.No)
		}
		if c.Seq > 0 {
			var taken []string
			if err := tx.Model(&model.Case{}).Where("year = ? AND seq = ?", c.Year, c.Seq).Pluck("case_no", &taken).Error; err != nil {
				return err
			}
			if len(taken) > 0 {
				return invalidf("信访编号「%s」与已有事项「%s」的年度序号相同：请核对编号，或留空由系统自动编号", c.No, taken[0])
			}
			return nil
		}
	}
	var max *int
	if err := tx.Raw(`SELECT MAX(seq) FROM cases WHERE year = ?`, c.Year).Scan(&max).Error; err != nil {
		return fmt.Errorf("store: number case: %w", err)
	}
	c.Seq = 1
	if max != nil {
		c.Seq = *max + 1
	}
	if c.No == "" {
		prefix, err := s.setting(tx, SettingCasePrefix)
		if err != nil {
			return err
		}
		c.No = model.CaseNumber(prefix, c.Year, c.Seq)
	}
	return nil
}

// resolvePetitioners gives every petitioner an id: one picked from the file (ID set) or
// matched by ID number is reused, with what was typed now filling in or replacing its
// contact details; the others are created.
func (s *Store) resolvePetitioners(tx *gorm.DB, a model.Actor, ps []model.Petitioner) error {
	seen := map[int64]int{}
	for i := range ps {
		p := ps[i]
		if err := checkPetitionerRefs(tx, p); err != nil {
			return fmt.Errorf("第%d名信访人：%w", i+1, err)
		}
		var existing *model.Petitioner
		if p.ID != 0 {
			var e model.Petitioner
			if err := first(tx, &e, p.ID, fmt.Sprintf("第%d名信访人", i+1)); err != nil {
				return err
			}
			existing = &e
		} else {
			e, err := petitionerByID(tx, p.IDNumber, 0)
			if err != nil {
				return err
			}
			// The same ID number under another name is a typing error far more often
			// than a change of name: never rename a petitioner on file as a side effect
			// of registering a case.
			if e != nil && p.Name != "" && e.Name != p.Name {
				return invalidf("第%d名信访人的证件号码 %s 已登记为「%s」，与填写的姓名「%s」不一致：请核对证件号码和姓名；如确已改名，请先在信访人信息中修改姓名",
					i+1, model.MaskIDNumber(p.IDNumber), e.Name, p.Name)
			}
			existing = e
		}
		if existing == nil {
			p.ID = 0
			if err := tx.Create(&p).Error; err != nil {
				return fmt.Errorf("store: create petitioner %d: %w", i+1, err)
			}
			if err := s.audit(tx, a, "petitioner.create", "petitioners", p.ID, nil, created(p)); err != nil {
				return err
			}
		} else {
			merged := mergePetitioner(*existing, p)
			if ch := diff(*existing, merged); len(ch) > 0 {
				if err := tx.Select("*").Omit("created_at").Updates(&merged).Error; err != nil {
					return fmt.Errorf("store: update petitioner %d: %w", merged.ID, err)
				}
				if err := s.audit(tx, a, "petitioner.update", "petitioners", merged.ID, nil, ch); err != nil {
					return err
				}
				if err := refreshPetitionerCases(tx, merged.ID); err != nil {
					return err
				}
			}
			p = merged
		}
		if j, dup := seen[p.ID]; dup {
			return invalidf("第%d名和第%d名信访人是同一人（%s）：请删去重复的信访人", j+1, i+1, p.Name)
		}
		seen[p.ID] = i
		ps[i] = p
	}
	return nil
}

// mergePetitioner takes the typed values over the stored ones where something was typed.
func mergePetitioner(old, typed model.Petitioner) model.Petitioner {
	m := old
	if typed.Name != "" {
		m.Name = typed.Name
	}
	if typed.IDNumber != "" {
		m.IDKind, m.IDNumber = typed.IDKind, typed.IDNumber
	}
	if typed.Phone != "" {
		m.Phone = typed.Phone
	}
	if typed.Address != "" {
		m.Address = typed.Address
	}
	if typed.StreetID != nil {
		m.StreetID = typed.StreetID
	}
	if typed.CommunityID != nil {
		m.CommunityID = typed.CommunityID
	}
	return m
}

// earlierCase reports whether any petitioner matches a case received on or before c.
func earlierCase(tx *gorm.DB, c model.Case, ps []model.Petitioner) (bool, error) {
	for _, p := range ps {
		ms, err := repeatMatches(tx, RepeatQuery{IDNumber: p.IDNumber, Phone: p.Phone, Name: p.Name, Address: p.Address}, 0, 20)
		if err != nil {
			return false, err
		}
		for _, m := range ms {
			if !m.Case.ReceivedOn.After(c.ReceivedOn) {
				return true, nil
			}
		}
	}
	return false, nil
}

// checkCaseRefs checks the case's street, community, category and unit exist and fit
// together. Inactive entries are refused unless the case already had them (old).
func checkCaseRefs(tx *gorm.DB, c model.Case, old *model.Case) error {
	var street model.Unit
	if err := refUnit(tx, c.StreetID, &street); err != nil {
		return err
	}
	if street.ID == 0 || street.Kind != model.UnitStreet {
		return invalidf("所属街道不存在：请先在 设置→街道社区 中添加")
	}
	if !street.Active && (old == nil || old.StreetID != c.StreetID) {
		return invalidf("所属街道「%s」已停用：请选择其他街道，或在 设置→街道社区 中启用", street.Name)
	}
	if c.CommunityID != nil {
		var com model.Unit
		if err := refUnit(tx, *c.CommunityID, &com); err != nil {
			return err
		}
		if com.ID == 0 || com.Kind != model.UnitCommunity {
			return invalidf("所属社区不存在：请先在 设置→街道社区 中添加")
		}
		if com.ParentID == nil || *com.ParentID != c.StreetID {
			return invalidf("社区「%s」不属于街道「%s」：请重新选择社区", com.Name, street.Name)
		}
		if !com.Active && (old == nil || old.CommunityID == nil || *old.CommunityID != *c.CommunityID) {
			return invalidf("所属社区「%s」已停用：请选择其他社区，或在 设置→街道社区 中启用", com.Name)
		}
	}
	var cats []model.Category
	if err := tx.Where("id = ?", c.CategoryID).Limit(1).Find(&cats).Error; err != nil {
		return err
	}
	if len(cats) == 0 {
		return invalidf("问题类别不存在：请先在 设置→问题类别 中添加")
	}
	if !cats[0].Active && (old == nil || old.CategoryID != c.CategoryID) {
		return invalidf("问题类别「%s」已停用：请选择其他类别，或在 设置→问题类别 中启用", cats[0].Name)
	}
	if c.UnitID != nil {
		var u model.Unit
		if err := refUnit(tx, *c.UnitID, &u); err != nil {
			return err
		}
		if u.ID == 0 {
			return invalidf("责任单位不存在：请先在 设置→单位 中添加")
		}
	}
	return nil
}

// refUnit loads a unit into dst, leaving it zero when there is none.
func refUnit(tx *gorm.DB, id int64, dst *model.Unit) error {
	var us []model.Unit
	if err := tx.Where("id = ?", id).Limit(1).Find(&us).Error; err != nil {
		return fmt.Errorf("store: load unit %d: %w", id, err)
	}
	if len(us) > 0 {
		*dst = us[0]
	}
	return nil
}

// checkUnitRef checks that id names a unit of the given kind; what names the field.
func checkUnitRef(tx *gorm.DB, id int64, kind model.UnitKind, what string) error {
	var u model.Unit
	if err := refUnit(tx, id, &u); err != nil {
		return err
	}
	if u.ID == 0 || u.Kind != kind {
		return invalidf("%s不存在：请先在 设置→街道社区 中添加", what)
	}
	return nil
}

// loadCase reads a case inside tx.
func loadCase(tx *gorm.DB, id int64) (model.Case, error) {
	var c model.Case
	err := first(tx, &c, id, "信访事项")
	return c, err
}

// maskCase is maskCases for one case.
func maskCase(a model.Actor, c model.Case) model.Case {
	if !model.Can(a.Role, model.ActPIIReveal) {
		c.SearchText = ""
	}
	return c
}

// conflict builds the ConflictError for a case someone else changed, naming who and when
// from the audit trail.
func (s *Store) conflict(tx *gorm.DB, a model.Actor, id int64) error {
	cur, err := loadCase(tx, id)
	if err != nil {
		return err
	}
	ce := &ConflictError{Current: maskCase(a, cur)}
	var last []model.AuditEntry
	if err := tx.Where("case_id = ?", id).Order("id DESC").Limit(1).Find(&last).Error; err == nil && len(last) > 0 {
		ce.By, ce.At = last[0].Actor, last[0].At
	}
	return ce
}

// saveCase writes next over old if nobody changed old meanwhile, bumps the version and
// audits the difference under action.
func (s *Store) saveCase(tx *gorm.DB, a model.Actor, action string, old model.Case, next *model.Case) error {
	next.ID, next.Version, next.CreatedAt = old.ID, old.Version+1, old.CreatedAt
	next.No, next.Year, next.Seq = old.No, old.Year, old.Seq
	next.UpdatedAt = s.now().UTC()
	next.RowHash = caseHash(*next)
	res := tx.Model(&model.Case{}).Where("id = ? AND version = ?", old.ID, old.Version).
		Select("*").Omit("id", "case_no", "year", "seq", "created_at").Updates(next)
	if res.Error != nil {
		return fmt.Errorf("store: save case %s: %w", old.No, res.Error)
	}
	if res.RowsAffected == 0 {
		return s.conflict(tx, a, old.ID)
	}
	return s.audit(tx, a, action, "cases", old.ID, &old.ID, diff(old, *next))
}

// GetCase reads a case with everything recorded on it.
func (s *Store) GetCase(ctx context.Context, a model.Actor, id int64) (CaseDetail, error) {
	var d CaseDetail
	db := s.db.WithContext(ctx)
	if err := s.canRead(db, a, id); err != nil {
		return d, err
	}
	c, err := loadCase(db, id)
	if err != nil {
		return d, err
	}
	d.Case = maskCase(a, c)
	if d.Petitioners, err = casePetitioners(db, id); err != nil {
		return d, err
	}
	for i := range d.Petitioners {
		d.Petitioners[i] = maskPetitioner(a, d.Petitioners[i])
	}
	var as []model.Assignment
	if err := db.Where("case_id = ?", id).Order("assigned_on, id").Find(&as).Error; err != nil {
		return d, fmt.Errorf("store: assignments of case %d: %w", id, err)
	}
	for _, asg := range as {
		ad, err := assignmentDetail(db, asg)
		if err != nil {
			return d, err
		}
		d.Assignments = append(d.Assignments, ad)
	}
	lists := []struct {
		dst   any
		order string
	}{
		{&d.Visits, "visited_on, id"},
		{&d.Extensions, "approved_on, id"},
		{&d.Supervisions, "issued_on, id"},
		{&d.Stages, "requested_on, id"},
	}
	for _, l := range lists {
		if err := db.Where("case_id = ?", id).Order(l.order).Find(l.dst).Error; err != nil {
			return d, fmt.Errorf("store: read case %d: %w", id, err)
		}
	}
	if d.Attachments, err = listAttachments(db, id); err != nil {
		return d, err
	}
	return d, nil
}

func assignmentDetail(db *gorm.DB, asg model.Assignment) (AssignmentDetail, error) {
	ad := AssignmentDetail{Assignment: asg}
	if err := db.First(&ad.Leader, asg.LeaderID).Error; err != nil {
		return ad, fmt.Errorf("store: leader of assignment %d: %w", asg.ID, err)
	}
	if err := db.Where("assignment_id = ?", asg.ID).Find(&ad.Duties).Error; err != nil {
		return ad, fmt.Errorf("store: duties of assignment %d: %w", asg.ID, err)
	}
	sortDuties(ad.Duties)
	if err := db.Where("assignment_id = ?", asg.ID).Order("logged_on, id").Find(&ad.Logs).Error; err != nil {
		return ad, fmt.Errorf("store: log of assignment %d: %w", asg.ID, err)
	}
	return ad, nil
}

// sortDuties puts the four duties in their customary order.
func sortDuties(ds []model.Duty) {
	rank := map[model.DutyKind]int{}
	for i, k := range model.DutyKinds {
		rank[k] = i
	}
	for i := 1; i < len(ds); i++ {
		for j := i; j > 0 && rank[ds[j].Kind] < rank[ds[j-1].Kind]; j-- {
			ds[j], ds[j-1] = ds[j-1], ds[j]
		}
	}
}

// UpdateCase saves the registration fields a clerk may correct: channel, received date,
// head count, category, summary, demands, street, community, unit, internal target, the
// four flags and the note. c.Version must be the version that was loaded; if someone
// saved in between, the error is a *ConflictError holding the current case. Changing the
// received date or target while the case waits for its decision recomputes its clocks;
// after the decision the received date can no longer change.
func (s *Store) UpdateCase(ctx context.Context, a model.Actor, c model.Case) (model.Case, error) {
	var out model.Case
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.allow(tx, a, model.ActCaseEdit, c.ID); err != nil {
			return err
		}
		cur, err := loadCase(tx, c.ID)
		if err != nil {
			return err
		}
		if cur.Version != c.Version {
			return s.conflict(tx, a, c.ID)
		}
		next := cur
		next.Channel, next.ReceivedOn, next.HeadCount = c.Channel, c.ReceivedOn, c.HeadCount
		next.CategoryID, next.Summary, next.Demands = c.CategoryID, c.Summary, c.Demands
		next.StreetID, next.CommunityID, next.UnitID = c.StreetID, c.CommunityID, c.UnitID
		next.Target, next.Note = c.Target, c.Note
		next.Repeat, next.SkipLevel, next.Backlog, next.Supervised = c.Repeat, c.SkipLevel, c.Backlog, c.Supervised
		clocks := !next.ReceivedOn.Equal(cur.ReceivedOn) || next.Target != cur.Target
		switch {
		case clocks && cur.Status == model.StatusRegistered:
			cal, err := s.calendar(tx)
			if err != nil {
				return err
			}
			if err := next.Register(cal); err != nil {
				return invalid(err)
			}
		case !next.ReceivedOn.Equal(cur.ReceivedOn):
			return invalidf("登记日期：事项已作出受理决定（%s），不能再修改登记日期：如确需更正，请先办理异议退回", cur.Decision.Label())
		default:
			if clocks {
				next.TargetDue = next.Target.Due(next.ReceivedOn)
			}
			if err := next.Validate(); err != nil {
				return invalid(err)
			}
		}
		ps, err := casePetitioners(tx, c.ID)
		if err != nil {
			return err
		}
		if err := model.ValidateGroup(next.HeadCount, ps); err != nil {
			return invalid(err)
		}
		if err := checkCaseRefs(tx, next, &cur); err != nil {
			return err
		}
		next.SearchText = model.SearchText(next, ps)
		next.PetitionerNames = model.PetitionerNames(ps)
		if err := s.saveCase(tx, a, "case.update", cur, &next); err != nil {
			return err
		}
		out = next
		return nil
	})
	if err != nil {
		return model.Case{}, fmt.Errorf("store: update case %d: %w", c.ID, err)
	}
	return maskCase(a, out), nil
}

// SetCasePetitioners replaces a case's petitioners (lead first), creating or reusing
// petitioner records as CreateCase does. version is the case version that was loaded.
func (s *Store) SetCasePetitioners(ctx context.Context, a model.Actor, caseID int64, version int, ps []model.Petitioner) (model.Case, error) {
	for i := range ps {
		ps[i] = cleanPetitioner(ps[i])
	}
	return s.step(ctx, a, model.ActCaseEdit, "case.petitioners", caseID, version, func(tx *gorm.DB, c *model.Case, _ *model.Calendar) error {
		for i, p := range ps {
			if err := p.Validate(); err != nil {
				return invalid(fmt.Errorf("第%d名信访人：%w", i+1, err))
			}
		}
		if err := model.ValidateGroup(c.HeadCount, ps); err != nil {
			return invalid(err)
		}
		if err := s.resolvePetitioners(tx, a, ps); err != nil {
			return err
		}
		if err := tx.Exec(`DELETE FROM case_petitioners WHERE case_id = ?`, caseID).Error; err != nil {
			return err
		}
		links := make([]model.CasePetitioner, len(ps))
		for i, p := range ps {
			links[i] = model.CasePetitioner{CaseID: caseID, PetitionerID: p.ID, Seq: i}
		}
		if err := tx.Create(&links).Error; err != nil {
			return fmt.Errorf("store: link petitioners: %w", err)
		}
		c.PetitionerNames = model.PetitionerNames(ps)
		c.SearchText = model.SearchText(*c, ps)
		return nil
	})
}

// step runs one lifecycle step on a case: load it in the transaction, check the version
// the user saw, apply fn (a model rule plus any rows of its own), save with the version
// check and audit the difference under action.
func (s *Store) step(ctx context.Context, a model.Actor, act model.Action, action string, id int64, version int,
	fn func(tx *gorm.DB, c *model.Case, cal *model.Calendar) error) (model.Case, error) {
	var out model.Case
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.allow(tx, a, act, id); err != nil {
			return err
		}
		cur, err := loadCase(tx, id)
		if err != nil {
			return err
		}
		if cur.Version != version {
			return s.conflict(tx, a, id)
		}
		cal, err := s.calendar(tx)
		if err != nil {
			return err
		}
		next := cur
		if err := fn(tx, &next, cal); err != nil {
			return err
		}
		if err := s.saveCase(tx, a, action, cur, &next); err != nil {
			return err
		}
		out = next
		return nil
	})
	if err != nil {
		return model.Case{}, fmt.Errorf("store: %s %d: %w", action, id, err)
	}
	return maskCase(a, out), nil
}

// Decide records the acceptance decision (受理/不予受理/转送/交办).
func (s *Store) Decide(ctx context.Context, a model.Actor, id int64, version int, d model.Decision, on model.Date, reason string) (model.Case, error) {
	return s.step(ctx, a, model.ActCaseDecide, "case.decide", id, version, func(_ *gorm.DB, c *model.Case, cal *model.Calendar) error {
		return wrapRule(c.Decide(cal, d, on, reason))
	})
}

// Object records a unit's objection (异议) to a 转送/交办; the case waits for a new decision.
func (s *Store) Object(ctx context.Context, a model.Actor, id int64, version int, on model.Date) (model.Case, error) {
	return s.step(ctx, a, model.ActCaseDecide, "case.object", id, version, func(_ *gorm.DB, c *model.Case, _ *model.Calendar) error {
		return wrapRule(c.Object(on))
	})
}

// Extend records an approved 延期 and keeps the approval as an Extension row.
func (s *Store) Extend(ctx context.Context, a model.Actor, id int64, version int, e model.Extension) (model.Case, error) {
	return s.step(ctx, a, model.ActCaseExtend, "case.extend", id, version, func(tx *gorm.DB, c *model.Case, _ *model.Calendar) error {
		if err := c.Extend(e); err != nil {
			return wrapRule(err)
		}
		e.ID, e.CaseID = 0, id
		if err := tx.Create(&e).Error; err != nil {
			return fmt.Errorf("store: save extension: %w", err)
		}
		return s.audit(tx, a, "extension.create", "extensions", e.ID, &id, created(e))
	})
}

// Reply closes the case with its 信访处理意见书 (答复/办结).
func (s *Store) Reply(ctx context.Context, a model.Actor, id int64, version int, kind model.ReplyKind, on model.Date, text string) (model.Case, error) {
	return s.step(ctx, a, model.ActCaseClose, "case.reply", id, version, func(_ *gorm.DB, c *model.Case, _ *model.Calendar) error {
		return wrapRule(c.Reply(kind, on, text))
	})
}

// Rate records the petitioner's satisfaction with a closed case.
func (s *Store) Rate(ctx context.Context, a model.Actor, id int64, version int, r model.Rating, on model.Date) (model.Case, error) {
	return s.step(ctx, a, model.ActCaseClose, "case.rate", id, version, func(_ *gorm.DB, c *model.Case, _ *model.Calendar) error {
		return wrapRule(c.Rate(r, on))
	})
}

// StopPetitioning records 息诉罢访.
func (s *Store) StopPetitioning(ctx context.Context, a model.Actor, id int64, version int, on model.Date) (model.Case, error) {
	return s.step(ctx, a, model.ActCaseClose, "case.stop", id, version, func(_ *gorm.DB, c *model.Case, _ *model.Calendar) error {
		return wrapRule(c.StopPetitioning(on))
	})
}

// RequestStage records a request for 复查 or 复核 and creates the stage with its due date.
func (s *Store) RequestStage(ctx context.Context, a model.Actor, id int64, version int, kind model.StageKind, on model.Date, organ string) (model.Case, error) {
	return s.step(ctx, a, model.ActCaseClose, "case.request_stage", id, version, func(tx *gorm.DB, c *model.Case, cal *model.Calendar) error {
		st, err := c.RequestStage(cal, kind, on, strings.TrimSpace(organ))
		if err != nil {
			return wrapRule(err)
		}
		st.ID, st.CaseID = 0, id
		if err := tx.Create(&st).Error; err != nil {
			return fmt.Errorf("store: save stage: %w", err)
		}
		return s.audit(tx, a, "stage.create", "stages", st.ID, &id, created(st))
	})
}

// ReplyStage records the 复查 or 复核 opinion on the case's stage of that kind.
func (s *Store) ReplyStage(ctx context.Context, a model.Actor, id int64, version int, kind model.StageKind, opinion model.ReplyKind, on model.Date, text string) (model.Case, error) {
	return s.step(ctx, a, model.ActCaseClose, "case.reply_stage", id, version, func(tx *gorm.DB, c *model.Case, _ *model.Calendar) error {
		var sts []model.Stage
		if err := tx.Where("case_id = ? AND kind = ?", id, kind).Limit(1).Find(&sts).Error; err != nil {
			return err
		}
		if len(sts) == 0 {
			return invalidf("该事项没有%s申请：请先登记%s申请", kind.Label(), kind.Label())
		}
		old := sts[0]
		st := old
		if err := c.ReplyStage(&st, opinion, on, text); err != nil {
			return wrapRule(err)
		}
		if err := tx.Select("*").Omit("created_at").Updates(&st).Error; err != nil {
			return fmt.Errorf("store: save stage reply: %w", err)
		}
		return s.audit(tx, a, "stage.reply", "stages", st.ID, &id, diff(old, st))
	})
}

// SetHearingDays records the days spent on a 复核 hearing (听证), which do not count
// toward its deadline, and moves the stage's due date accordingly.
func (s *Store) SetHearingDays(ctx context.Context, a model.Actor, id int64, version int, days int) (model.Case, error) {
	return s.step(ctx, a, model.ActCaseClose, "case.hearing", id, version, func(tx *gorm.DB, c *model.Case, cal *model.Calendar) error {
		if days < 0 || days > 365 {
			return invalidf("听证天数 %d 无效：请填写 0–365 之间的天数", days)
		}
		var sts []model.Stage
		if err := tx.Where("case_id = ? AND kind = ?", id, model.StageRecheck).Limit(1).Find(&sts).Error; err != nil {
			return err
		}
		if len(sts) == 0 {
			return invalidf("该事项没有复核申请：听证时间只用于复核")
		}
		old := sts[0]
		st := old
		st.HearingDays = days
		st.DueOn = cal.StageDue(st.Kind, st.RequestedOn, days)
		if err := tx.Select("*").Omit("created_at").Updates(&st).Error; err != nil {
			return fmt.Errorf("store: save hearing days: %w", err)
		}
		return s.audit(tx, a, "stage.hearing", "stages", st.ID, &id, diff(old, st))
	})
}

// DeleteExtension removes an extension entered by mistake while the case is still being
// handled: the reply deadline goes back to the statutory one.
func (s *Store) DeleteExtension(ctx context.Context, a model.Actor, id int64, version int, extensionID int64) (model.Case, error) {
	return s.step(ctx, a, model.ActCaseExtend, "case.unextend", id, version, func(tx *gorm.DB, c *model.Case, _ *model.Calendar) error {
		var e model.Extension
		if err := first(tx, &e, extensionID, "延期记录"); err != nil {
			return err
		}
		if e.CaseID != id {
			return notFound("该事项的延期记录", extensionID)
		}
		if c.Status != model.StatusHandling {
			return invalidf("事项已%s，不能再删除延期记录：延期是办结时判断是否按期的依据", c.Status.Label())
		}
		if err := tx.Delete(&model.Extension{}, extensionID).Error; err != nil {
			return fmt.Errorf("store: delete extension %d: %w", extensionID, err)
		}
		c.ExtendedDue, c.DueOn = model.Date{}, c.ReplyDue
		return s.audit(tx, a, "extension.delete", "extensions", extensionID, &id, deleted(e))
	})
}

// DeleteStage withdraws a 复查 or 复核 request entered by mistake, before its opinion:
// the case goes back to 已办结 or 已复查.
func (s *Store) DeleteStage(ctx context.Context, a model.Actor, id int64, version int, kind model.StageKind) (model.Case, error) {
	return s.step(ctx, a, model.ActCaseClose, "case.withdraw_stage", id, version, func(tx *gorm.DB, c *model.Case, _ *model.Calendar) error {
		var sts []model.Stage
		if err := tx.Where("case_id = ? AND kind = ?", id, kind).Limit(1).Find(&sts).Error; err != nil {
			return err
		}
		if len(sts) == 0 {
			return invalidf("该事项没有%s申请：无需删除", kind.Label())
		}
		st := sts[0]
		back := map[model.StageKind]struct{ now, prev model.Status }{
			model.StageReview:  {model.StatusReview, model.StatusClosed},
			model.StageRecheck: {model.StatusRecheck, model.StatusReviewed},
		}[kind]
		if !st.RepliedOn.IsZero() {
			return invalidf("%s已于 %s 答复，不能删除", kind.Label(), st.RepliedOn)
		}
		if c.Status != back.now {
			return invalidf("当前状态为「%s」，不能删除%s申请", c.Status.Label(), kind.Label())
		}
		if err := tx.Delete(&model.Stage{}, st.ID).Error; err != nil {
			return fmt.Errorf("store: delete stage %d: %w", st.ID, err)
		}
		c.Status = back.prev
		return s.audit(tx, a, "stage.delete", "stages", st.ID, &id, deleted(st))
	})
}

// wrapRule marks a model rule's refusal as invalid input, keeping its type for errors.As.
func wrapRule(err error) error {
	if err == nil {
		return nil
	}
	var ve model.ValidationError
	var se *model.StepError
	if errors.As(err, &ve) || errors.As(err, &se) {
		return invalid(err)
	}
	return err
}
