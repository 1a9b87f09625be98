-- mfa-totp's tables; kind is 'agent' or 'user' (the kernel's agents and users).

-- One TOTP secret per person: pending (active = 0) from enrolment until the first code
-- activates it. last_used_step refuses a code (or an older one) a second time; failures and
-- locked_until throttle wrong codes.
CREATE TABLE mfa_totp_secrets (
  kind TEXT NOT NULL,
  person_id INTEGER NOT NULL,
  secret_hex TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 0,
  last_used_step INTEGER,
  failures INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  activated_at INTEGER,
  PRIMARY KEY (kind, person_id)
);

-- The ten recovery codes, as SHA-256 digests; a used one has used_at set and its digest blanked.
CREATE TABLE mfa_totp_recovery_codes (
  kind TEXT NOT NULL,
  person_id INTEGER NOT NULL,
  slot INTEGER NOT NULL,
  digest TEXT NOT NULL,
  used_at INTEGER,
  PRIMARY KEY (kind, person_id, slot)
);
