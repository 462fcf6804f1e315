package model

import "fmt"

// RepeatQuery describes the petitioner being registered, to find their earlier cases
// (重复信访核查). It lives in model, not store, so that the registration screen can ask
// for repeats without depending on the store package.
type RepeatQuery struct {
	IDNumber string
	Phone    string
	Name     string
	Address  string
	// ExcludeCaseID leaves out the case being edited, if any.
	ExcludeCaseID int64
}

// RepeatMatch is an earlier case of the same petitioner (重复信访), with how it was matched
// and whether the statute bars accepting the matter again.
type RepeatMatch struct {
	Case Case
	By   string // RepeatByIDNumber, RepeatByPhone or RepeatByNameAddress
	// Article19: the earlier case is still being 受理/办理 (待受理 or 办理中).
	Article19 bool
	// Article36: the earlier case was closed by 复核 (终结).
	Article36 bool
}

// How a repeat was matched, in the order the lookups are tried.
const (
	RepeatByIDNumber    = "证件号码"
	RepeatByPhone       = "联系电话"
	RepeatByNameAddress = "姓名+住址"
)

// Warning is what the registration screen shows for the match, or "" when the earlier
// case does not bar the new one.
func (m RepeatMatch) Warning() string {
	switch {
	case m.Article19:
		return fmt.Sprintf("同一事项正在办理中（%s，%s），依《信访工作条例》第十九条不再重复受理", m.Case.No, m.Case.Status.Label())
	case m.Article36:
		return fmt.Sprintf("已经复核终结（%s），依第三十六条不再受理", m.Case.No)
	}
	return ""
}
