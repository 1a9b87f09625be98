#pragma once
// What a new password must satisfy before it is hashed: long enough, not the account's email,
// not one of the passwords attackers try first. Checked when a password is set or reset, never
// at login (an old password that predates the policy still logs in).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace auth_local {

struct PasswordPolicy {
  std::size_t min_length = 12;  // in characters (UTF-8 code points), not bytes
};

// nullopt when `password` is acceptable for the account `email`; otherwise a message for the
// person choosing it that says what to do. Also refuses passwords over kMaxPasswordBytes.
std::optional<std::string> check_password_policy(std::string_view password, std::string_view email,
                                                 const PasswordPolicy& policy = {});

// Whether `password` is in the embedded list of most common passwords (ASCII case-insensitive).
bool is_common_password(std::string_view password);

}  // namespace auth_local
