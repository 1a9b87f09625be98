-- Deleting a ticket: its search text goes by rowid (subjects at rowid = -ticket id, thread entries
-- at rowid = entry id), as ticket_search.ticket_id is not indexed and a DELETE by it would scan the
-- whole index; and the attachment files no row names any more are found by hash.
DROP TRIGGER ticket_search_subject;
DROP TRIGGER ticket_search_entry;
DELETE FROM ticket_search;
INSERT INTO ticket_search (rowid, text, ticket_id, kind) SELECT -id, subject, id, 'subject' FROM tickets;
INSERT INTO ticket_search (rowid, text, ticket_id, kind) SELECT id, body, ticket_id, kind FROM thread_entries;
CREATE TRIGGER ticket_search_subject AFTER INSERT ON tickets BEGIN
  INSERT INTO ticket_search (rowid, text, ticket_id, kind) VALUES (-new.id, new.subject, new.id, 'subject');
END;
CREATE TRIGGER ticket_search_entry AFTER INSERT ON thread_entries BEGIN
  INSERT INTO ticket_search (rowid, text, ticket_id, kind) VALUES (new.id, new.body, new.ticket_id, new.kind);
END;
CREATE TRIGGER ticket_search_subject_deleted AFTER DELETE ON tickets BEGIN
  DELETE FROM ticket_search WHERE rowid = -old.id;
END;
CREATE TRIGGER ticket_search_entry_deleted AFTER DELETE ON thread_entries BEGIN
  DELETE FROM ticket_search WHERE rowid = old.id;
END;
CREATE INDEX attachments_sha256 ON attachments (sha256);
