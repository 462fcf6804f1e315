package ui

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

// dictEntry is one item of a plain dictionary: a street, a community, a department or a
// category. Items in use are deactivated rather than deleted, so old cases keep them.
type dictEntry struct {
	ID       int64
	Name     string
	Active   bool
	Sort     int
	ParentID *int64
}

// dictPane lists one dictionary with a name box and the buttons to add, rename,
// deactivate or delete an item. What the dictionary is comes in the functions; the pane
// runs them off the UI goroutine and shows the store's refusals.
type dictPane struct {
	e       *env
	what    string // the dictionary's name in messages: 问题类别 …
	canEdit bool

	load   func(ctx context.Context) ([]dictEntry, error)
	create func(ctx context.Context, a model.Actor, name string) error
	update func(ctx context.Context, a model.Actor, d dictEntry) error
	remove func(ctx context.Context, a model.Actor, id int64) error
	// picked is told the selected item (nil: none), for a pane of sub-items.
	picked func(d *dictEntry)

	name                             *widget.Entry
	add, rename, toggle, deleteEntry *widget.Button
	list                             *widget.List
	view                             fyne.CanvasObject

	// UI goroutine only.
	items    []dictEntry
	selected int
	query    int
}

func newDictPane(e *env, what string, canEdit bool) *dictPane {
	return &dictPane{e: e, what: what, canEdit: canEdit, selected: -1}
}

// build makes the widgets once the functions are set.
func (p *dictPane) build() *dictPane {
	p.name = widget.NewEntry()
	p.name.SetPlaceHolder(lang.L("settings.dict.name", map[string]any{"What": p.what}))
	p.name.OnSubmitted = func(string) { p.onAdd() }
	p.add = widget.NewButtonWithIcon(lang.L("settings.dict.add"), theme.ContentAddIcon(), p.onAdd)
	p.rename = widget.NewButtonWithIcon(lang.L("settings.dict.rename"), theme.DocumentCreateIcon(), p.onRename)
	p.toggle = widget.NewButton(lang.L("settings.dict.deactivate"), p.onToggle)
	p.deleteEntry = widget.NewButtonWithIcon(lang.L("settings.dict.delete"), theme.DeleteIcon(), p.onDelete)
	p.list = widget.NewList(
		func() int { return len(p.items) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(p.items) {
				o.(*widget.Label).SetText(p.itemText(p.items[id]))
			}
		},
	)
	p.list.OnSelected = p.onSelected
	p.list.OnUnselected = func(widget.ListItemID) { p.pick(-1) }
	p.pick(-1)
	bar := container.NewBorder(nil, nil, nil, container.NewHBox(p.add, p.rename, p.toggle, p.deleteEntry), p.name)
	if !p.canEdit {
		p.name.Disable()
		enableIf(false, p.add)
	}
	p.view = container.NewBorder(bar, nil, nil, nil, p.list)
	return p
}

func (p *dictPane) itemText(d dictEntry) string {
	if !d.Active {
		return lang.L("settings.inactive", map[string]any{"Name": d.Name})
	}
	return d.Name
}

// reload reads the dictionary again, keeping the selected item selected.
func (p *dictPane) reload() {
	p.query++
	query := p.query
	keep := int64(0)
	if p.selected >= 0 && p.selected < len(p.items) {
		keep = p.items[p.selected].ID
	}
	p.e.bg.run(func() func() {
		items, err := p.load(context.Background())
		return func() {
			if query != p.query {
				return
			}
			if err != nil {
				showFailure(p.e, lang.L("settings.doing.load", map[string]any{"What": p.what}), err)
				return
			}
			p.items = items
			p.list.UnselectAll()
			p.pick(-1)
			p.list.Refresh()
			for i, d := range items {
				if d.ID == keep {
					p.list.Select(i)
				}
			}
		}
	})
}

func (p *dictPane) onSelected(id widget.ListItemID) {
	p.pick(id)
	if id >= 0 && id < len(p.items) {
		p.name.SetText(p.items[id].Name)
	}
}

// pick makes row i (-1: none) the one the buttons act on.
func (p *dictPane) pick(i int) {
	p.selected = i
	has := i >= 0 && i < len(p.items)
	enableIf(has && p.canEdit, p.rename, p.toggle, p.deleteEntry)
	if has && !p.items[i].Active {
		p.toggle.SetText(lang.L("settings.dict.activate"))
	} else {
		p.toggle.SetText(lang.L("settings.dict.deactivate"))
	}
	if p.picked != nil {
		if has {
			d := p.items[i]
			p.picked(&d)
		} else {
			p.picked(nil)
		}
	}
}

func (p *dictPane) current() (dictEntry, bool) {
	if p.selected < 0 || p.selected >= len(p.items) {
		return dictEntry{}, false
	}
	return p.items[p.selected], true
}

