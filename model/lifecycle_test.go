package model

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// caseIn returns a consistent case standing in the given state. Dates (today is 2026-06-30):
// received Mon 2026-03-02; decided Thu 2026-03-05; reply due 2026-05-04 (no roll);
// replied 2026-04-10; 复查 requested 2026-04-20 and answered 2026-05-15; 复核 requested
// 2026-05-20 and answered 2026-06-10.
func caseIn(s Status) Case {
	c := Case{ID: 7, No: "和信〔2026〕0007", Channel: ChannelVisit, ReceivedOn: MustDate("2026-03-02"), HeadCount: 1,
		CategoryID: 1, StreetID: 2, Summary: "小区加装电梯纠纷", Status: s, AcceptDue: MustDate("2026-03-17")}
	decided := func(d Decision) {
		c.Decision, c.DecidedOn = d, MustDate("2026-03-05")
	}
	switch s {
	case StatusNotAccepted:
		decided(DecisionNotAccept)
		c.DecisionReason = "已经进入诉讼程序"
	case StatusTransferred:
		decided(DecisionTransfer)
		c.DecisionReason = "转区住建委"
		c.ObjectionDue = MustDate("2026-03-12")
	case StatusHandling, StatusClosed, StatusReview, StatusReviewed, StatusRecheck, StatusFinal:
		decided(DecisionAccept)
		c.ReplyDue, c.DueOn = MustDate("2026-05-04"), MustDate("2026-05-04")
	}
	if s.IsClosed() {
		c.ClosedOn, c.ReplyKind, c.ReplyText = MustDate("2026-04-10"), ReplyExplain, "已向信访人解释政策"
	}
	switch s {
	case StatusReviewed, StatusRecheck:
		c.StageRepliedOn = MustDate("2026-05-15")
	case StatusFinal:
		c.StageRepliedOn = MustDate("2026-06-10")
	}
	return c
}

func allDone(assignmentID int64) []Duty {
	ds := NewDuties(assignmentID)
	for i := range ds {
		ds[i].Status = DutyDone
	}
	return ds
}

// steps applies each step with inputs that are right for a case in the state the step
// belongs to, so that only the state decides the outcome.
var steps = map[Step]func(c *Case) error{
	StepRegister: func(c *Case) error { return c.Register(official) },
	StepDecide:   func(c *Case) error { return c.Decide(official, DecisionAccept, MustDate("2026-03-05"), "") },
	StepObject:   func(c *Case) error { return c.Object(MustDate("2026-03-09")) },
	StepExtend: func(c *Case) error {
		return c.Extend(Extension{Approver: "王主任", ApprovedOn: MustDate("2026-04-20"), Reason: "涉及多个部门，情况复杂", NewDue: MustDate("2026-06-03")})
	},
	StepReply: func(c *Case) error { return c.Reply(ReplyExplain, MustDate("2026-04-10"), "已解释") },
	StepRequestReview: func(c *Case) error {
		_, err := c.RequestStage(official, StageReview, MustDate("2026-04-20"), "区信访联席办")
		return err
	},
	StepReplyReview: func(c *Case) error {
		return c.ReplyStage(&Stage{CaseID: 7, Kind: StageReview, RequestedOn: MustDate("2026-04-20")}, ReplySupport, MustDate("2026-05-15"), "")
	},
	StepRequestRecheck: func(c *Case) error {
		_, err := c.RequestStage(official, StageRecheck, MustDate("2026-05-20"), "市信访局")
		return err
	},
	StepReplyRecheck: func(c *Case) error {
		return c.ReplyStage(&Stage{CaseID: 7, Kind: StageRecheck, RequestedOn: MustDate("2026-05-20")}, ReplyReject, MustDate("2026-06-10"), "")
	},
	StepRate: func(c *Case) error { return c.Rate(RatingSatisfied, MustDate("2026-06-15")) },
	StepStop: func(c *Case) error { return c.StopPetitioning(MustDate("2026-06-15")) },
	StepStrikeOff: func(c *Case) error {
		a := Assignment{ID: 3, CaseID: 7, LeaderID: 1, AssignedOn: MustDate("2026-03-05")}
		return a.StrikeOff(*c, allDone(3), MustDate("2026-06-20"), "李书记", "四包完成")
	},
}

