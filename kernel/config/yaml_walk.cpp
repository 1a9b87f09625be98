#include "kernel/config/yaml_walk.hpp"

#include <algorithm>
#include <charconv>

#include "kernel/config/did_you_mean.hpp"

namespace helpdesk::kernel::config_detail {
namespace {

// Bounds at the edge of the int range only guard against overflow and are not worth naming
// unless they are what was broken.
std::string range_message(std::int64_t min, std::int64_t max, std::int64_t value) {
  const bool has_min = min > INT_MIN;
  const bool has_max = max < INT_MAX;
  std::string text;
  if (has_min && has_max) {
    text = "must be between " + std::to_string(min) + " and " + std::to_string(max);
  } else if (value < min) {
    text = min == 1 ? "must be positive" : "must be at least " + std::to_string(min);
  } else {
    text = "must be at most " + std::to_string(max);
  }
  return text + ", got " + std::to_string(value);
}

}  // namespace

int line_of(const YAML::Node& node) {
  if (!node.IsDefined()) return 0;
  const YAML::Mark mark = node.Mark();
  return mark.line < 0 ? 0 : mark.line + 1;
}

std::string join_path(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  std::string path(parent);
  path += '.';
  path += key;
  return path;
}

std::string index_path(std::string_view parent, std::size_t index) {
  return std::string(parent) + "[" + std::to_string(index) + "]";
}

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Null:
      return "null";
    case YAML::NodeType::Scalar: {
      std::string text = node.Scalar();
      if (text.size() > 40) text = text.substr(0, 37) + "...";
      return "'" + text + "'";
    }
    case YAML::NodeType::Undefined:
      break;
  }
  return "nothing";
}

Walk::Walk(std::string file, EnvLookup env) : file_(std::move(file)), env_(std::move(env)) {}

void Walk::issue(int line, std::string key, std::string message) {
  issues_.push_back(ConfigIssue{file_, line, std::move(key), std::move(message)});
}

void Walk::remember(const std::string& path, int line) {
  if (line > 0) lines_.emplace(path, line);
}

int Walk::line_for(std::string_view path) const {
  std::string p(path);
  while (true) {
    if (auto it = lines_.find(p); it != lines_.end()) return it->second;
    if (p.empty()) return 0;
    const std::size_t cut = p.find_last_of(".[");
    p.resize(cut == std::string::npos ? 0 : cut);
  }
}

std::optional<std::string> Walk::expand(const std::string& raw, const std::string& path, int line) {
  if (raw.find('$') == std::string::npos) return raw;
  Expanded expanded = expand_env(raw, env_);
  for (auto& error : expanded.errors) issue(line, path, std::move(error));
  if (!expanded.errors.empty()) return std::nullopt;
  return std::move(expanded.value);
}

std::optional<bool> parse_bool_literal(std::string_view text) {
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  return std::nullopt;
}

std::optional<std::int64_t> parse_integer_literal(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'o')) {
    base = text[1] == 'x' ? 16 : 8;
    text.remove_prefix(2);
  }
  if (text.empty()) return std::nullopt;
  std::uint64_t magnitude = 0;
  const auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), magnitude, base);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (negative) {
    if (magnitude > static_cast<std::uint64_t>(INT64_MAX) + 1) return std::nullopt;
    return static_cast<std::int64_t>(0 - magnitude);
  }
  if (magnitude > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
  return static_cast<std::int64_t>(magnitude);
}

std::optional<std::string> read_string(Walk& walk, const YAML::Node& node, const std::string& path,
                                       int line) {
  if (node.IsNull()) return std::string();
  if (!node.IsScalar()) {
    walk.issue(line, path, "expected a string, got " + describe(node));
    return std::nullopt;
  }
  return walk.expand(node.Scalar(), path, line);
}

std::optional<std::int64_t> read_integer(Walk& walk, const YAML::Node& node,
                                         const std::string& path, int line, std::int64_t min,
                                         std::int64_t max) {
  if (!node.IsScalar()) {
    walk.issue(line, path, "expected an integer, got " + describe(node));
    return std::nullopt;
  }
  const std::optional<std::string> text = walk.expand(node.Scalar(), path, line);
  if (!text) return std::nullopt;
  const std::optional<std::int64_t> value = parse_integer_literal(*text);
  if (!value) {
    walk.issue(line, path, "expected an integer, got '" + *text + "'");
    return std::nullopt;
  }
  if (*value < min || *value > max) {
    walk.issue(line, path, range_message(min, max, *value));
    return std::nullopt;
  }
  return value;
}

std::optional<bool> read_bool(Walk& walk, const YAML::Node& node, const std::string& path,
                              int line) {
  if (!node.IsScalar()) {
    walk.issue(line, path, "expected a boolean (true or false), got " + describe(node));
    return std::nullopt;
  }
  const std::optional<std::string> text = walk.expand(node.Scalar(), path, line);
  if (!text) return std::nullopt;
  const std::optional<bool> value = parse_bool_literal(*text);
  if (!value) walk.issue(line, path, "expected a boolean (true or false), got '" + *text + "'");
  return value;
}

