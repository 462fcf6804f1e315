package ui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

// Setting keys as the store names them (store.Setting…): ui does not import store.
const (
	settingCasePrefix     = "case_prefix"
	settingRollToWorkday  = "roll_to_workday"
	settingLeadersReadAll = "leaders_read_all"
	settingIdleLock       = "idle_lock_minutes"
	settingOfficeName     = "office_name"
)

// showFailure shows a failed database call. The store's errors already say in Chinese
// what is wrong and how to fix it, so they are shown as they are, under what was being
// done.
func showFailure(e *env, doing string, err error) {
	dialog.ShowError(errors.New(lang.L("settings.error", map[string]any{"Doing": doing, "Err": err.Error()})), e.win)
}

// levelText is the translated name of a leader's level (级别).
func levelText(l model.LeaderLevel) string {
	switch l {
	case model.LevelDistrict:
		return lang.L("settings.level.district")
	case model.LevelDivision:
		return lang.L("settings.level.division")
	case model.LevelSection:
		return lang.L("settings.level.section")
	}
	return string(l)
}

// leaderLevels lists the levels in the order the pick lists show them.
var leaderLevels = []model.LeaderLevel{model.LevelDistrict, model.LevelDivision, model.LevelSection}

// roleText is the translated name of an account's role (角色).
func roleText(r model.Role) string {
	switch r {
	case model.RoleAdmin:
		return lang.L("users.role.admin")
	case model.RoleClerk:
		return lang.L("users.role.clerk")
	case model.RoleLeader:
		return lang.L("users.role.leader")
	case model.RoleViewer:
		return lang.L("users.role.viewer")
	}
	return string(r)
}

// leaderName is a leader's name, marked when they have left office.
func leaderName(l model.Leader) string {
	if !l.Active {
		return lang.L("settings.inactive", map[string]any{"Name": l.Name})
	}
	return l.Name
}

// newGrid is a read-only table with bold headers, as the admin screens list records:
// rows × len(headers) cells, each cell's text from text(row, col).
func newGrid(headers []string, widths []float32, rows func() int, text func(row, col int) string) *widget.Table {
	return newStyledGrid(headers, widths, rows, text, nil)
}

// newStyledGrid is newGrid with each cell's importance (colour) from style.
func newStyledGrid(headers []string, widths []float32, rows func() int, text func(row, col int) string, style func(row, col int) widget.Importance) *widget.Table {
	t := widget.NewTableWithHeaders(
		func() (int, int) { return rows(), len(headers) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if id.Row < 0 || id.Row >= rows() {
				l.SetText("")
				return
			}
			l.Importance = widget.MediumImportance
			if style != nil {
				l.Importance = style(id.Row, id.Col)
			}
			l.SetText(text(id.Row, id.Col))
		},
	)
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Row < 0 && id.Col >= 0 && id.Col < len(headers) {
			o.(*widget.Label).SetText(headers[id.Col])
		}
	}
	pad := 2*theme.InnerPadding() + 2*theme.Padding()
	for col, h := range headers {
		w := fyne.MeasureText(h, theme.TextSize(), fyne.TextStyle{Bold: true}).Width + pad
		if col < len(widths) {
			w = max(w, widths[col])
		}
		t.SetColumnWidth(col, w)
	}
	return t
}

// gridText is what a grid cell shows, rendered through the table's own functions: for
// tests and for the figures a click acts on.
func gridText(t *widget.Table, row, col int) string { return gridCell(t, row, col).Text }

// gridCell is one cell as drawn: its text and importance.
func gridCell(t *widget.Table, row, col int) *widget.Label {
	o := t.CreateCell()
	t.UpdateCell(widget.TableCellID{Row: row, Col: col}, o)
	return o.(*widget.Label)
}

// enableIf enables or disables widgets together.
func enableIf(on bool, ws ...fyne.Disableable) {
	for _, w := range ws {
		if on {
			w.Enable()
		} else {
			w.Disable()
		}
	}
}

// parseMonth reads YYYY-MM as typed in a month box.
func parseMonth(s string) (model.Period, error) { return model.ParseMonth(strings.TrimSpace(s)) }

// monthText is a period's month as a month box shows it.
func monthText(p model.Period) string { return p.From.String()[:7] }
