#pragma once
// format=flowed (RFC 3676) text back to paragraphs: soft line breaks joined, space-stuffing
// removed, quote depth kept as "> " prefixes so reply trimming still sees the quotes.
#include <string>
#include <string_view>

namespace helpdesk::mail {

std::string decode_flowed(std::string_view text, bool delsp);

}  // namespace helpdesk::mail
