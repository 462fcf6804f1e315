package ui

import (
	"context"
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

// UserAdmin is what the admin's 用户 and 操作日志 screens need from the database. The
// store refuses every call to an account without the permission, whatever the screens
// show.
type UserAdmin interface {
	ListUsers(ctx context.Context, a model.Actor) ([]model.User, error)
	CreateUser(ctx context.Context, a model.Actor, u model.User, password string) (model.User, error)
	UpdateUser(ctx context.Context, a model.Actor, u model.User) (model.User, error)
	SetPassword(ctx context.Context, a model.Actor, userID int64, password string) error
	UnlockUser(ctx context.Context, a model.Actor, userID int64) error
	Leaders(ctx context.Context, activeOnly bool) ([]model.Leader, error)

	// AuditQuery pages through the 操作记录 newest first; next is 0 after the last page.
	AuditQuery(ctx context.Context, a model.Actor, f model.AuditFilter) (rows []model.AuditRow, next int64, err error)
	// VerifyAudit checks the hash chain; badID is the first entry that does not hold.
	VerifyAudit(ctx context.Context) (badID int64, err error)
}

// User list columns.
const (
	usLogin = iota
	usName
	usRole
	usLeader
	usActive
	usLocked
	usColumns
)

// users is the administrator's 用户 screen: the accounts, and a form to add one, change
// its name, role and linked leader, deactivate it, set a new password or lift a lockout.
type users struct {
	e   *env
	now func() time.Time // for "locked until"

	table                               *widget.Table
	login, name                         *widget.Entry
	password, confirm                   *widget.Entry
	role, leader                        *widget.Select
	newOne, save, toggle, reset, unlock *widget.Button
	formHead                            *widget.Label
	view                                fyne.CanvasObject

	// UI goroutine only.
	rows    []model.User
	leaders []model.Leader // active leaders, in the leader box's order after "none"
	all     []model.Leader
	editing int64 // the account in the form, 0 for a new one
}

func newUsers(e *env) *users {
	u := &users{e: e, now: time.Now}
	u.buildUI()
	u.reload()
	return u
}

func (u *users) buildUI() {
	headers := []string{usLogin: lang.L("users.col.login"), usName: lang.L("users.col.name"), usRole: lang.L("users.col.role"),
		usLeader: lang.L("users.col.leader"), usActive: lang.L("users.col.active"), usLocked: lang.L("users.col.locked")}
	u.table = newGrid(headers, []float32{usLogin: 120, usName: 120, usLeader: 120, usLocked: 150}, func() int { return len(u.rows) }, u.cellText)
	u.table.OnSelected = func(id widget.TableCellID) {
		if id.Row >= 0 && id.Row < len(u.rows) {
			u.edit(u.rows[id.Row])
		}
	}

	u.formHead = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	u.login, u.name = widget.NewEntry(), widget.NewEntry()
	u.password, u.confirm = widget.NewPasswordEntry(), widget.NewPasswordEntry()
	u.password.SetPlaceHolder(lang.L("users.password.hint"))
	var roles []string
	for _, r := range model.Roles {
		roles = append(roles, roleText(r))
	}
	u.role = widget.NewSelect(roles, func(string) { u.onRole() })
	u.leader = widget.NewSelect(nil, nil)
	u.leader.PlaceHolder = lang.L("users.no_leader")
	u.newOne = widget.NewButtonWithIcon(lang.L("users.new"), theme.ContentAddIcon(), func() {
		u.table.UnselectAll()
		u.edit(model.User{Role: model.RoleClerk, Active: true})
	})
	u.save = widget.NewButtonWithIcon(lang.L("users.save"), theme.DocumentSaveIcon(), u.onSave)
	u.toggle = widget.NewButton(lang.L("users.deactivate"), u.onToggle)
	u.reset = widget.NewButton(lang.L("users.reset"), u.onReset)
	u.unlock = widget.NewButton(lang.L("users.unlock"), u.onUnlock)

	form := widget.NewForm(
		widget.NewFormItem(lang.L("users.col.login"), u.login),
		widget.NewFormItem(lang.L("users.col.name"), u.name),
		widget.NewFormItem(lang.L("users.col.role"), u.role),
		widget.NewFormItem(lang.L("users.col.leader"), u.leader),
		widget.NewFormItem(lang.L("users.password"), u.password),
		widget.NewFormItem(lang.L("users.confirm"), u.confirm),
	)
	panel := container.NewVBox(u.formHead, form,
		container.NewHBox(u.newOne, u.save),
		container.NewHBox(u.toggle, u.reset, u.unlock))
	u.edit(model.User{Role: model.RoleClerk, Active: true})

	split := container.NewHSplit(u.table, container.NewVScroll(panel))
	split.Offset = 0.6
	u.view = split
}

func (u *users) cellText(row, col int) string {
	x := u.rows[row]
	switch col {
	case usLogin:
		return x.Login
	case usName:
		return x.Name
	case usRole:
		return roleText(x.Role)
	case usLeader:
		if x.LeaderID != nil {
			for _, l := range u.all {
				if l.ID == *x.LeaderID {
					return l.Name
				}
			}
		}
		return ""
	case usActive:
		if x.Active {
			return lang.L("users.active")
		}
		return lang.L("users.inactive")
	case usLocked:
		if x.LockedUntil != nil && x.LockedUntil.After(u.now()) {
			return lang.L("users.locked_until", map[string]any{"Time": x.LockedUntil.Local().Format("15:04")})
		}
		return ""
	}
	return ""
}

func (u *users) reload() {
	a := u.e.actor
	u.e.bg.run(func() func() {
		ctx := context.Background()
		rows, err := u.e.backend.ListUsers(ctx, a)
		var all []model.Leader
		if err == nil {
			all, err = u.e.backend.Leaders(ctx, false)
		}
		return func() {
			if err != nil {
				showFailure(u.e, lang.L("users.doing.load"), err)
				return
			}
			u.rows, u.all = rows, all
			u.fillLeaders()
			u.table.Refresh()
			for _, r := range rows {
				if r.ID == u.editing && u.editing != 0 {
					u.edit(r)
				}
			}
		}
	})
}

// fillLeaders offers the active leaders, and the linked one of the account in the form
// even if it has left office.
func (u *users) fillLeaders() {
	var linked int64
	for _, r := range u.rows {
		if r.ID == u.editing && r.LeaderID != nil {
			linked = *r.LeaderID
		}
	}
	u.leaders = nil
	names := []string{lang.L("users.no_leader")}
	for _, l := range u.all {
		if l.Active || l.ID == linked {
			u.leaders = append(u.leaders, l)
			names = append(names, leaderName(l))
		}
	}
	keep := u.leader.SelectedIndex()
	u.leader.SetOptions(names)
	if keep < 0 || keep >= len(names) {
		keep = 0
	}
	u.leader.SetSelectedIndex(keep)
}

// edit fills the form with an account (ID 0: a new one).
func (u *users) edit(x model.User) {
	u.editing = x.ID
	existing := x.ID != 0
	if existing {
		u.formHead.SetText(lang.L("users.head_edit", map[string]any{"Login": x.Login}))
		u.login.Disable()
	} else {
		u.formHead.SetText(lang.L("users.head_new"))
		u.login.Enable()
	}
	u.fillLeaders()
	u.login.SetText(x.Login)
	u.name.SetText(x.Name)
	u.password.SetText("")
	u.confirm.SetText("")
	for i, r := range model.Roles {
		if r == x.Role {
			u.role.SetSelectedIndex(i)
		}
	}
	u.leader.SetSelectedIndex(0)
	if x.LeaderID != nil {
		for i, l := range u.leaders {
			if l.ID == *x.LeaderID {
				u.leader.SetSelectedIndex(i + 1)
			}
		}
	}
	if x.Active || !existing {
		u.toggle.SetText(lang.L("users.deactivate"))
	} else {
		u.toggle.SetText(lang.L("users.activate"))
	}
	enableIf(existing, u.toggle, u.reset, u.unlock)
	u.onRole()
}

// onRole offers the leader box only to a leader account, which must be linked to one.
func (u *users) onRole() {
	if i := u.role.SelectedIndex(); i >= 0 && model.Roles[i] == model.RoleLeader {
		u.leader.Enable()
	} else {
		u.leader.Disable()
	}
}

// form is the account the form describes, and whether it is active.
func (u *users) form() model.User {
	x := model.User{ID: u.editing, Login: strings.TrimSpace(u.login.Text), Name: strings.TrimSpace(u.name.Text), Active: true}
	if i := u.role.SelectedIndex(); i >= 0 {
		x.Role = model.Roles[i]
	}
	if i := u.leader.SelectedIndex(); x.Role == model.RoleLeader && i > 0 && i-1 < len(u.leaders) {
		id := u.leaders[i-1].ID
		x.LeaderID = &id
	}
	for _, r := range u.rows {
		if r.ID == x.ID {
			x.Active = r.Active
		}
	}
	return x
}

// newPassword is the password typed twice, or why it cannot be used.
func (u *users) newPassword() (string, error) {
	if u.password.Text == "" {
		return "", errors.New(lang.L("users.error.no_password"))
	}
	if u.password.Text != u.confirm.Text {
		return "", errors.New(lang.L("users.error.mismatch"))
	}
	return u.password.Text, nil
}

func (u *users) onSave() {
	x := u.form()
	if x.ID != 0 {
		u.write(lang.L("users.doing.save"), func(ctx context.Context, a model.Actor) (int64, error) {
			saved, err := u.e.backend.UpdateUser(ctx, a, x)
			return saved.ID, err
		}, "")
		return
	}
	pw, err := u.newPassword()
	if err != nil {
		showFailure(u.e, lang.L("users.doing.create"), err)
		return
	}
	u.write(lang.L("users.doing.create"), func(ctx context.Context, a model.Actor) (int64, error) {
		saved, err := u.e.backend.CreateUser(ctx, a, x, pw)
		return saved.ID, err
	}, "")
}

func (u *users) onToggle() {
	x := u.form()
	if x.ID == 0 {
		return
	}
	x.Active = !x.Active
	u.write(lang.L("users.doing.toggle"), func(ctx context.Context, a model.Actor) (int64, error) {
		saved, err := u.e.backend.UpdateUser(ctx, a, x)
		return saved.ID, err
	}, "")
}

func (u *users) onReset() {
	id := u.editing
	pw, err := u.newPassword()
	if err != nil {
		showFailure(u.e, lang.L("users.doing.reset"), err)
		return
	}
	u.write(lang.L("users.doing.reset"), func(ctx context.Context, a model.Actor) (int64, error) {
		return id, u.e.backend.SetPassword(ctx, a, id, pw)
	}, lang.L("users.done.reset", map[string]any{"Login": u.login.Text}))
}

func (u *users) onUnlock() {
	id := u.editing
	u.write(lang.L("users.doing.unlock"), func(ctx context.Context, a model.Actor) (int64, error) {
		return id, u.e.backend.UnlockUser(ctx, a, id)
	}, lang.L("users.done.unlock", map[string]any{"Login": u.login.Text}))
}

// write runs one change to an account and, when it worked, shows the account again and
// says done ("" to say nothing: the list shows the change).
func (u *users) write(doing string, fn func(ctx context.Context, a model.Actor) (int64, error), done string) {
	a := u.e.actor
	enableIf(false, u.save, u.toggle, u.reset, u.unlock)
	u.e.bg.run(func() func() {
		id, err := fn(context.Background(), a)
		return func() {
			u.save.Enable()
			enableIf(u.editing != 0, u.toggle, u.reset, u.unlock)
			if err != nil {
				showFailure(u.e, doing, err)
				return
			}
			u.editing = id
			u.reload()
			if done != "" {
				dialog.ShowInformation(lang.L("settings.tab.users"), done, u.e.win)
			}
		}
	})
}
