#pragma once
// The plugin's settings (plugin.yaml), read once at start.
#include <cstddef>

#include <nlohmann/json.hpp>

namespace intake_api {

struct Settings {
  std::size_t max_attachments = 20;
  std::size_t max_message_bytes = 1024 * 1024;
  bool log_unknown_fields = true;

  // Reads the instance's settings; absent keys keep their defaults (the kernel fills them in from
  // plugin.yaml, the fake host does not). Throws helpdesk::Error 400 "invalid_setting" naming a key
  // with the wrong type or an out-of-range value.
  static Settings from_json(const nlohmann::json& settings);
};

}  // namespace intake_api