// TestLifecycleMatrix tries every step from every state. allowed lists, for each state, the
// steps that succeed and the state they lead to; every other pair must fail with a
// *StepError that lists what the state allows, and leave the case untouched.
func TestLifecycleMatrix(t *testing.T) {
	allowed := map[Status]map[Step]Status{
		"":                {StepRegister: StatusRegistered},
		StatusRegistered:  {StepRegister: StatusRegistered, StepDecide: StatusHandling},
		StatusNotAccepted: {},
		StatusTransferred: {StepObject: StatusRegistered},
		StatusHandling:    {StepExtend: StatusHandling, StepReply: StatusClosed},
		StatusClosed: {StepRequestReview: StatusReview, StepRate: StatusClosed, StepStop: StatusClosed,
			StepStrikeOff: StatusClosed},
		StatusReview: {StepReplyReview: StatusReviewed, StepRate: StatusReview, StepStop: StatusReview,
			StepStrikeOff: StatusReview},
		StatusReviewed: {StepRequestRecheck: StatusRecheck, StepRate: StatusReviewed, StepStop: StatusReviewed,
			StepStrikeOff: StatusReviewed},
		StatusRecheck: {StepReplyRecheck: StatusFinal, StepRate: StatusRecheck, StepStop: StatusRecheck,
			StepStrikeOff: StatusRecheck},
		StatusFinal: {StepRate: StatusFinal, StepStop: StatusFinal, StepStrikeOff: StatusFinal},
	}
	// What the refusal message offers instead, written out by hand.
	offer := map[Status]string{
		"":                "现在可以：登记",
		StatusRegistered:  "现在可以：受理决定",
		StatusNotAccepted: "此状态下没有可办理的步骤",
		StatusTransferred: "现在可以：异议退回",
		StatusHandling:    "现在可以：延期、答复",
		StatusClosed:      "现在可以：申请复查、评价、息诉罢访",
		StatusReview:      "现在可以：复查答复、评价、息诉罢访",
		StatusReviewed:    "现在可以：申请复核、评价、息诉罢访",
		StatusRecheck:     "现在可以：复核答复、评价、息诉罢访",
		StatusFinal:       "现在可以：评价、息诉罢访",
	}
	states := append([]Status{""}, Statuses...)
	if len(allowed) != len(states) {
		t.Fatalf("the matrix covers %d states, want %d", len(allowed), len(states))
	}
	for _, from := range states {
		for _, step := range Steps {
			c := caseIn(from)
			before := c
			err := steps[step](&c)
			to, ok := allowed[from][step]
			if ok {
				if err != nil {
					t.Errorf("from %q %s: error %v, want allowed", from, step, err)
				} else if c.Status != to {
					t.Errorf("from %q %s: status %q, want %q", from, step, c.Status, to)
				}
				continue
			}
			var se *StepError
			if !errors.As(err, &se) {
				t.Errorf("from %q %s: error %v (%T), want *StepError", from, step, err, err)
				continue
			}
			if se.From != from || se.Step != step {
				t.Errorf("from %q %s: StepError{From: %q, Step: %q}", from, step, se.From, se.Step)
			}
			msg := err.Error()
			label := from.Label()
			if from == "" {
				label = "未登记"
			}
			if prefix := "当前状态为「" + label + "」，不能「" + step.Label() + "」"; !strings.HasPrefix(msg, prefix) {
				t.Errorf("error %q, want prefix %q", msg, prefix)
			}
			if want := offer[before.Status]; !strings.Contains(msg, want) {
				t.Errorf("from %q %s: error %q, want it to contain %q", before.Status, step, msg, want)
			}
			if !reflect.DeepEqual(c, before) {
				t.Errorf("from %q %s: refused step changed the case:\n got %+v\nwant %+v", before.Status, step, c, before)
			}
		}
	}
}

func TestStepErrorMessage(t *testing.T) {
	tests := []struct {
		err  StepError
		want string
	}{
		{StepError{From: StatusHandling, Step: StepDecide, Allowed: []Step{StepExtend, StepReply}},
			"当前状态为「办理中」，不能「受理决定」。现在可以：延期、答复"},
		{StepError{From: StatusHandling, Step: StepReply, Allowed: []Step{StepExtend, StepReply}, Reason: "答复日期 2026-03-01 早于受理日期 2026-03-05，请核对日期。"},
			"当前状态为「办理中」，不能「答复」：答复日期 2026-03-01 早于受理日期 2026-03-05，请核对日期"},
		{StepError{From: StatusNotAccepted, Step: StepReply},
			"当前状态为「不予受理」，不能「答复」。此状态下没有可办理的步骤"},
		{StepError{From: StatusHandling, Step: StepExtend, Allowed: []Step{StepReply}, Reason: "已延期至 2026-06-03，办理期限只能延长一次"},
			"当前状态为「办理中」，不能「延期」：已延期至 2026-06-03，办理期限只能延长一次。现在可以：答复"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("StepError%+v.Error() = %q, want %q", tt.err, got, tt.want)
		}
	}
}

