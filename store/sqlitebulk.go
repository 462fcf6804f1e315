package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/binary"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"time"
	"unsafe"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"
	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
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
	// keep holds the texts bound to the row being written: they are bound without a
	// copy (SQLITE_STATIC) and must stay alive until the row has been stepped.
	keep []string
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
		clear(p.keep)
		p.keep = p.keep[:0]
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

// sqliteTransient tells sqlite3_bind_* to copy the value before it returns;
// sqliteStatic that the value stays where it is until the statement is stepped.
const (
	sqliteTransient = ^uintptr(0)
	sqliteStatic    = uintptr(0)
)

// oneByte is where an empty text points: a NULL pointer would bind NULL.
var oneByte = [1]byte{}

var valuerType = reflect.TypeFor[driver.Valuer]()

// bindValue binds a value as the driver would bind it: NULL (an invalid or nil value),
// an integer (booleans as 0/1), a float, text (a time as the driver formats it) or a
// blob; a driver.Valuer (valuer, decided once per column by the caller) by what it
// returns. The value is read through reflection so that plain numbers and texts are
// bound without first being boxed into an interface: those allocations, ten million on
// a 100,000-row import, were most of its garbage collection.
func (p *preparedInsert) bindValue(i int32, rv reflect.Value, valuer bool) error {
	t, s := p.raw.tls, p.pstmt
	if valuer {
		v, err := rv.Interface().(driver.Valuer).Value()
		if err != nil {
			return err
		}
		return p.bindValue(i, reflect.ValueOf(v), false) // a driver.Value is never a Valuer
	}
	var rc int32
	switch rv.Kind() {
	case reflect.Invalid:
		rc = sqlite3.Xsqlite3_bind_null(t, s, i)
	case reflect.Pointer:
		if rv.IsNil() {
			return p.bindValue(i, reflect.Value{}, false)
		}
		return p.bindValue(i, rv.Elem(), rv.Type().Elem().Implements(valuerType))
	case reflect.String:
		return p.bindText(i, rv.String())
	case reflect.Bool:
		n := int64(0)
		if rv.Bool() {
			n = 1
		}
		rc = sqlite3.Xsqlite3_bind_int64(t, s, i, n)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		rc = sqlite3.Xsqlite3_bind_int64(t, s, i, rv.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		rc = sqlite3.Xsqlite3_bind_int64(t, s, i, int64(rv.Uint()))
	case reflect.Float32, reflect.Float64:
		rc = sqlite3.Xsqlite3_bind_double(t, s, i, rv.Float())
	case reflect.Slice:
		if rv.Type().Elem().Kind() != reflect.Uint8 {
			return fmt.Errorf("no SQLite form for %s", rv.Type())
		}
		x := rv.Bytes()
		ptr := uintptr(unsafe.Pointer(&oneByte[0]))
		if len(x) > 0 {
			ptr = uintptr(unsafe.Pointer(&x[0]))
		}
		rc = sqlite3.Xsqlite3_bind_blob(t, s, i, ptr, int32(len(x)), sqliteTransient)
		runtime.KeepAlive(x)
	case reflect.Struct:
		tm, ok := rv.Interface().(time.Time)
		if !ok {
			return fmt.Errorf("no SQLite form for %s", rv.Type())
		}
		return p.bindText(i, tm.Format(sqliteTime))
	default:
		return fmt.Errorf("no SQLite form for %s", rv.Type())
	}
	if rc != sqlite3.SQLITE_OK {
		return p.raw.errmsg(rc)
	}
	return nil
}

// bindText binds a text where it lies, without a copy (SQLITE_STATIC): SQLite reads it
// when the row is stepped, and p.keep holds the string until then. The bytes of a string
// that has been through reflection or an interface are on the heap, never on a
// goroutine's stack, and Go's collector does not move heap objects, so the address
// stays valid.
func (p *preparedInsert) bindText(i int32, str string) error {
	ptr := uintptr(unsafe.Pointer(&oneByte[0]))
	if len(str) > 0 {
		ptr = uintptr(unsafe.Pointer(unsafe.StringData(str)))
	}
	p.keep = append(p.keep, str)
	rc := sqlite3.Xsqlite3_bind_text(p.raw.tls, p.pstmt, i, ptr, int32(len(str)), sqliteStatic)
	if rc != sqlite3.SQLITE_OK {
		return p.raw.errmsg(rc)
	}
	return nil
}
