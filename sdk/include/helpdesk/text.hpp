#pragma once
// Text helpers the kernel and every plugin need (header-only).
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace helpdesk {

// ASCII lower case (e-mail addresses, keys, header names); other bytes stay as they are.
inline std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace helpdesk
