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

// Leader list columns.
const (
	ldName = iota
	ldTitle
	ldLevel
	ldUnit
	ldPhone
	ldColumns
)

// leaderEditor is the 领导 tab of the settings: the leaders' records (姓名, 职务, 级别, 单位,
// 电话) with a form to add one, change one, or deactivate one who left office.
type leaderEditor struct {
	e       *env
	canEdit bool

	table                *widget.Table
	name, title, phone   *widget.Entry
	level, unit          *widget.Select
	newOne, save, toggle *widget.Button
	formHead             *widget.Label
	view                 fyne.CanvasObject

	// UI goroutine only.
	rows     []model.Leader
	units    []model.Unit // what the unit box offers, in its order
	allUnits []model.Unit
	editing  int64 // the leader in the form, 0 for a new one
}

func newLeaderEditor(e *env) *leaderEditor {
	l := &leaderEditor{e: e, canEdit: model.Can(e.actor.Role, model.ActDictEdit)}
	l.buildUI()
	l.reload()
	return l
}

func (l *leaderEditor) buildUI() {
	headers := []string{ldName: lang.L("settings.leader.name"), ldTitle: lang.L("settings.leader.title"),
		ldLevel: lang.L("settings.leader.level"), ldUnit: lang.L("settings.leader.unit"), ldPhone: lang.L("settings.leader.phone")}
	l.table = newGrid(headers, []float32{ldName: 140, ldTitle: 160, ldUnit: 160, ldPhone: 130}, func() int { return len(l.rows) }, l.cellText)
	l.table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(l.rows) {
			l.edit(l.rows[id.Row])
		}
	}

	l.formHead = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.name, l.title, l.phone = widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	var levels []string
	for _, lv := range leaderLevels {
		levels = append(levels, levelText(lv))
	}
	l.level = widget.NewSelect(levels, nil)
	l.unit = widget.NewSelect(nil, nil)
	l.unit.PlaceHolder = lang.L("settings.leader.no_unit")
	l.newOne = widget.NewButtonWithIcon(lang.L("settings.leader.new"), theme.ContentAddIcon(), func() {
		l.table.UnselectAll()
		l.edit(model.Leader{Level: model.LevelSection, Active: true})
	})
	l.save = widget.NewButtonWithIcon(lang.L("settings.leader.save"), theme.DocumentSaveIcon(), l.onSave)
	l.toggle = widget.NewButton(lang.L("settings.leader.deactivate"), l.onToggle)
	form := widget.NewForm(
		widget.NewFormItem(lang.L("settings.leader.name"), l.name),
		widget.NewFormItem(lang.L("settings.leader.title"), l.title),
		widget.NewFormItem(lang.L("settings.leader.level"), l.level),
		widget.NewFormItem(lang.L("settings.leader.unit"), l.unit),
		widget.NewFormItem(lang.L("settings.leader.phone"), l.phone),
	)
	panel := container.NewVBox(l.formHead, form, container.NewHBox(l.newOne, l.save, l.toggle))
	if !l.canEdit {
		enableIf(false, l.name, l.title, l.phone, l.level, l.unit, l.newOne, l.save, l.toggle)
	}
	l.edit(model.Leader{Level: model.LevelSection, Active: true})
	split := container.NewHSplit(l.table, container.NewVScroll(panel))
	split.Offset = 0.6
	l.view = split
}

func (l *leaderEditor) cellText(row, col int) string {
	ld := l.rows[row]
	switch col {
	case ldName:
		return leaderName(ld)
	case ldTitle:
		return ld.Title
	case ldLevel:
		return levelText(ld.Level)
	case ldUnit:
		if ld.UnitID != nil {
			for _, u := range l.allUnits {
				if u.ID == *ld.UnitID {
					return u.Name
				}
			}
		}
		return ""
	case ldPhone:
		return ld.Phone
	}
	return ""
}

