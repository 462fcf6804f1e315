package ui

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

// repeatDebounce is how long typing must pause before the earlier cases are looked up,
// so that a number typed digit by digit costs one lookup, not eighteen.
const repeatDebounce = 300 * time.Millisecond

// repeatRow is one earlier case in the panel and which petitioner of the form it matched.
type repeatRow struct {
	match model.RepeatMatch
	who   int // index of the petitioner in the form
}

// repeatPanel is the 重复信访 panel beside the 登记 form: the earlier cases of the
// petitioners being typed, with their state, and a warning where 条例 art. 19 (the same
// matter is still being handled) or art. 36 (closed by 复核) bars accepting it again.
type repeatPanel struct {
	r        *register
	status   *widget.Label
	warn     *widget.Label
	list     *widget.List
	rows     []repeatRow
	view     fyne.CanvasObject
	debounce time.Duration

	// latest is the number of the newest lookup; an older one's answer is dropped. It is
	// read on the worker goroutines, hence atomic.
	latest atomic.Int64
}

func newRepeatPanel(r *register) *repeatPanel {
	p := &repeatPanel{r: r, debounce: repeatDebounce}
	p.status = widget.NewLabel("")
	p.status.Wrapping = fyne.TextWrapWord
	p.warn = warningLabel("")
	p.warn.Hide()
	p.list = widget.NewList(
		func() int { return len(p.rows) },
		func() fyne.CanvasObject {
			title := widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			detail := widget.NewLabel("")
			detail.Truncation = fyne.TextTruncateEllipsis
			return container.NewVBox(title, detail)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			title, detail := box.Objects[0].(*widget.Label), box.Objects[1].(*widget.Label)
			if id < 0 || id >= len(p.rows) {
				return
			}
			title.SetText(p.rowTitle(p.rows[id]))
			detail.SetText(p.rowDetail(p.rows[id]))
			title.Importance = widget.MediumImportance
			if m := p.rows[id].match; m.Article19 || m.Article36 {
				title.Importance = widget.DangerImportance
			}
			title.Refresh()
		},
	)
	p.list.OnSelected = func(id widget.ListItemID) {
		p.list.UnselectAll()
		if id >= 0 && id < len(p.rows) {
			r.e.nav.openCase(p.rows[id].match.Case.ID)
		}
	}
	head := container.NewVBox(
		widget.NewLabelWithStyle(lang.L("register.repeat.title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		p.status, p.warn)
	p.view = container.NewBorder(head, nil, nil, nil, p.list)
	return p
}

func (p *repeatPanel) rowTitle(row repeatRow) string {
	c := row.match.Case
	return lang.L("register.repeat.row", map[string]any{"No": c.No, "Date": c.ReceivedOn.String(), "Status": statusText(c.Status)})
}

func (p *repeatPanel) rowDetail(row repeatRow) string {
	return lang.L("register.repeat.detail", map[string]any{"N": row.who + 1, "By": repeatByText(row.match.By), "Summary": firstLine(row.match.Case.Summary)})
}

func repeatByText(by string) string {
	switch by {
	case model.RepeatByIDNumber:
		return lang.L("register.repeat.by.id")
	case model.RepeatByPhone:
		return lang.L("register.repeat.by.phone")
	}
	return lang.L("register.repeat.by.name_address")
}

// caseNos names up to three cases, and how many more there are: a petitioner with
// dozens of open cases gets one warning that still fits the panel.
func caseNos(nos []string) string {
	const shown = 3
	if len(nos) <= shown {
		return strings.Join(nos, lang.L("register.repeat.sep"))
	}
	return strings.Join(nos[:shown], lang.L("register.repeat.sep")) + lang.L("register.repeat.more", map[string]any{"Count": len(nos)})
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}

// clear empties the panel for a new form.
func (p *repeatPanel) clear() {
	p.latest.Add(1)
	p.show(nil, nil, false)
}

// lookupRepeats looks up the earlier cases of every petitioner on the form, once typing
// pauses; the newest lookup wins.
func (r *register) lookupRepeats() {
	p := r.repeats
	type query struct {
		who int
		q   model.RepeatQuery
	}
	var qs []query
	for i, f := range r.pets {
		if q, ok := f.repeatQuery(); ok {
			qs = append(qs, query{i, q})
		}
	}
	seq := p.latest.Add(1)
	if len(qs) == 0 {
		p.show(nil, nil, false)
		return
	}
	p.status.SetText(lang.L("register.repeat.searching"))
	actor, wait := r.e.actor, p.debounce
	r.e.bg.run(func() func() {
		time.Sleep(wait)
		if p.latest.Load() != seq {
			return nil // a newer keystroke has its own lookup coming
		}
		var rows []repeatRow
		seen := map[int64]bool{}
		var errs []error
		for _, q := range qs {
			ms, err := r.src.FindRepeats(context.Background(), actor, q.q)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			for _, m := range ms {
				if !seen[m.Case.ID] {
					seen[m.Case.ID] = true
					rows = append(rows, repeatRow{match: m, who: q.who})
				}
			}
		}
		return func() {
			if p.latest.Load() != seq {
				return
			}
			p.show(rows, errors.Join(errs...), true)
		}
	})
}

// show puts a lookup's result in the panel; searched is false while there is nothing to
// look up yet.
func (p *repeatPanel) show(rows []repeatRow, err error, searched bool) {
	p.rows = rows
	p.list.Refresh()
	var art19, art36 []string
	for _, row := range rows {
		switch m := row.match; {
		case m.Article19:
			art19 = append(art19, m.Case.No)
		case m.Article36:
			art36 = append(art36, m.Case.No)
		}
	}
	var warns []string
	if len(art19) > 0 {
		warns = append(warns, lang.L("register.repeat.art19", map[string]any{"Nos": caseNos(art19)}))
	}
	if len(art36) > 0 {
		warns = append(warns, lang.L("register.repeat.art36", map[string]any{"Nos": caseNos(art36)}))
	}
	p.warn.SetText(strings.Join(warns, "\n"))
	if len(warns) > 0 {
		p.warn.Show()
	} else {
		p.warn.Hide()
	}
	switch {
	case err != nil:
		p.status.SetText(lang.L("register.repeat.error", map[string]any{"Err": registerErrText(err)}))
	case !searched:
		p.status.SetText(lang.L("register.repeat.idle"))
	case len(rows) == 0:
		p.status.SetText(lang.L("register.repeat.none"))
	default:
		p.status.SetText(lang.L("register.repeat.found", map[string]any{"Count": len(rows)}))
		p.r.repeatFlag.SetChecked(true)
	}
}
