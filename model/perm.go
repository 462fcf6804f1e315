package model

// Action is something an account may be allowed to do (权限). The store checks one before
// every write; the screens ask the same table to grey out what the user may not do.
type Action string

const (
	ActCaseCreate      Action = "case.create"      // 登记事项
	ActCaseEdit        Action = "case.edit"        // 修改登记信息、信访人
	ActCaseDecide      Action = "case.decide"      // 受理决定、异议
	ActCaseClose       Action = "case.close"       // 答复办结、满意度、息诉罢访、复查复核
	ActCaseExtend      Action = "case.extend"      // 延期
	ActAssign          Action = "assign"           // 确定包案领导
	ActDutyEdit        Action = "duty.edit"        // 四包进度、稳控日志、化解方案
	ActVisitEdit       Action = "visit.edit"       // 四访记录、接访日
	ActStrikeOff       Action = "strikeoff"        // 销号
	ActAttachmentEdit  Action = "attachment.edit"  // 附件
	ActSupervisionEdit Action = "supervision.edit" // 督办
	ActDictEdit        Action = "dict.edit"        // 单位、街道社区、问题类别、领导
	ActHolidayEdit     Action = "holiday.edit"     // 节假日
	ActUserManage      Action = "user.manage"      // 账号
	ActBackup          Action = "backup"           // 备份与恢复
	ActSettingsEdit    Action = "settings.edit"    // 系统设置
	ActPIIReveal       Action = "pii.reveal"       // 查看完整证件号码、电话
	ActAuditRead       Action = "audit.read"       // 查看操作记录
	ActImport          Action = "import"           // 导入台账、载入演示数据（可新增字典项）
)

// Actions lists every action, for permission screens and tests.
var Actions = []Action{
	ActCaseCreate, ActCaseEdit, ActCaseDecide, ActCaseClose, ActCaseExtend, ActAssign,
	ActDutyEdit, ActVisitEdit, ActStrikeOff, ActAttachmentEdit, ActSupervisionEdit,
	ActDictEdit, ActHolidayEdit, ActUserManage, ActBackup, ActSettingsEdit, ActPIIReveal, ActAuditRead, ActImport,
}

var actionLabels = map[Action]string{
	ActCaseCreate: "登记事项", ActCaseEdit: "修改事项", ActCaseDecide: "受理决定", ActCaseClose: "办结答复",
	ActCaseExtend: "延期", ActAssign: "确定包案领导", ActDutyEdit: "四包进度", ActVisitEdit: "四访记录",
	ActStrikeOff: "销号", ActAttachmentEdit: "附件", ActSupervisionEdit: "督办", ActDictEdit: "字典维护",
	ActHolidayEdit: "节假日维护", ActUserManage: "账号管理", ActBackup: "备份恢复", ActSettingsEdit: "系统设置",
	ActPIIReveal: "查看完整证件号码", ActAuditRead: "查看操作记录", ActImport: "导入台账",
}

// Label is the Chinese name of the action, as the refusal message names it.
func (a Action) Label() string { return labelOr(actionLabels, a) }

// clerkActions is all case work; user accounts, dictionaries, holidays, backups and
// settings stay with the administrator.
var clerkActions = map[Action]bool{
	ActCaseCreate: true, ActCaseEdit: true, ActCaseDecide: true, ActCaseClose: true, ActCaseExtend: true,
	ActAssign: true, ActDutyEdit: true, ActVisitEdit: true, ActStrikeOff: true, ActAttachmentEdit: true,
	ActSupervisionEdit: true, ActPIIReveal: true, ActAuditRead: true,
}

// leaderActions are what a 包案领导 records on the cases they carry; the store checks the
// carrying, this table only the kind of work.
var leaderActions = map[Action]bool{
	ActDutyEdit: true, ActVisitEdit: true, ActAttachmentEdit: true,
}

// Can reports whether an account of role r may perform act. Administrators may do
// everything, viewers nothing; an unknown role may do nothing.
func Can(r Role, act Action) bool {
	switch r {
	case RoleAdmin:
		_, known := actionLabels[act]
		return known
	case RoleClerk:
		return clerkActions[act]
	case RoleLeader:
		return leaderActions[act]
	}
	return false
}

// NeedsCarrying reports whether act, done by a leader, is limited to the cases the leader
// carries (包案).
func NeedsCarrying(r Role, act Action) bool {
	return r == RoleLeader && leaderActions[act]
}
