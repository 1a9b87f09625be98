#pragma once
// Walking a yaml-cpp tree with checks: every map's keys against the known ones (unknown and
// duplicate keys become issues with a "did you mean"), every scalar's type, ${ENV} expansion,
// and where each dotted key path was found, so later cross-checks can point at a line.
// yaml-cpp's own lookup (node["x"]) silently takes the first of two equal keys, so maps are
// read here only by iterating their pairs.
#include <yaml-cpp/yaml.h>

#include <climits>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kernel/config/config.hpp"
#include "kernel/config/env_expand.hpp"

namespace helpdesk::kernel::config_detail {

int line_of(const YAML::Node& node);  // 1-based; 0 when yaml-cpp has no mark
std::string join_path(std::string_view parent, std::string_view key);  // "a" + "b" -> "a.b"
std::string index_path(std::string_view parent, std::size_t index);    // "a" + 2 -> "a[2]"
std::string describe(const YAML::Node& node);  // "a map", "a list", "null", "'text'"

// The state of one load: the issues found so far and the line of every key path seen.
class Walk {
 public:
  Walk(std::string file, EnvLookup env);

  void issue(int line, std::string key, std::string message);
  const std::vector<ConfigIssue>& issues() const { return issues_; }
  std::vector<ConfigIssue> take_issues() { return std::move(issues_); }
  const std::string& file() const { return file_; }

  void remember(const std::string& path, int line);
  // The line recorded for `path`, else for its nearest recorded parent ("a[1].b" -> "a[1]" ->
  // "a" -> "", the document), else 0.
  int line_for(std::string_view path) const;
  // Whether `path` itself was seen in the document.
  bool has_line(const std::string& path) const { return lines_.count(path) != 0; }

  // ${ENV} expansion of a scalar; problems become issues at `line` and give nullopt.
  std::optional<std::string> expand(const std::string& raw, const std::string& path, int line);

 private:
  std::string file_;
  EnvLookup env_;
  std::vector<ConfigIssue> issues_;
  std::unordered_map<std::string, int> lines_;
};

// Typed scalars: a wrong type or range becomes an issue at `line` under `path`, and nullopt.
// Quoted scalars are accepted where a number or boolean is expected ("${PORT}" expands to text).
std::optional<std::string> read_string(Walk& walk, const YAML::Node& node, const std::string& path,
                                       int line);
std::optional<std::int64_t> read_integer(Walk& walk, const YAML::Node& node,
                                         const std::string& path, int line, std::int64_t min,
                                         std::int64_t max);
std::optional<bool> read_bool(Walk& walk, const YAML::Node& node, const std::string& path,
                              int line);

// The YAML 1.2 core schema's booleans (true/True/TRUE, false/False/FALSE); not yes/no/on/off.
std::optional<bool> parse_bool_literal(std::string_view text);
// YAML 1.2 core schema integers: decimal, 0x hex or 0o octal, with an optional sign; nullopt
// when not one or out of int64 range.
std::optional<std::int64_t> parse_integer_literal(std::string_view text);

struct MapEntry {
  std::string key;
  YAML::Node value;
  int line = 0;  // of the key
};

// The pairs of a map in document order. Duplicate keys are reported (the first one wins, as in
// yaml-cpp) and so are keys that are not scalars. Null is an empty map; any other non-map is an
// issue and gives nullopt.
std::optional<std::vector<MapEntry>> map_entries(Walk& walk, const YAML::Node& node,
                                                 const std::string& path, int line);

using ItemFn = std::function<void(const YAML::Node& item, const std::string& item_path, int line)>;
// Calls `fn` for each element of a list. Null is an empty list; a non-list is an issue.
void for_each_item(Walk& walk, const YAML::Node& node, const std::string& path, int line,
                   const ItemFn& fn);

// A map whose keys are checked against `known` when it is built.
class MapView {
 public:
  MapView(Walk& walk, const YAML::Node& node, std::string path, int line,
          std::vector<std::string> known);

  bool valid() const { return valid_; }
  Walk& walk() const { return walk_; }
  const std::string& path() const { return path_; }
  int line() const { return line_; }
  std::string path_of(std::string_view key) const { return join_path(path_, key); }
  const MapEntry* find(std::string_view key) const;
  bool has(std::string_view key) const { return find(key) != nullptr; }

  // Reports "missing required key 'KEY'" at the map's line.
  void missing(std::string_view key) const;

  // Each reader leaves `out` unchanged when the key is absent or its value is invalid, and
  // returns true only when it stored a value. `required` reports an absent key.
  bool get(std::string_view key, std::string& out, bool required = false) const;
  bool get(std::string_view key, int& out, int min = INT_MIN, int max = INT_MAX) const;
  bool get(std::string_view key, std::optional<int>& out, int min = INT_MIN,
           int max = INT_MAX) const;
  bool get(std::string_view key, std::uint64_t& out, std::uint64_t min = 0) const;
  bool get(std::string_view key, bool& out) const;
  bool get(std::string_view key, std::vector<std::string>& out) const;

  // for_each_item on the value of `key` when present.
  void each(std::string_view key, const ItemFn& fn) const;

 private:
  Walk& walk_;
  std::string path_;
  int line_;
  bool valid_ = false;
  std::vector<MapEntry> entries_;
};

}  // namespace helpdesk::kernel::config_detail
