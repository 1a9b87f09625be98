-- The kernel's ticket domain. Config entities (departments … priorities) are mirrored from YAML
-- at start and reload, upserted by key and archived rather than deleted once referenced.
CREATE TABLE departments (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  email TEXT NOT NULL DEFAULT '',
  parent_key TEXT,
  archived INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE teams (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  archived INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE help_topics (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  external_id INTEGER,
  parent_key TEXT,
  department_key TEXT,
  priority_key TEXT,
  form_key TEXT,
  archived INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE statuses (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  state TEXT NOT NULL,
  archived INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE priorities (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  external_id INTEGER,
  urgency INTEGER NOT NULL DEFAULT 0,
  archived INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE organizations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  domain TEXT,
  share_tickets INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '',
  organization_id INTEGER REFERENCES organizations(id),
  created_at INTEGER NOT NULL
);
CREATE TABLE agents (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  department_key TEXT NOT NULL,
  is_admin INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);
CREATE TABLE team_members (
  team_key TEXT NOT NULL,
  agent_id INTEGER NOT NULL REFERENCES agents(id),
  PRIMARY KEY (team_key, agent_id)
);

CREATE TABLE sequences (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
);
INSERT INTO sequences (name, value) VALUES ('ticket', 0);

CREATE TABLE tickets (
  id INTEGER PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  subject TEXT NOT NULL,
  status_key TEXT NOT NULL,
  priority_key TEXT NOT NULL,
  priority_rank INTEGER NOT NULL DEFAULT 0,
  department_key TEXT NOT NULL,
  topic_key TEXT,
  team_key TEXT,
  assignee_id INTEGER REFERENCES agents(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  source TEXT NOT NULL,
  ip TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  closed_at INTEGER,
  due_at INTEGER
);
-- Keyset pagination: every sort order has an index ending in id, and the common queue filters
-- (status, department) lead composite ones so a queue page never scans.
CREATE INDEX tickets_created ON tickets (created_at, id);
CREATE INDEX tickets_updated ON tickets (updated_at, id);
CREATE INDEX tickets_priority ON tickets (priority_rank, id);
CREATE INDEX tickets_status_created ON tickets (status_key, created_at, id);
CREATE INDEX tickets_department_created ON tickets (department_key, created_at, id);
CREATE INDEX tickets_user ON tickets (user_id, created_at, id);
CREATE INDEX tickets_assignee ON tickets (assignee_id, created_at, id);

CREATE TABLE ticket_fields (
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  field_key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (ticket_id, field_key)
);

CREATE TABLE thread_entries (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  kind TEXT NOT NULL,
  author_kind TEXT NOT NULL,
  author_id TEXT NOT NULL DEFAULT '',
  author_name TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  format TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX thread_entries_ticket ON thread_entries (ticket_id, id);

CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  entry_id INTEGER NOT NULL REFERENCES thread_entries(id),
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL
);
CREATE INDEX attachments_entry ON attachments (entry_id);

-- Append-only: nothing updates or deletes rows here.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_kind TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  actor_name TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  action TEXT NOT NULL,
  before_json TEXT,
  after_json TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id);

CREATE TABLE timers (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  key TEXT NOT NULL DEFAULT '',
  due_at INTEGER NOT NULL,
  payload TEXT NOT NULL DEFAULT '{}',
  state TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  fired_at INTEGER
);
CREATE INDEX timers_due ON timers (state, due_at, id);
CREATE UNIQUE INDEX timers_pending_key ON timers (kind, key) WHERE state = 'pending' AND key <> '';
