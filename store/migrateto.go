package store

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/gorm"

	"baoan/model"
)

// TableCopy is what MigrateTo did with one table: the rows read from SQLite and found in
// PostgreSQL afterwards, and a checksum of each side's rows (see rowSum).
type TableCopy struct {
	Table     string
	Rows      int64 // rows in the SQLite table
	Copied    int64 // rows in the PostgreSQL table after the copy
	SourceSum string
	CopiedSum string
}

// OK reports whether the table arrived whole: the same number of rows with the same
// content.
func (t TableCopy) OK() bool { return t.Rows == t.Copied && t.SourceSum == t.CopiedSum }

// MigrateReport lists every table MigrateTo copied, in the order it copied them.
type MigrateReport struct {
	Tables []TableCopy
	Audit  string // the result of verifying the copied audit chain, in Chinese
}

// OK reports whether every table arrived whole.
func (r MigrateReport) OK() bool {
	for _, t := range r.Tables {
		if !t.OK() {
			return false
		}
	}
	return len(r.Tables) > 0
}

// String is the comparison as a Chinese table, one line per table.
func (r MigrateReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-22s %10s %10s  %-16s  %s\n", "表", "源行数", "目标行数", "校验和", "结果")
	var rows, copied int64
	for _, t := range r.Tables {
		result := "一致"
		switch {
		case t.Rows != t.Copied:
			result = "行数不符"
		case t.SourceSum != t.CopiedSum:
			result = "内容不符（源 " + short(t.SourceSum) + "）"
		}
		fmt.Fprintf(&b, "%-22s %10d %10d  %-16s  %s\n", t.Table, t.Rows, t.Copied, short(t.CopiedSum), result)
		rows += t.Rows
		copied += t.Copied
	}
	fmt.Fprintf(&b, "共 %d 张表，源 %d 行，目标 %d 行。", len(r.Tables), rows, copied)
	if r.Audit != "" {
		b.WriteString(r.Audit)
	}
	return b.String()
}

func short(sum string) string {
	if len(sum) > 16 {
		return sum[:16]
	}
	return sum
}

// MigrateTo copies this SQLite database into the PostgreSQL database at dsn, which must
// be new and empty (its schema is created here). Every table is copied in one PostgreSQL
// transaction, in an order that satisfies the foreign keys, the id sequences are moved
// past the copied ids, and then, still in that transaction, each table's row count and
// checksum in PostgreSQL are compared with SQLite's: any difference rolls the whole copy
// back. The SQLite file is only read, under its write lock so that nobody changes it
// meanwhile. progress, when not nil, hears of each table as it is copied. The copied
// audit chain is verified and the migration itself is recorded in it as a.
func (s *Store) MigrateTo(ctx context.Context, a model.Actor, dsn string, progress func(TableCopy)) (MigrateReport, error) {
	var rep MigrateReport
	if s.dialect != SQLite {
		return rep, invalidf("当前数据库已是 PostgreSQL：迁移只能从 SQLite 数据库文件迁往 PostgreSQL，请用 --db 指定要迁移的 .db 文件")
	}
	if !isPostgres(dsn) {
		return rep, invalidf("迁移目标「%s」不是 PostgreSQL 连接串：请写成 postgres://用户@主机:端口/数据库", dsn)
	}
	dst, err := Open(dsn)
	if err != nil {
		return rep, fmt.Errorf("无法打开目标 PostgreSQL 数据库 %s（%w）：请检查连接串中的主机、端口、用户、密码和数据库名，以及服务器是否在运行", RedactDSN(dsn), err)
	}
	defer dst.Close()
	if err := dst.mustBeEmpty(ctx); err != nil {
		return rep, err
	}
	sqlDB, err := dst.db.DB()
	if err != nil {
		return rep, err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return rep, fmt.Errorf("store: migrate: connect %s: %w", RedactDSN(dsn), err)
	}
	defer conn.Close()

	err = s.tx(ctx, func(src *gorm.DB) error {
		return conn.Raw(func(dc any) error {
			pc := dc.(*stdlib.Conn).Conn()
			ptx, err := pc.Begin(ctx)
			if err != nil {
				return err
			}
			defer ptx.Rollback(context.WithoutCancel(ctx))
			rep, err = copyTables(ctx, src, ptx, progress)
			if err != nil {
				return err
			}
			if !rep.OK() {
				return fmt.Errorf("%w：迁移后核对不一致，已全部撤销，PostgreSQL 数据库保持为空：\n%s\n请检查源数据库（可先运行 baoan audit verify），或联系技术支持", ErrInvalid, rep)
			}
			return ptx.Commit(ctx)
		})
	})
	if err != nil {
		return rep, fmt.Errorf("store: migrate to %s: %w", RedactDSN(dsn), err)
	}

	if bad, err := dst.VerifyAudit(ctx); err != nil {
		rep.Audit = fmt.Sprintf("\n操作记录核验未通过（第 %d 条）：%v", bad, UserMessage(err))
	} else {
		rep.Audit = "\n操作记录链核验通过。"
	}
	err = dst.tx(ctx, func(tx *gorm.DB) error {
		return dst.audit(tx, a, "database.migrate", "database", 0, nil, []Change{
			{Field: "from", New: s.path}, {Field: "schema_version", New: SchemaVersion()},
		})
	})
	if err != nil {
		return rep, fmt.Errorf("store: migrate: record the migration: %w", err)
	}
	return rep, nil
}

