#include "inbound_fuzz.hpp"

#include <string_view>

#include "inbound_rules.hpp"

namespace intake_email {

int inbound_fuzz_one(const std::uint8_t* data, std::size_t size) {
  static const MessageIds ids("fuzz-secret-0123456789abcdef", "helpdesk.invalid");
  static const std::vector<std::string> banned = {"spam@example.com", "@example.net"};
  helpdesk::mail::ParseLimits limits;
  limits.loop_header_value = "helpdesk";
  helpdesk::mail::ParsedMail mail;
  try {
    mail = helpdesk::mail::parse_message(std::string_view(reinterpret_cast<const char*>(data), size), limits);
  } catch (const helpdesk::mail::MailParseError&) {
    return 0;
  }
  (void)is_banned(mail.from.email, banned);
  (void)find_thread(
      mail, ids, [](const std::string&) -> std::optional<std::string> { return std::nullopt; }, "[#{number}]");
  (void)cc_collaborators(mail, {"support@example.com"});
  std::string format;
  (void)ticket_body(mail, format);
  (void)reply_body(mail, format);
  return 0;
}

}  // namespace intake_email
