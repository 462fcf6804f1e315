package model

import (
	"errors"
	"strings"
	"testing"
)

func validCase() Case {
	return Case{Channel: ChannelLetter, ReceivedOn: MustDate("2026-06-01"), HeadCount: 1, CategoryID: 1, StreetID: 2,
		Summary: "反映小区停车位被占用"}
}

func TestCaseValidate(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(c *Case)
		field string // "" for valid
		msg   string // a part of the message
	}{
		{"valid", func(c *Case) {}, "", ""},
		{"emoji, 繁體 and SQL are text", func(c *Case) {
			c.Summary = "😀 物業費爭議'); DROP TABLE cases; --"
			c.Demands = "<script>alert(1)</script> 退還費用"
		}, "", ""},
		{"received today", func(c *Case) { c.ReceivedOn = MustDate(testToday) }, "", ""},
		{"summary of exactly 4000", func(c *Case) { c.Summary = strings.Repeat("字", 4000) }, "", ""},
		{"head count 100000", func(c *Case) { c.HeadCount = 100000 }, "", ""},
		{"later dates in order", func(c *Case) {
			c.DecidedOn, c.ClosedOn = MustDate("2026-06-01"), MustDate("2026-06-01")
		}, "", ""},
		{"no channel", func(c *Case) { c.Channel = "" }, "信访形式", "请选择 来信、来访"},
		{"bad channel", func(c *Case) { c.Channel = "fax" }, "信访形式", "请选择"},
		{"no received date", func(c *Case) { c.ReceivedOn = Date{} }, "登记日期", "不能为空"},
		{"received tomorrow", func(c *Case) { c.ReceivedOn = MustDate("2026-07-01") }, "登记日期", "2026-07-01 晚于今天（2026-06-30）"},
		{"received 1899", func(c *Case) { c.ReceivedOn = MustDate("1899-12-31") }, "登记日期", "早于1900年"},
		{"no category", func(c *Case) { c.CategoryID = 0 }, "问题类别", "请选择问题类别"},
		{"no street", func(c *Case) { c.StreetID = 0 }, "所属街道", "请选择所属街道"},
		{"empty summary", func(c *Case) { c.Summary = "" }, "事项摘要", "不能为空，请填写"},
		{"blank summary", func(c *Case) { c.Summary = " \t\n\u3000\u200b" }, "事项摘要", "不能为空"},
		{"summary 4001", func(c *Case) { c.Summary = strings.Repeat("字", 4001) }, "事项摘要", "不能超过4000字，现为4001字"},
		{"demands 4001", func(c *Case) { c.Demands = strings.Repeat("a", 4001) }, "诉求", "不能超过4000字"},
		{"NUL in summary", func(c *Case) { c.Summary = "停车\x00位" }, "事项摘要", "NUL"},
		{"NUL in note", func(c *Case) { c.Note = "\x00" }, "备注", "NUL"},
		{"bad UTF-8 in demands", func(c *Case) { c.Demands = "\xff\xfe" }, "诉求", "编码错误"},
		{"head count 0", func(c *Case) { c.HeadCount = 0 }, "人数", "至少为1"},
		{"head count negative", func(c *Case) { c.HeadCount = -3 }, "人数", "至少为1"},
		{"head count 100001", func(c *Case) { c.HeadCount = 100001 }, "人数", "超过上限100000"},
		{"bad target", func(c *Case) { c.Target = "week" }, "内部时限", "请选择"},
		{"bad status", func(c *Case) { c.Status = "lost" }, "办理状态", "「lost」无效"},
		{"bad decision", func(c *Case) { c.Decision = "maybe" }, "受理决定", "请选择"},
		{"bad reply kind", func(c *Case) { c.ReplyKind = "ok" }, "处理意见", "请选择"},
		{"bad rating", func(c *Case) { c.Rating = "5 stars" }, "满意度", "请选择"},
		{"decided before received", func(c *Case) { c.DecidedOn = MustDate("2026-05-31") }, "决定日期", "早于登记日期 2026-06-01"},
		{"closed before decided", func(c *Case) {
			c.DecidedOn, c.ClosedOn = MustDate("2026-06-10"), MustDate("2026-06-09")
		}, "办结日期", "早于决定日期 2026-06-10"},
		{"closed before received", func(c *Case) { c.ClosedOn = MustDate("2026-05-01") }, "办结日期", "早于登记日期"},
	}
	for _, tt := range tests {
		c := validCase()
		tt.edit(&c)
		kept := c
		err := c.Validate()
		if c != kept {
			t.Errorf("Validate(%s) changed the case", tt.name)
		}
		if tt.field == "" {
			if err != nil {
				t.Errorf("Validate(%s) = %v, want nil", tt.name, err)
			}
			continue
		}
		var ve ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("Validate(%s) = %v, want a ValidationError", tt.name, err)
			continue
		}
		if len(ve) != 1 || ve[0].Field != tt.field || !strings.Contains(ve[0].Msg, tt.msg) {
			t.Errorf("Validate(%s) = %q, want exactly one error on %s containing %q", tt.name, err, tt.field, tt.msg)
		}
		if !strings.HasPrefix(err.Error(), tt.field+"：") {
			t.Errorf("Validate(%s) = %q, want it to start with %s：", tt.name, err, tt.field)
		}
	}
}

