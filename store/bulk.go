package store

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"

	"baoan/model"
)

// Batch is a set of new records written together: the demo generator and the ledger
// import build one and hand it over whole. IDs are assigned by the caller from NextIDs
// so that rows can refer to each other before anything is written.
type Batch struct {
	Units           []model.Unit
	Categories      []model.Category
	Leaders         []model.Leader
	LeaderAreas     []model.LeaderArea
	Petitioners     []model.Petitioner
	Cases           []model.Case
	CasePetitioners []model.CasePetitioner
	Assignments     []model.Assignment
	Duties          []model.Duty
	StabilityLogs   []model.StabilityLog
	Visits          []model.Visit
	Extensions      []model.Extension
	Stages          []model.Stage
	Supervisions    []model.Supervision
	ReceptionDays   []model.ReceptionDay
}

// IDs are the first free id of each table, for a caller that numbers a Batch.
type IDs struct {
	Unit, Category, Leader, Petitioner, Case, Assignment, Duty, Visit int64
}

// NextIDs reads the first free id of each table. Only meaningful for one writer at a
// time; WriteBatch checks again inside its transaction and refuses a clash.
func (s *Store) NextIDs(ctx context.Context) (IDs, error) {
	var ids IDs
	q := func(table string, dst *int64) error {
		var max *int64
		if err := s.db.WithContext(ctx).Raw("SELECT MAX(id) FROM " + table).Scan(&max).Error; err != nil {
			return err
		}
		*dst = 1
		if max != nil {
			*dst = *max + 1
		}
		return nil
	}
	for _, t := range []struct {
		table string
		dst   *int64
	}{{"units", &ids.Unit}, {"categories", &ids.Category}, {"leaders", &ids.Leader}, {"petitioners", &ids.Petitioner},
		{"cases", &ids.Case}, {"assignments", &ids.Assignment}, {"duties", &ids.Duty}, {"visits", &ids.Visit}} {
		if err := q(t.table, t.dst); err != nil {
			return ids, fmt.Errorf("store: next ids: %w", err)
		}
	}
	return ids, nil
}

// WriteBatch writes every record of b in one transaction, with one audit entry that says
// what was loaded (action, e.g. "demo.load" or "ledger.import", and the counts). Either
// all of it is written or, on any error, none of it. Rows are not validated here: the
// caller has already run the model rules on each of them.
func (s *Store) WriteBatch(ctx context.Context, a model.Actor, action string, b *Batch) error {
	return s.BulkLoad(ctx, a, action, len(b.Cases), func(write func(*Batch) error) error { return write(b) })
}

// BulkLoad writes everything produce hands to write as ONE transaction, so a load of a
// million cases is all-or-nothing just like a small one, and ends with one audit entry
// that counts what was loaded. expectCases is how many cases the load will bring: when
// that is more than the database already holds, SQLite's secondary indexes and the search
// index are set aside for the length of the transaction and rebuilt at the end, which
// sorts once instead of inserting millions of random keys one by one. A small load into a
// large database keeps its indexes.
func (s *Store) BulkLoad(ctx context.Context, a model.Actor, action string, expectCases int, produce func(write func(*Batch) error) error) error {
	if !model.Can(a.Role, model.ActImport) {
		return forbidden(a, model.ActImport)
	}
	err := s.tx(ctx, func(tx *gorm.DB) error {
		var before struct{ N, Max int64 }
		if err := tx.Raw(`SELECT COUNT(*) AS n, COALESCE(MAX(id), 0) AS max FROM cases`).Scan(&before).Error; err != nil {
			return err
		}
		var set aside
		if s.dialect == SQLite {
			var err error
			if set, err = setAside(tx, int64(expectCases) > before.N); err != nil {
				return err
			}
		}
		var cases, petitioners, visits, assignments int
		err := produce(func(b *Batch) error {
			for _, c := range b.Cases {
				if c.ID != 0 && c.ID <= before.Max {
					return fmt.Errorf("%w：事项编号 %d 已被占用，可能有其他人同时在写入，请重试", ErrConflict, c.ID)
				}
			}
			cases, petitioners, visits, assignments = cases+len(b.Cases), petitioners+len(b.Petitioners),
				visits+len(b.Visits), assignments+len(b.Assignments)
			return s.insertAll(ctx, tx, b)
		})
		if err != nil {
			return err
		}
		if s.dialect == SQLite {
			if err := set.restore(tx, before.Max); err != nil {
				return err
			}
		} else if err := resetSequences(tx); err != nil {
			return err
		}
		changes := []Change{
			{Field: "cases", New: cases}, {Field: "petitioners", New: petitioners},
			{Field: "visits", New: visits}, {Field: "assignments", New: assignments},
		}
		return s.audit(tx, a, action, "cases", 0, nil, changes)
	})
	if err != nil {
		return fmt.Errorf("store: bulk load (%s): %w", action, err)
	}
	return nil
}