// RedactDSN hides the password of a PostgreSQL connection string, in either of its
// forms (postgres://user:password@host/db, or key=value pairs with password=…), so that
// the string can go into a log or onto the screen. Anything else (a SQLite path) is
// returned as it is.
func RedactDSN(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.Scheme != "" && u.User != nil {
		if _, set := u.User.Password(); set {
			u.User = url.UserPassword(u.User.Username(), "***")
			return strings.Replace(u.String(), "%2A%2A%2A", "***", 1)
		}
		return dsn
	}
	return dsnPassword.ReplaceAllString(dsn, "${1}***")
}

// dsnPassword is the password of a key=value connection string, quoted or not.
var dsnPassword = regexp.MustCompile(`(?i)(\bpassword\s*=\s*)('(?:\\.|[^'\\])*'|[^\s]*)`)

// mustBeEmpty refuses a PostgreSQL database that anything has been written to through
// the program: every write leaves an audit entry; Open's seeding (settings, holidays)
// does not and is replaced by the copy.
func (s *Store) mustBeEmpty(ctx context.Context) error {
	for _, table := range []string{"audit_entries", "cases", "users", "petitioners"} {
		var n int64
		if err := s.db.WithContext(ctx).Raw(`SELECT COUNT(*) FROM ` + table).Scan(&n).Error; err != nil {
			return fmt.Errorf("store: migrate: count %s: %w", table, err)
		}
		if n > 0 {
			return invalidf("目标 PostgreSQL 数据库不是空的（%s 表已有 %d 行）：迁移不会覆盖已有数据，请新建一个空数据库（CREATE DATABASE …）后再迁移", table, n)
		}
	}
	return nil
}

// pgColumn is a column of a PostgreSQL table and its type as information_schema names it.
type pgColumn struct{ name, typ string }

// copyTables copies every table of src into ptx and compares both sides.
func copyTables(ctx context.Context, src *gorm.DB, ptx pgx.Tx, progress func(TableCopy)) (MigrateReport, error) {
	var rep MigrateReport
	order, err := pgTableOrder(ctx, ptx)
	if err != nil {
		return rep, err
	}
	have, err := sqliteTables(src)
	if err != nil {
		return rep, err
	}
	for _, t := range order {
		if !have[t] {
			return rep, invalidf("源数据库缺少表「%s」：它不是本程序当前版本的数据库，请先用本程序打开一次（会自动升级），再迁移", t)
		}
		delete(have, t)
	}
	if len(have) > 0 {
		extra := make([]string, 0, len(have))
		for t := range have {
			extra = append(extra, t)
		}
		slices.Sort(extra)
		return rep, invalidf("源数据库中的表「%s」在 PostgreSQL 中没有对应：请安装新版本后再迁移", strings.Join(extra, "、"))
	}
	// The copy replaces the rows Open seeded; TRUNCATE also locks every table against
	// other desks until the copy commits.
	quoted := make([]string, len(order))
	for i, t := range order {
		quoted[i] = pgx.Identifier{t}.Sanitize()
	}
	if _, err := ptx.Exec(ctx, `TRUNCATE `+strings.Join(quoted, ", ")); err != nil {
		return rep, fmt.Errorf("store: migrate: empty the new database: %w", err)
	}
	for _, t := range order {
		tc, err := copyTable(ctx, src, ptx, t)
		if err != nil {
			return rep, fmt.Errorf("表 %s：%w", t, err)
		}
		rep.Tables = append(rep.Tables, tc)
		if progress != nil {
			progress(tc)
		}
	}
	return rep, nil
}

