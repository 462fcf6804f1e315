package ui

import (
	"fyne.io/fyne/v2/lang"

	"baoan/model"
)

// Model's validation speaks Chinese only, since the store and the command line print its
// messages too. Each message carries a code and the values it quotes (model.FieldError),
// so the screens say it again in their own language from valid.*.json.

// validFields are the codes of the valid.field.* keys for the field names model's
// validation uses (model.FieldError.Field).
var validFields = map[string]string{
	"信访形式": "channel",
	"登记日期": "received",
	"问题类别": "category",
	"所属街道": "street",
	"事项摘要": "summary",
	"诉求":   "demands",
	"人数":   "headcount",
	"内部时限": "target",
	"办理状态": "status",
	"受理决定": "decision",
	"处理意见": "reply_kind",
	"满意度":  "rating",
	"决定日期": "decided_on",
	"办结日期": "closed_on",
	"信访编号": "no",
	"决定理由": "decision_reason",
	"答复内容": "reply_text",
	"备注":   "note",
	"姓名":   "name",
	"证件类型": "id_kind",
	"证件号码": "id_number",
	"联系电话": "phone",
	"住址":   "address",
	"信访人":  "petitioners",
}

// validMsg is fe's message in the screen's language; model's own message when fe has no
// code (an error that came as a plain message).
func validMsg(fe model.FieldError) string {
	if fe.Code == "" {
		return fe.Msg
	}
	return lang.X("valid."+fe.Code, fe.Msg, fe.Args)
}

// validField is the name of the field fe is about, in the screen's language.
func validField(fe model.FieldError) string {
	code, ok := validFields[fe.Field]
	if !ok {
		return fe.Field
	}
	return lang.X("valid.field."+code, fe.Field)
}

// validLine is fe with the name of its field, for a message shown away from the field:
// 事项摘要：不能为空… as model.FieldError.Error() says it.
func validLine(fe model.FieldError) string {
	if fe.Field == "" {
		return validMsg(fe)
	}
	return lang.L("valid.line", map[string]any{"Field": validField(fe), "Msg": validMsg(fe)})
}