// aside is what a SQLite bulk load took down and must put back before it commits: the
// search index's insert trigger, and (for a large load) the secondary indexes.
type aside struct {
	indexes []string // CREATE INDEX statements, as sqlite_master keeps them
}

func setAside(tx *gorm.DB, indexesToo bool) (aside, error) {
	var set aside
	if err := tx.Exec(`DROP TRIGGER cases_fts_ai`).Error; err != nil {
		return set, err
	}
	// A bulk load writes far more pages than the connection's everyday cache holds
	// (store.go keeps it small for the app's memory); with the small cache SQLite spills
	// half-built B-tree pages to the WAL and reads them back. restore sets it back.
	if err := tx.Exec(`PRAGMA cache_size = ` + strconv.Itoa(-bulkCacheKiB)).Error; err != nil {
		return set, err
	}
	if !indexesToo {
		return set, nil
	}
	var idx []struct{ Name, SQL string }
	err := tx.Raw(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
		AND tbl_name IN ('cases','petitioners','case_petitioners','assignments','duties','visits','stability_logs','extensions','stages')`).Scan(&idx).Error
	if err != nil {
		return set, err
	}
	for _, ix := range idx {
		if err := tx.Exec(`DROP INDEX ` + ix.Name).Error; err != nil {
			return set, err
		}
		set.indexes = append(set.indexes, ix.SQL)
	}
	return set, nil
}

// restore rebuilds what setAside took down, and indexes for search every case after
// lastOld in one statement (FTS5 flushes once per statement).
func (set aside) restore(tx *gorm.DB, lastOld int64) error {
	for _, q := range set.indexes {
		if err := tx.Exec(q).Error; err != nil {
			return err
		}
	}
	if err := tx.Exec(`INSERT INTO case_fts(rowid, search_text) SELECT id, search_text FROM cases WHERE id > ?`, lastOld).Error; err != nil {
		return fmt.Errorf("index cases for search: %w", err)
	}
	if err := tx.Exec(`PRAGMA cache_size = ` + strconv.Itoa(-connCacheKiB)).Error; err != nil {
		return err
	}
	return tx.Exec(ftsInsertTrigger).Error
}

// The page cache of a connection, in KiB: small for everyday work, large while a bulk
// load builds its tables and indexes.
const (
	connCacheKiB = 8192
	bulkCacheKiB = 131072
)

// maxBatchArgs bounds the bound parameters of one multi-row INSERT. The SQLite driver
// matches each parameter to its argument by a linear scan, so a statement with n
// arguments costs n²: 400 cases of 48 columns took 1 s per 1,000 rows, while a few
// hundred arguments a statement keep the cost in the engine, where it belongs.
const maxBatchArgs = 400

// batchRows is how many rows of a record with nfields columns go into one INSERT.
func batchRows(rows any) int {
	t := reflect.TypeOf(rows).Elem()
	return max(1, maxBatchArgs/t.NumField())
}

func (s *Store) insertAll(ctx context.Context, tx *gorm.DB, b *Batch) error {
	for i := range b.Cases {
		b.Cases[i].RowHash = caseHash(b.Cases[i])
	}
	steps := []struct {
		name string
		rows any
		n    int
	}{
		{"units", b.Units, len(b.Units)},
		{"categories", b.Categories, len(b.Categories)},
		{"leaders", b.Leaders, len(b.Leaders)},
		{"leader_areas", b.LeaderAreas, len(b.LeaderAreas)},
		{"petitioners", b.Petitioners, len(b.Petitioners)},
		{"cases", b.Cases, len(b.Cases)},
		{"case_petitioners", b.CasePetitioners, len(b.CasePetitioners)},
		{"assignments", b.Assignments, len(b.Assignments)},
		{"duties", b.Duties, len(b.Duties)},
		{"stability_logs", b.StabilityLogs, len(b.StabilityLogs)},
		{"visits", b.Visits, len(b.Visits)},
		{"extensions", b.Extensions, len(b.Extensions)},
		{"stages", b.Stages, len(b.Stages)},
		{"supervisions", b.Supervisions, len(b.Supervisions)},
		{"reception_days", b.ReceptionDays, len(b.ReceptionDays)},
	}
	for _, st := range steps {
		if st.n == 0 {
			continue
		}
		var err error
		if s.dialect == SQLite {
			err = insertRows(ctx, tx, st.name, st.rows)
		} else {
			err = tx.CreateInBatches(st.rows, batchRows(st.rows)).Error
		}
		if err != nil {
			return fmt.Errorf("insert %s: %w", st.name, err)
		}
	}
	return nil
}

// resetSequences moves PostgreSQL's id sequences past ids the caller assigned itself.
func resetSequences(tx *gorm.DB) error {
	for _, t := range []string{"units", "categories", "leaders", "petitioners", "cases", "assignments", "duties",
		"stability_logs", "visits", "extensions", "stages", "supervisions", "reception_days"} {
		q := fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%s','id'), COALESCE((SELECT MAX(id) FROM %s), 0) + 1, false)`, t, t)
		if err := tx.Exec(q).Error; err != nil {
			return err
		}
	}
	return nil
}

