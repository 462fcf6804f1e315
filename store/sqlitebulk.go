package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/binary"
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"
	"time"
	"unsafe"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"
	"modernc.org/libc"
	"modernc.org/libc/sys/types"
	sqlite3 "modernc.org/sqlite/lib"

	"baoan/model"
)

// Bulk loads into SQLite (a demo of a million cases, a ledger import) write their rows
// through prepared statements that are compiled once per table and then only bound and
// stepped for each row. The driver cannot do that: it compiles the SQL of every Exec
// afresh, even of a prepared database/sql statement, and binds arguments through a
// linear scan per parameter. Compiling was two thirds of an import's writing time (4.4 s
// of 7.1 s CPU for 100,000 rows; VDBE execution was 2.3 s).
//
// So the bulk writer reaches the connection's own SQLite handle: the glebarez driver is
// a thin layer over modernc.org/sqlite's transpiled C library, and its connection holds
// the sqlite3* handle and the libc thread state in two unexported fields, read here by
// reflection. The driver is pinned in go.mod; if a new version renames those fields,
// rawHandle fails with a clear error and TestBulkWriterRawHandle fails with it, rather
// than anything being written wrongly. The handle is used only inside a transaction the
// bulk writer's caller holds on a connection of its own (bulkTx), between database/sql
// calls, never at the same time as one.

// rawSQLite is the C-level handle of one SQLite connection.
type rawSQLite struct {
	tls *libc.TLS
	db  uintptr // sqlite3*
}