// pgTableOrder lists the tables of the new database (except schema_migrations, which
// Open has filled) so that every table comes after the tables its foreign keys name.
func pgTableOrder(ctx context.Context, ptx pgx.Tx) ([]string, error) {
	rows, err := ptx.Query(ctx, `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`)
	if err != nil {
		return nil, err
	}
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("store: migrate: list tables: %w", err)
	}
	tables = slices.DeleteFunc(tables, func(t string) bool { return t == "schema_migrations" })
	rows, err = ptx.Query(ctx, `SELECT c.relname, r.relname FROM pg_constraint k
		JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE k.contype = 'f' AND n.nspname = current_schema()`)
	if err != nil {
		return nil, err
	}
	deps := map[string][]string{}
	var from, to string
	if _, err := pgx.ForEachRow(rows, []any{&from, &to}, func() error {
		if from != to { // a table referring to itself is copied in one statement
			deps[from] = append(deps[from], to)
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("store: migrate: list foreign keys: %w", err)
	}
	var order []string
	done := map[string]bool{}
	for len(order) < len(tables) {
		progressed := false
		for _, t := range tables {
			if done[t] {
				continue
			}
			ready := true
			for _, d := range deps[t] {
				ready = ready && done[d]
			}
			if ready {
				order, done[t], progressed = append(order, t), true, true
			}
		}
		if !progressed {
			return nil, fmt.Errorf("store: migrate: the foreign keys of %v form a cycle", tables)
		}
	}
	return order, nil
}

// sqliteTables are the tables of the SQLite database that hold data: not SQLite's own,
// not the full-text index (a virtual table and its shadow tables, which PostgreSQL
// replaces with a pg_trgm index), not schema_migrations.
func sqliteTables(src *gorm.DB) (map[string]bool, error) {
	var rows []struct{ Name, SQL string }
	if err := src.Raw(`SELECT name, COALESCE(sql, '') AS sql FROM sqlite_master WHERE type = 'table'`).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: migrate: list tables: %w", err)
	}
	var virtual []string
	for _, r := range rows {
		if strings.HasPrefix(strings.ToUpper(r.SQL), "CREATE VIRTUAL TABLE") {
			virtual = append(virtual, r.Name)
		}
	}
	out := map[string]bool{}
	for _, r := range rows {
		skip := strings.HasPrefix(r.Name, "sqlite_") || r.Name == "schema_migrations"
		for _, v := range virtual {
			skip = skip || r.Name == v || strings.HasPrefix(r.Name, v+"_")
		}
		if !skip {
			out[r.Name] = true
		}
	}
	return out, nil
}

