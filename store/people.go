package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"

	"baoan/model"
)

// ---- petitioners (信访人) ----

// Petitioner returns one petitioner. ID numbers and phones are masked for an account
// that may not see them in full.
func (s *Store) Petitioner(ctx context.Context, a model.Actor, id int64) (model.Petitioner, error) {
	var p model.Petitioner
	db := s.db.WithContext(ctx)
	if _, err := s.readScope(db, a); err != nil {
		return p, err
	}
	if err := first(db, &p, id, "信访人"); err != nil {
		return p, err
	}
	return maskPetitioner(a, p), nil
}

// RevealPetitioner returns a petitioner with the ID number and phone in full (查看完整证件
// 号码、电话) and records that in the audit log, so that the office can always tell who
// looked at whose personal data. Clerks and administrators may reveal anyone; a 包案领导
// only the petitioners of cases they carry, whom they must be able to call and visit;
// viewers nobody.
func (s *Store) RevealPetitioner(ctx context.Context, a model.Actor, petitionerID int64) (model.Petitioner, error) {
	var p model.Petitioner
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if !model.Can(a.Role, model.ActPIIReveal) {
			if a.Role != model.RoleLeader || a.LeaderID == 0 {
				return forbidden(a, model.ActPIIReveal)
			}
			var n int64
			if err := tx.Raw(`SELECT COUNT(*) FROM case_petitioners cp JOIN assignments asg ON asg.case_id = cp.case_id
				WHERE cp.petitioner_id = ? AND asg.leader_id = ?`, petitionerID, a.LeaderID).Scan(&n).Error; err != nil {
				return fmt.Errorf("store: check petitioner scope: %w", err)
			}
			if n == 0 {
				return fmt.Errorf("%w：当前账号（包案领导）只能查看自己包案事项中信访人的完整证件号码和电话", ErrForbidden)
			}
		}
		if err := first(tx, &p, petitionerID, "信访人"); err != nil {
			return err
		}
		return s.audit(tx, a, "pii.reveal", "petitioners", p.ID, nil, []Change{{Field: "reveal", New: p.Name}})
	})
	return p, err
}

// PetitionerCases lists the cases a petitioner appears in, newest first, within what a
// may read.
func (s *Store) PetitionerCases(ctx context.Context, a model.Actor, petitionerID int64) ([]model.Case, error) {
	db := s.db.WithContext(ctx)
	all, err := s.readScope(db, a)
	if err != nil {
		return nil, err
	}
	q := db.Where("id IN (SELECT case_id FROM case_petitioners WHERE petitioner_id = ?)", petitionerID)
	if !all {
		q = q.Where("id IN (SELECT case_id FROM assignments WHERE leader_id = ?)", a.LeaderID)
	}
	var out []model.Case
	if err := q.Order("received_on DESC, id DESC").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: cases of petitioner %d: %w", petitionerID, err)
	}
	return maskCases(a, out), nil
}

// CreatePetitioner adds a petitioner on their own (registration adds them with the case).
// A resident ID number already on file is refused: pick that petitioner instead.
func (s *Store) CreatePetitioner(ctx context.Context, a model.Actor, p model.Petitioner) (model.Petitioner, error) {
	p = cleanPetitioner(p)
	p.ID = 0
	if err := p.Validate(); err != nil {
		return p, invalid(err)
	}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.allow(tx, a, model.ActCaseEdit, 0); err != nil {
			return err
		}
		if err := checkPetitionerRefs(tx, p); err != nil {
			return err
		}
		if dup, err := petitionerByID(tx, p.IDNumber, 0); err != nil {
			return err
		} else if dup != nil {
			return invalidf("证件号码 %s 已登记为信访人「%s」：请直接选用该信访人", p.IDNumber, dup.Name)
		}
		if err := tx.Create(&p).Error; err != nil {
			return fmt.Errorf("store: create petitioner: %w", err)
		}
		return s.audit(tx, a, "petitioner.create", "petitioners", p.ID, nil, created(p))
	})
	return p, err
}

