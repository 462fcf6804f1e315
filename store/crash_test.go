package store

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"baoan/model"
)

// Tests that need a second program run this test binary again as a child process: the
// environment variable childEnv names what the child does (one of childModes), childDBEnv
// the database it works on, and childArgEnv anything else. TestMain sends such a run to
// its mode instead of to the tests.
const (
	childEnv    = "BAOAN_STORE_TEST_CHILD"
	childDBEnv  = "BAOAN_STORE_TEST_DB"
	childArgEnv = "BAOAN_STORE_TEST_ARG"
)

// childModes are what a child process can be asked to do; files of this package add
// theirs in init. A mode returns the child's exit status.
var childModes = map[string]func(db, arg string) int{
	"writer": childWriter,
}

func TestMain(m *testing.M) {
	if mode := os.Getenv(childEnv); mode != "" {
		run, ok := childModes[mode]
		if !ok {
			fmt.Fprintf(os.Stderr, "unknown child mode %q\n", mode)
			os.Exit(3)
		}
		os.Exit(run(os.Getenv(childDBEnv), os.Getenv(childArgEnv)))
	}
	os.Exit(m.Run())
}

// child is a running child process and the lines it prints, as they come.
type child struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	lines chan string // closed when the child's stdout closes
}

// startChild runs this test binary as a child in the given mode.
func startChild(t *testing.T, mode, db, arg string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+mode, childDBEnv+"="+db, childArgEnv+"="+arg)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start child %s: %v", mode, err)
	}
	c := &child{cmd: cmd, stdin: stdin, lines: make(chan string, 1024)}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
		close(c.lines)
	}()
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return c
}

// next is the child's next line, or "" when it has ended.
func (c *child) next() string { return <-c.lines }

// rest waits for the child to end and returns the lines not yet read and its exit error.
func (c *child) rest() ([]string, error) {
	var out []string
	for l := range c.lines {
		out = append(out, l)
	}
	return out, c.cmd.Wait()
}

// childFixture is what the children write against: the admin actor and a street and a
// category, found by name in the database the parent set up with crashFixture.
func childFixture(s *Store) (model.Actor, int64, int64, error) {
	admin := model.Actor{UserID: 1, Login: "child", Role: model.RoleAdmin}
	ctx := context.Background()
	var street, cat int64
	units, err := s.Streets(ctx)
	if err != nil {
		return admin, 0, 0, err
	}
	for _, u := range units {
		if u.Name == "新安街道" {
			street = u.ID
		}
	}
	cats, err := s.Categories(ctx)
	if err != nil {
		return admin, 0, 0, err
	}
	for _, c := range cats {
		if c.Name == "劳动社保" {
			cat = c.ID
		}
	}
	if street == 0 || cat == 0 {
		return admin, 0, 0, fmt.Errorf("fixture missing: street %d category %d", street, cat)
	}
	return admin, street, cat, nil
}

// crashFixture makes a database with the street and category the children look for.
func crashFixture(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "baoan.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	admin := model.Actor{UserID: 1, Login: "admin", Role: model.RoleAdmin}
	if _, err := s.CreateUnit(context.Background(), admin, model.Unit{Name: "新安街道", Kind: model.UnitStreet}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateCategory(context.Background(), admin, model.Category{Name: "劳动社保"}); err != nil {
		t.Fatal(err)
	}
	return path
}

// writeOne writes one case with its petitioner, a visit on it and its acceptance, three
// transactions, and prints each after it commits: "case ID", "visit CASE ID",
// "decide CASE VERSION"; before each it prints "begin", so that a kill after a "begin"
// is known to have struck inside a transaction. seq makes the petitioner unique.
func writeOne(s *Store, a model.Actor, street, cat int64, seq int, out io.Writer) error {
	ctx := context.Background()
	today := model.Today()
	p := model.Petitioner{Name: "崩溃测试", IDKind: model.IDResident,
		IDNumber: model.MakeIDNumber("440306", model.MustDate("1950-01-01").AddDays(seq%25000), seq/25000),
		Phone:    fmt.Sprintf("136%08d", seq%100000000), Address: fmt.Sprintf("新安街道%d号", seq)}
	fmt.Fprintln(out, "begin")
	c, err := s.CreateCase(ctx, a, model.Case{Channel: model.ChannelVisit, ReceivedOn: today, CategoryID: cat, StreetID: street,
		Summary: fmt.Sprintf("第%d件：反映工资拖欠问题，要求尽快解决", seq), Demands: "支付工资"}, []model.Petitioner{p})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "case %d\nbegin\n", c.ID)
	v, err := s.AddVisit(ctx, a, model.Visit{CaseID: c.ID, Kind: model.VisitReception, VisitedOn: today, Notes: "接谈记录"})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "visit %d %d\nbegin\n", c.ID, v.ID)
	c, err = s.Decide(ctx, a, c.ID, c.Version, model.DecisionAccept, today, "")
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "decide %d %d\n", c.ID, c.Version)
	return nil
}

