#include "settings.hpp"

#include <helpdesk/error.hpp>

#include "crypto_util.hpp"

namespace mfa_totp {
namespace {

[[noreturn]] void invalid(const std::string& message) {
  throw helpdesk::Error(400, "invalid_settings", "mfa-totp: " + message);
}

std::int64_t integer(const nlohmann::json& s, const char* key, std::int64_t fallback, std::int64_t min, std::int64_t max) {
  if (!s.contains(key) || s.at(key).is_null()) return fallback;
  const auto& v = s.at(key);
  if (!v.is_number_integer() || v.get<std::int64_t>() < min || v.get<std::int64_t>() > max)
    invalid(std::string("setting ") + key + " must be an integer from " + std::to_string(min) + " to " +
            std::to_string(max));
  return v.get<std::int64_t>();
}

}  // namespace

Settings Settings::from_json(const nlohmann::json& s) {
  Settings out;
  if (!s.is_object()) return out;
  if (s.contains("issuer") && !s.at("issuer").is_null()) {
    if (!s.at("issuer").is_string() || s.at("issuer").get<std::string>().empty())
      invalid("setting issuer must be non-empty text");
    out.issuer = s.at("issuer").get<std::string>();
    if (out.issuer.find(':') != std::string::npos) invalid("setting issuer must not contain ':' (the label separator)");
  }
  out.window = static_cast<int>(integer(s, "window", 1, 0, 3));
  out.max_failures = static_cast<int>(integer(s, "max_failures", 5, 1, 100));
  out.lockout_seconds = integer(s, "lockout_minutes", 15, 1, 24 * 60) * 60;
  if (s.contains("encryption_key") && !s.at("encryption_key").is_null()) {
    const auto& key = s.at("encryption_key");
    const std::string text = key.is_string() ? key.get<std::string>() : std::string("?");
    if (!text.empty()) {  // "" (an unset ${VARIABLE:-}) means none
      try {
        out.encryption_key = from_hex(text);
      } catch (const std::invalid_argument&) {
      }
      if (out.encryption_key.size() != 32)
        invalid("setting encryption_key must be 64 hex characters (32 bytes), e.g. from `openssl rand -hex 32`");
    }
  }
  return out;
}

}  // namespace mfa_totp
