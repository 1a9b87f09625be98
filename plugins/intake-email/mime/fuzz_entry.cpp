#include "fuzz_entry.hpp"

#include <string_view>

#include "parsed_mail.hpp"

namespace helpdesk::mail {

int mail_fuzz_one(const std::uint8_t* data, std::size_t size) {
  try {
    ParsedMail mail = parse_message(std::string_view(reinterpret_cast<const char*>(data), size));
    (void)mail;
  } catch (const MailParseError&) {
  }
  return 0;
}

}  // namespace helpdesk::mail
