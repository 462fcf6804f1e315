package model

import "fmt"

// CaseNumber formats a 信访编号: <prefix>〔YYYY〕NNNN, e.g. 和信〔2026〕0123. The sequence
// restarts every year and widens past 9999 rather than wrapping.
func CaseNumber(prefix string, year, seq int) string {
	return fmt.Sprintf("%s〔%d〕%04d", prefix, year, seq)
}

// MakeIDNumber builds a valid 18-character 居民身份证号 from a 6-digit region code, a birth
// date and a 3-digit sequence, adding the GB 11643 check character. The demo generator
// and tests use it; real numbers come from the petitioner's card.
func MakeIDNumber(region string, birth Date, seq int) string {
	body := fmt.Sprintf("%s%04d%02d%02d%03d", region, birth.Year(), int(birth.Month()), birth.Day(), seq%1000)
	return body + string(IDCheckChar(body))
}