// UpdatePetitioner changes a petitioner and refreshes the names and search text of every
// case they appear in.
func (s *Store) UpdatePetitioner(ctx context.Context, a model.Actor, p model.Petitioner) (model.Petitioner, error) {
	p = cleanPetitioner(p)
	if err := p.Validate(); err != nil {
		return p, invalid(err)
	}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.allow(tx, a, model.ActCaseEdit, 0); err != nil {
			return err
		}
		var old model.Petitioner
		if err := first(tx, &old, p.ID, "信访人"); err != nil {
			return err
		}
		if err := checkPetitionerRefs(tx, p); err != nil {
			return err
		}
		if dup, err := petitionerByID(tx, p.IDNumber, p.ID); err != nil {
			return err
		} else if dup != nil {
			return invalidf("证件号码 %s 已登记为另一信访人「%s」：请核对号码", p.IDNumber, dup.Name)
		}
		p.CreatedAt = old.CreatedAt
		if err := tx.Select("*").Omit("created_at").Updates(&p).Error; err != nil {
			return fmt.Errorf("store: update petitioner %d: %w", p.ID, err)
		}
		if err := refreshPetitionerCases(tx, p.ID); err != nil {
			return err
		}
		return s.audit(tx, a, "petitioner.update", "petitioners", p.ID, nil, diff(old, p))
	})
	return p, err
}

// cleanPetitioner trims what was typed and normalises the ID number and phone, so that
// repeat matching compares like with like.
func cleanPetitioner(p model.Petitioner) model.Petitioner {
	p.Name = strings.TrimSpace(p.Name)
	p.Phone = model.NormalizePhone(strings.TrimSpace(p.Phone))
	p.Address = strings.TrimSpace(p.Address)
	if p.IDKind == "" {
		p.IDKind = model.IDResident
	}
	p.IDNumber = model.NormalizeIDNumber(p.IDNumber)
	return p
}

// checkPetitionerRefs checks the petitioner's street and community exist.
func checkPetitionerRefs(tx *gorm.DB, p model.Petitioner) error {
	if p.StreetID != nil {
		if err := checkUnitRef(tx, *p.StreetID, model.UnitStreet, "信访人所属街道"); err != nil {
			return err
		}
	}
	if p.CommunityID != nil {
		if err := checkUnitRef(tx, *p.CommunityID, model.UnitCommunity, "信访人所属社区"); err != nil {
			return err
		}
	}
	return nil
}

// petitionerByID finds the petitioner holding an ID number, other than except.
func petitionerByID(tx *gorm.DB, idNumber string, except int64) (*model.Petitioner, error) {
	if idNumber == "" {
		return nil, nil
	}
	var ps []model.Petitioner
	if err := tx.Where("id_number = ? AND id_number <> '' AND id <> ?", idNumber, except).Limit(1).Find(&ps).Error; err != nil {
		return nil, fmt.Errorf("store: find petitioner by ID number: %w", err)
	}
	if len(ps) == 0 {
		return nil, nil
	}
	return &ps[0], nil
}

// casePetitioners loads a case's petitioners, lead first.
func casePetitioners(tx *gorm.DB, caseID int64) ([]model.Petitioner, error) {
	var ps []model.Petitioner
	err := tx.Joins("JOIN case_petitioners cp ON cp.petitioner_id = petitioners.id").
		Where("cp.case_id = ?", caseID).Order("cp.seq, petitioners.id").Find(&ps).Error
	if err != nil {
		return nil, fmt.Errorf("store: petitioners of case %d: %w", caseID, err)
	}
	return ps, nil
}

// refreshPetitionerCases refreshes the derived text of every case the petitioner is on.
func refreshPetitionerCases(tx *gorm.DB, petitionerID int64) error {
	var caseIDs []int64
	if err := tx.Raw(`SELECT case_id FROM case_petitioners WHERE petitioner_id = ?`, petitionerID).Scan(&caseIDs).Error; err != nil {
		return fmt.Errorf("store: cases of petitioner %d: %w", petitionerID, err)
	}
	for _, id := range caseIDs {
		if err := refreshCaseText(tx, id); err != nil {
			return err
		}
	}
	return nil
}

