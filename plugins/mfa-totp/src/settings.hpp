#pragma once
// mfa-totp's settings (plugin.yaml documents each), read and checked once at start.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace mfa_totp {

struct Settings {
  std::string issuer = "Helpdesk";  // shown in the authenticator app
  int window = 1;                   // steps accepted either side of now
  int max_failures = 5;             // wrong codes in a row that lock the second factor …
  std::int64_t lockout_seconds = 15 * 60;  // … for this long
  std::string encryption_key;  // 32 bytes (64 hex characters in the setting); empty: secrets in clear

  // Throws helpdesk::Error 400 "invalid_settings" naming the setting that is wrong.
  static Settings from_json(const nlohmann::json& settings);
};

}  // namespace mfa_totp