// copyTable streams one table from SQLite into PostgreSQL with COPY, converting each
// value to the PostgreSQL column's type, then reads the table back to count and checksum
// it, and moves the id sequence past the copied ids.
func copyTable(ctx context.Context, src *gorm.DB, ptx pgx.Tx, table string) (TableCopy, error) {
	tc := TableCopy{Table: table}
	rows, err := ptx.Query(ctx, `SELECT column_name, data_type, COALESCE(column_default, '') FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`, table)
	if err != nil {
		return tc, err
	}
	var cols []pgColumn
	var serial []string
	var name, typ, def string
	if _, err := pgx.ForEachRow(rows, []any{&name, &typ, &def}, func() error {
		cols = append(cols, pgColumn{name, typ})
		if strings.HasPrefix(def, "nextval(") {
			serial = append(serial, name)
		}
		return nil
	}); err != nil {
		return tc, fmt.Errorf("列出各列：%w", err)
	}
	names := make([]string, len(cols))
	quoted := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
		quoted[i] = `"` + strings.ReplaceAll(c.name, `"`, `""`) + `"`
	}
	srcRows, err := src.Raw(`SELECT ` + strings.Join(quoted, ", ") + ` FROM "` + table + `"`).Rows()
	if err != nil {
		return tc, fmt.Errorf("读取源数据：%w", err)
	}
	defer srcRows.Close()
	source := &sqliteSource{rows: srcRows, cols: cols, sum: &rowSum{}}
	n, err := ptx.CopyFrom(ctx, pgx.Identifier{table}, names, source)
	if source.err != nil {
		err = source.err // pgx passes it to the server and back, flattened to text
	}
	if err != nil {
		return tc, fmt.Errorf("写入 PostgreSQL：%w", err)
	}
	tc.Rows, tc.SourceSum = source.n, source.sum.String()

	back, err := ptx.Query(ctx, `SELECT `+strings.Join(quoted, ", ")+` FROM `+pgx.Identifier{table}.Sanitize())
	if err != nil {
		return tc, fmt.Errorf("读回核对：%w", err)
	}
	sum := &rowSum{}
	for back.Next() {
		vals, err := back.Values()
		if err != nil {
			back.Close()
			return tc, fmt.Errorf("读回核对：%w", err)
		}
		sum.add(vals)
		tc.Copied++
	}
	if err := back.Err(); err != nil {
		return tc, fmt.Errorf("读回核对：%w", err)
	}
	tc.CopiedSum = sum.String()
	if tc.Copied != n {
		return tc, fmt.Errorf("COPY 报告写入 %d 行，读回 %d 行", n, tc.Copied)
	}
	for _, col := range serial {
		q := fmt.Sprintf(`SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT MAX(%s) FROM %s), 0) + 1, false)`,
			pgx.Identifier{col}.Sanitize(), pgx.Identifier{table}.Sanitize())
		if _, err := ptx.Exec(ctx, q, table, col); err != nil {
			return tc, fmt.Errorf("重置编号序列 %s：%w", col, err)
		}
	}
	return tc, nil
}

// sqliteSource feeds SQLite rows to COPY (pgx.CopyFromSource), converting each value to
// its PostgreSQL column's type and adding the row to the checksum.
type sqliteSource struct {
	rows interface {
		Next() bool
		Scan(...any) error
		Err() error
	}
	cols []pgColumn
	vals []any
	sum  *rowSum
	n    int64
	err  error
}

func (s *sqliteSource) Next() bool {
	if s.err != nil || !s.rows.Next() {
		return false
	}
	raw := make([]any, len(s.cols))
	ptrs := make([]any, len(s.cols))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	if s.err = s.rows.Scan(ptrs...); s.err != nil {
		return false
	}
	s.vals = make([]any, len(s.cols))
	for i, c := range s.cols {
		v, err := toPG(c.typ, raw[i])
		if err != nil {
			s.err = fmt.Errorf("第 %d 行「%s」列的值 %s：%w", s.n+1, c.name, showValue(raw[i]), err)
			return false
		}
		s.vals[i] = v
	}
	s.sum.add(s.vals)
	s.n++
	return true
}

func (s *sqliteSource) Values() ([]any, error) { return s.vals, nil }

func (s *sqliteSource) Err() error {
	if s.err != nil {
		return s.err
	}
	return s.rows.Err()
}

// showValue writes a value for an error message, quoting text so that control
// characters show.
func showValue(v any) string {
	switch x := v.(type) {
	case string:
		if len(x) > 60 {
			x = x[:60] + "…"
		}
		return strconv.Quote(x)
	case []byte:
		return fmt.Sprintf("（%d 字节）", len(x))
	}
	return fmt.Sprint(v)
}

