#pragma once
// The settings both directions share (plugin.yaml, "shared"). Inbound and outbound settings are
// read by inbound_settings.cpp and outbound_settings.cpp.
#include <string>

#include <nlohmann/json.hpp>

namespace intake_email {

struct CommonSettings {
  std::string instance_id = "helpdesk";
  std::string secret;                  // may be empty: see resolve_secret()
  std::string message_id_domain = "helpdesk.invalid";
  std::string subject_token = "[#{number}]";

  // Throws std::invalid_argument naming the setting when a value is unusable.
  static CommonSettings from_json(const nlohmann::json& settings);
  // The subject token for a ticket ("[#000123]").
  std::string token_for(const std::string& number) const;
};

}  // namespace intake_email
