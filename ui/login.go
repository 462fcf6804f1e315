package ui

// Accounts is what first run, login and the idle lock need from the database.
type Accounts interface{}
