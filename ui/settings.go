package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"

	"baoan/model"
)

// SettingsEditor is what the 设置 screen needs from the database: the office settings,
// the dictionaries (units, streets and communities, categories, leaders) and the
// holiday calendar. Every write checks the actor's permission in the store as well.
type SettingsEditor interface {
	Settings(ctx context.Context) (map[string]string, error)
	SetSetting(ctx context.Context, a model.Actor, key, value string) error

	Units(ctx context.Context, kind model.UnitKind, parentID int64) ([]model.Unit, error)
	CreateUnit(ctx context.Context, a model.Actor, u model.Unit) (model.Unit, error)
	UpdateUnit(ctx context.Context, a model.Actor, u model.Unit) (model.Unit, error)
	DeleteUnit(ctx context.Context, a model.Actor, id int64) error

	Categories(ctx context.Context) ([]model.Category, error)
	CreateCategory(ctx context.Context, a model.Actor, c model.Category) (model.Category, error)
	UpdateCategory(ctx context.Context, a model.Actor, c model.Category) (model.Category, error)
	DeleteCategory(ctx context.Context, a model.Actor, id int64) error

	Leaders(ctx context.Context, activeOnly bool) ([]model.Leader, error)
	CreateLeader(ctx context.Context, a model.Actor, l model.Leader) (model.Leader, error)
	UpdateLeader(ctx context.Context, a model.Actor, l model.Leader) (model.Leader, error)

	Holidays(ctx context.Context, from, to model.Date) ([]model.Holiday, error)
	PutHoliday(ctx context.Context, a model.Actor, h model.Holiday) error
	DeleteHoliday(ctx context.Context, a model.Actor, day model.Date) error
}

// settings is the 设置 screen: a tab per dictionary, the holiday calendar, the office
// settings with backup and import, and for administrators the accounts and the audit
// log. Those who may not edit see the same tabs with the editing buttons disabled.
type settings struct {
	e *env

	tabs        *container.AppTabs
	streets     *dictPane
	communities *dictPane
	departments *dictPane
	categories  *dictPane
	leaders     *leaderEditor
	holidays    *holidayEditor
	general     *generalSettings
	users       *users            // nil unless an administrator
	audit       *auditLog         // nil unless an administrator
	database    *databaseSettings // nil unless an administrator
	view        fyne.CanvasObject
}

func newSettings(e *env) *settings {
	s := &settings{e: e}
	s.buildStreets()
	s.departments = unitPane(e, lang.L("settings.what.department"), model.UnitDepartment, func() (int64, error) { return 0, nil }).build()
	s.categories = categoryPane(e)
	s.leaders = newLeaderEditor(e)
	s.holidays = newHolidayEditor(e)
	s.general = newGeneralSettings(e)

	s.tabs = container.NewAppTabs(
		container.NewTabItem(lang.L("settings.tab.streets"), container.NewGridWithColumns(2, s.streets.view, s.communities.view)),
		container.NewTabItem(lang.L("settings.tab.categories"), s.categories.view),
		container.NewTabItem(lang.L("settings.tab.departments"), s.departments.view),
		container.NewTabItem(lang.L("settings.tab.leaders"), s.leaders.view),
		container.NewTabItem(lang.L("settings.tab.holidays"), s.holidays.view),
		container.NewTabItem(lang.L("settings.tab.general"), s.general.view),
	)
	if e.actor.Role == model.RoleAdmin {
		s.users = newUsers(e)
		s.audit = newAuditLog(e)
		s.tabs.Append(container.NewTabItem(lang.L("settings.tab.users"), s.users.view))
		s.tabs.Append(container.NewTabItem(lang.L("settings.tab.audit"), s.audit.view))
		s.database = newDatabaseSettings(e)
		s.tabs.Append(container.NewTabItem(lang.L("dbsetting.tab"), s.database.view))
	}
	s.view = s.tabs

	s.streets.reload()
	s.departments.reload()
	s.categories.reload()
	return s
}

// buildStreets makes the streets list and, beside it, the communities of the street
// selected in it: the two levels of the location tree.
func (s *settings) buildStreets() {
	var street *dictEntry
	s.streets = unitPane(s.e, lang.L("settings.what.street"), model.UnitStreet, func() (int64, error) { return 0, nil })
	s.communities = unitPane(s.e, lang.L("settings.what.community"), model.UnitCommunity, func() (int64, error) {
		if street == nil {
			return 0, errors.New(lang.L("settings.street.pick_first"))
		}
		return street.ID, nil
	})
	s.streets.picked = func(d *dictEntry) {
		street = d
		if s.communities.list != nil {
			s.communities.reload()
		}
	}
	s.streets.build()
	s.communities.build()
}
