package model

import (
	"errors"
	"fmt"
	"time"
)

// CaseDetail is a case with everything recorded on it, as the case screen shows it.
// Attachments come without their bytes (the store reads them one at a time).
type CaseDetail struct {
	Case
	Petitioners  []Petitioner
	Assignments  []AssignmentDetail
	Visits       []Visit
	Extensions   []Extension
	Supervisions []Supervision
	Stages       []Stage
	Attachments  []Attachment
}

// AssignmentDetail is one 包案 with its leader, the four duties and the 稳控 log.
type AssignmentDetail struct {
	Assignment
	Leader Leader
	Duties []Duty
	Logs   []StabilityLog
}

// ErrConflict is the sentinel of a save refused because someone else saved first
// (optimistic locking); test for it with errors.Is.
var ErrConflict = errors.New("记录已被他人修改")

// ConflictError is returned when a case was changed by someone else between loading and
// saving it. Current is the case as it is now, so the screen can show it; By and At say
// who changed it last and when, from the audit trail. errors.Is(err, ErrConflict) holds.
type ConflictError struct {
	Current Case
	By      string    // who changed it last ("" when unknown)
	At      time.Time // when
}

func (e *ConflictError) Error() string {
	who := ""
	if e.By != "" {
		who = fmt.Sprintf("%s 于 %s 修改", e.By, e.At.Local().Format("2006-01-02 15:04"))
	} else {
		who = fmt.Sprintf("当前版本 %d", e.Current.Version)
	}
	return fmt.Sprintf("%v：该事项已被其他人修改（%s），请刷新后重试", ErrConflict, who)
}

// Is makes errors.Is(err, ErrConflict) true.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }
