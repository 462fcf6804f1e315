package ui

// UserAdmin is what the admin's 用户 and 操作日志 screens need from the database.
type UserAdmin interface{}