// refreshCaseText recomputes a case's petitioner names and search text from its
// petitioners. It does not bump the version: both are derived, not edited.
func refreshCaseText(tx *gorm.DB, caseID int64) error {
	var c model.Case
	if err := first(tx, &c, caseID, "信访事项"); err != nil {
		return err
	}
	ps, err := casePetitioners(tx, caseID)
	if err != nil {
		return err
	}
	return tx.Exec(`UPDATE cases SET petitioner_names = ?, search_text = ? WHERE id = ?`,
		model.PetitionerNames(ps), model.SearchText(c, ps), caseID).Error
}

// maskPetitioner hides most of the ID number and phone from an account without pii.reveal.
func maskPetitioner(a model.Actor, p model.Petitioner) model.Petitioner {
	if model.Can(a.Role, model.ActPIIReveal) {
		return p
	}
	p.IDNumber = model.MaskIDNumber(p.IDNumber)
	p.Phone = model.MaskPhone(p.Phone)
	return p
}

// maskCases drops the search text, which holds ID numbers and phones, for an account
// without pii.reveal.
func maskCases(a model.Actor, cs []model.Case) []model.Case {
	if model.Can(a.Role, model.ActPIIReveal) {
		return cs
	}
	for i := range cs {
		cs[i].SearchText = ""
	}
	return cs
}

// ---- leaders (包案领导) ----

// Leaders lists the leaders by name; activeOnly leaves out those no longer in office.
func (s *Store) Leaders(ctx context.Context, activeOnly bool) ([]model.Leader, error) {
	q := s.db.WithContext(ctx).Order("name, id")
	if activeOnly {
		q = q.Where("active")
	}
	var out []model.Leader
	if err := q.Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: list leaders: %w", err)
	}
	return out, nil
}

// Leader returns one leader.
func (s *Store) Leader(ctx context.Context, id int64) (model.Leader, error) {
	var l model.Leader
	return l, first(s.db.WithContext(ctx), &l, id, "包案领导")
}

// CreateLeader adds an active leader.
func (s *Store) CreateLeader(ctx context.Context, a model.Actor, l model.Leader) (model.Leader, error) {
	l.ID, l.Active = 0, true
	l = cleanLeader(l)
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.allow(tx, a, model.ActDictEdit, 0); err != nil {
			return err
		}
		if err := checkLeader(tx, l); err != nil {
			return err
		}
		if err := tx.Create(&l).Error; err != nil {
			return fmt.Errorf("store: create leader %s: %w", l.Name, err)
		}
		return s.audit(tx, a, "leader.create", "leaders", l.ID, nil, created(l))
	})
	return l, err
}

// UpdateLeader changes a leader; set Active false when they leave office.
func (s *Store) UpdateLeader(ctx context.Context, a model.Actor, l model.Leader) (model.Leader, error) {
	l = cleanLeader(l)
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.allow(tx, a, model.ActDictEdit, 0); err != nil {
			return err
		}
		var old model.Leader
		if err := first(tx, &old, l.ID, "包案领导"); err != nil {
			return err
		}
		if err := checkLeader(tx, l); err != nil {
			return err
		}
		if err := tx.Select("*").Updates(&l).Error; err != nil {
			return fmt.Errorf("store: update leader %d: %w", l.ID, err)
		}
		return s.audit(tx, a, "leader.update", "leaders", l.ID, nil, diff(old, l))
	})
	return l, err
}

func cleanLeader(l model.Leader) model.Leader {
	l.Name = strings.TrimSpace(l.Name)
	l.Title = strings.TrimSpace(l.Title)
	l.Phone = strings.TrimSpace(l.Phone)
	if l.Level == "" {
		l.Level = model.LevelSection
	}
	return l
}

func checkLeader(tx *gorm.DB, l model.Leader) error {
	if l.Name == "" {
		return invalidf("领导姓名为空：请填写姓名")
	}
	if n := utf8.RuneCountInString(l.Name); n > maxNameRunes {
		return invalidf("领导姓名过长（%d 字）：最多 %d 字", n, maxNameRunes)
	}
	if n := utf8.RuneCountInString(l.Title); n > 100 {
		return invalidf("职务过长（%d 字）：最多 100 字", n)
	}
	if !l.Level.Valid() {
		return invalidf("领导级别「%s」无效：应为 区级、处级 或 科级", l.Level)
	}
	if l.UnitID != nil {
		var u model.Unit
		if err := first(tx, &u, *l.UnitID, "领导所在单位"); err != nil {
			return err
		}
	}
	return nil
}

