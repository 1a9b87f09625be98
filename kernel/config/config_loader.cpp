// load_config: read the file, parse YAML, walk every section, cross-check, and throw one
// ConfigError listing every problem found.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "kernel/config/config_sections.hpp"

namespace helpdesk::kernel {
namespace {

using namespace config_detail;

[[noreturn]] void fail(const std::string& file, int line, std::string message) {
  throw ConfigError({ConfigIssue{file, line, "", std::move(message)}});
}

std::string read_file(const std::filesystem::path& file, const std::string& label) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) fail(label, 0, "cannot read: is a directory");
  std::ifstream in(file, std::ios::binary);
  if (!in) fail(label, 0, std::string("cannot read: ") + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

YAML::Node parse_document(const std::string& text, const std::string& label) {
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(text);
  } catch (const YAML::ParserException& e) {
    // An error found at the end of input is marked on the line after the last one.
    const int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) +
                      (text.empty() || text.back() == '\n' ? 0 : 1);
    const int line = e.mark.line < 0 ? 0 : std::min(e.mark.line + 1, std::max(lines, 1));
    fail(label, line, "YAML syntax error: " + e.msg);
  }
  if (documents.size() > 1) {
    fail(label, line_of(documents[1]), "only one YAML document is allowed in a config file");
  }
  return documents.empty() ? YAML::Node(YAML::NodeType::Null) : documents.front();
}

}  // namespace

Config load_config(const std::filesystem::path& file) {
  const std::string label = file.string();
  const YAML::Node document = parse_document(read_file(file, label), label);

  Config config;
  config.file = std::filesystem::absolute(file).lexically_normal();
  Walk walk(label, process_env);
  const MapView root(walk, document, "", std::max(1, line_of(document)), top_level_keys());
  if (root.valid()) {
    read_server(root, config.server);
    read_storage(root, config.storage);
    read_tickets(root, config.tickets);
    root.get("demo", config.demo);
    read_plugins(root, config.file.parent_path(), config);
    read_catalog(root, config);
    read_credentials(root, config);
    read_rules(root, config.file.parent_path(), config);
    check_references(walk, config);
  }
  std::vector<ConfigIssue> issues = walk.take_issues();
  if (!issues.empty()) {
    std::stable_sort(issues.begin(), issues.end(),
                     [](const ConfigIssue& a, const ConfigIssue& b) { return a.line < b.line; });
    throw ConfigError(std::move(issues));
  }
  return config;
}

}  // namespace helpdesk::kernel