// toPG converts a value read from SQLite (int64, float64, string, []byte, time.Time,
// bool or nil) to what the PostgreSQL column of type typ takes.
func toPG(typ string, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch {
	case typ == "boolean":
		switch x := v.(type) {
		case bool:
			return x, nil
		case int64:
			return x != 0, nil
		case float64:
			return x != 0, nil
		case string:
			return strconv.ParseBool(x)
		}
	case typ == "bigint" || typ == "integer" || typ == "smallint":
		switch x := v.(type) {
		case int64:
			return x, nil
		case bool:
			if x {
				return int64(1), nil
			}
			return int64(0), nil
		case float64:
			if x == math.Trunc(x) {
				return int64(x), nil
			}
		case string:
			return strconv.ParseInt(strings.TrimSpace(x), 10, 64)
		}
	case strings.HasPrefix(typ, "timestamp"):
		switch x := v.(type) {
		case time.Time:
			return x.UTC(), nil
		case string:
			return parseSQLiteTime(x)
		}
	case typ == "bytea":
		switch x := v.(type) {
		case []byte:
			return x, nil
		case string:
			return []byte(x), nil
		}
	case typ == "text" || typ == "character varying":
		var s string
		switch x := v.(type) {
		case string:
			s = x
		case []byte:
			s = string(x)
		case int64:
			s = strconv.FormatInt(x, 10)
		case float64:
			s = strconv.FormatFloat(x, 'g', -1, 64)
		case time.Time:
			s = x.UTC().Format(time.RFC3339Nano)
		default:
			return nil, fmt.Errorf("不能存为文本")
		}
		if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
			return nil, errors.New("含有无效字符（非 UTF-8 或零字节），PostgreSQL 无法保存：请先在本程序中更正这条记录")
		}
		return s, nil
	default:
		return v, nil
	}
	return nil, fmt.Errorf("不能转换为 PostgreSQL 的 %s 类型", typ)
}

// parseSQLiteTime reads a time stored as text by the SQLite driver.
func parseSQLiteTime(s string) (time.Time, error) {
	for _, layout := range []string{
		"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02T15:04:05.999999999",
		"2006-01-02 15:04:05.999999999", "2006-01-02 15:04", "2006-01-02",
	} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("不是可识别的时间")
}

// rowSum is an order-independent checksum of a table's rows: the sum, lane by lane
// modulo 2⁶⁴, of the SHA-256 of each row's canonical encoding. Rows come out of SQLite
// and PostgreSQL in different orders (text keys sort differently), and a primary key
// makes every row distinct, so a sum of row hashes serves as the table's fingerprint.
type rowSum struct{ lanes [4]uint64 }

func (r *rowSum) add(vals []any) {
	h := sha256.New()
	for _, v := range vals {
		h.Write(canonical(v))
	}
	d := h.Sum(nil)
	for i := range r.lanes {
		r.lanes[i] += binary.BigEndian.Uint64(d[8*i:])
	}
}

func (r *rowSum) String() string {
	var b [32]byte
	for i, l := range r.lanes {
		binary.BigEndian.PutUint64(b[8*i:], l)
	}
	return hex.EncodeToString(b[:])
}

// canonical encodes one value with its kind and length, the same for a value about to
// be copied and the same value read back from PostgreSQL. Times count to the
// microsecond, which is what PostgreSQL keeps.
func canonical(v any) []byte {
	var s string
	switch x := v.(type) {
	case nil:
		return []byte{'N'}
	case bool:
		s = "B" + strconv.FormatBool(x)
	case int64:
		s = "I" + strconv.FormatInt(x, 10)
	case int32:
		s = "I" + strconv.FormatInt(int64(x), 10)
	case int16:
		s = "I" + strconv.FormatInt(int64(x), 10)
	case int:
		s = "I" + strconv.Itoa(x)
	case float64:
		s = "F" + strconv.FormatFloat(x, 'g', -1, 64)
	case string:
		s = "S" + x
	case []byte:
		s = "X" + string(x)
	case time.Time:
		s = "T" + x.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano)
	default:
		s = fmt.Sprintf("?%T:%v", v, v)
	}
	return fmt.Appendf(nil, "%d:%s", len(s), s)
}
