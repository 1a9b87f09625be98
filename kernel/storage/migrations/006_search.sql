-- Full-text search over tickets: the subject and every thread entry, kept by triggers so every
-- writer (API, mail, imports) is covered. `kind` lets end users' searches skip internal notes.
CREATE VIRTUAL TABLE ticket_search USING fts5(text, ticket_id UNINDEXED, kind UNINDEXED, tokenize = 'unicode61 remove_diacritics 2');
INSERT INTO ticket_search (text, ticket_id, kind) SELECT subject, id, 'subject' FROM tickets;
INSERT INTO ticket_search (text, ticket_id, kind) SELECT body, ticket_id, kind FROM thread_entries;
CREATE TRIGGER ticket_search_subject AFTER INSERT ON tickets BEGIN
  INSERT INTO ticket_search (text, ticket_id, kind) VALUES (new.subject, new.id, 'subject');
END;
CREATE TRIGGER ticket_search_entry AFTER INSERT ON thread_entries BEGIN
  INSERT INTO ticket_search (text, ticket_id, kind) VALUES (new.body, new.ticket_id, new.kind);
END;
