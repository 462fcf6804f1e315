// Package applog keeps the program's log (日志): a file beside the database, rotated by
// size so that it never grows without bound, and the means to turn a panic into a logged
// report the user is shown instead of a window that silently vanishes. Recover catches a
// panic on the goroutine it is deferred on; the crash monitor (monitor.go) catches the
// rest: a panic on any other goroutine and the runtime's fatal errors.
package applog

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"
)

// Rotation defaults: a log of 1 MB holds months of an office's ordinary use; the three
// before it are kept as baoan.log.1 … baoan.log.3.
const (
	DefaultMaxSize = 1 << 20
	DefaultKeep    = 3
)

// FileName is the log's name in the database's folder.
const FileName = "baoan.log"

// PathFor is where the log of the database at dbPath lives: beside it. For a PostgreSQL
// DSN, which has no folder, it is fallbackDir's.
func PathFor(dbPath, fallbackDir string) string {
	if dbPath == "" || hasScheme(dbPath) {
		return filepath.Join(fallbackDir, FileName)
	}
	return filepath.Join(filepath.Dir(dbPath), FileName)
}

func hasScheme(s string) bool {
	for _, p := range []string{"postgres://", "postgresql://"} {
		if len(s) >= len(p) && s[:len(p)] == p {
			return true
		}
	}
	return false
}

// Log is an append-only log file that starts a new file when it passes its size limit.
// It is safe for use by several goroutines; Write makes it an io.Writer for the standard
// log package and Fyne's error log.
type Log struct {
	mu      sync.Mutex
	path    string
	f       *os.File
	size    int64
	maxSize int64
	keep    int
}

// Open opens the log at path with the default rotation, creating its folder.
func Open(path string) (*Log, error) { return OpenSized(path, DefaultMaxSize, DefaultKeep) }

// OpenSized opens the log at path, which is rotated once it would pass maxSize bytes,
// keeping keep older files (path.1 the newest of them).
func OpenSized(path string, maxSize int64, keep int) (*Log, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("applog: %w", err)
	}
	l := &Log{path: path, maxSize: maxSize, keep: keep}
	if err := l.open(); err != nil {
		return nil, err
	}
	return l, nil
}

func (l *Log) open() error {
	f, err := os.OpenFile(l.path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("applog: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("applog: %w", err)
	}
	l.f, l.size = f, st.Size()
	return nil
}

// Path is the log file's path.
func (l *Log) Path() string {
	if l == nil {
		return ""
	}
	return l.path
}

// A nil *Log writes to standard error: the program runs on when no log file can be made.

// Write appends p, rotating first when p would take the file past its limit. A record
// larger than the limit is written whole into a file of its own.
func (l *Log) Write(p []byte) (int, error) {
	if l == nil {
		return os.Stderr.Write(p) // no log file could be opened
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return 0, os.ErrClosed
	}
	if l.size > 0 && l.size+int64(len(p)) > l.maxSize {
		if err := l.rotate(); err != nil {
			return 0, err
		}
	}
	n, err := l.f.Write(p)
	l.size += int64(n)
	return n, err
}

// rotate shifts path.N-1 → path.N … path → path.1, dropping what falls past keep.
func (l *Log) rotate() error {
	l.f.Close()
	l.f = nil
	os.Remove(fmt.Sprintf("%s.%d", l.path, l.keep))
	for i := l.keep - 1; i >= 1; i-- {
		os.Rename(fmt.Sprintf("%s.%d", l.path, i), fmt.Sprintf("%s.%d", l.path, i+1))
	}
	if l.keep > 0 {
		os.Rename(l.path, l.path+".1")
	} else {
		os.Remove(l.path)
	}
	return l.open()
}

// Printf writes one line with the time in front.
func (l *Log) Printf(format string, args ...any) {
	fmt.Fprintf(l, "%s %s\n", time.Now().Format("2006-01-02 15:04:05"), fmt.Sprintf(format, args...))
}

// Close closes the file; later writes fail.
func (l *Log) Close() error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// Recover is deferred to catch a panic on the current goroutine: it writes the panic and
// its stack to the log and calls show with a report in Chinese for the user. It must be
// the deferred call itself (defer l.Recover(show)); a goroutine without it that panics
// ends the program, which the crash monitor then reports.
func (l *Log) Recover(show func(report string)) {
	r := recover()
	if r == nil {
		return
	}
	report := l.Panic(r, debug.Stack())
	if show != nil {
		show(report)
	}
}

// Panic logs a recovered panic value and its stack and returns the report for the user.
func (l *Log) Panic(value any, stack []byte) string {
	l.Printf("panic: %v\n%s", value, stack)
	return Report(fmt.Sprint(value), l.Path())
}

// Report is what the user is told about an internal error: what happened, that the details
// are in the log, and what to do.
func Report(what, logPath string) string {
	if logPath == "" {
		logPath = "（无法写入日志文件，详情已输出到标准错误）"
	}
	return fmt.Sprintf("程序内部出错：%s\n\n详细情况已记录在日志文件 %s 中。已保存的数据不受影响（每次修改都在保存时写入数据库）；"+
		"正在编辑但尚未保存的内容可能需要重新填写。如果问题反复出现，请把日志文件发给系统维护人员。", what, logPath)
}
