package ui

import (
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"baoan/model"
)

// everyValidationProblem runs model's checks on inputs that, together, fail each check
// once, and returns what they report.
func everyValidationProblem() []model.FieldError {
	var out []model.FieldError
	add := func(err error) { eachField(err, func(fe model.FieldError) { out = append(out, fe) }) }
	today := testToday
	add(model.Case{Channel: "x", Target: "x", Status: "x", Decision: "x", ReplyKind: "x", Rating: "x"}.Validate())
	add(model.Case{ReceivedOn: today.AddDays(1), HeadCount: model.MaxHeadCount + 1, Summary: "a\x00b", Demands: "\xff",
		Note: strings.Repeat("字", model.MaxTextRunes+1), DecidedOn: today, ClosedOn: today.AddDays(-1)}.Validate())
	add(model.Case{ReceivedOn: model.MustDate("1899-12-31"), ClosedOn: model.MustDate("1899-12-01")}.Validate())
	add(model.Petitioner{}.Validate())
	add(model.Petitioner{Name: "123", IDKind: "x"}.Validate())
	id := model.MakeIDNumber("440306", model.MustDate("1970-05-06"), 1)
	add(model.ValidateGroup(1, nil))
	add(model.ValidateGroup(1, []model.Petitioner{{Name: "A", IDNumber: id}, {Name: "B", IDNumber: id}}))
	add(model.ValidateGroup(model.GroupHeadCount+1, make([]model.Petitioner, model.MaxGroupReps+1)))
	wrong := id[:17] + string("0123456789X"[(strings.IndexByte("0123456789X", id[17])+1)%11])
	for _, s := range []string{"", "\xff", "123", id[:17] + "x", "１" + id[1:], id[:17] + "A", "A" + id[1:],
		"99" + id[2:], id[:6] + "19991332" + id[14:], id[:6] + "18990101" + id[14:], id[:6] + "20990101" + id[14:], wrong} {
		if err := model.CheckIDNumber(s); err != nil {
			out = append(out, model.FieldErrorOf("证件号码", err))
		}
	}
	for _, s := range []string{"", "010-12345678-1234567", "138-12345678", "１３８", "138a", "13812345678转12",
		"1381234567", "12812345678", "010", "62345678", "999", "0123-1234567", "010-123456", "010-01234567"} {
		if err := model.CheckPhone(s); err != nil {
			out = append(out, model.FieldErrorOf("联系电话", err))
		}
	}
	return out
}

// TestValidationMessagesTranslated checks that every code model gives has a text that, in
// Chinese, says exactly what model says (so the form reads as before), and in English
// has no Chinese, the field names included.
func TestValidationMessagesTranslated(t *testing.T) {
	prev := model.Now
	model.Now = func() model.Date { return testToday }
	t.Cleanup(func() { model.Now = prev })
	test.NewTempApp(t)
	t.Cleanup(func() {
		if err := SetLanguage(LangChinese); err != nil {
			t.Errorf("SetLanguage(zh): %v", err)
		}
	})
	problems := everyValidationProblem()
	seen := map[string]bool{}
	for _, fe := range problems {
		if fe.Code == "" {
			t.Errorf("%s：%s has no code", fe.Field, fe.Msg)
		}
		if !slices.Contains(model.ValidationCodes, fe.Code) {
			t.Errorf("code %q of %q is not in model.ValidationCodes", fe.Code, fe.Msg)
		}
		seen[fe.Code] = true
	}
	for _, c := range model.ValidationCodes {
		if !seen[c] {
			t.Errorf("no input in the test fails check %q", c)
		}
	}

	if err := SetLanguage(LangChinese); err != nil {
		t.Fatalf("SetLanguage(zh): %v", err)
	}
	for _, fe := range problems {
		if got := validMsg(fe); got != fe.Msg {
			t.Errorf("validMsg(%s) = %q, want %q", fe.Code, got, fe.Msg)
		}
		if got, want := validLine(fe), fe.Error(); got != want {
			t.Errorf("validLine(%s) = %q, want %q", fe.Code, got, want)
		}
	}
	if err := SetLanguage(LangEnglish); err != nil {
		t.Fatalf("SetLanguage(en): %v", err)
	}
	for _, fe := range problems {
		// The values quoted from the input (full-width digits, 转) may be Chinese.
		bare := validLine(fe)
		for _, v := range fe.Args {
			if s, ok := v.(string); ok && s != "" {
				bare = strings.ReplaceAll(bare, s, "")
			}
		}
		if strings.ContainsFunc(bare, isChinese) {
			t.Errorf("validLine(%s) in English = %q, has Chinese", fe.Code, validLine(fe))
		}
	}
	if got := validMsg(model.FieldError{Field: "人数", Msg: "原样"}); got != "原样" {
		t.Errorf("validMsg without a code = %q, want model's message %q", got, "原样")
	}
}
