#pragma once
// Decoding of request targets, kept apart from the session so it is testable without a socket.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace helpdesk::kernel {

// Decodes %XX escapes (and '+' as a space when `plus_is_space`, as forms encode queries).
// Empty when an escape is malformed or decodes to NUL, which no path or query may carry.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

struct DecodedTarget {
  std::string path;
  std::map<std::string, std::string> query;  // the last of repeated keys wins
};
// Splits an origin-form target ("/a%20b?x=1&y") into its decoded path and query. Empty when the
// target is not origin-form or an escape is malformed.
std::optional<DecodedTarget> decode_target(std::string_view target);

}  // namespace helpdesk::kernel