func (l *leaderEditor) reload() {
	l.e.bg.run(func() func() {
		ctx := context.Background()
		rows, err := l.e.backend.Leaders(ctx, false)
		var units []model.Unit
		if err == nil {
			units, err = l.e.backend.Units(ctx, "", 0)
		}
		return func() {
			if err != nil {
				showFailure(l.e, lang.L("settings.doing.leaders_load"), err)
				return
			}
			l.rows, l.allUnits = rows, units
			l.units = nil
			names := []string{lang.L("settings.leader.no_unit")}
			for _, u := range units {
				if u.Active && u.Kind != model.UnitCommunity {
					l.units = append(l.units, u)
					names = append(names, u.Name)
				}
			}
			l.unit.SetOptions(names)
			if l.unit.SelectedIndex() < 0 {
				l.unit.SetSelectedIndex(0)
			}
			l.table.Refresh()
			for _, r := range rows {
				if r.ID == l.editing && l.editing != 0 {
					l.edit(r)
				}
			}
		}
	})
}

// edit fills the form with a leader (ID 0: a new one).
func (l *leaderEditor) edit(ld model.Leader) {
	l.editing = ld.ID
	if ld.ID == 0 {
		l.formHead.SetText(lang.L("settings.leader.head_new"))
	} else {
		l.formHead.SetText(lang.L("settings.leader.head_edit", map[string]any{"Name": ld.Name}))
	}
	l.name.SetText(ld.Name)
	l.title.SetText(ld.Title)
	l.phone.SetText(ld.Phone)
	l.level.ClearSelected()
	for i, lv := range leaderLevels {
		if lv == ld.Level {
			l.level.SetSelectedIndex(i)
		}
	}
	l.unit.SetSelectedIndex(0)
	if ld.UnitID != nil {
		for i, u := range l.units {
			if u.ID == *ld.UnitID {
				l.unit.SetSelectedIndex(i + 1)
			}
		}
	}
	if ld.Active || ld.ID == 0 {
		l.toggle.SetText(lang.L("settings.leader.deactivate"))
	} else {
		l.toggle.SetText(lang.L("settings.leader.activate"))
	}
	enableIf(l.canEdit && ld.ID != 0, l.toggle)
}

// form is the leader the form describes.
func (l *leaderEditor) form() model.Leader {
	ld := model.Leader{ID: l.editing, Name: strings.TrimSpace(l.name.Text), Title: strings.TrimSpace(l.title.Text),
		Phone: strings.TrimSpace(l.phone.Text), Level: model.LevelSection, Active: true}
	if i := l.level.SelectedIndex(); i >= 0 {
		ld.Level = leaderLevels[i]
	}
	if i := l.unit.SelectedIndex(); i > 0 && i-1 < len(l.units) {
		id := l.units[i-1].ID
		ld.UnitID = &id
	}
	for _, r := range l.rows {
		if r.ID == ld.ID {
			ld.Active = r.Active
		}
	}
	return ld
}

func (l *leaderEditor) onSave() { l.write(l.form(), lang.L("settings.doing.leader_save")) }

func (l *leaderEditor) onToggle() {
	ld := l.form()
	if ld.ID == 0 {
		return
	}
	ld.Active = !ld.Active
	l.write(ld, lang.L("settings.doing.leader_toggle"))
}

func (l *leaderEditor) write(ld model.Leader, doing string) {
	a := l.e.actor
	l.e.bg.run(func() func() {
		var saved model.Leader
		var err error
		if ld.ID == 0 {
			saved, err = l.e.backend.CreateLeader(context.Background(), a, ld)
		} else {
			saved, err = l.e.backend.UpdateLeader(context.Background(), a, ld)
		}
		return func() {
			if err != nil {
				showFailure(l.e, doing, err)
				return
			}
			l.editing = saved.ID
			l.e.nav.dictionariesChanged()
			l.reload()
		}
	})
}
