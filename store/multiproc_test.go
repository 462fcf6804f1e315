//go:build unix

package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"gorm.io/gorm"

	"baoan/model"
)

// Tests with a second program on the same database file: two programs writing, one
// waiting for the other, one giving up, and a write that hits a file-size limit. Unix
// only, for the file-size limit and for dropping root's privileges; CI runs on Linux.

func init() {
	childModes["batch"] = childBatch
	childModes["hold"] = childHold
	childModes["fsize"] = childFileSize
	childModes["open"] = childOpen
}

// childBatch writes arg cases (each with a visit and a decision) and exits.
func childBatch(db, arg string) int {
	var n, seq int
	fmt.Sscanf(arg, "%d %d", &n, &seq)
	s, err := Open(db)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child open:", err)
		return 1
	}
	defer s.Close()
	a, street, cat, err := childFixture(s)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	for i := range n {
		if err := writeOne(s, a, street, cat, seq+i, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "child write:", err)
			return 1
		}
	}
	return 0
}

// childHold opens a write transaction, prints "holding", and commits it with one audit
// entry either after the time arg names ("300ms") or, with arg "stdin", when a line
// arrives on its input; then prints "released".
func childHold(db, arg string) int {
	s, err := Open(db)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child open:", err)
		return 1
	}
	defer s.Close()
	a := model.Actor{UserID: 1, Login: "holder", Role: model.RoleAdmin}
	err = s.tx(context.Background(), func(tx *gorm.DB) error {
		if err := s.audit(tx, a, "test.hold", "settings", 0, nil, nil); err != nil {
			return err
		}
		fmt.Println("holding")
		if arg == "stdin" {
			bufio.NewReader(os.Stdin).ReadString('\n')
		} else {
			d, _ := time.ParseDuration(arg)
			time.Sleep(d) // a slow writer: the other program must wait this long
		}
		return nil
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child hold:", err)
		return 1
	}
	fmt.Println("released")
	return 0
}

func TestTwoProgramsWriteOneFile(t *testing.T) {
	path := crashFixture(t)
	const each = 20
	a := startChild(t, "batch", path, fmt.Sprintf("%d %d", each, 1000))
	b := startChild(t, "batch", path, fmt.Sprintf("%d %d", each, 2000))
	// And this program, as the window beside two command-line runs.
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	actor, street, cat, err := childFixture(s)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	var werr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := range each {
			if werr = writeOne(s, actor, street, cat, 3000+i, &out); werr != nil {
				return
			}
		}
	}()
	p := newPrinted()
	for _, c := range []*child{a, b} {
		lines, err := c.rest()
		if err != nil {
			t.Fatalf("a child failed: %v (lines %d)", err, len(lines))
		}
		for _, l := range lines {
			p.add(t, l)
		}
	}
	wg.Wait()
	if werr != nil {
		t.Fatalf("this program's writes failed beside the others: %v", werr)
	}
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		p.add(t, l)
	}
	if len(p.cases) != 3*each || len(p.visits) != 3*each || len(p.versions) != 3*each {
		t.Errorf("printed %d cases, %d visits, %d decisions; want %d of each", len(p.cases), len(p.visits), len(p.versions), 3*each)
	}
	s.Close()
	checkAfterCrash(t, path, p)
}

func TestSecondProgramWaitsForTheWriter(t *testing.T) {
	f := sqliteFx(t)
	holder := startChild(t, "hold", f.s.Path(), "400ms")
	if l := holder.next(); l != "holding" {
		t.Fatalf("holder printed %q", l)
	}
	// The other program holds the write lock: this write waits for it instead of failing.
	c, err := f.s.CreateCase(f.ctx, f.clerk, f.caseInput(), []model.Petitioner{f.petitioner("等待")})
	if err != nil {
		t.Fatalf("CreateCase while another program writes = %v, want it to wait and succeed", err)
	}
	if rest, err := holder.rest(); err != nil || len(rest) != 1 || rest[0] != "released" {
		t.Fatalf("holder: %v, %v", rest, err)
	}
	var order []string
	f.s.db.Raw(`SELECT action FROM audit_entries WHERE action IN ('test.hold', 'case.create') AND (case_id IS NULL OR case_id = ?) ORDER BY id`, c.ID).Scan(&order)
	if strings.Join(order, ",") != "test.hold,case.create" {
		t.Errorf("commit order %v, want the holder's write first and then this one", order)
	}
}

