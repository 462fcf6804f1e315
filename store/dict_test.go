package store

import (
	"errors"
	"strings"
	"testing"

	"baoan/model"
)

func TestSeedDefaults(t *testing.T) {
	f := newFx(t)
	set, err := f.s.Settings(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{SettingCasePrefix: "信", SettingRollToWorkday: "1", SettingLeadersReadAll: "0"} {
		if set[k] != want {
			t.Errorf("setting %s = %q, want %q", k, set[k], want)
		}
	}
	hs, err := f.s.Holidays(f.ctx, model.MustDate("2026-01-01"), model.MustDate("2026-12-31"))
	if err != nil || len(hs) == 0 {
		t.Fatalf("2026 holidays = %d, %v", len(hs), err)
	}
	if hs[0].Day != model.MustDate("2026-01-01") || hs[0].Kind != model.HolidayOff {
		t.Errorf("first 2026 holiday = %+v, want 元旦 off", hs[0])
	}
	if all, _ := f.s.Holidays(f.ctx, model.Date{}, model.Date{}); len(all) != len(model.BuiltinHolidays()) {
		t.Errorf("seeded %d holidays, want %d", len(all), len(model.BuiltinHolidays()))
	}
}

func TestSettingsAreChecked(t *testing.T) {
	f := newFx(t)
	tests := []struct{ key, value, want string }{
		{SettingCasePrefix, "", "前缀"},
		{SettingCasePrefix, "和〔信〕", "前缀"},
		{SettingCasePrefix, "一二三四五六七八九十十", "前缀"},
		{SettingRollToWorkday, "yes", "1（是）或 0（否）"},
		{"", "x", "设置项名称为空"},
	}
	for _, tt := range tests {
		if err := f.s.SetSetting(f.ctx, f.admin, tt.key, tt.value); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("SetSetting(%q, %q): err = %v, want ErrInvalid saying %q", tt.key, tt.value, err, tt.want)
		}
	}
	if err := f.s.SetSetting(f.ctx, f.admin, "report_title", "宝安区信访局"); err != nil {
		t.Errorf("free setting: %v", err)
	}
	if v, _ := f.s.Setting(f.ctx, "report_title"); v != "宝安区信访局" {
		t.Errorf("Setting(report_title) = %q", v)
	}
	if v, _ := f.s.Setting(f.ctx, "never_set"); v != "" {
		t.Errorf("Setting(never_set) = %q, want empty", v)
	}
}

func TestCalendarDrivesDeadlines(t *testing.T) {
	f := newFx(t)
	received := model.MustDate("2026-04-16") // + 15 days = 05-01, 劳动节
	c := f.newCase(func(c *model.Case) { c.ReceivedOn = received })
	if c.AcceptDue != model.MustDate("2026-05-06") {
		t.Errorf("accept due with rolling = %s, want 2026-05-06 (after the 劳动节 holidays)", c.AcceptDue)
	}
	if err := f.s.SetSetting(f.ctx, f.admin, SettingRollToWorkday, "0"); err != nil {
		t.Fatal(err)
	}
	c = f.newCase(func(c *model.Case) { c.ReceivedOn = received })
	if c.AcceptDue != model.MustDate("2026-05-01") {
		t.Errorf("accept due without rolling = %s, want 2026-05-01", c.AcceptDue)
	}
	// An office's own day off moves a working-day clock.
	f.s.SetSetting(f.ctx, f.admin, SettingRollToWorkday, "1")
	if err := f.s.PutHoliday(f.ctx, f.admin, model.Holiday{Day: model.MustDate("2026-05-06"), Kind: model.HolidayOff, Name: "区里放假"}); err != nil {
		t.Fatal(err)
	}
	c = f.newCase(func(c *model.Case) { c.ReceivedOn = received })
	if c.AcceptDue != model.MustDate("2026-05-07") {
		t.Errorf("accept due after adding 05-06 as a day off = %s, want 2026-05-07", c.AcceptDue)
	}
	if err := f.s.PutHoliday(f.ctx, f.admin, model.Holiday{Day: model.MustDate("2026-05-06"), Kind: "maybe"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("holiday of unknown kind: err = %v, want ErrInvalid", err)
	}
	if err := f.s.DeleteHoliday(f.ctx, f.admin, model.MustDate("2031-01-01")); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleting a day not in the calendar: err = %v, want ErrNotFound", err)
	}
}

