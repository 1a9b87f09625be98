-- auth-local's tables. Secrets are never stored in clear: passwords as argon2id strings, reset
-- tokens as SHA-256 digests.

-- One password per person; kind is 'agent' or 'user' (the kernel's agents and users tables).
CREATE TABLE auth_local_passwords (
  kind TEXT NOT NULL,
  person_id INTEGER NOT NULL,
  hash TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (kind, person_id)
);

-- One-time password-reset links: used_at set on use, so a link works once.
CREATE TABLE auth_local_reset_tokens (
  token_sha256 TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  person_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);

-- The login throttle's state (LoginThrottle::snapshot), so a restart does not lift lockouts.
-- scope is 'account' or 'address'.
CREATE TABLE auth_local_throttle (
  scope TEXT NOT NULL,
  key TEXT NOT NULL,
  failures INTEGER NOT NULL,
  window_start INTEGER NOT NULL,
  last_failure INTEGER NOT NULL,
  locked_until INTEGER NOT NULL,
  PRIMARY KEY (scope, key)
);