func (p *dictPane) onAdd() {
	name := strings.TrimSpace(p.name.Text)
	if name == "" {
		showFailure(p.e, lang.L("settings.doing.add", map[string]any{"What": p.what}), errors.New(lang.L("settings.dict.error.empty", map[string]any{"What": p.what})))
		return
	}
	p.write(lang.L("settings.doing.add", map[string]any{"What": p.what}), func(ctx context.Context, a model.Actor) error {
		return p.create(ctx, a, name)
	}, func() { p.name.SetText("") })
}

func (p *dictPane) onRename() {
	d, ok := p.current()
	if !ok {
		return
	}
	d.Name = strings.TrimSpace(p.name.Text)
	p.write(lang.L("settings.doing.rename", map[string]any{"What": p.what}), func(ctx context.Context, a model.Actor) error {
		return p.update(ctx, a, d)
	}, nil)
}

func (p *dictPane) onToggle() {
	d, ok := p.current()
	if !ok {
		return
	}
	d.Active = !d.Active
	p.write(lang.L("settings.doing.toggle", map[string]any{"What": p.what}), func(ctx context.Context, a model.Actor) error {
		return p.update(ctx, a, d)
	}, nil)
}

func (p *dictPane) onDelete() {
	d, ok := p.current()
	if !ok {
		return
	}
	p.write(lang.L("settings.doing.delete", map[string]any{"What": p.what}), func(ctx context.Context, a model.Actor) error {
		return p.remove(ctx, a, d.ID)
	}, func() { p.name.SetText("") })
}

// write runs one edit, then tells the other screens and reads the list again.
func (p *dictPane) write(doing string, fn func(ctx context.Context, a model.Actor) error, done func()) {
	a := p.e.actor
	p.e.bg.run(func() func() {
		err := fn(context.Background(), a)
		return func() {
			if err != nil {
				showFailure(p.e, doing, err)
				return
			}
			if done != nil {
				done()
			}
			p.e.nav.dictionariesChanged()
			p.reload()
		}
	})
}

// unitEntries turns units into dictionary items.
func unitEntries(us []model.Unit) []dictEntry {
	out := make([]dictEntry, len(us))
	for i, u := range us {
		out[i] = dictEntry{ID: u.ID, Name: u.Name, Active: u.Active, Sort: u.Sort, ParentID: u.ParentID}
	}
	return out
}

// unitPane is a dictPane over the units of one kind; parent gives the parent of new
// units (0: none; an error: not chosen yet).
func unitPane(e *env, what string, kind model.UnitKind, parent func() (int64, error)) *dictPane {
	ed := e.backend
	p := newDictPane(e, what, model.Can(e.actor.Role, model.ActDictEdit))
	p.load = func(ctx context.Context) ([]dictEntry, error) {
		id, err := parent()
		if err != nil {
			return nil, nil // nothing to list until a parent is chosen
		}
		us, err := ed.Units(ctx, kind, id)
		return unitEntries(us), err
	}
	p.create = func(ctx context.Context, a model.Actor, name string) error {
		id, err := parent()
		if err != nil {
			return err
		}
		u := model.Unit{Name: name, Kind: kind}
		if id != 0 {
			u.ParentID = &id
		}
		_, err = ed.CreateUnit(ctx, a, u)
		return err
	}
	p.update = func(ctx context.Context, a model.Actor, d dictEntry) error {
		_, err := ed.UpdateUnit(ctx, a, model.Unit{ID: d.ID, Name: d.Name, Kind: kind, ParentID: d.ParentID, Sort: d.Sort, Active: d.Active})
		return err
	}
	p.remove = ed.DeleteUnit
	return p
}

// categoryPane is the dictionary of 问题类别.
func categoryPane(e *env) *dictPane {
	ed := e.backend
	p := newDictPane(e, lang.L("settings.what.category"), model.Can(e.actor.Role, model.ActDictEdit))
	p.load = func(ctx context.Context) ([]dictEntry, error) {
		cs, err := ed.Categories(ctx)
		out := make([]dictEntry, len(cs))
		for i, c := range cs {
			out[i] = dictEntry{ID: c.ID, Name: c.Name, Active: c.Active, Sort: c.Sort}
		}
		return out, err
	}
	p.create = func(ctx context.Context, a model.Actor, name string) error {
		_, err := ed.CreateCategory(ctx, a, model.Category{Name: name})
		return err
	}
	p.update = func(ctx context.Context, a model.Actor, d dictEntry) error {
		_, err := ed.UpdateCategory(ctx, a, model.Category{ID: d.ID, Name: d.Name, Sort: d.Sort, Active: d.Active})
		return err
	}
	p.remove = ed.DeleteCategory
	return p.build()
}