func TestUnitTree(t *testing.T) {
	f := newFx(t)
	district, err := f.s.CreateUnit(f.ctx, f.admin, model.Unit{Name: "宝安区", Kind: model.UnitDistrict})
	if err != nil {
		t.Fatal(err)
	}
	bad := []struct {
		u    model.Unit
		want string
	}{
		{model.Unit{Name: "", Kind: model.UnitStreet}, "名称为空"},
		{model.Unit{Name: strings.Repeat("街", 51), Kind: model.UnitStreet}, "过长"},
		{model.Unit{Name: "某社区", Kind: model.UnitCommunity}, "必须属于一个街道"},
		{model.Unit{Name: "某社区", Kind: model.UnitCommunity, ParentID: &district.ID}, "必须属于一个街道"},
		{model.Unit{Name: "某街道", Kind: model.UnitStreet, ParentID: &f.community.ID}, "上级应为区"},
		{model.Unit{Name: "新安街道", Kind: model.UnitStreet}, "已有同名"},
		{model.Unit{Name: "海裕社区", Kind: model.UnitCommunity, ParentID: &f.street.ID}, "已有同名"},
		{model.Unit{Name: "某单位", Kind: "office"}, "单位类型"},
	}
	for _, tt := range bad {
		if _, err := f.s.CreateUnit(f.ctx, f.admin, tt.u); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("CreateUnit(%+v): err = %v, want ErrInvalid saying %q", tt.u, err, tt.want)
		}
	}
	// The same community name under another street is fine.
	if _, err := f.s.CreateUnit(f.ctx, f.admin, model.Unit{Name: "海裕社区", Kind: model.UnitCommunity, ParentID: &f.street2.ID}); err != nil {
		t.Errorf("same community name under another street: %v", err)
	}
	coms, err := f.s.Communities(f.ctx, f.street.ID)
	if err != nil || len(coms) != 1 || coms[0].ID != f.community.ID {
		t.Errorf("Communities(新安街道) = %+v, %v", coms, err)
	}
	streets, _ := f.s.Streets(f.ctx)
	if len(streets) != 2 {
		t.Errorf("Streets = %d, want 2", len(streets))
	}
	// In use: deactivate, not delete; an inactive street takes no new cases.
	f.newCase()
	if err := f.s.DeleteUnit(f.ctx, f.admin, f.street.ID); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "停用") {
		t.Errorf("deleting a street in use: err = %v, want ErrInvalid suggesting 停用", err)
	}
	st := f.street
	st.Active = false
	st.Kind = model.UnitDepartment // the kind cannot be changed
	got, err := f.s.UpdateUnit(f.ctx, f.admin, st)
	if err != nil || got.Kind != model.UnitStreet || got.Active {
		t.Fatalf("UpdateUnit = %+v, %v", got, err)
	}
	if _, err := f.s.CreateCase(f.ctx, f.clerk, f.caseInput(), []model.Petitioner{f.petitioner("张三")}); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "已停用") {
		t.Errorf("new case on an inactive street: err = %v, want ErrInvalid saying 已停用", err)
	}
	if err := f.s.DeleteUnit(f.ctx, f.admin, district.ID); err != nil {
		t.Errorf("deleting an unused district: %v", err)
	}
	if _, err := f.s.Unit(f.ctx, district.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted unit: err = %v, want ErrNotFound", err)
	}
}

func TestCategories(t *testing.T) {
	f := newFx(t)
	if _, err := f.s.CreateCategory(f.ctx, f.admin, model.Category{Name: " 劳动社保 "}); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "已有问题类别") {
		t.Errorf("duplicate category: err = %v", err)
	}
	c2, err := f.s.CreateCategory(f.ctx, f.admin, model.Category{Name: "城乡建设", Sort: -1})
	if err != nil {
		t.Fatal(err)
	}
	cs, _ := f.s.Categories(f.ctx)
	if len(cs) != 2 || cs[0].ID != c2.ID {
		t.Errorf("Categories = %+v, want 城乡建设 first by sort", cs)
	}
	f.newCase()
	if err := f.s.DeleteCategory(f.ctx, f.admin, f.cat.ID); !errors.Is(err, ErrInvalid) {
		t.Errorf("deleting a category in use: err = %v, want ErrInvalid", err)
	}
	if err := f.s.DeleteCategory(f.ctx, f.admin, c2.ID); err != nil {
		t.Errorf("deleting an unused category: %v", err)
	}
	c := f.cat
	c.Active = false
	if _, err := f.s.UpdateCategory(f.ctx, f.admin, c); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.CreateCase(f.ctx, f.clerk, f.caseInput(), []model.Petitioner{f.petitioner("张三")}); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "已停用") {
		t.Errorf("new case in an inactive category: err = %v", err)
	}
}
