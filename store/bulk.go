package store

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strconv"

	"gorm.io/gorm"

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
	err := s.bulkTx(ctx, func(tx *gorm.DB, w *bulkWriter) error {
		var cases, petitioners, visits, assignments int
		err := w.load(expectCases, func(lastID int64) error {
			return produce(func(b *Batch) error {
				for _, c := range b.Cases {
					if c.ID != 0 && c.ID <= lastID {
						return fmt.Errorf("%w：事项编号 %d 已被占用，可能有其他人同时在写入，请重试", ErrConflict, c.ID)
					}
				}
				cases, petitioners, visits, assignments = cases+len(b.Cases), petitioners+len(b.Petitioners),
					visits+len(b.Visits), assignments+len(b.Assignments)
				return w.write(ctx, b)
			})
		})
		if err != nil {
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
// lastOld in one statement. While it does, SQLite's sorter may use helper threads (the
// large CREATE INDEX sorts ran a quarter faster on two cores), and FTS5 gets a 64 MB
// in-memory hash with automatic merging off: it then flushes a few large segments
// instead of merging many small ones as it goes. On 1,000,000 cases the search index
// took 20 s instead of 36 s, and a 3-character search on the result still answers in
// under a millisecond. The everyday settings are put back before the commit.
func (set aside) restore(tx *gorm.DB, lastOld int64) error {
	type step struct {
		q    string
		args []any
	}
	steps := []step{{q: `PRAGMA threads = 2`}}
	for _, q := range set.indexes {
		steps = append(steps, step{q: q})
	}
	steps = append(steps,
		step{`PRAGMA threads = 0`, nil},
		step{`INSERT INTO case_fts(case_fts, rank) VALUES ('hashsize', ?)`, []any{bulkFTSHash}},
		step{`INSERT INTO case_fts(case_fts, rank) VALUES ('automerge', 0)`, nil},
		step{`INSERT INTO case_fts(rowid, search_text) SELECT id, search_text FROM cases WHERE id > ?`, []any{lastOld}},
		step{`INSERT INTO case_fts(case_fts, rank) VALUES ('automerge', 4)`, nil},
		step{`INSERT INTO case_fts(case_fts, rank) VALUES ('hashsize', ?)`, []any{1 << 20}},
		step{`PRAGMA cache_size = ` + strconv.Itoa(-connCacheKiB), nil},
		step{ftsInsertTrigger, nil},
	)
	for _, st := range steps {
		if err := tx.Exec(st.q, st.args...).Error; err != nil {
			return fmt.Errorf("rebuild indexes (%.40s): %w", st.q, err)
		}
	}
	return nil
}

// The page cache of a connection, in KiB: small for everyday work (the pool has four
// connections; 4 MB each measured as fast as 8 MB on the ledger benchmarks over a
// million cases, and keeps the window under its memory limit), large while a bulk load
// builds its tables and indexes. (A 1 GB bulk cache was tried: the 1M demo load got
// slower, 213 s against 179 s, and used 2.4 GB.)
const (
	connCacheKiB = 4096
	bulkCacheKiB = 131072
	bulkFTSHash  = 64 << 20 // bytes; FTS5's default, put back after, is 1 MB
)

// maxBatchArgs bounds the bound parameters of one multi-row INSERT on PostgreSQL (whose
// protocol allows 65,535): a few hundred keep each statement small.
const maxBatchArgs = 400

// batchRows is how many rows of a record with nfields columns go into one INSERT.
func batchRows(rows any) int {
	t := reflect.TypeOf(rows).Elem()
	return max(1, maxBatchArgs/t.NumField())
}

// bulkTx runs fn in one write transaction with a bulkWriter for it. On SQLite the
// transaction holds a connection of its own, whose handle the writer uses directly (see
// sqlitebulk.go). The transaction's statements do not see ctx's cancellation: the
// driver would roll back from another goroutine while the writer is using the handle.
// The writer checks ctx itself, and an error fn returns (ctx.Err() among them) rolls
// everything back as usual.
func (s *Store) bulkTx(ctx context.Context, fn func(tx *gorm.DB, w *bulkWriter) error) error {
	if s.dialect != SQLite {
		return s.tx(ctx, func(tx *gorm.DB) error { return fn(tx, &bulkWriter{tx: tx}) })
	}
	return writeError(s.db.WithContext(context.WithoutCancel(ctx)).Connection(func(c *gorm.DB) error {
		conn, ok := c.Statement.ConnPool.(*sql.Conn)
		if !ok {
			return fmt.Errorf("bulk insert needs a connection of its own, got %T", c.Statement.ConnPool)
		}
		raw, err := rawHandle(conn)
		if err != nil {
			return err
		}
		defer raw.unshared()()
		return c.Transaction(func(tx *gorm.DB) error {
			w := &bulkWriter{tx: tx, raw: raw, stmts: map[string]*preparedInsert{}}
			defer w.close()
			return fn(tx, w)
		})
	}))
}

// bulkWriter writes Batches inside one bulkTx: on SQLite through one prepared INSERT
// per table, kept for the whole transaction; on PostgreSQL with multi-row INSERTs.
type bulkWriter struct {
	tx    *gorm.DB
	raw   *rawSQLite // nil on PostgreSQL
	stmts map[string]*preparedInsert
}

// load runs fill, which writes through w, as a bulk load: on SQLite between setting
// the indexes aside (all of them when expectCases is more than the database holds; see
// setAside) and rebuilding them, on PostgreSQL before moving the id sequences past the
// ids the load assigned. lastID is the highest case id before the load.
func (w *bulkWriter) load(expectCases int, fill func(lastID int64) error) error {
	var before struct{ N, Max int64 }
	if err := w.tx.Raw(`SELECT COUNT(*) AS n, COALESCE(MAX(id), 0) AS max FROM cases`).Scan(&before).Error; err != nil {
		return err
	}
	if w.raw == nil {
		if err := fill(before.Max); err != nil {
			return err
		}
		return resetSequences(w.tx)
	}
	set, err := setAside(w.tx, int64(expectCases) > before.N)
	if err != nil {
		return err
	}
	if err := fill(before.Max); err != nil {
		return err
	}
	return set.restore(w.tx, before.Max)
}

func (w *bulkWriter) close() {
	for _, p := range w.stmts {
		p.close()
	}
}

// write inserts every record of b, parents before children, with each case's row seal.
// The seals are computed on a second goroutine while the tables before cases are
// written: hashing was a tenth of an import's writing time.
func (w *bulkWriter) write(ctx context.Context, b *Batch) error {
	sealed := make(chan struct{})
	go func() {
		defer close(sealed)
		for i := range b.Cases {
			b.Cases[i].RowHash = caseHash(b.Cases[i])
		}
	}()
	defer func() { <-sealed }()
	for _, st := range []struct {
		table string
		rows  any
	}{
		{"units", b.Units}, {"categories", b.Categories}, {"leaders", b.Leaders}, {"leader_areas", b.LeaderAreas},
		{"petitioners", b.Petitioners}, {"cases", b.Cases}, {"case_petitioners", b.CasePetitioners},
		{"assignments", b.Assignments}, {"duties", b.Duties}, {"stability_logs", b.StabilityLogs},
		{"visits", b.Visits}, {"extensions", b.Extensions}, {"stages", b.Stages},
		{"supervisions", b.Supervisions}, {"reception_days", b.ReceptionDays},
	} {
		if st.table == "cases" {
			<-sealed
		}
		if err := w.insert(ctx, st.table, st.rows); err != nil {
			return fmt.Errorf("insert %s: %w", st.table, err)
		}
	}
	return nil
}

func (w *bulkWriter) insert(ctx context.Context, table string, rows any) error {
	rv := reflect.ValueOf(rows)
	if rv.Len() == 0 {
		return nil
	}
	if w.raw == nil {
		return w.tx.CreateInBatches(rows, batchRows(rows)).Error
	}
	p := w.stmts[table]
	if p == nil {
		var err error
		if p, err = w.raw.prepareInsert(w.tx, table, rv.Index(0).Addr().Interface()); err != nil {
			return err
		}
		w.stmts[table] = p
	}
	return p.insert(ctx, rows)
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
