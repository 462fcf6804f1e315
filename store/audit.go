package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"

	"gorm.io/gorm"

	"baoan/model"
)

// Change is one field of an audit entry: its old and new value. Old is nil for a new
// record, New is nil for a deleted one.
type Change struct {
	Field string `json:"field"`
	Old   any    `json:"old"`
	New   any    `json:"new"`
}

// audit appends one entry to the hash-chained 操作记录 inside tx, so that the entry is
// committed with the change it describes or not at all.
//
// The chain head lives in the one-row table audit_head. Reading it and writing it back in
// the same transaction serialises appenders: SQLite transactions start with BEGIN
// IMMEDIATE (see sqliteDSN), and on PostgreSQL the row is read FOR UPDATE, so two desks
// cannot both chain onto the same previous entry.
func (s *Store) audit(tx *gorm.DB, a model.Actor, action, entity string, entityID int64, caseID *int64, changes []Change) error {
	body := ""
	if len(changes) > 0 {
		b, err := json.Marshal(changes)
		if err != nil {
			return fmt.Errorf("store: audit %s: %w", action, err)
		}
		body = string(b)
	}
	lock := ""
	if s.dialect == Postgres {
		lock = " FOR UPDATE"
	}
	var head struct{ Hash string }
	if err := tx.Raw(`SELECT hash FROM audit_head WHERE id = 1` + lock).Scan(&head).Error; err != nil {
		return fmt.Errorf("store: audit %s: read chain head: %w", action, err)
	}
	e := model.AuditEntry{
		// PostgreSQL keeps microseconds; truncating here makes the hashed time the stored one.
		At:       s.now().UTC().Truncate(time.Microsecond),
		Actor:    actorName(a),
		Action:   action,
		Entity:   entity,
		EntityID: entityID,
		CaseID:   caseID,
		Changes:  body,
		PrevHash: head.Hash,
	}
	e.Hash = entryHash(e)
	if err := tx.Create(&e).Error; err != nil {
		return fmt.Errorf("store: audit %s: %w", action, err)
	}
	res := tx.Exec(`UPDATE audit_head SET hash = ?, last_id = ? WHERE id = 1`, e.Hash, e.ID)
	if res.Error != nil {
		return fmt.Errorf("store: audit %s: move chain head: %w", action, res.Error)
	}
	if res.RowsAffected != 1 {
		return fmt.Errorf("store: audit %s: 操作记录链首缺失：数据库可能已损坏，请从备份恢复", action)
	}
	return nil
}

func actorName(a model.Actor) string {
	if a.Login != "" {
		return a.Login
	}
	return "system"
}

// entryHash is hex(sha256(PrevHash + the entry's canonical content)). The content is a
// JSON array of the fields in a fixed order, which is unambiguous whatever the fields
// contain; the time is UTC RFC 3339 with nanoseconds.
func entryHash(e model.AuditEntry) string {
	var caseID any
	if e.CaseID != nil {
		caseID = *e.CaseID
	}
	canon, _ := json.Marshal([]any{
		e.At.UTC().Format(time.RFC3339Nano), e.Actor, e.Action, e.Entity, e.EntityID, caseID, e.Changes,
	})
	sum := sha256.Sum256(append([]byte(e.PrevHash), canon...))
	return hex.EncodeToString(sum[:])
}

// ErrAuditBroken is returned by VerifyAudit when the chain does not hold.
var ErrAuditBroken = errors.New("操作记录已被篡改")

