package model

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// Fuzz tests of what a clerk, a pasted cell or a hostile file can put into the rules:
// identity numbers, phones and dates. Each is seeded from the table tests; `make fuzz`
// runs them for FUZZTIME each (see the README for longer runs). Beyond "does not panic"
// each checks properties that hold for every input.

// hostileSeeds are inputs every fuzzer starts from besides its own table.
var hostileSeeds = []string{
	"", " ", "\u3000", "\x00", "\xff\xfe", "😡🙏", "臺灣", "\u202e123\u202c", "'; DROP TABLE cases;--",
	"9999-12-31", "1899-12-31", "0000-01-01", "-1", strings.Repeat("9", 1000),
}

// FuzzPetitionerValidate pushes the identity fields of a petitioner through the checks
// the registration form, the ledger import and the command line all run (Validate after
// the normalisers); FuzzCheckIDNumber and FuzzCheckPhone in identity_test.go fuzz the
// single checks.
func FuzzPetitionerValidate(f *testing.F) {
	for i, tt := range idTests {
		f.Add("张三", tt.id, phoneTests[i%len(phoneTests)].phone, "")
	}
	for _, s := range hostileSeeds {
		f.Add(s, s, s, s)
	}
	fields := map[string]bool{"姓名": true, "证件类型": true, "证件号码": true, "联系电话": true, "住址": true}
	f.Fuzz(func(t *testing.T, name, id, phone, address string) {
		p := Petitioner{Name: name, IDNumber: NormalizeIDNumber(id), Phone: NormalizePhone(phone), Address: address}
		if n := NormalizePhone(p.Phone); n != p.Phone {
			t.Errorf("NormalizePhone is not idempotent on %q: %q then %q", phone, p.Phone, n)
		}
		if strings.ContainsAny(p.Phone, " \u3000") {
			t.Errorf("NormalizePhone(%q) = %q keeps a space", phone, p.Phone)
		}
		err := p.Validate()
		if err == nil {
			if strings.IndexByte(name+p.IDNumber+p.Phone+address, 0) >= 0 || !utf8.ValidString(name+p.IDNumber+p.Phone+address) {
				t.Errorf("Validate(%+v) = nil with a NUL byte or invalid UTF-8", p)
			}
			return
		}
		var ve ValidationError
		if !errors.As(err, &ve) || len(ve) == 0 {
			t.Fatalf("Validate(%+v) = %v (%T), want a ValidationError", p, err, err)
		}
		for _, fe := range ve {
			if !fields[fe.Field] || fe.Msg == "" {
				t.Errorf("Validate(%+v): field %q message %q, want a known field and a message", p, fe.Field, fe.Msg)
			}
		}
		if utf8.ValidString(name+id+phone+address) && !utf8.ValidString(err.Error()) {
			t.Errorf("Validate(%+v) message is not valid UTF-8: %q", p, err)
		}
	})
}

// dateSeeds are the dates the rules and the ledger meet.
var dateSeeds = []string{
	"2026-06-30", "2026-02-29", "2024-02-29", "2026-13-01", "2026-00-10", "2026-1-2", " 2026-06-30 ",
	"2026/06/30", "2026年6月30日", "20260630", "2026-06-30T10:00:00Z", "2026-06-30 00:00:00", "46000",
}

func FuzzParseDate(f *testing.F) {
	for _, s := range dateSeeds {
		f.Add(s)
	}
	for _, s := range hostileSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		switch {
		case err != nil:
			if !strings.Contains(err.Error(), "日期") || !d.IsZero() {
				t.Errorf("ParseDate(%q) = %v, %v; want the zero date and a message about 日期", s, d, err)
			}
		case d.IsZero():
			if strings.TrimSpace(s) != "" {
				t.Errorf("ParseDate(%q) = zero date without an error", s)
			}
		default:
			if d.String() != strings.TrimSpace(s) {
				t.Errorf("ParseDate(%q) = %s, which does not read back as the input", s, d)
			}
			if again, err := ParseDate(d.String()); err != nil || !again.Equal(d) {
				t.Errorf("ParseDate(ParseDate(%q).String()) = %v, %v", s, again, err)
			}
			b, _ := json.Marshal(d)
			var j Date
			if err := json.Unmarshal(b, &j); err != nil || !j.Equal(d) {
				t.Errorf("JSON round trip of %s = %v, %v", d, j, err)
			}
		}
		// What the database hands back, in any shape, is read or refused, never a panic.
		var sc Date
		if err := sc.Scan(s); err == nil && !sc.IsZero() && sc.Year() > 9999 {
			t.Errorf("Scan(%q) = %v", s, sc)
		}
		sc.Scan([]byte(s))
		var j Date
		j.UnmarshalJSON([]byte(s))
		ParseMonth(s)
	})
}

// Found by FuzzParseDate: 0001-01-01 parsed to the zero Date, so a typed date read as an
// empty field ("不能为空") instead of being refused.
func TestParseDateRefusesTheZeroDay(t *testing.T) {
	for _, s := range []string{"0001-01-01", " 0001-01-01 "} {
		if d, err := ParseDate(s); err == nil || !strings.Contains(err.Error(), "日期「0001-01-01」无效") {
			t.Errorf("ParseDate(%q) = %v, %v; want it refused as an invalid date", s, d, err)
		}
	}
	if d, err := ParseDate("0001-01-02"); err != nil || d.IsZero() {
		t.Errorf("ParseDate(0001-01-02) = %v, %v; want a date (Validate refuses it as before 1900)", d, err)
	}
}
