package ui

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

// generalSettings is the 系统 tab: the office's settings, the language of this desk, and
// the buttons for backup, restore and importing a ledger.
type generalSettings struct {
	e       *env
	canEdit bool

	prefix, idle, office *widget.Entry
	roll, readAll        *widget.Check
	language             *widget.Select
	langNote             *widget.Label
	save                 *widget.Button
	backup, restore      *widget.Button
	importLedger         *widget.Button
	view                 fyne.CanvasObject

	loaded map[string]string // UI goroutine only: the values as last read
}

// languageCodes are the choices of the language box, in its order: "" follows the system.
var languageCodes = []string{"", LangChinese, LangEnglish}

func newGeneralSettings(e *env) *generalSettings {
	g := &generalSettings{e: e, canEdit: model.Can(e.actor.Role, model.ActSettingsEdit)}
	g.buildUI()
	g.reload()
	return g
}

func (g *generalSettings) buildUI() {
	g.prefix = widget.NewEntry()
	g.idle = widget.NewEntry()
	g.office = widget.NewEntry()
	g.roll = widget.NewCheck(lang.L("settings.general.roll"), nil)
	g.readAll = widget.NewCheck(lang.L("settings.general.read_all"), nil)
	g.save = widget.NewButtonWithIcon(lang.L("settings.general.save"), theme.DocumentSaveIcon(), g.onSave)
	if !g.canEdit {
		enableIf(false, g.prefix, g.idle, g.office, g.roll, g.readAll, g.save)
	}

	g.language = widget.NewSelect([]string{
		lang.L("settings.general.language.system"), lang.L("settings.general.language.zh"), lang.L("settings.general.language.en"),
	}, nil)
	current := g.e.app.Preferences().String(prefLanguage)
	for i, c := range languageCodes {
		if c == current {
			g.language.SetSelectedIndex(i)
		}
	}
	g.langNote = widget.NewLabel("")
	g.language.OnChanged = func(string) { g.onLanguage() }

	form := widget.NewForm(
		widget.NewFormItem(lang.L("settings.general.office"), g.office),
		widget.NewFormItem(lang.L("settings.general.prefix"), g.prefix),
		widget.NewFormItem("", g.roll),
		widget.NewFormItem("", g.readAll),
		widget.NewFormItem(lang.L("settings.general.idle"), g.idle),
	)
	langForm := widget.NewForm(widget.NewFormItem(lang.L("settings.general.language"), container.NewHBox(g.language, g.langNote)))

	g.backup = widget.NewButtonWithIcon(lang.L("settings.general.backup"), theme.DownloadIcon(), func() { showBackup(g.e) })
	g.restore = widget.NewButtonWithIcon(lang.L("settings.general.restore"), theme.UploadIcon(), func() { showRestore(g.e) })
	g.importLedger = widget.NewButtonWithIcon(lang.L("settings.general.import"), theme.FolderOpenIcon(), func() { showImport(g.e, nil) })
	enableIf(model.Can(g.e.actor.Role, model.ActBackup), g.backup, g.restore)
	enableIf(model.Can(g.e.actor.Role, model.ActImport), g.importLedger)

	g.view = container.NewVScroll(container.NewVBox(
		widget.NewLabelWithStyle(lang.L("settings.general.office_head"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		form,
		container.NewHBox(g.save),
		widget.NewSeparator(),
		langForm,
		widget.NewSeparator(),
		widget.NewLabelWithStyle(lang.L("settings.general.data_head"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewHBox(g.backup, g.restore, g.importLedger),
	))
}

// values is what the boxes say, by setting key.
func (g *generalSettings) values() map[string]string {
	flag := func(c *widget.Check) string {
		if c.Checked {
			return "1"
		}
		return "0"
	}
	return map[string]string{
		settingOfficeName:     strings.TrimSpace(g.office.Text),
		settingCasePrefix:     strings.TrimSpace(g.prefix.Text),
		settingRollToWorkday:  flag(g.roll),
		settingLeadersReadAll: flag(g.readAll),
		settingIdleLock:       strings.TrimSpace(g.idle.Text),
	}
}

// settingOrder is the order settings are saved in: the order of the form.
var settingOrder = []string{settingOfficeName, settingCasePrefix, settingRollToWorkday, settingLeadersReadAll, settingIdleLock}

func (g *generalSettings) reload() {
	g.e.bg.run(func() func() {
		m, err := g.e.backend.Settings(context.Background())
		return func() {
			if err != nil {
				showFailure(g.e, lang.L("settings.doing.settings_load"), err)
				return
			}
			g.loaded = m
			g.office.SetText(m[settingOfficeName])
			g.prefix.SetText(m[settingCasePrefix])
			g.idle.SetText(m[settingIdleLock])
			g.roll.SetChecked(m[settingRollToWorkday] == "1")
			g.readAll.SetChecked(m[settingLeadersReadAll] == "1")
		}
	})
}

// onSave stores the settings that changed, in the order of the form, and stops at the
// first the store refuses, showing its reason.
func (g *generalSettings) onSave() {
	now, a := g.values(), g.e.actor
	var keys []string
	for _, k := range settingOrder {
		if now[k] != g.loaded[k] {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return
	}
	g.save.Disable()
	g.e.bg.run(func() func() {
		var err error
		for _, k := range keys {
			if err = g.e.backend.SetSetting(context.Background(), a, k, now[k]); err != nil {
				break
			}
		}
		return func() {
			if g.canEdit {
				g.save.Enable()
			}
			if err != nil {
				showFailure(g.e, lang.L("settings.doing.settings_save"), err)
				return
			}
			g.reload()
		}
	})
}

// onLanguage keeps the chosen language for the next start: screens already built keep
// their text, so switching at once would leave the window half in each language.
func (g *generalSettings) onLanguage() {
	i := g.language.SelectedIndex()
	if i < 0 || i >= len(languageCodes) {
		return
	}
	prefs := g.e.app.Preferences()
	if prefs.String(prefLanguage) == languageCodes[i] {
		return
	}
	prefs.SetString(prefLanguage, languageCodes[i])
	g.langNote.SetText(lang.L("settings.general.language.next_start"))
}
