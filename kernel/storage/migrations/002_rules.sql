-- What ticket filters and SLA plans add to a ticket: tags, the plan, and its first-response clock.
ALTER TABLE tickets ADD COLUMN sla_plan_key TEXT;
ALTER TABLE tickets ADD COLUMN first_response_due_at INTEGER;
ALTER TABLE tickets ADD COLUMN first_responded_at INTEGER;

CREATE TABLE ticket_tags (
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  tag TEXT NOT NULL,
  PRIMARY KEY (ticket_id, tag)
);
CREATE INDEX ticket_tags_tag ON ticket_tags (tag, ticket_id);

-- Reading a ticket looks its attachments up by ticket.
CREATE INDEX attachments_ticket ON attachments (ticket_id, id);