// YearSequences is the highest case sequence number used in each year, so that a batch
// can number its cases after the ones already there.
func (s *Store) YearSequences(ctx context.Context) (map[int]int, error) {
	var rows []struct{ Year, Seq int }
	if err := s.db.WithContext(ctx).Raw(`SELECT year, MAX(seq) AS seq FROM cases GROUP BY year`).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: year sequences: %w", err)
	}
	out := make(map[int]int, len(rows))
	for _, r := range rows {
		out[r.Year] = r.Seq
	}
	return out, nil
}

// insertRows writes a slice of records into SQLite with multi-row INSERTs. This driver
// parses the SQL of every Exec afresh (it keeps no prepared statements) and matches each
// parameter to its argument by a linear scan, so a statement with n arguments costs n²;
// statements of about maxBatchArgs arguments balance the two. (Sending a chunk as one
// JSON argument unpacked by json_each was tried and is slower: ->> re-reads the row for
// every column.) Columns come from GORM's schema of the record type, so they cannot drift
// from what the rest of the store reads and writes. A zero auto-increment key is sent as
// NULL so that SQLite numbers the row.
func insertRows(ctx context.Context, tx *gorm.DB, table string, rows any) error {
	rv := reflect.ValueOf(rows)
	if rv.Len() == 0 {
		return nil
	}
	stmt := &gorm.Statement{DB: tx}
	if err := stmt.Parse(rv.Index(0).Addr().Interface()); err != nil {
		return err
	}
	var fields []*schema.Field
	var cols []string
	for _, f := range stmt.Schema.Fields {
		if f.DBName == "" {
			continue
		}
		fields = append(fields, f)
		cols = append(cols, f.DBName)
	}
	conn, ok := tx.Statement.ConnPool.(interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
	})
	if !ok {
		return fmt.Errorf("bulk insert needs a transaction, got %T", tx.Statement.ConnPool)
	}
	per := max(1, maxBatchArgs/len(fields))
	rowMarks := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(fields)), ", ") + ")"
	head := fmt.Sprintf("INSERT INTO %s (%s) VALUES ", table, strings.Join(cols, ", "))
	args := make([]any, 0, per*len(fields))
	var q strings.Builder
	for lo := 0; lo < rv.Len(); lo += per {
		hi := min(lo+per, rv.Len())
		args = args[:0]
		q.Reset()
		q.WriteString(head)
		for i := lo; i < hi; i++ {
			if i > lo {
				q.WriteString(", ")
			}
			q.WriteString(rowMarks)
			row := rv.Index(i)
			for _, f := range fields {
				v, zero := f.ValueOf(ctx, row)
				if zero && f.PrimaryKey && f.AutoIncrement {
					v = nil
				}
				args = append(args, v)
			}
		}
		if _, err := conn.ExecContext(ctx, q.String(), args...); err != nil {
			return fmt.Errorf("rows %d–%d: %w", lo+1, hi, err)
		}
	}
	return nil
}
