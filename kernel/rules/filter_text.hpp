#pragma once
// Text tests behind the filter helpers and actions. ASCII case-insensitive (bytes >= 0x80 are
// compared as they are and count as letters), no allocation: they run inside Lua C functions.
#include <cstddef>
#include <string_view>

namespace helpdesk::kernel {

// Offset of the first case-insensitive occurrence of `needle` in `text` at or after `from`, or npos.
std::size_t find_nocase(std::string_view text, std::string_view needle, std::size_t from = 0);
bool equals_nocase(std::string_view a, std::string_view b);

// `key` occurs in `text` (case-insensitive) with no letter or digit right before or after it,
// so "vpn" is found in "VPN down" and "my vpn." but not in "vpnclient".
bool contains_word(std::string_view text, std::string_view key);

// The part after the last '@', or the whole text when there is none.
std::string_view domain_of(std::string_view email_or_domain);
// `domain` (from an address or a bare domain) is `entry` or a subdomain of it, ignoring case;
// a leading '@' or '.' on the entry is ignored ("@acme.com", ".acme.com").
bool domain_matches(std::string_view domain, std::string_view entry);

// [a-z0-9_.:-]{1,64} (callers lower-case first).
bool valid_tag(std::string_view tag);
// [A-Za-z0-9_.-]{1,64}
bool valid_field_key(std::string_view key);
// Something@something, no spaces or control characters, at most 254 bytes.
bool plausible_agent_email(std::string_view email);

}  // namespace helpdesk::kernel
