-- People copied on a ticket (osTicket's collaborators): they may post to it and get its replies.
CREATE TABLE ticket_collaborators (
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  added_at INTEGER NOT NULL,
  PRIMARY KEY (ticket_id, user_id)
);
CREATE INDEX users_organization ON users (organization_id);
