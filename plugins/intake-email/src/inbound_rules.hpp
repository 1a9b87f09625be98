#pragma once
// The pure decisions of the inbound path (no database, no host), so they can be unit-tested and
// fuzzed: bans, the subject token, which ticket a reply points at, the rate window, Cc handling.
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common_settings.hpp"
#include "message_ids.hpp"
#include "parsed_mail.hpp"

namespace intake_email {

// True when `email` (lower-case) is listed in `banned` as itself or by its "@domain".
bool is_banned(const std::string& email, const std::vector<std::string>& banned);

// The ticket number in a subject carrying `token_pattern` (e.g. "[#{number}]"), or nullopt.
std::optional<std::string> subject_ticket(const std::string& subject, const std::string& token_pattern);

// The ids a reply points at, most specific first: In-Reply-To, then References newest first.
std::vector<std::string> thread_candidates(const helpdesk::mail::ParsedMail& mail);

struct ThreadMatch {
  std::string ticket_number;
  std::string how;  // "signed id <…>", "stored id <…>" or "subject token"
};

// Which ticket the mail replies to: the first candidate id that we signed (ids.verify) or stored
// (`stored` returns its ticket number), then the subject token. nullopt: a new conversation.
std::optional<ThreadMatch> find_thread(const helpdesk::mail::ParsedMail& mail, const MessageIds& ids,
                                       const std::function<std::optional<std::string>(const std::string&)>& stored,
                                       const std::string& token_pattern);

// Who the sender is on the ticket a reply points at; only a stranger is refused (new ticket).
enum class SenderRole { stranger, requester, collaborator, agent };
const char* to_string(SenderRole role);

// One sender's hourly window. Returns the window after counting one more message at `now`.
struct RateWindow {
  std::int64_t start = 0;
  std::int64_t count = 0;
};
RateWindow count_message(std::optional<RateWindow> current, std::int64_t now);
// True when `window` (after counting) exceeds `limit` per hour; 0 means no limit.
bool over_rate_limit(const RateWindow& window, std::int64_t limit);

// The Cc addresses to add as collaborators of a new ticket: not the sender, not one of `ours`
// (the helpdesk's own addresses, lower-case), each once.
std::vector<helpdesk::mail::Address> cc_collaborators(const helpdesk::mail::ParsedMail& mail,
                                                      const std::set<std::string>& ours);

// The body a new ticket gets: the text (or the sanitized HTML when there is no text), with the
// attachments that were left out listed so the agent knows. `format` is set to "text" or "html".
std::string ticket_body(const helpdesk::mail::ParsedMail& mail, std::string& format);
// The body of a reply entry: the reply with quotes trimmed, else the whole text.
std::string reply_body(const helpdesk::mail::ParsedMail& mail, std::string& format);

}  // namespace intake_email
