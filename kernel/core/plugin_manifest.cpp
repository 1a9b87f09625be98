#include "kernel/core/plugin_manifest.hpp"

#include <set>
#include <stdexcept>

#include <yaml-cpp/yaml.h>

namespace helpdesk::kernel {
namespace {

const std::set<std::string> setting_types = {"string", "int", "number", "bool", "list", "map"};

[[noreturn]] void fail(const std::filesystem::path& file, const YAML::Node& node, const std::string& message) {
  const int line = node && node.Mark().line >= 0 ? node.Mark().line + 1 : 0;
  throw std::runtime_error(file.string() + ":" + std::to_string(line) + ": " + message);
}

std::string scalar(const std::filesystem::path& file, const YAML::Node& map, const char* key, bool required) {
  const auto node = map[key];
  if (!node) {
    if (required) fail(file, map, std::string("missing '") + key + "'");
    return {};
  }
  if (!node.IsScalar()) fail(file, node, std::string("'") + key + "' must be a string");
  return node.Scalar();
}

nlohmann::json to_json(const YAML::Node& node) {
  if (node.IsSequence()) {
    auto out = nlohmann::json::array();
    for (const auto& item : node) out.push_back(to_json(item));
    return out;
  }
  if (node.IsMap()) {
    auto out = nlohmann::json::object();
    for (const auto& kv : node) out[kv.first.Scalar()] = to_json(kv.second);
    return out;
  }
  if (!node.IsScalar()) return nullptr;
  const auto& s = node.Scalar();
  if (node.Tag() == "!") return s;  // quoted: a string whatever it looks like
  bool b;
  if (YAML::convert<bool>::decode(node, b) && (s == "true" || s == "false")) return b;
  long long i;
  if (YAML::convert<long long>::decode(node, i)) return i;
  double d;
  if (YAML::convert<double>::decode(node, d)) return d;
  return s;
}

bool has_type(const nlohmann::json& value, const std::string& type) {
  if (type == "string") return value.is_string();
  if (type == "int") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "bool") return value.is_boolean();
  if (type == "list") return value.is_array();
  if (type == "map") return value.is_object();
  return false;
}

}  // namespace

PluginManifest load_manifest(const std::filesystem::path& file) {
  if (!std::filesystem::exists(file)) throw std::runtime_error(file.string() + ": manifest not found");
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::Exception& e) {
    throw std::runtime_error(file.string() + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  if (!root.IsMap()) fail(file, root, "the manifest must be a map");
  static const std::set<std::string> known = {"name", "version", "description", "status", "requires", "settings"};
  for (const auto& kv : root)
    if (!known.count(kv.first.Scalar())) fail(file, kv.first, "unknown key '" + kv.first.Scalar() + "'");

  PluginManifest m;
  m.file = file;
  m.name = scalar(file, root, "name", true);
  m.version = scalar(file, root, "version", true);
  m.description = scalar(file, root, "description", false);
  if (auto s = scalar(file, root, "status", false); !s.empty()) m.status = s;
  if (m.status != "stable" && m.status != "beta" && m.status != "alpha")
    fail(file, root["status"], "status must be stable, beta or alpha");
  if (const auto req = root["requires"]) {
    if (!req.IsSequence()) fail(file, req, "'requires' must be a list of plugin names");
    for (const auto& r : req) m.requires_plugins.push_back(r.Scalar());
  }
  if (const auto settings = root["settings"]) {
    if (!settings.IsSequence()) fail(file, settings, "'settings' must be a list");
    for (const auto& s : settings) {
      if (!s.IsMap()) fail(file, s, "each setting must be a map with key, type, default, help");
      for (const auto& kv : s)
        if (kv.first.Scalar() != "key" && kv.first.Scalar() != "type" && kv.first.Scalar() != "default" &&
            kv.first.Scalar() != "required" && kv.first.Scalar() != "help")
          fail(file, kv.first, "unknown setting field '" + kv.first.Scalar() + "'");
      SettingSpec spec;
      spec.key = scalar(file, s, "key", true);
      spec.type = scalar(file, s, "type", true);
      if (!setting_types.count(spec.type))
        fail(file, s["type"], "setting '" + spec.key + "': type must be string, int, number, bool, list or map");
      spec.help = scalar(file, s, "help", false);
      spec.required = scalar(file, s, "required", false) == "true";
      if (s["default"]) {
        spec.default_value = to_json(s["default"]);
        if (spec.type == "string" && !spec.default_value.is_string()) spec.default_value = s["default"].Scalar();
        if (!has_type(spec.default_value, spec.type))
          fail(file, s["default"], "setting '" + spec.key + "': default is not of type " + spec.type);
      }
      m.settings.push_back(std::move(spec));
    }
  }
  return m;
}

nlohmann::json resolve_settings(const PluginManifest& manifest, const PluginConfig& entry,
                                const std::string& config_file, std::size_t index) {
  std::string problems;
  const std::string where_prefix = "plugins[" + std::to_string(index) + "].config.";
  auto line_of = [&](const std::string& key) {
    auto it = entry.config_lines.find(key);
    return it != entry.config_lines.end() ? it->second : entry.line;
  };
  auto problem = [&](const std::string& key, const std::string& message) {
    problems += (problems.empty() ? "" : "\n") + config_file + ":" + std::to_string(line_of(key)) + ": " +
                where_prefix + key + ": " + message;
  };

  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, value] : entry.config.items()) {
    const auto spec = std::find_if(manifest.settings.begin(), manifest.settings.end(),
                                   [&](const SettingSpec& s) { return s.key == key; });
    if (spec == manifest.settings.end()) {
      std::string known;
      for (const auto& s : manifest.settings) known += (known.empty() ? "" : ", ") + s.key;
      problem(key, "unknown setting of plugin '" + manifest.name + "'" +
                       (known.empty() ? " (it has none)" : " (known: " + known + ")"));
      continue;
    }
    nlohmann::json v = value;
    if (spec->type == "number" && v.is_number_integer()) v = v.get<double>();
    if (spec->type == "string" && (v.is_number() || v.is_boolean())) v = v.dump();
    if (!has_type(v, spec->type)) {
      problem(key, "must be of type " + spec->type);
      continue;
    }
    out[key] = v;
  }
  for (const auto& spec : manifest.settings) {
    if (out.contains(spec.key)) continue;
    if (spec.required)
      problem(spec.key, "required setting is missing");
    else if (!spec.default_value.is_null())
      out[spec.key] = spec.default_value;
  }
  if (!problems.empty()) throw std::runtime_error(problems);
  return out;
}

}  // namespace helpdesk::kernel