// DeleteLeader removes a leader who carries no case and has no account, visit or
// reception day; otherwise deactivate them so the history keeps their name.
func (s *Store) DeleteLeader(ctx context.Context, a model.Actor, id int64) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.allow(tx, a, model.ActDictEdit, 0); err != nil {
			return err
		}
		var old model.Leader
		if err := first(tx, &old, id, "包案领导"); err != nil {
			return err
		}
		for _, u := range []struct{ what, q string }{
			{"个包案", `SELECT COUNT(*) FROM assignments WHERE leader_id = ?`},
			{"条走访记录", `SELECT COUNT(*) FROM visits WHERE leader_id = ?`},
			{"个接访日", `SELECT COUNT(*) FROM reception_days WHERE leader_id = ?`},
			{"个账号", `SELECT COUNT(*) FROM users WHERE leader_id = ?`},
		} {
			var n int64
			if err := tx.Raw(u.q, id).Scan(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				return invalidf("领导「%s」已有 %d %s，不能删除：请改为停用", old.Name, n, u.what)
			}
		}
		if err := tx.Exec(`DELETE FROM leader_areas WHERE leader_id = ?`, id).Error; err != nil {
			return err
		}
		if err := tx.Delete(&model.Leader{}, id).Error; err != nil {
			return fmt.Errorf("store: delete leader %d: %w", id, err)
		}
		return s.audit(tx, a, "leader.delete", "leaders", id, nil, deleted(old))
	})
}

// LeaderAreas lists the street ids a leader carries as an area (包片).
func (s *Store) LeaderAreas(ctx context.Context, leaderID int64) ([]int64, error) {
	var ids []int64
	err := s.db.WithContext(ctx).Raw(`SELECT street_id FROM leader_areas WHERE leader_id = ? ORDER BY street_id`, leaderID).Scan(&ids).Error
	if err != nil {
		return nil, fmt.Errorf("store: areas of leader %d: %w", leaderID, err)
	}
	return ids, nil
}

// SetLeaderAreas replaces the streets a leader carries as an area.
func (s *Store) SetLeaderAreas(ctx context.Context, a model.Actor, leaderID int64, streetIDs []int64) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.allow(tx, a, model.ActDictEdit, 0); err != nil {
			return err
		}
		var l model.Leader
		if err := first(tx, &l, leaderID, "包案领导"); err != nil {
			return err
		}
		var old []int64
		if err := tx.Raw(`SELECT street_id FROM leader_areas WHERE leader_id = ? ORDER BY street_id`, leaderID).Scan(&old).Error; err != nil {
			return err
		}
		seen := map[int64]bool{}
		var rows []model.LeaderArea
		for _, id := range streetIDs {
			if seen[id] {
				continue
			}
			seen[id] = true
			if err := checkUnitRef(tx, id, model.UnitStreet, "包片街道"); err != nil {
				return err
			}
			rows = append(rows, model.LeaderArea{LeaderID: leaderID, StreetID: id})
		}
		if err := tx.Exec(`DELETE FROM leader_areas WHERE leader_id = ?`, leaderID).Error; err != nil {
			return err
		}
		if len(rows) > 0 {
			if err := tx.Create(&rows).Error; err != nil {
				return fmt.Errorf("store: set areas of leader %d: %w", leaderID, err)
			}
		}
		var now []int64
		for _, r := range rows {
			now = append(now, r.StreetID)
		}
		return s.audit(tx, a, "leader.areas", "leader_areas", leaderID, nil, []Change{{Field: "street_ids", Old: old, New: now}})
	})
}

// ---- users (账号) ----

// Login errors. Both are wrapped with a message that says what to do.
var (
	ErrBadLogin = errors.New("用户名或密码错误")
	ErrLocked   = errors.New("账号已锁定")
)