func TestValidationErrorJoins(t *testing.T) {
	c := Case{Summary: " "}
	err := c.Validate()
	want := "信访形式：请选择 来信、来访、网上信访、来电、12345热线、领导接访、网格员代办 或 其他；" +
		"登记日期：不能为空，请填写收到信访事项的日期；问题类别：请选择问题类别；所属街道：请选择所属街道；" +
		"事项摘要：不能为空，请填写信访事项的主要内容；人数：至少为1，请填写来信来访的人数"
	if err == nil || err.Error() != want {
		t.Errorf("Case{}.Validate() = %v,\nwant %s", err, want)
	}
	var ve ValidationError
	if !errors.As(err, &ve) || ve.Msg("问题类别") != "请选择问题类别" || ve.Msg("诉求") != "" {
		t.Errorf("ValidationError.Msg: 问题类别 %q 诉求 %q", ve.Msg("问题类别"), ve.Msg("诉求"))
	}
	// A valid case returns a nil interface, not a nil ValidationError inside one.
	if err := validCase().Validate(); err != nil {
		t.Errorf("validCase().Validate() = %#v, want untyped nil", err)
	}
}

func TestPetitionerValidate(t *testing.T) {
	tests := []struct {
		name  string
		p     Petitioner
		field string
		msg   string
	}{
		{"full", Petitioner{Name: "张三", IDKind: IDResident, IDNumber: "11010519491231002X", Phone: "13812345678"}, "", ""},
		{"name only", Petitioner{Name: "李四"}, "", ""},
		{"latin name", Petitioner{Name: "John Smith"}, "", ""},
		{"ethnic name with dot", Petitioner{Name: "阿依古丽·买买提"}, "", ""},
		{"passport", Petitioner{Name: "王五", IDKind: IDPassport, IDNumber: "E12345678"}, "", ""},
		{"kind unset, resident shape", Petitioner{Name: "赵六", IDNumber: "11010519491231002X"}, "", ""},
		{"landline", Petitioner{Name: "钱七", Phone: "0755-1234567"}, "", ""},
		{"no name", Petitioner{}, "姓名", "不能为空，请填写信访人姓名"},
		{"blank name", Petitioner{Name: "\u3000 "}, "姓名", "不能为空"},
		{"digits only", Petitioner{Name: "12345"}, "姓名", "须包含汉字或字母"},
		{"symbols only", Petitioner{Name: "？？"}, "姓名", "须包含汉字或字母"},
		{"name 51", Petitioner{Name: strings.Repeat("张", 51)}, "姓名", "不能超过50字，现为51字"},
		{"NUL in name", Petitioner{Name: "张\x00三"}, "姓名", "NUL"},
		{"bad checksum", Petitioner{Name: "张三", IDKind: IDResident, IDNumber: "110105194912310021"}, "证件号码", "校验码不符"},
		{"lowercase x", Petitioner{Name: "张三", IDKind: IDResident, IDNumber: "11010519491231002x"}, "证件号码", "大写字母 X"},
		{"kind unset, bad resident", Petitioner{Name: "张三", IDNumber: "11010519900230001X"}, "证件号码", "不是真实日期"},
		{"17 digits", Petitioner{Name: "张三", IDKind: IDResident, IDNumber: "11010519491231002"}, "证件号码", "现为17位"},
		{"bad kind", Petitioner{Name: "张三", IDKind: "card"}, "证件类型", "请选择"},
		{"bad phone", Petitioner{Name: "张三", Phone: "1381234567"}, "联系电话", "现为10位"},
		{"NUL in address", Petitioner{Name: "张三", Address: "某街\x00"}, "住址", "NUL"},
	}
	for _, tt := range tests {
		err := tt.p.Validate()
		if tt.field == "" {
			if err != nil {
				t.Errorf("Validate(%s) = %v, want nil", tt.name, err)
			}
			continue
		}
		var ve ValidationError
		if !errors.As(err, &ve) || len(ve) != 1 || ve[0].Field != tt.field || !strings.Contains(ve[0].Msg, tt.msg) {
			t.Errorf("Validate(%s) = %v, want one error on %s containing %q", tt.name, err, tt.field, tt.msg)
		}
	}
}

func TestValidateGroup(t *testing.T) {
	people := func(n int) []Petitioner {
		ps := make([]Petitioner, n)
		for i := range ps {
			ps[i] = Petitioner{Name: "代表" + string(rune('甲'+i))}
		}
		return ps
	}
	sameID := []Petitioner{{Name: "甲", IDNumber: "11010519491231002X"}, {Name: "乙", IDNumber: "11010519491231002X"}}
	tests := []struct {
		name      string
		headCount int
		ps        []Petitioner
		field     string
		msg       string
	}{
		{"one person", 1, people(1), "", ""},
		{"集体访 with five representatives", 300, people(5), "", ""},
		{"four people, four recorded", 4, people(4), "", ""},
		{"six people, all six recorded", 6, people(6), "信访人", "集体访最多登记5名代表（《信访工作条例》第二十条），现为6名"},
		{"集体访 with six representatives", 50, people(6), "信访人", "现为6名"},
		{"none", 1, nil, "信访人", "至少填写一名信访人"},
		{"fewer people than recorded", 2, people(3), "人数", "2 少于已登记的信访人数 3"},
		{"same ID twice", 2, sameID, "证件号码", "第1名和第2名信访人的证件号码相同（110105********002X）"},
	}
	for _, tt := range tests {
		err := ValidateGroup(tt.headCount, tt.ps)
		if tt.field == "" {
			if err != nil {
				t.Errorf("ValidateGroup(%s) = %v, want nil", tt.name, err)
			}
			continue
		}
		var ve ValidationError
		if !errors.As(err, &ve) || len(ve) != 1 || ve[0].Field != tt.field || !strings.Contains(ve[0].Msg, tt.msg) {
			t.Errorf("ValidateGroup(%s) = %v, want one error on %s containing %q", tt.name, err, tt.field, tt.msg)
		}
	}
}
