package ui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"fyne.io/fyne/v2/test"

	"baoan/model"
)

// databaseTries records the targets a TestDatabase func was asked to open and answers
// with err.
type databaseTries struct {
	mu      sync.Mutex
	targets []string
	err     error
}

func (d *databaseTries) try(_ context.Context, target string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.targets = append(d.targets, target)
	return d.err
}

func TestSettingsDatabaseTabOnlyForAdmin(t *testing.T) {
	s := openTestStore(t)
	for _, tc := range []struct {
		actor model.Actor
		want  bool
	}{
		{actAdmin, true},
		{actClerk, false},
		{actViewer, false},
	} {
		e, _ := adminEnv(t, s, tc.actor)
		st := newSettings(e)
		showScreen(e, st.view)
		got := slices.Contains(tabTexts(st.tabs.Items), "数据库")
		if got != tc.want || (st.database != nil) != tc.want {
			t.Errorf("%s: 数据库 tab shown = %v (pane %v), want %v", tc.actor.Role, got, st.database != nil, tc.want)
		}
	}
}

func TestSettingsDatabaseTestConnection(t *testing.T) {
	s := openTestStore(t)
	for _, tc := range []struct {
		name   string
		target string
		err    error
		want   []string // in the result line
		hidden string   // never on screen
	}{
		{"file ok", " /srv/office.db ", nil, []string{"连接成功", "/srv/office.db"}, ""},
		{"pg ok", "postgres://baoan:s3cret@db:5432/baoan", nil, []string{"连接成功", "postgres://baoan:", "db:5432/baoan"}, "s3cret"},
		{"refused", "postgres://baoan:s3cret@db/baoan", errors.New("服务器拒绝连接"), []string{"无法打开", "服务器拒绝连接"}, "s3cret"},
	} {
		e, _ := adminEnv(t, s, actAdmin)
		tries := &databaseTries{err: tc.err}
		e.opts = Options{TestDatabase: tries.try, DatabaseTarget: "/home/x/baoan.db"}
		d := newDatabaseSettings(e)
		showScreen(e, d.view)

		test.Type(d.target, tc.target)
		test.Tap(d.test)
		if d.result.Text != "正在连接……" || !d.save.Disabled() {
			t.Errorf("%s: while testing result = %q, save disabled %v; want 正在连接…… and disabled", tc.name, d.result.Text, d.save.Disabled())
		}
		e.bg.drain()
		if want := []string{strings.TrimSpace(tc.target)}; !slices.Equal(tries.targets, want) {
			t.Errorf("%s: TestDatabase called with %q, want %q", tc.name, tries.targets, want)
		}
		for _, w := range tc.want {
			if !strings.Contains(d.result.Text, w) {
				t.Errorf("%s: result = %q, want it to contain %q", tc.name, d.result.Text, w)
			}
		}
		if tc.hidden != "" && strings.Contains(d.result.Text, tc.hidden) {
			t.Errorf("%s: result = %q shows the password", tc.name, d.result.Text)
		}
		if d.test.Disabled() || d.save.Disabled() {
			t.Errorf("%s: buttons still disabled after the test", tc.name)
		}
		if got := e.app.Preferences().String(PrefDatabaseTarget); got != "" {
			t.Errorf("%s: testing stored preference %q, want nothing stored", tc.name, got)
		}
	}
}

func TestSettingsDatabaseEmptyTargetAsksForOne(t *testing.T) {
	e, _ := adminEnv(t, openTestStore(t), actAdmin)
	tries := &databaseTries{}
	e.opts = Options{TestDatabase: tries.try}
	d := newDatabaseSettings(e)
	showScreen(e, d.view)
	test.Tap(d.test)
	e.bg.drain()
	if len(tries.targets) != 0 {
		t.Errorf("TestDatabase called with %q for an empty box, want not called", tries.targets)
	}
	if got := overlayText(e.win); !strings.Contains(got, "请先在「改用」框中填写") {
		t.Errorf("testing an empty box shows %q, want the fill-in message", got)
	}
}

func TestSettingsDatabaseNoTesterHidesButton(t *testing.T) {
	e, _ := adminEnv(t, openTestStore(t), actAdmin)
	d := newDatabaseSettings(e)
	showScreen(e, d.view)
	if d.test.Visible() {
		t.Errorf("测试连接 visible with a nil TestDatabase, want hidden")
	}
	// Saving then stores at once.
	test.Type(d.target, "/srv/other.db")
	test.Tap(d.save)
	if got := e.app.Preferences().String(PrefDatabaseTarget); got != "/srv/other.db" {
		t.Errorf("preference %s = %q after 保存, want /srv/other.db", PrefDatabaseTarget, got)
	}
}