std::optional<std::vector<MapEntry>> map_entries(Walk& walk, const YAML::Node& node,
                                                 const std::string& path, int line) {
  std::vector<MapEntry> entries;
  if (node.IsNull()) return entries;
  if (!node.IsMap()) {
    walk.issue(line, path, "expected a map, got " + describe(node));
    return std::nullopt;
  }
  std::unordered_map<std::string, int> first_line;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node key = it->first;  // a copy: it-> returns a temporary proxy
    const int key_line = line_of(key);
    if (!key.IsScalar()) {
      walk.issue(key_line, path, "map keys must be strings, got " + describe(key));
      continue;
    }
    const std::string& name = key.Scalar();
    const auto [seen, inserted] = first_line.emplace(name, key_line);
    if (!inserted) {
      walk.issue(
          key_line, join_path(path, name),
          "duplicate key '" + name + "' (first at line " + std::to_string(seen->second) + ")");
      continue;
    }
    entries.push_back(MapEntry{name, it->second, key_line});
  }
  return entries;
}

void for_each_item(Walk& walk, const YAML::Node& node, const std::string& path, int line,
                   const ItemFn& fn) {
  if (node.IsNull()) return;
  if (!node.IsSequence()) {
    walk.issue(line, path, "expected a list, got " + describe(node));
    return;
  }
  std::size_t index = 0;
  for (const YAML::Node& item : node) {
    const std::string item_path = index_path(path, index++);
    const int item_line = line_of(item) > 0 ? line_of(item) : line;
    walk.remember(item_path, item_line);
    fn(item, item_path, item_line);
  }
}

MapView::MapView(Walk& walk, const YAML::Node& node, std::string path, int line,
                 std::vector<std::string> known)
    : walk_(walk), path_(std::move(path)), line_(line) {
  walk_.remember(path_, line_);
  auto entries = map_entries(walk_, node, path_, line_);
  if (!entries) return;
  valid_ = true;
  for (auto& entry : *entries) {
    if (std::find(known.begin(), known.end(), entry.key) == known.end()) {
      walk_.issue(entry.line, path_of(entry.key),
                  "unknown key '" + entry.key + "'" + did_you_mean(entry.key, known));
      continue;
    }
    walk_.remember(path_of(entry.key), entry.line);
    entries_.push_back(std::move(entry));
  }
}

const MapEntry* MapView::find(std::string_view key) const {
  for (const auto& entry : entries_) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

void MapView::missing(std::string_view key) const {
  walk_.issue(line_, path_of(key), "missing required key '" + std::string(key) + "'");
}

bool MapView::get(std::string_view key, std::string& out, bool required) const {
  const MapEntry* entry = find(key);
  if (entry == nullptr) {
    if (required && valid_) missing(key);
    return false;
  }
  auto value = read_string(walk_, entry->value, path_of(key), entry->line);
  if (!value) return false;
  if (required && value->empty()) {
    walk_.issue(entry->line, path_of(key), "must not be empty");
    return false;
  }
  out = std::move(*value);
  return true;
}

bool MapView::get(std::string_view key, int& out, int min, int max) const {
  std::optional<int> value;
  if (!get(key, value, min, max)) return false;
  out = *value;
  return true;
}

bool MapView::get(std::string_view key, std::optional<int>& out, int min, int max) const {
  const MapEntry* entry = find(key);
  if (entry == nullptr) return false;
  const auto value = read_integer(walk_, entry->value, path_of(key), entry->line, min, max);
  if (!value) return false;
  out = static_cast<int>(*value);
  return true;
}

bool MapView::get(std::string_view key, std::uint64_t& out, std::uint64_t min) const {
  const MapEntry* entry = find(key);
  if (entry == nullptr) return false;
  const auto value = read_integer(walk_, entry->value, path_of(key), entry->line,
                                  static_cast<std::int64_t>(min), INT64_MAX);
  if (!value) return false;
  out = static_cast<std::uint64_t>(*value);
  return true;
}

bool MapView::get(std::string_view key, bool& out) const {
  const MapEntry* entry = find(key);
  if (entry == nullptr) return false;
  const auto value = read_bool(walk_, entry->value, path_of(key), entry->line);
  if (!value) return false;
  out = *value;
  return true;
}

bool MapView::get(std::string_view key, std::vector<std::string>& out) const {
  const MapEntry* entry = find(key);
  if (entry == nullptr) return false;
  std::vector<std::string> values;
  bool ok = true;
  for_each_item(walk_, entry->value, path_of(key), entry->line,
                [&](const YAML::Node& item, const std::string& item_path, int line) {
                  auto value = read_string(walk_, item, item_path, line);
                  if (value) {
                    values.push_back(std::move(*value));
                  } else {
                    ok = false;
                  }
                });
  if (!entry->value.IsNull() && !entry->value.IsSequence()) return false;
  out = std::move(values);
  return ok;
}

void MapView::each(std::string_view key, const ItemFn& fn) const {
  const MapEntry* entry = find(key);
  if (entry != nullptr) for_each_item(walk_, entry->value, path_of(key), entry->line, fn);
}

}  // namespace helpdesk::kernel::config_detail
