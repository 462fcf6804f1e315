package ledgerio

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"baoan/model"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in       string
		date1904 bool
		want     string // "" for not a date
	}{
		{"46027", false, "2026-01-05"}, // an Excel date cell
		{"46027.75", false, "2026-01-05"},
		{"44562", true, "2026-01-02"}, // the same serial is another day in the 1904 system
		{"61", false, "1900-03-01"},
		{"59", false, "1900-02-28"},
		{"60", false, ""}, // Excel's 29 February 1900 never was
		{"2026-01-05", false, "2026-01-05"},
		{"2026/1/5", false, "2026-01-05"},
		{"2026.1.5", false, "2026-01-05"},
		{"2026-1-05", false, "2026-01-05"},
		{"2026年1月5日", false, "2026-01-05"},
		{"2026年01月05号", false, "2026-01-05"},
		{"2026 年 1 月 5 日", false, "2026-01-05"},
		{"20260105", false, "2026-01-05"},
		{"2026-01-05 09:30:00", false, "2026-01-05"},
		{"2026-01-05T00:00:00", false, "2026-01-05"},
		{"2026-01-05T00:00:00Z", false, "2026-01-05"},
		{"2026/1/5 9:30", false, "2026-01-05"},
		{"2000-01-1T", false, ""},
		{"2026-01-05 下午", false, ""},
		{"２０２６－０１－０５", false, "2026-01-05"},
		{" 2026/1/5 ", false, "2026-01-05"},
		{"2026-02-30", false, ""},
		{"2026/13/1", false, ""},
		{"20261301", false, ""},
		{"5/1/2026", false, ""}, // day and month order is ambiguous
		{"26-1-5", false, ""},
		{"昨天", false, ""},
		{"", false, ""},
		{"1850-01-01", false, ""},
		{"0", false, ""},
	}
	for _, tt := range tests {
		got, ok := parseDate(tt.in, tt.date1904)
		if ok != (tt.want != "") || ok && got.String() != tt.want {
			t.Errorf("parseDate(%q, %v) = %s, %v; want %q", tt.in, tt.date1904, got, ok, tt.want)
		}
	}
}

func TestSerialRoundTrip(t *testing.T) {
	for d := model.MustDate("1900-01-01"); d.Year() < 2100; d = d.AddDays(97) {
		n := serial(d)
		got, ok := fromSerial(strconv.Itoa(n), false)
		if !ok || !got.Equal(d) {
			t.Errorf("fromSerial(serial(%s) = %d) = %s, %v", d, n, got, ok)
		}
	}
	if got := serial(model.MustDate("2026-01-05")); got != 46027 {
		t.Errorf("serial(2026-01-05) = %d, want 46027 (as Excel counts)", got)
	}
}

func TestParseYesNo(t *testing.T) {
	tests := []struct {
		in      string
		yes, ok bool
	}{
		{"是", true, true}, {"否", false, true}, {"Y", true, true}, {"n", false, true}, {"1", true, true},
		{"0", false, true}, {"TRUE", true, true}, {"false", false, true}, {"√", true, true}, {"１", true, true},
		{"", false, false}, {"有", false, false}, {"2", false, false},
	}
	for _, tt := range tests {
		yes, ok := parseYesNo(tt.in)
		if yes != tt.yes || ok != tt.ok {
			t.Errorf("parseYesNo(%q) = %v, %v; want %v, %v", tt.in, yes, ok, tt.yes, tt.ok)
		}
	}
}

func TestParseCount(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"1", 1, true}, {"12", 12, true}, {"3.0", 3, true}, {"５人", 5, true},
		{"2.5", 0, false}, {"-1", 0, false}, {"十", 0, false}, {"", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseCount(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseCount(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestSplitNames(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"张三", []string{"张三"}},
		{"张三、李四,王五，赵六;钱七；孙八/周九", []string{"张三", "李四", "王五", "赵六", "钱七", "孙八", "周九"}},
		{"买买提·艾力、 李四 ", []string{"买买提·艾力", "李四"}},
		{"、、", nil},
	}
	for _, tt := range tests {
		if got := splitNames(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("splitNames(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestPerPersonRoundTrip(t *testing.T) {
	tests := [][]string{
		{"13800000001"},
		{"13800000001", "", ""},
		{"13800000001", "", "13800000003"},
		{"", "13800000002"},
		{"", ""},
	}
	for _, vals := range tests {
		cell := joinPerPerson(vals)
		got := splitPerPerson(cell, true)
		// Trailing blanks and an all-blank list are not written; what is read must put
		// each value at its person.
		for i, v := range vals {
			g := ""
			if i < len(got) {
				g = got[i]
			}
			if g != v && !(len(got) <= 1 && i > 0 && v == "") {
				t.Errorf("split(join(%q) = %q) = %q: person %d gets %q, want %q", vals, cell, got, i+1, g, v)
			}
		}
	}
	if got := splitPerPerson("解放路1号、2号", false); !slices.Equal(got, []string{"解放路1号、2号"}) {
		t.Errorf("an address with 、 split into %q, want it whole", got)
	}
	if got := splitPerPerson("a\r\nb", false); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("splitPerPerson over CRLF = %q, want [a b]", got)
	}
}

func TestScanner(t *testing.T) {
	long := strings.Repeat("长", 200000) // longer than the reader's buffer
	in := `<?xml version="1.0"?><!-- a > b --><x:row r="1" q='a>b'><c><v>1&amp;2 &#x4E2D;_x000D_</v></c>` +
		`<![CDATA[p>q]]><t>` + long + `</t><empty/></x:row>`
	sc := newScanner(strings.NewReader(in))
	var got []string
	for {
		tok, err := sc.next()
		if err != nil {
			break
		}
		switch tok.kind {
		case tokStart:
			got = append(got, "<"+tok.name+" r="+string(tok.attr("r"))+" q="+string(tok.attr("q"))+">")
		case tokEnd:
			got = append(got, "</"+tok.name+">")
		case tokText:
			text := string(tok.text)
			if text == long {
				text = "long"
			}
			got = append(got, text)
		}
	}
	want := []string{"<row r=1 q=a>b>", "<c r= q=>", "<v r= q=>", "1&2 中\r", "</v>", "</c>", "p>q", "<t r= q=>", "long", "</t>",
		"< r= q=>", "</row>"}
	if !slices.Equal(got, want) {
		t.Errorf("tokens = %q\nwant %q", got, want)
	}
}