// VerifyAudit walks the whole chain in id order. It returns 0 and nil when every entry's
// hash matches its content and its predecessor; otherwise the id of the first entry that
// does not (a changed entry, or the entry after a deleted one) and an error wrapping
// ErrAuditBroken. A deletion at the end of the chain is caught by the chain head, and
// then badID is the id the head names. A case row changed around the program (no audit
// entry) is caught by its seal (rowhash.go): badID is then 0 and the error names the case.
func (s *Store) VerifyAudit(ctx context.Context) (badID int64, err error) {
	prev := ""
	var last int64
	const page = 2000
	for {
		var rows []model.AuditEntry
		if err := s.db.WithContext(ctx).Where("id > ?", last).Order("id").Limit(page).Find(&rows).Error; err != nil {
			return 0, fmt.Errorf("store: verify audit: %w", err)
		}
		for _, e := range rows {
			if e.PrevHash != prev {
				return e.ID, fmt.Errorf("%w：第 %d 条记录之前的记录被删除或修改。请从备份恢复，并检查数据库文件的访问权限", ErrAuditBroken, e.ID)
			}
			if entryHash(e) != e.Hash {
				return e.ID, fmt.Errorf("%w：第 %d 条记录（%s %s）的内容被修改。请从备份恢复，并检查数据库文件的访问权限", ErrAuditBroken, e.ID, e.At.Local().Format("2006-01-02 15:04"), e.Action)
			}
			prev, last = e.Hash, e.ID
		}
		if len(rows) < page {
			break
		}
	}
	var head struct {
		Hash   string
		LastID int64
	}
	if err := s.db.WithContext(ctx).Raw(`SELECT hash, last_id FROM audit_head WHERE id = 1`).Scan(&head).Error; err != nil {
		return 0, fmt.Errorf("store: verify audit: %w", err)
	}
	if head.Hash != prev || head.LastID != last {
		return head.LastID, fmt.Errorf("%w：最后的记录（第 %d 条）被删除或修改。请从备份恢复，并检查数据库文件的访问权限", ErrAuditBroken, head.LastID)
	}
	// The chain holds; the case rows must still be what the program last wrote.
	return 0, s.verifyCaseRows(ctx)
}

// CaseHistory is the audit trail of one case, oldest first: the case's own entries and
// those of everything recorded on it (visits, assignments, attachments …).
func (s *Store) CaseHistory(ctx context.Context, a model.Actor, caseID int64) ([]model.AuditEntry, error) {
	if !model.Can(a.Role, model.ActAuditRead) {
		return nil, forbidden(a, model.ActAuditRead)
	}
	var out []model.AuditEntry
	if err := s.db.WithContext(ctx).Where("case_id = ?", caseID).Order("id").Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: case history %d: %w", caseID, err)
	}
	return out, nil
}

// AuditLog lists audit entries newest first, before the given id (0: from the newest),
// at most limit of them, for the administrator's 操作记录 screen.
func (s *Store) AuditLog(ctx context.Context, a model.Actor, beforeID int64, limit int) ([]model.AuditEntry, error) {
	if !model.Can(a.Role, model.ActAuditRead) {
		return nil, forbidden(a, model.ActAuditRead)
	}
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	q := s.db.WithContext(ctx).Order("id DESC").Limit(limit)
	if beforeID > 0 {
		q = q.Where("id < ?", beforeID)
	}
	var out []model.AuditEntry
	if err := q.Find(&out).Error; err != nil {
		return nil, fmt.Errorf("store: audit log: %w", err)
	}
	return out, nil
}

// skipFields are never recorded in a diff: the id (the entry names it), bookkeeping,
// derived text, secrets and bytes.
var skipFields = map[string]bool{
	"ID": true, "UpdatedAt": true, "CreatedAt": true, "Version": true, "SearchText": true,
	"PetitionerNames": true, "Hash": true, "RowHash": true, "Data": true, "FailedLogins": true, "LockedUntil": true,
}

// diff lists the exported fields that differ between old and new, two values of the same
// struct type. A zero old (a new record) or zero new (a deleted one) gives the fields that
// are set. Values are recorded as the database holds them: dates as YYYY-MM-DD, nil
// pointers as null.
func diff(old, new any) []Change {
	ov, nv := reflect.ValueOf(old), reflect.ValueOf(new)
	if ov.Kind() == reflect.Pointer {
		ov, nv = ov.Elem(), nv.Elem()
	}
	if ov.Type() != nv.Type() || ov.Kind() != reflect.Struct {
		panic(fmt.Sprintf("store: diff of %s and %s", ov.Type(), nv.Type()))
	}
	var out []Change
	t := ov.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() || skipFields[f.Name] {
			continue
		}
		o, n := plain(ov.Field(i)), plain(nv.Field(i))
		if reflect.DeepEqual(o, n) {
			continue
		}
		out = append(out, Change{Field: fieldName(f), Old: o, New: n})
	}
	return out
}

// created is the diff of a new record: every field that is set.
func created(v any) []Change {
	return diff(reflect.Zero(reflect.Indirect(reflect.ValueOf(v)).Type()).Interface(), reflect.Indirect(reflect.ValueOf(v)).Interface())
}

// deleted is the diff of a removed record: every field it had.
func deleted(v any) []Change {
	return diff(reflect.Indirect(reflect.ValueOf(v)).Interface(), reflect.Zero(reflect.Indirect(reflect.ValueOf(v)).Type()).Interface())
}