// rawHandle reads the handle of the driver connection behind c.
func rawHandle(c *sql.Conn) (*rawSQLite, error) {
	var r rawSQLite
	err := c.Raw(func(dc any) error {
		v := reflect.ValueOf(dc)
		if v.Kind() == reflect.Pointer {
			v = v.Elem()
		}
		if v.Kind() != reflect.Struct {
			return fmt.Errorf("SQLite driver connection is a %T", dc)
		}
		db, tls := v.FieldByName("db"), v.FieldByName("tls")
		if !db.IsValid() || db.Kind() != reflect.Uintptr || !tls.IsValid() || tls.Type() != reflect.TypeFor[*libc.TLS]() {
			return fmt.Errorf("SQLite driver connection %T has no sqlite3 handle where this version expects it", dc)
		}
		r.db, r.tls = uintptr(db.Uint()), (*libc.TLS)(tls.UnsafePointer())
		if r.db == 0 || r.tls == nil {
			return fmt.Errorf("SQLite driver connection %T is closed", dc)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("bulk insert: %w", err)
	}
	return &r, nil
}

// unshared drops the connection's mutex until the returned function puts it back. The
// transpiled library takes that mutex in every API call, each bind among them, and its
// mutexes cost two Go mutex round trips apiece (a lookup table behind a lock of its own):
// a tenth of a bulk load's writing time. Without it the connection is what SQLite calls
// SQLITE_OPEN_NOMUTEX, which is safe while one goroutine at a time uses it: bulkTx holds
// the connection for itself, and its statements ignore ctx, so database/sql never
// interrupts or rolls back from another goroutine meanwhile. Call it, and the function it
// returns, between SQLite calls, never during one.
func (r *rawSQLite) unshared() (restore func()) {
	// r.db is C memory of the transpiled library, never Go's heap; it is read as a
	// pointer through its address because vet cannot tell the two apart.
	h := (*sqlite3.Sqlite3)(*(*unsafe.Pointer)(unsafe.Pointer(&r.db)))
	m := h.Fmutex
	h.Fmutex = 0
	return func() { h.Fmutex = m }
}

// pinAllocatorOnce keeps one small block of each size class of the transpiled C
// library's allocator (modernc.org/memory) allocated for the life of the process. The
// allocator carves each size class out of 1 MB pages it maps from the system, and
// unmaps a page as soon as its last block is freed. SQLite allocates and frees a 24 KB
// scratch buffer every time it splits a B-tree page, and usually nothing else of that
// size is alive: every page split mapped, touched and unmapped a fresh megabyte. A
// 20,000-row import made 15,000 munmap calls; with the blocks pinned it makes 800. The
// pinned pages cost address space, not memory: only their headers are touched.
var pinAllocatorOnce = sync.OnceFunc(func() {
	tls := libc.NewTLS()
	defer tls.Close()
	for log := 4; log <= 18; log++ { // 16 bytes to the largest block a shared page holds
		libc.Xmalloc(tls, types.Size_t(1)<<log)
	}
})

// errmsg is SQLite's message for the connection's last error.
func (r *rawSQLite) errmsg(rc int32) error {
	return &sqliteError{code: int(rc), msg: libc.GoString(sqlite3.Xsqlite3_errmsg(r.tls, r.db))}
}

// sqliteError carries an SQLite result code, as the driver's own errors do, so that
// writeError recognises a full disk or a busy database in a bulk load too.
type sqliteError struct {
	code int
	msg  string
}

func (e *sqliteError) Error() string { return fmt.Sprintf("%s (%d)", e.msg, e.code) }
func (e *sqliteError) Code() int     { return e.code }

// preparedInsert is a compiled single-row INSERT of one table, its columns taken from
// GORM's schema of the record type, so they cannot drift from what the rest of the
// store reads and writes.
type preparedInsert struct {
	raw    *rawSQLite
	table  string
	fields []*schema.Field
	valuer []bool  // whether the field's type is a driver.Valuer, decided once
	pstmt  uintptr // sqlite3_stmt*
	// last is what each parameter is bound to now. SQLite keeps a statement's bindings
	// from one row to the next, so a value equal to the last row's is not bound again:
	// in a ledger most dates, flags, ids of dictionaries and the creation time repeat
	// from row to row, and binding was a fifth of the writing time.
	last []bound
	// bufs hold each parameter's text or blob in C memory, where SQLite reads it when
	// a row is stepped (SQLITE_STATIC): copied into a buffer kept for the statement's
	// life instead of into a fresh allocation for every value (SQLITE_TRANSIENT). Go's
	// memory is not handed to the transpiled C: its pointer arithmetic on it fails
	// Go's pointer checks (go test -race).
	bufs []cbuf
}

// cbuf is a buffer of C memory.
type cbuf struct {
	p   uintptr
	cap int
}

// bound is a parameter's value as bound: kind 0 is not bound yet, 'n' NULL, 'i' an
// integer, 'f' a float (n holds its bits), 't' text, 'd' the text of the date or time
// at, 'b' a blob (never compared: a byte slice may change under the same address).
type bound struct {
	kind byte
	n    int64
	s    string
	at   time.Time
}

func (r *rawSQLite) prepareInsert(tx *gorm.DB, table string, sample any) (*preparedInsert, error) {
	stmt := &gorm.Statement{DB: tx}
	if err := stmt.Parse(sample); err != nil {
		return nil, err
	}
	p := &preparedInsert{raw: r, table: table}
	var cols []string
	for _, f := range stmt.Schema.Fields {
		if f.DBName != "" {
			p.fields = append(p.fields, f)
			p.valuer = append(p.valuer, f.FieldType.Implements(valuerType))
			cols = append(cols, f.DBName)
		}
	}
	p.last, p.bufs = make([]bound, len(cols)), make([]cbuf, len(cols))
	q := fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", table, strings.Join(cols, ", "),
		strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", "))
	zSQL, err := libc.CString(q)
	if err != nil {
		return nil, err
	}
	defer libc.Xfree(r.tls, zSQL)
	pp := r.tls.Alloc(8)
	defer r.tls.Free(8)
	if rc := sqlite3.Xsqlite3_prepare_v2(r.tls, r.db, zSQL, -1, pp, 0); rc != sqlite3.SQLITE_OK {
		return nil, fmt.Errorf("prepare insert into %s: %w", table, r.errmsg(rc))
	}
	p.pstmt = uintptr(binary.NativeEndian.Uint64(libc.GoBytes(pp, 8)))
	return p, nil
}

