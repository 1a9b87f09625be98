#pragma once
// A free-form YAML block (a plugin's `config:`) as JSON, checked later against the plugin's
// declared settings. Scalars keep the type YAML gives them when written plain: true/false ->
// bool, 42 -> integer, 1.5 -> double, null/~/empty -> null; a quoted or tagged scalar is always
// a string. ${ENV} is expanded first, so `port: ${PORT:-8080}` is the integer 8080.
#include <nlohmann/json.hpp>

#include "kernel/config/yaml_walk.hpp"

namespace helpdesk::kernel::config_detail {

nlohmann::json yaml_to_json(Walk& walk, const YAML::Node& node, const std::string& path, int line);

// A plain scalar's JSON value (bool, integer, double), or a string.
nlohmann::json plain_scalar_to_json(const std::string& text);

}  // namespace helpdesk::kernel::config_detail
