// Package report writes the monthly report (信访工作月报) as a printable A4 PDF and as an
// Excel workbook, and the leaders' reception-day schedule, from model values only: the
// same data gives byte-identical files.
package report
