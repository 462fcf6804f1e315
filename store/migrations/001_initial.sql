-- Schema version 1. Written once for both dialects; {{ID}}, {{BLOB}} and {{TS}} are replaced
-- by the dialect's primary key, binary and timestamp types (see migrate.go). Dates are TEXT
-- 'YYYY-MM-DD' on both dialects (model.Date), so date comparisons are string comparisons.

CREATE TABLE units (
  id {{ID}},
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('district','street','community','department')),
  parent_id BIGINT REFERENCES units(id),
  sort INTEGER NOT NULL DEFAULT 0,
  active BOOLEAN NOT NULL DEFAULT TRUE
);
CREATE UNIQUE INDEX units_parent_name ON units(kind, parent_id, name);

CREATE TABLE categories (
  id {{ID}},
  name TEXT NOT NULL UNIQUE,
  sort INTEGER NOT NULL DEFAULT 0,
  active BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE TABLE leaders (
  id {{ID}},
  name TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  level TEXT NOT NULL DEFAULT 'section',
  unit_id BIGINT REFERENCES units(id),
  phone TEXT NOT NULL DEFAULT '',
  active BOOLEAN NOT NULL DEFAULT TRUE
);
CREATE INDEX leaders_name ON leaders(name);

CREATE TABLE leader_areas (
  leader_id BIGINT NOT NULL REFERENCES leaders(id),
  street_id BIGINT NOT NULL REFERENCES units(id),
  PRIMARY KEY (leader_id, street_id)
);

CREATE TABLE cases (
  id {{ID}},
  case_no TEXT NOT NULL UNIQUE,
  year INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  channel TEXT NOT NULL,
  received_on TEXT NOT NULL,
  head_count INTEGER NOT NULL DEFAULT 1 CHECK (head_count >= 1),
  category_id BIGINT NOT NULL REFERENCES categories(id),
  summary TEXT NOT NULL,
  demands TEXT NOT NULL DEFAULT '',
  street_id BIGINT NOT NULL REFERENCES units(id),
  community_id BIGINT REFERENCES units(id),
  unit_id BIGINT REFERENCES units(id),
  status TEXT NOT NULL,
  decision TEXT NOT NULL DEFAULT '',
  decided_on TEXT,
  decision_reason TEXT NOT NULL DEFAULT '',
  accept_due TEXT NOT NULL,
  objection_due TEXT,
  reply_due TEXT,
  extended_due TEXT,
  due_on TEXT,
  target_due TEXT,
  target TEXT NOT NULL DEFAULT '',
  closed_on TEXT,
  reply_kind TEXT NOT NULL DEFAULT '',
  reply_text TEXT NOT NULL DEFAULT '',
  rating TEXT NOT NULL DEFAULT '',
  rated_on TEXT,
  stopped_on TEXT,
  stage_replied_on TEXT,
  first_follow_up_on TEXT,
  repeat BOOLEAN NOT NULL DEFAULT FALSE,
  skip_level BOOLEAN NOT NULL DEFAULT FALSE,
  backlog BOOLEAN NOT NULL DEFAULT FALSE,
  supervised BOOLEAN NOT NULL DEFAULT FALSE,
  note TEXT NOT NULL DEFAULT '',
  petitioner_names TEXT NOT NULL DEFAULT '',
  search_text TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_at {{TS}} NOT NULL,
  updated_at {{TS}} NOT NULL,
  UNIQUE (year, seq)
);
CREATE INDEX cases_received ON cases(received_on);
CREATE INDEX cases_status ON cases(status, due_on);
CREATE INDEX cases_street ON cases(street_id, received_on);
CREATE INDEX cases_category ON cases(category_id, received_on);
-- The ledger sorted by 办理期限 pages by (COALESCE(due_on, ''), id); the expression must match search.go.
CREATE INDEX cases_due ON cases((COALESCE(due_on, '')));
-- … and by 办理状态 pages by (status, id): an index on status alone holds exactly that order.
CREATE INDEX cases_status_order ON cases(status);

CREATE TABLE petitioners (
  id {{ID}},
  id_kind TEXT NOT NULL DEFAULT 'resident',
  id_number TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '',
  address TEXT NOT NULL DEFAULT '',
  street_id BIGINT REFERENCES units(id),
  community_id BIGINT REFERENCES units(id),
  created_at {{TS}} NOT NULL,
  updated_at {{TS}} NOT NULL
);
CREATE INDEX petitioners_id_number ON petitioners(id_number) WHERE id_number <> '';
CREATE INDEX petitioners_phone ON petitioners(phone) WHERE phone <> '';
CREATE INDEX petitioners_name ON petitioners(name, address);

CREATE TABLE case_petitioners (
  case_id BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  petitioner_id BIGINT NOT NULL REFERENCES petitioners(id),
  seq INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (case_id, petitioner_id)
);
CREATE INDEX case_petitioners_petitioner ON case_petitioners(petitioner_id, case_id);

CREATE TABLE assignments (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  leader_id BIGINT NOT NULL REFERENCES leaders(id),
  assigned_on TEXT NOT NULL,
  plan TEXT NOT NULL DEFAULT '',
  struck_off_on TEXT,
  struck_off_by TEXT NOT NULL DEFAULT '',
  struck_off_note TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_at {{TS}} NOT NULL,
  updated_at {{TS}} NOT NULL,
  UNIQUE (case_id, leader_id)
);
CREATE INDEX assignments_leader ON assignments(leader_id, assigned_on);

CREATE TABLE duties (
  id {{ID}},
  assignment_id BIGINT NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'todo',
  note TEXT NOT NULL DEFAULT '',
  updated_on TEXT,
  UNIQUE (assignment_id, kind)
);

CREATE TABLE stability_logs (
  id {{ID}},
  assignment_id BIGINT NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
  logged_on TEXT NOT NULL,
  note TEXT NOT NULL,
  author TEXT NOT NULL DEFAULT '',
  created_at {{TS}} NOT NULL
);
CREATE INDEX stability_logs_assignment ON stability_logs(assignment_id);

CREATE TABLE visits (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  visited_on TEXT NOT NULL,
  leader_id BIGINT REFERENCES leaders(id),
  leaders TEXT NOT NULL DEFAULT '',
  place TEXT NOT NULL DEFAULT '',
  people_met TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  outcome TEXT NOT NULL DEFAULT '',
  next_step TEXT NOT NULL DEFAULT '',
  rating TEXT NOT NULL DEFAULT '',
  planned BOOLEAN NOT NULL DEFAULT FALSE,
  created_at {{TS}} NOT NULL
);
CREATE INDEX visits_case ON visits(case_id, visited_on);
CREATE INDEX visits_day ON visits(visited_on, leader_id, kind);

CREATE TABLE extensions (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  approver TEXT NOT NULL,
  approved_on TEXT NOT NULL,
  reason TEXT NOT NULL,
  new_due TEXT NOT NULL,
  told_on TEXT,
  created_at {{TS}} NOT NULL
);
CREATE INDEX extensions_case ON extensions(case_id);

CREATE TABLE supervisions (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  issuer TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  demand TEXT NOT NULL,
  due_on TEXT,
  replied_on TEXT,
  reply TEXT NOT NULL DEFAULT '',
  created_at {{TS}} NOT NULL
);
CREATE INDEX supervisions_case ON supervisions(case_id);

CREATE TABLE stages (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('review','recheck')),
  requested_on TEXT NOT NULL,
  organ TEXT NOT NULL DEFAULT '',
  hearing_days INTEGER NOT NULL DEFAULT 0,
  due_on TEXT NOT NULL,
  replied_on TEXT,
  opinion TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL DEFAULT '',
  created_at {{TS}} NOT NULL,
  UNIQUE (case_id, kind)
);

