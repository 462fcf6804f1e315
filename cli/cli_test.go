package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"baoan/model"
)

// runCLI runs the command line as main does and returns the exit status and output.
func runCLI(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	cfg, err := ParseGlobal(args, func(k string) string { return env[k] })
	if err != nil {
		return ExitUsage, "", err.Error()
	}
	var out, errb bytes.Buffer
	code := Main(context.Background(), cfg, IO{In: strings.NewReader(""), Out: &out, Err: &errb})
	return code, out.String(), errb.String()
}

func TestParseGlobalDatabase(t *testing.T) {
	env := map[string]string{"BAOAN_DB": "/srv/office.db"}
	cfg, err := ParseGlobal([]string{"stats", "--month", "2026-10"}, func(k string) string { return env[k] })
	if err != nil || cfg.DB != "/srv/office.db" || cfg.Command != "stats" {
		t.Errorf("ParseGlobal with BAOAN_DB = %+v, %v; want db /srv/office.db, command stats", cfg, err)
	}
	cfg, _ = ParseGlobal([]string{"--db", "/tmp/x.db", "demo"}, func(k string) string { return env[k] })
	if cfg.DB != "/tmp/x.db" {
		t.Errorf("--db should win over BAOAN_DB, got %q", cfg.DB)
	}
	cfg, _ = ParseGlobal(nil, func(string) string { return "" })
	if cfg.Command != "" || !strings.HasSuffix(cfg.DB, filepath.Join("baoan", "baoan.db")) {
		t.Errorf("no args: %+v; want the app on the default database", cfg)
	}
}

func TestParseGlobalDBFromDefault(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		env  string
		want bool
	}{
		{"nothing given", nil, "", true},
		{"--db", []string{"--db", "/tmp/x.db"}, "", false},
		{"BAOAN_DB", nil, "postgres://u@h/db", false},
		{"both", []string{"--db", "/tmp/x.db"}, "/srv/office.db", false},
	} {
		cfg, err := ParseGlobal(tc.args, func(k string) string {
			if k == "BAOAN_DB" {
				return tc.env
			}
			return ""
		})
		if err != nil || cfg.DBFromDefault != tc.want {
			t.Errorf("%s: ParseGlobal(%q) DBFromDefault = %v, %v; want %v", tc.name, tc.args, cfg.DBFromDefault, err, tc.want)
		}
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "u.db")
	for _, args := range [][]string{
		{"--db", db, "frobnicate"},
		{"--db", db, "stats"},
		{"--db", db, "stats", "--month", "2026-13"},
		{"--db", db, "stats", "--month", "2026-10", "--from", "2026-10-01"},
		{"--db", db, "stats", "--from", "2026-10-09", "--to", "2026-10-01"},
		{"--db", db, "demo", "--cases", "-5"},
		{"--db", db, "demo", "--cases", "many"},
		{"--nosuchflag"},
	} {
		code, _, stderr := runCLI(t, nil, args...)
		if code != ExitUsage {
			t.Errorf("baoan %v: exit %d, want %d (stderr %q)", args, code, ExitUsage, stderr)
		}
		if !strings.ContainsAny(stderr, "请应不未有") {
			t.Errorf("baoan %v: stderr %q should explain in Chinese", args, stderr)
		}
	}
}

func TestUserErrorExitOne(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "notes.db")
	os.WriteFile(bad, bytes.Repeat([]byte("不是数据库"), 1000), 0o600)
	code, _, stderr := runCLI(t, nil, "--db", bad, "stats", "--month", "2026-10")
	if code != ExitUser || !strings.Contains(stderr, "不是有效的数据库") {
		t.Errorf("stats on a foreign file: exit %d, stderr %q; want 1 and a Chinese explanation", code, stderr)
	}
}

func TestDemoThenStatsJSON(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	code, out, stderr := runCLI(t, nil, "--db", db, "demo", "--cases", "1500")
	if code != ExitOK {
		t.Fatalf("demo: exit %d, stderr %s", code, stderr)
	}
	if !strings.Contains(out, "1500") {
		t.Errorf("demo output %q should say how many cases were made", out)
	}
	last := model.Today().AddDays(-model.Today().Day() - 1) // a day in last month
	month := last.String()[:7]
	code, out, stderr = runCLI(t, map[string]string{"BAOAN_DB": db}, "stats", "--month", month, "--json")
	if code != ExitOK {
		t.Fatalf("stats: exit %d, stderr %s", code, stderr)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("stats --json is not JSON: %v\n%s", err, out)
	}
	for _, k := range []string{"from", "to", "received", "accepted", "not_accepted", "transferred", "closed",
		"overdue_open", "backlog_resolved", "rates", "by_leader", "by_street", "by_category", "by_channel"} {
		if _, ok := got[k]; !ok {
			t.Errorf("stats --json lacks %q", k)
		}
	}
	if got["received"].(float64) < 30 {
		t.Errorf("a month of 1500 cases over 24 months should receive ~60, got %v", got["received"])
	}
	rates := got["rates"].(map[string]any)
	for _, k := range []string{"timely_acceptance", "on_time_closure", "closure", "rated", "satisfaction", "revisit", "repeat"} {
		r, ok := rates[k].(map[string]any)
		if !ok {
			t.Errorf("rates lacks %q", k)
			continue
		}
		if _, ok := r["num"]; !ok {
			t.Errorf("rate %s lacks num: %v", k, r)
		}
	}
	code, out, _ = runCLI(t, nil, "--db", db, "stats", "--month", month)
	if code != ExitOK || !strings.Contains(out, "按期办结率") || !strings.Contains(out, "登记") {
		t.Errorf("stats table: exit %d, output %q", code, out)
	}
}