const (
	passwordCost  = 12 // bcrypt cost: about a quarter second per check on an office PC
	minPassword   = 8
	maxFailed     = 5
	lockoutPeriod = 15 * time.Minute
)

// hashCost is passwordCost; tests lower it so they do not spend seconds hashing.
var hashCost = passwordCost

// ActorOf is the actor for a signed-in user.
func ActorOf(u model.User) model.Actor {
	a := model.Actor{UserID: u.ID, Login: u.Login, Role: u.Role}
	if u.LeaderID != nil {
		a.LeaderID = *u.LeaderID
	}
	return a
}

// ListUsers lists the accounts by login.
func (s *Store) ListUsers(ctx context.Context, a model.Actor) ([]model.User, error) {
	if !model.Can(a.Role, model.ActUserManage) {
		return nil, forbidden(a, model.ActUserManage)
	}
	var out []model.User
	if err := s.db.WithContext(ctx).Order("login").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: list users: %w", err)
	}
	return out, nil
}

// UserCount is the number of accounts; the program asks for a first administrator when
// it is 0.
func (s *Store) UserCount(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&model.User{}).Count(&n).Error
	return n, err
}

// CreateUser adds an active account with the given password (at least 8 characters).
func (s *Store) CreateUser(ctx context.Context, a model.Actor, u model.User, password string) (model.User, error) {
	return s.createUser(ctx, u, password,
		func(tx *gorm.DB) error { return s.allow(tx, a, model.ActUserManage, 0) },
		func(model.User) model.Actor { return a })
}

// CreateFirstAdmin creates the first administrator of a new database (首次运行). It is
// refused once any account exists, so it cannot be used to get round the permission
// check of CreateUser. The audit entry names the new account as its own creator.
func (s *Store) CreateFirstAdmin(ctx context.Context, u model.User, password string) (model.User, error) {
	u.Role, u.LeaderID = model.RoleAdmin, nil
	return s.createUser(ctx, u, password,
		func(tx *gorm.DB) error {
			var n int64
			if err := tx.Model(&model.User{}).Count(&n).Error; err != nil {
				return fmt.Errorf("store: count users: %w", err)
			}
			if n > 0 {
				return fmt.Errorf("%w：系统已有账号，不能再用首次运行创建管理员；请用管理员账号登录后在「设置 → 用户」中添加", ErrForbidden)
			}
			return nil
		},
		func(u model.User) model.Actor {
			return model.Actor{UserID: u.ID, Login: u.Login, Role: model.RoleAdmin}
		})
}

// createUser checks and hashes the password, then in one transaction runs allow, checks
// and inserts the account and audits it as by(the new account).
func (s *Store) createUser(ctx context.Context, u model.User, password string, allow func(tx *gorm.DB) error, by func(model.User) model.Actor) (model.User, error) {
	u.ID, u.Active, u.FailedLogins, u.LockedUntil = 0, true, 0, nil
	u.Login, u.Name = strings.TrimSpace(u.Login), strings.TrimSpace(u.Name)
	hash, err := hashPassword(password)
	if err != nil {
		return u, err
	}
	u.Hash = hash
	err = s.tx(ctx, func(tx *gorm.DB) error {
		if err := allow(tx); err != nil {
			return err
		}
		if err := checkUser(tx, u); err != nil {
			return err
		}
		if err := tx.Create(&u).Error; err != nil {
			return fmt.Errorf("store: create user %s: %w", u.Login, err)
		}
		return s.audit(tx, by(u), "user.create", "users", u.ID, nil, created(u))
	})
	return u, err
}

