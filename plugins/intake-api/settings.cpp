#include "settings.hpp"

#include <helpdesk/error.hpp>

namespace intake_api {

namespace {

std::size_t read_size(const nlohmann::json& s, const char* key, std::size_t fallback, std::size_t min) {
  if (!s.contains(key) || s.at(key).is_null()) return fallback;
  const auto& v = s.at(key);
  if (!v.is_number_integer() || v.get<long long>() < static_cast<long long>(min))
    throw helpdesk::bad_request(std::string("setting ") + key + " must be an integer >= " + std::to_string(min),
                                "invalid_setting");
  return v.get<std::size_t>();
}

}  // namespace

Settings Settings::from_json(const nlohmann::json& s) {
  Settings out;
  if (!s.is_object()) return out;
  out.max_attachments = read_size(s, "max_attachments", out.max_attachments, 0);
  out.max_message_bytes = read_size(s, "max_message_bytes", out.max_message_bytes, 1);
  if (s.contains("log_unknown_fields") && !s.at("log_unknown_fields").is_null()) {
    if (!s.at("log_unknown_fields").is_boolean())
      throw helpdesk::bad_request("setting log_unknown_fields must be true or false", "invalid_setting");
    out.log_unknown_fields = s.at("log_unknown_fields").get<bool>();
  }
  return out;
}

}  // namespace intake_api
