#pragma once
// HTML character references (&amp; &#233; &#x263A; and the common named ones) to UTF-8.
#include <cstdint>
#include <string>
#include <string_view>

namespace helpdesk::mail {

void append_utf8(std::string& out, std::uint32_t code_point);

// Decodes character references; unknown named ones are kept as written.
std::string decode_entities(std::string_view text);

// Escapes &, <, > and " so text can sit in element content or a double-quoted attribute.
std::string escape_html(std::string_view text);

}  // namespace helpdesk::mail
