#pragma once
// Small pieces of IMAP syntax (RFC 3501) that the mailbox client builds and reads. Internal.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace helpdesk::mail::detail {

// A quoted string for a mailbox name. Throws std::invalid_argument for an empty name, control
// characters or non-ASCII (which needs modified UTF-7).
std::string imap_quote(std::string_view mailbox);
// Validates a flag: "\Word" system flag or a keyword atom. Throws std::invalid_argument.
void check_imap_flag(std::string_view flag);
// The numbers of every "* SEARCH n n n" line, sorted ascending.
std::vector<std::uint64_t> parse_search(std::string_view response);
// The number after `key` inside a response ("UIDVALIDITY 42"), if present.
std::optional<std::uint64_t> parse_number_after(std::string_view response, std::string_view key);
// The words of a "* CAPABILITY …" line, upper-cased.
std::vector<std::string> parse_capabilities(std::string_view response);
// Percent-decoding of a URL path segment.
std::string percent_decode(std::string_view text);

}  // namespace helpdesk::mail::detail
