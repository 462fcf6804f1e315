package model

import "time"

// The records below mirror the tables of store's migrations one to one. Field names are
// English; the Chinese term is in each doc comment. Optional references are pointers so
// that "none" is NULL and foreign keys hold.

// Case is a 信访事项: one matter raised by one or more petitioners, from registration
// (登记) through decision, handling, reply and any 复查/复核 stages.
type Case struct {
	ID      int64   `json:"id"`
	No      string  `json:"no" gorm:"column:case_no"` // 信访编号 <prefix>〔YYYY〕NNNN, unique
	Year    int     `json:"-"`                        // numbering year
	Seq     int     `json:"-"`                        // sequence within the year
	Channel Channel `json:"channel"`                  // 信访形式

	ReceivedOn Date   `json:"received_on"` // 登记日期
	HeadCount  int    `json:"head_count"`  // 人数; 5 or more is a 集体访
	CategoryID int64  `json:"category_id"` // 问题类别
	Summary    string `json:"summary"`     // 事项摘要
	Demands    string `json:"demands"`     // 诉求

	StreetID    int64  `json:"street_id"`    // 所属街道 (a Unit of kind street)
	CommunityID *int64 `json:"community_id"` // 所属社区
	UnitID      *int64 `json:"unit_id"`      // 责任单位

	Status         Status   `json:"status"`
	Decision       Decision `json:"decision"`        // 受理决定
	DecidedOn      Date     `json:"decided_on"`      // 决定日期
	DecisionReason string   `json:"decision_reason"` // 不予受理/转送 的理由或去向

	AcceptDue    Date   `json:"accept_due"`    // 受理期限: received + 15 days
	ObjectionDue Date   `json:"objection_due"` // 异议期限: decided + 5 working days (转送/交办)
	ReplyDue     Date   `json:"reply_due"`     // 办理期限: decided + 60 days
	ExtendedDue  Date   `json:"extended_due"`  // 延期至: ≤ ReplyDue + 30 days, with approval
	DueOn        Date   `json:"due_on"`        // current reply deadline: ExtendedDue if set, else ReplyDue
	TargetDue    Date   `json:"target_due"`    // internal target date, if any
	Target       Target `json:"target"`        // 内部时限

	ClosedOn  Date      `json:"closed_on"`  // 办结（答复）日期
	ReplyKind ReplyKind `json:"reply_kind"` // 处理意见
	ReplyText string    `json:"reply_text"` // 信访处理意见书 正文摘要
	Rating    Rating    `json:"rating"`     // 满意度
	RatedOn   Date      `json:"rated_on"`
	StoppedOn Date      `json:"stopped_on"` // 息诉罢访 recorded on this day

	// StageRepliedOn is the date of the latest 复查/复核 opinion: the 复核 request clock
	// (30 days) runs from the 复查 opinion, and the case row is what RequestStage sees.
	StageRepliedOn Date `json:"stage_replied_on"`

	// FirstFollowUpOn is the day of the earliest 上门回访, kept by the store when visits
	// change so that 回访率 is one indexed comparison.
	FirstFollowUpOn Date `json:"first_followup_on"`

	Repeat     bool `json:"repeat"`     // 重复信访
	SkipLevel  bool `json:"skip_level"` // 越级访
	Backlog    bool `json:"backlog"`    // 积案
	Supervised bool `json:"supervised"` // 挂牌督办

	Note string `json:"note"` // 备注

	// PetitionerNames is the petitioners' names joined with 、 (lead first), kept by the
	// store so the ledger lists a page from one table.
	PetitionerNames string `json:"petitioner_names"`
	// SearchText is what search matches: number, summary, demands, names, ID numbers and
	// phones. FTS5 indexes it for terms of three characters or more; shorter terms scan it.
	SearchText string `json:"-"`

	Version   int       `json:"version"` // optimistic lock: bumped by every update
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`

	// RowHash seals the row: the store writes the hash of the case's recorded fields with
	// every write, so that a change made around the program (raw SQL on the file) is found
	// by the audit check even though it left no audit entry.
	RowHash string `json:"-"`
}

// Petitioner is a 信访人.
type Petitioner struct {
	ID          int64     `json:"id"`
	IDKind      IDKind    `json:"id_kind"`   // 证件类型
	IDNumber    string    `json:"id_number"` // 证件号码 ("" when unknown)
	Name        string    `json:"name"`
	Phone       string    `json:"phone"`
	Address     string    `json:"address"`
	StreetID    *int64    `json:"street_id"`
	CommunityID *int64    `json:"community_id"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// CasePetitioner links a case to a petitioner. Seq 0 is the lead petitioner (第一信访人);
// in a 集体访 the others are the representatives (at most five, 条例第20条).
type CasePetitioner struct {
	CaseID       int64 `json:"case_id" gorm:"primaryKey;autoIncrement:false"`
	PetitionerID int64 `json:"petitioner_id" gorm:"primaryKey;autoIncrement:false"`
	Seq          int   `json:"seq"`
}

// Unit is a 单位: the district, a street (街道), a community (社区) or a department (部门),
// arranged as a tree by ParentID. Streets and communities double as case locations.
type Unit struct {
	ID       int64    `json:"id"`
	Name     string   `json:"name"`
	Kind     UnitKind `json:"kind"`
	ParentID *int64   `json:"parent_id"`
	Sort     int      `json:"sort"`
	Active   bool     `json:"active"`
}

// Category is a 问题类别 from the office's dictionary.
type Category struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Sort   int    `json:"sort"`
	Active bool   `json:"active"`
}

