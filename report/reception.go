package report

import (
	"errors"
	"io"

	"baoan/model"
)

// ReceptionRow is one 接访日 of the leaders' reception schedule.
type ReceptionRow struct {
	Day                        model.Date
	Leader, Title, Place, Note string
}

// WriteReceptionPDF writes the leaders' reception-day schedule (领导接访日安排) from..to as a
// printable A4 PDF.
func WriteReceptionPDF(w io.Writer, office string, from, to model.Date, rows []ReceptionRow) error {
	return errors.New("接访日安排的打印尚未完成")
}
