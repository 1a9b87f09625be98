-- Merging tickets: the one merged away is closed and names the ticket that took its thread, so a
-- later message to it (a reply to an old mail) lands on that ticket.
ALTER TABLE tickets ADD COLUMN merged_into TEXT;
