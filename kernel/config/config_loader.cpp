// load_config: read the file, parse YAML, walk every section, cross-check, and throw one
// ConfigError listing every problem found.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

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

// Records where each document starts and where its root node is (the line messages name);
// the nodes themselves are built by YAML::Load afterwards.
class DocumentStarts : public YAML::EventHandler {
 public:
  std::vector<YAML::Mark> starts, roots;
  void OnDocumentStart(const YAML::Mark& mark) override { starts.push_back(mark); }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string&) override {
    node(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    node(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {
    node(mark);
  }
  void OnMapEnd() override {}

 private:
  void node(const YAML::Mark& mark) {
    if (roots.size() < starts.size()) roots.push_back(mark);
  }
};

// Counts the documents without YAML::LoadAll: on a token no rule accepts (a lone ',', say)
// yaml-cpp 0.7's parser reports an empty document without consuming the token, forever, and
// LoadAll collects them until memory runs out (yaml-cpp issue #1040; found by fuzzing, seed
// tests/fuzz/corpus/config_yaml/regression_lone_comma.yaml). A document that starts where the
// previous one started is that case.
void check_documents(const std::string& text, const std::string& label) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  DocumentStarts documents;
  while (parser.HandleNextDocument(documents)) {
    const auto& starts = documents.starts;
    if (starts.size() > 1 && starts.back().pos <= starts[starts.size() - 2].pos) {
      const auto at = static_cast<std::size_t>(std::max(starts.back().pos, 0));
      fail(label, starts.back().line + 1,
           "YAML syntax error: unexpected '" + (at < text.size() ? text.substr(at, 1) : std::string()) + "'");
    }
  }
  if (documents.starts.size() > 1) {
    const auto& second = documents.roots.size() > 1 ? documents.roots[1] : documents.starts[1];
    fail(label, second.line + 1, "only one YAML document is allowed in a config file");
  }
}

YAML::Node parse_document(const std::string& text, const std::string& label) {
  try {
    check_documents(text, label);
    return YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    // An error found at the end of input is marked on the line after the last one.
    const int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) +
                      (text.empty() || text.back() == '\n' ? 0 : 1);
    const int line = e.mark.line < 0 ? 0 : std::min(e.mark.line + 1, std::max(lines, 1));
    fail(label, line, "YAML syntax error: " + e.msg);
  }
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
    read_access(root, config);
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