func TestSecondProgramGivesUpAndSaysRetry(t *testing.T) {
	f := sqliteFx(t)
	f.newCase()
	// A short wait, so that the test need not wait the ten seconds the program does.
	sqlDB, _ := f.s.db.DB()
	sqlDB.SetMaxOpenConns(1)
	f.s.db.Exec(`PRAGMA busy_timeout = 150`)
	holder := startChild(t, "hold", f.s.Path(), "stdin")
	if l := holder.next(); l != "holding" {
		t.Fatalf("holder printed %q", l)
	}
	before := f.counts() // reading is not blocked by the other program's write
	in := f.caseInput()
	p := f.petitioner("放弃")
	_, err := f.s.CreateCase(f.ctx, f.clerk, in, []model.Petitioner{p})
	if !errors.Is(err, ErrBusy) || !strings.HasPrefix(UserMessage(err), "数据库正忙：另一个程序") || !strings.Contains(UserMessage(err), "请稍后重试") {
		t.Fatalf("CreateCase while another program holds the lock = %v (user sees %q), want ErrBusy asking to retry", err, UserMessage(err))
	}
	sameCounts(t, before, f.counts())
	fmt.Fprintln(holder.stdin, "release")
	if rest, err := holder.rest(); err != nil || len(rest) != 1 {
		t.Fatalf("holder: %v, %v", rest, err)
	}
	if _, err := f.s.CreateCase(f.ctx, f.clerk, in, []model.Petitioner{p}); err != nil {
		t.Errorf("the retry after the other program finished: %v", err)
	}
	path := f.s.Path()
	f.s.Close()
	checkSound(t, path)
}

// childFileSize limits the size of any file this process writes to just above what the
// database uses now, as a nearly full disk would, and checks that a large write and a
// backup fail with the full-disk message and leave everything as it was, and that writing
// works again once there is room. It prints "FAIL …" lines for what does not hold.
func childFileSize(db, backupDir string) int {
	signal.Ignore(syscall.SIGXFSZ) // get EFBIG from write instead of being killed
	s, err := Open(db)
	if err != nil {
		fmt.Println("FAIL open:", err)
		return 1
	}
	defer s.Close()
	ctx := context.Background()
	a, street, cat, err := childFixture(s)
	if err != nil {
		fmt.Println("FAIL fixture:", err)
		return 1
	}
	if err := writeOne(s, a, street, cat, 1, os.Stdout); err != nil {
		fmt.Println("FAIL first write:", err)
		return 1
	}
	counts := func() string {
		var n [3]int64
		s.db.Raw(`SELECT COUNT(*) FROM cases`).Scan(&n[0])
		s.db.Raw(`SELECT COUNT(*) FROM attachments`).Scan(&n[1])
		s.db.Raw(`SELECT COUNT(*) FROM audit_entries`).Scan(&n[2])
		return fmt.Sprint(n)
	}
	before := counts()
	var limit int64
	for _, p := range []string{db, db + "-wal"} {
		if st, err := os.Stat(p); err == nil {
			limit = max(limit, st.Size())
		}
	}
	var old syscall.Rlimit
	syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old)
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: uint64(limit + 16<<10), Max: old.Max}); err != nil {
		fmt.Println("FAIL setrlimit:", err)
		return 1
	}
	scan := make([]byte, 4<<20) // a 4 MB scanned letter
	for i := range scan {
		scan[i] = byte(i * 7)
	}
	var cid int64
	s.db.Raw(`SELECT MAX(id) FROM cases`).Scan(&cid)
	_, err = s.AddAttachment(ctx, a, cid, "来信扫描件.pdf", "application/pdf", scan)
	if !errors.Is(err, ErrDiskFull) || !strings.HasPrefix(UserMessage(err), "无法写入磁盘：") || !strings.Contains(UserMessage(err), "本次修改没有保存") {
		fmt.Printf("FAIL attachment on a full disk: err = %v (user sees %q), want ErrDiskFull\n", err, UserMessage(err))
	}
	if after := counts(); after != before {
		fmt.Printf("FAIL counts after the failed write %s, before %s\n", after, before)
	}
	// No room for even a small copy.
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: 8 << 10, Max: old.Max}); err != nil {
		fmt.Println("FAIL setrlimit:", err)
		return 1
	}
	dst := filepath.Join(backupDir, "full.db")
	err = s.Backup(ctx, a, dst)
	if !errors.Is(err, ErrDiskFull) {
		fmt.Printf("FAIL backup on a full disk: err = %v, want ErrDiskFull\n", err)
	}
	for _, p := range []string{dst, dst + ".part"} {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			fmt.Printf("FAIL the failed backup left %s (%v)\n", p, err)
		}
	}
	fmt.Println("user sees:", UserMessage(err))
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		fmt.Println("FAIL restore rlimit:", err)
		return 1
	}
	if _, err := s.AddAttachment(ctx, a, cid, "来信扫描件.pdf", "application/pdf", scan); err != nil {
		fmt.Println("FAIL the same write once there is room:", err)
	}
	return 0
}