// childWriter writes cases, visits and decisions in a loop until killed; arg is the first
// sequence number, so that each run's petitioners are new.
func childWriter(db, arg string) int {
	seq, _ := strconv.Atoi(arg)
	s, err := Open(db)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child open:", err)
		return 1
	}
	a, street, cat, err := childFixture(s)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	for ; ; seq++ {
		if err := writeOne(s, a, street, cat, seq, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "child write:", err)
			return 1
		}
	}
}

// printed is what children reported committed.
type printed struct {
	cases    map[int64]bool
	visits   map[int64]int64 // visit id → case id
	versions map[int64]int   // case id → version after its decision
}

func newPrinted() *printed {
	return &printed{cases: map[int64]bool{}, visits: map[int64]int64{}, versions: map[int64]int{}}
}

func (p *printed) add(t *testing.T, line string) {
	t.Helper()
	var a, b int64
	switch {
	case line == "begin":
	case strings.HasPrefix(line, "case "):
		fmt.Sscanf(line, "case %d", &a)
		p.cases[a] = true
	case strings.HasPrefix(line, "visit "):
		fmt.Sscanf(line, "visit %d %d", &a, &b)
		p.visits[b] = a
	case strings.HasPrefix(line, "decide "):
		fmt.Sscanf(line, "decide %d %d", &a, &b)
		p.versions[a] = int(b)
	default:
		t.Fatalf("child printed %q", line)
	}
}

// checkAfterCrash opens the database a killed child left and checks it: SQLite's and the
// full-text index's integrity checks, the audit chain, every printed row present with
// its audit entry, and no case, visit or decision half written.
func checkAfterCrash(t *testing.T, path string, p *printed) {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatalf("Open after kill: %v", err)
	}
	defer s.Close()
	db := s.db
	var ic []string
	if err := db.Raw(`PRAGMA integrity_check`).Scan(&ic).Error; err != nil || len(ic) != 1 || ic[0] != "ok" {
		t.Fatalf("integrity_check after kill = %v, %v", ic, err)
	}
	if err := db.Exec(`INSERT INTO case_fts(case_fts) VALUES ('integrity-check')`).Error; err != nil {
		t.Fatalf("full-text index after kill: %v", err)
	}
	if bad, err := s.VerifyAudit(context.Background()); err != nil {
		t.Fatalf("audit chain after kill: entry %d: %v", bad, err)
	}
	for id := range p.cases {
		var n int64
		db.Raw(`SELECT COUNT(*) FROM cases c JOIN case_petitioners cp ON cp.case_id = c.id
			JOIN audit_entries a ON a.case_id = c.id AND a.action = 'case.create' WHERE c.id = ?`, id).Scan(&n)
		if n != 1 {
			t.Fatalf("printed case %d: %d rows with its petitioner and audit entry, want 1", id, n)
		}
	}
	for id, caseID := range p.visits {
		var n int64
		db.Raw(`SELECT COUNT(*) FROM visits v JOIN audit_entries a ON a.entity = 'visits' AND a.entity_id = v.id
			WHERE v.id = ? AND v.case_id = ?`, id, caseID).Scan(&n)
		if n != 1 {
			t.Fatalf("printed visit %d of case %d: %d rows with its audit entry, want 1", id, caseID, n)
		}
	}
	for id, version := range p.versions {
		var c model.Case
		db.First(&c, id)
		if c.Version < version || c.Decision != model.DecisionAccept {
			t.Fatalf("printed decision on case %d: version %d decision %q, want %d and accept", id, c.Version, c.Decision, version)
		}
	}
	// Nothing half written: each case has its petitioner, its creation audit entry and its
	// clocks; each visit and each decision has its audit entry.
	var half int64
	db.Raw(`SELECT COUNT(*) FROM cases c WHERE accept_due IS NULL
		OR NOT EXISTS (SELECT 1 FROM case_petitioners cp WHERE cp.case_id = c.id)
		OR NOT EXISTS (SELECT 1 FROM audit_entries a WHERE a.case_id = c.id AND a.action = 'case.create')
		OR (c.decision IS NOT NULL AND c.decision <> '' AND NOT EXISTS (SELECT 1 FROM audit_entries a WHERE a.case_id = c.id AND a.action <> 'case.create' AND a.entity = 'cases'))`).Scan(&half)
	var halfVisits int64
	db.Raw(`SELECT COUNT(*) FROM visits v WHERE NOT EXISTS (SELECT 1 FROM audit_entries a WHERE a.entity = 'visits' AND a.entity_id = v.id)`).Scan(&halfVisits)
	if half != 0 || halfVisits != 0 {
		t.Fatalf("after kill: %d half-written cases, %d visits without their audit entry", half, halfVisits)
	}
	var total int64
	db.Raw(`SELECT COUNT(*) FROM cases`).Scan(&total)
	if total < int64(len(p.cases)) || total > int64(len(p.cases))+1 {
		t.Fatalf("after kill: %d cases, printed %d: at most one may have committed unprinted", total, len(p.cases))
	}
}