// UpdateUser changes an account's name, role, leader and active flag. The last active
// administrator cannot lose the role or be deactivated.
func (s *Store) UpdateUser(ctx context.Context, a model.Actor, u model.User) (model.User, error) {
	u.Name = strings.TrimSpace(u.Name)
	var out model.User
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.allow(tx, a, model.ActUserManage, 0); err != nil {
			return err
		}
		var old model.User
		if err := first(tx, &old, u.ID, "账号"); err != nil {
			return err
		}
		out = old
		out.Name, out.Role, out.LeaderID, out.Active = u.Name, u.Role, u.LeaderID, u.Active
		if err := checkUser(tx, out); err != nil {
			return err
		}
		if old.Role == model.RoleAdmin && old.Active && (out.Role != model.RoleAdmin || !out.Active) {
			var n int64
			if err := tx.Model(&model.User{}).Where("role = ? AND active AND id <> ?", model.RoleAdmin, u.ID).Count(&n).Error; err != nil {
				return err
			}
			if n == 0 {
				return invalidf("「%s」是唯一启用的管理员账号：请先设置另一个管理员，再修改此账号", old.Login)
			}
		}
		if err := tx.Model(&old).Select("name", "role", "leader_id", "active", "updated_at").Updates(&out).Error; err != nil {
			return fmt.Errorf("store: update user %d: %w", u.ID, err)
		}
		return s.audit(tx, a, "user.update", "users", u.ID, nil, diff(old, out))
	})
	return out, err
}

func checkUser(tx *gorm.DB, u model.User) error {
	if u.Login == "" {
		return invalidf("登录名为空：请填写登录名")
	}
	if utf8.RuneCountInString(u.Login) > 32 || strings.IndexFunc(u.Login, unicode.IsSpace) >= 0 {
		return invalidf("登录名「%s」无效：最多 32 个字符，不能含空格", u.Login)
	}
	if !u.Role.Valid() {
		return invalidf("角色「%s」无效：应为 管理员、登记员、包案领导 或 只读", u.Role)
	}
	if u.Role == model.RoleLeader && u.LeaderID == nil {
		return invalidf("包案领导账号「%s」未关联领导：请选择该账号对应的领导", u.Login)
	}
	if u.LeaderID != nil {
		var l model.Leader
		if err := first(tx, &l, *u.LeaderID, "关联的领导"); err != nil {
			return err
		}
	}
	var n int64
	if err := tx.Model(&model.User{}).Where("login = ? AND id <> ?", u.Login, u.ID).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return invalidf("登录名「%s」已被使用：请换一个登录名", u.Login)
	}
	return nil
}

func checkPassword(pw string) error {
	if utf8.RuneCountInString(pw) < minPassword {
		return invalidf("密码太短（%d 个字符）：至少 %d 个字符", utf8.RuneCountInString(pw), minPassword)
	}
	if len(pw) > 72 {
		return invalidf("密码太长（%d 字节）：最多 72 字节（约 24 个汉字或 72 个字母）", len(pw))
	}
	return nil
}

// SetPassword gives an account a new password (administrators) and unlocks it.
func (s *Store) SetPassword(ctx context.Context, a model.Actor, userID int64, password string) error {
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.allow(tx, a, model.ActUserManage, 0); err != nil {
			return err
		}
		return s.setHash(tx, a, userID, hash)
	})
}

// hashPassword checks a new password against the rules and returns its bcrypt hash.
func hashPassword(password string) (string, error) {
	if err := checkPassword(password); err != nil {
		return "", err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), hashCost)
	if err != nil {
		return "", fmt.Errorf("store: hash password: %w", err)
	}
	return string(hash), nil
}

// ChangePassword lets the signed-in user replace their own password, given the old one.
func (s *Store) ChangePassword(ctx context.Context, a model.Actor, oldPassword, newPassword string) error {
	if err := checkPassword(newPassword); err != nil {
		return err
	}
	var u model.User
	if err := first(s.db.WithContext(ctx), &u, a.UserID, "账号"); err != nil {
		return err
	}
	if bcrypt.CompareHashAndPassword([]byte(u.Hash), []byte(oldPassword)) != nil {
		return fmt.Errorf("%w：原密码不正确：请重新输入原密码", ErrBadLogin)
	}
	hash, err := hashPassword(newPassword)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *gorm.DB) error { return s.setHash(tx, a, a.UserID, hash) })
}

