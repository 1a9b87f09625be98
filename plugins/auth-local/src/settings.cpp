#include "settings.hpp"

#include <helpdesk/error.hpp>

namespace auth_local {
namespace {

[[noreturn]] void invalid(const std::string& message) {
  throw helpdesk::Error(400, "invalid_settings", "auth-local: " + message);
}

std::int64_t integer(const nlohmann::json& s, const char* key, std::int64_t fallback, std::int64_t min) {
  if (!s.contains(key) || s.at(key).is_null()) return fallback;
  const auto& v = s.at(key);
  if (!v.is_number_integer() || v.get<std::int64_t>() < min)
    invalid(std::string("setting ") + key + " must be an integer >= " + std::to_string(min));
  return v.get<std::int64_t>();
}

bool boolean(const nlohmann::json& s, const char* key, bool fallback) {
  if (!s.contains(key) || s.at(key).is_null()) return fallback;
  if (!s.at(key).is_boolean()) invalid(std::string("setting ") + key + " must be true or false");
  return s.at(key).get<bool>();
}

// A link template setting: text with {token} where the link's token goes.
void link_url(const nlohmann::json& s, const char* key, std::string& out) {
  if (s.contains(key) && !s.at(key).is_null()) {
    if (!s.at(key).is_string()) invalid(std::string("setting ") + key + " must be text");
    out = s.at(key).get<std::string>();
  }
  if (out.find("{token}") == std::string::npos)
    invalid(std::string("setting ") + key + " must contain {token} (where the link's token goes)");
}

}  // namespace

Settings Settings::from_json(const nlohmann::json& s) {
  Settings out;
  if (!s.is_object()) return out;
  out.argon2.ops_limit = static_cast<std::uint64_t>(integer(s, "argon2_ops", 2, 1));
  out.argon2.mem_limit_bytes = static_cast<std::size_t>(integer(s, "argon2_mem_kib", 65536, 8)) * 1024;
  try {
    validate_argon2_params(out.argon2);
  } catch (const std::invalid_argument& e) {
    invalid(std::string("argon2_ops/argon2_mem_kib: ") + e.what());
  }
  out.policy.min_length = static_cast<std::size_t>(integer(s, "min_password_length", 12, 8));
  out.throttle.max_failures_per_account = static_cast<int>(integer(s, "lockout_account_failures", 5, 1));
  out.throttle.max_failures_per_address = static_cast<int>(integer(s, "lockout_address_failures", 20, 1));
  out.throttle.window_seconds = integer(s, "lockout_window_minutes", 15, 1) * 60;
  out.throttle.lockout_seconds = integer(s, "lockout_minutes", 15, 1) * 60;
  out.reset_minutes = integer(s, "reset_minutes", 60, 1);
  link_url(s, "reset_url", out.reset_url);
  out.registration_minutes = integer(s, "registration_minutes", 24 * 60, 1);
  link_url(s, "registration_url", out.registration_url);
  out.self_registration = boolean(s, "self_registration", false);
  out.demo_passwords = boolean(s, "demo_passwords", false);
  return out;
}

}  // namespace auth_local
