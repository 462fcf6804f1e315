package report

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"baoan/model"
)

func writeXLSX(t *testing.T, r model.MonthlyReport) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, r); err != nil {
		t.Fatalf("WriteXLSX: %v", err)
	}
	return buf.Bytes()
}

func TestMonthlyXLSXGoldenAndDeterministic(t *testing.T) {
	first := writeXLSX(t, sampleReport())
	writeXLSX(t, oneCaseReport())
	for i := range 3 {
		if again := writeXLSX(t, sampleReport()); !bytes.Equal(again, first) {
			t.Fatalf("workbook %d of the same report differs (%d bytes, first %d)", i, len(again), len(first))
		}
	}
	golden(t, "monthly.xlsx", first)
}

// findRow returns the values of the row whose first cell is label.
func findRow(rows [][]string, label string) []string {
	for _, r := range rows {
		if len(r) > 0 && r[0] == label {
			return r
		}
	}
	return nil
}

func TestMonthlyXLSXCells(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(writeXLSX(t, sampleReport())))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"月报", "包案领导", "街道", "问题类别", "信访形式", "月度趋势", "逾期未办结", "积案"}
	if got := f.GetSheetList(); len(got) != len(want) {
		t.Fatalf("sheets = %v, want %v", got, want)
	}
	for i, s := range f.GetSheetList() {
		if s != want[i] {
			t.Errorf("sheet %d = %q, want %q", i, s, want[i])
		}
	}
	rows, err := f.GetRows("月报")
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "和平区信访局2026年5月信访工作月报" {
		t.Errorf("A1 = %q, want the title", rows[0][0])
	}
	for _, tt := range []struct {
		sheet, label string
		want         []string
	}{
		{"月报", "登记", []string{"登记", "7", "5", "2", "9", "-2"}},
		{"月报", "及时受理率", []string{"及时受理率", "2", "4", "50.0%", "75.0%", "-25.0", "75.0%", "-25.0"}},
		{"月报", "重复信访率", []string{"重复信访率", "2", "7", "28.6%", "0.0%", "+28.6", "11.1%", "+17.5"}},
		{"包案领导", "4", []string{"4", "赵敏", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "—"}},
		{"街道", "4", []string{"4", "北街道", "0", "0", "0", "1", "1", "100.0%", "0", "0", "—"}},
		{"月度趋势", "2026-05", []string{"2026-05", "7", "5"}},
		{"逾期未办结", "1", []string{"1", "和信〔2026〕0005", "欧阳*娜等3人", "区住房和城乡建设局", "", "办理", "2026-04-26", "35"}},
	} {
		rows, err := f.GetRows(tt.sheet)
		if err != nil {
			t.Fatal(err)
		}
		got := findRow(rows, tt.label)
		if len(got) != len(tt.want) {
			t.Errorf("%s row %s = %q, want %q", tt.sheet, tt.label, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s row %s = %q, want %q", tt.sheet, tt.label, got, tt.want)
				break
			}
		}
	}
	// Counts and rates are numbers, not text, so that the office can compute with them.
	for i, r := range rows {
		if len(r) == 0 || (r[0] != "登记" && r[0] != "满意率") {
			continue
		}
		for _, col := range []string{"B", "D"} {
			cell := col + strconv.Itoa(i+1)
			if typ, err := f.GetCellType("月报", cell); err != nil || typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
				t.Errorf("月报!%s (%s) cell type = %v, %v; want a number", cell, r[0], typ, err)
			}
		}
	}
}

func TestMonthlyXLSXEmptyMonth(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(writeXLSX(t, emptyReport())))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("月报")
	if got := findRow(rows, "满意率"); len(got) < 4 || got[1] != "0" || got[2] != "0" || got[3] != "—" {
		t.Errorf("empty month 满意率 row = %q, want 0 0 —", got)
	}
}