func TestSettingsDatabaseSave(t *testing.T) {
	const dsn = "postgres://baoan:s3cret@db:5432/baoan?sslmode=disable"
	e, _ := adminEnv(t, openTestStore(t), actAdmin)
	tries := &databaseTries{}
	e.opts = Options{TestDatabase: tries.try, DatabaseTarget: "/home/x/baoan.db"}
	d := newDatabaseSettings(e)
	showScreen(e, d.view)
	if d.saved.Text != "默认数据库文件" {
		t.Errorf("下次启动使用 = %q with no preference, want 默认数据库文件", d.saved.Text)
	}

	test.Type(d.target, dsn)
	test.Tap(d.save)
	e.bg.drain()
	if got := e.app.Preferences().String(PrefDatabaseTarget); got != dsn {
		t.Errorf("preference %s = %q after 保存, want %q", PrefDatabaseTarget, got, dsn)
	}
	if !slices.Equal(tries.targets, []string{dsn}) {
		t.Errorf("保存 tried %q, want the DSN tried before storing it", tries.targets)
	}
	if !strings.Contains(d.result.Text, "下次启动") || strings.Contains(d.result.Text, "s3cret") {
		t.Errorf("result after 保存 = %q, want the next-start note without the password", d.result.Text)
	}
	if strings.Contains(d.saved.Text, "s3cret") || !strings.Contains(d.saved.Text, "db:5432/baoan") {
		t.Errorf("下次启动使用 = %q, want the DSN without its password", d.saved.Text)
	}

	// A target that does not open is not stored.
	tries.err = errors.New("数据库文件「/srv/typo.db」不存在")
	d.target.SetText("/srv/typo.db")
	test.Tap(d.save)
	e.bg.drain()
	if got := e.app.Preferences().String(PrefDatabaseTarget); got != dsn {
		t.Errorf("preference = %q after saving a target that fails, want it unchanged %q", got, dsn)
	}
	if !strings.Contains(d.result.Text, "不存在") {
		t.Errorf("result = %q after saving a target that fails, want the reason", d.result.Text)
	}

	// An empty box goes back to the default file.
	d.target.SetText("")
	test.Tap(d.save)
	e.bg.drain()
	if got := e.app.Preferences().String(PrefDatabaseTarget); got != "" {
		t.Errorf("preference = %q after saving an empty box, want empty (the default file)", got)
	}
	if d.saved.Text != "默认数据库文件" || !strings.Contains(d.result.Text, "默认数据库文件") {
		t.Errorf("after saving an empty box: 下次启动使用 %q, result %q; want the default file", d.saved.Text, d.result.Text)
	}
}

func TestSettingsDatabaseCurrentHidesPassword(t *testing.T) {
	e, _ := adminEnv(t, openTestStore(t), actAdmin)
	e.opts = Options{DatabaseTarget: "postgres://baoan:s3cret@db:5432/baoan"}
	e.app.Preferences().SetString(PrefDatabaseTarget, "postgresql://clerk:hunter2@db2/office?password=q")
	d := newDatabaseSettings(e)
	showScreen(e, d.view)
	if strings.Contains(d.current.Text, "s3cret") || !strings.Contains(d.current.Text, "baoan:") || !strings.Contains(d.current.Text, "@db:5432/baoan") {
		t.Errorf("当前数据库 = %q, want the DSN with its password hidden", d.current.Text)
	}
	if strings.Contains(d.saved.Text, "hunter2") || strings.Contains(d.saved.Text, "password=q") {
		t.Errorf("下次启动使用 = %q, want both passwords hidden", d.saved.Text)
	}
}

func TestHideDSNPassword(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"/home/x/baoan.db", "/home/x/baoan.db"},
		{`C:\信访\baoan.db`, `C:\信访\baoan.db`},
		{"postgres://baoan@db/baoan", "postgres://baoan@db/baoan"},
		{"postgres://baoan:s3cret@db:5432/baoan?sslmode=disable", "postgres://baoan:***@db:5432/baoan?sslmode=disable"},
		{"postgres://baoan:s3cret@db/b%zz", "postgres://…"},
		{"postgresql://u@h/d?password=s3cret&sslmode=disable", "postgresql://u@h/d?password=***&sslmode=disable"},
	} {
		if got := hideDSNPassword(tc.in); got != tc.want {
			t.Errorf("hideDSNPassword(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
