package model

import "fmt"

// The enumerations below are stored as short English codes, so that the database reads the
// same whatever language the screens speak; Label gives the Chinese term used in the
// ledger, the report and the JSON statistics.

// Channel is a 信访形式.
type Channel string

const (
	ChannelLetter  Channel = "letter"  // 来信
	ChannelVisit   Channel = "visit"   // 来访
	ChannelOnline  Channel = "online"  // 网上信访
	ChannelPhone   Channel = "phone"   // 来电
	ChannelHotline Channel = "hotline" // 12345热线
	ChannelLeader  Channel = "leader"  // 领导接访
	ChannelGrid    Channel = "grid"    // 网格员代办
	ChannelOther   Channel = "other"   // 其他
)

// Channels lists every channel in the order forms and reports show them.
var Channels = []Channel{ChannelLetter, ChannelVisit, ChannelOnline, ChannelPhone, ChannelHotline, ChannelLeader, ChannelGrid, ChannelOther}

var channelLabels = map[Channel]string{
	ChannelLetter: "来信", ChannelVisit: "来访", ChannelOnline: "网上信访", ChannelPhone: "来电",
	ChannelHotline: "12345热线", ChannelLeader: "领导接访", ChannelGrid: "网格员代办", ChannelOther: "其他",
}

func (c Channel) Label() string { return labelOr(channelLabels, c) }
func (c Channel) Valid() bool   { _, ok := channelLabels[c]; return ok }

// ParseChannel accepts the code or the Chinese term.
func ParseChannel(s string) (Channel, error) {
	if c, ok := parseEnum(channelLabels, s); ok {
		return c, nil
	}
	return "", fmt.Errorf("信访形式「%s」无效：应为 来信、来访、网上信访、来电、12345热线、领导接访、网格员代办 或 其他", s)
}

// Status is where a case stands in its lifecycle (办理状态). See lifecycle.go for the steps.
type Status string

const (
	StatusRegistered  Status = "registered"   // 待受理：登记后等待受理决定
	StatusNotAccepted Status = "not_accepted" // 不予受理
	StatusTransferred Status = "transferred"  // 已转送：转有权机关，本机关不再办理（可提异议退回）
	StatusHandling    Status = "handling"     // 办理中：受理或交办后，含延期
	StatusClosed      Status = "closed"       // 已办结：已出具信访处理意见书
	StatusReview      Status = "review"       // 复查中
	StatusReviewed    Status = "reviewed"     // 已复查
	StatusRecheck     Status = "recheck"      // 复核中
	StatusFinal       Status = "final"        // 已终结：复核后同一事实不再受理（条例第36条）
)

// Statuses lists every state in lifecycle order.
var Statuses = []Status{StatusRegistered, StatusNotAccepted, StatusTransferred, StatusHandling, StatusClosed, StatusReview, StatusReviewed, StatusRecheck, StatusFinal}

var statusLabels = map[Status]string{
	StatusRegistered: "待受理", StatusNotAccepted: "不予受理", StatusTransferred: "已转送",
	StatusHandling: "办理中", StatusClosed: "已办结", StatusReview: "复查中", StatusReviewed: "已复查",
	StatusRecheck: "复核中", StatusFinal: "已终结",
}

func (s Status) Label() string { return labelOr(statusLabels, s) }
func (s Status) Valid() bool   { _, ok := statusLabels[s]; return ok }

// IsClosed reports whether the case has been answered (办结), whatever review followed.
func (s Status) IsClosed() bool {
	switch s {
	case StatusClosed, StatusReview, StatusReviewed, StatusRecheck, StatusFinal:
		return true
	}
	return false
}

// Decision is the acceptance decision (受理决定).
type Decision string

const (
	DecisionAccept    Decision = "accept"     // 受理
	DecisionNotAccept Decision = "not_accept" // 不予受理
	DecisionTransfer  Decision = "transfer"   // 转送
	DecisionAssign    Decision = "assign"     // 交办
)

var Decisions = []Decision{DecisionAccept, DecisionNotAccept, DecisionTransfer, DecisionAssign}

var decisionLabels = map[Decision]string{DecisionAccept: "受理", DecisionNotAccept: "不予受理", DecisionTransfer: "转送", DecisionAssign: "交办"}

func (d Decision) Label() string { return labelOr(decisionLabels, d) }
func (d Decision) Valid() bool   { _, ok := decisionLabels[d]; return ok }

func ParseDecision(s string) (Decision, error) {
	if d, ok := parseEnum(decisionLabels, s); ok {
		return d, nil
	}
	return "", fmt.Errorf("受理情况「%s」无效：应为 受理、不予受理、转送 或 交办", s)
}

// ReplyKind is the opinion of a 信访处理意见书.
type ReplyKind string

const (
	ReplySupport ReplyKind = "support" // 支持
	ReplyExplain ReplyKind = "explain" // 解释说明
	ReplyReject  ReplyKind = "reject"  // 不予支持
)

