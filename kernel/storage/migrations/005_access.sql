-- Who may see and do what. An agent has a role in their primary department and, through extended
-- access, in others; sessions belong to agents or end users; tokens may also be created at run
-- time (CLI or API) and are stored as SHA-256 hashes only.
CREATE TABLE agent_access (
  agent_id INTEGER NOT NULL REFERENCES agents(id),
  department_key TEXT NOT NULL,
  role_key TEXT NOT NULL,
  PRIMARY KEY (agent_id, department_key)
);

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  token_sha256 TEXT NOT NULL UNIQUE,
  csrf_sha256 TEXT NOT NULL,
  principal_kind TEXT NOT NULL,          -- agent | user
  principal_id INTEGER NOT NULL,
  only_ticket TEXT,                      -- a guest's one ticket
  method TEXT NOT NULL,                  -- how the first factor was proven (password, …)
  second_factor_pending INTEGER NOT NULL DEFAULT 0,
  second_factor TEXT,                    -- the provider that completed it
  ip TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  ended_at INTEGER
);
CREATE INDEX sessions_principal ON sessions (principal_kind, principal_id);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  token_sha256 TEXT NOT NULL UNIQUE,
  scopes TEXT NOT NULL,                  -- JSON array
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
