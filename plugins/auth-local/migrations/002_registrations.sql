-- Self-registrations waiting for their e-mail confirmation: nothing exists for the person until
-- the link is used (so nobody can claim an address they cannot read). The token is stored as its
-- SHA-256 digest, the password as its argon2id string.
CREATE TABLE auth_local_registrations (
  token_sha256 TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  name TEXT NOT NULL,
  hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