func TestNextSteps(t *testing.T) {
	assigned := caseIn(StatusHandling)
	assigned.Decision = DecisionAssign
	extended := caseIn(StatusHandling)
	extended.ExtendedDue = MustDate("2026-06-01")
	stopped := caseIn(StatusClosed)
	stopped.StoppedOn = MustDate("2026-05-01")
	tests := []struct {
		name string
		c    Case
		want []Step
	}{
		{"new", caseIn(""), []Step{StepRegister}},
		{"registered", caseIn(StatusRegistered), []Step{StepDecide}},
		{"not accepted", caseIn(StatusNotAccepted), nil},
		{"transferred", caseIn(StatusTransferred), []Step{StepObject}},
		{"handling after 受理", caseIn(StatusHandling), []Step{StepExtend, StepReply}},
		{"handling after 交办", assigned, []Step{StepObject, StepExtend, StepReply}},
		{"handling, extended", extended, []Step{StepReply}},
		{"closed", caseIn(StatusClosed), []Step{StepRequestReview, StepRate, StepStop}},
		{"closed, stopped", stopped, []Step{StepRequestReview, StepRate}},
		{"review", caseIn(StatusReview), []Step{StepReplyReview, StepRate, StepStop}},
		{"reviewed", caseIn(StatusReviewed), []Step{StepRequestRecheck, StepRate, StepStop}},
		{"recheck", caseIn(StatusRecheck), []Step{StepReplyRecheck, StepRate, StepStop}},
		{"final", caseIn(StatusFinal), []Step{StepRate, StepStop}},
	}
	for _, tt := range tests {
		if got := tt.c.NextSteps(); !slices.Equal(got, tt.want) {
			t.Errorf("NextSteps(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestStepLabels(t *testing.T) {
	want := "登记 受理决定 异议退回 延期 答复 申请复查 复查答复 申请复核 复核答复 评价 息诉罢访 销号"
	var got []string
	for _, s := range Steps {
		got = append(got, s.Label())
	}
	if strings.Join(got, " ") != want {
		t.Errorf("Step labels = %v, want %s", got, want)
	}
}

// wantErr checks err against a want: "" means no error, "field:名" a ValidationError on that
// field, anything else a *StepError whose message contains it.
func wantErr(t *testing.T, name string, err error, want string) {
	t.Helper()
	switch {
	case want == "":
		if err != nil {
			t.Errorf("%s = %v, want nil", name, err)
		}
	case strings.HasPrefix(want, "field:"):
		var ve ValidationError
		field := strings.TrimPrefix(want, "field:")
		if !errors.As(err, &ve) || ve.Msg(field) == "" {
			t.Errorf("%s = %v, want a ValidationError on %s", name, err, field)
		} else if !strings.Contains(err.Error(), field+"：") {
			t.Errorf("%s = %q, want the message to name %s", name, err, field)
		}
	default:
		var se *StepError
		if !errors.As(err, &se) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s = %v, want a StepError containing %q", name, err, want)
		}
	}
}

func TestRegister(t *testing.T) {
	c := Case{Channel: ChannelLetter, ReceivedOn: MustDate("2026-09-18"), CategoryID: 1, StreetID: 1,
		Summary: "  反映😀物業費「'; DROP TABLE cases;--」问题  ", Target: TargetFive}
	Pin(t, "2026-09-30")
	if err := c.Register(officialRoll); err != nil {
		t.Fatalf("Register = %v, want nil", err)
	}
	if c.Status != StatusRegistered || c.HeadCount != 1 {
		t.Errorf("Register: status %q head count %d, want registered and 1", c.Status, c.HeadCount)
	}
	if c.AcceptDue.String() != "2026-10-08" { // 9/18+15 = 10/3 in 国庆 → 10/8
		t.Errorf("Register: AcceptDue = %s, want 2026-10-08", c.AcceptDue)
	}
	if c.TargetDue.String() != "2026-09-23" { // 5日办结: 9/18+5
		t.Errorf("Register: TargetDue = %s, want 2026-09-23", c.TargetDue)
	}
	if c.Summary != "  反映😀物業費「'; DROP TABLE cases;--」问题  " {
		t.Errorf("Register changed the summary to %q", c.Summary)
	}

	bad := Case{Channel: ChannelLetter, ReceivedOn: MustDate("2026-09-18"), StreetID: 1, Summary: " "}
	err := bad.Register(official)
	var ve ValidationError
	if !errors.As(err, &ve) || ve.Msg("问题类别") == "" || ve.Msg("事项摘要") == "" {
		t.Errorf("Register(no category, blank summary) = %v, want ValidationError on 问题类别 and 事项摘要", err)
	}
	if bad.Status != "" {
		t.Errorf("Register refused but set status %q", bad.Status)
	}
}

// Pin makes the rules believe today is day until the test ends.
func Pin(t *testing.T, day string) {
	t.Helper()
	prev := Now
	Now = func() Date { return MustDate(day) }
	t.Cleanup(func() { Now = prev })
}

func TestDecide(t *testing.T) {
	tests := []struct {
		d      Decision
		on     string
		reason string
		want   string
		status Status
		reply  string // ReplyDue and DueOn
		object string // ObjectionDue
	}{
		// 3/5+60 = 5/4 in 劳动节 → 5/6 (rolling calendar); objection 3/6, 3/9, 3/10, 3/11, 3/12.
		{DecisionAccept, "2026-03-05", "", "", StatusHandling, "2026-05-06", ""},
		{DecisionAssign, "2026-03-05", "", "", StatusHandling, "2026-05-06", "2026-03-12"},
		{DecisionTransfer, "2026-03-05", "转区住建委", "", StatusTransferred, "", "2026-03-12"},
		{DecisionNotAccept, "2026-03-05", "已进入诉讼程序", "", StatusNotAccepted, "", ""},
		{DecisionAccept, "2026-03-02", "", "", StatusHandling, "2026-05-06", ""}, // same day as received: 3/2+60=5/1 in 劳动节 → 5/6
		{DecisionNotAccept, "2026-03-05", " \u3000", "field:决定理由", "", "", ""},
		{DecisionTransfer, "2026-03-05", "", "field:决定理由", "", "", ""},
		{"maybe", "2026-03-05", "", "field:受理决定", "", "", ""},
		{DecisionAccept, "", "", "field:决定日期", "", "", ""},
		{DecisionAccept, "2026-03-01", "", "早于登记日期 2026-03-02", "", "", ""},
		{DecisionAccept, "2026-07-01", "", "晚于今天（2026-06-30）", "", "", ""},
	}
	for _, tt := range tests {
		c := caseIn(StatusRegistered)
		err := c.Decide(officialRoll, tt.d, MustDate(tt.on), tt.reason)
		name := "Decide(" + string(tt.d) + ", " + tt.on + ")"
		wantErr(t, name, err, tt.want)
		if tt.want != "" {
			if c.Status != StatusRegistered || c.Decision != "" {
				t.Errorf("%s refused but changed the case: %q %q", name, c.Status, c.Decision)
			}
			continue
		}
		if c.Status != tt.status || c.ReplyDue.String() != tt.reply || c.DueOn.String() != tt.reply ||
			c.ObjectionDue.String() != tt.object || c.Decision != tt.d || c.DecidedOn.String() != tt.on || c.DecisionReason != tt.reason {
			t.Errorf("%s: status %q reply %s due %s objection %s decision %q on %s reason %q; want %q %s %s %s",
				name, c.Status, c.ReplyDue, c.DueOn, c.ObjectionDue, c.Decision, c.DecidedOn, c.DecisionReason, tt.status, tt.reply, tt.reply, tt.object)
		}
	}
}

func TestObject(t *testing.T) {
	assigned := caseIn(StatusRegistered)
	if err := assigned.Decide(official, DecisionAssign, MustDate("2026-03-05"), ""); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		c    Case
		on   string
		want string
	}{
		{"transferred, last day", caseIn(StatusTransferred), "2026-03-12", ""},
		{"transferred, day after", caseIn(StatusTransferred), "2026-03-13", "最迟 2026-03-12"},
		{"transferred, before decision", caseIn(StatusTransferred), "2026-03-04", "早于受理决定日期 2026-03-05"},
		{"transferred, no date", caseIn(StatusTransferred), "", "field:异议日期"},
		{"assigned, in time", assigned, "2026-03-10", ""},
		{"assigned, late", assigned, "2026-03-16", "5个工作日内（最迟 2026-03-12）"},
		{"accepted", caseIn(StatusHandling), "2026-03-09", "现在可以：延期、答复"},
	}
	for _, tt := range tests {
		c := tt.c
		err := c.Object(MustDate(tt.on))
		wantErr(t, "Object("+tt.name+")", err, tt.want)
		if tt.want == "" && (c.Status != StatusRegistered || c.Decision != "" || !c.DecidedOn.IsZero() ||
			c.DecisionReason != "" || !c.ObjectionDue.IsZero() || !c.ReplyDue.IsZero() || !c.DueOn.IsZero()) {
			t.Errorf("Object(%s): decision not cleared: %+v", tt.name, c)
		}
	}
}

func TestExtend(t *testing.T) {
	ok := Extension{Approver: "王主任", ApprovedOn: MustDate("2026-04-20"), Reason: "情况复杂", NewDue: MustDate("2026-06-03"), ToldOn: MustDate("2026-04-21")}
	with := func(f func(e *Extension)) Extension { e := ok; f(&e); return e }
	extended := caseIn(StatusHandling)
	extended.ExtendedDue, extended.DueOn = MustDate("2026-05-20"), MustDate("2026-05-20")
	tests := []struct {
		name string
		c    Case
		e    Extension
		want string
	}{
		// Reply due 2026-05-04: 5/4+27=5/31, +30=6/3 is the latest.
		{"30 days", caseIn(StatusHandling), ok, ""},
		{"31 days", caseIn(StatusHandling), with(func(e *Extension) { e.NewDue = MustDate("2026-06-04") }), "最迟为 2026-06-03"},
		{"not later", caseIn(StatusHandling), with(func(e *Extension) { e.NewDue = MustDate("2026-05-04") }), "不晚于原办理期限"},
		{"second time", extended, ok, "办理期限只能延长一次"},
		{"no approver", caseIn(StatusHandling), with(func(e *Extension) { e.Approver = " " }), "field:审批人"},
		{"no reason", caseIn(StatusHandling), with(func(e *Extension) { e.Reason = "" }), "field:延期理由"},
		{"no approval date", caseIn(StatusHandling), with(func(e *Extension) { e.ApprovedOn = Date{} }), "field:审批日期"},
		{"no new date", caseIn(StatusHandling), with(func(e *Extension) { e.NewDue = Date{} }), "field:延期至"},
		{"approved after due", caseIn(StatusHandling), with(func(e *Extension) { e.ApprovedOn = MustDate("2026-05-05") }), "延期须在期限届满前批准"},
		{"approved before decision", caseIn(StatusHandling), with(func(e *Extension) { e.ApprovedOn = MustDate("2026-03-04") }), "早于受理日期"},
		{"told before approval", caseIn(StatusHandling), with(func(e *Extension) { e.ToldOn = MustDate("2026-04-19") }), "告知日期 2026-04-19 早于审批日期"},
		{"closed", caseIn(StatusClosed), ok, "现在可以：申请复查、评价、息诉罢访"},
	}
	for _, tt := range tests {
		c := tt.c
		err := c.Extend(tt.e)
		wantErr(t, "Extend("+tt.name+")", err, tt.want)
		if tt.want == "" && (c.ExtendedDue.String() != "2026-06-03" || c.DueOn.String() != "2026-06-03" || c.ReplyDue.String() != "2026-05-04") {
			t.Errorf("Extend(%s): extended %s due %s reply %s, want 2026-06-03 2026-06-03 2026-05-04", tt.name, c.ExtendedDue, c.DueOn, c.ReplyDue)
		}
		if tt.want != "" && c.ExtendedDue != tt.c.ExtendedDue {
			t.Errorf("Extend(%s) refused but set ExtendedDue %s", tt.name, c.ExtendedDue)
		}
	}
}

func TestReply(t *testing.T) {
	tests := []struct {
		kind ReplyKind
		on   string
		want string
	}{
		{ReplySupport, "2026-03-05", ""}, // same day as the decision
		{ReplyReject, "2026-06-30", ""},  // today
		{ReplyExplain, "2026-03-04", "早于受理日期 2026-03-05"},
		{ReplyExplain, "2026-07-01", "晚于今天"},
		{"", "2026-04-10", "field:处理意见"},
		{ReplyExplain, "", "field:答复日期"},
	}
	for _, tt := range tests {
		c := caseIn(StatusHandling)
		err := c.Reply(tt.kind, MustDate(tt.on), "意见书")
		wantErr(t, "Reply("+string(tt.kind)+", "+tt.on+")", err, tt.want)
		if tt.want == "" && (c.Status != StatusClosed || c.ClosedOn.String() != tt.on || c.ReplyKind != tt.kind || c.ReplyText != "意见书") {
			t.Errorf("Reply(%s, %s): %q %s %q %q", tt.kind, tt.on, c.Status, c.ClosedOn, c.ReplyKind, c.ReplyText)
		}
	}
}

func TestRateAndStop(t *testing.T) {
	c := caseIn(StatusClosed)
	wantErr(t, "Rate(before closed)", c.Rate(RatingSatisfied, MustDate("2026-04-09")), "早于办结日期 2026-04-10")
	wantErr(t, "Rate(未评价)", c.Rate(RatingNone, MustDate("2026-04-12")), "field:满意度")
	wantErr(t, "Rate(bogus)", c.Rate("great", MustDate("2026-04-12")), "field:满意度")
	wantErr(t, "Rate(no date)", c.Rate(RatingBasically, Date{}), "field:评价日期")
	wantErr(t, "Rate(ok)", c.Rate(RatingDissatisfied, MustDate("2026-04-10")), "")
	wantErr(t, "Rate(again)", c.Rate(RatingBasically, MustDate("2026-05-02")), "")
	if c.Rating != RatingBasically || c.RatedOn.String() != "2026-05-02" {
		t.Errorf("after two ratings: %q %s, want basically 2026-05-02", c.Rating, c.RatedOn)
	}
	wantErr(t, "Stop(before closed)", c.StopPetitioning(MustDate("2026-04-01")), "早于办结日期")
	wantErr(t, "Stop(future)", c.StopPetitioning(MustDate("2026-07-01")), "晚于今天")
	wantErr(t, "Stop(ok)", c.StopPetitioning(MustDate("2026-05-02")), "")
	if c.StoppedOn.String() != "2026-05-02" {
		t.Errorf("StoppedOn = %s, want 2026-05-02", c.StoppedOn)
	}
	wantErr(t, "Stop(again)", c.StopPetitioning(MustDate("2026-05-03")), "已于 2026-05-02 记录息诉罢访")
	h := caseIn(StatusHandling)
	wantErr(t, "Rate(handling)", h.Rate(RatingSatisfied, MustDate("2026-04-12")), "事项答复办结后才能评价")
	wantErr(t, "Stop(handling)", h.StopPetitioning(MustDate("2026-04-12")), "事项答复办结后才能记录息诉罢访")
}

func TestRequestStage(t *testing.T) {
	noStageDate := caseIn(StatusReviewed)
	noStageDate.StageRepliedOn = Date{}
	tests := []struct {
		name  string
		c     Case
		cal   *Calendar
		kind  StageKind
		on    string
		want  string
		due   string
		state Status
	}{
		// Replied 4/10: +30 = 5/10 Sun; rolled to Mon 5/11 on a rolling calendar.
		{"review, last day rolled", caseIn(StatusClosed), officialRoll, StageReview, "2026-05-11", "", "2026-06-10", StatusReview},
		{"review, day after", caseIn(StatusClosed), officialRoll, StageReview, "2026-05-12", "最迟 2026-05-11", "", ""},
		{"review, no roll", caseIn(StatusClosed), official, StageReview, "2026-05-11", "最迟 2026-05-10", "", ""},
		{"review, before reply", caseIn(StatusClosed), official, StageReview, "2026-04-09", "早于答复日期 2026-04-10", "", ""},
		{"review, future", caseIn(StatusClosed), official, StageReview, "2026-07-01", "晚于今天", "", ""},
		{"review, no date", caseIn(StatusClosed), official, StageReview, "", "field:申请日期", "", ""},
		// 复查 answered 5/15: +16 = 5/31, +30 = 6/14 Sun → 6/15 on a rolling calendar.
		// Requested 5/20: +11 = 5/31, +30 = 6/19 in 端午 → 6/22.
		{"recheck, in time", caseIn(StatusReviewed), officialRoll, StageRecheck, "2026-05-20", "", "2026-06-22", StatusRecheck},
		{"recheck, last day", caseIn(StatusReviewed), officialRoll, StageRecheck, "2026-06-15", "", "2026-07-15", StatusRecheck},
		{"recheck, late", caseIn(StatusReviewed), officialRoll, StageRecheck, "2026-06-16", "最迟 2026-06-15", "", ""},
		{"recheck, no 复查 date", noStageDate, official, StageRecheck, "2026-05-20", "缺少复查答复日期", "", ""},
		{"recheck from closed", caseIn(StatusClosed), official, StageRecheck, "2026-04-20", "现在可以：申请复查、评价、息诉罢访", "", ""},
		{"review from reviewed", caseIn(StatusReviewed), official, StageReview, "2026-05-20", "现在可以：申请复核、评价、息诉罢访", "", ""},
		{"bad kind", caseIn(StatusClosed), official, "appeal", "2026-04-20", "field:申请类型", "", ""},
	}
	for _, tt := range tests {
		c := tt.c
		st, err := c.RequestStage(tt.cal, tt.kind, MustDate(tt.on), "区信访联席办")
		wantErr(t, "RequestStage("+tt.name+")", err, tt.want)
		if tt.want != "" {
			if c.Status != tt.c.Status {
				t.Errorf("RequestStage(%s) refused but moved the case to %q", tt.name, c.Status)
			}
			continue
		}
		want := Stage{CaseID: 7, Kind: tt.kind, RequestedOn: MustDate(tt.on), Organ: "区信访联席办", DueOn: MustDate(tt.due)}
		if st != want || c.Status != tt.state {
			t.Errorf("RequestStage(%s) = %+v, status %q; want %+v, %q", tt.name, st, c.Status, want, tt.state)
		}
	}
}

func TestReplyStage(t *testing.T) {
	review := func() *Stage { return &Stage{ID: 1, CaseID: 7, Kind: StageReview, RequestedOn: MustDate("2026-04-20")} }
	tests := []struct {
		name    string
		c       Case
		st      *Stage
		opinion ReplyKind
		on      string
		want    string
	}{
		{"review ok", caseIn(StatusReview), review(), ReplySupport, "2026-05-15", ""},
		{"review before request", caseIn(StatusReview), review(), ReplySupport, "2026-04-19", "早于申请日期 2026-04-20"},
		{"review no opinion", caseIn(StatusReview), review(), "", "2026-05-15", "field:复查意见"},
		{"review no date", caseIn(StatusReview), review(), ReplySupport, "", "field:答复日期"},
		{"review twice", caseIn(StatusReview), &Stage{CaseID: 7, Kind: StageReview, RequestedOn: MustDate("2026-04-20"), RepliedOn: MustDate("2026-05-01")}, ReplySupport, "2026-05-15", "已于 2026-05-01 答复"},
		{"recheck stage in review", caseIn(StatusReview), &Stage{CaseID: 7, Kind: StageRecheck, RequestedOn: MustDate("2026-04-20")}, ReplySupport, "2026-05-15", "现在可以：复查答复、评价、息诉罢访"},
		{"recheck no opinion", caseIn(StatusRecheck), &Stage{CaseID: 7, Kind: StageRecheck, RequestedOn: MustDate("2026-05-20")}, "x", "2026-06-10", "field:复核意见"},
	}
	for _, tt := range tests {
		c := tt.c
		before := *tt.st
		err := c.ReplyStage(tt.st, tt.opinion, MustDate(tt.on), "复查意见书")
		wantErr(t, "ReplyStage("+tt.name+")", err, tt.want)
		if tt.want != "" && (*tt.st != before || c.Status != tt.c.Status) {
			t.Errorf("ReplyStage(%s) refused but changed stage %+v or status %q", tt.name, *tt.st, c.Status)
		}
	}
	if err := (&Case{Status: StatusReview}).ReplyStage(nil, ReplySupport, MustDate("2026-05-15"), ""); err == nil {
		t.Errorf("ReplyStage(nil stage) = nil, want an error")
	}
	other := caseIn(StatusReview)
	if err := other.ReplyStage(&Stage{CaseID: 8, Kind: StageReview, RequestedOn: MustDate("2026-04-20")}, ReplySupport, MustDate("2026-05-15"), ""); err == nil || other.Status != StatusReview {
		t.Errorf("ReplyStage(stage of another case) = %v, status %q; want an error and no change", err, other.Status)
	}
}

// TestLifecycleHappyPath takes one case through every step, checking each clock.
func TestLifecycleHappyPath(t *testing.T) {
	cal := officialRoll
	c := Case{Channel: ChannelOnline, ReceivedOn: MustDate("2026-01-09"), CategoryID: 3, StreetID: 4, Summary: "拖欠工资"}
	if err := c.Register(cal); err != nil {
		t.Fatal(err)
	}
	// 1/9+15 = 1/24 Sat → Mon 1/26.
	check(t, "AcceptDue", c.AcceptDue, "2026-01-26")
	if err := c.Decide(cal, DecisionAssign, MustDate("2026-01-12"), ""); err != nil {
		t.Fatal(err)
	}
	// 1/12+19 = 1/31, +47 = 2/28 (a 班 Saturday), +60 = 3/13 Fri.
	check(t, "ReplyDue", c.ReplyDue, "2026-03-13")
	// 1/13, 1/14, 1/15, 1/16, 1/19.
	check(t, "ObjectionDue", c.ObjectionDue, "2026-01-19")
	if err := c.Extend(Extension{Approver: "张局长", ApprovedOn: MustDate("2026-03-10"), Reason: "需第三方鉴定", NewDue: MustDate("2026-04-12")}); err != nil {
		t.Fatal(err)
	}
	check(t, "DueOn", c.DueOn, "2026-04-12") // 3/13+18 = 3/31, +30 = 4/12
	if err := c.Reply(ReplySupport, MustDate("2026-04-03"), "支持补发"); err != nil {
		t.Fatal(err)
	}
	st, err := c.RequestStage(cal, StageReview, MustDate("2026-04-30"), "区人社局")
	if err != nil {
		t.Fatal(err)
	}
	check(t, "review DueOn", st.DueOn, "2026-06-01") // 4/30+30 = 5/30 Sat → 6/1 Mon
	if err := c.ReplyStage(&st, ReplyExplain, MustDate("2026-05-18"), "维持"); err != nil {
		t.Fatal(err)
	}
	check(t, "StageRepliedOn", c.StageRepliedOn, "2026-05-18")
	check(t, "stage RepliedOn", st.RepliedOn, "2026-05-18")
	re, err := c.RequestStage(cal, StageRecheck, MustDate("2026-06-17"), "市信访局") // 5/18+30 = 6/17, the last day
	if err != nil {
		t.Fatal(err)
	}
	re.HearingDays = 5
	check(t, "recheck due with hearing", cal.StageDue(StageRecheck, re.RequestedOn, re.HearingDays), "2026-07-22") // 6/17+13 = 6/30, +35 = 7/22
	Pin(t, "2026-07-31")
	if err := c.ReplyStage(&re, ReplyReject, MustDate("2026-07-20"), "复核维持"); err != nil {
		t.Fatal(err)
	}
	if c.Status != StatusFinal || re.Opinion != ReplyReject {
		t.Errorf("after 复核 answered: status %q opinion %q, want final reject", c.Status, re.Opinion)
	}
	if err := c.Rate(RatingBasically, MustDate("2026-07-25")); err != nil {
		t.Fatal(err)
	}
	if err := c.StopPetitioning(MustDate("2026-07-28")); err != nil {
		t.Fatal(err)
	}
	if got := c.NextSteps(); !slices.Equal(got, []Step{StepRate}) {
		t.Errorf("NextSteps at the end = %v, want [rate]", got)
	}
}

func check(t *testing.T, what string, got Date, want string) {
	t.Helper()
	if got.String() != want {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}

func TestNewDuties(t *testing.T) {
	ds := NewDuties(42)
	if len(ds) != 4 {
		t.Fatalf("NewDuties(42) has %d duties, want 4", len(ds))
	}
	for i, k := range []DutyKind{DutyInvestigate, DutyEducate, DutyStabilize, DutySettle} {
		if ds[i] != (Duty{AssignmentID: 42, Kind: k, Status: DutyTodo, Version: 1}) {
			t.Errorf("NewDuties(42)[%d] = %+v, want %s todo at version 1", i, ds[i], k)
		}
	}
}

func TestStrikeOff(t *testing.T) {
	threeDone := allDone(3)
	threeDone[3].Status = DutyDoing
	dupUndone := append(allDone(3), Duty{AssignmentID: 3, Kind: DutyEducate, Status: DutyTodo})
	tests := []struct {
		name   string
		c      Case
		a      Assignment
		duties []Duty
		on, by string
		want   string
	}{
		{"all done", caseIn(StatusClosed), Assignment{ID: 3, CaseID: 7, AssignedOn: MustDate("2026-03-05")}, allDone(3), "2026-04-20", "李书记", ""},
		{"final case", caseIn(StatusFinal), Assignment{ID: 3, CaseID: 7}, allDone(3), "2026-06-20", "李书记", ""},
		{"3 of 4 done", caseIn(StatusClosed), Assignment{ID: 3, CaseID: 7}, threeDone, "2026-04-20", "李书记", "四包职责尚未全部完成：包息诉息访（进行中）"},
		{"duty missing", caseIn(StatusClosed), Assignment{ID: 3, CaseID: 7}, allDone(3)[:3], "2026-04-20", "李书记", "包息诉息访（未开始）"},
		{"duplicate undone", caseIn(StatusClosed), Assignment{ID: 3, CaseID: 7}, dupUndone, "2026-04-20", "李书记", "包思想教育（未开始）"},
		{"none done", caseIn(StatusClosed), Assignment{ID: 3, CaseID: 7}, NewDuties(3), "2026-04-20", "李书记", "包调查处理（未开始）、包思想教育（未开始）、包化解稳控（未开始）、包息诉息访（未开始）"},
		{"case open", caseIn(StatusHandling), Assignment{ID: 3, CaseID: 7}, allDone(3), "2026-04-20", "李书记", "事项答复办结后才能销号。现在可以：延期、答复"},
		{"no approver", caseIn(StatusClosed), Assignment{ID: 3, CaseID: 7}, allDone(3), "2026-04-20", "  ", "field:审批人"},
		{"no date", caseIn(StatusClosed), Assignment{ID: 3, CaseID: 7}, allDone(3), "", "李书记", "field:销号日期"},
		{"before closed", caseIn(StatusClosed), Assignment{ID: 3, CaseID: 7}, allDone(3), "2026-04-09", "李书记", "早于办结日期 2026-04-10"},
		{"before assigned", caseIn(StatusClosed), Assignment{ID: 3, CaseID: 7, AssignedOn: MustDate("2026-04-15")}, allDone(3), "2026-04-12", "李书记", "早于包案日期 2026-04-15"},
		{"future", caseIn(StatusClosed), Assignment{ID: 3, CaseID: 7}, allDone(3), "2026-07-01", "李书记", "晚于今天"},
		{"twice", caseIn(StatusClosed), Assignment{ID: 3, CaseID: 7, StruckOffOn: MustDate("2026-04-15")}, allDone(3), "2026-04-20", "李书记", "该包案已于 2026-04-15 销号"},
	}
	for _, tt := range tests {
		a := tt.a
		err := a.StrikeOff(tt.c, tt.duties, MustDate(tt.on), tt.by, "同意销号")
		wantErr(t, "StrikeOff("+tt.name+")", err, tt.want)
		if tt.want == "" && (a.StruckOffOn.String() != tt.on || a.StruckOffBy != tt.by || a.StruckOffNote != "同意销号") {
			t.Errorf("StrikeOff(%s): %+v", tt.name, a)
		}
		if tt.want != "" && a != tt.a {
			t.Errorf("StrikeOff(%s) refused but changed the assignment: %+v", tt.name, a)
		}
	}
	a := Assignment{ID: 3, CaseID: 9}
	if err := a.StrikeOff(caseIn(StatusClosed), allDone(3), MustDate("2026-04-20"), "李书记", ""); err == nil {
		t.Errorf("StrikeOff(assignment of another case) = nil, want an error")
	}
}
