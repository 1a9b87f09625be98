-- intake-email's tables. Message-IDs are stored without angle brackets, emails lower-cased.

-- Every message this plugin took in or sent: threading looks replies up here (In-Reply-To and
-- References against what we sent and stored), and a message seen twice is recognised.
CREATE TABLE intake_email_messages (
  id INTEGER PRIMARY KEY,
  direction TEXT NOT NULL,              -- in | out
  message_id TEXT NOT NULL,
  ticket_number TEXT,
  entry_id INTEGER,                     -- the thread entry it became (in) or announced (out)
  source TEXT NOT NULL DEFAULT '',      -- in: pipe, api or the account name; out: the outbox kind
  created_at INTEGER NOT NULL
);
CREATE INDEX intake_email_messages_id ON intake_email_messages (message_id);
CREATE INDEX intake_email_messages_ticket ON intake_email_messages (ticket_number, id);

-- Mailbox items already handled (the truth, not \Seen: libcurl sets it on fetch). IMAP items are
-- keyed by UIDVALIDITY and UID, POP3 items by UIDL (uidvalidity 0). Written in the same
-- transaction as the ticket or entry; flag/move/delete happen after, and `cleaned` records them.
CREATE TABLE intake_email_fetched (
  account TEXT NOT NULL,
  uidvalidity INTEGER NOT NULL DEFAULT 0,
  uid TEXT NOT NULL,
  message_id TEXT NOT NULL DEFAULT '',
  ticket_number TEXT,
  outcome TEXT NOT NULL,                -- ticket, reply, quarantined, ignored, rejected
  fetched_at INTEGER NOT NULL,
  cleaned INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (account, uidvalidity, uid)
);

-- Messages that could not become tickets, kept whole with the reason (never dropped silently).
CREATE TABLE intake_email_quarantine (
  id INTEGER PRIMARY KEY,
  received_at INTEGER NOT NULL,
  source TEXT NOT NULL,                 -- pipe, api or the account name
  reason TEXT NOT NULL,
  sender TEXT NOT NULL DEFAULT '',
  subject TEXT NOT NULL DEFAULT '',
  raw TEXT NOT NULL
);
CREATE INDEX intake_email_quarantine_received ON intake_email_quarantine (received_at, id);

-- Outgoing mail: durable before any SMTP attempt, retried with backoff until sent. A crash between
-- the SMTP server's acceptance and our commit sends it again with the same Message-ID.
CREATE TABLE intake_email_outbox (
  id INTEGER PRIMARY KEY,
  message_id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,                   -- auto_response, agent_reply, new_ticket_alert, assignment_alert, overdue_alert, …
  ticket_number TEXT,
  envelope_from TEXT NOT NULL,
  recipients TEXT NOT NULL,             -- JSON array of addresses
  raw TEXT NOT NULL,                    -- the whole RFC 5322 message
  state TEXT NOT NULL DEFAULT 'pending',-- pending, sent, failed
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER
);
CREATE INDEX intake_email_outbox_due ON intake_email_outbox (state, next_attempt_at, id);

-- Per-sender counts for the hourly rate limit.
CREATE TABLE intake_email_senders (
  email TEXT PRIMARY KEY,
  window_start INTEGER NOT NULL,
  count INTEGER NOT NULL
);

-- Small state: the generated Message-ID secret, refreshed OAuth2 tokens per account.
CREATE TABLE intake_email_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
