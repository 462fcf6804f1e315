package ui

import "fyne.io/fyne/v2"

// CaseEditor is what the 案件 detail needs from the database.
type CaseEditor interface{}

// caseDetail is the 案件 detail of one case, shown in its own window.
type caseDetail struct {
	e    *env
	id   int64
	view fyne.CanvasObject
}

func newCaseDetail(e *env, id int64) *caseDetail {
	return &caseDetail{e: e, id: id, view: comingSoon()}
}