// close finalizes the statement.
func (p *preparedInsert) close() {
	if p.pstmt != 0 {
		sqlite3.Xsqlite3_finalize(p.raw.tls, p.pstmt)
		p.pstmt = 0
	}
	for _, b := range p.bufs {
		libc.Xfree(p.raw.tls, b.p)
	}
	p.bufs = nil
}

// put copies x into parameter i's buffer, growing it if need be, and returns where.
func (p *preparedInsert) put(i int32, x []byte) (uintptr, error) {
	b := &p.bufs[i-1]
	if b.cap < len(x) || b.p == 0 {
		libc.Xfree(p.raw.tls, b.p)
		n := max(64, 2*len(x))
		*b = cbuf{p: libc.Xmalloc(p.raw.tls, types.Size_t(n)), cap: n}
		if b.p == 0 {
			*b = cbuf{}
			return 0, &sqliteError{code: sqlite3.SQLITE_NOMEM, msg: "out of memory"}
		}
	}
	// b.p is C memory, never Go's heap; it is read as a pointer through its address
	// because vet cannot tell the two apart.
	copy(unsafe.Slice((*byte)(*(*unsafe.Pointer)(unsafe.Pointer(&b.p))), len(x)), x)
	return b.p, nil
}

// insert writes every record of rows (a slice of the record type). A zero
// auto-increment key is bound as NULL so that SQLite numbers the row.
func (p *preparedInsert) insert(ctx context.Context, rows any) error {
	rv := reflect.ValueOf(rows)
	t, s := p.raw.tls, p.pstmt
	for i := 0; i < rv.Len(); i++ {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		row := rv.Index(i)
		for j, f := range p.fields {
			fv := f.ReflectValueOf(ctx, row)
			var err error
			if f.PrimaryKey && f.AutoIncrement && fv.IsZero() {
				err = p.bindValue(int32(j+1), reflect.Value{}, false)
			} else {
				err = p.bindValue(int32(j+1), fv, p.valuer[j])
			}
			if err != nil {
				sqlite3.Xsqlite3_reset(t, s)
				return fmt.Errorf("row %d, %s: %w", i+1, f.DBName, err)
			}
		}
		rc := sqlite3.Xsqlite3_step(t, s)
		if rc != sqlite3.SQLITE_DONE {
			err := p.raw.errmsg(rc)
			sqlite3.Xsqlite3_reset(t, s)
			return fmt.Errorf("row %d: %w", i+1, err)
		}
		if rc := sqlite3.Xsqlite3_reset(t, s); rc != sqlite3.SQLITE_OK {
			return fmt.Errorf("row %d: %w", i+1, p.raw.errmsg(rc))
		}
	}
	return nil
}

// sqliteTime is how the SQLite driver writes a time.Time bound as an argument; the bulk
// writer binds a time as the same text, so that it reads back the same.
const sqliteTime = "2006-01-02 15:04:05.999999999-07:00"

// sqliteStatic tells sqlite3_bind_* that the value stays where it is until the
// statement is stepped (the parameter's buffer, see preparedInsert.bufs).
const sqliteStatic = uintptr(0)

var valuerType = reflect.TypeFor[driver.Valuer]()