// TestCrashSafety kills a writing child process at random moments, 50 times, and checks
// after each kill that the database is whole and holds everything the child had reported
// committed. CRASH_KILLS overrides the number of kills for a longer run.
func TestCrashSafety(t *testing.T) {
	kills := 50
	if n, err := strconv.Atoi(os.Getenv("CRASH_KILLS")); err == nil && n > 0 {
		kills = n
	}
	path := crashFixture(t)
	seed := uint64(time.Now().UnixNano())
	if n, err := strconv.ParseUint(os.Getenv("CRASH_SEED"), 10, 64); err == nil {
		seed = n
	}
	t.Logf("seed %d (set CRASH_SEED to repeat)", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	p := newPrinted()
	unprinted, inside := 0, 0
	for round := range kills {
		c := startChild(t, "writer", path, strconv.Itoa(1000*(round+1)))
		// Let the child commit a random number of lines, then kill it a random fraction of
		// a transaction later: usually inside the next transaction, sometimes between a
		// commit and its line.
		wait := 1 + rng.IntN(15)
		for range wait {
			l := c.next()
			if l == "" {
				rest, err := c.rest()
				t.Fatalf("round %d: child ended early (%v), lines %v", round, err, rest)
			}
			p.add(t, l)
		}
		delay := time.Duration(rng.IntN(4000)) * time.Microsecond
		timer := time.AfterFunc(delay, func() { c.cmd.Process.Kill() })
		rest, err := c.rest()
		timer.Stop()
		if err == nil {
			t.Fatalf("round %d: child exited by itself", round)
		}
		last := ""
		for _, l := range rest {
			p.add(t, l)
			last = l
		}
		if last == "begin" {
			inside++
		}
		checkAfterCrash(t, path, p)
		var total int64
		if s, err := Open(path); err == nil {
			s.db.Raw(`SELECT COUNT(*) FROM cases`).Scan(&total)
			s.Close()
		}
		if total > int64(len(p.cases)) {
			unprinted++
			// The case committed but was not printed; count it as printed from here on so
			// that the next round's bound holds.
			s, _ := Open(path)
			var ids []int64
			s.db.Raw(`SELECT id FROM cases`).Scan(&ids)
			s.Close()
			for _, id := range ids {
				p.cases[id] = true
			}
		}
	}
	t.Logf("%d kills survived (%d inside a transaction); %d cases, %d visits, %d decisions printed; %d kills fell between a case's commit and its line",
		kills, inside, len(p.cases), len(p.visits), len(p.versions), unprinted)
}
