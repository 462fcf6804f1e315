package applog

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// childEnv makes this test binary a child: "crash" panics on a goroutine after starting
// the crash monitor, "clean" starts it and exits normally. A child started by
// StartMonitor is the monitor (MonitorEnv set) and prints what it would show.
const childEnv = "BAOAN_APPLOG_TEST_CHILD"

func TestMain(m *testing.M) {
	if logPath := MonitorLog(); logPath != "" {
		RunMonitor(os.Stdin, logPath, func(report string) { fmt.Println("SHOWN:", strings.ReplaceAll(report, "\n", " ")) })
		os.Exit(0)
	}
	switch os.Getenv(childEnv) {
	case "":
		os.Exit(m.Run())
	case "crash":
		if _, err := StartMonitor(os.Args[0], []string{"-test.run=^$"}, os.Getenv("LOG")); err != nil {
			fmt.Println("FAIL", err)
			os.Exit(3)
		}
		done := make(chan bool)
		go func() {
			var m map[string]int
			m["登记"]++ // a nil map: the kind of bug that slips through
			done <- true
		}()
		<-done
	case "clean":
		if _, err := StartMonitor(os.Args[0], []string{"-test.run=^$"}, os.Getenv("LOG")); err != nil {
			fmt.Println("FAIL", err)
			os.Exit(3)
		}
		os.Exit(0)
	}
}

func TestLogRotatesBySize(t *testing.T) {
	path := filepath.Join(t.TempDir(), "logs", FileName)
	l, err := OpenSized(path, 100, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		fmt.Fprintf(l, "第%02d行：%s\n", i, strings.Repeat("x", 30)) // 43 bytes a line
	}
	l.Close()
	// Two lines fit under 100 bytes: 10 lines make 5 files, of which the newest 3 remain.
	want := map[string]string{
		path:        "第08行",
		path + ".1": "第06行",
		path + ".2": "第04行",
	}
	for p, first := range want {
		b, err := os.ReadFile(p)
		if err != nil || !strings.HasPrefix(string(b), first) || len(b) > 100 {
			t.Errorf("%s = %q, %v; want it to start with %s and hold at most 100 bytes", filepath.Base(p), b, err, first)
		}
	}
	if _, err := os.Stat(path + ".3"); !os.IsNotExist(err) {
		t.Errorf("%s.3 exists (%v); only 2 old files are kept", path, err)
	}
	// Opening again knows the size so far: a line that would pass the limit rotates.
	l, _ = OpenSized(path, 100, 2)
	l.Printf("再次打开")
	l.Close()
	if b, _ := os.ReadFile(path); !strings.HasSuffix(string(b), " 再次打开\n") || strings.Contains(string(b), "第") {
		t.Errorf("after reopening the log holds %q, want the new line alone", b)
	}
	if b, _ := os.ReadFile(path + ".1"); !strings.HasPrefix(string(b), "第08行") {
		t.Errorf("after reopening %s.1 holds %q, want the lines before", path, b)
	}
}

func TestPathFor(t *testing.T) {
	tests := []struct{ db, want string }{
		{filepath.Join("srv", "office", "baoan.db"), filepath.Join("srv", "office", FileName)},
		{"postgres://u@h/db", filepath.Join("fallback", FileName)},
		{"", filepath.Join("fallback", FileName)},
	}
	for _, tt := range tests {
		if got := PathFor(tt.db, "fallback"); got != tt.want {
			t.Errorf("PathFor(%q) = %q, want %q", tt.db, got, tt.want)
		}
	}
}

func TestRecoverLogsAndShows(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var shown string
	func() {
		defer l.Recover(func(r string) { shown = r })
		var cases []int
		_ = cases[3] // index out of range
	}()
	l.Close()
	if !strings.HasPrefix(shown, "程序内部出错：runtime error: index out of range") || !strings.Contains(shown, path) {
		t.Errorf("shown %q, want the error and the log's path", shown)
	}
	b, _ := os.ReadFile(path)
	if !strings.Contains(string(b), "panic: runtime error: index out of range") || !strings.Contains(string(b), "TestRecoverLogsAndShows") {
		t.Errorf("log = %q, want the panic and its stack", b)
	}
	// Without a panic, nothing happens.
	called := false
	func() { defer l.Recover(func(string) { called = true }) }()
	if called {
		t.Errorf("Recover called show without a panic")
	}
}

// runChild runs this binary as a child in mode and returns what it and the monitor it
// starts print: stdout reaches EOF only once both have ended.
func runChild(t *testing.T, mode, logPath string) (string, error) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+mode, "LOG="+logPath)
	out, err := cmd.Output()
	return string(out), err
}

func TestMonitorReportsCrashOnAnotherGoroutine(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), FileName)
	out, err := runChild(t, "crash", logPath)
	if err == nil {
		t.Fatalf("the crashing child exited normally; output %q", out)
	}
	if !strings.Contains(out, "SHOWN: 程序内部出错：panic: assignment to entry in nil map") || !strings.Contains(out, logPath) {
		t.Errorf("the monitor showed %q, want the panic and the log's path", out)
	}
	b, _ := os.ReadFile(logPath)
	if !strings.Contains(string(b), "程序崩溃：panic: assignment to entry in nil map") || !strings.Contains(string(b), "goroutine") {
		t.Errorf("log = %q, want the crash report with its goroutines", b)
	}
}

func TestMonitorQuietOnNormalExit(t *testing.T) {
	logPath := filepath.Join(t.TempDir(), FileName)
	out, err := runChild(t, "clean", logPath)
	if err != nil || out != "" {
		t.Errorf("a clean exit: %v, output %q; want nothing shown", err, out)
	}
	if _, err := os.Stat(logPath); !os.IsNotExist(err) {
		t.Errorf("a clean exit wrote the log (%v)", err)
	}
}

func TestNilLogWritesToStderr(t *testing.T) {
	var l *Log
	l.Printf("没有日志文件时也不出错")
	if l.Path() != "" || l.Close() != nil {
		t.Errorf("a nil log: Path %q, Close %v", l.Path(), l.Close())
	}
	if r := l.Panic("出错", nil); !strings.Contains(r, "程序内部出错：出错") {
		t.Errorf("a nil log's report = %q", r)
	}
}