CREATE TABLE attachments (
  id {{ID}},
  case_id BIGINT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  mime TEXT NOT NULL DEFAULT '',
  size BIGINT NOT NULL DEFAULT 0,
  data {{BLOB}} NOT NULL,
  created_by TEXT NOT NULL DEFAULT '',
  created_at {{TS}} NOT NULL
);
CREATE INDEX attachments_case ON attachments(case_id);

CREATE TABLE reception_days (
  id {{ID}},
  leader_id BIGINT NOT NULL REFERENCES leaders(id),
  day TEXT NOT NULL,
  place TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX reception_days_day ON reception_days(day, leader_id);

CREATE TABLE users (
  id {{ID}},
  login TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL DEFAULT '',
  hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin','clerk','leader','viewer')),
  leader_id BIGINT REFERENCES leaders(id),
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until {{TS}},
  active BOOLEAN NOT NULL DEFAULT TRUE,
  created_at {{TS}} NOT NULL,
  updated_at {{TS}} NOT NULL
);

CREATE TABLE audit_entries (
  id {{ID}},
  at {{TS}} NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id BIGINT NOT NULL DEFAULT 0,
  case_id BIGINT,
  changes TEXT NOT NULL DEFAULT '',
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_entries_case ON audit_entries(case_id, id);
CREATE INDEX audit_entries_at ON audit_entries(at);

-- The head of the audit hash chain: one row, read (FOR UPDATE on PostgreSQL) and moved by
-- every append in the appending transaction, so appenders queue and a deleted last entry
-- is detected.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  hash TEXT NOT NULL DEFAULT '',
  last_id BIGINT NOT NULL DEFAULT 0
);
INSERT INTO audit_head(id, hash, last_id) VALUES (1, '', 0);

CREATE TABLE holidays (
  day TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('off','work')),
  name TEXT NOT NULL DEFAULT ''
);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- statistics (covering indexes)
-- Each statistics query (store/stats.go) counts the entries of one range of one of these
-- (or of cases_category above) and reads no table row. Figures broken down by channel
-- and street, or by category, range over an index that starts with those columns, so the
-- groups come out in index order. The partial indexes hold the exceptions (closed late,
-- not satisfied, decided late or not yet): a small part of all cases, since a rate is its
-- denominator minus its exceptions. The queries repeat each partial index's condition
-- word for word, and every index lists all the columns its queries read.
CREATE INDEX cases_stats_received_cs ON cases(channel, street_id, received_on);
CREATE INDEX cases_stats_closed_cs ON cases(channel, street_id, closed_on, due_on, decided_on, decision);
CREATE INDEX cases_stats_closed_cat ON cases(category_id, closed_on, due_on, decided_on, decision);
CREATE INDEX cases_stats_closed ON cases(closed_on, due_on);
CREATE INDEX cases_stats_decided ON cases(decision, decided_on, closed_on);
CREATE INDEX cases_stats_accept_due ON cases(accept_due);
CREATE INDEX cases_stats_repeat ON cases(received_on, repeat) WHERE repeat;
CREATE INDEX cases_stats_backlog ON cases(closed_on, stopped_on, backlog) WHERE backlog;
CREATE INDEX cases_stats_followup ON cases(closed_on, first_follow_up_on) WHERE first_follow_up_on IS NOT NULL;
CREATE INDEX cases_stats_late_cs ON cases(channel, street_id, closed_on, due_on, decided_on, decision) WHERE closed_on > due_on OR (closed_on IS NOT NULL AND due_on IS NULL);
CREATE INDEX cases_stats_late_cat ON cases(category_id, closed_on, due_on, decided_on, decision) WHERE closed_on > due_on OR (closed_on IS NOT NULL AND due_on IS NULL);
CREATE INDEX cases_stats_rating_cs ON cases(channel, street_id, closed_on, rating) WHERE closed_on IS NOT NULL AND rating NOT IN ('satisfied', 'basically');
CREATE INDEX cases_stats_rating_cat ON cases(category_id, closed_on, rating) WHERE closed_on IS NOT NULL AND rating NOT IN ('satisfied', 'basically');
CREATE INDEX cases_stats_accept_late ON cases(accept_due, decision, decided_on) WHERE decision = '' OR decided_on IS NULL OR decided_on > accept_due;
CREATE INDEX cases_stats_undecided_cs ON cases(channel, street_id, decided_on, accept_due, received_on, decision) WHERE decision = '' OR decided_on IS NULL OR decided_on > accept_due;
CREATE INDEX cases_stats_undecided_cat ON cases(category_id, decided_on, accept_due, received_on, decision) WHERE decision = '' OR decided_on IS NULL OR decided_on > accept_due;
CREATE INDEX assignments_stats_case ON assignments(case_id, leader_id, assigned_on, struck_off_on);
CREATE INDEX assignments_stats_struck ON assignments(leader_id, struck_off_on, assigned_on);
CREATE INDEX visits_stats_done ON visits(leader_id, kind, visited_on, planned) WHERE planned = FALSE;
