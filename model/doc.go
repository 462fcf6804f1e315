// Package model holds the domain types and rules of petition cases under 领导包案 (a leader's
// personal responsibility for a petition, 信访): the records the store keeps (types.go), their
// enumerations (enums.go) and calendar days (date.go), and the rules every screen and the
// store share: the lifecycle of a case as a state machine (lifecycle.go), the statutory
// clocks of the 《信访工作条例》 on the official holiday calendar (deadline.go, calendar.go,
// holidays.go), identity numbers and phones (identity.go) and form validation (validate.go).
//
// It imports only the standard library, so the rules test without a database or a display,
// and every message a user can see is Simplified Chinese that names the field and says how
// to fix it.
package model
