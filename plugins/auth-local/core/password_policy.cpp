#include "password_policy.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "password_hash.hpp"

namespace auth_local {

namespace {

constexpr std::string_view kCommon[] = {
#include "common_passwords.inc"
};

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Counts UTF-8 code points: every byte that is not a continuation byte (10xxxxxx) starts one.
std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

bool is_common_password(std::string_view password) {
  const std::string lowered = ascii_lower(password);
  return std::find(std::begin(kCommon), std::end(kCommon), lowered) != std::end(kCommon);
}

std::optional<std::string> check_password_policy(std::string_view password, std::string_view email,
                                                 const PasswordPolicy& policy) {
  if (password.size() > kMaxPasswordBytes) {
    return "Choose a shorter password: at most " + std::to_string(kMaxPasswordBytes) + " bytes are accepted.";
  }
  if (code_points(password) < policy.min_length) {
    return "Choose a longer password: at least " + std::to_string(policy.min_length) +
           " characters (a few unrelated words make a long one easy to remember).";
  }
  const std::string pw = ascii_lower(trim(password));
  const std::string mail = ascii_lower(trim(email));
  const std::string local_part = mail.substr(0, mail.find('@'));
  if (!mail.empty() && (pw == mail || pw == local_part)) {
    return "Choose a password that is not your email address or user name.";
  }
  if (std::all_of(password.begin(), password.end(), [&](char c) { return c == password.front(); })) {
    return "Choose a password that is not one character repeated.";
  }
  if (is_common_password(password)) {
    return "Choose a less common password: this one is among the first that attackers try.";
  }
  return std::nullopt;
}

}  // namespace auth_local
