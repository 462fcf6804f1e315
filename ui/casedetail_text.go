package ui

import (
	"fyne.io/fyne/v2/lang"

	"baoan/model"
)

// The case screen's names of the model's codes. Each key is written out in full, so that
// the translation tests can see every key that is used.

func caseLabel[K ~string](m map[K]string, k K) string {
	if l, ok := m[k]; ok {
		return l
	}
	return string(k)
}

func caseStepText(s model.Step) string {
	return caseLabel(map[model.Step]string{
		model.StepRegister: lang.L("case.step.register"), model.StepDecide: lang.L("case.step.decide"),
		model.StepObject: lang.L("case.step.object"), model.StepExtend: lang.L("case.step.extend"),
		model.StepReply: lang.L("case.step.reply"), model.StepRequestReview: lang.L("case.step.request_review"),
		model.StepReplyReview: lang.L("case.step.reply_review"), model.StepRequestRecheck: lang.L("case.step.request_recheck"),
		model.StepReplyRecheck: lang.L("case.step.reply_recheck"), model.StepRate: lang.L("case.step.rate"),
		model.StepStop: lang.L("case.step.stop"), model.StepStrikeOff: lang.L("case.step.strike_off"),
	}, s)
}

func caseDecisionText(d model.Decision) string {
	return caseLabel(map[model.Decision]string{
		model.DecisionAccept: lang.L("case.decision.accept"), model.DecisionNotAccept: lang.L("case.decision.not_accept"),
		model.DecisionTransfer: lang.L("case.decision.transfer"), model.DecisionAssign: lang.L("case.decision.assign"),
	}, d)
}

func caseReplyText(r model.ReplyKind) string {
	return caseLabel(map[model.ReplyKind]string{
		model.ReplySupport: lang.L("case.reply.support"), model.ReplyExplain: lang.L("case.reply.explain"),
		model.ReplyReject: lang.L("case.reply.reject"),
	}, r)
}

func caseRatingText(r model.Rating) string {
	return caseLabel(map[model.Rating]string{
		model.RatingSatisfied: lang.L("case.rating.satisfied"), model.RatingBasically: lang.L("case.rating.basically"),
		model.RatingDissatisfied: lang.L("case.rating.dissatisfied"), model.RatingNone: lang.L("case.rating.none"),
	}, r)
}

func caseTargetText(t model.Target) string {
	return caseLabel(map[model.Target]string{
		model.TargetNone: lang.L("case.target.none"), model.TargetInstant: lang.L("case.target.instant"),
		model.TargetDaily: lang.L("case.target.daily"), model.TargetFive: lang.L("case.target.five_days"),
	}, t)
}

func caseDutyText(k model.DutyKind) string {
	return caseLabel(map[model.DutyKind]string{
		model.DutyInvestigate: lang.L("case.duty.investigate"), model.DutyEducate: lang.L("case.duty.educate"),
		model.DutyStabilize: lang.L("case.duty.stabilize"), model.DutySettle: lang.L("case.duty.settle"),
	}, k)
}

func caseDutyStatusText(s model.DutyStatus) string {
	return caseLabel(map[model.DutyStatus]string{
		model.DutyTodo: lang.L("case.duty_status.todo"), model.DutyDoing: lang.L("case.duty_status.doing"),
		model.DutyDone: lang.L("case.duty_status.done"),
	}, s)
}

func caseVisitText(k model.VisitKind) string {
	return caseLabel(map[model.VisitKind]string{
		model.VisitReception: lang.L("case.visit.reception"), model.VisitAppointment: lang.L("case.visit.appointment"),
		model.VisitHome: lang.L("case.visit.home"), model.VisitFollowUp: lang.L("case.visit.followup"),
	}, k)
}

func caseStageText(k model.StageKind) string {
	return caseLabel(map[model.StageKind]string{
		model.StageReview: lang.L("case.stage.review"), model.StageRecheck: lang.L("case.stage.recheck"),
	}, k)
}

func caseLevelText(l model.LeaderLevel) string {
	return caseLabel(map[model.LeaderLevel]string{
		model.LevelDistrict: lang.L("case.level.district"), model.LevelDivision: lang.L("case.level.division"),
		model.LevelSection: lang.L("case.level.section"),
	}, l)
}

func caseIDKindText(k model.IDKind) string {
	return caseLabel(map[model.IDKind]string{
		model.IDResident: lang.L("case.idkind.resident"), model.IDPassport: lang.L("case.idkind.passport"),
		model.IDHKMacao: lang.L("case.idkind.hkmo"), model.IDTaiwan: lang.L("case.idkind.taiwan"),
		model.IDOther: lang.L("case.idkind.other"),
	}, k)
}

// caseOptions gives the codes and labels of an enumeration for a pick list.
func caseOptions[K ~string](values []K, text func(K) string) (codes, labels []string) {
	for _, v := range values {
		codes = append(codes, string(v))
		labels = append(labels, text(v))
	}
	return codes, labels
}
