package ui

import (
	"encoding/json"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"baoan/model"
)

// historyTab is 操作记录: the case's audit trail, oldest first — who, when, what, and
// each field's old → new value.
func (c *caseDetail) historyTab() fyne.CanvasObject {
	switch {
	case !model.Can(c.e.actor.Role, model.ActAuditRead):
		return container.NewCenter(widget.NewLabel(lang.L("case.history.forbidden")))
	case c.historyErr != nil:
		return container.NewCenter(caseText(lang.L("case.error.load", map[string]any{"Err": caseErrText(c.historyErr)})))
	case len(c.history) == 0:
		return container.NewCenter(widget.NewLabel(lang.L("case.history.none")))
	}
	box := container.NewVBox()
	for _, h := range c.history {
		head := lang.L("case.history.head", map[string]any{
			"At": h.At.Local().Format("2006-01-02 15:04:05"), "Actor": h.Actor, "Action": caseActionText(h.Action)})
		box.Add(widget.NewLabelWithStyle(head, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		if lines := c.caseChanges(h); len(lines) > 0 {
			box.Add(caseText(strings.Join(lines, "\n")))
		}
	}
	return container.NewVScroll(box)
}

// caseChange is one field of an audit entry as the store writes it.
type caseChange struct {
	Field string `json:"field"`
	Old   any    `json:"old"`
	New   any    `json:"new"`
}

// caseChanges renders an entry's changes as "field：old → new" lines.
func (c *caseDetail) caseChanges(h model.AuditEntry) []string {
	var chs []caseChange
	if err := json.Unmarshal([]byte(h.Changes), &chs); err != nil {
		return []string{h.Changes}
	}
	out := make([]string, 0, len(chs))
	for _, ch := range chs {
		// The case is the one on screen, and a 包案 entry names its leader in "leader".
		if ch.Field == "case_id" || ch.Field == "assignment_id" || h.Entity == "assignments" && ch.Field == "leader_id" {
			continue
		}
		out = append(out, lang.L("case.history.change", map[string]any{
			"Field": caseFieldText(ch.Field),
			"Old":   c.historyValue(h.Entity, ch.Field, ch.Old),
			"New":   c.historyValue(h.Entity, ch.Field, ch.New)}))
	}
	return out
}

// historyValue shows a recorded value: codes and ids by their names, empty as （空）.
func (c *caseDetail) historyValue(entity, field string, v any) string {
	if v == nil {
		return lang.L("case.history.empty")
	}
	if f, ok := v.(float64); ok && f == float64(int64(f)) {
		id := int64(f)
		switch field {
		case "category_id":
			for _, cat := range c.dict.categories {
				if cat.ID == id {
					return cat.Name
				}
			}
		case "street_id", "community_id", "unit_id":
			return c.unitName(id)
		case "leader_id":
			return c.leaderName(id)
		}
	}
	if b, ok := v.(bool); ok {
		if b {
			return lang.L("case.history.yes")
		}
		return lang.L("case.history.no")
	}
	s, ok := v.(string)
	if !ok {
		if f, isNum := v.(float64); isNum && f == float64(int64(f)) {
			return fmt.Sprint(int64(f))
		}
		b, _ := json.Marshal(v)
		return string(b)
	}
	switch {
	case field == "status" && entity == "duties":
		return caseDutyStatusText(model.DutyStatus(s))
	case field == "status":
		return statusText(model.Status(s))
	case field == "decision":
		return caseDecisionText(model.Decision(s))
	case field == "rating":
		return caseRatingText(model.Rating(s))
	case field == "reply_kind" || field == "opinion":
		return caseReplyText(model.ReplyKind(s))
	case field == "channel":
		return channelText(model.Channel(s))
	case field == "target":
		return caseTargetText(model.Target(s))
	case field == "kind" && entity == "visits":
		return caseVisitText(model.VisitKind(s))
	case field == "kind" && entity == "duties":
		return caseDutyText(model.DutyKind(s))
	case field == "kind" && entity == "stages":
		return caseStageText(model.StageKind(s))
	}
	return s
}

func caseActionText(action string) string {
	return caseLabel(map[string]string{
		"case.create": lang.L("case.action.create"), "case.update": lang.L("case.action.update"),
		"case.petitioners": lang.L("case.action.petitioners"), "case.decide": lang.L("case.step.decide"),
		"case.object": lang.L("case.step.object"), "case.extend": lang.L("case.step.extend"),
		"case.unextend": lang.L("case.action.unextend"), "case.reply": lang.L("case.step.reply"),
		"case.rate": lang.L("case.step.rate"), "case.stop": lang.L("case.step.stop"),
		"case.request_stage": lang.L("case.action.request_stage"), "case.reply_stage": lang.L("case.action.reply_stage"),
		"case.withdraw_stage": lang.L("case.action.withdraw_stage"), "case.hearing": lang.L("case.stage.hearing"),
		"stage.create": lang.L("case.action.request_stage"), "stage.reply": lang.L("case.action.reply_stage"),
		"stage.delete": lang.L("case.action.withdraw_stage"), "stage.hearing": lang.L("case.stage.hearing"),
		"extension.create": lang.L("case.step.extend"), "extension.delete": lang.L("case.action.unextend"),
		"assignment.create": lang.L("case.assign.add"), "assignment.delete": lang.L("case.action.unassign"),
		"assignment.plan": lang.L("case.action.plan"), "assignment.strike_off": lang.L("case.step.strike_off"),
		"duty.update": lang.L("case.action.duty"), "stability_log.create": lang.L("case.log.add"),
		"visit.create": lang.L("case.visit.add"), "visit.update": lang.L("case.visit.edit"),
		"visit.delete": lang.L("case.visit.delete"), "supervision.create": lang.L("case.supervision.add"),
		"supervision.update": lang.L("case.action.supervision"), "supervision.delete": lang.L("case.action.unsupervise"),
		"attachment.create": lang.L("case.file.add"), "attachment.delete": lang.L("case.file.delete"),
	}, action)
}

// caseFieldText names a recorded field; a field without a name here shows as stored.
func caseFieldText(field string) string {
	return caseLabel(map[string]string{
		"status": lang.L("case.hf.status"), "decision": lang.L("case.form.decision"),
		"decided_on": lang.L("case.form.decided_on"), "decision_reason": lang.L("case.form.reason"),
		"accept_due": lang.L("case.clock.accept"), "objection_due": lang.L("case.clock.objection"),
		"reply_due": lang.L("case.clock.reply"), "extended_due": lang.L("case.hf.extended_due"),
		"due_on": lang.L("case.hf.due_on"), "target_due": lang.L("case.hf.target_due"),
		"target": lang.L("case.field.target"), "closed_on": lang.L("case.form.replied_on"),
		"reply_kind": lang.L("case.form.reply_kind"), "reply_text": lang.L("case.form.reply_text"),
		"rating": lang.L("case.form.rating"), "rated_on": lang.L("case.form.rated_on"),
		"stopped_on": lang.L("case.form.stopped_on"), "received_on": lang.L("case.field.received"),
		"channel": lang.L("case.field.channel"), "head_count": lang.L("case.field.head_count"),
		"category_id": lang.L("case.field.category"), "summary": lang.L("case.field.summary"),
		"demands": lang.L("case.field.demands"), "street_id": lang.L("case.field.street"),
		"community_id": lang.L("case.field.community"), "unit_id": lang.L("case.unit.label"),
		"repeat": lang.L("case.field.repeat"), "skip_level": lang.L("case.field.skip_level"),
		"backlog": lang.L("case.field.backlog"), "supervised": lang.L("case.field.supervised"),
		"note": lang.L("case.field.note"), "plan": lang.L("case.assign.plan"),
		"struck_off_on": lang.L("case.form.struck_on"), "struck_off_by": lang.L("case.form.strike_by"),
		"struck_off_note": lang.L("case.form.strike_note"), "visited_on": lang.L("case.form.visited_on"),
		"planned": lang.L("case.form.planned"), "place": lang.L("case.form.place"),
		"people_met": lang.L("case.form.people_met"), "notes": lang.L("case.form.visit_notes"),
		"outcome": lang.L("case.form.outcome"), "next_step": lang.L("case.form.next_step"),
		"approver": lang.L("case.form.approver"), "approved_on": lang.L("case.form.approved_on"),
		"new_due": lang.L("case.hf.extended_due"), "requested_on": lang.L("case.form.requested_on"),
		"organ": lang.L("case.form.organ"), "hearing_days": lang.L("case.form.hearing_days"),
		"opinion": lang.L("case.form.opinion"), "issuer": lang.L("case.form.issuer"),
		"demand": lang.L("case.form.demand"), "leader": lang.L("case.form.leader"),
		"kind": lang.L("case.hf.kind"), "name": lang.L("case.hf.name"),
		"no": lang.L("case.field.no"), "year": lang.L("case.hf.year"), "seq": lang.L("case.hf.seq"),
		"petitioner_ids": lang.L("case.tab.people"), "leader_id": lang.L("case.form.visit_leader"),
		"first_followup_on": lang.L("case.hf.first_followup"), "stage_replied_on": lang.L("case.hf.stage_replied"),
		"leaders": lang.L("case.form.visit_others"), "reply": lang.L("case.form.supervision_reply"),
		"replied_on":  lang.L("case.form.supervision_replied_on"),
		"assigned_on": lang.L("case.form.assigned_on"), "logged_on": lang.L("case.hf.logged_on"),
		"author": lang.L("case.hf.author"), "updated_on": lang.L("case.hf.updated_on"),
		"mime": lang.L("case.hf.mime"), "size": lang.L("case.hf.size"), "created_by": lang.L("case.hf.created_by"),
		"told_on": lang.L("case.form.told_on"), "reason": lang.L("case.form.extend_reason"),
		"text": lang.L("case.form.reply_text"), "issued_on": lang.L("case.form.issued_on"),
	}, strings.TrimSpace(field))
}
