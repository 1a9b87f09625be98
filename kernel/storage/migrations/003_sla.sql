-- The SLA clock's state on the ticket: paused time, which steps fired, whether a filter chose the
-- plan (then a topic or department change keeps it), and osTicket's overdue mark.
ALTER TABLE tickets ADD COLUMN sla_paused_at INTEGER;
ALTER TABLE tickets ADD COLUMN sla_paused_seconds INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN sla_fired TEXT NOT NULL DEFAULT '[]';
ALTER TABLE tickets ADD COLUMN sla_plan_pinned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN is_overdue INTEGER NOT NULL DEFAULT 0;
CREATE INDEX tickets_overdue ON tickets (is_overdue, due_at) WHERE is_overdue = 1;
