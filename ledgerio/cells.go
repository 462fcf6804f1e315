package ledgerio

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"baoan/model"
)

// Cell values as clerks and Excel write them. Each parser takes the cell's text (the raw
// value: a date cell gives its serial number) and says whether it understood it.

// normalize trims a cell and turns full-width digits, letters and punctuation into
// their ASCII forms, which Chinese input methods produce as often as not.
func normalize(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= '！' && r <= '～':
			r -= 0xFEE0
		case r == '\u3000':
			r = ' '
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

var (
	serialPattern  = regexp.MustCompile(`^\d{1,7}(\.\d+)?$`)
	dashedPattern  = regexp.MustCompile(`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$`)
	timePattern    = regexp.MustCompile(`^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$`)
	chinesePattern = regexp.MustCompile(`^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$`)
)

// Earliest and latest dates a ledger may hold; anything outside is a typing error.
const minYear, maxYear = 1900, 2099

// parseDate reads a date: an Excel serial number (what a date cell holds, in the 1900 or
// the 1904 date system), or text written 2026-10-08, 2026/10/8, 2026.10.8, 2026年10月8日
// (or 8号) or 20261008, with or without a time of day after it.
func parseDate(s string, date1904 bool) (model.Date, bool) {
	s = normalize(s)
	if s == "" {
		return model.Date{}, false
	}
	if len(s) == 8 && isDigits(s) {
		return ymd(s[:4], s[4:6], s[6:])
	}
	if serialPattern.MatchString(s) {
		return fromSerial(s, date1904)
	}
	// A time of day after the date: "2026-10-08 09:30:00", "2026-10-08T00:00:00".
	if i := strings.IndexAny(s, " T"); i > 0 && !strings.Contains(s, "年") {
		if !timePattern.MatchString(strings.TrimSpace(s[i+1:])) {
			return model.Date{}, false
		}
		s = s[:i]
	}
	if m := dashedPattern.FindStringSubmatch(s); m != nil {
		return ymd(m[1], m[2], m[3])
	}
	if m := chinesePattern.FindStringSubmatch(s); m != nil {
		return ymd(m[1], m[2], m[3])
	}
	return model.Date{}, false
}

func ymd(y, m, d string) (model.Date, bool) {
	yy, err1 := strconv.Atoi(y)
	mm, err2 := strconv.Atoi(m)
	dd, err3 := strconv.Atoi(d)
	if err1 != nil || err2 != nil || err3 != nil || yy < minYear || yy > maxYear {
		return model.Date{}, false
	}
	date := model.NewDate(yy, time.Month(mm), dd)
	if date.Year() != yy || int(date.Month()) != mm || date.Day() != dd {
		return model.Date{}, false // 2026-02-30 and the like
	}
	return date, true
}

// Excel counts days from 1899-12-31 as day 1 but, like Lotus 1-2-3 before it, believes
// 1900 was a leap year: day 60 is a 29 February that never was, and every later serial is
// one day ahead, hence the epoch of 1899-12-30 from day 61 on. The 1904 system (old Mac
// workbooks) counts from 1904-01-01 as day 0.
var (
	epoch1900 = model.NewDate(1899, 12, 30)
	epoch1904 = model.NewDate(1904, 1, 1)
)

func fromSerial(s string, date1904 bool) (model.Date, bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 1 {
		return model.Date{}, false
	}
	n := int(f) // the fraction is the time of day
	var d model.Date
	switch {
	case date1904:
		d = epoch1904.AddDays(n)
	case n == 60:
		return model.Date{}, false
	case n < 60:
		d = epoch1900.AddDays(n + 1)
	default:
		d = epoch1900.AddDays(n)
	}
	if d.Year() < minYear || d.Year() > maxYear {
		return model.Date{}, false
	}
	return d, true
}

// serial is the Excel serial number of d in the 1900 date system.
func serial(d model.Date) int {
	n := epoch1900.DaysUntil(d)
	if n <= 60 {
		n-- // before the phantom 29 February 1900
	}
	return n
}

// parseYesNo reads 是/否, Y/N, 1/0 (and yes/no, true/false, √/×). ok is false for
// anything else; blank is not a value.
func parseYesNo(s string) (yes, ok bool) {
	switch strings.ToLower(normalize(s)) {
	case "是", "y", "yes", "1", "true", "√", "✓":
		return true, true
	case "否", "n", "no", "0", "false", "×", "✗":
		return false, true
	}
	return false, false
}

// yesNo is how an export writes a flag.
func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// parseCount reads a whole number, accepting the "3.0" a numeric cell may give.
func parseCount(s string) (int, bool) {
	s = normalize(s)
	s = strings.TrimSuffix(s, "人")
	if i := strings.IndexByte(s, '.'); i > 0 && strings.Trim(s[i+1:], "0") == "" {
		s = s[:i]
	}
	if !isDigits(s) || len(s) > 9 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// splitNames cuts a list of names at 、 , ， ; ； / and line breaks, dropping blanks.
// Spaces stay: they occur inside names (and a middle dot joins the parts of many
// minority names).
func splitNames(s string) []string {
	parts := strings.FieldsFunc(s, func(r rune) bool {
		return r == '、' || r == ',' || r == '，' || r == ';' || r == '；' || r == '/' || r == '\n' || r == '\r'
	})
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// splitPerPerson cuts a cell that may hold one value per petitioner. Line breaks
// separate values and keep empty places (so the third person's phone stays third);
// without line breaks, list punctuation separates when list is set (numbers, never
// addresses, which contain it).
func splitPerPerson(s string, list bool) []string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	// A leading line break is an empty first value; trailing ones are slips.
	s = strings.TrimLeft(strings.TrimRight(s, "\n \t"), " \t")
	if strings.Trim(s, "\n") == "" {
		return nil
	}
	var parts []string
	if strings.Contains(s, "\n") {
		parts = strings.Split(s, "\n")
	} else if list {
		parts = strings.FieldsFunc(s, func(r rune) bool {
			return r == '、' || r == ',' || r == '，' || r == ';' || r == '；' || r == '/' || unicode.IsSpace(r)
		})
	} else {
		parts = []string{s}
	}
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// joinPerPerson writes one value per petitioner, each on its own line in the order of
// the names, blanks included so that the order holds; blanks at the end are left out,
// so a value only the lead has is written alone.
func joinPerPerson(vals []string) string {
	n := len(vals)
	for n > 0 && vals[n-1] == "" {
		n--
	}
	return strings.Join(vals[:n], "\n")
}

// scientific matches a number Excel has stored in exponent form, which loses the last
// digits of an 18-digit ID number typed into a cell formatted as a number.
var scientific = regexp.MustCompile(`^\d(\.\d+)?[eE]\+?\d+$`)