// plain turns a field into the value written to the change log.
func plain(v reflect.Value) any {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	switch x := v.Interface().(type) {
	case model.Date:
		if x.IsZero() {
			return nil
		}
		return x.String()
	case time.Time:
		if x.IsZero() {
			return nil
		}
		return x.UTC().Format(time.RFC3339)
	}
	switch v.Kind() {
	case reflect.String:
		if v.String() == "" {
			return nil
		}
		return v.String()
	case reflect.Bool:
		if !v.Bool() {
			return nil
		}
		return true
	case reflect.Int, reflect.Int64, reflect.Int32:
		if v.Int() == 0 {
			return nil
		}
		return v.Int()
	}
	return v.Interface()
}

// fieldName is the field's JSON name, the same the rest of the program exchanges.
func fieldName(f reflect.StructField) string {
	if tag := f.Tag.Get("json"); tag != "" && tag != "-" {
		return strings.Split(tag, ",")[0]
	}
	return strings.ToLower(f.Name)
}

// forbidden is the refusal of act to a's role, in words the user can act on.
func forbidden(a model.Actor, act model.Action) error {
	role := a.Role.Label()
	if role == "" {
		role = "未登录"
	}
	return fmt.Errorf("%w：当前账号（%s）无权执行「%s」：请联系管理员", ErrForbidden, role, act.Label())
}

// allow checks that a may perform act, and for a leader that the case is one they carry
// (caseID 0: no case involved).
func (s *Store) allow(tx *gorm.DB, a model.Actor, act model.Action, caseID int64) error {
	if !model.Can(a.Role, act) {
		return forbidden(a, act)
	}
	if caseID != 0 && model.NeedsCarrying(a.Role, act) {
		ok, err := carries(tx, a.LeaderID, caseID)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("%w：当前账号（包案领导）只能在自己包案的事项上执行「%s」：如需办理此事项，请由登记员将您设为包案领导", ErrForbidden, act.Label())
		}
	}
	return nil
}

// carries reports whether the leader has an assignment (包案) on the case.
func carries(tx *gorm.DB, leaderID, caseID int64) (bool, error) {
	if leaderID == 0 {
		return false, nil
	}
	var n int64
	if err := tx.Raw(`SELECT COUNT(*) FROM assignments WHERE case_id = ? AND leader_id = ?`, caseID, leaderID).Scan(&n).Error; err != nil {
		return false, fmt.Errorf("store: check assignment: %w", err)
	}
	return n > 0, nil
}

// readScope tells whether a may read every case (all) or only those its leader carries.
// Viewers, clerks and administrators read everything; leaders read what they carry
// unless the setting leaders_read_all is "1"; anyone else reads nothing.
func (s *Store) readScope(tx *gorm.DB, a model.Actor) (all bool, err error) {
	switch a.Role {
	case model.RoleAdmin, model.RoleClerk, model.RoleViewer:
		return true, nil
	case model.RoleLeader:
		v, err := s.setting(tx, SettingLeadersReadAll)
		if err != nil {
			return false, err
		}
		return v == "1", nil
	}
	return false, fmt.Errorf("%w：当前账号没有角色，不能查看事项：请联系管理员设置角色", ErrForbidden)
}

// canRead checks that a may read the case.
func (s *Store) canRead(tx *gorm.DB, a model.Actor, caseID int64) error {
	all, err := s.readScope(tx, a)
	if err != nil || all {
		return err
	}
	ok, err := carries(tx, a.LeaderID, caseID)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%w：包案领导只能查看自己包案的事项：如需查看全部事项，请管理员在 设置 中打开「领导可查看全部事项」", ErrForbidden)
	}
	return nil
}

// invalid wraps a model rule's error (ValidationError, StepError …) so that it is both
// errors.Is(ErrInvalid) and errors.As the model's type, and reads as the rule's message.
func invalid(err error) error {
	return fmt.Errorf("%w：%w", ErrInvalid, err)
}

// invalidf is a store-side input error with a message saying what to fix.
func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w：%s", ErrInvalid, fmt.Sprintf(format, args...))
}

// notFound names the missing thing and what to do.
func notFound(what string, id any) error {
	return fmt.Errorf("%w：找不到%s（编号 %v），可能已被删除：请刷新后重试", ErrNotFound, what, id)
}
