#pragma once
// auth-local's settings (plugin.yaml documents each), read and checked once at start.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "login_throttle.hpp"
#include "password_hash.hpp"
#include "password_policy.hpp"

namespace auth_local {

struct Settings {
  Argon2Params argon2;
  PasswordPolicy policy;
  ThrottleSettings throttle;
  std::int64_t reset_minutes = 60;
  std::string reset_url = "http://localhost:8080/reset-password?token={token}";
  bool self_registration = false;
  std::int64_t registration_minutes = 24 * 60;  // how long a registration's confirmation link works
  std::string registration_url = "http://localhost:8080/register/confirm?token={token}";
  bool demo_passwords = false;

  // Throws helpdesk::Error 400 "invalid_settings" naming the setting that is wrong.
  static Settings from_json(const nlohmann::json& settings);
};

}  // namespace auth_local