// bindValue binds a value as the driver would bind it: NULL (an invalid or nil value),
// an integer (booleans as 0/1), a float, text (a time as the driver formats it) or a
// blob; a driver.Valuer (valuer, decided once per column by the caller) by what it
// returns. The value is read through reflection so that plain numbers and texts are
// bound without first being boxed into an interface: those allocations, ten million on
// a 100,000-row import, were most of its garbage collection. A model.Date and a
// time.Time are read in place for the same reason, and formatted only when they differ
// from the last row's.
func (p *preparedInsert) bindValue(i int32, rv reflect.Value, valuer bool) error {
	if rv.CanAddr() {
		switch x := rv.Addr().Interface().(type) {
		case *model.Date:
			if x.IsZero() {
				return p.bind(i, bound{kind: 'n'})
			}
			return p.bindAt(i, x.Time(), x.String)
		case *time.Time:
			return p.bindTime(i, *x)
		}
	}
	if valuer {
		v, err := rv.Interface().(driver.Valuer).Value()
		if err != nil {
			return err
		}
		return p.bindValue(i, reflect.ValueOf(v), false) // a driver.Value is never a Valuer
	}
	switch rv.Kind() {
	case reflect.Invalid:
		return p.bind(i, bound{kind: 'n'})
	case reflect.Pointer:
		if rv.IsNil() {
			return p.bind(i, bound{kind: 'n'})
		}
		return p.bindValue(i, rv.Elem(), rv.Type().Elem().Implements(valuerType))
	case reflect.String:
		return p.bind(i, bound{kind: 't', s: rv.String()})
	case reflect.Bool:
		n := int64(0)
		if rv.Bool() {
			n = 1
		}
		return p.bind(i, bound{kind: 'i', n: n})
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return p.bind(i, bound{kind: 'i', n: rv.Int()})
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return p.bind(i, bound{kind: 'i', n: int64(rv.Uint())})
	case reflect.Float32, reflect.Float64:
		return p.bind(i, bound{kind: 'f', n: int64(math.Float64bits(rv.Float()))})
	case reflect.Slice:
		if rv.Type().Elem().Kind() != reflect.Uint8 {
			return fmt.Errorf("no SQLite form for %s", rv.Type())
		}
		ptr, err := p.put(i, rv.Bytes())
		if err != nil {
			return err
		}
		rc := sqlite3.Xsqlite3_bind_blob(p.raw.tls, p.pstmt, i, ptr, int32(rv.Len()), sqliteStatic)
		if rc != sqlite3.SQLITE_OK {
			return p.raw.errmsg(rc)
		}
		p.last[i-1] = bound{kind: 'b'}
		return nil
	case reflect.Struct:
		if tm, ok := rv.Interface().(time.Time); ok { // not addressable: a Valuer's value
			return p.bindTime(i, tm)
		}
	}
	return fmt.Errorf("no SQLite form for %s", rv.Type())
}

// bindTime binds a time as the driver's text.
func (p *preparedInsert) bindTime(i int32, tm time.Time) error {
	return p.bindAt(i, tm, func() string { return tm.Format(sqliteTime) })
}

// bindAt binds the text of a date or time at, which text formats only when at differs
// from the last row's (an import's creation time is the same on every row).
func (p *preparedInsert) bindAt(i int32, at time.Time, text func() string) error {
	if last := p.last[i-1]; last.kind == 'd' && last.at == at {
		return nil
	}
	return p.bind(i, bound{kind: 'd', s: text(), at: at})
}

// bind binds v to parameter i unless it is bound to an equal value already. On failure
// the parameter counts as not bound, so that the next value is bound whatever it is.
func (p *preparedInsert) bind(i int32, v bound) error {
	if p.last[i-1] == v {
		return nil
	}
	p.last[i-1] = bound{}
	t, s := p.raw.tls, p.pstmt
	var rc int32
	switch v.kind {
	case 'n':
		rc = sqlite3.Xsqlite3_bind_null(t, s, i)
	case 'i':
		rc = sqlite3.Xsqlite3_bind_int64(t, s, i, v.n)
	case 'f':
		rc = sqlite3.Xsqlite3_bind_double(t, s, i, math.Float64frombits(uint64(v.n)))
	case 't', 'd':
		ptr, err := p.put(i, unsafe.Slice(unsafe.StringData(v.s), len(v.s)))
		if err != nil {
			return err
		}
		rc = sqlite3.Xsqlite3_bind_text(t, s, i, ptr, int32(len(v.s)), sqliteStatic)
	}
	if rc != sqlite3.SQLITE_OK {
		return p.raw.errmsg(rc)
	}
	p.last[i-1] = v
	return nil
}
