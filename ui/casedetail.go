package ui

import (
	"context"
	"net/url"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

// CaseEditor is what the 案件 detail needs from the database. Every lifecycle write takes
// the case version that was loaded, so that a save over someone else's is refused with a
// *model.ConflictError instead of overwriting it.
type CaseEditor interface {
	GetCase(ctx context.Context, a model.Actor, id int64) (model.CaseDetail, error)
	UpdateCase(ctx context.Context, a model.Actor, c model.Case) (model.Case, error)
	Decide(ctx context.Context, a model.Actor, id int64, version int, d model.Decision, on model.Date, reason string) (model.Case, error)
	Object(ctx context.Context, a model.Actor, id int64, version int, on model.Date) (model.Case, error)
	Extend(ctx context.Context, a model.Actor, id int64, version int, e model.Extension) (model.Case, error)
	Reply(ctx context.Context, a model.Actor, id int64, version int, kind model.ReplyKind, on model.Date, text string) (model.Case, error)
	Rate(ctx context.Context, a model.Actor, id int64, version int, r model.Rating, on model.Date) (model.Case, error)
	StopPetitioning(ctx context.Context, a model.Actor, id int64, version int, on model.Date) (model.Case, error)
	RequestStage(ctx context.Context, a model.Actor, id int64, version int, kind model.StageKind, on model.Date, organ string) (model.Case, error)
	ReplyStage(ctx context.Context, a model.Actor, id int64, version int, kind model.StageKind, opinion model.ReplyKind, on model.Date, text string) (model.Case, error)
	SetHearingDays(ctx context.Context, a model.Actor, id int64, version int, days int) (model.Case, error)

	AssignLeader(ctx context.Context, a model.Actor, caseID, leaderID int64, on model.Date, plan string) (model.AssignmentDetail, error)
	UpdateDuty(ctx context.Context, a model.Actor, d model.Duty) (model.Duty, error)
	AddStabilityLog(ctx context.Context, a model.Actor, l model.StabilityLog) (model.StabilityLog, error)
	UpdatePlan(ctx context.Context, a model.Actor, assignmentID int64, version int, plan string) (model.Assignment, error)
	StrikeOff(ctx context.Context, a model.Actor, assignmentID int64, version int, on model.Date, by, note string) (model.Assignment, error)

	AddVisit(ctx context.Context, a model.Actor, v model.Visit) (model.Visit, error)
	UpdateVisit(ctx context.Context, a model.Actor, v model.Visit) (model.Visit, error)
	DeleteVisit(ctx context.Context, a model.Actor, id int64) error
	AddSupervision(ctx context.Context, a model.Actor, sv model.Supervision) (model.Supervision, error)
	UpdateSupervision(ctx context.Context, a model.Actor, sv model.Supervision) (model.Supervision, error)
	AddAttachment(ctx context.Context, a model.Actor, caseID int64, name, mimeType string, data []byte) (model.Attachment, error)
	GetAttachmentData(ctx context.Context, a model.Actor, id int64) ([]byte, error)
	DeleteAttachment(ctx context.Context, a model.Actor, id int64) error

	CaseHistory(ctx context.Context, a model.Actor, caseID int64) ([]model.AuditEntry, error)
	// RevealPetitioner returns the petitioner's ID number and phone in full and records
	// in the audit log who looked.
	RevealPetitioner(ctx context.Context, a model.Actor, petitionerID int64) (model.Petitioner, error)

	Leaders(ctx context.Context, activeOnly bool) ([]model.Leader, error)
	Units(ctx context.Context, kind model.UnitKind, parentID int64) ([]model.Unit, error)
	Categories(ctx context.Context) ([]model.Category, error)
	Calendar(ctx context.Context) (*model.Calendar, error)
}

// caseDetail is the 案件 detail of one case, shown in its own window: a header with the
// case's number and state, and one tab per part of the record. After every write the
// whole case is read again, so that what the tabs show is what the database holds.
type caseDetail struct {
	e    *env
	id   int64
	view fyne.CanvasObject

	// openURL opens an attachment written to a temporary file (the app's OpenURL).
	openURL func(*url.URL) error

	// Loaded state, touched only on the UI goroutine.
	detail     model.CaseDetail
	loaded     bool
	history    []model.AuditEntry
	historyErr error
	dict       caseDict
	revealed   map[int64]model.Petitioner // petitioners shown in full, by id
	writing    bool                       // a write is on its way

	title   *widget.Label
	state   *widget.Label
	next    *widget.Label
	refresh *widget.Button
	header  *fyne.Container
	body    *fyne.Container
	tabs    *container.AppTabs

	// buttons holds every action button of the current build by name ("decide",
	// "visit.add", "duty.save.<id>" …), so that the state of each can be checked.
	buttons map[string]*widget.Button
	// form is the form dialog opened last.
	form *caseForm

	basic    *caseBasic
	unitPick *widget.Select
	people   []*casePerson
	clocks   []*widget.Label
	duties   map[int64]*caseDuty
	plans    map[int64]*widget.Entry
	logs     map[int64]*widget.Entry
}

// caseDict is what the case screen looks names up in, read once when it opens.
type caseDict struct {
	leaders    []model.Leader
	units      []model.Unit
	categories []model.Category
	cal        *model.Calendar
}

func newCaseDetail(e *env, id int64) *caseDetail {
	c := &caseDetail{e: e, id: id, openURL: e.app.OpenURL, revealed: map[int64]model.Petitioner{}}
	c.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	c.state = widget.NewLabel("")
	c.next = widget.NewLabel("")
	c.next.Wrapping = fyne.TextWrapWord
	c.refresh = widget.NewButtonWithIcon(lang.L("case.refresh"), theme.ViewRefreshIcon(), c.reload)
	c.body = container.NewStack(container.NewCenter(widget.NewLabel(lang.L("case.loading"))))
	c.header = container.NewBorder(nil, c.next, nil, c.refresh, container.NewHBox(c.title, c.state))
	c.view = container.NewBorder(c.header, nil, nil, nil, c.body)
	c.loadDict()
	return c
}

// loadDict reads the leaders, units, categories and calendar once, then the case.
func (c *caseDetail) loadDict() {
	c.e.bg.run(func() func() {
		ctx, b := context.Background(), c.e.backend
		var d caseDict
		var err error
		if d.leaders, err = b.Leaders(ctx, false); err == nil {
			if d.units, err = b.Units(ctx, "", 0); err == nil {
				if d.categories, err = b.Categories(ctx); err == nil {
					d.cal, err = b.Calendar(ctx)
				}
			}
		}
		return func() {
			if err != nil {
				c.showLoadError(err)
				return
			}
			c.dict = d
			c.reload()
		}
	})
}

// reload reads the case and its history again and rebuilds the tabs.
func (c *caseDetail) reload() {
	c.refresh.Disable()
	c.e.bg.run(func() func() {
		ctx := context.Background()
		d, err := c.e.backend.GetCase(ctx, c.e.actor, c.id)
		var hist []model.AuditEntry
		var histErr error
		if err == nil && model.Can(c.e.actor.Role, model.ActAuditRead) {
			hist, histErr = c.e.backend.CaseHistory(ctx, c.e.actor, c.id)
		}
		return func() {
			c.refresh.Enable()
			if err != nil {
				c.showLoadError(err)
				return
			}
			c.detail, c.loaded, c.history, c.historyErr = d, true, hist, histErr
			c.build()
		}
	})
}

func (c *caseDetail) showLoadError(err error) {
	msg := widget.NewLabel(lang.L("case.error.load", map[string]any{"Err": caseErrText(err)}))
	msg.Wrapping = fyne.TextWrapWord
	c.body.Objects = []fyne.CanvasObject{container.NewCenter(msg)}
	c.body.Refresh()
}

// Tab order; the selected tab survives a reload.
const (
	caseTabBasic = iota
	caseTabPeople
	caseTabHandling
	caseTabAssign
	caseTabVisits
	caseTabFiles
	caseTabHistory
)

// build shows the loaded case: header, then every tab from c.detail.
func (c *caseDetail) build() {
	d := &c.detail
	c.e.win.SetTitle(lang.L("case.window.title", map[string]any{"No": d.No}))
	c.title.SetText(d.No)
	c.state.SetText(statusText(d.Status))
	c.next.SetText(c.nextStepsText())
	c.header.Refresh() // the labels' new widths need a new layout
	c.buttons = map[string]*widget.Button{}

	contents := []fyne.CanvasObject{
		caseTabBasic:    c.basicTab(),
		caseTabPeople:   c.peopleTab(),
		caseTabHandling: c.handlingTab(),
		caseTabAssign:   c.assignTab(),
		caseTabVisits:   c.visitsTab(),
		caseTabFiles:    c.filesTab(),
		caseTabHistory:  c.historyTab(),
	}
	if c.tabs == nil {
		titles := []string{
			caseTabBasic:    lang.L("case.tab.basic"),
			caseTabPeople:   lang.L("case.tab.people"),
			caseTabHandling: lang.L("case.tab.handling"),
			caseTabAssign:   lang.L("case.tab.assign"),
			caseTabVisits:   lang.L("case.tab.visits"),
			caseTabFiles:    lang.L("case.tab.files"),
			caseTabHistory:  lang.L("case.tab.history"),
		}
		items := make([]*container.TabItem, len(titles))
		for i, t := range titles {
			items[i] = container.NewTabItem(t, contents[i])
		}
		c.tabs = container.NewAppTabs(items...)
		c.body.Objects = []fyne.CanvasObject{c.tabs}
		c.body.Refresh()
		return
	}
	for i, o := range contents {
		c.tabs.Items[i].Content = o
	}
	if len(c.body.Objects) == 0 || c.body.Objects[0] != c.tabs {
		c.body.Objects = []fyne.CanvasObject{c.tabs}
		c.body.Refresh()
	}
	c.tabs.Refresh()
}

// nextStepsText says what the case's state allows next, from the model's state machine.
func (c *caseDetail) nextStepsText() string {
	steps := c.detail.NextSteps()
	if c.strikeOffOpen() {
		steps = append(steps, model.StepStrikeOff)
	}
	if len(steps) == 0 {
		return lang.L("case.next.none")
	}
	names := make([]string, len(steps))
	for i, s := range steps {
		names[i] = caseStepText(s)
	}
	return lang.L("case.next", map[string]any{"Steps": strings.Join(names, lang.L("case.list.sep"))})
}

// allows reports whether the model's state machine offers step now.
func (c *caseDetail) allows(s model.Step) bool {
	return slices.Contains(c.detail.NextSteps(), s)
}

// may reports whether the signed-in account may do act on this case: the role must allow
// it, and a 包案领导 may act only on the cases they carry.
func (c *caseDetail) may(act model.Action) bool {
	if !model.Can(c.e.actor.Role, act) {
		return false
	}
	if model.NeedsCarrying(c.e.actor.Role, act) {
		return c.carried()
	}
	return true
}

// carried reports whether the signed-in leader carries this case (包案).
func (c *caseDetail) carried() bool {
	if c.e.actor.Role != model.RoleLeader || c.e.actor.LeaderID == 0 {
		return false
	}
	for _, a := range c.detail.Assignments {
		if a.LeaderID == c.e.actor.LeaderID {
			return true
		}
	}
	return false
}

// action makes a button for a step or action and keeps it under name. A step the state
// does not allow is not offered at all (hidden); one the account may not do is shown
// disabled, so that the user sees it exists and whose work it is.
func (c *caseDetail) action(name, label string, offered bool, act model.Action, tapped func()) *widget.Button {
	b := widget.NewButton(label, tapped)
	if !offered {
		b.Hide()
	}
	if !c.may(act) {
		b.Disable()
	}
	c.buttons[name] = b
	return b
}

// section is a titled part of a tab.
func caseSection(title string, objs ...fyne.CanvasObject) fyne.CanvasObject {
	head := widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	return container.NewVBox(append([]fyne.CanvasObject{head}, objs...)...)
}

// caseText is a label that wraps long text instead of widening the window.
func caseText(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}