func (s *Store) setHash(tx *gorm.DB, a model.Actor, userID int64, hash string) error {
	res := tx.Model(&model.User{}).Where("id = ?", userID).
		Updates(map[string]any{"hash": hash, "failed_logins": 0, "locked_until": nil, "updated_at": s.now().UTC()})
	if res.Error != nil {
		return fmt.Errorf("store: set password of user %d: %w", userID, res.Error)
	}
	if res.RowsAffected == 0 {
		return notFound("账号", userID)
	}
	return s.audit(tx, a, "user.password", "users", userID, nil, nil)
}

// UnlockUser clears a lockout before its 15 minutes are over.
func (s *Store) UnlockUser(ctx context.Context, a model.Actor, userID int64) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.allow(tx, a, model.ActUserManage, 0); err != nil {
			return err
		}
		res := tx.Model(&model.User{}).Where("id = ?", userID).Updates(map[string]any{"failed_logins": 0, "locked_until": nil})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return notFound("账号", userID)
		}
		return s.audit(tx, a, "user.unlock", "users", userID, nil, nil)
	})
}

var (
	dummyOnce sync.Once
	dummyHash []byte
)

// Authenticate checks a login and password. After five wrong passwords in a row the
// account is locked for 15 minutes (on the store's clock). An unknown login costs the
// same bcrypt work as a known one, so timing does not tell which logins exist.
func (s *Store) Authenticate(ctx context.Context, login, password string) (model.User, error) {
	login = strings.TrimSpace(login)
	var users []model.User
	if err := s.db.WithContext(ctx).Where("login = ?", login).Limit(1).Find(&users).Error; err != nil {
		return model.User{}, fmt.Errorf("store: sign in: %w", err)
	}
	if len(users) == 0 || !users[0].Active {
		dummyOnce.Do(func() { dummyHash, _ = bcrypt.GenerateFromPassword([]byte("-"), hashCost) })
		bcrypt.CompareHashAndPassword(dummyHash, []byte(password))
		return model.User{}, fmt.Errorf("%w：请检查登录名和密码（注意大小写和输入法）", ErrBadLogin)
	}
	u := users[0]
	now := s.now().UTC()
	if u.LockedUntil != nil && now.Before(*u.LockedUntil) {
		return model.User{}, fmt.Errorf("%w：连续 %d 次密码错误，请于 %s 后再试，或请管理员解锁", ErrLocked, maxFailed, u.LockedUntil.Local().Format("15:04"))
	}
	if bcrypt.CompareHashAndPassword([]byte(u.Hash), []byte(password)) == nil {
		if u.FailedLogins != 0 || u.LockedUntil != nil {
			err := s.db.WithContext(ctx).Model(&model.User{}).Where("id = ?", u.ID).
				Updates(map[string]any{"failed_logins": 0, "locked_until": nil}).Error
			if err != nil {
				return model.User{}, fmt.Errorf("store: sign in: %w", err)
			}
			u.FailedLogins, u.LockedUntil = 0, nil
		}
		return u, nil
	}
	var failed int
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Exec(`UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ?`, u.ID).Error; err != nil {
			return err
		}
		if err := tx.Raw(`SELECT failed_logins FROM users WHERE id = ?`, u.ID).Scan(&failed).Error; err != nil {
			return err
		}
		if failed < maxFailed {
			return nil
		}
		until := now.Add(lockoutPeriod)
		if err := tx.Model(&model.User{}).Where("id = ?", u.ID).
			Updates(map[string]any{"failed_logins": 0, "locked_until": until}).Error; err != nil {
			return err
		}
		return s.audit(tx, model.Actor{Login: u.Login}, "user.lock", "users", u.ID, nil,
			[]Change{{Field: "locked_until", New: until.Format(time.RFC3339)}})
	})
	if err != nil {
		return model.User{}, fmt.Errorf("store: sign in: %w", err)
	}
	if failed >= maxFailed {
		return model.User{}, fmt.Errorf("%w：连续 %d 次密码错误，账号锁定 15 分钟：请于 %s 后再试，或请管理员解锁", ErrLocked, maxFailed, now.Add(lockoutPeriod).Local().Format("15:04"))
	}
	return model.User{}, fmt.Errorf("%w：请检查登录名和密码（注意大小写和输入法），再错 %d 次账号将锁定 15 分钟", ErrBadLogin, maxFailed-failed)
}
