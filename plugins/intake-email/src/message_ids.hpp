#pragma once
// The Message-IDs we send carry the ticket and thread entry they belong to and an HMAC over them
// with a server secret, so a reply's In-Reply-To/References can be trusted to name a ticket only
// when we made that id:
//
//   <000123.45.k3J9xQ2m.1f0c9a7be21d4c58@help.example.com>
//    ticket  entry random  HMAC-SHA256(secret, "000123.45.k3J9xQ2m"), first 16 hex digits
//
// Ids are stored without angle brackets everywhere in this plugin.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace intake_email {

struct SignedId {
  std::string ticket_number;
  std::int64_t entry_id = 0;  // 0 when the mail announced no entry (e.g. an alert)
};

class MessageIds {
 public:
  MessageIds(std::string secret, std::string domain);
  // A new signed id (without angle brackets).
  std::string make(const std::string& ticket_number, std::int64_t entry_id) const;
  // The ticket and entry of an id we signed; nullopt for any other id (forged, foreign, damaged).
  std::optional<SignedId> verify(std::string_view message_id) const;
  const std::string& domain() const { return domain_; }

 private:
  std::string sign(std::string_view text) const;
  std::string secret_;
  std::string domain_;
};

// A random token of `bytes` bytes as lower-case hex (for secrets and the random part of ids).
std::string random_hex(std::size_t bytes);

// The id of a message that came without a Message-ID: its SHA-256 ("<hex>@no-message-id.invalid"),
// so the same bytes again (an MTA retry, a re-fetch after a crash) are known as a duplicate.
std::string content_message_id(std::string_view raw);

}  // namespace intake_email
