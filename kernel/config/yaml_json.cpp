#include "kernel/config/yaml_json.hpp"

#include <charconv>
#include <cmath>
#include <regex>

namespace helpdesk::kernel::config_detail {
namespace {

// YAML 1.2 core schema floats; plain digits are integers, not floats.
bool is_float_literal(const std::string& text) {
  static const std::regex pattern(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  return text.find_first_of(".eE") != std::string::npos && std::regex_match(text, pattern);
}

}  // namespace

nlohmann::json plain_scalar_to_json(const std::string& text) {
  if (const auto b = parse_bool_literal(text)) return *b;
  if (const auto i = parse_integer_literal(text)) return *i;
  if (is_float_literal(text)) {
    const char* begin = text.data() + (text.front() == '+' ? 1 : 0);
    double value = 0;
    const auto [end, error] = std::from_chars(begin, text.data() + text.size(), value);
    if (error == std::errc() && end == text.data() + text.size() && std::isfinite(value)) {
      return value;
    }
  }
  return text;  // e.g. an integer too large for 64 bits stays exact as text
}

nlohmann::json yaml_to_json(Walk& walk, const YAML::Node& node, const std::string& path, int line) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      nlohmann::json object = nlohmann::json::object();
      if (auto entries = map_entries(walk, node, path, line)) {
        for (const auto& entry : *entries) {
          const std::string child = join_path(path, entry.key);
          walk.remember(child, entry.line);
          object[entry.key] = yaml_to_json(walk, entry.value, child, entry.line);
        }
      }
      return object;
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json array = nlohmann::json::array();
      for_each_item(walk, node, path, line,
                    [&](const YAML::Node& item, const std::string& item_path, int item_line) {
                      array.push_back(yaml_to_json(walk, item, item_path, item_line));
                    });
      return array;
    }
    case YAML::NodeType::Scalar: {
      const std::optional<std::string> text = walk.expand(node.Scalar(), path, line);
      if (!text) return nullptr;
      // "?" is yaml-cpp's tag for a plain scalar; quoted ones get "!", explicit tags their own
      // (!!int, !!float and !!bool still ask for a typed value; !!str and the rest for text).
      const std::string& tag = node.Tag();
      if (tag == "?" || tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float" ||
          tag == "tag:yaml.org,2002:bool") {
        return plain_scalar_to_json(*text);
      }
      return *text;
    }
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      break;
  }
  return nullptr;
}

}  // namespace helpdesk::kernel::config_detail