// Leader is a 包案领导.
type Leader struct {
	ID     int64       `json:"id"`
	Name   string      `json:"name"`
	Title  string      `json:"title"` // 职务
	Level  LeaderLevel `json:"level"`
	UnitID *int64      `json:"unit_id"`
	Phone  string      `json:"phone"`
	Active bool        `json:"active"`
}

// LeaderArea is a street a leader carries as an area (包片).
type LeaderArea struct {
	LeaderID int64 `json:"leader_id" gorm:"primaryKey;autoIncrement:false"`
	StreetID int64 `json:"street_id" gorm:"primaryKey;autoIncrement:false"`
}

// Assignment is a 包案: a leader's personal responsibility for one case, with a written
// resolution plan (化解方案), the four duties and, at the end, 销号 (struck off).
type Assignment struct {
	ID         int64  `json:"id"`
	CaseID     int64  `json:"case_id"`
	LeaderID   int64  `json:"leader_id"`
	AssignedOn Date   `json:"assigned_on"`
	Plan       string `json:"plan"` // 化解方案

	StruckOffOn   Date   `json:"struck_off_on"`   // 销号日期
	StruckOffBy   string `json:"struck_off_by"`   // 审批人
	StruckOffNote string `json:"struck_off_note"` // 审批意见

	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Duty is the progress of one of the four duties (四包) of an assignment.
type Duty struct {
	ID           int64      `json:"id"`
	AssignmentID int64      `json:"assignment_id"`
	Kind         DutyKind   `json:"kind"`
	Status       DutyStatus `json:"status"`
	Note         string     `json:"note"`
	UpdatedOn    Date       `json:"updated_on"` // date of the latest progress
	Version      int        `json:"version"`    // optimistic lock: bumped by every update
}

// StabilityLog is a 稳控 log entry under 包化解稳控.
type StabilityLog struct {
	ID           int64     `json:"id"`
	AssignmentID int64     `json:"assignment_id"`
	LoggedOn     Date      `json:"logged_on"`
	Note         string    `json:"note"`
	Author       string    `json:"author"`
	CreatedAt    time.Time `json:"created_at"`
}

// Visit is one of the four visits (四访) on a case. A visit with Planned set is on the
// schedule and has not happened yet.
type Visit struct {
	ID        int64     `json:"id"`
	CaseID    int64     `json:"case_id"`
	Kind      VisitKind `json:"kind"`
	VisitedOn Date      `json:"visited_on"`
	LeaderID  *int64    `json:"leader_id"` // the leader who led it
	Leaders   string    `json:"leaders"`   // others present
	Place     string    `json:"place"`
	PeopleMet string    `json:"people_met"`
	Notes     string    `json:"notes"`   // 谈话内容
	Outcome   string    `json:"outcome"` // 结果
	NextStep  string    `json:"next_step"`
	Rating    Rating    `json:"rating"` // for 上门回访: the petitioner's satisfaction
	Planned   bool      `json:"planned"`
	CreatedAt time.Time `json:"created_at"`
}

// Extension is a 延期 of the reply deadline, approved by the unit head.
type Extension struct {
	ID         int64     `json:"id"`
	CaseID     int64     `json:"case_id"`
	Approver   string    `json:"approver"`
	ApprovedOn Date      `json:"approved_on"`
	Reason     string    `json:"reason"`
	NewDue     Date      `json:"new_due"`
	ToldOn     Date      `json:"told_on"` // petitioner informed on
	CreatedAt  time.Time `json:"created_at"`
}

// Supervision is a 督办: a superior's demand on a case and the reply to it.
type Supervision struct {
	ID        int64     `json:"id"`
	CaseID    int64     `json:"case_id"`
	Issuer    string    `json:"issuer"`
	IssuedOn  Date      `json:"issued_on"`
	Demand    string    `json:"demand"`
	DueOn     Date      `json:"due_on"`
	RepliedOn Date      `json:"replied_on"`
	Reply     string    `json:"reply"`
	CreatedAt time.Time `json:"created_at"`
}

// Stage is a 复查 or 复核 stage of a case: a linked child with its own clock, not a new
// case. HearingDays (听证) do not count toward a 复核 deadline.
type Stage struct {
	ID          int64     `json:"id"`
	CaseID      int64     `json:"case_id"`
	Kind        StageKind `json:"kind"`
	RequestedOn Date      `json:"requested_on"`
	Organ       string    `json:"organ"` // 复查/复核机关
	HearingDays int       `json:"hearing_days"`
	DueOn       Date      `json:"due_on"`
	RepliedOn   Date      `json:"replied_on"`
	Opinion     ReplyKind `json:"opinion"`
	Text        string    `json:"text"`
	CreatedAt   time.Time `json:"created_at"`
}

// Attachment is a file kept inside the database (scanned letter, photo, signed notice).
type Attachment struct {
	ID        int64     `json:"id"`
	CaseID    int64     `json:"case_id"`
	Name      string    `json:"name"`
	MIME      string    `json:"mime" gorm:"column:mime"`
	Size      int64     `json:"size"`
	Data      []byte    `json:"-"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// ReceptionDay is a leader's scheduled open reception day (领导接访日).
type ReceptionDay struct {
	ID       int64  `json:"id"`
	LeaderID int64  `json:"leader_id"`
	Day      Date   `json:"day"`
	Place    string `json:"place"`
	Note     string `json:"note"`
}

// User is an account. Hash is a bcrypt hash; a leader account links to its Leader.
type User struct {
	ID           int64      `json:"id"`
	Login        string     `json:"login"`
	Name         string     `json:"name"`
	Hash         string     `json:"-"`
	Role         Role       `json:"role"`
	LeaderID     *int64     `json:"leader_id"`
	FailedLogins int        `json:"failed_logins"`
	LockedUntil  *time.Time `json:"locked_until"`
	Active       bool       `json:"active"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
}

// AuditEntry is one row of the 操作记录: who changed what, when, with each field's old
// and new value. Entries are append-only and hash-chained: Hash covers this entry's
// content and PrevHash, so a changed or deleted row breaks the chain.
type AuditEntry struct {
	ID       int64     `json:"id"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor"`  // login, or "os:<user>" for the command line
	Action   string    `json:"action"` // e.g. case.create, case.decide, visit.add
	Entity   string    `json:"entity"` // table name
	EntityID int64     `json:"entity_id"`
	CaseID   *int64    `json:"case_id"` // the case it belongs to, for the case's history
	Changes  string    `json:"changes"` // JSON: [{"field":…,"old":…,"new":…}]
	PrevHash string    `json:"prev_hash"`
	Hash     string    `json:"hash"`
}

// Holiday is a day of the official calendar that differs from the plain week: a day off
// (休) on a weekday, or a make-up working day (班) on a weekend.
type Holiday struct {
	Day  Date        `json:"day" gorm:"primaryKey"`
	Kind HolidayKind `json:"kind"`
	Name string      `json:"name"`
}

// Setting is a key/value pair of office settings (case-number prefix, deadline rules …).
type Setting struct {
	Key   string `json:"key" gorm:"primaryKey"`
	Value string `json:"value"`
}

// Actor is who performs a store write: every write takes one, for permissions and audit.
type Actor struct {
	UserID   int64
	Login    string
	Role     Role
	LeaderID int64 // for RoleLeader: the leader record the account belongs to
}
