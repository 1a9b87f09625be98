#pragma once
// The ticket service: the one way a plugin creates, reads and changes tickets. Every change runs
// in one durable transaction, is written to the audit log (who, what, before, after) and, once
// committed, is published as an event (helpdesk/events.hpp). Failures throw helpdesk::Error
// (400 invalid input, 404 unknown ticket, 409 conflicting state).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "helpdesk/actor.hpp"

namespace helpdesk {

// Unix time in seconds (UTC). JSON shows it as ISO 8601.
using Timestamp = std::int64_t;

struct NewAttachment {
  std::string filename;
  std::string content_type;
  std::string data;  // the decoded bytes
};

struct AttachmentInfo {
  std::int64_t id = 0;
  std::string filename;
  std::string content_type;
  std::int64_t size = 0;
  std::string sha256;  // hex; names the content on disk
};

struct Person {
  std::int64_t id = 0;
  std::string name;
  std::string email;
  std::string phone;
};

struct NewTicket {
  Person requester;          // name and email required; matched to an existing user by email
  std::string subject;       // required
  std::string body;          // required
  std::string body_format = "text";  // "text" or "html"
  std::string source = "API";        // API, Email, Web, Phone, Other
  std::string ip;                    // the requester's address, as the client reports it
  std::optional<int> topic_id;       // help topic by its numeric (osTicket) id …
  std::string topic;                 // … or by key
  std::optional<int> priority_id;    // priority by numeric id …
  std::string priority;              // … or by key or name (case-insensitive)
  std::string department;            // department key; default: the topic's, else the config's default
  nlohmann::json fields = nlohmann::json::object();  // custom field values by key
  std::map<std::string, std::string> headers;  // email headers (lower-case names) for filters; else empty
  std::vector<NewAttachment> attachments;
  bool alert = true;        // notify agents
  bool autorespond = true;  // send the requester the auto-response
};

struct ThreadEntry {
  std::int64_t id = 0;
  std::string kind;  // "message" (from the requester), "response" (agent reply), "note" (internal), "event"
  std::string author;
  std::string body;
  std::string format;  // "text" or "html"
  Timestamp created_at = 0;
  std::vector<AttachmentInfo> attachments;
};

struct Ticket {
  std::int64_t id = 0;
  std::string number;
  std::string subject;
  std::string status;    // status key, e.g. "open"
  std::string state;     // the lifecycle state that status maps onto: open, in_progress, resolved, closed
  std::string priority;  // priority key
  std::string department;
  std::string topic;     // may be empty
  std::string team;      // may be empty
  std::optional<std::int64_t> assignee_id;  // agent
  std::string assignee;  // agent name, empty when unassigned
  Person requester;
  std::string source;
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
  std::optional<Timestamp> closed_at;
  std::optional<Timestamp> due_at;                 // resolution due (SLA)
  std::optional<Timestamp> first_response_due_at;  // first agent response due (SLA)
  std::string sla_plan;                            // plan key, empty when none
  bool overdue = false;                            // an SLA step marked it overdue (cleared when due moves ahead)
  std::vector<std::string> tags;
  nlohmann::json fields = nlohmann::json::object();
  std::string merged_into;  // the ticket that took this one's thread (it is closed); empty when not merged
};

struct TicketDetail {
  Ticket ticket;
  std::vector<ThreadEntry> thread;
};

// Filters are ANDed; an empty one does not filter. Results are ordered by `sort` then by id, and
// paged by an opaque cursor (keyset pagination: a page costs the same at any depth).
struct TicketQuery {
  std::string status;
  std::string state;
  std::string department;
  std::string priority;
  std::string topic;
  std::string requester_email;
  std::optional<std::int64_t> assignee_id;
  std::string text;  // full-text search: every word must appear in the subject or the thread
                     // (end users' searches skip internal notes)
  std::string sort = "created";  // created, updated, number, priority
  bool descending = true;
  int limit = 25;                // 1..100
  std::string cursor;            // from TicketPage::next_cursor
  // Whose view: an agent sees the tickets of departments they have a role in, and those assigned
  // to them or their teams; an end user their own, those they are copied on, and their
  // organization's when it shares. Other actors (tokens, the system) see every ticket.
  Actor viewer;
};

struct TicketPage {
  std::vector<Ticket> items;
  std::string next_cursor;  // empty on the last page
};

struct ReplyInput {
  std::string body;
  std::string format = "text";
  std::vector<NewAttachment> attachments;
};

class TicketService {
 public:
  virtual ~TicketService() = default;

  // Validates, stores and returns the new ticket; returns once it is durable.
  virtual Ticket create(const NewTicket& input, const Actor& actor) = 0;
  virtual std::optional<TicketDetail> get(const std::string& number) = 0;
  virtual TicketPage list(const TicketQuery& query) = 0;

  // A message from the requester (reopens a resolved or closed ticket), an agent reply, or an
  // internal note. Return the stored entry.
  virtual ThreadEntry add_message(const std::string& number, const ReplyInput& input, const Actor& actor) = 0;
  virtual ThreadEntry reply(const std::string& number, const ReplyInput& input, const Actor& actor) = 0;
  virtual ThreadEntry note(const std::string& number, const ReplyInput& input, const Actor& actor) = 0;

  // Assign to an agent (by id) and/or a team (by key); nullopt/empty clears that side.
  virtual Ticket assign(const std::string& number, std::optional<std::int64_t> agent_id, const std::string& team,
                        const Actor& actor) = 0;
  virtual Ticket transfer(const std::string& number, const std::string& department, const Actor& actor) = 0;
  // Priority by key or name (case-insensitive); recomputes SLA due times.
  virtual Ticket set_priority(const std::string& number, const std::string& priority, const Actor& actor) = 0;
  virtual Ticket set_status(const std::string& number, const std::string& status, const Actor& actor) = 0;
  virtual Ticket close(const std::string& number, const Actor& actor) = 0;
  virtual Ticket reopen(const std::string& number, const Actor& actor) = 0;

  // The stored bytes of an attachment, or nullopt.
  virtual std::optional<std::string> attachment_data(std::int64_t attachment_id) = 0;

  // People copied on a ticket (osTicket's collaborators): they may post to it and receive its
  // replies. Adding one creates the user when the email is new; adding someone twice is a no-op
  // (returns false). Published as ticket.updated with {"collaborator_added": person}.
  virtual std::vector<Person> collaborators(const std::string& number) = 0;
  virtual bool add_collaborator(const std::string& number, const Person& person, const Actor& actor) = 0;
};

// JSON forms used by the REST API (ISO 8601 times, nulls for absent values).
nlohmann::json to_json(const Ticket& t);
nlohmann::json to_json(const ThreadEntry& e);
nlohmann::json to_json(const TicketDetail& d);
std::string iso8601(Timestamp t);

}  // namespace helpdesk

#include "helpdesk/detail/tickets_inline.hpp"