func TestFullDiskLeavesDatabaseAsItWas(t *testing.T) {
	path := crashFixture(t)
	c := startChild(t, "fsize", path, t.TempDir())
	lines, err := c.rest()
	for _, l := range lines {
		if strings.HasPrefix(l, "FAIL") {
			t.Error(l)
		}
	}
	if err != nil {
		t.Fatalf("child: %v; lines %q", err, lines)
	}
	checkSound(t, path)
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var attachments int64
	s.db.Raw(`SELECT COUNT(*) FROM attachments`).Scan(&attachments)
	if attachments != 1 {
		t.Errorf("%d attachments, want only the one written once there was room", attachments)
	}
}

// childOpen opens arg's database as an ordinary user (nobody, when the test runs as root,
// whom file permissions do not bind) and prints which sentinel the error matches and
// what the user is told.
func childOpen(db, _ string) int {
	if os.Geteuid() == 0 {
		if err := syscall.Setgroups(nil); err != nil {
			fmt.Println("FAIL setgroups:", err)
			return 1
		}
		if err := syscall.Setgid(65534); err != nil {
			fmt.Println("FAIL setgid:", err)
			return 1
		}
		if err := syscall.Setuid(65534); err != nil {
			fmt.Println("FAIL setuid:", err)
			return 1
		}
	}
	s, err := Open(db)
	if err == nil {
		s.Close()
		fmt.Println("opened")
		return 0
	}
	kind := "other"
	for name, sentinel := range map[string]error{"readonly": ErrReadOnly, "nofolder": ErrNoFolder, "damaged": ErrDamaged, "notadb": ErrNotADB} {
		if errors.Is(err, sentinel) {
			kind = name
		}
	}
	fmt.Println(kind, UserMessage(err))
	return 0
}

func TestOpenReadOnlyFileOrFolder(t *testing.T) {
	good := crashFixture(t)
	data := fileBytes(t, good)
	root := t.TempDir()
	// Let the unprivileged child through the test's folders.
	for d := root; d != filepath.Dir(os.TempDir()) && d != "/"; d = filepath.Dir(d) {
		if strings.HasPrefix(d, os.TempDir()) && d != os.TempDir() {
			os.Chmod(d, 0o755)
		}
	}
	setup := func(name string, fileMode, dirMode os.FileMode, withFile bool) string {
		dir := filepath.Join(root, name)
		os.Mkdir(dir, 0o777)
		os.Chmod(dir, 0o777)
		p := filepath.Join(dir, "baoan.db")
		if withFile {
			os.WriteFile(p, data, 0o600)
			os.Chmod(p, fileMode)
		}
		os.Chmod(dir, dirMode)
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
		return p
	}
	tests := []struct {
		name string
		path string
		want string // the kind and a phrase of the message
	}{
		{"read-only file", setup("rofile", 0o444, 0o777, true), "readonly 没有写入数据库文件"},
		{"read-only folder, new database", setup("rodir", 0, 0o555, false), "readonly 无法写入数据库"},
		{"read-only folder, existing database", setup("rodir2", 0o666, 0o555, true), "readonly 无法写入数据库"},
		{"folder cannot be made", filepath.Join(filepath.Dir(setup("rodir3", 0, 0o555, false)), "sub", "baoan.db"), "nofolder 无法创建数据库文件夹"},
		{"writable", setup("rw", 0o666, 0o777, true), "opened"},
	}
	for _, tt := range tests {
		c := startChild(t, "open", tt.path, "")
		lines, err := c.rest()
		kind, phrase, _ := strings.Cut(tt.want, " ")
		if err != nil || len(lines) != 1 || !strings.HasPrefix(lines[0], kind) || !strings.Contains(lines[0], phrase) {
			t.Errorf("%s: Open(%s) says %q (%v), want %q…", tt.name, tt.path, lines, err, tt.want)
		}
	}
}
