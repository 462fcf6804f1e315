package applog

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime/debug"
	"strings"
)

// MonitorEnv marks the process started by StartMonitor: the program's own executable,
// run again to watch the first one. Its value is the path of the log to write to.
const MonitorEnv = "BAOAN_CRASH_MONITOR"

// StartMonitor starts the crash monitor (崩溃监视): exe (the program itself) run again
// with MonitorEnv set to logPath, reading its standard input, where the runtime writes
// the report of an unrecovered panic on any goroutine or of a fatal error
// (debug.SetCrashOutput). When the program ends normally the monitor reads nothing and
// ends too; when it crashes, the monitor logs the report and shows it (RunMonitor). This
// is the pattern of runtime/debug's own example: a crashing process cannot be trusted to
// show anything itself.
func StartMonitor(exe string, args []string, logPath string) (*exec.Cmd, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("applog: start monitor: %w", err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), MonitorEnv+"="+logPath)
	cmd.Stdin = r
	// A Windows GUI program has no standard output; nil leaves the monitor without one too.
	if os.Stdout != nil {
		cmd.Stdout = os.Stdout
	}
	if os.Stderr != nil {
		cmd.Stderr = os.Stderr
	}
	if err := cmd.Start(); err != nil {
		r.Close()
		w.Close()
		return nil, fmt.Errorf("applog: start monitor: %w", err)
	}
	r.Close()
	err = debug.SetCrashOutput(w, debug.CrashOptions{})
	w.Close() // SetCrashOutput keeps its own copy
	if err != nil {
		cmd.Process.Kill()
		return nil, fmt.Errorf("applog: start monitor: %w", err)
	}
	// Reap the monitor when it ends, without making the program wait for it.
	go cmd.Wait()
	return cmd, nil
}

// MonitorLog is the log path when this process is the crash monitor, "" otherwise.
func MonitorLog() string { return os.Getenv(MonitorEnv) }

// RunMonitor is the monitor's work: it reads the crash report from r until the watched
// program ends, and if there is one, writes it to the log at logPath and calls show with
// the report for the user. It reports whether the program crashed.
func RunMonitor(r io.Reader, logPath string, show func(report string)) bool {
	data, _ := io.ReadAll(r)
	if len(bytes.TrimSpace(data)) == 0 {
		return false
	}
	what := firstLine(data)
	if l, err := Open(logPath); err == nil {
		l.Printf("程序崩溃：%s\n%s", what, data)
		l.Close()
	} else {
		fmt.Fprintf(os.Stderr, "applog: %v\n%s", err, data)
	}
	if show != nil {
		show(Report(what, logPath))
	}
	return true
}

// firstLine is the line of a crash report that says what happened ("panic: …" or
// "fatal error: …").
func firstLine(data []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" {
			return line
		}
	}
	return "未知错误"
}