var ReplyKinds = []ReplyKind{ReplySupport, ReplyExplain, ReplyReject}

var replyLabels = map[ReplyKind]string{ReplySupport: "支持", ReplyExplain: "解释说明", ReplyReject: "不予支持"}

func (r ReplyKind) Label() string { return labelOr(replyLabels, r) }
func (r ReplyKind) Valid() bool   { _, ok := replyLabels[r]; return ok }

func ParseReplyKind(s string) (ReplyKind, error) {
	if r, ok := parseEnum(replyLabels, s); ok {
		return r, nil
	}
	return "", fmt.Errorf("处理意见「%s」无效：应为 支持、解释说明 或 不予支持", s)
}

// Rating is the petitioner's satisfaction (满意度). The empty value is 未评价 (not rated).
type Rating string

const (
	RatingNone         Rating = ""             // 未评价
	RatingSatisfied    Rating = "satisfied"    // 满意
	RatingBasically    Rating = "basically"    // 基本满意
	RatingDissatisfied Rating = "dissatisfied" // 不满意
)

var Ratings = []Rating{RatingSatisfied, RatingBasically, RatingDissatisfied, RatingNone}

var ratingLabels = map[Rating]string{RatingSatisfied: "满意", RatingBasically: "基本满意", RatingDissatisfied: "不满意", RatingNone: "未评价"}

func (r Rating) Label() string { return labelOr(ratingLabels, r) }
func (r Rating) Valid() bool   { _, ok := ratingLabels[r]; return ok }

// Rated reports whether the petitioner gave a rating (未评价 does not count).
func (r Rating) Rated() bool { return r != RatingNone }

// Satisfied counts toward 满意率: 满意 or 基本满意.
func (r Rating) Satisfied() bool { return r == RatingSatisfied || r == RatingBasically }

func ParseRating(s string) (Rating, error) {
	if r, ok := parseEnum(ratingLabels, s); ok {
		return r, nil
	}
	return "", fmt.Errorf("满意度「%s」无效：应为 满意、基本满意、不满意 或 未评价", s)
}

// Target is an internal time limit stricter than the statute (接诉即办 style 内部时限).
type Target string

const (
	TargetNone    Target = ""          // 无
	TargetInstant Target = "instant"   // 即时办结：当日
	TargetDaily   Target = "daily"     // 日清日结：1日
	TargetFive    Target = "five_days" // 5日办结
)

var targetLabels = map[Target]string{TargetNone: "无", TargetInstant: "即时办结", TargetDaily: "日清日结", TargetFive: "5日办结"}
var targetDays = map[Target]int{TargetInstant: 0, TargetDaily: 1, TargetFive: 5}

func (t Target) Label() string { return labelOr(targetLabels, t) }
func (t Target) Valid() bool   { _, ok := targetLabels[t]; return ok }

// Due is the internal due date for a case received on the given day, or zero without a target.
func (t Target) Due(received Date) Date {
	n, ok := targetDays[t]
	if !ok || received.IsZero() {
		return Date{}
	}
	return received.AddDays(n)
}

// DutyKind is one of the four duties of a 包案 leader (四包).
type DutyKind string

const (
	DutyInvestigate DutyKind = "investigate" // 包调查处理
	DutyEducate     DutyKind = "educate"     // 包思想教育
	DutyStabilize   DutyKind = "stabilize"   // 包化解稳控
	DutySettle      DutyKind = "settle"      // 包息诉息访
)

// DutyKinds lists the four duties in their customary order.
var DutyKinds = []DutyKind{DutyInvestigate, DutyEducate, DutyStabilize, DutySettle}

var dutyLabels = map[DutyKind]string{DutyInvestigate: "包调查处理", DutyEducate: "包思想教育", DutyStabilize: "包化解稳控", DutySettle: "包息诉息访"}

func (k DutyKind) Label() string { return labelOr(dutyLabels, k) }
func (k DutyKind) Valid() bool   { _, ok := dutyLabels[k]; return ok }

// DutyStatus is the progress of one duty.
type DutyStatus string

const (
	DutyTodo  DutyStatus = "todo"  // 未开始
	DutyDoing DutyStatus = "doing" // 进行中
	DutyDone  DutyStatus = "done"  // 已完成
)

var DutyStatuses = []DutyStatus{DutyTodo, DutyDoing, DutyDone}

var dutyStatusLabels = map[DutyStatus]string{DutyTodo: "未开始", DutyDoing: "进行中", DutyDone: "已完成"}

func (s DutyStatus) Label() string { return labelOr(dutyStatusLabels, s) }
func (s DutyStatus) Valid() bool   { _, ok := dutyStatusLabels[s]; return ok }

// VisitKind is one of the four visits (四访).
type VisitKind string

const (
	VisitReception   VisitKind = "reception"   // 开门接访
	VisitAppointment VisitKind = "appointment" // 进门约访
	VisitHome        VisitKind = "home"        // 登门走访
	VisitFollowUp    VisitKind = "followup"    // 上门回访
)

