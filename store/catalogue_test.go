package store

import (
	"errors"
	"strings"
	"testing"

	"baoan/model"
)

// badInput is one entry of the bad-input catalogue: a value put into one field of a case
// or of its petitioner. A refused entry names the field and says what is wrong; an
// accepted one (emoji, 繁體字, SQL that is only text) is stored exactly as typed.
type badInput struct {
	name  string
	apply func(c *model.Case, p *model.Petitioner)
	field string // the field the message names; "" when the entry is accepted
	want  string // a phrase of the message
}

var hundredThousand = strings.Repeat("访", 100000)

// badInputs is the catalogue: empty and blank fields, 100,000 characters, NUL bytes,
// emoji, traditional characters, right-to-left marks, SQL fragments, dates in the year
// 9999 or before 1900, and negative head counts.
var badInputs = []badInput{
	{"empty summary", func(c *model.Case, p *model.Petitioner) { c.Summary = "" }, "事项摘要", "不能为空"},
	{"blank summary", func(c *model.Case, p *model.Petitioner) { c.Summary = " \t\n\u3000\u200b\ufeff " }, "事项摘要", "不能为空"},
	{"summary of right-to-left marks only", func(c *model.Case, p *model.Petitioner) { c.Summary = "\u200f\u202e\u202c\u2067\u2069" }, "事项摘要", "不能为空"},
	{"empty name", func(c *model.Case, p *model.Petitioner) { p.Name = "" }, "姓名", "不能为空"},
	{"blank name", func(c *model.Case, p *model.Petitioner) { p.Name = "\u3000 \u200d" }, "姓名", "不能为空"},
	{"name of digits", func(c *model.Case, p *model.Petitioner) { p.Name = "12345" }, "姓名", "须包含汉字或字母"},
	{"100,000-character summary", func(c *model.Case, p *model.Petitioner) { c.Summary = hundredThousand }, "事项摘要", "不能超过4000字，现为100000字"},
	{"100,000-character demands", func(c *model.Case, p *model.Petitioner) { c.Demands = hundredThousand }, "诉求", "不能超过4000字，现为100000字"},
	{"100,000-character name", func(c *model.Case, p *model.Petitioner) { p.Name = hundredThousand }, "姓名", "不能超过50字，现为100000字"},
	{"100,000-character address", func(c *model.Case, p *model.Petitioner) { p.Address = hundredThousand }, "住址", "不能超过200字，现为100000字"},
	{"100,000-character note", func(c *model.Case, p *model.Petitioner) { c.Note = hundredThousand }, "备注", "不能超过4000字，现为100000字"},
	{"100,000-character phone", func(c *model.Case, p *model.Petitioner) { p.Phone = strings.Repeat("1", 100000) }, "联系电话", "手机号应为11位数字，现为100000位"},
	{"100,000-character ID number", func(c *model.Case, p *model.Petitioner) { p.IDNumber = strings.Repeat("1", 100000) }, "证件号码", "应为18位，现为100000位"},
	{"NUL in the summary", func(c *model.Case, p *model.Petitioner) { c.Summary = "拖欠\x00工资" }, "事项摘要", "空字符（NUL）"},
	{"NUL in the name", func(c *model.Case, p *model.Petitioner) { p.Name = "张\x00三" }, "姓名", "空字符（NUL）"},
	{"NUL in the address", func(c *model.Case, p *model.Petitioner) { p.Address = "新安街道\x00" }, "住址", "空字符（NUL）"},
	{"NUL in the note", func(c *model.Case, p *model.Petitioner) { c.Note = "\x00" }, "备注", "空字符（NUL）"},
	{"NUL in the phone", func(c *model.Case, p *model.Petitioner) { p.Phone = "138\x0012345678" }, "联系电话", "只能填写数字"},
	{"NUL in the ID number", func(c *model.Case, p *model.Petitioner) { p.IDNumber = p.IDNumber[:10] + "\x00" + p.IDNumber[11:] }, "证件号码", "第11位"},
	{"invalid UTF-8 in the summary", func(c *model.Case, p *model.Petitioner) { c.Summary = "工资\xff\xfe" }, "事项摘要", "编码错误"},
	{"emoji in the phone", func(c *model.Case, p *model.Petitioner) { p.Phone = "138😡12345678" }, "联系电话", "含有「😡」"},
	{"ID number with a letter in the middle", func(c *model.Case, p *model.Petitioner) { p.IDNumber = "11010519491231A02X" }, "证件号码", "第15位「A」无效"},
	{"received in the year 9999", func(c *model.Case, p *model.Petitioner) { c.ReceivedOn = model.MustDate("9999-12-31") }, "登记日期", "9999-12-31 晚于今天"},
	{"received before 1900", func(c *model.Case, p *model.Petitioner) { c.ReceivedOn = model.MustDate("1899-12-31") }, "登记日期", "1899-12-31 早于1900年"},
	{"received in year 1", func(c *model.Case, p *model.Petitioner) { c.ReceivedOn = model.MustDate("0001-01-02") }, "登记日期", "早于1900年"},
	{"born in 9999", func(c *model.Case, p *model.Petitioner) {
		p.IDNumber = model.MakeIDNumber("110105", model.MustDate("9999-01-01"), 1)
	}, "证件号码", "晚于今天"},
	{"born before 1900", func(c *model.Case, p *model.Petitioner) {
		p.IDNumber = model.MakeIDNumber("110105", model.MustDate("1899-12-31"), 1)
	}, "证件号码", "早于1900年"},
	{"negative head count", func(c *model.Case, p *model.Petitioner) { c.HeadCount = -5 }, "人数", "至少为1"},
	{"head count past the limit", func(c *model.Case, p *model.Petitioner) { c.HeadCount = 100001 }, "人数", "超过上限100000"},
	{"unknown channel", func(c *model.Case, p *model.Petitioner) { c.Channel = "'; DROP TABLE cases;--" }, "信访形式", "请选择"},

	// Accepted: text is kept as typed, whatever it looks like.
	{"emoji", func(c *model.Case, p *model.Petitioner) {
		c.Summary = "上访人情绪激动😡，要求见领导🙏"
		p.Address = "👨‍👩‍👧 家"
	}, "", ""},
	{"traditional characters", func(c *model.Case, p *model.Petitioner) {
		c.Summary = "繁體字：臺灣鄉親反映補償問題"
		p.Name = "歐陽修"
	}, "", ""},
	{"right-to-left marks in text", func(c *model.Case, p *model.Petitioner) { c.Summary = "عربي \u200f混排\u202eتست\u202c" }, "", ""},
	{"SQL fragments", func(c *model.Case, p *model.Petitioner) {
		c.Summary = `'; DROP TABLE cases;--`
		c.Demands = `" OR 1=1 --`
		p.Name = "Robert'); DROP TABLE petitioners;--"
		p.Address = `%_\`
	}, "", ""},
	{"full-width ID number and phone", func(c *model.Case, p *model.Petitioner) {
		p.IDNumber = "１１０１０５１９４９１２３１００２Ｘ"
		p.Phone = "１３８ １２３４ ５６７８"
	}, "", ""},
	{"4000 characters exactly", func(c *model.Case, p *model.Petitioner) { c.Summary = strings.Repeat("访", 4000) }, "", ""},
}

// TestBadInputCatalogue puts every catalogue entry through the checks the form runs
// (model's Validate) and through CreateCase, which the registration screen and the
// command line write through: a refused entry gets its field's message from both and
// leaves the database unchanged; an accepted one reads back exactly as typed.
func TestBadInputCatalogue(t *testing.T) {
	f := newFx(t)
	f.newCase()
	for _, tt := range badInputs {
		t.Run(tt.name, func(t *testing.T) {
			c := f.caseInput(func(c *model.Case) { c.HeadCount = 1 })
			p := f.petitioner("张三")
			tt.apply(&c, &p)
			// The form tidies the numbers before checking them, as the store does.
			p.IDNumber, p.Phone = model.NormalizeIDNumber(p.IDNumber), model.NormalizePhone(p.Phone)

			// The form's own check, before anything is sent to the store.
			var formErr error
			if err := c.Validate(); err != nil {
				formErr = err
			} else if err := p.Validate(); err != nil {
				formErr = err
			}
			before := f.counts()
			saved, err := f.s.CreateCase(f.ctx, f.clerk, c, []model.Petitioner{p})

			if tt.field == "" {
				if formErr != nil || err != nil {
					t.Fatalf("%s: form says %v, CreateCase says %v; want it accepted", tt.name, formErr, err)
				}
				d, err := f.s.GetCase(f.ctx, f.admin, saved.ID)
				if err != nil {
					t.Fatal(err)
				}
				got := d.Petitioners[0]
				if d.Summary != c.Summary || d.Demands != c.Demands || got.Name != p.Name || got.Address != p.Address {
					t.Errorf("%s: read back summary %q demands %q name %q address %q; want them as typed", tt.name, d.Summary, d.Demands, got.Name, got.Address)
				}
				return
			}
			var ve model.ValidationError
			if !errors.As(formErr, &ve) || !strings.Contains(ve.Msg(tt.field), tt.want) {
				t.Errorf("%s: the form's check says %v; want %s：…%s…", tt.name, clipErr(formErr), tt.field, tt.want)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("%s: CreateCase = %v, want ErrInvalid", tt.name, clipErr(err))
			}
			msg := UserMessage(err)
			if !strings.Contains(msg, tt.field+"：") || !strings.Contains(msg, tt.want) {
				t.Errorf("%s: the user sees %q; want %s：…%s…", tt.name, clipErr(errors.New(msg)), tt.field, tt.want)
			}
			sameCounts(t, before, f.counts())
		})
	}
	if !f.s.db.Migrator().HasTable("cases") || !f.s.db.Migrator().HasTable("petitioners") {
		t.Errorf("a table is gone after the catalogue")
	}
	if bad, err := f.s.VerifyAudit(f.ctx); err != nil {
		t.Errorf("VerifyAudit after the catalogue = %d, %v", bad, err)
	}
}

// TestBadDatesOnVisits puts the catalogue's impossible dates on a visit.
func TestBadDatesOnVisits(t *testing.T) {
	f := newFx(t)
	c := f.newCase()
	tests := []struct {
		on   string
		want string
	}{
		{"9999-12-31", "晚于今天"},
		{"1899-12-31", "早于事项登记日期"},
	}
	for _, tt := range tests {
		before := f.counts()
		_, err := f.s.AddVisit(f.ctx, f.clerk, model.Visit{CaseID: c.ID, Kind: model.VisitHome, VisitedOn: model.MustDate(tt.on)})
		if !errors.Is(err, ErrInvalid) || !strings.Contains(UserMessage(err), "走访日期") || !strings.Contains(UserMessage(err), tt.want) {
			t.Errorf("AddVisit(on %s) = %v, want ErrInvalid naming 走访日期 and saying %q", tt.on, err, tt.want)
		}
		sameCounts(t, before, f.counts())
	}
}

// clipErr cuts an error's text for a failure message: the 100,000-character entries would
// otherwise fill the screen.
func clipErr(err error) string {
	if err == nil {
		return "<nil>"
	}
	r := []rune(err.Error())
	if len(r) > 300 {
		return string(r[:300]) + "…"
	}
	return string(r)
}
