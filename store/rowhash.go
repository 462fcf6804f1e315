package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"

	"gorm.io/gorm"

	"baoan/model"
)

// unsealedFields are the case fields the row hash leaves out: the id (the row's address),
// the hash itself, the times GORM writes, and what the store derives from other tables
// (petitioner names, search text, first 上门回访) and rewrites without a case save.
var unsealedFields = map[string]bool{
	"ID": true, "RowHash": true, "CreatedAt": true, "UpdatedAt": true,
	"PetitionerNames": true, "SearchText": true, "FirstFollowUpOn": true,
}

// caseHash is the SHA-256 of the case's recorded fields, each written the way the audit
// log writes values (plain), so that the hash of a row read back equals the hash of the
// value that was saved.
func caseHash(c model.Case) string {
	v := reflect.ValueOf(c)
	t := v.Type()
	fields := make([]any, 0, 2*t.NumField())
	for i := 0; i < t.NumField(); i++ {
		if f := t.Field(i); f.IsExported() && !unsealedFields[f.Name] {
			fields = append(fields, f.Name, plain(v.Field(i)))
		}
	}
	b, err := json.Marshal(fields)
	if err != nil {
		panic(fmt.Sprintf("store: hash case %d: %v", c.ID, err)) // plain values always marshal
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// sealCases writes the row hash of every case there is: the migration that adds the
// column seals the rows made before it.
func sealCases(tx *gorm.DB, _ Dialect) error {
	return eachCase(tx, func(c model.Case) error {
		return tx.Exec(`UPDATE cases SET row_hash = ? WHERE id = ?`, caseHash(c), c.ID).Error
	})
}

// eachCase calls fn for every case in id order, a page at a time.
func eachCase(db *gorm.DB, fn func(model.Case) error) error {
	var last int64
	const page = 2000
	for {
		var rows []model.Case
		if err := db.Where("id > ?", last).Order("id").Limit(page).Find(&rows).Error; err != nil {
			return fmt.Errorf("store: read cases: %w", err)
		}
		for _, c := range rows {
			if err := fn(c); err != nil {
				return err
			}
			last = c.ID
		}
		if len(rows) < page {
			return nil
		}
	}
}

// verifyCaseRows finds the first case whose row no longer matches its seal.
func (s *Store) verifyCaseRows(ctx context.Context) error {
	errBad := fmt.Errorf("bad row")
	var bad model.Case
	err := eachCase(s.db.WithContext(ctx), func(c model.Case) error {
		if c.RowHash != caseHash(c) {
			bad = c
			return errBad
		}
		return nil
	})
	if err == errBad {
		return fmt.Errorf("%w：信访事项 %s（内部编号 %d）的记录被绕过本程序修改，与操作记录不符。请从备份恢复，并检查数据库文件的访问权限", ErrAuditBroken, bad.No, bad.ID)
	}
	return err
}