// VisitKinds lists the four visits in their customary order.
var VisitKinds = []VisitKind{VisitReception, VisitAppointment, VisitHome, VisitFollowUp}

var visitLabels = map[VisitKind]string{VisitReception: "开门接访", VisitAppointment: "进门约访", VisitHome: "登门走访", VisitFollowUp: "上门回访"}

func (k VisitKind) Label() string { return labelOr(visitLabels, k) }
func (k VisitKind) Valid() bool   { _, ok := visitLabels[k]; return ok }

func ParseVisitKind(s string) (VisitKind, error) {
	if k, ok := parseEnum(visitLabels, s); ok {
		return k, nil
	}
	return "", fmt.Errorf("走访类型「%s」无效：应为 开门接访、进门约访、登门走访 或 上门回访", s)
}

// Role is what an account may do (角色).
type Role string

const (
	RoleAdmin  Role = "admin"  // 管理员
	RoleClerk  Role = "clerk"  // 登记员
	RoleLeader Role = "leader" // 包案领导
	RoleViewer Role = "viewer" // 只读
)

var Roles = []Role{RoleAdmin, RoleClerk, RoleLeader, RoleViewer}

var roleLabels = map[Role]string{RoleAdmin: "管理员", RoleClerk: "登记员", RoleLeader: "包案领导", RoleViewer: "只读"}

func (r Role) Label() string { return labelOr(roleLabels, r) }
func (r Role) Valid() bool   { _, ok := roleLabels[r]; return ok }

func ParseRole(s string) (Role, error) {
	if r, ok := parseEnum(roleLabels, s); ok {
		return r, nil
	}
	return "", fmt.Errorf("角色「%s」无效：应为 admin（管理员）、clerk（登记员）、leader（包案领导）或 viewer（只读）", s)
}

// UnitKind places a unit in the three-level tree (三级接访) or marks it a department.
type UnitKind string

const (
	UnitDistrict   UnitKind = "district"   // 区
	UnitStreet     UnitKind = "street"     // 街道（乡镇）
	UnitCommunity  UnitKind = "community"  // 社区（村）
	UnitDepartment UnitKind = "department" // 部门
)

var unitKindLabels = map[UnitKind]string{UnitDistrict: "区", UnitStreet: "街道", UnitCommunity: "社区", UnitDepartment: "部门"}

func (k UnitKind) Label() string { return labelOr(unitKindLabels, k) }
func (k UnitKind) Valid() bool   { _, ok := unitKindLabels[k]; return ok }

// LeaderLevel is a leader's rank (级别).
type LeaderLevel string

const (
	LevelDistrict LeaderLevel = "district" // 区级
	LevelDivision LeaderLevel = "division" // 处级
	LevelSection  LeaderLevel = "section"  // 科级
)

var levelLabels = map[LeaderLevel]string{LevelDistrict: "区级", LevelDivision: "处级", LevelSection: "科级"}

func (l LeaderLevel) Label() string { return labelOr(levelLabels, l) }
func (l LeaderLevel) Valid() bool   { _, ok := levelLabels[l]; return ok }

// IDKind is the kind of identity document (证件类型).
type IDKind string

const (
	IDResident IDKind = "resident" // 居民身份证
	IDPassport IDKind = "passport" // 护照
	IDHKMacao  IDKind = "hkmo"     // 港澳居民来往内地通行证
	IDTaiwan   IDKind = "taiwan"   // 台湾居民来往大陆通行证
	IDOther    IDKind = "other"    // 其他证件
)

var idKindLabels = map[IDKind]string{IDResident: "居民身份证", IDPassport: "护照", IDHKMacao: "港澳居民来往内地通行证", IDTaiwan: "台湾居民来往大陆通行证", IDOther: "其他证件"}

func (k IDKind) Label() string { return labelOr(idKindLabels, k) }
func (k IDKind) Valid() bool   { _, ok := idKindLabels[k]; return ok }

// StageKind tells a 复查 stage from a 复核 stage.
type StageKind string

const (
	StageReview  StageKind = "review"  // 复查
	StageRecheck StageKind = "recheck" // 复核
)

var stageLabels = map[StageKind]string{StageReview: "复查", StageRecheck: "复核"}

func (k StageKind) Label() string { return labelOr(stageLabels, k) }

// HolidayKind marks a day off (休) or a make-up working day (班) in the official calendar.
type HolidayKind string

const (
	HolidayOff  HolidayKind = "off"  // 休：法定节假日及调休放假
	HolidayWork HolidayKind = "work" // 班：调休上班的周末
)

func labelOr[K ~string](m map[K]string, k K) string {
	if l, ok := m[k]; ok {
		return l
	}
	return string(k)
}

func parseEnum[K ~string](m map[K]string, s string) (K, bool) {
	for k, l := range m {
		if s == l || s == string(k) && s != "" {
			return k, true
		}
	}
	var zero K
	return zero, false
}
